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
 * of its word's box (ocrread.c, ocrplace.c), its vertical extent and size the text
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
#include "ocrint.h"
#include "error.h"

#define QK_OCR_RENDER_DPI 300
/* scans below this are enlarged twice before recognition */
#define QK_OCR_ENLARGE_BELOW 250
/* a native image is used from this resolution, and nothing is read
 * coarser */
#define QK_OCR_MIN_DPI 70
/* The page image's bounds, checked from the images' dictionaries before
 * Poppler decodes any. A render is at most QK_OCR_MAX_PIXELS, 128 MB (an
 * A2 page at 290 dpi; larger pages are rendered coarser). Poppler's cairo
 * backend decodes an image whole, four bytes a pixel, even to draw it
 * smaller (measured: a 8000 × 8000 grey image drawn at 300 dpi took
 * pdftocairo to 296 MB), so no image may be over QK_OCR_MAX_IMAGE_PIXELS
 * (256 MB: a 600 dpi A4 scan is 35 million pixels, A3 70), nor all of
 * them over QK_OCR_MAX_DECODE_PIXELS (time: 17000 × 17000 took 6 s). */
#define QK_OCR_MAX_IMAGE_PIXELS 64e6
#define QK_OCR_MAX_DECODE_PIXELS 300e6

QkOcrLib qk_ocr_lib;
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

/* A new engine: Tesseract's own notes ("Estimating resolution", …) are
 * not ours. */
static TessBaseAPI *engine_new(void)
{
	TessBaseAPI *api = T.TessBaseAPICreate();
	T.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return api;
}

static void engine_free(TessBaseAPI *api)
{
	if (!api)
		return;
	T.TessBaseAPIEnd(api);
	T.TessBaseAPIDelete(api);
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
	ocr->chi_sim = strstr(lang, "chi_sim") != NULL;
	ocr->api = engine_new();
	/* the LSTM engine named, not Tesseract's default: with a model that
	 * also holds the legacy engine (tessdata's 44 MB chi_sim, shipped by
	 * some distributions) the default is both engines combined, which
	 * reads differently and slower than what qikan is measured with
	 * (Debian's models are LSTM only) */
	if (T.TessBaseAPIInit2(ocr->api, NULL, lang, OEM_LSTM_ONLY) != 0) {
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

TessBaseAPI *qk_ocr_digits(QkOcr *ocr)
{
	if (ocr->digits || ocr->no_digits)
		return ocr->digits ? ocr->digits : ocr->api;
	ocr->digits = engine_new();
	if (T.TessBaseAPIInit2(ocr->digits, NULL, "eng", OEM_LSTM_ONLY) != 0) {
		engine_free(ocr->digits);
		ocr->digits = NULL;
		ocr->no_digits = TRUE;
		return ocr->api;
	}
	/* Sauvola, as the page's engine */
	T.TessBaseAPISetVariable(ocr->digits, "thresholding_method", "2");
	return ocr->digits;
}

gboolean qk_ocr_drop_config(char *data, gsize *len)
{
	guint32 n;
	if (*len < 4)
		return FALSE;
	memcpy(&n, data, 4);
	n = GUINT32_FROM_LE(n);
	gsize table = 4 + 8 * (gsize)n;
	if (n == 0 || n > 64 || *len < table)
		return FALSE;
	gint64 off[64];
	for (guint32 i = 0; i < n; i++) {
		memcpy(&off[i], data + 4 + 8 * i, 8);
		off[i] = GINT64_FROM_LE(off[i]);
		if (off[i] >= 0 && ((gsize)off[i] < table || (gsize)off[i] > *len ||
		                    (i && off[i - 1] >= 0 && off[i] < off[i - 1])))
			return FALSE;
	}
	if (off[0] < 0)
		return TRUE;
	/* entry 0 runs to the next entry there is */
	gsize from = (gsize)off[0], to = *len;
	for (guint32 i = 1; i < n && to == *len; i++)
		if (off[i] >= 0)
			to = (gsize)off[i];
	memmove(data + from, data + to, *len - to);
	*len -= to - from;
	for (guint32 i = 0; i < n; i++) {
		gint64 o = i == 0 ? -1 : off[i] >= 0 ? off[i] - (gint64)(to - from) : -1;
		o = GINT64_TO_LE(o);
		memcpy(data + 4 + 8 * i, &o, 8);
	}
	return TRUE;
}

TessBaseAPI *qk_ocr_names(QkOcr *ocr)
{
	if (ocr->names || ocr->no_names)
		return ocr->names;
	ocr->no_names = TRUE;
	const char *dir = g_getenv("QK_OCR_NAMES_MODEL");
	if (!dir)
		dir = QK_OCR_NAMES_MODEL;
	/* the names model is chi_sim's: for pages read in chi_sim only */
	if (!*dir || !ocr->chi_sim)
		return NULL;
	char *path = g_build_filename(dir, "chi_sim.traineddata", NULL), *data = NULL;
	gsize len = 0;
	gboolean ok = g_file_get_contents(path, &data, &len, NULL) && len <= G_MAXINT &&
	              qk_ocr_drop_config(data, &len);
	g_free(path);
	TessBaseAPI *api = ok ? engine_new() : NULL;
	/* Tesseract copies the model's entries: data is ours again */
	if (api && T.TessBaseAPIInit5(api, data, (int)len, "chi_sim", OEM_LSTM_ONLY, NULL, 0, NULL,
	                              NULL, 0, FALSE) != 0) {
		engine_free(api);
		api = NULL;
	}
	g_free(data);
	if (!api)
		return NULL;
	/* Sauvola, as the page's engine */
	T.TessBaseAPISetVariable(api, "thresholding_method", "2");
	ocr->names = api;
	ocr->no_names = FALSE;
	return api;
}

void qk_ocr_free(QkOcr *ocr)
{
	if (!ocr)
		return;
	engine_free(ocr->names);
	engine_free(ocr->digits);
	engine_free(ocr->api);
	g_free(ocr);
}

/* Replaces *pix with f(*pix) when f succeeds. */
void qk_ocr_replace(PIX **pix, PIX *out)
{
	if (!out)
		return;
	T.pixDestroy(pix);
	*pix = out;
}

PIX *qk_ocr_clip(PIX *pix, int l, int t, int r, int b)
{
	l = MAX(l, 0), t = MAX(t, 0);
	r = MIN(r, (int)T.pixGetWidth(pix)), b = MIN(b, (int)T.pixGetHeight(pix));
	if (r <= l || b <= t)
		return NULL;
	BOX *box = T.boxCreate(l, t, r - l, b - t);
	PIX *clip = box ? T.pixClipRectangle(pix, box, NULL) : NULL;
	T.boxDestroy(&box);
	return clip;
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
	qk_ocr_replace(&pix, T.pixBackgroundNormSimple(pix, NULL, NULL));
	l_float32 angle = 0, conf = 0;
	qk_ocr_replace(&pix, T.pixFindSkewAndDeskew(pix, 2, &angle, &conf));
	/* enlarged within the same bound as a render (a page rendered
	 * coarser for its size is not enlarged again) */
	double room = sqrt(QK_OCR_MAX_PIXELS / ((double)T.pixGetWidth(pix) * T.pixGetHeight(pix)));
	double f = MIN(2.0, room);
	if (*dpi < QK_OCR_ENLARGE_BELOW && f > 1.1)
		qk_ocr_replace(&pix, T.pixScaleGrayLI(pix, (float)f, (float)f));
	*sx = T.pixGetWidth(pix) / aw;
	*sy = T.pixGetHeight(pix) / ah;
	*ox = area.x1;
	*oy = area.y1;
	return pix;
}

QkGlyphPage *qk_ocr_page(QkOcr *ocr, PopplerPage *page, int index,
                         const QkPageImages *images, GRecMutex *render_lock,
                         int *dpi, double *confidence, GError **error)
{
	QkGlyphPage *gp = g_new0(QkGlyphPage, 1);
	gp->index = index;
	gp->ocr = TRUE;
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
	/* QK_OCR_DUMP=DIR: the image Tesseract is given, DIR/page-N.png
	 * (for looking at what it reads; see LAYOUT.md) */
	const char *dump = g_getenv("QK_OCR_DUMP");
	if (dump && *dump) {
		char *name = g_strdup_printf("%s/page-%d.png", dump, index);
		T.pixWrite(name, pix, IFF_PNG);
		g_free(name);
	}
	T.TessBaseAPISetImage2(ocr->api, pix);
	T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
	/* dot leaders are layout: out of the image Tesseract reads */
	PIX *bin0 = T.TessBaseAPIGetThresholdedImage(ocr->api);
	GArray *leaders = qk_ocr_find_leaders(bin0, sx);
	T.pixDestroy(&bin0);
	if (leaders->len) {
		qk_ocr_erase_leaders(pix, leaders);
		T.TessBaseAPISetImage2(ocr->api, pix);
		T.TessBaseAPISetSourceResolution(ocr->api, (int)lround(sx * 72));
	}
	TessResultIterator *ri = T.TessBaseAPIRecognize(ocr->api, NULL) == 0
	                         ? T.TessBaseAPIGetIterator(ocr->api) : NULL;
	if (ri) {
		PIX *bin = T.TessBaseAPIGetThresholdedImage(ocr->api);
		GArray *lines = g_array_new(FALSE, FALSE, sizeof(QkOcrLine));
		*confidence = qk_ocr_read_symbols(ri, gp, sx, sy, ox, oy, bin, lines);
		GArray *pictures = qk_ocr_picture_boxes(ri);
		T.TessResultIteratorDelete(ri);
		T.TessBaseAPIClear(ocr->api);
		qk_ocr_reread_gutters(ocr, pix, bin, gp, lines, sx, sy, ox, oy);
		qk_ocr_mark_bold(gp->glyphs, lines);
		/* first: reread_large leaves the later lines' glyph
		 * indices behind */
		qk_ocr_reread_rows(ocr, pix, bin, gp, lines, sx, sy, ox, oy);
		qk_ocr_reread_bylines(ocr, pix, bin, gp, lines, sx, sy, ox, oy);
		qk_ocr_reread_doubtful(ocr, pix, gp, lines, sx);
		qk_ocr_reread_large(ocr, pix, bin, gp, lines, sx, sy, ox, oy);
		qk_ocr_reread_brackets(ocr, pix, gp->glyphs, sx, sy, ox, oy);
		qk_ocr_reread_missed(ocr, pix, bin, gp, lines, pictures, sx, sy, ox, oy);
		/* after every reading: ink read twice (xelatex-mag-14's
		 * kicker came out 经经济济观观察察, the copy from
		 * reread_large's reading, the page's line staying beside
		 * it; where reread_large lost the page's glyphs is not
		 * known) */
		qk_ocr_doubled(gp->glyphs, 0);
		g_array_free(pictures, TRUE);
		g_array_free(lines, TRUE);
		T.pixDestroy(&bin);
	}
	T.TessBaseAPIClear(ocr->api);
	if (ri) {
		qk_ocr_read_bands(ocr, pix, gp, sx, sy, ox, oy);
		qk_ocr_add_leaders(gp, leaders, sx, sy, ox, oy);
		qk_ocr_unify_sizes(gp->glyphs);
		qk_ocr_reread_tables(ocr, page, pix, gp, render_lock, sx, sy, ox, oy);
	}
	g_array_free(leaders, TRUE);
	T.pixDestroy(&pix);
	return gp;
}

