/*
 * frames.c — the column grid, and lines parted at its gutters.
 *
 * A design's text frames recur page after page: every full line of a column
 * starts at the column's left edge and ends (without a punctuation mark hung
 * past it) at its right edge. Over the whole issue, body-size lines that
 * share both edges (within a point) many times are a frame; left and right
 * pages apart, as mirrored margins move them. An indented first line's frame
 * (same right edge, a few em in) or one of lines a character short is no
 * column. Two frames printed on one page, the second starting less than
 * three em right of the first's end, leave a gutter on the pages that print
 * both.
 *
 * A line read across such a gutter (lines.c could not see it: a 4 mm
 * gutter, a mark hung into it) is parted at its seam on the gutter: the
 * glyph before it covers the first frame's right edge and the glyph after
 * starts at the second's left edge. The part before must start at the
 * first frame's edge (or be indented), the part after end inside the
 * second, and the columns must show on both sides (each part edge to edge
 * in its frame, or lines of the column nearby), so a headline, byline or lead box
 * printed across the columns stays whole even when a comma of it happens
 * to stop at a column's edge; tables never have seams.
 */
#include <math.h>
#include "layout.h"
#include "keysort.h"
#include "tables.h"

#define MIN_LINES 6        /* full lines that make a frame */
#define EDGE_TOL 1.0       /* points: lines sharing an edge */
#define LEFT_TOL 0.5       /* points: a column's lines all start at its edge
                            * (justification moves only right edges) */
#define MAX_GUTTER 3.0     /* em */
#define MIN_WIDTH 4.0      /* em: narrower frames are cells or labels */
#define MAX_FRAMES 64      /* a design has a few; more (a newspaper's articles
                            * each on its own grid, a hostile file) make no grid */

typedef struct {
	double x0, x1;
	int page;
} Sample;

typedef struct {
	double x0, x1;
	int count;
	GArray *pages;     /* of int, ascending, unique */
} Frame;

typedef struct {
	double right, left;      /* the first frame's right edge, the next one's left */
	double x0, x1;           /* the first frame's left edge, the next one's right */
	GArray *pages;           /* of int: the pages printing both frames */
} Gutter;

struct QkFrames {
	GArray *gutters[2];      /* of Gutter; [index % 2] */
	double tol;
	double indent;           /* how far in a column line may start */
};

/* Sorts v[0..n) by left (x0) or right (x1) edge, stably: keysort's radix
 * passes in place of a comparison sort, which was most of finding the
 * frames (a serial pass between the reading threads and the layout's). */
static void sort_samples(Sample *v, guint n, gboolean left)
{
	if (n < 2)
		return;
	QkKeyed *keys = g_new(QkKeyed, n);
	for (guint i = 0; i < n; i++) {
		keys[i].key = qk_key_double(left ? v[i].x0 : v[i].x1);
		keys[i].idx = i;
	}
	qk_keysort(keys, n);
	Sample *copy = g_memdup2(v, n * sizeof *v);
	for (guint i = 0; i < n; i++)
		v[i] = copy[keys[i].idx];
	g_free(copy);
	g_free(keys);
}

static void add_sample(GArray *s, const QkLLine *l, int page, double body)
{
	if (l->n_glyphs < 4 || fabs(l->size - body) > 0.15 * body)
		return;
	Sample x = { l->bbox.x0, l->x1_core, page };
	g_array_append_val(s, x);
}

/* Runs of sorted values no more than EDGE_TOL apart, at most 2 EDGE_TOL
 * wide: the end (exclusive) of the run starting at from. */
static guint run_end(const Sample *v, guint n, guint from, gboolean left)
{
	guint k = from + 1;
	double first = left ? v[from].x0 : v[from].x1;
	while (k < n) {
		double a = left ? v[k - 1].x0 : v[k - 1].x1, b = left ? v[k].x0 : v[k].x1;
		if (b - a > EDGE_TOL || b - first > 2 * EDGE_TOL)
			break;
		k++;
	}
	return k;
}

static int cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

static void frame_free(gpointer p)
{
	Frame *f = p;
	if (f->pages)
		g_array_free(f->pages, TRUE);
}

/* Frames of one parity's samples: clusters of left edges, and in each the
 * clusters of right edges, with MIN_LINES lines or more. */
static GArray *find_frames(GArray *samples, double body)
{
	GArray *frames = g_array_new(FALSE, FALSE, sizeof(Frame));
	g_array_set_clear_func(frames, frame_free);
	Sample *v = (Sample *)samples->data;
	guint n = samples->len;
	sort_samples(v, n, TRUE);
	for (guint a = 0; a < n;) {
		guint b = run_end(v, n, a, TRUE);
		double x0 = v[a + (b - a) / 2].x0;
		sort_samples(v + a, b - a, FALSE);
		for (guint c = a; c < b;) {
			guint d = run_end(v, b, c, FALSE);
			double x1 = v[c + (d - c) / 2].x1;
			if (d - c >= MIN_LINES && x1 - x0 >= MIN_WIDTH * body) {
				Frame f = { x0, x1, (int)(d - c), g_array_new(FALSE, FALSE, sizeof(int)) };
				for (guint k = c; k < d; k++)
					g_array_append_val(f.pages, v[k].page);
				g_array_append_val(frames, f);
			}
			c = d;
		}
		a = b;
	}
	if (frames->len > MAX_FRAMES)
		g_array_set_size(frames, 0);
	/* an indented first line's frame (same right edge, a few em in),
	 * or lines a character or two short of the edge (same left edge),
	 * with fewer lines than the column's */
	for (guint i = frames->len; i-- > 0;) {
		const Frame *f = &g_array_index(frames, Frame, i);
		for (guint j = 0; j < frames->len; j++) {
			const Frame *g = &g_array_index(frames, Frame, j);
			gboolean in = (fabs(g->x1 - f->x1) <= EDGE_TOL && f->x0 > g->x0 &&
			               f->x0 - g->x0 <= 4 * body) ||
			              (fabs(g->x0 - f->x0) <= EDGE_TOL && f->x1 < g->x1 &&
			               g->x1 - f->x1 <= 4 * body);
			if (j != i && in && g->count >= f->count) {
				g_array_remove_index(frames, i);
				break;
			}
		}
	}
	return frames;
}

/* Sorts a frame's pages and drops repeats. */
static void sort_pages(Frame *f)
{
	g_array_sort(f->pages, cmp_int);
	guint u = 0;
	for (guint k = 0; k < f->pages->len; k++)
		if (!u || g_array_index(f->pages, int, u - 1) != g_array_index(f->pages, int, k))
			g_array_index(f->pages, int, u++) = g_array_index(f->pages, int, k);
	g_array_set_size(f->pages, u);
}

/* Whether the glyph after seam s starts at a column's left edge: at it,
 * or an opening mark set half before it (its box runs over the edge). */
static gboolean starts_column(const QkSeam *s, double edge)
{
	return fabs(s->x0 - edge) <= LEFT_TOL ||
	       (s->x0_end > s->x0 && s->x0 < edge - LEFT_TOL && edge <= s->x0_end);
}

/* A line read across a gutter prints a frame too: the part after one of
 * its seams is a full line of the frame (it starts at the frame's left
 * edge, or an opening mark does half before it, and the line ends at its
 * right edge), or the part before one is (the
 * line starts at the frame's edge or indented, the glyph before the seam
 * covers its right edge). A column whose every line on the page was read
 * across the gutter is still on the page. */
static gboolean prints_part(const QkLLine *l, const Frame *fr, double tol, double indent)
{
	for (guint k = 0; l->seams && k < l->seams->n; k++) {
		const QkSeam *s = &l->seams->seam[k];
		if ((starts_column(s, fr->x0) && fabs(l->x1_core - fr->x1) <= tol) ||
		    (s->core - tol <= fr->x1 && fr->x1 <= s->x1 + tol &&
		     l->bbox.x0 >= fr->x0 - LEFT_TOL && l->bbox.x0 <= fr->x0 + indent))
			return TRUE;
	}
	return FALSE;
}

static void add_pages_read_across(GArray *frames, GPtrArray *page_lines, const int *index,
                                  int parity, double tol, double indent)
{
	for (guint p = 0; p < page_lines->len; p++) {
		if ((index[p] & 1) != parity)
			continue;
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		for (guint i = 0; i < lines->len; i++) {
			const QkLLine *l = g_ptr_array_index(lines, i);
			if (!l->seams || l->furniture)
				continue;
			for (guint k = 0; k < frames->len; k++) {
				Frame *fr = &g_array_index(frames, Frame, k);
				if (prints_part(l, fr, tol, indent))
					g_array_append_val(fr->pages, index[p]);
			}
		}
	}
	for (guint k = 0; k < frames->len; k++)
		sort_pages(&g_array_index(frames, Frame, k));
}

/* The pages both frames are printed on (ascending), or NULL. */
static GArray *shared_pages(const Frame *a, const Frame *b)
{
	GArray *both = NULL;
	guint i = 0, j = 0;
	while (i < a->pages->len && j < b->pages->len) {
		int x = g_array_index(a->pages, int, i), y = g_array_index(b->pages, int, j);
		if (x == y) {
			if (!both)
				both = g_array_new(FALSE, FALSE, sizeof(int));
			g_array_append_val(both, x);
		}
		i += x <= y;
		j += y <= x;
	}
	return both;
}

static void gutter_free(gpointer p)
{
	g_array_free(((Gutter *)p)->pages, TRUE);
}

static GArray *find_gutters(GArray *frames, double body)
{
	GArray *gutters = g_array_new(FALSE, FALSE, sizeof(Gutter));
	g_array_set_clear_func(gutters, gutter_free);
	for (guint i = 0; i < frames->len; i++) {
		const Frame *a = &g_array_index(frames, Frame, i);
		for (guint j = 0; j < frames->len; j++) {
			const Frame *b = &g_array_index(frames, Frame, j);
			double w = b->x0 - a->x1;
			GArray *both = w > 0.3 * body && w <= MAX_GUTTER * body ? shared_pages(a, b) : NULL;
			if (both) {
				Gutter g = { a->x1, b->x0, a->x0, b->x1, both };
				g_array_append_val(gutters, g);
			}
		}
	}
	return gutters;
}

static gboolean on_page(const Gutter *g, int index)
{
	return bsearch(&index, g->pages->data, g->pages->len, sizeof(int), cmp_int) != NULL;
}

QkFrames *qk_layout_frames_new(GPtrArray *page_lines, const int *index, double body_size)
{
	GArray *samples[2] = { g_array_new(FALSE, FALSE, sizeof(Sample)),
	                       g_array_new(FALSE, FALSE, sizeof(Sample)) };
	for (guint p = 0; p < page_lines->len; p++) {
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		GArray *s = samples[index[p] & 1];
		for (guint i = 0; i < lines->len; i++) {
			const QkLLine *l = g_ptr_array_index(lines, i);
			/* whole lines only: a line's pieces end at its commas,
			 * which a character grid lines up from line to line */
			if (!l->furniture && l->table < 0)
				add_sample(s, l, index[p], body_size);
		}
	}
	QkFrames *f = g_new0(QkFrames, 1);
	f->tol = MAX(EDGE_TOL, 0.12 * body_size);
	f->indent = 3 * body_size;
	for (int k = 0; k < 2; k++) {
		GArray *frames = find_frames(samples[k], body_size);
		add_pages_read_across(frames, page_lines, index, k, f->tol, f->indent);
		f->gutters[k] = find_gutters(frames, body_size);
		g_array_free(frames, TRUE);
		g_array_free(samples[k], TRUE);
	}
	return f;
}

void qk_layout_frames_free(QkFrames *f)
{
	if (!f)
		return;
	for (int k = 0; k < 2; k++)
		g_array_free(f->gutters[k], TRUE);
	g_free(f);
}

/* Whether seam s lies on gutter g: the glyph before it covers the first
 * frame's right edge (a mark hung whole past it, as Writer does, or in part,
 * as XeLaTeX does) and the glyph after starts at the next frame's edge. */
static gboolean on_gutter(const QkFrames *f, const Gutter *g, const QkSeam *s)
{
	return s->core - f->tol <= g->right && g->right <= s->x1 + f->tol &&
	       starts_column(s, g->left);
}

static gboolean seam_on(const QkFrames *f, const Gutter *g, const QkLLine *m)
{
	for (guint k = 0; m->seams && k < m->seams->n; k++)
		if (on_gutter(f, g, &m->seams->seam[k]))
			return TRUE;
	return FALSE;
}

/* Whether m, or its part after one of its seams, starts at x. */
static gboolean starts_at(const QkLLine *m, double x)
{
	gboolean at = fabs(m->bbox.x0 - x) <= LEFT_TOL;
	for (guint k = 0; m->seams && k < m->seams->n && !at; k++)
		at = fabs(m->seams->seam[k].x0 - x) <= LEFT_TOL;
	return at;
}

/* The columns show on both sides of l's seam on g. The first: the part
 * before (from piece before) starts at its frame's left edge, or among
 * the lines within six em of l one ends at the gutter's left edge or
 * starts at the frame's (a paragraph's short last line, a heading; maybe
 * after a seam on the gutter before). The second: the part after (to
 * piece after) reaches its frame's right edge, or a line within six em
 * starts at the gutter's right edge. A line read across the gutter as
 * well counts for both. A lead box or headline printed across the
 * columns has only its own lines around it; rows where multicols balanced
 * a short run may have nothing near them in one column but a heading, or
 * the row's own line alone (3, 3, 1 lines over a table). */
static gboolean columns_around(const QkFrames *f, GPtrArray *lines, const QkLLine *l,
                               const Gutter *g, const QkPiece *before, const QkPiece *after)
{
	/* the part before starts at the first frame's left edge (its last
	 * glyph covers the right one: on_gutter); the part after reaches the
	 * second frame's right edge (its last glyph, maybe a mark hung past
	 * it, covers the edge) */
	gboolean left = fabs(before->bbox.x0 - g->x0) <= LEFT_TOL,
	         right = after->x1_core - f->tol <= g->x1 && g->x1 <= after->bbox.x1 + f->tol;
	for (guint i = 0; i < lines->len && !(left && right); i++) {
		const QkLLine *m = g_ptr_array_index(lines, i);
		if (m == l || m->furniture || m->table >= 0 ||
		    fabs(m->yc - l->yc) > 6 * MAX(m->size, l->size))
			continue;
		gboolean across = seam_on(f, g, m);
		left |= across || fabs(m->x1_core - g->right) <= f->tol || starts_at(m, g->x0);
		right |= across || fabs(m->bbox.x0 - g->left) <= LEFT_TOL;
	}
	return left && right;
}

/* Whether some gutter of the grid parts l at seam k: the part before it
 * (from piece start) a line of the first frame, starting at its edge or
 * indented, the part after (to piece last) ending inside the second, and
 * the columns showing on both sides. */
static gboolean parts_at(const QkFrames *f, GArray *gutters, GPtrArray *lines,
                         const QkLLine *l, guint k, guint start, guint last)
{
	const QkSeam *s = &l->seams->seam[k];
	const QkPiece *a = &l->seams->piece[start];
	const QkPiece *b = &l->seams->piece[last];
	for (guint i = 0; i < gutters->len; i++) {
		const Gutter *g = &g_array_index(gutters, Gutter, i);
		if (on_gutter(f, g, s) && a->bbox.x0 >= g->x0 - LEFT_TOL &&
		    a->bbox.x0 <= g->x0 + f->indent && b->x1_core <= g->x1 + f->tol &&
		    columns_around(f, lines, l, g, a, b))
			return TRUE;
	}
	return FALSE;
}

/* The seams of l to part it at (cut[k] for seam k); returns how many. The
 * part after a seam ends at the next seam that lies on some gutter. */
static guint choose_cuts(const QkFrames *f, GArray *gutters, GPtrArray *lines,
                         const QkLLine *l, gboolean *cut)
{
	guint ns = l->seams->n, n = 0;
	gboolean *on = g_new0(gboolean, ns);
	for (guint k = 0; k < ns; k++)
		for (guint i = 0; i < gutters->len && !on[k]; i++)
			on[k] = on_gutter(f, &g_array_index(gutters, Gutter, i),
			                  &l->seams->seam[k]);
	guint start = 0;   /* first piece of the current part */
	for (guint k = 0; k < ns; k++) {
		guint next = k + 1;
		while (next < ns && !on[next])
			next++;
		cut[k] = on[k] && parts_at(f, gutters, lines, l, k, start, next);
		if (cut[k]) {
			start = k + 1;
			n++;
		}
	}
	g_free(on);
	return n;
}

void qk_layout_frames_split(const QkFrames *f, int index, GPtrArray *lines)
{
	/* the gutters between frames this page prints */
	GArray *gutters = g_array_new(FALSE, FALSE, sizeof(Gutter));
	for (guint i = 0; f && i < f->gutters[index & 1]->len; i++) {
		const Gutter *g = &g_array_index(f->gutters[index & 1], Gutter, i);
		if (on_page(g, index))
			g_array_append_vals(gutters, g, 1);
	}
	/* decided on the lines as read, then parted */
	GPtrArray *cuts = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		gboolean *cut = NULL;
		if (l->seams && gutters && gutters->len && !l->furniture) {
			cut = g_new(gboolean, l->seams->n);
			if (!choose_cuts(f, gutters, lines, l, cut))
				g_clear_pointer(&cut, g_free);
		}
		g_ptr_array_add(cuts, cut);
	}
	GPtrArray *out = g_ptr_array_new_full(lines->len, NULL);
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		const gboolean *cut = g_ptr_array_index(cuts, i);
		if (!cut) {
			qk_lline_drop_seams(l);
			g_ptr_array_add(out, l);
			continue;
		}
		guint start = 0;
		for (guint k = 0; k <= l->seams->n; k++) {
			if (k < l->seams->n && !cut[k])
				continue;
			g_ptr_array_add(out, qk_lline_join(l, start, k + 1));
			start = k + 1;
		}
		qk_lline_free(l);
	}
	g_ptr_array_free(cuts, TRUE);
	/* lines takes out's lines (its own were moved there or freed) */
	g_ptr_array_set_free_func(lines, NULL);
	g_ptr_array_set_size(lines, 0);
	g_ptr_array_set_free_func(lines, (GDestroyNotify)qk_lline_free);
	for (guint i = 0; i < out->len; i++)
		g_ptr_array_add(lines, g_ptr_array_index(out, i));
	g_ptr_array_set_free_func(out, NULL);
	g_ptr_array_free(out, TRUE);
	g_array_free(gutters, TRUE);
}
