/* csvout.c — CSV writer/reader helpers over libcsv (see csvout.h). */
#include "csvout.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "error.h"
#include "fileio.h"
#include "model.h"

/* A streaming writer hands its buffer to the file beyond this many bytes. */
#define QK_CSV_FLUSH_AT (64 * 1024)

struct QkCsv {
	GString *buf;
	gboolean in_record;  /* a field has been written to the current record */
	/* streaming mode */
	QkAtomicFile *file;
	FILE *fp;           /* the file's stream */
};

QkCsv *qk_csv_new(void)
{
	QkCsv *csv = g_new0(QkCsv, 1);
	csv->buf = g_string_sized_new(4096);
	return csv;
}

QkCsv *qk_csv_open_stream(const char *path, GError **error)
{
	QkAtomicFile *file = qk_atomic_file_new(path, error);
	if (!file)
		return NULL;
	QkCsv *csv = qk_csv_new();
	csv->file = file;
	csv->fp = qk_atomic_file_stream(file);
	return csv;
}

void qk_csv_free(QkCsv *csv)
{
	if (!csv)
		return;
	qk_atomic_file_abort(csv->file);  /* never committed: no file */
	g_string_free(csv->buf, TRUE);
	g_free(csv);
}

/* A failed write is seen by qk_atomic_file_commit (the stream's error). */
static void flush_stream(QkCsv *csv)
{
	if (!csv->fp || csv->buf->len == 0)
		return;
	if (!ferror(csv->fp))
		fwrite(csv->buf->str, 1, csv->buf->len, csv->fp);
	g_string_truncate(csv->buf, 0);
}

/* Quoting is only needed for these bytes, and for outer blanks (which
 * readers such as libcsv trim from unquoted fields); libcsv quotes. */
static gboolean needs_quotes(const char *s, gsize len)
{
	if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	            s[len - 1] == '\t'))
		return TRUE;
	for (gsize i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',' || c == '"' || c == '\n' || c == '\r')
			return TRUE;
	}
	return FALSE;
}

static void append_field(QkCsv *csv, const char *s, gsize len)
{
	/* The files are UTF-8 whatever comes in (file names may not be). */
	char *valid = NULL;
	if (!g_utf8_validate(s, (gssize)len, NULL)) {
		valid = g_utf8_make_valid(s, (gssize)len);
		s = valid;
		len = strlen(valid);
	}
	if (csv->in_record)
		g_string_append_c(csv->buf, ',');
	csv->in_record = TRUE;
	if (!needs_quotes(s, len)) {
		g_string_append_len(csv->buf, s, (gssize)len);
	} else {
		/* room for the worst case (every byte a doubled quote, and the
		 * two around), so that libcsv reads the field once: sizing it
		 * first read it twice (an article's text: 1 M instructions on
		 * a 28-page magazine) */
		gsize at = csv->buf->len;
		g_string_set_size(csv->buf, at + 2 * len + 2);
		size_t wrote = csv_write(csv->buf->str + at, 2 * len + 2, s, len);
		g_string_truncate(csv->buf, at + wrote);
	}
	g_free(valid);
}

void qk_csv_str(QkCsv *csv, const char *s)
{
	if (!s)
		s = "";
	append_field(csv, s, strlen(s));
}

void qk_csv_int(QkCsv *csv, long v)
{
	char buf[32];
	g_snprintf(buf, sizeof buf, "%ld", v);
	qk_csv_str(csv, buf);
}

void qk_csv_pos(QkCsv *csv, long v)
{
	if (v > 0)
		qk_csv_int(csv, v);
	else
		qk_csv_str(csv, NULL);
}

char *qk_csv_format_num(char *buf, double v)
{
	if (v == 0.0)  /* no "-0" */
		v = 0.0;
	return qk_format_value(buf, v);
}

void qk_csv_num(QkCsv *csv, gboolean known, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (!known || !isfinite(v)) {
		qk_csv_str(csv, NULL);
		return;
	}
	qk_csv_str(csv, qk_csv_format_num(buf, v));
}

void qk_csv_end(QkCsv *csv)
{
	g_string_append_c(csv->buf, '\n');
	csv->in_record = FALSE;
	if (csv->fp && csv->buf->len >= QK_CSV_FLUSH_AT)
		flush_stream(csv);
}

void qk_csv_row(QkCsv *csv, const char *const *fields)
{
	for (; *fields; fields++)
		qk_csv_str(csv, *fields);
	qk_csv_end(csv);
}

const char *qk_csv_data(const QkCsv *csv, gsize *len_out)
{
	if (len_out)
		*len_out = csv->buf->len;
	return csv->buf->str;
}

gboolean qk_csv_save(const QkCsv *csv, const char *path, GError **error)
{
	return qk_file_write_atomic(path, csv->buf->str, csv->buf->len, error);
}

static gboolean commit(QkCsv *csv, gboolean sync, GError **error)
{
	g_return_val_if_fail(csv->file != NULL, FALSE);
	flush_stream(csv);
	QkAtomicFile *file = csv->file;
	csv->file = NULL;
	csv->fp = NULL;
	return qk_atomic_file_commit(file, sync, error);
}

gboolean qk_csv_commit(QkCsv *csv, GError **error)
{
	return commit(csv, TRUE, error);
}

gboolean qk_csv_commit_unsynced(QkCsv *csv, GError **error)
{
	return commit(csv, FALSE, error);
}

void qk_csv_bom(QkCsv *csv)
{
	g_string_append(csv->buf, "\xEF\xBB\xBF");
}

/* ---- reading --------------------------------------------------------- */

typedef struct {
	GPtrArray *rows;
	GPtrArray *cur;
} ParseState;

static void on_field(void *s, size_t len, void *data)
{
	ParseState *st = data;
	if (!st->cur)
		st->cur = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(st->cur, g_strndup(s ? s : "", len));
}

static void on_record(int c, void *data)
{
	(void)c;
	ParseState *st = data;
	if (!st->cur)  /* a blank line: libcsv reports no fields */
		return;
	g_ptr_array_add(st->rows, st->cur);
	st->cur = NULL;
}

GPtrArray *qk_csv_parse(const char *data, gsize len, GError **error)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED, "csv_init failed");
		return NULL;
	}
	ParseState st = {
		g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref),
		NULL
	};
	/* a byte-order mark (--csv-bom, or a file saved by Excel) is no data */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	gboolean ok = csv_parse(&p, data, len, on_field, on_record, &st) == len;
	if (ok)
		ok = csv_fini(&p, on_field, on_record, &st) == 0;
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_DATA, "malformed CSV: %s",
		            csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (st.cur)
		g_ptr_array_unref(st.cur);
	if (!ok) {
		g_ptr_array_unref(st.rows);
		return NULL;
	}
	return st.rows;
}

GPtrArray *qk_csv_read_file(const char *path, GError **error)
{
	char *data = NULL;
	gsize len = 0;
	if (!qk_file_read_all(path, 0, &data, &len, error))
		return NULL;
	GError *err = NULL;
	GPtrArray *rows = qk_csv_parse(data, len, &err);
	g_free(data);
	if (!rows)
		g_propagate_prefixed_error(error, err, "%s: ", path);
	return rows;
}
