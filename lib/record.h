/* record.h: NDJSON records in, records out with other tools' bytes kept. */
#ifndef NS_RECORD_H
#define NS_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

/* The type of a member's value. */
enum ns_jtype {
	NS_JSTRING = 1,
	NS_JNUMBER,
	NS_JOBJECT,
	NS_JARRAY,
	NS_JTRUE,
	NS_JFALSE,
	NS_JNULL
};

/* One top-level member: byte spans of its raw key and value in the line. */
struct ns_member {
	size_t		k0, k1;		/* key, without its quotes */
	size_t		v0, v1;		/* value, as written */
	enum ns_jtype	type;
	int		kesc;		/* the key has escapes */
};

/*
 * A parsed NDJSON line: validated as JSON (RFC 8259, as strict as
 * jansson), with its top-level members located but not decoded, so that
 * a tool pays only for the fields it reads.  Reuse one for all lines.
 */
struct ns_rec {
	const char		*line;
	size_t			 len;
	size_t			 close;		/* offset of the final '}' */
	struct ns_member	*m;
	size_t			 nm, mcap;
	char			**strs;		/* decoded strings to free */
	size_t			 nstrs, scap;
	json_t			*obj;		/* ns_rec_json's tree */
	struct ns_buf		 tmp;
};

void	ns_rec_init(struct ns_rec *rec);
void	ns_rec_free(struct ns_rec *rec);

/*
 * Parse line[0..len) (which must stay unchanged while rec is used).
 * Returns 0, or -1 with err filled: "invalid JSON at byte N: reason"
 * (jansson's wording and position, err->byte = N) or "not a JSON object".
 * Invalid UTF-8 anywhere is invalid JSON.
 */
int	ns_rec_parse(struct ns_rec *rec, const char *line, size_t len,
	    struct ns_error *err);

/* The member named key (the last one if repeated), or NULL. */
const struct ns_member *ns_rec_get(struct ns_rec *rec, const char *key);

/*
 * The decoded string member field: *s is NUL-terminated and valid until
 * the next parse.  Returns 0, or -1 with err set to
 * "missing field \"text\"" or "field \"text\" is not a string".
 */
int	ns_rec_string(struct ns_rec *rec, const char *field, const char **s,
	    size_t *n, struct ns_error *err);

/*
 * Append member key's value as text to out: a string decoded, any other
 * value as written (42, 1.0e6, true).  Returns 0, or -1 when the member
 * is missing or null (out unchanged).
 */
int	ns_rec_scalar(struct ns_rec *rec, const char *key, struct ns_buf *out);

/*
 * The whole record as a jansson tree, for tools that need structured
 * values; built on first use, owned by rec (do not decref).  NULL only if
 * memory runs out.
 */
json_t	*ns_rec_json(struct ns_rec *rec);

/*
 * Building an output record.  ns_emit_begin copies the input record's
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

void	ns_emit_begin(struct ns_emit *e, struct ns_buf *out,
	    struct ns_rec *rec, const char *const *owned);
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
