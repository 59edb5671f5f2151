/*
 * pagedoc.h — internal to extract: a page's objects read with Poppler's core
 * API (pagedoc.cc), for what must be known of a page before Poppler's GLib
 * API reads it: what its content would cost (pagecost.h) and how large its
 * images are. Not a public API.
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

G_END_DECLS

#endif
