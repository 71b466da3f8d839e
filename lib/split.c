/* split.c: an article into header, clean paragraphs and sentences. */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "utf8.h"
#include "words.h"

#define WRAPMAX		100	/* code points: longer lines are paragraphs */
#define WRAPMIN		30	/* ... and so are blocks with shorter lines */
#define MAXWORD		64	/* bytes of a folded word */
#define DENSITYWORDS	24	/* words of a paragraph looked up as stop words */
#define BINPROBE	8192	/* bytes looked at to tell binary files */

struct ns_split {
	const struct ns_wordlist *wl;
	struct ns_sent		*sent;
};

struct ns_split *
ns_split_open(const struct ns_wordlist *wl, struct ns_error *err)
{
	struct ns_split *sp;
	struct ns_sent *st;

	if ((st = ns_sent_open(wl, "", 0, err)) == NULL)
		return NULL;
	sp = ns_xcalloc(1, sizeof(*sp));
	sp->wl = wl;
	sp->sent = st;
	return sp;
}

void
ns_split_close(struct ns_split *sp)
{
	if (sp == NULL)
		return;
	ns_sent_close(sp->sent);
	free(sp);
}

struct ns_sent *
ns_split_sent(struct ns_split *sp)
{
	return sp->sent;
}

void
ns_doc_init(struct ns_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
}

void
ns_doc_free(struct ns_doc *doc)
{
	ns_buf_free(&doc->hdr.title);
	ns_buf_free(&doc->text);
	ns_buf_free(&doc->norm);
	free(doc->para);
	free(doc->sent);
	free(doc->bp);
	free(doc->bpoff);
	free(doc->masks);
	ns_doc_init(doc);
}

/* Bytes of the UTF-8 sequence that starts with byte u (valid text). */
static size_t
seqlen(unsigned char u)
{
	return u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
}

enum cpkind {
	CP_TEXT,
	CP_SPACE,	/* collapsed: ASCII white space, NEL, LS, PS */
	CP_CONTROL	/* replaced by U+FFFD: C0 and C1 controls, DEL */
};

static enum cpkind
kind(const unsigned char *u, size_t left)
{
	if (u[0] < 0x80) {
		if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
			return CP_SPACE;
		return u[0] < 0x20 || u[0] == 0x7F ? CP_CONTROL : CP_TEXT;
	}
	if (u[0] == 0xC2 && left > 1 && u[1] < 0xA0)
		return u[1] == 0x85 ? CP_SPACE : CP_CONTROL;
	if (u[0] == 0xE2 && left > 2 && u[1] == 0x80 &&
	    (u[2] == 0xA8 || u[2] == 0xA9))
		return CP_SPACE;
	return CP_TEXT;
}

/*
 * Append paragraph s[b..e) to doc->norm, white space collapsed, controls
 * replaced, ends trimmed, and count its characters, letters and digits
 * for the boilerplate classifier.
 */
static void
addpara(struct ns_doc *doc, const char *s, size_t b, size_t e)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *u = (const unsigned char *)s;
	struct ns_boiler_para *bp;
	size_t start = doc->norm.len, i = b, run = e, len, j;
	size_t nchars = 0, nletters = 0, ndigits = 0;
	enum ns_cp_class k;
	enum cpkind what;
	int space = 0;

	while (i < e) {
		len = seqlen(u[i]);
		what = kind(u + i, e - i);
		if (what == CP_TEXT) {
			if (run == e) {
				if (space && doc->norm.len > start) {
					ns_buf_addc(&doc->norm, ' ');
					nchars++;
				}
				space = 0;
				run = i;
			}
			nchars++;
			if (u[i] >= 0xD0 && u[i] <= 0xD1)
				nletters++;	/* Cyrillic U+0400-U+047F */
			else if (u[i] >= '0' && u[i] <= '9')
				ndigits++;
			else if ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')
				nletters++;
			else if (u[i] >= 0x80) {
				j = i;
				k = ns_cp_class(ns_words_decode(s, e, &j));
				nletters += ns_cp_isletter(k);
				ndigits += k == NS_CP_DIGIT;
			}
			i += len;
			continue;
		}
		if (run != e) {
			ns_buf_add(&doc->norm, s + run, i - run);
			run = e;
		}
		if (what == CP_SPACE)
			space = 1;
		else {
			if (space && doc->norm.len > start) {
				ns_buf_addc(&doc->norm, ' ');
				nchars++;
			}
			space = 0;
			ns_buf_add(&doc->norm, fffd, 3);
			doc->ncontrol++;
			nchars++;
		}
		i += len;
	}
	if (run != e)
		ns_buf_add(&doc->norm, s + run, e - run);
	if (doc->norm.len == start)
		return;
	if (doc->nbp + 1 >= doc->bpcap) {
		doc->bpcap = doc->bpcap ? doc->bpcap * 2 : 64;
		doc->bpoff = ns_xrealloc(doc->bpoff,
		    doc->bpcap * sizeof(*doc->bpoff));
		doc->bp = ns_xrealloc(doc->bp, doc->bpcap * sizeof(*doc->bp));
	}
	bp = &doc->bp[doc->nbp];
	memset(bp, 0, sizeof(*bp));
	bp->nchars = nchars;
	bp->nletters = nletters;
	bp->ndigits = ndigits;
	doc->bpoff[doc->nbp++] = start;
	doc->bpoff[doc->nbp] = doc->norm.len;
}

static int
blank(const char *s, size_t b, size_t e)
{
	for (; b < e; b++)
		if (s[b] != ' ' && s[b] != '\t' && s[b] != '\r' &&
		    s[b] != '\v' && s[b] != '\f')
			return 0;
	return 1;
}

/* Code points of line s[b..e) without white space at its ends. */
static size_t
linelen(const char *s, size_t b, size_t e)
{
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
	    s[e - 1] == '\r'))
		e--;
	return ns_utf8_count(s + b, e - b);
}

/* The end of the line starting at s[i] (its '\n', or e). */
static size_t
eol(const char *s, size_t i, size_t e)
{
	const char *p = memchr(s + i, '\n', e - i);

	return p != NULL ? (size_t)(p - s) : e;
}

/* The start of the line after the one ending at nl. */
static size_t
nextline(size_t nl, size_t e)
{
	return nl < e ? nl + 1 : e;
}

/*
 * Whether the lines of block s[b..e) are one wrapped paragraph: none
 * longer than WRAPMAX, all but the last at least WRAPMIN and half the
 * longest.  Otherwise (a list, a link block, one paragraph a line) each
 * line is a paragraph.
 */
static int
wrapped(const char *s, size_t b, size_t e)
{
	size_t i, nl, len, max = 0, min = (size_t)-1, nlines = 0;

	for (i = b; i < e; i = nextline(nl, e)) {
		nl = eol(s, i, e);
		len = linelen(s, i, nl);
		if (len > max)
			max = len;
		if (nextline(nl, e) < e && len < min)
			min = len;	/* the last line may be short */
		nlines++;
	}
	return nlines == 1 || (max <= WRAPMAX && min >= WRAPMIN &&
	    min * 2 >= max);
}

/* Cut the body s[b..n) into paragraphs (doc->norm, doc->bpoff). */
static void
paragraphs(struct ns_doc *doc, const char *s, size_t b, size_t n)
{
	size_t i, e, nl, start = b;

	while (start < n) {
		/* The block: non-blank lines from start. */
		for (i = start; i < n; i = nextline(nl, n)) {
			nl = eol(s, i, n);
			if (blank(s, i, nl))
				break;
		}
		e = i;
		if (e > start && wrapped(s, start, e))
			addpara(doc, s, start, e);
		else
			for (i = start; i < e; i = nextline(nl, e))
				addpara(doc, s, i, nl = eol(s, i, e));
		/* Past the blank lines. */
		for (i = e; i < n; i = nextline(nl, n)) {
			nl = eol(s, i, n);
			if (!blank(s, i, nl))
				break;
		}
		start = i;
	}
}

/*
 * One pass over the first DENSITYWORDS words of each paragraph: their
 * number, the language (lang, or the stop words' vote) and, for it, the
 * stop words.
 */
static void
countwords(struct ns_split *sp, struct ns_doc *doc, int lang)
{
	struct ns_boiler_para *bp;
	struct ns_langvote v;
	struct ns_word w;
	char low[MAXWORD];
	size_t i, k, pos, len, first;
	uint64_t bit;

	memset(&v, 0, sizeof(v));
	doc->nmasks = 0;
	for (i = 0; i < doc->nbp; i++) {
		bp = &doc->bp[i];
		bp->nwords = 0;
		pos = 0;
		/*
		 * The density of stop words shows in the first few words,
		 * and the classifier's thresholds on the number of words
		 * are far below DENSITYWORDS: the rest need not be read.
		 */
		while (bp->nwords < DENSITYWORDS &&
		    ns_words_next(bp->s, bp->n, &pos, &w)) {
			len = ns_words_fold(bp->s + w.b0, w.b1 - w.b0, low,
			    sizeof(low));
			if (doc->nmasks == doc->maskcap) {
				doc->maskcap = doc->maskcap ?
				    doc->maskcap * 2 : 1024;
				doc->masks = ns_xrealloc(doc->masks,
				    doc->maskcap * sizeof(*doc->masks));
			}
			doc->masks[doc->nmasks] = len == 0 ? 0 :
			    ns_wordlist_stopmask(sp->wl, low, len);
			if (lang < 0)
				ns_wordlist_vote(&v, doc->masks[doc->nmasks]);
			doc->nmasks++;
			bp->nwords++;
		}
	}
	doc->lang = lang >= 0 ? lang : ns_wordlist_winner(sp->wl, &v);
	bit = doc->lang >= 0 ? (uint64_t)1 << doc->lang : ~(uint64_t)0;
	for (i = first = 0; i < doc->nbp; i++) {
		bp = &doc->bp[i];
		bp->nstop = 0;
		for (k = first; k < first + bp->nwords; k++)
			bp->nstop += (doc->masks[k] & bit) != 0;
		first += bp->nwords;
	}
}

static struct ns_para *
newpara(struct ns_doc *doc)
{
	if (doc->npara == doc->paracap) {
		doc->paracap = doc->paracap ? doc->paracap * 2 : 32;
		doc->para = ns_xrealloc(doc->para,
		    doc->paracap * sizeof(*doc->para));
	}
	return &doc->para[doc->npara++];
}

static int
sentences(struct ns_split *sp, struct ns_doc *doc, struct ns_error *err)
{
	const struct ns_span *sv;
	struct ns_para *pa;
	struct ns_span *out;
	size_t i, k, nsv;

	for (i = 0; i < doc->npara; i++) {
		pa = &doc->para[i];
		if (ns_sent_split(sp->sent, doc->lang, doc->text.p + pa->b0,
		    pa->b1 - pa->b0, &sv, &nsv, err) < 0)
			return -1;
		if (doc->nsent + nsv > doc->sentcap) {
			while (doc->nsent + nsv > doc->sentcap)
				doc->sentcap = doc->sentcap ?
				    doc->sentcap * 2 : 64;
			doc->sent = ns_xrealloc(doc->sent,
			    doc->sentcap * sizeof(*doc->sent));
		}
		pa->sent0 = doc->nsent;
		pa->nsent = nsv;
		for (k = 0; k < nsv; k++) {
			out = &doc->sent[doc->nsent++];
			out->b0 = pa->b0 + sv[k].b0;
			out->b1 = pa->b0 + sv[k].b1;
			out->c0 = pa->c0 + sv[k].c0;
			out->c1 = pa->c0 + sv[k].c1;
			out->cls = NS_SEG_OTHER;
		}
	}
	return 0;
}

int
ns_split_doc(struct ns_split *sp, const char *s, size_t n, int flags,
    int lang, struct ns_doc *doc, struct ns_error *err)
{
	struct ns_boiler_para *bp;
	struct ns_para *pa;
	size_t i, cpos = 0;

	doc->npara = doc->nsent = doc->nbp = 0;
	doc->ncontrol = doc->nboiler = 0;
	ns_buf_reset(&doc->text);
	ns_buf_reset(&doc->norm);
	ns_header_parse(s, n, (flags & NS_SPLIT_TITLELINE) ?
	    NS_HEADER_TITLELINE : 0, &doc->hdr);
	paragraphs(doc, s, doc->hdr.body, n);
	for (i = 0; i < doc->nbp; i++) {
		bp = &doc->bp[i];
		bp->s = doc->norm.p + doc->bpoff[i];
		bp->n = doc->bpoff[i + 1] - doc->bpoff[i];
	}
	countwords(sp, doc, lang);
	ns_boiler_classify(sp->wl, doc->lang, doc->hdr.title.p,
	    doc->hdr.title.len, doc->bp, doc->nbp, 1);
	for (i = 0; i < doc->nbp; i++) {
		bp = &doc->bp[i];
		doc->nboiler += bp->boiler != 0;
		if (bp->boiler && !(flags & NS_SPLIT_KEEP))
			continue;
		if (doc->text.len > 0) {
			ns_buf_add(&doc->text, "\n\n", 2);
			cpos += 2;
		}
		pa = newpara(doc);
		pa->b0 = doc->text.len;
		pa->c0 = cpos;
		ns_buf_add(&doc->text, bp->s, bp->n);
		cpos += bp->nchars;
		pa->b1 = doc->text.len;
		pa->c1 = cpos;
		pa->boiler = bp->boiler;
		pa->sent0 = pa->nsent = 0;
	}
	if (flags & NS_SPLIT_SENTENCES)
		return sentences(sp, doc, err);
	return 0;
}

int
ns_split_isbinary(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, ok, bad = 0;

	if (n > BINPROBE)
		n = BINPROBE;
	for (i = 0; i < n; i++)
		if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
		    u[i] != '\r' && u[i] != '\f' && u[i] != '\v')
			bad++;
	/* Invalid UTF-8: count the bytes up to the next valid start. */
	for (i = 0; i < n; ) {
		ok = ns_utf8_valid_prefix(s + i, n - i);
		i += ok;
		if (i >= n)
			break;
		/* A sequence cut by the probe's end is not invalid. */
		if (n - i < 4 && n == BINPROBE)
			break;
		bad++;
		i++;
	}
	return bad * 10 > n;
}
