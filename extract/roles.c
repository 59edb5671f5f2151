/*
 * roles.c — block roles from size relative to the issue's body size (the
 * most common size by glyph count), weight, position and text patterns.
 *
 * Order of decisions for a block that is not furniture or a table:
 *   TOC page (a 目录 title on it)         → toc
 *   cover / imprint page (pages 1–3: a nameplate or imprint lines, no
 *   running text: no long block, at most 300 characters of body-size
 *   text outside imprint lines, no TOC box's title, 本期要目) → masthead
 *   (下转第2版) (上接第1版)                 → continuation
 *   编者按 / 编者话                         → note
 *   文章来源：/ 资料来源：                   → source
 *   … 摄 / 图：                            → caption (short)
 *   imprint lines (CN, 主办, 编辑委员会 …) → masthead; a huge block at the
 *                                            top of page 1 also (nameplate)
 *   a display line at the top of page 1 right over an issue line
 *   (第11期（总第159期）…), short and the page's largest → masthead
 *   —— …  right after a title              → subtitle
 *   a short row of names (or …研究中心) right after a title → byline
 *   a short numbered line (一、引言)         → heading
 *   size ≥ 1.35 × body                      → title
 *   本报记者 / 文/ … (short), or a short row
 *   of names right after a title           → byline
 *   short, bold or larger, or 一、（一）     → heading
 *   otherwise                               → body
 * Then a smaller display line directly above a title is its kicker, and on
 * newspaper pages the articles are put in the order of their headlines.
 */
#include <string.h>
#include "layout.h"

/* 1–4 character Han names separated by spaces (石永杰 宋旭 陈萍), read
 * as structure reads names (data/bylines.tsv): a four-character run opens
 * with a compound surname (欧阳) or is two names each opening with a
 * surname (姜东梁妮), a name spaced out to two one-character
 * runs (王 虎) with a surname; a headline of four-character phrases
 * (稳中承压 蓄势待发, 简讯两则) or a letter-spaced one (破 题) is no row of
 * names. */
static gboolean is_name_row(const QkPatterns *pats, const char *text)
{
	char **runs = g_strsplit_set(text, " ", -1);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = TRUE;
	for (int i = 0; runs[i] && ok; i++) {
		/* full-width spaces part names too */
		char **sub = g_strsplit(runs[i], "\u3000", -1);
		for (int j = 0; sub[j]; j++)
			if (*sub[j])
				g_ptr_array_add(names, g_strdup(sub[j]));
		g_strfreev(sub);
	}
	g_strfreev(runs);
	for (guint i = 0; i < names->len && ok; i++) {
		const char *r = g_ptr_array_index(names, i);
		glong n = 0;
		for (const char *s = r; *s && ok; s = g_utf8_next_char(s), n++) {
			gunichar c = g_utf8_get_char(s);
			ok = c >= 0x4E00 && c <= 0x9FFF;
		}
		if (!ok || n > 4)
			ok = FALSE;
		else if (n == 4)
			/* a compound surname, or two names printed together
			 * (姜东梁妮), each opening with a surname */
			ok = qk_pat_surname_at(pats, r) > 3 ||
			     (qk_pat_surname_at(pats, r) > 0 &&
			      qk_pat_surname_at(pats, g_utf8_offset_to_pointer(r, 2)) > 0);
		else if (n == 1) {
			/* one name spaced out: a surname, then one character */
			const char *u = i + 1 < names->len ? g_ptr_array_index(names, i + 1) : "";
			ok = g_utf8_strlen(u, -1) == 1 && qk_pat_surname_at(pats, r) > 0;
			i++;
		}
	}
	ok = ok && names->len >= 1;
	g_ptr_array_free(names, TRUE);
	return ok;
}

static gboolean page_is_toc(QkPage *page, QkPatterns *pats)
{
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role == QK_ROLE_FURNITURE || blk->lines->len > 2)
			continue;
		char *t = qk_block_text(blk);
		gboolean toc = qk_pat_match(pats, QK_PAT_TOC_TITLE, t, NULL);
		g_free(t);
		if (toc)
			return TRUE;
	}
	return FALSE;
}

static double largest_size(QkPage *page)
{
	double m = 0;
	for (guint b = 0; b < page->blocks->len; b++)
		m = MAX(m, ((QkBlock *)g_ptr_array_index(page->blocks, b))->size);
	return m;
}

static QkRole role_of(QkPage *page, QkBlock *blk, QkBlock *prev, double body,
                      QkPatterns *pats)
{
	char *text = qk_block_text(blk);
	glong len = g_utf8_strlen(text, -1);
	double rel = body > 0 ? blk->size / body : 1;
	QkRole prev_role = prev ? prev->role : QK_ROLE_OTHER;
	QkRole r = QK_ROLE_BODY;
	if (qk_pat_match(pats, QK_PAT_CONTINUATION, text, NULL))
		r = QK_ROLE_CONTINUATION;
	else if (qk_pat_match(pats, QK_PAT_NOTE, text, NULL))
		r = QK_ROLE_NOTE;
	else if (len <= 200 && qk_pat_match(pats, QK_PAT_SOURCE, text, NULL))
		r = QK_ROLE_SOURCE;
	else if (len <= 150 && qk_pat_match(pats, QK_PAT_CAPTION, text, NULL))
		r = QK_ROLE_CAPTION;
	else if (len <= 80 && qk_pat_match(pats, QK_PAT_MASTHEAD, text, NULL))
		r = QK_ROLE_MASTHEAD;
	else if (page->index == 1 && rel >= 2.5 && blk->bbox.y1 < 0.2 * page->height &&
	         len <= 8 && blk->size >= largest_size(page))
		r = QK_ROLE_MASTHEAD;
	else if (len <= 60 && qk_pat_match(pats, QK_PAT_SUBTITLE, text, NULL) &&
	         (prev_role == QK_ROLE_TITLE || rel >= 1.1))
		r = QK_ROLE_SUBTITLE;
	else if (len <= 24 && (prev_role == QK_ROLE_TITLE || prev_role == QK_ROLE_SUBTITLE) &&
	         (is_name_row(pats, text) || qk_pat_match(pats, QK_PAT_ORG_AUTHOR, text, NULL)))
		r = QK_ROLE_BYLINE;
	else if (len <= 20 && qk_pat_match(pats, QK_PAT_HEADNUM, text, NULL))
		r = QK_ROLE_HEADING;
	else if (rel >= 1.35 && len <= 80)
		r = QK_ROLE_TITLE;
	else if (len <= 40 && qk_pat_match(pats, QK_PAT_BYLINE, text, NULL))
		r = QK_ROLE_BYLINE;
	else if (len <= 24 && (prev_role == QK_ROLE_TITLE || prev_role == QK_ROLE_SUBTITLE) &&
	         is_name_row(pats, text))
		r = QK_ROLE_BYLINE;
	else if (len <= 40 && blk->lines->len <= 2 && !g_str_has_suffix(text, "。") &&
	         (blk->bold || rel >= 1.1 ||
	          (len <= 30 && qk_pat_match(pats, QK_PAT_HEADNUM, text, NULL))))
		r = QK_ROLE_HEADING;
	g_free(text);
	return r;
}

/* A magazine cover or imprint page: few short blocks, no running text, and
 * a nameplate (a huge line on the first page) or imprint lines (主管, 主办,
 * 编辑委员会 …). Every block on it is masthead. A letter's first page under
 * its nameplate prints a TOC box (本期要目) and the first article's head,
 * whose text may start overleaf: a TOC box's title makes a page no cover. */
static gboolean page_is_masthead(QkPage *page, double body, QkPatterns *pats)
{
	if (page->index > 3)
		return FALSE;
	int text_blocks = 0;
	glong running = 0;   /* characters of body-size text, imprint aside */
	gboolean nameplate = FALSE, imprint = FALSE;
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role == QK_ROLE_FURNITURE || blk->role == QK_ROLE_TABLE)
			continue;
		char *t = qk_block_text(blk);
		glong len = g_utf8_strlen(t, -1);
		gboolean stated = qk_pat_match(pats, QK_PAT_MASTHEAD, t, NULL);
		/* the box's title on its own line, maybe in one block with
		 * the first section's name */
		const QkLine *l0 = blk->lines->len ? g_ptr_array_index(blk->lines, 0) : NULL;
		if (l0 && qk_pat_match(pats, QK_PAT_TOC_BOX, l0->text, NULL)) {
			g_free(t);
			return FALSE;
		}
		if (blk->size <= 1.05 * body && !stated)
			running += len;
		/* running text means an article page, not a cover — also
		 * when the layout kept its lines in blocks of their own */
		if (len > 120 || running > 300 ||
		    (blk->lines->len >= 3 && blk->size <= 1.05 * body &&
		     len > 60 && !stated)) {
			g_free(t);
			return FALSE;
		}
		text_blocks++;
		if (page->index == 1 && blk->size >= 2.5 * body && len <= 12 &&
		    blk->bbox.y1 < 0.4 * page->height)
			nameplate = TRUE;
		if (stated)
			imprint = TRUE;
		g_free(t);
	}
	return text_blocks > 0 && text_blocks <= 30 && (nameplate || imprint);
}

/* A nameplate over its issue line: on page 1, a short display line in the
 * top fifth, the page's largest, right over a block stated as masthead
 * (第11期（总第159期）…, 主办：…). A 简报 set at 14 pt prints its 30 pt
 * nameplate at 2.1 times the body, under the 2.5 that makes one alone. */
static void nameplate_over_issue_line(QkPage *page, QkPatterns *pats)
{
	if (page->index != 1)
		return;
	QkBlock *prev = NULL;
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role == QK_ROLE_FURNITURE)
			continue;
		if (prev != NULL && prev->role == QK_ROLE_TITLE && blk->role == QK_ROLE_MASTHEAD &&
		    prev->bbox.y1 < 0.2 * page->height && prev->size >= largest_size(page) &&
		    blk->bbox.y0 >= prev->bbox.y1 - 1 &&
		    blk->bbox.y0 - prev->bbox.y1 < 2 * prev->size) {
			char *t = qk_block_text(prev), *u = qk_block_text(blk);
			if (g_utf8_strlen(t, -1) <= 8 && qk_pat_match(pats, QK_PAT_MASTHEAD, u, NULL))
				prev->role = QK_ROLE_MASTHEAD;
			g_free(t);
			g_free(u);
		}
		prev = blk;
	}
}

typedef struct {
	guint start, end;    /* blocks [start, end) */
	double y, x;         /* top-left of its headline */
	gboolean lead;       /* text before the first headline: stays first */
	guint order;         /* position before sorting */
} Segment;

static int cmp_segment(const void *a, const void *b)
{
	const Segment *sa = a, *sb = b;
	if (sa->lead != sb->lead)
		return sa->lead ? -1 : 1;
	if (!sa->lead && (sa->y + 2 < sb->y || sb->y + 2 < sa->y))
		return sa->y < sb->y ? -1 : 1;
	if (!sa->lead && sa->x != sb->x)
		return sa->x < sb->x ? -1 : 1;
	return sa->order < sb->order ? -1 : sa->order > sb->order;
}

static gboolean starts_headline(const QkBlock *blk, const QkBlock *prev)
{
	if (blk->role == QK_ROLE_KICKER)
		return TRUE;
	return blk->role == QK_ROLE_TITLE &&
	       !(prev && (prev->role == QK_ROLE_KICKER || prev->role == QK_ROLE_TITLE));
}

/* On a newspaper page (one with an edition header) several articles stand
 * side by side; the columns read the left group of them first, but a
 * reader takes them by their headlines, top to bottom, then left to right.
 * Each article (its kicker and title, and everything up to the next
 * headline) keeps its inner order; furniture keeps its place. */
static void order_articles(QkPage *page)
{
	gboolean newspaper = FALSE;
	for (guint b = 0; b < page->blocks->len && !newspaper; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		newspaper = blk->role == QK_ROLE_FURNITURE && blk->furniture &&
		            !strcmp(blk->furniture, "edition-header");
	}
	if (!newspaper)
		return;
	guint first = 0, last = page->blocks->len;
	while (first < last &&
	       ((QkBlock *)g_ptr_array_index(page->blocks, first))->role == QK_ROLE_FURNITURE)
		first++;
	while (last > first &&
	       ((QkBlock *)g_ptr_array_index(page->blocks, last - 1))->role == QK_ROLE_FURNITURE)
		last--;
	GArray *segs = g_array_new(FALSE, TRUE, sizeof(Segment));
	Segment cur = { first, first, 0, 0, TRUE, 0 };
	for (guint b = first; b < last; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		QkBlock *prev = b > first ? g_ptr_array_index(page->blocks, b - 1) : NULL;
		if (!starts_headline(blk, prev))
			continue;
		if (b > cur.start) {
			cur.end = b;
			g_array_append_val(segs, cur);
		}
		cur.start = b;
		cur.y = blk->bbox.y0;
		cur.x = blk->bbox.x0;
		cur.lead = FALSE;
	}
	cur.end = last;
	if (cur.end > cur.start)
		g_array_append_val(segs, cur);
	if (segs->len > 1) {
		for (guint i = 0; i < segs->len; i++)
			g_array_index(segs, Segment, i).order = i;
		qsort(segs->data, segs->len, sizeof(Segment), cmp_segment);
		GPtrArray *sorted = g_ptr_array_sized_new(page->blocks->len);
		for (guint b = 0; b < first; b++)
			g_ptr_array_add(sorted, g_ptr_array_index(page->blocks, b));
		for (guint i = 0; i < segs->len; i++) {
			Segment *sg = &g_array_index(segs, Segment, i);
			for (guint b = sg->start; b < sg->end; b++)
				g_ptr_array_add(sorted, g_ptr_array_index(page->blocks, b));
		}
		for (guint b = last; b < page->blocks->len; b++)
			g_ptr_array_add(sorted, g_ptr_array_index(page->blocks, b));
		g_assert(sorted->len == page->blocks->len);
		memcpy(page->blocks->pdata, sorted->pdata, sizeof(gpointer) * sorted->len);
		g_ptr_array_free(sorted, TRUE);
		qk_layout_number_blocks(page);
	}
	g_array_free(segs, TRUE);
}

void qk_layout_roles(QkIssue *issue, double body, QkPatterns *pats)
{
	for (guint p = 0; p < issue->pages->len; p++)
		qk_layout_page_roles(g_ptr_array_index(issue->pages, p), body, pats);
}

void qk_layout_page_roles(QkPage *page, double body, QkPatterns *pats)
{
	gboolean toc = page_is_toc(page, pats);
	if (!toc && page_is_masthead(page, body, pats)) {
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			if (blk->role != QK_ROLE_FURNITURE && blk->role != QK_ROLE_TABLE) {
				blk->role = QK_ROLE_MASTHEAD;
				blk->column = -1;  /* a cover is not set in columns */
			}
		}
		return;
	}
	QkBlock *prev = NULL;
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role == QK_ROLE_FURNITURE || blk->role == QK_ROLE_TABLE)
			continue;
		blk->role = toc ? QK_ROLE_TOC : role_of(page, blk, prev, body, pats);
		prev = blk;
	}
	if (toc)
		return;
	nameplate_over_issue_line(page, pats);
	/* kicker: a smaller display line right above a title */
	for (guint b = 0; b + 1 < page->blocks->len; b++) {
		QkBlock *k = g_ptr_array_index(page->blocks, b);
		QkBlock *t = g_ptr_array_index(page->blocks, b + 1);
		if (t->role == QK_ROLE_TITLE && k->lines->len <= 2 &&
		    (k->role == QK_ROLE_HEADING || k->role == QK_ROLE_TITLE) &&
		    k->size < 0.9 * t->size && k->size >= 1.05 * body &&
		    k->bbox.y1 <= t->bbox.y0 + 1)
			k->role = QK_ROLE_KICKER;
	}
	order_articles(page);
}
