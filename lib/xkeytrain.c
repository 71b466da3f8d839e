/* xkeytrain.c: learning the key's spelling folds and exonym table from linked names. */
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "ftab.h"
#include "gold.h"
#include "hmap.h"
#include "xkey.h"
#include "xkeyint.h"

#define MAXRULES	32	/* folding rules learned at most */
#define MAXEVAL		600	/* candidates scored per round */
#define MINGAIN		4	/* name pairs of one entity a rule must join */
#define NEGCOST		3.0	/* cost of joining names of two entities */
#define MAXDIST		0.5	/* edits per letter for a spelling pair */
#define MAXWORD		48

/* A linked name: a romanised lemma of one language under a gold key. */
struct name {
	uint32_t	rom;		/* offset in the text pool */
	uint32_t	key;		/* offset of the gold key */
	uint32_t	type;		/* offset of the type */
	char		lang[8];
	uint32_t	count;
};

struct xtrainer {
	struct ns_keyer	*k;
	struct ns_buf	 text;		/* NUL-terminated strings */
	struct ns_hmap	 textidx;	/* string -> offset + 1 */
	struct name	*names;
	size_t		 nnames, capnames;
	struct ns_hmap	 nameidx;	/* lang, type, rom, key -> index */
	struct ns_buf	 rom;
	/* The vocabulary: words of the romanised names. */
	uint32_t	*words;		/* text offsets */
	size_t		 nwords, capwords;
	struct ns_hmap	 wordidx;	/* text offset -> word id + 1 */
	uint32_t	*pa, *pb;	/* spelling pairs (word ids) */
	size_t		 npairs, cappairs;
	struct ns_hmap	 pairset;
	struct ns_fold_rule rules[MAXRULES];
	size_t		 nrules;
};

/* Intern s[0..n) in the text pool; its offset. */
static uint32_t
intern(struct xtrainer *t, const char *s, size_t n)
{
	uint32_t *v;
	int isnew;

	v = ns_hmap_put(&t->textidx, XXH3_64bits(s, n),
	    (uint32_t)t->text.len + 1, &isnew);
	if (isnew) {
		ns_buf_add(&t->text, s, n);
		ns_buf_addc(&t->text, '\0');
	}
	return *v - 1;
}

static int
gold_doc(void *ctx, const struct ns_gold_doc *d, struct ns_error *err)
{
	struct xtrainer *t = ctx;
	struct name *nm;
	uint32_t rom, key, type, *ix;
	uint64_t h;
	size_t i;
	int isnew;

	if (strlen(d->lang) >= sizeof(nm->lang))
		return 0;
	for (i = 0; i < d->nents; i++) {
		const struct ns_gold_ent *e = &d->ents[i];

		if (e->nkey == 0)
			continue;
		ns_buf_reset(&t->rom);
		if (ns_keyer_romanise(t->k, d->lang, e->lemma, e->nlemma,
		    &t->rom, err) == -1)
			return -1;
		if (t->rom.len == 0)
			continue;
		rom = intern(t, t->rom.p, t->rom.len);
		key = intern(t, e->key, e->nkey);
		type = intern(t, e->type, strlen(e->type));
		h = XXH3_64bits_withSeed(d->lang, strlen(d->lang),
		    ((uint64_t)rom << 32 | key) ^ (uint64_t)type << 17);
		ix = ns_hmap_put(&t->nameidx, h, (uint32_t)t->nnames, &isnew);
		if (!isnew) {
			t->names[*ix].count++;
			continue;
		}
		if (t->nnames == t->capnames) {
			t->capnames = t->capnames == 0 ? 1024 :
			    2 * t->capnames;
			t->names = ns_xrealloc(t->names,
			    t->capnames * sizeof(*t->names));
		}
		nm = &t->names[t->nnames++];
		memset(nm, 0, sizeof(*nm));
		nm->rom = rom;
		nm->key = key;
		nm->type = type;
		strcpy(nm->lang, d->lang);
		nm->count = 1;
	}
	return 0;
}

static uint32_t
word_id(struct xtrainer *t, const char *w, size_t n)
{
	uint32_t off = intern(t, w, n), *v;
	int isnew;

	v = ns_hmap_put(&t->wordidx, (uint64_t)off + 1,
	    (uint32_t)t->nwords + 1, &isnew);
	if (isnew) {
		if (t->nwords == t->capwords) {
			t->capwords = t->capwords == 0 ? 1024 :
			    2 * t->capwords;
			t->words = ns_xrealloc(t->words,
			    t->capwords * sizeof(*t->words));
		}
		t->words[t->nwords++] = off;
	}
	return *v - 1;
}

static uint64_t
pair_key(uint32_t a, uint32_t b)
{
	return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

/* Levenshtein distance of a and b (short ASCII words). */
static size_t
lev(const char *a, size_t na, const char *b, size_t nb)
{
	size_t d[MAXWORD + 1][MAXWORD + 1], i, j, c;

	for (i = 0; i <= na; i++)
		d[i][0] = i;
	for (j = 0; j <= nb; j++)
		d[0][j] = j;
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	return d[na][nb];
}

/* Split the romanised name at offset off into word ids; the count. */
static size_t
name_words(struct xtrainer *t, uint32_t off, uint32_t *ids, size_t max)
{
	size_t n = 0, len;
	const char *s, *e;

	for (s = t->text.p + off; *s != '\0' && n < max; s = e + 1) {
		e = strchr(s, ' ');
		len = e != NULL ? (size_t)(e - s) : strlen(s);
		/* word_id may grow the pool: re-read s through an offset. */
		{
			size_t so = (size_t)(s - t->text.p);

			ids[n++] = word_id(t, s, len);
			s = t->text.p + so;
			e = s + len;
		}
		if (*e == '\0')
			break;
	}
	return n;
}

static void
add_pair(struct xtrainer *t, uint32_t wa, uint32_t wb)
{
	const char *a = t->text.p + t->words[wa], *b = t->text.p + t->words[wb];
	size_t la = strlen(a), lb = strlen(b);
	int isnew;

	if (wa == wb || la > MAXWORD || lb > MAXWORD ||
	    (double)lev(a, la, b, lb) > MAXDIST * (double)(la > lb ? la : lb))
		return;
	ns_hmap_put(&t->pairset, pair_key(wa, wb), 1, &isnew);
	if (!isnew)
		return;
	if (t->npairs == t->cappairs) {
		t->cappairs = t->cappairs == 0 ? 1024 : 2 * t->cappairs;
		t->pa = ns_xrealloc(t->pa, t->cappairs * sizeof(*t->pa));
		t->pb = ns_xrealloc(t->pb, t->cappairs * sizeof(*t->pb));
	}
	t->pa[t->npairs] = wa;
	t->pb[t->npairs++] = wb;
}

/*
 * The vocabulary (every word of every name) and the spelling pairs:
 * words at the same place in two names of one key in two languages that
 * differ by at most MAXDIST edits per letter.
 */
static void
collect_pairs(struct xtrainer *t)
{
	struct ns_hmap head = NS_HMAP_INIT;
	uint32_t *next, *h, x, y, wx[16], wy[16];
	size_t i, nx, ny, j;

	next = ns_xmalloc((t->nnames + 1) * sizeof(*next));
	for (i = 0; i < t->nnames; i++) {
		name_words(t, t->names[i].rom, wx, 16);
		h = ns_hmap_put(&head, (uint64_t)t->names[i].key + 1,
		    UINT32_MAX, NULL);
		next[i] = *h;
		*h = (uint32_t)i;
	}
	for (i = 0; i < head.cap; i++) {
		if (head.keys[i] == 0)
			continue;
		for (x = head.vals[i]; x != UINT32_MAX; x = next[x])
			for (y = next[x]; y != UINT32_MAX; y = next[y]) {
				if (strcmp(t->names[x].lang,
				    t->names[y].lang) == 0)
					continue;
				nx = name_words(t, t->names[x].rom, wx, 16);
				ny = name_words(t, t->names[y].rom, wy, 16);
				if (nx != ny)
					continue;
				for (j = 0; j < nx; j++)
					add_pair(t, wx[j], wy[j]);
			}
	}
	ns_hmap_free(&head);
	free(next);
}

/* A candidate rule and how many pairs suggested it. */
struct cand {
	struct ns_fold_rule	r;
	uint32_t		support;
};

struct cands {
	struct cand	*c;
	size_t		 n, cap;
	struct ns_hmap	 idx;
};

static void
cand_add(struct cands *cs, unsigned flags, const char *from, size_t nf,
    const char *to, size_t nt)
{
	struct ns_fold_rule r;
	uint32_t *ix;
	uint64_t h;
	int isnew;

	/*
	 * Short rules that neither grow nor shrink words much: spelling,
	 * not names; nothing is deleted outright (that would learn
	 * consonant skeletons, which join too much outside the corpus).
	 */
	if (nf == 0 || nf > 4 || nt == 0 || nt > 3 || nt > nf + 1 ||
	    nf > nt + 2 || (nf == nt && memcmp(from, to, nf) == 0))
		return;
	memset(&r, 0, sizeof(r));
	r.flags = flags;
	memcpy(r.from, from, nf);
	memcpy(r.to, to, nt);
	h = XXH3_64bits(&r, sizeof(r));
	ix = ns_hmap_put(&cs->idx, h, (uint32_t)cs->n, &isnew);
	if (!isnew) {
		cs->c[*ix].support++;
		return;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap == 0 ? 4096 : 2 * cs->cap;
		cs->c = ns_xrealloc(cs->c, cs->cap * sizeof(*cs->c));
	}
	cs->c[cs->n].r = r;
	cs->c[cs->n++].support = 1;
}

/*
 * Candidate rules from one pair of spellings: align them (Levenshtein),
 * and for each run of differences propose rewriting one side into the
 * other, bare and with a letter of context either side, anchored when
 * it reaches the start or the end of both words.
 */
static void
cand_pair(struct cands *cs, const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y), d[MAXWORD + 1][MAXWORD + 1];
	size_t i, j, c, nops = 0, a0, b0, lc, rc;
	char ops[2 * MAXWORD + 2];	/* backwards: = s d i */
	size_t oi[2 * MAXWORD + 2], oj[2 * MAXWORD + 2];

	if (nx > MAXWORD || ny > MAXWORD)
		return;
	for (i = 0; i <= nx; i++)
		d[i][0] = i;
	for (j = 0; j <= ny; j++)
		d[0][j] = j;
	for (i = 1; i <= nx; i++)
		for (j = 1; j <= ny; j++) {
			c = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			d[i][j] = c;
		}
	for (i = nx, j = ny; i > 0 || j > 0;) {
		if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] +
		    (x[i - 1] != y[j - 1])) {
			ops[nops] = x[i - 1] == y[j - 1] ? '=' : 's';
			i--;
			j--;
		} else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
			ops[nops] = 'd';
			i--;
		} else {
			ops[nops] = 'i';
			j--;
		}
		oi[nops] = i;
		oj[nops++] = j;
	}
	/* Walk forwards: ops[nops - 1] is the first. */
	i = nops;
	while (i > 0) {
		if (ops[i - 1] == '=') {
			i--;
			continue;
		}
		a0 = oi[i - 1];
		b0 = oj[i - 1];
		while (i > 0 && ops[i - 1] != '=')
			i--;
		{
			size_t a1 = i > 0 ? oi[i - 1] : nx;
			size_t b1 = i > 0 ? oj[i - 1] : ny;

			for (lc = 0; lc <= 1; lc++)
				for (rc = 0; rc <= 1; rc++) {
					size_t s0, s1, t0, t1;
					unsigned fl = 0;

					if (a0 < lc || b0 < lc ||
					    a1 + rc > nx || b1 + rc > ny)
						continue;
					s0 = a0 - lc;
					s1 = a1 + rc;
					t0 = b0 - lc;
					t1 = b1 + rc;
					if (s0 == 0 && t0 == 0)
						fl |= NS_FOLD_START;
					if (s1 == nx && t1 == ny)
						fl |= NS_FOLD_END;
					cand_add(cs, 0, x + s0, s1 - s0,
					    y + t0, t1 - t0);
					cand_add(cs, 0, y + t0, t1 - t0,
					    x + s0, s1 - s0);
					if (fl == 0)
						continue;
					cand_add(cs, fl, x + s0, s1 - s0,
					    y + t0, t1 - t0);
					cand_add(cs, fl, y + t0, t1 - t0,
					    x + s0, s1 - s0);
				}
		}
	}
}

static int
candcmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->support != y->support)
		return x->support > y->support ? -1 : 1;
	return memcmp(&x->r, &y->r, sizeof(x->r));
}

/* The words grouped by their current spelling. */
struct groups {
	uint32_t	*first;		/* group -> first word */
	uint32_t	*next;		/* word -> next word of its group */
	uint32_t	*of;		/* word -> group */
	size_t		 n;
	struct ns_hmap	 idx;		/* spelling -> group + 1 */
};

static void
groups_build(struct groups *g, char **form, size_t nwords)
{
	uint32_t *v;
	size_t w;
	int isnew;

	ns_hmap_free(&g->idx);
	g->first = ns_xrealloc(g->first, (nwords + 1) * sizeof(*g->first));
	g->next = ns_xrealloc(g->next, (nwords + 1) * sizeof(*g->next));
	g->of = ns_xrealloc(g->of, (nwords + 1) * sizeof(*g->of));
	g->n = 0;
	for (w = 0; w < nwords; w++) {
		v = ns_hmap_put(&g->idx, XXH3_64bits(form[w], strlen(form[w])),
		    (uint32_t)g->n + 1, &isnew);
		if (isnew)
			g->first[g->n++] = UINT32_MAX;
		g->of[w] = *v - 1;
		g->next[w] = g->first[*v - 1];
		g->first[*v - 1] = (uint32_t)w;
	}
}

static void
groups_free(struct groups *g)
{
	free(g->first);
	free(g->next);
	free(g->of);
	ns_hmap_free(&g->idx);
}

/* A group that a rule respells, and its new spelling's hash. */
struct change {
	uint64_t	h;
	uint32_t	g;
};

static int
changecmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

/*
 * The distinct romanised names, for scoring rules by what they do to
 * whole names: a node is one spelling, with the names (lang, key, type)
 * that have it, its words, and the hash of its current folded spelling.
 */
struct nodes {
	size_t		 n;
	uint32_t	*wstart;	/* node -> its words in wids */
	uint32_t	*wids;
	uint32_t	*first;		/* node -> first name */
	uint32_t	*next;		/* name -> next name of its node */
	uint32_t	*wfirst;	/* word -> first entry in wnode */
	uint32_t	*wnode, *wnext;	/* entries: node, next entry */
	uint64_t	*hash;		/* node -> current folded spelling */
	struct ns_hmap	 byhash;	/* hash -> first node + 1 */
	uint32_t	*hnext;		/* node -> next node, same hash */
	uint32_t	*stamp;
	uint32_t	 round;
};

static uint64_t
node_hash(const struct nodes *nd, size_t x, char **form, const long *newoff,
    const char *newtext, struct ns_buf *b)
{
	uint32_t i, w;

	ns_buf_reset(b);
	for (i = nd->wstart[x]; i < nd->wstart[x + 1]; i++) {
		w = nd->wids[i];
		if (i > nd->wstart[x])
			ns_buf_addc(b, ' ');
		if (newoff != NULL && newoff[w] >= 0)
			ns_buf_adds(b, newtext + newoff[w]);
		else
			ns_buf_adds(b, form[w]);
	}
	return XXH3_64bits(b->p, b->len);
}

static void
nodes_build(struct xtrainer *t, struct nodes *nd)
{
	struct ns_hmap idx = NS_HMAP_INIT;
	uint32_t *v, ids[16], nwid = 0, nent = 0;
	size_t i, k, nw;
	int isnew;

	memset(nd, 0, sizeof(*nd));
	nd->wstart = ns_xmalloc((t->nnames + 2) * sizeof(*nd->wstart));
	nd->wids = ns_xmalloc((16 * t->nnames + 1) * sizeof(*nd->wids));
	nd->first = ns_xmalloc((t->nnames + 1) * sizeof(*nd->first));
	nd->next = ns_xmalloc((t->nnames + 1) * sizeof(*nd->next));
	nd->wfirst = ns_xmalloc((t->nwords + 1) * sizeof(*nd->wfirst));
	memset(nd->wfirst, 0xff, (t->nwords + 1) * sizeof(*nd->wfirst));
	nd->wnode = ns_xmalloc((16 * t->nnames + 1) * sizeof(*nd->wnode));
	nd->wnext = ns_xmalloc((16 * t->nnames + 1) * sizeof(*nd->wnext));
	for (i = 0; i < t->nnames; i++) {
		v = ns_hmap_put(&idx, (uint64_t)t->names[i].rom + 1,
		    (uint32_t)nd->n + 1, &isnew);
		if (isnew) {
			nd->wstart[nd->n] = nwid;
			nd->first[nd->n] = UINT32_MAX;
			nw = name_words(t, t->names[i].rom, ids, 16);
			for (k = 0; k < nw; k++) {
				nd->wids[nwid++] = ids[k];
				nd->wnode[nent] = (uint32_t)nd->n;
				nd->wnext[nent] = nd->wfirst[ids[k]];
				nd->wfirst[ids[k]] = nent++;
			}
			nd->n++;
		}
		nd->next[i] = nd->first[*v - 1];
		nd->first[*v - 1] = (uint32_t)i;
	}
	nd->wstart[nd->n] = nwid;
	nd->hash = ns_xcalloc(nd->n + 1, sizeof(*nd->hash));
	nd->hnext = ns_xcalloc(nd->n + 1, sizeof(*nd->hnext));
	nd->stamp = ns_xcalloc(nd->n + 1, sizeof(*nd->stamp));
	ns_hmap_free(&idx);
}

/* Rehash every node after the forms changed. */
static void
nodes_rehash(struct nodes *nd, char **form)
{
	struct ns_buf b = NS_BUF_INIT;
	uint32_t *v;
	size_t x;

	ns_hmap_free(&nd->byhash);
	for (x = 0; x < nd->n; x++) {
		nd->hash[x] = node_hash(nd, x, form, NULL, NULL, &b);
		v = ns_hmap_put(&nd->byhash, nd->hash[x], UINT32_MAX, NULL);
		nd->hnext[x] = *v;
		*v = (uint32_t)x;
	}
	ns_buf_free(&b);
}

static void
nodes_free(struct nodes *nd)
{
	free(nd->wstart);
	free(nd->wids);
	free(nd->first);
	free(nd->next);
	free(nd->wfirst);
	free(nd->wnode);
	free(nd->wnext);
	free(nd->hash);
	free(nd->hnext);
	free(nd->stamp);
	ns_hmap_free(&nd->byhash);
}

/* Joining nodes x and y: 1 when they share a key, -1 when they share
 * only a type (two entities confused), 0 otherwise. */
static int
relation(const struct xtrainer *t, const struct nodes *nd, uint32_t x,
    uint32_t y)
{
	uint32_t a, b;
	int sametype = 0;

	for (a = nd->first[x]; a != UINT32_MAX; a = nd->next[a])
		for (b = nd->first[y]; b != UINT32_MAX; b = nd->next[b]) {
			if (t->names[a].key == t->names[b].key)
				return 1;
			if (t->names[a].type == t->names[b].type)
				sametype = 1;
		}
	return sametype ? -1 : 0;
}

/*
 * Score rule r by the names it joins: pairs of spellings of one entity
 * (*gain) and pairs of spellings of different entities of one type
 * (*neg).
 */
static void
score_rule(struct xtrainer *t, const struct ns_fold_rule *r, char **form,
    struct groups *g, struct nodes *nd, struct change *ch, long *newoff,
    long *gain, long *neg)
{
	struct ns_buf b = NS_BUF_INIT, newtext = NS_BUF_INIT;
	uint32_t *changedw = NULL, src[256], *v, u, e;
	size_t i, j, k, a, nch = 0, nsrc, nchw = 0;
	int rel;

	*gain = *neg = 0;
	nd->round++;
	for (i = 0; i < g->n; i++) {
		const char *f = form[g->first[i]];
		long off;

		if (!(r->flags & NS_FOLD_DOUBLE) && strstr(f, r->from) == NULL)
			continue;
		ns_buf_reset(&b);
		ns_fold_word(r, 1, f, strlen(f), &b);
		if (b.len == strlen(f) && memcmp(b.p, f, b.len) == 0)
			continue;
		off = (long)newtext.len;
		ns_buf_add(&newtext, b.p, b.len);
		ns_buf_addc(&newtext, '\0');
		for (u = g->first[i]; u != UINT32_MAX; u = g->next[u]) {
			newoff[u] = off;
			changedw = ns_xrealloc(changedw,
			    (nchw + 1) * sizeof(*changedw));
			changedw[nchw++] = u;
			for (e = nd->wfirst[u]; e != UINT32_MAX;
			    e = nd->wnext[e]) {
				uint32_t x = nd->wnode[e];

				if (nd->stamp[x] == nd->round)
					continue;
				nd->stamp[x] = nd->round;
				ch[nch++].g = x;
			}
		}
	}
	for (i = 0; i < nch; i++)
		ch[i].h = node_hash(nd, ch[i].g, form, newoff, newtext.p, &b);
	if (nch > 0)
		qsort(ch, nch, sizeof(*ch), changecmp);
	for (i = 0; i < nch; i = j) {
		nsrc = 0;
		for (j = i; j < nch && ch[j].h == ch[i].h; j++)
			if (nsrc < 256)
				src[nsrc++] = ch[j].g;
		v = ns_hmap_get(&nd->byhash, ch[i].h);
		for (u = v != NULL ? *v : UINT32_MAX; u != UINT32_MAX &&
		    nsrc < 256; u = nd->hnext[u])
			if (nd->stamp[u] != nd->round)
				src[nsrc++] = u;
		for (k = 0; k < nsrc; k++)
			for (a = k + 1; a < nsrc; a++) {
				if (nd->hash[src[k]] == nd->hash[src[a]])
					continue;	/* joined already */
				rel = relation(t, nd, src[k], src[a]);
				if (rel > 0)
					(*gain)++;
				else if (rel < 0)
					(*neg)++;
			}
	}
	for (i = 0; i < nchw; i++)
		newoff[changedw[i]] = -1;
	free(changedw);
	ns_buf_free(&b);
	ns_buf_free(&newtext);
}

/* Learn the folding rules, greedily, best gain first. */
static void
learn_rules(struct xtrainer *t)
{
	struct groups g;
	struct cands cs;
	struct change *ch;
	struct nodes nd;
	long *newoff;
	char **form;
	size_t w, i, neval;
	long gain, neg;
	double sc, best;
	struct ns_fold_rule br;
	int have_double = 0;

	memset(&g, 0, sizeof(g));
	form = ns_xcalloc(t->nwords + 1, sizeof(*form));
	for (w = 0; w < t->nwords; w++)
		form[w] = ns_xstrdup(t->text.p + t->words[w]);
	nodes_build(t, &nd);
	ch = ns_xcalloc(nd.n + 1, sizeof(*ch));
	newoff = ns_xmalloc((t->nwords + 1) * sizeof(*newoff));
	for (w = 0; w < t->nwords; w++)
		newoff[w] = -1;
	while (t->nrules < MAXRULES) {
		groups_build(&g, form, t->nwords);
		nodes_rehash(&nd, form);
		memset(&cs, 0, sizeof(cs));
		for (i = 0; i < t->npairs; i++)
			if (strcmp(form[t->pa[i]], form[t->pb[i]]) != 0)
				cand_pair(&cs, form[t->pa[i]], form[t->pb[i]]);
		if (!have_double) {
			/* Doubled letters to one: a rule of its own. */
			if (cs.n == cs.cap) {
				cs.cap = cs.cap == 0 ? 4096 : 2 * cs.cap;
				cs.c = ns_xrealloc(cs.c, cs.cap * sizeof(*cs.c));
			}
			memset(&cs.c[cs.n], 0, sizeof(cs.c[cs.n]));
			cs.c[cs.n].r.flags = NS_FOLD_DOUBLE;
			cs.c[cs.n++].support = UINT32_MAX;
		}
		if (cs.n > 0)
			qsort(cs.c, cs.n, sizeof(*cs.c), candcmp);
		neval = cs.n < MAXEVAL ? cs.n : MAXEVAL;
		best = 0;
		memset(&br, 0, sizeof(br));
		for (i = 0; i < neval && cs.c[i].support >= 2; i++) {
			score_rule(t, &cs.c[i].r, form, &g, &nd, ch, newoff,
			    &gain, &neg);
			sc = (double)gain - NEGCOST * (double)neg;
			if (gain >= MINGAIN && sc > best) {
				best = sc;
				br = cs.c[i].r;
			}
		}
		free(cs.c);
		ns_hmap_free(&cs.idx);
		if (best < MINGAIN)
			break;
		if (br.flags & NS_FOLD_DOUBLE)
			have_double = 1;
		t->rules[t->nrules++] = br;
		for (w = 0; w < t->nwords; w++) {
			struct ns_buf b = NS_BUF_INIT;

			ns_fold_word(&br, 1, form[w], strlen(form[w]), &b);
			free(form[w]);
			form[w] = ns_xstrndup(b.p, b.len);
			ns_buf_free(&b);
		}
	}
	for (w = 0; w < t->nwords; w++)
		free(form[w]);
	free(form);
	free(ch);
	free(newoff);
	nodes_free(&nd);
	groups_free(&g);
}

/* Append the key for gold key K: its name part, romanised and folded. */
static void
canonical(struct xtrainer *t, const char *key, struct ns_buf *out,
    struct ns_error *err)
{
	const char *dash = strchr(key, '-');
	const char *name = dash != NULL && dash[1] != '\0' ? dash + 1 : key;

	ns_buf_reset(&t->rom);
	if (ns_keyer_romanise(t->k, "", name, strlen(name), &t->rom,
	    err) == -1 || t->rom.len == 0) {
		ns_buf_reset(&t->rom);
		ns_buf_adds(&t->rom, key);
	}
	ns_fold_words(t->rules, t->nrules, t->rom.p, t->rom.len, out);
}

/* Append the exonym table: folded spelling (typed and any) -> key. */
static int
write_table(struct xtrainer *t, struct ns_buf *model, struct ns_error *err)
{
	struct ns_tally tally = { 0 };
	struct ns_hmap canon = NS_HMAP_INIT;
	struct ns_buf f = NS_BUF_INIT, str = NS_BUF_INIT, c = NS_BUF_INIT;
	uint64_t *keys;
	uint32_t *vals, *v;
	size_t i, nk = 0;
	int isnew;

	for (i = 0; i < t->nnames; i++) {
		const struct name *nm = &t->names[i];
		const char *type = t->text.p + nm->type;

		ns_buf_reset(&f);
		ns_fold_words(t->rules, t->nrules, t->text.p + nm->rom,
		    strlen(t->text.p + nm->rom), &f);
		ns_tally_add(&tally, ns_xkey_tabkey(type, f.p, f.len), nm->key,
		    nm->count);
		ns_tally_add(&tally, ns_xkey_tabkey("", f.p, f.len), nm->key,
		    nm->count);
		/* The exact romanisation too: precise where folds collide. */
		ns_tally_add(&tally, ns_xkey_exactkey(type, t->text.p + nm->rom,
		    strlen(t->text.p + nm->rom)), nm->key, nm->count);
	}
	ns_tally_sort(&tally);
	keys = ns_xmalloc((tally.n + 1) * sizeof(*keys));
	vals = ns_xmalloc((tally.n + 1) * sizeof(*vals));
	for (i = 0; i < tally.n; i++) {
		if (i > 0 && tally.p[i].key == tally.p[i - 1].key)
			continue;
		v = ns_hmap_put(&canon, (uint64_t)tally.p[i].item + 1,
		    (uint32_t)str.len, &isnew);
		if (isnew) {
			ns_buf_reset(&c);
			canonical(t, t->text.p + tally.p[i].item, &c, err);
			ns_put_u32(&str, (uint32_t)c.len);
			ns_buf_add(&str, c.p, c.len);
		}
		keys[nk] = tally.p[i].key;
		vals[nk++] = *v;
	}
	ns_ftab_write(model, keys, vals, nk);
	ns_put_u32(model, (uint32_t)str.len);
	ns_buf_add(model, str.p, str.len);
	free(keys);
	free(vals);
	ns_tally_free(&tally);
	ns_hmap_free(&canon);
	ns_buf_free(&f);
	ns_buf_free(&str);
	ns_buf_free(&c);
	return 0;
}

int
ns_xkey_train(const struct ns_xkey_train *opt, struct ns_buf *model,
    struct ns_error *err)
{
	static const char bare[] = NS_XKEY_MAGIC "\0\0\0\0" "\10\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\0\0\0\0";
	struct xtrainer t;
	int rval = -1;

	memset(&t, 0, sizeof(t));
	/* A keyer with no rules and no table: romanisation only. */
	if ((t.k = ns_keyer_load(bare, sizeof(bare) - 1, err)) == NULL)
		return -1;
	if (ns_gold_each(opt->corpus, opt->split, gold_doc, &t, err) == -1)
		goto done;
	if (t.nnames == 0) {
		ns_error_set(err, "no linked names to learn from");
		goto done;
	}
	collect_pairs(&t);
	learn_rules(&t);
	ns_buf_add(model, NS_XKEY_MAGIC, 8);
	ns_fold_rules_write(model, t.rules, t.nrules);
	rval = write_table(&t, model, err);
done:
	ns_keyer_free(t.k);
	ns_buf_free(&t.text);
	ns_buf_free(&t.rom);
	ns_hmap_free(&t.textidx);
	ns_hmap_free(&t.nameidx);
	ns_hmap_free(&t.wordidx);
	ns_hmap_free(&t.pairset);
	free(t.names);
	free(t.words);
	free(t.pa);
	free(t.pb);
	return rval;
}
