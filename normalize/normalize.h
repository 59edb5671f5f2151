/*
 * normalize.h — the normalize stage: annotates the model's text with numbers,
 * quantities, dates, periods and canonical section names. It never alters
 * QkText.text; it sets QkText.norm and adds QkAnnot entries.
 */
#ifndef QK_NORMALIZE_H
#define QK_NORMALIZE_H

#include "model.h"

G_BEGIN_DECLS

typedef struct {
	const char *units_file;    /* extra units (same format as data/units.tsv) */
	const char *sections_file; /* extra section names (as data/sections.txt) */
} QkNormalizeOptions;

/* Annotates the whole model (articles, TOC, tables, meta) and sets
 * issue->normalized. Idempotent: old annotations are replaced. opts may be
 * NULL. FALSE + error when a data file cannot be read. */
gboolean qk_normalize_issue(QkIssue *issue, const QkNormalizeOptions *opts,
                            GError **error);

/* The normalizer itself: data files read and patterns compiled (about
 * 1.5 ms, most of it PCRE2's JIT), which a pipeline can do while it reads
 * or extracts the issue, on another thread. One thread at a time uses it;
 * it serves any number of issues. NULL + error as qk_normalize_issue. */
typedef struct QkNormalizer QkNormalizer;
QkNormalizer *qk_normalizer_new(const QkNormalizeOptions *opts, GError **error);
void qk_normalizer_free(QkNormalizer *n);

/* qk_normalize_issue with a normalizer made before. */
void qk_normalize_issue_with(QkNormalizer *n, QkIssue *issue);
/* The same on up to threads threads (the articles' texts and the tables
 * shared among them); the model comes out the same for any number. n is
 * used by the calling thread only: the others get views of it. */
void qk_normalize_issue_threads(QkNormalizer *n, QkIssue *issue, int threads);
/* How many of threads are worth giving normalize for an extracted issue: 1
 * when it holds little text. */
int qk_normalize_threads_for(const QkIssue *issue, int threads);
/* Whether an extracted issue holds more text than a cover's few lines:
 * what its normalize scans needs the units and the quantity and date
 * patterns (qk_normalizer_ready). */
gboolean qk_normalize_scans(const QkIssue *issue);
/* Compiles the normalizer's patterns now rather than when they first have
 * text to scan, e.g. on a thread of its own while the issue is still being
 * structured. One thread at a time, as any use of the normalizer. */
void qk_normalizer_jit_all(QkNormalizer *n);
/* A normalizer built without user data files leaves what only its scans
 * need (the units, the quantity and date patterns: 1.6 M instructions of
 * 2.1 M) for its first scan, which a cover's normalize never makes; this
 * loads it now, e.g. on a thread of its own while the issue is structured.
 * Done by qk_normalizer_jit_all too. One thread at a time. */
void qk_normalizer_ready(QkNormalizer *n);

G_END_DECLS

#endif
