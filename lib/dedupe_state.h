/* dedupe_state.h: what ns-dedupe has seen, in SQLite, across runs. */
#ifndef NS_DEDUPE_STATE_H
#define NS_DEDUPE_STATE_H

#include <stddef.h>

#include "err.h"
#include "minhash.h"

/*
 * One row per record seen: its sequence number (arrival order), id and
 * cluster label as JSON text, time (its date or when it was seen, in
 * seconds since the epoch), sketch, and the sequence number of its
 * cluster's first record when it was written (parent).  A file state is
 * in WAL mode with synchronous=NORMAL: a committed transaction survives
 * the process being killed at any moment.
 */
struct ns_dstate;

/* A row as read back; the strings stay valid until the next call. */
struct ns_dstate_row {
	long long		seq;
	long long		parent;
	struct ns_sketch	sk;
	const char		*id, *label;
	size_t			idlen, labellen;
};

/*
 * Open (creating it if needed) the state at path, or a private
 * temporary database when path is NULL.  A file is locked for the whole
 * run (flock, so the lock dies with the process): while another process
 * holds it, wait up to wait seconds, then fail with "locked by another
 * run".  Fails, too, on a file that is not a database or that was
 * written with another sketch format.  NULL with err filled on failure.
 */
struct ns_dstate	*ns_dstate_open(const char *path, long long wait,
			    struct ns_error *err);

/* Commit what is pending and close.  Returns 0 or -1 with err filled. */
int	ns_dstate_close(struct ns_dstate *st, struct ns_error *err);

/* Commit the open transaction, if any (writes open one as needed). */
int	ns_dstate_commit(struct ns_dstate *st, struct ns_error *err);

/* Add a row. */
int	ns_dstate_insert(struct ns_dstate *st, long long seq, long long t,
	    const struct ns_sketch *sk, long long parent, const char *id,
	    size_t idlen, const char *label, size_t labellen,
	    struct ns_error *err);

/*
 * Read row seq (sketch, id, label, parent).  Returns 0, or -1 with err
 * filled (also when the row does not exist).
 */
int	ns_dstate_get(struct ns_dstate *st, long long seq,
	    struct ns_dstate_row *r, struct ns_error *err);

/* Read only the label of row seq. */
int	ns_dstate_label(struct ns_dstate *st, long long seq, const char **label,
	    size_t *len, struct ns_error *err);

/* Point row seq at another cluster root and its label (a merge). */
int	ns_dstate_set_parent(struct ns_dstate *st, long long seq,
	    long long parent, const char *label, size_t labellen,
	    struct ns_error *err);

/*
 * Rows whose time is before cutoff: count them, or delete them (*n gets
 * the number deleted).  Return 0 or -1.
 */
int	ns_dstate_count_before(struct ns_dstate *st, long long cutoff,
	    long long *n, struct ns_error *err);
int	ns_dstate_expire(struct ns_dstate *st, long long cutoff, long long *n,
	    struct ns_error *err);

/* The largest sequence number in use, 0 for an empty state. */
int	ns_dstate_maxseq(struct ns_dstate *st, long long *seq,
	    struct ns_error *err);

/*
 * Call fn for every row in sequence order with its sequence number,
 * parent and sketch (id and label are not read).  Returns 0 or -1.
 */
int	ns_dstate_scan(struct ns_dstate *st,
	    void (*fn)(void *ctx, long long seq, long long parent,
	    const struct ns_sketch *sk), void *ctx, struct ns_error *err);

#endif
