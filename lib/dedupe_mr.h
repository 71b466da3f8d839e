/* dedupe_mr.h: ns-dedupe as map (band keys) and reduce (clusters). */
#ifndef NS_DEDUPE_MR_H
#define NS_DEDUPE_MR_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lsh.h"
#include "minhash.h"

/*
 * The map step: append one line per band of the record's sketch, each
 *
 *   KEY ORDER THRESHOLD EXACT SIZE NUMBERS SIGNATURE ID
 *
 * separated by tabs: the band key (8 hex digits), the record's order
 * (20 decimal digits: part * 10^13 + line number), the threshold, the
 * exact hash (16 hex), the number of shingles, the number bitmap (64
 * hex), the signature (4 hex digits per value) and the id as JSON text.
 * A text without words gives one line with key "--------".  Sorted with
 * LC_ALL=C sort, the lines of a band key come together, in input order.
 */
void	ns_dedupe_keys(struct ns_buf *out, const struct ns_lsh_params *p,
	    double t, unsigned long long order, const struct ns_sketch *sk,
	    const char *id, size_t idlen);

/*
 * The reduce step.  Feed it the sorted lines, then finish: it verifies
 * the pairs that share a key as ns_dedupe_add does and replays the
 * merges in input order, so that each record gets the same dup_of,
 * similarity and cluster as in a single run over the same input.
 */
struct ns_reduce;

struct ns_reduce	*ns_reduce_new(void);
void			 ns_reduce_free(struct ns_reduce *r);

/*
 * One input line.  Returns 0, or -1 with err filled for a malformed
 * line (the line is skipped) and for input out of order (fatal: the
 * caller must stop).  *fatal tells which.
 */
int	ns_reduce_line(struct ns_reduce *r, const char *line, size_t len,
	    int *fatal, struct ns_error *err);

/* Resolve the clusters after the last line. */
void	ns_reduce_finish(struct ns_reduce *r);

struct ns_reduce_rec {
	const char	*id, *dup_of, *cluster;	/* JSON text */
	size_t		 idlen, dup_oflen, clusterlen;
	int		 dup;
	double		 similarity;
};

/* Records seen, and record i of them in input order (after finish). */
size_t	ns_reduce_count(const struct ns_reduce *r);
void	ns_reduce_get(const struct ns_reduce *r, size_t i,
	    struct ns_reduce_rec *rec);

#endif
