/*
 * extract.c — the extract stage driver.
 *
 * Per page: glyphs → tables (their glyphs set aside) → lines → furniture
 * lines → reading order → blocks. Then per issue: repeated furniture, page
 * labels, block roles (relative to the issue's body size), and finally the
 * issue structure (qk_extract_structure).
 */
#include <math.h>
#include <string.h>
#include "extract.h"
#include "open.h"
#include "layout.h"
#include "error.h"

#define QK_DEFAULT_MAX_PAGES 2000

/* Characters that do not occur in Chinese periodicals but do come out of
 * fonts without a usable ToUnicode map: Latin-1 letters, Latin extended,
 * IPA, modifier letters, Hebrew/Arabic, private use, replacement chars, and
 * the rare CJK extension A block. */
static gboolean suspicious_char(gunichar c)
{
	return (c >= 0x80 && c <= 0xFF && c != 0xB7 && c != 0xD7 && c != 0xF7 &&
	        c != 0xB0 && c != 0xB1 && c != 0xA9 && c != 0xAE) ||
	       (c >= 0x100 && c <= 0x2FF) ||
	       (c >= 0x590 && c <= 0x6FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xE000 && c <= 0xF8FF) ||
	       c == 0xFFFD;
}

static void check_garbled(QkIssue *issue, const QkGlyphPage *gp)
{
	guint bad = 0, n = gp->glyphs->len;
	for (guint i = 0; i < n; i++)
		bad += suspicious_char(g_array_index(gp->glyphs, QkGlyph, i).ch);
	if (bad >= 5 && bad * 100 >= n * 15)
		qk_issue_warn(issue, "garbled-text", gp->index,
		              "%u of %u characters look like a font without a usable "
		              "ToUnicode map; the page's text is unreliable", bad, n);
}

/* Most common glyph size (tenths of a point), weighted by glyph count. */
static void count_sizes(GHashTable *hist, const QkGlyphPage *gp)
{
	for (guint i = 0; i < gp->glyphs->len; i++) {
		const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		gpointer k = GINT_TO_POINTER((int)lround(g->size * 10) + 1);
		g_hash_table_insert(hist, k, GINT_TO_POINTER(GPOINTER_TO_INT(
			g_hash_table_lookup(hist, k)) + 1));
	}
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
	GMappedFile *mf = g_mapped_file_new(path, FALSE, NULL);
	if (!mf)
		return;
	issue->source_sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		(const guchar *)g_mapped_file_get_contents(mf), g_mapped_file_get_length(mf));
	g_mapped_file_unref(mf);
}

static void extract_page(QkIssue *issue, PopplerPage *pp, int index,
                         QkPatterns *pats, GHashTable *sizes)
{
	QkGlyphPage *gp = qk_extract_glyphs(pp, index);
	QkPage *page = qk_page_new(index, gp->width, gp->height);
	g_ptr_array_add(issue->pages, page);

	if (gp->glyphs->len == 0) {
		GList *images = poppler_page_get_image_mapping(pp);
		if (images) {
			page->scanned = TRUE;
			qk_issue_warn(issue, "no-text-layer", index,
			              "page %d has images but no text layer (scanned?)", index);
		}
		poppler_page_free_image_mapping(images);
		qk_glyph_page_free(gp);
		return;
	}
	check_garbled(issue, gp);
	count_sizes(sizes, gp);
	GHashTable *page_sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
	count_sizes(page_sizes, gp);
	double body = mode_size(page_sizes);
	g_hash_table_destroy(page_sizes);

	GPtrArray *tables = qk_extract_tables(pp, gp);
	GPtrArray *lines = qk_layout_lines(gp);
	/* each table takes part in the reading order as one pseudo-line */
	for (guint t = 0; t < tables->len; t++) {
		QkTable *tab = g_ptr_array_index(tables, t);
		QkLLine *l = g_new0(QkLLine, 1);
		l->text = g_string_new(NULL);
		l->bbox = tab->bbox;
		l->size = body;
		l->yc = (tab->bbox.y0 + tab->bbox.y1) / 2;
		l->table = (int)t;
		l->leaf = l->column = -1;
		g_ptr_array_add(lines, l);
	}
	qk_layout_line_furniture(lines, page->height, pats);
	GPtrArray *body_lines = g_ptr_array_new(), *furn = g_ptr_array_new();
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		g_ptr_array_add(l->furniture ? furn : body_lines, l);
	}
	qk_layout_order(body_lines, page->width, body > 0 ? body : 10);
	qk_layout_blocks(page, body_lines, furn, tables, body > 0 ? body : 10);
	qk_layout_number_blocks(page);
	g_ptr_array_free(body_lines, TRUE);
	g_ptr_array_free(furn, TRUE);
	g_ptr_array_unref(lines);

	/* hand the tables to the issue, ids in page order */
	g_ptr_array_set_free_func(tables, NULL);
	for (guint t = 0; t < tables->len; t++) {
		QkTable *tab = g_ptr_array_index(tables, t);
		g_free(tab->id);
		tab->id = g_strdup_printf("t%u", issue->tables->len + 1);
		tab->page = index;
		if (tab->last_page < index)
			tab->last_page = index;
		g_ptr_array_add(issue->tables, tab);
	}
	g_ptr_array_unref(tables);
	qk_glyph_page_free(gp);
}

QkIssue *qk_extract_pdf(const char *path, const QkExtractOptions *opts, GError **error)
{
	PopplerDocument *doc = qk_extract_open(path, opts ? opts->password : NULL, error);
	if (!doc)
		return NULL;
	int n = poppler_document_get_n_pages(doc);
	int max = opts && opts->max_pages > 0 ? opts->max_pages : QK_DEFAULT_MAX_PAGES;
	if (n > max) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "%d pages, more than the limit of %d", n, max);
		g_object_unref(doc);
		return NULL;
	}
	QkIssue *issue = qk_issue_new();
	issue->source = g_path_get_basename(path);
	hash_file(issue, path);

	QkPatterns *pats = qk_patterns_new();
	GHashTable *sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (int i = 0; i < n; i++) {
		PopplerPage *pp = poppler_document_get_page(doc, i);
		if (!pp) {
			qk_issue_warn(issue, "page-unreadable", i + 1, "page %d cannot be read", i + 1);
			g_ptr_array_add(issue->pages, qk_page_new(i + 1, 0, 0));
			continue;
		}
		extract_page(issue, pp, i + 1, pats, sizes);
		g_object_unref(pp);
	}
	g_object_unref(doc);

	double body = mode_size(sizes);
	g_hash_table_destroy(sizes);
	qk_layout_issue_furniture(issue, pats);
	qk_layout_labels(issue, pats);
	qk_layout_roles(issue, body > 0 ? body : 10, pats);
	qk_patterns_free(pats);

	qk_extract_structure(issue);
	return issue;
}
