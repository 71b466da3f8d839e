/* test_jscan.c: the fast record scan agrees with jansson where it decides. */
#include <stdarg.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jscan.h"
#include "tap.h"

static const char *const owned[] = { "lang", "lang_score", NULL };

/* Whether jansson accepts the line as an object with a string "text". */
static int
jansson_ok(const char *line)
{
	json_t *o = json_loadb(line, strlen(line), JSON_ALLOW_NUL, NULL);
	int ok_ = o != NULL && json_is_object(o) &&
	    json_is_string(json_object_get(o, "text"));

	json_decref(o);
	return ok_;
}

static void
scan(const char *line, int want, const char *what)
{
	struct ns_jscan js;
	int got = ns_jscan_object(line, strlen(line), "text", owned, &js);

	is_int(got, want, "%s", what);
	/* Never yes where jansson says no. */
	if (got)
		ok(jansson_ok(line), "jansson agrees: %s", what);
}

int
main(void)
{
	struct ns_jscan js;
	struct ns_buf b = NS_BUF_INIT;
	const char *line;

	line = "{\"id\":\"r1\",\"x\":{\"b\":[1, 2.5e3, true, null]},"
	    "\"text\":\"Стив Уиткофф\"}  ";
	ok(ns_jscan_object(line, strlen(line), "text", owned, &js), "valid");
	is_str(js.val, js.vlen, "Стив Уиткофф", "the text member");
	is_int(js.escaped, 0, "no escapes");
	is_int(js.nmembers, 3, "three members");
	is_int(line[js.close], '}', "close is the brace");
	is_int(js.close, strlen(line) - 3, "before the trailing spaces");
	is_int(js.owned, 0, "no owned keys");

	line = "{\"lang\":\"ru\",\"text\":\"a\\\"b\\\\c\\n\\u0416\\u00e9/\"}";
	ok(ns_jscan_object(line, strlen(line), "text", owned, &js),
	    "escapes");
	is_int(js.owned, 1, "lang seen");
	ok(js.escaped, "escaped");
	ns_jscan_unescape(&b, js.val, js.vlen);
	is_str(b.p, b.len, "a\"b\\c\nЖé/", "unescaped");

	scan("{\"text\":\"x\"}", 1, "minimal");
	scan("{}", 0, "no text member");
	scan("{\"text\":42}", 0, "text not a string");
	scan("[1,2]", 0, "not an object");
	scan("{\"text\":\"a\",\"text\":\"b\"}", 0, "repeated member");
	scan("{\"text\":\"a\"} x", 0, "trailing garbage");
	scan("{\"text\":\"a\",}", 0, "trailing comma");
	scan("{\"text\":\"a\" \"b\"}", 0, "missing comma");
	scan("{\"n\":123456789012345678901,\"text\":\"a\"}", 0,
	    "integer beyond 64 bits: left to jansson");
	scan("{\"n\":1e999,\"text\":\"a\"}", 0, "huge exponent: left to jansson");
	scan("{\"n\":-0.5E+12,\"text\":\"a\"}", 1, "a real");
	scan("{\"n\":012,\"text\":\"a\"}", 0, "leading zero");
	scan("{\"text\":\"\\ud83d\\ude00\"}", 0, "surrogates: left to jansson");
	scan("{\"text\":\"\\u0000x\"}", 1, "NUL allowed");
	scan("{\"text\":\"a\tb\"}", 0, "raw control character");
	scan("{\"text\":\"\\x\"}", 0, "bad escape");
	scan("{\"text\":\"\xff\"}", 0, "invalid UTF-8");
	scan("{\"t\\u0065xt\":\"a\"}", 0, "escaped key: left to jansson");
	scan("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]],\"text\":\"a\"}", 0, "deep nesting");
	scan("{\"a\":{\"b\":{}},\"c\":[],\"text\":\"a\"}", 1, "empty containers");
	scan("{\"a\":tru,\"text\":\"a\"}", 0, "bad literal");
	scan(" \t{ \"text\" : \"a\" } ", 1, "white space everywhere");
	ns_buf_free(&b);
	return tap_done();
}
