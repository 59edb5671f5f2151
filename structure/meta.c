/*
 * meta.c — issue metadata from printed lines: 2023年第1期, 总第168期,
 * (双月出版), 2023年2月25日出版, 主管/主办, the editorial committee, and the
 * newspaper masthead (date, 星期, 农历, 第8881期, 今日四版, CN number).
 * Fields not printed stay NULL.
 */
#include <string.h>

#include "structure.h"
#include "recache.h"

char *qk_structure_cn_number(const char *text)
{
	char *v = qk_structure_squeeze(text);
	char *res = NULL;
	if (*v && strspn(v, "0123456789") == strlen(v)) {
		res = g_strdup(v);
		goto out;
	}
	/* 一 … 九十九: enough for edition counts and issue numbers */
	static const char digits[] = "零一二三四五六七八九";
	long total = 0, cur = -1;
	gboolean any = FALSE;
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		const char *d = g_utf8_strchr(digits, -1, c);
		if (c == 0x3007 /* 〇 */)
			d = digits;
		if (d != NULL) {
			cur = g_utf8_pointer_to_offset(digits, d);
			any = TRUE;
		} else if (c == 0x5341 /* 十 */) {
			total += (cur < 0 ? 1 : cur) * 10;
			cur = -1;
			any = TRUE;
		} else if (c == 0x4E24 /* 两 */) {
			cur = 2;
			any = TRUE;
		} else {
			goto out;
		}
	}
	if (any) {
		total += cur < 0 ? 0 : cur;
		res = g_strdup_printf("%ld", total);
	}
out:
	g_free(v);
	return res;
}

/* Runs pattern on s; returns the groups (NULL when no match). must is
 * text every match of pattern holds: a line without it is not matched
 * (a byte search; each line of the front pages meets a dozen patterns). */
static char **match_groups(const char *must, const char *pattern, const char *s)
{
	if (strstr(s, must) == NULL)
		return NULL;
	GRegex *re = qk_regex(pattern, 0);
	if (re == NULL)
		return NULL;
	GMatchInfo *mi = NULL;
	char **groups = NULL;
	if (g_regex_match(re, s, 0, &mi))
		groups = g_match_info_fetch_all(mi);
	g_match_info_free(mi);
	return groups;
}

static void set_once(char **field, const char *value)
{
	if (*field == NULL && value != NULL && *value)
		*field = g_strdup(value);
}

/* "主 管:朔州市人民政府" → key "主管", value "朔州市人民政府". */
static gboolean key_value(const char *v, char **key, char **value)
{
	const char *colon = NULL;
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == ':' || c == 0xFF1A) {
			colon = p;
			break;
		}
	}
	if (colon == NULL || colon == v)
		return FALSE;
	char *k = g_strndup(v, colon - v);
	*key = qk_structure_squeeze(k);
	g_free(k);
	*value = g_strstrip(g_strdup(g_utf8_next_char(colon)));
	if (g_utf8_strlen(*key, -1) > 8) {
		g_free(*key);
		g_free(*value);
		return FALSE;
	}
	return TRUE;
}

static gboolean is_editor_role(const QkWords *w, const char *key)
{
	for (guint i = 0; i < w->editors->len; i++)
		if (strcmp(key, g_ptr_array_index(w->editors, i)) == 0)
			return TRUE;
	return FALSE;
}

/* One field per committee role, names as printed (runs of white space
 * become one space); a role whose names continue on following lines
 * gets them appended. */
static void add_editors(QkMeta *meta, const char *role, const char *names)
{
	GString *v = g_string_new(NULL);
	char **parts = g_regex_split(qk_regex("[\\s\\x{3000}]+", 0), names, 0);
	for (int i = 0; parts && parts[i]; i++)
		if (*parts[i])
			g_string_append_printf(v, "%s%s", v->len ? " " : "",
			                       parts[i]);
	g_strfreev(parts);
	QkField *last = meta->editors->len
	                ? g_ptr_array_index(meta->editors, meta->editors->len - 1)
	                : NULL;
	if (last != NULL && strcmp(last->name, role) == 0) {
		char *joined = g_strconcat(last->value, " ", v->str, NULL);
		g_free(last->value);
		last->value = joined;
	} else {
		g_ptr_array_add(meta->editors, qk_field_new(role, v->str));
	}
	g_string_free(v, TRUE);
}

/* "(以姓氏笔划为序)" and the like under 委员. */
static gboolean is_aside(const char *sq)
{
	gunichar c = g_utf8_get_char(sq);
	return (c == '(' || c == 0xFF08) && strstr(sq, "为序") != NULL;
}

/* The issue line of a letter's masthead: 第12期（总第148期） 朔州市人民政府
 *发展研究中心 2023年12月18日 — an issue number and a date on one line. */
static gboolean issue_line(const char *sq)
{
	return strstr(sq, "期") != NULL && qk_regex_match_simple("第\\d{1,6}期", sq, 0, 0) &&
	       qk_regex_match_simple("\\d{4}年\\d{1,2}月\\d{1,2}日", sq, 0, 0);
}

static void date_fields(QkMeta *meta, const char *v, const char *sq)
{
	if (meta->date != NULL)
		return;
	/* the issue date: printed with 出版 or 星期, standing alone, or on
	 * the issue line */
	gboolean dated = strstr(sq, "出版") || strstr(sq, "星期") ||
	                 g_utf8_strlen(sq, -1) <= 14 || issue_line(sq);
	if (!dated)
		return;
	char **g = match_groups("年", "(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*"
	                        "(\\d{1,2})\\s*日(\\s*出版)?", v);
	if (g == NULL)
		return;
	guint64 y = g_ascii_strtoull(g[1], NULL, 10);
	guint64 m = g_ascii_strtoull(g[2], NULL, 10);
	guint64 d = g_ascii_strtoull(g[3], NULL, 10);
	if (g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y)) {
		meta->date = g_strdup_printf("%04u-%02u-%02u", (unsigned)y,
		                             (unsigned)m, (unsigned)d);
		/* as printed, without the spacing of the typesetting */
		meta->date_text = g_strdup_printf("%s年%s月%s日", g[1], g[2],
		                                  g[3]);
		if (meta->year == NULL)
			meta->year = g_strdup(g[1]);
	}
	g_strfreev(g);
}

/* The one organisation an issue line names (a letter printed without
 * 主管/主办 lines) issues and sponsors it. */
static void issuer(const QkWords *w, QkMeta *meta, const char *v)
{
	char **toks = g_regex_split(qk_regex("[\\s\\x{3000}]+", 0), v, 0);
	for (int i = 0; toks && toks[i]; i++) {
		const char *t = toks[i];
		gboolean han = g_utf8_strlen(t, -1) >= 4;
		for (const char *p = t; han && *p; p = g_utf8_next_char(p))
			han = g_unichar_get_script(g_utf8_get_char(p)) ==
			      G_UNICODE_SCRIPT_HAN;
		for (guint k = 0; han && k < w->orgs->len; k++)
			if (g_str_has_suffix(t, g_ptr_array_index(w->orgs, k))) {
				set_once(&meta->publisher, t);
				set_once(&meta->sponsor, t);
				break;
			}
	}
	g_strfreev(toks);
}

static void line_fields(const QkWords *w, QkMeta *meta, const char *v,
                        const char *sq, char **committee_role)
{
	char **g;
	if ((g = match_groups("年第", "^(\\S*?)(\\d{4})年第(\\d{1,3})期", sq))) {
		if (meta->number == NULL || meta->kind != QK_KIND_NEWSPAPER) {
			set_once(&meta->year, g[2]);
			if (meta->number == NULL)
				meta->number = g_strdup(g[3]);
			if (*g[1] && g_utf8_strlen(g[1], -1) <= 12)
				set_once(&meta->title, g[1]);
		}
		g_strfreev(g);
	} else if ((g = match_groups("期", issue_line(sq) ? "(?<!总)第(\\d{1,6})期"
	                                            : "(?<!总)第(\\d{3,6})期", sq))) {
		set_once(&meta->number, g[1]);
		g_strfreev(g);
	}
	if (issue_line(sq))
		issuer(w, meta, v);
	if ((g = match_groups("总第", "总第(\\d+)期", sq))) {
		set_once(&meta->total_number, g[1]);
		g_strfreev(g);
	}
	/* (月刊), (月出版), 双月刊: 刊 or 出版 in each */
	if ((strstr(sq, "刊") || strstr(sq, "出版")) &&
	    (g = match_groups("", "[(（]((?:双月|半月|月|季|旬|双周|周)(?:出版|刊))"
	                      "[)）]|^((?:双月|半月|月|季|旬|双周|周)刊)$", sq))) {
		set_once(&meta->frequency, *g[1] ? g[1] : g[2]);
		g_strfreev(g);
	}
	date_fields(meta, v, sq);
	if ((g = match_groups("星期", "星期[一二三四五六日天]", sq))) {
		set_once(&meta->weekday, g[0]);
		g_strfreev(g);
	}
	if ((g = match_groups("农历", "农历[^\\s，,；;]+", v))) {
		set_once(&meta->lunar_date, g[0]);
		g_strfreev(g);
	}
	if ((g = match_groups("今日", "今日([一二三四五六七八九十两\\d]{1,3})版", sq))) {
		char *n = qk_structure_cn_number(g[1]);
		set_once(&meta->edition_count, n);
		g_free(n);
		g_strfreev(g);
	}
	if ((g = match_groups("CN", "CN\\d{2}[—\\-–－]\\d{4}(?:/[A-Z]{1,2})?", sq))) {
		set_once(&meta->cn, g[0]);
		g_strfreev(g);
	}
	if ((g = match_groups("社出版", "(\\p{Han}{2,12}社)出版", v))) {
		set_once(&meta->publisher, g[1]);
		g_strfreev(g);
	}

	char *key = NULL, *value = NULL;
	if (key_value(v, &key, &value)) {
		if (strcmp(key, "主管") == 0 || strcmp(key, "主管单位") == 0)
			set_once(&meta->sponsor, value);
		else if (strcmp(key, "主办") == 0 ||
		         strcmp(key, "主办单位") == 0)
			set_once(&meta->publisher, value);
		else if (is_editor_role(w, key)) {
			g_free(*committee_role);
			*committee_role = NULL;
			if (*value == '\0')
				*committee_role = g_strdup(key); /* names follow */
			else if (qk_structure_looks_like_names_w(w, value))
				add_editors(meta, key, value);
		} else {
			g_free(*committee_role);
			*committee_role = NULL;
		}
		g_free(key);
		g_free(value);
	} else if (*committee_role != NULL) {
		if (is_aside(sq))
			return;
		if (qk_structure_looks_like_names_w(w, v))
			add_editors(meta, *committee_role, v);
		else {
			g_free(*committee_role);
			*committee_role = NULL;
		}
	}
}

void qk_structure_meta_from_lines(QkMeta *meta, const GPtrArray *lines)
{
	char *committee_role = NULL;
	const QkWords *w = qk_structure_words();
	for (guint i = 0; lines != NULL && i < lines->len; i++) {
		char *v = g_utf8_make_valid(g_ptr_array_index(lines, i), -1);
		g_strstrip(v);
		char *sq = qk_structure_squeeze(v);
		if (*sq)
			line_fields(w, meta, v, sq, &committee_role);
		g_free(sq);
		g_free(v);
	}
	g_free(committee_role);
}
