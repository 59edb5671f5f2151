/*
 * fontcache.h — internal to extract: each font of a document made once by
 * Poppler, not once per page that draws with it (fontcache.cc says how).
 *
 * A cache belongs to one file: its reading threads, each with a document of
 * its own, share it (fontcache.cc says why that is safe). A thread makes it
 * current around its page reads (enter/leave); the first document whose
 * resources Poppler reads on the thread meanwhile is the thread's, any
 * other is read as Poppler alone reads it. Rendering pauses it. It is
 * freed before any of the documents is closed.
 */
#ifndef QK_FONTCACHE_H
#define QK_FONTCACHE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct QkFontCache QkFontCache;

/* A new, empty cache. Built without the cache (see extract/meson.build),
 * or with QK_NO_FONT_CACHE set in the environment (for tests comparing
 * outputs), it keeps nothing. */
QkFontCache *qk_font_cache_new(void);
/* Frees c and the fonts it holds; NULL is fine. Before the documents whose
 * fonts it holds are closed, and not while it is current on a thread. */
void qk_font_cache_free(QkFontCache *c);

/* Makes c (NULL: none) the cache of what Poppler reads on this thread
 * until qk_font_cache_leave. */
void qk_font_cache_enter(QkFontCache *c);
void qk_font_cache_leave(void);

/* Around a render on this thread (nestable): cairo interprets a Type 3
 * font's glyph procedures, which look up objects of the document the font
 * was made from, so a render makes its own fonts. */
void qk_font_cache_pause(void);
void qk_font_cache_resume(void);

/* For tests: fonts made and fonts found in a cache, over the process. */
typedef struct {
	guint64 made;    /* fonts made by Poppler, cached or not */
	guint64 reused;  /* fonts taken from a cache instead */
} QkFontCacheStats;
void qk_font_cache_stats(QkFontCacheStats *stats);

/* TRUE when this build caches fonts (the installed Poppler is the version
 * fontcache.cc copies). */
gboolean qk_font_cache_available(void);

G_END_DECLS

#endif
