/* hmap.c: a growable hash map from 64-bit keys to 32-bit values (training). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hmap.h"

static void
grow(struct ns_hmap *m)
{
	uint64_t *ok = m->keys;
	uint32_t *ov = m->vals;
	size_t oc = m->cap, i, j;

	m->cap = oc == 0 ? 64 : 2 * oc;
	m->keys = ns_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = ns_xcalloc(m->cap, sizeof(*m->vals));
	for (i = 0; i < oc; i++) {
		if (ok[i] == 0)
			continue;
		for (j = ok[i] & (m->cap - 1); m->keys[j] != 0;
		    j = (j + 1) & (m->cap - 1))
			;
		m->keys[j] = ok[i];
		m->vals[j] = ov[i];
	}
	free(ok);
	free(ov);
}

uint32_t *
ns_hmap_put(struct ns_hmap *m, uint64_t key, uint32_t init, int *isnew)
{
	size_t j;

	if (key == 0)
		key = 1;
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	for (j = key & (m->cap - 1); m->keys[j] != 0;
	    j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key) {
			if (isnew != NULL)
				*isnew = 0;
			return &m->vals[j];
		}
	m->keys[j] = key;
	m->vals[j] = init;
	m->n++;
	if (isnew != NULL)
		*isnew = 1;
	return &m->vals[j];
}

uint32_t *
ns_hmap_get(const struct ns_hmap *m, uint64_t key)
{
	size_t j;

	if (key == 0)
		key = 1;
	if (m->cap == 0)
		return NULL;
	for (j = key & (m->cap - 1); m->keys[j] != 0;
	    j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key)
			return &m->vals[j];
	return NULL;
}

void
ns_hmap_clear(struct ns_hmap *m)
{
	size_t want = 64;

	if (m->cap > NS_HMAP_KEEP) {
		ns_hmap_free(m);
		return;
	}
	/*
	 * Clearing costs the map's slots: when they are far more than
	 * this use needed (a large document earlier), start again at a
	 * size for this use, so that clearing after every document costs
	 * what the document did, not what the largest one did.
	 */
	while (want < 4 * m->n)
		want *= 2;
	if (m->cap > want) {
		free(m->keys);
		free(m->vals);
		m->keys = ns_xcalloc(want, sizeof(*m->keys));
		m->vals = ns_xmalloc(want * sizeof(*m->vals));
		m->cap = want;
	} else if (m->n > 0)
		memset(m->keys, 0, m->cap * sizeof(*m->keys));
	m->n = 0;
}

void
ns_hmap_free(struct ns_hmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->n = m->cap = 0;
}

void
ns_tally_add(struct ns_tally *t, uint64_t key, uint32_t item, uint32_t w)
{
	uint64_t h = key ^ ((uint64_t)item + 1) * 0x9e3779b97f4a7c15ULL;
	uint32_t *ix;
	int isnew;

	ix = ns_hmap_put(&t->idx, h, (uint32_t)t->n, &isnew);
	if (!isnew) {
		t->p[*ix].count += w;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 1024 : 2 * t->cap;
		t->p = ns_xrealloc(t->p, t->cap * sizeof(*t->p));
	}
	t->p[t->n].key = key;
	t->p[t->n].item = item;
	t->p[t->n].count = w;
	t->n++;
}

static int
tallycmp(const void *a, const void *b)
{
	const struct ns_tally_pair *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

void
ns_tally_sort(struct ns_tally *t)
{
	if (t->n > 0)
		qsort(t->p, t->n, sizeof(*t->p), tallycmp);
	ns_hmap_free(&t->idx);
}

void
ns_tally_free(struct ns_tally *t)
{
	free(t->p);
	ns_hmap_free(&t->idx);
	t->p = NULL;
	t->n = t->cap = 0;
}
