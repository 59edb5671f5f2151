/*
 * test_pagetext.c — extract/pagedoc.cc's qk_page_text_new: a page's text,
 * rectangles and attribute runs from one walk over its words are what
 * poppler_page_get_text, poppler_page_get_text_layout and
 * poppler_page_get_text_attributes return, byte for byte: on every page of
 * the samples and of corpus/dev (when present), and on a page with Hebrew,
 * which Poppler writes reordered and is read with the three calls.
 */
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include "fontcache.h"
#include "pagedoc.h"

/* Compares page's QkPageText with the three calls on a page of its own
 * (poppler-glib keeps the text it reads in the PopplerPage). Returns
 * whether the one walk read it (not the three calls). */
static gboolean same_as_poppler(PopplerDocument *doc, int index, const char *what)
{
	PopplerPage *page = poppler_document_get_page(doc, index);
	PopplerPage *again = poppler_document_get_page(doc, index);
	QkPageText *t = qk_page_text_new(page);
	char *text = poppler_page_get_text(again);
	PopplerRectangle *rects = NULL;
	guint n_rects = 0;
	gboolean layout = text && poppler_page_get_text_layout(again, &rects, &n_rects);
	GList *attrs = layout ? poppler_page_get_text_attributes(again) : NULL;
	gboolean same = g_strcmp0(t->text, text) == 0 && t->layout == layout &&
	                t->n_rects == n_rects &&
	                (n_rects == 0 || memcmp(t->rects, rects, n_rects * sizeof *rects) == 0) &&
	                (!layout || t->n_runs == g_list_length(attrs));
	guint k = 0;
	for (GList *l = attrs; same && l; l = l->next, k++) {
		const PopplerTextAttributes *a = l->data;
		const QkTextRun *r = &t->runs[k];
		same = r->start == a->start_index && r->end == a->end_index &&
		       g_strcmp0(r->font, a->font_name) == 0 && r->size == a->font_size &&
		       r->red == a->color.red && r->green == a->color.green &&
		       r->blue == a->color.blue;
	}
	if (!same)
		fprintf(stderr, "\n%s page %d: not the same as poppler-glib's\n", what, index + 1);
	CU_ASSERT_TRUE(same);
	gboolean walked = t->core != NULL;
	poppler_page_free_text_attributes(attrs);
	g_free(rects);
	g_free(text);
	qk_page_text_free(t);
	g_object_unref(again);
	g_object_unref(page);
	return walked;
}

/* Every page of path; the pages the one walk read. */
static int check_file(const char *path)
{
	char *uri = g_filename_to_uri(path, NULL, NULL);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, NULL);
	g_free(uri);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	int walked = 0, n = poppler_document_get_n_pages(doc);
	for (int i = 0; i < n; i++)
		walked += same_as_poppler(doc, i, path);
	g_object_unref(doc);
	return walked;
}

/* The PDFs of dir (not its folders); 0 when it does not exist. */
static int check_dir(const char *dir, int *pages)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	int files = 0;
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".pdf"))
			continue;
		char *path = g_build_filename(dir, name, NULL);
		*pages += check_file(path);
		files++;
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	return files;
}

static void test_samples_and_dev(void)
{
	int pages = 0;
	int files = check_dir(g_getenv("QK_SAMPLES"), &pages);
	char *dev = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "corpus", "dev", NULL);
	files += check_dir(dev, &pages);
	g_free(dev);
	fprintf(stderr, "\n%d files, %d pages read in one walk\n", files, pages);
	CU_ASSERT_TRUE(files >= 4);
	/* built against the Poppler whose private layout is known */
	if (qk_font_cache_available())
		CU_ASSERT_TRUE(pages > 0);
}

/* A line of Latin and Chinese, and one with Hebrew (Poppler writes it
 * reversed, between embedding marks). */
static void test_right_to_left(void)
{
	char *path = g_build_filename(g_get_tmp_dir(), "qk-pagetext-rtl.pdf", NULL);
	cairo_surface_t *s = cairo_pdf_surface_create(path, 300, 200);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 14);
	cairo_move_to(cr, 20, 40);
	cairo_show_text(cr, "Latin words 2023");
	cairo_move_to(cr, 20, 80);
	cairo_show_text(cr, "שלום עולם and more");
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	char *uri = g_filename_to_uri(path, NULL, NULL);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, NULL);
	g_free(uri);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_FALSE(same_as_poppler(doc, 0, "Hebrew"));   /* the three calls */
	g_object_unref(doc);
	g_unlink(path);
	g_free(path);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("pagetext", NULL, NULL);
	CU_add_test(s, "the samples' and dev issues' pages", test_samples_and_dev);
	CU_add_test(s, "a page with right-to-left text", test_right_to_left);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failures = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures > 0;
}
