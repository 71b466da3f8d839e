/* num.h: range-checked number parsing for option values. */
#ifndef NS_NUM_H
#define NS_NUM_H

/*
 * Parse s as a decimal integer in [min, max] (like OpenBSD strtonum).
 * Returns the value and sets *errstr to NULL, or returns 0 and sets
 * *errstr to "invalid", "too small" or "too large".
 */
long long	ns_strtonum(const char *s, long long min, long long max,
		    const char **errstr);

/* The same for a finite real number in [min, max]. */
double		ns_strtod(const char *s, double min, double max,
		    const char **errstr);

/*
 * Parse a duration such as 30d, 12h, 90m, 45s or 2w (a bare number is
 * seconds) into seconds.  Returns -1 and sets *errstr when malformed.
 */
long long	ns_duration(const char *s, const char **errstr);

#endif
