/*
 * tocpage.c — finding the printed TOC in the issue and reading its lines
 * in order: TOC pages, the TOC's own title, two columns, the pieces of
 * one printed row; toc.c parses the lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "structure.h"

/* The squeezed text of the one-line blocks printed on b's row, left to
 * right: a title letter-spaced so wide that the layout split it (目  录)
 * reads whole again. */
static char *row_text(const QkPage *pg, const QkBlock *b)
{
	const QkBox *r = &b->bbox;
	double h = r->y1 - r->y0, c = (r->y0 + r->y1) / 2;
	GPtrArray *row = g_ptr_array_new();
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *o = g_ptr_array_index(pg->blocks, k);
		double oc = (o->bbox.y0 + o->bbox.y1) / 2;
		if (o->role != QK_ROLE_FURNITURE && o->lines->len == 1 &&
		    fabs(oc - c) < 0.5 * h && fabs(o->size - b->size) < 0.5)
			g_ptr_array_add(row, (gpointer)o);
	}
	/* left to right: a handful of blocks, insertion order by x0 */
	for (guint i = 1; i < row->len; i++)
		for (guint j = i; j > 0 && ((const QkBlock *)row->pdata[j - 1])->bbox.x0 >
		                           ((const QkBlock *)row->pdata[j])->bbox.x0; j--) {
			gpointer t = row->pdata[j];
			row->pdata[j] = row->pdata[j - 1];
			row->pdata[j - 1] = t;
		}
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < row->len; i++) {
		char *t = qk_block_text(row->pdata[i]);
		char *sq = qk_structure_squeeze(t);
		g_string_append(s, sq);
		g_free(sq);
		g_free(t);
	}
	g_ptr_array_free(row, TRUE);
	return g_string_free(s, FALSE);
}

static gint cmp_uint_desc(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return (x < y) - (x > y);
}

/* Mostly TOC text: the layout's toc role on half the page's lines (a
 * 导读 box on a page of articles is not a TOC page). */
static gboolean mostly_toc(const QkPage *pg)
{
	guint toc = 0, all = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		if (b->role == QK_ROLE_FURNITURE || b->role == QK_ROLE_MASTHEAD)
			continue;
		all += b->lines->len;
		if (b->role == QK_ROLE_TOC)
			toc += b->lines->len;
	}
	return toc > 0 && 2 * toc >= all;
}

/* Whether b's text squeezed (qk_block_text, qk_structure_squeeze) holds
 * more than max characters, known from its first ones: joining lines adds
 * spaces, squeezed out, or takes a line's end hyphen away, one at most per
 * join. FALSE when unsure (text not valid UTF-8). A row of blocks holds
 * each one's text: more in it than max makes its row's longer too. */
static gboolean squeezed_longer(const QkBlock *b, glong max)
{
	glong n = b->lines->len ? -(glong)(b->lines->len - 1) : 0;
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		for (const char *p = l->text; p && *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char_validated(p, -1);
			if (c == (gunichar)-1 || c == (gunichar)-2)
				return FALSE;
			if (!g_unichar_isspace(c) && c != 0x3000 && c != 0x00A0 && ++n > max)
				return TRUE;
		}
	}
	return FALSE;
}

/* The block that reads as the TOC's own title (目录, 本期要目: a short
 * block, or a row of one-line blocks, a title letter-spaced so wide that
 * the layout split it) on one of the first pages, or NULL. */
static const QkBlock *toc_head(const QkPage *pg)
{
	if (pg->index > 6)
		return NULL;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		/* (a title of 30 characters at most: a page's body text is not
		 * joined and squeezed to be measured) */
		if (b->role == QK_ROLE_FURNITURE || squeezed_longer(b, 30))
			continue;
		char *sq = b->lines->len == 1 ? row_text(pg, b) : NULL;
		if (sq == NULL) {
			char *t = qk_block_text(b);
			sq = qk_structure_squeeze(t);
			g_free(t);
		}
		gboolean hit = g_utf8_strlen(sq, -1) <= 30 &&
		               qk_structure_is_toc_title(sq, FALSE);
		g_free(sq);
		if (hit)
			return b;
	}
	return NULL;
}

/* Blocks that carry TOC text on a TOC page. */
static gboolean toc_block(const QkBlock *b)
{
	return b->role != QK_ROLE_FURNITURE && b->role != QK_ROLE_MASTHEAD &&
	       b->role != QK_ROLE_TABLE;
}

static gint block_top_cmp(gconstpointer pa, gconstpointer pb)
{
	const QkBlock *a = *(const QkBlock *const *)pa;
	const QkBlock *b = *(const QkBlock *const *)pb;
	return (a->bbox.y0 > b->bbox.y0) - (a->bbox.y0 < b->bbox.y0);
}

/* The TOC under its head, top down: the head's row and the blocks that
 * start before the TOC's text has ended. A headline ends it, and so does,
 * once an entry with its page was read (the issue line and the first
 * section may stand well apart), a gap of more than 2.5 of the last line's
 * height: a letter prints its short TOC (本期要目) above its first
 * article. Returns the blocks (borrowed); *headline tells whether a
 * headline ended it. */
static GPtrArray *toc_region(const QkPage *pg, const QkBlock *head,
                             gboolean *headline)
{
	*headline = FALSE;
	GPtrArray *below = g_ptr_array_new();
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		if (toc_block(b) && b->lines->len > 0 &&
		    (b == head || b->bbox.y0 >= head->bbox.y0 - 1))
			g_ptr_array_add(below, (gpointer)b);
	}
	g_ptr_array_sort(below, block_top_cmp);
	GPtrArray *region = g_ptr_array_new();
	double bottom = head->bbox.y1;
	double h = head->bbox.y1 - head->bbox.y0;
	double head_mid = (head->bbox.y0 + head->bbox.y1) / 2;
	gboolean paged = FALSE;   /* an entry with its page taken yet */
	for (guint k = 0; k < below->len; k++) {
		const QkBlock *b = g_ptr_array_index(below, k);
		gboolean head_row = b == head || (b->bbox.y0 <= head_mid &&
		                                  b->bbox.y1 >= head_mid);
		if (!head_row && (b->role == QK_ROLE_TITLE ||
		                  (paged && b->bbox.y0 - bottom > 2.5 * h))) {
			*headline = b->role == QK_ROLE_TITLE;
			break;
		}
		g_ptr_array_add(region, (gpointer)b);
		for (guint j = 0; j < b->lines->len && !paged; j++) {
			QkTocLine tl;
			qk_structure_parse_toc_line(((const QkLine *)g_ptr_array_index(
				b->lines, j))->text, &tl);
			paged = tl.kind == QK_TOCL_TEXT && tl.page != NULL;
			qk_structure_toc_line_clear(&tl);
		}
		if (b->bbox.y1 > bottom) {
			const QkLine *last = g_ptr_array_index(b->lines,
			                                       b->lines->len - 1);
			bottom = b->bbox.y1;
			h = MAX(last->bbox.y1 - last->bbox.y0, 1.0);
		}
	}
	g_ptr_array_free(below, TRUE);
	return region;
}

typedef struct {
	const QkLine *line;
	int col;        /* 0 left, 1 right, -1 across the page */
	int seq;        /* reading order as extracted */
} TocLine;

/* Top to bottom; lines on one baseline left to right; else as read. */
static gint toc_line_cmp(gconstpointer pa, gconstpointer pb)
{
	const TocLine *a = pa, *b = pb;
	const QkBox *x = &a->line->bbox, *y = &b->line->bbox;
	double h = MAX(MIN(x->y1 - x->y0, y->y1 - y->y0), 1.0);
	double ca = (x->y0 + x->y1) / 2, cb = (y->y0 + y->y1) / 2;
	if (ca - cb < -0.5 * h)
		return -1;
	if (ca - cb > 0.5 * h)
		return 1;
	if (x->x0 != y->x0)
		return x->x0 < y->x0 ? -1 : 1;
	return a->seq - b->seq;
}

/* Rank for reading a two-column TOC: the header across the page, then
 * the left column, then the right one, then what spans below. */
static int toc_rank(const TocLine *l, double first_col_y)
{
	if (l->col >= 0)
		return 1 + l->col;
	return l->line->bbox.y0 < first_col_y ? 0 : 3;
}

static gint toc_col_cmp(gconstpointer pa, gconstpointer pb, gpointer data)
{
	double first_col_y = *(const double *)data;
	int ra = toc_rank(pa, first_col_y), rb = toc_rank(pb, first_col_y);
	if (ra != rb)
		return ra - rb;
	return toc_line_cmp(pa, pb);
}

/* A line only a right-hand TOC column would start with: a section or
 * a title (not a page number or names, which sit at a column's right;
 * nor a scan's page misread, (I) or (3], in the page column at the
 * right of a one-column TOC). */
static gboolean column_starter(const QkWords *w, const QkLine *l, gboolean ocr)
{
	char *page = qk_structure_toc_page_piece(l, ocr);
	g_free(page);
	if (page != NULL)
		return FALSE;
	QkTocLine tl;
	qk_structure_parse_toc_line(l->text, &tl);
	/* (dot leaders alone, a piece of a row, leave no text) */
	gboolean yes = tl.kind == QK_TOCL_SECTION ||
	               (tl.kind == QK_TOCL_TEXT && tl.page == NULL && *tl.text &&
	                !qk_structure_looks_like_names_w(w, tl.text));
	qk_structure_toc_line_clear(&tl);
	return yes;
}

static gboolean same_row(const QkBox *x, const QkBox *y)
{
	double h = MAX(MIN(x->y1 - x->y0, y->y1 - y->y0), 1.0);
	return fabs((x->y0 + x->y1) / 2 - (y->y0 + y->y1) / 2) <= 0.5 * h;
}

/* Whether a line on l's row, left of it, runs past mid: l then ends a
 * row that spans the page (a title's last names wrapped to the right,
 * 石生华 孟 / 洁), not a right-hand column's start. */
static gboolean row_crosses(const GArray *tl, const QkLine *l, double mid)
{
	for (guint j = 0; j < tl->len; j++) {
		const QkLine *o = g_array_index(tl, TocLine, j).line;
		if (o != l && o->bbox.x0 < mid && o->bbox.x1 > mid &&
		    o->bbox.x1 <= l->bbox.x0 && same_row(&o->bbox, &l->bbox))
			return TRUE;
	}
	return FALSE;
}

/* The lines from l's top down that run across l's left edge; in
 * *beside, those that start at it or right of it and are no page
 * pieces (a column's text). */
static guint crossing_below(const GArray *tl, const QkLine *l, gboolean ocr, guint *beside)
{
	guint n = 0;
	*beside = 0;
	for (guint j = 0; j < tl->len; j++) {
		const QkLine *o = g_array_index(tl, TocLine, j).line;
		if (o == l || o->bbox.y1 <= l->bbox.y0)
			continue;
		if (o->bbox.x0 < l->bbox.x0 - 2 && o->bbox.x1 > l->bbox.x0 + 2) {
			n++;
		} else if (o->bbox.x0 >= l->bbox.x0 - 2) {
			char *page = qk_structure_toc_page_piece(o, ocr);
			*beside += page == NULL;
			g_free(page);
		}
	}
	return n;
}

/* Whether a line from l's top down runs across l's left edge: no
 * column starts there (an indented title of a one-column TOC). */
static gboolean crossed_below(const GArray *tl, const QkLine *l)
{
	guint beside;
	return crossing_below(tl, l, FALSE, &beside) > 0;
}

/* Whether more lines from l's top down run across its left edge than
 * start there or right of it as text: the rows of a one-column TOC under
 * a line right of the middle (its 目  录 read 一| on a scan), not a
 * right-hand column, where a row or two may run across (OCR reads
 * across the gutter at times). */
static gboolean mostly_crossed_below(const GArray *tl, const QkLine *l, gboolean ocr)
{
	guint beside, n = crossing_below(tl, l, ocr, &beside);
	return n > beside;
}

/* Whether l's left edge is no column's: a line from l's top down runs
 * across it, or no other line starts there too (a centred section
 * head). */
static gboolean no_column_edge(const GArray *tl, const QkLine *l)
{
	guint aligned = 0;
	for (guint j = 0; j < tl->len; j++) {
		const QkLine *o = g_array_index(tl, TocLine, j).line;
		aligned += o != l && fabs(o->bbox.x0 - l->bbox.x0) < 1.5;
	}
	return crossed_below(tl, l) || aligned == 0;
}

/* Drops the lines of the row that reads as the TOC's own title (目  录,
 * letter-spaced so wide that it may come in pieces). */
static void drop_toc_title(GArray *tl)
{
	for (guint i = 0; i < tl->len; i++) {
		const QkLine *l = g_array_index(tl, TocLine, i).line;
		GString *row = g_string_new(NULL);
		GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
		/* the row's pieces left to right: a title has a handful */
		double last = -G_MAXDOUBLE;
		for (int pass = 0; pass < 8; pass++) {
			guint best = G_MAXUINT;
			for (guint j = 0; j < tl->len; j++) {
				const QkLine *o = g_array_index(tl, TocLine, j).line;
				if (same_row(&l->bbox, &o->bbox) && o->bbox.x0 > last &&
				    (best == G_MAXUINT || o->bbox.x0 <
				     g_array_index(tl, TocLine, best).line->bbox.x0))
					best = j;
			}
			if (best == G_MAXUINT)
				break;
			const QkLine *o = g_array_index(tl, TocLine, best).line;
			char *sq = qk_structure_squeeze(o->text);
			g_string_append(row, sq);
			g_free(sq);
			g_array_append_val(idx, best);
			last = o->bbox.x0;
		}
		gboolean title = qk_structure_is_toc_title(row->str, TRUE) ||
		                 qk_structure_is_toc_title_half(row->str);
		g_string_free(row, TRUE);
		if (title) {
			g_array_sort(idx, cmp_uint_desc);
			for (guint k = 0; k < idx->len; k++)
				g_array_remove_index(tl, g_array_index(idx, guint, k));
			g_array_free(idx, TRUE);
			return;
		}
		g_array_free(idx, TRUE);
	}
}

/* Whether l, a scan's piece opening a row, is one letter other than a
 * digit set in the page column of a TOC printing the page first: two
 * pieces at least of 1-3 digits alone start where it does (within half
 * an em). It is the page, misread (weasyprint-mag-115 at 200 dpi: 4 read
 * 上 over 5, under 1, 2, 3). */
static gboolean page_column_letter(const GArray *tl, const QkLine *l)
{
	if (l->conf == NULL || l->text == NULL || !g_utf8_validate(l->text, -1, NULL))
		return FALSE;
	char *t = g_strstrip(g_strdup(l->text));
	gboolean one = g_utf8_strlen(t, -1) == 1 && !g_ascii_isdigit(*t);
	g_free(t);
	if (!one)
		return FALSE;
	double em = MAX(l->size, 1.0);
	int pages = 0;
	for (guint j = 0; j < tl->len && pages < 2; j++) {
		const QkLine *o = g_array_index(tl, TocLine, j).line;
		gsize n = o->text != NULL ? strlen(o->text) : 0;
		pages += o != l && n >= 1 && n <= 3 && strspn(o->text, "0123456789") == n &&
		         fabs(o->bbox.x0 - l->bbox.x0) < em / 2;
	}
	return pages >= 2;
}

/* Whether l, a scan's piece ending a row, is one or two Latin letters
 * alone right after leaders (prev ends in them): only a page stands
 * there, read as letters (xelatex-mag-137 at 200 dpi: 5 read CR after
 * 怀仁市上半年市场主体保持较快增长 ……). */
static gboolean letters_after_leaders(const QkLine *prev, const QkLine *l)
{
	if (l->conf == NULL || l->text == NULL || prev->text == NULL)
		return FALSE;
	char *t = g_strstrip(g_strdup(l->text));
	gsize n = strlen(t);
	gboolean letters = n >= 1 && n <= 2 && g_ascii_isalpha(t[0]) &&
	                   (n == 1 || g_ascii_isalpha(t[1]));
	g_free(t);
	if (!letters)
		return FALSE;
	char *head = g_strdup(prev->text);
	gboolean leaders = qk_structure_toc_cut_leaders(head, prev->text) >= 2;
	g_free(head);
	return leaders;
}

/* Pieces of one printed TOC row (title, authors, page: the layout may
 * keep them apart) as one line, the pieces two spaces apart. rows owns
 * the lines it makes. On a scan (scan), a piece at a row's end or start
 * that is a misread page is read as one (qk_structure_toc_page_piece),
 * and so is a letter opening a row in the page column of a TOC printing
 * the page first (page_column_letter). */
static void merge_rows(GArray *tl, GPtrArray *rows, gboolean scan)
{
	guint out = 0;
	for (guint i = 0; i < tl->len;) {
		TocLine row = g_array_index(tl, TocLine, i);
		guint j = i + 1;
		for (; j < tl->len; j++) {
			const TocLine *n = &g_array_index(tl, TocLine, j);
			if (n->col != row.col)
				break;
			if (!same_row(&row.line->bbox, &n->line->bbox))
				break;
		}
		if (j > i + 1) {
			QkLine *m = qk_line_new(NULL);
			GString *s = g_string_new(NULL), *conf = g_string_new(NULL);
			gboolean ocr = FALSE;
			m->bbox = row.line->bbox;
			m->size = row.line->size;
			for (guint k = i; k < j; k++) {
				const QkLine *p = g_array_index(tl, TocLine, k).line;
				/* a scan's page set apart at the row's end (or
				 * start), its brackets misread: (3], (I) */
				char *page = k == i || k == j - 1
				             ? qk_structure_toc_page_piece(p, scan) : NULL;
				if (page == NULL && k == i && scan && page_column_letter(tl, p))
					page = g_strdup("(0)");
				if (page == NULL && k == j - 1 && k > i && scan &&
				    letters_after_leaders(g_array_index(tl, TocLine, k - 1).line, p))
					page = g_strdup("(0)");
				QkLine as = *p;
				if (page != NULL) {
					as.text = page;
					as.conf = NULL;
				}
				if (k > i)
					g_string_append(s, "  ");
				g_string_append(s, as.text);
				qk_structure_row_conf_add(conf, &as, k == i);
				g_free(page);
				ocr |= p->conf != NULL;
				qk_box_union(&m->bbox, &p->bbox);
			}
			g_free(m->text);
			m->text = g_string_free(s, FALSE);
			m->conf = g_string_free(conf, !ocr);
			g_ptr_array_add(rows, m);
			row.line = m;
		}
		g_array_index(tl, TocLine, out++) = row;
		i = j;
	}
	g_array_set_size(tl, out);
}

/* Drops the lines after the TOC's last row with its page that stand
 * apart from the row above by more than QK_TOC_FOOT_GAP of their height
 * (a slogan at the page's foot, ·探讨经济新问题·关注社会新热点·, read in
 * pieces on mini at 150 dpi: its middle piece went into the last
 * entry's title). */
#define QK_TOC_FOOT_GAP 4.0
/* dashes are leaders in a piece wider than its characters by this many ems */
#define QK_TOC_DASH_LEADERS 4
static void drop_foot(GArray *tl)
{
	gssize last = -1;
	for (guint i = 0; i < tl->len; i++) {
		QkTocLine t;
		qk_structure_parse_toc_line(g_array_index(tl, TocLine, i).line->text, &t);
		if (t.kind == QK_TOCL_TEXT && t.page != NULL)
			last = i;
		qk_structure_toc_line_clear(&t);
	}
	for (guint i = last + 1; last >= 0 && i < tl->len; i++) {
		const QkBox *a = &g_array_index(tl, TocLine, i - 1).line->bbox;
		const QkBox *b = &g_array_index(tl, TocLine, i).line->bbox;
		double h = MAX(MAX(a->y1 - a->y0, b->y1 - b->y0), 1.0);
		if (b->y0 - a->y1 > QK_TOC_FOOT_GAP * h) {
			g_array_set_size(tl, i);
			break;
		}
	}
}

/* Whether c is what a scan reads a run of leader dots as, when the dots
 * were not found in the image (too fine at 150 dpi): dashes. */
static gboolean dash_like(gunichar c)
{
	return c == 0x2014 || c == 0x4E00 || c == '-' || c == '_' ||
	       c == 0x2500 || c == 0x2015 || c == 0xFF0D;
}

/* A piece read with OCR that ends in dashes stretched far wider than its
 * characters (the box of 任昊—— runs 130 pt for 4 characters of 9 pt):
 * those dashes are the row's leaders, read as such ("……"). A title's
 * dash at the end of a wrapped row is as wide as its characters. rows
 * owns the lines made. */
static void dash_leaders(GArray *tl, GPtrArray *rows)
{
	for (guint i = 0; i < tl->len; i++) {
		TocLine *t = &g_array_index(tl, TocLine, i);
		const QkLine *l = t->line;
		if (l->text == NULL || !g_utf8_validate(l->text, -1, NULL))
			continue;
		glong n = g_utf8_strlen(l->text, -1);
		double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
		const char *end = l->text + strlen(l->text), *cut = end;
		while (cut > l->text &&
		       dash_like(g_utf8_get_char(g_utf8_prev_char(cut))))
			cut = g_utf8_prev_char(cut);
		if (cut == end || em <= 0 ||
		    l->bbox.x1 - l->bbox.x0 < (n + QK_TOC_DASH_LEADERS) * em)
			continue;
		QkLine *m = qk_line_new(NULL);
		g_free(m->text);
		m->text = g_strdup_printf("%.*s……", (int)(cut - l->text), l->text);
		m->bbox = l->bbox;
		m->size = l->size;
		m->bold = l->bold;
		if (l->conf != NULL) {
			glong head = g_utf8_strlen(l->text, cut - l->text);
			GString *c = g_string_new_len(l->conf, MIN((gssize)strlen(l->conf), head));
			g_string_append(c, "ee");
			m->conf = g_string_free(c, FALSE);
		}
		g_ptr_array_add(rows, m);
		t->line = m;
	}
}

/* Parses the TOC printed in blocks (of QkBlock, in reading order) of pg. */
static void parse_toc(QkIssue *issue, const QkPage *pg, const GPtrArray *blocks)
{
	GArray *tl = g_array_new(FALSE, TRUE, sizeof(TocLine));
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	double maxx = 0;
	for (guint k = 0; k < blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(blocks, k);
		for (guint j = 0; j < b->lines->len; j++) {
			TocLine l = { g_ptr_array_index(b->lines, j), -1,
			              (int)tl->len };
			maxx = MAX(maxx, l.line->bbox.x1);
			g_array_append_val(tl, l);
		}
	}
	drop_toc_title(tl);
	if (pg->ocr_dpi > 0)
		dash_leaders(tl, rows);
	/* The layout may read a two-column TOC across the columns: sort
	 * the lines by position instead. */
	double mid = (pg->width > 0 ? pg->width : maxx) / 2;
	gboolean two_col = FALSE;
	const QkWords *words = qk_structure_words();
	for (guint i = 0; i < tl->len && !two_col; i++) {
		const QkLine *l = g_array_index(tl, TocLine, i).line;
		two_col = l->bbox.x0 > mid && !row_crosses(tl, l, mid) &&
		          !mostly_crossed_below(tl, l, pg->ocr_dpi > 0) &&
		          column_starter(words, l, pg->ocr_dpi > 0);
	}
	/* Margins differ (inner wider than outer on a verso page): the
	 * right-hand column may start a little left of the page's middle.
	 * A column starter there counts when nothing below its top runs
	 * across its left edge and another line starts there too: a
	 * gutter, not a title's indent or a centred head. */
	double band = 0.1 * 2 * mid;   /* a tenth of the page's width */
	for (guint i = 0; i < tl->len && !two_col; i++) {
		const QkLine *l = g_array_index(tl, TocLine, i).line;
		if (l->bbox.x0 > mid || l->bbox.x0 < mid - band ||
		    no_column_edge(tl, l) || !column_starter(words, l, pg->ocr_dpi > 0))
			continue;
		two_col = TRUE;
		mid = l->bbox.x0;
	}
	double first_col_y = G_MAXDOUBLE;
	for (guint i = 0; i < tl->len; i++) {
		TocLine *l = &g_array_index(tl, TocLine, i);
		const QkBox *bx = &l->line->bbox;
		if (!two_col)
			l->col = 0;
		else if (bx->x0 >= mid - 6)
			l->col = 1;
		else if (bx->x1 <= mid + 6)
			l->col = 0;
		if (l->col >= 0)
			first_col_y = MIN(first_col_y, bx->y0);
	}
	if (two_col)
		g_array_sort_with_data(tl, toc_col_cmp, &first_col_y);
	else if (pg->width > 0)
		g_array_sort(tl, toc_line_cmp);
	if (pg->width > 0)
		merge_rows(tl, rows, pg->ocr_dpi > 0);
	if (pg->ocr_dpi > 0)
		drop_foot(tl);

	/* authors and page numbers start right of a column's middle */
	GPtrArray *lines = g_ptr_array_new();
	gboolean *right = g_new0(gboolean, tl->len + 1);
	for (guint i = 0; i < tl->len; i++) {
		const TocLine *l = &g_array_index(tl, TocLine, i);
		g_ptr_array_add(lines, (gpointer)l->line);
		double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
		for (guint j = 0; j < tl->len; j++) {
			const TocLine *o = &g_array_index(tl, TocLine, j);
			if (o->col != l->col)
				continue;
			x0 = MIN(x0, o->line->bbox.x0);
			x1 = MAX(x1, o->line->bbox.x1);
		}
		right[i] = l->col >= 0 && x1 > x0 &&
		           l->line->bbox.x0 > x0 + 0.4 * (x1 - x0);
	}
	qk_structure_toc_from_lines(lines, right, issue->toc);
	g_free(right);
	g_ptr_array_free(lines, TRUE);
	g_ptr_array_free(rows, TRUE);
	g_array_free(tl, TRUE);
}

/* Lines of text (TOC blocks') on pg that are not in region (all of
 * them when region is NULL). */
static guint lines_outside(const QkPage *pg, const GPtrArray *region)
{
	guint n = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		gboolean in = FALSE;
		for (guint j = 0; region != NULL && j < region->len && !in; j++)
			in = g_ptr_array_index(region, j) == b;
		if (toc_block(b) && !in)
			n += b->lines->len;
	}
	return n;
}

/* The issue's printed page range: what its pages' numeric labels
 * (OCR reads a few only) give for its first and last page; 1 to the
 * page count when none is printed. */
static void page_range(const QkIssue *issue, long *lo, long *hi)
{
	long np = (long)issue->pages->len;
	*lo = G_MAXLONG;
	*hi = 0;
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		char *end = NULL;
		long n = pg->label ? strtol(pg->label, &end, 10) : 0;
		if (n <= 0 || end == NULL || *end)
			continue;
		*lo = MIN(*lo, MAX(n - (long)i, 1));
		*hi = MAX(*hi, n + np - 1 - (long)i);
	}
	if (*hi == 0) {
		*lo = 1;
		*hi = np;
	}
}

/* The issue's headlines (title blocks of four characters or more), for
 * a TOC's rows to be compared with: an index by similarity, the page of
 * each, and the last page each headline's start (its first 6 characters)
 * is printed on. Made once: an issue without a TOC may be long. */
typedef struct {
	QkTitleIndex *ix;
	GArray *page;        /* per headline: its page's position */
	GHashTable *start;   /* squeezed start -> last page's position + 1 */
} Headlines;

static void headlines_init(Headlines *h, const QkIssue *issue)
{
	h->ix = qk_title_index_new();
	h->page = g_array_new(FALSE, FALSE, sizeof(guint));
	h->start = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *o = g_ptr_array_index(issue->pages, i);
		for (guint k = 0; k < o->blocks->len; k++) {
			const QkBlock *b = g_ptr_array_index(o->blocks, k);
			if (b->role != QK_ROLE_TITLE)
				continue;
			char *t = qk_block_text(b);
			char *sq = qk_structure_squeeze(t);
			g_free(t);
			glong n = g_utf8_strlen(sq, -1);
			if (n >= 4) {
				qk_title_index_add(h->ix, sq);
				g_array_append_val(h->page, i);
				*g_utf8_offset_to_pointer(sq, MIN(n, 6)) = '\0';
				g_hash_table_replace(h->start, g_strdup(sq),
				                     GUINT_TO_POINTER(i + 1));
			}
			g_free(sq);
		}
	}
}

static void headlines_clear(Headlines *h)
{
	qk_title_index_free(h->ix);
	g_array_free(h->page, TRUE);
	g_hash_table_destroy(h->start);
}

/* Whether text names a headline printed after page at: alike as the
 * linking compares them (0.6), or opening with the headline's start (a
 * TOC row runs the title and its subtitle on). */
static gboolean names_title(Headlines *h, const char *text, guint at, GArray *hits)
{
	char *sq = qk_structure_squeeze(text);
	gboolean hit = FALSE;
	qk_title_index_find(h->ix, sq, 0.6, hits);
	for (guint k = 0; k < hits->len && !hit; k++)
		hit = g_array_index(h->page, guint,
		                    g_array_index(hits, QkTitleHit, k).doc) > at;
	glong n = g_utf8_strlen(sq, -1);
	for (glong len = 4; len <= MIN(n, 6) && !hit; len++) {
		char *cut = g_strndup(sq, (gsize)(g_utf8_offset_to_pointer(sq, len) - sq));
		hit = GPOINTER_TO_UINT(g_hash_table_lookup(h->start, cut)) > at + 1;
		g_free(cut);
	}
	g_free(sq);
	return hit;
}

/* Whether a line could print a page: every form
 * qk_structure_parse_toc_line reads opens with a digit or a bracket or
 * ends with a digit or a closing bracket. Only such lines are read for
 * their page, and a page with fewer than three is no TOC by its rows: the
 * costly reading is left out on pages of body text (a newspaper's). */
static gboolean page_like(const char *t)
{
	if (t == NULL || !g_utf8_validate(t, -1, NULL))
		return FALSE;
	while (*t && g_unichar_isspace(g_utf8_get_char(t)))
		t = g_utf8_next_char(t);
	const char *e = t + strlen(t);
	while (e > t && g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(e))))
		e = g_utf8_prev_char(e);
	if (e == t)
		return FALSE;
	gunichar first = g_utf8_get_char(t);
	gunichar last = g_utf8_get_char(g_utf8_prev_char(e));
	/* (a list mark some extractors leave, "- " "• ", comes off first) */
	return g_unichar_isdigit(first) || first == '(' || first == 0xFF08 ||
	       first == '-' || first == 0x2022 ||
	       g_unichar_isdigit(last) || last == ')' || last == 0xFF09 ||
	       last == 0x3009 || last == 0x300B;
}

static guint page_like_lines(const QkPage *pg)
{
	guint n = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		for (guint j = 0; toc_block(b) && j < b->lines->len; j++)
			n += page_like(((const QkLine *)g_ptr_array_index(b->lines, j))->text);
	}
	return n;
}

/* The page a TOC row prints, when in [lo, hi] (lo >= 1), else 0. */
static long printed_page(const char *text, long lo, long hi)
{
	QkTocLine tl;
	qk_structure_parse_toc_line(text, &tl);
	char *end = NULL;
	long n = tl.kind == QK_TOCL_TEXT && tl.page ? strtol(tl.page, &end, 10) : 0;
	gboolean whole = end != NULL && *end == 0;
	qk_structure_toc_line_clear(&tl);
	return n >= lo && n <= hi && whole ? n : 0;
}

/* The page's lines that print a page in [lo, hi], on three distinct
 * pages at least (else 0). Counted before toc_row_evidence reads each
 * line as a row piece, which costs most on a page of text: a names or
 * section line prints no page, so the row pieces do not change it. */
static guint paged_lines(const QkPage *pg, long lo, long hi)
{
	guint paged = 0;
	GHashTable *pages = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		for (guint j = 0; toc_block(b) && j < b->lines->len; j++) {
			const QkLine *l = g_ptr_array_index(b->lines, j);
			if (!page_like(l->text))
				continue;
			long n = printed_page(l->text, lo, hi);
			if (n > 0) {
				paged++;
				g_hash_table_add(pages, GINT_TO_POINTER((int)n));
			}
		}
	}
	guint distinct = g_hash_table_size(pages);
	g_hash_table_destroy(pages);
	return distinct >= 3 ? paged : 0;
}

/* How strongly pg reads as a TOC page by its rows, its own title lost
 * (OCR misses large display type): lines that are, begin or end with a
 * page number in the issue's range [lo, hi], on at least three pages,
 * and lines naming headlines printed later in the issue, together half
 * the page's lines (section heads and names alone left out: neither a
 * TOC's nor a page of text's), at least two of each. 0 when it is no
 * TOC. */
static guint toc_row_evidence(const QkIssue *issue, Headlines *h, guint at,
                              long lo, long hi)
{
	const QkPage *pg = g_ptr_array_index(issue->pages, at);
	guint paged = page_like_lines(pg) < 3 ? 0 : paged_lines(pg, lo, hi);
	if (paged < 3)
		return 0;
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(QkTitleHit));
	const QkWords *words = qk_structure_words();
	guint all = 0, named = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		for (guint j = 0; toc_block(b) && j < b->lines->len; j++) {
			const QkLine *l = g_ptr_array_index(b->lines, j);
			if (qk_structure_toc_row_piece(words, l->text))
				continue;   /* neither for nor against */
			all++;
			named += names_title(h, l->text, at, hits);
		}
	}
	g_array_free(hits, TRUE);
	if (named < 2 || 2 * (paged + named) < all)
		return 0;
	return paged + named;
}

/* On a scan a page's folio may go unread (6.5 pt under the text): a
 * page before the TOC holding a headline over running text (more body
 * text than a cover's or an imprint's: the layout's measure for them is
 * 300 characters) is an article's, numbered or not. magazine-2023-04 at
 * 200 and 300 dpi lost its 卷首语 on page 3, which read no label. */
#define QK_TOC_FRONT_TEXT 500
static gboolean front_article(const QkPage *pg)
{
	if (pg->ocr_dpi <= 0)
		return FALSE;
	gboolean title = FALSE;
	glong text = 0;
	for (guint k = 0; k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		title = title || b->role == QK_ROLE_TITLE;
		if (b->role == QK_ROLE_BODY)
			for (guint j = 0; j < b->lines->len; j++)
				text += g_utf8_strlen(((const QkLine *)g_ptr_array_index(b->lines, j))->text, -1);
	}
	return title && text > QK_TOC_FRONT_TEXT;
}

gboolean qk_structure_find_toc(QkIssue *issue, gboolean *skip)
{
	/* no page with the TOC's own title or the layout's TOC text: the
	 * front page whose rows read most as a TOC's */
	guint rows_page = G_MAXUINT, best = 0;
	gboolean found = FALSE;
	for (guint i = 0; i < issue->pages->len && !found; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		found = toc_head(pg) != NULL || mostly_toc(pg);
	}
	long lo, hi;
	page_range(issue, &lo, &hi);
	Headlines h;
	if (!found)
		headlines_init(&h, issue);
	for (guint i = 0; i < issue->pages->len && !found; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		guint ev = pg->index <= 6 ? toc_row_evidence(issue, &h, i, lo, hi) : 0;
		if (ev > best) {
			best = ev;
			rows_page = i;
		}
	}
	if (!found)
		headlines_clear(&h);
	gboolean have_toc = FALSE;
	for (guint i = 0; i < issue->pages->len; i++) {
		QkPage *pg = g_ptr_array_index(issue->pages, i);
		const QkBlock *head = toc_head(pg);
		gboolean headline = FALSE;
		GPtrArray *region = head ? toc_region(pg, head, &headline) : NULL;
		/* a page of TOC, or a TOC above the page's first articles:
		 * its blocks become TOC blocks, the rest of the page is read
		 * (also when that is only the first article's head, its text
		 * overleaf: a headline under the TOC opens an article) */
		gboolean whole = region ? !headline &&
		                          5 * lines_outside(pg, region) <=
		                          lines_outside(pg, NULL)
		                        : mostly_toc(pg) || i == rows_page;
		if (region == NULL && !whole)
			continue;
		GPtrArray *blocks = g_ptr_array_new();
		for (guint k = 0; k < pg->blocks->len; k++) {
			QkBlock *b = g_ptr_array_index(pg->blocks, k);
			/* a page of TOC under a nameplate: what is printed
			 * wholly above the TOC's own title (the letter's name,
			 * its date) is no entry */
			gboolean in = whole && toc_block(b) &&
			              (head == NULL || b->bbox.y1 > head->bbox.y0);
			for (guint j = 0; !whole && j < region->len && !in; j++)
				in = g_ptr_array_index(region, j) == b;
			if (!in)
				continue;
			g_ptr_array_add(blocks, b);
			if (!whole)
				b->role = QK_ROLE_TOC;
		}
		if (whole) {
			/* unnumbered pages before the 目录 (cover, imprint)
			 * hold no articles either (front_article aside) */
			for (guint k = 0; k < i && !have_toc && i < 6; k++) {
				const QkPage *f = g_ptr_array_index(issue->pages, k);
				if (f->label == NULL && !front_article(f))
					skip[k] = TRUE;
			}
			skip[i] = TRUE;
		}
		have_toc = TRUE;
		parse_toc(issue, pg, blocks);
		g_ptr_array_free(blocks, TRUE);
		if (region != NULL)
			g_ptr_array_free(region, TRUE);
	}
	return have_toc;
}
