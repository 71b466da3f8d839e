/* norm.c: Unicode normalisation and case folding (utf8proc). */
#include <stdlib.h>

#include <utf8proc.h>

#include "norm.h"

int
ns_norm(struct ns_buf *out, const char *s, size_t n, enum ns_norm_form form,
    struct ns_error *err)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t len;
	int opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;

	if (n == 0)
		return 0;
	if (form != NS_NFC)
		opt |= UTF8PROC_COMPAT;
	if (form == NS_NFKC_CASEFOLD)
		opt |= UTF8PROC_CASEFOLD;
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &dst, (utf8proc_option_t)opt);
	if (len < 0) {
		ns_error_set(err, "normalisation failed: %s",
		    utf8proc_errmsg(len));
		return -1;
	}
	ns_buf_add(out, dst, (size_t)len);
	free(dst);
	return 0;
}
