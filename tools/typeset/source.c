/* source.c — reads a sample issue source (tools/typeset/SOURCE.md). */
#include "ts.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "error.h"

static gboolean
is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = g_strdup((const char *)v);
	xmlFree(v);
	return s;
}

static gboolean
attr_is(const xmlNode *n, const char *name, const char *value)
{
	char *v = attr(n, name);
	gboolean eq = v && strcmp(v, value) == 0;

	g_free(v);
	return eq;
}

static int
attr_int(const xmlNode *n, const char *name, int dflt)
{
	char *v = attr(n, name);
	int r = dflt;

	if (v && *v)
		r = (int)g_ascii_strtoll(v, NULL, 10);
	g_free(v);
	return r;
}

static double
attr_double(const xmlNode *n, const char *name, double dflt)
{
	char *v = attr(n, name);
	double r = dflt;

	if (v && *v)
		r = g_ascii_strtod(v, NULL);
	g_free(v);
	return r;
}

static gboolean
ascii_alnum_at(const char *s, gboolean end)
{
	gsize n = strlen(s);

	if (n == 0)
		return FALSE;
	return g_ascii_isalnum(end ? s[n - 1] : s[0]);
}

/* Source text may be wrapped over several lines in the XML: the pieces join
 * without a separator (Chinese), with one space between Latin words. */
static void
append_clean(GString *out, const char *raw)
{
	char **parts = g_strsplit(raw, "\n", -1);

	for (int i = 0; parts[i]; i++) {
		char *p = g_strstrip(parts[i]);

		if (!*p)
			continue;
		if (out->len && ascii_alnum_at(out->str, TRUE) &&
		    ascii_alnum_at(p, FALSE))
			g_string_append_c(out, ' ');
		g_string_append(out, p);
	}
	g_strfreev(parts);
}

/* Text of an element; <br/> splits it into lines when lines is not NULL. */
static char *
text_of(const xmlNode *n, GPtrArray *lines)
{
	GString *s = g_string_new(NULL);

	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			append_clean(s, (const char *)c->content);
		} else if (is_el(c, "br") && lines) {
			g_ptr_array_add(lines, g_string_free(s, FALSE));
			s = g_string_new(NULL);
		} else if (c->type == XML_ELEMENT_NODE) {
			char *inner = text_of(c, NULL);
			g_string_append(s, inner);
			g_free(inner);
		}
	}
	if (lines) {
		if (s->len || lines->len == 0)
			g_ptr_array_add(lines, g_string_free(s, FALSE));
		else
			g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

static void
cell_free(gpointer p)
{
	TsCell *c = p;

	if (!c)
		return;
	g_free(c->text);
	g_free(c);
}

static void
row_free(gpointer p)
{
	TsRow *r = p;

	if (!r)
		return;
	g_ptr_array_unref(r->cells);
	g_free(r);
}

static void
table_free(gpointer p)
{
	TsTable *t = p;

	if (!t)
		return;
	g_free(t->id);
	g_free(t->title);
	g_free(t->source);
	g_free(t->note);
	g_ptr_array_unref(t->rows);
	g_free(t);
}

static void
item_free(gpointer p)
{
	TsItem *it = p;

	if (!it)
		return;
	g_free(it->text);
	g_free(it->caption);
	table_free(it->table);
	g_free(it);
}

static void
member_free(gpointer p)
{
	TsMember *m = p;

	if (!m)
		return;
	g_free(m->role);
	g_free(m->names);
	g_free(m);
}

static void
article_free(gpointer p)
{
	TsArticle *a = p;

	if (!a)
		return;
	g_free(a->id);
	g_free(a->section);
	g_free(a->part_of);
	g_free(a->kicker);
	g_ptr_array_unref(a->title_lines);
	g_free(a->subtitle);
	g_free(a->byline);
	g_ptr_array_unref(a->authors);
	g_free(a->toc_title);
	g_ptr_array_unref(a->items);
	g_free(a);
}

static TsTable *
read_table(const xmlNode *n)
{
	TsTable *t = g_new0(TsTable, 1);

	t->id = attr(n, "id");
	t->ruled = !attr_is(n, "ruled", "no");
	t->title = attr(n, "title");
	t->source = attr(n, "source");
	t->note = attr(n, "note");
	t->rows = g_ptr_array_new_with_free_func(row_free);
	for (const xmlNode *r = n->children; r; r = r->next) {
		TsRow *row;

		if (!is_el(r, "row"))
			continue;
		row = g_new0(TsRow, 1);
		row->header = attr_is(r, "header", "yes");
		row->cells = g_ptr_array_new_with_free_func(cell_free);
		for (const xmlNode *c = r->children; c; c = c->next) {
			TsCell *cell;

			if (!is_el(c, "cell"))
				continue;
			cell = g_new0(TsCell, 1);
			cell->text = text_of(c, NULL);
			cell->rowspan = MAX(1, attr_int(c, "rowspan", 1));
			cell->colspan = MAX(1, attr_int(c, "colspan", 1));
			g_ptr_array_add(row->cells, cell);
		}
		g_ptr_array_add(t->rows, row);
	}
	return t;
}

static TsItem *
item_new(TsItemKind kind, char *text)
{
	TsItem *it = g_new0(TsItem, 1);

	it->kind = kind;
	it->text = text;
	return it;
}

static TsArticle *
read_article(const xmlNode *n, const char *default_section)
{
	TsArticle *a = g_new0(TsArticle, 1);
	char *sec = attr(n, "section");

	a->id = attr(n, "id");
	a->section = sec ? sec : g_strdup(default_section);
	a->part_of = attr(n, "part-of");
	a->wide = attr_is(n, "span", "wide");
	a->flow_continue = attr_is(n, "flow", "continue");
	a->in_toc = !attr_is(n, "toc", "no");
	a->toc_authors = !attr_is(n, "toc-authors", "no");
	a->edition = attr_int(n, "edition", 1);
	a->continue_to = attr_int(n, "continue-to", 0);
	a->cols = attr_int(n, "cols", 0);
	a->title_lines = g_ptr_array_new_with_free_func(g_free);
	a->authors = g_ptr_array_new_with_free_func(g_free);
	a->items = g_ptr_array_new_with_free_func(item_free);

	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "kicker")) {
			g_free(a->kicker);
			a->kicker = text_of(c, NULL);
		} else if (is_el(c, "title")) {
			g_ptr_array_set_size(a->title_lines, 0);
			text_of(c, a->title_lines);
		} else if (is_el(c, "subtitle")) {
			g_free(a->subtitle);
			a->subtitle = text_of(c, NULL);
		} else if (is_el(c, "byline")) {
			g_free(a->byline);
			a->byline = text_of(c, NULL);
		} else if (is_el(c, "author")) {
			g_ptr_array_add(a->authors, text_of(c, NULL));
		} else if (is_el(c, "toc-title")) {
			g_free(a->toc_title);
			a->has_toc_title = TRUE;
			a->toc_title = text_of(c, NULL);
		} else if (is_el(c, "note")) {
			g_ptr_array_add(a->items, item_new(TS_ITEM_NOTE, text_of(c, NULL)));
		} else if (is_el(c, "p")) {
			TsItem *it = item_new(TS_ITEM_P, text_of(c, NULL));
			char *kind = attr(c, "kind");
			it->tail = kind && strcmp(kind, "tail") == 0;
			g_free(kind);
			g_ptr_array_add(a->items, it);
		} else if (is_el(c, "h")) {
			TsItem *it = item_new(TS_ITEM_H, text_of(c, NULL));
			it->level = CLAMP(attr_int(c, "level", 1), 1, 4);
			g_ptr_array_add(a->items, it);
		} else if (is_el(c, "org")) {
			g_ptr_array_add(a->items, item_new(TS_ITEM_ORG, text_of(c, NULL)));
		} else if (is_el(c, "figure")) {
			TsItem *it = item_new(TS_ITEM_FIGURE, NULL);
			it->height = attr_double(c, "height", 120);
			it->caption = attr(c, "caption");
			g_ptr_array_add(a->items, it);
		} else if (is_el(c, "table")) {
			TsItem *it = item_new(TS_ITEM_TABLE, NULL);
			it->table = read_table(c);
			g_ptr_array_add(a->items, it);
		} else if (is_el(c, "source")) {
			g_ptr_array_add(a->items, item_new(TS_ITEM_SOURCE, text_of(c, NULL)));
		} else if (is_el(c, "signature")) {
			g_ptr_array_add(a->items,
			                item_new(TS_ITEM_SIGNATURE, text_of(c, NULL)));
		}
	}
	/* A 本报讯（记者 …） byline is printed at the head of the first
	 * paragraph; a source that repeats it there gets it once. */
	if (a->byline && g_str_has_prefix(a->byline, "本报讯")) {
		for (guint i = 0; i < a->items->len; i++) {
			TsItem *it = a->items->pdata[i];
			if (it->kind != TS_ITEM_P)
				continue;
			if (g_str_has_prefix(it->text, a->byline)) {
				char *rest = g_strdup(it->text + strlen(a->byline));
				g_free(it->text);
				it->text = rest;
			}
			break;
		}
	}
	return a;
}

static void
read_meta(TsSource *src, const xmlNode *m)
{
	for (const xmlNode *c = m->children; c; c = c->next) {
		char **slot = NULL;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "title")) slot = &src->title;
		else if (is_el(c, "title-latin")) slot = &src->title_latin;
		else if (is_el(c, "year")) slot = &src->year;
		else if (is_el(c, "number")) slot = &src->number;
		else if (is_el(c, "total-number")) slot = &src->total_number;
		else if (is_el(c, "frequency")) slot = &src->frequency;
		else if (is_el(c, "date")) slot = &src->date;
		else if (is_el(c, "sponsor")) slot = &src->sponsor;
		else if (is_el(c, "publisher")) slot = &src->publisher;
		else if (is_el(c, "slogan")) slot = &src->slogan;
		else if (is_el(c, "weekday")) slot = &src->weekday;
		else if (is_el(c, "lunar")) slot = &src->lunar;
		else if (is_el(c, "cn")) slot = &src->cn;
		else if (is_el(c, "host")) slot = &src->host;

		if (slot) {
			g_free(*slot);
			*slot = text_of(c, NULL);
		} else if (is_el(c, "first-page")) {
			char *v = text_of(c, NULL);
			src->first_page = (int)g_ascii_strtoll(v, NULL, 10);
			g_free(v);
		} else if (is_el(c, "editions")) {
			char *v = text_of(c, NULL);
			src->editions = (int)g_ascii_strtoll(v, NULL, 10);
			g_free(v);
		} else if (is_el(c, "edition")) {
			/* <edition n="2" name="要闻"/>: the 版 name in its header */
			int k = attr_int(c, "n", 0);
			if (k >= 1 && k <= 32) {
				while ((int)src->edition_names->len < k)
					g_ptr_array_add(src->edition_names, g_strdup(""));
				g_free(src->edition_names->pdata[k - 1]);
				src->edition_names->pdata[k - 1] = attr(c, "name");
				if (!src->edition_names->pdata[k - 1])
					src->edition_names->pdata[k - 1] = g_strdup("");
			}
		} else if (is_el(c, "committee")) {
			for (const xmlNode *mm = c->children; mm; mm = mm->next) {
				TsMember *mem;
				if (!is_el(mm, "member"))
					continue;
				mem = g_new0(TsMember, 1);
				mem->role = attr(mm, "role");
				mem->names = text_of(mm, NULL);
				g_ptr_array_add(src->committee, mem);
			}
		} else if (is_el(c, "imprint")) {
			for (const xmlNode *l = c->children; l; l = l->next)
				if (is_el(l, "line"))
					g_ptr_array_add(src->imprint, text_of(l, NULL));
		}
	}
}

TsSource *
qk_ts_source_read(const char *path, GError **error)
{
	xmlDoc *xd = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	xmlNode *root;
	TsSource *src;

	if (!xd) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
		            "%s: not well-formed XML", path);
		return NULL;
	}
	root = xmlDocGetRootElement(xd);
	if (!root || !is_el(root, "issue-source")) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
		            "%s: root element is not <issue-source>", path);
		xmlFreeDoc(xd);
		return NULL;
	}
	src = g_new0(TsSource, 1);
	src->newspaper = attr_is(root, "layout", "newspaper");
	src->edition_names = g_ptr_array_new_with_free_func(g_free);
	src->committee = g_ptr_array_new_with_free_func(member_free);
	src->imprint = g_ptr_array_new_with_free_func(g_free);
	src->articles = g_ptr_array_new_with_free_func(article_free);
	src->tables = g_ptr_array_new_with_free_func(table_free);

	for (xmlNode *c = root->children; c; c = c->next) {
		if (is_el(c, "meta")) {
			read_meta(src, c);
		} else if (is_el(c, "article")) {
			g_ptr_array_add(src->articles, read_article(c, NULL));
		} else if (is_el(c, "tables")) {
			g_free(src->tables_section);
			src->tables_section = attr(c, "section");
			for (xmlNode *t = c->children; t; t = t->next) {
				if (is_el(t, "table")) {
					g_ptr_array_add(src->tables, read_table(t));
				} else if (is_el(t, "note")) {
					g_free(src->tables_note);
					src->tables_note = text_of(t, NULL);
				}
			}
		}
	}
	xmlFreeDoc(xd);

	if (!src->title) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
		            "%s: <meta><title> is missing", path);
		qk_ts_source_free(src);
		return NULL;
	}
	for (guint i = 0; i < src->articles->len; i++) {
		TsArticle *a = src->articles->pdata[i];
		if (!a->id && !a->part_of) {
			g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
			            "%s: article %u has neither id nor part-of", path, i + 1);
			qk_ts_source_free(src);
			return NULL;
		}
	}
	return src;
}

void
qk_ts_source_free(TsSource *src)
{
	if (!src)
		return;
	g_free(src->title);
	g_free(src->title_latin);
	g_free(src->year);
	g_free(src->number);
	g_free(src->total_number);
	g_free(src->frequency);
	g_free(src->date);
	g_free(src->sponsor);
	g_free(src->publisher);
	g_free(src->slogan);
	g_free(src->weekday);
	g_free(src->lunar);
	g_free(src->cn);
	g_free(src->host);
	g_ptr_array_unref(src->edition_names);
	g_ptr_array_unref(src->committee);
	g_ptr_array_unref(src->imprint);
	g_ptr_array_unref(src->articles);
	g_free(src->tables_section);
	g_ptr_array_unref(src->tables);
	g_free(src->tables_note);
	g_free(src);
}

TsArticle *
qk_ts_source_article(const TsSource *src, const char *id)
{
	for (guint i = 0; i < src->articles->len; i++) {
		TsArticle *a = src->articles->pdata[i];
		if (a->id && id && strcmp(a->id, id) == 0)
			return a;
	}
	return NULL;
}
