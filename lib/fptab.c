/* fptab.c: frozen fingerprint tables: compact hashed keys for model files. */
#include <string.h>

#include "fptab.h"

static void
align8(struct ns_buf *out)
{
	static const char zero[8];

	if (out->len % 8 != 0)
		ns_buf_add(out, zero, 8 - out->len % 8);
}

size_t
ns_fptab_write(struct ns_buf *out, const struct ns_hmap *m)
{
	uint64_t nslots = 16, mask, j;
	uint32_t *slots;
	size_t i, off;

	/* At most 2/3 full keeps linear probes short. */
	while (nslots * 2 < m->n * 3)
		nslots *= 2;
	mask = nslots - 1;
	align8(out);
	off = out->len;
	ns_buf_add(out, &nslots, sizeof(nslots));
	ns_buf_reserve(out, nslots * 8);
	slots = (uint32_t *)(void *)(out->p + out->len);
	memset(slots, 0, nslots * 8);
	for (i = 0; i < m->cap; i++) {
		uint32_t fp;

		if (m->keys[i] == 0)
			continue;
		fp = ns_fptab_fp(m->keys[i]);
		for (j = m->keys[i] & mask; slots[2 * j] != 0;
		    j = (j + 1) & mask)
			if (slots[2 * j] == fp)
				break;
		/* A twin fingerprint on the probe path: keep the first. */
		if (slots[2 * j] == fp)
			continue;
		slots[2 * j] = fp;
		slots[2 * j + 1] = m->vals[i];
	}
	out->len += nslots * 8;
	return off;
}

size_t
ns_fptab_read(struct ns_fptab *t, const void *p, size_t n, size_t off)
{
	uint64_t nslots;

	off = (off + 7) & ~(size_t)7;
	if (off + 8 > n)
		return 0;
	memcpy(&nslots, (const char *)p + off, 8);
	if (nslots == 0 || (nslots & (nslots - 1)) != 0 ||
	    nslots > (n - off - 8) / 8)
		return 0;
	t->slots = (const uint32_t *)(const void *)((const char *)p + off + 8);
	t->mask = nslots - 1;
	return off + 8 + nslots * 8;
}
