/*
 * names.c — file names as qikan prints and records them.
 *
 * A file name is bytes: it may not be UTF-8, and it may hold a newline
 * that would split a one-line report (or forge a "done" line). Every name
 * qikan prints, and the file column of manifest.csv and issues.csv, is the
 * name escaped here; the escaping is reversible, so the bytes are kept.
 */
#include "cli.h"

#include <string.h>

/* Characters written as \xHH: controls, line and paragraph separators and
 * format characters (bidirectional overrides can make a name read as
 * another). */
static gboolean needs_escape(gunichar ch)
{
	if (ch == '\\')
		return TRUE;
	switch (g_unichar_type(ch)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
		return TRUE;
	default:
		return FALSE;
	}
}

char *qk_cli_escape_name(const char *name)
{
	GString *s = g_string_new(NULL);
	const char *p = name ? name : "";
	gsize left = strlen(p);
	while (left > 0) {
		gunichar ch = g_utf8_get_char_validated(p, (gssize)left);
		gsize n = ch < 0x110000 ? (gsize)(g_utf8_next_char(p) - p) : 1;
		if (ch >= 0x110000 || needs_escape(ch)) {   /* each byte as \xHH */
			for (gsize i = 0; i < n; i++)
				g_string_append_printf(s, "\\x%02x", (guint8)p[i]);
		} else {
			g_string_append_len(s, p, (gssize)n);
		}
		p += n;
		left -= n;
	}
	return g_string_free(s, FALSE);
}
