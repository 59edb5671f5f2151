/*
 * toc.c — parsing a printed table of contents: section lines (◆ 卷首语),
 * entry titles that wrap, authors and page numbers at the right, and the
 * header lines (目录, 总第N期, slogans) that are not entries.
 */
#include <math.h>
#include <string.h>

#include "norm.h"
#include "structure.h"
#include "recache.h"

/* The words of data/toc.tsv, read once. */
typedef struct {
	GPtrArray *titles;    /* the TOC's own title, upper case: 目录, 本期要目 */
	GPtrArray *bullets;   /* marks before a section name: ◆ ▌ */
} TocWords;

static char *upper(const char *word)
{
	return g_utf8_strup(word, -1);
}

static const TocWords *toc_words(void)
{
	static TocWords *words;
	if (g_once_init_enter(&words)) {
		TocWords *w = g_new0(TocWords, 1);
		w->titles = g_ptr_array_new_with_free_func(g_free);
		w->bullets = g_ptr_array_new_with_free_func(g_free);
		const QkWordKind kinds[] = {
			{ "title", w->titles, upper },
			{ "bullet", w->bullets, NULL },
		};
		qk_structure_read_words("toc.tsv", kinds, G_N_ELEMENTS(kinds));
		g_once_init_leave(&words, w);
	}
	return words;
}

gboolean qk_structure_is_toc_title(const char *text, gboolean whole)
{
	char *sq = qk_structure_squeeze(text);
	char *up = g_utf8_strup(sq, -1);
	const GPtrArray *t = toc_words()->titles;
	gboolean yes = FALSE;
	for (guint i = 0; i < t->len && !yes; i++) {
		const char *w = g_ptr_array_index(t, i);
		yes = strcmp(up, w) == 0 ||
		      (!whole && (g_str_has_prefix(up, w) || g_str_has_suffix(up, w)));
	}
	g_free(up);
	g_free(sq);
	return yes;
}

/* The bullet s starts with, or NULL. */
static const char *bullet_at(const char *s)
{
	const GPtrArray *b = toc_words()->bullets;
	for (guint i = 0; i < b->len; i++)
		if (g_str_has_prefix(s, g_ptr_array_index(b, i)))
			return g_ptr_array_index(b, i);
	return NULL;
}

static gboolean is_space(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000 || c == 0x00A0;
}

static const char *skip_space(const char *p)
{
	while (*p && is_space(g_utf8_get_char(p)))
		p = g_utf8_next_char(p);
	return p;
}

char *qk_structure_squeeze(const char *text)
{
	/* in place: valid UTF-8 is each character's one encoding, so copying a
	 * kept character's bytes is what re-encoding it wrote (a GString
	 * append per character was most of this function's cost) */
	char *v = g_utf8_make_valid(text ? text : "", -1);
	char *w = v;
	for (const char *p = v; *p;) {
		const char *next = g_utf8_next_char(p);
		if (is_space((guchar)*p < 0x80 ? (gunichar)*p : g_utf8_get_char(p)))
			p = next;
		while (p < next)
			*w++ = *p++;
	}
	*w = '\0';
	return v;
}

char *qk_structure_squeeze_start(const char *valid, char *buf, gsize min)
{
	char *w = buf;
	for (const char *p = valid; *p && (gsize)(w - buf) < min;) {
		const char *next = g_utf8_next_char(p);
		if (is_space((guchar)*p < 0x80 ? (gunichar)*p : g_utf8_get_char(p)))
			p = next;
		while (p < next)
			*w++ = *p++;
	}
	*w = '\0';
	return buf;
}

char *qk_structure_section_name(const char *raw)
{
	/* the canonical name from the shared list of sections when known */
	char *valid = g_utf8_make_valid(raw ? raw : "", -1);
	char *known = qk_norm_section_name(valid);
	g_free(valid);
	if (known != NULL && *known)
		return known;
	g_free(known);
	char *s = qk_structure_squeeze(raw);
	const char *p = s;
	for (const char *b; (b = bullet_at(p)) != NULL;)
		p += strlen(b);
	/* running heads print ·本期特稿·; brackets 【卷首语】 */
	GString *out = g_string_new(NULL);
	for (const char *q = p; *q; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);
		if (c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0x3010 ||
		    c == 0x3011 || c == '-' || c == 0x2014)
			continue;
		g_string_append_unichar(out, c);
	}
	g_free(s);
	return g_string_free(out, FALSE);
}

static gboolean starts_with_bullet(const char *v, const char **after)
{
	const char *b = bullet_at(v);
	if (b != NULL)
		*after = skip_space(v + strlen(b));
	return b != NULL;
}

static gboolean match(const char *pattern, const char *s)
{
	return qk_regex_match_simple(pattern, s, 0, 0);
}

/* Lines of the TOC page that are not entries. sq has no spaces. */
static gboolean is_header(const char *sq)
{
	if (*sq == '\0')
		return FALSE;
	if (qk_structure_is_toc_title(sq, FALSE))
		return TRUE;
	if (match("总第\\d+期", sq) || match("^\\S{0,20}?\\d{4}年第\\d+期$", sq))
		return TRUE;
	/* slogans: ·探讨…·关注…·宣传…· */
	int dots = 0;
	for (const char *p = sq; *p; p = g_utf8_next_char(p))
		if (g_utf8_get_char(p) == 0x00B7 || g_utf8_get_char(p) == 0x30FB)
			dots++;
	return dots >= 3;
}

void qk_structure_toc_line_clear(QkTocLine *l)
{
	if (l == NULL)
		return;
	g_free(l->section);
	g_free(l->text);
	g_free(l->page);
	memset(l, 0, sizeof *l);
}

/* Matches p against pattern, whose alternatives each capture a pair
 * (text, page), or (page, text) when page_first; the first pair with a
 * page gives out's text and page. */
static gboolean take_page(const char *pattern, gboolean page_first,
                          const char *p, QkTocLine *out)
{
	/* compiled once (recache.h), not JIT-compiled */
	GRegex *re = qk_regex(pattern, 0);
	GMatchInfo *mi = NULL;
	gboolean hit = FALSE;
	if (re != NULL && g_regex_match(re, p, 0, &mi)) {
		int pairs = g_regex_get_capture_count(re) / 2;
		for (int g = 1; g < 2 * pairs && !hit; g += 2) {
			char *num = g_match_info_fetch(mi, page_first ? g : g + 1);
			if (num != NULL && *num) {
				char *t = g_match_info_fetch(mi, page_first ? g + 1 : g);
				out->text = g_strstrip(t);
				out->page = num;
				out->page_first = page_first;
				hit = TRUE;
			} else {
				g_free(num);
			}
		}
	}
	if (mi != NULL)
		g_match_info_free(mi);
	return hit;
}

/* A closing quote between names, opened nowhere on the line, is a speck
 * OCR read (高明道” 黄军 on a scan): dropped, in place. */
static void drop_stray_quote(char *t)
{
	static const char *const closing[] = { "”", "’", "\"", "'" };
	for (gsize k = 0; k < G_N_ELEMENTS(closing); k++) {
		char *q = strstr(t, closing[k]);
		/* (a quote ending the line closes one opened on the line
		 * before: a title wrapped, 零距离”) */
		if (q == NULL || strstr(t, "“") || strstr(t, "‘"))
			continue;
		const char *after = q + strlen(closing[k]);
		while (*after == ' ')
			after++;
		if (*after == '\0')
			return;
		/* the quote alone: what is left once it is out reads as names */
		char *rest = g_strdup(t);
		gsize ql = strlen(closing[k]);
		memmove(rest + (q - t), rest + (q - t) + ql, strlen(q + ql) + 1);
		if (strstr(rest, closing[k]) == NULL &&
		    qk_structure_looks_like_names_w(qk_structure_words(), rest))
			strcpy(t, rest);
		g_free(rest);
		return;
	}
}

/* Whether s holds a digit: every form of a page needs one, and the page
 * patterns' lazy heads cost much on the long lines of a page searched for
 * its TOC rows (a newspaper's body text). */
static gboolean has_digit(const char *s)
{
	for (; *s; s = g_utf8_next_char(s))
		if (g_unichar_isdigit(g_utf8_get_char(s)))
			return TRUE;
	return FALSE;
}

/* Whether s (valid UTF-8, stripped) ends in a closing bracket: only then
 * can a page in brackets end it, and only otherwise a bare page. Each
 * pattern is tried on the lines it can match: the bracketed ones' lazy
 * heads backtrack over every dot of a line's leaders at every position
 * (0.7 M instructions per line of 40 leaders, "简讯两则……3"). */
static gboolean ends_in_bracket(const char *s)
{
	gsize n = strlen(s);
	if (n == 0)
		return FALSE;
	gunichar c = g_utf8_get_char(g_utf8_find_prev_char(s, s + n));
	return c == ')' || c == 0xFF09 || c == 0x3009 || c == 0x300B;   /* ） 〉 》 */
}

void qk_structure_parse_toc_line(const char *line, QkTocLine *out)
{
	memset(out, 0, sizeof *out);
	char *v = g_utf8_make_valid(line ? line : "", -1);
	g_strstrip(v);
	const char *p = v;
	/* list marks some extractors leave before an entry: "- " "• " */
	if ((p[0] == '-' || g_str_has_prefix(p, "•")) &&
	    (p[1] == '\0' || is_space(g_utf8_get_char(g_utf8_next_char(p)))))
		p = skip_space(g_utf8_next_char(p));
	char *sq = qk_structure_squeeze(p);
	const char *after = NULL;
	if (*p == '\0') {
		out->kind = QK_TOCL_EMPTY;
	} else if (starts_with_bullet(p, &after)) {
		out->kind = QK_TOCL_SECTION;
		out->section = g_strdup(after);
	} else if (is_header(sq)) {
		out->kind = QK_TOCL_HEADER;
	} else {
		out->kind = QK_TOCL_TEXT;
		/* page in brackets "(13)" — one of them misread as an angle
		 * or another bracket on a scan, "〈3)", "【4)" — or a bare number after a gap or
		 * leaders "…… 13", ". . . . 13", or a line that is only a
		 * number */
		if (has_digit(p) &&
		    !(ends_in_bracket(p)
		      ? take_page("^(.*?)[\\s.…·⋯—_-]*[(（]\\s*(\\d{1,4})\\s*[)）]$"
		                  "|^(.*?)[\\s.…·⋯—_-]*[〈《【\\[{]\\s*(\\d{1,3})\\s*[)）]$"
		                  "|^(.*?)[\\s.…·⋯—_-]*[(（]\\s*(\\d{1,3})\\s*[〉》]$", FALSE, p, out)
		      : take_page("^(.*?\\S)(?:\\s+|(?:\\s*[.…·⋯]){2,}\\s*)(\\d{1,3})$"
		                  "|^()(\\d{1,3})$", FALSE, p, out)))
			/* the page before the title, apart by a wide gap or in
			 * brackets: "5  盛会落幕处", "(12) 标题", the opening
			 * one misread on a scan, "\\2) 标题" */
			take_page("^[(（]\\s*(\\d{1,3})\\s*[)）]\\s*(\\D.*)$"
			          "|^[\\\\|〈《]\\s*(\\d{1,3})\\s*[)）]\\s*(\\D.*)$"
			          "|^(\\d{1,3})(?:\\s{2,}|\\t|\u3000)\\s*([^\\d年月期%．.、].*)$",
			          TRUE, p, out);
		if (out->text == NULL)
			out->text = g_strdup(p);
		/* trailing leaders of an entry whose page is on the next line */
		char *t = out->text;
		out->leaders = qk_structure_toc_cut_leaders(t, p) >= 2 && out->page == NULL;
		drop_stray_quote(t);
	}
	g_free(sq);
	g_free(v);
}

/* ---- assembling entries ---------------------------------------------- */

/* a row of names and its page misread as other characters: at most
 * this many (two names and a page, read as few characters) */
#define QK_TOC_NAMES_MISREAD 4

typedef struct {
	const QkWords *words;
	GPtrArray *sections;   /* out */
	QkTocSection *sec;     /* current section (borrowed from sections) */
	GString *title;        /* pending title lines */
	GPtrArray *authors;    /* pending authors */
	gboolean have_authors;
	char *page;            /* pending page, printed before the title */
	GHashTable *own_row;   /* entries given their authors by a row of
	                        * names of their own under the title's */
} TocState;

static QkTocSection *current_section(TocState *st)
{
	if (st->sec == NULL) {
		st->sec = qk_toc_section_new(NULL);
		g_ptr_array_add(st->sections, st->sec);
	}
	return st->sec;
}

static void emit(TocState *st, const char *page)
{
	char *first = st->page;   /* a page that opened the entry */
	st->page = NULL;
	if (page == NULL)
		page = first;
	if (st->title->len == 0 && !st->have_authors && page == NULL)
		return;
	QkTocEntry *e = qk_toc_entry_new();
	e->title = st->title->len ? g_strdup(st->title->str) : NULL;
	for (guint i = 0; i < st->authors->len; i++)
		g_ptr_array_add(e->authors,
		                g_strdup(g_ptr_array_index(st->authors, i)));
	e->page = g_strdup(page);
	g_free(first);
	g_ptr_array_add(current_section(st)->entries, e);
	g_string_truncate(st->title, 0);
	g_ptr_array_set_size(st->authors, 0);
	st->have_authors = FALSE;
}

static void add_title(TocState *st, const char *text)
{
	if (st->title->len == 0)
		g_string_append(st->title, text);
	else
		qk_text_join(st->title, text);
}

/* "title  祁 贵" on one line: the trailing name tokens after a wide gap
 * (two or more spaces, a tab or U+3000). Returns the split point or NULL. */
static const char *gap_before_names(const QkWords *w, const char *text)
{
	const char *best = NULL;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		const char *n = g_utf8_next_char(p);
		gboolean wide = c == '\t' || c == 0x3000 ||
		                (c == ' ' && *n == ' ');
		if (wide && p > text) {
			const char *rest = skip_space(p);
			if (*rest && qk_structure_looks_like_names_w(w, rest)) {
				best = p;
				break;
			}
		}
	}
	return best;
}

/* "title 王晓东 刘鑫" with single spaces: the longest run of trailing
 * tokens that are names, when at least min_head characters of title stay
 * before it. Returns the split point or NULL. */
static const char *names_after_space(const QkWords *w, const char *text,
                                     glong min_head)
{
	const char *best = NULL;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		if (!is_space(g_utf8_get_char(p)) || p == text)
			continue;
		/* the space a typesetter puts between Latin or digits and
		 * Han (与 2023 年展望) is no gap before names */
		gunichar before = g_utf8_get_char(g_utf8_prev_char(p));
		if (before < 0x80 && g_ascii_isalnum((char)before))
			continue;
		const char *rest = skip_space(p);
		if (*rest && g_utf8_strlen(text, p - text) >= min_head &&
		    qk_structure_looks_like_names_w(w, rest)) {
			best = p;
			break;
		}
	}
	return best;
}

/* The split point before names ending text: after a wide gap, or after
 * a space with at least min_head characters of title before it; NULL
 * when text does not end in names. */
static const char *names_at_end(const QkWords *w, const char *text,
                                glong min_head)
{
	const char *gap = gap_before_names(w, text);
	return gap != NULL ? gap : names_after_space(w, text, min_head);
}

/* Adds text to the pending title, and the names after it (a wide gap, or
 * one space after min_head characters of title) to the pending authors. */
static void add_title_names(TocState *st, const char *text, glong min_head)
{
	const char *gap = names_at_end(st->words, text, min_head);
	if (gap == NULL || st->have_authors) {
		add_title(st, text);
		return;
	}
	char *t = g_strndup(text, gap - text);
	add_title(st, g_strstrip(t));
	g_free(t);
	qk_structure_split_names(gap, st->authors);
	st->have_authors = TRUE;
}

/* The line after line i, parsed (EMPTY past the end); clear it after. */
static void parse_next(const GPtrArray *lines, guint i, QkTocLine *out)
{
	const QkLine *l = lines != NULL && i + 1 < lines->len
	                  ? g_ptr_array_index(lines, i + 1) : NULL;
	qk_structure_parse_toc_line(l ? l->text : "", out);
}

static QkTocLineKind next_kind(const GPtrArray *lines, guint i)
{
	QkTocLine tl;
	parse_next(lines, i, &tl);
	QkTocLineKind k = tl.kind;
	qk_structure_toc_line_clear(&tl);
	return k;
}

/* TRUE when the line after line i prints a page. */
static gboolean next_has_page(const GPtrArray *lines, guint i)
{
	QkTocLine tl;
	parse_next(lines, i, &tl);
	gboolean yes = tl.page != NULL;
	qk_structure_toc_line_clear(&tl);
	return yes;
}

/* TRUE when the line after line i is a page alone ("13", "(13)"). */
static gboolean page_alone_next(const GPtrArray *lines, guint i)
{
	QkTocLine tl;
	parse_next(lines, i, &tl);
	gboolean yes = tl.page != NULL && tl.text != NULL && *tl.text == '\0';
	qk_structure_toc_line_clear(&tl);
	return yes;
}

/* Line i (tl) is a scan's row ending in leaders whose page was not read:
 * it ends an entry all the same when the next row is no page of its
 * own. */
static gboolean page_lost(const GPtrArray *lines, guint i, const QkTocLine *tl)
{
	if (i >= lines->len)
		return FALSE;
	const QkLine *ln = g_ptr_array_index(lines, i);
	return tl->page == NULL && tl->leaders && *tl->text &&
	       ln->conf != NULL && !page_alone_next(lines, i);
}

/* The entry emitted last in the current section, or NULL. */
static QkTocEntry *last_entry(const TocState *st)
{
	if (st->sec == NULL || st->sec->entries->len == 0)
		return NULL;
	return g_ptr_array_index(st->sec->entries, st->sec->entries->len - 1);
}

/* Line i, names alone, is a row of authors rather than a title's end
 * that reads as names (展调研 王虎): one name, or set smaller than the
 * line before it, or indented under it, or under a scan's row whose
 * leaders ran to a page OCR lost (the title ended there). */
static gboolean names_row(const GPtrArray *lines, guint i)
{
	const QkLine *l = g_ptr_array_index(lines, i);
	const QkLine *p = i > 0 ? g_ptr_array_index(lines, i - 1) : NULL;
	gboolean one = TRUE;
	for (const char *c = l->text; *c && one; c = g_utf8_next_char(c))
		one = !is_space(g_utf8_get_char(c));
	double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
	return one || qk_structure_toc_page_lost(p) ||
	       (p != NULL && l->size > 0 && l->size < p->size - 0.3) ||
	       (p != NULL && em > 0 && l->bbox.x0 > p->bbox.x0 + 0.8 * em);
}

/* Whether the TOC read so far gives its entries' authors rows of their
 * own more often than it prints them at the end of the title's row. */
static gboolean authors_on_own_rows(const TocState *st)
{
	guint own = 0, same = 0;
	for (guint i = 0; i < st->sections->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(st->sections, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			if (g_hash_table_contains(st->own_row, e))
				own++;
			else
				same += e->authors->len > 0;
		}
	}
	return own > same;
}

/* Line i is set smaller than the line before it (a row of authors under
 * a title: chromium-mag-02 at 200 dpi sets 王虎 刘晓 at 7 pt under a
 * title at 9 whose page OCR lost). */
static gboolean smaller(const GPtrArray *lines, guint i)
{
	const QkLine *l = g_ptr_array_index(lines, i);
	const QkLine *p = i > 0 ? g_ptr_array_index(lines, i - 1) : NULL;
	return p != NULL && l->size > 0 && l->size < p->size - 0.3;
}

/* TRUE when the line after line i is names alone, without a page. */
static gboolean next_is_names(const QkWords *w, const GPtrArray *lines, guint i)
{
	QkTocLine n;
	parse_next(lines, i, &n);
	gboolean yes = n.kind == QK_TOCL_TEXT && n.page == NULL &&
	               qk_structure_looks_like_names_w(w, n.text);
	qk_structure_toc_line_clear(&n);
	return yes;
}

/* Like names_at_end (min_head characters of title at least), but
 * persons' names only: an organisation's name (…开新局) is a title's end
 * too. */
static const char *persons_after(const QkWords *w, const char *text, glong min_head)
{
	const char *at = names_at_end(w, text, min_head);
	if (at == NULL)
		return NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	qk_structure_split_names(at, names);
	for (guint i = 0; i < names->len && at != NULL; i++) {
		const char *n = g_ptr_array_index(names, i);
		if (g_utf8_strlen(n, -1) > 4 && strstr(n, "·") == NULL)
			at = NULL;
	}
	g_ptr_array_free(names, TRUE);
	return at;
}

static const char *persons_at_end(const QkWords *w, const char *text)
{
	return persons_after(w, text, 2);
}

/* Line i (tl, without a page) ends the entry e emitted on the row above
 * it, in a TOC that prints the page on an entry's first row: it ends in
 * the authors e lacks (authors close an entry's title) and the next row
 * opens an entry of its own, with its page. */
static gboolean ends_entry(const QkWords *w, const GPtrArray *lines, guint i,
                           const QkTocLine *tl, const QkTocEntry *e)
{
	if (e == NULL || e->authors->len > 0 || e->page == NULL ||
	    tl->page != NULL || persons_at_end(w, tl->text) == NULL)
		return FALSE;
	QkTocLine n;
	parse_next(lines, i, &n);
	gboolean yes = n.kind == QK_TOCL_TEXT && n.page != NULL && *n.text;
	qk_structure_toc_line_clear(&n);
	return yes;
}

/* A run of Han characters (and the middle dot of minority names). */
static gboolean han_run(const char *s, glong max)
{
	glong n = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_get_script(c) != G_UNICODE_SCRIPT_HAN && c != 0x00B7)
			return FALSE;
	}
	return n > 0 && n <= max;
}

/* The last of names, cut by the row's end, goes on in rest (付丽 / 娜):
 * joined, it is still a person's name. Joins them when so. */
static gboolean last_name_goes_on(const QkWords *w, GPtrArray *names,
                                  const char *rest)
{
	char *last = g_ptr_array_index(names, names->len - 1);
	char *joined = g_strconcat(last, rest, NULL);
	gboolean yes = g_utf8_strlen(joined, -1) <= 4 &&
	               qk_structure_looks_like_names_w(w, joined);
	if (yes)
		g_ptr_array_index(names, names->len - 1) = joined;
	else
		g_free(joined);
	if (yes)
		g_free(last);
	return yes;
}

/* A name the row wrap cut: the pending title ends with its start after a
 * space (…实现新路径 段 / 思远, …历史价值 朔州市人民政府发展研 / 究中心)
 * and the row (text) opens with its end, the row being names once they
 * are joined. Returns the row's text with the name whole, and cuts the
 * start off the title; NULL when the row does not go on a cut name. */
static char *wrapped_name(const QkWords *w, GString *title, const char *text)
{
	const char *x = NULL;
	for (const char *p = title->str; *p; p = g_utf8_next_char(p))
		if (is_space(g_utf8_get_char(p)))
			x = p;
	if (x == NULL || !han_run(skip_space(x), 12))
		return NULL;
	const char *head = skip_space(x);
	const char *t1_end = text;
	while (*t1_end && !is_space(g_utf8_get_char(t1_end)))
		t1_end = g_utf8_next_char(t1_end);
	char *t1 = g_strndup(text, t1_end - text);
	char *first = g_strconcat(head, t1, NULL);
	char *row = g_strconcat(first, t1_end, NULL);
	/* a person's name cut in two short pieces, or an organisation's */
	gboolean person = g_utf8_strlen(head, -1) <= 2 && han_run(t1, 2);
	gboolean org = g_utf8_strlen(first, -1) > 4 && han_run(t1, 12);
	gboolean yes = (person || org) &&
	               qk_structure_looks_like_names_w(w, first) &&
	               qk_structure_looks_like_names_w(w, row);
	g_free(t1);
	g_free(first);
	if (!yes) {
		g_free(row);
		return NULL;
	}
	g_string_truncate(title, x - title->str);
	return row;
}

/* The row's first name is the end of one the row wrap cut after the
 * page of entry e, emitted on the row above (…布局 刘红宇 王 （4） /
 * 晓东): the title's last names and the joined one become e's authors.
 * FALSE when the row does not go on a cut name. */
static gboolean name_cut_after_entry(const QkWords *w, QkTocEntry *e,
                                     const char *text)
{
	if (e == NULL || e->title == NULL || e->authors->len > 0)
		return FALSE;
	GString *t = g_string_new(e->title);
	char *row = wrapped_name(w, t, text);
	if (row == NULL) {
		g_string_free(t, TRUE);
		return FALSE;
	}
	char *title = g_strstrip(g_string_free(t, FALSE));
	const char *gap = names_at_end(w, title, 6);
	g_free(e->title);
	e->title = g_strstrip(gap ? g_strndup(title, gap - title) : g_strdup(title));
	if (gap != NULL)
		qk_structure_split_names(gap, e->authors);
	qk_structure_split_names(row, e->authors);
	g_free(title);
	g_free(row);
	return TRUE;
}

/* Line i is set apart from line j (a row beside it): larger, or bold
 * where j is not. */
static gboolean set_apart(const GPtrArray *lines, guint i, guint j)
{
	if (lines == NULL || i >= lines->len || j >= lines->len)
		return FALSE;
	const QkLine *l = g_ptr_array_index(lines, i);
	const QkLine *o = g_ptr_array_index(lines, j);
	return (l->size > 0 && o->size > 0 && l->size >= o->size + 0.3) ||
	       (l->bold && !o->bold);
}

/* Rows from line i on are one entry whose title wraps, its page on a
 * later row (…中国机遇与地方产业链布局 孙 / 悦……10): row i is long, not
 * names, and a row with its page follows within three rows, before any
 * section or blank. */
static gboolean wrapped_entry(const QkWords *w, const GPtrArray *lines, guint i)
{
	const QkLine *l = g_ptr_array_index(lines, i);
	QkTocLine tl;
	qk_structure_parse_toc_line(l->text, &tl);
	gboolean ok = tl.kind == QK_TOCL_TEXT && tl.page == NULL &&
	              g_utf8_strlen(tl.text, -1) >= 8 &&
	              !qk_structure_looks_like_names_w(w, tl.text);
	qk_structure_toc_line_clear(&tl);
	gboolean paged = FALSE;
	for (guint k = i + 1; ok && !paged && k < lines->len && k <= i + 3; k++) {
		const QkLine *r = g_ptr_array_index(lines, k);
		qk_structure_parse_toc_line(r->text, &tl);
		/* (a row set apart is the next section's) */
		ok = tl.kind == QK_TOCL_TEXT && !tl.page_first &&
		     !set_apart(lines, k - 1, k) && !set_apart(lines, k, k - 1);
		paged = ok && tl.page != NULL;
		qk_structure_toc_line_clear(&tl);
	}
	return ok && paged;
}

/* A section printed without a bullet: a short line that is not names,
 * without a page, before an entry that opens with its page; or before any
 * entry with a page, when the line is a known section name or a short
 * one (a wrapped title's first row is long: titles wrap at the column's
 * width); or, set apart from it (larger, bold), before an entry whose
 * title wraps, its page on a later row. */
static gboolean plain_section(const QkWords *w, const GPtrArray *lines,
                              guint i, const QkTocLine *tl)
{
	glong len = g_utf8_strlen(tl->text, -1);
	/* 【产业发展】: a name in lenticular brackets, alone on its line */
	if (tl->page == NULL && len >= 3 && len <= 12 &&
	    g_str_has_prefix(tl->text, "【") && g_str_has_suffix(tl->text, "】") &&
	    g_utf8_strchr(tl->text + strlen("【"), -1, 0x3010) == NULL)
		return TRUE;
	/* a known section name (卷首语) reads as a name too */
	char *known = qk_norm_section_name(tl->text);
	gboolean section = known != NULL && *known;
	g_free(known);
	if (tl->page != NULL || len > 10 || len < 2 ||
	    (!section && qk_structure_looks_like_names_w(w, tl->text)))
		return FALSE;
	QkTocLine n;
	parse_next(lines, i, &n);
	/* the next row is an entry of its own, not this title's authors:
	 * it prints its page, or on a scan runs into leaders whose page
	 * OCR lost, as the entry loop reads it (xelatex-mag-137 at 200 dpi:
	 * 卷首语 over 畅通县域商业血脉…… whose 3 was not read) */
	gboolean yes = n.kind == QK_TOCL_TEXT &&
	               (n.page != NULL || page_lost(lines, i + 1, &n)) &&
	               g_utf8_strlen(n.text, -1) > 4 &&
	               !qk_structure_looks_like_names_w(w, n.text);
	if (yes && !n.page_first)
		yes = len <= 6 || section;
	if (!yes && n.kind == QK_TOCL_TEXT && n.page == NULL &&
	    (len <= 6 || section) && set_apart(lines, i, i + 1))
		yes = wrapped_entry(w, lines, i + 1);
	qk_structure_toc_line_clear(&n);
	return yes;
}

/* Row i is set apart from the row under it as the section's row k from
 * the row under that: the rows under both start right of them, by as
 * much (within half an em; em, the rows' size): a TOC that indents its
 * titles under plain sections (magazine-2023-04 at 300 dpi: 本期特稿 read
 * 本攻全入 at ◆卷首语's x, over 抢抓三季度… an em right, as 盛会落幕处…
 * under 卷首语). */
static gboolean indented_as(const GPtrArray *lines, guint i, guint k, double em)
{
	if (i + 1 >= lines->len || k + 1 >= lines->len || k + 1 == i)
		return FALSE;
	const QkLine *l = g_ptr_array_index(lines, i), *ln = g_ptr_array_index(lines, i + 1);
	const QkLine *o = g_ptr_array_index(lines, k), *on = g_ptr_array_index(lines, k + 1);
	double in = ln->bbox.x0 - l->bbox.x0, was = on->bbox.x0 - o->bbox.x0;
	return in >= em / 2 && was >= em / 2 && fabs(in - was) < em / 2;
}

/* Line i (tl, no page) is set as the section line seen before it
 * (look): as large, as bold, starting within an em of it, and set apart
 * from the row under it, a title's row. A TOC sets its sections one way, so
 * a line set so is a section, whatever follows it (chromium-mag-02 at
 * 200 dpi: 县域经济, bold as 乡村振兴 and 经济观察 above it, over a row
 * whose page OCR did not read, went into that row's title). */
static gboolean section_look(const QkWords *w, const GPtrArray *lines, guint i,
                             const QkTocLine *tl, gint look_i)
{
	if (look_i < 0 || tl->page != NULL || i + 1 >= lines->len)
		return FALSE;
	const QkLine *look = g_ptr_array_index(lines, look_i);
	const QkLine *l = g_ptr_array_index(lines, i);
	glong len = g_utf8_strlen(tl->text, -1);
	double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
	if (len < 2 || len > 10 || l->size <= 0 || look->size <= 0 ||
	    fabs(l->size - look->size) >= 0.3 || !l->bold != !look->bold ||
	    fabs(l->bbox.x0 - look->bbox.x0) >= em ||
	    (!set_apart(lines, i, i + 1) && !indented_as(lines, i, (guint)look_i, em)))
		return FALSE;
	char *known = qk_norm_section_name(tl->text);
	gboolean section = (known != NULL && *known) ||
	                   !qk_structure_looks_like_names_w(w, tl->text);
	g_free(known);
	/* the row under it a title's (names under a title's end are set
	 * apart from it too: 基层的调查报告 / 王爽 任昊) */
	QkTocLine n;
	parse_next(lines, i, &n);
	gboolean title = n.kind == QK_TOCL_TEXT && *n.text &&
	                 !qk_structure_looks_like_names_w(w, n.text);
	qk_structure_toc_line_clear(&n);
	return section && title;
}

/* Line ln (tl, no page), read with OCR, is a section whose bullet OCR
 * misread: the section line before it (look) opens with a bullet, ln is
 * set as it (as large, starting within an em of it), and what follows
 * ln's first character is a known section name (mini at 300 dpi:
 * ◆调查信息 read 令调查信息 under ◆经济社会). Returns the name, or NULL. */
static char *misread_bullet(const QkLine *ln, const QkTocLine *tl, const QkLine *look)
{
	if (ln->conf == NULL || look == NULL || tl->page != NULL || *tl->text == '\0' ||
	    bullet_at(look->text) == NULL || bullet_at(tl->text) != NULL)
		return NULL;
	double em = ln->size > 0 ? ln->size : ln->bbox.y1 - ln->bbox.y0;
	if (ln->size <= 0 || look->size <= 0 || fabs(ln->size - look->size) >= 0.3 ||
	    fabs(ln->bbox.x0 - look->bbox.x0) >= em)
		return NULL;
	const char *rest = skip_space(g_utf8_next_char(tl->text));
	if (g_utf8_strlen(rest, -1) < 2)
		return NULL;
	char *known = qk_norm_section_name(rest);
	if (known != NULL && *known)
		return known;
	g_free(known);
	return NULL;
}

/* The first space-separated token of text (g_malloc'd); *rest is set
 * past it and the spaces after it. */
static char *first_token(const char *text, const char **rest)
{
	const char *p = skip_space(text);
	const char *e = p;
	while (*e && !is_space(g_utf8_get_char(e)))
		e = g_utf8_next_char(e);
	*rest = skip_space(e);
	return g_strndup(p, e - p);
}

/* Whether title ends in a name's start the row's end cut after a space
 * (…新动能 石 / 生华 孟洁: wrapped_name joins them). */
static gboolean cut_name_end(const GString *title)
{
	const char *x = NULL;
	for (const char *p = title->str; *p; p = g_utf8_next_char(p))
		if (is_space(g_utf8_get_char(p)))
			x = p;
	return x != NULL && han_run(skip_space(x), 2);
}

/* Whether line i ends within an em of the right edge of the rows that
 * start where it does (its column): the row wrap cut it. */
static gboolean reaches_edge(const GPtrArray *lines, guint i)
{
	const QkLine *l = g_ptr_array_index(lines, i);
	double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
	double edge = l->bbox.x1;
	for (guint k = 0; k < lines->len; k++) {
		const QkLine *o = g_ptr_array_index(lines, k);
		if (fabs(o->bbox.x0 - l->bbox.x0) < 2 * em)
			edge = MAX(edge, o->bbox.x1);
	}
	return em > 0 && l->bbox.x1 >= edge - em;
}

/* Row i of a scan (tl, not names, no page) is a row of names and its
 * page that OCR misread (何平 (23) read 上, magazine-2023-01 at 200 dpi):
 * short, set where the column's authors and pages are (right of its
 * middle, flush with its right edge), under a row that is no such row
 * and over one that is not either (the next entry's title). A title's
 * wrapped row starts at the column's left. */
static gboolean names_row_misread(const GPtrArray *lines, const gboolean *right,
                                  guint i, const QkTocLine *tl)
{
	const QkLine *l = g_ptr_array_index(lines, i);
	return l->conf != NULL && right != NULL && right[i] && i > 0 && !right[i - 1] &&
	       i + 1 < lines->len && !right[i + 1] && tl->page == NULL && *tl->text &&
	       g_utf8_strlen(tl->text, -1) <= QK_TOC_NAMES_MISREAD &&
	       reaches_edge(lines, i);
}

/* Whether row k is set as an author row under row i: smaller, or set in
 * by most of an em (the 目录's authors on rows of their own). */
static gboolean set_under(const GPtrArray *lines, guint k, guint i)
{
	if (lines == NULL || k >= lines->len || i >= lines->len)
		return FALSE;
	const QkLine *r = g_ptr_array_index(lines, k);
	const QkLine *l = g_ptr_array_index(lines, i);
	double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
	return (r->size > 0 && l->size > 0 && r->size < l->size - 0.3) ||
	       (em > 0 && r->bbox.x0 > l->bbox.x0 + 0.8 * em);
}

/* Row i (no page) is the pending title's, though it may read as names, in
 * a TOC that prints the authors on rows of their own: the next row is
 * names without a page, set as an author row under it (…的几点 / 观察 /
 * 王志福). */
static gboolean title_end_over_authors(const QkWords *w, const GPtrArray *lines, guint i)
{
	return next_is_names(w, lines, i) && set_under(lines, i + 1, i);
}

/* A row without a page under the pending entry of a TOC that prints the
 * page first (st->page set): the rest of its authors or of its title.
 * With authors: a name the row's end cut goes on (卢生 / 权 乔楠, 付丽 /
 * 娜), or more names follow (…李全胜 / 韩冰); persons under a title whose
 * "author" was an organisation's name (…实干担当开新局 / 祁贵) are the
 * authors, the organisation the title's end. Without: names under a row
 * the wrap cut, the first not a surname's, are the title's end and the
 * authors (…写在项目建设 / 攻坚年 王爽), unless the title ends in a
 * name's start (…新动能 石 / 生华 孟洁). Returns FALSE when the row is
 * none of these (a section, an entry's title). */
static gboolean page_first_rest(TocState *st, const GPtrArray *lines,
                                guint i, const QkTocLine *tl)
{
	const QkWords *w = st->words;
	if (st->page == NULL || tl->page != NULL || tl->page_first ||
	    *tl->text == '\0' || (i > 0 && set_apart(lines, i, i - 1)))
		return FALSE;
	char *known = qk_norm_section_name(tl->text);
	gboolean section = known != NULL && *known;
	g_free(known);
	if (section)
		return FALSE;
	const char *rest;
	char *head = first_token(tl->text, &rest);
	gboolean names = qk_structure_looks_like_names_w(w, tl->text);
	gboolean done = FALSE;
	if (st->title->len > 0 && title_end_over_authors(w, lines, i) &&
	    (!st->have_authors || (i > 0 && reaches_edge(lines, i - 1) && !names))) {
		/* this row, and names read after a space at the end of the
		 * row above, which the wrap cut (…好业态 右玉探 / 索生态…路径 /
		 * 段思远), are the title's: the authors are on the row below */
		if (st->have_authors) {
			for (guint k = 0; k < st->authors->len; k++) {
				g_string_append_c(st->title, ' ');
				g_string_append(st->title, g_ptr_array_index(st->authors, k));
			}
			g_ptr_array_set_size(st->authors, 0);
			st->have_authors = FALSE;
		}
		qk_text_join(st->title, tl->text);
		done = TRUE;
	} else if (st->have_authors && st->authors->len > 0) {
		char *last = g_ptr_array_index(st->authors, st->authors->len - 1);
		char *joined = g_strconcat(last, head, NULL);
		if (han_run(head, 2) && g_utf8_strlen(joined, -1) <= 4 &&
		    qk_structure_looks_like_names_w(w, joined) &&
		    (*rest == '\0' || qk_structure_looks_like_names_w(w, rest))) {
			g_ptr_array_index(st->authors, st->authors->len - 1) = joined;
			g_free(last);
			joined = NULL;
			qk_structure_split_names(rest, st->authors);
			done = TRUE;
		} else if (names) {
			/* a person's name has at most four characters */
			gboolean org = st->authors->len == 1 &&
			               g_utf8_strlen(last, -1) > 4 &&
			               strstr(last, "·") == NULL;
			if (org) {
				g_string_append_c(st->title, ' ');
				g_string_append(st->title, last);
				g_ptr_array_set_size(st->authors, 0);
			}
			qk_structure_split_names(tl->text, st->authors);
			done = TRUE;
		}
		g_free(joined);
	} else if (st->title->len > 0 && names && *rest && !cut_name_end(st->title) &&
	           qk_structure_surname_at(w, head) == 0 && i > 0 &&
	           reaches_edge(lines, i - 1) &&
	           qk_structure_looks_like_names_w(w, rest)) {
		qk_text_join(st->title, head);
		qk_structure_split_names(rest, st->authors);
		st->have_authors = TRUE;
		done = TRUE;
	}
	if (!done && !names && st->title->len > 0 && i > 0 && reaches_edge(lines, i - 1)) {
		/* the wrap cut the title, and this row, set flush under the
		 * page, is its end and the authors: …安全根 / 基 卢强 石磊, or
		 * …网格治理 服务群 / 众实现“零距离” 张翼飞, where what read
		 * as a name after the row's last space was the title's */
		const char *at = persons_after(w, tl->text, 1);
		if (at != NULL) {
			for (guint k = 0; k < st->authors->len; k++) {
				g_string_append_c(st->title, ' ');
				g_string_append(st->title, g_ptr_array_index(st->authors, k));
			}
			g_ptr_array_set_size(st->authors, 0);
			char *end = g_strndup(tl->text, at - tl->text);
			qk_text_join(st->title, g_strstrip(end));
			g_free(end);
			qk_structure_split_names(at, st->authors);
			st->have_authors = TRUE;
			done = TRUE;
		}
	}
	g_free(head);
	return done;
}

/* Names left at the end of a title (大数据…“硕鼠” 姜东 梁妮 before a row
 * of leaders; 简讯两则 郭文; …“种地易” 戴栋, 卢梅 after a wide gap) move
 * to the authors, when the TOC prints authors: most of its entries
 * (sections from the first one on) have them. */
static void names_in_titles(const QkWords *w, GPtrArray *sections, guint first,
                            GHashTable *own_row)
{
	guint n = 0, with = 0;
	for (guint i = first; i < sections->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(sections, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			n++;
			with += e->authors->len > 0;
		}
	}
	if (with < 2 || 2 * with < n)
		return;
	for (guint i = first; i < sections->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(sections, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			/* (an entry whose authors a row of their own gave ends
			 * its title in words: …的实践与 思考 / 刘淑芳 武林) */
			const char *at = e->title && !g_hash_table_contains(own_row, e)
			                 ? persons_at_end(w, e->title) : NULL;
			if (at == NULL)
				continue;
			GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
			qk_structure_split_names(at, names);
			for (guint j = 0; j < e->authors->len; j++)
				g_ptr_array_add(names, g_strdup(g_ptr_array_index(e->authors, j)));
			g_ptr_array_unref(e->authors);
			e->authors = names;
			char *t = g_strndup(e->title, at - e->title);
			g_free(e->title);
			e->title = g_strstrip(t);
		}
	}
}

/* Whether text, a row read with OCR, is names but for one name's first
 * character read as a Latin letter (E文娟 李冰: 王 read E), the other
 * characters of that name Han: a row of authors (twice.c may take the
 * byline's reading of that character). */
static gboolean latin_misread_names(const QkWords *w, const char *text)
{
	if (!g_utf8_validate(text, -1, NULL))
		return FALSE;
	GString *v = g_string_new(NULL);
	int latin = 0;
	gboolean start = TRUE, ok = TRUE;
	for (const char *p = text; *p && ok; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		const char *n = g_utf8_next_char(p);
		if (c < 0x80 && g_ascii_isalpha((char)c)) {
			/* a name's first letter, Han after it */
			ok = start && *n && g_unichar_get_script(g_utf8_get_char(n)) ==
			                    G_UNICODE_SCRIPT_HAN;
			latin++;
			g_string_append(v, "王");
		} else {
			g_string_append_unichar(v, c);
		}
		start = is_space(c);
	}
	gboolean yes = ok && latin == 1 && qk_structure_looks_like_names_w(w, v->str);
	g_string_free(v, TRUE);
	return yes;
}

/* Row l printing text instead (its confidences conf, or none): a new
 * line where l is, made owns it. */
static QkLine *row_as(const QkLine *l, const char *text, const char *conf, GPtrArray *made)
{
	QkLine *m = qk_line_new(text);
	m->conf = g_strdup(conf);
	m->bbox = l->bbox;
	m->size = l->size;
	m->bold = l->bold;
	g_ptr_array_add(made, m);
	return m;
}

/* A TOC that prints each entry's page before its title one space apart
 * ("1 浙江“千万工程”带给我们的启示 高成富"): more rows open with a page
 * and a space than end with a page. Such a row's space is widened to the
 * gap the page-first form is read by. Returns the rows to read (lines
 * itself when the TOC is not of that style); free with the ones made. */
static GPtrArray *page_first_rows(const GPtrArray *lines, GPtrArray *made)
{
	static const char pattern[] = "^(\\d{1,3}) (?=[^\\d\\s年月期%．.、个项条])";
	int first = 0, last = 0;
	for (guint i = 0; lines != NULL && i < lines->len; i++) {
		const QkLine *l = g_ptr_array_index(lines, i);
		QkTocLine tl;
		qk_structure_parse_toc_line(l->text, &tl);
		if (tl.kind == QK_TOCL_TEXT && tl.page != NULL && !tl.page_first)
			last++;
		else if (tl.kind == QK_TOCL_TEXT && tl.page == NULL &&
		         qk_regex_match_simple(pattern, tl.text, 0, 0))
			first++;
		qk_structure_toc_line_clear(&tl);
	}
	if (first < 2 || first <= last)
		return (GPtrArray *)lines;
	GRegex *re = g_regex_new(pattern, 0, 0, NULL);
	GPtrArray *rows = g_ptr_array_new();
	for (guint i = 0; i < lines->len; i++) {
		const QkLine *l = g_ptr_array_index(lines, i);
		char *v = g_utf8_make_valid(l->text ? l->text : "", -1);
		char *wide = re ? g_regex_replace(re, g_strstrip(v), -1, 0, "\\1  ", 0, NULL)
		                : NULL;
		if (wide == NULL || strcmp(wide, v) == 0) {
			g_ptr_array_add(rows, (gpointer)l);
		} else {
			g_ptr_array_add(rows, row_as(l, wide, NULL, made));
		}
		g_free(wide);
		g_free(v);
	}
	if (re != NULL)
		g_regex_unref(re);
	return rows;
}

/* A page the tab left no room for, set right after the row's last name
 * (…李晓红 赵敏9): a row without a page that ends in a Han character and
 * one to three digits, reaching the right edge the rows with their page
 * at the end share (at least two of them, within half an em). Such a
 * row gets the gap before its page. Rows are replaced in place (made
 * owns the new ones). */
static void glued_pages(GPtrArray *rows, GPtrArray *made)
{
	static const char pattern[] = "(?<=\\p{Han})(\\d{1,3})$";
	double edge = -G_MAXDOUBLE;
	int paged = 0;
	for (guint i = 0; i < rows->len; i++) {
		const QkLine *l = g_ptr_array_index(rows, i);
		QkTocLine tl;
		qk_structure_parse_toc_line(l->text, &tl);
		if (tl.kind == QK_TOCL_TEXT && tl.page != NULL && !tl.page_first &&
		    *tl.text) {
			edge = MAX(edge, l->bbox.x1);
			paged++;
		}
		qk_structure_toc_line_clear(&tl);
	}
	if (paged < 2)
		return;
	GRegex *re = g_regex_new(pattern, 0, 0, NULL);
	for (guint i = 0; re != NULL && i < rows->len; i++) {
		const QkLine *l = g_ptr_array_index(rows, i);
		double em = l->size > 0 ? l->size : l->bbox.y1 - l->bbox.y0;
		if (l->bbox.x1 < edge - 0.5 * em)
			continue;
		QkTocLine tl;
		qk_structure_parse_toc_line(l->text, &tl);
		gboolean bare = tl.kind == QK_TOCL_TEXT && tl.page == NULL;
		qk_structure_toc_line_clear(&tl);
		char *v = g_utf8_make_valid(l->text ? l->text : "", -1);
		g_strstrip(v);
		char *wide = bare ? g_regex_replace(re, v, -1, 0, "  \\1", 0, NULL) : NULL;
		if (wide != NULL && strcmp(wide, v) != 0)
			g_ptr_array_index(rows, i) = row_as(l, wide, NULL, made);
		g_free(wide);
		g_free(v);
	}
	if (re != NULL)
		g_regex_unref(re);
}

/* Whether c opens a page's brackets as a scan reads them. */
static gboolean opening_bracket(gunichar c)
{
	return c == '(' || c == 0xff08 || c == 0x3008 || c == 0x300a || c == 0x3010;  /* （ 〈 《 【 */
}

/* A row read with OCR with the numerals Tesseract misreads in a TOC's
 * titles put right: a range's dash between digits read as 一 (1一10月:
 * a Han 一 between digits is no word) is a dash, and a bracket closing
 * none, before a digit or such a dash (]一10月), is a 1 — but one right
 * after an opening bracket, before a digit, is that bracket's ink read
 * twice and nothing (孙悦(]11) for (11), magazine-2023-01 and -04 at 200
 * dpi, both the dev scans' "(]": read as a 1 it made page 111). Rows are
 * replaced in place (made owns the new ones). */
static void ocr_numerals(GPtrArray *rows, GPtrArray *made)
{
	for (guint i = 0; i < rows->len; i++) {
		const QkLine *l = g_ptr_array_index(rows, i);
		if (l->conf == NULL || l->text == NULL || !has_digit(l->text))
			continue;
		glong n = g_utf8_strlen(l->text, -1);
		gunichar *v = g_utf8_to_ucs4_fast(l->text, -1, NULL);
		gboolean changed = FALSE, opened = FALSE;
		char *conf = g_strdup(l->conf);
		for (glong k = 1; k + 1 < n && (gsize)n == strlen(conf); k++) {
			if (v[k] == ']' && opening_bracket(v[k - 1]) && g_unichar_isdigit(v[k + 1])) {
				memmove(v + k, v + k + 1, (n - k - 1) * sizeof(gunichar));
				memmove(conf + k, conf + k + 1, n - k);
				n--;
				changed = TRUE;
			}
		}
		for (glong k = 0; k < n; k++) {
			gboolean digit_before = k > 0 && g_unichar_isdigit(v[k - 1]);
			gboolean digit_after = k + 1 < n && g_unichar_isdigit(v[k + 1]);
			opened = opened || v[k] == '[';
			if (v[k] == 0x4E00 && digit_after &&
			    (digit_before || (k > 0 && v[k - 1] == ']' && !opened))) {
				v[k] = 0x2014;
				changed = TRUE;
			}
		}
		for (glong k = 0; k + 1 < n; k++) {
			if (v[k] == '[')
				break;
			if (v[k] == ']' && k > 0 && !g_unichar_isdigit(v[k - 1]) &&
			    (g_unichar_isdigit(v[k + 1]) ||
			     (v[k + 1] == 0x2014 && k + 2 < n && g_unichar_isdigit(v[k + 2])))) {
				v[k] = '1';
				changed = TRUE;
			}
		}
		if (changed) {
			char *t = g_ucs4_to_utf8(v, n, NULL, NULL, NULL);
			g_ptr_array_index(rows, i) = row_as(l, t, conf, made);
			g_free(t);
		}
		g_free(conf);
		g_free(v);
	}
}

/* On a scan, an author of entries of sections[first..] that is names run
 * together (张伟李晓红赵敏: OCR lost the spaces), 4-9 characters that
 * split one way only into names of 2-3 characters each opening with a
 * surname, is those names. The dev and sample truths' lists of such
 * names (52) split so one way in 46, two ways in 6 (丁宁杜文斌: 丁宁
 * 杜文斌 or 丁宁杜 文斌, left as read), a wrong way in none. */
static void split_runs(GPtrArray *sections, guint first)
{
	const QkWords *w = qk_structure_words();
	for (guint s = first; s < sections->len; s++) {
		QkTocSection *sec = g_ptr_array_index(sections, s);
		for (guint e = 0; e < sec->entries->len; e++) {
			QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			for (guint k = 0; k < en->authors->len; k++) {
				const char *name = g_ptr_array_index(en->authors, k);
				glong n = g_utf8_strlen(name, -1);
				if (n < 4 || n > 9 || qk_structure_surname_at(w, name) > 3)
					continue;
				GPtrArray *parts = g_ptr_array_new();
				if (qk_structure_split_run(w, name, parts)) {
					g_ptr_array_remove_index(en->authors, k);
					for (guint i = 0; i < parts->len; i++)
						g_ptr_array_insert(en->authors, (gint)(k + i),
						                   g_ptr_array_index(parts, i));
					k += parts->len - 1;
				}
				g_ptr_array_free(parts, TRUE);
			}
		}
	}
}

void qk_structure_toc_from_lines(const GPtrArray *lines_in, const gboolean *right,
                               GPtrArray *sections_out)
{
	guint first = sections_out->len;
	GPtrArray *made = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	GPtrArray *lines = page_first_rows(lines_in, made);
	if (lines != NULL && lines == lines_in) {
		lines = g_ptr_array_new();
		for (guint i = 0; i < lines_in->len; i++)
			g_ptr_array_add(lines, g_ptr_array_index(lines_in, i));
	}
	if (lines != NULL) {
		glued_pages(lines, made);
		ocr_numerals(lines, made);
	}
	const QkWords *words = qk_structure_words();
	TocState st = { words, sections_out, NULL, g_string_new(NULL),
	                g_ptr_array_new_with_free_func(g_free), FALSE, NULL,
	                g_hash_table_new(g_direct_hash, g_direct_equal) };
	const QkLine *look = NULL;   /* the last section's line */
	gint look_i = -1, first_i = -1;   /* its index; the first section's */
	for (guint i = 0; lines != NULL && i < lines->len; i++) {
		const QkLine *ln = g_ptr_array_index(lines, i);
		gboolean at_right = right != NULL && right[i];
		QkTocLine tl;
		qk_structure_parse_toc_line(ln->text, &tl);
		switch (tl.kind) {
		case QK_TOCL_EMPTY:
		case QK_TOCL_HEADER:
			break;
		case QK_TOCL_TEXT: {
			char *misread = misread_bullet(ln, &tl, look);
			if (misread != NULL) {
				g_free(tl.section);
				tl.section = misread;
				goto section;
			}
			if (page_first_rest(&st, lines, i, &tl))
				break;
			/* set as the first section, when the last was found
			 * otherwise and set apart from it (libreoffice-mag-134
			 * at 200 dpi: 〗本期特稿 bold as 〗卷首语, after
			 * 和基层工作 read plain over a title with its page) */
			if (!plain_section(words, lines, i, &tl) &&
			    !section_look(words, lines, i, &tl, look_i) &&
			    !section_look(words, lines, i, &tl, first_i))
				goto text;
			g_free(tl.section);
			tl.section = g_strdup(tl.text);
			goto section;
		}
		case QK_TOCL_SECTION:
		section: {
			emit(&st, NULL);
			char *name = qk_structure_section_name(tl.section);
			st.sec = qk_toc_section_new(*name ? name : NULL);
			char *raw = g_utf8_make_valid(ln->text, -1);
			st.sec->raw = g_strstrip(raw);
			look = ln;
			look_i = (gint)i;
			if (first_i < 0)
				first_i = (gint)i;
			g_ptr_array_add(sections_out, st.sec);
			g_free(name);
			break;
		}
		text: {
			char *whole = st.title->len > 0 && !st.have_authors &&
			              !tl.page_first
			              ? wrapped_name(words, st.title, tl.text) : NULL;
			if (whole != NULL) {
				g_free(tl.text);
				tl.text = whole;
			}
			gboolean names = *tl.text &&
			                 (qk_structure_looks_like_names_w(words, tl.text) ||
			                  (ln->conf != NULL && latin_misread_names(words, tl.text)));
			/* a scan's row ending in leaders whose page was not
			 * read (xelatex-mag-08 at 200 dpi: 小杂粮撑起大产业…
			 * 王虎 刘晓琰 ……, its 3 lost, went on with the entry
			 * above): the row ends an entry all the same, when the
			 * next row is no page of its own */
			gboolean lost = page_lost(lines, i, &tl);
			if (tl.page == NULL && st.have_authors && st.authors->len > 0 &&
			    han_run(tl.text, 2) &&
			    last_name_goes_on(words, st.authors, tl.text)) {
				/* 刘鑫 付丽 / 娜: the last name goes on */
			} else if (tl.page == NULL && !tl.page_first &&
			           st.title->len == 0 && !st.have_authors &&
			           name_cut_after_entry(words, last_entry(&st),
			                                tl.text)) {
				/* …刘红宇 王 （4） / 晓东 */
			} else
			if (tl.page_first) {
				emit(&st, NULL);
				add_title_names(&st, tl.text, 6);
				st.page = g_strdup(tl.page);
			} else if (tl.page != NULL || lost) {
				if (*tl.text == '\0') {
					/* page alone */
				} else if (st.title->len > 0 &&
				           (names || at_right)) {
					qk_structure_split_names(tl.text, st.authors);
					st.have_authors = TRUE;
				} else if (st.title->len == 0 && names &&
				           at_right) {
					qk_structure_split_names(tl.text, st.authors);
					st.have_authors = TRUE;
				} else {
					add_title_names(&st, tl.text, 6);
				}
				emit(&st, tl.page);
			} else if (st.title->len > 0 && names &&
			           (at_right || st.page != NULL || smaller(lines, i) ||
			            (set_under(lines, i, i - 1) &&
			             authors_on_own_rows(&st))) &&
			           !st.have_authors) {
				/* (set in under a title whose page OCR lost, in a
				 * TOC that gives authors rows of their own:
				 * xelatex-mag-14 at 200 dpi, …的机遇 / 张伟 李晓红
				 * 赵敏) */
				qk_structure_split_names(tl.text, st.authors);
				st.have_authors = TRUE;
			} else if (st.title->len == 0 && !st.have_authors && names &&
			           last_entry(&st) != NULL &&
			           last_entry(&st)->authors->len > 0 &&
			           !g_hash_table_contains(st.own_row, last_entry(&st)) &&
			           names_row(lines, i) && next_has_page(lines, i) &&
			           authors_on_own_rows(&st)) {
				/* …到一条 产业链 （4） / 孟福荣 in a TOC that sets
				 * authors on rows of their own: the names read at
				 * the row's end are the title's end (a word OCR
				 * set apart), the row below gives the authors */
				QkTocEntry *e = last_entry(&st);
				GString *t = g_string_new(e->title);
				for (guint k = 0; k < e->authors->len; k++)
					qk_text_join(t, g_ptr_array_index(e->authors, k));
				g_free(e->title);
				e->title = g_string_free(t, FALSE);
				g_ptr_array_set_size(e->authors, 0);
				qk_structure_split_names(tl.text, e->authors);
				g_hash_table_add(st.own_row, e);
			} else if (st.title->len == 0 && !st.have_authors && names &&
			           last_entry(&st) != NULL &&
			           last_entry(&st)->authors->len > 0 &&
			           names_row(lines, i) && !next_has_page(lines, i)) {
				/* …见闻 马丽 （2） / 杨宏伟: the authors wrapped
				 * whole to a row of their own (no title's first
				 * row: the next row prints no page) go on */
				qk_structure_split_names(tl.text, last_entry(&st)->authors);
			} else if (st.title->len == 0 && !st.have_authors &&
			           last_entry(&st) != NULL &&
			           last_entry(&st)->authors->len == 0 &&
			           ((names && names_row(lines, i)) ||
			            (!names && next_is_names(words, lines, i)))) {
				/* a TOC that prints the page on an entry's first
				 * row: the title's end, and the authors on a row
				 * of their own below */
				QkTocEntry *e = last_entry(&st);
				if (names) {
					qk_structure_split_names(tl.text, e->authors);
					g_hash_table_add(st.own_row, e);
				} else {
					GString *t = g_string_new(e->title);
					qk_text_join(t, tl.text);
					g_free(e->title);
					e->title = g_string_free(t, FALSE);
				}
			} else if (st.title->len == 0 && !st.have_authors &&
			           st.sec != NULL && st.sec->entries->len > 0 &&
			           (next_kind(lines, i) != QK_TOCL_TEXT ||
			            ends_entry(words, lines, i, &tl,
			                       last_entry(&st)))) {
				/* a TOC that prints the page on an entry's first
				 * line: its last line (the title's end and the
				 * authors) before a section or the end, or
				 * before the next entry's row with its page */
				QkTocEntry *e = g_ptr_array_index(st.sec->entries,
				                                  st.sec->entries->len - 1);
				g_string_assign(st.title, e->title ? e->title : "");
				for (guint k = 0; k < e->authors->len; k++)
					g_ptr_array_add(st.authors, g_strdup(
						g_ptr_array_index(e->authors, k)));
				st.have_authors = e->authors->len > 0;
				add_title_names(&st, tl.text, 0);
				char *page = g_strdup(e->page);
				g_hash_table_remove(st.own_row, e);
				g_ptr_array_remove_index(st.sec->entries,
				                         st.sec->entries->len - 1);
				emit(&st, page);
				g_free(page);
			} else if (names_row_misread(lines, right, i, &tl) &&
			           st.title->len > 0 && !st.have_authors &&
			           st.page == NULL) {
				/* …增收“密码” / 上 (何平 (23) misread) / 外地资源
				 * 型…: the entry ends, the misreading no name */
				emit(&st, NULL);
			} else {
				if (st.have_authors)
					emit(&st, NULL);
				add_title(&st, tl.text);
			}
			break;
		}
		}
		qk_structure_toc_line_clear(&tl);
	}
	emit(&st, NULL);
	names_in_titles(words, sections_out, first, st.own_row);
	g_hash_table_destroy(st.own_row);
	qk_structure_toc_drop_zero_pages(sections_out, first);
	gboolean ocr = FALSE;
	for (guint i = 0; lines_in != NULL && i < lines_in->len && !ocr; i++)
		ocr = ((const QkLine *)g_ptr_array_index(lines_in, i))->conf != NULL;
	if (ocr) {
		split_runs(sections_out, first);
		qk_structure_toc_drop_marks(sections_out, first);
	}
	if (lines != lines_in)
		g_ptr_array_free(lines, TRUE);
	g_ptr_array_free(made, TRUE);
	g_string_free(st.title, TRUE);
	g_ptr_array_free(st.authors, TRUE);
}
