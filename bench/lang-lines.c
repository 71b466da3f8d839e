/* lang-lines.c: ns-lang's side of the CLD2 comparison in bench/ns-lang.sh. */
/*
 * For each input line print the detected code and its score, through
 * libns exactly as bench/cld2-lines.cc goes through CLD2 (-q: only count
 * the lines with an answer).  -l prints the time to open the built-in
 * model (-m FILE: a model file) and identify one sentence, in
 * milliseconds, and -i the model's default minimum score.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "langid.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct ns_langid_opts opts = { .no_minimum = 1, .sorted = 1 };
	struct ns_langid_result res;
	const struct ns_langid *m;
	struct ns_langid *loaded = NULL;
	struct ns_error err;
	const char *path = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long count = 0;
	int ch, quiet = 0, load = 0, info = 0;
	double t0;

	while ((ch = getopt(argc, argv, "ilm:q")) != -1) {
		switch (ch) {
		case 'i':
			info = 1;
			break;
		case 'l':
			load = 1;
			break;
		case 'm':
			path = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			fprintf(stderr, "usage: lang-lines [-ilq] [-m model]\n");
			return 2;
		}
	}
	t0 = now();
	m = path != NULL ? (loaded = ns_langid_load(path, &err)) :
	    ns_langid_default(&err);
	if (m == NULL) {
		fprintf(stderr, "lang-lines: %s\n", err.msg);
		return 2;
	}
	if (info) {
		printf("%g\n", ns_langid_min_score(m));
		ns_langid_free(loaded);
		return 0;
	}
	if (load) {
		/* The first lookups fault the model's pages in: count them. */
		ns_langid_detect(m, "Переговоры продолжатся завтра.", 57, &res);
		printf("%.3f\n", (now() - t0) * 1000);
		ns_langid_free(loaded);
		return 0;
	}
	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		ns_langid_detect_opts(m, &opts, line, (size_t)n, &res);
		count += strcmp(res.lang, "und") != 0;
		if (!quiet)
			printf("%s\t%.4f\n", res.lang, res.score);
	}
	if (quiet)
		printf("%ld\n", count);
	free(line);
	ns_langid_free(loaded);
	return fflush(stdout) == 0 ? 0 : 1;
}
