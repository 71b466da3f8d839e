/* utf8.c: UTF-8 validation, repair and code-point offsets. */
#include <string.h>

#include "utf8.h"

/*
 * Length of the valid sequence starting at s[0] (1..4), or 0 if the bytes
 * there do not start a valid sequence; *bad gets the length of the maximal
 * invalid subpart then (at least 1).
 */
static size_t
seqlen(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	*bad = 1;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		need = 1;
	else if (c < 0xF0) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

size_t
ns_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k, bad;

	while (i < n) {
		/* ASCII fast path, eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, u + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* Two-byte letters (Cyrillic, Greek, Latin with marks). */
		while (i + 1 < n && u[i] >= 0xC2 && u[i] < 0xE0 &&
		    (u[i + 1] & 0xC0) == 0x80)
			i += 2;
		if (i >= n || u[i] < 0x80)
			continue;
		k = seqlen(u + i, n - i, &bad);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
ns_utf8_repair(struct ns_buf *out, const char *s, size_t n)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, nrepl = 0, ok, bad;

	ns_buf_reserve(out, n);
	while (i < n) {
		ok = ns_utf8_valid_prefix(s + i, n - i);
		ns_buf_add(out, s + i, ok);
		i += ok;
		if (i >= n)
			break;
		(void)seqlen(u + i, n - i, &bad);
		ns_buf_add(out, fffd, 3);
		nrepl++;
		i += bad;
	}
	return nrepl;
}

size_t
ns_utf8_count(const char *s, size_t n)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0, count = n;
	uint64_t w;

	/*
	 * Subtract the continuation bytes (10xxxxxx), eight at a time: one
	 * bit per such byte, summed by a multiplication (no popcount
	 * instruction needed).
	 */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		w = (w & ~(w << 1) & high) >> 7;
		count -= (size_t)((w * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		count -= ((unsigned char)s[i] & 0xC0) == 0x80;
	return count;
}

size_t
ns_utf8_encode(int32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

size_t
ns_utf8_byte_offset(const char *s, size_t n, size_t cp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cp == 0)
				return i;
			cp--;
		}
	}
	return n;
}
