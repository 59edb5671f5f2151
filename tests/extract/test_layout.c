/*
 * test_layout.c — the extract stage's layout on PDFs whose truth is known:
 * synthetic pages drawn by pdfgen.c (reading order across columns, furniture,
 * page labels, overprint, roles, scanned pages) and, when present, the
 * typeset samples in $QK_SAMPLES with their .truth.xml (labels, furniture).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include "extract.h"
#include "error.h"
#include "layout.h"
#include "xmlio.h"
#include "pdfgen.h"
#include "keysort.h"

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
	int heads = 0, numbers = 0, footers = 0;
	for (guint p = 0; p < mag->pages->len; p++) {
		QkPage *page = g_ptr_array_index(mag->pages, p);
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			char *t = qk_block_text(blk);
			if (blk->role == QK_ROLE_FURNITURE) {
				CU_ASSERT_PTR_NOT_NULL_FATAL(blk->furniture);
				if (!strcmp(blk->furniture, "running-head") && strstr(t, "城乡观察")) {
					/* a footer with digits names no section */
					CU_ASSERT_PTR_NULL(blk->section);
					footers++;
				} else if (!strcmp(blk->furniture, "running-head")) {
					CU_ASSERT_STRING_EQUAL(blk->section, "本期特稿");
					heads++;
				} else if (!strcmp(blk->furniture, "page-number")) {
					numbers++;
				}
			} else {
				CU_ASSERT_PTR_NULL(strstr(t, "本期特稿"));
				CU_ASSERT_PTR_NULL(strstr(t, "·"));
				if (p > 0)  /* the cover prints the name as its title */
					CU_ASSERT_PTR_NULL(strstr(t, "城乡观察"));
			}
			g_free(t);
		}
	}
	CU_ASSERT_EQUAL(heads, MAG_ARTICLE_PAGES);
	CU_ASSERT_EQUAL(numbers, MAG_ARTICLE_PAGES);
	CU_ASSERT_EQUAL(footers, MAG_ARTICLE_PAGES);
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
	/* in the page foot of both pages, differing only in the number */
	blk = find_block(p1, "下转第4版", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_CONTINUATION);
	blk = find_block(p2, "下转第3版", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
	CU_ASSERT_EQUAL(blk->role, QK_ROLE_CONTINUATION);
}

static void test_max_pages(void)
{
	char *path = g_build_filename(tmpdir, "guard.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_newspaper(path));
	QkExtractOptions opts = { .password = NULL, .max_pages = 1 };
	GError *err = NULL;
	QkIssue *is = qk_extract_pdf(path, &opts, &err);
	CU_ASSERT_PTR_NULL(is);
	CU_ASSERT_TRUE(g_error_matches(err, QK_ERROR, QK_ERROR_LIMIT));
	g_clear_error(&err);
	qk_issue_free(is);
	opts.max_pages = 2;
	is = qk_extract_pdf(path, &opts, &err);
	CU_ASSERT_PTR_NOT_NULL(is);
	CU_ASSERT_PTR_NULL(err);
	g_clear_error(&err);
	qk_issue_free(is);
	g_unlink(path);
	g_free(path);
}

static void test_garbled(void)
{
	char *path = g_build_filename(tmpdir, "garbled.pdf", NULL);
	CU_ASSERT_TRUE_FATAL(pdfgen_garbled(path));
	GError *err = NULL;
	QkIssue *is = qk_extract_pdf(path, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);
	int on1 = 0, on2 = 0;
	for (guint w = 0; w < is->warnings->len; w++) {
		QkWarning *wn = g_ptr_array_index(is->warnings, w);
		if (!strcmp(wn->code, "garbled-text")) {
			on1 += wn->page == 1;
			on2 += wn->page == 2;
		}
	}
	CU_ASSERT_EQUAL(on1, 1);
	CU_ASSERT_EQUAL(on2, 0);
	qk_issue_free(is);
	g_unlink(path);
	g_free(path);
}

/* Page labels from furniture (labels.c), table-driven: each case lists per
 * PDF page what it prints ("n:48" a page number, "e:2" an edition header,
 * "t" text without a number, "-" nothing at all) and the labels expected
 * ("" for none). */
typedef struct {
	const char *name;
	const char *pages[12];
	const char *want[12];
} LabelCase;

static const LabelCase label_cases[] = {
	{ "offset run", { "t", "n:11", "n:12", "n:13", NULL },
	  { "", "11", "12", "13" } },
	{ "outlier dropped", { "t", "n:11", "n:12", "n:99", "n:14", "n:15", NULL },
	  { "", "11", "12", "", "14", "15" } },
	{ "picture page filled, text page not",
	  { "t", "t", "n:1", "-", "n:3", "n:4", "t", "n:6", "n:7", "n:8", NULL },
	  { "", "", "1", "2", "3", "4", "", "6", "7", "8" } },
	{ "numbering too patchy to fill", { "t", "n:1", "-", "t", "-", "n:5", NULL },
	  { "", "1", "", "", "", "5" } },
	{ "no fill outside the run", { "-", "n:2", "n:3", "-", NULL },
	  { "", "2", "3", "" } },
	{ "newspaper editions", { "e:1", "e:2", "t", "e:4", NULL },
	  { "1", "2", "", "4" } },
	{ "number beside a folio line", { "t", "h:12 城乡观察", "h:城乡观察 13", NULL },
	  { "", "12", "13" } },
	/* a scan's reading drops the spaces round the bar (libreoffice-mag-10
	 * at 200 dpi: 5|晋北发展研究, and no page had a label) */
	{ "folio beside a bar, no spaces", { "t", "h:4|晋北发展研究", "h:晋北发展研究|5", NULL },
	  { "", "4", "5" } },
};

static QkBlock *furniture_block(const char *kind, const char *text)
{
	QkBlock *b = qk_block_new();
	b->role = QK_ROLE_FURNITURE;
	b->furniture = g_strdup(kind);
	g_ptr_array_add(b->lines, qk_line_new(text));
	return b;
}

static void test_labels_rule(void)
{
	GError *err = NULL;
	QkPatterns *pats = qk_patterns_new(&err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pats);
	for (guint c = 0; c < G_N_ELEMENTS(label_cases); c++) {
		const LabelCase *lc = &label_cases[c];
		QkIssue *is = qk_issue_new();
		for (int i = 0; lc->pages[i]; i++) {
			QkPage *pg = qk_page_new(i + 1, 595, 842);
			const char *spec = lc->pages[i];
			if (g_str_has_prefix(spec, "n:")) {
				char *t = g_strdup_printf("·%s·", spec + 2);
				g_ptr_array_add(pg->blocks, furniture_block("page-number", t));
				g_free(t);
			} else if (g_str_has_prefix(spec, "e:")) {
				char *t = g_strdup_printf("第%s版 要闻", spec + 2);
				g_ptr_array_add(pg->blocks, furniture_block("edition-header", t));
				g_free(t);
			} else if (g_str_has_prefix(spec, "h:")) {
				g_ptr_array_add(pg->blocks, furniture_block("running-head", spec + 2));
			}
			if (strcmp(spec, "-") != 0) {
				QkBlock *b = qk_block_new();
				g_ptr_array_add(b->lines, qk_line_new("正文"));
				g_ptr_array_add(pg->blocks, b);
			}
			g_ptr_array_add(is->pages, pg);
		}
		qk_layout_labels(is, pats);
		for (guint i = 0; i < is->pages->len; i++) {
			QkPage *pg = g_ptr_array_index(is->pages, i);
			const char *want = lc->want[i];
			if (g_strcmp0(pg->label ? pg->label : "", want) != 0)
				printf("\n    %s: page %u label %s, want %s", lc->name, i + 1,
				       pg->label ? pg->label : "(none)", *want ? want : "(none)");
			CU_ASSERT_STRING_EQUAL(pg->label ? pg->label : "", want);
		}
		qk_issue_free(is);
	}
	qk_patterns_free(pats);
}

/* Block text without white space (truth and extraction may space letter-
 * spaced names differently). */
static char *squeezed(const QkBlock *b)
{
	char *t = qk_block_text(b);
	GString *s = g_string_new(NULL);
	for (const char *p = t; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c) && c != 0x3000)
			g_string_append_unichar(s, c);
	}
	g_free(t);
	return g_string_free(s, FALSE);
}

/* Index of the block whose text is text (or, with part, contains it: the
 * truth cuts a paragraph at a column end, the extraction joins it). */
static int find_squeezed(const QkPage *page, const char *text, gboolean furniture,
                         gboolean part)
{
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (furniture != (blk->role == QK_ROLE_FURNITURE))
			continue;
		char *t = squeezed(blk);
		gboolean eq = part ? strstr(t, text) != NULL : !strcmp(t, text);
		g_free(t);
		if (eq)
			return (int)b;
	}
	return -1;
}

/* One sample against its truth: labels equal; every furniture block found
 * as furniture (with its section) and its text in no other block; body
 * paragraphs found whole in the truth's order. */
static void check_sample(const QkIssue *got, const QkIssue *want, const char *name)
{
	CU_ASSERT_EQUAL_FATAL(got->pages->len, want->pages->len);
	int furn = 0, furn_ok = 0, leaks = 0, body = 0, found = 0, joined = 0;
	int pairs = 0, in_order = 0;
	for (guint p = 0; p < got->pages->len; p++) {
		QkPage *gp = g_ptr_array_index(got->pages, p);
		QkPage *wp = g_ptr_array_index(want->pages, p);
		CU_ASSERT_EQUAL(!gp->label, !wp->label);
		if (gp->label && wp->label)
			CU_ASSERT_STRING_EQUAL(gp->label, wp->label);
		int last = -1;
		for (guint b = 0; b < wp->blocks->len; b++) {
			QkBlock *wb = g_ptr_array_index(wp->blocks, b);
			char *t = squeezed(wb);
			if (wb->role == QK_ROLE_FURNITURE) {
				furn++;
				int at = find_squeezed(gp, t, TRUE, FALSE);
				if (at >= 0) {
					QkBlock *gb = g_ptr_array_index(gp->blocks, at);
					furn_ok += !g_strcmp0(gb->furniture, wb->furniture) &&
					           !g_strcmp0(gb->section, wb->section);
				}
				for (guint k = 0; k < gp->blocks->len && g_utf8_strlen(t, -1) >= 3; k++) {
					QkBlock *gb = g_ptr_array_index(gp->blocks, k);
					char *gt = squeezed(gb);
					leaks += gb->role != QK_ROLE_FURNITURE && strstr(gt, t) != NULL;
					g_free(gt);
				}
			} else if (wb->role == QK_ROLE_BODY) {
				body++;
				int at = find_squeezed(gp, t, FALSE, FALSE);
				if (at >= 0)
					found++;
				else if (g_utf8_strlen(t, -1) >= 8)
					at = find_squeezed(gp, t, FALSE, TRUE);
				if (at >= 0) {
					joined++;
					if (last >= 0) {
						pairs++;
						in_order += at >= last;
					}
					last = at;
				}
			}
			g_free(t);
		}
	}
	/* tables: where the truth has a table block, so does the extraction,
	 * after the same text block */
	int tables = 0, tables_placed = 0;
	for (guint p = 0; p < got->pages->len; p++) {
		QkPage *gp = g_ptr_array_index(got->pages, p);
		QkPage *wp = g_ptr_array_index(want->pages, p);
		for (guint b = 0; b < wp->blocks->len; b++) {
			QkBlock *wb = g_ptr_array_index(wp->blocks, b);
			if (wb->role != QK_ROLE_TABLE)
				continue;
			/* detection is the tables suite's business; placement is ours */
			gboolean have = FALSE;
			for (guint k = 0; k < gp->blocks->len && !have; k++)
				have = ((QkBlock *)g_ptr_array_index(gp->blocks, k))->role == QK_ROLE_TABLE;
			if (!have)
				continue;
			tables++;
			/* the nearest text block before it in the truth */
			int before = -1;
			for (int k = (int)b - 1; k >= 0 && before < 0; k--) {
				QkBlock *pb = g_ptr_array_index(wp->blocks, k);
				if (pb->role == QK_ROLE_FURNITURE || pb->role == QK_ROLE_TABLE)
					continue;
				/* blocks taken into the table (its title, source) are
				 * not in the text: look further back */
				char *t = squeezed(pb);
				before = find_squeezed(gp, t, FALSE, FALSE);
				if (before < 0 && g_utf8_strlen(t, -1) >= 12)
					before = find_squeezed(gp, t, FALSE, TRUE);
				g_free(t);
			}
			for (guint k = 0; k < gp->blocks->len; k++) {
				QkBlock *gb = g_ptr_array_index(gp->blocks, k);
				if (gb->role == QK_ROLE_TABLE && (int)k > before) {
					tables_placed++;
					break;
				}
			}
		}
	}
	printf("\n    %s: tables placed %d/%d", name, tables_placed, tables);
	CU_ASSERT_EQUAL(tables_placed, tables);
	printf("\n    %s: furniture %d/%d, leaks %d, body paragraphs: %d/%d found whole, "
	       "%d/%d found whole or joined with their continuation, in order %d/%d ",
	       name, furn_ok, furn, leaks, found, body, joined, body, in_order, pairs);
	CU_ASSERT_EQUAL(furn_ok, furn);
	CU_ASSERT_EQUAL(leaks, 0);
	/* a paragraph cut at a column end is one block here and two in the
	 * truth: its pieces are found inside the joined block */
	CU_ASSERT_TRUE(joined * 100 >= body * 90);
	CU_ASSERT_TRUE(in_order * 100 >= pairs * 95);
}

/* Typeset samples with truth files, when present in $QK_SAMPLES. */
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
			CU_ASSERT_PTR_NOT_NULL(got);
			g_clear_error(&err);
			QkIssue *want = qk_model_read_file(truth, &err);
			CU_ASSERT_PTR_NOT_NULL(want);
			g_clear_error(&err);
			if (got && want)
				check_sample(got, want, names[i]);
			qk_issue_free(got);
			qk_issue_free(want);
		}
		g_free(pdf);
		g_free(truth);
	}
}

/* Reference order for test_keysort: key, then position (stability). */
static int cmp_keyed(const void *a, const void *b)
{
	const QkKeyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The sort against qsort on (key, position): random keys, keys that share
 * all but their low bytes (skipped passes), many ties, keys rising in runs
 * with ties (merged, as a page's left edges in reading order are), and
 * double keys in the order of the doubles (negatives, −0 with 0,
 * infinities). */
static void test_keysort(void)
{
	GRand *r = g_rand_new_with_seed(42);
	for (int round = 0; round < 80; round++) {
		gsize n = (gsize)g_rand_int_range(r, 0, 3000);
		guint64 rising = 0;
		QkKeyed *a = g_new(QkKeyed, n ? n : 1), *b = g_new(QkKeyed, n ? n : 1);
		for (gsize i = 0; i < n; i++) {
			guint64 hi = (guint64)g_rand_int(r) << 32 | g_rand_int(r);
			switch (round % 4) {
			case 0: a[i].key = hi; break;
			case 1: a[i].key = 0x4070000000000000 | (hi & 0xffff); break;
			case 2: a[i].key = hi % 7; break;
			default:   /* a new run every ~30 keys; steps of 0 are ties */
				rising = hi % 30 == 0 ? hi % 1000 : rising + hi % 3;
				a[i].key = rising;
				break;
			}
			a[i].idx = (guint)i;
		}
		memcpy(b, a, n * sizeof *a);
		qk_keysort(a, n);
		qsort(b, n, sizeof *b, cmp_keyed);
		CU_ASSERT_EQUAL(memcmp(a, b, n * sizeof *a), 0);
		g_free(a);
		g_free(b);
	}
	g_rand_free(r);
	static const double ds[] = { -INFINITY, -1e300, -2.5, -1, -1e-300, -0.0, 0.0, 1e-300,
	                             0.5, 1, 2.5, 612.28, 1e300, INFINITY };
	for (gsize i = 0; i + 1 < G_N_ELEMENTS(ds); i++) {
		if (ds[i] == ds[i + 1]) {
			CU_ASSERT_EQUAL(qk_key_double(ds[i]), qk_key_double(ds[i + 1]));
		} else {
			CU_ASSERT_TRUE(qk_key_double(ds[i]) < qk_key_double(ds[i + 1]));
		}
	}
}

/* Reference order for test_keysort2: key, then the second key, then
 * position. */
static const guint64 *second_keys;
static int cmp_keyed2(const void *a, const void *b)
{
	const QkKeyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	guint64 p = second_keys[x->idx], q = second_keys[y->idx];
	if (p != q)
		return p < q ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The two-key sort (lines: centre, then left edge) against qsort: groups
 * of equal first keys small and large (insertion, the sort), their second
 * keys rising with ties (a line's left edges), random, or the index itself
 * (a NULL second: a row's glyphs by left edge, then number). */
static void test_keysort2(void)
{
	GRand *r = g_rand_new_with_seed(7);
	for (int round = 0; round < 60; round++) {
		gsize n = (gsize)g_rand_int_range(r, 0, 3000);
		int groups = round % 3 == 0 ? 3 : round % 3 == 1 ? 60 : 1000;
		QkKeyed *a = g_new(QkKeyed, n ? n : 1), *b = g_new(QkKeyed, n ? n : 1);
		guint64 *second = g_new(guint64, n ? n : 1);
		guint64 rising = 0;
		for (gsize i = 0; i < n; i++) {
			a[i].key = g_rand_int_range(r, 0, groups);
			a[i].idx = (guint)i;
			rising += g_rand_int_range(r, 0, 3);
			second[i] = round % 2 ? rising % 97 : (guint64)g_rand_int_range(r, 0, 50);
			if (round % 5 == 4)
				second[i] = i;   /* what NULL stands for: the index */
		}
		memcpy(b, a, n * sizeof *a);
		qk_keysort2(a, n, round % 5 == 4 ? NULL : second);
		second_keys = second;
		qsort(b, n, sizeof *b, cmp_keyed2);
		/* field by field: a struct copy need not keep the padding */
		gsize same = 0;
		for (gsize i = 0; i < n; i++)
			same += a[i].key == b[i].key && a[i].idx == b[i].idx;
		CU_ASSERT_EQUAL(same, n);
		g_free(a);
		g_free(b);
		g_free(second);
	}
	g_rand_free(r);
}

/* The layout patterns are compiled once per process and shared by the
 * reading threads, each JIT-compiled in a copy once used a few times:
 * four threads asking the same questions, twenty times over (the first
 * answers interpreted, the later ones JIT-compiled, made while the other
 * threads match), get the same answers every time. */
static const struct {
	QkPat pat;
	const char *text;
	gboolean hit;
	const char *value;
} pat_cases[] = {
	{ QK_PAT_CAPTION, "市民在广场参观 记者 王明 摄", TRUE, NULL },
	{ QK_PAT_CAPTION, "这是一段正文，没有图片说明。", FALSE, NULL },
	{ QK_PAT_PAGENUM, "— 12 —", TRUE, "12" },
	{ QK_PAT_EDITION, "第3版 要闻", TRUE, "3" },
	{ QK_PAT_MASTHEAD, "国内统一连续出版物号 CN14-0031", TRUE, NULL },
	{ QK_PAT_MASTHEAD, "全市经济运行稳中向好", FALSE, NULL },
	{ QK_PAT_CONTINUATION, "（下转第3版）", TRUE, NULL },
	{ QK_PAT_TOC_TITLE, "目 录", TRUE, NULL },
	{ QK_PAT_RUNHEAD, "·本期特稿·", TRUE, "本期特稿" },
};

static gpointer ask_patterns(gpointer data)
{
	(void)data;
	QkPatterns *pats = qk_patterns_new(NULL);
	int wrong = pats ? 0 : 1;
	for (int round = 0; round < 20 && pats; round++)
		for (gsize i = 0; i < G_N_ELEMENTS(pat_cases); i++) {
			char *v = NULL;
			gboolean hit = qk_pat_match(pats, pat_cases[i].pat, pat_cases[i].text, &v);
			wrong += hit != pat_cases[i].hit ||
			         g_strcmp0(v, pat_cases[i].value) != 0;
			g_free(v);
		}
	qk_patterns_free(pats);
	return GINT_TO_POINTER(wrong);
}

static void test_patterns_shared(void)
{
	GThread *t[4];
	for (int i = 0; i < 4; i++)
		t[i] = g_thread_new("pats", ask_patterns, NULL);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(GPOINTER_TO_INT(g_thread_join(t[i])), 0);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	/* first: no pattern used yet */
	CU_pSuite ps = CU_add_suite("patterns", NULL, NULL);
	CU_add_test(ps, "patterns shared by threads, JIT-compiled as they go", test_patterns_shared);
	CU_pSuite s = CU_add_suite("layout", setup, teardown);
	CU_add_test(s, "glyph sort: radix by key, stable", test_keysort);
	CU_add_test(s, "glyph sort: by key then a second key, stable", test_keysort2);
	CU_add_test(s, "overprint kept once, bold", test_overprint);
	CU_add_test(s, "reading order across columns and pages", test_reading_order);
	CU_add_test(s, "furniture set aside", test_furniture);
	CU_add_test(s, "page labels", test_labels);
	CU_add_test(s, "page label rule", test_labels_rule);
	CU_add_test(s, "roles", test_roles);
	CU_add_test(s, "newspaper page", test_newspaper);
	CU_add_test(s, "garbled text reported", test_garbled);
	CU_add_test(s, "page limit guard", test_max_pages);
	CU_add_test(s, "typeset samples", test_samples);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures();
	int setup_failed = CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return fails > 0 || setup_failed > 0;
}
