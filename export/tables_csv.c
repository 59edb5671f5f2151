/* tables_csv.c — tables.csv (one row per table) and tables/<id>.csv (the
 * grid as printed, spanning cells repeated across their span). */
#include "exporters.h"
#include "export.h"

#include "error.h"

QkCell **qk_export_table_grid(const QkTable *t, GError **error)
{
	if (t->rows <= 0 || t->cols <= 0 ||
	    (guint64)t->rows * (guint64)t->cols > QK_EXPORT_MAX_CELLS) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "table %s: unusable grid size %d×%d",
		            t->id ? t->id : "?", t->rows, t->cols);
		return NULL;
	}
	gsize n = (gsize)t->rows * (gsize)t->cols;
	QkCell **grid = g_new0(QkCell *, n);
	for (guint i = 0; t->cells && i < t->cells->len; i++) {
		QkCell *c = g_ptr_array_index(t->cells, i);
		/* Clip spans to the grid (64-bit: a hostile span cannot overflow);
		 * a cell outside it is ignored. */
		gint64 r_end = MIN((gint64)c->row + MAX(c->rowspan, 1), t->rows);
		gint64 k_end = MIN((gint64)c->col + MAX(c->colspan, 1), t->cols);
		for (gint64 r = MAX(c->row, 0); r < r_end; r++)
			for (gint64 k = MAX(c->col, 0); k < k_end; k++)
				if (!grid[r * t->cols + k])
					grid[r * t->cols + k] = c;
	}
	return grid;
}

QkCsv *qk_export_table_grid_csv(const QkTable *t, GError **error)
{
	QkCell **grid = qk_export_table_grid(t, error);
	if (!grid)
		return NULL;
	QkCsv *csv = qk_csv_new();
	for (int r = 0; r < t->rows; r++) {
		for (int k = 0; k < t->cols; k++) {
			const QkCell *c = grid[(gsize)r * t->cols + k];
			/* As printed: the original text, not the normalized one. */
			qk_csv_str(csv, c && c->text ? c->text->text : NULL);
		}
		qk_csv_end(csv);
	}
	g_free(grid);
	return csv;
}

char *qk_export_column_name(const QkTable *t, QkCell **grid, int col)
{
	GString *s = g_string_new(NULL);
	const QkCell *prev = NULL;
	for (int r = 0; r < MIN(t->header_rows, t->rows); r++) {
		const QkCell *c = grid[(gsize)r * t->cols + col];
		if (!c || c == prev || !c->text || !*c->text->text)
			continue;
		prev = c;
		if (s->len)
			g_string_append_c(s, '/');
		g_string_append(s, c->text->text);
	}
	return g_string_free(s, FALSE);
}

QkCsv *qk_export_table_columns_csv(const QkTable *t, GError **error)
{
	QkCell **grid = qk_export_table_grid(t, error);
	if (!grid)
		return NULL;
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, qk_export_columns("tables/<id>.columns.csv"));
	for (int k = 0; k < t->cols; k++) {
		char *name = qk_export_column_name(t, grid, k);
		qk_csv_int(csv, k + 1);
		qk_csv_str(csv, name);
		qk_csv_end(csv);
		g_free(name);
	}
	g_free(grid);
	return csv;
}

void qk_export_tables_csv(const QkIssue *issue, QkCsv *csv)
{
	qk_csv_row(csv, qk_export_columns("tables.csv"));
	for (guint i = 0; issue->tables && i < issue->tables->len; i++) {
		const QkTable *t = g_ptr_array_index(issue->tables, i);
		qk_csv_str(csv, t->id);
		qk_csv_str(csv, t->title);
		qk_csv_str(csv, qk_export_page_label(issue, t->page));
		qk_csv_pos(csv, t->page);
		qk_csv_str(csv, t->source);
		qk_csv_int(csv, t->rows);
		qk_csv_int(csv, t->cols);
		qk_csv_int(csv, t->header_rows);
		qk_csv_str(csv, t->unit);
		qk_csv_end(csv);
	}
}
