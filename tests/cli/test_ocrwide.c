/*
 * test_ocrwide.c — scanned pages of designs the first dev scans lack,
 * read with OCR (one page: OCR takes seconds a page).
 *
 * samples/scans/weasyprint-mag-133-p5-200dpi.pdf: corpus/dev/
 * weasyprint-mag-133's page 5 cut (qpdf) from its 200 dpi scan
 * (scripts/make-scans -r 200): three columns whose rows are level, a bold
 * heading (一、市场规模持续扩大) in the middle one. Tesseract gave the rows
 * of the outer columns beside the heading boxes twice their height (39
 * symbols at 0.42 of the box), and they became headlines of 16-19.5 pt
 * that cut the article (weasyprint-mag-133: article CER 33.7 %).
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "qkrun.h"

/* The size="…" of the line whose text is text in the model xml, or -1. */
static double line_size(const char *xml, const char *text)
{
	char *want = g_strconcat(">", text, "</line>", NULL);
	const char *at = strstr(xml, want);
	g_free(want);
	if (at == NULL)
		return -1;
	const char *open = at;
	while (open > xml && strncmp(open, "<line ", 6) != 0)
		open--;
	const char *sz = g_strstr_len(open, at - open, " size=\"");
	return sz ? g_ascii_strtod(sz + 7, NULL) : -1;
}

static void test_rows_beside_a_heading(void)
{
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "scans",
	                             "weasyprint-mag-133-p5-200dpi.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, NULL);
	CU_ASSERT_EQUAL_FATAL(r.status, 0);
	/* body rows of the first and third columns beside the heading */
	static const char *const rows[] = {
		"三分之一以上。随着新能源汽车市场",
		"电池已经成为全球竞争最激烈、成长",
		"学储能成为拉动电池需求的又一重要",
	};
	double body = line_size(r.out, "最迅速的产业之一。我国是全球最大");
	CU_ASSERT(body > 7 && body < 11);
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
		double s = line_size(r.out, rows[i]);
		if (s < 0)
			fprintf(stderr, "\n  not read: %s\n", rows[i]);
		CU_ASSERT(s > 0 && s <= body + 0.5);
	}
	/* and so no headline opens there: the page's one title is its own */
	CU_ASSERT_PTR_NULL(strstr(r.out, "role=\"title\" x0=\"42."));
	qk_run_clear(&r);
	g_free(pdf);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrwide", NULL, NULL);
	CU_add_test(s, "rows level with a heading keep their size", test_rows_beside_a_heading);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
