/*
 * test_repair.c — Han code points that a Latin font put in the text layer
 * (方正/Founder: 摇 for a space, 鄄 for a hyphen) are repaired from the font
 * the glyph came from, the text layer's form is kept in the line's raw
 * attribute, a warning names what was repaired, and a 摇 drawn by a CJK
 * font at full width stays as it is.
 *
 * The PDF is made here with minipdf: a Type0 font with a ToUnicode map
 * (the CJK font: 关 键 词 动 摇 at 1 em) and Helvetica whose ToUnicode maps
 * the space to 摇 and the hyphen to 鄄, as Founder's E-BZ does.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "xmlio.h"
#include "qkrun.h"
#include "../hardening/minipdf.h"

static char *tmpdir;

static const char cjk_cmap[] =
	"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
	"/CMapName /QkCjk def /CMapType 2 def\n"
	"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
	"5 beginbfchar\n"
	"<0001> <5173>\n<0002> <952E>\n<0003> <8BCD>\n<0004> <52A8>\n<0005> <6447>\n"
	"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n";

static const char latin_cmap[] =
	"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
	"/CMapName /QkFounderLatin def /CMapType 2 def\n"
	"1 begincodespacerange <00> <FF> endcodespacerange\n"
	"2 beginbfchar\n<20> <6447>\n<2D> <9104>\nendbfchar\n"
	"1 beginbfrange <41> <7A> <0041> endbfrange\n"
	"endcmap CMapName currentdict /CMap defineresource pop end end\n";

/* Line 1: 关摇键摇词 with the 摇 from the Latin font (letter-spacing);
 * line 2: "Ning-chun" in the Latin font; line 3: 动摇 in the CJK font. */
static const char content[] =
	"BT /C 12 Tf 72 760 Td <0001> Tj /L 12 Tf ( ) Tj /C 12 Tf <0002> Tj "
	"/L 12 Tf ( ) Tj /C 12 Tf <0003> Tj ET\n"
	"BT /L 12 Tf 72 730 Td (Ning-chun) Tj ET\n"
	"BT /C 12 Tf 72 700 Td <00040005> Tj ET\n";

/* A section number set as Founder does (2郾1摇 in its Latin font E-HZ, then
 * the heading in the CJK font): the full stop and the space are narrow
 * glyphs a quarter em wide whose ToUnicode codes are Han (郾, 摇), and
 * white follows the full stop (cn_journal_bupt: 2郾 1摇系统模型与假设). */
static const char number_cmap[] =
	"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
	"/CMapName /QkFounderNumber def /CMapType 2 def\n"
	"1 begincodespacerange <00> <FF> endcodespacerange\n"
	"2 beginbfchar\n<20> <6447>\n<2E> <90FE>\nendbfchar\n"
	"1 beginbfrange <30> <39> <0030> endbfrange\n"
	"endcmap CMapName currentdict /CMap defineresource pop end end\n";

static const char number_content[] =
	"BT /L 12 Tf 72 760 Td [(2.) -250 (1 )] TJ /C 12 Tf <000100020003> Tj ET\n"
	"BT /C 12 Tf 72 730 Td <0001000200030001000200030001000200030001> Tj ET\n";

typedef enum { PLAIN, WIDE, NUMBER } Variant;

/* WIDE: the Latin font's space is a full em wide (E-BZ draws the
 * ideographic space A1A1 that reaches the text layer as 摇); NUMBER: the
 * section number above, its space and full stop a quarter em wide. */
static char *make_pdf(Variant v)
{
	static const char *names[] = { "founder.pdf", "founder-wide.pdf", "founder-number.pdf" };
	gboolean wide = v == WIDE;
	const char *lcmap = v == NUMBER ? number_cmap : latin_cmap;
	const char *text = v == NUMBER ? number_content : content;
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int cmap_c = minipdf_add_stream(pdf, NULL, cjk_cmap, strlen(cjk_cmap));
	int cmap_l = minipdf_add_stream(pdf, NULL, lcmap, strlen(lcmap));
	int desc = minipdf_add(pdf, "<< /Type /FontDescriptor /FontName /QkSong /Flags 4 "
	                            "/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 "
	                            "/Descent -120 /CapHeight 700 /StemV 80 >>");
	char *cjk = g_strdup_printf(
		"<< /Type /Font /Subtype /Type0 /BaseFont /QkSong /Encoding /Identity-H "
		"/DescendantFonts [ << /Type /Font /Subtype /CIDFontType2 /BaseFont /QkSong "
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
		"/DW 1000 /FontDescriptor %d 0 R >> ] /ToUnicode %d 0 R >>", desc, cmap_c);
	int font_c = minipdf_add(pdf, cjk);
	GString *widths = g_string_new(NULL);
	if (wide || v == NUMBER) {
		g_string_append(widths, wide ? "/FirstChar 32 /LastChar 122 /Widths [1000"
		                             : "/FirstChar 32 /LastChar 122 /Widths [250");
		for (int c = 33; c <= 122; c++)
			g_string_append(widths, v == NUMBER && c == '.' ? " 250" : " 556");
		g_string_append(widths, "] ");
	}
	char *latin = g_strdup_printf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	                              "/Encoding /WinAnsiEncoding %s/ToUnicode %d 0 R >>",
	                              widths->str, cmap_l);
	g_string_free(widths, TRUE);
	int font_l = minipdf_add(pdf, latin);
	int cs = minipdf_add_stream(pdf, NULL, text, strlen(text));
	char *page = g_strdup_printf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
	                             "/Contents %d 0 R /Resources << /Font << /C %d 0 R "
	                             "/L %d 0 R >> >> >>", pages, cs, font_c, font_l);
	int pg = minipdf_add(pdf, page);
	char *kids = g_strdup_printf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", pg);
	minipdf_set(pdf, pages, kids);
	char *cat = g_strdup_printf("<< /Type /Catalog /Pages %d 0 R >>", pages);
	int root = minipdf_add(pdf, cat);
	GBytes *b = minipdf_finish(pdf, root, 0, NULL);
	char *path = g_build_filename(tmpdir, names[v], NULL);
	g_file_set_contents(path, g_bytes_get_data(b, NULL), (gssize)g_bytes_get_size(b), NULL);
	g_bytes_unref(b);
	g_free(cat);
	g_free(kids);
	g_free(page);
	g_free(latin);
	g_free(cjk);
	minipdf_free(pdf);
	return path;
}

/* The line whose text is text, or NULL. */
static const QkLine *find_line(const QkIssue *issue, const char *text)
{
	for (guint p = 0; p < issue->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		for (guint b = 0; b < pg->blocks->len; b++) {
			const QkBlock *bl = g_ptr_array_index(pg->blocks, b);
			for (guint l = 0; l < bl->lines->len; l++) {
				const QkLine *ln = g_ptr_array_index(bl->lines, l);
				if (strcmp(ln->text, text) == 0)
					return ln;
			}
		}
	}
	return NULL;
}

/* Extracts the variant's PDF to *xml, checks that the run succeeded and
 * warned of repaired, and reads the model back. */
static QkIssue *extract_variant(Variant v, const char *repaired, char **xml)
{
	char *pdf = make_pdf(v);
	*xml = g_strconcat(pdf, ".xml", NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, "-o", *xml, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, repaired));
	qk_run_clear(&r);
	g_free(pdf);
	return qk_model_read_file(*xml, NULL);
}

static void test_founder_latin_font(void)
{
	char *out = NULL;
	QkIssue *issue = extract_variant(PLAIN, "repaired (摇→space ×2, 鄄→- ×1)", &out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);

	const QkLine *spaced = find_line(issue, "关 键 词");
	CU_ASSERT_PTR_NOT_NULL(spaced);
	const QkLine *hyphen = find_line(issue, "Ning-chun");
	CU_ASSERT_PTR_NOT_NULL(hyphen);
	if (hyphen)
		CU_ASSERT_STRING_EQUAL(hyphen->raw ? hyphen->raw : "", "Ning鄄chun");
	/* 摇 from the CJK font at full width is a real character */
	const QkLine *real = find_line(issue, "动摇");
	CU_ASSERT_PTR_NOT_NULL(real);
	if (real)
		CU_ASSERT_PTR_NULL(real->raw);
	gboolean warned = FALSE;
	for (guint i = 0; i < issue->warnings->len; i++) {
		const QkWarning *w = g_ptr_array_index(issue->warnings, i);
		warned |= strcmp(w->code, "glyphs-repaired") == 0 && w->page == 1;
	}
	CU_ASSERT_TRUE(warned);
	qk_issue_free(issue);
	g_free(out);
}

/* The Latin font's 摇 drawn a full em wide (the ideographic space) does not
 * make it a CJK font: its spaces are repaired too (cn_journal_bupt: 8 of
 * page 1's 摇 were repaired before, 18 now). */
static void test_founder_wide_space(void)
{
	char *out = NULL;
	qk_issue_free(extract_variant(WIDE, "摇→space ×2", &out));
	char *xml = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(out, &xml, NULL, NULL));
	/* the spaces are gone from the text, 动摇 (the CJK font's) stays */
	CU_ASSERT_PTR_NULL(strstr(xml, ">关摇键"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, ">动摇<"));
	g_free(xml);
	g_free(out);
}

/* A Founder section number keeps its line's size (the narrow 郾 and 摇
 * are no ideographs: taken for a doubled size's they shrank the run to a
 * quarter em, 2.57 pt, and the number fell out of its heading) and reads
 * 2.1, the white after the full stop no word space. */
static void test_founder_section_number(void)
{
	char *out = NULL;
	QkIssue *issue = extract_variant(NUMBER, "郾→. ×1", &out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	const QkLine *num = find_line(issue, "2.1 关键词");
	CU_ASSERT_PTR_NOT_NULL(num);
	if (num) {
		CU_ASSERT_DOUBLE_EQUAL(num->size, 12, 0.5);
		CU_ASSERT_PTR_NOT_NULL(num->raw ? strstr(num->raw, "2郾1") : NULL);
	}
	qk_issue_free(issue);
	g_free(out);
}

int main(void)
{
	tmpdir = g_dir_make_tmp("qk-repair-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("repair", NULL, NULL);
	CU_add_test(s, "Founder Latin font: 摇 → space, 鄄 → -", test_founder_latin_font);
	CU_add_test(s, "Founder Latin font drawing its space an em wide", test_founder_wide_space);
	CU_add_test(s, "Founder section number 2郾1: its size, 2.1", test_founder_section_number);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
