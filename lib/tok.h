/* tok.h: tokens for the entity tagger: ICU words plus rules, with offsets. */
#ifndef NS_TOK_H
#define NS_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum ns_tok_kind {
	NS_TOK_WORD,		/* letters (may hold digits, ' and ’ inside) */
	NS_TOK_NUMBER,
	NS_TOK_PUNCT,		/* one punctuation character (or ASCII symbol) */
	NS_TOK_OTHER		/* emoji, other symbols and segments */
};

/* Token flags: what surrounds a token and what the rules found. */
#define NS_TOK_SPACE	0x0001	/* white space before it */
#define NS_TOK_NEWLINE	0x0002	/* a line break before it */
#define NS_TOK_PARA	0x0004	/* a blank line before it */
#define NS_TOK_SENT	0x0008	/* first token of a sentence */
#define NS_TOK_INITIAL	0x0010	/* a capital letter or two then "." (В., Дж.) */
#define NS_TOK_ABBR	0x0020	/* a known abbreviation followed by "." */
#define NS_TOK_HYPHEN	0x0040	/* part of a hyphenated compound (Нью-Йорк) */
#define NS_TOK_QOPEN	0x0080	/* an opening quote */
#define NS_TOK_QCLOSE	0x0100	/* a closing quote */
#define NS_TOK_INQUOTE	0x0200	/* between an opening and a closing quote */
#define NS_TOK_NOBREAK	0x0400	/* a "." that does not end the sentence */

/*
 * One token: bytes [b0, b1) and code points [c0, c1) of the text.  For a
 * hyphenated compound, comp0..comp1 are the token indexes of the whole
 * compound (comp0 == comp1 == own index otherwise).
 */
struct ns_token {
	size_t		 b0, b1;
	size_t		 c0, c1;
	uint32_t	 comp0, comp1;
	uint16_t	 flags;
	uint8_t		 kind;
};

struct ns_tokens {
	struct ns_token	*v;
	size_t		 n, cap;
};

struct ns_tokenizer;

/* A tokenizer; opening ICU's word rules is costly, so keep it. */
struct ns_tokenizer	*ns_tokenizer_open(struct ns_error *err);
void			 ns_tokenizer_close(struct ns_tokenizer *tk);

/*
 * Add a lower-case abbreviation (without its dot: "ул", "prof"): a
 * following "." then never ends a sentence.  The tokenizer keeps a copy.
 */
void	ns_tokenizer_abbrev(struct ns_tokenizer *tk, const char *s, size_t n);

/*
 * Tokenize valid UTF-8 text s[0..n) into out (reset first).  Returns 0,
 * or -1 with err filled when ICU fails.
 */
int	ns_tokenize(struct ns_tokenizer *tk, const char *s, size_t n,
	    struct ns_tokens *out, struct ns_error *err);

void	ns_tokens_free(struct ns_tokens *t);

/*
 * Character classes of the tagger, on code points: upper and lower case
 * letters, and the quote characters the rules know.
 */
int	ns_tok_isupper(int32_t c);
int	ns_tok_islower(int32_t c);
int	ns_tok_isletter(int32_t c);
int	ns_tok_isquote(int32_t c);
/* Simple lower-case mapping of one code point. */
int32_t	ns_tok_lower(int32_t c);

#endif
