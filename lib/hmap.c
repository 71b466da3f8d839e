/* hmap.c: a growable hash map from 64-bit keys to 32-bit values (training). */
#include <stdlib.h>

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
ns_hmap_free(struct ns_hmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->n = m->cap = 0;
}
