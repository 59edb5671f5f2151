/* table.c — draws source tables (ruled grids and whitespace-aligned ones)
 * and records them as truth QkTables. */
#include "ts.h"

#define PAD 2.5

typedef struct {
	const TsCell *cell;
	int r, c;
	gboolean header;
	GPtrArray *lines; /* broken text */
} Placed;

/* Places every cell on the grid, skipping slots covered by row spans. */
static GArray *
place_cells(const TsTable *t, int *rows_out, int *cols_out)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(Placed));
	GHashTable *taken = g_hash_table_new(g_direct_hash, g_direct_equal);
	int cols = 0;
	int nrows = (int)t->rows->len;

	for (int r = 0; r < nrows; r++) {
		const TsRow *row = t->rows->pdata[r];
		int c = 0;

		for (guint k = 0; k < row->cells->len; k++) {
			const TsCell *cell = row->cells->pdata[k];
			Placed p = { cell, r, 0, row->header, NULL };

			while (g_hash_table_contains(taken, GINT_TO_POINTER(r * 4096 + c)))
				c++;
			p.c = c;
			for (int dr = 0; dr < cell->rowspan; dr++)
				for (int dc = 0; dc < cell->colspan; dc++)
					g_hash_table_add(taken,
					                 GINT_TO_POINTER((r + dr) * 4096 + c + dc));
			g_array_append_val(out, p);
			c += cell->colspan;
			cols = MAX(cols, c);
		}
	}
	g_hash_table_unref(taken);
	*rows_out = nrows;
	*cols_out = cols;
	return out;
}

void
qk_ts_table_size(const TsTable *t, int *rows, int *cols)
{
	GArray *p = place_cells(t, rows, cols);
	g_array_unref(p);
}

double
qk_ts_table_draw(TsDoc *doc, const TsTable *t, double x, double y,
                 double width, double font_size, gboolean dry_run)
{
	TsFont body = { QK_TS_SERIF, font_size, FALSE };
	TsFont head = { QK_TS_SANS, font_size, TRUE };
	TsFont title_font = { QK_TS_SANS, font_size + 3, TRUE };
	TsFont src_font = { QK_TS_SERIF, font_size, FALSE };
	double line_h = font_size * 1.45;
	int rows, cols;
	GArray *cells = place_cells(t, &rows, &cols);
	double *cw, *rh, *natural, total = 0, y0 = y, gy;
	int header_rows = 0;
	QkTable *qt = NULL;

	if (cols == 0) {
		g_array_unref(cells);
		return 0;
	}
	cw = g_new0(double, cols + 1);
	rh = g_new0(double, rows + 1);
	natural = g_new0(double, cols);
	for (guint i = 0; i < cells->len; i++) {
		Placed *p = &g_array_index(cells, Placed, i);
		if (p->cell->colspan == 1)
			natural[p->c] = MAX(natural[p->c],
			                    qk_ts_text_width(doc, p->header ? &head : &body,
			                                     p->cell->text) + 2 * PAD + 2);
	}
	for (int c = 0; c < cols; c++) {
		natural[c] = MAX(natural[c], font_size * 2 + 2 * PAD);
		total += natural[c];
	}
	for (int c = 0; c < cols; c++) {
		if (total <= width)
			cw[c] = natural[c] + (width - total) / cols;
		else
			cw[c] = width * natural[c] / total;
	}

	for (int r = 0; r < rows; r++) {
		const TsRow *row = t->rows->pdata[r];
		if (!row->header)
			break;
		header_rows++;
	}

	/* Row heights from single-row cells, then stretch for row spans. */
	for (guint i = 0; i < cells->len; i++) {
		Placed *p = &g_array_index(cells, Placed, i);
		double w = 0;
		for (int c = p->c; c < p->c + p->cell->colspan && c < cols; c++)
			w += cw[c];
		p->lines = qk_ts_break(doc, p->header ? &head : &body, p->cell->text,
		                       w - 2 * PAD, 0);
		if (p->lines->len == 0)
			g_ptr_array_add(p->lines, g_strdup(""));
		if (p->cell->rowspan == 1)
			rh[p->r] = MAX(rh[p->r], p->lines->len * line_h + 2 * PAD);
	}
	for (int r = 0; r < rows; r++)
		rh[r] = MAX(rh[r], line_h + 2 * PAD);
	for (guint i = 0; i < cells->len; i++) {
		Placed *p = &g_array_index(cells, Placed, i);
		double need = p->lines->len * line_h + 2 * PAD, have = 0;
		int last = MIN(rows, p->r + p->cell->rowspan) - 1;
		if (p->cell->rowspan == 1)
			continue;
		for (int r = p->r; r <= last; r++)
			have += rh[r];
		if (need > have)
			rh[last] += need - have;
	}

	if (!dry_run) {
		qt = qk_table_new();
		/* ids by drawing order: source ids are only labels and could
		 * clash with the numbers given to tables inside articles */
		qt->id = g_strdup_printf("t%u", doc->truth->tables->len + 1);
		qt->page = qt->last_page = doc->page->index;
		qt->ruled = t->ruled;
		qt->title = g_strdup(t->title);
		qt->source = g_strdup(t->source);
		qt->note = g_strdup(t->note);
		qt->rows = rows;
		qt->cols = cols;
		qt->header_rows = header_rows;
	}

	/* Title, then the source line under it (as the statistics pages do). */
	if (t->title && *t->title) {
		GPtrArray *tl = qk_ts_break(doc, &title_font, t->title, width, 0);
		if (!dry_run)
			qk_ts_block_begin(doc, QK_ROLE_OTHER, &title_font, -1);
		for (guint i = 0; i < tl->len; i++) {
			if (!dry_run)
				qk_ts_draw_aligned(doc, &title_font, tl->pdata[i], x, width, y,
				                   line_h * 1.4, TS_CENTER);
			y += line_h * 1.4;
		}
		g_ptr_array_unref(tl);
	}
	if (t->source && *t->source) {
		if (!dry_run) {
			qk_ts_block_begin(doc, QK_ROLE_SOURCE, &src_font, -1);
			qk_ts_draw_aligned(doc, &src_font, t->source, x, width, y, line_h,
			                   TS_RIGHT);
		}
		y += line_h;
	}
	y += PAD;
	gy = y;

	if (!dry_run) {
		double *cx = g_new0(double, cols + 1), *ry = g_new0(double, rows + 1);

		cx[0] = x;
		for (int c = 0; c < cols; c++)
			cx[c + 1] = cx[c] + cw[c];
		ry[0] = gy;
		for (int r = 0; r < rows; r++)
			ry[r + 1] = ry[r] + rh[r];
		qk_ts_block_begin(doc, QK_ROLE_TABLE, &body, -1);
		for (guint i = 0; i < cells->len; i++) {
			Placed *p = &g_array_index(cells, Placed, i);
			int c1 = MIN(cols, p->c + p->cell->colspan);
			int r1 = MIN(rows, p->r + p->cell->rowspan);
			double bx = cx[p->c], by = ry[p->r];
			double bw = cx[c1] - bx, bh = ry[r1] - by;
			double ty = by + (bh - p->lines->len * line_h) / 2;
			TsAlign al = (p->header || p->c > 0) ? TS_CENTER : TS_LEFT;
			QkCell *qc;

			if (t->ruled) {
				cairo_set_source_rgb(doc->cr, 0, 0, 0);
				cairo_set_line_width(doc->cr, 0.5);
				cairo_rectangle(doc->cr, bx, by, bw, bh);
				cairo_stroke(doc->cr);
			}
			for (guint l = 0; l < p->lines->len; l++) {
				const char *s = p->lines->pdata[l];
				if (*s)
					qk_ts_draw_aligned(doc, p->header ? &head : &body, s,
					                   bx + PAD, bw - 2 * PAD, ty + l * line_h,
					                   line_h, al);
			}
			qc = qk_cell_new(p->r, p->c, p->cell->rowspan, p->cell->colspan,
			                 p->cell->text ? p->cell->text : "");
			qc->header = p->header;
			g_ptr_array_add(qt->cells, qc);
		}
		qk_ts_block_end(doc);
		qt->bbox.x0 = x;
		qt->bbox.y0 = gy;
		qt->bbox.x1 = cx[cols];
		qt->bbox.y1 = ry[rows];
		g_ptr_array_add(doc->truth->tables, qt);
		g_free(cx);
		g_free(ry);
	}
	for (int r = 0; r < rows; r++)
		y += rh[r];

	for (guint i = 0; i < cells->len; i++) {
		Placed *p = &g_array_index(cells, Placed, i);
		if (p->lines)
			g_ptr_array_unref(p->lines);
	}
	g_array_unref(cells);
	g_free(cw);
	g_free(rh);
	g_free(natural);
	return y - y0 + PAD;
}
