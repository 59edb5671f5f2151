/*
 * test_tocrows.c — a TOC page found by its rows when OCR lost its own
 * title: chromium-mag-02 scanned at 200 dpi, whose large bold 目 录 OCR
 * never read. The layout qikan extract made of the scan, trimmed to the
 * cover, the TOC page and the later pages' headlines
 * (data/chromium-mag-02-toc.layout.xml). Then a TOC read on a scan, on
 * layouts of other dev scans trimmed the same way.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"
#include "layoutdata.h"


static QkIssue *load(void)
{
	return qk_test_layout("chromium-mag-02-toc.layout.xml");
}

/* A layout of data/ (name) with its structure found. */
static QkIssue *structured(const char *name)
{
	QkIssue *is = qk_test_layout(name);
	if (is != NULL)
		qk_structure_issue(is);
	return is;
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

/* ---- a TOC read on a scan: the entry's reading and the headline's made
 * one (structure/twice.c), the rows as OCR reads them (toc.c, tocpage.c);
 * layouts of other dev scans, trimmed the same way ---- */

/* The entry whose title starts with start, or NULL. */
static const QkTocEntry *entry_starting(const QkIssue *is, const char *start)
{
	for (guint s = 0; s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint e = 0; e < sec->entries->len; e++) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			if (en->title && g_str_has_prefix(en->title, start))
				return en;
		}
	}
	return NULL;
}

/* The name of the section holding e ("" when none). */
static const char *section_of(const QkIssue *is, const QkTocEntry *e)
{
	for (guint s = 0; s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint k = 0; k < sec->entries->len; k++)
			if (g_ptr_array_index(sec->entries, k) == e)
				return sec->name ? sec->name : "";
	}
	return "";
}

/* Its title without spaces (g_free). */
static char *squeezed_title(const QkTocEntry *e)
{
	return qk_structure_squeeze(e && e->title ? e->title : "");
}

/* chromium-mag-02: the TOC prints title, dash and subtitle, and OCR read
 * the dash 一一 (怀仁陶瓷扬帆出海一一一个传统产业…); where the headline's
 * title (怀仁陶瓷扬帆出海) ends the entry goes on with its subtitle, so
 * what stands there is the dash ——. */
static void test_subtitle_dash(void)
{
	QkIssue *is = structured("chromium-mag-02-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const char *const titles[][2] = {
		{ "盛会落幕处", "盛会落幕处奋进正当时——写在项目建设攻坚年" },
		{ "怀仁陶瓷", "怀仁陶瓷扬帆出海——一个传统产业的转型升级之路" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(titles); i++) {
		char *t = squeezed_title(entry_starting(is, titles[i][0]));
		CU_ASSERT_STRING_EQUAL(t, titles[i][1]);
		g_free(t);
	}
	qk_issue_free(is);
}

/* libreoffice-mag-10: the TOC read 成会： 落幕处备进正当时 (成 95, ：98,
 * 备 96), the headline over the article 盛会落幕处奋进正当时 (99, 100):
 * three edits apart, one of them a mark more in the TOC; each stretch
 * where they differ is the surer reading's, in the entry, the headline
 * and the TOC line read. */
static void test_three_apart(void)
{
	QkIssue *is = structured("libreoffice-mag-10-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = NULL;
	for (guint s = 0; s < is->toc->len && e == NULL; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint k = 0; k < sec->entries->len && e == NULL; k++) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, k);
			if (en->page && strcmp(en->page, "11") == 0)
				e = en;
		}
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	char *t = squeezed_title(e);
	CU_ASSERT_STRING_EQUAL(t, "盛会落幕处奋进正当时");
	g_free(t);
	/* the TOC's line says so too, its confidences one a character */
	const QkPage *p = g_ptr_array_index(is->pages, 1);
	gboolean seen = FALSE;
	for (guint b = 0; b < p->blocks->len; b++) {
		const QkBlock *bl = g_ptr_array_index(p->blocks, b);
		for (guint l = 0; l < bl->lines->len; l++) {
			const QkLine *ln = g_ptr_array_index(bl->lines, l);
			CU_ASSERT_PTR_NULL(strstr(ln->text, "落幕处备进"));
			if (strstr(ln->text, "落幕处奋进") != NULL) {
				seen = TRUE;
				CU_ASSERT_EQUAL(g_utf8_strlen(ln->text, -1), (glong)strlen(ln->conf));
			}
		}
	}
	CU_ASSERT(seen);
	qk_issue_free(is);
}

/* libreoffice-mag-16: the TOC read 从跟跑到“领跑：全球…布局, two quotes
 * lost; the headline is set in two title blocks (从“跟跑”到“领跑”：…产业加
 * / 速变革中的…布局), read as one, whose quotes pair up: the entry takes
 * them. Under 把矛盾纠纷化解在诉讼之前 OCR read no names, in a TOC whose
 * other entries print theirs: the byline's 王志福 is the entry's. */
static void test_headline_in_two_blocks(void)
{
	QkIssue *is = structured("libreoffice-mag-16-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	char *t = squeezed_title(entry_starting(is, "从"));
	CU_ASSERT_STRING_EQUAL(t, "从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国机遇与地方产业链布局");
	g_free(t);
	const QkTocEntry *e = entry_starting(is, "把矛盾纠纷");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "王志福");
	qk_issue_free(is);
}

/* mini at 150 dpi: the TOC read the author of 园区里的“追光者” 也小节, the
 * byline 卫小宁, two characters apart; the issue prints 卫小宁 twice more
 * (the masthead's 执行编辑：卫小宁, a photo's 卫小宁摄), so that reading
 * is the name's. */
static void test_name_majority(void)
{
	QkIssue *is = structured("mini-150dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "园区里的");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "卫小宁");
	qk_issue_free(is);
}

/* mini at 300 dpi: the TOC read the names of 县域特色农业如何走出… as
 * 周 平郑海燕 (a name of one character, which no person's is), the byline
 * 周平郑海: split where the byline splits, 周平 郑海燕. The section
 * ◆调查信息 read 令调查信息, set as ◆经济社会 above it: a section (its
 * entry the page alone under it). */
static void test_names_split_as_byline(void)
{
	QkIssue *is = structured("mini-300dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "县域特色农业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "周平");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "郑海燕");
	const QkTocSection *info = NULL;
	for (guint k = 0; k < is->toc->len; k++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, k);
		if (sec->name && strcmp(sec->name, "调查信息") == 0)
			info = sec;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(info);
	CU_ASSERT_EQUAL_FATAL(info->entries->len, 1);
	const QkTocEntry *only = g_ptr_array_index(info->entries, 0);
	CU_ASSERT_PTR_NULL(only->title);
	CU_ASSERT_STRING_EQUAL(only->page ? only->page : "", "5");
	qk_issue_free(is);
}

/* weasyprint-mag-115: the headline read 大数据| “慧眼”…, a stray bar
 * (55) the TOC's reading lacks: the titles one, the names are compared;
 * the TOC read 梁妮 (妮 88), the byline 梁九 (九 94): about as sure, so
 * each stays as read (the TOC's is right). */
static void test_names_about_as_sure(void)
{
	QkIssue *is = structured("weasyprint-mag-115-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = NULL;
	for (guint k = 0; k < is->articles->len && a == NULL; k++) {
		const QkArticle *x = g_ptr_array_index(is->articles, k);
		if (x->title && strstr(qk_text_get(x->title), "慧眼"))
			a = x;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	char *t = qk_structure_squeeze(qk_text_get(a->title));
	CU_ASSERT_STRING_EQUAL(t, "大数据“慧眼”揪出套牌“硕鼠”");
	g_free(t);
	const QkTocEntry *e = entry_starting(is, "大数据");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "梁妮");
	qk_issue_free(is);
}

/* chromium-mag-02: the last section's head 县域经济, bold as the three
 * above it (乡村振兴, 经济观察, 调查研究), over a row whose page OCR lost,
 * is a section, not the row's title's start; the names set smaller under
 * that row (王虎 刘晓) are its authors, not its title's end. */
static void test_section_look(void)
{
	QkIssue *is = structured("chromium-mag-02-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "小杂粮撑起大产业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(section_of(is, e), "县域经济");
	CU_ASSERT_PTR_NULL(strstr(e->title, "王虎"));
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "王虎");
	e = entry_starting(is, "怀仁陶瓷");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(section_of(is, e), "调查研究");
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
	QkIssue *is = structured("mini-150dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "2023年");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "2023年朔州市1—10月主要经济指标");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "6");
	qk_issue_free(is);
}

/* chromium-mag-03: 让工业固废…我市工业 …… (7) / 固废综合利用的实践与 思考
 * / 刘淑芳 武林: the title's last row ends in a word OCR set one space
 * apart (思考 reads as a name); the row of names under it gives the
 * entry's authors, so the word is the title's end, not a first author. */
static void test_title_end_over_names_row(void)
{
	QkIssue *is = structured("chromium-mag-03-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "让工业固废");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	char *t = squeezed_title(e);
	CU_ASSERT(g_str_has_suffix(t, "的实践与思考"));
	g_free(t);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "刘淑芳");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "武林");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "7");
	qk_issue_free(is);
}

/* xelatex-mag-43's TOC page scanned at 100 dpi: each row's page (in
 * brackets far right, after leaders) a block of its own; OCR read the
 * third row's (3) as 13), its opening bracket lost or misread. That
 * piece at the row's end is the row's page all the same: the entry ends
 * there, its names are its authors and its title has no leaders or
 * bracket left in it (it ran on with the row's junk and no page). */
static void test_misread_page_piece(void)
{
	QkIssue *is = structured("xelatex-mag-43-100dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "让党旗");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(e->page);
	CU_ASSERT_PTR_NULL(strchr(e->title, ')'));
	CU_ASSERT_PTR_NULL(strchr(e->title, '.'));
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "石剑英");
	qk_issue_free(is);
}

/* chromium-mag-49's TOC page scanned at 150 dpi: the leader dots too fine
 * to be found in the image, OCR read them as dashes, in pieces whose
 * boxes run far wider than their characters (任昊——: 130 pt for four
 * characters of 9 pt). Those dashes are leaders: 任昊 is a name at the
 * row's end, no right-hand column's title, and the rows keep their
 * pieces (朔州打造… 王夷 任昊 …… (1); 光伏制造… 刘红宇 …… 1). */
static void test_dash_leaders(void)
{
	QkIssue *is = structured("chromium-mag-49-150dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "朔州打造");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "朔州打造招商引资“强磁场”");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "1");
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "任昊");
	e = entry_starting(is, "光伏制造");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(section_of(is, e), "改革探索");
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "刘红宇");
	qk_issue_free(is);
}

/* chromium-mag-03 at 200 dpi: the names under 稳就业就是稳民生 …… (1) read
 * E文娟 李冰 (王 read E): a row of names all the same, the entry's
 * authors (not its title's end); the byline 本刊记者王文娟 李冰, surer of
 * 王 (99 against 90), gives the name. */
static void test_latin_misread_name(void)
{
	QkIssue *is = structured("chromium-mag-03-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_starting(is, "稳就业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "稳就业就是稳民生");
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "王文娟");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "李冰");
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("tocrows", NULL, NULL);
	CU_add_test(s, "TOC page found by its rows", test_toc_from_rows);
	CU_add_test(s, "a subtitle's dash read 一一 in the TOC", test_subtitle_dash);
	CU_add_test(s, "a title read three edits apart", test_three_apart);
	CU_add_test(s, "a headline in two blocks, names not read in the TOC",
	            test_headline_in_two_blocks);
	CU_add_test(s, "a name two characters apart, printed twice more", test_name_majority);
	CU_add_test(s, "names split as the byline, a bullet misread", test_names_split_as_byline);
	CU_add_test(s, "a name read about as surely both ways", test_names_about_as_sure);
	CU_add_test(s, "a section set as the sections above it", test_section_look);
	CU_add_test(s, "a range's numerals, a slogan at the foot", test_numerals_and_foot);
	CU_add_test(s, "a title's end over its row of names", test_title_end_over_names_row);
	CU_add_test(s, "a scan's page piece misread at the row's end", test_misread_page_piece);
	CU_add_test(s, "a scan's leaders read as dashes", test_dash_leaders);
	CU_add_test(s, "a name's first character read as a Latin letter", test_latin_misread_name);

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
