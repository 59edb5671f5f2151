/*
 * regions.c — article regions on a newspaper page (STRUCTURE.md, section
 * "Newspaper pages").
 *
 * A newspaper sets several articles side by side, each a block of columns
 * under its headline, and the layout's reading order may read a line of
 * one column with the line beside it. Here the page's text lines
 * (furniture, masthead, TOC and tables aside) are regrouped by geometry:
 *
 *   - headlines: lines set large (HEADLINE_RATIO times the page's body
 *     size in a title block, half as large again in any block), with at
 *     least 4 letters; stacked lines are one headline, a short smaller
 *     line right above it its kicker (set apart: not a column's last line
 *     of the row above, at the headline's edge or centred on it);
 *   - chunks: the other lines, each joined to the nearest line right below
 *     that it overlaps, across less than a line of white;
 *   - a chunk belongs to the lowest headline above it that reaches it
 *     (right up to what is set beside the headline, left as far as a
 *     centred headline would; under the article beside once that ends);
 *   - chunks no headline reaches make regions of their own (a 导读 or
 *     weather box, an advert, a part continued from another 版);
 *   - each region is read headline first, then by column, top-down.
 *
 * The lines are then cut into blocks again, copies that the segmentation
 * reads instead of the page's: the page itself is not changed.
 */
#include <math.h>
#include <string.h>

#include "structure.h"

#define HEADLINE_RATIO 1.3
/* bounds on what a hostile page can make this cost */
#define MAX_LINES 20000
#define MAX_WIDTH 100000.0
#define MAX_RULES 2000

typedef struct {
	const QkLine *line;
	const QkBlock *src;
	int anchor;     /* headline group this line is part of, or -1 */
	gboolean kicker;
	int chunk;      /* union-find parent */
	int region;     /* index into the regions, -1 before assignment */
	/* reading order inside the region */
	int band, col;
	gboolean span;
	gboolean centred; /* a short line alone, centred in its column */
} Unit;

typedef struct {
	QkBox box;      /* the headline's lines, kicker included */
	double left, right; /* how far it reaches */
	int blocker;    /* the unit beside it that sets right, or -1 */
} Anchor;

typedef struct {
	double top, left;
	int anchor;     /* -1: headless */
	GArray *units;  /* of int, indices into the units */
	GArray *boxes;  /* of QkBox: a headless region's chunks */
} Region;

static double line_size(const Unit *u)
{
	double s = u->line->size > 0 ? u->line->size : u->src->size;
	return s > 0 ? s : 10;
}

static gboolean skipped_role(QkRole r)
{
	return r == QK_ROLE_FURNITURE || r == QK_ROLE_MASTHEAD ||
	       r == QK_ROLE_TOC || r == QK_ROLE_TABLE;
}

/* The size most of the page's text is set in (by characters). */
static double body_size(const GArray *units)
{
	GHashTable *count = g_hash_table_new(g_direct_hash, g_direct_equal);
	int best_n = 0, best = 0;
	for (guint i = 0; i < units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, i);
		int key = (int)lround(line_size(u) * 10);
		int n = GPOINTER_TO_INT(g_hash_table_lookup(count, GINT_TO_POINTER(key))) +
		        (int)g_utf8_strlen(u->line->text, -1);
		g_hash_table_insert(count, GINT_TO_POINTER(key), GINT_TO_POINTER(n));
		if (n > best_n) {
			best_n = n;
			best = key;
		}
	}
	g_hash_table_destroy(count);
	return best > 0 ? best / 10.0 : 10;
}

/* Letters and ideographs in text: a headline is a phrase, not a label. */
static int letters(const char *text)
{
	int n = 0;
	if (!g_utf8_validate(text, -1, NULL))
		return 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		if (g_unichar_isalnum(g_utf8_get_char(p)))
			n++;
	return n;
}

static double box_width(const QkLine *l)
{
	return l != NULL ? l->bbox.x1 - l->bbox.x0 : 0;
}

static const QkLine *first_line(const QkBlock *b)
{
	return b->lines->len ? g_ptr_array_index(b->lines, 0) : NULL;
}

static gboolean overlap_x(const QkBox *a, const QkBox *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1;
}

/* How far apart two boxes are across the page (0 when they overlap). */
static double x_distance(const QkBox *a, const QkBox *b)
{
	return MAX(0, MAX(a->x0 - b->x1, b->x0 - a->x1));
}

/* Of two headlines on one row, the one a chunk belongs to: the nearest
 * that starts left of it (headlines start their first column), else the
 * nearest. */
static gboolean nearer(const Anchor *a, const Anchor *b, const QkBox *cb,
                       double body)
{
	gboolean la = a->box.x0 <= cb->x0 + body, lb = b->box.x0 <= cb->x0 + body;
	if (la != lb)
		return la;
	if (la)
		return a->box.x0 > b->box.x0;
	return x_distance(&a->box, cb) < x_distance(&b->box, cb);
}

static int find(GArray *units, int i)
{
	while (g_array_index(units, Unit, i).chunk != i) {
		Unit *u = &g_array_index(units, Unit, i);
		u->chunk = g_array_index(units, Unit, u->chunk).chunk;
		i = u->chunk;
	}
	return i;
}

/* TRUE when a line goes on from the line right over it: in its font and
 * size, over most of its width, across no more white than the leading
 * (the last line of a column of the row above a headline, not a kicker
 * set apart from it). */
static gboolean column_foot(const GArray *units, const Unit *u)
{
	const QkBox *b = &u->line->bbox;
	double size = line_size(u);
	for (guint k = 0; k < units->len; k++) {
		const Unit *o = &g_array_index(units, Unit, k);
		const QkBox *a = &o->line->bbox;
		if (o == u || o->anchor >= 0 || a->y1 > b->y0 + 1 ||
		    b->y0 - a->y1 > 0.8 * size ||
		    fabs(line_size(o) - size) > 0.05 * size ||
		    g_strcmp0(o->line->font, u->line->font) != 0)
			continue;
		double ov = MIN(a->x1, b->x1) - MAX(a->x0, b->x0);
		if (ov >= 0.5 * MIN(a->x1 - a->x0, b->x1 - b->x0))
			return TRUE;
	}
	return FALSE;
}

/* Headline groups: title lines set large, stacked ones together, and the
 * short line right above as kicker. */
static GArray *find_anchors(GArray *units, double body, const QkWords *w, gboolean ink)
{
	GArray *anchors = g_array_new(FALSE, FALSE, sizeof(Anchor));
	for (guint i = 0; i < units->len; i++) {
		Unit *u = &g_array_index(units, Unit, i);
		/* the layout may give a headline another role: set half as
		 * large again as the text, it is one unless a sentence */
		if (line_size(u) < HEADLINE_RATIO * body ||
		    (u->src->role != QK_ROLE_TITLE &&
		     (line_size(u) < 1.5 * body ||
		      qk_structure_ends_sentence(u->line->text))))
			continue;
		/* stacked under a headline line already found, or going on
		 * from one on its row (the layout parted a headline at a
		 * column gutter of the text under it) */
		int join = -1;
		for (guint k = 0; k < i && join < 0; k++) {
			const Unit *o = &g_array_index(units, Unit, k);
			double gap = u->line->bbox.y0 - o->line->bbox.y1;
			double s = line_size(u), run = u->line->bbox.x0 - o->line->bbox.x1;
			if (o->anchor >= 0 && !o->kicker &&
			    ((overlap_x(&o->line->bbox, &u->line->bbox) &&
			      gap > -0.3 * s && gap < 0.6 * s) ||
			     (fabs(u->line->bbox.y0 - o->line->bbox.y0) < 0.2 * s &&
			      fabs(line_size(o) - s) < 0.05 * s && run > -0.5 && run < 0.5 * s)))
				join = o->anchor;
		}
		if (join < 0 && letters(u->line->text) < 4)
			continue;
		if (join < 0) {
			Anchor a = { u->line->bbox, 0, 0, -1 };
			g_array_append_val(anchors, a);
			join = (int)anchors->len - 1;
		} else {
			qk_box_union(&g_array_index(anchors, Anchor, join).box,
			             &u->line->bbox);
		}
		u->anchor = join;
	}
	/* a short smaller line right above a headline is its kicker, set
	 * apart: at the headline's left edge or centred on it (a heading
	 * at the foot of a column over it is centred on its column), not
	 * the last line of a column of the row above (a line right over it
	 * in its font and size, across no more white than the leading),
	 * not a caption, not a closing line; measured from
	 * the headline's own lines (a kicker found makes no line above it
	 * one) */
	guint n_anchors = anchors->len;
	QkBox *heads = g_new(QkBox, n_anchors + 1);
	for (guint a = 0; a < n_anchors; a++)
		heads[a] = g_array_index(anchors, Anchor, a).box;
	for (guint i = 0; i < units->len; i++) {
		Unit *u = &g_array_index(units, Unit, i);
		if (u->anchor >= 0 || g_utf8_strlen(u->line->text, -1) > 24 ||
		    qk_structure_ends_sentence(u->line->text) ||
		    qk_structure_is_tail_w(w, u->line->text) ||
		    u->src->role == QK_ROLE_CAPTION ||
		    qk_structure_is_photo_credit_w(w, u->line->text))
			continue; /* 责任编辑：… closes the article above */
		int foot = -1; /* column_foot(), found once when needed */
		for (guint a = 0; a < n_anchors; a++) {
			Anchor *an = &g_array_index(anchors, Anchor, a);
			double gap = heads[a].y0 - u->line->bbox.y1;
			const QkBox *k = &u->line->bbox, *h = &heads[a];
			if (overlap_x(h, k) &&
			    (fabs(k->x0 - h->x0) <= line_size(u) ||
			     fabs(k->x0 + k->x1 - h->x0 - h->x1) <= 2 * line_size(u)) &&
			    gap > -0.3 * line_size(u) && gap < 1.5 * line_size(u) &&
			    line_size(u) * 1.15 < heads[a].y1 - heads[a].y0 &&
			    !(foot >= 0 ? foot : (foot = column_foot(units, u)))) {
				u->anchor = (int)a;
				u->kicker = TRUE;
				qk_box_union(&an->box, &u->line->bbox);
				break;
			}
		}
	}
	g_free(heads);
	/* a headline reaches right up to what is set beside it, left as
	 * far as it would if centred (and no further than what is beside
	 * it there); on a scan a line's box is its ink, which leaves out the
	 * white of an opening or closing quote (up to about half an em of
	 * the headline's): the centre measured from it may be off by that,
	 * the reach left twice as much (newspaper-2023-10-31 at 200 dpi p4:
	 * “废渣”变“宝贝”循环出效益 reached 2 pt short of its first column,
	 * whose text went to the headline left of it) */
	double page_right = 0;
	for (guint i = 0; i < units->len; i++)
		page_right = MAX(page_right, g_array_index(units, Unit, i).line->bbox.x1);
	for (guint a = 0; a < anchors->len; a++) {
		Anchor *an = &g_array_index(anchors, Anchor, a);
		double beside_left = -G_MAXDOUBLE;
		an->right = G_MAXDOUBLE;
		for (guint i = 0; i < units->len; i++) {
			const Unit *u = &g_array_index(units, Unit, i);
			const QkBox *b = &u->line->bbox;
			if (u->anchor == (int)a ||
			    b->y1 <= an->box.y0 || b->y0 >= an->box.y1)
				continue;
			if (b->x0 >= an->box.x1 - 1 && b->x0 < an->right) {
				an->right = b->x0;
				an->blocker = (int)i;
			}
			else if (b->x1 <= an->box.x0 + 1)
				beside_left = MAX(beside_left, b->x1);
		}
		double mid = (an->box.x0 + an->box.x1) / 2;
		double reach = MIN(an->right, page_right) - mid;
		double slack = body;
		for (guint i = 0; ink && i < units->len; i++) {
			const Unit *u = &g_array_index(units, Unit, i);
			if (u->anchor == (int)a && !u->kicker)
				slack = MAX(slack, body + 0.5 * line_size(u));
		}
		an->left = MAX(mid - reach - slack, beside_left);
	}
	return anchors;
}

/* Chunks: a line joins the nearest line right below it that it overlaps,
 * across less than a line of white. */
static void find_chunks(GArray *units, const int *by_y)
{
	for (guint i = 0; i < units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, by_y[i]);
		if (u->anchor >= 0)
			continue;
		for (guint k = i + 1; k < units->len; k++) {
			const Unit *o = &g_array_index(units, Unit, by_y[k]);
			const QkBox *a = &u->line->bbox, *b = &o->line->bbox;
			if (o->anchor >= 0 || !overlap_x(a, b) || b->y0 < a->y1 - 1)
				continue;
			double w = MIN(a->x1 - a->x0, b->x1 - b->x0);
			double ov = MIN(a->x1, b->x1) - MAX(a->x0, b->x0);
			double size = MAX(line_size(u), line_size(o));
			if (b->y0 - a->y1 < size && ov >= 0.5 * w) {
				int ra = find(units, by_y[i]), rb = find(units, by_y[k]);
				g_array_index(units, Unit, rb).chunk = ra;
			}
			break; /* only the nearest line below */
		}
	}
}

static gint cmp_unit_y(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const GArray *units = data;
	const Unit *a = &g_array_index(units, Unit, *(const int *)pa);
	const Unit *b = &g_array_index(units, Unit, *(const int *)pb);
	if (a->line->bbox.y0 != b->line->bbox.y0)
		return a->line->bbox.y0 < b->line->bbox.y0 ? -1 : 1;
	return (a->line->bbox.x0 > b->line->bbox.x0) - (a->line->bbox.x0 < b->line->bbox.x0);
}

static gint cmp_unit_read(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const GArray *units = data;
	const Unit *a = &g_array_index(units, Unit, *(const int *)pa);
	const Unit *b = &g_array_index(units, Unit, *(const int *)pb);
	if ((a->anchor >= 0) != (b->anchor >= 0))
		return a->anchor >= 0 ? -1 : 1;
	if (a->anchor >= 0)
		return cmp_unit_y(pa, pb, data);
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return cmp_unit_y(pa, pb, data);
}

static gint cmp_double(gconstpointer pa, gconstpointer pb, gpointer data)
{
	(void)data;
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

static gint cmp_region(gconstpointer pa, gconstpointer pb)
{
	const Region *a = pa, *b = pb;
	if (fabs(a->top - b->top) > 1)
		return a->top < b->top ? -1 : 1;
	return (a->left > b->left) - (a->left < b->left);
}

/* TRUE when text holds a sentence's end (。！？) anywhere: a paragraph's
 * line, never a heading. */
static gboolean full_stop(const char *text)
{
	return g_utf8_strchr(text, -1, 0x3002) || g_utf8_strchr(text, -1, 0xFF01) ||
	       g_utf8_strchr(text, -1, 0xFF1F);
}

/* A sub-heading the layout left as text: a short line set larger or
 * bolder than the text (破 题 centred in its column), alone in its block
 * or set apart from the rest of it. */
static gboolean sub_heading(const Unit *u, double body)
{
	QkRole r = u->src->role;
	const char *t = u->line->text;
	gboolean apart = u->src->lines->len == 1 ||
	                 fabs(line_size(u) - u->src->size) > 0.03 * body ||
	                 u->line->bold != u->src->bold;
	return (r == QK_ROLE_BODY || r == QK_ROLE_OTHER) && apart &&
	       g_utf8_strlen(t, -1) <= 20 && !full_stop(t) &&
	       (line_size(u) >= 1.04 * body || u->line->bold) &&
	       !qk_structure_ends_sentence(t);
}

/* The role a line is read in: the headline's, a heading for title lines
 * smaller than the headlines and for sub-headings, text for a lead box's
 * name the layout took for a byline (核心阅读 set bold), else its block's. */
static QkRole line_role(const Unit *u, double body, const QkWords *w)
{
	QkRole role = u->src->role;
	if (u->anchor >= 0)
		return u->kicker ? QK_ROLE_KICKER : QK_ROLE_TITLE;
	if (role == QK_ROLE_HEADING && full_stop(u->line->text) &&
	    !qk_structure_ends_sentence(u->line->text))
		return QK_ROLE_BODY; /* a sentence ends inside: a paragraph's
		                      * line measured large (Type 3) */
	if (role == QK_ROLE_TITLE || sub_heading(u, body) || u->centred)
		return QK_ROLE_HEADING;
	if (role == QK_ROLE_BYLINE && qk_structure_is_lead_w(w, u->line->text, NULL))
		return QK_ROLE_BODY;
	return role;
}

/* TRUE when text is wholly in brackets (（完）, a signature). */
static gboolean bracketed(const char *text)
{
	gsize n = strlen(text);
	if (n < 2)
		return FALSE;
	gunichar a = g_utf8_get_char(text);
	gunichar z = g_utf8_get_char(g_utf8_find_prev_char(text, text + n));
	return (a == 0xFF08 || a == '(' || a == 0x3010) &&
	       (z == 0xFF09 || z == ')' || z == 0x3011);
}

/* Sub-headings set centred in their column (小院里的新营生, 落 子): a
 * short line, no sentence, not smaller than the text, alone in its block
 * or ending it under a line that ends a sentence, with more than two ems
 * of white either side and about as much on each — from the column's
 * edges, where most of its lines start and end. Type 3 fonts (Chromium)
 * measure sizes a few per cent apart from line to line, so a heading set
 * 1.05 times the text may look no larger than the text beside it; its
 * place says what it is. */
typedef struct {
	GArray *x0, *x1;    /* of double: its lines' ends */
	double left, right; /* the medians: its usual edges */
} ColEdges;

static void col_edges_free(ColEdges *c)
{
	g_array_unref(c->x0);
	g_array_unref(c->x1);
	g_free(c);
}

static double median(GArray *v)
{
	g_array_sort_with_data(v, cmp_double, NULL);
	return g_array_index(v, double, v->len / 2);
}

static void mark_centred(GArray *units, const Region *r, double body,
                         const QkWords *w)
{
	GHashTable *cols = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
	                                         (GDestroyNotify)col_edges_free);
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		if (u->anchor >= 0 || u->span)
			continue;
		gint64 key = ((gint64)u->band << 32) | (guint32)u->col;
		ColEdges *e = g_hash_table_lookup(cols, &key);
		if (e == NULL) {
			e = g_new0(ColEdges, 1);
			e->x0 = g_array_new(FALSE, FALSE, sizeof(double));
			e->x1 = g_array_new(FALSE, FALSE, sizeof(double));
			g_hash_table_insert(cols, g_memdup2(&key, sizeof key), e);
		}
		g_array_append_val(e->x0, u->line->bbox.x0);
		g_array_append_val(e->x1, u->line->bbox.x1);
	}
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, cols);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		ColEdges *e = v;
		e->left = median(e->x0);
		e->right = median(e->x1);
	}
	for (guint i = 0; i < r->units->len; i++) {
		Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		QkRole role = u->src->role;
		const GPtrArray *sl = u->src->lines;
		const char *t = u->line->text;
		double size = line_size(u);
		if (u->anchor >= 0 || u->span ||
		    (role != QK_ROLE_BODY && role != QK_ROLE_OTHER) ||
		    g_utf8_strlen(t, -1) > 16 || full_stop(t) ||
		    qk_structure_ends_sentence(t) || size < 0.97 * body ||
		    bracketed(t) || qk_structure_is_tail_w(w, t))
			continue; /* （完）, （王荣）, 责任编辑：X close the text */
		gboolean alone = sl->len == 1 ||
		                 (u->line == g_ptr_array_index(sl, sl->len - 1) &&
		                  qk_structure_ends_sentence(((const QkLine *)
		                      g_ptr_array_index(sl, sl->len - 2))->text));
		gint64 key = ((gint64)u->band << 32) | (guint32)u->col;
		const ColEdges *e = g_hash_table_lookup(cols, &key);
		if (!alone || e == NULL || e->x0->len < 3)
			continue;
		double left = u->line->bbox.x0 - e->left, right = e->right - u->line->bbox.x1;
		u->centred = left > 2 * size && right > 2 * size &&
		             fabs(left - right) <= size;
	}
	g_hash_table_destroy(cols);
}

/* Columns of a region: its gutters are the runs of x no more than a tenth
 * of its lines cross, a line crossing all of them spans the columns. */
static void read_region(GArray *units, Region *r, double body,
                        const QkWords *words)
{
	double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
	guint n = 0;
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		if (u->anchor >= 0)
			continue;
		x0 = MIN(x0, u->line->bbox.x0);
		x1 = MAX(x1, u->line->bbox.x1);
		n++;
	}
	if (n == 0 || !(x1 - x0 < MAX_WIDTH)) {
		g_array_sort_with_data(r->units, cmp_unit_read, units);
		return; /* one column, headline first */
	}
	/* lines much wider than most (a lead box over the columns), and
	 * the last line of a block of such lines, are left out of the
	 * coverage: they cross the gutters */
	double *widths = g_new(double, n), wide;
	guint k = 0;
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		if (u->anchor < 0)
			widths[k++] = u->line->bbox.x1 - u->line->bbox.x0;
	}
	g_qsort_with_data(widths, (gint)n, sizeof(double), cmp_double, NULL);
	wide = 1.6 * widths[n / 2];
	g_free(widths);
	int w = (int)ceil(x1 - x0) + 1;
	/* a difference array (each line adds one at its start and takes it
	 * back at its end), then its running sum: one pass over the lines and
	 * one over the width, where adding each line point by point cost
	 * 1 M instructions on a 4-page newspaper */
	int *cover = g_new0(int, w + 1);
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		if (u->anchor >= 0 || u->line->bbox.x1 - u->line->bbox.x0 > wide ||
		    box_width(first_line(u->src)) > wide)
			continue;
		int a = (int)(u->line->bbox.x0 - x0), b = MIN((int)(u->line->bbox.x1 - x0), w);
		if (a < b) {
			cover[a]++;
			cover[b]--;
		}
	}
	for (int x = 1; x < w; x++)
		cover[x] += cover[x - 1];
	/* gutters: runs at least half a body size wide that at most a
	 * tenth as many lines cross as fill the columns either side */
	int *peak_l = g_new(int, w), *peak_r = g_new(int, w);
	for (int x = 0; x < w; x++)
		peak_l[x] = MAX(cover[x], x > 0 ? peak_l[x - 1] : 0);
	for (int x = w - 1; x >= 0; x--)
		peak_r[x] = MAX(cover[x], x < w - 1 ? peak_r[x + 1] : 0);
	GArray *gut = g_array_new(FALSE, FALSE, sizeof(double) * 2);
	for (int x = 0; x < w;) {
		if (10 * cover[x] > MIN(peak_l[x], peak_r[x])) {
			x++;
			continue;
		}
		int s = x;
		while (x < w && 10 * cover[x] <= MIN(peak_l[x], peak_r[x]))
			x++;
		if (s > 0 && x < w && x - s >= 0.5 * body) {
			double g[2] = { x0 + s, x0 + x };
			g_array_append_val(gut, g);
		}
	}
	g_free(peak_l);
	g_free(peak_r);
	g_free(cover);
	/* y order: a spanning line ends the band above it */
	int *idx = g_new(int, r->units->len);
	for (guint i = 0; i < r->units->len; i++)
		idx[i] = g_array_index(r->units, int, i);
	g_qsort_with_data(idx, (gint)r->units->len, sizeof(int), cmp_unit_y, units);
	int band = 0;
	gboolean after_span = FALSE;
	for (guint i = 0; i < r->units->len; i++) {
		Unit *u = &g_array_index(units, Unit, idx[i]);
		const QkBox *b = &u->line->bbox;
		if (u->anchor >= 0)
			continue; /* the headline is read first */
		int crossed = 0, col = 0;
		for (guint g = 0; g < gut->len; g++) {
			const double *gg = &g_array_index(gut, double, 2 * g);
			if (b->x0 < gg[0] && b->x1 > gg[1])
				crossed++;
			if (b->x0 >= gg[0])
				col = (int)g + 1;
		}
		u->span = gut->len > 0 && crossed == (int)gut->len;
		if (u->span) {
			u->band = band;
			u->col = G_MAXINT;
			after_span = TRUE;
		} else {
			if (after_span)
				band++;
			after_span = FALSE;
			u->band = band;
			u->col = col;
		}
	}
	mark_centred(units, r, body, words);
	/* the subtitle and byline under the headline come first */
	double head = -1;
	for (guint i = 0; i < r->units->len && r->anchor >= 0; i++) {
		const Unit *u = &g_array_index(units, Unit, idx[i]);
		if (u->anchor >= 0)
			head = MAX(head, u->line->bbox.y1);
	}
	for (guint i = 0; i < r->units->len && r->anchor >= 0; i++) {
		Unit *u = &g_array_index(units, Unit, idx[i]);
		QkRole role = line_role(u, body, words);
		if (u->anchor >= 0 ||
		    (role != QK_ROLE_SUBTITLE && role != QK_ROLE_BYLINE))
			continue;
		if (u->line->bbox.y0 - head > 2 * line_size(u))
			break;
		u->band = -1;
		head = u->line->bbox.y1;
	}
	g_free(idx);
	g_array_free(gut, TRUE);
	g_array_sort_with_data(r->units, cmp_unit_read, units);
}

static QkBlock *start_block(const Unit *u, QkRole role, int col)
{
	QkBlock *b = qk_block_new();
	b->id = g_strdup(u->src->id);
	b->role = role;
	b->font = g_strdup(u->src->font);
	b->size = u->src->size;
	b->bold = u->src->bold;
	b->column = col;
	b->bbox = u->line->bbox;
	return b;
}

static void add_line(QkBlock *b, const QkLine *l)
{
	QkLine *c = qk_line_new(l->text);
	c->bbox = l->bbox;
	c->raw = g_strdup(l->raw);
	c->font = g_strdup(l->font);
	c->size = l->size;
	c->bold = l->bold;
	qk_box_union(&b->bbox, &l->bbox);
	g_ptr_array_add(b->lines, c);
}

/* The region's lines as blocks: a new one at each column, source block,
 * indented line or gap of a line's height. */
static void emit_region(QkRegions *out, GArray *units, const Region *r,
                        double body, const QkWords *w)
{
	QkBlock *cur = NULL;
	const Unit *prev = NULL;
	double left = 0;
	gboolean first = TRUE;
	for (guint i = 0; i < r->units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, g_array_index(r->units, int, i));
		const QkBox *b = &u->line->bbox;
		QkRole role = line_role(u, body, w);
		/* a lead box or caption going on in the next column stays
		 * one block; body text is joined across columns later, by
		 * sentence */
		/* body text goes on across the layout's blocks (which may
		 * hold lines of several columns) unless one starts here */
		gboolean opens_src = u->line == g_ptr_array_index(u->src->lines, 0);
		/* a headline's pieces on one row are one line of it */
		gboolean piece = prev != NULL && u->anchor >= 0 && !u->kicker &&
		                 prev->anchor == u->anchor && !prev->kicker &&
		                 fabs(b->y0 - prev->line->bbox.y0) < 0.2 * line_size(u);
		gboolean cut = cur == NULL || cur->role != role ||
		               (prev->src != u->src && !piece &&
		                (role != QK_ROLE_BODY || opens_src)) ||
		               prev->kicker != u->kicker ||
		               (prev->anchor >= 0) != (u->anchor >= 0) ||
		               ((prev->band != u->band || prev->col != u->col) &&
		                role == QK_ROLE_BODY) ||
		               (prev->band == u->band && prev->col == u->col &&
		                b->y0 - prev->line->bbox.y1 > line_size(u));
		if (cur == NULL || prev->band != u->band || prev->col != u->col)
			left = b->x0;
		if (!cut && u->anchor < 0 && role == QK_ROLE_BODY &&
		    b->x0 - MIN(left, prev->line->bbox.x0) > 0.6 * line_size(u))
			cut = TRUE; /* an indented line opens a paragraph */
		if (!cut && role == QK_ROLE_HEADING &&
		    prev->line->bbox.x1 < prev->src->bbox.x1 - 0.5 * line_size(prev))
			cut = TRUE; /* a heading line ending short of its block's
			             * edge was not wrapped: the next is another */
		left = MIN(left, b->x0);
		if (cut) {
			cur = start_block(u, role, u->col == G_MAXINT ? -1 : u->col);
			g_ptr_array_add(out->blocks, cur);
			g_array_append_val(out->opens, first);
			gboolean headless = first && r->anchor < 0;
			g_array_append_val(out->headless, headless);
			first = FALSE;
		}
		add_line(cur, u->line);
		prev = u;
	}
}

static gint cmp_box_top(gconstpointer pa, gconstpointer pb, gpointer data)
{
	const QkBox *const *b = data;
	double a0 = b[*(const int *)pa]->y0, b0 = b[*(const int *)pb]->y0;
	return (a0 > b0) - (a0 < b0);
}

/* A vertical rule meets the end of horizontal rule h at x. */
static gboolean met_at(const GArray *rules, const QkBox *h, double x)
{
	double y = (h->y0 + h->y1) / 2;
	for (guint i = 0; i < rules->len; i++) {
		const QkBox *v = &g_array_index(rules, QkBox, i);
		if (v->y1 - v->y0 > v->x1 - v->x0 && fabs((v->x0 + v->x1) / 2 - x) < 2 &&
		    v->y0 < y + 2 && v->y1 > y - 2)
			return TRUE;
	}
	return FALSE;
}

/* The page's rules that part articles: vertical rules, and horizontal ones
 * that are no box's top or bottom (a lead box under a headline is the
 * article's own; no vertical rule meets both ends of a parting rule). */
static GArray *parting_rules(const QkPage *page)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(QkBox));
	for (guint i = 0; page->rules && i < page->rules->len && i < MAX_RULES; i++) {
		const QkBox *b = &g_array_index(page->rules, QkBox, i);
		if (b->x1 - b->x0 > b->y1 - b->y0 &&
		    met_at(page->rules, b, b->x0) && met_at(page->rules, b, b->x1))
			continue;
		g_array_append_vals(out, b, 1);
	}
	return out;
}

/* A rule lies between headline h and chunk cb: a horizontal one over the
 * chunk (across half its width or more) with three lines or more of the
 * headline's own above it (a rule right under a headline heads its
 * text), or a vertical one between them that runs beside the headline and
 * down beside the chunk. */
static gboolean ruled_off(const GArray *rules, const QkBox *h, const QkBox *cb, double body)
{
	for (guint i = 0; i < rules->len; i++) {
		const QkBox *b = &g_array_index(rules, QkBox, i);
		if (b->x1 - b->x0 > b->y1 - b->y0) {
			double y = (b->y0 + b->y1) / 2;
			if (y > h->y1 + 3 * body && y < cb->y0 + 0.3 * body &&
			    MIN(b->x1, cb->x1) - MAX(b->x0, cb->x0) >= 0.5 * (cb->x1 - cb->x0))
				return TRUE;
		} else {
			double x = (b->x0 + b->x1) / 2;
			if (((h->x1 <= x + 1 && cb->x0 >= x - 1) || (h->x0 >= x - 1 && cb->x1 <= x + 1)) &&
			    b->y0 < h->y1 && b->y1 > cb->y0 + body)
				return TRUE;
		}
	}
	return FALSE;
}

/* The headline a chunk belongs to: the lowest above it that reaches
 * it, or -1. until[a]: how far down what is beside headline a stops its
 * reach to the right; rules: the parting rules, which stop it too. */
static int reaching(const GArray *anchors, const QkBox *cb, double body,
                    const double *until, const GArray *rules)
{
	int best = -1;
	for (guint a = 0; a < anchors->len; a++) {
		const Anchor *an = &g_array_index(anchors, Anchor, a);
		if (an->box.y0 > cb->y0 + 0.5 * body || cb->x0 < an->left ||
		    (cb->x0 >= an->right - 1 && cb->y0 < until[a]) ||
		    ruled_off(rules, &an->box, cb, body))
			continue;
		const Anchor *bs = best >= 0 ? &g_array_index(anchors, Anchor, best) : NULL;
		if (bs == NULL || an->box.y0 > bs->box.y0 + 0.5 * body ||
		    (fabs(an->box.y0 - bs->box.y0) <= 0.5 * body &&
		     nearer(an, bs, cb, body)))
			best = (int)a;
	}
	return best;
}

/* How far down a headline's reach to the right is stopped by what is set
 * beside it: all the way by another headline, else down to the foot of
 * the article beside it (an article set in an L reaches under it). The
 * article beside is read with every reach stopped. */
static double *reach_down(GArray *units, const GArray *anchors,
                          GHashTable *chunk_box, double body, const GArray *rules)
{
	guint n = anchors->len;
	double *until = g_new(double, n + 1), *foot = g_new(double, n + 1);
	for (guint a = 0; a < n; a++) {
		until[a] = G_MAXDOUBLE;
		foot[a] = g_array_index(anchors, Anchor, a).box.y1;
	}
	/* each headline's chunks, read with every reach stopped; the foot
	 * of its article is where the chunks that hang together under it
	 * (from right under it, down across less than three lines of
	 * white) end: a chunk past a white band is another article's */
	GList *vals = g_hash_table_get_values(chunk_box);
	guint nc = g_list_length(vals), k = 0;
	const QkBox **cbs = g_new(const QkBox *, nc + 1);
	int *owner = g_new(int, nc + 1);
	gboolean *in = g_new0(gboolean, nc + 1);
	for (GList *l = vals; l; l = l->next, k++) {
		cbs[k] = l->data;
		owner[k] = reaching(anchors, cbs[k], body, until, rules);
		if (owner[k] >= 0 && cbs[k]->y0 <
		    g_array_index(anchors, Anchor, owner[k]).box.y1 + 6 * body)
			in[k] = TRUE;
	}
	g_list_free(vals);
	/* top-down, a chunk's chunks above it have been decided */
	int *ord = g_new(int, nc + 1);
	for (guint i = 0; i < nc; i++)
		ord[i] = (int)i;
	g_qsort_with_data(ord, (gint)nc, sizeof(int), cmp_box_top, cbs);
	for (guint x = 0; x < nc; x++) {
		guint i = (guint)ord[x];
		for (guint y = 0; y < x && !in[i]; y++) {
			guint j = (guint)ord[y];
			if (in[j] && owner[j] == owner[i] && owner[i] >= 0 &&
			    overlap_x(cbs[i], cbs[j]) &&
			    cbs[i]->y0 >= cbs[j]->y1 - 1 &&
			    cbs[i]->y0 - cbs[j]->y1 < 3 * body)
				in[i] = TRUE;
		}
	}
	g_free(ord);
	for (guint i = 0; i < nc; i++)
		if (in[i])
			foot[owner[i]] = MAX(foot[owner[i]], cbs[i]->y1);
	g_free(cbs);
	g_free(owner);
	g_free(in);
	double *out = g_new(double, n + 1);
	for (guint a = 0; a < n; a++) {
		const Anchor *an = &g_array_index(anchors, Anchor, a);
		out[a] = G_MAXDOUBLE;
		if (an->blocker < 0 ||
		    g_array_index(units, Unit, an->blocker).anchor >= 0)
			continue;
		const QkBox *cb = g_hash_table_lookup(chunk_box,
			GINT_TO_POINTER(find(units, an->blocker)));
		int b = cb != NULL ? reaching(anchors, cb, body, until, rules) : -1;
		out[a] = b >= 0 ? foot[b] : cb != NULL ? cb->y1 : G_MAXDOUBLE;
	}
	g_free(until);
	g_free(foot);
	return out;
}

/* TRUE when a headline lies between two boxes. */
static gboolean anchor_between(const GArray *anchors, const QkBox *a, const QkBox *b)
{
	QkBox span = { MIN(a->x0, b->x0), MIN(a->y1, b->y1),
	               MAX(a->x1, b->x1), MAX(a->y0, b->y0) };
	for (guint i = 0; i < anchors->len; i++) {
		const QkBox *h = &g_array_index(anchors, Anchor, i).box;
		if (h->x0 < span.x1 && span.x0 < h->x1 &&
		    h->y0 < span.y1 && span.y0 < h->y1)
			return TRUE;
	}
	return FALSE;
}

/* A chunk no headline reaches: it joins a headless region it sits
 * beside or under with no headline between (the columns of one box, or
 * of a part continued from another 版), else opens one. */
static int headless_region(GArray *regions, const GArray *anchors,
                           const QkBox *cb, double body)
{
	for (guint r = 0; r < regions->len; r++) {
		Region *rg = &g_array_index(regions, Region, r);
		if (rg->anchor >= 0)
			continue;
		gboolean near = FALSE;
		for (guint i = 0; i < rg->boxes->len && !near; i++) {
			const QkBox *b = &g_array_index(rg->boxes, QkBox, i);
			near = (overlap_x(b, cb) ||
			        (b->y0 < cb->y1 && cb->y0 < b->y1 &&
			         x_distance(b, cb) < 3 * body)) &&
			       !anchor_between(anchors, b, cb);
		}
		if (near) {
			rg->top = MIN(rg->top, cb->y0);
			rg->left = MIN(rg->left, cb->x0);
			g_array_append_vals(rg->boxes, cb, 1);
			return (int)r;
		}
	}
	Region r = { cb->y0, cb->x0, -1, g_array_new(FALSE, FALSE, sizeof(int)),
	             g_array_new(FALSE, FALSE, sizeof(QkBox)) };
	g_array_append_vals(r.boxes, cb, 1);
	g_array_append_val(regions, r);
	return (int)regions->len - 1;
}

QkRegions *qk_structure_regions(const QkPage *page, const QkWords *w)
{
	GArray *units = g_array_new(FALSE, TRUE, sizeof(Unit));
	for (guint k = 0; k < page->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(page->blocks, k);
		if (skipped_role(b->role))
			continue;
		for (guint i = 0; i < b->lines->len; i++) {
			const QkLine *l = g_ptr_array_index(b->lines, i);
			if (l->text == NULL || *l->text == '\0')
				continue;
			Unit u = { l, b, -1, FALSE, (int)units->len, -1, 0, 0, FALSE, FALSE };
			g_array_append_val(units, u);
		}
	}
	if (units->len == 0 || units->len > MAX_LINES) {
		g_array_free(units, TRUE);
		return NULL;
	}
	double body = body_size(units);
	GArray *anchors = find_anchors(units, body, w, page->ocr_dpi > 0);
	if (anchors->len == 0) {
		/* no headline set larger than the text: no regions to read */
		g_array_free(anchors, TRUE);
		g_array_free(units, TRUE);
		return NULL;
	}
	QkRegions *out = g_new0(QkRegions, 1);
	out->blocks = g_ptr_array_new_with_free_func((GDestroyNotify)qk_block_free);
	out->opens = g_array_new(FALSE, FALSE, sizeof(gboolean));
	out->headless = g_array_new(FALSE, FALSE, sizeof(gboolean));
	int *by_y = g_new(int, units->len);
	for (guint i = 0; i < units->len; i++)
		by_y[i] = (int)i;
	g_qsort_with_data(by_y, (gint)units->len, sizeof(int), cmp_unit_y, units);
	find_chunks(units, by_y);

	/* one region per headline, then one per chunk no headline reaches */
	GArray *regions = g_array_new(FALSE, FALSE, sizeof(Region));
	for (guint a = 0; a < anchors->len; a++) {
		const Anchor *an = &g_array_index(anchors, Anchor, a);
		Region r = { an->box.y0, an->box.x0, (int)a,
		             g_array_new(FALSE, FALSE, sizeof(int)),
		             g_array_new(FALSE, FALSE, sizeof(QkBox)) };
		g_array_append_val(regions, r);
	}
	GHashTable *chunk_region = g_hash_table_new(g_direct_hash, g_direct_equal);
	/* chunk boxes */
	GHashTable *chunk_box = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	                                              NULL, g_free);
	for (guint i = 0; i < units->len; i++) {
		Unit *u = &g_array_index(units, Unit, i);
		if (u->anchor >= 0) {
			u->region = u->anchor;
			continue;
		}
		int c = find(units, (int)i);
		QkBox *bx = g_hash_table_lookup(chunk_box, GINT_TO_POINTER(c));
		if (bx == NULL) {
			bx = g_new(QkBox, 1);
			*bx = u->line->bbox;
			g_hash_table_insert(chunk_box, GINT_TO_POINTER(c), bx);
		} else {
			qk_box_union(bx, &u->line->bbox);
		}
	}
	GArray *rules = parting_rules(page);
	double *until = reach_down(units, anchors, chunk_box, body, rules);
	for (guint i = 0; i < units->len; i++) {
		Unit *u = &g_array_index(units, Unit, i);
		if (u->anchor >= 0)
			continue;
		int c = find(units, (int)i);
		gpointer hit;
		if (g_hash_table_lookup_extended(chunk_region, GINT_TO_POINTER(c),
		                                 NULL, &hit)) {
			u->region = GPOINTER_TO_INT(hit);
			continue;
		}
		const QkBox *cb = g_hash_table_lookup(chunk_box, GINT_TO_POINTER(c));
		int best = reaching(anchors, cb, body, until, rules);
		if (best < 0)
			best = headless_region(regions, anchors, cb, body);
		g_hash_table_insert(chunk_region, GINT_TO_POINTER(c), GINT_TO_POINTER(best));
		u->region = best;
	}
	g_free(until);
	g_array_free(rules, TRUE);
	g_hash_table_destroy(chunk_region);
	g_hash_table_destroy(chunk_box);
	for (guint i = 0; i < units->len; i++) {
		const Unit *u = &g_array_index(units, Unit, i);
		int ii = (int)i;
		g_array_append_val(g_array_index(regions, Region, u->region).units, ii);
	}
	g_array_sort(regions, cmp_region);
	for (guint r = 0; r < regions->len; r++) {
		Region *rg = &g_array_index(regions, Region, r);
		read_region(units, rg, body, w);
		emit_region(out, units, rg, body, w);
		g_array_free(rg->units, TRUE);
		g_array_free(rg->boxes, TRUE);
	}
	g_array_free(regions, TRUE);
	g_free(by_y);
	g_array_free(anchors, TRUE);
	g_array_free(units, TRUE);
	return out;
}

void qk_structure_regions_free(QkRegions *r)
{
	if (r == NULL)
		return;
	g_ptr_array_free(r->blocks, TRUE);
	g_array_free(r->opens, TRUE);
	g_array_free(r->headless, TRUE);
	g_free(r);
}

/* The number a label reads as (a 版 is "3"), or -1. */
static gint64 label_number(const char *label)
{
	guint64 v;
	if (label == NULL ||
	    !g_ascii_string_to_unsigned(label, 10, 1, 999, &v, NULL))
		return -1;
	return (gint64)v;
}

void qk_structure_edition_labels(QkIssue *issue)
{
	if (issue->meta.kind != QK_KIND_NEWSPAPER)
		return;
	for (guint i = 0; i + 1 < issue->pages->len; i++) {
		QkPage *pg = g_ptr_array_index(issue->pages, i);
		const QkPage *next = g_ptr_array_index(issue->pages, i + 1);
		const QkPage *prev = i > 0 ? g_ptr_array_index(issue->pages, i - 1) : NULL;
		gint64 n = label_number(next->label) - 1;
		/* a scan left unread has no articles to place */
		if (pg->label != NULL || (pg->scanned && pg->ocr_dpi <= 0) || n < 1 ||
		    (prev != NULL && label_number(prev->label) != n - 1) ||
		    (prev == NULL && n != 1))
			continue;
		pg->label = g_strdup_printf("%" G_GINT64_FORMAT, n);
	}
}
