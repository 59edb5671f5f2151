/* articles_csv.c — articles.csv: one row per article with its whole text. */
#include "exporters.h"
#include "export.h"

/* Captions belong to photos and jump markers to the layout, not to the
 * running text. */
gboolean qk_export_para_in_text(const QkPara *para)
{
	return para->kind != QK_PARA_CAPTION && para->kind != QK_PARA_JUMP && para->text &&
	       qk_text_get(para->text) && *qk_text_get(para->text);
}

char *qk_export_article_text(const QkArticle *art)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; art->paras && i < art->paras->len; i++) {
		const QkPara *para = g_ptr_array_index(art->paras, i);
		if (!qk_export_para_in_text(para))
			continue;
		if (s->len)
			g_string_append_c(s, '\n');
		g_string_append(s, qk_text_get(para->text));
	}
	return g_string_free(s, FALSE);
}

static const char *text_or_null(const QkText *t)
{
	return t ? qk_text_get(t) : NULL;
}

/* Printed page of the article's first/last page; falls back on the label
 * of its PDF page when the article carries no labels. */
static const char *page_at(const QkIssue *issue, const QkArticle *art,
                           gboolean last)
{
	if (art->pages && art->pages->len)
		return g_ptr_array_index(art->pages, last ? art->pages->len - 1 : 0);
	return qk_export_page_label(issue, last ? art->pdf_last : art->pdf_first);
}

void qk_export_articles_csv(const QkIssue *issue, QkCsv *csv)
{
	qk_csv_row(csv, qk_export_columns("articles.csv"));
	for (guint i = 0; issue->articles && i < issue->articles->len; i++) {
		const QkArticle *art = g_ptr_array_index(issue->articles, i);
		char *authors = qk_export_join_authors(art->authors);
		char *text = qk_export_article_text(art);
		qk_csv_str(csv, art->id);
		qk_csv_str(csv, art->section);
		qk_csv_str(csv, text_or_null(art->title));
		qk_csv_str(csv, text_or_null(art->subtitle));
		qk_csv_str(csv, authors);
		qk_csv_str(csv, page_at(issue, art, FALSE));
		qk_csv_str(csv, page_at(issue, art, TRUE));
		qk_csv_pos(csv, art->pdf_first);
		qk_csv_pos(csv, art->pdf_last);
		qk_csv_int(csv, g_utf8_strlen(text, -1));
		qk_csv_str(csv, text);
		qk_csv_end(csv);
		g_free(text);
		g_free(authors);
	}
}
