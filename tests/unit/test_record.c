/* test_record.c: parsing records and splicing output fields. */
#include <stdarg.h>

#include "record.h"
#include "tap.h"

static const char *const owned[] = { "lang", "lang_score", NULL };

static void
splice(struct ns_buf *b, const char *line)
{
	struct ns_emit e;
	json_t *obj = ns_record_parse(line, strlen(line), NULL);

	ns_buf_reset(b);
	ns_emit_begin(&e, b, line, strlen(line), obj, owned);
	ns_emit_key(&e, "lang");
	ns_buf_json_str(b, "uk", 2);
	ns_emit_key(&e, "lang_score");
	ns_emit_score(b, 0.97);
	ns_emit_end(&e);
	json_decref(obj);
}

int
main(void)
{
	struct ns_buf b = NS_BUF_INIT;
	struct ns_error err;
	const char *s;
	size_t n;
	json_t *obj;

	splice(&b, "{\"z\":1.0e6,\"text\":\"\\u0456\",\"a\":[1,{\"b\":\"}\"}]}");
	is_str(b.p, b.len, "{\"z\":1.0e6,\"text\":\"\\u0456\",\"a\":[1,{\"b\":"
	    "\"}\"}],\"lang\":\"uk\",\"lang_score\":0.97}\n",
	    "other fields kept byte for byte, ours appended");
	splice(&b, "{}");
	is_str(b.p, b.len, "{\"lang\":\"uk\",\"lang_score\":0.97}\n",
	    "no leading comma after {}");
	splice(&b, "{ \"lang\" : \"ru\", \"id\":\"x\" ,\"lang_score\":0.5 }");
	is_str(b.p, b.len, "{\"id\":\"x\",\"lang\":\"uk\",\"lang_score\":0.97}\n",
	    "owned fields replaced, not duplicated");
	splice(&b, "{\"l\\u0061ng\":\"ru\",\"x\":\"a,b\"}");
	is_str(b.p, b.len, "{\"x\":\"a,b\",\"lang\":\"uk\",\"lang_score\":0.97}\n",
	    "escaped owned key recognised");

	ok(ns_record_parse("[1]", 3, &err) == NULL, "array rejected");
	is_str(err.msg, strlen(err.msg), "not a JSON object", "array message");
	ok(ns_record_parse("{\"a\":bad}", 9, &err) == NULL, "bad JSON rejected");
	is_str(err.msg, strlen(err.msg),
	    "invalid JSON at byte 8: invalid token near 'bad'",
	    "jansson's message and position");
	is_int(err.byte, 8, "byte position kept for the caller");
	ok(ns_record_parse("{\"a\":\"\xFF\"}", 9, &err) == NULL,
	    "invalid UTF-8 rejected");

	obj = ns_record_parse("{\"text\":\"a\\u0000b\",\"n\":3}", 25, &err);
	ok(obj != NULL, "NUL inside a string accepted");
	ok(ns_record_string(obj, "text", &s, &n, &err) == 0 && n == 3,
	    "string with NUL has its length");
	ok(ns_record_string(obj, "n", &s, &n, &err) == -1, "number refused");
	is_str(err.msg, strlen(err.msg), "field \"n\" is not a string",
	    "wrong type message");
	ns_record_string(obj, "title", &s, &n, &err);
	is_str(err.msg, strlen(err.msg), "missing field \"title\"",
	    "missing field message");
	json_decref(obj);

	ns_buf_reset(&b);
	ns_emit_score(&b, 0.5);
	ns_buf_addc(&b, ' ');
	ns_emit_score(&b, 1.0);
	ns_buf_addc(&b, ' ');
	ns_emit_score(&b, 0.123456);
	ns_buf_addc(&b, ' ');
	ns_emit_score(&b, 0.00004);
	is_str(b.p, b.len, "0.5 1 0.1235 0", "scores rounded to 4 decimals");
	ns_buf_free(&b);
	return tap_done();
}
