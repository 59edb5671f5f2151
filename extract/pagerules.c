/*
 * pagerules.c — the printed rules of a newspaper-sized page, for the layout
 * model (LAYOUT.md, "Printed rules"): lines are cut where one runs through
 * a gap (lines.c), reading order cuts at them (order.c) and structure
 * bounds article regions by them (regions.c).
 *
 * The rules are read from the page's vector drawing with the table
 * detector's reader (qk_tables_find_rules through Poppler's core API,
 * pagedoc.cc), never from a render: a page whose drawing cannot be read
 * has none. Only pages of a newspaper's
 * size are read (magazines, letters and journals pay nothing for it), only rules 1.5 body sizes long or more are kept,
 * and the grid lines of a table found on the page stay the table's.
 */
#include <math.h>
#include "layout.h"
#include "tables.h"

/* Smallest page read: three quarters of A3 (a 4开 tabloid, 270 × 390 mm,
 * is 0.85 of it; A4 and the 16开 sizes a half or less). */
#define MIN_AREA (0.75 * 842.0 * 1191.0)
/* Rules this many body sizes long are kept: the sides of a one-line lead
 * box (which make its top and bottom a box's, not parting rules) too. */
#define MIN_LEN_EM 1.5

gboolean qk_layout_rules_page(double width, double height)
{
	return width * height >= MIN_AREA;
}

static gboolean in_table(const QkBox *b, GPtrArray *tables)
{
	for (guint t = 0; tables && t < tables->len; t++) {
		const QkTable *tab = g_ptr_array_index(tables, t);
		if (b->x0 >= tab->bbox.x0 - 2 && b->x1 <= tab->bbox.x1 + 2 &&
		    b->y0 >= tab->bbox.y0 - 2 && b->y1 <= tab->bbox.y1 + 2)
			return TRUE;
	}
	return FALSE;
}

void qk_layout_page_rules(QkVector *vec, const QkGlyphPage *gp, GPtrArray *tables,
                          double body, GArray *out)
{
	if (!vec || !qk_layout_rules_page(gp->width, gp->height))
		return;
	GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
	double min_len = MAX(MIN_LEN_EM * (body > 0 ? body : 10), 20.0);
	qk_tables_find_rules(vec, NULL, gp, 1.0, min_len, h, v);
	for (int pass = 0; pass < 2; pass++) {
		GArray *rs = pass ? v : h;
		for (guint i = 0; i < rs->len; i++) {
			const QkRule *r = &g_array_index(rs, QkRule, i);
			double half = MAX(r->width, 0.1) / 2;
			QkBox b = pass ? (QkBox){ r->pos - half, r->a, r->pos + half, r->b }
			               : (QkBox){ r->a, r->pos - half, r->b, r->pos + half };
			if (!in_table(&b, tables))
				g_array_append_val(out, b);
		}
	}
	g_array_unref(h);
	g_array_unref(v);
}
