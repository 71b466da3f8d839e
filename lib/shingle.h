/* shingle.h: normalised text into word or character shingle hashes. */
#ifndef NS_SHINGLE_H
#define NS_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* Words per word shingle. */
#define NS_SHINGLE_WORDS	2
/* Code points per character shingle (texts of few words). */
#define NS_SHINGLE_CHARS	5
/* Texts with fewer words than this get character shingles. */
#define NS_SHINGLE_MINWORDS	16

/*
 * What ns_shingle makes of one text.  All arrays are owned by the
 * shingler and stay valid until its next call.
 */
struct ns_shingler {
	struct ns_buf	 norm;		/* words joined by single spaces */
	uint64_t	 exact;		/* hash of norm: equal for exact dups */
	uint64_t	*hash;		/* distinct shingle hashes */
	size_t		 nhash;
	uint64_t	*num;		/* hashes of the number tokens */
	size_t		 nnum;
	size_t		 nwords;
	int		 chars;		/* 1 when character shingles were used */
	/* internal scratch */
	struct ns_buf	 nfk;
	/*
	 * NFKC case folding of each code point below U+3000 on its own
	 * (offset and length into foldtext; length 255: a combining mark,
	 * whose text needs the whole-string normaliser), and its class.
	 */
	char		*foldtext;
	uint32_t	*foldoff;
	unsigned char	*foldlen, *cls;
	size_t		*wstart, *wlen;
	size_t		 wcap, hcap, ncap;
};

void	ns_shingler_init(struct ns_shingler *sh);
void	ns_shingler_free(struct ns_shingler *sh);

/*
 * Normalise s[0..n) (valid UTF-8, NULs allowed): NFKC with case folding,
 * then words are the maximal runs of letters, marks and digits (format
 * characters such as the soft hyphen are dropped, everything else
 * separates words).  Texts of NS_SHINGLE_MINWORDS words or more give
 * the hashes of their NS_SHINGLE_WORDS-word shingles; shorter ones the
 * hashes of their NS_SHINGLE_CHARS-code-point shingles of the joined
 * words (one shingle for a shorter text).  A text without words gives
 * no shingles (nhash 0).  Number tokens (words of decimal digits only)
 * are hashed into num, distinct.  Returns 0, or -1 with err
 * filled when normalisation fails.
 */
int	ns_shingle(struct ns_shingler *sh, const char *s, size_t n,
	    struct ns_error *err);

#endif
