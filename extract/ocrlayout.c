/*
 * ocrlayout.c — layout a scan shows in its ink that Tesseract gets
 * wrong: dot leaders (a TOC's row of dots between a title and its page)
 * read as text, and text lines its layout made of more than one row.
 *
 * Tesseract reads a row of leader dots as a run of characters (全信人全
 * 生生…, libreoffice-mag-10's TOC at 200 dpi) and the dots spoil the
 * reading of the title beside them too (让“小网格”托起“大民生” read
 * 让：网格三托起二大民生二). A leader is layout, not characters: the dots
 * are found in the binarised image before the page is recognised, erased
 * from the image Tesseract reads, and put back afterwards as '.' glyphs
 * at their places, which is what a born-digital page's text layer has
 * (structure/toc.c reads "title …… 13" and "title . . . 13").
 */
#include <math.h>
#include "ocrint.h"

/* A leader's dot: a component of ink QK_OCR_LDOT_MIN–QK_OCR_LDOT_MAX
 * points each way, about as wide as tall. */
#define QK_OCR_LDOT_MIN 0.3
#define QK_OCR_LDOT_MAX 2.4
/* A leader: at least QK_OCR_LDOTS dots in a row, bottoms level within
 * QK_OCR_LDOT_LEVEL of a dot's height, at one pitch (each within
 * QK_OCR_LPITCH of the row's median), at most QK_OCR_LPITCH_MAX points,
 * and at least QK_OCR_LPITCH_MIN dot widths (no dotted rule). */
#define QK_OCR_LDOTS 5
#define QK_OCR_LDOT_LEVEL 0.6
#define QK_OCR_LPITCH 0.35
#define QK_OCR_LPITCH_MAX 8.0
#define QK_OCR_LPITCH_MIN 1.6
/* … with no ink over them for QK_OCR_LCLEAR dot heights (not the four
 * dots of 灬 under 占, nor a halftone's grid), and sitting on the
 * baseline: the ink beside them (QK_OCR_LSIDE dot heights either side)
 * ends at most QK_OCR_LBASE dot heights under the dots' bottom (an
 * ellipsis …… sits at the middle of its line, some four dot heights over
 * the characters' bottom) */
#define QK_OCR_LCLEAR 4
#define QK_OCR_LSIDE 12
#define QK_OCR_LBASE 2.5
/* a row this long needs no text beside it */
#define QK_OCR_LALONE 8

typedef struct {
	int l, t, r, b;
} Dot;

static int cmp_dot(gconstpointer a, gconstpointer b)
{
	const Dot *x = a, *y = b;
	return (x->l > y->l) - (x->l < y->l);
}

static int cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int ink_count(PIX *bin, int l, int t, int r, int b)
{
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	l = MAX(l, 0), t = MAX(t, 0), r = MIN(r, w), b = MIN(b, h);
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), n = 0;
	for (int y = t; y < b; y++)
		for (int x = l; x < r; x++)
			n += GET_DATA_BIT(data + (size_t)y * wpl, x) != 0;
	return n;
}

/* The lowest inked row of bin in l..r × t..b, -1 when none. */
static int lowest_ink(PIX *bin, int l, int t, int r, int b)
{
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	l = MAX(l, 0), t = MAX(t, 0), r = MIN(r, w), b = MIN(b, h);
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin);
	for (int y = b - 1; y >= t; y--)
		for (int x = l; x < r; x++)
			if (GET_DATA_BIT(data + (size_t)y * wpl, x))
				return y;
	return -1;
}

/* Whether dots[from, to) is a leader (see above); dh: their median
 * height. */
static gboolean leader_run(PIX *bin, const Dot *d, guint from, guint to, int dh, double sx)
{
	guint n = to - from;
	if (n < QK_OCR_LDOTS)
		return FALSE;
	int l = d[from].l, r = d[to - 1].r, top = G_MAXINT, bot = 0;
	for (guint i = from; i < to; i++)
		top = MIN(top, d[i].t), bot = MAX(bot, d[i].b);
	if (ink_count(bin, l, top - QK_OCR_LCLEAR * dh, r, top - 1) > 0)
		return FALSE;
	/* between the dots: nothing but the dots */
	int ink = ink_count(bin, l, top, r, bot), dots = 0;
	for (guint i = from; i < to; i++)
		dots += ink_count(bin, d[i].l, d[i].t, d[i].r, d[i].b);
	if (ink > dots)
		return FALSE;
	int side = QK_OCR_LSIDE * dh, gap = MAX((int)lround(0.5 * sx), 1);
	int wt = top - 2 * QK_OCR_LCLEAR * dh, wb = bot + 2 * QK_OCR_LCLEAR * dh;
	int left = lowest_ink(bin, l - gap - side, wt, l - gap, wb);
	int right = lowest_ink(bin, r + gap, wt, r + gap + side, wb);
	int under = (int)lround(QK_OCR_LBASE * dh);
	gboolean based = (left >= 0 && left <= bot + under) || (right >= 0 && right <= bot + under);
	return based || (left < 0 && right < 0 && n >= QK_OCR_LALONE);
}

GArray *qk_ocr_find_leaders(PIX *bin, double sx)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(QkOcrLeader));
	BOXA *comps = bin ? T.pixConnCompBB(bin, 8) : NULL;
	if (!comps)
		return runs;
	GArray *dots = g_array_new(FALSE, FALSE, sizeof(Dot));
	int n = T.boxaGetCount(comps);
	double lo = QK_OCR_LDOT_MIN * sx, hi = QK_OCR_LDOT_MAX * sx;
	for (int i = 0; i < n; i++) {
		int x, y, w, h;
		if (T.boxaGetBoxGeometry(comps, i, &x, &y, &w, &h) != 0 || w < lo || h < lo ||
		    w > hi || h > hi || w > 2 * h || h > 2 * w)
			continue;
		Dot d = { x, y, x + w, y + h };
		g_array_append_val(dots, d);
	}
	T.boxaDestroy(&comps);
	g_array_sort(dots, cmp_dot);
	Dot *d = (Dot *)dots->data;
	guint m = dots->len;
	gboolean *taken = g_new0(gboolean, MAX(m, 1));
	GArray *pitch = g_array_new(FALSE, FALSE, sizeof(int));
	/* rows: from each dot not yet in one, the next dot right of it on its
	 * level, while the pitch holds */
	for (guint i = 0; i < m; i++) {
		if (taken[i])
			continue;
		GArray *row = g_array_new(FALSE, FALSE, sizeof(guint));
		g_array_append_val(row, i);
		int dh = d[i].b - d[i].t, p = 0;
		for (guint j = i + 1, last = i; j < m; j++) {
			const Dot *a = &d[last], *b = &d[j];
			int step = b->l - a->l;
			if (step > QK_OCR_LPITCH_MAX * sx)
				break;
			if (taken[j] || abs(b->b - a->b) > MAX(QK_OCR_LDOT_LEVEL * dh, 1) ||
			    step < QK_OCR_LPITCH_MIN * (a->r - a->l))
				continue;
			if (p && abs(step - p) > QK_OCR_LPITCH * p)
				break;
			if (!p)
				p = step;
			g_array_append_val(row, j);
			last = j;
		}
		if (row->len >= QK_OCR_LDOTS) {
			g_array_set_size(pitch, 0);
			Dot *rd = g_new(Dot, row->len);
			for (guint k = 0; k < row->len; k++) {
				rd[k] = d[g_array_index(row, guint, k)];
				int hh = rd[k].b - rd[k].t;
				g_array_append_val(pitch, hh);
			}
			g_array_sort(pitch, cmp_int);
			int mh = g_array_index(pitch, int, pitch->len / 2);
			if (leader_run(bin, rd, 0, row->len, mh, sx)) {
				QkOcrLeader run = { rd[0].l, G_MAXINT, rd[row->len - 1].r, 0, row->len };
				for (guint k = 0; k < row->len; k++) {
					run.t = MIN(run.t, rd[k].t), run.b = MAX(run.b, rd[k].b);
					taken[g_array_index(row, guint, k)] = TRUE;
				}
				g_array_append_val(runs, run);
			}
			g_free(rd);
		}
		g_array_free(row, TRUE);
	}
	g_array_free(pitch, TRUE);
	g_free(taken);
	g_array_free(dots, TRUE);
	return runs;
}

void qk_ocr_erase_leaders(PIX *pix, const GArray *runs)
{
	int w = (int)T.pixGetWidth(pix), h = (int)T.pixGetHeight(pix);
	l_uint32 *data = T.pixGetData(pix);
	int wpl = T.pixGetWpl(pix);
	for (guint i = 0; i < runs->len; i++) {
		const QkOcrLeader *run = &g_array_index(runs, QkOcrLeader, i);
		/* the dots' grey edges too */
		int pad = MAX((run->b - run->t) / 2, 2);
		for (int y = MAX(run->t - pad, 0); y < MIN(run->b + pad, h); y++)
			for (int x = MAX(run->l - pad, 0); x < MIN(run->r + pad, w); x++)
				SET_DATA_BYTE(data + (size_t)y * wpl, x, 255);
	}
}

/* The dots back as '.' glyphs, each as wide as its share of the row (a
 * born-digital '.' is its advance), as tall and as large as the text
 * beside the row (the glyph whose box holds the dots' bottom, nearest
 * either end, within QK_OCR_LNEAR points), else the body's size standing
 * on the dots' bottom. */
#define QK_OCR_LNEAR 30.0

void qk_ocr_add_leaders(QkGlyphPage *gp, const GArray *runs, double sx, double sy, double ox,
                        double oy)
{
	double body = qk_ocr_common_size(gp->glyphs);
	const char *font = g_intern_static_string("");
	for (guint i = 0; i < runs->len; i++) {
		const QkOcrLeader *run = &g_array_index(runs, QkOcrLeader, i);
		double x0 = run->l / sx + ox, x1 = run->r / sx + ox;
		double y = (run->b - 1) / sy + oy, best = QK_OCR_LNEAR;
		QkGlyph d = { 0 };
		d.ch = '.';
		d.font = font;
		d.size = body > 0 ? body : 10;
		d.box.y1 = y + 0.12 * d.size;
		d.box.y0 = d.box.y1 - d.size;
		for (guint k = 0; k < gp->glyphs->len; k++) {
			const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, k);
			if (g->box.y0 > y || g->box.y1 < y)
				continue;
			double dist = MIN(fabs(g->box.x1 - x0), fabs(g->box.x0 - x1));
			if (dist < best) {
				best = dist;
				d.box.y0 = g->box.y0;
				d.box.y1 = g->box.y1;
				d.size = g->size;
			}
		}
		for (int k = 0; k < run->dots; k++) {
			d.box.x0 = x0 + (x1 - x0) * k / run->dots;
			d.box.x1 = x0 + (x1 - x0) * (k + 1) / run->dots;
			g_array_append_val(gp->glyphs, d);
		}
	}
}

/* A text line Tesseract ran across a column gutter where the columns'
 * baselines do not line up takes both rows' height: chromium-mag-02's
 * scan at 200 dpi read 响，工业生产… beside 上半年，全市城镇… as one 18 pt
 * line, twice the body, which became a title in each column. The line's
 * pieces of ink (between blanks of QK_OCR_PIECE_BLANK em, the em its Han
 * symbols' median height) each take the rows their own ink covers: the
 * tallest run of inked rows in the piece (blanks of up to
 * QK_OCR_ROW_BLANK em inside it), when it is under QK_OCR_ROW_SHORT of
 * the line's box, at least QK_OCR_ROW_MIN of it, and no other run in
 * the piece is over QK_OCR_ROW_OTHER of it (two whole rows: left as
 * read). Its glyphs get that run as their box's height and size. */
#define QK_OCR_PIECE_BLANK 0.8
#define QK_OCR_ROW_BLANK 0.15
#define QK_OCR_ROW_SHORT 0.75
#define QK_OCR_ROW_MIN 0.35
#define QK_OCR_ROW_OTHER 0.6

/* the runs of inked rows of x0..x1 × t..b, [top, bottom) pairs */
static void row_runs(PIX *bin, int x0, int x1, int t, int b, int blank, GArray *rows)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), run_t = -1, last = -1;
	g_array_set_size(rows, 0);
	for (int y = t; y <= b; y++) {
		gboolean ink = FALSE;
		for (int x = x0; y < b && x < x1 && !ink; x++)
			ink = GET_DATA_BIT(data + (size_t)y * wpl, x);
		if (ink) {
			if (run_t < 0)
				run_t = y;
			last = y;
			continue;
		}
		if (run_t >= 0 && (y == b || y - last > blank)) {
			int end = last + 1;
			g_array_append_val(rows, run_t);
			g_array_append_val(rows, end);
			run_t = -1;
		}
	}
}

static void piece_rows(GArray *glyphs, guint from, PIX *bin, int x0, int x1, int t, int b, int em,
                       double sx, double sy, double ox, double oy)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(int));
	row_runs(bin, x0, x1, t, b, (int)(QK_OCR_ROW_BLANK * em), rows);
	int best_t = -1, best_b = -1, best_whole = 0, second = 0;
	for (guint i = 0; i < rows->len; i += 2) {
		int rt = g_array_index(rows, int, i), rb = g_array_index(rows, int, i + 1);
		/* a run the box cuts is another row's part, not a row */
		int whole = rt > t && rb < b ? rb - rt : 0;
		if (rb - rt > best_b - best_t) {
			second = MAX(second, best_whole);
			best_t = rt, best_b = rb, best_whole = whole;
		} else {
			second = MAX(second, whole);
		}
	}
	g_array_free(rows, TRUE);
	int box = b - t, h = best_b - best_t;
	if (best_t < 0 || h >= QK_OCR_ROW_SHORT * box || h < QK_OCR_ROW_MIN * box ||
	    second > QK_OCR_ROW_OTHER * h)
		return;
	double p0 = x0 / sx + ox, p1 = x1 / sx + ox;
	double y0 = best_t / sy + oy, y1 = best_b / sy + oy;
	for (guint i = from; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		double c = (g->box.x0 + g->box.x1) / 2;
		if (c < p0 || c >= p1)
			continue;
		g->box.y0 = y0;
		g->box.y1 = y1;
		g->size = MAX(round(2 * (y1 - y0)) / 2, 1);
	}
}

/* The pieces of ink of l..r × t..b between blanks wider than gap, [x0,
 * x1) pairs. */
static void ink_pieces(PIX *bin, int l, int r, int t, int b, int gap, GArray *pieces)
{
	int start = -1, last = -1;
	g_array_set_size(pieces, 0);
	for (int x = l; x <= r; x++) {
		if (x < r && qk_ocr_column_ink(bin, x, t, b)) {
			if (start < 0)
				start = x;
			last = x;
			continue;
		}
		if (start >= 0 && (x == r || x - last > gap)) {
			int end = last + 1;
			g_array_append_val(pieces, start);
			g_array_append_val(pieces, end);
			start = -1;
		}
	}
}

/* Tesseract's symbol boxes at times take the whole line's height (a
 * kicker read with the tops of the headline's quotes under it:
 * xelatex-mag-07's 聚焦高质量发展 over 选好“领头雁”… at 200 dpi, a 9 pt
 * line 16.5 pt tall, which joined the headline), and then tell nothing
 * of the characters' height. When han is at least QK_OCR_EM_WHOLE of the
 * line's box, the em is the tallest run of inked rows across the line
 * (blanks of up to QK_OCR_EM_BLANK of the box inside it) when it is
 * under QK_OCR_ROW_SHORT of the box. */
#define QK_OCR_EM_WHOLE 0.8
#define QK_OCR_EM_BLANK 0.08

static int ink_em(PIX *bin, int l, int r, int t, int b, int han)
{
	int box = b - t;
	if (box <= 0 || (han > 0 && han < QK_OCR_EM_WHOLE * box))
		return han;
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(int));
	row_runs(bin, l, r, t, b, (int)(QK_OCR_EM_BLANK * box), rows);
	int best = 0;
	for (guint i = 0; i < rows->len; i += 2)
		best = MAX(best, g_array_index(rows, int, i + 1) - g_array_index(rows, int, i));
	g_array_free(rows, TRUE);
	return best > 0 && best < QK_OCR_ROW_SHORT * box ? best : han;
}

/* a line of more pieces is a table's row (mini's 主要经济指标 page: its
 * rows' cells took rows of 3.5 pt, and the table was lost) */
#define QK_OCR_ROWS_PIECES 4

void qk_ocr_line_rows(GArray *glyphs, guint from, PIX *bin, int l, int t, int r, int b, int han,
                      double sx, double sy, double ox, double oy)
{
	int w = bin ? (int)T.pixGetWidth(bin) : 0, hh = bin ? (int)T.pixGetHeight(bin) : 0;
	l = MAX(l, 0), r = MIN(r, w), t = MAX(t, 0), b = MIN(b, hh);
	/* only a line over one and a half times its characters' height */
	if (!bin || han <= 0 || glyphs->len - from < 2 || r <= l)
		return;
	han = ink_em(bin, l, r, t, b, han);
	if (han <= 0 || b - t < 1.5 * han)
		return;
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(int));
	ink_pieces(bin, l, r, t, b, (int)(QK_OCR_PIECE_BLANK * han), pieces);
	for (guint i = 0; pieces->len <= 2 * QK_OCR_ROWS_PIECES && i < pieces->len; i += 2)
		piece_rows(glyphs, from, bin, g_array_index(pieces, int, i),
		           g_array_index(pieces, int, i + 1), t, b, han, sx, sy, ox, oy);
	g_array_free(pieces, TRUE);
}

/* Two rows of one column read as one line: Tesseract's layout at times
 * takes a column's row with a part of the row under it for one text
 * line, reads it as junk and drops characters (weasyprint-mag-113 at 200
 * dpi: 数以千万吨计。这些固废如果处置不 and the top of the row under it read
 * 这这些固度如采处置不; the row after that, 尘、水体污染等环境问题。近年来，
 * read 本近年来，). A line QK_OCR_ROWS_TALL times its Han symbols' height
 * or more is looked at row by row: the runs of inked rows across its
 * width (blanks of up to QK_OCR_ROW_BLANK Han heights inside a run) that
 * are a row of text, QK_OCR_ROW_LOW–QK_OCR_ROW_HIGH Han heights tall, and
 * lie mostly in no other line's box, are read again alone (not in a
 * table's row: QK_OCR_ROWS_PIECES pieces at most), and what they
 * read replaces the line (the rest of its ink is other lines' rows, read
 * there). A row read as nothing leaves the line as it was. */
#define QK_OCR_ROWS_TALL 1.7
#define QK_OCR_ROW_LOW 0.85
#define QK_OCR_ROW_HIGH 1.3

/* whether rows t..b of l..r lie mostly in a line's box other than k's */
static gboolean other_line(GArray *lines, guint k, int l, int t, int r, int b)
{
	for (guint j = 0; j < lines->len; j++) {
		const QkOcrLine *o = &g_array_index(lines, QkOcrLine, j);
		if (j == k || o->to <= o->from || o->r <= l || o->l >= r)
			continue;
		if (MIN(o->b, b) - MAX(o->t, t) > (b - t) / 2)
			return TRUE;
	}
	return FALSE;
}

void qk_ocr_reread_rows(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                        double sx, double sy, double ox, double oy)
{
	if (!bin)
		return;
	int w = (int)T.pixGetWidth(bin), hh = (int)T.pixGetHeight(bin);
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	/* from the last line, so that the glyphs of those before stay where
	 * they are */
	for (guint k = lines->len; k-- > 0;) {
		QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
		int l = MAX(ln->l, 0), r = MIN(ln->r, w), t = MAX(ln->t, 0), b = MIN(ln->b, hh);
		int han = ln->han;
		if (han <= 0 || ln->to <= ln->from || ln->to > gp->glyphs->len || r <= l ||
		    b - t < QK_OCR_ROWS_TALL * han)
			continue;
		ink_pieces(bin, l, r, t, b, (int)(QK_OCR_PIECE_BLANK * han), rows);
		if (rows->len > 2 * QK_OCR_ROWS_PIECES)
			continue;
		row_runs(bin, l, r, t, b, (int)(QK_OCR_ROW_BLANK * han), rows);
		g_array_set_size(out, 0);
		gboolean empty = FALSE;
		for (guint i = 0; i < rows->len && !empty; i += 2) {
			int rt = g_array_index(rows, int, i), rb = g_array_index(rows, int, i + 1);
			if (rb - rt < QK_OCR_ROW_LOW * han || rb - rt > QK_OCR_ROW_HIGH * han ||
			    other_line(lines, k, l, rt, r, rb))
				continue;
			guint had = out->len;
			qk_ocr_read_piece(ocr, pix, l, r, rt, rb, out, sx, sy, ox, oy);
			empty = out->len == had;
			for (guint j = had; j < out->len; j++) {
				QkGlyph *g = &g_array_index(out, QkGlyph, j);
				g->box.y0 = rt / sy + oy;
				g->box.y1 = rb / sy + oy;
				g->size = MAX(round(2 * (g->box.y1 - g->box.y0)) / 2, 1);
			}
		}
		if (empty || !out->len)
			continue;
		int delta = (int)out->len - (int)(ln->to - ln->from);
		g_array_remove_range(gp->glyphs, ln->from, ln->to - ln->from);
		g_array_insert_vals(gp->glyphs, ln->from, out->data, out->len);
		ln->to = ln->from + out->len;
		for (guint j = k + 1; j < lines->len; j++) {
			g_array_index(lines, QkOcrLine, j).from += delta;
			g_array_index(lines, QkOcrLine, j).to += delta;
		}
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(rows, TRUE);
	g_array_free(out, TRUE);
}
