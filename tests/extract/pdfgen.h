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

#endif
