/*
 * content.h — internal to table detection: a PDF content stream read for
 * the straight lines it paints (content.c). Not a public API.
 *
 * Only the drawing that can make a table rule is followed: the graphics
 * state (q/Q, cm, line width and cap, colours), path construction and
 * painting, and form XObjects. Text, images and shadings are skipped, so
 * no font is ever loaded: this is what makes reading rules cheap.
 */
#ifndef QK_CONTENT_H
#define QK_CONTENT_H

#include "tables.h"

G_BEGIN_DECLS

/* Lines thicker than this (points) are bars or boxes, not rules; the same
 * bound the render tracer uses. */
#define QK_RULE_MAX_WIDTH 2.5

/* How the values of a colour space map to ink. */
typedef enum {
	QK_CS_GRAY,      /* 1 value, 0 = black */
	QK_CS_RGB,       /* 3 values */
	QK_CS_CMYK,      /* 4 values */
	QK_CS_TINT,      /* Separation / DeviceN: values are amounts of ink */
	QK_CS_INK        /* patterns, indexed, unknown: taken as dark ink */
} QkColorKind;

/* A form XObject found by its resource name. */
typedef struct {
	const guint8 *data; /* decoded content, owned by the resolver */
	gsize len;
	double matrix[6];   /* /Matrix */
	gpointer resources; /* its /Resources (the caller's when it has none) */
	gpointer priv;      /* the resolver's, for form_done */
} QkContentForm;

/* What the reader asks of the document. resources are opaque handles. */
typedef struct {
	/* Fills form for the XObject name (no leading slash) when it is a
	 * form; FALSE for an image or a missing name. */
	gboolean (*form)(gpointer ctx, gpointer resources, const char *name,
	                 QkContentForm *form);
	void (*form_done)(gpointer ctx, QkContentForm *form);
	/* The kind of the colour space resource name (no leading slash). */
	QkColorKind (*color_space)(gpointer ctx, gpointer resources, const char *name);
	gpointer ctx;
} QkContentResolver;

/* Reads the content stream data and appends every dark, thin, straight
 * horizontal or vertical piece it paints — stroked line segments and thin
 * filled bars — to hpieces / vpieces (of QkRule, unmerged, any length).
 * base maps user space to page space (top-left origin, points, the
 * page's rotation applied); pieces are clipped to the w × h page. resolver
 * may be NULL (no forms are followed then). Bounded in work and output
 * whatever the input. */
void qk_content_rules(const guint8 *data, gsize len, gpointer resources,
                      const double base[6], double w, double h,
                      const QkContentResolver *resolver,
                      GArray *hpieces, GArray *vpieces);

G_END_DECLS

#endif
