/*
 * test_fontcache.c — extract/fontcache.cc: a document's fonts are made once
 * (not once per page), and the output is the same bytes as with every font
 * made per page (QK_NO_FONT_CACHE, Poppler's own way): on the samples, an
 * encrypted one, a Chromium issue drawn with Type 3 fonts, and a damaged
 * file whose cross-reference table is rebuilt half-way, moving a font.
 */
#include <stdio.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include "extract.h"
#include "fontcache.h"
#include "xmlio.h"
#include "extractxml.h"

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

/* The issue model of path as XML; stats: the fonts made and reused. */
static char *extract_xml(const char *path, const char *password, int threads, gboolean cache,
                         QkFontCacheStats *stats)
{
	if (cache)
		g_unsetenv("QK_NO_FONT_CACHE");
	else
		g_setenv("QK_NO_FONT_CACHE", "1", TRUE);
	QkFontCacheStats before, after;
	qk_font_cache_stats(&before);
	QkExtractOptions o = { .threads = threads, .password = password };
	char *xml = qk_test_extract_xml(path, &o);
	g_unsetenv("QK_NO_FONT_CACHE");
	qk_font_cache_stats(&after);
	if (stats) {
		stats->made = after.made - before.made;
		stats->reused = after.reused - before.reused;
	}
	return xml;
}

/* The distinct fonts of path, as Poppler lists them. */
static int count_fonts(const char *path)
{
	char *uri = g_filename_to_uri(path, NULL, NULL);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, NULL);
	g_free(uri);
	if (!doc)
		return -1;
	PopplerFontInfo *info = poppler_font_info_new(doc);
	PopplerFontsIter *it = NULL;
	int n = 0;
	while (poppler_font_info_scan(info, 20, &it)) {
		do
			n++;
		while (poppler_fonts_iter_next(it));
		poppler_fonts_iter_free(it);
		it = NULL;
	}
	poppler_font_info_free(info);
	g_object_unref(doc);
	return n;
}

/* 28 pages drawn with the same 4 fonts: each made once, then reused. */
static void test_made_once(void)
{
	if (!qk_font_cache_available()) {
		fprintf(stderr, "\nbuilt without the font cache (not Poppler 22.12): skipped\n");
		return;
	}
	char *pdf = sample("magazine-2023-01.pdf");
	int fonts = count_fonts(pdf);
	CU_ASSERT_TRUE_FATAL(fonts > 0);
	QkFontCacheStats on, off;
	char *a = extract_xml(pdf, NULL, 1, TRUE, &on);
	char *b = extract_xml(pdf, NULL, 1, FALSE, &off);
	fprintf(stderr, "\n%d fonts; cached: %" G_GUINT64_FORMAT " made, %" G_GUINT64_FORMAT
	        " reused; uncached: %" G_GUINT64_FORMAT " made\n", fonts, on.made, on.reused, off.made);
	CU_ASSERT_EQUAL(on.made, (guint64)fonts);
	CU_ASSERT_EQUAL(off.reused, 0);
	/* the same fonts asked for, every page's */
	CU_ASSERT_EQUAL(on.made + on.reused, off.made);
	CU_ASSERT_TRUE(off.made >= 28);   /* every page draws text */
	CU_ASSERT_TRUE(a && b && strcmp(a, b) == 0);
	g_free(a);
	g_free(b);
	g_free(pdf);
}

/* An issue's reading threads share its fonts (fontcache.cc says why that is
 * safe): on a Chromium issue of 11 pages drawn with 328 Type 3 fonts, two
 * threads made 481 (each thread's document made the fonts its pages share
 * with the other's again). Shared, exactly as many as one thread makes: a
 * font one thread is making, the other waits for (two threads meeting a
 * font at the same moment each made it: chromium-mag-01 made 329 in 2 runs
 * of 3, and under valgrind, whose threads take turns, libreoffice-letter-12
 * made its 4 fonts 8 times). The output is the same bytes as one thread's. */
static void threads_share_fonts(const char *name)
{
	char *pdf = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "corpus", "dev", name, NULL);
	if (!qk_font_cache_available() || !g_file_test(pdf, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, "\nno font cache or no %s: skipped\n", pdf);
		g_free(pdf);
		return;
	}
	QkFontCacheStats one, two;
	char *a = extract_xml(pdf, NULL, 1, TRUE, &one);
	char *b = extract_xml(pdf, NULL, 2, TRUE, &two);
	fprintf(stderr, "\n%s: fonts made: %" G_GUINT64_FORMAT " with one thread, %" G_GUINT64_FORMAT
	        " with two\n", name, one.made, two.made);
	CU_ASSERT_EQUAL(one.made, (guint64)count_fonts(pdf));
	CU_ASSERT_EQUAL(two.made, one.made);
	CU_ASSERT_TRUE(a && b && strcmp(a, b) == 0);
	g_free(a);
	g_free(b);
	g_free(pdf);
}

static void test_threads_share_fonts(void)
{
	threads_share_fonts("chromium-mag-01.pdf");
	threads_share_fonts("libreoffice-letter-12.pdf");
}

static void same_output(const char *pdf, const char *password)
{
	if (!g_file_test(pdf, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, "\n%s missing: skipped\n", pdf);
		return;
	}
	for (int threads = 1; threads <= 2; threads++) {
		char *a = extract_xml(pdf, password, threads, TRUE, NULL);
		char *b = extract_xml(pdf, password, threads, FALSE, NULL);
		if (!a || !b || strcmp(a, b) != 0) {
			fprintf(stderr, "\n%s, %d thread(s): differs with the font cache\n", pdf, threads);
			CU_FAIL("output depends on the font cache");
		}
		g_free(a);
		g_free(b);
	}
}

static void test_same_output(void)
{
	const char *names[] = { "mini.pdf", "magazine-2023-04.pdf", "newspaper-2023-10-31.pdf", NULL };
	for (int i = 0; names[i]; i++) {
		char *pdf = sample(names[i]);
		same_output(pdf, NULL);
		g_free(pdf);
	}
	char *enc = sample("bad/encrypted.pdf");   /* the mini sample, AES-128 */
	same_output(enc, "secret");
	g_free(enc);
	/* Type 3 fonts, a few hundred of them */
	char *t3 = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "corpus", "dev",
	                            "chromium-mag-01.pdf", NULL);
	same_output(t3, NULL);
	g_free(t3);
}

/* Three pages drawing the same line with font 5 0 R, Helvetica where the
 * table says; a second 5 0 obj, Courier, follows unlisted, and the table's
 * offset of page 2's content is wrong: reading page 2 rebuilds the table
 * from the objects found in the file, and the last 5 0 obj wins. */
static GBytes *rebuilt_table_pdf(void)
{
	static const char line[] = "BT /F1 14 Tf 72 700 Td (Hello world, the same line) Tj ET";
	const char *objs[] = {
		NULL,
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R 6 0 R] /Count 3 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		"/Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		"/Resources << /Font << /F1 5 0 R >> >> /Contents 8 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		"/Resources << /Font << /F1 5 0 R >> >> /Contents 9 0 R >>",
		NULL, NULL, NULL,   /* 7–9: the content streams */
	};
	const int n = G_N_ELEMENTS(objs);
	gsize offsets[G_N_ELEMENTS(objs)] = { 0 };
	GString *pdf = g_string_new("%PDF-1.4\n");
	for (int i = 1; i < n; i++) {
		offsets[i] = pdf->len;
		if (objs[i])
			g_string_append_printf(pdf, "%d 0 obj\n%s\nendobj\n", i, objs[i]);
		else
			g_string_append_printf(pdf, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
			                       i, strlen(line), line);
	}
	g_string_append(pdf, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>\nendobj\n");
	offsets[8] = offsets[7];   /* "7 0 obj" where 8 0 obj should be */
	gsize xref = pdf->len;
	g_string_append_printf(pdf, "xref\n0 %d\n0000000000 65535 f \n", n);
	for (int i = 1; i < n; i++)
		g_string_append_printf(pdf, "%010zu 00000 n \n", offsets[i]);
	g_string_append_printf(pdf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
	                       n, xref);
	return g_string_free_to_bytes(pdf);
}

/* The width of the first block of page index of an issue's XML. */
static double first_block_width(const char *xml, int index)
{
	char *at = g_strdup_printf("<page index=\"%d\"", index);
	const char *p = strstr(xml, at);
	g_free(at);
	p = p ? strstr(p, "<block ") : NULL;
	const char *q = p ? strstr(p, " x0=\"") : NULL, *r = p ? strstr(p, " x1=\"") : NULL;
	if (!q || !r)
		return -1;
	return g_ascii_strtod(r + 5, NULL) - g_ascii_strtod(q + 5, NULL);
}

static void test_rebuilt_table(void)
{
	char *dir = g_dir_make_tmp("qk-fontcache-XXXXXX", NULL);
	char *path = g_build_filename(dir, "rebuilt.pdf", NULL);
	GBytes *b = rebuilt_table_pdf();
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, g_bytes_get_data(b, NULL),
	                                         (gssize)g_bytes_get_size(b), NULL));
	g_bytes_unref(b);
	QkFontCacheStats on;
	char *a = extract_xml(path, NULL, 1, TRUE, &on);
	char *u = extract_xml(path, NULL, 1, FALSE, NULL);
	CU_ASSERT_TRUE_FATAL(a && u);
	CU_ASSERT_STRING_EQUAL(a, u);
	/* page 3's line is in Courier, wider than page 1's in Helvetica: the
	 * font made before the table was rebuilt was not used again */
	double w1 = first_block_width(a, 1), w3 = first_block_width(a, 3);
	CU_ASSERT_TRUE(w1 > 0 && w3 > w1 + 20);
	if (qk_font_cache_available())
		CU_ASSERT_TRUE(on.reused >= 1);   /* page 2's Helvetica */
	g_free(a);
	g_free(u);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("fontcache", NULL, NULL);
	CU_add_test(s, "fonts made once per document", test_made_once);
	CU_add_test(s, "same output without the cache", test_same_output);
	CU_add_test(s, "an issue's reading threads share its fonts", test_threads_share_fonts);
	CU_add_test(s, "a font moved by a rebuilt xref table is made again", test_rebuilt_table);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	int setup_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return fails > 0 || setup_failed > 0;
}
