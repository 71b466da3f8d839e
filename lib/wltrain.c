/* wltrain.c: learn ns-split's word lists from plain text per language. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "strmap.h"
#include "utf8.h"
#include "wltrain.h"
#include "wordlist.h"
#include "words.h"

#define MAXWORD		64	/* bytes; longer words are not counted */
#define STOPMIN		20	/* inner occurrences to judge a stop word */
#define STOPLOWER	0.9	/* share written in lower case inside lines */
#define PUNKT_SCORE	0.3	/* Kiss & Strunk's abbreviation threshold */
#define PREFIXMIN	8	/* "им. Ленина": capitalised followers ... */
#define PREFIXSTOP	0.1	/* ... of which at most this share stop words */

/* What one word type does in the training text. */
struct typestat {
	long	total;		/* occurrences */
	long	inner;		/* not the first word of a line */
	long	innerlow;	/* of those, written all in lower case */
	long	caps;		/* written all in capitals, 2 letters or more */
	long	period;		/* followed by a final period */
	long	pend;		/* of those, at the end of a line */
	long	pinline;	/* of those, inside a line */
	long	pupper;		/* of those, the next word capitalised */
	long	pupstop;	/* of those, a stop word (second pass) */
	long	plow;		/* inside, followed by anything else */
	long	pnum;		/* with a period, after a number */
	long	pnumend;	/* of those, at the end of a line */
};

struct tlang {
	char		 name[16];
	struct ns_buf	 text;		/* the lines, each ending in '\n' */
	struct ns_strmap *types;	/* folded word -> st[] */
	struct typestat	*st;
	size_t		 cap;
	long		 ntok, nperiod;
	struct ns_strmap *stop;		/* the stop words chosen */
	struct ns_strmap *seen;		/* hashes of the lines kept */
	struct ns_strmap *prefixes;	/* listed prefix abbreviations */
};

struct ns_wltrain {
	struct tlang	lang[NS_WL_MAXLANG];
	int		nlang;
};

struct ns_wltrain *
ns_wltrain_new(void)
{
	return ns_xcalloc(1, sizeof(struct ns_wltrain));
}

void
ns_wltrain_free(struct ns_wltrain *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nlang; i++) {
		ns_buf_free(&t->lang[i].text);
		ns_strmap_free(t->lang[i].types);
		ns_strmap_free(t->lang[i].stop);
		ns_strmap_free(t->lang[i].seen);
		ns_strmap_free(t->lang[i].prefixes);
		free(t->lang[i].st);
	}
	free(t);
}

static struct tlang *
getlang(struct ns_wltrain *t, const char *name, struct ns_error *err)
{
	struct tlang *l;
	int i;

	for (i = 0; i < t->nlang; i++)
		if (strcmp(t->lang[i].name, name) == 0)
			return &t->lang[i];
	if (t->nlang == NS_WL_MAXLANG || strlen(name) == 0 ||
	    strlen(name) >= sizeof(l->name)) {
		ns_error_set(err, "too many languages or bad code: %s", name);
		return NULL;
	}
	l = &t->lang[t->nlang++];
	strcpy(l->name, name);
	l->types = ns_strmap_new();
	l->stop = ns_strmap_new();
	l->seen = ns_strmap_new();
	l->prefixes = ns_strmap_new();
	return l;
}

int
ns_wltrain_prefixes(struct ns_wltrain *t, const char *p, size_t n,
    struct ns_error *err)
{
	struct tlang *l = NULL;
	const char *end = p + n, *eol, *w;
	char name[16];
	size_t len;
	long lineno = 0;

	for (; p < end; p = eol + (eol < end)) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		lineno++;
		if (eol == p || *p == '#')
			continue;
		if (eol - p > 5 && memcmp(p, "lang ", 5) == 0) {
			len = (size_t)(eol - p - 5);
			if (len >= sizeof(name)) {
				ns_error_set(err, "line %ld: bad language",
				    lineno);
				return -1;
			}
			memcpy(name, p + 5, len);
			name[len] = '\0';
			if ((l = getlang(t, name, err)) == NULL)
				return -1;
			continue;
		}
		if (l == NULL || eol - p < 7 || memcmp(p, "prefix ", 7) != 0) {
			ns_error_set(err, "line %ld: \"lang CODE\" or "
			    "\"prefix WORD...\" expected", lineno);
			if (err != NULL)
				err->line = lineno;
			return -1;
		}
		for (w = p + 7; w < eol; w += len) {
			while (w < eol && *w == ' ')
				w++;
			len = 0;
			while (w + len < eol && w[len] != ' ')
				len++;
			if (len > 0)
				ns_strmap_add(l->prefixes, w, len);
		}
	}
	return 0;
}

int
ns_wltrain_line(struct ns_wltrain *t, const char *lang, const char *s,
    size_t n, struct ns_error *err)
{
	struct tlang *l = getlang(t, lang, err);
	uint64_t h;
	long before;

	if (l == NULL)
		return -1;
	/* Repeated lines (reposts, boilerplate) would skew the counts. */
	h = XXH3_64bits(s, n);
	before = ns_strmap_size(l->seen);
	if (ns_strmap_add(l->seen, (const char *)&h, sizeof(h)) < before)
		return 0;
	/* Kept for two passes: the second knows the stop words. */
	ns_buf_add(&l->text, s, n);
	ns_buf_addc(&l->text, '\n');
	return 0;
}

static struct typestat *
typestat_of(struct tlang *l, const char *w, size_t n)
{
	long idx = ns_strmap_add(l->types, w, n);

	if ((size_t)idx >= l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		l->st = ns_xrealloc(l->st, l->cap * sizeof(*l->st));
		memset(l->st + idx, 0, (l->cap - (size_t)idx) * sizeof(*l->st));
	}
	return &l->st[idx];
}

/*
 * What follows the period at s[i]: 0 end of line, 1 a capitalised word
 * (its first byte in *at), 2 anything else (lower case, digit, comma).
 */
static int
follower(const char *s, size_t n, size_t i, size_t *at)
{
	enum ns_cp_class k;
	size_t j;
	int32_t c;

	while (i < n) {
		j = i;
		c = ns_utf8_next(s, n, &j);
		k = ns_cp_class(c);
		if (c == ',' || c == ';' || c == ':')
			return 2;
		if (k == NS_CP_UPPER) {
			*at = i;
			return 1;
		}
		if (k != NS_CP_SPACE && k != NS_CP_PUNCT)
			return 2;
		i = j;
	}
	return 0;
}

/* Whether a number ends just before byte b, white space between. */
static int
afternumber(const char *s, size_t b)
{
	enum ns_cp_class k;
	size_t j = b;

	while (j > 0) {
		k = ns_cp_class(ns_words_prev(s, &j));
		if (k == NS_CP_DIGIT)
			return j + 1 < b;	/* not glued to the word */
		if (k != NS_CP_SPACE)
			return 0;
	}
	return 0;
}

/* Whether the lower-cased word at s[b..] is one of l's stop words. */
static int
stopword(const struct tlang *l, const char *s, size_t n, size_t b)
{
	struct ns_word w;
	char low[MAXWORD];
	size_t pos = b, len;

	if (!ns_words_next(s, n, &pos, &w) || w.b0 != b)
		return 0;
	len = ns_words_fold(s + w.b0, w.b1 - w.b0, low, sizeof(low));
	return len > 0 && ns_strmap_find(l->stop, low, len) >= 0;
}

/*
 * Count one line.  The first pass counts everything but pupstop, which
 * the second pass counts once the stop words are known.
 */
static void
countline(struct tlang *l, const char *s, size_t n, int pass)
{
	struct typestat *ts;
	struct ns_word w;
	char low[MAXWORD];
	size_t pos = 0, len, j, at = 0;
	enum ns_cp_class k;
	int32_t c;
	int first = 1, hasdot, f;

	for (; ns_words_next(s, n, &pos, &w); first = 0) {
		/* A word glued to a digit or a period is not a word here. */
		if (w.b0 > 0) {
			j = w.b0;
			c = ns_words_prev(s, &j);
			if (c == '.' || ns_cp_class(c) == NS_CP_DIGIT)
				continue;
		}
		len = ns_words_fold(s + w.b0, w.b1 - w.b0, low, sizeof(low));
		if (len == 0)
			continue;
		/* "abbr." : a period not followed by a letter, digit or '.'. */
		hasdot = w.b1 < n && s[w.b1] == '.';
		if (hasdot && w.b1 + 1 < n) {
			j = w.b1 + 1;
			k = ns_cp_class(ns_utf8_next(s, n, &j));
			if (s[w.b1 + 1] == '.' || ns_cp_isletter(k) ||
			    k == NS_CP_DIGIT)
				hasdot = 0;
		}
		ts = typestat_of(l, low, len);
		f = hasdot ? follower(s, n, w.b1 + 1, &at) : -1;
		if (pass == 2) {
			if (f == 1 && stopword(l, s, n, at))
				ts->pupstop++;
			continue;
		}
		ts->total++;
		l->ntok++;
		if (!first) {
			ts->inner++;
			if (w.flags & NS_W_LOWER)
				ts->innerlow++;
		}
		if ((w.flags & NS_W_UPPER) && w.nchars > 1)
			ts->caps++;
		if (!hasdot)
			continue;
		l->nperiod++;
		ts->period++;
		if (afternumber(s, w.b0)) {
			ts->pnum++;
			ts->pnumend += f == 0;
		}
		if (f == 0)
			ts->pend++;
		else {
			ts->pinline++;
			if (f == 1)
				ts->pupper++;
			else
				ts->plow++;
		}
	}
}

static void
countall(struct tlang *l, int pass)
{
	const char *s = l->text.p, *nl;
	size_t i = 0, len;

	while (i < l->text.len) {
		nl = memchr(s + i, '\n', l->text.len - i);
		len = (size_t)(nl - (s + i));
		countline(l, s + i, len, pass);
		i += len + 1;
	}
}

/*
 * Dunning's log-likelihood that a type with a occurrences, ab of them
 * with a period, takes the period far more often than the b period
 * tokens among all n suggest (Punkt's test, p = 0.99 under H1).
 */
static double
dunning(double a, double b, double ab, double n)
{
	double p1 = b / n, p2 = 0.99, h0, h1;

	h0 = ab * log(p1) + (a - ab) * log(1 - p1);
	h1 = ab * log(p2) + (a - ab) * log(1 - p2);
	return -2 * (h0 - h1);
}

/* Letters of type w[0..n), periods not counted. */
static size_t
letters(const char *w, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n)
		count += ns_utf8_next(w, n, &i) != '.';
	return count;
}

/* Punkt's abbreviation score of type w with statistics ts. */
static double
punkt(const struct tlang *l, const char *w, size_t n,
    const struct typestat *ts)
{
	double nletters = (double)letters(w, n);
	double periods = 1;
	size_t i;

	for (i = 0; i < n; i++)
		periods += w[i] == '.';
	return dunning((double)ts->total, (double)l->nperiod,
	    (double)ts->period, (double)l->ntok) * exp(-nletters) * periods *
	    pow(nletters, -(double)(ts->total - ts->period));
}

static const struct tlang *sortlang;

static int
bycount(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	long cx = sortlang->st[x].total, cy = sortlang->st[y].total;

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(ns_strmap_key(sortlang->types, x, NULL),
	    ns_strmap_key(sortlang->types, y, NULL));
}

static int
bykey(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return strcmp(ns_strmap_key(sortlang->types, x, NULL),
	    ns_strmap_key(sortlang->types, y, NULL));
}

static int
bylangname(const void *a, const void *b)
{
	return strcmp(((const struct tlang *)a)->name,
	    ((const struct tlang *)b)->name);
}

/* Whether the last letter of w[0..n) is a vowel (Latin or Cyrillic). */
static int
endsinvowel(const char *w, size_t n)
{
	static const int32_t vowels[] = {
		'a', 'e', 'i', 'o', 'u', 'y', 0x430, 0x435, 0x451, 0x438,
		0x43E, 0x443, 0x44B, 0x44D, 0x44E, 0x44F, 0x456, 0x457, 0x454,
		0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xFD, 0x11B, 0x16F, 0
	};
	size_t j = n;
	int32_t c = ns_words_prev(w, &j);
	int i;

	for (i = 0; vowels[i] != 0; i++)
		if (c == vowels[i])
			return 1;
	return 0;
}

/*
 * Whether type w with statistics ts is an abbreviation: Punkt's type
 * test, or a word that is otherwise common but, with a period, is always
 * followed by a name (им. Ленина).  Acronyms (ЕС.) are not; a type that
 * ends in a vowel needs to be seen inside a sentence (truncations end in
 * a consonant: проф., ул.).
 */
static int
isabbr(const struct tlang *l, const char *w, size_t n,
    const struct typestat *ts, long mincount)
{
	long names = ts->pupper - ts->pupstop;
	size_t nletters = letters(w, n);

	if (ts->period < mincount || (ts->caps * 2 > ts->total &&
	    nletters > 1))
		return 0;
	/* A name (Дъблин.) is capitalised inside sentences too. */
	if (nletters >= 4 && ts->innerlow * 10 < ts->inner)
		return 0;
	/* им.: a common word, but with a period only before names. */
	if (names >= PREFIXMIN && ts->pupstop <= PREFIXSTOP * ts->pupper &&
	    ts->pend * 10 <= ts->period && ts->period * 20 <= ts->total)
		return 1;
	if (punkt(l, w, n, ts) < PUNKT_SCORE)
		return 0;
	if (endsinvowel(w, n) && nletters > 1 && memchr(w, '.', n) == NULL)
		return ts->plow >= 2;
	/* Seen inside sentences, or mostly before capitals (проф. Иванов). */
	return ts->plow >= 1 ||
	    (ts->pupper >= mincount && ts->pend * 2 <= ts->period);
}

static double
share(long part, long whole)
{
	return whole > 0 ? (double)part / (double)whole : 0.0;
}

static void
writelang(struct tlang *l, struct ns_buf *out, int nstop, long mincount)
{
	long ntypes, i, k, nabbr = 0;
	long *idx;
	const struct typestat *ts;
	const char *w;
	size_t len;
	int nout = 0;

	countall(l, 1);
	ntypes = ns_strmap_size(l->types);
	idx = ns_xmalloc((size_t)(ntypes + 1) * sizeof(*idx));
	ns_buf_printf(out, "lang %s\n", l->name);
	for (i = 0; i < ntypes; i++)
		idx[i] = i;
	sortlang = l;
	qsort(idx, (size_t)ntypes, sizeof(*idx), bycount);
	for (i = 0; i < ntypes && nout < nstop; i++) {
		ts = &l->st[idx[i]];
		if (ts->inner < STOPMIN ||
		    (double)ts->innerlow < STOPLOWER * (double)ts->inner)
			continue;
		w = ns_strmap_key(l->types, idx[i], &len);
		ns_strmap_add(l->stop, w, len);
		ns_buf_printf(out, "stop %s\n", w);
		nout++;
	}
	countall(l, 2);
	for (i = 0; i < ntypes; i++) {
		w = ns_strmap_key(l->types, i, &len);
		if (isabbr(l, w, len, &l->st[i], mincount))
			idx[nabbr++] = i;
	}
	qsort(idx, (size_t)nabbr, sizeof(*idx), bykey);
	for (k = 0; k < nabbr; k++) {
		ts = &l->st[idx[k]];
		ns_buf_printf(out, "abbr %s %.3f %.3f %ld %.3f %ld\n",
		    ns_strmap_key(l->types, idx[k], NULL),
		    share(ts->pend, ts->period), share(ts->pupper, ts->pinline),
		    ts->period, share(ts->pnumend, ts->pnum), ts->pnum);
	}
	/*
	 * Listed prefixes the text was too thin for: never a sentence end,
	 * a capital after them is a name (count 0 marks them as listed).
	 */
	for (i = 0; i < ns_strmap_size(l->prefixes); i++) {
		w = ns_strmap_key(l->prefixes, i, &len);
		for (k = 0; k < nabbr; k++)
			if (ns_strmap_find(l->types, w, len) == idx[k])
				break;
		if (k == nabbr)
			ns_buf_printf(out, "abbr %s 0.000 1.000 0 0.000 0\n", w);
	}
	free(idx);
}

void
ns_wltrain_write(struct ns_wltrain *t, struct ns_buf *out, int nstop,
    long mincount, const char *source)
{
	int i;

	ns_buf_adds(out, "# ns-split word lists, written by ns-split train; "
	    "do not edit.\n# Per language: stop words, most frequent first; "
	    "abbreviations (word,\n# share ending a sentence, share followed "
	    "by a capital inside one,\n# count, the same share and count "
	    "after a number).\n");
	if (source != NULL)
		ns_buf_printf(out, "# source: %s\n", source);
	ns_buf_printf(out, "# %d stop words; abbreviations seen %ld times or "
	    "more\n", nstop, mincount);
	qsort(t->lang, (size_t)t->nlang, sizeof(t->lang[0]), bylangname);
	for (i = 0; i < t->nlang; i++)
		writelang(&t->lang[i], out, nstop, mincount);
}
