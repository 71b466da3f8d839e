/* test_xkey.c: cross-lingual keys of real names across scripts. */
#include <stdarg.h>
#include <stdlib.h>

#include <unicode/uclean.h>

#include "mix.h"
#include "xkey.h"
#include "xkeyint.h"
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

#define cmp(t, l1, s1, l2, s2, eq) do { \
	char *a_ = strdup(key(l1, t, s1)); \
	const char *b_ = key(l2, t, s2); \
	ok((strcmp(a_, b_) == 0) == (eq), "%s (%s) and %s (%s) %s a key", \
	    s1, l1, s2, l2, (eq) ? "share" : "do not share"); \
	if ((strcmp(a_, b_) == 0) != (eq)) printf("#   %s vs %s\n", a_, b_); \
	free(a_); \
} while (0)
#define same(l1, s1, l2, s2)	cmp("PER", l1, s1, l2, s2, 1)
#define samel(l1, s1, l2, s2)	cmp("LOC", l1, s1, l2, s2, 1)
#define differ(l1, s1, l2, s2)	cmp("PER", l1, s1, l2, s2, 0)

#define FIX	"tests/fixtures/entities-norm"

/* Training on the hand-written fixture, then using the model. */
static void
training(void)
{
	struct ns_xkey_train opt = { FIX "/mini.ndjson", "train" };
	struct ns_buf model = NS_BUF_INIT;
	struct ns_keyer *def = k;
	struct ns_error err;

	ok(ns_xkey_train(&opt, &model, &err) == 0, "trains on the fixture");
	k = ns_keyer_load(model.p, model.len, &err);
	ok(k != NULL, "and the model loads");
	samel("ru", "Германия", "uk", "Німеччина");
	samel("ru", "Германия", "pl", "Niemcy");
	samel("uk", "Київ", "pl", "Kijów");
	same("ru", "Иванов", "pl", "Iwanow");
	differ("ru", "Иванов", "ru", "Сидоров");
	ns_keyer_free(k);
	k = def;
	ns_buf_free(&model);
	opt.split = "test";
	ok(ns_xkey_train(&opt, &model, &err) == -1, "no names fails");
	is_str(err.msg, strlen(err.msg), "no linked names to learn from",
	    "with a message");
	ns_buf_free(&model);
}

/* ns_lemma_recheck on lemma for the mention form: the lemma it leaves. */
static void
recheck(const char *lang, const char *type, const char *form,
    const char *lemma, const char *want, int rc)
{
	struct ns_buf b = NS_BUF_INIT;
	struct ns_error err;
	int got;

	ns_buf_adds(&b, "x");	/* something before the lemma stays */
	ns_buf_adds(&b, lemma);
	got = ns_lemma_recheck(k, lang, type, form, strlen(form), &b, 1,
	    &err);
	ok(got == rc, "recheck %s -> %s: returns %d (%d)", form, lemma, rc,
	    got);
	ok(b.len >= 1 && b.p[0] == 'x', "and keeps what came before");
	is_str(b.p + 1, b.len - 1, want, "lemma of %s", form);
	ns_buf_free(&b);
}

/*
 * Plain ASCII (letters, digits, spaces, hyphens, full stops) is
 * romanised without ICU: in every language the shortcut must give what
 * ICU's chain gives, on names and on random strings of those characters.
 */
static void
test_plain_ascii(void)
{
	static const char *const langs[] = {
		"ru", "uk", "bg", "be", "mk", "sr", "kk", "el", "pl", "cs", "sl",
		"en", ""
	};
	static const char *const names[] = {
		"Boris Johnson", "O. J. Simpson", "F-16", "COVID-19", "Ryanair",
		"Nord Stream 2", "EU", "St. Petersburg", "  Kyiv  Post ", "A-",
		"-", ".", "", "YEREVAN", "Yevgeny Ye", "iPhone 12 Pro Max"
	};
	static const char alpha[] = "aAeEyYzZhHkKcCsSiIjJoOuU09 -.";
	struct ns_buf fast = NS_BUF_INIT, icu = NS_BUF_INIT;
	struct ns_error err;
	char s[16];
	uint64_t h = 5;
	size_t li, i, j, n, bad = 0, tried = 0;

	for (li = 0; li < sizeof(langs) / sizeof(langs[0]); li++)
		for (i = 0; i < 300 + sizeof(names) / sizeof(names[0]); i++) {
			const char *t = s;

			if (i < sizeof(names) / sizeof(names[0]))
				t = names[i];
			else {
				h = ns_mix64(h + 1);
				n = 1 + h % (sizeof(s) - 1);
				for (j = 0; j < n; j++) {
					h = ns_mix64(h + 1);
					s[j] = alpha[h % (sizeof(alpha) - 1)];
				}
				s[n] = '\0';
			}
			ns_buf_reset(&fast);
			ns_buf_reset(&icu);
			ns_xkey_icu_only = 0;
			if (ns_keyer_romanise(k, langs[li], t, strlen(t), &fast,
			    &err) == -1)
				bad++;
			ns_xkey_icu_only = 1;
			if (ns_keyer_romanise(k, langs[li], t, strlen(t), &icu,
			    &err) == -1)
				bad++;
			if (fast.len != icu.len ||
			    memcmp(fast.p, icu.p, fast.len) != 0)
				bad++;
			tried++;
		}
	ns_xkey_icu_only = 0;
	ok(bad == 0, "plain ASCII without ICU as with it: %zu strings in 13 "
	    "languages, %zu differ", tried, bad);
	ns_buf_free(&fast);
	ns_buf_free(&icu);
}

int
main(void)
{
	struct ns_error err;
	struct ns_keyed m[3];
	const char *s;
	int i;

	k = ns_keyer_default(&err);
	ok(k != NULL, "default keyer loads");
	test_plain_ascii();
	ok(ns_keyer_load("junk", 4, &err) == NULL, "junk is refused");
	is_str(err.msg, strlen(err.msg), "not a key model", "with a message");

	/* The examples (item 5): one key across languages. */
	same("ru", "Уиткофф", "uk", "Віткофф");
	same("ru", "Уиткофф", "bg", "Уиткоф");
	same("ru", "Уиткофф", "en", "Witkoff");
	same("ru", "Дмитриев", "uk", "Дмитрієв");
	same("ru", "Трамп", "bg", "Тръмп");
	same("ru", "Трамп", "pl", "Trump");
	samel("ru", "Майами", "uk", "Майамі");
	samel("ru", "Майами", "bg", "Маями");
	samel("ru", "Майами", "en", "Miami");
	samel("ru", "Киев", "uk", "Київ");
	samel("ru", "Киев", "en", "Kyiv");
	/* Exonyms: names that differ beyond spelling, from the table. */
	samel("ru", "Германия", "uk", "Німеччина");
	samel("ru", "Германия", "pl", "Niemcy");
	samel("bg", "САЩ", "ru", "США");
	/* And different people stay apart. */
	differ("ru", "Трамп", "ru", "Путин");
	differ("ru", "Дмитриев", "ru", "Кушнер");
	s = key("uk", "PER", "Віткофф");
	is_str(s, strlen(s), "wytkwf", "the key of Віткофф, folded");
	s = key("ru", "PER", "");
	is_str(s, strlen(s), "", "an empty lemma has an empty key");
	s = key("ru", "PER", "Анна-Мария");
	ok(strchr(s, ' ') != NULL, "words split at a hyphen: %s", s);

	/* A surname alone takes the full name's key in its document. */
	m[0] = (struct ns_keyed){ "PER", "Стив Уиткофф", 0, NULL };
	m[1] = (struct ns_keyed){ "PER", "Уиткофф", 0, NULL };
	m[2] = (struct ns_keyed){ "LOC", "Уиткофф", 0, NULL };
	for (i = 0; i < 3; i++) {
		m[i].lemma_len = strlen(m[i].lemma);
		m[i].key = strdup(key("ru", m[i].type, m[i].lemma));
	}
	ok(strcmp(m[0].key, m[1].key) != 0, "before: two keys");
	ns_keys_propagate(k, "ru", m, 3);
	is_str(m[1].key, strlen(m[1].key), m[0].key,
	    "surname takes the full name's key");
	ok(strcmp(m[2].key, m[0].key) != 0, "but not across types");
	for (i = 0; i < 3; i++)
		free(m[i].key);
	m[0] = (struct ns_keyed){ "PER", "Віткофф", 7 * 2, strdup("a") };
	ns_keys_propagate(k, "uk", m, 1);
	is_str(m[0].key, 1, "a", "one mention: nothing to do");
	free(m[0].key);

	/* An indeclinable name the lemmatiser took for an inflected form. */
	recheck("uk", "LOC", "Майамі", "Майам", "Майамі", 1);
	/* A known base form stays; so does an unknown one of an unknown form. */
	recheck("uk", "LOC", "Києві", "Київ", "Київ", 0);
	recheck("ru", "PER", "Уиткоффом", "Уиткофф", "Уиткофф", 0);
	recheck("uk", "PER", "Піневича", "Піневич", "Піневич", 0);
	/* The form replaces it with its white space collapsed. */
	recheck("ru", "LOC", "Нью-\t  Йорк", "Нью- Йорка", "Нью- Йорк", 1);
	training();
	ns_keyer_free(k);
	u_cleanup();
	return tap_done();
}
