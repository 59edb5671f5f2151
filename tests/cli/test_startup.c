/*
 * test_startup.c — what a one-issue `qikan run` leaves to its worker or
 * skips at start and at exit:
 * - nettle (the input's SHA-256) is not opened by the batch (the worker
 *   opens it on its checksum thread), and the digest is the file's;
 * - a command leaves with _exit (cli/main.c): what it wrote to a pipe is
 *   all there;
 * - OUT's all-articles.csv and all-indicators.csv are synced when they
 *   replace an earlier run's, not when new (as every other output).
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "qkrun.h"

/* Removes a test's folder and all in it. */
static void remove_tree(const char *dir)
{
	char *rm[] = { "rm", "-rf", (char *)dir, NULL };
	g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static char *sample(const char *name)
{
	const char *dir = g_getenv("QK_SAMPLES");
	return g_build_filename(dir ? dir : "samples", name, NULL);
}

static void test_checksum_in_worker(void)
{
	char *dir = g_dir_make_tmp("qk-startup-XXXXXX", NULL);
	char *out = g_build_filename(dir, "out", NULL), *log = g_build_filename(dir, "ld", NULL);
	char *pdf = sample("mini.pdf");
	/* ld.so's log of the run (the child inherits these) */
	g_setenv("LD_DEBUG", "files", TRUE);
	g_setenv("LD_DEBUG_OUTPUT", log, TRUE);
	QkRun r = qk_test_runl(NULL, "run", "-q", pdf, "-o", out, NULL);
	g_unsetenv("LD_DEBUG");
	g_unsetenv("LD_DEBUG_OUTPUT");
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	/* the digest in the manifest is the file's */
	char *bytes = NULL, *manifest = NULL;
	gsize len = 0;
	CU_ASSERT_FATAL(g_file_get_contents(pdf, &bytes, &len, NULL));
	char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
	char *mpath = g_build_filename(out, "manifest.csv", NULL);
	CU_ASSERT(g_file_get_contents(mpath, &manifest, NULL, NULL));
	CU_ASSERT(manifest && strstr(manifest, want) != NULL);
	/* the batch did not open nettle (its worker, forked with its
	 * descriptors closed, no longer writes to ld.so's log). Each process
	 * that started writes its own ld.PID, qk-measure's among them when
	 * the run goes through it: nettle is looked for in all, and the
	 * batch's log is the one with the most libraries. */
	int loaded_libs = 0, nettle = 0, logs = 0;
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, "ld."))
			continue;
		char *path = g_build_filename(dir, name, NULL), *text = NULL;
		if (g_file_get_contents(path, &text, NULL, NULL)) {
			char **lines = g_strsplit(text, "\n", -1);
			int libs = 0;
			for (char **l = lines; *l; l++) {
				libs += strstr(*l, "file=") && strstr(*l, "generating link map") != NULL;
				nettle += strstr(*l, "file=libnettle") != NULL;
			}
			loaded_libs = MAX(loaded_libs, libs);
			logs++;
			g_strfreev(lines);
		}
		g_free(text);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	CU_ASSERT_FATAL(logs > 0);
	CU_ASSERT(loaded_libs > 10);   /* the batch's log is among them */
	CU_ASSERT_EQUAL(nettle, 0);
	remove_tree(dir);
	g_free(mpath);
	g_free(manifest);
	g_free(want);
	g_free(bytes);
	g_free(pdf);
	g_free(log);
	g_free(out);
	g_free(dir);
}

static void test_pipe_complete(void)
{
	char *dir = g_dir_make_tmp("qk-startup-XXXXXX", NULL);
	char *file = g_build_filename(dir, "mini.xml", NULL);
	char *pdf = sample("mini.pdf");
	const char *to_file[] = { "extract", pdf, "-o", file, NULL };
	const char *to_pipe[] = { "extract", pdf, NULL };
	QkRun r1 = qk_test_run(NULL, to_file), r2 = qk_test_run(NULL, to_pipe);
	const char *piped = r2.out;
	char *written = NULL;
	CU_ASSERT_EQUAL(r1.status, 0);
	CU_ASSERT_EQUAL(r2.status, 0);
	CU_ASSERT_FATAL(g_file_get_contents(file, &written, NULL, NULL));
	CU_ASSERT(strlen(written) > 10000);
	CU_ASSERT_STRING_EQUAL(piped ? piped : "", written);
	CU_ASSERT(g_str_has_suffix(g_strchomp(written), "</issue>"));
	qk_run_clear(&r1);
	qk_run_clear(&r2);
	g_free(written);
	g_unlink(file);
	g_rmdir(dir);
	g_free(pdf);
	g_free(file);
	g_free(dir);
}

/* fsync calls of `qikan run -q PDF -o OUT` (strace's count); -1 without strace. */
static int fsyncs_of_run(const char *pdf, const char *out, const char *log)
{
	char *strace = g_find_program_in_path("strace");
	if (!strace)
		return -1;
	const char *argv[] = { strace, "-f", "-e", "trace=fsync,fdatasync", "-o", log,
	                       g_getenv("QK_QIKAN"), "run", "-q", pdf, "-o", out, NULL };
	int status = -1;
	char *text = NULL;
	int n = -1;
	if (g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
	                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
	    status == 0 && g_file_get_contents(log, &text, NULL, NULL)) {
		n = 0;
		for (const char *p = text; (p = strstr(p, "sync(")); p++)
			n++;
	}
	g_free(text);
	g_unlink(log);
	g_free(strace);
	return n;
}

static void test_corpus_synced_when_replaced(void)
{
	char *dir = g_dir_make_tmp("qk-startup-XXXXXX", NULL);
	char *out = g_build_filename(dir, "out", NULL), *log = g_build_filename(dir, "log", NULL);
	char *pdf = sample("mini.pdf");
	int fresh = fsyncs_of_run(pdf, out, log);
	if (fresh < 0) {
		fprintf(stderr, "  (no strace here: not checked)\n");
	} else {
		/* again: the folder, manifest and corpus files replace the first run's */
		int again = fsyncs_of_run(pdf, out, log);
		fprintf(stderr, "  fsyncs: %d in a new OUT, %d in the same again\n", fresh, again);
		CU_ASSERT_EQUAL(fresh, 0);
		CU_ASSERT(again >= 2);
		char *all = g_build_filename(out, "all-articles.csv", NULL), *text = NULL;
		CU_ASSERT(g_file_get_contents(all, &text, NULL, NULL) && g_str_has_prefix(text, "issue,"));
		g_free(text);
		g_free(all);
	}
	remove_tree(dir);
	g_free(pdf);
	g_free(log);
	g_free(out);
	g_free(dir);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN")) {
		fprintf(stderr, "QK_QIKAN must be set (meson test)\n");
		return 1;
	}
	CU_initialize_registry();
	CU_pSuite s = CU_add_suite("startup", NULL, NULL);
	CU_add_test(s, "one issue: nettle left to the worker, the file's digest",
	            test_checksum_in_worker);
	CU_add_test(s, "quick exit: a model written to a pipe is complete", test_pipe_complete);
	CU_add_test(s, "all-*.csv synced when they replace a file, not when new",
	            test_corpus_synced_when_replaced);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failures = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
