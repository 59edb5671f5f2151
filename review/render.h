/* render.h — internal to review/: PDF pages as PNG images (Poppler + cairo). */
#ifndef QK_REVIEW_RENDER_H
#define QK_REVIEW_RENDER_H

#include <poppler.h>

G_BEGIN_DECLS

/* Page drawn on white at dpi, as PNG bytes; NULL + error on failure. */
GBytes *qk_review_render_png(PopplerPage *page, double dpi, GError **error);

G_END_DECLS

#endif
