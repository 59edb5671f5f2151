/*
 * tables.c — table detection driver: decides which pages are worth
 * rendering, runs the ruled (rules.c, grid.c) and unruled (unruled.c)
 * detectors, attaches title, source and note lines, and merges tables that
 * continue across pages. Also the glyph helpers shared by those files.
 */
#include <math.h>
#include <string.h>
#include "tables.h"
#include "keysort.h"
#include "fileio.h"

/* Rendering scale for rule tracing (px per pt) and the shortest rule kept. */
#define RULE_SCALE 1.5
#define RULE_MIN_LEN 6.0

void qk_run_free(QkRun *run)
{
	if (!run)
		return;
	if (run->idx)
		g_array_unref(run->idx);
	g_free(run->text);
	g_free(run);
}

/* CJK text runs without spaces; a gap there is not a word break. */
static gboolean is_cjk(gunichar c)
{
	/* the common cases without GLib's table searches: nothing below
	 * U+1100 is wide or of these scripts; the unified ideographs of
	 * Unicode 1.1 are all Han */
	if (c < 0x1100)
		return FALSE;
	if (c >= 0x4E00 && c <= 0x9FA5)
		return TRUE;
	GUnicodeScript s = g_unichar_get_script(c);
	return s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
	       s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL ||
	       g_unichar_iswide(c);
}

gboolean qk_tables_is_number(const char *text)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	gunichar c = g_utf8_get_char(p);
	if (c == '-' || c == '+' || c == 0x2212 || c == 0xFF0D || c == 0x2013 ||
	    c == 0x2014)
		p = g_utf8_next_char(p);
	int digits = 0;
	for (; *p; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		if (c < 0x80 && g_ascii_isdigit((char)c))
			digits++;
		else if (c != '.' && c != ',' && c != ' ')
			break;
	}
	if (*p && (g_str_equal(p, "%") || g_str_equal(p, "\u2030") ||
	           g_str_equal(p, "\uFF05")))
		p += strlen(p);
	return digits > 0 && !*p;
}

/* A dash alone marks a missing value in a column of numbers. */
static gboolean is_dash(const char *text)
{
	return g_str_equal(text, "-") || g_str_equal(text, "—") ||
	       g_str_equal(text, "——") || g_str_equal(text, "－") ||
	       g_str_equal(text, "–") || g_str_equal(text, "…");
}

static double gsize_of(const QkGlyph *g)
{
	double h = g->box.y1 - g->box.y0;
	return g->size > 0 ? g->size : (h > 0 ? h : 10);
}

static const QkGlyph *glyph_at(const QkGlyphPage *gp, GArray *idx, guint i)
{
	return &g_array_index(gp->glyphs, QkGlyph, g_array_index(idx, guint, i));
}

/* Sort context for glyph index arrays. */
static int cmp_by_cy(gconstpointer a, gconstpointer b, gpointer data)
{
	const QkGlyphPage *gp = data;
	const QkGlyph *x = &g_array_index(gp->glyphs, QkGlyph, *(const guint *)a);
	const QkGlyph *y = &g_array_index(gp->glyphs, QkGlyph, *(const guint *)b);
	double cx = x->box.y0 + x->box.y1, cy = y->box.y0 + y->box.y1;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

static int cmp_by_x(gconstpointer a, gconstpointer b, gpointer data)
{
	const QkGlyphPage *gp = data;
	const QkGlyph *x = &g_array_index(gp->glyphs, QkGlyph, *(const guint *)a);
	const QkGlyph *y = &g_array_index(gp->glyphs, QkGlyph, *(const guint *)b);
	return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

/* Splits glyph indices (any order) into lines: GPtrArray of GArray(guint),
 * top to bottom, each left to right. A glyph joins the line whose mean
 * centre is within half its font size: judged on the size, not the box,
 * because some producers' fonts give boxes taller than the line pitch
 * (a box-overlap test then merged a wrapped header's two lines into one,
 * read left to right across both: 累计完 over 成 as 累计成完). */
static GPtrArray *split_lines(const QkGlyphPage *gp, GArray *idx)
{
	GArray *s = g_array_sized_new(FALSE, FALSE, sizeof(guint), idx->len);
	g_array_append_vals(s, idx->data, idx->len);
	g_array_sort_with_data(s, cmp_by_cy, (gpointer)gp);
	GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	GArray *cur = NULL;
	double sum = 0, em = 0;   /* the line's centres summed, its smallest size */
	for (guint i = 0; i < s->len; i++) {
		const QkGlyph *g = glyph_at(gp, s, i);
		double cy = (g->box.y0 + g->box.y1) / 2, size = gsize_of(g);
		if (!cur || fabs(cy - sum / cur->len) > 0.5 * MIN(em, size)) {
			cur = g_array_new(FALSE, FALSE, sizeof(guint));
			g_ptr_array_add(lines, cur);
			sum = 0;
			em = size;
		}
		g_array_append_val(cur, g_array_index(s, guint, i));
		sum += cy;
		em = MIN(em, size);
	}
	for (guint i = 0; i < lines->len; i++)
		g_array_sort_with_data(g_ptr_array_index(lines, i), cmp_by_x, (gpointer)gp);
	g_array_unref(s);
	return lines;
}

/* One line's glyphs (left to right) as text: a space where Latin words
 * are apart; CJK glyphs are joined unless clearly spaced. */
static void line_text(const QkGlyphPage *gp, GArray *line, guint from, guint to,
                      GString *out)
{
	const QkGlyph *prev = NULL;
	for (guint i = from; i < to; i++) {
		const QkGlyph *g = glyph_at(gp, line, i);
		if (g_unichar_isspace(g->ch) || g->ch == 0)
			continue;
		if (prev) {
			double gap = g->box.x0 - prev->box.x1;
			double em = MAX(gsize_of(g), gsize_of(prev));
			gboolean cjk = is_cjk(g->ch) && is_cjk(prev->ch);
			/* a word space Poppler saw counts beside Latin text: some
			 * producers set it narrower than the gap test wants */
			if (gap > (cjk ? 0.8 : 0.18) * em || (!cjk && prev->space_after && gap > 0.05 * em))
				g_string_append_c(out, ' ');
		}
		g_string_append_unichar(out, g->ch);
		prev = g;
	}
}

char *qk_tables_glyph_text(const QkGlyphPage *gp, GArray *idx)
{
	GPtrArray *lines = split_lines(gp, idx);
	GString *out = g_string_new(NULL);
	GString *one = g_string_new(NULL);
	for (guint i = 0; i < lines->len; i++) {
		GArray *l = g_ptr_array_index(lines, i);
		g_string_truncate(one, 0);
		line_text(gp, l, 0, l->len, one);
		qk_text_join(out, one->str);
	}
	g_string_free(one, TRUE);
	g_ptr_array_unref(lines);
	return g_string_free(out, FALSE);
}

int qk_tables_cmp_double(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A label column is left-aligned when its labels start at a few places
 * (three at most), two at least at its leftmost text edge, and most there
 * or all a whole number of ems in from it (sub-rows set in); centred
 * labels of varying length start anywhere. Numbers and centred columns
 * get no indent. */
void qk_tables_set_indents(QkTable *t, const QkGlyphPage *gp, GArray *const *glyphs)
{
	guint n = t->cells->len;
	double *x0 = g_new(double, n), *em = g_new(double, n);
	for (guint i = 0; i < n; i++) {
		QkCell *c = g_ptr_array_index(t->cells, i);
		x0[i] = G_MAXDOUBLE;
		em[i] = 0;
		if (c->header || !glyphs[i] || !glyphs[i]->len || qk_tables_is_number(c->text->text))
			continue;
		/* where its first line starts: a wrapped label may hang out
		 * (以公允价值计量且其变动计入 / 当期损益的金融资产) */
		double top = G_MAXDOUBLE;
		for (guint k = 0; k < glyphs[i]->len; k++) {
			const QkGlyph *g = glyph_at(gp, glyphs[i], k);
			top = MIN(top, (g->box.y0 + g->box.y1) / 2);
			em[i] = MAX(em[i], gsize_of(g));
		}
		for (guint k = 0; k < glyphs[i]->len; k++) {
			const QkGlyph *g = glyph_at(gp, glyphs[i], k);
			if ((g->box.y0 + g->box.y1) / 2 - top < 0.5 * gsize_of(g))
				x0[i] = MIN(x0[i], g->box.x0);
		}
	}
	for (int col = 0; col < t->cols; col++) {
		double left = G_MAXDOUBLE;
		int labels = 0, at_left = 0, on_ems = 0, places = 0;
		GArray *starts = g_array_new(FALSE, FALSE, sizeof(double));
		for (guint i = 0; i < n; i++)
			if (((QkCell *)g_ptr_array_index(t->cells, i))->col == col && em[i] > 0)
				left = MIN(left, x0[i]);
		for (guint i = 0; i < n; i++)
			if (((QkCell *)g_ptr_array_index(t->cells, i))->col == col && em[i] > 0) {
				double ems = (x0[i] - left) / em[i];
				labels++;
				at_left += ems < 0.3;
				on_ems += fabs(ems - floor(ems + 0.5)) < 0.3 && ems < 6.5;
				g_array_append_val(starts, ems);
			}
		g_array_sort(starts, qk_tables_cmp_double);
		for (guint k = 0; k < starts->len; k++)
			places += k == 0 || g_array_index(starts, double, k) -
			                    g_array_index(starts, double, k - 1) > 0.3;
		g_array_unref(starts);
		if (labels < 3 || at_left < 2 || places > 3 ||
		    (2 * at_left <= labels && 10 * on_ems < 9 * labels))
			continue;
		for (guint i = 0; i < n; i++) {
			QkCell *c = g_ptr_array_index(t->cells, i);
			if (c->col == col && em[i] > 0)
				c->indent = (int)floor((x0[i] - left) / em[i] + 0.3);
		}
	}
	g_free(x0);
	g_free(em);
}

static int cmp_run_cy(gconstpointer a, gconstpointer b)
{
	const QkRun *x = *(QkRun *const *)a, *y = *(QkRun *const *)b;
	double cx = x->box.y0 + x->box.y1, cy = y->box.y0 + y->box.y1;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

static int cmp_run_line(gconstpointer a, gconstpointer b)
{
	const QkRun *x = *(QkRun *const *)a, *y = *(QkRun *const *)b;
	if (x->line != y->line)
		return x->line - y->line;
	return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

/* A run being grown left to right. Its vertical extent is that of its
 * first glyph and never changes, so the active runs can be kept sorted by
 * centre. */
typedef struct {
	/* its glyphs: positions in the x-sorted list, chained by next[] (one
	 * array for all runs rather than an array of each run's growing) */
	guint first, last, count;
	double x1, y0, y1, em, yc;
	gboolean open;
	gboolean overdue;   /* in the overdue list */
} Growing;

/* A run's earliest closing point: it may end once a glyph starts beyond
 * x1 + gap × em (a larger glyph may hold it open a little longer). */
typedef struct {
	double at;
	guint run;
} Deadline;

/* A binary min-heap of deadlines by point (a plain array: a GArray's
 * append and resize calls were a tenth of the runs' cost). */
typedef struct {
	Deadline *d;
	guint len, cap;
} Heap;

static void heap_push(Heap *heap, double at, guint run)
{
	if (heap->len == heap->cap) {
		heap->cap = heap->cap ? 2 * heap->cap : 64;
		heap->d = g_renew(Deadline, heap->d, heap->cap);
	}
	Deadline *h = heap->d;
	h[heap->len++] = (Deadline){ at, run };
	for (guint i = heap->len - 1; i > 0;) {
		guint p = (i - 1) / 2;
		if (h[p].at <= h[i].at)
			break;
		Deadline t = h[p];
		h[p] = h[i];
		h[i] = t;
		i = p;
	}
}

/* Moves the top down to its place. */
static void heap_sift_top(Heap *heap)
{
	Deadline *h = heap->d;
	for (guint i = 0;;) {
		guint l = 2 * i + 1, r = l + 1, m = i;
		if (l < heap->len && h[l].at < h[m].at)
			m = l;
		if (r < heap->len && h[r].at < h[m].at)
			m = r;
		if (m == i)
			break;
		Deadline t = h[m];
		h[m] = h[i];
		h[i] = t;
		i = m;
	}
}

static Deadline heap_pop(Heap *heap)
{
	Deadline top = heap->d[0];
	heap->d[0] = heap->d[--heap->len];
	heap_sift_top(heap);
	return top;
}

static int cmp_guint(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return (x > y) - (x < y);
}

/* First position in the centre-sorted active list (of run numbers) whose
 * centre is at or below yc (ties: higher run number later). */
static guint active_lower(const GArray *active, const Growing *rs, double yc, guint run)
{
	guint lo = 0, hi = active->len;
	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		const Growing *m = &rs[g_array_index(active, guint, mid)];
		if (m->yc < yc || (m->yc == yc && g_array_index(active, guint, mid) < run))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Characters a table number or a dash cell may hold (see
 * qk_tables_is_number and is_dash): a run with any other is no number. */
static gboolean numberish(gunichar c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' || c == '+' ||
	       c == '%' || c == 0x2212 || c == 0xFF0D || c == 0x2013 || c == 0x2014 ||
	       c == 0x2030 || c == 0xFF05 || c == 0x2026;
}

/* Ends a run: its glyphs (left to right) become a QkRun. With lazy_text
 * only a run that may be a number gets its text now (the rest: NULL, see
 * fill_text). */
/* A run's box, size, text (with lazy_text only when it may be a number)
 * and kind, from its glyphs. */
static void measure_run(const QkGlyphPage *gp, QkRun *r, gboolean lazy_text)
{
	r->box = glyph_at(gp, r->idx, 0)->box;
	gboolean maybe_number = TRUE;
	for (guint i = 0; i < r->idx->len; i++) {
		const QkGlyph *g = glyph_at(gp, r->idx, i);
		qk_box_union(&r->box, &g->box);
		r->size = MAX(r->size, gsize_of(g));
		maybe_number = maybe_number && numberish(g->ch);
	}
	if (!lazy_text || maybe_number) {
		GString *s = g_string_new(NULL);
		line_text(gp, r->idx, 0, r->idx->len, s);
		r->text = g_string_free(s, FALSE);
		r->numeric = maybe_number && (qk_tables_is_number(r->text) || is_dash(r->text));
	}
}

static void close_run(const QkGlyphPage *gp, const GArray *sorted, const guint *next,
                      Growing *a, gboolean lazy_text, GPtrArray *runs)
{
	QkRun *r = g_new0(QkRun, 1);
	r->idx = g_array_sized_new(FALSE, FALSE, sizeof(guint), a->count);
	g_array_set_size(r->idx, a->count);
	for (guint k = 0, p = a->first; k < a->count; k++, p = next[p])
		g_array_index(r->idx, guint, k) = g_array_index(sorted, guint, p);
	measure_run(gp, r, lazy_text);
	g_ptr_array_add(runs, r);
	a->open = FALSE;
}

QkRun *qk_tables_run_part(const QkGlyphPage *gp, const QkRun *r, guint from, guint to)
{
	QkRun *p = g_new0(QkRun, 1);
	p->idx = g_array_sized_new(FALSE, FALSE, sizeof(guint), to - from);
	g_array_append_vals(p->idx, &g_array_index(r->idx, guint, from), to - from);
	p->line = r->line;
	measure_run(gp, p, FALSE);
	return p;
}

/* Gives every run built with lazy_text its text. */
static void fill_text(const QkGlyphPage *gp, GPtrArray *runs)
{
	for (guint i = 0; i < runs->len; i++) {
		QkRun *r = g_ptr_array_index(runs, i);
		if (r->text)
			continue;
		GString *s = g_string_new(NULL);
		line_text(gp, r->idx, 0, r->idx->len, s);
		r->text = g_string_free(s, FALSE);
	}
}

/* qk_tables_runs; with lazy_text only runs that may be numbers get their
 * text (enough for the page candidate test; fill_text adds the rest). */
static GPtrArray *build_runs(const QkGlyphPage *gp, const QkBox *area, double gap_em,
                             gboolean lazy_text)
{
	/* glyph order for growing runs: left edge, then glyph number */
	QkKeyed *keys = g_new(QkKeyed, gp->glyphs->len ? gp->glyphs->len : 1);
	guint nk = 0;
	for (guint i = 0; i < gp->glyphs->len; i++) {
		const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		if (g->used || g_unichar_isspace(g->ch) || g->ch == 0)
			continue;
		double cx = (g->box.x0 + g->box.x1) / 2, cy = (g->box.y0 + g->box.y1) / 2;
		if (area && (cx < area->x0 || cx > area->x1 || cy < area->y0 || cy > area->y1))
			continue;
		keys[nk].key = qk_key_double(g->box.x0);
		keys[nk++].idx = i;
	}
	qk_keysort(keys, nk);
	GArray *idx = g_array_sized_new(FALSE, FALSE, sizeof(guint), nk);
	g_array_set_size(idx, nk);
	for (guint k = 0; k < nk; k++)
		g_array_index(idx, guint, k) = keys[k].idx;
	g_free(keys);

	/* Runs grow left to right: a glyph continues the run that ends just
	 * before it on the same baseline, so columns of text side by side never
	 * mix, whatever their line pitch. Before a glyph is placed, every run it
	 * starts too far right of is closed (in the order the runs began); then
	 * the glyph joins the open run whose centre is nearest its own (the
	 * earliest begun on a tie). Runs are found through a list sorted by
	 * centre and a heap of closing points, not by scanning every open run. */
	GPtrArray *runs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_run_free);
	GArray *rs = g_array_new(FALSE, FALSE, sizeof(Growing));   /* by run number */
	GArray *active = g_array_new(FALSE, FALSE, sizeof(guint)); /* by centre */
	Heap heap_ = { NULL, 0, 0 }, *heap = &heap_;
	guint *next = g_new(guint, idx->len ? idx->len : 1);
	GArray *overdue = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *closing = g_array_new(FALSE, FALSE, sizeof(guint));
	double hmax = 0;   /* tallest run begun so far */
	const double slack = 1e-6;
	for (guint i = 0; i <= idx->len; i++) {
		const QkGlyph *g = i < idx->len ? glyph_at(gp, idx, i) : NULL;
		if (!g) {   /* the end: every open run closes, in order */
			for (guint k = 0; k < rs->len; k++) {
				Growing *a = &g_array_index(rs, Growing, k);
				if (a->open)
					close_run(gp, idx, next, a, lazy_text, runs);
			}
			break;
		}
		double em = gsize_of(g);
		/* runs past their closing point, checked exactly: an open run
		 * not overdue has one entry, at or before its closing point (a
		 * glyph joining it moves the point on, not the entry) */
		while (heap->len && heap->d[0].at < g->box.x0 + slack) {
			guint run = heap->d[0].run;
			Growing *a = &g_array_index(rs, Growing, run);
			double at = a->x1 + gap_em * a->em;
			if (at >= g->box.x0 + slack) {
				/* it grew since: the entry moves on (in place, as a pop
				 * and a push would) */
				heap->d[0].at = at;
				heap_sift_top(heap);
			} else {
				heap_pop(heap);
				a->overdue = TRUE;
				g_array_append_val(overdue, run);
			}
		}
		if (closing->len)
			g_array_set_size(closing, 0);
		for (guint k = 0; k < overdue->len;) {
			guint r = g_array_index(overdue, guint, k);
			Growing *a = &g_array_index(rs, Growing, r);
			double maxgap = gap_em * MAX(a->em, em);
			if (g->box.x0 - a->x1 > maxgap) {
				g_array_append_val(closing, r);
			} else if (a->x1 + gap_em * a->em >= g->box.x0 + slack) {
				/* it grew since: back under watch */
				heap_push(heap, a->x1 + gap_em * a->em, r);
			} else {
				k++;
				continue;
			}
			a->overdue = FALSE;
			g_array_remove_index_fast(overdue, k);
		}
		if (closing->len) {
			g_array_sort(closing, cmp_guint);
			for (guint k = 0; k < closing->len; k++) {
				guint r = g_array_index(closing, guint, k);
				Growing *a = &g_array_index(rs, Growing, r);
				guint pos = active_lower(active, (Growing *)rs->data, a->yc, r);
				g_array_remove_index(active, pos);
				close_run(gp, idx, next, a, lazy_text, runs);
			}
		}
		/* the open run on the glyph's line, nearest by centre */
		double cy = (g->box.y0 + g->box.y1) / 2, gh = g->box.y1 - g->box.y0;
		double reach = 0.3 * MAX(hmax, gh) + 1;
		int best = -1;
		double best_dy = G_MAXDOUBLE;
		const Growing *base = (const Growing *)rs->data;
		for (guint k = active_lower(active, base, cy - reach, 0); k < active->len; k++) {
			guint r = g_array_index(active, guint, k);
			const Growing *a = &base[r];
			if (a->yc > cy + reach)
				break;
			double ac = (a->y0 + a->y1) / 2;
			double dy = fabs(cy - ac);
			if (dy <= 0.3 * MAX(a->y1 - a->y0, gh) && g->box.x0 >= a->x1 - 0.5 * em &&
			    (dy < best_dy || (dy == best_dy && (int)r < best))) {
				best = (int)r;
				best_dy = dy;
			}
		}
		if (best >= 0) {
			Growing *a = &g_array_index(rs, Growing, best);
			next[a->last] = i;
			a->last = i;
			a->count++;
			a->x1 = MAX(a->x1, g->box.x1);
			a->em = MAX(a->em, em);
		} else {
			Growing a = { i, i, 1, g->box.x1, g->box.y0, g->box.y1, em, cy, TRUE, FALSE };
			guint r = rs->len;
			g_array_append_val(rs, a);
			g_array_insert_val(active, active_lower(active, (Growing *)rs->data, cy, r), r);
			heap_push(heap, a.x1 + gap_em * a.em, r);
			hmax = MAX(hmax, g->box.y1 - g->box.y0);
		}
	}
	g_array_unref(closing);
	g_array_unref(overdue);
	g_free(heap->d);
	g_array_unref(active);
	g_array_unref(rs);
	g_array_unref(idx);
	g_free(next);

	/* lines: runs whose centres are within 0.4 em of the line's first run */
	g_ptr_array_sort(runs, cmp_run_cy);
	int line = -1;
	double lcy = 0, lh = 0;
	for (guint i = 0; i < runs->len; i++) {
		QkRun *r = g_ptr_array_index(runs, i);
		double cy = (r->box.y0 + r->box.y1) / 2, h = r->box.y1 - r->box.y0;
		if (line < 0 || cy - lcy > 0.4 * MAX(lh, h)) {
			line++;
			lcy = cy;
			lh = h;
		}
		r->line = line;
	}
	g_ptr_array_sort(runs, cmp_run_line);
	return runs;
}

GPtrArray *qk_tables_runs(const QkGlyphPage *gp, const QkBox *area, double gap_em)
{
	return build_runs(gp, area, gap_em, FALSE);
}

/* ---- header rows ------------------------------------------------------ */

static gboolean is_year(const char *t)
{
	if (strlen(t) != 4 || !g_ascii_isdigit(t[0]))
		return FALSE;
	gint64 v = g_ascii_strtoll(t, NULL, 10);
	return v >= 1900 && v <= 2100;
}

/* Header rows are the leading rows that hold no numbers (years aside) and
 * name most columns: a row with a label and empty values is data. */
void qk_tables_set_header(QkTable *t)
{
	int hr = 0;
	for (int r = 0; r < t->rows; r++) {
		int numeric = 0, covered = 0;
		for (int c = 0; c < t->cols; c++) {
			QkCell *cell = qk_table_cell(t, r, c);
			if (!cell || !*cell->text->text)
				continue;
			if (c > 0 || cell->colspan > 1)
				covered++;
			if (cell->row == r && cell->col == c &&
			    (qk_tables_is_number(cell->text->text) || is_dash(cell->text->text)) &&
			    !is_year(cell->text->text))
				numeric++;
		}
		if (numeric > 0 || 2 * covered < t->cols - 1 || r == t->rows - 1)
			break;
		hr = r + 1;
	}
	/* a header cell spanning down makes its rows header rows too */
	for (gboolean grew = TRUE; grew;) {
		grew = FALSE;
		for (guint i = 0; i < t->cells->len; i++) {
			QkCell *c = g_ptr_array_index(t->cells, i);
			if (c->row < hr && c->row + c->rowspan > hr && c->row + c->rowspan < t->rows) {
				hr = c->row + c->rowspan;
				grew = TRUE;
			}
		}
	}
	t->header_rows = hr;
	for (guint i = 0; i < t->cells->len; i++) {
		QkCell *c = g_ptr_array_index(t->cells, i);
		c->header = c->row < hr;
	}
}

/* ---- title, source and note ------------------------------------------- */

/* The words that mark the lines around a table (data/table-labels.txt). */
typedef struct {
	GPtrArray *source_prefix, *source_suffix, *note_prefix, *unit_prefix, *title_prefix;
} Labels;

static void labels_free(Labels *l)
{
	g_ptr_array_unref(l->source_prefix);
	g_ptr_array_unref(l->source_suffix);
	g_ptr_array_unref(l->note_prefix);
	g_ptr_array_unref(l->unit_prefix);
	g_ptr_array_unref(l->title_prefix);
}

static void labels_load(Labels *l)
{
	GPtrArray **lists[] = { &l->source_prefix, &l->source_suffix, &l->note_prefix,
	                        &l->unit_prefix, &l->title_prefix };
	static const char *const kinds[] = { "source-prefix", "source-suffix", "note-prefix",
	                                     "unit-prefix", "title-prefix" };
	for (gsize k = 0; k < G_N_ELEMENTS(lists); k++)
		*lists[k] = g_ptr_array_new_with_free_func(g_free);
	GBytes *b = qk_data_lookup("table-labels.txt", NULL);
	if (!b)
		return;
	gsize len;
	const char *data = g_bytes_get_data(b, &len);
	char *text = g_strndup(data, len);
	char **lines = g_strsplit(text, "\n", -1);
	for (char **ln = lines; *ln; ln++) {
		g_strchomp(*ln);
		char *tab = strchr(*ln, '\t');
		if (**ln == '#' || !tab || !tab[1])
			continue;
		*tab = '\0';
		for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++)
			if (g_str_equal(*ln, kinds[k]))
				g_ptr_array_add(*lists[k], g_strdup(tab + 1));
	}
	g_strfreev(lines);
	g_free(text);
	g_bytes_unref(b);
}

static const char *has_prefix(GPtrArray *list, const char *text)
{
	for (guint i = 0; i < list->len; i++)
		if (g_str_has_prefix(text, g_ptr_array_index(list, i)))
			return text + strlen(g_ptr_array_index(list, i));
	return NULL;
}

static gboolean has_digit(const char *text)
{
	for (const char *p = text; *p; p++)
		if (g_ascii_isdigit(*p))
			return TRUE;
	return FALSE;
}

/* Returns the source named by text (资料来源：X → X; 朔州市统计局 itself),
 * or NULL when text is not a source line. */
static char *source_of(const Labels *lb, const char *text)
{
	const char *p = has_prefix(lb->source_prefix, text);
	if (p) {
		while (*p == ' ')
			p++;
		return *p ? g_strdup(p) : NULL;
	}
	if (g_utf8_strlen(text, -1) > 20 || has_digit(text))
		return NULL;
	for (guint i = 0; i < lb->source_suffix->len; i++)
		if (g_str_has_suffix(text, g_ptr_array_index(lb->source_suffix, i)))
			return g_strdup(text);
	return NULL;
}

/* The title is a short line centred over the table, bold, or numbered
 * (表1 …); a line of running text above the table is none of these. */
static gboolean title_like(const Labels *lb, const QkGlyphPage *gp, const QkRun *r,
                           const QkTable *t)
{
	glong n = g_utf8_strlen(r->text, -1);
	if (n < 2 || n > 120 || g_str_has_suffix(r->text, "。") ||
	    g_str_has_prefix(r->text, "·") || qk_tables_is_number(r->text))
		return FALSE;
	if (has_prefix(lb->title_prefix, r->text))
		return TRUE;
	if (n > 60)
		return FALSE;
	double tw = t->bbox.x1 - t->bbox.x0, rw = r->box.x1 - r->box.x0;
	double off = fabs((r->box.x0 + r->box.x1) / 2 - (t->bbox.x0 + t->bbox.x1) / 2);
	if (rw < 0.9 * tw && off <= 0.1 * tw)
		return TRUE;
	guint bold = 0;
	for (guint i = 0; i < r->idx->len; i++)
		bold += g_array_index(gp->glyphs, QkGlyph, g_array_index(r->idx, guint, i)).bold;
	return rw < tw && 2 * bold > r->idx->len;
}

static void mark_used(QkGlyphPage *gp, const QkRun *r)
{
	for (guint i = 0; i < r->idx->len; i++)
		g_array_index(gp->glyphs, QkGlyph, g_array_index(r->idx, guint, i)).used = TRUE;
}

static int cmp_run_above(gconstpointer a, gconstpointer b)
{
	const QkRun *x = *(QkRun *const *)a, *y = *(QkRun *const *)b;
	return (x->box.y1 < y->box.y1) - (x->box.y1 > y->box.y1);
}

static int cmp_run_below(gconstpointer a, gconstpointer b)
{
	const QkRun *x = *(QkRun *const *)a, *y = *(QkRun *const *)b;
	return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

/* How far (in its size) a label may stand from the table: on an OCR page
 * lines are boxed by their ink, not their font, and the table by its
 * rules as the scan shows them, so the white between them measures
 * larger (mini at 150 dpi: its note 1.6 em under the table, 0.8 em in the
 * PDF). */
#define LABEL_GAP 1.5
#define OCR_LABEL_GAP 2.0

static void attach_labels(const Labels *lb, QkGlyphPage *gp, QkTable *t)
{
	double apart = gp->ocr ? OCR_LABEL_GAP : LABEL_GAP;
	/* split at gutters: a label must not run into the next column */
	GPtrArray *runs = qk_tables_runs(gp, NULL, 1.0);
	GPtrArray *above = g_ptr_array_new(), *below = g_ptr_array_new();
	double half = (t->bbox.x1 - t->bbox.x0) / 2;
	for (guint i = 0; i < runs->len; i++) {
		QkRun *r = g_ptr_array_index(runs, i);
		/* a unit line may be set flush right of the text column, beyond
		 * a narrow table */
		double reach = has_prefix(lb->unit_prefix, r->text) ? half : 0;
		if (r->box.x1 <= t->bbox.x0 - reach || r->box.x0 >= t->bbox.x1 + reach)
			continue;
		/* by the centre: some fonts' boxes are taller than their line */
		double cy = (r->box.y0 + r->box.y1) / 2;
		if (r->box.y1 <= t->bbox.y0 + 1 || cy <= t->bbox.y0 - 0.25 * r->size)
			g_ptr_array_add(above, r);
		else if (r->box.y0 >= t->bbox.y1 - 1 || cy >= t->bbox.y1 + 0.25 * r->size)
			g_ptr_array_add(below, r);
	}
	g_ptr_array_sort(above, cmp_run_above);
	g_ptr_array_sort(below, cmp_run_below);

	/* A unit line just over the table, wherever it stands on its line
	 * (单位：人民币元 flush right of a heading). */
	for (guint i = 0; i < above->len && !t->unit; i++) {
		QkRun *r = g_ptr_array_index(above, i);
		if (t->bbox.y0 - r->box.y1 > 2.5 * r->size)
			break;
		const char *unit = has_prefix(lb->unit_prefix, r->text);
		while (unit && *unit == ' ')
			unit++;
		if (unit && *unit) {
			t->unit = g_strdup(unit);
			mark_used(gp, r);
		}
	}

	/* Above: nearest first; source and unit lines may sit between title
	 * and grid. A title is close: a running head further up is not one. */
	double edge = t->bbox.y0;
	QkRun *title = NULL;
	for (guint i = 0; i < above->len && i < 4 && !title; i++) {
		QkRun *r = g_ptr_array_index(above, i);
		if (edge - r->box.y1 > apart * r->size)
			break;
		char *src = source_of(lb, r->text);
		const char *unit = src ? NULL : has_prefix(lb->unit_prefix, r->text);
		if (unit) {
			/* 单位：亿元: the table's unit; the title is above it */
			while (*unit == ' ')
				unit++;
			if (!t->unit && *unit)
				t->unit = g_strdup(unit);
			mark_used(gp, r);
			edge = MIN(edge, r->box.y0);
			continue;
		}
		if (src && !t->source) {
			t->source = src;
		} else if (!src && title_like(lb, gp, r, t)) {
			title = r;
			t->title = g_strdup(r->text);
			t->title_box = r->box;
		} else {
			g_free(src);
			break;
		}
		mark_used(gp, r);
		edge = MIN(edge, r->box.y0);
	}
	/* a title wrapped over two or three lines: lines tightly above it,
	 * in the same size */
	for (guint i = 0; title && i < above->len; i++) {
		QkRun *r = g_ptr_array_index(above, i);
		if (r->box.y1 > title->box.y0 + 1 || r == title)
			continue;
		if (title->box.y0 - r->box.y1 > 0.6 * title->size ||
		    fabs(r->size - title->size) > 0.5 || !title_like(lb, gp, r, t))
			break;
		GString *s = g_string_new(r->text);
		qk_text_join(s, t->title);
		g_free(t->title);
		t->title = g_string_free(s, FALSE);
		qk_box_union(&t->title_box, &r->box);
		mark_used(gp, r);
		title = r;
	}

	/* Below: the note (possibly several lines) and the source. */
	edge = t->bbox.y1;
	gboolean in_note = FALSE;
	double note_x0 = 0, prev_x1 = 0;
	for (guint i = 0; i < below->len; i++) {
		QkRun *r = g_ptr_array_index(below, i);
		if (r->box.y0 - edge > apart * r->size)
			break;
		char *src = source_of(lb, r->text);
		if (src && !t->source) {
			t->source = src;
			in_note = FALSE;
		} else if (has_prefix(lb->note_prefix, r->text) && !t->note) {
			g_free(src);
			t->note = g_strdup(r->text);
			note_x0 = r->box.x0;
			in_note = TRUE;
		} else if (in_note && !src && r->box.x0 >= note_x0 - r->size &&
		           prev_x1 >= t->bbox.x1 - 2 * r->size) {
			/* the note wrapped: its previous line ran to the right edge */
			GString *s = g_string_new(t->note);
			qk_text_join(s, r->text);
			g_free(t->note);
			t->note = g_string_free(s, FALSE);
		} else {
			g_free(src);
			break;
		}
		mark_used(gp, r);
		edge = MAX(edge, r->box.y1);
		prev_x1 = r->box.x1;
	}
	g_ptr_array_unref(above);
	g_ptr_array_unref(below);
	g_ptr_array_unref(runs);
}

/* ---- driver ----------------------------------------------------------- */

/* A page may hold a table when several lines carry two or more separate
 * numbers, or a number beside two other cells: false for running text, so
 * that only such pages are rendered (rendering costs more than reading the
 * whole page's text). A ruled table of words only is therefore not looked
 * for. Judged on runs at the unruled detector's gap, so that a candidate
 * page's runs serve that detector too. */
static gboolean candidate_runs(GPtrArray *runs)
{
	int rows = 0, wide = 0;
	guint i = 0;
	while (i < runs->len) {
		QkRun *a = g_ptr_array_index(runs, i);
		int nums = 0, n = 0;
		guint j = i;
		for (; j < runs->len; j++) {
			QkRun *b = g_ptr_array_index(runs, j);
			if (b->line != a->line)
				break;
			nums += b->numeric;
			n++;
		}
		if (nums >= 2 || (nums >= 1 && n >= 3))
			rows++;
		/* three figures set apart on one line: prose never does that */
		wide += nums >= 3;
		i = j;
	}
	/* two rows: the last rows of a table continued from the page before;
	 * one wide one: its very last row, under its repeated header */
	return rows >= 2 || wide >= 1;
}

/* Every numeric run holds an ASCII digit or is a dash (qk_tables_is_number,
 * is_dash), and a candidate page has two numeric runs at least: a page with
 * fewer such glyphs (prose, or figures set in full-width digits) is no
 * candidate, which is known without building its runs. */
static gboolean has_two_figures(const QkGlyphPage *gp)
{
	int n = 0;
	for (guint i = 0; i < gp->glyphs->len && n < 2; i++) {
		const QkGlyph *g = &g_array_index(gp->glyphs, QkGlyph, i);
		gunichar c = g->ch;
		if (!g->used && ((c >= '0' && c <= '9') || c == '-' || c == 0x2014 ||
		                 c == 0xFF0D || c == 0x2013 || c == 0x2026))
			n++;
	}
	return n >= 2;
}

gboolean qk_tables_page_candidate(const QkGlyphPage *gp)
{
	if (!has_two_figures(gp))
		return FALSE;
	/* only runs that may be numbers need their text for this */
	GPtrArray *runs = build_runs(gp, NULL, QK_TABLES_GAP_EM, TRUE);
	gboolean yes = candidate_runs(runs);
	g_ptr_array_unref(runs);
	return yes;
}

static guint count_used(const QkGlyphPage *gp)
{
	guint n = 0;
	for (guint i = 0; i < gp->glyphs->len; i++)
		n += g_array_index(gp->glyphs, QkGlyph, i).used;
	return n;
}

GPtrArray *qk_extract_tables(QkVector *vec, PopplerPage *page, QkGlyphPage *gp)
{
	if (gp && gp->glyphs && qk_tables_text_turned(gp))
		return qk_tables_find_turned(vec, page, gp);
	return qk_tables_find(vec, page, gp, NULL, NULL);
}

GPtrArray *qk_tables_find(QkVector *vec, PopplerPage *page, QkGlyphPage *gp,
                          GArray *hrules, GArray *vrules)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
	if (!gp || !gp->glyphs || gp->glyphs->len == 0)
		return out;
	if (!has_two_figures(gp))
		return out;
	guint used = count_used(gp);
	GPtrArray *runs = build_runs(gp, NULL, QK_TABLES_GAP_EM, TRUE);
	if (!candidate_runs(runs)) {
		g_ptr_array_unref(runs);
		return out;
	}
	if (hrules && vrules) {
		GArray *h = g_array_copy(hrules), *v = g_array_copy(vrules);
		qk_tables_from_rules(gp, h, v, out);
		g_array_unref(h);
		g_array_unref(v);
	} else if (vec || page) {
		GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
		GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
		/* the whole page: a table's rules reach well beyond its figures
		 * (headers, rows of words, a source row at the bottom) */
		qk_tables_page_rules(vec, page, gp, h, v);
		qk_tables_from_rules(gp, h, v, out);
		g_array_unref(h);
		g_array_unref(v);
	}
	Labels lb;
	labels_load(&lb);
	guint nruled = out->len;
	for (guint i = 0; i < nruled; i++)
		attach_labels(&lb, gp, g_ptr_array_index(out, i));
	/* the candidate test's runs still hold when no glyph was taken since */
	if (count_used(gp) == used) {
		fill_text(gp, runs);
		qk_tables_find_unruled(gp, runs, out);
	} else {
		qk_tables_find_unruled(gp, NULL, out);
	}
	g_ptr_array_unref(runs);
	for (guint i = nruled; i < out->len; i++)
		attach_labels(&lb, gp, g_ptr_array_index(out, i));
	labels_free(&lb);
	return out;
}

void qk_tables_page_rules(QkVector *vec, PopplerPage *page, const QkGlyphPage *gp,
                          GArray *hrules, GArray *vrules)
{
	qk_tables_find_rules(vec, page, gp, RULE_SCALE, RULE_MIN_LEN, hrules, vrules);
}

/* ---- tables continued across pages ------------------------------------ */

static gboolean same_header(const QkTable *a, const QkTable *b)
{
	if (a->header_rows != b->header_rows || b->header_rows == 0)
		return FALSE;
	for (int r = 0; r < a->header_rows; r++)
		for (int c = 0; c < a->cols; c++) {
			QkCell *x = qk_table_cell(a, r, c), *y = qk_table_cell(b, r, c);
			if (!x || !y)
				continue;
			if (x->row != y->row || x->col != y->col || x->colspan != y->colspan ||
			    !g_str_equal(x->text->text, y->text->text))
				return FALSE;
		}
	return TRUE;
}

static gboolean continues(const Labels *lb, const QkTable *a, const QkTable *b,
                          gboolean a_last, gboolean b_first)
{
	if (!a_last || !b_first || b->page != a->last_page + 1 || a->cols != b->cols ||
	    a->ruled != b->ruled || a->note)
		return FALSE;
	/* as wide; where it stands may move with the page's margins (mirrored
	 * on facing pages) */
	if (fabs((a->bbox.x1 - a->bbox.x0) - (b->bbox.x1 - b->bbox.x0)) > 12)
		return FALSE;
	/* the same header repeated says so whatever unnumbered line over it
	 * was taken for a title (a running head); 表2 … is a table of its own */
	return !b->title || g_str_has_prefix(b->title, "续表") ||
	       (a->title && g_str_equal(a->title, b->title)) ||
	       (same_header(a, b) && !has_prefix(lb->title_prefix, b->title));
}

/* A label cell spanning down to the bottom of a part goes on at the top of
 * the next: there its column starts with an empty cell beside figures.
 * That empty cell (row first of b) is dropped and a's last cell in the
 * column spans over its rows too. */
static void continue_spans(QkTable *a, QkTable *b, int first)
{
	for (int col = 0; col < a->cols; col++) {
		QkCell *y = qk_table_cell(a, a->rows - 1, col);
		QkCell *x = qk_table_cell(b, first, col);
		if (!x || !y || x->row != first || x->col != col || y->col != col ||
		    x->colspan != y->colspan || y->header || *x->text->text ||
		    !*y->text->text || qk_tables_is_number(y->text->text) || is_dash(y->text->text))
			continue;
		gboolean figures = FALSE;
		for (int k = col + x->colspan; k < b->cols && !figures; k++) {
			QkCell *v = qk_table_cell(b, first, k);
			figures = v && qk_tables_is_number(v->text->text);
		}
		if (!figures)
			continue;
		y->rowspan += x->rowspan;
		g_ptr_array_remove(b->cells, x);   /* frees it */
	}
}

/* Is row r of t drawn but empty: every cell on it starts and ends there
 * and holds nothing (the top of a row split at the page break)? */
static gboolean empty_row(const QkTable *t, int r)
{
	for (guint i = 0; i < t->cells->len; i++) {
		const QkCell *c = g_ptr_array_index(t->cells, i);
		if (c->row > r || c->row + c->rowspan <= r)
			continue;
		if (c->row != r || c->rowspan != 1 || *c->text->text)
			return FALSE;
	}
	return TRUE;
}

void qk_extract_tables_merge(GPtrArray *tables, GArray *dropped)
{
	Labels lb;
	labels_load(&lb);
	guint i = 1;
	while (i < tables->len) {
		QkTable *a = g_ptr_array_index(tables, i - 1);
		QkTable *b = g_ptr_array_index(tables, i);
		/* tables come in page order: a is the last table of its page and b
		 * the first of the next one when their pages differ */
		gboolean edge = b->page != a->last_page;
		if (!continues(&lb, a, b, edge, edge)) {
			i++;
			continue;
		}
		int drop = same_header(a, b) ? b->header_rows : 0;
		/* empty rows at the top of the continuation: a row split by the
		 * page break (its text is on the page before) */
		while (drop < b->rows - 1 && empty_row(b, drop))
			drop++;
		int offset = a->rows - drop;
		if (drop < b->rows)
			continue_spans(a, b, drop);
		for (guint k = 0; k < b->cells->len; k++) {
			QkCell *c = g_ptr_array_index(b->cells, k);
			if (c->row < drop)
				continue;
			g_ptr_array_index(b->cells, k) = NULL;
			c->row += offset;
			c->header = FALSE;
			g_ptr_array_add(a->cells, c);
		}
		a->rows += b->rows - drop;
		a->last_page = b->last_page;
		if (!a->source && b->source) {
			a->source = b->source;
			b->source = NULL;
		}
		if (b->note) {
			a->note = b->note;
			b->note = NULL;
		}
		/* a line over the part that labels nothing (a running head):
		 * printed text all the same */
		if (dropped && b->title && !g_str_has_prefix(b->title, "续表") &&
		    !(a->title && g_str_equal(a->title, b->title))) {
			QkDroppedTitle d = { b->page, b->title_box };
			g_array_append_val(dropped, d);
		}
		QkTable *gone = g_ptr_array_steal_index(tables, i);
		qk_table_free(gone);
	}
	labels_free(&lb);
}
