/*
 * furniture.c — page furniture: running heads, page numbers, slogans and
 * newspaper edition headers.
 *
 * Both before reading order. Per page, lines in the top or bottom band
 * whose text has a furniture shape (·本期特稿·, ·48·, 第2版 …) are set
 * aside, and a page number that is the page's last line in its lowest
 * sixth (a deep bottom margin). Per issue, band lines whose text (digits ignored) comes back on
 * two or more pages, set no larger than the body text, are furniture as
 * well (a magazine's name in the footer, a repeated slogan); the issue's
 * head row (a head under the top band, at the foot of a deep margin)
 * counts as band.
 */
#include <math.h>
#include <string.h>
#include "layout.h"

/* Bands, as fractions of the page height. */
#define TOP_BAND 0.12
#define BOTTOM_BAND 0.88

/* A page number alone may sit higher, as the page's last line. */
#define FOLIO_BAND 0.84

/* TRUE when no other line of the page (tables aside) lies below l. */
static gboolean lowest(GPtrArray *lines, const QkLLine *l)
{
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		if (o != l && o->table < 0 && o->bbox.y0 >= l->bbox.y1)
			return FALSE;
	}
	return TRUE;
}

static gboolean in_band(const QkBox *b, double h)
{
	return b->y1 <= TOP_BAND * h || b->y0 >= BOTTOM_BAND * h;
}

/* The text without surrounding white space (including U+3000). */
static char *trimmed(const char *s)
{
	char *t = g_strdup(s);
	g_strstrip(t);
	while (g_str_has_prefix(t, "\u3000"))
		memmove(t, t + 3, strlen(t + 3) + 1);
	while (g_str_has_suffix(t, "\u3000"))
		t[strlen(t) - 3] = '\0';
	return t;
}

/* Classifies a band text; returns the furniture kind or NULL. */
static const char *classify(QkPatterns *pats, const char *text, char **section)
{
	*section = NULL;
	if (qk_pat_match(pats, QK_PAT_CONTINUATION, text, NULL))
		return NULL;
	if (qk_pat_match(pats, QK_PAT_SLOGAN, text, NULL))
		return "slogan";
	if (qk_pat_match(pats, QK_PAT_RUNHEAD, text, section))
		return "running-head";
	if (qk_pat_match(pats, QK_PAT_PAGENUM, text, NULL))
		return "page-number";
	if (g_utf8_strlen(text, -1) <= 40 && qk_pat_match(pats, QK_PAT_EDITION, text, NULL))
		return "edition-header";
	return NULL;
}

/* OCR reads the middle dots around a running head or folio as other
 * marks, or loses one (·本期特稿· as .本期特稿, “本期特稿， or 本期特稿。;
 * ·3· as 3 。). */
static gboolean misread_dot(gunichar c)
{
	return c == '.' || c == ',' || c == '*' || c == '\'' || c == '"' || c == '`' ||
	       c == '_' || c == '-' || c == ':' || c == ';' || c == 0x00B0 || c == 0x00B7 ||
	       c == 0x2022 || c == 0x2027 || c == 0x30FB || c == 0x3002 || c == 0xFF0C ||
	       c == 0x3001 || c == 0xFF0E || c == 0xFF1A || c == 0xFF1B || c == 0x201C ||
	       c == 0x201D || c == 0x2018 || c == 0x2019;
}

/* The text inside the misread marks at the ends of t, as ·core· (NULL when
 * no end has one, or the core is empty, longer than 12 characters or holds
 * a mark itself: a heading 一、… or a sentence). */
static char *redotted(const char *t)
{
	const char *s = t, *e = t + strlen(t);
	while (*s && (misread_dot(g_utf8_get_char(s)) || g_unichar_isspace(g_utf8_get_char(s))))
		s = g_utf8_next_char(s);
	while (e > s) {
		const char *p = g_utf8_prev_char(e);
		gunichar c = g_utf8_get_char(p);
		if (!misread_dot(c) && !g_unichar_isspace(c))
			break;
		e = p;
	}
	if (s == t && e == t + strlen(t))
		return NULL;
	glong n = g_utf8_strlen(s, e - s);
	if (n < 1 || n > 12)
		return NULL;
	for (const char *p = s; p < e; p = g_utf8_next_char(p))
		if (g_unichar_ispunct(g_utf8_get_char(p)))
			return NULL;
	return g_strdup_printf("\u00B7%.*s\u00B7", (int)(e - s), s);
}

/* TRUE when l is the outermost line of its page on its side of the page
 * (lines on its row aside) and the nearest line beyond its row is more
 * than one and a half times its size away: a head or folio stands apart
 * from the text; the last line of a paragraph does not. */
static gboolean set_apart(GPtrArray *lines, const QkLLine *l, double page_height)
{
	gboolean top = l->yc < page_height / 2;
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		if (o == l || o->table >= 0 || (o->bbox.y0 < l->bbox.y1 && o->bbox.y1 > l->bbox.y0))
			continue;
		double gap = top ? o->bbox.y0 - l->bbox.y1 : l->bbox.y0 - o->bbox.y1;
		if (gap < 1.5 * l->size)
			return FALSE;
	}
	return TRUE;
}

/* An OCR band line whose marks were misread: classified with its middle
 * dots put back, when it stands apart. */
static const char *ocr_classify(GPtrArray *lines, QkLLine *l, const char *t, double page_height,
                                QkPatterns *pats)
{
	char *dotted = redotted(t);
	const char *kind = NULL;
	if (dotted && set_apart(lines, l, page_height))
		kind = classify(pats, dotted, &l->section);
	g_free(dotted);
	return kind;
}

void qk_layout_line_furniture(GPtrArray *lines, double page_height, QkPatterns *pats)
{
	gboolean any_edition = FALSE;
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		if (l->table >= 0)
			continue;
		if (!in_band(&l->bbox, page_height)) {
			/* a folio in a deep bottom margin (an A5 page): a page
			 * number the page's last line, in its lowest sixth */
			char *t = trimmed(l->text->str);
			if (l->bbox.y0 >= FOLIO_BAND * page_height && lowest(lines, l) &&
			    qk_pat_match(pats, QK_PAT_PAGENUM, t, NULL))
				l->furniture = "page-number";
			g_free(t);
			continue;
		}
		char *t = trimmed(l->text->str);
		l->furniture = classify(pats, t, &l->section);
		if (!l->furniture && l->ocr)
			l->furniture = ocr_classify(lines, l, t, page_height, pats);
		if (l->furniture && !strcmp(l->furniture, "edition-header"))
			any_edition = TRUE;
		g_free(t);
	}
	if (!any_edition)
		return;
	/* the rest of an edition header's row (要闻, the date) belongs to it */
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *e = g_ptr_array_index(lines, i);
		if (!e->furniture || strcmp(e->furniture, "edition-header"))
			continue;
		for (guint j = 0; j < lines->len; j++) {
			QkLLine *l = g_ptr_array_index(lines, j);
			if (!l->furniture && l->table < 0 && in_band(&l->bbox, page_height) &&
			    fabs(l->yc - e->yc) < 0.5 * MAX(e->size, l->size) &&
			    l->size < 2 * e->size)
				l->furniture = "edition-header";
		}
	}
}

/* Key for repetition: the text without digits, spaces and decorations;
 * on an OCR line without marks either (read as other marks, or lost: 4 |
 * 晋北发展研究 and 6 晋北发展研究, 本期特稿。 and “本期特稿，). */
static char *repeat_key(const QkLLine *l)
{
	GString *k = g_string_new(NULL);
	for (const char *s = l->text->str; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (g_unichar_isdigit(c) || g_unichar_isspace(c) || c == 0x3000)
			continue;
		if (l->ocr && !g_unichar_isalpha(c))
			continue;
		g_string_append_unichar(k, c);
	}
	return g_string_free(k, FALSE);
}

static int count_dots(const char *s)
{
	int n = 0;
	for (; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		n += c == 0x00B7 || c == 0x2022 || c == 0x2027;
	}
	return n;
}

/* TRUE when no line of the page (tables aside) lies above l. */
static gboolean topmost(GPtrArray *lines, const QkLLine *l)
{
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		if (o != l && o->table < 0 && o->bbox.y1 <= l->bbox.y0)
			return FALSE;
	}
	return TRUE;
}

/* TRUE when l is in the page's top row at the head row. */
static gboolean head_row_line(GPtrArray *lines, const QkLLine *l, double head_y0)
{
	return !isnan(head_y0) && l->table < 0 && fabs(l->bbox.y0 - head_y0) < 1 &&
	       topmost(lines, l);
}

/* A line of a page's top row, for the head row below. */
typedef struct {
	guint page;
	const QkLLine *line;
	char *key;          /* repeat_key of its text */
} TopLine;

/* The top rows of the pages (lines no other line lies above, tables
 * aside), in page order: the lowest bottom edge of a page's lines and
 * the next lowest (that of the others when a line has the lowest) say
 * which, in one pass over the page. */
static GArray *top_rows(GPtrArray *page_lines)
{
	GArray *tops = g_array_new(FALSE, FALSE, sizeof(TopLine));
	for (guint p = 0; p < page_lines->len; p++) {
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		double m1 = INFINITY, m2 = INFINITY;
		const QkLLine *low = NULL;
		for (guint i = 0; i < lines->len; i++) {
			const QkLLine *l = g_ptr_array_index(lines, i);
			if (l->table >= 0)
				continue;
			if (l->bbox.y1 < m1) {
				m2 = m1;
				m1 = l->bbox.y1;
				low = l;
			} else if (l->bbox.y1 < m2) {
				m2 = l->bbox.y1;
			}
		}
		for (guint i = 0; i < lines->len; i++) {
			const QkLLine *l = g_ptr_array_index(lines, i);
			if (l->table < 0 && l->bbox.y0 < (l == low ? m2 : m1)) {
				TopLine t = { p, l, repeat_key(l) };
				g_array_append_val(tops, t);
			}
		}
	}
	return tops;
}

/* The pages (of used) printing, in the top row at y0, a text that comes
 * back there on another page (digits ignored: 调研通讯 2022年第8期 and
 * — 2 —; each section's name on its pages). */
static guint pages_repeating(GArray *tops, double y0)
{
	/* per text, the pages printing it there (tops come in page order) */
	GHashTable *pages = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *last = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint k = 0; k < tops->len; k++) {
		const TopLine *o = &g_array_index(tops, TopLine, k);
		if (fabs(o->line->bbox.y0 - y0) >= 1 || !*o->key)
			continue;
		gpointer seen = g_hash_table_lookup(last, o->key);
		if (seen && GPOINTER_TO_UINT(seen) == o->page + 1)
			continue;
		g_hash_table_insert(last, o->key, GUINT_TO_POINTER(o->page + 1));
		g_hash_table_insert(pages, o->key, GUINT_TO_POINTER(
			GPOINTER_TO_UINT(g_hash_table_lookup(pages, o->key)) + 1));
	}
	guint n = 0, prev = G_MAXUINT;
	for (guint k = 0; k < tops->len; k++) {
		const TopLine *o = &g_array_index(tops, TopLine, k);
		if (o->page == prev || fabs(o->line->bbox.y0 - y0) >= 1 || !*o->key ||
		    GPOINTER_TO_UINT(g_hash_table_lookup(pages, o->key)) < 2)
			continue;
		n++;
		prev = o->page;
	}
	g_hash_table_destroy(pages);
	g_hash_table_destroy(last);
	return n;
}

/* The head row: a running head set at the foot of a deep top
 * margin (WeasyPrint bottom-aligns the head box right over the text; an
 * A5 page's head 26 mm or more down) overruns the top band. The top of
 * the pages' top rows where half the pages or more (two at least) start,
 * in the top fifth of the page, when half the pages or more print there a
 * text (digits ignored) that comes back there on another page; NAN when
 * there is none. Body text starting at one height on every page repeats
 * no text there (a folio alone, — 2 —, repeats its dashes: a head row
 * too). */
static double head_row(GPtrArray *page_lines, const double *heights)
{
	guint used = 0;
	for (guint p = 0; p < page_lines->len; p++)
		used += ((GPtrArray *)g_ptr_array_index(page_lines, p))->len > 0;
	GArray *tops = top_rows(page_lines);
	double best = NAN, tried = NAN;
	for (guint c = 0; c < tops->len && isnan(best); c++) {
		const TopLine *t = &g_array_index(tops, TopLine, c);
		double y0 = t->line->bbox.y0;
		if (in_band(&t->line->bbox, heights[t->page]) || y0 > 0.2 * heights[t->page] ||
		    y0 == tried)
			continue;
		tried = y0;
		/* pages whose top row starts here (tops come in page order) */
		guint at = 0, last = G_MAXUINT;
		for (guint k = 0; k < tops->len; k++) {
			const TopLine *o = &g_array_index(tops, TopLine, k);
			if (fabs(o->line->bbox.y0 - y0) < 1 && o->page != last) {
				at++;
				last = o->page;
			}
		}
		if (at < 2 || 2 * at < used)
			continue;
		guint same = pages_repeating(tops, y0);
		if (same >= 2 && 2 * same >= used)
			best = y0;
	}
	for (guint k = 0; k < tops->len; k++)
		g_free(g_array_index(tops, TopLine, k).key);
	g_array_free(tops, TRUE);
	return best;
}

/* A line that may be repeated furniture: text in a band, not already set
 * aside, and set small (a kicker repeated over a campaign's articles is
 * larger than the text, a running head is not). */
static gboolean repeat_candidate(GPtrArray *lines, const QkLLine *l, double height,
                                 double head_y0, double body, QkPatterns *pats)
{
	/* (下转第2版) on one page and (下转第3版) on the next are not furniture */
	return !l->furniture && l->table < 0 &&
	       (in_band(&l->bbox, height) || head_row_line(lines, l, head_y0)) &&
	       l->size <= 1.15 * body &&
	       !qk_pat_match(pats, QK_PAT_CONTINUATION, l->text->str, NULL);
}

/* TRUE when a headline (set half as large again or more) lies right
 * under l, less than half l's size below it, at its left edge or centred
 * on it: l is its kicker, repeated over a campaign's articles on several
 * pages (乡村振兴进行时), not furniture. A running head keeps more white
 * above the text area. */
static gboolean over_headline(GPtrArray *lines, const QkLLine *l)
{
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		double gap = o->bbox.y0 - l->bbox.y1;
		if (o != l && o->table < 0 && o->size >= 1.5 * l->size &&
		    gap >= -0.2 * l->size && gap < 0.5 * l->size &&
		    (fabs(o->bbox.x0 - l->bbox.x0) < 1 ||
		     fabs(o->bbox.x0 + o->bbox.x1 - l->bbox.x0 - l->bbox.x1) < 2))
			return TRUE;
	}
	return FALSE;
}

/* A band line that may repeat, and its key (owned by the key table). */
typedef struct {
	QkLLine *line;
	const char *key;
	guint page;
} Repeat;

/* TRUE when a and b sit in one place of their pages: same row, font and
 * size, and the same left edge, right edge or centre. */
static gboolean same_place(const QkLLine *a, const QkLLine *b)
{
	double ca = (a->bbox.x0 + a->bbox.x1) / 2, cb = (b->bbox.x0 + b->bbox.x1) / 2;
	return fabs(a->bbox.y0 - b->bbox.y0) < 1 && fabs(a->size - b->size) < 0.1 &&
	       g_strcmp0(a->font, b->font) == 0 &&
	       (fabs(a->bbox.x0 - b->bbox.x0) < 1 || fabs(a->bbox.x1 - b->bbox.x1) < 1 ||
	        fabs(ca - cb) < 1);
}

/* TRUE when furniture line o shares l's row, font and size: the two ends
 * of one head row (第1页 or 1 | 桑干河经济 at one end, the section's name
 * at the other). */
static gboolean on_row_of(const QkLLine *o, const QkLLine *l)
{
	return fabs(o->yc - l->yc) < 0.5 * o->size && fabs(o->size - l->size) < 0.1 &&
	       g_strcmp0(o->font, l->font) == 0;
}

/* TRUE when l is the outermost text of its page on its side (head: no
 * line above it; bottom band: none below), alone on its row (furniture
 * aside), and the page has no running head on that side yet (the head's
 * side is the upper half: a head row may lie under the top band) but on
 * l's own row, in its font and size. */
static gboolean outermost_unheaded(GPtrArray *lines, const QkLLine *l, double height)
{
	gboolean top = l->yc < height / 2;
	for (guint i = 0; i < lines->len; i++) {
		const QkLLine *o = g_ptr_array_index(lines, i);
		if (o == l || o->table >= 0)
			continue;
		gboolean same_side = top ? o->yc < height / 2
		                         : o->bbox.y0 >= BOTTOM_BAND * height;
		if (same_side && o->furniture && !strcmp(o->furniture, "running-head") &&
		    !on_row_of(o, l))
			return FALSE;
		if (o->furniture)
			continue;
		if (top ? o->bbox.y1 <= l->bbox.y0 : o->bbox.y0 >= l->bbox.y1)
			return FALSE;
		if (fabs(o->yc - l->yc) < 0.5 * MAX(o->size, l->size))
			return FALSE;
	}
	return TRUE;
}

/* A name: no punctuation (a heading 一、… or a sentence is no head). */
static gboolean name_like(const char *key)
{
	for (const char *s = key; *s; s = g_utf8_next_char(s))
		if (g_unichar_ispunct(g_utf8_get_char(s)))
			return FALSE;
	return TRUE;
}

static gboolean is_head(const QkLLine *l)
{
	return l->furniture && !strcmp(l->furniture, "running-head");
}

/* Running heads that each print another section's name (a section one page
 * long; a letter whose every page opens another section) repeat nothing.
 * A short name alone at the outer edge of its page's band, where another
 * page prints a running head or such a name, in the same font and size, or
 * on its page's folio row in the folio's font and size, is a running head
 * too. */
static void twin_heads(GPtrArray *page_lines, const double *heights, GArray *found)
{
	GArray *cand = g_array_new(FALSE, FALSE, sizeof(Repeat));
	for (guint k = 0; k < found->len; k++) {
		Repeat *r = &g_array_index(found, Repeat, k);
		if (!r->line->furniture && g_utf8_strlen(r->key, -1) <= 12 && name_like(r->key) &&
		    outermost_unheaded(g_ptr_array_index(page_lines, r->page), r->line,
		                       heights[r->page]))
			g_array_append_val(cand, *r);
	}
	GPtrArray *heads = g_ptr_array_new();
	for (guint k = 0; k < cand->len; k++) {
		Repeat *r = &g_array_index(cand, Repeat, k);
		gboolean twin = FALSE;
		for (guint j = 0; j < cand->len && !twin; j++) {
			Repeat *o = &g_array_index(cand, Repeat, j);
			twin = o->page != r->page && same_place(r->line, o->line);
		}
		/* beside the page's folio or running head, in its font and size */
		GPtrArray *own = g_ptr_array_index(page_lines, r->page);
		for (guint i = 0; i < own->len && !twin; i++) {
			const QkLLine *o = g_ptr_array_index(own, i);
			twin = o->furniture &&
			       (!strcmp(o->furniture, "page-number") || is_head(o)) &&
			       on_row_of(o, r->line);
		}
		for (guint p = 0; p < page_lines->len && !twin; p++) {
			GPtrArray *lines = g_ptr_array_index(page_lines, p);
			for (guint i = 0; i < lines->len && !twin && p != r->page; i++)
				twin = is_head(g_ptr_array_index(lines, i)) &&
				       same_place(r->line, g_ptr_array_index(lines, i));
		}
		if (twin)
			g_ptr_array_add(heads, r);
	}
	/* marked after the search: a mark must not make its twin's twin */
	for (guint k = 0; k < heads->len; k++) {
		Repeat *r = g_ptr_array_index(heads, k);
		r->line->furniture = "running-head";
		if (!r->line->section && !strpbrk(r->line->text->str, "0123456789"))
			r->line->section = g_strdup(r->key);
	}
	g_ptr_array_free(heads, TRUE);
	g_array_free(cand, TRUE);
}

/* A running head right over a section banner set large (桑干河经济 in
 * 8 pt, ■ 调查研究 in 15 pt under it on the first page of a section) looks
 * like the banner's kicker. It is furniture when the issue prints the same
 * text as a running head in the same place (row, font, size, edge) on
 * another page: a kicker repeated over a campaign's articles is over a
 * headline wherever it is printed, so it is never furniture elsewhere. */
static void heads_over_banners(GPtrArray *page_lines, const double *heights, double head_y0,
                               double body, QkPatterns *pats, GArray *found)
{
	for (guint p = 0; p < page_lines->len; p++) {
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		for (guint i = 0; i < lines->len; i++) {
			QkLLine *l = g_ptr_array_index(lines, i);
			if (!repeat_candidate(lines, l, heights[p], head_y0, body, pats) || !over_headline(lines, l))
				continue;
			char *key = repeat_key(l);
			for (guint k = 0; k < found->len && !l->furniture; k++) {
				const Repeat *r = &g_array_index(found, Repeat, k);
				if (r->page != p && is_head(r->line) && !strcmp(r->key, key) &&
				    same_place(l, r->line)) {
					l->furniture = "running-head";
					l->section = g_strdup(r->line->section);
				}
			}
			g_free(key);
		}
	}
}

/* Where two lines read with OCR sit in one place of their pages: rows
 * within half a size, sizes within a point or 1.6 times (OCR sizes a line
 * by its box, which a rule under a head stretches: libreoffice-mag-60's
 * 8 pt head read 7.5 to 11.5 pt), the left or right edge or the centre
 * within an em. */
static gboolean ocr_same_place(const QkLLine *a, const QkLLine *b)
{
	double em = MAX(a->size, b->size), small = MIN(a->size, b->size);
	double ca = (a->bbox.x0 + a->bbox.x1) / 2, cb = (b->bbox.x0 + b->bbox.x1) / 2;
	return fabs(a->yc - b->yc) < 0.5 * em && (em - small <= 1 || em <= 1.6 * small) &&
	       (fabs(a->bbox.x0 - b->bbox.x0) < em || fabs(a->bbox.x1 - b->bbox.x1) < em ||
	        fabs(ca - cb) < em);
}

/* On a page read with OCR, a band line where two other pages or more
 * print a running head is one, whatever was read: a head set small reads
 * as anything (3 | 骏河河 2济 for 3 | 桑干河经济, 经经 济济观观察 for
 * 经济观察 on weasyprint-mag-143's page 5 at 200 dpi: the two heads of
 * one row, each barring the other from being a head printed once, went
 * into the article ending overleaf); so is one where one other page
 * prints the same text as a running head (右玉生态与发展 read 11 pt over
 * a headline, a kicker, where another page's head reads 9 pt). Heads so
 * found count for the next round, until none is found. */
static void heads_in_place(GPtrArray *page_lines, const double *heights)
{
	GPtrArray *heads = g_ptr_array_new();
	do {
		g_ptr_array_set_size(heads, 0);
		for (guint p = 0; p < page_lines->len; p++) {
			GPtrArray *lines = g_ptr_array_index(page_lines, p);
			for (guint i = 0; i < lines->len; i++) {
				QkLLine *l = g_ptr_array_index(lines, i);
				if (!l->ocr || l->furniture || l->table >= 0 ||
				    !in_band(&l->bbox, heights[p]))
					continue;
				char *key = repeat_key(l);
				guint pages = 0;
				gboolean same = FALSE;
				for (guint q = 0; q < page_lines->len && pages < 2 && !same; q++) {
					GPtrArray *other = g_ptr_array_index(page_lines, q);
					gboolean found = FALSE;
					for (guint j = 0; q != p && j < other->len && !found; j++) {
						const QkLLine *o = g_ptr_array_index(other, j);
						found = o->ocr && is_head(o) && ocr_same_place(o, l);
						if (found && *key) {
							char *ok = repeat_key(o);
							same = !strcmp(ok, key);
							g_free(ok);
						}
					}
					pages += found;
				}
				g_free(key);
				if (pages >= 2 || same)
					g_ptr_array_add(heads, l);
			}
		}
		/* marked after the search, as twin_heads does */
		for (guint k = 0; k < heads->len; k++)
			((QkLLine *)g_ptr_array_index(heads, k))->furniture = "running-head";
	} while (heads->len > 0);
	g_ptr_array_free(heads, TRUE);
}

void qk_layout_repeated_furniture(GPtrArray *page_lines, const double *heights, double body,
                                  QkPatterns *pats)
{
	/* key → set of pages it occurs on */
	GHashTable *pages_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                             (GDestroyNotify)g_hash_table_destroy);
	GArray *found = g_array_new(FALSE, FALSE, sizeof(Repeat));
	double head_y0 = head_row(page_lines, heights);
	for (guint p = 0; p < page_lines->len && !isnan(head_y0); p++) {
		/* the head row's lines with a furniture shape (—2—) */
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		for (guint i = 0; i < lines->len; i++) {
			QkLLine *l = g_ptr_array_index(lines, i);
			if (l->furniture || !head_row_line(lines, l, head_y0) ||
			    in_band(&l->bbox, heights[p]))
				continue;
			char *t = trimmed(l->text->str);
			l->furniture = classify(pats, t, &l->section);
			g_free(t);
		}
	}
	for (guint p = 0; p < page_lines->len; p++) {
		GPtrArray *lines = g_ptr_array_index(page_lines, p);
		for (guint i = 0; i < lines->len; i++) {
			QkLLine *l = g_ptr_array_index(lines, i);
			if (!repeat_candidate(lines, l, heights[p], head_y0, body, pats) ||
			    over_headline(lines, l))
				continue;
			char *key = repeat_key(l);
			if (!*key || g_utf8_strlen(key, -1) > 40) {
				g_free(key);
				continue;
			}
			gpointer known, set;
			if (g_hash_table_lookup_extended(pages_of, key, &known, &set)) {
				g_free(key);
				key = known;
			} else {
				set = g_hash_table_new(g_direct_hash, g_direct_equal);
				g_hash_table_insert(pages_of, key, set);
			}
			g_hash_table_add(set, GUINT_TO_POINTER(p + 1));
			Repeat r = { l, key, p };
			g_array_append_val(found, r);
		}
	}
	for (guint k = 0; k < found->len; k++) {
		Repeat *r = &g_array_index(found, Repeat, k);
		QkLLine *l = r->line;
		if (g_hash_table_size(g_hash_table_lookup(pages_of, r->key)) < 2)
			continue;
		if (count_dots(l->text->str) >= 3) {
			l->furniture = "slogan";
		} else {
			l->furniture = "running-head";
			/* a short head without numbers names the section
			 * (letter-spaced: 本 期 特 稿 → 本期特稿) */
			if (!l->section && g_utf8_strlen(r->key, -1) <= 12 &&
			    !strpbrk(l->text->str, "0123456789"))
				l->section = g_strdup(r->key);
		}
	}
	heads_over_banners(page_lines, heights, head_y0, body, pats, found);
	twin_heads(page_lines, heights, found);
	heads_in_place(page_lines, heights);
	g_array_free(found, TRUE);
	g_hash_table_destroy(pages_of);
}
