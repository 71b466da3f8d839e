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
	int	epochs;		/* SGD passes; 4 */
	double	rate;		/* AdaGrad step; 0.1 */
	int	mincount;	/* minimum feature count; 2 */
	double	balance;	/* class weight (mean lines / lines)^balance */
	int	snippets;	/* also train on a word and a pair per line */
	uint64_t seed;		/* shuffling */
	/* Progress messages (lib/ never prints); may be NULL. */
	void	(*log)(void *ctx, const char *msg);
	void	*logctx;
};

/* Fill *o with the defaults above. */
void	ns_langtrain_defaults(struct ns_langtrain_opts *o);

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
 * lines to *cal.  Returns 0, or -1 with err filled.
 */
int	ns_langtrain_build(struct ns_langtrain *t,
	    const struct ns_langtrain_opts *o, struct ns_buf *out,
	    struct ns_langcal_report *cal, struct ns_error *err);

#endif
