/*
 * test_slurm.c — scripts/cluster/slurm-qikan.sbatch on a real, one-node
 * Slurm (issue 20): tests/cluster/slurm-up starts munged, slurmctld and
 * slurmd on this machine (a minimal slurm.conf in a temporary folder); the
 * script submits a job array of 3 shards over samples/ and a merge job that
 * waits for them; the merged folder must equal one `qikan run` over
 * samples/ file for file (manifest.csv but for its seconds column), and
 * the corpus database the merge builds must hold the rows `run --db` put
 * in (but for the articles' surrogate key, numbered in insertion order). When the daemons cannot start, the test fails and says why.
 */
#include <unistd.h>
#include <string.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "qkrun.h"
#include "sametree.h"

static char *tmpdir, *slurmdir, *root;
static gboolean up;

/* Runs argv (a program on PATH or a path); its exit status, -1 when it
 * could not start. out and err may be NULL. */
static int spawn(const char *const *argv, char **out, char **err)
{
	int status = -1;
	GError *e = NULL;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                  out, err, &status, &e)) {
		if (err)
			*err = g_strdup(e->message);
		g_error_free(e);
		return -1;
	}
	return g_spawn_check_wait_status(status, NULL) ? 0
	       : WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int setup(void)
{
	root = g_strdup(g_getenv("QK_SOURCE_ROOT"));
	tmpdir = g_dir_make_tmp("qk-slurm-XXXXXX", NULL);
	slurmdir = g_build_filename(tmpdir, "slurm", NULL);
	return root && tmpdir ? 0 : 1;
}

static int teardown(void)
{
	char *down = g_build_filename(root, "tests", "cluster", "slurm-down", NULL);
	const char *argv[] = { down, slurmdir, NULL };
	spawn(argv, NULL, NULL);
	g_free(down);
	qk_file_remove_tree(tmpdir);
	g_free(slurmdir);
	g_free(tmpdir);
	g_free(root);
	return 0;
}

static void test_daemons_start(void)
{
	char *script = g_build_filename(root, "tests", "cluster", "slurm-up", NULL);
	const char *argv[] = { script, slurmdir, NULL };
	char *out = NULL, *err = NULL;
	int s = spawn(argv, &out, &err);
	if (s != 0)
		fprintf(stderr, "\nSlurm could not be started:\n%s\n", err ? err : "");
	CU_ASSERT_EQUAL(s, 0);
	if (s == 0 && out && g_str_has_prefix(out, "SLURM_CONF=")) {
		g_strstrip(out);
		g_setenv("SLURM_CONF", out + strlen("SLURM_CONF="), TRUE);
		up = TRUE;
	}
	g_free(out);
	g_free(err);
	g_free(script);
}

/* Waits until job id has left the queue; its final state line from
 * scontrol ("JobState=… ExitCode=…"), NULL after the time bound. */
static char *wait_job(const char *id, double seconds)
{
	gint64 end = g_get_monotonic_time() + (gint64)(seconds * 1e6);
	while (g_get_monotonic_time() < end) {
		char *out = NULL;
		const char *sq[] = { "squeue", "-h", "-j", id, NULL };
		int s = spawn(sq, &out, NULL);
		gboolean queued = s == 0 && out && *g_strstrip(out);
		g_free(out);
		if (!queued) {
			const char *sc[] = { "scontrol", "-o", "show", "job", id, NULL };
			out = NULL;
			spawn(sc, &out, NULL);
			return out;
		}
		g_usleep(300000);
	}
	return NULL;
}

static gint compare_lines(gconstpointer a, gconstpointer b, gpointer data)
{
	(void)data;
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs sqlite3 on db with sql: its output, NULL when it failed. */
static char *sqlite(const char *db, const char *sql)
{
	const char *argv[] = { "sqlite3", db, sql, NULL };
	char *out = NULL;
	if (spawn(argv, &out, NULL) != 0)
		g_clear_pointer(&out, g_free);
	return out;
}

/* The rows of a database's table, one line each, sorted, without the
 * column id: the surrogate key of articles, numbered in the order issues
 * went in (as they finished in one run, by name in the merge). */
static char *table_rows(const char *db, const char *table)
{
	char *q = g_strdup_printf("SELECT group_concat('\"' || name || '\"', ',') "
	                          "FROM pragma_table_info('%s') WHERE name <> 'id'", table);
	char *cols = sqlite(db, q);
	char *sql = cols ? g_strdup_printf("SELECT %s FROM \"%s\"", g_strstrip(cols), table) : NULL;
	char *out = sql ? sqlite(db, sql) : NULL;
	g_free(sql);
	g_free(cols);
	g_free(q);
	if (!out)
		return NULL;
	char **lines = g_strsplit(out, "\n", -1);
	g_free(out);
	g_qsort_with_data(lines, (gint)g_strv_length(lines), sizeof *lines,
	                  compare_lines, NULL);
	char *joined = g_strjoinv("\n", lines);
	g_strfreev(lines);
	return joined;
}

/* The born-digital samples and the bad ones, linked file by file into
 * tmpdir/input: the test is about shards and merging, and samples/scans'
 * OCR pages would only make its jobs slow (they are the OCR suite's). */
static char *sample_input(const char *samples)
{
	char *input = g_build_filename(tmpdir, "input", NULL);
	const char *dirs[] = { "", "bad" };
	for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
		char *from = g_build_filename(samples, dirs[d], NULL);
		char *to = g_build_filename(input, dirs[d], NULL);
		g_mkdir_with_parents(to, 0755);
		GDir *dir = g_dir_open(from, 0, NULL);
		for (const char *n; dir && (n = g_dir_read_name(dir));) {
			if (!g_str_has_suffix(n, ".pdf"))
				continue;
			char *src = g_build_filename(from, n, NULL);
			char *dst = g_build_filename(to, n, NULL);
			CU_ASSERT_EQUAL(symlink(src, dst), 0);
			g_free(dst);
			g_free(src);
		}
		if (dir)
			g_dir_close(dir);
		g_free(to);
		g_free(from);
	}
	return input;
}

static void test_array_and_merge(void)
{
	CU_ASSERT_TRUE_FATAL(up);
	char *samples = sample_input(g_getenv("QK_SAMPLES"));
	char *single = g_build_filename(tmpdir, "single", NULL);
	char *single_db = g_build_filename(tmpdir, "single.sqlite", NULL);
	char *out = g_build_filename(tmpdir, "out", NULL);
	/* one machine: the bad samples fail, so exit 1 */
	QkRun r = qk_test_runl(NULL, "run", "-q", samples, "-o", single, "--db", single_db, NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	qk_run_clear(&r);

	char *sbatch = g_build_filename(root, "scripts", "cluster", "slurm-qikan.sbatch", NULL);
	g_setenv("QIKAN", g_getenv("QK_QIKAN"), TRUE);
	const char *argv[] = { sbatch, samples, out, "3", NULL };
	char *sout = NULL, *serr = NULL;
	int s = spawn(argv, &sout, &serr);
	if (s != 0)
		fprintf(stderr, "\n%s%s\n", sout ? sout : "", serr ? serr : "");
	CU_ASSERT_EQUAL_FATAL(s, 0);
	/* "array ID\nmerge ID\n" */
	char **lines = g_strsplit(sout, "\n", -1);
	const char *array = g_strv_length(lines) >= 2 ? lines[0] + strlen("array ") : "";
	const char *merge = g_strv_length(lines) >= 2 ? lines[1] + strlen("merge ") : "";
	CU_ASSERT_TRUE(g_str_has_prefix(sout, "array ") && *merge);
	char *state = wait_job(merge, 100);
	CU_ASSERT_PTR_NOT_NULL(state);
	/* the merge ran after the three shards, and exited 1: four bad
	 * samples are not done (said in its log) */
	CU_ASSERT_PTR_NOT_NULL(state ? strstr(state, "ExitCode=1:0") : NULL);
	CU_ASSERT_PTR_NOT_NULL(state ? strstr(state, "Dependency=(null)") : NULL);
	for (int k = 1; k <= 3; k++) {
		char *task = g_strdup_printf("%s_%d", array, k);
		char *st = wait_job(task, 5);
		/* ended by itself (exit 1 when a bad sample fell in it), not
		 * cancelled or timed out */
		CU_ASSERT_TRUE(st && (strstr(st, "JobState=COMPLETED") ||
		                      strstr(st, "JobState=FAILED Reason=NonZeroExitCode")));
		g_free(st);
		g_free(task);
	}
	char *log = g_build_filename(out, "logs", "merge.out", NULL);
	char *text = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(log, &text, NULL, NULL));
	int not_done = 0;
	for (const char *p = text; p && (p = strstr(p, "qikan merge: not done: ")); p++)
		not_done++;
	CU_ASSERT_EQUAL(not_done, 4);
	CU_ASSERT_PTR_NULL(text ? strstr(text, "missing") : NULL);
	if (state && !strstr(state, "ExitCode=1:0"))
		fprintf(stderr, "\n%s\n%s\n", state, text ? text : "");

	/* the merged folder is the one-machine run's */
	char *merged = g_build_filename(out, "merged", NULL);
	char *diff = qk_test_tree_diff(single, merged);
	if (diff)
		fprintf(stderr, "\n%s\n", diff);
	CU_ASSERT_PTR_NULL(diff);
	CU_ASSERT_TRUE(qk_test_count_files(merged) > 40);
	/* and so is the database, built once by the merge */
	char *merged_db = g_build_filename(out, "corpus.sqlite", NULL);
	const char *tables[] = { "issues", "toc", "articles", "tables", "indicators", "quantities" };
	for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
		char *a = table_rows(single_db, tables[i]), *b = table_rows(merged_db, tables[i]);
		CU_ASSERT_PTR_NOT_NULL(a);
		gboolean same = a && b && strcmp(a, b) == 0 && strlen(a) > 10;
		CU_ASSERT_TRUE(same);
		if (!same)
			fprintf(stderr, "\ntable %s differs:\n%s\n---\n%s\n", tables[i],
			        a ? a : "(none)", b ? b : "(none)");
		g_free(a);
		g_free(b);
	}
	g_free(merged_db);
	g_free(diff);
	g_free(merged);
	g_free(text);
	g_free(log);
	g_free(state);
	g_strfreev(lines);
	g_free(sout);
	g_free(serr);
	g_free(sbatch);
	g_free(out);
	g_free(single_db);
	g_free(single);
	g_free(samples);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("slurm", setup, teardown);
	CU_add_test(s, "a one-node Slurm starts (munged, slurmctld, slurmd)", test_daemons_start);
	CU_add_test(s, "job array of shards + merge job = one run", test_array_and_merge);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
