/* gold.h: reading an entity corpus in SlavicNER's gold.ndjson format. */
#ifndef NS_GOLD_H
#define NS_GOLD_H

#include <stddef.h>

#include "err.h"

/*
 * One entity of a document: its surface form, type, lemma and key; for
 * a mention also its UTF-8 byte offsets into the raw file ("bstart",
 * "bend"; -1 when the record has none).
 */
struct ns_gold_ent {
	const char	*text, *type, *lemma, *key;
	size_t		 ntext, nlemma, nkey;
	long		 bstart, bend;
};

/*
 * A document: "entities" (its distinct forms) and "mentions" (every
 * occurrence, in text order) as the record has them; a record with only
 * one of the two arrays gets it in both.  Missing "lemma" is the text,
 * missing "key" is empty.  The strings live until fn returns.
 */
struct ns_gold_doc {
	const char		*id, *lang, *split, *topic;
	const char		*path;	/* "path": the raw file, or NULL */
	struct ns_gold_ent	*ents;
	size_t			 nents;
	struct ns_gold_ent	*ments;
	size_t			 nments;
};

/*
 * Call fn for every record of the NDJSON file path whose "split" equals
 * split (split NULL: every record).  Records need "lang" and an array of
 * entities or mentions with "text" and "type"; entries lacking them are
 * skipped.  fn returns 0 to go on or -1 to stop with err filled.
 * Returns 0, or -1 with err filled ("FILE:LINE: what") on a read or
 * parse error or when fn stops.
 */
typedef int	ns_gold_fn(void *ctx, const struct ns_gold_doc *d,
		    struct ns_error *err);
int	ns_gold_each(const char *path, const char *split, ns_gold_fn *fn,
	    void *ctx, struct ns_error *err);

/*
 * CoNLL-U tokens (no multi-word ranges, no empty nodes): fn gets each
 * with its language (the file name's part before the first '_', e.g.
 * "ru" for ru_gsd-ud-dev.conllu).  Fields are NUL-terminated.
 */
struct ns_conllu_tok {
	const char	*lang, *form, *lemma, *upos, *feats;
};

typedef int	ns_conllu_fn(void *ctx, const struct ns_conllu_tok *t,
		    struct ns_error *err);

/*
 * Every *.conllu file of folder dir, in name order; fn as for
 * ns_gold_each.  Returns 0, or -1 with err filled.
 */
int	ns_conllu_each_dir(const char *dir, ns_conllu_fn *fn, void *ctx,
	    struct ns_error *err);

#endif
