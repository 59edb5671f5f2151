/*
 * cmd_db.c — the searchable corpus from the command line:
 *   qikan index OUT -o corpus.sqlite     issue folders made earlier → database
 *   qikan search corpus.sqlite QUERY     hits: issue, date, page, title, snippet
 * (`qikan run --db` fills the same database as issues finish.)
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "corpusdb.h"
#include "export.h"

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Issue folders of out, sorted: the subfolders export completed. */
static GPtrArray *issue_folders(const char *out, GError **error)
{
	GDir *d = g_dir_open(out, 0, error);
	if (!d)
		return NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	while ((n = g_dir_read_name(d))) {
		char *dir = g_build_filename(out, n, NULL);
		if (n[0] != '.' && qk_export_complete(dir))
			g_ptr_array_add(names, g_strdup(n));
		g_free(dir);
	}
	g_dir_close(d);
	g_ptr_array_sort(names, compare_names);
	return names;
}

int qk_cli_index(const char *out, const char *db_path, guint *n_issues, GError **error)
{
	GError *err = NULL;
	GPtrArray *names = issue_folders(out, &err);
	QkCorpusDb *db = names ? qk_corpusdb_open(db_path, FALSE, &err) : NULL;
	int failed = -1;
	if (!names || !db) {
		g_set_error(error, err->domain, err->code, "%s: %s",
		            names ? db_path : out, err->message);
		g_error_free(err);
		goto out;
	}
	failed = 0;
	for (guint i = 0; i < names->len; i++) {
		char *dir = g_build_filename(out, g_ptr_array_index(names, i), NULL);
		if (!qk_corpusdb_add_issue(db, g_ptr_array_index(names, i), dir, NULL, &err)) {
			fprintf(stderr, "qikan: %s: %s\n", dir, err->message);
			g_clear_error(&err);
			failed++;
		}
		g_free(dir);
	}
	*n_issues = names->len;
out:
	qk_corpusdb_close(db);
	if (names)
		g_ptr_array_unref(names);
	return failed;
}

int qk_cmd_index(int argc, char **argv)
{
	char *db_path = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &db_path,
		  "The database to make or bring up to date (required)", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("OUT — a searchable database of issue folders");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Reads every issue folder in OUT (as `qikan run` wrote them) into a SQLite\n"
		"database: tables issues, toc, articles, tables, indicators and quantities\n"
		"(the CSV files' columns, the issue's name first) and a full-text index of\n"
		"article titles and bodies. An issue already there is replaced, each in one\n"
		"transaction. `qikan run --db FILE` fills the same database as issues finish.\n\n"
		"Examples:\n"
		"  qikan index out/ -o corpus.sqlite\n"
		"  sqlite3 corpus.sqlite \"SELECT issue, title FROM articles WHERE authors LIKE '%卫%'\"\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "index", &argc, &argv))
		goto cleanup;
	if (!db_path || !*db_path || argc != 2) {
		fprintf(stderr, "qikan index: give one folder and -o FILE (see 'qikan index --help')\n");
		goto cleanup;
	}
	rc = QK_EXIT_FAILED;
	GError *err = NULL;
	guint n = 0;
	int failed = qk_cli_index(argv[1], db_path, &n, &err);
	if (failed < 0) {
		fprintf(stderr, "qikan: %s\n", err->message);
		g_clear_error(&err);
	} else {
		fprintf(stderr, "qikan index: %u issues, %d failed → %s\n", n, failed, db_path);
		rc = failed ? QK_EXIT_FAILED : QK_EXIT_OK;
	}
cleanup:
	g_option_context_free(ctx);
	g_free(db_path);
	return rc;
}

int qk_cmd_search(int argc, char **argv)
{
	char *issue = NULL, *section = NULL, *since = NULL, *until = NULL;
	gboolean csv = FALSE;
	int limit = 50;
	GOptionEntry entries[] = {
		{ "issue", 0, 0, G_OPTION_ARG_STRING, &issue, "Only this issue (its folder name)", "NAME" },
		{ "section", 0, 0, G_OPTION_ARG_STRING, &section, "Only articles of this section", "NAME" },
		{ "since", 0, 0, G_OPTION_ARG_STRING, &since, "Only issues dated on or after", "YYYY-MM-DD" },
		{ "until", 0, 0, G_OPTION_ARG_STRING, &until, "Only issues dated on or before", "YYYY-MM-DD" },
		{ "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "At most N hits (default 50)", "N" },
		{ "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "CSV with a header row instead of lines", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("DATABASE QUERY — find articles by their words");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Finds the articles whose title or body holds every word of QUERY (words of\n"
		"any length: 光伏, 煤炭, 新能源汽车, 光) and prints the issue, its date, the\n"
		"printed page, the title and a snippet with the words marked.\n\n"
		"Examples:\n"
		"  qikan search corpus.sqlite 光伏\n"
		"  qikan search corpus.sqlite '煤炭 转型' --since 2023-01-01 --csv > hits.csv\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "search", &argc, &argv))
		goto cleanup;
	if (argc != 3 || limit < 1) {
		fprintf(stderr, "qikan search: give a database and a query (see 'qikan search --help')\n");
		goto cleanup;
	}
	rc = QK_EXIT_FAILED;
	GError *err = NULL;
	QkCorpusDb *db = g_file_test(argv[1], G_FILE_TEST_IS_REGULAR)
	                 ? qk_corpusdb_open(argv[1], TRUE, &err) : NULL;
	if (!db) {
		fprintf(stderr, "qikan: %s: %s\n", argv[1], err ? err->message : "no such database");
		g_clear_error(&err);
		goto cleanup;
	}
	QkSearchOptions o = { .issue = issue, .section = section, .since = since, .until = until,
	                      .limit = limit, .csv = csv, .color = !csv && isatty(1) };
	int n = qk_corpusdb_search(db, argv[2], &o, stdout, &err);
	if (n < 0) {
		fprintf(stderr, "qikan: %s: %s\n", argv[1], err->message);
		g_clear_error(&err);
	} else {
		if (!csv)
			fprintf(stderr, "%d hit%s\n", n, n == 1 ? "" : "s");
		rc = QK_EXIT_OK;
	}
	qk_corpusdb_close(db);
cleanup:
	g_option_context_free(ctx);
	g_free(issue);
	g_free(section);
	g_free(since);
	g_free(until);
	return rc;
}
