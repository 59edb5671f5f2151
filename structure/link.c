/*
 * link.c — the TOC linked to the articles read (or, for newspapers, a TOC
 * built by 版), and what the two readings of a title and its names settle
 * between them on a scan.
 */
#include <string.h>

#include "structure.h"

/* ---- linking the TOC --------------------------------------------------- */

/* What linking looks up, made once: linking each entry by a scan of all
 * pages and articles is quadratic in the issue's length. */
typedef struct {
	const QkIssue *issue;
	GHashTable *linked;     /* the articles linked so far */
	GHashTable *page_of;    /* label -> the first page printing it (its index) */
	GHashTable *by_label;   /* first label -> GArray of article numbers */
	QkTitleIndex *titles;   /* per article i: 2i its title, 2i + 1 its
	                         * title and subtitle (NULL: none) */
	GArray *hits;           /* of QkTitleHit */
	GPtrArray *tables;      /* per table: its title squeezed, or NULL */
} Link;

static const char *art_first_label(const QkArticle *a)
{
	return a->pages->len ? g_ptr_array_index(a->pages, 0) : NULL;
}

static void link_init(Link *lk, const QkIssue *issue)
{
	lk->issue = issue;
	lk->linked = g_hash_table_new(NULL, NULL);
	lk->page_of = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *p = g_ptr_array_index(issue->pages, i);
		if (p->label != NULL && !g_hash_table_contains(lk->page_of, p->label))
			g_hash_table_insert(lk->page_of, p->label,
			                    GINT_TO_POINTER(p->index));
	}
	lk->by_label = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	                                     (GDestroyNotify)g_array_unref);
	lk->titles = qk_title_index_new();
	for (guint i = 0; i < issue->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(issue->articles, i);
		const char *label = art_first_label(a);
		if (label != NULL) {
			GArray *l = g_hash_table_lookup(lk->by_label, label);
			if (l == NULL) {
				l = g_array_new(FALSE, FALSE, sizeof(guint));
				g_hash_table_insert(lk->by_label, (char *)label, l);
			}
			g_array_append_val(l, i);
		}
		const char *title = a->title ? qk_text_get(a->title) : NULL;
		char *both = title && a->subtitle
		             ? g_strconcat(title, qk_text_get(a->subtitle), NULL) : NULL;
		qk_title_index_add(lk->titles, title);
		qk_title_index_add(lk->titles, both);
		g_free(both);
	}
	lk->hits = g_array_new(FALSE, FALSE, sizeof(QkTitleHit));
	lk->tables = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < issue->tables->len; i++) {
		const QkTable *t = g_ptr_array_index(issue->tables, i);
		g_ptr_array_add(lk->tables,
		                t->title ? qk_structure_squeeze(t->title) : NULL);
	}
}

static void link_clear(Link *lk)
{
	g_hash_table_unref(lk->linked);
	g_hash_table_unref(lk->page_of);
	g_hash_table_unref(lk->by_label);
	qk_title_index_free(lk->titles);
	g_array_free(lk->hits, TRUE);
	g_ptr_array_free(lk->tables, TRUE);
}

static int page_of_label(const Link *lk, const char *label)
{
	gpointer index;
	if (label != NULL &&
	    g_hash_table_lookup_extended(lk->page_of, label, NULL, &index))
		return GPOINTER_TO_INT(index);
	return 0;
}

/* The best unlinked article for a TOC entry, or NULL: the first of the
 * best score, where an article on the entry's page scores 1 more, and
 * one whose title (or title and subtitle) is less than 0.6 like the
 * entry's scores 0, unless on its page and at least 0.3 like it (0.5
 * more). An entry without title takes its page's first article. */
static QkArticle *match_entry(Link *lk, const QkTocEntry *e)
{
	const GPtrArray *arts = lk->issue->articles;
	if (e->title == NULL) {
		const GArray *l = e->page ? g_hash_table_lookup(lk->by_label, e->page)
		                          : NULL;
		for (guint k = 0; l != NULL && k < l->len; k++) {
			QkArticle *a = g_ptr_array_index(arts, g_array_index(l, guint, k));
			if (!g_hash_table_contains(lk->linked, a))
				return a;
		}
		return NULL;
	}
	/* an article none of whose titles is 0.3 like the entry's scores 0 */
	qk_title_index_find(lk->titles, e->title, 0.3, lk->hits);
	QkArticle *best = NULL;
	double best_score = 0.0;
	for (guint k = 0; k < lk->hits->len;) {
		const QkTitleHit *h = &g_array_index(lk->hits, QkTitleHit, k);
		guint i = h->doc / 2;
		double sim = h->sim;
		for (k++; k < lk->hits->len; k++) {
			h = &g_array_index(lk->hits, QkTitleHit, k);
			if (h->doc / 2 != i)
				break;
			sim = MAX(sim, h->sim);
		}
		QkArticle *a = g_ptr_array_index(arts, i);
		if (g_hash_table_contains(lk->linked, a))
			continue;
		gboolean same_page = e->page != NULL &&
		                     g_strcmp0(art_first_label(a), e->page) == 0;
		double score;
		if (sim >= 0.6)
			score = sim + (same_page ? 1.0 : 0.0);
		else if (same_page && sim >= 0.3)
			score = sim + 0.5;
		else
			score = 0.0;
		if (score > best_score) {
			best_score = score;
			best = a;
		}
	}
	return best;
}

/* Newspapers: one TOC section per 版, entries in page order. */
static void build_toc(QkIssue *issue)
{
	QkTocSection *sec = NULL;
	const char *sec_label = NULL;
	for (guint i = 0; i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (a->title == NULL)
			continue;
		const char *label = art_first_label(a);
		if (sec == NULL || g_strcmp0(label, sec_label) != 0) {
			char *num = label ? g_strdup_printf("第%s版", label) : NULL;
			const char *name = a->section ? a->section : num;
			sec = qk_toc_section_new(name);
			if (num != NULL && a->section != NULL &&
			    strcmp(num, a->section) != 0)
				sec->raw = g_strdup_printf("%s %s", num, a->section);
			else
				sec->raw = g_strdup(name);
			g_ptr_array_add(issue->toc, sec);
			sec_label = label;
			g_free(num);
		}
		QkTocEntry *e = qk_toc_entry_new();
		e->title = g_strdup(qk_text_get(a->title));
		for (guint k = 0; k < a->authors->len; k++)
			g_ptr_array_add(e->authors,
			                g_strdup(g_ptr_array_index(a->authors, k)));
		e->page = g_strdup(label);
		e->pdf_page = a->pdf_first;
		e->article_id = g_strdup(a->id);
		g_ptr_array_add(sec->entries, e);
		a->in_toc = TRUE;
		if (a->section == NULL && sec->name != NULL)
			a->section = g_strdup(sec->name);
	}
}

static char *joined(const GPtrArray *names)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < names->len; i++)
		g_string_append(s, g_ptr_array_index(names, i));
	return g_string_free(s, FALSE);
}

static void copy_names(GPtrArray *to, const GPtrArray *from)
{
	g_ptr_array_set_size(to, 0);
	for (guint i = 0; i < from->len; i++)
		g_ptr_array_add(to, g_strdup(g_ptr_array_index(from, i)));
}

/* The TOC entry and the article print the same names; where one lost the
 * spaces between them (one run of characters), the other one's split
 * is taken. */
static void reconcile_authors(QkTocEntry *e, QkArticle *a)
{
	/* Without a byline the authors came from a closing signature (祁贵);
	 * a TOC that prints the piece without authors says the signature is
	 * not a credit (an editor signing a 卷首语). */
	if (a->byline == NULL && e->authors->len == 0) {
		g_ptr_array_set_size(a->authors, 0);
		return;
	}
	char *te = joined(e->authors);
	if (a->authors->len == 0 && e->authors->len > 0 && a->byline) {
		char *by = qk_structure_squeeze(a->byline);
		if (*te && g_str_has_suffix(by, te))
			copy_names(a->authors, e->authors);
		g_free(by);
	} else if (e->authors->len > 0 && a->authors->len > 0 &&
	           e->authors->len != a->authors->len) {
		char *ta = joined(a->authors);
		if (strcmp(ta, te) == 0) {
			if (e->authors->len < a->authors->len)
				copy_names(e->authors, a->authors);
			else
				copy_names(a->authors, e->authors);
		}
		g_free(ta);
	}
	g_free(te);
}

/* What a scan did not read, from the TOC entry linked to article a on a
 * page read with OCR: a byline set small and light may not be read at
 * all, or read as no names (chromium-mag-01 at 200 dpi: 文／薛文 over
 * 应县推进农村人居环境整治提升 left no ink Tesseract read), so an article
 * without authors takes its entry's (the corpus's truth gives an article
 * its entry's authors in all 286 entries that print them); an entry whose
 * page was not read (its row's leaders end in no number: toc.c) takes
 * the printed page its article starts on. */
static void scan_from_toc(const QkIssue *issue, QkTocEntry *e, QkArticle *a)
{
	if (a->pdf_first < 1 || a->pdf_first > (int)issue->pages->len)
		return;
	const QkPage *page = g_ptr_array_index(issue->pages, a->pdf_first - 1);
	if (page->ocr_dpi <= 0)
		return;
	if (a->authors->len == 0 && e->authors->len > 0)
		copy_names(a->authors, e->authors);
	if (e->page == NULL && page->label != NULL)
		e->page = g_strdup(page->label);
}

/* Whether name is one of names. */
static gboolean among(const GPtrArray *names, const char *name)
{
	for (guint i = 0; i < names->len; i++)
		if (strcmp(g_ptr_array_index(names, i), name) == 0)
			return TRUE;
	return FALSE;
}

/* Whether long_ is short_ with one letter more (a Han character or a
 * letter, anywhere in it): a glyph one reading lost. */
static gboolean one_letter_more(const char *long_, const char *short_)
{
	glong n = g_utf8_strlen(long_, -1), m = g_utf8_strlen(short_, -1);
	if (n != m + 1 || m < 1)
		return FALSE;
	const char *p = long_, *q = short_;
	while (*q && g_utf8_get_char(p) == g_utf8_get_char(q)) {
		p = g_utf8_next_char(p);
		q = g_utf8_next_char(q);
	}
	if (!g_unichar_isalpha(g_utf8_get_char(p)))
		return FALSE;
	return strcmp(g_utf8_next_char(p), q) == 0;
}

/* The names a scan read twice, in the TOC entry and over (or under) its
 * article, once the titles are one (twice.c), where one reading lost
 * what the other has:
 * - an article without a byline took its names from a closing signature
 *   (（王爽）), which may name one author of several: the byline's row
 *   was not read as names (chromium-mag-49 at 200 dpi: □ 王 爽 任 昊
 *   letter-spaced, read 目：汉：直人妊 天); when each of its names is one
 *   of the entry's and the entry has more, the entry's are the article's
 *   (the corpus's truth gives an article its entry's authors);
 * - a name one reading has with one letter more than the other, as many
 *   names each (mini at 300 dpi: byline 周平郑海, TOC 周 平郑海燕): a
 *   glyph Tesseract dropped, and the longer reading is taken in both
 *   (OCR loses a glyph of a name far more often than it invents a
 *   letter). */
static void names_read_twice(const QkIssue *issue, QkTocEntry *e, QkArticle *a)
{
	if (a->pdf_first < 1 || a->pdf_first > (int)issue->pages->len ||
	    e->authors->len == 0 || a->authors->len == 0)
		return;
	const QkPage *page = g_ptr_array_index(issue->pages, a->pdf_first - 1);
	if (page->ocr_dpi <= 0)
		return;
	if (a->byline == NULL && a->authors->len < e->authors->len) {
		gboolean all = TRUE;
		for (guint i = 0; all && i < a->authors->len; i++)
			all = among(e->authors, g_ptr_array_index(a->authors, i));
		if (all)
			copy_names(a->authors, e->authors);
		return;
	}
	for (guint i = 0; e->authors->len == a->authors->len && i < a->authors->len; i++) {
		char **x = (char **)&e->authors->pdata[i];
		char **y = (char **)&a->authors->pdata[i];
		if (one_letter_more(*x, *y)) {
			g_free(*y);
			*y = g_strdup(*x);
		} else if (one_letter_more(*y, *x)) {
			g_free(*x);
			*x = g_strdup(*y);
		}
	}
}

/* Whether c is a geometric shape or dingbat (◆ ■ ● ★ ❖): an ornament,
 * no letter of a title. */
static gboolean ornament(gunichar c)
{
	return (c >= 0x25A0 && c <= 0x25FF) || (c >= 0x2600 && c <= 0x27BF);
}

/* Whether c is a mark that separates a title's phrases (：，；。、！？),
 * not one that pairs (quotes, brackets) or a dash. */
static gboolean phrase_mark(gunichar c)
{
	static const gunichar marks[] = { 0xFF1A, ':', 0xFF0C, ',', 0xFF1B, ';', 0x3002,
	                                  0x3001, 0xFF01, '!', 0xFF1F, '?' };
	for (guint i = 0; i < G_N_ELEMENTS(marks); i++)
		if (c == marks[i])
			return TRUE;
	return FALSE;
}

/* a headline's marks are weighed on headlines of this many letters at least */
#define QK_MIN_TITLE_LETTERS 4

/* On a scan, a headline holding what its TOC entry's reading has not:
 * ornaments anywhere, or a phrase mark that parts off one letter at the
 * headline's start or end (no phrase is one letter): specks or a
 * design's marks read as letters (chromium-mag-03 at 200 dpi:
 * 把握新机◆遇◆迈出新步伐, the ◆ read with confidences 100 and 93, over
 * the TOC's 把握新机遇 迈出新步伐; libreoffice-mag-52: 把矛盾纠纷化解在
 * 诉讼之： 前 over the TOC's …诉讼之前——写在…). When the headline without
 * them is found in the entry's reading (spaces aside; the entry maybe
 * with a subtitle, or a section's name misread before it) and the
 * headline as read is not, they are left out of the headline, before
 * the two readings are reconciled (twice.c would take them into the
 * entry). */
static void title_ornaments(const QkIssue *issue, const QkTocEntry *e, QkArticle *a)
{
	if (e->title == NULL || a->title == NULL || a->title->norm != NULL ||
	    a->pdf_first < 1 || a->pdf_first > (int)issue->pages->len)
		return;
	const QkPage *page = g_ptr_array_index(issue->pages, a->pdf_first - 1);
	if (page->ocr_dpi <= 0)
		return;
	glong n = 0;
	gunichar *v = g_utf8_to_ucs4_fast(a->title->text, -1, &n);
	GString *plain = g_string_new(NULL);
	gboolean any = FALSE;
	for (glong i = 0; i < n; i++) {
		/* the letters before and after the mark, spaces aside */
		glong before = 0, after = 0;
		for (glong k = 0; k < i; k++)
			before += g_unichar_isalnum(v[k]);
		for (glong k = i + 1; k < n; k++)
			after += g_unichar_isalnum(v[k]);
		gboolean drop = ornament(v[i]) ||
		                (phrase_mark(v[i]) && (before == 1 || after == 1) &&
		                 before + after >= QK_MIN_TITLE_LETTERS);
		if (drop)
			any = TRUE;
		else
			g_string_append_unichar(plain, v[i]);
	}
	g_free(v);
	char *x = qk_structure_squeeze(plain->str), *y = qk_structure_squeeze(e->title);
	char *z = qk_structure_squeeze(a->title->text);
	if (any && *x && strstr(y, x) != NULL && strstr(y, z) == NULL) {
		g_free(a->title->text);
		a->title->text = g_string_free(plain, FALSE);
		plain = NULL;
	}
	g_free(x);
	g_free(y);
	g_free(z);
	if (plain != NULL)
		g_string_free(plain, TRUE);
}

/* An entry with no article may name a table (数字朔州's indicator table):
 * the same title, squeezed of spaces, on the page the entry gives. */
static QkTable *match_table(const Link *lk, const QkTocEntry *e)
{
	if (e->title == NULL)
		return NULL;
	char *want = qk_structure_squeeze(e->title);
	QkTable *found = NULL;
	for (guint i = 0; *want && i < lk->issue->tables->len && !found; i++) {
		QkTable *t = g_ptr_array_index(lk->issue->tables, i);
		const char *have = g_ptr_array_index(lk->tables, i);
		if (have == NULL || (e->pdf_page && t->page != e->pdf_page))
			continue;
		if (strcmp(want, have) == 0)
			found = t;
	}
	g_free(want);
	return found;
}

void qk_structure_link_toc(QkIssue *issue)
{
	if (issue->toc->len == 0) {
		if (issue->meta.kind == QK_KIND_NEWSPAPER)
			build_toc(issue);
		return;
	}
	Link lk;
	link_init(&lk, issue);
	GHashTable *linked = lk.linked;
	for (guint i = 0; i < issue->toc->len; i++) {
		QkTocSection *sec = g_ptr_array_index(issue->toc, i);
		for (guint k = 0; k < sec->entries->len; k++) {
			QkTocEntry *e = g_ptr_array_index(sec->entries, k);
			e->pdf_page = page_of_label(&lk, e->page);
			QkArticle *a = match_entry(&lk, e);
			QkTable *t = a ? NULL : match_table(&lk, e);
			if (t != NULL) {
				g_free(e->table_id);
				e->table_id = g_strdup(t->id);
				continue;
			}
			if (a == NULL) {
				qk_issue_warn(issue, "toc-unlinked", e->pdf_page,
				              "TOC entry %s (page %s) has no article",
				              e->title ? e->title : "(untitled)",
				              e->page ? e->page : "?");
				continue;
			}
			g_hash_table_add(linked, a);
			g_free(e->article_id);
			e->article_id = g_strdup(a->id);
			if (e->pdf_page == 0)
				e->pdf_page = a->pdf_first;
			a->in_toc = TRUE;
			if (sec->name != NULL) {
				g_free(a->section);
				a->section = g_strdup(sec->name);
			}
			reconcile_authors(e, a);
			scan_from_toc(issue, e, a);
			title_ornaments(issue, e, a);
			qk_structure_title_read_twice(issue, e, a);
			names_read_twice(issue, e, a);
			/* a title wrapped in the TOC loses the space it had at
			 * the break; the article prints it whole */
			if (e->title != NULL && a->title != NULL) {
				char *x = qk_structure_squeeze(e->title);
				char *y = qk_structure_squeeze(qk_text_get(a->title));
				if (strcmp(x, y) == 0) {
					g_free(e->title);
					e->title = g_strdup(qk_text_get(a->title));
				}
				g_free(x);
				g_free(y);
			}
		}
	}
	for (guint i = 0; i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (!g_hash_table_contains(linked, a))
			qk_issue_warn(issue, "article-not-in-toc", a->pdf_first,
			              "article %s (%s) is not in the TOC", a->id,
			              a->title ? qk_text_get(a->title) : "untitled");
	}
	link_clear(&lk);
}
