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

G_END_DECLS

#endif
