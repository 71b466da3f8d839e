/* hmap.h: a growable hash map from 64-bit keys to 32-bit values (training). */
#ifndef NS_HMAP_H
#define NS_HMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Keys are hashes (of strings, features); key 0 is reserved.  Used by
 * the trainers to count and index things before they are frozen into a
 * model with ns_ftab_write.
 */
struct ns_hmap {
	uint64_t	*keys;
	uint32_t	*vals;
	size_t		 n, cap;
};

#define NS_HMAP_INIT { NULL, NULL, 0, 0 }

/*
 * The value slot of key, inserted with value init when absent (*isnew
 * set to 1, else 0; isnew may be NULL).  The pointer is valid until the
 * next insertion.
 */
uint32_t	*ns_hmap_put(struct ns_hmap *m, uint64_t key, uint32_t init,
		    int *isnew);
/* The value slot of key, or NULL. */
uint32_t	*ns_hmap_get(const struct ns_hmap *m, uint64_t key);
void		 ns_hmap_free(struct ns_hmap *m);
/*
 * Empty m, keeping its memory for the next use (one document after
 * another) unless it grew past NS_HMAP_KEEP slots; a map far larger
 * than this use needed (4 slots a key, 64 at least) is made that size.
 */
#define NS_HMAP_KEEP	16384
void		 ns_hmap_clear(struct ns_hmap *m);

/*
 * A tally of (key, item) pairs: how often each item was seen under each
 * key (a mention and its lemmas, a spelling and its entities).
 */
struct ns_tally_pair {
	uint64_t	key;
	uint32_t	item, count;
};

struct ns_tally {
	struct ns_tally_pair	*p;
	size_t			 n, cap;
	struct ns_hmap		 idx;
};

/* Count item once more under key (by w). */
void	ns_tally_add(struct ns_tally *t, uint64_t key, uint32_t item,
	    uint32_t w);
/*
 * Sort by key, each key's items most frequent first (ties: smaller item
 * first), so that the first pair of each key is its best item.  The
 * tally can no longer be added to.
 */
void	ns_tally_sort(struct ns_tally *t);
void	ns_tally_free(struct ns_tally *t);

#endif
