/*
 * ocrplace.c — the glyphs of one line of Tesseract's reading put where
 * their ink is and put right: gaps closed as solid type has none, words
 * cut at the line's wide blanks, quote marks read in blank paper dropped,
 * bullets, leaders, dashes and full-width marks as printed.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include "ocrint.h"

/* CJK ideographs and punctuation take no word space around them. */
gboolean qk_ocr_spaced(gunichar c)
{
	GUnicodeScript s = g_unichar_get_script(c);
	return s == G_UNICODE_SCRIPT_LATIN || s == G_UNICODE_SCRIPT_GREEK ||
	       s == G_UNICODE_SCRIPT_CYRILLIC || g_unichar_isdigit(c);
}

/* Ink boxes of CJK characters leave gaps that type set solid does not
 * have (，。 and narrow characters most): a gap under QK_OCR_SOLID_GAP em
 * next to a CJK character is closed at its middle, as Poppler's advance
 * boxes would be, so that lines.c puts no space there. */
#define QK_OCR_SOLID_GAP 0.8
#define QK_OCR_MARK_BLANK 0.3
#define QK_OCR_CLOSES "，。、；：！？）」』》”’"
#define QK_OCR_OPENS "“‘（「『《"

gboolean qk_ocr_is_han(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

/* Whether c is set in Chinese text: a Han character, or a Chinese mark
 * (CJK punctuation, full-width forms, the curly quotes Chinese prints:
 * “跟跑”：). */
static gboolean chinese_side(gunichar c)
{
	return qk_ocr_is_han(c) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFF01 && c <= 0xFF60) || (c >= 0x2018 && c <= 0x201D);
}

/* Tesseract's Chinese model gives ASCII punctuation for the full-width
 * forms Chinese is set in (：→:, （→(): next to Chinese text (a Han
 * character or a Chinese mark), on the side the mark belongs to, the
 * full-width form is what was printed; beside digits and Latin (涛(1),
 * 7.1%, a:b) the ASCII form stays. */
void qk_ocr_full_width_marks(GArray *glyphs, guint from)
{
	static const char ascii[] = ":;,!?()";
	static const gunichar wide[] = { 0xFF1A, 0xFF1B, 0xFF0C, 0xFF01, 0xFF1F, 0xFF08, 0xFF09 };
	for (guint i = from; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		const char *k = g->ch < 0x80 && g->ch ? strchr(ascii, (int)g->ch) : NULL;
		if (!k)
			continue;
		/* an opening parenthesis belongs to what follows, the rest to
		 * what precedes */
		guint j = g->ch == '(' ? i + 1 : i - 1;
		if ((g->ch == '(' ? j < glyphs->len : i > from) &&
		    chinese_side(g_array_index(glyphs, QkGlyph, j).ch))
			g->ch = wide[k - ascii];
	}
}

/* The same character read twice in the same place: two readings of one
 * line both kept (a kicker 经济观察 came out 经经济济观观察察 on a scan of
 * xelatex-mag-14, the copies of 经 54.0-71.8 and 54.5-71.0 points across;
 * a lead line and a headline of two other designs so too), which lines.c
 * interleaves. A glyph whose box overlaps an earlier glyph
 * of the same character by half the smaller of the two, across and
 * down, is that glyph again: it goes, the earlier keeps the surer
 * confidence. */
static double overlap(double a0, double a1, double b0, double b1)
{
	double o = MIN(a1, b1) - MAX(a0, b0), w = MIN(a1 - a0, b1 - b0);
	return w > 0 ? o / w : 0;
}

void qk_ocr_doubled(GArray *glyphs, guint from)
{
	for (guint i = from; i < glyphs->len; i++) {
		QkGlyph *a = &g_array_index(glyphs, QkGlyph, i);
		if (g_unichar_isspace(a->ch))
			continue;
		for (guint j = i + 1; j < glyphs->len; j++) {
			const QkGlyph *b = &g_array_index(glyphs, QkGlyph, j);
			if (b->ch != a->ch || overlap(a->box.x0, a->box.x1, b->box.x0, b->box.x1) < 0.5 ||
			    overlap(a->box.y0, a->box.y1, b->box.y0, b->box.y1) < 0.5)
				continue;
			a->conf = MAX(a->conf, b->conf);
			g_array_remove_index(glyphs, j--);
		}
	}
}

/* A page reference's digit read as its look-alike between brackets (孙涛(]),
 * (l)): the digit, as a TOC prints it. */
void qk_ocr_bracketed_digits(GArray *glyphs, guint from)
{
	static const char alike[] = "lI|][!Oo";
	static const char digit[] = "11111100";
	for (guint i = from + 1; i + 1 < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		gunichar a = (g - 1)->ch, b = (g + 1)->ch;
		const char *k = g->ch && g->ch < 0x80 ? strchr(alike, (int)g->ch) : NULL;
		if (k && (a == '(' || a == 0xFF08) && (b == ')' || b == 0xFF09))
			g->ch = (gunichar)digit[k - alike];
	}
}

void qk_ocr_close_gaps(GArray *glyphs, guint from)
{
	for (guint i = from; i + 1 < glyphs->len; i++) {
		QkGlyph *a = &g_array_index(glyphs, QkGlyph, i), *b = a + 1;
		double gap = b->box.x0 - a->box.x1;
		/* a bar keeps its gaps: it parts a folio from a running head
		 * (3 | 晋北发展研究), as furniture.c reads it */
		gboolean bar = a->ch == '|' || b->ch == '|' || a->ch == 0xFF5C || b->ch == 0xFF5C;
		/* a full-width mark's ink leaves part of its em blank: after a
		 * closing one (”。 ，), before an opening one (“ （) */
		double solid = QK_OCR_SOLID_GAP +
		               QK_OCR_MARK_BLANK * (g_utf8_strchr(QK_OCR_CLOSES, -1, a->ch) != NULL) +
		               QK_OCR_MARK_BLANK * (g_utf8_strchr(QK_OCR_OPENS, -1, b->ch) != NULL);
		if (gap > 0 && gap < solid * a->size && !bar &&
		    (!qk_ocr_spaced(a->ch) || !qk_ocr_spaced(b->ch))) {
			a->box.x1 += gap / 2;
			b->box.x0 = a->box.x1;
		}
	}
}

/* A word's glyphs [from, len): boxes shared evenly across the word's box
 * (Tesseract's per-symbol boxes from its LSTM are rough: a character a few
 * pixels wide, its neighbour twice as wide; the word's box is its ink),
 * then those it is unsure of dropped (conf: one per glyph); the symbols'
 * own places (at, pixels: see place_by_ink) of those kept go on line_at
 * when given. */
void qk_ocr_place_word(GArray *glyphs, guint from, const float *conf, const double *at,
                       GArray *line_at, QkBox wb)
{
	guint n = glyphs->len - from, kept = from;
	for (guint k = 0; k < n; k++) {
		QkGlyph g = g_array_index(glyphs, QkGlyph, from + k);
		g.box.x0 = wb.x0 + (wb.x1 - wb.x0) * k / n;
		g.box.x1 = wb.x0 + (wb.x1 - wb.x0) * (k + 1) / n;
		if (conf[k] >= QK_OCR_MIN_CONF) {
			g_array_index(glyphs, QkGlyph, kept++) = g;
			if (line_at)
				g_array_append_val(line_at, at[k]);
		}
	}
	g_array_set_size(glyphs, kept);
	if (kept > from) {
		QkGlyph *last = &g_array_index(glyphs, QkGlyph, kept - 1);
		last->space_after = qk_ocr_spaced(last->ch);
	}
}

/* A text line's ink: the share of its box that is black in Tesseract's
 * binarised image (bin, at the image's scale). */
double qk_ocr_line_ink(PIX *bin, int l, int t, int r, int b)
{
	if (!bin || r <= l || b <= t)
		return 0;
	BOX *box = T.boxCreate(l, t, r - l, b - t);
	PIX *clip = box ? T.pixClipRectangle(bin, box, NULL) : NULL;
	T.boxDestroy(&box);
	l_int32 n = 0;
	if (clip)
		T.pixCountPixels(clip, &n, NULL);
	T.pixDestroy(&clip);
	return (double)n / ((double)(r - l) * (b - t));
}

/* Whether the ink of the binarised image's box l..r × t..b is a rule and
 * no text: the rows with ink over QK_OCR_RULE_ROW of the box's width are
 * fewer than QK_OCR_RULE_THIN of its rows (and some have it). A thin rule,
 * broken into dashes by a scan's grain, is read as words: under a running
 * head, at the bands' 600 dpi (ocrbands.c), as a row of 9 pt words the
 * page never had (人 下 IE 全区 党说 Ji across libreoffice-mag-58's page 9).
 * Characters fill most of their line's rows, a line stretched by a bar
 * beside it (6 | 晋北发展研究) two thirds of them. */
#define QK_OCR_RULE_ROW 0.05
#define QK_OCR_RULE_THIN 0.12

gboolean qk_ocr_rule_ink(PIX *bin, int l, int t, int r, int b)
{
	if (!bin)
		return FALSE;
	l = MAX(l, 0), t = MAX(t, 0);
	r = MIN(r, (int)T.pixGetWidth(bin)), b = MIN(b, (int)T.pixGetHeight(bin));
	if (r <= l || b <= t)
		return FALSE;
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), inked = 0;
	for (int y = t; y < b; y++) {
		const l_uint32 *line = data + (size_t)y * wpl;
		int n = 0;
		for (int x = l; x < r; x++)
			n += GET_DATA_BIT(line, x);
		inked += n > QK_OCR_RULE_ROW * (r - l);
	}
	return inked > 0 && inked < QK_OCR_RULE_THIN * (b - t);
}

/* A solid mark in the binarised image's box l..r × t..b: one run of ink
 * on (nearly) every row and column of its ink's box, which fills at least
 * two fifths of it. A TOC's section bullet (◆ 卷首语) is one; Tesseract
 * reads it as a character (令, 售, ©), and structure then sees no bullet.
 * No Han character passes: its strokes cross. Returns the bullet to put
 * in its place by how much of its box the ink fills (■ ● ◆), or 0. */
gunichar qk_ocr_solid_mark(PIX *bin, int l, int t, int r, int b, int em)
{
	if (!bin)
		return 0;
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	/* the LSTM's box of a line's first symbol at times runs over the
	 * next few: an em of it at most */
	r = MIN(r, l + em);
	l = MAX(l, 0), t = MAX(t, 0), r = MIN(r, w), b = MIN(b, h);
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin);
#define INK(x, y) GET_DATA_BIT(data + (size_t)(y) * wpl, (x))
	int x0 = r, x1 = l - 1, y0 = b, y1 = t - 1;
	long ink = 0;
	for (int y = t; y < b; y++)
		for (int x = l; x < r; x++)
			if (INK(x, y)) {
				x0 = MIN(x0, x), x1 = MAX(x1, x), y0 = MIN(y0, y), y1 = MAX(y1, y);
				ink++;
			}
	int iw = x1 - x0 + 1, ih = y1 - y0 + 1;
	/* at least two fifths of the line's height (em) either way: no dot
	 * (·本期特稿·) nor dash (——) */
	if (5 * iw < 2 * em || 5 * ih < 2 * em || iw > 2 * ih || ih > 2 * iw)
		return 0;
	int bad = 0;
	for (int y = y0; y <= y1; y++) {
		int runs = 0;
		for (int x = x0; x <= x1; x++)
			runs += INK(x, y) && (x == x0 || !INK(x - 1, y));
		bad += runs != 1;
	}
	for (int x = x0; x <= x1; x++) {
		int runs = 0;
		for (int y = y0; y <= y1; y++)
			runs += INK(x, y) && (y == y0 || !INK(x, y - 1));
		bad += runs != 1;
	}
#undef INK
	double fill = (double)ink / ((double)iw * ih);
	if (bad > (iw + ih) / 10 || fill < 0.4)
		return 0;
	return fill >= 0.85 ? 0x25A0 : fill >= 0.65 ? 0x25CF : 0x25C6;
}

/* A hollow box before a byline (□雷华, □ 刘贵龙): Tesseract reads it as
 * 口, and structure then takes 口 for part of the name. The first run of
 * ink columns from l (bin, the line t..b, em its height) is one when it
 * is nearly square, at least QK_OCR_HOLLOW_TALL of the line tall (口 the
 * character is about three quarters of its line's Han characters), blank
 * inside and thinly drawn (ink under QK_OCR_HOLLOW_FILL of its box).
 * Returns □ or 0. */
#define QK_OCR_HOLLOW_TALL 0.9
#define QK_OCR_HOLLOW_FILL 0.3

gunichar qk_ocr_hollow_mark(PIX *bin, int l, int t, int b, int em)
{
	if (!bin || em <= 0)
		return 0;
	int w = (int)T.pixGetWidth(bin);
	t = MAX(t, 0), b = MIN(b, (int)T.pixGetHeight(bin));
	if (l < 0 || l >= w || b <= t)
		return 0;
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), x0 = l;
	/* the symbol's box may start inside the box's left edge */
	while (x0 > 0 && x0 > l - em / 4 && qk_ocr_column_ink(bin, x0 - 1, t, b))
		x0--;
	while (x0 < MIN(l + em / 4, w) && !qk_ocr_column_ink(bin, x0, t, b))
		x0++;
	int x1 = x0;
	while (x1 < w && x1 - x0 <= 2 * em && qk_ocr_column_ink(bin, x1, t, b))
		x1++;
	int y0 = b, y1 = t - 1;
	long ink = 0;
	for (int y = t; y < b; y++)
		for (int x = x0; x < x1; x++)
			if (GET_DATA_BIT(data + (size_t)y * wpl, x)) {
				y0 = MIN(y0, y), y1 = MAX(y1, y);
				ink++;
			}
	int iw = x1 - x0, ih = y1 - y0 + 1;
	if (iw <= 0 || ih < QK_OCR_HOLLOW_TALL * em || 5 * abs(iw - ih) > MAX(iw, ih) ||
	    ink >= QK_OCR_HOLLOW_FILL * iw * ih)
		return 0;
	/* blank inside: all but a fifth of it at each side */
	for (int y = y0 + ih / 5; y <= y1 - ih / 5; y++)
		for (int x = x0 + iw / 5; x < x1 - iw / 5; x++)
			if (GET_DATA_BIT(data + (size_t)y * wpl, x))
				return 0;
	return 0x25A1;
}

gboolean qk_ocr_bullet(gunichar c)
{
	return c == 0x25A0 || c == 0x25CF || c == 0x25C6;
}

gboolean qk_ocr_column_ink(PIX *bin, int x, int t, int b)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin);
	for (int y = MAX(t, 0); y < MIN(b, (int)T.pixGetHeight(bin)); y++)
		if (GET_DATA_BIT(data + (size_t)y * wpl, x))
			return TRUE;
	return FALSE;
}

/* A bullet at the start of a piece of ink l..r × t..b: solid_mark on
 * its first run of ink columns (the character after it is not part of
 * it); *end: where that run ends. */
gunichar qk_ocr_lead_mark(PIX *bin, int l, int r, int t, int b, int em, int *end)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), x = MAX(l, 0);
	r = MIN(r, (int)T.pixGetWidth(bin)), t = MAX(t, 0), b = MIN(b, (int)T.pixGetHeight(bin));
	for (; x < r; x++) {
		gboolean ink = FALSE;
		for (int y = t; y < b && !ink; y++)
			ink = GET_DATA_BIT(data + (size_t)y * wpl, x);
		if (!ink && x > l)
			break;
	}
	*end = x;
	return qk_ocr_solid_mark(bin, l, t, x, b, em);
}

/* Tesseract's Chinese model reads a wide blank as a quote mark at times,
 * and is sure of it (94): between a TOC entry's title and its author
 * (发展”戎建仁, 协调“侯强), before its page (”1), after a real closing
 * quote (大民生” ”秦学军). A printed quote is ticks: small marks in the
 * upper half of the line with no ink under them (the two ticks of one
 * quote are one mark at times). A quote symbol (its box
 * l..r on the line t..b, pixels of bin) is kept when such a tick lies
 * within an em of its box (the LSTM's symbol boxes are that rough) and
 * right of *used, the ticks an earlier quote of the line took (a mark
 * the window's edge cuts is part of a character); it takes
 * the tick and any other within QK_OCR_TICK_PAIR em right of it. */
#define QK_OCR_TICK_MIN 0.06
#define QK_OCR_TICK_MAX 0.45
#define QK_OCR_TICK_WIDE 0.45
#define QK_OCR_TICK_PAIR 0.45

gboolean qk_ocr_is_quote(gunichar c)
{
	return c == 0x201C || c == 0x201D;
}

gboolean qk_ocr_quote_open(const GArray *glyphs, guint from)
{
	int open = 0;
	for (guint i = from; i < glyphs->len; i++) {
		gunichar c = g_array_index(glyphs, QkGlyph, i).ch;
		open += (c == 0x201C) - (c == 0x201D && open > 0);
	}
	return open > 0;
}

gboolean qk_ocr_printed_quote(PIX *bin, int l, int r, int t, int b, int *used)
{
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	int em = b - t;
	int wl = MAX(MAX(l - em, *used + 1), 0), wr = MIN(r + em, w);
	t = MAX(t, 0), b = MIN(b, h);
	if (em <= 0 || wr <= wl || b <= t)
		return TRUE;
	BOX *box = T.boxCreate(wl, t, wr - wl, b - t);
	PIX *clip = box ? T.pixClipRectangle(bin, box, NULL) : NULL;
	T.boxDestroy(&box);
	BOXA *comps = clip ? T.pixConnCompBB(clip, 8) : NULL;
	if (!comps) {
		T.pixDestroy(&clip);
		return TRUE;
	}
	const l_uint32 *data = T.pixGetData(clip);
	int wpl = T.pixGetWpl(clip), n = T.boxaGetCount(comps), best = -1, bx = 0;
	double centre = (l + r) / 2.0 - wl, dist = G_MAXDOUBLE;
	for (int i = 0; i < n; i++) {
		int x, y, cw, ch;
		if (T.boxaGetBoxGeometry(comps, i, &x, &y, &cw, &ch) != 0 ||
		    ch < QK_OCR_TICK_MIN * em || ch > QK_OCR_TICK_MAX * em ||
		    cw > QK_OCR_TICK_WIDE * em || y + ch > em / 2 + em / 10 ||
		    x == 0 || x + cw >= wr - wl)
			continue;
		gboolean under = FALSE;
		for (int yy = y + ch; yy < b - t && !under; yy++)
			for (int xx = x; xx < x + cw && !under; xx++)
				under = GET_DATA_BIT(data + (size_t)yy * wpl, xx);
		if (!under && fabs(x + cw / 2.0 - centre) < dist) {
			dist = fabs(x + cw / 2.0 - centre);
			best = i;
			bx = x;
		}
	}
	if (best >= 0) {
		/* the tick and its pair are this quote's */
		for (int i = 0; i < n; i++) {
			int x, y, cw, ch;
			if (T.boxaGetBoxGeometry(comps, i, &x, &y, &cw, &ch) == 0 && x >= bx &&
			    x <= bx + QK_OCR_TICK_PAIR * em && ch <= QK_OCR_TICK_MAX * em &&
			    y + ch <= em / 2 + em / 10)
				*used = MAX(*used, wl + x + cw);
		}
	}
	T.boxaDestroy(&comps);
	T.pixDestroy(&clip);
	return best >= 0;
}

/* The LSTM's word boxes drift: a word's box runs past its ink, the next
 * word starts after it, and by a line's end the characters sit an em
 * right of their ink, so the gap between a TOC entry's title and its
 * author (盛会落幕处奋进正当时  雷华) lands inside the title, too narrow for
 * a space. The ink says where the gaps are: a line (l..r × t..b, pixels
 * of bin) whose ink has blanks of QK_OCR_WIDE_GAP em or more is cut there
 * into pieces, each glyph goes to the piece its symbol's own box starts
 * in (at: where the symbol's box starts, plus half of it up to half an
 * em; those boxes are rough, but no word's drift is in them), and the
 * glyphs of a piece share its ink by their widths (an em for CJK, half
 * for the rest). A piece left without glyphs, or with more glyphs than
 * its ink holds at QK_OCR_NARROWEST em a glyph, leaves the line as the
 * words put it. */
#define QK_OCR_WIDE_GAP 0.8
#define QK_OCR_CLOSING "，。、；：！？）」』》”’,.;:!?)"
#define QK_OCR_LOW "，。、,."
#define QK_OCR_LOW_WIDE 0.45
#define QK_OCR_NARROWEST 0.1

static double glyph_ems(gunichar c)
{
	if (!c)
		return 0;   /* dropped */
	return qk_ocr_spaced(c) || (c < 0x80 && g_ascii_ispunct((int)c)) ? 0.5 : 1.0;
}

/* Whether the ink of x0..x1 (bin, rows t..b) ends (or starts, last
 * FALSE) in a low mark: a run of ink columns at most QK_OCR_LOW_WIDE em
 * wide with no ink above the line's middle (，。、). */
static gboolean low_run(PIX *bin, int x0, int x1, int t, int b, int em, gboolean last)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), mid = (t + b) / 2, width = 0;
	for (int k = 0; k < x1 - x0; k++) {
		int x = last ? x1 - 1 - k : x0 + k;
		gboolean ink = FALSE;
		for (int y = t; y < b; y++) {
			if (!GET_DATA_BIT(data + (size_t)y * wpl, x))
				continue;
			if (y < mid)
				return FALSE;
			ink = TRUE;
		}
		if (!ink)
			break;
		width++;
	}
	return width > 0 && width <= QK_OCR_LOW_WIDE * em;
}

void qk_ocr_place_by_ink(GArray *glyphs, guint from, const double *at, guint nat, PIX *bin,
                         int l, int t, int r, int b, double sx, double ox)
{
	guint n = glyphs->len - from;
	if (!bin || n < 2 || nat != n)
		return;
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	int em = b - t;
	/* the line's middle rows: no descender of the line above */
	t = MAX(t + em / 10, 0), b = MIN(b - em / 10, h), l = MAX(l, 0), r = MIN(r, w);
	if (em <= 0 || r <= l || b <= t)
		return;
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), gap = (int)(QK_OCR_WIDE_GAP * em);
	/* pieces of ink between wide blanks: [x0, x1) pairs */
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(int));
	int start = -1, last = -1;
	for (int x = l; x <= r; x++) {
		gboolean ink = FALSE;
		for (int y = t; x < r && y < b && !ink; y++)
			ink = GET_DATA_BIT(data + (size_t)y * wpl, x);
		if (!ink && x < r)
			continue;
		if (start >= 0 && (x == r || x - last - 1 >= gap)) {
			int end = last + 1;
			g_array_append_val(pieces, start);
			g_array_append_val(pieces, end);
			start = -1;
		}
		if (x < r) {
			if (start < 0)
				start = x;
			last = x;
		}
	}
	guint np = pieces->len / 2;
	const int *pc = (const int *)pieces->data;
	guint *piece = g_new0(guint, n);
	guint *count = g_new0(guint, MAX(np, 1));
	gboolean fits = np >= 2;
	for (guint i = 0; i < n && fits; i++) {
		guint k = i ? piece[i - 1] : 0;
		/* past the middle of the blank after piece k: a later piece */
		while (k + 1 < np && at[i] >= (pc[2 * k + 1] + pc[2 * k + 2]) / 2.0)
			k++;
		piece[i] = k;
		count[k]++;
	}
	/* A piece does not start with a mark that closes what comes before
	 * it (试金石” read a little right): it goes back to the piece before.
	 * A ，。、 does so when the piece before ends in a low mark (权益，);
	 * else it is a blank read as one (姜东  ，梁妮) unless its own piece
	 * starts with ink like it. */
	for (guint i = 1; i < n && fits; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, from + i);
		guint k = piece[i];
		if (k == piece[i - 1] || !g_utf8_strchr(QK_OCR_CLOSING, -1, g->ch))
			continue;
		if (!g_utf8_strchr(QK_OCR_LOW, -1, g->ch) ||
		    low_run(bin, pc[2 * k - 2], pc[2 * k - 1], t, b, em, TRUE)) {
			piece[i] = k - 1;
			count[k]--;
			count[k - 1]++;
		} else if (g_utf8_strchr(QK_OCR_LOW, -1, g->ch) && count[k] > 1 &&
		           !low_run(bin, pc[2 * k], pc[2 * k + 1], t, b, em, FALSE)) {
			g->ch = 0;
		}
	}
	for (guint k = 0; k < np && fits; k++)
		fits = count[k] > 0 && count[k] * QK_OCR_NARROWEST * em <= pc[2 * k + 1] - pc[2 * k];
	for (guint i = 0, k = 0; i < n && fits; k++) {
		double sum = 0, x = pc[2 * k], ink = pc[2 * k + 1] - pc[2 * k];
		guint j = i;
		/* a piece's first symbol may be a bullet (■ 县域经济 in a TOC's
		 * second column, which Tesseract's line ran on into) */
		QkGlyph *first = &g_array_index(glyphs, QkGlyph, from + i);
		int end;
		gunichar mark = k ? qk_ocr_lead_mark(bin, pc[2 * k], pc[2 * k + 1], t, b, em, &end) : 0;
		if (mark)
			first->ch = mark;
		for (; j < n && piece[j] == k; j++)
			sum += glyph_ems(g_array_index(glyphs, QkGlyph, from + j).ch);
		for (; i < j; i++) {
			QkGlyph *g = &g_array_index(glyphs, QkGlyph, from + i);
			double e = glyph_ems(g->ch) / sum * ink;
			g->box.x0 = x / sx + ox;
			g->box.x1 = (x + e) / sx + ox;
			x += e;
		}
	}
	guint kept = from;
	for (guint i = from; i < glyphs->len; i++)
		if (g_array_index(glyphs, QkGlyph, i).ch)
			g_array_index(glyphs, QkGlyph, kept++) = g_array_index(glyphs, QkGlyph, i);
	g_array_set_size(glyphs, kept);
	g_free(piece);
	g_free(count);
	g_array_free(pieces, TRUE);
}

/* Dot leaders read as dots mixed with commas, full stops and colons
 * (戎建仁....，(3), 秦学军.…….，): a run of at least three such marks with
 * two dots or ellipses among them is a leader, all dots. */
static gboolean leader_like(gunichar c)
{
	return c == '.' || c == 0x2026 || c == 0x22EF || c == 0xFF0C || c == ',' || c == 0x3002 ||
	       c == ':' || c == 0xFF1A || c == 0xB7;
}

void qk_ocr_leaders(GArray *glyphs, guint from)
{
	for (guint i = from, j; i < glyphs->len; i = MAX(j, i + 1)) {
		guint dots = 0;
		for (j = i; j < glyphs->len && leader_like(g_array_index(glyphs, QkGlyph, j).ch); j++) {
			gunichar c = g_array_index(glyphs, QkGlyph, j).ch;
			dots += c == '.' || c == 0x2026 || c == 0x22EF;
		}
		if (j - i >= 3 && dots >= 2)
			for (guint k = i; k < j; k++) {
				QkGlyph *g = &g_array_index(glyphs, QkGlyph, k);
				if (g->ch != 0x2026 && g->ch != 0x22EF)
					g->ch = '.';
			}
	}
}

/* A hyphen-like mark OCR sets beside a dash's two ems. */
static gboolean dash_like(gunichar c)
{
	return c == '-' || c == '_' || c == 0x2010 || c == 0x2013 || c == 0x2014 ||
	       c == 0x2015 || c == 0x2212 || c == 0x2500 || c == 0xFF0D;
}

/* A dash —— is one stroke two ems long; Tesseract reads it as 一一 or 一
 * (越走越宽一一关于, 一方人一我市), or as one hyphen-like mark, _ most
 * often, at 150 and 200 dpi (_写在岁末年初). A 一, or such a mark with no
 * other beside it, whose ink (bin, the line t..b; glyph boxes in points,
 * x = px / sx + ox) runs on unbroken for QK_OCR_DASH em or more, in a row
 * of the line's middle (an underscore's would be at its foot), is the
 * dash: with the 一 after it on the same stroke, or alone, it becomes ——. */
#define QK_OCR_DASH 1.5
#define QK_OCR_DASH_HALF 0.8

static int stroke_run(PIX *bin, int x0, int x1, int t, int b, int at)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), best = 0;
	for (int y = t; y < b; y++) {
		const l_uint32 *row = data + (size_t)y * wpl;
		int run = 0, from = x0;
		for (int x = x0; x <= x1; x++) {
			if (x < x1 && GET_DATA_BIT(row, x)) {
				if (!run)
					from = x;
				run++;
				continue;
			}
			/* a run through the glyph's middle */
			if (run > best && from <= at && x >= at)
				best = run;
			run = 0;
		}
	}
	return best;
}

void qk_ocr_dashes(GArray *glyphs, guint from, PIX *bin, int t, int b, double sx, double ox)
{
	int em = b - t, w = bin ? (int)T.pixGetWidth(bin) : 0;
	if (!bin || em <= 0)
		return;
	/* the stroke sits in the middle rows */
	int mt = MAX(t + em / 4, 0), mb = MIN(b - em / 4, (int)T.pixGetHeight(bin));
	for (guint i = from; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		gboolean lone = dash_like(g->ch) && !(i > from && dash_like((g - 1)->ch)) &&
		                !(i + 1 < glyphs->len && dash_like((g + 1)->ch));
		if (g->ch != 0x4E00 && !lone)
			continue;
		int at = (int)(((g->box.x0 + g->box.x1) / 2 - ox) * sx);
		int x0 = MAX(at - 2 * em, 0), x1 = MIN(at + 2 * em, w);
		if (x1 <= x0 || stroke_run(bin, x0, x1, mt, mb, at) < QK_OCR_DASH * em)
			continue;
		QkGlyph *next = i + 1 < glyphs->len ? g + 1 : NULL;
		if (next && next->ch == 0x4E00) {
			g->ch = next->ch = 0x2014;
			i++;
		} else {
			QkGlyph d = *g;
			d.ch = 0x2014;
			double mid = (g->box.x0 + g->box.x1) / 2;
			g->ch = 0x2014;
			g->box.x1 = d.box.x0 = mid;
			g_array_insert_val(glyphs, i + 1, d);
			i++;
		}
		/* a hyphen read beside it on a stroke an em long (the dash's
		 * or its second half's: at 300 dpi the two ems of —— print
		 * apart) is part of the dash (困境-——来自, 困境——-来自) */
		for (int side = 0; side < 2; side++) {
			guint k = side ? i + 1 : i - 2;
			if ((side ? k >= glyphs->len : i < from + 2))
				continue;
			QkGlyph *h = &g_array_index(glyphs, QkGlyph, k);
			int hx = (int)(((h->box.x0 + h->box.x1) / 2 - ox) * sx);
			if (h->ch == '-' && hx > x0 && hx < x1 &&
			    stroke_run(bin, x0, x1, mt, mb, hx) >= QK_OCR_DASH_HALF * em) {
				/* the dash's half beside it takes its box: the line
				 * keeps its extent */
				QkGlyph *half = &g_array_index(glyphs, QkGlyph, side ? i : i - 1);
				half->box.x0 = MIN(half->box.x0, h->box.x0);
				half->box.x1 = MAX(half->box.x1, h->box.x1);
				g_array_remove_index(glyphs, k);
				i -= !side;
			}
		}
	}
}


/* A run of dash-like marks holding —— is that dash: the long stroke is
 * read as —— and a hyphen more before or after it (-——朔州…, ——-朔州…:
 * a subtitle's dash that no longer reads as one); so is a run of a hyphen
 * and 一 (-一朔州…: no word sets a hyphen beside 一, and 一一 alone may be
 * one, 一一对应). */
void qk_ocr_dash_runs(GArray *glyphs, guint from)
{
	for (guint i = from; i < glyphs->len; i++) {
		guint j = i, dashes = 0, ones = 0;
		for (; j < glyphs->len; j++) {
			gunichar c = g_array_index(glyphs, QkGlyph, j).ch;
			if (!dash_like(c) && c != 0x4E00)
				break;
			dashes += c == 0x2014;
			ones += c == 0x4E00;
		}
		gboolean mixed = ones && ones < j - i && dashes < j - i;
		if (!(dashes >= 2 && j - i > 2) && !(mixed && j - i >= 2)) {
			i = MAX(i, j ? j - 1 : 0);
			continue;
		}
		/* the first two keep the run's box, as ——; the rest go */
		QkGlyph *a = &g_array_index(glyphs, QkGlyph, i), *b = a + 1;
		double x0 = a->box.x0, x1 = g_array_index(glyphs, QkGlyph, j - 1).box.x1;
		a->ch = b->ch = 0x2014;
		b->box = a->box;
		a->box.x0 = x0;
		a->box.x1 = b->box.x0 = (x0 + x1) / 2;
		b->box.x1 = x1;
		b->space_after = g_array_index(glyphs, QkGlyph, j - 1).space_after;
		a->space_after = FALSE;
		g_array_remove_range(glyphs, i + 2, j - i - 2);
		i++;
	}
}
