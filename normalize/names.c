/* names.c — personal names in bylines and TOC authors. Typesetters widen a
 * two-character name to the width of three with a space (祁 贵), so a run of
 * single characters pairs up into names: "王 荣 王晓丽 唐 丽" → 王荣, 王晓丽,
 * 唐丽. Body text is never touched. */
#include <string.h>

#include "norm.h"

static gboolean sep_char(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000 || c == 0x00A0 ||
	       g_utf8_strchr("、，,;；/／|", -1, c) != NULL;
}

static gboolean han(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

/* Role words printed before names. */
static const char *prefixes[] = {
	"本报记者", "本报通讯员", "特约记者", "通讯员", "记者", "作者", "撰稿",
	"文/图", "文／图", "文/", "文／", "图/", "图／", "文", "图",
};

/* Whole tokens that name a role, never a person. */
static const char *roles[] = {
	"本报讯", "本报记者", "本报通讯员", "特约记者", "通讯员", "记者", "实习生",
	"摄", "摄影", "文", "图", "文/图", "编辑", "责任编辑", "作者", "撰稿",
};

static const char *skip_prefix(const char *s)
{
	for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		gsize l = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], l) != 0)
			continue;
		const char *p = s + l;
		gunichar c = g_utf8_get_char(p);
		/* 文 and 图 alone only with a separator after them (文：…). */
		if (l == 3 && c != ':' && c != 0xFF1A && c != '/' && c != 0xFF0F)
			continue;
		while (*p && (g_utf8_get_char(p) == ':' || g_utf8_get_char(p) == 0xFF1A ||
		              sep_char(g_utf8_get_char(p))))
			p = g_utf8_next_char(p);
		return p;
	}
	return s;
}

GPtrArray *qk_norm_split_names(const char *s)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	if (!s)
		return names;
	char *valid = g_utf8_make_valid(s, -1);
	/* Drop enclosing brackets: (祁贵) */
	GString *clean = g_string_new(NULL);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09)
			g_string_append_c(clean, ' ');
		else
			g_string_append_unichar(clean, c);
	}
	g_free(valid);
	const char *start = clean->str;
	while (*start && sep_char(g_utf8_get_char(start)))
		start = g_utf8_next_char(start);
	start = skip_prefix(start);

	GPtrArray *tokens = g_ptr_array_new_with_free_func(g_free);
	GString *tok = g_string_new(NULL);
	for (const char *p = start;; p = g_utf8_next_char(p)) {
		gunichar c = *p ? g_utf8_get_char(p) : 0;
		if (c == 0 || sep_char(c)) {
			if (tok->len)
				g_ptr_array_add(tokens, g_strdup(tok->str));
			g_string_truncate(tok, 0);
			if (c == 0)
				break;
		} else {
			g_string_append_unichar(tok, c);
		}
	}
	g_string_free(tok, TRUE);
	g_string_free(clean, TRUE);

	/* Role words between names (本报讯（记者 王荣 通讯员 唐 丽）, 李小龙 摄)
	 * are not names; a role glued to a name (记者王荣) comes off. */
	for (guint i = 0; i < tokens->len;) {
		char *t = tokens->pdata[i];
		gboolean role = FALSE;
		for (gsize k = 0; k < G_N_ELEMENTS(roles) && !role; k++)
			role = strcmp(t, roles[k]) == 0;
		/* 文 杰 is a spaced name, 李小龙 摄 a credit: a one-character role
		 * word goes only when no one-character token follows it */
		if (role && g_utf8_strlen(t, -1) == 1 && i + 1 < tokens->len &&
		    g_utf8_strlen(tokens->pdata[i + 1], -1) == 1)
			role = FALSE;
		if (role) {
			g_ptr_array_remove_index(tokens, i);
			continue;
		}
		for (gsize k = 0; k < G_N_ELEMENTS(roles); k++) {
			gsize l = strlen(roles[k]);
			if (g_utf8_strlen(roles[k], -1) >= 2 && strncmp(t, roles[k], l) == 0 &&
			    g_utf8_strlen(t + l, -1) >= 2) {
				memmove(t, t + l, strlen(t + l) + 1);
				break;
			}
		}
		i++;
	}

	for (guint i = 0; i < tokens->len; i++) {
		const char *t = tokens->pdata[i];
		glong n = g_utf8_strlen(t, -1);
		gboolean t_han = han(g_utf8_get_char(t));
		if (n == 1 && t_han && i + 1 < tokens->len) {
			const char *u = tokens->pdata[i + 1];
			if (g_utf8_strlen(u, -1) == 1 && han(g_utf8_get_char(u))) {
				g_ptr_array_add(names, g_strconcat(t, u, NULL));
				i++;
				continue;
			}
		}
		if (!t_han && g_ascii_isalpha(t[0])) {
			/* Latin names keep their inner spaces: John Smith */
			GString *latin = g_string_new(t);
			while (i + 1 < tokens->len && g_ascii_isalpha(((char *)tokens->pdata[i + 1])[0])) {
				g_string_append_c(latin, ' ');
				g_string_append(latin, tokens->pdata[++i]);
			}
			g_ptr_array_add(names, g_string_free(latin, FALSE));
			continue;
		}
		g_ptr_array_add(names, g_strdup(t));
	}
	g_ptr_array_free(tokens, TRUE);
	return names;
}

char *qk_norm_join_name(const char *s)
{
	if (!s)
		return NULL;
	char *valid = g_utf8_make_valid(s, -1);
	GString *out = g_string_new(NULL);
	gunichar prev = 0;
	gboolean pending_space = FALSE;
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || c == 0x3000 || c == 0x00A0) {
			pending_space = out->len > 0;
			continue;
		}
		/* a space survives only between two non-Han characters */
		if (pending_space && !han(prev) && !han(c))
			g_string_append_c(out, ' ');
		pending_space = FALSE;
		g_string_append_unichar(out, c);
		prev = c;
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}
