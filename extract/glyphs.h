/*
 * glyphs.h — internal to the extract stage: the glyphs of one PDF page as
 * Poppler reports them, the shared input of layout (lines → blocks) and of
 * table detection. Not a public API.
 */
#ifndef QK_GLYPHS_H
#define QK_GLYPHS_H

#include <poppler.h>
#include "model.h"
#include "vector.h"

G_BEGIN_DECLS

typedef struct {
	gunichar ch;
	QkBox box;          /* top-left origin, points */
	double size;        /* font size */
	const char *font;   /* interned (g_intern_string): never freed */
	gboolean bold;
	guint32 color;      /* 0xRRGGBB */
	gboolean used;      /* consumed by a table (layout skips it) */
	gboolean space_after; /* Poppler saw a word space after this glyph */
	gunichar raw;       /* the text layer's code point when repair.c changed
	                     * it (摇 for a space, 鄄 for -), else 0 */
	guint8 conf;        /* read with OCR: Tesseract's confidence in the
	                     * symbol plus one (1–101); 0 otherwise */
} QkGlyph;

typedef struct {
	int index;          /* 1-based PDF page */
	double width, height;
	GArray *glyphs;     /* of QkGlyph, in content-stream order, overprints removed */
	char *text;         /* Poppler's page text as read (control characters
	                     * and all, maybe not valid UTF-8); NULL when none */
	GRecMutex *render_lock; /* held around rendering the page when set (pages
	                         * read on several threads), not owned */
	gboolean ocr;       /* the glyphs were read with OCR (ocr.c) */
} QkGlyphPage;

/* Reads the page's glyphs; overprinted duplicates (fake bold) are kept once. */
QkGlyphPage *qk_extract_glyphs(PopplerPage *page, int index);
void qk_glyph_page_free(QkGlyphPage *gp);

/* Finds ruled and unruled tables on a page; marks their glyphs used and
 * returns new QkTable objects (ids unset) — tables.c. Rules are read
 * through vec (may be NULL), else from a render of page (may be NULL: no
 * ruled tables then). */
GPtrArray *qk_extract_tables(QkVector *vec, PopplerPage *page, QkGlyphPage *gp);

G_END_DECLS

#endif
