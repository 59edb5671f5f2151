/*
 * vector.c — what is read of a page before and beside Poppler's GLib API:
 * its vector drawing for table rules, what its content would cost, the
 * size of its images. All of it through Poppler's core API (pagedoc.cc):
 * each reading thread through the core document under its own
 * PopplerDocument (qk_vector_borrow), or, where that cannot be reached,
 * through one document opened here that the threads share. A document of
 * its own cost a second parse of the file: its object streams and page
 * tree, ~130 M instructions of a 706 M run on an 11-page Chromium issue
 * whose object streams hold 440 KB of page and font dictionaries.
 *
 * Poppler's GLib API gives no access to paths, and rendering a page to
 * trace its rules loads and rasterises every font on it: most of the time
 * spent on a table page. The decoded content streams and resources are
 * read instead, and content.c reads them for straight lines without
 * touching a font.
 *
 * Page space must be exactly the one Poppler gives glyphs in (the crop box,
 * clipped to the media box, rotated, top-left origin): the page size is
 * checked against Poppler's, and a page that differs, or that cannot be
 * read, is left to the render tracer (rules.c).
 *
 * qpdf did this before: it resolved every object of an object stream to
 * read one (23 MB and ~170 M instructions on a Chromium issue whose page
 * dictionaries share object streams with Type 3 fonts), and loading it
 * and the GnuTLS it links cost every issue ~6 M instructions.
 */
#include "vector.h"
#include "pagedoc.h"

/* One per issue, shared by its reading threads: opened on first use, and
 * each call holds the lock (Poppler objects belong to one thread at a
 * time). A GRecMutex, as extract.c's render lock, for ThreadSanitizer's
 * sake. Or one per reading thread, borrowing its document (path NULL). */
struct QkVector {
	char *path, *password;  /* NULL: doc is borrowed */
	int npages;         /* Poppler's page count */
	QkPageDoc *doc;     /* NULL until first used */
	gboolean broken;    /* the document could not be opened */
	GRecMutex lock;
};

QkVector *qk_vector_new(const char *path, const char *password, int npages)
{
	QkVector *v = g_new0(QkVector, 1);
	v->path = g_strdup(path);
	v->password = g_strdup(password);
	v->npages = npages;
	g_rec_mutex_init(&v->lock);
	return v;
}

QkVector *qk_vector_borrow(PopplerDocument *doc, int npages)
{
	QkPageDoc *d = qk_page_doc_borrow(doc);
	if (!d)
		return NULL;
	QkVector *v = qk_vector_new(NULL, NULL, npages);
	v->doc = d;
	return v;
}

void qk_vector_free(QkVector *v)
{
	if (!v)
		return;
	qk_page_doc_free(v->doc);
	g_rec_mutex_clear(&v->lock);
	g_free(v->path);
	g_free(v->password);
	g_free(v);
}

/* Locks v and opens its document on first use; NULL (v still locked when
 * not NULL) when it cannot be read or index is not one of its pages. */
static QkPageDoc *lock_doc(QkVector *v, int index)
{
	if (!v)
		return NULL;
	g_rec_mutex_lock(&v->lock);
	if (!v->doc && !v->broken && v->path) {
		v->doc = qk_page_doc_open(v->path, v->password);
		v->broken = v->doc == NULL;
	}
	return index >= 1 && index <= v->npages ? v->doc : NULL;
}

static void unlock(QkVector *v)
{
	if (v)
		g_rec_mutex_unlock(&v->lock);
}

gboolean qk_vector_rules(QkVector *v, int index, double width, double height,
                         GArray *hpieces, GArray *vpieces)
{
	QkPageDoc *d = lock_doc(v, index);
	gboolean ok = d && qk_page_doc_rules(d, index, width, height, hpieces, vpieces);
	unlock(v);
	return ok;
}

gboolean qk_vector_page_cost(QkVector *v, int index, QkPageCost *cost)
{
	QkPageDoc *d = lock_doc(v, index);
	gboolean ok = d && qk_page_doc_cost(d, index, cost);
	unlock(v);
	return ok;
}

gboolean qk_vector_page_images(QkVector *v, int index, QkPageImages *images)
{
	*images = (QkPageImages){ 0, 0, 0 };
	QkPageDoc *d = lock_doc(v, index);
	gboolean ok = d && qk_page_doc_images(d, index, images);
	unlock(v);
	return ok;
}
