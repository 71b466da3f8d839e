/* lemma.c: base forms of named-entity mentions (learned edit trees). */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "embed.h"
#include "etree.h"
#include "ftab.h"
#include "lemma.h"
#include "lemmaint.h"
#include "utf8.h"

NS_EMBED(ns_lemma_model, "models/lemma.bin");

struct ns_lemmatizer {
	struct ns_llang	*langs;
	size_t		 nlangs;
};

/* Feature template numbers: the seeds of their hashes. */
enum {
	F_BIAS = 1, F_TYPE, F_SUF, F_SUFT = F_SUF + 8, F_WORD = F_SUFT + 8,
	F_SHAPE, F_SHAPES2, F_POS, F_POST, F_POSS2, F_NW, F_LEN,
	F_PS2, F_PS3, F_PSH, F_PCHG, F_PCHGS2, F_NS2, F_NS3, F_NSH,
	F_OUT2, F_OUT3, F_OUT2T, F_CAND, F_LEX, F_PRE2, F_OUT3T, F_OUTLEN,
	F_OUTNS2, F_OUTLS3, F_KNOWN, F_KNOWNT, F_KNOWNKEY, F_KNOWNEND,
	F_OUTNS1, F_OUTLS1, F_TR1, F_TR2, F_DOCWORD, F_KNOWNBI, F_BADBI
};

/* Does the UTF-8 string s hold code point c? */
static int
strchr_cp(const char *s, int32_t c)
{
	size_t i = 0, n = strlen(s);

	while (i < n)
		if (ns_utf8_next(s, n, &i) == c)
			return 1;
	return 0;
}

static int
is_letter(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static int
is_white(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == 0xa0 || c == 0x2009 || c == 0x202f || c == 0x3000;
}

void
ns_lwords_split(struct ns_lwords *w, const char *s, size_t n)
{
	size_t i = 0;
	int32_t c;
	int inword = 0;

	w->ncp = 0;
	w->nw = 0;
	if (w->capcp < n + 1) {
		w->capcp = n + 1;
		w->cp = ns_xrealloc(w->cp, w->capcp * sizeof(*w->cp));
		w->lc = ns_xrealloc(w->lc, w->capcp * sizeof(*w->lc));
	}
	while (i < n) {
		c = ns_utf8_next(s, n, &i);
		if (is_white(c)) {
			inword = 0;
			continue;
		}
		if (!inword && w->nw < NS_LEMMA_MAXWORDS)
			w->start[w->nw++] = w->ncp;
		inword = 1;
		w->cp[w->ncp] = c;
		w->lc[w->ncp] = utf8proc_tolower(c);
		w->ncp++;
	}
	w->start[w->nw] = w->ncp;
}

void
ns_lwords_free(struct ns_lwords *w)
{
	free(w->cp);
	free(w->lc);
	w->cp = w->lc = NULL;
	w->capcp = 0;
}

static uint64_t
hcp(const int32_t *s, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(s, n * sizeof(*s), seed);
}

static uint64_t
hstr(const char *s, uint64_t seed)
{
	return XXH3_64bits_withSeed(s, s != NULL ? strlen(s) : 0, seed);
}

/* 0 lower, 1 capitalised, 2 capitals, 3 other; +4 digit, +8 hyphen. */
static unsigned
shape(const int32_t *cp, const int32_t *lc, size_t n)
{
	size_t i, up = 0, low = 0;
	unsigned s, extra = 0;

	for (i = 0; i < n; i++) {
		if (cp[i] != lc[i])
			up++;
		else if (utf8proc_toupper(cp[i]) != cp[i])
			low++;
		if (cp[i] >= '0' && cp[i] <= '9')
			extra |= 4;
		if (cp[i] == '-' || cp[i] == 0x2010 || cp[i] == 0x2013)
			extra |= 8;
	}
	if (up == 0)
		s = 0;
	else if (up == 1 && cp[0] != lc[0])
		s = 1;
	else if (low == 0)
		s = 2;
	else
		s = 3;
	return s | extra;
}

size_t
ns_lemma_features(const struct ns_lwords *w, size_t i, const char *type,
    int prevchg, uint64_t *fh)
{
	const int32_t *lw = w->lc + w->start[i], *cw = w->cp + w->start[i];
	size_t n = w->start[i + 1] - w->start[i], k, nf = 0, pn;
	uint64_t th = hstr(type, F_TYPE), s2, sh, pos;

	fh[nf++] = F_BIAS;
	fh[nf++] = th;
	for (k = 1; k <= 6 && k <= n; k++) {
		uint64_t sk = hcp(lw + n - k, k, F_SUF + k);

		fh[nf++] = sk;
		if (k <= 4)
			fh[nf++] = ns_mix64_with(sk, th + F_SUFT);
	}
	s2 = hcp(lw + (n >= 2 ? n - 2 : 0), n >= 2 ? 2 : n, F_SUF + 2);
	fh[nf++] = hcp(lw, n, F_WORD);
	if (n >= 2)
		fh[nf++] = hcp(lw, 2, F_PRE2);
	sh = shape(cw, lw, n);
	fh[nf++] = ns_mix64_with(F_SHAPE, sh);
	fh[nf++] = ns_mix64_with(s2 + F_SHAPES2, sh);
	pos = w->nw == 1 ? 0 : i == 0 ? 1 : i + 1 == w->nw ? 3 : 2;
	fh[nf++] = ns_mix64_with(F_POS, pos);
	fh[nf++] = ns_mix64_with(th + F_POST, pos);
	fh[nf++] = ns_mix64_with(s2 + F_POSS2, pos);
	fh[nf++] = ns_mix64_with(F_NW, (w->nw < 5 ? w->nw : 5) * 4 + pos);
	fh[nf++] = ns_mix64_with(F_LEN, n < 10 ? n : 10);
	if (i > 0) {
		const int32_t *pl = w->lc + w->start[i - 1];

		pn = w->start[i] - w->start[i - 1];
		fh[nf++] = hcp(pl + (pn >= 2 ? pn - 2 : 0), pn >= 2 ? 2 : pn,
		    F_PS2);
		if (pn >= 3)
			fh[nf++] = hcp(pl + pn - 3, 3, F_PS3);
		fh[nf++] = ns_mix64_with(F_PSH,
		    shape(w->cp + w->start[i - 1], pl, pn));
		fh[nf++] = ns_mix64_with(F_PCHG, (uint64_t)prevchg);
		fh[nf++] = ns_mix64_with(s2 + F_PCHGS2, (uint64_t)prevchg);
	}
	if (i + 1 < w->nw) {
		const int32_t *nl = w->lc + w->start[i + 1];

		pn = w->start[i + 2] - w->start[i + 1];
		fh[nf++] = hcp(nl + (pn >= 2 ? pn - 2 : 0), pn >= 2 ? 2 : pn,
		    F_NS2);
		if (pn >= 3)
			fh[nf++] = hcp(nl + pn - 3, 3, F_NS3);
		fh[nf++] = ns_mix64_with(F_NSH,
		    shape(w->cp + w->start[i + 1], nl, pn));
	}
	return nf;
}

size_t
ns_lemma_outfeatures(const struct ns_lwords *w, size_t i, const int32_t *out,
    size_t n, const char *type, int known, uint64_t *fh)
{
	size_t nf = 0, k;
	uint64_t o2, o3 = 0;

	fh[nf++] = ns_mix64_with(F_KNOWN, (uint64_t)(known & 7));
	fh[nf++] = ns_mix64_with(hstr(type, F_KNOWNT), (uint64_t)(known & 7));
	fh[nf++] = ns_mix64_with(F_BADBI, (uint64_t)(known >> 3));
	fh[nf++] = ns_mix64_with(hstr(type, F_BADBI), (uint64_t)(known >> 3));

	o2 = hcp(out + (n >= 2 ? n - 2 : 0), n >= 2 ? 2 : n, F_OUT2);
	fh[nf++] = o2;
	if (n >= 3) {
		o3 = hcp(out + n - 3, 3, F_OUT3);
		fh[nf++] = o3;
		fh[nf++] = ns_mix64_with(o3, hstr(type, F_OUT3T));
	}
	fh[nf++] = ns_mix64_with(o2, hstr(type, F_OUT2T));
	fh[nf++] = ns_mix64_with(F_OUTLEN, n < 4 ? n : 4);
	if (i + 1 < w->nw) {
		/* Agreement: the ending against the next and the last word's. */
		k = w->start[i + 2] - w->start[i + 1];
		fh[nf++] = ns_mix64_with(o2, hcp(w->lc + w->start[i + 1] +
		    (k >= 2 ? k - 2 : 0), k >= 2 ? 2 : k, F_OUTNS2));
		fh[nf++] = ns_mix64_with(o2, hcp(w->lc + w->start[i + 2] - 1, 1,
		    F_OUTNS1));
		k = w->start[w->nw] - w->start[w->nw - 1];
		fh[nf++] = ns_mix64_with(o2, hcp(w->lc + w->start[w->nw - 1] +
		    (k >= 3 ? k - 3 : 0), k >= 3 ? 3 : k, F_OUTLS3));
		fh[nf++] = ns_mix64_with(o2, hcp(w->lc + w->start[w->nw] - 1, 1,
		    F_OUTLS1));
	}
	return nf;
}

uint64_t
ns_lemma_candkey(const int32_t *lw, size_t n, size_t k)
{
	return ns_ftab_key(hcp(lw + n - k, k, F_CAND + k));
}

uint64_t
ns_lemma_knownkey(const int32_t *lw, size_t n)
{
	return ns_ftab_key(hcp(lw, n, F_KNOWNKEY));
}

uint64_t
ns_lemma_bigramkey(const int32_t *lw)
{
	return ns_ftab_key(hcp(lw, 2, F_KNOWNBI));
}

uint64_t
ns_lemma_endkey(const int32_t *lw, size_t n)
{
	return ns_ftab_key(hcp(lw + (n >= 2 ? n - 2 : 0), n >= 2 ? 2 : n,
	    F_KNOWNEND));
}

uint64_t
ns_lemma_lexkey(const char *type, const struct ns_lwords *w)
{
	uint64_t h = hstr(type, F_LEX);
	size_t i;

	/* Chained: each word's hash seeds the next, so word order counts. */
	for (i = 0; i < w->nw; i++)
		h = hcp(w->lc + w->start[i], w->start[i + 1] - w->start[i],
		    h + i);
	return ns_ftab_key(h);
}

struct ns_lemmatizer *
ns_lemmatizer_default(struct ns_error *err)
{
	return ns_lemmatizer_load(ns_lemma_model,
	    (size_t)(ns_lemma_model_end - ns_lemma_model), err);
}

int
ns_lemma_load_rules(struct ns_llang *l, const unsigned char *p, size_t n,
    size_t *pos)
{
	uint32_t tlen;

	if (n - *pos < 8)
		return -1;
	memcpy(l->code, p + *pos, 8);
	l->code[7] = '\0';
	*pos += 8;
	if (ns_read_u32(p, n, pos, &l->ntrees) == -1 || l->ntrees == 0 ||
	    (n - *pos) / 4 <= l->ntrees)
		return -1;
	l->toff = p + *pos;
	*pos += ((size_t)l->ntrees + 1) * 4;
	tlen = ns_get_u32(l->toff + (size_t)l->ntrees * 4);
	if (n - *pos < tlen)
		return -1;
	l->trees = p + *pos;
	*pos += tlen;
	if (ns_ftab_open(&l->cand, p, n, pos) == -1 ||
	    ns_read_u32(p, n, pos, &l->npool) == -1 ||
	    (n - *pos) / 4 < l->npool)
		return -1;
	l->pool = p + *pos;
	*pos += (size_t)l->npool * 4;
	return ns_ftab_open(&l->known, p, n, pos);
}

int
ns_lemma_load_rest(struct ns_llang *l, const unsigned char *p, size_t n,
    size_t *pos)
{
	if (ns_ftab_open(&l->w, p, n, pos) == -1 ||
	    ns_ftab_open(&l->lex, p, n, pos) == -1 ||
	    ns_read_u32(p, n, pos, &l->nstr) == -1 || n - *pos < l->nstr)
		return -1;
	l->str = p + *pos;
	*pos += l->nstr;
	return 0;
}

struct ns_lemmatizer *
ns_lemmatizer_load(const void *p, size_t n, struct ns_error *err)
{
	struct ns_lemmatizer *lz;
	const unsigned char *b = p;
	size_t pos = 8, i;
	uint32_t nl;

	if (n < 8 || memcmp(p, NS_LEMMA_MAGIC, 8) != 0) {
		ns_error_set(err, "not a lemma model");
		return NULL;
	}
	if (ns_read_u32(b, n, &pos, &nl) == -1 || nl > 256) {
		ns_error_set(err, "lemma model: truncated");
		return NULL;
	}
	lz = ns_xcalloc(1, sizeof(*lz));
	lz->langs = ns_xcalloc(nl + 1, sizeof(*lz->langs));
	lz->nlangs = nl;
	for (i = 0; i < nl; i++)
		if (ns_lemma_load_rules(&lz->langs[i], b, n, &pos) == -1 ||
		    ns_lemma_load_rest(&lz->langs[i], b, n, &pos) == -1) {
			ns_error_set(err, "lemma model: truncated");
			ns_lemmatizer_free(lz);
			return NULL;
		}
	return lz;
}

void
ns_lemmatizer_free(struct ns_lemmatizer *lz)
{
	if (lz == NULL)
		return;
	free(lz->langs);
	free(lz);
}

static const struct ns_llang *
find_lang(const struct ns_lemmatizer *lz, const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	for (i = 0; i < lz->nlangs; i++)
		if (strcmp(lz->langs[i].code, lang) == 0)
			return &lz->langs[i];
	return NULL;
}

static float
weight(const struct ns_llang *l, uint64_t h)
{
	uint32_t v;
	float f;

	if (!ns_ftab_get(&l->w, ns_ftab_key(h), &v))
		return 0;
	memcpy(&f, &v, sizeof(f));
	return f;
}

/* The lexicon's lemma for the mention, or NULL. */
static const unsigned char *
lex_get(const struct ns_llang *l, const char *type, const struct ns_lwords *w,
    uint32_t *len)
{
	uint32_t off;

	if (!ns_ftab_get(&l->lex, ns_lemma_lexkey(type, w), &off) &&
	    !ns_ftab_get(&l->lex, ns_lemma_lexkey("", w), &off))
		return NULL;
	if (off > l->nstr || l->nstr - off < 4)
		return NULL;
	*len = ns_get_u32(l->str + off);
	if (l->nstr - off - 4 < *len)
		return NULL;
	return l->str + off + 4;
}

/*
 * The candidate trees for a word: those seen in training with its last
 * two (else one) letters.  Points *ids at the pool; returns the count.
 */
static uint32_t
cand_list(const struct ns_llang *l, const int32_t *lw, size_t n,
    const unsigned char **ids)
{
	uint32_t off, cnt;
	size_t k;

	for (k = n < 2 ? n : 2; k >= 1; k--) {
		if (!ns_ftab_get(&l->cand, ns_lemma_candkey(lw, n, k), &off) ||
		    off >= l->npool)
			continue;
		cnt = ns_get_u32(l->pool + (size_t)off * 4);
		if (cnt > l->npool - off - 1)
			return 0;
		*ids = l->pool + ((size_t)off + 1) * 4;
		return cnt;
	}
	return 0;
}

/* Decode UTF-8 s[0..n) to lower-case code points into *cp. */
static size_t
lower_cps(const char *s, size_t n, int32_t **cp, size_t *cap)
{
	size_t i = 0, k = 0;

	if (*cap < n + 1) {
		*cap = n + 1;
		*cp = ns_xrealloc(*cp, *cap * sizeof(**cp));
	}
	while (i < n)
		(*cp)[k++] = utf8proc_tolower(ns_utf8_next(s, n, &i));
	return k;
}

static int	in_doc(const struct ns_lemma_doc *, const struct ns_lwords *,
		    const int32_t *, size_t);

/* 1 vowel, 2 consonant, 3 anything else (digits, marks). */
static uint64_t
letter_class(int32_t c)
{
	if (!is_letter(c))
		return 3;
	return strchr_cp("aeiouyаеёиоуыэюяєіїѣ", c) ? 1 : 2;
}

size_t
ns_lemma_cands(const struct ns_llang *l, const struct ns_lwords *w, size_t i,
    const char *type, uint32_t minknown, const struct ns_lemma_doc *doc,
    struct ns_lcands *cs)
{
	const int32_t *cw = w->cp + w->start[i], *lw = w->lc + w->start[i];
	size_t n = w->start[i + 1] - w->start[i], m;
	const unsigned char *ids = NULL;
	uint32_t ncand, t, j, a, b, cnt;
	struct ns_lcand *c;
	size_t k;
	int known;

	cs->n = 0;
	ns_buf_reset(&cs->out);
	ncand = cand_list(l, lw, n, &ids);
	for (j = 0; j <= ncand; j++) {
		size_t mark = cs->out.len;

		t = j == 0 ? 0 : ns_get_u32(ids + (size_t)(j - 1) * 4);
		if (t >= l->ntrees || (j > 0 && t == 0))
			continue;
		a = ns_get_u32(l->toff + (size_t)t * 4);
		b = ns_get_u32(l->toff + (size_t)(t + 1) * 4);
		if (b < a || ns_etree_apply(l->trees + a, b - a, cw, lw, n,
		    &cs->out) == -1) {
			cs->out.len = mark;
			continue;
		}
		if (cs->n == cs->cap) {
			cs->cap = cs->cap == 0 ? 32 : 2 * cs->cap;
			cs->c = ns_xrealloc(cs->c, cs->cap * sizeof(*cs->c));
		}
		c = &cs->c[cs->n++];
		c->tree = t;
		c->off = mark;
		c->len = cs->out.len - mark;
		m = lower_cps(cs->out.p + mark, c->len, &cs->ocp, &cs->ocap);
		known = ns_ftab_get(&l->known, ns_lemma_knownkey(cs->ocp, m),
		    &cnt) && cnt >= minknown;
		/* Does any known lemma end so?  (Майами -> *Майы: no.) */
		if (ns_ftab_get(&l->known, ns_lemma_endkey(cs->ocp, m),
		    &cnt) && cnt >= minknown)
			known |= 2;
		if (doc != NULL && in_doc(doc, w, cs->ocp, m))
			known |= 4;
		/* A pair of letters no known lemma has (Майами -> *Майы). */
		for (k = 0; k + 1 < m; k++)
			if (!ns_ftab_get(&l->known,
			    ns_lemma_bigramkey(cs->ocp + k), &cnt) ||
			    cnt < minknown) {
				known |= 8;
				break;
			}
		c->no = ns_lemma_outfeatures(w, i, cs->ocp, m, type, known,
		    c->oh);
		c->e1 = hcp(cs->ocp + (m >= 1 ? m - 1 : 0), m >= 1 ? 1 : 0,
		    F_TR1);
		c->e2 = hcp(cs->ocp + (m >= 2 ? m - 2 : 0), m >= 2 ? 2 : m,
		    F_TR2);
		c->ec = m == 0 ? 0 : letter_class(cs->ocp[m - 1]);
	}
	return cs->n;
}

uint64_t
ns_lemma_trans(const struct ns_lcand *a, const struct ns_lcand *b, int k)
{
	if (k == 0)
		return ns_mix64_with(ns_mix64_with(a->e1, b->e1),
		    NS_LEMMA_TRANSCLASS);
	if (k == 1)
		return ns_mix64_with(ns_mix64_with(a->e2, b->e2 + 1),
		    NS_LEMMA_TRANSCLASS);
	/* A feminine adjective before a noun ending in a consonant... */
	return ns_mix64_with(ns_mix64_with(a->e1, b->ec + 2),
	    NS_LEMMA_TRANSCLASS);
}

static double	model_weight(const void *, uint64_t);
static void	cache_free(struct ns_lcache *);

void
ns_lemma_decode(const struct ns_llang *l, const struct ns_lwords *w,
    const char *type, uint32_t minknown, const struct ns_lemma_doc *doc,
    ns_lemma_wfn *wf, const void *ctx, struct ns_lcands *cs, size_t *choice)
{
	uint64_t fh[2][NS_LEMMA_MAXFEAT];
	size_t nf[2], i, j, p, k, best;
	double *delta[NS_LEMMA_MAXWORDS], sc, bs;
	size_t *back[NS_LEMMA_MAXWORDS];
	int pc, npc;
	/*
	 * With the model's weights (not training's), the table slots of a
	 * word's features are fetched before they are added up, so that
	 * their cache misses overlap (the lookups are scattered over a
	 * table of megabytes).
	 */
	int pf = wf == model_weight;

	for (i = 0; i < w->nw; i++) {
		ns_lemma_cands(l, w, i, type, minknown, doc, &cs[i]);
		npc = i == 0 ? 1 : 2;
		for (pc = 0; pc < npc; pc++)
			nf[pc] = ns_lemma_features(w, i, type, pc, fh[pc]);
		for (j = 0; pf && j < cs[i].n; j++) {
			const struct ns_lcand *c = &cs[i].c[j];

			for (pc = 0; pc < npc; pc++)
				for (k = 0; k < nf[pc]; k++)
					ns_ftab_prefetch(&l->w, ns_ftab_key(
					    ns_mix64_with(fh[pc][k], c->tree)));
			for (k = 0; k < c->no; k++)
				ns_ftab_prefetch(&l->w, ns_ftab_key(
				    ns_mix64_with(c->oh[k],
				    NS_LEMMA_OUTCLASS)));
		}
		for (j = 0; j < cs[i].n; j++) {
			struct ns_lcand *c = &cs[i].c[j];

			for (pc = 0; pc < npc; pc++) {
				c->em[pc] = 0;
				for (k = 0; k < nf[pc]; k++)
					c->em[pc] += wf(ctx,
					    ns_mix64_with(fh[pc][k], c->tree));
				for (k = 0; k < c->no; k++)
					c->em[pc] += wf(ctx,
					    ns_mix64_with(c->oh[k],
					    NS_LEMMA_OUTCLASS));
			}
			if (npc == 1)
				c->em[1] = c->em[0];
		}
		delta[i] = ns_xcalloc(cs[i].n + 1, sizeof(double));
		back[i] = ns_xcalloc(cs[i].n + 1, sizeof(size_t));
	}
	for (i = 0; i < w->nw; i++)
		for (j = 0; j < cs[i].n; j++) {
			struct ns_lcand *c = &cs[i].c[j];

			if (i == 0 || cs[i - 1].n == 0) {
				delta[i][j] = c->em[0];
				back[i][j] = SIZE_MAX;
				continue;
			}
			bs = 0;
			best = 0;
			for (p = 0; p < cs[i - 1].n; p++) {
				struct ns_lcand *q = &cs[i - 1].c[p];

				sc = delta[i - 1][p] + c->em[q->tree != 0] +
				    wf(ctx, ns_lemma_trans(q, c, 0)) +
				    wf(ctx, ns_lemma_trans(q, c, 1)) +
				    wf(ctx, ns_lemma_trans(q, c, 2));
				if (p == 0 || sc > bs) {
					bs = sc;
					best = p;
				}
			}
			delta[i][j] = bs;
			back[i][j] = best;
		}
	/* Back from the end; a word without candidates restarts the chain. */
	for (i = w->nw; i-- > 0;) {
		if (cs[i].n == 0) {
			choice[i] = SIZE_MAX;
			continue;
		}
		if (i + 1 < w->nw && choice[i + 1] != SIZE_MAX &&
		    back[i + 1][choice[i + 1]] != SIZE_MAX) {
			choice[i] = back[i + 1][choice[i + 1]];
			continue;
		}
		for (best = 0, j = 1; j < cs[i].n; j++)
			if (delta[i][j] > delta[i][best])
				best = j;
		choice[i] = best;
	}
	for (i = 0; i < w->nw; i++) {
		free(delta[i]);
		free(back[i]);
	}
}

void
ns_lcands_free(struct ns_lcands *cs)
{
	free(cs->c);
	free(cs->ocp);
	ns_buf_free(&cs->out);
	memset(cs, 0, sizeof(*cs));
}

static double
model_weight(const void *ctx, uint64_t h)
{
	return weight(ctx, h);
}

int
ns_lemmatize(const struct ns_lemmatizer *lz, const char *lang,
    const char *type, const char *s, size_t n, struct ns_buf *out,
    struct ns_error *err)
{
	return ns_lemmatize_in(lz, NULL, lang, type, s, n, out, err);
}

struct ns_lemma_doc *
ns_lemma_doc_new(void)
{
	return ns_xcalloc(1, sizeof(struct ns_lemma_doc));
}

static uint64_t
doc_word(const int32_t *lw, size_t n)
{
	return ns_ftab_key(hcp(lw, n, F_DOCWORD));
}

void
ns_lemma_doc_add(struct ns_lemma_doc *doc, const char *s, size_t n)
{
	size_t i, j;
	int isnew;

	ns_lwords_split(&doc->w, s, n);
	ns_hmap_put(&doc->forms, ns_lemma_lexkey("", &doc->w), 0, &isnew);
	if (!isnew)
		return;
	for (i = 0; i < doc->w.nw; i++) {
		/* A word twice in one mention counts once. */
		for (j = 0; j < i; j++)
			if (doc->w.start[j + 1] - doc->w.start[j] ==
			    doc->w.start[i + 1] - doc->w.start[i] &&
			    memcmp(doc->w.lc + doc->w.start[j],
			    doc->w.lc + doc->w.start[i], (doc->w.start[i + 1] -
			    doc->w.start[i]) * sizeof(int32_t)) == 0)
				break;
		if (j == i)
			(*ns_hmap_put(&doc->words, doc_word(doc->w.lc +
			    doc->w.start[i], doc->w.start[i + 1] -
			    doc->w.start[i]), 0, NULL))++;
	}
}

void
ns_lemma_doc_clear(struct ns_lemma_doc *doc)
{
	ns_hmap_clear(&doc->forms);
	ns_hmap_clear(&doc->words);
}

void
ns_lemma_doc_free(struct ns_lemma_doc *doc)
{
	if (doc == NULL)
		return;
	ns_hmap_free(&doc->forms);
	ns_hmap_free(&doc->words);
	ns_lwords_free(&doc->w);
	cache_free(doc->cache);
	free(doc);
}

/* Is the lower-case word out[0..m) one of w's words? */
static int
holds_word(const struct ns_lwords *w, const int32_t *out, size_t m)
{
	size_t i;

	for (i = 0; i < w->nw; i++)
		if (w->start[i + 1] - w->start[i] == m &&
		    memcmp(w->lc + w->start[i], out, m * sizeof(*out)) == 0)
			return 1;
	return 0;
}

/*
 * Does another mention of doc than w hold the word out[0..m)?  (w's own
 * words count once when w itself was added.)
 */
static int
in_doc(const struct ns_lemma_doc *doc, const struct ns_lwords *w,
    const int32_t *out, size_t m)
{
	uint32_t *cnt = ns_hmap_get(&doc->words, doc_word(out, m));

	if (cnt == NULL || *cnt == 0)
		return 0;
	if (*cnt >= 2 || ns_hmap_get(&doc->forms, ns_lemma_lexkey("", w)) ==
	    NULL)
		return 1;
	/* One mention holds it: is that mention w? */
	return !holds_word(w, out, m);
}

void
ns_lemma_form(const char *s, size_t n, struct ns_buf *out)
{
	struct ns_lwords w = { 0 };
	size_t i, k;
	char u[4];

	ns_lwords_split(&w, s, n);
	for (i = 0; i < w.nw; i++) {
		if (i > 0)
			ns_buf_addc(out, ' ');
		for (k = w.start[i]; k < w.start[i + 1]; k++)
			ns_buf_add(out, u, ns_utf8_encode(w.cp[k], u));
	}
	ns_lwords_free(&w);
}

/*
 * The cache: entries by a hash of their key in idx (a chain through
 * next when two keys share it), each entry's candidates in dw[] and
 * self[], its answers in var[], all bytes (keys, bits, answers) in
 * bytes.  It is emptied when it passes NS_LCACHE_MAXBYTES.
 */
#define NS_LCACHE_MAXBYTES	(8u << 20)

struct ns_lcache_ent {
	const struct ns_llang	*l;
	uint64_t	 form;		/* ns_lemma_lexkey("", w) */
	size_t		 key, tlen, slen;	/* type, then mention, in bytes */
	size_t		 cand, ncand;	/* in dw[], self[] */
	uint32_t	 next;		/* entry + 1 with the same hash, or 0 */
	uint32_t	 var;		/* first answer + 1, or 0 */
};

struct ns_lcache_var {
	size_t		 bits;		/* ncand bytes of in_doc bits */
	size_t		 out, len;	/* the answer */
	uint32_t	 next;		/* next answer + 1, or 0 */
};

struct ns_lcache {
	struct ns_hmap		 idx;
	struct ns_lcache_ent	*e;
	size_t			 ne, cape;
	struct ns_lcache_var	*v;
	size_t			 nv, capv;
	uint64_t		*dw;
	unsigned char		*self;
	size_t			 nc, capc;
	struct ns_buf		 bytes;
	struct ns_buf		 bits;		/* scratch */
	int32_t			*ocp;		/* scratch */
	size_t			 ocap;
	unsigned long		 nhit, nmiss;
};

static void
cache_reset(struct ns_lcache *c)
{
	ns_hmap_free(&c->idx);
	c->ne = c->nv = c->nc = 0;
	ns_buf_reset(&c->bytes);
}

static void
cache_free(struct ns_lcache *c)
{
	if (c == NULL)
		return;
	ns_hmap_free(&c->idx);
	free(c->e);
	free(c->v);
	free(c->dw);
	free(c->self);
	free(c->ocp);
	ns_buf_free(&c->bytes);
	ns_buf_free(&c->bits);
	free(c);
}

void
ns_lemma_cache_stats(const struct ns_lemma_doc *doc, unsigned long *nhit,
    unsigned long *nmiss)
{
	*nhit = doc->cache != NULL ? doc->cache->nhit : 0;
	*nmiss = doc->cache != NULL ? doc->cache->nmiss : 0;
}

/* The entry for (l, type, s[0..n)) with hash h, or NULL. */
static struct ns_lcache_ent *
cache_find(const struct ns_lcache *c, uint64_t h, const struct ns_llang *l,
    const char *type, size_t tlen, const char *s, size_t n)
{
	const uint32_t *slot = ns_hmap_get(&c->idx, h);
	struct ns_lcache_ent *e;
	uint32_t ei;

	for (ei = slot != NULL ? *slot : 0; ei != 0; ei = e->next) {
		e = &c->e[ei - 1];
		if (e->l == l && e->tlen == tlen && e->slen == n &&
		    memcmp(c->bytes.p + e->key, type, tlen) == 0 &&
		    (n == 0 || memcmp(c->bytes.p + e->key + tlen, s, n) == 0))
			return e;
	}
	return NULL;
}

/* Entry e's in_doc bits in doc, one byte a candidate, into c->bits. */
static void
cache_bits(const struct ns_lemma_doc *doc, struct ns_lcache *c,
    const struct ns_lcache_ent *e)
{
	const uint32_t *cnt;
	size_t k;
	int form = -1;
	char bit;

	ns_buf_reset(&c->bits);
	for (k = 0; k < e->ncand; k++) {
		/* As in_doc decides, from what it looks at. */
		cnt = ns_hmap_get(&doc->words, c->dw[e->cand + k]);
		if (cnt == NULL || *cnt == 0)
			bit = 0;
		else if (*cnt >= 2)
			bit = 1;
		else {
			if (form == -1)
				form = ns_hmap_get(&doc->forms, e->form) !=
				    NULL;
			bit = !form || !c->self[e->cand + k];
		}
		ns_buf_addc(&c->bits, bit);
	}
}

/*
 * A new entry for (l, type, s[0..n)) split into w, with the candidates
 * cs[0..w->nw) (none when the lexicon answered).
 */
static struct ns_lcache_ent *
cache_add(struct ns_lcache *c, uint64_t h, const struct ns_llang *l,
    const char *type, size_t tlen, const char *s, size_t n,
    const struct ns_lwords *w, const struct ns_lcands *cs, int lexhit)
{
	struct ns_lcache_ent *e;
	uint32_t *slot;
	size_t i, j, m, nc = 0;

	for (i = 0; !lexhit && i < w->nw; i++)
		nc += cs[i].n;
	if (c->ne == c->cape) {
		c->cape = c->cape == 0 ? 256 : 2 * c->cape;
		c->e = ns_xrealloc(c->e, c->cape * sizeof(*c->e));
	}
	if (c->capc < c->nc + nc) {
		c->capc = 2 * (c->nc + nc) < 1024 ? 1024 : 2 * (c->nc + nc);
		c->dw = ns_xrealloc(c->dw, c->capc * sizeof(*c->dw));
		c->self = ns_xrealloc(c->self, c->capc * sizeof(*c->self));
	}
	e = &c->e[c->ne++];
	e->l = l;
	e->form = ns_lemma_lexkey("", w);
	e->key = c->bytes.len;
	e->tlen = tlen;
	e->slen = n;
	ns_buf_add(&c->bytes, type, tlen);
	ns_buf_add(&c->bytes, s, n);
	e->cand = c->nc;
	e->ncand = nc;
	e->var = 0;
	for (i = 0; !lexhit && i < w->nw; i++)
		for (j = 0; j < cs[i].n; j++) {
			const struct ns_lcand *cd = &cs[i].c[j];

			m = lower_cps(cs[i].out.p + cd->off, cd->len, &c->ocp,
			    &c->ocap);
			c->dw[c->nc] = doc_word(c->ocp, m);
			c->self[c->nc++] = (unsigned char)holds_word(w,
			    c->ocp, m);
		}
	slot = ns_hmap_put(&c->idx, h, 0, NULL);
	e->next = *slot;
	*slot = (uint32_t)c->ne;
	return e;
}

/* Add the answer a[0..len) to e, under the bits in c->bits. */
static void
cache_answer(struct ns_lcache *c, struct ns_lcache_ent *e, const char *a,
    size_t len)
{
	struct ns_lcache_var *v;

	if (c->nv == c->capv) {
		c->capv = c->capv == 0 ? 256 : 2 * c->capv;
		c->v = ns_xrealloc(c->v, c->capv * sizeof(*c->v));
	}
	v = &c->v[c->nv++];
	v->bits = c->bytes.len;
	ns_buf_add(&c->bytes, c->bits.p, c->bits.len);
	v->out = c->bytes.len;
	v->len = len;
	ns_buf_add(&c->bytes, a, len);
	v->next = e->var;
	e->var = (uint32_t)c->nv;
}

/*
 * ns_lemmatize_in without the cache; *lexhit set when the lexicon
 * answered.  cs[0..w->nw) are left filled for the caller to free.
 */
static void
lemmatize(const struct ns_llang *l, struct ns_lemma_doc *doc,
    const char *type, struct ns_lwords *w, struct ns_lcands *cs,
    struct ns_buf *out, int *lexhit)
{
	size_t choice[NS_LEMMA_MAXWORDS];
	const unsigned char *lx;
	size_t i, k;
	uint32_t len;
	char u[4];

	*lexhit = 0;
	if (l != NULL && (lx = lex_get(l, type, w, &len)) != NULL) {
		ns_buf_add(out, lx, len);
		*lexhit = 1;
		return;
	}
	if (l != NULL)
		ns_lemma_decode(l, w, type, 1, doc, model_weight, l, cs,
		    choice);
	for (i = 0; i < w->nw; i++) {
		if (i > 0)
			ns_buf_addc(out, ' ');
		if (l != NULL && choice[i] != SIZE_MAX) {
			const struct ns_lcand *c = &cs[i].c[choice[i]];

			ns_buf_add(out, cs[i].out.p + c->off, c->len);
			continue;
		}
		for (k = w->start[i]; k < w->start[i + 1]; k++)
			ns_buf_add(out, u, ns_utf8_encode(w->cp[k], u));
	}
}

int
ns_lemmatize_in(const struct ns_lemmatizer *lz, struct ns_lemma_doc *doc,
    const char *lang, const char *type, const char *s, size_t n,
    struct ns_buf *out, struct ns_error *err)
{
	struct ns_lwords w = { 0 };
	struct ns_lcands *cs;
	struct ns_lcache *c = NULL;
	struct ns_lcache_ent *e = NULL;
	const struct ns_lcache_var *v;
	const struct ns_llang *l;
	size_t i, tlen = 0, mark = out->len;
	uint64_t h = 0;
	uint32_t vi;
	int lexhit;

	(void)err;
	if (type == NULL)
		type = "";
	l = find_lang(lz, lang);
	/* An unknown language is cheap: only the known ones are cached. */
	if (doc != NULL && l != NULL) {
		if (doc->cache == NULL)
			doc->cache = ns_xcalloc(1, sizeof(*doc->cache));
		c = doc->cache;
		if (c->bytes.len > NS_LCACHE_MAXBYTES)
			cache_reset(c);
		tlen = strlen(type);
		h = XXH3_64bits_withSeed(s, n, hstr(type, (uintptr_t)l));
		e = cache_find(c, h, l, type, tlen, s, n);
		if (e != NULL) {
			cache_bits(doc, c, e);
			for (vi = e->var; vi != 0; vi = v->next) {
				v = &c->v[vi - 1];
				if (e->ncand == 0 || memcmp(c->bytes.p +
				    v->bits, c->bits.p, e->ncand) == 0) {
					ns_buf_add(out, c->bytes.p + v->out,
					    v->len);
					c->nhit++;
					return 0;
				}
			}
		}
		c->nmiss++;
	}
	ns_lwords_split(&w, s, n);
	cs = ns_xcalloc(w.nw + 1, sizeof(*cs));
	lemmatize(l, doc, type, &w, cs, out, &lexhit);
	if (c != NULL) {
		if (e == NULL) {
			e = cache_add(c, h, l, type, tlen, s, n, &w, cs,
			    lexhit);
			cache_bits(doc, c, e);
		}
		cache_answer(c, e, out->p + mark, out->len - mark);
	}
	for (i = 0; i < w.nw; i++)
		ns_lcands_free(&cs[i]);
	free(cs);
	ns_lwords_free(&w);
	return 0;
}
