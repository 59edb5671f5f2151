/*
 * ocrread.c — Tesseract's result made the page's glyphs: each symbol its
 * share of its word's box (placed on its ink by ocrplace.c), the size of
 * its text line, lines of junk (photographs read as text) dropped, bold
 * told from the ink.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"

/* A word's box from the LSTM is at times several times as wide as its
 * ink (装机 over 77 pt of a 10 pt line, which pushed the rest of the line
 * across the gutter into the next column): it is cut to
 * QK_OCR_WIDEST_WORD times the width its characters take (an em for CJK,
 * half for the rest), from its left edge, and no word runs past the end
 * of its text line, whose box is the ink's. */
#define QK_OCR_WIDEST_WORD 1.5

static double word_ems(GArray *glyphs, guint from)
{
	double ems = 0;
	for (guint i = from; i < glyphs->len; i++)
		ems += qk_ocr_spaced(g_array_index(glyphs, QkGlyph, i).ch) ? 0.6 : 1.0;
	return ems;
}

/* A text line's box is as tall as what it holds: a line with quotes or
 * brackets is a point taller than its neighbour without, and layout ends a
 * block at every change of size. Sizes within QK_OCR_SAME_SIZE of the
 * page's most common one (by glyphs) are taken as that one: body text is
 * one size again, headlines stay apart. */

/* The most common size of glyphs (half points): the body text's. */
double qk_ocr_common_size(GArray *glyphs)
{
	GHashTable *count = g_hash_table_new(g_direct_hash, g_direct_equal);
	int best = 0, mode = 0;
	for (guint i = 0; i < glyphs->len; i++) {
		int k = (int)lround(g_array_index(glyphs, QkGlyph, i).size * 2);
		int c = GPOINTER_TO_INT(g_hash_table_lookup(count, GINT_TO_POINTER(k))) + 1;
		g_hash_table_insert(count, GINT_TO_POINTER(k), GINT_TO_POINTER(c));
		if (c > best || (c == best && k < mode)) {
			best = c;
			mode = k;
		}
	}
	g_hash_table_destroy(count);
	return mode / 2.0;
}

void qk_ocr_unify_sizes(GArray *glyphs)
{
	double m = qk_ocr_common_size(glyphs);
	for (guint i = 0; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (fabs(g->size - m) <= QK_OCR_SAME_SIZE * m)
			g->size = m;
	}
}

/* Bold, which a scan does not name: a line whose ink covers more than
 * QK_OCR_BOLD_INK times the share the page's body lines cover (the
 * median by characters) is bold. Measured on the mini sample's scan at
 * 200 dpi: its bold headings and TOC section names cover 1.6-2.4 times
 * the body's share, body lines under 1.4, small running heads, captions
 * and the lead in another face 1.4-1.57; chromium-mag-01's scan has no
 * line over 1.5. */
#define QK_OCR_BOLD_INK 1.6

static int cmp_ink(gconstpointer a, gconstpointer b)
{
	double x = ((const QkOcrLine *)a)->ink, y = ((const QkOcrLine *)b)->ink;
	return (x > y) - (x < y);
}

void qk_ocr_mark_bold(GArray *glyphs, GArray *lines)
{
	if (!lines->len)
		return;
	GArray *sorted = g_array_copy(lines);
	g_array_sort(sorted, cmp_ink);
	guint total = 0, half = 0;
	for (guint i = 0; i < sorted->len; i++)
		total += g_array_index(sorted, QkOcrLine, i).to - g_array_index(sorted, QkOcrLine, i).from;
	double median = 0;
	for (guint i = 0; i < sorted->len; i++) {
		const QkOcrLine *l = &g_array_index(sorted, QkOcrLine, i);
		half += l->to - l->from;
		if (2 * half >= total) {
			median = l->ink;
			break;
		}
	}
	g_array_free(sorted, TRUE);
	for (guint i = 0; median > 0 && i < lines->len; i++) {
		const QkOcrLine *l = &g_array_index(lines, QkOcrLine, i);
		if (l->ink > QK_OCR_BOLD_INK * median)
			for (guint k = l->from; k < l->to && k < glyphs->len; k++)
				g_array_index(glyphs, QkGlyph, k).bold = TRUE;
	}
}

/* Photographs and grey boxes: Tesseract reads them as a few characters it
 * is hardly sure of (EL了 17, Xe天详 15, 日 14, 0 0 on chromium-mag-01's
 * scan at 200 dpi), which became titles and articles. A line of at most
 * QK_OCR_JUNK_LEN characters whose words' mean confidence is under
 * QK_OCR_JUNK_CONF goes, outside the bands, where a folio misread (P?5 11)
 * is read again. Misread text is surer: a byline 文／王晓东 read 福/王量未
 * scored 42, the lowest real line of that scan 36. */
#define QK_OCR_JUNK_LEN 4
#define QK_OCR_JUNK_CONF 25.0
/* A line of so few characters whose box is narrower than this share of
 * its height for each is a picture's edge or a rule, however sure the
 * reading: weasyprint-mag-143 p9 at 200 dpi read a photograph's edge as
 * |, 和, 1 and | (1–3 px wide, 2–13 pt tall), and the | set large opened
 * an untitled article in mid-text. A Han character is as wide as tall, a
 * digit 1 about a third. */
#define QK_OCR_SLIM 0.3

static gboolean junk_line(const QkGlyphPage *gp, guint n, double conf, double y0, double y1,
                          const QkOcrLine *box)
{
	if (n > QK_OCR_JUNK_LEN)
		return FALSE;
	if (box->r - box->l < QK_OCR_SLIM * (box->b - box->t) * n)
		return TRUE;
	return conf < QK_OCR_JUNK_CONF &&
	       y0 > QK_OCR_BAND * gp->height && y1 < (1 - QK_OCR_BAND) * gp->height;
}

/* A text line's box takes in a rule or bar beside its text (6 | 晋北发展研究
 * 2022年第9期 was half as tall again as the body): when its symbols' median
 * height (Han characters only, in pixels) is under QK_OCR_STRETCHED of
 * the box's (and not under QK_OCR_STRETCHED_MIN for a few symbols: mini's
 * ·经济社会· got 2.5 pt from its symbols' boxes), the line's size is taken from them instead, a symbol being
 * QK_OCR_SYMBOL_EM of an em. Only then: the LSTM's symbol boxes are rough
 * (a few run half as tall again as their line), so the box's height stays
 * the measure of every other line. Measured on the mini sample's scan at
 * 150 dpi: body symbols 0.87-0.97 of their line. Ruled table rows
 * (symbols 0.65 of their line on libreoffice-mag-13) are so too. */
#define QK_OCR_STRETCHED_MIN 0.5
/* … unless the line has this many Han symbols: their median is sure then.
 * A row of body text beside a heading in the next column (weasyprint-mag-133's
 * page 5 at 200 dpi: three columns' rows level, 一、市场规模持续扩大 in the
 * middle one) got a box twice its height, 39 symbols at 0.42 of it, and read
 * as a headline of 19.5 pt that cut its article. */
#define QK_OCR_STRETCHED_MANY 10
#define QK_OCR_SYMBOL_EM 0.92

static int cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void stretched_line(GArray *glyphs, guint from, GArray *heights, int line_px, double sy)
{
	if (heights->len < 2 || line_px <= 0)
		return;
	g_array_sort(heights, cmp_int);
	int median = g_array_index(heights, int, heights->len / 2);
	if ((median < QK_OCR_STRETCHED_MIN * line_px &&
	     heights->len < QK_OCR_STRETCHED_MANY) ||
	    median >= QK_OCR_STRETCHED * line_px)
		return;
	double size = MAX(round(2 * median / QK_OCR_SYMBOL_EM / sy) / 2, 1);
	for (guint i = from; i < glyphs->len; i++)
		g_array_index(glyphs, QkGlyph, i).size = size;
}

/* … and a word with (almost) no ink in or within half an em of its box
 * is one too: 。 read in the blank between two columns */
#define QK_OCR_BLANK_WORD 0.005

/* Tesseract's result → glyphs in page points; the mean word confidence
 * (Tesseract's own measure of a page), weighted by characters kept. */
double qk_ocr_read_symbols(TessResultIterator *ri, QkGlyphPage *gp, double sx, double sy,
                           double ox, double oy, PIX *bin, GArray *lines)
{
	TessPageIterator *pi = T.TessResultIteratorGetPageIterator(ri);
	const char *font = g_intern_static_string("");
	GArray *conf = g_array_new(FALSE, FALSE, sizeof(float));
	QkBox wb = { 0 };
	double line_y0 = 0, line_y1 = 0, line_x = 0, line_r = 0, sum = 0, line_conf = 0, line_sum = 0;
	int line_words = 0;
	guint word_start = 0, line_start = 0, counted = 0;
	int line_px = 0, line_t = 0, line_ticks = -1;
	gboolean word_blank = FALSE;
	/* the symbols' places (pixels) of the word and the line */
	GArray *word_at = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *line_at = g_array_new(FALSE, FALSE, sizeof(double));
	float word_conf = 0;
	GArray *hts = g_array_new(FALSE, FALSE, sizeof(int));
	do {
		int l, t, r, b;
		if (T.TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE) &&
		    T.TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r, &b)) {
			line_y0 = t / sy + oy;
			line_y1 = b / sy + oy;
			line_start = gp->glyphs->len;
			line_x = l / sx + ox;
			line_r = r / sx + ox;
			line_px = b - t;
			line_t = t;
			line_ticks = -1;
			g_array_set_size(line_at, 0);
			line_conf = line_sum = 0;
			line_words = 0;
			g_array_set_size(hts, 0);
			if (lines) {
				QkOcrLine ol = { gp->glyphs->len, gp->glyphs->len,
				                 qk_ocr_line_ink(bin, l, t, r, b), l, t, r, b, 0, 0 };
				g_array_append_val(lines, ol);
			}
		}
		if (T.TessPageIteratorIsAtBeginningOf(pi, RIL_WORD) &&
		    T.TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b)) {
			word_start = gp->glyphs->len;
			word_conf = T.TessResultIteratorConfidence(ri, RIL_WORD);
			line_conf += word_conf;
			line_words++;
			wb = (QkBox){ l / sx + ox, line_y0, r / sx + ox, line_y1 };
			/* half an em either side: a mark's box misses its ink at
			 * times (a comma's runs on into the blank after it) */
			word_blank = bin && qk_ocr_line_ink(bin, MAX(l - line_px / 2, 0), t,
			                                    r + line_px / 2, b) < QK_OCR_BLANK_WORD;
			g_array_set_size(conf, 0);
			g_array_set_size(word_at, 0);
		}
		char *text = T.TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
		float c = T.TessResultIteratorConfidence(ri, RIL_SYMBOL);
		gunichar mark = 0;
		int ml, mt, mr, mb;
		if (bin && gp->glyphs->len == line_start &&
		    T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &ml, &mt, &mr, &mb))
			mark = qk_ocr_solid_mark(bin, ml, mt, mr, mb, line_px);
		if (bin && !mark && gp->glyphs->len == line_start &&
		    T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &ml, &mt, &mr, &mb))
			mark = qk_ocr_hollow_mark(bin, ml, line_t, line_t + line_px, line_px);
		if (text && qk_ocr_is_han(g_utf8_get_char(text)) &&
		    T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &ml, &mt, &mr, &mb)) {
			int hh = mb - mt;
			g_array_append_val(hts, hh);
		}
		/* where the symbol's ink starts, and half an em on: its middle
		 * (the LSTM's box runs on past its ink at times) */
		double sym_at = -1;
		int al, at_, ar, ab;
		if (bin && T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &al, &at_, &ar, &ab))
			sym_at = al + MIN(ar - al, line_px) / 2.0;
		int ql = 0, qt, qr = 0, qb;
		gunichar first_ch = text ? g_utf8_get_char(text) : 0;
		gboolean quote_box = bin && text && (qk_ocr_is_quote(first_ch) ||
		                                     (text[0] && !text[1] && strchr("-*", text[0]))) &&
		                     T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &ql, &qt, &qr, &qb);
		for (const char *s = text && g_utf8_validate(text, -1, NULL) ? text : "";
		     *s; s = g_utf8_next_char(s)) {
			QkGlyph g = { 0 };
			g.ch = g_utf8_get_char(s);
			if (g_unichar_isspace(g.ch) || g_unichar_iscntrl(g.ch))
				continue;
			if (mark) {
				g.ch = mark;
				mark = 0;
				c = 100;
			}
			/* a quote's box misses its ink at times: its ticks decide */
			if (word_blank && !qk_ocr_is_quote(g.ch))
				continue;
			/* a closing quote read as - or * (园区里的“追光者-, at 300
			 * and 150 dpi) where the line has a quote open: its
			 * ticks say what it is */
			if (quote_box && (g.ch == '-' || g.ch == '*') &&
			    qk_ocr_quote_open(gp->glyphs, line_start) &&
			    qk_ocr_printed_quote(bin, ql, qr, line_t, line_t + line_px, &line_ticks)) {
				g.ch = 0x201D;
				c = 100;   /* as sure as the ink: a headline read - takes it */
			} else if (bin && qk_ocr_is_quote(g.ch) && quote_box &&
			    !qk_ocr_printed_quote(bin, ql, qr, line_t, line_t + line_px, &line_ticks))
				continue;
			g.box = wb;
			/* half points: the body size is the most common one */
			g.size = MAX(round(2 * (line_y1 - line_y0)) / 2, 1);
			g.font = font;
			g.conf = (guint8)(1 + lround(CLAMP(c, 0, 100)));
			g_array_append_val(gp->glyphs, g);
			g_array_append_val(conf, c);
			g_array_append_val(word_at, sym_at);
		}
		if (text)
			T.TessDeleteText(text);
		if (T.TessPageIteratorIsAtFinalElement(pi, RIL_WORD, RIL_SYMBOL) &&
		    gp->glyphs->len > word_start) {
			/* words overlap at times (their boxes come from the LSTM's
			 * rough symbol boxes): a word starts where the one before it
			 * on the line ended, or its characters would interleave */
			double em = line_y1 - line_y0, n = gp->glyphs->len - word_start;
			double w = MIN(wb.x1 - wb.x0, QK_OCR_WIDEST_WORD * word_ems(gp->glyphs, word_start) * em);
			wb.x0 = MIN(MAX(wb.x0, line_x), line_r);
			wb.x1 = MIN(wb.x0 + MAX(w, 0.3 * n * em), line_r);
			line_x = wb.x1;
			qk_ocr_place_word(gp->glyphs, word_start, (const float *)conf->data,
			                  (const double *)word_at->data, line_at, wb);
			sum += (double)word_conf * (gp->glyphs->len - word_start);
			line_sum += (double)word_conf * (gp->glyphs->len - word_start);
			counted += gp->glyphs->len - word_start;
			word_start = gp->glyphs->len;
		}
		if (T.TessPageIteratorIsAtFinalElement(pi, RIL_TEXTLINE, RIL_SYMBOL)) {
			guint n = gp->glyphs->len - line_start;
			if (lines && lines->len && n &&
			    junk_line(gp, n, line_conf / line_words, line_y0, line_y1,
			              &g_array_index(lines, QkOcrLine, lines->len - 1))) {
				sum -= line_sum;
				counted -= n;
				g_array_set_size(gp->glyphs, line_start);
			}
			if (lines && lines->len) {
				g_array_index(lines, QkOcrLine, lines->len - 1).to = gp->glyphs->len;
				g_array_index(lines, QkOcrLine, lines->len - 1).conf =
					line_words ? line_conf / line_words : 0;
			}
			stretched_line(gp->glyphs, line_start, hts, line_px, sy);
			if (lines && lines->len && hts->len >= 2)
				g_array_index(lines, QkOcrLine, lines->len - 1).han =
					g_array_index(hts, int, hts->len / 2);
			if (lines && lines->len) {
				const QkOcrLine *ol = &g_array_index(lines, QkOcrLine, lines->len - 1);
				qk_ocr_place_by_ink(gp->glyphs, line_start, (const double *)line_at->data,
				                    line_at->len, bin, ol->l, ol->t, ol->r, ol->b, sx, ox);
				qk_ocr_dashes(gp->glyphs, line_start, bin, ol->t, ol->b, sx, ox);
				qk_ocr_line_rows(gp->glyphs, line_start, bin, ol->l, ol->t, ol->r, ol->b,
				                 ol->han, sx, sy, ox, oy);
			}
			qk_ocr_leaders(gp->glyphs, line_start);
			qk_ocr_dash_runs(gp->glyphs, line_start);
			/* the line's end again: a dash split in two, a run of
			 * dashes made one */
			if (lines && lines->len)
				g_array_index(lines, QkOcrLine, lines->len - 1).to = gp->glyphs->len;
			qk_ocr_full_width_marks(gp->glyphs, line_start);
			qk_ocr_bracketed_digits(gp->glyphs, line_start);
			qk_ocr_close_gaps(gp->glyphs, line_start);
		}
	} while (T.TessPageIteratorNext(pi, RIL_SYMBOL));
	g_array_free(conf, TRUE);
	g_array_free(hts, TRUE);
	g_array_free(word_at, TRUE);
	g_array_free(line_at, TRUE);
	return counted ? sum / counted : 0;
}

