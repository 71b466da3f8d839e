/* xkey.h: one cross-lingual, cross-script key per named entity. */
#ifndef NS_XKEY_H
#define NS_XKEY_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * The key of a lemma: ICU's per-language BGN/PCGN romanisation (Latin
 * scripts: diacritics folded), then a learned phonetic folding of the
 * spelling differences between languages, then a learned table of
 * exonyms (Германия / Німеччина / Niemcy).  Keys are lower-case ASCII;
 * only their equality means anything.
 *
 * A keyer keeps its ICU transliterators and a cache of computed keys, so
 * it is NOT safe to share between threads: open one per thread.
 */
struct ns_keyer;

/* The embedded default model; NULL + err on failure. */
struct ns_keyer	*ns_keyer_default(struct ns_error *err);

/*
 * A model from bytes p[0..n) (a file read by the caller, or the output
 * of ns_xkey_train); the bytes must outlive the keyer.  NULL + err when
 * the bytes are not a key model or ICU fails.
 */
struct ns_keyer	*ns_keyer_load(const void *p, size_t n, struct ns_error *err);
void		 ns_keyer_free(struct ns_keyer *k);

/*
 * Append the cross-lingual key of lemma[0..n) (valid UTF-8; type and lang
 * as for ns_lemmatize) to out, e.g. "witkoff".  An empty or letterless
 * lemma gives an empty key.  Returns 0, or -1 with err filled.
 */
int	ns_entity_key(struct ns_keyer *k, const char *lang, const char *type,
	    const char *lemma, size_t n, struct ns_buf *out,
	    struct ns_error *err);

/*
 * A second opinion on a lemma: out->p[lemma0..out->len) is the lemma
 * that ns_lemmatize gave for the mention form[0..nform).  When the key
 * model's table does not know that lemma as a name but knows the
 * mention as written (white space collapsed), the mention replaces the
 * lemma in out: an indeclinable name (Маямі, which the lemmatiser took
 * for a locative of *Маям, and which the table knows from Маями and
 * Miami) stays as it is.  Returns 1 when replaced, 0 when not, -1 with
 * err filled when romanisation fails (out is then as it was).
 */
int	ns_lemma_recheck(struct ns_keyer *k, const char *lang,
	    const char *type, const char *form, size_t nform,
	    struct ns_buf *out, size_t lemma0, struct ns_error *err);

/*
 * Document level: m[0..n) are the mentions of one document in text
 * order, each with the key ns_entity_key gave it.  A partial mention (a
 * PER mention that is a surname or a first name alone, and more
 * generally a mention whose words are the tail of a fuller mention of
 * the same type) takes the key of that fuller mention; when several
 * fuller mentions fit, the most frequent one (then the first) wins.
 * keys are malloc'd strings owned by the caller; the function may
 * replace them (free + new).
 */
struct ns_keyed {
	const char	*type;
	const char	*lemma;
	size_t		 lemma_len;
	char		*key;
};

void	ns_keys_propagate(struct ns_keyer *k, const char *lang,
	    struct ns_keyed *m, size_t n);

/*
 * Training: corpus and split as for struct ns_lemma_train (the records'
 * "lemma" and "key" are used).  The model is appended to model.
 * Returns 0, or -1 with err filled.
 */
struct ns_xkey_train {
	const char	*corpus;
	const char	*split;
};

int	ns_xkey_train(const struct ns_xkey_train *opt, struct ns_buf *model,
	    struct ns_error *err);

#endif
