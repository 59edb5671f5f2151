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

struct QkAtomicFile {
	char *path;         /* the name finally written (links followed) */
	char *tmp;          /* NULL: written in place (stdout, a device, a FIFO) */
	FILE *fp;
};

static gboolean io_fail(GError **error, const char *what, const char *path, int e)
{
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot %s %s: %s", what, path,
	            g_strerror(e));
	return FALSE;
}

static void atomic_file_free(QkAtomicFile *f)
{
	g_free(f->tmp);
	g_free(f->path);
	g_free(f);
}

/* The same rules as qk_file_write_atomic: "-" is standard output, a link's
 * target is replaced, a device or FIFO is written in place, anything else
 * that is not a regular file is refused. */
QkAtomicFile *qk_atomic_file_new(const char *path, GError **error)
{
	QkAtomicFile *f = g_new0(QkAtomicFile, 1);
	if (strcmp(path, "-") == 0) {
		f->path = g_strdup("standard output");
		f->fp = stdout;
		return f;
	}
	GStatBuf st;
	gboolean exists = FALSE;
	f->path = resolve_links(path, &st, &exists, error);
	if (!f->path) {
		atomic_file_free(f);
		return NULL;
	}
	int fd = -1;
	if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		/* No O_CREAT, no O_TRUNC: the node is there and stays what it is. */
		fd = open(f->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	} else if (exists && !S_ISREG(st.st_mode)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s",
		            S_ISDIR(st.st_mode) ? "is a directory"
		            : "not a regular file, character device or FIFO");
		atomic_file_free(f);
		return NULL;
	} else {
		f->tmp = g_strconcat(f->path, ".tmp-XXXXXX", NULL);
		fd = g_mkstemp_full(f->tmp, O_RDWR | O_CLOEXEC, 0666);   /* less the umask */
	}
	if (fd < 0 || !(f->fp = fdopen(fd, "wb"))) {
		int e = errno;
		io_fail(error, "create", path, e);
		if (fd >= 0)
			close(fd);
		if (fd >= 0 && f->tmp)
			g_unlink(f->tmp);
		atomic_file_free(f);
		return NULL;
	}
	return f;
}

FILE *qk_atomic_file_stream(QkAtomicFile *f)
{
	return f->fp;
}

void qk_atomic_file_abort(QkAtomicFile *f)
{
	if (!f)
		return;
	if (f->fp && f->fp != stdout)
		fclose(f->fp);
	if (f->tmp)
		g_unlink(f->tmp);
	atomic_file_free(f);
}

gboolean qk_atomic_file_commit(QkAtomicFile *f, gboolean sync, GError **error)
{
	gboolean ok;
	/* like g_file_set_contents, synced at least before it replaces a file,
	 * so a crash leaves the old file or the new one */
	if (ferror(f->fp) || fflush(f->fp) != 0)
		ok = io_fail(error, "write", f->path, errno ? errno : EIO);
	else if (f->tmp && (sync || g_file_test(f->path, G_FILE_TEST_EXISTS)) &&
	         fsync(fileno(f->fp)) != 0)
		ok = io_fail(error, "write", f->path, errno);
	else
		ok = TRUE;
	if (f->fp == stdout) {
		atomic_file_free(f);
		return ok;
	}
	int closed = fclose(f->fp);
	f->fp = NULL;
	if (ok && closed != 0)
		ok = io_fail(error, "write", f->path, errno);
	if (ok && f->tmp && g_rename(f->tmp, f->path) != 0)
		ok = io_fail(error, "rename to", f->path, errno);
	if (ok) {
		atomic_file_free(f);
		return TRUE;
	}
	qk_atomic_file_abort(f);
	return FALSE;
}

/* No temporary name, no rename: the caller owns the folder, fresh and not
 * yet in place (an export's), where a half-written file is never seen. */
gboolean qk_file_write_new(const char *path, const char *data, gsize len,
                           GError **error)
{
	int fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
	if (fd < 0)
		return io_fail(error, "create", path, errno);
	for (gsize done = 0; done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			g_unlink(path);
			return io_fail(error, "write", path, e);
		}
		done += (gsize)n;
	}
	if (close(fd) != 0) {
		int e = errno;
		g_unlink(path);
		return io_fail(error, "write", path, e);
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

#include <nettle/sha2.h>
#include "dynlib.h"
#include "qk-resources.h"

/* nettle's SHA-256, opened on the first checksum (only the worker and
 * --resume hash files): ~1 GB/s with SHA-NI against GLib's ~250 MB/s
 * (libcrypto, with ten times its relocations, cost the worker ~3 ms to
 * open). When it
 * cannot be loaded, GLib's GChecksum gives the same digests. */
#define NETTLE_FUNCTIONS(X) X(nettle_sha256_init) X(nettle_sha256_update) X(nettle_sha256_digest)
static struct {
	NETTLE_FUNCTIONS(QK_DYNLIB_FIELD)
} N;
#define SYM(f) { #f, (gpointer *)&N.f },
static const QkDynSym nettle_syms[] = { NETTLE_FUNCTIONS(SYM) };
#undef SYM

static gboolean load_nettle(void)
{
	static QkDynlib lib;
	return qk_dynlib_load(&lib, QK_NETTLE_SONAME, nettle_syms, G_N_ELEMENTS(nettle_syms));
}

gboolean qk_file_sha256_preload(void)
{
	return load_nettle();
}

/* One of the two SHA-256 implementations, fed block by block. */
typedef struct {
	struct sha256_ctx ctx;   /* nettle's, when loaded */
	GChecksum *glib;         /* otherwise */
} Sha256;

static void digest_init(Sha256 *h, gboolean use_nettle)
{
	h->glib = NULL;
	if (use_nettle && load_nettle()) {
		N.nettle_sha256_init(&h->ctx);
		return;
	}
	h->glib = g_checksum_new(G_CHECKSUM_SHA256);
}

static void digest_update(Sha256 *h, const guchar *data, gsize len)
{
	if (h->glib)
		g_checksum_update(h->glib, data, (gssize)len);
	else
		N.nettle_sha256_update(&h->ctx, len, data);
}

/* The lower-case hex digest (caller frees). */
static char *digest_finish(Sha256 *h)
{
	char *hex;
	if (h->glib) {
		hex = g_strdup(g_checksum_get_string(h->glib));
		g_checksum_free(h->glib);
		return hex;
	}
	guchar md[SHA256_DIGEST_SIZE];
	N.nettle_sha256_digest(&h->ctx, sizeof md, md);
	hex = g_malloc(2 * sizeof md + 1);
	for (gsize i = 0; i < sizeof md; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[2 * sizeof md] = '\0';
	return hex;
}

char *qk_file_sha256_with(const char *path, gboolean use_nettle, GError **error)
{
	FILE *fp = g_fopen(path, "rb");
	if (!fp) {
		int e = errno;
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot read: %s", g_strerror(e));
		return NULL;
	}
	Sha256 h;
	digest_init(&h, use_nettle);
	guchar chunk[65536];  /* a read block, not text */
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		digest_update(&h, chunk, got);
	gboolean failed = ferror(fp);
	fclose(fp);
	char *hex = digest_finish(&h);
	if (failed) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "read error");
		g_clear_pointer(&hex, g_free);
	}
	return hex;
}

char *qk_file_sha256(const char *path, GError **error)
{
	return qk_file_sha256_with(path, TRUE, error);
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
