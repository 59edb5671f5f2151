/*
 * ocrtables.c — the figures of a scanned page's tables read again, cell by
 * cell, with Tesseract's eng model (LAYOUT.md, "Tables").
 *
 * The page's reading (chi_sim+eng) takes a table's small serif figures one
 * cell at a time, with little context, and misreads some with high
 * confidence (mini at 150 dpi: 3.2 → 这和, 41.5 → ◆1.5 at 99; at 200 dpi on
 * libreoffice-mag-10: 7.7 → 入|, 13.2 → 39泛), so a confidence cut does
 * not catch them. The page's tables are found on its glyphs as extract
 * will find them (tables.c; ruled ones on the scan's ink, rules.c); in
 * each, a cell that sits in a column of figures, on a row of figures, is
 * read again alone from the page image, with eng and only the characters
 * a figure holds; that reading replaces the cell's glyphs when it is a
 * figure as its column prints them (no leading zero, the decimals of the
 * column's figures as eng reads them) and the page's reading was not, or
 * when both are and eng is CELL_SURE_CONF sure (eng reads figures better:
 * 49 at 99 for 4.9, by eng 4.9 at 95). The tables themselves are let go:
 * extract finds them again on the corrected glyphs.
 * QK_OCR_TABLES_DEBUG=1 prints each cell read again and what was done.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"
#include "tables.h"

/* a cell read alone is scaled so that its figures are these many pixels
 * tall, in turn: neither size reads every cell (3.9 at 300 dpi is "."
 * at 32 px, 41.5 at 150 dpi 4.5 at 24 px) */
static const double figure_px[] = { 32, 24 };
/* eng's reading of a cell counts when it is this sure of it (0–100); of
 * one the page read as a figure too, when it is CELL_SURE_CONF sure */
#define CELL_MIN_CONF 30
#define CELL_SURE_CONF 60
/* a cell read again holds at most this many glyphs (a figure) */
#define CELL_MAX_GLYPHS 12
/* what a figure may hold (qk_tables_is_number) */
#define FIGURE_CHARS "0123456789.,-%+"

/* The reading of pix's l..r × t..b (pixels) scaled by f by the eng
 * engine, a figure's characters only, blanks dropped; its mean confidence
 * in *conf. NULL when nothing was read. */
static char *read_cell(QkOcr *ocr, PIX *pix, int l, int t, int r, int b, double f, double res,
                       int *conf)
{
	BOX *box = T.boxCreate(l, t, r - l, b - t);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
	if (!clip)
		return NULL;
	if (f > 1.1 || f < 0.9)
		qk_ocr_replace(&clip, T.pixScaleGrayLI(clip, (float)f, (float)f));
	TessBaseAPI *api = qk_ocr_digits(ocr);
	T.TessBaseAPISetVariable(api, "tessedit_char_whitelist", FIGURE_CHARS);
	T.TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	T.TessBaseAPISetImage2(api, clip);
	T.TessBaseAPISetSourceResolution(api, (int)lround(res * f));
	char *text = T.TessBaseAPIGetUTF8Text(api);
	*conf = T.TessBaseAPIMeanTextConf(api);
	T.TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	T.TessBaseAPIClear(api);
	T.pixDestroy(&clip);
	if (!text)
		return NULL;
	GString *s = g_string_new(NULL);
	for (const char *p = text; *p; p++)
		if (!g_ascii_isspace(*p))
			g_string_append_c(s, *p);
	T.TessDeleteText(text);
	if (!s->len) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* Digits after the decimal point of a figure (0 without one). */
static int decimals_of(const char *text)
{
	const char *dot = strchr(text, '.');
	int n = 0;
	for (const char *p = dot ? dot + 1 : ""; g_ascii_isdigit(*p); p++)
		n++;
	return n;
}

/* A figure as a table prints it: a number (qk_tables_is_number) with no
 * leading zero (0611.5 and 003.2 are misreadings) and, when its column's
 * figures agree on their decimals (decimals ≥ 0), as many (98 read for
 * 9.8 in a column of 9.1, 10.6 is none). */
static gboolean well_formed(const char *text, int decimals)
{
	if (!qk_tables_is_number(text))
		return FALSE;
	const char *p = text;
	while (*p && !g_ascii_isdigit(*p))
		p++;
	if (p[0] == '0' && g_ascii_isdigit(p[1]))
		return FALSE;
	return decimals < 0 || !strpbrk(text, "0123456789") || decimals_of(text) == decimals;
}

static double run_conf(const QkGlyphPage *gp, const QkRun *r)
{
	double sum = 0;
	for (guint i = 0; i < r->idx->len; i++)
		sum += g_array_index(gp->glyphs, QkGlyph, g_array_index(r->idx, guint, i)).conf - 1;
	return sum / MAX(r->idx->len, 1);
}

/* A cell to read again: a few glyphs that follow one another in the
 * page's reading, on a line holding another figure, in a column whose
 * cells on such lines (the header's left out) hold figures as often as
 * other text at least (of a column of three, two may be misread: ◆1.5,
 * ◆4.0, 46.2). */
static gboolean figure_cell(const QkRun *r, GPtrArray *runs)
{
	if (r->idx->len > CELL_MAX_GLYPHS)
		return FALSE;
	for (guint i = 1; i < r->idx->len; i++)
		if (g_array_index(r->idx, guint, i) != g_array_index(r->idx, guint, 0) + i)
			return FALSE;
	int nums = 0, others = 0;
	gboolean row = FALSE;
	for (guint k = 0; k < runs->len; k++) {
		const QkRun *s = g_ptr_array_index(runs, k);
		if (s == r)
			continue;
		if (s->line == r->line) {
			row = row || s->numeric;
			continue;
		}
		if (s->box.x0 >= r->box.x1 || s->box.x1 <= r->box.x0)
			continue;
		gboolean data = FALSE;   /* its line holds a figure */
		for (guint j = 0; j < runs->len && !data; j++) {
			const QkRun *o = g_ptr_array_index(runs, j);
			data = o->line == s->line && o->numeric;
		}
		nums += data && s->numeric;
		others += data && !s->numeric;
	}
	return row && nums >= 1 && nums >= others;
}

/* A cell to read again: its run, eng's reading of it (NULL: none) and
 * that reading's confidence. */
typedef struct {
	const QkRun *run;
	char *text;
	int conf;
} Todo;

/* eng's reading of a cell, as a figure (CELL_MIN_CONF sure), else NULL */
static const char *eng_figure(const Todo *td)
{
	return td->text && qk_tables_is_number(td->text) && td->conf >= CELL_MIN_CONF ? td->text
	                                                                             : NULL;
}

/* The decimals of the figures in td's column (the other cells read
 * again that overlap it), when two of them agree; -1 otherwise. Each
 * counts with the more decimals of eng's reading and the page's: either
 * can drop every point of a column (the page's 36, 39 for 3.6, 3.9 on
 * mini at 300 dpi; eng's 38, 724 for 3.8, 72.4 at 150 dpi), neither
 * makes one up. */
static int column_decimals(GArray *todo, const Todo *td)
{
	int seen[8] = { 0 };
	for (guint k = 0; k < todo->len; k++) {
		const Todo *o = &g_array_index(todo, Todo, k);
		if (o == td || o->run->line == td->run->line || o->run->box.x0 >= td->run->box.x1 ||
		    o->run->box.x1 <= td->run->box.x0)
			continue;
		const char *f = eng_figure(o);
		int d = f ? decimals_of(f) : -1;
		if (o->run->numeric)
			d = MAX(d, decimals_of(o->run->text));
		if (d >= 0 && d < 8)
			seen[d]++;
	}
	int decimals = -1;
	for (int d = 0, best = 1; d < 8; d++)
		if (seen[d] > best) {
			best = seen[d];
			decimals = d;
		}
	return decimals;
}

/* Reads td's run again into td: at each size in turn until eng reads a
 * figure. h: the figures' height; left, right: how far the cell may
 * reach (the neighbouring runs of its line). */
static void read_run(QkOcr *ocr, PIX *pix, Todo *td, double h, double left, double right,
                     double sx, double sy, double ox, double oy)
{
	const QkRun *r = td->run;
	double em = r->size > 0 ? r->size : r->box.y1 - r->box.y0;
	/* a figure dropped at either end (−2.1 read 2) is still in the clip */
	double x0 = MAX(r->box.x0 - em, (left + r->box.x0) / 2);
	double x1 = MIN(r->box.x1 + em, (right + r->box.x1) / 2);
	double cy = (r->box.y0 + r->box.y1) / 2;
	double y0 = cy - h * 5 / 6, y1 = cy + h * 5 / 6;
	int w = (int)T.pixGetWidth(pix), ph = (int)T.pixGetHeight(pix);
	int l = MAX((int)floor((x0 - ox) * sx), 0), rr = MIN((int)ceil((x1 - ox) * sx), w);
	int t = MAX((int)floor((y0 - oy) * sy), 0), b = MIN((int)ceil((y1 - oy) * sy), ph);
	if (rr - l < 2 || b - t < 2)
		return;
	for (guint k = 0; k < G_N_ELEMENTS(figure_px) && !eng_figure(td); k++) {
		g_free(td->text);
		td->text = read_cell(ocr, pix, l, t, rr, b, figure_px[k] / MAX(h * sy, 1), sx * 72,
		                     &td->conf);
	}
}

/* Replaces td's run's glyphs with eng's reading when that is better (see
 * the top); decimals: its column's (-1: unknown). Read as a word or a raw
 * line too, no cell came out better (tried on libreoffice-mag-10). */
static void replace_run(QkGlyphPage *gp, const Todo *td, int decimals)
{
	const QkRun *r = td->run;
	const char *text = td->text;
	gboolean was = well_formed(r->text, decimals);
	/* a point the page read is not dropped */
	gboolean better = text && strcmp(text, r->text) != 0 && well_formed(text, decimals) &&
	                  td->conf >= (was ? CELL_SURE_CONF : CELL_MIN_CONF) &&
	                  (!r->numeric || decimals_of(text) >= decimals_of(r->text));
	if (g_getenv("QK_OCR_TABLES_DEBUG"))
		g_printerr("ocrtables: %s (%.0f) -> %s (%d, %d decimals)%s\n", r->text, run_conf(gp, r),
		           text ? text : "", td->conf, decimals, better ? " taken" : "");
	if (!better)
		return;
	guint from = g_array_index(r->idx, guint, 0), n = r->idx->len;
	QkGlyph one = g_array_index(gp->glyphs, QkGlyph, from);
	gboolean space = g_array_index(gp->glyphs, QkGlyph, from + n - 1).space_after;
	guint m = (guint)strlen(text);
	g_array_remove_range(gp->glyphs, from, n);
	for (guint k = 0; k < m; k++) {
		QkGlyph d = one;
		d.ch = (gunichar)text[k];
		d.box.x0 = r->box.x0 + (r->box.x1 - r->box.x0) * k / m;
		d.box.x1 = r->box.x0 + (r->box.x1 - r->box.x0) * (k + 1) / m;
		d.space_after = k + 1 == m && space;
		d.conf = (guint8)(CLAMP(td->conf, 0, 100) + 1);
		d.used = FALSE;
		g_array_insert_val(gp->glyphs, from + k, d);
	}
}

static int cmp_todo_last(gconstpointer a, gconstpointer b, gpointer data)
{
	GArray *todo = data;
	const Todo *x = &g_array_index(todo, Todo, *(const guint *)a);
	const Todo *y = &g_array_index(todo, Todo, *(const guint *)b);
	guint p = g_array_index(x->run->idx, guint, 0), q = g_array_index(y->run->idx, guint, 0);
	return (p < q) - (p > q);
}

void qk_ocr_reread_tables(QkOcr *ocr, PopplerPage *page, PIX *pix, QkGlyphPage *gp,
                          GRecMutex *lock, double sx, double sy, double ox, double oy)
{
	if (!qk_tables_page_candidate(gp))
		return;
	guint n = gp->glyphs->len;
	gboolean *was = g_new(gboolean, n);
	for (guint i = 0; i < n; i++)
		was[i] = g_array_index(gp->glyphs, QkGlyph, i).used;
	GRecMutex *own = gp->render_lock;
	gp->render_lock = lock;
	GPtrArray *tables = qk_tables_find(NULL, page, gp, NULL, NULL);
	gp->render_lock = own;
	/* the tables' glyphs alone, for their runs */
	gboolean any = FALSE;
	for (guint i = 0; i < n; i++) {
		QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		gboolean in = g->used && !was[i];
		any = any || in;
		g->used = !in;
	}
	GPtrArray *runs = any ? qk_tables_runs(gp, NULL, QK_TABLES_GAP_EM) : NULL;
	for (guint i = 0; i < n; i++)
		g_array_index(gp->glyphs, QkGlyph, i).used = was[i];
	g_free(was);
	g_ptr_array_unref(tables);
	if (!runs)
		return;
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(Todo));
	for (guint k = 0; k < runs->len; k++) {
		Todo td = { g_ptr_array_index(runs, k), NULL, 0 };
		if (td.run->text && figure_cell(td.run, runs))
			g_array_append_val(todo, td);
	}
	/* the figures' height: a run's box can be a line's, made tall by a
	 * header over it (mini at 300 dpi: 15.8 pt for 7) */
	GArray *hs = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint k = 0; k < todo->len; k++) {
		const QkRun *r = g_array_index(todo, Todo, k).run;
		double d = r->box.y1 - r->box.y0;
		g_array_append_val(hs, d);
	}
	g_array_sort(hs, qk_tables_cmp_double);
	double median = hs->len ? g_array_index(hs, double, hs->len / 2) : 0;
	g_array_unref(hs);
	for (guint k = 0; k < todo->len; k++) {
		Todo *td = &g_array_index(todo, Todo, k);
		const QkRun *r = td->run;
		double left = -G_MAXDOUBLE, right = G_MAXDOUBLE;
		for (guint j = 0; j < runs->len; j++) {
			const QkRun *s = g_ptr_array_index(runs, j);
			if (s == r || s->line != r->line)
				continue;
			if (s->box.x1 <= r->box.x0)
				left = MAX(left, s->box.x1);
			else if (s->box.x0 >= r->box.x1)
				right = MIN(right, s->box.x0);
		}
		double h = r->box.y1 - r->box.y0;
		read_run(ocr, pix, td, h > 1.5 * median ? median : h, left, right, sx, sy, ox, oy);
	}
	int *decimals = g_new(int, todo->len);
	for (guint k = 0; k < todo->len; k++)
		decimals[k] = column_decimals(todo, &g_array_index(todo, Todo, k));
	/* from the last glyphs, so that those before keep their indices */
	guint *order = g_new(guint, todo->len);
	for (guint k = 0; k < todo->len; k++)
		order[k] = k;
	g_qsort_with_data(order, (gint)todo->len, sizeof(guint), cmp_todo_last, todo);
	for (guint k = 0; k < todo->len; k++)
		replace_run(gp, &g_array_index(todo, Todo, order[k]), decimals[order[k]]);
	for (guint k = 0; k < todo->len; k++)
		g_free(g_array_index(todo, Todo, k).text);
	g_free(order);
	g_free(decimals);
	g_array_unref(todo);
	g_ptr_array_unref(runs);
}
