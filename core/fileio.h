/* fileio.h — small file helpers shared by the stages: atomic writes. */
#ifndef QK_FILEIO_H
#define QK_FILEIO_H

#include <glib.h>

G_BEGIN_DECLS

/* Writes data to path via a temporary file in the same folder and a rename:
 * either the whole new file is there or the old one is untouched. */
gboolean qk_file_write_atomic(const char *path, const char *data, gsize len,
                              GError **error);

/* Reads a whole file, or standard input for "-". Refuses more than max bytes
 * (0: no limit) so a hostile input cannot make us allocate without bound. */
gboolean qk_file_read_all(const char *path, gsize max, char **data_out,
                          gsize *len_out, GError **error);

/* A data file bundled into the binary (data/NAME, schema/qikan.rng as
 * "qikan.rng"), e.g. qk_data_lookup("units.tsv"). NULL + error when absent. */
GBytes *qk_data_lookup(const char *name, GError **error);

G_END_DECLS

#endif
