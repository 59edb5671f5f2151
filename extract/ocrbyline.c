/*
 * ocrbyline.c — bylines read again alone: 文／王晓东, □ 刘贵龙, 作者：戎建仁.
 *
 * A byline is a short line, often set small, light or in another face
 * (楷体, 仿宋), and the page's reading does worse on it than on body text:
 * on the dev scans at 200 dpi 文／王晓东 came back 福/王量未, 文／连彩霞
 * 文人连彩起, 冯燕静 站燕静; cut out with a margin and enlarged, the same
 * lines read right (tesseract at 3 and 4 times a 200 dpi scan). So a
 * line that looks like a byline (qk_ocr_byline_line) is read again alone,
 * its marks taken from the ink first: a box or bullet before it (□ ■)
 * and the slash of 文／ are cut off and put back as marks, and the rest
 * (the mark word before the slash, the names after it) read at
 * QK_OCR_BYLINE_EMS pixels an em, each a single line; of the readings,
 * the one Tesseract is surest of is kept, when it is surer than
 * QK_OCR_BYLINE_CONF and than the page's own reading of the line.
 */
#include <math.h>
#include <string.h>
#include "ocrint.h"

/* a byline has at most this many glyphs, and its em is at most
 * QK_OCR_BYLINE_SIZE of the body's */
#define QK_OCR_BYLINE_MAX 12
#define QK_OCR_BYLINE_SIZE 1.3
/* a line of names alone (冯燕静, 刘 鑫 付丽娜): at most this many Han
 * glyphs, within QK_OCR_BYLINE_NEAR ems of a line QK_OCR_BYLINE_UNDER
 * times its em or more (the title or subtitle it signs) */
#define QK_OCR_BYLINE_NAMES 8
#define QK_OCR_BYLINE_NEAR 2.5
#define QK_OCR_BYLINE_UNDER 1.15
#define QK_OCR_BYLINE_CONF 60.0
#define QK_OCR_BYLINE_SURE 70.0
#define QK_OCR_BYLINE_GAIN 10.0
#define QK_OCR_BYLINE_BOX 0.9
/* The word before a byline's slash names what the names did (文／, 图／,
 * 摄影／, 撰文／, 文图／, 采写／, 整理／, 编译／): it is read as one of
 * those characters only (a lone 文 in 楷体 came back 二, 区 or 浊 read
 * freely, at confidences under 35). */
/* … one character of it is at most this wide (em) */
#define QK_OCR_BYLINE_ONE 1.3
#define QK_OCR_MARK_WORDS "文图摄影撰采写整理编译述口"

/* the ems (pixels) a byline is read at */
static const double byline_ems[] = { 56.0, 80.0, 112.0 };

/* The words a byline opens with, as the page's reading gives them: a
 * mark word (文 before its slash), the role words, the box read as 口. */
static const char *const byline_heads[] = { "文", "作者", "记者", "本刊", "撰文", "口", "□",
                                             "■" };

/* sentence marks: a line with one is body text */
#define QK_OCR_SENTENCE "。，；！？"

static gboolean sentence_mark(gunichar c)
{
	char buf[8] = { 0 };
	g_unichar_to_utf8(c, buf);
	return c >= 0x80 && strstr(QK_OCR_SENTENCE, buf) != NULL;
}

/* A run of ink columns of a line in the binarised image. */
typedef struct {
	int x0, x1;
} Piece;

static GArray *ink_pieces(PIX *bin, int l, int r, int t, int b)
{
	GArray *pc = g_array_new(FALSE, FALSE, sizeof(Piece));
	int start = -1;
	for (int x = MAX(l, 0); x <= MIN(r, (int)T.pixGetWidth(bin)); x++) {
		gboolean ink = x < MIN(r, (int)T.pixGetWidth(bin)) && qk_ocr_column_ink(bin, x, t, b);
		if (ink && start < 0)
			start = x;
		else if (!ink && start >= 0) {
			Piece p = { start, x };
			g_array_append_val(pc, p);
			start = -1;
		}
	}
	return pc;
}

/* The slash of 文／: a connected piece of ink (bin, 8-connected) in the
 * line's x0..x1 × t..b (em its height) after other ink no more than
 * QK_OCR_SLASH_AFTER em before it; one thin stroke (no row of it wider
 * than QK_OCR_SLASH_STROKE em, nor in two runs on more than an eighth of
 * its rows), at least QK_OCR_SLASH_TALL of the line tall and at most
 * QK_OCR_SLASH_WIDE em wide, whose ink leans right going up (its top
 * quarter's middle right of its bottom quarter's by a third of its width).
 * Tesseract reads it as 了, 人, “ or as part of the name after it; the
 * character before it (文) touches its columns at times, so the ink is
 * taken piece by piece, not column by column. *s0, *s1: its columns. */
#define QK_OCR_SLASH_AFTER 2.5
#define QK_OCR_SLASH_TALL 0.6
#define QK_OCR_SLASH_WIDE 1.1
#define QK_OCR_SLASH_STROKE 0.2
#define QK_OCR_SLASH_FILL 0.3

static gboolean slash_shape(const int *lab, int w, int id, int bx0, int bx1, int by0, int by1,
                            long ink, int em)
{
	int bw = bx1 - bx0 + 1, bh = by1 - by0 + 1, multi = 0;
	if (bh < QK_OCR_SLASH_TALL * em || bw > QK_OCR_SLASH_WIDE * em || 6 * bw < em ||
	    ink > QK_OCR_SLASH_FILL * (double)bw * bh)
		return FALSE;
	double top = 0, bot = 0;
	long nt = 0, nb = 0;
	for (int y = by0; y <= by1; y++) {
		int runs = 0, lo = bx1, hi = bx0 - 1;
		for (int x = bx0; x <= bx1; x++) {
			gboolean on = lab[y * w + x] == id;
			if (!on)
				continue;
			runs += x == bx0 || lab[y * w + x - 1] != id;
			lo = MIN(lo, x), hi = MAX(hi, x);
			if (y < by0 + bh / 4)
				top += x, nt++;
			else if (y > by1 - bh / 4)
				bot += x, nb++;
		}
		multi += runs > 1;
		if (hi - lo + 1 > QK_OCR_SLASH_STROKE * em)
			return FALSE;
	}
	return multi <= bh / 8 && nt && nb && top / nt - bot / nb >= bw / 3.0;
}

static gboolean find_slash(PIX *bin, int x0, int x1, int t, int b, int em, int *s0, int *s1)
{
	x0 = MAX(x0, 0), x1 = MIN(x1, (int)T.pixGetWidth(bin));
	t = MAX(t, 0), b = MIN(b, (int)T.pixGetHeight(bin));
	int w = x1 - x0, h = b - t;
	if (w <= 0 || h <= 0 || em <= 0)
		return FALSE;
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), ink_from = -1;
	int *lab = g_new0(int, (gsize)w * h), *stack = g_new(int, (gsize)w * h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			lab[y * w + x] = GET_DATA_BIT(data + (size_t)(y + t) * wpl, x + x0) ? -1 : 0;
	gboolean found = FALSE;
	int id = 0;
	/* pieces by their leftmost column, left to right */
	for (int x = 0; x < w && !found; x++) {
		for (int y = 0; y < h && !found; y++) {
			if (lab[y * w + x] != -1)
				continue;
			id++;
			int n = 0, bx0 = x, bx1 = x, by0 = y, by1 = y;
			long ink = 0;
			stack[n++] = y * w + x;
			lab[y * w + x] = id;
			while (n) {
				int at = stack[--n], cy = at / w, cx = at % w;
				ink++;
				bx0 = MIN(bx0, cx), bx1 = MAX(bx1, cx), by0 = MIN(by0, cy), by1 = MAX(by1, cy);
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int ny = cy + dy, nx = cx + dx;
						if (ny >= 0 && ny < h && nx >= 0 && nx < w && lab[ny * w + nx] == -1) {
							lab[ny * w + nx] = id;
							stack[n++] = ny * w + nx;
						}
					}
			}
			/* specks are no ink before it */
			if (bx1 - bx0 < em / 8 && by1 - by0 < em / 8)
				continue;
			if (ink_from >= 0 && bx0 - ink_from <= QK_OCR_SLASH_AFTER * em &&
			    slash_shape(lab, w, id, bx0, bx1, by0, by1, ink, em)) {
				*s0 = bx0 + x0, *s1 = bx1 + 1 + x0;
				found = TRUE;
			}
			if (ink_from < 0)
				ink_from = bx0;
		}
	}
	g_free(lab);
	g_free(stack);
	return found;
}

/* pix's l..r × t..b with a margin of pad (sideways no further than
 * lo..hi: a slash next to the word is not part of it), enlarged f times,
 * read in mode psm with the page's engine:
 * its glyphs into out (page points), their mean confidence. */
static double read_clip(TessBaseAPI *api, PIX *pix, int l, int t, int r, int b, int lo, int hi,
                        int pad, double f, TessPageSegMode psm, GArray *out, double sx,
                        double sy, double ox, double oy)
{
	/* kept within the image: l and t place the glyphs read */
	l = MAX(MAX(l - pad, lo), 0), t = MAX(t - pad, 0);
	r = MIN(r + pad, hi), b += pad;
	g_array_set_size(out, 0);
	PIX *clip = qk_ocr_clip(pix, l, t, r, b);
	if (!clip)
		return 0;
	if (fabs(f - 1) > 0.05)
		qk_ocr_replace(&clip, T.pixScale(clip, (float)f, (float)f));
	T.TessBaseAPISetPageSegMode(api, psm);
	T.TessBaseAPISetImage2(api, clip);
	T.TessBaseAPISetSourceResolution(api, (int)lround(sx * f * 72));
	TessResultIterator *ri = T.TessBaseAPIRecognize(api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(api) : NULL;
	double conf = 0;
	if (ri) {
		/* the clip's own binarisation places the glyphs and finds the
		 * marks, as the page's does */
		PIX *cbin = T.TessBaseAPIGetThresholdedImage(api);
		GArray *lines = g_array_new(FALSE, FALSE, sizeof(QkOcrLine));
		QkGlyphPage tmp = { .glyphs = out };
		conf = qk_ocr_read_symbols(ri, &tmp, sx * f, sy * f, ox + l / sx, oy + t / sy, cbin,
		                           lines);
		g_array_free(lines, TRUE);
		T.pixDestroy(&cbin);
		T.TessResultIteratorDelete(ri);
	}
	T.TessBaseAPIClear(api);
	T.pixDestroy(&clip);
	return conf;
}

/* One reading of a line: its glyphs and Tesseract's mean confidence. */
typedef struct {
	GArray *glyphs;
	double conf;
} Reading;

/* The readings' vote, into best: among the readings of the length most
 * of them have (ties: the surest reading's), each character is the one
 * most readings give at its place (ties: the larger sum of Tesseract's
 * confidences in it), with a word space after it where most of them
 * have one, set on the glyphs of one of them (below). Two models
 * misread a name in different places (dev scans at 200 dpi: Debian's
 * chi_sim 刘侈付丽娜 and 刘丛付丽娜 where tessdata's read 刘鑫付丽娜
 * three times; tessdata 冯憎静 twice where Debian's read 冯燕静 and
 * 站燕静 and tessdata 冯燕静 once), and each model's own readings at three
 * sizes differ too. A character keeps the confidence of its surest reading. Returns
 * the confidence of the surest reading of that length (Tesseract's in the
 * line, not in its characters: a line of junk read at 31 holds characters
 * at 90); with no two readings of one length there is no vote, and the
 * surest reading is kept with its confidence. -1 when there is no
 * reading. */
/* How many of the n readings r are len glyphs long. */
static guint readings_of(const Reading *r, guint n, guint len)
{
	guint same = 0;
	for (guint i = 0; i < n; i++)
		same += r[i].glyphs->len == len;
	return same;
}

static double vote(const Reading *r, guint n, GArray *best)
{
	g_array_set_size(best, 0);
	int surest = -1;
	for (guint i = 0; i < n; i++)
		if (r[i].glyphs->len && (surest < 0 || r[i].conf > r[surest].conf))
			surest = (int)i;
	if (surest < 0)
		return -1;
	/* the surest's length wins a tie */
	guint len = r[surest].glyphs->len, most = readings_of(r, n, len);
	for (guint i = 0; i < n; i++) {
		guint same = r[i].glyphs->len ? readings_of(r, n, r[i].glyphs->len) : 0;
		if (same > most)
			most = same, len = r[i].glyphs->len;
	}
	if (most < 2) {
		g_array_append_vals(best, r[surest].glyphs->data, r[surest].glyphs->len);
		return r[surest].conf;
	}
	/* the boxes of the reading whose glyphs are the most even in width:
	 * Tesseract's boxes of one reading may cut a name's characters at
	 * the wrong columns (邵俊杰 read at 1.7 times: 邵 13 points wide, 俊
	 * 3, where the reading at 1.2 times gave 9, 10, 9), and the gap so
	 * left reads as a word space */
	int base = -1;
	double base_spread = 0, sure = 0;
	for (guint i = 0; i < n; i++) {
		if (r[i].glyphs->len != len)
			continue;
		double lo = G_MAXDOUBLE, hi = 0;
		for (guint k = 0; k < len; k++) {
			const QkGlyph *g = &g_array_index(r[i].glyphs, QkGlyph, k);
			lo = MIN(lo, g->box.x1 - g->box.x0), hi = MAX(hi, g->box.x1 - g->box.x0);
		}
		double spread = hi - lo;
		if (base < 0 || spread < base_spread - 0.5 ||
		    (spread < base_spread + 0.5 && r[i].conf > r[base].conf))
			base = (int)i, base_spread = spread;
		sure = MAX(sure, r[i].conf);
	}
	g_array_append_vals(best, r[base].glyphs->data, len);
	for (guint k = 0; k < len; k++) {
		QkGlyph *g = &g_array_index(best, QkGlyph, k);
		guint top_votes = 0, spaces = 0;
		double top_conf = 0;
		for (guint i = 0; i < n; i++) {
			if (r[i].glyphs->len != len)
				continue;
			spaces += g_array_index(r[i].glyphs, QkGlyph, k).space_after;
			gunichar ch = g_array_index(r[i].glyphs, QkGlyph, k).ch;
			guint votes = 0;
			double conf = 0;
			guint8 surest_conf = 0;
			for (guint j = 0; j < n; j++) {
				const QkGlyph *o = r[j].glyphs->len == len
				                   ? &g_array_index(r[j].glyphs, QkGlyph, k) : NULL;
				if (o && o->ch == ch)
					votes++, conf += o->conf, surest_conf = MAX(surest_conf, o->conf);
			}
			if (votes > top_votes || (votes == top_votes && conf > top_conf)) {
				top_votes = votes, top_conf = conf;
				g->ch = ch;
				g->conf = surest_conf;
			}
		}
		/* a word space too: where most readings see one (a gap
		 * Tesseract reads as a word break at one size only) */
		g->space_after = 2 * spaces > most;
	}
	return sure;
}

/* pix's l..r × t..b (margin within lo..hi) read at each of byline_ems
 * as a line, only the characters chars when not NULL: the surest reading
 * in best, its confidence (-1: nothing read). Names (chars NULL) are
 * read by the names model too when there is one (qk_ocr_names), and
 * the readings vote. */
static double surest_reading(QkOcr *ocr, PIX *pix, int l, int t, int r, int b, int lo, int hi,
                             const char *chars, GArray *best, double sx, double sy, double ox,
                             double oy)
{
	int em = b - t;
	g_array_set_size(best, 0);
	if (em <= 0)
		return -1;
	TessBaseAPI *engines[2] = { ocr->api, chars ? NULL : qk_ocr_names(ocr) };
	Reading rd[2 * G_N_ELEMENTS(byline_ems)];
	guint n = 0;
	if (chars)
		T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", chars);
	for (guint e = 0; e < G_N_ELEMENTS(engines) && engines[e]; e++)
		for (guint k = 0; k < G_N_ELEMENTS(byline_ems); k++, n++) {
			rd[n].glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
			rd[n].conf = read_clip(engines[e], pix, l, t, r, b, lo, hi, em / 2,
			                       byline_ems[k] / em, PSM_SINGLE_LINE, rd[n].glyphs, sx, sy,
			                       ox, oy);
		}
	if (chars)
		T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "");
	double conf = -1;
	if (n > G_N_ELEMENTS(byline_ems)) {
		conf = vote(rd, n, best);
	} else {
		for (guint i = 0; i < n; i++)
			if (rd[i].glyphs->len && rd[i].conf > conf) {
				conf = rd[i].conf;
				g_array_set_size(best, 0);
				g_array_append_vals(best, rd[i].glyphs->data, rd[i].glyphs->len);
			}
	}
	for (guint i = 0; i < n; i++)
		g_array_free(rd[i].glyphs, TRUE);
	return conf;
}

static gboolean has_head(const GArray *glyphs, guint from, guint to)
{
	char text[32];
	gsize n = 0;
	for (guint i = from; i < to && i < from + 3; i++)
		n += g_unichar_to_utf8(g_array_index(glyphs, QkGlyph, i).ch, text + n);
	text[n] = '\0';
	for (guint k = 0; k < G_N_ELEMENTS(byline_heads); k++)
		if (g_str_has_prefix(text, byline_heads[k]))
			return TRUE;
	return FALSE;
}

/* Whether line k is a line of names alone right above or below a larger
 * line (a title, a subtitle). */
static gboolean names_by_title(const QkGlyphPage *gp, GArray *lines, guint k)
{
	const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
	if (ln->to - ln->from > QK_OCR_BYLINE_NAMES)
		return FALSE;
	for (guint i = ln->from; i < ln->to; i++)
		if (!qk_ocr_is_han(g_array_index(gp->glyphs, QkGlyph, i).ch))
			return FALSE;
	int em = ln->b - ln->t;
	for (guint j = 0; j < lines->len; j++) {
		const QkOcrLine *o = &g_array_index(lines, QkOcrLine, j);
		int gap = o->t >= ln->b ? o->t - ln->b : ln->t - o->b;
		if (j == k || o->r <= ln->l || o->l >= ln->r || gap < 0 ||
		    gap > QK_OCR_BYLINE_NEAR * em || o->to <= o->from)
			continue;
		if (o->b - o->t >= QK_OCR_BYLINE_UNDER * em)
			return TRUE;
	}
	return FALSE;
}

/* Whether line k of the page's reading may be a byline: short, no larger
 * than a little over the body text, no sentence in it, outside the
 * furniture bands, and opening with a byline's word or mark, or with a
 * slash after its first character or two (ink), or names alone by a
 * title. */
static gboolean byline_line(const QkGlyphPage *gp, GArray *lines, guint k, PIX *bin,
                            double body_px, double sy, double oy)
{
	const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
	guint n = ln->to - ln->from;
	int em = ln->b - ln->t;
	double y0 = ln->t / sy + oy, y1 = ln->b / sy + oy;
	/* a line of none: one read_symbols found junk (文／薛文 read 2天福
	 * at 20), which only its slash brings back */
	if (n == 1 || n > QK_OCR_BYLINE_MAX || em > QK_OCR_BYLINE_SIZE * body_px ||
	    y0 < QK_OCR_BAND * gp->height || y1 > (1 - QK_OCR_BAND) * gp->height)
		return FALSE;
	for (guint i = ln->from; i < ln->to; i++)
		if (sentence_mark(g_array_index(gp->glyphs, QkGlyph, i).ch))
			return FALSE;
	if (n && (has_head(gp->glyphs, ln->from, ln->to) || names_by_title(gp, lines, k)))
		return TRUE;
	int s0, s1;
	return find_slash(bin, ln->l - em / 2, MIN(ln->r, ln->l + 4 * em), ln->t, ln->b, em, &s0, &s1);
}

/* A glyph like the line's first (its row, size and face) with ch over
 * x0..x1 (pixels). */
static QkGlyph mark_glyph(const QkGlyph *first, gunichar ch, int x0, int x1, double sx, double ox)
{
	QkGlyph g = *first;
	g.ch = ch;
	g.box.x0 = x0 / sx + ox;
	g.box.x1 = x1 / sx + ox;
	g.space_after = FALSE;
	return g;
}

/* The median height of the ink of pieces 1… (the characters after a
 * lead mark), 0 when there are none. */
static int chars_height(PIX *bin, GArray *pc, int t, int b)
{
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), hs[QK_OCR_BYLINE_MAX * 2], n = 0;
	t = MAX(t, 0), b = MIN(b, (int)T.pixGetHeight(bin));
	for (guint i = 1; i < pc->len && n < (int)G_N_ELEMENTS(hs); i++) {
		const Piece *p = &g_array_index(pc, Piece, i);
		int y0 = b, y1 = t - 1;
		for (int y = t; y < b; y++)
			for (int x = p->x0; x < p->x1; x++)
				if (GET_DATA_BIT(data + (size_t)y * wpl, x)) {
					y0 = MIN(y0, y), y1 = MAX(y1, y);
					break;
				}
		if (y1 >= y0)
			hs[n++] = y1 - y0 + 1;
	}
	/* insertion sort: a dozen at most */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && hs[j - 1] > hs[j]; j--) {
			int x = hs[j];
			hs[j] = hs[j - 1], hs[j - 1] = x;
		}
	return n ? hs[n / 2] : 0;
}

/* The page's glyphs of line ln whose middle lies in x0..x1 (points),
 * into out. */
static void before_slash(const QkGlyphPage *gp, const QkOcrLine *ln, double x0, double x1,
                         GArray *out)
{
	g_array_set_size(out, 0);
	for (guint i = ln->from; i < ln->to; i++) {
		const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		double mid = (g->box.x0 + g->box.x1) / 2;
		if (mid >= x0 && mid < x1)
			g_array_append_val(out, *g);
	}
}

/* Line ln read again: its glyphs in out; FALSE when the page's reading
 * stays. */
static gboolean reread_byline(QkOcr *ocr, PIX *pix, PIX *bin, const QkGlyphPage *gp,
                              const QkOcrLine *ln, double conf, GArray *out, double sx,
                              double sy, double ox, double oy)
{
	/* the line's row, size and face: its first glyph's, or its box's
	 * when read_symbols dropped it all */
	QkGlyph line = { 0 };
	if (ln->to > ln->from) {
		line = g_array_index(gp->glyphs, QkGlyph, ln->from);
	} else {
		line.box.y0 = ln->t / sy + oy;
		line.box.y1 = ln->b / sy + oy;
		line.size = MAX(round(2 * (line.box.y1 - line.box.y0)) / 2, 1);
		line.font = g_intern_static_string("");
	}
	const QkGlyph *first = &line;
	int em = ln->b - ln->t;
	GArray *pc = ink_pieces(bin, ln->l - em / 2, ln->r + em / 2, ln->t, ln->b);
	if (!pc->len) {
		g_array_free(pc, TRUE);
		return FALSE;
	}
	const Piece *p = (const Piece *)pc->data;
	guint n = pc->len, start = 0;
	g_array_set_size(out, 0);
	/* a box or bullet before the names, measured against the ink of
	 * the characters after it, not the line's box (□ 刘贵龙's box 43
	 * pixels, its line 50, its characters 44; □ 刘鑫 付丽娜's 42 against
	 * 46): a hollow box at least QK_OCR_BYLINE_BOX of the height
	 * qk_ocr_hollow_mark asks of a line (口 is three quarters of it) */
	int end, ch = chars_height(bin, pc, ln->t, ln->b);
	gunichar mark = ch ? qk_ocr_hollow_mark(bin, p[0].x0, ln->t, ln->b,
	                                        (int)(QK_OCR_BYLINE_BOX * ch)) : 0;
	if (!mark && ch)
		mark = qk_ocr_lead_mark(bin, p[0].x0, p[0].x1, ln->t, ln->b, ch, &end);
	if (mark && n > 1) {
		QkGlyph g = mark_glyph(first, mark, p[0].x0, p[0].x1, sx, ox);
		g_array_append_val(out, g);
		start = 1;
	}
	/* the slash after a mark word of a character or two: the word is
	 * read alone up to the slash's first column, the names from its
	 * last */
	int s0 = 0, s1 = 0, from = p[start].x0;
	gboolean slash = find_slash(bin, p[start].x0, MIN(ln->r, p[start].x0 + 4 * em), ln->t,
	                            ln->b, em, &s0, &s1);
	/* nothing to cut, and the page's reading sure: it stays, unread.
	 * Tesseract is about as sure of a rarer character misread as a
	 * commoner one (作者：戎建仁 at 92 read again 我建仁 at 92, 本刊记者
	 * 卫小宁 at 79 卫小守 at 82) */
	if (!mark && !slash && conf >= QK_OCR_BYLINE_SURE) {
		g_array_free(pc, TRUE);
		return FALSE;
	}
	GArray *best = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	gboolean ok = TRUE;
	if (slash) {
		int cut = s0, lo = start ? (p[start - 1].x1 + p[start].x0) / 2 : 0;
		double c = surest_reading(ocr, pix, p[start].x0, ln->t, cut, ln->b, lo, cut,
		                          QK_OCR_MARK_WORDS, best, sx, sy, ox, oy);
		/* else the page's reading of what is before the slash, but for
		 * one character that is no mark word, a mark word misread (文
		 * as 福 in 福/王量未): it goes, and the slash opens the byline */
		if (c < QK_OCR_BYLINE_CONF) {
			before_slash(gp, ln, (p[start].x0 - em / 2) / sx + ox, s0 / sx + ox, best);
			char one[8] = { 0 };
			if (best->len == 1)
				g_unichar_to_utf8(g_array_index(best, QkGlyph, 0).ch, one);
			if (s0 - p[start].x0 <= QK_OCR_BYLINE_ONE * em &&
			    (best->len != 1 || !strstr(QK_OCR_MARK_WORDS, one)))
				g_array_set_size(best, 0);
		}
		g_array_append_vals(out, best->data, best->len);
		QkGlyph g = mark_glyph(first, 0xFF0F, s0, s1, sx, ox);
		g_array_append_val(out, g);
		from = s1;
		while (from < p[n - 1].x1 && !qk_ocr_column_ink(bin, from, ln->t, ln->b))
			from++;
	}
	double c = slash && from >= p[n - 1].x1 ? -1
	           : surest_reading(ocr, pix, from, ln->t, p[n - 1].x1, ln->b,
	                            slash ? s1 : start ? (p[start - 1].x1 + p[start].x0) / 2 : 0,
	                            G_MAXINT, NULL, best, sx, sy, ox, oy);
	/* when nothing was cut, the page's reading is one of the readings:
	 * a re-reading must be QK_OCR_BYLINE_GAIN surer (and the page's under
	 * QK_OCR_BYLINE_SURE, above); a line it dropped comes back with its
	 * slash only */
	ok = ok && c >= QK_OCR_BYLINE_CONF && (mark || slash || c >= conf + QK_OCR_BYLINE_GAIN) &&
	     (slash || ln->to > ln->from);
	g_array_append_vals(out, best->data, best->len);
	g_array_free(best, TRUE);
	g_array_free(pc, TRUE);
	/* the page's line keeps its place, size and face */
	for (guint i = 0; ok && i < out->len; i++) {
		QkGlyph *g = &g_array_index(out, QkGlyph, i);
		g->box.y0 = first->box.y0;
		g->box.y1 = first->box.y1;
		g->size = first->size;
		g->bold = first->bold;
		g->font = first->font;
	}
	return ok;
}

void qk_ocr_reread_bylines(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                           double sx, double sy, double ox, double oy)
{
	double body = qk_ocr_common_size(gp->glyphs);
	if (!bin || !lines->len || body <= 0)
		return;
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	/* from the last line: the glyphs of those before stay where they are,
	 * those after are moved by what changed */
	for (guint k = lines->len; k-- > 0;) {
		QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
		if (ln->to < ln->from || ln->to > gp->glyphs->len)
			continue;
		if (!byline_line(gp, lines, k, bin, body * sy, sy, oy) ||
		    !reread_byline(ocr, pix, bin, gp, ln, ln->conf, out, sx, sy, ox, oy) || !out->len)
			continue;
		guint had = ln->to - ln->from;
		g_array_remove_range(gp->glyphs, ln->from, had);
		g_array_insert_vals(gp->glyphs, ln->from, out->data, out->len);
		for (guint j = k + 1; j < lines->len; j++) {
			QkOcrLine *o = &g_array_index(lines, QkOcrLine, j);
			o->from = o->from + out->len - had;
			o->to = o->to + out->len - had;
		}
		ln->to = ln->from + out->len;
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(out, TRUE);
}
