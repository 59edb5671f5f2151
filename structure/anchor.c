/*
 * anchor.c — the TOC as the issue's anchor, once its entries are linked to
 * articles: an entry's authors confirm a byline that segmentation left as
 * the article's first paragraph (□辛泰刘晓峰: names run together, which no
 * byline parser could split without the TOC).
 */
#include <string.h>

#include "structure.h"

/* s without the marks printed before a byline's names (□, 作者：, 文／
 * from data/bylines.tsv, and any other symbol before the first letter). */
static const char *after_marks(const QkWords *w, const char *s)
{
	gboolean again = TRUE;
	while (again) {
		again = FALSE;
		while (*s && !g_unichar_isalnum(g_utf8_get_char(s))) {
			s = g_utf8_next_char(s);
			again = TRUE;
		}
		for (guint i = 0; i < w->marks->len; i++) {
			const char *m = g_ptr_array_index(w->marks, i);
			if (*m && g_str_has_prefix(s, m)) {
				s += strlen(m);
				again = TRUE;
			}
		}
	}
	return s;
}

/* The paragraph of a (one of its first two body paragraphs) that reads
 * as the entry's authors and nothing else, or -1. */
static int byline_para(const QkWords *w, const QkArticle *a,
                       const QkTocEntry *e)
{
	GString *names = g_string_new(NULL);
	for (guint k = 0; k < e->authors->len; k++)
		g_string_append(names, g_ptr_array_index(e->authors, k));
	int found = -1;
	for (guint i = 0; i < a->paras->len && i < 2 && found < 0; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		if (p->kind != QK_PARA_BODY)
			continue;
		char *sq = qk_structure_squeeze(qk_text_get(p->text));
		if (names->len > 0 && strcmp(after_marks(w, sq), names->str) == 0)
			found = (int)i;
		g_free(sq);
	}
	g_string_free(names, TRUE);
	return found;
}

static QkArticle *article_by_id(const QkIssue *issue, const char *id)
{
	for (guint i = 0; id != NULL && i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (g_strcmp0(a->id, id) == 0)
			return a;
	}
	return NULL;
}

void qk_structure_toc_anchor(QkIssue *issue)
{
	QkWords *w = qk_structure_words_new();
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			QkArticle *a = article_by_id(issue, e->article_id);
			if (a == NULL || a->byline != NULL || a->authors->len > 0 ||
			    e->authors->len == 0)
				continue;
			int i = byline_para(w, a, e);
			if (i < 0)
				continue;
			QkPara *p = g_ptr_array_index(a->paras, i);
			a->byline = g_strstrip(g_strdup(qk_text_get(p->text)));
			for (guint n = 0; n < e->authors->len; n++)
				g_ptr_array_add(a->authors,
				                g_strdup(g_ptr_array_index(e->authors, n)));
			g_ptr_array_remove_index(a->paras, (guint)i);
		}
	}
	qk_structure_words_free(w);
}
