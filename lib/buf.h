/* buf.h: a growable byte buffer, the output side of every tool. */
#ifndef NS_BUF_H
#define NS_BUF_H

#include <stddef.h>

/* Bytes in p[0..len); p is NUL-terminated for convenience (not counted). */
struct ns_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

#define NS_BUF_INIT { NULL, 0, 0 }

/*
 * Make room for n more bytes.  Allocation failure is fatal: it aborts with
 * a message, because every caller would otherwise have to unwind mid-record.
 */
void	ns_buf_reserve(struct ns_buf *b, size_t n);
void	ns_buf_add(struct ns_buf *b, const void *s, size_t n);

/* Append one byte (inline: callers add text a byte at a time). */
static inline void
ns_buf_addc(struct ns_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		ns_buf_reserve(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void	ns_buf_adds(struct ns_buf *b, const char *s);
/*
 * Pad with zero bytes to a length that is a multiple of a (a power of
 * two, at most 64): the offsets of model files' parts.
 */
void	ns_buf_align(struct ns_buf *b, size_t a);
void	ns_buf_printf(struct ns_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append a signed decimal integer. */
void	ns_buf_addint(struct ns_buf *b, long long v);
/*
 * Append s[0..n) as a JSON string with quotes.  s must be valid UTF-8
 * (callers repair first); only ", \ and control characters are escaped, so
 * non-ASCII text stays readable.
 */
void	ns_buf_json_str(struct ns_buf *b, const char *s, size_t n);
void	ns_buf_reset(struct ns_buf *b);
void	ns_buf_free(struct ns_buf *b);

/* malloc/realloc/strdup that abort on failure (same policy as ns_buf). */
void	*ns_xmalloc(size_t n);
void	*ns_xcalloc(size_t n, size_t size);
void	*ns_xrealloc(void *p, size_t n);
char	*ns_xstrdup(const char *s);
char	*ns_xstrndup(const char *s, size_t n);

#endif
