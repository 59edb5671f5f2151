/*
 * alto.c — one page of the model as ALTO 4.4.
 *
 * Coordinates are the model's points converted to inch1200 (1/1200 inch,
 * ALTO's resolution-independent unit). A block is a TextBlock, its lines
 * TextLines with one String each (Chinese has no word spaces to split on),
 * its role a LayoutTag (TAGREFS), its font a TextStyle (STYLEREFS).
 * Furniture goes in the TopMargin or BottomMargin by where it sits, every
 * other block in the PrintSpace in reading order. A table is a
 * ComposedBlock (TYPE="table") of one TextBlock per cell, on the page where
 * it starts; cells carry no geometry because the model keeps none.
 */
#include <math.h>
#include <string.h>
#include "archival.h"

#define PT_TO_INCH1200 (1200.0 / 72.0)

static void esc(GString *o, const char *s)
{
	char *e = g_markup_escape_text(s ? s : "", -1);
	g_string_append(o, e);
	g_free(e);
}

/* A coordinate in inch1200, from the point value as the model's XML keeps
 * it (hundredths), so a model read back from issue.xml gives the same ALTO. */
static long unit(double pt)
{
	return lround(round(pt * 100) / 100 * PT_TO_INCH1200);
}

static void geom(GString *o, const QkBox *b)
{
	long x0 = unit(b->x0), y0 = unit(b->y0);
	g_string_append_printf(o, " HPOS=\"%ld\" VPOS=\"%ld\" WIDTH=\"%ld\" HEIGHT=\"%ld\"",
	                       x0, y0, MAX(unit(b->x1) - x0, 0), MAX(unit(b->y1) - y0, 0));
}

char *qk_alto_name(int index)
{
	return g_strdup_printf("alto/p%04d.xml", index);
}

/* Styles: one TextStyle per (font, size, bold) on the page. */
static int style_of(GPtrArray *styles, const char *font, double size, gboolean bold)
{
	char num[G_ASCII_DTOSTR_BUF_SIZE];   /* "10.5" in any locale */
	char *key = g_strdup_printf("%s\t%s\t%d", font ? font : "",
	                            g_ascii_formatd(num, sizeof num, "%.1f", size), bold ? 1 : 0);
	for (guint i = 0; i < styles->len; i++)
		if (strcmp(g_ptr_array_index(styles, i), key) == 0) {
			g_free(key);
			return (int)i + 1;
		}
	g_ptr_array_add(styles, key);
	return (int)styles->len;
}

static void write_block(GString *o, const QkBlock *b, GPtrArray *styles)
{
	int ts = style_of(styles, b->font, b->size, b->bold);
	g_string_append(o, "<TextBlock ID=\"");
	esc(o, b->id);
	g_string_append_c(o, '"');
	geom(o, &b->bbox);
	g_string_append_printf(o, " STYLEREFS=\"ts%d\" TAGREFS=\"role-%s", ts, qk_role_name(b->role));
	if (b->furniture) {
		g_string_append(o, " furniture-");
		esc(o, b->furniture);
	}
	g_string_append(o, "\">");
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		int lts = style_of(styles, l->font ? l->font : b->font, l->size, l->bold);
		g_string_append(o, "<TextLine ID=\"");
		esc(o, b->id);
		g_string_append_printf(o, "-l%u\"", i + 1);
		geom(o, &l->bbox);
		g_string_append(o, "><String");
		geom(o, &l->bbox);
		g_string_append_printf(o, " STYLEREFS=\"ts%d\" CONTENT=\"", lts);
		esc(o, l->text);
		g_string_append(o, "\"/></TextLine>");
	}
	g_string_append(o, "</TextBlock>");
}

static void write_table(GString *o, const QkTable *t)
{
	g_string_append(o, "<ComposedBlock ID=\"");
	esc(o, t->id);
	g_string_append_c(o, '"');
	geom(o, &t->bbox);
	g_string_append(o, " TYPE=\"table\" TAGREFS=\"role-table\">");
	for (guint i = 0; i < t->cells->len; i++) {
		const QkCell *c = g_ptr_array_index(t->cells, i);
		g_string_append(o, "<TextBlock ID=\"");
		esc(o, t->id);
		g_string_append_printf(o, "-r%dc%d\" TAGREFS=\"%s\"><TextLine><String CONTENT=\"",
		                       c->row, c->col, c->header ? "table-header" : "table-cell");
		esc(o, c->text ? c->text->text : "");
		g_string_append(o, "\"/></TextLine></TextBlock>");
	}
	g_string_append(o, "</ComposedBlock>");
}

static const char *const extra_tags[][2] = {
	{ "table-header", "header cell" }, { "table-cell", "body cell" },
};

char *qk_alto_page(const QkIssue *issue, const QkPage *pg, gsize *len)
{
	GPtrArray *styles = g_ptr_array_new_with_free_func(g_free);
	GHashTable *furn = g_hash_table_new(g_str_hash, g_str_equal);
	GString *top = g_string_new(NULL), *foot = g_string_new(NULL), *body = g_string_new(NULL);
	for (guint i = 0; i < pg->blocks->len; i++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, i);
		if (b->role == QK_ROLE_TABLE)
			continue;  /* the table itself, below */
		if (b->role == QK_ROLE_FURNITURE) {
			if (b->furniture)
				g_hash_table_add(furn, b->furniture);
			gboolean head = (b->bbox.y0 + b->bbox.y1) / 2 < pg->height / 2;
			write_block(head ? top : foot, b, styles);
		} else {
			write_block(body, b, styles);
		}
	}
	for (guint t = 0; t < issue->tables->len; t++) {
		const QkTable *tab = g_ptr_array_index(issue->tables, t);
		if (tab->page == pg->index)
			write_table(body, tab);
	}
	GString *o = g_string_sized_new(top->len + foot->len + body->len + 4096);
	g_string_append(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                   "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\" "
	                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	                   "xsi:schemaLocation=\"http://www.loc.gov/standards/alto/ns-v4# "
	                   "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd\">\n"
	                   "<Description><MeasurementUnit>inch1200</MeasurementUnit>"
	                   "<sourceImageInformation><fileName>");
	esc(o, issue->source);
	g_string_append_printf(o, "</fileName></sourceImageInformation>"
	                          "<Processing ID=\"qikan\"><processingCategory>contentGeneration"
	                          "</processingCategory><processingStepDescription>text layer "
	                          "read from the PDF (page %d)</processingStepDescription>"
	                          "<processingSoftware><softwareName>qikan</softwareName>"
	                          "<softwareVersion>%s</softwareVersion></processingSoftware>"
	                          "</Processing></Description>\n<Styles>", pg->index, QK_VERSION);
	for (guint i = 0; i < styles->len; i++) {
		char **f = g_strsplit(g_ptr_array_index(styles, i), "\t", 3);
		g_string_append_printf(o, "<TextStyle ID=\"ts%u\"", i + 1);
		if (*f[0]) {
			g_string_append(o, " FONTFAMILY=\"");
			esc(o, f[0]);
			g_string_append_c(o, '"');
		}
		g_string_append_printf(o, " FONTSIZE=\"%s\"%s/>", f[1],
		                       strcmp(f[2], "1") == 0 ? " FONTSTYLE=\"bold\"" : "");
		g_strfreev(f);
	}
	g_string_append(o, "</Styles>\n<Tags>");
	for (int r = 0; r < QK_ROLE_COUNT_; r++)
		g_string_append_printf(o, "<LayoutTag ID=\"role-%s\" LABEL=\"%s\"/>",
		                       qk_role_name((QkRole)r), qk_role_name((QkRole)r));
	GList *kinds = g_list_sort(g_hash_table_get_keys(furn), (GCompareFunc)strcmp);
	for (GList *k = kinds; k; k = k->next) {
		g_string_append(o, "<LayoutTag ID=\"furniture-");
		esc(o, k->data);
		g_string_append(o, "\" LABEL=\"");
		esc(o, k->data);
		g_string_append(o, "\"/>");
	}
	g_list_free(kinds);
	for (guint i = 0; i < G_N_ELEMENTS(extra_tags); i++)
		g_string_append_printf(o, "<LayoutTag ID=\"%s\" LABEL=\"%s\"/>", extra_tags[i][0],
		                       extra_tags[i][1]);
	g_string_append_printf(o, "</Tags>\n<Layout><Page ID=\"page%d\" PHYSICAL_IMG_NR=\"%d\"",
	                       pg->index, pg->index);
	if (pg->label) {
		g_string_append(o, " PRINTED_IMG_NR=\"");
		esc(o, pg->label);
		g_string_append_c(o, '"');
	}
	g_string_append_printf(o, " WIDTH=\"%ld\" HEIGHT=\"%ld\"%s>",
	                       unit(pg->width), unit(pg->height),
	                       pg->scanned ? " QUALITY=\"Missing\" QUALITY_DETAIL=\"no text layer\""
	                       : pg->garbled ? " QUALITY=\"Damaged\" QUALITY_DETAIL=\"garbled text layer\""
	                       : "");
	if (top->len)
		g_string_append_printf(o, "<TopMargin ID=\"page%d-top\">%s</TopMargin>", pg->index,
		                       top->str);
	if (foot->len)
		g_string_append_printf(o, "<BottomMargin ID=\"page%d-foot\">%s</BottomMargin>",
		                       pg->index, foot->str);
	g_string_append_printf(o, "<PrintSpace ID=\"page%d-print\">%s</PrintSpace></Page></Layout>\n"
	                          "</alto>\n", pg->index, body->str);
	g_string_free(top, TRUE);
	g_string_free(foot, TRUE);
	g_string_free(body, TRUE);
	g_hash_table_unref(furn);
	g_ptr_array_unref(styles);
	if (len)
		*len = o->len;
	return g_string_free(o, FALSE);
}
