/* test_words.c: letter classes, word runs, folding; interned strings. */
#include "strmap.h"
#include "words.h"
#include "tap.h"

int
main(void)
{
	const char *t = "Т.е. В. В. Путин, Дж. Кушнер и COVID-19 — т.д.";
	struct ns_strmap *m;
	struct ns_word w;
	size_t pos = 0, n = strlen(t), len, i;
	char low[64];
	int32_t c;

	ok(ns_cp_class('a') == NS_CP_LOWER && ns_cp_class(0x416) ==
	    NS_CP_UPPER && ns_cp_class(0x451) == NS_CP_LOWER,
	    "a, Ж and ё have their cases");
	ok(ns_cp_class(0x3B1) == NS_CP_LOWER && ns_cp_class(0x5D0) ==
	    NS_CP_LETTER, "Greek alpha is lower case, Hebrew alef caseless");
	ok(ns_cp_class(0xA0) == NS_CP_SPACE && ns_cp_class('\t') ==
	    NS_CP_SPACE && ns_cp_class(0x2014) == NS_CP_PUNCT &&
	    ns_cp_class('7') == NS_CP_DIGIT, "NBSP, tab, em dash, digit");
	ok(ns_cp_class(0x1F600) == NS_CP_OTHER, "an emoji is a symbol");

	ok(ns_words_next(t, n, &pos, &w), "a first word");
	is_str(t + w.b0, w.b1 - w.b0, "Т.е", "Т.е keeps its inner period");
	ok(w.flags & NS_W_DOTS, "and says so");
	is_int(w.nchars, 3, "three characters");
	ok(ns_words_next(t, n, &pos, &w), "В");
	is_str(t + w.b0, w.b1 - w.b0, "В",
	    "an initial is not glued to the next one across a space");
	ok((w.flags & NS_W_CAP) && (w.flags & NS_W_UPPER), "capitalised");
	for (i = 0; i < 3; i++)
		ns_words_next(t, n, &pos, &w);
	is_str(t + w.b0, w.b1 - w.b0, "Дж", "Дж");
	ok((w.flags & NS_W_CAP) && !(w.flags & NS_W_UPPER) &&
	    !(w.flags & NS_W_LOWER), "Дж is capitalised, not all capitals");
	ns_words_next(t, n, &pos, &w);
	ns_words_next(t, n, &pos, &w);
	ns_words_next(t, n, &pos, &w);
	is_str(t + w.b0, w.b1 - w.b0, "COVID", "digits end a word");
	ns_words_next(t, n, &pos, &w);
	is_str(t + w.b0, w.b1 - w.b0, "т.д", "т.д at the end");
	ok(!ns_words_next(t, n, &pos, &w), "and no more words");

	t = "Нью-Йорк и д'Артаньян";
	n = strlen(t);
	pos = 0;
	ns_words_next(t, n, &pos, &w);
	is_int(w.nchars, 8, "a hyphen joins Нью-Йорк");
	ns_words_next(t, n, &pos, &w);
	ns_words_next(t, n, &pos, &w);
	is_int(w.nchars, 10, "an apostrophe joins д'Артаньян");
	pos = 0;
	ns_words_next("США.Путин", 17, &pos, &w);
	is_int(w.nchars, 3, "a period between long runs does not join");

	t = "ЁЛКА Straße ΣΟΦΙΑ";
	len = ns_words_fold(t, strlen(t), low, sizeof(low));
	is_str(low, len, "ёлка straße σοφια", "folding: Cyrillic, Latin, Greek");
	ok(ns_words_fold("ДлинноеСлово", 24, low, 8) == 0,
	    "too long for the buffer: 0");
	i = strlen("Жук");
	c = ns_words_prev("Жук", &i);
	ok(c == 0x43A && i == 4, "the code point before the end: к at 4");
	i = 0;
	ok(ns_words_decode("Ж", 2, &i) == 0x416 && i == 2, "decode Ж");
	i = 0;
	ok(ns_words_decode("€", 3, &i) == 0x20AC && i == 3, "decode €");

	m = ns_strmap_new();
	for (i = 0; i < 1000; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%zu", i);
		if (ns_strmap_add(m, key, strlen(key)) != (long)i)
			break;
	}
	is_int(i, 1000, "1000 keys get indexes 0..999 through rehashing");
	ok(ns_strmap_add(m, "k17", 3) == 17, "an old key keeps its index");
	ok(ns_strmap_find(m, "k999", 4) == 999, "find");
	ok(ns_strmap_find(m, "k1000", 5) == -1, "absent: -1");
	ok(ns_strmap_add(m, "a\0b", 3) == 1000 && ns_strmap_find(m, "a", 1) ==
	    -1, "keys may hold NUL bytes");
	t = ns_strmap_key(m, 42, &len);
	is_str(t, len, "k42", "key by index");
	is_int(ns_strmap_size(m), 1001, "size");
	ns_strmap_free(m);
	return tap_done();
}
