/* ftab.h: frozen hash tables and little-endian fields for model files. */
#ifndef NS_FTAB_H
#define NS_FTAB_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "mix.h"

/*
 * A frozen table maps 64-bit keys (hashes of strings: collisions are
 * ignored, at 2^-64 each) to 32-bit values.  It is built once, written
 * into a model file, and used in place from the file's bytes (no
 * alignment assumed, nothing copied at load), so loading a model costs
 * nothing.  Layout: u32 nslots (a power of two), then nslots slots of
 * u64 key + u32 value; key 0 marks an empty slot.
 */
struct ns_ftab {
	const unsigned char	*slots;
	uint32_t		 mask;
};

#define NS_FTAB_SLOT	12	/* bytes: u64 key, u32 value */

/* Key 0 is reserved: hashes that come out 0 are mapped to 1. */
static inline uint64_t
ns_ftab_key(uint64_t h)
{
	return h == 0 ? 1 : h;
}

/*
 * Append a table of n (key, value) pairs to out.  Keys must be distinct
 * and pass through ns_ftab_key.
 */
void	ns_ftab_write(struct ns_buf *out, const uint64_t *keys,
	    const uint32_t *vals, size_t n);

/*
 * Open the table at p[*pos..n) and advance *pos past it.  Returns 0, or
 * -1 when the bytes are too short.
 */
int	ns_ftab_open(struct ns_ftab *t, const unsigned char *p, size_t n,
	    size_t *pos);

/* Look key up: 1 and *val set, or 0 when absent. */
int	ns_ftab_get(const struct ns_ftab *t, uint64_t key, uint32_t *val);

/* Hint that key will be looked up in t soon (the bytes of its first slot). */
static inline void
ns_ftab_prefetch(const struct ns_ftab *t, uint64_t key)
{
	if (t->slots != NULL)
		__builtin_prefetch(t->slots + (size_t)((uint32_t)key &
		    t->mask) * NS_FTAB_SLOT);
}

/* Little-endian fields. */
void		ns_put_u32(struct ns_buf *out, uint32_t v);
uint32_t	ns_get_u32(const unsigned char *p);
uint64_t	ns_get_u64(const unsigned char *p);

/*
 * Read a u32 at p[*pos] when 4 bytes remain before n: 0 and *pos
 * advanced, or -1.
 */
int		ns_read_u32(const unsigned char *p, size_t n, size_t *pos,
		    uint32_t *v);

#endif
