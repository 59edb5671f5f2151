/*
 * ocr.h — internal to the extract stage: a page without a usable text layer
 * read with Tesseract, its symbols handed on as the page's glyphs (the same
 * QkGlyphPage glyphs.c makes from Poppler's text), so layout, tables and
 * structure go on as for a born-digital page. Not a public API.
 */
#ifndef QK_OCR_H
#define QK_OCR_H

#include "glyphs.h"
#include "extract.h"
#include "vector.h"

G_BEGIN_DECLS

/* A page whose mean symbol confidence is below this is a warning. */
#define QK_OCR_LOW_CONFIDENCE 70.0

/* One Tesseract engine: one thread at a time (one per reader thread). */
typedef struct QkOcr QkOcr;

/* Loads Tesseract and its language models (lang: "chi_sim+eng", NULL for
 * the default). NULL with error set when the library or a model is missing. */
QkOcr *qk_ocr_new(const char *lang, GError **error);
void qk_ocr_free(QkOcr *ocr);

/* Recognises page (1-based index): its one full-page image at its own
 * resolution, else a render at 300 dpi (under render_lock when set; less
 * on a page too large for that), cleaned (background levelled, deskewed)
 * first. images: what the page's images cost (vector.h), checked before
 * anything is decoded; NULL when unknown, and the page is not read then.
 * Returns its glyphs, in page points, with the resolution read (*dpi) and
 * the mean symbol confidence 0–100 (*confidence, 0 when no text was
 * found); NULL with error set when the page cannot be imaged:
 * QK_ERROR_LIMIT when it is too large to be. */
QkGlyphPage *qk_ocr_page(QkOcr *ocr, PopplerPage *page, int index,
                         const QkPageImages *images, GRecMutex *render_lock,
                         int *dpi, double *confidence, GError **error);

G_END_DECLS

#endif
