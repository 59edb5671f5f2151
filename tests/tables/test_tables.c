/*
 * test_tables.c — table detection on PDFs the test draws itself (cairo +
 * pango: ruled grids with spans, unruled aligned numbers, a table continued
 * on the next page, plain text) and on the typeset samples, cell by cell
 * against their truth XML (QK_SAMPLES; skipped when absent).
 */
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <CUnit/Basic.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>
#include <zlib.h>
#include "glyphs.h"
#include "tables.h"
#include "pagecost.h"
#include "vector.h"
#include "xmlio.h"

#define FONT "Noto Sans CJK SC"

/* ---- table specs: what the test draws and expects back -------------- */

typedef struct {
	int row, col, rowspan, colspan;
	const char *text;
} Spec;

typedef struct {
	const char *title, *source, *note;
	int rows, cols, header_rows;
	const double *widths;   /* column widths, points */
	double row_h;
	const Spec *cells;      /* row-major, terminated by text == NULL */
	double rule_w;          /* rule width, points (0: 0.6) */
} TableSpec;

static const double ind_widths[] = { 120, 52, 62, 52, 62, 52, 62 };
static const Spec ind_cells[] = {
	{ 0, 0, 2, 1, "主要经济指标名称" }, { 0, 1, 1, 2, "全市" }, { 0, 3, 1, 2, "朔城区" },
	{ 0, 5, 1, 2, "开发区" },
	{ 1, 1, 1, 1, "累计完成" }, { 1, 2, 1, 1, "同比增长(%)" }, { 1, 3, 1, 1, "累计完成" },
	{ 1, 4, 1, 1, "同比增长(%)" }, { 1, 5, 1, 1, "累计完成" }, { 1, 6, 1, 1, "同比增长(%)" },
	{ 2, 0, 1, 1, "地区生产总值(亿元)" }, { 2, 1, 1, 1, "691.2" }, { 2, 2, 1, 1, "1.6" },
	{ 2, 3, 1, 1, "187.8" }, { 2, 4, 1, 1, "4.3" }, { 2, 5, 1, 1, "54.4" }, { 2, 6, 1, 1, "-0.6" },
	{ 3, 0, 1, 1, "规模以上工业增加值(亿元)" }, { 3, 1, 1, 1, "" }, { 3, 2, 1, 1, "-2.8" },
	{ 3, 3, 1, 1, "" }, { 3, 4, 1, 1, "-3.2" }, { 3, 5, 1, 1, "" }, { 3, 6, 1, 1, "-7.8" },
	{ 4, 0, 1, 1, "海关出口(万元)" }, { 4, 1, 1, 1, "28781" }, { 4, 2, 1, 1, "0.7" },
	{ 4, 3, 1, 1, "" }, { 4, 4, 1, 1, "" }, { 4, 5, 1, 1, "" }, { 4, 6, 1, 1, "" },
	{ 5, 0, 1, 1, "原煤(万吨)" }, { 5, 1, 1, 1, "13395.8" }, { 5, 2, 1, 1, "3.7" },
	{ 5, 3, 1, 1, "996.8" }, { 5, 4, 1, 1, "2.6" }, { 5, 5, 1, 1, "681.9" }, { 5, 6, 1, 1, "4.9" },
	{ 6, 0, 1, 1, "居民消费价格指数(%)" }, { 6, 1, 1, 1, "100.4" }, { 6, 2, 1, 1, "0.4" },
	{ 6, 3, 1, 1, "" }, { 6, 4, 1, 1, "" }, { 6, 5, 1, 1, "" }, { 6, 6, 1, 1, "" },
	{ 0, 0, 0, 0, NULL }
};
static const TableSpec indicators = {
	"2023年朔州市1—7月主要经济指标", "朔州市统计局", "注：规上工业增加值绝对量不予公布。",
	7, 7, 2, ind_widths, 20, ind_cells, 0
};

/* A ruled table with a row span in the body (a label covering two rows). */
static const double span_widths[] = { 70, 90, 70, 70 };
static const Spec span_cells[] = {
	{ 0, 0, 1, 1, "地区" }, { 0, 1, 1, 1, "指标" }, { 0, 2, 1, 1, "2022年" }, { 0, 3, 1, 1, "2023年" },
	{ 1, 0, 2, 1, "应县" }, { 1, 1, 1, 1, "粮食(万吨)" }, { 1, 2, 1, 1, "30.2" }, { 1, 3, 1, 1, "31.5" },
	{ 2, 1, 1, 1, "油料(吨)" }, { 2, 2, 1, 1, "1520" }, { 2, 3, 1, 1, "1618" },
	{ 3, 0, 2, 1, "右玉县" }, { 3, 1, 1, 1, "粮食(万吨)" }, { 3, 2, 1, 1, "12.7" }, { 3, 3, 1, 1, "—" },
	{ 4, 1, 1, 1, "油料(吨)" }, { 4, 2, 1, 1, "806" }, { 4, 3, 1, 1, "911" },
	{ 0, 0, 0, 0, NULL }
};
static const TableSpec spans = {
	"表1 部分县区农业生产情况", NULL, NULL, 5, 4, 1, span_widths, 22, span_cells, 0
};

/* An unruled table with a two-row header inside running text. */
static const double crop_widths[] = { 70, 50, 44, 50, 44 };
static const Spec crop_cells[] = {
	{ 0, 0, 2, 1, "项目" }, { 0, 1, 1, 2, "2022年" }, { 0, 3, 1, 2, "2023年" },
	{ 1, 1, 1, 1, "产量(万吨)" }, { 1, 2, 1, 1, "增速(%)" }, { 1, 3, 1, 1, "产量(万吨)" },
	{ 1, 4, 1, 1, "增速(%)" },
	{ 2, 0, 1, 1, "粮食总产量" }, { 2, 1, 1, 1, "158.6" }, { 2, 2, 1, 1, "2.1" },
	{ 2, 3, 1, 1, "163.2" }, { 2, 4, 1, 1, "2.9" },
	{ 3, 0, 1, 1, "其中：谷子" }, { 3, 1, 1, 1, "12.4" }, { 3, 2, 1, 1, "3.5" },
	{ 3, 3, 1, 1, "13.6" }, { 3, 4, 1, 1, "9.7" },
	{ 4, 0, 1, 1, "荞麦" }, { 4, 1, 1, 1, "3.1" }, { 4, 2, 1, 1, "-1.2" },
	{ 4, 3, 1, 1, "3.4" }, { 4, 4, 1, 1, "9.2" },
	{ 5, 0, 1, 1, "燕麦" }, { 5, 1, 1, 1, "2.7" }, { 5, 2, 1, 1, "" },
	{ 5, 3, 1, 1, "2.6" }, { 5, 4, 1, 1, "-3.7" },
	{ 0, 0, 0, 0, NULL }
};
static const TableSpec crops = {
	"我市主要农作物产量情况", "市农业农村局", NULL, 6, 5, 2, crop_widths, 16, crop_cells, 0
};

/* ---- drawing ---------------------------------------------------------- */

static double draw_text(cairo_t *cr, const char *text, double size, gboolean bold,
                        double x, double y, double w, double h, int align)
{
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_text(lay, text, -1);
	int lw, lh;
	pango_layout_get_size(lay, &lw, &lh);
	double tw = lw / (double)PANGO_SCALE, th = lh / (double)PANGO_SCALE;
	double tx = align < 0 ? x + 3 : align > 0 ? x + w - 3 - tw : x + (w - tw) / 2;
	cairo_move_to(cr, tx, y + (h - th) / 2);
	pango_cairo_show_layout(cr, lay);
	pango_font_description_free(fd);
	g_object_unref(lay);
	return tw;
}

static double col_x(const TableSpec *ts, double x0, int col)
{
	double x = x0;
	for (int c = 0; c < col; c++)
		x += ts->widths[c];
	return x;
}

static double table_width(const TableSpec *ts)
{
	return col_x(ts, 0, ts->cols);
}

/* Draws ts with its top-left corner at (x0, y0); rows from first_row on
 * (a continued part repeats the header rows). Returns the bottom y. */
static double draw_table(cairo_t *cr, const TableSpec *ts, double x0, double y0,
                         gboolean ruled, int first_row, int last_row, gboolean labels)
{
	double tw = table_width(ts), y = y0;
	if (labels && ts->title) {
		draw_text(cr, ts->title, 12, TRUE, x0, y, tw, 16, 0);
		y += 20;
	}
	if (labels && ts->source && ruled) {
		draw_text(cr, ts->source, 9, FALSE, x0, y, tw, 12, 1);
		y += 14;
	}
	double top = y;
	cairo_set_line_width(cr, ts->rule_w > 0 ? ts->rule_w : 0.6);
	int shown = 0;
	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: header rows; pass 1: body rows first_row..last_row */
		int r0 = pass == 0 ? 0 : first_row, r1 = pass == 0 ? ts->header_rows - 1 : last_row;
		for (int r = r0; r <= r1; r++) {
			for (const Spec *s = ts->cells; s->text; s++) {
				if (s->row != r)
					continue;
				double x = col_x(ts, x0, s->col), w = col_x(ts, 0, s->col + s->colspan) -
				           col_x(ts, 0, s->col);
				int span = s->rowspan;
				if (pass == 1 && r + span - 1 > last_row)
					span = last_row - r + 1;
				double h = ts->row_h * span;
				double yy = top + shown * ts->row_h;
				if (ruled) {
					cairo_rectangle(cr, x, yy, w, h);
					cairo_stroke(cr);
				}
				int align = s->col == 0 ? -1 : r < ts->header_rows ? 0 : 1;
				if (*s->text)
					draw_text(cr, s->text, 9, FALSE, x, yy, w, h, align);
			}
			shown++;
		}
	}
	y = top + shown * ts->row_h + 4;
	if (labels && ts->note) {
		draw_text(cr, ts->note, 8, FALSE, x0, y, tw, 12, -1);
		y += 14;
	}
	if (labels && ts->source && !ruled) {
		char *s = g_strdup_printf("资料来源：%s", ts->source);
		draw_text(cr, s, 8, FALSE, x0, y, tw, 12, -1);
		g_free(s);
		y += 14;
	}
	return y;
}

/* Column text without gaps: one line per call. */
static void draw_para_lines(cairo_t *cr, double x, double y, double w, int n)
{
	static const char *const words =
		"秋收时节田野里一派繁忙景象农机来回穿梭合作社忙着收购与烘干粮食"
		"各地推广深松蓄水覆膜保墒等技术杂粮生产规模和效益同步提升";
	glong len = g_utf8_strlen(words, -1);
	int per = (int)(w / 12.0);   /* CJK advance at 10.5 pt, with room */
	for (int i = 0; i < n; i++) {
		GString *s = g_string_new(NULL);
		for (int k = 0; k < per; k++) {
			const char *p = g_utf8_offset_to_pointer(words, (i * 7 + k) % len);
			g_string_append_unichar(s, g_utf8_get_char(p));
		}
		draw_text(cr, s->str, 10.5, FALSE, x, y + i * 16, w, 14, -1);
		g_string_free(s, TRUE);
	}
}

typedef void (*DrawPage)(cairo_t *cr, int page);

static char *make_pdf(const char *name, int pages, DrawPage fn)
{
	char *dir = g_dir_make_tmp("qktables-XXXXXX", NULL);
	char *path = g_build_filename(dir, name, NULL);
	g_free(dir);
	cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
	cairo_t *cr = cairo_create(s);
	for (int p = 1; p <= pages; p++) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		fn(cr, p);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return path;
}

static void remove_pdf(char *path)
{
	if (g_getenv("QK_TABLES_KEEP")) {   /* keep the drawn PDFs to look at */
		fprintf(stderr, "kept %s\n", path);
		g_free(path);
		return;
	}
	char *dir = g_path_get_dirname(path);
	g_unlink(path);
	g_rmdir(dir);
	g_free(dir);
	g_free(path);
}

/* Opens the PDF at path with Poppler (the test stops when it cannot). */
static PopplerDocument *open_pdf(const char *path)
{
	char *uri = g_filename_to_uri(path, NULL, NULL);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, NULL);
	g_free(uri);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	return doc;
}

static gboolean cell_equal(const QkCell *a, const QkCell *b)
{
	return a && b && a->row == b->row && a->col == b->col && a->rowspan == b->rowspan &&
	       a->colspan == b->colspan && a->header == b->header &&
	       g_str_equal(a->text->text, b->text->text);
}

/* Extracts the tables of every page and merges continued ones; rules are
 * read from the pages' vector drawing (vector: every candidate page must
 * be readable so, and nothing is rendered) or traced from a render. */
static GPtrArray *extract_with(const char *path, gboolean vector)
{
	PopplerDocument *doc = open_pdf(path);
	GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
	int n = poppler_document_get_n_pages(doc);
	QkVector *vec = vector ? qk_vector_new(path, NULL, n) : NULL;
	for (int p = 0; p < n; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		QkGlyphPage *gp = qk_extract_glyphs(page, p + 1);
		if (vec && qk_tables_page_candidate(gp)) {
			GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
			GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
			CU_ASSERT_TRUE(qk_vector_rules(vec, p + 1, gp->width, gp->height, h, v));
			g_array_unref(h);
			g_array_unref(v);
		}
		GPtrArray *tabs = qk_extract_tables(vec, vec ? NULL : page, gp);
		while (tabs->len)
			g_ptr_array_add(all, g_ptr_array_steal_index(tabs, 0));
		g_ptr_array_unref(tabs);
		qk_glyph_page_free(gp);
		g_object_unref(page);
	}
	qk_vector_free(vec);
	qk_extract_tables_merge(all, NULL);
	g_object_unref(doc);
	return all;
}

/* The tables of every page, rules read from the vector drawing; checked
 * against the same found with rules traced from a render, cell by cell. */
static GPtrArray *extract_all(const char *path)
{
	GPtrArray *vec = extract_with(path, TRUE);
	GPtrArray *ren = extract_with(path, FALSE);
	CU_ASSERT_EQUAL(vec->len, ren->len);
	for (guint i = 0; i < MIN(vec->len, ren->len); i++) {
		QkTable *a = g_ptr_array_index(vec, i), *b = g_ptr_array_index(ren, i);
		CU_ASSERT_EQUAL(a->page, b->page);
		CU_ASSERT_EQUAL(a->rows, b->rows);
		CU_ASSERT_EQUAL(a->cols, b->cols);
		CU_ASSERT_EQUAL(a->header_rows, b->header_rows);
		CU_ASSERT_EQUAL(a->cells->len, b->cells->len);
		for (guint c = 0; c < MIN(a->cells->len, b->cells->len); c++) {
			QkCell *x = g_ptr_array_index(a->cells, c), *y = g_ptr_array_index(b->cells, c);
			if (!cell_equal(x, y))
				fprintf(stderr, "%s: table %u cell %u: vector \"%s\", render \"%s\"\n",
				        path, i, c, x->text->text, y->text->text);
			CU_ASSERT_TRUE(cell_equal(x, y));
		}
	}
	g_ptr_array_unref(ren);
	return vec;
}

/* Counts cells of t that equal the spec (position, spans, header, text);
 * prints the differences. */
static int check_table(const QkTable *t, const TableSpec *ts, int *total)
{
	int ok = 0, n = 0;
	for (const Spec *s = ts->cells; s->text; s++) {
		n++;
		QkCell *c = qk_table_cell(t, s->row, s->col);
		gboolean good = c && c->row == s->row && c->col == s->col &&
		                c->rowspan == s->rowspan && c->colspan == s->colspan &&
		                c->header == (s->row < ts->header_rows) &&
		                g_str_equal(c->text->text, s->text);
		if (good)
			ok++;
		else
			fprintf(stderr, "  cell %d,%d: want %dx%d \"%s\", got %s%dx%d \"%s\"\n", s->row,
			        s->col, s->rowspan, s->colspan, s->text, c ? "" : "(none) ",
			        c ? c->rowspan : 0, c ? c->colspan : 0, c ? c->text->text : "");
	}
	CU_ASSERT_EQUAL(t->rows, ts->rows);
	CU_ASSERT_EQUAL(t->cols, ts->cols);
	CU_ASSERT_EQUAL(t->header_rows, ts->header_rows);
	CU_ASSERT_EQUAL(ok, n);
	if (total)
		*total += n;
	return ok;
}

/* ---- generated PDFs --------------------------------------------------- */

/* The indicator table set tight: hairlines, rows no taller than the
 * glyph boxes, so that boxes overlap the rules. */
static const TableSpec tight = {
	"2023年朔州市1—7月主要经济指标", "朔州市统计局", NULL,
	7, 7, 2, ind_widths, 11, ind_cells, 0.25
};

static void page_tight(cairo_t *cr, int page)
{
	(void)page;
	draw_table(cr, &tight, 60, 80, TRUE, tight.header_rows, tight.rows - 1, TRUE);
}

static void test_tight(void)
{
	char *path = make_pdf("tight.pdf", 1, page_tight);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_TRUE(t->ruled);
	check_table(t, &tight, NULL);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

static void page_ruled(cairo_t *cr, int page)
{
	(void)page;
	draw_text(cr, "·数字朔州·", 9, FALSE, 60, 30, 475, 12, 0);
	double y = draw_table(cr, &indicators, 60, 80, TRUE, indicators.header_rows,
	                      indicators.rows - 1, TRUE);
	y = draw_table(cr, &spans, 60, y + 40, TRUE, spans.header_rows, spans.rows - 1, TRUE);
	draw_text(cr, "·48·", 9, FALSE, 60, 800, 475, 12, 0);
}

static void test_ruled(void)
{
	char *path = make_pdf("ruled.pdf", 1, page_ruled);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 2);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_TRUE(t->ruled);
	CU_ASSERT_EQUAL(t->page, 1);
	check_table(t, &indicators, NULL);
	CU_ASSERT_STRING_EQUAL(t->title ? t->title : "", indicators.title);
	CU_ASSERT_STRING_EQUAL(t->source ? t->source : "", indicators.source);
	CU_ASSERT_STRING_EQUAL(t->note ? t->note : "", indicators.note);
	QkTable *u = g_ptr_array_index(tabs, 1);
	check_table(u, &spans, NULL);
	CU_ASSERT_STRING_EQUAL(u->title ? u->title : "", spans.title);
	CU_ASSERT_PTR_NULL(u->source);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

/* Writes a copy of the PDF at path to out, each page passed through edit
 * (with data) first. */
static void rewrite_pdf(const char *path, const char *out,
                        void (*edit)(qpdf_data q, qpdf_oh page, gconstpointer data),
                        gconstpointer data)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	CU_ASSERT_FALSE_FATAL(qpdf_read(q, path, NULL) & QPDF_ERRORS);
	for (int i = 0; i < qpdf_get_num_pages(q); i++)
		edit(q, qpdf_get_page_n(q, i), data);
	CU_ASSERT_FALSE(qpdf_init_write(q, out) & QPDF_ERRORS);
	CU_ASSERT_FALSE(qpdf_write(q) & QPDF_ERRORS);
	qpdf_cleanup(&q);
}

typedef struct {
	int rot;
	gboolean crop;
} Turn;

/* /Rotate rot and, when crop, a /CropBox inside the media box. */
static void turn_page(qpdf_data q, qpdf_oh page, gconstpointer data)
{
	const Turn *t = data;
	static const double box[4] = { 12.5, 20, 580, 830 };
	qpdf_oh_replace_key(q, page, "/Rotate", qpdf_oh_new_integer(q, t->rot));
	if (t->crop) {
		qpdf_oh a = qpdf_oh_new_array(q);
		for (int k = 0; k < 4; k++)
			qpdf_oh_append_item(q, a, qpdf_oh_new_real_from_double(q, box[k], 2));
		qpdf_oh_replace_key(q, page, "/CropBox", a);
	}
}

/* No /MediaBox (Poppler then takes Letter). */
static void strip_mediabox(qpdf_data q, qpdf_oh page, gconstpointer data)
{
	(void)data;
	qpdf_oh_remove_key(q, page, "/MediaBox");
}

/* A copy of the PDF at path turned by turn_page; returns its path. */
static char *transform_pdf(const char *path, int rot, gboolean crop)
{
	char *out = g_strdup_printf("%s.r%d%s.pdf", path, rot, crop ? "c" : "");
	Turn t = { rot, crop };
	rewrite_pdf(path, out, turn_page, &t);
	return out;
}

/* The rules of page 1 read from the PDF's drawing, merged; NULL when the
 * page cannot be read so. */
static GArray *vector_rules(const char *path, gboolean horizontal, double *w, double *h)
{
	PopplerDocument *doc = open_pdf(path);
	PopplerPage *page = poppler_document_get_page(doc, 0);
	QkGlyphPage *gp = qk_extract_glyphs(page, 1);
	QkVector *vec = qk_vector_new(path, NULL, poppler_document_get_n_pages(doc));
	GArray *hr = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *vr = g_array_new(FALSE, FALSE, sizeof(QkRule));
	qk_tables_find_rules(vec, NULL, gp, 2.0, 6.0, hr, vr);   /* NULL page: no render */
	*w = gp->width;
	*h = gp->height;
	qk_vector_free(vec);
	qk_glyph_page_free(gp);
	g_object_unref(page);
	g_object_unref(doc);
	g_array_unref(horizontal ? vr : hr);
	return horizontal ? hr : vr;
}

/* Whether rules holds one within 0.05 pt of r. */
static gboolean has_rule(GArray *rules, const QkRule *r)
{
	for (guint i = 0; i < rules->len; i++) {
		const QkRule *q = &g_array_index(rules, QkRule, i);
		if (fabs(q->pos - r->pos) < 0.05 && fabs(q->a - r->a) < 0.05 &&
		    fabs(q->b - r->b) < 0.05)
			return TRUE;
	}
	return FALSE;
}

/* Rotated and cropped pages: Poppler gives glyphs in the rotated crop box,
 * top-left origin, and the rules read from the drawing must land in that
 * same space. Each upright rule, moved by the crop and turned by the page's
 * rotation, must be found on the transformed page (and nothing else). */
static void test_rotated(void)
{
	char *path = make_pdf("ruled.pdf", 1, page_ruled);
	double W, H;
	GArray *uh = vector_rules(path, TRUE, &W, &H), *uv = vector_rules(path, FALSE, &W, &H);
	CU_ASSERT_TRUE(uh->len >= 10 && uv->len >= 10);
	static const struct { int rot; gboolean crop; } cases[] = {
		{ 0, TRUE }, { 90, FALSE }, { 180, FALSE }, { 270, FALSE }, { 90, TRUE }, { 270, TRUE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		int rot = cases[i].rot;
		char *t = transform_pdf(path, rot, cases[i].crop);
		double tw, th;
		GArray *th_rules = vector_rules(t, TRUE, &tw, &th), *tv_rules = vector_rules(t, FALSE, &tw, &th);
		/* the crop box (PDF space, see transform_pdf) in upright page space */
		double cx = cases[i].crop ? 12.5 : 0, cy = cases[i].crop ? H - 830 : 0;
		double cw = cases[i].crop ? 580 - 12.5 : W, ch = cases[i].crop ? 830 - 20 : H;
		CU_ASSERT_DOUBLE_EQUAL(rot % 180 ? th : tw, cw, 0.01);
		int found = 0, want = 0;
		for (int k = 0; k < 2; k++) {
			GArray *from = k ? uv : uh;
			for (guint j = 0; j < from->len; j++) {
				const QkRule *u = &g_array_index(from, QkRule, j);
				/* as points: (p, a)..(p, b) for vertical, (a, p)..(b, p) horizontal */
				double pos = u->pos - (k ? cx : cy), a = u->a - (k ? cy : cx),
				       b = u->b - (k ? cy : cx);
				gboolean vert = k;
				QkRule r = { pos, a, b, u->width };
				switch (rot) {
				case 90:    /* (x, y) -> (ch - y, x) */
					r = vert ? (QkRule){ pos, ch - b, ch - a, 0 } : (QkRule){ ch - pos, a, b, 0 };
					vert = !vert;
					break;
				case 180:   /* (x, y) -> (cw - x, ch - y) */
					r = vert ? (QkRule){ cw - pos, ch - b, ch - a, 0 }
					         : (QkRule){ ch - pos, cw - b, cw - a, 0 };
					break;
				case 270:   /* (x, y) -> (y, cw - x) */
					r = vert ? (QkRule){ cw - pos, a, b, 0 } : (QkRule){ pos, cw - b, cw - a, 0 };
					vert = !vert;
					break;
				}
				want++;
				if (has_rule(vert ? tv_rules : th_rules, &r))
					found++;
				else
					fprintf(stderr, "rot %d crop %d: %c rule %.2f %.2f..%.2f not found\n", rot,
					        cases[i].crop, vert ? 'V' : 'H', r.pos, r.a, r.b);
			}
		}
		CU_ASSERT_EQUAL(found, want);
		CU_ASSERT_EQUAL(th_rules->len + tv_rules->len, uh->len + uv->len);
		g_array_unref(th_rules);
		g_array_unref(tv_rules);
		g_unlink(t);
		g_free(t);
	}
	g_array_unref(uh);
	g_array_unref(uv);
	remove_pdf(path);
}

/* A page without /MediaBox (Poppler takes Letter) is read as vectors in
 * the page space its glyphs are in: the drawing is read by Poppler too. A
 * drawing that cannot be read (here: no such file) leaves the rules to be
 * traced from a render, and the tables are found all the same. */
static void test_render_fallback(void)
{
	char *path = make_pdf("ruled.pdf", 1, page_ruled);
	char *bare = g_strconcat(path, ".nomediabox.pdf", NULL);
	rewrite_pdf(path, bare, strip_mediabox, NULL);

	PopplerDocument *doc = open_pdf(bare);
	PopplerPage *page = poppler_document_get_page(doc, 0);
	QkGlyphPage *gp = qk_extract_glyphs(page, 1);
	QkVector *vec = qk_vector_new(bare, NULL, 1);
	GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
	CU_ASSERT_TRUE(qk_vector_rules(vec, 1, gp->width, gp->height, h, v));
	CU_ASSERT_TRUE(h->len > 0 && v->len > 0);
	GPtrArray *tabs = qk_extract_tables(vec, page, gp);
	CU_ASSERT_EQUAL(tabs->len, 2);
	if (tabs->len == 2)
		check_table(g_ptr_array_index(tabs, 0), &indicators, NULL);
	g_ptr_array_unref(tabs);
	qk_vector_free(vec);

	char *gone = g_strconcat(bare, ".gone.pdf", NULL);
	vec = qk_vector_new(gone, NULL, 1);
	g_array_set_size(h, 0);
	g_array_set_size(v, 0);
	CU_ASSERT_FALSE(qk_vector_rules(vec, 1, gp->width, gp->height, h, v));
	CU_ASSERT_EQUAL(h->len + v->len, 0);
	/* with the page to render, the tables are found all the same */
	qk_glyph_page_free(gp);
	gp = qk_extract_glyphs(page, 1);
	tabs = qk_extract_tables(vec, page, gp);
	CU_ASSERT_EQUAL(tabs->len, 2);
	if (tabs->len == 2)
		check_table(g_ptr_array_index(tabs, 0), &indicators, NULL);
	g_ptr_array_unref(tabs);
	g_array_unref(h);
	g_array_unref(v);
	qk_vector_free(vec);
	qk_glyph_page_free(gp);
	g_object_unref(page);
	g_object_unref(doc);
	g_unlink(bare);
	g_free(gone);
	g_free(bare);
	remove_pdf(path);
}

static void page_unruled(cairo_t *cr, int page)
{
	(void)page;
	/* two text columns; the table sits in the right one between paragraphs */
	draw_para_lines(cr, 40, 60, 220, 40);
	draw_para_lines(cr, 290, 60, 260, 12);
	draw_table(cr, &crops, 300, 270, FALSE, crops.header_rows, crops.rows - 1, TRUE);
	draw_para_lines(cr, 290, 450, 260, 10);
}

static void test_unruled(void)
{
	char *path = make_pdf("unruled.pdf", 1, page_unruled);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_FALSE(t->ruled);
	check_table(t, &crops, NULL);
	CU_ASSERT_STRING_EQUAL(t->title ? t->title : "", crops.title);
	CU_ASSERT_STRING_EQUAL(t->source ? t->source : "", crops.source);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

/* An unruled table whose headings and one label wrap onto a second line
 * and whose last line has one figure only. */
static const double wrap_widths[] = { 110, 60, 60 };
static const Spec wrap_cells[] = {
	{ 0, 0, 1, 1, "指标" }, { 0, 1, 1, 1, "2022年(全年)" }, { 0, 2, 1, 1, "2023年(1—9月)" },
	{ 1, 0, 1, 1, "粮食总产量(万吨)" }, { 1, 1, 1, 1, "158.6" }, { 1, 2, 1, 1, "163.2" },
	{ 2, 0, 1, 1, "城镇常住居民人均可支配收入(元)" }, { 2, 1, 1, 1, "20111" },
	{ 2, 2, 1, 1, "21319" },
	{ 3, 0, 1, 1, "农村居民收入(元)" }, { 3, 1, 1, 1, "8496" }, { 3, 2, 1, 1, "9659" },
	{ 4, 0, 1, 1, "海关出口(万元)" }, { 4, 1, 1, 1, "" }, { 4, 2, 1, 1, "28781" },
	{ 0, 0, 0, 0, NULL }
};
static const TableSpec wrapped = {
	NULL, NULL, NULL, 5, 3, 1, wrap_widths, 20, wrap_cells, 0
};

static void page_wrapped(cairo_t *cr, int page)
{
	(void)page;
	static const struct { double y; const char *label, *a, *b; } lines[] = {
		{ 100, "指标", "2022年", "2023年" },
		{ 111, "", "(全年)", "(1—9月)" },   /* a heading wrapped, set solid */
		{ 132, "粮食总产量(万吨)", "158.6", "163.2" },
		{ 152, "城镇常住居民人均", "20111", "21319" },
		{ 166, "可支配收入(元)", "", "" },
		{ 186, "农村居民收入(元)", "8496", "9659" },
		{ 206, "海关出口(万元)", "", "28781" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(lines); i++) {
		draw_text(cr, lines[i].label, 9, FALSE, 60, lines[i].y, 110, 14, -1);
		draw_text(cr, lines[i].a, 9, FALSE, 170, lines[i].y, 60, 14, i > 1 ? 1 : 0);
		draw_text(cr, lines[i].b, 9, FALSE, 230, lines[i].y, 60, 14, i > 1 ? 1 : 0);
	}
	draw_para_lines(cr, 60, 240, 300, 10);
}

static void test_wrapped_label(void)
{
	char *path = make_pdf("wrapped.pdf", 1, page_wrapped);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	check_table(g_ptr_array_index(tabs, 0), &wrapped, NULL);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

static void page_continued(cairo_t *cr, int page)
{
	if (page == 1) {
		draw_para_lines(cr, 60, 60, 475, 30);
		draw_table(cr, &indicators, 60, 600, TRUE, indicators.header_rows, 4, FALSE);
		/* title only on the first part */
		draw_text(cr, indicators.title, 12, TRUE, 60, 576, table_width(&indicators), 16, 0);
	} else {
		draw_table(cr, &indicators, 60, 60, TRUE, 5, indicators.rows - 1, FALSE);
		draw_para_lines(cr, 60, 300, 475, 20);
	}
}

static void test_continued(void)
{
	char *path = make_pdf("continued.pdf", 2, page_continued);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_EQUAL(t->page, 1);
	CU_ASSERT_EQUAL(t->last_page, 2);
	CU_ASSERT_STRING_EQUAL(t->title ? t->title : "", indicators.title);
	check_table(t, &indicators, NULL);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

/* The last row alone on page 2 under the repeated header, a running head
 * just over it (taken for its title: the repeated header still joins it). */
static void page_last_row(cairo_t *cr, int page)
{
	if (page == 1) {
		draw_para_lines(cr, 60, 60, 475, 30);
		draw_table(cr, &indicators, 60, 600, TRUE, indicators.header_rows, 4, FALSE);
		draw_text(cr, indicators.title, 12, TRUE, 60, 576, table_width(&indicators), 16, 0);
	} else {
		draw_text(cr, "数字朔州 2023年第10期", 9, FALSE, 60, 40, table_width(&indicators), 12, 0);
		draw_table(cr, &indicators, 60, 56, TRUE, 5, 5, FALSE);
		draw_para_lines(cr, 60, 300, 475, 20);
	}
}

static void test_continued_last_row(void)
{
	char *path = make_pdf("lastrow.pdf", 2, page_last_row);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_EQUAL(t->last_page, 2);
	CU_ASSERT_STRING_EQUAL(t->title ? t->title : "", indicators.title);
	/* the indicator table without its row 6 */
	GArray *cells = g_array_new(TRUE, TRUE, sizeof(Spec));
	for (const Spec *c = indicators.cells; c->text; c++)
		if (c->row <= 5)
			g_array_append_val(cells, *c);
	TableSpec six = indicators;
	six.rows = 6;
	six.cells = (const Spec *)cells->data;
	check_table(t, &six, NULL);
	g_array_unref(cells);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

static void page_text(cairo_t *cr, int page)
{
	(void)page;
	draw_text(cr, "2023年10月31日 星期二", 9, FALSE, 40, 30, 500, 12, -1);
	draw_para_lines(cr, 40, 60, 160, 44);
	draw_para_lines(cr, 215, 60, 160, 44);
	draw_para_lines(cr, 390, 60, 160, 44);
}

/* Whether each page of a PDF passes the cheap test that decides whether
 * its rules are read. */
static void page_candidates(const char *path, gboolean *out, int n)
{
	PopplerDocument *doc = open_pdf(path);
	CU_ASSERT_EQUAL(poppler_document_get_n_pages(doc), n);
	for (int p = 0; p < n && p < poppler_document_get_n_pages(doc); p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		QkGlyphPage *gp = qk_extract_glyphs(page, p + 1);
		out[p] = qk_tables_page_candidate(gp);
		qk_glyph_page_free(gp);
		g_object_unref(page);
	}
	g_object_unref(doc);
}

static void test_text_page(void)
{
	char *path = make_pdf("text.pdf", 1, page_text);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL(tabs->len, 0);
	g_ptr_array_unref(tabs);
	/* running text is not even searched for rules; pages with figures are */
	gboolean cand = TRUE;
	page_candidates(path, &cand, 1);
	CU_ASSERT_FALSE(cand);
	remove_pdf(path);
	path = make_pdf("continued.pdf", 2, page_continued);
	gboolean both[2] = { FALSE, FALSE };
	page_candidates(path, both, 2);
	CU_ASSERT_TRUE(both[0]);
	CU_ASSERT_TRUE(both[1]);
	remove_pdf(path);
}

static void page_toc(cairo_t *cr, int page)
{
	(void)page;
	static const char *const titles[] = {
		"盛会落幕处奋进正当时", "推动资源型经济转型发展", "县域经济高质量发展的思考",
		"优化营商环境的实践与探索", "乡村振兴中的杂粮产业", "新型储能项目建设调查",
		"城镇居民收入增长分析", "工业经济运行情况简析",
	};
	draw_text(cr, "目  录", 16, TRUE, 40, 40, 515, 20, 0);
	for (int i = 0; i < 8; i++) {
		char num[16];
		double y = 90 + i * 22;
		g_snprintf(num, sizeof num, "%d", 1 + i * 3);
		draw_text(cr, titles[i], 10.5, FALSE, 40, y, 200, 14, -1);
		draw_text(cr, num, 10.5, FALSE, 240, y, 30, 14, 1);
		g_snprintf(num, sizeof num, "%d", 26 + i * 2);
		draw_text(cr, titles[7 - i], 10.5, FALSE, 300, y, 200, 14, -1);
		draw_text(cr, num, 10.5, FALSE, 510, y, 30, 14, 1);
	}
}

/* A contents page in two columns (titles and page numbers) is no table. */
static void test_toc_page(void)
{
	char *path = make_pdf("toc.pdf", 1, page_toc);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL(tabs->len, 0);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

static void page_framed(cairo_t *cr, int page)
{
	(void)page;
	/* a boxed note: heading, a rule, two columns of prose split by a rule */
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 40, 60, 515, 300);
	cairo_move_to(cr, 40, 90);
	cairo_line_to(cr, 555, 90);
	cairo_move_to(cr, 297, 90);
	cairo_line_to(cr, 297, 360);
	cairo_stroke(cr);
	draw_text(cr, "编者按", 12, TRUE, 40, 66, 515, 18, 0);
	draw_para_lines(cr, 45, 100, 245, 15);
	/* the right column holds two lines of figures (so the page is rendered
	 * and the frame falls in the rendered band) among its prose */
	draw_para_lines(cr, 302, 100, 245, 1);
	draw_para_lines(cr, 302, 132, 245, 11);
	draw_para_lines(cr, 302, 324, 245, 1);
	static const char *const figs[2][3] = { { "粮食", "158.6", "163.2" },
	                                        { "油料", "1520", "1618" } };
	for (int i = 0; i < 2; i++) {
		double y = i == 0 ? 116 : 308;
		draw_text(cr, figs[i][0], 10.5, FALSE, 302, y, 60, 14, -1);
		draw_text(cr, figs[i][1], 10.5, FALSE, 380, y, 60, 14, 1);
		draw_text(cr, figs[i][2], 10.5, FALSE, 470, y, 60, 14, 1);
	}
}

/* Prose in a ruled frame is not a table, even on a rendered page. */
static void test_framed_prose(void)
{
	char *path = make_pdf("framed.pdf", 1, page_framed);
	GPtrArray *tabs = extract_all(path);
	CU_ASSERT_EQUAL(tabs->len, 0);
	g_ptr_array_unref(tabs);
	remove_pdf(path);
}

/* A small table in memory: one header row (A, B), then rows of figures. */
static QkTable *mem_table(int page, int data_rows, const char *title, double x0, double w)
{
	QkTable *t = qk_table_new();
	t->page = t->last_page = page;
	t->ruled = TRUE;
	t->bbox = (QkBox){ x0, 100, x0 + w, 300 };
	t->title = title ? g_strdup(title) : NULL;
	t->cols = 2;
	t->rows = 1 + data_rows;
	t->header_rows = 1;
	QkCell *a = qk_cell_new(0, 0, 1, 1, "A"), *b = qk_cell_new(0, 1, 1, 1, "B");
	a->header = b->header = TRUE;
	g_ptr_array_add(t->cells, a);
	g_ptr_array_add(t->cells, b);
	for (int r = 1; r <= data_rows; r++) {
		char num[16];
		g_snprintf(num, sizeof num, "%d", page * 10 + r);
		g_ptr_array_add(t->cells, qk_cell_new(r, 0, 1, 1, "x"));
		g_ptr_array_add(t->cells, qk_cell_new(r, 1, 1, 1, num));
	}
	return t;
}

static void test_merge(void)
{
	static const struct {
		int page2;            /* page of the second table */
		const char *title2;   /* its title */
		double x2, w2;        /* its left edge and width */
		guint want;           /* tables after merging */
	} cases[] = {
		{ 2, NULL, 50, 300, 1 },          /* continues: merged, header dropped */
		{ 2, "续表1", 50, 300, 1 },       /* 续表 continues too */
		{ 3, NULL, 50, 300, 2 },          /* a page in between */
		{ 2, "表2 另一张表", 50, 300, 2 }, /* a numbered table of its own */
		{ 2, "数字朔州", 50, 300, 1 },    /* a running head over the repeated header */
		{ 2, NULL, 200, 150, 2 },         /* narrower, elsewhere on the page */
		{ 2, NULL, 36, 300, 1 },          /* moved with mirrored margins */
		{ 1, NULL, 50, 300, 2 },          /* same page */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *tabs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
		g_ptr_array_add(tabs, mem_table(1, 3, "表1", 50, 300));
		g_ptr_array_add(tabs, mem_table(cases[i].page2, 2, cases[i].title2, cases[i].x2,
		                                cases[i].w2));
		qk_extract_tables_merge(tabs, NULL);
		CU_ASSERT_EQUAL(tabs->len, cases[i].want);
		if (tabs->len == 1) {
			QkTable *t = g_ptr_array_index(tabs, 0);
			CU_ASSERT_EQUAL(t->rows, 6);
			CU_ASSERT_EQUAL(t->last_page, 2);
			CU_ASSERT_EQUAL(t->cells->len, 12);
			QkCell *c = qk_table_cell(t, 5, 1);
			CU_ASSERT_STRING_EQUAL(c ? c->text->text : "", "22");
			CU_ASSERT_FALSE(c && c->header);
		}
		g_ptr_array_unref(tabs);
	}
}

/* ---- reading order -------------------------------------------------- */

/* Glyphs of size 10 whose boxes are 26 pt tall (as Chromium's Noto Serif
 * CJK gives them) on lines 13 pt apart: text[i] is line i, centred at x. */
static QkGlyphPage *page_of(const char *const *lines, int n, double pitch, double box_h)
{
	QkGlyphPage *gp = g_new0(QkGlyphPage, 1);
	gp->index = 1;
	gp->width = 595;
	gp->height = 842;
	gp->glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	for (int l = 0; l < n; l++) {
		glong len = g_utf8_strlen(lines[l], -1);
		double x = 100 - 5.0 * (double)len / 2, y = 100 + l * pitch;
		for (const char *p = lines[l]; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			double w = g_unichar_iswide(c) ? 10 : 5;
			if (c != ' ') {
				QkGlyph g = { 0 };
				g.ch = c;
				g.size = 10;
				g.box = (QkBox){ x, y - box_h / 2, x + w, y + box_h / 2 };
				g_array_append_val(gp->glyphs, g);
			}
			x += w;
		}
	}
	return gp;
}

static char *text_in_order(const QkGlyphPage *gp, gboolean reversed)
{
	GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < gp->glyphs->len; i++) {
		/* the producer drew the glyphs column by column, or backwards */
		guint n = gp->glyphs->len, step = n % 7 ? 7 : 5;
		guint k = reversed ? n - 1 - i : (i * step) % n;
		g_array_append_val(idx, k);
	}
	char *text = qk_tables_glyph_text(gp, idx);
	g_array_unref(idx);
	return text;
}

static void test_line_order(void)
{
	static const struct {
		const char *lines[3];
		int n;
		const char *want;
	} cases[] = {
		{ { "累计完", "成" }, 2, "累计完成" },
		{ { "同比增长", "(%)" }, 2, "同比增长(%)" },
		{ { "规模以上工业", "增加值(亿元)" }, 2, "规模以上工业增加值(亿元)" },
		{ { "Total", "amount" }, 2, "Total amount" },
		{ { "本年处理", "决定数量", "(件)" }, 3, "本年处理决定数量(件)" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		QkGlyphPage *gp = page_of(cases[i].lines, cases[i].n, 13, 26);
		/* the drawing order below visits every glyph (a step prime to n) */
		CU_ASSERT_TRUE(gp->glyphs->len % 7 || gp->glyphs->len % 5);
		for (int rev = 0; rev < 2; rev++) {
			char *got = text_in_order(gp, rev);
			if (strcmp(got, cases[i].want) != 0)
				fprintf(stderr, "\n  line order: want %s got %s\n", cases[i].want, got);
			CU_ASSERT_STRING_EQUAL(got, cases[i].want);
			g_free(got);
		}
		qk_glyph_page_free(gp);
	}
}

/* A label spanning down to the bottom of page 1 goes on over the empty
 * label cells at the top of page 2 (no repeated header there). */
static void test_merge_spans(void)
{
	for (int filled = 0; filled < 2; filled++) {
		QkTable *a = qk_table_new(), *b = qk_table_new();
		a->page = a->last_page = 1;
		b->page = b->last_page = 2;
		a->cols = b->cols = 2;
		a->rows = 3;
		b->rows = 2;
		a->header_rows = 1;
		a->ruled = b->ruled = TRUE;
		a->bbox = b->bbox = (QkBox){ 50, 100, 300, 200 };
		QkCell *h = qk_cell_new(0, 0, 1, 2, "项目");
		h->header = TRUE;
		g_ptr_array_add(a->cells, h);
		g_ptr_array_add(a->cells, qk_cell_new(1, 0, 2, 1, "办理结果"));
		g_ptr_array_add(a->cells, qk_cell_new(1, 1, 1, 1, "12"));
		g_ptr_array_add(a->cells, qk_cell_new(2, 1, 1, 1, "3"));
		g_ptr_array_add(b->cells, qk_cell_new(0, 0, 2, 1, filled ? "结转" : ""));
		g_ptr_array_add(b->cells, qk_cell_new(0, 1, 1, 1, "7"));
		g_ptr_array_add(b->cells, qk_cell_new(1, 1, 1, 1, "8"));
		GPtrArray *tabs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
		g_ptr_array_add(tabs, a);
		g_ptr_array_add(tabs, b);
		qk_extract_tables_merge(tabs, NULL);
		CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
		CU_ASSERT_EQUAL(a->rows, 5);
		QkCell *c = qk_table_cell(a, 4, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_STRING_EQUAL(c->text->text, filled ? "结转" : "办理结果");
		CU_ASSERT_EQUAL(c->rowspan, filled ? 2 : 4);
		CU_ASSERT_EQUAL(a->cells->len, filled ? 7u : 6u);
		g_ptr_array_unref(tabs);
	}
}

/* The repeated header, then an empty row (a row split by the page break,
 * LibreOffice): both dropped. */
static void test_merge_split_row(void)
{
	GPtrArray *tabs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
	g_ptr_array_add(tabs, mem_table(1, 3, "表1", 50, 300));
	QkTable *b = mem_table(2, 2, NULL, 40, 300);
	for (guint i = 0; i < b->cells->len; i++) {
		QkCell *c = g_ptr_array_index(b->cells, i);
		if (c->row > 0)
			c->row++;
	}
	g_ptr_array_add(b->cells, qk_cell_new(1, 0, 1, 1, ""));
	g_ptr_array_add(b->cells, qk_cell_new(1, 1, 1, 1, ""));
	b->rows++;
	g_ptr_array_add(tabs, b);
	qk_extract_tables_merge(tabs, NULL);
	CU_ASSERT_EQUAL_FATAL(tabs->len, 1);
	QkTable *t = g_ptr_array_index(tabs, 0);
	CU_ASSERT_EQUAL(t->rows, 6);
	QkCell *c = qk_table_cell(t, 4, 1);
	CU_ASSERT_STRING_EQUAL(c ? c->text->text : "", "21");
	g_ptr_array_unref(tabs);
}

static void test_numbers(void)
{
	static const struct { const char *text; gboolean num; } cases[] = {
		{ "691.2", TRUE }, { "-0.6", TRUE }, { "28781", TRUE }, { "1,091,255", TRUE },
		{ "4.5%", TRUE }, { "−3.7", TRUE }, { "累计完成", FALSE }, { "2022年", FALSE },
		{ "同比增长(%)", FALSE }, { "", FALSE }, { "-", FALSE }, { "1—7月", FALSE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		CU_ASSERT_EQUAL(qk_tables_is_number(cases[i].text), cases[i].num);
}

/* ---- a page's cost counted from its inflated content ------------------ */

/* A one-page PDF at path whose content stream is data deflated, its last
 * cut bytes dropped and, when bad_sum, its checksum broken. */
static void write_flate_page(const char *path, const GString *data, gsize cut, gboolean bad_sum)
{
	uLongf zlen = compressBound(data->len);
	guint8 *z = g_malloc(zlen);
	CU_ASSERT_EQUAL_FATAL(compress2(z, &zlen, (const guint8 *)data->str, data->len, 9), Z_OK);
	if (bad_sum)
		z[zlen - 1] ^= 0x5a;
	zlen -= MIN(cut, zlen);
	GString *pdf = g_string_new("%PDF-1.4\n");
	gsize off[4];
	off[0] = pdf->len;
	g_string_append(pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[1] = pdf->len;
	g_string_append(pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[2] = pdf->len;
	g_string_append(pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
	                     "/Contents 4 0 R >>\nendobj\n");
	off[3] = pdf->len;
	g_string_append_printf(pdf, "4 0 obj\n<< /Length %lu /Filter /FlateDecode >>\nstream\n",
	                       (unsigned long)zlen);
	g_string_append_len(pdf, (const char *)z, (gssize)zlen);
	g_string_append(pdf, "\nendstream\nendobj\n");
	gsize xref = pdf->len;
	g_string_append(pdf, "xref\n0 5\n0000000000 65535 f \n");
	for (int i = 0; i < 4; i++)
		g_string_append_printf(pdf, "%010lu 00000 n \n", (unsigned long)off[i]);
	g_string_append_printf(pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
	                       (unsigned long)xref);
	CU_ASSERT_TRUE(g_file_set_contents(path, pdf->str, (gssize)pdf->len, NULL));
	g_string_free(pdf, TRUE);
	g_free(z);
}

/* What page 1 of the PDF of data (write_flate_page) costs: the bound it
 * passes, or "" within them all; NULL when it cannot be read. */
static char *flate_page_over(const GString *data, gsize cut, gboolean bad_sum)
{
	char *path = g_build_filename(g_get_tmp_dir(), "qk-flate-cost.pdf", NULL);
	write_flate_page(path, data, cut, bad_sum);
	QkVector *vec = qk_vector_new(path, NULL, 1);
	QkPageCost *cost = qk_page_cost_new();
	char *over = NULL;
	if (qk_vector_page_cost(vec, 1, cost))
		over = g_strdup(qk_page_cost_over(cost) ? qk_page_cost_over(cost) : "");
	qk_page_cost_free(cost);
	qk_vector_free(vec);
	g_unlink(path);
	g_free(path);
	return over;
}

/* Content deflated without a predictor is inflated by zlib to be counted,
 * in the pieces Poppler's decoder gives; where zlib cannot inflate all of
 * it (a broken checksum, a stream cut short) the count starts again from
 * where the stream began, with Poppler's decoder. A bomb of 600,000 text
 * operators is over the bound either way (counting stops there, before
 * the checksum); a small page with a broken checksum is within every
 * bound (Poppler reads it; nothing was counted twice); so is one cut
 * short. And a copy of a count restores it. */
static void test_flate_cost(void)
{
	GString *bomb = g_string_new("BT\n");
	for (int i = 0; i < 600000; i++)
		g_string_append(bomb, "(ab) Tj\n");
	g_string_append(bomb, "ET\n");
	GString *small = g_string_new("BT\n");
	for (int i = 0; i < 300000; i++)   /* under the 500,000: twice would be over */
		g_string_append(small, "(a) Tj\n");
	g_string_append(small, "ET\n");

	const struct {
		const GString *data;
		gsize cut;
		gboolean bad_sum;
		const char *over;
	} cases[] = {
		{ bomb, 0, FALSE, "more than 500000 text operators" },
		{ bomb, 0, TRUE, "more than 500000 text operators" },
		{ small, 0, FALSE, "" },
		{ small, 0, TRUE, "" },
		{ small, 100, FALSE, "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *over = flate_page_over(cases[i].data, cases[i].cut, cases[i].bad_sum);
		CU_ASSERT_STRING_EQUAL(over ? over : "(null)", cases[i].over);
		g_free(over);
	}

	QkPageCost *c = qk_page_cost_new();
	CU_ASSERT_TRUE(qk_page_cost_piece(c, (const guint8 *)small->str, small->len));
	QkPageCost *saved = qk_page_cost_copy(c);
	CU_ASSERT_FALSE(qk_page_cost_piece(c, (const guint8 *)small->str, small->len));
	CU_ASSERT_PTR_NOT_NULL(qk_page_cost_over(c));
	qk_page_cost_restore(c, saved);
	CU_ASSERT_PTR_NULL(qk_page_cost_over(c));
	CU_ASSERT_TRUE(qk_page_cost_feed(c, NULL, 0));
	qk_page_cost_free(saved);
	qk_page_cost_free(c);
	g_string_free(bomb, TRUE);
	g_string_free(small, TRUE);
}

/* ---- a reading thread's own document ---------------------------------- */

/* The rule pieces, content cost and images of one page through vec. */
static void read_drawing(QkVector *vec, const QkGlyphPage *gp, GArray *h, GArray *v,
                         char **over, QkPageImages *im)
{
	CU_ASSERT_TRUE(qk_vector_rules(vec, gp->index, gp->width, gp->height, h, v));
	QkPageCost *cost = qk_page_cost_new();
	CU_ASSERT_TRUE(qk_vector_page_cost(vec, gp->index, cost));
	*over = g_strdup(qk_page_cost_over(cost));
	qk_page_cost_free(cost);
	CU_ASSERT_TRUE(qk_vector_page_images(vec, gp->index, im));
}

static gboolean same_rules(const GArray *a, const GArray *b)
{
	return a->len == b->len &&
	       (a->len == 0 || memcmp(a->data, b->data, a->len * sizeof(QkRule)) == 0);
}

/* A sample's drawing read through the reading document's own core
 * document (qk_vector_borrow: no second parse of the file) is the one read
 * through a document opened for it: every page's rule pieces, its cost and
 * its images. With the Poppler whose private layout is known, the document
 * can be borrowed. */
static void test_borrowed_document(void)
{
	const char *dir = g_getenv("QK_SAMPLES");
	char *path = dir ? g_build_filename(dir, "magazine-2023-01.pdf", NULL) : NULL;
	if (!path || !g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_free(path);
		return;
	}
	PopplerDocument *doc = open_pdf(path);
	int n = poppler_document_get_n_pages(doc);
	QkVector *own = qk_vector_new(path, NULL, n);
	QkVector *borrowed = qk_vector_borrow(doc, n);
	if (g_str_equal(poppler_get_version(), "22.12.0"))
		CU_ASSERT_PTR_NOT_NULL_FATAL(borrowed);
	int ruled = 0;
	for (int p = 0; borrowed && p < n; p++) {
		PopplerPage *page = poppler_document_get_page(doc, p);
		QkGlyphPage *gp = qk_extract_glyphs(page, p + 1);
		GArray *h[2], *v[2];
		char *over[2];
		QkPageImages im[2];
		for (int k = 0; k < 2; k++) {
			h[k] = g_array_new(FALSE, FALSE, sizeof(QkRule));
			v[k] = g_array_new(FALSE, FALSE, sizeof(QkRule));
			read_drawing(k ? borrowed : own, gp, h[k], v[k], &over[k], &im[k]);
		}
		CU_ASSERT_TRUE(same_rules(h[0], h[1]));
		CU_ASSERT_TRUE(same_rules(v[0], v[1]));
		CU_ASSERT_PTR_NULL(over[0]);
		CU_ASSERT_PTR_NULL(over[1]);
		CU_ASSERT_EQUAL(im[0].count, im[1].count);
		CU_ASSERT_EQUAL(im[0].total, im[1].total);
		ruled += h[1]->len > 0 && v[1]->len > 0;
		for (int k = 0; k < 2; k++) {
			g_array_unref(h[k]);
			g_array_unref(v[k]);
			g_free(over[k]);
		}
		qk_glyph_page_free(gp);
		g_object_unref(page);
	}
	/* the sample's tables are ruled: their pieces were compared */
	if (borrowed)
		CU_ASSERT_TRUE(ruled > 0);
	qk_vector_free(borrowed);
	qk_vector_free(own);
	g_object_unref(doc);
	g_free(path);
}

/* ---- typeset samples against their truth ------------------------------ */

static void test_samples(void)
{
	const char *dir = g_getenv("QK_SAMPLES");
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	if (!d)
		return;
	const char *name;
	int files = 0;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".pdf"))
			continue;
		char *base = g_strndup(name, strlen(name) - 4);
		char *truth_path = g_strdup_printf("%s/%s.truth.xml", dir, base);
		char *pdf = g_build_filename(dir, name, NULL);
		GError *err = NULL;
		QkIssue *truth = g_file_test(truth_path, G_FILE_TEST_EXISTS)
		                 ? qk_model_read_file(truth_path, &err) : NULL;
		if (err) {
			fprintf(stderr, "%s: %s\n", truth_path, err->message);
			g_clear_error(&err);
		}
		if (truth) {
			files++;
			GPtrArray *got = extract_all(pdf);
			int ok = 0, total = 0;
			for (guint i = 0; i < truth->tables->len; i++) {
				QkTable *want = g_ptr_array_index(truth->tables, i);
				QkTable *have = NULL;
				for (guint k = 0; k < got->len && !have; k++) {
					QkTable *g = g_ptr_array_index(got, k);
					if (g->page == want->page)
						have = g;
				}
				total += want->cells->len;
				if (!have) {
					fprintf(stderr, "%s: table on page %d not found\n", name, want->page);
					continue;
				}
				for (guint c = 0; c < want->cells->len; c++) {
					QkCell *w = g_ptr_array_index(want->cells, c);
					QkCell *h = qk_table_cell(have, w->row, w->col);
					if (cell_equal(w, h))
						ok++;
					else
						fprintf(stderr, "%s p%d cell %d,%d: want %dx%d%s \"%s\", got %s\n",
						        name, want->page, w->row, w->col, w->rowspan, w->colspan,
						        w->header ? " H" : "", w->text->text,
						        h ? h->text->text : "(none)");
				}
				CU_ASSERT_EQUAL(have->rows, want->rows);
				CU_ASSERT_EQUAL(have->cols, want->cols);
				CU_ASSERT_EQUAL(have->header_rows, want->header_rows);
				CU_ASSERT_STRING_EQUAL(have->title ? have->title : "",
				                       want->title ? want->title : "");
				CU_ASSERT_STRING_EQUAL(have->source ? have->source : "",
				                       want->source ? want->source : "");
				CU_ASSERT_STRING_EQUAL(have->note ? have->note : "",
				                       want->note ? want->note : "");
				CU_ASSERT_EQUAL(have->ruled, want->ruled);
				CU_ASSERT_EQUAL(have->last_page, want->last_page);
			}
			fprintf(stderr, "%s: %d/%d cells exact, %u tables found, %u in truth\n", name, ok,
			        total, got->len, truth->tables->len);
			CU_ASSERT_EQUAL(ok, total);
			CU_ASSERT_EQUAL(got->len, truth->tables->len);
			g_ptr_array_unref(got);
			qk_issue_free(truth);
		}
		g_free(pdf);
		g_free(truth_path);
		g_free(base);
	}
	g_dir_close(d);
	(void)files;
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("tables", NULL, NULL);
	CU_add_test(s, "numbers", test_numbers);
	CU_add_test(s, "cell lines in reading order: tall boxes, any drawing order", test_line_order);
	CU_add_test(s, "merging tables continued across pages", test_merge);
	CU_add_test(s, "merging: a label spanning across the page break", test_merge_spans);
	CU_add_test(s, "merging: an empty split row under the repeated header", test_merge_split_row);
	CU_add_test(s, "ruled grid with spans, title, source, note", test_ruled);
	CU_add_test(s, "ruled, tight: hairlines touching the glyph boxes", test_tight);
	CU_add_test(s, "rotated and cropped pages: rules in Poppler's page space", test_rotated);
	CU_add_test(s, "no /MediaBox: rules read as vectors; an unreadable drawing: traced from a render",
	            test_render_fallback);
	CU_add_test(s, "unruled table in a text column", test_unruled);
	CU_add_test(s, "unruled: wrapped heading and label, a line with one figure", test_wrapped_label);
	CU_add_test(s, "table continued on the next page", test_continued);
	CU_add_test(s, "continued: the last row alone under the repeated header", test_continued_last_row);
	CU_add_test(s, "text page: no table, rules not read; figure pages are", test_text_page);
	CU_add_test(s, "contents page: no table", test_toc_page);
	CU_add_test(s, "prose in a ruled frame: no table", test_framed_prose);
	CU_add_test(s, "typeset samples against truth", test_samples);
	CU_add_test(s, "a page's cost counted from content inflated by zlib, or Poppler", test_flate_cost);
	CU_add_test(s, "a sample's drawing through the reading document's own core document",
	            test_borrowed_document);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int fails = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails > 0 ? 1 : 0;
}
