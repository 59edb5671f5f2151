/*
 * ocrdoubt.c — a line holding a character Tesseract doubts looked at
 * again: its crop read under other binarisations and scales, and a
 * reading that differs only where the page's reading was doubtful, and
 * is surer there, taken character for character.
 *
 * Tesseract's LSTM misreads a character in large or bold type at one
 * stroke weight and reads it right at another (让党旗在项目建设一线高高飘扬
 * read …高高球扬 on four dev scans at 200 dpi, the line's last symbols
 * at confidence 34-54; the same crop thresholded to heavier strokes read
 * 飘扬, both above 90). Its confidences are rough, and a variant reading
 * garbage is often as sure of it (the same crop thresholded lighter read
 * …线总上冉扬, most symbols above 90), so a variant is taken only when it
 * reads the line the same number of characters, the same everywhere but
 * around the doubtful ones, and its weakest character there beats the
 * page's by QK_OCR_DOUBT_MARGIN. Only characters change: places, sizes
 * and the line's glyph count stay (the lines' glyph ranges hold).
 */
#include <math.h>
#include "ocrint.h"

/* a symbol under this confidence makes its line doubtful */
#define QK_OCR_DOUBT 70
/* what a variant's weakest symbol, around the doubtful ones, must gain */
#define QK_OCR_DOUBT_MARGIN 15
/* … and how sure it must be */
#define QK_OCR_DOUBT_SURE 85
/* Tesseract's LSTM puts its doubt about a character on its neighbour at
 * times (球 82, 扬 54): the characters this far from a doubtful one may
 * change */
#define QK_OCR_DOUBT_REACH 1
/* the ems (pixels) the crop is read at, and the thresholds (of 255, on
 * the levelled page whose paper is near 225) besides Tesseract's own */
static const double doubt_ems[] = { 20.0, 28.0, 40.0 };
static const int doubt_thresholds[] = { 0, 160, 192 };

/* The characters of pix read as one line (a 1-bit pix is taken as it is,
 * a grey one binarised by Tesseract), with their confidences, into out. */
static void read_line(QkOcr *ocr, PIX *pix, double res, GArray *out)
{
	QkGlyphPage tmp = { .glyphs = out };
	g_array_set_size(out, 0);
	T.TessBaseAPISetImage2(ocr->api, pix);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(res));
	TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
	if (ri) {
		qk_ocr_read_symbols(ri, &tmp, 1, 1, 0, 0, NULL, NULL);
		T.TessResultIteratorDelete(ri);
	}
	T.TessBaseAPIClear(ocr->api);
}

/* Whether position i of from..to (glyphs) is within reach of a doubtful
 * one. */
static gboolean near_doubt(const GArray *glyphs, guint from, guint to, guint i)
{
	for (guint j = i > from + QK_OCR_DOUBT_REACH ? i - QK_OCR_DOUBT_REACH : from;
	     j < to && j <= i + QK_OCR_DOUBT_REACH; j++) {
		guint8 c = g_array_index(glyphs, QkGlyph, j).conf;
		if (c && c - 1 < QK_OCR_DOUBT)
			return TRUE;
	}
	return FALSE;
}

/* The weakest confidence (0-100) of a's symbols near the doubtful ones of
 * glyphs from..to, or -1 when a differs from them elsewhere or in length. */
static int weakest_near_doubt(const GArray *glyphs, guint from, guint to, const GArray *a)
{
	if (a->len != to - from)
		return -1;
	int weakest = 101;
	for (guint i = from; i < to; i++) {
		const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		const QkGlyph *v = &g_array_index(a, QkGlyph, i - from);
		if (!near_doubt(glyphs, from, to, i)) {
			if (v->ch != g->ch)
				return -1;
			continue;
		}
		weakest = MIN(weakest, v->conf ? v->conf - 1 : 0);
	}
	return weakest;
}

void qk_ocr_second_look(QkOcr *ocr, PIX *pix, int l, int t, int r, int b, GArray *glyphs,
                        guint from, guint to, double sx)
{
	int weakest = 101;
	for (guint i = from; i < to; i++) {
		guint8 c = g_array_index(glyphs, QkGlyph, i).conf;
		if (c && c - 1 < weakest)
			weakest = c - 1;
	}
	int em = b - t;
	if (weakest >= QK_OCR_DOUBT || em <= 0)
		return;
	int pad = em / 3;
	PIX *clip = qk_ocr_clip(pix, l - pad, t - pad, r + pad, b + pad);
	if (!clip)
		return;
	GArray *read = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	GArray *best = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	int best_weakest = weakest + QK_OCR_DOUBT_MARGIN - 1;
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_LINE);
	for (guint e = 0; e < G_N_ELEMENTS(doubt_ems); e++) {
		double f = doubt_ems[e] / em;
		PIX *grey = T.pixScale(clip, (float)f, (float)f);
		for (guint k = 0; grey && k < G_N_ELEMENTS(doubt_thresholds); k++) {
			PIX *v = doubt_thresholds[k] ? T.pixThresholdToBinary(grey, doubt_thresholds[k])
			                             : NULL;
			if (doubt_thresholds[k] && !v)
				continue;
			read_line(ocr, v ? v : grey, sx * f * 72, read);
			T.pixDestroy(&v);
			int w = weakest_near_doubt(glyphs, from, to, read);
			if (w > best_weakest && w >= QK_OCR_DOUBT_SURE) {
				best_weakest = w;
				g_array_set_size(best, 0);
				g_array_append_vals(best, read->data, read->len);
			}
		}
		T.pixDestroy(&grey);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	for (guint i = 0; best->len && i < best->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, from + i);
		const QkGlyph *v = &g_array_index(best, QkGlyph, i);
		g->ch = v->ch;
		g->conf = v->conf;
	}
	g_array_free(read, TRUE);
	g_array_free(best, TRUE);
	T.pixDestroy(&clip);
}

void qk_ocr_reread_doubtful(QkOcr *ocr, PIX *pix, QkGlyphPage *gp, GArray *lines, double sx)
{
	for (guint k = 0; k < lines->len; k++) {
		const QkOcrLine *ln = &g_array_index(lines, QkOcrLine, k);
		if (ln->to > ln->from && ln->to <= gp->glyphs->len)
			qk_ocr_second_look(ocr, pix, ln->l, ln->t, ln->r, ln->b, gp->glyphs, ln->from,
			                   ln->to, sx);
	}
}
