/* ns-dedupe: drop, mark or cluster exact and near-duplicate records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "date.h"
#include "dedupe.h"
#include "dedupe_mr.h"
#include "num.h"
#include "record.h"
#include "shingle.h"

static const char synopsis[] =
"ns-dedupe [-quv] [-f field] [--mode mode] [--threshold J] [--state file]\n"
"          [--window duration] [--wait duration] [--rejects file] [--strict]\n"
"          [--progress] [file ...]\n"
"ns-dedupe --emit-keys [-f field] [--threshold J] [--part n] [file ...]\n"
"ns-dedupe --reduce [-quv] [--mode mode] [file ...]";

static const char helptext[] =
"Pass each record once: drop (or mark, or cluster) records whose text is\n"
"an exact or near duplicate of an earlier one, also across runs.\n"
"\n"
"  --mode MODE         drop (default), mark (add dup_of, similarity) or\n"
"                      cluster (add cluster, the id of the group's first)\n"
"  --threshold J       Jaccard similarity of a near duplicate (default 0.8)\n"
"  --state FILE        remember records across runs in FILE (SQLite)\n"
"  --window DURATION   forget records older than this (30d, 12h, 90m)\n"
"  --wait DURATION     wait this long for another run's lock (default 30s)\n"
"  --emit-keys         map step: write sortable band-key lines\n"
"  --part N            with --emit-keys: this input's place among parts\n"
"  --reduce            reduce step: read sorted keys, write the verdicts\n";

enum {
	OPT_MODE = NS_OPT_TOOL,
	OPT_THRESHOLD,
	OPT_STATE,
	OPT_WINDOW,
	OPT_WAIT,
	OPT_EMIT,
	OPT_PART,
	OPT_REDUCE
};

static const struct option longopts[] = {
	NS_CLI_LONGOPTS,
	{ "mode",	required_argument,	NULL, OPT_MODE },
	{ "threshold",	required_argument,	NULL, OPT_THRESHOLD },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ "wait",	required_argument,	NULL, OPT_WAIT },
	{ "emit-keys",	no_argument,		NULL, OPT_EMIT },
	{ "part",	required_argument,	NULL, OPT_PART },
	{ "reduce",	no_argument,		NULL, OPT_REDUCE },
	{ 0 }
};

enum mode { DROP, MARK, CLUSTER };

static const char *const owned_mark[] = { "dup_of", "similarity", NULL };
static const char *const owned_cluster[] = { "cluster", NULL };

/* Records whose output waits for the state to commit them. */
#define BATCH_RECORDS	256
#define BATCH_BYTES	(256 * 1024)

struct ctx {
	enum mode		 mode;
	double			 threshold;
	struct ns_dedupe_opts	 o;
	struct ns_dedupe	*d;
	int			 emit, reduce, usetime;
	unsigned long long	 part;
	struct ns_lsh_params	 p;
	struct ns_reader	*r;
	long			 lineoff;
	struct ns_shingler	 sh;
	struct ns_sketch	 sk;
	struct ns_dedupe_match	 m;
	struct ns_reduce	*red;
	struct ns_buf		 id, out;
	size_t			*ends;
	size_t			 nends, capends;
	long			 ndropped, nmarked;
};

/* Write the pending records, once the state holds them. */
static int
flush(struct ns_cli *cli, struct ctx *c)
{
	struct ns_error err;
	size_t i, start = 0;

	if (c->nends == 0)
		return 0;
	if (c->o.state != NULL && ns_dedupe_commit(c->d, &err) == -1) {
		ns_cli_fatal(cli, "%s: %s", c->o.state, err.msg);
		return -1;
	}
	for (i = 0; i < c->nends; i++) {
		if (ns_cli_write(cli, c->out.p + start, c->ends[i] - start)
		    == -1)
			break;
		start = c->ends[i];
	}
	ns_buf_reset(&c->out);
	c->nends = 0;
	return cli->stop ? -1 : 0;
}

/* The record just added to c->out is complete. */
static int
queue(struct ns_cli *cli, struct ctx *c)
{
	if (c->nends == c->capends) {
		c->capends = c->capends ? c->capends * 2 : BATCH_RECORDS;
		c->ends = ns_xrealloc(c->ends, c->capends * sizeof(*c->ends));
	}
	c->ends[c->nends++] = c->out.len;
	/* Without a state file nothing needs committing first. */
	if (c->o.state == NULL || cli->unbuffered ||
	    c->nends >= BATCH_RECORDS || c->out.len >= BATCH_BYTES)
		return flush(cli, c);
	return 0;
}

/* The record's id as JSON text, or its line number when it has none. */
static int
record_id(struct ctx *c, struct ns_rec *rec, struct ns_error *err)
{
	const struct ns_member *v = ns_rec_get(rec, "id");
	const char *s;
	size_t n;

	ns_buf_reset(&c->id);
	if (v == NULL)
		ns_buf_addint(&c->id, c->lineoff + ns_reader_lineno(c->r));
	else if (v->type == NS_JSTRING) {
		ns_rec_string(rec, "id", &s, &n, err);
		ns_buf_json_str(&c->id, s, n);
	} else if (v->type == NS_JNUMBER)
		ns_rec_scalar(rec, "id", &c->id);
	else {
		ns_error_set(err, "field \"id\" is not a string or a number");
		return -1;
	}
	return 0;
}

/* The record's time for --window: its date, or now. */
static long long
record_time(struct ns_cli *cli, struct ctx *c, struct ns_rec *rec)
{
	const char *s;
	size_t n;
	long long t;

	if (ns_rec_get(rec, "date") == NULL)
		return (long long)time(NULL);
	if (ns_rec_string(rec, "date", &s, &n, NULL) == 0 &&
	    ns_date_parse(s, n, &t) == 0)
		return t;
	ns_cli_warn(cli, ns_reader_name(c->r), ns_reader_lineno(c->r),
	    "field \"date\" is not an ISO 8601 date; using the time seen");
	return (long long)time(NULL);
}

static void
output(struct ctx *c, struct ns_rec *rec)
{
	const struct ns_dedupe_match *m = &c->m;
	struct ns_emit e;

	switch (c->mode) {
	case DROP:
		ns_buf_add(&c->out, rec->line, rec->len);
		ns_buf_addc(&c->out, '\n');
		break;
	case MARK:
		ns_emit_begin(&e, &c->out, rec, owned_mark);
		if (m->dup) {
			ns_emit_key(&e, "dup_of");
			ns_buf_add(&c->out, m->dup_of.p, m->dup_of.len);
			ns_emit_key(&e, "similarity");
			ns_emit_score(&c->out, m->similarity);
		}
		ns_emit_end(&e);
		break;
	case CLUSTER:
		ns_emit_begin(&e, &c->out, rec, owned_cluster);
		ns_emit_key(&e, "cluster");
		ns_buf_add(&c->out, m->cluster.p, m->cluster.len);
		ns_emit_end(&e);
		break;
	}
}

static int
record(struct ns_cli *cli, void *ctx, struct ns_rec *rec,
    struct ns_error *err)
{
	struct ctx *c = ctx;
	const char *s;
	size_t n;
	long long t;

	if (ns_rec_string(rec, cli->field, &s, &n, err) == -1 ||
	    record_id(c, rec, err) == -1 || ns_shingle(&c->sh, s, n, err) == -1)
		return -1;
	ns_sketch_make(&c->sk, c->sh.exact, c->sh.hash, c->sh.nhash,
	    c->sh.num, c->sh.nnum);
	if (c->emit) {
		ns_buf_reset(&c->out);
		ns_dedupe_keys(&c->out, &c->p, c->threshold, c->part *
		    10000000000000ULL + (unsigned long long)(c->lineoff +
		    ns_reader_lineno(c->r)), &c->sk, c->id.p, c->id.len);
		return ns_cli_write(cli, c->out.p, c->out.len) == -1 ? -2 : 0;
	}
	t = c->usetime ? record_time(cli, c, rec) : 0;
	if (ns_dedupe_add(c->d, &c->sk, c->id.p, c->id.len, t,
	    (long long)time(NULL), &c->m, err) == -1) {
		ns_cli_fatal(cli, "%s: %s", c->o.state != NULL ? c->o.state :
		    "temporary state", err->msg);
		return -2;
	}
	if (c->m.dup)
		c->nmarked++;
	if (c->m.dup && c->mode == DROP) {
		c->ndropped++;
		return 0;
	}
	output(c, rec);
	return queue(cli, c) == -1 ? -2 : 0;
}

static void
input(struct ns_cli *cli, struct ns_reader *r, void *ctx)
{
	struct ctx *c = ctx;
	struct ns_error err;
	const char *line;
	size_t len;
	int rc, fatal;

	c->r = r;
	if (!c->reduce) {
		ns_cli_each_record(cli, r, record, c);
		c->lineoff += ns_reader_lineno(r);
		return;
	}
	while (!cli->stop && (rc = ns_reader_next(r, &line, &len, &err)) == 1) {
		ns_cli_tick(cli);
		if (ns_reduce_line(c->red, line, len, &fatal, &err) == 0)
			continue;
		if (fatal)
			ns_cli_fatal(cli, "%s:%ld: %s", ns_reader_name(r),
			    ns_reader_lineno(r), err.msg);
		else
			ns_cli_reject(cli, r, line, len, &err);
	}
	if (!cli->stop && rc == -1)
		ns_cli_file_error(cli, ns_reader_name(r), err.msg);
}

/* The reduce step's verdicts, one object per record in input order. */
static void
reduce_output(struct ns_cli *cli, struct ctx *c)
{
	struct ns_reduce_rec rec;
	struct ns_emit e;
	size_t i;

	ns_reduce_finish(c->red);
	for (i = 0; i < ns_reduce_count(c->red) && !cli->stop; i++) {
		ns_reduce_get(c->red, i, &rec);
		c->nmarked += rec.dup;
		if (c->mode == DROP && rec.dup) {
			c->ndropped++;
			continue;
		}
		ns_buf_reset(&c->out);
		ns_emit_new(&e, &c->out);
		ns_emit_key(&e, "id");
		ns_buf_add(&c->out, rec.id, rec.idlen);
		if (c->mode == MARK && rec.dup) {
			ns_emit_key(&e, "dup_of");
			ns_buf_add(&c->out, rec.dup_of, rec.dup_oflen);
			ns_emit_key(&e, "similarity");
			ns_emit_score(&c->out, rec.similarity);
		} else if (c->mode == CLUSTER) {
			ns_emit_key(&e, "cluster");
			ns_buf_add(&c->out, rec.cluster, rec.clusterlen);
		}
		ns_emit_end(&e);
		(void)ns_cli_write(cli, c->out.p, c->out.len);
	}
}

static int
duration(struct ns_cli *cli, const char *opt, const char *arg,
    long long *v)
{
	const char *errstr;

	*v = ns_duration(arg, &errstr);
	if (errstr != NULL)
		return ns_cli_usage(cli, "%s: %s duration (30d, 12h, 90m, "
		    "45s, 2w): %s", opt, errstr, arg);
	return 0;
}

static int
options(struct ns_cli *cli, struct ctx *c, int argc, char **argv)
{
	const char *errstr;
	int ch, rc, tset = 0;

	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if ((rc = ns_cli_option(cli, ch, optarg)) == NS_CLI_EXIT)
			return cli->status == 0 ? -1 : cli->status;
		if (rc == NS_CLI_NEXT)
			continue;
		switch (ch) {
		case OPT_MODE:
			if (strcmp(optarg, "drop") == 0)
				c->mode = DROP;
			else if (strcmp(optarg, "mark") == 0)
				c->mode = MARK;
			else if (strcmp(optarg, "cluster") == 0)
				c->mode = CLUSTER;
			else
				return ns_cli_usage(cli, "--mode: not drop, "
				    "mark or cluster: %s", optarg);
			break;
		case OPT_THRESHOLD:
			c->threshold = ns_strtod(optarg, 0, 1, &errstr);
			if (errstr != NULL && strcmp(errstr, "invalid") == 0)
				return ns_cli_usage(cli, "--threshold: "
				    "invalid number: %s", optarg);
			if (errstr != NULL || c->threshold <= 0)
				return ns_cli_usage(cli, "--threshold: out "
				    "of range (0..1): %s", optarg);
			tset = 1;
			break;
		case OPT_STATE:
			if (*optarg == '\0')
				return ns_cli_usage(cli, "--state: empty "
				    "file name");
			c->o.state = optarg;
			break;
		case OPT_WINDOW:
			if ((rc = duration(cli, "--window", optarg,
			    &c->o.window)) != 0)
				return rc;
			if (c->o.window == 0)
				return ns_cli_usage(cli, "--window: must be "
				    "longer than 0: %s", optarg);
			break;
		case OPT_WAIT:
			if ((rc = duration(cli, "--wait", optarg,
			    &c->o.wait)) != 0)
				return rc;
			break;
		case OPT_EMIT:
			c->emit = 1;
			break;
		case OPT_PART:
			c->part = (unsigned long long)ns_strtonum(optarg, 0,
			    999999, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(cli, "--part: %s "
				    "(0..999999): %s", errstr, optarg);
			break;
		case OPT_REDUCE:
			c->reduce = 1;
			break;
		default:
			return ns_cli_usage(cli, NULL);
		}
	}
	if (c->emit && c->reduce)
		return ns_cli_usage(cli, "--emit-keys and --reduce exclude "
		    "each other");
	if ((c->emit || c->reduce) && (c->o.state != NULL ||
	    c->o.window > 0))
		return ns_cli_usage(cli, "%s: works without --state and "
		    "--window", c->emit ? "--emit-keys" : "--reduce");
	if (c->reduce && tset)
		return ns_cli_usage(cli, "--reduce: the keys carry the "
		    "threshold; give --threshold to --emit-keys");
	if (c->part > 0 && !c->emit)
		return ns_cli_usage(cli, "--part: only with --emit-keys");
	return 0;
}

int
main(int argc, char **argv)
{
	struct ns_cli cli;
	struct ns_error err;
	struct ns_dedupe_stats stats;
	struct ctx c;
	int rc, status;

	ns_cli_init(&cli, "ns-dedupe", synopsis, helptext);
	/* getopt names the program by argv[0]: keep it "ns-dedupe". */
	argv[0] = (char *)(uintptr_t)cli.prog;
	memset(&c, 0, sizeof(c));
	c.threshold = 0.8;
	c.o.wait = 30;
	if ((rc = options(&cli, &c, argc, argv)) != 0)
		return rc == -1 ? NS_EXIT_OK : rc;
	c.o.threshold = c.threshold;
	c.usetime = c.o.state != NULL || c.o.window > 0;
	ns_lsh_params(c.threshold, &c.p);
	ns_shingler_init(&c.sh);
	if (c.reduce) {
		c.red = ns_reduce_new();
	} else if (!c.emit) {
		c.d = ns_dedupe_open(&c.o, (long long)time(NULL), &err);
		if (c.d == NULL)
			ns_cli_fatal(&cli, "%s: %s", c.o.state != NULL ?
			    c.o.state : "temporary state", err.msg);
	}
	if (!cli.stop)
		ns_cli_each_input(&cli, argc - optind, argv + optind, input,
		    &c);
	if (c.reduce && !cli.stop)
		reduce_output(&cli, &c);
	if (!cli.closed)
		(void)flush(&cli, &c);
	if (c.d != NULL) {
		ns_dedupe_stats(c.d, &stats);
		if (ns_dedupe_close(c.d, &err) == -1)
			ns_cli_fatal(&cli, "%s: %s", c.o.state != NULL ?
			    c.o.state : "temporary state", err.msg);
	}
	status = ns_cli_finish(&cli);
	if (cli.verbose && c.ndropped > 0)
		fprintf(stderr, "ns-dedupe: %ld duplicate%s dropped\n",
		    c.ndropped, c.ndropped == 1 ? "" : "s");
	else if (cli.verbose && c.mode == MARK && c.nmarked > 0)
		fprintf(stderr, "ns-dedupe: %ld duplicate%s marked\n",
		    c.nmarked, c.nmarked == 1 ? "" : "s");
	if (cli.verbose && c.o.state != NULL && c.d != NULL)
		fprintf(stderr, "ns-dedupe: %s: %zu records remembered, "
		    "%lld forgotten, %lld candidates verified\n", c.o.state,
		    stats.records, stats.expired, stats.verified);
	ns_shingler_free(&c.sh);
	ns_dedupe_match_free(&c.m);
	ns_reduce_free(c.red);
	ns_buf_free(&c.id);
	ns_buf_free(&c.out);
	free(c.ends);
	return status;
}
