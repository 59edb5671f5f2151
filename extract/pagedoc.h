/*
 * pagedoc.h — internal to extract: a page's objects read with Poppler's core
 * API (pagedoc.cc), for what must be known of a page before Poppler's GLib
 * API reads it: what its content would cost (pagecost.h) and how large its
 * images are; and its text as Poppler's GLib API gives it, read in one walk
 * instead of three. Not a public API.
 *
 * It parses the file with the same parser the reading threads' documents
 * use, so a page costs no second parser's view of it: qpdf, used for this
 * before, resolved every object of an object stream to read one (23 MB and
 * ~170 M instructions on a Chromium issue with Type 3 fonts) and had to be
 * loaded (with GnuTLS) by every issue.
 */
#ifndef QK_PAGEDOC_H
#define QK_PAGEDOC_H

#include <glib.h>
#include <poppler.h>

#include "pagecost.h"
#include "vector.h"

G_BEGIN_DECLS

typedef struct QkPageDoc QkPageDoc;

/* The PDF at path (password may be NULL); NULL when Poppler cannot open it.
 * One thread at a time. */
QkPageDoc *qk_page_doc_open(const char *path, const char *password);
void qk_page_doc_free(QkPageDoc *d);

/* The core document under doc, borrowed (it stays doc's): the pages are
 * read with the parser, object-stream cache and page tree doc has built
 * already, by doc's one thread. NULL where poppler-glib's private layout is
 * not known (another Poppler than the one meson checked for). */
QkPageDoc *qk_page_doc_borrow(PopplerDocument *doc);

/* Counts into cost what PDF page index (1-based) would cost Poppler: its
 * content streams, decoded a piece at a time by Poppler's own filters, and
 * the form XObjects its resources name. FALSE when the page cannot be read
 * (nothing is known then). */
gboolean qk_page_doc_cost(QkPageDoc *d, int index, QkPageCost *cost);

/* The image XObjects of page index (vector.h), none of them decoded. FALSE,
 * with *images zero, when the page cannot be read. */
gboolean qk_page_doc_images(QkPageDoc *d, int index, QkPageImages *images);

/* Appends the rule pieces of page index's vector drawing (vector.h's
 * qk_vector_rules, which this is). */
gboolean qk_page_doc_rules(QkPageDoc *d, int index, double width, double height,
                           GArray *hpieces, GArray *vpieces);

/* ---- a page's text, as poppler-glib gives it ---- */

/* A run of the text in one font, size, colour and underline: characters
 * start..end (inclusive) of the text, as PopplerTextAttributes. */
typedef struct {
	int start, end;
	const char *font;   /* its subset prefix (ABCDEF+) off; borrowed */
	double size;
	guint16 red, green, blue;
} QkTextRun;

/* What poppler_page_get_text, poppler_page_get_text_layout and
 * poppler_page_get_text_attributes return for a page, byte for byte. */
typedef struct {
	char *text;               /* UTF-8; the caller may take it (g_free) */
	gboolean layout;          /* what get_text_layout returned */
	PopplerRectangle *rects;  /* one per character of text */
	guint n_rects;
	QkTextRun *runs;          /* in order */
	guint n_runs;
	/* what the runs' font names are borrowed from: the TextPage read
	 * (core, C++) or the attributes poppler-glib returned */
	void *core;
	GList *attrs;
} QkPageText;

/* Reads page's text (one thread at a time per document, as poppler-glib)
 * in one walk over the words Poppler selects on the page, where the three
 * calls above make them three times from the TextPage they share
 * (getSelectionText, getSelectionWords twice: 20.0 M instructions on
 * magazine-2023-01's 28 pages). With the three calls where poppler-glib's
 * private layout is not known, or where Poppler would reorder right-to-left
 * text. Never NULL. */
QkPageText *qk_page_text_new(PopplerPage *page);
void qk_page_text_free(QkPageText *t);

G_END_DECLS

#endif
