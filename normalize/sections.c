/* sections.c — canonical section names (◆ 卷首语, ·本期特稿· → 本期特稿) from
 * data/sections.txt, and heading levels of numbered lines (一、 （一） 1. （1）). */
#include <string.h>

#include "norm.h"

/* Loads sections.txt lines (canonical<TAB>alias|alias) into n->sections. */
gboolean qk_norm_load_sections(QkNormalizer *n, char **lines)
{
	n->sections = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (int i = 0; lines[i]; i++) {
		char **f = g_strsplit(lines[i], "\t", 2);
		char *canon = g_strstrip(g_strdup(f[0] ? f[0] : ""));
		if (*canon) {
			g_hash_table_replace(n->sections, g_strdup(canon), g_strdup(canon));
			if (f[0] && f[1]) {
				char **al = g_strsplit(f[1], "|", -1);
				for (int k = 0; al[k]; k++) {
					g_strstrip(al[k]);
					if (*al[k])
						g_hash_table_replace(n->sections, g_strdup(al[k]),
						                     g_strdup(canon));
				}
				g_strfreev(al);
			}
		}
		g_free(canon);
		g_strfreev(f);
	}
	return TRUE;
}

static gboolean marker_char(gunichar c)
{
	return g_utf8_strchr("◆◇■□●○•·・★☆▲△▶►◎※【】〖〗[]", -1, c) != NULL ||
	       c == 0x00B7 || c == 0x2022;
}

static gboolean space_char(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000 || c == 0x00A0;
}

/* The name without markers and spaces; *marked when a marker was there.
 * NULL when a marker is left inside (a slogan ·…·…·) or nothing remains. */
static char *strip_markers(const char *raw, gboolean *marked)
{
	*marked = FALSE;
	if (!raw || !g_utf8_validate(raw, -1, NULL))
		return NULL;
	GString *out = g_string_new(NULL);
	gboolean inner_marker = FALSE;
	for (const char *p = raw; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (space_char(c))
			continue;
		if (marker_char(c)) {
			*marked = TRUE;
			if (out->len > 0)
				inner_marker = TRUE; /* decided below: trailing is fine */
			continue;
		}
		if (inner_marker) {
			/* text after a marker that followed text: two segments */
			g_string_free(out, TRUE);
			return NULL;
		}
		g_string_append_unichar(out, c);
	}
	if (out->len == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static gboolean plausible_name(const char *s)
{
	glong n = g_utf8_strlen(s, -1);
	if (n < 2 || n > 8)
		return FALSE;
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_unichar_get_script(g_utf8_get_char(p)) != G_UNICODE_SCRIPT_HAN)
			return FALSE;
	return TRUE;
}

char *qk_norm_section_name_with(const QkNormalizer *n, const char *raw)
{
	gboolean marked;
	char *s = strip_markers(raw, &marked);
	if (!s)
		return NULL;
	const char *canon = n && n->sections ? g_hash_table_lookup(n->sections, s) : NULL;
	char *res = canon ? g_strdup(canon) : (marked && plausible_name(s) ? g_strdup(s) : NULL);
	g_free(s);
	return res;
}

char *qk_norm_section_name(const char *raw)
{
	/* Without a context: the built-in list, read once per process (it is
	 * a constant resource, and extract asks for every TOC section line) */
	static QkNormalizer *builtin;
	if (g_once_init_enter(&builtin)) {
		static QkNormalizer n;
		char **lines = qk_norm_data_lines("sections.txt", NULL, NULL);
		if (lines)
			qk_norm_load_sections(&n, lines);
		g_strfreev(lines);
		g_once_init_leave(&builtin, &n);
	}
	return qk_norm_section_name_with(builtin, raw);
}

/* ---- heading levels ------------------------------------------------- */

static gboolean cn_numeral_char(gunichar c)
{
	return g_utf8_strchr("一二三四五六七八九十百零〇两", -1, c) != NULL;
}

/* Skips a run of characters accepted by pred; returns the end. */
static const char *skip_run(const char *p, gboolean (*pred)(gunichar), int *count)
{
	*count = 0;
	while (*p && pred(g_utf8_get_char(p))) {
		p = g_utf8_next_char(p);
		(*count)++;
	}
	return p;
}

static gboolean ascii_digit(gunichar c)
{
	return c >= '0' && c <= '9';
}

static gboolean open_paren(gunichar c)
{
	return c == '(' || c == 0xFF08;
}

static gboolean close_paren(gunichar c)
{
	return c == ')' || c == 0xFF09;
}

int qk_norm_heading_level(const char *line)
{
	if (!line || !g_utf8_validate(line, -1, NULL))
		return 0;
	const char *p = line;
	while (*p && space_char(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	gunichar c = g_utf8_get_char(p);
	int count = 0;
	if (c >= 0x2460 && c <= 0x2487) /* ① … ⑳, ⑴ … ⒇ */
		return 4;
	if (open_paren(c)) {
		const char *q = g_utf8_next_char(p);
		const char *r = skip_run(q, cn_numeral_char, &count);
		if (count > 0 && count <= 3 && close_paren(g_utf8_get_char(r)))
			return 2;
		r = skip_run(q, ascii_digit, &count);
		if (count > 0 && count <= 2 && close_paren(g_utf8_get_char(r)))
			return 4;
		return 0;
	}
	const char *r = skip_run(p, cn_numeral_char, &count);
	if (count > 0 && count <= 3) {
		gunichar d = g_utf8_get_char(r);
		if (d == 0x3001 /* 、 */ || d == 0xFF0E /* ． */)
			return 1;
		if (d == 0x662F /* 是 */ && g_utf8_strlen(line, -1) <= 40)
			return 4; /* 一是…: a short enumerated lead line */
		return 0;
	}
	r = skip_run(p, ascii_digit, &count);
	if (count > 0 && count <= 2) {
		gunichar d = g_utf8_get_char(r);
		gunichar after = *r ? g_utf8_get_char(g_utf8_next_char(r)) : 0;
		if ((d == '.' || d == 0xFF0E || d == 0x3001) && !ascii_digit(after) &&
		    !(after >= 0xFF10 && after <= 0xFF19))
			return 3;
	}
	return 0;
}
