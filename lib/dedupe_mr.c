/* dedupe_mr.c: ns-dedupe as map (band keys) and reduce (clusters). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe_mr.h"
#include "num.h"

#define NOKEY	"--------"
#define NONE	SIZE_MAX
#define NFIELDS	8

static const char hexdig[] = "0123456789abcdef";

static void
addhex(struct ns_buf *out, unsigned long long v, int digits)
{
	char s[16];
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		s[i] = hexdig[v & 15];
	ns_buf_add(out, s, (size_t)digits);
}

void
ns_dedupe_keys(struct ns_buf *out, const struct ns_lsh_params *p, double t,
    unsigned long long order, const struct ns_sketch *sk, const char *id,
    size_t idlen)
{
	uint32_t keys[NS_LSH_BANDS];
	size_t start = out->len, rest;
	int b, i, nkeys = 1;

	if (sk->size > 0) {
		ns_lsh_keys(p, sk->sig, keys);
		nkeys = p->bands;
	}
	/* The first line in full; the others differ only in the key. */
	if (sk->size > 0)
		addhex(out, keys[0], 8);
	else
		ns_buf_adds(out, NOKEY);
	ns_buf_printf(out, "\t%020llu\t%.6g\t", order, t);
	addhex(out, sk->exact, 16);
	ns_buf_printf(out, "\t%lu\t", (unsigned long)sk->size);
	for (i = 0; i < NS_MINHASH_NUMBITS / 64; i++)
		addhex(out, sk->num[i], 16);
	ns_buf_addc(out, '\t');
	for (i = 0; i < NS_MINHASH_K; i++)
		addhex(out, sk->sig[i], 4);
	ns_buf_addc(out, '\t');
	ns_buf_add(out, id, idlen);
	ns_buf_addc(out, '\n');
	rest = out->len - start - 8;
	for (b = 1; b < nkeys; b++) {
		addhex(out, keys[b], 8);
		ns_buf_reserve(out, rest);
		memcpy(out->p + out->len, out->p + start + 8, rest);
		out->len += rest;
		out->p[out->len] = '\0';
	}
}

struct rrec {
	unsigned long long	order;
	size_t			idoff, idlen;
};

/* Record i is verified against j (j before i), or i's text equals rep. */
struct edge {
	unsigned long long	i, j;
	double			sim;
};

struct gent {
	unsigned long long	order;
	struct ns_sketch	sk;
};

struct ns_reduce {
	struct ns_buf	 ids;
	struct rrec	*rec;
	size_t		 nrec, caprec, uniqat;
	struct edge	*edge, *twin;
	size_t		 nedge, capedge, ntwin, captwin;
	struct gent	*grp;
	size_t		 ngrp, capgrp;
	size_t		*distinct;
	char		 key[9];
	char		 thr[32];
	double		 t;
	unsigned long long lastorder;
	/* results, per record in input order */
	size_t		*parent, *dupof, *root;
	double		*sim;
};

struct ns_reduce *
ns_reduce_new(void)
{
	return ns_xcalloc(1, sizeof(struct ns_reduce));
}

void
ns_reduce_free(struct ns_reduce *r)
{
	if (r == NULL)
		return;
	ns_buf_free(&r->ids);
	free(r->rec);
	free(r->edge);
	free(r->twin);
	free(r->grp);
	free(r->distinct);
	free(r->parent);
	free(r->dupof);
	free(r->root);
	free(r->sim);
	free(r);
}

static void
pushedge(struct edge **v, size_t *n, size_t *cap, unsigned long long i,
    unsigned long long j, double sim)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = ns_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].i = i;
	(*v)[*n].j = j;
	(*v)[*n].sim = sim;
	(*n)++;
}

static int
cmpedge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

static size_t
uniqedges(struct edge *v, size_t n)
{
	size_t i, m = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmpedge);
	for (i = 1; i < n; i++)
		if (v[i].i != v[m].i || v[i].j != v[m].j)
			v[++m] = v[i];
	return m + 1;
}

static int
cmprec(const void *a, const void *b)
{
	const struct rrec *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sort the records and drop the repeats (one per band), compacting ids. */
static void
uniqrecs(struct ns_reduce *r)
{
	struct ns_buf ids = NS_BUF_INIT;
	size_t i, m = 0;

	if (r->nrec == 0)
		return;
	qsort(r->rec, r->nrec, sizeof(*r->rec), cmprec);
	for (i = 0; i < r->nrec; i++) {
		if (i > 0 && r->rec[i].order == r->rec[m - 1].order)
			continue;
		ns_buf_add(&ids, r->ids.p + r->rec[i].idoff, r->rec[i].idlen);
		r->rec[m] = r->rec[i];
		r->rec[m].idoff = ids.len - r->rec[i].idlen;
		m++;
	}
	ns_buf_free(&r->ids);
	r->ids = ids;
	r->nrec = m;
	r->uniqat = 2 * m + 1024;
}

static void
addrec(struct ns_reduce *r, unsigned long long order, const char *id,
    size_t idlen)
{
	if (r->nrec == r->caprec) {
		r->caprec = r->caprec ? r->caprec * 2 : 1024;
		r->rec = ns_xrealloc(r->rec, r->caprec * sizeof(*r->rec));
	}
	r->rec[r->nrec].order = order;
	r->rec[r->nrec].idoff = r->ids.len;
	r->rec[r->nrec].idlen = idlen;
	ns_buf_add(&r->ids, id, idlen);
	if (++r->nrec >= r->uniqat)
		uniqrecs(r);
}

/*
 * Verify the pairs of one band key's group.  Texts equal to an earlier
 * one of the group (same exact hash, so the same sketch and the same
 * keys) are only tied to it: they verify exactly as it does.
 */
static void
group(struct ns_reduce *r)
{
	size_t i, k, nd = 0;
	struct gent *e, *d;
	double sim;

	if (r->ngrp < 2 || strcmp(r->key, NOKEY) == 0)
		goto done;
	r->distinct = ns_xrealloc(r->distinct, r->ngrp * sizeof(size_t));
	for (i = 0; i < r->ngrp; i++) {
		e = &r->grp[i];
		for (k = 0; k < nd; k++)
			if (r->grp[r->distinct[k]].sk.exact == e->sk.exact)
				break;
		if (k < nd) {
			pushedge(&r->twin, &r->ntwin, &r->captwin, e->order,
			    r->grp[r->distinct[k]].order, 1);
			continue;
		}
		for (k = 0; k < nd; k++) {
			d = &r->grp[r->distinct[k]];
			if (ns_sketch_similar(&d->sk, &e->sk, r->t, &sim))
				pushedge(&r->edge, &r->nedge, &r->capedge,
				    e->order, d->order, sim);
		}
		r->distinct[nd++] = i;
	}
done:
	r->ngrp = 0;
}

static int
hexval(const char *s, size_t n, unsigned long long *v)
{
	size_t i;
	int c;

	*v = 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else
			return -1;
		*v = *v << 4 | (unsigned long long)c;
	}
	return 0;
}

static int
decval(const char *s, size_t n, unsigned long long *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned long long)(s[i] - '0');
	}
	return 0;
}

static int
parse(const char *line, size_t len, const char **f, size_t *fl,
    struct gent *e)
{
	unsigned long long v;
	size_t i, k = 0, start = 0;
	int j;

	for (i = 0; i <= len && k < NFIELDS; i++) {
		if (i == len || (line[i] == '\t' && k < NFIELDS - 1)) {
			f[k] = line + start;
			fl[k++] = i - start;
			start = i + 1;
		}
	}
	if (k != NFIELDS || fl[0] != 8 || fl[1] != 20 || fl[3] != 16 ||
	    fl[5] != NS_MINHASH_NUMBITS / 4 || fl[6] != NS_MINHASH_K * 4 ||
	    fl[7] == 0)
		return -1;
	if (memcmp(f[0], NOKEY, 8) != 0 && hexval(f[0], 8, &v) == -1)
		return -1;
	if (decval(f[1], 20, &e->order) == -1 ||
	    hexval(f[3], 16, &v) == -1)
		return -1;
	e->sk.exact = v;
	if (decval(f[4], fl[4], &v) == -1 || v > UINT32_MAX)
		return -1;
	e->sk.size = (uint32_t)v;
	for (j = 0; j < NS_MINHASH_NUMBITS / 64; j++) {
		if (hexval(f[5] + 16 * j, 16, &v) == -1)
			return -1;
		e->sk.num[j] = v;
	}
	for (j = 0; j < NS_MINHASH_K; j++) {
		if (hexval(f[6] + 4 * j, 4, &v) == -1)
			return -1;
		e->sk.sig[j] = (uint16_t)v;
	}
	return 0;
}

int
ns_reduce_line(struct ns_reduce *r, const char *line, size_t len, int *fatal,
    struct ns_error *err)
{
	const char *f[NFIELDS], *errstr;
	size_t fl[NFIELDS];
	struct gent e;
	int cmp;

	*fatal = 0;
	memset(&e, 0, sizeof(e));
	if (parse(line, len, f, fl, &e) == -1) {
		ns_error_set(err, "not a line of ns-dedupe --emit-keys");
		return -1;
	}
	if (fl[2] >= sizeof(r->thr) ||
	    (r->thr[0] != '\0' && (strlen(r->thr) != fl[2] ||
	    memcmp(r->thr, f[2], fl[2]) != 0))) {
		*fatal = 1;
		ns_error_set(err, "keys made with another --threshold "
		    "(%.*s, not %s)", (int)(fl[2] < 20 ? fl[2] : 20), f[2],
		    r->thr);
		return -1;
	}
	if (r->thr[0] == '\0') {
		memcpy(r->thr, f[2], fl[2]);
		r->thr[fl[2]] = '\0';
		r->t = ns_strtod(r->thr, 0, 1, &errstr);
		if (errstr != NULL || r->t <= 0) {
			r->thr[0] = '\0';
			*fatal = 1;
			ns_error_set(err, "bad threshold in keys");
			return -1;
		}
	}
	cmp = r->key[0] == '\0' ? 1 : memcmp(f[0], r->key, 8);
	if (cmp < 0 || (cmp == 0 && e.order < r->lastorder)) {
		*fatal = 1;
		ns_error_set(err, "keys out of order (sort them with "
		    "LC_ALL=C sort)");
		return -1;
	}
	if (cmp > 0) {
		group(r);
		memcpy(r->key, f[0], 8);
	}
	r->lastorder = e.order;
	if (r->ngrp == r->capgrp) {
		r->capgrp = r->capgrp ? r->capgrp * 2 : 64;
		r->grp = ns_xrealloc(r->grp, r->capgrp * sizeof(*r->grp));
	}
	r->grp[r->ngrp++] = e;
	addrec(r, e.order, f[7], fl[7]);
	return 0;
}

static size_t
recidx(const struct ns_reduce *r, unsigned long long order)
{
	size_t lo = 0, hi = r->nrec, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->rec[mid].order < order)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void
unite(size_t *parent, size_t a, size_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

void
ns_reduce_finish(struct ns_reduce *r)
{
	size_t i, j, e = 0, tw = 0, n;

	group(r);
	uniqrecs(r);
	n = r->nrec;
	r->nedge = uniqedges(r->edge, r->nedge);
	r->ntwin = uniqedges(r->twin, r->ntwin);
	r->parent = ns_xmalloc((n + 1) * sizeof(size_t));
	r->dupof = ns_xmalloc((n + 1) * sizeof(size_t));
	r->root = ns_xmalloc((n + 1) * sizeof(size_t));
	r->sim = ns_xcalloc(n + 1, sizeof(double));
	/*
	 * Replay in input order, as a single run meets the records: each
	 * joins the clusters of its verified earlier records, and its
	 * label is the first record of its cluster at that moment.
	 */
	for (i = 0; i < n; i++) {
		r->parent[i] = i;
		r->dupof[i] = NONE;
		while (tw < r->ntwin && r->twin[tw].i < r->rec[i].order)
			tw++;
		if (tw < r->ntwin && r->twin[tw].i == r->rec[i].order) {
			/* Same text as rep: its earliest match, or rep. */
			j = recidx(r, r->twin[tw].j);
			unite(r->parent, i, j);
			r->dupof[i] = r->dupof[j] != NONE ? r->dupof[j] : j;
			r->sim[i] = r->dupof[j] != NONE ? r->sim[j] : 1;
		}
		while (e < r->nedge && r->edge[e].i < r->rec[i].order)
			e++;
		for (; e < r->nedge && r->edge[e].i == r->rec[i].order; e++) {
			j = recidx(r, r->edge[e].j);
			if (r->dupof[i] == NONE) {
				r->dupof[i] = j;
				r->sim[i] = r->edge[e].sim;
			}
			unite(r->parent, i, j);
		}
		r->root[i] = find(r->parent, i);
	}
}

size_t
ns_reduce_count(const struct ns_reduce *r)
{
	return r->nrec;
}

void
ns_reduce_get(const struct ns_reduce *r, size_t i, struct ns_reduce_rec *rec)
{
	const struct rrec *x = &r->rec[i], *c = &r->rec[r->root[i]];

	rec->id = r->ids.p + x->idoff;
	rec->idlen = x->idlen;
	rec->dup = r->dupof[i] != NONE;
	rec->similarity = r->sim[i];
	rec->dup_of = rec->dup ? r->ids.p + r->rec[r->dupof[i]].idoff : NULL;
	rec->dup_oflen = rec->dup ? r->rec[r->dupof[i]].idlen : 0;
	rec->cluster = r->ids.p + c->idoff;
	rec->clusterlen = c->idlen;
}
