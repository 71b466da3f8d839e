/* date.c: ISO 8601 dates and date-times as seconds since the epoch. */
#include "date.h"

/* Read exactly k decimal digits at s[*i]. */
static int
digits(const char *s, size_t n, size_t *i, int k, int *v)
{
	*v = 0;
	if (*i + (size_t)k > n)
		return -1;
	for (; k > 0; k--, (*i)++) {
		if (s[*i] < '0' || s[*i] > '9')
			return -1;
		*v = *v * 10 + (s[*i] - '0');
	}
	return 0;
}

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Hinnant's method). */
static long long
days(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

int
ns_date_parse(const char *s, size_t n, long long *t)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	size_t i = 0;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 1;

	if (digits(s, n, &i, 4, &y) == -1 || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &mo) == -1 || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &d) == -1)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return -1;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		i++;
		if (digits(s, n, &i, 2, &h) == -1 || i >= n ||
		    s[i++] != ':' || digits(s, n, &i, 2, &mi) == -1)
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, 2, &sec) == -1)
				return -1;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				i++;
				if (i >= n || s[i] < '0' || s[i] > '9')
					return -1;
				while (i < n && s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (i < n && s[i] == 'Z') {
			i++;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			sign = s[i++] == '-' ? -1 : 1;
			if (digits(s, n, &i, 2, &oh) == -1)
				return -1;
			if (i < n && s[i] == ':')
				i++;
			if (i < n && digits(s, n, &i, 2, &om) == -1)
				return -1;
			if (oh > 23 || om > 59)
				return -1;
		}
	}
	if (i != n)
		return -1;
	*t = days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	return 0;
}
