/* etree.c: edit trees, the rewrite rules of the lemmatiser (Chrupała 2008). */
#include <string.h>

#include <utf8proc.h>

#include "etree.h"
#include "utf8.h"

/* Longest common substring of a and b: its start in each and length. */
static size_t
lcs(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t *ia,
    size_t *ib)
{
	size_t i, j, k, best = 0;

	*ia = *ib = 0;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			for (k = 0; i + k < na && j + k < nb &&
			    a[i + k] == b[j + k]; k++)
				;
			if (k > best) {
				best = k;
				*ia = i;
				*ib = j;
			}
		}
	return best;
}

static void
add_utf8(struct ns_buf *out, const int32_t *s, size_t n)
{
	char u[4];
	size_t i;

	for (i = 0; i < n; i++)
		ns_buf_add(out, u, ns_utf8_encode(s[i], u));
}

static int
build(const int32_t *f, size_t nf, const int32_t *l, size_t nl,
    struct ns_buf *out)
{
	size_t i, j, k, mark;

	k = lcs(f, nf, l, nl, &i, &j);
	if (k == 0) {
		ns_buf_addc(out, 'R');
		mark = out->len;
		ns_buf_addc(out, 0);
		add_utf8(out, f, nf);
		if (out->len - mark - 1 > 255)
			return -1;
		out->p[mark] = (char)(out->len - mark - 1);
		mark = out->len;
		ns_buf_addc(out, 0);
		add_utf8(out, l, nl);
		if (out->len - mark - 1 > 255)
			return -1;
		out->p[mark] = (char)(out->len - mark - 1);
		return 0;
	}
	if (i > 255 || nf - i - k > 255)
		return -1;
	ns_buf_addc(out, 'M');
	ns_buf_addc(out, (char)i);
	ns_buf_addc(out, (char)(nf - i - k));
	if (build(f, i, l, j, out) == -1)
		return -1;
	return build(f + i + k, nf - i - k, l + j + k, nl - j - k, out);
}

int
ns_etree_build(const int32_t *f, size_t nf, const int32_t *l, size_t nl,
    struct ns_buf *out)
{
	size_t len = out->len;

	if (build(f, nf, l, nl, out) == -1) {
		out->len = len;
		if (out->p != NULL)
			out->p[len] = '\0';
		return -1;
	}
	return 0;
}

/* Append replacement text s[0..n) in the case the word asks for. */
static void
add_cased(struct ns_buf *out, const unsigned char *s, size_t n, int upper,
    int capfirst)
{
	size_t i = 0;
	char u[4];

	if (!upper && !capfirst) {
		ns_buf_add(out, s, n);
		return;
	}
	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t r;

		r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
		if (r <= 0)
			return;
		if (upper || (capfirst && i == 0))
			c = utf8proc_toupper(c);
		ns_buf_add(out, u, ns_utf8_encode(c, u));
		i += (size_t)r;
	}
}

/* Does the lower-cased word lw[0..n) spell the UTF-8 string s[0..sn)? */
static int
spells(const int32_t *lw, size_t n, const unsigned char *s, size_t sn)
{
	size_t i = 0, k = 0;

	while (i < sn) {
		utf8proc_int32_t c;
		utf8proc_ssize_t r;

		r = utf8proc_iterate(s + i, (utf8proc_ssize_t)(sn - i), &c);
		if (r <= 0 || k == n || lw[k] != c)
			return 0;
		i += (size_t)r;
		k++;
	}
	return k == n;
}

/*
 * Apply the tree at t[*pos..tn) to w[0..n) (off: where w starts in the
 * whole word; upper: the whole word is in capitals).
 */
static int
apply(const unsigned char *t, size_t tn, size_t *pos, const int32_t *w,
    const int32_t *lw, size_t n, size_t off, int upper, int capital,
    struct ns_buf *out)
{
	size_t pre, suf, a, b;

	if (*pos >= tn)
		return -1;
	if (t[*pos] == 'R') {
		if (*pos + 2 > tn)
			return -1;
		a = t[*pos + 1];
		if (*pos + 2 + a + 1 > tn)
			return -1;
		b = t[*pos + 2 + a];
		if (*pos + 3 + a + b > tn)
			return -1;
		if (!spells(lw, n, t + *pos + 2, a))
			return -1;
		add_cased(out, t + *pos + 3 + a, b, upper,
		    capital && off == 0);
		*pos += 3 + a + b;
		return 0;
	}
	if (t[*pos] != 'M' || *pos + 3 > tn)
		return -1;
	pre = t[*pos + 1];
	suf = t[*pos + 2];
	if (n < pre + suf + 1)
		return -1;
	*pos += 3;
	if (apply(t, tn, pos, w, lw, pre, off, upper, capital, out) == -1)
		return -1;
	add_utf8(out, w + pre, n - pre - suf);
	return apply(t, tn, pos, w + n - suf, lw + n - suf, suf,
	    off + n - suf, upper, capital, out);
}

int
ns_etree_apply(const unsigned char *t, size_t tn, const int32_t *w,
    const int32_t *lw, size_t n, struct ns_buf *out)
{
	size_t i, pos = 0;
	int upper = 0, lower = 0, capital;

	for (i = 0; i < n; i++) {
		if (w[i] != lw[i])
			upper++;
		else if (utf8proc_toupper(w[i]) != w[i])
			lower++;
	}
	capital = n > 0 && w[0] != lw[0];
	if (apply(t, tn, &pos, w, lw, n, 0, upper >= 2 && lower == 0,
	    capital, out) == -1 || pos != tn)
		return -1;
	return 0;
}

int
ns_etree_is_identity(const unsigned char *t, size_t tn)
{
	static const unsigned char id[] = { 'M', 0, 0, 'R', 0, 0, 'R', 0, 0 };

	return tn == sizeof(id) && memcmp(t, id, tn) == 0;
}
