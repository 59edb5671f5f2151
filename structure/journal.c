/*
 * journal.c — the line-level vocabulary of academic-journal pages: the
 * header block of a paper's first page (卷期, DOI), affiliation marks after
 * the authors' names (张三¹，李四¹,²), front-matter lines (摘要, 关键词,
 * 中图分类号, Abstract), first-page footnotes (收稿日期, 基金项目, 作者简介),
 * reference entries ([1] …) and display formulas (few letters, a number
 * (1) at the end). articles.c decides where they apply; the words live in
 * data/journal.tsv.
 */
#include <string.h>

#include "norm.h"
#include "structure.h"
#include "recache.h"

typedef struct {
	GPtrArray *lead;
	GPtrArray *foot;
	GPtrArray *header;
	GPtrArray *refs;
	/* what starts_with_key reads of a squeezed text, per list: 【, the
	 * longest key and one more character (measured once: this runs on
	 * every block's first line) */
	gsize lead_need, foot_need;
} JournalWords;

static gsize key_need(const GPtrArray *ws)
{
	gsize need = 0;
	for (guint i = 0; i < ws->len; i++)
		need = MAX(need, strlen(g_ptr_array_index(ws, i)));
	return need + 2 * 4;
}

static const JournalWords *journal_words(void)
{
	static JournalWords *words;
	if (g_once_init_enter(&words)) {
		JournalWords *w = g_new0(JournalWords, 1);
		w->lead = g_ptr_array_new_with_free_func(g_free);
		w->foot = g_ptr_array_new_with_free_func(g_free);
		w->header = g_ptr_array_new_with_free_func(g_free);
		w->refs = g_ptr_array_new_with_free_func(g_free);
		/* compared without spaces: 摘　要 is 摘要 */
		const QkWordKind kinds[] = {
			{ "lead", w->lead, qk_structure_squeeze },
			{ "foot", w->foot, qk_structure_squeeze },
			{ "header", w->header, qk_structure_squeeze },
			{ "refs", w->refs, qk_structure_squeeze },
		};
		qk_structure_read_words("journal.tsv", kinds, G_N_ELEMENTS(kinds));
		w->lead_need = key_need(w->lead);
		w->foot_need = key_need(w->foot);
		g_once_init_leave(&words, w);
	}
	return words;
}

/* The squeezed text starts with one of ws, followed by a colon, a space,
 * a bracket or the end (关键词：…, Abstract: …, 【摘要】). */
static gboolean starts_with_key(const GPtrArray *ws, gsize need, const char *text,
                                gboolean colon)
{
	/* need: key_need of ws (text is valid UTF-8: qk_structure_journal_line
	 * checks) */
	char buf[256];
	char *sq = need + 5 <= sizeof buf ? qk_structure_squeeze_start(text, buf, need)
	                                  : qk_structure_squeeze(text);
	const char *s = sq;
	if (g_str_has_prefix(s, "【") || g_str_has_prefix(s, "["))
		s = g_utf8_next_char(s);
	gboolean yes = FALSE;
	for (guint i = 0; i < ws->len && !yes; i++) {
		const char *w = g_ptr_array_index(ws, i);
		if ((w[0] && s[0] != w[0]) || !g_str_has_prefix(s, w))
			continue;
		gunichar c = g_utf8_get_char(s + strlen(w));
		yes = !colon || c == ':' || c == 0xFF1A || c == 0x3011 || c == ']' ||
		      c == 0 || (strcmp(w, "DOI") == 0 && c == '1');
	}
	if (sq != buf)
		g_free(sq);
	return yes;
}

QkJournalLine qk_structure_journal_line(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL))
		return QK_JOURNAL_NONE;
	const JournalWords *w = journal_words();
	if (starts_with_key(w->foot, w->foot_need, text, TRUE))
		return QK_JOURNAL_FOOT;
	/* the footnote a mark on the title points at: *本项研究得到… */
	const char *t = text;
	while (g_unichar_isspace(g_utf8_get_char(t)))
		t = g_utf8_next_char(t);
	gunichar c0 = g_utf8_get_char(t);
	if (c0 == '*' || c0 == 0xFF0A) {
		const char *u = g_utf8_next_char(t);
		while (g_unichar_isspace(g_utf8_get_char(u)))
			u = g_utf8_next_char(u);
		if (g_unichar_get_script(g_utf8_get_char(u)) == G_UNICODE_SCRIPT_HAN)
			return QK_JOURNAL_FOOT;
	}
	if (starts_with_key(w->lead, w->lead_need, text, TRUE))
		return QK_JOURNAL_LEAD;
	if (qk_structure_journal_affiliation(text))
		return QK_JOURNAL_LEAD;
	return QK_JOURNAL_NONE;
}

gboolean qk_structure_journal_affiliation(const char *text)
{
	/* (1. 北京交通大学 …, 北京 100044; 2. …): numbered, or bracketed
	 * with a six-digit postcode — never without a bracket */
	if ((strchr(text, '(') == NULL && strstr(text, "（") == NULL) ||
	    !g_utf8_validate(text, -1, NULL))
		return FALSE;
	static const char *re =
		"^\\s*[(（]\\s*(\\d\\s*[.．、]|.*\\b\\d{6}\\b.*[)）]\\s*$)";
	return qk_regex_match_simple(re, text, G_REGEX_DOTALL, 0);
}

gboolean qk_structure_journal_header(const char *text, const char *periodical)
{
	if (!g_utf8_validate(text, -1, NULL))
		return FALSE;
	char *sq = qk_structure_squeeze(text);
	gboolean yes = periodical != NULL && *periodical &&
	               strstr(sq, periodical) != NULL &&
	               g_utf8_strlen(sq, -1) <= g_utf8_strlen(periodical, -1) + 12;
	const GPtrArray *ws = journal_words()->header;
	for (guint i = 0; i < ws->len && !yes; i++) {
		char *w = g_ptr_array_index(ws, i);
		yes = strstr(sq, w) != NULL;
	}
	/* 第44卷第2期, 第 56 卷, Vol.44 No.2 */
	if (!yes)
		yes = qk_regex_match_simple("^第\\d+卷(第[\\dx]+期)?", sq, 0, 0) ||
		      qk_regex_match_simple("^\\d{4}年(第\\d+期|\\d{1,2}月)$", sq, 0, 0) ||
		      qk_regex_match_simple("^(Vol|No)\\.?\\d", sq, 0, 0);
	g_free(sq);
	return yes;
}

gboolean qk_structure_journal_mark(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL) || g_utf8_strlen(text, -1) > 12)
		return FALSE;
	gboolean any = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isdigit(c) || c == '*' || c == 0x2020 || c == 0x2021)
			any = TRUE;
		else if (!(c == ',' || c == 0xFF0C || c == 0x3001 || g_unichar_isspace(c)))
			return FALSE;
	}
	return any;
}

/* Drops the marks after names (1,2 * †) from text; NULL when none. */
static char *strip_marks(const char *text)
{
	GString *o = g_string_new(NULL);
	gboolean dropped = FALSE;
	gunichar prev = 0;
	for (const char *p = text; *p;) {
		gunichar c = g_utf8_get_char(p);
		const char *q = p;
		/* a run of marks right after a letter (spaces aside) */
		while (*q && (g_unichar_isspace(g_utf8_get_char(q)) ||
		              g_unichar_isdigit(g_utf8_get_char(q)) ||
		              g_utf8_get_char(q) == '*' ||
		              g_utf8_get_char(q) == 0x2020 ||
		              g_utf8_get_char(q) == 0x2021 ||
		              (q != p && g_utf8_get_char(q) == ',' &&
		               g_unichar_isdigit(g_utf8_get_char(g_utf8_next_char(q))))))
			q = g_utf8_next_char(q);
		gboolean marks = FALSE;
		for (const char *r = p; r < q; r = g_utf8_next_char(r))
			if (!g_unichar_isspace(g_utf8_get_char(r)))
				marks = TRUE;
		if (q != p && marks && g_unichar_isalpha(prev)) {
			g_string_append_c(o, ' ');
			dropped = TRUE;
			p = q;
			continue;
		}
		g_string_append_unichar(o, c);
		prev = c;
		p = g_utf8_next_char(p);
	}
	if (!dropped) {
		g_string_free(o, TRUE);
		return NULL;
	}
	return g_string_free(o, FALSE);
}

/* Names after their marks are dropped; FALSE when need_marks and there
 * were none. */
static gboolean marked_names(const char *text, gboolean need_marks, GPtrArray *authors_out)
{
	if (!g_utf8_validate(text, -1, NULL))
		return FALSE;
	char *s = strip_marks(text);
	if (s == NULL && need_marks)
		return FALSE;
	char *t = s ? s : g_strdup(text);
	/* the separators left between names: ， , and spaces */
	for (char *p = t; *p; p++)
		if (*p == ',')
			*p = ' ';
	g_strstrip(t);
	gboolean ok = *t && qk_structure_looks_like_names(t);
	if (ok && authors_out != NULL)
		qk_structure_split_names(t, authors_out);
	g_free(t);
	return ok;
}

gboolean qk_structure_journal_byline(const char *text, GPtrArray *authors_out)
{
	return marked_names(text, TRUE, authors_out);
}

gboolean qk_structure_journal_names(const char *text, GPtrArray *authors_out)
{
	return marked_names(text, FALSE, authors_out);
}

gboolean qk_structure_journal_reference(const char *text)
{
	return g_utf8_validate(text, -1, NULL) &&
	       qk_regex_match_simple("^\\s*[\\[［]\\d{1,3}[\\]］]", text, 0, 0);
}

gboolean qk_structure_journal_refs_heading(const char *text)
{
	char *sq = qk_structure_squeeze(text);
	const GPtrArray *ws = journal_words()->refs;
	gboolean yes = FALSE;
	for (guint i = 0; i < ws->len && !yes; i++)
		yes = strcmp(sq, g_ptr_array_index(ws, i)) == 0;
	g_free(sq);
	return yes;
}

/* Letters of text: Han characters and Latin letters. */
static void count_letters(const char *text, int *han, int *all)
{
	*han = *all = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c))
			continue;
		(*all)++;
		if (g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN)
			(*han)++;
	}
}

gboolean qk_structure_journal_formula(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL) || g_utf8_strlen(text, -1) > 120)
		return FALSE;
	int han, all;
	count_letters(text, &han, &all);
	/* an equation number at the end, (1) or (2-3), and no Han text */
	return all >= 3 && han <= 1 &&
	       qk_regex_match_simple("[=＝].*[(（]\\d{1,2}([.-]\\d{1,2})?[)）]\\s*$", text,
	                             G_REGEX_DOTALL, 0);
}

gboolean qk_structure_journal_script(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL) || g_utf8_strlen(text, -1) > 24)
		return FALSE;
	int han, all;
	count_letters(text, &han, &all);
	return all > 0 && han == 0;
}

gboolean qk_structure_journal_latin(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL))
		return FALSE;
	int han, all;
	count_letters(text, &han, &all);
	return all > 0 && han == 0;
}

void qk_structure_journal_unmark(char *title)
{
	if (title == NULL || !g_utf8_validate(title, -1, NULL))
		return;
	for (;;) {
		g_strchomp(title);
		char *end = title + strlen(title);
		if (end == title)
			return;
		char *last = g_utf8_prev_char(end);
		gunichar c = g_utf8_get_char(last);
		if (c != '*' && c != 0xFF0A && c != 0x2020 && c != 0x2021)
			return;
		*last = '\0';
	}
}

gboolean qk_structure_journal_caption(const char *text)
{
	if (!g_utf8_validate(text, -1, NULL) || g_utf8_strlen(text, -1) > 60 ||
	    qk_structure_ends_sentence(text))
		return FALSE;
	/* 图1　…, 表 2 …, Fig. 3 …, Table 1 … */
	return qk_regex_match_simple("^\\s*(图|表|Fig\\.?|Figure|Table)\\s*\\d+(\\.\\d+)?[\\s:：]+\\S",
	                             text, 0, 0);
}
