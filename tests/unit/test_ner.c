/* test_ner.c: the entity tagger: BILOU decoding, training, models. */
#include <stdarg.h>
#include <stdlib.h>

#include <unicode/uclean.h>
#include <xxhash.h>

#include "ner.h"
#include "nerfeat.h"
#include "nertrain.h"
#include "tap.h"
#include "tok.h"

#define NL NS_NER_NLABELS

static void
test_labels(void)
{
	int32_t sc[3][NL], delta[3][NL], trans[(NL + 1) * NL];
	uint8_t back[3][NL], out[3], lab[6];
	size_t b[6], e[6], n;
	int ty[6], per_b = NS_NER_LABEL(NS_ENT_PER, NS_NER_B);
	int per_i = NS_NER_LABEL(NS_ENT_PER, NS_NER_I);
	int per_l = NS_NER_LABEL(NS_ENT_PER, NS_NER_L);
	int loc_u = NS_NER_LABEL(NS_ENT_LOC, NS_NER_U);

	is_str(ns_ent_type_name(NS_ENT_EVT), 3, "EVT", "type names");
	is_int(ns_ent_type_parse("PRO", 3), NS_ENT_PRO, "PRO parses");
	is_int(ns_ent_type_parse("PERSON", 6), -1, "PERSON does not");
	ok(ns_ner_allowed(per_b, per_i), "B-PER then I-PER");
	ok(!ns_ner_allowed(per_b, loc_u), "not B-PER then U-LOC");
	ok(!ns_ner_allowed(NL, per_i), "no I-PER at the start");
	ok(ns_ner_allowed(per_l, loc_u), "L-PER then U-LOC");
	ok(!ns_ner_final(per_i), "no I at the end");

	/*
	 * Each token alone prefers a label that cannot follow the one
	 * before (I-PER first); Viterbi finds the best valid sequence.
	 */
	memset(sc, 0, sizeof(sc));
	memset(trans, 0, sizeof(trans));
	ns_ner_constrain(trans);
	sc[0][per_i] = 10;
	sc[0][per_b] = 6;
	sc[1][per_i] = 5;
	sc[2][per_l] = 4;
	sc[2][0] = 3;
	ns_ner_viterbi((const int32_t (*)[NL])sc, 3, trans, delta, back, out);
	ok(out[0] == per_b && out[1] == per_i && out[2] == per_l,
	    "B-PER I-PER L-PER (got %d %d %d)", out[0], out[1], out[2]);

	lab[0] = NS_NER_O;
	lab[1] = (uint8_t)loc_u;
	lab[2] = (uint8_t)per_b;
	lab[3] = (uint8_t)per_l;
	lab[4] = NS_NER_O;
	lab[5] = (uint8_t)loc_u;
	n = ns_ner_spans(lab, 6, b, e, ty);
	is_int(n, 3, "three spans");
	ok(b[1] == 2 && e[1] == 4 && ty[1] == NS_ENT_PER, "the second: PER 2..4");
	ok(b[2] == 5 && e[2] == 6 && ty[2] == NS_ENT_LOC, "the third: LOC 5..6");
}

/*
 * The textbook Viterbi, for test_viterbi to check ns_ner_viterbi's
 * written-out trellis against: every allowed pair (ns_ner_allowed)
 * tried, previous labels in ascending order, ties to the first.
 */
static void
viterbi_ref(const int32_t (*sc)[NL], size_t T, const int32_t *trans,
    int32_t (*delta)[NL], uint8_t *out)
{
	uint8_t back[64][NL];
	int32_t best, v;
	size_t t;
	int a, b, bestl;

	for (b = 0; b < NL; b++)
		delta[0][b] = trans[NL * NL + b] + sc[0][b];
	for (t = 1; t < T; t++)
		for (b = 0; b < NL; b++) {
			best = INT32_MIN;
			bestl = 0;
			for (a = 0; a < NL; a++) {
				if (!ns_ner_allowed(a, b))
					continue;
				v = delta[t - 1][a] + trans[a * NL + b];
				if (v > best) {
					best = v;
					bestl = a;
				}
			}
			delta[t][b] = best + sc[t][b];
			back[t][b] = (uint8_t)bestl;
		}
	best = INT32_MIN;
	bestl = 0;
	for (a = 0; a < NL; a++) {
		v = delta[T - 1][a] + (ns_ner_final(a) ? 0 : NS_NER_NEVER);
		if (v > best) {
			best = v;
			bestl = a;
		}
	}
	for (t = T; t-- > 0;) {
		out[t] = (uint8_t)bestl;
		if (t > 0)
			bestl = back[t][bestl];
	}
}

/*
 * ns_ner_viterbi's written-out BILOU trellis against the textbook one:
 * random scores and transitions, with ties (few distinct values) or
 * with one label far ahead at most tokens (its shortcut), give the same
 * labels and the same path scores.
 */
static void
test_viterbi(void)
{
	enum { T = 40, RUNS = 200 };
	int32_t sc[T][NL], trans[(NL + 1) * NL];
	int32_t d1[T][NL], d2[T][NL];
	uint8_t b1[T][NL], o1[T], o2[T];
	uint64_t seed = 7;
	int run, i, j, same = 1;

	for (run = 0; run < RUNS && same; run++) {
		int spread = run % 3 == 0 ? 4 : 20000;

		for (i = 0; i < T; i++) {
			for (j = 0; j < NL; j++) {
				seed = ns_mix64(seed + 1);
				sc[i][j] = (int32_t)(seed % (uint64_t)spread) -
				    spread / 2;
			}
			/* As in text: one label far ahead, mostly O. */
			if (run % 3 == 2)
				sc[i][seed % 5 == 0 ? seed % NL : 0] += 200000;
		}
		for (i = 0; i < (NL + 1) * NL; i++) {
			seed = ns_mix64(seed + 1);
			trans[i] = (int32_t)(seed % (uint64_t)spread) -
			    spread / 2;
		}
		ns_ner_constrain(trans);
		ns_ner_viterbi((const int32_t (*)[NL])sc, T - run % 7, trans,
		    d1, b1, o1);
		viterbi_ref((const int32_t (*)[NL])sc, T - run % 7, trans, d2,
		    o2);
		if (memcmp(o1, o2, T - run % 7) != 0 ||
		    memcmp(d1, d2, (T - run % 7) * sizeof(d1[0])) != 0)
			same = 0;
	}
	ok(same, "Viterbi: the written-out trellis finds the textbook paths%s",
	    same ? "" : " (not in a run)");
}

/* Our own training sentences, with their mentions marked [like this|PER]. */
static const char *const corpus[] = {
	"[Анна Петрова|PER] приехала в [Москву|LOC] из [Казани|LOC].",
	"Компания [Ростех|ORG] открыла завод в [Казани|LOC].",
	"[Иван Орлов|PER] встретил [Анну Петрову|PER] в [Москве|LOC].",
	"В [Казани|LOC] и [Москве|LOC] идёт снег, сказал [Иван Орлов|PER].",
	"Директор [Ростеха|ORG] [Иван Орлов|PER] уехал в [Москву|LOC].",
};

static void
add(struct ns_nertrain *tr, const char *src)
{
	struct ns_buf text = NS_BUF_INIT;
	struct ns_mention m[8];
	struct ns_error err;
	size_t nm = 0;
	const char *p = src, *q, *bar;

	while ((q = strchr(p, '[')) != NULL) {
		ns_buf_add(&text, p, (size_t)(q - p));
		bar = strchr(q, '|');
		m[nm].b0 = text.len;
		ns_buf_add(&text, q + 1, (size_t)(bar - q - 1));
		m[nm].b1 = text.len;
		m[nm].type = ns_ent_type_parse(bar + 1, 3);
		nm++;
		p = strchr(bar, ']') + 1;
	}
	ns_buf_adds(&text, p);
	if (ns_nertrain_doc(tr, "ru", text.p, text.len, m, nm, &err) == -1)
		printf("# %s\n", err.msg);
	ns_buf_free(&text);
}

static void
test_train(void)
{
	struct ns_nertrain_opts o;
	struct ns_nertrain *tr;
	struct ns_buf model = NS_BUF_INIT;
	struct ns_error err;
	struct ns_ner *ner;
	struct ns_tagger *tg;
	const struct ns_mention *m;
	const char *s = "Вчера Иван Орлов прилетел в Казань.";
	size_t nm, i;
	void *copy;

	ns_nertrain_defaults(&o);
	o.prune = 0;		/* small corpus, small weights */
	o.epochs = 8;
	tr = ns_nertrain_new(&o, &err);
	ok(tr != NULL, "trainer");
	ok(ns_nertrain_run(tr, &model, &err) == -1, "no documents: an error");
	is_str(err.msg, strlen(err.msg), "no training documents", "says so");
	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		add(tr, corpus[i]);
	ok(ns_nertrain_run(tr, &model, &err) == 0, "trains");
	ns_nertrain_free(tr);

	copy = malloc(model.len);	/* malloc'd: 8-aligned */
	memcpy(copy, model.p, model.len);
	ner = ns_ner_load(copy, model.len, &err);
	ok(ner != NULL, "the model loads");
	is_str(ns_ner_langs(ner), 2, "ru", "its language");
	ok(ns_ner_has_lang(ner, "ru") && !ns_ner_has_lang(ner, "uk"),
	    "has ru, not uk");
	tg = ns_tagger_new(ner, &err);
	ok(ns_tagger_run(tg, "ru", s, strlen(s), &m, &nm, &err) == 0, "tags");
	is_int(nm, 2, "two mentions");
	if (nm == 2) {
		is_str(s + m[0].b0, m[0].b1 - m[0].b0, "Иван Орлов", "first");
		is_int(m[0].type, NS_ENT_PER, "a person");
		is_int(m[0].c0, 6, "from code point 6");
		is_int(m[0].c1, 16, "to 16");
		is_str(s + m[1].b0, m[1].b1 - m[1].b0, "Казань", "second");
		is_int(m[1].type, NS_ENT_LOC, "a place");
	}
	ok(ns_tagger_run(tg, "ru", "", 0, &m, &nm, &err) == 0 && nm == 0,
	    "empty text, no mentions");
	ns_tagger_free(tg);

	/* Damaged models are refused, not read. */
	ok(ns_ner_load(copy, model.len - 8, &err) == NULL, "truncated");
	is_str(err.msg, strlen(err.msg), "entity model is truncated or corrupt",
	    "says so");
	memcpy(copy, "NSNER01\n", 8);
	ok(ns_ner_load(copy, model.len, &err) == NULL,
	    "a model of the linear-probing format refused");
	is_str(err.msg, strlen(err.msg), "entity model of another format "
	    "(NSNER01, this build reads NSNER02): train it again", "says so");
	((char *)copy)[0] = 'X';
	ok(ns_ner_load(copy, model.len, &err) == NULL, "bad magic refused");
	ns_ner_free(ner);
	free(copy);
	ns_buf_free(&model);
}

/* The cluster table value the model file model keeps for ru word w. */
static uint32_t
clvalue(const struct ns_buf *model, const char *w)
{
	struct ns_ner_hdr h;
	struct ns_fptab t;

	memcpy(&h, model->p, sizeof(h));
	if (h.clusters == 0 ||
	    ns_fptab_read(&t, model->p, model->len, h.clusters) == 0)
		return UINT32_MAX;
	return ns_fptab_get(&t, ns_nerfeat_clkey(0,
	    XXH3_64bits_withSeed(w, strlen(w), 0)), 0);
}

/*
 * The case profile: its classes, and the cluster lines' MID and CAP
 * columns kept beside the path in the model's cluster table.
 */
static void
test_caseprof(void)
{
	static const char clusters[] =
	    "0110\tказань\t40\t30\t30\n"	/* a name: always capitalised */
	    "10\tприлетел\t20\t20\t0\n"		/* a verb: never */
	    "111\tвчера\t9\t0\t0\n"		/* only ever first */
	    "0111\tиван\t5\t2\t2\n"		/* too rare to tell */
	    "01\tв\t50\n";			/* no case columns */
	struct ns_nertrain_opts o;
	struct ns_nertrain *tr;
	struct ns_buf model = NS_BUF_INIT;
	struct ns_error err;
	size_t i;

	is_int(ns_nerfeat_caseprof(0, 0), 0, "never seen inside a sentence: 0");
	is_int(ns_nerfeat_caseprof(2, 2), 7, "seen there twice: too rare, 7");
	is_int(ns_nerfeat_caseprof(100, 1), 1, "1 %%: never or nearly, 1");
	is_int(ns_nerfeat_caseprof(100, 2), 2, "2 %%: 2");
	is_int(ns_nerfeat_caseprof(100, 50), 4, "half: 4");
	is_int(ns_nerfeat_caseprof(100, 97), 5, "97 %%: 5");
	is_int(ns_nerfeat_caseprof(100, 98), 6, "98 %%: always or nearly, 6");

	ns_nertrain_defaults(&o);
	o.epochs = 1;
	o.mix = 1;
	tr = ns_nertrain_new(&o, &err);
	ok(ns_nertrain_clusters(tr, "ru", clusters, sizeof(clusters) - 1,
	    &err) == 0, "clusters with case columns read");
	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		add(tr, corpus[i]);
	ok(ns_nertrain_run(tr, &model, &err) == 0, "trains");
	ns_nertrain_free(tr);
	is_int(clvalue(&model, "казань"), 6u << 29 | 4u << 24 | 0x6,
	    "казань: path 0110, class 6");
	is_int(NS_CL_CASEPROF(clvalue(&model, "прилетел")), 1,
	    "прилетел: class 1");
	is_int(NS_CL_CASEPROF(clvalue(&model, "вчера")), 0, "вчера: class 0");
	is_int(NS_CL_CASEPROF(clvalue(&model, "иван")), 7, "иван: class 7");
	is_int(clvalue(&model, "в"), 2u << 24 | 0x2,
	    "в, without the columns: its path alone");
	ns_buf_free(&model);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The tagger remembers the sum of a token's word-part weights by its
 * word key, so the word part must be a function of the key: on a text
 * where one word comes back in many guises (sentence-initial or not,
 * after a line break, quoted or not, as an initial, in other cases),
 * every two tokens with the same key have the same word features, and
 * a token's features are its word part's and its context's.
 */
static void
test_wordpart(void)
{
	static const char s[] = "Москва заявила. В Москве «москва» и москва, "
	    "Москва и МОСКВА.\nМосква — В. Путин и В Путин, москва!\n\n"
	    "Москва и «большая москва» большая москва москва-сити Москва, "
	    "iPhone и iPHONE.";
	struct ns_nerres res;
	struct ns_nertext t;
	struct ns_tokenizer *tk;
	struct ns_error err;
	uint64_t (*wf)[NS_NER_MAXFEAT], f[NS_NER_MAXFEAT], c[NS_NER_MAXFEAT];
	uint64_t *key;
	size_t *nw, i, j, n, nc, same = 0, bad = 0, badsplit = 0, keys = 0;
	int lang;

	memset(&res, 0, sizeof(res));
	memcpy(res.langs[0], "ru", 3);
	memcpy(res.langs[1], "uk", 3);
	res.nlangs = 2;
	res.opts = NS_NEROPT_LANGDUP | NS_NEROPT_LIGHT;
	memset(&t, 0, sizeof(t));
	tk = ns_tokenizer_open(&err);
	ok(tk != NULL && ns_tokenize(tk, s, strlen(s), &t.toks, &err) == 0,
	    "tokenizes");
	t.s = s;
	t.n = strlen(s);
	/* The text's tokens as ru, then as uk. */
	n = t.toks.n;
	wf = malloc(2 * n * sizeof(*wf));
	key = malloc(2 * n * sizeof(*key));
	nw = malloc(2 * n * sizeof(*nw));
	for (lang = 0; lang < 2; lang++) {
		ns_nerfeat_prepare(&res, &res.gaz, &t, lang);
		for (i = 0; i < n; i++) {
			int light = ns_nerfeat_light(&res, &t, i);
			size_t nt = ns_nerfeat_token(&res, &t, i, f);
			size_t k = (size_t)lang * n + i;

			key[k] = ns_nerfeat_wordkey(&t, i, light);
			nw[k] = ns_nerfeat_word(&res, &t, i, light, wf[k]);
			nc = ns_nerfeat_context(&res, &t, i, light, c);
			memcpy(c + nc, wf[k], nw[k] * sizeof(*c));
			qsort(c, nc + nw[k], sizeof(*c), cmp_u64);
			qsort(f, nt, sizeof(*f), cmp_u64);
			if (nt != nc + nw[k] ||
			    memcmp(f, c, nt * sizeof(*f)) != 0)
				badsplit++;
			qsort(wf[k], nw[k], sizeof(*wf[k]), cmp_u64);
		}
	}
	for (i = 0; i < 2 * n; i++) {
		for (j = 0; j < i && key[j] != key[i]; j++)
			;
		if (j == i) {
			keys++;
			continue;
		}
		same++;
		if (nw[i] != nw[j] ||
		    memcmp(wf[i], wf[j], nw[i] * sizeof(*wf[i])) != 0)
			bad++;
	}
	is_int(badsplit, 0, "features = word part + context, every token");
	ok(same >= 20 && keys >= 40, "%zu tokens repeat a key, %zu keys", same,
	    keys);
	is_int(bad, 0, "one key, one word part");
	free(wf);
	free(key);
	free(nw);
	ns_nertext_free(&t);
	ns_tokenizer_close(tk);
}

/*
 * The weights of a model as the tagger adds them: single weights held
 * in the table, short rows, long rows (turned into dense vectors at load
 * time), rows the dense form cannot hold (a label twice, a label out of
 * range) and a row past the end of the file, each against the sum of its
 * entries.
 */
static void
test_rows(void)
{
	enum { NROWS = 9 };
	static const int lens[NROWS] = { 1, 2, 3, 4, 5, 21, 6, 7, 1 };
	struct ns_hmap wt = NS_HMAP_INIT;
	struct ns_buf rows = NS_BUF_INIT, file = NS_BUF_INIT;
	struct ns_ner_hdr h;
	struct ns_error err;
	struct ns_ner *ner;
	uint32_t ent[NROWS][21], val[NROWS], zero = 0, n;
	int32_t want[NROWS + 1][NL], got[NL];
	uint64_t seed = 42;
	int r, k, l, bad;
	void *copy;

	memset(want, 0, sizeof(want));
	ns_buf_add(&rows, &zero, 4);
	for (r = 0; r < NROWS; r++) {
		for (k = 0; k < lens[r]; k++) {
			int16_t w;

			seed = ns_mix64(seed);
			w = k == 0 ? -32768 : k == 1 ? 32767 :
			    (int16_t)(seed & 0xFFFF);
			/* All labels once, spread out; row 6 has one twice. */
			l = lens[r] == 21 ? 20 - k : (k * 5 + r) % NL;
			if (r == 6 && k == 5)
				l = (0 * 5 + r) % NL;
			if (r == 7 && k == 6)
				l = 27;		/* past the labels */
			ent[r][k] = (uint32_t)l << 16 | (uint16_t)w;
			if (l < NL)
				want[r][l] += w;
		}
		n = (uint32_t)lens[r];
		if (r == 0)
			val[r] = NS_NER_INLINE | ent[r][0];
		else if (r == NROWS - 1)
			val[r] = 1u << 20;	/* past the end: no weights */
		else {
			val[r] = (uint32_t)(rows.len / 4);
			ns_buf_add(&rows, &n, 4);
			ns_buf_add(&rows, ent[r], n * 4);
		}
		*ns_hmap_put(&wt, ns_mix64((uint64_t)r + 1), 0, NULL) = val[r];
	}
	memset(want[NROWS - 1], 0, sizeof(want[NROWS - 1]));

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NS_NER_MAGIC, 8);
	h.nlangs = 1;
	memcpy(h.langs[0], "ru", 3);
	ns_buf_add(&file, &h, sizeof(h));
	h.weights = ns_fptab_write(&file, &wt);
	ns_buf_align(&file, 8);
	h.rows = file.len;
	h.nrows = rows.len / 4;
	ns_buf_add(&file, rows.p, rows.len);
	ns_buf_align(&file, 8);
	h.abbr = file.len;
	h.size = file.len;
	memcpy(file.p, &h, sizeof(h));
	copy = malloc(file.len);	/* malloc'd: 8-aligned */
	memcpy(copy, file.p, file.len);
	ner = ns_ner_load(copy, file.len, &err);
	ok(ner != NULL, "a model of hand-made rows loads");
	for (r = 0; ner != NULL && r <= NROWS; r++) {
		/* r == NROWS: a feature the model does not have. */
		memset(got, 0, sizeof(got));
		ns_ner_addweights(ner, ns_mix64((uint64_t)r + 1), got);
		for (l = 0, bad = -1; l < NL; l++)
			if (got[l] != want[r][l])
				bad = l;
		ok(bad < 0, "row %d (%d weights): the sums of its entries%s", r,
		    r < NROWS ? lens[r] : 0, bad < 0 ? "" : ", not at a label");
		/* Twice: the weights add up. */
		ns_ner_addweights(ner, ns_mix64((uint64_t)r + 1), got);
		for (l = 0, bad = -1; l < NL; l++)
			if (got[l] != 2 * want[r][l])
				bad = l;
		ok(bad < 0, "row %d twice: twice the sums", r);
	}
	ns_ner_free(ner);
	free(copy);
	ns_buf_free(&file);
	ns_buf_free(&rows);
	ns_hmap_free(&wt);
}

static void
test_default(void)
{
	struct ns_error err;
	struct ns_ner *ner = ns_ner_default(&err);
	struct ns_tagger *tg;
	const struct ns_mention *m;
	const char *s = "Сергей Лавров Лавров прилетел в Анкоридж.";
	size_t nm;

	ok(ner != NULL, "the built-in model loads");
	if (ner == NULL)
		return;
	is_str(ns_ner_langs(ner), strlen(ns_ner_langs(ner)), "bg,cs,pl,ru,sl,uk",
	    "its languages");
	tg = ns_tagger_new(ner, &err);
	ok(ns_tagger_run(tg, "ru", s, strlen(s), &m, &nm, &err) == 0, "tags");
	ok(nm >= 2, "at least two mentions");
	if (nm >= 2) {
		is_str(s + m[0].b0, m[0].b1 - m[0].b0, "Сергей Лавров",
		    "a doubled surname ends the name");
		is_str(s + m[1].b0, m[1].b1 - m[1].b0, "Лавров",
		    "and the second is a mention of its own");
	}
	ns_tagger_free(tg);
	ns_ner_free(ner);
}

int
main(void)
{
	test_labels();
	test_viterbi();
	test_train();
	test_caseprof();
	test_wordpart();
	test_rows();
	test_default();
	u_cleanup();
	return tap_done();
}
