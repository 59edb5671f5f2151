/*
 * export.h — the export stage: writes an issue's folder (issue.xml, toc.csv,
 * articles.csv, articles/NAME.txt, tables.csv, tables/NAME.csv, indicators.csv,
 * quantities.csv). Every file goes through a temporary name and a rename.
 */
#ifndef QK_EXPORT_H
#define QK_EXPORT_H

#include "model.h"

G_BEGIN_DECLS

gboolean qk_export_issue(const QkIssue *issue, const char *dir, GError **error);

G_END_DECLS

#endif
