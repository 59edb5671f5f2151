/* truth.c — builds the ground-truth model (meta, articles) from the source
 * and from where the layout put things. */
#include "ts.h"

#include <string.h>

TsPlaced *
qk_ts_placed_new(void)
{
	TsPlaced *p = g_new0(TsPlaced, 1);

	p->labels = g_ptr_array_new_with_free_func(g_free);
	p->item_pages = g_array_new(FALSE, TRUE, sizeof(int));
	return p;
}

void
qk_ts_placed_free(TsPlaced *p)
{
	if (!p)
		return;
	g_ptr_array_unref(p->labels);
	g_array_unref(p->item_pages);
	g_free(p);
}

/* Notes that the article has text on pdf_page; keeps labels in order and
 * without repeats. */
void
qk_ts_placed_page(TsPlaced *p, int pdf_page, const char *label)
{
	if (p->pdf_first == 0 || pdf_page < p->pdf_first)
		p->pdf_first = pdf_page;
	p->pdf_last = MAX(p->pdf_last, pdf_page);
	if (!label)
		return;
	for (guint i = 0; i < p->labels->len; i++)
		if (strcmp(p->labels->pdata[i], label) == 0)
			return;
	g_ptr_array_add(p->labels, g_strdup(label));
}

char *
qk_ts_article_title(const TsArticle *art)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < art->title_lines->len; i++) {
		const char *l = art->title_lines->pdata[i];
		if (s->len && g_ascii_isalnum(s->str[s->len - 1]) &&
		    g_ascii_isalnum(l[0]))
			g_string_append_c(s, ' ');
		g_string_append(s, l);
	}
	if (s->len == 0) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static QkText *
text_or_null(const char *s)
{
	return s && *s ? qk_text_new(s) : NULL;
}

QkArticle *
qk_ts_truth_article(const TsArticle *art, const GPtrArray *items,
                    const TsPlaced *placed)
{
	QkArticle *a = qk_article_new(art->id);
	char *title = qk_ts_article_title(art);

	a->section = g_strdup(art->section);
	a->title = text_or_null(title);
	g_free(title);
	a->subtitle = text_or_null(art->subtitle);
	a->kicker = text_or_null(art->kicker);
	a->byline = g_strdup(art->byline);
	for (guint i = 0; i < art->authors->len; i++)
		g_ptr_array_add(a->authors, g_strdup(art->authors->pdata[i]));
	for (guint i = 0; i < placed->labels->len; i++)
		g_ptr_array_add(a->pages, g_strdup(placed->labels->pdata[i]));
	a->pdf_first = placed->pdf_first;
	a->pdf_last = placed->pdf_last;
	a->in_toc = art->in_toc;

	/* a newspaper dateline (本报讯（记者 X）) is printed at the head of
	 * the first paragraph, and stays there (issue 14's convention) */
	gboolean dateline = art->byline && g_str_has_prefix(art->byline, "本报讯");
	for (guint i = 0; i < items->len; i++) {
		const TsItem *it = items->pdata[i];
		QkPara *para = NULL;
		int page = i < placed->item_pages->len
		           ? g_array_index(placed->item_pages, int, i) : 0;

		switch (it->kind) {
		case TS_ITEM_P:
			if (dateline && !it->tail) {
				char *t = g_strconcat(art->byline, it->text, NULL);
				para = qk_para_new(QK_PARA_BODY, t);
				g_free(t);
				dateline = FALSE;
				break;
			}
			para = qk_para_new(it->tail ? QK_PARA_TAIL : QK_PARA_BODY, it->text);
			break;
		case TS_ITEM_SIGNATURE:
			para = qk_para_new(QK_PARA_TAIL, it->text);
			break;
		case TS_ITEM_H:
			para = qk_para_new(QK_PARA_HEADING, it->text);
			para->level = it->level;
			break;
		case TS_ITEM_ORG:
			para = qk_para_new(QK_PARA_HEADING, it->text);
			para->level = 1;
			break;
		case TS_ITEM_NOTE:
			para = qk_para_new(QK_PARA_NOTE, it->text);
			break;
		case TS_ITEM_FIGURE:
			if (it->caption && *it->caption)
				para = qk_para_new(QK_PARA_CAPTION, it->caption);
			break;
		case TS_ITEM_SOURCE:
			para = qk_para_new(QK_PARA_SOURCE, it->text);
			break;
		case TS_ITEM_TABLE:
			break; /* tables live in issue->tables */
		}
		if (para) {
			para->page = page;
			g_ptr_array_add(a->paras, para);
		}
	}
	return a;
}

/* "2023-02-25" → "2023年2月25日"; NULL when not a date. */
static char *
date_text(const char *iso)
{
	int y, m, d;
	char *end;

	if (!iso)
		return NULL;
	y = (int)g_ascii_strtoll(iso, &end, 10);
	if (*end != '-')
		return NULL;
	m = (int)g_ascii_strtoll(end + 1, &end, 10);
	if (*end != '-')
		return NULL;
	d = (int)g_ascii_strtoll(end + 1, &end, 10);
	return g_strdup_printf("%d年%d月%d日", y, m, d);
}

void
qk_ts_truth_meta(QkMeta *meta, const TsSource *src)
{
	meta->kind = src->newspaper ? QK_KIND_NEWSPAPER : QK_KIND_MAGAZINE;
	meta->title = g_strdup(src->title);
	meta->year = g_strdup(src->year);
	meta->number = g_strdup(src->number);
	meta->total_number = g_strdup(src->total_number);
	meta->frequency = g_strdup(src->frequency);
	meta->date = g_strdup(src->date);
	meta->date_text = date_text(src->date);
	meta->weekday = g_strdup(src->weekday);
	meta->lunar_date = g_strdup(src->lunar);
	meta->sponsor = g_strdup(src->sponsor);
	meta->publisher = g_strdup(src->publisher);
	meta->cn = g_strdup(src->cn);
	if (src->editions > 0)
		meta->edition_count = g_strdup_printf("%d", src->editions);
	for (guint i = 0; i < src->committee->len; i++) {
		const TsMember *m = src->committee->pdata[i];
		if (m->role && m->names)
			g_ptr_array_add(meta->editors, qk_field_new(m->role, m->names));
	}
}

char *
qk_ts_date_text(const char *iso)
{
	return date_text(iso);
}
