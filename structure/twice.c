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
 * titles and the lines they were read from get the result; a line keeps
 * what OCR read in its raw form.
 */
#include <string.h>
#include "structure.h"

/* at most this many characters differ, and at most one in this many */
#define QK_TWICE_MAX_DIFF 3
#define QK_TWICE_SHARE 3
/* a stretch where two readings of a title differ is looked for
 * elsewhere with this many characters either side */
#define QK_TWICE_CONTEXT 2
/* a name read more than one character apart in the TOC and the byline:
 * the reading found in at least this many more blocks wins */
#define QK_TWICE_MAJORITY 2
/* a name's character is taken from the other reading when Tesseract was
 * surer of it by this much at least (dev scans: 奶 77 / 妮 98 and 宁 91 /
 * 宇 100 the surer right, 妮 88 / 九 94 the surer wrong: a few points
 * are noise; two cases only, weak evidence for the figure) */
#define QK_TWICE_SURER 8
/* titles shorter than this are not compared (too little to tell two
 * readings of one title from two titles) */
#define QK_TWICE_MIN_LEN 4
/* a reading's stretch found in this many blocks: its own and another */
#define QK_TWICE_ELSEWHERE 2
/* characters read before a title that no title opens with: at most
 * this many (a mark and a letter) */
#define QK_TWICE_STRAY 2
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

/* Where a reading is looked for on a page: in one block, the page's
 * title blocks run on (a headline set in two), or all its blocks run on
 * (a TOC entry's subtitle wrapping over two rows the layout made two
 * blocks: …就业的实 / 形 王文娟…, xelatex-mag-64 at 200 dpi). */
typedef enum { QK_TWICE_BLOCK, QK_TWICE_TITLES, QK_TWICE_PAGE } Where;

/* Where the n characters want were read on page (NULL: any page read
 * with OCR), looked for as where says, not on the lines of skip
 * (nskip of them, or NULL; the other reading may be longer or shorter):
 * the characters copied to at. */
static gboolean locate(const QkIssue *issue, const QkPage *page, Where where,
                       const gunichar *want, glong n, const Char *skip, glong nskip,
                       Char *at)
{
	GArray *chars = g_array_new(FALSE, FALSE, sizeof(Char));
	gboolean found = FALSE;
	for (guint p = 0; p < issue->pages->len && !found; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		if ((page && pg != page) || pg->ocr_dpi <= 0)
			continue;
		g_array_set_size(chars, 0);
		for (guint k = 0; k < pg->blocks->len && !found; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			guint had = where != QK_TWICE_BLOCK ? chars->len : 0;
			g_array_set_size(chars, had);
			if (where == QK_TWICE_TITLES && b->role != QK_ROLE_TITLE)
				continue;
			if (!block_chars(b, chars)) {
				g_array_set_size(chars, had);
				continue;
			}
			gssize i = find_chars(chars, want, n);
			gboolean other = i >= 0;
			for (glong j = 0; other && skip && j < MIN(n, nskip); j++)
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
 * want; how many pages, their blocks run on, when by_page (a reading
 * wrapping over two blocks counts as one printed in one). */
static guint count_reads(const QkIssue *issue, const gunichar *want, glong n, gboolean by_page)
{
	GArray *chars = g_array_new(FALSE, FALSE, sizeof(Char));
	guint count = 0;
	for (guint p = 0; p < issue->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		gboolean seen = FALSE;
		g_array_set_size(chars, 0);
		for (guint k = 0; pg->ocr_dpi > 0 && k < pg->blocks->len && !seen; k++) {
			guint had = by_page ? chars->len : 0;
			g_array_set_size(chars, had);
			if (!block_chars(g_ptr_array_index(pg->blocks, k), chars))
				g_array_set_size(chars, had);
			else if (find_chars(chars, want, n) >= 0)
				count++, seen = by_page;
		}
	}
	g_array_free(chars, TRUE);
	return count;
}

/* Line l's characters from at (a character offset), len of them,
 * replaced by the n characters with (their confidences conf). */
static void put_line_span(QkLine *l, glong at, glong len, const gunichar *with,
                          const guint8 *conf, glong n)
{
	GString *out = g_string_sized_new(strlen(l->text) + 4 * n + 4);
	GString *cf = g_string_sized_new(strlen(l->conf) + n + 1);
	glong i = 0;
	const char *p = l->text;
	for (;; p = g_utf8_next_char(p), i++) {
		if (i == at)
			for (glong k = 0; k < n; k++) {
				g_string_append_unichar(out, with[k]);
				g_string_append_c(cf, (char)conf[k]);
			}
		if (!*p)
			break;
		if (i < at || i >= at + len) {
			g_string_append_unichar(out, g_utf8_get_char(p));
			g_string_append_c(cf, l->conf[i]);
		}
	}
	/* annotate, never destroy: the line keeps what OCR read */
	if (l->raw == NULL)
		l->raw = l->text;
	else
		g_free(l->text);
	l->text = g_string_free(out, FALSE);
	g_free(l->conf);
	l->conf = g_string_free(cf, FALSE);
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

/* s with its characters that are no space from the k-th (0-based) on,
 * len of them, replaced by the n characters with (spaces among them
 * kept after the new ones; at s's end when s has k). */
static char *edit_span(const char *s, glong k, glong len, const gunichar *with, glong n)
{
	GString *out = g_string_sized_new(strlen(s) + 4 * n + 4);
	glong seen = 0;
	gboolean put = FALSE;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar d = g_utf8_get_char(p);
		if (!blank(d) && seen == k && !put) {
			for (glong j = 0; j < n; j++)
				g_string_append_unichar(out, with[j]);
			put = TRUE;
		}
		if (!blank(d) && seen++ >= k && seen <= k + len)
			continue;
		g_string_append_unichar(out, d);
	}
	if (!put)
		for (glong j = 0; j < n; j++)
			g_string_append_unichar(out, with[j]);
	return g_string_free(out, FALSE);
}

/* s with its k-th character that is no space replaced by c, or with c
 * put before it when insert. */
static char *edit_char(const char *s, glong k, gunichar c, gboolean insert)
{
	return edit_span(s, k, insert ? 0 : 1, &c, 1);
}

/* One stretch where two readings x and y differ: x[x0, x1) was read
 * where y read y[y0, y1) (either may be empty). */
typedef struct {
	glong x0, x1, y0, y1;
} Diff;

/* The stretches where x (n characters) and y (m) differ, the fewest
 * edits apart (Levenshtein), in order; *edits set to their count.
 * NULL when they are more than max edits apart. */
static GArray *differ(const gunichar *x, glong n, const gunichar *y, glong m,
                      glong max, glong *edits)
{
	glong w = m + 1;
	glong *d = g_new(glong, (n + 1) * w);
	for (glong i = 0; i <= n; i++)
		for (glong j = 0; j <= m; j++) {
			glong v;
			if (i == 0 || j == 0)
				v = i + j;
			else {
				v = d[(i - 1) * w + j - 1] + (x[i - 1] != y[j - 1]);
				v = MIN(v, d[(i - 1) * w + j] + 1);
				v = MIN(v, d[i * w + j - 1] + 1);
			}
			d[i * w + j] = v;
		}
	*edits = d[n * w + m];
	if (*edits > max) {
		g_free(d);
		return NULL;
	}
	/* back from the end: each step a match, a change, or one side's */
	GArray *out = g_array_new(FALSE, FALSE, sizeof(Diff));
	glong i = n, j = m;
	Diff cur = { -1, -1, -1, -1 };
	while (i > 0 || j > 0) {
		glong ni = i, nj = j;
		gboolean same = FALSE;
		if (i > 0 && j > 0 && x[i - 1] == y[j - 1] &&
		    d[i * w + j] == d[(i - 1) * w + j - 1]) {
			ni--, nj--, same = TRUE;
		} else if (i > 0 && j > 0 && d[i * w + j] == d[(i - 1) * w + j - 1] + 1) {
			ni--, nj--;
		} else if (i > 0 && d[i * w + j] == d[(i - 1) * w + j] + 1) {
			ni--;
		} else {
			nj--;
		}
		if (same && cur.x0 >= 0) {
			g_array_prepend_val(out, cur);
			cur.x0 = -1;
		} else if (!same) {
			if (cur.x0 < 0)
				cur.x1 = i, cur.y1 = j;
			cur.x0 = ni, cur.y0 = nj;
		}
		i = ni, j = nj;
	}
	if (cur.x0 >= 0)
		g_array_prepend_val(out, cur);
	g_free(d);
	return out;
}

/* How sure Tesseract was of a stretch of a reading (chars, n of them)
 * from a to b: its characters' least confidence; for an empty stretch
 * (the reading has nothing there) that of the characters either side. */
static guint8 sureness(const Char *c, glong n, glong a, glong b)
{
	guint8 low = 101;
	if (a == b) {
		if (a > 0)
			low = MIN(low, c[a - 1].conf);
		if (a < n)
			low = MIN(low, c[a].conf);
		return low;
	}
	for (glong i = a; i < b; i++)
		low = MIN(low, c[i].conf);
	return low;
}

/* The stretch win[a, b) (characters of a reading) put over the stretch
 * lose[c, e) of the other (of n characters), in the line it was read
 * from: where lose has nothing, after its character before, else before
 * its character after. */
static void put_stretch(const Char *win, glong a, glong b, const Char *lose, glong n,
                        glong c, glong e)
{
	glong k = b - a;
	gunichar *with = g_new(gunichar, k + 1);
	guint8 *conf = g_new(guint8, k + 1);
	for (glong i = 0; i < k; i++)
		with[i] = win[a + i].ch, conf[i] = win[a + i].conf;
	if (c < e) {
		/* from the last character (the earlier ones stay where they
		 * are), the new ones where the first was */
		for (glong i = e - 1; i >= c; i--)
			put_line_span(lose[i].line, lose[i].at, 1, with, conf, i == c ? k : 0);
	} else if (c > 0) {
		put_line_span(lose[c - 1].line, lose[c - 1].at + 1, 0, with, conf, k);
	} else if (n > 0) {
		put_line_span(lose[0].line, lose[0].at, 0, with, conf, k);
	}
	g_free(with);
	g_free(conf);
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

/* TRUE when the n characters v are letters or digits only (or none). */
static gboolean letters_only(const gunichar *v, glong n)
{
	for (glong i = 0; i < n; i++)
		if (!g_unichar_isalnum(v[i]))
			return FALSE;
	return TRUE;
}

/* TRUE when the n characters v are paired marks only (or none). */
static gboolean marks_only(const gunichar *v, glong n)
{
	for (glong i = 0; i < n; i++)
		if (pair_of(v[i]) < 0)
			return FALSE;
	return TRUE;
}

/* What two readings read_twice compares are: a person's name, a
 * title (the article's on its headlines), a subtitle (the article's
 * anywhere on its page, the TOC's maybe wrapping over two blocks). */
typedef enum { QK_TWICE_NAME, QK_TWICE_HEADLINE, QK_TWICE_SUBTITLE } Reading;

/* *ex (read elsewhere: the TOC) and *ey (read on page) made one reading
 * where they are a few edits apart: in each stretch where they differ
 * the reading Tesseract was surer of. */
static void read_twice(const QkIssue *issue, const QkPage *page, Reading r,
                       char **ex, char **ey, glong limit)
{
	gboolean headline = r != QK_TWICE_NAME, sub = r == QK_TWICE_SUBTITLE;
	glong n, m, edits = 0;
	gunichar *x = chars_of(*ex, &n);
	gunichar *y = chars_of(*ey, &m);
	if (limit >= 0 && limit < n)
		n = limit;
	/* a title a few characters apart; a name one apart */
	glong shorter = MIN(n, m);
	GArray *diffs = headline ? (shorter >= QK_TWICE_MIN_LEN
	                            ? differ(x, n, y, m, MIN(QK_TWICE_MAX_DIFF,
	                                     shorter / QK_TWICE_SHARE), &edits)
	                            : NULL)
	                         : (n == m && n >= 2 ? differ(x, n, y, m, n - 1, &edits) : NULL);
	Char *cx = g_new(Char, n + 1), *cy = g_new(Char, m + 1);
	/* the article's reading on its page, the entry's anywhere else */
	if (diffs != NULL && edits > 0 && locate(issue, page, r == QK_TWICE_HEADLINE ? QK_TWICE_TITLES : QK_TWICE_BLOCK,
	           y, m, NULL, 0, cy) &&
	    (locate(issue, NULL, sub ? QK_TWICE_PAGE : QK_TWICE_BLOCK, x, n, cy, m, cx) ||
	     (headline && !sub && locate(issue, NULL, QK_TWICE_PAGE, x, n, cy, m, cx)))) {
		/* a name printed a third time (a signature at the article's
		 * end: 文／我建仁 over the text, 戎建仁 in the TOC and
		 * （戎建仁） under it, xelatex-mag-07 at 200 dpi): the reading
		 * found more often wins whole */
		guint nx = headline ? 0 : count_reads(issue, x, n, FALSE);
		guint ny = headline ? 0 : count_reads(issue, y, m, FALSE);
		/* a name more than one character apart (TOC 也小节, byline
		 * 卫小宁, mini at 150 dpi) is one only when the issue prints
		 * one reading twice more than the other (执行编辑：卫小宁, a
		 * photo's 卫小宁摄): the majority wins whole */
		guint apart = nx > ny ? nx - ny : ny - nx;
		for (guint k = (headline || edits == 1 || apart >= QK_TWICE_MAJORITY) ? diffs->len : 0;
		     k-- > 0;) {
			const Diff *df = &g_array_index(diffs, Diff, k);
			guint8 sx = sureness(cx, n, df->x0, df->x1);
			guint8 sy = sureness(cy, m, df->y0, df->y1);
			if (headline) {
				/* a third reading of the stretch with its
				 * neighbours (the body quoting the title, a
				 * running head): the reading found more often */
				glong xa = MAX(0, df->x0 - QK_TWICE_CONTEXT);
				glong xb = MIN(n, df->x1 + QK_TWICE_CONTEXT);
				glong ya = MAX(0, df->y0 - QK_TWICE_CONTEXT);
				glong yb = MIN(m, df->y1 + QK_TWICE_CONTEXT);
				nx = count_reads(issue, x + xa, xb - xa, sub);
				ny = count_reads(issue, y + ya, yb - ya, sub);
			}
			gboolean x_wins = nx != ny ? nx > ny : sx >= sy;
			/* one reading without the title's last characters,
			 * the other with them (区试 / 区试点): the shorter's
			 * neighbours are the longer's too and count as often
			 * at least; the longer wins when a block besides its
			 * own prints it (the body's 集群区试点: OCR dropped a
			 * line's last character, libreoffice-mag-134 at 200
			 * dpi; …下半年 / …下半年走势, xelatex-mag-50) */
			gboolean x_none = df->x0 == df->x1, y_none = df->y0 == df->y1;
			gboolean end = headline && df->x1 == n && df->y1 == m && x_none != y_none;
			if (end && (y_none ? nx : ny) >= QK_TWICE_ELSEWHERE)
				x_wins = y_none;
			/* a subtitle's: the TOC's reading maybe runs on into
			 * the row's names, the subtitle's lost its line's last
			 * character (…实践与思 / …实践与思考, xelatex-mag-50 at
			 * 200 dpi): with nothing printed elsewhere, no reading
			 * is the surer, and each stays as read */
			else if (end && sub)
				continue;
			/* a headline's last letters the TOC's reading lacks
			 * (套牌“硕 / 套牌“硕鼠 in 11.5 and 15 pt, magazine-2023-04
			 * at 200 dpi): a line's end loses glyphs, and the TOC's
			 * confidence next to the gap says nothing of the
			 * headline's letters; the headline's wins. Not the
			 * other way: a TOC's row runs on into its names
			 * (…真本领避, …集群区试点董 of 董永), and inside a title
			 * OCR invents letters as often as it loses them (几占
			 * 点经丝 验 in a 19.5 pt headline, 慧 lost in a TOC's
			 * 大数据“慧眼”): there the surer reading, as above */
			else if (end && x_none && letters_only(y + df->y0, df->y1 - df->y0))
				x_wins = FALSE;
			/* a person's name (2-4 characters) whose first
			 * character differs where only one reading opens with
			 * a surname (TOC 卢生权 99, byline 户生权 94,
			 * chromium-mag-03): that one, however sure the other;
			 * not an organisation's name (朔州市… read 关州市…) */
			gsize fx = 0, fy = 0;
			if (!headline && nx == ny && df->x0 == 0 && df->y0 == 0 &&
			    MAX(n, m) <= 4) {
				fx = qk_structure_surname_at(qk_structure_words(), *ex);
				fy = qk_structure_surname_at(qk_structure_words(), *ey);
			}
			if ((fx > 0) != (fy > 0))
				x_wins = fx > 0;
			/* else a name's character read about as surely both
			 * ways: the TOC's reading (x) is not changed on so
			 * little (TOC 梁妮 88, byline 梁九 94, weasyprint-mag-115;
			 * TOC 李冰 87, 李订 92, magazine-2023-01: the byline's
			 * surer and wrong), but the article's takes it when
			 * Tesseract was the surer of the TOC's, by however
			 * little: the two print one name, and of the dev
			 * scans' names read both ways that close, the TOC's
			 * reading was the right one in 7 of 10 (孙悦 97 / 孙局
			 * 95, 刘淑芳 93 / 刘淑亏 90, 连彩霞 95 / 连彩起 91 and
			 * 89 / 88), the byline's only where it was the surer
			 * too (乔本 89 / 乔楠 91, 83 / 85: each stays) */
			else if (!headline && nx == ny &&
			         (sx > sy ? sx - sy : sy - sx) < QK_TWICE_SURER) {
				if (sx <= sy)
					continue;
				x_wins = TRUE;
			}
			/* quotes or brackets one reading lost (从“跟跑”到“领跑”
			 * read 从跟跑到“领跑): the reading whose marks pair up */
			gboolean bx = balanced(x, n), by = balanced(y, m);
			if (headline && bx != by && marks_only(x + df->x0, df->x1 - df->x0) &&
			    marks_only(y + df->y0, df->y1 - df->y0))
				x_wins = bx;
			if (x_wins)
				put_stretch(cx, df->x0, df->x1, cy, m, df->y0, df->y1);
			else
				put_stretch(cy, df->y0, df->y1, cx, n, df->x0, df->x1);
			const gunichar *with = x_wins ? x + df->x0 : y + df->y0;
			glong wn = x_wins ? df->x1 - df->x0 : df->y1 - df->y0;
			char *t = edit_span(*ex, df->x0, df->x1 - df->x0, with, wn);
			char *u = edit_span(*ey, df->y0, df->y1 - df->y0, with, wn);
			g_free(*ex);
			g_free(*ey);
			*ex = t;
			*ey = u;
		}
	}
	if (diffs != NULL)
		g_array_free(diffs, TRUE);
	g_free(cx);
	g_free(cy);
	g_free(x);
	g_free(y);
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

/* What Tesseract reads a subtitle's dash as (——: 一一, __, _), and the
 * dash itself, after n characters of title. */
static glong misread_dash(const gunichar *v, glong len, glong n)
{
	static const gunichar forms[] = { 0x4E00, '_', '-', 0xFF0D, 0x2014 };
	glong k = 0;
	while (n + k < len && k < 2) {
		gboolean dash = FALSE;
		for (guint i = 0; i < G_N_ELEMENTS(forms) && !dash; i++)
			dash = v[n + k] == forms[i];
		if (!dash)
			break;
		k++;
	}
	/* one 一 is a word (一个); one _ is Tesseract's whole dash */
	if (k == 1 && v[n] == 0x4E00)
		return 0;
	return k;
}

/* An entry that prints its article's title, then the subtitle after a
 * dash (怀仁陶瓷扬帆出海——一个传统产业的…), read on a scan as
 * 一一 (or __, _: the subtitle block's misreadings, articles.c): where
 * the headline's title ends, the TOC's title goes on with a subtitle,
 * so what stands there is the dash. Made the dash (——). */
static void subtitle_dash_twice(char **ex, const char *title)
{
	glong n, m;
	gunichar *x = chars_of(*ex, &n);
	gunichar *y = chars_of(title, &m);
	gboolean prefix = m >= QK_TWICE_MIN_LEN && n > m + 1;
	for (glong i = 0; prefix && i < m; i++)
		prefix = x[i] == y[i];
	glong k = prefix ? misread_dash(x, n, m) : 0;
	gboolean dash = k == 2 && x[m] == 0x2014 && x[m + 1] == 0x2014;
	if (k > 0 && !dash && n > m + k) {
		char *t = edit_char(*ex, m, 0x2014, FALSE);
		char *u = k == 2 ? edit_char(t, m + 1, 0x2014, FALSE)
		                 : edit_char(t, m, 0x2014, TRUE);
		g_free(t);
		g_free(*ex);
		*ex = u;
	}
	g_free(x);
	g_free(y);
}

/* Where the headline's title (title) ends in the entry's (ex), when
 * the entry goes on with a dash and the subtitle (盛会落幕处奋进正当时
 * 一一写在…): the count of the entry's characters before the dash, the
 * headline's a few edits apart from them; -1 when the entry is the
 * title alone, or no such dash is near the headline's length. */
static glong title_end(const char *ex, const char *title)
{
	glong n, m, best = -1, fewest = G_MAXLONG;
	gunichar *x = chars_of(ex, &n);
	gunichar *y = chars_of(title, &m);
	for (glong p = MAX(QK_TWICE_MIN_LEN, m - QK_TWICE_MAX_DIFF);
	     n > m + 1 && p <= m + QK_TWICE_MAX_DIFF && p + 2 < n; p++) {
		if (misread_dash(x, n, p) == 0)
			continue;
		glong edits;
		GArray *d = differ(x, p, y, m, QK_TWICE_MAX_DIFF, &edits);
		if (d != NULL && edits < fewest)
			fewest = edits, best = p;
		if (d != NULL)
			g_array_free(d, TRUE);
	}
	g_free(x);
	g_free(y);
	return best;
}

/* The byte offset in s after its first k characters that are no space
 * (and the spaces after them). */
static glong after_chars(const char *s, glong k)
{
	const char *p = s;
	for (; *p && (k > 0 || blank(g_utf8_get_char(p))); p = g_utf8_next_char(p))
		k -= !blank(g_utf8_get_char(p));
	return p - s;
}

/* An entry that prints its article's title, a dash and the subtitle
 * (稳就业就是稳民生——我市…就业的实形): the part after the dash is a
 * second reading of the article's subtitle (——我市…就业的实践), made
 * one with it as a title is with its headline (xelatex-mag-64 at 200
 * dpi: 形 76 / 践 99; libreoffice-mag-58: 经／者发 / 经济发). */
static void subtitle_twice(const QkIssue *issue, const QkPage *page, QkTocEntry *e,
                           const QkArticle *a)
{
	if (!a->subtitle || !a->subtitle->text || a->subtitle->norm)
		return;
	glong n, m, k;
	gunichar *x = chars_of(e->title, &n);
	gunichar *y = chars_of(a->title->text, &m);
	gunichar *z = chars_of(a->subtitle->text, &k);
	gboolean prefix = m >= QK_TWICE_MIN_LEN && n > m + 2 && x[m] == 0x2014 && x[m + 1] == 0x2014;
	for (glong i = 0; prefix && i < m; i++)
		prefix = x[i] == y[i];
	glong dash = misread_dash(z, k, 0);
	if (prefix && k > dash) {
		glong at = after_chars(e->title, m + 2), from = after_chars(a->subtitle->text, dash);
		char *tail = g_strdup(e->title + at), *rest = g_strdup(a->subtitle->text + from);
		read_twice(issue, page, QK_TWICE_SUBTITLE, &tail, &rest, -1);
		char *t = g_strdup_printf("%.*s%s", (int)at, e->title, tail);
		char *u = g_strdup_printf("%.*s%s", (int)from, a->subtitle->text, rest);
		g_free(e->title);
		g_free(a->subtitle->text);
		e->title = t;
		a->subtitle->text = u;
		g_free(tail);
		g_free(rest);
	}
	g_free(x);
	g_free(y);
	g_free(z);
}

/* Whether the characters v (n of them), read before a title, are no
 * title's start: they open with a closing mark (the ” of a page's
 * bracket read (2)”, libreoffice-mag-58 at 200 dpi), or they are Latin
 * letters only (a graphic read NE over a Chinese title, magazine-2023-04). */
static gboolean stray_start(const gunichar *v, glong n)
{
	if (n == 0)
		return FALSE;
	int k = pair_of(v[0]);
	if (k >= 0 && v[0] == pairs[k][1])
		return TRUE;
	for (glong i = 0; i < n; i++)
		if (v[i] >= 0x80 || !g_ascii_isalpha((gchar)v[i]))
			return FALSE;
	return TRUE;
}

/* An entry's title (*ex) that is its article's headline (title) after
 * a few characters more that are no title's start (”人怀仁陶瓷扬帆出海;
 * NE加快县域经济…): the headline, without them. */
static void stray_before_title(char **ex, const char *title)
{
	glong n, m;
	gunichar *x = chars_of(*ex, &n);
	gunichar *y = chars_of(title, &m);
	glong k = n - m;
	gboolean yes = m >= QK_TWICE_MIN_LEN && k >= 1 && k <= QK_TWICE_STRAY &&
	               memcmp(x + k, y, m * sizeof(gunichar)) == 0 && stray_start(x, k);
	if (yes) {
		char *t = edit_span(*ex, 0, k, NULL, 0);
		g_free(*ex);
		*ex = g_strstrip(t);
	}
	g_free(x);
	g_free(y);
}

/* The text of page's title blocks read with OCR, in order (a headline
 * the layout set in two title blocks, 从“跟跑”到“领跑”：…产业加 / 速变革
 * 中的…布局, and segmentation maybe cut in two articles). */
static char *page_titles(const QkPage *page)
{
	GString *out = g_string_new(NULL);
	for (guint k = 0; k < page->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(page->blocks, k);
		for (guint i = 0; b->role == QK_ROLE_TITLE && i < b->lines->len; i++) {
			const QkLine *l = g_ptr_array_index(b->lines, i);
			if (l->conf != NULL && l->text != NULL)
				g_string_append(out, l->text);
		}
	}
	return g_string_free(out, FALSE);
}

glong qk_structure_chars_apart(const gunichar *x, glong n, const gunichar *y, glong m,
                               glong max)
{
	glong edits = max + 1;
	GArray *d = differ(x, n, y, m, max, &edits);
	if (d != NULL)
		g_array_free(d, TRUE);
	else
		edits = max + 1;
	return edits;
}

/* How many edits apart the characters of a and b are (spaces aside),
 * or max + 1 when more. */
static glong edits_apart(const char *a, const char *b, glong max)
{
	glong n, m;
	gunichar *x = chars_of(a, &n);
	gunichar *y = chars_of(b, &m);
	glong edits = qk_structure_chars_apart(x, n, y, m, max);
	g_free(x);
	g_free(y);
	return edits;
}

/* The entry's names (names) split where the byline splits its own
 * (byline), when the entry's hold a name of one character, which no
 * person's name is (mini at 300 dpi: the TOC's 周 平郑海燕, the byline's
 * 周平郑海, 燕 lost: 周平 郑海燕): the entry's names run together start
 * with each of the byline's names but the last, and the rest is a name
 * of two characters at least. */
static void split_as_byline(GPtrArray *names, const GPtrArray *byline)
{
	gboolean single = FALSE;
	for (guint k = 0; k < names->len && !single; k++)
		single = g_utf8_strlen(g_ptr_array_index(names, k), -1) == 1;
	if (!single || byline->len < 2)
		return;
	GString *all = g_string_new(NULL);
	for (guint k = 0; k < names->len; k++)
		g_string_append(all, g_ptr_array_index(names, k));
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *p = all->str;
	for (guint k = 0; p && k + 1 < byline->len; k++) {
		const char *b = g_ptr_array_index(byline, k);
		if (g_str_has_prefix(p, b)) {
			g_ptr_array_add(out, g_strdup(b));
			p += strlen(b);
		} else {
			p = NULL;
		}
	}
	if (p != NULL && g_utf8_strlen(p, -1) >= 2) {
		g_ptr_array_add(out, g_strdup(p));
		g_ptr_array_set_size(names, 0);
		for (guint k = 0; k < out->len; k++)
			g_ptr_array_add(names, g_strdup(g_ptr_array_index(out, k)));
	}
	g_ptr_array_free(out, TRUE);
	g_string_free(all, TRUE);
}

/* Names run together in one reading (run) split where the other reading
 * (split) splits its own: a scan loses the space between names in one
 * place and keeps it in the other (magazine-2023-04 at 200 dpi: the TOC's
 * 黄军候强 and 刘淑芳武林, the bylines' 黄军 侯强 and 刘淑亏 武林). Only
 * when both print as many characters, every place run splits split
 * splits too, and each piece is the other's name or one character off
 * it (which read_twice then settles): names of 2-4 characters, persons'. */
static void split_run(GPtrArray *run, const GPtrArray *split)
{
	if (run->len == 0 || run->len >= split->len)
		return;
	GString *all = g_string_new(NULL);
	glong at = 0, cut = 0;   /* characters of run so far; where its next name ends */
	guint r = 0;
	gboolean fits = TRUE;
	for (guint k = 0; k < run->len; k++)
		g_string_append(all, g_ptr_array_index(run, k));
	glong total = g_utf8_strlen(all->str, -1);
	const char *p = all->str;
	for (guint k = 0; k < split->len && fits; k++) {
		const char *name = g_ptr_array_index(split, k);
		glong n = g_utf8_strlen(name, -1), off = 0;
		if (r < run->len && at == cut)
			cut += g_utf8_strlen(g_ptr_array_index(run, r++), -1);
		fits = n >= 2 && n <= 4 && at + n <= total && at + n <= cut;
		for (const char *q = name; fits && *q; q = g_utf8_next_char(q), p = g_utf8_next_char(p))
			off += g_utf8_get_char(q) != g_utf8_get_char(p);
		fits = fits && off <= 1;
		at += n;
	}
	if (fits && at == total && r == run->len) {
		GPtrArray *out = g_ptr_array_new();
		p = all->str;
		for (guint k = 0; k < split->len; k++) {
			const char *end = g_utf8_offset_to_pointer(p, g_utf8_strlen(g_ptr_array_index(split, k), -1));
			g_ptr_array_add(out, g_strndup(p, end - p));
			p = end;
		}
		g_ptr_array_set_size(run, 0);
		for (guint k = 0; k < out->len; k++)
			g_ptr_array_add(run, g_ptr_array_index(out, k));
		g_ptr_array_free(out, TRUE);
	}
	g_string_free(all, TRUE);
}

/* Whether one of names and one of others have a character in common
 * (FALSE when names is empty). */
static gboolean names_share(const GPtrArray *names, const GPtrArray *others)
{
	for (guint i = 0; i < names->len; i++)
		for (const char *p = g_ptr_array_index(names, i); *p; p = g_utf8_next_char(p))
			for (guint k = 0; k < others->len; k++)
				if (g_utf8_strchr(g_ptr_array_index(others, k), -1, g_utf8_get_char(p)))
					return TRUE;
	return names->len == 0;
}

/* The lowest confidence of names' characters as read on page (NULL:
 * any page read with OCR), or 0 when one is not found. */
static guint8 names_sureness(const QkIssue *issue, const QkPage *page, const GPtrArray *names)
{
	guint8 low = 101;
	for (guint k = 0; k < names->len && low > 0; k++) {
		glong n;
		gunichar *x = chars_of(g_ptr_array_index(names, k), &n);
		Char *cx = g_new(Char, n + 1);
		low = n > 0 && locate(issue, page, QK_TWICE_BLOCK, x, n, NULL, 0, cx)
		      ? MIN(low, sureness(cx, n, 0, n)) : 0;
		g_free(cx);
		g_free(x);
	}
	return low;
}

/* Whether the issue's TOC prints names: most of its entries (two at
 * least) have authors. */
static gboolean toc_prints_names(const QkIssue *issue)
{
	guint n = 0, with = 0;
	for (guint i = 0; i < issue->toc->len; i++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, i);
		for (guint k = 0; k < sec->entries->len; k++, n++)
			with += ((const QkTocEntry *)g_ptr_array_index(sec->entries, k))->authors->len > 0;
	}
	return with >= 2 && 2 * with >= n;
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
	/* a title run on into its names is cut first, so that both readings
	 * compared below are the title's, and the names the entry's */
	qk_structure_authors_in_title_end(e, a, TRUE);
	/* the headline set in two title blocks: the entry's reading is
	 * that of the page's titles run together */
	char *whole = page_titles(page);
	char *sq = qk_structure_squeeze(a->title->text), *sw = qk_structure_squeeze(whole);
	gboolean run_on = strcmp(sq, sw) != 0 && strstr(sw, sq) != NULL &&
	                  edits_apart(e->title, whole, QK_TWICE_MAX_DIFF) <
	                  edits_apart(e->title, a->title->text, QK_TWICE_MAX_DIFF);
	g_free(sq);
	g_free(sw);
	char **headline = run_on ? &whole : &a->title->text;
	stray_before_title(&e->title, *headline);
	read_twice(issue, page, QK_TWICE_HEADLINE, &e->title, headline, title_end(e->title, *headline));
	g_free(whole);
	mark_twice(&e->title, &a->title->text);
	close_quote(&e->title);
	close_quote(&a->title->text);
	subtitle_dash_twice(&e->title, a->title->text);
	subtitle_twice(issue, page, e, a);
	/* the names, where the titles are one now (not an entry linked to
	 * another article; the entry's maybe with the subtitle after its
	 * dash) and both give as many */
	char *tx = qk_structure_squeeze(e->title), *ty = qk_structure_squeeze(a->title->text);
	gboolean same = g_str_has_prefix(tx, ty) &&
	                (tx[strlen(ty)] == '\0' || g_str_has_prefix(tx + strlen(ty), "——"));
	g_free(tx);
	g_free(ty);
	/* an entry's names sharing no character with the byline's, which
	 * Tesseract read surer: the TOC's row was misread whole
	 * (magazine-2023-04 at 200 dpi: 刘贵龙 (17) read 汪汪, 86 88, the
	 * byline 刘贵龙 99 98 99); the byline's names stand for them (below) */
	if (same && a->authors->len > 0 && e->authors->len > 0 &&
	    !names_share(e->authors, a->authors) &&
	    names_sureness(issue, NULL, e->authors) + QK_TWICE_SURER <=
	    names_sureness(issue, page, a->authors))
		g_ptr_array_set_size(e->authors, 0);
	if (same) {
		split_as_byline(e->authors, a->authors);
		split_run(e->authors, a->authors);
		split_run(a->authors, e->authors);
	}
	/* the article's names as read on any of its pages: a signature
	 * closes it on its last (TOC 修强, （侯强） under the text,
	 * weasyprint-mag-130); once one page made the two one reading,
	 * the next have nothing left to do */
	int last = MIN(MAX(a->pdf_last, a->pdf_first), (int)issue->pages->len);
	for (guint k = 0; same && e->authors->len == a->authors->len && k < e->authors->len; k++)
		for (int p = a->pdf_first; p <= last; p++)
			read_twice(issue, g_ptr_array_index(issue->pages, p - 1), QK_TWICE_NAME,
			           (char **)&e->authors->pdata[k], (char **)&a->authors->pdata[k], -1);
	/* an entry without names in a TOC that prints them: its row of
	 * names was not read (libreoffice-mag-16 at 200 dpi: no ink read
	 * under 把矛盾纠纷化解在诉讼之前, whose byline reads 王志福); the
	 * article's byline is the other reading */
	if (same && e->authors->len == 0 && a->authors->len > 0 && toc_prints_names(issue))
		for (guint k = 0; k < a->authors->len; k++)
			g_ptr_array_add(e->authors, g_strdup(g_ptr_array_index(a->authors, k)));
}
