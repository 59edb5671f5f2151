/*
 * flow.c — measuring, breaking and drawing lines of Chinese text with
 * pango/cairo, flowing them through columns, and recording every drawn line
 * into the ground-truth page model.
 */
#include "ts.h"

#include <string.h>
#include <cairo-pdf.h>

#include "error.h"

const char *const QK_TS_SERIF = "Noto Serif CJK SC";
const char *const QK_TS_SANS = "Noto Sans CJK SC";

/* Fixed dates make two runs produce the same bytes. */
#define TS_PDF_DATE "2023-01-01T00:00:00Z"

static cairo_status_t
discard_write(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

TsDoc *
qk_ts_doc_new(const char *out, GError **error)
{
	TsDoc *doc = g_new0(TsDoc, 1);

	doc->pw = 595.28;
	doc->ph = 841.89;
	if (out)
		doc->surface = cairo_pdf_surface_create(out, doc->pw, doc->ph);
	else
		doc->surface = cairo_pdf_surface_create_for_stream(discard_write, NULL,
		                                                   doc->pw, doc->ph);
	if (cairo_surface_status(doc->surface) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot create %s: %s",
		            out ? out : "(null)",
		            cairo_status_to_string(cairo_surface_status(doc->surface)));
		cairo_surface_destroy(doc->surface);
		g_free(doc);
		return NULL;
	}
	cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATE_DATE,
	                               TS_PDF_DATE);
	cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_MOD_DATE,
	                               TS_PDF_DATE);
	cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR,
	                               "qk-typeset (qikan sample typesetter)");
	doc->cr = cairo_create(doc->surface);
	doc->truth = qk_issue_new();
	doc->fonts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                   (GDestroyNotify)pango_font_description_free);
	return doc;
}

gboolean
qk_ts_doc_finish(TsDoc *doc, GError **error)
{
	cairo_status_t st;

	qk_ts_block_end(doc);
	cairo_show_page(doc->cr);
	cairo_surface_finish(doc->surface);
	st = cairo_surface_status(doc->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "writing the PDF: %s",
		            cairo_status_to_string(st));
		return FALSE;
	}
	return TRUE;
}

void
qk_ts_doc_free(TsDoc *doc)
{
	if (!doc)
		return;
	qk_block_free(doc->block);
	if (doc->cr)
		cairo_destroy(doc->cr);
	if (doc->surface)
		cairo_surface_destroy(doc->surface);
	qk_issue_free(doc->truth);
	g_hash_table_unref(doc->fonts);
	g_free(doc);
}

void
qk_ts_page_new(TsDoc *doc, double w, double h, const char *label)
{
	qk_ts_block_end(doc);
	if (doc->page_count > 0)
		cairo_show_page(doc->cr);
	doc->page_count++;
	doc->pw = w;
	doc->ph = h;
	cairo_pdf_surface_set_size(doc->surface, w, h);
	doc->page = qk_page_new(doc->page_count, w, h);
	doc->page->label = g_strdup(label);
	g_ptr_array_add(doc->truth->pages, doc->page);
	doc->block_seq = 0;
}

QkBlock *
qk_ts_block_begin(TsDoc *doc, QkRole role, const TsFont *font, int column)
{
	QkBlock *b;

	qk_ts_block_end(doc);
	b = qk_block_new();
	b->role = role;
	b->column = column;
	if (font) {
		b->font = g_strdup(font->family);
		b->size = font->size;
		b->bold = font->bold;
	}
	doc->block = b;
	return b;
}

void
qk_ts_block_end(TsDoc *doc)
{
	QkBlock *b = doc->block;

	if (!b)
		return;
	doc->block = NULL;
	if (!doc->page || b->lines->len == 0) {
		qk_block_free(b);
		return;
	}
	for (guint i = 0; i < b->lines->len; i++) {
		QkLine *l = b->lines->pdata[i];
		if (i == 0) {
			b->bbox = l->bbox;
		} else {
			qk_box_union(&b->bbox, &l->bbox);
		}
	}
	b->id = g_strdup_printf("p%d-b%d", doc->page->index, ++doc->block_seq);
	g_ptr_array_add(doc->page->blocks, b);
}

static const PangoFontDescription *
font_desc(TsDoc *doc, const TsFont *font)
{
	char *key = g_strdup_printf("%s|%.2f|%d", font->family, font->size,
	                            font->bold ? 1 : 0);
	PangoFontDescription *d = g_hash_table_lookup(doc->fonts, key);

	if (d) {
		g_free(key);
		return d;
	}
	d = pango_font_description_new();
	pango_font_description_set_family(d, font->family);
	pango_font_description_set_weight(d, font->bold ? PANGO_WEIGHT_BOLD
	                                                : PANGO_WEIGHT_NORMAL);
	/* cairo user units are points: absolute size avoids the 96 dpi scale */
	pango_font_description_set_absolute_size(d, font->size * PANGO_SCALE);
	g_hash_table_insert(doc->fonts, key, d);
	return d;
}

static PangoLayout *
layout_for(TsDoc *doc, const TsFont *font, const char *text)
{
	PangoLayout *lay = pango_cairo_create_layout(doc->cr);

	pango_layout_set_font_description(lay, font_desc(doc, font));
	pango_layout_set_text(lay, text, -1);
	return lay;
}

double
qk_ts_text_width(TsDoc *doc, const TsFont *font, const char *text)
{
	PangoLayout *lay = layout_for(doc, font, text);
	int w, h;

	pango_layout_get_size(lay, &w, &h);
	g_object_unref(lay);
	return (double)w / PANGO_SCALE;
}

void
qk_ts_draw_line(TsDoc *doc, const TsFont *font, const char *text, double x,
                double y, double line_h)
{
	PangoLayout *lay;
	int w, h;
	double top;
	QkLine *line;

	if (doc->dry)
		return;
	lay = layout_for(doc, font, text);
	pango_layout_get_size(lay, &w, &h);
	top = y + (line_h - (double)h / PANGO_SCALE) / 2;
	cairo_set_source_rgb(doc->cr, 0, 0, 0);
	cairo_move_to(doc->cr, x, top);
	pango_cairo_show_layout(doc->cr, lay);
	g_object_unref(lay);

	if (!doc->block)
		return;
	line = qk_line_new(text);
	line->bbox.x0 = x;
	line->bbox.y0 = y;
	line->bbox.x1 = x + (double)w / PANGO_SCALE;
	line->bbox.y1 = y + line_h;
	line->font = g_strdup(font->family);
	line->size = font->size;
	line->bold = font->bold;
	g_ptr_array_add(doc->block->lines, line);
}

void
qk_ts_draw_aligned(TsDoc *doc, const TsFont *font, const char *text, double x,
                   double w, double y, double line_h, TsAlign align)
{
	double tw = qk_ts_text_width(doc, font, text);
	double dx = 0;

	if (doc->dry)
		return;
	if (align == TS_CENTER)
		dx = (w - tw) / 2;
	else if (align == TS_RIGHT)
		dx = w - tw;
	qk_ts_draw_line(doc, font, text, x + MAX(0, dx), y, line_h);
}

void
qk_ts_fill_rect(TsDoc *doc, double x, double y, double w, double h,
                double grey)
{
	if (doc->dry)
		return;
	cairo_set_source_rgb(doc->cr, grey, grey, grey);
	cairo_rectangle(doc->cr, x, y, w, h);
	cairo_fill(doc->cr);
}

void
qk_ts_stroke_line(TsDoc *doc, double x0, double y0, double x1, double y1,
                  double width)
{
	if (doc->dry)
		return;
	cairo_set_source_rgb(doc->cr, 0, 0, 0);
	cairo_set_line_width(doc->cr, width);
	cairo_move_to(doc->cr, x0, y0);
	cairo_line_to(doc->cr, x1, y1);
	cairo_stroke(doc->cr);
}

/* ---- line breaking --------------------------------------------------- */

/* 避头: characters a line may not start with. */
static const char NO_START[] =
	"。，、．：；！？）］｝」』】〕〉》”’…—～·％‰%,.;:!?)]}";
/* 避尾: characters a line may not end with. */
static const char NO_END[] = "（［｛「『【〔〈《“‘([{";

static gboolean
in_set(const char *set, gunichar c)
{
	return g_utf8_strchr(set, -1, c) != NULL;
}

static gboolean
word_char(gunichar c)
{
	return c < 0x80 && g_ascii_isgraph((char)c) && !in_set("([{", c);
}

static gboolean
can_break(const gunichar *cs, int b)
{
	if (in_set(NO_START, cs[b]) || in_set(NO_END, cs[b - 1]))
		return FALSE;
	if (word_char(cs[b - 1]) && word_char(cs[b]))
		return FALSE;
	return TRUE;
}

GPtrArray *
qk_ts_break(TsDoc *doc, const TsFont *font, const char *text, double width,
            double indent)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	int n = (int)g_utf8_strlen(text, -1);
	gunichar *cs;
	int *off;
	double *adv;
	PangoLayout *lay;
	int start = 0;
	double avail = width - indent;
	const char *p;
	int total_w, total_h;

	if (n == 0)
		return lines;
	cs = g_new(gunichar, n + 1);
	off = g_new(int, n + 1);
	adv = g_new(double, n);
	p = text;
	for (int i = 0; i < n; i++) {
		off[i] = (int)(p - text);
		cs[i] = g_utf8_get_char(p);
		p = g_utf8_next_char(p);
	}
	off[n] = (int)(p - text);
	cs[n] = 0;

	/* One unbroken layout gives every character's advance. */
	lay = layout_for(doc, font, text);
	pango_layout_get_size(lay, &total_w, &total_h);
	for (int i = 0; i < n; i++) {
		PangoRectangle a, b;
		pango_layout_index_to_pos(lay, off[i], &a);
		if (i + 1 < n) {
			pango_layout_index_to_pos(lay, off[i + 1], &b);
			adv[i] = (double)(b.x - a.x) / PANGO_SCALE;
		} else {
			adv[i] = (double)(total_w - a.x) / PANGO_SCALE;
		}
		if (adv[i] < 0)
			adv[i] = (double)a.width / PANGO_SCALE;
	}
	g_object_unref(lay);

	while (start < n) {
		double w = 0;
		int i = start, b;

		while (i < n && w + adv[i] <= avail + 0.01) {
			w += adv[i];
			i++;
		}
		if (i >= n) {
			g_ptr_array_add(lines, g_strndup(text + off[start],
			                                 off[n] - off[start]));
			break;
		}
		b = i;
		while (b > start && !can_break(cs, b))
			b--;
		if (b <= start)
			b = MAX(i, start + 1);
		{
			char *line = g_strndup(text + off[start], off[b] - off[start]);
			g_strchomp(line);
			g_ptr_array_add(lines, line);
		}
		start = b;
		while (start < n && cs[start] == ' ')
			start++;
		avail = width;
	}
	g_free(cs);
	g_free(off);
	g_free(adv);
	return lines;
}

double
qk_ts_text_height(TsDoc *doc, const TsFont *font, const char *text,
                  double width, double line_h, double indent)
{
	GPtrArray *lines = qk_ts_break(doc, font, text, width, indent);
	double h = lines->len * line_h;

	g_ptr_array_unref(lines);
	return h;
}

/* ---- flowing through columns ----------------------------------------- */

gboolean
qk_ts_flow_advance(TsFlow *flow)
{
	qk_ts_block_end(flow->doc);
	if (flow->col + 1 < flow->ncols) {
		flow->col++;
		flow->y = flow->top[flow->col];
		return TRUE;
	}
	if (flow->next && flow->next(flow, flow->next_data)) {
		flow->col = 0;
		flow->y = flow->top[0];
		return TRUE;
	}
	flow->overflow = TRUE;
	return FALSE;
}

gboolean
qk_ts_flow_need(TsFlow *flow, double h)
{
	if (flow->y + h <= flow->bottom + 0.01)
		return TRUE;
	return qk_ts_flow_advance(flow);
}

gboolean
qk_ts_flow_text(TsFlow *flow, QkRole role, const TsFont *font,
                const char *text, double line_h, double indent, TsAlign align)
{
	GPtrArray *lines = qk_ts_break(flow->doc, font, text, flow->col_w, indent);
	gboolean ok = TRUE;

	for (guint i = 0; i < lines->len; i++) {
		double x;

		if (flow->y + line_h > flow->bottom + 0.01) {
			if (!qk_ts_flow_advance(flow)) {
				ok = FALSE;
				break;
			}
		}
		if (!flow->doc->block)
			qk_ts_block_begin(flow->doc, role, font,
			                  flow->first_col_index + flow->col);
		x = flow->col_x[flow->col] + (i == 0 ? indent : 0);
		qk_ts_draw_aligned(flow->doc, font, lines->pdata[i], x,
		                   flow->col_w - (i == 0 ? indent : 0), flow->y, line_h,
		                   align);
		flow->y += line_h;
	}
	qk_ts_block_end(flow->doc);
	g_ptr_array_unref(lines);
	return ok;
}
