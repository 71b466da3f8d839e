/* record.h: NDJSON records in, records out with other tools' bytes kept. */
#ifndef NS_RECORD_H
#define NS_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

/*
 * Parse one NDJSON line as a JSON object.  Returns a new reference, or
 * NULL with err filled: "invalid JSON at byte N: reason" (err->byte = N)
 * or "not a JSON object".
 */
json_t	*ns_record_parse(const char *line, size_t len, struct ns_error *err);

/*
 * Point *s, *n at the string member field of obj.  Returns 0, or -1 with
 * err set to "missing field \"text\"" or "field \"text\" is not a string".
 */
int	 ns_record_string(const json_t *obj, const char *field, const char **s,
	    size_t *n, struct ns_error *err);

/*
 * Building an output record.  ns_emit_begin copies the input line's
 * members byte for byte and in order, except members named in owned (a
 * NULL-terminated list, may be NULL): those the tool is about to write
 * again, so they are replaced instead of duplicated.  Then ns_emit_key
 * per field followed by its value (ns_buf_json_str, ns_buf_addint, ...
 * on e->out), and ns_emit_end.
 */
struct ns_emit {
	struct ns_buf	*out;
	int		 nmembers;
};

void	ns_emit_begin(struct ns_emit *e, struct ns_buf *out, const char *line,
	    size_t len, const json_t *obj, const char *const *owned);
/* Start a record of the tool's own fields only: "{". */
void	ns_emit_new(struct ns_emit *e, struct ns_buf *out);
/* Write the separator and "key": for the next member. */
void	ns_emit_key(struct ns_emit *e, const char *key);
/* Close the object and the line: "}\n". */
void	ns_emit_end(struct ns_emit *e);

/*
 * Append a number rounded to at most 4 decimals, without trailing zeros
 * (0.9731, 1, 0.5), as scores are written in records.
 */
void	ns_emit_score(struct ns_buf *out, double v);

#endif
