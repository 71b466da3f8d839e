/* sent.h: sentence boundaries: ICU's, corrected for abbreviations and more. */
#ifndef NS_SENT_H
#define NS_SENT_H

#include <stddef.h>

#include "err.h"
#include "seg.h"
#include "wordlist.h"

/* Options of ns_sent_open. */
#define NS_SENT_ICU	0x01	/* bare ICU sentence breaks (a baseline) */
#define NS_SENT_ALWAYSICU 0x02	/* run ICU even on plain text (tests) */

/*
 * The rules' settings, measured on the UD dev sets (bench/ns-split.sh).
 * After "abbr." and a capitalised word, a sentence ends when the share of
 * "abbr." ending sentences in the training text is at least pend_stop
 * (the word is a stop word: Он, В, Это) or pend_name (another word, a
 * name perhaps); but never after an abbreviation that is followed by
 * capitals at least pupper_prefix of the time (ул. Ленина).
 */
struct ns_sent_tune {
	double	pend_stop;
	double	pend_name;
	double	pupper_prefix;
	int	digit_starts;	/* "... ушёл. 5 человек" is two sentences */
	int	lower_after_strong;	/* "?" or "!" then lower case: one */
	int	brackets;	/* no boundary inside open brackets */
};

struct ns_sent;

/*
 * A sentence splitter using the word lists wl (which must outlive it),
 * or, with NS_SENT_ICU, ICU's rules for locale alone.  On text of Latin,
 * Greek and Cyrillic letters and common punctuation ICU does not run:
 * its verdicts there follow from UAX #29's rules, which the splitter
 * applies itself (NS_SENT_ALWAYSICU runs ICU anyway, to compare).  Open
 * once and reuse.  NULL with err filled on failure.
 */
struct ns_sent	*ns_sent_open(const struct ns_wordlist *wl, const char *locale,
		    int flags, struct ns_error *err);
void		 ns_sent_close(struct ns_sent *st);

/* The rules' thresholds, to read or change (for measurements). */
struct ns_sent_tune	*ns_sent_tune(struct ns_sent *st);

/*
 * Split the valid UTF-8 text s[0..n) (a paragraph) into sentences for
 * language lang (an index of wl, or -1 for none).  *spans gets an array
 * of *nspans sentences, each without leading or trailing white space,
 * in byte and code-point offsets from s; it belongs to st and lasts
 * until the next call.  Returns 0, or -1 with err filled (ICU failed).
 */
int	ns_sent_split(struct ns_sent *st, int lang, const char *s, size_t n,
	    const struct ns_span **spans, size_t *nspans,
	    struct ns_error *err);

#endif
