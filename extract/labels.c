/*
 * labels.c — printed page labels (QkPage.label).
 *
 * Rule:
 *   1. Candidates: the number a page prints in its page-number furniture
 *      (·48·, 48, 第48页), else at either end of a running head or footer
 *      line (48 朔州经济, 48 | 朔州经济; not a year: 2024 年第 5 期), or,
 *      for newspapers, in its edition header (第2版).
 *      Edition numbers win over plain numbers on the same page.
 *   2. Each candidate proposes an offset = number − PDF page index. The
 *      offset proposed by most pages is the issue's offset.
 *   3. A page gets its own printed number as label only when it agrees with
 *      that offset; disagreeing numbers (a figure in the band, a misread)
 *      are dropped.
 *   4. A page without a number gets index + offset only when it has no
 *      text at all (a full-page picture or advertisement), lies between two
 *      labelled pages, and at least 70 % of the pages in that run print an
 *      agreeing number (the numbering is clearly continuous). A page with
 *      text but no number (a TOC inside the run) prints no label and gets
 *      none; so do pages before the first or after the last number (cover,
 *      back cover).
 *   5. Newspapers (edition headers seen): the label is the 版 number and
 *      no gaps are filled (an edition without a header is left unlabelled).
 */
#include <string.h>
#include "layout.h"

typedef struct {
	int value;          /* printed number, 0 when none */
	gboolean edition;
} Cand;

static int parse_int(const char *s)
{
	if (!s)
		return 0;
	char *end = NULL;
	gint64 v = g_ascii_strtoll(s, &end, 10);
	return (end && end != s && v > 0 && v < 100000) ? (int)v : 0;
}

void qk_layout_labels(QkIssue *issue, QkPatterns *pats)
{
	guint n = issue->pages->len;
	if (!n)
		return;
	Cand *cand = g_new0(Cand, n);
	gboolean newspaper = FALSE;
	for (guint p = 0; p < n; p++) {
		QkPage *page = g_ptr_array_index(issue->pages, p);
		int folio = 0;   /* from a running head, whichever block came first */
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			if (blk->role != QK_ROLE_FURNITURE || !blk->furniture)
				continue;
			char *text = qk_block_text(blk);
			char *num = NULL;
			if (!strcmp(blk->furniture, "edition-header") &&
			    qk_pat_match(pats, QK_PAT_EDITION, text, &num)) {
				int v = parse_int(num);
				if (v) {
					cand[p].value = v;
					cand[p].edition = TRUE;
					newspaper = TRUE;
				}
			} else if (!strcmp(blk->furniture, "page-number") && !cand[p].edition &&
			           qk_pat_match(pats, QK_PAT_PAGENUM, text, &num)) {
				int v = parse_int(num);
				/* two numbers on one page: keep the one nearer the page's
				 * position (decided by the offset vote below) */
				if (v && !cand[p].value)
					cand[p].value = v;
			}
			/* a running head or footer line carrying the folio at one
			 * end (only when the page has no separate number) */
			if (!folio && !num && !strcmp(blk->furniture, "running-head") &&
			    (qk_pat_match(pats, QK_PAT_FOLIO_LEAD, text, &num) ||
			     qk_pat_match(pats, QK_PAT_FOLIO_TAIL, text, &num)))
				folio = parse_int(num);
			g_free(num);
			g_free(text);
		}
		if (!cand[p].value)
			cand[p].value = folio;
	}
	/* vote on the offset */
	GHashTable *votes = g_hash_table_new(g_direct_hash, g_direct_equal);
	int best = 0, best_off = 0;
	for (guint p = 0; p < n; p++) {
		if (!cand[p].value || (newspaper && !cand[p].edition))
			continue;
		int off = cand[p].value - (int)(p + 1);
		gpointer k = GINT_TO_POINTER(off);
		int c = GPOINTER_TO_INT(g_hash_table_lookup(votes, k)) + 1;
		g_hash_table_insert(votes, k, GINT_TO_POINTER(c));
		if (c > best || (c == best && ABS(off) < ABS(best_off))) {
			best = c;
			best_off = off;
		}
	}
	g_hash_table_destroy(votes);
	if (!best) {
		g_free(cand);
		return;
	}
	int first = -1, last = -1;
	for (guint p = 0; p < n; p++) {
		QkPage *page = g_ptr_array_index(issue->pages, p);
		g_clear_pointer(&page->label, g_free);
		if (cand[p].value && cand[p].value - (int)(p + 1) == best_off &&
		    (!newspaper || cand[p].edition)) {
			page->label = g_strdup_printf("%d", cand[p].value);
			if (first < 0)
				first = (int)p;
			last = (int)p;
		}
	}
	if (!newspaper && first >= 0 && last > first) {
		int run = last - first + 1;
		if (best * 10 >= run * 7) {
			for (int p = first + 1; p < last; p++) {
				QkPage *page = g_ptr_array_index(issue->pages, p);
				if (!page->label && p + 1 + best_off > 0 && page->blocks->len == 0)
					page->label = g_strdup_printf("%d", p + 1 + best_off);
			}
		}
	}
	g_free(cand);
}
