/* strmap.c: interned strings, each mapped to a dense index. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

struct slot {
	uint32_t	hash;
	uint32_t	idx;		/* index + 1; 0 marks an empty slot */
};

struct ns_strmap {
	struct slot	*slots;
	size_t		 mask;		/* slots - 1, a power of two less one */
	size_t		*off;		/* key offsets in keys, per index */
	size_t		 nkeys, offcap;
	struct ns_buf	 keys;		/* the keys, each NUL-terminated */
};

struct ns_strmap *
ns_strmap_new(void)
{
	struct ns_strmap *m = ns_xcalloc(1, sizeof(*m));

	m->mask = 63;
	m->slots = ns_xcalloc(m->mask + 1, sizeof(*m->slots));
	return m;
}

void
ns_strmap_free(struct ns_strmap *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	free(m->off);
	ns_buf_free(&m->keys);
	free(m);
}

static void
grow(struct ns_strmap *m)
{
	size_t cap = (m->mask + 1) * 2, i, j;
	struct slot *s = ns_xcalloc(cap, sizeof(*s));

	for (i = 0; i <= m->mask; i++) {
		if (m->slots[i].idx == 0)
			continue;
		for (j = m->slots[i].hash & (cap - 1); s[j].idx != 0;
		    j = (j + 1) & (cap - 1))
			;
		s[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = s;
	m->mask = cap - 1;
}

/*
 * A quick hash for short keys (words): eight bytes at a time, multiplied
 * and folded; strong enough for a table with linear probing.
 */
static uint32_t
hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0x94D049BB133111EBULL;
		h ^= h >> 29;
	}
	h *= 0xBF58476D1CE4E5B9ULL;
	return (uint32_t)(h >> 32);
}

/* The slot holding key s[0..n) with hash h, or the empty one it would take. */
static size_t
lookup(const struct ns_strmap *m, const char *s, size_t n, uint32_t h)
{
	size_t i, len;
	const char *k;

	for (i = h & m->mask; m->slots[i].idx != 0; i = (i + 1) & m->mask) {
		if (m->slots[i].hash != h)
			continue;
		k = ns_strmap_key(m, (long)m->slots[i].idx - 1, &len);
		if (len == n && memcmp(k, s, n) == 0)
			break;
	}
	return i;
}

long
ns_strmap_find(const struct ns_strmap *m, const char *s, size_t n)
{
	size_t i = lookup(m, s, n, hash(s, n));

	return (long)m->slots[i].idx - 1;
}

long
ns_strmap_add(struct ns_strmap *m, const char *s, size_t n)
{
	uint32_t h = hash(s, n);
	size_t i = lookup(m, s, n, h);

	if (m->slots[i].idx != 0)
		return (long)m->slots[i].idx - 1;
	if (m->nkeys == m->offcap) {
		m->offcap = m->offcap ? m->offcap * 2 : 64;
		m->off = ns_xrealloc(m->off, (m->offcap + 1) * sizeof(*m->off));
	}
	m->off[m->nkeys] = m->keys.len;
	ns_buf_add(&m->keys, s, n);
	ns_buf_addc(&m->keys, '\0');
	m->off[m->nkeys + 1] = m->keys.len;
	m->slots[i].hash = h;
	m->slots[i].idx = (uint32_t)++m->nkeys;
	if (m->nkeys * 2 > m->mask)
		grow(m);
	return (long)m->nkeys - 1;
}

const char *
ns_strmap_key(const struct ns_strmap *m, long idx, size_t *n)
{
	if (n != NULL)
		*n = m->off[idx + 1] - m->off[idx] - 1;
	return m->keys.p + m->off[idx];
}

long
ns_strmap_size(const struct ns_strmap *m)
{
	return (long)m->nkeys;
}
