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
