/* test_wordlist.c: word lists: loading, lookups, guessing, training. */
#include <stdlib.h>

#include "wltrain.h"
#include "wordlist.h"
#include "tap.h"

static const char lists[] =
    "# a comment\n"
    "lang ru\n"
    "stop и\nstop в\nstop не\nstop что\n"
    "abbr г 0.250 0.200 40 0.300 30\n"
    "abbr т.е 0.000 0.000 6 0.000 0\n"
    "lang uk\n"
    "stop і\nstop в\nstop не\nstop що\n";

/* Lines of a made-up language "xx" with the abbreviation "ул". */
static void
feed(struct ns_wltrain *t)
{
	static const char *const lines[] = {
		"дом стоит на ул. Ленина у реки.",
		"мы шли по ул. Мира к дому.",
		"там на ул. Садовой был сад.",
		"ул. Гоголя длинная и старая.",
		"он и мы шли к дому.",
		"мы и он были у реки.",
		"дом и сад у дома, и мы и он.",
	};
	struct ns_error err;
	size_t i, k;
	char line[128];

	/* Enough inner occurrences for "и" and "мы" to be stop words. */
	for (k = 0; k < 12; k++)
		for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			snprintf(line, sizeof(line), "%zu %s", k, lines[i]);
			ns_wltrain_line(t, "xx", line, strlen(line), &err);
		}
}

int
main(void)
{
	struct ns_wordlist *wl;
	struct ns_wltrain *t;
	struct ns_langvote v;
	struct ns_error err;
	struct ns_buf out = NS_BUF_INIT;
	const struct ns_abbr *ab;
	int ru, uk;

	wl = ns_wordlist_load(lists, strlen(lists), &err);
	ok(wl != NULL, "word lists load");
	is_int(ns_wordlist_nlang(wl), 2, "two languages");
	ru = ns_wordlist_lang(wl, "ru", 2);
	uk = ns_wordlist_lang(wl, "uk", 2);
	ok(ru == 0 && uk == 1, "ru is 0, uk is 1");
	ok(ns_wordlist_lang(wl, "bg", 2) == -1, "bg is absent");
	is_str(ns_wordlist_langname(wl, uk), 2, "uk", "name of 1");
	ok(ns_wordlist_isstop(wl, ru, "что", 6) &&
	    !ns_wordlist_isstop(wl, uk, "что", 6), "что: ru, not uk");
	ok(ns_wordlist_isstop(wl, -1, "що", 4), "any language: що");
	ok(ns_wordlist_stopmask(wl, "в", 2) == 3, "в: both languages");
	ab = ns_wordlist_abbr(wl, ru, "г", 2);
	ok(ab != NULL && ab->pend > 0.24 && ab->pend < 0.26 &&
	    ab->count == 40 && ab->countnum == 30, "г. and its statistics");
	ok(ns_wordlist_abbr(wl, uk, "г", 2) == NULL, "not in uk");
	ok(ns_wordlist_abbr(wl, ru, "т.е", 5) != NULL, "т.е (inner period)");
	is_int(ns_wordlist_guess(wl, "Я знаю, что ты не придёшь и в дом.",
	    strlen("Я знаю, что ты не придёшь и в дом.")), ru,
	    "guess: ru from что, не, и, в");
	is_int(ns_wordlist_guess(wl, "Я знаю, що ти не прийдеш і в дім.",
	    strlen("Я знаю, що ти не прийдеш і в дім.")), uk,
	    "guess: uk from що, і");
	is_int(ns_wordlist_guess(wl, "Hello world", 11), -1,
	    "guess: none without stop words");
	memset(&v, 0, sizeof(v));
	ns_wordlist_vote(&v, 3);
	ns_wordlist_vote(&v, 2);
	ok(v.score[0] == 0.5 && v.score[1] == 1.5, "votes split 1/k");
	is_int(ns_wordlist_winner(wl, &v), uk, "uk wins");
	ns_wordlist_free(wl);

	wl = ns_wordlist_load("stop и\n", 7, &err);
	ok(wl == NULL, "an entry before any lang is an error");
	is_str(err.msg, strlen(err.msg), "word list line 1: \"lang\" expected",
	    "with the line");
	wl = ns_wordlist_load("lang ru\nabbr г x 0 1 0 0\n", 25, &err);
	ok(wl == NULL && err.line == 2, "a bad number: line 2");
	wl = ns_wordlist_load("# nothing\n", 10, &err);
	ok(wl == NULL, "no languages: an error");

	wl = ns_wordlist_default(&err);
	ok(wl != NULL && ns_wordlist_nlang(wl) == 31,
	    "the built-in lists have 31 languages");
	ok(ns_wordlist_abbr(wl, ns_wordlist_lang(wl, "bg", 2), "проф",
	    strlen("проф")) != NULL, "bg: проф. is learned");
	ok(ns_wordlist_isstop(wl, ns_wordlist_lang(wl, "uk", 2), "що",
	    strlen("що")), "uk: що is a stop word");
	ns_wordlist_free(wl);

	t = ns_wltrain_new();
	feed(t);
	ok(ns_wltrain_line(t, "", "x", 1, &err) == -1,
	    "an empty language code is refused");
	ns_wltrain_write(t, &out, 3, 3, "a test");
	ok(strstr(out.p, "# source: a test\n") != NULL, "the source is named");
	ok(strstr(out.p, "lang xx\nstop и\n") != NULL,
	    "xx: the most frequent lower-case word first");
	ok(strstr(out.p, "\nabbr ул 0.000 1.000 48 0.000 12\n") != NULL,
	    "ул.: never at the end, always before a capital, 48 times");
	ok(strstr(out.p, "abbr дому") == NULL && strstr(out.p, "abbr реки") ==
	    NULL, "words that end lines are not abbreviations");
	wl = ns_wordlist_load(out.p, out.len, &err);
	ok(wl != NULL && ns_wordlist_abbr(wl, 0, "ул", 4) != NULL,
	    "what training writes loads back");
	ns_wordlist_free(wl);
	ns_wltrain_free(t);
	ns_buf_free(&out);
	return tap_done();
}
