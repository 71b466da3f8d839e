/* ner.h: named-entity recognition: a BILOU tagger over tokens. */
#ifndef NS_NER_H
#define NS_NER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* The entity types, in the order of the corpus's label set. */
enum ns_ent_type {
	NS_ENT_PER,
	NS_ENT_LOC,
	NS_ENT_ORG,
	NS_ENT_EVT,
	NS_ENT_PRO,
	NS_ENT_NTYPES
};

/* "PER", "LOC", ... */
const char	*ns_ent_type_name(int type);
/* The type named s[0..n) (case-sensitive), or -1. */
int		 ns_ent_type_parse(const char *s, size_t n);

/* A mention: bytes [b0, b1) and code points [c0, c1) of the text. */
struct ns_mention {
	size_t	b0, b1;
	size_t	c0, c1;
	int	type;
};

struct ns_ner;

/*
 * A model from the bytes of a model file (ns-entities train), which must
 * stay unchanged while the model is in use.  Loading copies the feature
 * table (2 MB for the shipped model) and turns its long rows of weights
 * into dense vectors, a few milliseconds; the rest is read in place.
 * NULL with err filled when the bytes are not a model.
 */
struct ns_ner	*ns_ner_load(const void *p, size_t n, struct ns_error *err);
/*
 * Add the weights that the model gives feature f (a hash made by
 * ns_nerfeat_token) to sc[0..NS_NER_NLABELS), as the tagger does.
 */
void		 ns_ner_addweights(const struct ns_ner *ner, uint64_t f,
		    int32_t *sc);
/* The model compiled into the library (models/ner.bin). */
struct ns_ner	*ns_ner_default(struct ns_error *err);
void		 ns_ner_free(struct ns_ner *ner);
/* Whether the model was trained on language lang ("ru"). */
int		 ns_ner_has_lang(const struct ns_ner *ner, const char *lang);
/* The languages of the model, comma-separated ("bg,cs,pl,ru,sl,uk"). */
const char	*ns_ner_langs(const struct ns_ner *ner);

struct ns_tagger;

/*
 * A tagger: the per-thread state of tagging with a model (tokenizer,
 * scratch space, the document memory).  The model must outlive it.
 */
struct ns_tagger	*ns_tagger_new(const struct ns_ner *ner,
			    struct ns_error *err);
void			 ns_tagger_free(struct ns_tagger *tg);

/*
 * Forget what earlier texts taught about the document (which words were
 * entities of which type); call it between documents.  Texts tagged
 * without a call in between are read as parts of one document.
 */
void	ns_tagger_newdoc(struct ns_tagger *tg);

/*
 * Tag valid UTF-8 text s[0..n) in language lang (an ISO code, or NULL
 * or "" when unknown: the model's language-independent features only).
 * On success *out points at *nout mentions in text order, valid until
 * the next call.  Returns 0, or -1 with err filled.
 */
int	ns_tagger_run(struct ns_tagger *tg, const char *lang, const char *s,
	    size_t n, const struct ns_mention **out, size_t *nout,
	    struct ns_error *err);

#endif
