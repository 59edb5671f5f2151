/*
 * review.h — the review page: one self-contained HTML file that draws every
 * page of the PDF with what qikan found on it (block roles, reading order,
 * furniture, article outlines, tables), and a side panel with the TOC, the
 * articles, the tables and the warnings.
 */
#ifndef QK_REVIEW_H
#define QK_REVIEW_H

#include "model.h"

G_BEGIN_DECLS

typedef struct {
	const char *password;   /* for an encrypted PDF, may be NULL */
	double dpi;             /* page images' resolution; 0: QK_REVIEW_DPI */
	double render_secs;     /* out: time spent rendering the pages */
} QkReviewOptions;

/* Enough to read a page at a glance and keep a 30-page issue near 10 MB. */
#define QK_REVIEW_DPI 90.0

/* Writes the review page of issue (read from pdf) to html_path, atomically.
 * FALSE + a one-line error (not naming html_path) on failure. */
gboolean qk_review_write(const QkIssue *issue, const char *pdf,
                         const char *html_path, QkReviewOptions *opts,
                         GError **error);

/* The same page as a string (caller frees); used by qk_review_write. */
char *qk_review_html(const QkIssue *issue, const char *pdf,
                     QkReviewOptions *opts, gsize *len, GError **error);

G_END_DECLS

#endif
