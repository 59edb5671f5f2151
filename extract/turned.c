/*
 * turned.c — tables set sideways on a portrait page, as desktop-publishing
 * programs place a wide table: its text and rules turned 90°.
 *
 * Poppler reports such glyphs one by one, in page order, so which way the
 * text reads is not known from it: the page's glyphs and rules are turned
 * upright both ways (a copy) and the tables found each way are kept from
 * the way that reads as a table: header rows on top, figures below.
 *
 * Turned glyphs' boxes may be much thicker across the line than the font
 * is (the font's metrics), and not centred on the ink: each glyph is placed
 * where its ink crosses no rule of the table (see settle).
 */
#include <math.h>
#include "tables.h"

/* Neighbouring glyphs (in Poppler's order) more often one above the other
 * than side by side, many times over. Characters stacked one per line in
 * a narrow header cell are a few against a page of upright text. */
gboolean qk_tables_text_turned(const QkGlyphPage *gp)
{
	guint across = 0, along = 0;
	for (guint i = 1; i < gp->glyphs->len; i++) {
		const QkGlyph *a = &g_array_index(gp->glyphs, QkGlyph, i - 1);
		const QkGlyph *b = &g_array_index(gp->glyphs, QkGlyph, i);
		if (g_unichar_isspace(a->ch) || g_unichar_isspace(b->ch))
			continue;
		double dx = (b->box.x0 + b->box.x1 - a->box.x0 - a->box.x1) / 2;
		double dy = (b->box.y0 + b->box.y1 - a->box.y0 - a->box.y1) / 2;
		double em = MAX(MAX(a->size, b->size), 1);
		double d = fabs(dx) + fabs(dy);
		if (d > 1.2 * em || d < 0.2 * em)
			continue;
		if (fabs(dx) >= fabs(dy))
			across++;
		else if (fabs(dx) < 0.25 * em)
			along++;
	}
	return along > 30 && along > 4 * across;
}

/* A box turned upright: turn 1 (text reading bottom to top) maps (x, y) to
 * (h - y, x), turn 3 (top to bottom) to (y, w - x), for a w × h page. back
 * undoes it: each is the other's inverse on the turned page (h × w). */
static QkBox turn_box(QkBox b, int turn, double w, double h, gboolean back)
{
	if (back) {
		turn = 4 - turn;
		double t = w;
		w = h;
		h = t;
	}
	if (turn == 1)
		return (QkBox){ h - b.y1, b.x0, h - b.y0, b.x1 };
	return (QkBox){ b.y0, w - b.x1, b.y1, w - b.x0 };
}

/* The page's rules turned: horizontal ones become vertical and the other
 * way round. */
static void turn_rules(GArray *h, GArray *v, int turn, double w, double ht,
                       GArray *th, GArray *tv)
{
	for (guint i = 0; i < h->len; i++) {
		QkRule r = g_array_index(h, QkRule, i);
		QkBox b = turn_box((QkBox){ r.a, r.pos, r.b, r.pos }, turn, w, ht, FALSE);
		QkRule t = { b.x0, b.y0, b.y1, r.width };
		g_array_append_val(tv, t);
	}
	for (guint i = 0; i < v->len; i++) {
		QkRule r = g_array_index(v, QkRule, i);
		QkBox b = turn_box((QkBox){ r.pos, r.a, r.pos, r.b }, turn, w, ht, FALSE);
		QkRule t = { b.y0, b.x0, b.x1, r.width };
		g_array_append_val(th, t);
	}
}

/* Poppler's size and along-line extent of turned glyphs are unreliable
 * (glyphs.c also widens a box thinner than the size): the size is taken
 * as the usual step between neighbouring Chinese characters on a line
 * (their advance is one em), and each box is rebuilt around its centre,
 * one em wide for a wide character (or one wide in Chinese text: —),
 * 0.6 em for others. */
static void resize(GArray *glyphs)
{
	GArray *steps = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 1; i < glyphs->len; i++) {
		const QkGlyph *a = &g_array_index(glyphs, QkGlyph, i - 1);
		const QkGlyph *b = &g_array_index(glyphs, QkGlyph, i);
		if (!g_unichar_iswide(a->ch) || !g_unichar_iswide(b->ch))
			continue;
		double dx = fabs(b->box.x0 + b->box.x1 - a->box.x0 - a->box.x1) / 2;
		double dy = fabs(b->box.y0 + b->box.y1 - a->box.y0 - a->box.y1) / 2;
		if (dy < 0.2 * dx && dx < 1.5 * MAX(a->size, b->size))
			g_array_append_val(steps, dx);
	}
	if (steps->len >= 5) {
		g_array_sort(steps, qk_tables_cmp_double);
		double em = g_array_index(steps, double, steps->len / 2);
		for (guint i = 0; i < glyphs->len; i++) {
			QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
			double cx = (g->box.x0 + g->box.x1) / 2;
			double half = (g_unichar_iswide_cjk(g->ch) ? 0.5 : 0.3) * em;
			g->size = em;
			g->box.x0 = cx - half;
			g->box.x1 = cx + half;
		}
	}
	g_array_unref(steps);
}

/* Glyphs whose box is thicker than its ink leave the ink's place unknown
 * inside it. One shift for all such glyphs of the page (they share the
 * font's metrics): the one within the slack that puts fewest inks (a
 * font size tall, centred) across a horizontal rule; no shift on a tie. */
static void settle(GArray *glyphs, GArray *hrules)
{
	double slack = 0;
	for (guint i = 0; i < glyphs->len; i++) {
		const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		slack = MAX(slack, (g->box.y1 - g->box.y0 - g->size) / 2);
	}
	if (slack <= 0 || hrules->len == 0)
		return;
	double best = 0;
	guint best_cross = G_MAXUINT;
	for (int step = 0; step <= (int)(2 * slack / 0.5); step++) {
		/* 0 first, then outwards both ways */
		double d = (step % 2 ? 1 : -1) * 0.5 * ((step + 1) / 2);
		if (fabs(d) > slack)
			continue;
		guint cross = 0;
		for (guint i = 0; i < glyphs->len; i++) {
			const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
			double cy = (g->box.y0 + g->box.y1) / 2 + d, cx = (g->box.x0 + g->box.x1) / 2;
			double half = 0.4 * g->size;
			for (guint k = 0; k < hrules->len; k++) {
				const QkRule *r = &g_array_index(hrules, QkRule, k);
				if (cx > r->a && cx < r->b && r->pos > cy - half && r->pos < cy + half)
					cross++;
			}
		}
		if (cross < best_cross) {
			best_cross = cross;
			best = d;
		}
	}
	for (guint i = 0; i < glyphs->len; i++) {
		QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		double cy = (g->box.y0 + g->box.y1) / 2 + best, half = g->size / 2;
		g->box.y0 = cy - half;
		g->box.y1 = cy + half;
	}
}

/* How well tables read: header rows on top, figures in the body. */
static int score(GPtrArray *tables)
{
	int s = 0;
	for (guint i = 0; i < tables->len; i++) {
		const QkTable *t = g_ptr_array_index(tables, i);
		s += t->header_rows > 0 ? 10 : 0;
		for (guint k = 0; k < t->cells->len; k++) {
			const QkCell *c = g_ptr_array_index(t->cells, k);
			s += !c->header && qk_tables_is_number(c->text->text);
		}
	}
	return s;
}

GPtrArray *qk_tables_find_turned(QkVector *vec, PopplerPage *page, QkGlyphPage *gp)
{
	GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
	if (vec || page)
		qk_tables_page_rules(vec, page, gp, h, v);
	GPtrArray *best = NULL;
	GArray *best_glyphs = NULL;
	int best_turn = 0, best_score = -1;
	for (int turn = 1; turn <= 3; turn += 2) {
		QkGlyphPage tp = *gp;
		tp.width = gp->height;
		tp.height = gp->width;
		tp.glyphs = g_array_copy(gp->glyphs);
		for (guint i = 0; i < tp.glyphs->len; i++) {
			QkGlyph *g = &g_array_index(tp.glyphs, QkGlyph, i);
			g->box = turn_box(g->box, turn, gp->width, gp->height, FALSE);
			/* Poppler took each turned glyph for a word of its own */
			g->space_after = FALSE;
		}
		GArray *th = g_array_new(FALSE, FALSE, sizeof(QkRule));
		GArray *tv = g_array_new(FALSE, FALSE, sizeof(QkRule));
		turn_rules(h, v, turn, gp->width, gp->height, th, tv);
		resize(tp.glyphs);
		settle(tp.glyphs, th);
		GPtrArray *found = qk_tables_find(NULL, NULL, &tp, th, tv);
		g_array_unref(th);
		g_array_unref(tv);
		int s = score(found);
		if (s > best_score) {
			if (best)
				g_ptr_array_unref(best);
			if (best_glyphs)
				g_array_unref(best_glyphs);
			best = found;
			best_glyphs = tp.glyphs;
			best_score = s;
			best_turn = turn;
		} else {
			g_ptr_array_unref(found);
			g_array_unref(tp.glyphs);
		}
	}
	for (guint i = 0; i < best_glyphs->len; i++)
		g_array_index(gp->glyphs, QkGlyph, i).used = g_array_index(best_glyphs, QkGlyph, i).used;
	for (guint i = 0; i < best->len; i++) {
		QkTable *t = g_ptr_array_index(best, i);
		t->bbox = turn_box(t->bbox, best_turn, gp->width, gp->height, TRUE);
		if (t->title)
			t->title_box = turn_box(t->title_box, best_turn, gp->width,
			                        gp->height, TRUE);
	}
	g_array_unref(best_glyphs);
	g_array_unref(h);
	g_array_unref(v);
	return best;
}
