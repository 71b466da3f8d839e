/* test_lang.c: language-ID features, scoring, spans, training, calibration. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef NS_TEST_BUILD
#include <unicode/uclean.h>
#endif

#include "buf.h"
#include "langcal.h"
#include "langfeat.h"
#include "langid.h"
#include "langid_format.h"
#include "langspan.h"
#include "langtrain.h"
#include "seg.h"
#include "tap.h"

static void
test_words(void)
{
	/* Ukrainian apostrophe (U+02BC), an English one, digits, a hyphen. */
	const char *s = "П\xCA\xBCять don't 42x Hello-World ab'";
	struct ns_langfeat_iter it;
	struct ns_langfeat_word w;
	uint32_t keys[NS_LANGFEAT_MAXHASH];
	uint32_t lower;

	ns_langfeat_begin(&it, s, strlen(s));
	ok(ns_langfeat_next(&it, &w), "first word");
	is_int(w.len, 5, "п'ять has 5 letters with the apostrophe");
	is_int(w.cp[0], 0x43F, "lower-cased п");
	is_int(w.cp[1], '\'', "U+02BC read as an apostrophe");
	is_int(w.c0, 0, "starts at code point 0");
	is_int(w.c1, 5, "ends at code point 5");
	is_int(w.b1, 10, "ends at byte 10");
	is_int(w.script, NS_SCRIPT_CYRILLIC, "Cyrillic");
	ok(ns_langfeat_next(&it, &w), "second word");
	is_int(w.len, 5, "don't");
	is_int(w.script, NS_SCRIPT_LATIN, "Latin");
	ok(ns_langfeat_next(&it, &w), "digits end words");
	is_int(w.len, 1, "x after 42");
	is_int(w.c0, 14, "x at code point 14");
	ok(ns_langfeat_next(&it, &w) && w.len == 5 && w.cp[0] == 'h',
	    "a hyphen splits words, case folded");
	ok(ns_langfeat_next(&it, &w) && w.len == 5, "world");
	ok(ns_langfeat_next(&it, &w) && w.len == 2,
	    "a trailing apostrophe is not part of the word");
	ok(!ns_langfeat_next(&it, &w), "end of text");

	/* "kot": <k ko kot kot> ... 3 letters framed: 1+2+3+... keys. */
	ns_langfeat_begin(&it, "kot", 3);
	ns_langfeat_next(&it, &w);
	/* padded length 5: n-grams 5+4+3+2+1 = 15, less the two lone marks,
	 * plus the word key. */
	is_int(ns_langfeat_hashes(&w, 5, keys), 14, "keys of a 3-letter word");
	is_int(ns_langfeat_ngrams(&w, 5, keys), 13, "n-grams alone");
	is_int(ns_langfeat_hashes(&w, 5, keys) > 0 && keys[13] ==
	    ns_langfeat_word_key(&w), 1, "the word key comes last");
	is_int(ns_langfeat_class(0x451, &lower), NS_SCRIPT_CYRILLIC, "ё");
	is_int(ns_langfeat_class(0x3A9, &lower), NS_SCRIPT_GREEK, "Ω");
	is_int(lower, 0x3C9, "Ω lower-cased");
	is_int(ns_langfeat_class(0x4E2D, &lower), NS_SCRIPT_OTHER, "中");
	is_int(ns_langfeat_class('7', &lower), NS_SCRIPT_NONE, "7");

	/* Invalid UTF-8 is a space, and never read past the end. */
	ns_langfeat_begin(&it, "ab\xFF" "cd\xD0", 6);
	ok(ns_langfeat_next(&it, &w) && w.len == 2, "before a bad byte");
	ok(ns_langfeat_next(&it, &w) && w.len == 2 && w.b1 == 5,
	    "after it, a truncated sequence ends the word");
	ok(!ns_langfeat_next(&it, &w), "nothing more");
}

static void
detect(const struct ns_langid *m, const char *text, const char *want,
    const char *what)
{
	struct ns_langid_result res;

	ns_langid_detect(m, text, strlen(text), &res);
	is_str(res.lang, strlen(res.lang), want, "%s", what);
}

static void
test_default(void)
{
	const struct ns_langid *m;
	struct ns_langid_opts o;
	struct ns_langid_result res;
	struct ns_error err;
	struct ns_buf doc = NS_BUF_INIT;
	int i, bg, ru;

	m = ns_langid_default(&err);
	ok(m != NULL, "the built-in model opens");
	if (m == NULL)
		return;
	is_int(ns_langid_nlangs(m), 31, "31 languages");
	ok(ns_langid_find(m, "sr") >= 0, "Serbian is sr");
	is_int(ns_langid_find(m, "sr-Latn"), -1, "no sr-Latn");
	is_int(ns_langid_scripts(m, ns_langid_find(m, "sr")),
	    NS_SCRIPT_BIT(NS_SCRIPT_LATIN) | NS_SCRIPT_BIT(NS_SCRIPT_CYRILLIC),
	    "Serbian in both scripts");
	is_int(ns_langid_scripts(m, ns_langid_find(m, "ru")),
	    NS_SCRIPT_BIT(NS_SCRIPT_CYRILLIC), "Russian in Cyrillic");
	ok(ns_langid_default(&err) == m, "opened once");

	detect(m, "Что происходит?", "ru", "ru question");
	detect(m, "Що відбувається?", "uk", "uk question");
	detect(m, "Какво става?", "bg", "bg question");
	detect(m, "Што се случува?", "mk", "mk question");
	detect(m, "Шта се дешава?", "sr", "sr question, Cyrillic");
	detect(m, "Šta se dešava?", "sr", "sr question, Latin");
	detect(m, "Што адбываецца?", "be", "be question");
	detect(m, "Co się dzieje?", "pl", "pl question");
	detect(m, "Co se děje?", "cs", "cs question");
	detect(m, "What is going on?", "en", "en question");
	detect(m, "Τι συμβαίνει;", "el", "el question");
	detect(m, "12345 !!!", "und", "no letters");
	detect(m, "東京", "und", "no language of this script");

	/* sorted = 3: the three best in order, as a full sort puts them. */
	{
		static const char cs[] = "Je to pravda, že se to stalo?";
		struct ns_langid_result all;

		memset(&o, 0, sizeof(o));
		ns_langid_detect_opts(m, &o, cs, strlen(cs), &all);
		for (i = 1; i < all.ncand; i++)
			if (all.best[i].p > all.best[i - 1].p)
				break;
		ok(all.ncand > 3 && i == all.ncand, "sorted 0: all in order");
		o.sorted = 3;
		ns_langid_detect_opts(m, &o, cs, strlen(cs), &res);
		is_int(res.ncand, all.ncand, "sorted 3: every candidate");
		for (i = 0; i < 3; i++)
			ok(res.best[i].lang == all.best[i].lang &&
			    res.best[i].p == all.best[i].p,
			    "sorted 3: place %d as in the full sort", i);
		for (i = 3; i < res.ncand; i++)
			if (res.best[i].p > res.best[2].p)
				break;
		ok(i == res.ncand, "sorted 3: the rest below the third");
	}

	ns_langid_detect(m, "", 0, &res);
	is_int(res.ncand, 0, "empty text: no candidates");
	ok(res.score == 0, "empty text: score 0");

	/* --only: among ru and uk, Bulgarian text is one of them. */
	memset(&o, 0, sizeof(o));
	ru = ns_langid_find(m, "ru");
	o.only = (uint64_t)1 << ru | (uint64_t)1 << ns_langid_find(m, "uk");
	ns_langid_detect_opts(m, &o, "Специалният пратеник на САЩ пристигна "
	    "в Москва.", 58, &res);
	is_int(res.ncand, 2, "two candidates");
	ok(strcmp(res.lang, "ru") == 0 || strcmp(res.lang, "uk") == 0,
	    "restricted answer (%s)", res.lang);
	ok(fabs(res.best[0].p + res.best[1].p - 1) < 1e-9,
	    "probabilities over the two add up to 1");

	/* The minimum score. */
	memset(&o, 0, sizeof(o));
	o.min_score = 0.999999;
	ns_langid_detect_opts(m, &o, "Не зная.", 14, &res);
	is_str(res.lang, strlen(res.lang), "und", "below --min-score");
	ok(res.score > 0 && res.score < 0.999999, "score kept: %g",
	    res.score);
	o.no_minimum = 1;
	ns_langid_detect_opts(m, &o, "Не зная.", 14, &res);
	ok(strcmp(res.lang, "und") != 0, "no minimum: an answer");

	/* A long document stops early and keeps its answer. */
	for (i = 0; i < 200; i++)
		ns_buf_adds(&doc, "Специалният пратеник на САЩ Стив Уиткоф и "
		    "руският пратеник Кирил Дмитриев са обсъдили плана. ");
	ns_langid_detect(m, doc.p, doc.len, &res);
	bg = strcmp(res.lang, "bg") == 0;
	ok(bg, "long Bulgarian document");
	ok(res.early, "stopped early");
	ok(res.nwords < 400, "after %zu of 2800 words", res.nwords);
	memset(&o, 0, sizeof(o));
	o.full = 1;
	ns_langid_detect_opts(m, &o, doc.p, doc.len, &res);
	ok(!res.early && res.nwords == 2800, "full: all %zu words",
	    res.nwords);
	is_str(res.lang, strlen(res.lang), "bg", "same answer read in full");
	ns_buf_free(&doc);
}

static void
test_spans(void)
{
	const char *s = "Переговоры в Майами продолжатся завтра. Стив Уиткофф "
	    "заявил журналистам следующее. \"We made real progress today, "
	    "and we will meet again next week.\" После этого делегации "
	    "разъехались.";
	const struct ns_langid *m;
	struct ns_langspans sp = NS_LANGSPANS_INIT;
	struct ns_error err;
	struct ns_seg *seg;

	if ((m = ns_langid_default(&err)) == NULL)
		return;
	seg = ns_seg_open(NS_SEG_SENTENCE, "", &err);
	ok(ns_langspan_find(m, NULL, seg, s, strlen(s), &sp, &err) == 0,
	    "spans");
	is_int(sp.n, 3, "three runs");
	if (sp.n == 3) {
		is_str(sp.v[0].lang, 2, "ru", "Russian first");
		is_int(sp.v[0].start, 0, "from 0");
		is_int(sp.v[0].end, 83, "to the quotation");
		is_str(sp.v[1].lang, 2, "en", "the English quotation");
		is_int(sp.v[1].end, 148, "to its end");
		is_str(sp.v[2].lang, 2, "ru", "Russian again");
		is_int(sp.v[2].end, 182, "to the end of the text");
		ok(sp.v[1].score > 0.9, "quotation score %g", sp.v[1].score);
	}
	ok(ns_langspan_find(m, NULL, seg, "123. 456.", 9, &sp, &err) == 0 &&
	    sp.n == 1 && strcmp(sp.v[0].lang, "und") == 0 &&
	    sp.v[0].end == 9, "no letters: one und run");
	ok(ns_langspan_find(m, NULL, seg, "", 0, &sp, &err) == 0 &&
	    sp.n == 0, "empty text: no runs");
	ns_langspans_free(&sp);
	ns_seg_close(seg);
}

static void
test_calibration(void)
{
	struct ns_langcal_set set = NS_LANGCAL_SET_INIT;
	struct ns_langcal_report rep;
	double sc[3], a, b;
	uint64_t rng = 12345;
	int i, truth;

	/*
	 * Units whose true probabilities are softmax(s / 2): the fit must
	 * find T = 2 (a = ln 2, b = 0) and the result be well calibrated.
	 */
	for (i = 0; i < 6000; i++) {
		double u, p0, p1, sum;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		sc[0] = (double)(rng >> 40) / (1 << 24) * 8;
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		sc[1] = (double)(rng >> 40) / (1 << 24) * 8;
		sc[2] = 0;
		sum = exp(sc[0] / 2) + exp(sc[1] / 2) + 1;
		p0 = exp(sc[0] / 2) / sum;
		p1 = exp(sc[1] / 2) / sum;
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		u = (double)(rng >> 40) / (1 << 24);
		truth = u < p0 ? 0 : u < p0 + p1 ? 1 : 2;
		ns_langcal_add(&set, sc, 3, truth, 1 + (size_t)(i % 5),
		    (enum ns_langcal_kind)(i % NS_LANGCAL_NKINDS));
	}
	ns_langcal_fit(&set, &a, &b);
	ok(fabs(a - log(2)) < 0.1, "temperature found: a = %.3f", a);
	ok(fabs(b) < 0.06, "no length effect: b = %.3f", b);
	ns_langcal_report(&set, &rep);
	ok(rep.all.ece < 0.03, "calibrated: ECE %.4f", rep.all.ece);
	is_int(rep.all.n, 6000, "all units measured");
	is_int(rep.kind[NS_LANGCAL_WORD].n, 2000, "a third are words");
	ok(rep.min_score >= 0.3 && rep.min_score <= 0.6,
	    "minimum score near one half: %.1f", rep.min_score);
	ns_langcal_free(&set);

	/* Reliability by hand: two bins, one right, one wrong. */
	sc[0] = log(9);			/* p = 0.9 over two */
	sc[1] = 0;
	ns_langcal_add(&set, sc, 2, 0, 1, NS_LANGCAL_SENT);
	ns_langcal_add(&set, sc, 2, 1, 1, NS_LANGCAL_SENT);
	ns_langcal_report(&set, &rep);
	ns_langcal_measure(&set, 0, 0, -1, &rep.all);
	is_int(rep.all.bin[9].n, 2, "both in the top bin");
	ok(fabs(rep.all.bin[9].acc - 0.5) < 1e-9, "half right");
	ok(fabs(rep.all.ece - 0.4) < 1e-9, "ECE |0.9 - 0.5| = 0.4");
	ns_langcal_free(&set);
}

/* A line per sentence of a seed article, as training text. */
static void
addseed(struct ns_langtrain *t, const char *code, const char *path)
{
	struct ns_buf text = NS_BUF_INIT;
	struct ns_error err;
	char chunk[4096];
	size_t n, i;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		ok(0, "%s: cannot open", path);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ns_buf_add(&text, chunk, n);
	fclose(fp);
	for (i = 0; i + 1 < text.len; i++)
		if (text.p[i] == '.' && text.p[i + 1] == ' ')
			text.p[i + 1] = '\n';
	ok(ns_langtrain_add(t, code, text.p, text.len, &err) == 0,
	    "add %s", code);
	ns_buf_free(&text);
}

static void
test_training(void)
{
	struct ns_langtrain_opts o;
	struct ns_langcal_report rep;
	struct ns_langtrain *t;
	struct ns_buf model = NS_BUF_INIT, raw = NS_BUF_INIT, refit = NS_BUF_INIT;
	struct ns_langid_result res;
	struct ns_langid *m;
	struct ns_error err;
	char code[8];
	int i;

	ok(ns_langtrain_filename("sr-Latn.txt", code) && strcmp(code,
	    "sr") == 0, "sr-Latn.txt is Serbian");
	ok(ns_langtrain_filename("kk.txt", code) && strcmp(code, "kk") == 0,
	    "kk.txt");
	ok(!ns_langtrain_filename("README.txt", code), "README.txt is not");
	ok(!ns_langtrain_filename("ru.dic", code), "ru.dic is not");
	ns_langtrain_defaults(&o);
	ok(ns_langtrain_set(&o, "epochs=3", &err) == 0 && o.epochs == 3,
	    "--set epochs=3");
	ok(ns_langtrain_set(&o, "rate=abc", &err) == -1, "bad value");
	is_str(err.msg, strlen(err.msg), "rate: bad value: abc",
	    "bad value message");
	ok(ns_langtrain_set(&o, "nosuch=1", &err) == -1, "unknown setting");

	t = ns_langtrain_new();
	ok(ns_langtrain_add(t, "Russian", "x\n", 2, &err) == -1,
	    "a bad code is refused");
	addseed(t, "ru", "tests/fixtures/seeds/000_814065d34073cabb.txt");
	addseed(t, "ru", "tests/fixtures/seeds/001_1ef1a0633de8ea85.txt");
	addseed(t, "uk", "tests/fixtures/seeds/002_0eb56f0bcda4d5b8.txt");
	addseed(t, "bg", "tests/fixtures/seeds/003_8bfec394be4f21b2.txt");
	o.holdout = 4;
	o.mincount = 1;
	o.fullwords = 50;
	ok(ns_langtrain_build(t, &o, &model, &raw, &rep, &err) == 0,
	    "trained");
	ok(rep.all.n > 20, "held-out units: %ld", rep.all.n);
	ok(rep.kind[NS_LANGCAL_SENT].acc > 0.85,
	    "held-out sentences right: %.3f", rep.kind[NS_LANGCAL_SENT].acc);
	m = ns_langid_open_mem(model.p, model.len, &err);
	ok(m != NULL, "the model opens");
	if (m != NULL) {
		is_int(ns_langid_nlangs(m), 3, "three languages");
		ns_langid_detect(m, "Американська сторона ознайомить делегатів",
		    77, &res);
		is_str(res.lang, 2, "uk", "Ukrainian from a small model");
		ns_langid_detect(m, "Специалният пратеник на САЩ", 50, &res);
		is_str(res.lang, 2, "bg", "Bulgarian from a small model");
		ns_langid_free(m);
	}
	/* Refit the raw model: fewer word sums, same languages. */
	o.fullwords = 0;
	ok(ns_langtrain_refit(t, &o, raw.p, raw.len, &refit, &rep, &err) ==
	    0, "refit");
	ok(ns_langtrain_refit(t, &o, model.p, model.len, &refit, &rep,
	    &err) == -1, "a final model cannot be refitted");
	ns_langtrain_free(t);
	ns_buf_free(&model);
	ns_buf_free(&raw);
	ns_buf_free(&refit);

	/* The same words in another order: only the pair features tell. */
	t = ns_langtrain_new();
	ns_buf_reset(&model);
	for (i = 0; i < 40; i++)
		ns_buf_adds(&model, "alpha beta\n");
	ok(ns_langtrain_add(t, "aa", model.p, model.len, &err) == 0, "add aa");
	ns_buf_reset(&model);
	for (i = 0; i < 40; i++)
		ns_buf_adds(&model, "beta alpha\n");
	ok(ns_langtrain_add(t, "bb", model.p, model.len, &err) == 0, "add bb");
	ns_buf_reset(&model);
	ns_langtrain_defaults(&o);
	o.mincount = 1;
	o.holdout = 10;
	ok(ns_langtrain_build(t, &o, &model, NULL, NULL, &err) == 0,
	    "trained with pairs");
	m = ns_langid_open_mem(model.p, model.len, &err);
	ok(m != NULL, "the pair model opens");
	if (m != NULL) {
		ns_langid_detect(m, "alpha beta", 10, &res);
		is_str(res.lang, 2, "aa", "a pair in order");
		ns_langid_detect(m, "Beta, alpha!", 12, &res);
		is_str(res.lang, 2, "bb", "the pair the other way");
		ns_langid_free(m);
	}
	ns_buf_reset(&model);
	o.pairwords = 0;
	ok(ns_langtrain_build(t, &o, &model, NULL, NULL, &err) == 0,
	    "trained without pairs");
	m = ns_langid_open_mem(model.p, model.len, &err);
	ok(m != NULL, "the model without pairs opens");
	if (m != NULL) {
		struct ns_langid_result res2;

		ns_langid_detect(m, "alpha beta", 10, &res);
		ns_langid_detect(m, "beta alpha", 10, &res2);
		ok(strcmp(res.lang, res2.lang) == 0 && res.score == res2.score,
		    "without pairs the order says nothing");
		ns_langid_free(m);
	}
	ns_langtrain_free(t);
	ns_buf_reset(&model);

	t = ns_langtrain_new();
	ok(ns_langtrain_add(t, "ru", "один\n", 9, &err) == 0, "one language");
	ok(ns_langtrain_build(t, &o, &model, NULL, NULL, &err) == -1,
	    "two languages needed");
	ns_langtrain_free(t);
	ns_buf_free(&model);
}

static void
test_load(void)
{
	struct ns_langid_hdr h;
	struct ns_langid *m;
	struct ns_error err;
	char junk[200];

	memset(junk, 'x', sizeof(junk));
	ok(ns_langid_open_mem(junk, sizeof(junk), &err) == NULL, "junk");
	is_str(err.msg, strlen(err.msg), "not an ns-lang model", "junk message");
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NS_LANGID_MAGIC, 8);
	h.version = 99;
	ok(ns_langid_open_mem(&h, sizeof(h), &err) == NULL, "version");
	is_str(err.msg, strlen(err.msg), "unsupported model version 99",
	    "version message");
	h.version = NS_LANGID_VERSION;
	h.nlangs = 2;
	h.maxn = 5;
	h.nslots = 1024;
	h.stop_words = 32;
	ok(ns_langid_open_mem(&h, sizeof(h), &err) == NULL, "truncated");
	ok(strncmp(err.msg, "truncated model", 15) == 0, "%s", err.msg);
	h.nslots = 0;
	ok(ns_langid_open_mem(&h, sizeof(h), &err) == NULL &&
	    strcmp(err.msg, "corrupt model header") == 0, "no slots");
	m = ns_langid_load("tests/no/such/model", &err);
	ok(m == NULL && strcmp(err.msg, "No such file or directory") == 0,
	    "missing file");
}

int
main(void)
{
	test_words();
	test_default();
	test_spans();
	test_calibration();
	test_training();
	test_load();
#ifdef NS_TEST_BUILD
	u_cleanup();
#endif
	return tap_done();
}
