/* sent.c: sentence boundaries: ICU's, corrected for abbreviations and more. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sent.h"
#include "utf8.h"
#include "words.h"

#define MAXWORD		64	/* bytes of a folded word */
#define PEND_LETTER	0.3	/* a lone lower-case letter: "т. д.", "с." */
#define PEND_UNIT	0.6	/* ... after a number: "400 м." */
#define BRACKETSPAN	160	/* bytes back to look for an open bracket */
#define LOOKBACK	256	/* bytes a rule reads at most (no quadratic time) */

struct ns_sent {
	struct ns_seg		*icu;
	const struct ns_wordlist *wl;
	int			 flags;
	struct ns_sent_tune	 tune;
	size_t			*icu_b;		/* ICU's boundaries */
	size_t			 nicu, icucap;
	size_t			*cand;		/* candidate boundaries */
	unsigned char		*byicu;		/* ICU proposed cand[i] */
	size_t			 ncand, candcap;
	struct ns_span		*spans;
	size_t			 nspans, spancap;
};

/* Where a rule looks: what ends the text before a candidate boundary. */
enum ending {
	END_NONE,		/* no terminal punctuation */
	END_PERIOD,		/* one "." */
	END_ELLIPSIS,		/* "..." or "…" */
	END_STRONG		/* "!" or "?" among the marks */
};

struct ns_sent *
ns_sent_open(const struct ns_wordlist *wl, const char *locale, int flags,
    struct ns_error *err)
{
	struct ns_sent *st;
	struct ns_seg *icu;

	if ((icu = ns_seg_open(NS_SEG_SENTENCE,
	    (flags & NS_SENT_ICU) ? locale : "", err)) == NULL)
		return NULL;
	st = ns_xcalloc(1, sizeof(*st));
	st->icu = icu;
	st->wl = wl;
	st->flags = flags;
	st->tune.pend_stop = 0.05;
	st->tune.pend_name = 0.1;
	st->tune.pupper_prefix = 0.5;
	st->tune.digit_starts = 1;
	st->tune.lower_after_strong = 0;
	st->tune.brackets = 1;
	return st;
}

void
ns_sent_close(struct ns_sent *st)
{
	if (st == NULL)
		return;
	ns_seg_close(st->icu);
	free(st->icu_b);
	free(st->cand);
	free(st->byicu);
	free(st->spans);
	free(st);
}

struct ns_sent_tune *
ns_sent_tune(struct ns_sent *st)
{
	return &st->tune;
}

static int
isspacecp(int32_t c)
{
	return ns_cp_class(c) == NS_CP_SPACE;
}

static int
isterminal(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 ||
	    c == 0x203C || c == 0x2047 || c == 0x2048 || c == 0x2049;
}

/* Closing quotes and brackets that may follow the terminal mark. */
static int
iscloser(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
	    c == 0xBB || c == 0x201D || c == 0x2019 || c == 0x201C ||
	    c == 0x2018 || c == 0x203A;
}

/* Opening quotes, brackets and dashes that may start a sentence. */
static int
isopener(int32_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0xAB ||
	    c == 0x201E || c == 0x201C || c == 0x2018 || c == 0x201A ||
	    c == 0x2039 || c == 0xBB || c == '-' || c == 0x2012 ||
	    c == 0x2013 || c == 0x2014 || c == 0x2015;
}

/* Emoji and other symbols that trail a sentence: "Красиво! 😍 Зато". */
static int
issymbol(int32_t c)
{
	return c == 0xFE0F || c == 0x200D || (c >= 0x80 &&
	    ns_cp_class(c) == NS_CP_OTHER);
}

static void
addcand(struct ns_sent *st, size_t b, int icu)
{
	if (st->ncand == st->candcap) {
		st->candcap = st->candcap ? st->candcap * 2 : 64;
		st->cand = ns_xrealloc(st->cand,
		    st->candcap * sizeof(*st->cand));
		st->byicu = ns_xrealloc(st->byicu, st->candcap);
	}
	st->cand[st->ncand] = b;
	st->byicu[st->ncand++] = (unsigned char)icu;
}

/* Whether a byte of w is zero (the SWAR test). */
#define HASZERO(w) (((w) - 0x0101010101010101ULL) & ~(w) & \
	0x8080808080808080ULL)

/*
 * The first byte at or after i that may start a terminal mark ('.', '!',
 * '?', or 0xE2 of U+2026 and its kin), or n: eight bytes at a time.
 */
static size_t
nextmark(const unsigned char *u, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		if (HASZERO(w ^ (ones * '.')) | HASZERO(w ^ (ones * '!')) |
		    HASZERO(w ^ (ones * '?')) | HASZERO(w ^ (ones * 0xE2)))
			break;
	}
	for (; i < n; i++)
		if (u[i] == '.' || u[i] == '!' || u[i] == '?' || u[i] == 0xE2)
			return i;
	return n;
}

/*
 * Candidates of our own: after terminal marks, closing quotes, white
 * space and trailing symbols, merged in order with ICU's boundaries.
 */
static void
candidates(struct ns_sent *st, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j, b, k = 0, after;
	int32_t c;

	st->ncand = 0;
	while (i < n) {
		/* Terminal marks: . ! ? or U+2026 and U+203C-U+2049. */
		i = nextmark(u, i, n);
		if (i >= n)
			break;
		j = i;
		c = ns_words_decode(s, n, &j);
		if (!isterminal(c)) {
			i = j;
			continue;
		}
		/* The run of marks and closers, then space and symbols. */
		for (b = j; b < n; b = j) {
			c = ns_words_decode(s, n, &j);
			if (!isterminal(c) && !iscloser(c))
				break;
		}
		after = b;
		for (j = b; b < n; b = j) {
			c = ns_words_decode(s, n, &j);
			if (!isspacecp(c) && !issymbol(c))
				break;
		}
		i = b;
		if (b == after || b >= n)
			continue;
		while (k < st->nicu && st->icu_b[k] < b)
			addcand(st, st->icu_b[k++], 1);
		if (k < st->nicu && st->icu_b[k] == b)
			addcand(st, st->icu_b[k++], 1);
		else
			addcand(st, b, 0);
	}
	while (k < st->nicu)
		addcand(st, st->icu_b[k++], 1);
}

/*
 * Whether s[0..n) holds only ASCII, Latin, Greek and Cyrillic letters
 * (U+0080-U+04FF, but the Greek question mark) and general punctuation
 * (U+2000-U+207F, №), and no line breaks: text where our candidates are
 * ICU's, so ICU need not run (see icuguess).
 */
static int
plain(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x80) {
			if (u[i] == '\n' || u[i] == '\r' || u[i] == '\v' ||
			    u[i] == '\f')
				return 0;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] <= 0xD3 && i + 1 < n) {
			if ((u[i] == 0xC2 && u[i + 1] == 0x85) ||
			    (u[i] == 0xCD && u[i + 1] == 0xBE))
				return 0;
			i++;
			continue;
		}
		if (u[i] == 0xE2 && i + 2 < n && (u[i + 1] == 0x80 ||
		    u[i + 1] == 0x81 || (u[i + 1] == 0x84 && u[i + 2] == 0x96))) {
			if (u[i + 1] == 0x80 && (u[i + 2] == 0xA8 ||
			    u[i + 2] == 0xA9))
				return 0;	/* LS, PS */
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* UAX #29's SContinue, as far as plain text goes. */
static int
iscontinue(int32_t c)
{
	return c == ',' || c == '-' || c == ':' || c == ';' || c == 0x2013 ||
	    c == 0x2014;
}

/*
 * What ICU's sentence rules (UAX #29) say about the candidate at b of
 * plain text, after terminal marks of kind end: after '?' or '!', a
 * break unless a continuation (a comma, a dash) follows; after '.', a
 * break unless one follows or the next letter is lower case; after '…'
 * alone, none (it is not a terminal for ICU).
 */
static int
icuguess(const char *s, size_t n, size_t b, int nper, int nstrong)
{
	enum ns_cp_class k;
	size_t j = b;
	int32_t c;

	c = ns_words_decode(s, n, &j);
	if (iscontinue(c) || c == '.' || c == '!' || c == '?')
		return 0;
	if (nstrong > 0)
		return 1;
	if (nper == 0)
		return 0;
	for (j = b; j < n && j - b < LOOKBACK;) {
		c = ns_words_decode(s, n, &j);
		k = ns_cp_class(c);
		if (ns_cp_isletter(k))
			return k != NS_CP_LOWER;
		if (c == '.' || c == '!' || c == '?')
			break;
	}
	return 1;
}

/* Fold s[b0..b1) into low; 0 when too long. */
static size_t
fold(const char *s, size_t b0, size_t b1, char *low)
{
	return ns_words_fold(s + b0, b1 - b0, low, MAXWORD);
}

/*
 * The word that ends at byte t of s (letters and internal periods), in
 * *w; returns 1, or 0 when a letter does not end there.  *num is set when
 * digits end there instead.
 */
static int
wordbefore(const char *s, size_t t, struct ns_word *w, int *num)
{
	size_t k = t, j, pos;
	enum ns_cp_class cls;
	int32_t c;
	int found = 0;

	*num = 0;
	/* Back over letters, digits and joiners to the token's start. */
	while (k > 0) {
		j = k;
		c = ns_words_prev(s, &j);
		cls = ns_cp_class(c);
		if (!ns_cp_isletter(cls) && cls != NS_CP_DIGIT && c != '.' &&
		    c != '-' && c != '\'' && c != 0x2019)
			break;
		k = j;
	}
	if (k == t)
		return 0;
	j = t;
	c = ns_words_prev(s, &j);
	if (ns_cp_class(c) == NS_CP_DIGIT) {
		*num = 1;
		return 0;
	}
	pos = k;
	while (ns_words_next(s, t, &pos, w))
		found = w->b1 == t;
	return found;
}

/* Whether a number ends before byte b, white space between. */
static int
afternumber(const char *s, size_t b)
{
	enum ns_cp_class k;
	size_t j = b;
	int space = 0;

	while (j > 0) {
		k = ns_cp_class(ns_words_prev(s, &j));
		if (k == NS_CP_DIGIT)
			return space;
		if (k != NS_CP_SPACE)
			return 0;
		space = 1;
	}
	return 0;
}

/*
 * Whether a bracket opened in s[from..t), not too far back, is still
 * open at t: "(ум. ок. 934)", "(наступного року. — Ред.)".
 */
static int
inbrackets(const char *s, size_t from, size_t t)
{
	int depth = 0;

	if (t - from > BRACKETSPAN)
		from = t - BRACKETSPAN;
	while (t > from) {
		switch (s[--t]) {
		case ')':
			depth++;
			break;
		case '(':
			if (depth-- == 0)
				return 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/*
 * The abbreviation that the word w (folded: low[0..len)) is, if any:
 * learned, or a lone lower-case letter (т. д., с.).
 */
static const struct ns_abbr *
abbrof(struct ns_sent *st, int lang, const struct ns_word *w,
    const char *low, size_t len, struct ns_abbr *tmp)
{
	const struct ns_abbr *ab;

	if (len == 0)
		return NULL;
	if ((ab = ns_wordlist_abbr(st->wl, lang, low, len)) != NULL)
		return ab;
	if (w->nchars != 1 || !(w->flags & NS_W_LOWER))
		return NULL;
	memset(tmp, 0, sizeof(*tmp));
	tmp->pend = PEND_LETTER;
	/* After a number it is a unit: 400 м. */
	tmp->pendnum = PEND_UNIT;
	tmp->countnum = 3;
	return tmp;
}

/*
 * Whether s[b..e) holds a letter: marks ("… Смысл") and list numbers
 * ("1. Ustanawia") start the next sentence rather than end one (except at
 * the start of a paragraph, where "1." stands alone, as in UD's uk_iu).
 */
static int
hasletter(const char *s, size_t b, size_t e)
{
	while (b < e)
		if (ns_cp_isletter(ns_cp_class(ns_words_decode(s, e, &b))))
			return 1;
	return 0;
}

/*
 * Whether the candidate boundary at b holds; from is where the current
 * sentence starts; icu is ICU's verdict, or -1 when ICU did not run.
 */
static int
decide(struct ns_sent *st, int lang, const char *s, size_t n, size_t from,
    size_t b, int icu)
{
	size_t e = b, t, j, r, len, nlen;
	int nper = 0, nstrong = 0, nell = 0, num, wstop, winitial;
	enum ending end;
	enum ns_cp_class cls;
	const struct ns_abbr *ab;
	struct ns_abbr tmp;
	struct ns_word w, next;
	char low[MAXWORD], nlow[MAXWORD];
	double pend;
	int32_t c;

	/* Left: white space and symbols, closers, then terminal marks. */
	while (e > 0) {
		j = e;
		c = ns_words_prev(s, &j);
		if (!isspacecp(c) && !issymbol(c))
			break;
		e = j;
	}
	for (t = e; t > 0; t = j) {
		j = t;
		if (!iscloser(ns_words_prev(s, &j)))
			break;
	}
	for (e = t; t > 0; t = j) {
		j = t;
		c = ns_words_prev(s, &j);
		if (!isterminal(c))
			break;
		if (c == '.')
			nper++;
		else if (c == 0x2026)
			nell++;
		else
			nstrong++;
	}
	if (t == e)
		return icu > 0;
	if (from > 0 && t - from <= LOOKBACK && !hasletter(s, from, t))
		return 0;
	if (icu < 0)
		icu = icuguess(s, n, b, nper, nstrong);
	end = nstrong > 0 ? END_STRONG : nell > 0 || nper > 1 ?
	    END_ELLIPSIS : END_PERIOD;

	/* Right: skip opening quotes and dialogue dashes to a letter. */
	for (r = b; r < n; r = j) {
		j = r;
		c = ns_words_decode(s, n, &j);
		if (!isopener(c) && !isspacecp(c))
			break;
	}
	if (r >= n)
		return 0;
	j = r;
	c = ns_words_decode(s, n, &j);
	cls = ns_cp_class(c);
	if (issymbol(c) && r == b)
		return 0;	/* the symbols end this sentence */
	if (cls == NS_CP_LOWER)
		return end == END_STRONG && !st->tune.lower_after_strong ?
		    icu : 0;
	if (st->tune.brackets && inbrackets(s, from, t))
		return 0;
	if (end != END_PERIOD)
		return cls == NS_CP_UPPER || cls == NS_CP_DIGIT ? 1 : icu;

	/* One period: what does it end? */
	if (!wordbefore(s, t, &w, &num)) {
		if (cls == NS_CP_DIGIT)	/* 20. 4. 2001 */
			return num ? 0 : st->tune.digit_starts || icu;
		return cls == NS_CP_UPPER ? 1 : icu;
	}
	len = fold(s, w.b0, w.b1, low);
	ab = abbrof(st, lang, &w, low, len, &tmp);
	/* "ст. 205", "Ст. 205", "п. 3": a short word numbering something. */
	if (cls == NS_CP_DIGIT)
		return ab != NULL || ((w.flags & NS_W_CAP) && w.nchars <= 2) ?
		    0 : st->tune.digit_starts || icu;
	if (cls != NS_CP_UPPER)
		return ab != NULL ? 0 : icu;

	/* A capitalised word follows: a sentence start or a name? */
	wstop = winitial = 0;
	j = r;
	if (ns_words_next(s, n, &j, &next) && next.b0 == r) {
		nlen = fold(s, next.b0, next.b1, nlow);
		wstop = nlen > 0 && ns_wordlist_isstop(st->wl, lang, nlow,
		    nlen);
		winitial = next.nchars == 1 && next.b1 < n &&
		    s[next.b1] == '.';
	}
	/* Initials: В. В. Путин, Дж. Кушнер. */
	if ((w.flags & NS_W_CAP) && (w.nchars == 1 || (w.nchars == 2 &&
	    !(w.flags & NS_W_UPPER) && len > 0 &&
	    !ns_wordlist_isstop(st->wl, lang, low, len))))
		return !winitial && wstop;
	/* A title before initials: проф. А. Н. Смирнов, ген. В. Петров. */
	if (winitial && (w.flags & NS_W_LOWER) && w.nchars <= 5 &&
	    !ns_wordlist_isstop(st->wl, lang, low, len))
		return 0;
	if (ab == NULL)
		return 1;
	if (winitial)
		return 0;
	pend = ab->pend;
	if (ab->countnum >= 3 && afternumber(s, w.b0))
		pend = ab->pendnum;
	if (wstop)
		return pend >= st->tune.pend_stop;
	/* ул. Ленина; but 1998 г. Невинната... */
	if (ab->pupper >= st->tune.pupper_prefix)
		return 0;
	return pend >= st->tune.pend_name;
}

static void
addspan(struct ns_sent *st, const char *s, size_t b0, size_t b1,
    size_t *bpos, size_t *cpos)
{
	struct ns_span *sp;
	size_t j;

	/* Trim white space on both sides. */
	while (b0 < b1) {
		j = b0;
		if (!isspacecp(ns_words_decode(s, b1, &j)))
			break;
		b0 = j;
	}
	while (b1 > b0) {
		j = b1;
		if (!isspacecp(ns_words_prev(s, &j)))
			break;
		b1 = j;
	}
	if (b0 == b1)
		return;
	if (st->nspans == st->spancap) {
		st->spancap = st->spancap ? st->spancap * 2 : 32;
		st->spans = ns_xrealloc(st->spans,
		    st->spancap * sizeof(*st->spans));
	}
	sp = &st->spans[st->nspans++];
	sp->b0 = b0;
	sp->b1 = b1;
	sp->c0 = *cpos + ns_utf8_count(s + *bpos, b0 - *bpos);
	sp->c1 = sp->c0 + ns_utf8_count(s + b0, b1 - b0);
	sp->cls = NS_SEG_OTHER;
	*bpos = b1;
	*cpos = sp->c1;
}

int
ns_sent_split(struct ns_sent *st, int lang, const char *s, size_t n,
    const struct ns_span **spans, size_t *nspans, struct ns_error *err)
{
	struct ns_span sp;
	size_t i, start = 0, bpos = 0, cpos = 0;
	int fast;

	st->nspans = 0;
	st->nicu = 0;
	fast = !(st->flags & (NS_SENT_ICU | NS_SENT_ALWAYSICU)) && plain(s, n);
	if (!fast && ns_seg_set_text(st->icu, s, n, err) < 0)
		return -1;
	while (!fast && ns_seg_next(st->icu, &sp)) {
		if (sp.b1 >= n)
			break;
		if (st->nicu == st->icucap) {
			st->icucap = st->icucap ? st->icucap * 2 : 32;
			st->icu_b = ns_xrealloc(st->icu_b,
			    st->icucap * sizeof(*st->icu_b));
		}
		st->icu_b[st->nicu++] = sp.b1;
	}
	if (st->flags & NS_SENT_ICU) {
		for (i = 0; i < st->nicu; i++) {
			addspan(st, s, start, st->icu_b[i], &bpos, &cpos);
			start = st->icu_b[i];
		}
	} else {
		candidates(st, s, n);
		for (i = 0; i < st->ncand; i++) {
			if (!decide(st, lang, s, n, start, st->cand[i],
			    fast ? -1 : st->byicu[i]))
				continue;
			addspan(st, s, start, st->cand[i], &bpos, &cpos);
			start = st->cand[i];
		}
	}
	addspan(st, s, start, n, &bpos, &cpos);
	*spans = st->spans;
	*nspans = st->nspans;
	return 0;
}
