/* test_lemma.c: base forms of real mentions. */
#include <stdarg.h>

#include "lemma.h"
#include "tap.h"

static struct ns_lemmatizer *lz;

static const char *
lemma(const char *lang, const char *type, const char *s)
{
	static struct ns_buf b = NS_BUF_INIT;
	static struct ns_error err;

	ns_buf_reset(&b);
	if (ns_lemmatize(lz, lang, type, s, strlen(s), &b, &err) == -1)
		return err.msg;
	if (b.p == NULL)
		ns_buf_adds(&b, "");
	return b.p;
}

#define lem(lang, type, s, want) do { \
	const char *g_ = lemma(lang, type, s); \
	is_str(g_, strlen(g_), want, "%s %s: %s", lang, type, s); \
} while (0)

int
main(void)
{
	struct ns_error err;

	lz = ns_lemmatizer_default(&err);
	ok(lz != NULL, "default lemmatiser loads");
	ok(ns_lemmatizer_load("junk", 4, &err) == NULL, "junk is refused");
	is_str(err.msg, strlen(err.msg), "not a lemma model", "with a message");
	lem("ru", "LOC", "США", "США");
	lem("ru", "LOC", "Майами", "Майами");
	lem("xx", "PER", " Стив \n Уиткофф ", "Стив Уиткофф");
	ns_lemmatizer_free(lz);
	return tap_done();
}
