/* shingle.c: normalised text into word or character shingle hashes. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "mix.h"
#include "norm.h"
#include "shingle.h"
#include "utf8.h"

/* Seeds keep word, character and number hashes apart. */
#define SEED_WORD	0x6e732d776f7264ULL
#define SEED_CHAR	0x6e732d63686172ULL
#define SEED_NUM	0x6e732d6e756d62ULL
#define SEED_EXACT	0x6e732d65786163ULL

enum cls { SEP, WORD, DIGIT, SKIP };

/* The table covers Latin, Greek, Cyrillic and the punctuation block. */
#define FOLDMAX		0x3000
#define UNSAFE		255

static enum cls	classify(int32_t c);

void
ns_shingler_init(struct ns_shingler *sh)
{
	struct ns_buf text = NS_BUF_INIT;
	char s[4];
	int32_t c;
	size_t n;

	memset(sh, 0, sizeof(*sh));
	sh->foldoff = ns_xmalloc(FOLDMAX * sizeof(*sh->foldoff));
	sh->foldlen = ns_xmalloc(FOLDMAX);
	sh->cls = ns_xmalloc(FOLDMAX);
	for (c = 0; c < FOLDMAX; c++) {
		sh->cls[c] = (unsigned char)classify(c);
		sh->foldoff[c] = (uint32_t)text.len;
		sh->foldlen[c] = UNSAFE;
		/* Hangul jamo compose with each other, marks with anything. */
		if ((c >= 0x1100 && c < 0x1200) || (c >= 0xd800 && c < 0xe000))
			continue;
		if (c >= 0x80 && (utf8proc_category(c) == UTF8PROC_CATEGORY_MN ||
		    utf8proc_category(c) == UTF8PROC_CATEGORY_MC ||
		    utf8proc_category(c) == UTF8PROC_CATEGORY_ME))
			continue;
		n = ns_utf8_encode(c, s);
		if (ns_norm(&text, s, n, NS_NFKC_CASEFOLD, NULL) == 0)
			sh->foldlen[c] = (unsigned char)(text.len -
			    sh->foldoff[c]);
	}
	sh->foldtext = text.p;
}

void
ns_shingler_free(struct ns_shingler *sh)
{
	ns_buf_free(&sh->norm);
	ns_buf_free(&sh->nfk);
	free(sh->hash);
	free(sh->num);
	free(sh->wstart);
	free(sh->wlen);
	free(sh->foldtext);
	free(sh->foldoff);
	free(sh->foldlen);
	free(sh->cls);
	memset(sh, 0, sizeof(*sh));
}

static enum cls
classify(int32_t c)
{
	if (c < 0x80) {
		if (c >= '0' && c <= '9')
			return DIGIT;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return WORD;
		return SEP;
	}
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_ND:
		return DIGIT;
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return WORD;
	case UTF8PROC_CATEGORY_CF:
		return SKIP;
	default:
		return SEP;
	}
}

static void
addword(struct ns_shingler *sh, size_t start, size_t len)
{
	if (sh->nwords == sh->wcap) {
		sh->wcap = sh->wcap ? sh->wcap * 2 : 256;
		sh->wstart = ns_xrealloc(sh->wstart,
		    sh->wcap * sizeof(*sh->wstart));
		sh->wlen = ns_xrealloc(sh->wlen, sh->wcap * sizeof(*sh->wlen));
	}
	sh->wstart[sh->nwords] = start;
	sh->wlen[sh->nwords] = len;
	sh->nwords++;
}

static void
addnum(struct ns_shingler *sh, uint64_t h)
{
	if (sh->nnum == sh->ncap) {
		sh->ncap = sh->ncap ? sh->ncap * 2 : 64;
		sh->num = ns_xrealloc(sh->num, sh->ncap * sizeof(*sh->num));
	}
	sh->num[sh->nnum++] = h;
}

/*
 * Split the normalised text into words, copying them into sh->norm
 * joined by single spaces.
 */
/* The word just completed is norm[start..]; digits says it is a number. */
static void
endword(struct ns_shingler *sh, size_t start, int digits)
{
	addword(sh, start, sh->norm.len - start);
	if (digits)
		addnum(sh, XXH3_64bits_withSeed(sh->norm.p + start,
		    sh->norm.len - start, SEED_NUM));
}

/*
 * Split the normalised text into words, copying them into sh->norm
 * joined by single spaces.  Runs of word characters are copied whole.
 */
static void
words(struct ns_shingler *sh, const char *s, size_t n)
{
	size_t i = 0, prev, start = 0, run = 0;
	int32_t c;
	enum cls k;
	int inword = 0, digits = 0;

	ns_buf_reserve(&sh->norm, n + 1);
	while (i < n) {
		prev = i;
		if ((unsigned char)s[i] < 0x80)
			c = (unsigned char)s[i++];
		else
			c = ns_utf8_next(s, n, &i);
		k = c < FOLDMAX ? (enum cls)sh->cls[c] : classify(c);
		if (k == WORD || k == DIGIT) {
			if (!inword) {
				if (sh->norm.len > 0)
					sh->norm.p[sh->norm.len++] = ' ';
				start = sh->norm.len;
				inword = digits = 1;
				run = prev;
			}
			if (k != DIGIT)
				digits = 0;
			continue;
		}
		/* A separator or a skipped character ends the current run. */
		if (inword) {
			memcpy(sh->norm.p + sh->norm.len, s + run, prev - run);
			sh->norm.len += prev - run;
			run = i;
		}
		if (k == SEP && inword) {
			endword(sh, start, digits);
			inword = 0;
		}
	}
	if (inword) {
		memcpy(sh->norm.p + sh->norm.len, s + run, n - run);
		sh->norm.len += n - run;
		endword(sh, start, digits);
	}
	sh->norm.p[sh->norm.len] = '\0';
}

static void
addhash(struct ns_shingler *sh, uint64_t h)
{
	if (sh->nhash == sh->hcap) {
		sh->hcap = sh->hcap ? sh->hcap * 2 : 256;
		sh->hash = ns_xrealloc(sh->hash, sh->hcap * sizeof(*sh->hash));
	}
	sh->hash[sh->nhash++] = h;
}

static uint64_t
rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static void
wordshingles(struct ns_shingler *sh)
{
	uint64_t *wh, h;
	size_t i, j;

	wh = ns_xmalloc(sh->nwords * sizeof(*wh));
	for (i = 0; i < sh->nwords; i++)
		wh[i] = XXH3_64bits_withSeed(sh->norm.p + sh->wstart[i],
		    sh->wlen[i], SEED_WORD);
	for (i = 0; i + NS_SHINGLE_WORDS <= sh->nwords; i++) {
		h = 0;
		for (j = 0; j < NS_SHINGLE_WORDS; j++)
			h = rotl(h, 23) ^ wh[i + j];
		addhash(sh, ns_mix64(h));
	}
	free(wh);
}

static void
charshingles(struct ns_shingler *sh)
{
	const char *p = sh->norm.p;
	size_t n = sh->norm.len, lo = 0, hi = 0, k = 0;

	/* [lo, hi) spans NS_SHINGLE_CHARS code points once k reaches it. */
	while (hi < n && k < NS_SHINGLE_CHARS) {
		(void)ns_utf8_next(p, n, &hi);
		k++;
	}
	addhash(sh, XXH3_64bits_withSeed(p, hi, SEED_CHAR));
	while (hi < n) {
		(void)ns_utf8_next(p, n, &hi);
		(void)ns_utf8_next(p, n, &lo);
		addhash(sh, XXH3_64bits_withSeed(p + lo, hi - lo, SEED_CHAR));
	}
}

/* Sort v[0..n) (LSD radix sort, 8 bits a pass) and drop repeats. */
static size_t
uniq(uint64_t *v, size_t n)
{
	uint64_t *tmp, *src = v, *dst, *t;
	uint64_t key;
	size_t cnt[256], i, m = 0, sum, x;
	int pass;

	if (n < 2)
		return n;
	if (n <= 64) {
		/* Short texts: an insertion sort beats eight passes. */
		for (i = 1; i < n; i++) {
			key = v[i];
			for (x = i; x > 0 && v[x - 1] > key; x--)
				v[x] = v[x - 1];
			v[x] = key;
		}
		goto dedup;
	}
	tmp = ns_xmalloc(n * sizeof(*tmp));
	dst = tmp;
	for (pass = 0; pass < 64; pass += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[(src[i] >> pass) & 0xff]++;
		for (sum = 0, i = 0; i < 256; i++) {
			x = cnt[i];
			cnt[i] = sum;
			sum += x;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(src[i] >> pass) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	/* An even number of passes: the sorted data is back in v. */
	free(tmp);
dedup:
	for (i = 1; i < n; i++)
		if (v[i] != v[m])
			v[++m] = v[i];
	return m + 1;
}

/*
 * NFKC case folding code point by code point, from the table: the same
 * as the whole-string normaliser for text without combining marks and
 * without code points from U+0800 on.  Returns 0, or -1 for text that
 * needs the whole-string normaliser.
 */
static int
fold(struct ns_shingler *sh, const char *s, size_t n)
{
	struct ns_buf *b = &sh->nfk;
	size_t i = 0, k;
	int32_t c;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80)
			c = (unsigned char)s[i++];
		else
			c = ns_utf8_next(s, n, &i);
		if (c >= FOLDMAX || sh->foldlen[c] == UNSAFE)
			return -1;
		k = sh->foldlen[c];
		if (b->len + k + 1 > b->cap)
			ns_buf_reserve(b, k + n - i + 64);
		memcpy(b->p + b->len, sh->foldtext + sh->foldoff[c], k);
		b->len += k;
	}
	if (b->p != NULL)
		b->p[b->len] = '\0';
	return 0;
}

int
ns_shingle(struct ns_shingler *sh, const char *s, size_t n,
    struct ns_error *err)
{
	ns_buf_reset(&sh->norm);
	ns_buf_reset(&sh->nfk);
	sh->nhash = sh->nnum = sh->nwords = 0;
	sh->chars = 0;
	if (fold(sh, s, n) == -1) {
		ns_buf_reset(&sh->nfk);
		if (ns_norm(&sh->nfk, s, n, NS_NFKC_CASEFOLD, err) == -1)
			return -1;
	}
	words(sh, sh->nfk.p, sh->nfk.len);
	sh->exact = XXH3_64bits_withSeed(sh->norm.p, sh->norm.len,
	    SEED_EXACT);
	if (sh->nwords == 0)
		return 0;
	if (sh->nwords >= NS_SHINGLE_MINWORDS) {
		wordshingles(sh);
	} else {
		sh->chars = 1;
		charshingles(sh);
	}
	sh->nhash = uniq(sh->hash, sh->nhash);
	sh->nnum = uniq(sh->num, sh->nnum);
	return 0;
}
