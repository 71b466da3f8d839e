/* test_seg.c: ICU segmentation; the word fast path against ICU alone. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <unicode/uclean.h>

#include "buf.h"
#include "seg.h"
#include "utf8.h"
#include "tap.h"

#define SEEDS	"tests/fixtures/seeds/"

static struct ns_seg *fast, *icu;
static long nspans, ndiff;

/* Segment s[0..n) both ways; count the spans and the differences. */
static int
compare(const char *s, size_t n)
{
	struct ns_error err;
	struct ns_span a, b;
	int more, diff = 0;

	if (ns_seg_set_text(fast, s, n, &err) < 0 ||
	    ns_seg_set_text(icu, s, n, &err) < 0) {
		printf("# set_text: %s\n", err.msg);
		ndiff++;
		return 1;
	}
	do {
		more = ns_seg_next(icu, &b);
		if (ns_seg_next(fast, &a) != more || (more &&
		    (a.b0 != b.b0 || a.b1 != b.b1 || a.c0 != b.c0 ||
		    a.c1 != b.c1 || a.cls != b.cls))) {
			if (ndiff < 10)
				printf("# differs at byte %zu of '%.*s'\n",
				    b.b0, (int)n, s);
			diff = 1;
			break;
		}
		nspans += more;
	} while (more);
	ndiff += diff;
	return diff;
}

/* The segments of s by the fast path, as "text/class" joined by '|'. */
static const char *
render(const char *s)
{
	static struct ns_buf out;
	struct ns_error err;
	struct ns_span sp;

	ns_buf_reset(&out);
	ns_seg_set_text(fast, s, strlen(s), &err);
	while (ns_seg_next(fast, &sp)) {
		if (out.len > 0)
			ns_buf_addc(&out, '|');
		ns_buf_add(&out, s + sp.b0, sp.b1 - sp.b0);
		ns_buf_adds(&out, sp.cls == NS_SEG_LETTER ? "/L" :
		    sp.cls == NS_SEG_NUMBER ? "/N" : "");
	}
	ns_buf_addc(&out, '\0');
	return out.p;
}

static char *
slurp(const char *path, size_t *n)
{
	struct ns_buf b = NS_BUF_INIT;
	char chunk[65536];
	size_t got;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ns_buf_add(&b, chunk, got);
	fclose(fp);
	*n = b.len;
	return b.p;
}

/* Tricky text by hand: each line is compared, and the whole. */
static const char *tricky[] = {
	"don't can't rock'n'roll 'quoted' l'homme O'Brien",
	"п’ять м'ясо пʼять сімʼя об'єкт ‘так’ ’т",
	"e.g. i.e. т.е. т. е. U.S.A. з.п. ст.5 a.1 1.a",
	"3.14 1,000 1.000,50 1'000 12:30 1;2 1.2.3 .5 5. ,5",
	"well-known Нью-Йорк 2022-2023 COVID-19 a‐b a‑b —a– x−y",
	"😀 👍🏽 👨‍👩‍👧 🇺🇦🇷🇺 ❤️ ©2024 ®™ №5 ℹ️ 1️⃣",
	"line one\r\nline two\rthree\n\nfour\v\f\xc2\x85\u2028\u2029end",
	"tabs\there\t\tand  spaces   \t mixed",
	"Київ Kyiv Κύπρος Москва Warszawa Łódź Ærø İstanbul ǅ",
	"cafe\u0301 Йо\u0308 и\u0306 a\u0301\u0302b \u0301lead x \u0301",
	"a\u00a0b 1\u00a0000 1\u202f000 a\u2007b x\u2009y",
	"Мини\u00adстерство soft\u00adhyphen a\u200bb a\u200db a\u2060b",
	"שלום עולם צה\"ל ש'ל カタカナ ひらがな 漢字 한국어 ไทย ١٢٣ ۱۲",
	"foo_bar __init__ a@b.com user@example.org @handle #tag $5 €10",
	"«Главком» „Так“ “quoted” \"The Moscow Times\" ‹a› (x) [y] {z}",
	"2022г 5x x5 1st 100km 3D A4 Ту-154 МиГ-29",
	"...a... !?! ‼ … a…b ..., ,,, ''' \"\"\" ’’",
	"\u2003em\u2002en\u3000ideo\u1680ogham  \u205fmath",
	"end with mid. end with apostrophe' end with comma, 1, 1. 1'",
	"\u0300 starts with a mark",
	"\xef\xbb\xbf BOM and \xe2\x80\x8e LRM \xe2\x80\x8f RLM",
	"",
};

/*
 * Every string of up to three characters from this alphabet: the
 * classes the fast path knows, and the ones it leaves to ICU, side by
 * side.
 */
static const char *alpha[] = {
	"a", "Я", "é", "ʼ", "Ω", "ǅ", "ª", "1", "٣", " ", "\u2003", "\t",
	"\r", "\n", "\v", "\u2028", ".", ",", ":", ";", "'", "’", "\"", "-",
	"_", "@", "!", "«", "—", "…", "\u00a0", "\u202f", "\u00ad", "\u200b",
	"\u200d", "\u0301", "😀", "🏽", "❤", "🇺", "א", "カ", "ひ", "漢", "한",
	"ไ", "©", "\u2060", "\xef\xbb\xbf", "\x01",
};
#define NALPHA	(sizeof(alpha) / sizeof(alpha[0]))

static void
exhaustive(void)
{
	char s[64];
	size_t i, j, k, n;

	for (i = 0; i < NALPHA; i++) {
		compare(alpha[i], strlen(alpha[i]));
		for (j = 0; j < NALPHA; j++) {
			n = (size_t)snprintf(s, sizeof(s), "%s%s", alpha[i],
			    alpha[j]);
			compare(s, n);
			for (k = 0; k < NALPHA; k++) {
				n = (size_t)snprintf(s, sizeof(s), "%s%s%s",
				    alpha[i], alpha[j], alpha[k]);
				compare(s, n);
			}
		}
	}
}

/*
 * Every code point the fast path has a class for (below U+2C00, and a
 * few beyond), between letters, digits, spaces and quotes, doubled, and
 * before a mark.
 */
static void
codepoints(void)
{
	static const char *ctx[] = { "a", "1", " ", "'", "" };
	char s[64], c[4];
	size_t n, cn, x, y, nctx = sizeof(ctx) / sizeof(ctx[0]);
	int32_t cp;

	for (cp = 1; cp < 0x2E00; cp++) {
		cn = ns_utf8_encode(cp, c);
		for (x = 0; x < nctx; x++)
			for (y = 0; y < nctx; y++) {
				n = (size_t)snprintf(s, sizeof(s), "%s%.*s%s",
				    ctx[x], (int)cn, c, ctx[y]);
				compare(s, n);
			}
		n = (size_t)snprintf(s, sizeof(s), "%.*s%.*s", (int)cn, c,
		    (int)cn, c);
		compare(s, n);
		n = (size_t)snprintf(s, sizeof(s), "%.*s\u0301", (int)cn, c);
		compare(s, n);
	}
}

/* Longer random strings of the alphabet (a fixed sequence). */
static void
random_strings(int count)
{
	char s[256];
	unsigned long x = 12345;
	size_t n, len, i;

	while (count-- > 0) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		len = 4 + (x >> 33) % 24;
		for (n = i = 0; i < len; i++) {
			const char *c;

			x = x * 6364136223846793005UL + 1442695040888963407UL;
			c = alpha[(x >> 33) % NALPHA];
			memcpy(s + n, c, strlen(c));
			n += strlen(c);
		}
		compare(s, n);
	}
}

static void
seeds(void)
{
	static const char *files[] = {
		"000_814065d34073cabb.txt", "001_1ef1a0633de8ea85.txt",
		"002_0eb56f0bcda4d5b8.txt", "003_8bfec394be4f21b2.txt",
		"004_fee3d157b1e92951.txt",
	};
	char path[256];
	size_t i, n, k, e;
	char *s;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), SEEDS "%s", files[i]);
		if ((s = slurp(path, &n)) == NULL) {
			ok(0, "read %s", path);
			continue;
		}
		compare(s, n);
		for (k = 0; k < n; k = e + 1) {
			for (e = k; e < n && s[e] != '\n'; e++)
				;
			compare(s + k, e - k);
		}
		free(s);
	}
}

int
main(void)
{
	struct ns_error err;
	struct ns_seg *w, *s;
	struct ns_span sp;
	const char *text = "Віткофф прилетів. 😀 Він сказав: «Так»!";
	size_t n = strlen(text), i;
	int nwords = 0;

	w = ns_seg_open(NS_SEG_WORD, "uk", &err);
	ok(w != NULL, "word segmenter opens");
	ns_seg_set_text(w, text, n, &err);
	ok(ns_seg_next(w, &sp) == 1, "first word");
	is_int(sp.c0, 0, "starts at 0");
	is_int(sp.c1, 7, "Віткофф is 7 code points");
	is_int(sp.b1, 14, "and 14 bytes");
	ok(sp.cls == NS_SEG_LETTER, "a letter word");
	while (ns_seg_next(w, &sp) == 1) {
		if (sp.cls == NS_SEG_LETTER)
			nwords++;
		if (sp.b0 < n && strncmp(text + sp.b0, "Він", 6) == 0) {
			is_int(sp.c0, 20, "offset after the emoji is in code points");
		}
	}
	is_int(nwords, 4, "four more words (the emoji is not one)");

	s = ns_seg_open(NS_SEG_SENTENCE, "uk", &err);
	ns_seg_set_text(s, text, n, &err);
	ok(ns_seg_next(s, &sp) == 1, "first sentence");
	is_int(sp.c1, 18, "ends after the space");
	ok(ns_seg_next(s, &sp) == 1, "second sentence");
	is_int(sp.c0, 18, "starts where the first ended");
	is_int(sp.c1, ns_utf8_count(text, n), "ends at the end");
	ok(ns_seg_next(s, &sp) == 0, "then done");
	ns_seg_close(w);
	ns_seg_close(s);

	/* The word fast path against ICU alone, span by span. */
	fast = ns_seg_open(NS_SEG_WORD, "", &err);
	icu = ns_seg_open(NS_SEG_WORD_ICU, "", &err);
	ok(fast != NULL && icu != NULL, "root word segmenters open");
	{
		const char *got;

		got = render("e.g. 3.14 1,000 don't п’ять пʼять Ту-154\r\n");
		is_str(got, strlen(got),
		    "e.g/L|.| |3.14/N| |1,000/N| |don't/L| |п’ять/L| "
		    "|пʼять/L| |Ту/L|-|154/N|\r\n",
		    "ICU's joins, found by falling back to it");
		got = render("a  \t\tb\n\nc2022г,«x»");
		is_str(got, strlen(got), "a/L|  |\t|\t|b/L|\n|\n|c2022г/L|,|«|x/L|»",
		    "spaces run, tabs and newlines one by one");
		got = render("cafe\u0301 a\u00a0b a@b");
		is_str(got, strlen(got), "cafe\u0301/L| |a/L|\u00a0|b/L| |a@b/L",
		    "marks stay with their letter, NBSP is not a space, @ "
		    "is a letter");
	}
	nspans = ndiff = 0;
	for (i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		const char *t = tricky[i];
		size_t k, e;

		compare(t, strlen(t));
		for (k = 0; k < strlen(t); k = e + 1) {
			for (e = k; t[e] != '\0' && t[e] != ' '; e++)
				;
			compare(t + k, e - k);
		}
	}
	compare("a\0b 1\0\0 \0\u0301", 11);
	printf("# tricky: %ld spans\n", nspans);
	is_int(ndiff, 0, "tricky text: the fast path's spans are ICU's");
	nspans = ndiff = 0;
	seeds();
	printf("# seeds: %ld spans\n", nspans);
	ok(nspans > 5000, "seeds read");
	is_int(ndiff, 0, "seeds, whole and line by line: spans are ICU's");
	nspans = ndiff = 0;
	exhaustive();
	random_strings(20000);
	printf("# %zu^3 strings and 20000 random ones: %ld spans\n", NALPHA,
	    nspans);
	is_int(ndiff, 0, "all short strings of the alphabet: spans are ICU's");
	nspans = ndiff = 0;
	codepoints();
	printf("# code points to U+2DFF in context: %ld spans\n", nspans);
	is_int(ndiff, 0, "every code point of the table: spans are ICU's");
	ns_seg_close(fast);
	ns_seg_close(icu);
	u_cleanup();
	return tap_done();
}
