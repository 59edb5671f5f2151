/*
 * test_producers.c — tables from another producer than the cairo-drawn
 * ones of test_tables.c, read end to end (qikan run → tables.csv,
 * tables/<id>.csv, tables/<id>.columns.csv, indicators.csv):
 *   - fixtures/chromium-indicators.pdf (Chromium/Skia; make.sh rebuilds it
 *     from src/): wrapped header cells under a spanning region header, a
 *     unit line over the table, a 其中 / indented / # hierarchy, △ minus,
 *     thousands separators, percent values, the period from the title;
 *   - fixtures/chromium-continued.pdf: a table running onto a second page
 *     under its repeated header, with a 单位 column;
 *   - fixtures/chromium-sideways*.pdf: a wide table set sideways on a
 *     portrait page, turned left and turned right;
 *   - fixtures/chromium-regions.pdf: regions down the rows, indicators
 *     across the columns over their measures.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include "fileio.h"
#include "csvout.h"
#include "qkrun.h"

/* ---- Chromium fixtures, end to end ------------------------------------ */

static char *out_root;

static char *fixture(const char *name)
{
	return g_build_filename(g_getenv("QK_SOURCE_ROOT"), "tests", "tables", "fixtures",
	                        name, NULL);
}

/* Runs qikan on the fixture; returns its issue folder (NULL on failure). */
static char *run_fixture(const char *pdf)
{
	char *path = fixture(pdf);
	QkRun r = qk_test_runl(NULL, "run", path, "-o", out_root, "--quiet", NULL);
	g_free(path);
	CU_ASSERT_EQUAL(r.status, 0);
	if (r.status != 0)
		fprintf(stderr, "\n  qikan run %s: %s%s\n", pdf, r.out ? r.out : "", r.err ? r.err : "");
	qk_run_clear(&r);
	char *name = g_strndup(pdf, strlen(pdf) - 4);
	char *dir = g_build_filename(out_root, name, NULL);
	g_free(name);
	return dir;
}

/* What qikan run wrote for a fixture: its CSV files' rows (GPtrArray of
 * GPtrArray of char*) for table t1. */
typedef struct {
	GPtrArray *tables, *grid, *cols, *inds;
} Output;

static GPtrArray *read_csv(const char *dir, const char *file);

/* Runs qikan on the fixture and reads its CSV files; FALSE (asserted) when
 * one is missing. */
static gboolean run_output(const char *pdf, Output *o)
{
	char *dir = run_fixture(pdf);
	o->tables = read_csv(dir, "tables.csv");
	o->grid = read_csv(dir, "tables/t1.csv");
	o->cols = read_csv(dir, "tables/t1.columns.csv");
	o->inds = read_csv(dir, "indicators.csv");
	g_free(dir);
	return o->tables && o->grid && o->cols && o->inds;
}

static void output_clear(Output *o)
{
	g_clear_pointer(&o->tables, g_ptr_array_unref);
	g_clear_pointer(&o->grid, g_ptr_array_unref);
	g_clear_pointer(&o->cols, g_ptr_array_unref);
	g_clear_pointer(&o->inds, g_ptr_array_unref);
}

/* The CSV file's rows (GPtrArray of GPtrArray of char*), NULL when unreadable. */
static GPtrArray *read_csv(const char *dir, const char *file)
{
	char *path = g_build_filename(dir, file, NULL);
	char *data = NULL;
	gsize len = 0;
	GPtrArray *rows = NULL;
	if (g_file_get_contents(path, &data, &len, NULL))
		rows = qk_csv_parse(data, len, NULL);
	g_free(data);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL(rows);
	return rows;
}

static const char *field(GPtrArray *rows, guint r, guint k)
{
	if (r >= rows->len)
		return "(no row)";
	GPtrArray *row = g_ptr_array_index(rows, r);
	return k < row->len ? g_ptr_array_index(row, k) : "(no field)";
}

/* The row of indicators.csv with this indicator, region and measure
 * (region NULL: any), or -1. */
static int find_indicator(GPtrArray *rows, const char *name, const char *region,
                          const char *measure)
{
	for (guint r = 1; r < rows->len; r++)
		if (g_str_equal(field(rows, r, 2), name) && g_str_equal(field(rows, r, 5), measure) &&
		    (!region || g_str_equal(field(rows, r, 4), region)))
			return (int)r;
	return -1;
}

/* indicators.csv: table_id period indicator unit region measure value_raw
 * value parent column */
typedef struct {
	const char *name, *region, *measure;
	const char *period, *unit, *raw, *value, *parent, *column;
} Tidy;

static void check_tidy(GPtrArray *rows, const Tidy *want, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		const Tidy *w = &want[i];
		int r = find_indicator(rows, w->name, w->region, w->measure);
		CU_ASSERT_TRUE(r > 0);
		if (r <= 0) {
			fprintf(stderr, "\n  no indicator row %s %s %s\n", w->name, w->region, w->measure);
			continue;
		}
		const char *expect[] = { w->period, w->unit, w->raw, w->value, w->parent, w->column };
		const guint at[] = { 1, 3, 6, 7, 8, 9 };
		for (gsize k = 0; k < G_N_ELEMENTS(at); k++) {
			if (!g_str_equal(field(rows, (guint)r, at[k]), expect[k]))
				fprintf(stderr, "\n  %s %s %s field %u: want %s got %s\n", w->name,
				        w->region, w->measure, at[k], expect[k], field(rows, (guint)r, at[k]));
			CU_ASSERT_STRING_EQUAL(field(rows, (guint)r, at[k]), expect[k]);
		}
	}
}

static void check_rows(GPtrArray *rows, guint from, const char *const *want, gsize n,
                       const char *what)
{
	for (gsize i = 0; i < n; i++) {
		char **cells = g_strsplit(want[i], "|", -1);
		guint k = 0;
		for (; cells[k]; k++) {
			if (!g_str_equal(field(rows, from + (guint)i, k), cells[k]))
				fprintf(stderr, "\n  %s row %u col %u: want %s got %s\n", what,
				        from + (guint)i, k, cells[k], field(rows, from + (guint)i, k));
			CU_ASSERT_STRING_EQUAL(field(rows, from + (guint)i, k), cells[k]);
		}
		CU_ASSERT_EQUAL(((GPtrArray *)g_ptr_array_index(rows, from + (guint)i))->len, k);
		g_strfreev(cells);
	}
}

static void test_chromium_indicators(void)
{
	Output o;
	if (!run_output("chromium-indicators.pdf", &o))
		goto out;
	GPtrArray *tables = o.tables, *grid = o.grid, *cols = o.cols, *inds = o.inds;
	/* one table, its unit from the line over it */
	CU_ASSERT_EQUAL(tables->len, 2);
	static const char *const table_row[] = {
		"t1|2023年1—12月全市主要经济指标||1||9|5|2|亿元" };
	check_rows(tables, 1, table_row, 1, "tables.csv");
	/* the wrapped header cells read line by line */
	static const char *const header[] = {
		"指标|全市|全市|城区|城区",
		"指标|累计完成|同比增长(%)|累计完成|同比增长(%)",
	};
	check_rows(grid, 0, header, G_N_ELEMENTS(header), "tables/t1.csv");
	static const char *const body[] = {
		"地区生产总值|1,234.5|5.2|456.7|4.8",
		"其中：第一产业|98.1|3.1|12.3|2.0",
		"第二产业|410.2|△1.5|150.9|-",
		"第三产业|726.2|7.0|293.5|6.1",
		"固定资产投资|560.0|12.5%||9.9",
		"#民间投资|210.4|-3.0|80.2|1.1",
		"原煤(万吨)|13,395.8|3.7|996.8|2.6",
	};
	check_rows(grid, 2, body, G_N_ELEMENTS(body), "tables/t1.csv");
	static const char *const names[] = {
		"col|name", "1|指标", "2|全市/累计完成", "3|全市/同比增长(%)", "4|城区/累计完成",
		"5|城区/同比增长(%)",
	};
	check_rows(cols, 0, names, G_N_ELEMENTS(names), "tables/t1.columns.csv");
	static const Tidy tidy[] = {
		{ "地区生产总值", "全市", "累计完成", "1—12月", "亿元", "1,234.5", "1234.5", "",
		  "全市/累计完成" },
		{ "第一产业", "城区", "同比增长(%)", "1—12月", "亿元", "2.0", "2", "地区生产总值",
		  "城区/同比增长(%)" },
		/* indented under the 其中 row: its sibling */
		{ "第二产业", "全市", "同比增长(%)", "1—12月", "亿元", "△1.5", "-1.5", "地区生产总值",
		  "全市/同比增长(%)" },
		{ "第二产业", "城区", "同比增长(%)", "1—12月", "亿元", "-", "", "地区生产总值",
		  "城区/同比增长(%)" },
		{ "第三产业", "全市", "累计完成", "1—12月", "亿元", "726.2", "726.2", "地区生产总值",
		  "全市/累计完成" },
		{ "固定资产投资", "全市", "同比增长(%)", "1—12月", "亿元", "12.5%", "12.5", "",
		  "全市/同比增长(%)" },
		{ "固定资产投资", "城区", "累计完成", "1—12月", "亿元", "", "", "", "城区/累计完成" },
		{ "民间投资", "全市", "同比增长(%)", "1—12月", "亿元", "-3.0", "-3", "固定资产投资",
		  "全市/同比增长(%)" },
		/* the unit in the name wins over the table's */
		{ "原煤", "全市", "累计完成", "1—12月", "万吨", "13,395.8", "13395.8", "",
		  "全市/累计完成" },
	};
	check_tidy(inds, tidy, G_N_ELEMENTS(tidy));
	/* 7 indicators × 2 regions × 2 measures */
	CU_ASSERT_EQUAL(inds->len, 1 + 7 * 4);
out:
	output_clear(&o);
}

static void test_chromium_continued(void)
{
	Output o;
	if (!run_output("chromium-continued.pdf", &o))
		goto out;
	GPtrArray *tables = o.tables, *grid = o.grid, *inds = o.inds;
	/* one table over two pages, the header repeated on page 2 dropped; the
	 * title and the unit share a line (a word space Chromium sets narrow) */
	CU_ASSERT_EQUAL(tables->len, 2);
	static const char *const table_row[] = {
		"t1|表1 2023年1—6月全市工农业主要产品产量||1||45|5|1|万吨" };
	check_rows(tables, 1, table_row, 1, "tables.csv");
	CU_ASSERT_EQUAL(grid->len, 45);
	static const char *const header[] = { "指标|单位|本月|上年同期|同比增长(%)" };
	check_rows(grid, 0, header, 1, "tables/t1.csv");
	for (guint r = 1; r < grid->len; r++)
		CU_ASSERT_STRING_NOT_EQUAL(field(grid, r, 0), "指标");
	static const char *const last[] = { "牛奶产量5区|万吨|2,612.5|2429.6|7.5" };
	check_rows(grid, 44, last, 1, "tables/t1.csv");
	/* the 单位 column gives the unit and is no measure */
	static const Tidy tidy[] = {
		{ "粮食产量", "", "本月", "1—6月", "万吨", "1,000.0", "1000", "", "本月" },
		{ "发电量", "", "上年同期", "1—6月", "亿千瓦时", "1069.5", "1069.5", "", "上年同期" },
		{ "化肥4区", "", "同比增长(%)", "1—6月", "万吨", "7.5", "7.5", "", "同比增长(%)" },
	};
	check_tidy(inds, tidy, G_N_ELEMENTS(tidy));
	CU_ASSERT_EQUAL(inds->len, 1 + 44 * 3);
	CU_ASSERT_EQUAL(find_indicator(inds, "粮食产量", NULL, "单位"), -1);
out:
	output_clear(&o);
}

static void check_sideways(const char *pdf, const char *title)
{
	Output o;
	if (!run_output(pdf, &o))
		goto out;
	GPtrArray *tables = o.tables, *grid = o.grid, *inds = o.inds;
	CU_ASSERT_EQUAL(tables->len, 2);
	CU_ASSERT_STRING_EQUAL(field(tables, 1, 1), title);
	CU_ASSERT_STRING_EQUAL(field(tables, 1, 5), "7");
	CU_ASSERT_STRING_EQUAL(field(tables, 1, 6), "11");
	CU_ASSERT_STRING_EQUAL(field(tables, 1, 7), "2");
	static const char *const rows[] = {
		"指标|全市|全市|东城区|东城区|西城区|西城区|南区|南区|北区|北区",
		"指标|累计完成|同比增长(%)|累计完成|同比增长(%)|累计完成|同比增长(%)|累计完成|"
		"同比增长(%)|累计完成|同比增长(%)",
		"地区生产总值(亿元)|3620.4|6.1|1810.2|6.4|1206.8|6.7|905.1|7.0|724.1|7.3",
		"规模以上工业增加值(亿元)|1021.7|5.4|510.9|5.7|340.6|6.0|255.4|6.3|204.3|6.6",
		"固定资产投资(亿元)|1512.9|8.8|756.5|9.1|504.3|9.4|378.2|9.7|302.6|10.0",
		"社会消费品零售总额(亿元)|1490.2|7.3|745.1|7.6|496.7|7.9|372.6|8.2|298.0|8.5",
		"一般公共预算收入(亿元)|301.5|-1.2|150.8|-0.9|100.5|-0.6|75.4|-0.3|60.3|0.0",
	};
	CU_ASSERT_EQUAL(grid->len, G_N_ELEMENTS(rows));
	check_rows(grid, 0, rows, G_N_ELEMENTS(rows), pdf);
	static const Tidy tidy[] = {
		{ "地区生产总值", "东城区", "累计完成", "1—9月", "亿元", "1810.2", "1810.2", "",
		  "东城区/累计完成" },
		{ "一般公共预算收入", "南区", "同比增长(%)", "1—9月", "亿元", "-0.3", "-0.3", "",
		  "南区/同比增长(%)" },
	};
	check_tidy(inds, tidy, G_N_ELEMENTS(tidy));
	CU_ASSERT_EQUAL(inds->len, 1 + 5 * 10);
out:
	output_clear(&o);
}

static void test_sideways(void)
{
	check_sideways("chromium-sideways.pdf", "2023年1—9月各区主要经济指标");
	check_sideways("chromium-sideways-right.pdf", "2023年1—9月各区主要经济指标（续）");
}

static void test_regions(void)
{
	Output o;
	if (!run_output("chromium-regions.pdf", &o))
		goto out;
	GPtrArray *inds = o.inds;
	static const Tidy tidy[] = {
		{ "地区生产总值", "朔城区", "本期", "1—2季度", "亿元", "187.8", "187.8", "",
		  "地区生产总值(亿元)/本期" },
		{ "地区生产总值", "怀仁市", "上年同期", "1—2季度", "亿元", "142.3", "142.3", "",
		  "地区生产总值(亿元)/上年同期" },
		{ "粮食产量", "右玉县", "上年同期", "1—2季度", "万吨", "19.4", "19.4", "",
		  "粮食产量(万吨)/上年同期" },
	};
	check_tidy(inds, tidy, G_N_ELEMENTS(tidy));
	/* 6 regions × 2 indicators × 2 measures; no region is an indicator */
	CU_ASSERT_EQUAL(inds->len, 1 + 6 * 4);
	CU_ASSERT_EQUAL(find_indicator(inds, "朔城区", NULL, "本期"), -1);
out:
	output_clear(&o);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SOURCE_ROOT")) {
		fprintf(stderr, "QK_QIKAN and QK_SOURCE_ROOT must be set (meson test sets them)\n");
		return 1;
	}
	out_root = g_dir_make_tmp("qk-producers-XXXXXX", NULL);
	if (!out_root || CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("producers", NULL, NULL);
	CU_add_test(s, "Chromium: wrapped headers, unit line, 其中 hierarchy", test_chromium_indicators);
	CU_add_test(s, "Chromium: continued under a repeated header, unit column",
	            test_chromium_continued);
	CU_add_test(s, "Chromium: a table set sideways, turned either way", test_sideways);
	CU_add_test(s, "Chromium: regions down the rows", test_regions);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	qk_file_remove_tree(out_root);
	g_free(out_root);
	return failed ? 1 : 0;
}
