/* test_dedupe.c: shingles, MinHash, LSH, dates, state and map-reduce. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "dedupe.h"
#include "dedupe_mr.h"
#include "dedupe_state.h"
#include "lsh.h"
#include "minhash.h"
#include "shingle.h"
#include "tap.h"

static struct ns_shingler sh;

static void
sketch(struct ns_sketch *sk, const char *text)
{
	ns_shingle(&sh, text, strlen(text), NULL);
	ns_sketch_make(sk, sh.exact, sh.hash, sh.nhash, sh.num, sh.nnum);
}

static void
words(const char *text)
{
	ns_shingle(&sh, text, strlen(text), NULL);
}

/* n distinct synthetic shingle hashes from seed, shared ones first. */
static void
set(uint64_t *h, size_t n, size_t shared, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		h[i] = (i < shared ? i : i + seed * 1000000) *
		    0x9e3779b97f4a7c15ULL + 12345;
	for (i = 0; i < n; i++) {
		h[i] ^= h[i] >> 31;
		h[i] *= 0xbf58476d1ce4e5b9ULL;
		h[i] ^= h[i] >> 29;
	}
}

static void
test_date(void)
{
	long long t;

	ok(ns_date_parse("1970-01-01", 10, &t) == 0 && t == 0, "epoch");
	ok(ns_date_parse("2025-12-21", 10, &t) == 0 && t == 1766275200,
	    "a date is its midnight UTC");
	ok(ns_date_parse("2025-12-21T12:09:30Z", 20, &t) == 0 &&
	    t == 1766275200 + 12 * 3600 + 9 * 60 + 30, "date-time Z");
	ok(ns_date_parse("2025-12-21 15:09+03:00", 22, &t) == 0 &&
	    t == 1766275200 + 12 * 3600 + 9 * 60, "offset +03:00");
	ok(ns_date_parse("2025-12-21T12:09:30.123-0100", 28, &t) == 0 &&
	    t == 1766275200 + 13 * 3600 + 9 * 60 + 30, "fraction, -0100");
	ok(ns_date_parse("2024-02-29", 10, &t) == 0, "leap day");
	ok(ns_date_parse("2025-02-29", 10, &t) == -1, "no leap day in 2025");
	ok(ns_date_parse("21.12.2025", 10, &t) == -1, "not ISO 8601");
	ok(ns_date_parse("2025-12-21T25:00", 16, &t) == -1, "hour 25");
	ok(ns_date_parse("2025-12-21x", 11, &t) == -1, "trailing junk");
}

static void
test_shingle(void)
{
	const char *a = "Стив Уиткофф прилетел в Майами.";
	const char *b = "  СТИВ\u00a0уиткофф — прилетел, в «МАЙАМИ»!!";
	uint64_t ea;

	words(a);
	is_str(sh.norm.p, sh.norm.len, "стив уиткофф прилетел в майами",
	    "NFKC case folding, punctuation and spaces collapsed");
	is_int(sh.nwords, 5, "five words");
	ok(sh.chars, "few words: character shingles");
	is_int(sh.nhash, 26, "26 distinct character 5-shingles");
	ea = sh.exact;
	words(b);
	ok(sh.exact == ea, "same normalised text, same exact hash");
	words("ﬁ Ⅻ x\xcc\x81y");
	is_str(sh.norm.p, sh.norm.len, "fi xii x\xcc\x81y",
	    "compatibility forms folded; combining mark kept in its word");
	words("Курс 95,3 рубля на 21 декабря 2025");
	is_int(sh.nnum, 4, "four number tokens");
	words("one two three four five six seven eight nine ten "
	    "eleven twelve thirteen fourteen fifteen sixteen");
	ok(!sh.chars && sh.nhash == 15, "16 words: 15 word 2-shingles");
	words(" ... — ");
	ok(sh.nwords == 0 && sh.nhash == 0, "no words, no shingles");
}

static void
test_minhash(void)
{
	static uint64_t h1[2000], h2[2000];
	struct ns_sketch x, y;
	unsigned char buf[NS_SKETCH_BYTES];
	double sim, j;

	set(h1, 1000, 800, 1);
	set(h2, 1000, 800, 2);
	ns_sketch_make(&x, 1, h1, 1000, NULL, 0);
	ns_sketch_make(&y, 2, h2, 1000, NULL, 0);
	/* True Jaccard 800 / 1200 = 0.667; sd of the estimate 0.04. */
	j = ns_sketch_jaccard(&x, &y);
	ok(j > 0.55 && j < 0.78, "Jaccard 0.667 estimated as %.3f", j);
	ok(!ns_sketch_similar(&x, &y, 0.8, &sim), "not similar at 0.8");
	ok(ns_sketch_similar(&x, &y, 0.5, &sim) && sim == j,
	    "similar at 0.5, similarity the estimate");
	/* A copy cut to 60 %: containment 1. */
	ns_sketch_make(&y, 3, h1, 600, NULL, 0);
	ok(ns_sketch_similar(&x, &y, 0.8, &sim) && sim == 1,
	    "a 60 %% prefix is a shortened repost (containment %.3f)", sim);
	ns_sketch_make(&y, 3, h1, 400, NULL, 0);
	ok(!ns_sketch_similar(&x, &y, 0.8, &sim),
	    "a 40 %% prefix is too short");
	ns_sketch_make(&y, 1, h2, 10, NULL, 0);
	ok(ns_sketch_similar(&x, &y, 0.8, &sim) && sim == 1,
	    "equal exact hashes: similarity 1");
	ns_sketch_pack(&x, buf);
	ns_sketch_unpack(&y, buf);
	ok(memcmp(x.sig, y.sig, sizeof(x.sig)) == 0 &&
	    memcmp(x.num, y.num, sizeof(x.num)) == 0, "pack and unpack");
	ns_sketch_make(&y, 5, h1, 0, NULL, 0);
	ok(!ns_sketch_similar(&y, &y, 0.5, &sim), "empty texts never match");
	h2[0] = 21;
	h2[1] = 95;
	ns_sketch_make(&y, 6, h1, 1000, h2, 2);
	h2[0] = 22;
	h2[1] = 96;
	ns_sketch_make(&x, 7, h1, 1000, h2, 2);
	ok(!ns_sketch_similar(&x, &y, 0.8, &sim),
	    "same shingles, other numbers: not a duplicate");
}

static void
test_lsh(void)
{
	struct ns_lsh_params p;
	struct ns_lsh_index *ix;
	struct ns_u32vec v = { 0 };
	uint32_t i;

	ns_lsh_params(0.8, &p);
	ok(p.bands == 16 && p.rows == 2, "t 0.8: 16 bands of 2 rows");
	ok(ns_lsh_prob(&p, 0.43) > 0.95 && ns_lsh_prob(&p, 0.05) < 0.04,
	    "candidates: 0.96 at J 0.43, 0.04 at J 0.05");
	ns_lsh_params(0.9, &p);
	is_int(p.rows, 3, "t 0.9: 3 rows");
	ns_lsh_params(0.3, &p);
	is_int(p.rows, 2, "t 0.3: still 2 rows");
	ns_lsh_params(1, &p);
	is_int(p.rows, 8, "t 1: 8 rows");
	ix = ns_lsh_index_new();
	for (i = 0; i < 100000; i++)
		ns_lsh_index_add(ix, i * 2654435761U, i);
	ns_lsh_index_add(ix, 7 * 2654435761U, 123456);
	ns_lsh_index_get(ix, 7 * 2654435761U, &v);
	ns_u32vec_uniq(&v);
	ok(v.n == 2 && v.v[0] == 7 && v.v[1] == 123456,
	    "a key holds all its values");
	v.n = 0;
	ns_lsh_index_get(ix, 1, &v);
	is_int(v.n, 0, "a missing key has none");
	is_int(ns_lsh_index_count(ix), 100001, "entries counted");
	ok(ns_lsh_index_bytes(ix) < 100001 * 8 * 3, "at most 24 bytes each");
	ns_lsh_index_free(ix);
	ns_u32vec_free(&v);
}

static const char *const texts[] = {
	"Специалният пратеник на САЩ Стив Уиткоф и руският пратеник Кирил "
	    "Дмитриев са обсъдили подробно 28-точковия мирен план, заяви "
	    "анонимен американски официален представител.",
	"Россия и США на Аляске сошлись на том, что Украина должна "
	    "вернуться к внеблоковому, нейтральному и безъядерному статусу, "
	    "заявил министр.",
	"Специалният пратеник на САЩ Стив Уиткоф и руският пратеник Кирил "
	    "Дмитриев са обсъдили подробно 28-точковия мирен план, заяви "
	    "анонимен американски официален представител днес.",
	"СПЕЦИАЛНИЯТ пратеник на САЩ Стив Уиткоф и руският пратеник Кирил "
	    "Дмитриев са обсъдили подробно 28-точковия мирен план, заяви "
	    "анонимен американски официален представител!",
};

static void
test_engine(void)
{
	struct ns_dedupe_opts o = { 0.8, NULL, 0, 0 };
	struct ns_dedupe_match m = { 0 };
	struct ns_dedupe *d;
	struct ns_sketch sk;
	struct ns_reduce *r;
	struct ns_reduce_rec rec;
	struct ns_buf keys = NS_BUF_INIT;
	struct ns_error err;
	char id[8], path[] = "/tmp/ns-dedupe-test-XXXXXX";
	const char *line, *nl;
	size_t i;
	int fd, fatal;

	d = ns_dedupe_open(&o, 0, &err);
	ok(d != NULL, "open a temporary state");
	r = ns_reduce_new();
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "\"t%zu\"", i);
		sketch(&sk, texts[i]);
		ns_dedupe_add(d, &sk, id, strlen(id), 0, 0, &m, &err);
		if (i == 0 || i == 1)
			ok(!m.dup, "text %zu is new", i);
		else
			ok(m.dup && strcmp(m.dup_of.p, "\"t0\"") == 0 &&
			    strcmp(m.cluster.p, "\"t0\"") == 0,
			    "text %zu duplicates t0 (%.3f)", i, m.similarity);
		ns_dedupe_keys(&keys, ns_dedupe_params(d), 0.8, i + 1, &sk, id,
		    strlen(id));
	}
	ns_dedupe_close(d, NULL);
	/* The keys in key order (a stable insertion sort of the lines). */
	{
		const char *lines[128];
		size_t n = 0, j, k;

		for (line = keys.p; *line != '\0'; line = nl + 1) {
			nl = strchr(line, '\n');
			for (j = n; j > 0 && strncmp(lines[j - 1], line, 30) > 0;
			    j--)
				lines[j] = lines[j - 1];
			lines[j] = line;
			n++;
		}
		is_int(n, 64, "16 key lines per record");
		for (k = 0; k < n; k++)
			ns_reduce_line(r, lines[k], (size_t)(strchr(lines[k],
			    '\n') - lines[k]), &fatal, &err);
	}
	ns_reduce_finish(r);
	is_int(ns_reduce_count(r), 4, "the reducer saw 4 records");
	ns_reduce_get(r, 3, &rec);
	ok(rec.dup && rec.dup_oflen == 4 && memcmp(rec.dup_of, "\"t0\"", 4)
	    == 0 && rec.similarity == 1, "reduced: t3 is an exact dup of t0");
	ns_reduce_get(r, 1, &rec);
	ok(!rec.dup && memcmp(rec.cluster, "\"t1\"", 4) == 0,
	    "reduced: t1 is its own cluster");
	ns_reduce_free(r);
	ns_buf_free(&keys);

	/* A state file: a second open sees the first's records. */
	fd = mkstemp(path);
	close(fd);
	o.state = path;
	d = ns_dedupe_open(&o, 0, &err);
	sketch(&sk, texts[0]);
	ns_dedupe_add(d, &sk, "\"a\"", 3, 100, 100, &m, &err);
	ok(ns_dedupe_close(d, &err) == 0, "state written");
	o.window = 50;
	d = ns_dedupe_open(&o, 120, &err);
	ns_dedupe_add(d, &sk, "\"b\"", 3, 120, 120, &m, &err);
	ok(m.dup && strcmp(m.dup_of.p, "\"a\"") == 0, "remembered in the window");
	ns_dedupe_close(d, NULL);
	d = ns_dedupe_open(&o, 160, &err);
	ns_dedupe_add(d, &sk, "\"c\"", 3, 160, 160, &m, &err);
	ok(m.dup && strcmp(m.dup_of.p, "\"b\"") == 0, "a forgotten, b kept");
	ok(ns_dedupe_open(&o, 0, &err) == NULL &&
	    strcmp(err.msg, "locked by another run (gave up after 0s)") == 0,
	    "a second open waits for the lock: %s", err.msg);
	ns_dedupe_close(d, NULL);
	ns_dedupe_match_free(&m);
	unlink(path);
}

int
main(void)
{
	ns_shingler_init(&sh);
	test_date();
	test_shingle();
	test_minhash();
	test_lsh();
	test_engine();
	ns_shingler_free(&sh);
	return tap_done();
}
