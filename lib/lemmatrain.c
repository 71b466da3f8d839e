/* lemmatrain.c: learning the lemmatiser's edit trees and their classifier. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "etree.h"
#include "ftab.h"
#include "gold.h"
#include "hmap.h"
#include "lemma.h"
#include "lemmaint.h"
#include "utf8.h"

#define MAXLANG		32
#define MAXTYPE		16
#define DEF_EPOCHS	4

/* A training mention: form and lemma with the same number of words. */
struct tex {
	uint32_t	type;		/* index into types */
	uint32_t	doc;		/* index into docs, UINT32_MAX: none */
	uint32_t	form, nform;	/* in the text pool */
	uint32_t	lemma, nlemma;
};

struct tlang {
	char		 code[8];
	struct ns_buf	 trees;
	uint32_t	*toff;
	size_t		 ntrees;
	struct ns_hmap	 tidx;		/* hash of tree bytes -> id + 1 */
	struct ns_tally	 cand;		/* candkey, tree */
	struct ns_tally	 lex;		/* lexkey, lemma offset in text */
	struct ns_hmap	 known;		/* lemma word -> count */
	struct tex	*ex;
	size_t		 nex, capex;
};

struct trainer {
	struct tlang	 langs[MAXLANG];
	size_t		 nlangs;
	char		*types[MAXTYPE];
	size_t		 ntypes;
	struct ns_buf	 text;		/* forms and lemmas, NUL-separated */
	struct ns_hmap	 lemmas;	/* hash of a lemma -> its first offset */
	struct ns_lemma_doc **docs;	/* the corpus's documents */
	size_t		 ndocs;
	uint32_t	 curdoc;	/* of the pairs being added */
	struct ns_lwords f, l;
	struct ns_buf	 tb;
};

/* Averaged perceptron weights. */
struct weights {
	struct ns_hmap	 idx;
	double		*w, *u;
	size_t		 n, cap;
	double		 c;
};

static struct tlang *
get_lang(struct trainer *tr, const char *code)
{
	struct tlang *l;
	size_t i;

	if (strlen(code) >= sizeof(l->code))
		return NULL;
	for (i = 0; i < tr->nlangs; i++)
		if (strcmp(tr->langs[i].code, code) == 0)
			return &tr->langs[i];
	if (tr->nlangs == MAXLANG)
		return NULL;
	l = &tr->langs[tr->nlangs++];
	strcpy(l->code, code);
	return l;
}

static uint32_t
get_type(struct trainer *tr, const char *type)
{
	size_t i;

	for (i = 0; i < tr->ntypes; i++)
		if (strcmp(tr->types[i], type) == 0)
			return (uint32_t)i;
	if (tr->ntypes == MAXTYPE)
		return MAXTYPE - 1;
	tr->types[tr->ntypes] = ns_xstrdup(type);
	return (uint32_t)tr->ntypes++;
}

/* Tree 0 is always the identity. */
static void
ensure_identity(struct tlang *l)
{
	static const char ident[] = { 'M', 0, 0, 'R', 0, 0, 'R', 0, 0 };

	if (l->ntrees > 0)
		return;
	l->toff = ns_xmalloc(2 * sizeof(*l->toff));
	l->toff[0] = 0;
	ns_buf_add(&l->trees, ident, sizeof(ident));
	l->toff[1] = (uint32_t)l->trees.len;
	l->ntrees = 1;
	*ns_hmap_put(&l->tidx, XXH3_64bits(ident, sizeof(ident)), 1,
	    NULL) = 1;
}

/* The id of tree t[0..n) in l, added when new. */
static uint32_t
tree_id(struct tlang *l, const char *t, size_t n)
{
	uint32_t *id;
	int isnew;

	ensure_identity(l);
	id = ns_hmap_put(&l->tidx, XXH3_64bits(t, n),
	    (uint32_t)l->ntrees + 1, &isnew);
	if (isnew) {
		ns_buf_add(&l->trees, t, n);
		l->toff = ns_xrealloc(l->toff,
		    (l->ntrees + 2) * sizeof(*l->toff));
		l->toff[++l->ntrees] = (uint32_t)l->trees.len;
	}
	return *id - 1;
}

/* Store s[0..n) (white space collapsed) in the text pool; its offset. */
static uint32_t
add_text(struct trainer *tr, const struct ns_lwords *w)
{
	uint32_t off = (uint32_t)tr->text.len;
	char u[4];
	size_t i, k;

	for (i = 0; i < w->nw; i++) {
		if (i > 0)
			ns_buf_addc(&tr->text, ' ');
		for (k = w->start[i]; k < w->start[i + 1]; k++)
			ns_buf_add(&tr->text, u, ns_utf8_encode(w->cp[k], u));
	}
	ns_buf_addc(&tr->text, '\0');
	return off;
}

/* Count the words of lemma w as known words of l. */
static void
count_known(struct tlang *l, const struct ns_lwords *w)
{
	size_t i, k;

	for (i = 0; i < w->nw; i++) {
		(*ns_hmap_put(&l->known, ns_lemma_knownkey(w->lc + w->start[i],
		    w->start[i + 1] - w->start[i]), 0, NULL))++;
		(*ns_hmap_put(&l->known, ns_lemma_endkey(w->lc + w->start[i],
		    w->start[i + 1] - w->start[i]), 0, NULL))++;
		for (k = w->start[i]; k + 1 < w->start[i + 1]; k++)
			(*ns_hmap_put(&l->known, ns_lemma_bigramkey(w->lc + k),
			    0, NULL))++;
	}
}

/*
 * Does lemma l hold a bracket or a symbol (math, currency, modifier,
 * other) that its form f lacks?  Then it is a slip of the annotator's
 * hand (Києві -> Ки[в, twice in the corpus), not a base form.  (Dashes,
 * dots and quotation marks do come and go: COVID 19 -> COVID-19.)
 */
static int
alien_symbol(const struct ns_lwords *f, const struct ns_lwords *l)
{
	size_t i, k;

	for (i = 0; i < l->ncp; i++) {
		int32_t c = l->cp[i];
		utf8proc_category_t cat = utf8proc_category(c);

		if (cat != UTF8PROC_CATEGORY_PS && cat != UTF8PROC_CATEGORY_PE &&
		    (cat < UTF8PROC_CATEGORY_SM || cat > UTF8PROC_CATEGORY_SO))
			continue;
		for (k = 0; k < f->ncp && f->cp[k] != c; k++)
			;
		if (k == f->ncp)
			return 1;
	}
	return 0;
}

/*
 * One (form, lemma) pair of language code and type; lex: also record it
 * in the mention lexicon.
 */
static void
add_pair(struct trainer *tr, const char *code, const char *type,
    const char *form, size_t nform, const char *lemma, size_t nlemma, int lex)
{
	struct tlang *l;
	struct tex *e;
	uint32_t loff, t;
	size_t i, fn, ln;

	if ((l = get_lang(tr, code)) == NULL)
		return;
	ns_lwords_split(&tr->f, form, nform);
	ns_lwords_split(&tr->l, lemma, nlemma);
	if (tr->f.nw == 0 || tr->l.nw == 0 || alien_symbol(&tr->f, &tr->l))
		return;
	loff = add_text(tr, &tr->l);
	count_known(l, &tr->l);
	if (lex) {
		/*
		 * One offset per distinct lemma, so that the tally counts
		 * lemmas, and the lexicon keeps a mention's most frequent.
		 */
		uint32_t lid = *ns_hmap_put(&tr->lemmas,
		    XXH3_64bits(tr->text.p + loff, tr->text.len - 1 - loff) | 1,
		    loff, NULL);

		ns_tally_add(&l->lex, ns_lemma_lexkey(type, &tr->f), lid, 1);
		ns_tally_add(&l->lex, ns_lemma_lexkey("", &tr->f), lid, 1);
	}
	if (tr->f.nw != tr->l.nw || tr->f.nw > NS_LEMMA_MAXWORDS - 1)
		return;
	for (i = 0; i < tr->f.nw; i++) {
		fn = tr->f.start[i + 1] - tr->f.start[i];
		ln = tr->l.start[i + 1] - tr->l.start[i];
		ns_buf_reset(&tr->tb);
		if (ns_etree_build(tr->f.lc + tr->f.start[i], fn,
		    tr->l.lc + tr->l.start[i], ln, &tr->tb) == -1)
			return;
	}
	for (i = 0; i < tr->f.nw; i++) {
		fn = tr->f.start[i + 1] - tr->f.start[i];
		ln = tr->l.start[i + 1] - tr->l.start[i];
		ns_buf_reset(&tr->tb);
		ns_etree_build(tr->f.lc + tr->f.start[i], fn,
		    tr->l.lc + tr->l.start[i], ln, &tr->tb);
		t = tree_id(l, tr->tb.p, tr->tb.len);
		if (t == 0)
			continue;
		ns_tally_add(&l->cand, ns_lemma_candkey(tr->f.lc +
		    tr->f.start[i], fn, 1), t, 1);
		if (fn >= 2)
			ns_tally_add(&l->cand, ns_lemma_candkey(tr->f.lc +
			    tr->f.start[i], fn, 2), t, 1);
	}
	if (l->nex == l->capex) {
		l->capex = l->capex == 0 ? 1024 : 2 * l->capex;
		l->ex = ns_xrealloc(l->ex, l->capex * sizeof(*l->ex));
	}
	e = &l->ex[l->nex++];
	e->type = get_type(tr, type);
	e->doc = tr->curdoc;
	e->form = add_text(tr, &tr->f);
	e->nform = (uint32_t)(tr->text.len - 1 - e->form);
	e->lemma = loff;
	e->nlemma = (uint32_t)(e->form - 1 - loff);
}

static int
gold_doc(void *ctx, const struct ns_gold_doc *d, struct ns_error *err)
{
	struct trainer *tr = ctx;
	size_t i;

	(void)err;
	tr->docs = ns_xrealloc(tr->docs, (tr->ndocs + 1) * sizeof(*tr->docs));
	tr->docs[tr->ndocs] = ns_lemma_doc_new();
	for (i = 0; i < d->nents; i++)
		ns_lemma_doc_add(tr->docs[tr->ndocs], d->ents[i].text,
		    d->ents[i].ntext);
	tr->curdoc = (uint32_t)tr->ndocs++;
	for (i = 0; i < d->nents; i++)
		add_pair(tr, d->lang, d->ents[i].type, d->ents[i].text,
		    d->ents[i].ntext, d->ents[i].lemma, d->ents[i].nlemma, 1);
	tr->curdoc = UINT32_MAX;
	return 0;
}

static int
ud_tok(void *ctx, const struct ns_conllu_tok *t, struct ns_error *err)
{
	struct trainer *tr = ctx;

	(void)err;
	if (strcmp(t->lemma, "_") == 0)
		return 0;
	if (strcmp(t->upos, "NOUN") == 0 || strcmp(t->upos, "ADJ") == 0) {
		/* Common nouns and adjectives: known lemma words only. */
		struct tlang *l = get_lang(tr, t->lang);

		if (l != NULL) {
			ns_lwords_split(&tr->l, t->lemma, strlen(t->lemma));
			count_known(l, &tr->l);
		}
		return 0;
	}
	if (strcmp(t->upos, "PROPN") != 0)
		return 0;
	add_pair(tr, t->lang, "UD", t->form, strlen(t->form), t->lemma,
	    strlen(t->lemma), 0);
	return 0;
}

/* Append the language's rules: code, trees, candidate table and pool. */
static void
write_rules(struct tlang *l, struct ns_buf *out)
{
	uint64_t *keys;
	uint32_t *vals;
	size_t i, j, nk = 0;
	struct ns_buf pool = NS_BUF_INIT;
	char code[8] = { 0 };

	memcpy(code, l->code, strlen(l->code));
	ns_buf_add(out, code, 8);
	ns_put_u32(out, (uint32_t)l->ntrees);
	for (i = 0; i <= l->ntrees; i++)
		ns_put_u32(out, l->toff[i]);
	ns_buf_add(out, l->trees.p, l->trees.len);
	ns_tally_sort(&l->cand);
	keys = ns_xmalloc((l->cand.n + 1) * sizeof(*keys));
	vals = ns_xmalloc((l->cand.n + 1) * sizeof(*vals));
	for (i = 0; i < l->cand.n; i = j) {
		for (j = i; j < l->cand.n && l->cand.p[j].key ==
		    l->cand.p[i].key; j++)
			;
		keys[nk] = l->cand.p[i].key;
		vals[nk++] = (uint32_t)(pool.len / 4);
		ns_put_u32(&pool, (uint32_t)(j - i));
		for (; i < j; i++)
			ns_put_u32(&pool, l->cand.p[i].item);
	}
	ns_ftab_write(out, keys, vals, nk);
	ns_put_u32(out, (uint32_t)(pool.len / 4));
	ns_buf_add(out, pool.p, pool.len);
	nk = 0;
	keys = ns_xrealloc(keys, (l->known.n + 1) * sizeof(*keys));
	vals = ns_xrealloc(vals, (l->known.n + 1) * sizeof(*vals));
	for (i = 0; i < l->known.cap; i++)
		if (l->known.keys[i] != 0) {
			keys[nk] = l->known.keys[i];
			vals[nk++] = l->known.vals[i];
		}
	ns_ftab_write(out, keys, vals, nk);
	ns_buf_free(&pool);
	free(keys);
	free(vals);
}

static double
wget(const struct weights *W, uint64_t h)
{
	uint32_t *ix = ns_hmap_get(&W->idx, ns_ftab_key(h));

	return ix != NULL ? W->w[*ix] : 0;
}

static void
wadd(struct weights *W, uint64_t h, double d)
{
	uint32_t *ix;
	int isnew;

	ix = ns_hmap_put(&W->idx, ns_ftab_key(h), (uint32_t)W->n, &isnew);
	if (isnew) {
		if (W->n == W->cap) {
			W->cap = W->cap == 0 ? 1 << 16 : 2 * W->cap;
			W->w = ns_xrealloc(W->w, W->cap * sizeof(*W->w));
			W->u = ns_xrealloc(W->u, W->cap * sizeof(*W->u));
		}
		W->w[W->n] = W->u[W->n] = 0;
		W->n++;
	}
	W->w[*ix] += d;
	W->u[*ix] += W->c * d;
}

static double
train_weight(const void *ctx, uint64_t h)
{
	return wget(ctx, h);
}

/* Add d to the emission features of candidate c of word i. */
static void
update(struct weights *W, const struct ns_lwords *f, size_t i,
    const char *type, int prevchg, const struct ns_lcand *c, double d)
{
	uint64_t fh[NS_LEMMA_MAXFEAT];
	size_t k, nf;

	nf = ns_lemma_features(f, i, type, prevchg, fh);
	for (k = 0; k < nf; k++)
		wadd(W, ns_mix64_with(fh[k], c->tree), d);
	for (k = 0; k < c->no; k++)
		wadd(W, ns_mix64_with(c->oh[k], NS_LEMMA_OUTCLASS), d);
}

/* Is candidate c's output the lemma word lw[0..n) (case aside)? */
static int
is_gold(const struct ns_lcands *cs, const struct ns_lcand *c,
    const int32_t *lw, size_t n)
{
	size_t i = 0, k = 0;

	while (i < c->len) {
		int32_t ch = ns_utf8_next(cs->out.p + c->off, c->len, &i);

		if (k == n || utf8proc_tolower(ch) != lw[k])
			return 0;
		k++;
	}
	return k == n;
}

/*
 * One pass of the structured perceptron over l's examples in a shuffled
 * order: decode each mention, and where the lemmas differ from the gold
 * ones, move the weights towards the gold candidates (the best-scoring
 * one where several trees give the gold lemma).
 */
static void
epoch(struct trainer *tr, struct tlang *l, const struct ns_llang *ll,
    struct weights *W, uint32_t *order, uint64_t *rng)
{
	struct ns_lcands cs[NS_LEMMA_MAXWORDS];
	size_t choice[NS_LEMMA_MAXWORDS], gold[NS_LEMMA_MAXWORDS];
	int gchg[NS_LEMMA_MAXWORDS + 1];
	size_t x, i, j, nw;
	int ok, allgold;

	memset(cs, 0, sizeof(cs));
	for (x = l->nex; x > 1; x--) {
		uint32_t tmp;

		*rng ^= *rng << 13;
		*rng ^= *rng >> 7;
		*rng ^= *rng << 17;
		j = *rng % x;
		tmp = order[x - 1];
		order[x - 1] = order[j];
		order[j] = tmp;
	}
	for (x = 0; x < l->nex; x++) {
		const struct tex *e = &l->ex[order[x]];
		const char *type = tr->types[e->type];

		ns_lwords_split(&tr->f, tr->text.p + e->form, e->nform);
		ns_lwords_split(&tr->l, tr->text.p + e->lemma, e->nlemma);
		nw = tr->f.nw;
		ns_lemma_decode(ll, &tr->f, type, 2, e->doc == UINT32_MAX ?
		    NULL : tr->docs[e->doc], train_weight, W, cs, choice);
		ok = allgold = 1;
		gchg[0] = 0;
		for (i = 0; i < nw; i++) {
			const int32_t *lw = tr->l.lc + tr->l.start[i];
			size_t ln = tr->l.start[i + 1] - tr->l.start[i];
			size_t fn = tr->f.start[i + 1] - tr->f.start[i];

			gold[i] = SIZE_MAX;
			for (j = 0; j < cs[i].n; j++)
				if (is_gold(&cs[i], &cs[i].c[j], lw, ln) &&
				    (gold[i] == SIZE_MAX ||
				    cs[i].c[j].em[gchg[i]] >
				    cs[i].c[gold[i]].em[gchg[i]]))
					gold[i] = j;
			if (gold[i] == SIZE_MAX)
				allgold = 0;
			else if (choice[i] == SIZE_MAX || !is_gold(&cs[i],
			    &cs[i].c[choice[i]], lw, ln))
				ok = 0;
			gchg[i + 1] = fn != ln || memcmp(tr->f.lc +
			    tr->f.start[i], lw, ln * sizeof(*lw)) != 0;
		}
		if (!ok && allgold)
			for (i = 0; i < nw; i++) {
				const struct ns_lcand *g = &cs[i].c[gold[i]];
				const struct ns_lcand *p = &cs[i].c[choice[i]];
				int pchg = i > 0 &&
				    cs[i - 1].c[choice[i - 1]].tree != 0;

				if (choice[i] != gold[i] || pchg != gchg[i]) {
					update(W, &tr->f, i, type, gchg[i], g,
					    1);
					update(W, &tr->f, i, type, pchg, p,
					    -1);
				}
				if (i == 0 || (choice[i] == gold[i] &&
				    choice[i - 1] == gold[i - 1]))
					continue;
				for (j = 0; j < 3; j++) {
					wadd(W, ns_lemma_trans(&cs[i - 1].c[
					    gold[i - 1]], g, (int)j), 1);
					wadd(W, ns_lemma_trans(&cs[i - 1].c[
					    choice[i - 1]], p, (int)j), -1);
				}
			}
		W->c += (double)nw;
	}
	for (i = 0; i < NS_LEMMA_MAXWORDS; i++)
		ns_lcands_free(&cs[i]);
}

/* Append the averaged, pruned weights as a frozen table. */
static void
write_weights(struct weights *W, struct ns_buf *out)
{
	uint64_t *keys = ns_xmalloc((W->n + 1) * sizeof(*keys));
	uint32_t *vals = ns_xmalloc((W->n + 1) * sizeof(*vals));
	size_t i, nk = 0;
	float f;

	for (i = 0; i < W->idx.cap; i++) {
		uint32_t ix = W->idx.vals[i];
		double a;

		if (W->idx.keys[i] == 0)
			continue;
		a = W->w[ix] - W->u[ix] / W->c;
		if (fabs(a) < 1e-3)
			continue;
		f = (float)a;
		keys[nk] = W->idx.keys[i];
		memcpy(&vals[nk], &f, sizeof(f));
		nk++;
	}
	ns_ftab_write(out, keys, vals, nk);
	free(keys);
	free(vals);
}

/* Append the mention lexicon: each key's most frequent lemma. */
static void
write_lexicon(struct trainer *tr, struct tlang *l, struct ns_buf *out)
{
	uint64_t *keys = ns_xmalloc((l->lex.n + 1) * sizeof(*keys));
	uint32_t *vals = ns_xmalloc((l->lex.n + 1) * sizeof(*vals));
	struct ns_buf str = NS_BUF_INIT;
	struct ns_hmap seen = NS_HMAP_INIT;
	size_t i, nk = 0, len;
	uint32_t *off;
	int isnew;

	ns_tally_sort(&l->lex);
	for (i = 0; i < l->lex.n; i++) {
		const char *s = tr->text.p + l->lex.p[i].item;

		if (i > 0 && l->lex.p[i].key == l->lex.p[i - 1].key)
			continue;
		/* Lemmas are shared between keys: store each once. */
		len = strlen(s);
		off = ns_hmap_put(&seen, XXH3_64bits(s, len),
		    (uint32_t)str.len, &isnew);
		if (isnew) {
			ns_put_u32(&str, (uint32_t)len);
			ns_buf_add(&str, s, len);
		}
		keys[nk] = l->lex.p[i].key;
		vals[nk++] = *off;
	}
	ns_ftab_write(out, keys, vals, nk);
	ns_put_u32(out, (uint32_t)str.len);
	ns_buf_add(out, str.p, str.len);
	ns_buf_free(&str);
	ns_hmap_free(&seen);
	free(keys);
	free(vals);
}

static void
trainer_free(struct trainer *tr)
{
	size_t i;

	for (i = 0; i < tr->nlangs; i++) {
		struct tlang *l = &tr->langs[i];

		ns_buf_free(&l->trees);
		free(l->toff);
		ns_hmap_free(&l->tidx);
		ns_tally_free(&l->cand);
		ns_tally_free(&l->lex);
		ns_hmap_free(&l->known);
		free(l->ex);
	}
	for (i = 0; i < tr->ntypes; i++)
		free(tr->types[i]);
	for (i = 0; i < tr->ndocs; i++)
		ns_lemma_doc_free(tr->docs[i]);
	free(tr->docs);
	ns_buf_free(&tr->text);
	ns_hmap_free(&tr->lemmas);
	ns_buf_free(&tr->tb);
	ns_lwords_free(&tr->f);
	ns_lwords_free(&tr->l);
}

int
ns_lemma_train(const struct ns_lemma_train *opt, struct ns_buf *model,
    struct ns_error *err)
{
	struct trainer tr;
	size_t i, x, pos;
	int e, epochs = opt->epochs > 0 ? opt->epochs : DEF_EPOCHS;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;

	memset(&tr, 0, sizeof(tr));
	tr.curdoc = UINT32_MAX;
	if (opt->corpus != NULL && ns_gold_each(opt->corpus, opt->split,
	    gold_doc, &tr, err) == -1)
		goto fail;
	if (opt->ud_dir != NULL && ns_conllu_each_dir(opt->ud_dir, ud_tok,
	    &tr, err) == -1)
		goto fail;
	if (tr.nlangs == 0) {
		ns_error_set(err, "no training examples");
		goto fail;
	}
	ns_buf_add(model, NS_LEMMA_MAGIC, 8);
	ns_put_u32(model, (uint32_t)tr.nlangs);
	for (i = 0; i < tr.nlangs; i++) {
		struct tlang *l = &tr.langs[i];
		struct ns_buf rules = NS_BUF_INIT;
		struct ns_llang ll;
		struct weights W;
		uint32_t *order;

		ensure_identity(l);
		write_rules(l, &rules);
		pos = 0;
		if (ns_lemma_load_rules(&ll, (unsigned char *)rules.p,
		    rules.len, &pos) == -1) {
			ns_error_set(err, "internal error: rules of %s",
			    l->code);
			ns_buf_free(&rules);
			goto fail;
		}
		memset(&W, 0, sizeof(W));
		W.c = 1;
		order = ns_xmalloc((l->nex + 1) * sizeof(*order));
		for (x = 0; x < l->nex; x++)
			order[x] = (uint32_t)x;
		for (e = 0; e < epochs; e++)
			epoch(&tr, l, &ll, &W, order, &rng);
		free(order);
		ns_buf_add(model, rules.p, rules.len);
		ns_buf_free(&rules);
		write_weights(&W, model);
		write_lexicon(&tr, l, model);
		ns_hmap_free(&W.idx);
		free(W.w);
		free(W.u);
	}
	trainer_free(&tr);
	return 0;
fail:
	trainer_free(&tr);
	return -1;
}
