/* buf.c: growable byte buffer and allocation helpers. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void
nomem(void)
{
	/* The one place libns gives up: there is no sane way on. */
	fputs("ns: out of memory\n", stderr);
	abort();
}

void *
ns_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
ns_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
ns_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		nomem();
	return p;
}

char *
ns_xstrndup(const char *s, size_t n)
{
	char *p = ns_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
ns_xstrdup(const char *s)
{
	return ns_xstrndup(s, strlen(s));
}

void
ns_buf_reserve(struct ns_buf *b, size_t n)
{
	size_t cap;

	if (b->len + n + 1 <= b->cap)
		return;
	if (n > SIZE_MAX / 2 - b->len)
		nomem();
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = ns_xrealloc(b->p, cap);
	b->cap = cap;
}

void
ns_buf_add(struct ns_buf *b, const void *s, size_t n)
{
	ns_buf_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
ns_buf_adds(struct ns_buf *b, const char *s)
{
	ns_buf_add(b, s, strlen(s));
}

void
ns_buf_align(struct ns_buf *b, size_t a)
{
	static const char zero[64];

	if (b->len % a != 0)
		ns_buf_add(b, zero, a - b->len % a);
}

void
ns_buf_printf(struct ns_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ns_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
ns_buf_addint(struct ns_buf *b, long long v)
{
	char tmp[24];
	char *q = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	ns_buf_add(b, q, (size_t)(tmp + sizeof(tmp) - q));
}

/*
 * Length of the prefix of s[0..n) that needs no JSON escape (no control
 * character, '"' or '\\'), eight bytes at a time.
 */
static size_t
plainrun(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t w, q, bs;
	size_t i = 0;
	unsigned char c;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		q = w ^ (ones * '"');
		bs = w ^ (ones * '\\');
		/* A byte below 0x20, or equal to '"' or '\\' (a zero). */
		if ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		    ((bs - ones) & ~bs)) & high)
			break;
	}
	for (; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

void
ns_buf_json_str(struct ns_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run;

	ns_buf_reserve(b, n + 2);
	b->p[b->len++] = '"';
	for (i = 0; i < n; i += run) {
		unsigned char c = (unsigned char)s[i];

		/* Copy runs of bytes that need no escape in one go. */
		run = plainrun(s + i, n - i);
		if (run > 0) {
			ns_buf_add(b, s + i, run);
			continue;
		}
		run = 1;
		ns_buf_reserve(b, 6);
		b->p[b->len++] = '\\';
		switch (c) {
		case '"':  b->p[b->len++] = '"'; break;
		case '\\': b->p[b->len++] = '\\'; break;
		case '\n': b->p[b->len++] = 'n'; break;
		case '\r': b->p[b->len++] = 'r'; break;
		case '\t': b->p[b->len++] = 't'; break;
		case '\b': b->p[b->len++] = 'b'; break;
		case '\f': b->p[b->len++] = 'f'; break;
		default:
			b->p[b->len++] = 'u';
			b->p[b->len++] = '0';
			b->p[b->len++] = '0';
			b->p[b->len++] = hex[c >> 4];
			b->p[b->len++] = hex[c & 15];
		}
	}
	ns_buf_addc(b, '"');
}

void
ns_buf_reset(struct ns_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
ns_buf_free(struct ns_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
