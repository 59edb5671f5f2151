/*
 * test_run_threads.c — `qikan run` writes the same bytes whatever the
 * number of threads reading an issue's pages: the default (one issue gets
 * every core), --threads 1 and --threads 3, alone and beside another
 * issue, with one or two workers; and whether the worker was forked from
 * the batch (every one, by default) or executed anew (QK_EXEC_WORKERS).
 * QK_QIKAN is the binary, QK_SAMPLES the sample PDFs.
 *
 * And memory bounded as the pages grow (issue 16): a 480-page issue (the
 * magazine samples over and over, as scripts/bench makes it, with qpdf)
 * peaks under 40 MB, the bound of a 30-page issue, and reads the same on
 * one thread. Every line of every page waits for the second pass: 41.8 MB
 * before the documents were freed after the first pass on large issues,
 * the lines kept compact and the CSV files streamed; 36 MB after.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>

#include "fileio.h"
#include "qkrun.h"

static char *root;  /* scratch folder for the suite */

/* Every file under a, compared byte for byte with the same path under b;
 * the number of files compared is added to n. */
static void same_tree(const char *a, const char *b, int *n)
{
	GDir *d = g_dir_open(a, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *pa = g_build_filename(a, name, NULL);
		char *pb = g_build_filename(b, name, NULL);
		if (g_file_test(pa, G_FILE_TEST_IS_DIR)) {
			same_tree(pa, pb, n);
		} else {
			char *da = NULL, *db = NULL;
			gsize la = 0, lb = 0;
			CU_ASSERT_TRUE(g_file_get_contents(pa, &da, &la, NULL));
			CU_ASSERT_TRUE(g_file_get_contents(pb, &db, &lb, NULL));
			gboolean same = da && db && la == lb && memcmp(da, db, la) == 0;
			if (!same)
				fprintf(stderr, "\n%s and %s differ\n", pa, pb);
			CU_ASSERT_TRUE(same);
			(*n)++;
			g_free(da);
			g_free(db);
		}
		g_free(pa);
		g_free(pb);
	}
	g_dir_close(d);
}

/* qikan run inputs… -o root/label [extra option]; exit code 0 expected. */
static char *run_into(const char *label, const char *opt, const char *a, const char *b)
{
	char *out = g_build_filename(root, label, NULL);
	const char *args[] = { "run", "--quiet", "-o", out, a, b, opt, NULL };
	if (!b) {  /* shift the option left over the missing input */
		args[5] = opt;
		args[6] = NULL;
	}
	QkRun r = qk_test_run(NULL, args);
	if (r.status != 0)
		fprintf(stderr, "\nqikan run %s: %s\n", label, r.err);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	return out;
}

/* A sample PDF's path (caller frees); the test stops when it is missing. */
static char *sample(const char *name)
{
	const char *samples = g_getenv("QK_SAMPLES");
	char *p = samples ? g_build_filename(samples, name, NULL) : NULL;
	CU_ASSERT_TRUE(p && g_file_test(p, G_FILE_TEST_EXISTS));
	return p;
}

static void test_same_bytes_any_threads(void)
{
	char *mag = sample("magazine-2023-01.pdf");
	char *news = sample("newspaper-2023-10-31.pdf");
	CU_ASSERT_TRUE_FATAL(mag && news);
	char *dflt = run_into("default", NULL, mag, NULL);
	char *one = run_into("one", "--threads=1", mag, NULL);
	char *three = run_into("three", "--threads=3", mag, NULL);
	char *pair = run_into("pair", NULL, mag, news);   /* two issues share the cores */
	char *second = run_into("second", "--jobs=1", news, mag);   /* mag's worker second */
	g_setenv("QK_EXEC_WORKERS", "1", TRUE);
	char *exec = run_into("exec", "--jobs=2", mag, NULL);
	g_unsetenv("QK_EXEC_WORKERS");
	char *issue_d = g_build_filename(dflt, "magazine-2023-01", NULL);
	const char *others[] = { one, three, pair, second, exec };
	for (gsize i = 0; i < G_N_ELEMENTS(others); i++) {
		char *issue = g_build_filename(others[i], "magazine-2023-01", NULL);
		int n = 0;
		same_tree(issue_d, issue, &n);
		CU_ASSERT_TRUE(n >= 8);   /* issue.xml, the CSV files, articles */
		g_free(issue);
	}
	/* articles/ and tables/ are written on the export's threads: every
	 * file there, named as on one thread */
	char *tables = g_build_filename(issue_d, "tables", "t1.columns.csv", NULL);
	char *art = g_build_filename(issue_d, "articles", "a20.txt", NULL);
	CU_ASSERT_TRUE(g_file_test(tables, G_FILE_TEST_IS_REGULAR));
	CU_ASSERT_TRUE(g_file_test(art, G_FILE_TEST_IS_REGULAR));
	g_free(tables);
	g_free(art);
	/* a newspaper's regions are found on the issue's threads (structure.c) */
	char *news_one = run_into("news-one", "--threads=1", news, NULL);
	char *news_three = run_into("news-three", "--threads=3", news, NULL);
	char *a = g_build_filename(news_one, "newspaper-2023-10-31", NULL);
	char *b = g_build_filename(news_three, "newspaper-2023-10-31", NULL);
	int n = 0;
	same_tree(a, b, &n);
	CU_ASSERT_TRUE(n >= 18);   /* issue.xml, the CSV files, 10 articles at least */
	g_free(a);
	g_free(b);
	g_free(news_one);
	g_free(news_three);
	g_free(issue_d);
	g_free(dflt);
	g_free(one);
	g_free(three);
	g_free(pair);
	g_free(second);
	g_free(exec);
	g_free(mag);
	g_free(news);
}

/* Page `page` of pdf alone, as root/name (qpdf); NULL when it fails. */
static char *one_page(const char *pdf, const char *page, const char *name)
{
	char *out = g_build_filename(root, name, NULL);
	const char *argv[] = { "qpdf", "--empty", "--pages", pdf, page, "--", out, NULL };
	GSpawnFlags fl = G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL;
	int st = -1;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, fl, NULL, NULL, NULL, NULL, &st, NULL) || st)
		g_clear_pointer(&out, g_free);
	return out;
}

/* One-page issues on two threads: the reading helper, with no page to
 * take, starts the checksum and the normalizer beside the one page, and
 * every pattern is JIT-compiled there, also for a cover whose few lines
 * are normalized on one thread (cli/worker.c): the same bytes as on one
 * thread, a text page and the cover alike. */
static void test_same_bytes_one_page(void)
{
	char *mag = sample("magazine-2023-01.pdf");
	char *text = one_page(mag, "3", "page3.pdf"), *cover = one_page(mag, "1", "page1.pdf");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cover);
	const char *pdfs[][2] = { { text, "page3" }, { cover, "page1" } };
	for (gsize i = 0; i < G_N_ELEMENTS(pdfs); i++) {
		char *l1 = g_strdup_printf("one-%s", pdfs[i][1]), *l2 = g_strdup_printf("two-%s", pdfs[i][1]);
		char *one = run_into(l1, "--threads=1", pdfs[i][0], NULL);
		char *two = run_into(l2, "--threads=2", pdfs[i][0], NULL);
		char *a = g_build_filename(one, pdfs[i][1], NULL), *b = g_build_filename(two, pdfs[i][1], NULL);
		int n = 0;
		same_tree(a, b, &n);
		CU_ASSERT_TRUE(n >= 7);   /* issue.xml and the CSV files */
		g_free(a);
		g_free(b);
		g_free(one);
		g_free(two);
		g_free(l1);
		g_free(l2);
	}
	g_free(cover);
	g_free(text);
	g_free(mag);
}

/* What ld.so says (LD_DEBUG=files) while qikan runs args, one text per
 * program it loads (one LD_DEBUG_OUTPUT file each) in root/label. */
static GPtrArray *ld_files(const char *label, const char *const *args)
{
	char *dir = g_build_filename(root, label, NULL), *prefix = g_build_filename(dir, "ld", NULL);
	g_mkdir_with_parents(dir, 0700);
	g_setenv("LD_DEBUG", "files", TRUE);
	g_setenv("LD_DEBUG_OUTPUT", prefix, TRUE);
	QkRun r = qk_test_run(NULL, args);
	g_unsetenv("LD_DEBUG");
	g_unsetenv("LD_DEBUG_OUTPUT");
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open(dir, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		char *path = g_build_filename(dir, name, NULL), *text = NULL;
		if (g_str_has_prefix(name, "ld.") && g_file_get_contents(path, &text, NULL, NULL))
			g_ptr_array_add(texts, text);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_free(prefix);
	g_free(dir);
	return texts;
}

/* Processes ld.so started for `qikan run --jobs=1` over three issues: a
 * forked worker starts none. */
static int programs_loaded(const char *label)
{
	char *mag = sample("magazine-2023-01.pdf"), *news = sample("newspaper-2023-10-31.pdf"),
	     *mini = sample("mini.pdf");
	char *out = g_build_filename(root, label, "out", NULL);
	const char *args[] = { "run", "--quiet", "--jobs=1", "-o", out, news, mini, mag, NULL };
	GPtrArray *texts = ld_files(label, args);
	int n = 0;
	for (guint i = 0; i < texts->len; i++) {
		const char *text = g_ptr_array_index(texts, i);
		if (strstr(text, "initialize program: ") && strstr(text, "qikan"))
			n++;
	}
	g_ptr_array_free(texts, TRUE);
	g_free(out);
	g_free(mag);
	g_free(news);
	g_free(mini);
	return n;
}

/* Whether any program of the run loaded libxml2. */
static gboolean loads_libxml2(const char *label, const char *const *args)
{
	GPtrArray *texts = ld_files(label, args);
	gboolean yes = FALSE;
	for (guint i = 0; i < texts->len; i++)
		yes = yes || strstr(g_ptr_array_index(texts, i), "file=libxml2") != NULL;
	g_ptr_array_free(texts, TRUE);
	return yes;
}

/* libxml2 (and the ICU it links) is opened by the first model read
 * (core/xmllib.h), not by every qikan process as it starts: `qikan run`
 * writes its XML itself and never loads it; reading the model it wrote
 * back (qikan structure) does, and reads it. */
static void test_libxml2_on_demand(void)
{
	char *mini = sample("mini.pdf");
	char *out = g_build_filename(root, "xml-run", "out", NULL);
	const char *run_args[] = { "run", "--quiet", "-o", out, mini, NULL };
	CU_ASSERT_FALSE(loads_libxml2("xml-run", run_args));
	char *model = g_build_filename(out, "mini", "issue.xml", NULL);
	char *again = g_build_filename(root, "xml-run", "again.xml", NULL);
	const char *read_args[] = { "structure", model, "-o", again, NULL };
	CU_ASSERT_TRUE(loads_libxml2("xml-read", read_args));
	char *text = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(again, &text, NULL, NULL));
	CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "<article "));
	g_free(text);
	g_free(again);
	g_free(model);
	g_free(out);
	g_free(mini);
}

/* Every worker of a batch is forked from it (the batch starts no thread
 * that would make a fork unsafe): one program loaded for three issues,
 * four when QK_EXEC_WORKERS=1 executes each worker. Before, GSubprocess's
 * threads made the second and third workers executed: three. */
static void test_batch_workers_forked(void)
{
	CU_ASSERT_EQUAL(programs_loaded("ld-fork"), 1);
	g_setenv("QK_EXEC_WORKERS", "1", TRUE);
	CU_ASSERT_EQUAL(programs_loaded("ld-exec"), 4);
	g_unsetenv("QK_EXEC_WORKERS");
}

#define BIG_PAGES 480
#define BIG_MAX_MB 40

/* BIG_PAGES pages of the two magazines, made with qpdf; NULL when it fails. */
static char *make_big_issue(const char *m1, const char *m4)
{
	char *all = g_build_filename(root, "all.pdf", NULL);
	char *out = g_build_filename(root, "concat.pdf", NULL);
	char *range = g_strdup_printf("1-%d", BIG_PAGES);
	GPtrArray *argv = g_ptr_array_new();
	const char *head[] = { "qpdf", "--empty", "--pages" };
	for (gsize i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(argv, (char *)head[i]);
	for (int i = 0; i < BIG_PAGES / 56 + 1; i++) {
		g_ptr_array_add(argv, (char *)m1);
		g_ptr_array_add(argv, (char *)m4);
	}
	g_ptr_array_add(argv, "--");
	g_ptr_array_add(argv, all);
	g_ptr_array_add(argv, NULL);
	const char *cut[] = { "qpdf", "--empty", "--pages", all, range, "--", out, NULL };
	GSpawnFlags fl = G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL;
	int st1 = -1, st2 = -1;
	gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, fl, NULL, NULL, NULL, NULL,
	                           &st1, NULL) && st1 == 0 &&
	              g_spawn_sync(NULL, (char **)cut, NULL, fl, NULL, NULL, NULL, NULL,
	                           &st2, NULL) && st2 == 0;
	g_unlink(all);
	g_ptr_array_free(argv, TRUE);
	g_free(range);
	g_free(all);
	if (!ok)
		g_clear_pointer(&out, g_free);
	return out;
}

static void test_big_issue_memory(void)
{
	char *m1 = sample("magazine-2023-01.pdf"), *m4 = sample("magazine-2023-04.pdf");
	char *pdf = m1 && m4 ? make_big_issue(m1, m4) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
	char *dflt = g_build_filename(root, "big", NULL);
	const char *args[] = { "run", "--quiet", "-o", dflt, pdf, NULL };
	QkRun r = qk_test_run(NULL, args);
	printf("\n    %d pages: %.1f MB peak, %.2f s ", BIG_PAGES, r.peak_kb / 1024.0, r.secs);
	CU_ASSERT_EQUAL(r.status, 0);
	/* sanitizers hold shadow memory: only the plain build is measured */
#if !defined(__SANITIZE_ADDRESS__)
	CU_ASSERT_TRUE(r.peak_kb > 0 && r.peak_kb <= BIG_MAX_MB * 1024);
#endif
	qk_run_clear(&r);
	char *one = run_into("big-one", "--threads=1", pdf, NULL);
	char *a = g_build_filename(dflt, "concat", NULL), *b = g_build_filename(one, "concat", NULL);
	int n = 0;
	same_tree(a, b, &n);
	CU_ASSERT_TRUE(n >= 8);
	g_free(a);
	g_free(b);
	g_free(one);
	g_free(dflt);
	g_free(pdf);
	g_free(m1);
	g_free(m4);
}

int main(void)
{
	root = g_dir_make_tmp("qk-threads-XXXXXX", NULL);
	if (!root || CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("run-threads", NULL, NULL);
	CU_add_test(s, "qikan run: same bytes on any number of threads", test_same_bytes_any_threads);
	CU_add_test(s, "qikan run: every worker of a batch forked", test_batch_workers_forked);
	CU_add_test(s, "libxml2 opened by the first model read, not by qikan run",
	            test_libxml2_on_demand);
	CU_add_test(s, "qikan run: one-page issues, same bytes on one thread and two",
	            test_same_bytes_one_page);
	CU_add_test(s, "qikan run on 480 pages: under 40 MB, same bytes on one thread",
	            test_big_issue_memory);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	if (failures == 0)
		qk_file_remove_tree(root);
	else
		fprintf(stderr, "scratch files kept in %s\n", root);
	g_free(root);
	return failures > 0;
}
