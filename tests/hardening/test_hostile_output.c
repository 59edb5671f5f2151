/*
 * test_hostile_output.c — hostile models and hostile places to write
 * (issue 12): qikan never replaces what it did not write, never expands a
 * DTD, reads every model extract can write, and names files uniquely. Each
 * case runs the qikan command with a time bound and asserts its peak memory
 * (wait4), and prints both: "case NAME: S s, M MB".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "qkrun.h"
#include "fileio.h"
#include "model.h"
#include "xmlio.h"

static char *tmpdir;

/* Sanitizer builds run slower and hold shadow memory. */
#if defined(__SANITIZE_ADDRESS__)
static const double time_scale = 4, mem_scale = 3;
#else
static const double time_scale = 1, mem_scale = 1;
#endif

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

/* Runs qikan in cwd (NULL: the test's own) with the NULL-terminated
 * arguments, bounded by max_secs, and checks the time and peak memory. */
static QkRun run_case(const char *name, double max_secs, long max_mb,
                      const char *cwd, const char *first, ...)
{
	GPtrArray *args = g_ptr_array_new();
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a; a = va_arg(ap, const char *))
		g_ptr_array_add(args, (char *)a);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	QkRunOpts o = { .cwd = cwd, .timeout = max_secs * time_scale };
	QkRun r = qk_test_run_opts(&o, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
	printf("\n    case %s: %.2f s, %.1f MB peak, exit %d%s ", name, r.secs,
	       r.peak_kb / 1024.0, r.status, r.timed_out ? " (timed out)" : "");
	CU_ASSERT_FALSE(r.timed_out);
	CU_ASSERT_TRUE(r.peak_kb > 0 && r.peak_kb <= (long)(max_mb * 1024 * mem_scale));
	return r;
}

/* One line naming what failed: "qikan: NAME: cause\n". */
static void assert_one_line(const QkRun *r, const char *name)
{
	char *want = g_strdup_printf("qikan: %s: ", name);
	CU_ASSERT_TRUE(r->err && g_str_has_prefix(r->err, want));
	CU_ASSERT_EQUAL(qk_test_count_lines(r->err), 1);
	if (!r->err || !g_str_has_prefix(r->err, want))
		printf("\n    stderr: %s", r->err ? r->err : "");
	g_free(want);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = g_build_filename(dir, name, NULL);
	char *parent = g_path_get_dirname(p);
	g_mkdir_with_parents(parent, 0777);
	CU_ASSERT_TRUE(g_file_set_contents(p, text, -1, NULL));
	g_free(parent);
	g_free(p);
}

/* ---- models ----------------------------------------------------------- */

static QkArticle *article(const char *id, const char *text)
{
	QkArticle *a = qk_article_new(id);
	a->title = qk_text_new("标题");
	g_ptr_array_add(a->paras, qk_para_new(QK_PARA_BODY, text));
	return a;
}

/* Writes issue (taken) with the model writer extract uses; returns the path. */
static char *save_model(QkIssue *issue, const char *name)
{
	char *p = tmp_path(name);
	GError *err = NULL;
	CU_ASSERT_TRUE(qk_model_write_file(issue, p, &err));
	g_clear_error(&err);
	qk_issue_free(issue);
	return p;
}

static char *small_model(void)
{
	QkIssue *is = qk_issue_new();
	is->meta.title = g_strdup("朔州经济");
	g_ptr_array_add(is->articles, article("a1", "全市完成投资12.5亿元，增长9.2%。"));
	g_ptr_array_add(is->articles, article("a2", "第二篇"));
	return save_model(is, "small.xml");
}

static char *model_text(const char *name, const char *xml)
{
	char *p = tmp_path(name);
	CU_ASSERT_TRUE(g_file_set_contents(p, xml, -1, NULL));
	return p;
}

static const char *model_tail =
	"<pages/><tables/><toc/><articles/></issue>\n";

/* ---- 1. export replaces only what it wrote ---------------------------- */

static void test_export_keeps_user_files(void)
{
	char *model = small_model();
	char *dir = tmp_path("keep");
	QkRun r = run_case("export-first", 5, 80, NULL, "export", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	write_file(dir, "tables/budget.xlsx", "the user's budget");
	write_file(dir, "articles/notes.txt", "the user's notes");
	write_file(dir, "README", "the user's readme");
	r = run_case("export-over-user-files", 5, 80, NULL, "export", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	const char *kept[][2] = { { "tables/budget.xlsx", "the user's budget" },
	                          { "articles/notes.txt", "the user's notes" },
	                          { "README", "the user's readme" } };
	for (guint i = 0; i < G_N_ELEMENTS(kept); i++) {
		char *got = qk_test_read_text(dir, kept[i][0]);
		CU_ASSERT_STRING_EQUAL(got ? got : "(gone)", kept[i][1]);
		g_free(got);
	}
	char *a1 = qk_test_read_text(dir, "articles/a1.txt");
	CU_ASSERT_PTR_NOT_NULL(a1);
	g_free(a1);

	/* With METS/ALTO too: alto/ is qikan's folder, the user's file in it
	 * is not. */
	write_file(dir, "alto/notes.txt", "the user's alto notes");
	r = run_case("export-mets-over-user-files", 5, 80, NULL, "export", "--mets", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	r = run_case("export-mets-again", 5, 80, NULL, "export", "--mets", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *alto = qk_test_read_text(dir, "alto/notes.txt");
	CU_ASSERT_STRING_EQUAL(alto ? alto : "(gone)", "the user's alto notes");
	g_free(alto);
	char *list = qk_test_read_text(dir, ".qikan-files");
	CU_ASSERT_TRUE(list && strstr(list, "\nmets.xml\n") && !strstr(list, "notes"));
	g_free(list);

	/* A file in the way that qikan did not write stops the export and
	 * survives. */
	char *other = tmp_path("foreign");
	write_file(other, "toc.csv", "the user's own toc");
	r = run_case("export-into-foreign-folder", 5, 80, NULL, "export", "--to", other, model, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	char *toc = g_build_filename(other, "toc.csv", NULL);
	assert_one_line(&r, other);
	CU_ASSERT_PTR_NOT_NULL(r.err && strstr(r.err, toc));
	qk_run_clear(&r);
	char *got = qk_test_read_text(other, "toc.csv");
	CU_ASSERT_STRING_EQUAL(got ? got : "", "the user's own toc");
	g_free(got);
	CU_ASSERT_EQUAL(qk_test_count_entries(other), 1);
	g_free(toc);
	g_free(other);
	g_free(dir);
	g_free(model);
}

/* `qikan run` over an existing issue folder goes through the same export. */
static void test_run_keeps_user_files(void)
{
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "mini.pdf", NULL);
	char *out = tmp_path("run-out");
	QkRun r = run_case("run-first", 60, 300, NULL, "run", pdf, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *issue = g_build_filename(out, "mini", NULL);
	write_file(issue, "tables/budget.xlsx", "the user's budget");
	r = run_case("run-over-user-files", 60, 300, NULL, "run", pdf, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *got = qk_test_read_text(issue, "tables/budget.xlsx");
	CU_ASSERT_STRING_EQUAL(got ? got : "(gone)", "the user's budget");
	g_free(got);
	g_free(issue);
	g_free(out);
	g_free(pdf);
}

static void test_export_empty_to(void)
{
	char *model = small_model();
	char *cwd = tmp_path("empty-to");
	g_mkdir(cwd, 0777);
	QkRun r = run_case("export-to-empty-name", 5, 80, cwd, "export", "--to", "", model, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_EQUAL(qk_test_count_entries(cwd), 0);
	qk_run_clear(&r);
	g_free(cwd);
	g_free(model);
}

/* ---- 2. -o never renames over what is not a regular file --------------- */

/* Reads a FIFO while qikan writes it, without ever blocking: an output that
 * never opens it leaves the reader with nothing. */
typedef struct {
	int fd;
	gint done;
	GString *got;
} FifoReader;

static gpointer read_fifo(gpointer data)
{
	FifoReader *f = data;
	char chunk[65536];  /* a read block */
	for (;;) {
		struct pollfd p = { .fd = f->fd, .events = POLLIN };
		poll(&p, 1, 50);
		ssize_t n = read(f->fd, chunk, sizeof chunk);
		if (n > 0)
			g_string_append_len(f->got, chunk, n);
		else if (g_atomic_int_get(&f->done))
			break;
		else if (n == 0)
			g_usleep(10000);  /* no writer yet, or between writers */
	}
	return NULL;
}

static void test_output_fifo(void)
{
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "mini.pdf", NULL);
	char *fifo = tmp_path("out.fifo");
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	FifoReader f = { open(fifo, O_RDONLY | O_NONBLOCK), 0, g_string_new(NULL) };
	GThread *t = g_thread_new("fifo", read_fifo, &f);
	QkRun r = run_case("extract-o-fifo", 30, 200, NULL, "extract", pdf, "-o", fifo, NULL);
	g_atomic_int_set(&f.done, 1);
	g_thread_join(t);
	close(f.fd);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	GStatBuf st;
	CU_ASSERT_TRUE(g_lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.got->str, "</issue>"));
	g_string_free(f.got, TRUE);
	g_free(fifo);
	g_free(pdf);
}

static void test_output_char_device(void)
{
	char *model = small_model();
	/* A null device of our own: as root a regression would otherwise
	 * destroy the system's /dev/null. */
	char *dev = tmp_path("null");
	const char *target = dev;
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		if (geteuid() == 0) {
			printf("\n    skipped: cannot make a device node (%s)", g_strerror(errno));
			g_free(dev);
			g_free(model);
			return;
		}
		target = "/dev/null";  /* not root: it cannot be replaced */
	}
	QkRun r = run_case("normalize-o-chardev", 10, 80, NULL, "normalize", model, "-o", target, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	GStatBuf st;
	CU_ASSERT_TRUE(g_lstat(target, &st) == 0 && S_ISCHR(st.st_mode));
	g_free(dev);
	g_free(model);
}

static void test_output_symlink(void)
{
	char *model = small_model();
	char *file = tmp_path("target.xml");
	char *link = tmp_path("link.xml");
	write_file(tmpdir, "target.xml", "old");
	CU_ASSERT_EQUAL(symlink("target.xml", link), 0);
	QkRun r = run_case("normalize-o-symlink", 10, 80, NULL, "normalize", model, "-o", link, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	GStatBuf st;
	CU_ASSERT_TRUE(g_lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	char *got = qk_test_read_text(tmpdir, "target.xml");
	CU_ASSERT_TRUE(got && strstr(got, "</issue>"));
	g_free(got);

	/* A link to a folder is refused; the link stays. */
	char *dlink = tmp_path("dir-link");
	CU_ASSERT_EQUAL(symlink(".", dlink), 0);
	r = run_case("normalize-o-link-to-folder", 10, 80, NULL, "normalize", model, "-o", dlink, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	assert_one_line(&r, dlink);
	qk_run_clear(&r);
	CU_ASSERT_TRUE(g_lstat(dlink, &st) == 0 && S_ISLNK(st.st_mode));

	/* -o - is standard output. */
	r = run_case("normalize-o-stdout", 10, 80, NULL, "normalize", model, "-o", "-", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "</issue>"));
	qk_run_clear(&r);
	remove(link);
	remove(dlink);
	remove(file);
	g_free(dlink);
	g_free(link);
	g_free(file);
	g_free(model);
}

/* ---- 4. DTDs: entities in attributes, XXE, billion laughs, depth ---------- */

/* Ten levels of ten-fold entities: 10^9 bytes if ever expanded. */
static char *laughs(const char *use)
{
	GString *s = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE issue [\n"
	                          "<!ENTITY l0 \"lollollollollollollollollollol\">\n");
	for (int i = 1; i < 9; i++) {
		g_string_append_printf(s, "<!ENTITY l%d \"", i);
		for (int k = 0; k < 10; k++)
			g_string_append_printf(s, "&l%d;", i - 1);
		g_string_append(s, "\">\n");
	}
	g_string_append(s, "]>\n");
	g_string_append(s, use);
	return g_string_free(s, FALSE);
}

static void check_refused(const char *name, const char *path, const char *cmd)
{
	char *dir = g_strconcat(path, ".out", NULL);
	QkRun r = g_strcmp0(cmd, "export") == 0
	          ? run_case(name, 5, 80, NULL, "export", "--to", dir, path, NULL)
	          : run_case(name, 5, 80, NULL, "normalize", path, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	assert_one_line(&r, path);
	CU_ASSERT_PTR_NULL(strstr(r.out, "root:"));
	CU_ASSERT_FALSE(g_file_test(dir, G_FILE_TEST_EXISTS));
	qk_run_clear(&r);
	g_free(dir);
}

/* One 3,000-byte entity used 35,000 times in one attribute: a 108 KB file
 * that libxml2 would expand to 105 MB (no nesting for its amplification
 * check to see); before the fix it ran for minutes. */
static void test_entities_in_attributes(void)
{
	GString *s = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE issue [<!ENTITY e \"");
	for (int i = 0; i < 3000; i++)
		g_string_append_c(s, 'x');
	g_string_append(s, "\">]>\n<issue version=\"1\" kind=\"magazine\"><meta/><pages/>"
	                   "<tables/><toc/><articles><article id=\"");
	for (int i = 0; i < 35000; i++)
		g_string_append(s, "&e;");
	g_string_append(s, "\"><p kind=\"body\">x</p></article></articles></issue>\n");
	char *p = model_text("attr-entities.xml", s->str);
	check_refused("normalize-attribute-entities", p, "normalize");
	check_refused("export-attribute-entities", p, "export");
	g_free(p);
	g_string_free(s, TRUE);
}

static void test_xxe_and_laughs(void)
{
	char *xxe = g_strdup_printf(
		"<!DOCTYPE issue [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
		"<issue version=\"1\" kind=\"magazine\"><meta><title>&e;</title></meta>%s",
		model_tail);
	char *p = model_text("xxe.xml", xxe);
	check_refused("normalize-xxe", p, "normalize");
	g_free(p);
	g_free(xxe);
	char *body = g_strdup_printf("<issue version=\"1\" kind=\"magazine\"><meta>"
	                             "<title>&l8;</title></meta>%s", model_tail);
	char *xml = laughs(body);
	p = model_text("laughs.xml", xml);
	check_refused("export-billion-laughs", p, "export");
	g_free(p);
	g_free(xml);
	g_free(body);
}

static void test_deep_nesting(void)
{
	GString *s = g_string_new("<issue version=\"1\" kind=\"magazine\"><meta><title>");
	for (int i = 0; i < 100000; i++)
		g_string_append(s, "<b>");
	g_string_append(s, "</title></meta></issue>");
	char *p = model_text("deep.xml", s->str);
	check_refused("export-deep-nesting", p, "export");
	g_free(p);
	g_string_free(s, TRUE);
}

/* ---- 5. every model extract can write, qikan reads -------------------------- */

/* 2,000 pages (the page limit) of two columns of text, then an article
 * whose one paragraph (3 MB) lies past the 10 MB mark. */
static char *big_model(gsize *size_out)
{
	QkIssue *is = qk_issue_new();
	is->meta.title = g_strdup("朔州日报");
	GString *line = g_string_new(NULL);
	for (int i = 0; i < 12; i++)
		g_string_append(line, "全市规模以上工业增加值");
	for (int n = 1; n <= 2000; n++) {
		QkPage *page = qk_page_new(n, 595, 842);
		page->label = g_strdup_printf("%d", n);
		for (int b = 0; b < 3; b++) {
			QkBlock *blk = qk_block_new();
			blk->id = g_strdup_printf("p%d-b%d", n, b + 1);
			blk->bbox = (QkBox){ 50, 50 + b * 200, 545, 240 + b * 200 };
			blk->size = 10.5;
			blk->font = g_strdup("SimSun");
			for (int l = 0; l < 4; l++) {
				QkLine *ln = qk_line_new(line->str);
				ln->bbox = (QkBox){ 50, 50 + b * 200 + l * 14, 545, 62 + b * 200 + l * 14 };
				ln->size = 10.5;
				ln->font = g_strdup("SimSun");
				g_ptr_array_add(blk->lines, ln);
			}
			g_ptr_array_add(page->blocks, blk);
		}
		g_ptr_array_add(is->pages, page);
	}
	GString *para = g_string_new(NULL);
	while (para->len < 3u << 20)
		g_string_append(para, "全市经济运行稳中有进，工业生产持续回升。");
	QkArticle *a = article("a1", para->str);
	a->pdf_first = a->pdf_last = 2000;
	g_ptr_array_add(is->articles, a);
	g_string_free(para, TRUE);
	g_string_free(line, TRUE);
	char *p = save_model(is, "big.xml");
	GStatBuf st;
	*size_out = g_stat(p, &st) == 0 ? (gsize)st.st_size : 0;
	return p;
}

static void test_big_model(void)
{
	gsize size = 0;
	char *p = big_model(&size);
	printf("\n    model: %.1f MB", size / 1048576.0);
	CU_ASSERT_TRUE(size > (gsize)12 << 20);
	char *norm = tmp_path("big.norm.xml");
	QkRun r = run_case("normalize-2000-pages", 30, 500, NULL, "normalize", p, "-o", norm, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	if (r.status)
		printf("\n    stderr: %s", r.err);
	qk_run_clear(&r);
	char *dir = tmp_path("big-out");
	r = run_case("export-2000-pages", 30, 500, NULL, "export", "--to", dir, norm, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *a1 = qk_test_read_text(dir, "articles/a1.txt");
	CU_ASSERT_TRUE(a1 && strlen(a1) > (3u << 20));
	g_free(a1);
	qk_file_remove_tree(dir);
	g_remove(norm);
	g_remove(p);
	g_free(dir);
	g_free(norm);
	g_free(p);
}

/* One text node of 20 MB, as a very long article would be. */
static void test_huge_text_node(void)
{
	QkIssue *is = qk_issue_new();
	GString *para = g_string_new(NULL);
	while (para->len < 20u << 20)
		g_string_append(para, "全市完成固定资产投资");
	g_ptr_array_add(is->articles, article("a1", para->str));
	g_string_free(para, TRUE);
	char *p = save_model(is, "huge-text.xml");
	char *dir = tmp_path("huge-text-out");
	QkRun r = run_case("export-20MB-text-node", 30, 600, NULL, "export", "--to", dir, p, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	qk_file_remove_tree(dir);
	g_remove(p);
	g_free(dir);
	g_free(p);
}

static void test_page_limit_in_help(void)
{
	const char *cmds[] = { "extract", "run" };
	for (guint i = 0; i < G_N_ELEMENTS(cmds); i++) {
		QkRun r = run_case("help", 5, 80, NULL, cmds[i], "--help", NULL);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "at most 2000 pages"));
		qk_run_clear(&r);
	}
}

/* ---- 11. leftovers of a killed export ----------------------------------- */

static void test_stale_temporaries(void)
{
	char *model = small_model();
	char *root = tmp_path("stale");
	char *dir = g_build_filename(root, "issue", NULL);
	write_file(root, ".issue.tmp-Ab12Cd/issue.xml", "half");     /* a killed export's */
	write_file(root, ".issue.old-Zz9Yy8/issue.xml", "old");      /* a killed swap's */
	write_file(root, ".issue.tmp-notes/mine.txt", "user's");     /* not our pattern */
	write_file(root, ".other.tmp-Ab12Cd/x", "another folder's");
	write_file(root, ".issue.tmp-Live00/x", "a live export's");
	char *live = g_build_filename(root, ".issue.tmp-Live00", NULL);
	int lock = open(live, O_RDONLY | O_DIRECTORY);
	CU_ASSERT_EQUAL(flock(lock, LOCK_EX), 0);
	QkRun r = run_case("export-cleans-leftovers", 5, 80, NULL, "export", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	close(lock);
	const char *gone[] = { ".issue.tmp-Ab12Cd", ".issue.old-Zz9Yy8" };
	const char *kept[] = { ".issue.tmp-notes", ".other.tmp-Ab12Cd", ".issue.tmp-Live00", "issue" };
	for (guint i = 0; i < G_N_ELEMENTS(gone); i++) {
		char *p = g_build_filename(root, gone[i], NULL);
		CU_ASSERT_FALSE(g_file_test(p, G_FILE_TEST_EXISTS));
		g_free(p);
	}
	for (guint i = 0; i < G_N_ELEMENTS(kept); i++) {
		char *p = g_build_filename(root, kept[i], NULL);
		CU_ASSERT_TRUE(g_file_test(p, G_FILE_TEST_IS_DIR));
		g_free(p);
	}
	CU_ASSERT_EQUAL(qk_test_count_entries(root), 4);
	g_free(live);
	g_free(dir);
	g_free(root);
	g_free(model);
}

/* ---- 12. article file names -------------------------------------------- */

static void test_article_names(void)
{
	GString *longid = g_string_new(NULL);
	while (longid->len < 300)
		g_string_append(longid, "长标识");
	const char *ids[] = { "a/1", "a:1", "a?1", "A?1", "a_1", "A_1", "dup", "dup",
	                      "", longid->str };
	QkIssue *is = qk_issue_new();
	for (guint i = 0; i < G_N_ELEMENTS(ids); i++) {
		char *text = g_strdup_printf("正文第%u篇", i);
		g_ptr_array_add(is->articles, article(ids[i], text));
		g_free(text);
	}
	char *model = save_model(is, "names.xml");
	char *dir = tmp_path("names");
	QkRun r = run_case("export-colliding-ids", 5, 80, NULL, "export", "--to", dir, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	if (r.status)
		printf("\n    stderr: %s", r.err);
	qk_run_clear(&r);
	char *sub = g_build_filename(dir, "articles", NULL);
	CU_ASSERT_EQUAL(qk_test_count_entries(sub), (int)G_N_ELEMENTS(ids));
	/* Every article's text is in a file of its own, under a bounded name
	 * that differs from the others even ignoring case. */
	GHashTable *folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guint seen = 0;
	GDir *d = g_dir_open(sub, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		CU_ASSERT_TRUE(strlen(name) <= 100);
		g_hash_table_add(folded, g_ascii_strdown(name, -1));
		char *txt = qk_test_read_text(sub, name);
		for (guint i = 0; txt && i < G_N_ELEMENTS(ids); i++) {
			char *want = g_strdup_printf("正文第%u篇\n", i);
			if (g_str_has_suffix(txt, want))
				seen |= 1u << i;
			g_free(want);
		}
		g_free(txt);
	}
	if (d)
		g_dir_close(d);
	CU_ASSERT_EQUAL(g_hash_table_size(folded), G_N_ELEMENTS(ids));
	CU_ASSERT_EQUAL(seen, (1u << G_N_ELEMENTS(ids)) - 1);
	g_hash_table_destroy(folded);
	g_free(sub);
	g_free(dir);
	g_free(model);
	g_string_free(longid, TRUE);
}

/* ---- 13. a normalize write error names the output ----------------------- */

static void test_normalize_write_error(void)
{
	char *model = small_model();
	char *out = tmp_path("no-such-folder/out.xml");
	QkRun r = run_case("normalize-write-error", 5, 80, NULL, "normalize", model, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	assert_one_line(&r, out);
	qk_run_clear(&r);
	g_free(out);
	g_free(model);
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
	CU_pSuite s = CU_add_suite("hostile-output", NULL, NULL);
	CU_add_test(s, "export keeps files it did not write", test_export_keeps_user_files);
	CU_add_test(s, "run keeps files it did not write", test_run_keeps_user_files);
	CU_add_test(s, "export --to \"\" is a usage error", test_export_empty_to);
	CU_add_test(s, "-o onto a FIFO writes through", test_output_fifo);
	CU_add_test(s, "-o onto a character device writes through", test_output_char_device);
	CU_add_test(s, "-o onto a symbolic link writes its target", test_output_symlink);
	CU_add_test(s, "entities in attribute values", test_entities_in_attributes);
	CU_add_test(s, "XXE and billion laughs", test_xxe_and_laughs);
	CU_add_test(s, "deep nesting", test_deep_nesting);
	CU_add_test(s, "a 2,000-page model over 10 MB", test_big_model);
	CU_add_test(s, "a 20 MB text node", test_huge_text_node);
	CU_add_test(s, "the page limit in --help", test_page_limit_in_help);
	CU_add_test(s, "leftovers of killed exports", test_stale_temporaries);
	CU_add_test(s, "article ids that collide or are long", test_article_names);
	CU_add_test(s, "a normalize write error names the output", test_normalize_write_error);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
