/*
 * ocr.c — a page without a usable text layer read with Tesseract (C API).
 *
 * The page image: a scan is one image covering the page, taken at its own
 * resolution (no resampling); anything else is rendered at 300 dpi. The
 * image is made grey, its background levelled (uneven lighting, yellowed
 * paper) and deskewed with Leptonica, and scans under 250 dpi are enlarged
 * twice: Tesseract reads Chinese best with characters 30 or more pixels
 * tall. Tesseract binarises the result itself, with Sauvola's local
 * threshold.
 *
 * Each recognised symbol becomes a QkGlyph: its horizontal extent its share
 * of its word's box (see place_word), its vertical extent and size the text
 * line's (so the rows that lines.c sweeps by vertical centre stay whole, and
 * a line's size is one figure), in page points. Symbols below QK_OCR_MIN_CONF are dropped:
 * they are what Tesseract makes of photographs, rules and specks. A word
 * space is kept between Latin words and digits only (lines.c puts CJK
 * spacing back from the geometry), as Poppler does.
 *
 * libtesseract is opened with GModule on the first OCR page, not linked:
 * it runs its networks with OpenMP, whose thread limit libgomp reads from
 * the environment when it is loaded. Pages are already recognised on the
 * issue's threads, and OpenMP threads on top of them only spin (three
 * times the CPU for the same wall time on two cores), so
 * OMP_THREAD_LIMIT=1 is set, unless the user set it, before the library
 * is loaded. Born-digital issues never pay for loading it.
 */
#include <math.h>
#include <string.h>
#include <gmodule.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include "ocr.h"
#include "error.h"
#include "dynlib.h"

#define QK_OCR_RENDER_DPI 300
/* scans below this are enlarged twice before recognition */
#define QK_OCR_ENLARGE_BELOW 250
/* a native image is used from this resolution, and nothing is read
 * coarser */
#define QK_OCR_MIN_DPI 70
/* symbols Tesseract is less sure of than this (0–100) are dropped */
#define QK_OCR_MIN_CONF 30.0f
/* The page image's bounds, checked from the images' dictionaries before
 * Poppler decodes any. A render is at most QK_OCR_MAX_PIXELS, 128 MB (an
 * A2 page at 290 dpi; larger pages are rendered coarser). Poppler's cairo
 * backend decodes an image whole, four bytes a pixel, even to draw it
 * smaller (measured: a 8000 × 8000 grey image drawn at 300 dpi took
 * pdftocairo to 296 MB), so no image may be over QK_OCR_MAX_IMAGE_PIXELS
 * (256 MB: a 600 dpi A4 scan is 35 million pixels, A3 70), nor all of
 * them over QK_OCR_MAX_DECODE_PIXELS (time: 17000 × 17000 took 6 s). */
#define QK_OCR_MAX_PIXELS 32e6
#define QK_OCR_MAX_IMAGE_PIXELS 64e6
#define QK_OCR_MAX_DECODE_PIXELS 300e6

/* The libtesseract functions used here, called through T. */
#define TESS_FUNCTIONS(X) \
	X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit3) X(TessBaseAPIEnd) \
	X(TessBaseAPISetVariable) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2) \
	X(TessBaseAPISetSourceResolution) X(TessBaseAPIRecognize) X(TessBaseAPIGetIterator) \
	X(TessBaseAPIClear) X(TessBaseAPIGetUTF8Text) X(TessResultIteratorDelete) X(TessResultIteratorGetPageIterator) \
	X(TessResultIteratorGetUTF8Text) X(TessResultIteratorConfidence) X(TessDeleteText) \
	X(TessPageIteratorNext) X(TessPageIteratorIsAtBeginningOf) \
	X(TessPageIteratorBegin) X(TessPageIteratorBlockType) \
	X(TessPageIteratorIsAtFinalElement) X(TessPageIteratorBoundingBox) \
	X(TessBaseAPIGetThresholdedImage)

/* … and the Leptonica functions, found through libtesseract, which links
 * Leptonica: it is loaded with it and only then. */
#define LEPT_FUNCTIONS(X) \
	X(setMsgSeverity) X(pixCreate) X(pixDestroy) X(pixGetData) X(pixGetWpl) \
	X(pixGetWidth) X(pixGetHeight) X(pixBackgroundNormSimple) X(pixFindSkewAndDeskew) \
	X(pixScaleGrayLI) X(pixScale) X(pixClipRectangle) X(boxCreate) X(boxDestroy) X(pixCountPixels) \
	X(pixConnCompBB) X(boxaGetCount) X(boxaGetBoxGeometry) X(boxaDestroy)

static struct {
	TESS_FUNCTIONS(QK_DYNLIB_FIELD)
	LEPT_FUNCTIONS(QK_DYNLIB_FIELD)
} T;
#define SYM(f) { #f, (gpointer *)&T.f },
static const QkDynSym tess_syms[] = { TESS_FUNCTIONS(SYM) LEPT_FUNCTIONS(SYM) };
#undef SYM

/* Opens libtesseract once per process; FALSE when it cannot be loaded. */
static gboolean load_tesseract(void)
{
	static gsize once = 0;
	static gint state = 0;   /* 1: failed, 2: loaded */
	if (g_once_init_enter(&once)) {
		/* see the header comment; setenv before any thread of ours reads
		 * the environment would be better still, but libgomp reads it
		 * only when it is loaded, which is now */
		g_setenv("OMP_THREAD_LIMIT", "1", FALSE);
		static QkDynlib lib;
		gboolean ok = qk_dynlib_load(&lib, QK_TESSERACT_SONAME, tess_syms,
		                             G_N_ELEMENTS(tess_syms));
		/* Leptonica reports its own failures on stderr; ours are errors */
		if (ok)
			T.setMsgSeverity(L_SEVERITY_NONE);
		g_atomic_int_set(&state, ok ? 2 : 1);
		g_once_init_leave(&once, 1);
	}
	return g_atomic_int_get(&state) == 2;
}

struct QkOcr {
	TessBaseAPI *api;
};

static const char *const mode_names[] = { "auto", "never", "force" };

gboolean qk_ocr_mode_parse(const char *s, QkOcrMode *mode)
{
	for (int i = 0; s && i < (int)G_N_ELEMENTS(mode_names); i++) {
		if (strcmp(s, mode_names[i]) == 0) {
			*mode = (QkOcrMode)i;
			return TRUE;
		}
	}
	return FALSE;
}

const char *qk_ocr_mode_name(QkOcrMode mode)
{
	return (guint)mode < G_N_ELEMENTS(mode_names) ? mode_names[mode] : mode_names[0];
}

QkOcr *qk_ocr_new(const char *lang, GError **error)
{
	if (!load_tesseract()) {
		g_set_error(error, QK_ERROR, QK_ERROR_DATA,
		            "OCR unavailable: cannot load %s (Debian: tesseract-ocr)",
		            QK_TESSERACT_SONAME);
		return NULL;
	}
	if (!lang || !*lang)
		lang = QK_OCR_DEFAULT_LANG;
	QkOcr *ocr = g_new0(QkOcr, 1);
	ocr->api = T.TessBaseAPICreate();
	/* Tesseract's own notes ("Estimating resolution", …) are not ours */
	T.TessBaseAPISetVariable(ocr->api, "debug_file", "/dev/null");
	if (T.TessBaseAPIInit3(ocr->api, NULL, lang) != 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_DATA,
		            "OCR unavailable: no Tesseract model for '%s' "
		            "(Debian: tesseract-ocr-chi-sim, tesseract-ocr-eng)", lang);
		qk_ocr_free(ocr);
		return NULL;
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	/* Sauvola's local threshold, not Tesseract's global Otsu: a scan's
	 * grain and falling-off light cost Otsu thin strokes (measured on the
	 * mini scans at 150 dpi: recognition CER 8.7 % with Otsu, 1.9 % with
	 * Sauvola) */
	T.TessBaseAPISetVariable(ocr->api, "thresholding_method", "2");
	return ocr;
}

void qk_ocr_free(QkOcr *ocr)
{
	if (!ocr)
		return;
	T.TessBaseAPIEnd(ocr->api);
	T.TessBaseAPIDelete(ocr->api);
	g_free(ocr);
}

/* Replaces *pix with f(*pix) when f succeeds. */
static void replace(PIX **pix, PIX *out)
{
	if (!out)
		return;
	T.pixDestroy(pix);
	*pix = out;
}

/* A cairo surface made 8-bit grey on white, read in place when it is
 * ARGB32 or RGB24 (what Poppler gives: no second copy of a large scan). */
static PIX *grey_pix(cairo_surface_t *src, int w, int h)
{
	cairo_format_t f = cairo_image_surface_get_format(src);
	if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24) {
		cairo_surface_t *rgb = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		cairo_t *cr = cairo_create(rgb);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_set_source_surface(cr, src, 0, 0);
		cairo_paint(cr);
		cairo_destroy(cr);
		PIX *pix = cairo_surface_status(rgb) == CAIRO_STATUS_SUCCESS ? grey_pix(rgb, w, h) : NULL;
		cairo_surface_destroy(rgb);
		return pix;
	}
	cairo_surface_flush(src);
	PIX *pix = T.pixCreate(w, h, 8);
	const unsigned char *data = cairo_image_surface_get_data(src);
	int stride = cairo_image_surface_get_stride(src);
	for (int y = 0; pix && y < h; y++) {
		const guint32 *row = (const guint32 *)(data + (size_t)y * stride);
		l_uint32 *line = T.pixGetData(pix) + (size_t)y * T.pixGetWpl(pix);
		for (int x = 0; x < w; x++) {
			guint32 p = row[x];
			/* premultiplied: over white, a channel is c + 255 - alpha */
			guint32 paper = f == CAIRO_FORMAT_ARGB32 ? 255 - (p >> 24) : 0;
			guint32 r = ((p >> 16) & 0xff) + paper, g = ((p >> 8) & 0xff) + paper;
			guint32 b = (p & 0xff) + paper;
			SET_DATA_BYTE(line, x, MIN((r * 299 + g * 587 + b * 114) / 1000, 255));
		}
	}
	return pix;
}

/* The page's one image when it covers nearly all of the page, at most a
 * little finer than QK_OCR_RENDER_DPI (pixels: its size, from its
 * dictionary): *area is where it sits (points). NULL otherwise. Poppler
 * hands an image over in two copies of four bytes a pixel (measured: 590 MB
 * for 8000 × 8000), a render of it takes one, so a finer scan is rendered
 * down instead. */
static PIX *scan_image(PopplerPage *page, double pw, double ph, double pixels,
                       PopplerRectangle *area)
{
	GList *maps = poppler_page_get_image_mapping(page);
	PIX *pix = NULL;
	PopplerImageMapping *m = maps && !maps->next ? maps->data : NULL;
	double aw = m ? m->area.x2 - m->area.x1 : 0, ah = m ? m->area.y2 - m->area.y1 : 0;
	if (m && aw * ah >= 0.9 * pw * ph &&
	    pixels <= aw * ah / (72 * 72) * pow(1.1 * QK_OCR_RENDER_DPI, 2)) {
		cairo_surface_t *s = poppler_page_get_image(page, m->image_id);
		int w = s ? cairo_image_surface_get_width(s) : 0;
		int h = s ? cairo_image_surface_get_height(s) : 0;
		double dpi = w * 72.0 / aw;
		if (w > 0 && h > 0 && dpi >= QK_OCR_MIN_DPI) {
			pix = grey_pix(s, w, h);
			*area = m->area;
		}
		if (s)
			cairo_surface_destroy(s);
	}
	poppler_page_free_image_mapping(maps);
	return pix;
}

/* The resolution (dpi, up to want) at which a pw × ph point page is at
 * most QK_OCR_MAX_PIXELS pixels. */
static double capped_dpi(double pw, double ph, double want)
{
	double inches2 = pw / 72.0 * ph / 72.0;
	return MIN(want, sqrt(QK_OCR_MAX_PIXELS / inches2));
}

static PIX *render_page(PopplerPage *page, double pw, double ph, double dpi)
{
	double scale = dpi / 72.0;
	int w = (int)ceil(pw * scale), h = (int)ceil(ph * scale);
	if (w <= 0 || h <= 0)
		return NULL;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	PIX *pix = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? grey_pix(s, w, h) : NULL;
	cairo_surface_destroy(s);
	return pix;
}

/* Whether the page's images can be decoded for OCR within the bounds
 * (QK_ERROR_LIMIT: they cannot; the page is not imaged at all). */
static gboolean images_bounded(const QkPageImages *images, int index, GError **error)
{
	if (!images) {
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED,
		            "page %d cannot be imaged for OCR: its images cannot be measured", index);
		return FALSE;
	}
	if (images->largest > QK_OCR_MAX_IMAGE_PIXELS) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "page %d not read with OCR: an image of %.0f million pixels "
		            "(at most %.0f million are decoded)", index, images->largest / 1e6,
		            QK_OCR_MAX_IMAGE_PIXELS / 1e6);
		return FALSE;
	}
	if (images->total > QK_OCR_MAX_DECODE_PIXELS) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "page %d not read with OCR: its %d images hold %.0f million pixels "
		            "(at most %.0f million are decoded)", index, images->count,
		            images->total / 1e6, QK_OCR_MAX_DECODE_PIXELS / 1e6);
		return FALSE;
	}
	return TRUE;
}

/* The page's image in grey, cleaned; px → points is x / sx + ox. */
static PIX *page_pix(PopplerPage *page, int index, double pw, double ph,
                     const QkPageImages *images, GRecMutex *lock, int *dpi, double *sx,
                     double *sy, double *ox, double *oy, GError **error)
{
	if (!images_bounded(images, index, error))
		return NULL;
	double render_dpi = capped_dpi(pw, ph, QK_OCR_RENDER_DPI);
	PopplerRectangle area = { 0, 0, pw, ph };
	PIX *pix = NULL;
	if (lock)
		g_rec_mutex_lock(lock);
	pix = scan_image(page, pw, ph, images->largest, &area);
	if (!pix && render_dpi >= QK_OCR_MIN_DPI) {
		area = (PopplerRectangle){ 0, 0, pw, ph };
		pix = render_page(page, pw, ph, render_dpi);
	}
	if (lock)
		g_rec_mutex_unlock(lock);
	if (!pix) {
		if (render_dpi < QK_OCR_MIN_DPI)
			g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
			            "page %d not read with OCR: %.0f × %.0f in is too large to render "
			            "at %d dpi", index, pw / 72, ph / 72, QK_OCR_MIN_DPI);
		else
			g_set_error(error, QK_ERROR, QK_ERROR_FAILED,
			            "page %d cannot be imaged for OCR", index);
		return NULL;
	}
	double aw = area.x2 - area.x1, ah = area.y2 - area.y1;
	*dpi = (int)lround(T.pixGetWidth(pix) * 72.0 / aw);
	replace(&pix, T.pixBackgroundNormSimple(pix, NULL, NULL));
	l_float32 angle = 0, conf = 0;
	replace(&pix, T.pixFindSkewAndDeskew(pix, 2, &angle, &conf));
	/* enlarged within the same bound as a render (a page rendered
	 * coarser for its size is not enlarged again) */
	double room = sqrt(QK_OCR_MAX_PIXELS / ((double)T.pixGetWidth(pix) * T.pixGetHeight(pix)));
	double f = MIN(2.0, room);
	if (*dpi < QK_OCR_ENLARGE_BELOW && f > 1.1)
		replace(&pix, T.pixScaleGrayLI(pix, (float)f, (float)f));
	*sx = T.pixGetWidth(pix) / aw;
	*sy = T.pixGetHeight(pix) / ah;
	*ox = area.x1;
	*oy = area.y1;
	return pix;
}

/* CJK ideographs and punctuation take no word space around them. */
static gboolean spaced(gunichar c)
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

static gboolean is_han(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

/* Tesseract's Chinese model gives ASCII punctuation for the full-width
 * forms Chinese is set in (：→:, （→(): next to a Han character, on the
 * side the mark belongs to, the full-width form is what was printed; beside
 * digits and Latin (涛(1), 7.1%, a:b) the ASCII form stays. */
static void full_width_marks(GArray *glyphs, guint from)
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
		    is_han(g_array_index(glyphs, QkGlyph, j).ch))
			g->ch = wide[k - ascii];
	}
}

/* A page reference's digit read as its look-alike between brackets (孙涛(]),
 * (l)): the digit, as a TOC prints it. */
static void bracketed_digits(GArray *glyphs, guint from)
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

static void close_gaps(GArray *glyphs, guint from)
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
		    (!spaced(a->ch) || !spaced(b->ch))) {
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
static void place_word(GArray *glyphs, guint from, const float *conf, const double *at,
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
		last->space_after = spaced(last->ch);
	}
}

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
		ems += spaced(g_array_index(glyphs, QkGlyph, i).ch) ? 0.6 : 1.0;
	return ems;
}

/* A text line's box is as tall as what it holds: a line with quotes or
 * brackets is a point taller than its neighbour without, and layout ends a
 * block at every change of size. Sizes within QK_OCR_SAME_SIZE of the
 * page's most common one (by glyphs) are taken as that one: body text is
 * one size again, headlines stay apart. */
#define QK_OCR_SAME_SIZE 0.2

/* The most common size of glyphs (half points): the body text's. */
static double common_size(GArray *glyphs)
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

static void unify_sizes(GArray *glyphs)
{
	double m = common_size(glyphs);
	for (guint i = 0; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (fabs(g->size - m) <= QK_OCR_SAME_SIZE * m)
			g->size = m;
	}
}

/* Tesseract's result → glyphs in page points; the mean word confidence
 * (Tesseract's own measure of a page), weighted by characters kept. */
/* A text line's ink: the share of its box that is black in Tesseract's
 * binarised image (bin, at the image's scale). */
static double line_ink(PIX *bin, int l, int t, int r, int b)
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

/* A solid mark in the binarised image's box l..r × t..b: one run of ink
 * on (nearly) every row and column of its ink's box, which fills at least
 * two fifths of it. A TOC's section bullet (◆ 卷首语) is one; Tesseract
 * reads it as a character (令, 售, ©), and structure then sees no bullet.
 * No Han character passes: its strokes cross. Returns the bullet to put
 * in its place by how much of its box the ink fills (■ ● ◆), or 0. */
static gunichar solid_mark(PIX *bin, int l, int t, int r, int b, int em)
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

static gboolean bullet(gunichar c)
{
	return c == 0x25A0 || c == 0x25CF || c == 0x25C6;
}

static gboolean column_ink(PIX *bin, int x, int t, int b)
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
static gunichar lead_mark(PIX *bin, int l, int r, int t, int b, int em, int *end)
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
	return solid_mark(bin, l, t, x, b, em);
}

typedef struct {
	guint from, to;     /* its glyphs */
	double ink;
	int l, t, r, b;     /* its box in the recognised image (pixels) */
	int han;            /* its Han symbols' median height (pixels), 0: under two */
} OcrLine;

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
	double x = ((const OcrLine *)a)->ink, y = ((const OcrLine *)b)->ink;
	return (x > y) - (x < y);
}

static void mark_bold(GArray *glyphs, GArray *lines)
{
	if (!lines->len)
		return;
	GArray *sorted = g_array_copy(lines);
	g_array_sort(sorted, cmp_ink);
	guint total = 0, half = 0;
	for (guint i = 0; i < sorted->len; i++)
		total += g_array_index(sorted, OcrLine, i).to - g_array_index(sorted, OcrLine, i).from;
	double median = 0;
	for (guint i = 0; i < sorted->len; i++) {
		const OcrLine *l = &g_array_index(sorted, OcrLine, i);
		half += l->to - l->from;
		if (2 * half >= total) {
			median = l->ink;
			break;
		}
	}
	g_array_free(sorted, TRUE);
	for (guint i = 0; median > 0 && i < lines->len; i++) {
		const OcrLine *l = &g_array_index(lines, OcrLine, i);
		if (l->ink > QK_OCR_BOLD_INK * median)
			for (guint k = l->from; k < l->to && k < glyphs->len; k++)
				g_array_index(glyphs, QkGlyph, k).bold = TRUE;
	}
}

/* furniture.c's top and bottom bands, a share of the page's height */
#define QK_OCR_BAND 0.12

/* Photographs and grey boxes: Tesseract reads them as a few characters it
 * is hardly sure of (EL了 17, Xe天详 15, 日 14, 0 0 on chromium-mag-01's
 * scan at 200 dpi), which became titles and articles. A line of at most
 * QK_OCR_JUNK_LEN characters whose words' mean confidence is under
 * QK_OCR_JUNK_CONF goes, outside the bands, where a folio misread (P?5 11)
 * is read again. Misread text is surer: a byline 文／王晓东 read 福/王量未
 * scored 42, the lowest real line of that scan 36. */
#define QK_OCR_JUNK_LEN 4
#define QK_OCR_JUNK_CONF 25.0

static gboolean junk_line(const QkGlyphPage *gp, guint n, double conf, double y0, double y1)
{
	return n <= QK_OCR_JUNK_LEN && conf < QK_OCR_JUNK_CONF &&
	       y0 > QK_OCR_BAND * gp->height && y1 < (1 - QK_OCR_BAND) * gp->height;
}

/* A text line's box takes in a rule or bar beside its text (6 | 晋北发展研究
 * 2022年第9期 was half as tall again as the body): when its symbols' median
 * height (Han characters only, in pixels) is under QK_OCR_STRETCHED of
 * the box's (and not under QK_OCR_STRETCHED_MIN: mini's ·经济社会· got
 * 2.5 pt from its symbols' boxes), the line's size is taken from them instead, a symbol being
 * QK_OCR_SYMBOL_EM of an em. Only then: the LSTM's symbol boxes are rough
 * (a few run half as tall again as their line), so the box's height stays
 * the measure of every other line. Measured on the mini sample's scan at
 * 150 dpi: body symbols 0.87-0.97 of their line. Ruled table rows
 * (symbols 0.65 of their line on libreoffice-mag-13) are so too. */
#define QK_OCR_STRETCHED 0.8
#define QK_OCR_STRETCHED_MIN 0.5
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
	if (median < QK_OCR_STRETCHED_MIN * line_px || median >= QK_OCR_STRETCHED * line_px)
		return;
	double size = MAX(round(2 * median / QK_OCR_SYMBOL_EM / sy) / 2, 1);
	for (guint i = from; i < glyphs->len; i++)
		g_array_index(glyphs, QkGlyph, i).size = size;
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
/* … and a word with (almost) no ink in or within half an em of its box
 * is one too: 。 read in the blank between two columns */
#define QK_OCR_BLANK_WORD 0.005
#define QK_OCR_TICK_MAX 0.45
#define QK_OCR_TICK_WIDE 0.45
#define QK_OCR_TICK_PAIR 0.45

static gboolean is_quote(gunichar c)
{
	return c == 0x201C || c == 0x201D;
}

static gboolean printed_quote(PIX *bin, int l, int r, int t, int b, int *used)
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
	return spaced(c) || (c < 0x80 && g_ascii_ispunct((int)c)) ? 0.5 : 1.0;
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

static void place_by_ink(GArray *glyphs, guint from, const double *at, guint nat, PIX *bin,
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
		gunichar mark = k ? lead_mark(bin, pc[2 * k], pc[2 * k + 1], t, b, em, &end) : 0;
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

static void leaders(GArray *glyphs, guint from)
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

/* A dash —— is one stroke two ems long; Tesseract reads it as 一一 or 一
 * (越走越宽一一关于, 一方人一我市). A 一 whose ink (bin, the line t..b;
 * glyph boxes in points, x = px / sx + ox) runs on unbroken for
 * QK_OCR_DASH em or more, in a row of the line's middle, is the dash: with
 * the 一 after it on the same stroke, or alone, it becomes ——. */
#define QK_OCR_DASH 1.5

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

static void dashes(GArray *glyphs, guint from, PIX *bin, int t, int b, double sx, double ox)
{
	int em = b - t, w = bin ? (int)T.pixGetWidth(bin) : 0;
	if (!bin || em <= 0)
		return;
	/* the stroke sits in the middle rows */
	int mt = MAX(t + em / 4, 0), mb = MIN(b - em / 4, (int)T.pixGetHeight(bin));
	for (guint i = from; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (g->ch != 0x4E00)
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
	}
}

static double read_symbols(TessResultIterator *ri, QkGlyphPage *gp, double sx, double sy,
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
				OcrLine ol = { gp->glyphs->len, gp->glyphs->len, line_ink(bin, l, t, r, b),
				               l, t, r, b, 0 };
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
			word_blank = bin && line_ink(bin, MAX(l - line_px / 2, 0), t, r + line_px / 2, b) <
			                    QK_OCR_BLANK_WORD;
			g_array_set_size(conf, 0);
			g_array_set_size(word_at, 0);
		}
		char *text = T.TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
		float c = T.TessResultIteratorConfidence(ri, RIL_SYMBOL);
		gunichar mark = 0;
		int ml, mt, mr, mb;
		if (bin && gp->glyphs->len == line_start &&
		    T.TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &ml, &mt, &mr, &mb))
			mark = solid_mark(bin, ml, mt, mr, mb, line_px);
		if (text && is_han(g_utf8_get_char(text)) &&
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
		gboolean quote_box = bin && text && is_quote(g_utf8_get_char(text)) &&
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
			if (word_blank && !is_quote(g.ch))
				continue;
			if (bin && is_quote(g.ch) && quote_box &&
			    !printed_quote(bin, ql, qr, line_t, line_t + line_px, &line_ticks))
				continue;
			g.box = wb;
			/* half points: the body size is the most common one */
			g.size = MAX(round(2 * (line_y1 - line_y0)) / 2, 1);
			g.font = font;
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
			place_word(gp->glyphs, word_start, (const float *)conf->data,
			           (const double *)word_at->data, line_at, wb);
			sum += (double)word_conf * (gp->glyphs->len - word_start);
			line_sum += (double)word_conf * (gp->glyphs->len - word_start);
			counted += gp->glyphs->len - word_start;
			word_start = gp->glyphs->len;
		}
		if (T.TessPageIteratorIsAtFinalElement(pi, RIL_TEXTLINE, RIL_SYMBOL)) {
			guint n = gp->glyphs->len - line_start;
			if (lines && n && junk_line(gp, n, line_conf / line_words, line_y0, line_y1)) {
				sum -= line_sum;
				counted -= n;
				g_array_set_size(gp->glyphs, line_start);
			}
			if (lines && lines->len)
				g_array_index(lines, OcrLine, lines->len - 1).to = gp->glyphs->len;
			stretched_line(gp->glyphs, line_start, hts, line_px, sy);
			if (lines && lines->len && hts->len >= 2)
				g_array_index(lines, OcrLine, lines->len - 1).han =
					g_array_index(hts, int, hts->len / 2);
			if (lines && lines->len) {
				const OcrLine *ol = &g_array_index(lines, OcrLine, lines->len - 1);
				place_by_ink(gp->glyphs, line_start, (const double *)line_at->data,
				             line_at->len, bin, ol->l, ol->t, ol->r, ol->b, sx, ox);
				dashes(gp->glyphs, line_start, bin, ol->t, ol->b, sx, ox);
			}
			leaders(gp->glyphs, line_start);
			full_width_marks(gp->glyphs, line_start);
			bracketed_digits(gp->glyphs, line_start);
			close_gaps(gp->glyphs, line_start);
		}
	} while (T.TessPageIteratorNext(pi, RIL_SYMBOL));
	g_array_free(conf, TRUE);
	g_array_free(hts, TRUE);
	g_array_free(word_at, TRUE);
	g_array_free(line_at, TRUE);
	return counted ? sum / counted : 0;
}

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
	BOX *box = T.boxCreate(l, t, r - l, bt - t);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
	if (!clip)
		return n;
	if (f > 1.1)
		replace(&clip, T.pixScaleGrayLI(clip, (float)f, (float)f));
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_SINGLE_LINE);
	T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "0123456789");
	T.TessBaseAPISetImage2(ocr->api, clip);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * f * 72));
	char *text = T.TessBaseAPIGetUTF8Text(ocr->api);
	T.TessBaseAPISetVariable(ocr->api, "tessedit_char_whitelist", "");
	T.TessBaseAPIClear(ocr->api);
	T.pixDestroy(&clip);
	char digits[4] = { 0 };
	guint m = 0;
	for (const char *s = text ? text : ""; *s; s++) {
		if (g_ascii_isdigit(*s) && m < 3)
			digits[m++] = *s;
		else if (!g_ascii_isspace(*s) || m == 3) {
			m = 0;
			break;
		}
	}
	if (text)
		T.TessDeleteText(text);
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

static void read_bands(QkOcr *ocr, PIX *pix, QkGlyphPage *gp, double sx, double sy,
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
			replace(&clip, T.pixScaleGrayLI(clip, (float)f, (float)f));
		g_array_set_size(band, 0);
		QkGlyphPage tmp = { .glyphs = band };
		T.TessBaseAPISetImage2(ocr->api, clip);
		T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * f * 72));
		TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
		                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
		if (ri) {
			read_symbols(ri, &tmp, sx * f, sy * f, ox, oy + top / sy, NULL, NULL);
			T.TessResultIteratorDelete(ri);
		}
		T.TessBaseAPIClear(ocr->api);
		T.pixDestroy(&clip);
		/* the band's inner edge, in points: lines it cuts are ignored */
		double edge = oy + (k ? top : bh) / sy;
		guint page_len = gp->glyphs->len;
		double body = common_size(gp->glyphs);
		for (guint i = 0, j; i < band->len; i = j) {
			const QkGlyph *a = &g_array_index(band, QkGlyph, i);
			double em = a->box.y1 - a->box.y0;
			j = token_end(band, i);
			gboolean cut = k ? a->box.y0 < edge + 0.3 * em : a->box.y1 > edge - 0.3 * em;
			if (!cut)
				page_len -= merge_band_word(gp->glyphs, page_len, a, j - i, body);
		}
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
	g_array_free(band, TRUE);
	double top = oy + bh / sy, bottom = oy + (h - bh) / sy, body = common_size(gp->glyphs);
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
		if (unread_folio(g, j - i))
			j = i + reread_folio(ocr, pix, gp->glyphs, i, j - i, sx, sy, ox, oy, f);
	}
	T.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
}

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
		if (column_ink(bin, x, t, b)) {
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
static void read_piece(QkOcr *ocr, PIX *pix, int x0, int x1, int t, int b, GArray *out,
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
	replace(&clip, T.pixScale(clip, (float)f, (float)f));
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
		read_symbols(ri, &tmp, sx * f, sy * f, ox + l / sx, oy + top / sy, NULL, NULL);
		T.TessResultIteratorDelete(ri);
	}
	g_array_append_vals(out, tmp.glyphs->data, tmp.glyphs->len);
	g_array_free(tmp.glyphs, TRUE);
	T.TessBaseAPIClear(ocr->api);
	T.pixDestroy(&clip);
}

static void reread_large(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                         double sx, double sy, double ox, double oy)
{
	if (!bin || !lines->len)
		return;
	double body = common_size(gp->glyphs);
	const l_uint32 *data = T.pixGetData(bin);
	int wpl = T.pixGetWpl(bin), bw = (int)T.pixGetWidth(bin), bh = (int)T.pixGetHeight(bin);
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	GArray *kept = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	/* from the last line, so that the glyphs of those before stay where
	 * they are */
	for (guint k = lines->len; k-- > 0;) {
		const OcrLine *ln = &g_array_index(lines, OcrLine, k);
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
				gunichar mark = had ? 0 : lead_mark(bin, start, end, t, b, em, &cut);
				if (mark) {
					/* a bar or box before a kicker read alone is junk
					 * (se基层工作): cut off too, a bullet only when
					 * the page's reading found one */
					QkGlyph g = g_array_index(gp->glyphs, QkGlyph, ln->from);
					g.ch = mark;
					g.box.x0 = start / sx + ox;
					g.box.x1 = cut / sx + ox;
					if (bullet(first.ch))
						g_array_append_val(out, g);
					had = out->len;
					while (cut < end && !column_ink(bin, cut, t, b))
						cut++;
				}
				read_piece(ocr, pix, mark ? cut : start, end, t, b, out, sx, sy, ox, oy);
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
	l = MAX(l, 0), t = MAX(t, 0);
	r = MIN(r, (int)T.pixGetWidth(pix)), b = MIN(b, (int)T.pixGetHeight(pix));
	if (r <= l || b <= t)
		return 0;
	BOX *box = T.boxCreate(l, t, r - l, b - t);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
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

static void reread_brackets(QkOcr *ocr, PIX *pix, GArray *glyphs, double sx, double sy,
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
			other |= g_unichar_isdigit(c) || is_han(c) || g_unichar_isspace(c);
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

static GArray *picture_boxes(TessResultIterator *ri)
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

static void reread_missed(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                          GArray *pictures, double sx, double sy, double ox, double oy)
{
	double body = common_size(gp->glyphs);
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
			const OcrLine *ln = &g_array_index(lines, OcrLine, k);
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
			conf = read_symbols(ri, &tmp, sx, sy, ox + cl / sx, oy + ct / sy, NULL, NULL);
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

QkGlyphPage *qk_ocr_page(QkOcr *ocr, PopplerPage *page, int index,
                         const QkPageImages *images, GRecMutex *render_lock,
                         int *dpi, double *confidence, GError **error)
{
	QkGlyphPage *gp = g_new0(QkGlyphPage, 1);
	gp->index = index;
	poppler_page_get_size(page, &gp->width, &gp->height);
	gp->glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	*dpi = 0;
	*confidence = 0;
	double sx = 1, sy = 1, ox = 0, oy = 0;
	PIX *pix = NULL;
	if (gp->width > 0 && gp->height > 0)
		pix = page_pix(page, index, gp->width, gp->height, images, render_lock, dpi,
		               &sx, &sy, &ox, &oy, error);
	else
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED,
		            "page %d cannot be imaged for OCR", index);
	if (!pix) {
		qk_glyph_page_free(gp);
		return NULL;
	}
	T.TessBaseAPISetImage2(ocr->api, pix);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
	TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
	if (ri) {
		PIX *bin = T.TessBaseAPIGetThresholdedImage(ocr->api);
		GArray *lines = g_array_new(FALSE, FALSE, sizeof(OcrLine));
		*confidence = read_symbols(ri, gp, sx, sy, ox, oy, bin, lines);
		mark_bold(gp->glyphs, lines);
		GArray *pictures = picture_boxes(ri);
		T.TessResultIteratorDelete(ri);
		T.TessBaseAPIClear(ocr->api);
		reread_large(ocr, pix, bin, gp, lines, sx, sy, ox, oy);
		reread_brackets(ocr, pix, gp->glyphs, sx, sy, ox, oy);
		reread_missed(ocr, pix, bin, gp, lines, pictures, sx, sy, ox, oy);
		g_array_free(pictures, TRUE);
		g_array_free(lines, TRUE);
		T.pixDestroy(&bin);
	}
	T.TessBaseAPIClear(ocr->api);
	if (ri) {
		read_bands(ocr, pix, gp, sx, sy, ox, oy);
		unify_sizes(gp->glyphs);
	}
	T.pixDestroy(&pix);
	return gp;
}
