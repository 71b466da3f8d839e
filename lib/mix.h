/* mix.h: the 64-bit hash mixers that every hashing module of libns uses. */
#ifndef NS_MIX_H
#define NS_MIX_H

#include <stdint.h>

/* The murmur3 finaliser: every input bit reaches every output bit. */
static inline uint64_t
ns_mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/*
 * A hash combined with a small number (a feature with its class, a key
 * with its seed): h with k times the golden ratio folded in, then
 * mixed.  ns_mix64_with(h, 0) == ns_mix64(h).  Model files store keys
 * made with it: changing it invalidates every trained model.
 */
static inline uint64_t
ns_mix64_with(uint64_t h, uint64_t k)
{
	return ns_mix64(h ^ k * 0x9e3779b97f4a7c15ULL);
}

#endif
