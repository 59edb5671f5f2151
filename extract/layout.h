/*
 * layout.h — internal to the extract stage: the layout steps that turn a
 * page's glyphs into blocks in reading order with roles.
 *
 *   glyphs (glyphs.c) → lines (lines.c) → furniture lines (furniture.c,
 *   per page and across the issue) → reading order (order.c) → blocks
 *   (blocks.c) → page labels (labels.c) → roles (roles.c)
 *
 * See LAYOUT.md for the rules in one place.
 */
#ifndef QK_LAYOUT_H
#define QK_LAYOUT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "glyphs.h"

G_BEGIN_DECLS

/* patterns.c: compiled text patterns (furniture, roles), read from
 * data/layout-patterns.txt. */
typedef enum {
	QK_PAT_PAGENUM, QK_PAT_EDITION, QK_PAT_RUNHEAD, QK_PAT_SLOGAN,
	QK_PAT_CONTINUATION, QK_PAT_CAPTION, QK_PAT_SOURCE, QK_PAT_NOTE,
	QK_PAT_BYLINE, QK_PAT_HEADNUM, QK_PAT_TOC_TITLE, QK_PAT_MASTHEAD,
	QK_PAT_SUBTITLE, QK_PAT_FOLIO_LEAD, QK_PAT_FOLIO_TAIL,
	QK_PAT_ORG_AUTHOR, QK_PAT_TOC_BOX,
	QK_PAT_COUNT_
} QkPat;

/* One thread's: the compiled patterns are the process's, shared (patterns.c). */
typedef struct {
	pcre2_match_data *md;
	/* data/bylines.tsv, the words structure reads names with: one-character
	 * surnames (family) concatenated, compound ones (surname); shared */
	const GString *families;
	const GPtrArray *surnames;
} QkPatterns;

/* NULL with a QK_ERROR_DATA error when the data file is malformed. */
QkPatterns *qk_patterns_new(GError **error);
void qk_patterns_free(QkPatterns *p);
/* TRUE when s matches; *value (when given) gets the named group (?<v>…),
 * newly allocated, or NULL. */
gboolean qk_pat_match(QkPatterns *p, QkPat pat, const char *s, char **value);
/* Byte length of the surname s starts with (compound, or one character of
 * the families), 0 when none. */
gsize qk_pat_surname_at(const QkPatterns *p, const char *s);

/* Where a line could part at a column gutter too narrow to be seen on its
 * page alone (lines.c records them, frames.c decides): the left part's right
 * edge, also without a punctuation mark hung past it, and the right part's
 * left edge. */
typedef struct {
	double x1;          /* right edge of the glyph before the seam */
	double core;        /* its left edge when it is a mark that may hang
	                     * (，。、：；！？ …), else x1 */
	double x0;          /* left edge of the glyph after the seam */
	double x0_end;      /* its right edge when it is an opening mark （“《 …
	                     * (XeLaTeX sets its blank half before the column's
	                     * edge), else x0 */
} QkSeam;

/* What a line would part into at its seams, kept compact between the two
 * passes (every seamed line of every page waits for the grid): the text is
 * the line's own, from text_off for text_len bytes (raw likewise, in the
 * line's raw form when it has one). */
typedef struct {
	QkBox bbox;
	double x0_core, x1_core;
	double size;        /* dominant size */
	const char *font;   /* dominant (interned) */
	int n_glyphs, n_bold;
	guint text_off, text_len;
	guint raw_off, raw_len;
	gboolean has_raw;   /* a glyph of the piece was repaired */
} QkPiece;

/* A line's seams and the pieces they cut it into, in one allocation
 * (a line with one seam: 240 bytes, against 384 as two GArrays). */
typedef struct {
	guint n;            /* seams; pieces: n + 1 */
	QkSeam *seam;       /* n of them, after the pieces */
	QkPiece piece[];
} QkSeams;

/* A line being built: one row of glyphs without a wide gap. */
typedef struct QkLLine QkLLine;
struct QkLLine {
	QkBox bbox;
	GString *text;
	GString *raw;       /* the text layer's form when repair.c changed a
	                     * glyph of the line, else NULL */
	const char *font;   /* dominant (interned) */
	double size;        /* dominant size */
	gboolean bold;      /* most glyphs bold */
	int n_glyphs;
	double yc;          /* centre of the row */
	double x1_core;     /* right edge without a final ，。、．：；！？ or
	                     * closing quote or bracket (CJK typesetting hangs
	                     * those past the column's edge) */
	double x0_core;     /* left edge without an opening （“《 … whose box
	                     * the column's edge runs through (XeLaTeX sets its
	                     * blank half before the edge) */
	/* set by order.c */
	int leaf;           /* column group the line was ordered in, -1 spanning */
	int column;         /* 0-based column, -1 spanning */
	gboolean resumes;   /* opens a continued part: （上接第4页） */
	const char *furniture; /* furniture kind (static string) or NULL */
	char *section;      /* section a running head names */
	int table;          /* index into the page's tables, -1 for text */
	int n_bold;         /* bold glyphs */
	gboolean ocr;       /* read with OCR: its box is the ink's, its size
	                     * measured, it has no font, and marks may be
	                     * misread (·3· as 3 。) */
	GString *conf;      /* read with OCR: one byte a character of text,
	                     * its glyph's QkGlyph.conf (spaces 101, a glyph
	                     * without one 1); NULL otherwise */
	/* set by lines.c on a line with seams, until frames.c has looked:
	 * the line cut at every seam */
	QkSeams *seams;     /* or NULL */
};

void qk_lline_free(QkLLine *l);
/* A new line of pieces [from, to) of l (l's own text where they are all). */
QkLLine *qk_lline_join(const QkLLine *l, guint from, guint to);
/* Drops l's seams and pieces. */
void qk_lline_drop_seams(QkLLine *l);

/* lines.c: rows of unused glyphs split at wide gaps and at the printed
 * vertical rules (of QkBox, may be NULL) between glyphs; an array of
 * QkLLine. */
GPtrArray *qk_layout_lines(const QkGlyphPage *gp, const GArray *rules);

/* frames.c: the issue's column grid — the text frames of its design,
 * measured from the full lines of all its pages (left and right pages
 * apart) — and the lines parted at its gutters. */
typedef struct QkFrames QkFrames;
/* page_lines: one line array per page, index: the pages' 1-based numbers. */
QkFrames *qk_layout_frames_new(GPtrArray *page_lines, const int *index, double body_size);
void qk_layout_frames_free(QkFrames *f);
/* Parts lines of page index at the seams that lie on a gutter of the grid;
 * drops every line's seams. f may be NULL (no grid: seams dropped). */
void qk_layout_frames_split(const QkFrames *f, int index, GPtrArray *lines);

/* order.c: sorts lines into reading order by recursive column / band cuts;
 * sets leaf, column and resumes. body_size is the typical body font size
 * (for gap thresholds); pats tells a continued part's opening line; rules
 * (of QkBox, may be NULL) the page's printed rules, at which regions are
 * cut first. */
void qk_layout_order(GPtrArray *lines, double body_size, QkPatterns *pats,
                     const GArray *rules);

/* pagerules.c: TRUE for a page of a newspaper's size, whose rules are read. */
gboolean qk_layout_rules_page(double width, double height);

/* Appends to out (of QkBox) the rules of gp that may part articles: on a
 * page of a newspaper's size, read through vec, at least 1.5 body sizes
 * long, none within one of tables (of QkTable*, may be NULL). */
void qk_layout_page_rules(QkVector *vec, const QkGlyphPage *gp, GPtrArray *tables,
                          double body, GArray *out);

/* blocks.c: groups the ordered body lines into blocks (paragraphs) and
 * appends them to page->blocks, head furniture first and foot furniture
 * last (furn: the furniture lines); a table pseudo-line (table >= 0) becomes
 * a TABLE block at its place. qk_layout_number_blocks gives the ids
 * p<page>-b<n> in reading order. */
void qk_layout_blocks(QkPage *page, GPtrArray *body, GPtrArray *furn, double body_size);
void qk_layout_number_blocks(QkPage *page);

/* furniture.c: marks lines in the top/bottom bands that match furniture
 * patterns; then, across the issue (page_lines: one line array per page,
 * heights: the pages' heights), band lines repeated on two or more pages.
 * Both run before reading order. */
void qk_layout_line_furniture(GPtrArray *lines, double page_height, QkPatterns *pats);
void qk_layout_repeated_furniture(GPtrArray *page_lines, const double *heights,
                                  double body_size, QkPatterns *pats);

/* labels.c: printed page labels from page-number / edition-header furniture. */
void qk_layout_labels(QkIssue *issue, QkPatterns *pats);

/* roles.c: block roles from size, weight, position and patterns; on
 * newspaper pages, articles put in the order of their headlines. */
void qk_layout_roles(QkIssue *issue, double body_size, QkPatterns *pats);
/* The same for one page: pages are independent (extract's second pass). */
void qk_layout_page_roles(QkPage *page, double body_size, QkPatterns *pats);

/* true when c is a CJK ideograph, kana, hangul or CJK punctuation */
gboolean qk_layout_is_cjk(gunichar c);

G_END_DECLS

#endif
