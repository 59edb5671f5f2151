/* blockmap.c — blocks to articles by their text (blockmap.h). */
#include <string.h>
#include "blockmap.h"

/* Text without white space. */
static void squeeze_into(GString *o, const char *s)
{
	for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c))
			g_string_append_unichar(o, c);
	}
}

static char *squeeze(const char *s)
{
	GString *o = g_string_new(NULL);
	squeeze_into(o, s);
	return g_string_free(o, FALSE);
}

typedef struct {
	const QkArticle *art;
	char *all;      /* kicker, title, subtitle, byline and paragraphs */
	char *title;
	char *byline;
} ArtText;

static void add_text(GString *s, const QkText *t)
{
	if (t)
		squeeze_into(s, t->text);
}

GHashTable *qk_blockmap_new(const QkIssue *issue)
{
	GHashTable *map = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint n = issue->articles->len;
	ArtText *arts = g_new0(ArtText, n);
	for (guint i = 0; i < n; i++) {
		const QkArticle *a = g_ptr_array_index(issue->articles, i);
		GString *s = g_string_new(NULL);
		add_text(s, a->kicker);
		add_text(s, a->title);
		add_text(s, a->subtitle);
		squeeze_into(s, a->byline);
		for (guint p = 0; p < a->paras->len; p++)
			add_text(s, ((const QkPara *)g_ptr_array_index(a->paras, p))->text);
		arts[i].art = a;
		arts[i].all = g_string_free(s, FALSE);
		arts[i].title = squeeze(a->title ? a->title->text : NULL);
		arts[i].byline = squeeze(a->byline);
	}
	for (guint p = 0; p < issue->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		for (guint b = 0; b < pg->blocks->len; b++) {
			const QkBlock *bl = g_ptr_array_index(pg->blocks, b);
			if (bl->role == QK_ROLE_FURNITURE || bl->role == QK_ROLE_TABLE ||
			    bl->role == QK_ROLE_TOC)
				continue;
			char *t = qk_block_text(bl);
			char *q = squeeze(t);
			g_free(t);
			glong len = g_utf8_strlen(q, -1);
			for (guint i = 0; len > 0 && i < n; i++) {
				const QkArticle *a = arts[i].art;
				if (pg->index < a->pdf_first || pg->index > MAX(a->pdf_last, a->pdf_first))
					continue;
				gboolean hit = len >= QK_BLOCKMAP_MIN_CHARS
				               ? strstr(arts[i].all, q) != NULL
				               : strcmp(arts[i].title, q) == 0 ||
				                 strcmp(arts[i].byline, q) == 0;
				if (hit) {
					g_hash_table_insert(map, (gpointer)bl, (gpointer)a);
					break;
				}
			}
			g_free(q);
		}
	}
	for (guint i = 0; i < n; i++) {
		g_free(arts[i].all);
		g_free(arts[i].title);
		g_free(arts[i].byline);
	}
	g_free(arts);
	return map;
}
