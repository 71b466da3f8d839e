/* wordlist.h: per-language stop words and abbreviations (ns-split's model). */
#ifndef NS_WORDLIST_H
#define NS_WORDLIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define NS_WL_MAXLANG	64	/* languages in one word list */

/*
 * What the training text says about an abbreviation ("г." in ru): how
 * often "abbr." ends a sentence (at the end of a line of the training
 * text), and how often, inside a sentence, the next word is capitalised
 * (ул. Ленина, г. Москва: high; т.е. это: low).
 */
struct ns_abbr {
	float	pend;
	float	pupper;
	long	count;
	float	pendnum;	/* pend when a number comes before: 1998 г. */
	long	countnum;
};

struct ns_wordlist;

/*
 * The word lists compiled into libns (models/split-words.txt), parsed
 * anew on each call.  NULL with err filled on failure.
 */
struct ns_wordlist	*ns_wordlist_default(struct ns_error *err);

/*
 * Parse word lists in the text format that ns_wltrain_write produces
 * (p[0..n) need not outlive the result).  NULL with err filled
 * ("line 12: ...", err->line set) on failure.
 */
struct ns_wordlist	*ns_wordlist_load(const char *p, size_t n,
			    struct ns_error *err);
void			 ns_wordlist_free(struct ns_wordlist *wl);

/* Number of languages; the name ("ru") of language i. */
int		 ns_wordlist_nlang(const struct ns_wordlist *wl);
const char	*ns_wordlist_langname(const struct ns_wordlist *wl, int lang);

/* The index of language code s[0..n) ("ru"), or -1. */
int	ns_wordlist_lang(const struct ns_wordlist *wl, const char *s, size_t n);

/*
 * Whether the lower-cased word w[0..n) is a stop word of lang (a frequent
 * word that is written in lower case inside sentences); of any language
 * when lang is -1.
 */
int	ns_wordlist_isstop(const struct ns_wordlist *wl, int lang,
	    const char *w, size_t n);

/* The abbreviation entry of lower-cased word w[0..n) in lang, or NULL. */
const struct ns_abbr	*ns_wordlist_abbr(const struct ns_wordlist *wl,
			    int lang, const char *w, size_t n);

/*
 * The stop-word languages of lower-cased word w[0..n): bit i set for a
 * stop word of language i.
 */
uint64_t	ns_wordlist_stopmask(const struct ns_wordlist *wl, const char *w,
		    size_t n);

/* Votes for languages, word by word (ns_wordlist_guess in pieces). */
struct ns_langvote {
	double	score[NS_WL_MAXLANG];
};

/* Count a word with stop mask mask: 1/k to each of its k languages. */
void	ns_wordlist_vote(struct ns_langvote *v, uint64_t mask);

/* The language with the most votes, or -1 with fewer than one. */
int	ns_wordlist_winner(const struct ns_wordlist *wl,
	    const struct ns_langvote *v);

/*
 * Guess the language of valid UTF-8 text s[0..n) from its stop words
 * (the first few thousand words are enough).  Returns a language index,
 * or -1 when the text has too few stop words of any language.
 */
int	ns_wordlist_guess(const struct ns_wordlist *wl, const char *s,
	    size_t n);

#endif
