/*
 * newspaper.c — the newspaper layout (like 朔州日报): A3 pages (版), five
 * columns, a masthead on 版1, a 版 header line on every page, and articles
 * placed as rectangular modules (headline over the columns the article
 * spans, text balanced across them), packed left to right, top to bottom.
 */
#include "ts.h"

#include <string.h>

#include "error.h"

#define PW 841.89
#define PH 1190.55
#define ML 36.0
#define NCOLS 5
#define GAP 10.0
#define COL_W ((PW - 2 * ML - (NCOLS - 1) * GAP) / NCOLS)
#define TOP 58.0
#define TOP_1 236.0
#define BOTTOM (PH - 40)
#define MOD_GAP 16.0

static const TsFont F_BODY = { "Noto Serif CJK SC", 9, FALSE };
static const TsFont F_NOTE = { "Noto Sans CJK SC", 8.5, FALSE };
static const TsFont F_H = { "Noto Sans CJK SC", 9.5, TRUE };
static const TsFont F_KICKER = { "Noto Sans CJK SC", 11, FALSE };
static const TsFont F_SUB = { "Noto Serif CJK SC", 11, FALSE };
static const TsFont F_BYLINE = { "Noto Sans CJK SC", 9, FALSE };
static const TsFont F_CAPTION = { "Noto Sans CJK SC", 8, FALSE };
static const TsFont F_CONT = { "Noto Sans CJK SC", 8.5, FALSE };
static const TsFont F_FURN = { "Noto Sans CJK SC", 9, FALSE };

#define LH 13.0
#define INDENT 18.0

static const char *const DEFAULT_NAMES[] = { "要闻", "要闻", "综合", "专版" };

/* One thing to pour into a module's columns. */
typedef struct {
	gboolean box;        /* figure or table: unbreakable */
	const TsItem *item;  /* for figures/tables */
	QkRole role;
	const TsFont *font;
	char *text;
	double line_h, indent, before, keep;
	TsAlign align;
	GPtrArray *lines;    /* broken at the column width */
	double height;       /* boxes */
	int item_index;      /* index into the article's items, -1 none */
} Piece;

static void
piece_free(gpointer p)
{
	Piece *pc = p;

	if (!pc)
		return;
	g_free(pc->text);
	if (pc->lines)
		g_ptr_array_unref(pc->lines);
	g_free(pc);
}

static Piece *
text_piece(TsDoc *doc, QkRole role, const TsFont *font, const char *text,
           double line_h, double indent, TsAlign align, int index)
{
	Piece *p = g_new0(Piece, 1);

	p->role = role;
	p->font = font;
	p->text = g_strdup(text);
	p->line_h = line_h;
	p->indent = indent;
	p->align = align;
	p->keep = line_h;
	p->item_index = index;
	p->lines = qk_ts_break(doc, font, text, COL_W, indent);
	return p;
}

/* Pours the pieces into ncols columns of height limit; mirrors pour() below
 * without drawing. TRUE when everything fits. */
static gboolean
fits(const GPtrArray *pieces, int ncols, double limit)
{
	int col = 0;
	double y = 0;

	for (guint i = 0; i < pieces->len; i++) {
		const Piece *p = pieces->pdata[i];
		double need = p->box ? p->height : p->keep;

		y += p->before;
		if (y + need > limit + 0.01) {
			if (++col >= ncols)
				return FALSE;
			y = 0;
		}
		if (p->box) {
			if (p->height > limit)
				return FALSE;
			y += p->height;
			continue;
		}
		for (guint k = 0; k < p->lines->len; k++) {
			if (y + p->line_h > limit + 0.01) {
				if (++col >= ncols)
					return FALSE;
				y = 0;
			}
			y += p->line_h;
		}
	}
	return TRUE;
}

typedef struct {
	const TsSource *src;
	TsDoc *doc;
	double sky[NCOLS];
	GHashTable *placed; /* article id → TsPlaced */
	GHashTable *items_of;   /* article id → GPtrArray of const TsItem* */
} News;

static void
draw_box(News *n, TsFlow *f, const Piece *p)
{
	const TsItem *it = p->item;

	if (it->kind == TS_ITEM_TABLE) {
		qk_ts_table_draw(n->doc, it->table, f->col_x[f->col], f->y, f->col_w,
		                 8, FALSE);
	} else {
		qk_ts_fill_rect(n->doc, f->col_x[f->col], f->y, f->col_w, it->height,
		                0.8);
		if (it->caption) {
			double y = f->y + it->height + 2;
			GPtrArray *ls = qk_ts_break(n->doc, &F_CAPTION, it->caption,
			                            f->col_w, 0);
			qk_ts_block_begin(n->doc, QK_ROLE_CAPTION, &F_CAPTION,
			                  f->first_col_index + f->col);
			for (guint k = 0; k < ls->len; k++) {
				qk_ts_draw_aligned(n->doc, &F_CAPTION, ls->pdata[k],
				                   f->col_x[f->col], f->col_w, y, 12, TS_LEFT);
				y += 12;
			}
			qk_ts_block_end(n->doc);
			g_ptr_array_unref(ls);
		}
	}
}

static double
box_height(News *n, const TsItem *it)
{
	if (it->kind == TS_ITEM_TABLE)
		return qk_ts_table_draw(n->doc, it->table, 0, 0, COL_W, 8, TRUE) + 6;
	return it->height + 2 +
	       (it->caption ? qk_ts_text_height(n->doc, &F_CAPTION, it->caption,
	                                        COL_W, 12, 0) : 0) + 8;
}

static void
edition_page(News *n, int ed)
{
	TsDoc *doc = n->doc;
	const TsSource *s = n->src;
	char *label = g_strdup_printf("%d", ed);
	const char *name = (guint)ed <= s->edition_names->len &&
	                   *(char *)s->edition_names->pdata[ed - 1]
	                   ? s->edition_names->pdata[ed - 1]
	                   : DEFAULT_NAMES[MIN(ed, 4) - 1];
	char *left = g_strdup_printf("第%d版 %s", ed, name);
	char *dt = qk_ts_date_text(s->date);
	char *right = g_strdup_printf("%s %s", dt ? dt : "",
	                              s->weekday ? s->weekday : "");
	QkBlock *b;

	qk_ts_page_new(doc, PW, PH, label);
	b = qk_ts_block_begin(doc, QK_ROLE_FURNITURE, &F_FURN, -1);
	b->furniture = g_strdup("edition-header");
	qk_ts_draw_aligned(doc, &F_FURN, left, ML, PW - 2 * ML, 26, 14, TS_LEFT);
	qk_ts_draw_aligned(doc, &F_FURN, right, ML, PW - 2 * ML, 26, 14, TS_RIGHT);
	qk_ts_block_end(doc);
	qk_ts_stroke_line(doc, ML, 44, PW - ML, 44, 1.2);
	g_free(left);
	g_free(right);
	g_free(dt);
	g_free(label);

	for (int c = 0; c < NCOLS; c++)
		n->sky[c] = ed == 1 ? TOP_1 : TOP;
}

static const char *
cn_count(int k)
{
	static const char *const digits[] = { "零", "一", "二", "三", "四", "五",
	                                      "六", "七", "八", "九", "十" };
	return k >= 0 && k <= 10 ? digits[k] : NULL;
}

static void
masthead(News *n)
{
	TsDoc *doc = n->doc;
	const TsSource *s = n->src;
	TsFont name = { QK_TS_SANS, 64, TRUE };
	TsFont host = { QK_TS_SANS, 13, FALSE };
	TsFont info = { QK_TS_SERIF, 10.5, FALSE };
	char *dt = qk_ts_date_text(s->date);
	char *l1, *l3, *l4;
	const char *cnt = cn_count(s->editions);
	char *count = cnt ? g_strdup(cnt) : g_strdup_printf("%d", s->editions);
	double x = PW - ML - 250, y = 70;

	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &name, -1);
	qk_ts_draw_line(doc, &name, s->title, ML + 10, 62, 96);
	if (s->host) {
		qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &host, -1);
		qk_ts_draw_line(doc, &host, s->host, ML + 14, 164, 20);
	}
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &info, -1);
	l1 = g_strdup_printf("%s %s", dt ? dt : "", s->weekday ? s->weekday : "");
	qk_ts_draw_line(doc, &info, l1, x, y, 19);
	y += 19;
	if (s->lunar) {
		qk_ts_draw_line(doc, &info, s->lunar, x, y, 19);
		y += 19;
	}
	l3 = g_strdup_printf("第%s期 今日%s版", s->number ? s->number : "", count);
	qk_ts_draw_line(doc, &info, l3, x, y, 19);
	y += 19;
	if (s->cn) {
		l4 = g_strdup_printf("国内统一连续出版物号:%s", s->cn);
		qk_ts_draw_line(doc, &info, l4, x, y, 19);
		g_free(l4);
		y += 19;
	}
	if (s->publisher) {
		char *pub = g_str_has_suffix(s->publisher, "出版")
		            ? g_strdup(s->publisher)
		            : g_strdup_printf("%s出版", s->publisher);
		qk_ts_draw_line(doc, &info, pub, x, y, 19);
		g_free(pub);
		y += 19;
	}
	qk_ts_block_end(doc);
	qk_ts_stroke_line(doc, ML, 200, PW - ML, 200, 2.5);
	qk_ts_stroke_line(doc, ML, 204, PW - ML, 204, 0.6);
	g_free(l1);
	g_free(l3);
	g_free(dt);
	g_free(count);
}

static double
headline_size(int span)
{
	return span >= 4 ? 28 : span == 3 ? 22 : span == 2 ? 18 : 14;
}

/* Pieces of an article's text, broken at the column width. */
static GPtrArray *
make_pieces(News *n, const TsArticle *a, int item_base)
{
	TsDoc *doc = n->doc;
	GPtrArray *pieces = g_ptr_array_new_with_free_func(piece_free);
	gboolean byline_inline = a->byline && g_str_has_prefix(a->byline, "本报讯");
	gboolean first_p = TRUE;

	for (guint i = 0; i < a->items->len; i++) {
		const TsItem *it = a->items->pdata[i];
		Piece *p = NULL;
		int idx = item_base + (int)i;

		switch (it->kind) {
		case TS_ITEM_TABLE:
			continue; /* drawn across the module, see headline_group() */
		case TS_ITEM_FIGURE:
			p = g_new0(Piece, 1);
			p->box = TRUE;
			p->item = it;
			p->height = box_height(n, it);
			p->item_index = idx;
			break;
		case TS_ITEM_H:
		case TS_ITEM_ORG:
			p = text_piece(doc, QK_ROLE_HEADING, &F_H, it->text, LH,
			               it->kind == TS_ITEM_H ? INDENT : 0, TS_LEFT, idx);
			p->before = 3;
			p->keep = LH * 3;
			break;
		case TS_ITEM_NOTE:
			p = text_piece(doc, QK_ROLE_NOTE, &F_NOTE, it->text, 12.5, INDENT,
			               TS_LEFT, idx);
			break;
		case TS_ITEM_SOURCE:
			p = text_piece(doc, QK_ROLE_SOURCE, &F_CONT, it->text, 14, 0,
			               TS_RIGHT, idx);
			break;
		case TS_ITEM_SIGNATURE:
			p = text_piece(doc, QK_ROLE_BODY, &F_BODY, it->text, LH, 0,
			               TS_RIGHT, idx);
			break;
		case TS_ITEM_P:
		default:
			if (first_p && byline_inline) {
				/* 本报讯（记者 …） runs into the first paragraph */
				char *t = g_strconcat(a->byline, it->text, NULL);
				p = text_piece(doc, QK_ROLE_BODY, &F_BODY, t, LH, INDENT,
				               TS_LEFT, idx);
				g_free(t);
			} else {
				p = text_piece(doc, QK_ROLE_BODY, &F_BODY, it->text, LH, INDENT,
				               TS_LEFT, idx);
			}
			first_p = FALSE;
			break;
		}
		g_ptr_array_add(pieces, p);
	}
	if (a->continue_to > 0) {
		char *t = g_strdup_printf("(下转第%d版)", a->continue_to);
		g_ptr_array_add(pieces, text_piece(doc, QK_ROLE_CONTINUATION, &F_CONT, t,
		                                   14, 0, TS_RIGHT, -1));
		g_free(t);
	}
	return pieces;
}

/* Draws (or, with draw FALSE, only measures) the headline group of an
 * article over a module; returns its height. */
static double
headline_group(News *n, const TsArticle *a, int span, double x, double y0,
               int from_edition, gboolean draw)
{
	TsDoc *doc = n->doc;
	double mw = span * COL_W + (span - 1) * GAP, y = y0;
	TsFont hf = { QK_TS_SANS, a->part_of ? 14 : headline_size(span), TRUE };
	gboolean byline_inline = a->byline && g_str_has_prefix(a->byline, "本报讯");

	if (a->kicker) {
		if (draw) {
			qk_ts_block_begin(doc, QK_ROLE_KICKER, &F_KICKER, -1);
			qk_ts_draw_aligned(doc, &F_KICKER, a->kicker, x, mw, y, 18, TS_CENTER);
		}
		y += 18;
	}
	if (a->part_of) {
		if (draw) {
			char *t = g_strdup_printf("(上接第%d版)", from_edition);
			qk_ts_block_begin(doc, QK_ROLE_CONTINUATION, &F_CONT, -1);
			qk_ts_draw_line(doc, &F_CONT, t, x, y, 14);
			g_free(t);
		}
		y += 16;
	}
	for (guint i = 0; i < a->title_lines->len; i++) {
		const char *tl = a->title_lines->pdata[i];
		GPtrArray *ls;

		/* a headline that would leave a few characters on a line of
		 * their own is set smaller instead */
		hf.size = a->part_of ? 14 : headline_size(span);
		for (;;) {
			ls = qk_ts_break(doc, &hf, tl, mw, 0);
			if (ls->len != 2 || g_utf8_strlen(ls->pdata[1], -1) > 4 ||
			    hf.size < 12)
				break;
			g_ptr_array_unref(ls);
			hf.size -= 1;
		}
		if (draw)
			qk_ts_block_begin(doc, QK_ROLE_TITLE, &hf, -1);
		for (guint k = 0; k < ls->len; k++) {
			if (draw)
				qk_ts_draw_aligned(doc, &hf, ls->pdata[k], x, mw, y,
				                   hf.size * 1.45, TS_CENTER);
			y += hf.size * 1.45;
		}
		g_ptr_array_unref(ls);
	}
	if (a->subtitle) {
		if (draw) {
			qk_ts_block_begin(doc, QK_ROLE_SUBTITLE, &F_SUB, -1);
			qk_ts_draw_aligned(doc, &F_SUB, a->subtitle, x, mw, y, 18, TS_CENTER);
		}
		y += 18;
	}
	if (a->byline && !byline_inline) {
		if (draw) {
			qk_ts_block_begin(doc, QK_ROLE_BYLINE, &F_BYLINE, -1);
			qk_ts_draw_aligned(doc, &F_BYLINE, a->byline, x, mw, y, 16,
			                   TS_CENTER);
		}
		y += 16;
	}
	if (draw)
		qk_ts_block_end(doc);
	/* tables run across the whole module under the headline, where a
	 * single column would squeeze them */
	for (guint i = 0; i < a->items->len; i++) {
		const TsItem *it = a->items->pdata[i];
		if (it->kind != TS_ITEM_TABLE)
			continue;
		y += 4;
		y += qk_ts_table_draw(doc, it->table, x, y, mw, 8, !draw) + 6;
	}
	return y - y0 + 6;
}

/* Smallest balanced column height for the pieces in span columns, at most
 * limit; negative when they do not fit. */
static double
balanced_height(const GPtrArray *pieces, int span, double limit)
{
	double lo = 0, hi = limit;

	if (limit <= 0 || !fits(pieces, span, hi))
		return -1;
	for (int k = 0; k < 30; k++) {
		double mid = (lo + hi) / 2;
		if (fits(pieces, span, mid))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Places one article (or continued part) as a module: tries the spans
 * allowed and every column position, and takes the one that ends highest
 * on the page. */
static gboolean
place_article(News *n, const TsArticle *a, int ed, gboolean lead,
              GError **error)
{
	TsDoc *doc = n->doc;
	const char *id = a->part_of ? a->part_of : a->id;
	TsPlaced *pl = g_hash_table_lookup(n->placed, id);
	GPtrArray *items = g_hash_table_lookup(n->items_of, id);
	GPtrArray *pieces;
	int span_lo, span_hi, best_c = -1, best_s = 0, item_base;
	double best_bottom = 1e9, best_top = 0, best_head = 0, best_h = 0, x;
	int from_edition = pl ? pl->pdf_first : 1;
	TsFlow f = { 0 };

	if (!pl) {
		pl = qk_ts_placed_new();
		g_hash_table_insert(n->placed, g_strdup(id), pl);
		items = g_ptr_array_new();
		g_hash_table_insert(n->items_of, g_strdup(id), items);
	}
	item_base = (int)items->len;
	for (guint i = 0; i < a->items->len; i++)
		g_ptr_array_add(items, a->items->pdata[i]);
	pieces = make_pieces(n, a, item_base);

	if (a->cols > 0) {
		span_lo = span_hi = CLAMP(a->cols, 1, NCOLS);
	} else if (lead) {
		span_lo = span_hi = ed == 1 ? NCOLS : 3;
	} else {
		span_lo = 1;
		span_hi = 3;
	}
	for (int pass = 0; pass < 2 && best_c < 0; pass++) {
		if (pass == 1) {      /* nothing fitted: allow any width */
			span_lo = 1;
			span_hi = NCOLS;
		}
		for (int span = span_hi; span >= span_lo; span--) {
			for (int c = 0; c + span <= NCOLS; c++) {
				double top = 0, head, h;
				for (int k = c; k < c + span; k++)
					top = MAX(top, n->sky[k]);
				head = headline_group(n, a, span, 0, 0, from_edition, FALSE);
				h = balanced_height(pieces, span, BOTTOM - top - head);
				if (h < 0)
					continue;
				if (top + head + h < best_bottom - 0.5) {
					best_bottom = top + head + h;
					best_c = c;
					best_s = span;
					best_top = top;
					best_head = head;
					best_h = h;
				}
			}
		}
	}
	if (best_c < 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "article %s does not fit on 版%d: shorten it or continue it "
		            "on another 版 (continue-to=)", id, ed);
		g_ptr_array_unref(pieces);
		return FALSE;
	}

	x = ML + best_c * (COL_W + GAP);
	headline_group(n, a, best_s, x, best_top, from_edition, TRUE);
	qk_ts_placed_page(pl, doc->page_count, doc->page->label);

	f.doc = doc;
	f.ncols = best_s;
	f.col_w = COL_W;
	for (int c = 0; c < best_s; c++) {
		f.col_x[c] = ML + (best_c + c) * (COL_W + GAP);
		f.top[c] = best_top + best_head;
	}
	f.bottom = best_top + best_head + best_h;
	f.y = f.top[0];
	f.first_col_index = best_c;
	for (guint i = 0; i < pieces->len; i++) {
		const Piece *p = pieces->pdata[i];
		int page;

		f.y += p->before;
		qk_ts_flow_need(&f, p->box ? p->height : p->keep);
		page = doc->page_count;
		if (p->box) {
			draw_box(n, &f, p);
			f.y += p->height;
		} else {
			qk_ts_flow_text(&f, p->role, p->font, p->text, p->line_h, p->indent,
			                p->align);
		}
		if (p->item_index >= 0) {
			while ((int)pl->item_pages->len <= p->item_index) {
				int zero = 0;
				g_array_append_val(pl->item_pages, zero);
			}
			g_array_index(pl->item_pages, int, p->item_index) = page;
		}
	}
	for (int c = best_c; c < best_c + best_s; c++)
		n->sky[c] = f.bottom + MOD_GAP;
	if (f.bottom + MOD_GAP < BOTTOM - 40)
		qk_ts_stroke_line(doc, x, f.bottom + MOD_GAP / 2,
		                  x + best_s * COL_W + (best_s - 1) * GAP,
		                  f.bottom + MOD_GAP / 2, 0.5);
	g_ptr_array_unref(pieces);
	return TRUE;
}

gboolean
qk_ts_newspaper(const TsSource *src, const char *out_pdf, QkIssue **truth_out,
                GError **error)
{
	News n = { 0 };
	int editions = MAX(1, src->editions);
	QkIssue *truth;

	for (guint i = 0; i < src->articles->len; i++) {
		const TsArticle *a = src->articles->pdata[i];
		editions = MAX(editions, a->edition);
		if (a->part_of && !qk_ts_source_article(src, a->part_of)) {
			g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
			            "part-of=\"%s\" names no article", a->part_of);
			return FALSE;
		}
	}
	n.src = src;
	n.doc = qk_ts_doc_new(out_pdf, error);
	if (!n.doc)
		return FALSE;
	n.placed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                 (GDestroyNotify)qk_ts_placed_free);
	n.items_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                   (GDestroyNotify)g_ptr_array_unref);

	for (int ed = 1; ed <= editions; ed++) {
		edition_page(&n, ed);
		if (ed == 1)
			masthead(&n);
		gboolean lead = TRUE;
		for (guint i = 0; i < src->articles->len; i++) {
			const TsArticle *a = src->articles->pdata[i];
			if (a->edition != ed)
				continue;
			if (!place_article(&n, a, ed, lead, error))
				goto fail;
			lead = FALSE;
		}
	}
	if (!qk_ts_doc_finish(n.doc, error))
		goto fail;

	truth = n.doc->truth;
	n.doc->truth = NULL;
	qk_ts_truth_meta(&truth->meta, src);
	for (guint i = 0; i < src->articles->len; i++) {
		const TsArticle *a = src->articles->pdata[i];
		TsPlaced *p;
		if (a->part_of)
			continue;
		p = g_hash_table_lookup(n.placed, a->id);
		if (p)
			g_ptr_array_add(truth->articles,
			                qk_ts_truth_article(a, g_hash_table_lookup(n.items_of,
			                                                           a->id),
			                                    p));
	}
	qk_ts_doc_free(n.doc);
	g_hash_table_unref(n.placed);
	g_hash_table_unref(n.items_of);
	*truth_out = truth;
	return TRUE;
fail:
	qk_ts_doc_free(n.doc);
	g_hash_table_unref(n.placed);
	g_hash_table_unref(n.items_of);
	return FALSE;
}
