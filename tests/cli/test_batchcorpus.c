/*
 * test_batchcorpus.c — the batch's corpus files and its --timings summary,
 * on sample PDFs (cli/manifest.c, cli/batch.c):
 * - all-articles.csv and all-indicators.csv are every done issue's rows
 *   re-encoded with its name first, byte for byte, whether the rows were
 *   gathered while the batch ran (its spool) or read at its end (issues of
 *   an earlier run), and whether an issue file is written as qikan writes
 *   it or otherwise (every field quoted: re-encoded, not copied);
 * - --timings ends with the batch's own CPU time around its workers and
 *   the run's critical path one issue at a time and --jobs at a time.
 */
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "csvout.h"
#include "fileio.h"
#include "qkrun.h"

static char *tmpdir;

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

static GPtrArray *read_csv(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL);
	GPtrArray *rows = qk_csv_read_file(p, NULL);
	g_free(p);
	return rows;
}

static const char *cell(GPtrArray *rows, guint r, guint c)
{
	GPtrArray *row = g_ptr_array_index(rows, r);
	return c < row->len ? g_ptr_array_index(row, c) : "";
}

/* What OUT/<corpus> must hold: its header as written, then for each done
 * issue of the manifest, in its order, the rows of OUT/<issue>/<file>
 * encoded with the issue's name first. */
static char *expected_corpus(const char *out, const char *file, const char *corpus,
                             int *issues)
{
	char *text = qk_test_read_text(out, corpus);
	GPtrArray *man = read_csv(out, "manifest.csv");
	if (!text || !man) {
		g_free(text);
		if (man)
			g_ptr_array_unref(man);
		return NULL;
	}
	QkCsv *csv = qk_csv_new();
	char *nl = strchr(text, '\n');
	GString *want = g_string_new_len(text, nl ? nl - text + 1 : 0);
	*issues = 0;
	for (guint r = 1; r < man->len; r++) {
		if (strcmp(cell(man, r, 3), "done") != 0)
			continue;
		const char *name = cell(man, r, 0);
		char *dir = g_build_filename(out, name, NULL);
		GPtrArray *rows = read_csv(dir, file);
		g_free(dir);
		CU_ASSERT_PTR_NOT_NULL(rows);
		for (guint i = 1; rows && i < rows->len; i++) {
			GPtrArray *row = g_ptr_array_index(rows, i);
			qk_csv_str(csv, name);
			for (guint c = 0; c < row->len; c++)
				qk_csv_str(csv, g_ptr_array_index(row, c));
			qk_csv_end(csv);
		}
		if (rows)
			g_ptr_array_unref(rows);
		(*issues)++;
	}
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	g_string_append_len(want, data, (gssize)len);
	qk_csv_free(csv);
	g_ptr_array_unref(man);
	g_free(text);
	return g_string_free(want, FALSE);
}

static void check_corpus(const char *out, int want_issues)
{
	static const char *const parts[][2] = {
		{ "articles.csv", "all-articles.csv" },
		{ "indicators.csv", "all-indicators.csv" },
	};
	for (gsize p = 0; p < G_N_ELEMENTS(parts); p++) {
		int issues = 0;
		char *want = expected_corpus(out, parts[p][0], parts[p][1], &issues);
		char *got = qk_test_read_text(out, parts[p][1]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		CU_ASSERT_EQUAL(issues, want_issues);
		CU_ASSERT_TRUE(strlen(got) > 100);   /* rows, not only a header */
		CU_ASSERT_STRING_EQUAL(got, want);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "\n%s: %zu bytes, wanted %zu\n", parts[p][1],
			        strlen(got), strlen(want));
		g_free(got);
		g_free(want);
	}
}

/* Rewrites dir/name with every field quoted: the same rows, written
 * otherwise than qikan writes them. */
static void quote_everything(const char *dir, const char *name)
{
	GPtrArray *rows = read_csv(dir, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	GString *s = g_string_new(NULL);
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		for (guint c = 0; c < row->len; c++) {
			char **bits = g_strsplit(g_ptr_array_index(row, c), "\"", -1);
			char *doubled = g_strjoinv("\"\"", bits);
			g_string_append_printf(s, "%s\"%s\"", c ? "," : "", doubled);
			g_free(doubled);
			g_strfreev(bits);
		}
		g_string_append_c(s, '\n');
	}
	g_ptr_array_unref(rows);
	char *p = g_build_filename(dir, name, NULL);
	CU_ASSERT_TRUE(g_file_set_contents(p, s->str, (gssize)s->len, NULL));
	g_free(p);
	g_string_free(s, TRUE);
}

static void test_corpus_rows(void)
{
	char *out = g_build_filename(tmpdir, "corpus", NULL);
	char *mag = sample("magazine-2023-04.pdf"), *mini = sample("mini.pdf");
	char *paper = sample("newspaper-2023-10-31.pdf");
	/* two issues, gathered while the batch runs */
	QkRun r = qk_test_runl(NULL, "run", "--quiet", "--jobs", "2", "-o", out, mag,
	                       mini, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	check_corpus(out, 2);

	/* one of them written otherwise, then a third issue into the same OUT:
	 * the earlier two are read at the end, the odd one re-encoded */
	char *dir = g_build_filename(out, "mini", NULL);
	quote_everything(dir, "articles.csv");
	quote_everything(dir, "indicators.csv");
	char *odd = qk_test_read_text(dir, "articles.csv");
	CU_ASSERT_PTR_NOT_NULL(odd ? strstr(odd, "\n\"a1\",") : NULL);   /* quoted now */
	g_free(odd);
	r = qk_test_runl(NULL, "run", "--quiet", "--jobs", "2", "-o", out, paper, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	check_corpus(out, 3);
	char *all = qk_test_read_text(out, "all-articles.csv");
	CU_ASSERT_PTR_NOT_NULL(all);
	CU_ASSERT_PTR_NOT_NULL(all ? strstr(all, "\nmini,a1,") : NULL);
	CU_ASSERT_PTR_NULL(all ? strstr(all, "\"a1\"") : NULL);
	g_free(all);

	/* --resume: every issue unchanged, all read at the end */
	r = qk_test_runl(NULL, "run", "--quiet", "--resume", "-o", out, mag, mini, paper,
	                 NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "0 done, 0 failed, 3 skipped"));
	qk_run_clear(&r);
	check_corpus(out, 3);
	g_free(dir);
	g_free(paper);
	g_free(mini);
	g_free(mag);
	g_free(out);
}

/* The number after key in s, -1 when key is not there. */
static double number_after(const char *s, const char *key)
{
	const char *p = s ? strstr(s, key) : NULL;
	return p ? g_ascii_strtod(p + strlen(key), NULL) : -1;
}

static void test_timings_summary(void)
{
	char *out = g_build_filename(tmpdir, "timings", NULL);
	char *mag = sample("magazine-2023-01.pdf"), *mini = sample("mini.pdf");
	char *paper = sample("newspaper-2023-10-31.pdf");
	QkRun r = qk_test_runl(NULL, "run", "--quiet", "--timings", "--jobs", "2", "-o", out,
	                       mag, mini, paper, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	const char *line = r.err ? strstr(r.err, "qikan run: timing: batch CPU ") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	double before = number_after(line, "batch CPU ");
	double after = number_after(line, "s beside them (");
	double workers = number_after(line, "workers CPU ");
	double one = number_after(line, "cores ");
	const char *two_at = strstr(line, "one at a time, ");
	double two = number_after(two_at, "one at a time, ");
	double speedup = number_after(line, " 2 at a time: ");
	CU_ASSERT_TRUE(before > 0);       /* the batch's start */
	CU_ASSERT_TRUE(after >= 0);       /* its share of each issue */
	CU_ASSERT_TRUE(workers > 0.01);   /* three issues read */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "workers CPU") && strstr(line, "(3)"));
	/* one at a time is at least the workers' CPU; two at a time at least
	 * the longest issue, and never more than one at a time */
	CU_ASSERT_TRUE(one >= workers);
	CU_ASSERT_TRUE(two > 0 && two <= one);
	CU_ASSERT_TRUE(speedup >= 1.0 && speedup <= 2.0);
	CU_ASSERT_DOUBLE_EQUAL(speedup, one / two, 0.01);
	if (!line || two <= 0)
		fprintf(stderr, "\n%s\n", r.err);
	qk_run_clear(&r);
	g_free(paper);
	g_free(mini);
	g_free(mag);
	g_free(out);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SAMPLES")) {
		fprintf(stderr, "QK_QIKAN and QK_SAMPLES must be set (meson test sets them)\n");
		return 1;
	}
	tmpdir = g_dir_make_tmp("qk-batchcorpus-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("batch corpus", NULL, NULL);
	CU_add_test(s, "corpus rows: spooled, read at the end, written otherwise",
	            test_corpus_rows);
	CU_add_test(s, "--timings: the batch's CPU and critical path", test_timings_summary);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
