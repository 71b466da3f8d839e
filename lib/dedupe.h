/* dedupe.h: streaming exact and near-duplicate detection with clusters. */
#ifndef NS_DEDUPE_H
#define NS_DEDUPE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lsh.h"
#include "minhash.h"

struct ns_dedupe_opts {
	double		 threshold;	/* Jaccard, 0 < t <= 1 */
	const char	*state;		/* state file, NULL: temporary */
	long long	 window;	/* seconds to remember, 0: forever */
	long long	 wait;		/* seconds to wait for the state lock */
};

/* The verdict on one record. */
struct ns_dedupe_match {
	int		dup;		/* 1: duplicates an earlier record */
	double		similarity;	/* to dup_of (ns_sketch_similar) */
	struct ns_buf	dup_of;		/* JSON id of the first such record */
	struct ns_buf	cluster;	/* JSON label of its cluster */
};

struct ns_dedupe_stats {
	long long	loaded;		/* records read from the state */
	long long	expired;	/* records forgotten (--window) */
	long long	verified;	/* candidates verified */
	size_t		records;	/* records remembered now */
	size_t		entries;	/* band index entries */
	size_t		bytes;		/* bytes of the in-memory index */
};

/*
 * Open a deduplicator.  The state (ns_dstate_open) is read: records
 * older than now - window are deleted, the others' band keys indexed in
 * memory, their clusters rebuilt.  NULL with err filled on failure.
 */
struct ns_dedupe	*ns_dedupe_open(const struct ns_dedupe_opts *o,
			    long long now, struct ns_error *err);

/*
 * Close, committing what is pending.  Returns 0 or -1 with err filled.
 * d may be NULL.
 */
int	ns_dedupe_close(struct ns_dedupe *d, struct ns_error *err);

/*
 * Add one record: its sketch, id (JSON text) and time t.  Candidates
 * are the earlier records sharing a band key; they are verified in
 * arrival order with ns_sketch_similar, and the record joins the
 * cluster of every one that verifies (clusters are transitive: when it
 * links two clusters they merge, under the earlier first record).  m
 * gets the first verified record (dup_of) and the label of the cluster,
 * which is the id of its first record (its own id for a new cluster).
 * The record is remembered whatever the verdict.  now is the wall
 * clock, for --window while the run lasts.  Writes go to the state in a
 * transaction that ns_dedupe_commit ends.  Returns 0 or -1.
 */
int	ns_dedupe_add(struct ns_dedupe *d, const struct ns_sketch *sk,
	    const char *id, size_t idlen, long long t, long long now,
	    struct ns_dedupe_match *m, struct ns_error *err);

/* Commit what was added so far (before its output is written). */
int	ns_dedupe_commit(struct ns_dedupe *d, struct ns_error *err);

void	ns_dedupe_stats(const struct ns_dedupe *d, struct ns_dedupe_stats *s);
const struct ns_lsh_params *ns_dedupe_params(const struct ns_dedupe *d);

void	ns_dedupe_match_free(struct ns_dedupe_match *m);

#endif
