/*
 * test_typeset.c — runs qk-typeset on samples/src/mini.xml twice and checks
 * the result with Poppler: page count, running head and page number on a body
 * page, a 目录 entry on the 目录 page, identical bytes from the two runs, and
 * a ground truth that agrees with the PDF.
 *
 * usage: test_typeset QK-TYPESET MINI.xml
 */
#include <string.h>

#include <CUnit/Basic.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "model.h"
#include "xmlio.h"

static const char *typeset_exe;
static const char *mini_src;
static char *tmpdir;
static char *pdf1, *pdf2, *truth1;
static PopplerDocument *doc;
static QkIssue *truth;

/* mini.xml: cover, committee, page 1 (卷首语), 目录, pages 2–5. */
#define MINI_PAGES 8
#define BODY_PAGE 3
#define TOC_PAGE 4

static gboolean
run_typeset(const char *out)
{
	const char *argv[] = { typeset_exe, mini_src, "-o", out, NULL };
	int status = -1;
	GError *error = NULL;

	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
	                  NULL, NULL, &status, &error)) {
		fprintf(stderr, "spawn %s: %s\n", typeset_exe, error->message);
		g_error_free(error);
		return FALSE;
	}
	return g_spawn_check_wait_status(status, NULL);
}

static char *
page_text(int index)
{
	PopplerPage *page = poppler_document_get_page(doc, index - 1);
	char *text;

	if (!page)
		return g_strdup("");
	text = poppler_page_get_text(page);
	g_object_unref(page);
	return text ? text : g_strdup("");
}

static int
setup(void)
{
	GError *error = NULL;
	char *uri;

	tmpdir = g_dir_make_tmp("qk-typeset-XXXXXX", NULL);
	if (!tmpdir)
		return 1;
	pdf1 = g_build_filename(tmpdir, "one.pdf", NULL);
	pdf2 = g_build_filename(tmpdir, "two.pdf", NULL);
	truth1 = g_build_filename(tmpdir, "one.truth.xml", NULL);
	if (!run_typeset(pdf1) || !run_typeset(pdf2))
		return 1;
	uri = g_filename_to_uri(pdf1, NULL, NULL);
	doc = poppler_document_new_from_file(uri, NULL, &error);
	g_free(uri);
	if (!doc) {
		fprintf(stderr, "poppler: %s\n", error->message);
		g_error_free(error);
		return 1;
	}
	truth = qk_model_read_file(truth1, &error);
	if (!truth) {
		fprintf(stderr, "truth: %s\n", error->message);
		g_error_free(error);
		return 1;
	}
	return 0;
}

static int
teardown(void)
{
	const char *names[] = { "one.pdf", "two.pdf", "one.truth.xml",
	                        "two.truth.xml" };

	if (doc)
		g_object_unref(doc);
	qk_issue_free(truth);
	for (guint i = 0; i < G_N_ELEMENTS(names) && tmpdir; i++) {
		char *p = g_build_filename(tmpdir, names[i], NULL);
		g_unlink(p);
		g_free(p);
	}
	if (tmpdir)
		g_rmdir(tmpdir);
	g_free(tmpdir);
	g_free(pdf1);
	g_free(pdf2);
	g_free(truth1);
	return 0;
}

static void
test_page_count(void)
{
	CU_ASSERT_EQUAL(poppler_document_get_n_pages(doc), MINI_PAGES);
	CU_ASSERT_EQUAL((int)truth->pages->len, MINI_PAGES);
}

static void
test_running_head(void)
{
	char *text = page_text(BODY_PAGE);

	CU_ASSERT_PTR_NOT_NULL(strstr(text, "·卷首语·"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "·1·"));
	/* the body text is real text, extractable through ToUnicode */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "回头看走过的路"));
	g_free(text);
}

static void
test_toc_page(void)
{
	char *text = page_text(TOC_PAGE);

	CU_ASSERT_PTR_NOT_NULL(strstr(text, "目  录") ? strstr(text, "目  录")
	                                               : strstr(text, "目 录"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "园区里的“追光者”"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "◆ 本期特稿"));
	g_free(text);
}

static void
test_identical_runs(void)
{
	char *a = NULL, *b = NULL;
	gsize la = 0, lb = 0;

	CU_ASSERT_TRUE_FATAL(g_file_get_contents(pdf1, &a, &la, NULL));
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(pdf2, &b, &lb, NULL));
	CU_ASSERT(la > 10000);
	CU_ASSERT_EQUAL(la, lb);
	CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
	g_free(a);
	g_free(b);
}

/* The truth says where things are; the PDF must agree. */
static void
test_truth(void)
{
	QkPage *body = qk_issue_page(truth, BODY_PAGE);
	QkPage *toc = qk_issue_page(truth, TOC_PAGE);
	QkArticle *a2 = qk_issue_article(truth, "a2");
	gboolean head = FALSE;
	guint entries = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	CU_ASSERT_STRING_EQUAL(body->label, "1");
	CU_ASSERT_PTR_NULL(toc->label);
	CU_ASSERT_PTR_NULL(qk_issue_page(truth, 1)->label);
	for (guint i = 0; i < body->blocks->len; i++) {
		QkBlock *b = body->blocks->pdata[i];
		if (b->role == QK_ROLE_FURNITURE && b->furniture &&
		    strcmp(b->furniture, "running-head") == 0)
			head = g_strcmp0(b->section, "卷首语") == 0;
	}
	CU_ASSERT_TRUE(head);

	CU_ASSERT_EQUAL(truth->articles->len, 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a2);
	CU_ASSERT_STRING_EQUAL(qk_text_get(a2->title), "园区里的“追光者”");
	CU_ASSERT_EQUAL(a2->authors->len, 1);
	CU_ASSERT(a2->pdf_last > a2->pdf_first); /* it crosses a page */
	CU_ASSERT_EQUAL(a2->pages->len, (guint)(a2->pdf_last - a2->pdf_first + 1));

	for (guint i = 0; i < truth->toc->len; i++) {
		QkTocSection *s = truth->toc->pdata[i];
		for (guint k = 0; k < s->entries->len; k++) {
			QkTocEntry *e = s->entries->pdata[k];
			QkPage *p = qk_issue_page(truth, e->pdf_page);
			entries++;
			/* every entry's page prints the label the 目录 gives */
			CU_ASSERT_PTR_NOT_NULL(p);
			if (p)
				CU_ASSERT_STRING_EQUAL(p->label, e->page);
		}
	}
	CU_ASSERT_EQUAL(entries, 5);

	/* the statistics table: two header rows, spans, empty cells */
	CU_ASSERT_EQUAL_FATAL(truth->tables->len, 2);
	{
		QkTable *t = truth->tables->pdata[1];
		QkCell *c = qk_table_cell(t, 0, 0);
		CU_ASSERT_TRUE(t->ruled);
		CU_ASSERT_EQUAL(t->header_rows, 2);
		CU_ASSERT_EQUAL(t->cols, 15);
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_EQUAL(c->rowspan, 2);
		CU_ASSERT_STRING_EQUAL(t->source, "朔州市统计局");
		CU_ASSERT_FALSE(((QkTable *)truth->tables->pdata[0])->ruled);
	}
}

/* The truth is valid model XML (the bundled RelaxNG schema). */
static void
test_truth_valid(void)
{
	char *data = NULL;
	gsize len = 0;
	GError *error = NULL;
	gboolean ok;

	CU_ASSERT_TRUE_FATAL(g_file_get_contents(truth1, &data, &len, NULL));
	ok = qk_model_validate(data, len, &error);
	if (!ok)
		fprintf(stderr, "validate: %s\n", error->message);
	CU_ASSERT_TRUE(ok);
	g_clear_error(&error);
	g_free(data);
}

int
main(int argc, char **argv)
{
	CU_pSuite suite;
	unsigned failures;

	if (argc != 3) {
		fprintf(stderr, "usage: %s QK-TYPESET MINI.xml\n", argv[0]);
		return 2;
	}
	typeset_exe = argv[1];
	mini_src = argv[2];
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite("typeset", setup, teardown);
	CU_add_test(suite, "page count", test_page_count);
	CU_add_test(suite, "running head on a body page", test_running_head);
	CU_add_test(suite, "目录 page", test_toc_page);
	CU_add_test(suite, "two runs, same bytes", test_identical_runs);
	CU_add_test(suite, "truth agrees with the PDF", test_truth);
	CU_add_test(suite, "truth is valid model XML", test_truth_valid);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures > 0 ? 1 : 0;
}
