/* dedupe_state.c: what ns-dedupe has seen, in SQLite, across runs. */
#define _DEFAULT_SOURCE		/* flock */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "dedupe_state.h"

/* Written into a new state, checked on every later open. */
#define FORMAT	"ns-dedupe state 1: minhash k=128 16-bit, " \
		"word 2-shingles, char 5-shingles under 16 words, " \
		"numbers 256 bits, 2 each"

enum {
	S_INSERT, S_GET, S_LABEL, S_PARENT, S_COUNT, S_EXPIRE, S_MAXSEQ,
	S_SCAN, S_BEGIN, S_COMMIT, NSTMT
};

static const char *const sql[NSTMT] = {
	("INSERT INTO rec(seq, t, size, exact, parent, id, label, sig) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
	"SELECT size, exact, parent, id, label, sig FROM rec WHERE seq = ?",
	"SELECT label FROM rec WHERE seq = ?",
	"UPDATE rec SET parent = ?, label = ? WHERE seq = ?",
	"SELECT count(*) FROM rec WHERE t < ?",
	"DELETE FROM rec WHERE t < ?",
	"SELECT coalesce(max(seq), 0) FROM rec",
	"SELECT seq, parent, size, sig FROM rec ORDER BY seq",
	"BEGIN IMMEDIATE",
	"COMMIT",
};

struct ns_dstate {
	sqlite3		*db;
	sqlite3_stmt	*stmt[NSTMT];
	int		 lockfd;
	int		 intx;
	struct ns_buf	 id, label;	/* strings handed out by get/label */
};

static int
dberr(struct ns_dstate *st, struct ns_error *err)
{
	ns_error_set(err, "%s", sqlite3_errmsg(st->db));
	return -1;
}

static int
exec(struct ns_dstate *st, const char *s, struct ns_error *err)
{
	if (sqlite3_exec(st->db, s, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(st, err);
	return 0;
}

/* Run a statement that returns nothing (or ignore its row). */
static int
step(struct ns_dstate *st, sqlite3_stmt *s, struct ns_error *err)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		dberr(st, err);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

static int
begin(struct ns_dstate *st, struct ns_error *err)
{
	if (st->intx)
		return 0;
	if (step(st, st->stmt[S_BEGIN], err) == -1)
		return -1;
	st->intx = 1;
	return 0;
}

int
ns_dstate_commit(struct ns_dstate *st, struct ns_error *err)
{
	if (!st->intx)
		return 0;
	if (step(st, st->stmt[S_COMMIT], err) == -1)
		return -1;
	st->intx = 0;
	return 0;
}

static void
nap(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Take the run lock on the state file, waiting up to wait seconds. */
static int
lock(struct ns_dstate *st, const char *path, long long wait,
    struct ns_error *err)
{
	struct timespec t0, t;

	st->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (st->lockfd == -1) {
		ns_error_set(err, "%s", strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (flock(st->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			ns_error_set(err, "cannot lock: %s", strerror(errno));
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 >=
		    (double)wait) {
			ns_error_set(err, "locked by another run "
			    "(gave up after %llds)", wait);
			return -1;
		}
		nap();
	}
	return 0;
}

static int
schema(struct ns_dstate *st, struct ns_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (exec(st, "BEGIN IMMEDIATE;"
	    "CREATE TABLE IF NOT EXISTS meta("
	    " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    "CREATE TABLE IF NOT EXISTS rec("
	    " seq INTEGER PRIMARY KEY, t INTEGER NOT NULL,"
	    " size INTEGER NOT NULL, exact INTEGER NOT NULL,"
	    " parent INTEGER NOT NULL, id TEXT NOT NULL,"
	    " label TEXT NOT NULL, sig BLOB);"
	    "CREATE INDEX IF NOT EXISTS rec_t ON rec(t);"
	    "INSERT OR IGNORE INTO meta VALUES ('format', '" FORMAT "');",
	    err) == -1)
		return -1;
	if (sqlite3_prepare_v2(st->db,
	    "SELECT value FROM meta WHERE key = 'format'", -1, &s,
	    NULL) != SQLITE_OK)
		return dberr(st, err);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0),
	    FORMAT) != 0) {
		ns_error_set(err, "not a state of this ns-dedupe version: "
		    "%.60s", rc == SQLITE_ROW ?
		    (const char *)sqlite3_column_text(s, 0) : "no format");
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return exec(st, "COMMIT", err);
}

/* Switch to WAL mode; the pragma answers with the mode it got. */
static int
wal(struct ns_dstate *st, struct ns_error *err)
{
	sqlite3_stmt *s;
	int ok;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s,
	    NULL) != SQLITE_OK)
		return dberr(st, err);
	if (sqlite3_step(s) != SQLITE_ROW) {
		dberr(st, err);
		sqlite3_finalize(s);
		return -1;
	}
	ok = strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
	sqlite3_finalize(s);
	if (!ok) {
		ns_error_set(err, "cannot switch to WAL mode");
		return -1;
	}
	return 0;
}

struct ns_dstate *
ns_dstate_open(const char *path, long long wait, struct ns_error *err)
{
	struct ns_dstate *st = ns_xcalloc(1, sizeof(*st));
	int i, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	st->lockfd = -1;
	if (path != NULL && lock(st, path, wait, err) == -1)
		goto fail;
	if (sqlite3_open_v2(path != NULL ? path : "", &st->db, flags,
	    NULL) != SQLITE_OK) {
		if (st->db == NULL) {
			ns_error_set(err, "out of memory");
			goto fail;
		}
		dberr(st, err);
		goto fail;
	}
	sqlite3_busy_timeout(st->db, wait > 0 ? (int)(wait * 1000) : 0);
	/* A small fixed page cache; the OS caches the file. */
	if (exec(st, "PRAGMA cache_size = -4096", err) == -1)
		goto fail;
	if (path == NULL) {
		if (exec(st, "PRAGMA journal_mode = OFF;"
		    "PRAGMA synchronous = OFF", err) == -1)
			goto fail;
	} else if (wal(st, err) == -1 ||
	    exec(st, "PRAGMA synchronous = NORMAL", err) == -1) {
		goto fail;
	}
	if (schema(st, err) == -1)
		goto fail;
	for (i = 0; i < NSTMT; i++)
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &st->stmt[i],
		    NULL) != SQLITE_OK) {
			dberr(st, err);
			goto fail;
		}
	return st;
fail:
	ns_dstate_close(st, NULL);
	return NULL;
}

int
ns_dstate_close(struct ns_dstate *st, struct ns_error *err)
{
	int i, rc = 0;

	if (st == NULL)
		return 0;
	if (st->db != NULL && st->stmt[S_COMMIT] != NULL &&
	    ns_dstate_commit(st, err) == -1)
		rc = -1;
	for (i = 0; i < NSTMT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db != NULL && sqlite3_close(st->db) != SQLITE_OK) {
		if (rc == 0)
			dberr(st, err);
		rc = -1;
	}
	/* Only now: closing any descriptor of the file drops its locks. */
	if (st->lockfd != -1)
		close(st->lockfd);
	ns_buf_free(&st->id);
	ns_buf_free(&st->label);
	free(st);
	return rc;
}

int
ns_dstate_insert(struct ns_dstate *st, long long seq, long long t,
    const struct ns_sketch *sk, long long parent, const char *id,
    size_t idlen, const char *label, size_t labellen, struct ns_error *err)
{
	sqlite3_stmt *s = st->stmt[S_INSERT];
	unsigned char blob[NS_SKETCH_BYTES];

	if (begin(st, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int64(s, 2, t);
	sqlite3_bind_int64(s, 3, sk->size);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)sk->exact);
	sqlite3_bind_int64(s, 5, parent);
	sqlite3_bind_text(s, 6, id, (int)idlen, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, label, (int)labellen, SQLITE_STATIC);
	if (sk->size > 0) {
		ns_sketch_pack(sk, blob);
		sqlite3_bind_blob(s, 8, blob, sizeof(blob), SQLITE_STATIC);
	} else {
		sqlite3_bind_null(s, 8);
	}
	return step(st, s, err);
}

static void
unpack(struct ns_sketch *sk, sqlite3_stmt *s, int size, int exact, int sig)
{
	const void *blob;

	memset(sk, 0, sizeof(*sk));
	sk->size = (uint32_t)sqlite3_column_int64(s, size);
	if (exact >= 0)
		sk->exact = (uint64_t)sqlite3_column_int64(s, exact);
	blob = sqlite3_column_blob(s, sig);
	if (blob != NULL && sqlite3_column_bytes(s, sig) == NS_SKETCH_BYTES)
		ns_sketch_unpack(sk, blob);
	else
		sk->size = 0;
}

/* Copy text column i of s into b. */
static void
copytext(struct ns_buf *b, sqlite3_stmt *s, int i)
{
	const unsigned char *p = sqlite3_column_text(s, i);

	ns_buf_reset(b);
	ns_buf_add(b, p != NULL ? (const char *)p : "",
	    (size_t)sqlite3_column_bytes(s, i));
}

/* Step a one-row query on seq; -1 with err when it has no row. */
static int
row(struct ns_dstate *st, sqlite3_stmt *s, long long seq,
    struct ns_error *err)
{
	int rc;

	sqlite3_bind_int64(s, 1, seq);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		ns_error_set(err, "state: record %lld missing", seq);
	else
		dberr(st, err);
	sqlite3_reset(s);
	return -1;
}

int
ns_dstate_get(struct ns_dstate *st, long long seq, struct ns_dstate_row *r,
    struct ns_error *err)
{
	sqlite3_stmt *s = st->stmt[S_GET];

	if (row(st, s, seq, err) == -1)
		return -1;
	r->seq = seq;
	unpack(&r->sk, s, 0, 1, 5);
	r->parent = sqlite3_column_int64(s, 2);
	copytext(&st->id, s, 3);
	copytext(&st->label, s, 4);
	sqlite3_reset(s);
	r->id = st->id.p;
	r->idlen = st->id.len;
	r->label = st->label.p;
	r->labellen = st->label.len;
	return 0;
}

int
ns_dstate_label(struct ns_dstate *st, long long seq, const char **label,
    size_t *len, struct ns_error *err)
{
	sqlite3_stmt *s = st->stmt[S_LABEL];

	if (row(st, s, seq, err) == -1)
		return -1;
	copytext(&st->label, s, 0);
	sqlite3_reset(s);
	*label = st->label.p;
	*len = st->label.len;
	return 0;
}

int
ns_dstate_set_parent(struct ns_dstate *st, long long seq, long long parent,
    const char *label, size_t labellen, struct ns_error *err)
{
	sqlite3_stmt *s = st->stmt[S_PARENT];

	if (begin(st, err) == -1)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	sqlite3_bind_text(s, 2, label, (int)labellen, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, seq);
	return step(st, s, err);
}

static int
scalar(struct ns_dstate *st, sqlite3_stmt *s, long long *v,
    struct ns_error *err)
{
	int rc = sqlite3_step(s);

	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (rc != SQLITE_ROW)
		dberr(st, err);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
ns_dstate_count_before(struct ns_dstate *st, long long cutoff, long long *n,
    struct ns_error *err)
{
	sqlite3_bind_int64(st->stmt[S_COUNT], 1, cutoff);
	return scalar(st, st->stmt[S_COUNT], n, err);
}

int
ns_dstate_expire(struct ns_dstate *st, long long cutoff, long long *n,
    struct ns_error *err)
{
	if (begin(st, err) == -1)
		return -1;
	sqlite3_bind_int64(st->stmt[S_EXPIRE], 1, cutoff);
	if (step(st, st->stmt[S_EXPIRE], err) == -1)
		return -1;
	*n = sqlite3_changes(st->db);
	return 0;
}

int
ns_dstate_maxseq(struct ns_dstate *st, long long *seq, struct ns_error *err)
{
	return scalar(st, st->stmt[S_MAXSEQ], seq, err);
}

int
ns_dstate_scan(struct ns_dstate *st,
    void (*fn)(void *ctx, long long seq, long long parent,
    const struct ns_sketch *sk), void *ctx, struct ns_error *err)
{
	sqlite3_stmt *s = st->stmt[S_SCAN];
	struct ns_sketch sk;
	int rc;

	sqlite3_reset(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		unpack(&sk, s, 2, -1, 3);
		fn(ctx, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		    &sk);
	}
	if (rc != SQLITE_DONE)
		dberr(st, err);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}
