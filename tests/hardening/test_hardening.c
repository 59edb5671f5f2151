/*
 * test_hardening.c — qikan on broken and pathological PDFs (made by
 * minipdf.c, plus samples/bad/): each input either works (exit 0, with a
 * warning when the text is unreliable) or fails with one line naming the
 * file and the cause (exit 1); never a crash, a hang or an explosion of
 * memory. In a batch the good files are still done and the summary names
 * the failures; --timeout and --max-memory stop a pathological file alone.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "minipdf.h"
#include "qkrun.h"
#include "fileio.h"

static char *tmpdir;

typedef QkRun Run;
#define run_free qk_run_clear

/* Runs qikan with the NULL-terminated args. */
static Run run_argv(const char *const *args)
{
	return qk_test_run(NULL, args);
}

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* Writes bytes (taken) to tmpdir/name; returns the path. */
static char *write_case(const char *name, GBytes *bytes)
{
	char *p = tmp_path(name);
	minipdf_save(bytes, p);
	return p;
}

static GBytes *cut(GBytes *b, gsize len)
{
	return g_bytes_new_from_bytes(b, 0, MIN(len, g_bytes_get_size(b)));
}

/* ---- the corpus ---------------------------------------------------------- */

typedef struct {
	const char *name;
	int status;          /* expected exit code of `qikan extract` */
	const char *message; /* expected in stderr (the one line when failing) */
	const char *warning; /* a warning code expected in the model, or NULL */
	const char *text;    /* text expected in the model, or NULL */
	double max_secs;     /* time limit for extract */
	char *path;
} Case;

static Case cases[] = {
	{ "zero-bytes.pdf", 1, "empty file (0 bytes)", NULL, NULL, 5, NULL },
	{ "not-a-pdf.pdf", 1, "not a PDF", NULL, NULL, 5, NULL },
	{ "truncated-9.pdf", 1, "truncated PDF", NULL, NULL, 5, NULL },
	{ "truncated-third.pdf", 1, "truncated PDF", NULL, NULL, 5, NULL },
	{ "truncated-in-xref.pdf", 1, "truncated PDF", NULL, NULL, 5, NULL },
	{ "truncated-before-eof.pdf", 1, "truncated PDF", NULL, NULL, 5, NULL },
	/* Poppler reads around damage in a content stream or an object and
	 * rebuilds a broken xref: the rest of the text comes through. */
	{ "garbage-in-content.pdf", 0, NULL, NULL, "Page 1", 10, NULL },
	/* a broken font dictionary: Poppler drops all text, qikan says so */
	{ "garbage-in-font.pdf", 0, "no text or images on any page", "no-text", NULL, 10, NULL },
	{ "garbage-in-xref.pdf", 0, NULL, NULL, "Page 2", 10, NULL },
	{ "wrong-xref-offsets.pdf", 0, NULL, NULL, "Page 2", 10, NULL },
	{ "wrong-startxref.pdf", 0, NULL, NULL, "Page 2", 10, NULL },
	{ "binary-tail.pdf", 0, NULL, NULL, "footbridge", 10, NULL },
	/* not embedded, not a standard-14 font: substituted, text intact */
	{ "missing-font.pdf", 0, NULL, NULL, "footbridge", 10, NULL },
	/* a font named in GBK bytes: the name read as GB18030, not U+FFFD */
	{ "gbk-font-name.pdf", 0, NULL, NULL, "font=\"黑体\"", 10, NULL },
	{ "garbled-differences.pdf", 0, "garbled text", "garbled-text", NULL, 10, NULL },
	{ "garbled-identity.pdf", 0, "garbled text", "garbled-text", NULL, 10, NULL },
	{ "garbled-han.pdf", 0, "garbled text", "garbled-text", NULL, 10, NULL },
	{ "pages-20000.pdf", 1, "20000 pages, more than the limit of 2000", NULL, NULL, 10, NULL },
	{ "pages-1900-empty.pdf", 0, NULL, NULL, "index=\"1900\"", 30, NULL },
	{ "page-count-lie.pdf", 1, "no readable pages", NULL, NULL, 5, NULL },
	{ "page-tree-loop.pdf", 0, "cannot be read", "page-unreadable", "textile", 10, NULL },
	/* 100000 nested arrays in the page's resources: the page is dropped */
	{ "deep-nesting.pdf", 0, "no text or images on any page", "no-text", NULL, 10, NULL },
	/* 200 x 200 inch page with a table: was 3 GB and 10 s, now capped */
	{ "huge-page.pdf", 0, NULL, NULL, "<cell", 15, NULL },
	/* a glyph in 1e20 pt type: int overflow, g_malloc abort (fuzz_extract) */
	{ "huge-font.pdf", 0, NULL, NULL, "footbridge", 10, NULL },
	{ "scanned.pdf", 0, "no text layer", "no-text-layer", NULL, 20, NULL },
	{ "encrypted.pdf", 1, "encrypted PDF: give the password with --password", NULL, NULL, 20, NULL },
};

static Case *find_case(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	return NULL;
}

static void set_case(const char *name, GBytes *bytes)
{
	Case *c = find_case(name);
	g_assert(c);
	c->path = write_case(name, bytes);
}

/* Suite set-up: every case written to tmpdir. */
static int make_corpus(void)
{
	set_case("zero-bytes.pdf", g_bytes_new("", 0));
	const char *prose = "这是一份会议纪要，不是PDF文件。\n";
	set_case("not-a-pdf.pdf", g_bytes_new(prose, strlen(prose)));

	GBytes *good = minipdf_good(2);
	gsize len = g_bytes_get_size(good);
	gssize xref = minipdf_find(good, "\nxref\n");
	g_assert(xref > 0);
	set_case("truncated-9.pdf", cut(good, 9));
	set_case("truncated-third.pdf", cut(good, len / 3));
	set_case("truncated-in-xref.pdf", cut(good, (gsize)xref + 40));
	set_case("truncated-before-eof.pdf", cut(good, len - 4));

	gssize content = minipdf_find(good, "(Page 1)");
	gssize font = minipdf_find(good, "/BaseFont /Helvetica");
	g_assert(content > 0 && font > 0);
	/* random bytes over part of page 1's text and over the font object */
	set_case("garbage-in-content.pdf", minipdf_scribble(good, (gsize)content + 20, 60, 7));
	set_case("garbage-in-font.pdf", minipdf_scribble(good, (gsize)font, 24, 11));
	set_case("garbage-in-xref.pdf", minipdf_scribble(good, (gsize)xref + 30, 70, 13));
	set_case("wrong-xref-offsets.pdf", minipdf_bad_xref(13));
	/* startxref pointing into the middle of an object */
	gsize n;
	const char *d = g_bytes_get_data(good, &n);
	GString *s = g_string_new_len(d, (gssize)n);
	gssize sx = minipdf_find(good, "startxref\n");
	g_string_truncate(s, (gsize)sx);
	g_string_append(s, "startxref\n100\n%%EOF\n");
	gsize slen = s->len;
	set_case("wrong-startxref.pdf", g_bytes_new_take(g_string_free(s, FALSE), slen));
	g_bytes_unref(good);

	set_case("binary-tail.pdf", minipdf_binary_tail());
	set_case("missing-font.pdf", minipdf_missing_font());
	set_case("gbk-font-name.pdf", minipdf_gbk_font_name());
	set_case("garbled-differences.pdf", minipdf_garbled_differences());
	set_case("garbled-identity.pdf", minipdf_garbled_identity(FALSE));
	set_case("garbled-han.pdf", minipdf_garbled_identity(TRUE));
	set_case("pages-20000.pdf", minipdf_many_pages(20000));
	set_case("pages-1900-empty.pdf", minipdf_many_pages(1900));
	set_case("page-count-lie.pdf", minipdf_count_lie());
	set_case("page-tree-loop.pdf", minipdf_tree_loop());
	set_case("deep-nesting.pdf", minipdf_deep_nesting(100000));
	set_case("huge-page.pdf", minipdf_huge_page(14400, 14400, 100));
	set_case("huge-font.pdf", minipdf_huge_font());
	find_case("scanned.pdf")->path = sample("bad/scanned.pdf");
	find_case("encrypted.pdf")->path = sample("bad/encrypted.pdf");
	return 0;
}

/* ---- qikan extract on each case ------------------------------------------ */

static void check_case(const Case *c)
{
	char *out = tmp_path("case-out.xml");
	g_unlink(out);
	/* broken input, not recognition: the scan's page stays unread (its OCR
	 * takes seconds; tests/cli/test_ocr.c covers it) */
	const char *args[] = { "extract", "--ocr=never", c->path, "-o", out, NULL };
	Run r = run_argv(args);
	gboolean ok = r.status == c->status;
	CU_ASSERT_EQUAL(r.status, c->status);
	CU_ASSERT_TRUE(r.status < 128);   /* never a crash */
	CU_ASSERT_TRUE(r.secs < c->max_secs);
	char *lead = g_strdup_printf("qikan: %s: ", c->path);
	if (c->status == 0) {
		char *xml = NULL;
		CU_ASSERT_TRUE(g_file_get_contents(out, &xml, NULL, NULL));
		CU_ASSERT_TRUE(xml && strstr(xml, "<issue version=\"1\""));
		if (c->text) {
			CU_ASSERT_TRUE(xml && strstr(xml, c->text));
			ok = ok && xml && strstr(xml, c->text);
		}
		if (c->warning) {
			char *code = g_strdup_printf("code=\"%s\"", c->warning);
			CU_ASSERT_TRUE(xml && strstr(xml, code));
			ok = ok && xml && strstr(xml, code);
			g_free(code);
		} else {  /* nothing to warn about: no garbled-text false alarm */
			CU_ASSERT_TRUE(xml && !strstr(xml, "garbled-text"));
		}
		g_free(xml);
		if (c->message) {  /* warnings on stderr name the file */
			CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, lead) &&
			               strstr(r.err, c->message));
			ok = ok && r.err && strstr(r.err, c->message);
		}
	} else {
		CU_ASSERT_EQUAL(count_lines(r.err), 1);
		CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, lead));
		CU_ASSERT_TRUE(r.err && strstr(r.err, c->message));
		CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
		ok = ok && r.err && strstr(r.err, c->message) && count_lines(r.err) == 1;
	}
	if (!ok)
		fprintf(stderr, "\n  %s: exit %d in %.2f s, stderr: %s", c->name,
		        r.status, r.secs, r.err ? r.err : "(none)");
	g_free(lead);
	run_free(&r);
	g_free(out);
}

static void test_each_case(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		check_case(&cases[i]);
}

static void test_encrypted_with_password(void)
{
	char *out = tmp_path("enc.xml");
	const char *args[] = { "extract", find_case("encrypted.pdf")->path,
	                       "--password", "secret", "-o", out, NULL };
	Run r = run_argv(args);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_TRUE(g_file_test(out, G_FILE_TEST_EXISTS));
	run_free(&r);
	g_free(out);
}

/* ---- the whole corpus in one batch --------------------------------------- */

static void test_batch_of_everything(void)
{
	char *good = write_case("good-issue.pdf", minipdf_good(3));
	char *outdir = tmp_path("batch-out");
	GPtrArray *args = g_ptr_array_new();
	const char *head[] = { "run", "--jobs", "2", "--timeout", "60", "-o", outdir, NULL };
	for (const char *const *a = head; *a; a++)
		g_ptr_array_add(args, (char *)*a);
	g_ptr_array_add(args, good);
	int n_failed = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_ptr_array_add(args, cases[i].path);
		n_failed += cases[i].status != 0;
	}
	g_ptr_array_add(args, NULL);
	Run r = run_argv((const char *const *)args->pdata);
	int total = (int)G_N_ELEMENTS(cases) + 1;
	CU_ASSERT_EQUAL(r.status, 1);
	char *summary = g_strdup_printf("qikan run: %d issues: %d done, %d failed, 0 skipped",
	                                total, total - n_failed, n_failed);
	CU_ASSERT_TRUE(r.err && strstr(r.err, summary));
	if (!r.err || !strstr(r.err, summary))
		fprintf(stderr, "\n  want \"%s\" in:\n%s", summary, r.err ? r.err : "(none)");
	/* every failure is named with its cause in the summary */
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (cases[i].status == 0)
			continue;
		char *line = g_strdup_printf("  failed: %s: ", cases[i].path);
		const char *hit = r.err ? strstr(r.err, line) : NULL;
		CU_ASSERT_PTR_NOT_NULL(hit);
		if (hit) {
			char *eol = strchr(hit, '\n');
			char *one = g_strndup(hit, eol ? (gsize)(eol - hit) : strlen(hit));
			CU_ASSERT_PTR_NOT_NULL(strstr(one, cases[i].message));
			g_free(one);
		}
		g_free(line);
	}
	/* the good issue and the warned ones are complete, warnings kept */
	char *xml = NULL;
	char *p = g_build_filename(outdir, "good-issue", "issue.xml", NULL);
	CU_ASSERT_TRUE(g_file_get_contents(p, &xml, NULL, NULL));
	CU_ASSERT_TRUE(xml && strstr(xml, "footbridge"));
	g_free(xml);
	g_free(p);
	p = g_build_filename(outdir, "garbled-han", "issue.xml", NULL);
	xml = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(p, &xml, NULL, NULL));
	CU_ASSERT_TRUE(xml && strstr(xml, "code=\"garbled-text\""));
	g_free(xml);
	g_free(p);
	/* and failed ones leave no folder behind */
	p = g_build_filename(outdir, "truncated-third", NULL);
	CU_ASSERT_FALSE(g_file_test(p, G_FILE_TEST_EXISTS));
	g_free(p);
	g_free(summary);
	run_free(&r);
	g_ptr_array_free(args, TRUE);
	g_free(outdir);
	g_free(good);
}

/* ---- limits --------------------------------------------------------------- */

/* No leftovers of a killed worker: only the good issue's folder and the
 * batch's own files in OUT. */
static void check_only_good_left(const char *outdir)
{
	GDir *d = g_dir_open(outdir, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *name;
	while ((name = g_dir_read_name(d))) {
		gboolean expected = strcmp(name, "good") == 0 || g_str_has_suffix(name, ".csv");
		CU_ASSERT_TRUE(expected);
		if (!expected)
			fprintf(stderr, "\n  left in %s: %s", outdir, name);
	}
	g_dir_close(d);
}

/* A form-XObject bomb (each form draws the next twice, 24 levels deep) keeps
 * Poppler busy for minutes: --timeout kills it, the good file is done. */
static void test_timeout_kills_bomb(void)
{
	char *good = write_case("good.pdf", minipdf_good(1));
	char *bomb = write_case("bomb.pdf", minipdf_form_bomb(24, 2));
	char *outdir = tmp_path("timeout-out");
	const char *args[] = { "run", "--jobs", "2", "--timeout", "2", "-o", outdir,
	                       bomb, good, NULL };
	Run r = run_argv(args);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_TRUE(r.secs < 20);
	char *want = g_strdup_printf("failed: %s: timed out after 2 s", bomb);
	CU_ASSERT_TRUE(r.err && strstr(r.err, want));
	CU_ASSERT_TRUE(r.err && strstr(r.err, "2 issues: 1 done, 1 failed"));
	if (!r.err || !strstr(r.err, want))
		fprintf(stderr, "\n  timeout: exit %d, %s", r.status, r.err ? r.err : "");
	char *p = g_build_filename(outdir, "good", "issue.xml", NULL);
	CU_ASSERT_TRUE(g_file_test(p, G_FILE_TEST_EXISTS));
	check_only_good_left(outdir);
	g_free(p);
	g_free(want);
	run_free(&r);
	g_free(outdir);
	g_free(bomb);
	g_free(good);
}

/* The bomb also eats memory (5-10 MB/s resident): --max-memory stops it.
 * Not under AddressSanitizer, whose own memory is beyond a 100 MB bound. */
static void test_memory_limit_stops_bomb(void)
{
#if defined(__SANITIZE_ADDRESS__)
	fprintf(stderr, "(skipped under AddressSanitizer) ");
#else
	char *good = write_case("good.pdf", minipdf_good(1));
	char *bomb = write_case("bomb.pdf", minipdf_form_bomb(24, 2));
	char *outdir = tmp_path("memory-out");
	const char *args[] = { "run", "--jobs", "2", "--max-memory", "100",
	                       "--timeout", "60", "-o", outdir, bomb, good, NULL };
	Run r = run_argv(args);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_TRUE(r.secs < 60);
	char *want = g_strdup_printf("failed: %s: ", bomb);
	const char *line = r.err ? strstr(r.err, want) : NULL;
	CU_ASSERT_PTR_NOT_NULL(line);
	CU_ASSERT_TRUE(line && strstr(line, "memory limit of 100 MB"));
	CU_ASSERT_FALSE(line && strstr(line, "timed out"));
	CU_ASSERT_TRUE(r.err && strstr(r.err, "2 issues: 1 done, 1 failed"));
	if (!line || !strstr(line, "memory limit"))
		fprintf(stderr, "\n  memory: exit %d, %s", r.status, r.err ? r.err : "");
	char *p = g_build_filename(outdir, "good", "issue.xml", NULL);
	CU_ASSERT_TRUE(g_file_test(p, G_FILE_TEST_EXISTS));
	check_only_good_left(outdir);
	g_free(p);
	g_free(want);
	run_free(&r);
	g_free(outdir);
	g_free(bomb);
	g_free(good);
#endif
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SAMPLES")) {
		fprintf(stderr, "QK_QIKAN and QK_SAMPLES must be set (meson test sets them)\n");
		return 1;
	}
	tmpdir = g_dir_make_tmp("qk-hardening-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("hardening", make_corpus, NULL);
	CU_add_test(s, "each broken input: exit code, message, warning", test_each_case);
	CU_add_test(s, "encrypted with the right password", test_encrypted_with_password);
	CU_add_test(s, "all of them in one batch", test_batch_of_everything);
	CU_add_test(s, "--timeout kills a form bomb alone", test_timeout_kills_bomb);
	CU_add_test(s, "--max-memory stops a form bomb alone", test_memory_limit_stops_bomb);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		g_free(cases[i].path);
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
