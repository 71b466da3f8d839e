/* fptab.c: frozen fingerprint tables: compact hashed keys for model files. */
#include <string.h>

#include "fptab.h"

size_t
ns_fptab_write(struct ns_buf *out, const struct ns_hmap *m)
{
	uint64_t nslots = 16, nbuckets, mask, j;
	uint32_t *slots;
	size_t i, off, s;

	/* At most 2/3 full: a bucket of 8 overflows rarely. */
	while (nslots * 2 < m->n * 3)
		nslots *= 2;
	nbuckets = nslots / NS_FPTAB_WAYS;
	mask = nbuckets - 1;
	ns_buf_align(out, 64);
	off = out->len;
	ns_buf_add(out, &nbuckets, sizeof(nbuckets));
	ns_buf_align(out, 64);
	ns_buf_reserve(out, nslots * 8);
	slots = (uint32_t *)(void *)(out->p + out->len);
	memset(slots, 0, nslots * 8);
	for (i = 0; i < m->cap; i++) {
		uint32_t fp, *b;
		unsigned twin, room;

		if (m->keys[i] == 0)
			continue;
		fp = ns_fptab_fp(m->keys[i]);
		for (j = m->keys[i] & mask;; j = (j + 1) & mask) {
			b = slots + j * 2 * NS_FPTAB_WAYS;
			/* A twin fingerprint on the way: keep the first. */
			if ((twin = ns_fptab_match(b, fp)) != 0 ||
			    (room = ns_fptab_match(b, 0)) != 0)
				break;
		}
		if (twin != 0)
			continue;
		s = (size_t)__builtin_ctz(room);
		b[s] = fp;
		b[NS_FPTAB_WAYS + s] = m->vals[i];
	}
	out->len += nslots * 8;
	return off;
}

size_t
ns_fptab_read(struct ns_fptab *t, const void *p, size_t n, size_t off)
{
	uint64_t nbuckets;

	/* The count at off, the buckets 64 bytes on. */
	if (off > n || n - off < 64)
		return 0;
	memcpy(&nbuckets, (const char *)p + off, 8);
	off += 64;
	if (nbuckets == 0 || (nbuckets & (nbuckets - 1)) != 0 ||
	    nbuckets > (n - off) / 64)
		return 0;
	t->slots = (const uint32_t *)(const void *)((const char *)p + off);
	t->mask = nbuckets - 1;
	return off + nbuckets * 64;
}
