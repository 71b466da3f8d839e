/* lemmaint.h: what the lemmatiser and its trainer share (not installed API). */
#ifndef NS_LEMMAINT_H
#define NS_LEMMAINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ftab.h"
#include "hmap.h"
#include "lemma.h"

#define NS_LEMMA_MAGIC		"NSLEMMA2"
#define NS_LEMMA_MAXFEAT	48
#define NS_LEMMA_MAXWORDS	64
/* The class under which features of a candidate's output are scored. */
#define NS_LEMMA_OUTCLASS	0xffffffffu

/* A mention split into words: code points, and the same lower-cased. */
struct ns_lwords {
	int32_t	*cp, *lc;		/* all words, back to back */
	size_t	 ncp, capcp;
	size_t	 start[NS_LEMMA_MAXWORDS + 1];	/* word i: [start[i], start[i+1]) */
	size_t	 nw;
};

/*
 * Split valid UTF-8 s[0..n) at white space into w (reused between calls;
 * free with ns_lwords_free).  Words past NS_LEMMA_MAXWORDS are joined to
 * the last one.
 */
void	ns_lwords_split(struct ns_lwords *w, const char *s, size_t n);
void	ns_lwords_free(struct ns_lwords *w);

/*
 * Hashes of the features of word i of w in a mention of type type,
 * prevchg: whether the previous word's lemma differs from its form (the
 * decoder's own choice).  Fills fh[0..NS_LEMMA_MAXFEAT) and returns the
 * count.  Each is scored against a candidate tree c as
 * ns_mix64_with(fh[k], c).
 */
size_t	ns_lemma_features(const struct ns_lwords *w, size_t i,
	    const char *type, int prevchg, uint64_t *fh);

/*
 * Hashes of the features of a candidate lemma out[0..n) (lower case) for
 * word i of w, scored under class NS_LEMMA_OUTCLASS: its ending, alone
 * and with the type and the following words' endings (agreement).
 * Returns the count (at most NS_LEMMA_MAXOUT).
 */
#define NS_LEMMA_MAXOUT	16
size_t	ns_lemma_outfeatures(const struct ns_lwords *w, size_t i,
	    const int32_t *out, size_t n, const char *type, int known,
	    uint64_t *fh);

/*
 * A memo of ns_lemmatize_in's answers (lemma.c).  An answer depends on
 * the language, the type, the mention's bytes and, through the document,
 * only on which candidate outputs another mention holds (in_doc); so an
 * entry keeps, per candidate, what in_doc needs (the output word's
 * document key, whether the mention itself holds that word), and its
 * answers by the candidates' in_doc bits.
 */
struct ns_lcache;

/* The cache's hits and misses so far (for tests). */
void	ns_lemma_cache_stats(const struct ns_lemma_doc *doc,
	    unsigned long *nhit, unsigned long *nmiss);

/*
 * A document's forms: each distinct mention (lower case) once, and per
 * word the number of distinct mentions holding it.
 */
struct ns_lemma_doc {
	struct ns_hmap	 forms;
	struct ns_hmap	 words;
	struct ns_lwords w;
	struct ns_lcache *cache;	/* answers, kept across documents */
};

/* One language of a model, pointing into the model's bytes. */
struct ns_llang {
	char			 code[8];
	uint32_t		 ntrees;	/* tree 0 is the identity */
	const unsigned char	*toff;		/* u32 offsets, ntrees + 1 */
	const unsigned char	*trees;
	struct ns_ftab		 cand;		/* suffix -> pool offset */
	const unsigned char	*pool;		/* u32 count, u32 tree ids */
	uint32_t		 npool;		/* in u32 units */
	struct ns_ftab		 known;		/* lemma word -> count */
	struct ns_ftab		 w;		/* feature x tree -> weight */
	struct ns_ftab		 lex;		/* mention -> string offset */
	const unsigned char	*str;		/* u32 length, bytes */
	uint32_t		 nstr;
};

/*
 * A language section is: code (8 bytes), u32 ntrees, u32 offsets
 * [ntrees + 1], tree bytes, candidate table, u32 npool, pool, table of
 * known lemma words (with their training counts); then the
 * weight table, the lexicon table, u32 nstr, strings.  load_rules reads
 * the first part, load_rest the second; each returns 0 or -1 when the
 * bytes are short.
 */
int	ns_lemma_load_rules(struct ns_llang *l, const unsigned char *p,
	    size_t n, size_t *pos);
int	ns_lemma_load_rest(struct ns_llang *l, const unsigned char *p,
	    size_t n, size_t *pos);

/* The candidate lemmas of one word. */
struct ns_lcand {
	uint32_t	tree;
	size_t		off, len;	/* output in the scratch buffer */
	uint64_t	oh[NS_LEMMA_MAXOUT];	/* output features */
	size_t		no;
	uint64_t	e1, e2, ec;	/* last letter, two, letter class */
	double		em[2];		/* emission score, by prevchg */
};

struct ns_lcands {
	struct ns_lcand	*c;
	size_t		 n, cap;
	struct ns_buf	 out;		/* the candidates' outputs, UTF-8 */
	int32_t		*ocp;
	size_t		 ocap;
};

/*
 * Fill cs with the trees that apply to word i of w: the identity, and
 * the trees seen in training with the word's last two (else one)
 * letters; with their outputs and output features.  An output is a
 * known word when seen at least minknown times in training (1 when
 * lemmatising; 2 in training, so that an example's own lemma does not
 * count).  With doc, an output word is also marked when another
 * mention of the document holds it.  Returns the count.
 */
size_t	ns_lemma_cands(const struct ns_llang *l, const struct ns_lwords *w,
	    size_t i, const char *type, uint32_t minknown,
	    const struct ns_lemma_doc *doc, struct ns_lcands *cs);

/* Weights, whatever holds them: the model's table or the trainer's. */
typedef double	ns_lemma_wfn(const void *ctx, uint64_t h);

/* The class under which adjacent outputs are scored (agreement). */
#define NS_LEMMA_TRANSCLASS	0xfffffffeu

/* Hash of the transition feature k (0, 1, 2) between outputs a and b. */
uint64_t	ns_lemma_trans(const struct ns_lcand *a, const struct ns_lcand *b,
		    int k);

/*
 * Decode a mention: fill cs[0..w->nw) with each word's candidates and
 * their emission scores, then choose one per word (choice[i], an index
 * into cs[i].c) maximising the emissions plus the transitions between
 * adjacent outputs (Viterbi).  A word with no candidate gets choice
 * SIZE_MAX (it stays as it is).
 */
void	ns_lemma_decode(const struct ns_llang *l, const struct ns_lwords *w,
	    const char *type, uint32_t minknown,
	    const struct ns_lemma_doc *doc, ns_lemma_wfn *wf,
	    const void *ctx, struct ns_lcands *cs, size_t *choice);

/* Key of a lemma word lw[0..n) (lower case) in the known-word table. */
uint64_t	ns_lemma_knownkey(const int32_t *lw, size_t n);
/* Key of a pair of letters lw[0..2) of a lemma word in that table. */
uint64_t	ns_lemma_bigramkey(const int32_t *lw);
/* Key of the ending (last two letters) of a lemma word in that table. */
uint64_t	ns_lemma_endkey(const int32_t *lw, size_t n);
void	ns_lcands_free(struct ns_lcands *cs);

/* Hash of a candidate-list key: the last k code points of lower-case w. */
uint64_t	ns_lemma_candkey(const int32_t *lw, size_t n, size_t k);

/* Hash of a lexicon key: type ("" for any) and the lower-cased mention. */
uint64_t	ns_lemma_lexkey(const char *type, const struct ns_lwords *w);

#endif
