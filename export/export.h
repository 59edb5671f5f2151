/*
 * export.h — the export stage: writes an issue's folder (issue.xml, toc.csv,
 * articles.csv, articles/<id>.txt, tables.csv, tables/<id>.csv,
 * indicators.csv, quantities.csv).
 *
 * The folder is built beside its final place as .<name>.tmp-XXXXXX and
 * moved into place only when complete, every file itself written through a
 * temporary name and a rename, so a reader (or an interrupted run) never
 * sees a half-written folder or file.
 *
 * qikan replaces only files it wrote: the folder's .qikan-files lists them.
 * An existing folder holding nothing but listed files is replaced as a
 * whole; into any other folder the files are moved one by one, files of the
 * previous export it no longer writes are removed, every other file is left
 * alone, and a name the export needs that is taken by a file not on the list
 * is an error (nothing moved).
 */
#ifndef QK_EXPORT_H
#define QK_EXPORT_H

#include "model.h"

G_BEGIN_DECLS

/* The list of the files qikan wrote, in the export folder. */
#define QK_EXPORT_LIST ".qikan-files"

typedef struct {
	gboolean mets;   /* also mets.xml and alto/p0001.xml… (archival.h) */
	gboolean xlsx;   /* also issue.xlsx (sheets for the TOC, articles,
	                  * indicators and each table) */
	gboolean csv_bom; /* CSV files begin with a UTF-8 byte-order mark, so
	                   * Excel opens them right on a double-click */
	int threads;      /* more than 1: issue.xml is written on a thread of
	                   * its own beside the other files (0: one thread) */
} QkExportOptions;

/* issue.xlsx at path (xlsx.c). */
gboolean qk_export_xlsx(const QkIssue *issue, const char *path, GError **error);

gboolean qk_export_issue(const QkIssue *issue, const char *dir, GError **error);
/* The same with options (NULL: none). */
gboolean qk_export_issue_with(const QkIssue *issue, const char *dir,
                              const QkExportOptions *opts, GError **error);

/* Whether dir holds every file and folder qk_export_issue writes. */
gboolean qk_export_complete(const char *dir);

/* The files dir's .qikan-files names (relative paths as "articles/a1.txt",
 * sorted; empty without a list). Caller unrefs. */
GPtrArray *qk_export_listed(const char *dir);
/* Whether name is a folder an export makes in an issue folder (articles,
 * tables, alto): there even when empty. */
gboolean qk_export_own_folder(const char *name);

/* The header row of one of the CSV files the export writes ("toc.csv",
 * "articles.csv", "tables.csv", "indicators.csv", "quantities.csv"): a
 * NULL-terminated static list, or NULL for another name. */
const char *const *qk_export_columns(const char *file);

/* Whether a column of those CSV files holds numbers (pages, counts, values):
 * what the workbook writes as numbers and the corpus database declares
 * NUMERIC. */
gboolean qk_export_column_is_numeric(const char *column);

/* Removes leftovers of interrupted exports of dir (.<name>.tmp-XXXXXX and
 * .<name>.old-XXXXXX beside it, exactly), except those a live export holds
 * locked. Returns how many were removed. qk_export_issue calls it. */
int qk_export_clean_stale(const char *dir);

G_END_DECLS

#endif
