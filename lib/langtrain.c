/* langtrain.c: train and calibrate an ns-lang model from text per language. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langfeat.h"
#include "langid.h"
#include "langid_format.h"
#include "langtrain.h"
#include "num.h"
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
	/* Example weights per kind and language (class balance). */
	double			 cw[NS_LANGCAL_NKINDS][NS_LANGID_MAXLANGS];
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
	o->epochs = 3;
	o->rate = 0.1;
	o->mincount = 3;
	o->balance = 0.5;
	o->words = 1000;
	o->pairs = 10;
	o->pairwords = 3;
	o->wword = 1;
	o->wpair = 1;
	o->l2 = 0;
	o->minq = 1;
	o->fullwords = 300000;
	o->fullspan = 8;
	o->lexweight = 1;
	o->lexalpha = 0.1;
	o->lexmin = 1;
	o->seed = 0x5EED;
}

int
ns_langtrain_set(struct ns_langtrain_opts *o, const char *setting,
    struct ns_error *err)
{
	static const struct {
		const char	*name;
		size_t		 off;
		int		 isint;
		double		 min, max;
	} knobs[] = {
#define KNOB(f, i, lo, hi) { #f, offsetof(struct ns_langtrain_opts, f), i, lo, hi }
		KNOB(epochs, 1, 0, 100),
		KNOB(rate, 0, 1e-6, 10),
		KNOB(mincount, 1, 1, 1e6),
		KNOB(balance, 0, 0, 2),
		KNOB(words, 1, 0, 1e6),
		KNOB(pairs, 1, 0, 1e6),
		KNOB(pairwords, 1, 0, NS_LANGID_MAXPAIRWORDS),
		KNOB(wword, 0, 0, 100),
		KNOB(wpair, 0, 0, 100),
		KNOB(l2, 0, 0, 10),
		KNOB(minq, 1, 1, 127),
		KNOB(fullwords, 1, 0, 1e7),
		KNOB(fullspan, 0, 1, 1000),
		KNOB(holdout, 1, 0, 1e6),
		KNOB(lexweight, 0, 0, 100),
		KNOB(lextemp, 0, 0, 100),
		KNOB(lexalpha, 0, 1e-3, 100),
		KNOB(lexmin, 1, 1, 1e6),
#undef KNOB
	};
	const char *eq = strchr(setting, '='), *errstr;
	size_t i, n;
	double v;

	n = eq != NULL ? (size_t)(eq - setting) : strlen(setting);
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		if (strlen(knobs[i].name) != n ||
		    strncmp(knobs[i].name, setting, n) != 0)
			continue;
		if (eq == NULL) {
			ns_error_set(err, "%s: value expected", knobs[i].name);
			return -1;
		}
		v = ns_strtod(eq + 1, knobs[i].min, knobs[i].max, &errstr);
		if (errstr != NULL || (knobs[i].isint && v != (double)(long)v) ||
		    (strcmp(knobs[i].name, "holdout") == 0 && v == 1)) {
			ns_error_set(err, "%s: bad value: %s", knobs[i].name,
			    eq + 1);
			return -1;
		}
		if (knobs[i].isint)
			*(int *)(void *)((char *)o + knobs[i].off) = (int)v;
		else
			*(double *)(void *)((char *)o + knobs[i].off) = v;
		return 0;
	}
	if (n == 4 && strncmp(setting, "seed", 4) == 0 && eq != NULL) {
		o->seed = (uint64_t)ns_strtonum(eq + 1, 1, LLONG_MAX, &errstr);
		if (errstr == NULL)
			return 0;
	}
	ns_error_set(err, "unknown or bad setting: %s", setting);
	return -1;
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

/* Code points in valid UTF-8 s[0..n). */
static size_t
utf8len(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
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
		if (!ns_script_scored(w.script))
			continue;
		nwords++;
		nk = ns_langfeat_hashes(&w, NS_LANGFEAT_MAXN, keys);
		for (k = 0; k < nk; k++)
			fn(ctx, keys[k]);
	}
	return nwords;
}

/* Call fn for the pair key of every two neighbouring scored words. */
static void
eachpair(const char *s, size_t n, void (*fn)(void *, uint32_t), void *ctx)
{
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	uint32_t prev = 0, key;

	ns_langfeat_begin(&it, s, n);
	while (ns_langfeat_next(&it, &w)) {
		if (!ns_script_scored(w.script))
			continue;
		key = ns_langfeat_word_key(&w);
		if (prev != 0)
			fn(ctx, ns_langfeat_pair_key(prev, key));
		prev = key;
	}
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
		if (ln->held)
			continue;
		eachkey(t->text.p + ln->off, ln->len, NULL, countkey,
		    &b->feat);
		if (b->o->pairwords >= 2)
			eachpair(t->text.p + ln->off, ln->len, countkey,
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
		if (b->o->pairwords >= 2)
			eachpair(t->text.p + ln->off, ln->len, markkey, &mc);
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
	size_t nscript[NS_SCRIPT_COUNT], k, j, nwords;
	uint64_t cand;
	int l;

	memset(nscript, 0, sizeof(nscript));
	b->nfs = 0;
	nwords = eachkey(s, n, nscript, gatherkey, b);
	/* As ns_langid scores: pairs only in texts of a few words. */
	if (nwords >= 2 && nwords <= (size_t)b->o->pairwords)
		eachpair(s, n, gatherkey, b);
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
	uint32_t	b0, b1;		/* bytes of the line */
};

/* One SGD step on an example; returns its log loss (-1: skipped). */
static double
step(struct build *b, const struct example *ex)
{
	const struct tline *ln = &b->t->lines[ex->line];
	const char *s = b->t->text.p + ln->off;
	double sc[NS_LANGID_MAXLANGS], gl[NS_LANGID_MAXLANGS], loss, gmax = 0;
	double cw = b->cw[ex->kind][ln->lang];
	size_t k, j;
	uint64_t cand;
	float rate = (float)b->o->rate, l2 = (float)b->o->l2, gj;
	int l, y = ln->lang;

	cand = forward(b, s + ex->b0, ex->b1 - ex->b0, sc);
	if (!(cand >> y & 1) || b->nfs == 0)
		return -1;
	softmax(b, cand, sc);
	loss = -log(sc[y] > 1e-12 ? sc[y] : 1e-12);
	for (l = 0; l < b->t->nlangs; l++) {
		gl[l] = (sc[l] - (l == y)) * cw;
		/* Tiny gradients only add rounding noise. */
		if (!(cand >> l & 1) || fabs(gl[l]) < 1e-5)
			gl[l] = 0;
		if (fabs(gl[l]) > gmax)
			gmax = fabs(gl[l]);
	}
	if (gmax == 0)
		return loss;
	for (l = 0; l < b->t->nlangs; l++) {
		if (gl[l] == 0)
			continue;
		b->gbias[l] += gl[l] * gl[l];
		b->bias[l] -= b->o->rate * gl[l] / sqrt(b->gbias[l]);
	}
	for (k = 0; k < b->nfs; k++) {
		for (j = b->foff[b->fs[k]]; j < b->foff[b->fs[k] + 1]; j++) {
			gj = (float)gl[b->slang[j]] + l2 * b->w[j];
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

struct exlist {
	struct example	*v;
	size_t		 n, cap;
};

static void
addex(struct exlist *x, size_t line, int kind, size_t b0, size_t b1)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1 << 16;
		x->v = ns_xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n].line = (uint32_t)line;
	x->v[x->n].kind = (uint32_t)kind;
	x->v[x->n].b0 = (uint32_t)b0;
	x->v[x->n].b1 = (uint32_t)b1;
	x->n++;
}

/*
 * The examples: every training line whole, up to o->words of its words
 * of two letters or more (drawn at random when it has more) and up to
 * o->pairs pairs of neighbouring words.
 */
static void
examples(struct build *b, struct exlist *x)
{
	struct ns_langtrain *t = b->t;
	struct wordlist wl = { NULL, 0, 0, 0 };
	size_t i, k, j, nw, cnt[NS_LANGCAL_NKINDS][NS_LANGID_MAXLANGS];
	size_t *idx = NULL, capidx = 0;
	const struct tline *ln;
	const char *s;
	double mean, kw[NS_LANGCAL_NKINDS];
	int kind, l;

	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < t->nlines; i++) {
		ln = &t->lines[i];
		if (ln->held)
			continue;
		s = t->text.p + ln->off;
		addex(x, i, NS_LANGCAL_SENT, 0, ln->len);
		cnt[NS_LANGCAL_SENT][ln->lang]++;
		wordlist_fill(&wl, s, ln->len);
		if (wl.n > capidx) {
			capidx = wl.n;
			idx = ns_xrealloc(idx, capidx * sizeof(*idx));
		}
		/* Words: a random selection of those of 2+ letters. */
		for (nw = 0, k = 0; k < wl.n; k++)
			if (utf8len(s + wl.r[k][0], wl.r[k][1] - wl.r[k][0]) >=
			    2)
				idx[nw++] = k;
		for (k = 0; k < nw && k < (size_t)b->o->words; k++) {
			j = k + rndn(&b->rng, nw - k);
			addex(x, i, NS_LANGCAL_WORD, wl.r[idx[j]][0],
			    wl.r[idx[j]][1]);
			idx[j] = idx[k];
			cnt[NS_LANGCAL_WORD][ln->lang]++;
		}
		for (k = 0; k + 1 < wl.n; k++)
			idx[k] = k;
		for (k = 0; k + 1 < wl.n && k < (size_t)b->o->pairs; k++) {
			j = k + rndn(&b->rng, wl.n - 1 - k);
			addex(x, i, NS_LANGCAL_PAIR, wl.r[idx[j]][0],
			    wl.r[idx[j] + 1][1]);
			idx[j] = idx[k];
			cnt[NS_LANGCAL_PAIR][ln->lang]++;
		}
	}
	free(idx);
	free(wl.r);
	/*
	 * Class balance within a kind, then kinds weighted as asked
	 * relative to sentences, per example of an average language.
	 */
	kw[NS_LANGCAL_SENT] = 1;
	kw[NS_LANGCAL_WORD] = b->o->wword;
	kw[NS_LANGCAL_PAIR] = b->o->wpair;
	for (kind = 0; kind < NS_LANGCAL_NKINDS; kind++) {
		for (mean = 0, l = 0; l < t->nlangs; l++)
			mean += (double)cnt[kind][l] / t->nlangs;
		for (l = 0; l < t->nlangs; l++)
			b->cw[kind][l] = cnt[kind][l] > 0 ? kw[kind] *
			    pow(mean / (double)cnt[kind][l], b->o->balance) *
			    (mean > 0 ? (double)cnt[NS_LANGCAL_SENT][l] /
			    (double)(cnt[kind][l] > 0 ? cnt[kind][l] : 1) : 1) :
			    0;
	}
	logf_(b->o, "%zu examples", x->n);
}

static void
train(struct build *b)
{
	struct exlist x = { NULL, 0, 0 };
	struct example tmp;
	size_t i, j, nused;
	double loss, sum, acc[NS_LANGCAL_NKINDS];
	int e;

	examples(b, &x);
	for (e = 0; e < b->o->epochs; e++) {
		for (i = x.n; i > 1; i--) {
			j = rndn(&b->rng, i);
			tmp = x.v[i - 1];
			x.v[i - 1] = x.v[j];
			x.v[j] = tmp;
		}
		sum = 0;
		nused = 0;
		for (i = 0; i < x.n; i++) {
			if ((loss = step(b, &x.v[i])) < 0)
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
	free(x.v);
}

static int
byabs(const void *a, const void *b)
{
	float x = fabsf(*(const float *)a), y = fabsf(*(const float *)b);

	return (x > y) - (x < y);
}

/* A feature table being laid out: keys with entry runs. */
struct table {
	uint32_t	*key;
	uint32_t	*off;		/* first entry in ent[] */
	uint8_t		*cnt;		/* entries (FULL: languages) */
	uint8_t		*full;		/* a word's sums */
	size_t		 n, cap;
	uint16_t	*ent;
	size_t		 nent, capent;
};

static void
table_free(struct table *tb)
{
	free(tb->key);
	free(tb->off);
	free(tb->cnt);
	free(tb->full);
	free(tb->ent);
	memset(tb, 0, sizeof(*tb));
}

/* Add key with ne entries (FULL: ne languages, then ne sums). */
static void
table_add(struct table *tb, uint32_t key, const uint16_t *ent, size_t ne,
    int full)
{
	size_t need = ne;

	if (tb->n == tb->cap) {
		tb->cap = tb->cap ? tb->cap * 2 : 1 << 16;
		tb->key = ns_xrealloc(tb->key, tb->cap * sizeof(*tb->key));
		tb->off = ns_xrealloc(tb->off, tb->cap * sizeof(*tb->off));
		tb->cnt = ns_xrealloc(tb->cnt, tb->cap);
		tb->full = ns_xrealloc(tb->full, tb->cap);
	}
	while (tb->nent + need > tb->capent) {
		tb->capent = tb->capent ? tb->capent * 2 : 1 << 16;
		tb->ent = ns_xrealloc(tb->ent, tb->capent * sizeof(*tb->ent));
	}
	tb->key[tb->n] = key;
	tb->off[tb->n] = (uint32_t)tb->nent;
	tb->cnt[tb->n] = (uint8_t)ne;
	tb->full[tb->n] = (uint8_t)full;
	memcpy(tb->ent + tb->nent, ent, need * sizeof(*ent));
	tb->nent += need;
	tb->n++;
}

/* Whether table entry i goes into the pool as a dense run. */
static int
isdense(const struct ns_langid_hdr *h, const struct table *tb, size_t i)
{
	return !tb->full[i] && tb->cnt[i] >= NS_LANGID_DENSE_MIN &&
	    h->nlangs <= NS_LANGID_DENSE_LANGS;
}

/*
 * Lay a model file out in out: the header h (sizes filled in here), the
 * languages and the table.  Returns 0, or -1 when too large.
 */
static int
writemodel(struct ns_langid_hdr *h, const struct ns_langid_lang *langs,
    const struct table *tb, struct ns_buf *out, struct ns_error *err)
{
	struct ns_langid_slot *slots;
	uint16_t *pool;
	size_t nslots, npool = 0, i, k, base = out->len, probe, hoff;
	const uint16_t *e;

	for (i = 0; i < tb->n; i++)
		if (isdense(h, tb, i))
			npool += NS_LANGID_DENSE_SIZE;
		else if (tb->full[i] || tb->cnt[i] > 2)
			npool += tb->cnt[i];
	if (npool > NS_LANGID_MAXPOOL) {
		ns_error_set(err, "model too large (%zu pooled weights)", npool);
		return -1;
	}
	/* Load factor 3/4: absent keys still end their probe soon. */
	nslots = tb->n + tb->n / 3 + 1024;
	h->version = NS_LANGID_VERSION;
	h->nslots = (uint32_t)nslots;
	h->npool = (uint32_t)npool;
	h->maxprobe = 0;
	hoff = out->len;
	ns_buf_add(out, h, sizeof(*h));
	ns_buf_add(out, langs, h->nlangs * sizeof(*langs));
	while ((out->len - base) % 8)
		ns_buf_addc(out, '\0');
	slots = ns_xcalloc(nslots, sizeof(*slots));
	pool = ns_xmalloc((npool > 0 ? npool : 1) * sizeof(*pool));
	npool = 0;
	for (i = 0; i < tb->n; i++) {
		k = NS_LANGID_HOME(tb->key[i], nslots);
		for (probe = 0; slots[k].key != 0; probe++)
			if (++k == nslots)
				k = 0;
		if (probe > h->maxprobe)
			h->maxprobe = (uint32_t)probe;
		slots[k].key = tb->key[i];
		e = tb->ent + tb->off[i];
		if (!tb->full[i] && tb->cnt[i] <= 2) {
			slots[k].ref = NS_LANGID_INLINE | e[0];
			if (tb->cnt[i] == 2)
				slots[k].ref |= NS_LANGID_INLINE2 |
				    (uint32_t)e[1] << 16;
			continue;
		}
		if (isdense(h, tb, i)) {
			int8_t v[NS_LANGID_DENSE_LANGS] = { 0 };

			for (probe = 0; probe < tb->cnt[i]; probe++)
				v[NS_LANGID_ENTRY_LANG(e[probe])] =
				    (int8_t)NS_LANGID_ENTRY_Q(e[probe]);
			slots[k].ref = (uint32_t)(npool << 6) |
			    (NS_LANGID_DENSE_CNT - 1);
			memcpy(pool + npool, v, sizeof(v));
			npool += NS_LANGID_DENSE_SIZE;
			continue;
		}
		slots[k].ref = (uint32_t)(npool << 6) |
		    (uint32_t)(tb->cnt[i] - 1) |
		    (tb->full[i] ? NS_LANGID_FULL : 0);
		memcpy(pool + npool, e, tb->cnt[i] * sizeof(*e));
		npool += tb->cnt[i];
	}
	memcpy(out->p + hoff, h, sizeof(*h));	/* maxprobe is known now */
	ns_buf_add(out, slots, nslots * sizeof(*slots));
	ns_buf_add(out, pool, npool * sizeof(*pool));
	while ((out->len - base) % 8)
		ns_buf_addc(out, '\0');
	free(slots);
	free(pool);
	return 0;
}

/* The languages' table for the model file. */
static void
langtable(const struct build *b, struct ns_langid_lang *lt)
{
	int l;

	memset(lt, 0, (size_t)b->t->nlangs * sizeof(*lt));
	for (l = 0; l < b->t->nlangs; l++) {
		memcpy(lt[l].code, b->t->codes[l], NS_LANGID_CODELEN);
		lt[l].scripts = b->scripts[l];
		lt[l].bias = (float)b->bias[l];
	}
}

static void
header(const struct build *b, struct ns_langid_hdr *h, float scale)
{
	size_t i;

	memset(h, 0, sizeof(*h));
	memcpy(h->magic, NS_LANGID_MAGIC, 8);
	h->version = NS_LANGID_VERSION;
	h->nlangs = (uint32_t)b->t->nlangs;
	h->maxn = NS_LANGFEAT_MAXN;
	h->scale = scale;
	h->min_score = 0.5f;
	h->stop_margin = (float)STOP_MARGIN;
	h->stop_words = STOP_WORDS;
	h->pairwords = (uint32_t)b->o->pairwords;
	for (i = 0; i < b->t->nlines; i++)
		h->ntrained += !b->t->lines[i].held;
}

/* Quantise the float weights to 8 bits: the raw model, in out. */
static int
emit(struct build *b, struct ns_buf *out, struct ns_error *err)
{
	struct ns_langid_lang lt[NS_LANGID_MAXLANGS];
	struct ns_langid_hdr h;
	struct table tb;
	uint16_t ent[NS_LANGID_MAXLANGS];
	float *absw, scale, clip;
	size_t f, j, ne;
	long q;
	int rc;

	absw = ns_xmalloc((b->nslot > 0 ? b->nslot : 1) * sizeof(*absw));
	memcpy(absw, b->w, b->nslot * sizeof(*absw));
	qsort(absw, b->nslot, sizeof(*absw), byabs);
	clip = b->nslot > 0 ?
	    fabsf(absw[(size_t)((double)(b->nslot - 1) * CLIP_QUANTILE)]) : 1;
	free(absw);
	if (!(clip > 0))
		clip = 1;
	scale = clip / 127;
	memset(&tb, 0, sizeof(tb));
	for (f = 0; f < b->nfeat; f++) {
		for (ne = 0, j = b->foff[f]; j < b->foff[f + 1]; j++) {
			q = lrintf(b->w[j] / scale);
			if (q == 0)
				continue;
			q = q > 127 ? 127 : q < -127 ? -127 : q;
			ent[ne++] = NS_LANGID_ENTRY(b->slang[j], q);
		}
		if (ne > 0)
			table_add(&tb, b->fkey[f], ent, ne, 0);
	}
	header(b, &h, scale);
	langtable(b, lt);
	rc = writemodel(&h, lt, &tb, out, err);
	logf_(b->o, "raw model: %zu features, weight step %.5f", tb.n,
	    (double)scale);
	table_free(&tb);
	return rc;
}

/* Frequent words of the training lines: count and where one is. */
struct wordinfo {
	uint32_t	key;
	uint32_t	count;
	uint32_t	line;
	uint32_t	b0, b1;
};

static int
bycount(const void *a, const void *b)
{
	const struct wordinfo *x = a, *y = b;

	uint32_t kx = x->key * 0x9E3779B1u, ky = y->key * 0x9E3779B1u;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	/*
	 * Ties in a scrambled key order: the cut must not favour small keys,
	 * whose home slots would crowd the start of the table.
	 */
	return (kx > ky) - (kx < ky);
}

/* The n most frequent words of the training lines, into *out. */
static size_t
topwords(struct build *b, size_t n, struct wordinfo **out)
{
	struct ns_langtrain *t = b->t;
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	struct wordinfo *v = NULL;
	struct kmap map;
	size_t nv = 0, cap = 0, i;
	uint32_t *slot, key;

	kmap_init(&map, 1 << 18);
	for (i = 0; i < t->nlines; i++) {
		if (t->lines[i].held)
			continue;
		ns_langfeat_begin(&it, t->text.p + t->lines[i].off,
		    t->lines[i].len);
		while (ns_langfeat_next(&it, &w)) {
			if (!ns_script_scored(w.script))
				continue;
			key = ns_langfeat_word_key(&w);
			slot = kmap_put(&map, key);
			if (*slot == 0) {
				if (nv == cap) {
					cap = cap ? cap * 2 : 1 << 16;
					v = ns_xrealloc(v, cap * sizeof(*v));
				}
				v[nv].key = key;
				v[nv].count = 0;
				v[nv].line = (uint32_t)i;
				v[nv].b0 = (uint32_t)w.b0;
				v[nv].b1 = (uint32_t)w.b1;
				*slot = (uint32_t)++nv;
			}
			v[*slot - 1].count++;
		}
	}
	kmap_free(&map);
	qsort(v, nv, sizeof(*v), bycount);
	*out = v;
	return nv < n ? nv : n;
}

/*
 * The entries of a slot's ref (inline, a pool run or a dense run; for a
 * word's sums, its languages and steps) into ent[NS_LANGID_MAXLANGS], of a
 * model whose header and pool are h and pool.  Returns their number.
 */
static size_t
slot_entries(const struct ns_langid_hdr *h, const uint16_t *pool,
    uint32_t ref, uint16_t *ent)
{
	const uint16_t *e = pool + NS_LANGID_REF_OFF(ref);
	size_t cnt = NS_LANGID_REF_CNT(ref), n = 0, k;

	if (ref & NS_LANGID_INLINE) {
		ent[n++] = (uint16_t)(ref & 0x3FFF);
		if (ref & NS_LANGID_INLINE2)
			ent[n++] = (uint16_t)((ref >> 16) & 0x3FFF);
		return n;
	}
	if (ns_langid_hdr_dense(h) && NS_LANGID_ISDENSE(ref)) {
		const int8_t *v = (const int8_t *)e;

		for (k = 0; k < h->nlangs; k++)
			if (v[k] != 0)
				ent[n++] = NS_LANGID_ENTRY(k, v[k]);
		return n;
	}
	if (cnt > NS_LANGID_MAXLANGS)
		cnt = NS_LANGID_MAXLANGS;
	memcpy(ent, e, cnt * sizeof(*e));
	return cnt;
}

/*
 * From a raw model: drop weights below o->minq steps, then give the
 * o->fullwords most frequent training words their sums.  The final model
 * goes to out.
 */
static int
finalize(struct build *b, const void *raw, struct ns_buf *out,
    struct ns_error *err)
{
	const struct ns_langid_hdr *rh = raw;
	struct ns_langid_lang lt[NS_LANGID_MAXLANGS];
	const struct ns_langid_slot *rs;
	const uint16_t *rpool;
	struct ns_langid_hdr h;
	struct ns_buf tmp = NS_BUF_INIT;
	struct table tb, fin;
	struct wordinfo *words = NULL;
	struct ns_langid *m = NULL;
	struct kmap isword, tbidx;
	uint16_t ent[2 * NS_LANGID_MAXLANGS], all[NS_LANGID_MAXLANGS];
	int32_t acc[NS_LANGID_MAXLANGS], top, floor_, fullq;
	int wscript;
	size_t nscript[NS_SCRIPT_COUNT], i, k, cnt, ne, nw, nfull = 0;
	int l, rc = -1;

	memset(&tb, 0, sizeof(tb));
	memset(&fin, 0, sizeof(fin));
	memcpy(lt, (const char *)raw + NS_LANGID_OFF_LANGS,
	    rh->nlangs * sizeof(*lt));
	rs = (const void *)((const char *)raw + NS_LANGID_OFF_SLOTS(rh));
	rpool = (const void *)((const char *)raw + NS_LANGID_OFF_POOL(rh));
	for (i = 0; i < rh->nslots; i++) {
		if (rs[i].key == 0 || NS_LANGID_ISFULL(rs[i].ref))
			continue;
		cnt = slot_entries(rh, rpool, rs[i].ref, all);
		for (ne = 0, k = 0; k < cnt; k++)
			if (abs(NS_LANGID_ENTRY_Q(all[k])) >= b->o->minq)
				ent[ne++] = all[k];
		if (ne > 0)
			table_add(&tb, rs[i].key, ent, ne, 0);
	}
	h = *rh;
	if (writemodel(&h, lt, &tb, &tmp, err) == -1 ||
	    (m = ns_langid_open_mem(tmp.p, tmp.len, err)) == NULL)
		goto out;
	nw = topwords(b, (size_t)b->o->fullwords, &words);
	/* Word sums span fullspan logits in 255 steps. */
	fullq = (int32_t)ceil(b->o->fullspan / h.scale / 255);
	if (fullq < 1)
		fullq = 1;
	kmap_init(&isword, 1 << 18);
	for (i = 0; i < nw; i++)
		*kmap_put(&isword, words[i].key) = (uint32_t)i + 1;
	kmap_init(&tbidx, 1 << 18);
	for (i = 0; i < tb.n; i++) {
		if (kmap_get(&isword, tb.key[i]) != 0) {
			*kmap_put(&tbidx, tb.key[i]) = (uint32_t)i + 1;
			continue;	/* replaced by the word's sums */
		}
		table_add(&fin, tb.key[i], tb.ent + tb.off[i], tb.cnt[i], 0);
	}
	for (i = 0; i < nw; i++) {
		const struct tline *ln = &b->t->lines[words[i].line];

		memset(acc, 0, sizeof(acc));
		memset(nscript, 0, sizeof(nscript));
		ns_langid_raw(m, b->t->text.p + ln->off + words[i].b0,
		    words[i].b1 - words[i].b0, acc, nscript);
		/*
		 * Only languages within fullspan logits of the word's best
		 * keep their sum, less the floor; the floor itself (a shift
		 * of every language alike) changes no probability.
		 */
		wscript = NS_SCRIPT_LATIN;
		for (k = NS_SCRIPT_LATIN; k < NS_SCRIPT_COUNT; k++)
			if (nscript[k] > nscript[wscript])
				wscript = (int)k;
		for (top = INT32_MIN, l = 0; l < b->t->nlangs; l++)
			if ((b->scripts[l] & NS_SCRIPT_BIT(wscript)) &&
			    acc[l] > top)
				top = acc[l];
		if (top == INT32_MIN) {
			/* No language of its script: keep its own weights. */
			if ((k = kmap_get(&tbidx, words[i].key)) != 0)
				table_add(&fin, words[i].key,
				    tb.ent + tb.off[k - 1], tb.cnt[k - 1], 0);
			continue;
		}
		floor_ = top - (int32_t)(b->o->fullspan / h.scale);
		for (ne = 0, l = 0; l < b->t->nlangs; l++)
			if ((b->scripts[l] & NS_SCRIPT_BIT(wscript)) &&
			    acc[l] > floor_)
				ent[ne++] = (uint16_t)l;
		for (k = 0; k < ne; k++) {
			int32_t v = (acc[ent[k]] - floor_ + fullq / 2) / fullq;

			ent[k] = NS_LANGID_ENTRY(ent[k], v > 255 ? 255 : v);
		}
		if (ne > 0) {
			table_add(&fin, words[i].key, ent, ne, 1);
			nfull++;
		}
	}
	kmap_free(&isword);
	kmap_free(&tbidx);
	h = *rh;
	h.fullq = (uint32_t)fullq;
	if (writemodel(&h, lt, &fin, out, err) == -1)
		goto out;
	logf_(b->o, "model: %zu features (weights of %d steps or more), "
	    "%zu words with sums; %u slots, %u pooled, %zu bytes", fin.n,
	    b->o->minq, nfull, h.nslots, h.npool, out->len);
	rc = 0;
out:
	ns_langid_free(m);
	ns_buf_free(&tmp);
	table_free(&tb);
	table_free(&fin);
	free(words);
	return rc;
}

/*
 * The word lexicon (langid_format.h): each training word's count in each
 * language's text (held-out lines excepted), as naive Bayes evidence for
 * texts of a few words.
 */
struct lexword {
	uint32_t	key;		/* word key */
	uint8_t		lang;
	uint32_t	count;
};

struct lexicon {
	struct lexword	*v;		/* by key, then language */
	size_t		 n;
	size_t		 nwords;	/* distinct word keys */
	double		 ntok[NS_LANGID_MAXLANGS];
};

static int
bykeylang(const void *a, const void *b)
{
	const struct lexword *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->lang > y->lang) - (x->lang < y->lang);
}

/* Count the training lines' words per language into *lx. */
static void
lexcount(struct build *b, struct lexicon *lx)
{
	struct ns_langtrain *t = b->t;
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	uint64_t *key, k;
	uint32_t *cnt;
	size_t cap = 1 << 20, used = 0, i, j;

	memset(lx, 0, sizeof(*lx));
	key = ns_xcalloc(cap, sizeof(*key));
	cnt = ns_xcalloc(cap, sizeof(*cnt));
	for (i = 0; i < t->nlines; i++) {
		if (t->lines[i].held)
			continue;
		ns_langfeat_begin(&it, t->text.p + t->lines[i].off,
		    t->lines[i].len);
		while (ns_langfeat_next(&it, &w)) {
			if (!ns_script_scored(w.script))
				continue;
			/* Word keys are never 0, so neither is k. */
			k = (uint64_t)ns_langfeat_word_key(&w) << 8 |
			    t->lines[i].lang;
			lx->ntok[t->lines[i].lang]++;
			if ((used + 1) * 2 > cap) {
				uint64_t *okey = key;
				uint32_t *ocnt = cnt;
				size_t ocap = cap;

				cap *= 2;
				key = ns_xcalloc(cap, sizeof(*key));
				cnt = ns_xcalloc(cap, sizeof(*cnt));
				for (j = 0; j < ocap; j++) {
					size_t h;

					if (okey[j] == 0)
						continue;
					h = (size_t)(okey[j] *
					    0x9E3779B97F4A7C15ULL >> 20) &
					    (cap - 1);
					while (key[h] != 0)
						h = (h + 1) & (cap - 1);
					key[h] = okey[j];
					cnt[h] = ocnt[j];
				}
				free(okey);
				free(ocnt);
			}
			j = (size_t)(k * 0x9E3779B97F4A7C15ULL >> 20) &
			    (cap - 1);
			while (key[j] != 0 && key[j] != k)
				j = (j + 1) & (cap - 1);
			if (key[j] == 0) {
				key[j] = k;
				used++;
			}
			cnt[j]++;
		}
	}
	lx->v = ns_xmalloc((used > 0 ? used : 1) * sizeof(*lx->v));
	for (j = 0; j < cap; j++)
		if (key[j] != 0) {
			lx->v[lx->n].key = (uint32_t)(key[j] >> 8);
			lx->v[lx->n].lang = (uint8_t)(key[j] & 0xFF);
			lx->v[lx->n].count = cnt[j];
			lx->n++;
		}
	free(key);
	free(cnt);
	qsort(lx->v, lx->n, sizeof(*lx->v), bykeylang);
	for (i = 0; i < lx->n; i++)
		lx->nwords += i == 0 || lx->v[i].key != lx->v[i - 1].key;
}

/*
 * Add the lexicon weighted by lambda to tb, whose model has header h:
 * the floor under ns_langfeat_lex_key(0), then each word's steps above
 * it.  A lexicon key that is some feature's key already (a hash
 * collision: have, the keys in tb) is left out.  Returns the words added.
 */
static size_t
lexadd(const struct build *b, const struct lexicon *lx, double lambda,
    const struct ns_langid_hdr *h, const struct kmap *have,
    struct table *tb)
{
	double step = h->fullq * (double)h->scale, alpha = b->o->lexalpha;
	double fl[NS_LANGID_MAXLANGS], fmin = HUGE_VAL;
	uint16_t ent[NS_LANGID_MAXLANGS];
	struct kmap added;
	size_t i, j, ne, nadd = 0;
	uint32_t key;
	long v;
	int l;

	for (l = 0; l < b->t->nlangs; l++) {
		fl[l] = log(alpha / (lx->ntok[l] + alpha * lx->nwords));
		if (fl[l] < fmin)
			fmin = fl[l];
	}
	for (l = 0; l < b->t->nlangs; l++) {
		v = lrint(lambda * (fl[l] - fmin) / step);
		ent[l] = NS_LANGID_ENTRY(l, v > 255 ? 255 : v);
	}
	table_add(tb, ns_langfeat_lex_key(0), ent, (size_t)b->t->nlangs, 1);
	kmap_init(&added, 1 << 20);
	for (i = 0; i < lx->n; i = j) {
		uint32_t total = 0;

		for (j = i; j < lx->n && lx->v[j].key == lx->v[i].key; j++)
			total += lx->v[j].count;
		if (total < (uint32_t)b->o->lexmin)
			continue;
		key = ns_langfeat_lex_key(lx->v[i].key);
		if (kmap_get(have, key) != 0 || kmap_get(&added, key) != 0)
			continue;
		for (ne = 0; i < j; i++) {
			v = lrint(lambda * log((lx->v[i].count + alpha) /
			    alpha) / step);
			if (v > 0)
				ent[ne++] = NS_LANGID_ENTRY(lx->v[i].lang,
				    v > 255 ? 255 : v);
		}
		if (ne == 0)
			continue;
		*kmap_put(&added, key) = 1;
		table_add(tb, key, ent, ne, 1);
		nadd++;
	}
	kmap_free(&added);
	return nadd;
}

/* The slots of model[0..len) into *tb (as ns_langtrain_repack). */
static void
model_table(const void *model, struct table *tb)
{
	const struct ns_langid_hdr *mh = model;
	const struct ns_langid_slot *ms = (const void *)((const char *)model +
	    NS_LANGID_OFF_SLOTS(mh));
	const uint16_t *pool = (const void *)((const char *)model +
	    NS_LANGID_OFF_POOL(mh));
	uint16_t ent[NS_LANGID_MAXLANGS];
	size_t i, n;

	memset(tb, 0, sizeof(*tb));
	for (i = 0; i < mh->nslots; i++) {
		if (ms[i].key == 0)
			continue;
		n = slot_entries(mh, pool, ms[i].ref, ent);
		if (n > 0)
			table_add(tb, ms[i].key, ent, n,
			    NS_LANGID_ISFULL(ms[i].ref));
	}
}

/*
 * Macro-averaged accuracy (the mean of the languages' accuracies) of model
 * m on the held-out lines' single words and word pairs; per kind in
 * acc[2].
 */
static double
shortacc(const struct build *b, const struct ns_langid *m, double acc[2])
{
	struct wordlist wl = { NULL, 0, 0, 0 };
	const struct ns_langid_hdr *h = (const void *)ns_langid_bytes(m);
	const struct ns_langid_lang *lt = (const void *)((const char *)h +
	    NS_LANGID_OFF_LANGS);
	long n[2][NS_LANGID_MAXLANGS], right[2][NS_LANGID_MAXLANGS];
	int32_t a[NS_LANGID_MAXLANGS];
	size_t nscript[NS_SCRIPT_COUNT], i, b0, b1;
	uint64_t rng = 0x1E71C0, cand;
	const struct tline *ln;
	double best, s, mean = 0;
	int kind, l, top, nl;

	memset(n, 0, sizeof(n));
	memset(right, 0, sizeof(right));
	for (i = 0; i < b->t->nlines; i++) {
		ln = &b->t->lines[i];
		if (!ln->held)
			continue;
		for (kind = NS_LANGCAL_WORD; kind <= NS_LANGCAL_PAIR; kind++) {
			if (!choose(&wl, b->t->text.p + ln->off, ln->len, kind,
			    &rng, &b0, &b1))
				continue;
			memset(a, 0, sizeof(a));
			memset(nscript, 0, sizeof(nscript));
			ns_langid_raw(m, b->t->text.p + ln->off + b0, b1 - b0,
			    a, nscript);
			cand = ns_langid_candidates(m, nscript, 0);
			n[kind][ln->lang]++;
			for (top = -1, best = -HUGE_VAL, l = 0;
			    l < b->t->nlangs; l++)
				if ((cand >> l & 1) && (s = lt[l].bias +
				    h->scale * a[l]) > best) {
					best = s;
					top = l;
				}
			right[kind][ln->lang] += top == ln->lang;
		}
	}
	free(wl.r);
	for (kind = 0; kind < 2; kind++) {
		acc[kind] = 0;
		for (nl = 0, l = 0; l < b->t->nlangs; l++)
			if (n[kind][l] > 0) {
				acc[kind] += (double)right[kind][l] /
				    n[kind][l];
				nl++;
			}
		acc[kind] /= nl > 0 ? nl : 1;
		mean += acc[kind] / 2;
	}
	return mean;
}

/*
 * Replace the model at out->p + base (no lexicon) by the model with the
 * lexicon of the training lines, weighted by o->lexweight.  Logs the
 * held-out accuracy on single words and pairs without and with it.
 */
static int
lexicon(struct build *b, struct ns_buf *out, size_t base,
    struct ns_error *err)
{
	struct ns_langid_hdr h = *(const struct ns_langid_hdr *)(const void *)
	    (out->p + base);
	struct ns_langid_lang lt[NS_LANGID_MAXLANGS];
	struct lexicon lx;
	struct table tb;
	struct ns_langid *m;
	struct kmap have;
	double acc0[2], acc[2];
	size_t i, nadd;
	int rc = -1;

	memset(&lx, 0, sizeof(lx));
	/* A model without word sums has no step for them yet: give it one. */
	if (h.fullq == 0)
		h.fullq = (uint32_t)ceil(b->o->fullspan / h.scale / 255);
	if (h.fullq == 0)
		h.fullq = 1;
	memcpy(lt, out->p + base + NS_LANGID_OFF_LANGS,
	    h.nlangs * sizeof(*lt));
	model_table(out->p + base, &tb);
	kmap_init(&have, 1 << 22);
	for (i = 0; i < tb.n; i++)
		*kmap_put(&have, tb.key[i]) = 1;
	if (kmap_get(&have, ns_langfeat_lex_key(0)) != 0) {
		ns_error_set(err, "the model has a lexicon already");
		goto out;
	}
	if ((m = ns_langid_open_mem(out->p + base, out->len - base, err)) ==
	    NULL)
		goto out;
	shortacc(b, m, acc0);
	ns_langid_free(m);
	lexcount(b, &lx);
	nadd = lexadd(b, &lx, b->o->lexweight, &h, &have, &tb);
	out->len = base;
	if (writemodel(&h, lt, &tb, out, err) == -1)
		goto out;
	if ((m = ns_langid_open_mem(out->p + base, out->len - base, err)) ==
	    NULL)
		goto out;
	shortacc(b, m, acc);
	ns_langid_free(m);
	logf_(b->o, "lexicon: %zu words of %zu, weight %.2f, alpha %.2f; "
	    "held-out words %.4f (without: %.4f), pairs %.4f (%.4f), means "
	    "of the languages; %u slots, %u pooled, %zu bytes", nadd,
	    lx.nwords, b->o->lexweight, b->o->lexalpha, acc[0], acc0[0],
	    acc[1], acc0[1], h.nslots, h.npool, out->len - base);
	rc = 0;
out:
	free(lx.v);
	kmap_free(&have);
	table_free(&tb);
	return rc;
}

/* Calibrate the model on the held-out lines; patch its header. */
static int
calibrate(struct build *b, struct ns_buf *out, size_t base,
    struct ns_langcal_report *rep, int quiet, struct ns_error *err)
{
	struct ns_langcal_set set = NS_LANGCAL_SET_INIT;
	struct ns_langid_hdr *h = (void *)(out->p + base);
	const struct ns_langid_lang *lt = (const void *)(h + 1);
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
				sc[n++] = lt[l].bias + h->scale * acc[l];
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
	if (!quiet)
		logf_(b->o, "calibration: log T = %.4f + %.4f ln(words); "
		    "held-out units %ld, accuracy %.4f, ECE %.4f; "
		    "minimum score %.2f", rep->a, rep->b, rep->all.n,
		    rep->all.acc, rep->all.ece, rep->min_score);
	return 0;
}

/*
 * The lexicon's temperature (langid_format.h: lextemp): of a few, the one
 * whose calibration fits the held-out units best (the lowest negative
 * log-likelihood), so that sharper evidence on short texts does not
 * bend the temperatures of longer ones.  Patches the model's header.
 */
static int
lextemp(struct build *b, struct ns_buf *out, size_t base,
    struct ns_error *err)
{
	static const uint32_t temps[] = { 1000, 1250, 1500, 1750, 2000, 2500,
	    3000 };
	struct ns_langid_hdr *h = (void *)(out->p + base);
	struct ns_langcal_report rep;
	double best = HUGE_VAL;
	uint32_t bestt = 0;
	size_t k;

	if (b->o->lextemp > 0) {
		h->lextemp = (uint32_t)lrint(b->o->lextemp * 1000);
		return 0;
	}
	for (k = 0; k < sizeof(temps) / sizeof(temps[0]); k++) {
		h->lextemp = temps[k];
		if (calibrate(b, out, base, &rep, 1, err) == -1)
			return -1;
		logf_(b->o, "lexicon temperature %.2f: held-out NLL %.4f "
		    "(words %.4f, pairs %.4f, sentences %.4f)",
		    temps[k] / 1000.0, rep.all.nll,
		    rep.kind[NS_LANGCAL_WORD].nll,
		    rep.kind[NS_LANGCAL_PAIR].nll,
		    rep.kind[NS_LANGCAL_SENT].nll);
		if (rep.all.nll < best) {
			best = rep.all.nll;
			bestt = temps[k];
		}
	}
	h->lextemp = bestt;
	return 0;
}

/* Mark the held-out lines and find the languages' scripts. */
static void
prepare(struct build *b, struct ns_langtrain *t,
    const struct ns_langtrain_opts *o)
{
	size_t i, nheld = 0;

	memset(b, 0, sizeof(*b));
	b->o = o;
	b->t = t;
	b->rng = o->seed ? o->seed : 1;
	for (i = 0; i < t->nlines; i++) {
		t->lines[i].held = o->holdout > 0 &&
		    t->lines[i].lineno % (uint32_t)o->holdout == 0;
		nheld += t->lines[i].held;
	}
	logf_(o, "%d languages, %zu lines (%zu held out)", t->nlangs,
	    t->nlines, nheld);
	langscripts(b);
}

static void
cleanup(struct build *b)
{
	kmap_free(&b->feat);
	free(b->fkey);
	free(b->foff);
	free(b->slang);
	free(b->w);
	free(b->g);
	free(b->fs);
}

/*
 * What follows the n-gram model in out[base..]: the word lexicon and its
 * temperature when lex, then the calibration (its report in *cal when
 * cal is not NULL).  0, or -1 with err filled.
 */
static int
finish(struct build *b, struct ns_buf *out, size_t base, int lex,
    struct ns_langcal_report *cal, struct ns_error *err)
{
	struct ns_langcal_report rep;

	if (lex && (lexicon(b, out, base, err) == -1 ||
	    lextemp(b, out, base, err) == -1))
		return -1;
	return calibrate(b, out, base, cal != NULL ? cal : &rep, 0, err);
}

int
ns_langtrain_build(struct ns_langtrain *t, const struct ns_langtrain_opts *o,
    struct ns_buf *out, struct ns_buf *raw, struct ns_langcal_report *cal,
    struct ns_error *err)
{
	struct ns_buf own = NS_BUF_INIT;
	struct build b;
	size_t base = out->len;
	int rc = -1;

	if (t->nlangs < 2) {
		ns_error_set(err, "need text in two languages at least");
		return -1;
	}
	prepare(&b, t, o);
	features(&b);
	train(&b);
	if (raw == NULL)
		raw = &own;
	ns_buf_reset(raw);
	if (emit(&b, raw, err) == -1 ||
	    finalize(&b, raw->p, out, err) == -1 ||
	    finish(&b, out, base, o->lexweight > 0, cal, err) == -1)
		goto done;
	rc = 0;
done:
	ns_buf_free(&own);
	cleanup(&b);
	return rc;
}

/* Are m's languages the training text's, in the same order?  0, or -1. */
static int
same_langs(const struct ns_langid *m, const struct ns_langtrain *t,
    struct ns_error *err)
{
	int l;

	if (ns_langid_nlangs(m) != t->nlangs) {
		ns_error_set(err, "the model has %d languages, the text %d",
		    ns_langid_nlangs(m), t->nlangs);
		return -1;
	}
	for (l = 0; l < t->nlangs; l++)
		if (strcmp(ns_langid_code(m, l), t->codes[l]) != 0) {
			ns_error_set(err, "the model's language %d is %s, "
			    "not %s", l, ns_langid_code(m, l), t->codes[l]);
			return -1;
		}
	return 0;
}

int
ns_langtrain_refit(struct ns_langtrain *t, const struct ns_langtrain_opts *o,
    const void *raw, size_t rawlen, struct ns_buf *out,
    struct ns_langcal_report *cal, struct ns_error *err)
{
	const struct ns_langid_hdr *rh = raw;
	const struct ns_langid_slot *rs = (const void *)((const char *)raw +
	    NS_LANGID_OFF_SLOTS(rh));
	struct ns_langid *m;
	struct build b;
	size_t base = out->len, i;
	int rc = -1;

	if ((m = ns_langid_open_mem(raw, rawlen, err)) == NULL)
		return -1;
	prepare(&b, t, o);
	/* The raw model's languages must be the training set's. */
	if (same_langs(m, t, err) == -1)
		goto done;
	for (i = 0; i < rh->nslots; i++)
		if (rs[i].key != 0 && NS_LANGID_ISFULL(rs[i].ref)) {
			ns_error_set(err, "not a raw model (it has word sums)");
			goto done;
		}
	if (finalize(&b, raw, out, err) == -1 ||
	    finish(&b, out, base, o->lexweight > 0, cal, err) == -1)
		goto done;
	rc = 0;
done:
	ns_langid_free(m);
	cleanup(&b);
	return rc;
}

int
ns_langtrain_relex(struct ns_langtrain *t, const struct ns_langtrain_opts *o,
    const void *model, size_t len, struct ns_buf *out,
    struct ns_langcal_report *cal, struct ns_error *err)
{
	struct ns_langid *m;
	struct build b;
	size_t base = out->len;
	int rc = -1;

	if ((m = ns_langid_open_mem(model, len, err)) == NULL)
		return -1;
	prepare(&b, t, o);
	if (same_langs(m, t, err) == -1)
		goto done;
	ns_buf_add(out, model, len);
	if (finish(&b, out, base, 1, cal, err) == -1) {
		out->len = base;
		goto done;
	}
	rc = 0;
done:
	ns_langid_free(m);
	cleanup(&b);
	return rc;
}

int
ns_langtrain_repack(const void *model, size_t len, struct ns_buf *out,
    struct ns_error *err)
{
	const struct ns_langid_hdr *mh = model;
	const struct ns_langid_lang *lt;
	const struct ns_langid_slot *ms;
	const uint16_t *pool;
	struct ns_langid_hdr h;
	struct ns_langid *m;
	struct table tb;
	uint16_t ent[NS_LANGID_MAXLANGS];
	size_t i, n;
	int rc;

	if ((m = ns_langid_open_mem(model, len, err)) == NULL)
		return -1;
	ns_langid_free(m);
	lt = (const void *)((const char *)model + NS_LANGID_OFF_LANGS);
	ms = (const void *)((const char *)model + NS_LANGID_OFF_SLOTS(mh));
	pool = (const void *)((const char *)model + NS_LANGID_OFF_POOL(mh));
	memset(&tb, 0, sizeof(tb));
	for (i = 0; i < mh->nslots; i++) {
		if (ms[i].key == 0)
			continue;
		n = slot_entries(mh, pool, ms[i].ref, ent);
		if (n > 0)
			table_add(&tb, ms[i].key, ent, n, NS_LANGID_ISFULL(ms[i].ref));
	}
	h = *mh;
	rc = writemodel(&h, lt, &tb, out, err);
	table_free(&tb);
	return rc;
}
