/* minhash.c: one-permutation MinHash sketches and their comparison. */
#include <math.h>
#include <string.h>

#include "minhash.h"
#include "mix.h"

#define BINBITS		7	/* log2(NS_MINHASH_K) */
#define VALMASK		((1ULL << (64 - BINBITS)) - 1)
#define EMPTY		UINT64_MAX

/* Numbers set NUMHASHES bits each (a Bloom filter). */
#define NUMHASHES	2

static void
setbit(uint64_t *v, uint64_t h)
{
	v[(h & (NS_MINHASH_NUMBITS - 1)) / 64] |= 1ULL << (h & 63);
}

void
ns_sketch_make(struct ns_sketch *sk, uint64_t exact, const uint64_t *h,
    size_t n, const uint64_t *num, size_t nnum)
{
	uint64_t bin[NS_MINHASH_K], v;
	size_t i, b, j, attempt;

	memset(sk, 0, sizeof(*sk));
	sk->exact = exact;
	sk->size = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	for (i = 0; i < nnum; i++) {
		setbit(sk->num, num[i]);
		setbit(sk->num, num[i] >> 32);
	}
	if (n == 0)
		return;
	for (b = 0; b < NS_MINHASH_K; b++)
		bin[b] = EMPTY;
	for (i = 0; i < n; i++) {
		b = h[i] >> (64 - BINBITS);
		v = h[i] & VALMASK;
		if (v < bin[b])
			bin[b] = v;
	}
	/*
	 * Optimal densification: an empty bin takes the value of the first
	 * non-empty bin on its own fixed pseudo-random probe sequence, the
	 * same sequence for every text.
	 */
	for (b = 0; b < NS_MINHASH_K; b++) {
		v = bin[b];
		for (attempt = 1; v == EMPTY && attempt <= 4096; attempt++) {
			j = ns_mix64((uint64_t)b << 32 | attempt) &
			    (NS_MINHASH_K - 1);
			v = bin[j];
		}
		/* Practically unreachable; keeps the loop finite. */
		for (j = b; v == EMPTY; j = (j + 1) & (NS_MINHASH_K - 1))
			v = bin[j];
		sk->sig[b] = (uint16_t)v;
	}
}

double
ns_sketch_jaccard(const struct ns_sketch *a, const struct ns_sketch *b)
{
	const double chance = 1.0 / 65536;
	double m;
	int i, eq = 0;

	for (i = 0; i < NS_MINHASH_K; i++)
		eq += a->sig[i] == b->sig[i];
	m = (double)eq / NS_MINHASH_K;
	m = (m - chance) / (1 - chance);
	return m < 0 ? 0 : m > 1 ? 1 : m;
}

static int
popcount(const uint64_t *v, const uint64_t *w)
{
	int i, n = 0;

	for (i = 0; i < NS_MINHASH_NUMBITS / 64; i++)
		n += __builtin_popcountll(w != NULL ? v[i] | w[i] : v[i]);
	return n;
}

/*
 * Linear counting: the number of distinct items that set x of m bits,
 * NUMHASHES bits each.
 */
static double
count(int x)
{
	const double m = NS_MINHASH_NUMBITS;

	if (x >= NS_MINHASH_NUMBITS)
		x = NS_MINHASH_NUMBITS - 1;
	return -m / NUMHASHES * log(1 - x / m);
}

/* Whether the two texts' numbers are too different for a duplicate. */
static int
numbers_differ(const struct ns_sketch *a, const struct ns_sketch *b)
{
	int pa = popcount(a->num, NULL), pb = popcount(b->num, NULL);
	double na, nb, shared;

	if (pa == 0 || pb == 0)
		return 0;
	na = count(pa);
	nb = count(pb);
	shared = na + nb - count(popcount(a->num, b->num));
	return shared < 0.5 * (na < nb ? na : nb);
}

int
ns_sketch_similar(const struct ns_sketch *a, const struct ns_sketch *b,
    double t, double *sim)
{
	double j, small, large, c;
	int shorter;

	*sim = 0;
	if (a->size == 0 || b->size == 0)
		return 0;
	if (a->exact == b->exact) {
		*sim = 1;
		return 1;
	}
	*sim = j = ns_sketch_jaccard(a, b);
	small = a->size < b->size ? a->size : b->size;
	large = a->size < b->size ? b->size : a->size;
	shorter = small <= 0.8 * large;
	/*
	 * Templated notes come in about one size; a shortened repost may
	 * lose the body's numbers and gain a dateline's, so it is spared.
	 */
	if (!shorter && numbers_differ(a, b))
		return 0;
	if (j >= t)
		return 1;
	if (t >= 1 || small < NS_MINHASH_MINRATIO * large)
		return 0;
	/* |A n B| = J (|A| + |B|) / (1 + J); containment of the smaller. */
	c = j * (small + large) / (1 + j) / small;
	if (c > 1)
		c = 1;
	if (c >= (shorter ? t : (1 + t) / 2)) {
		*sim = c;
		return 1;
	}
	return 0;
}

void
ns_sketch_pack(const struct ns_sketch *sk, unsigned char *out)
{
	int i, k;

	for (i = 0; i < NS_MINHASH_K; i++) {
		*out++ = (unsigned char)(sk->sig[i] & 0xff);
		*out++ = (unsigned char)(sk->sig[i] >> 8);
	}
	for (i = 0; i < NS_MINHASH_NUMBITS / 64; i++)
		for (k = 0; k < 64; k += 8)
			*out++ = (unsigned char)(sk->num[i] >> k);
}

void
ns_sketch_unpack(struct ns_sketch *sk, const unsigned char *in)
{
	int i, k;

	for (i = 0; i < NS_MINHASH_K; i++, in += 2)
		sk->sig[i] = (uint16_t)(in[0] | in[1] << 8);
	for (i = 0; i < NS_MINHASH_NUMBITS / 64; i++) {
		sk->num[i] = 0;
		for (k = 0; k < 64; k += 8)
			sk->num[i] |= (uint64_t)*in++ << k;
	}
}
