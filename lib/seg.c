/* seg.c: ICU word and sentence segmentation with code-point offsets. */
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "buf.h"
#include "seg.h"
#include "utf8.h"

struct ns_seg {
	UBreakIterator	*bi;
	UText		*ut;
	enum ns_seg_kind kind;
	const char	*text;
	size_t		 len;
	size_t		 b;		/* byte offset of the last boundary */
	size_t		 c;		/* its code-point offset */
};

struct ns_seg *
ns_seg_open(enum ns_seg_kind kind, const char *locale, struct ns_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	struct ns_seg *seg;
	UBreakIterator *bi;

	bi = ubrk_open(kind == NS_SEG_WORD ? UBRK_WORD : UBRK_SENTENCE,
	    locale, NULL, 0, &st);
	if (U_FAILURE(st)) {
		ns_error_set(err, "cannot open ICU break iterator: %s",
		    u_errorName(st));
		return NULL;
	}
	seg = ns_xcalloc(1, sizeof(*seg));
	seg->bi = bi;
	seg->kind = kind;
	return seg;
}

void
ns_seg_close(struct ns_seg *seg)
{
	if (seg == NULL)
		return;
	ubrk_close(seg->bi);
	utext_close(seg->ut);
	free(seg);
}

int
ns_seg_set_text(struct ns_seg *seg, const char *s, size_t n,
    struct ns_error *err)
{
	UErrorCode st = U_ZERO_ERROR;

	/* UText over UTF-8: ICU's native indexes are our byte offsets. */
	seg->ut = utext_openUTF8(seg->ut, s, (int64_t)n, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(seg->bi, seg->ut, &st);
	if (U_FAILURE(st)) {
		ns_error_set(err, "cannot segment text: %s", u_errorName(st));
		return -1;
	}
	seg->text = s;
	seg->len = n;
	seg->b = 0;
	seg->c = 0;
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

int
ns_seg_next(struct ns_seg *seg, struct ns_span *span)
{
	int32_t next;

	if (seg->b >= seg->len)
		return 0;
	next = ubrk_next(seg->bi);
	if (next == UBRK_DONE || (size_t)next > seg->len)
		next = (int32_t)seg->len;
	span->b0 = seg->b;
	span->b1 = (size_t)next;
	span->c0 = seg->c;
	span->c1 = seg->c + ns_utf8_count(seg->text + span->b0,
	    span->b1 - span->b0);
	span->cls = seg->kind == NS_SEG_WORD ?
	    classify(ubrk_getRuleStatus(seg->bi)) : NS_SEG_OTHER;
	seg->b = span->b1;
	seg->c = span->c1;
	return 1;
}
