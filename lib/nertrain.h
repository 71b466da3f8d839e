/* nertrain.h: training the entity tagger (averaged perceptron, BILOU). */
#ifndef NS_NERTRAIN_H
#define NS_NERTRAIN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "ner.h"

struct ns_nertrain_opts {
	int		 epochs;	/* passes over the documents (6) */
	int		 folds;		/* gazetteer jackknife folds (5) */
	unsigned	 opts;		/* NS_NEROPT_* (NS_NEROPT_LIGHT) */
	double		 prune;		/* drop averaged weights below (1) */
	double		 lowercase;	/* share of mentions lower-cased (0.25) */
	unsigned long	 seed;		/* document order, lower-casing */
	int		 mix;		/* perceptrons averaged into one (3) */
	int		 margin;	/* added to wrong labels' scores (16) */
	/* Called with a line of news now and then, if not NULL. */
	void		(*progress)(const char *msg, void *arg);
	void		*arg;
};

/* The defaults above. */
void	ns_nertrain_defaults(struct ns_nertrain_opts *o);

struct ns_nertrain;

struct ns_nertrain	*ns_nertrain_new(const struct ns_nertrain_opts *o,
			    struct ns_error *err);
void			 ns_nertrain_free(struct ns_nertrain *tr);

/*
 * Word clusters for language lang, as lines "PATH\tWORD\tCOUNT\tMID\tCAP"
 * (what ns_brown_run writes; without MID and CAP, no case profile).
 * Returns 0, or -1 with err filled (a malformed line, too many
 * languages).
 */
int	ns_nertrain_clusters(struct ns_nertrain *tr, const char *lang,
	    const char *text, size_t n, struct ns_error *err);

/*
 * A training document: valid UTF-8 text s[0..n) in language lang, with
 * its mentions (byte offsets; the tagger's types).  The text is copied.
 * Mentions that do not start and end on token boundaries, or overlap an
 * earlier one, are skipped and counted.  Returns 0 or -1 with err.
 */
int	ns_nertrain_doc(struct ns_nertrain *tr, const char *lang,
	    const char *s, size_t n, const struct ns_mention *m, size_t nm,
	    struct ns_error *err);

/*
 * Every document of a corpus in SlavicNER's format: gold, an NDJSON file
 * of records with "lang", "path" (the raw text, relative to gold's
 * folder), "split" and "mentions" with "bstart", "bend" and "type".
 * Only records whose split is split (NULL: all) and whose language is
 * in the comma-separated list langs (NULL: all) are read.  *ndocs, if
 * not NULL, gets the count added.  Returns 0, or -1 with err filled.
 */
int	ns_nertrain_corpus(struct ns_nertrain *tr, const char *gold,
	    const char *split, const char *langs, size_t *ndocs,
	    struct ns_error *err);

/*
 * Train on the documents given and append the model file's bytes to
 * out (ns_ner_load reads them).  Returns 0, or -1 with err filled.
 */
int	ns_nertrain_run(struct ns_nertrain *tr, struct ns_buf *out,
	    struct ns_error *err);

#endif
