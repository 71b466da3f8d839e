/* seg.c: ICU word and sentence segmentation with code-point offsets. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/uvernum.h>

#include "buf.h"
#include "seg.h"
#include "utf8.h"

/*
 * Classes of code points for the word fast path, from ICU's properties
 * as ICU 72's root word rules use them.  Everything the fast path cannot
 * vouch for is W_HARD, and ICU decides the segment that starts there.
 */
enum {
	W_HARD,
	W_LETTER,	/* ALetter of Latin, Greek, Cyrillic or Common script */
	W_DIGIT,	/* 0-9 */
	W_SPACE,	/* WSegSpace */
	W_CR,
	W_LF,
	W_NEWLINE,	/* VT, FF, NEL, LS, PS */
	W_MID,		/* MidLetter, MidNumLet, MidNum, Single_Quote */
	W_OTHER		/* punctuation and symbols that no rule joins */
};
#define W_TABLE	0x2C00	/* code points from here on are W_HARD */

struct ns_seg {
	UBreakIterator	*bi;
	UText		*ut;
	enum ns_seg_kind kind;
	unsigned char	*wclass;	/* W_TABLE classes; NULL: ICU alone */
	const char	*text;
	size_t		 len;
	size_t		 b;		/* byte offset of the last boundary */
	size_t		 c;		/* its code-point offset */
	size_t		 icu0;		/* where ICU's text starts in ours */
	size_t		 icu;		/* ICU's last boundary; -1: none */
};

/*
 * The fast path's classes.  Beyond Word_Break the root rules use @ (an
 * ALetter there), Extended_Pictographic (after ZWJ), and Han, kana,
 * Hangul and Complex_Context (dictionary scripts): all W_HARD, as are
 * letters of other scripts and digits other than ASCII's.
 */
static unsigned char *
wclasses(void)
{
	unsigned char *t = ns_xcalloc(W_TABLE, 1);
	const uint32_t gcother = U_GC_P_MASK | U_GC_S_MASK | U_GC_CC_MASK |
	    U_GC_ZS_MASK;
	UErrorCode st;
	UScriptCode sc;
	UChar32 c;

	for (c = 0; c < W_TABLE; c++) {
		st = U_ZERO_ERROR;
		sc = uscript_getScript(c, &st);
		if (U_FAILURE(st) || (sc != USCRIPT_LATIN &&
		    sc != USCRIPT_CYRILLIC && sc != USCRIPT_GREEK &&
		    sc != USCRIPT_COMMON) || c == '@' ||
		    u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
		    u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
		    u_getIntPropertyValue(c, UCHAR_LINE_BREAK) ==
		    U_LB_COMPLEX_CONTEXT)
			continue;
		switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
		case U_WB_ALETTER:
			t[c] = W_LETTER;
			break;
		case U_WB_NUMERIC:
			if (c >= '0' && c <= '9')
				t[c] = W_DIGIT;
			break;
		case U_WB_WSEGSPACE:
			t[c] = W_SPACE;
			break;
		case U_WB_CR:
			t[c] = W_CR;
			break;
		case U_WB_LF:
			t[c] = W_LF;
			break;
		case U_WB_NEWLINE:
			t[c] = W_NEWLINE;
			break;
		case U_WB_MIDLETTER:
		case U_WB_MIDNUMLET:
		case U_WB_MIDNUM:
		case U_WB_SINGLE_QUOTE:
			t[c] = W_MID;
			break;
		case U_WB_OTHER:
		case U_WB_DOUBLE_QUOTE:
			if (U_GET_GC_MASK(c) & gcother)
				t[c] = W_OTHER;
			break;
		}
	}
	return t;
}

/*
 * Whether the fast path may answer for bi: ICU 72's root word rules, the
 * rules it follows.  Another ICU may have other rules, so it gets ICU
 * alone until bench/seg-compare.sh finds no difference there.
 */
static int
fastable(UBreakIterator *bi, enum ns_seg_kind kind, const char *locale)
{
#if U_ICU_VERSION_MAJOR_NUM == 72
	UErrorCode st = U_ZERO_ERROR;
	const char *actual;

	actual = ubrk_getLocaleByType(bi, ULOC_ACTUAL_LOCALE, &st);
	return kind == NS_SEG_WORD && U_SUCCESS(st) && actual != NULL &&
	    strcmp(actual, "root") == 0 &&
	    (locale == NULL || strchr(locale, '@') == NULL);
#else
	(void)bi;
	(void)kind;
	(void)locale;
	return 0;
#endif
}

struct ns_seg *
ns_seg_open(enum ns_seg_kind kind, const char *locale, struct ns_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	struct ns_seg *seg;
	UBreakIterator *bi;

	bi = ubrk_open(kind == NS_SEG_SENTENCE ? UBRK_SENTENCE : UBRK_WORD,
	    locale, NULL, 0, &st);
	if (U_FAILURE(st)) {
		ns_error_set(err, "cannot open ICU break iterator: %s",
		    u_errorName(st));
		return NULL;
	}
	seg = ns_xcalloc(1, sizeof(*seg));
	seg->bi = bi;
	seg->kind = kind;
	if (fastable(bi, kind, locale))
		seg->wclass = wclasses();
	return seg;
}

void
ns_seg_close(struct ns_seg *seg)
{
	if (seg == NULL)
		return;
	ubrk_close(seg->bi);
	utext_close(seg->ut);
	free(seg->wclass);
	free(seg);
}

/* ICU over s[b..n), b a boundary: its next() gives the boundaries after b. */
static UErrorCode
icu_text(struct ns_seg *seg, size_t b)
{
	UErrorCode st = U_ZERO_ERROR;

	/* UText over UTF-8: ICU's native indexes are byte offsets. */
	seg->ut = utext_openUTF8(seg->ut, seg->text + b,
	    (int64_t)(seg->len - b), &st);
	if (U_SUCCESS(st))
		ubrk_setUText(seg->bi, seg->ut, &st);
	seg->icu0 = b;
	seg->icu = U_SUCCESS(st) ? b : (size_t)-1;
	return st;
}

int
ns_seg_set_text(struct ns_seg *seg, const char *s, size_t n,
    struct ns_error *err)
{
	UErrorCode st;

	seg->text = s;
	seg->len = n;
	seg->b = 0;
	seg->c = 0;
	seg->icu = (size_t)-1;
	/* The fast path starts ICU when it needs it. */
	if (seg->wclass != NULL)
		return 0;
	if (U_FAILURE(st = icu_text(seg, 0))) {
		ns_error_set(err, "cannot segment text: %s", u_errorName(st));
		return -1;
	}
	return 0;
}

static enum ns_seg_class
classify(int32_t status)
{
	if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT)
		return NS_SEG_LETTER;
	if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
		return NS_SEG_NUMBER;
	return NS_SEG_OTHER;
}

/* The segment from seg->b by ICU. */
static void
icu_next(struct ns_seg *seg, struct ns_span *span)
{
	int32_t next = UBRK_DONE;

	/*
	 * ICU's state machine starts afresh at each boundary and reads
	 * only the text after it, so where the fast path has moved on, ICU
	 * over the rest of the text finds the boundary that ICU over the
	 * whole text would.
	 */
	if (seg->icu == seg->b || U_SUCCESS(icu_text(seg, seg->b)))
		next = ubrk_next(seg->bi);
	span->b0 = seg->b;
	span->b1 = next == UBRK_DONE ? seg->len : seg->icu0 + (size_t)next;
	if (span->b1 > seg->len)
		span->b1 = seg->len;
	span->c0 = seg->c;
	span->c1 = seg->c + ns_utf8_count(seg->text + span->b0,
	    span->b1 - span->b0);
	span->cls = seg->kind != NS_SEG_SENTENCE && next != UBRK_DONE ?
	    classify(ubrk_getRuleStatus(seg->bi)) : NS_SEG_OTHER;
	seg->icu = span->b1;
}

/* Class of the code point at s[i], i < n; its length in *len. */
static inline int
wclass(const unsigned char *t, const unsigned char *s, size_t n, size_t i,
    size_t *len)
{
	unsigned c = s[i];
	uint32_t cp;

	*len = 1;
	if (c < 0x80)
		return t[c];
	if (c >= 0xC2 && c < 0xE0) {
		if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
			return W_HARD;
		*len = 2;
		return t[(c & 0x1F) << 6 | (s[i + 1] & 0x3F)];
	}
	if ((c & 0xF0) == 0xE0) {
		if (n - i < 3 || (s[i + 1] & 0xC0) != 0x80 ||
		    (s[i + 2] & 0xC0) != 0x80)
			return W_HARD;
		cp = (c & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 |
		    (s[i + 2] & 0x3F);
		if (cp < 0x800 || cp >= W_TABLE)
			return W_HARD;
		*len = 3;
		return t[cp];
	}
	return W_HARD;
}

/*
 * The segment from seg->b by the fast path, or 0 when ICU must decide.
 * In ICU 72's root word rules a run of letters goes on with letters,
 * digits, _, marks and formats (WB4-WB13b), or with one MidLetter,
 * MidNumLet or Single_Quote before a letter (WB6, WB7); a run of digits
 * likewise with digits and one MidNum, MidNumLet or Single_Quote before a
 * digit (WB11, WB12); spaces with spaces (WB3d); anything but CR, LF and
 * Newline with marks and formats (WB4); CR with LF (WB3).  So a segment
 * ends where what follows cannot extend it, and any doubt is ICU's.
 */
static int
fast_next(struct ns_seg *seg, struct ns_span *span)
{
	const unsigned char *s = (const unsigned char *)seg->text;
	const unsigned char *t = seg->wclass;
	size_t n = seg->len, i = seg->b, len, nc = 1;
	int k0, k;

	if ((k0 = wclass(t, s, n, i, &len)) == W_HARD)
		return 0;
	i += len;
	if (k0 == W_CR && i < n && s[i] == '\n') {
		i++;
		nc++;
	}
	if (k0 == W_CR || k0 == W_LF || k0 == W_NEWLINE || i == n)
		goto done;
	while ((k = wclass(t, s, n, i, &len)) == k0 &&
	    (k0 == W_LETTER || k0 == W_DIGIT || k0 == W_SPACE)) {
		i += len;
		nc++;
		if (i == n)
			goto done;
	}
	if (k == W_HARD)
		return 0;
	if (k0 == W_LETTER || k0 == W_DIGIT) {
		/* Letters and digits join each other (WB9, WB10). */
		if (k == W_LETTER || k == W_DIGIT)
			return 0;
		if (k == W_MID && i + len < n &&
		    ((k = wclass(t, s, n, i + len, &len)) == W_HARD ||
		    k == k0))
			return 0;
	}
done:
	span->b0 = seg->b;
	span->b1 = i;
	span->c0 = seg->c;
	span->c1 = seg->c + nc;
	span->cls = k0 == W_LETTER ? NS_SEG_LETTER :
	    k0 == W_DIGIT ? NS_SEG_NUMBER : NS_SEG_OTHER;
	return 1;
}

int
ns_seg_next(struct ns_seg *seg, struct ns_span *span)
{
	if (seg->b >= seg->len)
		return 0;
	if (seg->wclass == NULL || !fast_next(seg, span))
		icu_next(seg, span);
	seg->b = span->b1;
	seg->c = span->c1;
	return 1;
}
