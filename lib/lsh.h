/* lsh.h: LSH banding of MinHash signatures and the in-memory band index. */
#ifndef NS_LSH_H
#define NS_LSH_H

#include <stddef.h>
#include <stdint.h>

#include "minhash.h"

/* Bands per signature: 16 index entries per record bound the memory. */
#define NS_LSH_BANDS		16
/* The share of a text a truncated repost keeps, which banding must catch. */
#define NS_LSH_TRUNCATED	0.6
/* Probability with which such a repost must become a candidate. */
#define NS_LSH_RECALL		0.85

struct ns_lsh_params {
	int	bands;		/* b */
	int	rows;		/* r: signature values per band */
	double	jlow;		/* the Jaccard similarity the banding aims at */
};

/*
 * Banding for Jaccard threshold t (0 < t <= 1).  A pair becomes a
 * candidate when any of its b bands of r values agree, with probability
 * 1 - (1 - J^r)^b.  The lowest Jaccard similarity that still verifies
 * (ns_sketch_similar) is jlow: that of a copy shortened to
 * NS_LSH_TRUNCATED of the original with containment t, J = t p / (1 + p
 * - t p).  b is NS_LSH_BANDS and r the largest number of rows, but at
 * least 2, that makes a pair at jlow a candidate with probability
 * NS_LSH_RECALL: more rows mean fewer chance candidates to verify.
 * t = 0.8 gives jlow 0.43 and r = 2 (P = 0.96 at jlow, 0.9996 at 0.6,
 * 0.04 at 0.05, 0.0036 at 0.015); t = 0.9 gives r = 3, t = 1 r = 8.
 */
void	ns_lsh_params(double t, struct ns_lsh_params *p);

/* Probability that a pair at Jaccard similarity j becomes a candidate. */
double	ns_lsh_prob(const struct ns_lsh_params *p, double j);

/*
 * The 32-bit key of each band of sig into keys[0..bands).  Keys depend
 * on the values, the band number and r only, so they are equal on every
 * machine.
 */
void	ns_lsh_keys(const struct ns_lsh_params *p, const uint16_t *sig,
	    uint32_t *keys);

/*
 * The band index: a multimap from 32-bit band keys to 32-bit values
 * (record numbers; UINT32_MAX is reserved).  256 open-addressing tables
 * with linear probing, each doubled on its own at 80 % load, so that
 * growing never holds two copies of the whole index.  8 bytes per slot.
 */
struct ns_lsh_index;

struct ns_lsh_index	*ns_lsh_index_new(void);
void			 ns_lsh_index_free(struct ns_lsh_index *ix);
void			 ns_lsh_index_add(struct ns_lsh_index *ix, uint32_t key,
			    uint32_t val);

/* A growable list of record numbers. */
struct ns_u32vec {
	uint32_t	*v;
	size_t		 n, cap;
};

void	ns_u32vec_push(struct ns_u32vec *vec, uint32_t x);
/* Sort and drop repeats. */
void	ns_u32vec_uniq(struct ns_u32vec *vec);
void	ns_u32vec_free(struct ns_u32vec *vec);

/* Append every value stored under key to out. */
void	ns_lsh_index_get(const struct ns_lsh_index *ix, uint32_t key,
	    struct ns_u32vec *out);

/* Entries stored, and bytes allocated for the slots. */
size_t	ns_lsh_index_count(const struct ns_lsh_index *ix);
size_t	ns_lsh_index_bytes(const struct ns_lsh_index *ix);

#endif
