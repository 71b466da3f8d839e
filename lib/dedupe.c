/* dedupe.c: streaming exact and near-duplicate detection with clusters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "dedupe_state.h"

/* How often (records) a long run looks for records to forget. */
#define EXPIRE_EVERY	1024

/*
 * In memory, per record: its sequence number and union-find parent (12
 * bytes), plus NS_LSH_BANDS index entries.  Everything else (sketch, id,
 * label) is read back from the state when a candidate needs it.
 */
struct ns_dedupe {
	struct ns_dedupe_opts	 o;
	struct ns_lsh_params	 p;
	struct ns_dstate	*st;
	struct ns_lsh_index	*ix;
	long long		*seq;
	uint32_t		*parent;
	size_t			 n, cap;
	long long		 nextseq;
	long long		 lastcut;	/* the last expiry cutoff */
	long long		 loaded, expired, verified;
	unsigned long		 adds;
	struct ns_u32vec	 cand;
	/* rebuilding: members whose parent was forgotten */
	struct orphan { long long parent; uint32_t rec; } *orph;
	size_t			 norph, orphcap;
};

static uint32_t
find(struct ns_dedupe *d, uint32_t x)
{
	while (d->parent[x] != x) {
		d->parent[x] = d->parent[d->parent[x]];
		x = d->parent[x];
	}
	return x;
}

static uint32_t
push(struct ns_dedupe *d, long long seq)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap + d->cap / 2 : 1024;
		d->seq = ns_xrealloc(d->seq, d->cap * sizeof(*d->seq));
		d->parent = ns_xrealloc(d->parent, d->cap * sizeof(*d->parent));
	}
	d->seq[d->n] = seq;
	d->parent[d->n] = (uint32_t)d->n;
	return (uint32_t)d->n++;
}

static void
index_keys(struct ns_dedupe *d, const struct ns_sketch *sk, uint32_t rec)
{
	uint32_t keys[NS_LSH_BANDS];
	int b;

	ns_lsh_keys(&d->p, sk->sig, keys);
	for (b = 0; b < d->p.bands; b++)
		ns_lsh_index_add(d->ix, keys[b], rec);
}

/* The record of sequence number seq, or UINT32_MAX (seq is sorted). */
static uint32_t
lookup(const struct ns_dedupe *d, long long seq)
{
	size_t lo = 0, hi = d->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (d->seq[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->n && d->seq[lo] == seq ? (uint32_t)lo : UINT32_MAX;
}

/* Union in memory only: the earlier record becomes the root. */
static void
unite(struct ns_dedupe *d, uint32_t a, uint32_t b)
{
	a = find(d, a);
	b = find(d, b);
	if (a < b)
		d->parent[b] = a;
	else if (b < a)
		d->parent[a] = b;
}

static void
scanned(void *ctx, long long seq, long long parent,
    const struct ns_sketch *sk)
{
	struct ns_dedupe *d = ctx;
	uint32_t rec = push(d, seq), up;

	if (sk->size > 0)
		index_keys(d, sk, rec);
	if (parent == seq)
		return;
	/* Parents come first in sequence order, so they are in already. */
	if ((up = lookup(d, parent)) != UINT32_MAX) {
		unite(d, up, rec);
		return;
	}
	if (d->norph == d->orphcap) {
		d->orphcap = d->orphcap ? d->orphcap * 2 : 64;
		d->orph = ns_xrealloc(d->orph, d->orphcap * sizeof(*d->orph));
	}
	d->orph[d->norph].parent = parent;
	d->orph[d->norph].rec = rec;
	d->norph++;
}

static int
cmporphan(const void *a, const void *b)
{
	const struct orphan *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/* Read the state into memory: band index and clusters. */
static int
load(struct ns_dedupe *d, struct ns_error *err)
{
	size_t i;

	ns_lsh_index_free(d->ix);
	d->ix = ns_lsh_index_new();
	d->n = 0;
	d->norph = 0;
	if (ns_dstate_scan(d->st, scanned, d, err) == -1)
		return -1;
	/* Members of a cluster whose first record was forgotten. */
	if (d->norph > 1)
		qsort(d->orph, d->norph, sizeof(*d->orph), cmporphan);
	for (i = 1; i < d->norph; i++)
		if (d->orph[i].parent == d->orph[i - 1].parent)
			unite(d, d->orph[i - 1].rec, d->orph[i].rec);
	free(d->orph);
	d->orph = NULL;
	d->norph = d->orphcap = 0;
	return 0;
}

/* Forget records older than the window, then rebuild memory. */
static int
expire(struct ns_dedupe *d, long long cutoff, struct ns_error *err)
{
	long long n;

	if (ns_dstate_expire(d->st, cutoff, &n, err) == -1)
		return -1;
	d->expired += n;
	d->lastcut = cutoff;
	return load(d, err);
}

struct ns_dedupe *
ns_dedupe_open(const struct ns_dedupe_opts *o, long long now,
    struct ns_error *err)
{
	struct ns_dedupe *d = ns_xcalloc(1, sizeof(*d));

	d->o = *o;
	ns_lsh_params(o->threshold, &d->p);
	if ((d->st = ns_dstate_open(o->state, o->wait, err)) == NULL)
		goto fail;
	if (ns_dstate_maxseq(d->st, &d->nextseq, err) == -1)
		goto fail;
	d->nextseq++;
	if (o->window > 0) {
		if (expire(d, now - o->window, err) == -1 ||
		    ns_dstate_commit(d->st, err) == -1)
			goto fail;
	} else if (load(d, err) == -1) {
		goto fail;
	}
	d->loaded = (long long)d->n;
	return d;
fail:
	ns_dedupe_close(d, NULL);
	return NULL;
}

int
ns_dedupe_close(struct ns_dedupe *d, struct ns_error *err)
{
	int rc;

	if (d == NULL)
		return 0;
	rc = ns_dstate_close(d->st, err);
	ns_lsh_index_free(d->ix);
	ns_u32vec_free(&d->cand);
	free(d->seq);
	free(d->parent);
	free(d->orph);
	free(d);
	return rc;
}

int
ns_dedupe_commit(struct ns_dedupe *d, struct ns_error *err)
{
	return ns_dstate_commit(d->st, err);
}

/*
 * A long run (tail -f) forgets as it goes: when the cutoff has moved on
 * by a sixteenth of the window and at least an eighth of what is in
 * memory is due, so that the rebuild costs O(1) per record.
 */
static int
maybe_expire(struct ns_dedupe *d, long long now, struct ns_error *err)
{
	long long cutoff = now - d->o.window, due;
	long long step = d->o.window / 16 > 0 ? d->o.window / 16 : 1;

	if (d->o.window <= 0 || ++d->adds % EXPIRE_EVERY != 0 ||
	    cutoff < d->lastcut + step)
		return 0;
	if (ns_dstate_count_before(d->st, cutoff, &due, err) == -1)
		return -1;
	if (due == 0 || (size_t)due * 8 < d->n)
		return 0;
	return expire(d, cutoff, err);
}

/*
 * Merge the clusters of a and b under the earlier root; a root that
 * stops being one is rewritten in the state so that later runs rebuild
 * the same cluster.
 */
static int
merge(struct ns_dedupe *d, uint32_t a, uint32_t b, uint32_t self,
    struct ns_error *err)
{
	uint32_t lo, hi;
	const char *label;
	size_t len;

	a = find(d, a);
	b = find(d, b);
	if (a == b)
		return 0;
	lo = a < b ? a : b;
	hi = a < b ? b : a;
	d->parent[hi] = lo;
	if (hi == self)
		return 0;
	if (ns_dstate_label(d->st, d->seq[lo], &label, &len, err) == -1)
		return -1;
	return ns_dstate_set_parent(d->st, d->seq[hi], d->seq[lo], label, len,
	    err);
}

int
ns_dedupe_add(struct ns_dedupe *d, const struct ns_sketch *sk,
    const char *id, size_t idlen, long long t, long long now,
    struct ns_dedupe_match *m, struct ns_error *err)
{
	uint32_t keys[NS_LSH_BANDS], self, c, root;
	struct ns_dstate_row row;
	const char *label = id;
	size_t i, labellen = idlen;
	long long seq;
	double sim;
	int b;

	m->dup = 0;
	m->similarity = 0;
	ns_buf_reset(&m->dup_of);
	ns_buf_reset(&m->cluster);
	if (maybe_expire(d, now, err) == -1)
		return -1;
	if (d->n >= UINT32_MAX - 1) {
		ns_error_set(err, "too many records in memory");
		return -1;
	}
	seq = d->nextseq++;
	self = push(d, seq);
	d->cand.n = 0;
	if (sk->size > 0) {
		ns_lsh_keys(&d->p, sk->sig, keys);
		for (b = 0; b < d->p.bands; b++)
			ns_lsh_index_get(d->ix, keys[b], &d->cand);
		ns_u32vec_uniq(&d->cand);
	}
	for (i = 0; i < d->cand.n; i++) {
		c = d->cand.v[i];
		/* Already joined through an earlier candidate. */
		if (find(d, c) == find(d, self))
			continue;
		if (ns_dstate_get(d->st, d->seq[c], &row, err) == -1)
			return -1;
		d->verified++;
		if (!ns_sketch_similar(&row.sk, sk, d->o.threshold, &sim))
			continue;
		if (!m->dup) {
			m->dup = 1;
			m->similarity = sim;
			ns_buf_add(&m->dup_of, row.id, row.idlen);
		}
		if (merge(d, c, self, self, err) == -1)
			return -1;
	}
	root = find(d, self);
	if (root != self && ns_dstate_label(d->st, d->seq[root], &label,
	    &labellen, err) == -1)
		return -1;
	ns_buf_add(&m->cluster, label, labellen);
	if (ns_dstate_insert(d->st, seq, t, sk, d->seq[root], id, idlen,
	    m->cluster.p, m->cluster.len, err) == -1)
		return -1;
	if (sk->size > 0)
		for (b = 0; b < d->p.bands; b++)
			ns_lsh_index_add(d->ix, keys[b], self);
	return 0;
}

void
ns_dedupe_stats(const struct ns_dedupe *d, struct ns_dedupe_stats *s)
{
	s->loaded = d->loaded;
	s->expired = d->expired;
	s->verified = d->verified;
	s->records = d->n;
	s->entries = ns_lsh_index_count(d->ix);
	s->bytes = ns_lsh_index_bytes(d->ix) +
	    d->cap * (sizeof(*d->seq) + sizeof(*d->parent));
}

const struct ns_lsh_params *
ns_dedupe_params(const struct ns_dedupe *d)
{
	return &d->p;
}

void
ns_dedupe_match_free(struct ns_dedupe_match *m)
{
	ns_buf_free(&m->dup_of);
	ns_buf_free(&m->cluster);
}
