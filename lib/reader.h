/* reader.h: line-by-line input with file names and line numbers. */
#ifndef NS_READER_H
#define NS_READER_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct ns_reader;

/*
 * Open path for reading; NULL or "-" is stdin, named "<stdin>".  Returns
 * NULL with err filled ("No such file or directory") on failure.
 */
struct ns_reader	*ns_reader_open(const char *path, struct ns_error *err);
void			 ns_reader_close(struct ns_reader *r);

/*
 * Next physical line, without its "\n" or "\r\n", and without a UTF-8 BOM
 * at the very start of the input.  *line stays valid until the next call.
 * Returns 1, 0 at end of input, or -1 on a read error (err filled).
 */
int	ns_reader_getline(struct ns_reader *r, const char **line, size_t *len,
	    struct ns_error *err);

/* As ns_reader_getline, skipping lines of only white space (NDJSON). */
int	ns_reader_next(struct ns_reader *r, const char **line, size_t *len,
	    struct ns_error *err);

/* Make the next read return the line just read again. */
void	ns_reader_unread(struct ns_reader *r);

/*
 * Append the rest of the input, byte for byte (a BOM at the start
 * dropped, an unread line included with its terminator), to out.
 * Returns 0 or -1 on a read error.
 */
int	ns_reader_slurp(struct ns_reader *r, struct ns_buf *out,
	    struct ns_error *err);

/* "<stdin>" or the path given to ns_reader_open. */
const char	*ns_reader_name(const struct ns_reader *r);
/* Path as given, or NULL for stdin. */
const char	*ns_reader_path(const struct ns_reader *r);
/* 1-based number of the line last returned. */
long		 ns_reader_lineno(const struct ns_reader *r);

#endif
