/* ftab.c: frozen hash tables and little-endian fields for model files. */
#include <string.h>

#include "ftab.h"

#define SLOT	NS_FTAB_SLOT

void
ns_put_u32(struct ns_buf *out, uint32_t v)
{
	unsigned char b[4];

	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
	ns_buf_add(out, b, 4);
}

uint32_t
ns_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

uint64_t
ns_get_u64(const unsigned char *p)
{
	return (uint64_t)ns_get_u32(p) | (uint64_t)ns_get_u32(p + 4) << 32;
}

int
ns_read_u32(const unsigned char *p, size_t n, size_t *pos, uint32_t *v)
{
	if (*pos > n || n - *pos < 4)
		return -1;
	*v = ns_get_u32(p + *pos);
	*pos += 4;
	return 0;
}

void
ns_ftab_write(struct ns_buf *out, const uint64_t *keys, const uint32_t *vals,
    size_t n)
{
	size_t nslots = 8, i, j, base;
	unsigned char *s;

	while (nslots < n + n / 4 + 1)
		nslots *= 2;
	ns_put_u32(out, (uint32_t)nslots);
	base = out->len;
	ns_buf_reserve(out, nslots * SLOT);
	memset(out->p + base, 0, nslots * SLOT);
	out->len += nslots * SLOT;
	out->p[out->len] = '\0';
	for (i = 0; i < n; i++) {
		for (j = keys[i] & (nslots - 1);; j = (j + 1) & (nslots - 1)) {
			s = (unsigned char *)out->p + base + j * SLOT;
			if (ns_get_u64(s) == 0)
				break;
		}
		for (int b = 0; b < 8; b++)
			s[b] = (unsigned char)(keys[i] >> (8 * b));
		for (int b = 0; b < 4; b++)
			s[8 + b] = (unsigned char)(vals[i] >> (8 * b));
	}
}

int
ns_ftab_open(struct ns_ftab *t, const unsigned char *p, size_t n,
    size_t *pos)
{
	uint32_t nslots;

	if (ns_read_u32(p, n, pos, &nslots) == -1 || nslots == 0 ||
	    (nslots & (nslots - 1)) != 0 || (n - *pos) / SLOT < nslots)
		return -1;
	t->slots = p + *pos;
	t->mask = nslots - 1;
	*pos += (size_t)nslots * SLOT;
	return 0;
}

int
ns_ftab_get(const struct ns_ftab *t, uint64_t key, uint32_t *val)
{
	uint32_t i, j;
	uint64_t k;

	j = (uint32_t)key & t->mask;
	for (i = 0; i <= t->mask; i++, j = (j + 1) & t->mask) {
		k = ns_get_u64(t->slots + (size_t)j * SLOT);
		if (k == key) {
			*val = ns_get_u32(t->slots + (size_t)j * SLOT + 8);
			return 1;
		}
		if (k == 0)
			return 0;
	}
	return 0;
}
