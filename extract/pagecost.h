/*
 * pagecost.h — internal to extract: what a page's content streams would
 * cost Poppler, counted before Poppler reads them (pagecost.c).
 *
 * Poppler keeps every glyph a page shows, and a few hundred bytes of
 * compressed content can show millions: a 611 KB file whose page inflates
 * to 200 MB of text operators took a process past 8 GB. The content is
 * decoded a piece at a time (pagedoc.cc) and its operators counted here,
 * and a page over a bound is left out (with a warning) before Poppler
 * sees it.
 */
#ifndef QK_PAGECOST_H
#define QK_PAGECOST_H

#include <glib.h>

G_BEGIN_DECLS

/* The bounds of one page. A dense newspaper page shows ~40 000 glyphs in
 * ~10 000 text operators from ~2 MB of content: each bound is 25 times
 * that or more. */
#define QK_PAGE_MAX_CONTENT (64u << 20)     /* decoded content bytes */
#define QK_PAGE_MAX_OPERATORS 2000000u      /* operators of any kind */
#define QK_PAGE_MAX_TEXT_OPS 500000u        /* Tj TJ ' " */
#define QK_PAGE_MAX_STRING_BYTES 2000000u   /* bytes of strings shown or passed */

typedef struct QkPageCost QkPageCost;

QkPageCost *qk_page_cost_new(void);
void qk_page_cost_free(QkPageCost *c);
/* A copy of c, counts and lexer state: to go back to when a stream is
 * counted again another way (qk_page_cost_restore). */
QkPageCost *qk_page_cost_copy(const QkPageCost *c);
/* Makes c what saved (a copy of it) was. */
void qk_page_cost_restore(QkPageCost *c, const QkPageCost *saved);

/* Counts decoded content: one stream's data in order, a piece at a time
 * (a token may span two pieces). FALSE once the page is over a bound. */
gboolean qk_page_cost_piece(QkPageCost *c, const guint8 *data, gsize len);
/* The same for the last piece of a stream (data may be NULL, len 0): a
 * stream's end ends a token. Streams of one page one after the other. */
gboolean qk_page_cost_feed(QkPageCost *c, const guint8 *data, gsize len);

/* Which bound the page went over ("more than 500000 text operators"), or
 * NULL while it is within every bound. Owned by c. */
const char *qk_page_cost_over(const QkPageCost *c);

G_END_DECLS

#endif
