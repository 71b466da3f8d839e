/* test_reader.c: reading lines with names and numbers, BOM, CRLF, slurp. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "reader.h"
#include "tap.h"

static char path[] = "/tmp/ns-test-reader-XXXXXX";

static void
writefile(const char *s, size_t n)
{
	FILE *fp = fopen(path, "wb");

	fwrite(s, 1, n, fp);
	fclose(fp);
}

int
main(void)
{
	static const char text[] =
	    "\xEF\xBB\xBF{\"a\":1}\r\n\r\n   \n{\"b\":\"Київ\"}\nlast";
	struct ns_error err;
	struct ns_reader *r;
	struct ns_buf b = NS_BUF_INIT;
	const char *line;
	size_t len, i;
	char *big;
	int fd;

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	writefile(text, sizeof(text) - 1);

	r = ns_reader_open(path, &err);
	ok(r != NULL, "opens a file");
	is_str(ns_reader_name(r), strlen(ns_reader_name(r)), path,
	    "named by its path");
	ok(ns_reader_next(r, &line, &len, &err) == 1, "first record");
	is_str(line, len, "{\"a\":1}", "BOM and CRLF dropped");
	is_int(ns_reader_lineno(r), 1, "line 1");
	ok(ns_reader_next(r, &line, &len, &err) == 1, "second record");
	is_str(line, len, "{\"b\":\"Київ\"}", "blank lines skipped");
	is_int(ns_reader_lineno(r), 4, "line numbers count the blank lines");
	ns_reader_unread(r);
	is_int(ns_reader_lineno(r), 3, "unread steps the line number back");
	ok(ns_reader_getline(r, &line, &len, &err) == 1, "read again");
	is_str(line, len, "{\"b\":\"Київ\"}", "the same line again");
	ok(ns_reader_getline(r, &line, &len, &err) == 1, "unterminated last");
	is_str(line, len, "last", "last line without a newline");
	is_int(ns_reader_lineno(r), 5, "line 5");
	ok(ns_reader_next(r, &line, &len, &err) == 0, "then the end");
	ns_reader_close(r);

	r = ns_reader_open(path, &err);
	ok(ns_reader_getline(r, &line, &len, &err) == 1, "getline");
	ok(ns_reader_getline(r, &line, &len, &err) == 1 && len == 0,
	    "getline returns blank lines");
	ns_reader_unread(r);
	ok(ns_reader_slurp(r, &b, &err) == 0, "slurp");
	is_str(b.p, b.len, "\r\n   \n{\"b\":\"Київ\"}\nlast",
	    "slurp keeps the unread line with its terminator, then the rest");
	ns_reader_close(r);

	ns_buf_reset(&b);
	r = ns_reader_open(path, &err);
	ns_reader_slurp(r, &b, &err);
	is_str(b.p, b.len, text + 3, "slurp of a whole file drops only the BOM");
	ns_reader_close(r);

	/* A line of 5 MiB with NUL bytes in it. */
	big = malloc(5 << 20);
	for (i = 0; i < (5 << 20) - 1; i++)
		big[i] = (char)(i % 7 == 0 ? '\0' : 'x');
	big[(5 << 20) - 1] = '\n';
	writefile(big, 5 << 20);
	r = ns_reader_open(path, &err);
	ok(ns_reader_next(r, &line, &len, &err) == 1 && len == (5 << 20) - 1 &&
	    memcmp(line, big, len) == 0, "a 5 MiB line with NULs, whole");
	ns_reader_close(r);
	free(big);

	remove(path);
	ok(ns_reader_open(path, &err) == NULL, "a missing file");
	is_str(err.msg, strlen(err.msg), "No such file or directory",
	    "its message");
	r = ns_reader_open("/", &err);
	ok(r != NULL && ns_reader_getline(r, &line, &len, &err) == -1,
	    "a directory opens but cannot be read");
	is_str(err.msg, strlen(err.msg), "read error: Is a directory",
	    "its message");
	ns_reader_close(r);
	r = ns_reader_open("-", &err);
	is_str(ns_reader_name(r), strlen(ns_reader_name(r)), "<stdin>",
	    "- is stdin");
	ok(ns_reader_path(r) == NULL, "with no path");
	ns_reader_close(r);
	ns_buf_free(&b);
	return tap_done();
}
