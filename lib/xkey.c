/* xkey.c: one cross-lingual, cross-script key per named entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <xxhash.h>

#include "embed.h"
#include "ftab.h"
#include "lemma.h"
#include "xkey.h"
#include "xkeyint.h"

NS_EMBED(ns_xkey_model, "models/xkey.bin");

#define NLANG		16
#define CACHE_MAX	(1u << 16)

/* A transliterator per language, opened on first use. */
struct xlang {
	char		 code[8];
	UTransliterator	*tr;
};

struct centry {
	char	*k;		/* lang \0 type \0 lemma */
	size_t	 klen;
	char	*key;
	size_t	 keylen;
	char	*fold;		/* the lemma romanised and folded */
	size_t	 foldlen;
	uint64_t h;
	int	 known;		/* the key came from the table */
};

struct ns_keyer {
	struct ns_fold_rule	*rules;
	size_t			 nrules;
	struct ns_ftab		 tab;		/* folded lemma -> string */
	const unsigned char	*str;		/* u32 length, bytes */
	uint32_t		 nstr;
	struct xlang		 langs[NLANG];
	int			 nlangs;
	struct centry		*cache;
	size_t			 ncache, capcache;
	struct ns_buf		 tmp, fold;
	struct ns_buf		 ck;		/* lookup's cache key */
	UChar			*u, *v;
	int32_t			 ucap;
};

/* ICU transform for a language: its BGN/PCGN romanisation, if any. */
static const struct {
	const char	*lang;
	const char	*id;
} translits[] = {
	{ "ru", "Russian-Latin/BGN" },
	{ "uk", "Ukrainian-Latin/BGN" },
	{ "bg", "Bulgarian-Latin/BGN" },
	{ "be", "Belarusian-Latin/BGN" },
	{ "mk", "Macedonian-Latin/BGN" },
	{ "sr", "Serbian-Latin/BGN" },
	{ "kk", "Kazakh-Latin/BGN" },
	{ "el", "Greek-Latin/BGN" },
};

struct ns_keyer *
ns_keyer_default(struct ns_error *err)
{
	return ns_keyer_load(ns_xkey_model,
	    (size_t)(ns_xkey_model_end - ns_xkey_model), err);
}

/* Parse the rules at p[*pos..n) into k. */
static int
load_rules(struct ns_keyer *k, const unsigned char *p, size_t n, size_t *pos)
{
	uint32_t nr, i;
	size_t len;
	int side;

	if (ns_read_u32(p, n, pos, &nr) == -1 || nr > (n - *pos) / 3)
		return -1;
	k->rules = ns_xcalloc(nr + 1, sizeof(*k->rules));
	k->nrules = nr;
	for (i = 0; i < nr; i++) {
		if (*pos >= n)
			return -1;
		k->rules[i].flags = p[(*pos)++];
		for (side = 0; side < 2; side++) {
			char *dst = side == 0 ? k->rules[i].from :
			    k->rules[i].to;

			if (*pos >= n || (len = p[*pos]) > NS_FOLD_MAX ||
			    n - *pos - 1 < len)
				return -1;
			memcpy(dst, p + *pos + 1, len);
			dst[len] = '\0';
			*pos += 1 + len;
		}
	}
	return 0;
}

struct ns_keyer *
ns_keyer_load(const void *p, size_t n, struct ns_error *err)
{
	struct ns_keyer *k;
	size_t pos = 8;

	if (n < 8 || memcmp(p, NS_XKEY_MAGIC, 8) != 0) {
		ns_error_set(err, "not a key model");
		return NULL;
	}
	k = ns_xcalloc(1, sizeof(*k));
	if (load_rules(k, p, n, &pos) == -1 ||
	    ns_ftab_open(&k->tab, p, n, &pos) == -1 ||
	    ns_read_u32(p, n, &pos, &k->nstr) == -1 || n - pos < k->nstr) {
		ns_error_set(err, "key model: truncated");
		ns_keyer_free(k);
		return NULL;
	}
	k->str = (const unsigned char *)p + pos;
	return k;
}

static void
cache_clear(struct ns_keyer *k)
{
	size_t i;

	for (i = 0; i < k->capcache; i++) {
		free(k->cache[i].k);
		free(k->cache[i].key);
		free(k->cache[i].fold);
	}
	free(k->cache);
	k->cache = NULL;
	k->ncache = k->capcache = 0;
}

void
ns_keyer_free(struct ns_keyer *k)
{
	int i;

	if (k == NULL)
		return;
	for (i = 0; i < k->nlangs; i++)
		if (k->langs[i].tr != NULL)
			utrans_close(k->langs[i].tr);
	cache_clear(k);
	free(k->rules);
	ns_buf_free(&k->tmp);
	ns_buf_free(&k->fold);
	ns_buf_free(&k->ck);
	free(k->u);
	free(k->v);
	free(k);
}

/*
 * The transliterator for lang: the language's BGN/PCGN transform when
 * ICU has one, then any other script to Latin, then ASCII, lower case.
 */
static UTransliterator *
translit(struct ns_keyer *k, const char *lang, struct ns_error *err)
{
	struct xlang *xl;
	UErrorCode uerr = U_ZERO_ERROR;
	UParseError perr;
	UChar uid[128];
	char id[128];
	const char *bgn = NULL;
	size_t i;
	int j;

	if (lang == NULL || strlen(lang) >= sizeof(xl->code))
		lang = "";
	for (j = 0; j < k->nlangs; j++)
		if (strcmp(k->langs[j].code, lang) == 0)
			return k->langs[j].tr;
	for (i = 0; i < sizeof(translits) / sizeof(translits[0]); i++)
		if (strcmp(translits[i].lang, lang) == 0)
			bgn = translits[i].id;
	snprintf(id, sizeof(id), "%s%sAny-Latin; Latin-ASCII; Any-Lower",
	    bgn != NULL ? bgn : "", bgn != NULL ? "; " : "");
	u_uastrcpy(uid, id);
	if (k->nlangs == NLANG) {
		/* Many languages seen: drop the last slot's transliterator. */
		utrans_close(k->langs[NLANG - 1].tr);
		k->nlangs--;
	}
	xl = &k->langs[k->nlangs];
	xl->tr = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, &perr, &uerr);
	if (U_FAILURE(uerr)) {
		ns_error_set(err, "ICU transliterator %s: %s", id,
		    u_errorName(uerr));
		return NULL;
	}
	strcpy(xl->code, lang);
	k->nlangs++;
	return xl->tr;
}

int ns_xkey_icu_only;

/*
 * Whether s[0..n) is only ASCII letters, digits, spaces, hyphens and
 * full stops, which every language's chain of transliterators leaves as
 * it is (test_xkey compares the two ways in every language): half of
 * the names in news, each costing ICU tens of thousands of instructions.
 */
static int
plain_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '-' ||
		    c == '.'))
			return 0;
	}
	return 1;
}

int
ns_keyer_romanise(struct ns_keyer *k, const char *lang, const char *s,
    size_t n, struct ns_buf *out, struct ns_error *err)
{
	UTransliterator *tr;
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t len, lim, i;
	int space = 1;
	size_t start = out->len;

	if ((tr = translit(k, lang, err)) == NULL)
		return -1;
	if (n > INT32_MAX / 8) {
		ns_error_set(err, "lemma too long");
		return -1;
	}
	if ((size_t)k->ucap < 4 * n + 64) {
		k->ucap = (int32_t)(4 * n + 64);
		k->u = ns_xrealloc(k->u, (size_t)k->ucap * sizeof(UChar));
	}
	if (!ns_xkey_icu_only && plain_ascii(s, n)) {
		for (len = 0; len < (int32_t)n; len++)
			k->u[len] = (UChar)s[len];
		goto romanised;
	}
	u_strFromUTF8(k->u, k->ucap, &len, s, (int32_t)n, &uerr);
	if (U_FAILURE(uerr)) {
		ns_error_set(err, "invalid UTF-8 in lemma");
		return -1;
	}
	lim = len;
	utrans_transUChars(tr, k->u, &len, k->ucap, 0, &lim, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR) {
		/* Transliteration grew past 4x: room for it, and again. */
		k->ucap = len + 64;
		k->u = ns_xrealloc(k->u, (size_t)k->ucap * sizeof(UChar));
		uerr = U_ZERO_ERROR;
		u_strFromUTF8(k->u, k->ucap, &len, s, (int32_t)n, &uerr);
		lim = len;
		utrans_transUChars(tr, k->u, &len, k->ucap, 0, &lim, &uerr);
	}
	if (U_FAILURE(uerr)) {
		ns_error_set(err, "transliteration failed: %s",
		    u_errorName(uerr));
		return -1;
	}
romanised:
	for (i = 0; i < len; i++) {
		UChar c = k->u[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			ns_buf_addc(out, (char)c);
			space = 0;
		} else if (c >= 'A' && c <= 'Z') {
			ns_buf_addc(out, (char)(c - 'A' + 'a'));
			space = 0;
		} else if (!space && c != '\'' && c != 0x2bc && c != 0x2b9 &&
		    c != 0x2ba && c != 0x2019 && c != 0xb7) {
			/*
			 * Apostrophes, primes (soft and hard signs) and
			 * BGN's separating middle dot vanish.
			 */
			ns_buf_addc(out, ' ');
			space = 1;
		}
	}
	if (out->len > start && out->p[out->len - 1] == ' ')
		out->p[--out->len] = '\0';
	return 0;
}

/* Replace what rule r matches in w[0..n); append the result to out. */
static void
fold_rule(const struct ns_fold_rule *r, const char *w, size_t n,
    struct ns_buf *out)
{
	size_t fl = strlen(r->from), i;

	if (r->flags & NS_FOLD_DOUBLE) {
		for (i = 0; i < n; i++)
			if (i == 0 || w[i] != w[i - 1] || w[i] < 'a' ||
			    w[i] > 'z')
				ns_buf_addc(out, w[i]);
		return;
	}
	if (fl == 0 || fl > n) {
		ns_buf_add(out, w, n);
		return;
	}
	if ((r->flags & NS_FOLD_START) && (r->flags & NS_FOLD_END)) {
		if (fl == n && memcmp(w, r->from, n) == 0)
			ns_buf_adds(out, r->to);
		else
			ns_buf_add(out, w, n);
	} else if (r->flags & NS_FOLD_START) {
		if (memcmp(w, r->from, fl) == 0) {
			ns_buf_adds(out, r->to);
			ns_buf_add(out, w + fl, n - fl);
		} else
			ns_buf_add(out, w, n);
	} else if (r->flags & NS_FOLD_END) {
		if (memcmp(w + n - fl, r->from, fl) == 0) {
			ns_buf_add(out, w, n - fl);
			ns_buf_adds(out, r->to);
		} else
			ns_buf_add(out, w, n);
	} else {
		for (i = 0; i < n;) {
			if (i + fl <= n && memcmp(w + i, r->from, fl) == 0) {
				ns_buf_adds(out, r->to);
				i += fl;
			} else
				ns_buf_addc(out, w[i++]);
		}
	}
}

void
ns_fold_word(const struct ns_fold_rule *r, size_t nr, const char *w, size_t n,
    struct ns_buf *out)
{
	struct ns_buf a = NS_BUF_INIT, b = NS_BUF_INIT, t;
	size_t i;

	ns_buf_add(&a, w, n);
	for (i = 0; i < nr; i++) {
		ns_buf_reset(&b);
		fold_rule(&r[i], a.p, a.len, &b);
		if (b.len == 0)
			continue;
		t = a;
		a = b;
		b = t;
	}
	ns_buf_add(out, a.p, a.len);
	ns_buf_free(&a);
	ns_buf_free(&b);
}

void
ns_fold_words(const struct ns_fold_rule *r, size_t nr, const char *s,
    size_t n, struct ns_buf *out)
{
	size_t i, j;

	for (i = 0; i < n; i = j + 1) {
		for (j = i; j < n && s[j] != ' '; j++)
			;
		if (i > 0)
			ns_buf_addc(out, ' ');
		ns_fold_word(r, nr, s + i, j - i, out);
	}
}

uint64_t
ns_xkey_tabkey(const char *type, const char *s, size_t n)
{
	return ns_ftab_key(XXH3_64bits_withSeed(s, n,
	    XXH3_64bits(type, strlen(type))));
}

uint64_t
ns_xkey_exactkey(const char *type, const char *s, size_t n)
{
	return ns_ftab_key(XXH3_64bits_withSeed(s, n,
	    ~XXH3_64bits(type, strlen(type))));
}

void
ns_fold_rules_write(struct ns_buf *out, const struct ns_fold_rule *r,
    size_t nr)
{
	size_t i;

	ns_put_u32(out, (uint32_t)nr);
	for (i = 0; i < nr; i++) {
		ns_buf_addc(out, (char)r[i].flags);
		ns_buf_addc(out, (char)strlen(r[i].from));
		ns_buf_adds(out, r[i].from);
		ns_buf_addc(out, (char)strlen(r[i].to));
		ns_buf_adds(out, r[i].to);
	}
}

/* The table's string under key, or NULL. */
static const unsigned char *
str_get(const struct ns_keyer *k, uint64_t key, uint32_t *len)
{
	uint32_t off;

	if (!ns_ftab_get(&k->tab, key, &off) || off > k->nstr ||
	    k->nstr - off < 4)
		return NULL;
	*len = ns_get_u32(k->str + off);
	if (k->nstr - off - 4 < *len)
		return NULL;
	return k->str + off + 4;
}

static uint64_t
cache_hash(const char *s, size_t n)
{
	return XXH3_64bits(s, n);
}

static struct centry *
cache_find(struct ns_keyer *k, const char *s, size_t n, uint64_t h)
{
	size_t i;

	if (k->capcache == 0)
		return NULL;
	for (i = h & (k->capcache - 1); k->cache[i].k != NULL;
	    i = (i + 1) & (k->capcache - 1))
		if (k->cache[i].h == h && k->cache[i].klen == n &&
		    memcmp(k->cache[i].k, s, n) == 0)
			return &k->cache[i];
	return NULL;
}

static struct centry *
cache_put(struct ns_keyer *k, const char *s, size_t n, uint64_t h,
    const char *key, size_t keylen, const char *fold, size_t foldlen,
    int known)
{
	struct centry *old;
	size_t i, oldcap;

	if (k->ncache >= CACHE_MAX)
		cache_clear(k);
	if (2 * (k->ncache + 1) > k->capcache) {
		old = k->cache;
		oldcap = k->capcache;
		k->capcache = oldcap == 0 ? 1024 : 2 * oldcap;
		k->cache = ns_xcalloc(k->capcache, sizeof(*k->cache));
		for (i = 0; i < oldcap; i++) {
			size_t j;

			if (old[i].k == NULL)
				continue;
			for (j = old[i].h & (k->capcache - 1);
			    k->cache[j].k != NULL;
			    j = (j + 1) & (k->capcache - 1))
				;
			k->cache[j] = old[i];
		}
		free(old);
	}
	for (i = h & (k->capcache - 1); k->cache[i].k != NULL;
	    i = (i + 1) & (k->capcache - 1))
		;
	k->cache[i].k = ns_xmalloc(n);
	memcpy(k->cache[i].k, s, n);
	k->cache[i].klen = n;
	k->cache[i].h = h;
	k->cache[i].key = ns_xstrndup(key, keylen);
	k->cache[i].keylen = keylen;
	k->cache[i].fold = ns_xmalloc(foldlen + 1);
	memcpy(k->cache[i].fold, fold, foldlen);
	k->cache[i].fold[foldlen] = '\0';
	k->cache[i].foldlen = foldlen;
	k->cache[i].known = known;
	k->ncache++;
	return &k->cache[i];
}

/* The cache entry of (lang, type, lemma), computed when new; NULL + err. */
static const struct centry *
lookup(struct ns_keyer *k, const char *lang, const char *type,
    const char *lemma, size_t n, struct ns_error *err)
{
	struct ns_buf *ck = &k->ck;
	const unsigned char *t;
	struct centry *e;
	uint32_t tlen;
	uint64_t h;
	int known = 0;

	if (type == NULL)
		type = "";
	ns_buf_reset(ck);
	ns_buf_adds(ck, lang != NULL ? lang : "");
	ns_buf_addc(ck, '\0');
	ns_buf_adds(ck, type);
	ns_buf_addc(ck, '\0');
	ns_buf_add(ck, lemma, n);
	h = cache_hash(ck->p, ck->len);
	if ((e = cache_find(k, ck->p, ck->len, h)) != NULL)
		return e;
	ns_buf_reset(&k->tmp);
	if (ns_keyer_romanise(k, lang, lemma, n, &k->tmp, err) == -1)
		return NULL;
	ns_buf_reset(&k->fold);
	ns_fold_words(k->rules, k->nrules, k->tmp.p, k->tmp.len, &k->fold);
	if (k->fold.p == NULL)
		ns_buf_adds(&k->fold, "");
	if ((t = str_get(k, ns_xkey_exactkey(type, k->tmp.p, k->tmp.len),
	    &tlen)) != NULL ||
	    (t = str_get(k, ns_xkey_tabkey(type, k->fold.p, k->fold.len),
	    &tlen)) != NULL ||
	    (t = str_get(k, ns_xkey_tabkey("", k->fold.p, k->fold.len),
	    &tlen)) != NULL)
		known = 1;
	e = cache_put(k, ck->p, ck->len, h, known ? (const char *)t : k->fold.p,
	    known ? tlen : k->fold.len, k->fold.p, k->fold.len, known);
	return e;
}

int
ns_entity_key(struct ns_keyer *k, const char *lang, const char *type,
    const char *lemma, size_t n, struct ns_buf *out, struct ns_error *err)
{
	const struct centry *e = lookup(k, lang, type, lemma, n, err);

	if (e == NULL)
		return -1;
	ns_buf_add(out, e->key, e->keylen);
	return 0;
}

int
ns_lemma_recheck(struct ns_keyer *k, const char *lang, const char *type,
    const char *form, size_t nform, struct ns_buf *out, size_t lemma0,
    struct ns_error *err)
{
	const struct centry *e;
	size_t start;

	if (out->len < lemma0)
		return 0;
	if ((e = lookup(k, lang, type, out->p + lemma0, out->len - lemma0,
	    err)) == NULL)
		return -1;
	if (e->known)
		return 0;
	/* The form, white space collapsed, after the lemma; then moved. */
	start = out->len;
	ns_lemma_form(form, nform, out);
	if (out->len - start == start - lemma0 && memcmp(out->p + start,
	    out->p + lemma0, start - lemma0) == 0) {
		out->len = start;
		return 0;
	}
	if ((e = lookup(k, lang, type, out->p + start, out->len - start,
	    err)) == NULL) {
		out->len = start;
		return -1;
	}
	if (!e->known) {
		out->len = start;
		return 0;
	}
	memmove(out->p + lemma0, out->p + start, out->len - start);
	out->len = lemma0 + (out->len - start);
	return 1;
}

/*
 * Is the word sequence a[0..an) the start or the end of b[0..bn), whole
 * words, and shorter?
 */
static int
is_part(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || an >= bn)
		return 0;
	if (memcmp(a, b + bn - an, an) == 0 && b[bn - an - 1] == ' ')
		return 1;
	return memcmp(a, b, an) == 0 && b[an] == ' ';
}

void
ns_keys_propagate(struct ns_keyer *k, const char *lang, struct ns_keyed *m,
    size_t n)
{
	struct ns_buf sp = NS_BUF_INIT;
	size_t *off, i, j, best, nbest, cnt, x;
	char *nk;

	if (n < 2)
		return;
	/*
	 * The folded spelling of every PER mention, back to back in sp:
	 * the cache's, as ns_entity_key has just made it (romanising
	 * is the costly part).
	 */
	off = ns_xcalloc(n + 1, sizeof(*off));
	for (i = 0; i < n; i++) {
		const struct centry *e;

		off[i] = sp.len;
		if (m[i].type == NULL || strcmp(m[i].type, "PER") != 0 ||
		    m[i].key == NULL)
			continue;
		if ((e = lookup(k, lang, m[i].type, m[i].lemma,
		    m[i].lemma_len, NULL)) == NULL)
			continue;
		ns_buf_add(&sp, e->fold, e->foldlen);
	}
	off[n] = sp.len;
	for (i = 0; i < n; i++) {
		if (off[i + 1] == off[i])
			continue;
		best = n;
		nbest = 0;
		for (j = 0; j < n; j++) {
			if (j == i || !is_part(sp.p + off[i],
			    off[i + 1] - off[i], sp.p + off[j],
			    off[j + 1] - off[j]))
				continue;
			/* The fuller mention most often repeated wins. */
			for (cnt = 0, x = 0; x < n; x++)
				if (m[x].key != NULL &&
				    strcmp(m[x].key, m[j].key) == 0)
					cnt++;
			if (cnt > nbest) {
				best = j;
				nbest = cnt;
			}
		}
		if (best != n && strcmp(m[i].key, m[best].key) != 0) {
			nk = ns_xstrdup(m[best].key);
			free(m[i].key);
			m[i].key = nk;
		}
	}
	free(off);
	ns_buf_free(&sp);
}
