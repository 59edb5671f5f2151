/*
 * pdfgen.h — small synthetic issue PDFs for the layout tests, drawn with
 * cairo + pango so that the tests know the truth: which paragraphs exist,
 * in which order, which lines are furniture, what the page labels are.
 */
#ifndef QK_TEST_PDFGEN_H
#define QK_TEST_PDFGEN_H

#include <glib.h>

/* The body text of paragraph n (0-based) of the samples: starts with
 * "第<n+1>段" (full-width digits) so tests can find it. Caller frees. */
char *pdfgen_paragraph(int n);

/* Magazine: pdf page 1 = cover (no number, overprinted "年度报告" and
 * "年度报告发布日期：" drawn twice, the second time followed by "2023"),
 * then article pages with running head ·本期特稿·, page numbers ·11·, ·12·…,
 * a footer "城乡观察 2023年第1期" and two columns; pdf page 3 is a full-page picture (no text, no number).
 * n_body counts the article pages. Returns the number of paragraphs
 * written (the last one possibly cut), -1 on error. */
int pdfgen_magazine(const char *path, int n_body);

/* Newspaper: two pages, each with an edition header 第N版, four columns,
 * two articles side by side; page 1 has a masthead. */
gboolean pdfgen_newspaper(const char *path);

/* Two pages: the first prints Latin-1 mojibake of GBK text (what a font
 * without ToUnicode yields), the second a normal Chinese paragraph. */
gboolean pdfgen_garbled(const char *path);

/* One page: a Chinese paragraph, then PDFGEN_LATIN_LINE (doubled letters
 * and digits side by side, not overprints) in 9, 10.5, 14 and 24 pt, each
 * once with normal and once with tight tracking (-0.08 em, so that an l
 * advances less than a quarter em). */
#define PDFGEN_LATIN_LINE "Alliance coffee 2002 Mississippi"
gboolean pdfgen_latin(const char *path);

/* Two pages: a ruled three-column table under a title at the foot of
 * page 1 (a header row and PDFGEN_TABLE_ROWS_1 data rows), continued at the
 * top of page 2 (PDFGEN_TABLE_ROWS_2 more rows, no header, no title). */
#define PDFGEN_TABLE_ROWS_1 4
#define PDFGEN_TABLE_ROWS_2 5
gboolean pdfgen_continued_table(const char *path);

#endif
