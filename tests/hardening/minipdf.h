/*
 * minipdf.h — hand-made PDFs for the hardening tests: a tiny object writer
 * that computes the xref offsets, and the broken or pathological files built
 * with it (garbled fonts, missing fonts, huge page trees, form bombs, …).
 * Every file is made from scratch here; nothing is copied from real issues.
 */
#ifndef QK_MINIPDF_H
#define QK_MINIPDF_H

#include <glib.h>

typedef struct MiniPdf MiniPdf;

MiniPdf *minipdf_new(void);
void minipdf_free(MiniPdf *pdf);
/* Reserves the next object number (to refer to it before writing it). */
int minipdf_reserve(MiniPdf *pdf);
/* Sets object num to body (a dictionary, array, …). */
void minipdf_set(MiniPdf *pdf, int num, const char *body);
/* Adds an object; returns its number. */
int minipdf_add(MiniPdf *pdf, const char *body);
/* Adds a stream object: dict entries (without << >>, may be NULL) + data. */
int minipdf_add_stream(MiniPdf *pdf, const char *dict, const char *data, gsize len);
/* The file: header, objects, xref (each offset + xref_shift), trailer with
 * /Root root and extra trailer entries (may be NULL). Frees nothing. */
GBytes *minipdf_finish(MiniPdf *pdf, int root, long xref_shift, const char *trailer_extra);

/* ---- the cases ------------------------------------------------------- */

/* A small good issue: n_pages pages of Latin text in Helvetica (a standard
 * 14 font), "Page N" and a few sentences per page. */
GBytes *minipdf_good(int n_pages);
/* The good issue with the xref offsets all off by shift bytes. */
GBytes *minipdf_bad_xref(long shift);
/* The good issue (one page) ending in a stream of binary bytes (NULs)
 * just before the xref, as many producers write. */
GBytes *minipdf_binary_tail(void);
/* A non-embedded TrueType font that is no standard-14 font (WinAnsi). */
GBytes *minipdf_missing_font(void);
/* The missing font again, named 黑体 in GBK bytes (#BA#DA#CC#E5), as
 * Windows producers name Chinese fonts. */
GBytes *minipdf_gbk_font_name(void);
/* Simple font whose /Differences are made-up glyph names (/g3 /g17 …) and
 * no ToUnicode: text comes out as junk. */
GBytes *minipdf_garbled_differences(void);
/* Type0 Identity-H font (not embedded) without ToUnicode: glyph ids of a
 * small subset (junk of many scripts), or with han, ids in the Han block
 * (plausible-looking wrong Han characters). */
GBytes *minipdf_garbled_identity(gboolean han);
/* The good page plus one glyph set in 1e20 pt type (used to overflow the
 * layout's int casts and g_malloc: SIGTRAP). */
GBytes *minipdf_huge_font(void);
/* n_pages pages sharing one empty content stream, in a balanced page tree. */
GBytes *minipdf_many_pages(int n_pages);
/* The page tree's /Count claims far more pages than there are. */
GBytes *minipdf_count_lie(void);
/* A page tree node listing itself among its kids. */
GBytes *minipdf_tree_loop(void);
/* Form XObjects each drawing the next one fanout times, depth levels deep,
 * with text at the bottom: fanout^depth glyphs from a few hundred bytes,
 * and as many fonts (the bottom form's own, not a shared object). */
GBytes *minipdf_form_bomb(int depth, int fanout);
/* One page width x height points with lines of numbers in a big font, so
 * that table detection renders a large band of it. */
GBytes *minipdf_huge_page(int width, int height, int font_size);
/* A dictionary nested depth levels deep inside the page object. */
GBytes *minipdf_deep_nesting(int depth);
/* Page 1 of the good issue, then a page whose FlateDecode content
 * inflates to `inflated` bytes: text operators ("(ab) Tj ") when text, else
 * spaces. About inflated / 1000 bytes on disk. */
GBytes *minipdf_flate_bomb(gsize inflated, gboolean text);
/* One page that draws a width x height 8-bit gray image whose data holds
 * a single row. */
GBytes *minipdf_huge_image(int width, int height);
/* The same image drawn over a whole page_width × page_height point page. */
GBytes *minipdf_image_page(int width, int height, int page_width, int page_height);
/* One page with n_fonts font resources, each showing a little text. */
GBytes *minipdf_many_fonts(int n_fonts);
/* Page 1 of the good issue, then ten pages of text with broken or odd
 * /MediaBox, /CropBox and /Rotate values. */
GBytes *minipdf_bad_boxes(void);
/* Writes bytes (taken) to path; aborts the test when it cannot. */
void minipdf_save(GBytes *bytes, const char *path);
/* Copies data and overwrites len bytes at offset with seeded random bytes. */
GBytes *minipdf_scribble(GBytes *data, gsize offset, gsize len, guint32 seed);
/* Offset of the first occurrence of needle in data, or -1. */
gssize minipdf_find(GBytes *data, const char *needle);

#endif
