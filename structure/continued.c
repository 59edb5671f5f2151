/*
 * continued.c — continuation markers ((下转第2版), (上接第1版), (下转第42页))
 * and stitching a continued part back into the article it continues.
 */
#include <string.h>

#include "structure.h"

void qk_structure_cont_mark_clear(QkContMark *m)
{
	if (m == NULL)
		return;
	g_free(m->target);
	memset(m, 0, sizeof *m);
}

gboolean qk_structure_find_continuation(const char *text, QkContMark *out)
{
	memset(out, 0, sizeof *out);
	/* every marker holds 转 or 接: a text with neither holds none, which
	 * two byte searches tell (this runs on every block, and validating
	 * and matching each was 6% of structure's instructions) */
	if (text == NULL || (!strstr(text, "转") && !strstr(text, "接")) ||
	    !g_utf8_validate(text, -1, NULL))
		return FALSE;
	/* compiled once per process: a GRegex is immutable and matches from
	 * any thread; this runs on every block */
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		/* a bracket read as an angle one on a scan: 《上接第10页）, or
		 * as a brace at 150 dpi: {上接第5页） (weasyprint-mag-143) */
		GRegex *r = g_regex_new(
			"[(（《〈{｛]\\s*(下转|转|上接|接|紧接)\\s*第?\\s*"
			"(\\d{1,4}|[一二三四五六七八九十]{1,3})\\s*(版|页|面)\\s*[)）》〉}｝]",
			G_REGEX_OPTIMIZE, 0, NULL);
		g_once_init_leave(&re, r);
	}
	GMatchInfo *mi = NULL;
	gboolean found = FALSE;
	if (g_regex_match(re, text, 0, &mi)) {
		char *verb = g_match_info_fetch(mi, 1);
		char *num = g_match_info_fetch(mi, 2);
		char *unit = g_match_info_fetch(mi, 3);
		int s = 0, e = 0;
		g_match_info_fetch_pos(mi, 0, &s, &e);
		out->dir = (strcmp(verb, "下转") == 0 || strcmp(verb, "转") == 0)
		           ? 1 : -1;
		out->target = qk_structure_cn_number(num);
		out->edition = strcmp(unit, "版") == 0;
		out->start = (gsize)s;
		out->end = (gsize)e;
		found = out->target != NULL;
		g_free(verb);
		g_free(num);
		g_free(unit);
	}
	g_match_info_free(mi);
	return found;
}

void qk_structure_seg_free(QkSegArticle *s)
{
	if (s == NULL)
		return;
	qk_article_free(s->art);
	g_free(s->cont_to);
	g_free(s->cont_from);
	g_free(s);
}

static gboolean has_label(const QkArticle *a, const char *label)
{
	for (guint i = 0; i < a->pages->len; i++)
		if (g_strcmp0(g_ptr_array_index(a->pages, i), label) == 0)
			return TRUE;
	return FALSE;
}

/* Moves part's pages and paragraphs to the end of into. */
static void merge_into(QkSegArticle *into, QkSegArticle *part)
{
	QkArticle *a = into->art, *b = part->art;
	for (guint i = 0; i < b->pages->len; i++) {
		const char *l = g_ptr_array_index(b->pages, i);
		if (!has_label(a, l))
			g_ptr_array_add(a->pages, g_strdup(l));
	}
	a->pdf_last = MAX(a->pdf_last, b->pdf_last);
	if (a->pdf_first == 0 || (b->pdf_first && b->pdf_first < a->pdf_first))
		a->pdf_first = b->pdf_first;
	/* the paragraph cut by the 下转 marker goes on in the part (the jump
	 * paragraphs between them stay where they are) */
	guint la = a->paras->len, fb = 0;
	while (la > 0 && ((QkPara *)g_ptr_array_index(a->paras, la - 1))->kind ==
	                 QK_PARA_JUMP)
		la--;
	while (fb < b->paras->len &&
	       ((QkPara *)g_ptr_array_index(b->paras, fb))->kind == QK_PARA_JUMP)
		fb++;
	QkPara *last = la ? g_ptr_array_index(a->paras, la - 1) : NULL;
	QkPara *first = fb < b->paras->len ? g_ptr_array_index(b->paras, fb) : NULL;
	if (last && first && last->kind == QK_PARA_BODY &&
	    first->kind == QK_PARA_BODY &&
	    !qk_structure_ends_sentence(last->text->text)) {
		GString *s = g_string_new(last->text->text);
		qk_text_join(s, first->text->text);
		g_free(last->text->text);
		last->text->text = g_string_free(s, FALSE);
		qk_para_free(g_ptr_array_steal_index(b->paras, fb));
	}
	while (b->paras->len > 0)
		g_ptr_array_add(a->paras, g_ptr_array_steal_index(b->paras, 0));
	if (a->authors->len == 0)
		while (b->authors->len > 0)
			g_ptr_array_add(a->authors,
			                g_ptr_array_steal_index(b->authors, 0));
	g_free(into->cont_to);
	into->cont_to = part->cont_to; /* a chain: 1 → 2 → 3 */
	part->cont_to = NULL;
}

static const char *first_label(const QkArticle *a)
{
	return a->pages->len ? g_ptr_array_index(a->pages, 0) : NULL;
}

static double title_sim(const QkArticle *a, const QkArticle *b)
{
	if (a->title == NULL || b->title == NULL)
		return 0.0;
	return qk_structure_title_similarity(qk_text_get(a->title),
	                                   qk_text_get(b->title));
}

void qk_structure_stitch_continued(QkIssue *issue, GPtrArray *segs)
{
	GHashTable *merged = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < segs->len; i++) {
		QkSegArticle *part = g_ptr_array_index(segs, i);
		if (part->cont_from == NULL)
			continue;
		const char *here = first_label(part->art);
		QkSegArticle *best = NULL;
		double best_score = 0.0;
		for (guint j = 0; j < segs->len; j++) {
			QkSegArticle *cand = g_ptr_array_index(segs, j);
			if (cand == part || g_hash_table_contains(merged, cand) ||
			    !has_label(cand->art, part->cont_from))
				continue;
			double score = title_sim(cand->art, part->art);
			if (cand->cont_to != NULL) {
				if (here != NULL && strcmp(cand->cont_to, here) == 0)
					score += 2.0;
				else
					continue; /* continues elsewhere */
			} else {
				score += 0.5; /* marker lost: weaker evidence */
			}
			if (score > best_score) {
				best_score = score;
				best = cand;
			}
		}
		if (best == NULL || best_score < 1.0) {
			qk_issue_warn(issue, "continuation-unmatched",
			              part->art->pdf_first,
			              "no article continues on page %s from %s",
			              here ? here : "?", part->cont_from);
			continue;
		}
		merge_into(best, part);
		g_hash_table_add(merged, part);
	}
	for (guint i = 0; i < segs->len; i++) {
		QkSegArticle *s = g_ptr_array_index(segs, i);
		if (g_hash_table_contains(merged, s))
			continue;
		if (s->cont_to != NULL)
			qk_issue_warn(issue, "continuation-unmatched",
			              s->art->pdf_last,
			              "article %s continues on %s, not found",
			              s->art->id, s->cont_to);
		g_ptr_array_add(issue->articles, s->art);
		s->art = NULL;
	}
	g_hash_table_unref(merged);
}
