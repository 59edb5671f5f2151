/*
 * ocrgutter.c — columns Tesseract's layout ran together, read again one
 * column at a time.
 *
 * Tesseract's page layout finds columns from tab stops and gutters it
 * expects to be wide; a narrow gutter (about an em, with full-width
 * punctuation hanging into it) it does not always see, and then reads a
 * row of one column and a row of the next as one line. Where the two
 * columns' rows are not level (a heading or an orphan line shifts one
 * column by half a row) the line interleaves two rows into junk:
 * libreoffice-mag-16's page 4 at 200 dpi read 玉燕麦”等区域公用品牌的知。，
 * 、以农业生7托管和土交流置补贴力度 from three columns; chromium-mag-02's
 * page 6 likewise below its picture. Whether it does depends on
 * nothing a page shows (the same image read right told another
 * resolution).
 *
 * The ink says where the gutters are: a strip at least QK_OCR_GUTTER_MIN
 * em wide (at most QK_OCR_GUTTER_MAX) that no ink crosses, with ink on
 * both sides, down QK_OCR_GUTTER_TALL em or more (several rows of text;
 * a title's word space is one row). When a line of the page's reading
 * runs across such a gutter and reads poorly, the band of the page beside it (the
 * gutter's height) is read again, each column between the gutters alone,
 * and what they read replaces the page's reading of the band. A gutter
 * beside a column whose ink is under QK_OCR_GUTTER_COLUMN em wide (a
 * table's, a TOC's page numbers: rows that are lines across the gap by
 * design) is left as read, and so is one a headline crosses (display
 * type, its characters QK_OCR_GUTTER_LARGE em tall). Pages whose lines
 * keep to their columns are not read twice.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"

#define QK_OCR_GUTTER_MIN 0.5
#define QK_OCR_GUTTER_MAX 3.0
#define QK_OCR_GUTTER_TALL 8.0
#define QK_OCR_GUTTER_COLUMN 6.0
/* the window a gutter is looked for in (ems tall), moved half an em at a
 * time */
#define QK_OCR_GUTTER_WINDOW 3
#define QK_OCR_GUTTER_ON 0.25
#define QK_OCR_GUTTER_MISSES 1
#define QK_OCR_GUTTER_KEEP 0.4
/* lines whose characters are this many ems tall are display type */
#define QK_OCR_GUTTER_LARGE 1.3
/* a line across a gutter read with a mean word confidence under this is
 * two columns' rows interleaved: chromium-mag-01's TOC rows across the
 * blank before their authors read at 90-91, a table's rows at 81-92; the
 * interleaved rows of libreoffice-mag-16 and chromium-mag-02 at 55-79 */
#define QK_OCR_GUTTER_DOUBT 80.0

typedef struct {
	int x0, x1, y0, y1;   /* pixels; y1 exclusive; x0..x1 blank all down */
	int misses;
	gboolean done;
} Gutter;

typedef struct {
	int x0, x1;
} Run;

static int cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The page's body em (pixels): the median height of the lines' Han
 * characters, else of the lines. */
static int body_em(GArray *lines)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint i = 0; i < lines->len; i++) {
		const QkOcrLine *l = &g_array_index(lines, QkOcrLine, i);
		int v = l->han > 0 ? l->han : l->b - l->t;
		if (l->to > l->from && v > 0)
			g_array_append_val(h, v);
	}
	g_array_sort(h, cmp_int);
	int em = h->len ? g_array_index(h, int, h->len / 2) : 0;
	g_array_free(h, TRUE);
	return em;
}

/* Which x of bin hold ink in rows y0..y1: ink[x] set. */
static void strip_ink(PIX *bin, int y0, int y1, guint8 *ink)
{
	int w = (int)T.pixGetWidth(bin), wpl = (int)T.pixGetWpl(bin);
	l_uint32 *data = T.pixGetData(bin);
	for (int y = y0; y < y1; y++) {
		const l_uint32 *line = data + (size_t)y * wpl;
		for (int k = 0; k < wpl; k++) {
			l_uint32 word = line[k];
			if (!word)
				continue;
			for (int bit = 0; bit < 32 && k * 32 + bit < w; bit++)
				if (word & (0x80000000u >> bit))
					ink[k * 32 + bit] = 1;
		}
	}
}

/* The gutters of bin (1 bpp, ink 1), for an em of em pixels. */
static GArray *find_gutters(PIX *bin, int em)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(Gutter));
	int w = (int)T.pixGetWidth(bin), h = (int)T.pixGetHeight(bin);
	int step = MAX(em / 2, 1), nstrips = h / step;
	int win = 2 * QK_OCR_GUTTER_WINDOW;   /* strips */
	if (nstrips < win || em < 4)
		return out;
	guint8 *strips = g_malloc0((size_t)nstrips * w);
	for (int s = 0; s < nstrips; s++)
		strip_ink(bin, s * step, (s + 1) * step, strips + (size_t)s * w);
	guint8 *ink = g_malloc((size_t)w);
	int gmin = (int)(QK_OCR_GUTTER_MIN * em), gmax = (int)(QK_OCR_GUTTER_MAX * em);
	/* a gutter goes on down the part of it still blank while that is
	 * QK_OCR_GUTTER_ON em wide (punctuation hung into it narrows it),
	 * and past a window with none */
	int gcont = MAX((int)(QK_OCR_GUTTER_ON * em), 1);
	/* … and is QK_OCR_GUTTER_KEEP em wide blank all down (not a line of
	 * gaps between characters, narrowed down to where they align) */
	int gkeep = (int)(QK_OCR_GUTTER_KEEP * em);
	GArray *open = g_array_new(FALSE, FALSE, sizeof(Gutter));   /* chains still running */
	for (int s = 0; s + win <= nstrips; s++) {
		memset(ink, 0, (size_t)w);
		for (int k = s; k < s + win; k++)
			for (int x = 0; x < w; x++)
				ink[x] |= strips[(size_t)k * w + x];
		/* the window's blank runs between ink */
		GArray *runs = g_array_new(FALSE, FALSE, sizeof(Run));
		int last = -1;
		for (int x = 0; x < w; x++) {
			if (!ink[x])
				continue;
			if (last >= 0 && x - last - 1 >= gcont && x - last - 1 <= gmax) {
				Run r = { last + 1, x };
				g_array_append_val(runs, r);
			}
			last = x;
		}
		/* each chain goes on down a run that overlaps it, else ends */
		for (guint i = 0; i < open->len;) {
			Gutter *g = &g_array_index(open, Gutter, i);
			gboolean on = FALSE;
			for (guint j = 0; j < runs->len && !on; j++) {
				Run *r = &g_array_index(runs, Run, j);
				int x0 = MAX(g->x0, r->x0), x1 = MIN(g->x1, r->x1);
				if (x1 - x0 >= gcont) {
					g->x0 = x0, g->x1 = x1, g->y1 = (s + win) * step;
					g->misses = 0;
					r->x0 = r->x1 = -1;   /* taken */
					on = TRUE;
				}
			}
			if (on || ++g->misses <= QK_OCR_GUTTER_MISSES) {
				i++;
				continue;
			}
			if (g->y1 - g->y0 >= QK_OCR_GUTTER_TALL * em && g->x1 - g->x0 >= gkeep)
				g_array_append_val(out, *g);
			g_array_remove_index(open, i);
		}
		for (guint j = 0; j < runs->len; j++) {
			const Run *r = &g_array_index(runs, Run, j);
			if (r->x0 < 0 || r->x1 - r->x0 < gmin)
				continue;
			Gutter g = { r->x0, r->x1, s * step, (s + win) * step, 0, FALSE };
			g_array_append_val(open, g);
		}
		g_array_free(runs, TRUE);
	}
	for (guint i = 0; i < open->len; i++) {
		const Gutter *g = &g_array_index(open, Gutter, i);
		if (g->y1 - g->y0 >= QK_OCR_GUTTER_TALL * em && g->x1 - g->x0 >= gkeep)
			g_array_append_val(out, *g);
	}
	g_array_free(open, TRUE);
	g_free(ink);
	g_free(strips);
	return out;
}

static gboolean overlaps_y(const Gutter *a, const Gutter *b)
{
	int o = MIN(a->y1, b->y1) - MAX(a->y0, b->y0);
	return o > MIN(a->y1 - a->y0, b->y1 - b->y0) / 2;
}

/* Whether line l runs across gutter g. */
static gboolean crosses(const QkOcrLine *l, const Gutter *g, int em)
{
	int cy = (l->t + l->b) / 2;
	return l->to > l->from && cy >= g->y0 && cy < g->y1 && l->l < g->x0 - em / 4 &&
	       l->r > g->x1 + em / 4;
}

/* Whether line l is display type (a headline across the columns, meant
 * to cross them). */
static gboolean large(const QkOcrLine *l, int em)
{
	return l->han > QK_OCR_GUTTER_LARGE * em;
}

/* Region l..r × t..b of pix read alone; its glyphs appended to gp and its
 * lines (in pix's pixels) to lines. */
static void read_region(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                        int l, int t, int r, int b, double sx, double sy, double ox, double oy)
{
	PIX *clip = qk_ocr_clip(pix, l, t, r, b);
	PIX *bclip = clip ? qk_ocr_clip(bin, l, t, r, b) : NULL;
	if (!clip || !bclip) {
		T.pixDestroy(&clip);
		T.pixDestroy(&bclip);
		return;
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	T.TessBaseAPISetImage2(ocr->api, clip);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
	TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
	if (ri) {
		/* read_symbols reads into an empty array */
		QkGlyphPage tmp = { .glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph)) };
		guint first = lines->len, base = gp->glyphs->len;
		qk_ocr_read_symbols(ri, &tmp, sx, sy, ox + l / sx, oy + t / sy, bclip, lines);
		T.TessResultIteratorDelete(ri);
		g_array_append_vals(gp->glyphs, tmp.glyphs->data, tmp.glyphs->len);
		g_array_free(tmp.glyphs, TRUE);
		for (guint i = first; i < lines->len; i++) {
			QkOcrLine *ln = &g_array_index(lines, QkOcrLine, i);
			ln->l += l, ln->r += l, ln->t += t, ln->b += t;
			ln->from += base, ln->to += base;
		}
	}
	T.TessBaseAPIClear(ocr->api);
	T.pixDestroy(&clip);
	T.pixDestroy(&bclip);
}

/* The lines (and their glyphs) whose middle lies in rows t..b dropped. */
static void drop_lines(QkGlyphPage *gp, GArray *lines, int t, int b)
{
	GArray *glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	guint n = 0;
	for (guint i = 0; i < lines->len; i++) {
		QkOcrLine ln = g_array_index(lines, QkOcrLine, i);
		int cy = (ln.t + ln.b) / 2;
		if (cy >= t && cy < b)
			continue;
		guint from = glyphs->len;
		if (ln.to > ln.from)
			g_array_append_vals(glyphs, &g_array_index(gp->glyphs, QkGlyph, ln.from),
			                    ln.to - ln.from);
		ln.from = from;
		ln.to = glyphs->len;
		g_array_index(lines, QkOcrLine, n++) = ln;
	}
	g_array_set_size(lines, n);
	g_array_free(gp->glyphs, TRUE);
	gp->glyphs = glyphs;
}

gboolean qk_ocr_reread_gutters(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                               double sx, double sy, double ox, double oy)
{
	int em = body_em(lines);
	if (!bin || em <= 0)
		return FALSE;
	GArray *gutters = find_gutters(bin, em);
	gboolean read = FALSE;
	int w = (int)T.pixGetWidth(pix);
	for (guint i = 0; i < gutters->len; i++) {
		Gutter *g = &g_array_index(gutters, Gutter, i);
		if (g->done)
			continue;
		gboolean crossed = FALSE;
		gboolean display = FALSE;
		for (guint k = 0; k < lines->len; k++) {
			const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
			/* read well, it is a row printed across (a TOC's title
			 * and author, a table's row) */
			if (crosses(ln, g, em) && ln->conf < QK_OCR_GUTTER_DOUBT)
				crossed = TRUE;
			display |= crosses(ln, g, em) && large(ln, em);
		}
		/* a headline runs across the gutter as printed */
		if (!crossed || display)
			continue;
		/* the band's columns: parted at the middles of the gutters
		 * beside this one */
		GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
		int zero = 0;
		g_array_append_val(cuts, zero);
		g_array_append_val(cuts, w);
		for (guint j = 0; j < gutters->len; j++) {
			Gutter *o = &g_array_index(gutters, Gutter, j);
			if (j == i || overlaps_y(g, o)) {
				int mid = (o->x0 + o->x1) / 2;
				g_array_append_val(cuts, mid);
			}
		}
		g_array_sort(cuts, cmp_int);
		/* the columns beside the gutter crossed, as far as their ink
		 * goes: text, not a table's (nor a TOC's page numbers) */
		int gm = (g->x0 + g->x1) / 2, left = gm, right = gm;
		for (guint c = 0; c + 1 < cuts->len; c++) {
			int a = g_array_index(cuts, int, c), b = g_array_index(cuts, int, c + 1);
			if (b == gm)
				for (left = a; left < gm && !qk_ocr_column_ink(bin, left, g->y0, g->y1);)
					left++;
			if (a == gm)
				for (right = b - 1; right > gm && !qk_ocr_column_ink(bin, right, g->y0, g->y1);)
					right--;
		}
		gboolean wide = MIN(gm - left, right - gm) >= QK_OCR_GUTTER_COLUMN * em;
		if (wide) {
			for (guint j = 0; j < gutters->len; j++) {
				Gutter *o = &g_array_index(gutters, Gutter, j);
				if (j == i || overlaps_y(g, o))
					o->done = TRUE;
			}
			/* the band: the lines whose middle is beside the gutter,
			 * whole */
			int top = g->y1, bot = g->y0;
			for (guint k = 0; k < lines->len; k++) {
				const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
				int cy = (ln->t + ln->b) / 2;
				if (cy >= g->y0 && cy < g->y1)
					top = MIN(top, ln->t), bot = MAX(bot, ln->b);
			}
			drop_lines(gp, lines, g->y0, g->y1);
			for (guint c = 0; top < bot && c + 1 < cuts->len; c++) {
				int a = g_array_index(cuts, int, c), b = g_array_index(cuts, int, c + 1);
				if (b > a)
					read_region(ocr, pix, bin, gp, lines, a, top, b, bot, sx, sy, ox, oy);
			}
			read = TRUE;
		}
		g_array_free(cuts, TRUE);
	}
	g_array_free(gutters, TRUE);
	return read;
}
