/* export.c — the export stage driver: builds an issue's folder in a
 * temporary folder, then moves it into place (see export.h). */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "error.h"
#include "exporters.h"
#include "fileio.h"
#include "xmlio.h"

/* Everything qk_export_issue writes at the top of the folder. */
static const char *const export_files[] = {
	"issue.xml", "toc.csv", "articles.csv", "tables.csv", "indicators.csv",
	"quantities.csv", NULL
};
static const char *const export_dirs[] = { "articles", "tables", NULL };

/* The CSV files' columns; the exporters write their header from here. */
static const struct {
	const char *file;
	const char *const columns[12];
} csv_columns[] = {
	{ "toc.csv", { "section", "title", "authors", "page", "pdf_page",
	               "article_id", "table_id", NULL } },
	{ "articles.csv", { "article_id", "section", "title", "subtitle",
	                    "authors", "first_page", "last_page",
	                    "pdf_first_page", "pdf_last_page", "chars", "text",
	                    NULL } },
	{ "tables.csv", { "table_id", "title", "page", "pdf_page", "source",
	                  "rows", "cols", "header_rows", NULL } },
	{ "indicators.csv", { "table_id", "period", "indicator", "unit",
	                      "region", "measure", "value_raw", "value", NULL } },
	{ "quantities.csv", { "article_id", "paragraph", "raw", "value", "unit",
	                      "base_value", "base_unit", "qualifier", NULL } },
};

const char *const *qk_export_columns(const char *file)
{
	for (guint i = 0; i < G_N_ELEMENTS(csv_columns); i++)
		if (strcmp(file, csv_columns[i].file) == 0)
			return csv_columns[i].columns;
	return NULL;
}

/* ---- helpers shared by the exporters -------------------------------- */

char *qk_export_join_authors(const GPtrArray *authors)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; authors && i < authors->len; i++) {
		const char *a = g_ptr_array_index(authors, i);
		if (!a || !*a)
			continue;
		if (s->len)
			g_string_append_c(s, ';');
		g_string_append(s, a);
	}
	return g_string_free(s, FALSE);
}

char *qk_export_safe_name(const char *id)
{
	if (!id || !*id)
		return g_strdup("unnamed");
	char *s = g_strdup(id);
	for (char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
			*p = '_';
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

const char *qk_export_page_label(const QkIssue *issue, int pdf_page)
{
	if (pdf_page <= 0)
		return NULL;
	const QkPage *page = qk_issue_page(issue, pdf_page);
	return page ? page->label : NULL;
}

/* ---- file system ------------------------------------------------------ */

static gboolean io_error(GError **error, const char *what, const char *path)
{
	int e = errno;
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot %s %s: %s", what, path,
	            g_strerror(e));
	return FALSE;
}


static gboolean in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return TRUE;
	return FALSE;
}

/* Whether dir holds nothing but what an export writes. */
static gboolean holds_only_export(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return FALSE;
	gboolean only = TRUE;
	const char *name;
	while (only && (name = g_dir_read_name(d)))
		only = in_list(name, export_files) || in_list(name, export_dirs);
	g_dir_close(d);
	return only;
}

/* Swaps two paths atomically when the system can (Linux renameat2);
 * otherwise moves b aside, a into b's place, and the old b to a. */
static gboolean exchange(const char *a, const char *b, GError **error)
{
#ifdef RENAME_EXCHANGE
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
		return TRUE;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return io_error(error, "replace", b);
#endif
	char *parent = g_path_get_dirname(b);
	char *base = g_path_get_basename(b);
	char *aside = g_strdup_printf("%s%s.%s.old-XXXXXX", parent,
	                              G_DIR_SEPARATOR_S, base);
	gboolean ok = FALSE;
	if (!g_mkdtemp_full(aside, 0777)) {  /* reserves a unique name */
		io_error(error, "create", aside);
		goto out;
	}
	g_rmdir(aside);
	if (g_rename(b, aside) != 0) {
		io_error(error, "move aside", b);
		goto out;
	}
	if (g_rename(a, b) != 0) {
		io_error(error, "rename into", b);
		g_rename(aside, b);
		goto out;
	}
	/* The caller removes a, which should now be the old b. */
	if (g_rename(aside, a) != 0)
		qk_file_remove_tree(aside);
	ok = TRUE;
out:
	g_free(aside);
	g_free(base);
	g_free(parent);
	return ok;
}

/* Moves the complete temporary folder tmp to dir. */
static gboolean install(const char *tmp, const char *dir, GError **error)
{
	if (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
		if (g_rename(tmp, dir) != 0)
			return io_error(error, "rename into", dir);
		return TRUE;
	}
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO,
		            "%s exists and is not a folder", dir);
		return FALSE;
	}
	if (holds_only_export(dir)) {
		if (!exchange(tmp, dir, error))
			return FALSE;
		qk_file_remove_tree(tmp);  /* now the old folder */
		return TRUE;
	}
	/* Other files live there: replace only our own entries, one by one. */
	const char *const *lists[] = { export_dirs, export_files };
	for (guint l = 0; l < G_N_ELEMENTS(lists); l++) {
		for (const char *const *n = lists[l]; *n; n++) {
			char *from = g_build_filename(tmp, *n, NULL);
			char *to = g_build_filename(dir, *n, NULL);
			gboolean ok;
			if (l == 0 && g_file_test(to, G_FILE_TEST_IS_DIR))
				ok = exchange(from, to, error);
			else
				ok = g_rename(from, to) == 0 || io_error(error, "rename into", to);
			g_free(from);
			g_free(to);
			if (!ok)
				return FALSE;
		}
	}
	qk_file_remove_tree(tmp);
	return TRUE;
}

int qk_export_clean_stale(const char *dir)
{
	char *canon = g_canonicalize_filename(dir, NULL);
	char *parent = g_path_get_dirname(canon);
	char *base = g_path_get_basename(canon);
	g_free(canon);
	char *tmp_prefix = g_strconcat(".", base, ".tmp-", NULL);
	char *old_prefix = g_strconcat(".", base, ".old-", NULL);
	int removed = 0;
	GDir *d = g_dir_open(parent, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, tmp_prefix) &&
		    !g_str_has_prefix(name, old_prefix))
			continue;
		char *path = g_build_filename(parent, name, NULL);
		qk_file_remove_tree(path);
		g_free(path);
		removed++;
	}
	if (d)
		g_dir_close(d);
	g_free(old_prefix);
	g_free(tmp_prefix);
	g_free(base);
	g_free(parent);
	return removed;
}

gboolean qk_export_complete(const char *dir)
{
	gboolean ok = TRUE;
	for (const char *const *n = export_files; ok && *n; n++) {
		char *p = g_build_filename(dir, *n, NULL);
		ok = g_file_test(p, G_FILE_TEST_IS_REGULAR);
		g_free(p);
	}
	for (const char *const *n = export_dirs; ok && *n; n++) {
		char *p = g_build_filename(dir, *n, NULL);
		ok = g_file_test(p, G_FILE_TEST_IS_DIR);
		g_free(p);
	}
	return ok;
}

/* ---- writing ---------------------------------------------------------- */

static gboolean save_csv(QkCsv *csv, const char *dir, const char *name,
                         GError **error)
{
	char *path = g_build_filename(dir, name, NULL);
	gboolean ok = qk_csv_save(csv, path, error);
	g_free(path);
	qk_csv_free(csv);
	return ok;
}

static gboolean write_articles(const QkIssue *issue, const char *dir,
                               GError **error)
{
	char *sub = g_build_filename(dir, "articles", NULL);
	gboolean ok = g_mkdir(sub, 0777) == 0 || io_error(error, "create", sub);
	for (guint i = 0; ok && issue->articles && i < issue->articles->len; i++) {
		const QkArticle *art = g_ptr_array_index(issue->articles, i);
		char *safe = qk_export_safe_name(art->id);
		char *file = g_strconcat(safe, ".txt", NULL);
		char *path = g_build_filename(sub, file, NULL);
		char *txt = qk_export_article_txt(art);
		ok = qk_file_write_atomic(path, txt, strlen(txt), error);
		g_free(txt);
		g_free(path);
		g_free(file);
		g_free(safe);
	}
	g_free(sub);
	return ok;
}

static gboolean write_tables(const QkIssue *issue, const char *dir,
                             GError **error)
{
	char *sub = g_build_filename(dir, "tables", NULL);
	gboolean ok = g_mkdir(sub, 0777) == 0 || io_error(error, "create", sub);
	for (guint i = 0; ok && issue->tables && i < issue->tables->len; i++) {
		const QkTable *t = g_ptr_array_index(issue->tables, i);
		/* A table whose grid is unusable is still listed in tables.csv;
		 * it just has no grid file. */
		QkCsv *csv = qk_export_table_grid_csv(t, NULL);
		if (!csv)
			continue;
		char *safe = qk_export_safe_name(t->id);
		char *file = g_strconcat(safe, ".csv", NULL);
		ok = save_csv(csv, sub, file, error);
		g_free(file);
		g_free(safe);
	}
	g_free(sub);
	return ok;
}

static gboolean write_all(const QkIssue *issue, const char *dir, GError **error)
{
	char *xml = g_build_filename(dir, "issue.xml", NULL);
	gboolean ok = qk_model_write_file(issue, xml, error);
	g_free(xml);
	ok = ok && save_csv(qk_export_toc_csv(issue), dir, "toc.csv", error);
	ok = ok && save_csv(qk_export_articles_csv(issue), dir, "articles.csv", error);
	ok = ok && save_csv(qk_export_tables_csv(issue), dir, "tables.csv", error);
	ok = ok && save_csv(qk_export_indicators_csv(issue), dir, "indicators.csv",
	                    error);
	ok = ok && save_csv(qk_export_quantities_csv(issue), dir, "quantities.csv",
	                    error);
	ok = ok && write_articles(issue, dir, error);
	ok = ok && write_tables(issue, dir, error);
	return ok;
}

gboolean qk_export_issue(const QkIssue *issue, const char *dir, GError **error)
{
	g_return_val_if_fail(issue != NULL && dir != NULL, FALSE);
	/* "out/issue/" must mean out/issue, not a folder inside it. */
	char *canon = g_canonicalize_filename(dir, NULL);
	dir = canon;
	char *parent = g_path_get_dirname(dir);
	char *base = g_path_get_basename(dir);
	char *tmp = g_strdup_printf("%s%s.%s.tmp-XXXXXX", parent, G_DIR_SEPARATOR_S,
	                            base);
	gboolean ok = FALSE;
	if (g_mkdir_with_parents(parent, 0777) != 0) {
		io_error(error, "create", parent);
		goto out;
	}
	if (!g_mkdtemp_full(tmp, 0777)) {  /* umask applies, as for mkdir */
		io_error(error, "create", tmp);
		goto out;
	}
	ok = write_all(issue, tmp, error) && install(tmp, dir, error);
	if (!ok)
		qk_file_remove_tree(tmp);
out:
	g_free(tmp);
	g_free(base);
	g_free(parent);
	g_free(canon);
	return ok;
}
