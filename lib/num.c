/* num.c: range-checked number parsing for option values. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "num.h"

long long
ns_strtonum(const char *s, long long min, long long max, const char **errstr)
{
	char *end;
	long long v;

	errno = 0;
	*errstr = NULL;
	if (s == NULL || *s == '\0') {
		*errstr = "invalid";
		return 0;
	}
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*errstr = "invalid";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return 0;
	}
	return v;
}

double
ns_strtod(const char *s, double min, double max, const char **errstr)
{
	char *end;
	double v;

	errno = 0;
	*errstr = NULL;
	if (s == NULL || *s == '\0') {
		*errstr = "invalid";
		return 0;
	}
	v = strtod(s, &end);
	if (*end != '\0' || errno == ERANGE || !isfinite(v)) {
		*errstr = "invalid";
		return 0;
	}
	if (v < min) {
		*errstr = "too small";
		return 0;
	}
	if (v > max) {
		*errstr = "too large";
		return 0;
	}
	return v;
}

long long
ns_duration(const char *s, const char **errstr)
{
	char *end;
	long long v, unit;

	errno = 0;
	*errstr = NULL;
	if (s == NULL || *s < '0' || *s > '9') {
		*errstr = "invalid";
		return -1;
	}
	v = strtoll(s, &end, 10);
	switch (*end) {
	case '\0':
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default:
		*errstr = "invalid";
		return -1;
	}
	if (*end != '\0' && end[1] != '\0') {
		*errstr = "invalid";
		return -1;
	}
	if (errno == ERANGE || v > LLONG_MAX / unit) {
		*errstr = "too large";
		return -1;
	}
	return v * unit;
}
