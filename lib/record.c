/* record.c: NDJSON records in, records out with other tools' bytes kept. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "utf8.h"

/*
 * The scanner validates a line in one pass without building a tree; it
 * accepts exactly what jansson's json_loadb(JSON_ALLOW_NUL) accepts, and
 * leaves the wording of errors to jansson (they are rare, speed is not).
 */

#define MAXDEPTH	2048	/* jansson's JSON_PARSER_MAX_DEPTH */

struct scan {
	const unsigned char	*s;
	size_t			 n;
	size_t			 i;
	int			 depth;
};

static void
skipws(struct scan *sc)
{
	while (sc->i < sc->n && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
	    sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

static int
hex4(const unsigned char *p, unsigned *v)
{
	int k;

	*v = 0;
	for (k = 0; k < 4; k++) {
		unsigned c = p[k];

		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		*v = *v << 4 | c;
	}
	return 0;
}

/* Eight bytes that are plain ASCII string content (no ", \, controls). */
static int
plain8(const unsigned char *p)
{
	uint64_t w, ctl, quote, bsl;

	memcpy(&w, p, 8);
	ctl = (w - 0x2020202020202020ULL) & ~w;
	quote = w ^ 0x2222222222222222ULL;
	quote = (quote - 0x0101010101010101ULL) & ~quote;
	bsl = w ^ 0x5C5C5C5C5C5C5C5CULL;
	bsl = (bsl - 0x0101010101010101ULL) & ~bsl;
	return ((ctl | quote | bsl | w) & 0x8080808080808080ULL) == 0;
}

/* A string at s[i] == '"'; *esc set when it holds escapes. */
static int
scan_string(struct scan *sc, int *esc)
{
	const unsigned char *s = sc->s;
	size_t n = sc->n, i = sc->i + 1, k;
	unsigned u, lo;

	*esc = 0;
	for (;;) {
		while (i + 8 <= n && plain8(s + i))
			i += 8;
		if (i >= n)
			return -1;
		if (s[i] == '"')
			break;
		if (s[i] >= 0x80) {
			/* A run of non-ASCII bytes holds whole sequences. */
			for (k = i; k < n && s[k] >= 0x80; k++)
				;
			if (ns_utf8_valid_prefix((const char *)s + i, k - i) !=
			    k - i)
				return -1;
			i = k;
			continue;
		}
		if (s[i] < 0x20)
			return -1;
		if (s[i] != '\\') {
			i++;
			continue;
		}
		*esc = 1;
		if (i + 1 >= n)
			return -1;
		switch (s[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			i += 2;
			continue;
		case 'u':
			break;
		default:
			return -1;
		}
		if (i + 6 > n || hex4(s + i + 2, &u) == -1)
			return -1;
		i += 6;
		if (u >= 0xDC00 && u <= 0xDFFF)
			return -1;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u' ||
			    hex4(s + i + 2, &lo) == -1 || lo < 0xDC00 ||
			    lo > 0xDFFF)
				return -1;
			i += 6;
		}
	}
	sc->i = i + 1;
	return 0;
}

static int
digits(struct scan *sc)
{
	size_t i0 = sc->i;

	while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
		sc->i++;
	return sc->i > i0 ? 0 : -1;
}

static int
scan_number(struct scan *sc)
{
	size_t i0 = sc->i;
	int real = 0;
	char tmp[64], *num;
	double d;

	if (sc->s[sc->i] == '-')
		sc->i++;
	if (sc->i < sc->n && sc->s[sc->i] == '0')
		sc->i++;
	else if (digits(sc) == -1)
		return -1;
	if (sc->i < sc->n && sc->s[sc->i] == '.') {
		sc->i++;
		real = 1;
		if (digits(sc) == -1)
			return -1;
	}
	if (sc->i < sc->n && (sc->s[sc->i] | 0x20) == 'e') {
		sc->i++;
		real = 1;
		if (sc->i < sc->n && (sc->s[sc->i] == '+' ||
		    sc->s[sc->i] == '-'))
			sc->i++;
		if (digits(sc) == -1)
			return -1;
	}
	/* Short plain integers cannot overflow; check the rest as jansson. */
	if (!real && sc->i - i0 <= 18)
		return 0;
	if (real && sc->i - i0 <= 15 && memchr(sc->s + i0, 'e', sc->i - i0)
	    == NULL && memchr(sc->s + i0, 'E', sc->i - i0) == NULL)
		return 0;
	num = sc->i - i0 < sizeof(tmp) ? tmp : ns_xmalloc(sc->i - i0 + 1);
	memcpy(num, sc->s + i0, sc->i - i0);
	num[sc->i - i0] = '\0';
	errno = 0;
	if (real) {
		d = strtod(num, NULL);
		if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
			errno = ERANGE;
		else
			errno = 0;
	} else
		(void)strtoll(num, NULL, 10);
	if (num != tmp)
		free(num);
	return errno == ERANGE ? -1 : 0;
}

static int
literal(struct scan *sc, const char *word, size_t len)
{
	if (sc->n - sc->i < len || memcmp(sc->s + sc->i, word, len) != 0)
		return -1;
	sc->i += len;
	return 0;
}

static int	scan_value(struct scan *, enum ns_jtype *);

/* An object or array at s[i]; the members of the top level are kept. */
static int
scan_container(struct scan *sc, struct ns_rec *top)
{
	int obj = sc->s[sc->i] == '{', esc;
	unsigned char close = obj ? '}' : ']';
	struct ns_member *m;
	enum ns_jtype t;
	size_t k0;

	if (++sc->depth > MAXDEPTH)
		return -1;
	sc->i++;
	skipws(sc);
	if (sc->i < sc->n && sc->s[sc->i] == close) {
		sc->i++;
		sc->depth--;
		return 0;
	}
	for (;;) {
		if (obj) {
			if (sc->i >= sc->n || sc->s[sc->i] != '"')
				return -1;
			k0 = sc->i + 1;
			if (scan_string(sc, &esc) == -1)
				return -1;
			if (top != NULL) {
				if (top->nm == top->mcap) {
					top->mcap = top->mcap ? 2 * top->mcap : 16;
					top->m = ns_xrealloc(top->m,
					    top->mcap * sizeof(*top->m));
				}
				m = &top->m[top->nm++];
				m->k0 = k0;
				m->k1 = sc->i - 1;
				m->kesc = esc;
			}
			skipws(sc);
			if (sc->i >= sc->n || sc->s[sc->i] != ':')
				return -1;
			sc->i++;
			skipws(sc);
			if (top != NULL)
				top->m[top->nm - 1].v0 = sc->i;
		}
		if (scan_value(sc, &t) == -1)
			return -1;
		if (obj && top != NULL) {
			top->m[top->nm - 1].v1 = sc->i;
			top->m[top->nm - 1].type = t;
		}
		skipws(sc);
		if (sc->i >= sc->n)
			return -1;
		if (sc->s[sc->i] == close)
			break;
		if (sc->s[sc->i] != ',')
			return -1;
		sc->i++;
		skipws(sc);
	}
	sc->i++;
	sc->depth--;
	return 0;
}

static int
scan_value(struct scan *sc, enum ns_jtype *t)
{
	int esc;

	if (sc->i >= sc->n)
		return -1;
	switch (sc->s[sc->i]) {
	case '"':
		*t = NS_JSTRING;
		return scan_string(sc, &esc);
	case '{':
		*t = NS_JOBJECT;
		return scan_container(sc, NULL);
	case '[':
		*t = NS_JARRAY;
		return scan_container(sc, NULL);
	case 't':
		*t = NS_JTRUE;
		return literal(sc, "true", 4);
	case 'f':
		*t = NS_JFALSE;
		return literal(sc, "false", 5);
	case 'n':
		*t = NS_JNULL;
		return literal(sc, "null", 4);
	default:
		*t = NS_JNUMBER;
		if (sc->s[sc->i] == '-' ||
		    (sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9'))
			return scan_number(sc);
		return -1;
	}
}

static void
clear(struct ns_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->nstrs; i++)
		free(rec->strs[i]);
	rec->nstrs = 0;
	rec->nm = 0;
	json_decref(rec->obj);
	rec->obj = NULL;
}

void
ns_rec_init(struct ns_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
}

void
ns_rec_free(struct ns_rec *rec)
{
	clear(rec);
	free(rec->strs);
	free(rec->m);
	ns_buf_free(&rec->tmp);
	memset(rec, 0, sizeof(*rec));
}

/* The error of a line the scanner refused, in jansson's words. */
static int
invalid(const char *line, size_t len, size_t at, struct ns_error *err)
{
	json_error_t jerr;
	json_t *v;
	long byte;

	v = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	if (v != NULL && !json_is_object(v)) {
		json_decref(v);
		ns_error_set(err, "not a JSON object");
		return -1;
	}
	if (v != NULL) {
		/* Never expected: report where the scanner stopped. */
		json_decref(v);
		ns_error_set(err, "invalid JSON at byte %zu: unexpected input",
		    at + 1);
		if (err != NULL)
			err->byte = (long)at + 1;
		return -1;
	}
	byte = jerr.position > 0 ? (long)jerr.position : 1;
	ns_error_set(err, "invalid JSON at byte %ld: %s", byte, jerr.text);
	if (err != NULL)
		err->byte = byte;
	return -1;
}

int
ns_rec_parse(struct ns_rec *rec, const char *line, size_t len,
    struct ns_error *err)
{
	struct scan sc = { (const unsigned char *)line, len, 0, 0 };
	enum ns_jtype t;

	clear(rec);
	rec->line = line;
	rec->len = len;
	skipws(&sc);
	if (sc.i < len && line[sc.i] == '[') {
		if (scan_value(&sc, &t) == 0 && (skipws(&sc), sc.i == len)) {
			ns_error_set(err, "not a JSON object");
			return -1;
		}
		return invalid(line, len, sc.i, err);
	}
	if (sc.i >= len || line[sc.i] != '{' || scan_container(&sc, rec) == -1) {
		rec->nm = 0;
		return invalid(line, len, sc.i, err);
	}
	rec->close = sc.i - 1;
	skipws(&sc);
	if (sc.i != len) {
		rec->nm = 0;
		return invalid(line, len, sc.i, err);
	}
	return 0;
}

/* Decode the JSON string at line[v0..v1) (quotes included) into out. */
static void
decode(struct ns_buf *out, const char *s, size_t v0, size_t v1)
{
	size_t i = v0 + 1, end = v1 - 1, run;
	unsigned u, lo;
	char enc[4];

	ns_buf_reserve(out, end - i);
	while (i < end) {
		const char *bs = memchr(s + i, '\\', end - i);

		run = (bs != NULL ? (size_t)(bs - s) : end) - i;
		ns_buf_add(out, s + i, run);
		i += run;
		if (i >= end)
			break;
		switch (s[i + 1]) {
		case 'b': ns_buf_addc(out, '\b'); break;
		case 'f': ns_buf_addc(out, '\f'); break;
		case 'n': ns_buf_addc(out, '\n'); break;
		case 'r': ns_buf_addc(out, '\r'); break;
		case 't': ns_buf_addc(out, '\t'); break;
		case 'u':
			hex4((const unsigned char *)s + i + 2, &u);
			if (u >= 0xD800 && u <= 0xDBFF) {
				hex4((const unsigned char *)s + i + 8, &lo);
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 6;
			}
			ns_buf_add(out, enc, ns_utf8_encode((int32_t)u, enc));
			i += 4;
			break;
		default:	/* " \ / */
			ns_buf_addc(out, s[i + 1]);
		}
		i += 2;
	}
}

/* Whether member m's key is key. */
static int
keyis(struct ns_rec *rec, const struct ns_member *m, const char *key,
    size_t klen)
{
	if (!m->kesc)
		return m->k1 - m->k0 == klen &&
		    memcmp(rec->line + m->k0, key, klen) == 0;
	ns_buf_reset(&rec->tmp);
	decode(&rec->tmp, rec->line, m->k0 - 1, m->k1 + 1);
	return rec->tmp.len == klen && memcmp(rec->tmp.p, key, klen) == 0;
}

const struct ns_member *
ns_rec_get(struct ns_rec *rec, const char *key)
{
	size_t klen = strlen(key), j;

	for (j = rec->nm; j-- > 0;)
		if (keyis(rec, &rec->m[j], key, klen))
			return &rec->m[j];
	return NULL;
}

int
ns_rec_string(struct ns_rec *rec, const char *field, const char **s,
    size_t *n, struct ns_error *err)
{
	const struct ns_member *m = ns_rec_get(rec, field);
	struct ns_buf b = NS_BUF_INIT;

	if (m == NULL) {
		ns_error_set(err, "missing field \"%s\"", field);
		return -1;
	}
	if (m->type != NS_JSTRING) {
		ns_error_set(err, "field \"%s\" is not a string", field);
		return -1;
	}
	decode(&b, rec->line, m->v0, m->v1);
	if (b.p == NULL)
		ns_buf_reserve(&b, 1);
	if (rec->nstrs == rec->scap) {
		rec->scap = rec->scap ? 2 * rec->scap : 4;
		rec->strs = ns_xrealloc(rec->strs,
		    rec->scap * sizeof(*rec->strs));
	}
	rec->strs[rec->nstrs++] = b.p;
	*s = b.p;
	*n = b.len;
	return 0;
}

int
ns_rec_scalar(struct ns_rec *rec, const char *key, struct ns_buf *out)
{
	const struct ns_member *m = ns_rec_get(rec, key);

	if (m == NULL || m->type == NS_JNULL)
		return -1;
	if (m->type == NS_JSTRING)
		decode(out, rec->line, m->v0, m->v1);
	else
		ns_buf_add(out, rec->line + m->v0, m->v1 - m->v0);
	return 0;
}

json_t *
ns_rec_json(struct ns_rec *rec)
{
	if (rec->obj == NULL)
		rec->obj = json_loadb(rec->line, rec->len, JSON_ALLOW_NUL,
		    NULL);
	return rec->obj;
}

/* Whether member m is one the tool owns. */
static int
isowned(struct ns_rec *rec, const struct ns_member *m,
    const char *const *owned)
{
	size_t j;

	for (j = 0; owned[j] != NULL; j++)
		if (keyis(rec, m, owned[j], strlen(owned[j])))
			return 1;
	return 0;
}

void
ns_emit_begin(struct ns_emit *e, struct ns_buf *out, struct ns_rec *rec,
    const char *const *owned)
{
	size_t j;
	int any = 0;

	e->out = out;
	e->nmembers = 0;
	for (j = 0; owned != NULL && j < rec->nm && !any; j++)
		any = isowned(rec, &rec->m[j], owned);
	if (!any) {
		/* Everything up to the closing brace, as it was. */
		ns_buf_add(out, rec->line, rec->close);
		e->nmembers = rec->nm > 0;
		return;
	}
	ns_buf_addc(out, '{');
	for (j = 0; j < rec->nm; j++) {
		const struct ns_member *m = &rec->m[j];

		if (isowned(rec, m, owned))
			continue;
		if (e->nmembers++ > 0)
			ns_buf_addc(out, ',');
		ns_buf_add(out, rec->line + m->k0 - 1, m->v1 - m->k0 + 1);
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
