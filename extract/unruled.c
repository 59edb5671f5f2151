/*
 * unruled.c — tables printed without rules: several consecutive lines whose
 * runs (glyphs split at wide gaps) hold figures that line up in columns (the
 * first with two or more). Columns come from the x ranges of the runs in
 * those lines; the lines just above whose runs fall inside the table are the
 * header: a heading centred over several columns spans them, one printed
 * between two header lines spans down, a heading or a label wrapped onto a
 * second line joins its first (on an OCR page, a run of the lowest header
 * line across three columns or more is cut at the cells' bounds: OCR glues
 * cells after a full-width mark). Lines of neighbouring text columns are left
 * out, and a "table" whose inner columns hold words (a contents page) is
 * dropped.
 */
#include <math.h>
#include <string.h>
#include "tables.h"

#define GAP_EM QK_TABLES_GAP_EM /* a wider gap separates cells */
#define ROW_GAP_EM 2.6    /* table lines are at most this far apart (centre to centre) */
#define MIN_DATA_ROWS 3
#define MAX_HEADER_ROWS 3
/* On an OCR page a line's size is its ink's height (ocrread.c): a line of
 * figures only is as tall as its digits, which are about this much of
 * the type's em (lining figures, cap height) */
#define OCR_FIGURE_EM 0.7

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

/* The rows of runs (a line each), with their type's size: on an OCR page
 * the height of its figures' ink over OCR_FIGURE_EM when that is more (a
 * line of figures, or of figures and a misread cell, is read as tall as
 * its digits: the mini's statistics table at 150 dpi, rows 17 pt apart
 * read 6.5 pt tall, were 2.6 ems apart and fell apart). */
static GArray *make_rows(GPtrArray *runs, gboolean ocr)
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
				if (ocr)
					row.size = MAX(row.size, (b->box.y1 - b->box.y0) / OCR_FIGURE_EM);
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

/* Counts the row's figures within [x0, x1] (give or take a figure's
 * width) and their x range. */
static int aligned_nums(const Row *row, double x0, double x1, double *ax0, double *ax1)
{
	int n = 0;
	*ax0 = G_MAXDOUBLE;
	*ax1 = -G_MAXDOUBLE;
	for (guint k = 0; k < row->runs->len; k++) {
		const QkRun *u = g_ptr_array_index(row->runs, k);
		double w = u->box.x1 - u->box.x0;
		if (!u->numeric || u->box.x1 < x0 - w || u->box.x0 > x1 + w)
			continue;
		n++;
		*ax0 = MIN(*ax0, u->box.x0);
		*ax1 = MAX(*ax1, u->box.x1);
	}
	return n;
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

/* Column spans of one header line's runs (-1 when a run covers none).
 * The lowest line and the label column go by overlap; a heading on an
 * upper line spans the columns whose centres are nearer to it than to any
 * other heading of its line (it is centred over them), within reach. */
static void level_spans(GPtrArray *lv, GArray *cols, gboolean lowest, int *c0, int *c1)
{
	int ncol = (int)cols->len;
	int *owner = g_new(int, ncol);
	for (int c = 0; c < ncol; c++)
		owner[c] = -1;
	gboolean *parent = g_new0(gboolean, lv->len);
	for (guint k = 0; k < lv->len; k++) {
		if (!run_cols(g_ptr_array_index(lv, k), cols, &c0[k], &c1[k]))
			continue;
		parent[k] = !lowest && c1[k] > 0;
		for (int c = c0[k]; !parent[k] && c <= c1[k]; c++)
			owner[c] = (int)k;
	}
	for (int c = 1; c < ncol; c++) {   /* the label column is nobody's child */
		if (owner[c] >= 0)
			continue;
		const Col *col = &g_array_index(cols, Col, c);
		double cc = (col->b0 + col->b1) / 2, best = G_MAXDOUBLE;
		for (guint k = 0; k < lv->len; k++) {
			const QkRun *u = g_ptr_array_index(lv, k);
			double d = fabs((u->box.x0 + u->box.x1) / 2 - cc);
			if (parent[k] && d < best &&
			    d <= (u->box.x1 - u->box.x0) / 2 + (col->b1 - col->b0)) {
				best = d;
				owner[c] = (int)k;
			}
		}
	}
	for (guint k = 0; k < lv->len; k++) {
		if (!parent[k])
			continue;
		c0[k] = c1[k] = -1;
		for (int c = 0; c < ncol; c++)
			if (owner[c] == (int)k) {
				if (c0[k] < 0)
					c0[k] = c;
				c1[k] = c;
			}
	}
	g_free(owner);
	g_free(parent);
}

/* OCR closes the blank after a full-width mark (ink boxes leave it open
 * in type set solid: ocrplace.c), so the lowest header line's cells can
 * come as one run across the columns (面积（万亩）产值（亿元）存栏（万只）…
 * on the mini's scans). On an OCR page a run of that line over three
 * columns or more is cut at the cells' bounds, at the glyph whose centre
 * passes each, when every piece keeps two glyphs: that line names single
 * columns. The pieces go to made (owning). */
static void split_glued(const QkGlyphPage *gp, Row *r, GArray *cols, GPtrArray *made)
{
	for (guint k = 0; k < r->runs->len; k++) {
		QkRun *u = g_ptr_array_index(r->runs, k);
		int c0, c1;
		if (u->numeric || !run_cols(u, cols, &c0, &c1) || c1 - c0 < 2)
			continue;
		GArray *cut = g_array_new(FALSE, FALSE, sizeof(guint));
		guint from = 0;
		gboolean ok = TRUE;
		for (int c = c0; c < c1 && ok; c++) {
			double bound = g_array_index(cols, Col, c).b1;
			guint at = from;
			while (at < u->idx->len) {
				const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph,
				                                  g_array_index(u->idx, guint, at));
				if ((g->box.x0 + g->box.x1) / 2 >= bound)
					break;
				at++;
			}
			ok = at >= from + 2 && at + 2 <= u->idx->len;
			g_array_append_val(cut, at);
			from = at;
		}
		if (ok) {
			g_ptr_array_remove_index(r->runs, k);
			from = 0;
			for (guint m = 0; m <= cut->len; m++) {
				guint to = m < cut->len ? g_array_index(cut, guint, m) : u->idx->len;
				QkRun *p = qk_tables_run_part(gp, u, from, to);
				g_ptr_array_add(made, p);
				g_ptr_array_insert(r->runs, (gint)(k + m), p);
				from = to;
			}
			k += cut->len;
		}
		g_array_unref(cut);
	}
}

static void unref_glyphs(gpointer a)
{
	if (a)
		g_array_unref(a);
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

/* Columns right of the labels hold numbers, or short words (units): two
 * columns of titles with page numbers (a contents page) are no table. */
static gboolean plausible(const QkTable *t)
{
	for (int c = 1; c < t->cols; c++) {
		int filled = 0, wordy = 0;
		for (guint i = 0; i < t->cells->len; i++) {
			QkCell *cell = g_ptr_array_index(t->cells, i);
			if (cell->col != c || cell->header || !*cell->text->text)
				continue;
			filled++;
			wordy += !qk_tables_is_number(cell->text->text) &&
			         g_utf8_strlen(cell->text->text, -1) > 6;
		}
		if (2 * wordy > filled)
			return FALSE;
	}
	return TRUE;
}

/* Builds the table for the data rows listed in block (indices into rows). */
static QkTable *build(QkGlyphPage *gp, GArray *rows, GArray *block, GPtrArray *made)
{
	guint nd = block->len;
#define DROW(k) (&g_array_index(rows, Row, g_array_index(block, guint, (k))))
	/* x range of the figures that line up with a figure on another line
	 * (a lone number, such as a heading's 2.3 in the next column, does not) */
	double X0 = G_MAXDOUBLE, X1 = -G_MAXDOUBLE, size = 0;
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		size = MAX(size, r->size);
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			gboolean aligned = FALSE;
			for (guint j = 0; j < nd && u->numeric && !aligned; j++) {
				Row *o = DROW(j);
				for (guint m = 0; j != i && m < o->runs->len && !aligned; m++) {
					QkRun *v = g_ptr_array_index(o->runs, m);
					aligned = v->numeric && v->box.x0 < u->box.x1 && v->box.x1 > u->box.x0;
				}
			}
			if (aligned) {
				X0 = MIN(X0, u->box.x0);
				X1 = MAX(X1, u->box.x1);
			}
		}
	}
	if (X1 < X0)
		return NULL;
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
	/* nearly every line has one, else the runs on the left belong to a
	 * neighbouring text column and the first column of figures leads */
	if (lx->len * 5 >= nd * 4) {
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
		if (gp->ocr && hrows->len == 0)
			split_glued(gp, r, cols, made);
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
			if (u->box.x1 > g_array_index(cols, Col, 0).b1 + size)
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
	/* A header cell wrapped onto a second line (累计完 / 成): the lines are
	 * set solid, and each run below sits under a run above in the same
	 * columns. Such a line joins the one above. */
	for (guint k = 0; k + 1 < levels->len;) {
		GPtrArray *up = g_ptr_array_index(levels, k), *lo = g_ptr_array_index(levels, k + 1);
		double up_y1 = -G_MAXDOUBLE, lo_y0 = G_MAXDOUBLE;
		for (guint m = 0; m < up->len; m++)
			if (!g_hash_table_contains(between, g_ptr_array_index(up, m)))
				up_y1 = MAX(up_y1, ((QkRun *)g_ptr_array_index(up, m))->box.y1);
		for (guint m = 0; m < lo->len; m++)
			lo_y0 = MIN(lo_y0, ((QkRun *)g_ptr_array_index(lo, m))->box.y0);
		gboolean wrap = lo_y0 - up_y1 <= 0.3 * size;
		for (guint m = 0; m < lo->len && wrap; m++) {
			int c0, c1, d0, d1;
			gboolean under = FALSE;
			if (!run_cols(g_ptr_array_index(lo, m), cols, &c0, &c1))
				continue;
			for (guint q = 0; q < up->len && !under; q++)
				under = run_cols(g_ptr_array_index(up, q), cols, &d0, &d1) &&
				        d0 <= c0 && c1 <= d1;
			wrap = under;
		}
		if (!wrap) {
			k++;
			continue;
		}
		for (guint m = 0; m < lo->len; m++)
			g_ptr_array_add(up, g_ptr_array_index(lo, m));
		g_ptr_array_remove_index(levels, k + 1);
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

	GArray *consumed = g_array_new(FALSE, FALSE, sizeof(guint));   /* glyphs to mark used */

	/* header cells */
	HCell **occ = g_new0(HCell *, (gsize)MAX(H, 1) * ncol);
	GPtrArray *hcells = g_ptr_array_new();
	for (int h = 0; h < H; h++) {
		GPtrArray *lv = g_ptr_array_index(levels, h);
		int *span0 = g_new(int, lv->len), *span1 = g_new(int, lv->len);
		level_spans(lv, cols, h == H - 1, span0, span1);
		for (guint k = 0; k < lv->len; k++) {
			QkRun *u = g_ptr_array_index(lv, k);
			int c0 = span0[k], c1 = span1[k];
			if (c0 < 0)
				continue;
			qk_box_union(&bb, &u->box);
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
		g_free(span0);
		g_free(span1);
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
			g_array_append_vals(consumed, hc->glyphs->data, hc->glyphs->len);
		}
	for (guint i = 0; i < hcells->len; i++) {
		HCell *hc = g_ptr_array_index(hcells, i);
		g_string_free(hc->text, TRUE);
		g_array_unref(hc->glyphs);
		g_free(hc);
	}
	g_ptr_array_unref(hcells);
	g_free(occ);

	/* A label wrapped onto a line of its own (no figures) between data
	 * lines belongs to the nearest data line's label cell. */
	GArray **wrapped = g_new0(GArray *, nd);
	for (guint ri = g_array_index(block, guint, 0); ri < g_array_index(block, guint, nd - 1); ri++) {
		Row *r = &g_array_index(rows, Row, ri);
		gboolean in_block = FALSE;
		for (guint i = 0; i < nd && !in_block; i++)
			in_block = g_array_index(block, guint, i) == ri;
		if (in_block || r->nums > 0)
			continue;
		guint near = 0;
		for (guint i = 1; i < nd; i++)
			if (fabs(DROW(i)->cy - r->cy) < fabs(DROW(near)->cy - r->cy))
				near = i;
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			int c0, c1;
			if (!inside(u, TX0 - size, g_array_index(cols, Col, 0).b1) ||
			    !run_cols(u, cols, &c0, &c1) || c1 != 0)
				continue;
			if (!wrapped[near])
				wrapped[near] = g_array_new(FALSE, FALSE, sizeof(guint));
			g_array_append_vals(wrapped[near], u->idx->data, u->idx->len);
		}
	}

	/* data rows: one cell per column, empty where nothing is printed */
	GArray **cell_glyphs = g_new0(GArray *, ncol);
	/* each cell's glyphs (NULL for header and empty cells), for the indents */
	GPtrArray *of_cell = g_ptr_array_new_with_free_func(unref_glyphs);
	g_ptr_array_set_size(of_cell, (gint)t->cells->len);
	for (guint i = 0; i < nd; i++) {
		Row *r = DROW(i);
		if (wrapped[i]) {
			cell_glyphs[0] = wrapped[i];
			wrapped[i] = NULL;
		}
		for (guint k = 0; k < r->runs->len; k++) {
			QkRun *u = g_ptr_array_index(r->runs, k);
			int c0, c1;
			if (!inside(u, TX0 - size, TX1 + size) || !run_cols(u, cols, &c0, &c1))
				continue;
			if (!cell_glyphs[c0])
				cell_glyphs[c0] = g_array_new(FALSE, FALSE, sizeof(guint));
			g_array_append_vals(cell_glyphs[c0], u->idx->data, u->idx->len);
			qk_box_union(&bb, &u->box);
		}
		for (int c = 0; c < ncol; c++) {
			char *text = cell_glyphs[c] ? qk_tables_glyph_text(gp, cell_glyphs[c]) : g_strdup("");
			g_ptr_array_add(t->cells, qk_cell_new(H + (int)i, c, 1, 1, text));
			g_free(text);
			if (cell_glyphs[c])
				g_array_append_vals(consumed, cell_glyphs[c]->data, cell_glyphs[c]->len);
			g_ptr_array_add(of_cell, cell_glyphs[c]);
			cell_glyphs[c] = NULL;
		}
	}
	qk_tables_set_indents(t, gp, (GArray *const *)of_cell->pdata);
	g_ptr_array_unref(of_cell);
	g_free(cell_glyphs);
	g_free(wrapped);
	t->bbox = bb;
	if (!plausible(t)) {
		qk_table_free(t);
		t = NULL;
	} else {
		for (guint g = 0; g < consumed->len; g++)
			g_array_index(gp->glyphs, QkGlyph, g_array_index(consumed, guint, g)).used = TRUE;
	}
	g_array_unref(consumed);
	g_ptr_array_unref(levels);
	g_ptr_array_unref(hrows);
	g_hash_table_unref(between);
out:
	g_array_unref(cols);
	return t;
#undef DROW
}

void qk_tables_find_unruled(QkGlyphPage *gp, GPtrArray *given, GPtrArray *out)
{
	GPtrArray *runs = given ? g_ptr_array_ref(given) : qk_tables_runs(gp, NULL, GAP_EM);
	GArray *rows = make_rows(runs, gp->ocr);
	GPtrArray *made = g_ptr_array_new_with_free_func((GDestroyNotify)qk_run_free);
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
		double last_cy = a->cy, last_size = a->size;
		for (guint j = i + 1; j < rows->len; j++) {
			Row *n = &g_array_index(rows, Row, j);
			if (n->cy - last_cy > ROW_GAP_EM * MAX(last_size, n->size))
				break;
			if (!overlaps(n, nx0, nx1)) {
				/* a line of a neighbouring text column, or a label wrapped
				 * onto a line of its own: the latter keeps the block going */
				if (overlaps(n, nx0 - 12 * n->size, nx0)) {
					last_cy = n->cy;
					last_size = n->size;
				}
				continue;
			}
			/* a line with one figure (the others empty) continues it; a
			 * figure far off (a heading number in the next column) does
			 * not widen the block */
			double ax0, ax1;
			if (aligned_nums(n, nx0, nx1, &ax0, &ax1) < 1)
				break;
			nx0 = MIN(nx0, ax0);
			nx1 = MAX(nx1, ax1);
			last_cy = n->cy;
			last_size = n->size;
			g_array_append_val(block, j);
		}
		if (block->len >= MIN_DATA_ROWS) {
			QkTable *t = build(gp, rows, block, made);
			if (t)
				g_ptr_array_add(out, t);
			i = g_array_index(block, guint, block->len - 1) + 1;
		} else {
			i++;
		}
		g_array_unref(block);
	}
	free_rows(rows);
	g_ptr_array_unref(made);
	g_ptr_array_unref(runs);
}
