/*
 * render.c — one PDF page as a PNG: Poppler draws it into a cairo image
 * surface on white, cairo encodes it. RGB24 keeps photos and coloured
 * boxes; the resolution is the caller's (the review page's default keeps a
 * 30-page issue near 10 MB).
 */
#include <math.h>
#include <cairo.h>
#include "render.h"
#include "error.h"

/* A hostile MediaBox must not make us allocate without bound. */
#define MAX_SIDE_PX 6000

static cairo_status_t append_png(void *closure, const unsigned char *data,
                                 unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

GBytes *qk_review_render_png(PopplerPage *page, double dpi, GError **error)
{
	double w = 0, h = 0;
	poppler_page_get_size(page, &w, &h);
	double scale = dpi / 72.0;
	if (!(w > 0 && h > 0) || w * scale > MAX_SIDE_PX || h * scale > MAX_SIDE_PX)
		scale = (w > 0 && h > 0) ? MIN(MAX_SIDE_PX / w, MAX_SIDE_PX / h) : 1;
	int pw = MAX(1, (int)ceil(w * scale)), ph = MAX(1, (int)ceil(h * scale));
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT, "cannot make a %d×%d image", pw, ph);
		cairo_surface_destroy(s);
		return NULL;
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	GByteArray *png = g_byte_array_new();
	cairo_status_t st = cairo_surface_write_to_png_stream(s, append_png, png);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED, "cannot encode a page image: %s",
		            cairo_status_to_string(st));
		g_byte_array_unref(png);
		return NULL;
	}
	return g_byte_array_free_to_bytes(png);
}
