/* test_lemma.c: base forms of real mentions. */
#include <stdarg.h>

#include "etree.h"
#include "lemma.h"
#include "lemmaint.h"
#include "tap.h"

#define FIX	"tests/fixtures/entities-norm"

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

/* Edit trees: build one from a pair, apply it to another word. */
static void
etrees(void)
{
	struct ns_buf t = NS_BUF_INIT, o = NS_BUF_INIT;
	int32_t f[] = { 0x443, 0x438, 0x442, 0x43a, 0x43e, 0x444, 0x444, 0x43e,
	    0x43c };	/* уиткоффом */
	int32_t w[] = { 0x41a, 0x443, 0x448, 0x43d, 0x435, 0x440, 0x43e,
	    0x43c };	/* Кушнером */
	int32_t lw[] = { 0x43a, 0x443, 0x448, 0x43d, 0x435, 0x440, 0x43e,
	    0x43c };
	int32_t up[] = { 'N', 'A', 'T', 'O', 'M' }, uplw[] = { 'n', 'a', 't',
	    'o', 'm' };

	ok(ns_etree_build(f, 9, f, 7, &t) == 0, "tree: уиткоффом -> уиткофф");
	is_int(t.len, 13, "keep the stem, replace \"ом\" by \"\" (13 bytes)");
	ok(ns_etree_apply((unsigned char *)t.p, t.len, w, lw, 8, &o) == 0,
	    "applies to Кушнером");
	is_str(o.p, o.len, "Кушнер", "and keeps its capital");
	ns_buf_reset(&o);
	ok(ns_etree_apply((unsigned char *)t.p, t.len, up, uplw, 5, &o) == -1,
	    "does not apply where \"ом\" is missing");
	ns_buf_reset(&t);
	ok(ns_etree_build(f, 9, f, 9, &t) == 0, "identity tree");
	ok(ns_etree_is_identity((unsigned char *)t.p, t.len), "is identity");
	ns_buf_free(&t);
	ns_buf_free(&o);
}

/* Training on the hand-written fixture, then using the model. */
static void
training(void)
{
	struct ns_lemma_train opt = { FIX "/mini.ndjson", "train", FIX "/ud", 0 };
	struct ns_buf model = NS_BUF_INIT;
	struct ns_lemmatizer *def = lz;
	struct ns_error err;

	ok(ns_lemma_train(&opt, &model, &err) == 0, "trains on the fixture");
	lz = ns_lemmatizer_load(model.p, model.len, &err);
	ok(lz != NULL, "and the model loads");
	lem("ru", "PER", "Ивановым", "Иванов");	/* seen */
	lem("ru", "PER", "Смирновым", "Смирнов");	/* learned: -ым */
	lem("ru", "LOC", "Калуге", "Калуга");		/* learned: -ге */
	lem("uk", "PER", "Петровим", "Петров");
	lem("cs", "PER", "Novákem", "Novákem");		/* no cs model */
	ns_lemmatizer_free(lz);
	lz = def;
	ns_buf_free(&model);
	/*
	 * The lexicon: a mention's most frequent lemma, not the first one
	 * seen; a lemma with a bracket its mention lacks is a slip.
	 */
	opt.corpus = FIX "/lexicon.ndjson";
	opt.ud_dir = NULL;
	ok(ns_lemma_train(&opt, &model, &err) == 0, "trains on the lexicon fixture");
	lz = ns_lemmatizer_load(model.p, model.len, &err);
	ok(lz != NULL, "and the model loads");
	lem("ru", "LOC", "Ярославле", "Ярославль");	/* 2 against 1 */
	lem("ru", "LOC", "Калуге", "Калуга");		/* Калу[га twice */
	ns_lemmatizer_free(lz);
	lz = def;
	ns_buf_free(&model);
	opt.ud_dir = FIX "/ud";
	opt.corpus = FIX "/missing.ndjson";
	ok(ns_lemma_train(&opt, &model, &err) == -1, "a missing corpus fails");
	is_str(err.msg, strlen(err.msg),
	    FIX "/missing.ndjson: No such file or directory",
	    "with the file and the reason");
	opt.corpus = FIX "/mini.ndjson";
	opt.split = "test";
	opt.ud_dir = NULL;
	ok(ns_lemma_train(&opt, &model, &err) == -1, "no examples fails");
	is_str(err.msg, strlen(err.msg), "no training examples",
	    "with a message");
	ns_buf_free(&model);
}

/* In a document of the mentions ctx[0..]: ctx[0]'s lemma, appended to b. */
static void
lemma_in(struct ns_lemma_doc *doc, const char *lang, const char *type,
    const char *const *ctx, struct ns_buf *b)
{
	struct ns_error err;
	size_t i;

	ns_lemma_doc_clear(doc);
	for (i = 0; ctx[i] != NULL; i++)
		ns_lemma_doc_add(doc, ctx[i], strlen(ctx[i]));
	ns_buf_reset(b);
	if (ns_lemmatize_in(lz, doc, lang, type, ctx[0], strlen(ctx[0]), b,
	    &err) == -1)
		ns_buf_adds(b, err.msg);
	ns_buf_addc(b, '\0');
}

/*
 * The memo of answers: one document object through many documents
 * answers as a fresh one (nothing remembered) does, also when the other
 * mentions change the answer (Křetínského alone, and beside Křetínský).
 */
static void
memo(void)
{
	static const struct {
		const char	*lang, *type, *ctx[4], *want;
	} t[] = {
		{ "cs", "PER", { "Křetínského", NULL }, "Křetínské" },
		{ "cs", "PER", { "Křetínského", "Daniel Křetínský", NULL },
		    "Křetínský" },
		{ "cs", "PER", { "Daniela Křetínského", NULL },
		    "Daniel Křetínské" },
		{ "cs", "PER", { "Daniela Křetínského", "Křetínský", NULL },
		    "Daniel Křetínský" },
		{ "cs", "LOC", { "Křetínského", "Daniel Křetínský", NULL },
		    NULL },
		{ "ru", "PER", { "Уиткоффом", "Стив Уиткофф", NULL },
		    "Уиткофф" },
		{ "ru", "PER", { "Уиткоффом", NULL }, "Уиткофф" },
		{ "ru", "LOC", { "США", "Трамп", NULL }, "США" },
		{ "xx", "PER", { " Стив \t Уиткофф ", NULL }, "Стив Уиткофф" },
	};
	struct ns_buf got = NS_BUF_INIT, want = NS_BUF_INIT;
	struct ns_lemma_doc *doc = ns_lemma_doc_new(), *fresh;
	unsigned long nhit, nmiss;
	size_t i, round;

	for (round = 0; round < 3; round++)
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			fresh = ns_lemma_doc_new();
			lemma_in(fresh, t[i].lang, t[i].type, t[i].ctx, &want);
			ns_lemma_doc_free(fresh);
			lemma_in(doc, t[i].lang, t[i].type, t[i].ctx, &got);
			is_str(got.p, got.len - 1, want.p,
			    "round %zu, case %zu: %s %s %s: as without "
			    "the memo", round, i, t[i].lang, t[i].type,
			    t[i].ctx[0]);
			if (round == 0 && t[i].want != NULL)
				is_str(want.p, want.len - 1, t[i].want,
				    "%s %s %s: %s", t[i].lang, t[i].type,
				    t[i].ctx[0], t[i].want);
		}
	ns_lemma_cache_stats(doc, &nhit, &nmiss);
	/* Round 0 learns the 8 known-language cases, 1 and 2 recall them. */
	ok(nhit == 16 && nmiss == 8,
	    "the memo answered %lu times, missed %lu", nhit, nmiss);
	ns_lemma_doc_free(doc);
	ns_buf_free(&got);
	ns_buf_free(&want);
}

int
main(void)
{
	struct ns_error err;
	struct ns_buf b = NS_BUF_INIT;
	struct ns_lemma_doc *doc;

	lz = ns_lemmatizer_default(&err);
	ok(lz != NULL, "default lemmatiser loads");
	ok(ns_lemmatizer_load("junk", 4, &err) == NULL, "junk is refused");
	is_str(err.msg, strlen(err.msg), "not a lemma model", "with a message");
	/* The examples (item 4). */
	lem("ru", "PER", "Стивом Уиткоффом", "Стив Уиткофф");
	lem("ru", "PER", "Джаредом Кушнером", "Джаред Кушнер");
	lem("ru", "LOC", "Аляске", "Аляска");
	lem("ru", "PER", "Дональда Трампа", "Дональд Трамп");
	lem("ru", "ORG", "Кремля", "Кремль");
	lem("ru", "LOC", "Донецкой области", "Донецкая область");
	/* Acronyms stay; a genitive complement stays. */
	lem("ru", "LOC", "США", "США");
	lem("ru", "ORG", "НАТО", "НАТО");
	lem("ru", "ORG", "Министерства иностранных дел Российской Федерации",
	    "Министерство иностранных дел Российской Федерации");
	/* Some words never inflect. */
	lem("ru", "LOC", "Майами", "Майами");
	lem("ru", "LOC", "Сочи", "Сочи");
	lem("ru", "LOC", "Тбилиси", "Тбилиси");
	/* Foreign surnames do; so do names in the other languages. */
	lem("ru", "PER", "Кириллом Дмитриевым", "Кирилл Дмитриев");
	lem("uk", "PER", "Дмитрієва", "Дмитрієв");
	lem("uk", "LOC", "Києві", "Київ");
	lem("pl", "PER", "Donalda Trumpa", "Donald Trump");
	lem("cs", "LOC", "Německu", "Německo");
	lem("ru", "ORG", "Российского фонда прямых инвестиций",
	    "Российский фонд прямых инвестиций");
	/* Lower-cased on purpose in the seeds: the base form is the name. */
	lem("ru", "PER", "путиным", "Путин");
	lem("uk", "PER", "Віткоффу", "Віткофф");
	lem("uk", "PER", "Трампом", "Трамп");
	lem("xx", "PER", " Стив \n Уиткофф ", "Стив Уиткофф");
	ok(ns_lemmatize(lz, "ru", NULL, "", 0, &b, &err) == 0 && b.len == 0,
	    "no type, empty mention: empty lemma");
	/* In a document: the same answers, and clearing works. */
	doc = ns_lemma_doc_new();
	ns_lemma_doc_add(doc, "Стив Уиткофф", strlen("Стив Уиткофф"));
	ns_lemma_doc_add(doc, "Уиткоффом", strlen("Уиткоффом"));
	ns_lemma_doc_add(doc, "Уиткоффом", strlen("Уиткоффом"));
	ns_buf_reset(&b);
	ok(ns_lemmatize_in(lz, doc, "ru", "PER", "Уиткоффом",
	    strlen("Уиткоффом"), &b, &err) == 0, "lemmatise in a document");
	is_str(b.p, b.len, "Уиткофф", "Уиткоффом in a document");
	ns_lemma_doc_clear(doc);
	ns_buf_reset(&b);
	ns_lemmatize_in(lz, doc, "uk", "LOC", "Києві", strlen("Києві"), &b,
	    &err);
	is_str(b.p, b.len, "Київ", "Києві after clearing");
	ns_lemma_doc_free(doc);
	memo();
	etrees();
	training();
	ns_buf_free(&b);
	ns_lemmatizer_free(lz);
	return tap_done();
}
