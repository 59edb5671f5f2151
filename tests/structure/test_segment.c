/*
 * test_segment.c — article segmentation, paragraph joining, TOC linking
 * and continued articles, on pages built block by block in the test.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "extract.h"
#include "structure.h"

typedef struct {
	QkIssue *is;
	QkPage *page;
	int seq;
	double y;   /* next free line top on the page */
} Builder;

static void new_page(Builder *b, const char *label)
{
	int index = (int)b->is->pages->len + 1;
	b->page = qk_page_new(index, 595, 842);
	b->page->label = g_strdup(label);
	g_ptr_array_add(b->is->pages, b->page);
	b->y = 60;
}

/* Adds a block of role; lines separated by '\n'. indent: first line x0
 * offset (points); column: block column. */
static QkBlock *add(Builder *b, QkRole role, const char *text, double indent,
                    int column)
{
	QkBlock *blk = qk_block_new();
	blk->id = g_strdup_printf("p%d-b%d", b->page->index, ++b->seq);
	blk->role = role;
	blk->column = column;
	blk->size = 10;
	double x = column == 1 ? 310 : 56;
	double y = b->y, top = b->y;
	char **lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		QkLine *l = qk_line_new(lines[i]);
		l->bbox = (QkBox){ x + (i == 0 ? indent : 0), y, x + 230, y + 12 };
		l->size = 10;
		g_ptr_array_add(blk->lines, l);
		y += 17;
	}
	g_strfreev(lines);
	blk->bbox = (QkBox){ x, top, x + 230, y - 5 };
	b->y = y + 6;
	g_ptr_array_add(b->page->blocks, blk);
	return blk;
}

static QkBlock *furn(Builder *b, const char *kind, const char *section,
                     const char *text)
{
	QkBlock *blk = add(b, QK_ROLE_FURNITURE, text, 0, -1);
	blk->furniture = g_strdup(kind);
	blk->section = g_strdup(section);
	return blk;
}

static QkArticle *art(QkIssue *is, guint i)
{
	CU_ASSERT_FATAL(i < is->articles->len);
	return g_ptr_array_index(is->articles, i);
}

static QkPara *para(QkArticle *a, guint i)
{
	CU_ASSERT_FATAL(i < a->paras->len);
	return g_ptr_array_index(a->paras, i);
}

static const char *authors(QkArticle *a, GString *buf)
{
	g_string_truncate(buf, 0);
	for (guint i = 0; i < a->authors->len; i++)
		g_string_append_printf(buf, "%s%s", i ? "|" : "",
		                       (char *)g_ptr_array_index(a->authors, i));
	return buf->str;
}

static gboolean has_warning(QkIssue *is, const char *code)
{
	for (guint i = 0; i < is->warnings->len; i++) {
		QkWarning *w = g_ptr_array_index(is->warnings, i);
		if (strcmp(w->code, code) == 0)
			return TRUE;
	}
	return FALSE;
}

/* A small magazine: TOC page, two articles, a paragraph cut over a page
 * break, numbered headings, a signature, a source line. */
static void test_magazine(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	GString *buf = g_string_new(NULL);

	new_page(&b, NULL);
	add(&b, QK_ROLE_MASTHEAD, "山河经济", 0, -1);
	add(&b, QK_ROLE_MASTHEAD, "2024年第2期", 0, -1);
	new_page(&b, NULL);
	add(&b, QK_ROLE_TOC, "目  录", 0, -1);
	add(&b, QK_ROLE_TOC, "山河经济 2024年第2期\n总第50期(双月出版)", 0, -1);
	add(&b, QK_ROLE_TOC, "◆ 卷首语", 0, 0);
	QkBlock *t = add(&b, QK_ROLE_TOC, "春风又绿塞上\n王 五(1)", 12, 0);
	((QkLine *)g_ptr_array_index(t->lines, 1))->bbox.x0 = 230;
	add(&b, QK_ROLE_TOC, "◆ 本期特稿", 0, 0);
	t = add(&b, QK_ROLE_TOC, "园区建设跑出加速度\n李 明(2)", 12, 0);
	((QkLine *)g_ptr_array_index(t->lines, 1))->bbox.x0 = 230;
	t = add(&b, QK_ROLE_TOC, "不存在的文章\n(9)", 12, 0);
	((QkLine *)g_ptr_array_index(t->lines, 1))->bbox.x0 = 250;

	new_page(&b, "1");
	furn(&b, "running-head", "卷首语", "·卷首语·");
	add(&b, QK_ROLE_TITLE, "春风又绿塞上", 0, -1);
	add(&b, QK_ROLE_BODY, "　　开春以来，各地项目陆续复工，工地上一片忙碌\n景象。", 20, 0);
	add(&b, QK_ROLE_BODY, "　　一、项目是发展的生命线。各地抓住窗口期推进。", 20, 0);
	add(&b, QK_ROLE_BODY, "（王五）", 0, 1);
	furn(&b, "page-number", NULL, "·1·");

	new_page(&b, "2");
	furn(&b, "running-head", "本期特稿", "·本期特稿·");
	add(&b, QK_ROLE_TITLE, "园区建设跑出加速度", 0, -1);
	add(&b, QK_ROLE_SUBTITLE, "——来自开发区的报告", 0, -1);
	add(&b, QK_ROLE_BYLINE, "李 明", 0, -1);
	add(&b, QK_ROLE_NOTE, "编者按：园区是转型的主阵地。", 20, 0);
	add(&b, QK_ROLE_HEADING, "一、规划先行", 20, 0);
	add(&b, QK_ROLE_BODY, "园区今年引进项目十二个，总投资\n超过八十亿元，其中", 20, 0);
	add(&b, QK_ROLE_BODY, "制造业项目占了七成。", 0, 1);
	add(&b, QK_ROLE_HEADING, "（一）用地保障", 20, 1);
	add(&b, QK_ROLE_CAPTION, "新建的标准化厂房。 赵六 摄", 0, 1);
	furn(&b, "page-number", NULL, "·2·");
	new_page(&b, "3");
	furn(&b, "running-head", "本期特稿", "·本期特稿·");
	add(&b, QK_ROLE_BODY, "土地指标优先向重点项目倾斜，", 0, 0);
	add(&b, QK_ROLE_BODY, "审批时限压缩一半。", 0, 0);
	add(&b, QK_ROLE_BODY, "　　下一步，园区将继续完善配套。\n第二行。", 20, 0);
	add(&b, QK_ROLE_SOURCE, "文章来源:《山河日报》", 0, 0);
	/* headings the layout left as body */
	new_page(&b, "4");
	furn(&b, "running-head", "本期特稿", "·本期特稿·");
	add(&b, QK_ROLE_BODY, "山河县发展和改革局：", 0, 0);
	add(&b, QK_ROLE_BODY, "二、项目建设提速", 20, 0);
	add(&b, QK_ROLE_BODY, "　　全年新开工项目四十个。", 20, 0);

	qk_structure_issue(b.is);
	QkIssue *is = b.is;
	CU_ASSERT_EQUAL(is->meta.kind, QK_KIND_MAGAZINE);
	CU_ASSERT_STRING_EQUAL(is->meta.title, "山河经济");
	CU_ASSERT_STRING_EQUAL(is->meta.total_number, "50");
	CU_ASSERT_EQUAL(is->articles->len, 2);

	QkArticle *a = art(is, 0);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), "春风又绿塞上");
	CU_ASSERT_STRING_EQUAL(authors(a, buf), "王五");
	CU_ASSERT_EQUAL(a->paras->len, 3);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 0)->text),
	                       "　　开春以来，各地项目陆续复工，工地上一片忙碌景象。");
	CU_ASSERT_STRING_EQUAL(a->section, "卷首语");
	CU_ASSERT(a->in_toc);
	CU_ASSERT_EQUAL(a->pdf_first, 3);

	a = art(is, 1);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), "园区建设跑出加速度");
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->subtitle), "——来自开发区的报告");
	CU_ASSERT_STRING_EQUAL(a->byline, "李 明");
	CU_ASSERT_STRING_EQUAL(authors(a, buf), "李明");
	CU_ASSERT_EQUAL(a->pages->len, 3);
	CU_ASSERT_EQUAL(a->pdf_first, 4);
	CU_ASSERT_EQUAL(a->pdf_last, 6);
	/* note, h1, body (joined over the column), h2, caption,
	 * body (joined over the page), body, source */
	CU_ASSERT(a->paras->len >= 8);
	CU_ASSERT_EQUAL(para(a, 0)->kind, QK_PARA_NOTE);
	CU_ASSERT_EQUAL(para(a, 1)->kind, QK_PARA_HEADING);
	CU_ASSERT_EQUAL(para(a, 1)->level, 1);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 2)->text),
	                       "园区今年引进项目十二个，总投资超过八十亿元，其中制造业项目占了七成。");
	CU_ASSERT_EQUAL(para(a, 3)->level, 2);
	CU_ASSERT_EQUAL(para(a, 4)->kind, QK_PARA_CAPTION);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 5)->text),
	                       "土地指标优先向重点项目倾斜，审批时限压缩一半。");
	CU_ASSERT_EQUAL(para(a, 5)->page, 5);
	CU_ASSERT_EQUAL(para(a, 6)->kind, QK_PARA_BODY);
	CU_ASSERT_EQUAL(para(a, 7)->kind, QK_PARA_SOURCE);
	CU_ASSERT_EQUAL_FATAL(a->paras->len, 11);
	CU_ASSERT_EQUAL(para(a, 8)->kind, QK_PARA_HEADING);
	CU_ASSERT_EQUAL(para(a, 8)->level, 1);
	CU_ASSERT_EQUAL(para(a, 9)->kind, QK_PARA_HEADING);
	CU_ASSERT_EQUAL(para(a, 9)->level, 1);
	CU_ASSERT_EQUAL(para(a, 10)->kind, QK_PARA_BODY);

	/* TOC: linked entries, one unlinked */
	CU_ASSERT_EQUAL_FATAL(is->toc->len, 2);
	QkTocSection *sec = g_ptr_array_index(is->toc, 1);
	CU_ASSERT_STRING_EQUAL(sec->name, "本期特稿");
	CU_ASSERT_EQUAL_FATAL(sec->entries->len, 2);
	QkTocEntry *e = g_ptr_array_index(sec->entries, 0);
	CU_ASSERT_STRING_EQUAL(e->article_id, "a2");
	CU_ASSERT_EQUAL(e->pdf_page, 4);
	CU_ASSERT_EQUAL(e->authors->len, 1);
	e = g_ptr_array_index(sec->entries, 1);
	CU_ASSERT_PTR_NULL(e->article_id);
	CU_ASSERT(has_warning(is, "toc-unlinked"));
	CU_ASSERT(!has_warning(is, "article-not-in-toc"));

	g_string_free(buf, TRUE);
	qk_issue_free(is);
}

/* A newspaper: masthead, lead bylines, a continued article, no TOC. */
static void test_newspaper(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	GString *buf = g_string_new(NULL);

	new_page(&b, "1");
	add(&b, QK_ROLE_MASTHEAD, "山河日报", 0, -1);
	add(&b, QK_ROLE_MASTHEAD, "2024年5月6日 星期一 山河日报社出版 第9001期 今日八版", 0, -1);
	furn(&b, "edition-header", "要闻", "第1版 要闻");
	add(&b, QK_ROLE_KICKER, "一线见闻", 0, 0);
	add(&b, QK_ROLE_TITLE, "荒坡上崛起新厂房", 0, 0);
	add(&b, QK_ROLE_BYLINE, "本报记者 周 明 吴小丽", 0, 0);
	add(&b, QK_ROLE_BODY, "　　清晨的园区已经热闹起来。", 20, 0);
	add(&b, QK_ROLE_BODY, "　　厂房从打桩到封顶只用了一百天，这样的速度", 20, 0);
	add(&b, QK_ROLE_CONTINUATION, "(下转第2版)", 0, 0);
	add(&b, QK_ROLE_TITLE, "我市春播进度过半", 0, 1);
	add(&b, QK_ROLE_BODY, "　　本报讯（记者 郑 华）全市春播面积已过半。", 20, 1);
	add(&b, QK_ROLE_CAPTION, "农机在田间作业。 孙七 摄", 0, 1);

	new_page(&b, "2");
	furn(&b, "edition-header", NULL, "第2版 综合 2024年5月6日 星期一");
	add(&b, QK_ROLE_TITLE, "荒坡上崛起新厂房", 0, 0);
	add(&b, QK_ROLE_CONTINUATION, "(上接第1版)", 0, 0);
	add(&b, QK_ROLE_BODY, "在当地并不多见。", 0, 0);
	add(&b, QK_ROLE_BODY, "　　园区负责人说，二期工程年内开工。", 20, 0);
	add(&b, QK_ROLE_TITLE, "社区食堂开门迎客", 0, 1);
	add(&b, QK_ROLE_BODY, "　　社区食堂今天正式营业。", 20, 1);

	qk_structure_issue(b.is);
	QkIssue *is = b.is;
	CU_ASSERT_EQUAL(is->meta.kind, QK_KIND_NEWSPAPER);
	CU_ASSERT_STRING_EQUAL(is->meta.title, "山河日报");
	CU_ASSERT_STRING_EQUAL(is->meta.number, "9001");
	CU_ASSERT_STRING_EQUAL(is->meta.edition_count, "8");
	CU_ASSERT_STRING_EQUAL(is->meta.weekday, "星期一");
	CU_ASSERT_PTR_NULL(is->meta.total_number);
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 3);

	QkArticle *a = art(is, 0);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->kicker), "一线见闻");
	CU_ASSERT_STRING_EQUAL(authors(a, buf), "周明|吴小丽");
	CU_ASSERT_EQUAL_FATAL(a->pages->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->pages, 1), "2");
	CU_ASSERT_EQUAL(a->pdf_last, 2);
	/* the paragraph cut by the jump goes on across it; the markers are
	 * kept as jump paragraphs where they were printed */
	CU_ASSERT_EQUAL_FATAL(a->paras->len, 5);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 1)->text),
	                       "　　厂房从打桩到封顶只用了一百天，这样的速度在当地并不多见。");
	CU_ASSERT_EQUAL(para(a, 2)->kind, QK_PARA_JUMP);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 2)->text), "(下转第2版)");
	CU_ASSERT_EQUAL(para(a, 3)->kind, QK_PARA_JUMP);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 3)->text), "(上接第1版)");
	CU_ASSERT_EQUAL(para(a, 4)->kind, QK_PARA_BODY);
	CU_ASSERT_STRING_EQUAL(a->section, "要闻");

	a = art(is, 1);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), "我市春播进度过半");
	CU_ASSERT_STRING_EQUAL(a->byline ? a->byline : "(null)", "本报讯（记者 郑 华）");
	CU_ASSERT_STRING_EQUAL(authors(a, buf), "郑华");
	/* the dateline stays at the head of the first paragraph */
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 0)->text),
	                       "　　本报讯（记者 郑 华）全市春播面积已过半。");
	CU_ASSERT_EQUAL(para(a, 1)->kind, QK_PARA_CAPTION);

	a = art(is, 2);
	CU_ASSERT_STRING_EQUAL(a->section, "综合");

	/* a TOC by 版 */
	CU_ASSERT_EQUAL_FATAL(is->toc->len, 2);
	QkTocSection *sec = g_ptr_array_index(is->toc, 0);
	CU_ASSERT_STRING_EQUAL(sec->name, "要闻");
	CU_ASSERT_STRING_EQUAL(sec->raw, "第1版 要闻");
	CU_ASSERT_EQUAL(sec->entries->len, 2);
	sec = g_ptr_array_index(is->toc, 1);
	CU_ASSERT_STRING_EQUAL(sec->name, "综合");
	CU_ASSERT_EQUAL(sec->entries->len, 1);
	CU_ASSERT(!has_warning(is, "continuation-unmatched"));

	g_string_free(buf, TRUE);
	qk_issue_free(is);
}

/* A magazine article jumping ahead: "(下转第9页)" inside a paragraph,
 * "(上接第5页)" opening its rest after another article. */
static void test_magazine_jump(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	new_page(&b, "5");
	furn(&b, "running-head", "经济社会", "·经济社会·");
	add(&b, QK_ROLE_TITLE, "甲县的新路子", 0, -1);
	add(&b, QK_ROLE_BODY, "　　第一段已经写完。", 20, 0);
	add(&b, QK_ROLE_BODY, "　　第二段写到一半，剩下的(下转第9页)", 20, 0);
	new_page(&b, "6");
	furn(&b, "running-head", "经济社会", "·经济社会·");
	add(&b, QK_ROLE_TITLE, "乙镇的老手艺", 0, -1);
	add(&b, QK_ROLE_BODY, "　　乙镇的文章只有一段。", 20, 0);
	new_page(&b, "9");
	furn(&b, "running-head", "经济社会", "·经济社会·");
	add(&b, QK_ROLE_TITLE, "丙村的合作社", 0, -1);
	add(&b, QK_ROLE_BODY, "　　丙村的文章也只有一段。", 20, 0);
	add(&b, QK_ROLE_BODY, "(上接第5页)内容在这里接上了。", 0, 1);

	qk_structure_issue(b.is);
	QkIssue *is = b.is;
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 3);
	QkArticle *a = art(is, 0);
	CU_ASSERT_EQUAL_FATAL(a->pages->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->pages, 1), "9");
	CU_ASSERT_EQUAL(a->pdf_last, 3);
	CU_ASSERT_EQUAL_FATAL(a->paras->len, 4);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 1)->text),
	                       "　　第二段写到一半，剩下的内容在这里接上了。");
	CU_ASSERT_EQUAL(para(a, 2)->kind, QK_PARA_JUMP);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 2)->text), "(下转第9页)");
	CU_ASSERT_EQUAL(para(a, 3)->kind, QK_PARA_JUMP);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 3)->text), "(上接第5页)");
	a = art(is, 2);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), "丙村的合作社");
	CU_ASSERT_EQUAL(a->paras->len, 1);
	CU_ASSERT(!has_warning(is, "continuation-unmatched"));
	qk_issue_free(is);
}

/* An article starting mid-page under another section's running head goes
 * on over the next page (its own running head); a table page after it
 * does not take its stray lines. */
static void test_section_change(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	new_page(&b, "7");
	furn(&b, "running-head", "经济社会", "·经济社会·");
	add(&b, QK_ROLE_TITLE, "前一篇", 0, -1);
	add(&b, QK_ROLE_BODY, "　　前一篇结束了。", 20, 0);
	add(&b, QK_ROLE_TITLE, "后一篇", 0, 1);
	add(&b, QK_ROLE_BODY, "——副题在这里", 0, 1);
	add(&b, QK_ROLE_BODY, "　　后一篇写到页末还没有", 20, 1);
	new_page(&b, "8");
	furn(&b, "running-head", "党建园地", "·党建园地·");
	add(&b, QK_ROLE_BODY, "写完的句子。", 0, 0);
	new_page(&b, "9");
	furn(&b, "running-head", "数字朔州", "·数字朔州·");
	add(&b, QK_ROLE_OTHER, "主要经济指标", 0, -1);
	add(&b, QK_ROLE_TABLE, "指标 数值", 0, -1);
	add(&b, QK_ROLE_SOURCE, "注：数据为初步统计。", 0, -1);
	qk_structure_issue(b.is);
	QkIssue *is = b.is;
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	QkArticle *a = art(is, 1);
	CU_ASSERT_EQUAL(a->pages->len, 2);
	CU_ASSERT_STRING_EQUAL(a->subtitle ? qk_text_get(a->subtitle) : "",
	                       "——副题在这里");
	CU_ASSERT_EQUAL_FATAL(a->paras->len, 1);
	CU_ASSERT_STRING_EQUAL(qk_text_get(para(a, 0)->text),
	                       "　　后一篇写到页末还没有写完的句子。");
	CU_ASSERT_EQUAL(art(is, 0)->paras->len, 1);
	qk_issue_free(is);
}

/* A scan misreads one character of the running head that prints the
 * periodical's name (闭州调研 for 朔州调研, weasyprint-mag-113 at 200 dpi):
 * it is still the name, no section, and the article under way at the
 * page's top goes on (it began an untitled article at the page's first
 * heading). */
static void test_periodical_head_misread(void)
{
	/* page label (NULL: the cover), running head as read, blocks */
	static const struct {
		const char *label, *head;
		QkRole role;
		const char *text;
	} rows[] = {
		{ NULL, NULL, QK_ROLE_MASTHEAD, "朔州调研" },
		{ NULL, NULL, QK_ROLE_MASTHEAD, "2024年第2期" },
		{ "2", "调查研究", QK_ROLE_TITLE, "稳中承压 蓄势待发" },
		{ "2", "调查研究", QK_ROLE_HEADING, "（一）经济总量迈上新台阶" },
		{ "2", "调查研究", QK_ROLE_BODY, "　　全年地区生产总值增长1.0%。" },
		{ "3", "闭州调研", QK_ROLE_HEADING, "（二）能源生产保持高位" },
		{ "3", "闭州调研", QK_ROLE_BODY, "　　全年原煤产量增长5.6%。" },
		{ "4", "调查研究", QK_ROLE_HEADING, "（三）投资和财政表现亮眼" },
		{ "4", "调查研究", QK_ROLE_BODY, "　　固定资产投资增长9.2%。" },
		{ "5", "改革探索", QK_ROLE_HEADING, "一、发展现状" },
		{ "5", "改革探索", QK_ROLE_BODY, "　　杂粮种植面积稳定。" },
	};
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
		if (i == 0 || g_strcmp0(rows[i].label, rows[i - 1].label) != 0) {
			new_page(&b, rows[i].label);
			b.page->ocr_dpi = 200; /* a scan's pages */
			if (rows[i].head != NULL)
				furn(&b, "running-head", rows[i].head, rows[i].head);
		}
		gboolean indented = rows[i].role == QK_ROLE_HEADING ||
		                    rows[i].role == QK_ROLE_BODY;
		add(&b, rows[i].role, rows[i].text, indented ? 20 : 0,
		    indented ? 0 : -1);
	}
	qk_structure_issue(b.is);
	QkIssue *is = b.is;
	CU_ASSERT_STRING_EQUAL(is->meta.title ? is->meta.title : "", "朔州调研");
	/* the article runs over pages 2-4; another section's head (改革探索)
	 * still ends it */
	CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
	QkArticle *a = art(is, 0);
	CU_ASSERT_STRING_EQUAL(a->title ? qk_text_get(a->title) : "", "稳中承压 蓄势待发");
	CU_ASSERT_EQUAL(a->pages->len, 3);
	CU_ASSERT_EQUAL(a->paras->len, 6);
	CU_ASSERT_PTR_NULL(art(is, 1)->title);
	CU_ASSERT_EQUAL(art(is, 1)->pages->len, 1);
	qk_issue_free(is);
}

/* Arbitrary block text and empty pages: no crash, valid output. */
/* Each line of blk read with OCR: confidence 90 in every character, but
 * where sure[] (NUL-ended, one per character) says otherwise ('a' = 20 …
 * 'j' = 100, '.' = 90). */
static void read_with_ocr(QkBlock *blk, const char *const *sure)
{
	for (guint i = 0; i < blk->lines->len; i++) {
		QkLine *l = g_ptr_array_index(blk->lines, i);
		glong n = g_utf8_strlen(l->text, -1);
		l->conf = g_strnfill(n, 91);
		for (glong k = 0; sure && sure[i] && sure[i][k] && k < n; k++)
			if (sure[i][k] != '.')
				l->conf[k] = (char)(1 + 20 + (sure[i][k] - 'a') * 80 / 9);
	}
}

/* Every page of is read with OCR at 200 dpi: the blocks not read yet
 * (by read_with_ocr with their own confidences) as read with 90. */
static void scan_issue(QkIssue *is)
{
	for (guint p = 0; p < is->pages->len; p++) {
		QkPage *pg = g_ptr_array_index(is->pages, p);
		pg->ocr_dpi = 200;
		for (guint k = 0; k < pg->blocks->len; k++) {
			QkBlock *blk = g_ptr_array_index(pg->blocks, k);
			const QkLine *l = blk->lines->len ? g_ptr_array_index(blk->lines, 0) : NULL;
			if (l != NULL && l->conf == NULL)
				read_with_ocr(blk, NULL);
		}
	}
}

/* A scanned magazine (pages read with OCR): the TOC and the headline read
 * one title each with a character wrong (TOC 揪出…硕电, headline
 * 掀出…硕鼠), the names one apart (梁奶, 梁妮): one reading each, the
 * surer characters, in the titles and the lines; a headline that lost
 * its closing quote (园区里的“追光者) takes it from the TOC's reading, whose
 * quotes pair up. The same pages born digital (no confidences) keep what
 * they print. */
static void test_title_read_twice(void)
{
	for (int ocr = 1; ocr >= 0; ocr--) {
		Builder b = { qk_issue_new(), NULL, 0, 0 };
		new_page(&b, NULL);
		add(&b, QK_ROLE_TOC, "目  录", 0, -1);
		add(&b, QK_ROLE_TOC, "◆ 改革探索", 0, 0);
		QkBlock *t = add(&b, QK_ROLE_TOC, "大数据“慧眼”揪出套牌“硕电”\n姜东 梁奶(1)", 12, 0);
		((QkLine *)g_ptr_array_index(t->lines, 1))->bbox.x0 = 230;
		/* 揪 sure, 电 not; 奶 not */
		const char *sure_a[] = { ".......j.....d", "....b..", NULL };
		if (ocr)
			read_with_ocr(t, sure_a);
		t = add(&b, QK_ROLE_TOC, "园区里的“追光者”\n卫小宁(2)", 12, 0);
		((QkLine *)g_ptr_array_index(t->lines, 1))->bbox.x0 = 230;
		if (ocr)
			read_with_ocr(t, NULL);
		new_page(&b, "1");
		QkBlock *h = add(&b, QK_ROLE_TITLE, "大数据“慧眼”掀出套牌“硕鼠”", 0, -1);
		h->size = 18;
		const char *sure_h[] = { ".......c.....j.", NULL };
		QkBlock *by = add(&b, QK_ROLE_BYLINE, "姜东 梁妮", 0, -1);
		const char *sure_by[] = { "....j", NULL };
		add(&b, QK_ROLE_BODY, "　　一辆大货车挂着别人的车牌，在高速公路上跑了一年多。", 20, 0);
		new_page(&b, "2");
		QkBlock *h2 = add(&b, QK_ROLE_TITLE, "园区里的“追光者", 0, -1);
		h2->size = 18;
		add(&b, QK_ROLE_BYLINE, "卫小宁", 0, -1);
		add(&b, QK_ROLE_BODY, "　　清晨七点，园区已经热闹起来。", 20, 0);
		if (ocr) {
			read_with_ocr(h, sure_h);
			read_with_ocr(by, sure_by);
			scan_issue(b.is);
		}
		qk_structure_issue(b.is);
		QkIssue *is = b.is;
		CU_ASSERT_EQUAL_FATAL(is->articles->len, 2);
		CU_ASSERT_EQUAL_FATAL(is->toc->len, 1);
		QkTocSection *sec = g_ptr_array_index(is->toc, 0);
		CU_ASSERT_EQUAL_FATAL(sec->entries->len, 2);
		QkTocEntry *e = g_ptr_array_index(sec->entries, 0);
		QkTocEntry *e2 = g_ptr_array_index(sec->entries, 1);
		QkArticle *a = art(is, 0), *a2 = art(is, 1);
		CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), ocr ? "大数据“慧眼”揪出套牌“硕鼠”"
		                                                  : "大数据“慧眼”掀出套牌“硕鼠”");
		CU_ASSERT_STRING_EQUAL(e->title, ocr ? "大数据“慧眼”揪出套牌“硕鼠”"
		                                     : "大数据“慧眼”揪出套牌“硕电”");
		CU_ASSERT_EQUAL_FATAL(e->authors->len, 2);
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 1), ocr ? "梁妮" : "梁奶");
		CU_ASSERT_STRING_EQUAL(qk_text_get(a2->title), ocr ? "园区里的“追光者”" : "园区里的“追光者");
		CU_ASSERT_STRING_EQUAL(e2->title, "园区里的“追光者”");
		/* the lines read say so too */
		const QkLine *l = g_ptr_array_index(h->lines, 0);
		CU_ASSERT_STRING_EQUAL(l->text, ocr ? "大数据“慧眼”揪出套牌“硕鼠”"
		                                    : "大数据“慧眼”掀出套牌“硕鼠”");
		l = g_ptr_array_index(h2->lines, 0);
		if (ocr)
			CU_ASSERT_EQUAL(g_utf8_strlen(l->text, -1), (glong)strlen(l->conf));
		qk_issue_free(is);
	}
}

/* A scanned magazine's readings checked against each other (readings of
 * dev scans at 200 dpi): a name read 我建仁 in the byline (surer) and
 * 戎建仁 in the TOC and in the signature under the text is 戎建仁, the
 * reading printed more often; a banner read 一层工作 (一 unsure) over a
 * headline is the TOC's section 基层工作, no article of its own; a
 * headline whose quoted word ends it unclosed in both readings
 * (园区里的“追光者) is closed; an article whose byline was not read takes
 * its entry's authors, an entry whose page was not read its article's
 * first page. Born digital, each stays as printed. */
static void test_scan_readings_checked(void)
{
	for (int ocr = 1; ocr >= 0; ocr--) {
		Builder b = { qk_issue_new(), NULL, 0, 0 };
		new_page(&b, NULL);
		add(&b, QK_ROLE_TOC, "目  录", 0, -1);
		add(&b, QK_ROLE_TOC, "◆ 改革探索", 0, 0);
		QkBlock *t1 = add(&b, QK_ROLE_TOC, "以法治之力护航民营经济发展\n戎建仁(1)", 12, 0);
		((QkLine *)g_ptr_array_index(t1->lines, 1))->bbox.x0 = 230;
		const char *sure_t1[] = { NULL, "e......", NULL };
		add(&b, QK_ROLE_TOC, "◆ 基层工作", 0, 0);
		/* its page not read: leaders that end in no number */
		QkBlock *t2 = add(&b, QK_ROLE_TOC, "园区里的“追光者\n卫小宁 ..........", 12, 0);
		((QkLine *)g_ptr_array_index(t2->lines, 1))->bbox.x0 = 230;
		new_page(&b, "1");
		QkBlock *h = add(&b, QK_ROLE_TITLE, "以法治之力护航民营经济发展", 0, -1);
		h->size = 18;
		QkBlock *by = add(&b, QK_ROLE_BYLINE, "文／我建仁", 0, -1);
		const char *sure_by[] = { "..j..", NULL };
		add(&b, QK_ROLE_BODY, "　　民营经济是推进中国式现代化的生力军。\n（戎建仁）", 20, 0);
		new_page(&b, "2");
		QkBlock *banner = add(&b, QK_ROLE_TITLE, "一层工作", 0, 0);
		banner->size = 14;
		const char *sure_banner[] = { "e...", NULL };
		b.y += 30; /* a banner at the page's top, the headline well under it */
		QkBlock *h2 = add(&b, QK_ROLE_TITLE, "园区里的“追光者", 0, -1);
		h2->size = 18;
		/* its byline 卫小宁 not read at all */
		add(&b, QK_ROLE_BODY, "　　清晨七点，园区已经热闹起来。", 20, 0);
		if (ocr) {
			read_with_ocr(t1, sure_t1);
			read_with_ocr(by, sure_by);
			read_with_ocr(banner, sure_banner);
			scan_issue(b.is);
		}
		qk_structure_issue(b.is);
		QkIssue *is = b.is;
		CU_ASSERT_EQUAL_FATAL(is->articles->len, ocr ? 2 : 3);
		CU_ASSERT_EQUAL_FATAL(is->toc->len, 2);
		QkTocSection *sec = g_ptr_array_index(is->toc, 0);
		QkTocSection *sec2 = g_ptr_array_index(is->toc, 1);
		CU_ASSERT_EQUAL_FATAL(sec->entries->len, 1);
		CU_ASSERT_EQUAL_FATAL(sec2->entries->len, 1);
		QkTocEntry *e = g_ptr_array_index(sec->entries, 0);
		QkTocEntry *e2 = g_ptr_array_index(sec2->entries, 0);
		QkArticle *a = art(is, 0);
		CU_ASSERT_EQUAL_FATAL(a->authors->len, 1);
		CU_ASSERT_EQUAL_FATAL(e->authors->len, 1);
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->authors, 0), ocr ? "戎建仁" : "我建仁");
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e->authors, 0), "戎建仁");
		/* 一层工作 is the 基层工作 banner on the scan, a headline born digital */
		QkArticle *a2 = art(is, ocr ? 1 : 2);
		CU_ASSERT_STRING_EQUAL(qk_text_get(a2->title), ocr ? "园区里的“追光者”" : "园区里的“追光者");
		CU_ASSERT_STRING_EQUAL(e2->title, ocr ? "园区里的“追光者”" : "园区里的“追光者");
		CU_ASSERT_STRING_EQUAL(a2->section, "基层工作");
		if (ocr)
			CU_ASSERT_STRING_EQUAL(e2->page ? e2->page : "(none)", "2");
		/* the byline lost on the scan: the TOC's names */
		CU_ASSERT_EQUAL(a2->authors->len, ocr ? 1 : 0);
		if (ocr && a2->authors->len == 1)
			CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a2->authors, 0), "卫小宁");
		if (!ocr)
			CU_ASSERT_STRING_EQUAL(qk_text_get(art(is, 1)->title), "一层工作");
		qk_issue_free(is);
	}
}

static void test_odd_input(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	new_page(&b, NULL);
	new_page(&b, "1");
	add(&b, QK_ROLE_CONTINUATION, "(上接第7版)", 0, 0);
	add(&b, QK_ROLE_BYLINE, "\xff\xfe 记者", 0, 0);
	add(&b, QK_ROLE_TITLE, "", 0, 0);
	add(&b, QK_ROLE_BODY, "(下转第\xe4版)", 0, 0);
	add(&b, QK_ROLE_CAPTION, "摄", 0, 0);
	new_page(&b, "2");
	add(&b, QK_ROLE_TOC, "◆\x80", 0, 0);
	add(&b, QK_ROLE_TOC, "\xe7\x9b (\xff)", 0, 0);
	qk_structure_issue(b.is);
	CU_ASSERT(has_warning(b.is, "continuation-unmatched"));
	qk_issue_free(b.is);
	QkIssue *empty = qk_issue_new();
	qk_structure_issue(empty);
	CU_ASSERT_EQUAL(empty->articles->len, 0);
	CU_ASSERT_EQUAL(empty->meta.kind, QK_KIND_UNKNOWN);
	qk_issue_free(empty);
	qk_structure_issue(NULL);
}

/* A journal's page head printed once on its first page (the layout saw no
 * repeat to make it furniture) is no article: the shape of
 * cn_journal_bupt_xuebao's and cn_xjtu_journal's first pages. */
static void test_journal_head(void)
{
	Builder b = { qk_issue_new(), NULL, 0, 0 };
	new_page(&b, "1");
	add(&b, QK_ROLE_BODY, "2021 年 4 月 北 京 邮 电 大 学 学 报 Apr. 2021", 0, -1);
	add(&b, QK_ROLE_BODY, "第 44 卷 第 2 期 Journal of Beijing Vol. 44 No. 2", 0, -1);
	add(&b, QK_ROLE_TITLE, "一种信息中心移动自组网中的数据访问控制机制", 0, -1);
	add(&b, QK_ROLE_BYLINE, "刘宁春", 0, -1);
	add(&b, QK_ROLE_BODY, "　　摘要：针对信息中心网络中的数据访问控制问题，提出一种机制。", 20, 0);
	qk_structure_issue(b.is);
	CU_ASSERT_EQUAL_FATAL(b.is->articles->len, 1);
	QkArticle *a = art(b.is, 0);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a->title), "一种信息中心移动自组网中的数据访问控制机制");
	CU_ASSERT_STRING_EQUAL(a->id, "a1");
	qk_issue_free(b.is);
	/* an untitled item with text of its own stays */
	QkIssue *is = qk_issue_new();
	b.is = is;
	new_page(&b, "1");
	add(&b, QK_ROLE_BODY, "　　本期共收录论文十二篇，第 2 期起改为月刊。", 20, 0);
	add(&b, QK_ROLE_BODY, "　　欢迎投稿。", 20, 0);
	qk_structure_issue(is);
	CU_ASSERT_EQUAL(is->articles->len, 1);
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("structure-segment", NULL, NULL);
	CU_add_test(s, "magazine", test_magazine);
	CU_add_test(s, "newspaper", test_newspaper);
	CU_add_test(s, "magazine jump", test_magazine_jump);
	CU_add_test(s, "section change", test_section_change);
	CU_add_test(s, "a scan misreads the periodical's running head",
	            test_periodical_head_misread);
	CU_add_test(s, "a title read twice on a scan", test_title_read_twice);
	CU_add_test(s, "a scan's readings checked against each other", test_scan_readings_checked);
	CU_add_test(s, "odd input", test_odd_input);
	CU_add_test(s, "a journal's page head", test_journal_head);
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures > 0 ? 1 : 0;
}
