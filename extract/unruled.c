/*
 * unruled.c — tables printed without rules: several consecutive lines whose
 * runs (glyphs split at wide gaps) hold two or more numbers each and line up
 * in columns. Columns come from the x ranges of the runs in those lines;
 * the lines just above whose runs fall inside the table are the header, a
 * header run covering several columns spans them.
 */
#include <math.h>
#include <string.h>
#include "tables.h"

#define GAP_EM 0.9        /* a gap wider than this (× glyph size) separates cells */
#define ROW_GAP_EM 2.6    /* table lines are at most this far apart (centre to centre) */
#define MIN_DATA_ROWS 3
#define MAX_HEADER_ROWS 3

typedef struct {
	GPtrArray *runs;    /* borrowed QkRun*, left to right */
	double cy, size;
	int nums;
	double nx0, nx1;    /* x range of its numeric runs */
} Row;

typedef struct {
	double x0, x1;      /* extent of the column's runs */
	double b0, b1;      /* its cell: halfway to the neighbours */
} Col;

static int cmp_double(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_col(gconstpointer a, gconstpointer b)
{
	const Col *x = a, *y = b;
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static GArray *make_rows(GPtrArray *runs)
{
	GArray *rows = g_array_new(FALSE, TRUE, sizeof(Row));
	for (guint i = 0; i < runs->len;) {
		QkRun *a = g_ptr_array_index(runs, i);
		Row row = { g_ptr_array_new(), (a->box.y0 + a->box.y1) / 2, 0, 0,
		            G_MAXDOUBLE, -G_MAXDOUBLE };
		guint j = i;
		for (; j < runs->len; j++) {
			QkRun *b = g_ptr_array_index(runs, j);
			if (b->line != a->line)
				break;
			g_ptr_array_add(row.runs, b);
			row.size = MAX(row.size, b->size);
			if (b->numeric) {
				row.nums++;
				row.nx0 = MIN(row.nx0, b->box.x0);
				row.nx1 = MAX(row.nx1, b->box.x1);
			}
		}
		g_array_append_val(rows, row);
		i = j;
	}
	return rows;
}

static void free_rows(GArray *rows)
{
	for (guint i = 0; i < rows->len; i++)
		g_ptr_array_unref(g_array_index(rows, Row, i).runs);
	g_array_unref(rows);
}

/* Does any run of the row reach into [x0, x1]? */
static gboolean overlaps(const Row *row, double x0, double x1)
{
	for (guint k = 0; k < row->runs->len; k++) {
		const QkRun *u = g_ptr_array_index(row->runs, k);
		if (u->box.x1 > x0 && u->box.x0 < x1)
			return TRUE;
	}
	return FALSE;
}

static gboolean inside(const QkRun *r, double x0, double x1)
{
	return r->box.x0 >= x0 && r->box.x1 <= x1;
}

/* Each column's cell reaches halfway to its neighbours. */
static void set_bounds(GArray *cols, double size)
{
	int n = (int)cols->len;
	for (int c = 0; c < n; c++) {
		Col *col = &g_array_index(cols, Col, c);
		col->b0 = c == 0 ? col->x0 - size : (g_array_index(cols, Col, c - 1).x1 + col->x0) / 2;
		col->b1 = c == n - 1 ? col->x1 + size
		                     : (col->x1 + g_array_index(cols, Col, c + 1).x0) / 2;
	}
}

/* Columns a run covers: those whose cell it overlaps by a quarter of its
 * own width or half of the cell's. Returns FALSE when it covers none. */
static gboolean run_cols(const QkRun *r, GArray *cols, int *c0, int *c1)
{
	*c0 = -1;
	*c1 = -1;
	double w = r->box.x1 - r->box.x0;
	int best = -1;
	double best_ov = 0;
	for (guint c = 0; c < cols->len; c++) {
		const Col *col = &g_array_index(cols, Col, c);
		double ov = MIN(r->box.x1, col->b1) - MAX(r->box.x0, col->b0);
		if (ov <= 0)
			continue;
		if (ov > best_ov) {
			best_ov = ov;
			best = (int)c;
		}
		if (ov >= 0.25 * w || ov >= 0.5 * (col->b1 - col->b0)) {
			if (*c0 < 0)
				*c0 = (int)c;
			*c1 = (int)c;
		}
	}
	if (*c0 < 0 && best >= 0)
		*c0 = *c1 = best;
	return *c0 >= 0;
}

typedef struct {
	GString *text;
	int c0, c1;
	int rowspan;
	gboolean down;      /* printed between header lines: spans down */
	GArray *glyphs;     /* of guint */
} HCell;

static void append_run(GString *s, GArray *glyphs, const QkRun *r)
{
	qk_text_join(s, r->text);
	g_array_append_vals(glyphs, r->idx->data, r->idx->len);
}

/* Builds the table for the data rows listed in block (indices into rows). */
static QkTable *build(QkGlyphPage *gp, GArray *rows, GArray *block)
{
	guint nd = block->len;
#define DROW(k) (&g_array_index(rows, Row, g_array_index(block, guint, (k))))
	/* numeric x range of the block */
	double X0 = G_MAXDOUBLE, X1 = -G_MAXDOUBLE, size = 0;
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		X0 = MIN(X0, r->nx0);
		X1 = MAX(X1, r->nx1);
		size = MAX(size, r->size);
	}
	/* the label column: the run nearest to the numbers on their left */
	GArray *lx = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		QkRun *best = NULL;
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			if (u->box.x1 <= X0 && !u->numeric && (!best || u->box.x1 > best->box.x1))
				best = u;
		}
		if (best)
			g_array_append_val(lx, best->box.x0);
	}
	double L = X0;
	if (lx->len * 2 >= nd) {
		g_array_sort(lx, cmp_double);
		L = g_array_index(lx, double, lx->len / 2) - 2 * size;
	}
	g_array_unref(lx);
	double R = X1 + size;

	/* columns: x ranges of the data runs, merged where they overlap */
	GArray *cols = g_array_new(FALSE, FALSE, sizeof(Col));
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			if (!inside(u, L, R))
				continue;
			Col c = { u->box.x0, u->box.x1, 0, 0 };
			g_array_append_val(cols, c);
		}
	}
	g_array_sort(cols, cmp_col);
	GArray *merged = g_array_new(FALSE, FALSE, sizeof(Col));
	for (guint k = 0; k < cols->len; k++) {
		Col *c = &g_array_index(cols, Col, k);
		Col *last = merged->len ? &g_array_index(merged, Col, merged->len - 1) : NULL;
		if (last && c->x0 < last->x1)
			last->x1 = MAX(last->x1, c->x1);
		else
			g_array_append_val(merged, *c);
	}
	g_array_unref(cols);
	cols = merged;
	QkTable *t = NULL;
	int ncol = (int)cols->len;
	if (ncol < 3)
		goto out;
	set_bounds(cols, size);
	double TX0 = g_array_index(cols, Col, 0).b0, TX1 = g_array_index(cols, Col, ncol - 1).b1;

	/* header: lines just above the numbers, inside the table's width */
	GPtrArray *hrows = g_ptr_array_new();    /* of Row*, bottom to top */
	double below = DROW(0)->cy;
	for (int i = (int)g_array_index(block, guint, 0) - 1; i >= 0 && hrows->len < MAX_HEADER_ROWS; i--) {
		Row *r = &g_array_index(rows, Row, i);
		if (below - r->cy > ROW_GAP_EM * MAX(size, r->size))
			break;
		if (!overlaps(r, TX0, TX1))
			continue;
		int in = 0, out = 0, nums = 0;
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			if (inside(u, TX0 - size, TX1 + size)) {
				in++;
				nums += u->numeric;
			} else if (u->box.x1 > TX0 && u->box.x0 < TX1) {
				out++;   /* straddles the table edge: running text */
			}
		}
		if (in == 0 || out > 0 || nums > 0)
			break;
		/* a lone run is a header only in the label column (a cell spanning
		 * the header rows); a lone centred run is the title */
		if (in == 1) {
			QkRun *u = NULL;
			for (guint k = 0; k < r->runs->len && !u; k++)
				if (inside(g_ptr_array_index(r->runs, k), TX0 - size, TX1 + size))
					u = g_ptr_array_index(r->runs, k);
			if (u->box.x0 > g_array_index(cols, Col, 0).b1)
				break;
		}
		g_ptr_array_add(hrows, r);
		below = r->cy;
	}
	/* a lone label-column run between two header lines belongs to the upper
	 * one and spans down (项目 centred beside a two-line header) */
	int H = 0;
	GHashTable *between = g_hash_table_new(NULL, NULL);
	GPtrArray *levels = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	for (int i = (int)hrows->len - 1; i >= 0; i--) {
		Row *r = g_ptr_array_index(hrows, i);
		GPtrArray *lv = g_ptr_array_new();
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			if (inside(u, TX0 - size, TX1 + size))
				g_ptr_array_add(lv, u);
		}
		if (lv->len == 1 && levels->len > 0 && i > 0) {
			GPtrArray *up = g_ptr_array_index(levels, levels->len - 1);
			g_ptr_array_add(up, g_ptr_array_index(lv, 0));
			g_hash_table_add(between, g_ptr_array_index(lv, 0));
			g_ptr_array_unref(lv);
			continue;
		}
		g_ptr_array_add(levels, lv);
	}
	H = (int)levels->len;
	/* a single header line of one run is more likely a caption */
	if (H == 1 && ((GPtrArray *)g_ptr_array_index(levels, 0))->len < 2) {
		g_ptr_array_set_size(levels, 0);
		H = 0;
	}

	/* The lowest header line names single columns: its runs widen their
	 * columns (numbers are right-aligned, headings centred), so that a
	 * heading above, centred over two columns, covers both. */
	if (H > 0) {
		GPtrArray *lv = g_ptr_array_index(levels, H - 1);
		for (guint k = 0; k < lv->len; k++) {
			QkRun *u = g_ptr_array_index(lv, k);
			int c0, c1;
			if (run_cols(u, cols, &c0, &c1) && c0 == c1) {
				Col *col = &g_array_index(cols, Col, c0);
				col->x0 = MIN(col->x0, u->box.x0);
				col->x1 = MAX(col->x1, u->box.x1);
			}
		}
		set_bounds(cols, size);
	}

	int nrows = H + (int)nd;
	t = qk_table_new();
	t->page = t->last_page = gp->index;
	t->ruled = FALSE;
	t->rows = nrows;
	t->cols = ncol;
	t->header_rows = H;
	QkBox bb = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

	/* header cells */
	HCell **occ = g_new0(HCell *, (gsize)MAX(H, 1) * ncol);
	GPtrArray *hcells = g_ptr_array_new();
	for (int h = 0; h < H; h++) {
		GPtrArray *lv = g_ptr_array_index(levels, h);
		for (guint k = 0; k < lv->len; k++) {
			QkRun *u = g_ptr_array_index(lv, k);
			int c0, c1;
			if (!run_cols(u, cols, &c0, &c1))
				continue;
			bb.x0 = MIN(bb.x0, u->box.x0);
			bb.y0 = MIN(bb.y0, u->box.y0);
			bb.x1 = MAX(bb.x1, u->box.x1);
			bb.y1 = MAX(bb.y1, u->box.y1);
			HCell *hc = NULL;
			for (int c = c0; c <= c1 && !hc; c++)
				hc = occ[h * ncol + c];
			if (!hc) {
				hc = g_new0(HCell, 1);
				hc->text = g_string_new(NULL);
				hc->glyphs = g_array_new(FALSE, FALSE, sizeof(guint));
				hc->c0 = c0;
				hc->c1 = c1;
				hc->rowspan = 1;
				g_ptr_array_add(hcells, hc);
			}
			hc->c0 = MIN(hc->c0, c0);
			hc->c1 = MAX(hc->c1, c1);
			append_run(hc->text, hc->glyphs, u);
			hc->down = hc->down || g_hash_table_contains(between, u);
			for (int c = hc->c0; c <= hc->c1; c++)
				occ[h * ncol + c] = hc;
		}
	}
	/* spans down: a header cell printed between lines extends over the
	 * empty header cells below it */
	for (int h = 0; h < H; h++)
		for (int c = 0; c < ncol; c++) {
			HCell *hc = occ[h * ncol + c];
			if (!hc || !hc->down || hc->c0 != c || (h > 0 && occ[(h - 1) * ncol + c] == hc))
				continue;
			for (int d = h + 1; d < H; d++) {
				gboolean free_ = TRUE;
				for (int k = hc->c0; k <= hc->c1; k++)
					free_ = free_ && !occ[d * ncol + k];
				if (!free_)
					break;
				for (int k = hc->c0; k <= hc->c1; k++)
					occ[d * ncol + k] = hc;
				hc->rowspan++;
			}
		}
	for (int h = 0; h < H; h++)
		for (int c = 0; c < ncol; c++) {
			HCell *hc = occ[h * ncol + c];
			if (!hc) {
				QkCell *cell = qk_cell_new(h, c, 1, 1, "");
				cell->header = TRUE;
				g_ptr_array_add(t->cells, cell);
				continue;
			}
			if (hc->c0 != c || (h > 0 && occ[(h - 1) * ncol + c] == hc))
				continue;
			char *text = qk_tables_glyph_text(gp, hc->glyphs);
			QkCell *cell = qk_cell_new(h, c, hc->rowspan, hc->c1 - hc->c0 + 1, text);
			g_free(text);
			cell->header = TRUE;
			g_ptr_array_add(t->cells, cell);
			for (guint g = 0; g < hc->glyphs->len; g++)
				g_array_index(gp->glyphs, QkGlyph, g_array_index(hc->glyphs, guint, g)).used = TRUE;
		}
	for (guint i = 0; i < hcells->len; i++) {
		HCell *hc = g_ptr_array_index(hcells, i);
		g_string_free(hc->text, TRUE);
		g_array_unref(hc->glyphs);
		g_free(hc);
	}
	g_ptr_array_unref(hcells);
	g_free(occ);

	/* data rows: one cell per column, empty where nothing is printed */
	GArray **cell_glyphs = g_new0(GArray *, ncol);
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			int c0, c1;
			if (!inside(u, TX0 - size, TX1 + size) || !run_cols(u, cols, &c0, &c1))
				continue;
			if (!cell_glyphs[c0])
				cell_glyphs[c0] = g_array_new(FALSE, FALSE, sizeof(guint));
			g_array_append_vals(cell_glyphs[c0], u->idx->data, u->idx->len);
			bb.x0 = MIN(bb.x0, u->box.x0);
			bb.y0 = MIN(bb.y0, u->box.y0);
			bb.x1 = MAX(bb.x1, u->box.x1);
			bb.y1 = MAX(bb.y1, u->box.y1);
		}
		for (int c = 0; c < ncol; c++) {
			char *text = cell_glyphs[c] ? qk_tables_glyph_text(gp, cell_glyphs[c]) : g_strdup("");
			g_ptr_array_add(t->cells, qk_cell_new(H + (int)i, c, 1, 1, text));
			g_free(text);
			if (cell_glyphs[c]) {
				for (guint g = 0; g < cell_glyphs[c]->len; g++)
					g_array_index(gp->glyphs, QkGlyph,
					              g_array_index(cell_glyphs[c], guint, g)).used = TRUE;
				g_array_unref(cell_glyphs[c]);
				cell_glyphs[c] = NULL;
			}
		}
	}
	g_free(cell_glyphs);
	t->bbox = bb;
	g_ptr_array_unref(levels);
	g_ptr_array_unref(hrows);
	g_hash_table_unref(between);
out:
	g_array_unref(cols);
	return t;
#undef DROW
}

void qk_tables_find_unruled(QkGlyphPage *gp, GPtrArray *out)
{
	GPtrArray *runs = qk_tables_runs(gp, NULL, GAP_EM);
	GArray *rows = make_rows(runs);
	guint i = 0;
	while (i < rows->len) {
		Row *a = &g_array_index(rows, Row, i);
		if (a->nums < 2) {
			i++;
			continue;
		}
		/* extend the block while lines follow closely with numbers in the
		 * same x range */
		GArray *block = g_array_new(FALSE, FALSE, sizeof(guint));
		g_array_append_val(block, i);
		double nx0 = a->nx0, nx1 = a->nx1;
		guint j = i + 1;
		for (; j < rows->len; j++) {
			Row *p = &g_array_index(rows, Row, g_array_index(block, guint, block->len - 1));
			Row *n = &g_array_index(rows, Row, j);
			if (n->cy - p->cy > ROW_GAP_EM * MAX(p->size, n->size))
				break;
			if (!overlaps(n, nx0, nx1))
				continue;   /* a line of a neighbouring text column */
			if (n->nums < 2 || n->nx1 < nx0 || n->nx0 > nx1)
				break;
			nx0 = MIN(nx0, n->nx0);
			nx1 = MAX(nx1, n->nx1);
			g_array_append_val(block, j);
		}
		if (block->len >= MIN_DATA_ROWS) {
			QkTable *t = build(gp, rows, block);
			if (t)
				g_ptr_array_add(out, t);
			i = g_array_index(block, guint, block->len - 1) + 1;
		} else {
			i++;
		}
		g_array_unref(block);
	}
	free_rows(rows);
	g_ptr_array_unref(runs);
}
