/* reader.c: line-by-line input with file names and line numbers. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"

struct ns_reader {
	FILE	*fp;
	char	*path;		/* NULL for stdin */
	char	*line;		/* getline buffer, raw line with terminator */
	size_t	 cap;
	size_t	 rawlen;	/* bytes of the raw line */
	size_t	 skip;		/* BOM bytes at the start of the raw line */
	long	 lineno;
	int	 unread;
	int	 started;	/* a line has been read (BOM check done) */
};

struct ns_reader *
ns_reader_open(const char *path, struct ns_error *err)
{
	struct ns_reader *r;
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0) {
		fp = stdin;
		path = NULL;
	} else if ((fp = fopen(path, "rb")) == NULL) {
		ns_error_set(err, "%s", strerror(errno));
		return NULL;
	}
	r = ns_xcalloc(1, sizeof(*r));
	r->fp = fp;
	r->path = path != NULL ? ns_xstrdup(path) : NULL;
	return r;
}

void
ns_reader_close(struct ns_reader *r)
{
	if (r == NULL)
		return;
	if (r->fp != stdin)
		fclose(r->fp);
	else
		clearerr(stdin);
	free(r->path);
	free(r->line);
	free(r);
}

static int
readerror(struct ns_reader *r, struct ns_error *err)
{
	ns_error_set(err, "read error: %s", strerror(errno));
	if (err != NULL)
		err->line = r->lineno + 1;
	return -1;
}

int
ns_reader_getline(struct ns_reader *r, const char **line, size_t *len,
    struct ns_error *err)
{
	ssize_t n;
	size_t end;

	if (r->unread) {
		r->unread = 0;
		r->lineno++;
	} else {
		errno = 0;
		n = getline(&r->line, &r->cap, r->fp);
		if (n < 0) {
			if (ferror(r->fp))
				return readerror(r, err);
			return 0;
		}
		r->rawlen = (size_t)n;
		r->skip = 0;
		if (!r->started && n >= 3 &&
		    memcmp(r->line, "\xEF\xBB\xBF", 3) == 0)
			r->skip = 3;
		r->started = 1;
		r->lineno++;
	}
	end = r->rawlen;
	if (end > r->skip && r->line[end - 1] == '\n') {
		end--;
		if (end > r->skip && r->line[end - 1] == '\r')
			end--;
	}
	*line = r->line + r->skip;
	*len = end - r->skip;
	return 1;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

int
ns_reader_next(struct ns_reader *r, const char **line, size_t *len,
    struct ns_error *err)
{
	int rc;

	while ((rc = ns_reader_getline(r, line, len, err)) == 1)
		if (!blank(*line, *len))
			break;
	return rc;
}

void
ns_reader_unread(struct ns_reader *r)
{
	if (r->lineno > 0 && !r->unread) {
		r->unread = 1;
		r->lineno--;
	}
}

int
ns_reader_slurp(struct ns_reader *r, struct ns_buf *out, struct ns_error *err)
{
	char chunk[65536];
	size_t n;

	if (r->unread) {
		r->unread = 0;
		ns_buf_add(out, r->line + r->skip, r->rawlen - r->skip);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), r->fp)) > 0) {
		size_t skip = 0;

		if (!r->started && n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		r->started = 1;
		ns_buf_add(out, chunk + skip, n - skip);
	}
	if (ferror(r->fp))
		return readerror(r, err);
	return 0;
}

const char *
ns_reader_name(const struct ns_reader *r)
{
	return r->path != NULL ? r->path : "<stdin>";
}

const char *
ns_reader_path(const struct ns_reader *r)
{
	return r->path;
}

long
ns_reader_lineno(const struct ns_reader *r)
{
	return r->lineno;
}
