/* words.c: letter classes, word runs and case folding for rule-based text. */
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"
#include "words.h"

/* Longest letter run on either side of a period that joins a word (т.е). */
#define DOTRUN	3

static enum ns_cp_class
slowclass(int32_t c)
{
	if (c == 0x85 || c == 0x2028 || c == 0x2029)
		return NS_CP_SPACE;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return NS_CP_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return NS_CP_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return NS_CP_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return NS_CP_DIGIT;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return NS_CP_SPACE;
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
		return NS_CP_PUNCT;
	default:
		return NS_CP_OTHER;
	}
}

enum ns_cp_class
ns_cp_class_slow(int32_t c)
{
	if (c < 0x80) {
		if (c >= 'a' && c <= 'z')
			return NS_CP_LOWER;
		if (c >= 'A' && c <= 'Z')
			return NS_CP_UPPER;
		if (c >= '0' && c <= '9')
			return NS_CP_DIGIT;
		if (c == ' ' || (c >= '\t' && c <= '\r'))
			return NS_CP_SPACE;
		if (c < 0x20 || c == 0x7f || c == '$' || c == '+' ||
		    c == '<' || c == '=' || c == '>' || c == '^' || c == '`' ||
		    c == '|' || c == '~')
			return NS_CP_OTHER;
		return NS_CP_PUNCT;
	}
	return slowclass(c);
}

static int32_t
lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0x410 && c < 0x430)
		return c + 32;
	if (c >= 0x400 && c < 0x410)
		return c + 80;
	if (c >= 0x430 && c < 0x460)
		return c;
	return utf8proc_tolower(c);
}

static int
isjoiner(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x2BC || c == '-' ||
	    c == 0x2010 || c == 0x2011;
}

/* Letters in the run starting at s[i]; *end gets the byte after it. */
static size_t
letterrun(const char *s, size_t n, size_t i, size_t *end)
{
	size_t count = 0, j;

	while (i < n) {
		j = i;
		if (!ns_cp_isletter(ns_cp_class(ns_words_decode(s, n, &j))))
			break;
		i = j;
		count++;
	}
	*end = i;
	return count;
}

int
ns_words_next(const char *s, size_t n, size_t *pos, struct ns_word *w)
{
	size_t i = *pos, j, end, run, nextrun, after;
	enum ns_cp_class k;
	int32_t c;
	int nupper = 0, nlower = 0, first = 1;

	/* Skip to a letter. */
	for (;;) {
		if (i >= n)
			return 0;
		j = i;
		c = ns_words_decode(s, n, &j);
		if (ns_cp_isletter(ns_cp_class(c)))
			break;
		i = j;
	}
	w->b0 = i;
	w->nchars = 0;
	w->flags = 0;
	for (;;) {
		/* A run of letters, counting cases. */
		run = 0;
		while (i < n) {
			j = i;
			c = ns_words_decode(s, n, &j);
			k = ns_cp_class(c);
			if (!ns_cp_isletter(k))
				break;
			if (k == NS_CP_UPPER) {
				nupper++;
				if (first)
					w->flags |= NS_W_CAP;
			} else if (k == NS_CP_LOWER)
				nlower++;
			first = 0;
			run++;
			i = j;
		}
		w->nchars += run;
		if (i >= n)
			break;
		/* A joiner continues the word when a letter follows. */
		j = i;
		c = ns_words_decode(s, n, &j);
		if (isjoiner(c)) {
			if (letterrun(s, n, j, &end) == 0)
				break;
		} else if (c == '.') {
			nextrun = letterrun(s, n, j, &after);
			if (run > DOTRUN || nextrun == 0 || nextrun > DOTRUN)
				break;
			w->flags |= NS_W_DOTS;
		} else
			break;
		w->nchars++;
		i = j;
	}
	w->b1 = i;
	if (nlower == 0 && nupper > 0)
		w->flags |= NS_W_UPPER;
	if (nupper == 0)
		w->flags |= NS_W_LOWER;
	*pos = i;
	return 1;
}

size_t
ns_words_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;
	int32_t c;

	while (i < n) {
		c = lower(ns_words_decode(s, n, &i));
		if (o + 4 >= cap)
			return 0;
		if (c < 0x80)
			out[o++] = (char)c;
		else if (c < 0x800) {
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else
			o += ns_utf8_encode(c, out + o);
	}
	out[o] = '\0';
	return o;
}

int32_t
ns_words_prev(const char *s, size_t *i)
{
	size_t j = *i, k;

	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
	*i = k = j;
	/* Valid text: the sequence ends at the old *i. */
	return ns_words_decode(s, j + 4, &k);
}
