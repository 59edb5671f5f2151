/*
 * fileio.c — whole-file reads with a size cap, and atomic writes.
 * g_file_set_contents() already writes a temporary file beside the target,
 * fsyncs and renames, which is exactly the "no half-written output" rule.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include "fileio.h"
#include "error.h"

gboolean qk_file_write_atomic(const char *path, const char *data, gsize len,
                              GError **error)
{
	GError *e = NULL;
	if (!g_file_set_contents(path, data, (gssize)len, &e)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", e->message);
		g_error_free(e);
		return FALSE;
	}
	return TRUE;
}

static gboolean read_stream(FILE *f, gsize max, char **data_out, gsize *len_out,
                            GError **error)
{
	GString *buf = g_string_sized_new(65536);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (max && buf->len + n > max) {
			g_string_free(buf, TRUE);
			g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
			            "input larger than %" G_GSIZE_FORMAT " bytes", max);
			return FALSE;
		}
		g_string_append_len(buf, chunk, (gssize)n);
	}
	if (ferror(f)) {
		g_string_free(buf, TRUE);
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "read error");
		return FALSE;
	}
	*len_out = buf->len;
	*data_out = g_string_free(buf, FALSE);
	return TRUE;
}

gboolean qk_file_read_all(const char *path, gsize max, char **data_out,
                          gsize *len_out, GError **error)
{
	if (strcmp(path, "-") == 0)
		return read_stream(stdin, max, data_out, len_out, error);
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "is a directory");
		return FALSE;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", g_strerror(errno));
		return FALSE;
	}
	gboolean ok = read_stream(f, max, data_out, len_out, error);
	fclose(f);
	return ok;
}

#include <glib/gstdio.h>
#include "qk-resources.h"

char *qk_file_sha256(const char *path, GError **error)
{
	FILE *fp = g_fopen(path, "rb");
	if (!fp) {
		int e = errno;
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot read: %s", g_strerror(e));
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

void qk_file_remove_tree(const char *path)
{
	GStatBuf st;
	if (g_lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		GDir *d = g_dir_open(path, 0, NULL);
		const char *name;
		while (d && (name = g_dir_read_name(d))) {
			char *child = g_build_filename(path, name, NULL);
			qk_file_remove_tree(child);
			g_free(child);
		}
		if (d)
			g_dir_close(d);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* The bundled resources. GLib registers static resources lazily on first
 * use, and a second thread can meanwhile get them as NULL (GLib 2.74: it
 * empties the pending list before registering it): one thread asks, under
 * g_once. Through qk_get_resource() so the linker keeps the resources. */
static GResource *resources(void)
{
	static GResource *res;
	if (g_once_init_enter(&res))
		g_once_init_leave(&res, qk_get_resource());
	return res;
}

GBytes *qk_data_lookup(const char *name, GError **error)
{
	char *path = g_strconcat("/org/qikan/", name, NULL);
	GError *e = NULL;
	GBytes *b = g_resource_lookup_data(resources(), path,
	                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &e);
	g_free(path);
	if (!b) {
		g_set_error(error, QK_ERROR, QK_ERROR_DATA, "bundled data %s: %s",
		            name, e->message);
		g_error_free(e);
	}
	return b;
}
