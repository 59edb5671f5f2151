/* open.h — opening an issue PDF with one clear error per failure (internal). */
#ifndef QK_OPEN_H
#define QK_OPEN_H

#include <poppler.h>

G_BEGIN_DECLS

/* Opens path; on failure returns NULL with a one-line QK_ERROR message that
 * names the cause (missing, a directory, empty, not a PDF, damaged,
 * encrypted). The message does not repeat the file name: callers add it. */
PopplerDocument *qk_extract_open(const char *path, const char *password,
                                 GError **error);

G_END_DECLS

#endif
