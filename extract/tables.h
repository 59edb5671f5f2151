/*
 * tables.h — internal to table detection (tables.c, rules.c, grid.c,
 * unruled.c). Not a public API: layout only sees glyphs.h.
 *
 * Pipeline per page: a cheap glyph test decides whether the page may hold a
 * table; candidate pages' rules are read from their vector drawing
 * (rules.c, vector.c, content.c; rendered and traced when that fails); rules that cross form grids (grid.c); the glyphs no grid
 * took are searched for aligned columns of numbers (unruled.c). Both kinds
 * end as QkTable objects whose glyphs are marked used; tables.c then
 * attaches the title, source and note lines around each table (words from
 * data/table-labels.txt). After the last page the extract driver calls
 * qk_extract_tables_merge() to join tables continued across pages.
 */
#ifndef QK_TABLES_H
#define QK_TABLES_H

#include "glyphs.h"

G_BEGIN_DECLS

/* A straight rule in points: horizontal rules have pos = y and a..b the x
 * range, vertical rules pos = x and a..b the y range. */
typedef struct {
	double pos, a, b;
	double width;       /* stroke thickness */
} QkRule;

/* A run: glyphs on one baseline with no wide gap between them. */
typedef struct {
	QkBox box;
	GArray *idx;        /* of guint: indices into gp->glyphs, left to right */
	double size;        /* largest glyph size */
	char *text;
	gboolean numeric;   /* looks like a table number: 12.3, -0.6, 28781, 4%, — */
	int line;           /* runs sharing a line (same baseline) share this */
} QkRun;

void qk_run_free(QkRun *run);

/* A gap wider than this (× glyph size) separates the cells of a table row:
 * the unruled detector's runs and the page candidate test. */
#define QK_TABLES_GAP_EM 0.9

/* Runs of the unused glyphs whose centres lie in area (NULL: whole page),
 * split where the gap exceeds gap_em × glyph size; sorted top to bottom,
 * then left to right. Array of QkRun*, owning. */
/* A new run of r's glyphs [from, to) (to > from). */
QkRun *qk_tables_run_part(const QkGlyphPage *gp, const QkRun *r, guint from, guint to);
GPtrArray *qk_tables_runs(const QkGlyphPage *gp, const QkBox *area,
                          double gap_em);

/* Text of the given glyphs in reading order: lines top to bottom, glyphs
 * left to right, lines joined with qk_text_join. idx holds guint indices. */
char *qk_tables_glyph_text(const QkGlyphPage *gp, GArray *idx);

/* Sets the indent (in ems) of the body cells of left-aligned label
 * columns from where their text starts: glyphs[i] (guint indices, may be
 * NULL for an empty cell) are the glyphs of t->cells[i]. */
void qk_tables_set_indents(QkTable *t, const QkGlyphPage *gp, GArray *const *glyphs);

/* Ascending order of doubles, for g_array_sort. */
int qk_tables_cmp_double(gconstpointer a, gconstpointer b);

/* TRUE when text is a table number (optionally signed, with . , % ‰). */
gboolean qk_tables_is_number(const char *text);

/* The cheap test run on every page: TRUE when several lines carry two
 * separate figures (or a figure beside two other cells). Only such pages
 * are searched for rules and tables. */
gboolean qk_tables_page_candidate(const QkGlyphPage *gp);

/* The page's rules longer than min_len points: from its vector drawing
 * when vec (may be NULL) reads the page, else traced from a render at scale
 * px/pt (when page is set). Appends merged QkRule to hrules / vrules. */
void qk_tables_find_rules(QkVector *vec, PopplerPage *page, const QkGlyphPage *gp,
                          double scale, double min_len, GArray *hrules, GArray *vrules);

/* Builds ruled tables from crossing rules, fills their cells from the
 * page's unused glyphs and marks those glyphs used. Appends QkTable*. */
void qk_tables_from_rules(QkGlyphPage *gp, GArray *hrules, GArray *vrules,
                          GPtrArray *out);

/* Finds unruled tables (aligned columns of numbers) among the unused glyphs,
 * marks their glyphs used. Appends QkTable*. runs: qk_tables_runs(gp, NULL,
 * QK_TABLES_GAP_EM) of the glyphs unused now, when the caller has them
 * (not taken over), else NULL. */
void qk_tables_find_unruled(QkGlyphPage *gp, GPtrArray *runs, GPtrArray *out);

/* The tables on gp (qk_extract_tables without the turned-page test): the
 * ruled ones from hrules / vrules when given (in gp's frame, not taken
 * over), else from the rules read through vec or page. */
GPtrArray *qk_tables_find(QkVector *vec, PopplerPage *page, QkGlyphPage *gp,
                          GArray *hrules, GArray *vrules);

/* qk_tables_find_rules at the scale and length table detection uses. */
void qk_tables_page_rules(QkVector *vec, PopplerPage *page, const QkGlyphPage *gp,
                          GArray *hrules, GArray *vrules);

/* turned.c — a table set sideways on a page (text and rules turned 90°):
 * TRUE when most of the page's text runs up or down the page. */
gboolean qk_tables_text_turned(const QkGlyphPage *gp);

/* The tables of such a page, found on a copy of its glyphs and rules
 * turned upright (the way that reads best); their glyphs are marked used
 * on gp and their boxes turned back to the page. */
GPtrArray *qk_tables_find_turned(QkVector *vec, PopplerPage *page, QkGlyphPage *gp);

/* Sets header_rows and the cells' header flags: header rows are the rows
 * above the first row that holds numbers, extended by row spans. */
void qk_tables_set_header(QkTable *t);

/* Where a title a continued part dropped is printed (see below). */
typedef struct {
	int page;
	QkBox box;
} QkDroppedTitle;

/* Merges tables that continue across pages: a table at the top of page N+1
 * following the last table of page N with the same columns (and no title of
 * its own, or 续表, or the same title, or the same header) joins it; a
 * repeated header is dropped. tables (of QkTable*, in page order, owning) is
 * edited in place. A part's title that is neither 续表 nor the table's own
 * (a running head right over the part, taken for its title) is no label of
 * the table: dropped (may be NULL) gets where it is printed, so that its
 * line goes back to the page. Called once by the extract driver after all
 * pages, before the furniture is looked for. */
void qk_extract_tables_merge(GPtrArray *tables, GArray *dropped);

G_END_DECLS

#endif
