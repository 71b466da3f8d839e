/* utf8.h: UTF-8 validation, repair and code-point offsets. */
#ifndef NS_UTF8_H
#define NS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Length of the longest valid UTF-8 prefix of s[0..n) (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF).  Equal to n
 * when the whole text is valid.
 */
size_t	ns_utf8_valid_prefix(const char *s, size_t n);

/*
 * Append s[0..n) to out with every invalid byte sequence replaced by
 * U+FFFD (one per maximal invalid subpart, as Unicode recommends).
 * Returns the number of replacements.
 */
size_t	ns_utf8_repair(struct ns_buf *out, const char *s, size_t n);

/* Number of code points in valid UTF-8 text s[0..n). */
size_t	ns_utf8_count(const char *s, size_t n);

/*
 * Decode one code point at s[*i] (valid UTF-8, *i < n) and advance *i.
 * Inline: the feature code calls it for every letter.
 */
static inline int32_t
ns_utf8_next(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = *i;
	int32_t c = u[k++];

	if (c >= 0xF0) {
		c &= 0x07;
		while (k < n && k < *i + 4)
			c = (c << 6) | (u[k++] & 0x3F);
	} else if (c >= 0xE0) {
		c &= 0x0F;
		while (k < n && k < *i + 3)
			c = (c << 6) | (u[k++] & 0x3F);
	} else if (c >= 0xC0) {
		c &= 0x1F;
		if (k < n)
			c = (c << 6) | (u[k++] & 0x3F);
	}
	*i = k;
	return c;
}

/* Encode code point c into out (1-4 bytes); returns the byte count. */
size_t	ns_utf8_encode(int32_t c, char out[4]);

/*
 * Byte offset of code point index cp in valid UTF-8 text s[0..n), or n
 * when cp is past the end.
 */
size_t	ns_utf8_byte_offset(const char *s, size_t n, size_t cp);

#endif
