/*
 * roles.c — block roles from size relative to the issue's body size (the
 * most common size by glyph count), weight, position and text patterns.
 *
 * Order of decisions for a block that is not furniture or a table:
 *   TOC page (a 目录 title on it)         → toc
 *   cover / imprint page (pages 1–3: a nameplate or imprint lines, no
 *   running text)                          → masthead
 *   (下转第2版) (上接第1版)                 → continuation
 *   编者按 / 编者话                         → note
 *   文章来源：/ 资料来源：                   → source
 *   … 摄 / 图：                            → caption (short)
 *   imprint lines (CN, 主办, 编辑委员会 …) → masthead; a huge block at the
 *                                            top of page 1 also (nameplate)
 *   —— …  right after a title              → subtitle
 *   size ≥ 1.35 × body                      → title
 *   本报记者 / 文/ … (short), or a short row
 *   of names right after a title           → byline
 *   short, bold or larger, or 一、（一）     → heading
 *   otherwise                               → body
 * Then a smaller display line directly above a title is its kicker.
 */
#include <string.h>
#include "layout.h"

static gboolean is_name_row(const char *text)
{
	/* 2–4 character CJK names separated by spaces: 石永杰 宋旭 陈萍 */
	char **parts = g_strsplit_set(text, " \u3000", -1);
	int names = 0;
	gboolean ok = TRUE;
	for (int i = 0; parts[i] && ok; i++) {
		if (!*parts[i])
			continue;
		glong len = g_utf8_strlen(parts[i], -1);
		if (len < 1 || len > 4) {
			ok = FALSE;
			break;
		}
		for (const char *s = parts[i]; *s; s = g_utf8_next_char(s)) {
			gunichar c = g_utf8_get_char(s);
			if (!(c >= 0x4E00 && c <= 0x9FFF))
				ok = FALSE;
		}
		names++;
	}
	g_strfreev(parts);
	return ok && names >= 1;
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
	else if (page->index == 1 && rel >= 2.5 && blk->bbox.y1 < 0.3 * page->height &&
	         len <= 12 && blk->size >= largest_size(page))
		r = QK_ROLE_MASTHEAD;
	else if (len <= 60 && qk_pat_match(pats, QK_PAT_SUBTITLE, text, NULL) &&
	         (prev_role == QK_ROLE_TITLE || rel >= 1.1))
		r = QK_ROLE_SUBTITLE;
	else if (rel >= 1.35 && len <= 80)
		r = QK_ROLE_TITLE;
	else if (len <= 40 && qk_pat_match(pats, QK_PAT_BYLINE, text, NULL))
		r = QK_ROLE_BYLINE;
	else if (len <= 24 && (prev_role == QK_ROLE_TITLE || prev_role == QK_ROLE_SUBTITLE) &&
	         is_name_row(text))
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
 * 编辑委员会 …). Every block on it is masthead. */
static gboolean page_is_masthead(QkPage *page, double body, QkPatterns *pats)
{
	if (page->index > 3)
		return FALSE;
	int text_blocks = 0;
	gboolean nameplate = FALSE, imprint = FALSE;
	for (guint b = 0; b < page->blocks->len; b++) {
		QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role == QK_ROLE_FURNITURE || blk->role == QK_ROLE_TABLE)
			continue;
		char *t = qk_block_text(blk);
		glong len = g_utf8_strlen(t, -1);
		/* running text means an article page, not a cover */
		if (len > 120 || (blk->lines->len >= 3 && blk->size <= 1.05 * body &&
		                  len > 60 && !qk_pat_match(pats, QK_PAT_MASTHEAD, t, NULL))) {
			g_free(t);
			return FALSE;
		}
		text_blocks++;
		if (page->index == 1 && blk->size >= 2.5 * body && len <= 12 &&
		    blk->bbox.y1 < 0.4 * page->height)
			nameplate = TRUE;
		if (qk_pat_match(pats, QK_PAT_MASTHEAD, t, NULL))
			imprint = TRUE;
		g_free(t);
	}
	return text_blocks > 0 && text_blocks <= 30 && (nameplate || imprint);
}

void qk_layout_roles(QkIssue *issue, double body, QkPatterns *pats)
{
	for (guint p = 0; p < issue->pages->len; p++) {
		QkPage *page = g_ptr_array_index(issue->pages, p);
		gboolean toc = page_is_toc(page, pats);
		if (!toc && page_is_masthead(page, body, pats)) {
			for (guint b = 0; b < page->blocks->len; b++) {
				QkBlock *blk = g_ptr_array_index(page->blocks, b);
				if (blk->role != QK_ROLE_FURNITURE && blk->role != QK_ROLE_TABLE)
					blk->role = QK_ROLE_MASTHEAD;
			}
			continue;
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
			continue;
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
	}
}
