/*
 * test_ocrdesigns.c — structure on scans whose designs the first dev scans
 * lack, read from the layouts qikan extract made of them at 200 dpi
 * (trimmed to the cover, the TOC page and the later pages' heads):
 *  - chromium-mag-49: title, authors and the page in brackets after dot
 *    leaders on one row; OCR read the leaders' first dot as ；or ：
 *    (刘红宇；……) and lost two pages;
 *  - weasyprint-mag-133: a two-column TOC with the page before the title,
 *    whose 目 OCR lost (录 alone), one page's bracket read as \ (\2),
 *    another page read (0);
 *  - chromium-mag-03: a page in brackets after leaders whose opening one
 *    OCR read as 【 (【4)), the title's end wrapped to the row under it;
 *  - weasyprint-mag-133 again (pages 4 and 6 whole): an article's end
 *    on page 6 after （接第2页）, where OCR stacked the last words of a
 *    row on one spot of the column's edge (产和技术服, no width at all);
 *  - xelatex-mag-50: the section's name over an article beside a bar or
 *    in a frame, read 卷首语| and [本期特稿|, as large as the headline;
 *  - weasyprint-mag-143 (whole): a one-column TOC, pages in brackets after
 *    leaders, authors on rows of their own under the titles, its 目  录
 *    read 一| right of the middle;
 *  - magazine-2023-01 (pages 1–4): a two-column TOC where OCR read a row
 *    or two across the gutter;
 *  - xelatex-mag-137 (pages 1–2): sections on rows of their own over
 *    titles run into leaders, most pages lost, one read CR;
 *  - weasyprint-mag-115 (pages 1–2): pages printed before the titles in
 *    a column of their own, one read as a letter (上 for 4);
 *  - magazine-2023-01 (pages 4, 13, 20), magazine-2023-04 (4 and 21): a
 *    title and a name read in the TOC and over the article, differently;
 *  - xelatex-mag-14 (pages 2–4, 7): authors set in on rows of their own
 *    under titles whose pages stand in a column apart, one page (7) lost.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"
#include "layoutdata.h"

/* The n-th entry of the TOC, sections run together, or NULL. */
static const QkTocEntry *entry(const QkIssue *is, guint n)
{
	for (guint s = 0; s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		if (n < sec->entries->len)
			return g_ptr_array_index(sec->entries, n);
		n -= sec->entries->len;
	}
	return NULL;
}

static guint entries(const QkIssue *is)
{
	guint n = 0;
	for (guint s = 0; s < is->toc->len; s++)
		n += ((const QkTocSection *)g_ptr_array_index(is->toc, s))->entries->len;
	return n;
}

/* The first entry whose title starts with prefix, or NULL. */
static const QkTocEntry *entry_titled(const QkIssue *is, const char *prefix)
{
	for (guint k = 0; k < entries(is); k++) {
		const QkTocEntry *e = entry(is, k);
		if (e->title && g_str_has_prefix(e->title, prefix))
			return e;
	}
	return NULL;
}

/* The layout file structured: its entry whose title opens with prefix
 * is titled title. */
static void assert_entry_title(const char *file, const char *prefix, const char *title)
{
	QkIssue *is = qk_test_structured(file);
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, prefix);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, title);
	qk_issue_free(is);
}

static void assert_authors(const QkTocEntry *e, const char *a, const char *b)
{
	CU_ASSERT_EQUAL_FATAL(e->authors->len, b ? 2u : 1u);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), a);
	if (b)
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), b);
}

/* The layout file structured: its entry whose title opens with prefix
 * is titled title, signed by author alone. */
static void assert_entry_signed(const char *file, const char *prefix,
                                const char *title, const char *author)
{
	QkIssue *is = qk_test_structured(file);
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, prefix);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, title);
	assert_authors(e, author, NULL);
	qk_issue_free(is);
}

/* Each row gives its title, its authors and its page: the authors that
 * ran into leaders read as names (no right-hand column starts there), and
 * under the row whose page OCR lost, 王文娟 李冰 are the authors, not more
 * title. */
static void test_leaders_rows(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-49-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(entries(is), 5);
	static const char *titles[] = {
		"朔州打造招商引资“强磁场”", "乡村特色产业怎样解开增收“密码”",
		"平鲁红山荞麦亮相“云遇中国”", "光伏制造：资源型城市转型的新赛道",
	};
	static const char *pages[] = { "1", "2", "3", "4" };
	for (guint i = 0; i < G_N_ELEMENTS(titles); i++) {
		const QkTocEntry *e = entry(is, i);
		CU_ASSERT_STRING_EQUAL(e->title, titles[i]);
		CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", pages[i]);
	}
	assert_authors(entry(is, 0), "王爽", "任昊");
	assert_authors(entry(is, 2), "曾小", NULL);
	assert_authors(entry(is, 3), "刘红宇", NULL);
	const QkTocEntry *last = entry(is, 4);
	CU_ASSERT(g_str_has_suffix(last->title, "就业的实践"));
	assert_authors(last, "王文娟", "李冰");
	qk_issue_free(is);
}

/* The page is found for its TOC by its rows (its title half lost, rows in
 * pieces); 录 joins no entry, \2) is the page 2 of its row. */
static void test_half_title_rows(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-133-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(entries(is), 6);
	/* its (1) read (0): no page is 0, the article linked gives it */
	CU_ASSERT_STRING_EQUAL(entry(is, 0)->page ? entry(is, 0)->page : "", "1");
	const QkTocEntry *e = entry(is, 2);
	CU_ASSERT_STRING_EQUAL(e->title, "乡村特色产业怎样解开增收“密码”");
	assert_authors(e, "何平", NULL);
	e = entry(is, 3);
	CU_ASSERT(g_str_has_prefix(e->title, "大数据"));
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "2");
	assert_authors(e, "姜东", "梁妮");
	e = entry(is, 5);
	CU_ASSERT_STRING_EQUAL(e->title, "在实践中锤炼年轻干部的真本领");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "4");
	/* the TOC page gives no article */
	for (guint a = 0; a < is->articles->len; a++) {
		const QkArticle *ar = g_ptr_array_index(is->articles, a);
		CU_ASSERT(ar->pdf_first != 2);
	}
	qk_issue_free(is);
}

/* 朔州打造…来自 …… 【4) / 基层的调查报告 / 王爽 任吴: the row's page is 4,
 * the wrapped end joins its title, the names are its authors (not the
 * next entry's title). */
static void test_misread_page_bracket(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-03-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = NULL;
	for (guint i = 0; i < entries(is) && e == NULL; i++)
		if (g_str_has_prefix(entry(is, i)->title ? entry(is, i)->title : "", "朔州打造"))
			e = entry(is, i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "4");
	CU_ASSERT(g_str_has_suffix(e->title, "基层的调查报告"));
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "王爽");
	qk_issue_free(is);
}

/* The stacked words are no headline: the continuation and the rest of
 * the column stay with 乡村特色产业…, and no article is made of them. */
static void test_stacked_words(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-133-p4-6.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *village = NULL;
	for (guint a = 0; a < is->articles->len; a++) {
		const QkArticle *ar = g_ptr_array_index(is->articles, a);
		const char *t = ar->title ? qk_text_get(ar->title) : "";
		CU_ASSERT_PTR_NULL(strstr(t, "技术服"));
		if (g_str_has_prefix(t, "乡村特色产业"))
			village = ar;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(village);
	CU_ASSERT_EQUAL(village->pdf_last, 6);
	GString *body = g_string_new(NULL);
	for (guint i = 0; i < village->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(village->paras, i);
		g_string_append(body, qk_text_get(p->text));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(body->str, "产业发展了，农民能不能分享到"));
	CU_ASSERT_PTR_NOT_NULL(strstr(body->str, "户也能稳定受益。"));
	g_string_free(body, TRUE);
	qk_issue_free(is);
}

/* The names over the articles are their sections' banners: no article of
 * their own, nor a part of the headline under them. */
static void test_framed_banners(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-50-banners.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	gboolean p3 = FALSE, p7 = FALSE;
	for (guint a = 0; a < is->articles->len; a++) {
		const QkArticle *ar = g_ptr_array_index(is->articles, a);
		const char *t = ar->title ? qk_text_get(ar->title) : "";
		CU_ASSERT_PTR_NULL(strstr(t, "卷首语"));
		CU_ASSERT_PTR_NULL(strstr(t, "本期特稿"));
		if (ar->pdf_first == 3) {
			p3 = TRUE;
			CU_ASSERT_STRING_EQUAL(t, "绿电外送通道越走越宽");
			CU_ASSERT_STRING_EQUAL(ar->section ? ar->section : "", "卷首语");
		}
		if (ar->pdf_first == 7) {
			p7 = TRUE;
			CU_ASSERT_STRING_EQUAL(t, "把矛盾纠纷化解在诉讼之前");
			CU_ASSERT_STRING_EQUAL(ar->section ? ar->section : "", "本期特稿");
		}
	}
	CU_ASSERT(p3 && p7);
	qk_issue_free(is);
}

/* The names of an entry linked to its article, at most four characters
 * and a surname opening only one reading: that reading in both (TOC 备福荣
 * 96, byline 孟福荣 100: 孟 is a surname, 备 is not). An organisation's
 * name is no person's: 朔州市人民政府发展研究中心 keeps its 朔 though
 * 朔 is in no list of surnames and a misreading 关 is. */
static void test_surname_reading(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-133-p2-4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(entries(is) > 0);
	assert_authors(entry(is, 0), "孟福荣", NULL);
	qk_issue_free(is);

	is = qk_test_structured("xelatex-mag-64-p2-8.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "弓箭");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "朔州市人民政府发展研究中心", NULL);
	qk_issue_free(is);
}

/* The names read on any page of the article: 加快县域经济发展… has no
 * byline, the TOC reads its author 修强, the signature closing it eight
 * pages on （侯强） (read 〈侯强）): 侯 opens a surname, 修 does not. */
static void test_names_on_last_page(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-130-p2-6-14.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "加快县域经济发展");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "侯强", NULL);
	qk_issue_free(is);
}

/* A one-column TOC whose title OCR read 一| right of the page's middle,
 * over rows that run across the page (title, leaders, page): that 一| was
 * taken for a right-hand column's start, the pages (1)…(7) read as its
 * column and the rows after both (entries 卷首语 / 卢然, 段思远经济观察…
 * and pages without titles, toc 0/7). The rows under it keep it from
 * starting a column. */
static void test_misread_title_over_rows(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-200dpi.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const char *const titles[] = {
		"狠抓落实提效能", "七十余载接续植绿不止步", "外地资源型城市转型",
		"奶业振兴", "上半年全市经济运行", "朔州打造招商引资", "应县推进农村人居环境",
	};
	for (guint k = 0; k < G_N_ELEMENTS(titles); k++) {
		const QkTocEntry *e = entry_titled(is, titles[k]);
		CU_ASSERT_PTR_NOT_NULL(e);
		if (e != NULL)
			CU_ASSERT_EQUAL(g_ascii_strtoll(e->page ? e->page : "0", NULL, 10), k + 1);
	}
	qk_issue_free(is);
}

/* A two-column TOC where OCR ran a row or two across the gutter (稳中承压
 * 蓄势待发 高字 连彩霞 (14) ◆数字朔州 on one line): a right-hand column
 * all the same, since far more of its text starts at its edge than runs
 * across it; a first cut of the rule above, taking any line across it
 * for a one-column TOC's row, read the two columns as one (toc 1/19). */
static void test_two_columns_crossed_once(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const struct { const char *title; const char *page; } rows[] = {
		{ "动力电池产业步入发展快车道", "9" },
		{ "权责清单为行政执法划出边界", "21" },
		{ "以法治之力护航民营经济发展", "22" },
		{ "2022年朔州市1—12月主要经济指标", "26" },
	};
	for (guint k = 0; k < G_N_ELEMENTS(rows); k++) {
		const QkTocEntry *e = entry_titled(is, rows[k].title);
		CU_ASSERT_PTR_NOT_NULL(e);
		if (e != NULL)
			CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", rows[k].page);
	}
	CU_ASSERT(entries(is) >= 17);
	qk_issue_free(is);
}

/* In a TOC that sets the authors on rows of their own, a title whose last
 * word OCR set apart (…到一条 产业链 （4）) read that word as its
 * author, and the authors' row under it (孟福荣) opened the next title:
 * the word is the title's, the row below its authors. */
static void test_word_apart_before_authors_row(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-200dpi.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "奶业振兴");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "奶业振兴：从“一杯奶”到一条产业链");
	assert_authors(e, "孟福荣", NULL);
	e = entry_titled(is, "上半年全市经济运行");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "高明道", NULL);
	qk_issue_free(is);
}

/* A page's opening bracket read twice, (]11) for (11) (magazine-2023-01
 * and -04 at 200 dpi): the ] is no 1 (page 111) but nothing. */
static void test_bracket_read_twice(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "从“跟跑”到“领跑”");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "11");
	qk_issue_free(is);
}

/* Names run together in the TOC (刘淑芳武林, 黄军候强: the scan lost the
 * space) and apart in the byline (刘淑亏 武林, 黄军 候强): the TOC's run
 * split where the byline splits its names (magazine-2023-04 at 200 dpi,
 * the TOC page and the articles' first pages). */
static void test_names_run_together(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-200dpi-p1-4-13-16.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "让工业固废");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "11");
	assert_authors(e, "刘淑芳", "武林");
	e = entry_titled(is, "怀仁陶瓷扬帆出海");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->authors->len, 2);
	if (e->authors->len > 0)
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "黄军");
	qk_issue_free(is);
}

/* Names run together in the TOC and over the article alike (张伟李晓红赵敏,
 * 王文娟李冰: magazine-2023-01 at 200 dpi, printed 张 伟 李晓红 赵 敏):
 * the one way they split into names opening with a surname. */
static void test_names_split_by_surnames(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "动力电池产业步入发展快车道");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 3);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "张伟");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), "李晓红");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 2), "赵敏");
	e = entry_titled(is, "稳就业就是稳民生");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "王文娟", "李冰");
	qk_issue_free(is);
}

/* A row's page read as a bracket alone, set apart in the page column
 * (xelatex-mag-64 at 200 dpi: 让“小网格”托起“大民生” 秦学军 ………… < for
 * 5): a page not read, so the leaders end the row and the names before
 * them are its authors, not the title's. */
static void test_page_read_as_bracket(void)
{
	assert_entry_signed("xelatex-mag-64-p2-8.layout.xml", "让“小网格”",
	                    "让“小网格”托起“大民生”", "秦学军");
}

/* A section set as the TOC's first (bold, larger: 〗卷首语, 〗本期特稿,
 * their bars read 〗) over a title of four characters with its page,
 * after a section line read plain (和基层工作): a section, not the
 * title's start (libreoffice-mag-134 at 200 dpi). */
static void test_section_set_as_first(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-134-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "简讯两则");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "简讯两则");
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "4");
	qk_issue_free(is);
}

/* A row of names and its page OCR misread (何平 (23) read 上, set where
 * the column's names and pages are, magazine-2023-01 at 200 dpi) ends its
 * entry: the next title (外地资源型…) is an entry of its own, not the
 * first one's end. */
static void test_names_row_misread(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "乡村特色产业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "乡村特色产业怎样解开增收“密码”");
	CU_ASSERT_EQUAL(e->authors->len, 0);
	e = entry_titled(is, "外地资源型城市转型的几点经验");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "24");
	assert_authors(e, "赵琪", NULL);
	qk_issue_free(is);
}

/* A TOC title that runs on past its article's headline (and subtitle)
 * into the names printed after it, read again or misread (dev scans at
 * 200 dpi, the TOC page and the article's first): weasyprint-mag-130's
 * …一方人 _连彩霞 (the space before the name read _), xelatex-mag-144's
 * …调研 / 王虎 刘了晓珊 (the names' row taken for the title's), and
 * xelatex-mag-64's …就业的实 / 形 汪入文婧 三末洒 生生直区 (…的实践 /
 * 王文娟 李冰 misread, after the headline and subtitle): the title ends
 * where the article's does, the names the entry's authors. */
static void test_title_run_into_names(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-130-p2-13.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "选好“领头雁”");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "选好“领头雁”带富一方人");
	assert_authors(e, "连彩霞", NULL);
	qk_issue_free(is);
	is = qk_test_structured("xelatex-mag-144-p2-5.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	e = entry_titled(is, "小杂粮撑起大产业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "小杂粮撑起大产业——我市有机旱作农业发展调研");
	qk_issue_free(is);
	is = qk_test_structured("xelatex-mag-64-p2-3.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	e = entry_titled(is, "稳就业就是稳民生");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT(g_str_has_prefix(e->title, "稳就业就是稳民生——我市促进高校毕业生和农民工就业的实"));
	CU_ASSERT_EQUAL(g_utf8_strlen(e->title, -1), 28);
	assert_authors(e, "王文娟", "李冰");
	qk_issue_free(is);
}

/* Characters read before a TOC title that no title opens with, its
 * article's headline following them exactly (dev scans at 200 dpi):
 * libreoffice-mag-58's ”人怀仁陶瓷扬帆出海 (the ” of the page's bracket,
 * (2)”), magazine-2023-04's NE加快县域经济… (a graphic over the row,
 * read as letters): the entry's title is the headline (and, on the whole
 * issue, its names then reconcile with the byline's: 候强, 侯强). */
static void test_stray_before_title(void)
{
	assert_entry_title("libreoffice-mag-58-p2-6.layout.xml", "怀仁陶瓷", "怀仁陶瓷扬帆出海");
	assert_entry_title("magazine-2023-04-p4-8.layout.xml", "加快县域经济",
	                   "加快县域经济发展推动城乡区域协调");
}

/* A TOC page that breaks the order of the pages around it, read a
 * digit short (magazine-2023-04 at 200 dpi: 五年…焕然一新 read 2 for 12,
 * between 11 and 13), where its article's printed page (12) keeps the
 * order: the article's page. */
static void test_page_out_of_order(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-p4-13-15.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "五年");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "12");
	CU_ASSERT_EQUAL(e->pdf_page, 14);
	e = entry_titled(is, "七十余载");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "13");
	qk_issue_free(is);
}

/* A headline whose reading lost its last characters at a line's end,
 * which the TOC read (dev scans at 200 dpi: libreoffice-mag-134's …集群区
 * 试 for …试点, xelatex-mag-50's …与下半年 for …与下半年走势): the
 * longer reading, which the body prints again (…集群区试点名单; 三、下半年
 * 走势研判), is the title in both. */
static void test_title_end_lost(void)
{
	assert_entry_title("libreoffice-mag-134-200dpi-toc.layout.xml", "怀仁经开区",
	                   "怀仁经开区医药园区入选山西省第三批特色产业集群区试点");
	assert_entry_title("xelatex-mag-50-p2-11-12.layout.xml", "上半年全市经济",
	                   "上半年全市经济运行的特点与下半年走势");
}

/* A TOC row of names misread whole (magazine-2023-04 at 200 dpi: 刘贵龙
 * (17) read 汪汪, confidences 86 88), sharing no character with the
 * byline's, which Tesseract read surer (刘贵龙, 99 98 99): the byline's
 * names are the entry's. */
static void test_names_misread_whole(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-p4-19.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "在实践中锤炼");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "刘贵龙", NULL);
	qk_issue_free(is);
}

/* The TOC's 目  录 read 一| right of the middle (weasyprint-mag-143 at
 * 200 dpi): no entry, though it reads as a row without page or names. */
static void test_heading_read_as_mark(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-200dpi.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(entry_titled(is, "一|"));
	CU_ASSERT_PTR_NOT_NULL(entry_titled(is, "奶业振兴"));
	qk_issue_free(is);
}

/* A TOC entry printing its title, a dash and the subtitle, which wraps
 * over two rows (xelatex-mag-64 at 200 dpi: …就业的实 / 形 王文娟…, 形
 * read at 76): the part after the dash is a second reading of the
 * article's subtitle (…就业的实践, 践 at 99), made one with it. */
static void test_subtitle_read_twice(void)
{
	assert_entry_title("xelatex-mag-64-p2-3.layout.xml", "稳就业",
	                   "稳就业就是稳民生——我市促进高校毕业生和农民工就业的实践");
}

/* A plain section (本期特稿 read 本攻全入, its ◆ lost) set at the x of
 * the section above it (◆卷首语), neither larger nor bolder than the title
 * under it, but with that title indented an em right of it as the
 * titles under ◆卷首语 are (magazine-2023-04 at 300 dpi): a section, not
 * the rest of the title above it, whose page OCR did not read. */
static void test_section_by_indent(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-300dpi-p3-5.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "盛会落幕");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "盛会落幕处奋进正当时");
	e = entry_titled(is, "抢抓三季度");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->page ? e->page : "", "3");
	qk_issue_free(is);
}

/* The name of the section holding the entry whose title opens with
 * prefix, or NULL. */
static const char *section_of(const QkIssue *is, const char *prefix)
{
	const QkTocEntry *e = entry_titled(is, prefix);
	for (guint s = 0; e != NULL && s < is->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, s);
		if (g_ptr_array_find(sec->entries, e, NULL))
			return sec->name;
	}
	return NULL;
}

/* xelatex-mag-137 at 200 dpi: sections set over their entries (■卷首语,
 * the bullet lost) where the entry's row runs into leaders whose page
 * OCR lost (畅通县域商业血脉…… without its 3): the section is no start
 * of the title. */
static void test_section_over_lost_page(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-137-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NOT_NULL_FATAL(entry_titled(is, "畅通县域"));
	CU_ASSERT_STRING_EQUAL(section_of(is, "畅通县域") ? section_of(is, "畅通县域") : "", "卷首语");
	CU_ASSERT_PTR_NOT_NULL_FATAL(entry_titled(is, "数字经济"));
	CU_ASSERT_STRING_EQUAL(section_of(is, "数字经济") ? section_of(is, "数字经济") : "", "县域经济");
	qk_issue_free(is);
}

/* weasyprint-mag-115 at 200 dpi: the page column's 4 read 上, opening the
 * row of 弓箭在这里射出第一缕曙光 (its 弓 lost): the letter is a page not
 * read, no part of the title, and the organisation on the row under it
 * signs the entry. */
static void test_page_read_as_letter(void)
{
	assert_entry_signed("weasyprint-mag-115-200dpi-toc.layout.xml", "箭在这里",
	                    "箭在这里射出第一缕曙光", "朔州市人民政府发展研究中心");
}

/* xelatex-mag-137 at 200 dpi: the page after a row's leaders read CR
 * (怀仁市上半年市场主体保持较快增长 …… CR, 5 in 6.5 pt): a page not
 * read, no text, so the row is an entry of its own under 改革探索, its
 * name on the row under it. */
static void test_page_read_as_letters(void)
{
	assert_entry_signed("xelatex-mag-137-200dpi-toc.layout.xml", "怀仁市",
	                    "怀仁市上半年市场主体保持较快增长", "程刚");
	QkIssue *is = qk_test_structured("xelatex-mag-137-200dpi-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_STRING_EQUAL(section_of(is, "怀仁市") ? section_of(is, "怀仁市") : "", "改革探索");
	qk_issue_free(is);
}

/* The article an entry links to, or NULL. */
static const QkArticle *article_of(const QkIssue *is, const QkTocEntry *e)
{
	for (guint i = 0; e->article_id && i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		if (strcmp(a->id, e->article_id) == 0)
			return a;
	}
	return NULL;
}

/* The line of the block with id bid whose text holds want, or NULL. */
static const QkLine *line_with(const QkIssue *is, const char *bid, const char *want)
{
	for (guint p = 0; p < is->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(is->pages, p);
		for (guint k = 0; k < pg->blocks->len; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			for (guint i = 0; strcmp(b->id, bid) == 0 && i < b->lines->len; i++) {
				const QkLine *l = g_ptr_array_index(b->lines, i);
				if (strstr(l->text, want))
					return l;
			}
		}
	}
	return NULL;
}

/* A title and a name read twice, in the TOC and over the article
 * (magazine-2023-01 at 200 dpi, pages 4, 13 and 20): the TOC's title wraps
 * over three of the layout's blocks (…与地广, 广 94), the headline reads
 * 地方 (99) over two; the byline reads 孙局 (局 95), the TOC 孙悦 (悦 97).
 * The title is one reading in both, the TOC's line keeping what OCR read;
 * the article takes the TOC's name, of which Tesseract was surer (but
 * not the other way round by so little, below). */
static void test_readings_settled(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-200dpi-p4-13-20.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "从“跟跑”");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	char *t = qk_structure_squeeze(e->title);
	CU_ASSERT_STRING_EQUAL(t, "从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国机遇与地方产业链布局");
	g_free(t);
	assert_authors(e, "孙悦", NULL);
	const QkArticle *a = article_of(is, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "孙悦");
	/* annotate, never destroy: the TOC's line says what was read */
	const QkLine *l = line_with(is, "p4-b13", "与地方");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l->raw);
	CU_ASSERT_PTR_NOT_NULL(strstr(l->raw, "与地广"));
	/* TOC 李冰 (87), byline 李订 (92, page 20): the TOC's stays */
	e = entry_titled(is, "稳就业");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	assert_authors(e, "王文娟", "李冰");
	qk_issue_free(is);
}

/* A headline's last letter the TOC's reading lacks (magazine-2023-04 at
 * 200 dpi: the TOC's 11.5 pt row 大数据“慧眼”揪出套牌“硕, the headline
 * at 15 pt …套牌“硕鼠, 鼠 93): the headline's, in both. */
static void test_headline_end_kept(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-200dpi-p4-21.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "大数据");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "大数据“慧眼”揪出套牌“硕鼠”");
	const QkArticle *a = article_of(is, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->title->text, "大数据“慧眼”揪出套牌“硕鼠”");
	qk_issue_free(is);
}

/* xelatex-mag-14 at 200 dpi: the TOC sets each entry's authors in, on a
 * row of their own under its title; OCR lost the page of 动力电池…的机遇
 * (7): its names row is still the entry's authors, not the title's end
 * (which went on to the article's subtitle, …的机遇张伟). */
static void test_names_under_lost_page(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-toc-p7.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkTocEntry *e = entry_titled(is, "动力电池");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->title, "动力电池产业步入发展快车道——兼谈我市锂电材料产业的机遇");
	CU_ASSERT_EQUAL_FATAL(e->authors->len, 3u);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "张伟");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 2), "赵敏");
	const QkArticle *a = article_of(is, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a->subtitle);
	CU_ASSERT_STRING_EQUAL(a->subtitle->text, "——兼谈我市锂电材料产业的机遇");
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrdesigns", NULL, NULL);
	CU_add_test(s, "rows with leaders, pages lost", test_leaders_rows);
	CU_add_test(s, "TOC with half its title", test_half_title_rows);
	CU_add_test(s, "a page's bracket misread", test_misread_page_bracket);
	CU_add_test(s, "stacked words are no headline", test_stacked_words);
	CU_add_test(s, "section banners in frames", test_framed_banners);
	CU_add_test(s, "a name opens with a surname", test_surname_reading);
	CU_add_test(s, "names read on the article's last page", test_names_on_last_page);
	CU_add_test(s, "a TOC title misread over rows", test_misread_title_over_rows);
	CU_add_test(s, "two TOC columns, a row read across", test_two_columns_crossed_once);
	CU_add_test(s, "a word set apart before an authors' row", test_word_apart_before_authors_row);
	CU_add_test(s, "a page's bracket read twice", test_bracket_read_twice);
	CU_add_test(s, "names run together in the TOC", test_names_run_together);
	CU_add_test(s, "names run together split by surnames", test_names_split_by_surnames);
	CU_add_test(s, "a page read as a bracket alone", test_page_read_as_bracket);
	CU_add_test(s, "a section set as the first", test_section_set_as_first);
	CU_add_test(s, "a row of names and its page misread", test_names_row_misread);
	CU_add_test(s, "a TOC title run into its names", test_title_run_into_names);
	CU_add_test(s, "characters before a TOC title", test_stray_before_title);
	CU_add_test(s, "a TOC page out of order", test_page_out_of_order);
	CU_add_test(s, "a headline's last characters lost", test_title_end_lost);
	CU_add_test(s, "a TOC row of names misread whole", test_names_misread_whole);
	CU_add_test(s, "a TOC heading read as a mark", test_heading_read_as_mark);
	CU_add_test(s, "a subtitle read twice", test_subtitle_read_twice);
	CU_add_test(s, "a section set apart by its titles' indent", test_section_by_indent);
	CU_add_test(s, "a section over a row whose page was lost", test_section_over_lost_page);
	CU_add_test(s, "a page read as a letter", test_page_read_as_letter);
	CU_add_test(s, "a page after leaders read as letters", test_page_read_as_letters);
	CU_add_test(s, "a title and a name read twice settled", test_readings_settled);
	CU_add_test(s, "a headline's last letter the TOC lost", test_headline_end_kept);
	CU_add_test(s, "a names row under a title whose page was lost", test_names_under_lost_page);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
