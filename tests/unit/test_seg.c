/* test_seg.c: ICU segmentation with code-point offsets. */
#include <stdarg.h>

#include <unicode/uclean.h>

#include "seg.h"
#include "utf8.h"
#include "tap.h"

int
main(void)
{
	struct ns_error err;
	struct ns_seg *w, *s;
	struct ns_span sp;
	const char *text = "Віткофф прилетів. 😀 Він сказав: «Так»!";
	size_t n = strlen(text);
	int nwords = 0;

	w = ns_seg_open(NS_SEG_WORD, "uk", &err);
	ok(w != NULL, "word segmenter opens");
	ns_seg_set_text(w, text, n, &err);
	ok(ns_seg_next(w, &sp) == 1, "first word");
	is_int(sp.c0, 0, "starts at 0");
	is_int(sp.c1, 7, "Віткофф is 7 code points");
	is_int(sp.b1, 14, "and 14 bytes");
	ok(sp.cls == NS_SEG_LETTER, "a letter word");
	while (ns_seg_next(w, &sp) == 1) {
		if (sp.cls == NS_SEG_LETTER)
			nwords++;
		if (sp.b0 < n && strncmp(text + sp.b0, "Він", 6) == 0) {
			is_int(sp.c0, 20, "offset after the emoji is in code points");
		}
	}
	is_int(nwords, 4, "four more words (the emoji is not one)");

	s = ns_seg_open(NS_SEG_SENTENCE, "uk", &err);
	ns_seg_set_text(s, text, n, &err);
	ok(ns_seg_next(s, &sp) == 1, "first sentence");
	is_int(sp.c1, 18, "ends after the space");
	ok(ns_seg_next(s, &sp) == 1, "second sentence");
	is_int(sp.c0, 18, "starts where the first ended");
	is_int(sp.c1, ns_utf8_count(text, n), "ends at the end");
	ok(ns_seg_next(s, &sp) == 0, "then done");
	ns_seg_close(w);
	ns_seg_close(s);
	u_cleanup();
	return tap_done();
}
