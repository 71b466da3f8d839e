/* seg.h: ICU word and sentence segmentation with code-point offsets. */
#ifndef NS_SEG_H
#define NS_SEG_H

#include <stddef.h>

#include "err.h"

enum ns_seg_kind {
	NS_SEG_WORD,
	NS_SEG_WORD_ICU,	/* the same segments, ICU alone (tests) */
	NS_SEG_SENTENCE
};

/* What a word segment holds, from ICU's rule status. */
enum ns_seg_class {
	NS_SEG_OTHER,		/* spaces, punctuation, symbols */
	NS_SEG_NUMBER,
	NS_SEG_LETTER,		/* words of letters (also kana, ideographs) */
};

/*
 * One segment: bytes [b0, b1) and code points [c0, c1) of the text, and
 * for word segmentation its class.
 */
struct ns_span {
	size_t			b0, b1;
	size_t			c0, c1;
	enum ns_seg_class	cls;
};

struct ns_seg;

/*
 * A segmenter of the given kind for an ICU locale ("ru", "en", "" for the
 * root rules).  Word segmentation with the root rules of ICU 72 answers
 * runs of Latin, Greek and Cyrillic letters, ASCII digits, spaces, line
 * breaks and common punctuation itself and asks ICU only about the rest;
 * its segments are ICU's (NS_SEG_WORD_ICU asks ICU about everything, for
 * the tests that compare the two).  Create once and reuse: opening is
 * costly.  NULL with err filled on failure.
 */
struct ns_seg	*ns_seg_open(enum ns_seg_kind kind, const char *locale,
		    struct ns_error *err);
void		 ns_seg_close(struct ns_seg *seg);

/*
 * Segment valid UTF-8 text s[0..n); s must stay unchanged until the
 * segmentation is done.  Returns 0 or -1 with err filled.
 */
int	ns_seg_set_text(struct ns_seg *seg, const char *s, size_t n,
	    struct ns_error *err);

/* Next segment into *span: 1, or 0 at the end of the text. */
int	ns_seg_next(struct ns_seg *seg, struct ns_span *span);

#endif
