/* nertrain.c: training the entity tagger (averaged perceptron, BILOU). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "gold.h"
#include "nerfeat.h"
#include "nertrain.h"
#include "utf8.h"

#define NL	NS_NER_NLABELS
#define MAXFOLDS 10

struct tdoc {
	char			*s;
	size_t			 n;
	int			 lang;
	struct ns_mention	*m;
	size_t			 nm;
	struct ns_tokens	 toks;
	uint8_t			*gold;		/* per token */
	int			 fold;
};

/* A feature's weights while training: w, and sum of c * update (averaging). */
struct wrow {
	int32_t	w[NL];
	int64_t	u[NL];
};

/* A gazetteer entry's counts per fold: annotated as each type, seen. */
struct gent {
	uint32_t ann[MAXFOLDS][NS_ENT_NTYPES];
	uint32_t occ[MAXFOLDS];
	int	 prefix;
};

struct ns_nertrain {
	struct ns_nertrain_opts	 o;
	struct ns_nerres	 res;
	struct ns_hmap		 clusters;
	struct ns_buf		 clbuf;		/* the cluster table */
	struct tdoc		*docs;
	size_t			 ndocs, capdocs;
	long			 nskipped, nmentions;
	/* Training state. */
	struct ns_hmap		 feats;		/* feature -> row */
	struct wrow		*rows;
	size_t			 nrows, caprows;
	int32_t			 tw[(NL + 1) * NL];
	int64_t			 tu[(NL + 1) * NL];
	int64_t			 c;
	/* Parameter mixing: the sum of the finished runs' averaged weights. */
	double			(*acc)[NL];
	size_t			 capacc;
	double			 tacc[(NL + 1) * NL];
	int			 nruns;
	struct ns_hmap		 gazidx;	/* sequence hash -> gent */
	struct gent		*gents;
	size_t			 ngents, capgents;
	struct ns_buf		 gaztabs[MAXFOLDS + 1];
	struct ns_fptab		 gaz[MAXFOLDS + 1];
	struct ns_buf		 abbr;		/* NUL-separated */
	unsigned long		 rng;
};

void
ns_nertrain_defaults(struct ns_nertrain_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->epochs = 6;
	o->folds = 5;
	o->opts = NS_NEROPT_LIGHT;
	o->prune = 1;
	o->lowercase = 0.25;
	o->seed = 1;
	o->mix = 3;
	o->margin = 16;
}

struct ns_nertrain *
ns_nertrain_new(const struct ns_nertrain_opts *o, struct ns_error *err)
{
	struct ns_nertrain *tr;

	if (o->folds < 2 || o->folds > MAXFOLDS || o->epochs < 1 ||
	    o->mix < 1) {
		ns_error_set(err, "bad training options");
		return NULL;
	}
	tr = ns_xcalloc(1, sizeof(*tr));
	tr->o = *o;
	tr->res.opts = o->opts;
	tr->rng = o->seed * 2654435761UL + 1;
	return tr;
}

void
ns_nertrain_free(struct ns_nertrain *tr)
{
	size_t i;

	if (tr == NULL)
		return;
	for (i = 0; i < tr->ndocs; i++) {
		free(tr->docs[i].s);
		free(tr->docs[i].m);
		free(tr->docs[i].gold);
		ns_tokens_free(&tr->docs[i].toks);
	}
	free(tr->docs);
	ns_hmap_free(&tr->clusters);
	ns_buf_free(&tr->clbuf);
	ns_hmap_free(&tr->feats);
	free(tr->rows);
	free(tr->acc);
	ns_hmap_free(&tr->gazidx);
	free(tr->gents);
	for (i = 0; i <= MAXFOLDS; i++)
		ns_buf_free(&tr->gaztabs[i]);
	ns_buf_free(&tr->abbr);
	free(tr);
}

static unsigned long
rnd(struct ns_nertrain *tr)
{
	/* xorshift64*: reproducible across platforms. */
	tr->rng ^= tr->rng >> 12;
	tr->rng ^= tr->rng << 25;
	tr->rng ^= tr->rng >> 27;
	return (unsigned long)((tr->rng * 2685821657736338717ULL) >> 11);
}

static double
rnd01(struct ns_nertrain *tr)
{
	return (double)(rnd(tr) & 0xFFFFFF) / 16777216.0;
}

static void
progress(struct ns_nertrain *tr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
progress(struct ns_nertrain *tr, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (tr->o.progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tr->o.progress(msg, tr->o.arg);
}

static int
langidx(struct ns_nertrain *tr, const char *lang, struct ns_error *err)
{
	int i = ns_nerres_lang(&tr->res, lang);

	if (i >= 0)
		return i;
	if (lang == NULL || strlen(lang) < 2 || strlen(lang) > 3) {
		ns_error_set(err, "bad language code \"%s\"",
		    lang != NULL ? lang : "");
		return -1;
	}
	if (tr->res.nlangs == NS_NER_MAXLANGS) {
		ns_error_set(err, "more than %d languages", NS_NER_MAXLANGS);
		return -1;
	}
	memset(tr->res.langs[tr->res.nlangs], 0, 4);
	memcpy(tr->res.langs[tr->res.nlangs], lang, strlen(lang));
	return tr->res.nlangs++;
}

/*
 * The case profile from a cluster line's optional columns after the
 * count, [p, nl) = "\tCOUNT\tMID\tCAP": 0 without them.
 */
static uint32_t
caseprof(const char *p, const char *nl)
{
	char buf[64];
	long count, mid, cap;
	size_t n = (size_t)(nl - p);

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (sscanf(buf, "\t%ld\t%ld\t%ld", &count, &mid, &cap) != 3)
		return 0;
	return ns_nerfeat_caseprof(mid, cap);
}

int
ns_nertrain_clusters(struct ns_nertrain *tr, const char *lang,
    const char *text, size_t n, struct ns_error *err)
{
	const char *p = text, *end = text + n, *nl, *t1, *t2;
	int li = langidx(tr, lang, err);
	long lineno = 0;

	if (li < 0)
		return -1;
	for (; p < end; p = nl + 1) {
		uint32_t bits = 0, len = 0;
		const char *q;

		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		t1 = memchr(p, '\t', (size_t)(nl - p));
		t2 = t1 != NULL ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) :
		    NULL;
		if (t2 == NULL)
			t2 = nl;
		if (t1 == NULL || t1 == p || t2 == t1 + 1) {
			ns_error_set(err, "clusters, line %ld: not PATH\\tWORD",
			    lineno);
			err->line = lineno;
			return -1;
		}
		for (q = p; q < t1; q++) {
			if (*q != '0' && *q != '1') {
				ns_error_set(err, "clusters, line %ld: bad path",
				    lineno);
				err->line = lineno;
				return -1;
			}
			if (len < 24)
				bits |= (uint32_t)(*q - '0') << len++;
		}
		*ns_hmap_put(&tr->clusters, ns_nerfeat_clkey(li,
		    XXH3_64bits_withSeed(t1 + 1, (size_t)(t2 - t1 - 1), 0)), 0, NULL) =
		    bits | len << 24 | caseprof(t2, nl) << 29;
		if (nl == end)
			break;
	}
	return 0;
}

int
ns_nertrain_doc(struct ns_nertrain *tr, const char *lang, const char *s,
    size_t n, const struct ns_mention *m, size_t nm, struct ns_error *err)
{
	struct tdoc *d;
	int li = langidx(tr, lang, err);

	if (li < 0)
		return -1;
	if (tr->ndocs == tr->capdocs) {
		tr->capdocs = tr->capdocs ? 2 * tr->capdocs : 256;
		tr->docs = ns_xrealloc(tr->docs, tr->capdocs * sizeof(*tr->docs));
	}
	d = &tr->docs[tr->ndocs++];
	memset(d, 0, sizeof(*d));
	d->s = ns_xmalloc(n + 1);
	memcpy(d->s, s, n);
	d->s[n] = '\0';
	d->n = n;
	d->lang = li;
	d->m = ns_xmalloc((nm + 1) * sizeof(*d->m));
	memcpy(d->m, m, nm * sizeof(*m));
	d->nm = nm;
	return 0;
}

struct corpus {
	struct ns_nertrain	*tr;
	const char		*dir;	/* of the gold file, with a slash */
	const char		*langs;
	size_t			 ndocs;
	struct ns_buf		 path, text;
	struct ns_mention	*m;
	size_t			 capm;
};

static int
inlist(const char *list, const char *s)
{
	size_t n = strlen(s);
	const char *p;

	if (list == NULL)
		return 1;
	for (p = list; (p = strstr(p, s)) != NULL; p += n)
		if ((p == list || p[-1] == ',') &&
		    (p[n] == '\0' || p[n] == ','))
			return 1;
	return 0;
}

static int
readfile(const char *path, struct ns_buf *out, struct ns_error *err)
{
	char buf[65536];
	size_t n;
	FILE *fp;

	ns_buf_reset(out);
	if ((fp = fopen(path, "rb")) == NULL) {
		ns_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		ns_buf_add(out, buf, n);
	if (ferror(fp)) {
		ns_error_set(err, "%s: %s", path, strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}

static int
corpus_doc(void *ctx, const struct ns_gold_doc *d, struct ns_error *err)
{
	struct corpus *c = ctx;
	size_t i, nm = 0;

	if (!inlist(c->langs, d->lang))
		return 0;
	if (d->path == NULL) {
		ns_error_set(err, "document %s has no \"path\"",
		    d->id != NULL ? d->id : "?");
		return -1;
	}
	ns_buf_reset(&c->path);
	ns_buf_printf(&c->path, "%s%s", c->dir, d->path);
	if (readfile(c->path.p, &c->text, err) == -1)
		return -1;
	if (ns_utf8_valid_prefix(c->text.p, c->text.len) != c->text.len) {
		ns_error_set(err, "%s: not valid UTF-8", c->path.p);
		return -1;
	}
	if (d->nments > c->capm) {
		c->capm = d->nments;
		c->m = ns_xrealloc(c->m, c->capm * sizeof(*c->m));
	}
	for (i = 0; i < d->nments; i++) {
		const struct ns_gold_ent *g = &d->ments[i];

		if (g->bstart < 0 || g->bend <= g->bstart ||
		    (size_t)g->bend > c->text.len)
			continue;
		c->m[nm].b0 = (size_t)g->bstart;
		c->m[nm].b1 = (size_t)g->bend;
		c->m[nm].c0 = c->m[nm].c1 = 0;
		c->m[nm].type = ns_ent_type_parse(g->type, strlen(g->type));
		nm++;
	}
	c->ndocs++;
	return ns_nertrain_doc(c->tr, d->lang, c->text.p, c->text.len, c->m,
	    nm, err);
}

int
ns_nertrain_corpus(struct ns_nertrain *tr, const char *gold,
    const char *split, const char *langs, size_t *ndocs,
    struct ns_error *err)
{
	struct corpus c;
	const char *slash = strrchr(gold, '/');
	char *dir;
	int rc;

	FILE *fp;

	/* The reader names no file in its messages. */
	if ((fp = fopen(gold, "r")) == NULL) {
		ns_error_set(err, "%s: %s", gold, strerror(errno));
		return -1;
	}
	fclose(fp);
	memset(&c, 0, sizeof(c));
	c.tr = tr;
	c.langs = langs;
	dir = slash != NULL ? ns_xstrndup(gold, (size_t)(slash - gold + 1)) :
	    ns_xstrdup("");
	c.dir = dir;
	rc = ns_gold_each(gold, split, corpus_doc, &c, err);
	if (ndocs != NULL)
		*ndocs = c.ndocs;
	free(dir);
	free(c.m);
	ns_buf_free(&c.path);
	ns_buf_free(&c.text);
	return rc;
}

/*
 * Abbreviations, the Punkt way: a short lower-case word that is mostly
 * written with a dot, and whose dot is mostly followed by a lower-case
 * word, a digit or a comma, does not end sentences.
 */
static void
learn_abbrevs(struct ns_nertrain *tr)
{
	struct ns_hmap idx = NS_HMAP_INIT;
	struct ac { long dot, cont, all; char w[24]; } *ac = NULL;
	size_t nac = 0, cap = 0, i, k;
	struct ns_buf low = NS_BUF_INIT;

	for (i = 0; i < tr->ndocs; i++) {
		const struct tdoc *d = &tr->docs[i];
		const struct ns_token *v = d->toks.v;

		for (k = 0; k < d->toks.n; k++) {
			uint32_t *x;
			int isnew, dot;
			size_t b = v[k].b0;

			if (v[k].kind != NS_TOK_WORD || v[k].c1 - v[k].c0 > 5 ||
			    !ns_tok_islower(ns_utf8_next(d->s, d->n, &b)))
				continue;
			ns_buf_reset(&low);
			ns_nerfeat_lower(&low, d->s + v[k].b0, v[k].b1 - v[k].b0);
			if (low.len >= sizeof(ac->w))
				continue;
			x = ns_hmap_put(&idx, XXH3_64bits_withSeed(low.p, low.len, 0),
			    (uint32_t)nac, &isnew);
			if (isnew) {
				if (nac == cap) {
					cap = cap ? 2 * cap : 1024;
					ac = ns_xrealloc(ac, cap * sizeof(*ac));
				}
				memset(&ac[nac], 0, sizeof(*ac));
				memcpy(ac[nac].w, low.p, low.len);
				nac++;
			}
			ac[*x].all++;
			dot = k + 1 < d->toks.n &&
			    !(v[k + 1].flags & NS_TOK_SPACE) &&
			    v[k + 1].b1 - v[k + 1].b0 == 1 &&
			    d->s[v[k + 1].b0] == '.';
			if (!dot)
				continue;
			ac[*x].dot++;
			if (k + 2 < d->toks.n) {
				const struct ns_token *nx = &v[k + 2];
				int32_t c;

				b = nx->b0;
				c = ns_utf8_next(d->s, d->n, &b);

				if (ns_tok_islower(c) || nx->kind ==
				    NS_TOK_NUMBER || c == ',')
					ac[*x].cont++;
			}
		}
	}
	for (i = 0; i < nac; i++) {
		if (ac[i].dot < 3 || ac[i].dot * 2 < ac[i].all ||
		    ac[i].cont * 10 < ac[i].dot * 6)
			continue;
		ns_buf_add(&tr->abbr, ac[i].w, strlen(ac[i].w) + 1);
	}
	free(ac);
	ns_hmap_free(&idx);
	ns_buf_free(&low);
}

/* Token index starting at byte b (or -1), by binary search. */
static long
tokat(const struct ns_tokens *t, size_t b, int end)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		size_t x = end ? t->v[mid].b1 : t->v[mid].b0;

		if (x == b)
			return (long)mid;
		if (x < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Gold BILOU labels of a tokenized document. */
static void
gold(struct ns_nertrain *tr, struct tdoc *d)
{
	size_t k, j;

	d->gold = ns_xcalloc(d->toks.n + 1, 1);
	for (k = 0; k < d->nm; k++) {
		long a = tokat(&d->toks, d->m[k].b0, 0);
		long b = tokat(&d->toks, d->m[k].b1, 1);
		int free_ = 1;

		tr->nmentions++;
		if (a < 0 || b < a || d->m[k].type < 0 ||
		    d->m[k].type >= NS_ENT_NTYPES) {
			tr->nskipped++;
			continue;
		}
		for (j = (size_t)a; j <= (size_t)b; j++)
			if (d->gold[j] != NS_NER_O)
				free_ = 0;
		if (!free_) {
			tr->nskipped++;
			continue;
		}
		if (a == b) {
			d->gold[a] = NS_NER_LABEL(d->m[k].type, NS_NER_U);
			continue;
		}
		for (j = (size_t)a; j <= (size_t)b; j++)
			d->gold[j] = NS_NER_LABEL(d->m[k].type,
			    j == (size_t)a ? NS_NER_B : j == (size_t)b ?
			    NS_NER_L : NS_NER_I);
	}
}

static struct gent *
gent(struct ns_nertrain *tr, uint64_t h, int create)
{
	uint32_t *v;
	int isnew;

	if (!create) {
		v = ns_hmap_get(&tr->gazidx, h);
		return v != NULL ? &tr->gents[*v] : NULL;
	}
	v = ns_hmap_put(&tr->gazidx, h, (uint32_t)tr->ngents, &isnew);
	if (isnew) {
		if (tr->ngents == tr->capgents) {
			tr->capgents = tr->capgents ? 2 * tr->capgents : 4096;
			tr->gents = ns_xrealloc(tr->gents,
			    tr->capgents * sizeof(*tr->gents));
		}
		memset(&tr->gents[tr->ngents], 0, sizeof(*tr->gents));
		tr->ngents++;
	}
	return &tr->gents[*v];
}

static int
haspunctonly(const struct tdoc *d, size_t a, size_t b)
{
	for (; a < b; a++)
		if (d->toks.v[a].kind == NS_TOK_WORD ||
		    d->toks.v[a].kind == NS_TOK_NUMBER)
			return 0;
	return 1;
}

/*
 * Gazetteers from the training mentions: one per fold, built from the
 * other folds (what a document's features see while training, so that
 * the model learns how far to trust an entry it has not seen annotated
 * in the same text), and one from all (the model's).
 */
static void
build_gazetteers(struct ns_nertrain *tr, struct ns_nertext *t)
{
	struct ns_fptab none = { NULL, 0 };
	size_t i, k, j, f, K = (size_t)tr->o.folds;

	for (i = 0; i < tr->ndocs; i++) {
		struct tdoc *d = &tr->docs[i];

		t->s = d->s;
		t->n = d->n;
		t->toks = d->toks;
		ns_nerfeat_prepare(&tr->res, &none, t, d->lang);
		for (k = 0; k < d->toks.n; k++) {
			int ty, kind;

			if (NS_NER_POS(d->gold[k]) != NS_NER_B &&
			    NS_NER_POS(d->gold[k]) != NS_NER_U)
				continue;
			ty = NS_NER_TYPE(d->gold[k]);
			for (j = k; j < d->toks.n; j++)
				if (NS_NER_POS(d->gold[j]) == NS_NER_L ||
				    NS_NER_POS(d->gold[j]) == NS_NER_U)
					break;
			if (j - k + 1 > NS_NER_GAZMAX ||
			    haspunctonly(d, k, j + 1))
				continue;
			for (kind = 0; kind < 2; kind++) {
				uint64_t h = ns_nerfeat_seq0(kind);

				for (f = k; f <= j; f++) {
					h = ns_nerfeat_seq(h, ns_nerfeat_gazword(
					    &t->ti[f], kind));
					if (f < j)
						gent(tr, h, 1)->prefix = 1;
				}
				gent(tr, h, 1)->ann[d->fold][ty]++;
			}
		}
	}
	/* How often each entry occurs at all. */
	for (i = 0; i < tr->ndocs; i++) {
		struct tdoc *d = &tr->docs[i];

		t->s = d->s;
		t->n = d->n;
		t->toks = d->toks;
		ns_nerfeat_prepare(&tr->res, &none, t, d->lang);
		for (k = 0; k < d->toks.n; k++) {
			struct gent *g;
			int kind;

			for (kind = 0; kind < 2; kind++) {
				uint64_t h = ns_nerfeat_seq0(kind);

				for (j = k; j < d->toks.n &&
				    j - k < NS_NER_GAZMAX; j++) {
					h = ns_nerfeat_seq(h, ns_nerfeat_gazword(
					    &t->ti[j], kind));
					if ((g = gent(tr, h, 0)) == NULL)
						break;
					g->occ[d->fold]++;
					if (!g->prefix)
						break;
				}
			}
		}
	}
	t->toks.v = NULL;
	t->toks.n = t->toks.cap = 0;
	for (f = 0; f <= K; f++) {
		struct ns_hmap m = NS_HMAP_INIT;

		for (i = 0; i < tr->gazidx.cap; i++) {
			const struct gent *g;
			uint32_t v = 0, ann[NS_ENT_NTYPES] = { 0 }, occ = 0;
			int ty;

			if (tr->gazidx.keys[i] == 0)
				continue;
			g = &tr->gents[tr->gazidx.vals[i]];
			for (k = 0; k < K; k++) {
				if (k == f)
					continue;
				occ += g->occ[k];
				for (ty = 0; ty < NS_ENT_NTYPES; ty++)
					ann[ty] += g->ann[k][ty];
			}
			for (ty = 0; ty < NS_ENT_NTYPES; ty++) {
				double r;

				if (ann[ty] == 0)
					continue;
				r = occ > 0 ? (double)ann[ty] / occ : 1;
				v |= 1u << ty;
				v |= (uint32_t)(r >= 0.8 ? 3 : r >= 0.5 ? 2 :
				    r >= 0.2 ? 1 : 0) << (5 + 2 * ty);
			}
			if (g->prefix)
				v |= NS_GAZ_PREFIX;
			if (v != 0)
				*ns_hmap_put(&m, tr->gazidx.keys[i], 0, NULL) =
				    v;
		}
		ns_fptab_write(&tr->gaztabs[f], &m);
		ns_fptab_read(&tr->gaz[f], tr->gaztabs[f].p,
		    tr->gaztabs[f].len, 0);
		if (f == K)
			progress(tr, "gazetteer: %zu entries", m.n);
		ns_hmap_free(&m);
	}
}

static struct wrow *
row(struct ns_nertrain *tr, uint64_t f, int create)
{
	uint32_t *v;
	int isnew;

	if (!create) {
		v = ns_hmap_get(&tr->feats, f);
		return v != NULL ? &tr->rows[*v] : NULL;
	}
	v = ns_hmap_put(&tr->feats, f, (uint32_t)tr->nrows, &isnew);
	if (isnew) {
		if (tr->nrows == tr->caprows) {
			tr->caprows = tr->caprows ? 2 * tr->caprows : 65536;
			tr->rows = ns_xrealloc(tr->rows,
			    tr->caprows * sizeof(*tr->rows));
		}
		memset(&tr->rows[tr->nrows], 0, sizeof(*tr->rows));
		tr->nrows++;
	}
	return &tr->rows[*v];
}

/* Scratch of one sentence. */
struct sent {
	uint64_t	*f;		/* per token NS_NER_MAXFEAT */
	uint16_t	*nf;
	int32_t		(*sc)[NL];
	int32_t		(*delta)[NL];
	uint8_t		(*back)[NL];
	uint8_t		*pred;
};

static void
upd_trans(struct ns_nertrain *tr, int a, int b, int d)
{
	tr->tw[a * NL + b] += d;
	tr->tu[a * NL + b] += d * tr->c;
}

/* Tag tokens [i, i + T) of t, and learn from the gold labels. */
static long
learn(struct ns_nertrain *tr, struct ns_nertext *t, const uint8_t *gold,
    size_t i, size_t T, struct sent *s)
{
	int32_t trans[(NL + 1) * NL];
	size_t k, j;
	long nerr = 0;

	for (k = 0; k < T; k++) {
		uint64_t *f = s->f + k * NS_NER_MAXFEAT;

		s->nf[k] = (uint16_t)ns_nerfeat_token(&tr->res, t, i + k, f);
		memset(s->sc[k], 0, sizeof(s->sc[k]));
		for (j = 0; j < s->nf[k]; j++) {
			const struct wrow *r = row(tr, f[j], 0);
			int l;

			if (r == NULL)
				continue;
			for (l = 0; l < NL; l++)
				s->sc[k][l] += r->w[l];
		}
		/*
		 * Cost-augmented decoding: each wrong label starts margin
		 * points ahead, so that a sentence tagged right by less
		 * than that still teaches (a large-margin perceptron).
		 */
		if (tr->o.margin > 0) {
			int l;

			for (l = 0; l < NL; l++)
				if (l != gold[i + k])
					s->sc[k][l] += tr->o.margin;
		}
		ns_nerfeat_mask(t, i + k, s->sc[k]);
	}
	memcpy(trans, tr->tw, sizeof(trans));
	ns_ner_constrain(trans);
	ns_ner_viterbi((const int32_t (*)[NL])s->sc, T, trans, s->delta, s->back,
	    s->pred);
	for (k = 0; k < T; k++) {
		int g = gold[i + k], p = s->pred[k];
		int gp = k > 0 ? gold[i + k - 1] : NL;
		int pp = k > 0 ? s->pred[k - 1] : NL;
		const uint64_t *f = s->f + k * NS_NER_MAXFEAT;

		if (gp != pp || g != p) {
			upd_trans(tr, gp, g, 1);
			upd_trans(tr, pp, p, -1);
		}
		if (g == p)
			continue;
		nerr++;
		for (j = 0; j < s->nf[k]; j++) {
			struct wrow *r = row(tr, f[j], 1);

			r->w[g]++;
			r->u[g] += tr->c;
			r->w[p]--;
			r->u[p] -= tr->c;
		}
	}
	tr->c++;
	return nerr;
}

/* A copy of the document with some mentions lower-cased. */
static const char *
lowercased(struct ns_nertrain *tr, const struct tdoc *d, struct ns_buf *b)
{
	size_t k, i;
	int any = 0;

	if (tr->o.lowercase <= 0)
		return d->s;
	ns_buf_reset(b);
	ns_buf_add(b, d->s, d->n);
	for (k = 0; k < d->toks.n; k++) {
		if (NS_NER_POS(d->gold[k]) != NS_NER_B &&
		    NS_NER_POS(d->gold[k]) != NS_NER_U)
			continue;
		if (rnd01(tr) >= tr->o.lowercase)
			continue;
		for (i = k; i < d->toks.n; i++) {
			const struct ns_token *tk = &d->toks.v[i];
			size_t p = tk->b0, q = tk->b0;
			int32_t c = ns_utf8_next(d->s, d->n, &q);
			char enc[4];

			/* Only where the lower case is as long in bytes. */
			if (ns_tok_isupper(c) &&
			    ns_utf8_encode(ns_tok_lower(c), enc) == q - p) {
				memcpy(b->p + p, enc, q - p);
				any = 1;
			}
			if (NS_NER_POS(d->gold[i]) == NS_NER_L ||
			    NS_NER_POS(d->gold[i]) == NS_NER_U)
				break;
		}
	}
	return any ? b->p : d->s;
}

static int
cmpfeat(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The current run's averaged weights: row i's for label l, transition i. */
static double
runw(const struct ns_nertrain *tr, size_t i, int l)
{
	return tr->rows[i].w[l] - (double)tr->rows[i].u[l] / (double)tr->c;
}

static double
runt(const struct ns_nertrain *tr, size_t i)
{
	return tr->tw[i] - (double)tr->tu[i] / (double)tr->c;
}

/*
 * Row i's averaged weight for label l: of this run, or with parameter
 * mixing the mean over the runs (McDonald et al. 2010).
 */
static double
avgw(const struct ns_nertrain *tr, size_t i, int l)
{
	double a = runw(tr, i, l);

	if (tr->nruns == 0)
		return a;
	if (i < tr->capacc)
		a += tr->acc[i][l];
	return a / (tr->nruns + 1);
}

static double
avgt(const struct ns_nertrain *tr, size_t i)
{
	double a = runt(tr, i);

	return tr->nruns == 0 ? a : (a + tr->tacc[i]) / (tr->nruns + 1);
}

/* The finished run's averaged weights go to the sum; a new run starts. */
static void
next_run(struct ns_nertrain *tr)
{
	size_t i;
	int l;

	if (tr->capacc < tr->nrows) {
		tr->acc = ns_xrealloc(tr->acc, tr->nrows * sizeof(*tr->acc));
		memset(tr->acc + tr->capacc, 0,
		    (tr->nrows - tr->capacc) * sizeof(*tr->acc));
		tr->capacc = tr->nrows;
	}
	for (i = 0; i < tr->nrows; i++) {
		for (l = 0; l < NL; l++)
			tr->acc[i][l] += runw(tr, i, l);
		memset(&tr->rows[i], 0, sizeof(tr->rows[i]));
	}
	for (i = 0; i < (NL + 1) * NL; i++)
		tr->tacc[i] += runt(tr, i);
	memset(tr->tw, 0, sizeof(tr->tw));
	memset(tr->tu, 0, sizeof(tr->tu));
	tr->c = 1;
	tr->nruns++;
}

/* Average, prune, quantise, and write the model. */
static void
write_model(struct ns_nertrain *tr, struct ns_buf *out)
{
	struct ns_ner_hdr h;
	struct ns_hmap wt = NS_HMAP_INIT;
	struct ns_buf rows = NS_BUF_INIT;
	double maxw = 0, scale;
	size_t i, base, nfeat = 0;
	uint64_t *order;
	int l;
	uint32_t zero = 0;

	/* The largest averaged weight sets the scale of int16. */
	for (i = 0; i < tr->nrows; i++)
		for (l = 0; l < NL; l++) {
			double a = fabs(avgw(tr, i, l));

			if (a > maxw)
				maxw = a;
		}
	for (i = 0; i < (NL + 1) * NL; i++) {
		double a = fabs(avgt(tr, i));

		if (a > maxw)
			maxw = a;
	}
	scale = maxw > 0 ? 32000.0 / maxw : 1;
	/* Rows in feature order, so that the file is reproducible. */
	order = ns_xmalloc((tr->feats.n + 1) * 2 * sizeof(*order));
	for (i = 0, base = 0; i < tr->feats.cap; i++)
		if (tr->feats.keys[i] != 0) {
			order[2 * base] = tr->feats.keys[i];
			order[2 * base + 1] = tr->feats.vals[i];
			base++;
		}
	qsort(order, base, 2 * sizeof(*order), cmpfeat);
	ns_buf_add(&rows, &zero, 4);
	for (i = 0; i < base; i++) {
		size_t ri = order[2 * i + 1];
		uint32_t ent[NL], nent = 0, v;

		for (l = 0; l < NL; l++) {
			double a = avgw(tr, ri, l);
			long q = lround(a * scale);

			if (fabs(a) < tr->o.prune || q == 0)
				continue;
			ent[nent++] = (uint32_t)l << 16 | (uint16_t)(int16_t)q;
		}
		if (nent == 0)
			continue;
		nfeat++;
		if (nent == 1)
			v = NS_NER_INLINE | ent[0];
		else {
			v = (uint32_t)(rows.len / 4);
			ns_buf_add(&rows, &nent, 4);
			ns_buf_add(&rows, ent, nent * 4);
		}
		*ns_hmap_put(&wt, order[2 * i], 0, NULL) = v;
	}
	free(order);

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NS_NER_MAGIC, 8);
	h.opts = tr->res.opts;
	h.nlangs = (uint32_t)tr->res.nlangs;
	memcpy(h.langs, tr->res.langs, sizeof(h.langs));
	for (i = 0; i < (NL + 1) * NL; i++)
		h.trans[i] = (int32_t)lround(avgt(tr, i) * scale);
	h.scale = scale;
	h.nfeatures = nfeat;
	base = out->len;
	ns_buf_add(out, &h, sizeof(h));
	h.weights = ns_fptab_write(out, &wt) - base;
	ns_buf_align(out, 8);
	h.rows = out->len - base;
	h.nrows = rows.len / 4;
	ns_buf_add(out, rows.p, rows.len);
	h.clusters = tr->clusters.n > 0 ?
	    ns_fptab_write(out, &tr->clusters) - base : 0;
	/*
	 * The gazetteer of all folds, as built for training; 64-aligned,
	 * so that its buckets stay on cache lines.
	 */
	ns_buf_align(out, 64);
	h.gaz = out->len - base;
	ns_buf_add(out, tr->gaztabs[tr->o.folds].p,
	    tr->gaztabs[tr->o.folds].len);
	ns_buf_align(out, 8);
	h.abbr = out->len - base;
	h.nabbr = tr->abbr.len;
	ns_buf_add(out, tr->abbr.p, tr->abbr.len);
	ns_buf_align(out, 8);
	h.size = out->len - base;
	memcpy(out->p + base, &h, sizeof(h));
	ns_hmap_free(&wt);
	ns_buf_free(&rows);
}

int
ns_nertrain_run(struct ns_nertrain *tr, struct ns_buf *out,
    struct ns_error *err)
{
	struct ns_tokenizer *tk;
	struct ns_nertext t;
	struct sent s;
	struct ns_buf lc = NS_BUF_INIT;
	size_t *order, i, k, j, ntok = 0;
	const char *a;
	int ep;

	if (tr->ndocs == 0) {
		ns_error_set(err, "no training documents");
		return -1;
	}
	if ((tk = ns_tokenizer_open(err)) == NULL)
		return -1;
	/* Tokenize once to learn the abbreviations, then for good. */
	for (i = 0; i < tr->ndocs; i++)
		if (ns_tokenize(tk, tr->docs[i].s, tr->docs[i].n,
		    &tr->docs[i].toks, err) == -1)
			goto fail;
	learn_abbrevs(tr);
	for (a = tr->abbr.p; a != NULL && a < tr->abbr.p + tr->abbr.len;
	    a += strlen(a) + 1)
		ns_tokenizer_abbrev(tk, a, strlen(a));
	for (i = 0; i < tr->ndocs; i++) {
		struct tdoc *d = &tr->docs[i];

		if (ns_tokenize(tk, d->s, d->n, &d->toks, err) == -1)
			goto fail;
		gold(tr, d);
		ntok += d->toks.n;
	}
	for (a = tr->abbr.p, k = 0; a != NULL &&
	    a < tr->abbr.p + tr->abbr.len; a += strlen(a) + 1)
		k++;
	progress(tr, "%zu documents, %zu tokens, %ld mentions (%ld skipped: "
	    "not on token boundaries or overlapping), %zu abbreviations",
	    tr->ndocs, ntok, tr->nmentions, tr->nskipped, k);
	/* Folds: documents in order, round robin. */
	for (i = 0; i < tr->ndocs; i++)
		tr->docs[i].fold = (int)(i % (size_t)tr->o.folds);
	memset(&t, 0, sizeof(t));
	build_gazetteers(tr, &t);
	tr->res.clusters.slots = NULL;
	if (tr->clusters.n > 0) {
		ns_fptab_write(&tr->clbuf, &tr->clusters);
		ns_fptab_read(&tr->res.clusters, tr->clbuf.p, tr->clbuf.len, 0);
	}

	memset(&s, 0, sizeof(s));
	s.f = ns_xmalloc(256 * NS_NER_MAXFEAT * sizeof(*s.f));
	s.nf = ns_xmalloc(256 * sizeof(*s.nf));
	s.sc = ns_xmalloc(256 * sizeof(*s.sc));
	s.delta = ns_xmalloc(256 * sizeof(*s.delta));
	s.back = ns_xmalloc(256 * sizeof(*s.back));
	s.pred = ns_xmalloc(256);
	order = ns_xmalloc(tr->ndocs * sizeof(*order));
	for (i = 0; i < tr->ndocs; i++)
		order[i] = i;
	tr->c = 1;
	for (ep = 0; ep < tr->o.epochs * tr->o.mix; ep++) {
		long nerr = 0;

		if (ep > 0 && ep % tr->o.epochs == 0)
			next_run(tr);

		/* Fisher-Yates with our own generator: reproducible. */
		for (i = tr->ndocs - 1; i > 0; i--) {
			size_t r = rnd(tr) % (i + 1), x = order[i];

			order[i] = order[r];
			order[r] = x;
		}
		for (i = 0; i < tr->ndocs; i++) {
			struct tdoc *d = &tr->docs[order[i]];

			t.s = lowercased(tr, d, &lc);
			t.n = d->n;
			t.toks = d->toks;
			ns_nerfeat_forget(&t);
			ns_nerfeat_prepare(&tr->res, &tr->gaz[d->fold], &t,
			    d->lang);
			for (k = 0; k < d->toks.n; k = j) {
				for (j = k + 1; j < d->toks.n && j - k < 256 &&
				    !(d->toks.v[j].flags & NS_TOK_SENT); j++)
					;
				nerr += learn(tr, &t, d->gold, k, j - k, &s);
				ns_nerfeat_remember(&t, k, j, s.pred);
			}
		}
		if (tr->o.mix > 1)
			progress(tr, "run %d, epoch %d: %ld token errors "
			    "(%.2f%%), %zu features", ep / tr->o.epochs + 1,
			    ep % tr->o.epochs + 1, nerr,
			    100.0 * nerr / (double)ntok, tr->nrows);
		else
			progress(tr, "epoch %d: %ld token errors (%.2f%%), "
			    "%zu features", ep + 1, nerr,
			    100.0 * nerr / (double)ntok, tr->nrows);
	}
	t.toks.v = NULL;
	t.toks.n = 0;
	ns_nertext_free(&t);
	free(order);
	free(s.f);
	free(s.nf);
	free(s.sc);
	free(s.delta);
	free(s.back);
	free(s.pred);
	ns_buf_free(&lc);
	write_model(tr, out);
	ns_tokenizer_close(tk);
	return 0;
fail:
	ns_tokenizer_close(tk);
	return -1;
}
