/*
 * csvout.h — CSV writing and reading on top of libcsv, shared by the
 * exporters and the batch driver.
 *
 * Output: UTF-8 without BOM, records end with "\n", a field is quoted (by
 * libcsv's csv_write, RFC 4180 doubling of quotes) only when it holds a
 * comma, a quote or a line break. NULL strings and unknown numbers are
 * written as empty fields. Numbers never depend on the locale.
 */
#ifndef QK_CSVOUT_H
#define QK_CSVOUT_H

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct QkCsv QkCsv;

/* A writer that collects the whole file in memory (qk_csv_save writes it). */
QkCsv *qk_csv_new(void);
/* A writer that streams to path through a temporary file in the same
 * folder; qk_csv_commit renames it into place, qk_csv_free without a commit
 * removes it. For corpus files that may not fit comfortably in memory. */
QkCsv *qk_csv_open_stream(const char *path, GError **error);
void qk_csv_free(QkCsv *csv);

/* Appends one field to the current record. */
void qk_csv_str(QkCsv *csv, const char *s);
void qk_csv_int(QkCsv *csv, long v);
/* An int that is unknown when <= 0 (page numbers): empty field then. */
void qk_csv_pos(QkCsv *csv, long v);
/* A number formatted with "%.15g" (39000, 3.9, -0.5); empty when !known. */
void qk_csv_num(QkCsv *csv, gboolean known, double v);
/* Ends the current record. */
void qk_csv_end(QkCsv *csv);
/* Writes a whole record of strings; names is NULL-terminated. */
void qk_csv_row(QkCsv *csv, const char *const *fields);

/* In-memory writer: the bytes so far (borrowed). */
const char *qk_csv_data(const QkCsv *csv, gsize *len_out);
/* In-memory writer: writes the bytes atomically to path. */
gboolean qk_csv_save(const QkCsv *csv, const char *path, GError **error);
/* Streaming writer: flushes, syncs and renames into place. */
gboolean qk_csv_commit(QkCsv *csv, GError **error);
/* The same, synced only when it replaces a file (as g_file_set_contents):
 * for a file of a folder that is installed as a whole. */
gboolean qk_csv_commit_unsynced(QkCsv *csv, GError **error);
/* A UTF-8 byte order mark, before the first record. */
void qk_csv_bom(QkCsv *csv);

/* Formats a number the way the CSV files do, into buf (at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes). Returns buf. */
char *qk_csv_format_num(char *buf, double v);

/* Parses CSV bytes into rows: a GPtrArray of records, each a GPtrArray of
 * NUL-terminated field strings (all owned by the result; free with
 * g_ptr_array_unref). NULL + error when the data is malformed (strict). */
GPtrArray *qk_csv_parse(const char *data, gsize len, GError **error);
/* Same for a file. */
GPtrArray *qk_csv_read_file(const char *path, GError **error);

G_END_DECLS

#endif
