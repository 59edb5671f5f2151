/*
 * ocrtocrow.c — the end of a TOC row's text as a scan reads it: the
 * leaders that run to the page, and the speck OCR makes of their first
 * dot.
 */
#include <string.h>

#include "norm.h"
#include "structure.h"

/* Whether c is a leader's dot, or the space between two. */
static gboolean leader_char(gunichar c)
{
	return c == '.' || c == ' ' || c == 0x2026 /* … */ ||
	       c == 0x22ef /* ⋯ */ || c == 0x00b7 /* · */ ||
	       c == 0xff0e /* ． */ || c == 0x3000;
}

/* The dots a leader char counts for: an ellipsis prints two or three. */
static int dots_of(gunichar c)
{
	return c == 0x2026 || c == 0x22ef ? 2 : c == ' ' || c == 0x3000 ? 0 : 1;
}

/* What a scan makes of a leader's first dot, or of the gap before it:
 * punctuation no title or name ends with before leaders (刘红宇；……, 曾小：……). */
static gboolean leader_speck(gunichar c)
{
	return c == 0xff1b /* ； */ || c == ';' || c == 0xff1a /* ： */ ||
	       c == ':' || c == 0xff0c /* ， */ || c == ',' ||
	       c == 0x3001 /* 、 */;
}

int qk_structure_toc_cut_leaders(char *t, const char *line)
{
	/* the leaders ending t, dots, ellipses and spaces in any mix (a scan
	 * reads one run of dots as . … ⋯ in turn) */
	char *end = t + strlen(t);
	while (end > t) {
		char *prev = g_utf8_find_prev_char(t, end);
		if (prev == NULL || !leader_char(g_utf8_get_char(prev)))
			break;
		end = prev;
	}
	*end = '\0';
	/* the leaders after t on the line: those just cut, or those before
	 * a page the caller took off already (曾小：……(3)) */
	int dots = 0;
	gsize n = strlen(t);
	if (line != NULL && strncmp(line, t, n) == 0)
		for (const char *r = line + n; *r; r = g_utf8_next_char(r)) {
			gunichar c = g_utf8_get_char(r);
			if (!leader_char(c))
				break;
			dots += dots_of(c);
		}
	if (dots >= 2 && end > t) {
		char *prev = g_utf8_find_prev_char(t, end);
		if (prev != NULL && prev > t && leader_speck(g_utf8_get_char(prev)))
			*prev = '\0';
	}
	g_strchomp(t);
	return dots;
}

void qk_structure_row_conf_add(GString *conf, const QkLine *piece,
                               gboolean first)
{
	if (!first)
		g_string_append(conf, "ee");   /* the two spaces: 101 each */
	gsize chars = (gsize)g_utf8_strlen(piece->text ? piece->text : "", -1);
	gsize have = piece->conf != NULL ? MIN(strlen(piece->conf), chars) : 0;
	if (have > 0)
		g_string_append_len(conf, piece->conf, (gssize)have);
	for (gsize k = have; k < chars; k++)
		g_string_append_c(conf, 'e');
}

gboolean qk_structure_toc_page_lost(const QkLine *l)
{
	if (l == NULL || l->conf == NULL)
		return FALSE;
	QkTocLine tl;
	qk_structure_parse_toc_line(l->text, &tl);
	gboolean yes = tl.kind == QK_TOCL_TEXT && tl.page == NULL &&
	               tl.leaders && tl.text != NULL && *tl.text;
	qk_structure_toc_line_clear(&tl);
	return yes;
}

gboolean qk_structure_toc_row_piece(const QkWords *w, const char *text)
{
	QkTocLine tl;
	qk_structure_parse_toc_line(text, &tl);
	gboolean yes = tl.kind != QK_TOCL_TEXT;
	if (!yes && tl.page == NULL && tl.text != NULL && *tl.text) {
		/* a section's name in lenticular brackets, or a known one */
		char *known = qk_norm_section_name(tl.text);
		yes = g_str_has_prefix(tl.text, "【") || (known != NULL && *known) ||
		      qk_structure_looks_like_names_w(w, tl.text);
		g_free(known);
	}
	qk_structure_toc_line_clear(&tl);
	return yes;
}

/* The TOC's own titles of two characters (data/toc.tsv: 目录, 要目). */
static const GPtrArray *two_char_titles(void)
{
	static GPtrArray *two;
	if (g_once_init_enter(&two)) {
		GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
		GPtrArray *t = g_ptr_array_new_with_free_func(g_free);
		const QkWordKind kinds[] = { { "title", all, NULL } };
		qk_structure_read_words("toc.tsv", kinds, G_N_ELEMENTS(kinds));
		for (guint i = 0; i < all->len; i++) {
			const char *w = g_ptr_array_index(all, i);
			if (g_utf8_strlen(w, -1) == 2)
				g_ptr_array_add(t, g_strdup(w));
		}
		g_ptr_array_free(all, TRUE);
		g_once_init_leave(&two, t);
	}
	return two;
}

gboolean qk_structure_is_toc_title_half(const char *row)
{
	char *sq = qk_structure_squeeze(row ? row : "");
	gboolean yes = FALSE;
	if (g_utf8_strlen(sq, -1) == 1 && (guchar)sq[0] >= 0x80) {
		const GPtrArray *t = two_char_titles();
		for (guint i = 0; i < t->len && !yes; i++)
			yes = strstr(g_ptr_array_index(t, i), sq) != NULL;
	}
	g_free(sq);
	return yes;
}

/* A bracket of a page's as a scan reads it, of any shape (angle ones
 * too): none of the marks a leader's dot or a bar makes. */
static gboolean pair_mark(gunichar c)
{
	return (c < 0x80 && c > 0 && strchr("()[]{}<>", (int)c) != NULL) ||
	       c == 0xff08 || c == 0xff09 || c == 0x3010 || c == 0x3011 ||  /* （ ） 【 】 */
	       c == 0x3014 || c == 0x3015 || c == 0x3008 || c == 0x3009 ||  /* 〔 〕 〈 〉 */
	       c == 0x300a || c == 0x300b || c == 0xff3b || c == 0xff3d;    /* 《 》 ［ ］ */
}

/* What a scan makes of a page number's brackets, or sets beside them:
 * brackets of any shape, bars, the punctuation of a leader's last dot. */
static gboolean page_mark(gunichar c)
{
	return pair_mark(c) ||
	       (c < 0x80 && c > 0 && strchr("|\\/.,:;'\"`-_~", (int)c) != NULL) ||
	       c == 0xff5b || c == 0xff5d || c == 0xff5c || c == 0x2014 ||  /* ｛ ｝ ｜ — */
	       c == 0x2026 || c == 0x00b7 || c == 0xff0e || c == 0x3002 ||  /* … · ． 。 */
	       leader_speck(c);
}

char *qk_structure_toc_page_piece(const QkLine *l, gboolean ocr)
{
	if (l == NULL || !ocr || l->text == NULL ||
	    !g_utf8_validate(l->text, -1, NULL))
		return NULL;
	GString *digits = g_string_new(NULL);
	int marks = 0, letters = 0, chars = 0;
	for (const char *p = l->text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || c == 0x3000)
			continue;
		chars++;
		if (c < 0x80 && g_ascii_isdigit((char)c))
			g_string_append_c(digits, (char)c);
		else if (page_mark(c))
			marks++;
		else if (c < 0x80 && g_ascii_isalpha((char)c))
			letters++;
		else
			letters += 100;   /* Han, anything else: text */
	}
	/* one character between brackets ((巡) for (4), (了) for (7)) */
	gboolean one = chars == 3 && marks == 2 && digits->len == 0 &&
	               page_mark(g_utf8_get_char(l->text + strspn(l->text, " "))) &&
	               page_mark(g_utf8_get_char(g_utf8_find_prev_char(l->text,
	                         l->text + strlen(l->text))));
	/* a bracket alone, the page's digits lost or read as it (xelatex-mag-64
	 * at 200 dpi: 秦学军 ………… < for 5, set apart in the page column) */
	gunichar c0 = chars == 1 ? g_utf8_get_char(l->text + strspn(l->text, " ")) : 0;
	gboolean bracket = c0 != 0 && pair_mark(c0);
	char *page = NULL;
	if (one || bracket)
		page = g_strdup("(0)");
	else if (letters == 0 && digits->len >= 1 && digits->len <= 3 && marks > 0)
		page = g_strdup_printf("(%s)", digits->str);
	else if (letters > 0 && letters <= 2 && marks >= 1 && chars <= 4 &&
	         digits->len + letters <= 3)
		page = g_strdup("(0)");   /* read, but not as digits */
	g_string_free(digits, TRUE);
	return page;
}

void qk_structure_toc_drop_zero_pages(GPtrArray *sections, guint first)
{
	for (guint s = first; s < sections->len; s++) {
		QkTocSection *sec = g_ptr_array_index(sections, s);
		for (guint e = 0; e < sec->entries->len; e++) {
			QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			if (en->page != NULL && strspn(en->page, "0") == strlen(en->page)) {
				g_free(en->page);
				en->page = NULL;
			}
		}
	}
}

void qk_structure_toc_drop_marks(GPtrArray *sections, guint first)
{
	for (guint s = first; s < sections->len; s++) {
		QkTocSection *sec = g_ptr_array_index(sections, s);
		for (guint e = sec->entries->len; e-- > 0;) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			guint letters = 0;
			for (const char *p = en->title ? en->title : ""; *p && letters < 2;
			     p = g_utf8_next_char(p))
				letters += g_unichar_isalnum(g_utf8_get_char(p)) != 0;
			if (en->page == NULL && en->authors->len == 0 && letters < 2)
				g_ptr_array_remove_index(sec->entries, e);
		}
		if (sec->entries->len == 0 && sec->name == NULL)
			g_ptr_array_remove_index(sections, s--);
	}
}
