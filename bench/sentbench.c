/* sentbench.c: sentence boundary precision and recall, ns-split vs bare ICU. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "buf.h"
#include "sent.h"
#include "wordlist.h"

/*
 * Gold data: a CoNLL-U file (sentences from "# text =", paragraphs from
 * "# newpar" and "# newdoc", no space after a sentence whose last token
 * has SpaceAfter=No), or a plain file of one sentence a line with blank
 * lines between paragraphs ('#' lines are comments).  Sentences of a
 * paragraph are joined with a space; only boundaries inside paragraphs
 * count, since ns-split takes paragraph breaks from blank lines.
 */

struct para {
	struct ns_buf	 text;
	size_t		*gold;		/* byte offsets of sentence starts */
	size_t		 ngold, cap;
	int		 nospace;	/* no space before the next sentence */
};

struct corpus {
	struct para	*p;
	size_t		 n, cap;
};

struct counts {
	long	tp, fp, fn;
};

static int	showerr, always;

static struct para *
newpara(struct corpus *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->p = ns_xrealloc(c->p, c->cap * sizeof(*c->p));
	}
	memset(&c->p[c->n], 0, sizeof(c->p[0]));
	return &c->p[c->n++];
}

static void
addsent(struct corpus *c, int newpar, const char *s, size_t n)
{
	struct para *p;

	if (newpar || c->n == 0)
		p = newpara(c);
	else
		p = &c->p[c->n - 1];
	if (p->text.len > 0) {
		if (!p->nospace)
			ns_buf_addc(&p->text, ' ');
		if (p->ngold == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 16;
			p->gold = ns_xrealloc(p->gold, p->cap * sizeof(size_t));
		}
		p->gold[p->ngold++] = p->text.len;
	}
	ns_buf_add(&p->text, s, n);
	p->nospace = 0;
}

static int
readfile(const char *path, struct corpus *c)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *tab;
	size_t cap = 0, len;
	ssize_t got;
	int conllu, newpar = 1, nospace = 0, col;
	long rangeend = 0, id;

	if (fp == NULL) {
		fprintf(stderr, "sentbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	len = strlen(path);
	conllu = len > 7 && strcmp(path + len - 7, ".conllu") == 0;
	while ((got = getline(&line, &cap, fp)) >= 0) {
		len = (size_t)got;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!conllu) {
			if (len == 0)
				newpar = 1;
			else if (line[0] != '#') {
				addsent(c, newpar, line, len);
				newpar = 0;
			}
			continue;
		}
		if (strncmp(line, "# newdoc", 8) == 0 ||
		    strncmp(line, "# newpar", 8) == 0)
			newpar = 1;
		else if (strncmp(line, "# text = ", 9) == 0) {
			addsent(c, newpar, line + 9, len - 9);
			newpar = 0;
		} else if (len == 0) {
			if (c->n > 0)
				c->p[c->n - 1].nospace = nospace;
			rangeend = 0;
		} else if (line[0] >= '0' && line[0] <= '9') {
			id = strtol(line, &tab, 10);
			if (*tab == '.')
				continue;
			if (*tab == '-')
				rangeend = strtol(tab + 1, NULL, 10);
			else if (id <= rangeend)
				continue;
			/* MISC is the tenth column. */
			for (col = 1, tab = line; col < 10 && tab != NULL; col++)
				if ((tab = strchr(tab, '\t')) != NULL)
					tab++;
			nospace = tab != NULL &&
			    strstr(tab, "SpaceAfter=No") != NULL;
		}
	}
	free(line);
	fclose(fp);
	return 0;
}

static void
context(const char *what, const struct para *p, size_t b)
{
	size_t from = b > 60 ? b - 60 : 0, to = b + 40;

	if (to > p->text.len)
		to = p->text.len;
	/* Stay on UTF-8 sequence starts. */
	while (from > 0 && (p->text.p[from] & 0xC0) == 0x80)
		from--;
	while (to < p->text.len && (p->text.p[to] & 0xC0) == 0x80)
		to++;
	printf("%s\t%.*s|%.*s\n", what, (int)(b - from), p->text.p + from,
	    (int)(to - b), p->text.p + b);
}

static int
score(struct ns_sent *st, int lang, const struct corpus *c, struct counts *k,
    int show)
{
	const struct ns_span *sp;
	struct ns_error err;
	size_t i, j, g, nsp;

	for (i = 0; i < c->n; i++) {
		const struct para *p = &c->p[i];

		if (ns_sent_split(st, lang, p->text.p, p->text.len, &sp, &nsp,
		    &err) < 0) {
			fprintf(stderr, "sentbench: %s\n", err.msg);
			return -1;
		}
		/* Compare sentence starts after the first with gold. */
		for (j = 1, g = 0; j < nsp || g < p->ngold;) {
			size_t sb = j < nsp ? sp[j].b0 : (size_t)-1;
			size_t gb = g < p->ngold ? p->gold[g] : (size_t)-1;

			if (sb == gb) {
				k->tp++;
				j++;
				g++;
			} else if (sb < gb) {
				k->fp++;
				if (show)
					context("FP", p, sb);
				j++;
			} else {
				k->fn++;
				if (show)
					context("FN", p, gb);
				g++;
			}
		}
	}
	return 0;
}

static void
report(const char *name, const char *who, const struct counts *k)
{
	double p = k->tp + k->fp > 0 ? (double)k->tp / (k->tp + k->fp) : 0;
	double r = k->tp + k->fn > 0 ? (double)k->tp / (k->tp + k->fn) : 0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;

	printf("%-24s %-8s P %.4f  R %.4f  F1 %.4f  (tp %ld fp %ld fn %ld)\n",
	    name, who, p, r, f, k->tp, k->fp, k->fn);
}

static void
usage(void)
{
	fprintf(stderr, "usage: sentbench [-ae] "
	    "[-t stop,name,prefix,digit,lower,brackets] "
	    "file ...\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct ns_wordlist *wl;
	struct ns_sent *ns, *icu;
	struct ns_error err;
	struct corpus c;
	struct counts kn, ki;
	char code[16], locale[16];
	const char *base, *tune = NULL;
	size_t i, len;
	int ch, a, lang, rval = 0;

	while ((ch = getopt(argc, argv, "aet:")) != -1) {
		switch (ch) {
		case 'a':
			always = 1;
			break;
		case 'e':
			showerr = 1;
			break;
		case 't':
			tune = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	if ((wl = ns_wordlist_default(&err)) == NULL ||
	    (ns = ns_sent_open(wl, "", always ? NS_SENT_ALWAYSICU : 0,
	    &err)) == NULL) {
		fprintf(stderr, "sentbench: %s\n", err.msg);
		return 2;
	}
	if (tune != NULL) {
		struct ns_sent_tune *t = ns_sent_tune(ns);

		if (sscanf(tune, "%lf,%lf,%lf,%d,%d,%d", &t->pend_stop,
		    &t->pend_name, &t->pupper_prefix, &t->digit_starts,
		    &t->lower_after_strong, &t->brackets) != 6)
			usage();
	}
	for (a = 0; a < argc; a++) {
		memset(&c, 0, sizeof(c));
		if (readfile(argv[a], &c) < 0) {
			rval = 1;
			continue;
		}
		/* The language is the file name up to '_' or '.'. */
		base = strrchr(argv[a], '/');
		base = base != NULL ? base + 1 : argv[a];
		len = strcspn(base, "_.");
		snprintf(code, sizeof(code), "%.*s", (int)len, base);
		snprintf(locale, sizeof(locale), "%s", code);
		/* As ns-split does: guess from the text (here, the file's). */
		{
			struct ns_buf all = NS_BUF_INIT;

			for (i = 0; i < c.n && all.len < 65536; i++) {
				ns_buf_add(&all, c.p[i].text.p, c.p[i].text.len);
				ns_buf_addc(&all, '\n');
			}
			lang = ns_wordlist_guess(wl, all.p, all.len);
			ns_buf_free(&all);
		}
		if ((icu = ns_sent_open(wl, locale, NS_SENT_ICU, &err)) ==
		    NULL) {
			fprintf(stderr, "sentbench: %s\n", err.msg);
			return 2;
		}
		memset(&kn, 0, sizeof(kn));
		memset(&ki, 0, sizeof(ki));
		if (score(ns, lang, &c, &kn, showerr) < 0 ||
		    score(icu, lang, &c, &ki, 0) < 0)
			rval = 1;
		report(base, "ns-split", &kn);
		report(base, "icu", &ki);
		if (lang < 0 || strcmp(ns_wordlist_langname(wl, lang), code))
			printf("%-24s (language guessed: %s)\n", base,
			    ns_wordlist_langname(wl, lang));
		ns_sent_close(icu);
		for (i = 0; i < c.n; i++) {
			ns_buf_free(&c.p[i].text);
			free(c.p[i].gold);
		}
		free(c.p);
	}
	ns_sent_close(ns);
	ns_wordlist_free(wl);
	u_cleanup();
	return rval;
}
