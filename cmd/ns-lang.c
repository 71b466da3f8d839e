/* ns-lang: add the language of each record's text (lang, lang_score). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef NS_TEST_BUILD
#include <unicode/uclean.h>
#endif

#include "cli.h"
#include "langid.h"
#include "langspan.h"
#include "langtrain.h"
#include "num.h"
#include "record.h"
#include "seg.h"
#include "utf8.h"

static const char synopsis[] =
    "ns-lang [-quv] [-f field] [--lines] [--min-score p] [--model file]\n"
    "        [--only list] [--spans] [--top k] [--rejects file] [--strict]\n"
    "        [--progress] [file ...]\n"
    "ns-lang train [-v] [-o file] [--epochs n] [--holdout n] [--min-count n]\n"
    "        [--raw file] [--refit file] [--relex file] [--set name=value]\n"
    "        dir\n"
    "ns-lang train [-o file] --repack file";

static const char help[] =
"Add the language of each record's text: lang (an ISO 639-1 code, \"und\"\n"
"when unsure) and lang_score (a calibrated probability).\n"
"\n"
"Options:\n"
"      --lines         read raw text, one unit per line, instead of NDJSON\n"
"      --min-score P   say \"und\" below probability P (default: the\n"
"                      model's, 0.5 for the built-in model)\n"
"      --model FILE    use the model FILE instead of the built-in one\n"
"      --only LIST     consider only these languages (ru,uk,bg)\n"
"      --spans         add lang_spans: the runs of sentences per language\n"
"      --top K         add langs: the K best languages with scores\n"
"\n"
"ns-lang train builds a model from DIR/<code>.txt (UTF-8, a sentence or\n"
"paragraph per line):\n"
"  -o FILE             write the model to FILE (default: lang.bin)\n"
"      --epochs N      training passes (default 3)\n"
"      --holdout N     hold every Nth line out for calibration (default 20)\n"
"      --min-count N   drop features seen fewer than N times (default 3)\n"
"      --raw FILE      also write the raw model (all weights, no word sums)\n"
"      --refit FILE    prune and calibrate the raw model FILE, no training\n"
"      --relex FILE    add the word lexicon to the model FILE and calibrate\n"
"                      it again, no training\n"
"      --repack FILE   write the model FILE in this version's format (no DIR)\n"
"      --set NAME=VAL  a training parameter (see ns-lang(1))\n";

enum {
	OPT_LINES = NS_OPT_TOOL,
	OPT_MIN_SCORE,
	OPT_MODEL,
	OPT_ONLY,
	OPT_SPANS,
	OPT_TOP,
	OPT_EPOCHS,
	OPT_HOLDOUT,
	OPT_MIN_COUNT,
	OPT_RAW,
	OPT_REFIT,
	OPT_RELEX,
	OPT_REPACK,
	OPT_WORDS,
	OPT_PRUNE,
	OPT_SET
};

/* Fields this tool writes; replaced when a record has them already. */
static const char *const owned[] = {
	"lang", "lang_score", "langs", "lang_spans", NULL
};

struct ctx {
	const struct ns_langid	*model;
	struct ns_langid_opts	 opts;
	int			 top;		/* --top */
	int			 spans;		/* --spans */
	struct ns_seg		*seg;
	struct ns_langspans	 runs;
	struct ns_buf		 out;
	struct ns_buf		 fixed;		/* repaired raw line */
};

/* Append this tool's fields for text s[0..n) to the record in c->out. */
static int
addfields(struct ns_cli *cli, struct ctx *c, struct ns_emit *e,
    const char *s, size_t n, struct ns_error *err)
{
	struct ns_langid_result res;
	size_t i;
	int k;

	ns_langid_detect_opts(c->model, &c->opts, s, n, &res);
	ns_emit_key(e, "lang");
	ns_buf_json_str(&c->out, res.lang, strlen(res.lang));
	ns_emit_key(e, "lang_score");
	ns_emit_score(&c->out, res.score);
	if (c->top > 0) {
		ns_emit_key(e, "langs");
		ns_buf_addc(&c->out, '[');
		for (k = 0; k < res.ncand && k < c->top; k++) {
			ns_buf_adds(&c->out, k > 0 ? ",{\"lang\":" :
			    "{\"lang\":");
			ns_buf_json_str(&c->out, res.best[k].code,
			    strlen(res.best[k].code));
			ns_buf_adds(&c->out, ",\"score\":");
			ns_emit_score(&c->out, res.best[k].p);
			ns_buf_addc(&c->out, '}');
		}
		ns_buf_addc(&c->out, ']');
	}
	if (c->spans) {
		if (ns_langspan_find(c->model, &c->opts, c->seg, s, n,
		    &c->runs, err) == -1)
			return -1;
		ns_emit_key(e, "lang_spans");
		ns_buf_addc(&c->out, '[');
		for (i = 0; i < c->runs.n; i++) {
			const struct ns_langspan *r = &c->runs.v[i];

			ns_buf_adds(&c->out, i > 0 ? ",{\"lang\":" :
			    "{\"lang\":");
			ns_buf_json_str(&c->out, r->lang, strlen(r->lang));
			ns_buf_adds(&c->out, ",\"start\":");
			ns_buf_addint(&c->out, (long long)r->start);
			ns_buf_adds(&c->out, ",\"end\":");
			ns_buf_addint(&c->out, (long long)r->end);
			ns_buf_adds(&c->out, ",\"score\":");
			ns_emit_score(&c->out, r->score);
			ns_buf_addc(&c->out, '}');
		}
		ns_buf_addc(&c->out, ']');
	}
	(void)cli;
	return 0;
}

static int
record(struct ns_cli *cli, void *arg, struct ns_rec *rec,
    struct ns_error *err)
{
	struct ctx *c = arg;
	struct ns_emit e;
	const char *s;
	size_t n;

	if (ns_rec_string(rec, cli->field, &s, &n, err) == -1)
		return -1;
	ns_buf_reset(&c->out);
	ns_emit_begin(&e, &c->out, rec, owned);
	if (addfields(cli, c, &e, s, n, err) == -1)
		return -1;
	ns_emit_end(&e);
	return ns_cli_write(cli, c->out.p, c->out.len) == 0 ? 0 : -2;
}

static void
ndjson(struct ns_cli *cli, struct ns_reader *r, void *arg)
{
	ns_cli_each_record(cli, r, record, arg);
}

/* --lines: every line is a text; the output record carries it. */
static void
rawlines(struct ns_cli *cli, struct ns_reader *r, void *arg)
{
	struct ctx *c = arg;
	struct ns_error err;
	struct ns_emit e;
	const char *line;
	size_t len, nbad;
	int rc;

	while (!cli->stop && (rc = ns_reader_getline(r, &line, &len,
	    &err)) == 1) {
		ns_cli_tick(cli);
		ns_buf_reset(&c->fixed);
		if ((nbad = ns_utf8_repair(&c->fixed, line, len)) > 0)
			ns_cli_warn(cli, ns_reader_name(r), ns_reader_lineno(r),
			    "invalid UTF-8 repaired (%zu sequence%s)", nbad,
			    nbad > 1 ? "s" : "");
		ns_buf_reset(&c->out);
		ns_emit_new(&e, &c->out);
		ns_emit_key(&e, cli->field);
		ns_buf_json_str(&c->out, c->fixed.p, c->fixed.len);
		if (addfields(cli, c, &e, c->fixed.p, c->fixed.len,
		    &err) == -1) {
			ns_cli_reject(cli, r, line, len, &err);
			continue;
		}
		ns_emit_end(&e);
		if (ns_cli_write(cli, c->out.p, c->out.len) == -1)
			return;
	}
	if (!cli->stop && rc == -1)
		ns_cli_file_error(cli, ns_reader_name(r), err.msg);
}

static void
trainlog(void *arg, const char *msg)
{
	fprintf(stderr, "%s: train: %s\n", (const char *)arg, msg);
}

static void
printstats(const char *what, const struct ns_langcal_stats *st)
{
	int k;

	fprintf(stderr, "ns-lang: train: %-9s %6ld units, accuracy %.4f, "
	    "ECE %.4f, NLL %.4f\n", what, st->n, st->acc, st->ece, st->nll);
	for (k = 0; k < NS_LANGCAL_NBINS; k++)
		if (st->bin[k].n > 0)
			fprintf(stderr, "ns-lang: train:   [%.1f,%.1f) %6ld "
			    "mean p %.4f right %.4f\n", k / 10.0,
			    (k + 1) / 10.0, st->bin[k].n, st->bin[k].conf,
			    st->bin[k].acc);
}

/* Write buf to path through a temporary file, so no half model stays. */
static int
writefile(const char *path, const struct ns_buf *buf, struct ns_error *err)
{
	struct ns_buf tmp = NS_BUF_INIT;
	FILE *fp;
	int rc = -1;

	ns_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fp = fopen(tmp.p, "wb")) == NULL) {
		ns_error_set(err, "%s: %s", tmp.p, strerror(errno));
		goto out;
	}
	if (fwrite(buf->p, 1, buf->len, fp) != buf->len || fflush(fp) != 0) {
		ns_error_set(err, "%s: %s", tmp.p, strerror(errno));
		fclose(fp);
		remove(tmp.p);
		goto out;
	}
	if (fclose(fp) != 0 || rename(tmp.p, path) != 0) {
		ns_error_set(err, "%s: %s", path, strerror(errno));
		remove(tmp.p);
		goto out;
	}
	rc = 0;
out:
	ns_buf_free(&tmp);
	return rc;
}

static int
train_main(struct ns_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "epochs",	required_argument,	NULL, OPT_EPOCHS },
		{ "holdout",	required_argument,	NULL, OPT_HOLDOUT },
		{ "min-count",	required_argument,	NULL, OPT_MIN_COUNT },
		{ "raw",	required_argument,	NULL, OPT_RAW },
		{ "refit",	required_argument,	NULL, OPT_REFIT },
		{ "relex",	required_argument,	NULL, OPT_RELEX },
		{ "repack",	required_argument,	NULL, OPT_REPACK },
		{ "set",	required_argument,	NULL, OPT_SET },
		{ 0 }
	};
	struct ns_langtrain_opts o;
	struct ns_langcal_report rep;
	struct ns_langtrain *t;
	struct ns_buf model = NS_BUF_INIT;
	struct ns_error err;
	const char *outpath = "lang.bin", *errstr, *rawpath = NULL;
	const char *refit = NULL, *repack = NULL, *relex = NULL;
	struct ns_buf raw = NS_BUF_INIT;
	struct ns_langid *rm = NULL;
	int ch, verbose = 0, rc;

	ns_langtrain_defaults(&o);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			outpath = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case OPT_EPOCHS:
			o.epochs = (int)ns_strtonum(optarg, 0, 100, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--epochs: %s: %s",
				    errstr, optarg);
			break;
		case OPT_HOLDOUT:
			o.holdout = (int)ns_strtonum(optarg, 0, 1000000,
			    &errstr);
			if (errstr != NULL || o.holdout == 1)
				return ns_cli_usage(cli, "--holdout: %s: %s",
				    errstr != NULL ? errstr : "invalid",
				    optarg);
			break;
		case OPT_MIN_COUNT:
			o.mincount = (int)ns_strtonum(optarg, 1, 1000000,
			    &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--min-count: %s: %s",
				    errstr, optarg);
			break;
		case OPT_RAW:
			rawpath = optarg;
			break;
		case OPT_REFIT:
			refit = optarg;
			break;
		case OPT_RELEX:
			relex = optarg;
			break;
		case OPT_REPACK:
			repack = optarg;
			break;
		case OPT_SET:
			if (ns_langtrain_set(&o, optarg, &err) == -1)
				return ns_cli_usage(cli, "--set: %s", err.msg);
			break;
		default:
			rc = ns_cli_option(cli, ch, optarg);
			if (rc == NS_CLI_EXIT)
				return cli->status;
			if (rc == NS_CLI_UNKNOWN)
				return ns_cli_usage(cli, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (repack != NULL) {
		if (argc != 0)
			return ns_cli_usage(cli,
			    "train: --repack takes no directory");
		if ((rm = ns_langid_load(repack, &err)) == NULL)
			return ns_cli_fatal(cli, "train: %s: %s", repack,
			    err.msg);
		rc = 0;
		if (ns_langtrain_repack(ns_langid_bytes(rm),
		    ns_langid_size(rm), &model, &err) == -1 ||
		    writefile(outpath, &model, &err) == -1)
			rc = ns_cli_fatal(cli, "train: %s", err.msg);
		ns_langid_free(rm);
		ns_buf_free(&model);
		return rc;
	}
	if (argc != 1)
		return ns_cli_usage(cli, "train: one directory expected");
	if (verbose) {
		o.log = trainlog;
		o.logctx = (void *)cli->prog;
	}
	if (refit != NULL && relex != NULL)
		return ns_cli_usage(cli, "train: --refit or --relex, not both");
	if (refit != NULL && (rm = ns_langid_load(refit, &err)) == NULL)
		return ns_cli_fatal(cli, "train: %s: %s", refit, err.msg);
	if (relex != NULL && (rm = ns_langid_load(relex, &err)) == NULL)
		return ns_cli_fatal(cli, "train: %s: %s", relex, err.msg);
	t = ns_langtrain_new();
	if (ns_langtrain_add_dir(t, argv[0], &err) == -1 ||
	    (refit != NULL ? ns_langtrain_refit(t, &o, ns_langid_bytes(rm),
	    ns_langid_size(rm), &model, &rep, &err) :
	    relex != NULL ? ns_langtrain_relex(t, &o, ns_langid_bytes(rm),
	    ns_langid_size(rm), &model, &rep, &err) :
	    ns_langtrain_build(t, &o, &model, &raw, &rep, &err)) == -1 ||
	    writefile(outpath, &model, &err) == -1 ||
	    (rawpath != NULL && writefile(rawpath, &raw, &err) == -1))
		rc = ns_cli_fatal(cli, "train: %s", err.msg);
	else {
		rc = 0;
		if (verbose && rep.all.n > 0) {
			printstats("all", &rep.all);
			printstats("words", &rep.kind[NS_LANGCAL_WORD]);
			printstats("pairs", &rep.kind[NS_LANGCAL_PAIR]);
			printstats("sentences", &rep.kind[NS_LANGCAL_SENT]);
		}
	}
	ns_langtrain_free(t);
	ns_langid_free(rm);
	ns_buf_free(&model);
	ns_buf_free(&raw);
	return rc;
}

/* Parse --only's list of codes into a set of model languages. */
static int
parseonly(struct ns_cli *cli, const struct ns_langid *m, const char *list,
    uint64_t *set)
{
	char code[NS_LANGID_CODELEN + 1];
	const char *p = list, *end;
	size_t n;
	int l;

	*set = 0;
	for (;;) {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= sizeof(code))
			return ns_cli_usage(cli, "--only: bad list: %s", list);
		memcpy(code, p, n);
		code[n] = '\0';
		if ((l = ns_langid_find(m, code)) < 0)
			return ns_cli_usage(cli, "--only: unknown language: %s",
			    code);
		*set |= (uint64_t)1 << l;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

int
main(int argc, char **argv)
{
	static char prog[] = "ns-lang", trainprog[] = "ns-lang train";
	static const struct option longopts[] = {
		NS_CLI_LONGOPTS,
		{ "lines",	no_argument,		NULL, OPT_LINES },
		{ "min-score",	required_argument,	NULL, OPT_MIN_SCORE },
		{ "model",	required_argument,	NULL, OPT_MODEL },
		{ "only",	required_argument,	NULL, OPT_ONLY },
		{ "spans",	no_argument,		NULL, OPT_SPANS },
		{ "top",	required_argument,	NULL, OPT_TOP },
		{ 0 }
	};
	struct ns_cli cli;
	struct ctx c;
	struct ns_error err;
	struct ns_langid *loaded = NULL;
	const char *modelpath = NULL, *only = NULL, *errstr;
	int ch, rc, lines = 0;

	ns_cli_init(&cli, "ns-lang", synopsis, help);
	memset(&c, 0, sizeof(c));
	/* getopt names the program by argv[0]: keep it "ns-lang". */
	argv[0] = prog;
	if (argc > 1 && strcmp(argv[1], "train") == 0) {
		argv[1] = trainprog;
		return train_main(&cli, argc - 1, argv + 1);
	}
	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_LINES:
			lines = 1;
			break;
		case OPT_MIN_SCORE:
			c.opts.min_score = ns_strtod(optarg, 0, 1, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(&cli,
				    "--min-score: out of range (0..1): %s",
				    optarg);
			if (c.opts.min_score == 0)
				c.opts.no_minimum = 1;
			break;
		case OPT_MODEL:
			modelpath = optarg;
			break;
		case OPT_ONLY:
			only = optarg;
			break;
		case OPT_SPANS:
			c.spans = 1;
			break;
		case OPT_TOP:
			c.top = (int)ns_strtonum(optarg, 1, NS_LANGID_MAXLANGS,
			    &errstr);
			if (errstr != NULL)
				return ns_cli_usage(&cli,
				    "--top: out of range (1..%d): %s",
				    NS_LANGID_MAXLANGS, optarg);
			break;
		default:
			rc = ns_cli_option(&cli, ch, optarg);
			if (rc == NS_CLI_EXIT)
				return cli.status;
			if (rc == NS_CLI_UNKNOWN)
				return ns_cli_usage(&cli, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	/* Only the languages printed need to be in order. */
	c.opts.sorted = c.top > 0 ? c.top : 1;
	if (modelpath != NULL) {
		if ((loaded = ns_langid_load(modelpath, &err)) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", cli.prog, modelpath,
			    err.msg);
			return NS_EXIT_USAGE;
		}
		c.model = loaded;
	} else if ((c.model = ns_langid_default(&err)) == NULL) {
		fprintf(stderr, "%s: built-in model: %s\n", cli.prog, err.msg);
		return NS_EXIT_USAGE;
	}
	if (only != NULL && (rc = parseonly(&cli, c.model, only,
	    &c.opts.only)) != 0) {
		ns_langid_free(loaded);
		return rc;
	}
	if (c.spans && (c.seg = ns_seg_open(NS_SEG_SENTENCE, "", &err)) ==
	    NULL) {
		ns_langid_free(loaded);
		return ns_cli_fatal(&cli, "%s", err.msg);
	}
	ns_cli_each_input(&cli, argc, argv, lines ? rawlines : ndjson, &c);
	ns_seg_close(c.seg);
	ns_langspans_free(&c.runs);
	ns_buf_free(&c.out);
	ns_buf_free(&c.fixed);
	ns_langid_free(loaded);
#ifdef NS_TEST_BUILD
	u_cleanup();
#endif
	return ns_cli_finish(&cli);
}
