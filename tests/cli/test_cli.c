/*
 * test_cli.c — the qikan command on bad input: each case gets a one-line
 * error naming the file and the cause, the documented exit code, no crash,
 * and no partial output file; and the batch's corpus files and --timings
 * summary on sample PDFs.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "csvout.h"
#include "fileio.h"
#include "qkrun.h"

static char *tmpdir;

typedef QkRun Run;
#define run_free qk_run_clear
#define count_lines qk_test_count_lines

/* Runs qikan with args (NULL-terminated), with stdin_text on its input. */
static Run run_qikan(const char *stdin_text, const char *first, ...)
{
	char *in = NULL;
	if (stdin_text) {
		in = g_build_filename(tmpdir, "stdin.txt", NULL);
		g_file_set_contents(in, stdin_text, -1, NULL);
	}
	va_list ap;
	va_start(ap, first);
	Run r = qk_test_runv(in, first, ap);
	va_end(ap);
	g_free(in);
	return r;
}

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

/* A sample PDF to damage: the smallest one the typesetter made. */
static char *some_pdf(void)
{
	const char *names[] = { "mini.pdf", "newspaper-2023-10-31.pdf", "magazine-2023-01.pdf" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *p = sample(names[i]);
		if (g_file_test(p, G_FILE_TEST_EXISTS))
			return p;
		g_free(p);
	}
	return NULL;
}

/* Bad PDF inputs to `qikan extract FILE -o OUT`: exit 1, one line naming
 * the file and the cause, and OUT never created. */
static void check_extract_fails(const char *path, const char *cause)
{
	char *out = tmp_path("out.xml");
	g_unlink(out);
	Run r = run_qikan(NULL, "extract", path, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(count_lines(r.err), 1);
	char *want = g_strdup_printf("qikan: %s: ", path);
	CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, want));
	CU_ASSERT_TRUE(r.err && strstr(r.err, cause) != NULL);
	if (!r.err || !strstr(r.err, cause))
		fprintf(stderr, "\n  %s: got %s", path, r.err ? r.err : "(null)");
	CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
	g_free(want);
	run_free(&r);
	g_free(out);
}

static void test_missing_file(void)
{
	char *p = tmp_path("no-such-issue.pdf");
	check_extract_fails(p, "No such file");
	g_free(p);
}

static void test_directory(void)
{
	check_extract_fails(tmpdir, "is a directory");
}

static void test_empty_file(void)
{
	char *p = tmp_path("empty.pdf");
	g_file_set_contents(p, "", 0, NULL);
	check_extract_fails(p, "empty file");
	g_free(p);
}

static void test_not_pdf(void)
{
	char *p = tmp_path("notes.pdf");
	g_file_set_contents(p, "朔州经济 2023年第1期\n这不是PDF。\n", -1, NULL);
	check_extract_fails(p, "not a PDF");
	g_free(p);
}

static void test_truncated(void)
{
	char *src = some_pdf();
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	char *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(src, &data, &len, NULL));
	/* cut at several points: a few bytes, a third, just before the end */
	gsize cuts[] = { 9, len / 3, len - 40 };
	for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
		char *p = tmp_path("truncated.pdf");
		g_file_set_contents(p, data, (gssize)cuts[i], NULL);
		check_extract_fails(p, "truncated");
		g_free(p);
	}
	g_free(data);
	g_free(src);
}

static void test_garbage_in_middle(void)
{
	char *src = some_pdf();
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	char *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(src, &data, &len, NULL));
	/* overwrite the xref table and trailer's start pointer with junk */
	char *x = NULL;
	for (char *hit = data; (hit = memmem(hit, len - (gsize)(hit - data), "startxref", 9)); hit++)
		x = hit;
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	memset(x, 'Z', 9);
	char *p = tmp_path("bad-xref.pdf");
	g_file_set_contents(p, data, (gssize)len, NULL);
	/* Poppler rebuilds a broken xref; either it reads the pages (exit 0)
	 * or it says the file is damaged (exit 1): never a crash. */
	Run r = run_qikan(NULL, "extract", p, "-o", "/dev/null", NULL);
	CU_ASSERT_TRUE(r.status == 0 || (r.status == 1 && count_lines(r.err) >= 1));
	run_free(&r);
	g_free(p);
	g_free(data);
	g_free(src);
}

static void test_encrypted(void)
{
	char *p = sample("bad/encrypted.pdf");
	CU_ASSERT_TRUE_FATAL(g_file_test(p, G_FILE_TEST_EXISTS));
	check_extract_fails(p, "encrypted PDF: give the password with --password");
	Run r = run_qikan(NULL, "extract", p, "--password", "wrong", "-o", "/dev/null", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_TRUE(r.err && strstr(r.err, "password given is wrong"));
	run_free(&r);
	r = run_qikan(NULL, "extract", p, "--password", "secret", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_TRUE(r.out && strstr(r.out, "<issue version=\"1\""));
	run_free(&r);
	g_free(p);
}

static void test_scanned_is_warning(void)
{
	char *p = sample("bad/scanned.pdf");
	CU_ASSERT_TRUE_FATAL(g_file_test(p, G_FILE_TEST_EXISTS));
	/* without OCR (tests/cli/test_ocr.c reads scans with it) */
	Run r = run_qikan(NULL, "extract", "--ocr=never", p, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_TRUE(r.err && strstr(r.err, "warning: page 1") && strstr(r.err, p));
	CU_ASSERT_TRUE(r.out && strstr(r.out, "scanned=\"true\""));
	run_free(&r);
	/* a batch shows the warning under the file's status line */
	char *out = tmp_path("run-scanned");
	r = run_qikan(NULL, "run", "--ocr=never", p, "-o", out, "--jobs", "1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_TRUE(r.err && strstr(r.err, "done ") && strstr(r.err, "warning: page 1: "));
	run_free(&r);
	g_free(out);
	g_free(p);
}

static const char *bad_models[] = {
	"",
	"<issue",
	"%PDF-1.4 not xml",
	"<?xml version=\"1.0\"?><issue version=\"1\"/>",
};

static void test_bad_model_normalize_export(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_models); i++) {
		char *in = tmp_path("model.xml");
		g_file_set_contents(in, bad_models[i], -1, NULL);
		char *out = tmp_path("norm.xml");
		char *want = g_strdup_printf("qikan: %s: ", in);
		Run r;
		for (int k = 0; k < 2; k++) {
			g_unlink(out);
			r = run_qikan(NULL, k ? "structure" : "normalize", in, "-o", out, NULL);
			CU_ASSERT_EQUAL(r.status, 1);
			CU_ASSERT_EQUAL(count_lines(r.err), 1);
			CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, want));
			CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
			run_free(&r);
		}

		char *dir = tmp_path("export-out");
		r = run_qikan(NULL, "export", "--to", dir, in, NULL);
		CU_ASSERT_EQUAL(r.status, 1);
		CU_ASSERT_EQUAL(count_lines(r.err), 1);
		CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, want));
		CU_ASSERT_FALSE(g_file_test(dir, G_FILE_TEST_EXISTS));
		run_free(&r);

		/* and through standard input */
		r = run_qikan(bad_models[i], "normalize", NULL);
		CU_ASSERT_EQUAL(r.status, 1);
		CU_ASSERT_TRUE(r.err && g_str_has_prefix(r.err, "qikan: <stdin>: "));
		run_free(&r);
		g_free(want);
		g_free(dir);
		g_free(out);
		g_free(in);
	}
}

static void test_usage_errors(void)
{
	Run r = run_qikan(NULL, "extract", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	run_free(&r);
	r = run_qikan(NULL, "extract", "--no-such-option", "x.pdf", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	run_free(&r);
	r = run_qikan(NULL, "frobnicate", NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	run_free(&r);
	r = run_qikan(NULL, "export", "model.xml", NULL); /* no --to */
	CU_ASSERT_EQUAL(r.status, 2);
	run_free(&r);
	r = run_qikan(NULL, "--version", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_TRUE(r.out && g_str_has_prefix(r.out, "qikan "));
	run_free(&r);
	const char *cmds[] = { "extract", "structure", "normalize", "export", "run" };
	for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
		r = run_qikan(NULL, cmds[i], "--help", NULL);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_TRUE(r.out && strstr(r.out, "Examples") && strstr(r.out, "Exit status"));
		run_free(&r);
	}
}

static char *file_text(const char *path)
{
	char *data = NULL;
	g_file_get_contents(path, &data, NULL, NULL);
	return data;
}

/* The pipeline on a sample: extract writes the layout (no articles),
 * structure adds them, normalize and export follow; the result is what
 * `qikan run` writes, byte for byte. */
static void test_pipeline_stages(void)
{
	char *pdf = some_pdf();
	CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
	char *x1 = tmp_path("stage1.xml"), *x2 = tmp_path("stage2.xml");
	char *x3 = tmp_path("stage3.xml"), *dir = tmp_path("stage-out");
	char *runs = tmp_path("run-out");
	Run r = run_qikan(NULL, "extract", pdf, "-o", x1, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	run_free(&r);
	r = run_qikan(NULL, "structure", x1, "-o", x2, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	run_free(&r);
	r = run_qikan(NULL, "normalize", x2, "-o", x3, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	run_free(&r);
	r = run_qikan(NULL, "export", "--to", dir, x3, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	run_free(&r);
	r = run_qikan(NULL, "run", pdf, "-o", runs, "--quiet", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	run_free(&r);

	char *layout = file_text(x1), *structured = file_text(x2);
	CU_ASSERT_TRUE(layout && !strstr(layout, "<article ") && !strstr(layout, "<toc>"));
	CU_ASSERT_TRUE(structured && strstr(structured, "<article "));
	char *ix = g_build_filename(dir, "issue.xml", NULL);
	char *base = g_path_get_basename(pdf);
	base[strlen(base) - 4] = '\0';
	char *rx = g_build_filename(runs, base, "issue.xml", NULL);
	char *piped = file_text(ix), *ran = file_text(rx);
	CU_ASSERT_TRUE(piped && strstr(piped, "normalized=\"true\""));
	CU_ASSERT_TRUE(piped && ran && strcmp(piped, ran) == 0);
	g_free(piped);
	g_free(ran);
	g_free(rx);
	g_free(base);
	g_free(layout);
	g_free(structured);
	g_free(ix);
	g_free(x1);
	g_free(x2);
	g_free(x3);
	g_free(runs);
	g_free(dir);
	g_free(pdf);
}

/* ---- the batch's corpus files and --timings summary (cli/manifest.c,
 * cli/batch.c) ----------------------------------------------------------
 * all-articles.csv and all-indicators.csv are every done issue's rows
 * re-encoded with its name first, byte for byte, whether the rows were
 * gathered while the batch ran (its spool) or read at its end (issues of an
 * earlier run), and whether an issue file is written as qikan writes it or
 * otherwise (every field quoted: re-encoded, not copied); --timings ends
 * with the batch's own CPU time around its workers and the run's critical
 * path one issue at a time and --jobs at a time. */

static GPtrArray *read_csv(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL);
	GPtrArray *rows = qk_csv_read_file(p, NULL);
	g_free(p);
	return rows;
}

static const char *cell(GPtrArray *rows, guint r, guint c)
{
	GPtrArray *row = g_ptr_array_index(rows, r);
	return c < row->len ? g_ptr_array_index(row, c) : "";
}

/* What OUT/<corpus> must hold: its header as written, then for each done
 * issue of the manifest, in its order, the rows of OUT/<issue>/<file>
 * encoded with the issue's name first. */
static char *expected_corpus(const char *out, const char *file, const char *corpus,
                             int *issues)
{
	char *text = qk_test_read_text(out, corpus);
	GPtrArray *man = read_csv(out, "manifest.csv");
	if (!text || !man) {
		g_free(text);
		if (man)
			g_ptr_array_unref(man);
		return NULL;
	}
	QkCsv *csv = qk_csv_new();
	char *nl = strchr(text, '\n');
	GString *want = g_string_new_len(text, nl ? nl - text + 1 : 0);
	*issues = 0;
	for (guint r = 1; r < man->len; r++) {
		if (strcmp(cell(man, r, 3), "done") != 0)
			continue;
		const char *name = cell(man, r, 0);
		char *dir = g_build_filename(out, name, NULL);
		GPtrArray *rows = read_csv(dir, file);
		g_free(dir);
		CU_ASSERT_PTR_NOT_NULL(rows);
		for (guint i = 1; rows && i < rows->len; i++) {
			GPtrArray *row = g_ptr_array_index(rows, i);
			qk_csv_str(csv, name);
			for (guint c = 0; c < row->len; c++)
				qk_csv_str(csv, g_ptr_array_index(row, c));
			qk_csv_end(csv);
		}
		if (rows)
			g_ptr_array_unref(rows);
		(*issues)++;
	}
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	g_string_append_len(want, data, (gssize)len);
	qk_csv_free(csv);
	g_ptr_array_unref(man);
	g_free(text);
	return g_string_free(want, FALSE);
}

static void check_corpus(const char *out, int want_issues)
{
	static const char *const parts[][2] = {
		{ "articles.csv", "all-articles.csv" },
		{ "indicators.csv", "all-indicators.csv" },
	};
	for (gsize p = 0; p < G_N_ELEMENTS(parts); p++) {
		int issues = 0;
		char *want = expected_corpus(out, parts[p][0], parts[p][1], &issues);
		char *got = qk_test_read_text(out, parts[p][1]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		CU_ASSERT_EQUAL(issues, want_issues);
		CU_ASSERT_TRUE(strlen(got) > 100);   /* rows, not only a header */
		CU_ASSERT_STRING_EQUAL(got, want);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "\n%s: %zu bytes, wanted %zu\n", parts[p][1],
			        strlen(got), strlen(want));
		g_free(got);
		g_free(want);
	}
}

/* Rewrites dir/name with every field quoted: the same rows, written
 * otherwise than qikan writes them. */
static void quote_everything(const char *dir, const char *name)
{
	GPtrArray *rows = read_csv(dir, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
	GString *s = g_string_new(NULL);
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		for (guint c = 0; c < row->len; c++) {
			char **bits = g_strsplit(g_ptr_array_index(row, c), "\"", -1);
			char *doubled = g_strjoinv("\"\"", bits);
			g_string_append_printf(s, "%s\"%s\"", c ? "," : "", doubled);
			g_free(doubled);
			g_strfreev(bits);
		}
		g_string_append_c(s, '\n');
	}
	g_ptr_array_unref(rows);
	char *p = g_build_filename(dir, name, NULL);
	CU_ASSERT_TRUE(g_file_set_contents(p, s->str, (gssize)s->len, NULL));
	g_free(p);
	g_string_free(s, TRUE);
}

static void test_corpus_rows(void)
{
	char *out = g_build_filename(tmpdir, "corpus", NULL);
	char *mag = sample("magazine-2023-04.pdf"), *mini = sample("mini.pdf");
	char *paper = sample("newspaper-2023-10-31.pdf");
	/* two issues, gathered while the batch runs */
	QkRun r = qk_test_runl(NULL, "run", "--quiet", "--jobs", "2", "-o", out, mag,
	                       mini, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	check_corpus(out, 2);

	/* one of them written otherwise, then a third issue into the same OUT:
	 * the earlier two are read at the end, the odd one re-encoded */
	char *dir = g_build_filename(out, "mini", NULL);
	quote_everything(dir, "articles.csv");
	quote_everything(dir, "indicators.csv");
	char *odd = qk_test_read_text(dir, "articles.csv");
	CU_ASSERT_PTR_NOT_NULL(odd ? strstr(odd, "\n\"a1\",") : NULL);   /* quoted now */
	g_free(odd);
	r = qk_test_runl(NULL, "run", "--quiet", "--jobs", "2", "-o", out, paper, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	check_corpus(out, 3);
	char *all = qk_test_read_text(out, "all-articles.csv");
	CU_ASSERT_PTR_NOT_NULL(all);
	CU_ASSERT_PTR_NOT_NULL(all ? strstr(all, "\nmini,a1,") : NULL);
	CU_ASSERT_PTR_NULL(all ? strstr(all, "\"a1\"") : NULL);
	g_free(all);

	/* --resume: every issue unchanged, all read at the end */
	r = qk_test_runl(NULL, "run", "--quiet", "--resume", "-o", out, mag, mini, paper,
	                 NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "0 done, 0 failed, 3 skipped"));
	qk_run_clear(&r);
	check_corpus(out, 3);
	g_free(dir);
	g_free(paper);
	g_free(mini);
	g_free(mag);
	g_free(out);
}

/* The number after key in s, -1 when key is not there. */
static double number_after(const char *s, const char *key)
{
	const char *p = s ? strstr(s, key) : NULL;
	return p ? g_ascii_strtod(p + strlen(key), NULL) : -1;
}

static void test_timings_summary(void)
{
	char *out = g_build_filename(tmpdir, "timings", NULL);
	char *mag = sample("magazine-2023-01.pdf"), *mini = sample("mini.pdf");
	char *paper = sample("newspaper-2023-10-31.pdf");
	QkRun r = qk_test_runl(NULL, "run", "--quiet", "--timings", "--jobs", "2", "-o", out,
	                       mag, mini, paper, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	const char *line = r.err ? strstr(r.err, "qikan run: timing: batch CPU ") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	double before = number_after(line, "batch CPU ");
	double after = number_after(line, "s beside them (");
	double workers = number_after(line, "workers CPU ");
	double one = number_after(line, "cores ");
	const char *two_at = strstr(line, "one at a time, ");
	double two = number_after(two_at, "one at a time, ");
	double speedup = number_after(line, " 2 at a time: ");
	CU_ASSERT_TRUE(before > 0);       /* the batch's start */
	CU_ASSERT_TRUE(after >= 0);       /* its share of each issue */
	CU_ASSERT_TRUE(workers > 0.01);   /* three issues read */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "workers CPU") && strstr(line, "(3)"));
	/* one at a time is at least the workers' CPU; two at a time at least
	 * the longest issue, and never more than one at a time */
	CU_ASSERT_TRUE(one >= workers);
	CU_ASSERT_TRUE(two > 0 && two <= one);
	CU_ASSERT_TRUE(speedup >= 1.0 && speedup <= 2.0);
	/* the figures are printed to the millisecond, the ratio to 0.01 */
	CU_ASSERT_DOUBLE_EQUAL(speedup, one / two, 0.05);
	if (!line || two <= 0)
		fprintf(stderr, "\n%s\n", r.err);
	qk_run_clear(&r);
	g_free(paper);
	g_free(mini);
	g_free(mag);
	g_free(out);
}

/* The worker's critical path (core/parallel.h): every segment of its
 * stages, in order, each share the larger of the stages' thread's CPU and
 * the others' per other core; the sum is at least the stages' thread's CPU,
 * at most the worker's CPU, and at least half the worker's CPU over the
 * cores (what runs beside and is not waited for is left out: the checksum
 * and the normalizer, a small part of a 4-page issue). */
static void test_worker_critical_path(void)
{
	char *out = g_build_filename(tmpdir, "critical", NULL);
	char *paper = sample("newspaper-2023-10-31.pdf");
	QkRun r = qk_test_runl(NULL, "run", "--timings", "--threads", "2", "-o", out, paper, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	const char *line = r.err ? strstr(r.err, "timing: critical path ") : NULL;
	const char *batch = r.err ? strstr(r.err, "qikan run: timing: batch CPU ") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_PTR_NOT_NULL_FATAL(batch);
	double total = number_after(line, "timing: critical path ");
	double workers = number_after(batch, "workers CPU ") * 1000;
	static const char *const segs[] = {
		"read", "passes", "layout", "labels", "structure", "wait",
		"normalize", "export",
	};
	const char *p = strstr(line, " ms CPU: ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen(" ms CPU: ");
	double sum = 0, own_sum = 0;
	for (gsize i = 0; i < G_N_ELEMENTS(segs); i++) {
		char *key = g_strdup_printf("%s ", segs[i]);
		CU_ASSERT_TRUE(g_str_has_prefix(p, key));
		double share = g_ascii_strtod(p + strlen(key), (char **)&p);
		double own = number_after(p, "(");
		double others = number_after(p, "|");
		CU_ASSERT_TRUE(own >= 0 && others >= 0);
		CU_ASSERT_DOUBLE_EQUAL(share, MAX(own, others), 0.051);
		sum += share;
		own_sum += own;
		const char *next = strstr(p, ", ");
		p = next ? next + 2 : p + strlen(p);
		g_free(key);
	}
	CU_ASSERT_DOUBLE_EQUAL(total, sum, 0.06 * G_N_ELEMENTS(segs));
	/* reading four pages is work: well over a millisecond */
	CU_ASSERT_TRUE(total > 1);
	CU_ASSERT_TRUE(total <= workers + 1);
	CU_ASSERT_TRUE(total >= own_sum - 0.1 * G_N_ELEMENTS(segs));
	CU_ASSERT_TRUE(total >= workers / (2 * g_get_num_processors()));
	if (total <= 1 || total > workers + 1)
		fprintf(stderr, "\n%s\n", r.err);
	qk_run_clear(&r);
	g_free(paper);
	g_free(out);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SAMPLES")) {
		fprintf(stderr, "QK_QIKAN and QK_SAMPLES must be set (meson test sets them)\n");
		return 1;
	}
	tmpdir = g_dir_make_tmp("qk-cli-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("cli", NULL, NULL);
	CU_add_test(s, "missing file", test_missing_file);
	CU_add_test(s, "a directory", test_directory);
	CU_add_test(s, "empty file", test_empty_file);
	CU_add_test(s, "not a PDF", test_not_pdf);
	CU_add_test(s, "truncated PDF at several points", test_truncated);
	CU_add_test(s, "garbage over the xref pointer", test_garbage_in_middle);
	CU_add_test(s, "encrypted PDF, with and without password", test_encrypted);
	CU_add_test(s, "scanned pages are a warning", test_scanned_is_warning);
	CU_add_test(s, "malformed model XML to normalize/export", test_bad_model_normalize_export);
	CU_add_test(s, "usage errors exit 2, help and version", test_usage_errors);
	CU_add_test(s, "extract | structure | normalize | export = run", test_pipeline_stages);
	CU_add_test(s, "batch corpus rows: spooled, read at the end, written otherwise",
	            test_corpus_rows);
	CU_add_test(s, "batch --timings: its CPU and critical path", test_timings_summary);
	CU_add_test(s, "worker --timings: its critical path, segment by segment",
	            test_worker_critical_path);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
