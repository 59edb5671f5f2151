/*
 * test_xlsx.c — outputs for Excel and the researchers' tools (issue 19):
 * `qikan run --xlsx --csv-bom` writes issue.xlsx and CSV files that begin
 * with a byte-order mark; check_tools.py reads them with pandas and
 * openpyxl (numbers as numbers, a sheet per table, merged header spans,
 * frozen header rows); a body longer than Excel's cell limit is cut with a
 * marker, not refused.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "xmlio.h"
#include "qkrun.h"

static char *tmpdir, *out;

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-xlsx-XXXXXX", NULL);
	out = g_build_filename(tmpdir, "out", NULL);
	char *mini = g_build_filename(g_getenv("QK_SAMPLES"), "mini.pdf", NULL);
	char *mag = g_build_filename(g_getenv("QK_SAMPLES"), "magazine-2023-01.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "run", "-q", "--xlsx", "--csv-bom", mini, mag, "-o", out, NULL);
	int status = r.status;
	qk_run_clear(&r);
	g_free(mag);
	g_free(mini);
	return status == 0 ? 0 : 1;
}

static int teardown(void)
{
	qk_file_remove_tree(tmpdir);
	g_free(out);
	g_free(tmpdir);
	return 0;
}

static void check_issue(const char *name)
{
	char *dir = g_build_filename(out, name, NULL);
	char *csv = g_build_filename(dir, "indicators.csv", NULL);
	char *data = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(csv, &data, NULL, NULL));
	CU_ASSERT_TRUE(data && g_str_has_prefix(data, "\xEF\xBB\xBFtable_id,"));
	g_free(data);
	char *script = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "tests", "export",
	                                "check_tools.py", NULL);
	/* Debian's python3, which has python3-pandas (another python3 may come first in PATH) */
	const char *argv[] = { "/usr/bin/python3", script, dir, NULL };
	char *o = NULL;
	int status = -1;
	gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
	                            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &o, NULL, &status, NULL);
	if (!ran || !g_spawn_check_wait_status(status, NULL))
		fprintf(stderr, "check_tools.py %s: %s (pandas and openpyxl come from "
		        "scripts/setup)\n", name, o ? o : "did not run");
	CU_ASSERT_TRUE(ran && g_spawn_check_wait_status(status, NULL));
	g_free(o);
	g_free(script);
	g_free(csv);
	g_free(dir);
}

static void test_mini(void)
{
	check_issue("mini");
}

static void test_magazine(void)
{
	check_issue("magazine-2023-01");
}

/* A body over Excel's 32,767 characters is cut with a marker in the sheet. */
static void test_long_body(void)
{
	char *xml = g_build_filename(out, "mini", "issue.xml", NULL);
	QkIssue *issue = qk_model_read_file(xml, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	QkArticle *a = g_ptr_array_index(issue->articles, 0);
	GString *big = g_string_new(NULL);
	for (int i = 0; i < 40000; i++)
		g_string_append(big, "煤");
	g_ptr_array_add(a->paras, qk_para_new(QK_PARA_BODY, big->str));
	g_string_free(big, TRUE);
	char *model = g_build_filename(tmpdir, "long.xml", NULL);
	CU_ASSERT_TRUE(qk_model_write_file(issue, model, NULL));
	qk_issue_free(issue);
	char *to = g_build_filename(tmpdir, "long", NULL);
	QkRun r = qk_test_runl(NULL, "export", "--xlsx", "--to", to, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *book = g_build_filename(to, "issue.xlsx", NULL);
	char *code = g_strdup_printf(
		"import openpyxl; ws = openpyxl.load_workbook('%s')['文章']; "
		"t = [c.value for c in ws[1]].index('text'); v = ws.cell(2, t + 1).value; "
		"print(len(v), v.endswith('］'))", book);
	const char *argv[] = { "/usr/bin/python3", "-c", code, NULL };
	char *o = NULL;
	int status = -1;
	CU_ASSERT_TRUE(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
	                            NULL, &o, NULL, &status, NULL));
	CU_ASSERT_STRING_EQUAL(o ? o : "", "32767 True\n");
	g_free(o);
	g_free(code);
	g_free(book);
	g_free(to);
	g_free(model);
	g_free(xml);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("xlsx", setup, teardown);
	CU_add_test(s, "mini: pandas and openpyxl read it", test_mini);
	CU_add_test(s, "magazine: pandas and openpyxl read it", test_magazine);
	CU_add_test(s, "a body over the cell limit is cut with a marker", test_long_body);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
