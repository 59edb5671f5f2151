/*
 * test_ocrnew.c — scanned pages of the dev magazines scanned to widen the
 * OCR dev set (issue 17: designs the first 16 scans lack), read with OCR
 * (one page: OCR takes seconds a page).
 *
 * samples/scans/libreoffice-mag-58-p9-200dpi.pdf: corpus/dev/
 * libreoffice-mag-58's page 9 cut (qpdf --empty --pages SCAN 9 --) from
 * its 200 dpi scan (scripts/make-scans -r 200): a running head at the top
 * outer corner over a thin rule the page's width, a section banner, a
 * table. The top band read again at 600 dpi took the rule, broken into
 * dashes by the scan's grain, for a row of 9 pt words (人 下 IE 全区 党说
 * Ji) that the page's reading never had; they went into the article
 * before (征稿启事 … 人下IE全区 党说Ji).
 *
 * samples/scans/weasyprint-mag-115-p5-200dpi.pdf: corpus/dev/
 * weasyprint-mag-115's page 5 cut likewise from its 200 dpi scan: a 6 pt
 * folio — 3 — at the bottom outer corner, which the band reads as 本 with
 * a box over its dash; read again as digits it is 3. A rule test of the
 * token's box alone took it for a rule and the folio was lost.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "qkrun.h"

/* The line texts of the model xml whose top is above y (points). */
static GPtrArray *lines_above(const char *xml, double y)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	for (const char *at = strstr(xml, "<line "); at; at = strstr(at + 1, "<line ")) {
		const char *y0 = strstr(at, " y0=\"");
		const char *text = strchr(at, '>');
		const char *end = text ? strstr(text, "</line>") : NULL;
		if (!y0 || !end || y0 > text)
			continue;
		if (g_ascii_strtod(y0 + 5, NULL) < y)
			g_ptr_array_add(out, g_strndup(text + 1, end - text - 1));
	}
	return out;
}

static void test_rule_under_running_head(void)
{
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "scans",
	                             "libreoffice-mag-58-p9-200dpi.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, NULL);
	CU_ASSERT_EQUAL_FATAL(r.status, 0);
	/* the page's top 50 pt: the running head (at most misread: its
	 * first line is 右玉生态与发展) over the rule, and nothing else */
	GPtrArray *top = lines_above(r.out, 50);
	gboolean head = FALSE;
	for (guint i = 0; i < top->len; i++) {
		const char *s = g_ptr_array_index(top, i);
		if (strstr(s, "右玉生态与发"))
			head = TRUE;
		else
			fprintf(stderr, "\n  read in the top band: %s\n", s);
	}
	CU_ASSERT(head);
	CU_ASSERT_EQUAL(top->len, 1);
	/* the page's own text is still read: the banner, the headline */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "经济观察"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "服务群众实现"));
	g_ptr_array_free(top, TRUE);
	qk_run_clear(&r);
	g_free(pdf);
}

static void test_folio_between_dashes(void)
{
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "scans",
	                             "weasyprint-mag-115-p5-200dpi.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, NULL);
	CU_ASSERT_EQUAL_FATAL(r.status, 0);
	/* the folio, in the bottom band (the page is 842 pt tall) */
	const char *at = strstr(r.out, ">3</line>");
	CU_ASSERT_PTR_NOT_NULL(at);
	const char *open = at;
	while (at && open > r.out && strncmp(open, "<line ", 6) != 0)
		open--;
	const char *y0 = at ? g_strstr_len(open, at - open, " y0=\"") : NULL;
	CU_ASSERT(y0 && g_ascii_strtod(y0 + 5, NULL) > 0.88 * 842);
	qk_run_clear(&r);
	g_free(pdf);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrnew", NULL, NULL);
	CU_add_test(s, "a rule under the running head is no words",
	            test_rule_under_running_head);
	CU_add_test(s, "a folio between dashes is no rule", test_folio_between_dashes);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
