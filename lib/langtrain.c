/* langtrain.c: train and calibrate an ns-lang model from text per language. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langfeat.h"
#include "langid.h"
#include "langid_format.h"
#include "langtrain.h"
#include "utf8.h"

/* A language needs this share of its letters in a script to use it. */
#define SCRIPT_MIN	0.10
/* Early stop: calibrated logit margin, checked every STOP_WORDS words. */
#define STOP_MARGIN	12.0
#define STOP_WORDS	32
/* Weights beyond this quantile of |w| are clipped to the 8-bit range. */
#define CLIP_QUANTILE	0.9999

struct tline {
	size_t		off;
	uint32_t	len;
	uint32_t	lineno;		/* in its file, from 1 */
	uint8_t		lang;
	uint8_t		held;
};

struct ns_langtrain {
	struct ns_buf	 text;
	struct tline	*lines;
	size_t		 nlines, cap;
	char		 codes[NS_LANGID_MAXLANGS][NS_LANGID_CODELEN];
	int		 nlangs;
};

/* key -> value, open addressing; key 0 is empty. */
struct kmap {
	uint32_t	*key;
	uint32_t	*val;
	size_t		 cap, n;
};

/* What a build holds while it runs. */
struct build {
	const struct ns_langtrain_opts *o;
	struct ns_langtrain	*t;
	uint32_t		 scripts[NS_LANGID_MAXLANGS];
	double			 cw[NS_LANGID_MAXLANGS];	/* class weights */
	struct kmap		 feat;		/* key -> feature index + 1 */
	size_t			 nfeat;
	uint32_t		*fkey;		/* feature -> key */
	size_t			*foff;		/* feature -> first slot */
	uint8_t			*slang;		/* slot -> language */
	float			*w, *g;		/* slot weight, AdaGrad sum */
	size_t			 nslot;
	double			 bias[NS_LANGID_MAXLANGS];
	double			 gbias[NS_LANGID_MAXLANGS];
	uint64_t		 rng;
	uint32_t		*fs;		/* an example's features */
	size_t			 nfs, capfs;
};

void
ns_langtrain_defaults(struct ns_langtrain_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->holdout = 20;
	o->epochs = 4;
	o->rate = 0.1;
	o->mincount = 2;
	o->balance = 0.5;
	o->snippets = 1;
	o->seed = 0x5EED;
}

static void	logf_(const struct ns_langtrain_opts *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
logf_(const struct ns_langtrain_opts *o, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (o->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->log(o->logctx, msg);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n). */
static size_t
rndn(uint64_t *s, size_t n)
{
	return n > 0 ? (size_t)(rnd(s) % n) : 0;
}

/* kmap */

static void
kmap_init(struct kmap *m, size_t cap)
{
	m->cap = cap;
	m->n = 0;
	m->key = ns_xcalloc(cap, sizeof(*m->key));
	m->val = ns_xcalloc(cap, sizeof(*m->val));
}

static void
kmap_free(struct kmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static uint32_t *
kmap_slot(struct kmap *m, uint32_t key)
{
	size_t i = (key * 0x9E3779B1u) & (m->cap - 1);

	while (m->key[i] != 0 && m->key[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (m->key[i] == 0) {
		m->key[i] = key;
		m->n++;
	}
	return &m->val[i];
}

static void
kmap_grow(struct kmap *m)
{
	struct kmap big;
	size_t i;

	kmap_init(&big, m->cap * 2);
	for (i = 0; i < m->cap; i++)
		if (m->key[i] != 0)
			*kmap_slot(&big, m->key[i]) = m->val[i];
	kmap_free(m);
	*m = big;
}

/* The value slot of key, inserted (value 0) if absent. */
static uint32_t *
kmap_put(struct kmap *m, uint32_t key)
{
	if ((m->n + 1) * 2 > m->cap)
		kmap_grow(m);
	return kmap_slot(m, key);
}

static uint32_t
kmap_get(const struct kmap *m, uint32_t key)
{
	size_t i = (key * 0x9E3779B1u) & (m->cap - 1);

	while (m->key[i] != 0) {
		if (m->key[i] == key)
			return m->val[i];
		i = (i + 1) & (m->cap - 1);
	}
	return 0;
}

/* The training set */

struct ns_langtrain *
ns_langtrain_new(void)
{
	return ns_xcalloc(1, sizeof(struct ns_langtrain));
}

void
ns_langtrain_free(struct ns_langtrain *t)
{
	if (t == NULL)
		return;
	ns_buf_free(&t->text);
	free(t->lines);
	free(t);
}

int
ns_langtrain_filename(const char *name, char code[8])
{
	size_t n = strlen(name), i, k;

	if (n < 6 || strcmp(name + n - 4, ".txt") != 0)
		return 0;
	n -= 4;
	for (i = 0; i < n && islower((unsigned char)name[i]); i++)
		;
	if (i < 2 || i > 3)
		return 0;
	if (i < n) {
		/* A subtag: "-Latn", "-RS". */
		if (name[i] != '-' || n - i < 3 || n - i > 9)
			return 0;
		for (k = i + 1; k < n; k++)
			if (!isalnum((unsigned char)name[k]))
				return 0;
	}
	memcpy(code, name, i);
	memset(code + i, 0, 8 - i);
	return 1;
}

static int
langindex(struct ns_langtrain *t, const char *code, struct ns_error *err)
{
	int l;

	for (l = 0; l < t->nlangs; l++)
		if (strcmp(t->codes[l], code) == 0)
			return l;
	if (t->nlangs == NS_LANGID_MAXLANGS) {
		ns_error_set(err, "more than %d languages", NS_LANGID_MAXLANGS);
		return -1;
	}
	snprintf(t->codes[t->nlangs], NS_LANGID_CODELEN, "%s", code);
	return t->nlangs++;
}

int
ns_langtrain_add(struct ns_langtrain *t, const char *code, const char *text,
    size_t len, struct ns_error *err)
{
	char name[16], lc[8];
	const char *p = text, *end = text + len, *nl;
	size_t lineno = 0, start, n;
	int l;

	snprintf(name, sizeof(name), "%s.txt", code);
	if (strlen(code) > 8 || !ns_langtrain_filename(name, lc)) {
		ns_error_set(err, "bad language code \"%s\"", code);
		return -1;
	}
	if ((l = langindex(t, lc, err)) < 0)
		return -1;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || n > UINT32_MAX / 2)
			continue;
		if (t->nlines == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 4096;
			t->lines = ns_xrealloc(t->lines,
			    t->cap * sizeof(*t->lines));
		}
		start = t->text.len;
		ns_utf8_repair(&t->text, p, n);
		t->lines[t->nlines].off = start;
		t->lines[t->nlines].len = (uint32_t)(t->text.len - start);
		t->lines[t->nlines].lang = (uint8_t)l;
		t->lines[t->nlines].lineno = (uint32_t)lineno;
		t->lines[t->nlines].held = 0;
		t->nlines++;
		if (nl == end)
			break;
	}
	return 0;
}

static int
bystr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ns_langtrain_add_dir(struct ns_langtrain *t, const char *dir,
    struct ns_error *err)
{
	struct ns_buf path = NS_BUF_INIT, text = NS_BUF_INIT;
	char **names = NULL, code[8], chunk[65536];
	size_t nnames = 0, i, r;
	struct dirent *de;
	int rc = -1;
	DIR *d;
	FILE *fp;

	if ((d = opendir(dir)) == NULL) {
		ns_error_set(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!ns_langtrain_filename(de->d_name, code))
			continue;
		names = ns_xrealloc(names, (nnames + 1) * sizeof(*names));
		names[nnames++] = ns_xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames == 0) {
		ns_error_set(err, "%s: no <code>.txt files", dir);
		goto out;
	}
	qsort(names, nnames, sizeof(*names), bystr);
	for (i = 0; i < nnames; i++) {
		ns_buf_reset(&path);
		ns_buf_printf(&path, "%s/%s", dir, names[i]);
		if ((fp = fopen(path.p, "rb")) == NULL) {
			ns_error_set(err, "%s: %s", path.p, strerror(errno));
			goto out;
		}
		ns_buf_reset(&text);
		while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			ns_buf_add(&text, chunk, r);
		if (ferror(fp)) {
			ns_error_set(err, "%s: %s", path.p, strerror(errno));
			fclose(fp);
			goto out;
		}
		fclose(fp);
		names[i][strlen(names[i]) - 4] = '\0';
		if (ns_langtrain_add(t, names[i], text.p, text.len, err) == -1)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	ns_buf_free(&path);
	ns_buf_free(&text);
	return rc;
}

/* Words of a line: their byte ranges, for choosing units. */
struct wordlist {
	size_t	(*r)[2];
	size_t	 n, cap;
	size_t	 nlong;		/* words of 3 letters or more */
};

static void
wordlist_fill(struct wordlist *wl, const char *s, size_t n)
{
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;

	wl->n = wl->nlong = 0;
	ns_langfeat_begin(&it, s, n);
	while (ns_langfeat_next(&it, &w)) {
		if (wl->n == wl->cap) {
			wl->cap = wl->cap ? wl->cap * 2 : 64;
			wl->r = ns_xrealloc(wl->r, wl->cap * sizeof(*wl->r));
		}
		wl->r[wl->n][0] = w.b0;
		wl->r[wl->n][1] = w.b1;
		wl->nlong += w.len >= 3;
		wl->n++;
		(void)w;
	}
}

/*
 * Choose a unit of the given kind in a line: [*b0, *b1) bytes.  Returns
 * 0 when the line has no such unit.
 */
static int
choose(struct wordlist *wl, const char *s, size_t n, int kind,
    uint64_t *rng, size_t *b0, size_t *b1)
{
	size_t i, k, pick;

	if (kind == NS_LANGCAL_SENT) {
		*b0 = 0;
		*b1 = n;
		return 1;
	}
	wordlist_fill(wl, s, n);
	if (kind == NS_LANGCAL_WORD) {
		if (wl->nlong == 0)
			return 0;
		pick = rndn(rng, wl->nlong);
		for (i = k = 0; i < wl->n; i++) {
			struct ns_langfeat_iter it;
			struct ns_langfeat_word w;

			ns_langfeat_begin(&it, s + wl->r[i][0],
			    wl->r[i][1] - wl->r[i][0]);
			if (!ns_langfeat_next(&it, &w) || w.len < 3)
				continue;
			if (k++ == pick) {
				*b0 = wl->r[i][0];
				*b1 = wl->r[i][1];
				return 1;
			}
		}
		return 0;
	}
	if (wl->n < 2)
		return 0;
	i = rndn(rng, wl->n - 1);
	*b0 = wl->r[i][0];
	*b1 = wl->r[i + 1][1];
	return 1;
}

/* Script bits of each language from its training letters. */
static void
langscripts(struct build *b)
{
	size_t cnt[NS_LANGID_MAXLANGS][NS_SCRIPT_COUNT], tot, i;
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	struct tline *ln;
	int l, s;

	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < b->t->nlines; i++) {
		ln = &b->t->lines[i];
		ns_langfeat_begin(&it, b->t->text.p + ln->off, ln->len);
		while (ns_langfeat_next(&it, &w))
			cnt[ln->lang][w.script] += w.len;
	}
	for (l = 0; l < b->t->nlangs; l++) {
		tot = 0;
		for (s = NS_SCRIPT_LATIN; s < NS_SCRIPT_COUNT; s++)
			tot += cnt[l][s];
		b->scripts[l] = 0;
		for (s = NS_SCRIPT_LATIN; s < NS_SCRIPT_OTHER; s++)
			if (tot > 0 && cnt[l][s] >= SCRIPT_MIN * (double)tot)
				b->scripts[l] |= NS_SCRIPT_BIT(s);
	}
}

/* Call fn for every feature key of text s[0..n). */
static size_t
eachkey(const char *s, size_t n, size_t *nscript,
    void (*fn)(void *, uint32_t), void *ctx)
{
	uint32_t keys[NS_LANGFEAT_MAXHASH];
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	size_t nk, k, nwords = 0;

	ns_langfeat_begin(&it, s, n);
	while (ns_langfeat_next(&it, &w)) {
		if (nscript != NULL)
			nscript[w.script] += w.len;
		if (w.script != NS_SCRIPT_LATIN &&
		    w.script != NS_SCRIPT_CYRILLIC &&
		    w.script != NS_SCRIPT_GREEK)
			continue;
		nwords++;
		nk = ns_langfeat_hashes(&w, NS_LANGFEAT_MAXN, keys);
		for (k = 0; k < nk; k++)
			fn(ctx, keys[k]);
	}
	return nwords;
}

static void
countkey(void *ctx, uint32_t key)
{
	uint32_t *v = kmap_put(ctx, key);

	if (*v < UINT32_MAX)
		(*v)++;
}

struct markctx {
	struct build	*b;
	uint64_t	*mask;
	int		 lang;
};

static void
markkey(void *ctx, uint32_t key)
{
	struct markctx *c = ctx;
	uint32_t f = kmap_get(&c->b->feat, key);

	if (f != 0)
		c->mask[f - 1] |= (uint64_t)1 << c->lang;
}

static int
popcount64(uint64_t x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* Count features, keep the frequent ones, give each its languages. */
static void
features(struct build *b)
{
	struct ns_langtrain *t = b->t;
	struct markctx mc;
	uint64_t *mask;
	size_t i, f, j;
	struct tline *ln;
	int l;

	kmap_init(&b->feat, 1 << 20);
	for (i = 0; i < t->nlines; i++) {
		ln = &t->lines[i];
		if (!ln->held)
			eachkey(t->text.p + ln->off, ln->len, NULL, countkey,
			    &b->feat);
	}
	logf_(b->o, "%zu distinct features", b->feat.n);
	b->fkey = ns_xmalloc(b->feat.n * sizeof(*b->fkey));
	for (i = f = 0; i < b->feat.cap; i++) {
		if (b->feat.key[i] == 0)
			continue;
		if (b->feat.val[i] >= (uint32_t)b->o->mincount) {
			b->fkey[f] = b->feat.key[i];
			b->feat.val[i] = (uint32_t)++f;
		} else
			b->feat.val[i] = 0;
	}
	b->nfeat = f;
	mask = ns_xcalloc(f > 0 ? f : 1, sizeof(*mask));
	mc.b = b;
	mc.mask = mask;
	for (i = 0; i < t->nlines; i++) {
		ln = &t->lines[i];
		if (ln->held)
			continue;
		mc.lang = ln->lang;
		eachkey(t->text.p + ln->off, ln->len, NULL, markkey, &mc);
	}
	b->foff = ns_xmalloc((b->nfeat + 1) * sizeof(*b->foff));
	b->nslot = 0;
	for (f = 0; f < b->nfeat; f++) {
		b->foff[f] = b->nslot;
		b->nslot += (size_t)popcount64(mask[f]);
	}
	b->foff[b->nfeat] = b->nslot;
	b->slang = ns_xmalloc(b->nslot > 0 ? b->nslot : 1);
	b->w = ns_xcalloc(b->nslot > 0 ? b->nslot : 1, sizeof(float));
	b->g = ns_xcalloc(b->nslot > 0 ? b->nslot : 1, sizeof(float));
	for (f = 0; f < b->nfeat; f++)
		for (j = b->foff[f], l = 0; l < t->nlangs; l++)
			if (mask[f] >> l & 1)
				b->slang[j++] = (uint8_t)l;
	free(mask);
	logf_(b->o, "%zu features kept (seen %d times or more), %zu weights",
	    b->nfeat, b->o->mincount, b->nslot);
}

static void
gatherkey(void *ctx, uint32_t key)
{
	struct build *b = ctx;
	uint32_t f = kmap_get(&b->feat, key);

	if (f == 0)
		return;
	if (b->nfs == b->capfs) {
		b->capfs = b->capfs ? b->capfs * 2 : 4096;
		b->fs = ns_xrealloc(b->fs, b->capfs * sizeof(*b->fs));
	}
	b->fs[b->nfs++] = f - 1;
}

/*
 * Scores of the candidates of text s[0..n) under the float weights into
 * sc[]; the features stay in b->fs.  Returns the candidate set.
 */
static uint64_t
forward(struct build *b, const char *s, size_t n, double *sc)
{
	size_t nscript[NS_SCRIPT_COUNT], k, j;
	uint64_t cand;
	int l;

	memset(nscript, 0, sizeof(nscript));
	b->nfs = 0;
	eachkey(s, n, nscript, gatherkey, b);
	cand = ns_langid_script_filter(b->scripts, b->t->nlangs, nscript, 0);
	for (l = 0; l < b->t->nlangs; l++)
		sc[l] = b->bias[l];
	for (k = 0; k < b->nfs; k++)
		for (j = b->foff[b->fs[k]]; j < b->foff[b->fs[k] + 1]; j++)
			sc[b->slang[j]] += b->w[j];
	return cand;
}

/* Softmax over cand in place; returns the best language. */
static int
softmax(const struct build *b, uint64_t cand, double *sc)
{
	double max = -HUGE_VAL, sum = 0;
	int l, best = -1;

	for (l = 0; l < b->t->nlangs; l++)
		if ((cand >> l & 1) && sc[l] > max) {
			max = sc[l];
			best = l;
		}
	for (l = 0; l < b->t->nlangs; l++) {
		sc[l] = (cand >> l & 1) ? exp(sc[l] - max) : 0;
		sum += sc[l];
	}
	for (l = 0; l < b->t->nlangs; l++)
		sc[l] /= sum;
	return best;
}

struct example {
	uint32_t	line;
	uint32_t	kind;
};

/* One SGD step on an example; returns its log loss (-1: skipped). */
static double
step(struct build *b, const struct example *ex, struct wordlist *wl)
{
	const struct tline *ln = &b->t->lines[ex->line];
	const char *s = b->t->text.p + ln->off;
	double sc[NS_LANGID_MAXLANGS], gl[NS_LANGID_MAXLANGS], loss, gmax = 0;
	size_t b0, b1, k, j;
	uint64_t cand;
	float rate = (float)b->o->rate, gj;
	int l, y = ln->lang;

	if (!choose(wl, s, ln->len, (int)ex->kind, &b->rng, &b0, &b1))
		return -1;
	cand = forward(b, s + b0, b1 - b0, sc);
	if (!(cand >> y & 1) || b->nfs == 0)
		return -1;
	softmax(b, cand, sc);
	loss = -log(sc[y] > 1e-12 ? sc[y] : 1e-12);
	for (l = 0; l < b->t->nlangs; l++) {
		gl[l] = (sc[l] - (l == y)) * b->cw[y];
		/* Tiny gradients only add rounding noise. */
		if (!(cand >> l & 1) || fabs(gl[l]) < 1e-5)
			gl[l] = 0;
		if (fabs(gl[l]) > gmax)
			gmax = fabs(gl[l]);
	}
	if (gmax < 1e-4)
		return loss;
	for (l = 0; l < b->t->nlangs; l++) {
		if (gl[l] == 0)
			continue;
		b->gbias[l] += gl[l] * gl[l];
		b->bias[l] -= b->o->rate * gl[l] / sqrt(b->gbias[l]);
	}
	for (k = 0; k < b->nfs; k++) {
		for (j = b->foff[b->fs[k]]; j < b->foff[b->fs[k] + 1]; j++) {
			gj = (float)gl[b->slang[j]];
			if (gj == 0)
				continue;
			b->g[j] += gj * gj;
			b->w[j] -= rate * gj / (sqrtf(b->g[j]) + 1e-6f);
		}
	}
	return loss;
}

/* Accuracy of the float model on the held-out units, per kind. */
static void
heldout(struct build *b, double acc[NS_LANGCAL_NKINDS])
{
	double sc[NS_LANGID_MAXLANGS];
	long n[NS_LANGCAL_NKINDS], right[NS_LANGCAL_NKINDS];
	struct wordlist wl = { NULL, 0, 0, 0 };
	uint64_t rng = 0xCA11B, cand;
	const struct tline *ln;
	size_t i, b0, b1;
	int kind;

	memset(n, 0, sizeof(n));
	memset(right, 0, sizeof(right));
	for (i = 0; i < b->t->nlines; i++) {
		ln = &b->t->lines[i];
		if (!ln->held)
			continue;
		for (kind = 0; kind < NS_LANGCAL_NKINDS; kind++) {
			if (!choose(&wl, b->t->text.p + ln->off, ln->len, kind,
			    &rng, &b0, &b1))
				continue;
			cand = forward(b, b->t->text.p + ln->off + b0, b1 - b0,
			    sc);
			n[kind]++;
			if (cand != 0 && softmax(b, cand, sc) == ln->lang)
				right[kind]++;
		}
	}
	for (kind = 0; kind < NS_LANGCAL_NKINDS; kind++)
		acc[kind] = n[kind] > 0 ? (double)right[kind] / n[kind] : 0;
	free(wl.r);
}

static void
train(struct build *b)
{
	struct ns_langtrain *t = b->t;
	struct example *ex, tmp;
	struct wordlist wl = { NULL, 0, 0, 0 };
	size_t nex = 0, i, j, nlines[NS_LANGID_MAXLANGS], nused;
	double mean = 0, loss, sum, acc[NS_LANGCAL_NKINDS];
	int l, e, kinds = b->o->snippets ? NS_LANGCAL_NKINDS : 1, k;

	memset(nlines, 0, sizeof(nlines));
	for (i = 0; i < t->nlines; i++)
		if (!t->lines[i].held)
			nlines[t->lines[i].lang]++;
	for (l = 0; l < t->nlangs; l++)
		mean += (double)nlines[l] / t->nlangs;
	for (l = 0; l < t->nlangs; l++)
		b->cw[l] = nlines[l] > 0 ?
		    pow(mean / (double)nlines[l], b->o->balance) : 1;
	ex = ns_xmalloc((t->nlines * (size_t)kinds + 1) * sizeof(*ex));
	for (i = 0; i < t->nlines; i++) {
		if (t->lines[i].held)
			continue;
		for (k = 0; k < kinds; k++) {
			ex[nex].line = (uint32_t)i;
			ex[nex].kind = (uint32_t)(kinds == 1 ? NS_LANGCAL_SENT :
			    k);
			nex++;
		}
	}
	for (e = 0; e < b->o->epochs; e++) {
		for (i = nex; i > 1; i--) {
			j = rndn(&b->rng, i);
			tmp = ex[i - 1];
			ex[i - 1] = ex[j];
			ex[j] = tmp;
		}
		sum = 0;
		nused = 0;
		for (i = 0; i < nex; i++) {
			if ((loss = step(b, &ex[i], &wl)) < 0)
				continue;
			sum += loss;
			nused++;
		}
		heldout(b, acc);
		logf_(b->o, "epoch %d: loss %.4f; held-out accuracy: "
		    "words %.4f, pairs %.4f, sentences %.4f", e + 1,
		    nused > 0 ? sum / (double)nused : 0,
		    acc[NS_LANGCAL_WORD], acc[NS_LANGCAL_PAIR],
		    acc[NS_LANGCAL_SENT]);
	}
	free(ex);
	free(wl.r);
}

static int
byabs(const void *a, const void *b)
{
	float x = fabsf(*(const float *)a), y = fabsf(*(const float *)b);

	return (x > y) - (x < y);
}

/* Quantise the weights and lay the model file out in out. */
static int
emit(struct build *b, struct ns_buf *out, struct ns_error *err)
{
	struct ns_langtrain *t = b->t;
	struct ns_langid_hdr h;
	struct ns_langid_lang *lt;
	struct ns_langid_slot *slots;
	uint16_t *pool, ent[NS_LANGID_MAXLANGS];
	float *absw, scale, clip;
	size_t f, j, nkept = 0, nslots, npool = 0, base, k, ne, i, off;
	long q;
	int l;

	absw = ns_xmalloc((b->nslot > 0 ? b->nslot : 1) * sizeof(*absw));
	memcpy(absw, b->w, b->nslot * sizeof(*absw));
	qsort(absw, b->nslot, sizeof(*absw), byabs);
	clip = b->nslot > 0 ?
	    fabsf(absw[(size_t)((double)(b->nslot - 1) * CLIP_QUANTILE)]) : 1;
	free(absw);
	if (!(clip > 0))
		clip = 1;
	scale = clip / 127;
	/* First pass: which features keep a weight, and the pool size. */
	for (f = 0; f < b->nfeat; f++) {
		for (ne = 0, j = b->foff[f]; j < b->foff[f + 1]; j++)
			if (lrintf(b->w[j] / scale) != 0)
				ne++;
		if (ne > 0)
			nkept++;
		if (ne > 2)
			npool += ne;
	}
	if (npool > NS_LANGID_MAXPOOL) {
		ns_error_set(err, "model too large (%zu pooled weights)", npool);
		return -1;
	}
	for (nslots = 1024; nslots < nkept + nkept / 2; nslots *= 2)
		;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NS_LANGID_MAGIC, 8);
	h.version = NS_LANGID_VERSION;
	h.nlangs = (uint32_t)t->nlangs;
	h.maxn = NS_LANGFEAT_MAXN;
	h.nslots = (uint32_t)nslots;
	h.npool = (uint32_t)npool;
	h.scale = scale;
	h.min_score = 0.5f;
	h.stop_margin = (float)STOP_MARGIN;
	h.stop_words = STOP_WORDS;
	for (i = 0; i < t->nlines; i++)
		h.ntrained += !t->lines[i].held;
	base = out->len;
	ns_buf_add(out, &h, sizeof(h));
	while (out->len % 8)
		ns_buf_addc(out, '\0');
	off = out->len;
	ns_buf_reserve(out, (size_t)t->nlangs * sizeof(*lt));
	lt = (void *)(out->p + off);
	memset(lt, 0, (size_t)t->nlangs * sizeof(*lt));
	for (l = 0; l < t->nlangs; l++) {
		memcpy(lt[l].code, t->codes[l], NS_LANGID_CODELEN);
		lt[l].scripts = b->scripts[l];
		lt[l].bias = (float)b->bias[l];
	}
	out->len += (size_t)t->nlangs * sizeof(*lt);
	while ((out->len - base) % 8)
		ns_buf_addc(out, '\0');
	slots = ns_xcalloc(nslots, sizeof(*slots));
	pool = ns_xmalloc((npool > 0 ? npool : 1) * sizeof(*pool));
	npool = 0;
	for (f = 0; f < b->nfeat; f++) {
		for (ne = 0, j = b->foff[f]; j < b->foff[f + 1]; j++) {
			q = lrintf(b->w[j] / scale);
			if (q == 0)
				continue;
			q = q > 127 ? 127 : q < -127 ? -127 : q;
			ent[ne++] = NS_LANGID_ENTRY(b->slang[j], q);
		}
		if (ne == 0)
			continue;
		k = b->fkey[f] & (nslots - 1);
		while (slots[k].key != 0)
			k = (k + 1) & (nslots - 1);
		slots[k].key = b->fkey[f];
		if (ne <= 2) {
			slots[k].ref = NS_LANGID_INLINE | ent[0];
			if (ne == 2)
				slots[k].ref |= NS_LANGID_INLINE2 |
				    (uint32_t)ent[1] << 16;
		} else {
			slots[k].ref = (uint32_t)(npool << 6) |
			    (uint32_t)(ne - 1);
			memcpy(pool + npool, ent, ne * sizeof(*ent));
			npool += ne;
		}
	}
	ns_buf_add(out, slots, nslots * sizeof(*slots));
	ns_buf_add(out, pool, npool * sizeof(*pool));
	while ((out->len - base) % 8)
		ns_buf_addc(out, '\0');
	free(slots);
	free(pool);
	logf_(b->o, "model: %zu features, %zu slots, %zu pooled weights, "
	    "%zu bytes, weight step %.5f", nkept, nslots, npool,
	    out->len - base, (double)scale);
	return 0;
}

/* Calibrate the quantised model on the held-out lines; patch the header. */
static int
calibrate(struct build *b, struct ns_buf *out, size_t base,
    struct ns_langcal_report *rep, struct ns_error *err)
{
	struct ns_langcal_set set = NS_LANGCAL_SET_INIT;
	struct ns_langid_hdr *h = (void *)(out->p + base);
	struct wordlist wl = { NULL, 0, 0, 0 };
	int32_t acc[NS_LANGID_MAXLANGS];
	size_t nscript[NS_SCRIPT_COUNT], i, b0, b1, nwords;
	double sc[NS_LANGID_MAXLANGS];
	const struct tline *ln;
	struct ns_langid *m;
	uint64_t rng = 0xCA11B, cand;
	int kind, l, n, truth;

	if ((m = ns_langid_open_mem(out->p + base, out->len - base, err)) ==
	    NULL)
		return -1;
	for (i = 0; i < b->t->nlines; i++) {
		ln = &b->t->lines[i];
		if (!ln->held)
			continue;
		for (kind = 0; kind < NS_LANGCAL_NKINDS; kind++) {
			if (!choose(&wl, b->t->text.p + ln->off, ln->len, kind,
			    &rng, &b0, &b1))
				continue;
			memset(acc, 0, sizeof(acc));
			memset(nscript, 0, sizeof(nscript));
			nwords = ns_langid_raw(m, b->t->text.p + ln->off + b0,
			    b1 - b0, acc, nscript);
			cand = ns_langid_candidates(m, nscript, 0);
			if (cand == 0)
				continue;
			truth = -1;
			for (n = 0, l = 0; l < b->t->nlangs; l++) {
				if (!(cand >> l & 1))
					continue;
				if (l == ln->lang)
					truth = n;
				sc[n++] = (float)b->bias[l] + h->scale * acc[l];
			}
			ns_langcal_add(&set, sc, n, truth, nwords, kind);
		}
	}
	ns_langid_free(m);
	free(wl.r);
	ns_langcal_report(&set, rep);
	ns_langcal_free(&set);
	h->cal_a = (float)rep->a;
	h->cal_b = (float)rep->b;
	h->min_score = (float)rep->min_score;
	logf_(b->o, "calibration: log T = %.4f + %.4f ln(words); held-out "
	    "units %ld, accuracy %.4f, ECE %.4f; minimum score %.2f",
	    rep->a, rep->b, rep->all.n, rep->all.acc, rep->all.ece,
	    rep->min_score);
	return 0;
}

int
ns_langtrain_build(struct ns_langtrain *t, const struct ns_langtrain_opts *o,
    struct ns_buf *out, struct ns_langcal_report *cal, struct ns_error *err)
{
	struct ns_langcal_report rep;
	struct build b;
	size_t i, nheld = 0, base = out->len;
	int rc = -1;

	if (t->nlangs < 2) {
		ns_error_set(err, "need text in two languages at least");
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.o = o;
	b.t = t;
	b.rng = o->seed ? o->seed : 1;
	for (i = 0; i < t->nlines; i++) {
		t->lines[i].held = o->holdout > 0 &&
		    t->lines[i].lineno % (uint32_t)o->holdout == 0;
		nheld += t->lines[i].held;
	}
	logf_(o, "%d languages, %zu lines (%zu held out)", t->nlangs,
	    t->nlines, nheld);
	langscripts(&b);
	features(&b);
	train(&b);
	if (emit(&b, out, err) == -1)
		goto done;
	if (calibrate(&b, out, base, cal != NULL ? cal : &rep, err) == -1)
		goto done;
	rc = 0;
done:
	kmap_free(&b.feat);
	free(b.fkey);
	free(b.foff);
	free(b.slang);
	free(b.w);
	free(b.g);
	free(b.fs);
	return rc;
}
