/*
 * test_memory.c — bounded memory of the whole pipeline (issue 16): `qikan
 * run` on a 480-page issue (the two magazine samples over and over, as
 * scripts/bench makes it) peaks under 40 MB, the bound of a 30-page issue.
 * Every line of every page waits for the second pass, so this is where
 * memory grows with the pages: 42.3 MB before the documents were freed
 * after the first pass on large issues, the lines kept compact and the
 * CSV files streamed; 36 MB after.
 */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "qkrun.h"

#define PAGES 480
#define MAX_MB 40

static char *tmpdir;

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

/* PAGES pages of the two magazines, with qpdf (scripts/setup installs it). */
static char *make_issue(void)
{
	char *m1 = sample("magazine-2023-01.pdf"), *m4 = sample("magazine-2023-04.pdf");
	char *all = g_build_filename(tmpdir, "all.pdf", NULL);
	char *out = g_build_filename(tmpdir, "concat.pdf", NULL);
	char *range = g_strdup_printf("1-%d", PAGES);
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, "qpdf");
	g_ptr_array_add(argv, "--empty");
	g_ptr_array_add(argv, "--pages");
	for (int i = 0; i < PAGES / 56 + 1; i++) {
		g_ptr_array_add(argv, m1);
		g_ptr_array_add(argv, m4);
	}
	g_ptr_array_add(argv, "--");
	g_ptr_array_add(argv, all);
	g_ptr_array_add(argv, NULL);
	const char *cut[] = { "qpdf", "--empty", "--pages", all, range, "--", out, NULL };
	int st1 = -1, st2 = -1;
	gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
	                           G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
	                           NULL, NULL, NULL, NULL, &st1, NULL) && st1 == 0 &&
	              g_spawn_sync(NULL, (char **)cut, NULL, G_SPAWN_SEARCH_PATH |
	                           G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
	                           NULL, NULL, NULL, NULL, &st2, NULL) && st2 == 0;
	g_unlink(all);
	g_ptr_array_free(argv, TRUE);
	g_free(range);
	g_free(all);
	g_free(m1);
	g_free(m4);
	if (!ok)
		g_clear_pointer(&out, g_free);
	return out;
}

static void test_run_480_pages(void)
{
	char *pdf = make_issue();
	CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
	char *out = g_build_filename(tmpdir, "out", NULL);
	QkRun r = qk_test_runl(NULL, "run", "--quiet", pdf, "-o", out, NULL);
	printf("\n    %d pages: %.1f MB peak, %.2f s ", PAGES, r.peak_kb / 1024.0, r.secs);
	CU_ASSERT_EQUAL(r.status, 0);
	char *manifest = qk_test_read_text(out, "manifest.csv");
	char *pages = g_strdup_printf(",%d,", PAGES);
	CU_ASSERT_TRUE(manifest && strstr(manifest, ",done,") && strstr(manifest, pages));
	/* sanitizers hold shadow memory: only the plain build is measured */
#if !defined(__SANITIZE_ADDRESS__)
	CU_ASSERT_TRUE(r.peak_kb > 0 && r.peak_kb <= MAX_MB * 1024);
#endif
	qk_run_clear(&r);
	char *rm[] = { "rm", "-rf", out, NULL };
	g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	g_unlink(pdf);
	g_free(pages);
	g_free(manifest);
	g_free(out);
	g_free(pdf);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SAMPLES")) {
		fprintf(stderr, "QK_QIKAN and QK_SAMPLES must be set (meson test sets them)\n");
		return 1;
	}
	tmpdir = g_dir_make_tmp("qk-memory-XXXXXX", NULL);
	if (!tmpdir || CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("memory", NULL, NULL);
	CU_add_test(s, "qikan run on 480 pages under 40 MB", test_run_480_pages);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	g_rmdir(tmpdir);
	g_free(tmpdir);
	return fails ? 1 : 0;
}
