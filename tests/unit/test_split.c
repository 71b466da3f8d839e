/* test_split.c: articles into paragraphs and sentences; file lists. */
#include <stdio.h>
#include <stdlib.h>

#include <unicode/uclean.h>

#include "pathlist.h"
#include "split.h"
#include "utf8.h"
#include "tap.h"

static struct ns_split *sp;
static struct ns_doc doc;

static void
run(const char *s, int flags)
{
	struct ns_error err;

	if (ns_split_doc(sp, s, strlen(s), flags, -1, &doc, &err) < 0)
		printf("# %s\n", err.msg);
}

/* Whether every unit's offsets select its own text in doc.text. */
static int
slices(void)
{
	size_t i, b0, b1;
	const char *t = doc.text.p;

	for (i = 0; i < doc.npara + doc.nsent; i++) {
		const struct ns_span *s = i < doc.npara ? NULL :
		    &doc.sent[i - doc.npara];
		size_t c0 = s ? s->c0 : doc.para[i].c0;
		size_t c1 = s ? s->c1 : doc.para[i].c1;

		b0 = ns_utf8_byte_offset(t, doc.text.len, c0);
		b1 = ns_utf8_byte_offset(t, doc.text.len, c1);
		if (b0 != (s ? s->b0 : doc.para[i].b0) ||
		    b1 != (s ? s->b1 : doc.para[i].b1) || b1 <= b0)
			return 0;
	}
	return 1;
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p = malloc(1 << 16);

	*n = fp != NULL ? fread(p, 1, (1 << 16) - 1, fp) : 0;
	p[*n] = '\0';
	if (fp != NULL)
		fclose(fp);
	return p;
}

int
main(void)
{
	static const char *const seeds[] = {
		"000_814065d34073cabb", "001_1ef1a0633de8ea85",
		"002_0eb56f0bcda4d5b8", "003_8bfec394be4f21b2",
		"004_fee3d157b1e92951"
	};
	static const int nkept[] = { 8, 11, 9, 11, 9 };
	struct ns_wordlist *wl;
	struct ns_pathlist *pl;
	struct ns_error err;
	const char *name;
	char path[128], *s;
	size_t i, n;
	FILE *fp;

	wl = ns_wordlist_default(&err);
	sp = ns_split_open(wl, &err);
	ns_doc_init(&doc);
	ok(sp != NULL, "a splitter opens");

	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "tests/fixtures/seeds/%s.txt",
		    seeds[i]);
		s = slurp(path, &n);
		ns_split_doc(sp, s, n, NS_SPLIT_TITLELINE | NS_SPLIT_KEEP |
		    NS_SPLIT_SENTENCES, -1, &doc, &err);
		ok(doc.nsent >= doc.npara && slices(),
		    "seed %s: every paragraph and sentence is its slice", seeds[i]);
		is_int(doc.npara - doc.nboiler, nkept[i], "seed %s: %d paragraphs "
		    "of article", seeds[i], nkept[i]);
		free(s);
	}
	is_str(ns_wordlist_langname(wl, doc.lang), 2, "ru", "seed 004 is ru");

	run(" date 2025-12-21 Заголовок\n\nАрхивное фото\n\nПервый абзац "
	    "статьи о переговорах в Майами.\nОн продолжается здесь, и это "
	    "одна строка из многих.\n\n\n   Второй абзац: переговоры "
	    "продолжатся завтра.  \n", NS_SPLIT_SENTENCES);
	is_str(doc.text.p, doc.text.len, "Первый абзац статьи о переговорах "
	    "в Майами. Он продолжается здесь, и это одна строка из многих."
	    "\n\nВторой абзац: переговоры продолжатся завтра.",
	    "boilerplate out, a wrapped paragraph joined, spaces trimmed");
	is_str(doc.hdr.date, strlen(doc.hdr.date), "2025-12-21", "the date");
	is_int(doc.npara, 2, "two paragraphs");
	is_int(doc.para[1].c0, 97, "the second starts at code point 97");
	is_int(doc.nsent, 3, "three sentences");
	is_int(doc.nboiler, 1, "one boilerplate paragraph");

	run("Мир\n10.12.2025\n23:00\n", NS_SPLIT_KEEP);
	is_int(doc.npara, 3, "short lines are paragraphs of their own");
	run("Первая строка\tс табуляцией, довольно длинная,\r\nвторая "
	    "строка с возвратом каретки в конце,\nтретья короче\n", 0);
	is_str(doc.text.p, doc.text.len, "Первая строка с табуляцией, "
	    "довольно длинная, вторая строка с возвратом каретки в конце, "
	    "третья короче", "a wrapped paragraph with CR and tab");
	run("Короткая строка\nещё одна строка\n", 0);
	is_int(doc.npara, 2, "lines under 30 characters are not wrapped");
	run("Текст\001 с\x7f управляющими\0 знаками.", 0);
	is_int(doc.ncontrol, 2, "two controls replaced (the NUL ends the C string)");
	is_str(doc.text.p, doc.text.len, "Текст\xEF\xBF\xBD с\xEF\xBF\xBD "
	    "управляющими", "by U+FFFD");
	run("", NS_SPLIT_SENTENCES);
	ok(doc.npara == 0 && doc.nsent == 0 && doc.text.len == 0,
	    "an empty text: nothing");

	ok(!ns_split_isbinary("Обычный текст.\n", 26), "text is not binary");
	ok(ns_split_isbinary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20),
	    "a PNG header is binary");
	ok(!ns_split_isbinary("Текст \xff с одной ошибкой и многими словами.",
	    strlen("Текст \xff с одной ошибкой и многими словами.")),
	    "one bad byte in text is not binary");

	fp = fopen("pathlist.tmp", "wb");
	fwrite("a.txt\n\nb c.txt\r\n", 1, 16, fp);
	fclose(fp);
	pl = ns_pathlist_open("pathlist.tmp", 0, &err);
	ok(pl != NULL && ns_pathlist_next(pl, &name, &err) == 1 &&
	    strcmp(name, "a.txt") == 0, "a list: a.txt");
	ok(ns_pathlist_next(pl, &name, &err) == 1 &&
	    strcmp(name, "b c.txt") == 0, "empty lines skipped, CR dropped");
	ok(ns_pathlist_next(pl, &name, &err) == 0, "then the end");
	ns_pathlist_close(pl);
	fp = fopen("pathlist.tmp", "wb");
	fwrite("a\nb.txt\0c.txt\0", 1, 14, fp);
	fclose(fp);
	pl = ns_pathlist_open("pathlist.tmp", 1, &err);
	ok(ns_pathlist_next(pl, &name, &err) == 1 &&
	    strcmp(name, "a\nb.txt") == 0, "NUL-separated: a newline in a name");
	ok(ns_pathlist_next(pl, &name, &err) == 1 &&
	    strcmp(name, "c.txt") == 0, "c.txt");
	ns_pathlist_close(pl);
	remove("pathlist.tmp");
	ok(ns_pathlist_open("no/such/list", 0, &err) == NULL &&
	    strcmp(err.msg, "No such file or directory") == 0,
	    "a missing list: an error");

	ns_doc_free(&doc);
	ns_split_close(sp);
	ns_wordlist_free(wl);
	u_cleanup();
	return tap_done();
}
