/*
 * xmlio.h — the XML form of the issue model (schema/qikan.rng).
 *
 * One writer and one reader. The writer is deterministic (same model, same
 * bytes), so write → read → write is a fixed point; the tests hold it to that.
 */
#ifndef QK_XMLIO_H
#define QK_XMLIO_H

#include "model.h"

G_BEGIN_DECLS

/* Serialises the model; returns UTF-8 XML bytes (caller frees). */
char *qk_model_to_xml(const QkIssue *issue, gsize *len_out);

/* Parses model XML; name is used in error messages. NULL + error on failure. */
QkIssue *qk_model_from_xml(const char *data, gsize len, const char *name,
                           GError **error);

/* Reads a model XML file ("-" for stdin). */
QkIssue *qk_model_read_file(const char *path, GError **error);

/* Writes the model to path with qk_file_write_atomic: a regular file through
 * a temporary file and a rename, so a reader never sees a half-written file;
 * "-" is stdout; devices and FIFOs are written through, links followed. */
gboolean qk_model_write_file(const QkIssue *issue, const char *path,
                             GError **error);
/* The same with the pages and articles rendered on up to threads threads
 * (a few at a time, written in order): the same bytes. */
gboolean qk_model_write_file_threads(const QkIssue *issue, const char *path, int threads,
                                     GError **error);

/* Validates XML bytes against the bundled RelaxNG schema. */
gboolean qk_model_validate(const char *data, gsize len, GError **error);

/* The bundled schema text (borrowed, NUL-terminated). */
const char *qk_model_schema(gsize *len_out);

G_END_DECLS

#endif
