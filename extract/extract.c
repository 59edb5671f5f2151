/*
 * extract.c — the extract stage driver.
 *
 * First pass, per page: glyphs → tables (their glyphs set aside) → lines →
 * furniture lines by pattern. Then, per issue, tables continued across
 * pages are merged (a line a part took for its title and the merge drops
 * goes back to its page), lines repeated in the page heads and feet are
 * furniture too, and the issue's column grid is measured
 * (frames.c). Second pass, per page: lines parted at the grid's gutters →
 * reading order →
 * blocks. Then per issue: page labels and block roles (relative to the
 * issue's body size). The issue's structure is the next stage's work.
 *
 * The first pass is independent per page and runs on several threads: each
 * has its own Poppler document (Poppler objects are not shared between
 * threads, but for the fonts Poppler makes, which text output only reads:
 * fontcache.h), patterns and garbled-text checker, takes the next page not yet
 * taken, and files what it finds (the page, its warnings, its glyph sizes)
 * in that page's own slot. The slots are merged in page order, so the
 * output does not depend on the number of threads.
 */
#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "extract.h"
#include "open.h"
#include "layout.h"
#include "error.h"
#include "fileio.h"
#include "garbled.h"
#include "repair.h"
#include "tables.h"
#include "pagecost.h"
#include "vector.h"
#include "fontcache.h"
#include "ocr.h"
#include "parallel.h"

#define QK_MAX_THREADS 64

/* A page between the two passes. */
typedef struct {
	QkPage *page;
	GPtrArray *lines;   /* of QkLLine, tables as pseudo-lines */
	GPtrArray *tables;  /* of QkTable, still owned here */
	GPtrArray *held;    /* of QkLLine: the lines of the tables' titles,
	                     * until the tables are merged; NULL when none */
	double body;        /* the page's most common size */
	const QkFrames *frames; /* the issue's column grid, not owned */
} PageWork;

/* Most common glyph size (tenths of a point), weighted by glyph count.
 * Glyphs come in runs of one size: a run is counted at once (a hash
 * look-up and insert per glyph were 2% of a large issue's instructions). */
static void count_sizes(GHashTable *hist, const QkGlyphPage *gp)
{
	const QkGlyph *gs = (const QkGlyph *)gp->glyphs->data;
	for (guint i = 0, j; i < gp->glyphs->len; i = j) {
		for (j = i + 1; j < gp->glyphs->len && gs[j].size == gs[i].size; j++)
			;
		gpointer k = GINT_TO_POINTER((int)lround(gs[i].size * 10) + 1);
		g_hash_table_insert(hist, k, GINT_TO_POINTER(GPOINTER_TO_INT(
			g_hash_table_lookup(hist, k)) + (int)(j - i)));
	}
}

/* Adds histogram from into into. */
static void add_sizes(GHashTable *into, GHashTable *from)
{
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, from);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(into, k, GINT_TO_POINTER(GPOINTER_TO_INT(
			g_hash_table_lookup(into, k)) + GPOINTER_TO_INT(v)));
}

static double mode_size(GHashTable *hist)
{
	GHashTableIter it;
	gpointer k, v;
	int best = 0;
	double size = 0;
	g_hash_table_iter_init(&it, hist);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		int c = GPOINTER_TO_INT(v);
		double s = (GPOINTER_TO_INT(k) - 1) / 10.0;
		if (c > best || (c == best && s < size)) {
			best = c;
			size = s;
		}
	}
	return size;
}

static void hash_file(QkIssue *issue, const char *path)
{
	issue->source_sha256 = qk_file_sha256(path, NULL);
}

/* Documents left for the process's exit (QkExtractOptions.exit_after):
 * held here, so that they stay reachable for leak checkers. The reading
 * threads add theirs: a GRecMutex, as the render lock, for ThreadSanitizer. */
static GPtrArray *left_for_exit;
static GRecMutex left_lock;

static void leave_for_exit(gpointer object)
{
	g_rec_mutex_lock(&left_lock);
	if (!left_for_exit)
		left_for_exit = g_ptr_array_new();
	g_ptr_array_add(left_for_exit, object);
	g_rec_mutex_unlock(&left_lock);
}

/* Documents of an issue of more pages than this are freed after the first
 * pass even with exit_after: their caches grow with the pages read
 * (Poppler's page tree ~2 KB a page per reading thread and per document,
 * the drawing's document of pagedoc.cc included), and what the later
 * passes build for a large issue outgrows the reading's peak, so kept
 * documents raised the run's peak by their whole size. Freeing them costs
 * well under 1% of such an issue's instructions. */
#define QK_KEEP_DOCUMENTS_PAGES 100

static gboolean keep_for_exit(const QkExtractOptions *opts, int n)
{
	return opts && opts->exit_after && n <= QK_KEEP_DOCUMENTS_PAGES;
}

static void drop_document(PopplerDocument *doc, const QkExtractOptions *opts, int n)
{
	if (keep_for_exit(opts, n))
		leave_for_exit(doc);
	else
		g_object_unref(doc);
}

static void drop_vector(QkVector *v, const QkExtractOptions *opts, int n)
{
	if (keep_for_exit(opts, n))
		leave_for_exit(v);
	else
		qk_vector_free(v);
}

/* What one thread needs to read pages: none of it is shared but the
 * run's fonts, vector and render lock. */
typedef struct {
	PopplerDocument *doc;
	QkFontCache *fonts;       /* the file's fonts, made once: the run's,
	                           * shared by its readers (fontcache.h) */
	QkPatterns *pats;
	QkGarbled *garbled;
	const QkRepairs *repairs; /* read-only, the first pass's (FirstPass) */
	QkVector *vector;         /* the document's drawing: own_vector, or the
	                           * run's, shared */
	QkVector *own_vector;     /* doc's own, borrowed from it (vector.h);
	                           * NULL when it cannot be */
	GRecMutex *render_lock;   /* the run's, when several threads read */
	QkOcrMode ocr_mode;
	const char *ocr_lang;
	QkOcr *ocr;               /* loaded on the first OCR page */
	GError *ocr_error;        /* why OCR could not be loaded */
} Reader;

/* Why page index would cost too much to read (owned by the caller), or
 * NULL: counted from its content before Poppler keeps its glyphs. */
static char *page_too_costly(Reader *rd, int index)
{
	QkPageCost *cost = qk_page_cost_new();
	qk_vector_page_cost(rd->vector, index, cost);
	char *why = g_strdup(qk_page_cost_over(cost));
	qk_page_cost_free(cost);
	return why;
}

/* The page's glyphs read with OCR in place of gp's; gp itself when OCR
 * is unavailable or fails (a warning). */
static QkGlyphPage *ocr_glyphs(QkIssue *notes, QkPage *page, PopplerPage *pp,
                               Reader *rd, QkGlyphPage *gp)
{
	if (!rd->ocr && !rd->ocr_error)
		rd->ocr = qk_ocr_new(rd->ocr_lang, &rd->ocr_error);
	GError *err = NULL;
	int dpi;
	double conf;
	QkPageImages images;
	gboolean measured = qk_vector_page_images(rd->vector, page->index, &images);
	qk_font_cache_pause();   /* it renders the page */
	QkGlyphPage *og = rd->ocr ? qk_ocr_page(rd->ocr, pp, page->index, measured ? &images : NULL,
	                                        rd->render_lock, &dpi, &conf, &err) : NULL;
	qk_font_cache_resume();
	if (!og) {
		if (g_error_matches(err, QK_ERROR, QK_ERROR_LIMIT))
			qk_issue_warn(notes, "page-too-large", page->index, "%s", err->message);
		else
			qk_issue_warn(notes, "ocr-failed", page->index, "page %d not read with OCR: %s",
			              page->index, err ? err->message : rd->ocr_error->message);
		g_clear_error(&err);
		return gp;
	}
	og->render_lock = gp->render_lock;
	qk_glyph_page_free(gp);
	page->ocr_dpi = dpi;
	page->ocr_confidence = conf;
	page->garbled = FALSE;   /* the text is the OCR's now */
	if (og->glyphs->len && conf < QK_OCR_LOW_CONFIDENCE)
		qk_issue_warn(notes, "ocr-low-confidence", page->index,
		              "page %d read with OCR at %d dpi with a mean confidence of %.0f%%",
		              page->index, dpi, conf);
	return og;
}

/* The lines of the tables' titles, read as the page's other lines are
 * (the title's glyphs alone unused meanwhile): a title the table drops
 * when merged with the part before it goes back to the page as these
 * lines. NULL when no table has a title. */
static GPtrArray *title_lines(QkGlyphPage *gp, GPtrArray *tables, const GArray *rules)
{
	gboolean any = FALSE;
	for (guint t = 0; t < tables->len && !any; t++)
		any = ((QkTable *)g_ptr_array_index(tables, t))->title != NULL;
	if (!any)
		return NULL;
	GArray *glyphs = gp->glyphs;
	gboolean *was = g_new(gboolean, glyphs->len);
	for (guint i = 0; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		double cx = (g->box.x0 + g->box.x1) / 2, cy = (g->box.y0 + g->box.y1) / 2;
		gboolean title = FALSE;
		for (guint t = 0; t < tables->len && g->used && !title; t++) {
			const QkTable *tab = g_ptr_array_index(tables, t);
			const QkBox *b = &tab->title_box;
			title = tab->title && cx >= b->x0 && cx <= b->x1 && cy >= b->y0 &&
			        cy <= b->y1;
		}
		was[i] = g->used;
		g->used = !title;
	}
	GPtrArray *lines = qk_layout_lines(gp, rules);
	for (guint i = 0; i < glyphs->len; i++)
		g_array_index(glyphs, QkGlyph, i).used = was[i];
	g_free(was);
	return lines;
}

/* First pass over a page: its lines (tables set aside as pseudo-lines),
 * furniture found by pattern. NULL for a page without text. The page and
 * its warnings go to notes, its glyph sizes to sizes. */
static PageWork *extract_page(QkIssue *notes, PopplerPage *pp, int index,
                              Reader *rd, GHashTable *sizes)
{
	char *costly = page_too_costly(rd, index);
	if (costly) {   /* kept, empty, with the reason */
		double w, h;
		poppler_page_get_size(pp, &w, &h);
		g_ptr_array_add(notes->pages, qk_page_new(index, w, h));
		qk_issue_warn(notes, "page-too-large", index,
		              "page %d left out: %s", index, costly);
		g_free(costly);
		return NULL;
	}
	QkGlyphPage *gp = qk_extract_glyphs(pp, index);
	gp->render_lock = rd->render_lock;
	char *repairs = NULL;
	if (qk_repair_glyphs(rd->repairs, gp, &repairs) > 0)
		qk_issue_warn(notes, "glyphs-repaired", index,
		              "Han code points drawn by Latin or symbol fonts repaired (%s)",
		              repairs);
	g_free(repairs);
	QkPage *page = qk_page_new(index, gp->width, gp->height);
	g_ptr_array_add(notes->pages, page);
	/* before the empty-page test: a page of junk may have no glyphs left */
	gboolean garbled = qk_extract_check_garbled(rd->garbled, notes, gp->text, index);
	page->garbled = garbled;
	if (gp->glyphs->len == 0 && !garbled) {
		qk_font_cache_pause();   /* a cairo device draws the page */
		GList *images = poppler_page_get_image_mapping(pp);
		qk_font_cache_resume();
		page->scanned = images != NULL;
		poppler_page_free_image_mapping(images);
	}
	if (rd->ocr_mode == QK_OCR_FORCE || (rd->ocr_mode == QK_OCR_AUTO && page->scanned))
		gp = ocr_glyphs(notes, page, pp, rd, gp);

	if (gp->glyphs->len == 0) {
		if (page->scanned)
			qk_issue_warn(notes, "no-text-layer", index, page->ocr_dpi
			              ? "page %d has images but no text layer, and OCR found no text"
			              : "page %d has images but no text layer (scanned?)", index);
		qk_glyph_page_free(gp);
		return NULL;
	}
	count_sizes(sizes, gp);
	double body = mode_size(sizes);

	GPtrArray *tables = qk_extract_tables(rd->vector, pp, gp);
	qk_layout_page_rules(rd->vector, gp, tables, body, page->rules);
	GPtrArray *held = title_lines(gp, tables, page->rules);
	GPtrArray *lines = qk_layout_lines(gp, page->rules);
	/* each table takes part in the reading order as one pseudo-line */
	for (guint t = 0; t < tables->len; t++) {
		QkTable *tab = g_ptr_array_index(tables, t);
		QkLLine *l = g_new0(QkLLine, 1);
		l->text = g_string_new(NULL);
		l->bbox = tab->bbox;
		l->x0_core = tab->bbox.x0;
		l->x1_core = tab->bbox.x1;
		l->size = body;
		l->yc = (tab->bbox.y0 + tab->bbox.y1) / 2;
		l->table = (int)t;
		l->leaf = l->column = -1;
		g_ptr_array_add(lines, l);
	}
	qk_layout_line_furniture(lines, page->height, rd->pats);
	qk_glyph_page_free(gp);

	PageWork *w = g_new0(PageWork, 1);
	w->page = page;
	w->lines = lines;
	w->tables = tables;
	w->held = held;
	w->body = body > 0 ? body : 10;
	return w;
}

/* Second pass over a page, once the issue's repeated furniture is known:
 * reading order and blocks. Pages are independent here too. */
/* What the second pass's threads share. */
typedef struct {
	double body;            /* the issue's body size */
	QkPatterns **pats;      /* one per thread slot */
} LayoutPass;

static void layout_page(gpointer item, gpointer data, int slot)
{
	LayoutPass *lp = data;
	PageWork *w = item;
	QkPage *page = w->page;
	qk_layout_frames_split(w->frames, page->index, w->lines);
	GPtrArray *body_lines = g_ptr_array_new(), *furn = g_ptr_array_new();
	for (guint i = 0; i < w->lines->len; i++) {
		QkLLine *l = g_ptr_array_index(w->lines, i);
		g_ptr_array_add(l->furniture ? furn : body_lines, l);
	}
	/* the slot's patterns: a pattern's match data and JIT counter are
	 * not to be shared between threads (ThreadSanitizer saw the issue's
	 * patterns used by every thread here) */
	qk_layout_order(body_lines, w->body, lp->pats[slot], page->rules);
	qk_layout_blocks(page, body_lines, furn, w->body);
	qk_layout_number_blocks(page);
	qk_layout_page_roles(page, lp->body, lp->pats[slot]);
	g_ptr_array_free(body_lines, TRUE);
	g_ptr_array_free(furn, TRUE);
	/* the blocks hold copies: the page's working lines go now, not with
	 * the last page (a 2,000-page issue's lines are ~25 MB) */
	g_clear_pointer(&w->lines, g_ptr_array_unref);
}

/* Hands a page's tables to the issue, ids in page order. */
static void hand_tables(QkIssue *issue, PageWork *w)
{
	g_ptr_array_set_free_func(w->tables, NULL);
	for (guint t = 0; t < w->tables->len; t++) {
		QkTable *tab = g_ptr_array_index(w->tables, t);
		g_free(tab->id);
		tab->id = g_strdup_printf("t%u", issue->tables->len + 1);
		tab->page = w->page->index;
		if (tab->last_page < w->page->index)
			tab->last_page = w->page->index;
		g_ptr_array_add(issue->tables, tab);
	}
	g_ptr_array_set_size(w->tables, 0);
}

/* Puts l among the page's lines in their order (top to bottom, then left
 * to right; the tables' pseudo-lines last). */
static void insert_line(GPtrArray *lines, QkLLine *l)
{
	guint j = 0;
	for (; j < lines->len; j++) {
		const QkLLine *o = g_ptr_array_index(lines, j);
		if (o->table >= 0 || o->yc > l->yc || (o->yc == l->yc && o->bbox.x0 > l->bbox.x0))
			break;
	}
	g_ptr_array_insert(lines, (gint)j, l);
}

/* The lines of the titles the merge dropped go back to their pages, as
 * lines the page's furniture test has seen (a running head there); the
 * other titles' lines are done with. */
static void give_back_titles(GPtrArray *works, GArray *dropped, QkPatterns *pats)
{
	for (guint i = 0; i < works->len; i++) {
		PageWork *w = g_ptr_array_index(works, i);
		if (!w->held)
			continue;
		GPtrArray *back = g_ptr_array_new();
		for (guint d = 0; d < dropped->len; d++) {
			const QkDroppedTitle *t = &g_array_index(dropped, QkDroppedTitle, d);
			for (guint k = 0; t->page == w->page->index && k < w->held->len; k++) {
				QkLLine *l = g_ptr_array_index(w->held, k);
				double cx = l ? (l->bbox.x0 + l->bbox.x1) / 2 : NAN;
				if (l && cx >= t->box.x0 && cx <= t->box.x1 &&
				    l->yc >= t->box.y0 && l->yc <= t->box.y1) {
					g_ptr_array_add(back, l);
					g_ptr_array_index(w->held, k) = NULL;
				}
			}
		}
		qk_layout_line_furniture(back, w->page->height, pats);
		for (guint k = 0; k < back->len; k++)
			insert_line(w->lines, g_ptr_array_index(back, k));
		g_ptr_array_free(back, TRUE);
		g_clear_pointer(&w->held, g_ptr_array_unref);
	}
}

static void page_work_free(PageWork *w)
{
	if (!w)
		return;
	if (w->lines)
		g_ptr_array_unref(w->lines);
	g_ptr_array_unref(w->tables);
	if (w->held)
		g_ptr_array_unref(w->held);
	g_free(w);
}

/* One page's slot: what its first pass found, merged in page order. */
typedef struct {
	QkIssue *notes;     /* pages: the page; warnings: the page's */
	PageWork *work;     /* NULL for a page without text */
	GHashTable *sizes;  /* glyph size histogram */
} PageOut;

/* The first pass over all pages, shared by its threads. */
typedef struct {
	const char *path, *password;
	const QkExtractOptions *opts;  /* OCR and progress; may be NULL */
	/* The helpers start before this thread opens the document and open
	 * theirs meanwhile (a Chromium issue's opening is 35 M instructions);
	 * they take pages once n, out and vector are set and published is 1
	 * (n 0 when there is nothing to read). */
	GMutex gate_lock;
	GCond gate;
	gint published;     /* atomic, under gate_lock */
	int n;
	PageOut *out;       /* n slots; slot i is written by whoever takes page i */
	gint next;          /* the next page to take (atomic) */
	gint read, ocr_read; /* pages read, of them by OCR (atomic) */
	gint ready, finished; /* before and after the readers (see qk_parallel_for) */
	gint tail;          /* opts->tail called (atomic) */
	/* Renders are serialized: cairo and Poppler's cairo output share state
	 * between documents (ThreadSanitizer saw concurrent renders race). A
	 * GRecMutex, never taken recursively, because it is built on pthreads
	 * (GMutex uses bare futexes on Linux) and ThreadSanitizer can see it. */
	GRecMutex render_lock;
	QkVector *vector;   /* Poppler's core view, opened once for all readers */
	QkFontCache *fonts; /* the readers' fonts, made once for all */
	/* the glyph repairs, made by the first reader to start and read by
	 * all: each made its own (0.86 M instructions, half of it GB18030
	 * conversions) */
	GMutex repairs_lock;
	gint repairs_made;       /* atomic */
	QkRepairs *repairs;
	GError *repairs_error;
	/* the helpers' documents, closed once the fonts are freed (a font
	 * one made may be in use on another thread until then) */
	PopplerDocument *docs[QK_MAX_THREADS];
	gint ndocs;         /* atomic */
	/* the readers' patterns, kept for the second pass: slot 0 is this
	 * thread's, the helpers' follow in the order they finish (atomic) */
	QkPatterns *pats[QK_MAX_THREADS];
	gint slots;
} FirstPass;

/* The first pass's glyph repairs, made on first use. */
static const QkRepairs *shared_repairs(FirstPass *fp, GError **error)
{
	g_mutex_lock(&fp->repairs_lock);
	/* made known with an atomic too (as patterns.c): ThreadSanitizer does
	 * not see GLib's futex lock, and the helpers now meet here first */
	if (!g_atomic_int_get(&fp->repairs_made)) {
		fp->repairs = qk_repairs_new(NULL, &fp->repairs_error);
		g_atomic_int_set(&fp->repairs_made, TRUE);
	}
	const QkRepairs *r = fp->repairs;
	if (!r && error)
		*error = g_error_copy(fp->repairs_error);
	g_mutex_unlock(&fp->repairs_lock);
	return r;
}

static gboolean reader_init(Reader *rd, PopplerDocument *doc, FirstPass *fp,
                            GError **error)
{
	rd->doc = doc;
	rd->fonts = fp->fonts;
	rd->render_lock = NULL;
	rd->vector = NULL;   /* set once published */
	rd->own_vector = qk_vector_borrow(doc, poppler_document_get_n_pages(doc));
	rd->pats = qk_patterns_new(error);
	rd->repairs = rd->pats ? shared_repairs(fp, error) : NULL;
	rd->garbled = rd->repairs ? qk_extract_garbled_new() : NULL;
	rd->ocr_mode = fp->opts ? fp->opts->ocr : QK_OCR_AUTO;
	rd->ocr_lang = fp->opts ? fp->opts->ocr_lang : NULL;
	rd->ocr = NULL;
	rd->ocr_error = NULL;
	return rd->repairs != NULL;
}

/* Before the reader's document is closed. */
static void reader_clear(Reader *rd)
{
	qk_vector_free(rd->own_vector);
	qk_patterns_free(rd->pats);
	qk_extract_garbled_free(rd->garbled);
	qk_ocr_free(rd->ocr);
	g_clear_error(&rd->ocr_error);
}

/* The caller's work beside the reading (QkExtractOptions.tail), started
 * once, by the first thread with no page left to take. */
static void start_tail(FirstPass *fp)
{
	if (fp->n > 0 && fp->opts && fp->opts->tail &&
	    g_atomic_int_compare_and_exchange(&fp->tail, 0, 1))
		fp->opts->tail(fp->n, fp->opts->tail_data);
}

/* Takes pages until none is left. */
static void read_pages(FirstPass *fp, Reader *rd)
{
	qk_font_cache_enter(rd->fonts);
	for (;;) {
		int i = g_atomic_int_add(&fp->next, 1);
		if (i >= fp->n)
			break;
		PageOut *o = &fp->out[i];
		o->notes = qk_issue_new();
		o->sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
		PopplerPage *pp = poppler_document_get_page(rd->doc, i);
		if (!pp) {
			qk_issue_warn(o->notes, "page-unreadable", i + 1, "page %d cannot be read", i + 1);
			g_ptr_array_add(o->notes->pages, qk_page_new(i + 1, 0, 0));
			continue;
		}
		o->work = extract_page(o->notes, pp, i + 1, rd, o->sizes);
		g_object_unref(pp);
		QkPage *page = g_ptr_array_index(o->notes->pages, 0);
		int ocr = page->ocr_dpi ? g_atomic_int_add(&fp->ocr_read, 1) + 1
		                        : g_atomic_int_get(&fp->ocr_read);
		int read = g_atomic_int_add(&fp->read, 1) + 1;
		if (page->ocr_dpi && fp->opts && fp->opts->progress)
			fp->opts->progress(ocr, read, fp->n, fp->opts->progress_data);
	}
	qk_font_cache_leave();
	start_tail(fp);
	g_atomic_int_inc(&fp->finished);
}

/* Once every reader is done: the repairs and fonts, then the helpers'
 * documents. */
static void close_helper_documents(FirstPass *fp)
{
	qk_repairs_free(fp->repairs);
	fp->repairs = NULL;
	g_clear_error(&fp->repairs_error);
	g_mutex_clear(&fp->repairs_lock);
	qk_font_cache_free(fp->fonts);
	fp->fonts = NULL;
	int n = g_atomic_int_get(&fp->ndocs);
	for (int i = 0; i < n; i++)
		drop_document(fp->docs[i], fp->opts, fp->n);
}

/* Publishes the page count, the slots and the drawing to the helpers. */
static void publish(FirstPass *fp)
{
	g_mutex_lock(&fp->gate_lock);
	g_atomic_int_set(&fp->published, 1);   /* ThreadSanitizer sees this one */
	g_cond_broadcast(&fp->gate);
	g_mutex_unlock(&fp->gate_lock);
}

static void wait_published(FirstPass *fp)
{
	g_mutex_lock(&fp->gate_lock);
	while (!g_atomic_int_get(&fp->published))
		g_cond_wait(&fp->gate, &fp->gate_lock);
	g_mutex_unlock(&fp->gate_lock);
}

static void warm_up(void);

/* A helper thread of the first pass: the layout patterns (compiled once
 * per process) and the issue's glyph repairs made first, while the calling
 * thread opens its document, which then finds them made, on one page as on
 * many (it made them after its opening, 1.9 M instructions before reading
 * a page); then its own document. One that cannot open it takes no pages,
 * and the others read them; one of a one-page document sets up nothing
 * more. What fails here fails again, and is told, in the calling thread. */
static gpointer reader_thread(gpointer data)
{
	FirstPass *fp = data;
	(void)g_atomic_int_get(&fp->ready);   /* see qk_parallel_for */
	QkPatterns *made = qk_patterns_new(NULL);
	if (made)
		(void)shared_repairs(fp, NULL);
	qk_patterns_free(made);
	PopplerDocument *doc = qk_extract_open(fp->path, fp->password, NULL);
	Reader rd;
	gboolean ready = doc && poppler_document_get_n_pages(doc) > 1;
	if (ready) {
		warm_up();
		ready = reader_init(&rd, doc, fp, NULL);
		if (!ready)
			reader_clear(&rd);
	}
	wait_published(fp);
	if (ready) {
		rd.vector = rd.own_vector ? rd.own_vector : fp->vector;
		rd.render_lock = &fp->render_lock;
		read_pages(fp, &rd);
		/* for the second pass's thread of the same slot */
		fp->pats[g_atomic_int_add(&fp->slots, 1)] = rd.pats;
		rd.pats = NULL;
		reader_clear(&rd);
	} else {
		/* a one-page document's helper takes no page: the work beside
		 * the reading starts now, beside this one page, not after it */
		start_tail(fp);
	}
	if (doc)   /* closed by the calling thread, after the fonts */
		fp->docs[g_atomic_int_add(&fp->ndocs, 1)] = doc;
	return NULL;
}

typedef struct {
	QkIssue *issue;
	const char *path;
} HashJob;

static gpointer hash_thread(gpointer data)
{
	HashJob *job = data;
	hash_file(job->issue, job->path);
	return NULL;
}

/* Poppler 22.12 creates its shared colour profiles (GfxState's sRGB and
 * XYZ profiles) on first use without a lock: two threads reading their
 * first pages at once can both assign them (ThreadSanitizer saw it). Text
 * extraction from a one-page PDF, once, on this thread before any other
 * reads, makes them exist; it costs well under a millisecond. */
static gpointer warm_up_poppler(gpointer data)
{
	(void)data;
	GString *pdf = g_string_new("%PDF-1.4\n");
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>",
		"<< /Length 0 >>\nstream\n\nendstream",
	};
	gsize offsets[G_N_ELEMENTS(objs)];
	for (gsize i = 0; i < G_N_ELEMENTS(objs); i++) {
		offsets[i] = pdf->len;
		g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	gsize xref = pdf->len;
	g_string_append_printf(pdf, "xref\n0 %zu\n0000000000 65535 f \n", G_N_ELEMENTS(objs) + 1);
	for (gsize i = 0; i < G_N_ELEMENTS(objs); i++)
		g_string_append_printf(pdf, "%010zu 00000 n \n", offsets[i]);
	g_string_append_printf(pdf, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	                       G_N_ELEMENTS(objs) + 1, xref);
	GBytes *bytes = g_string_free_to_bytes(pdf);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	PopplerPage *page = doc ? poppler_document_get_page(doc, 0) : NULL;
	if (page)
		g_free(poppler_page_get_text(page));
	if (page)
		g_object_unref(page);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	return NULL;
}

/* Before any two threads read pages (whichever comes first). */
static void warm_up(void)
{
	static GOnce warm = G_ONCE_INIT;
	g_once(&warm, warm_up_poppler, NULL);
}

/* Hands the pages malloc holds free back to the system: the readers'
 * glyph pages are gone, and the helper threads' arenas would otherwise stay
 * resident (and count in the peak) for the rest of the run. */
static void release_free_memory(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* Opens path for the first pass: its page count in *n, checked. */
static PopplerDocument *open_first(const char *path, const QkExtractOptions *opts, int *n,
                                   GError **error)
{
	PopplerDocument *doc = qk_extract_open(path, opts ? opts->password : NULL, error);
	if (!doc)
		return NULL;
	*n = poppler_document_get_n_pages(doc);
	int max = opts && opts->max_pages > 0 ? opts->max_pages : QK_EXTRACT_MAX_PAGES;
	if (*n <= 0)  /* Poppler gives up on a page tree it cannot trust */
		g_set_error(error, QK_ERROR, QK_ERROR_NOT_PDF,
		            "damaged PDF: no readable pages (broken page tree)");
	else if (*n > max)
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "%d pages, more than the limit of %d", *n, max);
	else
		return doc;
	g_object_unref(doc);
	return NULL;
}

QkIssue *qk_extract_pdf(const char *path, const QkExtractOptions *opts, GError **error)
{
	const char *password = opts ? opts->password : NULL;
	FirstPass fp = { .path = path, .password = password, .opts = opts, .slots = 1 };
	g_mutex_init(&fp.gate_lock);
	g_cond_init(&fp.gate);
	g_rec_mutex_init(&fp.render_lock);
	g_mutex_init(&fp.repairs_lock);
	int threads = opts && opts->threads > 0 ? opts->threads : (int)g_get_num_processors();
	threads = CLAMP(threads, 1, QK_MAX_THREADS);
	/* helper threads, opening their documents beside this one (none when
	 * they cannot be started: this thread then reads every page) */
	fp.fonts = qk_font_cache_new();
	GPtrArray *helpers = NULL;
	if (threads > 1) {
		g_atomic_int_set(&fp.ready, 1);   /* see qk_parallel_for */
		helpers = qk_threads_start("qk-extract", reader_thread, &fp, threads - 1);
	}
	int n = 0;
	PopplerDocument *doc = open_first(path, opts, &n, error);
	if (doc) {   /* else the helpers take no page */
		fp.n = n;
		fp.out = g_new0(PageOut, n);
		fp.vector = qk_vector_new(path, password, n);
	}
	publish(&fp);
	Reader rd;
	if (doc && !reader_init(&rd, doc, &fp, error)) {
		reader_clear(&rd);
		g_clear_object(&doc);
	}
	if (!doc) {
		if (helpers)
			qk_threads_join(helpers);
		for (int t = 1; t < QK_MAX_THREADS; t++)
			qk_patterns_free(fp.pats[t]);
		for (int i = 0; i < fp.n; i++) {   /* what the helpers read */
			qk_issue_free(fp.out[i].notes);
			if (fp.out[i].sizes)
				g_hash_table_destroy(fp.out[i].sizes);
			page_work_free(fp.out[i].work);
		}
		g_free(fp.out);
		qk_vector_free(fp.vector);
		close_helper_documents(&fp);
		g_rec_mutex_clear(&fp.render_lock);
		g_cond_clear(&fp.gate);
		g_mutex_clear(&fp.gate_lock);
		return NULL;
	}
	rd.vector = rd.own_vector ? rd.own_vector : fp.vector;
	threads = MIN(threads, n);
	QkIssue *issue = qk_issue_new();
	issue->source = g_path_get_basename(path);

	/* the file's checksum alongside the pages when there are threads */
	HashJob hash = { issue, path };
	GThread *hasher = NULL;
	gboolean hashed = opts && (opts->source_sha256 || opts->no_sha256);
	if (opts && opts->source_sha256)
		issue->source_sha256 = g_strdup(opts->source_sha256);
	else if (!hashed && threads > 1)
		hasher = g_thread_try_new("qk-hash", hash_thread, &hash, NULL);
	if (!hasher && !hashed)
		hash_file(issue, path);

	if (helpers && helpers->len && threads > 1) {
		warm_up();
		rd.render_lock = &fp.render_lock;
	}
	read_pages(&fp, &rd);   /* this thread reads too, with the open document */
	if (helpers)
		qk_threads_join(helpers);
	(void)g_atomic_int_get(&fp.finished);   /* see qk_parallel_for */
	if (hasher)
		g_thread_join(hasher);
	g_rec_mutex_clear(&fp.render_lock);
	g_cond_clear(&fp.gate);
	g_mutex_clear(&fp.gate_lock);
	QkPatterns *pats = rd.pats;   /* for the passes below */
	fp.pats[0] = pats;
	rd.pats = NULL;
	reader_clear(&rd);
	drop_vector(fp.vector, opts, n);
	close_helper_documents(&fp);
	drop_document(doc, opts, n);
	release_free_memory();
	qk_cp_mark("read", FALSE);

	/* merge the slots in page order */
	GHashTable *sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
	GPtrArray *works = g_ptr_array_new_with_free_func((GDestroyNotify)page_work_free);
	for (int i = 0; i < n; i++) {
		PageOut *o = &fp.out[i];
		while (o->notes->pages->len)
			g_ptr_array_add(issue->pages, g_ptr_array_steal_index(o->notes->pages, 0));
		while (o->notes->warnings->len)
			g_ptr_array_add(issue->warnings, g_ptr_array_steal_index(o->notes->warnings, 0));
		qk_issue_free(o->notes);
		add_sizes(sizes, o->sizes);
		g_hash_table_destroy(o->sizes);
		if (o->work)
			g_ptr_array_add(works, o->work);
	}
	g_free(fp.out);
	double body = mode_size(sizes);
	g_hash_table_destroy(sizes);
	if (body <= 0)
		body = 10;

	/* a table continued at the top of the next page is one table; the
	 * TABLE block on each of its pages stays (it holds the table's place in
	 * that page's reading order), and the ids are renumbered in order. A
	 * line a part took for its title and the merge drops (a running head)
	 * goes back to its page, before furniture is looked for. */
	for (guint i = 0; i < works->len; i++)
		hand_tables(issue, g_ptr_array_index(works, i));
	GArray *dropped = g_array_new(FALSE, FALSE, sizeof(QkDroppedTitle));
	qk_extract_tables_merge(issue->tables, dropped);
	give_back_titles(works, dropped, pats);
	g_array_free(dropped, TRUE);
	for (guint t = 0; t < issue->tables->len; t++) {
		QkTable *tab = g_ptr_array_index(issue->tables, t);
		g_free(tab->id);
		tab->id = g_strdup_printf("t%u", t + 1);
	}

	/* lines repeated in the head or foot of several pages are furniture;
	 * known before reading order, so they never split the text flow */
	GPtrArray *page_lines = g_ptr_array_new();
	GArray *heights = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < works->len; i++) {
		PageWork *w = g_ptr_array_index(works, i);
		g_ptr_array_add(page_lines, w->lines);
		g_array_append_val(heights, w->page->height);
	}
	qk_layout_repeated_furniture(page_lines, (const double *)heights->data, body, pats);
	GArray *indexes = g_array_new(FALSE, FALSE, sizeof(int));
	for (guint i = 0; i < works->len; i++) {
		PageWork *w = g_ptr_array_index(works, i);
		g_array_append_val(indexes, w->page->index);
	}
	QkFrames *frames = qk_layout_frames_new(page_lines, (const int *)indexes->data, body);
	for (guint i = 0; i < works->len; i++) {
		PageWork *w = g_ptr_array_index(works, i);
		w->frames = frames;
	}
	g_array_free(indexes, TRUE);
	g_ptr_array_free(page_lines, TRUE);
	g_array_free(heights, TRUE);
	/* reading order and block roles too, page by page: each thread with
	 * patterns of its own (a reader's; made here for one that could not
	 * read) */
	for (int t = 1; t < threads && t < QK_MAX_THREADS; t++)
		if (!fp.pats[t] && !(fp.pats[t] = qk_patterns_new(NULL)))
			threads = t;
	LayoutPass lp = { body, fp.pats };
	qk_cp_mark("passes", FALSE);
	qk_parallel_for(works, layout_page, &lp, threads);
	qk_cp_mark("layout", FALSE);
	for (int t = 1; t < QK_MAX_THREADS; t++)
		qk_patterns_free(fp.pats[t]);
	qk_layout_frames_free(frames);
	g_ptr_array_unref(works);
	/* Poppler drops what it cannot parse (a broken font or resource
	 * dictionary) without a word: an issue with nothing left says so. */
	gboolean anything = FALSE;
	for (guint i = 0; i < issue->pages->len && !anything; i++) {
		QkPage *pg = g_ptr_array_index(issue->pages, i);
		anything = pg->blocks->len > 0 || pg->scanned;
	}
	if (!anything)
		qk_issue_warn(issue, "no-text", 0, "no text or images on any page: "
		              "the PDF is blank or its pages cannot be read");

	qk_layout_labels(issue, pats);
	qk_patterns_free(pats);
	/* the pages' working lines are gone: the stages after this one start
	 * from the model's own memory, not from the reading's peak */
	release_free_memory();
	qk_cp_mark("labels", FALSE);
	return issue;
}
