/* nerfeat.h: the entity tagger's features, shared by tagging and training. */
#ifndef NS_NERFEAT_H
#define NS_NERFEAT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fptab.h"
#include "ftab.h"
#include "hmap.h"
#include "ner.h"
#include "tok.h"

/*
 * Labels: 0 is O; type t has B = 1 + 4t, I = 2 + 4t, L = 3 + 4t and
 * U = 4 + 4t (BILOU).
 */
#define NS_NER_NLABELS	(1 + 4 * NS_ENT_NTYPES)
#define NS_NER_O	0
#define NS_NER_B	1
#define NS_NER_I	2
#define NS_NER_L	3
#define NS_NER_U	4
#define NS_NER_LABEL(t, pos)	(1 + 4 * (t) + (pos) - 1)
#define NS_NER_TYPE(l)		(((l) - 1) / 4)
#define NS_NER_POS(l)		((l) == 0 ? 0 : ((l) - 1) % 4 + 1)

/* A transition score that no path takes. */
#define NS_NER_NEVER	(-(1 << 29))

/* Whether label b may follow label a (a == NS_NER_NLABELS: the start). */
int	ns_ner_allowed(int a, int b);
/* Whether a sequence may end with label a. */
int	ns_ner_final(int a);

#define NS_NER_MAXLANGS	16
#define NS_NER_GAZMAX	8	/* longest gazetteer entry, in tokens */

/*
 * A gazetteer value: which types the token sequence was annotated with
 * (bits 0-4), for each type how often the sequence is annotated when it
 * occurs (2 bits per type from bit 5: 0 below 20%, 1 to 50%, 2 to 80%,
 * 3 above), and bit 15 when longer entries start with it.
 */
#define NS_GAZ_TYPES(v)		((v) & 0x1F)
#define NS_GAZ_RATIO(v, t)	(((v) >> (5 + 2 * (t))) & 3)
#define NS_GAZ_PREFIX		0x8000

/* What the features need from a model: its languages and tables. */
struct ns_nerres {
	char		 langs[NS_NER_MAXLANGS][4];
	int		 nlangs;
	struct ns_fptab	 clusters;	/* mix(lang, word) -> path | len << 24 */
	struct ns_fptab	 gaz;		/* hash of a token sequence -> value */
	unsigned	 opts;		/* NS_NEROPT_* */
};

/*
 * A model file: this header, then at the offsets it gives the feature
 * table (fptab: feature hash -> weights, see below), the rows of weights
 * (uint32: a count, then per label label << 16 | (uint16)weight), the
 * cluster table, the gazetteer and the abbreviations (NUL-terminated,
 * back to back).  A table value with bit 31 set holds a single weight
 * inline (label << 16 | weight); otherwise it is the index of a row.
 * Integers are little-endian; offsets are 8-aligned, those of the
 * tables (fptab.h) 64-aligned.  Format 02: tables of 8-slot buckets.
 */
#define NS_NER_MAGIC	"NSNER02\n"
#define NS_NER_INLINE	0x80000000u

struct ns_ner_hdr {
	char		magic[8];
	uint32_t	opts;
	uint32_t	nlangs;
	char		langs[NS_NER_MAXLANGS][4];
	int32_t		trans[(NS_NER_NLABELS + 1) * NS_NER_NLABELS];
	uint64_t	weights;
	uint64_t	rows, nrows;
	uint64_t	clusters;	/* 0: none */
	uint64_t	gaz;		/* 0: none */
	uint64_t	abbr, nabbr;
	uint64_t	size;		/* of the whole file */
	double		scale;		/* weights were multiplied by it */
	uint64_t	nfeatures;
};

/*
 * A cluster table value: the word's path (bits 0-23), its length (bits
 * 24-28), and how the word is written mid-sentence in the clusters' text
 * (bits 29-31, ns_nerfeat_caseprof; 0 when unknown).
 */
#define NS_CL_PATH(v)		((v) & 0x1FFFFFFFu)
#define NS_CL_CASEPROF(v)	((v) >> 29)

/*
 * The case profile of a word seen mid times inside sentences and
 * capitalised cap of them: 1 never or nearly (under 2 %), 2 under 20 %,
 * 3 under half, 4 under 80 %, 5 under 98 %, 6 nearly always; 7 seen
 * there once or twice; 0 never.
 */
unsigned	ns_nerfeat_caseprof(long mid, long cap);

struct ns_brown;

/*
 * Feed the tokens toks of plain text s to a word clusterer: each
 * lower-cased as the tagger keys words (ns_nerfeat_lower, with low as
 * scratch), with how it was written (enum ns_brown_case), then a
 * boundary.
 */
void	ns_nerfeat_cluster_words(struct ns_brown *b, const char *s,
	    const struct ns_tokens *toks, struct ns_buf *low);

/* Feature options recorded in the model. */
#define NS_NEROPT_LANGDUP	0x01	/* also a per-language copy */
#define NS_NEROPT_LIGHT		0x02	/* few features for plain tokens */

/* What a token is, computed once per text. */
struct ns_tinfo {
	uint64_t	hlow;		/* hash of the lower-case form */
	uint64_t	hshape;		/* hash of the collapsed shape */
	uint64_t	hpre5;		/* hash of the first 5 letters, lower */
	uint32_t	low0, lowlen;	/* lower-case form in the text's buffer */
	uint32_t	cluster;	/* path bits | length << 24, 0 if none */
	uint8_t		caseprof;	/* ns_nerfeat_caseprof, 0 if none */
	uint32_t	gazval[2];	/* gazetteer match values: forms, stems */
	uint8_t		gazpos[2];	/* their B I L U positions, 0 if none */
	uint8_t		caps;		/* NS_CAPS_* */
	uint8_t		script;		/* NS_NERSCRIPT_* */
	uint8_t		len;		/* length in code points, capped */
	uint8_t		sentinit;	/* first word of a sentence */
	uint8_t		docflags;	/* NS_DOC_* */
};

enum {
	NS_CAPS_NONE,		/* no letters */
	NS_CAPS_LOWER,
	NS_CAPS_INIT,		/* Xxxx */
	NS_CAPS_ALL,		/* XXXX */
	NS_CAPS_ONE,		/* X */
	NS_CAPS_MIXED		/* xXxx, XxXx */
};

enum {
	NS_NERSCRIPT_NONE,
	NS_NERSCRIPT_LATIN,
	NS_NERSCRIPT_CYRILLIC,
	NS_NERSCRIPT_OTHER
};

#define NS_DOC_CAPMID	0x01	/* capitalised in mid-sentence somewhere */
#define NS_DOC_LOWER	0x02	/* lower-case somewhere */

/*
 * One text being tagged: its tokens, their information, and the
 * document memory (which lower-case forms were tagged with which type
 * in earlier sentences).
 */
struct ns_nertext {
	const char		*s;
	size_t			 n;
	struct ns_tokens	 toks;
	struct ns_tinfo		*ti;
	size_t			 cap;
	struct ns_buf		 low;	/* lower-case forms */
	int			 lang;	/* index in the model, or -1 */
	uint64_t		 hlang;
	int			 script; /* the text's main script */
	/* Document memory: form hash -> index of 6 counts (O, types). */
	struct ns_hmap		 mem;
	uint32_t		(*memc)[1 + NS_ENT_NTYPES];
	size_t			 nmem, capmem;
	/* Scratch for the document flags: a table of forms. */
	uint64_t		*dkey;
	uint8_t			*dval;
	size_t			 dcap;
};

/* The most features one token has. */
#define NS_NER_MAXFEAT	160

/*
 * Compute token information for tokenized text t->s, t->toks (lang is
 * the model's language index or -1), with the gazetteer gaz (the
 * model's, or a training fold's).
 */
void	ns_nerfeat_prepare(const struct ns_nerres *res,
	    const struct ns_fptab *gaz, struct ns_nertext *t, int lang);

/*
 * The features of token i into f (at most NS_NER_MAXFEAT), as 64-bit
 * hashes.  Returns their number.  They are ns_nerfeat_word's followed
 * by ns_nerfeat_context's.
 */
size_t	ns_nerfeat_token(const struct ns_nerres *res,
	    const struct ns_nertext *t, size_t i, uint64_t *f);

/*
 * Token i's features in two parts, with light = ns_nerfeat_light: those
 * read off the token alone (form, case, shape, affixes, cluster) and
 * those of its context (neighbours, gazetteer matches, quotes, the
 * document).  The word part is a function of ns_nerfeat_wordkey (never
 * 0), so a tagger may remember the sum of its weights per key.  Each
 * returns its number of features (with their per-language copies).
 */
int	ns_nerfeat_light(const struct ns_nerres *res,
	    const struct ns_nertext *t, size_t i);
uint64_t ns_nerfeat_wordkey(const struct ns_nertext *t, size_t i, int light);
size_t	ns_nerfeat_word(const struct ns_nerres *res,
	    const struct ns_nertext *t, size_t i, int light, uint64_t *f);
size_t	ns_nerfeat_context(const struct ns_nerres *res,
	    const struct ns_nertext *t, size_t i, int light, uint64_t *f);

/*
 * Viterbi: the best label sequence out[0..T) for emission scores sc and
 * transition scores trans[a * NL + b] (row NL: from the start), using
 * delta and back as scratch (T rows each).  Only BILOU's transitions
 * (ns_ner_allowed) are taken; from the start the forbidden ones must
 * hold NS_NER_NEVER (ns_ner_constrain); the end must be O, L or U.
 * Ties go to the lowest previous label.
 */
void	ns_ner_viterbi(const int32_t (*sc)[NS_NER_NLABELS], size_t T,
	    const int32_t *trans, int32_t (*delta)[NS_NER_NLABELS],
	    uint8_t (*back)[NS_NER_NLABELS], uint8_t *out);
/* Set the forbidden transitions of trans ((NL + 1) * NL) to NS_NER_NEVER. */
void	ns_ner_constrain(int32_t *trans);

/*
 * The mentions in a valid BILOU sequence lab[0..n): token ranges
 * [start[k], end[k]) and types; the arrays need room for n.  Returns
 * their number.
 */
size_t	ns_ner_spans(const uint8_t *lab, size_t n, size_t *start, size_t *end,
	    int *type);

/*
 * Forbid what a token cannot be: a mention neither starts nor ends on an
 * emoji or other symbol (NS_TOK_OTHER).  sc holds the token's scores.
 */
void	ns_nerfeat_mask(const struct ns_nertext *t, size_t i, int32_t *sc);

/* Record in the document memory that tokens [i, j) got labels lab. */
void	ns_nerfeat_remember(struct ns_nertext *t, size_t i, size_t j,
	    const uint8_t *lab);
void	ns_nerfeat_forget(struct ns_nertext *t);
void	ns_nertext_free(struct ns_nertext *t);

/* The model's index of language lang, or -1. */
int	ns_nerres_lang(const struct ns_nerres *res, const char *lang);

/* Key of a word in the cluster table. */
uint64_t	ns_nerfeat_clkey(int lang, uint64_t hlow);

/*
 * Lower-case s[0..n) into out, with every digit as 0, as words are
 * keyed for clusters and gazetteers.
 */
void	ns_nerfeat_lower(struct ns_buf *out, const char *s, size_t n);

/*
 * The gazetteers are keyed by token sequences of two kinds: the
 * lower-case forms (NS_GAZ_FORMS), and their first five letters
 * (NS_GAZ_STEMS: Путину, Путиным, путин all read путин), a cheap stand-in
 * for the lemma that matches the inflected forms training never saw.
 * Both live in one table.
 */
enum { NS_GAZ_FORMS, NS_GAZ_STEMS };

/* The key of a token for a gazetteer of kind. */
static inline uint64_t
ns_nerfeat_gazword(const struct ns_tinfo *ti, int kind)
{
	return kind == NS_GAZ_FORMS ? ti->hlow : ti->hpre5;
}

/* The hash of the empty token sequence of a kind. */
static inline uint64_t
ns_nerfeat_seq0(int kind)
{
	return 0x6E73676178ULL + (uint64_t)kind;
}

/* The hash of a token sequence, extended by one token. */
static inline uint64_t
ns_nerfeat_seq(uint64_t h, uint64_t word)
{
	return ns_mix64_with(h, word);
}

#endif
