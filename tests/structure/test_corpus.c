/*
 * test_corpus.c — the failure classes of issue 14 on corpus PDFs
 * (corpus/dev, made by producers other than the samples' typesetter):
 * extract + structure on the PDF, then the outcome each class is about.
 * Only dev issues are used: validation is for measuring.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "extract.h"
#include "structure.h"

static QkIssue *issue_of(const char *name)
{
	const char *root = g_getenv("QK_SOURCE_ROOT");
	char *pdf = g_strdup_printf("%s/corpus/dev/%s.pdf", root ? root : ".", name);
	GError *err = NULL;
	QkIssue *is = qk_extract_pdf(pdf, NULL, &err);
	if (is == NULL)
		fprintf(stderr, "\n  %s: %s\n", pdf, err->message);
	g_clear_error(&err);
	g_free(pdf);
	qk_structure_issue(is);
	return is;
}

/* The article (or notice) whose title, spaces removed, is title. */
static QkArticle *titled(const QkIssue *is, const char *title)
{
	char *want = qk_structure_squeeze(title);
	QkArticle *hit = NULL;
	for (guint i = 0; i < is->articles->len && hit == NULL; i++) {
		QkArticle *a = g_ptr_array_index(is->articles, i);
		char *t = a->title ? qk_structure_squeeze(a->title->text) : g_strdup("");
		if (strcmp(t, want) == 0)
			hit = a;
		g_free(t);
	}
	g_free(want);
	if (hit == NULL)
		fprintf(stderr, "\n  no article titled %s\n", title);
	return hit;
}

static char *authors_of(const QkArticle *a)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; a != NULL && i < a->authors->len; i++)
		g_string_append_printf(s, "%s%s", i ? "|" : "",
		                       (char *)g_ptr_array_index(a->authors, i));
	return g_string_free(s, FALSE);
}

static void check_authors(const QkIssue *is, const char *title, const char *want)
{
	char *got = authors_of(titled(is, title));
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  %s: authors %s, want %s\n", title, got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
}

static const QkPara *para_at(const QkArticle *a, int i)
{
	if (a == NULL)
		return NULL;
	int n = (int)a->paras->len;
	i = i < 0 ? n + i : i;
	return i >= 0 && i < n ? g_ptr_array_index(a->paras, i) : NULL;
}

/* Paragraph i (negative: from the end) has kind and starts with text. */
static void check_para(const QkIssue *is, const char *title, int i,
                       QkParaKind kind, const char *text)
{
	const QkPara *p = para_at(titled(is, title), i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	if (p->kind != kind || !g_str_has_prefix(p->text->text, text))
		fprintf(stderr, "\n  %s: para %d is %s \"%s\", want %s \"%s…\"\n", title,
		        i, qk_para_kind_name(p->kind), p->text->text,
		        qk_para_kind_name(kind), text);
	CU_ASSERT_EQUAL(p->kind, kind);
	CU_ASSERT_TRUE(g_str_has_prefix(p->text->text, text));
}

/* No article's text (any paragraph) contains s. */
static gboolean in_no_article_but(const QkIssue *is, const char *s,
                                  const QkArticle *except)
{
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		for (guint k = 0; a != except && k < a->paras->len; k++)
			if (strstr(((QkPara *)g_ptr_array_index(a->paras, k))->text->text, s))
				return FALSE;
	}
	return TRUE;
}

/* "title/a1|a2/page" of every TOC entry, one a line. */
static char *toc_dump(const QkIssue *is)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < is->toc->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(is->toc, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			g_string_append_printf(s, "%s/%s/", sec->name ? sec->name : "",
			                       e->title ? e->title : "");
			for (guint j = 0; j < e->authors->len; j++)
				g_string_append_printf(s, "%s%s", j ? "|" : "",
				                       (char *)g_ptr_array_index(e->authors, j));
			g_string_append_printf(s, "/%s\n", e->page ? e->page : "");
		}
	}
	return g_string_free(s, FALSE);
}

static void check_toc(const QkIssue *is, const char *want)
{
	char *got = toc_dump(is);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n  TOC:\n%s", got);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
}

/* Chromium writes its CJK fonts as Type 3 fonts that report twice their
 * em: the body size is the em its glyphs advance by. */
static void test_type3_sizes(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	const QkArticle *a = titled(is, "绿电外送通道越走越宽");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	/* the page's body blocks are set at about 10.5 pt, not 21 */
	const QkPage *pg = qk_issue_page(is, a->pdf_first);
	int body = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		if (b->role == QK_ROLE_BODY) {
			body++;
			CU_ASSERT(b->size > 9 && b->size < 12);
		}
	}
	CU_ASSERT(body > 0);
	qk_issue_free(is);
}

/* A section banner (the 栏目 printed large on a section's first page) is
 * no article; the articles after it are in its section. */
static void test_banner(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	for (guint i = 0; i < is->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(is->articles, i);
		CU_ASSERT_PTR_NOT_NULL(a->title);
		if (a->title)
			CU_ASSERT_STRING_NOT_EQUAL(a->title->text, "政策解读");
	}
	const QkArticle *a = titled(is, "绿电外送通道越走越宽");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->section, "政策解读");
	/* the line above the headline is its kicker */
	CU_ASSERT_STRING_EQUAL(a->kicker ? a->kicker->text : "", "优化营商环境在行动");
	qk_issue_free(is);
}

/* Lead boxes (导语, 编者按, 核心阅读) are notes, not body. */
static void test_lead_boxes(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_para(is, "绿电外送通道越走越宽", 0, QK_PARA_NOTE, "导语：");
	check_para(is, "应县推进农村人居环境整治提升", 0, QK_PARA_NOTE, "编者按：");
	check_para(is, "农牧融合发展 盐碱地上生金", 0, QK_PARA_NOTE, "核心阅读");
	check_para(is, "农牧融合发展 盐碱地上生金", 1, QK_PARA_NOTE, "县域是城乡融合");
	check_para(is, "农牧融合发展 盐碱地上生金", 2, QK_PARA_BODY, "山阴县地处");
	qk_issue_free(is);
	is = issue_of("chromium-mag-02");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_para(is, "畅通县域商业血脉 释放农村消费潜力", 0, QK_PARA_NOTE, "编者话：");
	qk_issue_free(is);
}

/* Tail lines are tail paragraphs, not body: 责任编辑：…, （本文为…，有删节）,
 * （本文根据…整理）, a signature （X）, 撰稿：…, 作者单位：… */
static void test_tails(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_para(is, "农牧融合发展 盐碱地上生金", -1, QK_PARA_TAIL, "责任编辑：曾建");
	check_para(is, "加快县域经济发展 推动城乡区域协调", -1, QK_PARA_TAIL, "（侯强）");
	check_para(is, "外地资源型城市转型的几点经验", -1, QK_PARA_TAIL, "（本文根据");
	qk_issue_free(is);
	is = issue_of("chromium-mag-02");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_para(is, "上半年全市经济运行的特点与下半年走势", -1, QK_PARA_TAIL, "撰稿：");
	qk_issue_free(is);
	is = issue_of("xelatex-mag-07");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_para(is, "盛会落幕处 奋进正当时", -2, QK_PARA_TAIL, "（本文为");
	check_para(is, "盛会落幕处 奋进正当时", -1, QK_PARA_TAIL, "作者单位：");
	qk_issue_free(is);
}

/* Bylines with marks (□ X, 作者：X, 文／X), a job title before the name,
 * names going on in a block of their own. */
static void test_bylines(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_authors(is, "在实践中锤炼年轻干部的真本领", "刘贵龙");
	check_authors(is, "应县推进农村人居环境整治提升", "汤静");
	check_authors(is, "凝心聚力抓落实 实干担当开新局", "祁贵");
	check_authors(is, "小杂粮撑起大产业", "王虎|刘晓琰");
	qk_issue_free(is);
	is = issue_of("chromium-mag-03");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_authors(is, "新型储能：为新能源装上“稳定器”", "卢生权");
	check_authors(is, "朔州打造招商引资“强磁场”", "王爽");
	qk_issue_free(is);
	is = issue_of("xelatex-mag-07");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	/* a bullet from a font without a Unicode map (U+FFFD) */
	check_authors(is, "盛会落幕处 奋进正当时", "雷华");
	/* the space between job title and name lost */
	check_authors(is, "平鲁红山荞麦亮相“云遇中国”", "付国");
	qk_issue_free(is);
}

/* A notice outside the TOC (征稿启事, a 公益广告) is an item of its own. */
static void test_notices(void)
{
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	QkArticle *n = titled(is, "征稿启事");
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	CU_ASSERT_EQUAL(n->kind, QK_ITEM_NOTICE);
	CU_ASSERT_TRUE(in_no_article_but(is, "来稿应观点鲜明", n));
	QkArticle *ad = titled(is, "绿色出行 低碳生活");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ad);
	CU_ASSERT_EQUAL(ad->kind, QK_ITEM_NOTICE);
	/* its printed label is no text of it */
	CU_ASSERT_TRUE(in_no_article_but(is, "公益广告", NULL));
	qk_issue_free(is);
}

/* TOC styles other than the samples'. */
static void test_toc_styles(void)
{
	/* authors one space after the title; a page on an entry's first row
	 * with the title ending on the next; the TOC's title letter-spaced
	 * into two blocks (目  录) */
	QkIssue *is = issue_of("chromium-mag-01");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	static const char *const mag01[] = {
		"政策解读/绿电外送通道越走越宽/王晓东/1\n",
		"政策解读/在实践中锤炼年轻干部的真本领/刘贵龙/2\n",
		"政策解读/应县推进农村人居环境整治提升/汤静/3\n",
		"经济观察/加快县域经济发展 推动城乡区域协调/侯强/5\n",
		"经济观察/农牧融合发展 盐碱地上生金——山阴县盐碱地综合利用调查/刘鑫|付丽娜/6\n",
		"县域经济/外地资源型城市转型的几点经验/赵琪/9\n",
		"县域经济/小杂粮撑起大产业——我市有机旱作农业发展调研/王虎|刘晓琰/10\n",
	};
	char *toc = toc_dump(is);
	for (gsize i = 0; i < G_N_ELEMENTS(mag01); i++) {
		if (strstr(toc, mag01[i]) == NULL)
			fprintf(stderr, "\n  missing TOC entry %s", mag01[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(toc, mag01[i]));
	}
	g_free(toc);
	qk_issue_free(is);
	/* the page before the title, authors below, sections without bullet */
	is = issue_of("chromium-mag-02");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	check_toc(is,
		"乡村振兴/畅通县域商业血脉 释放农村消费潜力/漆蓝/1\n"
		"乡村振兴/七十余载接续植绿不止步 好生态催生好业态 右玉探索生态产品价值实现新路径/段思远/2\n"
		"经济观察/上半年全市经济运行的特点与下半年走势/高明道|黄军/4\n"
		"调查研究/盛会落幕处 奋进正当时——写在项目建设攻坚年/邵俊杰/5\n"
		"调查研究/怀仁陶瓷扬帆出海——一个传统产业的转型升级之路/黄军|侯强/6\n"
		"县域经济/小杂粮撑起大产业——我市有机旱作农业发展调研/王虎|刘晓琰/7\n");
	qk_issue_free(is);
	/* a LaTeX TOC: sections without bullet, pages in brackets far right */
	is = issue_of("xelatex-mag-07");
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	char *got = toc_dump(is);
	CU_ASSERT_TRUE(strstr(got, "改革探索/让“小网格”托起“大民生”/秦学军/1\n") != NULL);
	CU_ASSERT_TRUE(strstr(got, "本期特稿/平鲁红山荞麦亮相“云遇中国”/付国/10\n") != NULL);
	CU_ASSERT_TRUE(strstr(got, "目") != got);
	g_free(got);
	qk_issue_free(is);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("structure-corpus", NULL, NULL);
	CU_add_test(s, "Type 3 font sizes (Chromium)", test_type3_sizes);
	CU_add_test(s, "section banners", test_banner);
	CU_add_test(s, "lead boxes", test_lead_boxes);
	CU_add_test(s, "tail lines", test_tails);
	CU_add_test(s, "bylines", test_bylines);
	CU_add_test(s, "notices outside the TOC", test_notices);
	CU_add_test(s, "TOC styles", test_toc_styles);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
