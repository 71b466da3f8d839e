/* cli.h: the command-line contract every ns tool shares (ns(7)). */
#ifndef NS_CLI_H
#define NS_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"
#include "reader.h"

#define NS_VERSION	"0.1.0"

/*
 * This module is the one part of libns that talks to the user: it is the
 * shared CLI, so its messages are the tools' messages.  It never exits;
 * it hands back statuses for main() to return.
 */

/* Exit statuses (ns(7)). */
#define NS_EXIT_OK	0
#define NS_EXIT_REJECT	1
#define NS_EXIT_USAGE	2

/* Long-only common options; tools number their own from NS_OPT_TOOL. */
enum {
	NS_OPT_REJECTS = 0x100,
	NS_OPT_STRICT,
	NS_OPT_PROGRESS,
	NS_OPT_VERSION,
	NS_OPT_TOOL = 0x200
};

#define NS_CLI_SHORTOPTS	"f:hquv"
#define NS_CLI_LONGOPTS \
	{ "field",	required_argument,	NULL, 'f' }, \
	{ "help",	no_argument,		NULL, 'h' }, \
	{ "quiet",	no_argument,		NULL, 'q' }, \
	{ "unbuffered",	no_argument,		NULL, 'u' }, \
	{ "verbose",	no_argument,		NULL, 'v' }, \
	{ "rejects",	required_argument,	NULL, NS_OPT_REJECTS }, \
	{ "strict",	no_argument,		NULL, NS_OPT_STRICT }, \
	{ "progress",	no_argument,		NULL, NS_OPT_PROGRESS }, \
	{ "version",	no_argument,		NULL, NS_OPT_VERSION }

/* The common options' lines for --help, after the tool's own. */
#define NS_CLI_HELP \
"  -f, --field NAME    read the text from NAME (default: text)\n" \
"  -q, --quiet         no per-record warnings (still counted, still exit 1)\n" \
"  -v, --verbose       summary line on stderr at exit\n" \
"  -u, --unbuffered    flush after every record\n" \
"      --rejects FILE  append rejected input lines, verbatim, to FILE\n" \
"      --strict        stop at the first rejected record\n" \
"      --progress      live record counter on stderr (terminals only)\n" \
"  -h, --help          this help\n" \
"      --version       print the version\n"

struct ns_cli {
	const char	*prog;		/* "ns-lang" */
	const char	*synopsis;	/* usage line(s) without "usage: " */
	const char	*help;		/* description and tool options */
	const char	*field;		/* --field, default "text" */
	int		 quiet, verbose, unbuffered, strict, progress;
	FILE		*rejects;
	long		 nrecords;	/* records read */
	long		 nout;		/* records written */
	long		 nrejected;	/* records rejected */
	long		 nshown;	/* per-record messages printed */
	int		 status;	/* worst status so far */
	int		 stop;		/* stop reading: --strict, output ended */
	int		 closed;	/* stdout is gone: pipe closed or error */
	double		 lastdraw;	/* --progress throttle */
	struct ns_buf	 out;		/* pending stdout bytes */
};

/* Set defaults.  synopsis and help are the tool's static strings. */
void	ns_cli_init(struct ns_cli *cli, const char *prog, const char *synopsis,
	    const char *help);

/* What ns_cli_option did with an option. */
enum {
	NS_CLI_UNKNOWN = -1,	/* not a common option: the tool's own */
	NS_CLI_NEXT = 0,	/* handled: go on parsing */
	NS_CLI_EXIT = 1		/* main() returns cli->status now: 0 after
				   --help or --version, 2 after an error */
};

/* Handle an option returned by getopt_long; see the enum above. */
int	ns_cli_option(struct ns_cli *cli, int ch, const char *arg);

/*
 * Report a bad option value: "prog: --opt: msg" and the usage line on
 * stderr.  Returns 2 for main() to return.
 */
int	ns_cli_usage(struct ns_cli *cli, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Queue bytes for stdout (the record is written whole or not at all).
 * Returns 0, or -1 when output has ended: the reader closed the pipe
 * (quietly, status unchanged) or a write error (reported, status 2).
 * After -1, cli->stop and cli->closed are set.
 */
int	ns_cli_write(struct ns_cli *cli, const char *p, size_t n);

/* Write and flush pending output; as ns_cli_write. */
int	ns_cli_flush(struct ns_cli *cli);

/*
 * A rejected input record: counts it, prints "prog: file:line: msg"
 * (the first 100 times, unless -q), appends the raw line to --rejects,
 * and sets status 1.  Returns -1 under --strict (cli->stop set), else 0.
 */
int	ns_cli_reject(struct ns_cli *cli, const struct ns_reader *r,
	    const char *raw, size_t rawlen, const struct ns_error *err);

/* A warning about a record that still passes: "prog: file:line: msg". */
void	ns_cli_warn(struct ns_cli *cli, const char *name, long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* An input that could not be read: "prog: name: msg", status 1. */
void	ns_cli_file_error(struct ns_cli *cli, const char *name,
	    const char *msg);

/* A fatal error: "prog: msg", status 2, stop. Returns 2. */
int	ns_cli_fatal(struct ns_cli *cli, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Count a record read and draw --progress when due. */
void	ns_cli_tick(struct ns_cli *cli);

/*
 * Call fn for each operand in argv[0..argc) (stdin when there are none,
 * or for "-"), opened as a reader; unopenable files are reported and
 * skipped.  Stops early when cli->stop is set.
 */
void	ns_cli_each_input(struct ns_cli *cli, int argc, char **argv,
	    void (*fn)(struct ns_cli *, struct ns_reader *, void *), void *ctx);

/*
 * The NDJSON record loop: for every non-blank line of r, parse it as a
 * JSON object into rec (lib/record.h; rec->line, rec->len are the line)
 * and call fn(cli, ctx, rec, err).  fn returns 0 (record handled), -1
 * (reject it with err filled) or -2 (stop: output ended).  Parse errors
 * are rejected here.
 */
struct ns_rec;
typedef int	ns_record_fn(struct ns_cli *cli, void *ctx, struct ns_rec *rec,
		    struct ns_error *err);
void	ns_cli_each_record(struct ns_cli *cli, struct ns_reader *r,
	    ns_record_fn *fn, void *ctx);

/*
 * Finish: flush stdout, clear progress, print the -v summary
 * ("prog: N records, M rejected"), close --rejects.  Returns the exit
 * status.
 */
int	ns_cli_finish(struct ns_cli *cli);

#endif
