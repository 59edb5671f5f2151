/*
 * test_ocrres.c — segmentation on scans read at another resolution than
 * the dev scans' 200 dpi, where OCR loses or merges other things: real
 * layouts qikan extract made of dev magazines scanned at 150 and 300 dpi
 * (scripts/make-scans), trimmed to the pages in question (the other pages
 * kept empty, so page numbers hold):
 *
 * - data/xelatex-mag-57-300dpi-p4.layout.xml: page 4, the numbered
 *   heading 四、城市治理更加精细 read 、城市治理更加精细 (四 lost) and
 *   measured as a headline;
 * - data/xelatex-mag-57-150dpi-p10.layout.xml: page 10, the heading
 *   一、上半年经济运行的主要特 read without its 一 and joined in one
 *   block with a pull quote's two lines 73 pt under it, the quote's last
 *   line 1.6%。 measured 8.5 pt under its 12 pt lines; the byline under
 *   the headline read 口高明道黄军 (□ read 口, the white after it lost);
 * - data/weasyprint-mag-143-150dpi-cont.layout.xml: pages 7, 9 and 10, an
 *   article going on at page 10's top under （上接第5页） read
 *   {上接第5页）, a headline on page 9 above it;
 * - data/weasyprint-mag-143-300dpi-p8.layout.xml: page 8, the headline
 *   朔州打造招商“引资”强磁场 read in two pieces on its row, 朔州打造招商 |
 *   引资5强磁场”, parted where the opening quote left white, and a pull
 *   quote under a photo read in three blocks, body, heading and body
 *   (与过去“捡到篮子里都是菜"的做 | 法不同，…的完整性和协 | 同性。);
 * - data/xelatex-mag-57-300dpi-p8.layout.xml: page 8, the heading
 *   一、全球市场进入规模化发展阶段 wrapped, its last line 阶段 measured
 *   bold at 11.5 pt and set apart as a headline;
 * - data/xelatex-mag-57-300dpi-p5.layout.xml: page 5, the byline parted
 *   into 国务 and 院发展研究中心市场经济 研究所高级统计师黎梅, the reading
 *   order putting the first column's text between the pieces;
 * - data/weasyprint-mag-143-150dpi-p11.layout.xml: page 11, a notice's
 *   title 绿色出行低碳生活 at 27 pt over its text's first words 少开一天
 *   at 12 pt, read as a headline apart from the rest of their row, and
 *   the label under its text, 公益广告 in 7 pt, read 公益广孔 (孔 at 81);
 * - data/weasyprint-mag-143-150dpi-p8.layout.xml: page 8, a pull quote's
 *   first three lines and, 41 pt under them, the heading
 *   一、瞄准产业链精准招商 read as one block of text;
 * - data/weasyprint-mag-130-200dpi-p7.layout.xml (a dev scan at 200 dpi):
 *   page 7, a pull quote at 11.5 pt over 9.5 pt text read 光伏制造的上游
 *   环节，特别是工业硅/台炼、多品硅提纯和单品硅拉棒，都是用电大户。, the
 *   text 光伏制造的上游环司，特别是工业硅治炼、多晶硅提纯和单晶硅拉棒，….
 * - data/weasyprint-mag-143-200dpi-p8.layout.xml and
 *   data/weasyprint-mag-133-200dpi-p6.layout.xml (dev scans at 200 dpi):
 *   an editor's note across the columns whose first line OCR read in two
 *   pieces, …本期刊发的这组 | 文章，从不同侧面记录了基层干…, the right one a
 *   block read after the note's second line (143 p8) or after the page's
 *   third column (133 p6).
 * - data/chromium-mag-03-200dpi-p5.layout.xml and
 *   data/magazine-2023-01-200dpi-p17.layout.xml (dev scans at 200 dpi):
 *   a picture's edge read as letters at 2 pt in 8.5 pt text
 *   (Reeeeeeeaaameeeemeemeeeeeaaaa) and at 3 pt in 10.5 pt (◆iYO).
 * - data/chromium-mag-03-200dpi-p6-7.layout.xml (a dev scan at 200 dpi):
 *   an editor's note in a box under the running head's rule, taken by
 *   extract for a table (2023年第11期 | P5 its header row, the note one
 *   cell across both columns).
 * - data/chromium-mag-49-200dpi-p8-9.layout.xml (a dev scan at 200 dpi):
 *   the heading 一、拓宽高校毕业生就业渠道 over a table, taken by extract
 *   for the table's title, the table's own in its first row.
 * - data/libreoffice-mag-134-200dpi-p3.layout.xml (a dev scan at 200 dpi):
 *   the second of four columns' last line, 纠纷在立案前就得到了解决。, a
 *   block read after the third and fourth columns.
 * - data/chromium-mag-03-200dpi-p4.layout.xml and
 *   data/weasyprint-mag-133-200dpi-p4.layout.xml (dev scans at 200 dpi):
 *   a photo's foot read EECEEEEEEEESE光, a picture's edge over a caption
 *   read □reeremommrremmreerz (measured as a byline).
 * - data/libreoffice-mag-58-200dpi-p9.layout.xml (a dev scan at 200 dpi):
 *   the byline 作者：张翼飞 read 作者 :张翼飞, a space before the colon.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"
#include "layout.h"
#include "layoutdata.h"

/* How many times the issue's paragraphs print needle. */
static int times_read(const QkIssue *is, const char *needle)
{
	int n = 0;
	for (guint k = 0; k < is->articles->len; k++) {
		const QkArticle *a = g_ptr_array_index(is->articles, k);
		for (guint i = 0; i < a->paras->len; i++)
			for (const char *q = strstr(qk_test_text(((const QkPara *)g_ptr_array_index(a->paras, i))->text), needle);
			     q != NULL; q = strstr(q + 1, needle))
				n++;
	}
	return n;
}

/* TRUE when a has a heading paragraph reading text. */
static gboolean has_heading(const QkArticle *a, const char *text)
{
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		if (p->kind == QK_PARA_HEADING && strcmp(qk_test_text(p->text), text) == 0)
			return TRUE;
	}
	return FALSE;
}

/* The heading whose numeral OCR lost is the article's fourth heading,
 * read 四、…, and no headline of another article. */
static void test_numeral_lost(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-300dpi-p4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_TRUE(has_heading(a, "三、城市颜值持续提升"));
	CU_ASSERT_TRUE(has_heading(a, "四、城市治理更加精细"));
	qk_issue_free(is);
}

/* The heading and the quote far under it are two blocks: the heading
 * goes into the article (一、…), the quote with its last line is no
 * article of its own. */
static void test_heading_and_quote_joined(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-150dpi-p10.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "上半年全市经济运行的特点与下半年走势");
	CU_ASSERT_TRUE(has_heading(a, "一、上半年经济运行的主要特"));
	CU_ASSERT_TRUE(has_heading(a, "二、需要关注的问题"));
	qk_issue_free(is);
}

/* The continued part on page 10 is the part of page 7's article its
 * marker names, with the brace OCR read for its bracket, not the end of
 * page 9's article. */
static void test_continued_brace(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-150dpi-cont.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	const QkArticle *b = g_ptr_array_index(is->articles, 1);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "上半年全市经济运行的特点与下半年走势");
	CU_ASSERT_EQUAL(a->pdf_last, 10);
	CU_ASSERT_STRING_EQUAL(qk_test_text(b->title), "应县推进农村人居环境整治提升");
	CU_ASSERT_EQUAL(b->pdf_last, 9);
	qk_issue_free(is);
}

/* The two pieces of page 8's headline are one article's headline. */
static void test_headline_pieces(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-300dpi-p8.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "朔州打造招商引资5强磁场”");
	CU_ASSERT_STRING_EQUAL(a->authors->len > 0 ? (const char *)g_ptr_array_index(a->authors, 0) : "", "任旺");
	qk_issue_free(is);
}

/* The pull quote read in three blocks is no text: the sentence it
 * repeats is read once, and no heading of the quote's words is made. */
static void test_quote_in_three_blocks(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-300dpi-p8.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		CU_ASSERT_FALSE(g_str_has_prefix(qk_test_text(p->text), "法不同"));
		CU_ASSERT_STRING_NOT_EQUAL(qk_test_text(p->text), "同性。");
	}
	CU_ASSERT_EQUAL(times_read(is, "捡到篮子"), 1);
	qk_issue_free(is);
}

/* The quote set larger than the text, more than one edit in ten from
 * the text's reading of its sentence, is no text: the sentence is read
 * once. */
static void test_large_quote_read_apart(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-130-200dpi-p7.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL(times_read(is, "光伏制造的上游环"), 1);
	qk_issue_free(is);
}

/* The heading's wrapped last line ends the heading: one article, its
 * headings 一、… and 二、… */
static void test_heading_end_apart(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-300dpi-p8.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	guint n = 0;
	const QkArticle *a = NULL;
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *o = g_ptr_array_index(is->articles, i);
		if (o->pdf_first == 8) {
			a = o;
			n++;
		}
	}
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_TRUE(has_heading(a, "一、全球市场进入规模化发展阶段"));
	CU_ASSERT_TRUE(has_heading(a, "二、我国产业的比较优势"));
	qk_issue_free(is);
}

/* The byline's two pieces are one byline, naming 黎梅, not 国务; its
 * rest is no text. */
static void test_byline_pieces_apart(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-300dpi-p5.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = NULL;
	for (guint i = 0; i < is->articles->len && a == NULL; i++) {
		const QkArticle *o = g_ptr_array_index(is->articles, i);
		if (strcmp(qk_test_text(o->title), "怀仁市上半年市场主体保持较快增长") == 0)
			a = o;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "黎梅");
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		CU_ASSERT_PTR_NULL(strstr(qk_test_text(p->text), "统计师"));
	}
	qk_issue_free(is);
}

/* The notice's title is its title alone: the words under it, set at
 * under half its size, are its text. */
static void test_small_under_headline(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-150dpi-p11.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "绿色出行低碳生活");
	CU_ASSERT_FATAL(a->paras->len > 0);
	const QkPara *p = g_ptr_array_index(a->paras, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(p->text), "少开一天");
	qk_issue_free(is);
}

/* The label closing the notice, one character misread (公益广孔), is
 * the notice's label: the item is a notice, the label no text of it. */
static void test_notice_label_misread(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-150dpi-p11.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL(a->kind, QK_ITEM_NOTICE);
	for (guint i = 0; i < a->paras->len; i++)
		CU_ASSERT_PTR_NULL(strstr(qk_test_text(((const QkPara *)g_ptr_array_index(a->paras, i))->text),
		                          "公益广"));
	qk_issue_free(is);
}

/* The quote and the heading far under it are two blocks: the heading is
 * the article's, the quote no text (the sentence it repeats is read
 * once). */
static void test_quote_and_heading_joined(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-143-150dpi-p8.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_TRUE(has_heading(a, "一、瞄准产业链精准招商"));
	CU_ASSERT_EQUAL(times_read(is, "篮子里"), 1);
	qk_issue_free(is);
}

/* The line under page 10's headline, 口 and two names run together, is
 * the byline naming both, no text. */
static void test_byline_mark_no_white(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-150dpi-p10.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "高明道");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "黄军");
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		CU_ASSERT_PTR_NULL(strstr(qk_test_text(p->text), "高明道"));
	}
	qk_issue_free(is);
}

/* A note's line read in two pieces reads on, in order, in its paragraph. */
static void test_row_rest_apart(void)
{
	const char *files[] = { "weasyprint-mag-143-200dpi-p8.layout.xml",
	                        "weasyprint-mag-133-200dpi-p6.layout.xml" };
	for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
		QkIssue *is = qk_test_structured(files[f]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(is);
		CU_ASSERT_EQUAL(times_read(is, "本期刊发的这组文章，从不同侧面记录了基层干"), 1);
		qk_issue_free(is);
	}
}

/* Letters a quarter of the text's size, or Latin letters of few kinds
 * repeated, are no text of any article. */
static void test_noise_letters(void)
{
	const char *files[] = { "chromium-mag-03-200dpi-p5.layout.xml",
	                        "magazine-2023-01-200dpi-p17.layout.xml",
	                        "chromium-mag-03-200dpi-p4.layout.xml",
	                        "weasyprint-mag-133-200dpi-p4.layout.xml" };
	const char *junk[] = { "Reeeeeee", "◆iYO", "EECEEEE", "reeremom" };
	for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
		QkIssue *is = qk_test_structured(files[f]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(is);
		CU_ASSERT_EQUAL(times_read(is, junk[f]), 0);
		qk_issue_free(is);
	}
}

/* The boxed note is read in the article, once. */
static void test_boxed_note(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-03-200dpi-p6-7.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL(times_read(is, "编者话；今年以来，各地围绕稳增长"), 1);
	qk_issue_free(is);
}

/* The heading over the table is the article's heading. */
static void test_heading_as_table_title(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-49-200dpi-p8-9.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	/* the notice 征稿启事 first, the article second */
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2u);
	const QkArticle *a = g_ptr_array_index(is->articles, 1);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "稳就业就是稳民生");
	CU_ASSERT_TRUE(has_heading(a, "一、拓宽高校毕业生就业渠道"));
	qk_issue_free(is);
}

/* The column's last line ends the column's paragraph. */
static void test_column_foot_read_late(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-134-200dpi-p3.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL(times_read(is, "远程调解，不少纠纷在立案前就得到了解决。"), 1);
	qk_issue_free(is);
}

/* The byline read with a space in its mark names the author. */
static void test_byline_mark_spaced(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-58-200dpi-p9.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1u);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1u);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "张翼飞");
	CU_ASSERT_EQUAL(times_read(is, "张翼飞"), 0);
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrres", NULL, NULL);
	CU_add_test(s, "a numbered heading's numeral lost", test_numeral_lost);
	CU_add_test(s, "a heading and a quote in one block", test_heading_and_quote_joined);
	CU_add_test(s, "a continued part's bracket read as a brace", test_continued_brace);
	CU_add_test(s, "a headline read in two pieces on its row", test_headline_pieces);
	CU_add_test(s, "a quote read in three blocks", test_quote_in_three_blocks);
	CU_add_test(s, "a larger quote read apart", test_large_quote_read_apart);
	CU_add_test(s, "a heading's last line set apart", test_heading_end_apart);
	CU_add_test(s, "a byline's pieces read apart", test_byline_pieces_apart);
	CU_add_test(s, "a small line under a headline", test_small_under_headline);
	CU_add_test(s, "a notice's label, one letter misread", test_notice_label_misread);
	CU_add_test(s, "a quote and a heading in one block", test_quote_and_heading_joined);
	CU_add_test(s, "a byline's mark read 口, no white after it", test_byline_mark_no_white);
	CU_add_test(s, "a line's rest read apart", test_row_rest_apart);
	CU_add_test(s, "letters read from a picture's edge", test_noise_letters);
	CU_add_test(s, "a boxed note taken for a table", test_boxed_note);
	CU_add_test(s, "a heading taken for a table's title", test_heading_as_table_title);
	CU_add_test(s, "a column's last line read late", test_column_foot_read_late);
	CU_add_test(s, "a byline's mark read with a space", test_byline_mark_spaced);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
