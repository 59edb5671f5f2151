/* error.h — qikan's GError domain, shared by all stages. */
#ifndef QK_ERROR_H
#define QK_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define QK_ERROR (qk_error_quark())
GQuark qk_error_quark(void);

typedef enum {
	QK_ERROR_IO = 1,        /* cannot read or write a file */
	QK_ERROR_NOT_PDF,       /* not a PDF, empty, truncated beyond repair */
	QK_ERROR_ENCRYPTED,     /* needs a password (or the wrong one was given) */
	QK_ERROR_BAD_MODEL,     /* model XML malformed or invalid */
	QK_ERROR_LIMIT,         /* a size/time guard tripped */
	QK_ERROR_DATA,          /* a data file (units, patterns) is malformed */
	QK_ERROR_FAILED         /* anything else */
} QkErrorCode;

G_END_DECLS

#endif
