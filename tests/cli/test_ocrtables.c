/*
 * test_ocrtables.c — tables on scanned pages (extract/LAYOUT.md, "Tables"):
 * a ruled table found on the rules the scan shows as ink, an unruled one
 * whose rows of figures OCR reads short, and the figures of both read again
 * cell by cell with eng. The pages are single pages of whole-issue scans
 * (scripts/make-scans -r R samples/mini.pdf or corpus/dev/…, then
 * `qpdf SCAN --pages . N -- PAGE.pdf`): a scan of one page alone is
 * degraded with other seeds and reads otherwise.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "qkrun.h"

/* `qikan extract` on samples/scans/NAME.pdf */
static QkRun extract_scan(const char *name)
{
	char *base = g_strconcat("scans/", name, ".pdf", NULL);
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), base, NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	g_free(pdf);
	g_free(base);
	return r;
}

/* the cell (row, col) of the model's first table holds text */
static gboolean cell_is(const char *xml, int row, int col, const char *text)
{
	const char *t = strstr(xml, "<tables>");
	if (!t)
		return FALSE;
	char *open = g_strdup_printf("<cell row=\"%d\" col=\"%d\"", row, col);
	const char *c = strstr(t, open);
	g_free(open);
	if (!c || !(c = strchr(c, '>')))
		return FALSE;
	char *want = g_strconcat(">", text, "</cell>", NULL);
	gboolean yes = g_str_has_prefix(c, want);
	g_free(want);
	return yes;
}

/* the mini's statistics table, page 7 of its scan at 150 dpi: no rules,
 * its rows of figures read 6.5 pt tall (their digits' ink) and 17 pt
 * apart, were 2.6 "ems" apart and no table: its cells went into the
 * article; and three figures were misread at confidence 72–99 (3.2 as
 * 这和, 41.5 as ◆1.5, 44.0 as ◆4.0) */
static void test_unruled_table_at_150_dpi(void)
{
	QkRun r = extract_scan("mini-issue-p7-150dpi");
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(r.out, "<tables>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "rows=\"5\" cols=\"5\" header-rows=\"2\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<title>两县特色产业基本情况</title>"));
	static const char *const data[3][5] = {
		{ "2020", "3.2", "6.8", "41.5", "9.1" },
		{ "2021", "3.6", "7.5", "44.0", "9.8" },
		{ "2022", "3.9", "8.3", "46.2", "10.6" },
	};
	for (int i = 0; i < 3; i++)
		for (int c = 0; c < 5; c++)
			CU_ASSERT_TRUE(cell_is(r.out, 2 + i, c, data[i][c]));
	/* none of it is left in the page's blocks */
	const char *tables = strstr(r.out, "<tables>");
	const char *fig = strstr(r.out, "10.6");
	CU_ASSERT_TRUE(fig && fig > tables);
	CU_ASSERT_PTR_NULL(strstr(r.out, "这和"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "◆"));
	qk_run_clear(&r);
}

/* libreoffice-mag-10's ruled table 重点项目建设进度一览, page 13 of its
 * scan at 200 dpi: a scan's drawing is its image, so no rule was read and
 * the table came as three unruled pieces without their header; its rules
 * are ink in the image, traced as on a page whose drawing cannot be read.
 * 7.7 was read 入| and 13.2 39泛 */
static void test_ruled_table_on_a_scan(void)
{
	QkRun r = extract_scan("libreoffice-mag-10-issue-p13-200dpi");
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(r.out, "<tables>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "ruled=\"true\" rows=\"15\" cols=\"5\" header-rows=\"1\""));
	CU_ASSERT_PTR_NULL(strstr(r.out, "<table id=\"t2\""));
	CU_ASSERT_TRUE(cell_is(r.out, 0, 0, "地区"));
	CU_ASSERT_TRUE(cell_is(r.out, 1, 1, "23.0"));
	CU_ASSERT_TRUE(cell_is(r.out, 2, 4, "7.7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">13.2</cell>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "入|"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "39泛"));
	qk_run_clear(&r);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrtables", NULL, NULL);
	CU_add_test(s, "an unruled table at 150 dpi, its figures read again", test_unruled_table_at_150_dpi);
	CU_add_test(s, "a ruled table's rules from a scan's ink", test_ruled_table_on_a_scan);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
