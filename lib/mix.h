/* mix.h: a 64-bit finaliser shared by the hashing modules of ns-dedupe. */
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

#endif
