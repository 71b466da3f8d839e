/* langid.c: language identification with a hashed n-gram model. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "langid.h"
#include "langid_format.h"

struct ns_langid {
	const struct ns_langid_hdr	*hdr;
	const struct ns_langid_lang	*langs;
	const struct ns_langid_slot	*slots;
	const uint16_t			*pool;
	uint32_t			 nslots;
	int				 nlangs;
	float				 scale;
	int				 dense;		/* has dense runs */
	int				 haslex;	/* has a lexicon */
	int32_t				 lexfloor[NS_LANGID_MAXLANGS];
	size_t				 size;		/* bytes of the model */
	void				*map;		/* mmap()ed file, or NULL */
	size_t				 maplen;
};


static const struct ns_langid_slot *find(const struct ns_langid *, uint32_t);
static void	lexfloor(struct ns_langid *);

struct ns_langid *
ns_langid_open_mem(const void *p, size_t n, struct ns_error *err)
{
	const struct ns_langid_hdr *h = p;
	struct ns_langid *m;
	const char *base = p;
	size_t need;
	int l;

	if (n < sizeof(*h) || memcmp(h->magic, NS_LANGID_MAGIC, 8) != 0) {
		ns_error_set(err, "not an ns-lang model");
		return NULL;
	}
	if (h->version < 1 || h->version > NS_LANGID_VERSION) {
		ns_error_set(err, "unsupported model version %u",
		    (unsigned)h->version);
		return NULL;
	}
	if (h->nlangs == 0 || h->nlangs > NS_LANGID_MAXLANGS ||
	    h->nslots == 0 || h->nslots > (1u << 28) || h->npool > NS_LANGID_MAXPOOL ||
	    h->maxn < 1 || h->maxn > NS_LANGFEAT_MAXN ||
	    !isfinite(h->scale) || !isfinite(h->cal_a) ||
	    !isfinite(h->cal_b) || !(h->min_score >= 0 && h->min_score <= 1) ||
	    h->stop_words == 0 || h->maxprobe >= h->nslots ||
	    h->fullq > 1000 || h->pairwords > NS_LANGID_MAXPAIRWORDS) {
		ns_error_set(err, "corrupt model header");
		return NULL;
	}
	need = NS_LANGID_OFF_POOL(h) + (size_t)h->npool * sizeof(uint16_t);
	if (n < need) {
		ns_error_set(err, "truncated model (%zu bytes, %zu expected)",
		    n, need);
		return NULL;
	}
	m = ns_xcalloc(1, sizeof(*m));
	m->hdr = h;
	m->dense = ns_langid_hdr_dense(h);
	m->size = n;
	m->langs = (const void *)(base + NS_LANGID_OFF_LANGS);
	m->slots = (const void *)(base + NS_LANGID_OFF_SLOTS(h));
	m->pool = (const void *)(base + NS_LANGID_OFF_POOL(h));
	m->nslots = h->nslots;
	m->nlangs = (int)h->nlangs;
	m->scale = h->scale;
	for (l = 0; l < m->nlangs; l++) {
		if (m->langs[l].code[0] == '\0' ||
		    m->langs[l].code[NS_LANGID_CODELEN - 1] != '\0' ||
		    !isfinite(m->langs[l].bias)) {
			ns_error_set(err, "corrupt model language table");
			free(m);
			return NULL;
		}
	}
	lexfloor(m);
	return m;
}

struct ns_langid *
ns_langid_load(const char *path, struct ns_error *err)
{
	struct ns_langid *m;
	struct stat st;
	void *map;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		ns_error_set(err, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		ns_error_set(err, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < 64) {
		ns_error_set(err, "not an ns-lang model");
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		ns_error_set(err, "%s", strerror(errno));
		return NULL;
	}
	if ((m = ns_langid_open_mem(map, (size_t)st.st_size, err)) == NULL) {
		munmap(map, (size_t)st.st_size);
		return NULL;
	}
	m->map = map;
	m->maplen = (size_t)st.st_size;
	return m;
}

void
ns_langid_free(struct ns_langid *m)
{
	if (m == NULL)
		return;
	if (m->map != NULL)
		munmap(m->map, m->maplen);
	free(m);
}

const void *
ns_langid_bytes(const struct ns_langid *m)
{
	return m->hdr;
}

size_t
ns_langid_size(const struct ns_langid *m)
{
	return m->size;
}

int
ns_langid_nlangs(const struct ns_langid *m)
{
	return m->nlangs;
}

const char *
ns_langid_code(const struct ns_langid *m, int i)
{
	return i >= 0 && i < m->nlangs ? m->langs[i].code : "und";
}

int
ns_langid_find(const struct ns_langid *m, const char *code)
{
	int l;

	for (l = 0; l < m->nlangs; l++)
		if (strcmp(m->langs[l].code, code) == 0)
			return l;
	return -1;
}

unsigned
ns_langid_scripts(const struct ns_langid *m, int i)
{
	return m->langs[i].scripts;
}

double
ns_langid_min_score(const struct ns_langid *m)
{
	return m->hdr->min_score;
}

/* The slot of key, or NULL. */
static inline const struct ns_langid_slot *
find(const struct ns_langid *m, uint32_t key)
{
	const struct ns_langid_slot *s;
	uint32_t i = NS_LANGID_HOME(key, m->nslots), probe;

	for (probe = 0; probe <= m->hdr->maxprobe; probe++) {
		s = &m->slots[i];
		if (s->key == key)
			return s;
		if (s->key == 0)
			return NULL;
		if (++i == m->nslots)
			i = 0;
	}
	return NULL;
}

/*
 * The lexicon's floor per language, from its slot (format: a version 3
 * model may have one).  One lookup: opening stays instant.
 */
static void
lexfloor(struct ns_langid *m)
{
	const struct ns_langid_slot *s;
	const uint16_t *e;
	uint32_t cnt, k;

	if (m->hdr->version < 3 ||
	    (s = find(m, ns_langfeat_lex_key(0))) == NULL ||
	    !NS_LANGID_ISFULL(s->ref))
		return;
	cnt = NS_LANGID_REF_CNT(s->ref);
	if (NS_LANGID_REF_OFF(s->ref) + cnt > m->hdr->npool)
		return;
	e = m->pool + NS_LANGID_REF_OFF(s->ref);
	for (k = 0; k < cnt; k++)
		m->lexfloor[NS_LANGID_ENTRY_LANG(e[k])] =
		    (int32_t)(e[k] & 0xFF) * (int32_t)m->hdr->fullq;
	m->haslex = 1;
}

/*
 * Dense runs add up in 16 bits, then once into acc[]: a word has at most
 * NS_LANGFEAT_MAXHASH n-grams of 8-bit weights, far from overflowing.
 * With SSE2 (any x86-64) a run is two loads, four widenings and four adds.
 */
struct dsum {
#ifdef __SSE2__
	__m128i	v[NS_LANGID_DENSE_LANGS / 8];
#else
	int16_t	v[NS_LANGID_DENSE_LANGS];
#endif
};

static inline void
dsum_zero(struct dsum *d)
{
	memset(d, 0, sizeof(*d));
}

static inline void
dsum_add(struct dsum *d, const int8_t *w)
{
#ifdef __SSE2__
	__m128i x;
	int h;

	for (h = 0; h < NS_LANGID_DENSE_LANGS / 16; h++) {
		x = _mm_loadu_si128((const __m128i *)(const void *)(w + 16 * h));
		/* Sign-extend: the byte into a word's high half, shift down. */
		d->v[2 * h] = _mm_add_epi16(d->v[2 * h],
		    _mm_srai_epi16(_mm_unpacklo_epi8(x, x), 8));
		d->v[2 * h + 1] = _mm_add_epi16(d->v[2 * h + 1],
		    _mm_srai_epi16(_mm_unpackhi_epi8(x, x), 8));
	}
#else
	int k;

	for (k = 0; k < NS_LANGID_DENSE_LANGS; k++)
		d->v[k] = (int16_t)(d->v[k] + w[k]);
#endif
}

static inline void
dsum_flush(const struct dsum *d, int32_t *acc)
{
	int16_t v[NS_LANGID_DENSE_LANGS];
	int k;

	memcpy(v, d->v, sizeof(v));
	for (k = 0; k < NS_LANGID_DENSE_LANGS; k++)
		acc[k] += v[k];
}

/* The weights of a dense run, or NULL when ref is not one. */
static inline const int8_t *
denserun(const struct ns_langid *m, uint32_t ref)
{
	if (!m->dense || !NS_LANGID_ISDENSE(ref) ||
	    NS_LANGID_REF_OFF(ref) + NS_LANGID_DENSE_SIZE > m->hdr->npool)
		return NULL;
	return (const int8_t *)(const void *)(m->pool +
	    NS_LANGID_REF_OFF(ref));
}

/* Add the weights of a slot to acc[]. */
static inline void
addref(const struct ns_langid *m, uint32_t ref, int32_t *acc)
{
	const uint16_t *e, *end;
	const int8_t *v;
	struct dsum d;
	uint32_t cnt, k;

	if (ref & NS_LANGID_INLINE) {
		acc[NS_LANGID_ENTRY_LANG(ref)] += NS_LANGID_ENTRY_Q(ref);
		if (ref & NS_LANGID_INLINE2)
			acc[NS_LANGID_ENTRY_LANG(ref >> 16)] +=
			    NS_LANGID_ENTRY_Q(ref >> 16);
		return;
	}
	if ((v = denserun(m, ref)) != NULL) {
		dsum_zero(&d);
		dsum_add(&d, v);
		dsum_flush(&d, acc);
		return;
	}
	e = m->pool + NS_LANGID_REF_OFF(ref);
	cnt = NS_LANGID_REF_CNT(ref);
	/* Runs past the pool (a corrupt file) count for nothing. */
	if (NS_LANGID_REF_OFF(ref) + cnt > m->hdr->npool)
		return;
	if (ref & NS_LANGID_FULL) {
		for (k = 0; k < cnt; k++)
			acc[NS_LANGID_ENTRY_LANG(e[k])] +=
			    (int32_t)(e[k] & 0xFF) * (int32_t)m->hdr->fullq;
		return;
	}
	/* Four at a time: most runs are long, and this is the inner loop. */
	end = e + cnt;
	for (; end - e >= 4; e += 4) {
		acc[NS_LANGID_ENTRY_LANG(e[0])] += NS_LANGID_ENTRY_Q(e[0]);
		acc[NS_LANGID_ENTRY_LANG(e[1])] += NS_LANGID_ENTRY_Q(e[1]);
		acc[NS_LANGID_ENTRY_LANG(e[2])] += NS_LANGID_ENTRY_Q(e[2]);
		acc[NS_LANGID_ENTRY_LANG(e[3])] += NS_LANGID_ENTRY_Q(e[3]);
	}
	for (; e < end; e++)
		acc[NS_LANGID_ENTRY_LANG(*e)] += NS_LANGID_ENTRY_Q(*e);
}

/*
 * Add a word's weights to acc[]: its sums when the model has them, else
 * those of its n-grams and of the word itself.  s is the word key's slot
 * (NULL: none).
 */
static void
addword(const struct ns_langid *m, const struct ns_langfeat_word *w,
    const struct ns_langid_slot *s, int32_t *acc)
{
	uint32_t keys[NS_LANGFEAT_MAXHASH], refs[NS_LANGFEAT_MAXHASH];
	const int8_t *v;
	struct dsum d;
	size_t nk, i, nr;

	if (s != NULL) {
		addref(m, s->ref, acc);
		if (NS_LANGID_ISFULL(s->ref))
			return;
	}
	nk = ns_langfeat_ngrams(w, (int)m->hdr->maxn, keys);
	/*
	 * The table is larger than the caches: ask for every slot first so
	 * that the misses overlap, then for the pool runs they point to.
	 */
	for (i = 0; i < nk; i++)
		__builtin_prefetch(&m->slots[NS_LANGID_HOME(keys[i],
		    m->nslots)]);
	for (i = 0, nr = 0; i < nk; i++) {
		if ((s = find(m, keys[i])) == NULL)
			continue;
		refs[nr++] = s->ref;
		if (!(s->ref & NS_LANGID_INLINE))
			__builtin_prefetch(m->pool + NS_LANGID_REF_OFF(s->ref));
	}
	dsum_zero(&d);
	for (i = 0; i < nr; i++)
		if ((v = denserun(m, refs[i])) != NULL)
			dsum_add(&d, v);
		else
			addref(m, refs[i], acc);
	dsum_flush(&d, acc);
}

#define BATCH	16	/* words whose first lookups overlap */

/*
 * Score up to max words from the iterator (max 0: all) into acc[] and
 * nscript[]; returns the number of scored words, *more whether words
 * remain.
 */
static size_t
scan(const struct ns_langid *m, struct ns_langfeat_iter *it, int32_t *acc,
    size_t *nscript, size_t max, int *more, uint32_t *wkeys, size_t done)
{
	struct ns_langfeat_word w[BATCH];
	const struct ns_langid_slot *slot[BATCH];
	uint32_t key[BATCH];
	size_t nwords = 0, n, k;

	*more = 1;
	for (;;) {
		for (n = 0; n < BATCH && (max == 0 || nwords + n < max); ) {
			if (!ns_langfeat_next(it, &w[n])) {
				*more = 0;
				break;
			}
			nscript[w[n].script] += w[n].len;
			if (ns_script_scored(w[n].script)) {
				key[n] = ns_langfeat_word_key(&w[n]);
				__builtin_prefetch(&m->slots[NS_LANGID_HOME(
				    key[n], m->nslots)]);
				n++;
			}
		}
		/* Word slots (prefetched above), then their pool runs. */
		for (k = 0; k < n; k++) {
			/* The first words' keys, for their pairs. */
			if (done + nwords + k < m->hdr->pairwords)
				wkeys[done + nwords + k] = key[k];
			slot[k] = find(m, key[k]);
			if (slot[k] != NULL &&
			    !(slot[k]->ref & NS_LANGID_INLINE))
				__builtin_prefetch(m->pool +
				    NS_LANGID_REF_OFF(slot[k]->ref));
		}
		for (k = 0; k < n; k++)
			addword(m, &w[k], slot[k], acc);
		nwords += n;
		if (!*more || (max != 0 && nwords >= max))
			return nwords;
	}
}

/*
 * A text of a few words (the model's pairwords or fewer) also scores its
 * pairs of neighbouring words: with so little text, which words go
 * together is much of the evidence, and longer texts pay nothing.
 */
static void
addpairs(const struct ns_langid *m, const uint32_t *wkeys, size_t nwords,
    int32_t *acc)
{
	const struct ns_langid_slot *s;
	size_t i;

	if (nwords < 2 || nwords > m->hdr->pairwords)
		return;
	for (i = 1; i < nwords; i++)
		if ((s = find(m, ns_langfeat_pair_key(wkeys[i - 1],
		    wkeys[i]))) != NULL)
			addref(m, s->ref, acc);
}

/*
 * A text of a few words (as for pairs) also adds its words' lexicon
 * evidence: a word-unigram naive Bayes term, where a word's counts in the
 * training text of each language say more than its letters can.
 */
static void
addlex(const struct ns_langid *m, const uint32_t *wkeys, size_t nwords,
    int32_t *acc)
{
	const struct ns_langid_slot *s;
	size_t i, hits = 0;
	int l;

	if (!m->haslex || nwords == 0 || nwords > m->hdr->pairwords)
		return;
	for (i = 0; i < nwords; i++)
		if ((s = find(m, ns_langfeat_lex_key(wkeys[i]))) != NULL &&
		    NS_LANGID_ISFULL(s->ref)) {
			addref(m, s->ref, acc);
			hits++;
		}
	if (hits == 0)
		return;
	for (l = 0; l < m->nlangs; l++) {
		acc[l] += (int32_t)hits * m->lexfloor[l];
		/*
		 * Sharper evidence, its own temperature (fitted at training):
		 * the score, bias included, divided by lextemp / 1000.
		 */
		if (m->hdr->lextemp > 0) {
			double bias = m->langs[l].bias / m->scale;

			acc[l] = (int32_t)lrint((acc[l] + bias) * 1000 /
			    m->hdr->lextemp - bias);
		}
	}
}

size_t
ns_langid_raw(const struct ns_langid *m, const char *text, size_t len,
    int32_t *acc, size_t *nscript)
{
	uint32_t wkeys[NS_LANGID_MAXPAIRWORDS];
	struct ns_langfeat_iter it;
	size_t nwords;
	int more;

	ns_langfeat_begin(&it, text, len);
	nwords = scan(m, &it, acc, nscript, 0, &more, wkeys, 0);
	addpairs(m, wkeys, nwords, acc);
	addlex(m, wkeys, nwords, acc);
	return nwords;
}

uint64_t
ns_langid_script_filter(const uint32_t *scripts, int nlangs,
    const size_t *nscript, uint64_t only)
{
	unsigned present = 0;
	uint64_t cand = 0;
	size_t top = 0;
	int s, l;

	for (s = NS_SCRIPT_LATIN; s < NS_SCRIPT_COUNT; s++)
		if (nscript[s] > top)
			top = nscript[s];
	if (top == 0)
		return 0;
	for (s = NS_SCRIPT_LATIN; s < NS_SCRIPT_COUNT; s++)
		if (nscript[s] == top)
			present |= NS_SCRIPT_BIT(s);
	for (l = 0; l < nlangs; l++)
		if (scripts[l] & present)
			cand |= (uint64_t)1 << l;
	return only != 0 ? cand & only : cand;
}

uint64_t
ns_langid_candidates(const struct ns_langid *m, const size_t *nscript,
    uint64_t only)
{
	uint32_t scripts[NS_LANGID_MAXLANGS];
	int l;

	for (l = 0; l < m->nlangs; l++)
		scripts[l] = m->langs[l].scripts;
	return ns_langid_script_filter(scripts, m->nlangs, nscript, only);
}

/* 1 / T for a text of nwords words. */
static double
invtemp(const struct ns_langid *m, size_t nwords)
{
	double n = nwords > 0 ? (double)nwords : 1;

	return exp(-(m->hdr->cal_a + m->hdr->cal_b * log(n)));
}

static int
bydesc(const void *a, const void *b)
{
	const struct ns_langid_cand *x = a, *y = b;

	if (x->p != y->p)
		return x->p < y->p ? 1 : -1;
	return x->lang - y->lang;
}

/* Insertion sort: a few dozen candidates. */
static void
sort_best(struct ns_langid_cand *c, int n)
{
	int i, k;

	for (i = 1; i < n; i++) {
		struct ns_langid_cand x = c[i];

		for (k = i; k > 0 && bydesc(&x, &c[k - 1]) < 0; k--)
			c[k] = c[k - 1];
		c[k] = x;
	}
}

/*
 * Bring the k best of c[0..n) to the front, in order: one pass per place
 * (most callers want the best one only, and sorting all is a tenth of the
 * time on short texts).
 */
static void
select_best(struct ns_langid_cand *c, int n, int k)
{
	struct ns_langid_cand x;
	int i, j, top;

	for (i = 0; i < k; i++) {
		for (top = i, j = i + 1; j < n; j++)
			if (bydesc(&c[j], &c[top]) < 0)
				top = j;
		x = c[i];
		c[i] = c[top];
		c[top] = x;
	}
}

void
ns_langid_finish(const struct ns_langid *m, const int32_t *acc,
    uint64_t cand, size_t nwords, int sorted, struct ns_langid_result *res)
{
	double z[NS_LANGID_MAXLANGS], max = -HUGE_VAL, sum = 0, it;
	int l, n = 0;

	res->ncand = 0;
	res->lang = "und";
	res->score = 0;
	if (cand == 0)
		return;
	it = invtemp(m, nwords);
	for (l = 0; l < m->nlangs; l++) {
		if (!(cand >> l & 1))
			continue;
		z[l] = (m->langs[l].bias + m->scale * acc[l]) * it;
		if (z[l] > max)
			max = z[l];
	}
	for (l = 0; l < m->nlangs; l++) {
		if (!(cand >> l & 1))
			continue;
		res->best[n].lang = l;
		res->best[n].code = m->langs[l].code;
		/* Beyond e^-40 a probability rounds to 0 anyway. */
		res->best[n].p = z[l] - max > -40 ? exp(z[l] - max) : 0;
		sum += res->best[n].p;
		n++;
	}
	for (l = 0; l < n; l++)
		res->best[l].p /= sum;
	if (sorted > 0 && sorted < n)
		select_best(res->best, n, sorted);
	else
		sort_best(res->best, n);
	res->ncand = n;
	res->lang = res->best[0].code;
	res->score = res->best[0].p;
}

/* Whether the evidence so far is decisive (calibrated logit margin). */
static int
decided(const struct ns_langid *m, const int32_t *acc, uint64_t cand,
    size_t nwords)
{
	double s, s1 = -HUGE_VAL, s2 = -HUGE_VAL;
	int l;

	for (l = 0; l < m->nlangs; l++) {
		if (!(cand >> l & 1))
			continue;
		s = m->langs[l].bias + m->scale * acc[l];
		if (s > s1) {
			s2 = s1;
			s1 = s;
		} else if (s > s2)
			s2 = s;
	}
	return s2 == -HUGE_VAL ||
	    (s1 - s2) * invtemp(m, nwords) >= m->hdr->stop_margin;
}

void
ns_langid_detect_opts(const struct ns_langid *m,
    const struct ns_langid_opts *opts, const char *text, size_t len,
    struct ns_langid_result *res)
{
	static const struct ns_langid_opts defaults;
	int32_t acc[NS_LANGID_MAXLANGS];
	uint32_t wkeys[NS_LANGID_MAXPAIRWORDS];
	size_t nscript[NS_SCRIPT_COUNT], nwords = 0;
	struct ns_langfeat_iter it;
	uint32_t every = m->hdr->stop_words;
	double min;
	int more;

	if (opts == NULL)
		opts = &defaults;
	memset(acc, 0, sizeof(acc));
	memset(nscript, 0, sizeof(nscript));
	res->early = 0;
	ns_langfeat_begin(&it, text, len);
	do {
		nwords += scan(m, &it, acc, nscript, opts->full ? 0 : every,
		    &more, wkeys, nwords);
		if (more && decided(m, acc, ns_langid_candidates(m, nscript,
		    opts->only), nwords)) {
			res->early = 1;
			break;
		}
	} while (more);
	if (!more) {
		addpairs(m, wkeys, nwords, acc);
		addlex(m, wkeys, nwords, acc);
	}
	res->nwords = nwords;
	ns_langid_finish(m, acc, ns_langid_candidates(m, nscript, opts->only),
	    nwords, opts->sorted, res);
	min = opts->min_score > 0 ? opts->min_score : m->hdr->min_score;
	if (res->ncand > 0 && !opts->no_minimum && res->score < min)
		res->lang = "und";
}

void
ns_langid_detect(const struct ns_langid *m, const char *text, size_t len,
    struct ns_langid_result *res)
{
	ns_langid_detect_opts(m, NULL, text, len, res);
}
