/* pathlist.h: read a list of file names, one a line or NUL-separated. */
#ifndef NS_PATHLIST_H
#define NS_PATHLIST_H

#include "err.h"

struct ns_pathlist;

/*
 * Open the list in file path ("-" for stdin); names end at a newline, or
 * at a NUL byte when nulsep is set (find -print0).  NULL with err filled
 * ("No such file or directory") on failure.
 */
struct ns_pathlist	*ns_pathlist_open(const char *path, int nulsep,
			    struct ns_error *err);
void			 ns_pathlist_close(struct ns_pathlist *pl);

/*
 * The next name (NUL-terminated; empty names are skipped), valid until
 * the next call.  Returns 1, 0 at the end, or -1 on a read error (err
 * filled).
 */
int	ns_pathlist_next(struct ns_pathlist *pl, const char **name,
	    struct ns_error *err);

#endif
