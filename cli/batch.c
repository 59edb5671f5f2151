/*
 * batch.c — `qikan run` over many issues (see batch.h).
 *
 * The parent never opens a PDF: it expands the inputs, starts one worker
 * process per issue (this binary, `run --worker-one`), at most --jobs at a
 * time, from a GLib main loop, and records each outcome in OUT/manifest.csv.
 * Poppler and fontconfig are not reliably thread-safe, and a process can be
 * killed (--timeout) or limited (--max-memory) without harm to the others.
 */
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "csvout.h"
#include "error.h"
#include "export.h"
#include "extract.h"
#include "normalize.h"
#include "xmlio.h"

/* What the batch knows about one issue; also a row of manifest.csv. The
 * worker's record is the fields F_SHA … F_TABLES in this order. */
enum {
	F_NAME, F_FILE, F_SHA, F_STATUS, F_REASON, F_TITLE, F_YEAR, F_NUMBER,
	F_DATE, F_PAGES, F_ARTICLES, F_TABLES, F_WARNINGS, F_SECONDS, N_FIELDS
};
static const char *const field_names[N_FIELDS + 1] = {
	"name", "file", "sha256", "status", "reason", "title", "year", "number",
	"date", "pages", "articles", "tables", "warnings", "seconds", NULL
};
#define WORKER_FIRST F_SHA
#define WORKER_LAST F_WARNINGS

/* Files the batch writes in OUT beside the issue folders. */
static const char *const corpus_files[] = {
	"manifest.csv", "issues.csv", "all-articles.csv", "all-indicators.csv", NULL
};

typedef enum { ST_PENDING, ST_RUNNING, ST_DONE, ST_FAILED, ST_SKIPPED } State;

typedef struct Batch Batch;

typedef struct {
	char *f[N_FIELDS];
	State state;
	Batch *batch;
	GSubprocess *proc;
	GBytes *out, *err;
	guint timeout_id;
	gboolean timed_out;
	gint64 started;
} Item;

struct Batch {
	const QkBatchOptions *o;
	char *self;             /* path of the qikan binary */
	GPtrArray *items;       /* of Item: this run's inputs, in order */
	GPtrArray *old;         /* of Item: manifest rows read at the start */
	GHashTable *names;      /* output name → Item (this run) */
	guint next, running, n_done, n_failed, n_skipped;
	gboolean interrupted;
	GMainLoop *loop;
	gboolean tty;
	gint64 t0, last_manifest;
};

static void item_free(Item *it)
{
	if (!it)
		return;
	for (int i = 0; i < N_FIELDS; i++)
		g_free(it->f[i]);
	g_clear_object(&it->proc);
	if (it->out)
		g_bytes_unref(it->out);
	if (it->err)
		g_bytes_unref(it->err);
	if (it->timeout_id)
		g_source_remove(it->timeout_id);
	g_free(it);
}

static void set_field(Item *it, int f, const char *v)
{
	g_free(it->f[f]);
	it->f[f] = v && *v ? g_strdup(v) : NULL;
}

static char *out_path(const Batch *b, const char *name)
{
	return g_build_filename(b->o->out_dir, name, NULL);
}

/* ---- console ------------------------------------------------------------ */

static void draw_progress(Batch *b)
{
	if (!b->tty)
		return;
	guint total = b->items->len;
	guint finished = b->n_done + b->n_failed + b->n_skipped;
	const int width = 24;
	int filled = total ? (int)((guint64)finished * width / total) : width;
	GString *bar = g_string_new(NULL);
	for (int i = 0; i < width; i++)
		g_string_append_c(bar, i < filled ? '#' : '.');
	double secs = (g_get_monotonic_time() - b->t0) / 1e6;
	fprintf(stderr, "\r\033[K[%s] %u/%u  %u done, %u failed, %u skipped, "
	        "%u running  %.0f s", bar->str, finished, total, b->n_done,
	        b->n_failed, b->n_skipped, b->running, secs);
	fflush(stderr);
	g_string_free(bar, TRUE);
}

/* One status line per file, printed above the progress bar. */
static void status_line(Batch *b, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void status_line(Batch *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s\n", msg);
	g_free(msg);
	draw_progress(b);
}

static void report(Batch *b, Item *it)
{
	const char *file = it->f[F_FILE];
	switch (it->state) {
	case ST_DONE:
		if (!b->o->quiet)
			status_line(b, "done     %s → %s%s%s (%s pages, %s articles, "
			            "%s tables, %s warnings, %s s)", file, b->o->out_dir,
			            G_DIR_SEPARATOR_S, it->f[F_NAME],
			            it->f[F_PAGES] ? it->f[F_PAGES] : "0",
			            it->f[F_ARTICLES] ? it->f[F_ARTICLES] : "0",
			            it->f[F_TABLES] ? it->f[F_TABLES] : "0",
			            it->f[F_WARNINGS] ? it->f[F_WARNINGS] : "0",
			            it->f[F_SECONDS] ? it->f[F_SECONDS] : "?");
		break;
	case ST_FAILED:
		status_line(b, "failed   %s: %s", file,
		            it->f[F_REASON] ? it->f[F_REASON] : "unknown error");
		break;
	case ST_SKIPPED:
		if (!b->o->quiet)
			status_line(b, "skipped  %s: %s", file, it->f[F_REASON]);
		break;
	default:
		break;
	}
}

/* ---- inputs -------------------------------------------------------------- */

static gboolean is_pdf_name(const char *name)
{
	gsize n = strlen(name);
	return n >= 4 && g_ascii_strcasecmp(name + n - 4, ".pdf") == 0;
}

/* The output folder's name: the file name without .pdf, unique in the run
 * and never one of the corpus files. */
static char *unique_name(Batch *b, const char *file)
{
	char *base = g_path_get_basename(file);
	if (is_pdf_name(base))
		base[strlen(base) - 4] = '\0';
	if (!*base || base[0] == '.') {  /* hidden names are ours (.x.tmp-…) */
		char *t = g_strconcat("_", base, NULL);
		g_free(base);
		base = t;
	}
	char *name = g_strdup(base);
	for (int n = 2;; n++) {
		gboolean reserved = FALSE;
		for (const char *const *c = corpus_files; *c; c++)
			reserved = reserved || strcmp(name, *c) == 0;
		if (!reserved && !g_hash_table_contains(b->names, name))
			break;
		g_free(name);
		name = g_strdup_printf("%s-%d", base, n);
	}
	g_free(base);
	return name;
}

static void add_item(Batch *b, GHashTable *seen, const char *file,
                     const char *failure)
{
	char *canon = g_canonicalize_filename(file, NULL);
	if (g_hash_table_contains(seen, canon)) {  /* same file named twice */
		g_free(canon);
		return;
	}
	g_hash_table_add(seen, canon);
	Item *it = g_new0(Item, 1);
	it->batch = b;
	it->f[F_FILE] = g_strdup(file);
	it->f[F_NAME] = unique_name(b, file);
	g_hash_table_insert(b->names, it->f[F_NAME], it);
	if (failure) {
		it->state = ST_FAILED;
		set_field(it, F_REASON, failure);
	}
	g_ptr_array_add(b->items, it);
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.pdf under dir (recursively, sorted; hidden entries and
 * symbolic links to folders are not followed). */
static void add_folder(Batch *b, GHashTable *seen, const char *dir)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	if (!d) {
		add_item(b, seen, dir, err->message);
		g_error_free(err);
		return;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, compare_strings);
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		char *path = g_build_filename(dir, n, NULL);
		GStatBuf st;
		if (g_lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			add_folder(b, seen, path);
		else if (is_pdf_name(n) && g_file_test(path, G_FILE_TEST_IS_REGULAR))
			add_item(b, seen, path, NULL);
		g_free(path);
	}
	g_ptr_array_unref(names);
}

static void expand_inputs(Batch *b, char **inputs, int n)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < n; i++) {
		if (g_file_test(inputs[i], G_FILE_TEST_IS_DIR))
			add_folder(b, seen, inputs[i]);
		else if (!g_file_test(inputs[i], G_FILE_TEST_EXISTS))
			add_item(b, seen, inputs[i], "no such file");
		else
			add_item(b, seen, inputs[i], NULL);  /* named explicitly: try it */
	}
	g_hash_table_unref(seen);
}

/* ---- manifest and corpus files -------------------------------------------- */

static char *file_sha256(const char *path, GError **error)
{
	FILE *fp = g_fopen(path, "rb");
	if (!fp) {
		int e = errno;
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot read: %s",
		            g_strerror(e));
		return NULL;
	}
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	guchar chunk[65536];  /* a read block, not text */
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		g_checksum_update(sum, chunk, got);
	gboolean failed = ferror(fp);
	fclose(fp);
	char *hex = failed ? NULL : g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	if (failed)
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "read error");
	return hex;
}

static void load_manifest(Batch *b)
{
	char *path = g_build_filename(b->o->out_dir, "manifest.csv", NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_free(path);
		return;
	}
	GError *err = NULL;
	GPtrArray *rows = qk_csv_read_file(path, &err);
	if (!rows) {
		fprintf(stderr, "qikan run: ignoring %s: %s\n", path, err->message);
		g_error_free(err);
		g_free(path);
		return;
	}
	/* Columns by name, so older or newer manifests still load. */
	int col[N_FIELDS];
	for (int f = 0; f < N_FIELDS; f++)
		col[f] = -1;
	GPtrArray *head = rows->len ? g_ptr_array_index(rows, 0) : NULL;
	for (guint c = 0; head && c < head->len; c++)
		for (int f = 0; f < N_FIELDS; f++)
			if (strcmp(g_ptr_array_index(head, c), field_names[f]) == 0)
				col[f] = (int)c;
	for (guint r = 1; col[F_NAME] >= 0 && r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		Item *it = g_new0(Item, 1);
		for (int f = 0; f < N_FIELDS; f++)
			if (col[f] >= 0 && (guint)col[f] < row->len)
				set_field(it, f, g_ptr_array_index(row, col[f]));
		if (!it->f[F_NAME]) {
			item_free(it);
			continue;
		}
		g_ptr_array_add(b->old, it);
	}
	g_ptr_array_unref(rows);
	g_free(path);
}

static int compare_items(gconstpointer a, gconstpointer b)
{
	const Item *x = *(Item *const *)a, *y = *(Item *const *)b;
	return strcmp(x->f[F_NAME], y->f[F_NAME]);
}

/* Every issue the output folder knows, by name: this run's outcome, or the
 * earlier run's row when this run did not finish the issue. Borrowed. */
static GPtrArray *known_issues(Batch *b)
{
	GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->old->len; i++) {
		Item *it = g_ptr_array_index(b->old, i);
		g_hash_table_insert(by_name, it->f[F_NAME], it);
	}
	for (guint i = 0; i < b->items->len; i++) {
		Item *it = g_ptr_array_index(b->items, i);
		if (it->state == ST_DONE || it->state == ST_FAILED ||
		    it->state == ST_SKIPPED)
			g_hash_table_insert(by_name, it->f[F_NAME], it);
	}
	GPtrArray *list = g_ptr_array_new();
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, by_name);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(list, value);
	g_hash_table_unref(by_name);
	g_ptr_array_sort(list, compare_items);
	return list;
}

static gboolean is_done(const Item *it)
{
	return it->f[F_STATUS] && strcmp(it->f[F_STATUS], "done") == 0;
}

static void write_manifest(Batch *b)
{
	GPtrArray *list = known_issues(b);
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, field_names);
	for (guint i = 0; i < list->len; i++) {
		Item *it = g_ptr_array_index(list, i);
		for (int f = 0; f < N_FIELDS; f++)
			qk_csv_str(csv, it->f[f]);
		qk_csv_end(csv);
	}
	char *path = g_build_filename(b->o->out_dir, "manifest.csv", NULL);
	GError *err = NULL;
	if (!qk_csv_save(csv, path, &err)) {
		status_line(b, "qikan run: %s", err->message);
		g_error_free(err);
	}
	g_free(path);
	qk_csv_free(csv);
	g_ptr_array_unref(list);
	b->last_manifest = g_get_monotonic_time();
}

static void write_issues_csv(Batch *b, GPtrArray *list)
{
	static const char *const header[] = {
		"issue", "file", "title", "year", "number", "date", "pages",
		"articles", "tables", "status", "reason", NULL
	};
	static const int fields[] = {
		F_NAME, F_FILE, F_TITLE, F_YEAR, F_NUMBER, F_DATE, F_PAGES,
		F_ARTICLES, F_TABLES, F_STATUS, F_REASON
	};
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, header);
	for (guint i = 0; i < list->len; i++) {
		Item *it = g_ptr_array_index(list, i);
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++)
			qk_csv_str(csv, it->f[fields[f]]);
		qk_csv_end(csv);
	}
	char *path = g_build_filename(b->o->out_dir, "issues.csv", NULL);
	GError *err = NULL;
	if (!qk_csv_save(csv, path, &err)) {
		fprintf(stderr, "qikan run: %s\n", err->message);
		g_error_free(err);
	}
	g_free(path);
	qk_csv_free(csv);
}

/* OUT/<corpus> = every done issue's <file>, with the issue's name first. */
static void concat_corpus(Batch *b, GPtrArray *list, const char *file,
                          const char *corpus)
{
	char *path = g_build_filename(b->o->out_dir, corpus, NULL);
	GError *err = NULL;
	QkCsv *csv = qk_csv_open_stream(path, &err);
	if (!csv)
		goto fail;
	qk_csv_str(csv, "issue");
	for (const char *const *c = qk_export_columns(file); *c; c++)
		qk_csv_str(csv, *c);
	qk_csv_end(csv);
	for (guint i = 0; i < list->len; i++) {
		Item *it = g_ptr_array_index(list, i);
		if (!is_done(it))
			continue;
		char *src = g_build_filename(b->o->out_dir, it->f[F_NAME], file, NULL);
		GError *rerr = NULL;
		GPtrArray *rows = qk_csv_read_file(src, &rerr);
		if (!rows) {
			fprintf(stderr, "qikan run: %s left out of %s: %s\n",
			        it->f[F_NAME], corpus, rerr->message);
			g_error_free(rerr);
		}
		for (guint r = 1; rows && r < rows->len; r++) {  /* row 0: header */
			GPtrArray *row = g_ptr_array_index(rows, r);
			qk_csv_str(csv, it->f[F_NAME]);
			for (guint c = 0; c < row->len; c++)
				qk_csv_str(csv, g_ptr_array_index(row, c));
			qk_csv_end(csv);
		}
		if (rows)
			g_ptr_array_unref(rows);
		g_free(src);
	}
	if (qk_csv_commit(csv, &err))
		goto out;
fail:
	fprintf(stderr, "qikan run: %s\n", err->message);
	g_error_free(err);
out:
	qk_csv_free(csv);
	g_free(path);
}

/* ---- workers -------------------------------------------------------------- */

static void launch_more(Batch *b);

static void finish(Item *it, State state)
{
	Batch *b = it->batch;
	it->state = state;
	if (state == ST_DONE) {
		b->n_done++;
		set_field(it, F_STATUS, "done");
		set_field(it, F_REASON, NULL);
	} else if (state == ST_FAILED) {
		b->n_failed++;
		set_field(it, F_STATUS, "failed");
		/* An export cut short leaves its temporary folder: remove it. */
		char *dir = out_path(b, it->f[F_NAME]);
		qk_export_clean_stale(dir);
		g_free(dir);
	} else if (state == ST_SKIPPED) {
		b->n_skipped++;
	}
	report(b, it);
}

/* The line of a worker's stderr that best says why it failed. */
static char *last_line(GBytes *bytes)
{
	gsize len = 0;
	const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
	if (!data || !len)
		return NULL;
	char *text = g_utf8_make_valid(data, (gssize)len);
	char **lines = g_strsplit(text, "\n", -1);
	char *found = NULL;
	/* A sanitizer's one-line SUMMARY says more than its last line. */
	for (int i = 0; lines[i] && !found; i++)
		if (g_str_has_prefix(lines[i], "SUMMARY: "))
			found = g_strdup(g_strstrip(lines[i]));
	for (int i = (int)g_strv_length(lines) - 1; i >= 0 && !found; i--) {
		g_strstrip(lines[i]);
		if (*lines[i])
			found = g_strdup(lines[i]);
	}
	g_strfreev(lines);
	g_free(text);
	return found;
}

/* Reads the worker's record from its standard output. */
static gboolean take_record(Item *it)
{
	gsize len = 0;
	const char *data = it->out ? g_bytes_get_data(it->out, &len) : NULL;
	if (!data || !len)
		return FALSE;
	GPtrArray *rows = qk_csv_parse(data, len, NULL);
	if (!rows || rows->len == 0) {
		if (rows)
			g_ptr_array_unref(rows);
		return FALSE;
	}
	/* The record is the last line; anything before it is not ours. */
	GPtrArray *rec = g_ptr_array_index(rows, rows->len - 1);
	gboolean ok = rec->len == WORKER_LAST - WORKER_FIRST + 1;
	for (guint i = 0; ok && i < rec->len; i++)
		set_field(it, WORKER_FIRST + (int)i, g_ptr_array_index(rec, i));
	g_ptr_array_unref(rows);
	return ok;
}

static void on_exited(GObject *source, GAsyncResult *res, gpointer data)
{
	Item *it = data;
	Batch *b = it->batch;
	GSubprocess *proc = G_SUBPROCESS(source);
	g_subprocess_wait_finish(proc, res, NULL);
	if (it->timeout_id) {
		g_source_remove(it->timeout_id);
		it->timeout_id = 0;
	}
	char secs[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(secs, sizeof secs, "%.2f",
	                (g_get_monotonic_time() - it->started) / 1e6);
	set_field(it, F_SECONDS, secs);
	b->running--;

	State state = ST_FAILED;
	char *diag = last_line(it->err);
	if (g_subprocess_get_if_exited(proc) && take_record(it)) {
		state = is_done(it) ? ST_DONE : ST_FAILED;
		if (state == ST_DONE) {  /* trust, but check the folder */
			char *dir = out_path(b, it->f[F_NAME]);
			if (!qk_export_complete(dir)) {
				state = ST_FAILED;
				set_field(it, F_REASON, "output folder incomplete");
			}
			g_free(dir);
		}
	} else if (it->timed_out) {
		char *r = g_strdup_printf("timed out after %d s", b->o->timeout);
		set_field(it, F_REASON, r);
		g_free(r);
	} else if (b->interrupted) {
		set_field(it, F_REASON, "interrupted");
	} else if (g_subprocess_get_if_signaled(proc)) {
		int sig = g_subprocess_get_term_sig(proc);
		GString *r = g_string_new(NULL);
		g_string_printf(r, "crashed (signal %d, %s)", sig, g_strsignal(sig));
		if (b->o->max_memory > 0)
			g_string_append_printf(r, " with a memory limit of %d MB",
			                       b->o->max_memory);
		if (diag)
			g_string_append_printf(r, ": %s", diag);
		set_field(it, F_REASON, r->str);
		g_string_free(r, TRUE);
	} else {
		GString *r = g_string_new(NULL);
		g_string_printf(r, "worker exited with status %d",
		                g_subprocess_get_exit_status(proc));
		if (b->o->max_memory > 0)
			g_string_append_printf(r, " with a memory limit of %d MB",
			                       b->o->max_memory);
		if (diag)
			g_string_append_printf(r, ": %s", diag);
		set_field(it, F_REASON, r->str);
		g_string_free(r, TRUE);
	}
	g_free(diag);
	g_clear_object(&it->proc);
	finish(it, state);

	if (g_get_monotonic_time() - b->last_manifest > G_USEC_PER_SEC)
		write_manifest(b);
	launch_more(b);
}

static void on_communicated(GObject *source, GAsyncResult *res, gpointer data)
{
	Item *it = data;
	GSubprocess *proc = G_SUBPROCESS(source);
	g_subprocess_communicate_finish(proc, res, &it->out, &it->err, NULL);
	g_subprocess_wait_async(proc, NULL, on_exited, it);
}

static gboolean on_timeout(gpointer data)
{
	Item *it = data;
	it->timeout_id = 0;
	it->timed_out = TRUE;
	if (it->proc)
		g_subprocess_force_exit(it->proc);
	return G_SOURCE_REMOVE;
}

static void launch(Batch *b, Item *it)
{
	const QkBatchOptions *o = b->o;
	char *dir = out_path(b, it->f[F_NAME]);
	qk_export_clean_stale(dir);  /* leftovers of an interrupted run */
	g_free(dir);

	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup(b->self));
	g_ptr_array_add(argv, g_strdup("run"));
	g_ptr_array_add(argv, g_strdup("--worker-one"));
	g_ptr_array_add(argv, g_strdup(it->f[F_FILE]));
	g_ptr_array_add(argv, g_strdup("--worker-name"));
	g_ptr_array_add(argv, g_strdup(it->f[F_NAME]));
	g_ptr_array_add(argv, g_strdup("--output"));
	g_ptr_array_add(argv, g_strdup(o->out_dir));
	if (o->units) {
		g_ptr_array_add(argv, g_strdup("--units"));
		g_ptr_array_add(argv, g_strdup(o->units));
	}
	if (o->max_memory > 0)
		g_ptr_array_add(argv, g_strdup_printf("--max-memory=%d", o->max_memory));
	g_ptr_array_add(argv, NULL);

	GSubprocessLauncher *l = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	/* The password travels in the environment, not in `ps` output. */
	if (o->password)
		g_subprocess_launcher_setenv(l, "QK_WORKER_PASSWORD", o->password, TRUE);
	GError *err = NULL;
	it->proc = g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata,
	                                        &err);
	g_object_unref(l);
	g_ptr_array_unref(argv);
	it->started = g_get_monotonic_time();
	if (!it->proc) {
		char *r = g_strdup_printf("cannot start a worker: %s", err->message);
		set_field(it, F_REASON, r);
		g_free(r);
		g_error_free(err);
		finish(it, ST_FAILED);
		return;
	}
	it->state = ST_RUNNING;
	b->running++;
	if (o->timeout > 0)
		it->timeout_id = g_timeout_add_seconds((guint)o->timeout, on_timeout, it);
	g_subprocess_communicate_async(it->proc, NULL, NULL, on_communicated, it);
}

static void launch_more(Batch *b)
{
	while (!b->interrupted && b->running < (guint)b->o->jobs &&
	       b->next < b->items->len) {
		Item *it = g_ptr_array_index(b->items, b->next++);
		if (it->state == ST_PENDING)
			launch(b, it);
	}
	draw_progress(b);
	if (b->running == 0 && (b->interrupted || b->next >= b->items->len))
		g_main_loop_quit(b->loop);
}

static gboolean on_signal(gpointer data)
{
	Batch *b = data;
	if (!b->interrupted)
		status_line(b, "qikan run: interrupted; stopping workers");
	b->interrupted = TRUE;
	for (guint i = 0; i < b->items->len; i++) {
		Item *it = g_ptr_array_index(b->items, i);
		if (it->proc)
			g_subprocess_force_exit(it->proc);
	}
	if (b->running == 0)
		g_main_loop_quit(b->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean on_tick(gpointer data)
{
	draw_progress(data);
	return G_SOURCE_CONTINUE;
}

/* ---- resume --------------------------------------------------------------- */

/* Fills an item's summary fields from its issue model. */
static void take_issue(Item *it, const QkIssue *issue)
{
	set_field(it, F_TITLE, issue->meta.title);
	set_field(it, F_YEAR, issue->meta.year);
	set_field(it, F_NUMBER, issue->meta.number);
	set_field(it, F_DATE, issue->meta.date);
	char n[32];
	g_snprintf(n, sizeof n, "%u", issue->pages->len);
	set_field(it, F_PAGES, n);
	g_snprintf(n, sizeof n, "%u", issue->articles->len);
	set_field(it, F_ARTICLES, n);
	g_snprintf(n, sizeof n, "%u", issue->tables->len);
	set_field(it, F_TABLES, n);
	g_snprintf(n, sizeof n, "%u", issue->warnings->len);
	set_field(it, F_WARNINGS, n);
}

/* An issue is skipped when its folder is complete and was made from the
 * same bytes: the manifest says so, or (when the batch was killed before
 * the manifest caught up) the folder's issue.xml records the same SHA-256. */
static void mark_unchanged(Batch *b)
{
	GHashTable *old = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->old->len; i++) {
		Item *it = g_ptr_array_index(b->old, i);
		g_hash_table_insert(old, it->f[F_NAME], it);
	}
	for (guint i = 0; i < b->items->len; i++) {
		Item *it = g_ptr_array_index(b->items, i);
		if (it->state != ST_PENDING)
			continue;
		char *dir = out_path(b, it->f[F_NAME]);
		Item *prev = g_hash_table_lookup(old, it->f[F_NAME]);
		QkIssue *issue = NULL;
		const char *done_sha = NULL;
		if (!qk_export_complete(dir)) {
			g_free(dir);
			continue;
		}
		if (prev && is_done(prev) && prev->f[F_SHA]) {
			done_sha = prev->f[F_SHA];
		} else {
			char *xml = g_build_filename(dir, "issue.xml", NULL);
			issue = qk_model_read_file(xml, NULL);
			g_free(xml);
			done_sha = issue ? issue->source_sha256 : NULL;
		}
		char *sha = done_sha ? file_sha256(it->f[F_FILE], NULL) : NULL;
		if (sha && strcmp(sha, done_sha) == 0) {
			if (issue) {
				take_issue(it, issue);
				set_field(it, F_SHA, sha);
			} else {
				for (int f = F_SHA; f < N_FIELDS; f++)
					set_field(it, f, prev->f[f]);
			}
			set_field(it, F_STATUS, "done");
			set_field(it, F_REASON, "unchanged since the last run");
			finish(it, ST_SKIPPED);
			set_field(it, F_REASON, NULL);
		}
		g_free(sha);
		qk_issue_free(issue);
		g_free(dir);
	}
	g_hash_table_unref(old);
}

/* ---- the batch ------------------------------------------------------------ */

static char *self_path(void)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);
	if (!p)
		p = g_find_program_in_path("qikan");
	return p;
}

static void print_summary(Batch *b)
{
	double secs = (g_get_monotonic_time() - b->t0) / 1e6;
	guint total = b->items->len;
	guint finished = b->n_done + b->n_failed + b->n_skipped;
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "qikan run: %u issue%s: %u done, %u failed, %u skipped",
	        total, total == 1 ? "" : "s", b->n_done, b->n_failed, b->n_skipped);
	if (finished < total)
		fprintf(stderr, ", %u not started", total - finished);
	fprintf(stderr, " in %.1f s (%.2f issues/s)\n", secs,
	        secs > 0 ? b->n_done / secs : 0.0);
	for (guint i = 0; i < total; i++) {
		Item *it = g_ptr_array_index(b->items, i);
		if (it->state == ST_FAILED)
			fprintf(stderr, "  failed: %s: %s\n", it->f[F_FILE],
			        it->f[F_REASON] ? it->f[F_REASON] : "unknown error");
	}
}

int qk_batch_run(char **inputs, int n_inputs, const QkBatchOptions *o)
{
	Batch b = { 0 };
	b.o = o;
	b.items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	b.old = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	b.names = g_hash_table_new(g_str_hash, g_str_equal);
	b.loop = g_main_loop_new(NULL, FALSE);
	b.tty = !o->quiet && isatty(STDERR_FILENO);
	b.t0 = g_get_monotonic_time();
	int rc = QK_EXIT_FAILED;

	b.self = self_path();
	if (!b.self) {
		fprintf(stderr, "qikan run: cannot find the qikan executable\n");
		goto out;
	}
	if (g_mkdir_with_parents(o->out_dir, 0777) != 0) {
		int e = errno;
		fprintf(stderr, "qikan run: cannot create %s: %s\n", o->out_dir,
		        g_strerror(e));
		goto out;
	}
	expand_inputs(&b, inputs, n_inputs);
	load_manifest(&b);
	for (guint i = 0; i < b.items->len; i++) {  /* missing files, … */
		Item *it = g_ptr_array_index(b.items, i);
		if (it->state == ST_FAILED) {
			it->state = ST_PENDING;
			finish(it, ST_FAILED);
		}
	}
	if (b.items->len == 0) {
		fprintf(stderr, "qikan run: no PDF files in the inputs\n");
		goto out;
	}
	if (o->resume)
		mark_unchanged(&b);

	guint sig_int = g_unix_signal_add(SIGINT, on_signal, &b);
	guint sig_term = g_unix_signal_add(SIGTERM, on_signal, &b);
	guint sig_hup = g_unix_signal_add(SIGHUP, on_signal, &b);
	guint tick = b.tty ? g_timeout_add(500, on_tick, &b) : 0;
	b.last_manifest = g_get_monotonic_time();
	launch_more(&b);
	if (b.running > 0 || (b.next < b.items->len && !b.interrupted))
		g_main_loop_run(b.loop);
	g_source_remove(sig_int);
	g_source_remove(sig_term);
	g_source_remove(sig_hup);
	if (tick)
		g_source_remove(tick);

	write_manifest(&b);
	GPtrArray *list = known_issues(&b);
	write_issues_csv(&b, list);
	concat_corpus(&b, list, "articles.csv", "all-articles.csv");
	concat_corpus(&b, list, "indicators.csv", "all-indicators.csv");
	g_ptr_array_unref(list);
	print_summary(&b);
	rc = b.n_failed > 0 || b.interrupted ? QK_EXIT_FAILED : QK_EXIT_OK;
out:
	g_free(b.self);
	g_main_loop_unref(b.loop);
	g_hash_table_unref(b.names);
	g_ptr_array_unref(b.old);
	g_ptr_array_unref(b.items);
	return rc;
}

/* ---- the worker ----------------------------------------------------------- */

static void print_record(const char *status, const char *reason,
                         const char *sha, const QkIssue *issue)
{
	QkCsv *csv = qk_csv_new();
	qk_csv_str(csv, sha);
	qk_csv_str(csv, status);
	qk_csv_str(csv, reason);
	qk_csv_str(csv, issue ? issue->meta.title : NULL);
	qk_csv_str(csv, issue ? issue->meta.year : NULL);
	qk_csv_str(csv, issue ? issue->meta.number : NULL);
	qk_csv_str(csv, issue ? issue->meta.date : NULL);
	qk_csv_int(csv, issue ? (long)issue->pages->len : 0);
	qk_csv_int(csv, issue ? (long)issue->articles->len : 0);
	qk_csv_int(csv, issue ? (long)issue->tables->len : 0);
	qk_csv_int(csv, issue ? (long)issue->warnings->len : 0);
	qk_csv_end(csv);
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	fwrite(data, 1, len, stdout);
	fflush(stdout);
	qk_csv_free(csv);
}

int qk_batch_worker(const char *file, const char *name,
                    const QkBatchOptions *o)
{
#ifdef __linux__
	/* Die with the batch: a killed batch must not leave workers behind. */
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		return QK_EXIT_FAILED;
#endif
	if (o->max_memory > 0) {
		struct rlimit rl;
		rl.rlim_cur = rl.rlim_max = (rlim_t)o->max_memory * 1024 * 1024;
		if (setrlimit(RLIMIT_AS, &rl) != 0) {
			int e = errno;
			fprintf(stderr, "qikan run: cannot set the memory limit: %s\n",
			        g_strerror(e));
		}
	}
	GError *err = NULL;
	QkIssue *issue = NULL;
	char *dir = NULL;
	int rc = QK_EXIT_FAILED;
	char *sha = file_sha256(file, &err);
	if (!sha)
		goto fail;
	QkExtractOptions xo = { .password = o->password, .max_pages = 0 };
	issue = qk_extract_pdf(file, &xo, &err);
	if (!issue)
		goto fail;
	QkNormalizeOptions no = { .units_file = o->units };
	if (!qk_normalize_issue(issue, &no, &err))
		goto fail;
	if (!issue->source)
		issue->source = g_path_get_basename(file);
	if (!issue->source_sha256)
		issue->source_sha256 = g_strdup(sha);
	dir = g_build_filename(o->out_dir, name, NULL);
	if (!qk_export_issue(issue, dir, &err))
		goto fail;
	print_record("done", NULL, sha, issue);
	rc = QK_EXIT_OK;
	goto out;
fail:
	print_record("failed", err ? err->message : "unknown error", sha, NULL);
	g_clear_error(&err);
out:
	g_free(dir);
	g_free(sha);
	qk_issue_free(issue);
	return rc;
}
