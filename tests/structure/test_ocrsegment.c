/*
 * test_ocrsegment.c — segmentation on pages read with OCR, where the
 * layout's evidence is measured from ink: real layouts qikan extract made
 * of dev magazines scanned at 200 dpi (scripts/make-scans), trimmed to the
 * pages in question (the other pages kept empty, so page numbers hold):
 *
 * - data/libreoffice-mag-16-scan.layout.xml: page 8's two-line headline,
 *   its lines' ink boxes 2.2 sizes apart (a text layer's boxes leave less
 *   white between them);
 * - data/chromium-mag-02-bylines.layout.xml: pages 4 and 7, bylines whose
 *   mark □ Tesseract read as 口 (`口 邵俊杰`, `口` | `段思远`);
 * - data/libreoffice-mag-10-scan.layout.xml: the TOC page and the tops of
 *   pages 3, 8 and 11: a kicker measured as a bold sub-heading, a speck on
 *   the banner's row read 到 and set large, a banner read in two pieces
 *   (本期特 | 稿);
 * - data/weasyprint-mag-113-byline.layout.xml: page 8's top, a byline
 *   the placement parted after its first two characters, whose symbol
 *   boxes the LSTM squeezed (国务 | 院发展研究中心市场经济研究所科长 王虎);
 * - data/xelatex-mag-08-rows.layout.xml (page 8's upper half) and
 *   data/libreoffice-mag-16-rows.layout.xml (page 4's middle band): two
 *   rows of a heading, or of text across three columns, read as one line
 *   whose box spans both, measured as a headline's size (25 pt, 23 pt);
 * - data/chromium-mag-01-notice.layout.xml: page 5's band where a notice
 *   begins, its title 征稿启事 read 征稿局事 (局 with confidence 93);
 * - data/libreoffice-mag-16-label.layout.xml: page 6's top, the section's
 *   banner 调查研究 over a kicker and a headline, the TOC (not kept, and
 *   read 是调查研究 on the scan) naming no such section;
 * - data/mini-150dpi-head.layout.xml: the top of page 3 of the samples'
 *   mini scanned at 150 dpi, its running head 卷首语 taken for body text;
 * - data/libreoffice-mag-13-kicker.layout.xml: the TOC page and page 5's
 *   top (samples/scans/libreoffice-mag-13-p2-p5-200dpi): the running head
 *   over the section's banner, the kicker 2.1 sizes of white (between the
 *   inks) over its headline;
 * - data/mini-300dpi-names.layout.xml: the TOC page and page 7 of the
 *   samples' mini at 300 dpi: the byline read 周平郑海 (燕 lost), the
 *   TOC's row 周 平郑海燕;
 * - data/chromium-mag-49-folios.layout.xml: the TOC page, pages 3, 4 and
 *   13 whole and the other pages' furniture: a byline letter-spaced and
 *   read as no names, a signature naming one of its two authors; the
 *   folios of pages 12 and 13 misread (·，10，·, -区日孜。);
 * - data/xelatex-mag-07-ghost.layout.xml: page 7, the headline's ink read
 *   a second time as a line of small type inside its box;
 * - data/weasyprint-mag-113-quote.layout.xml: page 4, a pull quote under
 *   a photo measured at the text's size, repeating the text's sentence;
 * - data/weasyprint-mag-115-byline.layout.xml: page 7, the byline
 *   …副教授 冯 珊 read …副教授冯 表 (the space after the job title
 *   lost, one put inside the name);
 * - data/chromium-mag-03-toc.layout.xml (test_ocrdesigns.c): page 4,
 *   the headline read 把握新机◆遇◆迈出新步伐, the TOC's row 把握新机遇
 *   迈出新步伐;
 * - data/libreoffice-mag-52-mark.layout.xml: the TOC page and page 3 (the
 *   other pages' furniture kept), the headline read 把矛盾纠纷化解在诉讼之：
 *   前, the TOC's row 卷首语(D 把矛盾纠纷化解在诉讼之前——写在…;
 * - data/weasyprint-mag-115-quote.layout.xml: page 4, a pull quote read
 *   ／目区的耕地质量…作业水平大 where the text reads 项目区的耕地质量…提jy
 *   和高，农业机械化作业水平大幅提升.
 * - data/magazine-2023-01-300dpi-heading.layout.xml: pages 1, 13 and 14
 *   of the samples' magazine-2023-01 at 300 dpi: page 14's headline
 *   小杂粮撑起大产业 measured 14.0 pt over 10.5 pt text, read as a heading,
 *   over its subtitle ——我市有机旱作农业发展调研.
 * - data/magazine-2023-04-200dpi-front.layout.xml: the samples'
 *   magazine-2023-04 at 200 dpi, pages 1–4 whole (cover, imprint, the
 *   卷首语 on page 3 whose folio OCR did not read, the TOC) and the other
 *   pages' headlines and furniture.
 * - data/xelatex-mag-144-headline-row.layout.xml: pages 1, 2 (the TOC)
 *   and 10 of xelatex-mag-144 at 200 dpi: the headline 把矛盾纠纷化解在诉讼
 *   之前 read in two blocks 1.6 ems apart on its row, its subtitle centred
 *   under both.
 * - data/newspaper-2023-10-31-300dpi-p1.layout.xml: page 1 of the samples'
 *   newspaper at 300 dpi, its datelines read 本报讯《记者刘敏）;
 * - data/newspaper-2023-10-31-200dpi-p1.layout.xml: the same page at 200
 *   dpi, the byline 本报记者 高 岩 李文静 郭晓宇 read 本报记者高 岩李文静郭晓宇;
 * - data/newspaper-2023-10-31-150dpi-p1.layout.xml: the same page at 150
 *   dpi, its imprint line read 国内统 一连续出版物号：CN14一0031翔 州日报社出版.
 * - data/chromium-news-138-200dpi-p1-2.layout.xml: pages 1 and 2 of
 *   chromium-news-138 at 200 dpi (a newspaper design the first dev scans
 *   lack): a front page that prints no 版 number over page 2, 第2版 要闻;
 *   a headline right of a column rule, read |光从塞上来链向千亿去, its
 *   byline 记者 高岩 通讯员 李文静 read 记者高 | 岩通讯员李文静; page
 *   2's headline …特色产业集群区 | 试点, its last word a title block of
 *   its own over the byline 文／孙晓燕.
 * - data/magazine-2023-01-300dpi-p9.layout.xml: page 9 of the samples'
 *   magazine-2023-01 at 300 dpi, its headline and subtitle each read in
 *   two pieces (弓世 | 这里射出第一缕曙光, —— | 朔州峙峪遗址的历史价值), the
 *   reading order going down the left pieces first.
 * - data/xelatex-mag-14-200dpi-p5.layout.xml: page 5 of xelatex-mag-14 at
 *   200 dpi, its lead box 导语：… set in display type under the byline
 *   (作者；王文娟、李冰), read as a title.
 * - data/xelatex-mag-14-200dpi-p8-10.layout.xml: pages 8 to 10 of
 *   xelatex-mag-14 at 200 dpi, 8 and 10 read across the columns row by
 *   row: each heading's wrapped end (做文章, 求突破) set apart as a title,
 *   a line of the other column read between; page 9 ends in a pull
 *   quote's first part set as a headline (特色产业的生命力在于”人), the
 *   box going on overleaf.
 * - data/xelatex-mag-14-200dpi-p4.layout.xml: page 4 of xelatex-mag-14 at
 *   200 dpi, a pull quote the box carries on from the left column's foot
 *   (该园区以生物医药、医约化工 志医疗关械为主攻方向，, read as a title) to
 *   the right column's top;
 * - data/xelatex-mag-14-200dpi-p7.layout.xml: pages 7 and 12 of the same
 *   scan, a pull quote whose last line's ink OCR read as one tall box
 *   (站 ，连续八年位居全, 15.5 pt under the quote's 11.5 pt lines), over
 *   the photo's caption and the part continued on page 12;
 * - data/libreoffice-mag-145-200dpi-quotes.layout.xml: pages 6 and 8 of
 *   libreoffice-mag-145 at 200 dpi, boxed pull quotes set with wide
 *   leading whose lines OCR read as blocks of their own (body and
 *   heading): page 8's six stacked in one column, page 6's running from a
 *   column's foot to the next column's top and on to the third;
 * - data/xelatex-mag-14-200dpi-p13.layout.xml: page 13 of xelatex-mag-14
 *   at 200 dpi, a public-service notice: its title, then a slogan set
 *   large whose last letters (天。) wrapped alone and were read apart.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"
#include "layout.h"
#include "layoutdata.h"


/* The first article whose title starts with prefix, or NULL. */
static const QkArticle *article_titled(const QkIssue *is, const char *prefix)
{
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		if (g_str_has_prefix(qk_test_text(a->title), prefix))
			return a;
	}
	return NULL;
}

/* The two lines of page 8's headline make one article's title, signed by
 * the byline under them. */
static void test_headline_lines_ink_apart(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-16-scan.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title),
	                       "从“跟跑”到“领跑”：全球新能源汽车产业加"
	                       "速变革中的中国机遇与地方产业链布局");
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "孙悦");
	qk_issue_free(is);
}

/* 口 set apart before names under a headline is the byline's mark □:
 * each headline has its one author, and no article is left untitled. */
static void test_byline_mark_read_as_kou(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-02-bylines.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const char *const titles[] = {
		"七十余载接续植绿不止步好生态催生好业态右玉探索生态产品价值实现新路径",
		"盛会落幕处奋进正当时",
	};
	static const char *const authors[] = { "段思远", "邵俊杰" };
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	for (guint i = 0; i < 2; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), titles[i]);
		CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), authors[i]);
		CU_ASSERT_PTR_NOT_NULL(a->byline);
		CU_ASSERT(a->byline && g_str_has_prefix(a->byline, "□"));
	}
	qk_issue_free(is);
}

/* Pages 3, 8 and 11: one article each, its kicker and headline read as
 * such, under the section its banner names; no article from the kicker
 * (an untitled one), the speck (到) or the banner's pieces (本期特, 稿). */
static void test_display_lines_measured_from_ink(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-10-scan.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const struct {
		int page;
		const char *section, *kicker, *title;
	} want[] = {
		{ 3, "基层工作", "深化改革看成效",
		  "七十余载接续植绿不止步好生态催生好业态右玉探索生态产品价值实现新路径" },
		{ 8, "产业发展", "乡村振兴进行时", "新型储能：为新能源装上“稳定器”" },
		{ 11, "本期特稿", "聚焦高质量发展", "盛会落幕处奋进正当时" },
	};
	CU_ASSERT_EQUAL_FATAL(is->articles->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		CU_ASSERT_EQUAL(a->pdf_first, want[i].page);
		CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", want[i].section);
		CU_ASSERT_STRING_EQUAL(qk_test_text(a->kicker), want[i].kicker);
		CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), want[i].title);
	}
	qk_issue_free(is);
}

/* The byline's row read whole: the job title and the name, 王虎 the
 * author (not 国务), and the row's rest no paragraph of the text. */
static void test_byline_row_parted(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-113-byline.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "小杂粮撑起大产业");
	CU_ASSERT_STRING_EQUAL(a->byline ? a->byline : "",
	                       "国务院发展研究中心市场经济研究所科长 王虎");
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "王虎");
	CU_ASSERT_FATAL(a->paras->len > 0);
	const QkPara *p = g_ptr_array_index(a->paras, 0);
	CU_ASSERT(g_str_has_prefix(qk_text_get(p->text), "导语"));
	qk_issue_free(is);
}

/* Two rows read as one line are no headline: page 8 holds one article
 * (the heading 二、依托原有优势延伸产业链条, read 过依托…, is its text);
 * page 4's band, the first article's last lines then the next one's
 * banner and headline, gives that headline and the text before it, no
 * article from the three pieces of the line across the columns or from
 * the text lines above them. */
static void test_rows_read_as_one(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-08-rows.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "外地资源型城市转型的几点经验");
	gboolean heading = FALSE;
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		heading |= p->kind == QK_PARA_HEADING &&
		           strstr(qk_text_get(p->text), "依托原有优势延伸产业链") != NULL;
	}
	CU_ASSERT(heading);
	qk_issue_free(is);

	is = qk_test_structured("libreoffice-mag-16-rows.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_PTR_NULL(a->title);
	CU_ASSERT_PTR_NULL(a->kicker);
	a = g_ptr_array_index(is->articles, 1);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "厚植生态底色涵养文化绿洲");
	CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", "产业发展");
	qk_issue_free(is);
}

/* The notice's title read with one character wrong is the notice word:
 * an item of kind notice titled 征稿启事, after the text before it. */
static void test_notice_title_misread(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-01-notice.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	const QkArticle *a = g_ptr_array_index(is->articles, 1);
	CU_ASSERT_EQUAL(a->kind, QK_ITEM_NOTICE);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "征稿启事");
	CU_ASSERT(a->paras->len >= 2);
	qk_issue_free(is);
}

/* A short headline with nothing of its own over a larger one is a
 * label: one article, the label its section, the kicker and headline its
 * own. */
static void test_label_over_headline(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-16-label.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", "调查研究");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->kicker), "聚焦高质量发展");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "稳中承压蓄势待发");
	CU_ASSERT_EQUAL(a->authors->len, 2);
	qk_issue_free(is);
}

/* A section's name alone above all of the page's text, over its
 * headline, is the section's head: one article, of section 卷首语, whose
 * text the name is not. */
static void test_running_head_as_body(void)
{
	QkIssue *is = qk_test_structured("mini-150dpi-head.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", "卷首语");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "把握新机遇迈出新步伐");
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		CU_ASSERT(strcmp(qk_text_get(p->text), "卷首语") != 0);
	}
	qk_issue_free(is);
}

/* One article: the kicker over its headline (white measured between
 * inks), the banner its section, the running head above the banner no
 * kicker (main made it one, of an untitled article holding the kicker). */
static void test_kicker_ink_apart(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-13-kicker.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", "改革探索");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->kicker), "优化营商环境在行动");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "大数据“慧眼”揪出套牌“硕鼠”");
	qk_issue_free(is);
}

/* The names read twice, in the TOC and the byline, one reading a glyph
 * short: the longer reading is the author's name. */
static void test_name_glyph_lost(void)
{
	QkIssue *is = qk_test_structured("mini-300dpi-names.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL(a->pdf_first, 7);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "周平");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "郑海燕");
	qk_issue_free(is);
}

/* Page labels found again as extract finds them: the misread folios of
 * pages 12 and 13 (where the other pages print theirs) give 10 and 11,
 * so the piece on page 13 starts on page 11; the first article, whose
 * byline was read as no names, has both its entry's authors, not only
 * the one its signature names. */
static void test_misread_folios_and_signature(void)
{
	QkIssue *is = qk_test_layout("chromium-mag-49-folios.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	GError *err = NULL;
	QkPatterns *pats = qk_patterns_new(&err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pats);
	qk_layout_labels(is, pats);
	qk_patterns_free(pats);
	static const char *const labels[] = { NULL, NULL, "1", "2", "3", "4", "5",
	                                      "6", "7", "8", "9", "10", "11" };
	CU_ASSERT_EQUAL_FATAL(is->pages->len, G_N_ELEMENTS(labels));
	for (guint i = 0; i < G_N_ELEMENTS(labels); i++) {
		const QkPage *pg = g_ptr_array_index(is->pages, i);
		CU_ASSERT_STRING_EQUAL(pg->label ? pg->label : "-",
		                       labels[i] ? labels[i] : "-");
	}
	qk_structure_issue(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "朔州打造招商引资“强磁场”");
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "王爽");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "任昊");
	const QkArticle *last = g_ptr_array_index(is->articles, is->articles->len - 1);
	CU_ASSERT_STRING_EQUAL(qk_test_text(last->title), "绿色出行低碳生活");
	CU_ASSERT_EQUAL(last->pdf_first, 13);
	qk_issue_free(is);
}

/* Whether an article of is has a paragraph holding needle, or, with
 * heading, a heading ending in it. */
static gboolean para_with(const QkIssue *is, const char *needle, gboolean heading)
{
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		for (guint k = 0; k < a->paras->len; k++) {
			const QkPara *p = g_ptr_array_index(a->paras, k);
			const char *t = qk_test_text(p->text);
			if (heading ? p->kind == QK_PARA_HEADING && g_str_has_suffix(t, needle)
			            : strstr(t, needle) != NULL)
				return TRUE;
		}
	}
	return FALSE;
}

static gboolean any_para_has(const QkIssue *is, const char *needle)
{
	return para_with(is, needle, FALSE);
}

/* The headline read twice (全百由会泊和、◆二丰台上 inside its box): no
 * text, and the banner over it (基层工作) the section of the one
 * article, no headline of an article holding that line. */
static void test_headline_ink_read_twice(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-07-ghost.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FALSE(any_para_has(is, "全百由会"));
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "文旅融合激活塞上发展新动能");
	CU_ASSERT_STRING_EQUAL(a->section ? a->section : "", "基层工作");
	qk_issue_free(is);
}

/* The pull quote is no text: its sentence is read once, where the text
 * prints it (初步核算，… at the start of a paragraph of column 2). */
static void test_pull_quote_at_text_size(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-113-quote.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	guint n = 0;
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		for (guint k = 0; k < a->paras->len; k++) {
			const QkPara *p = g_ptr_array_index(a->paras, k);
			const char *t = qk_test_text(p->text);
			if (strstr(t, "初步核算") != NULL) {
				n++;
				CU_ASSERT(strstr(t, "其中，第一产业增加值") != NULL);
			}
		}
	}
	CU_ASSERT_EQUAL(n, 1);
	qk_issue_free(is);
}

/* The byline under the headline whose spaces OCR moved is the byline,
 * of one author, and no paragraph of the text (the page's other item is
 * a notice). */
static void test_byline_spaces_moved(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-115-byline.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);   /* and 征稿启事 */
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "干部教育培训要防止 “三种倾向”");
	CU_ASSERT(a->byline != NULL && g_str_has_prefix(a->byline, "中国宏观经济研究院"));
	CU_ASSERT_EQUAL(a->authors->len, 1);
	CU_ASSERT_FALSE(any_para_has(is, "副教授"));
	qk_issue_free(is);
}

/* The ornaments the headline's reading holds and the TOC's has not are
 * no letters of the title: the article's and the entry's titles are the
 * TOC's reading. */
static void test_headline_ornaments(void)
{
	QkIssue *is = qk_test_structured("chromium-mag-03-toc.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = NULL;
	for (guint i = 0; i < is->articles->len && a == NULL; i++) {
		const QkArticle *x = g_ptr_array_index(is->articles, i);
		if (x->pdf_first == 4 && x->title != NULL)
			a = x;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	char *t = qk_structure_squeeze(qk_test_text(a->title));
	CU_ASSERT_STRING_EQUAL(t, "把握新机遇迈出新步伐");
	g_free(t);
	gboolean entry = FALSE;
	for (guint i = 0; i < is->toc->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			if (e->article_id != NULL && strcmp(e->article_id, a->id) == 0) {
				entry = TRUE;
				char *u = qk_structure_squeeze(e->title);
				CU_ASSERT_STRING_EQUAL(u, "把握新机遇迈出新步伐");
				g_free(u);
			}
		}
	}
	CU_ASSERT(entry);
	qk_issue_free(is);
}

/* A colon that parts off the headline's last letter, which the TOC's
 * reading has not: no mark of the title. */
static void test_headline_stray_mark(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-52-mark.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	char *t = qk_structure_squeeze(qk_test_text(a->title));
	CU_ASSERT_STRING_EQUAL(t, "把矛盾纠纷化解在诉讼之前");
	g_free(t);
	qk_issue_free(is);
}

/* The pull quote read a few characters apart from the text it repeats
 * is no text either: the sentence is read once, in the text. */
static void test_pull_quote_read_apart(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-115-quote.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FALSE(any_para_has(is, "／目区"));
	CU_ASSERT_TRUE(any_para_has(is, "项目区的耕地质量普遍提高"));
	qk_issue_free(is);
}

/* A pull quote whose last line OCR read as a block of its own (上半年，
 * 全市地区生产总值 / 完成 691.2亿元，同比增长 | 1.6%。, xelatex-mag-57 at
 * 200 dpi p10): the two are one quote of the text under them, no
 * headline: the page's text stays with the article it opens. */
static void test_pull_quote_end_apart(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-57-quote.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	char *t = qk_structure_squeeze(qk_test_text(a->title));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "下半年走势"));
	g_free(t);
	CU_ASSERT_TRUE(any_para_has(is, "第三产业增加值"));
	CU_ASSERT_TRUE(any_para_has(is, "综合判断"));
	qk_issue_free(is);
}

/* The byline's mark 文／ with its slash read 人 (文人姜东 | 梁妮,
 * libreoffice-mag-134 at 200 dpi p3): the mark, no author 文人. */
static void test_byline_slash_read_ren(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-134-mark.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "姜东");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "梁妮");
	qk_issue_free(is);
}

/* Whether is has an article titled title (spaces aside) with the one
 * author name, NULL for none. */
static gboolean has_article(const QkIssue *is, const char *title, const char *name)
{
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		char *t = qk_structure_squeeze(qk_test_text(a->title));
		gboolean same = strcmp(t, title) == 0;
		g_free(t);
		if (same && (name == NULL ? a->authors->len == 0
		             : a->authors->len == 1 &&
		               strcmp(g_ptr_array_index(a->authors, 0), name) == 0))
			return TRUE;
	}
	return FALSE;
}

/* A headline's short last line the layout gave another role (业链 a
 * byline, 现新路径 a heading; magazine-2023-04 at 200 dpi pp15, 26): the
 * headline's, over the byline set smaller. */
static void test_headline_end_apart(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-headline-end.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_TRUE(has_article(is, "奶业振兴：从“一杯奶”到一条产业链", "孟福荣"));
	CU_ASSERT_TRUE(has_article(is, "七十余载接续植绿不止步好生态催生好业态"
	                               "右玉探索生态产品价值实现新路径", "段思远"));
	qk_issue_free(is);
}

/* A running head the layout took for a kicker (塞上经济观察2022年第6期
 * over a 征稿启事, libreoffice-mag-60 at 200 dpi p10): an article of
 * nothing but a kicker is no item; the notice is the page's one. */
static void test_kicker_alone(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-60-head.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL(a->kind, QK_ITEM_NOTICE);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "征稿启事");
	qk_issue_free(is);
}

/* Names printed run together, a space OCR put inside one of them (张 伟李
 * 晓红赵敏, magazine-2023-01 at 200 dpi p11, the subtitle block's last
 * line): the run split at the surnames, one way only. */
static void test_names_stray_space(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-names.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 3);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "张伟");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "李晓红");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 2), "赵敏");
	qk_issue_free(is);
}

/* A subtitle's last letter wrapped alone and taken for a heading (——我市
 * 促进…就业的实 | 践, magazine-2023-01 at 200 dpi p20): the subtitle's,
 * and the names under it are the byline, no text. */
static void test_subtitle_end_apart(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-01-subtitle-end.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_TRUE(g_str_has_suffix(qk_test_text(a->subtitle), "就业的实践"));
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "王文娟");
	CU_ASSERT_FALSE(any_para_has(is, "王文娟"));
	qk_issue_free(is);
}

/* A newspaper page's section label with specks read beside it (绿色发展,
 * 首, 州: newspaper-2023-10-31 at 200 dpi p4), a region without headline
 * of a few display words: no item, the page's four articles alone. */
static void test_display_words_no_item(void)
{
	QkIssue *is = qk_test_structured("newspaper-2023-10-31-p4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL(is->articles->len, 4);
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		CU_ASSERT_PTR_NOT_NULL(a->title);
	}
	CU_ASSERT_FALSE(any_para_has(is, "绿色发展"));
	qk_issue_free(is);
}

/* Whether the article of is titled with prefix has a paragraph holding
 * needle. */
static gboolean article_has(const QkIssue *is, const char *prefix, const char *needle)
{
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		if (!g_str_has_prefix(qk_test_text(a->title), prefix))
			continue;
		for (guint k = 0; k < a->paras->len; k++)
			if (strstr(qk_test_text(((const QkPara *)g_ptr_array_index(a->paras, k))->text),
			           needle) != NULL)
				return TRUE;
	}
	return FALSE;
}

/* A newspaper headline whose ink box starts after its opening quote's
 * white (“废渣”变“宝贝”循环出效益, newspaper-2023-10-31 at 200 dpi p4):
 * it still reaches its first column, whose text is its own, not the
 * article's left of it nor the one under it. */
static void test_headline_ink_reach(void)
{
	QkIssue *is = qk_test_structured("newspaper-2023-10-31-p4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_TRUE(article_has(is, "“废渣”", "脱硫石膏"));
	CU_ASSERT_TRUE(article_has(is, "“废渣”", "政策引导为产业发展注入了动"));
	CU_ASSERT_FALSE(article_has(is, "七十余载", "脱硫石膏"));
	CU_ASSERT_FALSE(article_has(is, "省运会", "政策引导"));
	qk_issue_free(is);
}

/* A notice's title with one character misread that Tesseract doubted,
 * all the others read sure (征稿后事 at 99 99 95 99, weasyprint-mag-130
 * at 200 dpi p8): the notice 征稿启事. */
static void test_notice_title_doubted(void)
{
	QkIssue *is = qk_test_structured("weasyprint-mag-130-notice.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *n = NULL;
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		if (a->kind == QK_ITEM_NOTICE)
			n = a;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_STRING_EQUAL(qk_test_text(n->title), "征稿启事");
	qk_issue_free(is);
}

/* The running head over a page's headline read as text, the periodical's
 * name and the issue line (塞上经济观察2022年第6期, libreoffice-mag-60 at
 * 200 dpi p4): no kicker of the headline. */
static void test_running_head_no_kicker(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-60-head4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "小杂粮撑起大产业");
	CU_ASSERT_PTR_NULL(a->kicker);
	qk_issue_free(is);
}

/* The issue structured from layout file, asserting it has an article
 * titled title, under it subtitle, its text holding text; NULL when it
 * has no such article. */
static QkIssue *headed_article(const char *file, const char *title,
                               const char *subtitle, const char *text)
{
	QkIssue *is = qk_test_structured(file);
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = article_titled(is, title);
	CU_ASSERT_PTR_NOT_NULL(a);
	if (a == NULL) {
		qk_issue_free(is);
		return NULL;
	}
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->subtitle), subtitle);
	CU_ASSERT_TRUE(article_has(is, title, text));
	return is;
}

/* A headline measured from ink a little under the layout's 1.35 times
 * the text (14.0 over 10.5 pt, magazine-2023-01 at 300 dpi p14) and read
 * as a heading, over its subtitle: an article of its own, not text of the
 * article before. */
static void test_headline_read_as_heading(void)
{
	QkIssue *is = headed_article("magazine-2023-01-300dpi-heading.layout.xml", "小杂粮撑起大产业",
	                             "——我市有机旱作农业发展调研", "朔州地处晋北高原");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FALSE(article_has(is, "从“跟跑", "朔州地处晋北高原"));
	CU_ASSERT_FALSE(article_has(is, "从“跟跑", "小杂粮撑起大产业"));
	qk_issue_free(is);
}

/* A page before the TOC whose folio OCR did not read, holding the 卷首语
 * (magazine-2023-04 at 200 dpi, page 3): its article is read, on printed
 * page 1 as the TOC's offset gives it. */
static void test_front_page_folio_unread(void)
{
	QkIssue *is = qk_test_structured("magazine-2023-04-200dpi-front.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FATAL(is->articles->len >= 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "盛会落幕处奋进正当时");
	CU_ASSERT_EQUAL(a->pdf_first, 3);
	CU_ASSERT_FATAL(a->pages->len >= 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->pages, 0), "1");
	qk_issue_free(is);
}

/* A headline the placement parted at a wide blank (把矛盾纠纷 |
 * 化解在诉讼之前, xelatex-mag-144 at 200 dpi p10), its subtitle set across
 * the blank: one headline, one article. */
static void test_headline_row_parted(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-144-headline-row.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 1);
	const QkArticle *a = g_ptr_array_index(is->articles, 0);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "把矛盾纠纷化解在诉讼之前");
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->subtitle), "——写在项目建设攻坚年");
	qk_issue_free(is);
}

/* A headline and its subtitle parted at the same blank, the reading
 * order down the left side first (弓世 | —— | 这里射出第一缕曙光 | 朔州峙峪
 * 遗址的历史价值, magazine-2023-01 at 300 dpi p9): one headline, its
 * subtitle whole, one article. */
static void test_headline_row_read_down(void)
{
	QkIssue *is = headed_article("magazine-2023-01-300dpi-p9.layout.xml", "弓世这里射出第一缕曙光",
	                             "——朔州峙峪遗址的历史价值", "在朔州城西北");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "这里射出第一缕曙光"));
	qk_issue_free(is);
}

/* A dateline whose opening bracket OCR read as 《 (本报讯《记者刘敏）,
 * newspaper-2023-10-31 at 300 dpi p1) gives the article's authors. */
static void test_dateline_bracket_misread(void)
{
	QkIssue *is = qk_test_structured("newspaper-2023-10-31-300dpi-p1.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const char *const dated[][2] = {
		{ "我市推动", "刘敏" }, { "我市以主题教育", "张蕾" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(dated); i++) {
		const QkArticle *a = article_titled(is, dated[i][0]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), dated[i][1]);
	}
	qk_issue_free(is);
}

/* Names run together but for a letter-spaced two-character name (本报记者
 * 高 岩李文静郭晓宇, newspaper-2023-10-31 at 200 dpi p1), which splits two
 * ways whole (高岩|李文静, 高岩李|文静): the spaced name is 高岩. */
static void test_spaced_name_in_run(void)
{
	QkIssue *is = qk_test_structured("newspaper-2023-10-31-200dpi-p1.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = article_titled(is, "光从塞上来");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 3);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "高岩");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "李文静");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 2), "郭晓宇");
	qk_issue_free(is);
}

/* A scanned newspaper's front page, without a 版 number, before 版 2 is
 * 版 1 as a born-digital one is: the articles on it were on no page. */
static void test_scanned_front_page(void)
{
	QkIssue *is = qk_test_structured("chromium-news-138-200dpi-p1-2.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkPage *front = g_ptr_array_index(is->pages, 0);
	CU_ASSERT_STRING_EQUAL(front->label ? front->label : "", "1");
	const QkArticle *a = article_titled(is, "我市推动高新技术企业提质增量");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->pages->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->pages, 0), "1");
	qk_issue_free(is);
}

/* A headline's wrapped last word (试点, 14 pt under the 14.5 pt line) read
 * as a block of its own right over the byline 文／孙晓燕: the headline's,
 * not names set large — the byline under it names the author. */
static void test_headline_end_over_byline(void)
{
	QkIssue *is = qk_test_structured("chromium-news-138-200dpi-p1-2.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = NULL; /* read 怀 仁…: the blank OCR put in */
	for (guint i = 0; i < is->articles->len && a == NULL; i++) {
		const QkArticle *o = g_ptr_array_index(is->articles, i);
		if (strstr(qk_test_text(o->title), "医药园区入选") != NULL)
			a = o;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL(strstr(qk_test_text(a->title), "集群区试点"));
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "孙晓燕");
	qk_issue_free(is);
}

/* The column rule beside a headline read with it as a bar
 * (|光从塞上来链向千亿去) is no part of the title; its byline, whose blanks
 * OCR lost (记者高岩通讯员李文静), signs both: the words before 通讯员 are a
 * role and a name, not an agency's name. */
static void test_headline_beside_rule(void)
{
	QkIssue *is = qk_test_structured("chromium-news-138-200dpi-p1-2.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = article_titled(is, "光从塞上来");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(qk_test_text(a->title), "光从塞上来链向千亿去");
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "高岩");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 1), "李文静");
	qk_issue_free(is);
}

/* A tail line whose colon OCR read as a comma (责任编辑，薛梅梅, ending page
 * 2's column) is no byline: the dateline 本报讯（记者雷晓东） signs. */
static void test_tail_colon_as_comma(void)
{
	QkIssue *is = qk_test_structured("chromium-news-138-200dpi-p1-2.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = article_titled(is, "我市一季度工业经济");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "雷晓东");
	qk_issue_free(is);
}

/* The imprint's CN number with its dash read as the Han 一
 * (CN14一0031, newspaper-2023-10-31 at 150 dpi p1) is no item. */
static void test_cn_dash_misread(void)
{
	QkIssue *is = qk_test_structured("newspaper-2023-10-31-150dpi-p1.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT(is->articles->len > 0);
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		for (guint k = 0; k < a->paras->len; k++)
			CU_ASSERT_PTR_NULL(strstr(qk_test_text(((const QkPara *)g_ptr_array_index(
				a->paras, k))->text), "CN14"));
	}
	qk_issue_free(is);
}

/* A lead box set in display type under the byline (导语：营商环境只有更好，
 * …, role title) is the article's note, not a headline of its own, and the
 * byline over it no kicker: one article, its byline, note and text. */
static void test_lead_set_as_title(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p5.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "导语"));
	const QkArticle *a = article_titled(is, "稳就业就是稳民生");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL_FATAL(a->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), "王文娟");
	CU_ASSERT_FATAL(a->paras->len >= 2);
	const QkPara *p = g_ptr_array_index(a->paras, 0);
	CU_ASSERT_EQUAL(p->kind, QK_PARA_NOTE);
	CU_ASSERT(g_str_has_prefix(p->text->text, "导语："));
	p = g_ptr_array_index(a->paras, 1);
	CU_ASSERT(g_str_has_prefix(p->text->text, "就业是最基本的民生"));
	qk_issue_free(is);
}

/* A heading's wrapped end set apart as a title, a block of the other
 * column read between the two (the reading order went across the
 * columns): the heading's end, no headline. */
static void test_heading_end_across_columns(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p8-10.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "做文章"));
	CU_ASSERT_PTR_NULL(article_titled(is, "求突破"));
	CU_ASSERT(para_with(is, "做文章", TRUE));
	CU_ASSERT(para_with(is, "求突破", TRUE));
	qk_issue_free(is);
}

/* A pull quote's first part, set as a headline at a column's foot, ends
 * no sentence (the box goes on in the next column): the text prints it,
 * so it is a quote, no headline that would take the text after it. */
static void test_pull_quote_cut(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p4.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "该园区"));
	const QkArticle *a = article_titled(is, "怀仁经开区医药园区");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->pdf_last, 4);
	CU_ASSERT_TRUE(any_para_has(is, "下一步，我市将按照"));
	qk_issue_free(is);
}

/* The quote's last line read apart and larger is the quote's too: it
 * opens no article, and the story goes on under the photo to its part on
 * page 12. */
static void test_pull_quote_rest_larger(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p7.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "站"));
	CU_ASSERT_EQUAL(is->articles->len, 1);
	const QkArticle *a = article_titled(is, "动力电池产业步入发展快车道");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->pdf_last, 12);
	CU_ASSERT_FALSE(any_para_has(is, "连续八年位居全\n"));
	CU_ASSERT_TRUE(any_para_has(is, "产业布局向资源和能源富集地转移"));
	qk_issue_free(is);
}

/* The pieces of each quote are read as one quote, repeated by the text,
 * and none is a paragraph; the text they repeat stays. */
static void test_pull_quote_boxed_lines(void)
{
	QkIssue *is = qk_test_structured("libreoffice-mag-145-200dpi-quotes.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_FALSE(any_para_has(is, "县种植青椒约3.9万雷"));
	CU_ASSERT_FALSE(any_para_has(is, "各大跨国车企纷纷公布停售燃油"));
	CU_ASSERT_FALSE(any_para_has(is, "O三〇年前后"));
	CU_ASSERT_TRUE(any_para_has(is, "是当地农民增收的主要来源之一。"));
	CU_ASSERT_TRUE(any_para_has(is, "二名三〇年前后全面转向电动化。"));
	qk_issue_free(is);
}

/* A pull quote's first part set as a headline at the page's foot, no
 * text after it, whose words the text prints: a quote, not a headline
 * taking the story's part on page 10. */
static void test_pull_quote_at_page_foot(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p8-10.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_PTR_NULL(article_titled(is, "特色产业的生命力"));
	const QkArticle *a = article_titled(is, "乡村特色产业怎样解开增收");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->pdf_last, 10);
	qk_issue_free(is);
}

/* The slogan under the notice's title, its sentence's end read apart, is
 * the notice's text: one item, no second headline. */
static void test_slogan_end_apart(void)
{
	QkIssue *is = qk_test_structured("xelatex-mag-14-200dpi-p13.layout.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	CU_ASSERT_EQUAL(is->articles->len, 1);
	CU_ASSERT_PTR_NULL(article_titled(is, "少开一天车"));
	CU_ASSERT_PTR_NOT_NULL(article_titled(is, "绿色出行低碳生活"));
	CU_ASSERT_TRUE(any_para_has(is, "少开一天车，多走一段路"));
	CU_ASSERT_TRUE(any_para_has(is, "绿色出行，从身边小事做起。"));
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocrsegment", NULL, NULL);
	CU_add_test(s, "two-line headline, ink boxes apart", test_headline_lines_ink_apart);
	CU_add_test(s, "byline mark read as 口", test_byline_mark_read_as_kou);
	CU_add_test(s, "kicker, speck and banner pieces", test_display_lines_measured_from_ink);
	CU_add_test(s, "byline row parted", test_byline_row_parted);
	CU_add_test(s, "two rows read as one line", test_rows_read_as_one);
	CU_add_test(s, "notice title misread", test_notice_title_misread);
	CU_add_test(s, "label over a headline", test_label_over_headline);
	CU_add_test(s, "running head taken for text", test_running_head_as_body);
	CU_add_test(s, "kicker, inks apart", test_kicker_ink_apart);
	CU_add_test(s, "a name's glyph lost", test_name_glyph_lost);
	CU_add_test(s, "misread folios, a signature's one name", test_misread_folios_and_signature);
	CU_add_test(s, "headline's ink read twice", test_headline_ink_read_twice);
	CU_add_test(s, "pull quote at the text's size", test_pull_quote_at_text_size);
	CU_add_test(s, "byline's spaces moved", test_byline_spaces_moved);
	CU_add_test(s, "ornaments read in a headline", test_headline_ornaments);
	CU_add_test(s, "a stray mark in a headline", test_headline_stray_mark);
	CU_add_test(s, "pull quote read apart from the text", test_pull_quote_read_apart);
	CU_add_test(s, "a pull quote's last line read apart", test_pull_quote_end_apart);
	CU_add_test(s, "byline's slash read 人", test_byline_slash_read_ren);
	CU_add_test(s, "a headline's last line set apart", test_headline_end_apart);
	CU_add_test(s, "an article of a kicker alone", test_kicker_alone);
	CU_add_test(s, "names run together, a stray space", test_names_stray_space);
	CU_add_test(s, "a subtitle's last letter set apart", test_subtitle_end_apart);
	CU_add_test(s, "display words without headline", test_display_words_no_item);
	CU_add_test(s, "a headline's reach, measured from ink", test_headline_ink_reach);
	CU_add_test(s, "a notice's title, one letter doubted", test_notice_title_doubted);
	CU_add_test(s, "a lead box set as a title", test_lead_set_as_title);
	CU_add_test(s, "a heading's end read across the columns", test_heading_end_across_columns);
	CU_add_test(s, "a pull quote that ends no sentence", test_pull_quote_cut);
	CU_add_test(s, "a pull quote's last line read larger", test_pull_quote_rest_larger);
	CU_add_test(s, "a boxed pull quote's lines read apart", test_pull_quote_boxed_lines);
	CU_add_test(s, "a pull quote at the page's foot", test_pull_quote_at_page_foot);
	CU_add_test(s, "a slogan's end read apart", test_slogan_end_apart);
	CU_add_test(s, "a running head read as a kicker", test_running_head_no_kicker);
	CU_add_test(s, "a headline read as a heading", test_headline_read_as_heading);
	CU_add_test(s, "a front page's folio unread", test_front_page_folio_unread);
	CU_add_test(s, "a headline's row parted", test_headline_row_parted);
	CU_add_test(s, "a headline's row read down its side", test_headline_row_read_down);
	CU_add_test(s, "a dateline's bracket read 《", test_dateline_bracket_misread);
	CU_add_test(s, "a spaced name in names run together", test_spaced_name_in_run);
	CU_add_test(s, "a CN number's dash read 一", test_cn_dash_misread);
	CU_add_test(s, "a scanned newspaper's front page is 版 1", test_scanned_front_page);
	CU_add_test(s, "a headline beside a column rule, its byline run together",
	            test_headline_beside_rule);
	CU_add_test(s, "a headline's last word over the byline",
	            test_headline_end_over_byline);
	CU_add_test(s, "a tail line's colon read as a comma", test_tail_colon_as_comma);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
