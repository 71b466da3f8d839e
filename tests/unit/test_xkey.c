/* test_xkey.c: cross-lingual keys of real names across scripts. */
#include <stdarg.h>
#include <stdlib.h>

#include <unicode/uclean.h>

#include "xkey.h"
#include "tap.h"

static struct ns_keyer *k;

/* The key of lemma in lang, as a static string. */
static const char *
key(const char *lang, const char *type, const char *lemma)
{
	static struct ns_buf b = NS_BUF_INIT;
	static struct ns_error err;

	ns_buf_reset(&b);
	if (ns_entity_key(k, lang, type, lemma, strlen(lemma), &b, &err) == -1)
		return err.msg;
	if (b.p == NULL)
		ns_buf_adds(&b, "");
	return b.p;
}

#define same(l1, s1, l2, s2) do { \
	char *a_ = strdup(key(l1, "PER", s1)); \
	const char *b_ = key(l2, "PER", s2); \
	ok(strcmp(a_, b_) == 0, "%s (%s) and %s (%s) share a key", \
	    s1, l1, s2, l2); \
	if (strcmp(a_, b_) != 0) printf("#   %s vs %s\n", a_, b_); \
	free(a_); \
} while (0)

int
main(void)
{
	struct ns_error err;
	struct ns_keyed m[3];
	const char *s;

	k = ns_keyer_default(&err);
	ok(k != NULL, "default keyer loads");
	ok(ns_keyer_load("junk", 4, &err) == NULL, "junk is refused");
	is_str(err.msg, strlen(err.msg), "not a key model", "with a message");

	s = key("uk", "PER", "Віткофф");
	is_str(s, strlen(s), "vitkoff", "uk BGN romanisation");
	s = key("ru", "PER", "Дональд Трамп");
	is_str(s, strlen(s), "donald tramp",
	    "ru: words kept, soft sign dropped");
	same("ru", "Трамп", "ru", "Трамп");
	s = key("en", "PER", "Trump");
	is_str(s, strlen(s), "trump", "Latin: lower case");
	s = key("cs", "LOC", "Třinec");
	is_str(s, strlen(s), "trinec", "Latin: diacritics folded");

	m[0] = (struct ns_keyed){ "PER", "Стив Уиткофф", 0,
	    strdup("stiv uitkoff") };
	m[1] = (struct ns_keyed){ "PER", "Уиткофф", 0, strdup("uitkoff") };
	m[2] = (struct ns_keyed){ "LOC", "Уиткофф", 0, strdup("uitkoff") };
	ns_keys_propagate(k, "ru", m, 3);
	is_str(m[1].key, strlen(m[1].key), "stiv uitkoff",
	    "surname takes the full name's key");
	is_str(m[2].key, strlen(m[2].key), "uitkoff", "not across types");
	free(m[0].key);
	free(m[1].key);
	free(m[2].key);
	ns_keyer_free(k);
	u_cleanup();
	return tap_done();
}
