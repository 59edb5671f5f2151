/*
 * order.c — reading order by recursive column / band cuts (XY-cut).
 *
 * For a region (a set of lines):
 *   R. A printed rule (newspaper pages: pagerules.c) that no line of the
 *      region crosses cuts it, whatever the white beside it: a horizontal
 *      one reaching across the whole region, top first; else a vertical
 *      one three ems or more beside its lines, left first.
 *   0. A white band across the region over a headline, or over a
 *      continued part's （上接第4页）, parts stacked articles: top first,
 *      each part ordered again.
 *   1. x-coverage: how many lines cover each point of the region's width
 *      (a line's right edge without punctuation hanging past it, its left
 *      edge without an opening mark set past the column's edge).
 *   2. A gutter is a run of at least min_gap points that no line covers:
 *      the region is cut into columns, read left to right, each recursed —
 *      after a headline group sitting on top of the region on one side of
 *      the gutters, which is read first.
 *   3. Otherwise, when gutters are crossed by a few lines only (headlines
 *      spanning columns, a masthead, a caption across a spread):
 *      a. the topmost full-width band of white space next to such a
 *         spanning line cuts the region in two (masthead | rest, headline |
 *         columns), top first;
 *      b. else those lines, with the kicker, subtitle and byline centred on
 *         them, are "spanners": they cut the region into bands read top to
 *         bottom, each band recursed, each spanner read at its place.
 *   4. Else the gutters of the lines sharing their row with another (the
 *      rows of columns) cut bands as in 3b, every other line a spanner —
 *      but a full line of the right column starting inside the gutter (the
 *      rows showed its column's indented first line only) is none.
 *   5. Otherwise the region is one column: lines top to bottom.
 * Leaves (single columns) get an id; lines of one leaf are contiguous in
 * the output, so blocks.c groups paragraphs within a leaf.
 */
#include <math.h>
#include <string.h>
#include "layout.h"

typedef struct {
	double min_gap;   /* narrowest gutter, points */
	double body_size; /* typical text size: the unit of white space */
	int next_leaf;
	GPtrArray *out;
	const GArray *rules; /* of QkBox, may be NULL */
} OrderCtx;

static int cmp_y(gconstpointer a, gconstpointer b)
{
	const QkLLine *la = *(QkLLine *const *)a, *lb = *(QkLLine *const *)b;
	if (fabs(la->yc - lb->yc) > 0.3 * MIN(la->size, lb->size))
		return la->yc < lb->yc ? -1 : 1;
	return la->bbox.x0 < lb->bbox.x0 ? -1 : la->bbox.x0 > lb->bbox.x0;
}

static void emit_leaf(OrderCtx *ctx, GPtrArray *lines)
{
	g_ptr_array_sort(lines, cmp_y);
	int leaf = ctx->next_leaf++;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		l->leaf = leaf;
		g_ptr_array_add(ctx->out, l);
	}
}

typedef struct {
	double x0, x1;
} Gap;

static int cmp_double(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int cmp_gap(gconstpointer a, gconstpointer b)
{
	const Gap *x = a, *y = b;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Widest region looked at, points (a page is at most 14400). */
#define MAX_SPAN 100000.0

/* Finds runs of coverage <= limit at least min_gap wide, inside [lo, hi]. */
static GArray *find_gutters(GPtrArray *lines, double lo, double hi, int limit,
                            double min_gap, int *peak)
{
	/* Clamped as doubles: a damaged PDF's glyph or table 1e100 pt wide
	 * must neither overflow the int nor size the array (fuzz_extract). */
	double span = ceil(hi - lo);
	int w = (span > 0 ? (int)MIN(span, MAX_SPAN) : 0) + 2;
	int *cov = g_new0(int, w + 1);
	/* difference array: one pass over lines, one over the width */
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		double fa = floor(l->x0_core - lo), fb = ceil(l->x1_core - lo);
		int a = fa > 0 ? (int)MIN(fa, w) : 0, b = fb > 0 ? (int)MIN(fb, w) : 0;
		cov[a]++;
		cov[b]--;
	}
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(Gap));
	int run = 0, start = -1;
	*peak = 0;
	for (int x = 0; x < w; x++) {
		run += cov[x];
		*peak = MAX(*peak, run);
		if (run <= limit) {
			if (start < 0)
				start = x;
		} else if (start >= 0) {
			/* gaps touching the region's edges are margins, not gutters */
			if (start > 0 && x - start >= min_gap) {
				Gap g = { lo + start, lo + x };
				g_array_append_val(gaps, g);
			}
			start = -1;
		}
	}
	g_free(cov);
	return gaps;
}

static void order_region(OrderCtx *ctx, GPtrArray *lines, int depth);
static gboolean crosses(const QkLLine *l, GArray *gaps);

typedef struct {
	double y0, y1;
	gboolean left;
} Span;

static int cmp_span(gconstpointer a, gconstpointer b)
{
	const Span *x = a, *y = b;
	return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

/* Some line left of the gap shares a row with some line right of it: the
 * two sides are columns. (A lead box's last line, 受。, hanging out to the
 * left under its first: no row has both, so no gutter between them.) */
static gboolean sides_share_row(GPtrArray *lines, const Gap *g)
{
	GArray *sp = g_array_sized_new(FALSE, FALSE, sizeof(Span), lines->len);
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		Span s = { l->bbox.y0, l->bbox.y1, l->x1_core <= g->x0 + 1 };
		if (s.left || l->x0_core >= g->x1 - 1)
			g_array_append_val(sp, s);
	}
	g_array_sort(sp, cmp_span);
	double foot[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };  /* right, left */
	gboolean shared = FALSE;
	for (guint i = 0; i < sp->len && !shared; i++) {
		Span *s = &g_array_index(sp, Span, i);
		double h = s->y1 - s->y0;
		shared = foot[!s->left] > s->y0 + 0.3 * h;
		foot[s->left] = MAX(foot[s->left], s->y1);
	}
	g_array_free(sp, TRUE);
	return shared;
}

/* Keeps the gutters whose sides are columns. */
static void keep_shared(GPtrArray *lines, GArray *gaps)
{
	for (guint g = gaps->len; g-- > 0;)
		if (!sides_share_row(lines, &g_array_index(gaps, Gap, g)))
			g_array_remove_index(gaps, g);
}

/* Cuts at gutters nobody crosses: columns left to right. */
static gboolean cut_columns(OrderCtx *ctx, GPtrArray *lines, GArray *gaps, int depth)
{
	guint ncol = gaps->len + 1;
	GPtrArray **cols = g_new0(GPtrArray *, ncol);
	for (guint c = 0; c < ncol; c++)
		cols[c] = g_ptr_array_new();
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		double xc = (l->bbox.x0 + l->bbox.x1) / 2;
		guint c = 0;
		while (c < gaps->len && xc > g_array_index(gaps, Gap, c).x0)
			c++;
		g_ptr_array_add(cols[c], l);
	}
	for (guint c = 0; c < ncol; c++) {
		if (cols[c]->len)
			order_region(ctx, cols[c], depth + 1);
		g_ptr_array_free(cols[c], TRUE);
	}
	g_free(cols);
	return TRUE;
}

/* A line reaching into a (sparsely covered) gutter is one of the few lines
 * that cross it: a spanning line. */
static gboolean crosses(const QkLLine *l, GArray *gaps)
{
	for (guint g = 0; g < gaps->len; g++) {
		Gap *gp = &g_array_index(gaps, Gap, g);
		/* overlapping a good part of it: punctuation hanging a point
		 * into the gutter does not make a line spanning */
		double overlap = MIN(l->x1_core, gp->x1) - MAX(l->x0_core, gp->x0);
		if (overlap > 0.4 * (gp->x1 - gp->x0))
			return TRUE;
	}
	return FALSE;
}

/* The first line of a column of text: another line starts at the same x
 * right below it. (A column's first line can sit centred under a headline
 * that spans three columns; a byline there has no such line under it.) */
static gboolean heads_column(const QkLLine *l, GPtrArray *rest)
{
	double em = l->size > 0 ? l->size : 10;
	for (guint k = 0; k < rest->len; k++) {
		const QkLLine *m = g_ptr_array_index(rest, k);
		if (m != l && fabs(m->bbox.x0 - l->bbox.x0) < 0.5 * em &&
		    m->bbox.y0 >= l->bbox.y1 - 0.5 * em && m->bbox.y0 <= l->bbox.y1 + 1.5 * em)
			return TRUE;
	}
	return FALSE;
}

/* Lines centred on a spanning line and stacked right above or below it
 * (kicker, subtitle, byline under a headline) belong with it. */
static void add_satellites(GPtrArray *span, GPtrArray *rest, double em)
{
	gboolean grew = TRUE;
	while (grew) {
		grew = FALSE;
		for (guint r = 0; r < rest->len; r++) {
			QkLLine *l = g_ptr_array_index(rest, r);
			double lc = (l->bbox.x0 + l->bbox.x1) / 2;
			for (guint s = 0; s < span->len; s++) {
				QkLLine *sp = g_ptr_array_index(span, s);
				double sc = (sp->bbox.x0 + sp->bbox.x1) / 2;
				double gap = MAX(l->bbox.y0 - sp->bbox.y1, sp->bbox.y0 - l->bbox.y1);
				if (gap < em && fabs(lc - sc) < 1.0 * em &&
				    l->bbox.x1 - l->bbox.x0 < sp->bbox.x1 - sp->bbox.x0 &&
				    l->bbox.x0 > sp->bbox.x0 + em && !heads_column(l, rest)) {
					g_ptr_array_add(span, l);
					g_ptr_array_remove_index(rest, r);
					grew = TRUE;
					break;
				}
			}
			if (grew)
				break;
		}
	}
}

/* A full line of the column right of a gutter of the rows that starts
 * inside the gutter, a gutter's width or more right of its left edge: the
 * rows there show only an indented first line (the gutter looks an indent
 * wider than it is); the line is in that column, not across the columns.
 * Full: it reaches the right edge of the rows' lines beside it within an
 * em (a short line there, a TOC's name under its title, is left alone). */
static gboolean starts_inside(const QkLLine *l, GPtrArray *lines, GArray *gaps,
                              double min_gap)
{
	double em = l->size > 0 ? l->size : 10;
	for (guint g = 0; g < gaps->len; g++) {
		Gap *gp = &g_array_index(gaps, Gap, g);
		if (l->bbox.x0 < gp->x0 + min_gap || l->bbox.x0 >= gp->x1)
			continue;
		/* the right edge of the lines starting at the gutter's right
		 * edge, below the next gutter */
		double next = g + 1 < gaps->len ? g_array_index(gaps, Gap, g + 1).x0 : G_MAXDOUBLE;
		double right = -G_MAXDOUBLE;
		for (guint i = 0; i < lines->len; i++) {
			const QkLLine *m = g_ptr_array_index(lines, i);
			if (m != l && m->bbox.x0 >= gp->x1 - 1 && m->x1_core <= next + 1)
				right = MAX(right, m->x1_core);
		}
		if (right > -G_MAXDOUBLE && l->x1_core >= right - em)
			return TRUE;
	}
	return FALSE;
}

/* Lines crossing a sparsely covered gutter cut the region into bands;
 * with gutters of the rows, not those starting inside one. */
static gboolean cut_bands(OrderCtx *ctx, GPtrArray *lines, GArray *gaps,
                          gboolean rows, int depth)
{
	GPtrArray *span = g_ptr_array_new(), *rest = g_ptr_array_new();
	gboolean sides = FALSE, dropped = TRUE;
	while (gaps->len && !sides && dropped) {
		dropped = FALSE;
		g_ptr_array_set_size(span, 0);
		g_ptr_array_set_size(rest, 0);
		for (guint i = 0; i < lines->len; i++) {
			QkLLine *l = g_ptr_array_index(lines, i);
			gboolean across = crosses(l, gaps) &&
			                  !(rows && starts_inside(l, lines, gaps, ctx->min_gap));
			g_ptr_array_add(across ? span : rest, l);
		}
		add_satellites(span, rest, ctx->body_size);
		/* a real gutter has text on both sides; one of the rows' gutters
		 * with a single line beside it set larger than the text (a last
		 * column holding only its heading, over a table across the page:
		 * weasyprint-mag-115 p8) is left out, and the others cut */
		sides = TRUE;
		for (guint g = gaps->len; g-- > 0;) {
			Gap *gp = &g_array_index(gaps, Gap, g);
			int left = 0, right = 0;
			const QkLLine *lone_l = NULL, *lone_r = NULL;
			for (guint i = 0; i < rest->len; i++) {
				QkLLine *l = g_ptr_array_index(rest, i);
				if (l->x1_core <= gp->x0 + 1) {
					left++;
					lone_l = l;
				}
				if (l->x0_core >= gp->x1 - 1) {
					right++;
					lone_r = l;
				}
			}
			if (left >= 2 && right >= 2)
				continue;
			sides = FALSE;
			const QkLLine *lone = left == 1 ? lone_l : right == 1 ? lone_r : NULL;
			if (!rows || lone == NULL || lone->size < 1.05 * ctx->body_size) {
				dropped = FALSE;
				break;
			}
			g_array_remove_index(gaps, g);
			dropped = TRUE;
		}
	}
	if (!span->len || !rest->len || !sides) {
		g_ptr_array_free(span, TRUE);
		g_ptr_array_free(rest, TRUE);
		return FALSE;
	}
	g_ptr_array_sort(span, cmp_y);
	g_ptr_array_sort(rest, cmp_y);
	/* walk spanners top to bottom; the lines above each one form a band */
	guint r = 0;
	GPtrArray *band = g_ptr_array_new();
	for (guint s = 0; s <= span->len; s++) {
		QkLLine *sp = s < span->len ? g_ptr_array_index(span, s) : NULL;
		while (r < rest->len) {
			QkLLine *l = g_ptr_array_index(rest, r);
			if (sp && l->yc >= sp->yc)
				break;
			g_ptr_array_add(band, l);
			r++;
		}
		if (band->len) {
			order_region(ctx, band, depth + 1);
			g_ptr_array_set_size(band, 0);
		}
		if (sp) {
			/* consecutive spanners (a two-line headline) share a leaf */
			GPtrArray *group = g_ptr_array_new();
			g_ptr_array_add(group, sp);
			while (s + 1 < span->len) {
				QkLLine *nx = g_ptr_array_index(span, s + 1);
				if (r < rest->len &&
				    ((QkLLine *)g_ptr_array_index(rest, r))->yc < nx->yc)
					break;
				g_ptr_array_add(group, nx);
				s++;
			}
			emit_leaf(ctx, group);
			for (guint k = 0; k < group->len; k++)
				((QkLLine *)g_ptr_array_index(group, k))->column = -1;
			g_ptr_array_free(group, TRUE);
		}
	}
	g_ptr_array_free(band, TRUE);
	g_ptr_array_free(span, TRUE);
	g_ptr_array_free(rest, TRUE);
	return TRUE;
}

static int cmp_top(gconstpointer a, gconstpointer b)
{
	const QkLLine *la = *(QkLLine *const *)a, *lb = *(QkLLine *const *)b;
	return la->bbox.y0 < lb->bbox.y0 ? -1 : la->bbox.y0 > lb->bbox.y0;
}

/* Orders lines sorted by their top as two regions, sorted[0..cut] above
 * the rest, and frees sorted. */
static void cut_sorted(OrderCtx *ctx, GPtrArray *sorted, int cut, int depth)
{
	GPtrArray *top = g_ptr_array_new(), *rest = g_ptr_array_new();
	for (guint i = 0; i < sorted->len; i++)
		g_ptr_array_add((int)i <= cut ? top : rest, g_ptr_array_index(sorted, i));
	g_ptr_array_free(sorted, TRUE);
	order_region(ctx, top, depth + 1);
	order_region(ctx, rest, depth + 1);
	g_ptr_array_free(top, TRUE);
	g_ptr_array_free(rest, TRUE);
}

/* A horizontal cut: the topmost band of white space across the whole region
 * (at least one em high) that touches a spanning line above or below it —
 * a headline, a masthead — splits the region in two, top read first. White
 * space between column lines alone never cuts (aligned baselines). */
static gboolean cut_across(OrderCtx *ctx, GPtrArray *lines, GArray *gaps, int depth)
{
	GPtrArray *sorted = g_ptr_array_sized_new(lines->len);
	for (guint i = 0; i < lines->len; i++)
		g_ptr_array_add(sorted, g_ptr_array_index(lines, i));
	g_ptr_array_sort(sorted, cmp_top);
	double bottom = -G_MAXDOUBLE;
	int cut = -1;
	for (guint i = 0; i + 1 < sorted->len && cut < 0; i++) {
		QkLLine *l = g_ptr_array_index(sorted, i);
		bottom = MAX(bottom, l->bbox.y1);
		QkLLine *nx = g_ptr_array_index(sorted, i + 1);
		if (nx->bbox.y0 - bottom < ctx->body_size)
			continue;
		/* lines touching the white band from above and below */
		gboolean span = FALSE;
		for (guint k = 0; k < sorted->len && !span; k++) {
			QkLLine *m = g_ptr_array_index(sorted, k);
			gboolean above = k <= i && m->bbox.y1 > bottom - 2.5 * ctx->body_size;
			gboolean below = k > i && m->bbox.y0 < nx->bbox.y0 + 2.5 * ctx->body_size;
			span = (above || below) && crosses(m, gaps);
		}
		if (span)
			cut = (int)i;
	}
	if (cut < 0) {
		g_ptr_array_free(sorted, TRUE);
		return FALSE;
	}
	for (guint i = 0; i < sorted->len; i++) {
		QkLLine *l = g_ptr_array_index(sorted, i);
		if (crosses(l, gaps))
			l->column = -1;  /* spanning: no column of its own */
	}
	cut_sorted(ctx, sorted, cut, depth);
	return TRUE;
}

/* A white band parts what is above it from what is below unless some
 * stretch of the region, a third of its width or more, stays white from
 * 2.5 em above the band to 2.5 em below it: a picture beside the end of a
 * column (lines cannot see pictures), around which the column goes on. */
static gboolean band_parts(GPtrArray *sorted, double top, double bottom, double em)
{
	double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(Gap));
	for (guint k = 0; k < sorted->len; k++) {
		QkLLine *m = g_ptr_array_index(sorted, k);
		lo = MIN(lo, m->bbox.x0);
		hi = MAX(hi, m->bbox.x1);
		if (m->bbox.y1 > top - 2.5 * em && m->bbox.y0 < bottom + 2.5 * em) {
			Gap g = { m->bbox.x0, m->bbox.x1 };
			g_array_append_val(spans, g);
		}
	}
	g_array_sort(spans, cmp_gap);
	double end = lo, widest = 0;
	for (guint k = 0; k < spans->len; k++) {
		Gap *g = &g_array_index(spans, Gap, k);
		widest = MAX(widest, g->x0 - end);
		end = MAX(end, g->x1);
	}
	widest = MAX(widest, hi - end);
	g_array_free(spans, TRUE);
	return widest < (hi - lo) / 3;
}

/* The region's common column width: the median width of its lines of
 * body text (G_MAXDOUBLE when it has none). */
static double body_measure(GPtrArray *lines, double body_size)
{
	GArray *w = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint k = 0; k < lines->len; k++) {
		QkLLine *m = g_ptr_array_index(lines, k);
		if (fabs(m->size - body_size) <= 0.1 * body_size) {
			double x = m->bbox.x1 - m->bbox.x0;
			g_array_append_val(w, x);
		}
	}
	double med = G_MAXDOUBLE;
	if (w->len) {
		g_array_sort(w, cmp_double);
		med = g_array_index(w, double, w->len / 2);
	}
	g_array_free(w, TRUE);
	return med;
}

/* A display line (sorted[k]) over a gutter of the text under it: two lines
 * of text side by side on one row within six em below it, the white between
 * them wholly under the display line. It heads several columns, however
 * narrow it is (a headline over two of four columns, a picture beside it). */
static gboolean heads_gutter(GPtrArray *sorted, guint k, double body_size)
{
	const QkLLine *h = g_ptr_array_index(sorted, k);
	for (guint a = k + 1; a < sorted->len; a++) {
		const QkLLine *p = g_ptr_array_index(sorted, a);
		if (p->bbox.y0 > h->bbox.y1 + 6 * body_size)
			break;
		if (fabs(p->size - body_size) > 0.1 * body_size)
			continue;
		for (guint b = a + 1; b < sorted->len; b++) {
			const QkLLine *q = g_ptr_array_index(sorted, b);
			if (q->bbox.y0 >= p->bbox.y1)
				break;
			if (fabs(q->size - body_size) > 0.1 * body_size)
				continue;
			const QkLLine *l = p->bbox.x0 < q->bbox.x0 ? p : q, *r = l == p ? q : p;
			if (l->x1_core < r->bbox.x0 && l->x1_core > h->bbox.x0 &&
			    r->bbox.x0 < h->bbox.x1)
				return TRUE;
		}
	}
	return FALSE;
}

/* A row of columns lies between the top of sorted[from] and headline h:
 * two body-size lines side by side, both above h and most of a column wide
 * (two articles' kickers side by side are short). The band over them is
 * white between rows (a design leaded loosely leaves most of an em there),
 * not the one over h. */
static gboolean row_before(GPtrArray *sorted, guint from, const QkLLine *h, double body_size,
                           double measure)
{
	for (guint a = from; a < sorted->len; a++) {
		const QkLLine *p = g_ptr_array_index(sorted, a);
		if (p->bbox.y0 >= h->bbox.y0)
			break;
		if (p == h || p->bbox.y1 > h->bbox.y0 || fabs(p->size - body_size) > 0.1 * body_size ||
		    p->bbox.x1 - p->bbox.x0 < 0.6 * measure)
			continue;
		for (guint b = from; b < sorted->len; b++) {
			const QkLLine *q = g_ptr_array_index(sorted, b);
			if (q->bbox.y0 >= h->bbox.y0)
				break;
			if (q != p && q->bbox.y1 <= h->bbox.y0 &&
			    fabs(q->size - body_size) <= 0.1 * body_size &&
			    q->bbox.x1 - q->bbox.x0 >= 0.6 * measure &&
			    MIN(p->bbox.y1, q->bbox.y1) > MAX(p->bbox.y0, q->bbox.y0) &&
			    (q->bbox.x0 >= p->x1_core || p->bbox.x0 >= q->x1_core))
				return TRUE;
		}
	}
	return FALSE;
}

/* A band of white space across the whole region, three quarters of an em
 * high or more, with a headline right below it (set 1.25 times the body
 * size or more and wider than a column, or 1.5 times the body size; or a
 * continued part's opening jump line, resumes_under), parts
 * articles stacked on the page: the region is cut there, top first,
 * whatever the columns above and below — a newspaper's articles each have
 * their own grid, so no gutter runs through the page, and two stacked
 * magazine articles may share one (reading the columns first would run
 * them together). The topmost such band cuts; the parts are ordered
 * again. */
/* The white between line l and the line of its column right above it
 * (overlapping it across, its size): the column's leading there; -1 when
 * none is above. sorted by top; l is sorted[i]. */
static double leading_above(GPtrArray *sorted, guint i, const QkLLine *l)
{
	double best = -1;
	for (guint k = 0; k < i; k++) {
		const QkLLine *p = g_ptr_array_index(sorted, k);
		if (p->bbox.y1 > l->bbox.y0 || fabs(p->size - l->size) > 0.1 * l->size ||
		    MIN(p->x1_core, l->x1_core) <= MAX(p->bbox.x0, l->bbox.x0))
			continue;
		double g = l->bbox.y0 - p->bbox.y1;
		if (best < 0 || g < best)
			best = g;
	}
	return best;
}

/* sorted[i] (sorted by top) is a kicker over the headline head: larger
 * than the text, smaller than head, narrower and centred on it (within an
 * em), above it, alone on its row and the lowest line so far. */
static gboolean kicker_of(GPtrArray *sorted, guint i, const QkLLine *head,
                          double body_size)
{
	const QkLLine *l = g_ptr_array_index(sorted, i);
	if (head == NULL || l->size < 1.1 * body_size || l->size >= head->size ||
	    l->bbox.y1 > head->bbox.y0 ||
	    l->bbox.x1 - l->bbox.x0 >= head->bbox.x1 - head->bbox.x0 ||
	    fabs(l->bbox.x0 + l->bbox.x1 - head->bbox.x0 - head->bbox.x1) / 2 > l->size)
		return FALSE;
	for (guint k = 0; k < i; k++) {
		const QkLLine *m = g_ptr_array_index(sorted, k);
		if (m->bbox.y1 > l->bbox.y0 + 0.3 * l->size)
			return FALSE;
	}
	return TRUE;
}

/* A continued part's opening line (（上接第4页）) on the first row under a
 * band (sorted[from] is its topmost line): the part's columns start
 * there, as an article's start under its headline — an article ending in
 * balanced columns over it on the same page is read first. */
static gboolean resumes_under(GPtrArray *sorted, guint from)
{
	const QkLLine *nx = g_ptr_array_index(sorted, from);
	for (guint k = from; k < sorted->len; k++) {
		const QkLLine *m = g_ptr_array_index(sorted, k);
		if (m->bbox.y0 >= nx->bbox.y1)
			break;
		if (m->resumes)
			return TRUE;
	}
	return FALSE;
}

static gboolean cut_display_band(OrderCtx *ctx, GPtrArray *lines, int depth)
{
	GPtrArray *sorted = g_ptr_array_sized_new(lines->len);
	for (guint i = 0; i < lines->len; i++)
		g_ptr_array_add(sorted, g_ptr_array_index(lines, i));
	g_ptr_array_sort(sorted, cmp_top);
	double bottom = -G_MAXDOUBLE, reach = 2.5 * ctx->body_size;
	double measure = body_measure(lines, ctx->body_size);
	const QkLLine *above = NULL;  /* the line whose foot is the band's top */
	const QkLLine *head = NULL;   /* the headline under the band */
	int cut = -1;
	for (guint i = 0; i + 1 < sorted->len && cut < 0; i++) {
		QkLLine *l = g_ptr_array_index(sorted, i);
		if (l->bbox.y1 > bottom) {
			bottom = l->bbox.y1;
			above = l;
		}
		QkLLine *nx = g_ptr_array_index(sorted, i + 1);
		/* the lines of one headline are no band apart */
		if (nx->bbox.y0 - bottom < 0.75 * ctx->body_size ||
		    above->size >= 1.25 * ctx->body_size)
			continue;
		gboolean spans = FALSE, headline = FALSE;
		for (guint k = i + 1; k < sorted->len; k++) {
			QkLLine *m = g_ptr_array_index(sorted, k);
			if (m->bbox.y0 >= nx->bbox.y0 + reach)
				break;
			if (m->size < 1.25 * ctx->body_size || row_before(sorted, i + 1, m, ctx->body_size, measure))
				continue;
			spans |= m->bbox.x1 - m->bbox.x0 > 1.3 * measure ||
			         heads_gutter(sorted, k, ctx->body_size);
			headline |= m->size >= 1.5 * ctx->body_size;
			if (head == NULL)
				head = m;
		}
		/* a headline within one column (not a section heading, set
		 * smaller) cuts only where no picture keeps a column going, and
		 * where the white between two rows of a column (lines of its
		 * size on both sides) is wider than its leading above (a loosely
		 * leaded column's short last lines right above a section banner
		 * are no band apart) */
		double lead = -1;
		if (!spans && headline && fabs(nx->size - above->size) <= 0.1 * above->size &&
		    MIN(nx->x1_core, above->x1_core) > MAX(nx->bbox.x0, above->bbox.x0))
			lead = leading_above(sorted, i, above);
		if (spans || ((headline || resumes_under(sorted, i + 1)) &&
		              band_parts(sorted, bottom, nx->bbox.y0, ctx->body_size) &&
		              (lead < 0 || nx->bbox.y0 - bottom > lead + 0.2 * ctx->body_size)))
			cut = (int)i;
		else
			head = NULL;
	}
	/* the headline's kicker, set close under the columns above the band,
	 * goes with the headline */
	while (cut > 0 && kicker_of(sorted, (guint)cut, head, ctx->body_size))
		cut--;
	if (cut < 0) {
		g_ptr_array_free(sorted, TRUE);
		return FALSE;
	}
	cut_sorted(ctx, sorted, cut, depth);
	return TRUE;
}

/* A headline group on top of a region split by gutters: the topmost lines,
 * clear of everything below them, holding a display line (a headline with
 * its kicker and byline), and all on one side of every gutter, are read
 * before the columns under and beside them. So is a group of lines centred
 * on the region, narrower than it (a subtitle or byline under a headline
 * already cut off, over the middle one of three columns). A group on both
 * sides of a gutter (two articles' headlines side by side) is not cut
 * off. */
static gboolean cut_headline(OrderCtx *ctx, GPtrArray *lines, GArray *gaps, int depth)
{
	GPtrArray *sorted = g_ptr_array_sized_new(lines->len);
	for (guint i = 0; i < lines->len; i++)
		g_ptr_array_add(sorted, g_ptr_array_index(lines, i));
	g_ptr_array_sort(sorted, cmp_top);
	QkLLine *first = g_ptr_array_index(sorted, 0);
	double bottom = first->bbox.y1;
	guint n = 1;
	while (n < sorted->len) {
		QkLLine *l = g_ptr_array_index(sorted, n);
		if (l->bbox.y0 >= bottom + 0.25 * ctx->body_size)
			break;
		bottom = MAX(bottom, l->bbox.y1);
		n++;
	}
	gboolean ok = n < sorted->len && n <= 5;
	gboolean display = FALSE, centred = TRUE;
	double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		lo = MIN(lo, l->bbox.x0);
		hi = MAX(hi, l->bbox.x1);
	}
	for (guint i = 0; i < n && ok; i++) {
		QkLLine *l = g_ptr_array_index(sorted, i);
		display |= l->size >= 1.25 * ctx->body_size;
		centred &= fabs(l->bbox.x0 + l->bbox.x1 - lo - hi) / 2 <= ctx->body_size &&
		           l->bbox.x1 - l->bbox.x0 <= 0.6 * (hi - lo);
	}
	ok = ok && (display || centred);
	for (guint g = 0; g < gaps->len && ok; g++) {
		Gap *gp = &g_array_index(gaps, Gap, g);
		int left = 0, right = 0;
		for (guint i = 0; i < n; i++) {
			QkLLine *l = g_ptr_array_index(sorted, i);
			left += l->x1_core <= gp->x0 + 1;
			right += l->x0_core >= gp->x1 - 1;
		}
		ok = left == (int)n || right == (int)n;
	}
	if (!ok) {
		g_ptr_array_free(sorted, TRUE);
		return FALSE;
	}
	GPtrArray *top = g_ptr_array_new(), *rest = g_ptr_array_new();
	for (guint i = 0; i < sorted->len; i++) {
		QkLLine *l = g_ptr_array_index(sorted, i);
		if (i < n)
			l->column = -1;
		g_ptr_array_add(i < n ? top : rest, l);
	}
	g_ptr_array_free(sorted, TRUE);
	emit_leaf(ctx, top);
	order_region(ctx, rest, depth + 1);
	g_ptr_array_free(top, TRUE);
	g_ptr_array_free(rest, TRUE);
	return TRUE;
}

/* The lines of a region that share their row with another line beside
 * them: the rows of its columns, without the headline, kicker, byline and
 * lead box set alone on their rows across the columns or centred on them. */
static GPtrArray *row_lines(GPtrArray *lines)
{
	GPtrArray *rows = g_ptr_array_new();
	for (guint k = 0; k < lines->len; k++) {
		QkLLine *m = g_ptr_array_index(lines, k);
		gboolean mate = FALSE;
		for (guint j = 0; j < lines->len && !mate && m->table < 0; j++) {
			QkLLine *o = g_ptr_array_index(lines, j);
			mate = o != m && o->table < 0 &&
			       MIN(m->bbox.y1, o->bbox.y1) > MAX(m->bbox.y0, o->bbox.y0) &&
			       (o->x0_core >= m->x1_core || m->x0_core >= o->x1_core);
		}
		if (mate)
			g_ptr_array_add(rows, m);
	}
	return rows;
}

/* A line's ink band across: its centre ± 0.4 of its size (CJK boxes are
 * taller than the ink, and a rule set tight under a row touches them). */
static gboolean line_across(const QkLLine *l, double y)
{
	double s = l->size > 0 ? l->size : 10;
	return y > l->yc - 0.4 * s && y < l->yc + 0.4 * s;
}

/* Step R: the topmost horizontal rule across the whole region with lines
 * above and below it and none across it, else the leftmost vertical rule
 * beside the region's lines for three ems or more with lines on both sides
 * and none across it. The region is cut there and both parts ordered. */
static gboolean cut_rules(OrderCtx *ctx, GPtrArray *lines, int depth)
{
	if (!ctx->rules || !ctx->rules->len)
		return FALSE;
	double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, top = G_MAXDOUBLE, bot = -G_MAXDOUBLE;
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *l = g_ptr_array_index(lines, i);
		lo = MIN(lo, l->x0_core);
		hi = MAX(hi, l->x1_core);
		top = MIN(top, l->yc);
		bot = MAX(bot, l->yc);
	}
	double em = ctx->body_size, best = G_MAXDOUBLE;
	gboolean across = FALSE;
	for (guint r = 0; r < ctx->rules->len; r++) {
		const QkBox *b = &g_array_index(ctx->rules, QkBox, r);
		gboolean horiz = b->x1 - b->x0 > b->y1 - b->y0;
		double at = horiz ? (b->y0 + b->y1) / 2 : (b->x0 + b->x1) / 2;
		if (horiz ? at <= top || at >= bot || b->x0 > lo + em || b->x1 < hi - em
		          : at <= lo || at >= hi || MIN(b->y1, bot) - MAX(b->y0, top) < 3 * em)
			continue;
		if ((across && !horiz) || (horiz == across && at >= best))
			continue;
		int before = 0, after = 0;
		gboolean crossed = FALSE;
		for (guint i = 0; i < lines->len && !crossed; i++) {
			const QkLLine *l = g_ptr_array_index(lines, i);
			crossed = horiz ? line_across(l, at) : l->x0_core < at && l->x1_core > at;
			before += horiz ? l->yc < at : l->x1_core <= at;
			after += horiz ? l->yc > at : l->x0_core >= at;
		}
		if (!crossed && before && after) {
			best = at;
			across = horiz;
		}
	}
	if (best == G_MAXDOUBLE)
		return FALSE;
	GPtrArray *first = g_ptr_array_new(), *rest = g_ptr_array_new();
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		gboolean in_first = across ? l->yc < best : l->x1_core <= best;
		g_ptr_array_add(in_first ? first : rest, l);
	}
	order_region(ctx, first, depth + 1);
	order_region(ctx, rest, depth + 1);
	g_ptr_array_free(first, TRUE);
	g_ptr_array_free(rest, TRUE);
	return TRUE;
}

static void order_region(OrderCtx *ctx, GPtrArray *lines, int depth)
{
	if (lines->len < 2 || depth > 40) {
		emit_leaf(ctx, lines);
		return;
	}
	if (cut_rules(ctx, lines, depth))
		return;
	double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		lo = MIN(lo, l->bbox.x0);
		hi = MAX(hi, l->bbox.x1);
	}
	if (cut_display_band(ctx, lines, depth))
		return;
	int peak = 0;
	GArray *gaps = find_gutters(lines, lo, hi, 0, ctx->min_gap, &peak);
	keep_shared(lines, gaps);
	if (gaps->len && cut_headline(ctx, lines, gaps, depth)) {
		g_array_free(gaps, TRUE);
		return;
	}
	if (gaps->len) {
		cut_columns(ctx, lines, gaps, depth);
		g_array_free(gaps, TRUE);
		return;
	}
	g_array_free(gaps, TRUE);
	if (lines->len < 3) {
		emit_leaf(ctx, lines);
		return;
	}
	/* a horizontal cut needs white space next to a spanning line, so it
	 * may look for gutters generously (crossed by up to a quarter of the
	 * densest coverage: a page head of a few lines over two columns) */
	int dense = peak;
	int wide = MAX(2, dense / 4);
	if (dense >= 2 * wide) {
		gaps = find_gutters(lines, lo, hi, wide, 1.5 * ctx->min_gap, &peak);
		gboolean done = gaps->len && cut_across(ctx, lines, gaps, depth);
		g_array_free(gaps, TRUE);
		if (done)
			return;
	}
	/* sparse gutters: crossed by a few lines only (at most an eighth of the
	 * densest coverage, at least one line) */
	int limit = MAX(1, dense / 8);
	if (dense >= 3 * limit) {
		gaps = find_gutters(lines, lo, hi, limit, 1.5 * ctx->min_gap, &peak);
		gboolean done = gaps->len && cut_bands(ctx, lines, gaps, FALSE, depth);
		g_array_free(gaps, TRUE);
		if (done)
			return;
	}
	/* gutters of the rows of columns alone: the lines set alone on their
	 * rows (a headline, its kicker and byline, a lead box, a table across
	 * the page) span them, however many they are beside a few rows */
	GPtrArray *rows = row_lines(lines);
	gaps = rows->len >= 4 ? find_gutters(rows, lo, hi, 0, ctx->min_gap, &peak)
	                      : g_array_new(FALSE, FALSE, sizeof(Gap));
	g_ptr_array_free(rows, TRUE);
	gboolean done = gaps->len && cut_bands(ctx, lines, gaps, TRUE, depth);
	g_array_free(gaps, TRUE);
	if (!done)
		emit_leaf(ctx, lines);
}

/* Columns: non-spanning leaves numbered by their left edge, edges closer
 * than tol counting as one column. */
static void assign_columns(GPtrArray *lines, int n_leaves, double tol)
{
	double *left = g_new(double, n_leaves);
	int *count = g_new0(int, n_leaves);
	for (int i = 0; i < n_leaves; i++)
		left[i] = G_MAXDOUBLE;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		if (l->column != -1) {
			left[l->leaf] = MIN(left[l->leaf], l->bbox.x0);
			count[l->leaf]++;
		}
	}
	/* columns are defined by leaves of running text (three lines or
	 * more); a short leaf (a masthead box, a caption) takes the column
	 * its left edge falls in */
	int most = 0;
	for (int i = 0; i < n_leaves; i++)
		most = MAX(most, count[i]);
	GArray *edges = g_array_new(FALSE, FALSE, sizeof(double));
	for (int i = 0; i < n_leaves; i++)
		if (left[i] < G_MAXDOUBLE && (count[i] >= 3 || most < 3))
			g_array_append_val(edges, left[i]);
	g_array_sort(edges, cmp_double);
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		if (l->column == -1)
			continue;
		/* a leaf aligned with no column (a centred title or byline, a
		 * cover) belongs to none; so does everything on a page without
		 * running text */
		double near = G_MAXDOUBLE;
		for (guint e = 0; e < edges->len; e++)
			near = MIN(near, fabs(g_array_index(edges, double, e) - left[l->leaf]));
		if (most < 3 || near > tol / 3) {
			l->column = -1;
			continue;
		}
		int col = 0;
		double prev = -G_MAXDOUBLE;
		for (guint e = 0; e < edges->len; e++) {
			double x = g_array_index(edges, double, e);
			if (x > left[l->leaf] + tol / 2)
				break;
			if (prev > -G_MAXDOUBLE && x - prev > tol)
				col++;
			prev = x;
		}
		l->column = col;
	}
	g_array_free(edges, TRUE);
	g_free(count);
	g_free(left);
}

void qk_layout_order(GPtrArray *lines, double body_size, QkPatterns *pats,
                     const GArray *rules)
{
	if (!lines->len)
		return;
	/* a jump line that opens a part: 上接/接/续, never 下转/转 */
	for (guint i = 0; i < lines->len && pats; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		l->resumes = l->table < 0 && !strstr(l->text->str, "转") &&
		             qk_pat_match(pats, QK_PAT_CONTINUATION, l->text->str, NULL);
	}
	OrderCtx ctx = { 0 };
	ctx.min_gap = MAX(0.6 * body_size, 4.0);
	ctx.body_size = body_size;
	ctx.rules = rules;
	ctx.out = g_ptr_array_sized_new(lines->len);
	GPtrArray *in = g_ptr_array_new();
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		l->column = 0;
		g_ptr_array_add(in, l);
	}
	order_region(&ctx, in, 0);
	g_ptr_array_free(in, TRUE);
	g_assert(ctx.out->len == lines->len);
	/* the array owns the lines: reorder its pointers in place */
	memcpy(lines->pdata, ctx.out->pdata, sizeof(gpointer) * lines->len);
	g_ptr_array_free(ctx.out, TRUE);
	assign_columns(lines, ctx.next_leaf, 3 * body_size);
}
