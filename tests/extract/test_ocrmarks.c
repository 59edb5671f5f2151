/*
 * test_ocrmarks.c — the marks of a line of Tesseract's reading as Chinese
 * prints them (extract/ocrplace.c, qk_ocr_full_width_marks): an ASCII
 * colon, semicolon, comma, ! ? or parenthesis read next to Chinese text is
 * the full-width mark, beside digits and Latin it stays ASCII; the same
 * character read twice in one place is one glyph (qk_ocr_doubled),
 * doubles Chinese prints stay. Tables of lines as read and as they must
 * come out.
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

/* Glyphs as read (character, x0, x1, y0 in points; 10 points tall) and
 * what must be left: the same character in the same place is one glyph
 * read twice (a kicker's two readings both kept, 经经济济观观察察 once
 * lines.c sorted them); doubles Chinese prints stand side by side. */
static const struct {
	const char *chars;
	double x[8][3];
	const char *want;
} doubled[] = {
	{ "经济经济", { { 54, 72, 68 }, { 72, 90, 68 }, { 54.5, 71, 65 }, { 71, 86.5, 65 } }, "经济" },
	{ "谢谢", { { 0, 10, 0 }, { 10, 20, 0 } }, "谢谢" },
	{ "高高兴兴", { { 0, 10, 0 }, { 10, 20, 0 }, { 20, 30, 0 }, { 30, 40, 0 } }, "高高兴兴" },
	{ "年年", { { 0, 10, 0 }, { 0, 10, 12 } }, "年年" },                  /* two rows */
};

/* The characters of glyphs gs, which it frees. */
static char *text_of(GArray *gs)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < gs->len; i++)
		g_string_append_unichar(out, g_array_index(gs, QkGlyph, i).ch);
	g_array_free(gs, TRUE);
	return g_string_free(out, FALSE);
}

static char *marks_of(const char *text)
{
	GArray *gs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		QkGlyph g = { 0 };
		g.ch = g_utf8_get_char(p);
		g_array_append_val(gs, g);
	}
	qk_ocr_full_width_marks(gs, 0);
	return text_of(gs);
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

static void test_doubled(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(doubled); i++) {
		GArray *gs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
		guint k = 0;
		for (const char *p = doubled[i].chars; *p; p = g_utf8_next_char(p), k++) {
			QkGlyph g = { 0 };
			g.ch = g_utf8_get_char(p);
			g.box = (QkBox){ doubled[i].x[k][0], doubled[i].x[k][2], doubled[i].x[k][1],
			                 doubled[i].x[k][2] + 10 };
			g_array_append_val(gs, g);
		}
		qk_ocr_doubled(gs, 0);
		char *got = text_of(gs);
		CU_ASSERT_STRING_EQUAL(got, doubled[i].want);
		g_free(got);
	}
}

int main(void)
{
	CU_initialize_registry();
	CU_pSuite s = CU_add_suite("ocrmarks", NULL, NULL);
	CU_add_test(s, "ASCII marks next to Chinese text made full-width", test_full_width_marks);
	CU_add_test(s, "a character read twice in one place made one", test_doubled);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failures = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
