/* test_fptab.c: frozen fingerprint tables in buckets of eight. */
#include <stdarg.h>
#include <stdlib.h>

#include "fptab.h"
#include "mix.h"
#include "tap.h"

/* Write m at byte offset pad of a buffer and point t at it. */
static size_t
freeze(struct ns_buf *b, size_t pad, const struct ns_hmap *m,
    struct ns_fptab *t)
{
	size_t off;

	ns_buf_reset(b);
	while (b->len < pad)
		ns_buf_addc(b, 'x');
	off = ns_fptab_write(b, m);
	return ns_fptab_read(t, b->p, b->len, off) == b->len ? off : 0;
}

int
main(void)
{
	struct ns_hmap m = NS_HMAP_INIT;
	struct ns_buf b = NS_BUF_INIT;
	struct ns_fptab t;
	uint64_t k, key, home = 0x5A5A5;
	size_t off, found = 0, absent = 0, crowd = 0;
	int pad;

	/* Many keys: every one found, none of others. */
	for (k = 1; k <= 20000; k++)
		*ns_hmap_put(&m, ns_mix64(k), 0, NULL) = (uint32_t)k;
	for (pad = 0; pad < 2; pad++) {
		off = freeze(&b, pad ? 24 : 0, &m, &t);
		ok(off % 64 == 0 && off >= (size_t)(pad ? 24 : 0) &&
		    ((uintptr_t)t.slots - (uintptr_t)b.p) % 64 == 0,
		    "written after %d bytes: count and buckets on 64-byte "
		    "boundaries", pad ? 24 : 0);
		ok(ns_fptab_nslots(&t) >= 20000 * 3 / 2 &&
		    ns_fptab_nslots(&t) % NS_FPTAB_WAYS == 0,
		    "%zu slots for 20000 keys", ns_fptab_nslots(&t));
	}
	for (k = 1, found = 0; k <= 20000; k++)
		found += ns_fptab_get(&t, ns_mix64(k), 0) == k;
	ok(found == 20000, "all 20000 keys give their values (%zu)", found);
	for (k = 20001, absent = 0; k <= 40000; k++)
		absent += ns_fptab_get(&t, ns_mix64(k), 7) == 7;
	ok(absent == 20000, "20000 other keys give the default (%zu)",
	    absent);

	/*
	 * Forty keys with one home bucket: they fill it and the buckets
	 * after it, and are all found; a key absent from there reads on
	 * to the first bucket with a free slot.
	 */
	ns_hmap_free(&m);
	for (k = 1; k <= 40; k++)
		*ns_hmap_put(&m, ns_mix64(k) << 20 | home, 0, NULL) =
		    (uint32_t)(100 + k);
	for (k = 1; k <= 1000; k++)
		*ns_hmap_put(&m, ns_mix64(k + 5000), 0, NULL) = 1;
	freeze(&b, 0, &m, &t);
	for (k = 1; k <= 40; k++)
		crowd += ns_fptab_get(&t, ns_mix64(k) << 20 | home, 0) ==
		    100 + k;
	ok(crowd == 40, "40 keys of one home bucket all found (%zu)", crowd);
	ok(ns_fptab_get(&t, ns_mix64(99) << 20 | home, 3) == 3,
	    "an absent key of that home: the default");

	/*
	 * Two keys with one fingerprint and one home: the table keeps the
	 * first it meets, and both read its value (a false hit, 2^-32).
	 */
	ns_hmap_free(&m);
	key = (uint64_t)0xABCDEF01 << 32 | 0x10;
	*ns_hmap_put(&m, key, 0, NULL) = 1;
	*ns_hmap_put(&m, key | 0x100000, 0, NULL) = 2;
	freeze(&b, 0, &m, &t);
	k = ns_fptab_get(&t, key, 0);
	ok((k == 1 || k == 2) && ns_fptab_get(&t, key | 0x100000, 0) == k,
	    "twin fingerprints: one value for both");

	/* Damaged tables are refused. */
	off = ns_fptab_write(&b, &m);
	ok(ns_fptab_read(&t, b.p, b.len - 1, off) == 0, "truncated: refused");
	ok(ns_fptab_read(&t, b.p, off + 32, off) == 0,
	    "no room for the count's line: refused");
	b.p[off] = 3;
	ok(ns_fptab_read(&t, b.p, b.len, off) == 0,
	    "a bucket count not a power of two: refused");
	ns_hmap_free(&m);
	ns_buf_free(&b);
	return tap_done();
}
