/*
 * twice.c — a title read twice on a scan: in the TOC and over its article.
 *
 * On pages read with OCR each line keeps Tesseract's confidence in each
 * of its characters (QkLine.conf). A TOC entry and the article it links
 * to print the same title, read in two places at two sizes, and the two
 * readings go wrong in different places (dev scans at 200 dpi: the TOC
 * read 揪出 and 高高飘扬 where the headline read 掀出 and 高高球扬; the
 * headline read 硕鼠 and 荞麦 where the TOC read 硕电 and 工麦). Where the
 * two differ by a few characters and nothing else, each differing
 * character is taken from the reading Tesseract was surer of, and both
 * titles and the lines they were read from get the result.
 */
#include <string.h>
#include "structure.h"

/* at most this many characters differ, and at most one in this many */
#define QK_TWICE_MAX_DIFF 3
#define QK_TWICE_SHARE 4
/* titles shorter than this are not compared (too little to tell two
 * readings of one title from two titles) */
#define QK_TWICE_MIN_LEN 4
/* a quoted word that ends a title unclosed: at most this many characters */
#define QK_TWICE_QUOTED 6

static gboolean blank(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000;
}

/* One character of a run of lines, spaces left out: where it is. */
typedef struct {
	QkLine *line;
	glong at;           /* its character offset in line->text */
	gunichar ch;
	guint8 conf;
} Char;

/* The characters of a block's lines (those read with OCR, spaces left
 * out) appended to out; FALSE when a line has no confidences. */
static gboolean block_chars(const QkBlock *b, GArray *out)
{
	for (guint i = 0; i < b->lines->len; i++) {
		QkLine *l = g_ptr_array_index(b->lines, i);
		if (!l->conf || !l->text || (gsize)g_utf8_strlen(l->text, -1) != strlen(l->conf))
			return FALSE;
		glong at = 0;
		for (const char *p = l->text; *p; p = g_utf8_next_char(p), at++) {
			gunichar c = g_utf8_get_char(p);
			if (blank(c))
				continue;
			Char ch = { l, at, c, (guint8)l->conf[at] };
			g_array_append_val(out, ch);
		}
	}
	return TRUE;
}

/* The first place in chars where the characters of want (spaces left
 * out, n of them) are printed, or -1. */
static gssize find_chars(const GArray *chars, const gunichar *want, glong n)
{
	const Char *c = (const Char *)chars->data;
	for (gssize i = 0; i + n <= (gssize)chars->len; i++) {
		glong k = 0;
		while (k < n && c[i + k].ch == want[k])
			k++;
		if (k == n)
			return i;
	}
	return -1;
}

/* Where the n characters want were read on page (NULL: any page read
 * with OCR), on its headlines when headline, not on the lines of skip
 * (n of them, or NULL): the characters copied to at. */
static gboolean locate(const QkIssue *issue, const QkPage *page, gboolean headline,
                       const gunichar *want, glong n, const Char *skip, Char *at)
{
	GArray *chars = g_array_new(FALSE, FALSE, sizeof(Char));
	gboolean found = FALSE;
	for (guint p = 0; p < issue->pages->len && !found; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		if ((page && pg != page) || pg->ocr_dpi <= 0)
			continue;
		for (guint k = 0; k < pg->blocks->len && !found; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			g_array_set_size(chars, 0);
			if ((headline && b->role != QK_ROLE_TITLE) || !block_chars(b, chars))
				continue;
			gssize i = find_chars(chars, want, n);
			gboolean other = i >= 0;
			for (glong j = 0; other && skip && j < n; j++)
				other = g_array_index(chars, Char, i + j).line != skip[j].line;
			if (other) {
				memcpy(at, &g_array_index(chars, Char, i), n * sizeof(Char));
				found = TRUE;
			}
		}
	}
	g_array_free(chars, TRUE);
	return found;
}

/* How many blocks of the pages read with OCR print the n characters
 * want. */
static guint count_reads(const QkIssue *issue, const gunichar *want, glong n)
{
	GArray *chars = g_array_new(FALSE, FALSE, sizeof(Char));
	guint count = 0;
	for (guint p = 0; p < issue->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		for (guint k = 0; pg->ocr_dpi > 0 && k < pg->blocks->len; k++) {
			g_array_set_size(chars, 0);
			if (block_chars(g_ptr_array_index(pg->blocks, k), chars) &&
			    find_chars(chars, want, n) >= 0)
				count++;
		}
	}
	g_array_free(chars, TRUE);
	return count;
}

/* s with its k-th character that is no space (0-based) replaced by c,
 * or with c put before it when insert (at s's end when s has k). */
static char *edit_char(const char *s, glong k, gunichar c, gboolean insert)
{
	GString *out = g_string_sized_new(strlen(s) + 4);
	glong seen = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar d = g_utf8_get_char(p);
		if (!blank(d) && seen++ == k) {
			if (!insert)
				d = c;
			else
				g_string_append_unichar(out, c);
		}
		g_string_append_unichar(out, d);
	}
	if (insert && seen <= k)
		g_string_append_unichar(out, c);
	return g_string_free(out, FALSE);
}

/* Line l's character at (a character offset) replaced by c, its
 * confidence by conf. */
static void put_line_char(QkLine *l, glong at, gunichar c, guint8 conf)
{
	GString *out = g_string_sized_new(strlen(l->text) + 4);
	glong i = 0;
	for (const char *p = l->text; *p; p = g_utf8_next_char(p), i++)
		g_string_append_unichar(out, i == at ? c : g_utf8_get_char(p));
	g_free(l->text);
	l->text = g_string_free(out, FALSE);
	l->conf[at] = (char)conf;
}

/* The characters of s that are no space (*n of them). */
static gunichar *chars_of(const char *s, glong *n)
{
	glong len = g_utf8_strlen(s, -1), m = 0;
	gunichar *v = g_new(gunichar, len + 1);
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (!blank(g_utf8_get_char(p)))
			v[m++] = g_utf8_get_char(p);
	*n = m;
	return v;
}

/* *ex (read elsewhere: the TOC) and *ey (read on page: on its headlines
 * when headline) made one reading where they are n characters both and
 * differ in diff of them: each differing character the surer one. */
static void read_twice(const QkIssue *issue, const QkPage *page, gboolean headline,
                       char **ex, char **ey)
{
	glong n, m;
	gunichar *x = chars_of(*ex, &n);
	gunichar *y = chars_of(*ey, &m);
	glong diff = 0;
	for (glong i = 0; n == m && i < n; i++)
		diff += x[i] != y[i];
	/* a title a few characters apart; a name one apart */
	gboolean near = headline ? n >= QK_TWICE_MIN_LEN && diff <= QK_TWICE_MAX_DIFF &&
	                           diff * QK_TWICE_SHARE <= n
	                         : n >= 2 && diff == 1;
	Char *cx = g_new(Char, n + 1), *cy = g_new(Char, n + 1);
	/* the article's reading on its page, the entry's anywhere else */
	if (n == m && diff > 0 && near && locate(issue, page, headline, y, n, NULL, cy) &&
	    locate(issue, NULL, FALSE, x, n, cy, cx)) {
		/* a name printed a third time (a signature at the article's
		 * end: 文／我建仁 over the text, 戎建仁 in the TOC and
		 * （戎建仁） under it, xelatex-mag-07 at 200 dpi): the reading
		 * found more often wins whole */
		guint nx = headline ? 0 : count_reads(issue, x, n);
		guint ny = headline ? 0 : count_reads(issue, y, n);
		for (glong i = 0; i < n; i++) {
			if (x[i] == y[i])
				continue;
			/* the surer reading, in both places */
			const Char *win = nx != ny ? (nx > ny ? &cx[i] : &cy[i])
			                           : cx[i].conf >= cy[i].conf ? &cx[i] : &cy[i];
			const Char *lose = win == &cx[i] ? &cy[i] : &cx[i];
			put_line_char(lose->line, lose->at, win->ch, win->conf);
			for (char **s = ex; s; s = s == ex ? ey : NULL) {
				char *t = edit_char(*s, i, win->ch, FALSE);
				g_free(*s);
				*s = t;
			}
		}
	}
	g_free(cx);
	g_free(cy);
	g_free(x);
	g_free(y);
}

/* The paired marks a title may print: opening, closing. */
static const gunichar pairs[][2] = {
	{ 0x201C, 0x201D }, { 0x2018, 0x2019 }, { 0x300A, 0x300B }, { 0xFF08, 0xFF09 },
	{ '(', ')' },       { 0x3010, 0x3011 }, { 0x300C, 0x300D }, { 0x3008, 0x3009 },
};

/* The index in pairs of c's pair, or -1. */
static int pair_of(gunichar c)
{
	for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
		if (c == pairs[i][0] || c == pairs[i][1])
			return (int)i;
	return -1;
}

/* TRUE when the n characters v open and close each paired mark as often. */
static gboolean balanced(const gunichar *v, glong n)
{
	int depth[G_N_ELEMENTS(pairs)] = { 0 };
	for (glong i = 0; i < n; i++) {
		int k = pair_of(v[i]);
		if (k >= 0)
			depth[k] += v[i] == pairs[k][0] ? 1 : -1;
	}
	for (guint k = 0; k < G_N_ELEMENTS(pairs); k++)
		if (depth[k] != 0)
			return FALSE;
	return TRUE;
}

/* *ex and *ey made one where one of them is the other with one paired
 * mark more (a quote Tesseract dropped at a line's end in one place and
 * read in the other: “小而散” / “小而散): the reading whose marks pair up
 * wins, when the other's do not. */
static void mark_twice(char **ex, char **ey)
{
	glong n, m;
	gunichar *x = chars_of(*ex, &n);
	gunichar *y = chars_of(*ey, &m);
	gboolean x_longer = n == m + 1;
	if (x_longer || m == n + 1) {
		const gunichar *lng = x_longer ? x : y, *sht = x_longer ? y : x;
		glong len = x_longer ? n : m, i = 0;
		while (i < len - 1 && lng[i] == sht[i])
			i++;
		gboolean rest = TRUE;
		for (glong j = i; rest && j < len - 1; j++)
			rest = lng[j + 1] == sht[j];
		if (rest && pair_of(lng[i]) >= 0 && balanced(lng, len) && !balanced(sht, len - 1)) {
			char **s = x_longer ? ey : ex;
			char *t = edit_char(*s, i, lng[i], TRUE);
			g_free(*s);
			*s = t;
		}
	}
	g_free(x);
	g_free(y);
}

/* A title whose last opening quote is never closed and is followed by a
 * few characters only, none a mark or a space (园区里的“追光者: Tesseract
 * dropped the closing quote at the line's end), closed at its end; both
 * readings when both lack it. */
static void close_quote(char **s)
{
	glong n;
	gunichar *v = chars_of(*s, &n);
	glong open = -1;
	for (glong i = 0; i < n; i++)
		if (pair_of(v[i]) == 0)
			open = v[i] == pairs[0][0] ? i : -1;
	gboolean word = open >= 0 && n - open - 1 >= 1 && n - open - 1 <= QK_TWICE_QUOTED;
	for (glong i = open + 1; word && i < n; i++)
		word = g_unichar_isalnum(v[i]);
	/* the quote's own text ends the title, with nothing after it */
	const char *end = *s + strlen(*s);
	if (word && end > *s && !blank(g_utf8_get_char(g_utf8_prev_char(end)))) {
		char *t = g_strconcat(*s, "”", NULL);
		g_free(*s);
		*s = t;
	}
	g_free(v);
}

void qk_structure_title_read_twice(const QkIssue *issue, QkTocEntry *e, QkArticle *a)
{
	/* structure runs before normalize: no norm form yet */
	if (!e->title || !a->title || a->title->norm || a->pdf_first < 1 ||
	    a->pdf_first > (int)issue->pages->len)
		return;
	const QkPage *page = g_ptr_array_index(issue->pages, a->pdf_first - 1);
	if (page->ocr_dpi <= 0)
		return;
	read_twice(issue, page, TRUE, &e->title, &a->title->text);
	mark_twice(&e->title, &a->title->text);
	close_quote(&e->title);
	close_quote(&a->title->text);
	/* the names, where the titles are one now (not an entry linked to
	 * another article) and both give as many */
	char *tx = qk_structure_squeeze(e->title), *ty = qk_structure_squeeze(a->title->text);
	gboolean same = strcmp(tx, ty) == 0;
	g_free(tx);
	g_free(ty);
	for (guint k = 0; same && e->authors->len == a->authors->len && k < e->authors->len; k++)
		read_twice(issue, page, FALSE, (char **)&e->authors->pdata[k],
		           (char **)&a->authors->pdata[k]);
}
