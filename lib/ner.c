/* ner.c: named-entity recognition: a BILOU tagger over tokens. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "ner.h"
#include "nerfeat.h"

NS_EMBED(ns_ner_model, "models/ner.bin");

static const char *const typenames[NS_ENT_NTYPES] = {
	"PER", "LOC", "ORG", "EVT", "PRO"
};

const char *
ns_ent_type_name(int type)
{
	return type >= 0 && type < NS_ENT_NTYPES ? typenames[type] : "?";
}

int
ns_ent_type_parse(const char *s, size_t n)
{
	int t;

	for (t = 0; t < NS_ENT_NTYPES; t++)
		if (n == 3 && memcmp(s, typenames[t], 3) == 0)
			return t;
	return -1;
}

/*
 * At load time the feature table is copied and its values rewritten:
 * a row of DENSE_MIN or more weights becomes a dense row (NS_NER_DENSE |
 * its index in dense), a vector of NPAD int16 weights, one per label
 * (zero where the file has none), alone in a cache line (one prefetch,
 * one miss), added with vector instructions;
 * shorter rows stay in the file's form.  Most of the tagger's work is
 * adding up the long rows of common features (bias, case, shape), about
 * 14 weights a row on news text.
 */
#define DENSE_MIN	4
#define NPAD		24	/* NS_NER_NLABELS rounded up to 8 */
#define DSTRIDE		32	/* a dense row is one 64-byte cache line */
#define NS_NER_DENSE	0x40000000u

struct ns_ner {
	struct ns_nerres	 res;
	struct ns_fptab		 weights;	/* over slots */
	uint32_t		*slots;		/* the table's rewritten copy */
	const uint32_t		*rows;		/* the file's sparse rows */
	uint64_t		 nrows;
	int16_t			(*dense)[DSTRIDE];	/* 64-byte aligned */
	size_t			 ndense;
	int32_t			 trans[(NS_NER_NLABELS + 1) * NS_NER_NLABELS];
	const char		*abbr;
	size_t			 nabbr;
	char			 langlist[NS_NER_MAXLANGS * 4];
};

/*
 * Whether the row at v of the file is to be read as a dense row: long
 * enough, and with each label in range and at most once (so that the
 * dense row's sums are the row's).
 */
static int
densable(const uint32_t *row)
{
	uint32_t k, seen = 0, l;

	if (row[0] < DENSE_MIN)
		return 0;
	for (k = 1; k <= row[0]; k++) {
		l = (row[k] >> 16) & 0x1F;
		if (l >= NS_NER_NLABELS || (seen & 1u << l))
			return 0;
		seen |= 1u << l;
	}
	return 1;
}

/*
 * Copy the feature table and rewrite its values (see struct ns_ner).
 * A row the file cannot hold (past the end) becomes 0, no feature,
 * as the tagger always read it.  Returns 0, or -1 when the model is
 * too large for the value encoding.
 */
static int
densify(struct ns_ner *ner)
{
	size_t nslots = ns_fptab_nslots(&ner->weights), s, nd = 0, bytes;
	uint32_t v, k, *fp, *val;
	const uint32_t *row;

	if (ner->nrows >= NS_NER_DENSE)
		return -1;
	/* Cache-line aligned, whatever the file's alignment. */
	if ((ner->slots = aligned_alloc(64, nslots * 8)) == NULL)
		return -1;
	memcpy(ner->slots, ner->weights.slots, nslots * 8);
	ner->weights.slots = ner->slots;
	for (s = 0; s < nslots; s++) {
		fp = &ner->slots[ns_fptab_fpat(s)];
		val = &ner->slots[ns_fptab_valat(s)];
		v = *val;
		if (*fp == 0 || v == 0 || (v & NS_NER_INLINE))
			continue;
		if (v >= ner->nrows ||
		    ner->rows[v] > ner->nrows - v - 1) {
			*val = 0;
			continue;
		}
		if (densable(ner->rows + v))
			nd++;
	}
	if (nd >= NS_NER_DENSE)
		return -1;
	bytes = (nd * sizeof(*ner->dense) + 63) / 64 * 64;
	if (nd > 0 && (ner->dense = aligned_alloc(64, bytes)) == NULL)
		return -1;
	if (nd > 0)
		memset(ner->dense, 0, bytes);
	ner->ndense = 0;
	for (s = 0; s < nslots; s++) {
		fp = &ner->slots[ns_fptab_fpat(s)];
		val = &ner->slots[ns_fptab_valat(s)];
		v = *val;
		if (*fp == 0 || v == 0 || (v & NS_NER_INLINE))
			continue;
		row = ner->rows + v;
		if (!densable(row))
			continue;
		for (k = 1; k <= row[0]; k++)
			ner->dense[ner->ndense][(row[k] >> 16) & 0x1F] =
			    (int16_t)(row[k] & 0xFFFF);
		*val = NS_NER_DENSE | (uint32_t)ner->ndense++;
	}
	return 0;
}

struct ns_ner *
ns_ner_load(const void *p, size_t n, struct ns_error *err)
{
	struct ns_ner_hdr h;
	struct ns_ner *ner;
	uint32_t i;
	size_t k;

	if (n < sizeof(h) || ((uintptr_t)p & 7) != 0) {
		ns_error_set(err, "not an entity model: %s",
		    n < sizeof(h) ? "too short" : "misaligned");
		return NULL;
	}
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, NS_NER_MAGIC, 5) == 0 &&
	    memcmp(h.magic, NS_NER_MAGIC, 8) != 0) {
		ns_error_set(err, "entity model of another format (%.7s, this "
		    "build reads %.7s): train it again", h.magic,
		    NS_NER_MAGIC);
		return NULL;
	}
	if (memcmp(h.magic, NS_NER_MAGIC, 8) != 0) {
		ns_error_set(err, "not an entity model (bad magic)");
		return NULL;
	}
	if (h.size != n || h.nlangs > NS_NER_MAXLANGS ||
	    h.rows > n || h.nrows > (n - h.rows) / 4 ||
	    h.abbr > n || h.nabbr > n - h.abbr ||
	    (h.nabbr > 0 && ((const char *)p)[h.abbr + h.nabbr - 1] != '\0')) {
		ns_error_set(err, "entity model is truncated or corrupt");
		return NULL;
	}
	ner = ns_xcalloc(1, sizeof(*ner));
	if (ns_fptab_read(&ner->weights, p, n, h.weights) == 0 ||
	    (h.clusters != 0 &&
	    ns_fptab_read(&ner->res.clusters, p, n, h.clusters) == 0) ||
	    (h.gaz != 0 && ns_fptab_read(&ner->res.gaz, p, n, h.gaz) == 0)) {
		free(ner);
		ns_error_set(err, "entity model is truncated or corrupt");
		return NULL;
	}
	ner->rows = (const uint32_t *)(const void *)((const char *)p + h.rows);
	ner->nrows = h.nrows;
	if (densify(ner) == -1) {
		ns_ner_free(ner);
		ns_error_set(err, "entity model is truncated or corrupt");
		return NULL;
	}
	memcpy(ner->trans, h.trans, sizeof(ner->trans));
	ns_ner_constrain(ner->trans);
	ner->abbr = (const char *)p + h.abbr;
	ner->nabbr = h.nabbr;
	ner->res.nlangs = (int)h.nlangs;
	ner->res.opts = h.opts;
	for (i = 0, k = 0; i < h.nlangs; i++) {
		size_t len;

		memcpy(ner->res.langs[i], h.langs[i], 4);
		ner->res.langs[i][3] = '\0';
		len = strlen(ner->res.langs[i]);
		if (i > 0)
			ner->langlist[k++] = ',';
		memcpy(ner->langlist + k, ner->res.langs[i], len);
		k += len;
	}
	ner->langlist[k] = '\0';
	return ner;
}

struct ns_ner *
ns_ner_default(struct ns_error *err)
{
	return ns_ner_load(ns_ner_model,
	    (size_t)(ns_ner_model_end - ns_ner_model), err);
}

void
ns_ner_free(struct ns_ner *ner)
{
	if (ner == NULL)
		return;
	free(ner->slots);
	free(ner->dense);
	free(ner);
}

int
ns_ner_has_lang(const struct ns_ner *ner, const char *lang)
{
	return ns_nerres_lang(&ner->res, lang) >= 0;
}

const char *
ns_ner_langs(const struct ns_ner *ner)
{
	return ner->langlist;
}

struct ns_tagger {
	const struct ns_ner	*ner;
	struct ns_tokenizer	*tk;
	struct ns_nertext	 text;
	uint64_t		*feats;		/* per token NS_NER_MAXFEAT */
	uint16_t		*nfeat;
	int32_t			(*sc)[NS_NER_NLABELS];
	int32_t			(*delta)[NS_NER_NLABELS];
	uint8_t			(*back)[NS_NER_NLABELS];
	uint8_t			*lab;		/* the whole text's labels */
	size_t			*spanb, *spane;
	int			*spant;
	size_t			 cap;		/* of lab, span* (tokens) */
	struct ns_mention	*ments;
	size_t			 capments;
	struct ns_hmap		 seen;		/* consistency's, reused */
	/*
	 * The word part of the emission scores (ns_nerfeat_word's
	 * weights, summed) of the last words seen, by their word key
	 * (ns_nerfeat_wordkey; 0 marks an empty slot), direct-mapped:
	 * most tokens are frequent words, and their word part is half
	 * of their features' table lookups.
	 */
	uint64_t		*memokey;
	int32_t			(*memosum)[NPAD];
	/* Per token of the stretch: its word part, if remembered. */
	uint64_t		*wkey;
	uint16_t		*nword;		/* word features in feats */
	uint8_t			*light;		/* ns_nerfeat_light */
	int32_t			(*part)[NPAD];
};

/* 16384 slots: 1.6 MB, beside the feature table in a 2 MB L2 cache. */
#define MEMO_SLOTS	16384

/* The longest stretch tagged at once; sentences are split beyond. */
#define CHUNK	256

struct ns_tagger *
ns_tagger_new(const struct ns_ner *ner, struct ns_error *err)
{
	struct ns_tagger *tg;
	const char *a;

	tg = ns_xcalloc(1, sizeof(*tg));
	tg->ner = ner;
	if ((tg->tk = ns_tokenizer_open(err)) == NULL) {
		free(tg);
		return NULL;
	}
	for (a = ner->abbr; a < ner->abbr + ner->nabbr; a += strlen(a) + 1)
		ns_tokenizer_abbrev(tg->tk, a, strlen(a));
	tg->feats = ns_xmalloc(CHUNK * NS_NER_MAXFEAT * sizeof(*tg->feats));
	tg->nfeat = ns_xmalloc(CHUNK * sizeof(*tg->nfeat));
	tg->sc = ns_xmalloc(CHUNK * sizeof(*tg->sc));
	tg->delta = ns_xmalloc(CHUNK * sizeof(*tg->delta));
	tg->back = ns_xmalloc(CHUNK * sizeof(*tg->back));
	tg->memokey = ns_xcalloc(MEMO_SLOTS, sizeof(*tg->memokey));
	tg->memosum = ns_xmalloc(MEMO_SLOTS * sizeof(*tg->memosum));
	tg->wkey = ns_xmalloc(CHUNK * sizeof(*tg->wkey));
	tg->nword = ns_xmalloc(CHUNK * sizeof(*tg->nword));
	tg->light = ns_xmalloc(CHUNK * sizeof(*tg->light));
	tg->part = ns_xmalloc(CHUNK * sizeof(*tg->part));
	return tg;
}

void
ns_tagger_free(struct ns_tagger *tg)
{
	if (tg == NULL)
		return;
	ns_tokenizer_close(tg->tk);
	ns_nertext_free(&tg->text);
	free(tg->feats);
	free(tg->nfeat);
	free(tg->sc);
	free(tg->delta);
	free(tg->back);
	free(tg->memokey);
	free(tg->memosum);
	free(tg->wkey);
	free(tg->nword);
	free(tg->light);
	free(tg->part);
	free(tg->lab);
	free(tg->spanb);
	free(tg->spane);
	free(tg->spant);
	free(tg->ments);
	ns_hmap_free(&tg->seen);
	free(tg);
}

void
ns_tagger_newdoc(struct ns_tagger *tg)
{
	ns_nerfeat_forget(&tg->text);
}

/* sc[0..NPAD) += w[0..NPAD), which compilers turn into vector adds. */
static inline void
add_dense(int32_t *restrict sc, const int16_t *restrict w)
{
	size_t l;

	for (l = 0; l < NPAD; l++)
		sc[l] += w[l];
}

/*
 * Add the weights of table value v to sc[0..32) (any 5-bit label is in
 * bounds).
 */
static inline void
addval(const struct ns_ner *ner, uint32_t v, int32_t *sc)
{
	const uint32_t *row;
	uint32_t k, m;

	if (v == 0)
		return;
	if (v & NS_NER_INLINE) {
		sc[(v >> 16) & 0x1F] += (int16_t)(v & 0xFFFF);
		return;
	}
	if (v & NS_NER_DENSE) {
		add_dense(sc, ner->dense[v & ~NS_NER_DENSE]);
		return;
	}
	/* A sparse row, checked at load time. */
	row = ner->rows + v;
	m = row[0];
	for (k = 1; k <= m; k++)
		sc[(row[k] >> 16) & 0x1F] += (int16_t)(row[k] & 0xFFFF);
}

void
ns_ner_addweights(const struct ns_ner *ner, uint64_t f, int32_t *sc)
{
	_Alignas(64) int32_t acc[32];
	int l;

	memset(acc, 0, sizeof(acc));
	addval(ner, ns_fptab_get(&ner->weights, f, 0), acc);
	for (l = 0; l < NS_NER_NLABELS; l++)
		sc[l] += acc[l];
}

/*
 * Add up the weights of the features of token t of the stretch that
 * starts at token i (already table values): the word part first, from
 * the memo or summed and remembered, then the context's.
 */
static void
sum(struct ns_tagger *tg, size_t i, size_t t)
{
	const uint64_t *f = tg->feats + t * NS_NER_MAXFEAT;
	_Alignas(64) int32_t sc[32];	/* any 5-bit label is in bounds */
	size_t j = 0, slot = tg->wkey[t] & (MEMO_SLOTS - 1);

	memset(sc, 0, sizeof(sc));
	if (tg->nword[t] == 0)
		memcpy(sc, tg->part[t], sizeof(tg->part[t]));
	else {
		for (j = 0; j < tg->nword[t]; j++)
			addval(tg->ner, (uint32_t)f[j], sc);
		tg->memokey[slot] = tg->wkey[t];
		memcpy(tg->memosum[slot], sc, sizeof(tg->memosum[slot]));
	}
	for (; j < tg->nfeat[t]; j++)
		addval(tg->ner, (uint32_t)f[j], sc);
	ns_nerfeat_mask(&tg->text, i + t, sc);
	memcpy(tg->sc[t], sc, sizeof(tg->sc[t]));
}

/* Token t's word key, and its memo slot fetched for features(). */
static void
wordkey(struct ns_tagger *tg, size_t i, size_t t)
{
	int light = ns_nerfeat_light(&tg->ner->res, &tg->text, i + t);
	uint64_t key = ns_nerfeat_wordkey(&tg->text, i + t, light);
	size_t slot = key & (MEMO_SLOTS - 1);

	tg->wkey[t] = key;
	tg->light[t] = (uint8_t)light;
	__builtin_prefetch(&tg->memokey[slot]);
	__builtin_prefetch(tg->memosum[slot]);
	__builtin_prefetch((const char *)tg->memosum[slot] + 64);
}

/*
 * Token t's features into tg->feats, the word part's only when the memo
 * does not have it (then its sum is copied now: a later token's store
 * may take the slot before sum() runs).
 */
static void
features(struct ns_tagger *tg, size_t i, size_t t)
{
	const struct ns_nerres *res = &tg->ner->res;
	uint64_t *f = tg->feats + t * NS_NER_MAXFEAT, key = tg->wkey[t];
	size_t slot = key & (MEMO_SLOTS - 1), nw = 0;

	if (tg->memokey[slot] == key)
		memcpy(tg->part[t], tg->memosum[slot], sizeof(tg->part[t]));
	else
		nw = ns_nerfeat_word(res, &tg->text, i + t, tg->light[t], f);
	tg->nword[t] = (uint16_t)nw;
	tg->nfeat[t] = (uint16_t)(nw + ns_nerfeat_context(res, &tg->text,
	    i + t, tg->light[t], f + nw));
}

/*
 * Emission scores of tokens [i, i + T) into tg->sc, software-pipelined
 * so that cache misses overlap with work: while token t's word key is
 * computed (and its memo slot fetched), token t - 1's features are
 * hashed (and their table slots fetched), token t - 2's slots are read
 * (and the rows they point to fetched), and token t - 3's weights are
 * added up.
 */
static void
score(struct ns_tagger *tg, size_t i, size_t T)
{
	const struct ns_ner *ner = tg->ner;
	size_t t, j;

	for (t = 0; t < T + 3; t++) {
		if (t < T)
			wordkey(tg, i, t);
		if (t >= 1 && t - 1 < T) {
			size_t u = t - 1;
			uint64_t *f = tg->feats + u * NS_NER_MAXFEAT;

			features(tg, i, u);
			for (j = 0; j < tg->nfeat[u]; j++)
				ns_fptab_prefetch(&ner->weights, f[j]);
		}
		if (t >= 2 && t - 2 < T) {
			size_t u = t - 2;
			uint64_t *f = tg->feats + u * NS_NER_MAXFEAT;

			/* Each hash is replaced by its table value. */
			for (j = 0; j < tg->nfeat[u]; j++) {
				uint32_t v = ns_fptab_get(&ner->weights, f[j],
				    0);

				if (v == 0 || (v & NS_NER_INLINE))
					;
				else if (v & NS_NER_DENSE)
					__builtin_prefetch(
					    ner->dense[v & ~NS_NER_DENSE]);
				else
					__builtin_prefetch(ner->rows + v);
				f[j] = v;
			}
		}
		if (t >= 3)
			sum(tg, i, t - 3);
	}
}

static void
grow(struct ns_tagger *tg, size_t n)
{
	if (n <= tg->cap)
		return;
	tg->cap = n;
	tg->lab = ns_xrealloc(tg->lab, n * sizeof(*tg->lab));
	tg->spanb = ns_xrealloc(tg->spanb, n * sizeof(*tg->spanb));
	tg->spane = ns_xrealloc(tg->spane, n * sizeof(*tg->spane));
	tg->spant = ns_xrealloc(tg->spant, n * sizeof(*tg->spant));
}

/*
 * Document consistency (Ratinov & Roth 2009): a capitalised token
 * sequence tagged as an entity somewhere in the text is tagged so
 * wherever else it occurs untagged.
 */
static void
consistency(struct ns_tagger *tg, size_t nm)
{
	struct ns_nertext *t = &tg->text;
	struct ns_hmap *seen = &tg->seen;
	size_t i, j, k, n = t->toks.n, best;
	uint32_t *v, bestv;
	uint64_t h;
	int isnew;

	for (k = 0; k < nm; k++) {
		h = ns_nerfeat_seq0(NS_GAZ_FORMS);
		for (i = tg->spanb[k]; i < tg->spane[k]; i++) {
			h = ns_nerfeat_seq(h, t->ti[i].hlow);
			if (i + 1 < tg->spane[k])
				*ns_hmap_put(seen, h, 0, &isnew) |= 0x100;
		}
		v = ns_hmap_put(seen, h, 0, &isnew);
		/* Several types for one form: leave it alone. */
		if ((*v & 0xFF) != 0 && (*v & 0xFF) != (uint32_t)tg->spant[k] + 1)
			*v |= 0x200;
		*v |= (uint32_t)tg->spant[k] + 1;
	}
	for (i = 0; i < n;) {
		if (tg->lab[i] != NS_NER_O || t->ti[i].caps == NS_CAPS_LOWER ||
		    t->ti[i].caps == NS_CAPS_NONE) {
			i++;
			continue;
		}
		best = 0;
		bestv = 0;
		h = ns_nerfeat_seq0(NS_GAZ_FORMS);
		for (j = i; j < n && j - i < NS_NER_GAZMAX &&
		    tg->lab[j] == NS_NER_O; j++) {
			h = ns_nerfeat_seq(h, t->ti[j].hlow);
			if ((v = ns_hmap_get(seen, h)) == NULL)
				break;
			if ((*v & 0xFF) != 0 && !(*v & 0x200)) {
				best = j + 1 - i;
				bestv = *v & 0xFF;
			}
			if (!(*v & 0x100))
				break;
		}
		if (best == 0) {
			i++;
			continue;
		}
		for (k = i; k < i + best; k++)
			tg->lab[k] = (uint8_t)NS_NER_LABEL(bestv - 1,
			    best == 1 ? NS_NER_U : k == i ? NS_NER_B :
			    k + 1 == i + best ? NS_NER_L : NS_NER_I);
		i += best;
	}
	ns_hmap_clear(seen);
}

/*
 * A word written twice in a row ends a name and starts another: in
 * "Сергей Лавров Лавров" the doubling is a slip, not one longer name.
 */
static void
doubled(struct ns_tagger *tg)
{
	const struct ns_nertext *t = &tg->text;
	size_t i;

	for (i = 0; i + 1 < t->toks.n; i++) {
		int a = tg->lab[i], b = tg->lab[i + 1], ty;

		if (a == NS_NER_O || NS_NER_POS(a) == NS_NER_L ||
		    NS_NER_POS(a) == NS_NER_U ||
		    t->toks.v[i].kind != NS_TOK_WORD ||
		    t->ti[i].hlow != t->ti[i + 1].hlow)
			continue;
		ty = NS_NER_TYPE(a);
		/* B|I x, I|L x: the first closes, the second opens. */
		tg->lab[i] = (uint8_t)NS_NER_LABEL(ty,
		    NS_NER_POS(a) == NS_NER_B ? NS_NER_U : NS_NER_L);
		tg->lab[i + 1] = (uint8_t)NS_NER_LABEL(ty,
		    NS_NER_POS(b) == NS_NER_L ? NS_NER_U : NS_NER_B);
	}
}

int
ns_tagger_run(struct ns_tagger *tg, const char *lang, const char *s,
    size_t n, const struct ns_mention **out, size_t *nout,
    struct ns_error *err)
{
	struct ns_nertext *t = &tg->text;
	size_t i, j, nm, k;

	*out = NULL;
	*nout = 0;
	if (ns_tokenize(tg->tk, s, n, &t->toks, err) == -1)
		return -1;
	t->s = s;
	t->n = n;
	ns_nerfeat_prepare(&tg->ner->res, &tg->ner->res.gaz, t,
	    ns_nerres_lang(&tg->ner->res, lang));
	grow(tg, t->toks.n);
	for (i = 0; i < t->toks.n; i = j) {
		/* One sentence, or CHUNK tokens of a longer one. */
		for (j = i + 1; j < t->toks.n && j - i < CHUNK &&
		    !(t->toks.v[j].flags & NS_TOK_SENT); j++)
			;
		score(tg, i, j - i);
		ns_ner_viterbi((const int32_t (*)[NS_NER_NLABELS])tg->sc, j - i,
		    tg->ner->trans, tg->delta, tg->back, tg->lab + i);
		ns_nerfeat_remember(t, i, j, tg->lab + i);
	}
	doubled(tg);
	nm = ns_ner_spans(tg->lab, t->toks.n, tg->spanb, tg->spane, tg->spant);
	if (nm > 0) {
		consistency(tg, nm);
		nm = ns_ner_spans(tg->lab, t->toks.n, tg->spanb, tg->spane,
		    tg->spant);
	}
	if (nm > tg->capments) {
		tg->capments = nm;
		tg->ments = ns_xrealloc(tg->ments, nm * sizeof(*tg->ments));
	}
	for (k = 0; k < nm; k++) {
		const struct ns_token *a = &t->toks.v[tg->spanb[k]];
		const struct ns_token *b = &t->toks.v[tg->spane[k] - 1];

		tg->ments[k].b0 = a->b0;
		tg->ments[k].c0 = a->c0;
		tg->ments[k].b1 = b->b1;
		tg->ments[k].c1 = b->c1;
		tg->ments[k].type = tg->spant[k];
	}
	*out = tg->ments;
	*nout = nm;
	return 0;
}
