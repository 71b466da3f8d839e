/* test_brown.c: Brown clusters on a toy text. */
#include <ctype.h>
#include <stdarg.h>

#include "brown.h"
#include "tap.h"

static void
feed(struct ns_brown *b, const char *line)
{
	char w[64];
	const char *p = line, *q;
	size_t k;
	int how;

	for (;;) {
		q = strchr(p, ' ');
		if (q == NULL)
			q = p + strlen(p);
		memcpy(w, p, (size_t)(q - p));
		/* A line is a sentence; words are keyed in lower case. */
		how = p == line ? NS_BROWN_INITIAL : isupper((unsigned char)*w) ?
		    NS_BROWN_CAPITAL : NS_BROWN_LOWER;
		for (k = 0; k < (size_t)(q - p); k++)
			w[k] = (char)tolower((unsigned char)w[k]);
		ns_brown_add(b, w, (size_t)(q - p), how);
		if (*q == '\0')
			break;
		p = q + 1;
	}
	ns_brown_add(b, "", 0, NS_BROWN_INITIAL);
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The path of word w in the output, into path. */
static int
pathof(const struct ns_buf *out, const char *w, char *path)
{
	const char *p = out->p;
	char pat[80];

	snprintf(pat, sizeof(pat), "\t%s\t", w);
	if ((p = strstr(p, pat)) == NULL)
		return 0;
	while (p > out->p && p[-1] != '\n')
		p--;
	sscanf(p, "%31[01]", path);
	return 1;
}

int
main(void)
{
	struct ns_brown *b = ns_brown_new(3, 2);
	struct ns_buf out = NS_BUF_INIT;
	struct ns_error err;
	char p1[32], p2[32], p3[32];
	int i, lines = 0;
	size_t k;

	ok(ns_brown_run(b, &out, NULL, NULL, &err) == -1, "no text: error");
	ns_brown_free(b);
	b = ns_brown_new(3, 2);
	for (i = 0; i < 20; i++) {
		feed(b, "the cat sat on the mat");
		feed(b, "the dog sat on the rug");
		feed(b, "a cat lay on a mat");
		feed(b, "a dog lay on a rug");
	}
	feed(b, "rare");
	ok(ns_brown_run(b, &out, NULL, NULL, &err) == 0, "clusters");
	for (k = 0; k < out.len; k++)
		lines += out.p[k] == '\n';
	is_int(lines, 9, "nine words seen twice or more, one line each");
	ok(starts(strchr(out.p, '\t'), "\ton\t80\t80\t0\n") ||
	    starts(strchr(out.p, '\t'), "\tthe\t80\t40\t0\n") ||
	    starts(strchr(out.p, '\t'), "\ta\t80\t40\t0\n"),
	    "most frequent first, with its counts");
	ok(pathof(&out, "cat", p1) && pathof(&out, "dog", p2) &&
	    strcmp(p1, p2) == 0, "cat and dog share a cluster (%s)", p1);
	ok(pathof(&out, "mat", p1) && pathof(&out, "rug", p2) &&
	    strcmp(p1, p2) == 0, "mat and rug share a cluster (%s)", p1);
	ok(pathof(&out, "sat", p1) && pathof(&out, "cat", p3) &&
	    strcmp(p1, p3) != 0, "sat is elsewhere");
	ok(!pathof(&out, "rare", p1), "a word seen once is left out");
	ns_brown_free(b);

	/* How each word was written mid-sentence: MID and CAP. */
	b = ns_brown_new(2, 1);
	ns_buf_reset(&out);
	feed(b, "Rex met Ann and rex met ann");
	feed(b, "then Rex met Ann");
	ok(ns_brown_run(b, &out, NULL, NULL, &err) == 0, "clusters, cased");
	ok(strstr(out.p, "\trex\t3\t2\t1\n") != NULL,
	    "rex: 3 times, 2 mid-sentence, 1 of them capitalised");
	ok(strstr(out.p, "\tann\t3\t3\t2\n") != NULL,
	    "ann: 3 times, all mid-sentence, 2 capitalised");
	ok(strstr(out.p, "\tmet\t3\t3\t0\n") != NULL,
	    "met: never capitalised");
	ns_brown_free(b);
	ns_buf_free(&out);
	return tap_done();
}
