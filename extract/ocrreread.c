/*
 * ocrreread.c — what the page's reading got wrong or dropped, read again
 * alone: large type (headlines, a TOC's title), page numbers between
 * brackets read as letters, and ink in no text line.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"

/* Display type: Tesseract reads a headline, or a TOC's letter-spaced
 * 目  录, worse in the whole page than alone and smaller. On the dev
 * scans at 200 dpi (enlarged twice), 20 pt lines read 目录 as 三, EL or
 * 上是永 and dropped a headline's first characters; the same lines cut
 * out and brought down to an em of 20-30 pixels read right. So a line set
 * at least QK_OCR_LARGE times the body size is read again alone, its em
 * QK_OCR_LARGE_EM pixels, one piece at a time where the ink leaves a gap
 * of QK_OCR_PIECE_GAP em or more (a letter-spaced title, whose gaps a
 * single line's reading fills with junk), and what it reads replaces the
 * page's reading of that line. */
#define QK_OCR_LARGE 1.5
#define QK_OCR_LARGE_EM 28.0
#define QK_OCR_PIECE_GAP 1.0
#define QK_OCR_ONE_CHAR 1.5
#define QK_OCR_LARGE_PIECES 4

/* The pieces of ink in l..r × t..b (bin) that blanks of gap pixels or
 * more part. */
static int count_pieces(PIX *bin, int l, int r, int t, int b, int gap)
{
	int n = 0, blank = gap;
	for (int x = l; x < r; x++) {
		if (qk_ocr_column_ink(bin, x, t, b)) {
			n += blank >= gap;
			blank = 0;
		} else {
			blank++;
		}
	}
	return n;
}

/* One piece x0..x1 of a line t..b (pixels of pix) read as a single line
 * at QK_OCR_LARGE_EM pixels an em; its glyphs appended to out. */
void qk_ocr_read_piece(QkOcr *ocr, PIX *pix, int x0, int x1, int t, int b, GArray *out,
                       double sx, double sy, double ox, double oy)
{
	int em = b - t, pad = em / 3;
	int w = (int)T.pixGetWidth(pix), h = (int)T.pixGetHeight(pix);
	int l = MAX(x0 - pad, 0), r = MIN(x1 + pad, w), top = MAX(t - pad, 0), bot = MIN(b + pad, h);
	if (r <= l || bot <= top)
		return;
	BOX *box = T.boxCreate(l, top, r - l, bot - top);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
	if (!clip)
		return;
	double f = QK_OCR_LARGE_EM / em;
	qk_ocr_replace(&clip, T.pixScale(clip, (float)f, (float)f));
	/* one character alone reads best as a word (a line's reading of 录
	 * alone came back empty) */
	T.TessBaseAPISetPageSegMode(ocr->api, x1 - x0 < QK_OCR_ONE_CHAR * em ? PSM_SINGLE_WORD
	                                                                      : PSM_SINGLE_LINE);
	/* read_symbols reads into an empty array */
	QkGlyphPage tmp = { .glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph)) };
	T.TessBaseAPISetImage2(ocr->api, clip);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * f * 72));
	TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
	if (ri) {
		qk_ocr_read_symbols(ri, &tmp, sx * f, sy * f, ox + l / sx, oy + top / sy, NULL, NULL);
		T.TessResultIteratorDelete(ri);
	}
	T.TessBaseAPIClear(ocr->api);
	T.pixDestroy(&clip);
	qk_ocr_second_look(ocr, pix, x0, t, x1, b, tmp.glyphs, 0, tmp.glyphs->len, sx);
	g_array_append_vals(out, tmp.glyphs->data, tmp.glyphs->len);
	g_array_free(tmp.glyphs, TRUE);
}

void qk_ocr_reread_large(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                         double sx, double sy, double ox, double oy)
{
	if (!bin || !lines->len)
		return;
	double body = qk_ocr_common_size(gp->glyphs);
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), bw = (int)T.pixGetWidth(bin), bh = (int)T.pixGetHeight(bin);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	GArray *kept = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	/* from the last line, so that the glyphs of those before stay where
	 * they are */
	for (guint k = lines->len; k-- > 0;) {
		const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
		if (ln->to <= ln->from || ln->to > gp->glyphs->len)
			continue;
		QkGlyph first = g_array_index(gp->glyphs, QkGlyph, ln->from);
		int em = ln->b - ln->t;
		/* large type, not a line a rule or box made tall: its Han
		 * symbols fill most of it (an 8.5 pt line over a box's edge
		 * read 17 pt, and alone at a 28 px em lost characters) */
		if (first.size < QK_OCR_LARGE * body || em <= 0 ||
		    (ln->han && ln->han < QK_OCR_STRETCHED * em))
			continue;
		g_array_set_size(out, 0);
		int t = MAX(ln->t, 0), b = MIN(ln->b, bh), l = MAX(ln->l, 0), r = MIN(ln->r, bw);
		int gap = (int)(QK_OCR_PIECE_GAP * em), start = -1, blank = 0;
		/* more pieces than a headline has: a table's row the layout
		 * made one line (mini's 主要经济指标 page read E, 加, an) */
		if (count_pieces(bin, l, r, t, b, gap) > QK_OCR_LARGE_PIECES)
			continue;
		for (int x = l; x <= r; x++) {
			gboolean ink = FALSE;
			for (int y = t; x < r && y < b && !ink; y++)
				ink = GET_DATA_BIT(data + (size_t)y * wpl, x);
			if (ink) {
				if (start < 0)
					start = x;
				blank = 0;
			} else if (start >= 0 && (++blank >= gap || x == r)) {
				guint had = out->len;
				int end = x - blank + 1, cut = start;
				/* the line's bullet is no character: it is cut off and
				 * put back as the page's reading found it (■ 乡村振兴) */
				gunichar mark = had ? 0 : qk_ocr_lead_mark(bin, start, end, t, b, em, &cut);
				if (mark) {
					/* a bar or box before a kicker read alone is junk
					 * (se基层工作): cut off too, a bullet only when
					 * the page's reading found one */
					QkGlyph g = g_array_index(gp->glyphs, QkGlyph, ln->from);
					g.ch = mark;
					g.box.x0 = start / sx + ox;
					g.box.x1 = cut / sx + ox;
					if (qk_ocr_bullet(first.ch))
						g_array_append_val(out, g);
					had = out->len;
					while (cut < end && !qk_ocr_column_ink(bin, cut, t, b))
						cut++;
				}
				qk_ocr_read_piece(ocr, pix, mark ? cut : start, end, t, b, out, sx, sy, ox, oy);
				/* a piece read as nothing keeps the page's reading */
				double p0 = (mark ? cut : start) / sx + ox, p1 = end / sx + ox;
				for (guint i = ln->from; out->len == had && i < ln->to; i++) {
					const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
					if ((g->box.x0 + g->box.x1) / 2 >= p0 && (g->box.x0 + g->box.x1) / 2 < p1)
						kept = g_array_append_val(kept, *g);
				}
				g_array_append_vals(out, kept->data, kept->len);
				g_array_set_size(kept, 0);
				start = -1;
			}
		}
		if (!out->len)
			continue;
		/* the page's line keeps its place, size and face */
		for (guint i = 0; i < out->len; i++) {
			QkGlyph *g = &g_array_index(out, QkGlyph, i);
			g->box.y0 = first.box.y0;
			g->box.y1 = first.box.y1;
			g->size = first.size;
			g->bold = first.bold;
			g->font = first.font;
		}
		g_array_remove_range(gp->glyphs, ln->from, ln->to - ln->from);
		g_array_insert_vals(gp->glyphs, ln->from, out->data, out->len);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(out, TRUE);
	g_array_free(kept, TRUE);
}

/* A TOC's page reference read as letters between brackets: （1） at a
 * row's end came back (D), which no TOC rule takes for a page. A bracket
 * pair ending its line around one to three glyphs that are neither
 * digits nor Han is read again alone, brackets and digits only
 * (QK_OCR_PAGE_CHARS), and takes the digits read. */
#define QK_OCR_PAGE_CHARS "0123456789()"

static gboolean open_bracket(gunichar c)
{
	return c == '(' || c == 0xFF08;
}

static gboolean close_bracket(gunichar c)
{
	return c == ')' || c == 0xFF09;
}

/* The page number in pix's l..r × t..b read alone, brackets and digits
 * only: its one to three digits in digits (NUL-ended), their count (0:
 * none, or something else read); *brackets: it had them. */
static guint read_page_number(QkOcr *ocr, PIX *pix, int l, int t, int r, int b, double sx,
                              char digits[4], gboolean *brackets)
{
	PIX *clip = qk_ocr_clip(pix, l, t, r, b);
	if (!clip)
		return 0;
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_LINE);
	T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", QK_OCR_PAGE_CHARS);
	T.TessBaseAPISetImage2(ocr->api, clip);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
	char *text = T.TessBaseAPIGetUTF8Text(ocr->api);
	T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "");
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	T.TessBaseAPIClear(ocr->api);
	T.pixDestroy(&clip);
	/* (12), or 12 */
	guint m = 0;
	gboolean bad = !text, open = FALSE;
	for (const char *p = text ? text : ""; *p && !bad; p++) {
		if (g_ascii_isdigit(*p) && m < 3)
			digits[m++] = *p;
		else if (*p == '(' || *p == ')')
			open = TRUE;
		else if (!g_ascii_isspace(*p))
			bad = TRUE;
	}
	if (text)
		T.TessDeleteText(text);
	digits[bad ? 0 : m] = '\0';
	if (brackets)
		*brackets = open;
	return bad ? 0 : m;
}

void qk_ocr_reread_brackets(QkOcr *ocr, PIX *pix, GArray *glyphs, double sx, double sy,
                            double ox, double oy)
{
	for (guint i = 0; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (!open_bracket(g->ch))
			continue;
		guint j = i + 1;
		while (j < glyphs->len && j <= i + 4 && !close_bracket(g_array_index(glyphs, QkGlyph, j).ch))
			j++;
		if (j >= glyphs->len || j == i + 1 || j > i + 4 ||
		    (j + 1 < glyphs->len && g_array_index(glyphs, QkGlyph, j + 1).box.y0 == g->box.y0))
			continue;
		gboolean odd = FALSE, other = FALSE;
		for (guint k = i + 1; k < j; k++) {
			gunichar c = g_array_index(glyphs, QkGlyph, k).ch;
			other |= g_unichar_isdigit(c) || qk_ocr_is_han(c) || g_unichar_isspace(c);
			odd |= !g_unichar_isdigit(c);
		}
		if (!odd || other)
			continue;
		const QkGlyph *e = &g_array_index(glyphs, QkGlyph, j);
		double em = g->box.y1 - g->box.y0;
		int l = (int)((g->box.x0 - 0.3 * em - ox) * sx), t = (int)((g->box.y0 - 0.2 * em - oy) * sy);
		int r = (int)((e->box.x1 + 0.3 * em - ox) * sx), b = (int)((g->box.y1 + 0.2 * em - oy) * sy);
		char digits[4];
		guint m = read_page_number(ocr, pix, l, t, r, b, sx, digits, NULL);
		if (!m)
			continue;
		QkGlyph one = g_array_index(glyphs, QkGlyph, i + 1);
		double x0 = one.box.x0, x1 = g_array_index(glyphs, QkGlyph, j - 1).box.x1;
		g_array_remove_range(glyphs, i + 1, j - i - 1);
		for (guint k = 0; k < m; k++) {
			QkGlyph d = one;
			d.ch = (gunichar)digits[k];
			d.box.x0 = x0 + (x1 - x0) * k / m;
			d.box.x1 = x0 + (x1 - x0) * (k + 1) / m;
			g_array_insert_val(glyphs, i + 1 + k, d);
		}
		i += m + 1;
	}
}

/* The boxes (pixels) of the blocks Tesseract's layout took for pictures
 * and rules: what they hold is no text. */
typedef struct {
	int l, t, r, b;
} PixBox;

GArray *qk_ocr_picture_boxes(TessResultIterator *ri)
{
	GArray *boxes = g_array_new(FALSE, FALSE, sizeof(PixBox));
	TessPageIterator *pi = T.TessResultIteratorGetPageIterator(ri);
	T.TessPageIteratorBegin(pi);
	do {
		TessPolyBlockType type = T.TessPageIteratorBlockType(pi);
		PixBox b;
		if ((type == PT_FLOWING_IMAGE || type == PT_HEADING_IMAGE || type == PT_PULLOUT_IMAGE ||
		     type == PT_HORZ_LINE || type == PT_VERT_LINE) &&
		    T.TessPageIteratorBoundingBox(pi, RIL_BLOCK, &b.l, &b.t, &b.r, &b.b))
			g_array_append_val(boxes, b);
	} while (T.TessPageIteratorNext(pi, RIL_BLOCK));
	return boxes;
}

/* Text Tesseract's layout dropped: a lone page number at a TOC row's end
 * (4 of 加快县域经济… 侯强  4), a row of leaders with its page under a
 * title that ran out (…… (5)), a label in a ruled box. Its ink is in the
 * binarised image but in no text line nor picture: components of ink of
 * a character's size (QK_OCR_ORPHAN_MIN–QK_OCR_ORPHAN_MAX body ems tall,
 * at most QK_OCR_ORPHAN_WIDE wide) whose middle lies in no line's box
 * are gathered into rows (middles within half an em, gaps under
 * QK_OCR_ORPHAN_GAP em), and each row is read alone as a line; what it
 * reads with a mean word confidence of QK_OCR_ORPHAN_CONF or more is
 * added. */
#define QK_OCR_ORPHAN_MIN 0.08
#define QK_OCR_ORPHAN_MAX 1.6
#define QK_OCR_ORPHAN_WIDE 2.5
#define QK_OCR_ORPHAN_GAP 1.5
#define QK_OCR_ORPHAN_CONF 60.0
/* a leader's dot is no wider nor taller than this (em), a row of
 * leaders at least this many; a page number at most this wide (em) */
#define QK_OCR_DOT 0.2
#define QK_OCR_ORPHAN_SIZE 0.4
#define QK_OCR_LEADER_DOTS 3
#define QK_OCR_NUMBER_WIDE 4.0
/* at most this many orphan components a page: more is a picture's grain */
#define QK_OCR_ORPHANS_MAX 400

typedef struct {
	int l, t, r, b;
	guint row;
} Orphan;

static gboolean inside(const PixBox *b, int x, int y, int pad)
{
	return x >= b->l - pad && x < b->r + pad && y >= b->t - pad && y < b->b + pad;
}

void qk_ocr_reread_missed(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                          GArray *pictures, double sx, double sy, double ox, double oy)
{
	double body = qk_ocr_common_size(gp->glyphs);
	int em = (int)lround(body * sy);
	if (!bin || em <= 0)
		return;
	BOXA *comps = T.pixConnCompBB(bin, 8);
	if (!comps)
		return;
	GArray *orphans = g_array_new(FALSE, FALSE, sizeof(Orphan));
	int n = T.boxaGetCount(comps);
	for (int i = 0; i < n && orphans->len <= QK_OCR_ORPHANS_MAX; i++) {
		int x, y, w, h;
		if (T.boxaGetBoxGeometry(comps, i, &x, &y, &w, &h) != 0 ||
		    h > QK_OCR_ORPHAN_MAX * em || w > QK_OCR_ORPHAN_WIDE * em ||
		    MAX(w, h) < QK_OCR_ORPHAN_MIN * em)
			continue;
		int cx = x + w / 2, cy = y + h / 2;
		gboolean seen = FALSE;
		for (guint k = 0; k < lines->len && !seen; k++) {
			const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
			PixBox lb = { ln->l, ln->t, ln->r, ln->b };
			seen = inside(&lb, cx, cy, em / 4);
		}
		for (guint k = 0; k < pictures->len && !seen; k++)
			seen = inside(&g_array_index(pictures, PixBox, k), cx, cy, 0);
		if (!seen) {
			Orphan o = { x, y, x + w, y + h, (guint)orphans->len };
			g_array_append_val(orphans, o);
		}
	}
	T.boxaDestroy(&comps);
	if (orphans->len > QK_OCR_ORPHANS_MAX) {
		g_array_free(orphans, TRUE);
		return;
	}
	/* rows: each orphan joins the row of any near it (union by the
	 * smaller row number, until nothing changes) */
	Orphan *o = (Orphan *)orphans->data;
	guint m = orphans->len;
	for (gboolean changed = TRUE; changed;) {
		changed = FALSE;
		for (guint i = 0; i < m; i++)
			for (guint j = i + 1; j < m; j++) {
				int gap = MAX(o[i].l, o[j].l) - MIN(o[i].r, o[j].r);
				int dy = abs((o[i].t + o[i].b) - (o[j].t + o[j].b)) / 2;
				if (o[i].row == o[j].row || gap > QK_OCR_ORPHAN_GAP * em || dy > em / 2)
					continue;
				guint keep = MIN(o[i].row, o[j].row), drop = MAX(o[i].row, o[j].row);
				for (guint k = 0; k < m; k++)
					if (o[k].row == drop)
						o[k].row = keep;
				changed = TRUE;
			}
	}
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	for (guint r = 0; r < m; r++) {
		/* the row's leader dots, and the rest */
		int l = G_MAXINT, t = G_MAXINT, rr = -1, b = -1, dots = 0, dl = G_MAXINT, dr = -1;
		for (guint k = 0; k < m; k++) {
			if (o[k].row != r)
				continue;
			if (MAX(o[k].r - o[k].l, o[k].b - o[k].t) <= QK_OCR_DOT * em) {
				dots++;
				dl = MIN(dl, o[k].l), dr = MAX(dr, o[k].r);
				continue;
			}
			l = MIN(l, o[k].l), t = MIN(t, o[k].t), rr = MAX(rr, o[k].r), b = MAX(b, o[k].b);
		}
		/* nothing but specks, or less tall than a third of an em */
		if (rr < 0 || b - t < em / 3)
			continue;
		/* a dash or a dot beside the figures (— 3 —, ·5·): the bands'
		 * folio, which ocrbands.c reads with its marks */
		gboolean flat = FALSE;
		for (guint k = 0; k < m; k++)
			if (o[k].row == r && MAX(o[k].r - o[k].l, o[k].b - o[k].t) > QK_OCR_DOT * em &&
			    2 * (o[k].b - o[k].t) < b - t)
				flat = TRUE;
		int pad = em / 3;
		int cl = MAX(l - pad, 0), ct = MAX(t - pad, 0);
		int cr = MIN(rr + pad, (int)T.pixGetWidth(pix)), cb = MIN(b + pad, (int)T.pixGetHeight(pix));
		BOX *box = T.boxCreate(cl, ct, cr - cl, cb - ct);
		PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
		T.boxDestroy(&box);
		if (!clip)
			continue;
		QkGlyphPage tmp = { .glyphs = out };
		g_array_set_size(out, 0);
		T.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_LINE);
		T.TessBaseAPISetImage2(ocr->api, clip);
		T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
		TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
		                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
		double conf = 0;
		if (ri) {
			conf = qk_ocr_read_symbols(ri, &tmp, sx, sy, ox + cl / sx, oy + ct / sy, NULL, NULL);
			T.TessResultIteratorDelete(ri);
		}
		T.TessBaseAPIClear(ocr->api);
		T.pixDestroy(&clip);
		QkGlyph g = { 0 };
		g.box = (QkBox){ l / sx + ox, t / sy + oy, rr / sx + ox, b / sy + oy };
		g.size = body;
		g.font = g_intern_static_string("");
		if (!out->len || conf < QK_OCR_ORPHAN_CONF) {
			/* a page number the scan left faint: (5) read 人） */
			char digits[4];
			gboolean brackets = FALSE;
			guint nd = rr - l <= QK_OCR_NUMBER_WIDE * em
			           ? read_page_number(ocr, pix, cl, ct, cr, cb, sx, digits, &brackets) : 0;
			/* a lone folio in the top or bottom band the page's engine
			 * reads as nothing (a clean 5 under a short page's text,
			 * weasyprint-mag-113 at 200 dpi): the digits engine, as the
			 * bands' folios are read (ocrbands.c); not beside a flat
			 * mark (read 36 for — 3 —) */
			int ph = (int)T.pixGetHeight(pix);
			if (!nd && rr - l <= QK_OCR_NUMBER_WIDE * em && !flat &&
			    (cb < ph * QK_OCR_BAND || ct > ph * (1 - QK_OCR_BAND)))
				nd = qk_ocr_folio_digits(qk_ocr_digits(ocr), pix, cl, ct, cr, cb, sx * 72, 1.0,
				                         3, digits);
			g_array_set_size(out, 0);
			GString *num = g_string_new(NULL);
			g_string_printf(num, brackets ? "(%s)" : "%s", digits);
			for (guint k = 0; nd && k < num->len; k++) {
				QkGlyph d = g;
				d.ch = (gunichar)num->str[k];
				d.box.x0 = g.box.x0 + (g.box.x1 - g.box.x0) * k / num->len;
				d.box.x1 = g.box.x0 + (g.box.x1 - g.box.x0) * (k + 1) / num->len;
				g_array_append_val(out, d);
			}
			g_string_free(num, TRUE);
		}
		/* one character alone is a chart's or a picture's label, or
		 * grain, unless it is a page number */
		if (out->len == 1 && !g_unichar_isdigit(g_array_index(out, QkGlyph, 0).ch))
			g_array_set_size(out, 0);
		if (!out->len)
			continue;
		/* one row: the rest's height and the body's size */
		for (guint i = 0; i < out->len; i++) {
			QkGlyph *q = &g_array_index(out, QkGlyph, i);
			q->box.y0 = g.box.y0;
			q->box.y1 = g.box.y1;
			/* a faint or bracketed figure reads smaller or larger */
			if (fabs(q->size - body) <= QK_OCR_ORPHAN_SIZE * body)
				q->size = body;
		}
		/* a row of leaders before it: dots, as many as printed */
		for (int k = 0; dots >= QK_OCR_LEADER_DOTS && dr <= l && k < dots; k++) {
			QkGlyph d = g;
			d.ch = '.';
			d.box.x0 = (dl + (dr - dl) * (double)k / dots) / sx + ox;
			d.box.x1 = (dl + (dr - dl) * (double)(k + 1) / dots) / sx + ox;
			g_array_append_val(gp->glyphs, d);
		}
		g_array_append_vals(gp->glyphs, out->data, out->len);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(out, TRUE);
	g_array_free(orphans, TRUE);
}
