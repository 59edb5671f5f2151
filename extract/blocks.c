/*
 * blocks.c — ordered lines → blocks (paragraphs).
 *
 * Within one column leaf (see order.c) a new block starts when
 *   - the font size or weight changes,
 *   - the gap to the previous line is clearly wider than the leaf's leading,
 *   - the line is indented by about two em (a new paragraph), or
 *   - the previous line stopped short of the column's right edge, or
 *   - the line is a heading in another font after a sentence's end.
 * A paragraph cut at the bottom of a column (last line full width, no
 * sentence-final punctuation) and picked up at the top of the next column
 * without indent is one block again. Furniture lines become furniture
 * blocks (page head first, page foot last); tables become TABLE blocks at
 * their place in the reading order.
 */
#include <math.h>
#include <string.h>
#include "layout.h"

typedef struct {
	QkBlock *block;
	int leaf;
	double left, right;      /* edges of the block's leaf */
	gboolean first_indented;
	gboolean last_full;
	gboolean spanning;
	gboolean apart;          /* first line set far in from the leaf's edge */
} BInfo;

typedef struct {
	double left, right, leading;
} LeafStat;

static gboolean ends_sentence(const char *text)
{
	static const char *const enders[] = {
		"。", "！", "？", "”", "」", "』", "…", "：", ".", "!", "?", "；", "）", ")", NULL
	};
	char *t = g_strstrip(g_strdup(text));
	gboolean end = !*t;
	for (int i = 0; enders[i] && !end; i++)
		end = g_str_has_suffix(t, enders[i]);
	g_free(t);
	return end;
}

/* A line that stops short of the column's right edge ends its paragraph
 * when it ends a sentence or is clearly short; a line cut early only because
 * a number or Latin word did not fit (up to a few em) does not. */
static gboolean short_line_ends(const QkLLine *l, const LeafStat *s)
{
	double width = s->right - s->left;
	return ends_sentence(l->text->str) || l->bbox.x1 - s->left < 0.6 * width;
}

static void add_line(QkBlock *b, const QkLLine *l)
{
	QkLine *ql = qk_line_new(l->text->str);
	ql->raw = l->raw ? g_strdup(l->raw->str) : NULL;
	ql->conf = l->conf ? g_strndup(l->conf->str, l->conf->len) : NULL;
	ql->bbox = l->bbox;
	ql->font = g_strdup(l->font);
	ql->size = l->size;
	ql->bold = l->bold;
	if (!b->lines->len) {
		b->bbox = l->bbox;
	} else {
		qk_box_union(&b->bbox, &l->bbox);
	}
	g_ptr_array_add(b->lines, ql);
}

/* Dominant font, size and weight of a block, weighted by characters. */
static void block_style(QkBlock *b)
{
	GHashTable *fonts = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *sizes = g_hash_table_new(g_direct_hash, g_direct_equal);
	long bold = 0, total = 0;
	int best_f = 0, best_s = 0;
	for (guint i = 0; i < b->lines->len; i++) {
		QkLine *l = g_ptr_array_index(b->lines, i);
		int n = (int)g_utf8_strlen(l->text, -1);
		total += n;
		bold += l->bold ? n : 0;
		const char *f = l->font ? l->font : "";
		int fc = GPOINTER_TO_INT(g_hash_table_lookup(fonts, f)) + n;
		g_hash_table_insert(fonts, (gpointer)f, GINT_TO_POINTER(fc));
		if (fc > best_f) {
			best_f = fc;
			g_free(b->font);
			b->font = g_strdup(f);
		}
		gpointer sk = GINT_TO_POINTER((int)lround(l->size * 10) + 1);
		int sc = GPOINTER_TO_INT(g_hash_table_lookup(sizes, sk)) + n;
		g_hash_table_insert(sizes, sk, GINT_TO_POINTER(sc));
		if (sc > best_s) {
			best_s = sc;
			b->size = l->size;
		}
	}
	b->bold = total > 0 && bold * 2 > total;
	g_hash_table_destroy(fonts);
	g_hash_table_destroy(sizes);
}

static int cmp_pos(gconstpointer a, gconstpointer b)
{
	const QkLLine *la = *(QkLLine *const *)a, *lb = *(QkLLine *const *)b;
	if (fabs(la->yc - lb->yc) > 0.3 * MIN(la->size, lb->size))
		return la->yc < lb->yc ? -1 : 1;
	return la->bbox.x0 < lb->bbox.x0 ? -1 : la->bbox.x0 > lb->bbox.x0;
}

static void add_furniture(QkPage *page, GPtrArray *furn, gboolean top)
{
	for (guint i = 0; i < furn->len; i++) {
		QkLLine *l = g_ptr_array_index(furn, i);
		gboolean is_top = l->yc < page->height / 2;
		if (is_top != top)
			continue;
		/* an edition header's pieces on one row form one block */
		QkBlock *prev = page->blocks->len
			? g_ptr_array_index(page->blocks, page->blocks->len - 1) : NULL;
		if (prev && prev->role == QK_ROLE_FURNITURE && prev->furniture &&
		    !strcmp(prev->furniture, l->furniture) &&
		    !strcmp(l->furniture, "edition-header") &&
		    fabs((prev->bbox.y0 + prev->bbox.y1) / 2 - l->yc) < l->size) {
			add_line(prev, l);
			block_style(prev);
			continue;
		}
		QkBlock *b = qk_block_new();
		b->role = QK_ROLE_FURNITURE;
		b->furniture = g_strdup(l->furniture);
		b->section = g_strdup(l->section);
		b->column = -1;
		add_line(b, l);
		block_style(b);
		g_ptr_array_add(page->blocks, b);
	}
}

/* Most common value of v[0..n) in bins of 2 points; *count its frequency. */
static double mode_of(double *v, guint n, int *count)
{
	/* counts per 2 pt bin in an open-addressing table (a GHashTable made
	 * and freed per call cost 9,000 instructions a leaf) */
	typedef struct {
		int bin, count;
	} Bin;
	Bin local[256];
	guint cap = 16;
	while (cap < 2 * n)
		cap <<= 1;
	Bin *tab = cap <= G_N_ELEMENTS(local) ? local : g_new(Bin, cap);
	memset(tab, 0, cap * sizeof *tab);
	int best = 0;
	double val = n ? v[0] : 0;
	for (guint i = 0; i < n; i++) {
		int bin = (int)floor(v[i] / 2);
		guint h = ((guint)bin * 2654435761u) & (cap - 1);
		while (tab[h].count && tab[h].bin != bin)
			h = (h + 1) & (cap - 1);
		tab[h].bin = bin;
		int c = ++tab[h].count;
		if (c > best || (c == best && v[i] < val)) {
			best = c;
			val = v[i];
		}
	}
	if (tab != local)
		g_free(tab);
	*count = best;
	return val;
}

/* A leaf's text edges: the most common left and right ends of its lines
 * (paragraph indents and short last lines do not move them); the extreme
 * ends when no two lines agree. Leaves are contiguous in body. */
static void leaf_edges(GPtrArray *body, LeafStat *ls)
{
	GArray *x0 = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *x1 = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < body->len;) {
		QkLLine *l = g_ptr_array_index(body, i);
		guint j = i;
		double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
		g_array_set_size(x0, 0);
		g_array_set_size(x1, 0);
		for (; j < body->len; j++) {
			QkLLine *m = g_ptr_array_index(body, j);
			if (m->leaf != l->leaf)
				break;
			if (m->table >= 0)
				continue;
			g_array_append_val(x0, m->bbox.x0);
			g_array_append_val(x1, m->bbox.x1);
			lo = MIN(lo, m->bbox.x0);
			hi = MAX(hi, m->bbox.x1);
		}
		if (l->leaf >= 0 && x0->len) {
			int c0 = 0, c1 = 0;
			double left = mode_of((double *)x0->data, x0->len, &c0);
			double right = mode_of((double *)x1->data, x1->len, &c1);
			ls[l->leaf].left = c0 >= 2 ? left : lo;
			ls[l->leaf].right = c1 >= 2 ? MAX(right, hi - 2) : hi;
			if (c1 >= 2 && hi - right > 3)
				ls[l->leaf].right = right;
		}
		i = j > i ? j : i + 1;
	}
	g_array_free(x0, TRUE);
	g_array_free(x1, TRUE);
}

/* Two display lines of one headline share its size and its alignment
 * (left edge, centre or right edge); a section banner in a bar at the
 * left (经济观察, 15 pt) over a centred headline in 16 pt shares neither,
 * and is a block of its own. */
static gboolean apart_display(const QkLLine *a, const QkLLine *b)
{
	double em = MAX(a->size, b->size);
	return fabs(a->size - b->size) > 0.03 * em &&
	       fabs(a->bbox.x0 - b->bbox.x0) > 0.5 * em &&
	       fabs(a->bbox.x1 - b->bbox.x1) > 0.5 * em &&
	       fabs(a->bbox.x0 + a->bbox.x1 - b->bbox.x0 - b->bbox.x1) > em;
}

/* A line centred in the leaf (a sub-heading) in another font than the
 * full line above it is no continuation of that paragraph, even when size
 * and leading barely change (a 12 pt heading in 11.5 pt text). Centred,
 * not just far indented: in a leaf spread over two columns the right
 * column's lines look far indented too. */
static gboolean centred(const QkLLine *l, const LeafStat *s)
{
	double em = l->size > 0 ? l->size : 10;
	double in_l = l->bbox.x0 - s->left, in_r = s->right - l->bbox.x1;
	return in_l > 2 * em && in_r > 2 * em && fabs(in_l - in_r) < 1.0 * em;
}

static gboolean set_apart_after(const QkLLine *prev, const QkLLine *l,
                                const LeafStat *s)
{
	double em = l->size > 0 ? l->size : 10;
	return g_strcmp0(l->font, prev->font) != 0 &&
	       prev->bbox.x1 >= s->right - 1.0 * em && centred(l, s);
}

/* Whether text leaves a bracket open: （下转第 11 (its 页） on the line
 * under it). */
static gboolean leaves_bracket_open(const char *text)
{
	int depth = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		depth += c == '(' || c == 0xFF08;
		depth -= depth > 0 && (c == ')' || c == 0xFF09);
	}
	return depth > 0;
}

/* l goes on a line set flush right (a tail line 作者单位：国务院发展研 |
 * 究中心市场经济研究所, （本文根据作者 | 在市委党校的讲 | 课内容整理）
 * in a narrow column): both lines end at one right edge, prev starts in
 * from the leaf's left edge (or leaves a bracket open: a jump line
 * （下转第 11 | 页） is a leaf of its own) and l further in still. Its
 * start is the ragged left of the line, not a paragraph's indent; a new
 * paragraph's first line after a full one starts at the leaf's edge or at
 * the indent of an indented line above. */
static gboolean flush_right_after(const QkLLine *prev, const QkLLine *l,
                                  const LeafStat *s)
{
	double em = l->size > 0 ? l->size : 10;
	return fabs(l->bbox.x1 - prev->bbox.x1) < 0.1 * em &&
	       (prev->bbox.x0 - s->left > 0.3 * em || leaves_bracket_open(prev->text->str)) &&
	       l->bbox.x0 > prev->bbox.x0 + 0.5 * em;
}

/* Text opening with a heading number: 一、 （一） 1. （1）. */
static gboolean numbered(const char *text)
{
	const char *p = text;
	while (*p == ' ')
		p++;
	gunichar c = g_utf8_get_char(p);
	gboolean bracket = c == '(' || c == 0xFF08;
	if (bracket)
		p = g_utf8_next_char(p);
	int n = 0;
	gboolean digits = FALSE;
	for (; *p && n < 3; p = g_utf8_next_char(p), n++) {
		c = g_utf8_get_char(p);
		if (c >= '0' && c <= '9')
			digits = TRUE;
		else if (digits || !g_utf8_strchr("一二三四五六七八九十", -1, c))
			break;
	}
	if (n == 0 || !*p)
		return FALSE;
	c = g_utf8_get_char(p);
	if (bracket)
		return c == ')' || c == 0xFF09;
	gunichar after = g_utf8_get_char(g_utf8_next_char(p));
	return c == 0x3001 || ((c == '.' || c == 0xFF0E) && !(after >= '0' && after <= '9'));
}

/* A heading line set in the text's column without white space around it
 * (Writer: 9.5 pt sans in 9 pt serif): after a sentence's end, in another
 * font, larger or numbered (1.基础设施补短板), short and ending no sentence. */
static gboolean heading_after(const QkLLine *prev, const QkLLine *l,
                              const LeafStat *s)
{
	double em = l->size > 0 ? l->size : 10;
	return g_strcmp0(l->font, prev->font) != 0 &&
	       ends_sentence(prev->text->str) && !ends_sentence(l->text->str) &&
	       l->bbox.x1 < s->right - 2 * em &&
	       (l->size >= 1.03 * prev->size || numbered(l->text->str));
}

/* A list of headings with no text between them (二、主要做法 | （一）规划
 *引领 | …, each centred: no leaf edge to measure them from): a numbered
 * line under a numbered line, both set larger than the text, the one
 * above ending no sentence, is a heading of its own. */
static gboolean heading_list(const QkLLine *prev, const QkLLine *l, double body_size)
{
	return numbered(l->text->str) && numbered(prev->text->str) &&
	       !ends_sentence(prev->text->str) &&
	       l->size >= 1.03 * body_size && prev->size >= 1.03 * body_size;
}

/* Per line, the left edge its indent or hang is measured from: the leaf's,
 * or the most common left end of the leaf's lines in the line's own size
 * when two agree and it lies further left. A lead box set in from both
 * sides in a smaller size, outnumbering two short paragraphs under it,
 * gives the leaf its edge; the paragraphs' lines at their own edge then
 * do not hang out of it (each would start a block). So does a box in the
 * text's own size (a notice inset by an em on both sides, outnumbering
 * the end of a paragraph over it): lines of the size reaching past the
 * leaf's right edge too, two agreeing on a left end further left, are
 * text at the wider measure, and that end is the edge (a hanging list's
 * first lines stop at the right edge). A leaf of hundreds of lines keeps
 * its edge. */
static double *size_lefts(GPtrArray *body, const LeafStat *ls, int n_leaves)
{
	double *out = g_new(double, body->len ? body->len : 1);
	GArray *x0 = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *wide = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; i < body->len;) {
		QkLLine *l = g_ptr_array_index(body, i);
		guint j = i;
		while (j < body->len && ((QkLLine *)g_ptr_array_index(body, j))->leaf == l->leaf)
			j++;
		j = MAX(j, i + 1);
		double edge = ls[l->leaf >= 0 ? l->leaf : n_leaves].left;
		/* the edges found depend on the line's size alone: lines of a
		 * size met before in the leaf take them from there (a leaf's
		 * lines share a size or a few) */
		struct {
			double size, left, wide;
			int c, cw;
		} seen[8];
		guint n_seen = 0;
		for (guint k = i; k < j; k++) {
			QkLLine *m = g_ptr_array_index(body, k);
			out[k] = edge;
			if (l->leaf < 0 || j - i > 400 || m->table >= 0 || m->size <= 0)
				continue;
			guint s = 0;
			while (s < n_seen && seen[s].size != m->size)
				s++;
			if (s == n_seen) {
				g_array_set_size(x0, 0);
				g_array_set_size(wide, 0);
				double right = ls[l->leaf].right + 0.8 * m->size;
				for (guint q = i; q < j; q++) {
					QkLLine *o = g_ptr_array_index(body, q);
					if (o->table >= 0 || fabs(o->size - m->size) > 0.03 * m->size)
						continue;
					g_array_append_val(x0, o->bbox.x0);
					if (o->bbox.x1 > right)
						g_array_append_val(wide, o->bbox.x0);
				}
				s = n_seen < G_N_ELEMENTS(seen) ? n_seen++ : G_N_ELEMENTS(seen) - 1;
				seen[s].size = m->size;
				seen[s].left = mode_of((double *)x0->data, x0->len, &seen[s].c);
				seen[s].wide = mode_of((double *)wide->data, wide->len, &seen[s].cw);
			}
			if (seen[s].c >= 2 && seen[s].left < edge)
				out[k] = seen[s].left;
			if (seen[s].cw >= 2 && seen[s].wide < out[k])
				out[k] = seen[s].wide;
		}
		i = j;
	}
	g_array_free(x0, TRUE);
	g_array_free(wide, TRUE);
	return out;
}

void qk_layout_blocks(QkPage *page, GPtrArray *body, GPtrArray *furn, double body_size)
{
	g_ptr_array_sort(furn, cmp_pos);
	add_furniture(page, furn, TRUE);

	/* leaf statistics: edges and typical leading */
	int n_leaves = 0;
	for (guint i = 0; i < body->len; i++)
		n_leaves = MAX(n_leaves, ((QkLLine *)g_ptr_array_index(body, i))->leaf + 1);
	LeafStat *ls = g_new0(LeafStat, n_leaves + 1);
	for (int k = 0; k <= n_leaves; k++) {
		ls[k].left = G_MAXDOUBLE;
		ls[k].right = -G_MAXDOUBLE;
	}
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(double));
	leaf_edges(body, ls);
	/* leading per leaf: median of the gaps between successive lines */
	for (guint i = 0; i < body->len;) {
		QkLLine *l = g_ptr_array_index(body, i);
		guint j = i + 1;
		g_array_set_size(gaps, 0);
		while (j < body->len && ((QkLLine *)g_ptr_array_index(body, j))->leaf == l->leaf) {
			QkLLine *a = g_ptr_array_index(body, j - 1), *b = g_ptr_array_index(body, j);
			double g = b->bbox.y0 - a->bbox.y1;
			if (g > -0.5 * b->size)
				g_array_append_val(gaps, g);
			j++;
		}
		if (gaps->len && l->leaf >= 0) {
			double *v = (double *)gaps->data;
			/* partial selection is overkill here: leaves are short */
			for (guint x = 1; x < gaps->len; x++)
				for (guint y = x; y > 0 && v[y - 1] > v[y]; y--) {
					double t = v[y];
					v[y] = v[y - 1];
					v[y - 1] = t;
				}
			ls[l->leaf].leading = v[gaps->len / 2];
		}
		i = j;
	}
	g_array_free(gaps, TRUE);

	double *sleft = size_lefts(body, ls, n_leaves);
	GArray *info = g_array_new(FALSE, TRUE, sizeof(BInfo));
	QkBlock *cur = NULL;
	BInfo *ci = NULL;
	const QkLLine *prev = NULL;
	for (guint i = 0; i < body->len; i++) {
		QkLLine *l = g_ptr_array_index(body, i);
		if (l->table >= 0) {
			QkBlock *b = qk_block_new();
			b->role = QK_ROLE_TABLE;
			b->bbox = l->bbox;
			b->column = l->column;
			g_ptr_array_add(page->blocks, b);
			BInfo bi = { b, l->leaf, 0, 0, FALSE, FALSE, TRUE, FALSE };
			g_array_append_val(info, bi);
			cur = NULL;
			prev = NULL;
			continue;
		}
		LeafStat *s = &ls[l->leaf >= 0 ? l->leaf : n_leaves];
		double em = l->size > 0 ? l->size : 10;
		/* paragraph start: indented (~2 em), or hanging out to the left
		 * of the leaf's common edge (numbered reference lists) */
		gboolean indented = (l->bbox.x0 - sleft[i] >= 1.4 * em &&
		                     l->bbox.x0 - sleft[i] <= 4.5 * em) ||
		                    sleft[i] - l->bbox.x0 >= 0.8 * em;
		gboolean start = !cur || !prev || prev->leaf != l->leaf;
		/* display lines (titles) are centred or ragged: only size, weight
		 * and white space separate them */
		gboolean display = l->size >= 1.25 * body_size;
		if (display)
			indented = FALSE;
		if (!start && indented && flush_right_after(prev, l, s))
			indented = FALSE;
		if (!start) {
			double gap = l->bbox.y0 - prev->bbox.y1;
			double pem = MAX(prev->size, em);
			start = fabs(l->size - prev->size) > 0.08 * pem ||
			        l->bold != prev->bold ||
			        gap > MAX(0.9 * pem, s->leading + 0.6 * pem) ||
			        (display && apart_display(prev, l));
			/* a line set apart (centred or to the right: a byline, a
			 * signature) ends before one at the leaf's edge */
			if (!start && !display)
				start = indented ||
				        (prev->bbox.x1 < s->right - 1.5 * pem &&
				         short_line_ends(prev, s)) ||
				        (prev->bbox.x0 - s->left > 4.5 * pem &&
				         l->bbox.x0 - s->left < 1.4 * em) ||
				        set_apart_after(prev, l, s) ||
				        heading_after(prev, l, s) ||
				        heading_list(prev, l, body_size) ||
				        (centred(prev, s) && g_strcmp0(l->font, prev->font) == 0);
		}
		if (start) {
			cur = qk_block_new();
			cur->column = l->column;
			g_ptr_array_add(page->blocks, cur);
			BInfo bi = { cur, l->leaf, s->left, s->right, indented, FALSE,
			             l->column == -1, l->bbox.x0 - s->left > 4.5 * em };
			g_array_append_val(info, bi);
			ci = &g_array_index(info, BInfo, info->len - 1);
		}
		add_line(cur, l);
		ci->last_full = l->bbox.x1 >= s->right - 1.0 * em;
		prev = l;
	}
	for (guint i = 0; i < info->len; i++) {
		BInfo *bi = &g_array_index(info, BInfo, i);
		if (bi->block->role == QK_ROLE_TABLE)
			continue;
		block_style(bi->block);
	}
	/* A paragraph cut at a column end continues at the next column's top,
	 * at its edge and in its font (a byline over the columns that the
	 * next column's leaf took for its head, set far in or in the byline's
	 * own face, is no text of the paragraph);
	 * one cut by a picture goes on below the picture's caption (up to two
	 * short blocks of smaller text in between, which then follow it). */
	for (guint i = 0; i + 1 < info->len;) {
		BInfo *a = &g_array_index(info, BInfo, i);
		QkBlock *ba = a->block;
		guint j = i + 1;
		while (j < info->len && j <= i + 2 && j + 1 < info->len) {
			QkBlock *m = g_array_index(info, BInfo, j).block;
			if (m->role != QK_ROLE_BODY || m->lines->len > 3 || m->size >= 0.95 * ba->size)
				break;
			j++;
		}
		BInfo *b = &g_array_index(info, BInfo, j);
		QkBlock *bb = b->block;
		gboolean skipped = j > i + 1;
		QkLine *a_last = ba->lines->len
			? g_ptr_array_index(ba->lines, ba->lines->len - 1) : NULL;
		gboolean next_place = skipped
			? (a->leaf == b->leaf && a_last && bb->bbox.y0 > a_last->bbox.y1)
			: (a->leaf != b->leaf && a_last && bb->bbox.y0 < a_last->bbox.y0);
		gboolean merge = ba->role == QK_ROLE_BODY && bb->role == QK_ROLE_BODY &&
		                 !a->spanning && !b->spanning && next_place &&
		                 a->last_full && !b->first_indented && !b->apart &&
		                 fabs(ba->size - bb->size) < 0.5 && ba->bold == bb->bold &&
		                 g_strcmp0(ba->font, bb->font) == 0;
		if (merge) {
			QkLine *last = g_ptr_array_index(ba->lines, ba->lines->len - 1);
			merge = !ends_sentence(last->text);
		}
		if (!merge) {
			i++;
			continue;
		}
		for (guint k = 0; k < bb->lines->len; k++) {
			QkLine *l = g_ptr_array_index(bb->lines, k);
			g_ptr_array_add(ba->lines, l);
		}
		/* the lines moved: empty the donor without freeing them */
		g_ptr_array_set_free_func(bb->lines, NULL);
		g_ptr_array_set_size(bb->lines, 0);
		qk_box_union(&ba->bbox, &bb->bbox);
		a->last_full = b->last_full;
		a->leaf = b->leaf;
		g_ptr_array_remove(page->blocks, bb);
		g_array_remove_index(info, j);
	}
	g_array_free(info, TRUE);
	g_free(sleft);
	g_free(ls);

	add_furniture(page, furn, FALSE);
}

void qk_layout_number_blocks(QkPage *page)
{
	for (guint i = 0; i < page->blocks->len; i++) {
		QkBlock *b = g_ptr_array_index(page->blocks, i);
		g_free(b->id);
		b->id = g_strdup_printf("p%d-b%u", page->index, i + 1);
	}
}
