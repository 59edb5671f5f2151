/*
 * grid.c — ruled tables: rules that cross form a grid; a grid cell whose
 * separating rule is missing (or crossed by printed text) merges with its
 * neighbour (row and column spans); glyphs fill the merged cells. Grids of
 * prose (a framed note) are dropped.
 */
#include <math.h>
#include "tables.h"

#define TOUCH_TOL 3.0    /* a rule ending this close to another still meets it */
#define LINE_TOL 2.5     /* rules this close are one grid line */
#define MIN_GAP 3.5      /* grid lines closer than this (double rules) are one */
#define MAX_GRID_CELLS 5000
#define MAX_CELL_CHARS 300   /* longer cells are prose in a frame, not a table */
#define MEAN_CELL_CHARS 80

static int uf_find(int *p, int i)
{
	while (p[i] != i) {
		p[i] = p[p[i]];
		i = p[i];
	}
	return i;
}

static void uf_union(int *p, int a, int b)
{
	a = uf_find(p, a);
	b = uf_find(p, b);
	if (a != b)
		p[MAX(a, b)] = MIN(a, b);
}

static gboolean crosses(const QkRule *h, const QkRule *v)
{
	return v->pos >= h->a - TOUCH_TOL && v->pos <= h->b + TOUCH_TOL &&
	       h->pos >= v->a - TOUCH_TOL && h->pos <= v->b + TOUCH_TOL;
}


/* Sorts and clusters positions into grid lines; drops lines that leave a
 * sliver narrower than MIN_GAP (double rules, overhangs). */
static GArray *grid_lines(GArray *pos)
{
	g_array_sort(pos, qk_tables_cmp_double);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
	guint i = 0;
	while (i < pos->len) {
		double sum = 0;
		guint j = i;
		while (j < pos->len && g_array_index(pos, double, j) -
		       g_array_index(pos, double, i) <= LINE_TOL)
			sum += g_array_index(pos, double, j++);
		double m = sum / (j - i);
		g_array_append_val(out, m);
		i = j;
	}
	for (guint k = 1; k < out->len;) {
		if (g_array_index(out, double, k) - g_array_index(out, double, k - 1) >= MIN_GAP) {
			k++;
			continue;
		}
		/* keep the outer line at the ends, the first one inside */
		g_array_remove_index(out, k + 1 == out->len ? k - 1 : k);
	}
	return out;
}

/* Does a rule at pos cover most of [lo, hi]? */
static gboolean has_rule(GArray *rules, const int *members, int n, double pos,
                         double lo, double hi)
{
	double cover = 0;
	for (int i = 0; i < n; i++) {
		const QkRule *r = &g_array_index(rules, QkRule, members[i]);
		if (fabs(r->pos - pos) > LINE_TOL + r->width / 2)
			continue;
		double c = MIN(r->b, hi) - MAX(r->a, lo);
		if (c > 0)
			cover += c;
	}
	return cover >= 0.6 * (hi - lo);
}

static int find_index(GArray *lines, double v)
{
	guint n = lines->len;
	if (v < g_array_index(lines, double, 0) || v >= g_array_index(lines, double, n - 1))
		return -1;
	for (guint i = 0; i + 1 < n; i++)
		if (v < g_array_index(lines, double, i + 1))
			return (int)i;
	return -1;
}

static QkTable *build_table(QkGlyphPage *gp, GArray *hr, GArray *vr,
                            const int *hm, int nh, const int *vm, int nv)
{
	GArray *xp = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *yp = g_array_new(FALSE, FALSE, sizeof(double));
	double hx0 = G_MAXDOUBLE, hx1 = -G_MAXDOUBLE, vy0 = G_MAXDOUBLE, vy1 = -G_MAXDOUBLE;
	for (int i = 0; i < nh; i++) {
		const QkRule *r = &g_array_index(hr, QkRule, hm[i]);
		g_array_append_val(yp, r->pos);
		hx0 = MIN(hx0, r->a);
		hx1 = MAX(hx1, r->b);
	}
	for (int i = 0; i < nv; i++) {
		const QkRule *r = &g_array_index(vr, QkRule, vm[i]);
		g_array_append_val(xp, r->pos);
		vy0 = MIN(vy0, r->a);
		vy1 = MAX(vy1, r->b);
	}
	/* open-sided tables: the ends of the rules are the outer lines */
	g_array_append_val(xp, hx0);
	g_array_append_val(xp, hx1);
	g_array_append_val(yp, vy0);
	g_array_append_val(yp, vy1);
	GArray *xs = grid_lines(xp);
	GArray *ys = grid_lines(yp);
	g_array_unref(xp);
	g_array_unref(yp);

	QkTable *t = NULL;
	int nr = (int)ys->len - 1, nc = (int)xs->len - 1;
	/* hatching or a drawing, not a table (and the bound keeps the cell
	 * lookups below cheap on hostile input) */
	if (nr < 1 || nc < 2 || nr * nc > MAX_GRID_CELLS)
		goto out;

	int ncell = nr * nc;
	int *uf = g_new(int, ncell);
	for (int i = 0; i < ncell; i++)
		uf[i] = i;
	/* Printed text never crosses a rule: a glyph straddling a grid line
	 * proves that cell boundary open (a rule bridged across the masked
	 * glyphs of a spanning row, or one that stops short). */
	gboolean *vopen = g_new0(gboolean, ncell), *hopen = g_new0(gboolean, ncell);
	for (guint g = 0; g < gp->glyphs->len; g++) {
		const QkGlyph *gl = &g_array_index(gp->glyphs, QkGlyph, g);
		if (gl->used || g_unichar_isspace(gl->ch))
			continue;
		double cx = (gl->box.x0 + gl->box.x1) / 2, cy = (gl->box.y0 + gl->box.y1) / 2;
		int i = find_index(ys, cy), j = find_index(xs, cx);
		if (i < 0 || j < 0)
			continue;
		double m = 0.35 * (gl->box.x1 - gl->box.x0);   /* through its middle */
		if (j > 0 && gl->box.x0 + m < g_array_index(xs, double, j))
			vopen[i * nc + j - 1] = TRUE;
		if (j + 1 < nc && gl->box.x1 - m > g_array_index(xs, double, j + 1))
			vopen[i * nc + j] = TRUE;
		m = 0.35 * (gl->box.y1 - gl->box.y0);
		if (i > 0 && gl->box.y0 + m < g_array_index(ys, double, i))
			hopen[(i - 1) * nc + j] = TRUE;
		if (i + 1 < nr && gl->box.y1 - m > g_array_index(ys, double, i + 1))
			hopen[i * nc + j] = TRUE;
	}
	/* a word (glyphs with no gap) running across a grid line, too */
	QkBox area = { g_array_index(xs, double, 0), g_array_index(ys, double, 0),
	               g_array_index(xs, double, nc), g_array_index(ys, double, nr) };
	GPtrArray *words = qk_tables_runs(gp, &area, 0.15);
	for (guint k = 0; k < words->len; k++) {
		const QkRun *w = g_ptr_array_index(words, k);
		int i = find_index(ys, (w->box.y0 + w->box.y1) / 2);
		for (int j = 1; i >= 0 && j < nc; j++) {
			double x = g_array_index(xs, double, j);
			if (w->box.x0 + 0.6 * w->size < x && x < w->box.x1 - 0.6 * w->size)
				vopen[i * nc + j - 1] = TRUE;
		}
	}
	g_ptr_array_unref(words);
	for (int i = 0; i < nr; i++) {
		double y0 = g_array_index(ys, double, i), y1 = g_array_index(ys, double, i + 1);
		for (int j = 0; j + 1 < nc; j++)
			if (vopen[i * nc + j] ||
			    !has_rule(vr, vm, nv, g_array_index(xs, double, j + 1), y0, y1))
				uf_union(uf, i * nc + j, i * nc + j + 1);
	}
	for (int j = 0; j < nc; j++) {
		double x0 = g_array_index(xs, double, j), x1 = g_array_index(xs, double, j + 1);
		for (int i = 0; i + 1 < nr; i++)
			if (hopen[i * nc + j] ||
			    !has_rule(hr, hm, nh, g_array_index(ys, double, i + 1), x0, x1))
				uf_union(uf, i * nc + j, (i + 1) * nc + j);
	}
	g_free(vopen);
	g_free(hopen);
	/* a merged cell is a rectangle: grow each group to its bounding box */
	int *r0 = g_new(int, ncell), *r1 = g_new(int, ncell);
	int *c0 = g_new(int, ncell), *c1 = g_new(int, ncell);
	for (gboolean changed = TRUE; changed;) {
		changed = FALSE;
		for (int k = 0; k < ncell; k++) {
			r0[k] = c0[k] = G_MAXINT;
			r1[k] = c1[k] = -1;
		}
		for (int k = 0; k < ncell; k++) {
			int root = uf_find(uf, k), i = k / nc, j = k % nc;
			r0[root] = MIN(r0[root], i);
			r1[root] = MAX(r1[root], i);
			c0[root] = MIN(c0[root], j);
			c1[root] = MAX(c1[root], j);
		}
		for (int k = 0; k < ncell; k++) {
			if (uf_find(uf, k) != k)
				continue;
			for (int i = r0[k]; i <= r1[k]; i++)
				for (int j = c0[k]; j <= c1[k]; j++)
					if (uf_find(uf, i * nc + j) != k) {
						uf_union(uf, k, i * nc + j);
						changed = TRUE;
					}
		}
	}

	/* a grid needs two columns somewhere and two rows somewhere */
	gboolean two_cols = FALSE, two_rows = FALSE;
	for (int k = 0; k < ncell; k++) {
		int i = k / nc, j = k % nc;
		if (j + 1 < nc && uf_find(uf, k) != uf_find(uf, k + 1))
			two_cols = TRUE;
		if (i + 1 < nr && uf_find(uf, k) != uf_find(uf, k + nc))
			two_rows = TRUE;
	}

	GArray **content = g_new0(GArray *, ncell);
	QkBox bb = { g_array_index(xs, double, 0), g_array_index(ys, double, 0),
	             g_array_index(xs, double, nc), g_array_index(ys, double, nr) };
	int filled = 0;
	if (two_cols && two_rows) {
		for (guint g = 0; g < gp->glyphs->len; g++) {
			QkGlyph *gl = &g_array_index(gp->glyphs, QkGlyph, g);
			if (gl->used)
				continue;
			double cx = (gl->box.x0 + gl->box.x1) / 2, cy = (gl->box.y0 + gl->box.y1) / 2;
			int i = find_index(ys, cy), j = find_index(xs, cx);
			if (i < 0 || j < 0)
				continue;
			int root = uf_find(uf, i * nc + j);
			if (!content[root]) {
				content[root] = g_array_new(FALSE, FALSE, sizeof(guint));
				filled++;
			}
			g_array_append_val(content[root], g);
		}
	}
	/* cell texts; a frame around prose (a boxed note split by a rule) has
	 * long cells, a table short ones */
	char **texts = g_new0(char *, ncell);
	glong chars = 0, longest = 0;
	for (int k = 0; k < ncell && filled >= 2; k++) {
		if (uf_find(uf, k) != k || !content[k])
			continue;
		texts[k] = qk_tables_glyph_text(gp, content[k]);
		glong n = g_utf8_strlen(texts[k], -1);
		chars += n;
		longest = MAX(longest, n);
	}
	if (filled >= 2 && longest <= MAX_CELL_CHARS && chars <= MEAN_CELL_CHARS * filled) {
		t = qk_table_new();
		t->page = t->last_page = gp->index;
		t->ruled = TRUE;
		t->bbox = bb;
		t->rows = nr;
		t->cols = nc;
		GPtrArray *cell_glyphs = g_ptr_array_new();
		for (int k = 0; k < ncell; k++) {
			if (uf_find(uf, k) != k)
				continue;
			g_ptr_array_add(t->cells, qk_cell_new(r0[k], c0[k], r1[k] - r0[k] + 1,
			                                      c1[k] - c0[k] + 1, texts[k] ? texts[k] : ""));
			g_ptr_array_add(cell_glyphs, content[k]);
			if (content[k])
				for (guint g = 0; g < content[k]->len; g++)
					g_array_index(gp->glyphs, QkGlyph,
					              g_array_index(content[k], guint, g)).used = TRUE;
		}
		qk_tables_set_header(t);
		qk_tables_set_indents(t, gp, (GArray *const *)cell_glyphs->pdata);
		g_ptr_array_unref(cell_glyphs);
	}
	for (int k = 0; k < ncell; k++)
		g_free(texts[k]);
	g_free(texts);
	for (int k = 0; k < ncell; k++)
		if (content[k])
			g_array_unref(content[k]);
	g_free(content);
	g_free(uf);
	g_free(r0);
	g_free(r1);
	g_free(c0);
	g_free(c1);
out:
	g_array_unref(xs);
	g_array_unref(ys);
	return t;
}

void qk_tables_from_rules(QkGlyphPage *gp, GArray *hrules, GArray *vrules,
                          GPtrArray *out)
{
	int nh = (int)hrules->len, nv = (int)vrules->len;
	if (nh < 2 || nv < 1)
		return;
	int *uf = g_new(int, nh + nv);
	for (int i = 0; i < nh + nv; i++)
		uf[i] = i;
	for (int i = 0; i < nh; i++)
		for (int j = 0; j < nv; j++)
			if (crosses(&g_array_index(hrules, QkRule, i), &g_array_index(vrules, QkRule, j)))
				uf_union(uf, i, nh + j);

	int *hm = g_new(int, nh), *vm = g_new(int, nv);
	for (int root = 0; root < nh + nv; root++) {
		if (uf_find(uf, root) != root)
			continue;
		int ch = 0, cv = 0;
		for (int i = 0; i < nh; i++)
			if (uf_find(uf, i) == root)
				hm[ch++] = i;
		for (int j = 0; j < nv; j++)
			if (uf_find(uf, nh + j) == root)
				vm[cv++] = j;
		if (ch < 2 || cv < 1)
			continue;
		QkTable *t = build_table(gp, hrules, vrules, hm, ch, vm, cv);
		if (t)
			g_ptr_array_add(out, t);
	}
	g_free(hm);
	g_free(vm);
	g_free(uf);
}
