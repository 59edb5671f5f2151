/*
 * manifest.c — what OUT holds beside the issue folders: manifest.csv (every
 * issue run into OUT, with its input's SHA-256), issues.csv, the corpus
 * files all-articles.csv and all-indicators.csv, and --resume's decision.
 */
#include "batch_priv.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
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

/* The corpus files and the issue files they gather. */
static const struct {
	const char *file, *corpus;
} corpus_parts[] = {
	{ "articles.csv", "all-articles.csv" },
	{ "indicators.csv", "all-indicators.csv" },
};

static gboolean is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of the record at p (past its '\n') when every field of it is
 * written as csvout.c writes it (quoted exactly when its text holds a
 * comma, quote or line break or starts or ends with a blank), else NULL:
 * then the bytes are that record's fields re-encoded, as they are. */
static const char *canonical_record(const char *p, const char *end)
{
	if (p < end && *p == '\n')   /* an empty line: no record for a parser */
		return NULL;
	for (;;) {
		const char *start = p;
		gboolean special = FALSE;
		if (p < end && *p == '"') {
			for (p++;; p++) {
				if (p >= end)
					return NULL;
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						special = TRUE;
						p++;
						continue;
					}
					break;
				}
				special = special || *p == ',' || *p == '\n' || *p == '\r';
			}
			/* the text between the quotes, and past the closing one */
			gsize len = (gsize)(p - start - 1);
			special = special || (len && (is_blank(start[1]) || is_blank(p[-1])));
			p++;
			if (!special)
				return NULL;
		} else {
			while (p < end && *p != ',' && *p != '\n') {
				if (*p == '"' || *p == '\r')
					return NULL;
				p++;
			}
			if (p > start && (is_blank(*start) || is_blank(p[-1])))
				return NULL;
		}
		if (p >= end)
			return NULL;
		if (*p++ == '\n')
			return p;
	}
}

/* Rows of an issue file re-encoded with its name first, without parsing
 * them: each record's bytes copied behind the name. FALSE when some
 * record is not as csvout.c writes it (or the text is not UTF-8). */
static gboolean copy_records(const char *data, gsize len, const char *name,
                             GString *out)
{
	const char *p = data, *end = data + len;
	if (!g_utf8_validate(data, (gssize)len, NULL))
		return FALSE;
	QkCsv *field = qk_csv_new();
	qk_csv_str(field, name);
	gsize name_len;
	const char *enc = qk_csv_data(field, &name_len);
	gboolean ok = TRUE;
	for (gboolean header = TRUE; ok && p < end; header = FALSE) {
		const char *next = canonical_record(p, end);
		if (!next) {
			ok = FALSE;
		} else if (!header) {
			g_string_append_len(out, enc, (gssize)name_len);
			g_string_append_c(out, ',');
			g_string_append_len(out, p, next - p);
		}
		p = next;
	}
	qk_csv_free(field);
	return ok;
}

/* A done issue's rows of its <file> as the corpus file has them, encoded:
 * the issue's name first (caller frees), or NULL + error when the file
 * cannot be read. */
static char *issue_rows(const QkBatch *b, const QkBatchItem *it, const char *file,
                        gsize *len, GError **error)
{
	char *src = g_build_filename(b->o->out_dir, it->f[F_NAME], file, NULL);
	char *data = NULL;
	gsize size = 0;
	gboolean read = g_file_get_contents(src, &data, &size, NULL);
	GString *fast = g_string_new(NULL);
	if (read && copy_records(data, size, it->f[F_NAME], fast)) {
		g_free(data);
		g_free(src);
		*len = fast->len;
		return g_string_free(fast, FALSE);
	}
	g_string_free(fast, TRUE);
	/* written otherwise (or unreadable): parsed, and the parser says why */
	g_free(data);
	GPtrArray *rows = qk_csv_read_file(src, error);
	g_free(src);
	if (!rows)
		return NULL;
	QkCsv *csv = qk_csv_new();
	for (guint r = 1; r < rows->len; r++) {  /* row 0: header */
		GPtrArray *row = g_ptr_array_index(rows, r);
		qk_csv_str(csv, it->f[F_NAME]);
		for (guint c = 0; c < row->len; c++)
			qk_csv_str(csv, g_ptr_array_index(row, c));
		qk_csv_end(csv);
	}
	g_ptr_array_unref(rows);
	const char *out = qk_csv_data(csv, len);
	char *copy = g_memdup2(out, *len + 1);
	qk_csv_free(csv);
	return copy;
}

/* All len bytes at offset at of fd written from buf (put) or read into
 * it. */
static gboolean spool_io(int fd, char *buf, gsize len, gint64 at, gboolean put)
{
	while (len > 0) {
		ssize_t n = put ? pwrite(fd, buf, len, (off_t)at) : pread(fd, buf, len, (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		buf += n;
		len -= (gsize)n;
		at += n;
	}
	return TRUE;
}

/* An unnamed file: a killed batch leaves nothing behind. */
static int open_spool(const char *dir)
{
	int fd = -1;
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0) {
		char *name = NULL;
		fd = g_file_open_tmp("qikan-corpus-XXXXXX", &name, NULL);
		if (fd >= 0)
			g_unlink(name);
		g_free(name);
	}
	return fd;
}

void qk_batch_spool_corpus(QkBatch *b, QkBatchItem *it)
{
	if (!qk_batch_is_done(it) || it->spooled || b->spool_failed)
		return;
	if (b->spool < 0 && (b->spool = open_spool(b->o->out_dir)) < 0) {
		b->spool_failed = TRUE;
		return;
	}
	gint64 at[G_N_ELEMENTS(corpus_parts)];
	gsize len[G_N_ELEMENTS(corpus_parts)];
	gint64 end = b->spool_end;
	for (gsize p = 0; p < G_N_ELEMENTS(corpus_parts); p++) {
		char *rows = issue_rows(b, it, corpus_parts[p].file, &len[p], NULL);
		gboolean ok = rows && spool_io(b->spool, rows, len[p], end, TRUE);
		g_free(rows);
		if (!ok)   /* read again at the end, and said why then */
			return;
		at[p] = end;
		end += (gint64)len[p];
	}
	memcpy(it->spool_at, at, sizeof at);
	memcpy(it->spool_len, len, sizeof len);
	it->spooled = TRUE;
	b->spool_end = end;
}

void qk_batch_spool_close(QkBatch *b)
{
	if (b->spool >= 0)
		close(b->spool);
	b->spool = -1;
}

/* An item's rows of corpus part p: from the spool, else from its folder
 * (NULL + error when that cannot be read). */
static char *rows_of(const QkBatch *b, const QkBatchItem *it, gsize p, gsize *len,
                     GError **error)
{
	if (it->spooled) {
		char *data = g_malloc(it->spool_len[p] + 1);
		if (spool_io(b->spool, data, it->spool_len[p], it->spool_at[p], FALSE)) {
			*len = it->spool_len[p];
			return data;
		}
		g_free(data);
	}
	return issue_rows(b, it, corpus_parts[p].file, len, error);
}

/* OUT/<corpus> = every done issue's <file>, with the issue's name first. */
static gboolean concat_corpus(QkBatch *b, GPtrArray *list, gsize p)
{
	const char *corpus = corpus_parts[p].corpus;
	char *path = g_build_filename(b->o->out_dir, corpus, NULL);
	GError *err = NULL;
	QkAtomicFile *out = qk_atomic_file_new(path, &err);
	g_free(path);
	if (!out) {
		fprintf(stderr, "qikan run: %s\n", err->message);
		g_error_free(err);
		return FALSE;
	}
	FILE *fp = qk_atomic_file_stream(out);
	QkCsv *head = qk_csv_new();
	qk_csv_str(head, "issue");
	for (const char *const *c = qk_export_columns(corpus_parts[p].file); *c; c++)
		qk_csv_str(head, *c);
	qk_csv_end(head);
	gsize len;
	const char *data = qk_csv_data(head, &len);
	fwrite(data, 1, len, fp);
	qk_csv_free(head);
	for (guint i = 0; i < list->len; i++) {
		QkBatchItem *it = g_ptr_array_index(list, i);
		if (!qk_batch_is_done(it))
			continue;
		GError *rerr = NULL;
		char *rows = rows_of(b, it, p, &len, &rerr);
		if (!rows) {
			fprintf(stderr, "qikan run: %s left out of %s: %s\n",
			        it->f[F_NAME], corpus, rerr->message);
			g_error_free(rerr);
			continue;
		}
		fwrite(rows, 1, len, fp);   /* an error is seen by the commit */
		g_free(rows);
	}
	/* synced only when it replaces an earlier run's file, as every other
	 * output: a new one is made again from the folders by the next run */
	if (qk_atomic_file_commit(out, FALSE, &err))
		return TRUE;
	fprintf(stderr, "qikan run: %s\n", err->message);
	g_error_free(err);
	return FALSE;
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
	for (gsize p = 0; p < G_N_ELEMENTS(corpus_parts); p++)
		ok = concat_corpus(b, list, p) && ok;
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
