/* pathlist.c: read a list of file names, one a line or NUL-separated. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pathlist.h"

struct ns_pathlist {
	FILE	*fp;
	int	 sep;
	char	*line;
	size_t	 cap;
};

struct ns_pathlist *
ns_pathlist_open(const char *path, int nulsep, struct ns_error *err)
{
	struct ns_pathlist *pl;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL) {
		ns_error_set(err, "%s", strerror(errno));
		return NULL;
	}
	pl = ns_xcalloc(1, sizeof(*pl));
	pl->fp = fp;
	pl->sep = nulsep ? '\0' : '\n';
	return pl;
}

void
ns_pathlist_close(struct ns_pathlist *pl)
{
	if (pl == NULL)
		return;
	if (pl->fp != stdin)
		fclose(pl->fp);
	free(pl->line);
	free(pl);
}

int
ns_pathlist_next(struct ns_pathlist *pl, const char **name,
    struct ns_error *err)
{
	ssize_t n;

	for (;;) {
		errno = 0;
		if ((n = getdelim(&pl->line, &pl->cap, pl->sep, pl->fp)) < 0) {
			if (ferror(pl->fp)) {
				ns_error_set(err, "read error: %s",
				    strerror(errno));
				return -1;
			}
			return 0;
		}
		if (n > 0 && pl->line[n - 1] == pl->sep)
			pl->line[--n] = '\0';
		if (pl->sep == '\n' && n > 0 && pl->line[n - 1] == '\r')
			pl->line[--n] = '\0';
		if (n > 0) {
			*name = pl->line;
			return 1;
		}
	}
}
