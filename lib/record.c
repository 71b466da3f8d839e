/* record.c: NDJSON records in, records out with other tools' bytes kept. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "record.h"

json_t *
ns_record_parse(const char *line, size_t len, struct ns_error *err)
{
	json_error_t jerr;
	json_t *obj;

	obj = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	if (obj == NULL) {
		/* jansson's position is the byte after the problem (1-based). */
		long byte = jerr.position > 0 ? (long)jerr.position : 1;

		ns_error_set(err, "invalid JSON at byte %ld: %s", byte,
		    jerr.text);
		if (err != NULL)
			err->byte = byte;
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		ns_error_set(err, "not a JSON object");
		return NULL;
	}
	return obj;
}

int
ns_record_string(const json_t *obj, const char *field, const char **s,
    size_t *n, struct ns_error *err)
{
	const json_t *v = json_object_get(obj, field);

	if (v == NULL) {
		ns_error_set(err, "missing field \"%s\"", field);
		return -1;
	}
	if (!json_is_string(v)) {
		ns_error_set(err, "field \"%s\" is not a string", field);
		return -1;
	}
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 0;
}

static size_t
skipws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i;
}

/* Index just past the JSON string starting at s[i] == '"'. */
static size_t
skipstr(const char *s, size_t i, size_t n)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

/* Index just past the JSON value starting at s[i] (validated input). */
static size_t
skipvalue(const char *s, size_t i, size_t n)
{
	int depth = 0;

	for (; i < n; i++) {
		switch (s[i]) {
		case '"':
			i = skipstr(s, i, n) - 1;
			if (depth == 0)
				return i + 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return i;
			if (--depth == 0)
				return i + 1;
			break;
		case ',':
			if (depth == 0)
				return i;
			break;
		default:
			break;
		}
	}
	return n;
}

/* Whether the raw key s[0..n) (between quotes) names one of owned. */
static int
isowned(const char *s, size_t n, const char *const *owned)
{
	json_t *k;
	const char *key = s;
	size_t klen = n, j;
	int hit = 0;

	k = NULL;
	if (memchr(s, '\\', n) != NULL) {
		/* An escaped key: let jansson decode it. */
		k = json_loadb(s - 1, n + 2, JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    NULL);
		if (k == NULL || !json_is_string(k)) {
			json_decref(k);
			return 0;
		}
		key = json_string_value(k);
		klen = json_string_length(k);
	}
	for (j = 0; owned[j] != NULL; j++)
		if (strlen(owned[j]) == klen && memcmp(owned[j], key, klen) == 0)
			hit = 1;
	json_decref(k);
	return hit;
}

void
ns_emit_begin(struct ns_emit *e, struct ns_buf *out, const char *line,
    size_t len, const json_t *obj, const char *const *owned)
{
	size_t i, j, start, klen, close;
	int any = 0;

	e->out = out;
	e->nmembers = 0;
	for (j = 0; owned != NULL && owned[j] != NULL; j++)
		if (json_object_get(obj, owned[j]) != NULL)
			any = 1;
	/* The closing brace is the last one on the (validated) line. */
	close = len;
	while (close > 0 && line[close - 1] != '}')
		close--;
	close = close > 0 ? close - 1 : 0;
	if (!any) {
		ns_buf_add(out, line, close);
		e->nmembers = json_object_size(obj) > 0;
		return;
	}
	ns_buf_addc(out, '{');
	i = skipws(line, 0, len) + 1;		/* past '{' */
	while ((i = skipws(line, i, close)) < close) {
		start = i;
		klen = skipstr(line, i, close) - i - 2;
		i = skipws(line, i + klen + 2, close) + 1;	/* past ':' */
		i = skipvalue(line, skipws(line, i, close), close);
		if (!isowned(line + start + 1, klen, owned)) {
			if (e->nmembers++ > 0)
				ns_buf_addc(out, ',');
			ns_buf_add(out, line + start, i - start);
		}
		i = skipws(line, i, close);
		if (i < close && line[i] == ',')
			i++;
	}
}

void
ns_emit_new(struct ns_emit *e, struct ns_buf *out)
{
	e->out = out;
	e->nmembers = 0;
	ns_buf_addc(out, '{');
}

void
ns_emit_key(struct ns_emit *e, const char *key)
{
	size_t n = strlen(key);

	ns_buf_reserve(e->out, n + 4);
	if (e->nmembers++ > 0)
		e->out->p[e->out->len++] = ',';
	e->out->p[e->out->len++] = '"';
	memcpy(e->out->p + e->out->len, key, n);
	e->out->len += n;
	e->out->p[e->out->len++] = '"';
	e->out->p[e->out->len++] = ':';
	e->out->p[e->out->len] = '\0';
}

void
ns_emit_end(struct ns_emit *e)
{
	ns_buf_add(e->out, "}\n", 2);
}

void
ns_emit_score(struct ns_buf *out, double v)
{
	long long scaled;
	int frac, digits;
	char tmp[8];

	if (!isfinite(v))
		v = 0;
	scaled = llround(v * 10000);
	if (scaled < 0) {
		ns_buf_addc(out, '-');
		scaled = -scaled;
	}
	ns_buf_addint(out, scaled / 10000);
	frac = (int)(scaled % 10000);
	if (frac == 0)
		return;
	digits = 4;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(tmp, sizeof(tmp), ".%0*d", digits, frac);
	ns_buf_adds(out, tmp);
}
