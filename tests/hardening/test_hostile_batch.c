/*
 * test_hostile_batch.c — the hostile-input cases of issue 12 that concern
 * one page's cost, `qikan run` and its output folder, each run with a time
 * and a peak-memory bound asserted (the child's rusage, which counts the
 * workers it waited for), as cmark's pathological tests do. Every case
 * prints "hostile: NAME: S s, M MB" for the record.
 *
 * A run over its bounds is killed here (at twice the bound), so a
 * regression fails the test instead of taking the machine down.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "minipdf.h"
#include "fileio.h"

extern char **environ;

/* Sanitizers slow qikan and grow it: bounds are scaled for them. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOW 4.0
#define FAT 4.0
#else
#define SLOW 1.0
#define FAT 1.0
#endif

static char *tmpdir;

typedef struct {
	int status;        /* exit code, 128 + signal, -1: not started */
	char *out, *err;   /* standard output and error */
	double secs;
	double peak_mb;    /* largest resident size of it or a child it waited for */
	gboolean killed;   /* over twice a bound: stopped here */
} Bounded;

static void bounded_clear(Bounded *r)
{
	g_free(r->out);
	g_free(r->err);
}

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

/* Resident MB of pid now (0 when it has ended). */
static double resident_mb(pid_t pid)
{
	char *path = g_strdup_printf("/proc/%d/statm", (int)pid);
	char *text = NULL;
	double mb = 0;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char *p = strchr(text, ' ');
		mb = p ? g_ascii_strtod(p + 1, NULL) * (double)sysconf(_SC_PAGESIZE) / 1048576 : 0;
	}
	g_free(text);
	g_free(path);
	return mb;
}

static char *slurp(const char *path)
{
	char *s = NULL;
	if (!g_file_get_contents(path, &s, NULL, NULL))
		s = g_strdup("");
	return s;
}

/* A started qikan: spawned with its output in files. */
typedef struct {
	pid_t pid;
	char *out_path, *err_path;
	gint64 t0;
} Child;

static Child start(const char *cwd, const char *const *args)
{
	static int serial;
	Child c = { -1, NULL, NULL, g_get_monotonic_time() };
	int n = ++serial;
	char *o = g_strdup_printf("child-%d.out", n), *e = g_strdup_printf("child-%d.err", n);
	c.out_path = tmp_path(o);
	c.err_path = tmp_path(e);
	g_free(o);
	g_free(e);
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)g_getenv("QK_QIKAN"));
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (char *)*a);
	g_ptr_array_add(argv, NULL);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, c.out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, c.err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *old = cwd ? g_get_current_dir() : NULL;
	if (cwd && g_chdir(cwd) != 0)
		g_error("cannot enter %s", cwd);
	if (posix_spawn(&c.pid, argv->pdata[0], &fa, NULL, (char **)argv->pdata, environ) != 0)
		c.pid = -1;
	if (old && g_chdir(old) != 0)
		g_error("cannot go back to %s", old);
	g_free(old);
	posix_spawn_file_actions_destroy(&fa);
	g_ptr_array_free(argv, TRUE);
	return c;
}

/* Waits for c, killing it past twice max_secs or twice max_mb resident. */
static Bounded finish(Child c, double max_secs, double max_mb)
{
	Bounded r = { -1, NULL, NULL, 0, 0, FALSE };
	struct rusage ru;
	int st = 0;
	while (c.pid > 0) {
		pid_t w = wait4(c.pid, &st, WNOHANG, &ru);
		if (w == c.pid)
			break;
		if (w < 0 && errno != EINTR)
			break;
		double secs = (g_get_monotonic_time() - c.t0) / 1e6;
		double mb = resident_mb(c.pid);
		r.peak_mb = MAX(r.peak_mb, mb);
		if (!r.killed && (secs > 2 * max_secs || mb > 2 * max_mb)) {
			r.killed = TRUE;
			kill(c.pid, SIGKILL);
		}
		g_usleep(10000);
	}
	r.secs = (g_get_monotonic_time() - c.t0) / 1e6;
	if (c.pid > 0) {
		r.peak_mb = MAX(r.peak_mb, ru.ru_maxrss / 1024.0);
		r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	r.out = slurp(c.out_path);
	r.err = slurp(c.err_path);
	g_unlink(c.out_path);
	g_unlink(c.err_path);
	g_free(c.out_path);
	g_free(c.err_path);
	return r;
}

/* Runs qikan in cwd (NULL: here) and asserts it stayed within max_secs and
 * max_mb (both scaled under sanitizers); prints the figures as case. */
static Bounded run_bounded(const char *name, const char *cwd, const char *const *args,
                           double max_secs, double max_mb)
{
	max_secs *= SLOW;
	max_mb *= FAT;
	Bounded r = finish(start(cwd, args), max_secs, max_mb);
	fprintf(stderr, "\n  hostile: %s: %.2f s, %.0f MB (bounds %.0f s, %.0f MB), exit %d ",
	        name, r.secs, r.peak_mb, max_secs, max_mb, r.status);
	CU_ASSERT_FALSE(r.killed);
	CU_ASSERT_TRUE(r.secs < max_secs);
	CU_ASSERT_TRUE(r.peak_mb < max_mb);
	CU_ASSERT_TRUE(r.status >= 0 && r.status < 128);   /* never a crash */
	if (r.killed || r.secs >= max_secs || r.peak_mb >= max_mb || r.status >= 128)
		fprintf(stderr, "\n  stderr: %.2000s", r.err);
	return r;
}

/* Writes bytes (taken) to tmpdir/name; returns the path. */
static char *write_case(const char *name, GBytes *bytes)
{
	char *p = tmp_path(name);
	minipdf_save(bytes, p);
	return p;
}

/* dir/name's contents, or NULL. */
static char *read_text(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL);
	char *s = slurp(p);
	g_free(p);
	if (!*s)
		g_clear_pointer(&s, g_free);
	return s;
}

static gboolean exists_in(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL);
	gboolean e = g_file_test(p, G_FILE_TEST_EXISTS);
	g_free(p);
	return e;
}

/* A fresh empty folder tmpdir/name. */
static char *fresh_dir(const char *name)
{
	char *p = tmp_path(name);
	qk_file_remove_tree(p);
	g_mkdir_with_parents(p, 0777);
	return p;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* The source SHA-256 an issue folder's issue.xml records (caller frees). */
static char *folder_sha(const char *out, const char *name)
{
	char *dir = g_build_filename(out, name, NULL);
	char *xml = read_text(dir, "issue.xml");
	g_free(dir);
	const char *at = xml ? strstr(xml, "sha256=\"") : NULL;
	char *sha = at ? g_strndup(at + 8, 64) : NULL;
	g_free(xml);
	return sha;
}

static char *sha_of(const char *path)
{
	return qk_file_sha256(path, NULL);
}

/* ---- one page's cost (extract) ------------------------------------------- */

typedef struct {
	const char *name;
	GBytes *(*make)(void);
	const char *option;  /* an extra option, or NULL */
	int status;          /* expected exit */
	const char *message; /* expected on stderr */
	const char *xml;     /* expected in the model (status 0) */
	double max_secs, max_mb;
} ExtractCase;

static GBytes *text_bomb(void) { return minipdf_flate_bomb((gsize)200 << 20, TRUE); }
static GBytes *space_bomb(void) { return minipdf_flate_bomb((gsize)1 << 30, FALSE); }
static GBytes *huge_image(void) { return minipdf_huge_image(60000, 60000); }
static GBytes *image_200in(void) { return minipdf_image_page(1000, 1000, 14400, 14400); }
static GBytes *image_28in(void) { return minipdf_image_page(500, 500, 2000, 2000); }
static GBytes *many_fonts(void) { return minipdf_many_fonts(5000); }
static GBytes *tree_loop(void) { return minipdf_tree_loop(); }

static const ExtractCase extract_cases[] = {
	/* 611 KB that inflate to 200 MB of "(ab) Tj": was 8 GB and "Out of
	 * memory" (exit 134); now page 2 is left out with a warning */
	{ "text-flate-bomb", text_bomb, NULL, 0, "page 2 left out: more than",
	  "code=\"page-too-large\"", 20, 250 },
	/* 1 GB of spaces: counted to 64 MB, then left out */
	{ "space-flate-bomb", space_bomb, NULL, 0, "page 2 left out: more than 64 MB",
	  "footbridge", 30, 250 },
	/* 60000 x 60000 8-bit image, one row of data: never decoded, not
	 * even for OCR (its size is read from its dictionary first) */
	{ "image-60000x60000", huge_image, NULL, 0,
	  "page 1 not read with OCR: an image of 3600 million pixels", "code=\"page-too-large\"",
	  15, 250 },
	{ "image-60000x60000-force", huge_image, "--ocr=force", 0, "no text layer",
	  "code=\"no-text-layer\"", 15, 250 },
	/* a 200-inch page would be 3.6 G pixels at 300 dpi, and under 70 dpi
	 * within the render's 32 M: not read */
	{ "image-on-200in-page", image_200in, NULL, 0, "200 × 200 in is too large to render",
	  "code=\"page-too-large\"", 15, 250 },
	/* a 28-inch page is rendered at 204 dpi (32 M pixels), not 300 (69 M),
	 * and not enlarged for being under 250 dpi: the largest page image
	 * OCR reads, one 128 MB render */
	{ "image-on-28in-page", image_28in, NULL, 0, "and OCR found no text", "ocr-dpi=\"204\"",
	  30, 400 },
	/* 5,000 fonts on one page */
	{ "fonts-5000", many_fonts, NULL, 0, NULL, "textile", 60, 400 },
	{ "bad-mediabox-rotate", minipdf_bad_boxes, NULL, 0, NULL, "Odd page 8", 15, 250 },
	{ "page-tree-loop", tree_loop, NULL, 0, "cannot be read", "textile", 15, 250 },
	/* encrypted.pdf from the samples with a wrong password */
	{ "wrong-password", NULL, "--password=wrong", 1, "password", NULL, 15, 250 },
};

static void check_extract_case(const ExtractCase *c)
{
	char *pdf = c->make ? write_case("case.pdf", c->make())
	                    : g_build_filename(g_getenv("QK_SAMPLES"), "bad", "encrypted.pdf", NULL);
	char *out = tmp_path("case.xml");
	g_unlink(out);
	const char *args[] = { "extract", pdf, "-o", out, c->option, NULL };
	Bounded r = run_bounded(c->name, NULL, args, c->max_secs, c->max_mb);
	CU_ASSERT_EQUAL(r.status, c->status);
	if (c->message)
		CU_ASSERT_PTR_NOT_NULL(strstr(r.err, c->message));
	if (c->status == 0) {
		char *xml = NULL;
		CU_ASSERT_TRUE(g_file_get_contents(out, &xml, NULL, NULL));
		CU_ASSERT_TRUE(xml && strstr(xml, c->xml));
		g_free(xml);
	} else {
		CU_ASSERT_EQUAL(count_lines(r.err), 1);
		CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
	}
	if (r.status != c->status || (c->message && !strstr(r.err, c->message)))
		fprintf(stderr, "\n  %s: stderr: %.1000s", c->name, r.err);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
}

static void test_extract_cases(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(extract_cases); i++)
		check_extract_case(&extract_cases[i]);
}

/* The text bomb in a batch: the issue is done, its page 2 marked. */
static void test_run_text_bomb(void)
{
	char *pdf = write_case("bomb.pdf", text_bomb());
	char *out = fresh_dir("bomb-out");
	const char *args[] = { "run", "-o", out, pdf, NULL };
	Bounded r = run_bounded("run-text-flate-bomb", NULL, args, 30, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "1 done, 0 failed"));
	char *xml = read_text(out, "bomb/issue.xml");
	CU_ASSERT_TRUE(xml && strstr(xml, "code=\"page-too-large\""));
	g_free(xml);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
}

/* With --review the page left out is not rendered either (it cost as much
 * to draw as to read). */
static void test_review_text_bomb(void)
{
	char *pdf = write_case("bomb.pdf", text_bomb());
	char *out = fresh_dir("bomb-review");
	const char *args[] = { "run", "--review", "-o", out, pdf, NULL };
	Bounded r = run_bounded("run-review-text-flate-bomb", NULL, args, 30, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	char *html = read_text(out, "bomb/review.html");
	CU_ASSERT_TRUE(html && strstr(html, "too large to read: not drawn"));
	g_free(html);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
}

/* ---- memory ----------------------------------------------------------------- */

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

/* --max-memory bounds resident memory, not address space: a 28-page issue
 * on 8 threads under 200 MB is done (it failed under RLIMIT_AS, which
 * counts every thread's arena and mapped file). */
static void test_memory_is_resident(void)
{
	char *pdf = sample("magazine-2023-01.pdf");
	char *out = fresh_dir("rss-out");
	/* AddressSanitizer's own resident memory needs more room */
	const char *cap = FAT > 1 ? "1000" : "200";
	const char *args[] = { "run", "--max-memory", cap, "--threads", "8", "-o", out,
	                       pdf, NULL };
	Bounded r = run_bounded("max-memory-resident", NULL, args, 60, 400);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "1 done, 0 failed"));
	if (r.status != 0)
		fprintf(stderr, "\n  stderr: %.1000s", r.err);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
}

/* A worker over the cap is reported as a memory limit, never as a crash. */
static void test_memory_limit_words(void)
{
	char *pdf = sample("mini.pdf");
	char *out = fresh_dir("cap-out");
	const char *args[] = { "run", "--max-memory", "5", "-o", out, pdf, NULL };
	Bounded r = run_bounded("max-memory-5MB", NULL, args, 30, 300);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "memory limit of 5 MB exceeded"));
	CU_ASSERT_PTR_NULL(strstr(r.err, "crashed"));
	CU_ASSERT_PTR_NULL(strstr(r.err, "signal"));
	CU_ASSERT_FALSE(exists_in(out, "mini"));
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
}

/* The default cap is stated in --help. */
static void test_default_cap_in_help(void)
{
	const char *args[] = { "run", "--help", NULL };
	Bounded r = run_bounded("run-help", NULL, args, 10, 100);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "resident memory (default 4096"));
	bounded_clear(&r);
}

/* ---- one run at a time in OUT ----------------------------------------------- */

/* Whether some process holds the lock on dir. */
static gboolean locked(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return FALSE;
	gboolean held = flock(fd, LOCK_EX | LOCK_NB) != 0;
	close(fd);
	return held;
}

static void test_concurrent_runs(void)
{
	char *slow = write_case("slow.pdf", minipdf_form_bomb(24, 2));
	char *good = write_case("quick.pdf", minipdf_good(2));
	char *out = fresh_dir("lock-out");
	const char *first[] = { "run", "--timeout", "3", "-o", out, slow, NULL };
	Child c = start(NULL, first);
	for (int i = 0; i < 500 && !locked(out); i++)
		g_usleep(10000);
	CU_ASSERT_TRUE(locked(out));
	const char *second[] = { "run", "-o", out, good, NULL };
	Bounded r2 = run_bounded("concurrent-run-refused", NULL, second, 10, 200);
	Bounded r1 = finish(c, 30 * SLOW, 500 * FAT);
	CU_ASSERT_EQUAL(r2.status, 1);
	CU_ASSERT_EQUAL(count_lines(r2.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r2.err, "is in use by another qikan run"));
	CU_ASSERT_FALSE(exists_in(out, "quick"));
	/* the first run's record is whole */
	char *manifest = read_text(out, "manifest.csv");
	CU_ASSERT_TRUE(manifest && strstr(manifest, "slow.pdf"));
	g_free(manifest);
	if (r2.status != 1)
		fprintf(stderr, "\n  second run: %.1000s", r2.err);
	bounded_clear(&r1);
	bounded_clear(&r2);
	g_free(out);
	g_free(good);
	g_free(slow);
}

/* ---- folder names ------------------------------------------------------------ */

/* Another x.pdf in a later run gets a folder of its own. */
static void test_same_base_name_later(void)
{
	char *d1 = fresh_dir("names-a"), *d2 = fresh_dir("names-b");
	char *x1 = g_build_filename(d1, "x.pdf", NULL), *x2 = g_build_filename(d2, "x.pdf", NULL);
	minipdf_save(minipdf_good(1), x1);
	minipdf_save(minipdf_good(2), x2);
	char *out = fresh_dir("names-out");
	const char *run1[] = { "run", "-q", "-o", out, x1, NULL };
	const char *run2[] = { "run", "-q", "-o", out, x2, NULL };
	Bounded r = run_bounded("same-name-run-1", NULL, run1, 20, 300);
	bounded_clear(&r);
	r = run_bounded("same-name-run-2", NULL, run2, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	char *s1 = sha_of(x1), *s2 = sha_of(x2);
	char *fx = folder_sha(out, "x"), *fx2 = folder_sha(out, "x-2");
	CU_ASSERT_STRING_EQUAL(fx ? fx : "", s1);    /* the first run's, kept */
	CU_ASSERT_STRING_EQUAL(fx2 ? fx2 : "", s2);
	g_free(fx);
	g_free(fx2);
	g_free(s1);
	g_free(s2);
	bounded_clear(&r);
	g_free(out);
	g_free(x1);
	g_free(x2);
	g_free(d1);
	g_free(d2);
}

/* --resume after adding a file that sorts first: the folders stay, the
 * unchanged issues are skipped. */
static void test_resume_keeps_names(void)
{
	char *in = fresh_dir("resume-in");
	const char *subs[] = { "b", "c", "a" };
	char *pdfs[3];
	for (int i = 0; i < 3; i++) {
		char *d = g_build_filename(in, subs[i], NULL);
		g_mkdir_with_parents(d, 0777);
		pdfs[i] = g_build_filename(d, "m.pdf", NULL);
		minipdf_save(minipdf_good(i + 1), pdfs[i]);
		g_free(d);
	}
	char *out = fresh_dir("resume-out");
	char *b_dir = g_build_filename(in, "b", NULL), *c_dir = g_build_filename(in, "c", NULL);
	const char *run1[] = { "run", "-q", "-o", out, b_dir, c_dir, NULL };
	Bounded r = run_bounded("resume-names-run-1", NULL, run1, 20, 300);
	bounded_clear(&r);
	char *sb = sha_of(pdfs[0]), *sc = sha_of(pdfs[1]), *sa = sha_of(pdfs[2]);
	const char *run2[] = { "run", "--resume", "-o", out, in, NULL };
	r = run_bounded("resume-names-run-2", NULL, run2, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "3 issues: 1 done, 0 failed, 2 skipped"));
	char *f1 = folder_sha(out, "m"), *f2 = folder_sha(out, "m-2"), *f3 = folder_sha(out, "m-3");
	CU_ASSERT_STRING_EQUAL(f1 ? f1 : "", sb);
	CU_ASSERT_STRING_EQUAL(f2 ? f2 : "", sc);
	CU_ASSERT_STRING_EQUAL(f3 ? f3 : "", sa);
	if (!strstr(r.err, "2 skipped"))
		fprintf(stderr, "\n  resume: %.1000s", r.err);
	g_free(f1);
	g_free(f2);
	g_free(f3);
	g_free(sa);
	g_free(sb);
	g_free(sc);
	bounded_clear(&r);
	g_free(b_dir);
	g_free(c_dir);
	g_free(out);
	for (int i = 0; i < 3; i++)
		g_free(pdfs[i]);
	g_free(in);
}

/* ---- inputs that block or vanish ---------------------------------------------- */

static void test_explicit_fifo(void)
{
	char *fifo = tmp_path("named.pdf");
	g_unlink(fifo);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	char *out = fresh_dir("fifo-out");
	const char *args[] = { "run", "--timeout", "30", "-o", out, fifo, NULL };
	Bounded r = run_bounded("explicit-fifo", NULL, args, 10, 200);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "not a regular file (FIFO)"));
	CU_ASSERT_PTR_NULL(strstr(r.err, "timed out"));
	bounded_clear(&r);
	g_unlink(fifo);
	g_free(out);
	g_free(fifo);
}

static void test_folder_scan_skips_said(void)
{
	char *in = fresh_dir("scan-in");
	char *good = g_build_filename(in, "good.pdf", NULL);
	minipdf_save(minipdf_good(1), good);
	char *hidden = g_build_filename(in, ".hidden.pdf", NULL);
	minipdf_save(minipdf_good(1), hidden);
	char *fifo = g_build_filename(in, "fifo.pdf", NULL);
	CU_ASSERT_EQUAL(mkfifo(fifo, 0600), 0);
	char *dangling = g_build_filename(in, "dangling.pdf", NULL);
	CU_ASSERT_EQUAL(symlink("nowhere.pdf", dangling), 0);
	char *loop = g_build_filename(in, "loop.pdf", NULL);
	CU_ASSERT_EQUAL(symlink("loop.pdf", loop), 0);
	char *out = fresh_dir("scan-out");
	const char *args[] = { "run", "--timeout", "30", "-o", out, in, NULL };
	Bounded r = run_bounded("folder-scan-skips", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "5 issues: 1 done, 0 failed, 4 skipped"));
	struct { const char *path, *why; } want[] = {
		{ hidden, "hidden file" }, { fifo, "not a regular file (FIFO)" },
		{ dangling, "dangling symbolic link" }, { loop, "symbolic link loop" },
	};
	char *manifest = read_text(out, "manifest.csv");
	for (gsize i = 0; i < G_N_ELEMENTS(want); i++) {
		char *line = g_strdup_printf("  skipped: %s: %s\n", want[i].path, want[i].why);
		char *row = g_strdup_printf(",%s,,skipped,%s,", want[i].path, want[i].why);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.err, line));
		CU_ASSERT_TRUE(manifest && strstr(manifest, row));
		g_free(row);
		g_free(line);
	}
	g_free(manifest);
	bounded_clear(&r);
	g_free(out);
	g_free(loop);
	g_free(dangling);
	g_free(fifo);
	g_free(hidden);
	g_free(good);
	g_free(in);
}

/* ---- file names ------------------------------------------------------------------ */

static void test_non_utf8_name(void)
{
	char *in = fresh_dir("bytes-in");
	char *pdf = g_build_filename(in, "issue-\xff\xfe.pdf", NULL);
	minipdf_save(minipdf_good(1), pdf);
	char *out = fresh_dir("bytes-out");
	const char *args[] = { "run", "-o", out, pdf, NULL };
	Bounded r = run_bounded("non-utf8-name", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "issue-\\xff\\xfe.pdf"));
	char *manifest = read_text(out, "manifest.csv");
	/* the bytes, escaped, not U+FFFD */
	CU_ASSERT_TRUE(manifest && strstr(manifest, "issue-\\xff\\xfe.pdf"));
	CU_ASSERT_TRUE(manifest && g_utf8_validate(manifest, -1, NULL));
	g_free(manifest);
	if (r.status != 0)
		fprintf(stderr, "\n  stderr: %.1000s", r.err);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
	g_free(in);
}

/* A newline in a failing file's name cannot split its report or forge a
 * "done" line. */
static void test_newline_name(void)
{
	char *in = fresh_dir("newline-in");
	char *pdf = g_build_filename(in, "bad\ndone     forged.pdf", NULL);
	g_file_set_contents(pdf, "not a pdf", -1, NULL);
	char *out = fresh_dir("newline-out");
	const char *args[] = { "run", "-o", out, pdf, NULL };
	Bounded r = run_bounded("newline-name", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 1);
	char **lines = g_strsplit(r.err, "\n", -1);
	int failed = 0;
	for (int i = 0; lines[i]; i++) {
		CU_ASSERT_FALSE(g_str_has_prefix(lines[i], "done"));
		failed += g_str_has_prefix(lines[i], "failed   ") &&
		          strstr(lines[i], "bad\\x0adone     forged.pdf: ") != NULL;
	}
	CU_ASSERT_EQUAL(failed, 1);
	g_strfreev(lines);
	bounded_clear(&r);
	g_free(out);
	g_free(pdf);
	g_free(in);
}

/* "--" ends the options: "-dash.pdf" after it is a file. */
static void test_double_dash(void)
{
	char *in = fresh_dir("dash-in");
	char *pdf = g_build_filename(in, "-dash.pdf", NULL);
	minipdf_save(minipdf_good(1), pdf);
	const char *args[] = { "run", "-o", "out", "--", "-dash.pdf", NULL };
	Bounded r = run_bounded("double-dash", in, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "1 issue: 1 done, 0 failed"));
	char *out = g_build_filename(in, "out", NULL);
	CU_ASSERT_TRUE(exists_in(out, "-dash/issue.xml"));
	if (r.status != 0)
		fprintf(stderr, "\n  stderr: %.1000s", r.err);
	g_free(out);
	bounded_clear(&r);
	g_free(pdf);
	g_free(in);
}

/* ---- leftovers and a damaged manifest ----------------------------------------- */

/* A .x.tmp-* a kill left beside a complete x is gone after --resume. */
static void test_resume_cleans_leftover(void)
{
	char *pdf = write_case("x.pdf", minipdf_good(1));
	char *out = fresh_dir("leftover-out");
	const char *args[] = { "run", "-q", "--resume", "-o", out, pdf, NULL };
	Bounded r = run_bounded("leftover-run-1", NULL, args, 20, 300);
	bounded_clear(&r);
	char *left = g_build_filename(out, ".x.tmp-AbC123", NULL);
	g_mkdir_with_parents(left, 0777);
	char *inside = g_build_filename(left, "toc.csv", NULL);
	g_file_set_contents(inside, "half", -1, NULL);
	r = run_bounded("leftover-resume", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "0 done, 0 failed, 1 skipped"));
	CU_ASSERT_FALSE(g_file_test(left, G_FILE_TEST_EXISTS));
	bounded_clear(&r);
	g_free(inside);
	g_free(left);
	g_free(out);
	g_free(pdf);
}

/* The leftovers are found in one listing of OUT (cli/batchout.c): a
 * .NAME.tmp-* or .NAME.old-* of every name the batch knows goes, a name
 * with dots in it too; entries that only look alike, or belong to no
 * name of the batch, stay. */
static void test_leftovers_one_listing(void)
{
	char *x = write_case("x.pdf", minipdf_good(1));
	char *v2 = write_case("x.v2.pdf", minipdf_good(1));
	char *out = fresh_dir("leftover-list-out");
	const char *args[] = { "run", "-q", "--resume", "-o", out, x, v2, NULL };
	Bounded r = run_bounded("leftover-list-run-1", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	bounded_clear(&r);
	static const char *const gone[] = { ".x.old-Zz9876", ".x.v2.tmp-AbC123", ".x.tmp-q1w2e3" };
	static const char *const kept[] = { ".w.tmp-AbC123", ".x.tmp-short", "x.tmp-AbC123",
	                                    ".x.tmp-AbC12!", ".x.v.tmp-AbC123" };
	for (gsize i = 0; i < G_N_ELEMENTS(gone) + G_N_ELEMENTS(kept); i++) {
		const char *n = i < G_N_ELEMENTS(gone) ? gone[i] : kept[i - G_N_ELEMENTS(gone)];
		char *d = g_build_filename(out, n, NULL);
		CU_ASSERT_EQUAL(g_mkdir_with_parents(d, 0777), 0);
		g_free(d);
	}
	r = run_bounded("leftover-list-resume", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "0 done, 0 failed, 2 skipped"));
	for (gsize i = 0; i < G_N_ELEMENTS(gone); i++) {
		char *d = g_build_filename(out, gone[i], NULL);
		if (g_file_test(d, G_FILE_TEST_EXISTS))
			fprintf(stderr, "\n  left: %s", gone[i]);
		CU_ASSERT_FALSE(g_file_test(d, G_FILE_TEST_EXISTS));
		g_free(d);
	}
	for (gsize i = 0; i < G_N_ELEMENTS(kept); i++) {
		char *d = g_build_filename(out, kept[i], NULL);
		if (!g_file_test(d, G_FILE_TEST_IS_DIR))
			fprintf(stderr, "\n  removed: %s", kept[i]);
		CU_ASSERT_TRUE(g_file_test(d, G_FILE_TEST_IS_DIR));
		g_free(d);
	}
	bounded_clear(&r);
	g_free(out);
	g_free(v2);
	g_free(x);
}

static void test_corrupt_manifest_kept(void)
{
	char *pdf = write_case("y.pdf", minipdf_good(1));
	char *out = fresh_dir("corrupt-out");
	char *manifest = g_build_filename(out, "manifest.csv", NULL);
	const char *junk = "name,file\n\"unbalanced,quote\nlost row\n";
	g_file_set_contents(manifest, junk, -1, NULL);
	const char *args[] = { "run", "-q", "-o", out, pdf, NULL };
	Bounded r = run_bounded("corrupt-manifest", NULL, args, 20, 300);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "is damaged"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "manifest.csv.corrupt-"));
	/* the old bytes are kept, a new manifest written */
	int kept = 0;
	GDir *d = g_dir_open(out, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		if (!g_str_has_prefix(n, "manifest.csv.corrupt-"))
			continue;
		char *text = read_text(out, n);
		kept += text && strcmp(text, junk) == 0;
		g_free(text);
	}
	if (d)
		g_dir_close(d);
	CU_ASSERT_EQUAL(kept, 1);
	char *now = read_text(out, "manifest.csv");
	CU_ASSERT_TRUE(now && strstr(now, "y.pdf"));
	g_free(now);
	bounded_clear(&r);
	g_free(manifest);
	g_free(out);
	g_free(pdf);
}

int main(void)
{
	if (!g_getenv("QK_QIKAN") || !g_getenv("QK_SAMPLES")) {
		fprintf(stderr, "QK_QIKAN and QK_SAMPLES must be set (meson test sets them)\n");
		return 1;
	}
	tmpdir = g_dir_make_tmp("qk-hostile-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("hostile-batch", NULL, NULL);
	CU_add_test(s, "page cost: bombs, huge image, 5000 fonts, odd boxes, tree loop, password",
	            test_extract_cases);
	CU_add_test(s, "a text bomb in a batch: the page is left out", test_run_text_bomb);
	CU_add_test(s, "a text bomb with --review: the page is not drawn", test_review_text_bomb);
	CU_add_test(s, "--max-memory bounds resident memory", test_memory_is_resident);
	CU_add_test(s, "a worker over the cap: memory limit, not a crash", test_memory_limit_words);
	CU_add_test(s, "the default memory cap in --help", test_default_cap_in_help);
	CU_add_test(s, "a second run into a busy OUT is refused", test_concurrent_runs);
	CU_add_test(s, "another x.pdf later: a folder of its own", test_same_base_name_later);
	CU_add_test(s, "--resume after adding an earlier file: names stay", test_resume_keeps_names);
	CU_add_test(s, "a FIFO named explicitly: refused at once", test_explicit_fifo);
	CU_add_test(s, "folder scan: skipped inputs reported", test_folder_scan_skips_said);
	CU_add_test(s, "a non-UTF-8 file name", test_non_utf8_name);
	CU_add_test(s, "a newline in a file name", test_newline_name);
	CU_add_test(s, "-- before file names", test_double_dash);
	CU_add_test(s, "--resume removes a killed run's leftovers", test_resume_cleans_leftover);
	CU_add_test(s, "leftovers found in one listing of OUT", test_leftovers_one_listing);
	CU_add_test(s, "a damaged manifest is kept aside", test_corrupt_manifest_kept);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
