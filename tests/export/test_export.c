/*
 * test_export.c — the export stage on a model built in code: every CSV file
 * parsed back with libcsv and compared cell by cell with what the model
 * says, the text files byte for byte, the folder written atomically and
 * without wiping what else lives there.
 */
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "qkrun.h"

#include "fileio.h"
#include "model.h"
#include "xmlio.h"
#include "error.h"
#include "export.h"
#include "exporters.h"
#include "csvout.h"

/* ---- the model ------------------------------------------------------- */

static QkAnnot *annot(const char *kind, const char *raw, gboolean has_value,
                      double value, const char *unit, gboolean has_base,
                      double base, const char *base_unit, const char *qual)
{
	QkAnnot *a = qk_annot_new(kind, 0, (int)g_utf8_strlen(raw, -1), raw);
	a->has_value = has_value;
	a->value = value;
	a->unit = g_strdup(unit);
	a->has_base = has_base;
	a->base_value = base;
	a->base_unit = g_strdup(base_unit);
	a->qualifier = g_strdup(qual);
	return a;
}

static QkCell *cell(QkTable *t, int row, int col, int rs, int cs,
                    const char *text, gboolean header)
{
	QkCell *c = qk_cell_new(row, col, rs, cs, text);
	c->header = header;
	g_ptr_array_add(t->cells, c);
	return c;
}

static QkCell *value_cell(QkTable *t, int row, int col, const char *text,
                          double v)
{
	QkCell *c = cell(t, row, col, 1, 1, text, FALSE);
	c->has_value = TRUE;
	c->value = v;
	return c;
}

static QkIssue *sample_issue(void)
{
	QkIssue *is = qk_issue_new();
	is->source = g_strdup("test.pdf");
	is->normalized = TRUE;
	is->meta.kind = QK_KIND_MAGAZINE;
	is->meta.title = g_strdup("朔州经济");
	is->meta.year = g_strdup("2023");
	is->meta.number = g_strdup("1");
	const char *labels[] = { NULL, "1", "2", "3" };
	for (int i = 0; i < 4; i++) {
		QkPage *p = qk_page_new(i + 1, 595, 842);
		p->label = g_strdup(labels[i]);
		g_ptr_array_add(is->pages, p);
	}

	/* TOC: a title with a comma, one with quotes, an entry without link. */
	QkTocSection *sec = qk_toc_section_new("卷首语");
	sec->raw = g_strdup("◆ 卷首语");
	QkTocEntry *e = qk_toc_entry_new();
	e->title = g_strdup("坚定信心, 再创佳绩");
	g_ptr_array_add(e->authors, g_strdup("祁贵"));
	e->page = g_strdup("1");
	e->pdf_page = 2;
	e->article_id = g_strdup("a1");
	g_ptr_array_add(sec->entries, e);
	e = qk_toc_entry_new();
	e->title = g_strdup("“数字”与\"统计\"");
	e->table_id = g_strdup("t1");
	g_ptr_array_add(e->authors, g_strdup("张三"));
	g_ptr_array_add(e->authors, g_strdup("李四"));
	e->page = g_strdup("2");
	g_ptr_array_add(sec->entries, e);
	g_ptr_array_add(is->toc, sec);

	/* Article 1: heading, body with quantities, a caption, a note. */
	QkArticle *a = qk_article_new("a1");
	a->section = g_strdup("卷首语");
	a->title = qk_text_new("坚定信心");
	a->subtitle = qk_text_new("——写在新年");
	a->kicker = qk_text_new("新春寄语");
	a->byline = g_strdup("本刊记者 祁 贵");
	g_ptr_array_add(a->authors, g_strdup("祁贵"));
	g_ptr_array_add(a->pages, g_strdup("1"));
	g_ptr_array_add(a->pages, g_strdup("2"));
	a->pdf_first = 2;
	a->pdf_last = 3;
	QkPara *p = qk_para_new(QK_PARA_HEADING, "一、总体情况");
	p->level = 1;
	g_ptr_array_add(a->paras, p);
	p = qk_para_new(QK_PARA_BODY, "2022年全市生产原煤21600万吨，增长15.1%。");
	g_ptr_array_add(p->text->annots, annot("date", "2022年", TRUE, 2022, NULL,
	                                       FALSE, 0, NULL, NULL));
	g_ptr_array_add(p->text->annots, annot("quantity", "21600万吨", TRUE,
	                                       21600, "万吨", TRUE, 216000000,
	                                       "吨", NULL));
	g_ptr_array_add(p->text->annots, annot("percent", "15.1%", TRUE, 15.1,
	                                       "%", FALSE, 0, NULL, NULL));
	g_ptr_array_add(a->paras, p);
	g_ptr_array_add(a->paras, qk_para_new(QK_PARA_CAPTION, "图为矿区一角 王五 摄"));
	p = qk_para_new(QK_PARA_BODY, "播种3.9万亩, 约0.43亿元。");
	g_ptr_array_add(p->text->annots, annot("quantity", "3.9万亩", TRUE, 3.9,
	                                       "万亩", TRUE, 39000, "亩", NULL));
	g_ptr_array_add(p->text->annots, annot("quantity", "约0.43亿元", TRUE,
	                                       0.43, "亿元", TRUE, 43000000,
	                                       "元", "约"));
	QkAnnot *times = annot("quantity", "2×35万千瓦", TRUE, 35, "万千瓦", TRUE,
	                       700000, "kW", NULL);
	times->count = 2;
	g_ptr_array_add(p->text->annots, times);
	QkAnnot *range = annot("percent", "20%—25%", TRUE, 20, "%", TRUE, 20, "%", "range");
	range->has_high = TRUE;
	range->value_high = 25;
	range->base_high = 25;
	g_ptr_array_add(p->text->annots, range);
	g_ptr_array_add(a->paras, p);
	g_ptr_array_add(is->articles, a);

	/* Article 2: no printed pages (labels come from the PDF pages), a title
	 * with a comma, normalized text, a hostile id. */
	a = qk_article_new("../x,y");
	a->title = qk_text_new("数字, 朔州");
	a->pdf_first = 4;
	a->pdf_last = 4;
	p = qk_para_new(QK_PARA_BODY, "第一行");
	p->text->norm = g_strdup("第一行（规范）");
	g_ptr_array_add(a->paras, p);
	g_ptr_array_add(is->articles, a);

	/* Table 1: two header rows with spanning regions, normalize's values
	 * and indicators. */
	QkTable *t = qk_table_new();
	t->id = g_strdup("t1");
	t->page = 4;
	t->last_page = 4;
	t->title = g_strdup("2022年1—12月主要经济指标");
	t->source = g_strdup("朔州市统计局");
	t->period = g_strdup("1—12月");
	t->rows = 4;
	t->cols = 5;
	t->header_rows = 2;
	cell(t, 0, 0, 2, 1, "主要经济指标名称", TRUE);
	cell(t, 0, 1, 1, 2, "全市", TRUE);
	cell(t, 0, 3, 1, 2, "平鲁区", TRUE);
	cell(t, 1, 1, 1, 1, "累计完成", TRUE);
	cell(t, 1, 2, 1, 1, "同比增长(%)", TRUE);
	cell(t, 1, 3, 1, 1, "累计完成", TRUE);
	cell(t, 1, 4, 1, 1, "同比增长(%)", TRUE);
	cell(t, 2, 0, 1, 1, "原煤(万吨)", FALSE);
	value_cell(t, 2, 1, "21699", 21699);
	value_cell(t, 2, 2, "5.6", 5.6);
	value_cell(t, 2, 3, "10790", 10790);
	value_cell(t, 2, 4, "0.90", 0.9);
	cell(t, 3, 0, 1, 1, "第一产业(亿元)", FALSE);
	value_cell(t, 3, 1, "98.0", 98);
	value_cell(t, 3, 2, "-3.5", -3.5);
	cell(t, 3, 3, 1, 1, "-", FALSE)->missing = TRUE;
	cell(t, 3, 4, 1, 1, "", FALSE)->missing = TRUE;
	QkIndicator *ind = qk_indicator_new(2);
	ind->name = g_strdup("原煤");
	ind->unit = g_strdup("万吨");
	g_ptr_array_add(t->indicators, ind);
	ind = qk_indicator_new(3);
	ind->name = g_strdup("第一产业");
	ind->unit = g_strdup("亿元");
	ind->period = g_strdup("1—2季度");
	g_ptr_array_add(t->indicators, ind);
	g_ptr_array_add(is->tables, t);

	/* Table 2: not normalized, one header row, a unit column. */
	t = qk_table_new();
	t->id = g_strdup("t2");
	t->page = 1;
	t->last_page = 1;
	t->rows = 4;
	t->cols = 3;
	t->header_rows = 1;
	cell(t, 0, 0, 1, 1, "项目", TRUE);
	cell(t, 0, 1, 1, 1, "单位", TRUE);
	cell(t, 0, 2, 1, 1, "数值", TRUE);
	cell(t, 1, 0, 1, 1, "产量, 合计", FALSE);
	cell(t, 1, 1, 1, 1, "吨", FALSE);
	cell(t, 1, 2, 1, 1, "12", FALSE);
	cell(t, 2, 0, 1, 1, "空行", FALSE);
	cell(t, 3, 0, 1, 3, "注：分组标题", FALSE);
	g_ptr_array_add(is->tables, t);

	/* Table 3: a hostile shape; listed, but no grid file. */
	t = qk_table_new();
	t->id = g_strdup("t3");
	t->page = 2;
	t->rows = 1 << 20;
	t->cols = 1 << 20;
	g_ptr_array_add(is->tables, t);
	return is;
}

/* ---- comparing CSV with expectations ---------------------------------- */

/* expected: one string per record, fields separated by '\t'. */
static void check_rows(const char *data, gsize len, const char *const *expected,
                       guint n_expected, const char *what)
{
	GError *err = NULL;
	GPtrArray *rows = qk_csv_parse(data, len, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	CU_ASSERT_EQUAL(rows->len, n_expected);
	for (guint r = 0; r < MIN(rows->len, n_expected); r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		char **want = g_strsplit(expected[r], "\t", -1);
		guint n = g_strv_length(want);
		CU_ASSERT_EQUAL(row->len, n);
		for (guint c = 0; c < MIN(row->len, n); c++) {
			const char *got = g_ptr_array_index(row, c);
			if (strcmp(got, want[c]) != 0) {
				fprintf(stderr, "\n%s row %u col %u: got «%s», want «%s»\n",
				        what, r, c, got, want[c]);
				CU_FAIL("cell differs");
			}
		}
		g_strfreev(want);
	}
	g_ptr_array_unref(rows);
}

static void check_csv(QkCsv *csv, const char *const *expected, guint n,
                      const char *what)
{
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	/* UTF-8 without BOM, valid, records end with a newline. */
	CU_ASSERT_TRUE(g_utf8_validate(data, (gssize)len, NULL));
	CU_ASSERT_FALSE(len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0);
	CU_ASSERT_TRUE(len > 0 && data[len - 1] == '\n');
	check_rows(data, len, expected, n, what);
	qk_csv_free(csv);
}

static void test_toc(void)
{
	static const char *const want[] = {
		"section\ttitle\tauthors\tpage\tpdf_page\tarticle_id\ttable_id",
		"卷首语\t坚定信心, 再创佳绩\t祁贵\t1\t2\ta1\t",
		"卷首语\t“数字”与\"统计\"\t张三;李四\t2\t\t\tt1",
	};
	QkIssue *is = sample_issue();
	check_csv(qk_export_csv_of(qk_export_toc_csv, is), want, G_N_ELEMENTS(want), "toc.csv");
	qk_issue_free(is);
}

static void test_articles(void)
{
	static const char *const want[] = {
		"article_id\tsection\ttitle\tsubtitle\tauthors\tfirst_page\tlast_page\t"
		"pdf_first_page\tpdf_last_page\tchars\ttext",
		"a1\t卷首语\t坚定信心\t——写在新年\t祁贵\t1\t2\t2\t3\t52\t"
		"一、总体情况\n2022年全市生产原煤21600万吨，增长15.1%。\n播种3.9万亩, 约0.43亿元。",
		"../x,y\t\t数字, 朔州\t\t\t3\t3\t4\t4\t7\t第一行（规范）",
	};
	QkIssue *is = sample_issue();
	/* chars counts code points of the text column */
	char *text = qk_export_article_text(g_ptr_array_index(is->articles, 0));
	CU_ASSERT_EQUAL(g_utf8_strlen(text, -1), 52);
	g_free(text);
	check_csv(qk_export_csv_of(qk_export_articles_csv, is), want, G_N_ELEMENTS(want),
	          "articles.csv");
	qk_issue_free(is);
}

static void test_article_txt(void)
{
	QkIssue *is = sample_issue();
	char *txt = qk_export_article_txt(g_ptr_array_index(is->articles, 0));
	CU_ASSERT_STRING_EQUAL(txt,
		"新春寄语\n坚定信心\n——写在新年\n本刊记者 祁 贵\n\n"
		"一、总体情况\n2022年全市生产原煤21600万吨，增长15.1%。\n"
		"播种3.9万亩, 约0.43亿元。\n");
	g_free(txt);
	txt = qk_export_article_txt(g_ptr_array_index(is->articles, 1));
	CU_ASSERT_STRING_EQUAL(txt, "数字, 朔州\n\n第一行（规范）\n");
	g_free(txt);
	qk_issue_free(is);
}

static void test_tables(void)
{
	static const char *const want[] = {
		"table_id\ttitle\tpage\tpdf_page\tsource\trows\tcols\theader_rows\tunit",
		"t1\t2022年1—12月主要经济指标\t3\t4\t朔州市统计局\t4\t5\t2\t",
		"t2\t\t\t1\t\t4\t3\t1\t",
		"t3\t\t1\t2\t\t1048576\t1048576\t0\t",
	};
	static const char *const grid1[] = {
		"主要经济指标名称\t全市\t全市\t平鲁区\t平鲁区",
		"主要经济指标名称\t累计完成\t同比增长(%)\t累计完成\t同比增长(%)",
		"原煤(万吨)\t21699\t5.6\t10790\t0.90",
		"第一产业(亿元)\t98.0\t-3.5\t-\t",
	};
	static const char *const grid2[] = {
		"项目\t单位\t数值",
		"产量, 合计\t吨\t12",
		"空行\t\t",
		"注：分组标题\t注：分组标题\t注：分组标题",
	};
	QkIssue *is = sample_issue();
	check_csv(qk_export_csv_of(qk_export_tables_csv, is), want, G_N_ELEMENTS(want), "tables.csv");
	check_csv(qk_export_table_grid_csv(g_ptr_array_index(is->tables, 0), NULL),
	          grid1, G_N_ELEMENTS(grid1), "tables/t1.csv");
	check_csv(qk_export_table_grid_csv(g_ptr_array_index(is->tables, 1), NULL),
	          grid2, G_N_ELEMENTS(grid2), "tables/t2.csv");
	/* flattened column names: a spanning header cell once per column */
	static const char *const cols1[] = {
		"col\tname", "1\t主要经济指标名称", "2\t全市/累计完成", "3\t全市/同比增长(%)",
		"4\t平鲁区/累计完成", "5\t平鲁区/同比增长(%)",
	};
	check_csv(qk_export_table_columns_csv(g_ptr_array_index(is->tables, 0), NULL),
	          cols1, G_N_ELEMENTS(cols1), "tables/t1.columns.csv");
	/* Spans far beyond the grid are clipped, not overflowed. */
	QkTable *wide = qk_table_new();
	wide->id = g_strdup("w");
	wide->rows = 2;
	wide->cols = 2;
	cell(wide, 0, 0, G_MAXINT, G_MAXINT, "全", TRUE);
	cell(wide, -5, 7, 3, 3, "外", FALSE);
	static const char *const grid3[] = { "全\t全", "全\t全" };
	check_csv(qk_export_table_grid_csv(wide, NULL), grid3, 2, "wide");
	qk_table_free(wide);
	GError *err = NULL;
	CU_ASSERT_PTR_NULL(qk_export_table_grid_csv(g_ptr_array_index(is->tables, 2),
	                                            &err));
	CU_ASSERT_TRUE(g_error_matches(err, QK_ERROR, QK_ERROR_LIMIT));
	g_clear_error(&err);
	qk_issue_free(is);
}

static void test_indicators(void)
{
	static const char *const want[] = {
		"table_id\tperiod\tindicator\tunit\tregion\tmeasure\tvalue_raw\tvalue\tparent\tcolumn",
		"t1\t1—12月\t原煤\t万吨\t全市\t累计完成\t21699\t21699\t\t全市/累计完成",
		"t1\t1—12月\t原煤\t万吨\t全市\t同比增长(%)\t5.6\t5.6\t\t全市/同比增长(%)",
		"t1\t1—12月\t原煤\t万吨\t平鲁区\t累计完成\t10790\t10790\t\t平鲁区/累计完成",
		"t1\t1—12月\t原煤\t万吨\t平鲁区\t同比增长(%)\t0.90\t0.9\t\t平鲁区/同比增长(%)",
		"t1\t1—2季度\t第一产业\t亿元\t全市\t累计完成\t98.0\t98\t\t全市/累计完成",
		"t1\t1—2季度\t第一产业\t亿元\t全市\t同比增长(%)\t-3.5\t-3.5\t\t全市/同比增长(%)",
		"t1\t1—2季度\t第一产业\t亿元\t平鲁区\t累计完成\t-\t\t\t平鲁区/累计完成",
		"t1\t1—2季度\t第一产业\t亿元\t平鲁区\t同比增长(%)\t\t\t\t平鲁区/同比增长(%)",
		/* no indicators: the raw first column, the unit column's text */
		"t2\t\t产量, 合计\t吨\t\t数值\t12\t\t\t数值",
	};
	QkIssue *is = sample_issue();
	check_csv(qk_export_csv_of(qk_export_indicators_csv, is), want, G_N_ELEMENTS(want),
	          "indicators.csv");
	qk_issue_free(is);
}

static void test_quantities(void)
{
	static const char *const want[] = {
		"article_id\tparagraph\traw\tvalue\tunit\tbase_value\tbase_unit\tqualifier"
		"\tvalue_high\tbase_high\tcount",
		"a1\t2\t21600万吨\t21600\t万吨\t216000000\t吨\t\t\t\t",
		"a1\t2\t15.1%\t15.1\t%\t\t\t\t\t\t",
		"a1\t4\t3.9万亩\t3.9\t万亩\t39000\t亩\t\t\t\t",
		"a1\t4\t约0.43亿元\t0.43\t亿元\t43000000\t元\t约\t\t\t",
		"a1\t4\t2×35万千瓦\t35\t万千瓦\t700000\tkW\t\t\t\t2",
		"a1\t4\t20%—25%\t20\t%\t20\t%\trange\t25\t25\t",
	};
	QkIssue *is = sample_issue();
	check_csv(qk_export_csv_of(qk_export_quantities_csv, is), want, G_N_ELEMENTS(want),
	          "quantities.csv");
	qk_issue_free(is);
}

/* ---- the CSV layer ----------------------------------------------------- */

static void test_csv_round_trip(void)
{
	static const char *const fields[] = {
		"plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf",
		" spaced ", "中文，全角", "\"", ",", NULL
	};
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, fields);
	qk_csv_row(csv, fields);
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	/* Quoted only when needed. */
	CU_ASSERT_TRUE(g_str_has_prefix(data, "plain,,\"a,b\",\"say \"\"hi\"\"\""));
	GPtrArray *rows = qk_csv_parse(data, len, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	CU_ASSERT_EQUAL(rows->len, 2);
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		CU_ASSERT_EQUAL_FATAL(row->len, g_strv_length((char **)fields));
		for (guint c = 0; c < row->len; c++)
			CU_ASSERT_STRING_EQUAL(g_ptr_array_index(row, c), fields[c]);
	}
	g_ptr_array_unref(rows);
	qk_csv_free(csv);
	/* Invalid UTF-8 (a file name, say) never reaches a file. */
	csv = qk_csv_new();
	qk_csv_str(csv, "a\xff\xfe" "b");
	qk_csv_end(csv);
	CU_ASSERT_TRUE(g_utf8_validate(qk_csv_data(csv, NULL), -1, NULL));
	CU_ASSERT_STRING_EQUAL(qk_csv_data(csv, NULL), "a\xef\xbf\xbd\xef\xbf\xbd" "b\n");
	qk_csv_free(csv);
	/* Malformed input is an error, not a guess. */
	GError *err = NULL;
	CU_ASSERT_PTR_NULL(qk_csv_parse("a,\"b\n", 5, &err));
	CU_ASSERT_PTR_NOT_NULL(err);
	g_clear_error(&err);
}

static void test_numbers(void)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 39000, "39000" }, { 3.9, "3.9" }, { 0.43, "0.43" },
		{ -3.5, "-3.5" }, { 0.1 + 0.2, "0.3" }, { -0.0, "0" },
		{ 216000000, "216000000" }, { 1e20, "1e+20" }, { 15.1, "15.1" },
		{ 1536.2, "1536.2" }, { 0.000125, "0.000125" },
	};
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		CU_ASSERT_STRING_EQUAL(qk_csv_format_num(buf, cases[i].v), cases[i].want);
	/* The same under a locale with a decimal comma, when there is one. */
	const char *comma[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "ru_RU.UTF-8" };
	for (guint i = 0; i < G_N_ELEMENTS(comma); i++) {
		if (!setlocale(LC_NUMERIC, comma[i]))
			continue;
		CU_ASSERT_STRING_EQUAL(qk_csv_format_num(buf, 3.9), "3.9");
		setlocale(LC_NUMERIC, "C");
		break;
	}
	QkCsv *csv = qk_csv_new();
	qk_csv_num(csv, FALSE, 5);
	qk_csv_num(csv, TRUE, 1.0 / 0.0);
	qk_csv_pos(csv, 0);
	qk_csv_pos(csv, 7);
	qk_csv_end(csv);
	CU_ASSERT_STRING_EQUAL(qk_csv_data(csv, NULL), ",,,7\n");
	qk_csv_free(csv);
}

static void test_streaming(void)
{
	char *dir = g_dir_make_tmp("qk-export-XXXXXX", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	char *path = g_build_filename(dir, "big.csv", NULL);
	QkCsv *csv = qk_csv_open_stream(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	for (int i = 0; i < 20000; i++) {
		qk_csv_int(csv, i);
		qk_csv_str(csv, "文本, 带逗号");
		qk_csv_end(csv);
	}
	/* Nothing at the final name until the commit. */
	CU_ASSERT_FALSE(g_file_test(path, G_FILE_TEST_EXISTS));
	CU_ASSERT_TRUE(qk_csv_commit(csv, NULL));
	qk_csv_free(csv);
	GPtrArray *rows = qk_csv_read_file(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	CU_ASSERT_EQUAL(rows->len, 20000);
	GPtrArray *last = g_ptr_array_index(rows, 19999);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(last, 0), "19999");
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(last, 1), "文本, 带逗号");
	g_ptr_array_unref(rows);
	/* An abandoned stream leaves nothing behind. */
	char *other = g_build_filename(dir, "gone.csv", NULL);
	csv = qk_csv_open_stream(other, NULL);
	qk_csv_str(csv, "x");
	qk_csv_end(csv);
	qk_csv_free(csv);
	GDir *d = g_dir_open(dir, 0, NULL);
	int n = 0;
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	CU_ASSERT_EQUAL(n, 1);
	g_unlink(path);
	g_rmdir(dir);
	g_free(other);
	g_free(path);
	g_free(dir);
}

/* ---- the folder -------------------------------------------------------- */

static void test_folder(void)
{
	char *root = g_dir_make_tmp("qk-export-XXXXXX", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	char *dir = g_build_filename(root, "issue", NULL);
	QkIssue *is = sample_issue();
	GError *err = NULL;
	CU_ASSERT_TRUE_FATAL(qk_export_issue(is, dir, &err));
	CU_ASSERT_TRUE(qk_export_complete(dir));
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 1);  /* no temporary left */

	/* issue.xml is valid and reads back to the same CSV files. */
	char *xml_path = g_build_filename(dir, "issue.xml", NULL);
	char *xml = NULL;
	gsize xml_len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(xml_path, &xml, &xml_len, NULL));
	CU_ASSERT_TRUE(qk_model_validate(xml, xml_len, &err));
	g_clear_error(&err);
	QkIssue *back = qk_model_read_file(xml_path, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	const char *files[] = { "toc.csv", "articles.csv", "tables.csv",
	                        "indicators.csv", "quantities.csv" };
	const QkExportFill makers[] = {
		qk_export_toc_csv, qk_export_articles_csv, qk_export_tables_csv,
		qk_export_indicators_csv, qk_export_quantities_csv
	};
	for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
		char *on_disk = qk_test_read_text(dir, files[i]);
		QkCsv *again = qk_export_csv_of(makers[i], back);
		CU_ASSERT_PTR_NOT_NULL(on_disk);
		CU_ASSERT_STRING_EQUAL(on_disk ? on_disk : "", qk_csv_data(again, NULL));
		qk_csv_free(again);
		g_free(on_disk);
	}
	qk_issue_free(back);

	/* Per-article text files; the hostile id stays inside articles/. */
	char *txt = qk_test_read_text(dir, "articles/a1.txt");
	CU_ASSERT_PTR_NOT_NULL(txt);
	CU_ASSERT_TRUE(txt && g_str_has_prefix(txt, "新春寄语\n坚定信心\n"));
	g_free(txt);
	/* The hostile id gets a hashed name (export/FORMATS.md). */
	char *hashed = NULL;
	char *articles_dir = g_build_filename(dir, "articles", NULL);
	GDir *ad = g_dir_open(articles_dir, 0, NULL);
	const char *an;
	while (ad && (an = g_dir_read_name(ad)))
		if (g_str_has_prefix(an, "_._x_y~") && g_str_has_suffix(an, ".txt"))
			hashed = g_strconcat("articles/", an, NULL);
	if (ad)
		g_dir_close(ad);
	CU_ASSERT_PTR_NOT_NULL(hashed);
	txt = qk_test_read_text(dir, hashed ? hashed : "articles/none");
	CU_ASSERT_STRING_EQUAL(txt ? txt : "", "数字, 朔州\n\n第一行（规范）\n");
	g_free(txt);
	g_free(hashed);
	CU_ASSERT_EQUAL(qk_test_count_entries(articles_dir), 2);
	char *tables_dir = g_build_filename(dir, "tables", NULL);
	/* t1 and t2: grid and column names; t3 has no grid */
	CU_ASSERT_EQUAL(qk_test_count_entries(tables_dir), 4);
	CU_ASSERT_EQUAL(qk_test_count_entries(dir), 9);  /* 8 + .qikan-files */

	/* Re-export of a folder holding only what qikan wrote: replaced whole,
	 * so an article the previous export wrote and this one does not is
	 * gone. */
	QkArticle *extra = qk_article_new("a9");
	g_ptr_array_add(is->articles, extra);
	CU_ASSERT_TRUE(qk_export_issue(is, dir, NULL));
	char *stale = g_build_filename(articles_dir, "a9.txt", NULL);
	CU_ASSERT_TRUE(g_file_test(stale, G_FILE_TEST_EXISTS));
	g_ptr_array_remove(is->articles, extra);
	CU_ASSERT_TRUE(qk_export_issue(is, dir, NULL));
	CU_ASSERT_FALSE(g_file_test(stale, G_FILE_TEST_EXISTS));
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 1);

	/* A folder that holds someone else's file keeps it; the previous
	 * export's stale article still goes. */
	g_ptr_array_add(is->articles, qk_article_new("a9"));
	CU_ASSERT_TRUE(qk_export_issue(is, dir, NULL));
	g_ptr_array_remove_index(is->articles, is->articles->len - 1);
	char *mine = g_build_filename(dir, "notes.txt", NULL);
	g_file_set_contents(mine, "keep me", -1, NULL);
	CU_ASSERT_TRUE(qk_export_issue(is, dir, NULL));
	char *kept = qk_test_read_text(dir, "notes.txt");
	CU_ASSERT_STRING_EQUAL(kept ? kept : "", "keep me");
	g_free(kept);
	CU_ASSERT_FALSE(g_file_test(stale, G_FILE_TEST_EXISTS));
	CU_ASSERT_TRUE(qk_export_complete(dir));
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 1);

	/* A trailing slash names the same folder. */
	char *slash = g_strconcat(dir, G_DIR_SEPARATOR_S, NULL);
	CU_ASSERT_TRUE(qk_export_issue(is, slash, NULL));
	CU_ASSERT_TRUE(qk_export_complete(dir));
	CU_ASSERT_EQUAL(qk_test_count_entries(dir), 10);  /* 9 + notes.txt */
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 1);
	g_free(slash);

	/* A file where the folder should be is an error, and nothing is left
	 * behind. */
	char *blocked = g_build_filename(root, "blocked", NULL);
	g_file_set_contents(blocked, "x", -1, NULL);
	CU_ASSERT_FALSE(qk_export_issue(is, blocked, &err));
	CU_ASSERT_TRUE(g_error_matches(err, QK_ERROR, QK_ERROR_IO));
	g_clear_error(&err);
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 2);

	/* Leftovers of an interrupted export are recognised and removed. */
	char *left = g_build_filename(root, ".issue.tmp-ABC123", NULL);
	g_mkdir(left, 0700);
	char *other = g_build_filename(root, ".issues.tmp-ABC123", NULL);
	g_mkdir(other, 0700);
	CU_ASSERT_EQUAL(qk_export_clean_stale(dir), 1);
	CU_ASSERT_FALSE(g_file_test(left, G_FILE_TEST_EXISTS));
	CU_ASSERT_TRUE(g_file_test(other, G_FILE_TEST_EXISTS));

	qk_file_remove_tree(root);
	g_free(other);
	g_free(left);
	g_free(blocked);
	g_free(mine);
	g_free(stale);
	g_free(tables_dir);
	g_free(articles_dir);
	g_free(xml);
	g_free(xml_path);
	qk_issue_free(is);
	g_free(dir);
	g_free(root);
}

static void test_empty_issue(void)
{
	char *root = g_dir_make_tmp("qk-export-XXXXXX", NULL);
	char *dir = g_build_filename(root, "empty", NULL);
	QkIssue *is = qk_issue_new();
	CU_ASSERT_TRUE(qk_export_issue(is, dir, NULL));
	CU_ASSERT_TRUE(qk_export_complete(dir));
	char *toc = qk_test_read_text(dir, "toc.csv");
	CU_ASSERT_STRING_EQUAL(toc ? toc : "",
	                       "section,title,authors,page,pdf_page,article_id,table_id\n");
	g_free(toc);
	qk_issue_free(is);
	qk_file_remove_tree(root);
	g_free(dir);
	g_free(root);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("export", NULL, NULL);
	CU_add_test(s, "toc.csv", test_toc);
	CU_add_test(s, "articles.csv", test_articles);
	CU_add_test(s, "articles/<id>.txt", test_article_txt);
	CU_add_test(s, "tables.csv and grids", test_tables);
	CU_add_test(s, "indicators.csv", test_indicators);
	CU_add_test(s, "quantities.csv", test_quantities);
	CU_add_test(s, "CSV quoting round trip", test_csv_round_trip);
	CU_add_test(s, "numbers without locale", test_numbers);
	CU_add_test(s, "streaming writer", test_streaming);
	CU_add_test(s, "issue folder", test_folder);
	CU_add_test(s, "empty issue", test_empty_issue);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures > 0;
}
