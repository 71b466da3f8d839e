/* jscan.h: check an NDJSON line and find one string member, without a tree. */
#ifndef NS_JSCAN_H
#define NS_JSCAN_H

#include <stddef.h>

#include "buf.h"

/*
 * Building a jansson tree of every record costs more than most tools'
 * own work on it.  ns_jscan_object checks a line against the JSON grammar
 * and finds a top-level string member in one pass.  It is conservative:
 * it says yes only for lines jansson accepts too (UTF-8, no lone surrogate
 * escapes, integers within 64 bits, nesting under 64 levels, no escaped or
 * repeated key of interest), so that a tool can fall back to
 * ns_record_parse for everything else and its exact messages.
 */
struct ns_jscan {
	const char	*val;		/* the member's string, still escaped */
	size_t		 vlen;
	int		 escaped;	/* val holds backslash escapes */
	size_t		 close;		/* offset of the object's closing '}' */
	int		 nmembers;	/* top-level members */
	unsigned	 owned;		/* bit i: owned[i] is a top-level key */
};

/*
 * Scan line[0..len) as one JSON object.  Returns 1 when it is valid and
 * its top-level member field is a string (*js filled; owned[], a
 * NULL-terminated list of up to 32 keys or NULL, sets js->owned), and 0
 * otherwise: not valid, not an object, field missing or not a string,
 * or anything the scan does not decide (parse with jansson then).
 */
int	ns_jscan_object(const char *line, size_t len, const char *field,
	    const char *const *owned, struct ns_jscan *js);

/*
 * Append the JSON string contents s[0..n) (as found by ns_jscan_object)
 * to out, unescaped, as UTF-8.
 */
void	ns_jscan_unescape(struct ns_buf *out, const char *s, size_t n);

#endif
