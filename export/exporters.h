/*
 * exporters.h — the export stage's per-file writers (internal to export/,
 * exposed for the tests). Each builds one file's bytes from the model; the
 * driver (export.c) decides where they go.
 */
#ifndef QK_EXPORTERS_H
#define QK_EXPORTERS_H

#include "model.h"
#include "csvout.h"

G_BEGIN_DECLS

/* Guard: a table grid larger than this is refused (hostile model). */
#define QK_EXPORT_MAX_CELLS (1u << 22)

/* "a;b;c" (caller frees); "" for none. */
char *qk_export_join_authors(const GPtrArray *authors);
/* The file name (without extension) for an article's or table's id: the id
 * itself when it is 1 to 100 characters of [A-Za-z0-9._-] not starting with
 * a dot; otherwise its first 64 characters with the others made '_', a '~'
 * and 16 hex digits of the id's SHA-256. A name already in taken (compared
 * ignoring case) is hashed again with the occurrence, so the names of one
 * folder are unique; the lower-cased name is added to taken. Caller frees. */
char *qk_export_file_name(const char *id, GHashTable *taken);
/* Printed label of a PDF page, NULL when none. */
const char *qk_export_page_label(const QkIssue *issue, int pdf_page);

/* The issue's CSV files are written into a writer (qk_csv_new's in
 * memory, or one streaming to the file: export.c) by these. */
typedef void (*QkExportFill)(const QkIssue *issue, QkCsv *csv);
/* fill's file in memory. */
QkCsv *qk_export_csv_of(QkExportFill fill, const QkIssue *issue);

/* toc.csv */
void qk_export_toc_csv(const QkIssue *issue, QkCsv *csv);

/* articles.csv and articles/<id>.txt */
/* Whether a paragraph belongs to the article's running text. */
gboolean qk_export_para_in_text(const QkPara *para);
/* The text column: paragraphs joined by "\n" (caller frees). */
char *qk_export_article_text(const QkArticle *art);
void qk_export_articles_csv(const QkIssue *issue, QkCsv *csv);
/* kicker?, title, subtitle?, byline?, blank line, body (caller frees). */
char *qk_export_article_txt(const QkArticle *art);

/* tables.csv and tables/<id>.csv */
/* rows*cols slots, each the cell covering it (borrowed) or NULL; NULL
 * with error when the table is too large or its shape is invalid. Caller
 * frees the array with g_free. */
QkCell **qk_export_table_grid(const QkTable *t, GError **error);
void qk_export_tables_csv(const QkIssue *issue, QkCsv *csv);
QkCsv *qk_export_table_grid_csv(const QkTable *t, GError **error);
/* The flattened name of column col: its header cells top to bottom, each
 * once, joined by "/" (全市/累计完成); "" without header rows. grid as
 * from qk_export_table_grid. Caller frees. */
char *qk_export_column_name(const QkTable *t, QkCell **grid, int col);
/* tables/<id>.columns.csv: col, name for every column. */
QkCsv *qk_export_table_columns_csv(const QkTable *t, GError **error);

/* indicators.csv */
void qk_export_indicators_csv(const QkIssue *issue, QkCsv *csv);

/* quantities.csv */
/* Whether an annotation kind is a measured amount (not a date, a period or
 * an ordinal). */
gboolean qk_export_annot_is_quantity(const QkAnnot *a);
void qk_export_quantities_csv(const QkIssue *issue, QkCsv *csv);

G_END_DECLS

#endif
