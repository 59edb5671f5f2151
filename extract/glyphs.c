/*
 * glyphs.c — the glyphs of one page as Poppler reports them: one QkGlyph per
 * printed character with its box, font, size, weight and colour.
 *
 * Poppler's text, per-character rectangles and attribute runs are indexed by
 * the same character offsets, so one walk over the text pairs them up.
 * Whitespace and line breaks that Poppler inserts are dropped: lines.c
 * rebuilds spacing from the geometry. Glyphs come in Poppler's text order.
 *
 * Fake bold: some producers draw each glyph two or more times, shifted by a
 * fraction of a point. Such copies are found with one sort + sweep (same
 * character, nearly the same spot: less than 0.15 of its width across, a
 * quarter em up or down) and kept once, marked bold. Letters doubled side
 * by side (ll, ff, 00) are a whole advance apart and stay.
 */
#include <string.h>
#include <math.h>
#include "glyphs.h"
#include "keysort.h"
#include "pagedoc.h"

/* Substrings of a font name that mean a heavy weight. Not "medium": a
 * Medium face is often a family's text weight (AR PL KaitiM GB is embedded
 * as GBZenKai-Medium), and a body read as bold hides its bold headings. */
static const char *const bold_marks[] = {
	"bold", "black", "heavy", "demi", NULL
};

static gboolean font_is_bold(const char *name)
{
	if (!name)
		return FALSE;
	char *low = g_ascii_strdown(name, -1);
	gboolean bold = FALSE;
	for (int i = 0; bold_marks[i] && !bold; i++)
		bold = strstr(low, bold_marks[i]) != NULL;
	g_free(low);
	return bold;
}

/* Font names may hold raw GBK bytes (Chinese names such as 黑体, written
 * by Windows producers): read them as GB18030, else keep what is valid
 * UTF-8; interned. */
static const char *intern_font(const char *name)
{
	if (!name)
		return g_intern_static_string("");
	if (g_utf8_validate(name, -1, NULL))
		return g_intern_string(name);
	char *valid = g_convert(name, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
	if (!valid)
		valid = g_utf8_make_valid(name, -1);
	const char *s = g_intern_string(valid);
	g_free(valid);
	return s;
}

/* An overprint is shifted by less than this share of the glyph's width. */
#define OVERPRINT_DX 0.15

/* Removes glyphs drawn again at (nearly) the same spot; the kept copy is bold.
 * One sort by (character, height) and a sweep over neighbours. */
static void remove_overprints(GArray *glyphs)
{
	guint n = glyphs->len;
	if (n < 2)
		return;
	const QkGlyph *gs = (const QkGlyph *)glyphs->data;
	/* key: character, then the glyph's vertical centre in 1/8 pt */
	QkKeyed *refs = g_new(QkKeyed, n);
	for (guint i = 0; i < n; i++) {
		double yc = (gs[i].box.y0 + gs[i].box.y1) * 4; /* centre × 8 */
		guint32 q = (guint32)CLAMP(yc, 0, (double)G_MAXUINT32);
		refs[i].key = ((guint64)gs[i].ch << 32) | q;
		refs[i].idx = i;
	}
	qk_keysort(refs, n);   /* stable: equal keys stay in drawing order */
	gboolean *drop = g_new0(gboolean, n);
	gboolean any = FALSE;
	for (guint i = 0; i + 1 < n; i++) {
		const QkGlyph *a = &gs[refs[i].idx];
		if (drop[refs[i].idx])
			continue;
		double tol = MAX(0.25 * a->size, 0.5);
		for (guint j = i + 1; j < n; j++) {
			if ((refs[j].key >> 32) != (refs[i].key >> 32))
				break;
			const QkGlyph *b = &gs[refs[j].idx];
			double dy = ((b->box.y0 + b->box.y1) - (a->box.y0 + a->box.y1)) / 2;
			if (dy > tol)
				break;
			/* the same glyph drawn again is shifted by a fraction of its
			 * width; a doubled letter (ll, ff, 00) sits a whole advance
			 * away, which in tight or condensed type is less than a
			 * quarter em */
			double w = MAX(a->box.x1 - a->box.x0, b->box.x1 - b->box.x0);
			if (w <= 0)
				w = 0.5 * MAX(a->size, 1);
			if (drop[refs[j].idx] || fabs(b->box.x0 - a->box.x0) >= OVERPRINT_DX * w ||
			    fabs(b->size - a->size) > 0.5)
				continue;
			/* keep the first drawn copy */
			guint keep = MIN(refs[i].idx, refs[j].idx);
			guint lose = MAX(refs[i].idx, refs[j].idx);
			drop[lose] = TRUE;
			any = TRUE;
			g_array_index(glyphs, QkGlyph, keep).bold = TRUE;
			if (lose == refs[i].idx)
				break;
		}
	}
	if (any) {
		guint w = 0;
		for (guint i = 0; i < n; i++) {
			if (drop[i])
				continue;
			if (w != i)
				g_array_index(glyphs, QkGlyph, w) = g_array_index(glyphs, QkGlyph, i);
			w++;
		}
		g_array_set_size(glyphs, w);
	}
	g_free(drop);
	g_free(refs);
}

/* A Han ideograph is one em wide. Some fonts (Chromium's Type 3 CJK fonts)
 * report a size and a box height about twice the em their glyphs advance
 * by; every layout threshold is relative to the size, so a run of one font
 * and size whose ideographs advance by clearly less than its size (median
 * under 0.7 em) takes their median advance as its size, and boxes taller
 * than that are cut to it around their centre. A run with one ideograph,
 * or none (a folio ·3·), is corrected only by a ratio near one half: its
 * own glyph's, or the one its font's other runs on the page agree on. */

/* em / size of a font that reports twice its em (Chromium's Type 3). */
static gboolean doubled(double ratio)
{
	return ratio > 0.4 && ratio < 0.6;
}

/* The k-th smallest of a[0..n-1] (k < n), reordering a: the value a sort
 * would put at k, found in linear time (a page has runs of thousands). */
static double kth_smallest(double *a, guint n, guint k)
{
	guint lo = 0, hi = n;   /* the k-th is in a[lo..hi) */
	for (;;) {
		double p = a[lo + (hi - lo) / 2];
		/* a[lo..lt) < p, a[lt..i) = p, a[gt..hi) > p */
		guint lt = lo, i = lo, gt = hi;
		while (i < gt) {
			double v = a[i];
			if (v < p) {
				a[i++] = a[lt];
				a[lt++] = v;
			} else if (v > p) {
				a[i] = a[--gt];
				a[gt] = v;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return p;
	}
}

/* A run of glyphs with one font and size: where it ends, its Han glyphs,
 * and the em they advance by (the size when they show no doubling). */
typedef struct {
	guint end, han;
	double em;
} EmRun;

/* The run from i on; w holds room for its widths. */
static EmRun em_run(const GArray *glyphs, guint i, double *w)
{
	const QkGlyph *gs = (const QkGlyph *)glyphs->data;
	const QkGlyph *first = &gs[i];
	EmRun r = { i, 0, first->size };
	for (; r.end < glyphs->len; r.end++) {
		const QkGlyph *g = &gs[r.end];
		if (g->font != first->font || g->size != first->size)
			break;
		/* a Han code point narrower than 0.3 of the size is no
		 * ideograph even at a doubled size: a Founder Latin font's
		 * shifted code (2郾1摇: a full stop and a thin space, 0.25 em),
		 * which would shrink the run to a quarter of its size */
		double gw = g->box.x1 - g->box.x0;
		if (g_unichar_get_script(g->ch) == G_UNICODE_SCRIPT_HAN &&
		    gw >= 0.3 * first->size)
			w[r.han++] = gw;
	}
	if (r.han >= 1) {
		double med = kth_smallest(w, r.han, r.han / 2);
		/* one Han glyph is evidence only of the doubling itself (a
		 * wrapped heading's last character alone on a line: …基本情 |
		 * 况), not of any narrow glyph (a Founder Latin font's 摇 is a
		 * space, repaired later) */
		if (med > 0 && (r.han >= 2 ? med < 0.7 * r.em : doubled(med / r.em)))
			r.em = med;
	}
	return r;
}

/* The em of each font and size whose runs took their advance as their
 * size, over the page: the median of those runs' ems, each counted once
 * per ideograph ("font size" -> double). A justified line stretched wide
 * (a short line of a narrow column, 积分到村里的“积分超, chromium-mag-01
 * p5) advances by more than the em: read alone it came out 11 % larger
 * than the text around it, and a heading. */
static GHashTable *common_ems(const GArray *glyphs, const GArray *runs)
{
	GHashTable *ems = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                        (GDestroyNotify)g_array_unref);
	guint i = 0;
	for (guint k = 0; k < runs->len; k++) {
		const EmRun *r = &g_array_index(runs, EmRun, k);
		const QkGlyph *first = &g_array_index(glyphs, QkGlyph, i);
		i = r->end;
		if (r->han < 2 || r->em >= first->size)
			continue;
		char *key = g_strdup_printf("%p %.3f", (const void *)first->font, first->size);
		GArray *a = g_hash_table_lookup(ems, key);
		if (a == NULL) {
			a = g_array_new(FALSE, FALSE, sizeof(double));
			g_hash_table_insert(ems, key, a);
		} else {
			g_free(key);
		}
		for (guint n = 0; n < r->han; n++)
			g_array_append_val(a, r->em);
	}
	GHashTable *common = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTableIter it;
	gpointer key, val;
	g_hash_table_iter_init(&it, ems);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		GArray *a = val;
		double *m = g_new(double, 1);
		*m = kth_smallest((double *)a->data, a->len, a->len / 2);
		g_hash_table_insert(common, g_strdup(key), m);
	}
	g_hash_table_destroy(ems);
	return common;
}

static void fix_em_sizes(GArray *glyphs)
{
	if (glyphs->len == 0)
		return;
	double *w = g_new(double, glyphs->len);
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(EmRun));
	/* the font's ratio em / size where its Han glyphs show it, for its
	 * runs without any (a folio ·3· in the same doubled font); -1 when
	 * its runs disagree */
	GHashTable *ratio = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	for (guint i = 0; i < glyphs->len;) {
		const QkGlyph *first = &g_array_index(glyphs, QkGlyph, i);
		EmRun r = em_run(glyphs, i, w);
		g_array_append_val(runs, r);
		if (r.han >= 2 && first->size > 0) {
			double q = r.em / first->size;
			double *have = g_hash_table_lookup(ratio, first->font);
			if (have == NULL) {
				have = g_new(double, 1);
				*have = q;
				g_hash_table_insert(ratio, (gpointer)first->font, have);
			} else if (*have > 0 && fabs(*have - q) > 0.1 * *have) {
				*have = -1;
			}
		}
		i = r.end;
	}
	GHashTable *common = common_ems(glyphs, runs);
	/* the same runs again: a run's sizes change only after its end was
	 * found, so they are the runs the first walk found */
	guint i = 0;
	for (guint k = 0; k < runs->len; k++) {
		const EmRun *r = &g_array_index(runs, EmRun, k);
		const QkGlyph *first = &g_array_index(glyphs, QkGlyph, i);
		const double size = first->size;
		double em = r->em;
		const double *q = g_hash_table_lookup(ratio, first->font);
		if (r->han == 0 && q != NULL && doubled(*q))
			em = *q * size;
		char *key = g_strdup_printf("%p %.3f", (const void *)first->font, size);
		const double *c = g_hash_table_lookup(common, key);
		g_free(key);
		if (c != NULL && em < size && em > *c && em <= 1.25 * *c)
			em = *c;
		for (; em < size && i < r->end; i++) {
			QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
			g->size = em;
			if (g->box.y1 - g->box.y0 > 1.2 * em) {
				double c = (g->box.y0 + g->box.y1) / 2;
				g->box.y0 = c - em / 2;
				g->box.y1 = c + em / 2;
			}
		}
		i = r->end;
	}
	g_hash_table_destroy(common);
	g_hash_table_destroy(ratio);
	g_array_free(runs, TRUE);
	g_free(w);
}

/* Coordinates and sizes kept within ±1e6 pt (a real page is at most 14400):
 * a damaged PDF's page 1e41 pt wide or glyph 1e30 pt tall must not overflow
 * the int casts of layout and tables (found by fuzz_extract). */
static double sane(double v)
{
	return v > 1e6 ? 1e6 : v < -1e6 ? -1e6 : v == v ? v : 0;
}

QkGlyphPage *qk_extract_glyphs(PopplerPage *page, int index)
{
	QkGlyphPage *gp = g_new0(QkGlyphPage, 1);
	gp->index = index;
	poppler_page_get_size(page, &gp->width, &gp->height);
	gp->width = sane(gp->width);
	gp->height = sane(gp->height);
	gp->glyphs = g_array_new(FALSE, TRUE, sizeof(QkGlyph));

	QkPageText *pt = qk_page_text_new(page);
	const char *text = gp->text = g_steal_pointer(&pt->text);
	if (!text || !pt->layout) {
		qk_page_text_free(pt);
		return gp;
	}
	const PopplerRectangle *rects = pt->rects;
	const guint n_rects = pt->n_rects;
	const QkTextRun *at = pt->runs, *runs_end = pt->runs + pt->n_runs;
	const char *font = g_intern_static_string("");
	const char *last_font = NULL;   /* the raw name font was made from */
	double size = 0;
	gboolean bold = FALSE;
	guint32 color = 0;
	int cur_end = -1;

	/* written in place (an append per glyph cost more than the glyph's
	 * own fields): at most one glyph per rectangle */
	g_array_set_size(gp->glyphs, n_rects);
	QkGlyph *out = (QkGlyph *)gp->glyphs->data;
	guint n = 0;
	guint i = 0;
	for (const char *s = text; *s && i < n_rects; s = g_utf8_next_char(s), i++) {
		gunichar ch = g_utf8_get_char(s);
		if ((int)i > cur_end) {
			while (at < runs_end && at->end < (int)i)
				at++;
			if (at < runs_end && at->start <= (int)i) {
				/* runs in a row mostly share their font */
				if (!last_font || g_strcmp0(last_font, at->font) != 0) {
					font = intern_font(at->font);
					bold = font_is_bold(at->font);
					last_font = at->font;
				}
				size = at->size;
				color = ((guint32)(at->red >> 8) << 16) |
				        ((guint32)(at->green >> 8) << 8) |
				        (guint32)(at->blue >> 8);
				cur_end = at->end;
			}
		}
		if (g_unichar_isspace(ch) || g_unichar_iscntrl(ch) || ch == 0xFEFF) {
			if (ch != '\n' && n)
				out[n - 1].space_after = TRUE;
			continue;
		}
		QkGlyph g = { 0 };
		g.ch = ch;
		g.box.x0 = sane(MIN(rects[i].x1, rects[i].x2));
		g.box.x1 = sane(MAX(rects[i].x1, rects[i].x2));
		g.box.y0 = sane(MIN(rects[i].y1, rects[i].y2));
		g.box.y1 = sane(MAX(rects[i].y1, rects[i].y2));
		g.size = sane(size > 0 ? size : g.box.y1 - g.box.y0);
		/* Some fonts declare tiny ascents: give the box the font's height
		 * around its centre so that line grouping sees the real extent. */
		if (g.box.y1 - g.box.y0 < 0.6 * g.size) {
			double c = (g.box.y0 + g.box.y1) / 2;
			g.box.y0 = c - g.size / 2;
			g.box.y1 = c + g.size / 2;
		}
		g.font = font;
		g.bold = bold;
		g.color = color;
		out[n++] = g;
	}
	g_array_set_size(gp->glyphs, n);
	qk_page_text_free(pt);
	fix_em_sizes(gp->glyphs);
	remove_overprints(gp->glyphs);
	return gp;
}

void qk_glyph_page_free(QkGlyphPage *gp)
{
	if (!gp)
		return;
	g_array_unref(gp->glyphs);
	g_free(gp->text);
	g_free(gp);
}
