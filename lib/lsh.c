/* lsh.c: LSH banding of MinHash signatures and the in-memory band index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lsh.h"
#include "mix.h"

#define NTABLES		256
#define MINSLOTS	64
#define EMPTY		UINT64_MAX

struct table {
	uint64_t	*slot;		/* key << 32 | value, or EMPTY */
	uint32_t	 bits;		/* log2 of the number of slots */
	uint32_t	 used;
};

struct ns_lsh_index {
	struct table	t[NTABLES];
	size_t		n;
	size_t		bytes;
};

double
ns_lsh_prob(const struct ns_lsh_params *p, double j)
{
	return 1 - pow(1 - pow(j, p->rows), p->bands);
}

void
ns_lsh_params(double t, struct ns_lsh_params *p)
{
	double q = NS_LSH_TRUNCATED, j;
	int r;

	j = t < 1 ? q * t / (1 + q - q * t) : 1;
	p->jlow = j < t ? j : t;
	p->bands = NS_LSH_BANDS;
	for (r = NS_MINHASH_K / NS_LSH_BANDS; r > 2; r--) {
		p->rows = r;
		if (ns_lsh_prob(p, p->jlow) >= NS_LSH_RECALL)
			return;
	}
	p->rows = 2;
}

void
ns_lsh_keys(const struct ns_lsh_params *p, const uint16_t *sig,
    uint32_t *keys)
{
	uint64_t h;
	int b, i;

	for (b = 0; b < p->bands; b++) {
		h = ns_mix64((uint64_t)(b + 1) << 8 | (uint64_t)p->rows);
		for (i = 0; i < p->rows; i++)
			h = ns_mix64(h ^ sig[b * p->rows + i]);
		keys[b] = (uint32_t)(h >> 32);
	}
}

struct ns_lsh_index *
ns_lsh_index_new(void)
{
	return ns_xcalloc(1, sizeof(struct ns_lsh_index));
}

void
ns_lsh_index_free(struct ns_lsh_index *ix)
{
	int i;

	if (ix == NULL)
		return;
	for (i = 0; i < NTABLES; i++)
		free(ix->t[i].slot);
	free(ix);
}

/* Fibonacci hashing spreads the key over the table's bits. */
static size_t
home(uint32_t key, uint32_t bits)
{
	return (uint32_t)(key * 0x9e3779b1U) >> (32 - bits);
}

static void
put(struct table *t, uint64_t e)
{
	size_t mask = ((size_t)1 << t->bits) - 1, i;

	i = home((uint32_t)(e >> 32), t->bits);
	while (t->slot[i] != EMPTY)
		i = (i + 1) & mask;
	t->slot[i] = e;
}

static void
grow(struct ns_lsh_index *ix, struct table *t)
{
	struct table old = *t;
	size_t i, n;

	t->bits = old.slot == NULL ? 6 : old.bits + 1;
	n = (size_t)1 << t->bits;
	t->slot = ns_xmalloc(n * sizeof(*t->slot));
	memset(t->slot, 0xff, n * sizeof(*t->slot));
	ix->bytes += n * sizeof(*t->slot);
	if (old.slot == NULL)
		return;
	for (i = 0; i < ((size_t)1 << old.bits); i++)
		if (old.slot[i] != EMPTY)
			put(t, old.slot[i]);
	ix->bytes -= ((size_t)1 << old.bits) * sizeof(*t->slot);
	free(old.slot);
}

void
ns_lsh_index_add(struct ns_lsh_index *ix, uint32_t key, uint32_t val)
{
	struct table *t = &ix->t[key >> 24];

	if (t->slot == NULL ||
	    (size_t)(t->used + 1) * 5 > ((size_t)4 << t->bits))
		grow(ix, t);
	put(t, (uint64_t)key << 32 | val);
	t->used++;
	ix->n++;
}

void
ns_lsh_index_get(const struct ns_lsh_index *ix, uint32_t key,
    struct ns_u32vec *out)
{
	const struct table *t = &ix->t[key >> 24];
	size_t mask, i;

	if (t->slot == NULL)
		return;
	mask = ((size_t)1 << t->bits) - 1;
	for (i = home(key, t->bits); t->slot[i] != EMPTY; i = (i + 1) & mask)
		if ((uint32_t)(t->slot[i] >> 32) == key)
			ns_u32vec_push(out, (uint32_t)t->slot[i]);
}

size_t
ns_lsh_index_count(const struct ns_lsh_index *ix)
{
	return ix->n;
}

size_t
ns_lsh_index_bytes(const struct ns_lsh_index *ix)
{
	return ix->bytes;
}

void
ns_u32vec_push(struct ns_u32vec *vec, uint32_t x)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? vec->cap * 2 : 16;
		vec->v = ns_xrealloc(vec->v, vec->cap * sizeof(*vec->v));
	}
	vec->v[vec->n++] = x;
}

static int
cmpu32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
ns_u32vec_uniq(struct ns_u32vec *vec)
{
	size_t i, m = 0;

	if (vec->n < 2)
		return;
	qsort(vec->v, vec->n, sizeof(*vec->v), cmpu32);
	for (i = 1; i < vec->n; i++)
		if (vec->v[i] != vec->v[m])
			vec->v[++m] = vec->v[i];
	vec->n = m + 1;
}

void
ns_u32vec_free(struct ns_u32vec *vec)
{
	free(vec->v);
	memset(vec, 0, sizeof(*vec));
}
