/*
 * test_corpusdb.c — the searchable corpus (issue 19): `qikan run --db` fills
 * a SQLite database as issues finish and keeps it in step with --resume;
 * `qikan index` makes the same from folders; `qikan search` finds Chinese
 * words of one, two and more characters with filters and CSV output; the
 * sqlite3 command runs the README's queries on it.
 *
 * The index is one of character pairs (a trigram index besides it was
 * dropped for its cost): a word of any length finds exactly the articles
 * whose title or text holds it, as the trigram index did for words of three
 * or more characters.
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "qkrun.h"

static char *tmpdir, *out, *db;

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-corpusdb-XXXXXX", NULL);
	out = g_build_filename(tmpdir, "out", NULL);
	db = g_build_filename(tmpdir, "corpus.sqlite", NULL);
	char *mini = g_build_filename(g_getenv("QK_SAMPLES"), "mini.pdf", NULL);
	char *news = g_build_filename(g_getenv("QK_SAMPLES"), "newspaper-2023-10-31.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "run", "-q", "--db", db, mini, news, "-o", out, NULL);
	int status = r.status;
	qk_run_clear(&r);
	g_free(mini);
	g_free(news);
	return status == 0 ? 0 : 1;
}

static int teardown(void)
{
	qk_file_remove_tree(tmpdir);
	g_free(db);
	g_free(out);
	g_free(tmpdir);
	return 0;
}

static char *sql(const char *path, const char *query);

static QkRun search(const char *q, const char *opt, const char *val)
{
	return opt ? qk_test_runl(NULL, "search", db, q, opt, val, NULL)
	           : qk_test_runl(NULL, "search", db, q, NULL);
}

static void test_word_lengths(void)
{
	/* two characters: 光伏 inside sentences; one character; a long word */
	const char *words[] = { "光伏", "煤", "储能电站", "新能源 项目" };
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		QkRun r = search(words[i], NULL, NULL);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_TRUE(qk_test_count_lines(r.out) >= 2);
		char **first = g_strsplit(words[i], " ", 2);
		char *marked = g_strdup_printf("【%s】", first[0]);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.out, marked));
		g_free(marked);
		g_strfreev(first);
		qk_run_clear(&r);
	}
	/* words overlapping in the text are one highlight, the text once */
	QkRun r = search("电站 储能 储能电站", "--issue", "newspaper-2023-10-31");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "【储能电站】"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "】【"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "储能电站储能"));
	qk_run_clear(&r);
	r = search("没有这个词组合", NULL, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	qk_run_clear(&r);
}

/* A one-character query finds every article that has the character, also
 * where it only ends a run of text (亿元。 吨， 原煤): as many hits as
 * articles whose title or text holds it. */
static void test_single_characters(void)
{
	const char *chars[] = { "煤", "元", "吨", "量", "年" };
	for (guint i = 0; i < G_N_ELEMENTS(chars); i++) {
		char *q = g_strdup_printf("SELECT count(*) FROM articles WHERE "
		                          "instr(coalesce(title, '') || ' ' || coalesce(text, ''), '%s')",
		                          chars[i]);
		char *n = sql(db, q);
		QkRun r = qk_test_runl(NULL, "search", db, chars[i], "--limit", "1000", "--csv", NULL);
		CU_ASSERT_EQUAL(r.status, 0);
		CU_ASSERT_TRUE(atoi(n) > 0);
		/* CSV: the header, then a hit a line (snippets have no line breaks) */
		CU_ASSERT_EQUAL(qk_test_count_lines(r.out) - 1, atoi(n));
		qk_run_clear(&r);
		g_free(n);
		g_free(q);
	}
}

/* The hits of the CSV output of `qikan search db word`, the header and a
 * hit a line. */
static int hits(const char *word)
{
	QkRun r = qk_test_runl(NULL, "search", db, word, "--limit", "1000", "--csv", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	int n = qk_test_count_lines(r.out) - 1;
	qk_run_clear(&r);
	return n;
}

/* Words of two to four characters, as the pairs' phrases: as many hits as
 * articles hold the word in their title or text, none missed, none too
 * many; for three or more characters, as many as a trigram index (the
 * layout before) finds. A word written with punctuation finds it written
 * with any punctuation there. */
static void test_same_hits_as_the_text(void)
{
	char *copy = g_build_filename(tmpdir, "trigram.sqlite", NULL);
	char *vacuum = g_strdup_printf("VACUUM INTO '%s'", copy);
	g_free(sql(db, vacuum));
	g_free(sql(copy, "CREATE VIRTUAL TABLE tri USING fts5(title, text, content='articles',"
	                 " content_rowid='id', tokenize='trigram');"
	                 "INSERT INTO tri(tri) VALUES ('rebuild')"));
	const char *words[] = { "光伏", "煤炭", "储能", "亿元", "产业链", "新能源", "煤矸石",
	                        "储能电站", "光伏制造", "转型发展" };
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		char *q = g_strdup_printf("SELECT count(*) FROM articles WHERE instr(title, '%s') "
		                          "OR instr(text, '%s')", words[i], words[i]);
		char *n = sql(db, q);
		CU_ASSERT_TRUE(atoi(n) > 0);
		CU_ASSERT_EQUAL(hits(words[i]), atoi(n));
		if (g_utf8_strlen(words[i], -1) >= 3) {
			char *t = g_strdup_printf("SELECT count(*) FROM tri WHERE tri MATCH '\"%s\"'",
			                          words[i]);
			char *tn = sql(copy, t);
			CU_ASSERT_EQUAL(hits(words[i]), atoi(tn));
			g_free(tn);
			g_free(t);
		}
		g_free(n);
		g_free(q);
	}
	char *exact = sql(db, "SELECT count(*) FROM articles WHERE instr(text, '能源、')");
	CU_ASSERT_TRUE(atoi(exact) > 0);
	CU_ASSERT_TRUE(hits("能源、") >= atoi(exact));
	CU_ASSERT_TRUE(hits("能源、") < hits("能源"));
	g_free(exact);
	g_free(vacuum);
	g_free(copy);
}

static void test_filters_and_csv(void)
{
	QkRun r = search("光伏", "--issue", "mini");
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "mini  2023-12-20"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "newspaper"));
	qk_run_clear(&r);
	r = search("光伏", "--since", "2023-11-01");   /* the newspaper is dated 2023-10-31 */
	CU_ASSERT_PTR_NULL(strstr(r.out, "newspaper"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "mini"));
	qk_run_clear(&r);
	r = qk_test_runl(NULL, "search", db, "光伏", "--csv", NULL);
	CU_ASSERT_TRUE(g_str_has_prefix(r.out, "issue,date,page,article_id,section,title,snippet\n"));
	qk_run_clear(&r);
	r = qk_test_runl(NULL, "search", "/nonexistent.sqlite", "光伏", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	qk_run_clear(&r);
}

static char *sql(const char *path, const char *query)
{
	const char *argv[] = { "sqlite3", path, query, NULL };
	char *o = NULL;
	int status = -1;
	gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
	                            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &o, NULL, &status, NULL);
	CU_ASSERT_TRUE(ran && g_spawn_check_wait_status(status, NULL));
	if (!ran)
		fprintf(stderr, "the sqlite3 command is missing (scripts/setup installs it)\n");
	return o ? g_strstrip(o) : g_strdup("");
}

static void test_tables_and_resume(void)
{
	char *n = sql(db, "SELECT count(*) FROM issues");
	CU_ASSERT_STRING_EQUAL(n, "2");
	g_free(n);
	n = sql(db, "SELECT count(*) > 0 FROM indicators WHERE value IS NOT NULL");
	CU_ASSERT_STRING_EQUAL(n, "1");
	g_free(n);
	n = sql(db, "SELECT typeof(value) FROM indicators WHERE value IS NOT NULL LIMIT 1");
	CU_ASSERT_TRUE(strcmp(n, "integer") == 0 || strcmp(n, "real") == 0);
	g_free(n);
	char *before = sql(db, "SELECT count(*) FROM articles");
	/* --resume skips both issues and leaves the database as it is */
	char *mini = g_build_filename(g_getenv("QK_SAMPLES"), "mini.pdf", NULL);
	char *news = g_build_filename(g_getenv("QK_SAMPLES"), "newspaper-2023-10-31.pdf", NULL);
	QkRun r = qk_test_runl(NULL, "run", "-q", "--resume", "--db", db, mini, news, "-o", out, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *after = sql(db, "SELECT count(*) FROM articles");
	CU_ASSERT_STRING_EQUAL(before, after);
	/* a database made later from the folders holds the same */
	char *db2 = g_build_filename(tmpdir, "index.sqlite", NULL);
	r = qk_test_runl(NULL, "index", out, "-o", db2, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	char *again = sql(db2, "SELECT count(*) FROM articles");
	CU_ASSERT_STRING_EQUAL(before, again);
	g_free(again);
	g_free(db2);
	g_free(after);
	g_free(before);
	g_free(news);
	g_free(mini);
}

/* Indexing an issue again replaces it: the full-text indexes are taken out
 * by id (FTS5's integrity checks pass, hits are not doubled), and they
 * follow the articles' ids through a VACUUM. */
static void test_replace_and_vacuum(void)
{
	char *db2 = g_build_filename(tmpdir, "again.sqlite", NULL);
	QkRun r = qk_test_runl(NULL, "index", out, "-o", db2, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	QkRun first = qk_test_runl(NULL, "search", db2, "光伏", NULL);
	r = qk_test_runl(NULL, "index", out, "-o", db2, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	qk_run_clear(&r);
	/* the README's full-text query */
	char *n = sql(db2, "INSERT INTO articles_bigram(articles_bigram) VALUES ('integrity-check');"
	                   "SELECT count(*) FROM articles_bigram WHERE articles_bigram MATCH "
	                   "'\"储能 能电 电站\"'");
	CU_ASSERT_TRUE(atoi(n) > 0);
	char *rows = sql(db2, "SELECT count(*) FROM articles");
	char *before = sql(db, "SELECT count(*) FROM articles");
	CU_ASSERT_STRING_EQUAL(rows, before);
	QkRun second = qk_test_runl(NULL, "search", db2, "光伏", NULL);
	CU_ASSERT_STRING_EQUAL(first.out, second.out);
	/* ids the index holds are the articles' own: a VACUUM keeps them */
	g_free(sql(db2, "DELETE FROM articles WHERE id = (SELECT min(id) FROM articles); VACUUM"));
	QkRun third = qk_test_runl(NULL, "search", db2, "储能电站", NULL);
	CU_ASSERT_EQUAL(third.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(third.out, "【储能电站】"));
	qk_run_clear(&first);
	qk_run_clear(&second);
	qk_run_clear(&third);
	g_free(before);
	g_free(rows);
	g_free(n);
	g_free(db2);
}

/* A database of another layout (here: made before the indexes were keyed
 * by the articles' ids) is refused in one line, and left as it was. */
static void test_other_layout_refused(void)
{
	char *old = g_build_filename(tmpdir, "old.sqlite", NULL);
	g_free(sql(old, "CREATE TABLE issues(issue TEXT PRIMARY KEY);"
	                "CREATE VIRTUAL TABLE articles_fts USING fts5(issue UNINDEXED, title);"));
	char *schema = sql(old, ".schema");
	QkRun r = qk_test_runl(NULL, "search", old, "光伏", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "qikan index"));
	qk_run_clear(&r);
	r = qk_test_runl(NULL, "index", out, "-o", old, NULL);
	CU_ASSERT_NOT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "older qikan"));
	qk_run_clear(&r);
	char *after = sql(old, ".schema");
	CU_ASSERT_STRING_EQUAL(schema, after);
	g_free(after);
	/* layout 2 had a trigram index besides the pairs */
	char *two = g_build_filename(tmpdir, "two.sqlite", NULL);
	g_free(sql(two, "CREATE TABLE issues(issue TEXT PRIMARY KEY); PRAGMA user_version = 2;"));
	r = qk_test_runl(NULL, "search", two, "光伏", NULL);
	CU_ASSERT_EQUAL(r.status, 1);
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "older qikan (layout 2"));
	qk_run_clear(&r);
	g_free(two);
	g_free(schema);
	g_free(old);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("corpusdb", setup, teardown);
	CU_add_test(s, "words of one, two and more characters", test_word_lengths);
	CU_add_test(s, "a character found wherever it is", test_single_characters);
	CU_add_test(s, "as many hits as articles hold the word", test_same_hits_as_the_text);
	CU_add_test(s, "filters, CSV, errors", test_filters_and_csv);
	CU_add_test(s, "tables, --resume, qikan index", test_tables_and_resume);
	CU_add_test(s, "an issue indexed again replaces it; VACUUM", test_replace_and_vacuum);
	CU_add_test(s, "a database of another layout refused", test_other_layout_refused);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
