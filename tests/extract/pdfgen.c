/*
 * pdfgen.c — synthetic magazine and newspaper pages for the layout tests
 * (see pdfgen.h). Text is laid out by hand, one em per CJK character, so
 * the tests know exactly where every line and paragraph is.
 */
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include "pdfgen.h"

#define FONT "Noto Serif CJK SC"

/* Sentences written for these tests. */
static const char *const sentences[] = {
	"今年以来，本地的制造企业加快了设备更新的步伐",
	"新建的生产线已经连续运转三个月，产品合格率稳步提高",
	"园区管理部门把服务窗口前移到项目现场",
	"技术人员每天记录能耗数据，并在周会上逐项分析",
	"农户通过合作社统一采购种子和肥料，成本明显下降",
	"物流企业在城郊新设了两个分拣中心",
	"职业学校根据岗位需要调整了课程安排",
	"部分乡镇试点把闲置校舍改造成养老服务点",
	"银行机构针对小微企业推出了期限更灵活的贷款",
	"河道治理工程完成后，沿岸的步道向市民开放",
	"气象部门提醒，入冬后需要注意道路结冰",
	"社区志愿者利用周末为老人上门检修电器",
};

/* n as full-width digits (so every character is one em wide). */
static void append_fw_number(GString *s, int n)
{
	char *ascii = g_strdup_printf("%d", n);
	for (char *p = ascii; *p; p++)
		g_string_append_unichar(s, 0xFF10 + (gunichar)(*p - '0'));
	g_free(ascii);
}

char *pdfgen_paragraph(int n)
{
	GString *s = g_string_new("第");
	append_fw_number(s, n + 1);
	g_string_append(s, "段");
	int k = 3 + n % 4;
	for (int i = 0; i < k; i++) {
		g_string_append(s, sentences[(n * 5 + i * 7) % G_N_ELEMENTS(sentences)]);
		g_string_append(s, i + 1 < k ? (i % 2 ? "。" : "，") : "。");
	}
	return g_string_free(s, FALSE);
}

/* tracking: extra space between letters, in em (negative: tighter) */
static void draw_text_in(cairo_t *cr, const char *font, double tracking, double x,
                         double y, double size, gboolean bold, const char *text)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	/* exact advances: one em per CJK character, as the tests assume */
	PangoContext *ctx = pango_layout_get_context(layout);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_layout_context_changed(layout);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_text(layout, text, -1);
	if (tracking != 0) {
		PangoAttrList *al = pango_attr_list_new();
		pango_attr_list_insert(al, pango_attr_letter_spacing_new(
			(int)(tracking * size * PANGO_SCALE)));
		pango_layout_set_attributes(layout, al);
		pango_attr_list_unref(al);
	}
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(fd);
	g_object_unref(layout);
}

static void draw_text(cairo_t *cr, double x, double y, double size, gboolean bold,
                      const char *text)
{
	draw_text_in(cr, FONT, 0, x, y, size, bold, text);
}

/* Centre text of n characters of the given size over [x0, x1]. */
static void draw_centred(cairo_t *cr, double x0, double x1, double y, double size,
                         gboolean bold, const char *text)
{
	double w = (double)g_utf8_strlen(text, -1) * size;
	draw_text(cr, x0 + (x1 - x0 - w) / 2, y, size, bold, text);
}

/* Paragraphs broken into lines of cpl characters; the first line of each
 * paragraph is indented by two ideographic spaces. */
static GPtrArray *break_lines(const int *paras, int n, int cpl)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < n; i++) {
		char *p = pdfgen_paragraph(paras[i]);
		GString *all = g_string_new("\u3000\u3000");
		g_string_append(all, p);
		g_free(p);
		const char *s = all->str;
		while (*s) {
			const char *e = s;
			for (int c = 0; c < cpl && *e; c++)
				e = g_utf8_next_char(e);
			g_ptr_array_add(lines, g_strndup(s, (gsize)(e - s)));
			s = e;
		}
		g_string_free(all, TRUE);
	}
	return lines;
}

/* Draws up to rows lines from lines[*next] down a column. */
static void fill_column(cairo_t *cr, GPtrArray *lines, guint *next, double x, double y,
                        int rows, double size, double leading)
{
	for (int r = 0; r < rows && *next < lines->len; r++, (*next)++)
		draw_text(cr, x, y + r * leading, size, FALSE, g_ptr_array_index(lines, *next));
}

static void draw_picture(cairo_t *cr, double x, double y, double w, double h)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 48);
	cairo_t *ic = cairo_create(img);
	cairo_set_source_rgb(ic, 0.4, 0.6, 0.5);
	cairo_paint(ic);
	cairo_set_source_rgb(ic, 0.9, 0.8, 0.3);
	cairo_arc(ic, 40, 20, 10, 0, 6.3);
	cairo_fill(ic);
	cairo_destroy(ic);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, w / 64, h / 48);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

/* A new PDF at path with black ink; NULL when cairo cannot write it. */
static cairo_t *doc_begin(const char *path, double width, double height)
{
	cairo_surface_t *surf = cairo_pdf_surface_create(path, width, height);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return NULL;
	}
	cairo_t *cr = cairo_create(surf);
	cairo_surface_destroy(surf);  /* cr holds it */
	cairo_set_source_rgb(cr, 0, 0, 0);
	return cr;
}

/* Finishes the PDF doc_begin started; TRUE when it was written whole. */
static gboolean doc_end(cairo_t *cr)
{
	cairo_surface_t *surf = cairo_surface_reference(cairo_get_target(cr));
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	gboolean ok = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(surf);
	return ok;
}


int pdfgen_magazine(const char *path, int n_body)
{
	const double W = 595, H = 842, size = 10.5, lead = 18;
	const int cpl = 22;
	const double col_x[2] = { 60, 60 + cpl * size + 20 };
	cairo_t *cr = doc_begin(path, W, H);
	if (!cr)
		return -1;

	/* cover: name, and an overprinted (fake bold) line */
	draw_centred(cr, 0, W, 120, 40, FALSE, "城乡观察");
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_text(cr, 200, 300, 30, FALSE, "年度报告");
	draw_text(cr, 200.25, 300.2, 30, FALSE, "年度报告");
	/* the same run again, 0.3 pt lower, with more text after it (Poppler
	 * does not merge this one itself) */
	draw_text(cr, 150, 500, 18, FALSE, "年度报告发布日期：");
	draw_text(cr, 150, 500.3, 18, FALSE, "年度报告发布日期：2023");
	cairo_show_page(cr);

	int n_paras = 16 * (n_body + 1);
	int *paras = g_new(int, n_paras);
	for (int i = 0; i < n_paras; i++)
		paras[i] = i;
	GPtrArray *lines = break_lines(paras, n_paras, cpl);
	guint next = 0;
	int label = 11;
	for (int pg = 0; pg < n_body + 1; pg++) {
		if (pg == 1) {
			/* pdf page 3: a full-page picture, no text, no number */
			draw_picture(cr, 40, 40, W - 80, H - 80);
			cairo_show_page(cr);
			label++;
			continue;
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		draw_text(cr, 60, 40, 9, FALSE, "·本期特稿·");
		char *num = g_strdup_printf("·%d·", label++);
		draw_centred(cr, 0, W, 800, 9, FALSE, num);
		/* a footer repeated on every page: furniture by repetition only */
		draw_text(cr, 60, 800, 8, FALSE, "城乡观察 2023年第1期");
		g_free(num);
		double top = 90;
		int rows = 38;
		if (pg == 0) {
			draw_centred(cr, 0, W, 100, 22, TRUE, "园区里的新变化");
			draw_centred(cr, 0, W, 150, size, FALSE, "文/张明远");
			top = 200;
			rows = 32;
		}
		for (int c = 0; c < 2; c++)
			fill_column(cr, lines, &next, col_x[c], top, rows, size, lead);
		cairo_show_page(cr);
		if (next >= lines->len)
			break;
	}
	/* paragraphs fully or partly drawn */
	int drawn = 0;
	{
		guint seen = 0;
		for (int i = 0; i < n_paras && seen < next; i++) {
			char *p = pdfgen_paragraph(i);
			glong len = g_utf8_strlen(p, -1) + 2;
			seen += (guint)((len + cpl - 1) / cpl);
			g_free(p);
			drawn++;
		}
	}
	g_ptr_array_unref(lines);
	g_free(paras);
	gboolean ok = doc_end(cr);
	return ok ? drawn : -1;
}

gboolean pdfgen_newspaper(const char *path)
{
	const double W = 595, H = 842, size = 10.5, lead = 17;
	const int cpl = 11;
	double col_x[4];
	for (int c = 0; c < 4; c++)
		/* a narrow gutter, about one em: found by the white channel */
		col_x[c] = 40 + c * (cpl * size + 11);
	double half = col_x[2] - 8;
	cairo_t *cr = doc_begin(path, W, H);
	if (!cr)
		return FALSE;

	int a_paras[6], b_paras[6];
	for (int i = 0; i < 6; i++) {
		a_paras[i] = 100 + i;
		b_paras[i] = 200 + i;
	}
	GPtrArray *la = break_lines(a_paras, 6, cpl);
	GPtrArray *lb = break_lines(b_paras, 6, cpl);
	guint na = 0, nb = 0;

	/* page 1: edition header, masthead, two articles side by side */
	draw_text(cr, 40, 30, 9, FALSE, "第1版 要闻 2023年10月31日");
	draw_centred(cr, 0, W, 55, 48, TRUE, "城乡日报");
	draw_centred(cr, 0, W, 118, 9, FALSE, "国内统一连续出版物号：CN14—0031");
	draw_centred(cr, col_x[0], col_x[1] + cpl * size, 150, 18, TRUE, "新厂房里的冬季生产");
	fill_column(cr, la, &na, col_x[0], 190, 30, size, lead);
	fill_column(cr, la, &na, col_x[1], 190, 29, size, lead);
	draw_text(cr, col_x[1], 190 + 29 * lead, size, FALSE, "（下转第2版）");
	draw_centred(cr, col_x[2], col_x[3] + cpl * size, 150, 18, TRUE, "河边步道开放了");
	draw_picture(cr, col_x[2], 185, cpl * size, 80);
	draw_text(cr, col_x[2], 270, 9, FALSE, "修缮后的步道 王刚 摄");
	fill_column(cr, lb, &nb, col_x[2], 300, 24, size, lead);
	fill_column(cr, lb, &nb, col_x[3], 190, 30, size, lead);
	/* continuation lines in the page foot on both pages: alike but for
	 * the number, yet not furniture */
	draw_text(cr, col_x[3], 805, size, FALSE, "（下转第4版）");
	cairo_show_page(cr);

	/* page 2: the rest of article A, then whatever is left of B */
	draw_text(cr, 40, 30, 9, FALSE, "第2版 要闻 2023年10月31日");
	draw_text(cr, col_x[0], 70, size, FALSE, "（上接第1版）");
	fill_column(cr, la, &na, col_x[0], 70 + lead, 40, size, lead);
	fill_column(cr, lb, &nb, col_x[1], 70, 40, size, lead);
	draw_text(cr, col_x[3], 805, size, FALSE, "（下转第3版）");
	cairo_show_page(cr);

	g_ptr_array_unref(la);
	g_ptr_array_unref(lb);
	gboolean ok = doc_end(cr);
	(void)H;
	(void)half;
	return ok;
}

gboolean pdfgen_garbled(const char *path)
{
	cairo_t *cr = doc_begin(path, 595, 842);
	if (!cr)
		return FALSE;
	/* what GBK bytes look like when a viewer reads them as Latin-1 */
	static const char *const junk[] = {
		"Ä¿Â¼ ¹ØÓÚºì¾ü×÷Õ½µÄÔ­Ôò",
		"¶Ô¹ú·ÀÎÊÌâµÄÒâ¼û £±",
		"£¨Ò»¾ÅÈýÆßÄê°ËÔÂÒ»ÈÕ£©",
	};
	for (guint i = 0; i < G_N_ELEMENTS(junk); i++)
		draw_text(cr, 60, 100 + 30 * i, 12, FALSE, junk[i]);
	cairo_show_page(cr);
	char *p = pdfgen_paragraph(0);
	draw_text(cr, 60, 100, 10.5, FALSE, p);
	g_free(p);
	cairo_show_page(cr);
	gboolean ok = doc_end(cr);
	return ok;
}

gboolean pdfgen_latin(const char *path)
{
	cairo_t *cr = doc_begin(path, 595, 842);
	if (!cr)
		return FALSE;
	char *p = pdfgen_paragraph(0);
	char *line = g_utf8_substring(p, 0, 40);
	draw_text(cr, 60, 100, 10.5, FALSE, line);
	g_free(line);
	g_free(p);
	/* doubled letters side by side, in a few sizes */
	static const double sizes[] = { 9, 10.5, 14, 24 };
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		draw_text_in(cr, "Noto Sans CJK SC", 0, 60, 160 + 50 * i, sizes[i], FALSE,
		             PDFGEN_LATIN_LINE);
		/* tight tracking, as in headlines: an l then advances less than
		 * a quarter em */
		draw_text_in(cr, "Noto Sans CJK SC", -0.08, 60, 500 + 50 * i, sizes[i], FALSE,
		             PDFGEN_LATIN_LINE);
	}
	cairo_show_page(cr);
	gboolean ok = doc_end(cr);
	return ok;
}

/* One ruled table part: n rows of three cells from row first, top at y. */
static double draw_table_rows(cairo_t *cr, double y, int first, int n, gboolean header)
{
	static const double xs[] = { 80, 260, 390, 520 };
	const double row_h = 20;
	cairo_set_line_width(cr, 0.6);
	for (int r = 0; r < n + (header ? 1 : 0); r++) {
		double yy = y + r * row_h;
		for (int c = 0; c < 3; c++) {
			cairo_rectangle(cr, xs[c], yy, xs[c + 1] - xs[c], row_h);
			cairo_stroke(cr);
			char *text;
			if (header && r == 0)
				text = g_strdup(c == 0 ? "指标" : c == 1 ? "本月" : "同比增长%");
			else {
				int row = first + r - (header ? 1 : 0);
				text = c == 0 ? g_strdup_printf("地区%d", row + 1)
				              : g_strdup_printf("%d.%d", 120 + row * 7 + c * 31, (row + c) % 10);
			}
			draw_text(cr, xs[c] + 4, yy + 4, 9, FALSE, text);
			g_free(text);
		}
	}
	return y + (n + (header ? 1 : 0)) * row_h;
}

gboolean pdfgen_continued_table(const char *path)
{
	cairo_t *cr = doc_begin(path, 595, 842);
	if (!cr)
		return FALSE;
	for (int i = 0; i < 3; i++) {
		char *p = pdfgen_paragraph(i);
		char *line = g_utf8_substring(p, 0, 40);
		draw_text(cr, 80, 80 + 24 * i, 10.5, FALSE, line);
		g_free(line);
		g_free(p);
	}
	draw_centred(cr, 80, 520, 580, 12, TRUE, "表1 各地区主要指标");
	draw_table_rows(cr, 600, 0, PDFGEN_TABLE_ROWS_1, TRUE);
	cairo_show_page(cr);
	double y = draw_table_rows(cr, 80, PDFGEN_TABLE_ROWS_1, PDFGEN_TABLE_ROWS_2, FALSE);
	for (int i = 3; i < 6; i++) {
		char *p = pdfgen_paragraph(i);
		char *line = g_utf8_substring(p, 0, 40);
		draw_text(cr, 80, y + 30 + 24 * (i - 3), 10.5, FALSE, line);
		g_free(line);
		g_free(p);
	}
	cairo_show_page(cr);
	gboolean ok = doc_end(cr);
	return ok;
}
