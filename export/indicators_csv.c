/*
 * indicators_csv.c — indicators.csv: every indicator table in tidy form, one
 * row per indicator × region × measure.
 *
 * Layout of a statistics table: column 0 names the indicator; the first
 * header row names regions (cells spanning their measures), the last header
 * row names measures (累计完成, 同比增长(%)). With one header row its cells
 * are measures and the region is empty.
 */
#include "exporters.h"
#include "export.h"

#include <string.h>

static const char *cell_text(const QkCell *c)
{
	return c && c->text && c->text->text ? c->text->text : "";
}

/* A column that states the unit (单位, 计量单位) holds no values. */
static gboolean is_unit_column(QkCell **grid, const QkTable *t, int col)
{
	for (int r = 0; r < t->header_rows && r < t->rows; r++) {
		const char *s = cell_text(grid[(gsize)r * t->cols + col]);
		if (strstr(s, "单位"))
			return TRUE;
	}
	return FALSE;
}

static const QkIndicator *indicator_for_row(const QkTable *t, int row)
{
	for (guint i = 0; t->indicators && i < t->indicators->len; i++) {
		const QkIndicator *ind = g_ptr_array_index(t->indicators, i);
		if (ind->row == row && ind->col < 0)
			return ind;
	}
	return NULL;
}

/* The unit of row r: own (from the indicator's name) when set, else the
 * row's cell in a 单位 column, else the table's unit line. */
static const char *row_unit(QkCell **grid, const QkTable *t, int r, const char *own)
{
	for (int k = 1; !own && k < t->cols; k++)
		if (is_unit_column(grid, t, k) && *cell_text(grid[(gsize)r * t->cols + k]))
			own = cell_text(grid[(gsize)r * t->cols + k]);
	return own ? own : t->unit;
}

/* One row of indicators.csv. */
static void tidy_row(QkCsv *csv, const QkTable *t, const char *period, const char *name,
                     const char *unit, const char *region, const char *measure,
                     const QkCell *c, const char *parent, const char *column)
{
	qk_csv_str(csv, t->id);
	qk_csv_str(csv, period);
	qk_csv_str(csv, name);
	qk_csv_str(csv, unit);
	qk_csv_str(csv, region);
	qk_csv_str(csv, measure);
	qk_csv_str(csv, cell_text(c));
	qk_csv_num(csv, c && c->has_value && !c->missing, c ? c->value : 0);
	qk_csv_str(csv, parent);
	qk_csv_str(csv, column);
	qk_csv_end(csv);
}

/* Regions down the rows (normalize's column indicators): each body row's
 * label is the region, each indicator column a value; the measure is the
 * column's bottom header cell when it is not the indicator's own. */
static gboolean export_regions(QkCsv *csv, const QkTable *t, QkCell **grid)
{
	gboolean any = FALSE;
	int hr = MIN(t->header_rows, t->rows);
	for (guint i = 0; t->indicators && i < t->indicators->len; i++) {
		const QkIndicator *ind = g_ptr_array_index(t->indicators, i);
		if (ind->col < 0 || ind->col >= t->cols)
			continue;
		any = TRUE;
		int k = ind->col;
		const QkCell *top = grid[k], *bottom = grid[(gsize)(hr - 1) * t->cols + k];
		char *column = qk_export_column_name(t, grid, k);
		for (int r = hr; r < t->rows; r++) {
			const QkCell *label = grid[(gsize)r * t->cols];
			const QkCell *c = grid[(gsize)r * t->cols + k];
			if (!*cell_text(label) || (c && c->col < 1))
				continue;
			tidy_row(csv, t, ind->period ? ind->period : t->period, ind->name,
			         row_unit(grid, t, r, ind->unit), cell_text(label),
			         bottom != top ? cell_text(bottom) : NULL, c, NULL, column);
		}
		g_free(column);
	}
	return any;
}

/* Without normalize's indicators, a data row whose first cell names
 * something and that has at least one other non-empty cell is one. */
static gboolean raw_indicator_row(QkCell **grid, const QkTable *t, int row)
{
	const QkCell *first = grid[(gsize)row * t->cols];
	if (!*cell_text(first))
		return FALSE;
	for (int k = 1; k < t->cols; k++) {
		const QkCell *c = grid[(gsize)row * t->cols + k];
		if (c != first && *cell_text(c))
			return TRUE;
	}
	return FALSE;
}

static void export_table(QkCsv *csv, const QkTable *t)
{
	if (t->header_rows <= 0 || t->cols < 2)
		return;
	QkCell **grid = qk_export_table_grid(t, NULL);
	if (!grid)
		return;
	if (export_regions(csv, t, grid)) {
		g_free(grid);
		return;
	}
	gboolean have_inds = t->indicators && t->indicators->len > 0;
	int hr = MIN(t->header_rows, t->rows);
	for (int r = hr; r < t->rows; r++) {
		const QkIndicator *ind = indicator_for_row(t, r);
		/* a group's heading (流动资产：) holds no values: it is only a parent */
		if (have_inds ? !ind || !raw_indicator_row(grid, t, r) : !raw_indicator_row(grid, t, r))
			continue;
		const char *name = ind && ind->name ? ind->name
		                   : cell_text(grid[(gsize)r * t->cols]);
		const char *unit = row_unit(grid, t, r, ind ? ind->unit : NULL);
		const char *period = ind && ind->period ? ind->period : t->period;
		const QkIndicator *up = ind && ind->parent >= 0 ? indicator_for_row(t, ind->parent)
		                        : NULL;
		for (int k = 1; k < t->cols; k++) {
			const QkCell *c = grid[(gsize)r * t->cols + k];
			if (c && c->col < 1)  /* the name cell spanning into here */
				continue;
			if (is_unit_column(grid, t, k))
				continue;
			const QkCell *top = grid[k];
			const QkCell *bottom = grid[(gsize)(hr - 1) * t->cols + k];
			const char *region = hr >= 2 && top != bottom ? cell_text(top) : "";
			char *column = qk_export_column_name(t, grid, k);
			tidy_row(csv, t, period, name, unit, region, cell_text(bottom), c,
			         up ? up->name : NULL, column);
			g_free(column);
		}
	}
	g_free(grid);
}

void qk_export_indicators_csv(const QkIssue *issue, QkCsv *csv)
{
	qk_csv_row(csv, qk_export_columns("indicators.csv"));
	for (guint i = 0; issue->tables && i < issue->tables->len; i++)
		export_table(csv, g_ptr_array_index(issue->tables, i));
}
