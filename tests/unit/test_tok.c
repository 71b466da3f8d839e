/* test_tok.c: the tagger's tokens: ICU words, rules, code-point offsets. */
#include <stdarg.h>

#include <unicode/uclean.h>
#include <utf8proc.h>

#include "tok.h"
#include "tap.h"

static struct ns_tokenizer *tk;
static struct ns_tokens toks;
static const char *text;

static void
run(const char *s)
{
	struct ns_error err;

	text = s;
	if (ns_tokenize(tk, s, strlen(s), &toks, &err) == -1)
		printf("# tokenize: %s\n", err.msg);
}

/* Index of the token spelled w (the first one), or -1. */
static long
find(const char *w)
{
	size_t i;

	for (i = 0; i < toks.n; i++)
		if (toks.v[i].b1 - toks.v[i].b0 == strlen(w) &&
		    memcmp(text + toks.v[i].b0, w, strlen(w)) == 0)
			return (long)i;
	return -1;
}

static int
flag(const char *w, unsigned f)
{
	long i = find(w);

	return i >= 0 && (toks.v[i].flags & f) != 0;
}

/*
 * The character classes against utf8proc's categories, as they were
 * computed before ASCII and Basic Cyrillic got their fast paths: every
 * code point agrees.
 */
static void
test_classes(void)
{
	int32_t c, bad = -1;

	for (c = 0; c < 0x110000; c++) {
		utf8proc_category_t cat = utf8proc_category(c);
		int up = cat == UTF8PROC_CATEGORY_LU ||
		    cat == UTF8PROC_CATEGORY_LT;
		int low = cat == UTF8PROC_CATEGORY_LL;
		int let = cat >= UTF8PROC_CATEGORY_LU &&
		    cat <= UTF8PROC_CATEGORY_LO;

		if (c >= 0xD800 && c < 0xE000)
			continue;	/* surrogates: never decoded */
		if (ns_tok_isupper(c) != up || ns_tok_islower(c) != low ||
		    ns_tok_isletter(c) != let ||
		    ns_tok_lower(c) != utf8proc_tolower(c)) {
			bad = c;
			break;
		}
	}
	ok(bad < 0, "upper, lower, letter and lower-casing agree with "
	    "utf8proc on every code point%s", bad < 0 ? "" : " (not one)");
	if (bad >= 0)
		printf("# U+%04X\n", (unsigned)bad);
}

int
main(void)
{
	struct ns_error err;
	long i;

	test_classes();
	tk = ns_tokenizer_open(&err);
	ok(tk != NULL, "tokenizer opens");

	run("В. В. Путин встретился с Дж. Байденом в Нью-Йорке.");
	is_int(toks.n, 15, "15 tokens (initials, dots and hyphen apart)");
	ok(flag("В", NS_TOK_INITIAL), "В is an initial");
	ok(flag("Дж", NS_TOK_INITIAL), "Дж is an initial");
	ok(toks.v[1].flags & NS_TOK_NOBREAK, "the dot after В does not end a sentence");
	ok(!flag("Путин", NS_TOK_SENT), "so Путин does not start one");
	ok(toks.v[0].flags & NS_TOK_SENT, "the first token starts the text's sentence");
	i = find("Нью");
	ok(i >= 0 && (toks.v[i].flags & NS_TOK_HYPHEN), "Нью is part of a compound");
	is_int(toks.v[i].comp1 - toks.v[i].comp0, 2, "Нью - Йорке: three tokens");
	is_int(toks.v[i + 2].c0, 44, "Йорке starts at code point 44");
	is_int(toks.v[i + 2].c1, 49, "and ends at 49");
	is_int(toks.v[i + 2].b1 - toks.v[i + 2].b0, 10, "10 bytes");

	run("Мар'яна і п’ять сімʼї. Київ");
	ok(find("Мар'яна") >= 0, "Мар'яна is one token");
	ok(find("п’ять") >= 0, "п’ять is one token");
	ok(find("сімʼї") >= 0, "сімʼї (U+02BC) is one token");
	ok(flag("Київ", NS_TOK_SENT), "Київ starts a sentence after a dot");

	run("Передає «Главком», а не \"The Moscow Times\".");
	ok(flag("«", NS_TOK_QOPEN), "« opens");
	ok(flag("»", NS_TOK_QCLOSE), "» closes");
	ok(flag("Главком", NS_TOK_INQUOTE), "Главком is inside quotes");
	ok(!flag("не", NS_TOK_INQUOTE), "не is not");
	ok(flag("Moscow", NS_TOK_INQUOTE), "Moscow is inside straight quotes");
	i = find("\"");
	ok(i >= 0 && (toks.v[i].flags & NS_TOK_QOPEN), "the first \" opens");

	run("😀 Київ, т. е. столица. Жизнь");
	i = find("Київ");
	is_int(toks.v[i].c0, 2, "offsets count the emoji as one code point");
	is_int(toks.v[i].b0, 5, "and four bytes plus the space");
	ok(!flag("столица", NS_TOK_SENT), "no break before a lower-case word");
	ok(flag("Жизнь", NS_TOK_SENT), "a break before a capital");

	run("Живёт на ул. Ленина.");
	ok(flag("Ленина", NS_TOK_SENT), "an unknown abbreviation ends a sentence");
	ns_tokenizer_abbrev(tk, "ул", strlen("ул"));
	run("Живёт на ул. Ленина.");
	ok(flag("ул", NS_TOK_ABBR), "a known one is marked");
	ok(!flag("Ленина", NS_TOK_SENT), "and does not");

	run("Заголовок\n\nПервый абзац");
	ok(flag("Первый", NS_TOK_PARA), "a blank line before a paragraph");
	ok(flag("Первый", NS_TOK_SENT), "a line break starts a sentence");

	run("");
	is_int(toks.n, 0, "empty text, no tokens");

	ns_tokens_free(&toks);
	ns_tokenizer_close(tk);
	u_cleanup();
	return tap_done();
}
