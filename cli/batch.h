/*
 * batch.h — `qikan run` over many issues: one worker process per issue (the
 * qikan binary itself, hidden --worker-one mode), up to --jobs at once, so a
 * crash, hang or memory blow-up in one issue cannot take the batch down.
 */
#ifndef QK_BATCH_H
#define QK_BATCH_H

#include <glib.h>
#include "normalize.h"
#include "extract.h"

G_BEGIN_DECLS

/* An issue the batch has done: its name, output folder, input's SHA-256
 * and what the worker counted in it (-1 when not known). */
typedef struct {
	const char *name, *dir, *sha256;
	int pages, articles, tables, warnings;
} QkBatchDone;

typedef struct {
	const char *out_dir;    /* OUT: one folder per issue, corpus files */
	int jobs;               /* workers at once; 0: one per core, at most
	                         * the issues to run */
	int threads;            /* extraction threads per worker; 0: the cores
	                         * shared among the workers running */
	gboolean resume;        /* skip issues done before with unchanged input */
	int shard, shards;      /* --shard K/N: only the inputs of shard K
	                         * (1…N); 0/0: all of them */
	int timeout;            /* seconds per issue, 0: no limit */
	int max_memory;         /* MB of resident memory per worker, 0: no limit */
	const char *password;   /* for encrypted PDFs */
	const char *units;      /* extra units file for normalize */
	const char *sections;   /* extra section names file for normalize */
	gboolean quiet;         /* only failures and the summary */
	gboolean timings;       /* print per-stage times for each issue */
	gboolean review;        /* write OUT/name/review.html too */
	gboolean mets;          /* write OUT/name/mets.xml and alto/ too */
	gboolean xlsx;          /* write OUT/name/issue.xlsx too */
	gboolean csv_bom;       /* CSV files with a UTF-8 byte-order mark */
	/* Called in the batch process for each issue done now, or skipped as
	 * done before (--resume); may be NULL. */
	void (*on_issue)(const QkBatchDone *done, gpointer data);
	gpointer on_issue_data;
	QkOcrMode ocr;          /* which pages are read with OCR */
	const char *ocr_lang;   /* Tesseract models, NULL: the default */
} QkBatchOptions;

/* Expands inputs (files; folders searched recursively for *.pdf), runs the
 * batch and writes OUT/manifest.csv, OUT/issues.csv, OUT/all-articles.csv
 * and OUT/all-indicators.csv. Prints status lines and a summary to stderr.
 * Returns the exit code: 0 all done or skipped, 1 some input failed. */
int qk_batch_run(char **inputs, int n_inputs, const QkBatchOptions *opts);

/* The shard (1…n) of an input whose shard key is key (batchshard.c). */
guint qk_batch_shard_of(const char *key, guint n);
/* Parses "K/N" (1 ≤ K ≤ N ≤ 100000) into *k and *n. */
gboolean qk_batch_parse_shard(const char *s, int *k, int *n);

/* The K/N that OUT/shard.csv records, and (files not NULL) the inputs of
 * the share its last run was given (as the manifest records them; caller
 * unrefs): TRUE with *k = *n = 0 when there is none; FALSE + error when it
 * cannot be read. */
gboolean qk_batch_shard_read(const char *out_dir, int *k, int *n, GPtrArray **files,
                             GError **error);

/* Worker mode: one issue file → OUT/name. Writes one CSV record to stdout
 * (sha256,status,reason,title,year,number,date,pages,articles,tables,
 * warnings) and
 * returns 0 when done, 1 when failed. */
int qk_batch_worker(const char *file, const char *name,
                    const QkBatchOptions *opts);

G_END_DECLS

#endif
