/*
 * articles.c — articles from the pages' blocks: title, kicker, subtitle,
 * byline and authors, paragraphs (joined back across column and page
 * breaks), notes, captions, sources and numbered headings. A scanned
 * page's blocks are first set right (ocrpage.c); linking the TOC to the
 * articles is link.c's.
 */
#include <math.h>
#include <string.h>

#include "norm.h"
#include "structure.h"
#include "recache.h"

/* ---- text helpers ------------------------------------------------------ */

/* The last character of s (0 when empty). */
static gunichar last_char(const char *s)
{
	gsize n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return 0;
	const char *p = g_utf8_find_prev_char(s, s + n);
	return p ? g_utf8_get_char(p) : 0;
}

static gboolean sentence_end(gunichar c)
{
	return c != 0 && g_utf8_strchr("。！？!?…；;：:", -1, c) != NULL;
}

gboolean qk_structure_ends_sentence(const char *s)
{
	gunichar c = last_char(s);
	if (sentence_end(c))
		return TRUE;
	if (c != 0 && g_utf8_strchr("”’」』）)", -1, c) != NULL) {
		/* a quote or bracket closing after the full stop */
		gsize n = strlen(s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
		const char *p = g_utf8_find_prev_char(s, s + n);
		const char *q = p ? g_utf8_find_prev_char(s, p) : NULL;
		return q != NULL && sentence_end(g_utf8_get_char(q));
	}
	return FALSE;
}

/* First line indented against the second (a new paragraph), as far as a
 * block of one line can tell: -1 unknown, 0 no, 1 yes. */
static int block_indented(const QkBlock *b)
{
	if (b->lines->len < 2)
		return -1;
	const QkLine *l0 = g_ptr_array_index(b->lines, 0);
	const QkLine *l1 = g_ptr_array_index(b->lines, 1);
	double size = b->size > 0 ? b->size : (l0->size > 0 ? l0->size : 10);
	return l0->bbox.x0 - l1->bbox.x0 > 0.5 * size ? 1 : 0;
}

/* ---- segmentation ------------------------------------------------------ */

typedef struct {
	QkIssue *issue;
	const QkWords *words;        /* byline vocabulary, loaded once */
	GPtrArray *segs;        /* of QkSegArticle */
	QkSegArticle *cur;
	QkPage *page;
	char *page_section;     /* running head of the page */
	QkRole last_role;       /* role of the previous content block */
	QkRole eff_role;        /* role the current block was taken in */
	const QkBlock *last_block;
	int last_block_page;
	GPtrArray *pending;     /* captions waiting for an article */
	gboolean section_changed; /* page's running head names another
	                           * section than the current article's */
	guint k;                /* index of the block in hand on the page */
	gboolean lead_open;     /* a lead box's name stood alone: its text
	                         * is the next block */
	const QkBlock *title_block; /* the current article's headline */
	int title_page;
	GPtrArray *jumps;       /* 下转 markers of the block in hand, kept
	                         * as jump paragraphs after its text */
	QkSegArticle *prev;     /* the article before the current one */
	const QkBlock *foot_block; /* a paper's footnote block (收稿日期…) */
	const QkBlock *formula_block; /* the display formula in hand */
	const QkPara *formula_para;   /* its paragraph (scripts joined, its
	                               * number no longer ends the text) */
	int journal;            /* the issue prints papers (journal_issue):
	                         * -1 not known yet */
	gboolean marks_apart;   /* affiliation marks set apart from the
	                         * names were dropped under the title */
	gboolean aside;         /* the block in hand was set apart from the
	                         * text's flow (a byline read late) */
	GPtrArray *blocks;      /* the page's blocks, or its article
	                         * regions' (newspapers, regions.c) */
	gint headless_from;     /* articles from here on were opened in a
	                         * region without headline; -1 when none */
	const GArray *opens;    /* per block of blocks: it opens a region
	                         * (NULL when the page is read as it is) */
	const QkBlock *byline_block; /* the last byline block, of byline_of */
	const QkSegArticle *byline_of;
	int byline_page;
	QkPara *held;           /* a closing line set beside a paragraph's
	                         * line, put after the paragraph's end */
	QkSegArticle *held_art; /* the article it closes */
	QkTitleIndex *toc_titles; /* the TOC entries' titles, in order */
	GPtrArray *toc_secs;    /* per entry of toc_titles: its section */
	GHashTable *toc_names;  /* the TOC sections' names */
	GArray *hits;           /* of QkTitleHit, for toc_titles */
	struct BodySize *body;  /* the page's body size, once measured */
	const QkBlock *head_block; /* the heading read last, while only
	                            * blocks of other columns came after it
	                            * (a reading order that went across) */
	QkPara *head_para;      /* its paragraph */
	int head_page;
} Seg;

/* page_body_size of one page, kept: several rules ask it of the page in
 * hand, and each measure joined the text of every body block (5% of
 * structure's instructions on the magazines). Forgotten when a block's
 * role changes (journal_block). */
struct BodySize {
	const QkPage *page;     /* NULL: none measured */
	double size;
};

/* The rules for magazines and letters below leave newspaper pages to
 * their regions (regions.c). */
static gboolean magazine(const Seg *sg)
{
	return sg->issue->meta.kind != QK_KIND_NEWSPAPER;
}

static void note_page(Seg *sg)
{
	QkArticle *a = sg->cur->art;
	int idx = sg->page->index;
	if (a->pdf_first == 0 || idx < a->pdf_first)
		a->pdf_first = idx;
	a->pdf_last = MAX(a->pdf_last, idx);
	const char *label = sg->page->label;
	if (label == NULL)
		return;
	for (guint i = 0; i < a->pages->len; i++)
		if (strcmp(g_ptr_array_index(a->pages, i), label) == 0)
			return;
	g_ptr_array_add(a->pages, g_strdup(label));
}

static QkSegArticle *new_article(Seg *sg)
{
	QkSegArticle *s = g_new0(QkSegArticle, 1);
	char *id = g_strdup_printf("a%u", sg->segs->len + 1);
	s->art = qk_article_new(id);
	g_free(id);
	s->art->section = g_strdup(sg->page_section);
	g_ptr_array_add(sg->segs, s);
	if (sg->cur != NULL)
		sg->prev = sg->cur;
	sg->cur = s;
	sg->last_role = QK_ROLE_OTHER;
	sg->marks_apart = FALSE;
	note_page(sg);
	return s;
}

static QkSegArticle *need_article(Seg *sg)
{
	return sg->cur ? sg->cur : new_article(sg);
}

static QkPara *add_para(Seg *sg, QkParaKind kind, const char *text, int level)
{
	QkSegArticle *s = need_article(sg);
	/* captions and notes printed above the headline open its text */
	if (s->art->paras->len == 0)
		while (sg->pending->len > 0)
			g_ptr_array_add(s->art->paras,
			                g_ptr_array_steal_index(sg->pending, 0));
	QkPara *p = qk_para_new(kind, text);
	p->level = level;
	p->page = sg->page->index;
	g_ptr_array_add(s->art->paras, p);
	note_page(sg);
	return p;
}

static QkPara *last_para(Seg *sg)
{
	if (sg->cur == NULL || sg->cur->art->paras->len == 0)
		return NULL;
	GPtrArray *ps = sg->cur->art->paras;
	return g_ptr_array_index(ps, ps->len - 1);
}

/* text goes on paragraph p (a line or block the reading order set apart) */
static void join_into(QkPara *p, const char *text)
{
	GString *j = g_string_new(p->text->text);
	qk_text_join(j, text);
	g_free(p->text->text);
	p->text->text = g_string_free(j, FALSE);
}

/* Joins text to the article's last paragraph; returns that paragraph. */
static QkPara *join_last(Seg *sg, const char *text)
{
	QkPara *p = last_para(sg);
	join_into(p, text);
	return p;
}


/* TRUE when b's first line starts indented under a line of the block read
 * before it that ends a sentence, right above it in its column (a short
 * section balanced over a few rows: the block ran on from the column
 * before, so its first line is its own left edge and block_indented sees
 * no indent). "Right above": less than an em between them, since text set
 * at 1.5 leading leaves exactly half an em between its lines; the line
 * above may stop where the indent starts (…产业集群 | 区。, two ems, over
 * a first line indented two ems: libreoffice-mag-145 p4). */
static gboolean indented_under_last(const Seg *sg, const QkBlock *b)
{
	const QkBlock *lb = sg->last_block;
	if (lb == NULL || sg->last_block_page != sg->page->index || b->lines->len == 0)
		return FALSE;
	const QkLine *l0 = g_ptr_array_index(b->lines, 0);
	double em = l0->size > 0 ? l0->size : 10;
	for (guint i = 0; i < lb->lines->len; i++) {
		const QkLine *a = g_ptr_array_index(lb->lines, i);
		double gap = l0->bbox.y0 - a->bbox.y1;
		double in = l0->bbox.x0 - a->bbox.x0;
		if (gap > -0.2 * em && gap < em && fabs(a->size - l0->size) < 0.5 &&
		    in > 0.5 * em && in < 3 * em && a->bbox.x1 > l0->bbox.x0 - 0.5 * em &&
		    qk_structure_ends_sentence(a->text))
			return TRUE;
	}
	return FALSE;
}

/* An article with no text yet (a 上接 marker may open it). */
static gboolean fresh(const QkSegArticle *s)
{
	if (s == NULL)
		return FALSE;
	for (guint i = 0; i < s->art->paras->len; i++)
		if (((const QkPara *)g_ptr_array_index(s->art->paras, i))->kind !=
		    QK_PARA_JUMP)
			return FALSE;
	return TRUE;
}

static void set_text(QkText **t, const char *text)
{
	qk_text_free(*t);
	*t = qk_text_new(text);
}

static void append_text(QkText **t, const char *text)
{
	if (*t == NULL) {
		*t = qk_text_new(text);
		return;
	}
	GString *s = g_string_new((*t)->text);
	qk_text_join(s, text);
	g_free((*t)->text);
	(*t)->text = g_string_free(s, FALSE);
}

static void body_block(Seg *sg, const QkBlock *b, const char *text);
static gboolean ocr_one_row(const Seg *sg, const QkBlock *b);
static gboolean trailing_kicker(const Seg *sg, const QkBlock *b);
static double page_body_size(const QkPage *page);

static double seg_body_size(const Seg *sg)
{
	if (sg->body->page != sg->page) {
		sg->body->size = page_body_size(sg->page);
		sg->body->page = sg->page;
	}
	return sg->body->size;
}

/* A short sub-heading without a number the layout left as body (破题,
 * a Type 3 size a little under its 1.1 em): one run of at most eight Han
 * characters (letter-spacing aside), set at least 1.05 times the page's
 * text. */
static gboolean short_heading(const Seg *sg, const QkBlock *b, const char *text)
{
	char *s = qk_structure_squeeze(text);
	glong n = 0;
	gboolean han = TRUE;
	for (const char *p = s; *p && han; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		han = c >= 0x4E00 && c <= 0x9FFF;
	}
	g_free(s);
	double body = seg_body_size(sg);
	return han && n >= 2 && n <= 8 && body > 0 && b->size >= 1.05 * body;
}

/* "朔州市发展和改革委员会：" — an organisation's name closed by a colon,
 * heading its contribution to a feature. */
static gboolean org_heading(const QkWords *w, const char *text)
{
	gsize n = strlen(text);
	const char *colon = NULL;
	if (g_str_has_suffix(text, "："))
		colon = text + n - strlen("：");
	else if (n > 0 && text[n - 1] == ':')
		colon = text + n - 1;
	if (colon == NULL || colon == text)
		return FALSE;
	char *name = g_strndup(text, colon - text);
	gboolean ok = g_utf8_strlen(name, -1) >= 4;
	for (const char *p = name; ok && *p; p = g_utf8_next_char(p))
		ok = g_unichar_get_script(g_utf8_get_char(p)) ==
		     G_UNICODE_SCRIPT_HAN;
	gboolean org = FALSE;
	for (guint i = 0; ok && !org && i < w->orgs->len; i++)
		org = g_str_has_suffix(name, g_ptr_array_index(w->orgs, i));
	g_free(name);
	return ok && org;
}

/* 记者 / 通讯员 / 评论员 in a line: a byline rather than names alone. */
static gboolean has_role_word(const char *text)
{
	return text != NULL && (strstr(text, "记者") || strstr(text, "通讯员") ||
	                        strstr(text, "评论员"));
}

/* A short run of Han characters and spaces only (names whose spacing
 * was lost). */
static gboolean short_names_run(const char *text)
{
	char *sq = qk_structure_squeeze(text);
	glong n = g_utf8_strlen(sq, -1);
	gboolean ok = n >= 2 && n <= 16;
	for (const char *p = sq; ok && *p; p = g_utf8_next_char(p))
		ok = g_unichar_get_script(g_utf8_get_char(p)) ==
		     G_UNICODE_SCRIPT_HAN;
	g_free(sq);
	return ok;
}

/* A byline block: the byline of a fresh article, else (a layout slip,
 * such as an interview's 记者： question) body text. */
/* A block set right under the current article's headline (a byline the
 * reading order put after the first column's text). */
static gboolean under_title(const Seg *sg, const QkBlock *b)
{
	const QkBlock *t = sg->title_block;
	if (t == NULL || sg->cur == NULL || sg->cur->art->byline != NULL ||
	    sg->title_page != sg->page->index)
		return FALSE;
	double gap = b->bbox.y0 - t->bbox.y1;
	double overlap = MIN(t->bbox.x1, b->bbox.x1) - MAX(t->bbox.x0, b->bbox.x0);
	return overlap > 0 && gap > -0.2 * t->size && gap < 3.0 * t->size;
}

static gboolean dateline_next(const Seg *sg);

static void byline_block(Seg *sg, const QkBlock *b, const char *text)
{
	QkSegArticle *s = sg->cur;
	char *bare = qk_structure_squeeze(text);
	gboolean sub = fresh(s) && s->art->byline == NULL && b->lines->len == 1 &&
	               g_utf8_strlen(bare, -1) <= 4 && dateline_next(sg);
	g_free(bare);
	if (sub) {
		/* 破 题 between the headline and 本报讯（记者 X）: a sub-heading
		 * the layout took for a name */
		add_para(sg, QK_PARA_HEADING, text, 1);
		sg->eff_role = QK_ROLE_HEADING;
		return;
	}
	gboolean late = s != NULL && !fresh(s) && magazine(sg) && under_title(sg, b);
	if (s != NULL && (fresh(s) || late)) {
		QkArticle *a = s->art;
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		gboolean ok = qk_structure_parse_byline_w(sg->words, text, names);
		if (ok) {
			if (a->byline == NULL) {
				a->byline = g_strdup(text);
			} else {
				char *j = g_strconcat(a->byline, " ", text, NULL);
				g_free(a->byline);
				a->byline = j;
			}
			while (names->len)
				g_ptr_array_add(a->authors,
				                g_ptr_array_steal_index(names, 0));
		}
		g_ptr_array_free(names, TRUE);
		if (!ok && a->byline == NULL &&
		    short_names_run(qk_structure_after_marks(sg->words, text))) {
			/* names run together ("黄军侯强", "□丁宁杜文斌"): keep
			 * the byline; the TOC may tell how to split it */
			a->byline = g_strdup(text);
			ok = TRUE;
		}
		if (ok) {
			note_page(sg);
			sg->aside = late;   /* the text goes on across it */
			return;
		}
	}
	/* 本报讯（记者 …）starting the first paragraph, and the rest */
	body_block(sg, b, text);
}

/* A one-line block of names on the current article's byline row, right
 * after the byline block (文／王 虎 | 刘晓琰: the layout cut the row at a
 * column's gutter and the reading order put the piece after the first
 * column's text): the byline goes on, the text across it. */
static gboolean beside_byline(Seg *sg, const QkBlock *b, const char *text)
{
	const QkBlock *by = sg->byline_block;
	if (by == NULL || sg->byline_page != sg->page->index ||
	    sg->byline_of != sg->cur || b->lines->len != 1 ||
	    fabs(b->size - by->size) > 0.5)
		return FALSE;
	double em = MAX(by->size, 1.0);
	double gap = b->bbox.x0 - by->bbox.x1;
	if (fabs(b->bbox.y0 - by->bbox.y0) > 0.3 * em ||
	    fabs(b->bbox.y1 - by->bbox.y1) > 0.3 * em ||
	    gap < -0.2 * em || gap > 3.0 * em ||
	    !qk_structure_looks_like_names_w(sg->words, text))
		return FALSE;
	QkArticle *a = sg->cur->art;
	char *j = g_strconcat(a->byline, " ", text, NULL);
	g_free(a->byline);
	a->byline = j;
	qk_structure_split_names(text, a->authors);
	sg->byline_block = b;
	return TRUE;
}

/* Handles a continuation marker in text; returns text without it (new). */
static char *take_markers(Seg *sg, const char *text)
{
	char *rest = g_strdup(text);
	QkContMark m;
	while (qk_structure_find_continuation(rest, &m)) {
		char *marker = g_strndup(rest + m.start, m.end - m.start);
		if (m.dir < 0) {
			
/* 上接: the start of a continued part */
			if (!fresh(sg->cur) || sg->cur->cont_from != NULL)
				new_article(sg);
			g_free(sg->cur->cont_from);
			sg->cur->cont_from = g_strdup(m.target);
			add_para(sg, QK_PARA_JUMP, marker, 0);
			g_free(marker);
		} else if (sg->cur != NULL) {
			g_free(sg->cur->cont_to);
			sg->cur->cont_to = g_strdup(m.target);
			g_ptr_array_add(sg->jumps, marker);
		} else {
			g_free(marker);
		}
		GString *s = g_string_new_len(rest, (gssize)m.start);
		g_string_append(s, rest + m.end);
		g_free(rest);
		rest = g_strstrip(g_string_free(s, FALSE));
		qk_structure_cont_mark_clear(&m);
	}
	return rest;
}

static const QkBlock *next_content(const Seg *sg);

/* TRUE when b, one line, sits beside the last line of the paragraph under
 * way (on its row, right of it), which stops mid-sentence and goes on in
 * the next block, right under it (a closing line 撰稿：… that a balanced
 * column set beside the paragraph's last lines). */
static gboolean beside_paragraph(Seg *sg, const QkBlock *b)
{
	const QkPara *p = last_para(sg);
	const QkBlock *n = sg->last_block;
	const QkBlock *next = next_content(sg);
	if (b->lines->len != 1 || p == NULL || p->kind != QK_PARA_BODY || n == NULL ||
	    next == NULL || n->lines->len == 0 || sg->last_block_page != sg->page->index ||
	    qk_structure_ends_sentence(p->text->text) ||
	    (next->role != QK_ROLE_BODY && next->role != QK_ROLE_OTHER))
		return FALSE;
	const QkLine *l = g_ptr_array_index(n->lines, n->lines->len - 1);
	double size = MAX(l->size, 1.0);
	double yl = (l->bbox.y0 + l->bbox.y1) / 2, yb = (b->bbox.y0 + b->bbox.y1) / 2;
	double gap = next->bbox.y0 - n->bbox.y1;
	return fabs(yl - yb) < 0.5 * size && b->bbox.x0 > l->bbox.x1 &&
	       next->bbox.x0 < n->bbox.x0 + 1.0 && gap > -0.3 * size && gap < size;
}

/* Takes p (the article's last paragraph) out until the next block's text
 * is in: it goes after it. */
static void hold(Seg *sg, QkPara *p)
{
	GPtrArray *ps = sg->cur->art->paras;
	g_ptr_array_steal_index(ps, ps->len - 1);
	sg->held = p;
	sg->held_art = sg->cur;
	sg->aside = TRUE;
}

/* Puts a held closing line back, at its article's end. */
static void flush_held(Seg *sg)
{
	if (sg->held != NULL)
		g_ptr_array_add(sg->held_art->art->paras, sg->held);
	sg->held = NULL;
	sg->held_art = NULL;
}

static QkParaKind tail_kind(const Seg *sg, const char *text, GPtrArray *names);

/* An organisation signing in brackets at the end of its text
 * (（朔州市人民政府发展研究中心）): a tail line, as a signature of names is. */
static gboolean org_signature(const Seg *sg, const char *text)
{
	/* bracketed first and last, at most 40 characters (four bytes each):
	 * most texts fail on their bytes, before a valid copy is made (this
	 * runs on every paragraph; the copy was 4% of structure) */
	const char *a = text, *z = text + strlen(text);
	while (g_ascii_isspace(*a))
		a++;
	while (z > a && g_ascii_isspace(z[-1]))
		z--;
	if (z - a > 40 * 4 ||
	    !(*a == '(' || g_str_has_prefix(a, "（")) ||
	    !(z[-1] == ')' || (z - a >= 3 && memcmp(z - 3, "）", 3) == 0)))
		return FALSE;
	char *v = g_utf8_make_valid(text, -1);
	g_strstrip(v);
	gboolean ok = FALSE;
	glong n = g_utf8_strlen(v, -1);
	if (n >= 6 && n <= 40) {
		gunichar open = g_utf8_get_char(v);
		gunichar close = g_utf8_get_char(g_utf8_offset_to_pointer(v, n - 1));
		if ((open == 0xFF08 || open == '(') && (close == 0xFF09 || close == ')')) {
			char *inner = g_strndup(g_utf8_next_char(v),
			                        g_utf8_offset_to_pointer(v, n - 1) -
			                        g_utf8_next_char(v));
			ok = qk_structure_looks_like_names_w(sg->words, g_strstrip(inner));
			g_free(inner);
		}
	}
	g_free(v);
	return ok;
}

static QkParaKind closing_kind(const Seg *sg, const char *text)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	QkParaKind k = tail_kind(sg, text, names);
	g_ptr_array_free(names, TRUE);
	return k;
}

/* The bytes of the dash that opens a subtitle (——, --), or 0; on a
 * scan also the forms Tesseract reads it as (一一, _: mini at 200 dpi read
 * ——写在岁末年初 as _写在岁示年初, libreoffice-mag-13 ——对县域… as 一一对县域…). */
static gsize subtitle_dash(const Seg *sg, const char *text)
{
	static const char *const dashes[] = { "——", "--" };
	static const char *const misread[] = { "一一", "__", "_" };
	for (guint i = 0; i < G_N_ELEMENTS(dashes); i++)
		if (g_str_has_prefix(text, dashes[i]))
			return strlen(dashes[i]);
	for (guint i = 0; sg->page->ocr_dpi > 0 && i < G_N_ELEMENTS(misread); i++)
		if (g_str_has_prefix(text, misread[i]))
			return strlen(misread[i]);
	return 0;
}

/* A subtitle block under a fresh title (the layout's subtitle, or a
 * block of at most two lines opening with a dash right under the title):
 * the subtitle, its dash as printed; and when its last line alone is a
 * byline (a scan sets the subtitle and the names under it one size, and
 * the layout keeps them in one block: ——写在岁末年初 / 孙涛 on mini), that
 * line is the byline. FALSE when b is no such block. */
static gboolean subtitle_block(Seg *sg, const QkBlock *b, const char *text, gboolean layout)
{
	QkSegArticle *s = sg->cur;
	if (s == NULL || !fresh(s) || s->art->subtitle != NULL)
		return FALSE;
	QkArticle *a = s->art;
	gsize dash = subtitle_dash(sg, text);
	if (!layout && (a->title == NULL || a->byline != NULL || a->paras->len > 0 ||
	                b->lines->len > 2 || dash == 0 || sg->last_role != QK_ROLE_TITLE))
		return FALSE;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const QkLine *last = g_ptr_array_index(b->lines, b->lines->len - 1);
	gboolean by = a->byline == NULL && b->lines->len >= 2 &&
	              qk_structure_heading_level(last->text) == 0 &&
	              qk_structure_parse_byline_w(sg->words, last->text, names) &&
	              names->len > 0;
	GString *sub = g_string_new(dash > 0 && !g_str_has_prefix(text, "——") ? "——" : NULL);
	for (guint i = 0; i + (by ? 1 : 0) < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		qk_text_join(sub, i == 0 && sub->len > 0 ? l->text + dash : l->text);
	}
	set_text(&a->subtitle, by || sub->len > 0 ? sub->str : text);
	g_string_free(sub, TRUE);
	sg->eff_role = QK_ROLE_SUBTITLE;
	if (by) {
		a->byline = g_strdup(last->text);
		while (names->len)
			g_ptr_array_add(a->authors, g_ptr_array_steal_index(names, 0));
		note_page(sg);
	}
	g_ptr_array_free(names, TRUE);
	return TRUE;
}

static void body_text(Seg *sg, const QkBlock *b, const char *text)
{
	sg->eff_role = QK_ROLE_BODY;
	QkPara *prev = last_para(sg);
	gboolean same_flow = sg->last_role == QK_ROLE_BODY;
	if (sg->cur == NULL)
		new_article(sg);
	QkArticle *a = sg->cur->art;

	gboolean bare = FALSE, lead_text = sg->lead_open;
	sg->lead_open = FALSE;
	if (lead_text || qk_structure_is_lead_w(sg->words, text, &bare)) {
		const QkLine *l0 = g_ptr_array_index(b->lines, 0);
		gboolean head = FALSE;
		if (!lead_text && !bare && b->lines->len >= 2 &&
		    qk_structure_is_lead_w(sg->words, l0->text, &head) && head) {
			/* 核心阅读 on a line of its own, its text below */
			GString *rest = g_string_new(NULL);
			for (guint i = 1; i < b->lines->len; i++) {
				const QkLine *l = g_ptr_array_index(b->lines, i);
				qk_text_join(rest, l->text);
			}
			add_para(sg, QK_PARA_NOTE, l0->text, 0);
			add_para(sg, QK_PARA_NOTE, rest->str, 0);
			g_string_free(rest, TRUE);
			return;
		}
		add_para(sg, QK_PARA_NOTE, text, 0);
		sg->lead_open = bare;
		return;
	}
	if (qk_structure_is_tail_w(sg->words, text)) {
		gboolean beside = beside_paragraph(sg, b);
		QkPara *p = add_para(sg, QK_PARA_TAIL, text, 0);
		if (beside)
			hold(sg, p);
		return;
	}
	if (qk_structure_is_source_line(text)) {
		add_para(sg, QK_PARA_SOURCE, text, 0);
		return;
	}
	if (qk_structure_is_photo_credit_w(sg->words, text) &&
	    g_utf8_strlen(text, -1) < 120) {
		add_para(sg, QK_PARA_CAPTION, text, 0);
		return;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	if (qk_structure_parse_signature_w(sg->words, text, names)) {
		/* the authors, unless a byline names them (names run
		 * together, which the TOC splits) */
		if (a->authors->len == 0 && a->byline == NULL)
			while (names->len)
				g_ptr_array_add(a->authors,
				                g_ptr_array_steal_index(names, 0));
		g_ptr_array_free(names, TRUE);
		add_para(sg, QK_PARA_TAIL, text, 0);
		return;
	}
	if (org_signature(sg, text)) {
		g_ptr_array_free(names, TRUE);
		add_para(sg, QK_PARA_TAIL, text, 0);
		return;
	}
	/* the byline's names going on in a block of their own (文／王 虎 |
	 * 刘晓琰), set as the byline is (not a sub-heading set larger than
	 * the text under the byline: 破题) */
	if (a->byline != NULL && a->paras->len == 0 && b->lines->len == 1 &&
	    sg->last_role == QK_ROLE_BYLINE &&
	    (sg->byline_block == NULL || sg->byline_of != sg->cur ||
	     fabs(b->size - sg->byline_block->size) <= 0.5) &&
	    qk_structure_looks_like_names_w(sg->words, text)) {
		char *j = g_strconcat(a->byline, " ", text, NULL);
		g_free(a->byline);
		a->byline = j;
		qk_structure_split_names(text, a->authors);
		g_ptr_array_free(names, TRUE);
		sg->eff_role = QK_ROLE_BYLINE;
		return;
	}
	/* a subtitle (——…) the layout left as body, under the title */
	if (subtitle_block(sg, b, text, FALSE)) {
		g_ptr_array_free(names, TRUE);
		return;
	}
	/* a byline the layout left as the first line of a body block — not
	 * a dateline that filled the paragraph's first line (本报讯（记者
	 * X） | 就业是…): that stays at the paragraph's head, below */
	if (a->byline == NULL && a->paras->len == 0 && b->lines->len >= 2) {
		const QkLine *l0 = g_ptr_array_index(b->lines, 0);
		if (has_role_word(l0->text) &&
		    qk_structure_lead_byline_w(sg->words, text, NULL) == 0 &&
		    qk_structure_parse_byline_w(sg->words, l0->text, names)) {
			a->byline = g_strdup(l0->text);
			while (names->len)
				g_ptr_array_add(a->authors,
				                g_ptr_array_steal_index(names, 0));
			g_ptr_array_free(names, TRUE);
			GString *rest = g_string_new(NULL);
			for (guint i = 1; i < b->lines->len; i++) {
				const QkLine *l = g_ptr_array_index(b->lines, i);
				qk_text_join(rest, l->text);
			}
			add_para(sg, QK_PARA_BODY, rest->str, 0);
			g_string_free(rest, TRUE);
			return;
		}
	}
	/* a byline the layout left as body, right under the title (also
	 * when the reading order put the first column's text before it: the
	 * paragraph it interrupted goes on across it) */
	gboolean late = a->paras->len > 0 && magazine(sg) && under_title(sg, b);
	if (a->byline == NULL && a->title != NULL &&
	    (b->lines->len == 1 || ocr_one_row(sg, b)) &&
	    ((a->paras->len == 0 && (sg->last_role == QK_ROLE_TITLE ||
	                             sg->last_role == QK_ROLE_SUBTITLE)) || late) &&
	    qk_structure_parse_byline_w(sg->words, text, names)) {
		a->byline = g_strdup(text);
		while (names->len)
			g_ptr_array_add(a->authors, g_ptr_array_steal_index(names, 0));
		g_ptr_array_free(names, TRUE);
		sg->eff_role = QK_ROLE_BYLINE;
		sg->aside = late;
		return;
	}
	/* 本报讯（记者 …） opens an article's text wherever the reading
	 * order put the block */
	if (a->byline == NULL) {
		gsize n = qk_structure_lead_byline_w(sg->words, text, names);
		if (n > 0) {
			const char *p = text;
			while (p < text + n &&
			       (g_unichar_isspace(g_utf8_get_char(p)) ||
			        g_utf8_get_char(p) == 0x3000))
				p = g_utf8_next_char(p);
			a->byline = g_strndup(p, text + n - p);
			if (a->authors->len == 0)
				while (names->len)
					g_ptr_array_add(a->authors,
					    g_ptr_array_steal_index(names, 0));
			/* a dateline stays at the head of the paragraph
			 * (本报讯（记者 X）…); alone, it is the byline only */
			if (text[n] == '\0') {
				g_ptr_array_free(names, TRUE);
				return;
			}
		}
	}
	g_ptr_array_free(names, TRUE);

	/* a numbered heading or an organisation's heading (朔州市发展和改革
	 * 委员会：) the layout left as body: one short line */
	if (b->lines->len == 1 && g_utf8_strlen(text, -1) <= 30) {
		int level = qk_structure_heading_level(text);
		if ((level > 0 && !qk_structure_ends_sentence(text)) ||
		    org_heading(sg->words, text) || short_heading(sg, b, text)) {
			add_para(sg, QK_PARA_HEADING, text, level > 0 ? level : 1);
			sg->eff_role = QK_ROLE_HEADING;
			return;
		}
	}
	/* a paragraph cut at a column or page end continues here */
	int ind = block_indented(b);
	if (ind != 1 && indented_under_last(sg, b))
		ind = 1;
	/* a paragraph picked up in the next column after a sentence's end
	 * goes on in its size, not smaller: a caption's first lines in
	 * smaller type under a picture there (工作人员在生产线 | 上检查产品
	 * 质量。 at 8 pt after 9.5 pt text, libreoffice-mag-148 p3) start
	 * text of their own. (A pull quote set larger is read elsewhere.) */
	const QkBlock *lb = sg->last_block;
	if (prev != NULL && prev->kind == QK_PARA_BODY && same_flow &&
	    ind != 1 &&
	    (!qk_structure_ends_sentence(prev->text->text) ||
	     (ind == 0 && lb != NULL && b->size > 0.92 * lb->size &&
	      (sg->last_block_page != sg->page->index ||
	       lb->column != b->column)))) {
		GString *s = g_string_new(prev->text->text);
		qk_text_join(s, text);
		g_free(prev->text->text);
		prev->text->text = g_string_free(s, FALSE);
		/* a tail line set in lines the layout kept apart (（本文为作者
		 * 在… | …有删节）, right-aligned): whole, it reads as one */
		if (g_utf8_strlen(prev->text->text, -1) <= 80 &&
		    closing_kind(sg, prev->text->text) != QK_PARA_BODY)
			prev->kind = closing_kind(sg, prev->text->text);
		note_page(sg);
		return;
	}
	add_para(sg, QK_PARA_BODY, text, 0);
}

/* What a closing line is: a tail line (责任编辑：X, （本文为…）), a source
 * line, a signature (（王荣）), or none. */
static QkParaKind tail_kind(const Seg *sg, const char *text, GPtrArray *names)
{
	if (qk_structure_is_tail_w(sg->words, text))
		return QK_PARA_TAIL;
	if (qk_structure_is_source_line(text))
		return QK_PARA_SOURCE;
	if (qk_structure_parse_signature_w(sg->words, text, names) ||
	    org_signature(sg, text))
		return QK_PARA_TAIL;
	return QK_PARA_BODY;
}

static char *lines_text(const QkBlock *b, guint from, guint to)
{
	GString *s = g_string_new(NULL);
	for (guint i = from; i < to; i++)
		qk_text_join(s, ((const QkLine *)g_ptr_array_index(b->lines, i))->text);
	return g_string_free(s, FALSE);
}

#define TAIL_UNITS 6
/* The tail lines the layout kept in the block of the text they close
 * (…蓝天白云成了常态。 | （王荣）), or set together in a block of their
 * own (（秦学军） | 责任编辑：卢建): from the block's end, runs of one to
 * three lines that read as a tail line, a source line or a signature,
 * after a line that finishes a sentence or a photo credit.
 * Returns the index of the first such line (b->lines->len when none);
 * starts[] gets each run's first line, last run first. */
static guint closing_lines(const Seg *sg, const QkBlock *b, guint *starts, int *n_out)
{
	guint n = b->lines->len, first = n;
	int units = 0;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (guint end = n; end >= 1 && n >= 2 && units < TAIL_UNITS;) {
		gboolean hit = FALSE;
		guint len;
		for (len = 1; len <= 3 && len <= end && !hit; len++) {
			char *t = lines_text(b, end - len, end);
			hit = g_utf8_strlen(t, -1) <= 80 &&
			      tail_kind(sg, t, names) != QK_PARA_BODY;
			g_ptr_array_set_size(names, 0);
			g_free(t);
		}
		if (!hit)
			break;
		first = end = end - (len - 1);
		starts[units++] = first;
	}
	g_ptr_array_free(names, TRUE);
	if (first > 0 && first < n) {
		/* the text above ends its sentence, or a photo's caption ends
		 * with its credit (…组装设备。 周 平 摄 | 撰稿：…, set close
		 * under the photo): these lines are no line break inside it */
		const QkLine *above = g_ptr_array_index(b->lines, first - 1);
		if (!qk_structure_ends_sentence(above->text) &&
		    !qk_structure_is_photo_credit_w(sg->words, above->text))
			first = n, units = 0;
	}
	*n_out = units;
	return first;
}

/* The most letters of a sentence's end wrapped alone onto a line */
#define QK_WRAPPED_END 4

/* On a scan, TRUE when the block after b in reading order, right under it
 * (within an em) in its size (within 1.2), opens with a line of a few
 * letters that ends a sentence: b's sentence wrapped its last letters
 * there and OCR read them apart (xelatex-mag-14 at 200 dpi p13: a
 * slogan's 少开一天车，…添一片蓝 | 天。, a second headline that left the
 * notice 绿色出行低碳生活 empty). */
static gboolean sentence_end_below(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || sg->k + 1 >= sg->blocks->len)
		return FALSE;
	const QkBlock *n = g_ptr_array_index(sg->blocks, sg->k + 1);
	double em = MAX(b->size, 1.0);
	if (n->lines->len == 0 || n->bbox.y0 < b->bbox.y1 - em / 2 ||
	    n->bbox.y0 - b->bbox.y1 > em ||
	    MAX(n->size, b->size) > 1.2 * MIN(n->size, b->size))
		return FALSE;
	const QkLine *l = g_ptr_array_index(n->lines, 0);
	char *q = qk_structure_squeeze(l->text);
	gboolean end = g_utf8_strlen(q, -1) <= QK_WRAPPED_END && qk_structure_ends_sentence(q);
	g_free(q);
	return end;
}

/* Lines set centred under each other, each a whole sentence (a slogan,
 * an advert's text): one paragraph each. */
static gboolean centred_sentences(const QkBlock *b)
{
	if (b->lines->len < 2)
		return FALSE;
	double mid = (b->bbox.x0 + b->bbox.x1) / 2, size = MAX(b->size, 1.0);
	gboolean narrower = FALSE;
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		if (fabs((l->bbox.x0 + l->bbox.x1) / 2 - mid) > 0.5 * size ||
		    !qk_structure_ends_sentence(l->text))
			return FALSE;
		narrower = narrower || l->bbox.x0 - b->bbox.x0 > 2 * size;
	}
	return narrower;
}

/* TRUE when b's last line is a numbered heading (一、…, short, no
 * sentence) set larger or bolder than the line above, which ends a
 * sentence. */
static gboolean trailing_heading(const QkBlock *b)
{
	if (b->lines->len < 2)
		return FALSE;
	const QkLine *l = g_ptr_array_index(b->lines, b->lines->len - 1);
	const QkLine *p = g_ptr_array_index(b->lines, b->lines->len - 2);
	return qk_structure_heading_level(l->text) > 0 && g_utf8_strlen(l->text, -1) <= 30 &&
	       !qk_structure_ends_sentence(l->text) && qk_structure_ends_sentence(p->text) &&
	       (l->size > p->size + 0.3 || (l->bold && !p->bold));
}

/* Splits b into paragraphs when every line of it starts at its first
 * line's indent, which is indented under the block read before (see
 * indented_under_last): each of its lines is a paragraph's first, and a
 * line after one that ends a sentence opens a paragraph (a notice set
 * across the page, each paragraph one line and the next's first line).
 * FALSE when the block is not so, or no line but the last ends a
 * sentence, or its text is not its lines' (a marker taken). */
static gboolean indented_lines(Seg *sg, const QkBlock *b, const char *text)
{
	guint n = b->lines->len;
	if (n < 2 || !indented_under_last(sg, b))
		return FALSE;
	const QkLine *l0 = g_ptr_array_index(b->lines, 0);
	double em = l0->size > 0 ? l0->size : 10;
	gboolean cut = FALSE;
	for (guint i = 0; i < n; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		if (fabs(l->bbox.x0 - l0->bbox.x0) > 0.3 * em)
			return FALSE;
		cut = cut || (i + 1 < n && qk_structure_ends_sentence(l->text));
	}
	char *all = lines_text(b, 0, n);
	gboolean whole = strcmp(all, text) == 0;
	g_free(all);
	if (!cut || !whole)
		return FALSE;
	for (guint from = 0, i = 0; i < n; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		if (i + 1 < n && !qk_structure_ends_sentence(l->text))
			continue;
		char *t = lines_text(b, from, i + 1);
		body_text(sg, b, t);
		g_free(t);
		from = i + 1;
	}
	return TRUE;
}

/* A body block: its text, then the closing lines kept in it (see
 * closing_lines), one paragraph each. */
/* On a page read with OCR, a block whose lines all share one row (the
 * placement parts a line at a wide gap: the byline's mark and its names,
 * `口` | `段思远`). */
static gboolean ocr_one_row(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len < 2)
		return FALSE;
	const QkLine *l0 = g_ptr_array_index(b->lines, 0);
	for (guint i = 1; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		double h = MIN(l->bbox.y1 - l->bbox.y0, l0->bbox.y1 - l0->bbox.y0);
		if (MIN(l->bbox.y1, l0->bbox.y1) - MAX(l->bbox.y0, l0->bbox.y0) < 0.5 * h)
			return FALSE;
	}
	return TRUE;
}

/* A byline's mark □ read by Tesseract as the character 口 (a hollow
 * square), set apart from the names: `口 邵俊杰`, or `口` and `段思远` as
 * two lines on one row (chromium-mag-02 at 200 dpi: two articles lost
 * their authors). On a page read with OCR, a block that opens with 口 set
 * apart and reads as a byline after the mark □ is that byline ("□ NAMES",
 * newly allocated); else NULL. 口 set apart before names is no word. */
static char *ocr_byline_mark(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len == 0 || b->lines->len > 2)
		return NULL;
	const QkLine *l0 = g_ptr_array_index(b->lines, 0);
	const char *t = l0->text ? l0->text : "";
	while (*t == ' ')
		t++;
	if (g_str_has_prefix(t, "文人") && b->lines->len == 1) {
		/* the mark 文／ with its slash read 人 (libreoffice-mag-134,
		 * xelatex-mag-43 at 200 dpi: 文人姜东, 文人卢生权 乔楠 gave an
		 * author 文人): a byline after 文／ is that byline */
		char *marked = g_strconcat("文／", t + strlen("文人"), NULL);
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		if (!qk_structure_parse_byline_w(sg->words, marked, names) || names->len == 0 ||
		    g_str_has_prefix(g_ptr_array_index(names, 0), "人"))
			g_clear_pointer(&marked, g_free);
		g_ptr_array_free(names, TRUE);
		return marked;
	}
	if (!g_str_has_prefix(t, "口"))
		return NULL;
	const char *after = t + strlen("口");
	GString *rest = g_string_new(NULL);
	if (*after == '\0' && b->lines->len == 2 && ocr_one_row(sg, b)) {
		const QkLine *l1 = g_ptr_array_index(b->lines, 1);
		g_string_append(rest, l1->text ? l1->text : "");
	} else if (*after == ' ' && b->lines->len == 1) {
		g_string_append(rest, after);
	} else if (*after != '\0' && b->lines->len == 1 && sg->cur != NULL &&
	           fresh(sg->cur) && sg->cur->art->title != NULL &&
	           sg->cur->art->byline == NULL && sg->cur->art->paras->len == 0) {
		/* the white after the mark lost too (xelatex-mag-57 at 150
		 * dpi: 口高明道黄军, the line under a headline with nothing
		 * read between): still the byline under its headline */
		g_string_append(rest, after);
	}
	char *names = g_strstrip(g_string_free(rest, FALSE));
	char *marked = NULL;
	if (*names != '\0') {
		marked = g_strconcat("□ ", names, NULL);
		if (!qk_structure_parse_byline_w(sg->words, marked, NULL)) {
			g_free(marked);
			marked = NULL;
		}
	}
	g_free(names);
	return marked;
}

static void body_block(Seg *sg, const QkBlock *b, const char *text)
{
	if (magazine(sg) && centred_sentences(b)) {
		for (guint i = 0; i < b->lines->len; i++)
			body_text(sg, b, ((const QkLine *)g_ptr_array_index(b->lines, i))->text);
		return;
	}
	if (magazine(sg) && indented_lines(sg, b, text))
		return;
	const QkLine *last = b->lines->len
	                     ? g_ptr_array_index(b->lines, b->lines->len - 1) : NULL;
	if (magazine(sg) && trailing_heading(b) && g_str_has_suffix(text, last->text)) {
		/* a numbered heading the layout kept under the paragraph
		 * before it (set a little larger: Type 3 sizes) */
		char *head = g_strndup(text, strlen(text) - strlen(last->text));
		g_strchomp(head);
		body_text(sg, b, head);
		g_free(head);
		int level = qk_structure_heading_level(last->text);
		add_para(sg, QK_PARA_HEADING, last->text, level);
		sg->eff_role = QK_ROLE_HEADING;
		return;
	}
	if (magazine(sg) && trailing_kicker(sg, b) && g_str_has_suffix(text, last->text)) {
		/* the block less its last line, then the next article's kicker */
		QkBlock head = *b;
		head.lines = g_ptr_array_new();
		for (guint i = 0; i + 1 < b->lines->len; i++)
			g_ptr_array_add(head.lines, g_ptr_array_index(b->lines, i));
		head.bbox.y1 = ((const QkLine *)g_ptr_array_index(b->lines, b->lines->len - 2))->bbox.y1;
		char *t = g_strndup(text, strlen(text) - strlen(last->text));
		g_strchomp(t);
		body_block(sg, &head, t);
		g_free(t);
		g_ptr_array_free(head.lines, TRUE);
		QkSegArticle *s = sg->cur;
		if (!(fresh(s) && s->art->title == NULL))
			s = new_article(sg);
		append_text(&s->art->kicker, last->text);
		sg->eff_role = QK_ROLE_KICKER;
		return;
	}
	guint starts[TAIL_UNITS];
	int units = 0;
	guint first = magazine(sg) ? closing_lines(sg, b, starts, &units) : b->lines->len;
	if (first >= b->lines->len) {
		body_text(sg, b, text);
		return;
	}
	/* the text above them: text (its markers taken) less their text */
	char *tail = lines_text(b, first, b->lines->len);
	if (!g_str_has_suffix(text, tail)) {
		g_free(tail);
		body_text(sg, b, text);
		return;
	}
	char *head = g_strndup(text, strlen(text) - strlen(tail));
	g_strchomp(head);
	g_free(tail);
	if (*head)
		body_text(sg, b, head);
	g_free(head);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (int u = units - 1; u >= 0; u--) {
		guint to = u > 0 ? starts[u - 1] : b->lines->len;
		char *t = lines_text(b, starts[u], to);
		QkParaKind kind = tail_kind(sg, t, names);
		QkArticle *a = need_article(sg)->art;
		if (a->authors->len == 0 && a->byline == NULL)
			while (names->len)
				g_ptr_array_add(a->authors, g_ptr_array_steal_index(names, 0));
		g_ptr_array_set_size(names, 0);
		gboolean beside = first == 0 && units == 1 && beside_paragraph(sg, b);
		QkPara *p = add_para(sg, kind, t, 0);
		if (beside)
			hold(sg, p);
		g_free(t);
	}
	g_ptr_array_free(names, TRUE);
	sg->eff_role = QK_ROLE_BODY;
}

/* The section a furniture block names: its section, or for a newspaper's
 * 版 header ("第2版 要闻 …") the 版 name, else "第2版". NULL when none. */
static char *furniture_section(const QkBlock *b)
{
	if (b->section != NULL)
		return qk_structure_section_name(b->section);
	if (b->role != QK_ROLE_FURNITURE || b->lines->len == 0)
		return NULL;
	char *text = qk_block_text(b);
	char *v = g_utf8_make_valid(text, -1);
	g_free(text);
	char *name = NULL;
	GRegex *re = qk_regex("第\\s*([0-9一二三四五六七八九十]{1,3})\\s*版"
	                      "[\\s:：]*(\\p{Han}{2,8})?", 0);
	GMatchInfo *mi = NULL;
	if (re != NULL && g_regex_match(re, v, 0, &mi)) {
		char *num = g_match_info_fetch(mi, 1);
		char *nm = g_match_info_fetch(mi, 2);
		char *n = qk_structure_cn_number(num);
		if (nm != NULL && *nm && !qk_regex_match_simple("[年月日]", nm, 0, 0))
			name = g_strdup(nm);
		else if (n != NULL)
			name = g_strdup_printf("第%s版", n);
		g_free(n);
		g_free(num);
		g_free(nm);
	}
	if (mi != NULL)
		g_match_info_free(mi);
	g_free(v);
	return name;
}

/* Two headline blocks one right under the other (a two-line headline),
 * not two headlines of different articles. On a page read with OCR a
 * line's box is its ink (about an em high, a text layer's about 1.3 em):
 * the white between the boxes is wider by that, and the lines' pitch
 * (top to top), which the box convention leaves alone, is measured
 * instead — under 2.5 sizes, as the white under 1.2 is with a text
 * layer's boxes (libreoffice-mag-16 at 200 dpi: a two-line headline
 * 2.2 sizes apart came out as two articles). */
static gboolean stacked(const QkPage *pg, const QkBlock *a, const QkBlock *b)
{
	if (a == NULL)
		return FALSE;
	double size = MAX(MAX(a->size, b->size), 1.0);
	double gap = b->bbox.y0 - a->bbox.y1;
	double overlap = MIN(a->bbox.x1, b->bbox.x1) - MAX(a->bbox.x0, b->bbox.x0);
	if (overlap <= 0 || gap <= -0.5 * size)
		return FALSE;
	if (pg != NULL && pg->ocr_dpi > 0 && a->lines->len > 0) {
		const QkLine *last = g_ptr_array_index(a->lines, a->lines->len - 1);
		return b->bbox.y0 - last->bbox.y0 < 2.5 * size;
	}
	return gap < 1.2 * size;
}

/* The block's lines joined with spaces: a line end separates names. */
static char *spaced_text(const QkBlock *b)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		if (i > 0)
			g_string_append_c(s, ' ');
		g_string_append(s, l->text ? l->text : "");
	}
	return g_string_free(s, FALSE);
}

/* A block under the title that reads as a byline (authors printed in the
 * title's style, one name a line): taken as the byline. */
static gboolean names_block(Seg *sg, const QkBlock *b)
{
	char *text = spaced_text(b);
	QkArticle *a = sg->cur->art;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = qk_structure_parse_byline_w(sg->words, text, names) &&
	              names->len > 0;
	/* names, not the second line of a long headline read as one
	 * (…产业链布局: an organisation's ending) */
	for (guint i = 0; ok && i < names->len; i++)
		ok = g_utf8_strlen(g_ptr_array_index(names, i), -1) <= 8;
	if (ok) {
		a->byline = g_strdup(text);
		while (names->len)
			g_ptr_array_add(a->authors, g_ptr_array_steal_index(names, 0));
	}
	g_ptr_array_free(names, TRUE);
	g_free(text);
	return ok;
}

/* The next block on the page that is not furniture, or NULL. */
static const QkBlock *next_content(const Seg *sg)
{
	GPtrArray *bs = sg->blocks;
	for (guint i = sg->k + 1; i < bs->len; i++) {
		const QkBlock *n = g_ptr_array_index(bs, i);
		if (n->role != QK_ROLE_FURNITURE)
			return n;
	}
	return NULL;
}

/* TRUE when the next block opens with a dateline (本报讯（记者 X）…):
 * the article's authors come from there, and a short line set as a
 * heading between the title and it is a sub-heading (破 题), however much
 * it reads as a name. */
static gboolean dateline_next(const Seg *sg)
{
	const QkBlock *n = next_content(sg);
	if (n == NULL)
		return FALSE;
	char *t = qk_block_text(n);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean dated = qk_structure_lead_byline_w(sg->words, t, names) > 0;
	g_ptr_array_free(names, TRUE);
	g_free(t);
	return dated;
}

/* On a scan, a banner read with one character wrong (基层工作 read 一层工作
 * on chromium-mag-01 at 200 dpi, an article of its own): the one TOC
 * section's name of as many characters, at least QK_BANNER_MIN_LEN, that
 * differs from the block's one line in one character only, Tesseract
 * less sure of it than QK_BANNER_SURE (a right reading scores 99). */
#define QK_BANNER_MIN_LEN 4
#define QK_BANNER_SURE 95

/* what Tesseract scores a character it reads right */
#define QK_READ_SURE 99

/* TRUE when name, as line l prints it, is key with one character
 * misread: as long, one character apart, and that one read below
 * QK_BANNER_SURE — or below QK_READ_SURE where every other character of
 * name reads QK_READ_SURE or more, the one Tesseract doubted (征稿后事 at
 * 99 99 95 99, weasyprint-mag-130 at 200 dpi; 征稿局事 at 100 99 97 99,
 * xelatex-mag-57: the notices came out titled so). */
static gboolean misread_one(const QkLine *l, const char *name, const char *key)
{
	glong n, m;
	gunichar *v = g_utf8_to_ucs4_fast(name, -1, &n);
	gunichar *w = g_utf8_to_ucs4_fast(key, -1, &m);
	glong at = -1, diff = 0;
	for (glong i = 0; m == n && i < n; i++)
		if (v[i] != w[i])
			diff++, at = i;
	gboolean ok = FALSE;
	if (m == n && diff == 1) {
		/* the misread character's confidence, where the line prints
		 * it */
		char *p = strstr(l->text, name);
		glong from = p ? g_utf8_pointer_to_offset(l->text, p) : -1;
		glong off = from >= 0 ? from + at : -1;
		ok = off >= 0 && off < (glong)strlen(l->conf) &&
		     (guint8)l->conf[off] - 1 < QK_BANNER_SURE;
		gboolean others_sure = off >= 0 && from + n <= (glong)strlen(l->conf);
		for (glong i = 0; others_sure && i < n; i++)
			others_sure = i == at || (guint8)l->conf[from + i] - 1 >= QK_READ_SURE;
		ok = ok || (others_sure && (guint8)l->conf[off] - 1 < QK_READ_SURE);
	}
	g_free(v);
	g_free(w);
	return ok;
}

static char *misread_section(const Seg *sg, const QkBlock *b, const char *name)
{
	const QkLine *l = g_ptr_array_index(b->lines, 0);
	if (sg->page->ocr_dpi <= 0 || !l->conf ||
	    g_utf8_strlen(name, -1) < QK_BANNER_MIN_LEN)
		return NULL;
	const char *found = NULL;
	int hits = 0;
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, sg->toc_names);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (misread_one(l, name, key)) {
			found = key;
			hits++;
		}
	return hits == 1 ? g_strdup(found) : NULL;
}

/* On a scan, a one-line display block that is a notice's title
 * (data/bylines.tsv notice words of at least QK_BANNER_MIN_LEN
 * characters) with one character misread below QK_BANNER_SURE
 * (征稿局事, 局 read with 93, chromium-mag-01 at 200 dpi: the notice came
 * out an article of that title); in body type too where it is the
 * page's last block, the place of a label closing a notice (公益广孔
 * under an advertisement's text, weasyprint-mag-143 at 150 dpi, stayed
 * text): the notice word, newly allocated; else NULL. */
static char *misread_notice(const Seg *sg, const QkBlock *b, const char *text)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1 ||
	    ((b->role == QK_ROLE_BODY || b->role == QK_ROLE_OTHER) &&
	     next_content(sg) != NULL))
		return NULL;
	const QkLine *l = g_ptr_array_index(b->lines, 0);
	if (!l->conf || g_utf8_strlen(text, -1) < QK_BANNER_MIN_LEN)
		return NULL;
	const char *found = NULL;
	int hits = 0;
	for (guint i = 0; i < sg->words->notices->len; i++) {
		const char *key = g_ptr_array_index(sg->words->notices, i);
		if (misread_one(l, text, key)) {
			found = key;
			hits++;
		}
	}
	return hits == 1 ? g_strdup(found) : NULL;
}

/* On a page read with OCR, b is one line above all the page's other text
 * (furniture aside), over a headline or kicker: a running head or banner
 * whose size the ink did not set apart and the layout did not take for
 * furniture (mini at 150 dpi: 卷首语 over 把握新机遇迈出新步伐 opened an
 * article of its own). */
static gboolean page_top_label(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1)
		return FALSE;
	const QkBlock *n = next_content(sg);
	if (n == NULL || (n->role != QK_ROLE_TITLE && n->role != QK_ROLE_KICKER))
		return FALSE;
	for (guint i = 0; i < sg->page->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(sg->page->blocks, i);
		if (o != b && o->role != QK_ROLE_FURNITURE && o->bbox.y0 < b->bbox.y1)
			return FALSE;
	}
	return TRUE;
}

/* A section banner: a short display line (never body size) that names a
 * section of the issue's TOC, or one of the shared list
 * (data/sections.txt), printed on the first page of a section. Returns
 * the section's name, or NULL. */
static char *banner_section(const Seg *sg, const QkBlock *b, const char *text)
{
	if (b->lines->len != 1 ||
	    ((b->role == QK_ROLE_BODY || b->role == QK_ROLE_OTHER) &&
	     !page_top_label(sg, b)) ||
	    g_utf8_strlen(text, -1) > 16 ||
	    (fresh(sg->cur) && sg->cur->art->title != NULL))
		return NULL;
	char *name = qk_structure_framed_section_name(text);
	gboolean hit = g_hash_table_contains(sg->toc_names, name);
	if (!hit) {
		/* the bare name: a marked one (■ X) is any X to that list */
		char *known = qk_norm_section_name(name);
		hit = known != NULL && *known;
		g_free(known);
	}
	if (!hit) {
		char *read = misread_section(sg, b, name);
		g_free(name);
		return read;
	}
	return name;
}

/* On a page read with OCR, a title block of one line whose characters
 * are set closer than 0.8 of its size, at most 1.5 times the page's text
 * size apart: Tesseract read two rows of text or sub-heading as one line,
 * whose box (and so its size) spans both (xelatex-mag-08 at 200 dpi:
 * 二、依托原有优势延伸产业链 | 条, a 12 pt heading over two rows, came
 * out 25 pt, a headline). A character's advance is its size at least
 * (Han type is square; a digit's half of it); a headline's characters
 * stand further apart than
 * the text's. Not a headline: a heading. So are the other pieces of that
 * line, which the layout cut at the columns' gutters: title blocks of one
 * line with its very box's top and bottom and its size (libreoffice-mag-16
 * at 200 dpi: three "headlines" across a page's three columns, one of
 * them so measured). */
static gboolean pitch_spans_rows(const QkBlock *b, double body)
{
	if (b->role != QK_ROLE_TITLE || b->lines->len != 1)
		return FALSE;
	const QkLine *l = g_ptr_array_index(b->lines, 0);
	char *bare = qk_structure_squeeze(l->text ? l->text : "");
	/* ems the text takes: a Han character or full-width mark one, a
	 * digit or Latin letter half (2023年 is three ems, not five) */
	double ems = 0;
	glong n = 0;
	for (const char *p = bare; *p; p = g_utf8_next_char(p), n++)
		ems += g_unichar_iswide(g_utf8_get_char(p)) ? 1.0 : 0.5;
	g_free(bare);
	if (n < 4 || body <= 0 || l->size <= 0)
		return FALSE;
	double pitch = (l->bbox.x1 - l->bbox.x0) / ems;
	return pitch < 0.8 * l->size && pitch < 1.5 * body;
}

static gboolean rows_read_as_one(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || b->role != QK_ROLE_TITLE || b->lines->len != 1)
		return FALSE;
	double body = seg_body_size(sg);
	if (pitch_spans_rows(b, body))
		return TRUE;
	for (guint i = 0; i < sg->page->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(sg->page->blocks, i);
		if (o != b && fabs(o->bbox.y0 - b->bbox.y0) < 0.5 &&
		    fabs(o->bbox.y1 - b->bbox.y1) < 0.5 && o->size == b->size &&
		    pitch_spans_rows(o, body))
			return TRUE;
	}
	return FALSE;
}

/* On a page read with OCR, the current article is only a label: a
 * headline of one short line (at
 * most 8 characters, no sentence) on this page, with no kicker, subtitle,
 * byline or text, over headline h (the next title, or the one under the
 * kicker being read) set more than 1.15 times larger. It names the
 * section of what follows, as a banner does (libreoffice-mag-16 at 200
 * dpi: the TOC's section read 是调查研究, the banner 调查研究 matched no
 * section and came out an article with no text). */
static gboolean label_only(const Seg *sg, const QkSegArticle *s, const QkBlock *h)
{
	const QkBlock *t = sg->title_block;
	if (sg->page->ocr_dpi <= 0 || s == NULL || !fresh(s) || s->art->title == NULL ||
	    s->art->kicker != NULL ||
	    s->art->subtitle != NULL || s->art->byline != NULL || t == NULL ||
	    sg->title_page != sg->page->index || t->lines->len != 1 || h == NULL ||
	    h->role != QK_ROLE_TITLE || h == t || h->size <= 1.15 * t->size)
		return FALSE;
	char *bare = qk_structure_squeeze(qk_text_get(s->art->title));
	gboolean ok = g_utf8_strlen(bare, -1) <= 8 && !qk_structure_ends_sentence(bare);
	g_free(bare);
	return ok;
}

/* The label's text becomes the section of the article (now untitled) and
 * of the page's articles after it. */
static void title_to_section(Seg *sg, QkSegArticle *s)
{
	char *name = qk_structure_section_name(qk_text_get(s->art->title));
	g_free(s->art->section);
	s->art->section = g_strdup(name);
	g_free(sg->page_section);
	sg->page_section = name;
	qk_text_free(s->art->title);
	s->art->title = NULL;
}

/* row_piece's test of one block n against b. */
static gboolean on_row_after(const QkBlock *b, const QkBlock *n,
                             gboolean any_role, double max_gap)
{
	if (n->lines->len != 1 ||
	    (any_role ? n->role == QK_ROLE_FURNITURE || n->role == QK_ROLE_TITLE ||
	                n->role == QK_ROLE_TABLE
	              : n->role != b->role))
		return FALSE;
	double em = MAX(MAX(b->size, n->size), 1.0);
	double h = MIN(b->bbox.y1 - b->bbox.y0, n->bbox.y1 - n->bbox.y0);
	double over = MIN(b->bbox.y1, n->bbox.y1) - MAX(b->bbox.y0, n->bbox.y0);
	double gap = n->bbox.x0 - b->bbox.x1;
	return over >= 0.5 * h && fabs(b->size - n->size) <= 0.15 * em &&
	       gap >= -0.2 * em && gap <= max_gap * em;
}

/* On a page read with OCR, the next block when it is the rest of b's one
 * line, parted by the placement at a gap Tesseract saw (本期特 | 稿 in
 * display type, libreoffice-mag-10 at 200 dpi): one line (in b's role
 * unless any_role), on b's row (overlapping half its height), in its size
 * (within 15 %), starting right of it less than max_gap ems away. NULL
 * otherwise. */
static const QkBlock *row_piece(const Seg *sg, const QkBlock *b,
                                gboolean any_role, double max_gap)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1 ||
	    sg->k + 1 >= sg->blocks->len)
		return NULL;
	const QkBlock *n = g_ptr_array_index(sg->blocks, sg->k + 1);
	return on_row_after(b, n, any_role, max_gap) ? n : NULL;
}

/* u set under b's row, its top at bottom or below and within two of b's
 * ems of b's foot. */
static gboolean set_under(const QkBlock *b, double bottom, const QkBlock *u)
{
	double em = MAX(b->size, 1.0);
	return u->role != QK_ROLE_FURNITURE && u->bbox.y0 >= bottom &&
	       u->bbox.y0 - b->bbox.y1 <= 2 * em;
}

/* A block set under the row of b and n (within two ems) running across
 * the blank between them. */
static gboolean across_blank(const QkBlock *b, const QkBlock *n, const QkBlock *u)
{
	return set_under(b, MAX(b->bbox.y1, n->bbox.y1), u) &&
	       u->bbox.x0 < b->bbox.x1 && u->bbox.x1 > n->bbox.x0;
}

/* The block at i, later in the reading order, read next. */
static void read_next(Seg *sg, guint i)
{
	g_ptr_array_insert(sg->blocks, (gint)sg->k + 1, g_ptr_array_steal_index(sg->blocks, i));
}

/* On a page read with OCR, the rest of headline b's line that the
 * placement parted at a blank: the next block on b's row in its role and
 * size, within an em and a half (a quote's white: 朔州打造招商 |
 * 引资5强磁场”, 22 pt apart in 19.5 pt type, weasyprint-mag-143 at 300
 * dpi), or within two ems when the block set under the row (within two
 * ems) runs across the blank — a subtitle centred under the whole;
 * headlines of two columns have a gutter there (把矛盾纠纷 | 化解在诉讼之前,
 * 1.6 ems apart, xelatex-mag-144 at 200 dpi, came out as two articles).
 * NULL otherwise. */
static const QkBlock *headline_piece(Seg *sg, const QkBlock *b)
{
	const QkBlock *n = row_piece(sg, b, FALSE, 2.0);
	if (n != NULL && on_row_after(b, n, FALSE, 1.5))
		return n;
	if (n != NULL)
		return sg->k + 2 < sg->blocks->len &&
		       across_blank(b, n, g_ptr_array_index(sg->blocks, sg->k + 2)) ? n : NULL;
	/* the reading order went down b's side of the blank first: the block
	 * after b is set under it, the row's rest next (magazine-2023-01 at
	 * 300 dpi p9: 弓世 | —— | 这里射出第一缕曙光 | 朔州峙峪遗址的历史价值,
	 * the article came out as two); the rest is taken only when a block
	 * under the row runs across the blank (the byline here), which two
	 * columns' headlines, a gutter between them, lack */
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1 || sg->k + 3 >= sg->blocks->len)
		return NULL;
	const QkBlock *under = g_ptr_array_index(sg->blocks, sg->k + 1);
	n = g_ptr_array_index(sg->blocks, sg->k + 2);
	if (!set_under(b, b->bbox.y1, under) || under->bbox.x1 > n->bbox.x0 ||
	    !on_row_after(b, n, FALSE, 2.0))
		return NULL;
	for (guint i = sg->k + 3; i < sg->blocks->len && i <= sg->k + 4; i++)
		if (across_blank(b, n, g_ptr_array_index(sg->blocks, i))) {
			read_next(sg, sg->k + 2);
			return n;
		}
	return NULL;
}

/* On a page read with OCR, a byline's line the placement parted at a
 * blank the LSTM's squeezed symbol boxes left (国务 | 院发展研究中心市场
 * 经济研究所科长 王虎, weasyprint-mag-113 at 200 dpi: 国务 was taken for
 * the author): b's text and the rest of its row, the next block or one
 * read later (within two and a half ems), as one line when that reads as
 * a byline (newly allocated); else NULL. */
static char *byline_row(Seg *sg, const QkBlock *b, const char *text)
{
	const QkBlock *n = row_piece(sg, b, TRUE, 2.5);
	guint later = 0;
	/* the rest read later, the reading order having gone down b's column
	 * first (xelatex-mag-57 at 300 dpi p5: 国务 | the column's text |
	 * 院发展研究中心市场经济研究所高级统计师黎梅) */
	for (guint i = sg->k + 2; n == NULL && b->lines->len == 1 &&
	     sg->page->ocr_dpi > 0 && i < sg->blocks->len; i++)
		if (on_row_after(b, g_ptr_array_index(sg->blocks, i), TRUE, 2.5)) {
			n = g_ptr_array_index(sg->blocks, i);
			later = i;
		}
	if (n == NULL)
		return NULL;
	const QkLine *l = g_ptr_array_index(n->lines, 0);
	GString *whole = g_string_new(text);
	qk_text_join(whole, l->text);
	if (!qk_structure_parse_byline_w(sg->words, whole->str, NULL)) {
		g_string_free(whole, TRUE);
		return NULL;
	}
	if (later > 0)   /* read next, so the caller passes over it */
		read_next(sg, later);
	return g_string_free(whole, FALSE);
}

/* A title block that is a lead box run on from its name: the name and a
 * colon open it, its text follows (导语：营商环境只有更好，… set in display
 * type under the byline, xelatex-mag-14 at 200 dpi p5, opened an article
 * that took the story's text). A headline opens with no lead-box name and
 * colon; a bare name stays as set. */
static gboolean lead_set_as_title(const Seg *sg, const char *text)
{
	gboolean bare = TRUE;
	if (!qk_structure_is_lead_w(sg->words, text, &bare) || bare)
		return FALSE;
	glong n = 0;
	for (const char *p = text; *p && n <= 6; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (c == ':' || c == 0xFF1A)
			return TRUE;
	}
	return FALSE;
}

/* A short text (ending at y1, set in size) right above a larger headline
 * of the same region: a kicker (引题), not a closing line. */
static gboolean kicker_text(const Seg *sg, const char *text, double y1, double size)
{
	const QkBlock *n = next_content(sg);
	if (sg->opens != NULL && sg->k + 1 < sg->opens->len &&
	    g_array_index(sg->opens, gboolean, sg->k + 1))
		return FALSE; /* the headline below heads another region */
	if (n == NULL || n->role != QK_ROLE_TITLE || rows_read_as_one(sg, n) ||
	    g_utf8_strlen(text, -1) > 24 || qk_structure_ends_sentence(text))
		return FALSE;
	/* a lead box set as a title is no headline (作者；王文娟、李冰 over
	 * 导语：… stays the byline) */
	char *nt = qk_block_text(n);
	gboolean lead = lead_set_as_title(sg, nt);
	g_free(nt);
	if (lead)
		return FALSE;
	/* a section's banner heads no article of its own */
	if (n->lines->len == 1) {
		char *nt = qk_block_text(n);
		char *banner = banner_section(sg, n, nt);
		g_free(nt);
		g_free(banner);
		if (banner != NULL)
			return FALSE;
	}
	/* the signature closing the article above (（孙涛）) */
	if (closing_kind(sg, text) != QK_PARA_BODY)
		return FALSE;
	double gap = n->bbox.y0 - y1;
	if (sg->page->ocr_dpi > 0)
		/* ink boxes: a text layer's boxes reach about 0.15 em
		 * further up and down (优化营商环境在行动 over its headline,
		 * libreoffice-mag-13 at 200 dpi: 2.1 sizes of white between
		 * the inks) */
		gap -= 0.15 * (size + n->size);
	return n->size > 1.15 * size && gap < 2.0 * size && gap > -0.5 * size;
}

/* A short line right above a larger headline: its kicker (引题), whatever
 * role the layout gave it. */
static gboolean kicker_above(const Seg *sg, const QkBlock *b, const char *text)
{
	return b->lines->len == 1 && kicker_text(sg, text, b->bbox.y1, b->size);
}

/* The first block of the page after sg's that is article text (no
 * furniture, masthead or TOC), or NULL. */
static const QkBlock *next_page_content(const Seg *sg)
{
	guint i = (guint)sg->page->index;   /* 1-based: the next page's slot */
	const QkPage *pg = i < sg->issue->pages->len
	                   ? g_ptr_array_index(sg->issue->pages, i) : NULL;
	for (guint k = 0; pg != NULL && k < pg->blocks->len; k++) {
		const QkBlock *n = g_ptr_array_index(pg->blocks, k);
		if (n->role != QK_ROLE_FURNITURE && n->role != QK_ROLE_MASTHEAD &&
		    n->role != QK_ROLE_TOC && n->lines->len > 0)
			return n;
	}
	return NULL;
}

/* A kicker stranded at the page's foot, its headline on the next page
 * (乡村振兴进行时 | page break | 怀仁医药园区…: a typesetter that does not
 * keep the two together): the page's last text, one short line that is no
 * sentence, closing line or numbered heading, centred on the page's text
 * and narrower than it, over a headline at the next page's top set
 * larger. It opens the next article, which starts on this page. */
static gboolean stranded_kicker(const Seg *sg, const QkBlock *b, const char *text)
{
	if (!magazine(sg) || b->lines->len != 1 || next_content(sg) != NULL ||
	    g_utf8_strlen(text, -1) > 24 || qk_structure_ends_sentence(text) ||
	    qk_structure_heading_level(text) > 0 ||
	    closing_kind(sg, text) != QK_PARA_BODY)
		return FALSE;
	/* words, not a mark closing the text above (（完）, ——) */
	gunichar c0 = g_utf8_get_char(text);
	if (g_unichar_get_script(c0) != G_UNICODE_SCRIPT_HAN)
		return FALSE;
	const QkBlock *n = next_page_content(sg);
	if (n == NULL || n->role != QK_ROLE_TITLE || n->size <= 1.15 * b->size)
		return FALSE;
	/* the page's text: its body blocks of more than one line */
	double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
	for (guint k = 0; k < sg->page->blocks->len; k++) {
		const QkBlock *o = g_ptr_array_index(sg->page->blocks, k);
		if (o->role != QK_ROLE_BODY || o->lines->len < 2)
			continue;
		x0 = MIN(x0, o->bbox.x0);
		x1 = MAX(x1, o->bbox.x1);
	}
	double em = MAX(b->size, 1.0);
	return x1 > x0 && b->bbox.x0 > x0 + 2 * em && b->bbox.x1 < x1 - 2 * em &&
	       fabs((b->bbox.x0 + b->bbox.x1) / 2 - (x0 + x1) / 2) < em;
}

/* The block's last line is the kicker of the headline right under it, kept
 * in the block of the line closing the article above (责任编辑：X |
 * 乡村振兴进行时; （丁宁） | …: the layout saw no centred line under a
 * right-aligned one when a ragged text edge put the column's edge a
 * character short): in another font than that line, which ends a sentence
 * or reads as a closing line. */
static gboolean trailing_kicker(const Seg *sg, const QkBlock *b)
{
	if (b->lines->len < 2)
		return FALSE;
	const QkLine *l = g_ptr_array_index(b->lines, b->lines->len - 1);
	const QkLine *p = g_ptr_array_index(b->lines, b->lines->len - 2);
	return g_strcmp0(l->font, p->font) != 0 &&
	       (qk_structure_ends_sentence(p->text) ||
	        closing_kind(sg, p->text) != QK_PARA_BODY) &&
	       kicker_text(sg, l->text, l->bbox.y1, l->size);
}

/* The size most of the page's body text is set in (characters counted),
 * 0 when the page has none. */
static double page_body_size(const QkPage *page)
{
	double sizes[16] = { 0 };
	glong counts[16] = { 0 };
	guint n = 0;
	for (guint i = 0; i < page->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(page->blocks, i);
		if (o->role != QK_ROLE_BODY || o->size <= 0)
			continue;
		char *t = qk_block_text(o);
		glong len = g_utf8_strlen(t, -1);
		g_free(t);
		guint k = 0;
		while (k < n && fabs(sizes[k] - o->size) >= 0.1)
			k++;
		if (k == n) {
			if (n == G_N_ELEMENTS(sizes))
				continue;
			sizes[n++] = o->size;
		}
		counts[k] += len;
	}
	guint best = 0;
	for (guint k = 1; k < n; k++)
		if (counts[k] > counts[best])
			best = k;
	return n > 0 ? sizes[best] : 0;
}

/* A notice's heading set at the text's size (a 简报 at 14 pt sets its
 * 14 pt 征稿启事 no larger than the text, and the layout leaves it body):
 * one line that is a notice word, set apart from the text right under
 * it — in another face, or centred over it, narrower by four ems a side. */
static gboolean notice_head_at_text_size(const Seg *sg, const QkBlock *b,
                                         const char *text)
{
	const QkBlock *n = next_content(sg);
	if (b->lines->len != 1 || n == NULL || n->role != QK_ROLE_BODY ||
	    n->bbox.y0 < b->bbox.y1 - 1 || n->bbox.y0 - b->bbox.y1 > 3 * MAX(b->size, 1.0) ||
	    !qk_structure_is_notice_w(sg->words, text) || qk_structure_ends_sentence(text))
		return FALSE;
	double em = MAX(n->size, 1.0);
	gboolean face = b->font != NULL && n->font != NULL && strcmp(b->font, n->font) != 0;
	gboolean centred = fabs((b->bbox.x0 + b->bbox.x1) / 2 - (n->bbox.x0 + n->bbox.x1) / 2) < em &&
	                   (n->bbox.x1 - n->bbox.x0) - (b->bbox.x1 - b->bbox.x0) > 8 * em;
	return face || centred;
}

/* A headline the layout took for a byline (a short title of 2–4-character
 * runs, 简讯两则 or 稳中承压 蓄势待发, read as a row of names under the
 * section's banner): it names no one, is set in a headline's size (1.35
 * times the page's text, as the layout's title rule) and there is no
 * titled article it could sign, nor a headline above it whose byline the
 * reading order put late. */
static gboolean headline_as_byline(const Seg *sg, const QkBlock *b,
                                   const char *text)
{
	if (!magazine(sg) || b->lines->len > 2 ||
	    (fresh(sg->cur) && sg->cur->art->title != NULL) ||
	    under_title(sg, b) || qk_structure_ends_sentence(text) ||
	    qk_structure_parse_byline_w(sg->words, text, NULL))
		return FALSE;
	double body = seg_body_size(sg);
	return body > 0 && b->size >= 1.35 * body;
}

/* On a scan, a headline the layout took for a heading: one line, no
 * number or sentence, set at least 1.3 times the page's text and right
 * over a subtitle's dash (——…, a sub-heading gets none). Sizes read from
 * ink are rounded to half points, which moves a ratio by a few per cent:
 * magazine-2023-01 at 300 dpi measured its 15 pt headlines 14.0 over
 * 10.5 pt text (1.33, under the layout's 1.35 for a title), at 150 dpi
 * 14.5 over 10.0, and 小杂粮撑起大产业 ran into the article before. */
static gboolean headline_as_heading(const Seg *sg, const QkBlock *b,
                                    const char *text)
{
	if (sg->page->ocr_dpi <= 0 || !magazine(sg) || b->lines->len != 1 ||
	    qk_structure_heading_level(text) > 0 ||
	    qk_structure_ends_sentence(text))
		return FALSE;
	double body = seg_body_size(sg);
	const QkBlock *n = next_content(sg);
	if (body <= 0 || b->size < 1.3 * body || n == NULL || !stacked(sg->page, b, n))
		return FALSE;
	char *t = qk_block_text(n);
	gboolean dash = subtitle_dash(sg, t) > 0;
	g_free(t);
	return dash;
}

/* A block wholly above the current article's headline on its page, when
 * that headline is centred on the page (it spans the columns: what is
 * above it came before it; a headline in one column may have its own text
 * go on at the top of the next) and the article before ended on this page
 * or the one before. */
static gboolean above_headline(const Seg *sg, const QkBlock *b)
{
	const QkBlock *t = sg->title_block;
	if (t == NULL || sg->cur == NULL || sg->prev == NULL ||
	    sg->issue->meta.kind == QK_KIND_NEWSPAPER ||  /* regions there */
	    sg->cur->art->title == NULL || sg->title_page != sg->page->index ||
	    sg->prev->art->pdf_last < sg->page->index - 1)
		return FALSE;
	double w = sg->page->width;
	double centre = (t->bbox.x0 + t->bbox.x1) / 2;
	return w > 0 && fabs(centre - w / 2) < 0.05 * w &&
	       b->bbox.y1 <= t->bbox.y0 + 0.2 * t->size;
}

/* A sub-heading whose text, the next block, is set right under it in its
 * column (a heading belongs with the text below it): when both lie above
 * the current headline, they go on with the article before. */
static gboolean heading_over_text_above(const Seg *sg, const QkBlock *b)
{
	const QkBlock *n = next_content(sg);
	double em = MAX(b->size, 1.0);
	return n != NULL && (n->role == QK_ROLE_BODY || n->role == QK_ROLE_OTHER) &&
	       b->lines->len <= 2 && n->bbox.y0 >= b->bbox.y1 - 0.2 * em &&
	       n->bbox.y0 - b->bbox.y1 < 2 * em &&
	       fabs(n->bbox.x0 - b->bbox.x0) < em && above_headline(sg, n);
}

/* A short line that is the page's last text, the next page opening with a
 * table: the table's title printed on the page before it. Gives it to the
 * table when the table has none; TRUE when the line is that title. */
static gboolean title_of_next_table(const Seg *sg, const char *text)
{
	if (next_content(sg) != NULL)
		return FALSE;
	QkIssue *is = sg->issue;
	guint at = 0;
	while (at < is->pages->len && g_ptr_array_index(is->pages, at) != sg->page)
		at++;
	if (at + 1 >= is->pages->len)
		return FALSE;
	const QkPage *np = g_ptr_array_index(is->pages, at + 1);
	const QkBlock *first = NULL;
	for (guint i = 0; i < np->blocks->len && first == NULL; i++) {
		const QkBlock *n = g_ptr_array_index(np->blocks, i);
		if (n->role != QK_ROLE_FURNITURE)
			first = n;
	}
	if (first == NULL || first->role != QK_ROLE_TABLE)
		return FALSE;
	for (guint i = 0; i < is->tables->len; i++) {
		QkTable *t = g_ptr_array_index(is->tables, i);
		if (t->page == np->index && fabs(t->bbox.y0 - first->bbox.y0) < 2 &&
		    fabs(t->bbox.x0 - first->bbox.x0) < 2) {
			if (t->title == NULL)
				t->title = g_strdup(text);
			return TRUE;
		}
	}
	return FALSE;
}

/* at most one edit in this many characters between two readings of one
 * sentence on a scan */
#define QK_READ_EDITS 10

/* at most one edit in this many characters where the quote is set
 * larger than the text (its display type read apart from the text's) */
#define QK_READ_EDITS_LARGE 6

/* The fewest letters of a scan's pull quote that ends no sentence */
#define QK_QUOTE_CUT 20

/* Whether the sentence q is printed in text, both read with OCR: q or a
 * stretch of text at most one edit in per characters from it (the quote
 * and the text read apart: 上游环节 / 上游环司, weasyprint-mag-130 at 200
 * dpi). */
static gboolean read_in(const char *q, const char *text, glong per)
{
	if (strstr(text, q) != NULL)
		return TRUE;
	glong n, m;
	gunichar *x = g_utf8_to_ucs4_fast(q, -1, &n);
	gunichar *y = g_utf8_to_ucs4_fast(text, -1, &m);
	glong max = n / per;
	/* edit distance from x to the closest stretch of y, a column of the
	 * table at a time (row i: x's first i characters) */
	glong *col = g_new(glong, n + 1);
	for (glong i = 0; i <= n; i++)
		col[i] = i;
	gboolean found = max > 0 && col[n] <= max;
	for (glong j = 0; j < m && !found; j++) {
		glong diag = col[0];   /* a stretch may start anywhere: row 0 is 0 */
		for (glong i = 1; i <= n; i++) {
			glong up = col[i];
			glong best = diag + (x[i - 1] != y[j]);
			best = MIN(best, up + 1);
			best = MIN(best, col[i - 1] + 1);
			diag = up;
			col[i] = best;
		}
		found = max > 0 && col[n] <= max;
	}
	g_free(col);
	g_free(x);
	g_free(y);
	return found;
}

/* TRUE when two lines read with OCR are boxes of one height within 1.2:
 * the size the layout gives a line with no Han in it (1.6%。) is guessed
 * from figures' ink, 8.5 pt at 150 dpi under a quote's 12 pt lines
 * whose box is as high (xelatex-mag-57 p10). */
static gboolean ink_height_alike(const QkLine *a, const QkLine *b)
{
	double ha = a->bbox.y1 - a->bbox.y0, hb = b->bbox.y1 - b->bbox.y0;
	return ha > 0 && hb > 0 && MAX(ha, hb) <= 1.2 * MIN(ha, hb);
}

/* The most blocks a scan's pull quote is read in */
#define QK_QUOTE_PIECES 8

/* Whether the block n, read after p, can be the next piece of a quote
 * OCR read apart on a scan: right under p (less than an em of white) at
 * its left edge, or at the top of the next column (above p's top, right
 * of it: the quote's box runs on there); within 1.2 of p's size or of its
 * last line's box height. A line of its own may stand two ems under p: a
 * box's lines set with wide leading, each read as a block or two as one. */
static gboolean quote_piece(const QkBlock *p, const QkBlock *n)
{
	double em = MAX(p->size, 1.0);
	double gap = n->bbox.y0 - p->bbox.y1;
	gboolean under = gap >= 0 && fabs(n->bbox.x0 - p->bbox.x0) <= em &&
	                 (gap <= em || (gap <= 2 * em && n->lines->len == 1));
	gboolean next_column = n->bbox.y0 < p->bbox.y0 && n->bbox.x0 > p->bbox.x1 - em;
	return n->lines->len <= 2 &&
	       (n->role == QK_ROLE_BODY || n->role == QK_ROLE_TITLE ||
	        n->role == QK_ROLE_HEADING) &&
	       (under || next_column) &&
	       (MAX(n->size, p->size) <= 1.2 * MIN(n->size, p->size) ||
	        ink_height_alike(g_ptr_array_index(n->lines, 0),
	                         g_ptr_array_index(p->lines, p->lines->len - 1)));
}

/* On a scan, the blocks after b in reading order when they are the rest
 * of b's sentence that OCR read apart: pieces of it (quote_piece), two
 * lines at most each, eight lines at most in all, b's text not ending a
 * sentence and the last ending it
 * (xelatex-mag-57 at 200 dpi: a quote's 上半年，全市地区生产总值 / 完成
 * 691.2亿元，同比增长 and its last line 1.6%。 read as two blocks, the
 * first a headline that took the text under it as an article of its own;
 * weasyprint-mag-143 at 300 dpi p8: a quote's lines read as body, heading
 * and body, 与过去“捡到篮子里都是菜"的做 | 法不同，…和协 | 同性。;
 * libreoffice-mag-145 at 200 dpi p8: a boxed quote's six lines, 25 pt
 * apart, read as six blocks, 各大跨国车企纷 | 纷公布停售燃油 | … |
 * 面转向电动化。, and p6 one running from a column's foot to the next
 * column's top and on, 以应县为例，全 | 县种植青椒约3.9 万雷，年产量在 |
 * … | 主要来源之一。). The rest's text (newly allocated) and its count of
 * blocks and lines; NULL otherwise. */
static char *quote_end(const Seg *sg, const QkBlock *b, const char *text,
                       guint *blocks, guint *lines)
{
	if (sg->page->ocr_dpi <= 0 || qk_structure_ends_sentence(text))
		return NULL;
	const QkBlock *p = b;
	GString *rest = g_string_new(NULL);
	for (guint i = sg->k + 1; i < sg->blocks->len && i <= sg->k + QK_QUOTE_PIECES; i++) {
		const QkBlock *n = g_ptr_array_index(sg->blocks, i);
		if (!quote_piece(p, n) || b->lines->len + *lines + n->lines->len > 8)
			break;
		char *nt = qk_block_text(n);
		g_string_append(rest, nt);
		g_free(nt);
		*lines += n->lines->len;
		p = n;
		if (qk_structure_ends_sentence(rest->str)) {
			*blocks = i - sg->k;
			return g_string_free(rest, FALSE);
		}
	}
	*lines = 0;
	g_string_free(rest, TRUE);
	return NULL;
}

/* Whether the text q of block b (squeezed) is printed in the text: a
 * body paragraph read before (on an earlier page: the quote set in a
 * continued part, its sentence in the first) or a body block of the page,
 * either holding more than q; on a scan, with at most one edit in per
 * characters. */
static gboolean repeated(const Seg *sg, const QkBlock *b, const char *q, glong per)
{
	gboolean scan = sg->page->ocr_dpi > 0;
	double body = seg_body_size(sg);
	gsize qn = strlen(q);
	gboolean hit = FALSE;
	for (guint k = sg->segs->len; body > 0 && (scan || body * 1.05 <= b->size) && k-- > 0 && !hit;) {
		GPtrArray *ps = ((QkSegArticle *)g_ptr_array_index(sg->segs, k))->art->paras;
		for (guint i = 0; i < ps->len && !hit; i++) {
			const QkPara *p = g_ptr_array_index(ps, i);
			if (p->kind != QK_PARA_BODY)
				continue;
			char *pt = qk_structure_squeeze(p->text->text);
			hit = scan ? strlen(pt) > qn && read_in(q, pt, per) : strstr(pt, q) != NULL;
			g_free(pt);
		}
	}
	GPtrArray *bs = sg->page->blocks;
	for (guint i = 0; i < bs->len && !hit; i++) {
		const QkBlock *o = g_ptr_array_index(bs, i);
		if (o == b || o->role != QK_ROLE_BODY || (!scan && o->size * 1.05 > b->size))
			continue;
		char *ot = qk_block_text(o);
		char *os = qk_structure_squeeze(ot);
		hit = scan ? strlen(os) > qn && read_in(q, os, per) : strstr(os, q) != NULL;
		g_free(os);
		g_free(ot);
	}
	return hit;
}

/* The fewest letters of a piece of a scan's pull quote read apart */
#define QK_QUOTE_PIECE 4

/* On a scan, after the pull quote in hand: the blocks right under it
 * (less than an em of white, at its left edge, two lines at most) whose
 * words the text repeats too are its lines OCR read apart, in another
 * size — its last line's ink merged into one tall box (xelatex-mag-14 at
 * 200 dpi p7:
 * 站 ，连续八年位居全 at 15.5 pt under the quote's 11.5 pt lines, for
 * 和93.4%，连续八年位居全球第一, opened an article that took the page's
 * caption and the part continued on page 12). They are read with it. */
static void quote_rest(Seg *sg)
{
	if (sg->page->ocr_dpi <= 0)
		return;
	const QkBlock *p = g_ptr_array_index(sg->blocks, sg->k);   /* the quote's last block */
	double body = seg_body_size(sg);
	while (sg->k + 1 < sg->blocks->len) {
		const QkBlock *n = g_ptr_array_index(sg->blocks, sg->k + 1);
		double em = MAX(p->size, 1.0);
		if (n->lines->len > 2 ||
		    (n->role != QK_ROLE_BODY && n->role != QK_ROLE_TITLE &&
		     n->role != QK_ROLE_HEADING) ||
		    n->bbox.y0 < p->bbox.y1 - em / 2 || n->bbox.y0 - p->bbox.y1 > em ||
		    fabs(n->bbox.x0 - p->bbox.x0) > em)
			return;
		char *nt = qk_block_text(n);
		char *q = qk_structure_squeeze(nt);
		glong per = body > 0 && n->size >= 1.15 * body ? QK_READ_EDITS_LARGE : QK_READ_EDITS;
		gboolean hit = g_utf8_strlen(q, -1) >= QK_QUOTE_PIECE && repeated(sg, n, q, per);
		g_free(q);
		g_free(nt);
		if (!hit)
			return;
		sg->k++;
		p = n;
	}
}

/* TRUE when no block after the k-th of the page in reading order holds
 * text but furniture: a headline there would head nothing on its page. */
static gboolean last_text(const Seg *sg, guint k)
{
	for (guint i = k + 1; i < sg->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(sg->blocks, i);
		if (o->role != QK_ROLE_FURNITURE && o->lines->len > 0)
			return FALSE;
	}
	return TRUE;
}

/* A pull quote: a few lines set larger than the text (up to eight short
 * ones in a narrow column), repeating a sentence that a text block of the
 * same page prints, or the text read before (a continued part quoting its
 * first): it is no text of its own. On a page read with OCR the sizes
 * are measured from ink, a few points apart at best (weasyprint-mag-113
 * at 200 dpi: the quote 初步核算，全年全市地区生产总值完成1536.2亿元，按
 * 不变价格计算增长1.0%。 under a photo measured 8.5 pt as the text is),
 * so the sentence found in a longer reading is the evidence there: a
 * block of a few lines that another text prints whole with more around
 * it is a quote of it (or the same ink read twice), and no text. A
 * block set as a heading (heading) is a quote's first piece only with
 * the rest of its sentence read apart after it (quote_end). */
static gboolean pull_quote(Seg *sg, const QkBlock *b, const char *text, gboolean heading)
{
	gboolean scan = sg->page->ocr_dpi > 0;
	guint rest = 0, rest_lines = 0;
	char *et = quote_end(sg, b, text, &rest, &rest_lines);
	if (heading && et == NULL)
		return FALSE;
	char *whole = NULL;
	if (et != NULL) {
		whole = g_strconcat(text, et, NULL);
		g_free(et);
		text = whole;
	}
	guint lines = b->lines->len + rest_lines;
	char *q = qk_structure_squeeze(text);
	/* on a scan, a quote OCR cut short (its last line lost) or one
	 * the box carries on in the next column (…为主攻方向， | 着力构建…。)
	 * ends no sentence: set as a headline and long, it is no headline
	 * whose words the text repeats (a lead box's text, read after its
	 * name, stays the box's); so is a shorter one with no text after
	 * it on its page, the box going on overleaf (xelatex-mag-14 p9) */
	gboolean cut = scan && b->role == QK_ROLE_TITLE && !sg->lead_open &&
	               (g_utf8_strlen(q, -1) >= QK_QUOTE_CUT || last_text(sg, sg->k + rest));
	if ((lines > 4 && (lines > 8 || g_utf8_strlen(text, -1) > 60)) ||
	    (!qk_structure_ends_sentence(text) && !cut)) {
		g_free(whole);
		g_free(q);
		return FALSE;
	}
	g_free(whole);
	double body = seg_body_size(sg);
	/* set larger than the text, a second reading's misreadings (which
	 * two sizes of type make more of) are allowed more often
	 * (weasyprint-mag-130 at 200 dpi p7: 11.5 pt over 9.5 pt,
	 * 工业硅/台炼、多品硅 for 工业硅治炼、多晶硅) */
	glong per = body > 0 && b->size >= 1.15 * body ? QK_READ_EDITS_LARGE : QK_READ_EDITS;
	gboolean hit = g_utf8_strlen(q, -1) >= 8 && repeated(sg, b, q, per);
	g_free(q);
	if (hit) {
		sg->k += rest;   /* the quote's last lines are read */
		quote_rest(sg);
	}
	return hit;
}

/* TRUE when a body block of the page set in another face runs wider than
 * b on both sides, by an em at least: b is set in from the text's edges
 * (a lead box set off by indents). */
static gboolean inset(const Seg *sg, const QkBlock *b)
{
	double em = MAX(b->size, 1.0);
	for (guint i = 0; i < sg->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(sg->blocks, i);
		if (o != b && o->role == QK_ROLE_BODY && g_strcmp0(o->font, b->font) != 0 &&
		    o->bbox.x0 < b->bbox.x0 - em && o->bbox.x1 > b->bbox.x1 + em)
			return TRUE;
	}
	return FALSE;
}

/* The block goes on with the lead box above it: the box's text stopped
 * mid-sentence, and the block sits right under it, at its left edge and in
 * its size. */
static gboolean note_goes_on(Seg *sg, const QkBlock *b)
{
	const QkPara *p = last_para(sg);
	const QkBlock *n = sg->last_block;
	if (p == NULL || p->kind != QK_PARA_NOTE || n == NULL || sg->lead_open)
		return FALSE;
	if (qk_structure_ends_sentence(p->text->text)) {
		/* a box's line that ended a sentence: the box goes on in
		 * blocks of its face, size and inset (导语：…举措。 | 本期…) */
		double size = MAX(n->size, 1.0);
		double gap = b->bbox.y0 - n->bbox.y1;
		return sg->last_block_page == sg->page->index && n->font != NULL &&
		       g_strcmp0(b->font, n->font) == 0 && fabs(b->size - n->size) < 0.3 &&
		       fabs(b->bbox.x0 - n->bbox.x0) < 1.0 && b->bbox.x1 < n->bbox.x1 + 1.0 &&
		       gap > -0.3 * size && gap < 1.0 * size && inset(sg, n);
	}
	if (sg->last_block_page != sg->page->index) {
		/* the box cut by the page's end goes on at the next page's
		 * top: its first text, at the box's edge, in its font and size */
		for (guint i = 0; i < sg->k && i < sg->blocks->len; i++) {
			const QkBlock *o = g_ptr_array_index(sg->blocks, i);
			if (o->role != QK_ROLE_FURNITURE)
				return FALSE;
		}
		return sg->last_block_page + 1 == sg->page->index &&
		       fabs(b->bbox.x0 - n->bbox.x0) < 1.0 &&
		       fabs(b->size - n->size) < 0.3 && g_strcmp0(b->font, n->font) == 0;
	}
	double size = MAX(n->size, 1.0);
	double gap = b->bbox.y0 - n->bbox.y1;
	/* at the box's edge; or, under a box of one indented line (核心阅读 |
	 * …的瓶颈，并 | 提出了相应建议。), out to the indent's left, in its face */
	double dx = b->bbox.x0 - n->bbox.x0;
	gboolean edge = fabs(dx) < 1.0 ||
	                (n->lines->len == 1 && dx < 0 && dx > -2.5 * size &&
	                 n->font != NULL && g_strcmp0(b->font, n->font) == 0);
	return edge && fabs(b->size - n->size) < 0.3 &&
	       gap > -0.3 * size && gap < 1.5 * size;
}

/* TRUE when the paragraph before a caption is the caption's first line
 * (施工人员在项目现场紧张作 | 业。顾燕摄): the whole of the block right
 * above it, in its face and size, centred on its axis, cut mid-sentence. */
static gboolean caption_head(Seg *sg, const QkBlock *b)
{
	const QkPara *p = last_para(sg);
	const QkBlock *n = sg->last_block;
	if (p == NULL || p->kind != QK_PARA_BODY || n == NULL || n->role != QK_ROLE_BODY ||
	    sg->last_block_page != sg->page->index || n->lines->len > 2 ||
	    qk_structure_ends_sentence(p->text->text) || n->font == NULL)
		return FALSE;
	double size = MAX(b->size, 1.0);
	double gap = b->bbox.y0 - n->bbox.y1;
	double cn = (n->bbox.x0 + n->bbox.x1) / 2, cb = (b->bbox.x0 + b->bbox.x1) / 2;
	char *nt = qk_block_text(n);
	char *a = qk_structure_squeeze(nt), *c = qk_structure_squeeze(p->text->text);
	gboolean whole = strcmp(a, c) == 0;
	g_free(a);
	g_free(c);
	g_free(nt);
	return whole && g_strcmp0(n->font, b->font) == 0 && fabs(n->size - b->size) < 0.3 &&
	       gap > -0.3 * size && gap < 1.0 * size && fabs(cn - cb) < size;
}

/* TRUE when a TOC entry's title reads like text. */
static gboolean in_toc(const Seg *sg, const char *text)
{
	qk_title_index_find(sg->toc_titles, text, 0.6, sg->hits);
	return sg->hits->len > 0;
}

/* The ordinal (1–10) of a numbered heading 一、… to 十、…, or 0. */
static int numeral_of(const char *text)
{
	static const char *const numerals[] = {
		"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", NULL
	};
	for (int i = 0; numerals[i]; i++)
		if (g_str_has_prefix(text, numerals[i]))
			return i + 1;
	return 0;
}

/* TRUE when b opens with the numbered heading after the article's last
 * one (二、… after 一、…): the article goes on, whatever section the page's
 * running head names (LaTeX's first mark: the section of the page's first
 * new article). */
static gboolean next_numbered(const Seg *sg, const QkBlock *b)
{
	if (sg->cur == NULL || b->lines->len == 0)
		return FALSE;
	const GPtrArray *ps = sg->cur->art->paras;
	int last = 0;
	for (guint i = ps->len; i-- > 0 && last == 0;) {
		const QkPara *p = g_ptr_array_index(ps, i);
		if (p->kind == QK_PARA_HEADING)
			last = numeral_of(p->text->text);
	}
	const QkLine *l = g_ptr_array_index(b->lines, 0);
	return last > 0 && numeral_of(l->text) == last + 1;
}

/* The section the TOC lists a title under (the entry most like it, at
 * least 0.6), or NULL. */
static const char *toc_section_of(const Seg *sg, const char *title)
{
	const char *best = NULL;
	double best_sim = 0.6;
	qk_title_index_find(sg->toc_titles, title, best_sim, sg->hits);
	for (guint i = 0; i < sg->hits->len; i++) {
		const QkTitleHit *h = &g_array_index(sg->hits, QkTitleHit, i);
		const QkTocSection *sec = g_ptr_array_index(sg->toc_secs, h->doc);
		if (sec->name != NULL && h->sim >= best_sim) {
			best_sim = h->sim;
			best = sec->name;
		}
	}
	return best;
}

/* TRUE when the block right after b on the page is a table. */
static gboolean before_table(const Seg *sg, const QkBlock *b)
{
	GPtrArray *bs = sg->blocks;
	for (guint i = 0; i + 1 < bs->len; i++)
		if (g_ptr_array_index(bs, i) == b) {
			const QkBlock *n = g_ptr_array_index(bs, i + 1);
			return n->role == QK_ROLE_TABLE;
		}
	return FALSE;
}


/* ---- academic-journal pages (journal.c) -------------------------------- */

/* The page's first title block, or NULL. */
static const QkBlock *page_title(const Seg *sg)
{
	for (guint i = 0; i < sg->blocks->len; i++) {
		const QkBlock *t = g_ptr_array_index(sg->blocks, i);
		if (t->role == QK_ROLE_TITLE)
			return t;
	}
	return NULL;
}

/* A journal's header block: short blocks above the page's first title
 * (or at the page's top, nothing above them), when one of them reads as a
 * header line (第44卷第2期, Vol., DOI, the journal's name): the whole set
 * is the header, furniture, never an article (a running head that repeats
 * the paper's title and a column name among them). */
static gboolean journal_header(const Seg *sg, const QkBlock *b)
{
	const QkBlock *t = page_title(sg);
	/* above the title: starts above its top (a line beside its first
	 * row may reach a little into it); on a page without a title, the
	 * page's first row of text only */
	double top;
	if (t != NULL) {
		top = t->bbox.y0;
	} else {
		top = G_MAXDOUBLE;
		for (guint i = 0; i < sg->blocks->len; i++) {
			const QkBlock *o = g_ptr_array_index(sg->blocks, i);
			top = MIN(top, o->bbox.y0);
		}
		top += 1.5 * b->size;
		if (b->lines->len > 1)
			return FALSE;
	}
	if (b->lines->len > 2 || b->bbox.y0 >= top || b == t)
		return FALSE;
	gboolean key = FALSE, long_text = FALSE;
	for (guint i = 0; i < sg->blocks->len; i++) {
		const QkBlock *o = g_ptr_array_index(sg->blocks, i);
		if (o == t || o->bbox.y0 >= top)
			continue;
		char *x = qk_block_text(o);
		if (o->role != QK_ROLE_FURNITURE &&
		    (o->lines->len > 2 || g_utf8_strlen(x, -1) > 80))
			long_text = TRUE;
		else if (qk_structure_journal_header(x, NULL))
			key = TRUE;   /* not the name alone: a magazine's
			               * running head prints it too */
		g_free(x);
	}
	return key && !long_text;
}

/* The current article's last heading is the reference list's. */
static gboolean in_references(const Seg *sg)
{
	if (sg->cur == NULL)
		return FALSE;
	GPtrArray *ps = sg->cur->art->paras;
	for (guint i = ps->len; i-- > 0;) {
		const QkPara *p = g_ptr_array_index(ps, i);
		if (p->kind == QK_PARA_HEADING)
			return qk_structure_journal_refs_heading(p->text->text);
	}
	return FALSE;
}

/* The article's text has begun (a body paragraph or heading). */
static gboolean text_begun(const QkSegArticle *s)
{
	for (guint i = 0; i < s->art->paras->len; i++) {
		QkParaKind k = ((const QkPara *)g_ptr_array_index(s->art->paras, i))->kind;
		if (k == QK_PARA_BODY || k == QK_PARA_HEADING)
			return TRUE;
	}
	return FALSE;
}

/* Whole-issue evidence: the issue prints papers' front matter (摘要,
 * 关键词 … at least twice); the journal rules apply only then. */
static gboolean journal_issue(Seg *sg)
{
	if (sg->journal < 0) {
		int n = 0;
		for (guint i = 0; i < sg->issue->pages->len && n < 2; i++) {
			const QkPage *pg = g_ptr_array_index(sg->issue->pages, i);
			for (guint k = 0; k < pg->blocks->len && n < 2; k++) {
				const QkBlock *b = g_ptr_array_index(pg->blocks, k);
				if (b->lines->len == 0)
					continue;
				const QkLine *l = g_ptr_array_index(b->lines, 0);
				n += qk_structure_journal_line(l->text) == QK_JOURNAL_LEAD &&
				     !qk_structure_journal_affiliation(l->text);
			}
		}
		sg->journal = n >= 2;
	}
	return sg->journal > 0;
}

/* A paper's parts that the magazine rules would misread: the header
 * block, the affiliation marks and names with marks, the front matter
 * (affiliations, 摘要, 关键词, 中图分类号, the English block) as its
 * lead, first-page footnotes as tails, reference entries one paragraph
 * each, display formulas as paragraphs of their own. TRUE when b was
 * taken. */
/* The words of a section number the layout set apart from them (2.1 |
 * 可视化试验台的搭建: the number in the Latin font, an em or two of white
 * before the words, which the line cut at a column's gutter or a wide
 * gap): the next block, one short line on the number's row opening with a
 * Han character, no sentence nor comma in it, starting right of it within
 * three ems; or NULL. The text above must have ended a sentence (a number
 * cut from its paragraph, Ubuntu | 16.04 操作系统. 仿真…, is text). */
static const QkBlock *number_words(const Seg *sg, const QkBlock *b, const char *text)
{
	if (b->lines->len != 1 || sg->k + 1 >= sg->blocks->len ||
	    !g_regex_match_simple("^\\d{1,2}(\\.\\d{1,2}){0,3}\\.?$", text, 0, 0))
		return NULL;
	const QkBlock *n = g_ptr_array_index(sg->blocks, sg->k + 1);
	if (n->lines->len != 1 || (n->role != QK_ROLE_BODY && n->role != QK_ROLE_OTHER &&
	                           n->role != QK_ROLE_HEADING))
		return NULL;
	double em = MAX(b->size, 1.0);
	double gap = n->bbox.x0 - b->bbox.x1;
	double dy = fabs((n->bbox.y0 + n->bbox.y1) / 2 - (b->bbox.y0 + b->bbox.y1) / 2);
	const QkLine *l = g_ptr_array_index(n->lines, 0);
	if (gap < -0.1 * em || gap > 3 * em || dy > 0.5 * em ||
	    g_utf8_strlen(l->text, -1) > 30 || qk_structure_ends_sentence(l->text) ||
	    strstr(l->text, "。") || strstr(l->text, ". ") || strstr(l->text, "，") ||
	    g_unichar_get_script(g_utf8_get_char(l->text)) != G_UNICODE_SCRIPT_HAN)
		return NULL;
	return n;
}

static gboolean journal_block(Seg *sg, const QkBlock *b, const char *text)
{
	if (!journal_issue(sg))
		return FALSE;
	QkSegArticle *s = sg->cur;
	QkRole r = b->role;
	gboolean textual = r == QK_ROLE_BODY || r == QK_ROLE_OTHER ||
	                   r == QK_ROLE_HEADING || r == QK_ROLE_BYLINE ||
	                   r == QK_ROLE_KICKER;
	if (r != QK_ROLE_TITLE && journal_header(sg, b)) {
		/* the layout's role corrected: the page's furniture */
		QkBlock *mb = (QkBlock *)b;
		mb->role = QK_ROLE_FURNITURE;
		sg->body->page = NULL;
		g_free(mb->furniture);
		mb->furniture = g_strdup("running-head");
		return TRUE;
	}
	if (s == NULL || s->art->title == NULL || !textual)
		return FALSE;
	QkArticle *a = s->art;
	gboolean front = !text_begun(s);
	QkPara *last = last_para(sg);
	if (front && a->paras->len == 0 && qk_structure_journal_mark(text)) {
		sg->aside = TRUE;
		sg->marks_apart = TRUE;
		return TRUE;   /* ¹ ¹'² set apart from the names */
	}
	if (front && a->paras->len == 0 && b->lines->len == 1) {
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		/* names right under the title, or going on after the byline
		 * (their marks in blocks of their own) */
		gboolean by = a->byline == NULL && !sg->marks_apart
		              ? qk_structure_journal_byline(text, names)
		              : qk_structure_journal_names(text, names);
		if (by) {
			char *j = a->byline ? g_strconcat(a->byline, " ", text, NULL)
			                    : g_strdup(text);
			g_free(a->byline);
			a->byline = j;
			while (names->len)
				g_ptr_array_add(a->authors, g_ptr_array_steal_index(names, 0));
			sg->eff_role = QK_ROLE_BYLINE;
		}
		g_ptr_array_free(names, TRUE);
		if (by)
			return TRUE;
	}
	QkJournalLine kind = qk_structure_journal_line(text);
	if (kind == QK_JOURNAL_FOOT) {
		add_para(sg, QK_PARA_TAIL, text, 0);
		sg->foot_block = b;
		return TRUE;
	}
	const QkBlock *f = sg->foot_block;
	if (last != NULL && last->kind == QK_PARA_TAIL && r != QK_ROLE_HEADING &&
	    qk_structure_journal_line(last->text->text) == QK_JOURNAL_FOOT &&
	    !qk_structure_ends_sentence(last->text->text) && f != NULL &&
	    b->size < f->size + 0.5 && b->bbox.y0 >= f->bbox.y0 &&
	    MIN(b->bbox.x1, f->bbox.x1) > MAX(b->bbox.x0, f->bbox.x0)) {
		join_last(sg, text);   /* the footnote's next line */
		note_page(sg);
		sg->foot_block = b;
		return TRUE;
	}
	const QkBlock *lb = sg->last_block;
	if (front && kind == QK_JOURNAL_NONE && last != NULL && last->kind == QK_PARA_NOTE &&
	    lb != NULL && sg->last_block_page == sg->page->index &&
	    qk_structure_journal_line(last->text->text) == QK_JOURNAL_LEAD &&
	    fabs(b->bbox.x0 - lb->bbox.x0) < b->size && fabs(b->size - lb->size) < 0.5 &&
	    b->bbox.y0 >= lb->bbox.y1 - 0.5 * b->size && b->bbox.y0 - lb->bbox.y1 < b->size) {
		join_last(sg, text);   /* the lead's last line, set apart */
		note_page(sg);
		return TRUE;
	}
	if (front && (kind == QK_JOURNAL_LEAD ||
	              (last != NULL && last->kind == QK_PARA_NOTE &&
	               qk_structure_heading_level(text) == 0 &&
	               qk_structure_journal_latin(text)))) {
		/* the lead, and the English block that goes with it; a line
		 * opening with a key (关键词：) under the abstract in its block
		 * starts a note of its own */
		GString *cur = g_string_new(NULL);
		for (guint i = 0; i < b->lines->len; i++) {
			const QkLine *l = g_ptr_array_index(b->lines, i);
			if (i > 0 && qk_structure_journal_line(l->text) != QK_JOURNAL_NONE) {
				add_para(sg, QK_PARA_NOTE, cur->str, 0);
				g_string_truncate(cur, 0);
			}
			qk_text_join(cur, l->text);
		}
		add_para(sg, QK_PARA_NOTE, cur->str, 0);
		g_string_free(cur, TRUE);
		return TRUE;
	}
	if (in_references(sg) && (r == QK_ROLE_BODY || r == QK_ROLE_OTHER)) {
		/* one paragraph per entry, its wrapped lines joined */
		for (guint i = 0; i < b->lines->len; i++) {
			const QkLine *l = g_ptr_array_index(b->lines, i);
			/* the entry under way, past a footnote the reading
			 * order put between its lines */
			QkPara *p = NULL;
			GPtrArray *ps = s->art->paras;
			for (guint k = ps->len; k-- > 0 && p == NULL;) {
				QkPara *q = g_ptr_array_index(ps, k);
				if (q->kind == QK_PARA_BODY || q->kind == QK_PARA_HEADING)
					p = q;
			}
			if (qk_structure_journal_reference(l->text) || p == NULL ||
			    p->kind != QK_PARA_BODY)
				add_para(sg, QK_PARA_BODY, l->text, 0);
			else
				join_into(p, l->text);
		}
		note_page(sg);
		return TRUE;
	}
	if (front || (r != QK_ROLE_BODY && r != QK_ROLE_OTHER))
		return FALSE;
	if (b->lines->len == 1 && qk_structure_journal_caption(text)) {
		add_para(sg, QK_PARA_CAPTION, text, 0);
		sg->aside = TRUE;   /* the text goes on across it */
		return TRUE;
	}
	const QkBlock *words = number_words(sg, b, text);
	if (words != NULL && (last == NULL || last->kind != QK_PARA_BODY ||
	                      qk_structure_ends_sentence(last->text->text))) {
		const QkLine *l = g_ptr_array_index(words->lines, 0);
		char *h = g_strconcat(text, " ", l->text, NULL);
		int level = qk_structure_heading_level(h);
		add_para(sg, QK_PARA_HEADING, h, level > 0 ? level : 1);
		g_free(h);
		sg->eff_role = QK_ROLE_HEADING;
		sg->k++;   /* the words are read */
		return TRUE;
	}
	if (qk_structure_journal_formula(text)) {
		sg->formula_para = add_para(sg, QK_PARA_BODY, text, 0);
		sg->formula_block = b;
		return TRUE;
	}
	const QkBlock *fb = sg->formula_block;
	if (last != NULL && fb != NULL && last == sg->formula_para) {
		if (b->size < 0.8 * fb->size && qk_structure_journal_script(text)) {
			join_last(sg, text);   /* its sub- and superscripts */
			note_page(sg);
			return TRUE;
		}
		/* the text after a display formula: a paragraph of its own */
		add_para(sg, QK_PARA_BODY, text, 0);
		sg->formula_block = NULL;
		sg->formula_para = NULL;
		return TRUE;
	}
	if (last != NULL && last->kind == QK_PARA_TAIL &&
	    qk_structure_journal_line(last->text->text) == QK_JOURNAL_FOOT &&
	    block_indented(b) != 1) {
		/* a paragraph the first-page footnote cut in the reading
		 * order (bottom of one column, top of the next) goes on */
		GPtrArray *ps = s->art->paras;
		for (guint k = ps->len; k-- > 0;) {
			QkPara *q = g_ptr_array_index(ps, k);
			if (q->kind == QK_PARA_HEADING)
				break;
			if (q->kind != QK_PARA_BODY)
				continue;
			if (qk_structure_ends_sentence(q->text->text))
				break;
			join_into(q, text);
			note_page(sg);
			return TRUE;
		}
	}
	return FALSE;
}

/* b was read: it is the last block, unless it was set apart from the
 * text's flow */
static void block_done(Seg *sg, const QkBlock *b)
{
	QkPara *p = last_para(sg);
	if (sg->eff_role == QK_ROLE_HEADING && p != NULL && p->kind == QK_PARA_HEADING) {
		sg->head_block = b;
		sg->head_para = p;
		sg->head_page = sg->page->index;
	} else if (sg->head_block != NULL &&
	           (sg->head_page != sg->page->index ||
	            (b->bbox.x0 < sg->head_block->bbox.x1 &&
	             b->bbox.x1 > sg->head_block->bbox.x0))) {
		sg->head_block = NULL;   /* a block of its column came after it */
	}
	if (!sg->aside) {
		sg->last_role = sg->eff_role;
		sg->last_block = b;
		sg->last_block_page = sg->page->index;
	}
	sg->aside = FALSE;
}

/* On a page read with OCR, a block of smaller type that lies (nine tenths
 * of its box at least) inside a headline's box: the headline's ink read
 * a second time as a line of text (xelatex-mag-07 at 200 dpi: 全百由会泊
 * 和、◆二丰台上 at 8.5 pt in the box of 文旅融合激活塞上发展新动能 at
 * 17 pt, which ended the article before), no text of any article. */
static gboolean headline_read_twice(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0 || b->role == QK_ROLE_TITLE)
		return FALSE;
	double area = (b->bbox.x1 - b->bbox.x0) * (b->bbox.y1 - b->bbox.y0);
	for (guint i = 0; area > 0 && i < sg->page->blocks->len; i++) {
		const QkBlock *t = g_ptr_array_index(sg->page->blocks, i);
		if (t->role != QK_ROLE_TITLE || t->size <= b->size)
			continue;
		double w = MIN(b->bbox.x1, t->bbox.x1) - MAX(b->bbox.x0, t->bbox.x0);
		double h = MIN(b->bbox.y1, t->bbox.y1) - MAX(b->bbox.y0, t->bbox.y0);
		if (w > 0 && h > 0 && w * h >= 0.9 * area)
			return TRUE;
	}
	return FALSE;
}

/* Latin letters read from a rule's or a picture's texture: at least this
 * many characters, this share of them Latin letters, and few kinds of
 * letter (at most this share of their count) */
#define QK_NOISE_MIN 10
#define QK_NOISE_LATIN 0.8
#define QK_NOISE_KINDS 0.35

/* On a page read with OCR, a block of Latin letters of a few kinds
 * repeated: the texture of a picture's edge or a rule read as letters
 * (chromium-mag-03 at 200 dpi p4: EECEEEEEEEESE光 along a photo's
 * foot; weasyprint-mag-133 p2: □reeremommrremmreerz under a headline).
 * Words and addresses use more kinds of letter (http:Wwww.shuozhou.
 * govcn/fzzx: 15 kinds in 22 letters; TOPCon, REITs, Email). */
static gboolean letter_noise(const Seg *sg, const QkBlock *b)
{
	if (sg->page->ocr_dpi <= 0)
		return FALSE;
	char *t = qk_block_text(b);
	glong n = 0, latin = 0;
	gboolean kind[52] = { FALSE };
	glong kinds = 0;
	for (const char *p = t; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c))
			continue;
		n++;
		if (c < 0x80 && g_ascii_isalpha((int)c)) {
			int k = g_ascii_islower((int)c) ? (int)c - 'a' : (int)c - 'A' + 26;
			latin++;
			kinds += !kind[k];
			kind[k] = TRUE;
		}
	}
	g_free(t);
	return n >= QK_NOISE_MIN && latin >= QK_NOISE_LATIN * (double)n &&
	       kinds <= QK_NOISE_KINDS * (double)latin;
}

/* a scan's line under this share of the page's text size is no text */
#define QK_SPECK_SIZE 0.5

/* On a page read with OCR, a block whose every line is measured under
 * QK_SPECK_SIZE of the page's text size: the edge of a picture or a rule
 * read as letters of 2 to 4.5 pt (chromium-mag-03 at 200 dpi p5:
 * Reeeeeeeaaameeeemeemeeeeeaaaa at 2 pt in 8.5 pt text; magazine-2023-01
 * p17: ◆iYO at 3 pt in 10.5 pt; libreoffice-mag-60 p12: TAIm at 3.5 pt
 * in 9 pt). Of the 32 scans' lines measured under 0.6 of the text,
 * those under half are all such letters; above it some are text OCR
 * measured small (章。 at 6 pt in 10.5 pt, magazine-2023-04 at 300 dpi
 * p14). */
static gboolean speck_block(const Seg *sg, const QkBlock *b)
{
	double body = sg->page->ocr_dpi > 0 ? seg_body_size(sg) : 0;
	if (body <= 0 || b->lines->len == 0)
		return FALSE;
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		if (l->size <= 0 || l->size >= QK_SPECK_SIZE * body)
			return FALSE;
	}
	return TRUE;
}

static gboolean periodical_name(const QkIssue *issue, const QkPage *page,
                                const char *name);

/* On a scan, b is the running head the layout took for text (a kicker,
 * body): one line above all the page's other text over a headline or
 * kicker (page_top_label) that opens with the periodical's name (its
 * first letters as many as the name's, read within periodical_name's
 * tolerance) or with a year (the issue line, 2022年第6期): libreoffice-
 * mag-60 at 200 dpi printed 塞上经济观察2022年第6期 over five headlines,
 * each its kicker, and 2022年第6期 leaked into an article's text. */
static gboolean running_head_as_text(const Seg *sg, const QkBlock *b, const char *text)
{
	if (sg->page->ocr_dpi <= 0 ||
	    (b->role != QK_ROLE_KICKER && b->role != QK_ROLE_BODY) ||
	    !page_top_label(sg, b))
		return FALSE;
	char *sq = qk_structure_squeeze(text);
	gboolean head = g_ascii_isdigit(sq[0]) && g_ascii_isdigit(sq[1]) &&
	                g_ascii_isdigit(sq[2]) && g_ascii_isdigit(sq[3]) &&
	                g_str_has_prefix(sq + 4, "年");
	if (!head && sg->issue->meta.title != NULL) {
		glong n = g_utf8_strlen(sg->issue->meta.title, -1);
		if (g_utf8_strlen(sq, -1) >= n) {
			char *start = g_utf8_substring(sq, 0, n);
			head = periodical_name(sg->issue, sg->page, start);
			g_free(start);
		}
	}
	g_free(sq);
	return head;
}

/* The names of the block after the one in hand, when it reads as a
 * byline naming someone. */
static gboolean byline_next(const Seg *sg)
{
	const QkBlock *n = next_content(sg);
	char *nt = n != NULL ? qk_block_text(n) : NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean by = nt != NULL && qk_structure_parse_byline_w(sg->words, nt, names) &&
	              names->len > 0;
	g_ptr_array_free(names, TRUE);
	g_free(nt);
	return by;
}

/* On a scan, b is the last line of the fresh article's headline or
 * subtitle set apart, the layout giving it another role (a byline, a
 * heading, body) on a magazine's page — or, on any design, the headline's
 * set apart as a title block of its own, else read as names set large
 * (chromium-news-138 at 200 dpi: …特色产业集群区 | 试点 over 文／孙晓燕,
 * 试点 the author); returns the field it ends, else NULL. One line
 * stacked right under the headline (or subtitle) block read last, in
 * its size (within 1.1: sizes measured from ink), narrower and within
 * its width, no sentence, no numbered heading, over a byline:
 * - the headline's (magazine-2023-04 at 200 dpi: 奶业振兴：从“一杯奶”到一条
 *   产 | 业链, whose 业链 became the authors; …生态产品价值实 | 现新路径
 *   a heading): at most 8 letters, not names opening with a surname (a
 *   byline set in the title's style), the byline under it set smaller
 *   (below 0.85 of it);
 * - the subtitle's (magazine-2023-01 p20: ——我市促进…就业的实 | 践, the
 *   byline under it taken for text): set in the byline's size, so at
 *   most 3 Han letters centred under the subtitle (within an em), which
 *   with the byline read no byline (记者 over names is one). */
static QkText **display_end_apart(Seg *sg, const QkBlock *b, const char *text)
{
	QkSegArticle *s = sg->cur;
	const QkBlock *t = sg->last_block;
	if (sg->page->ocr_dpi <= 0 || !fresh(s) ||
	    s->art->title == NULL || s->art->byline != NULL || t == NULL ||
	    b->lines->len != 1 || !stacked(sg->page, t, b))
		return NULL;
	gboolean head = sg->last_role == QK_ROLE_TITLE && t == sg->title_block &&
	                s->art->subtitle == NULL;
	gboolean sub = sg->last_role == QK_ROLE_SUBTITLE && s->art->subtitle != NULL;
	gboolean other = b->role == QK_ROLE_BYLINE || b->role == QK_ROLE_HEADING ||
	                 b->role == QK_ROLE_BODY;
	double em = MAX(b->size, 1.0);
	if (!(magazine(sg) && other) && !(head && b->role == QK_ROLE_TITLE))
		return NULL;
	if ((!head && !sub) ||
	    MAX(b->size, t->size) > 1.1 * MIN(b->size, t->size) ||
	    b->bbox.x1 - b->bbox.x0 >= t->bbox.x1 - t->bbox.x0 ||
	    b->bbox.x0 < t->bbox.x0 - em || b->bbox.x1 > t->bbox.x1 + em ||
	    qk_structure_ends_sentence(text) || qk_structure_heading_level(text) > 0 ||
	    !byline_next(sg))
		return NULL;
	if (head) {
		const QkBlock *n = next_content(sg);
		if (g_utf8_strlen(text, -1) > 8 || n->size >= 0.85 * b->size ||
		    (qk_structure_surname_at(sg->words, text) > 0 &&
		     qk_structure_parse_byline_w(sg->words, text, NULL)))
			return NULL;
		return &s->art->title;
	}
	char *sq = qk_structure_squeeze(text);
	gboolean han = g_utf8_strlen(sq, -1) <= 3;
	for (const char *p = sq; *p && han; p = g_utf8_next_char(p))
		han = g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HAN;
	g_free(sq);
	if (!han || fabs((b->bbox.x0 + b->bbox.x1) - (t->bbox.x0 + t->bbox.x1)) / 2 > em)
		return NULL;
	char *nt = qk_block_text(next_content(sg));
	char *with = g_strconcat(text, " ", nt, NULL);
	gboolean by = qk_structure_parse_byline_w(sg->words, with, NULL);
	g_free(with);
	g_free(nt);
	return by ? NULL : &s->art->subtitle;
}

/* On a scan, a numbered heading whose numeral OCR lost (一 or 四 read as
 * nothing before its 、, the box starting an em right of the column:
 * xelatex-mag-57 at 150 dpi 、上半年经济运行的主要特, at 300 dpi
 * 、城市治理更加精细 after 三、…): no headline or heading opens with 、,
 * so the line is the heading after the article's last numbered one (一、
 * when there is none), and reads so. NULL when b is no such line. */
static char *numeral_lost(const Seg *sg, const QkBlock *b, const char *text)
{
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1 ||
	    (b->role != QK_ROLE_TITLE && b->role != QK_ROLE_HEADING) ||
	    !g_str_has_prefix(text, "、") || text[strlen("、")] == '\0')
		return NULL;
	static const char *const numerals[] = {
		"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
	};
	int last = 0;
	const GPtrArray *ps = sg->cur != NULL ? sg->cur->art->paras : NULL;
	for (guint i = ps != NULL ? ps->len : 0; i-- > 0 && last == 0;) {
		const QkPara *p = g_ptr_array_index(ps, i);
		if (p->kind == QK_PARA_HEADING)
			last = numeral_of(p->text->text);
	}
	if (last >= (int)G_N_ELEMENTS(numerals))
		return NULL;
	return g_strconcat(numerals[last], text, NULL);
}

/* On a scan, b is the last line of the heading read last, wrapped and
 * set apart by the layout as a headline (bold type measured from ink at
 * a headline's size: xelatex-mag-57 at 300 dpi p8, 一、全球市场进入规模化
 * 发展 | 阶段, whose 阶段 opened an article that took the text after it):
 * one line right under the heading's (its top less than 2.5 sizes under
 * the heading's top), at its left edge (within half an em), narrower, in
 * its size (within 15 %), neither numbered nor the heading ending a
 * sentence. Blocks of other columns may be read between the two, where
 * the reading order went across the columns row by row (xelatex-mag-14 at
 * 200 dpi p8 and p10: 一、找准特色，在“特”字上 | the left column's line |
 * 做文章). TRUE when b's text was joined to the heading. */
static gboolean heading_end_apart(Seg *sg, const QkBlock *b, const char *text)
{
	QkPara *p = sg->head_para;
	const QkBlock *h = sg->head_block;
	if (sg->page->ocr_dpi <= 0 || b->lines->len != 1 || h == NULL ||
	    h->lines->len == 0 || sg->head_page != sg->page->index ||
	    (b->role != QK_ROLE_TITLE && b->role != QK_ROLE_HEADING))
		return FALSE;
	const QkLine *l = g_ptr_array_index(h->lines, h->lines->len - 1);
	double em = MAX(MAX(l->size, b->size), 1.0);
	if (b->bbox.y0 - l->bbox.y0 < 0.5 * em || b->bbox.y0 - l->bbox.y0 > 2.5 * em ||
	    fabs(b->bbox.x0 - l->bbox.x0) > 0.5 * em ||
	    b->bbox.x1 - b->bbox.x0 >= l->bbox.x1 - l->bbox.x0 ||
	    fabs(b->size - l->size) > 0.15 * em ||
	    qk_structure_heading_level(text) > 0 ||
	    qk_structure_ends_sentence(p->text->text))
		return FALSE;
	join_into(p, text);
	sg->eff_role = QK_ROLE_HEADING;
	return TRUE;
}

/* On a scan, b (a headline by the layout's reading) is set at under two
 * thirds of the size of the headline over it: no line of that headline,
 * whose lines are one size, but text under it (weasyprint-mag-143 at 150
 * dpi p11: the notice 绿色出行低碳生活 at 27 pt over 少开一天 at 12 pt, the
 * rest of its row 车，多走一段路… read as another block). */
static gboolean small_under_headline(const Seg *sg, const QkBlock *b)
{
	const QkBlock *h = sg->last_block;
	return sg->page->ocr_dpi > 0 && h != NULL && b->size * 1.5 < h->size;
}

/* On a page read with OCR, the table whose block b is, or NULL. */
static const QkTable *block_table(const Seg *sg, const QkBlock *b)
{
	for (guint i = 0; sg->page->ocr_dpi > 0 && i < sg->issue->tables->len; i++) {
		const QkTable *t = g_ptr_array_index(sg->issue->tables, i);
		if (t->page == sg->page->index && fabs(t->bbox.y0 - b->bbox.y0) < 2 &&
		    fabs(t->bbox.x0 - b->bbox.x0) < 2)
			return t;
	}
	return NULL;
}

/* A scanned table's title that is the article's numbered heading over
 * it (一、拓宽高校毕业生就业渠道 over a table whose first row, one cell
 * across all columns, is its own title, 重点项目建设进度一览:
 * chromium-mag-49 at 200 dpi p9; extract takes the line over a table's
 * grid for its title): the heading, else NULL. */
static const char *heading_over_table(const QkTable *t)
{
	if (t->title == NULL || qk_structure_heading_level(t->title) == 0 ||
	    t->cells->len == 0)
		return NULL;
	const QkCell *c = g_ptr_array_index(t->cells, 0);
	return c->row == 0 && c->colspan == t->cols && t->cols > 1 &&
	       g_utf8_strlen(qk_text_get(c->text), -1) >= 4 ? t->title : NULL;
}

/* a boxed text's sentence is this long at least */
#define QK_BOXED_MIN 20

/* On a page read with OCR, the text of a "table" that is a boxed
 * paragraph: each row under its header rows one cell across all columns
 * holding sentences (QK_BOXED_MIN characters or more, the last one
 * ended), no figures in a grid. Extract takes the rules of an editor's
 * note's box, with the running head's rule over it, for a table's
 * (chromium-mag-03 at 200 dpi p7: 2023年第11期 | P5 as its header row,
 * 编者话；今年以来，…供读者参阅。 the one cell under it, the note lost
 * from the article). Newly allocated; NULL otherwise. */
static char *boxed_text(const QkTable *t)
{
	if (t->rows <= t->header_rows)
		return NULL;
	GString *s = g_string_new(NULL);
	gboolean prose = TRUE;
	for (guint i = 0; i < t->cells->len && prose; i++) {
		const QkCell *c = g_ptr_array_index(t->cells, i);
		if (c->row < t->header_rows)
			continue;
		const char *x = qk_text_get(c->text);
		prose = c->colspan == t->cols && g_utf8_strlen(x, -1) >= QK_BOXED_MIN &&
		        qk_structure_ends_sentence(x);
		g_string_append(s, x);
	}
	return g_string_free(s, !prose || s->len == 0);
}

static void block_in(Seg *sg, const QkBlock *b)
{
	if (headline_read_twice(sg, b) || speck_block(sg, b) || letter_noise(sg, b))
		return;
	switch (b->role) {
	case QK_ROLE_FURNITURE:
		return; /* its section was read when the page began */
	case QK_ROLE_MASTHEAD:
	case QK_ROLE_TOC:
		return;
	case QK_ROLE_TABLE: {
		const QkTable *t = block_table(sg, b);
		char *boxed = t != NULL ? boxed_text(t) : NULL;
		const char *heading = t != NULL ? heading_over_table(t) : NULL;
		if (heading != NULL && sg->cur != NULL)
			add_para(sg, QK_PARA_HEADING, heading,
			         qk_structure_heading_level(heading));
		if (boxed != NULL && sg->cur == NULL) {
			QkPara *p = qk_para_new(QK_PARA_NOTE, boxed);
			p->page = sg->page->index;
			g_ptr_array_add(sg->pending, p);
		} else if (boxed != NULL) {
			add_para(sg, QK_PARA_NOTE, boxed, 0);
		}
		g_free(boxed);
		return;
	}
	default:
		break;
	}
	if (sg->section_changed) {
		sg->section_changed = FALSE;
		QkPara *prev = last_para(sg);
		gboolean goes_on = ((b->role == QK_ROLE_BODY ||
		                     b->role == QK_ROLE_OTHER) &&
		                    prev != NULL && prev->kind == QK_PARA_BODY &&
		                    !qk_structure_ends_sentence(prev->text->text)) ||
		                   next_numbered(sg, b) ||
		                   /* a kicker the page before stranded */
		                   (b->role == QK_ROLE_TITLE && sg->cur != NULL &&
		                    fresh(sg->cur) && sg->cur->art->title == NULL &&
		                    sg->cur->art->kicker != NULL);
		if (!goes_on && sg->cur != NULL) {
			sg->prev = sg->cur;
			sg->cur = NULL;
		}
	}
	char *raw = qk_block_text(b);
	char *text = take_markers(sg, raw);
	g_free(raw);
	char *marked = ocr_byline_mark(sg, b);
	if (marked != NULL) {
		g_free(text);
		text = marked;
	}
	if (*text == '\0') {
		g_free(text);
		return;
	}
	char *numbered = numeral_lost(sg, b, text);
	if (numbered != NULL) {
		g_free(text);
		text = numbered;
	}
	sg->eff_role = b->role == QK_ROLE_OTHER ? QK_ROLE_BODY : b->role;
	if (magazine(sg) && journal_block(sg, b, text)) {
		block_done(sg, b);
		g_free(text);
		return;
	}
	QkSegArticle *s = sg->cur;
	QkRole role = b->role;
	if (role == QK_ROLE_TITLE && qk_structure_collapsed_block(b))
		role = sg->eff_role = QK_ROLE_BODY;   /* a scan's stacked words */
	if (running_head_as_text(sg, b, text)) {
		g_free(text);
		return;
	}
	QkText **end = display_end_apart(sg, b, text);
	if (end != NULL) {
		append_text(end, text);
		if (end == &s->art->title) {
			sg->eff_role = QK_ROLE_TITLE;
			sg->title_block = b;
		} else {
			sg->eff_role = QK_ROLE_SUBTITLE;
		}
		block_done(sg, b);
		g_free(text);
		return;
	}
	if (heading_end_apart(sg, b, text)) {
		block_done(sg, b);
		g_free(text);
		return;
	}
	char *banner = banner_section(sg, b, text);
	const QkBlock *piece = banner == NULL ? row_piece(sg, b, FALSE, 1.0) : NULL;
	if (piece != NULL) {
		/* a banner OCR read in two pieces (本期特 | 稿) */
		const QkLine *rest = g_ptr_array_index(piece->lines, 0);
		char *whole = g_strconcat(text, rest->text, NULL);
		banner = banner_section(sg, b, whole);
		g_free(whole);
		if (banner != NULL)
			sg->k++;   /* the piece is read */
	}
	if (banner != NULL) {
		/* the section starts here, and with it the next article; an
		 * article the reading order has not finished goes on */
		g_free(sg->page_section);
		sg->page_section = banner;
		const QkBlock *n = next_content(sg);
		if (n != NULL && ((n->role == QK_ROLE_TITLE && !rows_read_as_one(sg, n)) ||
		                  n->role == QK_ROLE_KICKER)) {
			if (sg->cur != NULL)
				sg->prev = sg->cur;
			sg->cur = NULL;
			sg->last_role = QK_ROLE_OTHER;
		}
		g_free(text);
		return;
	}
	if ((role == QK_ROLE_BODY || role == QK_ROLE_OTHER) &&
	    beside_byline(sg, b, text)) {
		g_free(text);
		return;
	}
	if ((role == QK_ROLE_BODY || role == QK_ROLE_OTHER ||
	     (role == QK_ROLE_BYLINE && magazine(sg) &&
	      !qk_structure_parse_byline_w(sg->words, text, NULL)) ||
	     /* a kicker's size and weight read from ink as a sub-heading's
	      * (libreoffice-mag-10 at 200 dpi: 深化改革看成效 over its
	      * headline opened an untitled article) */
	     (role == QK_ROLE_HEADING && magazine(sg) &&
	      qk_structure_heading_level(text) == 0)) &&
	    (kicker_above(sg, b, text) || stranded_kicker(sg, b, text)))
		role = sg->eff_role = QK_ROLE_KICKER;
	const QkBlock *rest = role == QK_ROLE_TITLE ? headline_piece(sg, b) : NULL;
	if (rest != NULL) {
		/* the headline's line read whole */
		char *whole = g_strconcat(text, ((const QkLine *)g_ptr_array_index(rest->lines, 0))->text, NULL);
		g_free(text);
		text = whole;
		sg->k++;
	}
	if (role == QK_ROLE_TITLE && rows_read_as_one(sg, b))
		role = sg->eff_role = QK_ROLE_HEADING;
	if (role == QK_ROLE_HEADING && headline_as_heading(sg, b, text))
		role = sg->eff_role = QK_ROLE_TITLE;
	if (role == QK_ROLE_BYLINE && headline_as_byline(sg, b, text))
		role = sg->eff_role = QK_ROLE_TITLE;
	if ((role == QK_ROLE_HEADING && (sg->lead_open ||
	                                 qk_structure_is_lead_w(sg->words, text, NULL))) ||
	    (role == QK_ROLE_TITLE && lead_set_as_title(sg, text)))
		role = sg->eff_role = QK_ROLE_BODY;   /* 核心阅读 set as a heading,
		                                       * or its text after it; a
		                                       * lead box set as a title */
	char *notice = misread_notice(sg, b, text);
	if (notice != NULL) {
		g_free(text);
		text = notice;
	}
	if (b->lines->len == 1 && qk_structure_is_notice_w(sg->words, text) &&
	    next_content(sg) == NULL && s != NULL &&
	    (!fresh(s) || s->art->title != NULL) &&
	    (s->art->title == NULL ||
	     !in_toc(sg, qk_text_get(s->art->title)))) {
		/* a label closing the page's last item (公益广告): the item
		 * is a notice, the label no text of it */
		s->art->kind = QK_ITEM_NOTICE;
		g_free(text);
		return;
	}
	if (((role != QK_ROLE_BODY && role != QK_ROLE_OTHER && b->lines->len == 1 &&
	      qk_structure_is_notice_w(sg->words, text)) ||
	     (role == QK_ROLE_BODY && notice_head_at_text_size(sg, b, text))) &&
	    !in_toc(sg, text)) {
		/* 征稿启事 set as a heading: an item of its own */
		s = new_article(sg);
		s->art->kind = QK_ITEM_NOTICE;
		set_text(&s->art->title, text);
		sg->title_block = b;
		sg->title_page = sg->page->index;
		sg->last_role = QK_ROLE_TITLE;
		sg->last_block = b;
		sg->last_block_page = sg->page->index;
		g_free(text);
		return;
	}
	if (role == QK_ROLE_BODY && b->lines->len == 1 &&
	    g_utf8_strlen(text, -1) <= 40 && !qk_structure_ends_sentence(text) &&
	    qk_structure_heading_level(text) == 0 && magazine(sg) &&
	    title_of_next_table(sg, text)) {
		g_free(text);
		return;
	}
	if ((role == QK_ROLE_BODY || role == QK_ROLE_TITLE ||
	     (role == QK_ROLE_HEADING && sg->page->ocr_dpi > 0)) && magazine(sg) &&
	    pull_quote(sg, b, text, role == QK_ROLE_HEADING)) {
		g_free(text);
		return;
	}
	if ((role == QK_ROLE_BODY || role == QK_ROLE_OTHER ||
	     (role == QK_ROLE_HEADING && qk_structure_heading_level(text) == 0)) &&
	    note_goes_on(sg, b)) {
		/* a lead box's last line the layout set apart */
		join_last(sg, text);
		sg->last_block = b;
		g_free(text);
		return;
	}
	if (((role == QK_ROLE_BODY || role == QK_ROLE_OTHER) ||
	     (role == QK_ROLE_HEADING && heading_over_text_above(sg, b))) &&
	    above_headline(sg, b)) {
		/* text printed above the current headline, which the reading
		 * order put after it: the article before goes on there, with
		 * a sub-heading over such text */
		QkSegArticle *keep = sg->cur;
		QkRole keep_role = sg->last_role;
		const QkBlock *keep_block = sg->last_block;
		sg->cur = sg->prev;
		sg->last_role = QK_ROLE_BODY;
		sg->last_block = NULL;
		if (role == QK_ROLE_HEADING) {
			int level = qk_structure_heading_level(text);
			add_para(sg, QK_PARA_HEADING, text, level > 0 ? level : 1);
		} else {
			body_block(sg, b, text);
		}
		sg->cur = keep;
		sg->last_role = keep_role;
		sg->last_block = keep_block;
		g_free(text);
		return;
	}
	switch (role) {
	case QK_ROLE_KICKER:
		if (label_only(sg, s, next_content(sg)))
			title_to_section(sg, s);
		if (!(fresh(s) && s->art->title == NULL))
			s = new_article(sg);
		append_text(&s->art->kicker, text);
		break;
	case QK_ROLE_TITLE:
		if (sg->page->ocr_dpi > 0)
			qk_structure_drop_bar(text);
		if (sg->page->ocr_dpi > 0 && g_utf8_strlen(text, -1) == 1 &&
		    !(s != NULL && fresh(s) && s->art->title != NULL &&
		      sg->last_role == QK_ROLE_TITLE &&
		      stacked(sg->page, sg->last_block, b))) {
			/* on a scan, one letter read large and alone (a speck
			 * on a banner's row read 到, libreoffice-mag-10 at 200
			 * dpi) is no headline: a headline's last letter
			 * wrapped alone under it stays the headline's */
			break;
		}
		if (s != NULL && s->art->title != NULL && !fresh(s) &&
		    g_utf8_strlen(text, -1) == 1) {
			/* one letter set large inside an article (a formula's
			 * ∏ read as 仪): no headline (证书, two, may be one) */
			body_block(sg, b, text);
			break;
		}
		if (s != NULL && s->art->title != NULL &&
		    (qk_structure_ends_sentence(text) || sentence_end_below(sg, b))) {
			/* a sentence set large: a lead or a slogan's text, not
			 * another headline */
			body_block(sg, b, text);
			break;
		}
		if (s != NULL && s->art->title != NULL &&
		    qk_structure_heading_level(text) > 0 && !fresh(s)) {
			/* 一、引言 set large: a heading inside the article */
			add_para(sg, QK_PARA_HEADING, text,
			         qk_structure_heading_level(text));
			sg->eff_role = QK_ROLE_HEADING;
			break;
		}
		if (fresh(s) && s->art->title != NULL && s->art->byline == NULL &&
		    names_block(sg, b)) {
			sg->eff_role = QK_ROLE_BYLINE; /* authors set large */
			break;
		}
		if (fresh(s) && s->art->title != NULL &&
		    sg->last_role == QK_ROLE_TITLE &&
		    stacked(sg->page, sg->last_block, b) &&
		    small_under_headline(sg, b)) {
			body_block(sg, b, text);
			break;
		}
		if (fresh(s) && s->art->title != NULL &&
		    sg->last_role == QK_ROLE_TITLE &&
		    stacked(sg->page, sg->last_block, b)) {
			append_text(&s->art->title, text); /* two-line headline */
		} else if (fresh(s) && s->art->title == NULL &&
		           s->art->byline == NULL) {
			set_text(&s->art->title, text);
		} else if (label_only(sg, s, b)) {
			title_to_section(sg, s);
			set_text(&s->art->title, text);
		} else {
			s = new_article(sg);
			set_text(&s->art->title, text);
		}
		sg->title_block = b;
		sg->title_page = sg->page->index;
		note_page(sg);
		break;
	case QK_ROLE_SUBTITLE: {
		/* on a scan, a subtitle read as its dash alone, its words the
		 * next block on its row (magazine-2023-01 at 300 dpi p9: —— |
		 * 朔州峙峪遗址的历史价值, 1.4 ems apart): the row is the subtitle */
		const QkBlock *rest = subtitle_dash(sg, text) == strlen(text)
		                      ? row_piece(sg, b, TRUE, 2.0) : NULL;
		if (!subtitle_block(sg, b, text, TRUE))
			add_para(sg, QK_PARA_BODY, text, 0);
		else if (rest != NULL) {
			append_text(&sg->cur->art->subtitle,
			            ((const QkLine *)g_ptr_array_index(rest->lines, 0))->text);
			sg->k++;
		}
		break;
	}
	case QK_ROLE_BYLINE: {
		char *whole = byline_row(sg, b, text);
		byline_block(sg, b, whole ? whole : text);
		if (whole != NULL)
			sg->k++;   /* the row's rest is read */
		g_free(whole);
		break;
	}
	case QK_ROLE_HEADING: {
		/* a subtitle the layout took for a heading (its dash misread) */
		if (subtitle_block(sg, b, text, FALSE))
			break;
		if (fresh(s) && s->art->title != NULL && s->art->byline == NULL &&
		    b->lines->len == 1) {
			/* a byline set like a heading under the title */
			GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
			gboolean by = qk_structure_heading_level(text) == 0 &&
			              qk_structure_parse_byline_w(sg->words, text, names) &&
			              names->len > 0 && !dateline_next(sg);
			g_ptr_array_free(names, TRUE);
			if (by) {
				byline_block(sg, b, text);
				sg->eff_role = QK_ROLE_BYLINE;
				break;
			}
		}
		int level = qk_structure_heading_level(text);
		add_para(sg, QK_PARA_HEADING, text, level > 0 ? level : 1);
		break;
	}
	case QK_ROLE_NOTE:
	case QK_ROLE_CAPTION:
		/* a photo or an editor's note above the headline belongs to
		 * the article that follows */
		if (sg->cur == NULL) {
			QkPara *p = qk_para_new(b->role == QK_ROLE_NOTE
			                        ? QK_PARA_NOTE : QK_PARA_CAPTION,
			                        text);
			p->page = sg->page->index;
			g_ptr_array_add(sg->pending, p);
		} else if (b->role == QK_ROLE_CAPTION && caption_head(sg, b)) {
			/* its first line, without the credit, set as text */
			join_last(sg, text)->kind = QK_PARA_CAPTION;
		} else {
			add_para(sg, b->role == QK_ROLE_NOTE ? QK_PARA_NOTE
			             : QK_PARA_CAPTION, text, 0);
		}
		break;
	case QK_ROLE_SOURCE:
		if (sg->cur != NULL)
			add_para(sg, QK_PARA_SOURCE, text, 0);
		break;
	case QK_ROLE_CONTINUATION:
		break; /* markers taken above */
	case QK_ROLE_OTHER:
		/* unclassified text (a table's title, say) joins an article
		 * already under way but never starts one */
		if (sg->cur != NULL && !before_table(sg, b))
			body_block(sg, b, text);
		break;
	default:
		body_block(sg, b, text);
		break;
	}
	if (sg->eff_role == QK_ROLE_BYLINE && sg->cur != NULL &&
	    sg->cur->art->byline != NULL) {
		sg->byline_block = b;
		sg->byline_of = sg->cur;
		sg->byline_page = sg->page->index;
	}
	block_done(sg, b);
	g_free(text);
}

/* A block, then the 下转 markers it held as jump paragraphs after its
 * text (where the part ends). */
static void block(Seg *sg, const QkBlock *b)
{
	gboolean waiting = sg->held != NULL;
	block_in(sg, b);
	if (waiting)
		flush_held(sg);
	QkSegArticle *to = sg->cur;
	if (sg->jumps->len > 0 && fresh(to) && to->cont_from == NULL &&
	    sg->prev != NULL && sg->prev != to) {
		/* a 转第N页 line alone, read after a headline before any of
		 * its text (set above it, at a column's top): it ends the
		 * part before, and cannot end an article not yet begun */
		g_free(sg->prev->cont_to);
		sg->prev->cont_to = to->cont_to;
		to->cont_to = NULL;
		to = sg->prev;
	}
	for (guint i = 0; i < sg->jumps->len && to != NULL; i++) {
		QkPara *p = qk_para_new(QK_PARA_JUMP, g_ptr_array_index(sg->jumps, i));
		p->page = sg->page->index;
		g_ptr_array_add(to->art->paras, p);
	}
	g_ptr_array_set_size(sg->jumps, 0);
}

/* A running head that prints the periodical's own name (晋北发展研究 on
 * every page) names no section. A scan misreads one character of it now
 * and then (闭州调研, 最州调研 for 朔州调研; 骏干河经济 for 桑干河经济):
 * on a page read with OCR, a head that shares all but one in four of its
 * characters with the name (similarity 0.75: three of four, four of five)
 * is the name too, not a section that would end the article under way at
 * the page's top. Printed text is not misread: there the name is exact. */
static gboolean periodical_name(const QkIssue *issue, const QkPage *page,
                                const char *name)
{
	if (issue->meta.title == NULL)
		return FALSE;
	char *a = qk_structure_squeeze(issue->meta.title);
	char *b = qk_structure_squeeze(name);
	gboolean same = strcmp(a, b) == 0 ||
	                (page->ocr_dpi > 0 &&
	                 qk_structure_title_similarity(a, b) >= 0.75);
	g_free(a);
	g_free(b);
	return same;
}

/* The most letters a region without headline may hold and be only
 * display words, no item */
#define QK_DISPLAY_WORDS 12

/* Whether the paragraphs of a hold at most QK_DISPLAY_WORDS letters and
 * no sentence. */
static gboolean display_words_only(const QkArticle *a)
{
	glong n = 0;
	for (guint i = 0; i < a->paras->len && n <= QK_DISPLAY_WORDS; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		char *t = qk_structure_squeeze(p->text->text);
		n += qk_structure_ends_sentence(t) ? QK_DISPLAY_WORDS + 1 : g_utf8_strlen(t, -1);
		g_free(t);
	}
	return n <= QK_DISPLAY_WORDS;
}

/* A region without headline (a 导读 or weather box, an advert) holds no
 * article: what it opened untitled is a notice, unless it goes on from
 * another 版 (上接) — or holds no item at all when it is a few display
 * words, no sentence (newspaper-2023-10-31 at 200 dpi: the masthead's
 * 中共朔州市委机关报 set apart from it, p4's section label 绿色发展 with
 * specks read 首, 州 beside it: two notices of nothing); its text is
 * dropped and the article, empty, with it (qk_structure_segment). */
static void end_region(Seg *sg)
{
	for (guint i = MAX(sg->headless_from, 0);
	     sg->headless_from >= 0 && i < sg->segs->len; i++) {
		QkSegArticle *s = g_ptr_array_index(sg->segs, i);
		if (s->art->title != NULL || s->cont_from != NULL)
			continue;
		s->art->kind = QK_ITEM_NOTICE;
		if (s->art->kicker == NULL && s->art->byline == NULL &&
		    s->art->subtitle == NULL && s->cont_to == NULL &&
		    display_words_only(s->art))
			g_ptr_array_set_size(s->art->paras, 0);
	}
	sg->headless_from = -1;
	sg->head_block = NULL;   /* its paragraphs may be gone */
}

/* A newspaper page is read region by region: each opens a new item. */
static void region_blocks(Seg *sg, const QkRegions *rg)
{
	for (sg->k = 0; sg->k < sg->blocks->len; sg->k++) {
		if (g_array_index(rg->opens, gboolean, sg->k)) {
			end_region(sg);
			sg->cur = NULL;
			sg->last_role = QK_ROLE_OTHER;
			if (g_array_index(rg->headless, gboolean, sg->k))
				sg->headless_from = (gint)sg->segs->len;
		}
		block(sg, g_ptr_array_index(sg->blocks, sg->k));
	}
	end_region(sg);
}

GPtrArray *qk_structure_segment(QkIssue *issue, const gboolean *skip_page,
                                QkRegions **regions)
{
	struct BodySize body = { NULL, 0 };
	Seg sg = { 0 };
	sg.body = &body;
	sg.issue = issue;
	sg.words = qk_structure_words();
	sg.journal = -1;
	sg.segs = g_ptr_array_new_with_free_func(
		(GDestroyNotify)qk_structure_seg_free);
	sg.pending = g_ptr_array_new_with_free_func((GDestroyNotify)qk_para_free);
	sg.jumps = g_ptr_array_new_with_free_func(g_free);
	sg.toc_titles = qk_title_index_new();
	sg.toc_secs = g_ptr_array_new();
	sg.toc_names = g_hash_table_new(g_str_hash, g_str_equal);
	sg.hits = g_array_new(FALSE, FALSE, sizeof(QkTitleHit));
	for (guint i = 0; i < issue->toc->len; i++) {
		QkTocSection *sec = g_ptr_array_index(issue->toc, i);
		if (sec->name != NULL)
			g_hash_table_add(sg.toc_names, sec->name);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			qk_title_index_add(sg.toc_titles, e->title);
			g_ptr_array_add(sg.toc_secs, sec);
		}
	}
	for (guint i = 0; i < issue->pages->len; i++) {
		QkPage *pg = g_ptr_array_index(issue->pages, i);
		if (skip_page != NULL && skip_page[i]) {
			sg.cur = NULL;
			continue;
		}
		flush_held(&sg);
		sg.page = pg;
		g_free(sg.page_section);
		sg.page_section = NULL;
		/* the running head names the page's section before any text */
		for (guint k = 0; k < pg->blocks->len && !sg.page_section; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			if (b->role == QK_ROLE_FURNITURE)
				sg.page_section = furniture_section(b);
			if (sg.page_section && periodical_name(issue, pg, sg.page_section))
				g_clear_pointer(&sg.page_section, g_free);
		}
		/* a page of another section does not continue the article,
		 * unless its first text finishes the article's last sentence
		 * (decided at that block) */
		sg.section_changed = sg.cur != NULL && sg.page_section != NULL &&
		                     sg.cur->art->section != NULL &&
		                     strcmp(sg.cur->art->section,
		                            sg.page_section) != 0;
		/* a head naming the section in force at the page's top (LaTeX's
		 * marks) names the page before's when an article began there:
		 * the TOC says which section the article under way is in */
		if (sg.section_changed && sg.cur->art->title != NULL) {
			const char *listed = toc_section_of(&sg,
			                                    qk_text_get(sg.cur->art->title));
			sg.section_changed = listed == NULL ||
			                     strcmp(listed, sg.page_section) != 0;
		}
		sg.headless_from = -1;
		QkRegions *rg = regions != NULL ? g_steal_pointer(&regions[i])
		                : issue->meta.kind == QK_KIND_NEWSPAPER
		                ? qk_structure_regions(pg, sg.words) : NULL;
		if (rg != NULL) {
			sg.blocks = rg->blocks;
			sg.opens = rg->opens;
			region_blocks(&sg, rg);
			qk_structure_regions_free(rg);
			sg.opens = NULL;
			continue;
		}
		qk_structure_ocr_page(pg);
		sg.blocks = pg->blocks;
		for (sg.k = 0; sg.k < pg->blocks->len; sg.k++)
			block(&sg, g_ptr_array_index(pg->blocks, sg.k));
	}
	flush_held(&sg);
	if (sg.cur != NULL)
		while (sg.pending->len > 0)
			g_ptr_array_add(sg.cur->art->paras,
			                g_ptr_array_steal_index(sg.pending, 0));
	/* an article that got nothing but a kicker (a running head the
	 * layout took for one, over a headline that opened another item:
	 * libreoffice-mag-58 at 200 dpi p3, 右玉生态与发展 over a banner and
	 * a headline; libreoffice-mag-60 p10, over a 征稿启事) is no item */
	for (guint i = sg.segs->len; i-- > 0;) {
		const QkSegArticle *s = g_ptr_array_index(sg.segs, i);
		const QkArticle *a = s->art;
		if (a->title == NULL && a->subtitle == NULL && a->byline == NULL &&
		    a->authors->len == 0 && a->paras->len == 0 &&
		    s->cont_to == NULL && s->cont_from == NULL)
			g_ptr_array_remove_index(sg.segs, i);
	}
	if (sg.journal > 0)
		for (guint i = 0; i < sg.segs->len; i++) {
			QkArticle *a = ((QkSegArticle *)g_ptr_array_index(sg.segs, i))->art;
			if (a->title != NULL)
				qk_structure_journal_unmark(a->title->text);
		}
	g_free(sg.page_section);
	g_ptr_array_free(sg.pending, TRUE);
	g_ptr_array_free(sg.jumps, TRUE);
	qk_title_index_free(sg.toc_titles);
	g_ptr_array_free(sg.toc_secs, TRUE);
	g_hash_table_unref(sg.toc_names);
	g_array_free(sg.hits, TRUE);
	return sg.segs;
}
