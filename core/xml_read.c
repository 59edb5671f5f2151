/*
 * xml_read.c — the model's XML reader and schema validation.
 *
 * A document is validated against the bundled RelaxNG schema before it is
 * walked, so the walker can trust the shape; it still checks every number
 * (the reader is fuzzed, and a schema is no excuse for a crash).
 */
#include <stdlib.h>
#include <string.h>
#include "xmlio.h"
#include "xmllib.h"
#include "fileio.h"
#include "error.h"

/* Model XML above this size is refused rather than parsed (SQLite mxAlloc idea). */
#define QK_MODEL_MAX_BYTES ((gsize)1 << 30)

#define X(s) ((const xmlChar *)(s))

const char *qk_model_schema(gsize *len_out)
{
	GBytes *b = qk_data_lookup("qikan.rng", NULL);
	/* Resource data is static: the bytes outlive the GBytes wrapper. */
	gsize len = 0;
	const char *data = b ? g_bytes_get_data(b, &len) : NULL;
	if (b)
		g_bytes_unref(b);
	if (len_out)
		*len_out = len;
	return data;
}

/* ---- collecting the first error of libxml2 ----------------------------- */

typedef struct {
	char *msg;
	gboolean refused;   /* stopped by internal_subset */
} ErrSink;

static void sink_structured(void *data, const xmlError *err)
{
	ErrSink *s = data;
	if (s->msg || !err || !err->message)
		return;
	char *m = g_strstrip(g_strdup(err->message));
	if (err->line > 0)
		s->msg = g_strdup_printf("line %d: %s", err->line, m);
	else
		s->msg = g_strdup(m);
	g_free(m);
}

/* libxml2 2.9 declares the handler with a non-const xmlError. */
static void sink_structured_nc(void *data, xmlErrorPtr err)
{
	sink_structured(data, err);
}

/* Model XML needs no DTD. An internal subset can only declare entities, and
 * libxml2 expands those inside attribute values whatever the options (a
 * 100 KB file becomes 100 MB): such a document is stopped at its '[',
 * before a byte of the subset is parsed. */
static void internal_subset(void *user, const xmlChar *name,
                            const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = user;
	if (ctxt->input && ctxt->input->cur && *ctxt->input->cur == '[') {
		ErrSink *s = ctxt->_private;
		if (!s->msg)
			s->msg = g_strdup_printf("line %d: a DOCTYPE with an internal "
			                         "subset is not allowed in model XML",
			                         ctxt->input->line);
		s->refused = TRUE;
		qk_xml.xmlStopParser(ctxt);
		return;
	}
	qk_xml.xmlSAX2InternalSubset(user, name, external_id, system_id);
}

static xmlDocPtr parse(const char *data, gsize len, char **msg)
{
	ErrSink sink = { NULL, FALSE };
	xmlParserCtxtPtr ctxt = qk_xml.xmlNewParserCtxt();
	if (!ctxt) {
		*msg = g_strdup("out of memory");
		return NULL;
	}
	ctxt->_private = &sink;
	ctxt->sax->internalSubset = internal_subset;
	qk_xml.xmlSetStructuredErrorFunc(&sink, sink_structured_nc);
	/* No network, no entities (internal_subset), no DTD loading: model XML
	 * needs none. XML_PARSE_HUGE lifts the 10 MB limits on one text node and
	 * on how far the parser looks ahead, which a 2,000-page issue passes;
	 * the input stays capped (QK_MODEL_MAX_BYTES) and the nesting depth
	 * bounded (libxml2 stops at 2048 levels with it). */
	xmlDocPtr doc = qk_xml.xmlCtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8",
	                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                  XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	qk_xml.xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || !ctxt->wellFormed || sink.refused) {
		*msg = sink.msg ? sink.msg : g_strdup("not well-formed XML");
		sink.msg = NULL;
		if (doc)
			qk_xml.xmlFreeDoc(doc);
		doc = NULL;
	}
	g_free(sink.msg);
	qk_xml.xmlFreeParserCtxt(ctxt);
	return doc;
}

static gboolean validate_doc(xmlDocPtr doc, char **msg)
{
	gsize slen;
	const char *schema = qk_model_schema(&slen);
	if (!schema) {
		*msg = g_strdup("bundled schema missing");
		return FALSE;
	}
	ErrSink sink = { NULL, FALSE };
	gboolean ok = FALSE;
	xmlRelaxNGParserCtxtPtr pctxt = qk_xml.xmlRelaxNGNewMemParserCtxt(schema, (int)slen);
	xmlRelaxNGPtr rng = pctxt ? qk_xml.xmlRelaxNGParse(pctxt) : NULL;
	xmlRelaxNGValidCtxtPtr vctxt = rng ? qk_xml.xmlRelaxNGNewValidCtxt(rng) : NULL;
	if (!vctxt) {
		*msg = g_strdup("cannot compile the bundled schema");
		goto cleanup;
	}
	qk_xml.xmlRelaxNGSetValidStructuredErrors(vctxt, sink_structured_nc, &sink);
	ok = qk_xml.xmlRelaxNGValidateDoc(vctxt, doc) == 0;
	if (!ok) {
		*msg = g_strdup_printf("not a valid qikan model: %s",
		                       sink.msg ? sink.msg : "schema validation failed");
	}
cleanup:
	g_free(sink.msg);
	if (vctxt)
		qk_xml.xmlRelaxNGFreeValidCtxt(vctxt);
	if (rng)
		qk_xml.xmlRelaxNGFree(rng);
	if (pctxt)
		qk_xml.xmlRelaxNGFreeParserCtxt(pctxt);
	return ok;
}

gboolean qk_model_validate(const char *data, gsize len, GError **error)
{
	char *msg = NULL;
	if (len > (gsize)G_MAXINT) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT, "model XML too large");
		return FALSE;
	}
	if (!qk_xml_open(error))
		return FALSE;
	xmlDocPtr doc = parse(data, len, &msg);
	gboolean ok = doc && validate_doc(doc, &msg);
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "%s", msg);
	g_free(msg);
	if (doc)
		qk_xml.xmlFreeDoc(doc);
	return ok;
}

/* ---- walking the document --------------------------------------------- */

static gboolean is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static char *get_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = qk_xml.xmlGetProp(n, X(name));
	if (!v)
		return NULL;
	char *s = g_strdup((const char *)v);
	qk_xml_free(v);
	return s;
}

static int get_int(xmlNodePtr n, const char *name, int dflt)
{
	char *s = get_attr(n, name);
	if (!s)
		return dflt;
	gint64 v = 0;
	if (!g_ascii_string_to_signed(s, 10, G_MININT, G_MAXINT, &v, NULL))
		v = dflt;
	g_free(s);
	return (int)v;
}

static double get_num(xmlNodePtr n, const char *name, gboolean *has)
{
	char *s = get_attr(n, name);
	if (has)
		*has = s != NULL;
	if (!s)
		return 0.0;
	double v = g_ascii_strtod(s, NULL);
	g_free(s);
	return v;
}

static gboolean get_bool(xmlNodePtr n, const char *name)
{
	char *s = get_attr(n, name);
	gboolean v = s && strcmp(s, "true") == 0;
	g_free(s);
	return v;
}

static void get_box(xmlNodePtr n, QkBox *b)
{
	b->x0 = get_num(n, "x0", NULL);
	b->y0 = get_num(n, "y0", NULL);
	b->x1 = get_num(n, "x1", NULL);
	b->y1 = get_num(n, "y1", NULL);
}

/* Text directly inside n (not inside child elements). */
static char *own_text(xmlNodePtr n)
{
	GString *s = g_string_new(NULL);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			g_string_append(s, (const char *)c->content);
	return g_string_free(s, FALSE);
}

static QkText *read_text(xmlNodePtr n)
{
	char *t = own_text(n);
	QkText *qt = qk_text_new(t);
	g_free(t);
	qt->norm = get_attr(n, "norm");
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_el(c, "ann"))
			continue;
		char *kind = get_attr(c, "kind");
		char *raw = get_attr(c, "raw");
		QkAnnot *a = qk_annot_new(kind, get_int(c, "start", 0), get_int(c, "end", 0), raw);
		g_free(kind);
		g_free(raw);
		a->norm = get_attr(c, "norm");
		a->value = get_num(c, "value", &a->has_value);
		a->unit = get_attr(c, "unit");
		a->base_value = get_num(c, "base-value", &a->has_base);
		a->base_unit = get_attr(c, "base-unit");
		a->qualifier = get_attr(c, "qualifier");
		a->value_high = get_num(c, "value-high", &a->has_high);
		gboolean has_base_high = FALSE;
		a->base_high = get_num(c, "base-high", &has_base_high);
		a->count = get_int(c, "count", 0);
		g_ptr_array_add(qt->annots, a);
	}
	return qt;
}

static void read_meta(xmlNodePtr n, QkMeta *m)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "title", G_STRUCT_OFFSET(QkMeta, title) },
		{ "year", G_STRUCT_OFFSET(QkMeta, year) },
		{ "number", G_STRUCT_OFFSET(QkMeta, number) },
		{ "total-number", G_STRUCT_OFFSET(QkMeta, total_number) },
		{ "frequency", G_STRUCT_OFFSET(QkMeta, frequency) },
		{ "date", G_STRUCT_OFFSET(QkMeta, date) },
		{ "date-text", G_STRUCT_OFFSET(QkMeta, date_text) },
		{ "weekday", G_STRUCT_OFFSET(QkMeta, weekday) },
		{ "lunar-date", G_STRUCT_OFFSET(QkMeta, lunar_date) },
		{ "sponsor", G_STRUCT_OFFSET(QkMeta, sponsor) },
		{ "publisher", G_STRUCT_OFFSET(QkMeta, publisher) },
		{ "cn", G_STRUCT_OFFSET(QkMeta, cn) },
		{ "edition-count", G_STRUCT_OFFSET(QkMeta, edition_count) },
	};
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "editor")) {
			char *role = get_attr(c, "role");
			char *v = own_text(c);
			g_ptr_array_add(m->editors, qk_field_new(role, v));
			g_free(role);
			g_free(v);
			continue;
		}
		for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
			if (strcmp((const char *)c->name, fields[i].name) == 0) {
				char **slot = G_STRUCT_MEMBER_P(m, fields[i].off);
				g_free(*slot);
				*slot = own_text(c);
			}
		}
	}
}

/* A line's conf attribute (one figure 0–100 a character) as QkLine.conf,
 * NULL when absent or not figures. */
static char *read_conf(xmlNodePtr n)
{
	char *v = get_attr(n, "conf");
	if (!v)
		return NULL;
	GString *out = g_string_sized_new(strlen(v) / 2 + 1);
	char *p = v, *end;
	gboolean ok = TRUE;
	while (ok && *p) {
		long c = strtol(p, &end, 10);
		ok = end != p && c >= 0 && c <= 100 && (*end == ' ' || !*end);
		if (ok)
			g_string_append_c(out, (char)(c + 1));
		p = *end ? end + 1 : end;
	}
	g_free(v);
	if (!ok || !out->len) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static QkBlock *read_block(xmlNodePtr n)
{
	QkBlock *b = qk_block_new();
	b->id = get_attr(n, "id");
	char *role = get_attr(n, "role");
	if (!qk_role_from_name(role, &b->role))
		b->role = QK_ROLE_OTHER;
	g_free(role);
	get_box(n, &b->bbox);
	b->font = get_attr(n, "font");
	b->size = get_num(n, "size", NULL);
	b->bold = get_bool(n, "bold");
	b->column = get_int(n, "column", -1);
	b->furniture = get_attr(n, "furniture");
	b->section = get_attr(n, "section");
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_el(c, "line"))
			continue;
		char *t = own_text(c);
		QkLine *l = qk_line_new(t);
		g_free(t);
		get_box(c, &l->bbox);
		l->font = get_attr(c, "font");
		l->size = get_num(c, "size", NULL);
		l->bold = get_bool(c, "bold");
		l->raw = get_attr(c, "raw");
		l->conf = read_conf(c);
		g_ptr_array_add(b->lines, l);
	}
	return b;
}

static QkPage *read_page(xmlNodePtr n)
{
	QkPage *p = qk_page_new(get_int(n, "index", 0), get_num(n, "width", NULL),
	                        get_num(n, "height", NULL));
	p->label = get_attr(n, "label");
	p->scanned = get_bool(n, "scanned");
	p->garbled = get_bool(n, "garbled");
	p->ocr_dpi = get_int(n, "ocr-dpi", 0);
	p->ocr_confidence = get_num(n, "ocr-confidence", NULL);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_el(c, "block")) {
			g_ptr_array_add(p->blocks, read_block(c));
		} else if (is_el(c, "rule")) {
			QkBox b;
			get_box(c, &b);
			g_array_append_val(p->rules, b);
		}
	return p;
}

static QkTable *read_table(xmlNodePtr n)
{
	QkTable *t = qk_table_new();
	t->id = get_attr(n, "id");
	t->page = get_int(n, "page", 0);
	t->last_page = get_int(n, "last-page", t->page);
	get_box(n, &t->bbox);
	t->ruled = get_bool(n, "ruled");
	t->rows = get_int(n, "rows", 0);
	t->cols = get_int(n, "cols", 0);
	t->header_rows = get_int(n, "header-rows", 0);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_el(c, "title"))
			t->title = own_text(c);
		else if (is_el(c, "source"))
			t->source = own_text(c);
		else if (is_el(c, "period"))
			t->period = own_text(c);
		else if (is_el(c, "note"))
			t->note = own_text(c);
		else if (is_el(c, "unit"))
			t->unit = own_text(c);
		else if (is_el(c, "cell")) {
			QkCell *cell = qk_cell_new(get_int(c, "row", 0), get_int(c, "col", 0),
			                           get_int(c, "rowspan", 1), get_int(c, "colspan", 1), NULL);
			qk_text_free(cell->text);
			cell->text = read_text(c);
			cell->header = get_bool(c, "header");
			cell->indent = get_int(c, "indent", 0);
			cell->missing = get_bool(c, "missing");
			cell->value = get_num(c, "value", &cell->has_value);
			g_ptr_array_add(t->cells, cell);
		} else if (is_el(c, "indicator")) {
			QkIndicator *ind = qk_indicator_new(get_int(c, "row", 0));
			ind->name = get_attr(c, "name");
			ind->unit = get_attr(c, "unit");
			ind->period = get_attr(c, "period");
			ind->parent = get_int(c, "parent", -1);
			ind->col = get_int(c, "col", -1);
			g_ptr_array_add(t->indicators, ind);
		}
	}
	return t;
}

static QkTocSection *read_toc_section(xmlNodePtr n)
{
	char *name = get_attr(n, "name");
	QkTocSection *s = qk_toc_section_new(name);
	g_free(name);
	s->raw = get_attr(n, "raw");
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_el(c, "entry"))
			continue;
		QkTocEntry *e = qk_toc_entry_new();
		e->page = get_attr(c, "page");
		e->pdf_page = get_int(c, "pdf-page", 0);
		e->article_id = get_attr(c, "article");
		e->table_id = get_attr(c, "table");
		for (xmlNodePtr d = c->children; d; d = d->next) {
			if (is_el(d, "title")) {
				g_free(e->title);
				e->title = own_text(d);
			} else if (is_el(d, "author"))
				g_ptr_array_add(e->authors, own_text(d));
		}
		g_ptr_array_add(s->entries, e);
	}
	return s;
}

static void set_text(QkText **slot, xmlNodePtr n)
{
	qk_text_free(*slot);
	*slot = read_text(n);
}

static QkArticle *read_article(xmlNodePtr n)
{
	char *id = get_attr(n, "id");
	QkArticle *a = qk_article_new(id);
	g_free(id);
	char *item = get_attr(n, "kind");
	qk_item_kind_from_name(item, &a->kind);
	g_free(item);
	a->section = get_attr(n, "section");
	a->pdf_first = get_int(n, "pdf-first", 0);
	a->pdf_last = get_int(n, "pdf-last", 0);
	a->in_toc = get_bool(n, "in-toc");
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_el(c, "title"))
			set_text(&a->title, c);
		else if (is_el(c, "subtitle"))
			set_text(&a->subtitle, c);
		else if (is_el(c, "kicker"))
			set_text(&a->kicker, c);
		else if (is_el(c, "byline")) {
			g_free(a->byline);
			a->byline = own_text(c);
		} else if (is_el(c, "author"))
			g_ptr_array_add(a->authors, own_text(c));
		else if (is_el(c, "page"))
			g_ptr_array_add(a->pages, own_text(c));
		else if (is_el(c, "p")) {
			char *kind = get_attr(c, "kind");
			QkParaKind k = QK_PARA_BODY;
			qk_para_kind_from_name(kind, &k);
			g_free(kind);
			QkPara *p = qk_para_new(k, NULL);
			p->level = get_int(c, "level", 0);
			p->page = get_int(c, "page", 0);
			set_text(&p->text, c);
			g_ptr_array_add(a->paras, p);
		}
	}
	return a;
}

static QkIssue *walk(xmlNodePtr root)
{
	QkIssue *issue = qk_issue_new();
	char *kind = get_attr(root, "kind");
	qk_kind_from_name(kind, &issue->meta.kind);
	g_free(kind);
	issue->source = get_attr(root, "source");
	issue->source_sha256 = get_attr(root, "sha256");
	issue->normalized = get_bool(root, "normalized");
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (is_el(c, "meta"))
			read_meta(c, &issue->meta);
		else if (is_el(c, "warnings")) {
			for (xmlNodePtr w = c->children; w; w = w->next) {
				if (!is_el(w, "warning"))
					continue;
				char *code = get_attr(w, "code");
				char *msg = own_text(w);
				g_ptr_array_add(issue->warnings,
				                qk_warning_new(code, get_int(w, "page", 0), msg));
				g_free(code);
				g_free(msg);
			}
		} else if (is_el(c, "pages")) {
			for (xmlNodePtr p = c->children; p; p = p->next)
				if (is_el(p, "page"))
					g_ptr_array_add(issue->pages, read_page(p));
		} else if (is_el(c, "tables")) {
			for (xmlNodePtr t = c->children; t; t = t->next)
				if (is_el(t, "table"))
					g_ptr_array_add(issue->tables, read_table(t));
		} else if (is_el(c, "toc")) {
			for (xmlNodePtr s = c->children; s; s = s->next)
				if (is_el(s, "section"))
					g_ptr_array_add(issue->toc, read_toc_section(s));
		} else if (is_el(c, "articles")) {
			for (xmlNodePtr a = c->children; a; a = a->next)
				if (is_el(a, "article"))
					g_ptr_array_add(issue->articles, read_article(a));
		}
	}
	return issue;
}

QkIssue *qk_model_from_xml(const char *data, gsize len, const char *name,
                           GError **error)
{
	char *msg = NULL;
	QkIssue *issue = NULL;
	if (len == 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
		            "%s: empty input, expected qikan model XML", name);
		return NULL;
	}
	if (len > QK_MODEL_MAX_BYTES || len > (gsize)G_MAXINT) {
		g_set_error(error, QK_ERROR, QK_ERROR_LIMIT, "%s: model XML too large", name);
		return NULL;
	}
	if (!qk_xml_open(error))
		return NULL;
	xmlDocPtr doc = parse(data, len, &msg);
	if (doc && validate_doc(doc, &msg))
		issue = walk(qk_xml.xmlDocGetRootElement(doc));
	if (!issue)
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "%s: %s", name, msg);
	g_free(msg);
	if (doc)
		qk_xml.xmlFreeDoc(doc);
	return issue;
}

QkIssue *qk_model_read_file(const char *path, GError **error)
{
	char *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (!qk_file_read_all(path, QK_MODEL_MAX_BYTES, &data, &len, &e)) {
		g_set_error(error, QK_ERROR, e->code, "%s: %s", name, e->message);
		g_error_free(e);
		return NULL;
	}
	QkIssue *issue = qk_model_from_xml(data, len, name, error);
	g_free(data);
	return issue;
}
