/*
 * export.h — the export stage: writes an issue's folder (issue.xml, toc.csv,
 * articles.csv, articles/<id>.txt, tables.csv, tables/<id>.csv,
 * indicators.csv, quantities.csv).
 *
 * The folder is built beside its final place as .<name>.tmp-XXXXXX and
 * moved into place only when complete, every file itself written through a
 * temporary name and a rename, so a reader (or an interrupted run) never
 * sees a half-written folder or file. An existing folder that holds only
 * export files is replaced as a whole; one that holds other files too keeps
 * them, and only the export's own entries are replaced.
 */
#ifndef QK_EXPORT_H
#define QK_EXPORT_H

#include "model.h"

G_BEGIN_DECLS

gboolean qk_export_issue(const QkIssue *issue, const char *dir, GError **error);

/* Whether dir holds every file and folder qk_export_issue writes. */
gboolean qk_export_complete(const char *dir);

/* The header row of one of the CSV files the export writes ("toc.csv",
 * "articles.csv", "tables.csv", "indicators.csv", "quantities.csv"): a
 * NULL-terminated static list, or NULL for another name. */
const char *const *qk_export_columns(const char *file);

/* Removes leftovers of interrupted exports of dir (.<name>.tmp-* and
 * .<name>.old-* beside it). Returns how many were removed. */
int qk_export_clean_stale(const char *dir);

G_END_DECLS

#endif
