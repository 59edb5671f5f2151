/* text_out.c — articles/<id>.txt: a plain-text file a person can read. */
#include "exporters.h"

static void add_line(GString *s, const QkText *t)
{
	const char *v = t ? qk_text_get(t) : NULL;
	if (v && *v) {
		g_string_append(s, v);
		g_string_append_c(s, '\n');
	}
}

char *qk_export_article_txt(const QkArticle *art)
{
	GString *s = g_string_new(NULL);
	add_line(s, art->kicker);
	add_line(s, art->title);
	add_line(s, art->subtitle);
	if (art->byline && *art->byline) {
		g_string_append(s, art->byline);
		g_string_append_c(s, '\n');
	}
	/* One paragraph per line; a blank line sets the head off the body. */
	char *body = qk_export_article_text(art);
	if (*body) {
		if (s->len)
			g_string_append_c(s, '\n');
		g_string_append(s, body);
		g_string_append_c(s, '\n');
	}
	g_free(body);
	return g_string_free(s, FALSE);
}
