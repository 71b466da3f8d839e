/* langid.h: language identification with a hashed n-gram model. */
#ifndef NS_LANGID_H
#define NS_LANGID_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "langfeat.h"

/*
 * A model scores a text as the sum, over its words, of the weights of the
 * words' character n-grams (1 to 5 letters, framed by word boundaries) and
 * of the words themselves, plus a bias per language; only the languages
 * written in the text's main script compete.  A calibration maps the scores
 * to probabilities.  See lib/langtrain.h for how a model is trained and
 * ns-lang(1) for the file format's guarantees.
 */

#define NS_LANGID_MAXLANGS	64
#define NS_LANGID_CODELEN	8	/* "sr", "und"; NUL-padded */

struct ns_langid;

/* One language with its calibrated probability. */
struct ns_langid_cand {
	int		 lang;		/* index in the model */
	const char	*code;		/* "ru" */
	double		 p;
};

/*
 * What ns_langid_detect found.  lang is the best language's code, or
 * "und" when no language of the text's scripts is in the model, the text
 * has no letters, or the best probability is below the minimum score;
 * score is the best language's probability in every case (0 without
 * candidates).  best[0..ncand) holds the candidates, by falling
 * probability for the first opts->sorted of them (all when 0), the rest
 * in no particular order.
 */
struct ns_langid_result {
	const char		*lang;
	double			 score;
	int			 ncand;
	struct ns_langid_cand	 best[NS_LANGID_MAXLANGS];
	size_t			 nwords;	/* words scored */
	int			 early;		/* stopped before the end */
};

/* Options; a zeroed struct (or NULL) means the defaults. */
struct ns_langid_opts {
	uint64_t	only;		/* allowed languages (bit = index); 0: all */
	double		min_score;	/* "und" below; 0: the model's default */
	int		no_minimum;	/* never "und" for a low score */
	int		full;		/* read to the end: no early stop */
	int		sorted;		/* best[] entries to order; 0: all */
};

/*
 * The model compiled into libns (models/lang.bin).  Returns NULL with err
 * filled only if that model is corrupt (a build error).  The model is
 * shared and must not be freed.
 */
const struct ns_langid *ns_langid_default(struct ns_error *err);

/*
 * Load a model file written by ns_langtrain_write (mapped read-only).
 * NULL with err filled ("not an ns-lang model", "truncated model", ...).
 */
struct ns_langid	*ns_langid_load(const char *path, struct ns_error *err);

/*
 * Use the model bytes p[0..n) in place; p must stay valid and be 8-byte
 * aligned.  NULL with err filled when the bytes are not a valid model.
 */
struct ns_langid	*ns_langid_open_mem(const void *p, size_t n,
			    struct ns_error *err);

/* Free a model from ns_langid_load or ns_langid_open_mem (NULL is fine). */
void	ns_langid_free(struct ns_langid *m);

/* The model's bytes (a model file's image). */
const void	*ns_langid_bytes(const struct ns_langid *m);
size_t		 ns_langid_size(const struct ns_langid *m);

/* Number of languages, and the code of language i. */
int		 ns_langid_nlangs(const struct ns_langid *m);
const char	*ns_langid_code(const struct ns_langid *m, int i);

/* Index of a language code ("sr"), or -1. */
int	ns_langid_find(const struct ns_langid *m, const char *code);

/* The scripts (NS_SCRIPT_BIT set) language i is written in. */
unsigned ns_langid_scripts(const struct ns_langid *m, int i);

/* The model's default minimum score (chosen at calibration). */
double	ns_langid_min_score(const struct ns_langid *m);

/*
 * Identify the language of text[0..len) (UTF-8; invalid bytes are read
 * as spaces).  opts may be NULL.  Fills *res; never fails.  Thread-safe:
 * the model is read only.
 */
void	ns_langid_detect(const struct ns_langid *m, const char *text,
	    size_t len, struct ns_langid_result *res);
void	ns_langid_detect_opts(const struct ns_langid *m,
	    const struct ns_langid_opts *opts, const char *text, size_t len,
	    struct ns_langid_result *res);

/*
 * Raw scores, for training and calibration.  ns_langid_raw adds the
 * weights of text[0..len)'s words into acc[] (one int32 per language,
 * zeroed by the caller), and the letters per script into nscript[]
 * (NS_SCRIPT_COUNT entries, also zeroed by the caller).  Returns the
 * number of words read.
 */
size_t	ns_langid_raw(const struct ns_langid *m, const char *text, size_t len,
	    int32_t *acc, size_t *nscript);

/*
 * The candidates for a text with letter counts nscript[]: a bit per
 * language, restricted to only (0: no restriction).
 */
uint64_t ns_langid_candidates(const struct ns_langid *m,
	    const size_t *nscript, uint64_t only);

/*
 * The same from a table of the languages' scripts (NS_SCRIPT_BIT sets):
 * the languages of the script of most of the text's letters compete (of
 * both scripts on a tie).  Mixing scripts on a par is rare; a Russian
 * article quoting English is Russian, and --spans shows the quotation.
 */
uint64_t ns_langid_script_filter(const uint32_t *scripts, int nlangs,
	    const size_t *nscript, uint64_t only);

/*
 * Turn raw accumulators into calibrated probabilities over the
 * candidates: fills res->best[] (its first `sorted` entries by falling
 * probability, all of them when 0), res->ncand, res->lang and res->score
 * (without the minimum-score rule).
 */
void	ns_langid_finish(const struct ns_langid *m, const int32_t *acc,
	    uint64_t cand, size_t nwords, int sorted,
	    struct ns_langid_result *res);

#endif
