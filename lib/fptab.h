/* fptab.h: frozen fingerprint tables: compact hashed keys for model files. */
#ifndef NS_FPTAB_H
#define NS_FPTAB_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hmap.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * A read-only table from 64-bit hashed keys to 32-bit values, in buckets
 * of NS_FPTAB_WAYS slots that fill one 64-byte cache line: the slots'
 * fingerprints (the key's high half, never 0; 0 marks an empty slot),
 * then their values.  A key's home bucket is its low bits; it lives in
 * the first bucket from there with a free slot, so a lookup reads one
 * bucket, rarely more, and decides from the whole line at once (no
 * branch on each slot, which linear probing mispredicts half the time).
 * Its bytes are the model file's bytes, so a model loads by pointing
 * into it.  Unlike ftab.h's tables (12-byte slots holding whole keys), a
 * key absent from the table matches a present one with probability
 * 2^-32 per slot read: meant for large feature tables, where size and
 * cache misses count and such a false hit only adds a small weight.
 */
#define NS_FPTAB_WAYS	8

struct ns_fptab {
	const uint32_t	*slots;		/* buckets of 2 * NS_FPTAB_WAYS */
	uint64_t	 mask;		/* bucket count - 1 */
};

static inline uint32_t
ns_fptab_fp(uint64_t key)
{
	uint32_t fp = (uint32_t)(key >> 32);

	return fp != 0 ? fp : 1;
}

/* Slot s's fingerprint and value as indexes into slots[]. */
static inline size_t
ns_fptab_fpat(size_t s)
{
	return s / NS_FPTAB_WAYS * 2 * NS_FPTAB_WAYS + s % NS_FPTAB_WAYS;
}

static inline size_t
ns_fptab_valat(size_t s)
{
	return ns_fptab_fpat(s) + NS_FPTAB_WAYS;
}

/* The bit mask of the slots of bucket b whose fingerprint is fp. */
static inline unsigned
ns_fptab_match(const uint32_t *b, uint32_t fp)
{
#ifdef __SSE2__
	__m128i f = _mm_set1_epi32((int)fp);
	__m128i lo = _mm_loadu_si128((const __m128i *)(const void *)b);
	__m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(b + 4));

	return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(
	    _mm_cmpeq_epi32(lo, f))) |
	    (unsigned)_mm_movemask_ps(_mm_castsi128_ps(
	    _mm_cmpeq_epi32(hi, f))) << 4;
#else
	unsigned m = 0, s;

	for (s = 0; s < NS_FPTAB_WAYS; s++)
		m |= (unsigned)(b[s] == fp) << s;
	return m;
#endif
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
	for (i = key & t->mask;; i = (i + 1) & t->mask) {
		const uint32_t *b = t->slots + i * 2 * NS_FPTAB_WAYS;
		unsigned m = ns_fptab_match(b, fp);

		if (m != 0)
			return b[NS_FPTAB_WAYS + __builtin_ctz(m)];
		if (ns_fptab_match(b, 0) != 0)
			return dflt;
	}
}

/* Hint that key will be looked up soon. */
static inline void
ns_fptab_prefetch(const struct ns_fptab *t, uint64_t key)
{
	__builtin_prefetch(t->slots + ((key != 0 ? key : 1) & t->mask) * 2 *
	    NS_FPTAB_WAYS);
}

/*
 * Append the table of the keys and values of m to out: the bucket count
 * (uint64) at an offset that is a multiple of 64 relative to out->p,
 * then the buckets from the next multiple of 64 (cache lines when out
 * is so aligned).  Returns the offset of the count in out.
 */
size_t	ns_fptab_write(struct ns_buf *out, const struct ns_hmap *m);

/*
 * Point t at a table written by ns_fptab_write whose count is at
 * p[off] (p 4-byte aligned; 64-byte aligned for one cache line a
 * bucket).  Returns the offset just past it, or 0 when it does not fit.
 */
size_t	ns_fptab_read(struct ns_fptab *t, const void *p, size_t n, size_t off);

/* The table's number of slots. */
static inline size_t
ns_fptab_nslots(const struct ns_fptab *t)
{
	return (size_t)(t->mask + 1) * NS_FPTAB_WAYS;
}

#endif
