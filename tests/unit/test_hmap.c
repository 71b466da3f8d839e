/* test_hmap.c: the hash map's clearing between documents. */
#include <stdarg.h>

#include "hmap.h"
#include "tap.h"

int
main(void)
{
	struct ns_hmap m = NS_HMAP_INIT;
	uint32_t *v;
	size_t cap;
	uint64_t k;
	int isnew;

	ns_hmap_clear(&m);
	ok(m.n == 0 && m.cap == 0 && ns_hmap_get(&m, 7) == NULL,
	    "an empty map clears");
	for (k = 1; k <= 100; k++)
		*ns_hmap_put(&m, k * 0x9e3779b97f4a7c15u, 0, NULL) = (uint32_t)k;
	cap = m.cap;
	ns_hmap_clear(&m);
	ok(m.n == 0 && m.cap == cap, "cleared: empty, its memory kept");
	for (k = 1; k <= 100; k++)
		if (ns_hmap_get(&m, k * 0x9e3779b97f4a7c15u) != NULL)
			break;
	ok(k == 101, "cleared: none of the 100 keys is found");
	v = ns_hmap_put(&m, 2 * 0x9e3779b97f4a7c15u, 5, &isnew);
	ok(isnew && *v == 5 && m.n == 1, "a key put again is new");
	/* A large use, then a small one: the map shrinks to the small. */
	for (k = 1; k <= 3000; k++)
		ns_hmap_put(&m, k * 0x9e3779b97f4a7c15u, 0, NULL);
	cap = m.cap;
	ns_hmap_clear(&m);
	ok(cap >= 4096 && m.cap == cap, "3000 keys cleared: %zu slots kept",
	    cap);
	for (k = 1; k <= 10; k++)
		ns_hmap_put(&m, k, (uint32_t)k, NULL);
	ns_hmap_clear(&m);
	ok(m.n == 0 && m.cap == 64, "10 keys cleared: down to 64 slots");
	for (k = 1; k <= 10 && ns_hmap_get(&m, k) == NULL; k++)
		;
	ok(k == 11, "and none of them is found");
	v = ns_hmap_put(&m, 4, 9, &isnew);
	ok(isnew && *v == 9 && ns_hmap_get(&m, 4) == v, "it takes keys again");
	for (k = 1; k <= NS_HMAP_KEEP; k++)
		ns_hmap_put(&m, k, 0, NULL);
	ok(m.cap > NS_HMAP_KEEP, "grown past NS_HMAP_KEEP slots");
	ns_hmap_clear(&m);
	ok(m.n == 0 && m.cap == 0 && m.keys == NULL,
	    "cleared past NS_HMAP_KEEP: its memory freed");
	ns_hmap_put(&m, 3, 0, NULL);
	ok(ns_hmap_get(&m, 3) != NULL && m.n == 1, "and it is usable again");
	ns_hmap_free(&m);
	return tap_done();
}
