/*
 * repair.h — internal to the extract stage: text-layer code points that a
 * producer's Latin or symbol font mis-maps to Han characters (方正/Founder:
 * 摇 for a space, 鄄 for a hyphen, 琢 for α), put right from the font the
 * glyph came from. Not a public API.
 */
#ifndef QK_REPAIR_H
#define QK_REPAIR_H

#include "glyphs.h"

G_BEGIN_DECLS

/* The mapping: derived for the GB2312 symbol rows, plus data/glyph-repairs.tsv
 * (and extra_file when given). Read-only once made: one per extract run,
 * shared by its reader threads. NULL + QK_ERROR_DATA error when malformed. */
typedef struct QkRepairs QkRepairs;
QkRepairs *qk_repairs_new(const char *extra_file, GError **error);
void qk_repairs_free(QkRepairs *r);

/* Repairs the glyphs of one page in place: a mapped glyph gets its drawn
 * code point (the text layer's is kept in QkGlyph.raw); one that draws a
 * space is dropped and leaves space_after on the glyph before it. Returns
 * the number of glyphs repaired; *summary (when given) gets a short
 * description ("摇→space ×40, 鄄→- ×12"), NULL when nothing was repaired. */
guint qk_repair_glyphs(const QkRepairs *r, QkGlyphPage *gp, char **summary);

G_END_DECLS

#endif
