/* fptab.h: frozen fingerprint tables: compact hashed keys for model files. */
#ifndef NS_FPTAB_H
#define NS_FPTAB_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hmap.h"

/*
 * A read-only table from 64-bit hashed keys to 32-bit values: a power of
 * two of slots of two uint32 each, a fingerprint (the key's high half,
 * never 0; 0 marks an empty slot) and the value, probed linearly from the
 * key's low bits.  Its bytes are the model file's bytes (8-aligned), so a
 * model loads by pointing into it.  Unlike ftab.h's tables (12-byte slots
 * holding whole keys), a slot is 8 bytes and a key absent from the table
 * matches a present one with probability 2^-32 per probe: meant for
 * large feature tables, where size and cache misses count and such a
 * false hit only adds a small weight.
 */
struct ns_fptab {
	const uint32_t	*slots;
	uint64_t	 mask;
};

static inline uint32_t
ns_fptab_fp(uint64_t key)
{
	uint32_t fp = (uint32_t)(key >> 32);

	return fp != 0 ? fp : 1;
}

/* Value of key, or dflt when absent. */
static inline uint32_t
ns_fptab_get(const struct ns_fptab *t, uint64_t key, uint32_t dflt)
{
	uint32_t fp;
	uint64_t i;

	/* As in struct ns_hmap, whose keys the tables are built from. */
	if (key == 0)
		key = 1;
	fp = ns_fptab_fp(key);
	for (i = key & t->mask; t->slots[2 * i] != 0; i = (i + 1) & t->mask)
		if (t->slots[2 * i] == fp)
			return t->slots[2 * i + 1];
	return dflt;
}

/* Hint that key will be looked up soon. */
static inline void
ns_fptab_prefetch(const struct ns_fptab *t, uint64_t key)
{
	__builtin_prefetch(&t->slots[2 * ((key != 0 ? key : 1) & t->mask)]);
}

/*
 * Append the table of the keys and values of m to out, 8-byte aligned
 * relative to out->p: first the slot count (uint64), then the slots.
 * Returns the offset of the count in out.
 */
size_t	ns_fptab_write(struct ns_buf *out, const struct ns_hmap *m);

/*
 * Point t at a table written by ns_fptab_write at p[off..n) (p 8-byte
 * aligned).  Returns the offset just past it, or 0 when it does not fit.
 */
size_t	ns_fptab_read(struct ns_fptab *t, const void *p, size_t n, size_t off);

#endif
