/* lemma.h: base forms of named-entity mentions (learned edit trees). */
#ifndef NS_LEMMA_H
#define NS_LEMMA_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * A lemmatiser holds, per language and entity type, a set of edit trees
 * (suffix/prefix rewrite rules, Chrupała 2008) and a linear classifier
 * that picks one tree per word of a mention from suffix, shape, type and
 * position features.  Multi-word mentions are lemmatised word by word.
 * A lemmatiser is read-only after loading: one may be shared by threads.
 */
struct ns_lemmatizer;

/* The embedded default model; NULL + err on failure. */
struct ns_lemmatizer	*ns_lemmatizer_default(struct ns_error *err);

/*
 * A model from bytes p[0..n) (a file read by the caller, or the output
 * of ns_lemma_train); the bytes must outlive the lemmatiser.  NULL + err
 * when the bytes are not a lemma model.
 */
struct ns_lemmatizer	*ns_lemmatizer_load(const void *p, size_t n,
			    struct ns_error *err);
void			 ns_lemmatizer_free(struct ns_lemmatizer *lz);

/*
 * Append the base form of the mention s[0..n) (valid UTF-8) to out:
 * type is "PER", "LOC", "ORG", "EVT" or "PRO" (NULL or another string
 * is treated as unknown), lang an ISO 639-1 code ("ru", "uk", "bg",
 * "cs", "pl", "sl", ...).  A language or type the model does not know
 * gives the mention unchanged (white space collapsed).  Returns 0, or
 * -1 with err filled (out is then unchanged).
 */
int	ns_lemmatize(const struct ns_lemmatizer *lz, const char *lang,
	    const char *type, const char *s, size_t n, struct ns_buf *out,
	    struct ns_error *err);

/*
 * The mention s[0..n) as ns_lemmatize gives it for a language it does
 * not know: its words joined by one space.
 */
void	ns_lemma_form(const char *s, size_t n, struct ns_buf *out);

/*
 * Document context: the mentions of one document, so that a mention is
 * lemmatised knowing the document's other forms (an unseen name's base
 * form often appears elsewhere: Erjavcu beside Erjavec).  Add every
 * mention's text (repeats are counted once), lemmatise each with
 * ns_lemmatize_in, clear before the next document.
 */
struct ns_lemma_doc;

struct ns_lemma_doc	*ns_lemma_doc_new(void);
void	ns_lemma_doc_add(struct ns_lemma_doc *doc, const char *s, size_t n);
void	ns_lemma_doc_clear(struct ns_lemma_doc *doc);
void	ns_lemma_doc_free(struct ns_lemma_doc *doc);

/*
 * ns_lemmatize with the document's context (doc may be NULL).  doc also
 * remembers the answers (news repeats its mentions), across
 * ns_lemma_doc_clear, in a few megabytes at most, until
 * ns_lemma_doc_free.  So a doc must not outlive a lemmatiser it served
 * (a later one could take its address), and, like the doc itself, serves
 * one thread.  The answers are the same as without the memo.
 */
int	ns_lemmatize_in(const struct ns_lemmatizer *lz,
	    struct ns_lemma_doc *doc, const char *lang, const char *type,
	    const char *s, size_t n, struct ns_buf *out, struct ns_error *err);

/*
 * Training.  corpus is an NDJSON file in the format of SlavicNER's
 * gold.ndjson (one document a line: "lang", optional "split", and
 * "mentions" or "entities" with "text", "type", "lemma"); only records
 * whose "split" equals split are used (split NULL: all records).
 * ud_dir, when not NULL, is a folder of CoNLL-U files named
 * <lang>_<treebank>-ud-*.conllu whose PROPN tokens add (form, lemma)
 * pairs.  The model is appended to model (write it to a file, or pass it
 * to ns_lemmatizer_load).  Returns 0, or -1 with err filled.
 */
struct ns_lemma_train {
	const char	*corpus;
	const char	*split;
	const char	*ud_dir;
	int		 epochs;	/* perceptron passes; 0 = default */
};

int	ns_lemma_train(const struct ns_lemma_train *opt, struct ns_buf *model,
	    struct ns_error *err);

#endif
