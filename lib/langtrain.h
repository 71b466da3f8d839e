/* langtrain.h: train and calibrate an ns-lang model from text per language. */
#ifndef NS_LANGTRAIN_H
#define NS_LANGTRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "langcal.h"

/*
 * Training: multinomial logistic regression over the features of
 * lib/langfeat.h, fitted with AdaGrad on every training line and on a
 * single word and a word pair drawn from it (so that short texts are
 * learned too), the softmax running over the languages of the line's
 * scripts only.  A feature gets a weight for each language whose text
 * contains it; features seen fewer than mincount times are dropped.  The
 * weights are then quantised to 8 bits, and the model is calibrated on
 * the held-out lines (every holdout-th line of each file).
 */

struct ns_langtrain_opts {
	int	holdout;	/* every Nth line held out (0: none); 20 */
	int	epochs;		/* SGD passes; 3 */
	double	rate;		/* AdaGrad step; 0.1 */
	int	mincount;	/* minimum feature count; 3 */
	double	balance;	/* class weight (mean lines / lines)^balance */
	int	words;		/* single-word examples per line (max) */
	int	pairs;		/* word-pair examples per line (max); 10 */
	int	pairwords;	/* texts this short use pair features; 3 */
	double	wword;		/* weight of the word examples */
	double	wpair;		/* weight of the pair examples */
	double	l2;		/* L2 penalty on the weights in use */
	int	minq;		/* drop weights under this many steps; 1 */
	int	fullwords;	/* frequent words stored with their sums; 300000 */
	double	fullspan;	/* ... of languages this close to the best; 8 */
	double	lexweight;	/* word lexicon's weight (0: none); 1 */
	double	lextemp;	/* its temperature (0: fitted); 0 */
	double	lexalpha;	/* its additive smoothing; 0.1 */
	int	lexmin;		/* its words: seen this often; 1 */
	uint64_t seed;		/* shuffling */
	/* Progress messages (lib/ never prints); may be NULL. */
	void	(*log)(void *ctx, const char *msg);
	void	*logctx;
};

/* Fill *o with the defaults above. */
void	ns_langtrain_defaults(struct ns_langtrain_opts *o);

/*
 * Set one option from "name=value" (names as in the struct: epochs, rate,
 * mincount, balance, words, pairs, pairwords, wword, wpair, l2, minq,
 * fullwords, fullspan, holdout, lexweight, lextemp, lexalpha, lexmin,
 * seed).  Returns 0, or -1 with err filled.
 */
int	ns_langtrain_set(struct ns_langtrain_opts *o, const char *setting,
	    struct ns_error *err);

struct ns_langtrain;

/* An empty training set. */
struct ns_langtrain	*ns_langtrain_new(void);
void			 ns_langtrain_free(struct ns_langtrain *t);

/*
 * Add the lines of text[0..len) to language code ("ru"; "sr-Latn" adds to
 * "sr": a script or region subtag only names the file's part).  The
 * line numbers count from 1 within each call, for the held-out rule.
 * Invalid UTF-8 is repaired.  Returns 0, or -1 with err filled (a bad
 * code, too many languages).
 */
int	ns_langtrain_add(struct ns_langtrain *t, const char *code,
	    const char *text, size_t len, struct ns_error *err);

/*
 * Add every <code>.txt file of dir (sorted by name; other files are
 * ignored).  Returns 0, or -1 with err filled (unreadable directory or
 * file, no text files).
 */
int	ns_langtrain_add_dir(struct ns_langtrain *t, const char *dir,
	    struct ns_error *err);

/* Whether a file name is a training file name, and its language code. */
int	ns_langtrain_filename(const char *name, char code[8]);

/*
 * Train, quantise and calibrate; append the model file's bytes to out
 * and, when cal is not NULL, the calibration figures on the held-out
 * lines to *cal.  When raw is not NULL it receives the raw model: all
 * the quantised weights, before pruning and word sums (for
 * ns_langtrain_refit).  Returns 0, or -1 with err filled.
 */
int	ns_langtrain_build(struct ns_langtrain *t,
	    const struct ns_langtrain_opts *o, struct ns_buf *out,
	    struct ns_buf *raw, struct ns_langcal_report *cal,
	    struct ns_error *err);

/*
 * Prune, add word sums and calibrate again from a raw model trained on
 * the same text (o->minq, o->fullwords, o->holdout apply); as
 * ns_langtrain_build otherwise.
 */
int	ns_langtrain_refit(struct ns_langtrain *t,
	    const struct ns_langtrain_opts *o, const void *raw, size_t rawlen,
	    struct ns_buf *out, struct ns_langcal_report *cal,
	    struct ns_error *err);

/*
 * Add the word lexicon of the training text t to the model
 * model[0..len), which must have none and t's languages, fit its weight
 * and calibrate again on t's held-out lines (o->holdout, o->lexalpha,
 * o->lexmin apply; the other weights stay as they are).  As
 * ns_langtrain_build otherwise.
 */
int	ns_langtrain_relex(struct ns_langtrain *t,
	    const struct ns_langtrain_opts *o, const void *model, size_t len,
	    struct ns_buf *out, struct ns_langcal_report *cal,
	    struct ns_error *err);

/*
 * Append to out the model model[0..len) written anew in this version's
 * format (NS_LANGID_VERSION: dense runs, lexicon), with the same weights,
 * word sums and calibration.  Returns 0, or -1 with err filled.
 */
int	ns_langtrain_repack(const void *model, size_t len, struct ns_buf *out,
	    struct ns_error *err);

#endif
