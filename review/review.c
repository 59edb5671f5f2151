/*
 * review.c — the review page (review.h): the PDF's pages as images with an
 * SVG overlay of the model, and a side panel to navigate it.
 *
 * Safe by construction: every text from the PDF or the model goes through
 * g_markup_escape_text (element content and attribute values alike); the
 * page's only script and style are qikan's own (review.js, review.css,
 * bundled), allowed by their SHA-256 in a Content-Security-Policy that
 * forbids everything else, and images are data: URIs, so the page fetches
 * nothing and runs nothing it did not bring.
 *
 * Article outlines come from core/blockmap.c (blocks matched to articles by
 * their text): what a reviewer checks by eye anyway.
 */
#include <string.h>
#include "review.h"
#include "blockmap.h"
#include "render.h"
#include "open.h"
#include "error.h"
#include "fileio.h"

/* Numbers for SVG and data attributes: '.' whatever the locale says. */
static void num(GString *o, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append(o, g_ascii_formatd(buf, sizeof buf, "%.1f", v));
}

static void esc(GString *o, const char *s)
{
	char *e = g_markup_escape_text(s ? s : "", -1);
	g_string_append(o, e);
	g_free(e);
}

static char *sha256_b64(const char *s)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)s, (gssize)strlen(s));
	guint8 d[32];
	gsize n = sizeof d;
	g_checksum_get_digest(c, d, &n);
	g_checksum_free(c);
	return g_base64_encode(d, n);
}

static char *resource_text(const char *name, GError **error)
{
	GBytes *b = qk_data_lookup(name, error);
	if (!b)
		return NULL;
	gsize len = 0;
	const char *d = g_bytes_get_data(b, &len);
	char *s = g_strndup(d, len);
	g_bytes_unref(b);
	return s;
}

/* ---- the overlay ----------------------------------------------------- */

static void num_attr(GString *o, const char *name, double v)
{
	g_string_append_printf(o, " %s=\"", name);
	num(o, v);
	g_string_append_c(o, '"');
}

static void rect_attrs(GString *o, const QkBox *b)
{
	num_attr(o, "x", b->x0);
	num_attr(o, "y", b->y0);
	num_attr(o, "width", MAX(b->x1 - b->x0, 0.5));
	num_attr(o, "height", MAX(b->y1 - b->y0, 0.5));
}

typedef struct {
	const QkArticle *art;
	QkBox box;
} Outline;

static void overlay(GString *o, const QkIssue *issue, const QkPage *pg, GHashTable *arts,
                    GHashTable *roles_used)
{
	g_string_append(o, "<svg viewBox=\"0 0 ");
	num(o, pg->width);
	g_string_append_c(o, ' ');
	num(o, pg->height);
	g_string_append(o, "\" preserveAspectRatio=\"none\">");
	GArray *outlines = g_array_new(FALSE, FALSE, sizeof(Outline));
	for (guint i = 0; i < pg->blocks->len; i++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, i);
		const char *role = qk_role_name(b->role);
		g_hash_table_add(roles_used, (gpointer)role);
		char *text = qk_block_text(b);
		g_string_append(o, "<rect class=\"b role-");
		g_string_append(o, role);
		g_string_append_c(o, '"');
		rect_attrs(o, &b->bbox);
		g_string_append(o, " data-id=\"");
		esc(o, b->id);
		g_string_append_printf(o, "\" data-role=\"%s%s%s\"", role, b->furniture ? ": " : "",
		                       b->furniture ? b->furniture : "");
		num_attr(o, "data-size", b->size);
		g_string_append(o, " data-text=\"");
		esc(o, text);
		g_string_append(o, "\"><title>");
		esc(o, text);
		g_string_append(o, "</title></rect>");
		g_string_append(o, "<text class=\"ord\"");
		num_attr(o, "x", b->bbox.x0 + 1);
		num_attr(o, "y", b->bbox.y0 + 7);
		g_string_append_printf(o, ">%u</text>", i + 1);
		g_free(text);
		const QkArticle *art = g_hash_table_lookup(arts, b);
		if (!art)
			continue;
		guint k = 0;
		while (k < outlines->len && g_array_index(outlines, Outline, k).art != art)
			k++;
		if (k == outlines->len) {
			Outline ol = { art, b->bbox };
			g_array_append_val(outlines, ol);
		} else {
			qk_box_union(&g_array_index(outlines, Outline, k).box, &b->bbox);
		}
	}
	for (guint k = 0; k < outlines->len; k++) {
		const Outline *ol = &g_array_index(outlines, Outline, k);
		QkBox box = { ol->box.x0 - 3, ol->box.y0 - 3, ol->box.x1 + 3, ol->box.y1 + 3 };
		g_string_append(o, "<g class=\"art\" data-article=\"");
		esc(o, ol->art->id);
		g_string_append(o, "\"><rect");
		rect_attrs(o, &box);
		g_string_append(o, "/><text");
		num_attr(o, "x", box.x0 + 2);
		num_attr(o, "y", box.y0 - 2);
		g_string_append_c(o, '>');
		esc(o, ol->art->id);
		g_string_append(o, " ");
		esc(o, ol->art->title ? ol->art->title->text : "(untitled)");
		g_string_append(o, "</text></g>");
	}
	g_array_unref(outlines);
	for (guint t = 0; t < issue->tables->len; t++) {
		const QkTable *tab = g_ptr_array_index(issue->tables, t);
		if (tab->page != pg->index)
			continue;
		g_string_append(o, "<g class=\"tbl\"><rect class=\"frame\"");
		rect_attrs(o, &tab->bbox);
		g_string_append(o, "/><text");
		num_attr(o, "x", tab->bbox.x0);
		num_attr(o, "y", tab->bbox.y0 - 2);
		g_string_append_c(o, '>');
		esc(o, tab->id);
		g_string_append_printf(o, " %d×%d%s</text></g>", tab->rows, tab->cols,
		                       tab->last_page > tab->page ? " (continued)" : "");
	}
	g_string_append(o, "</svg>");
}

/* ---- the side panel -------------------------------------------------- */

static void page_link(GString *o, int page, const char *label)
{
	g_string_append_printf(o, "<a href=\"#page-%d\">", page);
	esc(o, label);
	g_string_append(o, "</a>");
}

static void art_link(GString *o, const QkArticle *a)
{
	g_string_append(o, "<a href=\"#art-");
	esc(o, a->id);
	g_string_append(o, "\">");
	esc(o, a->title && *a->title->text ? a->title->text : "(untitled)");
	g_string_append(o, "</a>");
}

static void join_authors(GString *o, const GPtrArray *authors)
{
	for (guint i = 0; authors && i < authors->len; i++) {
		if (i)
			g_string_append(o, "、");
		esc(o, g_ptr_array_index(authors, i));
	}
}

static void panel_toc(GString *o, const QkIssue *issue)
{
	g_string_append(o, "<h2>目录 · TOC</h2>");
	if (!issue->toc->len)
		g_string_append(o, "<p class=\"meta\">no table of contents found</p>");
	for (guint s = 0; s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		g_string_append(o, "<div class=\"meta\">");
		esc(o, sec->name ? sec->name : "");
		g_string_append(o, "</div><ol>");
		for (guint e = 0; e < sec->entries->len; e++) {
			const QkTocEntry *en = g_ptr_array_index(sec->entries, e);
			const QkArticle *a = en->article_id ? qk_issue_article(issue, en->article_id) : NULL;
			const QkTable *tab = NULL;
			for (guint t = 0; en->table_id && t < issue->tables->len && !tab; t++)
				if (g_strcmp0(((const QkTable *)g_ptr_array_index(issue->tables, t))->id,
				              en->table_id) == 0)
					tab = g_ptr_array_index(issue->tables, t);
			if (a) {
				g_string_append(o, "<li data-article=\"");
				esc(o, a->id);
				g_string_append(o, "\"><a href=\"#art-");
				esc(o, a->id);
				g_string_append(o, "\">");
			} else if (tab) {
				g_string_append_printf(o, "<li><a href=\"#page-%d\">", tab->page);
			} else {
				g_string_append(o, "<li class=\"unlinked\" title=\"not linked to an article\">");
				if (en->pdf_page > 0)
					g_string_append_printf(o, "<a class=\"unlinked\" href=\"#page-%d\">",
					                       en->pdf_page);
			}
			esc(o, en->title ? en->title : "(no title)");
			if (a || tab || en->pdf_page > 0)
				g_string_append(o, "</a>");
			g_string_append(o, " <span class=\"meta\">");
			join_authors(o, en->authors);
			if (en->page) {
				g_string_append(o, " · p.");
				esc(o, en->page);
			}
			if (en->table_id) {
				g_string_append(o, " · ");
				esc(o, en->table_id);
			}
			g_string_append(o, "</span></li>");
		}
		g_string_append(o, "</ol>");
	}
}

static void panel_articles(GString *o, const QkIssue *issue)
{
	g_string_append_printf(o, "<h2>Articles (%u)</h2><ol>", issue->articles->len);
	for (guint i = 0; i < issue->articles->len; i++) {
		const QkArticle *a = g_ptr_array_index(issue->articles, i);
		g_string_append(o, "<li data-article=\"");
		esc(o, a->id);
		g_string_append(o, "\">");
		art_link(o, a);
		g_string_append(o, " <span class=\"meta\">");
		esc(o, a->id);
		g_string_append(o, " · ");
		join_authors(o, a->authors);
		g_string_append(o, " · pp.");
		for (guint p = 0; p < a->pages->len; p++) {
			g_string_append(o, p ? "," : " ");
			esc(o, g_ptr_array_index(a->pages, p));
		}
		g_string_append_printf(o, " (PDF %d–%d)%s%s</span></li>", a->pdf_first, a->pdf_last,
		                       a->in_toc ? "" : " · not in TOC",
		                       a->kind == QK_ITEM_NOTICE ? " · notice" : "");
	}
	g_string_append(o, "</ol>");
}

static void panel_tables(GString *o, const QkIssue *issue)
{
	g_string_append_printf(o, "<h2>Tables (%u)</h2><ul>", issue->tables->len);
	for (guint i = 0; i < issue->tables->len; i++) {
		const QkTable *t = g_ptr_array_index(issue->tables, i);
		g_string_append(o, "<li>");
		char *label = g_strdup_printf("%s: %s", t->id, t->title ? t->title : "(untitled)");
		page_link(o, t->page, label);
		g_free(label);
		g_string_append_printf(o, " <span class=\"meta\">%d×%d, PDF p.%d%s</span></li>",
		                       t->rows, t->cols, t->page,
		                       t->last_page > t->page ? " (continued)" : "");
	}
	g_string_append(o, "</ul>");
}

static void panel_warnings(GString *o, const QkIssue *issue)
{
	g_string_append_printf(o, "<h2>Warnings (%u)</h2><ul>", issue->warnings->len);
	for (guint i = 0; i < issue->warnings->len; i++) {
		const QkWarning *w = g_ptr_array_index(issue->warnings, i);
		g_string_append(o, "<li>");
		if (w->page > 0) {
			char *label = g_strdup_printf("p.%d", w->page);
			page_link(o, w->page, label);
			g_free(label);
			g_string_append_c(o, ' ');
		}
		esc(o, w->message);
		g_string_append(o, " <span class=\"meta\">");
		esc(o, w->code);
		g_string_append(o, "</span></li>");
	}
	g_string_append(o, "</ul>");
}

static void legend(GString *o, GHashTable *roles_used)
{
	g_string_append(o, "<div id=\"legend\">");
	for (int r = 0; r < QK_ROLE_COUNT_; r++) {
		const char *name = qk_role_name((QkRole)r);
		if (g_hash_table_contains(roles_used, name))
			g_string_append_printf(o, "<span><i class=\"role-%s\"></i>%s</span>", name, name);
	}
	g_string_append(o, "<span><i class=\"legend-art\"></i>article</span>"
	                   "<span><i class=\"legend-tbl\"></i>table</span></div>");
}

/* ---- the page ---------------------------------------------------------- */

/* Pages extract left out because reading them would cost too much
 * (page-too-large): rendering them would cost as much, so they are not. */
static gboolean left_out(const QkIssue *issue, int page)
{
	for (guint i = 0; i < issue->warnings->len; i++) {
		const QkWarning *w = g_ptr_array_index(issue->warnings, i);
		if (w->page == page && g_strcmp0(w->code, "page-too-large") == 0)
			return TRUE;
	}
	return FALSE;
}

char *qk_review_html(const QkIssue *issue, const char *pdf, QkReviewOptions *opts,
                     gsize *len, GError **error)
{
	double dpi = opts && opts->dpi > 0 ? opts->dpi : QK_REVIEW_DPI;
	char *css = resource_text("review.css", error);
	char *js = css ? resource_text("review.js", error) : NULL;
	PopplerDocument *doc = js ? qk_extract_open(pdf, opts ? opts->password : NULL, error) : NULL;
	if (!doc) {
		g_free(css);
		g_free(js);
		return NULL;
	}
	GHashTable *arts = qk_blockmap_new(issue);
	GHashTable *roles_used = g_hash_table_new(g_str_hash, g_str_equal);
	GString *pages = g_string_new(NULL);
	double secs = 0;
	gboolean ok = TRUE;
	int n_pdf = poppler_document_get_n_pages(doc);
	for (guint i = 0; i < issue->pages->len && ok; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		g_string_append_printf(pages, "<section class=\"page\" id=\"page-%d\"><h3>"
		                       "<a href=\"#page-%d\">PDF page %d</a>", pg->index,
		                       pg->index, pg->index);
		if (pg->label) {
			g_string_append(pages, " · printed ");
			esc(pages, pg->label);
		}
		if (pg->scanned)
			g_string_append(pages, "<span class=\"badge\">scanned: no text layer</span>");
		if (pg->garbled)
			g_string_append(pages, "<span class=\"badge\">garbled text layer</span>");
		gboolean skip = left_out(issue, pg->index);
		if (skip)
			g_string_append(pages, "<span class=\"badge\">too large to read: not drawn</span>");
		g_string_append(pages, "</h3><div class=\"sheet\">");
		PopplerPage *pp = !skip && pg->index >= 1 && pg->index <= n_pdf
		                  ? poppler_document_get_page(doc, pg->index - 1) : NULL;
		if (pp) {
			gint64 t0 = g_get_monotonic_time();
			GBytes *png = qk_review_render_png(pp, dpi, error);
			secs += (g_get_monotonic_time() - t0) / 1e6;
			g_object_unref(pp);
			if (!png) {
				ok = FALSE;
				break;
			}
			char *b64 = g_base64_encode(g_bytes_get_data(png, NULL), g_bytes_get_size(png));
			g_string_append_printf(pages, "<img alt=\"page %d\" src=\"data:image/png;base64,",
			                       pg->index);
			g_string_append(pages, b64);
			g_string_append(pages, "\">");
			g_free(b64);
			g_bytes_unref(png);
		}
		overlay(pages, issue, pg, arts, roles_used);
		g_string_append(pages, "</div></section>");
	}
	char *out = NULL;
	if (ok) {
		char *css_hash = sha256_b64(css), *js_hash = sha256_b64(js);
		GString *o = g_string_sized_new(pages->len + 65536);
		g_string_append(o, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
		                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		                   "img-src data:; base-uri 'none'; form-action 'none'; style-src 'sha256-");
		g_string_append_printf(o, "%s'; script-src 'sha256-%s'\">", css_hash, js_hash);
		g_string_append(o, "<title>qikan review — ");
		esc(o, issue->meta.title ? issue->meta.title : issue->source);
		g_string_append(o, "</title><style>");
		g_string_append(o, css);
		g_string_append(o, "</style></head><body><nav id=\"panel\"><h1>");
		esc(o, issue->meta.title ? issue->meta.title : "(no title)");
		g_string_append(o, "</h1><div class=\"meta\">");
		esc(o, issue->source);
		if (issue->meta.date) {
			g_string_append(o, " · ");
			esc(o, issue->meta.date);
		}
		g_string_append_printf(o, " · %u pages</div>", issue->pages->len);
		legend(o, roles_used);
		panel_toc(o, issue);
		panel_articles(o, issue);
		panel_tables(o, issue);
		panel_warnings(o, issue);
		g_string_append(o, "</nav><main>");
		g_string_append_len(o, pages->str, (gssize)pages->len);
		g_string_append(o, "</main><div id=\"status\">hover a box to see its role, size and text; "
		                   "click an entry to see its article</div><script>");
		g_string_append(o, js);
		g_string_append(o, "</script></body></html>\n");
		g_free(css_hash);
		g_free(js_hash);
		if (len)
			*len = o->len;
		out = g_string_free(o, FALSE);
	}
	if (opts)
		opts->render_secs = secs;
	g_string_free(pages, TRUE);
	g_hash_table_unref(roles_used);
	g_hash_table_unref(arts);
	g_object_unref(doc);
	g_free(css);
	g_free(js);
	return out;
}

gboolean qk_review_write(const QkIssue *issue, const char *pdf, const char *html_path,
                         QkReviewOptions *opts, GError **error)
{
	gsize len = 0;
	char *html = qk_review_html(issue, pdf, opts, &len, error);
	if (!html)
		return FALSE;
	gboolean ok = qk_file_write_atomic(html_path, html, len, error);
	g_free(html);
	return ok;
}
