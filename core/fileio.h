/* fileio.h — small file helpers shared by the stages: atomic writes. */
#ifndef QK_FILEIO_H
#define QK_FILEIO_H

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

/* Writes data to path. A regular file (or a new one) is written via a
 * temporary file in the same folder and a rename: either the whole new file
 * is there or the old one is untouched. A symbolic link is followed and its
 * target replaced that way; a character device or FIFO is written through
 * (opened, never created or replaced); "-" is standard output. Anything else
 * (a folder, a block device, a socket) is refused. */
gboolean qk_file_write_atomic(const char *path, const char *data, gsize len,
                              GError **error);

/* Writes data to path, a new file (mode 0666 less the umask) in a folder
 * that nothing reads until it is complete: an existing path is refused; on
 * a failure the file is removed, FALSE + error. */
gboolean qk_file_write_new(const char *path, const char *data, gsize len,
                           GError **error);

/* A file written as a stream under a temporary name beside path and
 * renamed to path when complete, with qk_file_write_atomic's rules: "-" is
 * standard output, a symbolic link's target is replaced (never the link),
 * a character device or FIFO is written in place, a folder or other node
 * is refused. */
typedef struct QkAtomicFile QkAtomicFile;
/* Creates the temporary file (mode 0666 less the umask). */
QkAtomicFile *qk_atomic_file_new(const char *path, GError **error);
/* Where to write (borrowed; never closed by the caller). */
FILE *qk_atomic_file_stream(QkAtomicFile *f);
/* Flushes, syncs (always with sync, else only when it replaces a file),
 * closes and renames; frees f. On any failure, a write through the stream
 * before included, the temporary file (path.tmp-XXXXXX) is removed, path
 * is untouched, and FALSE + error. */
gboolean qk_atomic_file_commit(QkAtomicFile *f, gboolean sync, GError **error);
/* Closes and removes the temporary file; frees f (NULL is fine). */
void qk_atomic_file_abort(QkAtomicFile *f);

/* Reads a whole file, or standard input for "-". Refuses more than max bytes
 * (0: no limit) so a hostile input cannot make us allocate without bound. */
gboolean qk_file_read_all(const char *path, gsize max, char **data_out,
                          gsize *len_out, GError **error);

/* The SHA-256 of a file's bytes as 64 hex digits (caller frees), read in
 * blocks so a large PDF is never held in memory; NULL + error on failure. */
char *qk_file_sha256(const char *path, GError **error);
/* Loads nettle now, so processes forked later share it; FALSE when it
 * cannot be loaded (checksums then use GLib's implementation). */
gboolean qk_file_sha256_preload(void);
/* The same with use_nettle FALSE: GLib's implementation, never nettle's
 * (the tests hold the two to the same digests). */
char *qk_file_sha256_with(const char *path, gboolean use_nettle, GError **error);

/* Removes path and, for a real folder, everything below it. Symbolic links
 * are removed, never followed. Missing paths are not an error. */
void qk_file_remove_tree(const char *path);

/* A data file bundled into the binary (data/NAME, schema/qikan.rng as
 * "qikan.rng"), e.g. qk_data_lookup("units.tsv"). NULL + error when absent. */
GBytes *qk_data_lookup(const char *name, GError **error);

G_END_DECLS

#endif
