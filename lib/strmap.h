/* strmap.h: interned strings, each mapped to a dense index. */
#ifndef NS_STRMAP_H
#define NS_STRMAP_H

#include <stddef.h>

struct ns_strmap;

struct ns_strmap	*ns_strmap_new(void);
void			 ns_strmap_free(struct ns_strmap *m);

/*
 * The index (0, 1, 2, ... in order of insertion) of the key s[0..n),
 * which may hold any bytes, adding the key when it is absent.
 */
long	ns_strmap_add(struct ns_strmap *m, const char *s, size_t n);

/* The index of key s[0..n), or -1 when it is absent. */
long	ns_strmap_find(const struct ns_strmap *m, const char *s, size_t n);

/* Key number idx (NUL-terminated; its length in *n when n is not NULL). */
const char	*ns_strmap_key(const struct ns_strmap *m, long idx, size_t *n);

/* Number of keys. */
long	ns_strmap_size(const struct ns_strmap *m);

#endif
