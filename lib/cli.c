/* cli.c: the command-line contract every ns tool shares (ns(7)). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"

#define MAXSHOWN	100		/* per-record messages before silence */
#define OUTCHUNK	(64 * 1024)	/* buffered stdout bytes */

void
ns_cli_init(struct ns_cli *cli, const char *prog, const char *synopsis,
    const char *help)
{
	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	cli->synopsis = synopsis;
	cli->help = help;
	cli->field = "text";
	/* EPIPE from write() tells us the reader went away; no signal. */
	signal(SIGPIPE, SIG_IGN);
}

static void
print_usage(const struct ns_cli *cli, FILE *fp)
{
	const char *s = cli->synopsis, *nl;
	int first = 1;

	/* Each synopsis line gets "usage: " or its indent. */
	while (*s != '\0') {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s);
		fprintf(fp, "%s%.*s\n", first ? "usage: " : "       ",
		    (int)(nl - s), s);
		first = 0;
		s = *nl != '\0' ? nl + 1 : nl;
	}
}

int
ns_cli_usage(struct ns_cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", cli->prog);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	print_usage(cli, stderr);
	return NS_EXIT_USAGE;
}

static int
help(const struct ns_cli *cli)
{
	print_usage(cli, stdout);
	printf("\n%s\nCommon options:\n%s", cli->help, NS_CLI_HELP);
	printf("\nExit status: 0 all processed, 1 some input rejected, "
	    "2 usage or system error.\nSee %s(1) and ns(7).\n", cli->prog);
	return fflush(stdout) == 0 ? NS_EXIT_OK : NS_EXIT_USAGE;
}

/* A usage error from ns_cli_option: message, usage, status 2. */
static int
usage_exit(struct ns_cli *cli, const char *msg)
{
	if (msg != NULL)
		cli->status = ns_cli_usage(cli, "%s", msg);
	else
		cli->status = ns_cli_usage(cli, NULL);
	return NS_CLI_EXIT;
}

int
ns_cli_option(struct ns_cli *cli, int ch, const char *arg)
{
	switch (ch) {
	case 'f':
		if (*arg == '\0')
			return usage_exit(cli, "--field: empty name");
		cli->field = arg;
		return NS_CLI_NEXT;
	case 'h':
		cli->status = help(cli);
		return NS_CLI_EXIT;
	case 'q':
		cli->quiet = 1;
		return NS_CLI_NEXT;
	case 'u':
		cli->unbuffered = 1;
		return NS_CLI_NEXT;
	case 'v':
		cli->verbose = 1;
		return NS_CLI_NEXT;
	case NS_OPT_REJECTS:
		if (cli->rejects != NULL)
			fclose(cli->rejects);
		if ((cli->rejects = fopen(arg, "ab")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", cli->prog, arg,
			    strerror(errno));
			cli->status = NS_EXIT_USAGE;
			return NS_CLI_EXIT;
		}
		return NS_CLI_NEXT;
	case NS_OPT_STRICT:
		cli->strict = 1;
		return NS_CLI_NEXT;
	case NS_OPT_PROGRESS:
		cli->progress = isatty(STDERR_FILENO);
		return NS_CLI_NEXT;
	case NS_OPT_VERSION:
		printf("%s (ns) %s\n", cli->prog, NS_VERSION);
		cli->status = fflush(stdout) == 0 ? NS_EXIT_OK : NS_EXIT_USAGE;
		return NS_CLI_EXIT;
	case '?':
	case ':':
		/* getopt_long has already named the problem. */
		return usage_exit(cli, NULL);
	default:
		return NS_CLI_UNKNOWN;
	}
}

static void	message(struct ns_cli *, const char *, long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

static void
setstatus(struct ns_cli *cli, int status)
{
	if (status > cli->status)
		cli->status = status;
}

int
ns_cli_flush(struct ns_cli *cli)
{
	size_t off = 0;
	ssize_t n;

	if (cli->closed) {
		ns_buf_reset(&cli->out);
		return -1;
	}
	while (off < cli->out.len) {
		n = write(STDOUT_FILENO, cli->out.p + off, cli->out.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ns_buf_reset(&cli->out);
			cli->closed = cli->stop = 1;
			if (errno != EPIPE) {
				message(cli, NULL, 0, "write error: %s",
				    strerror(errno));
				setstatus(cli, NS_EXIT_USAGE);
			}
			return -1;
		}
		off += (size_t)n;
	}
	ns_buf_reset(&cli->out);
	return 0;
}

int
ns_cli_write(struct ns_cli *cli, const char *p, size_t n)
{
	if (cli->closed)
		return -1;
	ns_buf_add(&cli->out, p, n);
	cli->nout++;
	if (cli->unbuffered || cli->out.len >= OUTCHUNK)
		return ns_cli_flush(cli);
	return 0;
}

static void __attribute__((format(printf, 4, 0)))
vmessage(struct ns_cli *cli, const char *name, long line, const char *fmt,
    va_list ap)
{
	if (cli->progress)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: ", cli->prog);
	if (name != NULL && line > 0)
		fprintf(stderr, "%s:%ld: ", name, line);
	else if (name != NULL)
		fprintf(stderr, "%s: ", name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void
message(struct ns_cli *cli, const char *name, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(cli, name, line, fmt, ap);
	va_end(ap);
}

/* Whether a per-record message may still be shown. */
static int
mayshow(struct ns_cli *cli)
{
	if (cli->quiet)
		return 0;
	if (cli->nshown == MAXSHOWN) {
		cli->nshown++;
		fprintf(stderr, "%s: further errors not shown\n", cli->prog);
	}
	if (cli->nshown > MAXSHOWN)
		return 0;
	cli->nshown++;
	return 1;
}

int
ns_cli_reject(struct ns_cli *cli, const struct ns_reader *r, const char *raw,
    size_t rawlen, const struct ns_error *err)
{
	cli->nrejected++;
	setstatus(cli, NS_EXIT_REJECT);
	if (mayshow(cli))
		message(cli, ns_reader_name(r), ns_reader_lineno(r), "%s",
		    err->msg);
	if (cli->rejects != NULL) {
		if (fwrite(raw, 1, rawlen, cli->rejects) != rawlen ||
		    fputc('\n', cli->rejects) == EOF) {
			message(cli, NULL, 0, "--rejects: write error: %s",
			    strerror(errno));
			fclose(cli->rejects);
			cli->rejects = NULL;
			setstatus(cli, NS_EXIT_USAGE);
		}
	}
	if (cli->strict) {
		cli->stop = 1;
		return -1;
	}
	return 0;
}

void
ns_cli_warn(struct ns_cli *cli, const char *name, long line,
    const char *fmt, ...)
{
	va_list ap;

	if (!mayshow(cli))
		return;
	va_start(ap, fmt);
	vmessage(cli, name, line, fmt, ap);
	va_end(ap);
}

void
ns_cli_file_error(struct ns_cli *cli, const char *name, const char *msg)
{
	setstatus(cli, NS_EXIT_REJECT);
	message(cli, name, 0, "%s", msg);
	if (cli->strict)
		cli->stop = 1;
}

int
ns_cli_fatal(struct ns_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(cli, NULL, 0, fmt, ap);
	va_end(ap);
	setstatus(cli, NS_EXIT_USAGE);
	cli->stop = 1;
	return NS_EXIT_USAGE;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
ns_cli_tick(struct ns_cli *cli)
{
	double t;

	cli->nrecords++;
	if (!cli->progress || (cli->nrecords & 255) != 0)
		return;
	t = now();
	if (t - cli->lastdraw < 0.25)
		return;
	cli->lastdraw = t;
	fprintf(stderr, "\r%s: %ld records", cli->prog, cli->nrecords);
}

void
ns_cli_each_input(struct ns_cli *cli, int argc, char **argv,
    void (*fn)(struct ns_cli *, struct ns_reader *, void *), void *ctx)
{
	static char dash[] = "-";
	char *stdin_only[] = { dash };
	struct ns_error err;
	struct ns_reader *r;
	int i;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc && !cli->stop; i++) {
		if ((r = ns_reader_open(argv[i], &err)) == NULL) {
			ns_cli_file_error(cli, argv[i], err.msg);
			continue;
		}
		fn(cli, r, ctx);
		ns_reader_close(r);
	}
}

void
ns_cli_each_record(struct ns_cli *cli, struct ns_reader *r, ns_record_fn *fn,
    void *ctx)
{
	struct ns_error err;
	struct ns_rec rec;
	const char *line;
	size_t len;
	int rc = 0;

	ns_rec_init(&rec);
	while (!cli->stop && (rc = ns_reader_next(r, &line, &len, &err)) == 1) {
		ns_cli_tick(cli);
		if (ns_rec_parse(&rec, line, len, &err) == -1) {
			ns_cli_reject(cli, r, line, len, &err);
			continue;
		}
		rc = fn(cli, ctx, &rec, &err);
		if (rc == -1)
			ns_cli_reject(cli, r, line, len, &err);
		else if (rc == -2)
			cli->stop = 1;
	}
	if (!cli->stop && rc == -1)
		ns_cli_file_error(cli, ns_reader_name(r), err.msg);
	ns_rec_free(&rec);
}

int
ns_cli_finish(struct ns_cli *cli)
{
	(void)ns_cli_flush(cli);
	ns_buf_free(&cli->out);
	if (cli->progress)
		fputs("\r\033[K", stderr);
	if (cli->verbose)
		fprintf(stderr, "%s: %ld records, %ld rejected\n", cli->prog,
		    cli->nrecords, cli->nrejected);
	if (cli->rejects != NULL && fclose(cli->rejects) != 0) {
		message(cli, NULL, 0, "--rejects: write error: %s",
		    strerror(errno));
		setstatus(cli, NS_EXIT_USAGE);
	}
	cli->rejects = NULL;
	return cli->status;
}
