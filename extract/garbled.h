/*
 * garbled.h — detecting text that comes out of fonts without a usable
 * ToUnicode map (internal to the extract stage).
 */
#ifndef QK_GARBLED_H
#define QK_GARBLED_H

#include <poppler.h>
#include "model.h"

G_BEGIN_DECLS

typedef struct {
	guint total;     /* characters other than white space */
	guint bad;       /* control characters, scripts and symbols a Chinese
	                  * periodical does not print, private use, U+FFFD */
	guint han;       /* Han characters */
	guint rare_han;  /* of those, outside the frequent sets (GB2312 level 1,
	                  * Big5 frequent): wrong-but-plausible Han junk */
} QkGarbledCount;

/* What counting needs: the GB2312 and Big5 converters, opened once, and a
 * memo of each Han character's class. Not shared between threads. */
typedef struct QkGarbled QkGarbled;

QkGarbled *qk_extract_garbled_new(void);
void qk_extract_garbled_free(QkGarbled *g);

/* Counts text's characters by kind (text must be valid UTF-8). */
void qk_extract_garbled_count(QkGarbled *g, const char *text, QkGarbledCount *c);
/* TRUE when the counts say the text is junk rather than words. */
gboolean qk_extract_garbled_verdict(const QkGarbledCount *c);
/* Checks the page's text as Poppler gives it (control characters and all;
 * NULL when none) and adds a "garbled-text" warning for page index when it
 * is junk. Returns TRUE when it warned. */
gboolean qk_extract_check_garbled(QkGarbled *g, QkIssue *issue, const char *text,
                                  int index);

G_END_DECLS

#endif
