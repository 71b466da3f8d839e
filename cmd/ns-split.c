/* ns-split: articles into document, paragraph or sentence records. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>
#include <xxhash.h>

#include "cli.h"
#include "num.h"
#include "pathlist.h"
#include "record.h"
#include "split.h"
#include "utf8.h"
#include "wltrain.h"
#include "wordlist.h"

static char prog[] = "ns-split";

static const char synopsis[] =
    "ns-split [-0quv] [-f field] [--unit doc|para|sent] [--json | --raw]\n"
    "    [--keep-boilerplate] [--lang code] [--model file]\n"
    "    [--files-from file] [--rejects file] [--strict] [--progress]\n"
    "    [file ...]\n"
    "ns-split train [-o file] [--stop n] [--min-count n] [--source text]\n"
    "    [--prefixes file] lang.txt ...";

static const char help[] =
"Split news articles into document, paragraph or sentence records (NDJSON).\n"
"Input is raw text, one article a file (stdin is one article), or NDJSON\n"
"records whose text is split further; each input is told by its first\n"
"non-blank byte ('{': NDJSON).  The header gives date and title;\n"
"boilerplate paragraphs (appeals, link lists, dates, credits) are removed.\n"
"\n"
"Options:\n"
"      --unit UNIT     doc (default), para or sent: one record per unit\n"
"      --json          read every input as NDJSON\n"
"      --raw           read every input as one raw article\n"
"      --keep-boilerplate  keep boilerplate; para and sent records get\n"
"                      \"boilerplate\": true\n"
"      --lang CODE     language of the text (default: the record's lang,\n"
"                      else guessed from stop words)\n"
"      --model FILE    word lists to use instead of the built-in ones\n"
"      --files-from FILE  read the names of the inputs from FILE ('-':\n"
"                      stdin), one a line\n"
"  -0, --null          names in --files-from end with NUL, not newline\n"
"\n"
"ns-split train writes word lists (stop words, abbreviations) learned from\n"
"one text file per language, named after it (ru.txt), to -o FILE or stdout.\n";

enum unit {
	UNIT_DOC,
	UNIT_PARA,
	UNIT_SENT
};

enum mode {
	MODE_AUTO,
	MODE_JSON,
	MODE_RAW
};

enum {
	OPT_UNIT = NS_OPT_TOOL,
	OPT_JSON,
	OPT_RAW,
	OPT_KEEP,
	OPT_LANG,
	OPT_MODEL,
	OPT_FILESFROM,
	OPT_STOP,
	OPT_MINCOUNT,
	OPT_SOURCE,
	OPT_PREFIXES
};

struct ctx {
	enum unit		 unit;
	enum mode		 mode;
	int			 keep;
	int			 lang;		/* --lang, or -1 */
	struct ns_wordlist	*wl;
	struct ns_split		*sp;
	struct ns_doc		 doc;
	struct ns_reader	*r;		/* the input being read */
	struct ns_buf		 raw;		/* a raw article */
	struct ns_buf		 fixed;		/* ... its UTF-8 repaired */
	struct ns_buf		 out;		/* the record being built */
	struct ns_buf		 prefix;	/* the input's members kept */
	struct ns_buf		 docid;		/* the document id, as JSON */
	struct ns_buf		 idstr;		/* ... as text for unit ids */
	struct ns_buf		 unitid;
};

/* The document's own fields for a raw article's records. */
struct meta {
	const char	*source;	/* NULL for stdin */
	int		 header;	/* write date and title */
};

static int
flags(const struct ctx *c, int raw)
{
	return (raw ? NS_SPLIT_TITLELINE : 0) |
	    (c->keep ? NS_SPLIT_KEEP : 0) |
	    (c->unit == UNIT_SENT ? NS_SPLIT_SENTENCES : 0);
}

/* A content hash as an id: 16 hex digits of XXH64. */
static void
hashid(struct ns_buf *b, const char *s, size_t n)
{
	ns_buf_printf(b, "%016llx", (unsigned long long)XXH64(s, n, 0));
}

static void
addmeta(struct ns_emit *e, const struct ns_doc *doc, const struct meta *m)
{
	if (m->source != NULL) {
		ns_emit_key(e, "source");
		ns_buf_json_str(e->out, m->source, strlen(m->source));
	}
	if (m->header && doc->hdr.date[0] != '\0') {
		ns_emit_key(e, "date");
		ns_buf_json_str(e->out, doc->hdr.date, strlen(doc->hdr.date));
	}
	if (m->header && doc->hdr.title.len > 0) {
		ns_emit_key(e, "title");
		ns_buf_json_str(e->out, doc->hdr.title.p, doc->hdr.title.len);
	}
}

/*
 * Write one paragraph or sentence record: the kept input members
 * (c->prefix, nprefix of them), then ours.  Returns ns_cli_write's.
 */
static int
unitrecord(struct ns_cli *cli, struct ctx *c, int nprefix,
    const struct meta *m, size_t para, long sent, size_t b0, size_t b1,
    size_t c0, size_t c1)
{
	const struct ns_doc *doc = &c->doc;
	struct ns_emit e;

	ns_buf_reset(&c->out);
	ns_buf_add(&c->out, c->prefix.p, c->prefix.len);
	e.out = &c->out;
	e.nmembers = nprefix;
	ns_buf_reset(&c->unitid);
	ns_buf_add(&c->unitid, c->idstr.p, c->idstr.len);
	if (sent >= 0)
		ns_buf_printf(&c->unitid, ":s%ld", sent);
	else
		ns_buf_printf(&c->unitid, ":p%zu", para);
	ns_emit_key(&e, "id");
	ns_buf_json_str(&c->out, c->unitid.p, c->unitid.len);
	ns_emit_key(&e, "doc");
	ns_buf_add(&c->out, c->docid.p, c->docid.len);
	ns_emit_key(&e, "para");
	ns_buf_addint(&c->out, (long long)para);
	if (sent >= 0) {
		ns_emit_key(&e, "sent");
		ns_buf_addint(&c->out, sent);
	}
	ns_emit_key(&e, "start");
	ns_buf_addint(&c->out, (long long)c0);
	ns_emit_key(&e, "end");
	ns_buf_addint(&c->out, (long long)c1);
	addmeta(&e, doc, m);
	ns_emit_key(&e, "text");
	ns_buf_json_str(&c->out, doc->text.p + b0, b1 - b0);
	if (doc->para[para].boiler) {
		ns_emit_key(&e, "boilerplate");
		ns_buf_adds(&c->out, "true");
	}
	ns_emit_end(&e);
	return ns_cli_write(cli, c->out.p, c->out.len);
}

/* The paragraph or sentence records of c->doc.  Returns 0 or -1. */
static int
units(struct ns_cli *cli, struct ctx *c, int nprefix, const struct meta *m)
{
	const struct ns_doc *doc = &c->doc;
	const struct ns_para *pa;
	const struct ns_span *sp;
	size_t i, k;

	for (i = 0; i < doc->npara; i++) {
		pa = &doc->para[i];
		if (c->unit == UNIT_PARA) {
			if (unitrecord(cli, c, nprefix, m, i, -1, pa->b0, pa->b1,
			    pa->c0, pa->c1) < 0)
				return -1;
			continue;
		}
		for (k = pa->sent0; k < pa->sent0 + pa->nsent; k++) {
			sp = &doc->sent[k];
			if (unitrecord(cli, c, nprefix, m, i, (long)k, sp->b0,
			    sp->b1, sp->c0, sp->c1) < 0)
				return -1;
		}
	}
	return 0;
}

static void
warnfixes(struct ns_cli *cli, const char *name, long line, size_t nbad,
    size_t nctl)
{
	if (nbad > 0)
		ns_cli_warn(cli, name, line, "%zu invalid UTF-8 sequence%s "
		    "replaced by U+FFFD", nbad, nbad == 1 ? "" : "s");
	if (nctl > 0)
		ns_cli_warn(cli, name, line, "%zu NUL or control character%s "
		    "replaced by U+FFFD", nctl, nctl == 1 ? "" : "s");
}

/* The id of a raw article: the file name without directory and suffix. */
static void
fileid(struct ns_buf *b, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	ns_buf_add(b, base, (size_t)(dot - base));
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
			return 0;
	return 1;
}

/* One raw article: the rest of reader r. */
static void
rawinput(struct ns_cli *cli, struct ctx *c, struct ns_reader *r)
{
	const char *name = ns_reader_name(r), *path = ns_reader_path(r);
	struct meta m = { path, 1 };
	struct ns_error err;
	struct ns_emit e;
	const char *text;
	size_t len, nbad = 0;

	ns_buf_reset(&c->raw);
	if (ns_reader_slurp(r, &c->raw, &err) < 0) {
		ns_cli_file_error(cli, name, err.msg);
		return;
	}
	if (blank(c->raw.p, c->raw.len)) {
		if (path != NULL)
			ns_cli_file_error(cli, name, "empty file");
		return;
	}
	if (ns_split_isbinary(c->raw.p, c->raw.len)) {
		ns_cli_file_error(cli, name, "binary file, skipped");
		return;
	}
	text = c->raw.p;
	len = c->raw.len;
	if (ns_utf8_valid_prefix(text, len) != len) {
		ns_buf_reset(&c->fixed);
		nbad = ns_utf8_repair(&c->fixed, text, len);
		text = c->fixed.p;
		len = c->fixed.len;
	}
	ns_cli_tick(cli);
	if (ns_split_doc(c->sp, text, len, flags(c, 1), c->lang, &c->doc,
	    &err) < 0) {
		ns_cli_fatal(cli, "%s: %s", name, err.msg);
		return;
	}
	warnfixes(cli, name, 0, nbad, c->doc.ncontrol);
	ns_buf_reset(&c->idstr);
	if (path != NULL)
		fileid(&c->idstr, path);
	else
		hashid(&c->idstr, c->raw.p, c->raw.len);
	ns_buf_reset(&c->docid);
	ns_buf_json_str(&c->docid, c->idstr.p, c->idstr.len);
	ns_buf_reset(&c->prefix);
	ns_emit_new(&e, &c->prefix);
	if (c->unit != UNIT_DOC) {
		(void)units(cli, c, 0, &m);
		return;
	}
	ns_buf_reset(&c->out);
	ns_emit_new(&e, &c->out);
	ns_emit_key(&e, "id");
	ns_buf_add(&c->out, c->docid.p, c->docid.len);
	addmeta(&e, &c->doc, &m);
	ns_emit_key(&e, "text");
	ns_buf_json_str(&c->out, c->doc.text.p, c->doc.text.len);
	ns_emit_end(&e);
	(void)ns_cli_write(cli, c->out.p, c->out.len);
}

/* The document id of an NDJSON record, into c->docid and c->idstr. */
static void
recordid(struct ctx *c, struct ns_rec *rec, const char *s, size_t n)
{
	const struct ns_member *id = ns_rec_get(rec, "id");

	ns_buf_reset(&c->docid);
	ns_buf_reset(&c->idstr);
	if (id != NULL && id->type != NS_JSTRING && id->type != NS_JNULL) {
		/* A number (or worse): its JSON text names the units. */
		ns_rec_scalar(rec, "id", &c->idstr);
		ns_rec_scalar(rec, "id", &c->docid);
		return;
	}
	if (ns_rec_scalar(rec, "id", &c->idstr) == -1)
		hashid(&c->idstr, s, n);
	ns_buf_json_str(&c->docid, c->idstr.p, c->idstr.len);
}

/* The record's language, if it names one of the word lists'. */
static int
recordlang(const struct ctx *c, struct ns_rec *rec)
{
	const char *v;
	size_t n;

	if (c->lang >= 0 || ns_rec_string(rec, "lang", &v, &n, NULL) == -1)
		return c->lang;
	return ns_wordlist_lang(c->wl, v, n);
}

static int
record(struct ns_cli *cli, void *ctx, struct ns_rec *rec,
    struct ns_error *err)
{
	struct ctx *c = ctx;
	const struct ns_doc *doc = &c->doc;
	const char *owned[16], *s;
	struct meta m = { NULL, 0 };
	struct ns_emit e;
	size_t n;
	int no = 0, newtext, newid;

	if (ns_rec_string(rec, cli->field, &s, &n, err) < 0)
		return -1;
	if (ns_split_doc(c->sp, s, n, flags(c, 0), recordlang(c, rec),
	    &c->doc, err) < 0)
		return -1;
	warnfixes(cli, ns_reader_name(c->r), ns_reader_lineno(c->r), 0,
	    doc->ncontrol);
	recordid(c, rec, s, n);
	/* A header found in the text replaces the record's date, title. */
	if (doc->hdr.date[0] != '\0')
		owned[no++] = "date";
	if (doc->hdr.title.len > 0)
		owned[no++] = "title";
	m.header = 1;
	if (c->unit != UNIT_DOC) {
		static const char *const ours[] = {
			"id", "doc", "para", "sent", "start", "end",
			"boilerplate", "text"
		};
		size_t i;

		for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
			owned[no++] = ours[i];
		owned[no++] = cli->field;
		owned[no] = NULL;
		ns_buf_reset(&c->prefix);
		ns_emit_begin(&e, &c->prefix, rec, owned);
		return units(cli, c, e.nmembers, &m) < 0 ? -2 : 0;
	}
	/* A document: the text moves to the end only when it changed. */
	newtext = strcmp(cli->field, "text") != 0 || doc->text.len != n ||
	    (n > 0 && memcmp(doc->text.p, s, n) != 0);
	newid = ns_rec_get(rec, "id") == NULL;
	if (newtext)
		owned[no++] = "text";
	owned[no] = NULL;
	ns_buf_reset(&c->out);
	ns_emit_begin(&e, &c->out, rec, owned);
	if (newid) {
		ns_emit_key(&e, "id");
		ns_buf_add(&c->out, c->docid.p, c->docid.len);
	}
	addmeta(&e, doc, &m);
	if (newtext) {
		ns_emit_key(&e, "text");
		ns_buf_json_str(&c->out, doc->text.p, doc->text.len);
	}
	ns_emit_end(&e);
	return ns_cli_write(cli, c->out.p, c->out.len) < 0 ? -2 : 0;
}

static void
input(struct ns_cli *cli, struct ns_reader *r, void *ctx)
{
	struct ctx *c = ctx;
	struct ns_error err;
	const char *line;
	size_t len;
	int rc;

	c->r = r;
	if (c->mode == MODE_AUTO) {
		if ((rc = ns_reader_next(r, &line, &len, &err)) < 0) {
			ns_cli_file_error(cli, ns_reader_name(r), err.msg);
			return;
		}
		if (rc == 0) {
			if (ns_reader_path(r) != NULL)
				ns_cli_file_error(cli, ns_reader_name(r),
				    "empty file");
			return;
		}
		ns_reader_unread(r);
		/* Leading white space is not on the line: reader_next. */
		while (len > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			len--;
		}
		if (*line != '{') {
			rawinput(cli, c, r);
			return;
		}
	} else if (c->mode == MODE_RAW) {
		rawinput(cli, c, r);
		return;
	}
	ns_cli_each_record(cli, r, record, c);
}

static void
filesfrom(struct ns_cli *cli, struct ctx *c, const char *list, int nulsep)
{
	struct ns_pathlist *pl;
	struct ns_error err;
	const char *name;
	char *one[1];
	int rc;

	if ((pl = ns_pathlist_open(list, nulsep, &err)) == NULL) {
		ns_cli_file_error(cli, list, err.msg);
		return;
	}
	while (!cli->stop && (rc = ns_pathlist_next(pl, &name, &err)) == 1) {
		one[0] = (char *)name;
		ns_cli_each_input(cli, 1, one, input, c);
	}
	if (!cli->stop && rc < 0)
		ns_cli_file_error(cli, list, err.msg);
	ns_pathlist_close(pl);
}

/* ns-split train: word lists from one text file per language. */
static int
train(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "stop",	required_argument,	NULL, OPT_STOP },
		{ "min-count",	required_argument,	NULL, OPT_MINCOUNT },
		{ "source",	required_argument,	NULL, OPT_SOURCE },
		{ "prefixes",	required_argument,	NULL, OPT_PREFIXES },
		{ NULL,		0,			NULL, 0 }
	};
	struct ns_cli cli;
	struct ns_wltrain *t;
	struct ns_reader *r;
	struct ns_error err;
	struct ns_buf out = NS_BUF_INIT, fixed = NS_BUF_INIT;
	const char *output = NULL, *source = NULL, *prefixes = NULL, *errstr;
	const char *base, *line;
	char lang[16];
	size_t len;
	long long nstop = 300, mincount = 2;
	int ch, i, rc, rval = 0;
	FILE *fp;

	ns_cli_init(&cli, "ns-split", synopsis, help);
	while ((ch = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			(void)ns_cli_option(&cli, 'h', NULL);
			return cli.status;
		case 'o':
			output = optarg;
			break;
		case OPT_STOP:
			nstop = ns_strtonum(optarg, 1, 100000, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(&cli, "--stop: %s: %s",
				    errstr, optarg);
			break;
		case OPT_MINCOUNT:
			mincount = ns_strtonum(optarg, 1, 1000000, &errstr);
			if (errstr != NULL)
				return ns_cli_usage(&cli, "--min-count: %s: %s",
				    errstr, optarg);
			break;
		case OPT_SOURCE:
			source = optarg;
			break;
		case OPT_PREFIXES:
			prefixes = optarg;
			break;
		default:
			return ns_cli_usage(&cli, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return ns_cli_usage(&cli, "train: no training files");
	t = ns_wltrain_new();
	if (prefixes != NULL && (r = ns_reader_open(prefixes, &err)) != NULL) {
		ns_buf_reset(&fixed);
		if (ns_reader_slurp(r, &fixed, &err) < 0 ||
		    ns_wltrain_prefixes(t, fixed.p, fixed.len, &err) < 0)
			rval = NS_EXIT_USAGE;
		ns_reader_close(r);
	} else if (prefixes != NULL)
		rval = NS_EXIT_USAGE;
	if (rval != 0)
		fprintf(stderr, "ns-split: %s: %s\n", prefixes, err.msg);
	for (i = 0; i < argc && rval == 0; i++) {
		base = strrchr(argv[i], '/');
		base = base != NULL ? base + 1 : argv[i];
		len = strcspn(base, ".");
		if (len == 0 || len >= sizeof(lang)) {
			fprintf(stderr, "ns-split: %s: not named LANG.txt\n",
			    argv[i]);
			rval = NS_EXIT_USAGE;
			break;
		}
		memcpy(lang, base, len);
		lang[len] = '\0';
		if ((r = ns_reader_open(argv[i], &err)) == NULL) {
			fprintf(stderr, "ns-split: %s: %s\n", argv[i], err.msg);
			rval = NS_EXIT_USAGE;
			break;
		}
		while ((rc = ns_reader_getline(r, &line, &len, &err)) == 1) {
			ns_buf_reset(&fixed);
			ns_utf8_repair(&fixed, line, len);
			if (ns_wltrain_line(t, lang, fixed.p, fixed.len,
			    &err) < 0)
				break;
		}
		if (rc != 0) {
			fprintf(stderr, "ns-split: %s: %s\n", argv[i], err.msg);
			rval = NS_EXIT_USAGE;
		}
		ns_reader_close(r);
	}
	if (rval == 0) {
		ns_wltrain_write(t, &out, (int)nstop, (long)mincount, source);
		fp = output != NULL ? fopen(output, "w") : stdout;
		if (fp == NULL || fwrite(out.p, 1, out.len, fp) != out.len ||
		    (fp != stdout ? fclose(fp) : fflush(fp)) != 0) {
			fprintf(stderr, "ns-split: %s: %s\n",
			    output != NULL ? output : "write error",
			    strerror(errno));
			rval = NS_EXIT_USAGE;
		}
	}
	ns_wltrain_free(t);
	ns_buf_free(&out);
	ns_buf_free(&fixed);
	return rval;
}

static struct ns_wordlist *
loadmodel(const char *path, struct ns_error *err)
{
	struct ns_buf b = NS_BUF_INIT;
	struct ns_wordlist *wl;
	struct ns_reader *r;

	if (path == NULL)
		return ns_wordlist_default(err);
	if ((r = ns_reader_open(path, err)) == NULL)
		return NULL;
	wl = ns_reader_slurp(r, &b, err) < 0 ? NULL :
	    ns_wordlist_load(b.p, b.len, err);
	ns_reader_close(r);
	ns_buf_free(&b);
	return wl;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		NS_CLI_LONGOPTS,
		{ "unit",		required_argument, NULL, OPT_UNIT },
		{ "json",		no_argument,	   NULL, OPT_JSON },
		{ "raw",		no_argument,	   NULL, OPT_RAW },
		{ "keep-boilerplate",	no_argument,	   NULL, OPT_KEEP },
		{ "lang",		required_argument, NULL, OPT_LANG },
		{ "model",		required_argument, NULL, OPT_MODEL },
		{ "files-from",		required_argument, NULL, OPT_FILESFROM },
		{ "null",		no_argument,	   NULL, '0' },
		{ NULL,			0,		   NULL, 0 }
	};
	struct ns_cli cli;
	struct ctx c;
	struct ns_error err;
	const char *model = NULL, *list = NULL, *langcode = NULL;
	int ch, rc, nulsep = 0, status;

	/* getopt names the program by argv[0]: make it ours, not a path. */
	argv[0] = prog;
	if (argc > 1 && strcmp(argv[1], "train") == 0) {
		argv[1] = prog;
		return train(argc - 1, argv + 1);
	}
	ns_cli_init(&cli, "ns-split", synopsis, help);
	memset(&c, 0, sizeof(c));
	c.lang = -1;
	while ((ch = getopt_long(argc, argv, NS_CLI_SHORTOPTS "0", longopts,
	    NULL)) != -1) {
		if ((rc = ns_cli_option(&cli, ch, optarg)) == NS_CLI_EXIT)
			return cli.status;
		if (rc == NS_CLI_NEXT)
			continue;
		switch (ch) {
		case OPT_UNIT:
			if (strcmp(optarg, "doc") == 0)
				c.unit = UNIT_DOC;
			else if (strcmp(optarg, "para") == 0)
				c.unit = UNIT_PARA;
			else if (strcmp(optarg, "sent") == 0)
				c.unit = UNIT_SENT;
			else
				return ns_cli_usage(&cli, "--unit: not doc, "
				    "para or sent: %s", optarg);
			break;
		case OPT_JSON:
			c.mode = MODE_JSON;
			break;
		case OPT_RAW:
			c.mode = MODE_RAW;
			break;
		case OPT_KEEP:
			c.keep = 1;
			break;
		case OPT_LANG:
			langcode = optarg;
			break;
		case OPT_MODEL:
			model = optarg;
			break;
		case OPT_FILESFROM:
			list = optarg;
			break;
		case '0':
			nulsep = 1;
			break;
		default:
			return ns_cli_usage(&cli, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if ((c.wl = loadmodel(model, &err)) == NULL) {
		fprintf(stderr, "ns-split: %s: %s\n",
		    model != NULL ? model : "built-in word lists", err.msg);
		return NS_EXIT_USAGE;
	}
	if (langcode != NULL && (c.lang = ns_wordlist_lang(c.wl, langcode,
	    strlen(langcode))) < 0) {
		ns_wordlist_free(c.wl);
		return ns_cli_usage(&cli, "--lang: no word lists for: %s",
		    langcode);
	}
	if ((c.sp = ns_split_open(c.wl, &err)) == NULL) {
		ns_wordlist_free(c.wl);
		fprintf(stderr, "ns-split: %s\n", err.msg);
		return NS_EXIT_USAGE;
	}
	ns_doc_init(&c.doc);
	if (argc > 0 || list == NULL)
		ns_cli_each_input(&cli, argc, argv, input, &c);
	if (list != NULL && !cli.stop)
		filesfrom(&cli, &c, list, nulsep);
	status = ns_cli_finish(&cli);
	ns_doc_free(&c.doc);
	ns_split_close(c.sp);
	ns_wordlist_free(c.wl);
	ns_buf_free(&c.raw);
	ns_buf_free(&c.fixed);
	ns_buf_free(&c.out);
	ns_buf_free(&c.prefix);
	ns_buf_free(&c.docid);
	ns_buf_free(&c.idstr);
	ns_buf_free(&c.unitid);
#ifdef NS_TEST_BUILD
	u_cleanup();
#endif
	return status;
}
