/*
 * fileio.c — whole-file reads with a size cap, and atomic writes that never
 * replace what is not a regular file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "fileio.h"
#include "error.h"

/* Writes everything to an open descriptor (a device, a FIFO, stdout). */
static gboolean write_fd(int fd, const char *data, gsize len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		data += n;
		len -= (gsize)n;
	}
	return TRUE;
}

static gboolean write_through(const char *path, const char *data, gsize len,
                              GError **error)
{
	/* No O_CREAT, no O_TRUNC: the node is there and stays what it is. */
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	gboolean ok = fd >= 0 && write_fd(fd, data, len);
	int e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = FALSE;
		e = errno;
	}
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot write: %s",
		            g_strerror(e));
	return ok;
}

/* Follows symbolic links from path to the name that is finally written:
 * a link's target is replaced, never the link. Caller frees. */
static char *resolve_links(const char *path, GStatBuf *st, gboolean *exists,
                           GError **error)
{
	char *cur = g_strdup(path);
	for (int hops = 0; ; hops++) {
		if (g_lstat(cur, st) != 0) {
			*exists = FALSE;
			if (errno == ENOENT)
				return cur;
			g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", g_strerror(errno));
			break;
		}
		*exists = TRUE;
		if (!S_ISLNK(st->st_mode))
			return cur;
		if (hops == 40) {
			g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", g_strerror(ELOOP));
			break;
		}
		char *target = g_file_read_link(cur, NULL);
		if (!target) {
			g_set_error(error, QK_ERROR, QK_ERROR_IO, "unreadable symbolic link");
			break;
		}
		char *dir = g_path_get_dirname(cur);
		char *next = g_path_is_absolute(target) ? g_strdup(target)
		             : g_build_filename(dir, target, NULL);
		g_free(dir);
		g_free(target);
		g_free(cur);
		cur = next;
	}
	g_free(cur);
	return NULL;
}

gboolean qk_file_write_atomic(const char *path, const char *data, gsize len,
                              GError **error)
{
	if (strcmp(path, "-") == 0) {
		gboolean ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
		if (!ok)
			g_set_error(error, QK_ERROR, QK_ERROR_IO,
			            "cannot write to standard output: %s", g_strerror(errno));
		return ok;
	}
	GStatBuf st;
	gboolean exists = FALSE;
	char *real = resolve_links(path, &st, &exists, error);
	if (!real)
		return FALSE;
	gboolean ok = FALSE;
	if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		ok = write_through(real, data, len, error);
	} else if (exists && !S_ISREG(st.st_mode)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s",
		            S_ISDIR(st.st_mode) ? "is a directory"
		            : "not a regular file, character device or FIFO");
	} else {
		/* g_file_set_contents writes a temporary file beside the target,
		 * fsyncs and renames: the "no half-written output" rule. */
		GError *e = NULL;
		ok = g_file_set_contents(real, data, (gssize)len, &e);
		if (!ok) {
			g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", e->message);
			g_error_free(e);
		}
	}
	g_free(real);
	return ok;
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
