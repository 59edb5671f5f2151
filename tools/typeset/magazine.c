/*
 * magazine.c — the magazine layout (like 朔州经济): A4, cover, committee
 * page with the imprint, 目录, two-column body with running heads and page
 * numbers, and a closing statistics page.
 *
 * Laid out twice: the first pass (drawing into nothing) finds the page each
 * article starts on, so the 目录 of the second pass can print it.
 */
#include "ts.h"

#include <string.h>

#include "error.h"

#define PW 595.28
#define PH 841.89
#define ML 56.0
#define BODY_W (PW - 2 * ML)
#define GAP 24.0
#define COL_W ((BODY_W - GAP) / 2)
#define BODY_TOP 72.0
#define BODY_BOTTOM 786.0
/* PDF page that prints page 1 when the source does not say (<first-page>):
 * cover, committee page, 目录, then page 1. */
#define DEFAULT_FIRST 4

static const TsFont F_BODY = { "Noto Serif CJK SC", 10, FALSE };
static const TsFont F_NOTE = { "Noto Sans CJK SC", 9.5, FALSE };
static const TsFont F_H1 = { "Noto Sans CJK SC", 10.5, TRUE };
static const TsFont F_H2 = { "Noto Sans CJK SC", 10, TRUE };
static const TsFont F_H3 = { "Noto Serif CJK SC", 10, TRUE };
static const TsFont F_TITLE_WIDE = { "Noto Sans CJK SC", 20, TRUE };
static const TsFont F_TITLE_COL = { "Noto Sans CJK SC", 15, TRUE };
static const TsFont F_SUB = { "Noto Serif CJK SC", 12, FALSE };
static const TsFont F_BYLINE = { "Noto Serif CJK SC", 10.5, FALSE };
static const TsFont F_CAPTION = { "Noto Sans CJK SC", 8.5, FALSE };
static const TsFont F_SOURCE = { "Noto Serif CJK SC", 9, FALSE };
static const TsFont F_FURN = { "Noto Sans CJK SC", 9, FALSE };

#define LH_BODY 14.8
#define INDENT 20.0 /* two full-width spaces at 10pt */

typedef struct {
	const TsSource *src;
	TsDoc *doc;
	GHashTable *labels;   /* article id → printed first page (from pass 1) */
	GHashTable *placed;   /* article id → TsPlaced */
	const char *section;  /* running head of pages started now */
	int first;            /* PDF page that prints page 1 */
	gboolean toc_done;
	TsFlow flow;
} Mag;

/* Pages are counted from the one that prints 1, including the pages that do
 * not show their number (the 目录 when it follows page 1). */
static char *
page_label(const Mag *m, int pdf_page)
{
	int n = pdf_page - m->first + 1;
	return n >= 1 ? g_strdup_printf("%d", n) : NULL;
}

static void
furniture(TsDoc *doc, const char *kind, const char *section, const char *text,
          double y)
{
	QkBlock *b = qk_ts_block_begin(doc, QK_ROLE_FURNITURE, &F_FURN, -1);

	b->furniture = g_strdup(kind);
	b->section = g_strdup(section);
	qk_ts_draw_aligned(doc, &F_FURN, text, 0, doc->pw, y, 13, TS_CENTER);
	qk_ts_block_end(doc);
}

/* A body page: running head, rule, page number, two fresh columns. */
static void
body_page(Mag *m, double w, double h)
{
	char *label = page_label(m, m->doc->page_count + 1);
	char *head, *num;

	qk_ts_page_new(m->doc, w, h, label);
	if (m->section) {
		head = g_strdup_printf("·%s·", m->section);
		furniture(m->doc, "running-head", m->section, head, 34);
		g_free(head);
	}
	qk_ts_stroke_line(m->doc, ML, 52, w - ML, 52, 0.5);
	num = g_strdup_printf("·%s·", label ? label : "");
	furniture(m->doc, "page-number", NULL, num, h - 46);
	g_free(num);
	g_free(label);

	m->flow.doc = m->doc;
	m->flow.ncols = 2;
	m->flow.col_w = COL_W;
	m->flow.col_x[0] = ML;
	m->flow.col_x[1] = ML + COL_W + GAP;
	m->flow.top[0] = m->flow.top[1] = BODY_TOP;
	m->flow.bottom = BODY_BOTTOM;
	m->flow.col = 0;
	m->flow.y = BODY_TOP;
}

static gboolean
next_page(TsFlow *flow, void *data)
{
	Mag *m = data;

	(void)flow;
	body_page(m, PW, PH);
	return TRUE;
}

/* ---- front matter ---------------------------------------------------- */

static void
cover(Mag *m)
{
	TsDoc *doc = m->doc;
	const TsSource *s = m->src;
	TsFont big = { QK_TS_SANS, 56, TRUE };
	TsFont latin = { QK_TS_SERIF, 15, FALSE };
	TsFont issue = { QK_TS_SANS, 18, TRUE };
	TsFont small = { QK_TS_SERIF, 12, FALSE };
	char *t;

	qk_ts_page_new(doc, PW, PH, NULL);
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &big, -1);
	qk_ts_draw_aligned(doc, &big, s->title, 0, PW, 110, 80, TS_CENTER);
	if (s->title_latin) {
		qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &latin, -1);
		qk_ts_draw_aligned(doc, &latin, s->title_latin, 0, PW, 195, 24, TS_CENTER);
	}
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &issue, -1);
	t = g_strdup_printf("%s年第%s期", s->year ? s->year : "",
	                    s->number ? s->number : "");
	qk_ts_draw_aligned(doc, &issue, t, 0, PW, 240, 28, TS_CENTER);
	g_free(t);
	if (s->total_number) {
		t = g_strdup_printf("总第%s期", s->total_number);
		qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &small, -1);
		qk_ts_draw_aligned(doc, &small, t, 0, PW, 270, 20, TS_CENTER);
		g_free(t);
	}
	qk_ts_block_end(doc);
	/* the cover photo */
	qk_ts_fill_rect(doc, 70, 320, PW - 140, 400, 0.78);
	if (s->frequency) {
		qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &small, -1);
		qk_ts_draw_aligned(doc, &small, s->frequency, 0, PW, 750, 20, TS_CENTER);
		qk_ts_block_end(doc);
	}
}

/* Splits "王晓东 王志福 王 虎" into names; a two-character name is often
 * printed with a space inside ("王 虎"), so two single characters in a row
 * make one name. */
static GPtrArray *
split_names(const char *text)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	char **tok = g_strsplit(text ? text : "", " ", -1);

	for (int i = 0; tok[i]; i++) {
		if (!*tok[i])
			continue;
		if (g_utf8_strlen(tok[i], -1) == 1 && tok[i + 1] &&
		    g_utf8_strlen(tok[i + 1], -1) == 1) {
			g_ptr_array_add(out, g_strdup_printf("%s %s", tok[i], tok[i + 1]));
			i++;
		} else {
			g_ptr_array_add(out, g_strdup(tok[i]));
		}
	}
	g_strfreev(tok);
	return out;
}

static void
committee(Mag *m)
{
	TsDoc *doc = m->doc;
	const TsSource *s = m->src;
	TsFont head = { QK_TS_SANS, 20, TRUE };
	TsFont names_font = { QK_TS_SERIF, 12, FALSE };
	TsFont imp = { QK_TS_SERIF, 10, FALSE };
	TsFont imp_title = { QK_TS_SANS, 16, TRUE };
	double y = 90;
	gboolean has_date = FALSE;
	char *dt;

	qk_ts_page_new(doc, PW, PH, NULL);
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &head, -1);
	qk_ts_draw_aligned(doc, &head, "编辑委员会", 0, PW, y, 30, TS_CENTER);
	y += 50;
	for (guint i = 0; i < s->committee->len; i++) {
		const TsMember *mem = s->committee->pdata[i];
		GPtrArray *names = split_names(mem->names);
		char *line;

		qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &names_font, -1);
		if (names->len <= 3) {
			line = g_strdup_printf("%s:%s", mem->role ? mem->role : "",
			                       mem->names ? mem->names : "");
			qk_ts_draw_line(doc, &names_font, line, 150, y, 21);
			g_free(line);
			y += 21;
		} else {
			/* long lists: the role on its own line, then three names a row */
			line = g_strdup_printf("%s:", mem->role ? mem->role : "");
			qk_ts_draw_line(doc, &names_font, line, 150, y, 21);
			g_free(line);
			y += 21;
			for (guint k = 0; k < names->len; k += 3) {
				GString *row = g_string_new(NULL);
				for (guint j = k; j < k + 3 && j < names->len; j++) {
					if (j > k)
						g_string_append(row, "  ");
					g_string_append(row, names->pdata[j]);
				}
				qk_ts_draw_line(doc, &names_font, row->str, 186, y, 21);
				g_string_free(row, TRUE);
				y += 21;
			}
		}
		g_ptr_array_unref(names);
		y += 4;
	}
	qk_ts_block_end(doc);

	/* the imprint block, framed, at the foot of the page */
	y = MAX(y + 30, 520);
	qk_ts_stroke_line(doc, 130, y - 10, PW - 130, y - 10, 0.8);
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &imp_title, -1);
	qk_ts_draw_aligned(doc, &imp_title, s->title, 0, PW, y, 24, TS_CENTER);
	y += 30;
	qk_ts_block_begin(doc, QK_ROLE_MASTHEAD, &imp, -1);
	for (guint i = 0; i < s->imprint->len; i++) {
		const char *l = s->imprint->pdata[i];
		if (strstr(l, "出版"))
			has_date = TRUE;
		qk_ts_draw_line(doc, &imp, l, 170, y, 15);
		y += 15;
	}
	dt = qk_ts_date_text(s->date);
	if (!has_date && dt) {
		char *l = g_strdup_printf("%s出版", dt);
		qk_ts_draw_line(doc, &imp, l, 170, y, 15);
		g_free(l);
	}
	g_free(dt);
	qk_ts_block_end(doc);
}

/* What the 目录 prints for an article's authors, or NULL for none. */
static char *
toc_authors(const TsArticle *a)
{
	if (!a->toc_authors)
		return NULL;
	if (a->byline && *a->byline) {
		/* the 目录 names people, not their job: drop 本刊记者 and the like */
		const char *b = a->byline;
		if (g_str_has_prefix(b, "本刊记者") || g_str_has_prefix(b, "本报记者") ||
		    g_str_has_prefix(b, "本刊通讯员"))
			b = strchr(b, ' ') ? strchr(b, ' ') + 1 : b;
		return g_strdup(b);
	}
	if (a->authors->len == 0)
		return NULL;
	{
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < a->authors->len; i++) {
			if (i)
				g_string_append_c(s, ' ');
			g_string_append(s, a->authors->pdata[i]);
		}
		return g_string_free(s, FALSE);
	}
}

static char *
toc_title(const TsArticle *a)
{
	if (a->has_toc_title)
		return a->toc_title && *a->toc_title ? g_strdup(a->toc_title) : NULL;
	return qk_ts_article_title(a);
}

/* Draws one 目录 entry; with sec NULL nothing goes into the truth. */
static void
toc_entry_draw(Mag *m, TsFlow *f, double k, const char *title,
               const char *authors, const char *label, QkTocSection *sec,
               const char *article_id, int pdf_page, const TsArticle *art)
{
	TsFont tf = { QK_TS_SERIF, 11.5 * k, FALSE };
	TsFont af = { QK_TS_SERIF, 10 * k, FALSE };
	char *tail = g_strdup_printf("%s(%s)", authors ? authors : "",
	                             label ? label : "?");
	double h = 16 * k + (title ? qk_ts_text_height(m->doc, &tf, title,
	                                               f->col_w, 18 * k, 12) : 0);
	QkTocEntry *e;

	/* an entry stays together: its title and its "authors(page)" line */
	qk_ts_flow_need(f, h);
	if (title)
		qk_ts_flow_text(f, QK_ROLE_TOC, &tf, title, 18 * k, 12, TS_LEFT);
	qk_ts_flow_text(f, QK_ROLE_TOC, &af, tail, 16 * k, 0, TS_RIGHT);
	f->y += 6 * k;
	g_free(tail);
	if (!sec)
		return;

	e = qk_toc_entry_new();
	e->title = g_strdup(title);
	if (art && art->toc_authors)
		for (guint i = 0; i < art->authors->len; i++)
			g_ptr_array_add(e->authors, g_strdup(art->authors->pdata[i]));
	e->page = g_strdup(label);
	e->pdf_page = pdf_page;
	e->article_id = g_strdup(article_id);
	g_ptr_array_add(sec->entries, e);
}

static int
label_to_pdf(const Mag *m, const char *label)
{
	return label ? (int)g_ascii_strtoll(label, NULL, 10) + m->first - 1 : 0;
}

/* A ◆ section header; returns the truth section (NULL when measuring). */
static QkTocSection *
toc_section(Mag *m, TsFlow *f, double k, const char *name, gboolean record)
{
	TsFont secf = { QK_TS_SANS, 12.5 * k, TRUE };
	char *raw = g_strdup_printf("◆ %s", name ? name : "");
	QkTocSection *sec = NULL;

	f->y += 4 * k;
	/* a header is not left alone at the foot of a column */
	qk_ts_flow_need(f, 22 * k + 40 * k);
	qk_ts_flow_text(f, QK_ROLE_TOC, &secf, raw, 22 * k, 0, TS_LEFT);
	if (record) {
		sec = qk_toc_section_new(name);
		sec->raw = g_strdup(raw);
		g_ptr_array_add(m->doc->truth->toc, sec);
	}
	g_free(raw);
	return sec;
}

/* Flows the 目录 entries at scale k; FALSE when they overflow the page. */
static gboolean
toc_flow(Mag *m, double k, gboolean record)
{
	const TsSource *s = m->src;
	TsFlow f = { 0 };
	QkTocSection *sec = NULL;
	const char *cur = NULL;
	gboolean started = FALSE;

	f.doc = m->doc;
	f.ncols = 2;
	f.col_w = 210;
	f.col_x[0] = ML + 20;
	f.col_x[1] = PW / 2 + 20;
	f.top[0] = f.top[1] = 160;
	f.bottom = 770;
	f.y = 160;

	for (guint i = 0; i < s->articles->len; i++) {
		const TsArticle *a = s->articles->pdata[i];
		char *title, *auth;
		const char *label;

		if (a->part_of || !a->in_toc)
			continue;
		if (!started || g_strcmp0(cur, a->section) != 0) {
			cur = a->section;
			started = TRUE;
			sec = toc_section(m, &f, k, cur, record);
		}
		title = toc_title(a);
		auth = toc_authors(a);
		label = g_hash_table_lookup(m->labels, a->id);
		toc_entry_draw(m, &f, k, title, auth, label, sec, a->id,
		               label_to_pdf(m, label), a);
		g_free(title);
		g_free(auth);
	}
	for (guint i = 0; i < s->tables->len; i++) {
		const TsTable *tb = s->tables->pdata[i];
		char *key = g_strdup_printf("#table%u", i);
		const char *label = g_hash_table_lookup(m->labels, key);

		g_free(key);
		if (!started || g_strcmp0(cur, s->tables_section) != 0) {
			cur = s->tables_section;
			started = TRUE;
			sec = toc_section(m, &f, k, cur, record);
		}
		toc_entry_draw(m, &f, k, tb->title, NULL, label, sec, NULL,
		               label_to_pdf(m, label), NULL);
	}
	return !f.overflow;
}

static gboolean
toc_page(Mag *m, GError **error)
{
	TsDoc *doc = m->doc;
	const TsSource *s = m->src;
	TsFont head = { QK_TS_SANS, 26, TRUE };
	TsFont sub = { QK_TS_SERIF, 11, FALSE };
	double k = 1.0;
	char *t;

	qk_ts_page_new(doc, PW, PH, NULL);
	qk_ts_block_begin(doc, QK_ROLE_TOC, &head, -1);
	qk_ts_draw_aligned(doc, &head, "目  录", 0, PW, 50, 40, TS_CENTER);
	qk_ts_block_begin(doc, QK_ROLE_TOC, &sub, -1);
	t = g_strdup_printf("%s %s年第%s期", s->title, s->year ? s->year : "",
	                    s->number ? s->number : "");
	qk_ts_draw_aligned(doc, &sub, t, 0, PW, 96, 18, TS_CENTER);
	g_free(t);
	if (s->total_number) {
		t = g_strdup_printf("总第%s期(%s)", s->total_number,
		                    s->frequency ? s->frequency : "");
		qk_ts_draw_aligned(doc, &sub, t, 0, PW, 114, 18, TS_CENTER);
		g_free(t);
	}
	qk_ts_block_end(doc);
	qk_ts_stroke_line(doc, ML, 140, PW - ML, 140, 0.8);

	/* a long 目录 is set smaller until it fits on its page */
	for (; k > 0.6; k -= 0.05) {
		gboolean fits;
		doc->dry = TRUE;
		fits = toc_flow(m, k, FALSE);
		doc->dry = FALSE;
		if (fits)
			break;
	}
	if (!toc_flow(m, k, TRUE)) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT,
		            "the 目录 does not fit on one page");
		return FALSE;
	}
	if (s->slogan)
		furniture(doc, "slogan", NULL, s->slogan, PH - 60);
	return TRUE;
}

/* ---- articles -------------------------------------------------------- */

static void
note_page(Mag *m, TsPlaced *pl)
{
	int pg = m->doc->page_count;
	qk_ts_placed_page(pl, pg, m->doc->page->label);
}

static void
article(Mag *m, const TsArticle *a, gboolean first)
{
	/* first: the article must open a new page */
	TsFlow *f = &m->flow;
	TsDoc *doc = m->doc;
	TsPlaced *pl = qk_ts_placed_new();
	gboolean wide_title = a->wide;

	if (first || !a->flow_continue) {
		m->section = a->section;
		body_page(m, PW, PH);
	} else {
		wide_title = FALSE;
		m->section = a->section;
		f->y += 14;
	}

	/* title block */
	if (wide_title) {
		double y = BODY_TOP - 4;
		for (guint i = 0; i < a->title_lines->len; i++) {
			GPtrArray *ls = qk_ts_break(doc, &F_TITLE_WIDE,
			                            a->title_lines->pdata[i], BODY_W, 0);
			qk_ts_block_begin(doc, QK_ROLE_TITLE, &F_TITLE_WIDE, -1);
			for (guint k = 0; k < ls->len; k++) {
				qk_ts_draw_aligned(doc, &F_TITLE_WIDE, ls->pdata[k], ML, BODY_W,
				                   y, 30, TS_CENTER);
				y += 30;
			}
			qk_ts_block_end(doc);
			g_ptr_array_unref(ls);
		}
		if (a->subtitle) {
			qk_ts_block_begin(doc, QK_ROLE_SUBTITLE, &F_SUB, -1);
			qk_ts_draw_aligned(doc, &F_SUB, a->subtitle, ML, BODY_W, y, 20,
			                   TS_CENTER);
			y += 22;
		}
		if (a->byline) {
			qk_ts_block_begin(doc, QK_ROLE_BYLINE, &F_BYLINE, -1);
			qk_ts_draw_aligned(doc, &F_BYLINE, a->byline, ML, BODY_W, y, 18,
			                   TS_CENTER);
			y += 18;
		}
		qk_ts_block_end(doc);
		y += 12;
		f->top[0] = f->top[1] = y;
		f->y = y;
		note_page(m, pl);
	} else {
		if (a->title_lines->len)
			qk_ts_flow_need(f, 22 * 2);
		note_page(m, pl);
		for (guint i = 0; i < a->title_lines->len; i++)
			qk_ts_flow_text(f, QK_ROLE_TITLE, &F_TITLE_COL,
			                a->title_lines->pdata[i], 22, 0, TS_CENTER);
		if (a->subtitle)
			qk_ts_flow_text(f, QK_ROLE_SUBTITLE, &F_SUB, a->subtitle, 19, 0,
			                TS_CENTER);
		if (a->byline)
			qk_ts_flow_text(f, QK_ROLE_BYLINE, &F_BYLINE, a->byline, 18, 0,
			                TS_CENTER);
		f->y += 8;
	}

	for (guint i = 0; i < a->items->len; i++) {
		const TsItem *it = a->items->pdata[i];
		int page;

		switch (it->kind) {
		case TS_ITEM_FIGURE: {
			double ch = it->caption
			            ? qk_ts_text_height(doc, &F_CAPTION, it->caption, f->col_w,
			                                13, 0) : 0;
			qk_ts_flow_need(f, it->height + ch + 6);
			page = doc->page_count;
			qk_ts_fill_rect(doc, f->col_x[f->col], f->y, f->col_w, it->height,
			                0.8);
			f->y += it->height + 3;
			if (it->caption)
				qk_ts_flow_text(f, QK_ROLE_CAPTION, &F_CAPTION, it->caption, 13, 0,
				                TS_CENTER);
			f->y += 6;
			break;
		}
		case TS_ITEM_TABLE: {
			double h = qk_ts_table_draw(doc, it->table, 0, 0, f->col_w, 8.5, TRUE);
			f->y += 4;
			qk_ts_flow_need(f, h);
			page = doc->page_count;
			f->y += qk_ts_table_draw(doc, it->table, f->col_x[f->col], f->y,
			                         f->col_w, 8.5, FALSE) + 6;
			break;
		}
		case TS_ITEM_H: {
			const TsFont *hf = it->level == 1 ? &F_H1
			                   : it->level == 2 ? &F_H2 : &F_H3;
			f->y += 4;
			/* keep a heading with the first lines under it */
			qk_ts_flow_need(f, LH_BODY * 3);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_HEADING, hf, it->text, LH_BODY, INDENT,
			                TS_LEFT);
			break;
		}
		case TS_ITEM_ORG:
			f->y += 4;
			qk_ts_flow_need(f, LH_BODY * 3);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_HEADING, &F_H1, it->text, LH_BODY, 0,
			                TS_LEFT);
			break;
		case TS_ITEM_NOTE:
			qk_ts_flow_need(f, 14);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_NOTE, &F_NOTE, it->text, 14, INDENT,
			                TS_LEFT);
			f->y += 8;
			break;
		case TS_ITEM_SOURCE:
			qk_ts_flow_need(f, 14);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_SOURCE, &F_SOURCE, it->text, 16, 0,
			                TS_RIGHT);
			break;
		case TS_ITEM_SIGNATURE:
			qk_ts_flow_need(f, LH_BODY);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_BODY, &F_BODY, it->text, LH_BODY, 0,
			                TS_RIGHT);
			break;
		case TS_ITEM_P:
		default:
			qk_ts_flow_need(f, LH_BODY);
			page = doc->page_count;
			qk_ts_flow_text(f, QK_ROLE_BODY, &F_BODY, it->text, LH_BODY, INDENT,
			                TS_LEFT);
			break;
		}
		g_array_append_val(pl->item_pages, page);
		/* every page the article reaches gets its label */
		for (int p = pl->pdf_last + 1; p <= doc->page_count; p++) {
			QkPage *qp = qk_issue_page(doc->truth, p);
			qk_ts_placed_page(pl, p, qp ? qp->label : NULL);
		}
	}
	g_hash_table_insert(m->placed, g_strdup(a->id), pl);
}

static void
tables_pages(Mag *m)
{
	const TsSource *s = m->src;
	TsDoc *doc = m->doc;
	TsFont nf = { QK_TS_SERIF, 8.5, FALSE };

	m->section = s->tables_section;
	for (guint i = 0; i < s->tables->len; i++) {
		const TsTable *t = s->tables->pdata[i];
		int rows, cols;
		gboolean land;
		double w, h, y;

		qk_ts_table_size(t, &rows, &cols);
		land = cols > 9;
		w = land ? PH : PW;
		h = land ? PW : PH;
		body_page(m, w, h);
		g_hash_table_insert(m->labels, g_strdup_printf("#table%u", i),
		                    g_strdup(doc->page->label));
		y = BODY_TOP;
		y += qk_ts_table_draw(doc, t, ML - 20, y, w - 2 * (ML - 20),
		                      land ? 7.5 : 8.5, FALSE);
		if (i + 1 == s->tables->len && s->tables_note) {
			QkTable *qt = doc->truth->tables->pdata[doc->truth->tables->len - 1];
			g_free(qt->note);
			qt->note = g_strdup(s->tables_note);
			qk_ts_block_begin(doc, QK_ROLE_SOURCE, &nf, -1);
			qk_ts_draw_line(doc, &nf, s->tables_note, ML - 20, y + 4, 14);
			qk_ts_block_end(doc);
		}
	}
}

/* One full layout; labels gives first pages for the 目录 (may be empty). */
static TsDoc *
layout(const TsSource *src, const char *out, GHashTable *labels,
       GHashTable *placed, GError **error)
{
	Mag m = { 0 };
	gboolean first = TRUE;

	m.src = src;
	m.labels = labels;
	m.placed = placed;
	m.doc = qk_ts_doc_new(out, error);
	if (!m.doc)
		return NULL;
	m.flow.next = next_page;
	m.flow.next_data = &m;

	m.first = src->first_page > 0 ? MAX(2, src->first_page) : DEFAULT_FIRST;

	cover(&m);
	if (m.first >= 3)
		committee(&m);
	if (m.first >= 4) {
		if (!toc_page(&m, error))
			goto fail;
		m.toc_done = TRUE;
	}
	/* more front pages than these: inside-cover photo pages */
	while (m.doc->page_count < m.first - 1) {
		qk_ts_page_new(m.doc, PW, PH, NULL);
		qk_ts_fill_rect(m.doc, ML, BODY_TOP, BODY_W, BODY_BOTTOM - BODY_TOP, 0.8);
	}
	for (guint i = 0; i < src->articles->len; i++) {
		const TsArticle *a = src->articles->pdata[i];
		if (a->part_of)
			continue;
		article(&m, a, first);
		first = FALSE;
		if (!m.toc_done) {
			/* page 1 came early (like 卷首语 on the inside cover): the
			 * committee and 目录 pages follow it, counted but unnumbered */
			if (m.first < 3)
				committee(&m);
			if (!toc_page(&m, error))
				goto fail;
			m.toc_done = TRUE;
			first = TRUE;
		}
	}
	tables_pages(&m);
	if (!qk_ts_doc_finish(m.doc, error))
		goto fail;
	return m.doc;
fail:
	qk_ts_doc_free(m.doc);
	return NULL;
}

gboolean
qk_ts_magazine(const TsSource *src, const char *out_pdf, QkIssue **truth_out,
               GError **error)
{
	GHashTable *labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                           g_free);
	GHashTable *placed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                           (GDestroyNotify)qk_ts_placed_free);
	GHashTable *labels2;
	TsDoc *doc;
	GHashTableIter it;
	gpointer k, v;
	QkIssue *truth;

	/* pass 1: where does each article start? */
	doc = layout(src, NULL, labels, placed, error);
	if (!doc)
		goto fail;
	qk_ts_doc_free(doc);
	labels2 = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_iter_init(&it, labels);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(labels2, g_strdup(k), g_strdup(v));
	g_hash_table_iter_init(&it, placed);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		TsPlaced *p = v;
		if (p->labels->len)
			g_hash_table_insert(labels2, g_strdup(k),
			                    g_strdup(p->labels->pdata[0]));
	}
	g_hash_table_remove_all(placed);
	g_hash_table_unref(labels);
	labels = labels2;

	/* pass 2: the real thing */
	doc = layout(src, out_pdf, labels, placed, error);
	if (!doc)
		goto fail;
	truth = doc->truth;
	doc->truth = NULL;
	qk_ts_doc_free(doc);

	qk_ts_truth_meta(&truth->meta, src);
	for (guint i = 0; i < src->articles->len; i++) {
		const TsArticle *a = src->articles->pdata[i];
		TsPlaced *p;
		if (a->part_of)
			continue;
		p = g_hash_table_lookup(placed, a->id);
		if (p)
			g_ptr_array_add(truth->articles,
			                qk_ts_truth_article(a, a->items, p));
	}
	g_hash_table_unref(labels);
	g_hash_table_unref(placed);
	*truth_out = truth;
	return TRUE;
fail:
	g_hash_table_unref(labels);
	g_hash_table_unref(placed);
	return FALSE;
}
