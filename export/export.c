/* export.c — the export stage driver: builds an issue's folder in a
 * temporary folder, then moves it into place (see export.h). */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "error.h"
#include "archival.h"
#include "exporters.h"
#include "fileio.h"
#include "parallel.h"
#include "xmlio.h"

/* Everything qk_export_issue writes at the top of the folder. */
static const char *const export_files[] = {
	"issue.xml", "toc.csv", "articles.csv", "tables.csv", "indicators.csv",
	"quantities.csv", NULL
};
static const char *const export_dirs[] = { "articles", "tables", NULL };
static gboolean in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return TRUE;
	return FALSE;
}

/* What it writes besides when asked (--mets). */
static const char *const optional_files[] = { "mets.xml", "issue.xlsx", NULL };
static const char *const optional_dirs[] = { "alto", NULL };

static gboolean own_file(const char *name)
{
	return in_list(name, export_files) || in_list(name, optional_files);
}

static gboolean own_dir(const char *name)
{
	return in_list(name, export_dirs) || in_list(name, optional_dirs);
}

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
	                  "rows", "cols", "header_rows", "unit", NULL } },
	{ "tables/<id>.columns.csv", { "col", "name", NULL } },
	{ "indicators.csv", { "table_id", "period", "indicator", "unit",
	                      "region", "measure", "value_raw", "value",
	                      "parent", "column", NULL } },
	{ "quantities.csv", { "article_id", "paragraph", "raw", "value", "unit",
	                      "base_value", "base_unit", "qualifier", "value_high",
	                      "base_high", "count", NULL } },
};

const char *const *qk_export_columns(const char *file)
{
	for (guint i = 0; i < G_N_ELEMENTS(csv_columns); i++)
		if (strcmp(file, csv_columns[i].file) == 0)
			return csv_columns[i].columns;
	return NULL;
}

/* ---- helpers shared by the exporters -------------------------------- */

QkCsv *qk_export_csv_of(QkExportFill fill, const QkIssue *issue)
{
	QkCsv *csv = qk_csv_new();
	fill(issue, csv);
	return csv;
}

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

/* An id used as it is for a file name: short, of these characters, and
 * never hidden. Any other id gets a hashed name, which holds a '~' that no
 * plain name can, so the two kinds never meet. */
#define PLAIN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
#define PLAIN_MAX 100
#define PREFIX_MAX 64
#define HASH_DIGITS 16

static gboolean plain_id(const char *id)
{
	gsize n = strlen(id);
	return n > 0 && n <= PLAIN_MAX && id[0] != '.' && strspn(id, PLAIN_CHARS) == n;
}

static char *hashed_name(const char *id, guint nth)
{
	GString *s = g_string_new(NULL);
	for (const char *p = id; *p && s->len < PREFIX_MAX; p++)
		g_string_append_c(s, strchr(PLAIN_CHARS, *p) ? *p : '_');
	if (s->str[0] == '.')
		s->str[0] = '_';
	char *key = nth ? g_strdup_printf("%s\n%u", id, nth) : g_strdup(id);
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
	g_string_append_c(s, '~');
	g_string_append_len(s, sum, HASH_DIGITS);
	g_free(sum);
	g_free(key);
	return g_string_free(s, FALSE);
}

char *qk_export_file_name(const char *id, GHashTable *taken)
{
	if (!id)
		id = "";
	char *name = plain_id(id) ? g_strdup(id) : hashed_name(id, 0);
	/* Names are compared ignoring case: some file systems do. */
	for (guint nth = 2; ; nth++) {
		char *key = g_ascii_strdown(name, -1);
		if (!g_hash_table_contains(taken, key)) {
			g_hash_table_add(taken, key);
			return name;
		}
		g_free(key);
		g_free(name);
		name = hashed_name(id, nth);
	}
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



/* ---- the list of files qikan wrote (.qikan-files) --------------------- */

/* Whether a line of a list names a file an export can write: issue.xml and
 * the like, or one file directly inside articles/ or tables/. Anything else
 * (a hand-edited "../x") is ignored, so the list can never make qikan touch
 * a file outside its own names. */
static gboolean listable(const char *rel)
{
	char **parts = g_strsplit(rel, "/", -1);
	guint n = g_strv_length(parts);
	gboolean ok = (n == 1 && own_file(parts[0])) ||
	              (n == 2 && own_dir(parts[0]) && *parts[1] &&
	               strcmp(parts[1], ".") != 0 && strcmp(parts[1], "..") != 0);
	g_strfreev(parts);
	return ok;
}

/* The files dir's list names (a set of relative paths; empty without a
 * list). */
static GHashTable *read_list(const char *dir)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *path = g_build_filename(dir, QK_EXPORT_LIST, NULL);
	GStatBuf st;
	char *data = NULL;
	gsize len = 0;
	if (g_lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    qk_file_read_all(path, (gsize)1 << 26, &data, &len, NULL)) {
		char **lines = g_strsplit(data, "\n", -1);
		for (char **l = lines; *l; l++)
			if (**l != '#' && listable(*l))
				g_hash_table_add(set, g_strdup(*l));
		g_strfreev(lines);
	}
	g_free(data);
	g_free(path);
	return set;
}

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes dir's list: the files in written, and those in also (may be NULL). */
static gboolean write_list(const char *dir, const GPtrArray *written,
                           GHashTable *also, GError **error)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < written->len; i++)
		g_ptr_array_add(names, g_ptr_array_index(written, i));
	GHashTableIter it;
	gpointer key;
	if (also) {
		g_hash_table_iter_init(&it, also);
		while (g_hash_table_iter_next(&it, &key, NULL))
			g_ptr_array_add(names, key);
	}
	g_ptr_array_sort(names, compare_names);
	GString *s = g_string_new("# Files qikan export wrote into this folder. A new export replaces or\n"
	                          "# removes only these; every other file here is left alone.\n");
	for (guint i = 0; i < names->len; i++)
		if (i == 0 || strcmp(g_ptr_array_index(names, i), g_ptr_array_index(names, i - 1)) != 0)
			g_string_append_printf(s, "%s\n", (const char *)g_ptr_array_index(names, i));
	char *path = g_build_filename(dir, QK_EXPORT_LIST, NULL);
	gboolean ok = qk_file_write_atomic(path, s->str, s->len, error);
	g_free(path);
	g_string_free(s, TRUE);
	g_ptr_array_free(names, TRUE);
	return ok;
}

/* Whether every entry of dir is on its list (or is the list, or one of the
 * export's folders holding only listed files): then the whole folder is
 * ours and can be swapped out at once. */
static gboolean only_listed(const char *dir, GHashTable *listed, const char *sub)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return FALSE;
	gboolean only = g_hash_table_size(listed) > 0;
	const char *name;
	while (only && (name = g_dir_read_name(d))) {
		char *rel = sub ? g_strconcat(sub, "/", name, NULL) : g_strdup(name);
		char *path = g_build_filename(dir, name, NULL);
		GStatBuf st;
		gboolean is_dir = g_lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (!sub && strcmp(name, QK_EXPORT_LIST) == 0)
			only = TRUE;
		else if (!sub && is_dir && own_dir(name))
			only = only_listed(path, listed, name);
		else
			only = !is_dir && g_hash_table_contains(listed, rel);
		g_free(path);
		g_free(rel);
	}
	g_dir_close(d);
	return only;
}

GPtrArray *qk_export_listed(const char *dir)
{
	GHashTable *set = read_list(dir);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, set);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		g_ptr_array_add(names, key);
		g_hash_table_iter_steal(&it);
	}
	g_hash_table_destroy(set);
	g_ptr_array_sort(names, compare_names);
	return names;
}

gboolean qk_export_own_folder(const char *name)
{
	return own_dir(name);
}

/* ---- moving a finished export into place ------------------------------ */

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

/* The folder in dir that holds rel ("articles/a1.txt"), NULL for a file at
 * the top (caller frees). */
static char *folder_of(const char *dir, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash)
		return NULL;
	char *sub = g_strndup(rel, (gsize)(slash - rel));
	char *path = g_build_filename(dir, sub, NULL);
	g_free(sub);
	return path;
}

/* Refuses to merge when a name the export writes is taken by something
 * qikan did not write (not on the folder's list, or not a regular file). */
static gboolean check_merge(const char *dir, const GPtrArray *written,
                            GHashTable *old, GError **error)
{
	GStatBuf st;
	for (guint i = 0; i < written->len; i++) {
		char *to = folder_of(dir, g_ptr_array_index(written, i));
		if (!to)
			continue;
		gboolean clash = g_lstat(to, &st) == 0 && !S_ISDIR(st.st_mode);
		if (clash)
			g_set_error(error, QK_ERROR, QK_ERROR_IO,
			            "%s exists and is not a folder", to);
		g_free(to);
		if (clash)
			return FALSE;
	}
	char *list = g_build_filename(dir, QK_EXPORT_LIST, NULL);
	gboolean ok = g_lstat(list, &st) != 0 || S_ISREG(st.st_mode);
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s is not a regular file", list);
	g_free(list);
	for (guint i = 0; ok && i < written->len; i++) {
		const char *rel = g_ptr_array_index(written, i);
		char *to = g_build_filename(dir, rel, NULL);
		if (g_lstat(to, &st) == 0 &&
		    (!S_ISREG(st.st_mode) || !g_hash_table_contains(old, rel))) {
			g_set_error(error, QK_ERROR, QK_ERROR_IO,
			            "%s exists and qikan did not write it (it is not in "
			            "%s): move it away or export into a new folder",
			            to, QK_EXPORT_LIST);
			ok = FALSE;
		}
		g_free(to);
	}
	return ok;
}

/* Moves the export's files from tmp into dir one by one and removes the
 * files of the previous export that this one no longer writes. The list
 * names the union while files move, so a kill at any point leaves every
 * file qikan wrote on it. */
static gboolean merge(const char *tmp, const char *dir, const GPtrArray *written,
                      GHashTable *old, GError **error)
{
	if (!check_merge(dir, written, old, error) ||
	    !write_list(dir, written, old, error))
		return FALSE;
	for (guint i = 0; i < written->len; i++) {
		char *to = folder_of(dir, g_ptr_array_index(written, i));
		if (!to)
			continue;
		gboolean ok = g_mkdir(to, 0777) == 0 || errno == EEXIST ||
		              io_error(error, "create", to);
		g_free(to);
		if (!ok)
			return FALSE;
	}
	GHashTable *now = g_hash_table_new(g_str_hash, g_str_equal);
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < written->len; i++) {
		const char *rel = g_ptr_array_index(written, i);
		g_hash_table_add(now, (gpointer)rel);
		char *from = g_build_filename(tmp, rel, NULL);
		char *to = g_build_filename(dir, rel, NULL);
		ok = g_rename(from, to) == 0 || io_error(error, "rename into", to);
		g_free(from);
		g_free(to);
	}
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, old);
	while (ok && g_hash_table_iter_next(&it, &key, NULL)) {
		char *path = g_build_filename(dir, (const char *)key, NULL);
		GStatBuf st;
		if (!g_hash_table_contains(now, key) && g_lstat(path, &st) == 0 &&
		    S_ISREG(st.st_mode))
			g_unlink(path);
		g_free(path);
	}
	g_hash_table_destroy(now);
	return ok && write_list(dir, written, NULL, error);
}

/* Moves the complete temporary folder tmp to dir. */
static gboolean install(const char *tmp, const char *dir,
                        const GPtrArray *written, GError **error)
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
	GHashTable *old = read_list(dir);
	GStatBuf st;
	gboolean ok;
	/* A link to a folder is the user's: it stays, its folder is merged into. */
	if (g_lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && only_listed(dir, old, NULL)) {
		ok = exchange(tmp, dir, error);
	} else {
		/* Other files live there: replace only what qikan wrote. */
		ok = merge(tmp, dir, written, old, error);
	}
	g_hash_table_destroy(old);
	if (ok)
		qk_file_remove_tree(tmp);  /* the old folder, or what is left */
	return ok;
}

/* ---- leftovers of killed exports ------------------------------------ */

/* Whether name is what qk_export_issue or exchange() makes beside
 * <base>: ".<base>.tmp-XXXXXX" or ".<base>.old-XXXXXX", X alphanumeric. */
static gboolean leftover_name(const char *name, const char *base)
{
	gsize n = strlen(base);
	if (name[0] != '.' || strncmp(name + 1, base, n) != 0)
		return FALSE;
	const char *rest = name + 1 + n;
	if (!g_str_has_prefix(rest, ".tmp-") && !g_str_has_prefix(rest, ".old-"))
		return FALSE;
	rest += 5;
	if (strlen(rest) != 6)
		return FALSE;
	for (; *rest; rest++)
		if (!g_ascii_isalnum(*rest))
			return FALSE;
	return TRUE;
}

/* Holds an advisory lock on a folder while an export builds it, so that
 * another export's clean-up leaves it alone; -1 when it cannot. */
static int lock_folder(const char *path, gboolean wait)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int qk_export_clean_stale(const char *dir)
{
	char *canon = g_canonicalize_filename(dir, NULL);
	char *parent = g_path_get_dirname(canon);
	char *base = g_path_get_basename(canon);
	g_free(canon);
	int removed = 0;
	GDir *d = g_dir_open(parent, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!leftover_name(name, base))
			continue;
		char *path = g_build_filename(parent, name, NULL);
		int lock = lock_folder(path, FALSE);  /* busy: a live export's */
		if (lock >= 0) {
			qk_file_remove_tree(path);
			close(lock);
			removed++;
		}
		g_free(path);
	}
	if (d)
		g_dir_close(d);
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

gboolean qk_export_column_is_numeric(const char *column)
{
	static const char *const numeric[] = {
		"page", "pdf_page", "first_page", "last_page", "pdf_first_page", "pdf_last_page",
		"chars", "rows", "cols", "header_rows", "paragraph", "value", "value_high",
		"base_value", "base_high", "count", NULL
	};
	for (int i = 0; numeric[i]; i++)
		if (strcmp(column, numeric[i]) == 0)
			return TRUE;
	return FALSE;
}

/* ---- writing ---------------------------------------------------------- */

static gboolean save_csv(QkCsv *csv, const char *dir, const char *name,
                         const QkExportOptions *opts, GError **error)
{
	char *path = g_build_filename(dir, name, NULL);
	gboolean ok;
	if (opts && opts->csv_bom) {
		gsize len = 0;
		const char *data = qk_csv_data(csv, &len);
		GString *s = g_string_sized_new(len + 3);
		g_string_append(s, "\xEF\xBB\xBF");
		g_string_append_len(s, data, (gssize)len);
		ok = qk_file_write_new(path, s->str, s->len, error);
		g_string_free(s, TRUE);
	} else {
		gsize len = 0;
		const char *data = qk_csv_data(csv, &len);
		ok = qk_file_write_new(path, data, len, error);
	}
	g_free(path);
	qk_csv_free(csv);
	return ok;
}

/* One of the issue's CSV files, streamed to it a buffer at a time: built
 * whole, articles.csv (every article's text, 5.4 MB at 2,000 pages) set
 * the run's peak. Synced only when it replaces a file, as
 * g_file_set_contents does: the folder is installed as a whole. */
static gboolean stream_csv(QkExportFill fill, const QkIssue *issue, const char *dir,
                           const char *name, const QkExportOptions *opts, GError **error)
{
	char *path = g_build_filename(dir, name, NULL);
	QkCsv *csv = qk_csv_open_stream(path, error);
	g_free(path);
	if (!csv)
		return FALSE;
	if (opts && opts->csv_bom)
		qk_csv_bom(csv);
	fill(issue, csv);
	gboolean ok = qk_csv_commit_unsynced(csv, error);
	qk_csv_free(csv);
	return ok;
}

/* The files of a folder (articles/a1.txt…, tables/t1.csv…), one per item,
 * written on the export's threads: named first, in order (a name taken
 * decides the next), then each made and written by whichever thread takes
 * it. Creating a file is most of the cost (a few metadata operations on
 * the file system each, some 1,800 files at 2,000 pages), which one thread
 * did alone while another wrote issue.xml. They are written in place
 * (qk_file_write_new), inside the export's temporary folder, which is
 * installed whole: a temporary name and a rename each (and GLib's stat
 * and fallocate) made the rest of the cost. The folder's
 * files and the list are the same for any number of threads; on a failure
 * the first one in order is reported (the folder is then removed). */
typedef struct FolderJob FolderJob;
typedef gboolean (*QkItemWrite)(const FolderJob *job, guint i, GError **error);

struct FolderJob {
	const QkIssue *issue;
	const QkExportOptions *opts;
	const char *sub;        /* the folder */
	char **names;           /* per item: its file's name without extension, or NULL */
	QkCsv **grids;          /* per table: its grid, made when it was named */
	QkItemWrite write;
	gboolean *ok;           /* per item */
	GError **errors;        /* per item */
};

static void write_item(gpointer item, gpointer data, int slot)
{
	(void)slot;
	FolderJob *job = data;
	guint i = GPOINTER_TO_UINT(item) - 1;
	if (job->names[i] != NULL)
		job->ok[i] = job->write(job, i, &job->errors[i]);
}

/* Writes the n items named (names[i] NULL: no file), then lists the files
 * as the exts say (one entry per extension, "articles/a1.txt") up to the
 * first failure. Takes names. */
static gboolean write_folder(FolderJob *job, guint n, const char *const *exts,
                             const char *list_dir, GPtrArray *written, GError **error)
{
	job->ok = g_new0(gboolean, n);
	job->errors = g_new0(GError *, n);
	GPtrArray *items = g_ptr_array_sized_new(n);
	for (guint i = 0; i < n; i++)
		g_ptr_array_add(items, GUINT_TO_POINTER(i + 1));
	qk_parallel_for(items, write_item, job, job->opts ? MAX(job->opts->threads, 1) : 1);
	g_ptr_array_free(items, TRUE);
	gboolean ok = TRUE;
	for (guint i = 0; i < n; i++) {
		if (ok && job->names[i] != NULL) {
			for (const char *const *e = exts; *e; e++)
				g_ptr_array_add(written, g_strconcat(list_dir, "/", job->names[i],
				                                     *e, NULL));
			if (!job->ok[i]) {
				ok = FALSE;
				g_propagate_error(error, g_steal_pointer(&job->errors[i]));
			}
		}
		g_clear_error(&job->errors[i]);
		g_free(job->names[i]);
	}
	g_free(job->errors);
	g_free(job->ok);
	g_free(job->names);
	return ok;
}

static gboolean write_article(const FolderJob *job, guint i, GError **error)
{
	const QkArticle *art = g_ptr_array_index(job->issue->articles, i);
	char *file = g_strconcat(job->names[i], ".txt", NULL);
	char *path = g_build_filename(job->sub, file, NULL);
	char *txt = qk_export_article_txt(art);
	gboolean ok = qk_file_write_new(path, txt, strlen(txt), error);
	g_free(txt);
	g_free(path);
	g_free(file);
	return ok;
}

static gboolean write_articles(const QkIssue *issue, const char *dir,
                               const QkExportOptions *opts, GPtrArray *written,
                               GError **error)
{
	char *sub = g_build_filename(dir, "articles", NULL);
	gboolean ok = g_mkdir(sub, 0777) == 0 || io_error(error, "create", sub);
	guint n = ok && issue->articles ? issue->articles->len : 0;
	GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	FolderJob job = { issue, opts, sub, g_new0(char *, n + 1), NULL, write_article,
	                  NULL, NULL };
	for (guint i = 0; i < n; i++)
		job.names[i] = qk_export_file_name(
			((const QkArticle *)g_ptr_array_index(issue->articles, i))->id, taken);
	g_hash_table_destroy(taken);
	static const char *const exts[] = { ".txt", NULL };
	ok = write_folder(&job, n, exts, "articles", written, error) && ok;
	g_free(sub);
	return ok;
}

static gboolean write_table(const FolderJob *job, guint i, GError **error)
{
	const QkTable *t = g_ptr_array_index(job->issue->tables, i);
	char *file = g_strconcat(job->names[i], ".csv", NULL);
	gboolean ok = save_csv(g_steal_pointer(&job->grids[i]), job->sub, file, job->opts,
	                       error);
	g_free(file);
	/* beside it, the flattened column names */
	file = g_strconcat(job->names[i], ".columns.csv", NULL);
	ok = ok && save_csv(qk_export_table_columns_csv(t, NULL), job->sub, file,
	                    job->opts, error);
	g_free(file);
	return ok;
}

static gboolean write_tables(const QkIssue *issue, const char *dir,
                             const QkExportOptions *opts, GPtrArray *written,
                             GError **error)
{
	char *sub = g_build_filename(dir, "tables", NULL);
	gboolean ok = g_mkdir(sub, 0777) == 0 || io_error(error, "create", sub);
	guint n = ok && issue->tables ? issue->tables->len : 0;
	GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	FolderJob job = { issue, opts, sub, g_new0(char *, n + 1), g_new0(QkCsv *, n + 1),
	                  write_table, NULL, NULL };
	for (guint i = 0; i < n; i++) {
		const QkTable *t = g_ptr_array_index(issue->tables, i);
		/* A table whose grid is unusable is still listed in tables.csv;
		 * it just has no grid file (and takes no name). */
		job.grids[i] = qk_export_table_grid_csv(t, NULL);
		if (job.grids[i])
			job.names[i] = qk_export_file_name(t->id, taken);
	}
	g_hash_table_destroy(taken);
	static const char *const exts[] = { ".csv", ".columns.csv", NULL };
	ok = write_folder(&job, n, exts, "tables", written, error) && ok;
	for (guint i = 0; i < n; i++)   /* those a failure left unwritten */
		qk_csv_free(job.grids[i]);
	g_free(job.grids);
	g_free(sub);
	return ok;
}

/* METS/ALTO files, listed like the others. */
static gboolean write_mets(const QkIssue *issue, const char *dir,
                           GPtrArray *written, GError **error)
{
	if (!qk_export_mets(issue, dir, error))
		return FALSE;
	for (guint i = 0; issue->pages && i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		g_ptr_array_add(written, qk_alto_name(pg->index));
	}
	g_ptr_array_add(written, g_strdup("mets.xml"));
	return TRUE;
}

/* issue.xml, the largest file (two thirds of the export's time on a
 * magazine), written on another thread while this one writes the rest,
 * its pages and articles rendered on the threads the export has (so that
 * it does not finish long after the rest): each file is written by one
 * thread, from the model, which nothing changes. */
typedef struct {
	const QkIssue *issue;
	char *path;
	int threads;        /* its pages and articles rendered on as many */
	gboolean ok;
	GError *error;
} XmlJob;

static gpointer write_xml(gpointer data)
{
	XmlJob *job = data;
	job->ok = qk_model_write_file_threads(job->issue, job->path, job->threads, &job->error);
	return NULL;
}

static gboolean write_all(const QkIssue *issue, const char *dir,
                          const QkExportOptions *opts, GPtrArray *written,
                          GError **error)
{
	int threads = opts ? opts->threads : 1;
	XmlJob xml = { issue, g_build_filename(dir, "issue.xml", NULL), threads, FALSE, NULL };
	GThread *writer = threads > 1
	                  ? g_thread_try_new("qk-export", write_xml, &xml, NULL) : NULL;
	if (!writer)
		write_xml(&xml);
	/* as written one after the other: nothing more once issue.xml failed */
	gboolean ok = writer || xml.ok;
	ok = ok && stream_csv(qk_export_toc_csv, issue, dir, "toc.csv", opts, error);
	ok = ok && stream_csv(qk_export_articles_csv, issue, dir, "articles.csv", opts, error);
	ok = ok && stream_csv(qk_export_tables_csv, issue, dir, "tables.csv", opts, error);
	ok = ok && stream_csv(qk_export_indicators_csv, issue, dir, "indicators.csv",
	                      opts, error);
	ok = ok && stream_csv(qk_export_quantities_csv, issue, dir, "quantities.csv",
	                      opts, error);
	for (const char *const *n = export_files; ok && *n; n++)
		g_ptr_array_add(written, g_strdup(*n));
	ok = ok && write_articles(issue, dir, opts, written, error);
	ok = ok && write_tables(issue, dir, opts, written, error);
	if (writer)
		g_thread_join(writer);
	g_free(xml.path);
	if (!xml.ok) {   /* its error first, as when it was written first */
		g_clear_error(error);
		g_propagate_error(error, xml.error);
		return FALSE;
	}
	if (opts && opts->mets)
		ok = ok && write_mets(issue, dir, written, error);
	if (ok && opts && opts->xlsx) {
		char *path = g_build_filename(dir, "issue.xlsx", NULL);
		ok = qk_export_xlsx(issue, path, error);
		g_ptr_array_add(written, g_strdup("issue.xlsx"));
		g_free(path);
	}
	ok = ok && write_list(dir, written, NULL, error);
	return ok;
}

gboolean qk_export_issue(const QkIssue *issue, const char *dir, GError **error)
{
	return qk_export_issue_with(issue, dir, NULL, error);
}

gboolean qk_export_issue_with(const QkIssue *issue, const char *dir,
                              const QkExportOptions *opts, GError **error)
{
	g_return_val_if_fail(issue != NULL && dir != NULL, FALSE);
	if (!*dir) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "empty folder name");
		return FALSE;
	}
	/* "out/issue/" must mean out/issue, not a folder inside it. */
	char *canon = g_canonicalize_filename(dir, NULL);
	dir = canon;
	char *parent = g_path_get_dirname(dir);
	char *base = g_path_get_basename(dir);
	char *tmp = g_strdup_printf("%s%s.%s.tmp-XXXXXX", parent, G_DIR_SEPARATOR_S,
	                            base);
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	int lock = -1;
	gboolean ok = FALSE;
	if (g_mkdir_with_parents(parent, 0777) != 0) {
		io_error(error, "create", parent);
		goto out;
	}
	qk_export_clean_stale(dir);  /* what a killed export left */
	if (!g_mkdtemp_full(tmp, 0777)) {  /* umask applies, as for mkdir */
		io_error(error, "create", tmp);
		goto out;
	}
	lock = lock_folder(tmp, TRUE);
	ok = write_all(issue, tmp, opts, written, error) &&
	     install(tmp, dir, written, error);
	if (!ok)
		qk_file_remove_tree(tmp);
out:
	if (lock >= 0)
		close(lock);
	g_ptr_array_free(written, TRUE);
	g_free(tmp);
	g_free(base);
	g_free(parent);
	g_free(canon);
	return ok;
}
