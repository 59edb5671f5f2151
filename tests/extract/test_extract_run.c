/*
 * test_extract_run.c — the extract driver as a whole: the output does not
 * depend on the number of threads reading pages, a table continued on the
 * next page comes out as one table (the line over its continued part,
 * taken for the part's title, read all the same), lines set flush right
 * are one block, a stretched line in a narrow column is no gutter, and
 * letters doubled side by side ("Alliance") are not taken for overprinted
 * fake bold.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include "extract.h"
#include "xmlio.h"
#include "pdfgen.h"
#include "extractxml.h"

static char *tmpdir;

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-extract-run-XXXXXX", NULL);
	return tmpdir ? 0 : 1;
}

static int teardown(void)
{
	if (tmpdir)
		g_rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

/* The issue model of path as XML, read with the given number of threads. */
static char *extract_xml(const char *path, int threads)
{
	QkExtractOptions o = { .threads = threads };
	return qk_test_extract_xml(path, &o);
}

static void same_for_threads(const char *path)
{
	char *one = extract_xml(path, 1);
	for (int threads = 2; threads <= 3 && one; threads++) {
		char *more = extract_xml(path, threads);
		CU_ASSERT_PTR_NOT_NULL(more);
		if (more && strcmp(one, more) != 0) {
			fprintf(stderr, "%s: threads=%d differs from threads=1\n", path, threads);
			CU_FAIL("output depends on the number of threads");
		}
		g_free(more);
	}
	g_free(one);
}

static void test_threads_samples(void)
{
	const char *dir = g_getenv("QK_SAMPLES");
	const char *names[] = { "mini", "magazine-2023-01", "magazine-2023-04",
	                        "newspaper-2023-10-31", NULL };
	int tried = 0;
	for (int i = 0; dir && names[i]; i++) {
		char *pdf = g_strdup_printf("%s/%s.pdf", dir, names[i]);
		if (g_file_test(pdf, G_FILE_TEST_EXISTS)) {
			same_for_threads(pdf);
			tried++;
		}
		g_free(pdf);
	}
	/* the synthetic magazine always: a picture page without text, furniture
	 * repeated across pages, overprints */
	char *m = g_build_filename(tmpdir, "magazine.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_magazine(m, 9) > 0);
	same_for_threads(m);
	tried++;
	g_unlink(m);
	g_free(m);
	CU_ASSERT_TRUE(tried >= 1);
}

static int count_table_blocks(const QkPage *page)
{
	int n = 0;
	for (guint b = 0; b < page->blocks->len; b++)
		n += ((const QkBlock *)g_ptr_array_index(page->blocks, b))->role == QK_ROLE_TABLE;
	return n;
}

static void test_continued_table(void)
{
	char *path = g_build_filename(tmpdir, "continued.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_continued_table(path));
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(path, NULL, &err);
	g_unlink(path);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	CU_ASSERT_EQUAL(issue->tables->len, 1);
	if (issue->tables->len == 1) {
		QkTable *t = g_ptr_array_index(issue->tables, 0);
		CU_ASSERT_STRING_EQUAL(t->id, "t1");
		CU_ASSERT_EQUAL(t->page, 1);
		CU_ASSERT_EQUAL(t->last_page, 2);
		CU_ASSERT_EQUAL(t->cols, 3);
		CU_ASSERT_EQUAL(t->rows, 1 + PDFGEN_TABLE_ROWS_1 + PDFGEN_TABLE_ROWS_2);
		/* the last row drawn on page 2 is the merged table's last row */
		QkCell *c = qk_table_cell(t, t->rows - 1, 0);
		CU_ASSERT_PTR_NOT_NULL(c);
		if (c) {
			char *want = g_strdup_printf("地区%d", PDFGEN_TABLE_ROWS_1 + PDFGEN_TABLE_ROWS_2);
			CU_ASSERT_STRING_EQUAL(c->text->text, want);
			g_free(want);
		}
	}
	/* each page keeps the table's place in its reading order */
	CU_ASSERT_EQUAL_FATAL(issue->pages->len, 2);
	CU_ASSERT_EQUAL(count_table_blocks(g_ptr_array_index(issue->pages, 0)), 1);
	CU_ASSERT_EQUAL(count_table_blocks(g_ptr_array_index(issue->pages, 1)), 1);
	qk_issue_free(issue);
}

/* The page's text, blocks joined by newlines. */
static char *page_text(const QkPage *page)
{
	GString *s = g_string_new(NULL);
	for (guint b = 0; b < page->blocks->len; b++) {
		char *t = qk_block_text(g_ptr_array_index(page->blocks, b));
		g_string_append(s, t);
		g_string_append_c(s, '\n');
		g_free(t);
	}
	return g_string_free(s, FALSE);
}

/* corpus/dev/weasyprint-letter-116 (A5, top margin 30 mm): a ruled table
 * runs from p3 to p5 under its repeated header, and p5's running head
 * 2022年第8期, centred 1.7 pt over the continued part, was taken for the
 * part's title; merged into p3's table (same header) the part dropped that
 * title, and the line was read nowhere. It is back on its page. */
static void test_title_of_merged_part(void)
{
	char *path = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "corpus", "dev",
	                              "weasyprint-letter-116.pdf", NULL);
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(path, NULL, &err);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	CU_ASSERT_EQUAL(issue->tables->len, 1);
	if (issue->tables->len == 1) {
		QkTable *t = g_ptr_array_index(issue->tables, 0);
		CU_ASSERT_EQUAL(t->page, 3);
		CU_ASSERT_EQUAL(t->last_page, 5);
		CU_ASSERT_TRUE(t->title == NULL || strstr(t->title, "2022年") == NULL);
	}
	CU_ASSERT_TRUE_FATAL(issue->pages->len >= 5);
	for (guint p = 2; p < 5; p++) {
		/* each page of the table prints its head over the text */
		char *text = page_text(g_ptr_array_index(issue->pages, p));
		if (strstr(text, "2022年第8期") == NULL)
			fprintf(stderr, "\n  p%u lost its running head\n", p + 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, "2022年第8期"));
		g_free(text);
	}
	qk_issue_free(issue);
}

/* The block on page p (1-based) of path whose text holds needle, as text;
 * NULL when none does. */
static char *block_holding(const char *name, guint p, const char *needle)
{
	char *path = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "corpus", "dev", name, NULL);
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(path, NULL, &err);
	g_clear_error(&err);
	g_free(path);
	char *found = NULL;
	if (issue == NULL || issue->pages->len < p) {
		qk_issue_free(issue);
		return NULL;
	}
	const QkPage *page = g_ptr_array_index(issue->pages, p - 1);
	for (guint b = 0; b < page->blocks->len && found == NULL; b++) {
		char *t = qk_block_text(g_ptr_array_index(page->blocks, b));
		if (strstr(t, needle) != NULL)
			found = t;
		else
			g_free(t);
	}
	qk_issue_free(issue);
	return found;
}

/* Whether the block on page p of name that holds first holds rest too. */
static gboolean one_block(const char *name, guint p, const char *first, const char *rest)
{
	char *t = block_holding(name, p, first);
	gboolean one = t != NULL && strstr(t, rest) != NULL;
	if (!one)
		fprintf(stderr, "\n  %s p%u block: %s\n", name, p, t ? t : "(none)");
	g_free(t);
	return one;
}

/* A line set flush right in a narrow column wraps with its second line
 * further in (its ragged left looks like an indent). A tail line,
 * libreoffice-mag-53 p6 （本文为作者在全市经济形势 | 分析会上的发言，有删
 * 节）, 1 em apart at the left, one right edge; a jump line in four
 * columns on A5 (Writer, 5 mm gutters, about seven characters a line),
 * libreoffice-mag-148 p6's （下转第 11 | 页）, a leaf of its own whose first
 * line is its left edge (the bracket it leaves open is closed on the line
 * under it). Each is one block, as printed. */
static void test_flush_right_lines(void)
{
	CU_ASSERT_TRUE(one_block("libreoffice-mag-53.pdf", 6, "（本文为作者在全市经济形势", "有删节）"));
	CU_ASSERT_TRUE(one_block("libreoffice-mag-148.pdf", 6, "（下转第", "页）"));
}

/* Justified lines of as many characters each share the white between two
 * characters down a narrow column, which the page's coverage showed as a
 * gutter: libreoffice-mag-148 p8 (four columns on A5, 9.5 pt), the first
 * line of 光伏制造's text, 在 | “ 双 stretched 0.97 em apart at its
 * indent, was cut there, and the paragraph started 在. It is one line,
 * in the block of its paragraph. */
static void test_stretched_line_in_narrow_column(void)
{
	char *t = block_holding("libreoffice-mag-148.pdf", 8, "碳”目标的大");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	if (!g_str_has_prefix(t, "在"))
		fprintf(stderr, "\n  block: %.60s\n", t);
	CU_ASSERT_TRUE(g_str_has_prefix(t, "在"));
	g_free(t);
}

static void test_doubled_letters(void)
{
	char *path = g_build_filename(tmpdir, "latin.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_latin(path));
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(path, NULL, &err);
	g_unlink(path);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issue);
	CU_ASSERT_EQUAL_FATAL(issue->pages->len, 1);
	char *text = page_text(g_ptr_array_index(issue->pages, 0));
	/* word spaces vanish in tight tracking: compare without spaces */
	char **parts = g_strsplit(text, " ", -1);
	char *squeezed = g_strjoinv("", parts);
	g_strfreev(parts);
	parts = g_strsplit(PDFGEN_LATIN_LINE, " ", -1);
	char *want = g_strjoinv("", parts);
	g_strfreev(parts);
	/* the line is drawn in four sizes, with normal and tight tracking:
	 * each must come out whole */
	int found = 0;
	for (const char *p = squeezed; (p = strstr(p, want)); p++)
		found++;
	if (found != 8)
		fprintf(stderr, "page text:\n%s\n", text);
	CU_ASSERT_EQUAL(found, 8);
	CU_ASSERT_PTR_NULL(strstr(squeezed, "Aliance"));
	CU_ASSERT_PTR_NULL(strstr(squeezed, "cofee"));
	CU_ASSERT_PTR_NULL(strstr(squeezed, "202M"));
	g_free(want);
	g_free(squeezed);
	g_free(text);
	qk_issue_free(issue);
}

/* Extraction with helper threads that cannot be created (too little
 * address space for their stacks, as under `qikan run --max-memory`)
 * ends: the pages are read on the calling thread. It used to wait forever
 * for the helpers' jobs. Run in a child process with the limit and an
 * alarm; killed by the alarm means it hung. */
static void test_threads_cannot_start(void)
{
#ifdef __SANITIZE_ADDRESS__
	/* Under AddressSanitizer an allocation over the limit is its fatal
	 * report, not NULL; with two threads out of memory at once that report
	 * waits for itself (seen at the alarm in build-asan since the reading
	 * threads open the document beside the calling thread). The normal
	 * build runs the test; what it guards is glibc's behaviour. */
	return;
#endif
	char *path = g_build_filename(tmpdir, "tight.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_magazine(path, 1) > 0);
	fflush(NULL);
	pid_t pid = fork();
	CU_ASSERT_TRUE_FATAL(pid >= 0);
	if (pid == 0) {
		long pages = 0;
		FILE *f = fopen("/proc/self/statm", "r");
		if (!f || fscanf(f, "%ld", &pages) != 1)
			_exit(3);
		fclose(f);
		/* what is mapped now and 6 MB: less than one thread's stack */
		struct rlimit rl;
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (6 << 20);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(4);
		alarm(60);
		QkExtractOptions o = { .threads = 3 };
		QkIssue *issue = qk_extract_pdf(path, &o, NULL);
		_exit(issue ? 0 : 1);   /* done or out of memory: either ends */
	}
	int status = 0;
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	gboolean hung = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
	if (hung)
		fprintf(stderr, "\nextract hung waiting for threads that never started\n");
	CU_ASSERT_FALSE(hung);
	CU_ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) > 1);
	g_unlink(path);
	g_free(path);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("extract-run", setup, teardown);
	CU_add_test(s, "same output on 1, 2, 3 threads", test_threads_samples);
	CU_add_test(s, "table continued on the next page merged", test_continued_table);
	CU_add_test(s, "a merged part's title read all the same", test_title_of_merged_part);
	CU_add_test(s, "lines set flush right: one block", test_flush_right_lines);
	CU_add_test(s, "a stretched line in a narrow column: no gutter", test_stretched_line_in_narrow_column);
	CU_add_test(s, "doubled letters are not overprints", test_doubled_letters);
	CU_add_test(s, "helper threads that cannot start: no hang", test_threads_cannot_start);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	int setup_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return fails > 0 || setup_failed > 0;
}
