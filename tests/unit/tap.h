/* tap.h: a minimal TAP producer for the C unit tests of lib/. */
#ifndef NS_TAP_H
#define NS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define TAP_UNUSED __attribute__((unused))

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static void TAP_UNUSED __attribute__((format(printf, 4, 5)))
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
}

/* Compare byte strings; print both on failure. */
#define is_str(got, gotlen, want, ...) \
	tap_is_str((got), (gotlen), (want), __FILE__, __LINE__, __VA_ARGS__)

static void TAP_UNUSED __attribute__((format(printf, 6, 7)))
tap_is_str(const char *got, size_t gotlen, const char *want,
    const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int pass = gotlen == strlen(want) && memcmp(got, want, gotlen) == 0;

	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		printf("#   failed at %s:%d\n#   got:  '%.*s'\n#   want: '%s'\n",
		    file, line, (int)gotlen, got, want);
		tap_failed++;
	}
}

#define is_int(got, want, ...) do { \
	long long g_ = (got), w_ = (want); \
	ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   got: %lld, want: %lld\n", g_, w_); \
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
