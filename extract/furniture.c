/*
 * furniture.c — page furniture: running heads, page numbers, slogans and
 * newspaper edition headers.
 *
 * Two passes. Per page, before reading order, lines in the top or bottom
 * band whose text has a furniture shape (·本期特稿·, ·48·, 第2版 …) are set
 * aside. Per issue, blocks in those bands whose text (digits ignored) comes
 * back on two or more pages are furniture as well (a magazine's name in the
 * footer, a repeated slogan).
 */
#include <math.h>
#include <string.h>
#include "layout.h"

/* Bands, as fractions of the page height. */
#define TOP_BAND 0.10
#define BOTTOM_BAND 0.92

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
		if (l->table >= 0 || !in_band(&l->bbox, page_height))
			continue;
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

void qk_layout_issue_furniture(QkIssue *issue, QkPatterns *pats)
{
	(void)pats;
	/* key → GHashTable set of pages */
	GHashTable *pages_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                             (GDestroyNotify)g_hash_table_destroy);
	for (guint p = 0; p < issue->pages->len; p++) {
		QkPage *page = g_ptr_array_index(issue->pages, p);
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			if (blk->role == QK_ROLE_FURNITURE || blk->role == QK_ROLE_TABLE ||
			    !in_band(&blk->bbox, page->height))
				continue;
			char *text = qk_block_text(blk);
			char *key = repeat_key(text);
			g_free(text);
			if (!*key || g_utf8_strlen(key, -1) > 40) {
				g_free(key);
				continue;
			}
			GHashTable *set = g_hash_table_lookup(pages_of, key);
			if (!set) {
				set = g_hash_table_new(g_direct_hash, g_direct_equal);
				g_hash_table_insert(pages_of, key, set);
			} else {
				g_free(key);
			}
			g_hash_table_add(set, GINT_TO_POINTER(page->index));
		}
	}
	for (guint p = 0; p < issue->pages->len; p++) {
		QkPage *page = g_ptr_array_index(issue->pages, p);
		for (guint b = 0; b < page->blocks->len; b++) {
			QkBlock *blk = g_ptr_array_index(page->blocks, b);
			if (blk->role == QK_ROLE_FURNITURE || blk->role == QK_ROLE_TABLE ||
			    !in_band(&blk->bbox, page->height))
				continue;
			char *text = qk_block_text(blk);
			char *key = repeat_key(text);
			GHashTable *set = g_hash_table_lookup(pages_of, key);
			if (set && g_hash_table_size(set) >= 2) {
				blk->role = QK_ROLE_FURNITURE;
				g_free(blk->furniture);
				if (count_dots(text) >= 3) {
					blk->furniture = g_strdup("slogan");
				} else if (!*key) {
					blk->furniture = g_strdup("page-number");
				} else {
					blk->furniture = g_strdup("running-head");
					if (!blk->section) {
						char *t = trimmed(text);
						if (g_utf8_strlen(t, -1) <= 12 && !strpbrk(t, "0123456789"))
							blk->section = g_strdup(t);
						g_free(t);
					}
				}
			}
			g_free(key);
			g_free(text);
		}
	}
	g_hash_table_destroy(pages_of);
}
