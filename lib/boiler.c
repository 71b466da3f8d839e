/* boiler.c: tell article paragraphs from boilerplate (jusText-style). */
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "strmap.h"
#include "utf8.h"
#include "words.h"

#define MAXWORD		64	/* bytes of a folded word */
#define SD_GOOD		0.2	/* stop-word density of good prose */
#define SD_NEAR		0.1	/* ... of something prose-like */
#define GOODWORDS	5	/* words of a good paragraph, at least */
#define LONGCHARS	400	/* good even unended when this long */
#define TEASERCHARS	300	/* good ones shorter than this may be teasers */
#define REPEATCHARS	100	/* repeated paragraphs shorter are boilerplate */

static int
isterminal(int32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

static int
iscloser(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0xBB ||
	    c == 0x201D || c == 0x2019 || c == 0x201C;
}

/* How the paragraph ends: sets p->ended and p->cut. */
static void
ending(struct ns_boiler_para *p)
{
	size_t i = p->n;
	int32_t c = 0;
	int ndots = 0;

	while (i > 0) {
		c = ns_words_prev(p->s, &i);
		if (!iscloser(c))
			break;
	}
	if (!isterminal(c))
		return;
	if (c == 0x2026)
		p->cut = 1;
	else if (c == '.') {
		/* Count the periods: "..." is a cut-off teaser. */
		size_t j = i;

		ndots = 1;
		while (j > 0 && p->s[j - 1] == '.' && ndots < 3) {
			j--;
			ndots++;
		}
		p->cut = ndots > 1;
	}
	p->ended = !p->cut;
}

/* Whether s[0..n) holds "://". */
static int
hasscheme(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return 0;
}

/* Bytes of p taken by URLs (http://..., www....). */
static size_t
urlbytes(const struct ns_boiler_para *p)
{
	size_t i = 0, b, total = 0;

	/* Most paragraphs have neither; memchr is quick to tell. */
	if (memchr(p->s, ':', p->n) == NULL && memchr(p->s, 'w', p->n) ==
	    NULL)
		return 0;

	while (i < p->n) {
		while (i < p->n && p->s[i] == ' ')
			i++;
		b = i;
		while (i < p->n && p->s[i] != ' ')
			i++;
		if ((i - b > 3 && memcmp(p->s + b, "www.", 4) == 0) ||
		    hasscheme(p->s + b, i - b))
			total += i - b;
	}
	return total;
}

static void
features(const struct ns_wordlist *wl, int lang, struct ns_boiler_para *p,
    int counted)
{
	struct ns_word w;
	char low[MAXWORD];
	size_t i = 0, len;
	enum ns_cp_class k;

	p->ended = p->cut = 0;
	ending(p);
	if (counted)
		return;
	p->nchars = p->nletters = p->ndigits = 0;
	while (i < p->n) {
		k = ns_cp_class(ns_words_decode(p->s, p->n, &i));
		p->nchars++;
		if (ns_cp_isletter(k))
			p->nletters++;
		else if (k == NS_CP_DIGIT)
			p->ndigits++;
	}
	p->nwords = p->nstop = 0;
	i = 0;
	while (ns_words_next(p->s, p->n, &i, &w)) {
		p->nwords++;
		len = ns_words_fold(p->s + w.b0, w.b1 - w.b0, low, sizeof(low));
		if (len > 0 && ns_wordlist_isstop(wl, lang, low, len))
			p->nstop++;
	}
}

/* The class from the paragraph's own features. */
static enum ns_boiler_class
initial(const struct ns_boiler_para *p, int repeated)
{
	double density;

	if (p->nletters == 0 || repeated || urlbytes(p) * 2 > p->n ||
	    p->ndigits > p->nletters)
		return NS_BOILER_BAD;
	if (p->nwords <= 3)
		return NS_BOILER_SHORT;
	density = (double)p->nstop / (double)p->nwords;
	if (density >= SD_GOOD && ((p->ended && p->nwords >= GOODWORDS) ||
	    (!p->cut && p->nchars >= LONGCHARS)))
		return NS_BOILER_GOOD;
	if (density >= SD_NEAR || p->ended)
		return NS_BOILER_NEAR;
	return p->nwords < 8 ? NS_BOILER_SHORT : NS_BOILER_BAD;
}

static int
isbadish(enum ns_boiler_class c)
{
	return c == NS_BOILER_BAD || c == NS_BOILER_SHORT;
}

void
ns_boiler_classify(const struct ns_wordlist *wl, int lang, const char *title,
    size_t titlelen, struct ns_boiler_para *p, size_t np, int counted)
{
	struct ns_strmap *seen = ns_strmap_new();
	long *count = ns_xcalloc(np + 1, sizeof(*count));
	enum ns_boiler_class *before, *after, near;
	size_t i, first = np, last = 0;
	long idx;
	int repeated;

	for (i = 0; i < np; i++) {
		features(wl, lang, &p[i], counted);
		if (p[i].nchars < REPEATCHARS) {
			idx = ns_strmap_add(seen, p[i].s, p[i].n);
			count[idx]++;
		}
	}
	for (i = 0; i < np; i++) {
		repeated = (titlelen > 0 && p[i].n == titlelen &&
		    memcmp(p[i].s, title, titlelen) == 0);
		if (p[i].nchars < REPEATCHARS)
			repeated |= count[ns_strmap_find(seen, p[i].s,
			    p[i].n)] > 1;
		p[i].cls = initial(&p[i], repeated);
	}
	/*
	 * A teaser: good, short, between two bad ones.  It stays only
	 * between good paragraphs, as a short one does.
	 */
	for (i = 1; i + 1 < np; i++)
		if (p[i].cls == NS_BOILER_GOOD &&
		    p[i].nchars < TEASERCHARS && isbadish(p[i - 1].cls) &&
		    isbadish(p[i + 1].cls))
			p[i].cls = NS_BOILER_SHORT;
	for (i = 0; i < np; i++) {
		if (p[i].cls != NS_BOILER_GOOD)
			continue;
		if (first == np)
			first = i;
		last = i;
	}
	/* The class of the nearest good or bad paragraph on each side. */
	before = ns_xmalloc((np + 1) * sizeof(*before));
	after = ns_xmalloc((np + 1) * sizeof(*after));
	for (i = 0, near = NS_BOILER_BAD; i < np; i++) {
		before[i] = near;
		if (p[i].cls == NS_BOILER_GOOD || p[i].cls == NS_BOILER_BAD)
			near = p[i].cls;
	}
	for (i = np, near = NS_BOILER_BAD; i-- > 0;) {
		after[i] = near;
		if (p[i].cls == NS_BOILER_GOOD || p[i].cls == NS_BOILER_BAD)
			near = p[i].cls;
	}
	for (i = 0; i < np; i++) {
		if (first == np)
			p[i].boiler = 0;
		else if (i < first)
			p[i].boiler = isbadish(p[i].cls);
		else if (i > last)
			p[i].boiler = 1;
		else if (p[i].cls == NS_BOILER_GOOD || p[i].cls == NS_BOILER_BAD)
			p[i].boiler = p[i].cls == NS_BOILER_BAD;
		else if (p[i].cls == NS_BOILER_NEAR)
			p[i].boiler = before[i] == NS_BOILER_BAD &&
			    after[i] == NS_BOILER_BAD;
		else
			p[i].boiler = before[i] != NS_BOILER_GOOD ||
			    after[i] != NS_BOILER_GOOD;
	}
	free(before);
	free(after);
	free(count);
	ns_strmap_free(seen);
}
