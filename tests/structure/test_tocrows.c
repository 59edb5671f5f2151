/*
 * test_tocrows.c — a TOC page found by its rows when OCR lost its own
 * title: chromium-mag-02 scanned at 200 dpi, whose large bold 目 录 OCR
 * never read. The layout qikan extract made of the scan, trimmed to the
 * cover, the TOC page and the later pages' headlines
 * (data/chromium-mag-02-toc.layout.xml).
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"
#include "xmlio.h"

static QkIssue *load_named(const char *name)
{
	const char *root = g_getenv("QK_SOURCE_ROOT");
	char *path = g_build_filename(root ? root : ".", "tests", "structure", "data",
	                              name, NULL);
	GError *err = NULL;
	QkIssue *is = qk_model_read_file(path, &err);
	if (is == NULL)
		fprintf(stderr, "\n  %s: %s\n", path, err ? err->message : "?");
	g_clear_error(&err);
	g_free(path);
	return is;
}

static QkIssue *load(void)
{
	return load_named("chromium-mag-02-toc.layout.xml");
}

/* The rows of page 2 (numbers alone before titles and authors, section
 * heads) make it the TOC: its six entries, the first five with their
 * printed pages (OCR lost the sixth's 7), linked to the articles on
 * those pages; the TOC page gives no article. */
static void test_toc_from_rows(void)
{
	QkIssue *is = load();
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	qk_structure_issue(is);
	static const char *pages[] = { "1", "2", "4", "5", "6" };
	guint n = 0, linked = 0;
	for (guint s = 0; s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint e = 0; e < sec->entries->len; e++, n++) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			if (n < G_N_ELEMENTS(pages))
				CU_ASSERT_STRING_EQUAL(en->page ? en->page : "", pages[n]);
			linked += en->article_id != NULL;
		}
	}
	CU_ASSERT_EQUAL(n, 6);
	CU_ASSERT(linked >= 5);
	const QkTocSection *first = is->toc->len ? g_ptr_array_index(is->toc, 0) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_STRING_EQUAL(first->name, "乡村振兴");
	const QkTocEntry *e0 = g_ptr_array_index(first->entries, 0);
	CU_ASSERT_STRING_EQUAL(e0->title, "畅通县域商业血脉释放农村消费潜力");
	CU_ASSERT_EQUAL(e0->pdf_page, 3);
	for (guint a = 0; a < is->articles->len; a++) {
		const QkArticle *ar = g_ptr_array_index(is->articles, a);
		CU_ASSERT(ar->pdf_first != 2);
	}
	qk_issue_free(is);
}

/* The entry whose title starts with start, or NULL; *section set to
 * its section's name. */
static const QkTocEntry *entry_starting(const QkIssue *is, const char *start,
                                        const char **section)
{
	for (guint s = 0; s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint e = 0; e < sec->entries->len; e++) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			if (en->title && g_str_has_prefix(en->title, start)) {
				*section = sec->name;
				return en;
			}
		}
	}
	return NULL;
}

/* The last section's head 县域经济, bold as the three above it (乡村振兴,
 * 经济观察, 调查研究), over a row whose page OCR lost, is a section, not
 * the row's title's start; the names set smaller under that row (王虎
 * 刘晓) are its authors, not its title's end. */
static void test_section_look(void)
{
	QkIssue *is = load();
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	qk_structure_issue(is);
	const char *section = NULL;
	const QkTocEntry *e = entry_starting(is, "小杂粮撑起大产业", &section);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(section ? section : "", "县域经济");
	CU_ASSERT_PTR_NULL(strstr(e->title, "王虎"));
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "王虎");
	CU_ASSERT_PTR_NOT_NULL(entry_starting(is, "怀仁陶瓷", &section));
	CU_ASSERT_STRING_EQUAL(section ? section : "", "调查研究");
	qk_issue_free(is);
}

/* mini at 150 dpi (its TOC page, the masthead page and the pages
 * printing 卫小宁; the other pages' headlines): the last entry's range
 * 1—10 read ]一10 (a Han 一 between digits is a dash, a bracket closing
 * none before it a 1), and a slogan at the page's foot, read in pieces,
 * its middle one a TOC line 300 pt under the last row, is no part of
 * that entry's title. */
static void test_numerals_and_foot(void)
{
	QkIssue *is = load_named("mini-150dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	qk_structure_issue(is);
	const char *section = NULL;
	const QkTocEntry *e = entry_starting(is, "2023年", &section);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "2023年朔州市1—10月主要经济指标");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "6");
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("tocrows", NULL, NULL);
	CU_add_test(s, "TOC page found by its rows", test_toc_from_rows);
	CU_add_test(s, "a section set as the sections above it", test_section_look);
	CU_add_test(s, "a range's numerals, a slogan at the foot", test_numerals_and_foot);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
