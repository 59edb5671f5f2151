/*
 * cmd_merge.c — `qikan merge OUT1 OUT2 … -o OUT`: the outputs of runs over
 * parts of one shelf (the shards of `qikan run --shard K/N`, batchshard.c)
 * joined into the folder one run over the whole shelf would have written:
 * the issue folders, manifest.csv, issues.csv and the corpus CSV files
 * (written by the batch's own code, manifest.c, so they are the same bytes),
 * and with --db the SQLite corpus, built once at the end.
 *
 * Nothing in the OUTi is changed. OUT is built as .OUT.tmp-XXXXXX beside it
 * and renamed into place when complete; an OUT that exists is replaced only
 * when it is empty or an earlier merge's (every file in it is on its
 * .qikan-merge list).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "batch_priv.h"
#include "cli.h"
#include "export.h"
#include "fileio.h"

/* What a merge wrote: every file of OUT, one relative path a line. */
#define QK_MERGE_LIST ".qikan-merge"

typedef struct {
	char *dir;              /* an OUTi as given */
	int k, n;               /* its shard; 0/0: a run without --shard */
	GPtrArray *rows;        /* of QkBatchItem: its manifest */
	GPtrArray *given;       /* a shard's inputs (shard.csv), or NULL */
	int lock;
} Part;

typedef struct {
	QkBatchItem *it;        /* borrowed from its part's rows */
	const Part *part;
} Row;

static void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *line = qk_cli_escape_name(msg);   /* one line, whatever a name holds */
	fprintf(stderr, "qikan merge: %s\n", line);
	g_free(line);
	g_free(msg);
}

static gboolean load_part(Part *p, GError **error)
{
	p->lock = -1;
	if (!g_file_test(p->dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such folder", p->dir);
		return FALSE;
	}
	/* A run still writing into it is refused, as a second run would be. */
	p->lock = qk_batch_lock_out(p->dir, error);
	if (p->lock < 0 || !qk_batch_shard_read(p->dir, &p->k, &p->n, &p->given, error))
		return FALSE;
	char *path = g_build_filename(p->dir, "manifest.csv", NULL);
	GError *err = NULL;
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
		            "%s has no manifest.csv: not the output of qikan run", p->dir);
	else if (!(p->rows = qk_batch_read_manifest(path, &err))) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, err->message);
		g_error_free(err);
	}
	g_free(path);
	return p->rows != NULL;
}

/* The files of an issue folder qikan wrote: its list, the list itself, and
 * review.html (the batch writes it after the export). */
static GPtrArray *issue_files(const char *dir)
{
	GPtrArray *files = qk_export_listed(dir);
	g_ptr_array_add(files, g_strdup(QK_EXPORT_LIST));
	char *review = g_build_filename(dir, "review.html", NULL);
	if (g_file_test(review, G_FILE_TEST_IS_REGULAR))
		g_ptr_array_add(files, g_strdup("review.html"));
	g_free(review);
	return files;
}

static gboolean same_bytes(const char *a, const char *b)
{
	char *da = NULL, *db = NULL;
	gsize la = 0, lb = 0;
	gboolean same = g_file_get_contents(a, &da, &la, NULL) &&
	                g_file_get_contents(b, &db, &lb, NULL) &&
	                la == lb && memcmp(da, db, la) == 0;
	g_free(da);
	g_free(db);
	return same;
}

/* Whether two issue folders hold the same files with the same bytes;
 * *what: the first that differs. */
static gboolean same_folder(const char *a, const char *b, char **what)
{
	GPtrArray *fa = issue_files(a), *fb = issue_files(b);
	gboolean same = fa->len == fb->len;
	for (guint i = 0; same && i < fa->len; i++) {
		const char *rel = g_ptr_array_index(fa, i);
		char *pa = g_build_filename(a, rel, NULL), *pb = g_build_filename(b, rel, NULL);
		same = strcmp(rel, g_ptr_array_index(fb, i)) == 0 && same_bytes(pa, pb);
		if (!same)
			*what = g_strdup(rel);
		g_free(pa);
		g_free(pb);
	}
	if (!same && !*what)
		*what = g_strdup("the list of files");
	g_ptr_array_unref(fa);
	g_ptr_array_unref(fb);
	return same;
}

/* Joins the parts' rows: named rows by name, the others (inputs skipped or
 * failed before they had a folder) by file. The same issue in two parts
 * must be the same input made into the same files; a done row wins over a
 * failed one. */
static gboolean join_rows(GPtrArray *parts, GPtrArray *rows, GError **error)
{
	GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *by_file = g_hash_table_new(g_str_hash, g_str_equal);
	gboolean ok = TRUE;
	for (guint p = 0; ok && p < parts->len; p++) {
		const Part *part = g_ptr_array_index(parts, p);
		for (guint r = 0; ok && r < part->rows->len; r++) {
			QkBatchItem *it = g_ptr_array_index(part->rows, r);
			const char *name = it->f[F_NAME];
			GHashTable *h = name ? by_name : by_file;
			const char *key = name ? name : it->f[F_FILE] ? it->f[F_FILE] : "";
			Row *have = g_hash_table_lookup(h, key);
			if (!have) {
				Row *row = g_new0(Row, 1);
				*row = (Row){ it, part };
				g_ptr_array_add(rows, row);
				g_hash_table_insert(h, (gpointer)key, row);
				continue;
			}
			if (!name || !qk_batch_is_done(it))
				continue;
			if (!qk_batch_is_done(have->it)) {
				*have = (Row){ it, part };
				continue;
			}
			char *a = g_build_filename(have->part->dir, name, NULL);
			char *b = g_build_filename(part->dir, name, NULL);
			char *what = NULL;
			if (g_strcmp0(have->it->f[F_SHA], it->f[F_SHA]) != 0) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				            "%s (from %s) and %s (from %s) are different issues under "
				            "one name: not merged", a, have->it->f[F_FILE], b, it->f[F_FILE]);
				ok = FALSE;
			} else if (!same_folder(a, b, &what)) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
				            "%s and %s are the same input made into different files "
				            "(%s differs): not merged", a, b, what);
				ok = FALSE;
			}
			g_free(what);
			g_free(a);
			g_free(b);
		}
	}
	g_hash_table_unref(by_file);
	g_hash_table_unref(by_name);
	return ok;
}

/* Every shard of N given (once or more), and no two counts of shards. */
static gboolean check_shards(GPtrArray *parts, guint *missing, GError **error)
{
	int n = 0;
	for (guint p = 0; p < parts->len; p++) {
		const Part *part = g_ptr_array_index(parts, p);
		if (part->n && n && part->n != n) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            "%s is a shard of %d but another output a shard of %d: "
			            "merge the shards of one run", part->dir, part->n, n);
			return FALSE;
		}
		if (part->n)
			n = part->n;
	}
	for (int k = 1; k <= n; k++) {
		gboolean given = FALSE;
		for (guint p = 0; p < parts->len && !given; p++)
			given = ((const Part *)g_ptr_array_index(parts, p))->k == k;
		if (!given) {
			fail("shard %d/%d missing: no output given for it", k, n);
			(*missing)++;
		}
	}
	return TRUE;
}

/* The inputs a shard was given but has no row for: its run was cut short
 * (killed, time limit, node lost) before it reached them. */
static void check_reached(GPtrArray *parts, guint *missing)
{
	for (guint p = 0; p < parts->len; p++) {
		const Part *part = g_ptr_array_index(parts, p);
		GHashTable *files = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint r = 0; r < part->rows->len; r++) {
			const QkBatchItem *it = g_ptr_array_index(part->rows, r);
			if (it->f[F_FILE])
				g_hash_table_add(files, it->f[F_FILE]);
		}
		for (guint i = 0; part->given && i < part->given->len; i++) {
			const char *f = g_ptr_array_index(part->given, i);
			if (!g_hash_table_contains(files, f)) {
				fail("missing: %s: shard %d/%d did not get to it (run the shard "
				     "again with --resume)", f, part->k, part->n);
				(*missing)++;
			}
		}
		g_hash_table_unref(files);
	}
}

static gboolean io_error(GError **error, const char *what, const char *path)
{
	int e = errno;
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
	            "cannot %s %s: %s", what, path, g_strerror(e));
	return FALSE;
}

/* Copies an issue folder's files (issue_files) from src to dst. */
static gboolean copy_issue(const char *src, const char *dst, GPtrArray *written,
                           const char *name, GError **error)
{
	if (g_mkdir(dst, 0777) != 0)
		return io_error(error, "create", dst);
	gboolean ok = TRUE;
	GDir *d = g_dir_open(src, 0, error);   /* the export's folders, even empty */
	const char *n;
	while (ok && d && (n = g_dir_read_name(d))) {
		char *from = g_build_filename(src, n, NULL), *to = g_build_filename(dst, n, NULL);
		GStatBuf st;
		if (qk_export_own_folder(n) && g_lstat(from, &st) == 0 && S_ISDIR(st.st_mode))
			ok = g_mkdir(to, 0777) == 0 || io_error(error, "create", to);
		g_free(from);
		g_free(to);
	}
	if (!d)
		return FALSE;
	g_dir_close(d);
	GPtrArray *files = issue_files(src);
	for (guint i = 0; ok && i < files->len; i++) {
		const char *rel = g_ptr_array_index(files, i);
		char *from = g_build_filename(src, rel, NULL), *to = g_build_filename(dst, rel, NULL);
		char *sub = g_path_get_dirname(to);
		if (g_mkdir_with_parents(sub, 0777) != 0)
			ok = io_error(error, "create", sub);
		GFile *f = g_file_new_for_path(from), *t = g_file_new_for_path(to);
		if (ok)
			ok = g_file_copy(f, t, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, error);
		g_ptr_array_add(written, g_strconcat(name, "/", rel, NULL));
		g_object_unref(f);
		g_object_unref(t);
		g_free(sub);
		g_free(from);
		g_free(to);
	}
	g_ptr_array_unref(files);
	return ok;
}

/* Whether every file under dir (rel: its path in OUT) is on the list and
 * nothing else is there (no links, no devices): an earlier merge's. */
static gboolean all_listed(const char *dir, const char *rel, GHashTable *list, char **stranger)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d) {
		*stranger = g_strdup(rel ? rel : ".");
		return FALSE;
	}
	const char *n;
	gboolean ok = TRUE;
	while (ok && (n = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, n, NULL);
		char *r = rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n);
		GStatBuf st;
		if (g_lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = all_listed(path, r, list, stranger);
		else if (!(g_lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		           (g_hash_table_contains(list, r) || (!rel && strcmp(n, QK_MERGE_LIST) == 0)))) {
			*stranger = g_strdup(r);
			ok = FALSE;
		}
		g_free(r);
		g_free(path);
	}
	g_dir_close(d);
	return ok;
}

/* Whether OUT may be replaced: absent, an empty folder, or an earlier
 * merge's output holding nothing but what it wrote. */
static gboolean out_replaceable(const char *out, GError **error)
{
	GStatBuf st;
	if (g_lstat(out, &st) != 0)
		return TRUE;
	if (!S_ISDIR(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s exists and is not a folder", out);
		return FALSE;
	}
	GHashTable *list = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *lp = g_build_filename(out, QK_MERGE_LIST, NULL);
	char *data = NULL;
	if (g_file_get_contents(lp, &data, NULL, NULL)) {
		char **lines = g_strsplit(data, "\n", -1);
		for (char **l = lines; *l; l++)
			if (**l && **l != '#')
				g_hash_table_add(list, g_strdup(*l));
		g_strfreev(lines);
	}
	char *stranger = NULL;
	gboolean ok = all_listed(out, NULL, list, &stranger);
	if (!ok)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s holds %s, which qikan merge did not write: give a new "
		            "output folder", out, stranger);
	g_free(stranger);
	g_free(data);
	g_free(lp);
	g_hash_table_destroy(list);
	return ok;
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean write_merge_list(const char *tmp, GPtrArray *written, GError **error)
{
	g_ptr_array_sort(written, compare_strings);
	GString *s = g_string_new("# Files qikan merge wrote into this folder. A new merge replaces\n"
	                          "# the folder only while it holds nothing else.\n");
	for (guint i = 0; i < written->len; i++)
		g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(written, i));
	char *path = g_build_filename(tmp, QK_MERGE_LIST, NULL);
	gboolean ok = qk_file_write_atomic(path, s->str, s->len, error);
	g_free(path);
	g_string_free(s, TRUE);
	return ok;
}

/* Moves the complete tmp to out (replacing an earlier merge's out). */
static gboolean install(const char *tmp, const char *out, GError **error)
{
	if (!out_replaceable(out, error))
		return FALSE;
	if (g_rename(tmp, out) == 0)
		return TRUE;
	if (errno != EEXIST && errno != ENOTEMPTY)
		return io_error(error, "rename into", out);
	/* .OUT.old-XXXXXX: what qk_export_clean_stale removes if killed here */
	char *canon = g_canonicalize_filename(out, NULL);
	char *parent = g_path_get_dirname(canon), *base = g_path_get_basename(canon);
	char *aside = g_strdup_printf("%s%s.%s.old-XXXXXX", parent, G_DIR_SEPARATOR_S, base);
	g_free(base);
	g_free(parent);
	g_free(canon);
	gboolean ok = g_mkdtemp(aside) != NULL || io_error(error, "create", aside);
	ok = ok && (g_rmdir(aside) == 0 || io_error(error, "remove", aside));
	ok = ok && (g_rename(out, aside) == 0 || io_error(error, "move aside", out));
	if (ok && g_rename(tmp, out) != 0) {
		ok = io_error(error, "rename into", out);
		g_rename(aside, out);
	}
	if (ok)
		qk_file_remove_tree(aside);
	g_free(aside);
	return ok;
}

/* The database at db_path made from the issue folders of out, in place of
 * any earlier one only once complete. */
static gboolean build_db(const char *out, const char *db_path, GError **error)
{
	char *tmp = g_strconcat(db_path, ".tmp-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_RDWR, 0666);   /* as sqlite3 makes it: umask applies */
	if (fd < 0) {
		gboolean r = io_error(error, "create", tmp);
		g_free(tmp);
		return r;
	}
	close(fd);   /* SQLite takes an empty file for a new database */
	guint n = 0;
	int failed = qk_cli_index(out, tmp, &n, error);
	gboolean ok = failed == 0;
	if (failed > 0)
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO,
		            "%s: %d of %u issues could not be added", db_path, failed, n);
	if (ok && g_rename(tmp, db_path) != 0)
		ok = io_error(error, "rename into", db_path);
	if (!ok)
		g_unlink(tmp);
	g_free(tmp);
	return ok;
}

/* Builds the merged folder in tmp. */
static gboolean build(const char *tmp, GPtrArray *rows, GError **error)
{
	QkBatchOptions o = { .out_dir = tmp };
	QkBatch b = { .o = &o };
	b.old = g_ptr_array_new();    /* borrowed rows: nothing freed */
	b.items = g_ptr_array_new();
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < rows->len; i++) {
		Row *row = g_ptr_array_index(rows, i);
		QkBatchItem *it = row->it;
		if (!it->f[F_NAME]) {   /* an input that never had a folder */
			it->state = g_strcmp0(it->f[F_STATUS], "failed") == 0 ? QK_ST_FAILED
			                                                      : QK_ST_SKIPPED;
			g_ptr_array_add(b.items, it);
			continue;
		}
		g_ptr_array_add(b.old, it);
		if (!qk_batch_is_done(it))
			continue;
		char *src = g_build_filename(row->part->dir, it->f[F_NAME], NULL);
		char *dst = g_build_filename(tmp, it->f[F_NAME], NULL);
		ok = copy_issue(src, dst, written, it->f[F_NAME], error);
		g_free(dst);
		g_free(src);
	}
	if (ok && (!qk_batch_write_manifest(&b) || !qk_batch_write_corpus(&b))) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: a corpus file could not "
		            "be written", tmp);
		ok = FALSE;
	}
	for (const char *const *c = qk_batch_corpus_files; *c; c++) {
		char *p = g_build_filename(tmp, *c, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(written, g_strdup(*c));
		g_free(p);
	}
	ok = ok && write_merge_list(tmp, written, error);
	g_ptr_array_unref(written);
	g_ptr_array_unref(b.items);
	g_ptr_array_unref(b.old);
	return ok;
}

/* Drops the done rows whose folder is not complete (said, counted). */
static void drop_incomplete(GPtrArray *rows, guint *missing)
{
	for (guint i = 0; i < rows->len; i++) {
		Row *row = g_ptr_array_index(rows, i);
		if (!row->it->f[F_NAME] || !qk_batch_is_done(row->it))
			continue;
		char *dir = g_build_filename(row->part->dir, row->it->f[F_NAME], NULL);
		if (!qk_export_complete(dir)) {
			fail("missing: %s: %s is recorded done but is not complete",
			     row->it->f[F_FILE] ? row->it->f[F_FILE] : "?", dir);
			(*missing)++;
			g_ptr_array_remove_index(rows, i--);
		}
		g_free(dir);
	}
}

/* Says which inputs are not done; returns how many failed. */
static guint report_not_done(GPtrArray *rows, guint *done, guint *skipped)
{
	guint failed = 0;
	for (guint i = 0; i < rows->len; i++) {
		const QkBatchItem *it = ((Row *)g_ptr_array_index(rows, i))->it;
		if (qk_batch_is_done(it)) {
			(*done)++;
			continue;
		}
		gboolean f = g_strcmp0(it->f[F_STATUS], "skipped") != 0;
		failed += f;
		*skipped += !f;
		fail("not done: %s: %s%s%s", it->f[F_FILE] ? it->f[F_FILE] : "?",
		     f ? "failed" : "skipped", it->f[F_REASON] ? ": " : "",
		     it->f[F_REASON] ? it->f[F_REASON] : "");
	}
	return failed;
}

static void part_free(Part *p)
{
	qk_batch_unlock_out(p->lock);
	if (p->rows)
		g_ptr_array_unref(p->rows);
	if (p->given)
		g_ptr_array_unref(p->given);
	g_free(p);
}

int qk_cmd_merge(int argc, char **argv)
{
	char *out = NULL, *db_path = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		  "The merged output folder (required; made, or an earlier merge's replaced)", "DIR" },
		{ "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
		  "Also build the searchable SQLite database FILE from the merged folders", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(
		"OUT1 OUT2 … — join the outputs of runs over parts of a shelf");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Joins the output folders of `qikan run --shard K/N` (or of runs over\n"
		"separate parts of a shelf) into DIR, as one run over the whole shelf\n"
		"would have written it: the issue folders, manifest.csv, issues.csv,\n"
		"all-articles.csv and all-indicators.csv; with --db the SQLite corpus,\n"
		"built once from the merged folders.\n\n"
		"The same issue in two outputs must be the same input made into the same\n"
		"files, else nothing is written. Inputs that are not done (failed, or\n"
		"skipped), shards of N not given and inputs a shard cut short never\n"
		"reached are listed on stderr, and the exit status is 1 when any input\n"
		"failed or is missing; the merged folder is still written, so a shard\n"
		"can be run again with --resume and the outputs merged again. The OUTi are not changed. DIR is built beside it and\n"
		"renamed into place; an existing DIR is replaced only when it is empty or\n"
		"holds nothing but an earlier merge's files (its .qikan-merge list).\n\n"
		"Examples:\n"
		"  qikan merge parts/1 parts/2 parts/3 parts/4 -o out/\n"
		"  qikan merge parts/* -o out/ --db corpus.sqlite\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	GPtrArray *parts = g_ptr_array_new_with_free_func((GDestroyNotify)part_free);
	GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
	char *tmp = NULL;
	int tmp_lock = -1;
	GError *err = NULL;
	if (!qk_cli_parse(ctx, "merge", &argc, &argv))
		goto cleanup;
	if (!out || !*out || argc < 2) {
		fprintf(stderr, "qikan merge: give the outputs to join and -o DIR "
		        "(see 'qikan merge --help')\n");
		goto cleanup;
	}
	rc = QK_EXIT_FAILED;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 1; i < argc; i++) {
		char *canon = g_canonicalize_filename(argv[i], NULL);
		gboolean again = !g_hash_table_add(seen, canon);
		if (again)   /* the same folder named twice */
			continue;
		Part *p = g_new0(Part, 1);
		p->dir = argv[i];
		g_ptr_array_add(parts, p);
		if (!load_part(p, &err))
			break;
	}
	g_hash_table_unref(seen);
	if (err)
		goto error;
	guint missing = 0, done = 0, skipped = 0;
	if (!join_rows(parts, rows, &err) || !out_replaceable(out, &err) ||
	    !check_shards(parts, &missing, &err))
		goto error;
	check_reached(parts, &missing);
	drop_incomplete(rows, &missing);
	guint failed = report_not_done(rows, &done, &skipped);

	qk_export_clean_stale(out);   /* a killed merge's .OUT.tmp-XXXXXX */
	char *canon = g_canonicalize_filename(out, NULL);
	char *parent = g_path_get_dirname(canon), *base = g_path_get_basename(canon);
	g_free(canon);
	if (g_mkdir_with_parents(parent, 0777) != 0) {
		io_error(&err, "create", parent);
	} else {
		tmp = g_strdup_printf("%s%s.%s.tmp-XXXXXX", parent, G_DIR_SEPARATOR_S, base);
		if (!g_mkdtemp(tmp))
			io_error(&err, "create", tmp);
		else if ((tmp_lock = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
			flock(tmp_lock, LOCK_EX);   /* so no other clean-up takes it */
	}
	g_free(parent);
	g_free(base);
	if (err || !build(tmp, rows, &err) || !install(tmp, out, &err))
		goto error;
	if (db_path && !build_db(out, db_path, &err))
		goto error;
	fprintf(stderr, "qikan merge: %u issue%s from %u output%s: %u done, %u failed, "
	        "%u skipped%s → %s\n", rows->len, rows->len == 1 ? "" : "s", parts->len,
	        parts->len == 1 ? "" : "s", done, failed, skipped,
	        missing ? ", some missing" : "", out);
	rc = failed || missing ? QK_EXIT_FAILED : QK_EXIT_OK;
	goto cleanup;
error:
	fail("%s", err->message);
	g_clear_error(&err);
	if (tmp && g_file_test(tmp, G_FILE_TEST_IS_DIR))
		qk_file_remove_tree(tmp);
cleanup:
	if (tmp_lock >= 0)
		close(tmp_lock);
	g_free(tmp);
	g_ptr_array_unref(rows);
	g_ptr_array_unref(parts);
	g_option_context_free(ctx);
	g_free(out);
	g_free(db_path);
	return rc;
}
