/*
 * ocrbanner.c — a section's name printed in a frame or beside a bar over
 * an article (卷首语 with a rule at its right, [本期特稿]), as a scan
 * reads it: the frame's sides come back as | [ ] 丨, which no section's
 * name prints.
 */
#include <string.h>

#include "structure.h"

/* What a scan reads a frame's side or a bar as. */
static gboolean frame_side(gunichar c)
{
	return c == '|' || c == 0xff5c /* ｜ */ || c == 0x4e28 /* 丨 */ ||
	       c == '[' || c == ']' || c == 0x3014 || c == 0x3015 /* 〔〕 */ ||
	       c == 0xff3b || c == 0xff3d /* ［］ */ || g_unichar_isspace(c);
}

char *qk_structure_framed_section_name(const char *text)
{
	char *v = g_utf8_make_valid(text ? text : "", -1);
	char *s = v, *e = v + strlen(v);
	while (*s && frame_side(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	while (e > s) {
		char *p = g_utf8_find_prev_char(s, e);
		if (p == NULL || !frame_side(g_utf8_get_char(p)))
			break;
		e = p;
	}
	*e = '\0';
	char *name = qk_structure_section_name(s);
	g_free(v);
	return name;
}

void qk_structure_drop_bar(char *text)
{
	if (text == NULL || !g_utf8_validate(text, -1, NULL))
		return;
	gunichar c = g_utf8_get_char(text);
	if (c != '|' && c != 0xff5c /* ｜ */)
		return;
	const char *rest = g_utf8_next_char(text);
	while (*rest && g_unichar_isspace(g_utf8_get_char(rest)))
		rest = g_utf8_next_char(rest);
	if (*rest)
		memmove(text, rest, strlen(rest) + 1);
}

/* A line printed in the width of a fifth of its characters' ems or less
 * holds nothing a page prints: its glyphs were stacked where OCR put them. */
#define QK_COLLAPSED_WIDTH 0.2

gboolean qk_structure_collapsed_block(const QkBlock *b)
{
	if (b == NULL || b->lines->len == 0)
		return FALSE;
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		glong n = 0;
		for (const char *p = l->text ? l->text : ""; *p; p = g_utf8_next_char(p))
			n += !g_unichar_isspace(g_utf8_get_char(p));
		double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
		if (n < 2 || em <= 0 ||
		    l->bbox.x1 - l->bbox.x0 >= QK_COLLAPSED_WIDTH * em * (double)n)
			return FALSE;
	}
	return TRUE;
}
