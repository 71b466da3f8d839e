/* norm.h: Unicode normalisation and case folding (utf8proc). */
#ifndef NS_NORM_H
#define NS_NORM_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum ns_norm_form {
	NS_NFC,			/* canonical composition */
	NS_NFKC,		/* compatibility composition */
	NS_NFKC_CASEFOLD	/* NFKC with full case folding */
};

/*
 * Append the normalised form of s[0..n) to out.  s must be valid UTF-8
 * (NUL bytes allowed).  Returns 0, or -1 with err filled.
 */
int	ns_norm(struct ns_buf *out, const char *s, size_t n,
	    enum ns_norm_form form, struct ns_error *err);

#endif
