/* tok.c: tokens for the entity tagger: ICU words plus rules, with offsets. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "seg.h"
#include "tok.h"
#include "utf8.h"

#define ABBR_SLOTS	1024	/* power of two; abbreviations are few */

struct ns_tokenizer {
	struct ns_seg	*seg;
	char		*abbr[ABBR_SLOTS];	/* open addressing, NUL-terminated */
	size_t		 nabbr;
};

struct ns_tokenizer *
ns_tokenizer_open(struct ns_error *err)
{
	struct ns_tokenizer *tk;
	struct ns_seg *seg;

	/* The root rules: the tagger's languages need no locale tailoring. */
	if ((seg = ns_seg_open(NS_SEG_WORD, "", err)) == NULL)
		return NULL;
	tk = ns_xcalloc(1, sizeof(*tk));
	tk->seg = seg;
	return tk;
}

void
ns_tokenizer_close(struct ns_tokenizer *tk)
{
	size_t i;

	if (tk == NULL)
		return;
	ns_seg_close(tk->seg);
	for (i = 0; i < ABBR_SLOTS; i++)
		free(tk->abbr[i]);
	free(tk);
}

static size_t
strhash(const char *s, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int
isabbr(const struct ns_tokenizer *tk, const char *s, size_t n)
{
	size_t i;

	if (tk->nabbr == 0)
		return 0;
	for (i = strhash(s, n) & (ABBR_SLOTS - 1); tk->abbr[i] != NULL;
	    i = (i + 1) & (ABBR_SLOTS - 1))
		if (strlen(tk->abbr[i]) == n && memcmp(tk->abbr[i], s, n) == 0)
			return 1;
	return 0;
}

void
ns_tokenizer_abbrev(struct ns_tokenizer *tk, const char *s, size_t n)
{
	size_t i;

	/* Keep the table at most half full; the rest are dropped. */
	if (tk->nabbr >= ABBR_SLOTS / 2 || isabbr(tk, s, n))
		return;
	for (i = strhash(s, n) & (ABBR_SLOTS - 1); tk->abbr[i] != NULL;
	    i = (i + 1) & (ABBR_SLOTS - 1))
		;
	tk->abbr[i] = ns_xstrndup(s, n);
	tk->nabbr++;
}

void
ns_tokens_free(struct ns_tokens *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/*
 * Basic Cyrillic, U+0400..U+045F, is answered without utf8proc: capitals
 * U+0400..U+042F (lower case 0x50 and 0x20 above them), small letters
 * U+0430..U+045F, all of them letters (test_tok checks it against
 * utf8proc).  Most letters of the Slavic news text are there.
 */
#define CYR(c)		((uint32_t)(c) - 0x400 < 0x60)
#define CYR_UPPER(c)	((c) < 0x430)

int
ns_tok_isupper(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (CYR(c))
		return CYR_UPPER(c);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
	    utf8proc_category(c) == UTF8PROC_CATEGORY_LT;
}

int
ns_tok_islower(int32_t c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	if (CYR(c))
		return !CYR_UPPER(c);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

int
ns_tok_isletter(int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (CYR(c))
		return 1;
	cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

int32_t
ns_tok_lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (CYR(c))
		return c < 0x410 ? c + 0x50 : c < 0x430 ? c + 0x20 : c;
	return utf8proc_tolower(c);
}

int
ns_tok_isquote(int32_t c)
{
	switch (c) {
	case '"': case '\'': case 0x00AB: case 0x00BB: case 0x2018:
	case 0x2019: case 0x201A: case 0x201C: case 0x201D: case 0x201E:
	case 0x2039: case 0x203A: case 0x300C: case 0x300D:
		return 1;
	}
	return 0;
}

static int
ishyphen(int32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

static int
issentend(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

/* Closing brackets and quotes may follow a sentence end (."  .») ). */
static int
isclosing(int32_t c)
{
	return c == ')' || c == ']' || c == 0x00BB || c == 0x201C ||
	    c == 0x201D || c == '"' || c == '\'' || c == 0x2019;
}

static void
push(struct ns_tokens *t, const struct ns_span *sp, int kind, unsigned flags)
{
	struct ns_token *k;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = ns_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	k = &t->v[t->n];
	k->b0 = sp->b0;
	k->b1 = sp->b1;
	k->c0 = sp->c0;
	k->c1 = sp->c1;
	k->comp0 = k->comp1 = (uint32_t)t->n;
	k->flags = (uint16_t)flags;
	k->kind = (uint8_t)kind;
	t->n++;
}

/* First code point of a token. */
static int32_t
first(const char *s, const struct ns_token *k)
{
	size_t i = k->b0;

	return ns_utf8_next(s, k->b1, &i);
}

static int
ischar(const char *s, const struct ns_token *k, int (*pred)(int32_t))
{
	size_t i = k->b0;
	int32_t c = ns_utf8_next(s, k->b1, &i);

	return i == k->b1 && pred(c);
}

/* Whether the word k is one or two letters with a capital first (В, Дж). */
static int
isinitial(const char *s, const struct ns_token *k)
{
	size_t i = k->b0;
	int32_t c;

	if (k->kind != NS_TOK_WORD || k->c1 - k->c0 > 2)
		return 0;
	c = ns_utf8_next(s, k->b1, &i);
	if (!ns_tok_isupper(c))
		return 0;
	if (i < k->b1 && !ns_tok_islower(ns_utf8_next(s, k->b1, &i)))
		return 0;
	return 1;
}

static int
isabbrtok(const struct ns_tokenizer *tk, const char *s,
    const struct ns_token *k)
{
	char low[64];
	size_t i = k->b0, n = 0;
	int32_t c;

	if (k->kind != NS_TOK_WORD || k->b1 - k->b0 > sizeof(low) - 4)
		return 0;
	while (i < k->b1) {
		c = ns_tok_lower(ns_utf8_next(s, k->b1, &i));
		n += ns_utf8_encode(c, low + n);
	}
	return isabbr(tk, low, n);
}

/* Hyphenated compounds: word-hyphen-word with no space in between. */
static void
compounds(const char *s, struct ns_tokens *t)
{
	size_t i, j;
	struct ns_token *v = t->v;

	for (i = 0; i < t->n; i = j + 1) {
		j = i;
		if (v[i].kind == NS_TOK_PUNCT)
			continue;
		while (j + 2 < t->n && ischar(s, &v[j + 1], ishyphen) &&
		    !(v[j + 1].flags & NS_TOK_SPACE) &&
		    !(v[j + 2].flags & NS_TOK_SPACE) &&
		    (v[j + 2].kind == NS_TOK_WORD ||
		    v[j + 2].kind == NS_TOK_NUMBER))
			j += 2;
		if (j > i) {
			size_t k;

			for (k = i; k <= j; k++) {
				v[k].flags |= NS_TOK_HYPHEN;
				v[k].comp0 = (uint32_t)i;
				v[k].comp1 = (uint32_t)j;
			}
		}
	}
}

/* Opening and closing quotes, and the tokens between them. */
static void
quotes(const char *s, struct ns_tokens *t)
{
	struct ns_token *v = t->v;
	size_t i, open = (size_t)-1;

	for (i = 0; i < t->n; i++) {
		int32_t c;
		int spb, spa;

		if (v[i].flags & NS_TOK_NEWLINE)
			open = (size_t)-1;
		if (v[i].kind != NS_TOK_PUNCT || !ischar(s, &v[i], ns_tok_isquote))
			goto mark;
		c = first(s, &v[i]);
		spb = i == 0 || (v[i].flags & NS_TOK_SPACE) ||
		    v[i - 1].kind == NS_TOK_PUNCT;
		spa = i + 1 == t->n || (v[i + 1].flags & NS_TOK_SPACE) ||
		    v[i + 1].kind == NS_TOK_PUNCT;
		if (c == 0x00AB || c == 0x201E || c == 0x201A ||
		    (spb && !spa)) {
			v[i].flags |= NS_TOK_QOPEN;
			open = i;
			continue;
		}
		if (c == 0x00BB || (!spb && spa) || open != (size_t)-1) {
			v[i].flags |= NS_TOK_QCLOSE;
			open = (size_t)-1;
			continue;
		}
mark:
		if (open != (size_t)-1)
			v[i].flags |= NS_TOK_INQUOTE;
	}
}

/* Sentence starts, initials and abbreviations. */
static void
sentences(const struct ns_tokenizer *tk, const char *s, struct ns_tokens *t)
{
	struct ns_token *v = t->v;
	size_t i, j;
	int brk = 1;

	for (i = 0; i < t->n; i++) {
		if (v[i].flags & NS_TOK_NEWLINE)
			brk = 1;
		if (brk) {
			v[i].flags |= NS_TOK_SENT;
			brk = 0;
		}
		if (v[i].kind != NS_TOK_PUNCT || !ischar(s, &v[i], issentend))
			continue;
		if (first(s, &v[i]) == '.' && i > 0 &&
		    !(v[i].flags & NS_TOK_SPACE)) {
			if (isinitial(s, &v[i - 1])) {
				v[i - 1].flags |= NS_TOK_INITIAL;
				v[i].flags |= NS_TOK_NOBREAK;
				continue;
			}
			if (isabbrtok(tk, s, &v[i - 1])) {
				v[i - 1].flags |= NS_TOK_ABBR;
				v[i].flags |= NS_TOK_NOBREAK;
				continue;
			}
		}
		/* Skip closing quotes and brackets, and more end marks. */
		for (j = i + 1; j < t->n && v[j].kind == NS_TOK_PUNCT &&
		    !(v[j].flags & NS_TOK_SPACE) &&
		    (ischar(s, &v[j], isclosing) ||
		    ischar(s, &v[j], issentend)); j++)
			;
		/* No break before a lower-case word or a digit: "т. е.", "2.5". */
		if (j < t->n && (v[j].kind == NS_TOK_NUMBER ||
		    (v[j].kind == NS_TOK_WORD &&
		    ns_tok_islower(first(s, &v[j]))) ||
		    !(v[j].flags & NS_TOK_SPACE))) {
			v[i].flags |= NS_TOK_NOBREAK;
			continue;
		}
		if (j < t->n)
			v[j].flags |= NS_TOK_SENT;
		i = j - 1;
	}
}

static int
classify(const char *s, const struct ns_span *sp)
{
	size_t i = sp->b0;
	int32_t c;

	if (sp->cls == NS_SEG_LETTER)
		return NS_TOK_WORD;
	if (sp->cls == NS_SEG_NUMBER)
		return NS_TOK_NUMBER;
	c = ns_utf8_next(s, sp->b1, &i);
	if (i == sp->b1 && c < 0x80 && !ns_tok_isletter(c))
		return NS_TOK_PUNCT;
	/* Punctuation is P*; symbols (emoji, ©, №) are something else. */
	if (i == sp->b1 && utf8proc_category(c) >= UTF8PROC_CATEGORY_PC &&
	    utf8proc_category(c) <= UTF8PROC_CATEGORY_PO)
		return NS_TOK_PUNCT;
	return NS_TOK_OTHER;
}

/* Whether span is white space; counts its line breaks into *nl. */
static int
isspace_span(const char *s, const struct ns_span *sp, int *nl)
{
	size_t i = sp->b0;
	int32_t c;
	utf8proc_category_t cat;

	while (i < sp->b1) {
		c = ns_utf8_next(s, sp->b1, &i);
		if (c == '\n' || c == 0x2028 || c == 0x2029) {
			(*nl)++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v')
			continue;
		cat = utf8proc_category(c);
		if (cat != UTF8PROC_CATEGORY_ZS && c != 0x200B &&
		    c != 0xFEFF && c != 0x200E && c != 0x200F)
			return 0;
	}
	return 1;
}

int
ns_tokenize(struct ns_tokenizer *tk, const char *s, size_t n,
    struct ns_tokens *out, struct ns_error *err)
{
	struct ns_span sp;
	unsigned flags = 0;
	int nl = 0;	/* line breaks since the last token */

	out->n = 0;
	if (ns_seg_set_text(tk->seg, s, n, err) == -1)
		return -1;
	while (ns_seg_next(tk->seg, &sp) == 1) {
		if (sp.cls == NS_SEG_OTHER && isspace_span(s, &sp, &nl)) {
			flags |= NS_TOK_SPACE;
			if (nl > 0)
				flags |= NS_TOK_NEWLINE;
			if (nl > 1)
				flags |= NS_TOK_PARA;
			continue;
		}
		push(out, &sp, classify(s, &sp), flags);
		flags = 0;
		nl = 0;
	}
	compounds(s, out);
	quotes(s, out);
	sentences(tk, s, out);
	return 0;
}
