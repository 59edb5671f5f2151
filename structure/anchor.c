/*
 * anchor.c — the TOC as the issue's anchor. Before segmentation, its
 * entries' titles found on the pages give the printed page numbers where
 * the layout read none (a folio it could not tell from the text). Once its
 * entries are linked to articles, an entry's authors confirm a byline that
 * segmentation left as the article's first paragraph (□辛泰刘晓峰: names
 * run together, which no byline parser could split without the TOC).
 */
#include <string.h>

#include "structure.h"

/* a scan's TOC title and its article's headline are one reading when
 * at most this many letters, one in this many, differ (as twice.c) */
#define QK_ANCHOR_MAX_DIFF 3
#define QK_ANCHOR_SHARE 3
/* headlines shorter than this are not compared */
#define QK_ANCHOR_MIN_LEN 4
/* what runs on past a headline and its subtitle: at least this many
 * characters (one lost off the subtitle's reading is the title's) */
#define QK_ANCHOR_MIN_REST 3

/* s without the marks printed before a byline's names (□, 作者：, 文／
 * from data/bylines.tsv, and any other symbol before the first letter). */
const char *qk_structure_after_marks(const QkWords *w, const char *s)
{
	gboolean again = TRUE;
	while (again) {
		again = FALSE;
		while (*s && !g_unichar_isalnum(g_utf8_get_char(s))) {
			s = g_utf8_next_char(s);
			again = TRUE;
		}
		for (guint i = 0; i < w->marks->len; i++) {
			const char *m = g_ptr_array_index(w->marks, i);
			if (*m && g_str_has_prefix(s, m)) {
				s += strlen(m);
				again = TRUE;
			}
		}
	}
	return s;
}

/* The paragraph of a (one of its first two body paragraphs) that reads
 * as the entry's authors and nothing else, or -1. */
static int byline_para(const QkWords *w, const QkArticle *a,
                       const QkTocEntry *e)
{
	GString *names = g_string_new(NULL);
	for (guint k = 0; k < e->authors->len; k++)
		g_string_append(names, g_ptr_array_index(e->authors, k));
	int found = -1;
	for (guint i = 0; i < a->paras->len && i < 2 && found < 0; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		if (p->kind != QK_PARA_BODY)
			continue;
		char *sq = qk_structure_squeeze(qk_text_get(p->text));
		if (names->len > 0 && strcmp(qk_structure_after_marks(w, sq), names->str) == 0)
			found = (int)i;
		g_free(sq);
	}
	g_string_free(names, TRUE);
	return found;
}

/* A title block of the pages, numbered in reading order (page, block). */
typedef struct {
	guint order;
	int page; /* its page's index */
} TitleAt;

/* The pages' title blocks of at least four characters, squeezed -> GArray
 * of TitleAt in reading order: made once, not per entry (the entries
 * times the pages' titles, quadratic in the issue's length). */
static GHashTable *title_blocks(const QkIssue *issue)
{
	GHashTable *at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                       (GDestroyNotify)g_array_unref);
	guint order = 0;
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		for (guint k = 0; k < pg->blocks->len; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			if (b->role != QK_ROLE_TITLE)
				continue;
			char *t = qk_block_text(b);
			char *have = qk_structure_squeeze(t);
			g_free(t);
			if (g_utf8_strlen(have, -1) < 4) {
				g_free(have);
				order++;
				continue;
			}
			GArray *l = g_hash_table_lookup(at, have);
			if (l == NULL) {
				l = g_array_new(FALSE, FALSE, sizeof(TitleAt));
				g_hash_table_insert(at, have, l);
			} else {
				g_free(have);
			}
			TitleAt ta = { order++, pg->index };
			g_array_append_val(l, ta);
		}
	}
	return at;
}

/* The PDF page (index) after from where a title block opens the entry's
 * title (the whole title, or its start when the TOC prints the title with
 * its subtitle), or 0: of the title blocks that are the title or a start
 * of it (at least four characters), the first in reading order. */
static int page_of_title(GHashTable *titles, const QkTocEntry *e, int from)
{
	char *want = qk_structure_squeeze(e->title);
	int found = 0;
	guint found_order = G_MAXUINT;
	glong chars = 0;
	/* a squeezed title is valid UTF-8: one that starts want ends on one
	 * of want's character boundaries */
	for (char *p = want; *p; ) {
		p = g_utf8_next_char(p);
		if (++chars < 4)
			continue;
		char c = *p;
		*p = '\0';
		const GArray *l = g_hash_table_lookup(titles, want);
		*p = c;
		for (guint k = 0; l != NULL && k < l->len; k++) {
			const TitleAt *ta = &g_array_index(l, TitleAt, k);
			if (ta->page > from) {
				if (ta->order < found_order) {
					found_order = ta->order;
					found = ta->page;
				}
				break;
			}
		}
	}
	g_free(want);
	return found;
}

void qk_structure_toc_labels(QkIssue *issue, const gboolean *skip)
{
	gboolean missing = FALSE;
	for (guint i = 0; i < issue->pages->len && !missing; i++)
		missing = ((const QkPage *)g_ptr_array_index(issue->pages, i))->label == NULL;
	if (!missing || issue->toc->len == 0)
		return;
	/* offsets (PDF index - printed page) the entries vote for, in the
	 * TOC's order, each title looked for after the previous one's page */
	GHashTable *votes = g_hash_table_new(NULL, NULL);
	GHashTable *titles = title_blocks(issue);
	int best = 0, best_off = 0, found = 0, entries = 0, first = 0, from = 0;
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		for (guint k = 0; k < sec->entries->len; k++) {
			const QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			gint64 printed = e->page ? g_ascii_strtoll(e->page, NULL, 10) : 0;
			if (e->title == NULL || printed <= 0)
				continue;
			entries++;
			int at = page_of_title(titles, e, MAX(from - 1, 0));
			if (at == 0)
				continue;
			from = at;
			found++;
			first = first ? MIN(first, at) : at;
			int off = at - (int)printed;
			gpointer key = GINT_TO_POINTER(off);
			int n = GPOINTER_TO_INT(g_hash_table_lookup(votes, key)) + 1;
			g_hash_table_insert(votes, key, GINT_TO_POINTER(n));
			if (n > best) {
				best = n;
				best_off = off;
			}
		}
	}
	g_hash_table_unref(votes);
	g_hash_table_unref(titles);
	if (best < 3 || 2 * best < entries)
		return;
	/* a printed label that disagrees: another numbering, leave it */
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		if (pg->label != NULL &&
		    g_ascii_strtoll(pg->label, NULL, 10) != pg->index - best_off)
			return;
	}
	/* on a scan, a page before the first found that holds articles (no
	 * cover, imprint or TOC page: find_toc left it to segmentation) was
	 * numbered, its folio unread: magazine-2023-04 at 200 dpi, its
	 * 卷首语 on page 3 whose TOC row read no page */
	for (guint i = 0; i < issue->pages->len; i++) {
		QkPage *pg = g_ptr_array_index(issue->pages, i);
		gboolean front = pg->scanned && skip != NULL && !skip[i];
		if (pg->label == NULL && (pg->index >= first || front) &&
		    pg->index - best_off > 0)
			pg->label = g_strdup_printf("%d", pg->index - best_off);
	}
}

/* id -> the first article with that id. */
static GHashTable *articles_by_id(const QkIssue *issue)
{
	GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (a->id != NULL && !g_hash_table_contains(by_id, a->id))
			g_hash_table_insert(by_id, a->id, a);
	}
	return by_id;
}

/* The entry's first authors that are the end of its article's title as
 * printed (a TOC row that wrapped the title's last word onto the authors'
 * row: …价值实现 / 新路径 段思远; a title's last word after a space that
 * reads as a name: 稳中求进 开新局) go back to the title. */
static void title_end_in_authors(QkTocEntry *e, const QkArticle *a)
{
	if (e->title == NULL || a->title == NULL || e->authors->len == 0)
		return;
	char *want = qk_structure_squeeze(qk_text_get(a->title));
	char *have = qk_structure_squeeze(e->title);
	guint moved = 0;
	if (g_str_has_prefix(want, have)) {
		const char *rest = want + strlen(have);
		while (*rest && moved < e->authors->len &&
		       g_str_has_prefix(rest, g_ptr_array_index(e->authors, moved)))
			rest += strlen(g_ptr_array_index(e->authors, moved++));
		if (*rest != '\0')
			moved = 0;
	}
	if (moved > 0) {
		g_free(e->title);
		e->title = g_strdup(qk_text_get(a->title));
		g_ptr_array_remove_range(e->authors, 0, moved);
	}
	g_free(want);
	g_free(have);
}

/* The letters (and digits) of s, *n of them, and the byte offset in s
 * just past each (ends). */
static gunichar *letters_of(const char *s, glong *n, glong **ends)
{
	glong len = g_utf8_strlen(s, -1), m = 0;
	gunichar *v = g_new(gunichar, len + 1);
	*ends = g_new(glong, len + 1);
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_unichar_isalnum(g_utf8_get_char(p))) {
			(*ends)[m] = g_utf8_next_char(p) - s;
			v[m++] = g_utf8_get_char(p);
		}
	*n = m;
	return v;
}

/* On a scan, where the printed title (form) ends in an entry's title
 * that runs on past it: the byte offset in title, or -1. Its letters to
 * there are the fewest edits from form's, a few at most (the TOC and the
 * headline read apart: 实形 for 实践), marks aside (OCR reads them least
 * surely, and moves them: …“领跑：…布局”孙倍), with the marks form ends
 * in; letters must follow. */
static glong scan_title_end(const char *title, const char *form)
{
	glong n, m, *te, *fe;
	gunichar *x = letters_of(title, &n, &te);
	gunichar *y = letters_of(form, &m, &fe);
	glong max = MIN(QK_ANCHOR_MAX_DIFF, m / QK_ANCHOR_SHARE), best = -1, fewest = max + 1;
	for (glong p = MAX(1, m - max); m >= QK_ANCHOR_MIN_LEN && p < n && p <= m + max; p++) {
		/* of as few edits, the length nearest form's (…的实形 for
		 * …的实践, not …的实 and 践 lost) */
		glong edits = qk_structure_chars_apart(x, p, y, m, max);
		if (edits < fewest || (edits == fewest && ABS(p - m) < ABS(best - m)))
			fewest = edits, best = p;
	}
	glong cut = best > 0 ? te[best - 1] : -1;
	/* the marks form ends in (a closing quote) stay the title's */
	glong marks = m > 0 ? (glong)g_utf8_strlen(form + fe[m - 1], -1) : 0;
	for (const char *p = title + MAX(cut, 0); cut >= 0 && marks > 0 && *p &&
	     !g_unichar_isalnum(g_utf8_get_char(p)) && !g_unichar_isspace(g_utf8_get_char(p));
	     p = g_utf8_next_char(p), marks--)
		cut = g_utf8_next_char(p) - title;
	g_free(x);
	g_free(y);
	g_free(te);
	g_free(fe);
	return cut;
}

/* How many edits apart token and name are, at most max + 1. */
static glong name_edits(const char *token, const char *name, glong max, glong *n, glong *m)
{
	gunichar *x = g_utf8_to_ucs4_fast(token, -1, n);
	gunichar *y = g_utf8_to_ucs4_fast(name, -1, m);
	glong edits = *n > 0 && *m > 0 && x[0] == y[0]
	              ? qk_structure_chars_apart(x, *n, y, *m, max) : max + 1;
	g_free(x);
	g_free(y);
	return edits;
}

/* A scan's entry whose title runs on past its article's (form, printed
 * with the subtitle when sub) into the names under or beside it (…调研
 * 王虎 刘了晓珊; …一方人 _连彩霞, the names' space read _; …布局”孙倍):
 * cut where form ends, when what follows (marks before it aside) is the
 * article's names read again, each a token of its own; or, after the
 * headline and its subtitle, when a space parts it from them (…的实形
 * 汪入文婧 三末洒: a TOC prints no more of a title than that). An entry
 * without authors gets the tokens when each is one character off its
 * name at most (read_twice settles which reading), else the article's. */
static gboolean scan_names_in_title_end(QkTocEntry *e, const QkArticle *a,
                                        const char *form, gboolean sub)
{
	glong cut = scan_title_end(e->title, form);
	if (cut < 0)
		return FALSE;
	const char *rest = e->title + cut;
	gboolean spaced = g_unichar_isspace(g_utf8_get_char(rest)) ||
	                  g_utf8_get_char(rest) == 0x3000;
	while (*rest && !g_unichar_isalnum(g_utf8_get_char(rest)))
		rest = g_utf8_next_char(rest);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *p = rest, *from = rest;; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (*p && !g_unichar_isspace(c) && c != 0x3000)
			continue;
		if (p > from)
			g_ptr_array_add(names, g_strndup(from, p - from));
		if (!*p)
			break;
		from = g_utf8_next_char(p);
	}
	/* each token a person's name (2-4 characters) opening with its
	 * name's first character, at most two more off it (刘了晓珊 for
	 * 刘晓; 连彩霞 for 连彩起); one off, the same length: a reading */
	gboolean read = names->len > 0 && names->len == a->authors->len, close = read;
	for (guint k = 0; read && k < names->len; k++) {
		glong n, m;
		glong edits = name_edits(g_ptr_array_index(names, k),
		                         g_ptr_array_index(a->authors, k), 2, &n, &m);
		read = n >= 2 && n <= 4 && edits <= 2;
		close = close && read && n == m && edits <= 1;
	}
	gboolean yes = read || (sub && spaced && g_utf8_strlen(rest, -1) >= QK_ANCHOR_MIN_REST);
	if (yes) {
		char *t = g_strstrip(g_strndup(e->title, cut));
		g_free(e->title);
		e->title = t;
		const GPtrArray *from = close ? names : a->authors;
		for (guint k = 0, none = e->authors->len == 0; none && k < from->len; k++)
			g_ptr_array_add(e->authors, g_strdup(g_ptr_array_index(from, k)));
	}
	g_ptr_array_free(names, TRUE);
	return yes;
}

/* The article's first authors printed at the end of its entry's title
 * (…的实践 （6） / 王文娟 李冰: the names after the title wrapped whole to
 * the next row, and the first of them was read as the title's end) go
 * to the entry's authors. The title as printed (with its subtitle, when
 * the TOC prints it) must be the rest of the entry's title. */
void qk_structure_authors_in_title_end(QkTocEntry *e, const QkArticle *a, gboolean scan)
{
	if (e->title == NULL || a->title == NULL || a->authors->len == 0)
		return;
	char *have = qk_structure_squeeze(e->title);
	char *t = qk_structure_squeeze(qk_text_get(a->title));
	char *ts = g_strconcat(t, a->subtitle ? qk_text_get(a->subtitle) : "", NULL);
	char *sq = qk_structure_squeeze(ts);
	const char *forms[] = { t, sq };
	for (int f = 0; f < 2; f++) {
		if (!*forms[f] || !g_str_has_prefix(have, forms[f]) ||
		    strcmp(have, forms[f]) == 0)
			continue;
		const char *rest = have + strlen(forms[f]);
		guint m = 0;
		while (*rest && m < a->authors->len) {
			char *n = qk_structure_squeeze(g_ptr_array_index(a->authors, m));
			gboolean yes = *n && g_str_has_prefix(rest, n);
			if (yes)
				rest += strlen(n);
			g_free(n);
			if (!yes)
				break;
			m++;
		}
		if (*rest != '\0' || m == 0)
			continue;
		/* cut the title where its printed text ends */
		size_t want = strlen(forms[f]), got = 0;
		const char *p = e->title;
		for (; *p && got < want; p = g_utf8_next_char(p))
			if (!g_unichar_isspace(g_utf8_get_char(p)) &&
			    g_utf8_get_char(p) != 0x3000)
				got += g_utf8_next_char(p) - p;
		char *cut = g_strstrip(g_strndup(e->title, p - e->title));
		g_free(e->title);
		e->title = cut;
		for (guint k = 0; k < m; k++)
			g_ptr_array_insert(e->authors, (gint)k, g_strdup(
				g_ptr_array_index(a->authors, k)));
		scan = FALSE;
		break;
	}
	/* the longer form first: the title alone is a start of it */
	gboolean sub = strcmp(sq, t) != 0;
	if (scan && !(sub && scan_names_in_title_end(e, a, ts, TRUE)))
		scan_names_in_title_end(e, a, qk_text_get(a->title), FALSE);
	g_free(have);
	g_free(t);
	g_free(ts);
	g_free(sq);
}

/* Whether a's first page was read with OCR. */
static gboolean scanned(const QkIssue *issue, const QkArticle *a)
{
	return a->pdf_first >= 1 && a->pdf_first <= (int)issue->pages->len &&
	       ((const QkPage *)g_ptr_array_index(issue->pages, a->pdf_first - 1))->ocr_dpi > 0;
}

/* The printed page an entry gives, or 0. */
static long entry_page(const QkTocEntry *e)
{
	return e->page != NULL && g_ascii_isdigit(*e->page) ? (long)g_ascii_strtoll(e->page, NULL, 10) : 0;
}

/* Whether the digits of a and b are one edit apart (a digit lost, or
 * misread, or one more). */
static gboolean digit_apart(long a, long b)
{
	char x[24], y[24];
	glong n = g_snprintf(x, sizeof x, "%ld", a), m = g_snprintf(y, sizeof y, "%ld", b);
	gunichar u[24], v[24];
	for (glong i = 0; i < n; i++)
		u[i] = (gunichar)x[i];
	for (glong i = 0; i < m; i++)
		v[i] = (gunichar)y[i];
	return qk_structure_chars_apart(u, n, v, m, 1) == 1;
}

/* A scan's entry whose page breaks the order of the pages around it in
 * the TOC where its article's printed page keeps it, one digit apart
 * (五年砥砺奋进… read 2 for 12, between 11 and 13: magazine-2023-04 at
 * 200 dpi), takes the article's page: the title found the article, and
 * the page OCR misread. */
static void pages_in_order(QkIssue *issue, GHashTable *by_id)
{
	GPtrArray *all = g_ptr_array_new();
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		for (guint k = 0; k < sec->entries->len; k++)
			g_ptr_array_add(all, g_ptr_array_index(sec->entries, k));
	}
	for (guint i = 0; i < all->len; i++) {
		QkTocEntry *e = g_ptr_array_index(all, i);
		const QkArticle *a = e->article_id ? g_hash_table_lookup(by_id, e->article_id) : NULL;
		long have = entry_page(e), prev = 0, next = G_MAXLONG;
		if (a == NULL || have == 0 || !scanned(issue, a))
			continue;
		const QkPage *pg = g_ptr_array_index(issue->pages, a->pdf_first - 1);
		long want = pg->label ? (long)g_ascii_strtoll(pg->label, NULL, 10) : 0;
		for (guint k = i; k-- > 0 && prev == 0;)
			prev = entry_page(g_ptr_array_index(all, k));
		for (guint k = i + 1; k < all->len && next == G_MAXLONG; k++)
			if (entry_page(g_ptr_array_index(all, k)) > 0)
				next = entry_page(g_ptr_array_index(all, k));
		if (want > 0 && want != have && (have < prev || have > next) &&
		    want >= prev && want <= next && digit_apart(have, want)) {
			g_free(e->page);
			e->page = g_strdup(pg->label);
			e->pdf_page = a->pdf_first;
		}
	}
	g_ptr_array_free(all, TRUE);
}

void qk_structure_toc_anchor(QkIssue *issue)
{
	const QkWords *w = qk_structure_words();
	GHashTable *by_id = articles_by_id(issue);
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		for (guint k = 0; k < sec->entries->len; k++) {
			QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			QkArticle *a = e->article_id
			               ? g_hash_table_lookup(by_id, e->article_id) : NULL;
			if (a != NULL) {
				title_end_in_authors(e, a);
				qk_structure_authors_in_title_end(e, a, scanned(issue, a));
			}
			if (a == NULL || a->byline != NULL || a->authors->len > 0 ||
			    e->authors->len == 0)
				continue;
			int i = byline_para(w, a, e);
			if (i < 0)
				continue;
			QkPara *p = g_ptr_array_index(a->paras, i);
			a->byline = g_strstrip(g_strdup(qk_text_get(p->text)));
			for (guint n = 0; n < e->authors->len; n++)
				g_ptr_array_add(a->authors,
				                g_strdup(g_ptr_array_index(e->authors, n)));
			g_ptr_array_remove_index(a->paras, (guint)i);
		}
	}
	pages_in_order(issue, by_id);
	g_hash_table_unref(by_id);
}
