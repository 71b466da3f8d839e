/* date.h: ISO 8601 dates and date-times as seconds since the epoch. */
#ifndef NS_DATE_H
#define NS_DATE_H

#include <stddef.h>

/*
 * Parse s[0..n) as an ISO 8601 calendar date, YYYY-MM-DD, optionally
 * followed by "T" or a space and hh:mm, hh:mm:ss or hh:mm:ss.fraction,
 * and optionally by Z or a UTC offset (+hh, +hhmm, +hh:mm, or -).  A
 * date alone is its midnight, a time without offset is UTC.  Sets *t to
 * the seconds since 1970-01-01T00:00:00Z and returns 0, or returns -1
 * for anything else (out-of-range fields included).
 */
int	ns_date_parse(const char *s, size_t n, long long *t);

#endif
