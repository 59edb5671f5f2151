/*
 * test_parsers.c — the line-level parsers of issue structure: names,
 * bylines, signatures, captions, notes, sources, headings, TOC lines,
 * TOC assembly, metadata lines and continuation markers. Table-driven;
 * the strings are written in the printed forms, not taken from issues.
 */
#include <string.h>
#include <CUnit/Basic.h>

#include "structure.h"

/* "a|b|c" → compare with the array's strings. */
static void assert_list(GPtrArray *got, const char *want, const char *ctx)
{
	char **w = g_strsplit(want, "|", -1);
	guint n = *want ? g_strv_length(w) : 0;
	GString *g = g_string_new(NULL);
	for (guint i = 0; i < got->len; i++)
		g_string_append_printf(g, "%s%s", i ? "|" : "",
		                       (char *)g_ptr_array_index(got, i));
	if (strcmp(g->str, want) != 0)
		fprintf(stderr, "\n  %s: got [%s] want [%s]\n", ctx, g->str, want);
	CU_ASSERT_EQUAL(got->len, n);
	CU_ASSERT_STRING_EQUAL(g->str, want);
	g_string_free(g, TRUE);
	g_strfreev(w);
}

/* qk_structure_squeeze drops white space (g_unichar_isspace, U+3000,
 * U+00A0) and keeps every other character's bytes, invalid bytes as U+FFFD */
static void test_squeeze(void)
{
	char *s = qk_structure_squeeze("\xff 目 录\u3000\t第1期\xc2\xa0x\v\u2028y\r\n");
	CU_ASSERT_STRING_EQUAL(s, "\xef\xbf\xbd目录第1期x\vy");
	g_free(s);
	s = qk_structure_squeeze(NULL);
	CU_ASSERT_STRING_EQUAL(s, "");
	g_free(s);
}

static void test_split_names(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "祁 贵", "祁贵" },
		{ "王 荣 王晓丽 唐 丽", "王荣|王晓丽|唐丽" },
		{ "杨忠阳 刘 瑾", "杨忠阳|刘瑾" },
		{ "石永杰 宋旭 陈萍", "石永杰|宋旭|陈萍" },
		{ "高 宇 高成富 黄 军", "高宇|高成富|黄军" },
		{ "张三、李四", "张三|李四" },
		{ "赵六　钱七", "赵六|钱七" },   /* ideographic space */
		{ "", "" },
		{ "   ", "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
		qk_structure_split_names(cases[i].in, out);
		assert_list(out, cases[i].want, cases[i].in);
		g_ptr_array_free(out, TRUE);
	}
}

static void test_looks_like_names(void)
{
	static const struct { const char *in; gboolean want; } cases[] = {
		{ "祁 贵", TRUE },
		{ "刘鑫焱 付明丽", TRUE },
		{ "欧阳明高", TRUE },
		{ "朔州市人民政府发展研究中心", TRUE },   /* an organisation */
		{ "打好转型攻坚战 开创发展新格局", FALSE },
		{ "黄河湿地保护", FALSE },
		{ "2023年第1期", FALSE },
		{ "“数字大脑”", FALSE },
		/* a name spaced to three characters' width starts with a
		 * surname; a letter-spaced heading does not */
		{ "王 虎 刘晓琰", TRUE },
		{ "漆 蓝", TRUE },
		{ "稳 中 求 进", FALSE },
		{ "破 题", FALSE },
		{ "", FALSE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		gboolean got = qk_structure_looks_like_names(cases[i].in);
		if (got != cases[i].want)
			fprintf(stderr, "\n  looks_like_names(%s) = %d\n",
			        cases[i].in, got);
		CU_ASSERT_EQUAL(got, cases[i].want);
	}
}

static void test_bylines(void)
{
	static const struct {
		const char *in;
		gboolean ok;
		const char *authors;
	} cases[] = {
		{ "本报记者 刘淑花", TRUE, "刘淑花" },
		{ "记者 武跃林", TRUE, "武跃林" },
		{ "本报记者 高 岩 李文静 郭晓宇", TRUE, "高岩|李文静|郭晓宇" },
		{ "本报讯（记者 刘淑花）", TRUE, "刘淑花" },
		{ "本报讯(记者 刘 敏)", TRUE, "刘敏" },
		{ "新华社记者 王 强 李 明", TRUE, "王强|李明" },
		{ "记者 张三 通讯员 李四", TRUE, "张三|李四" },
		{ "石永杰 宋旭 陈萍", TRUE, "石永杰|宋旭|陈萍" },
		{ "祁 贵", TRUE, "祁贵" },
		{ "（祁贵）", TRUE, "祁贵" },
		{ "(周慧芳)", TRUE, "周慧芳" },
		{ "朔州市人民政府发展研究中心", TRUE, "朔州市人民政府发展研究中心" },
		/* names printed without spaces (xelatex corpus issues): split
		 * where each name starts with a surname, when only one split
		 * does */
		{ "本刊记者王虎刘晓琰", TRUE, "王虎|刘晓琰" },
		{ "□辛泰刘晓峰", TRUE, "辛泰|刘晓峰" },
		{ "张伟李晓红赵敏", TRUE, "张伟|李晓红|赵敏" },
		{ "王文李明华", FALSE, "" },
		/* a two-character name spaced out, then a full-width space
		 * before the next name (dev libreoffice-mag-58, -60) */
		{ "文／王 虎　刘晓琰", TRUE, "王虎|刘晓琰" },
		{ "文／王  虎　刘晓琰", TRUE, "王虎|刘晓琰" },
		{ "文／高 宇　连彩霞", TRUE, "高宇|连彩霞" },
		{ "作者：漆 蓝", TRUE, "漆蓝" },
		/* headlines the layout took for bylines name no one */
		{ "简讯两则", FALSE, "" },
		{ "稳中承压 蓄势待发", FALSE, "" },
		{ "目 录", FALSE, "" },
		{ "一 线 见 闻", FALSE, "" },
		{ "高质量发展", FALSE, "" },
		{ "市里把新能源项目建设当作头等大事来抓。", FALSE, "" },
		{ "一、园区建设稳步推进", FALSE, "" },
		{ "（2023年）", FALSE, "" },
		{ "", FALSE, "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
		gboolean ok = qk_structure_parse_byline(cases[i].in, out);
		if (ok != cases[i].ok)
			fprintf(stderr, "\n  parse_byline(%s) = %d\n",
			        cases[i].in, ok);
		CU_ASSERT_EQUAL(ok, cases[i].ok);
		if (ok)
			assert_list(out, cases[i].authors, cases[i].in);
		g_ptr_array_free(out, TRUE);
	}
}

static void test_lead_byline(void)
{
	static const struct {
		const char *in;
		const char *prefix;   /* expected byline prefix, "" none */
		const char *authors;
	} cases[] = {
		{ "本报讯（记者 刘淑花）我市今年新建充电桩三百个。",
		  "本报讯（记者 刘淑花）", "刘淑花" },
		{ "山西日报讯（记者 袁兆辉）日前，记者从有关部门获悉。",
		  "山西日报讯（记者 袁兆辉）", "袁兆辉" },
		{ "本报讯(记者 刘 敏 通讯员 王 五)春耕备耕全面展开。",
		  "本报讯(记者 刘 敏 通讯员 王 五)", "刘敏|王五" },
		{ "全市上下掀起学习热潮（记者 张三）。", "", "" },
		{ "资讯（一）", "", "" },
		{ "", "", "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
		gsize n = qk_structure_lead_byline(cases[i].in, out);
		CU_ASSERT_EQUAL(n, strlen(cases[i].prefix));
		if (n == strlen(cases[i].prefix) && n > 0)
			CU_ASSERT(strncmp(cases[i].in, cases[i].prefix, n) == 0);
		assert_list(out, cases[i].authors, cases[i].in);
		g_ptr_array_free(out, TRUE);
	}
}

static void test_line_kinds(void)
{
	static const struct {
		const char *in;
		gboolean credit, note, source, signature;
	} cases[] = {
		{ "工人们正在检修设备。 李小龙 摄", TRUE, FALSE, FALSE, FALSE },
		{ "园区全景（赵建平 摄）", TRUE, FALSE, FALSE, FALSE },
		{ "本报记者 王五 摄", TRUE, FALSE, FALSE, FALSE },
		{ "编者按：这一组报道记录了园区的变化。", FALSE, TRUE, FALSE, FALSE },
		{ "编者话：", FALSE, TRUE, FALSE, FALSE },
		{ "文章来源:《人民日报》", FALSE, FALSE, TRUE, FALSE },
		{ "(文章来源:新华社北京电)", FALSE, FALSE, TRUE, FALSE },
		{ "（祁贵）", FALSE, FALSE, FALSE, TRUE },
		/* a scan's reading of （侯强） (weasyprint-mag-130 at 200 dpi) */
		{ "〈侯强）", FALSE, FALSE, FALSE, TRUE },
		{ "〈王文娟〉", FALSE, FALSE, FALSE, TRUE },
		{ "他说，这些照片是去年拍摄的。", FALSE, FALSE, FALSE, FALSE },
		{ "来源于群众的智慧", FALSE, FALSE, FALSE, FALSE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *s = cases[i].in;
		CU_ASSERT_EQUAL(qk_structure_is_photo_credit(s), cases[i].credit);
		CU_ASSERT_EQUAL(qk_structure_is_editor_note(s), cases[i].note);
		CU_ASSERT_EQUAL(qk_structure_is_source_line(s), cases[i].source);
		CU_ASSERT_EQUAL(qk_structure_parse_signature(s, NULL),
		                cases[i].signature);
	}
}

/* The line checks refuse most lines on their raw bytes before repairing
 * them (byline.c): blanks around a line and bytes that are no UTF-8 give
 * the answers the repaired, trimmed line gives. */
static void test_line_kinds_raw(void)
{
	static const struct {
		const char *in;
		gboolean credit, note, source, signature, tail;
	} cases[] = {
		{ "  工人们正在检修设备。 李小龙 摄 ", TRUE, FALSE, FALSE, FALSE, FALSE },
		{ "工人们\xff正在检修设备。 李小龙 摄", TRUE, FALSE, FALSE, FALSE, FALSE },
		{ "李小龙 摄\xff", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ "\t编者按：这一组报道记录了园区的变化。", FALSE, TRUE, FALSE, FALSE, FALSE },
		{ "\xff编者按：", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ "编者\xe6按：", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ " 【编者按】", FALSE, TRUE, FALSE, TRUE, FALSE },
		{ "\xff文章来源:《人民日报》", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ " (文章来源:新华社\xff北京电) ", FALSE, FALSE, TRUE, FALSE, FALSE },
		{ "  （祁贵） ", FALSE, FALSE, FALSE, TRUE, FALSE },
		{ "\xe8（祁贵）", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ " 责任编辑：曾建 ", FALSE, FALSE, FALSE, FALSE, TRUE },
		{ "\xff责任编辑：曾建", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ "  （本文有删节） ", FALSE, FALSE, FALSE, FALSE, TRUE },
		{ "（本文系\xff课题成果）", FALSE, FALSE, FALSE, FALSE, TRUE },
		{ "本文系课题成果）", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ "", FALSE, FALSE, FALSE, FALSE, FALSE },
		{ " \t ", FALSE, FALSE, FALSE, FALSE, FALSE },
	};
	const QkWords *w = qk_structure_words();
	/* what the refusals rest on: the words are valid text without U+FFFD */
	const GPtrArray *lists[] = { w->leads, w->tails };
	for (gsize l = 0; l < G_N_ELEMENTS(lists); l++)
		for (guint i = 0; i < lists[l]->len; i++) {
			const char *word = g_ptr_array_index(lists[l], i);
			CU_ASSERT(*word && g_utf8_validate(word, -1, NULL) &&
			          !strstr(word, "\uFFFD"));
		}
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *s = cases[i].in;
		CU_ASSERT_EQUAL(qk_structure_is_photo_credit(s), cases[i].credit);
		CU_ASSERT_EQUAL(qk_structure_is_editor_note(s), cases[i].note);
		CU_ASSERT_EQUAL(qk_structure_is_source_line(s), cases[i].source);
		CU_ASSERT_EQUAL(qk_structure_parse_signature(s, NULL), cases[i].signature);
		CU_ASSERT_EQUAL(qk_structure_is_tail_w(w, s), cases[i].tail);
	}
}

static void test_heading_level(void)
{
	static const struct { const char *in; int level; } cases[] = {
		{ "一、固投指标走在前列", 1 },
		{ "十二、其他", 1 },
		{ "（一）抓项目", 2 },
		{ "(三)强服务", 2 },
		{ "1.加快园区建设", 3 },
		{ "2．完善配套", 3 },
		{ "（1）土地保障", 4 },
		{ "1.5亿元的投资", 0 },
		{ "2023年全市经济", 0 },
		{ "一是抓落实", 4 },      /* a short enumerated lead line */
		{ "", 0 },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		int got = qk_structure_heading_level(cases[i].in);
		if (got != cases[i].level)
			fprintf(stderr, "\n  heading_level(%s) = %d\n",
			        cases[i].in, got);
		CU_ASSERT_EQUAL(got, cases[i].level);
	}
}

static void test_toc_line(void)
{
	static const struct {
		const char *in;
		QkTocLineKind kind;
		const char *text, *page, *section;
	} cases[] = {
		{ "◆ 卷首语", QK_TOCL_SECTION, NULL, NULL, "卷首语" },
		{ "■经济社会", QK_TOCL_SECTION, NULL, NULL, "经济社会" },
		{ "目  录", QK_TOCL_HEADER, NULL, NULL, NULL },
		{ "总第 168 期(双月出版) 目录", QK_TOCL_HEADER, NULL, NULL, NULL },
		{ "总第171期(双月出版)", QK_TOCL_HEADER, NULL, NULL, NULL },
		{ "朔州经济 2023年第4期", QK_TOCL_HEADER, NULL, NULL, NULL },
		{ "·倡导新观点·交流新经验·融汇新信息·", QK_TOCL_HEADER, NULL, NULL, NULL },
		{ "祁 贵(1)", QK_TOCL_TEXT, "祁 贵", "1", NULL },
		{ "王 荣 王晓丽 唐 丽（28）", QK_TOCL_TEXT, "王 荣 王晓丽 唐 丽", "28", NULL },
		{ "(4)", QK_TOCL_TEXT, "", "4", NULL },
		{ "- (47)", QK_TOCL_TEXT, "", "47", NULL },
		{ "冀珊珊 (34)", QK_TOCL_TEXT, "冀珊珊", "34", NULL },
		/* a bracket read as an angle one on a scan (libreoffice-mag-10
		 * at 200 dpi); a title in 《》 keeps its text */
		{ "…实现新路径 段思远 〈3)", QK_TOCL_TEXT, "…实现新路径 段思远", "3", NULL },
		{ "段思远 (3》", QK_TOCL_TEXT, "段思远", "3", NULL },
		{ "学习《条例》", QK_TOCL_TEXT, "学习《条例》", NULL, NULL },
		{ "园区建设提速 …… 13", QK_TOCL_TEXT, "园区建设提速", "13", NULL },
		{ "48", QK_TOCL_TEXT, "", "48", NULL },
		/* leaders, and brackets before a bare page (the bracketed
		 * forms are tried only on a line ending in a bracket;
		 * libreoffice-letter-12) */
		{ "简讯两则...................................................3",
		  QK_TOCL_TEXT, "简讯两则", "3", NULL },
		{ "建设现代化产业体系(上) …… 7", QK_TOCL_TEXT, "建设现代化产业体系(上)", "7", NULL },
		{ "第四部分……（12）", QK_TOCL_TEXT, "第四部分", "12", NULL },
		{ "2023 年朔州市 1—7 月主要经济指标", QK_TOCL_TEXT,
		  "2023 年朔州市 1—7 月主要经济指标", NULL, NULL },
		{ "建设现代化产业体系(上)", QK_TOCL_TEXT, "建设现代化产业体系(上)", NULL, NULL },
		/* a speck read as a closing quote between names
		 * (chromium-mag-02 at 200 dpi); a wrapped title's closing
		 * quote, or one closing a quote opened on the line, stays */
		{ "高明道” 黄军", QK_TOCL_TEXT, "高明道 黄军", NULL, NULL },
		{ "零距离”", QK_TOCL_TEXT, "零距离”", NULL, NULL },
		{ "“零距离” 服务", QK_TOCL_TEXT, "“零距离” 服务", NULL, NULL },
		{ "", QK_TOCL_EMPTY, NULL, NULL, NULL },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		QkTocLine l;
		qk_structure_parse_toc_line(cases[i].in, &l);
		if (l.kind != cases[i].kind)
			fprintf(stderr, "\n  toc_line(%s) kind %d\n", cases[i].in,
			        l.kind);
		CU_ASSERT_EQUAL(l.kind, cases[i].kind);
		if (cases[i].text)
			CU_ASSERT_STRING_EQUAL(l.text ? l.text : "(null)",
			                       cases[i].text);
		CU_ASSERT_STRING_EQUAL(l.page ? l.page : "(null)",
		                       cases[i].page ? cases[i].page : "(null)");
		if (cases[i].section)
			CU_ASSERT_STRING_EQUAL(l.section ? l.section : "(null)",
			                       cases[i].section);
		qk_structure_toc_line_clear(&l);
	}
}

/* Builds TOC sections from "text@right" lines ('@' marks a right line). */
/* The TOC made of lines ('@' first: the line starts in the right part of
 * its column), read with OCR when ocr (each character 99 sure). */
static GPtrArray *toc_read(const char *const *lines, gboolean ocr)
{
	GPtrArray *ls = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	GArray *right = g_array_new(FALSE, TRUE, sizeof(gboolean));
	for (gsize i = 0; lines[i]; i++) {
		gboolean r = lines[i][0] == '@';
		QkLine *l = qk_line_new(lines[i] + (r ? 1 : 0));
		if (ocr)
			l->conf = g_strnfill(g_utf8_strlen(l->text, -1), 100);
		g_ptr_array_add(ls, l);
		g_array_append_val(right, r);
	}
	GPtrArray *secs = g_ptr_array_new_with_free_func(
		(GDestroyNotify)qk_toc_section_free);
	qk_structure_toc_from_lines(ls, (gboolean *)right->data, secs);
	g_array_free(right, TRUE);
	g_ptr_array_free(ls, TRUE);
	return secs;
}

static GPtrArray *toc_of(const char *const *lines)
{
	return toc_read(lines, FALSE);
}

/* "section/title/a1|a2/page" per entry, entries joined by "\n". */
static char *toc_dump(GPtrArray *secs)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < secs->len; i++) {
		QkTocSection *sec = g_ptr_array_index(secs, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			g_string_append_printf(s, "%s/%s/", sec->name ? sec->name : "",
			                       e->title ? e->title : "");
			for (guint a = 0; a < e->authors->len; a++)
				g_string_append_printf(s, "%s%s", a ? "|" : "",
				    (char *)g_ptr_array_index(e->authors, a));
			g_string_append_printf(s, "/%s\n", e->page ? e->page : "");
		}
	}
	return g_string_free(s, FALSE);
}

static void test_toc_assembly(void)
{
	static const char *const page[] = {
		"目  录",
		"朔州经济 2023年第4期",
		"总第171期(双月出版)",
		"◆ 卷首语",
		"乘势而上谋新篇",
		"@(1)",
		"◆ 本期特稿",
		"稳中求进 推动县域经济",
		"@赵福军(9)",
		"党建引领网格治理 实现服务群众“零",
		"距离”",
		"@张翼翔(36)",
		"风华五年 城市展新颜",
		"@王 荣 王晓丽 唐 丽(28)",
		"◆ 调查信息",
		"@(47)",
		"·倡导新观点·交流新经验·融汇新信息·",
		"◆ 数字朔州",
		"2023 年朔州市 1—7 月主要经济指标",
		"@(48)",
		NULL
	};
	GPtrArray *secs = toc_of(page);
	char *got = toc_dump(secs);
	const char *want =
		"卷首语/乘势而上谋新篇//1\n"
		"本期特稿/稳中求进 推动县域经济/赵福军/9\n"
		"本期特稿/党建引领网格治理 实现服务群众“零距离”/张翼翔/36\n"
		"本期特稿/风华五年 城市展新颜/王荣|王晓丽|唐丽/28\n"
		"调查信息///47\n"
		"数字朔州/2023 年朔州市 1—7 月主要经济指标//48\n";
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n%s", got ? got : "(null)");
	CU_ASSERT_STRING_EQUAL(got, want);
	QkTocSection *s0 = g_ptr_array_index(secs, 0);
	CU_ASSERT_STRING_EQUAL(s0->raw, "◆ 卷首语");
	g_free(got);
	g_ptr_array_free(secs, TRUE);

	/* without positions: names are recognised by their form */
	static const char *const plain[] = {
		"◆ 法制建设",
		"执法权责清单落地",
		"丁国锋 (37)",
		"对中国历史具有意义的发明之地",
		"朔州市人民政府发展研究中心(13)",
		NULL
	};
	secs = toc_of(plain);
	got = toc_dump(secs);
	CU_ASSERT_STRING_EQUAL(got,
		"法制建设/执法权责清单落地/丁国锋/37\n"
		"法制建设/对中国历史具有意义的发明之地/朔州市人民政府发展研究中心/13\n");
	g_free(got);
	g_ptr_array_free(secs, TRUE);

	/* authors after the title one space apart; the page on an entry's
	 * first row, its title ending on the next with the authors (the rows
	 * of corpus/dev/chromium-mag-01's TOC) */
	static const char *const first_row[] = {
		"■ 政策解读",
		"绿电外送通道越走越宽 王晓东  1",
		"■ 经济观察",
		"农牧融合发展 盐碱地上生金——山阴县盐碱地  6",
		"综合利用调查 刘鑫 付丽娜",
		"■ 县域经济",
		"小杂粮撑起大产业——我市有机旱作农业发  10",
		"展调研 王虎 刘晓琰",
		NULL
	};
	secs = toc_of(first_row);
	got = toc_dump(secs);
	CU_ASSERT_STRING_EQUAL(got,
		"政策解读/绿电外送通道越走越宽/王晓东/1\n"
		"经济观察/农牧融合发展 盐碱地上生金——山阴县盐碱地综合利用调查/刘鑫|付丽娜/6\n"
		"县域经济/小杂粮撑起大产业——我市有机旱作农业发展调研/王虎|刘晓琰/10\n");
	g_free(got);
	g_ptr_array_free(secs, TRUE);

	/* the page before the title, the authors on a line below, sections
	 * without a bullet (corpus/dev/chromium-mag-02's TOC) */
	static const char *const page_first[] = {
		"乡村振兴",
		"1  畅通县域商业血脉 释放农村消费潜力",
		"漆蓝",
		"2  七十余载接续植绿不止步 好生态催生好业态",
		"段思远",
		"调查研究",
		"5  盛会落幕处 奋进正当时——写在项目建设攻坚年",
		"邵俊杰",
		"(6) 怀仁陶瓷扬帆出海",
		"黄军 侯强",
		NULL
	};
	secs = toc_of(page_first);
	got = toc_dump(secs);
	CU_ASSERT_STRING_EQUAL(got,
		"乡村振兴/畅通县域商业血脉 释放农村消费潜力/漆蓝/1\n"
		"乡村振兴/七十余载接续植绿不止步 好生态催生好业态/段思远/2\n"
		"调查研究/盛会落幕处 奋进正当时——写在项目建设攻坚年/邵俊杰/5\n"
		"调查研究/怀仁陶瓷扬帆出海/黄军|侯强/6\n");
	g_free(got);
	g_ptr_array_free(secs, TRUE);

	/* the page on an entry's first row, the title going on below it and
	 * the authors on a row of their own, set smaller (corpus/dev/
	 * chromium-mag-03's TOC) */
	static const struct { const char *text; double size; } sized[] = {
		{ "■ 卷首语", 9.0 },
		{ "稳就业就是稳民生——我市促进高校毕  （1）", 9.0 },
		{ "业生和农民工就业的实践", 9.0 },
		{ "王文娟 李冰", 8.1 },
		{ "绿电外送通道越走越宽  （1）", 9.0 },
		{ "王晓东", 8.1 },
		{ "■ 乡村振兴", 9.0 },
		{ "把握新机遇 迈出新步伐  （2）", 9.0 },
		{ "孙涛", 8.1 },
	};
	GPtrArray *ls = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	for (gsize i = 0; i < G_N_ELEMENTS(sized); i++) {
		QkLine *l = qk_line_new(sized[i].text);
		l->size = sized[i].size;
		g_ptr_array_add(ls, l);
	}
	secs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_toc_section_free);
	qk_structure_toc_from_lines(ls, NULL, secs);
	got = toc_dump(secs);
	CU_ASSERT_STRING_EQUAL(got,
		"卷首语/稳就业就是稳民生——我市促进高校毕业生和农民工就业的实践/王文娟|李冰/1\n"
		"卷首语/绿电外送通道越走越宽/王晓东/1\n"
		"乡村振兴/把握新机遇 迈出新步伐/孙涛/2\n");
	g_free(got);
	g_ptr_array_free(secs, TRUE);
	g_ptr_array_free(ls, TRUE);
}

/* Lines with their left and right edges and size (one row every 20 pt):
 * a TOC row's indent, length and size say what it holds. */
typedef struct {
	const char *text;
	double x0, x1, size;
} BoxedLine;

static char *toc_of_boxed(const BoxedLine *bl, gsize n)
{
	GPtrArray *ls = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	for (gsize i = 0; i < n; i++) {
		QkLine *l = qk_line_new(bl[i].text);
		l->size = bl[i].size;
		l->bbox = (QkBox){ bl[i].x0, 20.0 * i, bl[i].x1, 20.0 * i + bl[i].size };
		g_ptr_array_add(ls, l);
	}
	GPtrArray *secs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_toc_section_free);
	qk_structure_toc_from_lines(ls, NULL, secs);
	char *got = toc_dump(secs);
	g_ptr_array_free(secs, TRUE);
	g_ptr_array_free(ls, TRUE);
	return got;
}

/* Lines with their left edge and size, 100 pt long. */
typedef struct {
	const char *text;
	double x0, size;
} PlacedLine;

static char *toc_of_placed(const PlacedLine *pl, gsize n)
{
	BoxedLine *bl = g_new(BoxedLine, n);
	for (gsize i = 0; i < n; i++)
		bl[i] = (BoxedLine){ pl[i].text, pl[i].x0, pl[i].x0 + 100, pl[i].size };
	char *got = toc_of_boxed(bl, n);
	g_free(bl);
	return got;
}

static void check_toc(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n%s", got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

/* The TOC of plain lines (toc_of) read as want. */
static void check_toc_lines(const char *const *lines, const char *want)
{
	GPtrArray *secs = toc_of(lines);
	char *got = toc_dump(secs);
	check_toc(got, want);
	g_free(got);
	g_ptr_array_free(secs, TRUE);
}

/* The TOC styles of issue 14, as the dev corpus prints them (rows as
 * tocpage.c hands them over: pieces of a printed row two spaces apart). */
/* xelatex-mag-08's TOC read at 200 dpi: the second row's page (3) was not
 * read, and the row, ending in leaders, went on with the entry above
 * (its title and authors after the first's); read with OCR, the row
 * ends its entry, without a page. Born digital, such a row's page is on
 * the next row. */
static void test_toc_lost_page(void)
{
	static const char *const page[] = {
		"目 录",
		"■产业发展",
		"厚植生态底色涵养文化绿洲——塞罕坝生态建设的经验与启示 辛泰 刘晓峰 ..  1",
		"小杂粮撑起大产业——我市有机旱作农业发展调研 王虎 刘晓琰 ..........",
		"■调查研究",
		"简讯两则 郭文 ........................................  4",
		NULL
	};
	const char *want =
		"产业发展/厚植生态底色涵养文化绿洲——塞罕坝生态建设的经验与启示/辛泰|刘晓峰/1\n"
		"产业发展/小杂粮撑起大产业——我市有机旱作农业发展调研/王虎|刘晓琰/\n"
		"调查研究/简讯两则/郭文/4\n";
	GPtrArray *secs = toc_read(page, TRUE);
	char *got = toc_dump(secs);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
	g_ptr_array_free(secs, TRUE);
	QkTocLine l;
	qk_structure_parse_toc_line(page[3], &l);
	CU_ASSERT_TRUE(l.leaders);
	CU_ASSERT_PTR_NULL(l.page);
	qk_structure_toc_line_clear(&l);
	qk_structure_parse_toc_line(page[2], &l);
	CU_ASSERT_FALSE(l.leaders);
	qk_structure_toc_line_clear(&l);
}

static void test_toc_styles(void)
{
	/* dot leaders spaced out, authors after the title one space or a
	 * gap apart, all but one entry with authors (xelatex-mag-08,
	 * xelatex-letter-09) */
	static const char *const leaders[] = {
		"■卷首语",
		"平鲁红山荞麦亮相“云遇中国”    毛丽 . . . . . . . . . . 1",
		"■调查研究",
		"简讯两则 郭文 . . . . . . . . . . . . . . . . . . . . .  4",
		"朔城区推行农业生产托管让“种地难”变成“种地易” 戴栋  卢梅 . . . . . . . .  7",
		"■基层工作",
		"数字经济为传统产业插上“智慧翅膀”         李全胜        韩冰 . . . . . . 2",
		NULL
	};
	check_toc_lines(leaders,
		"卷首语/平鲁红山荞麦亮相“云遇中国”/毛丽/1\n"
		"调查研究/简讯两则/郭文/4\n"
		"调查研究/朔城区推行农业生产托管让“种地难”变成“种地易”/戴栋|卢梅/7\n"
		"基层工作/数字经济为传统产业插上“智慧翅膀”/李全胜|韩冰/2\n");

	/* the leaders with the page on a row of their own below the title
	 * and its authors, in a TOC that prints authors (libreoffice-mag-10,
	 * -13); an organisation's name (…开新局) ending a title is no author
	 * (samples' 卷首语) */
	static const char *const leader_row[] = {
		"■ 改革探索",
		"让“小网格”托起“大民生” 秦学军.....................（4）",
		"从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国机遇与地方产业链布局 孙悦",
		"......................................................................（6）",
		"大数据“慧眼”揪出套牌“硕鼠” 姜东 梁妮",
		".......................................（5）",
		"凝心聚力抓落实 实干担当开新局  祁贵（1）",
		NULL
	};
	check_toc_lines(leader_row,
		"改革探索/让“小网格”托起“大民生”/秦学军/4\n"
		"改革探索/从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国机遇与地方产业链布局/孙悦/6\n"
		"改革探索/大数据“慧眼”揪出套牌“硕鼠”/姜东|梁妮/5\n"
		"改革探索/凝心聚力抓落实 实干担当开新局/祁贵/1\n");

	/* 【栏目】 sections, leaders, the authors indented below the title
	 * (libreoffice-letter-12, chromium-letter-04, xelatex-mag-14) */
	static const PlacedLine bracketed[] = {
		{ "【卷首语】", 51, 11 },
		{ "把握新机遇 迈出新步伐......................................1", 51, 10.5 },
		{ "孙涛", 71, 9.5 },
		{ "【本期特稿】", 51, 11 },
		{ "简讯两则...................................................3", 51, 10.5 },
		{ "董新", 71, 9.5 },
		{ "◆卷首语", 45, 9 },
		{ "五年砥砺奋进城市焕然一新——近五年朔州城市建设发展综述  3", 45, 9 },
		{ "王荣 王晓丽 唐丽", 63, 9 },
		{ "怀仁经开区医药园区入选山西省第三批特色产业集群区试点  4", 45, 9 },
		{ "汤华", 63, 9 },
	};
	char *got = toc_of_placed(bracketed, G_N_ELEMENTS(bracketed));
	check_toc(got,
		"卷首语/把握新机遇 迈出新步伐/孙涛/1\n"
		"本期特稿/简讯两则/董新/3\n"
		"卷首语/五年砥砺奋进城市焕然一新——近五年朔州城市建设发展综述/王荣|王晓丽|唐丽/3\n"
		"卷首语/怀仁经开区医药园区入选山西省第三批特色产业集群区试点/汤华/4\n");
	g_free(got);

	/* the page before the title, a year's digits before its last word
	 * (libreoffice-mag-16); the page on an entry's first row and its
	 * title ending with the authors on the row above the next entry's
	 * (chromium-mag-01) */
	static const PlacedLine mixed[] = {
		{ "▌调查研究", 40, 11 },
		{ "4  稳中承压 蓄势待发——2022 年全市经济运行回顾与 2023 年展望", 40, 10.5 },
		{ "高宇 连彩霞", 60, 9.5 },
		{ "■ 改革探索", 48, 10.5 },
		{ "绿电外送通道越走越宽——关于农村集体经济  1", 48, 10.5 },
		{ "发展的调研 王晓东", 48, 10.5 },
		{ "在实践中锤炼年轻干部的真本领  刘贵龙  2", 48, 10.5 },
	};
	got = toc_of_placed(mixed, G_N_ELEMENTS(mixed));
	check_toc(got,
		"调查研究/稳中承压 蓄势待发——2022 年全市经济运行回顾与 2023 年展望/高宇|连彩霞/4\n"
		"改革探索/绿电外送通道越走越宽——关于农村集体经济发展的调研/王晓东/1\n"
		"改革探索/在实践中锤炼年轻干部的真本领/刘贵龙/2\n");
	g_free(got);

	/* names the row's end cut (a XeLaTeX two-column TOC, corpus/dev/
	 * chromium-mag-40):
	 * a person's or an organisation's name goes on at the next row's
	 * start, or alone on it */
	static const char *const wrapped[] = {
		"■经济观察",
		"七十余载接续植绿不止步好生态催生好业",
		"态右玉探索生态产品价值实现新路径 段",
		"思远 . . . . . . . . . . . . . . . . . . . . . .  8",
		"新型储能：为新能源装上“稳定器” 卢生",
		"权 乔楠 . . . . . . . . . . . . . . . . . . .  9",
		"弓箭在这里射出第一缕曙光——朔州峙峪",
		"遗址的历史价值 朔州市人民政府发展研",
		"究中心 . . . . . . . . . . . . . . . . . . . .  4",
		"▌卷首语",
		"3  农牧融合发展 盐碱地上生金——山阴县盐碱地综合利用调查 刘鑫 付丽",
		"娜",
		"4  盛会落幕处 奋进正当时 吴怡",
		NULL
	};
	check_toc_lines(wrapped,
		"经济观察/七十余载接续植绿不止步好生态催生好业态右玉探索生态产品价值实现新路径/段思远/8\n"
		"经济观察/新型储能：为新能源装上“稳定器”/卢生权|乔楠/9\n"
		"经济观察/弓箭在这里射出第一缕曙光——朔州峙峪遗址的历史价值/朔州市人民政府发展研究中心/4\n"
		"卷首语/农牧融合发展 盐碱地上生金——山阴县盐碱地综合利用调查/刘鑫|付丽娜/3\n"
		"卷首语/盛会落幕处 奋进正当时/吴怡/4\n");

	/* the page before the title one space apart, a known section name
	 * that reads as a name (corpus/dev/libreoffice-letter-39) */
	static const char *const spaced_first[] = {
		"卷首语",
		"1 浙江“千万工程”带给我们的启示 高成富",
		"政策解读",
		"3 从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国",
		"机遇与地方产业链布局 孙悦",
		"本期特稿",
		"5 以项目之“进”夯实发展之“稳” 万秀",
		NULL
	};
	check_toc_lines(spaced_first,
		"卷首语/浙江“千万工程”带给我们的启示/高成富/1\n"
		"政策解读/从“跟跑”到“领跑”：全球新能源汽车产业加速变革中的中国机遇与地方产业链布局/孙悦/3\n"
		"本期特稿/以项目之“进”夯实发展之“稳”/万秀/5\n");
}

/* Writer's TOC forms (rows as corpus/dev/libreoffice-mag-58, -59, -60
 * print them, with their boxes). */
static void test_toc_writer(void)
{
	/* sections without a bullet, set larger, over entries whose title
	 * wraps and whose page is on a later row; a page the tab left no
	 * room for, glued to the last name at the rows' page edge (-59) */
	static const BoxedLine plain[] = {
		{ "卷首语", 46, 78, 11 },
		{ "狠抓落实提效能 奋力跑出加速度 武华 孟", 46, 250, 10.5 },
		{ "平...................................3", 46, 245, 10.5 },
		{ "经济观察", 46, 90, 11 },
		{ "动力电池产业步入发展快车道——兼谈我市", 46, 245, 10.5 },
		{ "锂电材料产业的机遇 张伟 李晓红 赵敏9", 46, 250, 10.5 },
		{ "基层工作", 46, 90, 11 },
		{ "平鲁红山荞麦亮相“云遇中国” 孟阳..11", 46, 245, 10.5 },
	};
	char *got = toc_of_boxed(plain, G_N_ELEMENTS(plain));
	check_toc(got,
		"卷首语/狠抓落实提效能 奋力跑出加速度/武华|孟平/3\n"
		"经济观察/动力电池产业步入发展快车道——兼谈我市锂电材料产业的机遇/张伟|李晓红|赵敏/9\n"
		"基层工作/平鲁红山荞麦亮相“云遇中国”/孟阳/11\n");
	g_free(got);

	/* the page first: the rows below finish the entry — a name more
	 * (-58), persons under a title end that reads as an organisation, the
	 * title's end before the names under a row the wrap cut, a cut name
	 * after the title (-60) */
	static const BoxedLine first[] = {
		{ "▌本期特稿", 308, 363, 11 },
		{ "（6）  新型储能：为新能源装上“稳定器” 卢生权", 308, 554, 10.5 },
		{ "乔楠", 308, 329, 10.5 },
		{ "（7）  党建引领网格治理 服务群众实现“零距离”", 308, 549, 10.5 },
		{ "张翼飞", 308, 339, 10.5 },
		{ "▌卷首语", 308, 352, 11 },
		{ "（3） 文旅融合激活塞上发展新动能 石", 308, 497, 10.5 },
		{ "生华 孟洁", 308, 361, 10.5 },
		{ "▌产业发展", 308, 363, 11 },
		{ "（8） 凝心聚力抓落实 实干担当开新局", 308, 489, 10.5 },
		{ "祁贵", 308, 329, 10.5 },
		{ "（12） 畅通县域商业血脉 释放农村消费", 308, 554, 10.5 },
		{ "潜力 漆蓝", 308, 361, 10.5 },
	};
	got = toc_of_boxed(first, G_N_ELEMENTS(first));
	check_toc(got,
		"本期特稿/新型储能：为新能源装上“稳定器”/卢生权|乔楠/6\n"
		"本期特稿/党建引领网格治理 服务群众实现“零距离”/张翼飞/7\n"
		"卷首语/文旅融合激活塞上发展新动能/石生华|孟洁/3\n"
		"产业发展/凝心聚力抓落实 实干担当开新局/祁贵/8\n"
		"产业发展/畅通县域商业血脉 释放农村消费潜力/漆蓝/12\n");
	g_free(got);

	/* the page first, rows wrapped flush under the page (-142): the
	 * title's last character alone before the authors, and a title cut
	 * three characters after a space (服务群, which reads as a name) whose
	 * end comes before the authors on the next row */
	static const BoxedLine flush[] = {
		{ "政策解读", 51, 95, 11 },
		{ "3 高标准农田筑牢粮食安全根", 51, 193, 10.5 },
		{ "基 卢强 石磊", 51, 125, 10.5 },
		{ "4 外地资源型城市转型的几点", 51, 193, 10.5 },
		{ "经验 赵琪", 51, 104, 10.5 },
		{ "产业发展", 51, 95, 11 },
		{ "11 党建引领网格治理 服务群", 51, 193, 10.5 },
		{ "众实现“零距离” 张翼飞", 51, 177, 10.5 },
	};
	got = toc_of_boxed(flush, G_N_ELEMENTS(flush));
	check_toc(got,
		"政策解读/高标准农田筑牢粮食安全根基/卢强|石磊/3\n"
		"政策解读/外地资源型城市转型的几点经验/赵琪/4\n"
		"产业发展/党建引领网格治理 服务群众实现“零距离”/张翼飞/11\n");
	g_free(got);
}

/* The TOC as anchor on a linked entry: "authors" that end the article's
 * title go back to the title (稳中求进 开新局: a last word that reads as a
 * name), and a first paragraph that is the entry's authors run together
 * (□辛泰刘晓峰) is the article's byline; the article's first authors read
 * as its entry's title end go to the authors (…的实践 / 王文娟 李冰, the
 * names wrapped whole to the next row: corpus/dev/chromium-mag-49). */
static void test_toc_anchor(void)
{
	QkIssue *is = qk_issue_new();
	QkTocSection *sec = qk_toc_section_new("卷首语");
	g_ptr_array_add(is->toc, sec);
	static const char *const entries[][3] = {
		{ "稳中求进", "开新局", "a1" },
		{ "厚植生态底色", "辛泰 刘晓峰", "a2" },
		{ "稳就业就是稳民生——就业的实践王文娟", "李冰", "a3" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(entries); i++) {
		QkTocEntry *e = qk_toc_entry_new();
		e->title = g_strdup(entries[i][0]);
		qk_structure_split_names(entries[i][1], e->authors);
		e->article_id = g_strdup(entries[i][2]);
		g_ptr_array_add(sec->entries, e);
	}
	QkArticle *a1 = qk_article_new("a1");
	a1->title = qk_text_new("稳中求进 开新局");
	g_ptr_array_add(a1->paras, qk_para_new(QK_PARA_BODY, "今年以来……"));
	QkArticle *a2 = qk_article_new("a2");
	a2->title = qk_text_new("厚植生态底色");
	g_ptr_array_add(a2->paras, qk_para_new(QK_PARA_BODY, "□辛泰刘晓峰"));
	g_ptr_array_add(a2->paras, qk_para_new(QK_PARA_BODY, "河北塞罕坝位于……"));
	g_ptr_array_add(is->articles, a1);
	g_ptr_array_add(is->articles, a2);
	QkArticle *a3 = qk_article_new("a3");
	a3->title = qk_text_new("稳就业就是稳民生");
	a3->subtitle = qk_text_new("——就业的实践");
	g_ptr_array_add(a3->authors, g_strdup("王文娟"));
	g_ptr_array_add(a3->authors, g_strdup("李冰"));
	g_ptr_array_add(is->articles, a3);
	qk_structure_toc_anchor(is);
	const QkTocEntry *e1 = g_ptr_array_index(sec->entries, 0);
	CU_ASSERT_STRING_EQUAL(e1->title, "稳中求进 开新局");
	CU_ASSERT_EQUAL(e1->authors->len, 0);
	CU_ASSERT_STRING_EQUAL(a2->byline, "□辛泰刘晓峰");
	CU_ASSERT_EQUAL_FATAL(a2->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a2->authors, 1), "刘晓峰");
	CU_ASSERT_EQUAL(a2->paras->len, 1);
	const QkTocEntry *e3 = g_ptr_array_index(sec->entries, 2);
	CU_ASSERT_STRING_EQUAL(e3->title, "稳就业就是稳民生——就业的实践");
	CU_ASSERT_EQUAL_FATAL(e3->authors->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e3->authors, 0), "王文娟");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(e3->authors, 1), "李冰");
	qk_issue_free(is);
}

/* A one-line block of the TOC role on pg, 9.5 pt high. */
static void add_toc_row(QkPage *pg, const char *text, double x0, double x1, double y0,
                        double size)
{
	QkBlock *b = qk_block_new();
	QkLine *l = qk_line_new(text);
	l->bbox = (QkBox){ x0, y0, x1, y0 + 9.5 };
	l->size = size;
	b->bbox = l->bbox;
	b->size = l->size;
	b->role = QK_ROLE_TOC;
	g_ptr_array_add(b->lines, l);
	g_ptr_array_add(pg->blocks, b);
}

/* A TOC page read from its row pieces (one block each, as the layout
 * left them): a single-column TOC whose page stands at the right, an
 * entry's last author cut by the row's end, its first character alone
 * right of the page's middle (…布局 刘红宇 王 / 晓东, the rows of
 * corpus/dev/chromium-mag-49's design with a longer title). That piece is
 * no right-hand TOC column: the row's title runs across the middle; the
 * name goes on at the next row's start. */
static void test_toc_page_wrap(void)
{
	static const struct { const char *text; double x0, x1, y0; } rows[] = {
		{ "目 录", 170, 250, 72 },
		{ "◆ 改革探索", 57, 104, 126 },
		{ "光伏制造：资源型城市转型的新赛道——兼谈我市新能源布局 刘红宇", 57, 322, 145 },
		{ "王", 332, 341, 145 },
		{ "4", 367, 372, 145 },
		{ "晓东", 57, 76, 160 },
		{ "绿电外送通道越走越宽 王晓东", 57, 190, 178 },
		{ "6", 367, 372, 178 },
	};
	QkIssue *is = qk_issue_new();
	QkPage *pg = qk_page_new(2, 420, 595);
	g_ptr_array_add(is->pages, pg);
	for (gsize i = 0; i < G_N_ELEMENTS(rows); i++)
		add_toc_row(pg, rows[i].text, rows[i].x0, rows[i].x1, rows[i].y0, i == 0 ? 20 : 9.5);
	gboolean skip[1] = { FALSE };
	CU_ASSERT_TRUE(qk_structure_find_toc(is, skip));
	char *got = toc_dump(is->toc);
	const char *want =
		"改革探索/光伏制造：资源型城市转型的新赛道——兼谈我市新能源布局/刘红宇|王晓东/4\n"
		"改革探索/绿电外送通道越走越宽/王晓东/6\n";
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n%s", got);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
	qk_issue_free(is);
}

/* The TOC's title found among a page's blocks by its squeezed length (30
 * characters at most), which is measured without joining the text of the
 * longer blocks: a title letter-spaced with more spaces than that
 * (目 and 录 apart by 40 ideographic spaces) over a body paragraph of
 * three lines, hyphens at its line ends. */
static void test_toc_head_spaced(void)
{
	GString *head = g_string_new("目");
	for (int i = 0; i < 40; i++)
		g_string_append(head, "\u3000");
	g_string_append(head, "录");
	const char *body[] = { "The contents of this issue are listed be-",
	                       "low, one entry a row, with the page each ar-",
	                       "ticle starts on." };
	QkIssue *is = qk_issue_new();
	QkPage *pg = qk_page_new(2, 420, 595);
	g_ptr_array_add(is->pages, pg);
	QkBlock *b = qk_block_new();
	for (gsize i = 0; i < G_N_ELEMENTS(body); i++) {
		QkLine *l = qk_line_new(body[i]);
		l->bbox = (QkBox){ 57, 30 + 12 * i, 360, 39.5 + 12 * i };
		l->size = 9.5;
		g_ptr_array_add(b->lines, l);
	}
	b->bbox = (QkBox){ 57, 30, 360, 63.5 };
	b->size = 9.5;
	b->role = QK_ROLE_BODY;
	g_ptr_array_add(pg->blocks, b);
	static const struct { const char *text; double x0, x1, y0; } rows[] = {
		{ NULL, 120, 300, 72 },
		{ "◆ 改革探索", 57, 104, 126 },
		{ "绿电外送通道越走越宽 王晓东", 57, 190, 145 },
		{ "6", 367, 372, 145 },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(rows); i++)
		add_toc_row(pg, rows[i].text ? rows[i].text : head->str, rows[i].x0, rows[i].x1,
		            rows[i].y0, i == 0 ? 20 : 9.5);
	gboolean skip[1] = { FALSE };
	CU_ASSERT_TRUE(qk_structure_find_toc(is, skip));
	char *got = toc_dump(is->toc);
	const char *want = "改革探索/绿电外送通道越走越宽/王晓东/6\n";
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n%s", got);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
	g_string_free(head, TRUE);
	qk_issue_free(is);
}

/* An issue whose metadata is read from lines (NULL-terminated). */
static QkIssue *meta_of(const char *const *lines)
{
	GPtrArray *ls = g_ptr_array_new();
	for (gsize i = 0; lines[i]; i++)
		g_ptr_array_add(ls, (gpointer)lines[i]);
	QkIssue *is = qk_issue_new();
	qk_structure_meta_from_lines(&is->meta, ls);
	g_ptr_array_free(ls, TRUE);
	return is;
}

static void test_meta_lines(void)
{
	static const char *const mag[] = {
		"朔州经济 2023年第1期",
		"总第 168 期(双月出版)",
		"主任:武跃飞",
		"副主任:刘宏武 祁 贵",
		"委员:",
		"(以姓氏笔划为序)",
		"王晓东 王志福 王 虎",
		"主编:祁 贵",
		"主 管:朔州市人民政府",
		"主 办:朔州市人民政府发展研究中心",
		"编 辑:刊物信息网络室",
		"2023 年 2 月 25 日出版",
		NULL
	};
	GPtrArray *lines = g_ptr_array_new();
	for (gsize i = 0; mag[i]; i++)
		g_ptr_array_add(lines, (gpointer)mag[i]);
	QkIssue *is = qk_issue_new();
	qk_structure_meta_from_lines(&is->meta, lines);
	QkMeta *m = &is->meta;
	CU_ASSERT_STRING_EQUAL(m->title, "朔州经济");
	CU_ASSERT_STRING_EQUAL(m->year, "2023");
	CU_ASSERT_STRING_EQUAL(m->number, "1");
	CU_ASSERT_STRING_EQUAL(m->total_number, "168");
	CU_ASSERT_STRING_EQUAL(m->frequency, "双月出版");
	CU_ASSERT_STRING_EQUAL(m->date, "2023-02-25");
	CU_ASSERT_STRING_EQUAL(m->date_text, "2023年2月25日");
	CU_ASSERT_STRING_EQUAL(m->sponsor, "朔州市人民政府");
	CU_ASSERT_STRING_EQUAL(m->publisher, "朔州市人民政府发展研究中心");
	CU_ASSERT_PTR_NULL(m->weekday);
	CU_ASSERT_PTR_NULL(m->cn);
	CU_ASSERT_PTR_NULL(m->edition_count);
	GString *ed = g_string_new(NULL);
	for (guint i = 0; i < m->editors->len; i++) {
		QkField *f = g_ptr_array_index(m->editors, i);
		g_string_append_printf(ed, "%s=%s;", f->name, f->value);
	}
	CU_ASSERT_STRING_EQUAL(ed->str, "主任=武跃飞;副主任=刘宏武 祁 贵;"
	                       "委员=王晓东 王志福 王 虎;主编=祁 贵;");
	g_string_free(ed, TRUE);
	qk_issue_free(is);
	g_ptr_array_set_size(lines, 0);

	static const char *const news[] = {
		"朔州日报",
		"中共朔州市委机关报",
		"2023年10月31日 星期二 朔州日报社出版 第8881期 今日四版",
		"农历癸卯年九月十七 国内统一连续出版物号:CN14—0031",
		NULL
	};
	for (gsize i = 0; news[i]; i++)
		g_ptr_array_add(lines, (gpointer)news[i]);
	is = qk_issue_new();
	qk_structure_meta_from_lines(&is->meta, lines);
	m = &is->meta;
	CU_ASSERT_STRING_EQUAL(m->date, "2023-10-31");
	CU_ASSERT_STRING_EQUAL(m->date_text, "2023年10月31日");
	CU_ASSERT_STRING_EQUAL(m->weekday, "星期二");
	CU_ASSERT_STRING_EQUAL(m->number, "8881");
	CU_ASSERT_STRING_EQUAL(m->edition_count, "4");
	CU_ASSERT_STRING_EQUAL(m->lunar_date, "农历癸卯年九月十七");
	CU_ASSERT_STRING_EQUAL(m->cn, "CN14—0031");
	CU_ASSERT_STRING_EQUAL(m->publisher, "朔州日报社");
	CU_ASSERT_STRING_EQUAL(m->year, "2023");
	CU_ASSERT_PTR_NULL(m->total_number);
	CU_ASSERT_PTR_NULL(m->frequency);
	CU_ASSERT_PTR_NULL(m->sponsor);
	qk_issue_free(is);
	g_ptr_array_set_size(lines, 0);

	/* a letter's masthead: issue number, total, issuer and date on one
	 * line (corpus/dev/chromium-letter-04, libreoffice-letter-12) */
	static const char *const letter[] = {
		"调研通讯",
		"第 5 期（总第 153 期）   朔州市人民政府发展研究中心        2024 年 5 月 23 日",
		"本期要目",
		NULL
	};
	is = meta_of(letter);
	m = &is->meta;
	CU_ASSERT_STRING_EQUAL(m->number, "5");
	CU_ASSERT_STRING_EQUAL(m->total_number, "153");
	CU_ASSERT_STRING_EQUAL(m->year, "2024");
	CU_ASSERT_STRING_EQUAL(m->date, "2024-05-23");
	CU_ASSERT_STRING_EQUAL(m->publisher, "朔州市人民政府发展研究中心");
	CU_ASSERT_STRING_EQUAL(m->sponsor, "朔州市人民政府发展研究中心");
	qk_issue_free(is);
	g_ptr_array_free(lines, TRUE);
}

static void test_cn_number(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "四", "4" }, { "十", "10" }, { "十二", "12" }, { "二十", "20" },
		{ "八", "8" }, { "16", "16" }, { "两", "2" }, { "版", NULL },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = qk_structure_cn_number(cases[i].in);
		CU_ASSERT_STRING_EQUAL(got ? got : "(null)",
		                       cases[i].want ? cases[i].want : "(null)");
		g_free(got);
	}
}

static void test_continuation(void)
{
	static const struct {
		const char *in;
		gboolean found;
		int dir;
		const char *target;
		gboolean edition;
	} cases[] = {
		{ "(下转第2版)", TRUE, 1, "2", TRUE },
		{ "（上接第1版）", TRUE, -1, "1", TRUE },
		{ "产能还将继续扩大。(下转第42页)", TRUE, 1, "42", FALSE },
		{ "(上接第 17 页)试种的底气更足了。", TRUE, -1, "17", FALSE },
		{ "（转第三版）", TRUE, 1, "3", TRUE },
		/* read on a scan (libreoffice-mag-10 at 200 dpi) */
		{ "《上接第10页）山阴是全国有名的奶牛养殖大县", TRUE, -1, "10", FALSE },
		{ "下转第2版的内容", FALSE, 0, NULL, FALSE },
		{ "", FALSE, 0, NULL, FALSE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		QkContMark m;
		gboolean f = qk_structure_find_continuation(cases[i].in, &m);
		CU_ASSERT_EQUAL(f, cases[i].found);
		if (f && cases[i].found) {
			CU_ASSERT_EQUAL(m.dir, cases[i].dir);
			CU_ASSERT_STRING_EQUAL(m.target, cases[i].target);
			CU_ASSERT_EQUAL(m.edition, cases[i].edition);
			CU_ASSERT(m.end > m.start);
		}
		qk_structure_cont_mark_clear(&m);
	}
	QkContMark m;
	const char *s = "文字。(下转第42页)";
	CU_ASSERT(qk_structure_find_continuation(s, &m));
	CU_ASSERT_EQUAL(m.start, strlen("文字。"));
	CU_ASSERT_EQUAL(m.end, strlen(s));
	qk_structure_cont_mark_clear(&m);
}

/* Arbitrary bytes: no crash, no read past the end (run under ASan). */
static void test_invalid_utf8(void)
{
	static const char *const junk[] = {
		"\xff\xfe\xfd", "祁\xe8 贵", "(\xe4\xb8", "\xef\xbc\x88记者 \xc0)",
		"◆\x80", "总第\xff期", "本报讯（\xe8\xae", "(下转第\xe4版)",
		"一\xe3\x80", "\xe2\x80", "(1\xff)", "编者\xe6",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(junk); i++) {
		GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
		qk_structure_parse_byline(junk[i], out);
		qk_structure_lead_byline(junk[i], out);
		qk_structure_split_names(junk[i], out);
		qk_structure_is_photo_credit(junk[i]);
		qk_structure_is_editor_note(junk[i]);
		qk_structure_is_source_line(junk[i]);
		qk_structure_heading_level(junk[i]);
		QkTocLine l;
		qk_structure_parse_toc_line(junk[i], &l);
		CU_ASSERT(l.text == NULL || g_utf8_validate(l.text, -1, NULL));
		qk_structure_toc_line_clear(&l);
		QkContMark m;
		qk_structure_find_continuation(junk[i], &m);
		qk_structure_cont_mark_clear(&m);
		for (guint k = 0; k < out->len; k++)
			CU_ASSERT(g_utf8_validate(g_ptr_array_index(out, k), -1,
			                          NULL));
		g_ptr_array_free(out, TRUE);
	}
	CU_ASSERT(qk_structure_title_similarity("\xff", "\xfe") == 0.0);
}

static void test_similarity(void)
{
	CU_ASSERT_DOUBLE_EQUAL(qk_structure_title_similarity(
		"聚焦执行力 奋进高质量发展", "聚焦执行力奋进高质量发展"), 1.0, 1e-9);
	CU_ASSERT(qk_structure_title_similarity("光从塞上来 链向千亿去",
	                                      "光从塞上来") > 0.6);
	CU_ASSERT(qk_structure_title_similarity("光从塞上来", "数字大脑") < 0.2);
	CU_ASSERT(qk_structure_title_similarity("", "数字大脑") == 0.0);
}

/* The vocabulary comes from data/bylines.tsv; role words longest first so
 * 本报记者 is taken whole. */
/* Academic-journal lines (journal.c): names with affiliation marks, the
 * header block, front matter, footnotes, references, formulas. */
static void test_journal_lines(void)
{
	GPtrArray *n = g_ptr_array_new_with_free_func(g_free);
	CU_ASSERT_TRUE(qk_structure_journal_byline("夏平国1，林俊1,2，罗军2", n));
	CU_ASSERT_EQUAL(n->len, 3);
	if (n->len == 3) {
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(n, 1), "林俊");
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(n, 2), "罗军");
	}
	g_ptr_array_set_size(n, 0);
	/* names without marks are the magazine rules' business */
	CU_ASSERT_FALSE(qk_structure_journal_byline("张三 李四", n));
	CU_ASSERT_TRUE(qk_structure_journal_names("张三 , 李四 , 王五", n));
	CU_ASSERT_EQUAL(n->len, 3);
	g_ptr_array_free(n, TRUE);
	CU_ASSERT_TRUE(qk_structure_journal_mark("1,2"));
	CU_ASSERT_TRUE(qk_structure_journal_mark("*"));
	CU_ASSERT_FALSE(qk_structure_journal_mark("it"));
	CU_ASSERT_TRUE(qk_structure_journal_header("第 44 卷 第 2 期", NULL));
	CU_ASSERT_TRUE(qk_structure_journal_header("DOI:10.19744/j.cnki.11-1235/f.20240321.001", NULL));
	CU_ASSERT_TRUE(qk_structure_journal_header("Vol. 44 No. 2", NULL));
	CU_ASSERT_TRUE(qk_structure_journal_header("2022 年第 6 期", NULL));
	CU_ASSERT_FALSE(qk_structure_journal_header("新质生产力：数字化专题", NULL));
	CU_ASSERT_EQUAL(qk_structure_journal_line("摘　要：为了研究喷嘴内部的空化流动"), QK_JOURNAL_LEAD);
	CU_ASSERT_EQUAL(qk_structure_journal_line("关键词：压力旋流喷嘴；空化流动"), QK_JOURNAL_LEAD);
	CU_ASSERT_EQUAL(qk_structure_journal_line("Key words: panel data; county economy"), QK_JOURNAL_LEAD);
	CU_ASSERT_EQUAL(qk_structure_journal_line("(1. 北京交通大学 电子信息工程学院, 北京 100044; 2. 鹏城实验室)"),
	                QK_JOURNAL_LEAD);
	CU_ASSERT_EQUAL(qk_structure_journal_line("收稿日期: 2020-10-08"), QK_JOURNAL_FOOT);
	CU_ASSERT_EQUAL(qk_structure_journal_line("摘要是一种文体。"), QK_JOURNAL_NONE);
	CU_ASSERT_EQUAL(qk_structure_journal_line("* 本项研究得到国家社会科学基金的资助"), QK_JOURNAL_FOOT);
	CU_ASSERT_EQUAL(qk_structure_journal_line("*p < 0.05"), QK_JOURNAL_NONE);
	char title[] = "数字拟人品：商业模式内容创新的共演*";
	qk_structure_journal_unmark(title);
	CU_ASSERT_STRING_EQUAL(title, "数字拟人品：商业模式内容创新的共演");
	CU_ASSERT_TRUE(qk_structure_journal_reference("[12] 王建国. 县域经济[J]. 经济研究, 2021"));
	CU_ASSERT_FALSE(qk_structure_journal_reference("研究者更加关注[3]如何保证"));
	CU_ASSERT_TRUE(qk_structure_journal_refs_heading("参 考 文 献"));
	CU_ASSERT_TRUE(qk_structure_journal_formula("P = λ + λ D + µ + ν + e (1)"));
	CU_ASSERT_FALSE(qk_structure_journal_formula("式中，Y为被解释变量 (1)"));
	CU_ASSERT_FALSE(qk_structure_journal_formula("表 1 (续)"));
	CU_ASSERT_TRUE(qk_structure_journal_caption("图1　面板数据的变化趋势"));
	CU_ASSERT_TRUE(qk_structure_journal_caption("Table 2 Simulation parameters"));
	CU_ASSERT_FALSE(qk_structure_journal_caption("图1所示为系统模型。"));
}

static void test_words(void)
{
	const QkWords *w = qk_structure_words();
	CU_ASSERT(w->roles->len >= 10);
	CU_ASSERT(w->editors->len >= 5);
	CU_ASSERT(w->orgs->len >= 5);
	CU_ASSERT(w->surnames->len >= 5);
	for (guint i = 1; i < w->roles->len; i++)
		CU_ASSERT(strlen(g_ptr_array_index(w->roles, i - 1)) >=
		          strlen(g_ptr_array_index(w->roles, i)));
	gboolean has_main = FALSE;
	for (guint i = 0; i < w->editors->len; i++)
		has_main |= strcmp(g_ptr_array_index(w->editors, i), "主编") == 0;
	CU_ASSERT(has_main);
	CU_ASSERT_PTR_EQUAL(qk_structure_words(), w);   /* loaded once */
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("structure-parsers", NULL, NULL);
	CU_add_test(s, "words", test_words);
	CU_add_test(s, "squeeze", test_squeeze);
	CU_add_test(s, "split names", test_split_names);
	CU_add_test(s, "looks like names", test_looks_like_names);
	CU_add_test(s, "bylines", test_bylines);
	CU_add_test(s, "lead bylines", test_lead_byline);
	CU_add_test(s, "captions, notes, sources", test_line_kinds);
	CU_add_test(s, "heading levels", test_heading_level);
	CU_add_test(s, "toc lines", test_toc_line);
	CU_add_test(s, "toc assembly", test_toc_assembly);
	CU_add_test(s, "toc styles of issue 14", test_toc_styles);
	CU_add_test(s, "a TOC row whose page a scan lost", test_toc_lost_page);
	CU_add_test(s, "toc: Writer's forms (page first, plain sections, a glued page)", test_toc_writer);
	CU_add_test(s, "the TOC as anchor", test_toc_anchor);
	CU_add_test(s, "a TOC page: a name cut right of the middle", test_toc_page_wrap);
	CU_add_test(s, "a TOC page: its title letter-spaced past 30 characters", test_toc_head_spaced);
	CU_add_test(s, "meta lines", test_meta_lines);
	CU_add_test(s, "chinese numbers", test_cn_number);
	CU_add_test(s, "continuation markers", test_continuation);
	CU_add_test(s, "invalid utf-8", test_invalid_utf8);
	CU_add_test(s, "line kinds past blanks and broken bytes", test_line_kinds_raw);
	CU_add_test(s, "title similarity", test_similarity);
	CU_add_test(s, "academic-journal lines", test_journal_lines);
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures > 0 ? 1 : 0;
}
