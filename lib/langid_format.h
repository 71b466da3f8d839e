/* langid_format.h: the layout of an ns-lang model file (libns internal). */
#ifndef NS_LANGID_FORMAT_H
#define NS_LANGID_FORMAT_H

#include <stdint.h>

/*
 * A model file, little-endian, every part 8-byte aligned:
 *
 *	header		struct ns_langid_hdr
 *	languages	nlangs x struct ns_langid_lang
 *	slots		nslots x struct ns_langid_slot (open addressing)
 *	pool		npool x uint16_t weight entries
 *
 * Opening a model checks the header only, so that it takes no time; the
 * lookups are bounded (maxprobe, the pool size, 64 language slots in
 * every accumulator), so a corrupt table gives wrong scores, never a
 * read out of bounds or an endless probe.
 *
 * A slot holds a feature key (0: empty) and its weights: one or two
 * entries inline, or a run of entries in the pool.  An entry is a
 * language index (6 bits) and a signed 8-bit weight; languages without an
 * entry weigh 0.  A weight q means q * scale in score units.
 */

#define NS_LANGID_MAGIC		"NSLANGID"

/* The home slot of a key: keys are uniform hashes, so scale to the size. */
#define NS_LANGID_HOME(key, nslots) \
	((uint32_t)(((uint64_t)(key) * (nslots)) >> 32))
#define NS_LANGID_VERSION	3	/* 3: lexicon; 2: dense runs */

struct ns_langid_hdr {
	char		magic[8];
	uint32_t	version;
	uint32_t	nlangs;
	uint32_t	maxn;		/* longest n-gram */
	uint32_t	nslots;		/* key k's home: NS_LANGID_HOME(k, nslots) */
	uint32_t	npool;
	uint32_t	lextemp;	/* texts that use the lexicon: their
					   scores divided by lextemp / 1000
					   (0: not at all; formerly flags, 0) */
	float		scale;		/* score units per weight step */
	float		cal_a;		/* calibration: logits = score / T, */
	float		cal_b;		/*   log T = cal_a + cal_b ln(words) */
	float		min_score;	/* default minimum probability */
	float		stop_margin;	/* early stop: logit margin */
	uint32_t	stop_words;	/* early stop: check every N words */
	uint32_t	ntrained;	/* training lines (informative) */
	uint32_t	maxprobe;	/* longest probe sequence - 1 */
	uint32_t	fullq;		/* score units per word-sum step */
	uint32_t	pairwords;	/* texts of this many words or fewer
					   also score their word pairs (0:
					   none; models before pairs: 0) */
};

/* The largest pairwords a model may have. */
#define NS_LANGID_MAXPAIRWORDS	64

struct ns_langid_lang {
	char		code[8];	/* NUL-padded */
	uint32_t	scripts;	/* NS_SCRIPT_BIT set */
	float		bias;
};

struct ns_langid_slot {
	uint32_t	key;
	uint32_t	ref;
};

/* Entry: language in bits 8..13, weight in bits 0..7 (two's complement). */
#define NS_LANGID_ENTRY(lang, q)	\
	((uint16_t)(((unsigned)(lang) << 8) | ((unsigned)(q) & 0xFF)))
#define NS_LANGID_ENTRY_LANG(e)		(((e) >> 8) & 0x3F)
#define NS_LANGID_ENTRY_Q(e)		((int)(int8_t)((e) & 0xFF))

/*
 * ref: bit 31 set = inline: entry 1 in bits 0..13, entry 2 in bits
 * 16..29 when bit 30 is set.  Otherwise a pool run: offset in bits 6..29,
 * count - 1 in bits 0..5, and bit 30 says what the run holds: clear, that
 * many entries; set (a frequent word's key), that many word sums: a
 * language in bits 8..13 and an unsigned step count in bits 0..7 (times
 * fullq): the weights of all the word's features at once, less a floor
 * common to all languages, so that the word needs one lookup, not fifty.
 *
 * Version 2: a pool run whose count field says 64 (bits 0..5 all set,
 * bit 30 clear) in a model of at most 32 languages is dense: 32 signed
 * 8-bit weights, one per language index, in 16 pool entries.  Features
 * weighted for many languages (the common Latin n-grams) are stored so,
 * and added in one vectorised loop instead of one entry at a time.
 */
#define NS_LANGID_DENSE_LANGS	32	/* weights in a dense run */
#define NS_LANGID_DENSE_SIZE	16	/* its pool entries */
#define NS_LANGID_DENSE_MIN	8	/* entries from which runs are dense */
#define NS_LANGID_DENSE_CNT	64	/* the count field's mark */

#define NS_LANGID_INLINE	0x80000000u
#define NS_LANGID_INLINE2	0x40000000u
#define NS_LANGID_FULL		0x40000000u
#define NS_LANGID_MAXPOOL	(1u << 24)
#define NS_LANGID_REF_OFF(r)	(((r) >> 6) & (NS_LANGID_MAXPOOL - 1))
#define NS_LANGID_REF_CNT(r)	(((r) & 0x3F) + 1)

/*
 * Version 3: a model may have a word lexicon for short texts (texts of
 * pairwords words or fewer), word-unigram naive Bayes evidence added to
 * the scores: a word w adds, for each language L, the log of
 * (count of w in L's training text + alpha) / (L's words + alpha x
 * lexicon words), times a weight fitted on held-out lines.  It is stored
 * in the slots as runs of word sums (the FULL layout, steps of fullq):
 * under ns_langfeat_lex_key(w's word key), the languages whose text has
 * w and their steps above the floor; under ns_langfeat_lex_key(0), the
 * floor of every language (added once for each word found), less the
 * lowest.  A model without that key has no lexicon.
 */

/* Whether a slot's ref holds a word's sums. */
#define NS_LANGID_ISFULL(r) \
	(((r) & (NS_LANGID_INLINE | NS_LANGID_FULL)) == NS_LANGID_FULL)

/* Whether a ref marks a dense run (in a model that has them). */
#define NS_LANGID_ISDENSE(r) \
	(!((r) & (NS_LANGID_INLINE | NS_LANGID_FULL)) && \
	    NS_LANGID_REF_CNT(r) == NS_LANGID_DENSE_CNT)

/* Whether the model with header h may have dense runs. */
static inline int
ns_langid_hdr_dense(const struct ns_langid_hdr *h)
{
	return h->version >= 2 && h->nlangs <= NS_LANGID_DENSE_LANGS;
}

/* Where the languages, slots and pool start: byte offsets, 8-aligned. */
#define NS_LANGID_ALIGN8(n)	(((size_t)(n) + 7) & ~(size_t)7)
#define NS_LANGID_OFF_LANGS	NS_LANGID_ALIGN8(sizeof(struct ns_langid_hdr))
#define NS_LANGID_OFF_SLOTS(h)	NS_LANGID_ALIGN8(NS_LANGID_OFF_LANGS + \
	(size_t)(h)->nlangs * sizeof(struct ns_langid_lang))
#define NS_LANGID_OFF_POOL(h)	NS_LANGID_ALIGN8(NS_LANGID_OFF_SLOTS(h) + \
	(size_t)(h)->nslots * sizeof(struct ns_langid_slot))

#endif
