/*
 * vector.h — internal to table detection: a document's vector drawing read
 * with Poppler's core API (vector.c, pagedoc.cc). Not a public API.
 */
#ifndef QK_VECTOR_H
#define QK_VECTOR_H

#include <glib.h>
#include <poppler.h>

G_BEGIN_DECLS

/* A PDF's drawing, opened on first use; its reading threads share it (each
 * call takes a lock). */
typedef struct QkVector QkVector;

/* For the PDF at path (password may be NULL) that Poppler reads as npages
 * pages. Cheap: nothing is read until qk_vector_rules is called. */
QkVector *qk_vector_new(const char *path, const char *password, int npages);
void qk_vector_free(QkVector *v);

/* The drawing of the PDF that doc (open, with npages pages) reads, through
 * doc's own core document (qk_page_doc_borrow): for doc's thread alone,
 * and freed before doc. NULL when that document cannot be borrowed (the
 * caller then reads through a QkVector of its own, qk_vector_new). */
QkVector *qk_vector_borrow(PopplerDocument *doc, int npages);

/* Appends the rule pieces (QkRule, unmerged) that PDF page index (1-based)
 * draws, in the page space of a width × height page as Poppler reports it.
 * FALSE, with nothing appended, when the page cannot be read this way (the
 * fails, or its page geometry disagrees with Poppler's). */
gboolean qk_vector_rules(QkVector *v, int index, double width, double height,
                         GArray *hpieces, GArray *vpieces);

/* Counts into cost what PDF page index (1-based) would cost Poppler: its
 * content streams and the form XObjects it names (pagecost.h). FALSE when
 * the page cannot be read (nothing is known then). */
struct QkPageCost;
gboolean qk_vector_page_cost(QkVector *v, int index, struct QkPageCost *cost);

/* What the images a page names would cost to decode: counted from their
 * dictionaries (/Width, /Height), none of them decoded. */
typedef struct {
	double largest;   /* pixels of the largest image */
	double total;     /* pixels of all of them, each object once */
	int count;
} QkPageImages;

/* The image XObjects of PDF page index (1-based): those of its resources
 * and of the forms they name, followed down. FALSE, with *images zero,
 * when the page cannot be read. Inline images (BI … EI in the content)
 * are not counted. */
gboolean qk_vector_page_images(QkVector *v, int index, QkPageImages *images);

G_END_DECLS

#endif
