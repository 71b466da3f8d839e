/* minhash.h: one-permutation MinHash sketches and their comparison. */
#ifndef NS_MINHASH_H
#define NS_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Values per signature; each keeps the low 16 bits of a bin's minimum. */
#define NS_MINHASH_K		128
/* Bits of the number-token Bloom filter (2 bits a number). */
#define NS_MINHASH_NUMBITS	256
/* Bytes of a packed sketch (ns_sketch_pack): signature, then numbers. */
#define NS_SKETCH_BYTES		(NS_MINHASH_K * 2 + NS_MINHASH_NUMBITS / 8)
/* Shorter copies down to this share of the longer one's size count. */
#define NS_MINHASH_MINRATIO	0.5

/*
 * What is kept of a text to compare it with later ones.  size 0 is a
 * text without words: it is never a duplicate of anything.
 */
struct ns_sketch {
	uint64_t	exact;		/* hash of the normalised text */
	uint32_t	size;		/* distinct shingles */
	uint16_t	sig[NS_MINHASH_K];
	uint64_t	num[NS_MINHASH_NUMBITS / 64];
};

/*
 * Make the sketch of a set of distinct shingle hashes h[0..n) and number
 * hashes num[0..nnum): one-permutation hashing (the top 7 bits of a hash
 * pick its bin, the bin keeps its smallest value), empty bins filled by
 * optimal densification (Shrivastava 2017), so that two sketches agree
 * in a position with probability equal to the sets' Jaccard similarity.
 */
void	ns_sketch_make(struct ns_sketch *sk, uint64_t exact, const uint64_t *h,
	    size_t n, const uint64_t *num, size_t nnum);

/*
 * Estimated Jaccard similarity of the two shingle sets: the share of
 * equal signature positions, corrected for chance 16-bit agreement.
 */
double	ns_sketch_jaccard(const struct ns_sketch *a, const struct ns_sketch *b);

/*
 * Whether b duplicates a at Jaccard threshold t (0 < t <= 1), the
 * verification of an LSH candidate.  Exact duplicates (equal normalised
 * text) have similarity 1.  Otherwise, when both texts hold numbers,
 * neither is at most 0.8 of the other's size, and fewer than half of
 * the smaller set of numbers is shared, they differ (templated notes:
 * rates, scores, weather).  Else a pair is a duplicate
 * when its estimated Jaccard similarity reaches t, or when the smaller
 * text is a shortened repost: at least NS_MINHASH_MINRATIO of the
 * larger's size, and the share of its shingles found in the larger
 * (containment) reaches t when it is at most 0.8 of the larger's size,
 * else (1 + t) / 2 (which for equal sizes means Jaccard >= t again).
 * *sim gets the Jaccard estimate, or the containment when that decided.
 * Returns 1 for a duplicate, else 0.
 */
int	ns_sketch_similar(const struct ns_sketch *a, const struct ns_sketch *b,
	    double t, double *sim);

/* Pack into NS_SKETCH_BYTES bytes (little-endian) and back. */
void	ns_sketch_pack(const struct ns_sketch *sk, unsigned char *out);
void	ns_sketch_unpack(struct ns_sketch *sk, const unsigned char *in);

#endif
