/* entities-norm.c: bench driver: lemmas and keys for the gold mentions of a corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uclean.h>

#include "buf.h"
#include "gold.h"
#include "lemma.h"
#include "xkey.h"
#include "xkeyint.h"

static const char *prog = "entities-norm";

struct run {
	struct ns_lemmatizer	*lz;
	struct ns_keyer		*k;
	struct ns_buf		 out, lem, key;
	int			 gold_lemmas;	/* key the gold lemmas */
	int			 baseline;	/* lemma = text, key = romanised */
	int			 nopropagate;	/* keys without document level */
	int			 nodoc;		/* lemmas without document context */
	struct ns_lemma_doc	*doc;
	double			 secs;		/* in the lemmatiser and keyer */
	long			 nments;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: %s train-lemma CORPUS SPLIT UDDIR|- OUT\n"
	    "       %s train-xkey CORPUS SPLIT OUT\n"
	    "       %s run [-bdgn] [-l LEMMA.bin] [-k XKEY.bin] [-s SPLIT] CORPUS\n",
	    prog, prog, prog);
	exit(2);
}

static void
die(const char *what, const struct ns_error *err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, err->msg);
	exit(2);
}

static void
write_file(const char *path, const struct ns_buf *b)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(b->p, 1, b->len, fp) != b->len ||
	    fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

static void *
read_file(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	struct ns_buf b = NS_BUF_INIT;
	char chunk[65536];
	size_t r;

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ns_buf_add(&b, chunk, r);
	fclose(fp);
	*n = b.len;
	return b.p;
}

static int
run_doc(void *ctx, const struct ns_gold_doc *d, struct ns_error *err)
{
	struct run *r = ctx;
	struct ns_keyed *m;
	char **lemmas;
	size_t i, j;

	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	m = ns_xcalloc(d->nments + 1, sizeof(*m));
	ns_lemma_doc_clear(r->doc);
	for (i = 0; i < d->nments; i++)
		ns_lemma_doc_add(r->doc, d->ments[i].text, d->ments[i].ntext);
	lemmas = ns_xcalloc(d->nments + 1, sizeof(*lemmas));
	for (i = 0; i < d->nments; i++) {
		const struct ns_gold_ent *e = &d->ments[i];

		ns_buf_reset(&r->lem);
		if (r->gold_lemmas)
			ns_buf_add(&r->lem, e->lemma, e->nlemma);
		else if (r->baseline)
			ns_buf_add(&r->lem, e->text, e->ntext);
		else if (ns_lemmatize_in(r->lz, r->nodoc ? NULL : r->doc,
		    d->lang, e->type, e->text, e->ntext, &r->lem, err) == -1)
			return -1;
		else if (ns_lemma_recheck(r->k, d->lang, e->type, e->text,
		    e->ntext, &r->lem, 0, err) == -1)
			return -1;
		lemmas[i] = ns_xstrndup(r->lem.p != NULL ? r->lem.p : "",
		    r->lem.len);
		ns_buf_reset(&r->key);
		if (r->baseline ? ns_keyer_romanise(r->k, d->lang, lemmas[i],
		    r->lem.len, &r->key, err) == -1 : ns_entity_key(r->k,
		    d->lang, e->type, lemmas[i], r->lem.len, &r->key,
		    err) == -1)
			return -1;
		m[i].type = e->type;
		m[i].lemma = lemmas[i];
		m[i].lemma_len = r->lem.len;
		m[i].key = ns_xstrndup(r->key.p != NULL ? r->key.p : "",
		    r->key.len);
	}
	if (!r->baseline && !r->nopropagate)
		ns_keys_propagate(r->k, d->lang, m, d->nments);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->secs += (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	r->nments += (long)d->nments;
	ns_buf_reset(&r->out);
	ns_buf_adds(&r->out, "{\"id\":");
	ns_buf_json_str(&r->out, d->id, strlen(d->id));
	ns_buf_adds(&r->out, ",\"lang\":");
	ns_buf_json_str(&r->out, d->lang, strlen(d->lang));
	ns_buf_adds(&r->out, ",\"entities\":[");
	for (i = 0; i < d->nments; i++) {
		const struct ns_gold_ent *e = &d->ments[i];

		/* Distinct (text, type): the first occurrence speaks. */
		for (j = 0; j < i; j++)
			if (d->ments[j].ntext == e->ntext &&
			    strcmp(d->ments[j].type, e->type) == 0 &&
			    memcmp(d->ments[j].text, e->text, e->ntext) == 0)
				break;
		if (j < i)
			continue;
		if (r->out.p[r->out.len - 1] != '[')
			ns_buf_addc(&r->out, ',');
		ns_buf_adds(&r->out, "{\"text\":");
		ns_buf_json_str(&r->out, e->text, e->ntext);
		ns_buf_adds(&r->out, ",\"type\":");
		ns_buf_json_str(&r->out, e->type, strlen(e->type));
		ns_buf_adds(&r->out, ",\"lemma\":");
		ns_buf_json_str(&r->out, m[i].lemma, m[i].lemma_len);
		ns_buf_adds(&r->out, ",\"key\":");
		ns_buf_json_str(&r->out, m[i].key, strlen(m[i].key));
		ns_buf_addc(&r->out, '}');
	}
	ns_buf_adds(&r->out, "]}\n");
	fwrite(r->out.p, 1, r->out.len, stdout);
	for (i = 0; i < d->nments; i++) {
		free(m[i].key);
		free(lemmas[i]);
	}
	free(m);
	free(lemmas);
	return 0;
}

int
main(int argc, char **argv)
{
	struct ns_error err;
	struct ns_buf model = NS_BUF_INIT;
	struct run r;
	const char *lpath = NULL, *kpath = NULL, *split = "dev";
	void *lbytes = NULL, *kbytes = NULL;
	size_t n;
	int ch;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "train-lemma") == 0 && argc == 6) {
		struct ns_lemma_train opt = { argv[2], argv[3], argv[4], 0 };

		if (strcmp(opt.ud_dir, "-") == 0)
			opt.ud_dir = NULL;
		if (getenv("NS_LEMMA_EPOCHS") != NULL)
			opt.epochs = atoi(getenv("NS_LEMMA_EPOCHS"));
		if (ns_lemma_train(&opt, &model, &err) == -1)
			die("train-lemma", &err);
		write_file(argv[5], &model);
		ns_buf_free(&model);
		return 0;
	}
	if (strcmp(argv[1], "train-xkey") == 0 && argc == 5) {
		struct ns_xkey_train opt = { argv[2], argv[3] };

		if (ns_xkey_train(&opt, &model, &err) == -1)
			die("train-xkey", &err);
		write_file(argv[4], &model);
		ns_buf_free(&model);
		u_cleanup();
		return 0;
	}
	if (strcmp(argv[1], "run") != 0)
		usage();
	memset(&r, 0, sizeof(r));
	argc--;
	argv++;
	while ((ch = getopt(argc, argv, "bdgl:k:ns:")) != -1) {
		switch (ch) {
		case 'b':
			r.baseline = 1;
			break;
		case 'g':
			r.gold_lemmas = 1;
			break;
		case 'n':
			r.nopropagate = 1;
			break;
		case 'd':
			r.nodoc = 1;
			break;
		case 'l':
			lpath = optarg;
			break;
		case 'k':
			kpath = optarg;
			break;
		case 's':
			split = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	if (lpath != NULL) {
		lbytes = read_file(lpath, &n);
		r.lz = ns_lemmatizer_load(lbytes, n, &err);
	} else
		r.lz = ns_lemmatizer_default(&err);
	if (r.lz == NULL)
		die("lemma model", &err);
	if (kpath != NULL) {
		kbytes = read_file(kpath, &n);
		r.k = ns_keyer_load(kbytes, n, &err);
	} else
		r.k = ns_keyer_default(&err);
	if (r.k == NULL)
		die("key model", &err);
	r.doc = ns_lemma_doc_new();
	if (ns_gold_each(argv[optind], split, run_doc, &r, &err) == -1)
		die(argv[optind], &err);
	fprintf(stderr, "%s: %ld mentions in %.3f s of lemmatiser and keyer\n",
	    prog, r.nments, r.secs);
	ns_lemma_doc_free(r.doc);
	ns_lemmatizer_free(r.lz);
	ns_keyer_free(r.k);
	ns_buf_free(&r.out);
	ns_buf_free(&r.lem);
	ns_buf_free(&r.key);
	free(lbytes);
	free(kbytes);
	u_cleanup();
	return fflush(stdout) == 0 ? 0 : 2;
}
