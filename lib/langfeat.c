/* langfeat.c: text to language-ID features: words, scripts, n-gram hashes. */
#include <pthread.h>
#include <string.h>

#include <unicode/uscript.h>
#include <utf8proc.h>

#include "langfeat.h"

/*
 * Code points below TABSIZE (Latin, Greek, Cyrillic and their neighbours)
 * are classified from a table built once from utf8proc and ICU; the rest
 * ask them every time.
 */
#define TABSIZE		0x800
#define APOSTROPHE	0x27
#define MARK_BEGIN	0x02		/* word boundary marks in n-grams */
#define MARK_END	0x03

/* Classes beyond the scripts, for the iterator. */
#define CL_MARK		0x10		/* combining mark: part of a word */
#define CL_APOS		0x20		/* apostrophe: inside a word only */

static uint16_t		lowertab[TABSIZE];
static uint8_t		classtab[TABSIZE];
static pthread_once_t	once = PTHREAD_ONCE_INIT;

static int
classify(uint32_t c, uint32_t *lower)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;

	*lower = c;
	if (c == APOSTROPHE || c == 0x2019 || c == 0x02BC)
		return CL_APOS;
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CL_MARK;
	default:
		return NS_SCRIPT_NONE;
	}
	*lower = (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
	sc = uscript_getScript((UChar32)c, &st);
	if (U_FAILURE(st))
		return NS_SCRIPT_OTHER;
	switch (sc) {
	case USCRIPT_LATIN:
		return NS_SCRIPT_LATIN;
	case USCRIPT_CYRILLIC:
		return NS_SCRIPT_CYRILLIC;
	case USCRIPT_GREEK:
		return NS_SCRIPT_GREEK;
	case USCRIPT_COMMON:
	case USCRIPT_INHERITED:
		/* Modifier letters and the like: letters of no script. */
		return CL_MARK;
	default:
		return NS_SCRIPT_OTHER;
	}
}

static void
buildtab(void)
{
	uint32_t c, lower;

	for (c = 0; c < TABSIZE; c++) {
		classtab[c] = (uint8_t)classify(c, &lower);
		lowertab[c] = (uint16_t)(lower < TABSIZE ? lower : c);
	}
}

static inline int
lookup(uint32_t c, uint32_t *lower)
{
	if (c < TABSIZE) {
		*lower = lowertab[c];
		return classtab[c];
	}
	return classify(c, lower);
}

enum ns_script
ns_langfeat_class(uint32_t c, uint32_t *lower)
{
	int cl;

	pthread_once(&once, buildtab);
	cl = lookup(c, lower);
	if (cl == CL_APOS)
		*lower = APOSTROPHE;
	return cl < NS_SCRIPT_COUNT ? (enum ns_script)cl : NS_SCRIPT_NONE;
}

const char *
ns_script_name(enum ns_script s)
{
	static const char *const names[] = {
		"none", "Latin", "Cyrillic", "Greek", "other"
	};

	return (unsigned)s < NS_SCRIPT_COUNT ? names[s] : "none";
}

void
ns_langfeat_begin(struct ns_langfeat_iter *it, const char *s, size_t n)
{
	pthread_once(&once, buildtab);
	it->s = (const unsigned char *)s;
	it->n = n;
	it->i = 0;
	it->c = 0;
}

/*
 * Decode the code point at s[*i] and advance; an invalid sequence is one
 * U+FFFD per byte (a space to the word iterator).
 */
static inline __attribute__((always_inline)) uint32_t
decode(const unsigned char *s, size_t n, size_t *i)
{
	size_t k = *i;
	uint32_t c = s[k];

	if (c < 0x80) {
		*i = k + 1;
		return c;
	}
	if (c >= 0xC2 && c < 0xE0 && k + 1 < n && (s[k + 1] & 0xC0) == 0x80) {
		*i = k + 2;
		return ((c & 0x1F) << 6) | (s[k + 1] & 0x3F);
	}
	if (c >= 0xE0 && c < 0xF0 && k + 2 < n &&
	    (s[k + 1] & 0xC0) == 0x80 && (s[k + 2] & 0xC0) == 0x80) {
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[k + 1] & 0x3F) << 6) |
		    (s[k + 2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*i = k + 3;
			return c;
		}
	} else if (c >= 0xF0 && c < 0xF5 && k + 3 < n &&
	    (s[k + 1] & 0xC0) == 0x80 && (s[k + 2] & 0xC0) == 0x80 &&
	    (s[k + 3] & 0xC0) == 0x80) {
		c = ((c & 0x07) << 18) | ((uint32_t)(s[k + 1] & 0x3F) << 12) |
		    ((uint32_t)(s[k + 2] & 0x3F) << 6) | (s[k + 3] & 0x3F);
		if (c >= 0x10000 && c <= 0x10FFFF) {
			*i = k + 4;
			return c;
		}
	}
	*i = k + 1;
	return 0xFFFD;
}

int
ns_langfeat_next(struct ns_langfeat_iter *it, struct ns_langfeat_word *w)
{
	const unsigned char *s = it->s;
	size_t n = it->n, i = it->i, c = it->c, j, cj;
	size_t count[NS_SCRIPT_COUNT];
	uint32_t cp, lower, next;
	int cl, best;

	/* Skip to the first letter (a mark or apostrophe cannot start). */
	for (;;) {
		if (i >= n) {
			it->i = i;
			it->c = c;
			return 0;
		}
		j = i;
		cp = decode(s, n, &j);
		cl = lookup(cp, &lower);
		if (cl != NS_SCRIPT_NONE && cl < NS_SCRIPT_COUNT)
			break;
		i = j;
		c++;
	}
	memset(count, 0, sizeof(count));
	w->b0 = i;
	w->c0 = c;
	w->ncp = w->len = 0;
	for (;;) {
		if (cl == CL_APOS) {
			/* Only between letters: look at what follows. */
			if (j >= n)
				break;
			cj = j;
			next = decode(s, n, &cj);
			cl = lookup(next, &lower);
			if (cl == NS_SCRIPT_NONE || cl >= NS_SCRIPT_COUNT)
				break;
			lower = APOSTROPHE;
			cl = CL_MARK;
		} else if (cl == NS_SCRIPT_NONE)
			break;
		if (cl < NS_SCRIPT_COUNT)
			count[cl]++;
		if (w->ncp < NS_LANGFEAT_MAXWORD)
			w->cp[w->ncp++] = lower;
		w->len++;
		i = j;
		c++;
		if (i >= n)
			break;
		cp = decode(s, n, &j);
		cl = lookup(cp, &lower);
	}
	w->b1 = i;
	w->c1 = c;
	best = NS_SCRIPT_LATIN;
	for (cl = NS_SCRIPT_LATIN; cl < NS_SCRIPT_COUNT; cl++)
		if (count[cl] > count[best])
			best = cl;
	w->script = (enum ns_script)best;
	it->i = i;
	it->c = c;
	return 1;
}

#define FNV_PRIME	0x100000001B3ULL
#define SEED_NGRAM	0xCBF29CE484222325ULL
#define SEED_WORD	0x9E3779B97F4A7C15ULL
#define SEED_PAIR	0x2545F4914F6CDD1DULL
#define SEED_LEX	0xD6E8FEB86659FD93ULL

static inline uint32_t
finish(uint64_t h)
{
	uint32_t k;

	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	k = (uint32_t)(h >> 32);
	return k != 0 ? k : 1;
}

uint32_t
ns_langfeat_word_key(const struct ns_langfeat_word *w)
{
	uint64_t h = SEED_WORD;
	size_t i;

	for (i = 0; i < w->ncp; i++)
		h = (h ^ w->cp[i]) * FNV_PRIME;
	return finish(h ^ w->ncp);
}

uint32_t
ns_langfeat_pair_key(uint32_t first, uint32_t second)
{
	return finish((((uint64_t)first << 32) | second) ^ SEED_PAIR);
}

uint32_t
ns_langfeat_lex_key(uint32_t word)
{
	return finish((((uint64_t)word << 32) | word) ^ SEED_LEX);
}

size_t
ns_langfeat_ngrams(const struct ns_langfeat_word *w, int maxn, uint32_t *out)
{
	uint32_t pad[NS_LANGFEAT_MAXWORD + 2];
	size_t len = w->ncp + 2, i, k, nout = 0;
	uint64_t h;

	pad[0] = MARK_BEGIN;
	memcpy(pad + 1, w->cp, w->ncp * sizeof(pad[0]));
	pad[len - 1] = MARK_END;
	for (i = 0; i < len; i++) {
		h = SEED_NGRAM;
		for (k = 1; k <= (size_t)maxn && i + k <= len; k++) {
			h = (h ^ pad[i + k - 1]) * FNV_PRIME;
			/* A boundary mark alone says nothing. */
			if (k == 1 && (i == 0 || i == len - 1))
				continue;
			out[nout++] = finish(h + k);
		}
	}
	return nout;
}

size_t
ns_langfeat_hashes(const struct ns_langfeat_word *w, int maxn, uint32_t *out)
{
	size_t n = ns_langfeat_ngrams(w, maxn, out);

	out[n++] = ns_langfeat_word_key(w);
	return n;
}
