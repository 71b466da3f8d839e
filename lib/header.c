/* header.c: an article's header: its date and its title. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "header.h"
#include "utf8.h"
#include "words.h"

#define TITLEMAX	300	/* code points of a headline on its own line */
#define MAXTOKENS	4	/* tokens of a trailing counter and timestamp */

struct dt {
	int	y, mo, d, h, mi;	/* h < 0: no time */
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Read 1..max digits at s[*i]; returns the value or -1. */
static int
num(const char *s, size_t n, size_t *i, int min, int max)
{
	int v = 0, k = 0;

	while (*i < n && isdig(s[*i]) && k < max) {
		v = v * 10 + (s[(*i)++] - '0');
		k++;
	}
	return k >= min ? v : -1;
}

static int
valid(const struct dt *t)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap;

	if (t->y < 1000 || t->mo < 1 || t->mo > 12 || t->d < 1)
		return 0;
	leap = (t->y % 4 == 0 && t->y % 100 != 0) || t->y % 400 == 0;
	if (t->d > mdays[t->mo - 1] || (t->mo == 2 && !leap && t->d > 28))
		return 0;
	return t->h < 0 || (t->h < 24 && t->mi >= 0 && t->mi < 60);
}

/* "2025-12-21" or "21.12.2025" at s[*i]. */
static int
date(const char *s, size_t n, size_t *i, struct dt *t)
{
	size_t j = *i;
	int a;

	if ((a = num(s, n, &j, 1, 4)) < 0 || j >= n)
		return 0;
	if (j - *i == 4 && s[j] == '-') {
		t->y = a;
		j++;
		if ((t->mo = num(s, n, &j, 2, 2)) < 0 || j >= n ||
		    s[j++] != '-' || (t->d = num(s, n, &j, 2, 2)) < 0)
			return 0;
	} else if (j - *i <= 2 && s[j] == '.') {
		t->d = a;
		j++;
		if ((t->mo = num(s, n, &j, 1, 2)) < 0 || j >= n ||
		    s[j++] != '.' || (t->y = num(s, n, &j, 4, 4)) < 0)
			return 0;
	} else
		return 0;
	*i = j;
	return 1;
}

/* "12:09" or "12:09:30" (seconds dropped) at s[*i]. */
static int
timeofday(const char *s, size_t n, size_t *i, struct dt *t)
{
	size_t j = *i;

	if ((t->h = num(s, n, &j, 1, 2)) < 0 || j >= n || s[j++] != ':' ||
	    (t->mi = num(s, n, &j, 2, 2)) < 0) {
		t->h = -1;
		return 0;
	}
	if (j + 2 < n && s[j] == ':' && isdig(s[j + 1]) && isdig(s[j + 2]))
		j += 3;
	*i = j;
	return 1;
}

static size_t
skipsep(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
		i++;
	return i;
}

static void
iso(const struct dt *t, char out[24])
{
	if (t->h >= 0)
		snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d", t->y % 10000,
		    t->mo % 100, t->d % 100, t->h % 100, t->mi % 100);
	else
		snprintf(out, 24, "%04d-%02d-%02d", t->y % 10000, t->mo % 100,
		    t->d % 100);
}

/* A date-time filling s[0..n) exactly. */
static int
datetime(const char *s, size_t n, struct dt *t)
{
	size_t i = 0;

	t->h = -1;
	if (timeofday(s, n, &i, t)) {
		i = skipsep(s, n, i);
		if (!date(s, n, &i, t))
			return 0;
	} else if (date(s, n, &i, t)) {
		if (i < n && (s[i] == 'T' || s[i] == ' ' || s[i] == ','))
			i = skipsep(s, n, i + (s[i] == 'T'));
		if (i < n && !timeofday(s, n, &i, t))
			return 0;
	} else
		return 0;
	return i == n && valid(t);
}

int
ns_header_date(const char *s, size_t n, char out[24])
{
	struct dt t;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (!datetime(s, n, &t))
		return -1;
	iso(&t, out);
	return 0;
}

static int
isspacebyte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Append s[0..n) with white space runs collapsed and ends trimmed. */
static void
collapse(struct ns_buf *out, const char *s, size_t n)
{
	size_t i;
	int space = 0;

	for (i = 0; i < n; i++) {
		if (isspacebyte(s[i]) || s[i] == '\n') {
			space = out->len > 0;
			continue;
		}
		if (space)
			ns_buf_addc(out, ' ');
		space = 0;
		ns_buf_addc(out, s[i]);
	}
}

/*
 * Cut a trailing view counter and timestamp off title t[0..*n):
 * "... послание 5 21.12.2025, 12:09".  Returns 1 and fills *stamp when
 * one was cut.
 */
static int
cutstamp(const char *t, size_t *n, struct dt *stamp)
{
	size_t start[MAXTOKENS + 1], end = *n, i, k;
	int ntok = 0, j;

	/* The last few white-space separated tokens, last first. */
	i = end;
	while (ntok < MAXTOKENS) {
		while (i > 0 && isspacebyte(t[i - 1]))
			i--;
		if (i == 0)
			break;
		while (i > 0 && !isspacebyte(t[i - 1]))
			i--;
		start[ntok++] = i;
	}
	/* The longest run of tokens from the end that is a date-time. */
	for (j = ntok < 3 ? ntok : 3; j >= 1; j--) {
		k = start[j - 1];
		if (datetime(t + k, end - k, stamp))
			break;
	}
	if (j < 1)
		return 0;
	k = start[j - 1];
	/* A view counter before it: digits alone. */
	if (j < ntok) {
		size_t c = start[j], d = c;

		while (d < k && isdig(t[d]))
			d++;
		if (d > c && d - c <= 9 && (d == k || isspacebyte(t[d])))
			k = c;
	}
	while (k > 0 && (isspacebyte(t[k - 1]) || t[k - 1] == '|' ||
	    t[k - 1] == ','))
		k--;
	if (k == 0)
		return 0;
	*n = k;
	return 1;
}

/* Set the title from line s[0..n), merging a timestamp into h->date. */
static void
settitle(struct ns_header *h, const char *s, size_t n)
{
	struct dt stamp;
	char iso8601[24];

	if (cutstamp(s, &n, &stamp)) {
		iso(&stamp, iso8601);
		if (h->date[0] == '\0' || (stamp.h >= 0 &&
		    strlen(h->date) == 10 && memcmp(h->date, iso8601, 10) == 0))
			memcpy(h->date, iso8601, sizeof(h->date));
	}
	collapse(&h->title, s, n);
}

static size_t
lineend(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);

	return nl != NULL ? (size_t)(nl - s) : n;
}

static int
blankline(const char *s, size_t b, size_t e)
{
	while (b < e && isspacebyte(s[b]))
		b++;
	return b == e;
}

/* " date 2025-12-21 Title" on line s[b..e). */
static int
dateline(struct ns_header *h, const char *s, size_t b, size_t e)
{
	size_t i = b, k;
	struct dt t;

	while (i < e && isspacebyte(s[i]))
		i++;
	if (e - i < 5 || strncasecmp(s + i, "date", 4) != 0)
		return 0;
	i += 4;
	if (i < e && s[i] == ':')
		i++;
	if (i >= e || !isspacebyte(s[i]))
		return 0;
	while (i < e && isspacebyte(s[i]))
		i++;
	for (k = i; k < e && !isspacebyte(s[k]); k++)
		;
	if (!datetime(s + i, k - i, &t))
		return 0;
	iso(&t, h->date);
	settitle(h, s + k, e - k);
	return 1;
}

/* A headline on a line of its own: s[b..e), then a blank line. */
static int
titleline(struct ns_header *h, const char *s, size_t n, size_t b, size_t e)
{
	size_t i, next;
	int32_t c;

	while (e > b && isspacebyte(s[e - 1]))
		e--;
	if (e == b || ns_utf8_count(s + b, e - b) > TITLEMAX)
		return 0;
	i = e;
	c = ns_words_prev(s, &i);
	if (c == '.' || c == ',' || c == ':' || c == ';')
		return 0;
	/* A blank line, then more text. */
	if ((next = lineend(s, n, b) + 1) >= n ||
	    !blankline(s, next, lineend(s, n, next)))
		return 0;
	for (i = next; i < n; i++)
		if (!isspacebyte(s[i]) && s[i] != '\n')
			break;
	if (i == n)
		return 0;
	settitle(h, s + b, e - b);
	return h->title.len > 0;
}

void
ns_header_parse(const char *s, size_t n, int flags, struct ns_header *h)
{
	size_t b = 0, e;

	h->date[0] = '\0';
	ns_buf_reset(&h->title);
	h->body = 0;
	/* Skip blank lines at the top. */
	for (;;) {
		e = lineend(s, n, b);
		if (e >= n || !blankline(s, b, e))
			break;
		b = e + 1;
	}
	if (b >= n)
		return;
	if (dateline(h, s, b, e) ||
	    ((flags & NS_HEADER_TITLELINE) && titleline(h, s, n, b, e)))
		h->body = e < n ? e + 1 : n;
}
