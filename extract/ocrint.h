/*
 * ocrint.h — internal to OCR (ocr.c, ocrread.c, ocrplace.c, ocrbands.c,
 * ocrreread.c, ocrbyline.c, ocrlayout.c); the rest of extract sees ocr.h only.
 *
 * ocr.c opens libtesseract, images the page and drives the passes:
 * ocrread.c turns Tesseract's result into glyphs, placing them with
 * ocrplace.c (words and symbols put on their ink, marks Tesseract misreads
 * put right); ocrreread.c reads again what the page's reading got wrong
 * or dropped (large type, bracketed page numbers, text outside every
 * line); ocrbands.c reads the top and bottom bands again for running
 * heads and folios. All Tesseract and Leptonica calls go through T.
 */
#ifndef QK_OCRINT_H
#define QK_OCRINT_H

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include "ocr.h"
#include "dynlib.h"

G_BEGIN_DECLS

/* The libtesseract functions used, called through T. */
#define TESS_FUNCTIONS(X) \
	X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit2) X(TessBaseAPIInit5) X(TessBaseAPIEnd) \
	X(TessBaseAPISetVariable) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2) \
	X(TessBaseAPISetSourceResolution) X(TessBaseAPIRecognize) X(TessBaseAPIGetIterator) \
	X(TessBaseAPIClear) X(TessBaseAPIGetUTF8Text) X(TessResultIteratorDelete) X(TessResultIteratorGetPageIterator) \
	X(TessResultIteratorGetUTF8Text) X(TessResultIteratorConfidence) X(TessDeleteText) \
	X(TessPageIteratorNext) X(TessPageIteratorIsAtBeginningOf) \
	X(TessPageIteratorBegin) X(TessPageIteratorBlockType) \
	X(TessPageIteratorIsAtFinalElement) X(TessPageIteratorBoundingBox) \
	X(TessBaseAPIGetThresholdedImage) X(TessBaseAPIMeanTextConf)

/* … and the Leptonica functions, found through libtesseract, which links
 * Leptonica: it is loaded with it and only then. */
#define LEPT_FUNCTIONS(X) \
	X(setMsgSeverity) X(pixCreate) X(pixDestroy) X(pixGetData) X(pixGetWpl) \
	X(pixGetWidth) X(pixGetHeight) X(pixBackgroundNormSimple) X(pixFindSkewAndDeskew) \
	X(pixScaleGrayLI) X(pixScale) X(pixClipRectangle) X(boxCreate) X(boxDestroy) X(pixCountPixels) \
	X(pixConnCompBB) X(boxaGetCount) X(boxaGetBoxGeometry) X(boxaDestroy) X(pixWrite) X(pixThresholdToBinary) X(pixRead)

typedef struct {
	TESS_FUNCTIONS(QK_DYNLIB_FIELD)
	LEPT_FUNCTIONS(QK_DYNLIB_FIELD)
} QkOcrLib;

/* filled once by ocr.c when libtesseract is loaded, read-only after */
extern QkOcrLib qk_ocr_lib;
#define T qk_ocr_lib

struct QkOcr {
	TessBaseAPI *api;
	/* digits read alone (qk_ocr_digits): made on first need */
	TessBaseAPI *digits;
	gboolean no_digits;
	/* bylines' names read by a second model too (qk_ocr_names): made on
	 * first need */
	TessBaseAPI *names;
	gboolean no_names;
	gboolean chi_sim;   /* the page's models include chi_sim */
};

/* An engine of the names model, tessdata 4.0.0's chi_sim (scripts/names-model
 * installs it), which misreads other characters than Debian's (ocrbyline.c
 * lets the two vote): from the folder $QK_OCR_NAMES_MODEL names, else from
 * QK_OCR_NAMES_MODEL (meson's names_model). NULL, and names read by the
 * page's engine alone, when the folder is empty or has no chi_sim model, or
 * the pages are not read in chi_sim. */
TessBaseAPI *qk_ocr_names(QkOcr *ocr);

/* A traineddata file's bytes (data, *len) without its config, entry 0 (the
 * number of entries, int32; their offsets, int64, -1 for none; then the
 * entries in order, which Tesseract reads one after the other): the names
 * model's config sets Tesseract's layout parameters for CJK
 * (textord_use_cjk_fp_model, textord_force_make_prop_words, the noise
 * sizes…), which are global, so the names engine's start changed how the
 * page's engine found lines on the pages read after it (chromium-mag-03's
 * scan: two columns of page 6 read as one); its LSTM reads names the same
 * without it. FALSE when the bytes are no traineddata file. */
gboolean qk_ocr_drop_config(char *data, gsize *len);

/* An engine for reading a few digits alone: one of its own. The page's
 * engine, once it has read a page, reads a lone folio's 1 as nothing
 * where a fresh one, like the tesseract command, reads 1 (mini's scan at
 * 300 dpi; some state the engine keeps between images, not found). The
 * page's engine when Tesseract's eng model is missing. */
TessBaseAPI *qk_ocr_digits(QkOcr *ocr);

/* symbols Tesseract is less sure of than this (0–100) are dropped */
#define QK_OCR_MIN_CONF 30.0f
/* a page image's most pixels (ocr.c) */
#define QK_OCR_MAX_PIXELS 32e6
/* furniture.c's top and bottom bands, a share of the page's height */
#define QK_OCR_BAND 0.12
/* sizes within this share of the body's are the body's (ocrread.c) */
#define QK_OCR_SAME_SIZE 0.2
/* a line whose Han symbols are under this share of its height was made
 * tall by a rule or box beside it (ocrread.c) */
#define QK_OCR_STRETCHED 0.8

/* A text line of the page's reading. */
typedef struct {
	guint from, to;     /* its glyphs */
	double ink;
	int l, t, r, b;     /* its box in the recognised image (pixels) */
	int han;            /* its Han symbols' median height (pixels), 0: under two */
	double conf;        /* its words' mean confidence */
} QkOcrLine;

/* pix's l..r × t..b (pixels, kept within it) cut out; NULL when that is
 * empty */
PIX *qk_ocr_clip(PIX *pix, int l, int t, int r, int b);

/* Replaces *pix with out when out is not NULL. */
void qk_ocr_replace(PIX **pix, PIX *out);

/* ocrread.c */
/* Tesseract's result → glyphs appended to gp in page points (x = px / sx
 * + ox); bin, the binarised image, places them on their ink, and lines
 * (when not NULL) gets the text lines. Returns the mean word confidence,
 * weighted by characters kept. */
double qk_ocr_read_symbols(TessResultIterator *ri, QkGlyphPage *gp, double sx, double sy,
                           double ox, double oy, PIX *bin, GArray *lines);
/* The most common size of glyphs (half points): the body text's. */
double qk_ocr_common_size(GArray *glyphs);
void qk_ocr_unify_sizes(GArray *glyphs);
void qk_ocr_mark_bold(GArray *glyphs, GArray *lines);

/* ocrplace.c: a line's glyphs from [from, len) placed and put right */
gboolean qk_ocr_spaced(gunichar c);
gboolean qk_ocr_is_han(gunichar c);
gboolean qk_ocr_is_quote(gunichar c);
/* whether the glyphs from from on open a quote they do not close */
gboolean qk_ocr_quote_open(const GArray *glyphs, guint from);
gboolean qk_ocr_bullet(gunichar c);
void qk_ocr_full_width_marks(GArray *glyphs, guint from);
void qk_ocr_doubled(GArray *glyphs, guint from);
void qk_ocr_bracketed_digits(GArray *glyphs, guint from);
void qk_ocr_close_gaps(GArray *glyphs, guint from);
void qk_ocr_place_word(GArray *glyphs, guint from, const float *conf, const double *at,
                       GArray *line_at, QkBox wb);
void qk_ocr_place_by_ink(GArray *glyphs, guint from, const double *at, guint nat, PIX *bin,
                         int l, int t, int r, int b, double sx, double ox);
void qk_ocr_leaders(GArray *glyphs, guint from);
void qk_ocr_dashes(GArray *glyphs, guint from, PIX *bin, int t, int b, double sx, double ox);
void qk_ocr_dash_runs(GArray *glyphs, guint from);
/* … and what the binarised image bin shows (boxes in its pixels) */
double qk_ocr_line_ink(PIX *bin, int l, int t, int r, int b);
gboolean qk_ocr_rule_ink(PIX *bin, int l, int t, int r, int b);
gunichar qk_ocr_solid_mark(PIX *bin, int l, int t, int r, int b, int em);
gunichar qk_ocr_hollow_mark(PIX *bin, int l, int t, int b, int em);
gboolean qk_ocr_column_ink(PIX *bin, int x, int t, int b);
gunichar qk_ocr_lead_mark(PIX *bin, int l, int r, int t, int b, int em, int *end);
gboolean qk_ocr_printed_quote(PIX *bin, int l, int r, int t, int b, int *used);

/* ocrgutter.c: a band of columns the page's reading ran together across
 * a narrow gutter read again column by column, gp and lines redone;
 * TRUE when it was */
gboolean qk_ocr_reread_gutters(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                               double sx, double sy, double ox, double oy);

/* ocrbands.c: the top and bottom bands read again (running heads,
 * folios) into gp */
void qk_ocr_read_bands(QkOcr *ocr, PIX *pix, QkGlyphPage *gp, double sx, double sy,
                       double ox, double oy);

/* ocrbands.c: the digits (at most three, NUL-ended in out) read in pix's
 * l..r × t..b, enlarged f times (res: pix's dpi), with api and up to modes
 * page segmentation modes, the surest reading kept; their count */
guint qk_ocr_folio_digits(TessBaseAPI *api, PIX *pix, int l, int t, int r, int b, double res,
                          double f, guint modes, char out[4]);

/* ocrreread.c: large type, bracketed page numbers and text the page's
 * reading dropped, read again alone */
void qk_ocr_reread_large(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                         double sx, double sy, double ox, double oy);
/* one piece x0..x1 of a line t..b (pixels of pix) read alone as a line
 * (an em of 28 pixels); its glyphs appended to out */
void qk_ocr_read_piece(QkOcr *ocr, PIX *pix, int x0, int x1, int t, int b, GArray *out,
                       double sx, double sy, double ox, double oy);
void qk_ocr_reread_brackets(QkOcr *ocr, PIX *pix, GArray *glyphs, double sx, double sy,
                            double ox, double oy);
/* the boxes of the blocks Tesseract's layout took for pictures and
 * rules, which only qk_ocr_reread_missed reads */
GArray *qk_ocr_picture_boxes(TessResultIterator *ri);
void qk_ocr_reread_missed(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                          GArray *pictures, double sx, double sy, double ox, double oy);

/* ocrdoubt.c: glyphs from..to, read from pix's l..r × t..b (pixels),
 * read again under other binarisations and scales when one of them is
 * doubtful; characters only change (see ocrdoubt.c) */
void qk_ocr_second_look(QkOcr *ocr, PIX *pix, int l, int t, int r, int b, GArray *glyphs,
                        guint from, guint to, double sx);
/* … for each line of the page's reading */
void qk_ocr_reread_doubtful(QkOcr *ocr, PIX *pix, QkGlyphPage *gp, GArray *lines, double sx);

/* ocrbyline.c: lines that look like bylines read again alone, their
 * marks (□, the slash of 文／) from the ink; lines' glyph ranges follow */
void qk_ocr_reread_bylines(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                           double sx, double sy, double ox, double oy);

/* ocrlayout.c: dot leaders found in the ink (bin, before recognition),
 * erased from the page image and put back as '.' glyphs */
typedef struct {
	int l, t, r, b;     /* the row of dots (pixels) */
	int dots;
} QkOcrLeader;
GArray *qk_ocr_find_leaders(PIX *bin, double sx);
void qk_ocr_erase_leaders(PIX *pix, const GArray *runs);
void qk_ocr_add_leaders(QkGlyphPage *gp, const GArray *runs, double sx, double sy, double ox,
                        double oy);
/* … and a line run across a gutter over two columns' rows: each piece
 * of its ink takes its own rows' height (han: its Han symbols' median
 * height, pixels) */
void qk_ocr_line_rows(GArray *glyphs, guint from, PIX *bin, int l, int t, int r, int b, int han,
                      double sx, double sy, double ox, double oy);/* … and a line Tesseract made of two rows of one column read again row
 * by row */
void qk_ocr_reread_rows(QkOcr *ocr, PIX *pix, PIX *bin, QkGlyphPage *gp, GArray *lines,
                        double sx, double sy, double ox, double oy);

/* ocrtables.c: the figures of the page's tables read again cell by
 * cell with eng (the page's tables found on gp, then let go) */
void qk_ocr_reread_tables(QkOcr *ocr, PopplerPage *page, PIX *pix, QkGlyphPage *gp,
                          GRecMutex *lock, double sx, double sy, double ox, double oy);

G_END_DECLS

#endif
