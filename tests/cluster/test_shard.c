/*
 * test_shard.c — `qikan run --shard K/N` and `qikan merge` (issue 20): the
 * shards of a shelf cover every input exactly once, each in the shard the
 * documented rule names; an input keeps its shard when files are added;
 * the merge of the shards equals one run over the shelf file for file; a
 * merge refuses an issue that differs between outputs and an output folder
 * holding files it did not write, and names the shards and inputs missing.
 *
 * The shelf (in a temporary folder, run from there so every run sees the
 * same relative paths): two different issues both called mini.pdf, in
 * folders whose keys fall in different shards, the newspaper, a magazine
 * and an empty file.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include "fileio.h"
#include "qkrun.h"
#include "sametree.h"

#define N 3

static char *tmpdir;
static char *mini_a, *mini_b;   /* keys "A/mini.pdf", "B/mini.pdf" */

/* The documented rule: 1 + first 64 bits of SHA-256(key), big-endian, mod N. */
static guint shard_of(const char *key, guint n)
{
	guint8 d[32];
	gsize len = sizeof d;
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)key, -1);
	g_checksum_get_digest(c, d, &len);
	g_checksum_free(c);
	guint64 h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | d[i];
	return (guint)(h % n) + 1;
}

static char *path_in(const char *rel)
{
	return g_build_filename(tmpdir, rel, NULL);
}

static gboolean put(const char *sample, const char *rel)
{
	char *to = path_in(rel), *dir = g_path_get_dirname(to);
	g_mkdir_with_parents(dir, 0777);
	gboolean ok;
	if (sample) {
		char *from = g_build_filename(g_getenv("QK_SAMPLES"), sample, NULL);
		char *data = NULL;
		gsize len = 0;
		ok = g_file_get_contents(from, &data, &len, NULL) &&
		     g_file_set_contents(to, data, (gssize)len, NULL);
		g_free(data);
		g_free(from);
	} else {
		ok = g_file_set_contents(to, "", 0, NULL);   /* an empty "PDF" */
	}
	g_free(dir);
	g_free(to);
	return ok;
}

/* qikan with args, from tmpdir. */
static QkRun qk(const char *first, ...) G_GNUC_NULL_TERMINATED;
static QkRun qk(const char *first, ...)
{
	QkRunOpts o = { .cwd = tmpdir, .timeout = 300 };
	va_list ap;
	va_start(ap, first);
	QkRun r = qk_test_run_optsv(&o, first, ap);
	va_end(ap);
	return r;
}

/* The merged folder out holds what the one run wrote into single. */
static void assert_as_single(const char *out)
{
	char *single = path_in("single"), *merged = path_in(out);
	char *diff = qk_test_tree_diff(single, merged);
	if (diff)
		fprintf(stderr, "\n%s\n", diff);
	CU_ASSERT_PTR_NULL(diff);
	CU_ASSERT_TRUE(qk_test_count_files(merged) > 40);
	g_free(diff);
	g_free(single);
	g_free(merged);
}

static int run_status(QkRun r)
{
	int s = r.status;
	if (s > 1)
		fprintf(stderr, "\n%s%s", r.out, r.err);
	qk_run_clear(&r);
	return s;
}

static int run_shards(const char *resume)
{
	int worst = 0;
	for (int k = 1; k <= N; k++) {
		char *kn = g_strdup_printf("%d/%d", k, N), *out = g_strdup_printf("p%d", k);
		int s = run_status(resume ? qk("run", "-q", resume, "--shard", kn, "shelf", "-o", out, NULL)
		                          : qk("run", "-q", "--shard", kn, "shelf", "-o", out, NULL));
		worst = MAX(worst, s);
		g_free(out);
		g_free(kn);
	}
	return worst;
}

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-shard-XXXXXX", NULL);
	/* two folders whose mini.pdf fall in different shards */
	char *first = NULL;
	for (int y = 2000; y < 2100 && !mini_b; y++) {
		char *key = g_strdup_printf("%d/mini.pdf", y);
		if (!first)
			first = key;
		else if (shard_of(key, N) != shard_of(first, N))
			mini_b = key;
		else
			g_free(key);
	}
	mini_a = first;
	gboolean ok = mini_b && tmpdir;
	char *a = g_strconcat("shelf/", mini_a, NULL), *b = g_strconcat("shelf/", mini_b, NULL);
	ok = ok && put("mini.pdf", a) && put("magazine-2023-04.pdf", b) &&
	     put("newspaper-2023-10-31.pdf", "shelf/news.pdf") &&
	     put("magazine-2023-01.pdf", "shelf/mag/01.pdf") && put(NULL, "shelf/bad/empty.pdf");
	g_free(a);
	g_free(b);
	if (!ok)
		return 1;
	/* one run over the shelf, and the shards; the empty file fails: 1 */
	int single = run_status(qk("run", "-q", "shelf", "-o", "single", NULL));
	int shards = run_shards(NULL);
	return single == 1 && shards == 1 ? 0 : 1;
}

static int teardown(void)
{
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	g_free(mini_a);
	g_free(mini_b);
	return 0;
}

/* The rows of OUT/manifest.csv as "name\tfile", sorted. */
static GPtrArray *manifest_rows(const char *out)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
	char *path = g_build_filename(out, "manifest.csv", NULL);
	char *text = qk_test_read_text(tmpdir, path);
	g_free(path);
	char **lines = text ? g_strsplit(text, "\n", -1) : NULL;
	for (int i = 1; lines && lines[i]; i++) {
		if (!*lines[i])
			continue;
		char **f = g_strsplit(lines[i], ",", 3);
		if (f[0] && f[1])
			g_ptr_array_add(rows, g_strdup_printf("%s\t%s", f[0], f[1]));
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(text);
	return rows;
}

/* Every input of the shelf is in exactly one shard's manifest, the one the
 * rule names, under the name one run gave it. */
static void check_coverage(const char *single)
{
	GPtrArray *all = manifest_rows(single);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	guint in_shards = 0;
	for (int k = 1; k <= N; k++) {
		char *out = g_strdup_printf("p%d", k);
		GPtrArray *rows = manifest_rows(out);
		for (guint i = 0; i < rows->len; i++) {
			const char *row = g_ptr_array_index(rows, i);
			const char *file = strchr(row, '\t') + 1;
			CU_ASSERT_TRUE(g_str_has_prefix(file, "shelf/"));
			CU_ASSERT_EQUAL(shard_of(file + strlen("shelf/"), N), (guint)k);
			CU_ASSERT_TRUE(g_hash_table_add(seen, g_strdup(row)));   /* once */
			in_shards++;
		}
		g_ptr_array_unref(rows);
		g_free(out);
	}
	CU_ASSERT_EQUAL(in_shards, all->len);
	for (guint i = 0; i < all->len; i++)
		CU_ASSERT_TRUE(g_hash_table_contains(seen, g_ptr_array_index(all, i)));
	g_hash_table_unref(seen);
	g_ptr_array_unref(all);
}

static void test_coverage(void)
{
	check_coverage("single");
	/* the two mini.pdf are in different shards and still mini, mini-2 */
	char *a = g_strdup_printf("mini\tshelf/%s", mini_a), *b = g_strdup_printf("mini-2\tshelf/%s", mini_b);
	GPtrArray *all = manifest_rows("single");
	gboolean has_a = FALSE, has_b = FALSE;
	for (guint i = 0; i < all->len; i++) {
		has_a = has_a || strcmp(g_ptr_array_index(all, i), a) == 0;
		has_b = has_b || strcmp(g_ptr_array_index(all, i), b) == 0;
	}
	CU_ASSERT_TRUE(has_a && has_b);
	CU_ASSERT_EQUAL(all->len, 5);
	g_ptr_array_unref(all);
	g_free(a);
	g_free(b);
}

static void test_merge_equals_single(void)
{
	QkRun r = qk("merge", "p1", "p2", "p3", "-o", "merged", NULL);
	CU_ASSERT_EQUAL(r.status, 1);   /* the empty file is not done */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "not done: shelf/bad/empty.pdf: failed: empty file"));
	CU_ASSERT_PTR_NULL(strstr(r.err, "missing"));
	qk_run_clear(&r);
	assert_as_single("merged");
	/* a second merge replaces the first one's folder; a shard given twice
	 * is taken once */
	r = qk("merge", "p1", "p2", "p3", "p2", "./p1", "-o", "merged", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	qk_run_clear(&r);
	assert_as_single("merged");
}

/* Which shard holds the folder mini. */
static int shard_with_mini(void)
{
	for (int k = 1; k <= N; k++) {
		char *p = g_strdup_printf("%s/p%d/mini/issue.xml", tmpdir, k);
		gboolean has = g_file_test(p, G_FILE_TEST_EXISTS);
		g_free(p);
		if (has)
			return k;
	}
	return 0;
}

static void test_refuses_differing_duplicate(void)
{
	int k = shard_with_mini();
	CU_ASSERT_TRUE_FATAL(k > 0);
	char *pk = g_strdup_printf("p%d", k);
	/* another input under the same name */
	CU_ASSERT_TRUE(put("newspaper-2023-10-31.pdf", "other/mini.pdf"));
	CU_ASSERT_EQUAL(run_status(qk("run", "-q", "other", "-o", "dup", NULL)), 0);
	QkRun r = qk("merge", pk, "dup", "-o", "bad1", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "are different issues under one name"));
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	qk_run_clear(&r);
	char *bad = path_in("bad1");
	CU_ASSERT_FALSE(g_file_test(bad, G_FILE_TEST_EXISTS));
	g_free(bad);
	/* the same input made into different files */
	char *copy = path_in("pcopy"), *src = path_in(pk);
	const char *cp[] = { "cp", "-a", src, copy, NULL };
	CU_ASSERT_TRUE(g_spawn_sync(NULL, (char **)cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                            NULL, NULL, NULL, NULL));
	char *toc = g_build_filename(copy, "mini", "toc.csv", NULL);
	char *text = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(toc, &text, NULL, NULL));
	char *more = g_strconcat(text ? text : "", "x,y,z,1,1,,\n", NULL);
	CU_ASSERT_TRUE(g_file_set_contents(toc, more, -1, NULL));
	r = qk("merge", pk, "pcopy", "-o", "bad2", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "toc.csv differs"));
	qk_run_clear(&r);
	bad = path_in("bad2");
	CU_ASSERT_FALSE(g_file_test(bad, G_FILE_TEST_EXISTS));
	g_free(bad);
	g_free(more);
	g_free(text);
	g_free(toc);
	g_free(src);
	g_free(copy);
	g_free(pk);
}

static void test_reports_missing(void)
{
	/* shard 2 not given: named, the others merged, exit 1 */
	QkRun r = qk("merge", "p1", "p3", "-o", "partial", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "qikan merge: shard 2/3 missing: no output given for it\n"));
	qk_run_clear(&r);
	GPtrArray *rows = manifest_rows("partial"), *p1 = manifest_rows("p1"), *p3 = manifest_rows("p3");
	CU_ASSERT_EQUAL(rows->len, p1->len + p3->len);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(p1);
	g_ptr_array_unref(p3);
	/* an issue recorded done whose folder is gone */
	int k = shard_with_mini();
	char *pk = g_strdup_printf("p%d", k), *copy = path_in("pgone"), *src = path_in(pk);
	const char *cp[] = { "cp", "-a", src, copy, NULL };
	CU_ASSERT_TRUE(g_spawn_sync(NULL, (char **)cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                            NULL, NULL, NULL, NULL));
	char *xml = g_build_filename(copy, "mini", "issue.xml", NULL);
	CU_ASSERT_EQUAL(g_unlink(xml), 0);
	r = qk("merge", "pgone", "-o", "partial2", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "missing: shelf/"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "is recorded done but is not complete"));
	qk_run_clear(&r);
	g_free(xml);
	g_free(src);
	g_free(copy);
	g_free(pk);
	/* a shard cut short (killed after its first issue: the manifest holds
	 * one row) is named, and --resume completes it */
	int big = 0;
	for (int k = 1; k <= N && !big; k++) {
		char *out = g_strdup_printf("p%d", k);
		GPtrArray *rows = manifest_rows(out);
		big = rows->len >= 2 ? k : 0;
		g_ptr_array_unref(rows);
		g_free(out);
	}
	CU_ASSERT_TRUE_FATAL(big > 0);
	char *kn = g_strdup_printf("%d/%d", big, N);
	CU_ASSERT_EQUAL(run_status(qk("run", "-q", "--shard", kn, "shelf", "-o", "pcut", NULL)) <= 1, TRUE);
	char *mpath = path_in("pcut/manifest.csv"), *mtext = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(mpath, &mtext, NULL, NULL));
	char **mlines = g_strsplit(mtext ? mtext : "", "\n", 3);
	char *cut = g_strdup_printf("%s\n%s\n", mlines[0], mlines[1] ? mlines[1] : "");
	CU_ASSERT_TRUE(g_file_set_contents(mpath, cut, -1, NULL));
	const char *parts[N + 1];
	for (int k = 1; k <= N; k++)
		parts[k] = k == big ? "pcut" : k == 1 ? "p1" : k == 2 ? "p2" : "p3";
	r = qk("merge", parts[1], parts[2], parts[3], "-o", "cut", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	const char *said = "did not get to it (run the shard again with --resume)";
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, said));
	qk_run_clear(&r);
	CU_ASSERT_EQUAL(run_status(qk("run", "-q", "--resume", "--shard", kn, "shelf", "-o", "pcut", NULL)) <= 1, TRUE);
	r = qk("merge", parts[1], parts[2], parts[3], "-o", "cut", NULL);
	CU_ASSERT_PTR_NULL(strstr(r.err, said));
	CU_ASSERT_PTR_NULL(strstr(r.err, "missing"));
	qk_run_clear(&r);
	assert_as_single("cut");
	g_free(cut);
	g_strfreev(mlines);
	g_free(mtext);
	g_free(mpath);
	g_free(kn);
	/* not the output of a run */
	r = qk("merge", "shelf", "-o", "x", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "has no manifest.csv"));
	qk_run_clear(&r);
}

static void test_out_and_shard_guards(void)
{
	/* an OUT with a file merge did not write is left alone */
	char *foreign = path_in("foreign"), *notes = g_build_filename(foreign, "notes.txt", NULL);
	g_mkdir(foreign, 0777);
	CU_ASSERT_TRUE(g_file_set_contents(notes, "mine", -1, NULL));
	QkRun r = qk("merge", "p1", "p2", "p3", "-o", "foreign", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "holds notes.txt, which qikan merge did not write"));
	qk_run_clear(&r);
	CU_ASSERT_EQUAL(qk_test_count_entries(foreign), 1);
	CU_ASSERT_EQUAL(qk_test_count_entries(tmpdir), 15);   /* no .foreign.tmp-* */
	g_free(notes);
	g_free(foreign);
	/* a shard's OUT takes that shard only; a run's OUT no shard */
	r = qk("run", "-q", "--shard", "2/3", "shelf", "-o", "p1", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "p1 holds shard 1/3: run it again with --shard 1/3"));
	qk_run_clear(&r);
	r = qk("run", "-q", "shelf", "-o", "p1", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	qk_run_clear(&r);
	r = qk("run", "-q", "--shard", "1/3", "shelf", "-o", "single", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "holds a run without --shard"));
	qk_run_clear(&r);
	const char *bad[] = { "0/3", "4/3", "3", "a/b", "1/0", "1/3x" };
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		r = qk("run", "-q", "--shard", bad[i], "shelf", "-o", "never", NULL);
		CU_ASSERT_EQUAL(r.status, 2);
		qk_run_clear(&r);
	}
	char *never = path_in("never");
	CU_ASSERT_FALSE(g_file_test(never, G_FILE_TEST_EXISTS));
	g_free(never);
}

/* Files added to the shelf: every input keeps its shard and name, the new
 * ones fall in one shard each, --resume redoes nothing, and the merge
 * equals one run brought up to date with --resume. */
static void test_stable_under_adding(void)
{
	GPtrArray *before[N + 1];
	for (int k = 1; k <= N; k++) {
		char *out = g_strdup_printf("p%d", k);
		before[k] = manifest_rows(out);
		g_free(out);
	}
	CU_ASSERT_TRUE(put("mini.pdf", "shelf/0-first.pdf"));
	CU_ASSERT_TRUE(put("magazine-2023-01.pdf", "shelf/2200/extra.pdf"));
	CU_ASSERT_TRUE(put("magazine-2023-04.pdf", "shelf/mag/00.pdf"));
	CU_ASSERT_EQUAL(run_status(qk("run", "-q", "--resume", "shelf", "-o", "single", NULL)), 1);
	CU_ASSERT_EQUAL(run_shards("--resume"), 1);
	for (int k = 1; k <= N; k++) {
		char *out = g_strdup_printf("p%d", k);
		GPtrArray *now = manifest_rows(out);
		for (guint i = 0; i < before[k]->len; i++) {
			gboolean kept = FALSE;
			for (guint j = 0; j < now->len && !kept; j++)
				kept = strcmp(g_ptr_array_index(now, j), g_ptr_array_index(before[k], i)) == 0;
			CU_ASSERT_TRUE(kept);
		}
		g_ptr_array_unref(now);
		g_ptr_array_unref(before[k]);
		g_free(out);
	}
	check_coverage("single");
	GPtrArray *all = manifest_rows("single");
	CU_ASSERT_EQUAL(all->len, 8);
	g_ptr_array_unref(all);
	QkRun r = qk("merge", "p1", "p2", "p3", "-o", "merged", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	qk_run_clear(&r);
	assert_as_single("merged");
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("shard", setup, teardown);
	CU_add_test(s, "every input in exactly one shard, the rule's", test_coverage);
	CU_add_test(s, "merge of the shards equals one run", test_merge_equals_single);
	CU_add_test(s, "merge refuses an issue that differs", test_refuses_differing_duplicate);
	CU_add_test(s, "merge names missing shards and inputs", test_reports_missing);
	CU_add_test(s, "merge's OUT and a shard's OUT guarded", test_out_and_shard_guards);
	CU_add_test(s, "shards stable when files are added", test_stable_under_adding);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
