/* test_buf.c: the byte buffer, JSON string escaping, number parsing. */
#include <stdarg.h>

#include "buf.h"
#include "num.h"
#include "tap.h"

int
main(void)
{
	struct ns_buf b = NS_BUF_INIT;
	const char *errstr, *s;
	size_t i;

	s = "«Главком» \"q\" \\ \n\t\x01";
	ns_buf_json_str(&b, s, strlen(s));
	is_str(b.p, b.len, "\"«Главком» \\\"q\\\" \\\\ \\n\\t\\u0001\"",
	    "escapes only what JSON requires");
	/* Each escape at each position of an eight-byte word, and beyond. */
	for (i = 0; i < 20; i++) {
		char in[32], want[64];
		const char *esc[] = { "\"", "\\", "\x1f", "\x7f" };
		const char *out[] = { "\\\"", "\\\\", "\\u001f", "\x7f" };
		size_t k, bad = 0;

		for (k = 0; k < 4; k++) {
			memset(in, 'a', sizeof(in));
			in[i] = esc[k][0];
			in[24] = '\0';
			snprintf(want, sizeof(want), "\"%.*s%s%s\"", (int)i,
			    in, out[k], in + i + 1);
			ns_buf_reset(&b);
			ns_buf_json_str(&b, in, 24);
			bad += b.len != strlen(want) ||
			    memcmp(b.p, want, b.len) != 0;
		}
		if (bad)
			break;
	}
	is_int(i, 20, "escapes found at every offset of long strings");
	ns_buf_reset(&b);
	ns_buf_addint(&b, -9223372036854775807LL - 1);
	ns_buf_addc(&b, ' ');
	ns_buf_addint(&b, 0);
	is_str(b.p, b.len, "-9223372036854775808 0", "integers");
	ns_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		ns_buf_addc(&b, 'x');
	is_int(b.len, 100000, "grows past many doublings");
	ok(b.p[b.len] == '\0', "stays NUL-terminated");
	ns_buf_free(&b);

	is_int(ns_strtonum("42", 1, 100, &errstr), 42, "strtonum in range");
	ok(errstr == NULL, "no error");
	ns_strtonum("101", 1, 100, &errstr);
	is_str(errstr, strlen(errstr), "too large", "strtonum above max");
	ns_strtonum("4x", 1, 100, &errstr);
	is_str(errstr, strlen(errstr), "invalid", "strtonum junk");
	ok(ns_strtod("0.8", 0, 1, &errstr) == 0.8 && errstr == NULL,
	    "strtod in range");
	ns_strtod("1.7", 0, 1, &errstr);
	is_str(errstr, strlen(errstr), "too large", "strtod above max");
	is_int(ns_duration("30d", &errstr), 30 * 86400, "30d");
	is_int(ns_duration("12h", &errstr), 12 * 3600, "12h");
	is_int(ns_duration("90", &errstr), 90, "bare seconds");
	is_int(ns_duration("3x", &errstr), -1, "bad unit");
	is_int(ns_duration("d", &errstr), -1, "no number");
	return tap_done();
}
