/*
 * batchnames.c — the folder each input gets in OUT.
 *
 * A folder's name comes from its input's file name, and stays: an input
 * the manifest knows (by its path) keeps the folder it had, whatever was
 * added to the batch since, and a new input never takes a name the
 * manifest gives to another input, nor a folder in OUT that qikan did not
 * make from the same bytes. Two inputs called x.pdf become x and x-2.
 */
#include "batch_priv.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "fileio.h"
#include "xmlio.h"

/* Bytes of a folder name: room for the export's ".NAME.tmp-XXXXXX" and a
 * "-N" suffix within a file system's 255. */
#define QK_FOLDER_NAME_MAX 200

gboolean qk_batch_is_pdf_name(const char *name)
{
	gsize n = strlen(name);
	return n >= 4 && g_ascii_strcasecmp(name + n - 4, ".pdf") == 0;
}

/* The name path's base name gives: without .pdf, UTF-8 (bytes that are
 * not become U+FFFD), controls and backslashes as '_', never hidden (the
 * hidden names in OUT are qikan's temporary ones), at most
 * QK_FOLDER_NAME_MAX bytes. */
static char *folder_base(const char *path)
{
	char *base = g_path_get_basename(path);
	if (qk_batch_is_pdf_name(base))
		base[strlen(base) - 4] = '\0';
	char *valid = g_utf8_make_valid(base, -1);
	GString *s = g_string_new(NULL);
	if (valid[0] == '.' || !valid[0] || strcmp(valid, G_DIR_SEPARATOR_S) == 0)
		g_string_append_c(s, '_');
	for (const char *p = valid; *p && s->len + 4 <= QK_FOLDER_NAME_MAX;
	     p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		GUnicodeType t = g_unichar_type(ch);
		if (ch == '\\' || ch == '/' || t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
		    t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR)
			g_string_append_c(s, '_');
		else
			g_string_append_unichar(s, ch);
	}
	g_free(valid);
	g_free(base);
	return g_string_free(s, FALSE);
}

/* Whether OUT/name holds qikan's output made from it's bytes (a folder
 * whose issue.xml records the input's SHA-256): the manifest of the run
 * that made it was lost, or not written before a kill. */
static gboolean folder_is_from(QkBatch *b, const char *name, const QkBatchItem *it)
{
	char *xml = g_build_filename(b->o->out_dir, name, "issue.xml", NULL);
	QkIssue *issue = g_file_test(xml, G_FILE_TEST_IS_REGULAR)
	                 ? qk_model_read_file(xml, NULL) : NULL;
	char *sha = issue && issue->source_sha256 ? qk_file_sha256(it->path, NULL) : NULL;
	gboolean same = sha && strcmp(sha, issue->source_sha256) == 0;
	g_free(sha);
	qk_issue_free(issue);
	g_free(xml);
	return same;
}

static gboolean name_free(QkBatch *b, GHashTable *owners, const char *name,
                          const QkBatchItem *it)
{
	for (const char *const *c = qk_batch_corpus_files; *c; c++)
		if (strcmp(name, *c) == 0)
			return FALSE;
	if (g_hash_table_contains(b->names, name) || g_hash_table_contains(owners, name))
		return FALSE;
	char *dir = qk_batch_out_path(b, name);
	GStatBuf st;
	gboolean free_ = g_lstat(dir, &st) != 0 || folder_is_from(b, name, it);
	g_free(dir);
	return free_;
}

static void take_name(QkBatch *b, QkBatchItem *it, const char *name)
{
	qk_batch_set(it, F_NAME, name);
	g_hash_table_insert(b->names, it->f[F_NAME], it);
}

void qk_batch_assign_names(QkBatch *b)
{
	GHashTable *owners = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *by_file = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b->old->len; i++) {
		QkBatchItem *old = g_ptr_array_index(b->old, i);
		if (!old->f[F_NAME] || !old->f[F_FILE])
			continue;
		g_hash_table_insert(owners, old->f[F_NAME], old);
		g_hash_table_insert(by_file, old->f[F_FILE], old);
	}
	/* first the inputs the manifest knows: their folders, whatever sorts
	 * before them now */
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		QkBatchItem *old = g_hash_table_lookup(by_file, it->f[F_FILE]);
		if (it->state == QK_ST_PENDING && old &&
		    !g_hash_table_contains(b->names, old->f[F_NAME]))
			take_name(b, it, old->f[F_NAME]);
	}
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->state != QK_ST_PENDING || it->f[F_NAME])
			continue;
		char *base = folder_base(it->path);
		char *name = g_strdup(base);
		for (int n = 2; !name_free(b, owners, name, it); n++) {
			g_free(name);
			name = g_strdup_printf("%s-%d", base, n);
		}
		take_name(b, it, name);
		g_free(name);
		g_free(base);
	}
	g_hash_table_unref(by_file);
	g_hash_table_unref(owners);
}
