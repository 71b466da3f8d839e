/* test_record.c: parsing records and splicing output fields. */
#include <stdarg.h>

#include "record.h"
#include "tap.h"

static const char *const owned[] = { "lang", "lang_score", NULL };

static void
splice(struct ns_buf *b, const char *line)
{
	struct ns_emit e;
	struct ns_rec rec;

	ns_rec_init(&rec);
	ns_rec_parse(&rec, line, strlen(line), NULL);
	ns_buf_reset(b);
	ns_emit_begin(&e, b, &rec, owned);
	ns_emit_key(&e, "lang");
	ns_buf_json_str(b, "uk", 2);
	ns_emit_key(&e, "lang_score");
	ns_emit_score(b, 0.97);
	ns_emit_end(&e);
	ns_rec_free(&rec);
}

/*
 * Mutate real records byte by byte (deterministic PRNG) and check that the
 * scanner and jansson agree on every result.
 */
static int
mutations(struct ns_rec *rec)
{
	static const char *const seeds[] = {
		"{\"id\":\"a\",\"text\":\"Уиткофф \\u0456 \\ud83d\\ude00\",\"n\":[1,-2.5e3,{}]}",
		"{\"z\":1.0e6,\"x\":{\"b\":[true,false,null]},\"t\":\"«Главком»\"}",
	};
	static const char alphabet[] = "{}[]\":,\\/ 0123456789-+.eEtrufalsn"
	    "\x80\xBF\xC2\xD0\xE2\xED\xF0\xF4\xFF\x01\t";
	unsigned long long x = 88172645463325252ULL;
	struct ns_error err;
	char buf[128];
	int k, j, len, bad = 0;

	for (k = 0; k < 200000; k++) {
		const char *seed = seeds[k & 1];
		json_t *v;
		int want, got;

		len = (int)strlen(seed);
		memcpy(buf, seed, (size_t)len);
		for (j = 0; j < 1 + k % 3; j++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			if (x % 5 == 0 && len > 1) {	/* delete */
				int at = (int)((x >> 8) % (unsigned)len);
				memmove(buf + at, buf + at + 1, (size_t)(len - at - 1));
				len--;
			} else {			/* replace */
				buf[(x >> 8) % (unsigned)len] =
				    alphabet[(x >> 24) % (sizeof(alphabet) - 1)];
			}
		}
		v = json_loadb(buf, (size_t)len, JSON_ALLOW_NUL, NULL);
		want = v != NULL && json_is_object(v);
		json_decref(v);
		got = ns_rec_parse(rec, buf, (size_t)len, &err) == 0;
		if (want != got && bad++ < 5)
			printf("# disagree (jansson %d): '%.*s'\n", want, len, buf);
	}
	return bad == 0;
}

int
main(void)
{
	struct ns_buf b = NS_BUF_INIT;
	struct ns_error err;
	struct ns_rec rec;
	const char *s, *line;
	size_t n;

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

	ns_rec_init(&rec);
	ok(ns_rec_parse(&rec, "[1]", 3, &err) == -1, "array rejected");
	is_str(err.msg, strlen(err.msg), "not a JSON object", "array message");
	ok(ns_rec_parse(&rec, "{\"a\":bad}", 9, &err) == -1,
	    "bad JSON rejected");
	is_str(err.msg, strlen(err.msg),
	    "invalid JSON at byte 8: invalid token near 'bad'",
	    "jansson's message and position");
	is_int(err.byte, 8, "byte position kept for the caller");
	ok(ns_rec_parse(&rec, "{\"a\":\"\xFF\"}", 9, &err) == -1,
	    "invalid UTF-8 rejected");
	is_str(err.msg, strlen(err.msg),
	    "invalid JSON at byte 6: unable to decode byte 0xff near '\"'",
	    "invalid UTF-8 message");
	ok(ns_rec_parse(&rec, "\"x\"", 3, &err) == -1, "a string rejected");
	is_str(err.msg, strlen(err.msg),
	    "invalid JSON at byte 3: '[' or '{' expected near '\"x\"'",
	    "top-level string message");

	line = "{\"text\":\"a\\u0000b \\u0456\\ud83d\\ude00\\n\\\"\","
	    "\"n\":3,\"id\":1.0e6,\"o\":{\"k\":[true,null]},\"z\":null}";
	ok(ns_rec_parse(&rec, line, strlen(line), &err) == 0,
	    "escapes, NUL, surrogate pair accepted");
	is_int(rec.nm, 5, "five members");
	ok(ns_rec_string(&rec, "text", &s, &n, &err) == 0, "text decoded");
	is_int(n, 12, "NUL, і, 😀, newline and quote decoded");
	ok(memcmp(s, "a\0b \xD1\x96\xF0\x9F\x98\x80\n\"", 12) == 0,
	    "decoded bytes");
	ok(ns_rec_string(&rec, "n", &s, &n, &err) == -1, "number refused");
	is_str(err.msg, strlen(err.msg), "field \"n\" is not a string",
	    "wrong type message");
	ns_rec_string(&rec, "title", &s, &n, &err);
	is_str(err.msg, strlen(err.msg), "missing field \"title\"",
	    "missing field message");
	ns_buf_reset(&b);
	ok(ns_rec_scalar(&rec, "id", &b) == 0, "number id");
	is_str(b.p, b.len, "1.0e6", "number id as written");
	ok(ns_rec_scalar(&rec, "z", &b) == -1, "null is no value");
	ok(ns_rec_get(&rec, "o")->type == NS_JOBJECT, "object member typed");
	ok(json_is_object(json_object_get(ns_rec_json(&rec), "o")),
	    "jansson tree on demand");

	/* Lines jansson refuses must be refused, and the other way round. */
	{
		static const char *const bad[] = {
			"{\"a\":1,}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":1.}",
			"{\"a\":-}", "{\"a\":1e}", "{\"a\":\"\\x\"}",
			"{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}",
			"{\"a\":\"\t\"}", "{\"a\":tru}", "{\"a\":[1,]}",
			"{\"a\":1} x", "{\"a\":99999999999999999999}",
			"{\"a\":1e999}", "{\"a\":\"\xC0\xAF\"}", "{\"a\":\"\xE2\x82\"}",
			"{\"a\":\"x}", "{", "", "{\"a\":[}", "{\"a\":{\"b\":1]}",
			NULL
		};
		static const char *const good[] = {
			"{}", " { } ", "{\"a\":-0.5e-3}", "{\"a\":[[],{}]}",
			"{\"a\":9223372036854775807}", "{\"a\":1e-999}",
			"{\"\\u0061\":\"\\/\"}", "{\"a\":\"ok\"}\r",
			NULL
		};
		int j, agree = 1;

		for (j = 0; bad[j] != NULL; j++) {
			json_t *v = json_loadb(bad[j], strlen(bad[j]),
			    JSON_ALLOW_NUL, NULL);
			if (v != NULL || ns_rec_parse(&rec, bad[j],
			    strlen(bad[j]), &err) != -1) {
				printf("# disagree on bad '%s'\n", bad[j]);
				agree = 0;
			}
			json_decref(v);
		}
		for (j = 0; good[j] != NULL; j++) {
			json_t *v = json_loadb(good[j], strlen(good[j]),
			    JSON_ALLOW_NUL, NULL);
			if (v == NULL || ns_rec_parse(&rec, good[j],
			    strlen(good[j]), &err) != 0) {
				printf("# disagree on good '%s'\n", good[j]);
				agree = 0;
			}
			json_decref(v);
		}
		ok(agree, "the scanner accepts exactly what jansson accepts");
	}
	ok(mutations(&rec), "and so on 200000 random mutations of records");
	ns_rec_free(&rec);

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
