/* recache.h — GLib regular expressions compiled once per process.
 *
 * g_regex_match_simple() compiles its pattern on every call (~27,000
 * instructions for a short one), which structure's per-line tests paid
 * thousands of times an issue. A GRegex is immutable and matches from any
 * thread, so one compiled copy per (pattern, flags) serves every caller. */
#ifndef QK_RECACHE_H
#define QK_RECACHE_H

#include <glib.h>

G_BEGIN_DECLS

/* The compiled pattern, borrowed (lives until the process ends); NULL when
 * it does not compile. Compiled as g_regex_new(pattern, flags, 0). */
GRegex *qk_regex(const char *pattern, GRegexCompileFlags flags);

/* g_regex_match_simple() with the compiled pattern kept. */
gboolean qk_regex_match_simple(const char *pattern, const char *string,
                               GRegexCompileFlags flags, GRegexMatchFlags match);

G_END_DECLS

#endif
