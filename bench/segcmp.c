/* segcmp.c: word segments by the fast path and by ICU alone, span by span. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/uclean.h>

#include "buf.h"
#include "seg.h"

static struct ns_seg *fast, *icu;
static long long ntexts, nbytes, nspans, ndiff;

/* Compare the segments of one text; report the first difference. */
static void
compare(const char *file, long lineno, const char *s, size_t n)
{
	struct ns_error err;
	struct ns_span a, b;
	int more, more2;

	ntexts++;
	nbytes += (long long)n;
	if (ns_seg_set_text(fast, s, n, &err) < 0 ||
	    ns_seg_set_text(icu, s, n, &err) < 0) {
		fprintf(stderr, "segcmp: %s:%ld: %s\n", file, lineno, err.msg);
		exit(2);
	}
	for (;;) {
		more = ns_seg_next(icu, &b);
		more2 = ns_seg_next(fast, &a);
		if (more != more2 || (more && (a.b0 != b.b0 ||
		    a.b1 != b.b1 || a.c0 != b.c0 || a.c1 != b.c1 ||
		    a.cls != b.cls))) {
			if (ndiff++ < 10)
				printf("segcmp: %s:%ld: byte %zu: fast "
				    "[%zu,%zu) class %d, ICU [%zu,%zu) class %d: "
				    "%.*s\n", file, lineno, b.b0, a.b0, a.b1,
				    a.cls, b.b0, b.b1, b.cls,
				    (int)(n - b.b0 < 60 ? n - b.b0 : 60),
				    s + b.b0);
			return;
		}
		if (!more)
			return;
		nspans++;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: segcmp [-lu] file ...\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const char tag[] = "# text = ";
	struct ns_buf whole = NS_BUF_INIT;
	struct ns_error err;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno;
	int ch, lflag = 0, uflag = 0, i;
	FILE *fp;

	while ((ch = getopt(argc, argv, "lu")) != -1)
		switch (ch) {
		case 'l':
			lflag = 1;
			break;
		case 'u':
			uflag = 1;
			break;
		default:
			usage();
		}
	if (optind == argc)
		usage();
	if ((fast = ns_seg_open(NS_SEG_WORD, "", &err)) == NULL ||
	    (icu = ns_seg_open(NS_SEG_WORD_ICU, "", &err)) == NULL) {
		fprintf(stderr, "segcmp: %s\n", err.msg);
		return 2;
	}
	for (i = optind; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 2;
		}
		ns_buf_reset(&whole);
		for (lineno = 1; (len = getline(&line, &cap, fp)) != -1;
		    lineno++) {
			if (uflag) {
				if (strncmp(line, tag, sizeof(tag) - 1) == 0)
					compare(argv[i], lineno,
					    line + sizeof(tag) - 1,
					    (size_t)len - (sizeof(tag) - 1) -
					    (line[len - 1] == '\n'));
			} else if (lflag)
				compare(argv[i], lineno, line, (size_t)len -
				    (line[len - 1] == '\n'));
			else
				ns_buf_add(&whole, line, (size_t)len);
		}
		if (!lflag && !uflag)
			compare(argv[i], 0, whole.p, whole.len);
		fclose(fp);
	}
	printf("segcmp: %lld texts, %lld bytes, %lld spans, %lld "
	    "differences\n", ntexts, nbytes, nspans, ndiff);
	free(line);
	ns_buf_free(&whole);
	ns_seg_close(fast);
	ns_seg_close(icu);
	u_cleanup();
	return ndiff > 0;
}
