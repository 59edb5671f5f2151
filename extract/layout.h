/*
 * layout.h — internal to the extract stage: the layout steps that turn a
 * page's glyphs into blocks in reading order with roles.
 *
 *   glyphs (glyphs.c) → lines (lines.c) → reading order (order.c)
 *   → blocks (blocks.c) → furniture, labels (issue level) → roles
 */
#ifndef QK_LAYOUT_H
#define QK_LAYOUT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "glyphs.h"

G_BEGIN_DECLS

/* patterns.c: compiled text patterns (furniture, roles). */
typedef enum {
	QK_PAT_PAGENUM, QK_PAT_EDITION, QK_PAT_RUNHEAD, QK_PAT_SLOGAN,
	QK_PAT_CONTINUATION, QK_PAT_CAPTION, QK_PAT_SOURCE, QK_PAT_NOTE,
	QK_PAT_BYLINE, QK_PAT_HEADNUM, QK_PAT_TOC_TITLE, QK_PAT_MASTHEAD,
	QK_PAT_SUBTITLE, QK_PAT_TOC_ENTRY,
	QK_PAT_COUNT_
} QkPat;

typedef struct {
	pcre2_code *code[QK_PAT_COUNT_];
	pcre2_match_data *md;
} QkPatterns;

QkPatterns *qk_patterns_new(void);
void qk_patterns_free(QkPatterns *p);
/* TRUE when s matches; *group1 (when given) gets capture 1 or NULL. */
gboolean qk_pat_match(QkPatterns *p, QkPat pat, const char *s, char **group1);

/* A line being built: one row of glyphs without a wide gap. */
typedef struct {
	QkBox bbox;
	GString *text;
	const char *font;   /* dominant (interned) */
	double size;        /* dominant size */
	gboolean bold;      /* most glyphs bold */
	int n_glyphs;
	double yc;          /* centre of the row */
	/* set by order.c */
	int leaf;           /* column group the line was ordered in, -1 spanning */
	int column;         /* 0-based column, -1 spanning */
	const char *furniture; /* furniture kind (static string) or NULL */
	char *section;      /* section a running head names */
	int table;          /* index into the page's tables, -1 for text */
} QkLLine;

void qk_lline_free(QkLLine *l);

/* lines.c: rows of unused glyphs split at wide gaps; an array of QkLLine. */
GPtrArray *qk_layout_lines(const QkGlyphPage *gp);

/* order.c: sorts lines into reading order by recursive column / band cuts;
 * sets leaf and column. body_size is the typical body font size (for gap
 * thresholds). */
void qk_layout_order(GPtrArray *lines, double page_width, double body_size);

/* blocks.c: groups ordered lines into blocks (paragraphs) and appends them to
 * page->blocks with ids p<page>-b<n> (numbered later, see
 * qk_layout_number_blocks); tables become TABLE blocks at their place. */
void qk_layout_blocks(QkPage *page, GPtrArray *body, GPtrArray *furn, GPtrArray *tables,
                      double body_size);
void qk_layout_number_blocks(QkPage *page);

/* furniture.c: marks lines in the top/bottom bands that match furniture
 * patterns (before ordering); then, at issue level, marks repeated
 * band blocks as furniture. */
void qk_layout_line_furniture(GPtrArray *lines, double page_height, QkPatterns *pats);
void qk_layout_issue_furniture(QkIssue *issue, QkPatterns *pats);

/* labels.c: printed page labels from page-number / edition-header furniture. */
void qk_layout_labels(QkIssue *issue, QkPatterns *pats);

/* roles.c: block roles from size, weight, position and patterns. */
void qk_layout_roles(QkIssue *issue, double body_size, QkPatterns *pats);

/* true when c is a CJK ideograph, kana, hangul or CJK punctuation */
gboolean qk_layout_is_cjk(gunichar c);

G_END_DECLS

#endif
