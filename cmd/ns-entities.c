/* ns-entities: named entities of each record, with base forms and keys. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "brown.h"
#include "cli.h"
#include "lemma.h"
#include "ner.h"
#include "nerfeat.h"
#include "nertrain.h"
#include "num.h"
#include "langid.h"
#include "record.h"
#include "tok.h"
#include "utf8.h"
#include "xkey.h"

static const char synopsis[] =
    "ns-entities [-quv] [-f field] [-l lang] [-m dir] [-t types] [--no-title]\n"
    "    [--rejects file] [--strict] [--progress] [file ...]\n"
    "ns-entities train [-v] [-o dir] [--clusters dir] [--epochs n]\n"
    "    [--langs list] [--lowercase p] [--margin n] [--mix n] [--only model]\n"
    "    [--prune w] [--split name] [--ud dir] corpus\n"
    "ns-entities clusters [-v] [-c n] [--min-count n] -o file [file ...]";

static const char help[] =
"Adds \"entities\" to each NDJSON record: the people (PER), places (LOC),\n"
"organisations (ORG), events (EVT) and products (PRO) its text mentions,\n"
"each as {text, type, start, end, lemma, key}: start and end in code\n"
"points, lemma the base form, key the same for one entity across\n"
"inflections, scripts and languages.\n"
"\n"
"Options:\n"
"  -l, --lang CODE     language of records without a \"lang\" field\n"
"  -m, --models DIR    models DIR/ner.bin, DIR/lemma.bin, DIR/xkey.bin\n"
"                      (each one missing: the built-in one)\n"
"  -t, --types LIST    only these types (e.g. PER,ORG)\n"
"      --no-title      do not tag the \"title\" field as well\n"
"\n"
"ns-entities train builds the three models from a corpus in SlavicNER's\n"
"gold.ndjson format; ns-entities clusters learns word clusters for it\n"
"from plain text (see ns-entities(1)).\n";

enum {
	OPT_NOTITLE = NS_OPT_TOOL,
	OPT_CLUSTERS,
	OPT_EPOCHS,
	OPT_LANGS,
	OPT_SPLIT,
	OPT_UD,
	OPT_MINCOUNT,
	OPT_ONLY,
	OPT_PRUNE,
	OPT_LOWER,
	OPT_MIX,
	OPT_MARGIN
};

/* One entity of a record, before it is written. */
struct ent {
	size_t		 b0, b1, c0, c1;
	int		 type;
	int		 title;		/* found in the title field */
	size_t		 lemma0, lemma1;	/* in run.lemmas */
};

struct run {
	struct ns_ner		*ner;
	struct ns_tagger	*tg;
	struct ns_lemmatizer	*lz;
	struct ns_lemma_doc	*ldoc;		/* the record's mentions */
	struct ns_keyer		*keyer;
	void			*files[3];	/* model bytes read with -m */
	const char		*lang;		/* -l */
	unsigned		 types;		/* -t: mask of types kept */
	int			 title;		/* tag "title" too */
	char			*lastdoc;	/* "doc" of the previous record */
	struct ent		*ents;
	size_t			 nents, capents;
	struct ns_buf		 lemmas, key, line;
	struct ns_keyed		*keyed;
	size_t			 capkeyed;
};

static const char *const owned[] = { "entities", NULL };

/*
 * The language of text without a "lang" field or --lang: libns's
 * detector (ns-lang's built-in model, opened on first use).  NULL when it
 * is unsure ("und"): the tagger then uses its language-independent
 * features only.
 */
static const char *
detect_lang(const char *s, size_t n)
{
	static const struct ns_langid *model;
	struct ns_langid_result res;
	struct ns_error err;

	if (model == NULL && (model = ns_langid_default(&err)) == NULL)
		return NULL;
	ns_langid_detect(model, s, n, &res);
	return strcmp(res.lang, "und") == 0 ? NULL : res.lang;
}

/*
 * The language of a record: its "lang" field when it names one (ns-lang
 * writes it), else --lang, else what the detector says.
 */
static const char *
record_lang(const struct run *r, struct ns_rec *rec, const char *s, size_t n)
{
	const char *lang;
	size_t nlang;

	if (ns_rec_string(rec, "lang", &lang, &nlang, NULL) == 0 &&
	    *lang != '\0' && strcmp(lang, "und") != 0)
		return lang;
	if (r->lang != NULL)
		return r->lang;
	return detect_lang(s, n);
}

/*
 * Forget the document memory unless the record continues the last "doc".
 * Returns 1 when a new document starts (its title gets tagged then).
 */
static int
doc_boundary(struct run *r, struct ns_rec *rec)
{
	const char *doc;
	size_t n;

	if (ns_rec_string(rec, "doc", &doc, &n, NULL) == -1)
		doc = NULL;
	if (doc != NULL && r->lastdoc != NULL && strcmp(doc, r->lastdoc) == 0)
		return 0;
	ns_tagger_newdoc(r->tg);
	free(r->lastdoc);
	r->lastdoc = doc != NULL ? ns_xstrdup(doc) : NULL;
	return 1;
}

static int
tag(struct run *r, const char *lang, const char *s, size_t n, int title,
    struct ns_error *err)
{
	const struct ns_mention *m;
	size_t nm, i;
	struct ent *e;

	if (ns_tagger_run(r->tg, lang, s, n, &m, &nm, err) == -1)
		return -1;
	for (i = 0; i < nm; i++) {
		if (!(r->types & (1u << m[i].type)))
			continue;
		if (r->nents == r->capents) {
			r->capents = r->capents ? 2 * r->capents : 64;
			r->ents = ns_xrealloc(r->ents,
			    r->capents * sizeof(*r->ents));
		}
		e = &r->ents[r->nents++];
		e->b0 = m[i].b0;
		e->b1 = m[i].b1;
		e->c0 = m[i].c0;
		e->c1 = m[i].c1;
		e->type = m[i].type;
		e->title = title;
	}
	return 0;
}

/*
 * Lemmas of the record's mentions, each knowing the others (Уиткоффом
 * beside Уиткофф), then checked against the key table.
 */
static int
lemmas(struct run *r, const char *lang, const char *title, const char *s,
    struct ns_error *err)
{
	size_t i;

	ns_lemma_doc_clear(r->ldoc);
	for (i = 0; i < r->nents; i++) {
		const struct ent *e = &r->ents[i];

		ns_lemma_doc_add(r->ldoc, (e->title ? title : s) + e->b0,
		    e->b1 - e->b0);
	}
	for (i = 0; i < r->nents; i++) {
		struct ent *e = &r->ents[i];
		const char *m = (e->title ? title : s) + e->b0;

		e->lemma0 = r->lemmas.len;
		if (ns_lemmatize_in(r->lz, r->ldoc, lang != NULL ? lang : "",
		    ns_ent_type_name(e->type), m, e->b1 - e->b0,
		    &r->lemmas, err) == -1)
			return -1;
		if (ns_lemma_recheck(r->keyer, lang != NULL ? lang : "",
		    ns_ent_type_name(e->type), m, e->b1 - e->b0,
		    &r->lemmas, e->lemma0, err) == -1)
			return -1;
		e->lemma1 = r->lemmas.len;
	}
	return 0;
}

/* Keys: each lemma's, then the document's fuller names for partial ones. */
static int
keys(struct run *r, const char *lang, struct ns_error *err)
{
	size_t i;

	if (r->nents > r->capkeyed) {
		r->capkeyed = r->nents;
		r->keyed = ns_xrealloc(r->keyed,
		    r->capkeyed * sizeof(*r->keyed));
	}
	for (i = 0; i < r->nents; i++) {
		const struct ent *e = &r->ents[i];
		struct ns_keyed *k = &r->keyed[i];

		ns_buf_reset(&r->key);
		k->type = ns_ent_type_name(e->type);
		k->lemma = r->lemmas.p + e->lemma0;
		k->lemma_len = e->lemma1 - e->lemma0;
		if (ns_entity_key(r->keyer, lang != NULL ? lang : "", k->type,
		    k->lemma, k->lemma_len, &r->key, err) == -1) {
			while (i-- > 0)
				free(r->keyed[i].key);
			return -1;
		}
		k->key = ns_xstrndup(r->key.p != NULL ? r->key.p : "",
		    r->key.len);
	}
	ns_keys_propagate(r->keyer, lang != NULL ? lang : "", r->keyed,
	    r->nents);
	return 0;
}

static void
emit(struct run *r, const char *title, const char *s)
{
	struct ns_buf *b = &r->line;
	size_t i;

	ns_buf_addc(b, '[');
	for (i = 0; i < r->nents; i++) {
		const struct ent *e = &r->ents[i];
		const char *src = e->title ? title : s;

		if (i > 0)
			ns_buf_addc(b, ',');
		ns_buf_adds(b, "{\"text\":");
		ns_buf_json_str(b, src + e->b0, e->b1 - e->b0);
		/* Not ns_buf_printf: vsnprintf showed in the profile. */
		ns_buf_adds(b, ",\"type\":\"");
		ns_buf_adds(b, ns_ent_type_name(e->type));
		ns_buf_adds(b, "\",\"start\":");
		ns_buf_addint(b, (long long)e->c0);
		ns_buf_adds(b, ",\"end\":");
		ns_buf_addint(b, (long long)e->c1);
		ns_buf_adds(b, ",\"lemma\":");
		ns_buf_json_str(b, r->lemmas.p + e->lemma0,
		    e->lemma1 - e->lemma0);
		ns_buf_adds(b, ",\"key\":");
		ns_buf_json_str(b, r->keyed[i].key, strlen(r->keyed[i].key));
		if (e->title)
			ns_buf_adds(b, ",\"field\":\"title\"");
		ns_buf_addc(b, '}');
	}
	ns_buf_addc(b, ']');
}

static int
record(struct ns_cli *cli, void *ctx, struct ns_rec *rec,
    struct ns_error *err)
{
	struct run *r = ctx;
	struct ns_emit e;
	const char *s, *title = NULL, *lang;
	size_t n, ntitle = 0, i;
	int rc, newdoc;

	if (ns_rec_string(rec, cli->field, &s, &n, err) == -1)
		return -1;
	lang = record_lang(r, rec, s, n);
	newdoc = doc_boundary(r, rec);
	r->nents = 0;
	ns_buf_reset(&r->lemmas);
	/* The title once per document: on its first unit record. */
	if (r->title && newdoc && strcmp(cli->field, "title") != 0 &&
	    ns_rec_string(rec, "title", &title, &ntitle, NULL) == 0) {
		if (tag(r, lang, title, ntitle, 1, err) == -1)
			return -1;
	}
	if (tag(r, lang, s, n, 0, err) == -1 ||
	    lemmas(r, lang, title, s, err) == -1 || keys(r, lang, err) == -1)
		return -1;
	ns_buf_reset(&r->line);
	ns_emit_begin(&e, &r->line, rec, owned);
	ns_emit_key(&e, "entities");
	emit(r, title, s);
	ns_emit_end(&e);
	for (i = 0; i < r->nents; i++)
		free(r->keyed[i].key);
	rc = ns_cli_write(cli, r->line.p, r->line.len);
	return rc == -1 ? -2 : 0;
}

static void
input(struct ns_cli *cli, struct ns_reader *rd, void *ctx)
{
	ns_cli_each_record(cli, rd, record, ctx);
}

static int
parse_types(const char *arg, unsigned *mask)
{
	const char *p = arg, *q;
	int t;

	*mask = 0;
	for (;;) {
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if ((t = ns_ent_type_parse(p, (size_t)(q - p))) < 0)
			return -1;
		*mask |= 1u << t;
		if (*q == '\0')
			return 0;
		p = q + 1;
	}
}

/* Read a whole file into malloc'd memory (8-aligned); NULL if absent. */
static void *
slurp(const char *path, size_t *n, int *missing, struct ns_error *err)
{
	struct ns_buf b = NS_BUF_INIT;
	char chunk[65536];
	size_t k;
	FILE *fp;

	*missing = 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		*missing = errno == ENOENT;
		ns_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ns_buf_add(&b, chunk, k);
	if (ferror(fp)) {
		ns_error_set(err, "%s: %s", path, strerror(errno));
		fclose(fp);
		ns_buf_free(&b);
		return NULL;
	}
	fclose(fp);
	*n = b.len;
	if (b.p == NULL)
		b.p = ns_xmalloc(1);
	return b.p;
}

/* The three models: from dir where it has them, else the built-in ones. */
static int
load_models(struct ns_cli *cli, struct run *r, const char *dir)
{
	static const char *const names[3] = {
		"ner.bin", "lemma.bin", "xkey.bin"
	};
	struct ns_error err;
	struct ns_buf path = NS_BUF_INIT;
	size_t n[3] = { 0, 0, 0 };
	int i, missing;

	for (i = 0; dir != NULL && i < 3; i++) {
		ns_buf_reset(&path);
		ns_buf_printf(&path, "%s/%s", dir, names[i]);
		r->files[i] = slurp(path.p, &n[i], &missing, &err);
		if (r->files[i] == NULL && !missing) {
			ns_buf_free(&path);
			return ns_cli_fatal(cli, "%s", err.msg);
		}
	}
	ns_buf_free(&path);
	r->ner = r->files[0] != NULL ? ns_ner_load(r->files[0], n[0], &err) :
	    ns_ner_default(&err);
	if (r->ner == NULL)
		return ns_cli_fatal(cli, "entity model: %s", err.msg);
	r->lz = r->files[1] != NULL ?
	    ns_lemmatizer_load(r->files[1], n[1], &err) :
	    ns_lemmatizer_default(&err);
	if (r->lz == NULL)
		return ns_cli_fatal(cli, "lemma model: %s", err.msg);
	r->ldoc = ns_lemma_doc_new();
	r->keyer = r->files[2] != NULL ?
	    ns_keyer_load(r->files[2], n[2], &err) : ns_keyer_default(&err);
	if (r->keyer == NULL)
		return ns_cli_fatal(cli, "key model: %s", err.msg);
	if ((r->tg = ns_tagger_new(r->ner, &err)) == NULL)
		return ns_cli_fatal(cli, "%s", err.msg);
	return 0;
}

static void
run_free(struct run *r)
{
	int i;

	ns_tagger_free(r->tg);
	ns_ner_free(r->ner);
	ns_lemmatizer_free(r->lz);
	ns_lemma_doc_free(r->ldoc);
	ns_keyer_free(r->keyer);
	for (i = 0; i < 3; i++)
		free(r->files[i]);
	free(r->lastdoc);
	free(r->ents);
	free(r->keyed);
	ns_buf_free(&r->lemmas);
	ns_buf_free(&r->key);
	ns_buf_free(&r->line);
}

static int
write_file(struct ns_cli *cli, const char *path, const struct ns_buf *b)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(b->p, 1, b->len, fp) != b->len ||
	    fclose(fp) != 0)
		return ns_cli_fatal(cli, "%s: %s", path, strerror(errno));
	return 0;
}

static void
say(const char *msg, void *arg)
{
	struct ns_cli *cli = arg;

	if (cli->verbose)
		fprintf(stderr, "%s: %s\n", cli->prog, msg);
}

static void
brown_progress(long done, long total, void *arg)
{
	struct ns_cli *cli = arg;

	if (cli->verbose && (done % 4096 == 0 || done == total))
		fprintf(stderr, "%s: clusters: %ld/%ld words\n", cli->prog,
		    done, total);
}

/* ns-entities clusters: Brown clusters of the words of plain text. */
static int
cmd_clusters(struct ns_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		NS_CLI_LONGOPTS,
		{ "clusters",	required_argument,	NULL, 'c' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "min-count",	required_argument,	NULL, OPT_MINCOUNT },
		{ 0 }
	};
	struct ns_tokenizer *tk;
	struct ns_tokens toks = { NULL, 0, 0 };
	struct ns_brown *b;
	struct ns_buf out = NS_BUF_INIT, low = NS_BUF_INIT;
	struct ns_error err;
	const char *outpath = NULL, *errstr, *line;
	long nclus = 256, mincount = 3;
	size_t len;
	int ch, rc, k;

	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS "c:o:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			nclus = (long)ns_strtonum(optarg, 2, 4096, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "-c: %s: %s", errstr,
				    optarg);
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_MINCOUNT:
			mincount = (long)ns_strtonum(optarg, 1, 1000000,
			    &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--min-count: %s: %s",
				    errstr, optarg);
			break;
		default:
			if ((rc = ns_cli_option(cli, ch, optarg)) == NS_CLI_EXIT)
				return cli->status;
			if (rc == NS_CLI_UNKNOWN)
				return ns_cli_usage(cli, NULL);
		}
	}
	if (outpath == NULL)
		return ns_cli_usage(cli, "clusters: -o FILE is required");
	if ((tk = ns_tokenizer_open(&err)) == NULL)
		return ns_cli_fatal(cli, "%s", err.msg);
	b = ns_brown_new((int)nclus, mincount);
	for (k = optind; k < argc || (k == optind && argc == optind); k++) {
		struct ns_reader *rd = ns_reader_open(k < argc ? argv[k] : "-",
		    &err);

		if (rd == NULL) {
			ns_cli_file_error(cli, argv[k], err.msg);
			continue;
		}
		/* One line, one stretch of text: no bigram across lines. */
		while ((rc = ns_reader_getline(rd, &line, &len, &err)) == 1) {
			if (ns_utf8_valid_prefix(line, len) != len)
				continue;
			if (ns_tokenize(tk, line, len, &toks, &err) == -1)
				break;
			ns_nerfeat_cluster_words(b, line, &toks, &low);
		}
		if (rc == -1)
			ns_cli_file_error(cli, ns_reader_name(rd), err.msg);
		ns_reader_close(rd);
	}
	rc = ns_brown_run(b, &out, brown_progress, cli, &err);
	if (rc == -1)
		ns_cli_fatal(cli, "%s", err.msg);
	else
		write_file(cli, outpath, &out);
	ns_brown_free(b);
	ns_tokens_free(&toks);
	ns_tokenizer_close(tk);
	ns_buf_free(&out);
	ns_buf_free(&low);
	return cli->status;
}

/* Read DIR/LANG.clusters for every language of the model. */
static int
train_clusters(struct ns_cli *cli, struct ns_nertrain *tr, const char *dir,
    const char *langs)
{
	struct ns_buf path = NS_BUF_INIT;
	struct ns_error err;
	const char *p = langs, *q;
	void *text;
	size_t n;
	int missing, rc = 0;

	for (; rc == 0 && *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		char lang[8];

		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if ((size_t)(q - p) >= sizeof(lang))
			continue;
		memcpy(lang, p, (size_t)(q - p));
		lang[q - p] = '\0';
		ns_buf_reset(&path);
		ns_buf_printf(&path, "%s/%s.clusters", dir, lang);
		if ((text = slurp(path.p, &n, &missing, &err)) == NULL) {
			if (!missing)
				rc = ns_cli_fatal(cli, "%s", err.msg);
			else
				say(err.msg, cli);
			continue;
		}
		if (ns_nertrain_clusters(tr, lang, text, n, &err) == -1)
			rc = ns_cli_fatal(cli, "%s: %s", path.p, err.msg);
		free(text);
	}
	ns_buf_free(&path);
	return rc;
}

/* ns-entities train: the tagger, lemma and key models from a corpus. */
static int
cmd_train(struct ns_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		NS_CLI_LONGOPTS,
		{ "output",	required_argument,	NULL, 'o' },
		{ "clusters",	required_argument,	NULL, OPT_CLUSTERS },
		{ "epochs",	required_argument,	NULL, OPT_EPOCHS },
		{ "langs",	required_argument,	NULL, OPT_LANGS },
		{ "split",	required_argument,	NULL, OPT_SPLIT },
		{ "ud",		required_argument,	NULL, OPT_UD },
		{ "only",	required_argument,	NULL, OPT_ONLY },
		{ "prune",	required_argument,	NULL, OPT_PRUNE },
		{ "lowercase",	required_argument,	NULL, OPT_LOWER },
		{ "mix",	required_argument,	NULL, OPT_MIX },
		{ "margin",	required_argument,	NULL, OPT_MARGIN },
		{ 0 }
	};
	struct ns_nertrain_opts o;
	struct ns_nertrain *tr;
	struct ns_lemma_train lt;
	struct ns_xkey_train xt;
	struct ns_buf model = NS_BUF_INIT, path = NS_BUF_INIT;
	struct ns_error err;
	const char *outdir = ".", *clusters = NULL, *split = "train";
	const char *langs = "bg,cs,pl,ru,sl,uk", *ud = NULL, *errstr;
	const char *only = NULL;
	size_t ndocs;
	int ch, rc;

	ns_nertrain_defaults(&o);
	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS "o:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			outdir = optarg;
			break;
		case OPT_CLUSTERS:
			clusters = optarg;
			break;
		case OPT_EPOCHS:
			o.epochs = (int)ns_strtonum(optarg, 1, 1000, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--epochs: %s: %s",
				    errstr, optarg);
			break;
		case OPT_LANGS:
			langs = optarg;
			break;
		case OPT_SPLIT:
			split = *optarg != '\0' ? optarg : NULL;
			break;
		case OPT_UD:
			ud = optarg;
			break;
		case OPT_PRUNE:
			o.prune = ns_strtod(optarg, 0, 1000, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--prune: %s: %s",
				    errstr, optarg);
			break;
		case OPT_LOWER:
			o.lowercase = ns_strtod(optarg, 0, 1, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--lowercase: %s: %s",
				    errstr, optarg);
			break;
		case OPT_MIX:
			o.mix = (int)ns_strtonum(optarg, 1, 100, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--mix: %s: %s",
				    errstr, optarg);
			break;
		case OPT_MARGIN:
			o.margin = (int)ns_strtonum(optarg, 0, 10000, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--margin: %s: %s",
				    errstr, optarg);
			break;
		case OPT_ONLY:
			if (strcmp(optarg, "ner") != 0 &&
			    strcmp(optarg, "lemma") != 0 &&
			    strcmp(optarg, "xkey") != 0)
				return ns_cli_usage(cli, "--only: %s: not ner, "
				    "lemma or xkey", optarg);
			only = optarg;
			break;
		default:
			if ((rc = ns_cli_option(cli, ch, optarg)) == NS_CLI_EXIT)
				return cli->status;
			if (rc == NS_CLI_UNKNOWN)
				return ns_cli_usage(cli, NULL);
		}
	}
	if (argc - optind != 1)
		return ns_cli_usage(cli, "train: one corpus file expected");
	o.progress = say;
	o.arg = cli;
	rc = 0;
	if (only == NULL || strcmp(only, "ner") == 0) {
		if ((tr = ns_nertrain_new(&o, &err)) == NULL)
			return ns_cli_fatal(cli, "%s", err.msg);
		rc = clusters != NULL ?
		    train_clusters(cli, tr, clusters, langs) : 0;
		if (rc == 0 && ns_nertrain_corpus(tr, argv[optind], split,
		    langs, &ndocs, &err) == -1)
			rc = ns_cli_fatal(cli, "%s", err.msg);
		if (rc == 0 && ns_nertrain_run(tr, &model, &err) == -1)
			rc = ns_cli_fatal(cli, "%s", err.msg);
		ns_nertrain_free(tr);
		if (rc == 0) {
			ns_buf_printf(&path, "%s/ner.bin", outdir);
			rc = write_file(cli, path.p, &model);
		}
	}
	if (rc == 0 && (only == NULL || strcmp(only, "lemma") == 0)) {
		memset(&lt, 0, sizeof(lt));
		lt.corpus = argv[optind];
		lt.split = split;
		lt.ud_dir = ud;
		ns_buf_reset(&model);
		ns_buf_reset(&path);
		ns_buf_printf(&path, "%s/lemma.bin", outdir);
		say("lemma model", cli);
		rc = ns_lemma_train(&lt, &model, &err) == -1 ?
		    ns_cli_fatal(cli, "%s", err.msg) :
		    write_file(cli, path.p, &model);
	}
	if (rc == 0 && (only == NULL || strcmp(only, "xkey") == 0)) {
		memset(&xt, 0, sizeof(xt));
		xt.corpus = argv[optind];
		xt.split = split;
		ns_buf_reset(&model);
		ns_buf_reset(&path);
		ns_buf_printf(&path, "%s/xkey.bin", outdir);
		say("key model", cli);
		rc = ns_xkey_train(&xt, &model, &err) == -1 ?
		    ns_cli_fatal(cli, "%s", err.msg) :
		    write_file(cli, path.p, &model);
	}
	ns_buf_free(&model);
	ns_buf_free(&path);
	return rc != 0 ? rc : cli->status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		NS_CLI_LONGOPTS,
		{ "lang",	required_argument,	NULL, 'l' },
		{ "models",	required_argument,	NULL, 'm' },
		{ "types",	required_argument,	NULL, 't' },
		{ "no-title",	no_argument,		NULL, OPT_NOTITLE },
		{ 0 }
	};
	struct ns_cli cli;
	struct run r;
	const char *models = NULL;
	int ch, rc;

	ns_cli_init(&cli, "ns-entities", synopsis, help);
	memset(&r, 0, sizeof(r));
	r.types = (1u << NS_ENT_NTYPES) - 1;
	r.title = 1;
	/* getopt names the program after argv[0] in its messages. */
	argv[0] = (char *)cli.prog;
	if (argc > 1 && (strcmp(argv[1], "train") == 0 ||
	    strcmp(argv[1], "clusters") == 0)) {
		int train = strcmp(argv[1], "train") == 0;

		argv[1] = (char *)cli.prog;
		rc = train ? cmd_train(&cli, argc - 1, argv + 1) :
		    cmd_clusters(&cli, argc - 1, argv + 1);
		cli.verbose = 0;	/* no record summary */
		goto done;
	}
	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS "l:m:t:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if (strlen(optarg) < 2 || strlen(optarg) > 3)
				return ns_cli_usage(&cli,
				    "--lang: not a language code: %s", optarg);
			r.lang = optarg;
			break;
		case 'm':
			models = optarg;
			break;
		case 't':
			if (parse_types(optarg, &r.types) == -1)
				return ns_cli_usage(&cli, "--types: %s: types "
				    "are PER, LOC, ORG, EVT and PRO", optarg);
			break;
		case OPT_NOTITLE:
			r.title = 0;
			break;
		default:
			if ((rc = ns_cli_option(&cli, ch, optarg)) == NS_CLI_EXIT)
				return cli.status;
			if (rc == NS_CLI_UNKNOWN)
				return ns_cli_usage(&cli, NULL);
		}
	}
	if ((rc = load_models(&cli, &r, models)) != 0)
		goto done;
	ns_cli_each_input(&cli, argc - optind, argv + optind, input, &r);
	rc = -1;
done:
	run_free(&r);
#ifdef NS_TEST_BUILD
	u_cleanup();
#endif
	if (rc == -1 || rc == 0)
		return ns_cli_finish(&cli);
	(void)ns_cli_finish(&cli);
	return rc;
}
