/*
 * ocrbands.c — the page's top and bottom bands read again: running heads
 * and folios, which the whole page's reading drops or misreads.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"

/* The page's top and bottom bands (furniture.c's bands: running heads and
 * folios) are read again on their own, at QK_OCR_BAND_DPI, as one block of
 * text: in the whole page Tesseract drops a lone folio of 6 or 7 points
 * (· 3 ·, P2) as a speck or reads it worse (P5 as PS). What the page
 * missed is added (no larger than the body text, as furniture is set);
 * a short word of the page (a folio, at most
 * QK_OCR_BAND_WORD characters) that the band read differently is
 * replaced; longer text of the page stays as read, and the band's lines
 * cut by its inner edge are ignored. */
#define QK_OCR_BAND_WORD 4
#define QK_OCR_BAND_SPECK 0.5
/* … at this resolution: a 6 pt folio is 50 pixels tall */
#define QK_OCR_BAND_DPI 600.0

static gboolean overlaps(const QkBox *a, const QkBox *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* The end of the token that starts at glyphs[i]: the glyphs after it on
 * its text line no more than an em apart. */
static guint token_end(GArray *glyphs, guint i)
{
	const QkGlyph *a = &g_array_index(glyphs, QkGlyph, i);
	double em = a->box.y1 - a->box.y0;
	guint j = i + 1;
	for (; j < glyphs->len; j++) {
		const QkGlyph *b = &g_array_index(glyphs, QkGlyph, j);
		if (b->box.y0 != a->box.y0 || b->box.x0 - (b - 1)->box.x1 > em)
			break;
	}
	return j;
}

/* n band glyphs of one line and word merged into glyphs, whose first
 * page_len are the page's own; returns how many of those went. */
static guint merge_band_word(GArray *glyphs, guint page_len, const QkGlyph *w, guint n,
                             double body)
{
	/* furniture is set no larger than the body text: what is larger
	 * (a page's title in the band) stays as the page read it */
	if (w->size > (1 + QK_OCR_SAME_SIZE) * body)
		return 0;
	/* nor under half of it but for a folio's digits: a rule's corner
	 * read as 让 at 3 pt (libreoffice-mag-13 p3) */
	gboolean digits = FALSE;
	for (guint i = 0; i < n; i++)
		digits |= g_unichar_isdigit(w[i].ch);
	if (!digits && w->size < QK_OCR_BAND_SPECK * body)
		return 0;
	QkBox box = w[0].box;
	for (guint i = 1; i < n; i++) {
		box.x0 = MIN(box.x0, w[i].box.x0);
		box.x1 = MAX(box.x1, w[i].box.x1);
	}
	/* the page's glyphs within an em of it: a longer word of the page
	 * around it counts whole */
	double em = box.y1 - box.y0;
	QkBox near = { box.x0 - em, box.y0, box.x1 + em, box.y1 };
	guint hit = 0;
	for (guint i = 0; i < page_len; i++) {
		const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (!overlaps(&g->box, &near))
			continue;
		/* a piece of a headline the page read whole (a title near the
		 * top, 19 pt, read by the band as 9 pt junk) */
		if (g->size > (1 + QK_OCR_SAME_SIZE) * body)
			return 0;
		hit++;
	}
	if (hit > QK_OCR_BAND_WORD || n > 2 * QK_OCR_BAND_WORD)
		return 0;
	if (hit) {
		/* the page's own reading of that word goes */
		guint k = 0;
		for (guint i = 0; i < glyphs->len; i++) {
			QkGlyph g = g_array_index(glyphs, QkGlyph, i);
			if (i >= page_len || !overlaps(&g.box, &box))
				g_array_index(glyphs, QkGlyph, k++) = g;
		}
		g_array_set_size(glyphs, k);
	}
	g_array_append_vals(glyphs, w, n);
	return hit;
}

/* A band token's marks as furniture prints them. Tesseract reads the
 * middle dots around a folio or a running head (·3·, ·本期特稿·) as
 * °, *, +, ., 。 or quotes: a token opened and closed by such marks gets ·
 * at both ends, and digits with such a mark at one end get it as ·;
 * one to three digits between any two characters are a folio ·D·. A
 * narrow token that is still no folio is read again alone as digits
 * (reread_folio). And a short token that is a folio but for its last
 * character (Pl, P], PS: a digit read as its look-alike letter) after
 * digits or one capital gets the digit. */
static gboolean dot_like(gunichar c)
{
	/* · • ° * + . 。 ‧ ∙ “ ” */
	static const gunichar dots[] = { 0xB7, 0x2022, 0xB0, '*', '+', '.', 0x3002, 0x2027,
	                                 0x2219, 0x201C, 0x201D };
	for (guint i = 0; i < G_N_ELEMENTS(dots); i++)
		if (c == dots[i])
			return TRUE;
	return FALSE;
}

static void band_marks(QkGlyph *g, guint n)
{
	/* an ordinal is no folio: a newspaper's 版 header, 第2版 要闻 (chi_sim
	 * reads no middle dot as 第) */
	if (g[0].ch == 0x7B2C)
		return;
	gboolean first = dot_like(g[0].ch), last = dot_like(g[n - 1].ch);
	/* digits between two marks read as anything (人3硬, @3e: chi_sim
	 * reads the dots of ·3· as Han characters) */
	gboolean folio = n >= 3 && n <= 5 && !g_unichar_isdigit(g[0].ch) &&
	                 !g_unichar_isdigit(g[n - 1].ch);
	for (guint i = 1; folio && i + 1 < n; i++)
		folio = g_unichar_isdigit(g[i].ch);
	if (n >= 3 && ((first && last) || folio)) {
		g[0].ch = 0x00B7;
		g[n - 1].ch = 0x00B7;
	} else if (n >= 2 && (first || last)) {
		/* a folio that lost one of its dots (5°) */
		guint i = first;
		while (i < n - last && g_unichar_isdigit(g[i].ch))
			i++;
		if (i == n - last)
			g[first ? 0 : n - 1].ch = 0x00B7;
	}
	/* no bar: 6| is a folio and its rule (6 | 晋北发展研究) */
	static const char alike[] = "lI][!OoDSs$ZzBg";
	static const char digit[] = "111110005552289";
	if (n < 2 || n > QK_OCR_BAND_WORD || g[n - 1].ch >= 0x80 || !g[n - 1].ch ||
	    !strchr(alike, (int)g[n - 1].ch))
		return;
	for (guint i = 0; i + 1 < n; i++)
		if (!g_unichar_isdigit(g[i].ch) && !(i == 0 && g[i].ch >= 'A' && g[i].ch <= 'Z'))
			return;
	g[n - 1].ch = (gunichar)digit[strchr(alike, (int)g[n - 1].ch) - alike];
}

/* Whether a band token could be an unread folio: narrow (at most
 * QK_OCR_FOLIO_EMS of its height), a few characters, and not already
 * digits, dots and at most a capital before them (·3·, P5; 硬3 and ·4，·
 * are read again). */
#define QK_OCR_FOLIO_EMS 2.5

static gboolean unread_folio(const QkGlyph *g, guint n)
{
	double em = g[0].box.y1 - g[0].box.y0;
	if (n > 5 || g[n - 1].box.x1 - g[0].box.x0 > QK_OCR_FOLIO_EMS * em)
		return FALSE;
	guint digits = 0, other = 0;
	for (guint i = 0; i < n; i++) {
		if (g_unichar_isdigit(g[i].ch))
			digits++;
		else if (g[i].ch != 0xB7 && !(i == 0 && g[i].ch >= 'A' && g[i].ch <= 'Z'))
			other++;
	}
	return !digits || other;
}

/* Whether the row of glyphs[i] (glyphs overlapping it by half their
 * height) holds a 版 number (第2版): a newspaper's 版 header names the 版
 * and its section beside it (第2版 要闻, whose 经济 the digits engine read as
 * 43) and prints no folio there. */
static gboolean edition_row(GArray *glyphs, guint i)
{
	const QkGlyph *g = (const QkGlyph *)glyphs->data;
	for (guint k = 0; k + 2 < glyphs->len; k++) {
		double h = MIN(g[k].box.y1 - g[k].box.y0, g[i].box.y1 - g[i].box.y0);
		if (g[k].ch != 0x7B2C ||   /* 第 */
		    MIN(g[k].box.y1, g[i].box.y1) - MAX(g[k].box.y0, g[i].box.y0) < 0.5 * h)
			continue;
		guint d = k + 1;
		while (d < glyphs->len && d - k <= 3 && g_unichar_isdigit(g[d].ch))
			d++;
		if (d > k + 1 && d < glyphs->len && g[d].ch == 0x7248)   /* 版 */
			return TRUE;
	}
	return FALSE;
}

typedef struct {
	int x0, x1, top, bot;   /* pixels of pix, bot past */
} InkRun;

/* The runs of ink columns in pix's l..r × t..b, left to right, and the
 * tallest's height; none when the window's darkest is less than contrast
 * under its lightest. */
static GArray *ink_runs(PIX *pix, int l, int r, int t, int b, int contrast, int *tallest)
{
	const l_uint32 *data = T.pixGetData(pix);
	int wpl = T.pixGetWpl(pix), lo = 255, hi = 0;
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(InkRun));
	*tallest = 0;
	for (int y = t; y < b; y++)
		for (int x = l; x < r; x++) {
			int v = GET_DATA_BYTE(data + (size_t)y * wpl, x);
			lo = MIN(lo, v), hi = MAX(hi, v);
		}
	if (hi - lo < contrast)
		return runs;
	int thr = (lo + hi) / 2;
	InkRun run = { -1, -1, b, -1 };
	for (int x = l; x <= r; x++) {
		int ct = b, cb = -1;
		for (int y = t; x < r && y < b; y++)
			if (GET_DATA_BYTE(data + (size_t)y * wpl, x) < thr)
				ct = MIN(ct, y), cb = MAX(cb, y);
		if (cb >= 0) {
			run.x0 = run.x0 < 0 ? x : run.x0;
			run.top = MIN(run.top, ct), run.bot = MAX(run.bot, cb + 1);
			continue;
		}
		if (run.x0 >= 0) {
			run.x1 = x;
			g_array_append_val(runs, run);
			*tallest = MAX(*tallest, run.bot - run.top);
		}
		run = (InkRun){ -1, -1, b, -1 };
	}
	return runs;
}

/* A folio's middle dots cut off its digits: Tesseract reads ·1· alone
 * as nothing, even with only digits allowed, and the 1 without them
 * right (mini's scan at 300 dpi, where the page read ·1· as 全). In
 * pix's window l..r × t..b, ink is what is darker than halfway between
 * its lightest and darkest; runs of ink columns at either end less than
 * QK_OCR_FOLIO_DOT of the tallest run's height both ways are dots, and
 * *l, *r close in on the rest. */
#define QK_OCR_FOLIO_DOT 0.5

/* Whether run k is flat: under QK_OCR_FOLIO_DOT of the tallest's height
 * (a dot, a dash). */
static gboolean flat_run(const InkRun *rn, int k, int tallest)
{
	return rn[k].bot - rn[k].top < QK_OCR_FOLIO_DOT * tallest;
}

static void trim_dots(PIX *pix, int *l, int *r, int t, int b)
{
	int tallest;
	GArray *runs = ink_runs(pix, *l, *r, t, b, 0, &tallest);
	const InkRun *rn = (const InkRun *)runs->data;
	int n = (int)runs->len, i = 0, j = n - 1;
#define DOT(k) (flat_run(rn, k, tallest) && rn[k].x1 - rn[k].x0 < QK_OCR_FOLIO_DOT * tallest)
	while (i < j && DOT(i))
		i++;
	while (j > i && DOT(j))
		j--;
#undef DOT
	/* the window's margin kept, but none of a dot cut off */
	int pad = tallest / 3;
	if (i > 0)
		*l = MAX(rn[i].x0 - pad, (rn[i - 1].x1 + rn[i].x0) / 2);
	if (j < n - 1)
		*r = MIN(rn[j].x1 + pad, (rn[j].x1 + rn[j + 1].x0) / 2);
	g_array_free(runs, TRUE);
}

/* The digits (at most three, NUL-ended in out) read in pix's l..r × t..b,
 * enlarged f times (res: pix's dpi), with api; their count. Tesseract
 * reads a lone digit unevenly by how it segments the image (a clean 5
 * came back 2 as a line, 5 as a word or a raw line; a 1 as a line only),
 * and is unsure when wrong (those 2s scored 37-43, the right readings 95
 * and more): with modes 3, the reading of the three it is surest of, the
 * line's on a tie. */
guint qk_ocr_folio_digits(TessBaseAPI *api, PIX *pix, int l, int t, int r, int b, double res,
                          double f, guint modes, char out[4])
{
	static const TessPageSegMode psm[] = { PSM_SINGLE_LINE, PSM_SINGLE_WORD, PSM_RAW_LINE };
	char read[G_N_ELEMENTS(psm)][4] = { { 0 } };
	int conf[G_N_ELEMENTS(psm)] = { 0 };
	out[0] = '\0';
	BOX *box = T.boxCreate(l, t, r - l, b - t);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
	if (!clip)
		return 0;
	if (f > 1.1)
		qk_ocr_replace(&clip, T.pixScaleGrayLI(clip, (float)f, (float)f));
	modes = MIN(modes, G_N_ELEMENTS(psm));
	T.TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789");
	for (guint k = 0; k < modes; k++) {
		T.TessBaseAPISetPageSegMode(api, psm[k]);
		T.TessBaseAPISetImage2(api, clip);
		T.TessBaseAPISetSourceResolution(api, (int)lround(res * f));
		char *text = T.TessBaseAPIGetUTF8Text(api);
		conf[k] = T.TessBaseAPIMeanTextConf(api);
		guint m = 0;
		for (const char *s = text ? text : ""; *s; s++) {
			if (g_ascii_isdigit(*s) && m < 3)
				read[k][m++] = *s;
			else if (!g_ascii_isspace(*s) || m == 3) {
				m = 0;
				break;
			}
		}
		read[k][m] = '\0';
		if (text)
			T.TessDeleteText(text);
	}
	T.TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	T.TessBaseAPIClear(api);
	T.pixDestroy(&clip);
	int best = -1;
	for (guint k = 0; k < modes; k++) {
		if (read[k][0] && conf[k] > best) {
			best = conf[k];
			memcpy(out, read[k], 4);
		}
	}
	return (guint)strlen(out);
}

/* A folio the band misread (·1· as 量；本, ·5· as ·。D·), read again
 * alone as a line of digits: its glyphs [i, i + n) become the digits
 * read; the count of glyphs now there. */
static guint reread_folio(QkOcr *ocr, PIX *pix, GArray *glyphs, guint i, guint n, double sx,
                          double sy, double ox, double oy, double f)
{
	QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
	QkBox b = { g[0].box.x0, g[0].box.y0, g[n - 1].box.x1, g[0].box.y1 };
	double em = b.y1 - b.y0;
	int l = (int)((b.x0 - 0.5 * em - ox) * sx), t = (int)((b.y0 - 0.5 * em - oy) * sy);
	int r = (int)((b.x1 + 0.5 * em - ox) * sx), bt = (int)((b.y1 + 0.5 * em - oy) * sy);
	l = MAX(l, 0), t = MAX(t, 0);
	r = MIN(r, (int)T.pixGetWidth(pix)), bt = MIN(bt, (int)T.pixGetHeight(pix));
	if (r <= l || bt <= t)
		return n;
	/* the page's engine on the whole window, as first done, when the
	 * digits engine reads nothing there (xelatex-mag-07's top folio) */
	char digits[4];
	int tl = l, tr = r;
	trim_dots(pix, &tl, &tr, t, bt);
	if (!qk_ocr_folio_digits(qk_ocr_digits(ocr), pix, tl, t, tr, bt, sx * 72, f, 3, digits))
		qk_ocr_folio_digits(ocr->api, pix, l, t, r, bt, sx * 72, f, 1, digits);
	guint m = (guint)strlen(digits);
	if (!m)
		return n;
	QkGlyph one = g[0];
	g_array_remove_range(glyphs, i, n);
	for (guint k = 0; k < m; k++) {
		QkGlyph d = one;
		d.ch = (gunichar)digits[k];
		d.box.x0 = b.x0 + (b.x1 - b.x0) * k / m;
		d.box.x1 = b.x0 + (b.x1 - b.x0) * (k + 1) / m;
		d.space_after = FALSE;
		g_array_insert_val(glyphs, i + k, d);
	}
	return m;
}

/* Folios set between dashes, — 8 — (the style of GB/T 9704's official
 * documents, which many magazines follow): chi_sim reads the dashes as
 * Han characters with the digits (— 8 — as 天生：偶呈, — 6 — as ER了), or
 * the three as one glyph (— 9 — as a 3 as wide as they are), and the
 * page loses its label. They are found in the ink, whatever was read: in
 * the token's box and QK_OCR_DASH_REACH ems either side, the runs of ink
 * columns (ink: darker than halfway between the window's lightest and
 * darkest) open and close with flat runs (less than QK_OCR_FOLIO_DOT of
 * the tallest run's height) at least QK_OCR_DASH_EMS wide, at the height
 * of the middle of the runs between, which are at most QK_OCR_FOLIO_EMS
 * wide; those are read again as digits (reread_folio's engines), and the
 * token becomes the dash, the digits and the dash, as printed (the count
 * of glyphs in their place; 0 when it is no such folio). Nothing
 * else of the page may lie in that window (a dash beside a running foot's
 * words is no folio's) but the row's next tokens, which the folio takes. */
#define QK_OCR_DASH_REACH 2.5
#define QK_OCR_DASH_EMS 0.6

static guint reread_dashed(QkOcr *ocr, PIX *pix, GArray *glyphs, guint i, guint n, double sx,
                           double sy, double ox, double oy, double f)
{
	const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
	double em = g[0].box.y1 - g[0].box.y0;
	QkBox tok = { g[0].box.x0, g[0].box.y0, g[n - 1].box.x1, g[0].box.y1 };
	if (n > 5 || em <= 0 || tok.x1 - tok.x0 > (QK_OCR_FOLIO_EMS + 2) * em)
		return 0;
	QkBox win = { tok.x0 - QK_OCR_DASH_REACH * em, tok.y0 - 0.3 * em,
	              tok.x1 + QK_OCR_DASH_REACH * em, tok.y1 + 0.3 * em };
	/* the row's next tokens inside the window are the folio's too (— 5 —
	 * read 蜂 | 本, the dash apart) */
	guint all = n;
	while (i + all < glyphs->len && all < 5) {
		const QkGlyph *o = &g_array_index(glyphs, QkGlyph, i + all);
		if (fabs(o->box.y0 - tok.y0) > 0.3 * em || o->box.x0 < tok.x1 || o->box.x1 > win.x1)
			break;
		all++;
	}
	for (guint k = 0; k < glyphs->len; k++) {
		const QkGlyph *o = &g_array_index(glyphs, QkGlyph, k);
		if ((k < i || k >= i + all) && overlaps(&o->box, &win))
			return 0;
	}
	int l = MAX((int)((win.x0 - ox) * sx), 0), t = MAX((int)((win.y0 - oy) * sy), 0);
	int r = MIN((int)((win.x1 - ox) * sx), (int)T.pixGetWidth(pix));
	int b = MIN((int)((win.y1 - oy) * sy), (int)T.pixGetHeight(pix));
	if (r - l < 3 || b - t < 3)
		return 0;
	/* paper and its grain only: no ink */
	int tallest;
	GArray *runs = ink_runs(pix, l, r, t, b, 64, &tallest);
	const InkRun *rn = (const InkRun *)runs->data;
	int m = (int)runs->len;
	int a = 0, z = m - 1;
	while (a < m && flat_run(rn, a, tallest))
		a++;
	while (z >= a && flat_run(rn, z, tallest))
		z--;
	double px_em = em * sx;
	gboolean folio = a > 0 && z < m - 1 && z >= a &&
	                 rn[a - 1].x1 - rn[0].x0 >= QK_OCR_DASH_EMS * px_em &&
	                 rn[m - 1].x1 - rn[z + 1].x0 >= QK_OCR_DASH_EMS * px_em &&
	                 rn[z].x1 - rn[a].x0 <= QK_OCR_FOLIO_EMS * px_em;
	int top = b, bot = t;
	for (int k = a; folio && k <= z; k++) {
		/* the middle holds no flat run: a dash between digits is none */
		if (flat_run(rn, k, tallest))
			folio = FALSE;
		top = MIN(top, rn[k].top), bot = MAX(bot, rn[k].bot);
	}
	/* each dash at the middle's middle height: no rule under the digits */
	for (int k = 0; folio && k < m; k++) {
		if (k >= a && k <= z)
			continue;
		double mid = 0.5 * (rn[k].top + rn[k].bot);
		folio = mid > top + 0.2 * (bot - top) && mid < bot - 0.2 * (bot - top);
	}
	char digits[4] = { 0 };
	if (folio) {
		int pad = (bot - top) / 3;
		int dl = MAX(rn[a].x0 - pad, (rn[a - 1].x1 + rn[a].x0) / 2);
		int dr = MIN(rn[z].x1 + pad, (rn[z].x1 + rn[z + 1].x0) / 2);
		int dt = MAX(top - pad, 0), db = MIN(bot + pad, (int)T.pixGetHeight(pix));
		if (!qk_ocr_folio_digits(qk_ocr_digits(ocr), pix, dl, dt, dr, db, sx * 72, f, 3, digits))
			qk_ocr_folio_digits(ocr->api, pix, dl, dt, dr, db, sx * 72, f, 1, digits);
	}
	guint nd = (guint)strlen(digits);
	if (!nd) {
		g_array_free(runs, TRUE);
		return 0;
	}
	/* the dash, the digits, the dash, each on its ink, in points */
	QkGlyph one = g[0];
	one.space_after = FALSE;
	QkGlyph out[5];
	double y0 = oy + top / sy, y1 = oy + bot / sy;
	out[0] = one;
	out[0].ch = 0x2014;
	out[0].box = (QkBox){ ox + rn[0].x0 / sx, y0, ox + rn[a - 1].x1 / sx, y1 };
	double d0 = ox + rn[a].x0 / sx, d1 = ox + rn[z].x1 / sx;
	for (guint k = 0; k < nd; k++) {
		out[1 + k] = one;
		out[1 + k].ch = (gunichar)digits[k];
		out[1 + k].box = (QkBox){ d0 + (d1 - d0) * k / nd, y0, d0 + (d1 - d0) * (k + 1) / nd, y1 };
	}
	out[1 + nd] = one;
	out[1 + nd].ch = 0x2014;
	out[1 + nd].box = (QkBox){ ox + rn[z + 1].x0 / sx, y0, ox + rn[m - 1].x1 / sx, y1 };
	g_array_free(runs, TRUE);
	g_array_remove_range(glyphs, i, all);
	g_array_insert_vals(glyphs, i, out, nd + 2);
	return nd + 2;
}

void qk_ocr_read_bands(QkOcr *ocr, PIX *pix, QkGlyphPage *gp, double sx, double sy,
                       double ox, double oy)
{
	int w = (int)T.pixGetWidth(pix), h = (int)T.pixGetHeight(pix);
	int bh = (int)(h * QK_OCR_BAND);
	double f = MIN(QK_OCR_BAND_DPI / (sx * 72), sqrt(QK_OCR_MAX_PIXELS / (2.0 * w * MAX(bh, 1))));
	GArray *band = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_BLOCK);
	for (int k = 0; k < 2 && bh > 0; k++) {
		int top = k ? h - bh : 0;
		BOX *box = T.boxCreate(0, top, w, bh);
		PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
		T.boxDestroy(&box);
		if (!clip)
			continue;
		if (f > 1.1)
			qk_ocr_replace(&clip, T.pixScaleGrayLI(clip, (float)f, (float)f));
		g_array_set_size(band, 0);
		QkGlyphPage tmp = { .glyphs = band };
		T.TessBaseAPISetImage2(ocr->api, clip);
		T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * f * 72));
		TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
		                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
		PIX *bin = NULL;
		if (ri) {
			qk_ocr_read_symbols(ri, &tmp, sx * f, sy * f, ox, oy + top / sy, NULL, NULL);
			T.TessResultIteratorDelete(ri);
			bin = T.TessBaseAPIGetThresholdedImage(ocr->api);
		}
		T.TessBaseAPIClear(ocr->api);
		T.pixDestroy(&clip);
		/* the band's inner edge, in points: lines it cuts are ignored */
		double edge = oy + (k ? top : bh) / sy;
		guint page_len = gp->glyphs->len;
		double body = qk_ocr_common_size(gp->glyphs);
		for (guint i = 0, j; i < band->len; i = j) {
			const QkGlyph *a = &g_array_index(band, QkGlyph, i);
			double em = a->box.y1 - a->box.y0;
			j = token_end(band, i);
			gboolean cut = k ? a->box.y0 < edge + 0.3 * em : a->box.y1 > edge - 0.3 * em;
			/* a rule read as words (qk_ocr_rule_ink): the token's
			 * box and an em either side, in the band's pixels (the
			 * box of a folio — 3 — read 本 may hold only a dash:
			 * weasyprint-mag-115) */
			const QkGlyph *z = &g_array_index(band, QkGlyph, j - 1);
			double bx = sx * f, by = sy * f, y0 = oy + top / sy;
			if (!cut && !qk_ocr_rule_ink(bin, (int)((a->box.x0 - em - ox) * bx),
			                             (int)((a->box.y0 - y0) * by),
			                             (int)ceil((z->box.x1 + em - ox) * bx),
			                             (int)ceil((a->box.y1 - y0) * by)))
				page_len -= merge_band_word(gp->glyphs, page_len, a, j - i, body);
		}
		T.pixDestroy(&bin);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(band, TRUE);
	double top = oy + bh / sy, bottom = oy + (h - bh) / sy, body = qk_ocr_common_size(gp->glyphs);
	for (guint i = 0, j; i < gp->glyphs->len; i = j) {
		j = token_end(gp->glyphs, i);
		QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		if (g->box.y1 > top && g->box.y0 < bottom)
			continue;
		/* furniture is set no larger than the body text: a title near
		 * the top keeps its quotes and is no folio */
		if (g->size > (1 + QK_OCR_SAME_SIZE) * body)
			continue;
		band_marks(g, j - i);
		guint dashed = reread_dashed(ocr, pix, gp->glyphs, i, j - i, sx, sy, ox, oy, f);
		if (dashed)
			j = i + dashed;
		else if (unread_folio(g, j - i) && !edition_row(gp->glyphs, i))
			j = i + reread_folio(ocr, pix, gp->glyphs, i, j - i, sx, sy, ox, oy, f);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
}

