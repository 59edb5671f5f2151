/*
 * test_review.c — the review page (issue 18): `qikan run --review` and
 * `qikan review` write one self-contained review.html; a title holding
 * markup shows as text; and in a real browser (Debian's Chromium driven by
 * browser.mjs through playwright-core) the page loads without a console
 * error, draws one box per model block, brings an article's first page into
 * view and highlights it when its TOC entry is clicked, and fetches nothing.
 * Without node, the browser or tests/review/node_modules (scripts/setup
 * installs them) the browser test fails and says why.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "xmlio.h"
#include "qkrun.h"

static char *tmpdir;

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

static int model_blocks(const char *xml)
{
	QkIssue *issue = qk_model_read_file(xml, NULL);
	if (!issue)
		return -1;
	int n = 0;
	for (guint p = 0; p < issue->pages->len; p++)
		n += (int)((QkPage *)g_ptr_array_index(issue->pages, p))->blocks->len;
	qk_issue_free(issue);
	return n;
}

/* `qikan run --review NAME.pdf` into tmpdir/run; returns OUT/NAME. */
static char *run_review(const char *name)
{
	char *pdf = g_strdup_printf("%s.pdf", name);
	char *in = sample(pdf);
	char *out = g_build_filename(tmpdir, "run", NULL);
	QkRun r = qk_test_runl(NULL, "run", "--review", "-q", in, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	if (r.status != 0)
		fprintf(stderr, "%s\n", r.err);
	char *dir = g_build_filename(out, name, NULL);
	qk_run_clear(&r);
	g_free(out);
	g_free(in);
	g_free(pdf);
	return dir;
}

static void check_self_contained(const char *html_path)
{
	char *html = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(html_path, &html, &len, NULL));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "Content-Security-Policy"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "default-src 'none'"));
	/* nothing from outside: no URL but data: images and #fragments */
	CU_ASSERT_PTR_NULL(strstr(html, "http://"));
	CU_ASSERT_PTR_NULL(strstr(html, "https://"));
	CU_ASSERT_PTR_NULL(strstr(html, "src=\"/"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "src=\"data:image/png;base64,"));
	g_free(html);
}

static void test_run_review(void)
{
	char *dir = run_review("mini");
	char *html = g_build_filename(dir, "review.html", NULL);
	CU_ASSERT_TRUE(g_file_test(html, G_FILE_TEST_IS_REGULAR));
	check_self_contained(html);
	/* 8 pages well under the ~0.5 MB a page of a 15 MB 30-page issue */
	GStatBuf st;
	CU_ASSERT_EQUAL(g_stat(html, &st), 0);
	CU_ASSERT_TRUE(st.st_size > 100000 && st.st_size < 8 * 500000);
	g_free(html);
	g_free(dir);
}

/* A title holding markup is shown as text, never run. */
static void test_escaping(void)
{
	char *dir = run_review("mini");
	char *xml = g_build_filename(dir, "issue.xml", NULL);
	QkIssue *issue = qk_model_read_file(xml, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	QkArticle *a = g_ptr_array_index(issue->articles, 0);
	g_free(a->title->text);
	a->title->text = g_strdup("<script>alert(\"x\")</script><img src=x onerror=alert(1)>");
	g_free(a->title->norm);
	a->title->norm = NULL;
	char *evil = g_build_filename(tmpdir, "evil.xml", NULL);
	CU_ASSERT_TRUE(qk_model_write_file(issue, evil, NULL));
	qk_issue_free(issue);
	char *pdf = sample("mini.pdf");
	char *out = g_build_filename(tmpdir, "evil", NULL);
	QkRun r = qk_test_runl(NULL, "review", evil, pdf, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	char *html_path = g_build_filename(out, "review.html", NULL);
	char *html = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(html_path, &html, NULL, NULL));
	CU_ASSERT_PTR_NULL(strstr(html, "<script>alert"));
	CU_ASSERT_PTR_NULL(strstr(html, "<img src=x"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)"));
	/* exactly one script element: qikan's own */
	int scripts = 0;
	for (const char *p = html; (p = strstr(p, "<script")); p++)
		scripts++;
	CU_ASSERT_EQUAL(scripts, 1);
	g_free(html);
	g_free(html_path);
	qk_run_clear(&r);
	g_free(out);
	g_free(pdf);
	g_free(evil);
	g_free(xml);
	g_free(dir);
}

static void test_review_errors(void)
{
	char *out = g_build_filename(tmpdir, "err", NULL);
	char *model = sample("mini.truth.xml");
	QkRun r = qk_test_runl(NULL, "review", model, "/nonexistent.pdf", "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "/nonexistent.pdf"));
	CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
	qk_run_clear(&r);
	r = qk_test_runl(NULL, "review", model, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	qk_run_clear(&r);
	g_free(model);
	g_free(out);
}

/* browser.mjs on OUT/NAME/review.html; the screenshot goes to
 * $QK_REVIEW_SHOTS (or tmpdir). */
static void browser_check(const char *name)
{
	char *dir = run_review(name);
	char *html = g_build_filename(dir, "review.html", NULL);
	char *xml = g_build_filename(dir, "issue.xml", NULL);
	char *blocks = g_strdup_printf("%d", model_blocks(xml));
	const char *shots = g_getenv("QK_REVIEW_SHOTS") ? g_getenv("QK_REVIEW_SHOTS") : tmpdir;
	char *png_name = g_strdup_printf("review-%s.png", name);
	char *png = g_build_filename(shots, png_name, NULL);
	char *script = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "tests", "review",
	                                "browser.mjs", NULL);
	const char *argv[] = { "node", script, html, blocks, png, NULL };
	char *out = NULL, *err = NULL;
	int status = -1;
	GError *e = NULL;
	gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                            &out, &err, &status, &e);
	if (!ran)
		fprintf(stderr, "review browser test: cannot run node (scripts/setup installs "
		        "nodejs): %s\n", e->message);
	else if (!g_spawn_check_wait_status(status, NULL))
		fprintf(stderr, "review browser test on %s failed: %s%s\n", name, out, err);
	CU_ASSERT_TRUE(ran && g_spawn_check_wait_status(status, NULL));
	CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "\"ok\":true") : NULL);
	CU_ASSERT_TRUE(g_file_test(png, G_FILE_TEST_IS_REGULAR));
	g_clear_error(&e);
	g_free(out);
	g_free(err);
	g_free(script);
	g_free(png);
	g_free(png_name);
	g_free(blocks);
	g_free(xml);
	g_free(html);
	g_free(dir);
}

static void test_browser_magazine(void)
{
	browser_check("mini");
}

static void test_browser_newspaper(void)
{
	browser_check("newspaper-2023-10-31");
}

int main(void)
{
	tmpdir = g_dir_make_tmp("qk-review-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("review", NULL, NULL);
	CU_add_test(s, "run --review writes a self-contained page", test_run_review);
	CU_add_test(s, "markup in a title is escaped", test_escaping);
	CU_add_test(s, "review errors: one line, nothing written", test_review_errors);
	CU_add_test(s, "browser: magazine", test_browser_magazine);
	CU_add_test(s, "browser: newspaper", test_browser_newspaper);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
