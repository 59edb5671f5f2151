/*
 * keysort.h — internal to the extract stage: sorting glyph indices by a
 * 64-bit key (keysort.c). Not a public API.
 */
#ifndef QK_KEYSORT_H
#define QK_KEYSORT_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	guint64 key;
	guint idx;
} QkKeyed;

/* Sorts a[0..n) by key, stably: items with equal keys keep their order. */
void qk_keysort(QkKeyed *a, gsize n);

/* Sorts a[0..n) by key, then items with equal keys by second[idx] (by
 * idx itself when second is NULL), stably: the order of a stable sort by
 * second followed by one by key (one sort and a short one per group of
 * equal keys, not two). */
void qk_keysort2(QkKeyed *a, gsize n, const guint64 *second);

/* A key that orders as d does (−0 as 0; NaN after +∞). */
guint64 qk_key_double(double d);

G_END_DECLS

#endif
