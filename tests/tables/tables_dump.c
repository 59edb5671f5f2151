/* tables_dump.c — developer tool: prints the tables qikan finds in a PDF,
 * page by page, with the time spent. Usage: qk-tables-dump FILE.pdf [PAGE]
 * QK_DUMP_RULES=1 prints the rules too; QK_RENDER=1 traces rules from a
 * render instead of reading the vector drawing; QK_NO_RULES=1 looks for
 * unruled tables only. */
#include <stdio.h>
#include <stdlib.h>
#include "open.h"
#include "glyphs.h"
#include "tables.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.pdf [PAGE]\n", argv[0]);
		return 2;
	}
	GError *err = NULL;
	PopplerDocument *doc = qk_extract_open(argv[1], NULL, &err);
	if (!doc) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
		return 1;
	}
	int n = poppler_document_get_n_pages(doc);
	int only = argc > 2 ? (int)g_ascii_strtoll(argv[2], NULL, 10) : 0;
	QkVector *vec = g_getenv("QK_RENDER") || g_getenv("QK_NO_RULES")
	                ? NULL : qk_vector_new(argv[1], NULL, n);
	GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)qk_table_free);
	gint64 total = 0;
	for (int p = 1; p <= n; p++) {
		if (only && p != only)
			continue;
		PopplerPage *page = poppler_document_get_page(doc, p - 1);
		gint64 t0 = g_get_monotonic_time();
		QkGlyphPage *gp = qk_extract_glyphs(page, p);
		gint64 t1 = g_get_monotonic_time();
		if (g_getenv("QK_DUMP_RULES")) {
			GArray *h = g_array_new(FALSE, FALSE, sizeof(QkRule));
			GArray *v = g_array_new(FALSE, FALSE, sizeof(QkRule));
			qk_tables_find_rules(vec, page, gp, 2.0, 6.0, h, v);
			for (guint i = 0; i < h->len; i++) {
				QkRule *r = &g_array_index(h, QkRule, i);
				printf("H y=%.1f x=%.1f..%.1f w=%.1f\n", r->pos, r->a, r->b, r->width);
			}
			for (guint i = 0; i < v->len; i++) {
				QkRule *r = &g_array_index(v, QkRule, i);
				printf("V x=%.1f y=%.1f..%.1f w=%.1f\n", r->pos, r->a, r->b, r->width);
			}
			g_array_unref(h);
			g_array_unref(v);
		}
		GPtrArray *tabs = qk_extract_tables(vec, g_getenv("QK_NO_RULES") ? NULL : page, gp);
		gint64 t2 = g_get_monotonic_time();
		total += t2 - t1;
		printf("page %d: %u glyphs (%.1f ms), %u tables (%.1f ms)\n", p, gp->glyphs->len,
		       (t1 - t0) / 1000.0, tabs->len, (t2 - t1) / 1000.0);
		for (guint i = 0; i < tabs->len; i++)
			g_ptr_array_add(all, g_ptr_array_index(tabs, i));
		g_ptr_array_set_free_func(tabs, NULL);
		g_ptr_array_unref(tabs);
		qk_glyph_page_free(gp);
		g_object_unref(page);
	}
	qk_extract_tables_merge(all, NULL);
	for (guint i = 0; i < all->len; i++) {
		QkTable *t = g_ptr_array_index(all, i);
		printf("== table p%d-%d %s %dx%d header %d bbox %.1f,%.1f-%.1f,%.1f\n", t->page,
		       t->last_page, t->ruled ? "ruled" : "unruled", t->rows, t->cols,
		       t->header_rows, t->bbox.x0, t->bbox.y0, t->bbox.x1, t->bbox.y1);
		printf("   title: %s\n   source: %s\n   note: %s\n   unit: %s\n",
		       t->title ? t->title : "-", t->source ? t->source : "-",
		       t->note ? t->note : "-", t->unit ? t->unit : "-");
		int row = -1;
		for (guint k = 0; k < t->cells->len; k++) {
			QkCell *c = g_ptr_array_index(t->cells, k);
			if (c->row != row) {
				printf("\n   r%d:", c->row);
				row = c->row;
			}
			printf(" [%d", c->col);
			if (c->rowspan > 1)
				printf(" r%d", c->rowspan);
			if (c->colspan > 1)
				printf(" c%d", c->colspan);
			if (c->indent > 0)
				printf(" i%d", c->indent);
			printf("%s]%s", c->header ? " H" : "", c->text->text);
		}
		printf("\n");
	}
	printf("table time: %.1f ms\n", total / 1000.0);
	g_ptr_array_unref(all);
	qk_vector_free(vec);
	g_object_unref(doc);
	return 0;
}
