/*
 * batch_priv.h — what the batch runner's files share (cli/batch.c runs the
 * workers, cli/manifest.c keeps OUT's manifest and corpus files,
 * cli/worker.c is one issue in a worker process).
 */
#ifndef QK_BATCH_PRIV_H
#define QK_BATCH_PRIV_H

#include <gio/gio.h>
#include "batch.h"
#include "workerproc.h"

G_BEGIN_DECLS

/* What the batch knows about one issue; also a row of manifest.csv. The
 * worker's record is the fields F_SHA … F_WARNINGS in this order. */
enum {
	F_NAME, F_FILE, F_SHA, F_STATUS, F_REASON, F_TITLE, F_YEAR, F_NUMBER,
	F_DATE, F_PAGES, F_ARTICLES, F_TABLES, F_WARNINGS, F_SECONDS, N_FIELDS
};
#define WORKER_FIRST F_SHA
#define WORKER_LAST F_WARNINGS
/* The fields' names, the header of manifest.csv (NULL-terminated). */
extern const char *const qk_batch_fields[N_FIELDS + 1];
/* Files the batch writes in OUT beside the issue folders. */
extern const char *const qk_batch_corpus_files[];

typedef enum {
	QK_ST_PENDING, QK_ST_RUNNING, QK_ST_DONE, QK_ST_FAILED, QK_ST_SKIPPED
} QkBatchState;

typedef struct QkBatch QkBatch;

typedef struct {
	char *f[N_FIELDS];      /* F_FILE: the path escaped (qk_cli_escape_name) */
	char *path;             /* the input's path as given (bytes), this run's */
	char *key;              /* picks its shard: the path under the folder
	                         * named on the command line, or as given */
	QkBatchState state;
	QkBatch *batch;
	QkProc *proc;
	GBytes *out, *err;
	guint timeout_id;
	gboolean timed_out;
	gboolean over_memory;   /* killed by the batch's memory watchdog */
	guint64 resident;       /* the worker's largest resident size seen (bytes) */
	gint64 started;
	double cpu;             /* the worker's CPU time, seconds (--timings) */
	/* its rows of the corpus files, encoded, in the batch's spool
	 * (qk_batch_spool_corpus); spooled: both are there */
	gint64 spool_at[2];
	gsize spool_len[2];
	gboolean spooled;
} QkBatchItem;

struct QkBatch {
	const QkBatchOptions *o;
	char *self;             /* path of the qikan binary */
	GPtrArray *items;       /* of QkBatchItem: this run's inputs, in order */
	GPtrArray *old;         /* of QkBatchItem: manifest rows read at the start */
	GHashTable *names;      /* output name → QkBatchItem (this run) */
	GPtrArray *elsewhere;   /* of QkBatchItem: inputs of the other shards */
	guint next, running, n_done, n_failed, n_skipped;
	gboolean interrupted;
	GMainLoop *loop;
	gboolean tty;
	gint64 t0, last_manifest;
	gint64 manifest_cost;   /* µs the last periodic write of it took */
	struct QkForkWorkers *fork;   /* workers forked, not executed (forkworker.c) */
	int spool;              /* the corpus rows of the issues done, -1: none yet */
	gint64 spool_end;
	gboolean spool_failed;  /* could not be made: rows read at the end */
	GPtrArray *launched;    /* of QkBatchItem (borrowed): in the order started */
	guint watch_from;       /* launched before it have all ended (batchmem.c) */
	guint cores;            /* g_get_num_processors(), read once */
	double cpu_first, cpu_last;   /* the batch's own CPU time when it started
	                         * its first worker and when the last had ended */
};

/* batch.c */
void qk_batch_item_free(QkBatchItem *it);
/* Sets field f to a copy of v (NULL or "" clears it). */
void qk_batch_set(QkBatchItem *it, int f, const char *v);
/* OUT/name (caller frees). */
char *qk_batch_out_path(const QkBatch *b, const char *name);
gboolean qk_batch_is_done(const QkBatchItem *it);
/* Records an item's outcome, counts it and prints its status line. */
void qk_batch_finish(QkBatchItem *it, QkBatchState state);
/* A line above the progress bar (stderr). */
void qk_batch_status(QkBatch *b, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* manifest.c */
/* The rows of a manifest.csv (QkBatchItems, columns by name), or NULL +
 * error when it does not parse or has no name column. */
GPtrArray *qk_batch_read_manifest(const char *path, GError **error);
void qk_batch_load_manifest(QkBatch *b);
/* Both return FALSE when a file could not be written (said on stderr). */
gboolean qk_batch_write_manifest(QkBatch *b);
/* issues.csv, all-articles.csv, all-indicators.csv. */
gboolean qk_batch_write_corpus(QkBatch *b);
/* A done issue's rows of the corpus files, read from its folder into the
 * batch's spool (an unnamed temporary file in OUT) while other workers run,
 * so that qk_batch_write_corpus only copies them. Nothing is lost when
 * this fails: the rows are read from the folder at the end then. */
void qk_batch_spool_corpus(QkBatch *b, QkBatchItem *it);
void qk_batch_spool_close(QkBatch *b);
/* Removes temporary files a killed batch left beside the corpus files. */
void qk_batch_clean_temps(QkBatch *b);
/* --resume: marks skipped the pending items whose folder is complete and
 * was made from the same bytes. */
void qk_batch_mark_unchanged(QkBatch *b);

/* batchnames.c */
gboolean qk_batch_is_pdf_name(const char *name);
/* Gives every pending item its folder name (F_NAME): the one the manifest
 * records for its file, else one from its file name that no other input
 * and no foreign folder has. After the manifest is loaded. */
void qk_batch_assign_names(QkBatch *b);

/* batchshard.c */
/* --shard K/N: OUT/shard.csv written, or checked against an earlier run's
 * (another shard's OUT, or a run without --shard, is refused). Without
 * --shard, refuses an OUT that holds a shard. */
gboolean qk_batch_shard_claim(const QkBatch *b, GError **error);
/* Moves the inputs of the other shards from b->items to b->elsewhere
 * (after the names are assigned over all inputs) and records the share's
 * inputs in OUT/shard.csv. */
gboolean qk_batch_take_share(QkBatch *b, GError **error);

/* batchout.c */
/* Locks OUT for this run: the lock's descriptor, or -1 + error (another
 * run holds it: the message says so). */
int qk_batch_lock_out(const char *out_dir, GError **error);
void qk_batch_unlock_out(int fd);
/* Removes qikan's own leftovers (.NAME.tmp-*, .NAME.old-*) of a killed run
 * beside every folder the manifest or this run names. */
void qk_batch_clean_leftovers(QkBatch *b);

/* batchmem.c */
/* GSourceFunc(b): notes each running worker's resident size and kills one
 * over --max-memory. */
gboolean qk_batch_watch_memory(gpointer data);
/* Why memory ended a worker that wrote no record ("memory limit …"), or
 * NULL when memory had nothing to do with it. */
char *qk_batch_memory_reason(const QkBatch *b, const QkBatchItem *it,
                             const QkProc *proc, const char *diag);

G_END_DECLS

#endif
