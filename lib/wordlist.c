/* wordlist.c: per-language stop words and abbreviations (ns-split's model). */
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "strmap.h"
#include "words.h"
#include "wordlist.h"

NS_EMBED(ns_split_words, "models/split-words.txt");

#define MAXWORD		64	/* bytes of the longest word looked up */
#define GUESSWORDS	3000	/* words read to guess the language */

struct ns_wordlist {
	int		 nlang;
	char		 lang[NS_WL_MAXLANG][16];
	struct ns_strmap *stop;		/* word -> stopmask[] */
	uint64_t	*stopmask;	/* bit i: a stop word of language i */
	struct ns_strmap *abbr;		/* language byte + word -> abbrs[] */
	struct ns_abbr	*abbrs;
	size_t		 stopcap, abbrcap;
};

struct ns_wordlist *
ns_wordlist_default(struct ns_error *err)
{
	return ns_wordlist_load((const char *)ns_split_words,
	    (size_t)(ns_split_words_end - ns_split_words), err);
}

void
ns_wordlist_free(struct ns_wordlist *wl)
{
	if (wl == NULL)
		return;
	ns_strmap_free(wl->stop);
	ns_strmap_free(wl->abbr);
	free(wl->stopmask);
	free(wl->abbrs);
	free(wl);
}

/* Split s[0..n) at white space into at most max fields. */
static int
fields(const char *s, size_t n, const char **f, size_t *flen, int max)
{
	size_t i = 0, j;
	int nf = 0;

	while (nf < max) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i >= n)
			break;
		for (j = i; j < n && s[j] != ' ' && s[j] != '\t' &&
		    s[j] != '\r'; j++)
			;
		f[nf] = s + i;
		flen[nf++] = j - i;
		i = j;
	}
	return nf;
}

static int
is(const char *f, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(f, word, n) == 0;
}

/* Parse a number in [0, max] from f[0..n); -1 on error. */
static double
number(const char *f, size_t n, double max)
{
	char tmp[32], *end;
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, f, n);
	tmp[n] = '\0';
	v = strtod(tmp, &end);
	if (*end != '\0' || !(v >= 0 && v <= max))
		return -1;
	return v;
}

/* Key of word w in language lang for the abbreviation map. */
static size_t
abbrkey(char *key, int lang, const char *w, size_t n)
{
	if (n + 1 > MAXWORD)
		return 0;
	key[0] = (char)(lang + 1);
	memcpy(key + 1, w, n);
	return n + 1;
}

static int
addline(struct ns_wordlist *wl, const char **f, size_t *fl, int nf,
    struct ns_error *err)
{
	char key[MAXWORD];
	size_t klen;
	long idx;
	double v[5];
	int i;
	int cur = wl->nlang - 1;

	if (is(f[0], fl[0], "lang") && nf == 2) {
		if (wl->nlang == NS_WL_MAXLANG || fl[1] == 0 ||
		    fl[1] >= sizeof(wl->lang[0])) {
			ns_error_set(err, "too many languages or bad code");
			return -1;
		}
		memcpy(wl->lang[wl->nlang], f[1], fl[1]);
		wl->lang[wl->nlang++][fl[1]] = '\0';
		return 0;
	}
	if (cur < 0) {
		ns_error_set(err, "\"lang\" expected");
		return -1;
	}
	if (is(f[0], fl[0], "stop") && nf == 2) {
		idx = ns_strmap_add(wl->stop, f[1], fl[1]);
		if ((size_t)idx >= wl->stopcap) {
			wl->stopcap = wl->stopcap ? wl->stopcap * 2 : 1024;
			wl->stopmask = ns_xrealloc(wl->stopmask,
			    wl->stopcap * sizeof(*wl->stopmask));
			memset(wl->stopmask + idx, 0,
			    (wl->stopcap - (size_t)idx) * sizeof(*wl->stopmask));
		}
		wl->stopmask[idx] |= (uint64_t)1 << cur;
		return 0;
	}
	if (is(f[0], fl[0], "abbr") && nf == 7) {
		for (i = 0; i < 5; i++)
			v[i] = number(f[i + 2], fl[i + 2], i == 2 || i == 4 ?
			    1e15 : 1);
		klen = abbrkey(key, cur, f[1], fl[1]);
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 ||
		    v[4] < 0 || klen == 0) {
			ns_error_set(err, "bad abbreviation entry");
			return -1;
		}
		idx = ns_strmap_add(wl->abbr, key, klen);
		if ((size_t)idx >= wl->abbrcap) {
			wl->abbrcap = wl->abbrcap ? wl->abbrcap * 2 : 1024;
			wl->abbrs = ns_xrealloc(wl->abbrs,
			    wl->abbrcap * sizeof(*wl->abbrs));
		}
		wl->abbrs[idx].pend = (float)v[0];
		wl->abbrs[idx].pupper = (float)v[1];
		wl->abbrs[idx].count = (long)v[2];
		wl->abbrs[idx].pendnum = (float)v[3];
		wl->abbrs[idx].countnum = (long)v[4];
		return 0;
	}
	ns_error_set(err, "unknown entry \"%.*s\"", (int)fl[0], f[0]);
	return -1;
}

struct ns_wordlist *
ns_wordlist_load(const char *p, size_t n, struct ns_error *err)
{
	struct ns_wordlist *wl = ns_xcalloc(1, sizeof(*wl));
	struct ns_error lerr;
	const char *f[8], *nl;
	size_t fl[8], i = 0, len;
	long lineno = 0;
	int nf;

	wl->stop = ns_strmap_new();
	wl->abbr = ns_strmap_new();
	while (i < n) {
		nl = memchr(p + i, '\n', n - i);
		len = nl != NULL ? (size_t)(nl - (p + i)) : n - i;
		lineno++;
		nf = fields(p + i, len, f, fl, 8);
		if (nf > 0 && f[0][0] != '#' &&
		    addline(wl, f, fl, nf, &lerr) < 0) {
			ns_error_set(err, "word list line %ld: %s", lineno,
			    lerr.msg);
			if (err != NULL)
				err->line = lineno;
			ns_wordlist_free(wl);
			return NULL;
		}
		i += len + 1;
	}
	if (wl->nlang == 0) {
		ns_error_set(err, "word list has no languages");
		ns_wordlist_free(wl);
		return NULL;
	}
	return wl;
}

int
ns_wordlist_nlang(const struct ns_wordlist *wl)
{
	return wl->nlang;
}

const char *
ns_wordlist_langname(const struct ns_wordlist *wl, int lang)
{
	return lang >= 0 && lang < wl->nlang ? wl->lang[lang] : "und";
}

int
ns_wordlist_lang(const struct ns_wordlist *wl, const char *s, size_t n)
{
	int i;

	for (i = 0; i < wl->nlang; i++)
		if (strlen(wl->lang[i]) == n && memcmp(wl->lang[i], s, n) == 0)
			return i;
	return -1;
}

uint64_t
ns_wordlist_stopmask(const struct ns_wordlist *wl, const char *w, size_t n)
{
	long idx = ns_strmap_find(wl->stop, w, n);

	return idx < 0 ? 0 : wl->stopmask[idx];
}

int
ns_wordlist_isstop(const struct ns_wordlist *wl, int lang, const char *w,
    size_t n)
{
	if (lang < 0)
		return ns_wordlist_stopmask(wl, w, n) != 0;
	if (lang >= wl->nlang)
		return 0;
	return (ns_wordlist_stopmask(wl, w, n) >> lang) & 1;
}

const struct ns_abbr *
ns_wordlist_abbr(const struct ns_wordlist *wl, int lang, const char *w,
    size_t n)
{
	char key[MAXWORD];
	size_t klen;
	long idx;

	if (lang < 0 || lang >= wl->nlang ||
	    (klen = abbrkey(key, lang, w, n)) == 0)
		return NULL;
	idx = ns_strmap_find(wl->abbr, key, klen);
	return idx < 0 ? NULL : &wl->abbrs[idx];
}

void
ns_wordlist_vote(struct ns_langvote *v, uint64_t mask)
{
	double w;

	if (mask == 0)
		return;
	w = 1.0 / __builtin_popcountll(mask);
	while (mask != 0) {
		v->score[__builtin_ctzll(mask)] += w;
		mask &= mask - 1;
	}
}

int
ns_wordlist_winner(const struct ns_wordlist *wl, const struct ns_langvote *v)
{
	double best = 0;
	int i, lang = -1;

	for (i = 0; i < wl->nlang; i++) {
		if (v->score[i] > best) {
			best = v->score[i];
			lang = i;
		}
	}
	return best >= 1 ? lang : -1;
}

int
ns_wordlist_guess(const struct ns_wordlist *wl, const char *s, size_t n)
{
	struct ns_langvote v;
	char low[MAXWORD];
	struct ns_word w;
	size_t pos = 0, len;
	int nwords = 0;

	memset(&v, 0, sizeof(v));
	while (nwords++ < GUESSWORDS && ns_words_next(s, n, &pos, &w)) {
		len = ns_words_fold(s + w.b0, w.b1 - w.b0, low, sizeof(low));
		if (len > 0)
			ns_wordlist_vote(&v, ns_wordlist_stopmask(wl, low,
			    len));
	}
	return ns_wordlist_winner(wl, &v);
}
