/*
 * ocrpage.c — a scanned page's blocks set right before its articles are
 * read: OCR splits a line across the columns in two, reads a column's
 * last line late, and joins blocks across wide white (STRUCTURE.md,
 * Passes). Born-digital pages pass untouched (ocr_dpi 0).
 */
#include <math.h>

#include "structure.h"

/* On a scan, a headline or text block whose lines stand more than three
 * sizes apart is two blocks the layout joined across the white between
 * them (xelatex-mag-57 at 150 dpi p10: the heading 、上半年经济运行的主要特
 * and, 73 pt under it, a pull quote's two lines, one "headline" that took
 * the text under it as an article of its own; weasyprint-mag-143 at 150
 * dpi p8: a pull quote's lines and, 41 pt under, 一、瞄准产业链精准招商). The page's blocks are
 * cut there, the piece under the white a block of its own, read after
 * the blocks of its column above it. */
static void ocr_cut_gaps(QkPage *pg)
{
	if (pg->ocr_dpi <= 0)
		return;
	for (guint k = 0; k < pg->blocks->len; k++) {
		QkBlock *b = g_ptr_array_index(pg->blocks, k);
		guint cut = 0;
		for (guint i = 1; (b->role == QK_ROLE_TITLE || b->role == QK_ROLE_BODY) &&
		                  i < b->lines->len && cut == 0; i++) {
			const QkLine *a = g_ptr_array_index(b->lines, i - 1);
			const QkLine *l = g_ptr_array_index(b->lines, i);
			if (l->bbox.y0 - a->bbox.y1 > 3 * MAX(a->size, l->size))
				cut = i;
		}
		if (cut == 0)
			continue;
		QkBlock *n = qk_block_new();
		n->id = g_strdup_printf("%s-%u", b->id ? b->id : "b", cut + 1);
		n->role = b->role;
		n->font = g_strdup(b->font);
		n->bold = b->bold;
		n->column = b->column;
		while (b->lines->len > cut)
			g_ptr_array_add(n->lines, g_ptr_array_steal_index(b->lines, cut));
		QkBlock *both[] = { b, n };
		for (int j = 0; j < 2; j++) {
			const QkLine *f = g_ptr_array_index(both[j]->lines, 0);
			both[j]->bbox = f->bbox;
			both[j]->size = 0;
			for (guint i = 0; i < both[j]->lines->len; i++) {
				const QkLine *l = g_ptr_array_index(both[j]->lines, i);
				qk_box_union(&both[j]->bbox, &l->bbox);
				both[j]->size = MAX(both[j]->size, l->size);
			}
		}
		/* read after what the white between the pieces holds */
		guint at = k + 1;
		while (at < pg->blocks->len) {
			const QkBlock *o = g_ptr_array_index(pg->blocks, at);
			if (o->column != n->column || o->bbox.y0 >= n->bbox.y0)
				break;
			at++;
		}
		g_ptr_array_insert(pg->blocks, (gint)at, n);
	}
}

/* Horizontal overlap of two boxes (negative: apart). */
static double x_over(const QkBox *a, const QkBox *b)
{
	return MIN(a->x1, b->x1) - MAX(a->x0, b->x0);
}

/* A line of block b runs across a gutter: it overlaps, each by half its
 * width at least, text blocks of two columns of the page. */
static gboolean across_gutter(const QkPage *pg, const QkBlock *b, const QkLine *l)
{
	int seen = -1;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *o = g_ptr_array_index(pg->blocks, k);
		double w = o->bbox.x1 - o->bbox.x0;
		double over = x_over(&l->bbox, &o->bbox);
		if (o == b || o->column < 0 || o->role != QK_ROLE_BODY || w <= 0 ||
		    over < 0.5 * w)
			continue;
		if (seen >= 0 && o->column != seen)
			return TRUE;
		seen = o->column;
	}
	return FALSE;
}

/* ems of blank at most between a line and the rest of its row */
#define QK_ROW_REST_GAP 2.5

/* On a scan, a line of text running across the page's columns (an
 * editor's note over the article) that Tesseract read as two, parted at a
 * wide blank: the right piece became a block of one line, read after the
 * paragraph's other lines or after the columns (weasyprint-mag-143 at 200
 * dpi p8: 导语：今年以来…本期刊发的这组 | 文章，从不同侧面记录了基层干, 1.8
 * ems apart, the piece read after the note's second line; weasyprint-mag-
 * 133 p6, read after the page's third column). The piece goes back after
 * its line when the line is not its block's last (the paragraph runs on
 * under it), spans a gutter (two columns' lines on one row are not one
 * line), and the piece is on its row, in its size (within 15 %), less than
 * QK_ROW_REST_GAP ems right of it. */
static void ocr_row_rests(QkPage *pg)
{
	if (pg->ocr_dpi <= 0)
		return;
	for (guint k = 0; k < pg->blocks->len; k++) {
		QkBlock *b = g_ptr_array_index(pg->blocks, k);
		if (b->role != QK_ROLE_BODY && b->role != QK_ROLE_NOTE)
			continue;
		for (guint i = 0; i + 1 < b->lines->len; i++) {
			const QkLine *l = g_ptr_array_index(b->lines, i);
			const QkLine *u = g_ptr_array_index(b->lines, i + 1);
			double em = MAX(l->size, 1.0);
			double h = l->bbox.y1 - l->bbox.y0;
			if (u->bbox.y0 < l->bbox.y1 || !across_gutter(pg, b, l))
				continue;
			for (guint j = k + 1; j < pg->blocks->len; j++) {
				QkBlock *n = g_ptr_array_index(pg->blocks, j);
				if (n->lines->len != 1 ||
				    (n->role != QK_ROLE_BODY && n->role != QK_ROLE_NOTE))
					continue;
				const QkLine *r = g_ptr_array_index(n->lines, 0);
				double over = MIN(l->bbox.y1, r->bbox.y1) - MAX(l->bbox.y0, r->bbox.y0);
				double gap = r->bbox.x0 - l->bbox.x1;
				if (over < 0.5 * MIN(h, r->bbox.y1 - r->bbox.y0) ||
				    fabs(l->size - r->size) > 0.15 * em ||
				    gap < -0.2 * em || gap > QK_ROW_REST_GAP * em)
					continue;
				g_ptr_array_insert(b->lines, (gint)i + 1,
				                   g_ptr_array_steal_index(n->lines, 0));
				qk_box_union(&b->bbox, &r->bbox);
				g_ptr_array_remove_index(pg->blocks, j);
				break;
			}
		}
	}
}

/* Whether the one line r, under line l of block y (within an em), is the
 * last line of l's column in y: no line of y under l in the column, l
 * full (ending within an em of the column's widest), r starting at the
 * column's left edge (within an em), in l's size (within 15 %). */
static gboolean column_foot(const QkBlock *y, const QkLine *l, const QkLine *r)
{
	double em = MAX(l->size, 1.0);
	double w = r->bbox.x1 - r->bbox.x0, gap = r->bbox.y0 - l->bbox.y1;
	if (x_over(&r->bbox, &l->bbox) < 0.6 * w || fabs(l->size - r->size) > 0.15 * em ||
	    gap < 0 || gap > em)
		return FALSE;
	double left = l->bbox.x0, right = l->bbox.x1;
	for (guint i = 0; i < y->lines->len; i++) {
		const QkLine *m = g_ptr_array_index(y->lines, i);
		if (x_over(&m->bbox, &l->bbox) <= 0)
			continue;
		if (m->bbox.y0 > l->bbox.y0)
			return FALSE;
		left = MIN(left, m->bbox.x0);
		right = MAX(right, m->bbox.x1);
	}
	return l->bbox.x1 >= right - em && fabs(r->bbox.x0 - left) <= em;
}

/* On a scan, a column's last line read as a block of its own after the
 * columns to its right (libreoffice-mag-134 at 200 dpi p3: 纠纷在立案前就
 * 得到了解决。 under column two's 过在线平台远程调解，不少, read after
 * columns three and four): read after the block whose column it ends
 * (column_foot), when no block read between them reaches into the
 * column's band from that line down to it. */
static void ocr_column_feet(QkPage *pg)
{
	if (pg->ocr_dpi <= 0)
		return;
	for (guint k = 2; k < pg->blocks->len; k++) {
		QkBlock *x = g_ptr_array_index(pg->blocks, k);
		if (x->role != QK_ROLE_BODY || x->lines->len != 1)
			continue;
		const QkLine *r = g_ptr_array_index(x->lines, 0);
		guint to = 0;
		for (guint j = 0; j + 1 < k && to == 0; j++) {
			const QkBlock *y = g_ptr_array_index(pg->blocks, j);
			for (guint i = 0; y->role == QK_ROLE_BODY && y->lines->len >= 2 &&
			                  i < y->lines->len && to == 0; i++) {
				const QkLine *l = g_ptr_array_index(y->lines, i);
				if (!column_foot(y, l, r))
					continue;
				gboolean clear = TRUE;
				for (guint b = j + 1; b < k && clear; b++) {
					const QkBlock *o = g_ptr_array_index(pg->blocks, b);
					clear = x_over(&o->bbox, &y->bbox) < 0 || o->bbox.y1 < l->bbox.y0 ||
					        o->bbox.y0 > r->bbox.y1;
				}
				if (clear)
					to = j + 1;
			}
		}
		if (to > 0)
			g_ptr_array_insert(pg->blocks, (gint)to, g_ptr_array_steal_index(pg->blocks, k));
	}
}

void qk_structure_ocr_page(QkPage *pg)
{
	ocr_row_rests(pg);
	ocr_column_feet(pg);
	ocr_cut_gaps(pg);
}
