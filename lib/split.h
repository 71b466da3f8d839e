/* split.h: an article into header, clean paragraphs and sentences. */
#ifndef NS_SPLIT_H
#define NS_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "boiler.h"
#include "buf.h"
#include "err.h"
#include "header.h"
#include "seg.h"
#include "sent.h"
#include "wordlist.h"

/* Options of ns_split_doc. */
#define NS_SPLIT_TITLELINE	0x01	/* a headline on its own first line */
#define NS_SPLIT_KEEP		0x02	/* keep boilerplate in the text */
#define NS_SPLIT_SENTENCES	0x04	/* split paragraphs into sentences */

/*
 * One paragraph of the document's text: bytes [b0, b1) and code points
 * [c0, c1) of doc->text, whether it is boilerplate, and its sentences
 * doc->sent[sent0 .. sent0 + nsent).
 */
struct ns_para {
	size_t	b0, b1, c0, c1;
	int	boiler;
	size_t	sent0, nsent;
};

/*
 * A split document.  text is the body, paragraphs separated by one
 * blank line ("\n\n"), white space inside them collapsed to single
 * spaces; sentence offsets are into text too.
 */
struct ns_doc {
	struct ns_header hdr;		/* date, title */
	struct ns_buf	 text;
	struct ns_para	*para;
	size_t		 npara, paracap;
	struct ns_span	*sent;
	size_t		 nsent, sentcap;
	int		 lang;		/* word-list language, -1 unknown */
	size_t		 ncontrol;	/* NUL and control characters replaced */
	size_t		 nboiler;	/* boilerplate paragraphs found */
	/* Scratch space, kept between documents. */
	struct ns_buf	 norm;
	struct ns_boiler_para *bp;
	size_t		*bpoff;
	size_t		 nbp, bpcap;
	uint64_t	*masks;		/* stop masks of the words */
	size_t		 nmasks, maskcap;
};

void	ns_doc_init(struct ns_doc *doc);
void	ns_doc_free(struct ns_doc *doc);

struct ns_split;

/*
 * A splitter using word lists wl (which must outlive it).  NULL with
 * err filled when ICU cannot be opened.
 */
struct ns_split	*ns_split_open(const struct ns_wordlist *wl,
		    struct ns_error *err);
void		 ns_split_close(struct ns_split *sp);

/* The sentence splitter inside, to tune it (measurements). */
struct ns_sent	*ns_split_sent(struct ns_split *sp);

/*
 * Split the valid UTF-8 article s[0..n) into doc (initialised with
 * ns_doc_init; reused across calls).  The header gives the date and the
 * title (see ns_header_parse; NS_SPLIT_TITLELINE for raw text); blocks
 * of lines between blank lines are paragraphs, or one paragraph a line
 * when the lines are not a wrapped paragraph; NUL and other control
 * characters become U+FFFD (counted in doc->ncontrol); boilerplate
 * paragraphs are dropped from the text, or kept and marked with
 * NS_SPLIT_KEEP; with NS_SPLIT_SENTENCES the paragraphs are split into
 * sentences.  lang is a language index of wl, or -1 to guess it from
 * the stop words.  Returns 0, or -1 with err filled (ICU failed).
 */
int	ns_split_doc(struct ns_split *sp, const char *s, size_t n, int flags,
	    int lang, struct ns_doc *doc, struct ns_error *err);

/*
 * Whether s[0..n) looks like a binary file rather than text: in its
 * first 8 KiB more than one byte in ten is NUL, another control
 * character, or part of an invalid UTF-8 sequence.
 */
int	ns_split_isbinary(const char *s, size_t n);

#endif
