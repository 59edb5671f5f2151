/*
 * batch_priv.h — what the batch runner's files share (cli/batch.c runs the
 * workers, cli/manifest.c keeps OUT's manifest and corpus files,
 * cli/worker.c is one issue in a worker process).
 */
#ifndef QK_BATCH_PRIV_H
#define QK_BATCH_PRIV_H

#include <gio/gio.h>
#include "batch.h"

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
	char *f[N_FIELDS];
	QkBatchState state;
	QkBatch *batch;
	GSubprocess *proc;
	GBytes *out, *err;
	guint timeout_id;
	gboolean timed_out;
	gint64 started;
} QkBatchItem;

struct QkBatch {
	const QkBatchOptions *o;
	char *self;             /* path of the qikan binary */
	GPtrArray *items;       /* of QkBatchItem: this run's inputs, in order */
	GPtrArray *old;         /* of QkBatchItem: manifest rows read at the start */
	GHashTable *names;      /* output name → QkBatchItem (this run) */
	guint next, running, n_done, n_failed, n_skipped;
	gboolean interrupted;
	GMainLoop *loop;
	gboolean tty;
	gint64 t0, last_manifest;
	struct QkForkWorkers *fork;   /* workers forked, not executed (forkworker.c) */
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
void qk_batch_load_manifest(QkBatch *b);
void qk_batch_write_manifest(QkBatch *b);
/* issues.csv, all-articles.csv, all-indicators.csv. */
void qk_batch_write_corpus(QkBatch *b);
/* Removes temporary files a killed batch left beside the corpus files. */
void qk_batch_clean_temps(QkBatch *b);
/* --resume: marks skipped the pending items whose folder is complete and
 * was made from the same bytes. */
void qk_batch_mark_unchanged(QkBatch *b);

G_END_DECLS

#endif
