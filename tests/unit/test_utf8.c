/* test_utf8.c: UTF-8 validation, repair, counting and normalisation. */
#include <stdarg.h>

#include "buf.h"
#include "norm.h"
#include "tap.h"
#include "utf8.h"

int
main(void)
{
	struct ns_buf b = NS_BUF_INIT;
	struct ns_error err;
	const char *ru = "Уиткоффом";	/* 9 letters, 18 bytes */
	const char *emoji = "a\xF0\x9F\x98\x80" "b";	/* a😀b */
	size_t i;

	is_int(ns_utf8_valid_prefix(ru, strlen(ru)), 18, "Cyrillic is valid");
	is_int(ns_utf8_count(ru, strlen(ru)), 9, "Cyrillic code points");
	is_int(ns_utf8_count(emoji, 6), 3, "non-BMP counts as one");
	is_int(ns_utf8_byte_offset(emoji, 6, 2), 5, "byte of cp 2 after emoji");
	is_int(ns_utf8_byte_offset(ru, 18, 3), 6, "byte of cp 3 in Cyrillic");
	is_int(ns_utf8_valid_prefix("ab\xC0\xAF", 4), 2, "overlong rejected");
	is_int(ns_utf8_valid_prefix("\xED\xA0\x80", 3), 0, "surrogate rejected");
	is_int(ns_utf8_valid_prefix("\xF4\x90\x80\x80", 4), 0,
	    "above U+10FFFF rejected");
	is_int(ns_utf8_valid_prefix("\xD0", 1), 0, "truncated sequence");
	is_int(ns_utf8_valid_prefix("0123456789abcdef\xFF", 17), 16,
	    "fast path stops at the bad byte");

	is_int(ns_utf8_repair(&b, "a\xFF" "b\xE2\x82" "c", 6), 2,
	    "two repairs");
	is_str(b.p, b.len, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c",
	    "bad byte and truncated sequence become U+FFFD");
	ns_buf_reset(&b);
	is_int(ns_utf8_repair(&b, ru, 18), 0, "valid text untouched");
	is_str(b.p, b.len, ru, "valid text copied");

	i = 1;
	is_int(ns_utf8_next(emoji, 6, &i), 0x1F600, "decode non-BMP");
	is_int(i, 5, "advanced four bytes");
	{
		char enc[4];

		is_int(ns_utf8_encode(0x0456, enc), 2, "і is two bytes");
		is_str(enc, 2, "і", "encode і");
	}

	ns_buf_reset(&b);
	ok(ns_norm(&b, "Е\xCC\x88", 4, NS_NFC, &err) == 0, "NFC runs");
	is_str(b.p, b.len, "Ё", "E + combining diaeresis composes to Ё");
	ns_buf_reset(&b);
	ns_norm(&b, "ＫＹＩＶ Київ ﬁ", strlen("ＫＹＩＶ Київ ﬁ"),
	    NS_NFKC_CASEFOLD, &err);
	is_str(b.p, b.len, "kyiv київ fi", "NFKC + case folding");
	ns_buf_free(&b);
	return tap_done();
}
