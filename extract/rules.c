/*
 * rules.c — a page's table rules.
 *
 * They are read from the page's vector drawing (vector.c, content.c): the
 * lines as drawn, with no font loaded. A page not readable that way is
 * rendered with cairo instead, and long, thin, dark strokes are traced in
 * the bitmap. There glyph boxes are masked first: text strokes (一, —,
 * underscores) never become rules, yet a rule that passes behind a glyph
 * box is bridged over it. Pieces from either source are merged alike.
 */
#include <math.h>
#include <cairo.h>
#include "fontcache.h"
#include "tables.h"
#include "vector.h"

enum {
	PX_DARK = 1,      /* dark enough to be ink of a rule */
	PX_MASK = 2,      /* inside a glyph box: neither ink nor paper */
	PX_HLINE = 4,     /* dark and thin vertically: may belong to a horizontal rule */
	PX_VLINE = 8      /* dark and thin horizontally */
};

/* Luminance below which a pixel counts as ink; light tints (cell shading)
 * stay paper. */
#define DARK_LUMA 190
/* Margin around glyph boxes that is masked too, in points. */
#define MASK_PAD 0.35
/* Height of a glyph's ink band, in em (see the masking below). */
#define INK_EM 1.1
/* Most pixels rendered for one page (an A3 page at 2 px/pt is 4 M). */
#define MAX_RENDER_PIXELS 16e6

typedef struct {
	int first, last;    /* lines (rows for horizontal rules) */
	int s, e;           /* inclusive pixel range along the line */
} Seg;

/* Marks pixels that are dark and thin: their dark run across the rule is
 * at most maxt pixels (a line, not a filled area). HLINE measures the run
 * down each column, VLINE along each row; both walk memory row by row. */
static void mark_thin(guint8 *px, int w, int h, int maxt)
{
	int *start = g_new(int, w);
	for (int x = 0; x < w; x++)
		start[x] = -1;
	for (int y = 0; y <= h; y++) {
		guint8 *row = y < h ? px + (gsize)y * w : NULL;
		int hs = -1;
		for (int x = 0; x <= w; x++) {
			gboolean dark = row && x < w && (row[x] & PX_DARK);
			if (!dark && hs < 0 && (x == w || start[x] < 0))
				continue;   /* paper, no run open */
			/* vertical runs, per column */
			if (x < w) {
				if (dark && start[x] < 0) {
					start[x] = y;
				} else if (!dark && start[x] >= 0) {
					if (y - start[x] <= maxt)
						for (int k = start[x]; k < y; k++)
							px[(gsize)k * w + x] |= PX_HLINE;
					start[x] = -1;
				}
			}
			/* horizontal runs, in this row */
			if (!row)
				continue;
			if (dark && hs < 0) {
				hs = x;
			} else if (!dark && hs >= 0) {
				if (x - hs <= maxt)
					for (int k = hs; k < x; k++)
						row[k] |= PX_VLINE;
				hs = -1;
			}
		}
	}
	g_free(start);
}

/* One run of rule pixels on one line (row or column). */
typedef struct {
	int line, s, e;
} Run;

/* State of a run being traced along one line. */
typedef struct {
	int s, e, gap, ink;
} Tracer;

/* Feeds pixel p at position a of a line; closes the run into runs when
 * it ends. Gaps of up to gapmax paper pixels and any number of masked
 * pixels are bridged; a run must be mostly ink. */
static void tracer_step(Tracer *t, guint8 p, guint8 flag, int line, int a,
                        int minlen, int gapmax, GArray *runs)
{
	if (p & flag) {
		if (t->s < 0) {
			t->s = a;
			t->ink = 0;
		}
		t->e = a;
		t->gap = 0;
		t->ink++;
		return;
	}
	if (t->s < 0 || ((p & PX_MASK) && a >= 0) || ++t->gap <= gapmax)
		return;
	if (t->e - t->s + 1 >= minlen && t->ink >= minlen && 2 * t->ink >= t->e - t->s + 1) {
		Run r = { line, t->s, t->e };
		g_array_append_val(runs, r);
	}
	t->s = -1;
}

static int cmp_run(gconstpointer pa, gconstpointer pb)
{
	const Run *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line - b->line;
	return a->s - b->s;
}

/* Groups runs on adjacent lines into segments (a rule is a few pixels
 * thick). */
static void join_runs(GArray *runs, GArray *segs)
{
	g_array_sort(runs, cmp_run);
	for (guint k = 0; k < runs->len; k++) {
		Run *ru = &g_array_index(runs, Run, k);
		int l = ru->line, s = ru->s, e = ru->e;
		gboolean joined = FALSE;
		for (int i = (int)segs->len - 1; i >= 0; i--) {
			Seg *g = &g_array_index(segs, Seg, i);
			if (g->first < l - 64)
				break;
			if (g->last != l - 1)
				continue;
			int ov = MIN(g->e, e) - MAX(g->s, s);
			if (ov > MIN(g->e - g->s, e - s) / 2) {
				g->last = l;
				g->s = MIN(g->s, s);
				g->e = MAX(g->e, e);
				joined = TRUE;
				break;
			}
		}
		if (!joined) {
			Seg g = { l, l, s, e };
			g_array_append_val(segs, g);
		}
	}
}

/* Traces horizontal and vertical runs in one row-major pass. */
static void trace(const guint8 *px, int w, int h, int minlen, int gapmax,
                  GArray *hruns, GArray *vruns)
{
	Tracer *col = g_new(Tracer, w);
	for (int x = 0; x < w; x++)
		col[x].s = -1;
	for (int y = 0; y < h; y++) {
		const guint8 *row = px + (gsize)y * w;
		Tracer t = { -1, 0, 0, 0 };
		for (int x = 0; x < w; x++) {
			guint8 p = row[x];
			if (!(p & PX_HLINE) && t.s < 0 && !(p & PX_VLINE) && col[x].s < 0)
				continue;   /* paper with nothing being traced: most pixels */
			tracer_step(&t, p, PX_HLINE, y, x, minlen, gapmax, hruns);
			tracer_step(&col[x], p, PX_VLINE, x, y, minlen, gapmax, vruns);
		}
		/* end of row: force the run closed */
		t.gap = gapmax;
		tracer_step(&t, 0, PX_HLINE, y, -1, minlen, gapmax, hruns);
	}
	for (int x = 0; x < w; x++) {
		col[x].gap = gapmax;
		tracer_step(&col[x], 0, PX_VLINE, x, -1, minlen, gapmax, vruns);
	}
	g_free(col);
}

static int cmp_rule(gconstpointer pa, gconstpointer pb)
{
	const QkRule *a = pa, *b = pb;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return (a->a > b->a) - (a->a < b->a);
}

static int cmp_rule_a(gconstpointer pa, gconstpointer pb)
{
	const QkRule *a = pa, *b = pb;
	return (a->a > b->a) - (a->a < b->a);
}

/* Merges collinear pieces (split by crossings or masked glyphs). */
static void merge_rules(GArray *in, GArray *out, double pos_tol, double gap_tol,
                        double min_len)
{
	g_array_sort(in, cmp_rule);
	guint i = 0;
	while (i < in->len) {
		guint j = i + 1;
		while (j < in->len && g_array_index(in, QkRule, j).pos -
		       g_array_index(in, QkRule, j - 1).pos <= pos_tol)
			j++;
		GArray *grp = g_array_new(FALSE, FALSE, sizeof(QkRule));
		g_array_append_vals(grp, &g_array_index(in, QkRule, i), j - i);
		g_array_sort(grp, cmp_rule_a);
		QkRule cur = g_array_index(grp, QkRule, 0);
		double wsum = cur.pos * (cur.b - cur.a), lsum = cur.b - cur.a;
		for (guint k = 1; k <= grp->len; k++) {
			QkRule *r = k < grp->len ? &g_array_index(grp, QkRule, k) : NULL;
			if (r && r->a <= cur.b + gap_tol) {
				cur.b = MAX(cur.b, r->b);
				cur.width = MAX(cur.width, r->width);
				wsum += r->pos * (r->b - r->a);
				lsum += r->b - r->a;
				continue;
			}
			cur.pos = lsum > 0 ? wsum / lsum : cur.pos;
			if (cur.b - cur.a >= min_len)
				g_array_append_val(out, cur);
			if (r) {
				cur = *r;
				wsum = cur.pos * (cur.b - cur.a);
				lsum = cur.b - cur.a;
			}
		}
		g_array_unref(grp);
		i = j;
	}
}

/* Rules from traced runs: pixel lines joined into segments, placed in
 * points (across from pos0, along from along0) and merged. */
static void runs_to_rules(GArray *runs, double pos0, double along0, double scale,
                          double min_len, GArray *rules)
{
	GArray *segs = g_array_new(FALSE, FALSE, sizeof(Seg));
	GArray *raw = g_array_new(FALSE, FALSE, sizeof(QkRule));
	join_runs(runs, segs);
	for (guint i = 0; i < segs->len; i++) {
		Seg *s = &g_array_index(segs, Seg, i);
		QkRule ru = { pos0 + (s->first + s->last + 1) / 2.0 / scale,
		              along0 + s->s / scale, along0 + (s->e + 1) / scale,
		              (s->last - s->first + 1) / scale };
		g_array_append_val(raw, ru);
	}
	merge_rules(raw, rules, 1.2, 2.5, min_len);
	g_array_unref(segs);
	g_array_unref(raw);
}

/* Renders the page at scale px/pt and traces rules longer than min_len
 * points. Glyph boxes are masked so that text strokes never become rules.
 * Appends to hrules / vrules (of QkRule). */
static void trace_rules(PopplerPage *page, const QkGlyphPage *gp, double scale,
                        double min_len, GArray *hrules, GArray *vrules)
{
	QkBox r = { 0, 0, MAX(gp->width, 0), MAX(gp->height, 0) };
	/* A huge page would take gigabytes at full scale (a 1 KB PDF with a
	 * 200 × 200 inch page did): render it coarser, within a pixel budget. */
	double pixels = MAX(r.x1 - r.x0, 0) * scale * MAX(r.y1 - r.y0, 0) * scale;
	if (pixels > MAX_RENDER_PIXELS)
		scale *= sqrt(MAX_RENDER_PIXELS / pixels);
	int w = (int)ceil((r.x1 - r.x0) * scale);
	int h = (int)ceil((r.y1 - r.y0) * scale);
	if (w < 4 || h < 4)
		return;

	/* Pages read on several threads render one at a time: cairo and
	 * Poppler's cairo output share caches and pools between documents, and
	 * concurrent renders race (ThreadSanitizer). */
	if (gp->render_lock)
		g_rec_mutex_lock(gp->render_lock);
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		if (gp->render_lock)
			g_rec_mutex_unlock(gp->render_lock);
		return;
	}
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	cairo_translate(cr, -r.x0, -r.y0);
	qk_font_cache_pause();   /* cairo makes its own fonts (fontcache.h) */
	poppler_page_render(page, cr);
	qk_font_cache_resume();
	cairo_destroy(cr);
	cairo_surface_flush(surf);

	const unsigned char *data = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf);
	guint8 *px = g_malloc0((gsize)w * h);
	for (int y = 0; y < h; y++) {
		const guint32 *row = (const guint32 *)(const void *)(data + (gsize)y * stride);
		for (int x = 0; x < w; x++) {
			guint32 v = row[x];
			if ((v & 0xffffff) == 0xffffff)
				continue;
			int luma = (int)(((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 +
			                 (v & 0xff) * 114) / 1000;
			if (luma < DARK_LUMA)
				px[(gsize)y * w + x] = PX_DARK;
		}
	}
	cairo_surface_destroy(surf);
	if (gp->render_lock)
		g_rec_mutex_unlock(gp->render_lock);

	/* Mask glyph boxes with a little margin: ink (antialiasing, substituted
	 * fonts) spills over the box. A rule running past a box is bridged. */
	for (guint i = 0; i < gp->glyphs->len; i++) {
		const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		if (g_unichar_isspace(g->ch))
			continue;
		/* CJK fonts report boxes of ascent + descent, ~1.45 em, while the
		 * ink spans about one em around the middle: in a tight table the
		 * box covers the rules above and below. Mask the ink band only. */
		double gy0 = g->box.y0, gy1 = g->box.y1;
		if (g->size > 0 && gy1 - gy0 > INK_EM * g->size) {
			double cy = (gy0 + gy1) / 2;
			gy0 = cy - INK_EM / 2 * g->size;
			gy1 = cy + INK_EM / 2 * g->size;
		}
		int x0 = (int)floor((g->box.x0 - MASK_PAD - r.x0) * scale);
		int x1 = (int)ceil((g->box.x1 + MASK_PAD - r.x0) * scale);
		int y0 = (int)lround((gy0 - MASK_PAD - r.y0) * scale);
		int y1 = (int)lround((gy1 + MASK_PAD - r.y0) * scale);
		x0 = MAX(x0, 0);
		y0 = MAX(y0, 0);
		x1 = MIN(x1, w);
		y1 = MIN(y1, h);
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++)
				px[(gsize)y * w + x] = PX_MASK;
	}

	int maxt = MAX(2, (int)ceil(2.5 * scale));   /* rules up to 2.5 pt thick */
	mark_thin(px, w, h, maxt);

	int minlen = MAX(4, (int)(min_len * scale * 0.5));
	int gapmax = maxt + 2;
	GArray *hruns = g_array_new(FALSE, FALSE, sizeof(Run));
	GArray *vruns = g_array_new(FALSE, FALSE, sizeof(Run));
	trace(px, w, h, minlen, gapmax, hruns, vruns);
	runs_to_rules(hruns, r.y0, r.x0, scale, min_len, hrules);
	runs_to_rules(vruns, r.x0, r.y0, scale, min_len, vrules);

	g_array_unref(hruns);
	g_array_unref(vruns);
	g_free(px);
}

void qk_tables_find_rules(QkVector *vec, PopplerPage *page, const QkGlyphPage *gp,
                          double scale, double min_len, GArray *hrules, GArray *vrules)
{
	GArray *hp = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *vp = g_array_new(FALSE, FALSE, sizeof(QkRule));
	/* a scanned page's drawing is its image: its rules are ink in it */
	if (!gp->ocr && qk_vector_rules(vec, gp->index, gp->width, gp->height, hp, vp)) {
		merge_rules(hp, hrules, 1.2, 2.5, min_len);
		merge_rules(vp, vrules, 1.2, 2.5, min_len);
	} else if (page) {
		trace_rules(page, gp, scale, min_len, hrules, vrules);
	}
	g_array_unref(hp);
	g_array_unref(vp);
}
