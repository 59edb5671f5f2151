/*
 * byline.c — names, bylines, signatures, photo credits, notes, source
 * lines and numbered headings: the line-level vocabulary of an article.
 */
#include <string.h>

#include "norm.h"
#include "structure.h"

/* ---- the words (data/bylines.tsv) ------------------------------------ */

static gint longer_first(gconstpointer a, gconstpointer b)
{
	gsize la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

void qk_structure_read_words(const char *resource, const QkWordKind *kinds, gsize n)
{
	char **lines = qk_norm_data_lines(resource, NULL, NULL);
	for (int i = 0; lines && lines[i]; i++) {
		/* KIND<TAB>WORD, split in place (the lines are ours) */
		char *tab = strchr(lines[i], '\t');
		if (!tab)
			continue;
		*tab = '\0';
		const char *word = g_strstrip(tab + 1);
		for (gsize k = 0; *word && k < n; k++) {
			if (strcmp(lines[i], kinds[k].kind) == 0) {
				g_ptr_array_add(kinds[k].into, kinds[k].form ? kinds[k].form(word)
				                                             : g_strdup(word));
				break;
			}
		}
	}
	g_strfreev(lines);
}

static QkWords *words_load(void)
{
	QkWords *w = g_new0(QkWords, 1);
	w->roles = g_ptr_array_new_with_free_func(g_free);
	w->editors = g_ptr_array_new_with_free_func(g_free);
	w->orgs = g_ptr_array_new_with_free_func(g_free);
	w->surnames = g_ptr_array_new_with_free_func(g_free);
	w->families = g_string_new(NULL);
	GPtrArray **lists[] = { &w->marks, &w->jobs, &w->leads, &w->tails,
	                        &w->tailnotes, &w->notices };
	for (gsize i = 0; i < G_N_ELEMENTS(lists); i++)
		*lists[i] = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *families = g_ptr_array_new_with_free_func(g_free);
	const QkWordKind kinds[] = {
		{ "role", w->roles, NULL },         { "editor", w->editors, NULL },
		{ "org", w->orgs, NULL },           { "surname", w->surnames, NULL },
		{ "mark", w->marks, NULL },         { "job", w->jobs, NULL },
		{ "lead", w->leads, NULL },         { "tail", w->tails, NULL },
		{ "tailnote", w->tailnotes, NULL }, { "notice", w->notices, NULL },
		{ "family", families, NULL },
	};
	qk_structure_read_words("bylines.tsv", kinds, G_N_ELEMENTS(kinds));
	for (guint i = 0; i < families->len; i++)
		g_string_append(w->families, g_ptr_array_index(families, i));
	g_ptr_array_free(families, TRUE);
	g_ptr_array_sort(w->roles, longer_first);
	g_ptr_array_sort(w->marks, longer_first);
	g_ptr_array_sort(w->leads, longer_first);
	g_ptr_array_sort(w->tails, longer_first);
	return w;
}

/* Read once per process and never freed: a batch reads them before it
 * forks its workers (they were read again by each of ten callers, 0.5 M
 * instructions a time). */
const QkWords *qk_structure_words(void)
{
	static QkWords *words;
	if (g_once_init_enter(&words))
		g_once_init_leave(&words, words_load());
	return words;
}

static gboolean is_han(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

/* Separator between names: white space (incl. U+3000) and list marks. */
static gboolean is_name_sep(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000 || c == 0x3001 /* 、 */ ||
	       c == 0xFF0C /* ， */ || c == ',' || c == ';' || c == 0xFF1B ||
	       c == '/' || c == 0xFF0F || c == 0x00A0;
}

/* A validated copy with surrounding white space removed. */
static char *valid_trimmed(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	char *v = g_utf8_make_valid(s, -1);
	return g_strstrip(v);
}

/* ---- cheap refusals on the raw line ----------------------------------
 * The checks below run on every block's text (a paragraph, mostly) and
 * fail on nearly all of them, while valid_trimmed validates and copies the
 * whole of it first. g_utf8_make_valid keeps every valid character's bytes
 * and turns each invalid byte into U+FFFD, and g_strstrip drops ASCII
 * blanks: so a word (valid, without U+FFFD, as the words of bylines.tsv
 * are: test_parsers checks) that the repaired, trimmed line holds is in the
 * raw line, and one it starts with starts the raw line past its ASCII
 * blanks. A check that needs such a word goes on to valid_trimmed only when
 * the raw line has it: the same answers, for a few byte compares a line. */

/* is_open_bracket's characters */
static const char *const open_brackets[] = { "(", "（", "〔", "【", "〈" };

/* Whether a valid_trimmed copy of line could hold word (NULL: no line). */
static gboolean may_hold(const char *line, const char *word)
{
	return !line || strstr(line, word);
}

/* Whether a valid_trimmed copy of line could start with one of words, or,
 * when bracket, with an opening bracket and then one of them (words NULL:
 * the bracket alone). */
static gboolean may_start(const char *line, const GPtrArray *words, gboolean bracket)
{
	if (!line)
		return TRUE;
	while (g_ascii_isspace(*line))
		line++;
	gsize b = 0;
	for (gsize i = 0; bracket && !b && i < G_N_ELEMENTS(open_brackets); i++)
		if (*line == *open_brackets[i] && g_str_has_prefix(line, open_brackets[i]))
			b = strlen(open_brackets[i]);
	if (!words)
		return b > 0;
	for (guint i = 0; i < words->len; i++) {
		const char *w = g_ptr_array_index(words, i);
		if ((*line == *w && g_str_has_prefix(line, w)) ||
		    (b && line[b] == *w && g_str_has_prefix(line + b, w)))
			return TRUE;
	}
	return FALSE;
}

static GPtrArray *tokens(const char *valid)
{
	GPtrArray *toks = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (is_name_sep(c)) {
			if (cur->len > 0) {
				g_ptr_array_add(toks, g_strdup(cur->str));
				g_string_truncate(cur, 0);
			}
		} else {
			g_string_append_unichar(cur, c);
		}
	}
	if (cur->len > 0)
		g_ptr_array_add(toks, g_strdup(cur->str));
	g_string_free(cur, TRUE);
	return toks;
}

/* Names with lone single characters paired (王 荣 王晓丽 → 王荣 王晓丽):
 * the normalize stage's splitter, shared so both stages agree. */
static GPtrArray *name_tokens(const char *valid)
{
	return qk_norm_split_names(valid);
}

int qk_structure_split_names(const char *text, GPtrArray *out)
{
	char *v = valid_trimmed(text);
	GPtrArray *names = name_tokens(v);
	int n = (int)names->len;
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(out, g_strdup(g_ptr_array_index(names, i)));
	g_ptr_array_free(names, TRUE);
	g_free(v);
	return n;
}

static gboolean all_han(const char *s)
{
	if (*s == '\0')
		return FALSE;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!is_han(c) && c != 0x00B7 /* · in minority names */)
			return FALSE;
	}
	return TRUE;
}

static gboolean has_prefix_in(const char *s, const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++)
		if (g_str_has_prefix(s, g_ptr_array_index(list, i)))
			return TRUE;
	return FALSE;
}

static gboolean has_suffix_in(const char *s, const GPtrArray *list)
{
	for (guint i = 0; i < list->len; i++)
		if (g_str_has_suffix(s, g_ptr_array_index(list, i)))
			return TRUE;
	return FALSE;
}

static gboolean is_person_name(const QkWords *w, const char *tok)
{
	if (!all_han(tok))
		return FALSE;
	glong n = g_utf8_strlen(tok, -1);
	if (n == 2 || n == 3)
		return TRUE;
	if (n == 4)
		return has_prefix_in(tok, w->surnames);
	return strstr(tok, "·") != NULL && n <= 12;
}

gsize qk_structure_surname_at(const QkWords *w, const char *s)
{
	for (guint i = 0; i < w->surnames->len; i++)
		if (g_str_has_prefix(s, g_ptr_array_index(w->surnames, i)))
			return strlen(g_ptr_array_index(w->surnames, i));
	const char *next = g_utf8_next_char(s);
	char *c = g_strndup(s, next - s);
	gboolean hit = *c && strstr(w->families->str, c) != NULL;
	g_free(c);
	return hit ? (gsize)(next - s) : 0;
}

#define RUN_MAX 16
/* Names printed without a space between them (王虎刘晓琰, 李全胜韩冰): each
 * name a surname and one or two characters. Adds the names and returns
 * TRUE when exactly one split of the whole run does. */
gboolean qk_structure_split_run(const QkWords *w, const char *tok, GPtrArray *out)
{
	glong n = g_utf8_strlen(tok, -1);
	if (n < 4 || n > RUN_MAX || !all_han(tok))
		return FALSE;
	const char *at[RUN_MAX + 1];
	const char *p = tok;
	for (glong i = 0; i <= n; i++, p = *p ? g_utf8_next_char(p) : p)
		at[i] = p;
	/* ways[i]: splits of tok[i..]; cut[i]: the first name's length of
	 * one of them */
	int ways[RUN_MAX + 1] = { 0 }, cut[RUN_MAX + 1] = { 0 };
	ways[n] = 1;
	for (glong i = n - 1; i >= 0; i--) {
		gsize sb = qk_structure_surname_at(w, at[i]);
		if (sb == 0)
			continue;
		glong sl = g_utf8_strlen(at[i], (gssize)sb);
		for (glong len = sl + 1; len <= sl + 2 && i + len <= n; len++)
			if (ways[i + len] > 0) {
				ways[i] = MIN(ways[i] + ways[i + len], 2);
				cut[i] = (int)len;
			}
	}
	if (ways[0] != 1)
		return FALSE;
	for (glong i = 0; i < n; i += cut[i])
		g_ptr_array_add(out, g_strndup(at[i], at[i + cut[i]] - at[i]));
	return out->len >= 2;
}

/* A two-character name spaced to three characters' width (王 虎, 祁　贵)
 * is paired from single characters (name_tokens); a letter-spaced
 * heading (目 录, 破 题, 稳 中 求 进) pairs the same way. Every pair of
 * single Han characters in text, taken left to right as the pairing
 * does, must open with a surname (data/bylines.tsv families). */
static gboolean spaced_pairs_ok(const QkWords *w, const char *text)
{
	GPtrArray *toks = tokens(text);
	gboolean ok = TRUE;
	for (guint i = 0; ok && i + 1 < toks->len; i++) {
		const char *t = g_ptr_array_index(toks, i);
		const char *u = g_ptr_array_index(toks, i + 1);
		if (g_utf8_strlen(t, -1) != 1 || g_utf8_strlen(u, -1) != 1 ||
		    !is_han(g_utf8_get_char(t)) || !is_han(g_utf8_get_char(u)))
			continue;
		ok = qk_structure_surname_at(w, t) > 0;
		i++;
	}
	g_ptr_array_free(toks, TRUE);
	return ok;
}

static gboolean is_org_name(const QkWords *w, const char *tok)
{
	glong n = g_utf8_strlen(tok, -1);
	return all_han(tok) && n >= 4 && n <= 30 &&
	       has_suffix_in(tok, w->orgs);
}

/* Text made of Han characters, the middle dot of minority names and
 * separators only: what a list of names can contain. */
static gboolean plain_names_text(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!is_han(c) && !is_name_sep(c) && c != 0x00B7)
			return FALSE;
	}
	return TRUE;
}

/* Names only (persons), or a single organisation when allow_org. */
static gboolean names_ok(const QkWords *w, GPtrArray *names,
                         gboolean allow_org)
{
	if (names->len == 0 || names->len > 40)
		return FALSE;
	if (names->len == 1 && allow_org &&
	    is_org_name(w, g_ptr_array_index(names, 0)))
		return TRUE;
	for (guint i = 0; i < names->len; i++)
		if (!is_person_name(w, g_ptr_array_index(names, i)))
			return FALSE;
	return TRUE;
}

gboolean qk_structure_looks_like_names(const char *text)
{
	const QkWords *w = qk_structure_words();
	gboolean ok = qk_structure_looks_like_names_w(w, text);
	return ok;
}

gboolean qk_structure_looks_like_names_w(const QkWords *w, const char *text)
{
	char *v = valid_trimmed(text);
	GPtrArray *names = name_tokens(v);
	gboolean ok = plain_names_text(v) && names_ok(w, names, TRUE) &&
	              spaced_pairs_ok(w, v);
	g_ptr_array_free(names, TRUE);
	g_free(v);
	return ok;
}

/* Replaces every role word in s by a space (in place on a copy). */
static char *strip_role_words(const QkWords *w, const char *s)
{
	GString *out = g_string_new(NULL);
	const char *p = s;
	while (*p) {
		gboolean hit = FALSE;
		for (guint i = 0; i < w->roles->len; i++) {
			const char *r = g_ptr_array_index(w->roles, i);
			gsize n = strlen(r);
			if (strncmp(p, r, n) == 0) {
				g_string_append_c(out, ' ');
				p += n;
				hit = TRUE;
				break;
			}
		}
		if (!hit) {
			const char *next = g_utf8_next_char(p);
			g_string_append_len(out, p, next - p);
			p = next;
		}
	}
	return g_string_free(out, FALSE);
}

static void add_names(GPtrArray *names, GPtrArray *out)
{
	if (out == NULL)
		return;
	for (guint i = 0; i < names->len; i++)
		g_ptr_array_add(out, g_strdup(g_ptr_array_index(names, i)));
}

/* Parses "names with role words" (记者 A 通讯员 B); adds names when they
 * all look like names. */
static gboolean stray_space_run(const QkWords *w, const char *v, GPtrArray *out);

static gboolean parse_role_names(const QkWords *w, const char *s,
                                 gboolean allow_org, GPtrArray *out)
{
	char *stripped = strip_role_words(w, s);
	GPtrArray *names = name_tokens(g_strstrip(stripped));
	if (!names_ok(w, names, allow_org)) {
		/* names run together: split each run that names nothing
		 * alone */
		GPtrArray *split = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < names->len; i++) {
			const char *t = g_ptr_array_index(names, i);
			if (is_person_name(w, t) || !qk_structure_split_run(w, t, split))
				g_ptr_array_add(split, g_strdup(t));
		}
		g_ptr_array_free(names, TRUE);
		names = split;
	}
	gboolean ok = plain_names_text(stripped) &&
	              names_ok(w, names, allow_org) &&
	              spaced_pairs_ok(w, stripped);
	if (ok)
		add_names(names, out);
	else
		ok = stray_space_run(w, stripped, out);   /* 本报记者高 岩李文静… */
	g_ptr_array_free(names, TRUE);
	g_free(stripped);
	return ok;
}

/* 〈 〉 too: printed round a signature now and then, and a scan's
 * misreading of （ (〈侯强）). */
static gboolean is_open_bracket(gunichar c)
{
	return c == '(' || c == 0xFF08 || c == 0x3014 /* 〔 */ || c == 0x3010 ||
	       c == 0x3008 /* 〈 */;
}

static gboolean is_close_bracket(gunichar c)
{
	return c == ')' || c == 0xFF09 || c == 0x3015 || c == 0x3011 ||
	       c == 0x3009;
}

/* The text inside brackets when s is wholly bracketed, else NULL. */
static char *bracket_inner(const char *s)
{
	if (*s == '\0' || !is_open_bracket(g_utf8_get_char(s)))
		return NULL;
	const char *last = g_utf8_find_prev_char(s, s + strlen(s));
	if (last == NULL || last == s || !is_close_bracket(g_utf8_get_char(last)))
		return NULL;
	const char *in = g_utf8_next_char(s);
	if (in > last)
		return NULL;
	char *inner = g_strndup(in, last - in);
	return g_strstrip(inner);
}

gboolean qk_structure_parse_signature(const char *line, GPtrArray *authors_out)
{
	const QkWords *w = qk_structure_words();
	gboolean ok = qk_structure_parse_signature_w(w, line, authors_out);
	return ok;
}

gboolean qk_structure_parse_signature_w(const QkWords *w, const char *line,
                                      GPtrArray *authors_out)
{
	if (!may_start(line, NULL, TRUE))   /* no bracket_inner */
		return FALSE;
	char *v = valid_trimmed(line);
	char *inner = bracket_inner(v);
	gboolean ok = FALSE;
	if (inner != NULL && strstr(inner, "摄") == NULL)
		ok = parse_role_names(w, inner, FALSE, authors_out);
	g_free(inner);
	g_free(v);
	return ok;
}

/* "…讯（记者 X）" prefix: byte length of the prefix in v, 0 when none. */
static gsize news_prefix(const QkWords *w, const char *v, GPtrArray *out)
{
	const char *xun = strstr(v, "讯");
	if (xun == NULL || g_utf8_strlen(v, xun - v) > 12)
		return 0;
	for (const char *p = v; p < xun; p = g_utf8_next_char(p))
		if (!is_han(g_utf8_get_char(p)))
			return 0;
	const char *p = xun + strlen("讯");
	while (*p && (g_unichar_isspace(g_utf8_get_char(p)) ||
	              g_utf8_get_char(p) == 0x3000))
		p = g_utf8_next_char(p);
	/* 《 is a scan's reading of （ here (newspaper-2023-10-31 at 300
	 * dpi, 本报讯《记者刘敏）: five datelines lost their authors); a
	 * title's 《…》 never closes with a bracket */
	if (!is_open_bracket(g_utf8_get_char(p)) && g_utf8_get_char(p) != 0x300A)
		return 0;
	const char *in = g_utf8_next_char(p);
	const char *q = in;
	while (*q && !is_close_bracket(g_utf8_get_char(q))) {
		if (g_utf8_strlen(in, q - in) > 40)
			return 0;
		q = g_utf8_next_char(q);
	}
	if (*q == '\0')
		return 0;
	char *inner = g_strndup(in, q - in);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = parse_role_names(w, inner, FALSE, names);
	g_free(inner);
	if (ok)
		add_names(names, out);
	g_ptr_array_free(names, TRUE);
	return ok ? (gsize)(g_utf8_next_char(q) - v) : 0;
}

gboolean qk_structure_parse_byline(const char *line, GPtrArray *authors_out)
{
	const QkWords *w = qk_structure_words();
	gboolean ok = qk_structure_parse_byline_w(w, line, authors_out);
	return ok;
}

/* s past mark m, spaces inside it allowed (a scan reads 作者 :张翼飞,
 * a space before the colon: libreoffice-mag-58 at 200 dpi p9), or NULL
 * when s does not open with it. */
static const char *past_mark(const char *s, const char *m)
{
	while (*m) {
		while (*s == ' ' || g_str_has_prefix(s, "\u3000"))
			s = g_utf8_next_char(s);
		gunichar c = g_utf8_get_char(m);
		if (g_utf8_get_char(s) != c)
			return NULL;
		s = g_utf8_next_char(s);
		m = g_utf8_next_char(m);
	}
	return s;
}

/* s after the marks that open a byline (□, 作者：, 文／) and spaces. */
static const char *skip_marks(const QkWords *w, const char *s)
{
	gboolean again = TRUE;
	while (again) {
		again = FALSE;
		while (*s && is_name_sep(g_utf8_get_char(s)) &&
		       g_utf8_get_char(s) != 0x3001)
			s = g_utf8_next_char(s);
		for (guint i = 0; i < w->marks->len && !again; i++) {
			const char *past = past_mark(s, g_ptr_array_index(w->marks, i));
			if (past != NULL) {
				s = past;
				again = TRUE;
			}
		}
	}
	return s;
}

/* v's Han characters with its spaces left out (newly allocated) when v
 * holds Han characters and spaces only, else NULL. */
static char *han_without_spaces(const char *v)
{
	GString *sq = g_string_new(NULL);
	for (const char *p = v; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (is_han(c)) {
			g_string_append_unichar(sq, c);
		} else if (c != ' ' && c != 0x3000) {
			g_string_free(sq, TRUE);
			return NULL;
		}
	}
	return g_string_free(sq, FALSE);
}

/* "朔州市人民政府发展研究中心副教授 汤 静": a job title (an organisation's
 * name and a job, one run of Han characters ending in a job word or an
 * organisation ending) before the names. */
static gboolean job_prefixed(const QkWords *w, const char *v, GPtrArray *out)
{
	const char *sp = v;
	while (*sp && !is_name_sep(g_utf8_get_char(sp)))
		sp = g_utf8_next_char(sp);
	if (*sp == '\0') {
		/* the space lost (…高级统计师付国): a name of two or three
		 * characters after the last job ending */
		const char *best = NULL;
		for (guint i = 0; i < w->jobs->len; i++) {
			const char *j = g_ptr_array_index(w->jobs, i);
			for (const char *h = strstr(v, j); h; h = strstr(h + 1, j))
				if (best == NULL || h + strlen(j) > best)
					best = h + strlen(j);
		}
		glong n = best ? g_utf8_strlen(best, -1) : 0;
		if (best == NULL || n < 2 || n > 3 || g_utf8_strlen(v, best - v) < 4 ||
		    !all_han(v))
			return FALSE;
		sp = best;
	}
	char *head = g_strndup(v, sp - v);
	gboolean job = all_han(head) && g_utf8_strlen(head, -1) >= 3 &&
	               g_utf8_strlen(head, -1) <= 40 &&
	               (has_suffix_in(head, w->jobs) || has_suffix_in(head, w->orgs));
	g_free(head);
	if (!job) {
		/* a name letter-spaced whose space after the job title OCR
		 * lost and put inside the name (…研究所副教授冯 表 for
		 * …副教授 冯 珊, weasyprint-mag-115 at 200 dpi): Han and
		 * spaces only, read with the spaces left out */
		char *sq = han_without_spaces(v);
		job = sq != NULL && strcmp(sq, v) != 0 && job_prefixed(w, sq, out);
		g_free(sq);
		return job;
	}
	return parse_role_names(w, sp, FALSE, out);
}

/* Names run together but for one letter-spaced two-character name, the
 * run split two ways (本报记者高 岩李文静郭晓宇, newspaper-2023-10-31 at
 * 200 dpi: 高岩|李文静 or 高岩李|文静): only a two-character name is spaced
 * out, so the lone character (a surname) and the run's first character
 * are one name and the rest of the run splits alone (a name, or a run
 * qk_structure_split_run splits) — or, the lone character last, the run's
 * last character and it. Two tokens only. */
static gboolean spaced_name_split(const QkWords *w, const GPtrArray *toks, GPtrArray *out)
{
	if (toks->len != 2)
		return FALSE;
	const char *a = g_ptr_array_index(toks, 0), *b = g_ptr_array_index(toks, 1);
	gboolean first = g_utf8_strlen(a, -1) == 1;
	const char *run = first ? b : a;
	glong n = g_utf8_strlen(run, -1);
	if (n < 3)
		return FALSE;
	/* the run parts after its first character, or before its last */
	const char *cut = g_utf8_offset_to_pointer(run, first ? 1 : n - 1);
	char *head = g_strndup(run, cut - run);
	char *whole = first ? g_strconcat(a, head, NULL) : g_strconcat(cut, b, NULL);
	const char *rest = first ? cut : head;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = qk_structure_surname_at(w, whole) > 0;
	if (ok && g_utf8_strlen(rest, -1) <= 3) {
		ok = qk_structure_surname_at(w, rest) > 0;
		g_ptr_array_add(names, g_strdup(rest));
	} else if (ok) {
		ok = qk_structure_split_run(w, rest, names);
	}
	if (ok) {
		g_ptr_array_insert(names, first ? 0 : -1, whole);
		whole = NULL;
		while (names->len)
			g_ptr_array_add(out, g_ptr_array_steal_index(names, 0));
	}
	g_ptr_array_free(names, TRUE);
	g_free(whole);
	g_free(head);
	return ok;
}

/* Names run together with a space OCR put inside one of them (张 伟李晓红
 * 赵敏, 王 虎刘晓琰: magazine-2023-01 at 200 dpi, whose bylines print the
 * names without spaces): text of Han characters and spaces only, one
 * piece a lone character, read as one run split where each name starts
 * with a surname (qk_structure_split_run: only when one split covers it). */
static gboolean stray_space_run(const QkWords *w, const char *v, GPtrArray *out)
{
	char *sq = han_without_spaces(v);
	gboolean lone = FALSE;
	GPtrArray *toks = sq != NULL ? tokens(v) : NULL;
	for (guint i = 0; toks != NULL && i < toks->len && !lone; i++)
		lone = g_utf8_strlen(g_ptr_array_index(toks, i), -1) == 1;
	gboolean ok = FALSE;
	if (lone && toks->len >= 2) {
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		ok = qk_structure_split_run(w, sq, names) ||
		     spaced_name_split(w, toks, names);
		if (ok)
			add_names(names, out);
		g_ptr_array_free(names, TRUE);
	}
	if (toks != NULL)
		g_ptr_array_free(toks, TRUE);
	g_free(sq);
	return ok;
}

gboolean qk_structure_parse_byline_w(const QkWords *w, const char *line,
                                   GPtrArray *authors_out)
{
	char *v = valid_trimmed(line);
	gboolean ok = FALSE;
	const char *after = skip_marks(w, v);
	if (after != v) {
		char *t = g_strdup(after);
		g_free(v);
		v = t;
	}
	if (*v == '\0')
		goto out;
	/* 本报讯（记者 刘淑花） standing alone */
	GPtrArray *lead = g_ptr_array_new_with_free_func(g_free);
	gsize n = news_prefix(w, v, lead);
	ok = n > 0 && v[n] == '\0';
	if (ok)
		add_names(lead, authors_out);
	g_ptr_array_unref(lead);
	if (ok)
		goto out;
	if (qk_structure_parse_signature_w(w, v, authors_out)) {
		ok = TRUE;
		goto out;
	}
	/* An agency or paper name of a few characters may precede the role
	 * word: 本报记者, 新华社记者, 山西日报记者. */
	const char *role = NULL;
	for (guint i = 0; i < w->roles->len && role == NULL; i++) {
		const char *hit = strstr(v, g_ptr_array_index(w->roles, i));
		if (hit != NULL && g_utf8_strlen(v, hit - v) <= 8)
			role = hit;
	}
	if (role != NULL) {
		for (const char *p = v; p < role; p = g_utf8_next_char(p))
			if (!is_han(g_utf8_get_char(p)))
				goto bare;
		/* no agency's name holds a role word: 记者刘淑芳通讯员武林 (a
		 * scan's byline without its blanks) names both */
		for (guint i = 0; i < w->roles->len; i++) {
			const char *hit = strstr(v, g_ptr_array_index(w->roles, i));
			if (hit != NULL && hit < role)
				goto bare;
		}
		/* an organisation signs after the role word too (本报记者
		 * 朔州市人民政府发展研究中心: a team's report) */
		ok = parse_role_names(w, role, TRUE, authors_out);
		if (!ok) {
			/* a role alone (本报评论员) is a byline without names */
			char *rest = strip_role_words(w, role);
			ok = *g_strstrip(rest) == '\0';
			g_free(rest);
		}
		goto out;
	}
bare:
	ok = parse_role_names(w, v, TRUE, authors_out) ||
	     job_prefixed(w, v, authors_out) ||
	     stray_space_run(w, v, authors_out);
out:
	g_free(v);
	return ok;
}

gsize qk_structure_lead_byline(const char *para, GPtrArray *authors_out)
{
	const QkWords *w = qk_structure_words();
	gsize n = qk_structure_lead_byline_w(w, para, authors_out);
	return n;
}

gsize qk_structure_lead_byline_w(const QkWords *w, const char *para,
                               GPtrArray *authors_out)
{
	if (para == NULL || !g_utf8_validate(para, -1, NULL))
		return 0;
	/* skip leading white space, counting it into the prefix */
	const char *p = para;
	while (*p && (g_unichar_isspace(g_utf8_get_char(p)) ||
	              g_utf8_get_char(p) == 0x3000))
		p = g_utf8_next_char(p);
	gsize n = news_prefix(w, p, authors_out);
	return n > 0 ? (gsize)(p - para) + n : 0;
}

gboolean qk_structure_is_photo_credit(const char *line)
{
	const QkWords *w = qk_structure_words();
	gboolean ok = qk_structure_is_photo_credit_w(w, line);
	return ok;
}

gboolean qk_structure_is_photo_credit_w(const QkWords *w, const char *line)
{
	if (!may_hold(line, "摄"))
		return FALSE;
	char *v = valid_trimmed(line);
	gboolean ok = FALSE;
	/* drop a closing bracket around the credit: （李小龙 摄） */
	gsize len = strlen(v);
	const char *end = v + len;
	const char *last = len ? g_utf8_find_prev_char(v, end) : NULL;
	if (last && is_close_bracket(g_utf8_get_char(last)))
		end = last;
	const char *she = end >= v + strlen("摄") ? end - strlen("摄") : NULL;
	if (she != NULL && strncmp(she, "摄", strlen("摄")) == 0) {
		/* the name(s) just before 摄, after a space or an opening mark */
		char *head = g_strndup(v, she - v);
		g_strchomp(head);
		const char *start = head;
		for (const char *p = head; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c == 0x3002 /* 。 */ || c == 0xFF01 || c == 0xFF1F ||
			    is_open_bracket(c))
				start = g_utf8_next_char(p);
		}
		/* keep only the last ≤3 tokens: the credited names */
		GPtrArray *toks = tokens(start);
		guint from = toks->len > 3 ? toks->len - 3 : 0;
		GString *tail = g_string_new(NULL);
		for (guint i = from; i < toks->len; i++) {
			g_string_append(tail, g_ptr_array_index(toks, i));
			g_string_append_c(tail, ' ');
		}
		/* a caption sentence may end right before the names */
		ok = toks->len > 0 &&
		     (parse_role_names(w, tail->str, FALSE, NULL) ||
		      (toks->len > 1 && parse_role_names(w,
		        g_ptr_array_index(toks, toks->len - 1), FALSE, NULL)));
		g_string_free(tail, TRUE);
		g_ptr_array_free(toks, TRUE);
		g_free(head);
	}
	g_free(v);
	return ok;
}

gboolean qk_structure_is_editor_note(const char *line)
{
	const QkWords *w = qk_structure_words();
	gboolean ok = qk_structure_is_lead_w(w, line, NULL);
	return ok;
}

gboolean qk_structure_is_lead_w(const QkWords *w, const char *line, gboolean *bare)
{
	if (!may_start(line, w->leads, TRUE))
		return FALSE;
	char *v = valid_trimmed(line);
	const char *p = v;
	if (*p && is_open_bracket(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	gboolean ok = FALSE;
	for (guint i = 0; i < w->leads->len && !ok; i++) {
		const char *word = g_ptr_array_index(w->leads, i);
		if (!g_str_has_prefix(p, word))
			continue;
		const char *q = p + strlen(word);
		if (*q && is_close_bracket(g_utf8_get_char(q)))
			q = g_utf8_next_char(q);
		ok = TRUE;
		if (bare != NULL) {
			while (*q && (is_name_sep(g_utf8_get_char(q)) ||
			              g_utf8_get_char(q) == ':' ||
			              g_utf8_get_char(q) == 0xFF1A))
				q = g_utf8_next_char(q);
			*bare = *q == '\0';
		}
	}
	g_free(v);
	return ok;
}

gboolean qk_structure_is_tail_w(const QkWords *w, const char *line)
{
	/* a tail word first, or a bracketed note (bracket_inner) */
	if (!may_start(line, w->tails, FALSE) && !may_start(line, NULL, TRUE))
		return FALSE;
	char *v = valid_trimmed(line);
	gboolean ok = FALSE;
	for (guint i = 0; i < w->tails->len && !ok; i++) {
		const char *word = g_ptr_array_index(w->tails, i);
		if (!g_str_has_prefix(v, word))
			continue;
		const char *q = v + strlen(word);
		while (*q == ' ' || g_str_has_prefix(q, "\xe3\x80\x80"))
			q = g_utf8_next_char(q);
		ok = (*q == ':' || g_str_has_prefix(q, "：")) &&
		     g_utf8_strlen(v, -1) <= 60;
		/* a colon a scan read as a comma (责任编辑，薛梅梅): then
		 * only names after it, no sentence that opens with 编辑， */
		if (!ok && g_str_has_prefix(q, "，"))
			ok = qk_structure_looks_like_names_w(w, q + strlen("，"));
	}
	char *inner = ok ? NULL : bracket_inner(v);
	if (inner != NULL) {
		for (guint i = 0; i < w->tailnotes->len && !ok; i++)
			ok = g_str_has_prefix(inner, g_ptr_array_index(w->tailnotes, i));
		ok = ok || g_str_has_suffix(inner, "有删节") ||
		     g_str_has_suffix(inner, "有删改");
		g_free(inner);
	}
	g_free(v);
	return ok;
}

gboolean qk_structure_is_notice_w(const QkWords *w, const char *line)
{
	char *sq = qk_structure_squeeze(line);
	gboolean ok = g_utf8_strlen(sq, -1) <= 12 && has_suffix_in(sq, w->notices);
	g_free(sq);
	return ok;
}

gboolean qk_structure_is_source_line(const char *line)
{
	if (!may_hold(line, "来源"))
		return FALSE;
	char *v = valid_trimmed(line);
	const char *p = v;
	if (*p && is_open_bracket(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	while (*p && g_unichar_isspace(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	if (g_str_has_prefix(p, "文章"))
		p += strlen("文章");
	else if (g_str_has_prefix(p, "本文"))
		p += strlen("本文");
	gboolean ok = FALSE;
	if (g_str_has_prefix(p, "来源")) {
		p += strlen("来源");
		while (*p == ' ')
			p++;
		gunichar c = g_utf8_get_char(p);
		ok = c == ':' || c == 0xFF1A || c == 0x3000 || c == 0x300A;
	}
	g_free(v);
	return ok;
}

int qk_structure_heading_level(const char *line)
{
	char *v = g_utf8_make_valid(line ? line : "", -1);
	int level = qk_norm_heading_level(v);
	g_free(v);
	return level;
}
