/* xkey.c: one cross-lingual, cross-script key per named entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <xxhash.h>

#include "embed.h"
#include "xkey.h"

NS_EMBED(ns_xkey_model, "models/xkey.bin");

#define XKEY_MAGIC	"NSXKEY01"
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
	uint64_t h;
};

struct ns_keyer {
	const unsigned char	*p;
	size_t			 n;
	struct xlang		 langs[NLANG];
	int			 nlangs;
	struct centry		*cache;
	size_t			 ncache, capcache;
	struct ns_buf		 tmp;
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

struct ns_keyer *
ns_keyer_load(const void *p, size_t n, struct ns_error *err)
{
	struct ns_keyer *k;

	if (n < 8 || memcmp(p, XKEY_MAGIC, 8) != 0) {
		ns_error_set(err, "not a key model");
		return NULL;
	}
	k = ns_xcalloc(1, sizeof(*k));
	k->p = p;
	k->n = n;
	return k;
}

static void
cache_clear(struct ns_keyer *k)
{
	size_t i;

	for (i = 0; i < k->capcache; i++) {
		free(k->cache[i].k);
		free(k->cache[i].key);
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
	ns_buf_free(&k->tmp);
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

/* Romanise s[0..n) into k->tmp (ASCII, lower case, words split by one space). */
static int
romanise(struct ns_keyer *k, const char *lang, const char *s, size_t n,
    struct ns_error *err)
{
	UTransliterator *tr;
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t len, lim, i;
	int space = 1;

	if ((tr = translit(k, lang, err)) == NULL)
		return -1;
	if ((size_t)k->ucap < 4 * n + 64) {
		k->ucap = (int32_t)(4 * n + 64);
		k->u = ns_xrealloc(k->u, (size_t)k->ucap * sizeof(UChar));
	}
	u_strFromUTF8(k->u, k->ucap, &len, s, (int32_t)n, &uerr);
	if (U_FAILURE(uerr)) {
		ns_error_set(err, "invalid UTF-8 in lemma");
		return -1;
	}
	lim = len;
	utrans_transUChars(tr, k->u, &len, k->ucap, 0, &lim, &uerr);
	if (U_FAILURE(uerr)) {
		ns_error_set(err, "transliteration failed: %s",
		    u_errorName(uerr));
		return -1;
	}
	ns_buf_reset(&k->tmp);
	for (i = 0; i < len; i++) {
		UChar c = k->u[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			ns_buf_addc(&k->tmp, (char)c);
			space = 0;
		} else if (c >= 'A' && c <= 'Z') {
			ns_buf_addc(&k->tmp, (char)(c - 'A' + 'a'));
			space = 0;
		} else if (!space && c != '\'' && c != 0x2bc && c != 0x2b9 &&
		    c != 0x2ba) {
			/* Apostrophes and primes (soft/hard signs) vanish. */
			ns_buf_addc(&k->tmp, ' ');
			space = 1;
		}
	}
	if (k->tmp.len > 0 && k->tmp.p[k->tmp.len - 1] == ' ')
		k->tmp.p[--k->tmp.len] = '\0';
	return 0;
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

static void
cache_put(struct ns_keyer *k, const char *s, size_t n, uint64_t h,
    const char *key, size_t keylen)
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
	k->ncache++;
}

int
ns_entity_key(struct ns_keyer *k, const char *lang, const char *type,
    const char *lemma, size_t n, struct ns_buf *out, struct ns_error *err)
{
	struct ns_buf ck = NS_BUF_INIT;
	struct centry *e;
	uint64_t h;

	ns_buf_adds(&ck, lang != NULL ? lang : "");
	ns_buf_addc(&ck, '\0');
	ns_buf_adds(&ck, type != NULL ? type : "");
	ns_buf_addc(&ck, '\0');
	ns_buf_add(&ck, lemma, n);
	h = cache_hash(ck.p, ck.len);
	if ((e = cache_find(k, ck.p, ck.len, h)) != NULL) {
		ns_buf_add(out, e->key, e->keylen);
		ns_buf_free(&ck);
		return 0;
	}
	if (romanise(k, lang, lemma, n, err) == -1) {
		ns_buf_free(&ck);
		return -1;
	}
	cache_put(k, ck.p, ck.len, h, k->tmp.p, k->tmp.len);
	ns_buf_add(out, k->tmp.p, k->tmp.len);
	ns_buf_free(&ck);
	return 0;
}

/* Is the word sequence a[0..an) the tail of b[0..bn) (whole words)? */
static int
is_tail(const char *a, size_t an, const char *b, size_t bn)
{
	if (an == 0 || an >= bn)
		return 0;
	return memcmp(a, b + bn - an, an) == 0 && b[bn - an - 1] == ' ';
}

void
ns_keys_propagate(struct ns_keyer *k, const char *lang, struct ns_keyed *m,
    size_t n)
{
	size_t i, j, best;
	size_t ki, kj;

	(void)lang;
	(void)k;
	for (i = 0; i < n; i++) {
		if (m[i].key == NULL || strchr(m[i].key, ' ') != NULL)
			continue;
		ki = strlen(m[i].key);
		best = n;
		for (j = 0; j < n; j++) {
			if (j == i || m[j].key == NULL ||
			    m[j].type == NULL || m[i].type == NULL ||
			    strcmp(m[j].type, m[i].type) != 0)
				continue;
			kj = strlen(m[j].key);
			if (!is_tail(m[i].key, ki, m[j].key, kj))
				continue;
			if (best == n || kj > strlen(m[best].key))
				best = j;
		}
		if (best != n) {
			char *nk = ns_xstrdup(m[best].key);

			free(m[i].key);
			m[i].key = nk;
		}
	}
}

int
ns_xkey_train(const struct ns_xkey_train *opt, struct ns_buf *model,
    struct ns_error *err)
{
	(void)opt;
	(void)err;
	ns_buf_add(model, XKEY_MAGIC, 8);
	return 0;
}
