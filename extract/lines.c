/*
 * lines.c — glyphs → lines.
 *
 * Glyphs are sorted by the centre of their box and swept once: a glyph joins
 * an open row whose centre is within a third of its size, else it opens a
 * row. Each row is then sorted by x and cut where the gap between glyphs is
 * wide (over 1.5 em) or lies in a column gutter: a channel where the page's
 * glyph coverage drops to half of that beside it, or that the rows around
 * it leave open (0.8 em suffices there; inside a column other rows cover
 * the same spot).
 * So a line never spans two columns. Rows of small glyphs (note marks ①,
 * *) riding on a row of larger text are merged into it first. Spaces are
 * put back between Latin words from the gaps; CJK characters are joined
 * without spaces.
 *
 * A gutter narrower than that, or bridged by a punctuation mark hung past a
 * column's edge (a 4 mm gutter, a 10.5 pt 、 hung into it: 1 pt of white
 * left), is not seen here. Where a line could part at one — after a mark
 * that may hang, or at a gap of half an em, with other lines of the page
 * ending or starting at the same x — the line keeps a seam and the pieces
 * it would part into; frames.c cuts the seams that lie on a gutter of the
 * issue's column grid.
 */
#include <math.h>
#include "layout.h"
#include "keysort.h"
#include "tables.h"

gboolean qk_layout_is_cjk(gunichar c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) ||   /* radicals … CJK ideographs */
	       (c >= 0xAC00 && c <= 0xD7AF) ||   /* hangul */
	       (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
	       (c >= 0xFE30 && c <= 0xFE4F) ||   /* CJK compatibility forms */
	       (c >= 0xFF00 && c <= 0xFFEF) ||   /* full-width forms */
	       (c >= 0x20000 && c <= 0x3FFFF) || /* extension planes */
	       c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D ||
	       c == 0x00B7 || c == 0x2018 || c == 0x2019;
}

void qk_lline_free(QkLLine *l)
{
	if (!l)
		return;
	if (l->text)
		g_string_free(l->text, TRUE);
	if (l->raw)
		g_string_free(l->raw, TRUE);
	if (l->conf)
		g_string_free(l->conf, TRUE);
	g_free(l->section);
	qk_lline_drop_seams(l);
	g_free(l);
}

void qk_lline_drop_seams(QkLLine *l)
{
	g_clear_pointer(&l->seams, g_free);
}

/* n seams and their n + 1 pieces, in one block. */
static QkSeams *seams_new(guint n)
{
	QkSeams *s = g_malloc(sizeof(QkSeams) + (n + 1) * sizeof(QkPiece) + n * sizeof(QkSeam));
	s->n = n;
	s->seam = (QkSeam *)(void *)&s->piece[n + 1];
	return s;
}

/* The line's text (and raw form) in a buffer of its own size: GString
 * rounds up to a power of two, and every line of every page is kept until
 * the second pass (a fifth of their memory was slack). */
static void fit_string(GString *s)
{
	if (s && s->allocated_len > s->len + 1) {
		s->str = g_realloc(s->str, s->len + 1);
		s->allocated_len = s->len + 1;
	}
}

typedef struct {
	double yc, size;
	GArray *members; /* of guint glyph indices */
	guint head, tail, n; /* the members while rows are swept (see below) */
} Row;

static const QkGlyph *glyph_at(const QkGlyphPage *gp, guint i)
{
	return &g_array_index(gp->glyphs, QkGlyph, i);
}

static double gcenter(const QkGlyph *g)
{
	return (g->box.y0 + g->box.y1) / 2;
}

/* Sorts a row's glyphs by left edge, then glyph number. They come by
 * centre, then left edge: each centre's glyphs are in order already, so
 * the row is a few rising runs (one, mostly), which qk_keysort merges,
 * where a merge sort of the whole row cost 5,000 instructions a row. */
static void sort_by_x(const QkGlyphPage *gp, guint *m, guint n)
{
	QkKeyed *keys = g_new(QkKeyed, n ? n : 1);
	for (guint i = 0; i < n; i++) {
		keys[i].key = qk_key_double(glyph_at(gp, m[i])->box.x0);
		keys[i].idx = m[i];
	}
	qk_keysort2(keys, n, NULL);
	for (guint i = 0; i < n; i++)
		m[i] = keys[i].idx;
	g_free(keys);
}

/* Small tallies for a line's dominant font and size: lines rarely mix more
 * than a few, so a short array beats a hash table. */
#define TALLY_MAX 8
typedef struct {
	const void *key[TALLY_MAX];
	double val[TALLY_MAX];
	int count[TALLY_MAX];
	int n;
} Tally;

static void tally_font(Tally *t, const char *font, int n)
{
	for (int i = 0; i < t->n; i++)
		if (t->key[i] == font) {
			t->count[i] += n;
			return;
		}
	if (t->n < TALLY_MAX) {
		t->key[t->n] = font;
		t->count[t->n++] = n;
	}
}

static void tally_size(Tally *t, double size, int n)
{
	for (int i = 0; i < t->n; i++)
		if (fabs(t->val[i] - size) < 0.05) {
			t->count[i] += n;
			return;
		}
	if (t->n < TALLY_MAX) {
		t->val[t->n] = size;
		t->count[t->n++] = n;
	}
}

static int tally_best(const Tally *t)
{
	int best = 0;
	for (int i = 1; i < t->n; i++)
		if (t->count[i] > t->count[best])
			best = i;
	return best;
}

/* The marks CJK typesetting hangs past a column's right edge (burasagari):
 * full-width comma, stop and enumeration comma. */
static gboolean hangs(gunichar c)
{
	return c == 0x3001 || c == 0x3002 || c == 0xFF0C || c == 0xFF0E ||
	       c == 0xFF1A || c == 0xFF1B;
}

/* Opening marks: XeLaTeX (xeCJK) sets one that opens a line with its
 * blank left half past the column's left edge, 0.4–0.7 em by the font. */
static gboolean opens(gunichar c)
{
	return c == 0xFF08 || c == 0x201C || c == 0x2018 || c == 0x300A || c == 0x300C ||
	       c == 0x300E || c == 0x3010 || c == 0x3014 || c == 0x3016 || c == 0x3008 ||
	       c == 0xFF3B || c == 0xFF5B;
}

/* Closing quotes and brackets: hung past the column's right edge (XeLaTeX
 * sets the blank half there), or pushed past it by a line that may not
 * break before one (Chromium). */
static gboolean closes(gunichar c)
{
	return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
	       c == 0x300B;
}

/* Marks a typesetter may also hang, or push past the edge when a line
 * overflows (a heading's ：): where a seam is looked for. */
static gboolean may_hang(gunichar c)
{
	return hangs(c) || c == 0xFF1A || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F ||
	       c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F ||
	       c == 0xFF09 || c == 0x300B;
}

/* Poppler's word spaces count when there is room for one; CJK characters
 * get a space only from a gap wider than justification leaves
 * (letter-spaced names: 孙 萌). */
static gboolean spaced(const QkGlyph *prev, const QkGlyph *g)
{
	double gap = g->box.x0 - prev->box.x1;
	double sz = MAX(g->size, prev->size);
	gboolean cjk = qk_layout_is_cjk(prev->ch) || qk_layout_is_cjk(g->ch);
	return (!cjk && gap > 0.15 * sz) || (cjk && gap > 0.35 * sz) ||
	       (prev->space_after && gap > 0.15 * sz);
}

/* g_string_append_unichar's bytes, written in place when the string has
 * room for any character (a line's string is made at its size). */
static inline void append_unichar(GString *s, gunichar c)
{
	if (s->len + 6 < s->allocated_len) {
		s->len += (gsize)g_unichar_to_utf8(c, s->str + s->len);
		s->str[s->len] = '\0';
	} else {
		g_string_append_unichar(s, c);
	}
}

/* Builds one line from members[from, to) of a row (sorted by x). */
static QkLLine *make_line(const QkGlyphPage *gp, const guint *idx, guint from, guint to)
{
	QkLLine *l = g_new0(QkLLine, 1);
	l->text = g_string_sized_new((to - from) * 3 + 4);
	l->leaf = -1;
	l->column = -1;
	l->table = -1;
	l->ocr = gp->ocr;
	Tally fonts = { 0 }, sizes = { 0 };
	int nbold = 0;
	const QkGlyph *prev = NULL;
	for (guint k = from; k < to && !l->conf; k++)
		if (glyph_at(gp, idx[k])->conf)
			l->conf = g_string_sized_new(to - from + 4);
	for (guint k = from; k < to; k++) {
		const QkGlyph *g = glyph_at(gp, idx[k]);
		if (k == from) {
			l->bbox = g->box;
		} else {
			qk_box_union(&l->bbox, &g->box);
		}
		gboolean sp = prev && spaced(prev, g);
		if (sp)
			g_string_append_c(l->text, ' ');
		if (sp && l->conf)
			g_string_append_c(l->conf, 101);
		if (l->conf)
			g_string_append_c(l->conf, (char)MAX(g->conf, 1));
		/* the text layer's form, kept from the first repaired glyph on */
		if (g->raw && !l->raw)
			l->raw = g_string_new_len(l->text->str, (gssize)l->text->len);
		else if (l->raw && sp)
			g_string_append_c(l->raw, ' ');
		append_unichar(l->text, g->ch);
		if (l->raw)
			g_string_append_unichar(l->raw, g->raw ? g->raw : g->ch);
		nbold += g->bold;
		tally_font(&fonts, g->font, 1);
		tally_size(&sizes, g->size, 1);
		prev = g;
	}
	l->x0_core = l->bbox.x0;
	/* the right edge without a mark hung past it (a closing quote or
	 * bracket only where the column's edge runs through it: close_core) */
	l->x1_core = l->bbox.x1;
	if (prev && to - from > 1 && may_hang(prev->ch) && !closes(prev->ch))
		l->x1_core = MIN(prev->box.x0, l->bbox.x1);
	l->n_glyphs = (int)(to - from);
	l->n_bold = nbold;
	l->bold = nbold * 2 > l->n_glyphs;
	l->font = fonts.key[tally_best(&fonts)];
	l->size = sizes.val[tally_best(&sizes)];
	l->yc = (l->bbox.y0 + l->bbox.y1) / 2;
	return l;
}

QkLLine *qk_lline_join(const QkLLine *l, guint from, guint to)
{
	QkLLine *j = g_new0(QkLLine, 1);
	j->leaf = j->column = j->table = -1;
	j->ocr = l->ocr;
	const QkPiece *first = &l->seams->piece[from];
	const QkPiece *last = &l->seams->piece[to - 1];
	/* the pieces' text and the spaces between them are the line's own */
	gsize end = MIN((gsize)last->text_off + last->text_len, l->text->len);
	j->text = g_string_new_len(l->text->str + MIN(first->text_off, end),
	                           (gssize)(end - MIN(first->text_off, end)));
	if (l->conf) {   /* one byte a character */
		glong c0 = g_utf8_pointer_to_offset(l->text->str, l->text->str + MIN(first->text_off, end));
		glong c1 = g_utf8_pointer_to_offset(l->text->str, l->text->str + end);
		if ((gsize)c1 <= l->conf->len)
			j->conf = g_string_new_len(l->conf->str + c0, c1 - c0);
	}
	Tally fonts = { 0 }, sizes = { 0 };
	gboolean raw = FALSE;
	for (guint k = from; k < to; k++) {
		const QkPiece *p = &l->seams->piece[k];
		raw |= p->has_raw;
		if (k == from) {
			j->bbox = p->bbox;
			j->x0_core = p->x0_core;
		} else
			qk_box_union(&j->bbox, &p->bbox);
		j->n_glyphs += p->n_glyphs;
		j->n_bold += p->n_bold;
		tally_font(&fonts, p->font, p->n_glyphs);
		tally_size(&sizes, p->size, p->n_glyphs);
		j->x1_core = p->x1_core;
	}
	if (raw && l->raw) {
		gsize rend = MIN((gsize)last->raw_off + last->raw_len, l->raw->len);
		j->raw = g_string_new_len(l->raw->str + MIN(first->raw_off, rend),
		                          (gssize)(rend - MIN(first->raw_off, rend)));
	}
	j->bold = j->n_bold * 2 > j->n_glyphs;
	j->font = fonts.key[tally_best(&fonts)];
	j->size = sizes.val[tally_best(&sizes)];
	j->yc = (j->bbox.y0 + j->bbox.y1) / 2;
	return j;
}

/* The glyphs a line was made of: members[from, to) of its row. */
typedef struct {
	const guint *idx;
	guint from, to;
} Range;

/* How many of the sorted values v[0, n) lie in [x0, x1]. */
static guint count_in(const double *v, guint n, double x0, double x1)
{
	guint lo = 0, hi = n;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (v[mid] < x0)
			lo = mid + 1;
		else
			hi = mid;
	}
	guint c = 0;
	while (lo + c < n && v[lo + c] <= x1)
		c++;
	return c;
}

/* The left edge of a line (or piece) opening with glyph g without it when
 * g is an opening mark whose box holds two other lines' left edges (sorted
 * lefts[0, n)) well inside: XeLaTeX sets its blank half before the
 * column's edge. Writer and Chromium start it at the edge. */
static double open_core(const QkGlyph *g, double x0, const double *lefts, guint n)
{
	double em = g->size > 0 ? g->size : 10;
	if (opens(g->ch) && count_in(lefts, n, g->box.x0 + 0.2 * em, g->box.x1 - 0.1 * em) >= 2)
		return MAX(g->box.x1, x0);
	return x0;
}

/* The right edge of a line (or piece) ending in glyph z (x1: its core so
 * far) without z when z is a closing quote or bracket whose box holds two
 * other lines' right edges (sorted rights[0, n)) inside: the column's edge
 * runs through it. One that ends a ragged line (a TOC entry) stays. */
static double close_core(const QkGlyph *z, double x1, const double *rights, guint n)
{
	double em = z->size > 0 ? z->size : 10;
	if (closes(z->ch) && count_in(rights, n, z->box.x0 + 0.1 * em, z->box.x1 - 0.2 * em) >= 2)
		return MIN(z->box.x0, x1);
	return x1;
}

/* The lines' edges without such marks (x0_core, x1_core, see layout.h). */
static void mark_cores(const QkGlyphPage *gp, GPtrArray *lines, const GArray *ranges,
                       const double *lefts, const double *rights, guint n)
{
	for (guint i = 0; i < lines->len; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		const Range *r = &g_array_index(ranges, Range, i);
		if (r->to - r->from < 2)
			continue;
		l->x0_core = open_core(glyph_at(gp, r->idx[r->from]), l->bbox.x0, lefts, n);
		l->x1_core = close_core(glyph_at(gp, r->idx[r->to - 1]), l->x1_core, rights, n);
	}
}

/* Gives each line its seams (see the header comment) and the pieces they
 * cut it into. A seam needs two other lines of the page ending where its
 * left part ends (under the mark that may hang past the edge), or starting
 * where its right part starts: a column's full lines share their edges,
 * while a comma inside a line rarely stops at an edge other lines keep. */
static void attach_seams(const QkGlyphPage *gp, GPtrArray *lines, const GArray *ranges)
{
	guint n = lines->len;
	double *lefts = g_new(double, n + 1), *rights = g_new(double, n + 1);
	for (guint i = 0; i < n; i++) {
		const QkLLine *l = g_ptr_array_index(lines, i);
		lefts[i] = l->bbox.x0;
		rights[i] = l->x1_core;
	}
	qsort(lefts, n, sizeof(double), qk_tables_cmp_double);
	qsort(rights, n, sizeof(double), qk_tables_cmp_double);
	mark_cores(gp, lines, ranges, lefts, rights, n);
	GArray *cuts = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < n; i++) {
		QkLLine *l = g_ptr_array_index(lines, i);
		const Range *r = &g_array_index(ranges, Range, i);
		g_array_set_size(cuts, 0);
		for (guint k = r->from + 1; k < r->to; k++) {
			const QkGlyph *a = glyph_at(gp, r->idx[k - 1]), *b = glyph_at(gp, r->idx[k]);
			double em = MAX(a->size, b->size), tol = MAX(1.0, 0.1 * em);
			double core = may_hang(a->ch) ? a->box.x0 : a->box.x1;
			if (b->box.x0 - core < 0.5 * em || b->box.x0 < a->box.x1 - 0.1 * em)
				continue;
			if (count_in(rights, n, core - tol, a->box.x1 + tol) >= 2 ||
			    count_in(lefts, n, b->box.x0 - tol, b->box.x0 + tol) >= 2)
				g_array_append_val(cuts, k);
		}
		if (!cuts->len)
			continue;
		l->seams = seams_new(cuts->len);
		guint from = r->from, text_off = 0, raw_off = 0;
		for (guint c = 0; c <= cuts->len; c++) {
			guint to = c < cuts->len ? g_array_index(cuts, guint, c) : r->to;
			QkLLine *m = make_line(gp, r->idx, from, to);
			if (to - from > 1) {
				m->x0_core = open_core(glyph_at(gp, r->idx[from]), m->bbox.x0, lefts, n);
				m->x1_core = close_core(glyph_at(gp, r->idx[to - 1]), m->x1_core, rights, n);
			}
			QkPiece p = { m->bbox, m->x0_core, m->x1_core, m->size, m->font, m->n_glyphs, m->n_bold,
			              0, (guint)m->text->len, 0,
			              (guint)(m->raw ? m->raw : m->text)->len, m->raw != NULL };
			gboolean space_before = from > r->from &&
			                        spaced(glyph_at(gp, r->idx[from - 1]),
			                               glyph_at(gp, r->idx[from]));
			/* the line's text is its pieces' with a space where one is */
			text_off += space_before;
			raw_off += space_before;
			p.text_off = text_off;
			p.raw_off = raw_off;
			text_off += p.text_len;
			raw_off += p.raw_len;
			qk_lline_free(m);
			l->seams->piece[c] = p;
			if (c < cuts->len) {
				const QkGlyph *a = glyph_at(gp, r->idx[to - 1]), *b = glyph_at(gp, r->idx[to]);
				QkSeam s = { a->box.x1, may_hang(a->ch) ? a->box.x0 : a->box.x1, b->box.x0,
				             opens(b->ch) ? b->box.x1 : b->box.x0 };
				l->seams->seam[c] = s;
			}
			from = to;
		}
	}
	g_array_free(cuts, TRUE);
	g_free(lefts);
	g_free(rights);
}

/* How many glyphs cover each point of the page's width: a column gutter is
 * a channel of white that most rows leave open. */
typedef struct {
	int *count;
	int width;
} Coverage;

/* x as an index in [0, w], clamped as a double: a damaged PDF's page or
 * glyph 1e100 pt wide must not overflow the int (fuzz_extract). */
static int clamp_index(double x, int w)
{
	return x > 0 ? (int)MIN(x, (double)w) : 0;
}

static void coverage_init(Coverage *cv, const QkGlyphPage *gp)
{
	cv->width = clamp_index(ceil(MAX(gp->width, 1)), 100000) + 2;
	cv->count = g_new0(int, cv->width + 1);
	for (guint i = 0; i < gp->glyphs->len; i++) {
		const QkGlyph *g = glyph_at(gp, i);
		if (g->used)
			continue;
		int a = clamp_index(floor(g->box.x0), cv->width);
		int b = clamp_index(ceil(g->box.x1), cv->width);
		cv->count[a]++;
		cv->count[b]--;
	}
	for (int x = 1; x <= cv->width; x++)
		cv->count[x] += cv->count[x - 1];
}

static int coverage_at(const Coverage *cv, double x)
{
	return cv->count[clamp_index(floor(x), cv->width)];
}

/* A gap lies in a gutter when the page's coverage inside it drops to half
 * of the coverage at its edges or less; in a gap narrower than an em (no
 * word space: a justified line's stretch), over a quarter em at least. A
 * narrower dip is the white between two characters that a column's
 * justified lines share when they hold as many characters each (four
 * columns on A5: six glyphs of 9.5 pt over 66 pt leave 1.5 pt between
 * each two, on every line): 在 | “双, stretched 0.97 em apart at a first
 * line's indent, was cut there (libreoffice-mag-148 p8). */
static gboolean in_page_gutter(const Coverage *cv, double x0, double x1, double em)
{
	int flank = MIN(coverage_at(cv, x0 - 1), coverage_at(cv, x1 + 1));
	double run = 0, best = 0;
	for (double x = x0 + 0.5; x < x1 - 0.5; x += 1) {
		run = coverage_at(cv, x) * 2 <= flank ? run + 1 : 0;
		best = MAX(best, run);
	}
	return best > 0 && (best >= 0.25 * em || x1 - x0 >= 0.99 * em);
}

/* Rows near a gap: rows is sorted by centre, at is the gap's own row. */
typedef struct {
	GPtrArray *rows;
	guint at;
} RowsNear;

/* A gap lies in a gutter of its own part of the page when the rows around
 * it (centres within four em above and below) leave its middle open, with
 * text on both sides (of one row; or, between glyphs of sizes or weights
 * apart, of as many rows on either side: columns whose baselines do not
 * line up, a heading at one's head),
 * at least as often as they print across it. The
 * page-wide coverage misses such gutters where the page mixes column grids
 * (a newspaper's articles, each with its own columns, stacked): one
 * article's gutter is another's text. */
static gboolean in_local_gutter(const QkGlyphPage *gp, const RowsNear *rn,
                                double x0, double x1, double em, gboolean styles_differ)
{
	const Row *me = g_ptr_array_index(rn->rows, rn->at);
	double w = x1 - x0, c0 = x0 + 0.25 * w, c1 = x1 - 0.25 * w;
	int open = 0, covered = 0, lefts = 0, rights = 0;
	for (int dir = -1; dir <= 1; dir += 2) {
		for (gint64 k = (gint64)rn->at + dir; k >= 0 && k < rn->rows->len; k += dir) {
			const Row *r = g_ptr_array_index(rn->rows, (guint)k);
			if (fabs(r->yc - me->yc) > 4 * em)
				break;
			gboolean left = FALSE, right = FALSE, across = FALSE;
			for (guint m = 0; m < r->members->len && !across; m++) {
				const QkGlyph *g = glyph_at(gp, g_array_index(r->members, guint, m));
				across = g->box.x1 > c0 && g->box.x0 < c1;
				left |= g->box.x1 <= c0;
				right |= g->box.x0 >= c1;
			}
			covered += across;
			open += !across && left && right;
			lefts += !across && left && !right;
			rights += !across && right && !left;
		}
	}
	/* columns whose baselines do not line up (a heading at one column's
	 * head, beside the other's text, shifts its rows) leave it open row
	 * by row, one side each */
	if (styles_differ)
		open += MIN(lefts, rights);
	return open >= 1 && covered <= open;
}

/* A printed vertical rule (of QkBox, may be NULL) runs through the white
 * between x0 and x1 on a row centred at yc. */
static gboolean ruled_gap(const GArray *rules, double x0, double x1, double yc)
{
	for (guint i = 0; rules && i < rules->len; i++) {
		const QkBox *r = &g_array_index(rules, QkBox, i);
		double x = (r->x0 + r->x1) / 2;
		if (r->y1 - r->y0 > r->x1 - r->x0 && x > x0 - 0.5 && x < x1 + 0.5 &&
		    r->y0 < yc && r->y1 > yc)
			return TRUE;
	}
	return FALSE;
}

/* Cuts a row (sorted by x) at gaps that are wide, or that sit in a column
 * gutter, or that a printed vertical rule runs through, and appends its
 * lines. */
static void split_row(const QkGlyphPage *gp, const Coverage *cv, const RowsNear *rn,
                      const GArray *rules, GPtrArray *out, GArray *ranges)
{
	const Row *row = g_ptr_array_index(rn->rows, rn->at);
	guint *idx = (guint *)row->members->data;
	guint n = row->members->len;
	guint start = 0;
	for (guint k = 1; k <= n; k++) {
		gboolean cut = k == n;
		if (!cut) {
			const QkGlyph *a = glyph_at(gp, idx[k - 1]);
			const QkGlyph *b = glyph_at(gp, idx[k]);
			double sz = MAX(a->size, b->size);
			double gap = b->box.x0 - a->box.x1;
			double ratio = MAX(a->size, b->size) / MAX(MIN(a->size, b->size), 0.1);
			/* a gap of most of an em in a channel of white is a gutter
			 * (a list's hanging labels leave a narrower one); a note
			 * mark (①, *) touching its text stays */
			cut = gap > 1.5 * sz ||
			      (gap > 0.8 * sz &&
			       (in_page_gutter(cv, a->box.x1, b->box.x0, sz) ||
			        in_local_gutter(gp, rn, a->box.x1, b->box.x0, sz,
			                        ratio > 1.2 || a->bold != b->bold))) ||
			      (ratio > 1.5 && gap > 0.5 * sz) ||
			      (gap > 0.1 * sz &&
			       ruled_gap(rules, a->box.x1, b->box.x0, gcenter(a)));
		}
		if (cut) {
			g_ptr_array_add(out, make_line(gp, idx, start, k));
			Range rg = { idx, start, k };
			g_array_append_val(ranges, rg);
			start = k;
		}
	}
}

/* x-extent of a row's glyphs */
static void row_span(const QkGlyphPage *gp, const Row *row, double *x0, double *x1)
{
	*x0 = G_MAXDOUBLE;
	*x1 = -G_MAXDOUBLE;
	for (guint k = 0; k < row->members->len; k++) {
		const QkGlyph *g = glyph_at(gp, g_array_index(row->members, guint, k));
		*x0 = MIN(*x0, g->box.x0);
		*x1 = MAX(*x1, g->box.x1);
	}
}

/* A row of small glyphs (superscript note marks) whose centre lies within
 * a row of text at least 1.5 times larger, and horizontally inside or next
 * to it, joins that row. Rows of small glyphs are few, so the pairwise
 * check stays cheap. */
static void merge_small_rows(const QkGlyphPage *gp, GPtrArray *rows)
{
	for (guint r = 0; r < rows->len; r++) {
		Row *sm = g_ptr_array_index(rows, r);
		if (!sm->members->len || sm->members->len > 3)
			continue;
		double sx0, sx1;
		row_span(gp, sm, &sx0, &sx1);
		for (guint b = 0; b < rows->len; b++) {
			Row *big = g_ptr_array_index(rows, b);
			if (big == sm || !big->members->len || big->size < 1.5 * sm->size ||
			    fabs(big->yc - sm->yc) > 0.6 * big->size)
				continue;
			double bx0, bx1;
			row_span(gp, big, &bx0, &bx1);
			if (sx0 > bx1 + 0.5 * big->size || sx1 < bx0 - 0.5 * big->size)
				continue;
			g_array_append_vals(big->members, sm->members->data, sm->members->len);
			g_array_set_size(sm->members, 0);
			break;
		}
	}
}

static int cmp_row_yc(gconstpointer a, gconstpointer b)
{
	const Row *ra = *(Row *const *)a, *rb = *(Row *const *)b;
	return ra->yc < rb->yc ? -1 : ra->yc > rb->yc;
}

static int cmp_line_pos(gconstpointer a, gconstpointer b)
{
	const QkLLine *la = *(QkLLine *const *)a, *lb = *(QkLLine *const *)b;
	if (la->yc != lb->yc)
		return la->yc < lb->yc ? -1 : 1;
	return la->bbox.x0 < lb->bbox.x0 ? -1 : la->bbox.x0 > lb->bbox.x0;
}

GPtrArray *qk_layout_lines(const QkGlyphPage *gp, const GArray *rules)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)qk_lline_free);
	/* (filled in place: an append per glyph cost 100 instructions) */
	GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint), gp->glyphs->len);
	g_array_set_size(order, gp->glyphs->len);
	guint n_order = 0;
	for (guint i = 0; i < gp->glyphs->len; i++) {
		if (!glyph_at(gp, i)->used)
			g_array_index(order, guint, n_order++) = i;
	}
	g_array_set_size(order, n_order);
	/* by centre, then left edge, else as drawn */
	QkKeyed *keys = g_new(QkKeyed, order->len ? order->len : 1);
	guint64 *x0 = g_new(guint64, gp->glyphs->len ? gp->glyphs->len : 1);
	for (guint k = 0; k < order->len; k++) {
		guint gi = g_array_index(order, guint, k);
		keys[k].key = qk_key_double(gcenter(glyph_at(gp, gi)));
		keys[k].idx = gi;
		x0[gi] = qk_key_double(glyph_at(gp, gi)->box.x0);
	}
	qk_keysort2(keys, order->len, x0);
	for (guint k = 0; k < order->len; k++)
		g_array_index(order, guint, k) = keys[k].idx;
	g_free(x0);
	g_free(keys);

	/* open rows: those whose centre is still within reach of the sweep */
	GPtrArray *open = g_ptr_array_new();
	GPtrArray *all = g_ptr_array_new();
	/* a row's glyphs chained through next[] while the sweep runs, copied
	 * into its array (made at its size) after it */
	guint *next = g_new(guint, gp->glyphs->len ? gp->glyphs->len : 1);
	for (guint k = 0; k < order->len; k++) {
		guint gi = g_array_index(order, guint, k);
		const QkGlyph *g = glyph_at(gp, gi);
		double yc = gcenter(g);
		Row *best = NULL;
		double best_d = 0;
		for (guint r = 0; r < open->len;) {
			Row *row = g_ptr_array_index(open, r);
			if (yc - row->yc > row->size) {  /* passed: close it */
				g_ptr_array_remove_index_fast(open, r);
				continue;
			}
			double tol = 0.3 * MIN(row->size, g->size);
			double d = fabs(yc - row->yc);
			if (d <= tol && (!best || d < best_d)) {
				best = row;
				best_d = d;
			}
			r++;
		}
		if (!best) {
			best = g_new0(Row, 1);
			best->yc = yc;
			best->size = g->size;
			best->head = gi;
			g_ptr_array_add(open, best);
			g_ptr_array_add(all, best);
		} else {
			next[best->tail] = gi;
		}
		best->tail = gi;
		best->n++;
	}
	for (guint r = 0; r < all->len; r++) {
		Row *row = g_ptr_array_index(all, r);
		row->members = g_array_sized_new(FALSE, FALSE, sizeof(guint), row->n);
		g_array_set_size(row->members, row->n);
		guint gi = row->head;
		for (guint m = 0;; gi = next[gi]) {
			g_array_index(row->members, guint, m) = gi;
			if (++m == row->n)
				break;
		}
	}
	g_free(next);
	merge_small_rows(gp, all);
	/* rows by centre, each sorted by x, before any is cut: the gutter
	 * test looks at the rows around a gap */
	GPtrArray *rows = g_ptr_array_sized_new(all->len);
	for (guint r = 0; r < all->len; r++) {
		Row *row = g_ptr_array_index(all, r);
		if (row->members->len) {
			sort_by_x(gp, (guint *)row->members->data, row->members->len);
			g_ptr_array_add(rows, row);
		}
	}
	g_ptr_array_sort(rows, cmp_row_yc);
	Coverage cv;
	coverage_init(&cv, gp);
	GArray *ranges = g_array_new(FALSE, FALSE, sizeof(Range));
	for (guint r = 0; r < rows->len; r++) {
		RowsNear rn = { rows, r };
		split_row(gp, &cv, &rn, rules, out, ranges);
	}
	attach_seams(gp, out, ranges);
	g_array_free(ranges, TRUE);
	for (guint r = 0; r < all->len; r++) {
		Row *row = g_ptr_array_index(all, r);
		g_array_free(row->members, TRUE);
		g_free(row);
	}
	g_ptr_array_free(rows, TRUE);
	g_free(cv.count);
	g_ptr_array_free(open, TRUE);
	g_ptr_array_free(all, TRUE);
	g_array_free(order, TRUE);
	g_ptr_array_sort(out, cmp_line_pos);
	for (guint i = 0; i < out->len; i++) {
		QkLLine *l = g_ptr_array_index(out, i);
		fit_string(l->text);
		fit_string(l->raw);
		fit_string(l->conf);
	}
	return out;
}
