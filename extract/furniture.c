/*
 * furniture.c — page furniture: running heads, page numbers, slogans and
 * newspaper edition headers.
 *
 * Both before reading order. Per page, lines in the top or bottom band
 * whose text has a furniture shape (·本期特稿·, ·48·, 第2版 …) are set
 * aside, and a page number that is the page's last line in its lowest
 * sixth (a deep bottom margin). Per issue, band lines whose text (digits ignored) comes back on
 * two or more pages, set no larger than the body text, are furniture as
 * well (a magazine's name in the footer, a repeated slogan).
 */
#include <math.h>
#include <string.h>
#include "layout.h"

/* Bands, as fractions of the page height. */
#define TOP_BAND 0.12
#define BOTTOM_BAND 0.88

/* A page number alone may sit higher, as the page's last line. */
#define FOLIO_BAND 0.84

/* TRUE when no other line of the page (tables aside) lies below l. */
static gboolean lowest(GPtrArray *lines, const QkLLine *l)
{
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		if (o != l && o->table < 0 && o->bbox.y0 >= l->bbox.y1)
			return FALSE;
	}
	return TRUE;
}

static gboolean in_band(const QkBox *b, double h)
{
	return b->y1 <= TOP_BAND * h || b->y0 >= BOTTOM_BAND * h;
}

/* The text without surrounding white space (including U+3000). */
static char *trimmed(const char *s)
{
	char *t = g_strdup(s);
	g_strstrip(t);
	while (g_str_has_prefix(t, "\u3000"))
		memmove(t, t + 3, strlen(t + 3) + 1);
	while (g_str_has_suffix(t, "\u3000"))
		t[strlen(t) - 3] = '\0';
	return t;
}

/* Classifies a band text; returns the furniture kind or NULL. */
static const char *classify(QkPatterns *pats, const char *text, char **section)
{
	*section = NULL;
	if (qk_pat_match(pats, QK_PAT_CONTINUATION, text, NULL))
		return NULL;
	if (qk_pat_match(pats, QK_PAT_SLOGAN, text, NULL))
		return "slogan";
	if (qk_pat_match(pats, QK_PAT_RUNHEAD, text, section))
		return "running-head";
	if (qk_pat_match(pats, QK_PAT_PAGENUM, text, NULL))
		return "page-number";
	if (g_utf8_strlen(text, -1) <= 40 && qk_pat_match(pats, QK_PAT_EDITION, text, NULL))
		return "edition-header";
	return NULL;
}

void qk_layout_line_furniture(GPtrArray *lines, double page_height, QkPatterns *pats)
{
	gboolean any_edition = FALSE;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		if (l->table >= 0)
			continue;
		if (!in_band(&l->bbox, page_height)) {
			/* a folio in a deep bottom margin (an A5 page): a page
			 * number the page's last line, in its lowest sixth */
			char *t = trimmed(l->text->str);
			if (l->bbox.y0 >= FOLIO_BAND * page_height && lowest(lines, l) &&
			    qk_pat_match(pats, QK_PAT_PAGENUM, t, NULL))
				l->furniture = "page-number";
			g_free(t);
			continue;
		}
		char *t = trimmed(l->text->str);
		l->furniture = classify(pats, t, &l->section);
		if (l->furniture && !strcmp(l->furniture, "edition-header"))
			any_edition = TRUE;
		g_free(t);
	}
	if (!any_edition)
		return;
	/* the rest of an edition header's row (要闻, the date) belongs to it */
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *e = g_ptr_array_index(lines, i);
		if (!e->furniture || strcmp(e->furniture, "edition-header"))
			continue;
		for (guint j = 0; j < lines->len; j++) {
			QkLLine *l = g_ptr_array_index(lines, j);
			if (!l->furniture && l->table < 0 && in_band(&l->bbox, page_height) &&
			    fabs(l->yc - e->yc) < 0.5 * MAX(e->size, l->size) &&
			    l->size < 2 * e->size)
				l->furniture = "edition-header";
		}
	}
}

/* Key for repetition: the text without digits, spaces and decorations. */
static char *repeat_key(const char *text)
{
	GString *k = g_string_new(NULL);
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (g_unichar_isdigit(c) || g_unichar_isspace(c) || c == 0x3000)
			continue;
		g_string_append_unichar(k, c);
	}
	return g_string_free(k, FALSE);
}

static int count_dots(const char *s)
{
	int n = 0;
	for (; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		n += c == 0x00B7 || c == 0x2022 || c == 0x2027;
	}
	return n;
}

/* A line that may be repeated furniture: text in a band, not already set
 * aside, and set small (a kicker repeated over a campaign's articles is
 * larger than the text, a running head is not). */
static gboolean repeat_candidate(const QkLLine *l, double height, double body,
                                 QkPatterns *pats)
{
	/* (下转第2版) on one page and (下转第3版) on the next are not furniture */
	return !l->furniture && l->table < 0 && in_band(&l->bbox, height) &&
	       l->size <= 1.15 * body &&
	       !qk_pat_match(pats, QK_PAT_CONTINUATION, l->text->str, NULL);
}

/* A band line that may repeat, and its key (owned by the key table). */
typedef struct {
	QkLLine *line;
	const char *key;
} Repeat;

void qk_layout_repeated_furniture(GPtrArray *page_lines, const double *heights, double body,
                                  QkPatterns *pats)
{
	/* key → set of pages it occurs on */
	GHashTable *pages_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                             (GDestroyNotify)g_hash_table_destroy);
	GArray *found = g_array_new(FALSE, FALSE, sizeof(Repeat));
	for (guint p = 0; p < page_lines->len; p++) {
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		for (guint i = 0; i < lines->len; i++) {
			QkLLine *l = g_ptr_array_index(lines, i);
			if (!repeat_candidate(l, heights[p], body, pats))
				continue;
			char *key = repeat_key(l->text->str);
			if (!*key || g_utf8_strlen(key, -1) > 40) {
				g_free(key);
				continue;
			}
			gpointer known, set;
			if (g_hash_table_lookup_extended(pages_of, key, &known, &set)) {
				g_free(key);
				key = known;
			} else {
				set = g_hash_table_new(g_direct_hash, g_direct_equal);
				g_hash_table_insert(pages_of, key, set);
			}
			g_hash_table_add(set, GUINT_TO_POINTER(p + 1));
			Repeat r = { l, key };
			g_array_append_val(found, r);
		}
	}
	for (guint k = 0; k < found->len; k++) {
		Repeat *r = &g_array_index(found, Repeat, k);
		QkLLine *l = r->line;
		if (g_hash_table_size(g_hash_table_lookup(pages_of, r->key)) < 2)
			continue;
		if (count_dots(l->text->str) >= 3) {
			l->furniture = "slogan";
		} else {
			l->furniture = "running-head";
			/* a short head without numbers names the section
			 * (letter-spaced: 本 期 特 稿 → 本期特稿) */
			if (!l->section && g_utf8_strlen(r->key, -1) <= 12 &&
			    !strpbrk(l->text->str, "0123456789"))
				l->section = g_strdup(r->key);
		}
	}
	g_array_free(found, TRUE);
	g_hash_table_destroy(pages_of);
}
