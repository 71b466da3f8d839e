/* nerfeat.c: the entity tagger's features, shared by tagging and training. */
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "brown.h"
#include "nerfeat.h"
#include "utf8.h"

static uint64_t
hs(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

/* Feature templates: each feature is the hash of a template and a value. */
enum {
	T_BIAS = 1, T_W, T_WM1, T_WP1, T_WM2, T_WP2, T_BIM, T_BIP,
	T_PRE, T_SUF, T_SHAPE, T_SHAPEM1, T_SHAPEP1, T_SHAPE3, T_CAPS,
	T_CAPS3, T_CAPSW, T_LEN, T_CL, T_CLM1, T_CLP1, T_GZ, T_GZT, T_GZCAPS,
	T_GZM1, T_GZP1, T_QUOTE, T_HYPH, T_HYPHPOS, T_INIT, T_DOC, T_SCRIPT,
	T_SUFM1, T_SUFP1, T_HIST, T_HISTC, T_HISTP, T_KIND, T_PUNCTM1,
	T_SUFCAPS, T_CLCAPS, T_WCAPSM1, T_CASEPROF,
	T_LAST
};

/* Stand-ins for the words before the start and after the end. */
#define H_BOS	0x626F73ULL
#define H_EOS	0x656F73ULL
#define CAPS_BOS	6
#define CAPS_EOS	7

int
ns_ner_allowed(int a, int b)
{
	int pa = a == NS_NER_NLABELS ? 0 : NS_NER_POS(a);
	int pb = NS_NER_POS(b);

	/* After O, L, U or the start: O, B or U; after B or I: I or L. */
	if (pa == 0 || pa == NS_NER_L || pa == NS_NER_U)
		return pb == 0 || pb == NS_NER_B || pb == NS_NER_U;
	return (pb == NS_NER_I || pb == NS_NER_L) &&
	    NS_NER_TYPE(a) == NS_NER_TYPE(b);
}

int
ns_ner_final(int a)
{
	int p = NS_NER_POS(a);

	return p == 0 || p == NS_NER_L || p == NS_NER_U;
}

int
ns_nerres_lang(const struct ns_nerres *res, const char *lang)
{
	int i;

	if (lang == NULL || *lang == '\0')
		return -1;
	for (i = 0; i < res->nlangs; i++)
		if (strcmp(res->langs[i], lang) == 0)
			return i;
	return -1;
}

uint64_t
ns_nerfeat_clkey(int lang, uint64_t hlow)
{
	return ns_mix64_with(hlow, 0x636C7573ULL + (uint64_t)lang);
}

void
ns_nerfeat_lower(struct ns_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	char *w;
	int32_t c;

	/*
	 * Room for all of it at once: ASCII stays one byte, and no code
	 * point's encoding (two bytes or more) more than doubles.
	 */
	ns_buf_reserve(out, 2 * n);
	w = out->p + out->len;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i++];
			if (c >= 'A' && c <= 'Z')
				c += 32;
			else if (c >= '0' && c <= '9')
				c = '0';
			*w++ = (char)c;
			continue;
		}
		c = ns_tok_lower(ns_utf8_next(s, n, &i));
		/* Apostrophes: Ukrainian writes ʼ ' and ’ for one sign. */
		if (c == 0x2019 || c == 0x02BC)
			c = '\'';
		w += ns_utf8_encode(c, w);
	}
	out->len = (size_t)(w - out->p);
	out->p[out->len] = '\0';
}

static int
scriptof(int32_t c)
{
	if (c < 0x250)
		return NS_NERSCRIPT_LATIN;
	if (c >= 0x400 && c < 0x530)
		return NS_NERSCRIPT_CYRILLIC;
	return NS_NERSCRIPT_OTHER;
}

/* Shape, case class, script and length of one token. */
static void
shape(const char *s, const struct ns_token *k, struct ns_tinfo *ti)
{
	char sh[32];
	size_t i = k->b0, n = 0;
	int nup = 0, nlow = 0, nlet = 0, firstup = 0, len = 0;
	char last = 0, x;
	int32_t c;

	ti->script = NS_NERSCRIPT_NONE;
	while (i < k->b1) {
		c = ns_utf8_next(s, k->b1, &i);
		len++;
		if (ns_tok_isupper(c)) {
			x = 'X';
			nup++;
			if (nlet == 0)
				firstup = 1;
		} else if (ns_tok_islower(c)) {
			x = 'x';
			nlow++;
		} else if (c >= '0' && c <= '9')
			x = 'd';
		else if (ns_tok_isletter(c))
			x = 'x';
		else
			x = c < 0x80 ? (char)c : c == 0x2019 || c == 0x02BC ?
			    '\'' : ns_tok_isquote(c) ? '"' : '*';
		if (ns_tok_isletter(c)) {
			if (nlet == 0)
				ti->script = (uint8_t)scriptof(c);
			nlet++;
		}
		if (x != last && n < sizeof(sh))
			sh[n++] = x;
		last = x;
	}
	ti->hshape = hs(sh, n, 0x7368);
	ti->len = (uint8_t)(len > 255 ? 255 : len);
	if (nlet == 0)
		ti->caps = NS_CAPS_NONE;
	else if (nup == 0)
		ti->caps = NS_CAPS_LOWER;
	else if (nup == 1 && nlet == 1)
		ti->caps = NS_CAPS_ONE;
	else if (nlow == 0)
		ti->caps = NS_CAPS_ALL;
	else if (firstup && nup == 1)
		ti->caps = NS_CAPS_INIT;
	else
		ti->caps = NS_CAPS_MIXED;
}

/* Greedy longest matches of a gazetteer, left to right. */
static void
gazetteer(const struct ns_fptab *gaz, struct ns_nertext *t, int kind)
{
	size_t i, j, k, best, n = t->toks.n;
	uint32_t v, bestv;
	uint64_t h;

	for (i = 0; i < n; i++) {
		t->ti[i].gazpos[kind] = 0;
		t->ti[i].gazval[kind] = 0;
	}
	if (gaz->slots == NULL)
		return;
	for (i = 0; i < n;) {
		best = 0;
		bestv = 0;
		h = ns_nerfeat_seq0(kind);
		for (j = i; j < n && j - i < NS_NER_GAZMAX; j++) {
			h = ns_nerfeat_seq(h,
			    ns_nerfeat_gazword(&t->ti[j], kind));
			v = ns_fptab_get(gaz, h, 0);
			if (v == 0)
				break;
			if (NS_GAZ_TYPES(v) != 0) {
				best = j + 1 - i;
				bestv = v;
			}
			if (!(v & NS_GAZ_PREFIX))
				break;
		}
		if (best == 0) {
			i++;
			continue;
		}
		for (k = i; k < i + best; k++) {
			t->ti[k].gazval[kind] = bestv;
			t->ti[k].gazpos[kind] = best == 1 ? NS_NER_U :
			    k == i ? NS_NER_B : k + 1 == i + best ?
			    NS_NER_L : NS_NER_I;
		}
		i += best;
	}
}

static int
iscased(int caps)
{
	return caps == NS_CAPS_INIT || caps == NS_CAPS_ALL ||
	    caps == NS_CAPS_ONE || caps == NS_CAPS_MIXED;
}

/* Document flags: is the form capitalised mid-sentence, lower somewhere. */
static void
docflags(struct ns_nertext *t)
{
	size_t i, j, mask, need = 64;

	while (need < 2 * t->toks.n)
		need *= 2;
	if (t->dcap < need) {
		free(t->dkey);
		free(t->dval);
		t->dcap = need;
		t->dkey = ns_xmalloc(need * sizeof(*t->dkey));
		t->dval = ns_xmalloc(need);
	}
	mask = need - 1;
	memset(t->dval, 0xFF, need);
	/* Pass 1: the flags of each form; pass 2: read them back. */
	for (i = 0; i < t->toks.n; i++) {
		struct ns_tinfo *ti = &t->ti[i];

		if (t->toks.v[i].kind != NS_TOK_WORD)
			continue;
		for (j = ti->hlow & mask; t->dval[j] != 0xFF &&
		    t->dkey[j] != ti->hlow; j = (j + 1) & mask)
			;
		if (t->dval[j] == 0xFF) {
			t->dkey[j] = ti->hlow;
			t->dval[j] = 0;
		}
		if (iscased(ti->caps) && !ti->sentinit)
			t->dval[j] |= NS_DOC_CAPMID;
		else if (ti->caps == NS_CAPS_LOWER)
			t->dval[j] |= NS_DOC_LOWER;
	}
	for (i = 0; i < t->toks.n; i++) {
		struct ns_tinfo *ti = &t->ti[i];

		if (t->toks.v[i].kind != NS_TOK_WORD)
			continue;
		for (j = ti->hlow & mask; t->dkey[j] != ti->hlow;
		    j = (j + 1) & mask)
			;
		ti->docflags = t->dval[j];
	}
}

void
ns_nerfeat_prepare(const struct ns_nerres *res, const struct ns_fptab *gaz,
    struct ns_nertext *t, int lang)
{
	size_t i, nscript[4] = { 0 };
	int pending = 1;

	if (t->cap < t->toks.n) {
		t->cap = t->toks.n;
		free(t->ti);
		t->ti = ns_xmalloc(t->cap * sizeof(*t->ti));
	}
	t->lang = lang;
	t->hlang = lang >= 0 ? hs(res->langs[lang],
	    strlen(res->langs[lang]), 0x6C616E67) : 0;
	ns_buf_reset(&t->low);
	for (i = 0; i < t->toks.n; i++) {
		const struct ns_token *k = &t->toks.v[i];
		struct ns_tinfo *ti = &t->ti[i];
		size_t p, cp;

		memset(ti, 0, sizeof(*ti));
		ti->low0 = (uint32_t)t->low.len;
		ns_nerfeat_lower(&t->low, t->s + k->b0, k->b1 - k->b0);
		ti->lowlen = (uint32_t)(t->low.len - ti->low0);
		ti->hlow = hs(t->low.p + ti->low0, ti->lowlen, 0);
		/* The first five letters, a stand-in for the stem. */
		for (p = ti->low0, cp = 0; p < t->low.len && cp < 5; cp++)
			(void)ns_utf8_next(t->low.p, t->low.len, &p);
		ti->hpre5 = hs(t->low.p + ti->low0, p - ti->low0, 5);
		shape(t->s, k, ti);
		if (k->flags & NS_TOK_SENT)
			pending = 1;
		if (pending && (k->kind == NS_TOK_WORD ||
		    k->kind == NS_TOK_NUMBER)) {
			ti->sentinit = 1;
			pending = 0;
		}
		if (k->kind == NS_TOK_WORD)
			nscript[ti->script]++;
		/*
		 * The tables' slots for this token, read below and in
		 * gazetteer(): fetched now, while the next tokens are
		 * worked on, they are cache misses that overlap.
		 */
		if (lang >= 0 && res->clusters.slots != NULL &&
		    k->kind != NS_TOK_PUNCT)
			ns_fptab_prefetch(&res->clusters,
			    ns_nerfeat_clkey(lang, ti->hlow));
		if (gaz->slots != NULL) {
			ns_fptab_prefetch(gaz, ns_nerfeat_seq(
			    ns_nerfeat_seq0(NS_GAZ_FORMS),
			    ns_nerfeat_gazword(ti, NS_GAZ_FORMS)));
			ns_fptab_prefetch(gaz, ns_nerfeat_seq(
			    ns_nerfeat_seq0(NS_GAZ_STEMS),
			    ns_nerfeat_gazword(ti, NS_GAZ_STEMS)));
		}
	}
	if (lang >= 0 && res->clusters.slots != NULL)
		for (i = 0; i < t->toks.n; i++)
			if (t->toks.v[i].kind != NS_TOK_PUNCT) {
				uint32_t v = ns_fptab_get(&res->clusters,
				    ns_nerfeat_clkey(lang, t->ti[i].hlow), 0);

				t->ti[i].cluster = NS_CL_PATH(v);
				t->ti[i].caseprof = (uint8_t)NS_CL_CASEPROF(v);
			}
	t->script = nscript[NS_NERSCRIPT_CYRILLIC] > nscript[NS_NERSCRIPT_LATIN] ?
	    NS_NERSCRIPT_CYRILLIC : NS_NERSCRIPT_LATIN;
	gazetteer(gaz, t, NS_GAZ_FORMS);
	gazetteer(gaz, t, NS_GAZ_STEMS);
	docflags(t);
}

/* Hash of code points [from, to) of the lower-case form (from the end if back). */
static uint64_t
affix(const struct ns_nertext *t, const struct ns_tinfo *ti, size_t ncp,
    int back, int *ok)
{
	const char *p = t->low.p + ti->low0;
	size_t n = ti->lowlen, i, cnt = 0;

	*ok = 0;
	if (ncp > ti->len)
		return 0;
	*ok = 1;
	if (!back) {
		for (i = 0; i < n && cnt < ncp; cnt++)
			(void)ns_utf8_next(p, n, &i);
		return hs(p, i, ncp);
	}
	for (i = n; i > 0 && cnt < ncp;) {
		i--;
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			cnt++;
	}
	return hs(p + i, n - i, 16 + ncp);
}

unsigned
ns_nerfeat_caseprof(long mid, long cap)
{
	double r;

	if (mid <= 0)
		return 0;
	if (mid < 3)
		return 7;
	r = (double)cap / (double)mid;
	return r < 0.02 ? 1 : r < 0.2 ? 2 : r < 0.5 ? 3 : r < 0.8 ? 4 :
	    r < 0.98 ? 5 : 6;
}

void
ns_nerfeat_cluster_words(struct ns_brown *b, const char *s,
    const struct ns_tokens *toks, struct ns_buf *low)
{
	size_t i, j;
	int initial = 1, how;
	int32_t c;

	for (i = 0; i < toks->n; i++) {
		const struct ns_token *k = &toks->v[i];

		if (k->flags & NS_TOK_SENT)
			initial = 1;
		how = NS_BROWN_INITIAL;
		if (k->kind == NS_TOK_WORD || k->kind == NS_TOK_NUMBER) {
			j = k->b0;
			c = ns_utf8_next(s, k->b1, &j);
			if (!initial && ns_tok_isletter(c))
				how = ns_tok_isupper(c) ? NS_BROWN_CAPITAL :
				    NS_BROWN_LOWER;
			initial = 0;
		}
		ns_buf_reset(low);
		ns_nerfeat_lower(low, s + k->b0, k->b1 - k->b0);
		ns_brown_add(b, low->p, low->len, how);
	}
	ns_brown_add(b, "", 0, NS_BROWN_INITIAL);
}

static uint32_t
clprefix(uint32_t cl, unsigned len)
{
	unsigned n = cl >> 24;

	if (n > len)
		n = len;
	return (cl & ((1u << n) - 1)) | n << 24;
}

/*
 * A feature: its value mixed with its template.  (Mixing the other way
 * round, small values would collide across templates: F(a, b) with
 * F(b, a).)
 */
#define F(tmpl, v)	\
	(f[nf++] = ns_mix64_with((uint64_t)(v), (uint64_t)(tmpl)))

/* Features from the document memory of the form key. */
static size_t
history(const struct ns_nertext *t, uint64_t key, int tmpl, int caps,
    uint64_t *f)
{
	const uint32_t *v = ns_hmap_get(&t->mem, key);
	const uint32_t *c;
	size_t nf = 0;
	uint32_t best = 0;
	int k, bt = -1;

	if (v == NULL)
		return 0;
	c = t->memc[*v];
	for (k = 1; k <= NS_ENT_NTYPES; k++)
		if (c[k] > best) {
			best = c[k];
			bt = k;
		}
	if (bt < 0) {
		F(tmpl, 0);
		return nf;
	}
	/* The type, and whether it is the form's usual reading. */
	F(tmpl, bt | (best >= c[0] ? 16 : 0));
	F(tmpl + 1, bt | caps << 8);
	return nf;
}

int
ns_nerfeat_light(const struct ns_nerres *res, const struct ns_nertext *t,
    size_t i)
{
	const struct ns_tinfo *ti = &t->ti[i];
	const struct ns_token *k = &t->toks.v[i];

	/*
	 * Punctuation and plain lower-case words (no gazetteer match, not
	 * quoted), most of a text, get a small set: they are nearly always
	 * outside entities, and scoring is the tagger's main cost.
	 */
	return (res->opts & NS_NEROPT_LIGHT) && (k->kind == NS_TOK_PUNCT ||
	    (ti->caps == NS_CAPS_LOWER && ti->gazpos[0] == 0 &&
	    ti->gazpos[1] == 0 && !(k->flags & NS_TOK_INQUOTE)));
}

/* Token flags that ns_nerfeat_word reads. */
#define WORD_FLAGS	(NS_TOK_SPACE | NS_TOK_NEWLINE | NS_TOK_PARA | \
			 NS_TOK_INITIAL | NS_TOK_ABBR)

uint64_t
ns_nerfeat_wordkey(const struct ns_nertext *t, size_t i, int light)
{
	const struct ns_tinfo *ti = &t->ti[i];
	const struct ns_token *k = &t->toks.v[i];
	uint64_t h;

	/* The form, its shape and everything else the word part reads. */
	h = ns_mix64_with(ti->hlow, ti->hshape);
	h = ns_mix64_with(h, t->hlang);
	h = ns_mix64_with(h, (uint64_t)ti->caps | (uint64_t)ti->sentinit << 8 |
	    (uint64_t)ti->script << 16 | (uint64_t)(ti->script != t->script) << 24 |
	    (uint64_t)ti->len << 32 | (uint64_t)k->kind << 40 |
	    (uint64_t)(k->flags & WORD_FLAGS) << 48 | (uint64_t)light << 63);
	return h != 0 ? h : 1;
}

/* A copy of f[base..nf) conjoined with the language, when the model has it. */
static size_t
langdup(const struct ns_nerres *res, const struct ns_nertext *t, uint64_t *f,
    size_t base, size_t nf)
{
	size_t j, end = nf;

	if ((res->opts & NS_NEROPT_LANGDUP) && t->lang >= 0)
		for (j = base; j < end; j++)
			f[nf++] = ns_mix64_with(f[j], t->hlang);
	return nf;
}

size_t
ns_nerfeat_word(const struct ns_nerres *res, const struct ns_nertext *t,
    size_t i, int light, uint64_t *f)
{
	const struct ns_tinfo *ti = &t->ti[i];
	const struct ns_token *k = &t->toks.v[i];
	size_t nf = 0, j;
	int ok;

	if (light) {
		F(T_BIAS, 1);
		F(T_W, ti->hlow);
		if (k->kind == NS_TOK_WORD)
			for (j = 2; j <= 4; j++) {
				uint64_t h = affix(t, ti, j, 1, &ok);

				if (ok)
					F(T_SUF, h);
			}
		if (ti->cluster != 0) {
			F(T_CL, clprefix(ti->cluster, 6));
			F(T_CL, clprefix(ti->cluster, 12));
		}
		F(T_CASEPROF, ti->caseprof | ti->caps << 4);
		return langdup(res, t, f, 0, nf);
	}
	F(T_BIAS, 0);
	F(T_W, ti->hlow);
	F(T_KIND, k->kind | ti->sentinit << 4 | (k->flags & 7) << 8);
	F(T_SHAPE, ti->hshape);
	F(T_CAPS, ti->caps | ti->sentinit << 4);
	F(T_CAPSW, ns_mix64_with(ti->hlow, ti->caps | ti->sentinit << 4));
	F(T_LEN, (ti->len > 12 ? 12 : ti->len) | ti->caps << 8);
	F(T_SCRIPT, ti->script | (ti->script != t->script) << 4 |
	    ti->caps << 8);
	if (k->kind == NS_TOK_WORD) {
		for (j = 1; j <= 4; j++) {
			uint64_t h = affix(t, ti, j, 0, &ok);

			if (ok)
				F(T_PRE, h);
			h = affix(t, ti, j, 1, &ok);
			if (ok) {
				F(T_SUF, h);
				if (j >= 2)
					F(T_SUFCAPS,
					    ns_mix64_with(h, ti->caps));
			}
		}
	}
	F(T_CASEPROF, ti->caseprof | ti->caps << 4 | ti->sentinit << 8);
	if (ti->cluster != 0) {
		F(T_CL, clprefix(ti->cluster, 4));
		F(T_CL, clprefix(ti->cluster, 6));
		F(T_CL, clprefix(ti->cluster, 10));
		F(T_CL, clprefix(ti->cluster, 20));
		F(T_CLCAPS, clprefix(ti->cluster, 8) ^
		    (uint32_t)(ti->caps | ti->sentinit << 4) << 28);
	}
	if (k->flags & (NS_TOK_INITIAL | NS_TOK_ABBR))
		F(T_INIT, (k->flags & NS_TOK_INITIAL ? 1 : 2));
	return langdup(res, t, f, 0, nf);
}

size_t
ns_nerfeat_context(const struct ns_nerres *res, const struct ns_nertext *t,
    size_t i, int light, uint64_t *f)
{
	const struct ns_tinfo *ti = &t->ti[i], *pv, *nx;
	const struct ns_token *k = &t->toks.v[i];
	size_t nf = 0, n = t->toks.n;
	uint64_t wm1 = H_BOS, wp1 = H_EOS, wm2 = H_BOS, wp2 = H_EOS;
	int cm1 = CAPS_BOS, cp1 = CAPS_EOS, ok, t2, g;
	uint64_t shm1 = H_BOS, shp1 = H_EOS;

	pv = i > 0 ? &t->ti[i - 1] : NULL;
	nx = i + 1 < n ? &t->ti[i + 1] : NULL;
	if (pv != NULL) {
		wm1 = pv->hlow;
		cm1 = pv->caps;
		shm1 = pv->hshape;
	}
	if (nx != NULL) {
		wp1 = nx->hlow;
		cp1 = nx->caps;
		shp1 = nx->hshape;
	}
	if (i > 1)
		wm2 = t->ti[i - 2].hlow;
	if (i + 2 < n)
		wp2 = t->ti[i + 2].hlow;

	if (light) {
		F(T_WM1, wm1);
		F(T_WP1, wp1);
		F(T_BIM, ns_mix64_with(wm1, ti->hlow));
		F(T_BIP, ns_mix64_with(ti->hlow, wp1));
		F(T_CAPS3, cm1 | ti->caps << 4 | cp1 << 8 | ti->sentinit << 12);
		F(T_SHAPE3, ns_mix64_with(ns_mix64_with(shm1, ti->hshape),
		    shp1));
		if (pv != NULL && pv->gazpos[0] != 0)
			F(T_GZM1, pv->gazpos[0] | NS_GAZ_TYPES(pv->gazval[0]) << 4);
		if (nx != NULL && nx->gazpos[0] != 0)
			F(T_GZP1, nx->gazpos[0] | NS_GAZ_TYPES(nx->gazval[0]) << 4);
		goto doc;
	}

	F(T_WM1, wm1);
	F(T_WP1, wp1);
	F(T_WM2, wm2);
	F(T_WP2, wp2);
	F(T_BIM, ns_mix64_with(wm1, ti->hlow));
	F(T_BIP, ns_mix64_with(ti->hlow, wp1));
	F(T_SHAPEM1, shm1);
	F(T_SHAPEP1, shp1);
	F(T_SHAPE3, ns_mix64_with(ns_mix64_with(shm1, ti->hshape),
	    shp1));
	F(T_CAPS3, cm1 | ti->caps << 4 | cp1 << 8 | ti->sentinit << 12);
	if (pv != NULL)
		F(T_WCAPSM1, ns_mix64_with(wm1, ti->caps));
	/* Case agreement with the neighbours: their last two letters. */
	if (pv != NULL && t->toks.v[i - 1].kind == NS_TOK_WORD) {
		uint64_t h = affix(t, pv, 2, 1, &ok);

		if (ok)
			F(T_SUFM1, ns_mix64_with(h, ti->caps));
	}
	if (nx != NULL && t->toks.v[i + 1].kind == NS_TOK_WORD) {
		uint64_t h = affix(t, nx, 2, 1, &ok);

		if (ok)
			F(T_SUFP1, ns_mix64_with(h, ti->caps));
	}
	if (pv != NULL && t->toks.v[i - 1].kind == NS_TOK_PUNCT)
		F(T_PUNCTM1, ns_mix64_with(wm1, ti->caps));
	if (pv != NULL && pv->cluster != 0) {
		F(T_CLM1, clprefix(pv->cluster, 6));
		F(T_CLM1, clprefix(pv->cluster, 12));
	}
	if (nx != NULL && nx->cluster != 0) {
		F(T_CLP1, clprefix(nx->cluster, 6));
		F(T_CLP1, clprefix(nx->cluster, 12));
	}
	for (g = 0; g < 2; g++) {
		int tg = g * 64;	/* the stems' templates, past T_LAST */

		if (ti->gazpos[g] != 0) {
			uint32_t types = NS_GAZ_TYPES(ti->gazval[g]);

			F(T_GZ + tg, ti->gazpos[g] | types << 4);
			F(T_GZCAPS + tg, ti->gazpos[g] | types << 4 |
			    ti->caps << 12 | ti->sentinit << 16);
			for (t2 = 0; t2 < NS_ENT_NTYPES; t2++)
				if (types & (1u << t2))
					F(T_GZT + tg, ti->gazpos[g] | t2 << 4 |
					    NS_GAZ_RATIO(ti->gazval[g], t2) <<
					    8 | (ti->caps == NS_CAPS_LOWER) <<
					    12);
		}
		if (pv != NULL && pv->gazpos[g] != 0)
			F(T_GZM1 + tg, pv->gazpos[g] |
			    NS_GAZ_TYPES(pv->gazval[g]) << 4);
		if (nx != NULL && nx->gazpos[g] != 0)
			F(T_GZP1 + tg, nx->gazpos[g] |
			    NS_GAZ_TYPES(nx->gazval[g]) << 4);
	}
	/* Quotes: inside, just after an opening one, just before a closing. */
	F(T_QUOTE, (k->flags & NS_TOK_INQUOTE ? 1 : 0) |
	    (i > 0 && (t->toks.v[i - 1].flags & NS_TOK_QOPEN) ? 2 : 0) |
	    (i + 1 < n && (t->toks.v[i + 1].flags & NS_TOK_QCLOSE) ? 4 : 0) |
	    ti->caps << 4);
	if (k->flags & NS_TOK_HYPHEN) {
		const struct ns_tinfo *a = &t->ti[k->comp0];
		uint32_t parts = (k->comp1 - k->comp0) / 2 + 1;

		/* The compound's lower-case form is contiguous in low. */
		F(T_HYPH, hs(t->low.p + a->low0,
		    t->ti[k->comp1].low0 + t->ti[k->comp1].lowlen - a->low0,
		    0));
		F(T_HYPHPOS, (i == k->comp0 ? 1 : i == k->comp1 ? 2 : 3) |
		    ti->caps << 4 | (parts > 3 ? 3 : parts) << 8);
	}
	if (i >= 2 && (t->toks.v[i - 2].flags & NS_TOK_INITIAL))
		F(T_INIT, 3 | ti->caps << 4);
	if (k->kind == NS_TOK_WORD)
		F(T_DOC, ti->docflags | ti->caps << 4 | ti->sentinit << 8);
doc:
	if (t->nmem > 0 && k->kind == NS_TOK_WORD) {
		nf += history(t, ti->hlow, T_HIST, ti->caps, f + nf);
		if (ti->len >= 5)
			nf += history(t, ti->hpre5 ^ 1, T_HISTP, ti->caps,
			    f + nf);
	}
	return langdup(res, t, f, 0, nf);
}

size_t
ns_nerfeat_token(const struct ns_nerres *res, const struct ns_nertext *t,
    size_t i, uint64_t *f)
{
	int light = ns_nerfeat_light(res, t, i);
	size_t nf;

	nf = ns_nerfeat_word(res, t, i, light, f);
	return nf + ns_nerfeat_context(res, t, i, light, f + nf);
}

/*
 * BILOU's trellis written out (ns_ner_allowed): the labels that open
 * (O, B, U) follow the ones that close (O, L, U), tried in ascending
 * order, ties to the first; I and L follow B and I of their type.
 */
_Static_assert(NS_ENT_NTYPES == 5,
    "ns_ner_viterbi writes out the labels of five types");
#define NEDGE	(1 + 2 * NS_ENT_NTYPES)
static const uint8_t openers[NEDGE] = {
	0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20
};
static const uint8_t closers[NEDGE] = {
	0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20
};

void
ns_ner_viterbi(const int32_t (*sc)[NS_NER_NLABELS], size_t T,
    const int32_t *trans, int32_t (*delta)[NS_NER_NLABELS],
    uint8_t (*back)[NS_NER_NLABELS], uint8_t *out)
{
	const int NL = NS_NER_NLABELS;
	int32_t tmax[NEDGE];	/* the best way into each opener */
	size_t t;
	int a, b, k, c, bestl, top;
	int32_t best, v, d1, d2;

	if (T == 0)
		return;
	for (k = 0; k < NEDGE; k++) {
		tmax[k] = trans[closers[0] * NL + openers[k]];
		for (c = 1; c < NEDGE; c++)
			if (trans[closers[c] * NL + openers[k]] > tmax[k])
				tmax[k] = trans[closers[c] * NL + openers[k]];
	}
	for (b = 0; b < NL; b++)
		delta[0][b] = trans[NL * NL + b] + sc[0][b];
	for (t = 1; t < T; t++) {
		const int32_t *d = delta[t - 1];

		/*
		 * Mostly one closing label is far ahead of the others (O,
		 * outside names): top, the first best, and d2, the best of
		 * the rest.  An opener whose way from top beats d2 plus the
		 * best way in from anywhere comes from top, and only from
		 * top; the others try every closer.
		 */
		top = closers[0];
		d1 = d[top];
		d2 = INT32_MIN;
		for (c = 1; c < NEDGE; c++) {
			v = d[closers[c]];
			if (v > d1) {
				d2 = d1;
				d1 = v;
				top = closers[c];
			} else if (v > d2)
				d2 = v;
		}
		for (k = 0; k < NEDGE; k++) {
			const int32_t *tb;

			b = openers[k];
			tb = trans + b;
			best = d1 + tb[top * NL];
			bestl = top;
			if ((int64_t)d2 + tmax[k] >= best) {
				best = INT32_MIN;
				bestl = 0;
#define FROM(a)	do {							\
	v = d[a] + tb[(a) * NS_NER_NLABELS];				\
	if (v > best) {							\
		best = v;						\
		bestl = (a);						\
	}								\
} while (0)
				FROM(0);
				FROM(3);
				FROM(4);
				FROM(7);
				FROM(8);
				FROM(11);
				FROM(12);
				FROM(15);
				FROM(16);
				FROM(19);
				FROM(20);
#undef FROM
			}
			delta[t][b] = best + sc[t][b];
			back[t][b] = (uint8_t)bestl;
		}
		for (k = 0; k < NS_ENT_NTYPES; k++) {
			int bb = 1 + 4 * k, ii = 2 + 4 * k;

			for (b = ii; b <= ii + 1; b++) {
				best = INT32_MIN;
				bestl = 0;
				v = d[bb] + trans[bb * NL + b];
				if (v > best) {
					best = v;
					bestl = bb;
				}
				v = d[ii] + trans[ii * NL + b];
				if (v > best) {
					best = v;
					bestl = ii;
				}
				delta[t][b] = best + sc[t][b];
				back[t][b] = (uint8_t)bestl;
			}
		}
	}
	best = INT32_MIN;
	bestl = 0;
	for (a = 0; a < NL; a++) {
		v = delta[T - 1][a] + (ns_ner_final(a) ? 0 : NS_NER_NEVER);
		if (v > best) {
			best = v;
			bestl = a;
		}
	}
	for (t = T; t-- > 0;) {
		out[t] = (uint8_t)bestl;
		if (t > 0)
			bestl = back[t][bestl];
	}
}

void
ns_ner_constrain(int32_t *trans)
{
	const int NL = NS_NER_NLABELS;
	int a, b;

	for (a = 0; a <= NL; a++)
		for (b = 0; b < NL; b++)
			if (!ns_ner_allowed(a, b))
				trans[a * NL + b] = NS_NER_NEVER;
}

size_t
ns_ner_spans(const uint8_t *lab, size_t n, size_t *start, size_t *end,
    int *type)
{
	size_t i, m = 0, b = 0;

	for (i = 0; i < n; i++) {
		int p = NS_NER_POS(lab[i]);

		if (p == NS_NER_B || p == NS_NER_U)
			b = i;
		if (p == NS_NER_L || p == NS_NER_U) {
			start[m] = b;
			end[m] = i + 1;
			type[m++] = NS_NER_TYPE(lab[i]);
		}
	}
	return m;
}

void
ns_nerfeat_mask(const struct ns_nertext *t, size_t i, int32_t *sc)
{
	int ty;

	if (t->toks.v[i].kind != NS_TOK_OTHER)
		return;
	for (ty = 0; ty < NS_ENT_NTYPES; ty++) {
		sc[NS_NER_LABEL(ty, NS_NER_B)] = NS_NER_NEVER;
		sc[NS_NER_LABEL(ty, NS_NER_L)] = NS_NER_NEVER;
		sc[NS_NER_LABEL(ty, NS_NER_U)] = NS_NER_NEVER;
	}
}

void
ns_nerfeat_remember(struct ns_nertext *t, size_t i, size_t j,
    const uint8_t *lab)
{
	size_t k, r;
	uint32_t *v;
	int isnew, cls;

	for (k = i; k < j; k++) {
		const struct ns_tinfo *ti = &t->ti[k];
		uint64_t key[2];

		if (t->toks.v[k].kind != NS_TOK_WORD)
			continue;
		cls = lab[k - i] == NS_NER_O ? 0 : 1 + NS_NER_TYPE(lab[k - i]);
		key[0] = ti->hlow;
		key[1] = ti->hpre5 ^ 1;
		for (r = 0; r < (ti->len >= 5 ? 2u : 1u); r++) {
			v = ns_hmap_put(&t->mem, key[r], (uint32_t)t->nmem,
			    &isnew);
			if (isnew) {
				if (t->nmem == t->capmem) {
					t->capmem = t->capmem ?
					    2 * t->capmem : 256;
					t->memc = ns_xrealloc(t->memc,
					    t->capmem * sizeof(*t->memc));
				}
				memset(t->memc[t->nmem], 0,
				    sizeof(*t->memc));
				t->nmem++;
			}
			t->memc[*v][cls]++;
		}
	}
}

void
ns_nerfeat_forget(struct ns_nertext *t)
{
	ns_hmap_clear(&t->mem);
	t->nmem = 0;
}

void
ns_nertext_free(struct ns_nertext *t)
{
	ns_tokens_free(&t->toks);
	free(t->ti);
	ns_buf_free(&t->low);
	ns_hmap_free(&t->mem);
	free(t->memc);
	free(t->dkey);
	free(t->dval);
	memset(t, 0, sizeof(*t));
}
