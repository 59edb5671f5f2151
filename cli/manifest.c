/*
 * manifest.c — what OUT holds beside the issue folders: manifest.csv (every
 * issue run into OUT, with its input's SHA-256), issues.csv, the corpus
 * files all-articles.csv and all-indicators.csv, and --resume's decision.
 */
#include "batch_priv.h"
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "csvout.h"
#include "export.h"
#include "xmlio.h"

const char *const qk_batch_fields[N_FIELDS + 1] = {
	"name", "file", "sha256", "status", "reason", "title", "year", "number",
	"date", "pages", "articles", "tables", "warnings", "seconds", NULL
};

const char *const qk_batch_corpus_files[] = {
	"manifest.csv", "issues.csv", "all-articles.csv", "all-indicators.csv",
	"shard.csv", NULL
};

/* A manifest.csv qikan cannot read is kept aside as
 * manifest.csv.corrupt-<UTC time>, never overwritten: it may be the only
 * record of what an archive's folders were made from. */
static void keep_aside(const char *path, const char *why)
{
	GDateTime *now = g_date_time_new_now_utc();
	char *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
	g_date_time_unref(now);
	char *aside = g_strdup_printf("%s.corrupt-%s", path, stamp);
	for (int n = 2; g_file_test(aside, G_FILE_TEST_EXISTS); n++) {
		g_free(aside);
		aside = g_strdup_printf("%s.corrupt-%s-%d", path, stamp, n);
	}
	char *p = qk_cli_escape_name(path), *a = qk_cli_escape_name(aside);
	if (g_rename(path, aside) == 0)
		fprintf(stderr, "qikan run: %s is damaged (%s): kept as %s, and a new one "
		        "written\n", p, why, a);
	else
		fprintf(stderr, "qikan run: %s is damaged (%s) and cannot be kept aside: "
		        "%s\n", p, why, g_strerror(errno));
	g_free(a);
	g_free(p);
	g_free(aside);
	g_free(stamp);
}

GPtrArray *qk_batch_read_manifest(const char *path, GError **error)
{
	GPtrArray *rows = qk_csv_read_file(path, error);
	if (!rows)
		return NULL;
	GPtrArray *head = rows->len ? g_ptr_array_index(rows, 0) : NULL;
	/* Columns by name, so older or newer manifests still load. */
	int col[N_FIELDS];
	for (int f = 0; f < N_FIELDS; f++)
		col[f] = -1;
	for (guint c = 0; head && c < head->len; c++)
		for (int f = 0; f < N_FIELDS; f++)
			if (strcmp(g_ptr_array_index(head, c), qk_batch_fields[f]) == 0)
				col[f] = (int)c;
	if (col[F_NAME] < 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            "no header with a name column");
		g_ptr_array_unref(rows);
		return NULL;
	}
	GPtrArray *items = g_ptr_array_new_with_free_func((GDestroyNotify)qk_batch_item_free);
	for (guint r = 1; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		QkBatchItem *it = g_new0(QkBatchItem, 1);
		for (int f = 0; f < N_FIELDS; f++)
			if (col[f] >= 0 && (guint)col[f] < row->len)
				qk_batch_set(it, f, g_ptr_array_index(row, col[f]));
		g_ptr_array_add(items, it);
	}
	g_ptr_array_unref(rows);
	return items;
}

void qk_batch_load_manifest(QkBatch *b)
{
	char *path = g_build_filename(b->o->out_dir, "manifest.csv", NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_free(path);
		return;
	}
	GError *err = NULL;
	GPtrArray *rows = qk_batch_read_manifest(path, &err);
	if (!rows) {
		keep_aside(path, err->message);
		g_error_free(err);
		g_free(path);
		return;
	}
	for (guint r = 0; r < rows->len; r++) {
		QkBatchItem *it = g_ptr_array_index(rows, r);
		/* A done issue whose folder was deleted since is forgotten. */
		char *dir = it->f[F_NAME] ? qk_batch_out_path(b, it->f[F_NAME]) : NULL;
		gboolean gone = !dir || (qk_batch_is_done(it) && !qk_export_complete(dir));
		g_free(dir);
		if (!gone)
			g_ptr_array_add(b->old, g_ptr_array_steal_index(rows, r--));
	}
	g_ptr_array_unref(rows);
	g_free(path);
}

static int compare_items(gconstpointer a, gconstpointer b)
{
	const QkBatchItem *x = *(QkBatchItem *const *)a, *y = *(QkBatchItem *const *)b;
	/* inputs without a folder (skipped, missing) last, by file */
	int c = g_strcmp0(x->f[F_NAME] ? "" : "\x01", y->f[F_NAME] ? "" : "\x01");
	if (!c)
		c = g_strcmp0(x->f[F_NAME], y->f[F_NAME]);
	return c ? c : g_strcmp0(x->f[F_FILE], y->f[F_FILE]);
}

/* Every issue the output folder knows, by name: this run's outcome, or the
 * earlier run's row when this run did not qk_batch_finish the issue. Borrowed. */
static GPtrArray *known_issues(QkBatch *b)
{
	GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->old->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->old, i);
		g_hash_table_insert(by_name, it->f[F_NAME], it);
	}
	GPtrArray *list = g_ptr_array_new();
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->state != QK_ST_DONE && it->state != QK_ST_FAILED &&
		    it->state != QK_ST_SKIPPED)
			continue;
		if (it->f[F_NAME])
			g_hash_table_insert(by_name, it->f[F_NAME], it);
		else
			g_ptr_array_add(list, it);
	}
	GHashTableIter iter;
	gpointer value;
	g_hash_table_iter_init(&iter, by_name);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(list, value);
	g_hash_table_unref(by_name);
	g_ptr_array_sort(list, compare_items);
	return list;
}

gboolean qk_batch_write_manifest(QkBatch *b)
{
	GPtrArray *list = known_issues(b);
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, qk_batch_fields);
	for (guint i = 0; i < list->len; i++) {
		QkBatchItem *it = g_ptr_array_index(list, i);
		for (int f = 0; f < N_FIELDS; f++)
			qk_csv_str(csv, it->f[f]);
		qk_csv_end(csv);
	}
	char *path = g_build_filename(b->o->out_dir, "manifest.csv", NULL);
	GError *err = NULL;
	gboolean ok = qk_csv_save(csv, path, &err);
	if (!ok) {
		qk_batch_status(b, "qikan run: %s", err->message);
		g_error_free(err);
	}
	g_free(path);
	qk_csv_free(csv);
	g_ptr_array_unref(list);
	b->last_manifest = g_get_monotonic_time();
	return ok;
}

static gboolean write_issues_csv(QkBatch *b, GPtrArray *list)
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
		QkBatchItem *it = g_ptr_array_index(list, i);
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++)
			qk_csv_str(csv, it->f[fields[f]]);
		qk_csv_end(csv);
	}
	char *path = g_build_filename(b->o->out_dir, "issues.csv", NULL);
	GError *err = NULL;
	gboolean ok = qk_csv_save(csv, path, &err);
	if (!ok) {
		fprintf(stderr, "qikan run: %s\n", err->message);
		g_error_free(err);
	}
	g_free(path);
	qk_csv_free(csv);
	return ok;
}

/* OUT/<corpus> = every done issue's <file>, with the issue's name first. */
static gboolean concat_corpus(QkBatch *b, GPtrArray *list, const char *file,
                              const char *corpus)
{
	gboolean ok = FALSE;
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
		QkBatchItem *it = g_ptr_array_index(list, i);
		if (!qk_batch_is_done(it))
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
	/* synced only when it replaces an earlier run's file, as every other
	 * output: a new one is made again from the folders by the next run */
	if ((ok = qk_csv_commit_unsynced(csv, &err)))
		goto out;
fail:
	fprintf(stderr, "qikan run: %s\n", err->message);
	g_error_free(err);
out:
	qk_csv_free(csv);
	g_free(path);
	return ok;
}

/* Temporary files of corpus files a killed batch was writing: the atomic
 * writers name them <file>.XXXXXX (GLib) and <file>.tmp-XXXXXX (streams). */
void qk_batch_clean_temps(QkBatch *b)
{
	GDir *d = g_dir_open(b->o->out_dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		for (const char *const *c = qk_batch_corpus_files; *c; c++) {
			gsize len = strlen(*c);
			if (strncmp(n, *c, len) != 0 || n[len] != '.')
				continue;
			const char *rest = n + len + 1;
			if (g_str_has_prefix(rest, "tmp-"))
				rest += 4;
			gboolean random = strlen(rest) == 6;
			for (int i = 0; random && i < 6; i++)
				random = g_ascii_isalnum(rest[i]);
			if (random) {
				char *p = g_build_filename(b->o->out_dir, n, NULL);
				g_unlink(p);
				g_free(p);
			}
		}
	}
	if (d)
		g_dir_close(d);
}

gboolean qk_batch_write_corpus(QkBatch *b)
{
	GPtrArray *list = known_issues(b);
	gboolean ok = write_issues_csv(b, list);
	ok = concat_corpus(b, list, "articles.csv", "all-articles.csv") && ok;
	ok = concat_corpus(b, list, "indicators.csv", "all-indicators.csv") && ok;
	g_ptr_array_unref(list);
	return ok;
}

/* ---- resume --------------------------------------------------------------- */

/* Fills an item's summary fields from its issue model. */
static void take_issue(QkBatchItem *it, const QkIssue *issue)
{
	qk_batch_set(it, F_TITLE, issue->meta.title);
	qk_batch_set(it, F_YEAR, issue->meta.year);
	qk_batch_set(it, F_NUMBER, issue->meta.number);
	qk_batch_set(it, F_DATE, issue->meta.date);
	char n[32];
	g_snprintf(n, sizeof n, "%u", issue->pages->len);
	qk_batch_set(it, F_PAGES, n);
	g_snprintf(n, sizeof n, "%u", issue->articles->len);
	qk_batch_set(it, F_ARTICLES, n);
	g_snprintf(n, sizeof n, "%u", issue->tables->len);
	qk_batch_set(it, F_TABLES, n);
	g_snprintf(n, sizeof n, "%u", issue->warnings->len);
	qk_batch_set(it, F_WARNINGS, n);
}

/* An issue is skipped when its folder is complete and was made from the
 * same bytes: the manifest says so, or (when the batch was killed before
 * the manifest caught up) the folder's issue.xml records the same SHA-256. */
void qk_batch_mark_unchanged(QkBatch *b)
{
	GHashTable *old = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->old->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->old, i);
		g_hash_table_insert(old, it->f[F_NAME], it);
	}
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->state != QK_ST_PENDING)
			continue;
		char *dir = qk_batch_out_path(b, it->f[F_NAME]);
		QkBatchItem *prev = g_hash_table_lookup(old, it->f[F_NAME]);
		QkIssue *issue = NULL;
		const char *done_sha = NULL;
		if (!qk_export_complete(dir)) {
			g_free(dir);
			continue;
		}
		if (prev && qk_batch_is_done(prev) && prev->f[F_SHA]) {
			done_sha = prev->f[F_SHA];
		} else {
			char *xml = g_build_filename(dir, "issue.xml", NULL);
			issue = qk_model_read_file(xml, NULL);
			g_free(xml);
			done_sha = issue ? issue->source_sha256 : NULL;
		}
		char *sha = done_sha ? qk_file_sha256(it->path, NULL) : NULL;
		if (sha && strcmp(sha, done_sha) == 0) {
			if (issue) {
				take_issue(it, issue);
				qk_batch_set(it, F_SHA, sha);
			} else {
				for (int f = F_SHA; f < N_FIELDS; f++)
					qk_batch_set(it, f, prev->f[f]);
			}
			qk_batch_set(it, F_STATUS, "done");
			qk_batch_set(it, F_REASON, "unchanged since the last run");
			qk_batch_finish(it, QK_ST_SKIPPED);
			qk_batch_set(it, F_REASON, NULL);
		}
		g_free(sha);
		qk_issue_free(issue);
		g_free(dir);
	}
	g_hash_table_unref(old);
}
