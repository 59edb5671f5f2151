/*
 * test_batch.c — `qikan run` as a user runs it (QK_QIKAN is the binary):
 * a batch of good and bad inputs ends with the right summary and exit
 * code, every issue folder it writes agrees cell by cell with its
 * issue.xml, --resume skips what is done and redoes what changed, a hung
 * input times out alone, and a batch killed with SIGKILL leaves no
 * half-written file and is completed by --resume.
 *
 * Good PDFs are drawn here with cairo so the suite needs nothing else;
 * The sample PDFs (samples/, samples/bad/) join the batch when they exist.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <CUnit/Basic.h>

#include "fileio.h"
#include "qkrun.h"
#include "model.h"
#include "xmlio.h"
#include "export.h"
#include "csvout.h"

static const char *qikan;
static char *root;  /* scratch folder for the whole suite */

/* ---- helpers ----------------------------------------------------------- */

static void make_pdf(const char *path, const char *title, int pages)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	for (int p = 0; p < pages; p++) {
		cairo_set_font_size(cr, 20);
		cairo_move_to(cr, 72, 100);
		cairo_show_text(cr, title);
		cairo_set_font_size(cr, 11);
		for (int l = 0; l < 12; l++) {
			char *line = g_strdup_printf("第%d页第%d行：全市原煤产量%d万吨，同比增长%d.%d%%。",
			                             p + 1, l + 1, 1000 + 37 * l, l, p);
			cairo_move_to(cr, 72, 140 + 18 * l);
			cairo_show_text(cr, line);
			g_free(line);
		}
		char *folio = g_strdup_printf("%d", p + 1);
		cairo_move_to(cr, 290, 800);
		cairo_show_text(cr, folio);
		g_free(folio);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

static char *path_in(const char *dir, const char *name)
{
	return g_build_filename(dir, name, NULL);
}

/* Runs qikan with args; returns its exit code (128 + signal, -1 when it
 * could not start); its standard error goes to err_out when not NULL. */
static int run(const char *const *args, char **err_out)
{
	QkRun r = qk_test_run(NULL, args);
	if (err_out) {
		*err_out = r.err;
		r.err = NULL;
	}
	qk_run_clear(&r);
	return r.status;
}

static GPtrArray *read_csv(const char *dir, const char *name)
{
	char *p = path_in(dir, name);
	GError *err = NULL;
	GPtrArray *rows = qk_csv_read_file(p, &err);
	if (!rows) {
		fprintf(stderr, "\n%s\n", err->message);
		g_error_free(err);
	}
	g_free(p);
	return rows;
}

static const char *field(GPtrArray *rows, guint r, guint c)
{
	GPtrArray *row = g_ptr_array_index(rows, r);
	return c < row->len ? g_ptr_array_index(row, c) : NULL;
}


static gboolean eq(const char *a, const char *b)
{
	return g_strcmp0(a ? a : "", b ? b : "") == 0;
}

static char *int_str(long v)
{
	return v > 0 ? g_strdup_printf("%ld", v) : g_strdup("");
}

/* ---- an issue folder against its own issue.xml ------------------------- */

static void check_issue_folder(const char *dir)
{
	CU_ASSERT_TRUE_FATAL(qk_export_complete(dir));
	char *xml_path = path_in(dir, "issue.xml");
	char *xml = NULL;
	gsize xml_len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(xml_path, &xml, &xml_len, NULL));
	GError *err = NULL;
	CU_ASSERT_TRUE(qk_model_validate(xml, xml_len, &err));
	if (err) {
		fprintf(stderr, "\n%s: %s\n", xml_path, err->message);
		g_clear_error(&err);
	}
	QkIssue *is = qk_model_read_file(xml_path, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(is);

	/* toc.csv: one row per entry, in order. */
	GPtrArray *toc = read_csv(dir, "toc.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	guint r = 1;
	for (guint s = 0; s < is->toc->len; s++) {
		QkTocSection *sec = g_ptr_array_index(is->toc, s);
		for (guint e = 0; e < sec->entries->len && r < toc->len; e++, r++) {
			QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			CU_ASSERT_TRUE(eq(field(toc, r, 1), en->title));
			CU_ASSERT_TRUE(eq(field(toc, r, 3), en->page));
			CU_ASSERT_TRUE(eq(field(toc, r, 5), en->article_id));
		}
	}
	CU_ASSERT_EQUAL(r, toc->len);
	g_ptr_array_unref(toc);

	/* articles.csv: ids, titles, pages, and chars = length of text. */
	GPtrArray *arts = read_csv(dir, "articles.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(arts);
	CU_ASSERT_EQUAL_FATAL(arts->len, is->articles->len + 1);
	for (guint i = 0; i < is->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(is->articles, i);
		CU_ASSERT_EQUAL(((GPtrArray *)g_ptr_array_index(arts, i + 1))->len, 11);
		CU_ASSERT_TRUE(eq(field(arts, i + 1, 0), a->id));
		CU_ASSERT_TRUE(eq(field(arts, i + 1, 2), a->title ? qk_text_get(a->title) : NULL));
		char *first = int_str(a->pdf_first);
		CU_ASSERT_TRUE(eq(field(arts, i + 1, 7), first));
		g_free(first);
		char *chars = g_strdup_printf("%ld", g_utf8_strlen(field(arts, i + 1, 10), -1));
		CU_ASSERT_TRUE(eq(field(arts, i + 1, 9), chars));
		g_free(chars);
	}
	g_ptr_array_unref(arts);

	/* tables.csv and each grid, cell by cell (spans repeated). */
	GPtrArray *tabs = read_csv(dir, "tables.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tabs);
	CU_ASSERT_EQUAL_FATAL(tabs->len, is->tables->len + 1);
	for (guint i = 0; i < is->tables->len; i++) {
		QkTable *t = g_ptr_array_index(is->tables, i);
		char *rows = g_strdup_printf("%d", t->rows);
		char *cols = g_strdup_printf("%d", t->cols);
		char *page = int_str(t->page);
		CU_ASSERT_TRUE(eq(field(tabs, i + 1, 0), t->id));
		CU_ASSERT_TRUE(eq(field(tabs, i + 1, 3), page));
		CU_ASSERT_TRUE(eq(field(tabs, i + 1, 5), rows));
		CU_ASSERT_TRUE(eq(field(tabs, i + 1, 6), cols));
		g_free(rows);
		g_free(cols);
		g_free(page);
		char *name = g_strdup_printf("tables/%s.csv", t->id);
		GPtrArray *grid = read_csv(dir, name);
		g_free(name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(grid);
		CU_ASSERT_EQUAL(grid->len, (guint)t->rows);
		for (int y = 0; y < t->rows && (guint)y < grid->len; y++) {
			GPtrArray *row = g_ptr_array_index(grid, y);
			CU_ASSERT_EQUAL(row->len, (guint)t->cols);
			for (guint c = 0; c < t->cells->len; c++) {
				QkCell *cell = g_ptr_array_index(t->cells, c);
				int rs = MAX(cell->rowspan, 1), cs = MAX(cell->colspan, 1);
				if (y < cell->row || y >= cell->row + rs)
					continue;
				for (int x = cell->col; x < cell->col + cs && (guint)x < row->len; x++)
					CU_ASSERT_TRUE(eq(g_ptr_array_index(row, x), cell->text->text));
			}
		}
		g_ptr_array_unref(grid);
	}
	g_ptr_array_unref(tabs);

	/* indicators.csv: every value is a data cell of its table, as printed,
	 * and its number is the one normalize read from that cell. */
	GPtrArray *inds = read_csv(dir, "indicators.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(inds);
	CU_ASSERT_TRUE(eq(field(inds, 0, 0), "table_id"));
	for (guint r = 1; r < inds->len; r++) {
		QkTable *t = NULL;
		for (guint i = 0; i < is->tables->len && !t; i++) {
			QkTable *x = g_ptr_array_index(is->tables, i);
			if (eq(x->id, field(inds, r, 0)))
				t = x;
		}
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		const char *raw = field(inds, r, 6), *value = field(inds, r, 7);
		gboolean found = FALSE;
		for (guint c = 0; c < t->cells->len && !found; c++) {
			QkCell *cell = g_ptr_array_index(t->cells, c);
			if (cell->row < t->header_rows || cell->col < 1 ||
			    !eq(cell->text->text, raw))
				continue;
			if (*value)
				found = cell->has_value &&
				        g_ascii_strtod(value, NULL) == cell->value;
			else
				found = !cell->has_value || cell->missing;
		}
		CU_ASSERT_TRUE(found);
	}
	g_ptr_array_unref(inds);

	/* quantities.csv: one row per amount annotated in a paragraph. */
	guint amounts = 0;
	for (guint i = 0; i < is->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(is->articles, i);
		for (guint p = 0; p < a->paras->len; p++) {
			QkPara *para = g_ptr_array_index(a->paras, p);
			for (guint k = 0; para->text->annots && k < para->text->annots->len; k++) {
				QkAnnot *an = g_ptr_array_index(para->text->annots, k);
				if (an->has_value && strcmp(an->kind, "date") != 0 &&
				    strcmp(an->kind, "period") != 0 &&
				    strcmp(an->kind, "ordinal") != 0 &&
				    strcmp(an->kind, "time") != 0 &&
				    strcmp(an->kind, "year") != 0)
					amounts++;
			}
		}
	}
	GPtrArray *qs = read_csv(dir, "quantities.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(qs);
	CU_ASSERT_EQUAL(qs->len, amounts + 1);
	CU_ASSERT_TRUE(eq(field(qs, 0, 0), "article_id"));
	g_ptr_array_unref(qs);
	qk_issue_free(is);
	g_free(xml);
	g_free(xml_path);
}

static int count_hidden(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	int hidden = 0;
	while (d && (n = g_dir_read_name(d)))
		hidden += n[0] == '.';
	if (d)
		g_dir_close(d);
	return hidden;
}

/* ---- tests ------------------------------------------------------------- */

static void test_usage(void)
{
	char *pdf = path_in(root, "usage.pdf");
	char *out = path_in(root, "usage-out");
	make_pdf(pdf, "用法", 1);
	const char *no_inputs[] = { "run", "-o", out, NULL };
	const char *no_output[] = { "run", pdf, NULL };
	const char *bad_jobs[] = { "run", "--jobs", "-3", "-o", out, pdf, NULL };
	const char *bad_threads[] = { "run", "--threads", "-1", "-o", out, pdf, NULL };
	const char *bad_option[] = { "run", "--no-such-option", "-o", out, pdf, NULL };
	const char *help[] = { "run", "--help", NULL };
	CU_ASSERT_EQUAL(run(no_inputs, NULL), 2);
	CU_ASSERT_EQUAL(run(no_output, NULL), 2);
	CU_ASSERT_EQUAL(run(bad_jobs, NULL), 2);
	CU_ASSERT_EQUAL(run(bad_threads, NULL), 2);
	CU_ASSERT_EQUAL(run(bad_option, NULL), 2);
	CU_ASSERT_EQUAL(run(help, NULL), 0);
	CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
	/* The same file named twice is one issue. */
	const char *twice[] = { "run", "-q", "-o", out, pdf, pdf, NULL };
	char *said = NULL;
	CU_ASSERT_EQUAL(run(twice, &said), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(said, "qikan run: 1 issue: 1 done"));
	g_free(said);
	qk_file_remove_tree(out);
	/* A folder without PDFs is not a success. */
	char *empty = path_in(root, "no-pdfs");
	g_mkdir_with_parents(empty, 0777);
	const char *nothing[] = { "run", "-o", out, empty, NULL };
	char *err = NULL;
	CU_ASSERT_EQUAL(run(nothing, &err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no PDF files"));
	g_free(err);
	g_free(empty);
	g_free(out);
	g_free(pdf);
}

/* --max-memory: a worker that runs out fails alone with a reason. */
static void test_memory_guard(void)
{
	char *pdf = path_in(root, "big.pdf");
	char *out = path_in(root, "mem-out");
	make_pdf(pdf, "内存", 2);
	/* 5 MB of resident memory: less than the libraries alone */
	const char *args[] = { "run", "--max-memory", "5", "-o", out, pdf, NULL };
	char *err = NULL;
	CU_ASSERT_EQUAL(run(args, &err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "1 issue: 0 done, 1 failed"));
	char *folder = path_in(out, "big");
	CU_ASSERT_FALSE(g_file_test(folder, G_FILE_TEST_EXISTS));
	CU_ASSERT_EQUAL(count_hidden(out), 0);
	g_free(err);
	/* The same file with room enough is done (not under AddressSanitizer,
	 * whose shadow memory alone is larger than any address-space limit). */
#if !defined(__SANITIZE_ADDRESS__)
	const char *roomy[] = { "run", "--max-memory", "4096", "-o", out, pdf, NULL };
	CU_ASSERT_EQUAL(run(roomy, &err), 0);
	CU_ASSERT_TRUE(qk_export_complete(folder));
	g_free(err);
#endif
	g_free(folder);
	g_free(out);
	g_free(pdf);
}

typedef struct {
	char *in, *out;
	GPtrArray *args;     /* the run's arguments, NULL-terminated */
	int expect_done, expect_failed;
	GPtrArray *bad;      /* inputs that must fail */
} Batch;

static void add_arg(Batch *b, const char *a)
{
	g_ptr_array_insert(b->args, (gint)b->args->len - 1, g_strdup(a));
}

/* Sample PDFs are good issues; those in samples/bad must fail, except a scanned
 * issue, which is done with warnings. */
static void add_samples(Batch *b)
{
	const char *samples = g_getenv("QK_SAMPLES");
	if (!samples)
		return;
	GDir *d = g_dir_open(samples, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		if (!g_str_has_suffix(n, ".pdf"))
			continue;
		char *p = path_in(samples, n);
		add_arg(b, p);
		b->expect_done++;
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	char *bad = path_in(samples, "bad");
	d = g_dir_open(bad, 0, NULL);
	while (d && (n = g_dir_read_name(d))) {
		char *p = path_in(bad, n);
		if (!g_file_test(p, G_FILE_TEST_IS_REGULAR) || n[0] == '.' ||
		    g_str_has_suffix(n, ".md")) {
			g_free(p);
			continue;
		}
		add_arg(b, p);
		if (strstr(n, "scanned")) {
			b->expect_done++;
		} else {
			b->expect_failed++;
			g_ptr_array_add(b->bad, g_strdup(p));
		}
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_free(bad);
}

static Batch *make_batch(void)
{
	Batch *b = g_new0(Batch, 1);
	b->in = path_in(root, "in");
	b->out = path_in(root, "out");
	b->args = g_ptr_array_new_with_free_func(g_free);
	b->bad = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(b->args, NULL);
	char *sub = path_in(b->in, "sub");
	g_mkdir_with_parents(sub, 0777);
	char *p;
	make_pdf(p = path_in(b->in, "good1.pdf"), "朔州经济 2023年第1期", 3); g_free(p);
	make_pdf(p = path_in(sub, "GOOD2.PDF"), "朔州日报 第8881期", 2); g_free(p);
	make_pdf(p = path_in(sub, "good1.pdf"), "同名的另一期", 1); g_free(p);
	b->expect_done = 3;
	g_file_set_contents(p = path_in(b->in, "zero.pdf"), "", 0, NULL);
	g_ptr_array_add(b->bad, p);
	g_file_set_contents(p = path_in(b->in, "notpdf.pdf"), "<html>不是PDF</html>\n", -1, NULL);
	g_ptr_array_add(b->bad, p);
	char *whole = NULL;
	gsize len = 0;
	char *good = path_in(b->in, "good1.pdf");
	g_file_get_contents(good, &whole, &len, NULL);
	g_file_set_contents(p = path_in(b->in, "truncated.pdf"), whole, (gssize)len / 3, NULL);
	g_ptr_array_add(b->bad, p);
	g_free(whole);
	g_free(good);
	b->expect_failed = 3;
	g_file_set_contents(p = path_in(b->in, "readme.txt"), "not an input", -1, NULL);
	g_free(p);
	g_free(sub);

	add_arg(b, "run");
	add_arg(b, "--jobs");
	add_arg(b, "2");
	add_arg(b, "-o");
	add_arg(b, b->out);
	add_arg(b, b->in);
	add_samples(b);
	return b;
}

static void free_batch(Batch *b)
{
	g_ptr_array_unref(b->args);
	g_ptr_array_unref(b->bad);
	g_free(b->in);
	g_free(b->out);
	g_free(b);
}

static void test_batch(void)
{
	Batch *b = make_batch();
	/* Someone else's file in OUT is left alone. */
	g_mkdir_with_parents(b->out, 0777);
	char *keep = path_in(b->out, "keep.txt");
	g_file_set_contents(keep, "mine", -1, NULL);
	char *err = NULL;
	int rc = run((const char *const *)b->args->pdata, &err);
	char *kept = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(keep, &kept, NULL, NULL));
	CU_ASSERT_STRING_EQUAL(kept ? kept : "", "mine");
	g_free(kept);
	g_free(keep);
	CU_ASSERT_EQUAL(rc, 1);
	int total = b->expect_done + b->expect_failed;
	char *summary = g_strdup_printf("qikan run: %d issues: %d done, %d failed, 0 skipped",
	                                total, b->expect_done, b->expect_failed);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, summary));
	if (!strstr(err, summary))
		fprintf(stderr, "\nwanted «%s» in:\n%s\n", summary, err);
	g_free(summary);
	for (guint i = 0; i < b->bad->len; i++) {
		char *line = g_strdup_printf("failed   %s: ", (char *)g_ptr_array_index(b->bad, i));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, line));
		g_free(line);
	}
	/* Same file name in two folders: two issues, two folders. */
	char *p;
	CU_ASSERT_TRUE(qk_export_complete(p = path_in(b->out, "good1"))); g_free(p);
	CU_ASSERT_TRUE(qk_export_complete(p = path_in(b->out, "good1-2"))); g_free(p);
	CU_ASSERT_TRUE(qk_export_complete(p = path_in(b->out, "GOOD2"))); g_free(p);
	g_free(err);

	/* Corpus files: one manifest/issues row per input. */
	GPtrArray *man = read_csv(b->out, "manifest.csv");
	GPtrArray *issues = read_csv(b->out, "issues.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(man);
	CU_ASSERT_PTR_NOT_NULL_FATAL(issues);
	CU_ASSERT_EQUAL(man->len, (guint)total + 1);
	CU_ASSERT_EQUAL(issues->len, (guint)total + 1);
	CU_ASSERT_STRING_EQUAL(field(issues, 0, 0), "issue");
	int done = 0, articles = 0;
	for (guint r = 1; r < man->len; r++) {
		const char *name = field(man, r, 0);
		if (strcmp(field(man, r, 3), "done") != 0) {
			CU_ASSERT_TRUE(strlen(field(man, r, 4)) > 0);  /* a reason */
			continue;
		}
		done++;
		CU_ASSERT_EQUAL(strlen(field(man, r, 2)), 64);  /* sha256 */
		char *dir = path_in(b->out, name);
		check_issue_folder(dir);
		GPtrArray *a = read_csv(dir, "articles.csv");
		articles += a ? (int)a->len - 1 : 0;
		if (a)
			g_ptr_array_unref(a);
		g_free(dir);
	}
	CU_ASSERT_EQUAL(done, b->expect_done);
	GPtrArray *all = read_csv(b->out, "all-articles.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(all);
	CU_ASSERT_EQUAL(all->len, (guint)articles + 1);
	CU_ASSERT_STRING_EQUAL(field(all, 0, 0), "issue");
	CU_ASSERT_STRING_EQUAL(field(all, 0, 1), "article_id");
	g_ptr_array_unref(all);
	all = read_csv(b->out, "all-indicators.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(all);
	CU_ASSERT_STRING_EQUAL(field(all, 0, 2), "period");
	g_ptr_array_unref(all);
	g_ptr_array_unref(man);
	g_ptr_array_unref(issues);

	/* --resume: nothing changed, so the good ones are skipped and the bad
	 * ones tried again. */
	add_arg(b, "--resume");
	rc = run((const char *const *)b->args->pdata, &err);
	CU_ASSERT_EQUAL(rc, 1);
	summary = g_strdup_printf("%d issues: 0 done, %d failed, %d skipped",
	                          total, b->expect_failed, b->expect_done);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, summary));
	g_free(summary);
	g_free(err);

	/* A changed input is done again; a deleted folder is rebuilt. */
	make_pdf(p = path_in(b->in, "good1.pdf"), "朔州经济 2023年第2期", 2); g_free(p);
	qk_file_remove_tree(p = path_in(b->out, "GOOD2")); g_free(p);
	rc = run((const char *const *)b->args->pdata, &err);
	CU_ASSERT_EQUAL(rc, 1);
	summary = g_strdup_printf("%d issues: 2 done, %d failed, %d skipped",
	                          total, b->expect_failed, b->expect_done - 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, summary));
	g_free(summary);
	g_free(err);
	CU_ASSERT_TRUE(qk_export_complete(p = path_in(b->out, "GOOD2"))); g_free(p);
	free_batch(b);
}

static void test_timeout(void)
{
	char *dir = path_in(root, "hang");
	char *out = path_in(root, "hang-out");
	g_mkdir_with_parents(dir, 0777);
	char *fifo = path_in(dir, "hang.pdf");  /* reading it blocks forever */
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	char *good = path_in(dir, "ok.pdf");
	make_pdf(good, "按时完成", 1);
	const char *args[] = { "run", "--timeout", "1", "-o", out, fifo, good, NULL };
	char *err = NULL;
	gint64 t0 = g_get_monotonic_time();
	CU_ASSERT_EQUAL(run(args, &err), 1);
	CU_ASSERT_TRUE(g_get_monotonic_time() - t0 < 20 * G_USEC_PER_SEC);
	/* never opened: refused at once (issue 12, item 8) */
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file (FIFO)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "2 issues: 1 done, 1 failed"));
	g_free(err);
	g_free(good);
	g_free(fifo);
	g_free(out);
	g_free(dir);
}

/* --password reaches the worker (through its environment). */
static void test_password(void)
{
	char *qpdf = g_find_program_in_path("qpdf");
	CU_ASSERT_PTR_NOT_NULL_FATAL(qpdf);  /* a listed build dependency */
	char *plain = path_in(root, "plain.pdf");
	char *locked = path_in(root, "locked.pdf");
	char *out = path_in(root, "locked-out");
	make_pdf(plain, "加密的一期", 1);
	const char *enc[] = { qpdf, "--encrypt", "secret", "owner-pw", "256", "--",
	                      plain, locked, NULL };
	int status = -1;
	CU_ASSERT_TRUE_FATAL(g_spawn_sync(NULL, (char **)enc, NULL,
	                                  G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
	                                  NULL, NULL, &status, NULL));
	CU_ASSERT_EQUAL_FATAL(status, 0);
	const char *none[] = { "run", "-o", out, locked, NULL };
	const char *wrong[] = { "run", "--password", "nope", "-o", out, locked, NULL };
	const char *right[] = { "run", "--password", "secret", "-o", out, locked, NULL };
	char *err = NULL;
	CU_ASSERT_EQUAL(run(none, &err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "password"));
	g_free(err);
	CU_ASSERT_EQUAL(run(wrong, &err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "password"));
	g_free(err);
	CU_ASSERT_EQUAL(run(right, NULL), 0);
	char *dir = path_in(out, "locked");
	CU_ASSERT_TRUE(qk_export_complete(dir));
	g_free(dir);
	g_free(out);
	g_free(locked);
	g_free(plain);
	g_free(qpdf);
}

/* Every visible entry of a killed batch's output is whole. */
static void check_no_half_files(const char *out, int *folders)
{
	GDir *d = g_dir_open(out, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *n;
	*folders = 0;
	while ((n = g_dir_read_name(d))) {
		if (n[0] == '.')  /* temporary names, cleaned by --resume */
			continue;
		char *p = path_in(out, n);
		if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
			(*folders)++;
			CU_ASSERT_TRUE(qk_export_complete(p));
			const char *files[] = { "toc.csv", "articles.csv", "tables.csv",
			                        "indicators.csv", "quantities.csv" };
			for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
				GPtrArray *rows = read_csv(p, files[i]);
				CU_ASSERT_PTR_NOT_NULL(rows);
				if (rows)
					g_ptr_array_unref(rows);
			}
			char *xml = path_in(p, "issue.xml");
			QkIssue *is = qk_model_read_file(xml, NULL);
			CU_ASSERT_PTR_NOT_NULL(is);
			qk_issue_free(is);
			g_free(xml);
		} else if (g_str_has_suffix(n, ".csv")) {
			GPtrArray *rows = read_csv(out, n);
			CU_ASSERT_PTR_NOT_NULL(rows);
			if (rows)
				g_ptr_array_unref(rows);
		}
		g_free(p);
	}
	g_dir_close(d);
}

static void test_kill_and_resume(void)
{
	const int n = 40;
	char *in = path_in(root, "many");
	char *out = path_in(root, "many-out");
	g_mkdir_with_parents(in, 0777);
	char *src = path_in(root, "one.pdf");
	make_pdf(src, "朔州经济 批量", 4);
	for (int i = 0; i < n; i++) {
		char *name = g_strdup_printf("issue-%03d.pdf", i);
		char *p = path_in(in, name);
		CU_ASSERT_EQUAL(symlink(src, p), 0);
		g_free(p);
		g_free(name);
	}
	const char *argv[] = { qikan, "run", "-q", "--jobs", "2", "-o", out, in, NULL };
	GPid pid;
	CU_ASSERT_TRUE_FATAL(g_spawn_async(NULL, (char **)argv, NULL,
	                                   G_SPAWN_DO_NOT_REAP_CHILD |
	                                   G_SPAWN_STDOUT_TO_DEV_NULL |
	                                   G_SPAWN_STDERR_TO_DEV_NULL,
	                                   NULL, NULL, &pid, NULL));
	/* Kill it once a few issues are out, in the middle of others. */
	int folders = 0;
	for (int i = 0; i < 2000 && folders < 3; i++) {
		g_usleep(5000);
		GDir *d = g_dir_open(out, 0, NULL);
		const char *e;
		folders = 0;
		while (d && (e = g_dir_read_name(d)))
			folders += g_str_has_prefix(e, "issue-");
		if (d)
			g_dir_close(d);
	}
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	g_spawn_close_pid(pid);
	g_usleep(300000);  /* workers die with the batch (PR_SET_PDEATHSIG) */
	CU_ASSERT_TRUE(WIFSIGNALED(status));
	check_no_half_files(out, &folders);
	/* What a kill during the manifest's rewrite would leave. */
	char *tmp_manifest = path_in(out, "manifest.csv.Ab12Cd");
	g_file_set_contents(tmp_manifest, "name,fi", -1, NULL);
	CU_ASSERT_TRUE(folders >= 3);
	CU_ASSERT_TRUE(folders < n);  /* it was killed in the middle */
	int before = folders;

	const char *resume[] = { "run", "-q", "--resume", "--jobs", "2", "-o", out,
	                         in, NULL };
	char *err = NULL;
	CU_ASSERT_EQUAL(run(resume, &err), 0);
	char *want = g_strdup_printf("qikan run: %d issues: ", n);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, " 0 failed"));
	/* Every folder finished before the kill is skipped, not redone. */
	int done = -1, skipped = -1;
	const char *sum = strstr(err, want);
	if (sum)
		sscanf(sum + strlen(want), "%d done, 0 failed, %d skipped", &done, &skipped);
	CU_ASSERT_EQUAL(done + skipped, n);
	CU_ASSERT_TRUE(skipped >= before);
	g_free(want);
	g_free(err);
	check_no_half_files(out, &folders);
	CU_ASSERT_EQUAL(folders, n);
	CU_ASSERT_EQUAL(count_hidden(out), 0);
	CU_ASSERT_FALSE(g_file_test(tmp_manifest, G_FILE_TEST_EXISTS));
	g_free(tmp_manifest);
	GPtrArray *man = read_csv(out, "manifest.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(man);
	CU_ASSERT_EQUAL(man->len, (guint)n + 1);
	g_ptr_array_unref(man);
	g_free(src);
	g_free(out);
	g_free(in);
}

int main(void)
{
	qikan = g_getenv("QK_QIKAN");
	if (!qikan) {
		fprintf(stderr, "QK_QIKAN (the qikan binary) is not set\n");
		return 1;
	}
	root = g_dir_make_tmp("qk-batch-XXXXXX", NULL);
	if (!root)
		return 1;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("batch", NULL, NULL);
	CU_add_test(s, "usage errors exit 2", test_usage);
	CU_add_test(s, "good and bad inputs, corpus files, resume", test_batch);
	CU_add_test(s, "a hung input times out alone", test_timeout);
	CU_add_test(s, "memory guard", test_memory_guard);
	CU_add_test(s, "password for encrypted PDFs", test_password);
	CU_add_test(s, "SIGKILL mid-batch, then --resume", test_kill_and_resume);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	cairo_debug_reset_static_data();  /* no false leak reports */
	if (failures == 0)
		qk_file_remove_tree(root);
	else
		fprintf(stderr, "scratch files kept in %s\n", root);
	g_free(root);
	return failures > 0;
}
