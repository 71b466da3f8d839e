/* jscan.c: check an NDJSON line and find one string member, without a tree. */
#include <string.h>

#include "jscan.h"
#include "utf8.h"

#define MAXDEPTH	64
#define MAXINTDIGITS	18		/* surely within int64_t */

struct scan {
	const unsigned char	*s;
	size_t			 n, i;
	int			 depth;
};

static void
skipws(struct scan *sc)
{
	while (sc->i < sc->n && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
	    sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A \uXXXX escape at s[i] ('u'); its code unit, or -1. */
static long
uescape(const unsigned char *s, size_t n, size_t i)
{
	long v = 0;
	int k, h;

	if (i + 4 >= n)
		return -1;
	for (k = 1; k <= 4; k++) {
		if ((h = hexval(s[i + k])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * A string at s[i] == '"': set sc->i past it; *esc says whether it has
 * escapes.  0 when it is invalid or has a surrogate escape.
 */
static int
string(struct scan *sc, int *esc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i + 1;
	long u;

	*esc = 0;
	for (;;) {
		/* Plain bytes first: the common case. */
		while (i < sc->n && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20 &&
		    s[i] < 0x80)
			i++;
		if (i < sc->n && s[i] >= 0x80) {
			/* Non-ASCII is valid UTF-8 only (the one check). */
			size_t k = i + 1;

			while (k < sc->n && s[k] >= 0x80)
				k++;
			if (ns_utf8_valid_prefix((const char *)s + i, k - i) !=
			    k - i)
				return 0;
			i = k;
			continue;
		}
		if (i >= sc->n || s[i] < 0x20)
			return 0;
		if (s[i] == '"')
			break;
		*esc = 1;
		if (i + 1 >= sc->n)
			return 0;
		switch (s[i + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			i += 2;
			break;
		case 'u':
			if ((u = uescape(s, sc->n, i + 1)) < 0 ||
			    (u >= 0xD800 && u <= 0xDFFF))
				return 0;
			i += 6;
			break;
		default:
			return 0;
		}
	}
	sc->i = i + 1;
	return 1;
}

/*
 * A number.  Long integer parts (beyond int64_t, or a real that may
 * overflow a double) and exponents of three digits are left to jansson.
 */
static int
number(struct scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i, start;

	if (i < sc->n && s[i] == '-')
		i++;
	start = i;
	if (i < sc->n && s[i] == '0')
		i++;
	else if (i < sc->n && s[i] >= '1' && s[i] <= '9')
		while (i < sc->n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i - start > MAXINTDIGITS)
		return 0;
	if (i < sc->n && s[i] == '.') {
		if (++i >= sc->n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < sc->n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < sc->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < sc->n && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		while (i < sc->n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start || i - start > 2)
			return 0;
	}
	sc->i = i;
	return 1;
}

static int	value(struct scan *);

static int
literal(struct scan *sc, const char *word)
{
	size_t k = strlen(word);

	if (sc->n - sc->i < k || memcmp(sc->s + sc->i, word, k) != 0)
		return 0;
	sc->i += k;
	return 1;
}

/* An array or an object at sc->i. */
static int
container(struct scan *sc)
{
	int obj = sc->s[sc->i] == '{', esc, first = 1;
	unsigned char end = obj ? '}' : ']';

	if (++sc->depth > MAXDEPTH)
		return 0;
	sc->i++;
	skipws(sc);
	if (sc->i < sc->n && sc->s[sc->i] == end) {
		sc->i++;
		sc->depth--;
		return 1;
	}
	for (;;) {
		if (!first) {
			skipws(sc);
			if (sc->i >= sc->n)
				return 0;
			if (sc->s[sc->i] == end)
				break;
			if (sc->s[sc->i] != ',')
				return 0;
			sc->i++;
		}
		first = 0;
		skipws(sc);
		if (obj) {
			if (sc->i >= sc->n || sc->s[sc->i] != '"' ||
			    !string(sc, &esc))
				return 0;
			skipws(sc);
			if (sc->i >= sc->n || sc->s[sc->i] != ':')
				return 0;
			sc->i++;
			skipws(sc);
		}
		if (!value(sc))
			return 0;
	}
	sc->i++;
	sc->depth--;
	return 1;
}

static int
value(struct scan *sc)
{
	int esc;

	if (sc->i >= sc->n)
		return 0;
	switch (sc->s[sc->i]) {
	case '"':
		return string(sc, &esc);
	case '{':
	case '[':
		return container(sc);
	case 't':
		return literal(sc, "true");
	case 'f':
		return literal(sc, "false");
	case 'n':
		return literal(sc, "null");
	default:
		return number(sc);
	}
}

/* Index of the raw key s[0..n) in owned, or -1. */
static int
ownedkey(const char *s, size_t n, const char *const *owned)
{
	int k;

	for (k = 0; owned != NULL && owned[k] != NULL && k < 32; k++)
		if (strlen(owned[k]) == n && memcmp(owned[k], s, n) == 0)
			return k;
	return -1;
}

int
ns_jscan_object(const char *line, size_t len, const char *field,
    const char *const *owned, struct ns_jscan *js)
{
	struct scan sc = { (const unsigned char *)line, len, 0, 1 };
	size_t flen = strlen(field), k0, k1;
	int esc, found = 0, k;

	memset(js, 0, sizeof(*js));
	/* Outside strings the grammar allows ASCII only: no UTF-8 pass. */
	skipws(&sc);
	if (sc.i >= len || line[sc.i] != '{')
		return 0;
	sc.i++;
	skipws(&sc);
	if (sc.i < len && line[sc.i] == '}')
		goto closed;
	for (;;) {
		skipws(&sc);
		if (sc.i >= len || line[sc.i] != '"')
			return 0;
		k0 = sc.i + 1;
		if (!string(&sc, &esc) || esc)
			return 0;	/* escaped keys: let jansson decide */
		k1 = sc.i - 1;
		skipws(&sc);
		if (sc.i >= len || line[sc.i] != ':')
			return 0;
		sc.i++;
		skipws(&sc);
		if (k1 - k0 == flen && memcmp(line + k0, field, flen) == 0) {
			if (found++ || sc.i >= len || line[sc.i] != '"')
				return 0;
			js->val = line + sc.i + 1;
			if (!string(&sc, &js->escaped))
				return 0;
			js->vlen = (size_t)(line + sc.i - 1 - js->val);
		} else if (!value(&sc))
			return 0;
		if ((k = ownedkey(line + k0, k1 - k0, owned)) >= 0)
			js->owned |= 1u << k;
		js->nmembers++;
		skipws(&sc);
		if (sc.i >= len)
			return 0;
		if (line[sc.i] == '}')
			break;
		if (line[sc.i] != ',')
			return 0;
		sc.i++;
	}
closed:
	js->close = sc.i;
	sc.i++;
	skipws(&sc);
	return sc.i == len && found;
}

/* Append code point c as UTF-8. */
static void
addcp(struct ns_buf *out, long c)
{
	char tmp[4];

	ns_buf_add(out, tmp, ns_utf8_encode((int32_t)c, tmp));
}

void
ns_jscan_unescape(struct ns_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j < n && u[j] != '\\'; j++)
			;
		ns_buf_add(out, s + i, j - i);
		if (j + 1 >= n)
			break;
		switch (u[j + 1]) {
		case 'b': ns_buf_addc(out, '\b'); break;
		case 'f': ns_buf_addc(out, '\f'); break;
		case 'n': ns_buf_addc(out, '\n'); break;
		case 'r': ns_buf_addc(out, '\r'); break;
		case 't': ns_buf_addc(out, '\t'); break;
		case 'u':
			addcp(out, uescape(u, n, j + 1));
			i = j + 6;
			continue;
		default:
			ns_buf_addc(out, (char)u[j + 1]);
			break;
		}
		i = j + 2;
	}
}
