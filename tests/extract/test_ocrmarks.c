/*
 * test_ocrmarks.c — the marks of a line of Tesseract's reading as Chinese
 * prints them (extract/ocrplace.c, qk_ocr_full_width_marks): an ASCII
 * colon, semicolon, comma, ! ? or parenthesis read next to Chinese text is
 * the full-width mark, beside digits and Latin it stays ASCII. Table of
 * lines as read and as they must come out.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "ocrint.h"

static const struct {
	const char *read, *want;
} cases[] = {
	{ "发展:新机遇", "发展：新机遇" },
	{ "从“跟跑”到“领跑”:全球", "从“跟跑”到“领跑”：全球" },   /* after a closing quote */
	{ "见《报告》;另", "见《报告》；另" },
	{ "孙涛(1)", "孙涛(1)" },                               /* a page reference */
	{ "(一)总体", "（一）总体" },
	{ "增长7.1%,高于", "增长7.1%,高于" },                   /* after a digit */
	{ "ratio a:b", "ratio a:b" },
	{ "好吗?", "好吗？" },
};

static char *marks_of(const char *text)
{
	GArray *gs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		QkGlyph g = { 0 };
		g.ch = g_utf8_get_char(p);
		g_array_append_val(gs, g);
	}
	qk_ocr_full_width_marks(gs, 0);
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < gs->len; i++)
		g_string_append_unichar(out, g_array_index(gs, QkGlyph, i).ch);
	g_array_free(gs, TRUE);
	return g_string_free(out, FALSE);
}

static void test_full_width_marks(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = marks_of(cases[i].read);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "\n  %s: got %s, want %s\n", cases[i].read, got, cases[i].want);
		CU_ASSERT_STRING_EQUAL(got, cases[i].want);
		g_free(got);
	}
}

int main(void)
{
	CU_initialize_registry();
	CU_pSuite s = CU_add_suite("ocrmarks", NULL, NULL);
	CU_add_test(s, "ASCII marks next to Chinese text made full-width", test_full_width_marks);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failures = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
