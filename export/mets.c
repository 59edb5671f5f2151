/*
 * mets.c — the issue as a METS 1.12.1 package over its ALTO pages.
 *
 * dmdSec: MODS for the issue (title, year, number, date, genre) and for
 * each article (title, subtitle, authors). fileSec: the PDF (master) and
 * the ALTO files with their SHA-256. structMap PHYSICAL: the pages in
 * order with their printed labels. structMap LOGICAL: issue → sections (as
 * the articles name them, in order) → articles (and notices) → their title,
 * byline, paragraphs, captions… one div per block, each pointing at its
 * ALTO block (area FILEID BEGIN BETYPE="IDREF"); an article continued on
 * other pages is one div whose parts point into each page's file. Tables
 * are divs of their section (or of the issue) pointing at their
 * ComposedBlock. Which block belongs to which article is core/blockmap.c's
 * answer. No creation date is written, so the same model gives the same
 * bytes.
 */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "archival.h"
#include "blockmap.h"
#include "error.h"
#include "fileio.h"

static void esc(GString *o, const char *s)
{
	char *e = g_markup_escape_text(s ? s : "", -1);
	g_string_append(o, e);
	g_free(e);
}

static void el(GString *o, const char *name, const char *text)
{
	if (!text || !*text)
		return;
	g_string_append_printf(o, "<%s>", name);
	esc(o, text);
	g_string_append_printf(o, "</%s>", name);
}

static const char *tx(const QkText *t)
{
	return t ? t->text : NULL;
}

static void mods_issue(GString *o, const QkIssue *issue)
{
	const QkMeta *m = &issue->meta;
	g_string_append(o, "<mets:dmdSec ID=\"DMD_ISSUE\"><mets:mdWrap MDTYPE=\"MODS\"><mets:xmlData>"
	                   "<mods:mods><mods:titleInfo>");
	el(o, "mods:title", m->title ? m->title : issue->source);
	g_string_append(o, "</mods:titleInfo>");
	g_string_append_printf(o, "<mods:genre>%s</mods:genre>",
	                       m->kind == QK_KIND_NEWSPAPER ? "newspaper" : "periodical");
	if (m->date || m->year) {
		g_string_append(o, "<mods:originInfo>");
		if (m->date) {
			g_string_append(o, "<mods:dateIssued encoding=\"iso8601\">");
			esc(o, m->date);
			g_string_append(o, "</mods:dateIssued>");
		} else {
			el(o, "mods:dateIssued", m->year);
		}
		el(o, "mods:publisher", m->publisher);
		g_string_append(o, "</mods:originInfo>");
	}
	if (m->year || m->number || m->total_number) {
		g_string_append(o, "<mods:part>");
		const char *types[] = { "year", "issue", "total" };
		const char *vals[] = { m->year, m->number, m->total_number };
		for (int i = 0; i < 3; i++)
			if (vals[i]) {
				g_string_append_printf(o, "<mods:detail type=\"%s\">", types[i]);
				el(o, "mods:number", vals[i]);
				g_string_append(o, "</mods:detail>");
			}
		g_string_append(o, "</mods:part>");
	}
	if (m->cn) {
		g_string_append(o, "<mods:identifier type=\"CN\">");
		esc(o, m->cn);
		g_string_append(o, "</mods:identifier>");
	}
	g_string_append(o, "</mods:mods></mets:xmlData></mets:mdWrap></mets:dmdSec>\n");
}

static void mods_article(GString *o, const QkArticle *a)
{
	g_string_append(o, "<mets:dmdSec ID=\"DMD_");
	esc(o, a->id);
	g_string_append(o, "\"><mets:mdWrap MDTYPE=\"MODS\"><mets:xmlData><mods:mods><mods:titleInfo>");
	el(o, "mods:title", tx(a->title) ? tx(a->title) : "(untitled)");
	el(o, "mods:subTitle", tx(a->subtitle));
	g_string_append(o, "</mods:titleInfo>");
	for (guint i = 0; i < a->authors->len; i++) {
		g_string_append(o, "<mods:name type=\"personal\">");
		el(o, "mods:namePart", g_ptr_array_index(a->authors, i));
		g_string_append(o, "<mods:role><mods:roleTerm type=\"text\">author</mods:roleTerm>"
		                   "</mods:role></mods:name>");
	}
	g_string_append_printf(o, "<mods:genre>%s</mods:genre>",
	                       a->kind == QK_ITEM_NOTICE ? "notice" : "article");
	g_string_append(o, "</mods:mods></mets:xmlData></mets:mdWrap></mets:dmdSec>\n");
}

static void area(GString *o, int page, const char *begin)
{
	g_string_append_printf(o, "<mets:fptr><mets:area FILEID=\"ALTO_%04d\" BEGIN=\"", page);
	esc(o, begin);
	g_string_append(o, "\" BETYPE=\"IDREF\"/></mets:fptr>");
}

static const char *div_type(QkRole r)
{
	switch (r) {
	case QK_ROLE_BODY: return "paragraph";
	case QK_ROLE_NOTE: return "lead";
	case QK_ROLE_CONTINUATION: return "jump";
	default: return qk_role_name(r);
	}
}

static void article_div(GString *o, const QkIssue *issue, const QkArticle *a, GHashTable *map)
{
	g_string_append(o, "<mets:div ID=\"LOG_");
	esc(o, a->id);
	g_string_append_printf(o, "\" TYPE=\"%s\" DMDID=\"DMD_", a->kind == QK_ITEM_NOTICE ? "notice"
	                                                                        : "article");
	esc(o, a->id);
	g_string_append(o, "\" LABEL=\"");
	esc(o, tx(a->title) ? tx(a->title) : "(untitled)");
	g_string_append(o, "\">");
	for (guint p = 0; p < issue->pages->len; p++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, p);
		for (guint b = 0; b < pg->blocks->len; b++) {
			const QkBlock *bl = g_ptr_array_index(pg->blocks, b);
			if (g_hash_table_lookup(map, bl) != a)
				continue;
			g_string_append_printf(o, "<mets:div TYPE=\"%s\">", div_type(bl->role));
			area(o, pg->index, bl->id);
			g_string_append(o, "</mets:div>");
		}
	}
	g_string_append(o, "</mets:div>");
}

static void table_div(GString *o, const QkTable *t)
{
	g_string_append(o, "<mets:div TYPE=\"table\" LABEL=\"");
	esc(o, t->title ? t->title : t->id);
	g_string_append(o, "\">");
	area(o, t->page, t->id);
	g_string_append(o, "</mets:div>");
}

/* Tables a TOC entry of section names. */
static gboolean table_in_section(const QkIssue *issue, const QkTable *t, const char *section)
{
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		if (g_strcmp0(sec->name, section) != 0)
			continue;
		for (guint e = 0; e < sec->entries->len; e++)
			if (g_strcmp0(((QkTocEntry *)g_ptr_array_index(sec->entries, e))->table_id,
			              t->id) == 0)
				return TRUE;
	}
	return FALSE;
}

static void logical(GString *o, const QkIssue *issue)
{
	GHashTable *map = qk_blockmap_new(issue);
	GHashTable *placed = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_string_append(o, "<mets:structMap TYPE=\"LOGICAL\"><mets:div ID=\"LOG_ISSUE\" TYPE=\"issue\" "
	                   "DMDID=\"DMD_ISSUE\" LABEL=\"");
	esc(o, issue->meta.title ? issue->meta.title : issue->source);
	g_string_append(o, "\">");
	int nsec = 0;
	for (guint i = 0; i < issue->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (g_hash_table_contains(placed, a))
			continue;
		if (!a->section) {
			article_div(o, issue, a, map);
			g_hash_table_add(placed, (gpointer)a);
			continue;
		}
		/* the section's articles, in order, from its first one on */
		g_string_append_printf(o, "<mets:div ID=\"LOG_S%d\" TYPE=\"section\" LABEL=\"", ++nsec);
		esc(o, a->section);
		g_string_append(o, "\">");
		for (guint j = i; j < issue->articles->len; j++) {
			const QkArticle *b = g_ptr_array_index(issue->articles, j);
			if (g_strcmp0(b->section, a->section) == 0 && !g_hash_table_contains(placed, b)) {
				article_div(o, issue, b, map);
				g_hash_table_add(placed, (gpointer)b);
			}
		}
		for (guint t = 0; t < issue->tables->len; t++) {
			const QkTable *tab = g_ptr_array_index(issue->tables, t);
			if (!g_hash_table_contains(placed, tab) && table_in_section(issue, tab, a->section)) {
				table_div(o, tab);
				g_hash_table_add(placed, (gpointer)tab);
			}
		}
		g_string_append(o, "</mets:div>");
	}
	for (guint t = 0; t < issue->tables->len; t++) {
		const QkTable *tab = g_ptr_array_index(issue->tables, t);
		if (!g_hash_table_contains(placed, tab))
			table_div(o, tab);
	}
	g_string_append(o, "</mets:div></mets:structMap>\n");
	g_hash_table_unref(placed);
	g_hash_table_unref(map);
}

static char *mets_xml(const QkIssue *issue, GPtrArray *alto_sums, gsize *len)
{
	GString *o = g_string_sized_new(65536);
	g_string_append(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                   "<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" "
	                   "xmlns:mods=\"http://www.loc.gov/mods/v3\" "
	                   "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
	                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	                   "xsi:schemaLocation=\"http://www.loc.gov/METS/ "
	                   "http://www.loc.gov/standards/mets/mets.xsd\" OBJID=\"");
	esc(o, issue->source_sha256 ? issue->source_sha256 : issue->source);
	g_string_append_printf(o, "\" TYPE=\"%s\" LABEL=\"",
	                       issue->meta.kind == QK_KIND_NEWSPAPER ? "newspaper issue"
	                                                             : "periodical issue");
	esc(o, issue->meta.title ? issue->meta.title : issue->source);
	g_string_append_printf(o, "\">\n<mets:metsHdr><mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" "
	                          "OTHERTYPE=\"SOFTWARE\"><mets:name>qikan %s</mets:name>"
	                          "</mets:agent></mets:metsHdr>\n", QK_VERSION);
	mods_issue(o, issue);
	for (guint i = 0; i < issue->articles->len; i++)
		mods_article(o, g_ptr_array_index(issue->articles, i));
	g_string_append(o, "<mets:fileSec><mets:fileGrp USE=\"master\"><mets:file ID=\"PDF\" "
	                   "MIMETYPE=\"application/pdf\"");
	if (issue->source_sha256)
		g_string_append_printf(o, " CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA-256\"",
		                       issue->source_sha256);
	g_string_append(o, "><mets:FLocat LOCTYPE=\"OTHER\" OTHERLOCTYPE=\"FILE\" xlink:href=\"");
	esc(o, issue->source);
	g_string_append(o, "\"/></mets:file></mets:fileGrp><mets:fileGrp USE=\"fulltext\">");
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		char *name = qk_alto_name(pg->index);
		g_string_append_printf(o, "<mets:file ID=\"ALTO_%04d\" MIMETYPE=\"text/xml\" "
		                          "CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA-256\"><mets:FLocat "
		                          "LOCTYPE=\"OTHER\" OTHERLOCTYPE=\"FILE\" xlink:href=\"%s\"/>"
		                          "</mets:file>", pg->index,
		                       (const char *)g_ptr_array_index(alto_sums, i), name);
		g_free(name);
	}
	g_string_append(o, "</mets:fileGrp></mets:fileSec>\n<mets:structMap TYPE=\"PHYSICAL\">"
	                   "<mets:div ID=\"PHYS_ISSUE\" TYPE=\"physSequence\">");
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		g_string_append_printf(o, "<mets:div ID=\"PHYS_%04d\" TYPE=\"page\" ORDER=\"%d\"",
		                       pg->index, pg->index);
		if (pg->label) {
			g_string_append(o, " ORDERLABEL=\"");
			esc(o, pg->label);
			g_string_append_c(o, '"');
		}
		g_string_append_printf(o, "><mets:fptr FILEID=\"ALTO_%04d\"/></mets:div>", pg->index);
	}
	g_string_append(o, "</mets:div></mets:structMap>\n");
	logical(o, issue);
	g_string_append(o, "</mets:mets>\n");
	if (len)
		*len = o->len;
	return g_string_free(o, FALSE);
}

gboolean qk_export_mets(const QkIssue *issue, const char *dir, GError **error)
{
	char *alto_dir = g_build_filename(dir, "alto", NULL);
	gboolean ok = g_mkdir_with_parents(alto_dir, 0777) == 0;
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: %s", alto_dir, g_strerror(errno));
	GPtrArray *sums = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; ok && i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		gsize len = 0;
		char *xml = qk_alto_page(issue, pg, &len);
		char *name = qk_alto_name(pg->index);
		char *path = g_build_filename(dir, name, NULL);
		ok = qk_file_write_atomic(path, xml, len, error);
		g_ptr_array_add(sums, g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		                                                  (const guchar *)xml, len));
		g_free(path);
		g_free(name);
		g_free(xml);
	}
	if (ok) {
		gsize len = 0;
		char *xml = mets_xml(issue, sums, &len);
		char *path = g_build_filename(dir, "mets.xml", NULL);
		ok = qk_file_write_atomic(path, xml, len, error);
		g_free(path);
		g_free(xml);
	}
	g_ptr_array_unref(sums);
	g_free(alto_dir);
	return ok;
}
