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
 *      On a page read with OCR, a folio misread (·，10，·, -区日孜。 for
 *      · 11 ·) leaves a furniture block where the numbered pages print
 *      their number: a page after the first number with such a block
 *      (overlapping a numbered page's number box by half the smaller box
 *      at least) gets index + offset too, in the run or after it, under
 *      the same 70 % rule.
 *   5. Newspapers (edition headers seen): the label is the 版 number and
 *      no gaps are filled (an edition without a header is left unlabelled).
 */
#include <string.h>
#include "layout.h"

typedef struct {
	int value;          /* printed number, 0 when none */
	gboolean edition;
	const QkBlock *number;   /* the page-number block it was read from */
} Cand;

/* Whether a and b overlap by half the smaller box at least. */
static gboolean same_spot(const QkBlock *a, const QkBlock *b)
{
	double w = MIN(a->bbox.x1, b->bbox.x1) - MAX(a->bbox.x0, b->bbox.x0);
	double h = MIN(a->bbox.y1, b->bbox.y1) - MAX(a->bbox.y0, b->bbox.y0);
	double sa = (a->bbox.x1 - a->bbox.x0) * (a->bbox.y1 - a->bbox.y0);
	double sb = (b->bbox.x1 - b->bbox.x0) * (b->bbox.y1 - b->bbox.y0);
	return w > 0 && h > 0 && w * h * 2 >= MIN(sa, sb);
}

/* Whether a page read with OCR has a furniture block where a page of the
 * issue given its label printed its number (cand[q].number). */
static gboolean folio_misread(const QkPage *page, const Cand *cand, guint n)
{
	if (page->ocr_dpi <= 0)
		return FALSE;
	for (guint b = 0; b < page->blocks->len; b++) {
		const QkBlock *blk = g_ptr_array_index(page->blocks, b);
		if (blk->role != QK_ROLE_FURNITURE)
			continue;
		for (guint q = 0; q < n; q++)
			if (cand[q].number && same_spot(blk, cand[q].number))
				return TRUE;
	}
	return FALSE;
}

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
				if (v && !cand[p].value) {
					cand[p].value = v;
					cand[p].number = blk;
				}
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
		} else {
			cand[p].number = NULL;   /* a number the vote dropped */
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
	if (!newspaper && first >= 0) {
		for (int p = first + 1; p < (int)n; p++) {
			QkPage *page = g_ptr_array_index(issue->pages, p);
			int run = MAX(p, last) - first + 1;
			if (!page->label && p + 1 + best_off > 0 && best * 10 >= run * 7 &&
			    folio_misread(page, cand, n))
				page->label = g_strdup_printf("%d", p + 1 + best_off);
		}
	}
	g_free(cand);
}
