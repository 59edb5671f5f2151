/*
 * test_layout.c — the extract stage's layout on PDFs whose truth is known:
 * synthetic pages drawn by pdfgen.c (reading order across columns, furniture,
 * page labels, overprint, roles, scanned pages) and, when present, the
 * typeset samples in $QK_SAMPLES with their .truth.xml (labels, furniture).
 */
#include <string.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include "extract.h"
#include "xmlio.h"
#include "pdfgen.h"

static char *tmpdir;
static QkIssue *mag;     /* magazine sample */
static int mag_paras;    /* paragraphs drawn */
static QkIssue *news;    /* newspaper sample */

#define MAG_ARTICLE_PAGES 5

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-layout-XXXXXX", NULL);
	if (!tmpdir)
		return 1;
	char *m = g_build_filename(tmpdir, "magazine.pdf", NULL);
	char *n = g_build_filename(tmpdir, "newspaper.pdf", NULL);
	mag_paras = pdfgen_magazine(m, MAG_ARTICLE_PAGES);
	gboolean ok = mag_paras > 0 && pdfgen_newspaper(n);
	GError *err = NULL;
	if (ok)
		mag = qk_extract_pdf(m, NULL, &err);
	if (ok && mag)
		news = qk_extract_pdf(n, NULL, &err);
	if (err) {
		fprintf(stderr, "extract: %s\n", err->message);
		g_error_free(err);
	}
	g_unlink(m);
	g_unlink(n);
	g_free(m);
	g_free(n);
	return ok && mag && news ? 0 : 1;
}

static int teardown(void)
{
	qk_issue_free(mag);
	qk_issue_free(news);
	if (tmpdir)
		g_rmdir(tmpdir);
	g_free(tmpdir);
	return 0;
}

/* Block whose text contains needle (first one in reading order). */
static QkBlock *find_block(QkPage *page, const char *needle, int *pos)
{
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		char *t = qk_block_text(blk);
		gboolean hit = strstr(t, needle) != NULL;
		g_free(t);
		if (hit) {
			if (pos)
				*pos = (int)b;
			return blk;
		}
	}
	return NULL;
}

static gboolean is_body_text(const QkBlock *b)
{
	return b->role == QK_ROLE_BODY || b->role == QK_ROLE_HEADING;
}

static void test_overprint(void)
{
	QkPage *cover = qk_issue_page(mag, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cover);
	/* drawn twice at the same spot: Poppler itself keeps one copy */
	QkBlock *b = find_block(cover, "度报", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	char *t = qk_block_text(b);
	CU_ASSERT_STRING_EQUAL(t, "年度报告");
	g_free(t);
	/* drawn twice 0.3 pt apart with more text: our sweep keeps one, bold */
	b = find_block(cover, "发布日期", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	t = qk_block_text(b);
	CU_ASSERT_STRING_EQUAL(t, "年度报告发布日期：2023");
	g_free(t);
	CU_ASSERT_TRUE(b->bold);
}

static void test_reading_order(void)
{
	/* all body text of the article, read in model order, is the paragraphs
	 * in the order they were written */
	GString *got = g_string_new(NULL);
	for (guint p = 0; p < mag->pages->len; p++) {
		QkPage *page = g_ptr_array_index(mag->pages, p);
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			if (!is_body_text(blk))
				continue;
			char *t = qk_block_text(blk);
			qk_text_join(got, t);
			g_free(t);
		}
	}
	GString *want = g_string_new(NULL);
	for (int i = 0; i < mag_paras; i++) {
		char *p = pdfgen_paragraph(i);
		qk_text_join(want, p);
		g_free(p);
	}
	CU_ASSERT_TRUE(got->len > 1000);
	/* the last paragraph may be cut by the end of the article */
	CU_ASSERT_TRUE(got->len <= want->len);
	CU_ASSERT_EQUAL(strncmp(want->str, got->str, got->len), 0);
	g_string_free(got, TRUE);
	g_string_free(want, TRUE);

	/* each paragraph that starts and ends on one page is exactly one block,
	 * even when it runs from the first column into the second */
	int whole = 0, cross_column = 0;
	for (int i = 0; i < mag_paras; i++) {
		char *p = pdfgen_paragraph(i);
		char *head = g_strndup(p, strstr(p, "段") - p + strlen("段"));
		for (guint pg = 0; pg < mag->pages->len; pg++) {
			QkPage *page = g_ptr_array_index(mag->pages, pg);
			QkBlock *blk = find_block(page, head, NULL);
			if (!blk)
				continue;
			char *t = qk_block_text(blk);
			if (g_str_has_suffix(t, "。") && strlen(t) == strlen(p)) {
				CU_ASSERT_STRING_EQUAL(t, p);
				CU_ASSERT_EQUAL(blk->role, QK_ROLE_BODY);
				whole++;
				if (blk->lines->len >= 2) {
					QkLine *first = g_ptr_array_index(blk->lines, 0);
					QkLine *last = g_ptr_array_index(blk->lines, blk->lines->len - 1);
					cross_column += last->bbox.x0 > first->bbox.x1;
				}
			}
			g_free(t);
		}
		g_free(head);
		g_free(p);
	}
	CU_ASSERT_TRUE(whole >= mag_paras - 2 * MAG_ARTICLE_PAGES);
	CU_ASSERT_TRUE(cross_column >= 1);
}

static void test_furniture(void)
{
	int heads = 0, numbers = 0;
	for (guint p = 0; p < mag->pages->len; p++) {
		QkPage *page = g_ptr_array_index(mag->pages, p);
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			char *t = qk_block_text(blk);
			if (blk->role == QK_ROLE_FURNITURE) {
				CU_ASSERT_PTR_NOT_NULL_FATAL(blk->furniture);
				if (!strcmp(blk->furniture, "running-head")) {
					CU_ASSERT_STRING_EQUAL(blk->section, "本期特稿");
					heads++;
				} else if (!strcmp(blk->furniture, "page-number")) {
					numbers++;
				}
			} else {
				CU_ASSERT_PTR_NULL(strstr(t, "本期特稿"));
				CU_ASSERT_PTR_NULL(strstr(t, "·"));
			}
			g_free(t);
		}
	}
	CU_ASSERT_EQUAL(heads, MAG_ARTICLE_PAGES);
	CU_ASSERT_EQUAL(numbers, MAG_ARTICLE_PAGES);
}

static void test_labels(void)
{
	/* cover: none; pdf 2 prints 11; pdf 3 is a picture inside a run of
	 * consistent numbers, so it gets 12 from the offset; then 13, 14 … */
	QkPage *p1 = qk_issue_page(mag, 1);
	CU_ASSERT_PTR_NULL(p1->label);
	for (int i = 2; i <= MAG_ARTICLE_PAGES + 2; i++) {
		QkPage *pg = qk_issue_page(mag, i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
		CU_ASSERT_PTR_NOT_NULL_FATAL(pg->label);
		char *want = g_strdup_printf("%d", i + 9);
		CU_ASSERT_STRING_EQUAL(pg->label, want);
		g_free(want);
	}
	QkPage *pic = qk_issue_page(mag, 3);
	CU_ASSERT_TRUE(pic->scanned);
	gboolean warned = FALSE;
	for (guint w = 0; w < mag->warnings->len; w++) {
		QkWarning *wn = g_ptr_array_index(mag->warnings, w);
		warned |= !strcmp(wn->code, "no-text-layer") && wn->page == 3;
	}
	CU_ASSERT_TRUE(warned);
}

static void test_roles(void)
{
	QkPage *p2 = qk_issue_page(mag, 2);
	QkBlock *t = find_block(p2, "园区里的新变化", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->role, QK_ROLE_TITLE);
	CU_ASSERT_EQUAL(t->column, -1);
	QkBlock *by = find_block(p2, "张明远", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(by);
	CU_ASSERT_EQUAL(by->role, QK_ROLE_BYLINE);
	/* ids are p<page>-b<n> in reading order */
	QkBlock *first = g_ptr_array_index(p2->blocks, 0);
	CU_ASSERT_STRING_EQUAL(first->id, "p2-b1");
}

static void test_newspaper(void)
{
	QkPage *p1 = qk_issue_page(news, 1), *p2 = qk_issue_page(news, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p1->label);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p2->label);
	CU_ASSERT_STRING_EQUAL(p1->label, "1");
	CU_ASSERT_STRING_EQUAL(p2->label, "2");

	int ed = -1, mast = -1, ta = -1, a1 = -1, a6 = -1, cont = -1, tb = -1, cap = -1, b1 = -1;
	QkBlock *blk = find_block(p1, "第1版", &ed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_FURNITURE);
	CU_ASSERT_STRING_EQUAL(blk->furniture, "edition-header");
	blk = find_block(p1, "城乡日报", &mast);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_MASTHEAD);
	blk = find_block(p1, "CN14", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_MASTHEAD);

	blk = find_block(p1, "新厂房里的冬季生产", &ta);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_TITLE);
	CU_ASSERT_PTR_NOT_NULL(find_block(p1, "第１０１段", &a1));
	CU_ASSERT_PTR_NOT_NULL(find_block(p1, "第１０３段", &a6));
	blk = find_block(p1, "下转第2版", &cont);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_CONTINUATION);
	blk = find_block(p1, "河边步道开放了", &tb);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_TITLE);
	blk = find_block(p1, "王刚 摄", &cap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_CAPTION);
	CU_ASSERT_PTR_NOT_NULL(find_block(p1, "第２０１段", &b1));
	/* article A (two left columns) is read before article B */
	CU_ASSERT_TRUE(ed < mast || ed == 0);
	CU_ASSERT_TRUE(mast < ta);
	CU_ASSERT_TRUE(ta < a1 && a1 < a6 && a6 < cont);
	CU_ASSERT_TRUE(cont < tb && tb < cap && cap < b1);

	blk = find_block(p2, "上接第1版", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_CONTINUATION);
}

/* Typeset samples with truth files: labels and furniture must agree. */
static void test_samples(void)
{
	const char *dir = g_getenv("QK_SAMPLES");
	const char *names[] = { "mini", "magazine-2023-01", "magazine-2023-04",
	                        "newspaper-2023-10-31", NULL };
	for (int i = 0; dir && names[i]; i++) {
		char *pdf = g_strdup_printf("%s/%s.pdf", dir, names[i]);
		char *truth = g_strdup_printf("%s/%s.truth.xml", dir, names[i]);
		if (g_file_test(pdf, G_FILE_TEST_EXISTS) && g_file_test(truth, G_FILE_TEST_EXISTS)) {
			GError *err = NULL;
			QkIssue *got = qk_extract_pdf(pdf, NULL, &err);
			QkIssue *want = qk_model_read_file(truth, &err);
			CU_ASSERT_PTR_NOT_NULL(got);
			CU_ASSERT_PTR_NOT_NULL(want);
			if (got && want) {
				CU_ASSERT_EQUAL(got->pages->len, want->pages->len);
				for (guint p = 0; p < got->pages->len && p < want->pages->len; p++) {
					QkPage *gp = g_ptr_array_index(got->pages, p);
					QkPage *wp = g_ptr_array_index(want->pages, p);
					CU_ASSERT_EQUAL(!gp->label, !wp->label);
					if (gp->label && wp->label)
						CU_ASSERT_STRING_EQUAL(gp->label, wp->label);
				}
			}
			g_clear_error(&err);
			qk_issue_free(got);
			qk_issue_free(want);
		}
		g_free(pdf);
		g_free(truth);
	}
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("layout", setup, teardown);
	CU_add_test(s, "overprint kept once, bold", test_overprint);
	CU_add_test(s, "reading order across columns and pages", test_reading_order);
	CU_add_test(s, "furniture set aside", test_furniture);
	CU_add_test(s, "page labels", test_labels);
	CU_add_test(s, "roles", test_roles);
	CU_add_test(s, "newspaper page", test_newspaper);
	CU_add_test(s, "typeset samples", test_samples);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	int setup_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return fails > 0 || setup_failed > 0;
}
