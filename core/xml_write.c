/*
 * xml_write.c — the model's XML writer.
 *
 * Deterministic by construction: fixed element order, numbers through
 * g_ascii_formatd with fixed precision, no timestamps. Indentation is written
 * by hand because annotated text is mixed content, where an indenting writer
 * would change the text.
 *
 * The document is built in a GString, as cmark's xml.c does: this is the
 * hot end of every stage, and libxml2's text writer spent most of its time
 * copying and allocating per call. Written to a file, the string is a
 * buffer emptied into the file every 64 KB, so a 2,000-page model (~37 MB
 * of XML) is never held whole in memory; the bytes are the same either
 * way. They are the ones libxml2's writer gave:
 * a start tag stays open for attributes until content or a child follows,
 * an element closed with nothing inside is <x/>, and text and attribute
 * values are escaped as below.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "xmlio.h"
#include "parallel.h"
#include "fileio.h"
#include "error.h"

#define QK_XML_BUFFER 65536

typedef struct {
	GString *s;
	FILE *fp;               /* where s is emptied as it fills (a failed write
	                         * is the stream's error); NULL: s holds the
	                         * whole document */
	int depth;              /* indentation of the next line */
	GPtrArray *open;        /* names of the elements not yet closed */
	gboolean in_tag;        /* the innermost start tag takes attributes */
	int threads;            /* pages and articles rendered on this many */
} Out;

/* Appends n bytes: a copy into the string's room when it has it (what
 * g_string_append_c does inline), else GLib's append. The writer's
 * appends are short and many: GLib's calls were a third of its cost. */
static inline void put(GString *s, const char *p, size_t n)
{
	if (s->len + n < s->allocated_len) {
		memcpy(s->str + s->len, p, n);
		s->len += n;
		s->str[s->len] = '\0';
	} else {
		g_string_append_len(s, p, (gssize)n);
	}
}

/* put for a string. */
static inline void puts_(GString *s, const char *p)
{
	put(s, p, strlen(p));
}

/* Appends text with the characters in special replaced by their entities
 * (attribute values also escape tab and newline, which parsers normalise). */
static void escape(GString *s, const char *t, gboolean attribute)
{
	const char *special = attribute ? "&<>\"\t\n\r" : "&<>\"\r";
	for (;;) {
		size_t n = strcspn(t, special);
		put(s, t, n);
		t += n;
		switch (*t++) {
		case '\0': return;
		case '&': puts_(s, "&amp;"); break;
		case '<': puts_(s, "&lt;"); break;
		case '>': puts_(s, "&gt;"); break;
		case '"': puts_(s, "&quot;"); break;
		case '\t': puts_(s, "&#9;"); break;
		case '\n': puts_(s, "&#10;"); break;
		case '\r': puts_(s, "&#13;"); break;
		}
	}
}

/* Content follows: the open start tag is finished. */
static void end_tag(Out *o)
{
	if (o->in_tag)
		g_string_append_c(o->s, '>');
	o->in_tag = FALSE;
}

static void start(Out *o, const char *name)
{
	end_tag(o);
	g_string_append_c(o->s, '<');
	puts_(o->s, name);
	g_ptr_array_add(o->open, (gpointer)name);
	o->in_tag = TRUE;
}

/* Closes the innermost element: <x/> when nothing was written inside,
 * unless full. */
static void end(Out *o, gboolean full)
{
	const char *name = g_ptr_array_steal_index(o->open, o->open->len - 1);
	if (o->in_tag && !full) {
		put(o->s, "/>", 2);
	} else {
		end_tag(o);
		put(o->s, "</", 2);
		puts_(o->s, name);
		g_string_append_c(o->s, '>');
	}
	o->in_tag = FALSE;
}

/* Text content (an empty text still finishes the start tag). */
static void text(Out *o, const char *t)
{
	end_tag(o);
	escape(o->s, t, FALSE);
}

/* Hands what s holds to the file. */
static void flush(Out *o)
{
	if (o->s->len && !ferror(o->fp))
		fwrite(o->s->str, 1, o->s->len, o->fp);
	g_string_truncate(o->s, 0);
}

/* A new line: every element starts with one, so the buffer is checked
 * here. */
static void nl(Out *o)
{
	if (o->fp && o->s->len >= QK_XML_BUFFER)
		flush(o);
	end_tag(o);
	g_string_append_c(o->s, '\n');
	static const char spaces[] = "                                ";
	for (int i = 0; i < o->depth;) {
		int k = MIN(o->depth - i, (int)(sizeof spaces - 1) / 2);
		put(o->s, spaces, 2 * (size_t)k);
		i += k;
	}
}

static void open_el(Out *o, const char *name)
{
	nl(o);
	start(o, name);
	o->depth++;
}

/* Closes an element whose children were written on lines of their own. */
static void close_el(Out *o)
{
	o->depth--;
	nl(o);
	end(o, TRUE);
}

/* Closes an element with no children or inline content only. */
static void close_inline(Out *o)
{
	o->depth--;
	end(o, FALSE);
}

static void attr(Out *o, const char *name, const char *value)
{
	if (!value)
		return;
	g_string_append_c(o->s, ' ');
	puts_(o->s, name);
	put(o->s, "=\"", 2);
	escape(o->s, value, TRUE);
	g_string_append_c(o->s, '"');
}

/* An attribute whose value needs no escaping (digits, a point, a sign). */
static void attr_plain(Out *o, const char *name, const char *value, size_t n)
{
	g_string_append_c(o->s, ' ');
	puts_(o->s, name);
	put(o->s, "=\"", 2);
	put(o->s, value, n);
	g_string_append_c(o->s, '"');
}

static void attr_int(Out *o, const char *name, int v)
{
	/* the bytes of "%d", without printf */
	char buf[16];
	char *p = buf + sizeof buf;
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	attr_plain(o, name, p, (size_t)(buf + sizeof buf - p));
}

/* Coordinates: two decimals are far below a glyph's size and round-trip.
 * Written as whole hundredths, which is several times cheaper than
 * formatting a double (the writer's hot spot: four per line box) and gives
 * the bytes "%.2f" gives: the sign of negative values (-0.00 too), and
 * rounding to nearest. Only a value whose hundredths lie within 1e-6 of a
 * half — where v × 100 may round differently from printf's exact decimal
 * expansion — or a huge or non-finite one goes through g_ascii_formatd. */
static void attr_coord(Out *o, const char *name, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	double a = fabs(v) * 100;
	double whole = floor(a);
	double frac = a - whole;
	if (!(a < 1e12) || fabs(frac - 0.5) < 1e-6) {
		attr(o, name, g_ascii_formatd(buf, sizeof buf, "%.2f", v));
		return;
	}
	guint64 n = (guint64)whole + (frac > 0.5);   /* hundredths */
	/* right to left: two decimals, the point, the whole part */
	char *p = buf + sizeof buf;
	*--p = '\0';
	*--p = (char)('0' + n % 10);
	*--p = (char)('0' + n / 10 % 10);
	*--p = '.';
	n /= 100;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	if (signbit(v))
		*--p = '-';
	attr_plain(o, name, p, (size_t)(buf + sizeof buf - 1 - p));
}

/* Values: 15 significant digits read back to the same text. */
static void attr_num(Out *o, const char *name, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	attr(o, name, qk_format_value(buf, v));
}

static void attr_bool(Out *o, const char *name, gboolean v)
{
	if (v)
		attr(o, name, "true");
}

static void attr_box(Out *o, const QkBox *b)
{
	attr_coord(o, "x0", b->x0);
	attr_coord(o, "y0", b->y0);
	attr_coord(o, "x1", b->x1);
	attr_coord(o, "y1", b->y1);
}

static void text_el(Out *o, const char *name, const char *value)
{
	if (!value)
		return;
	nl(o);
	start(o, name);
	text(o, value);
	end(o, FALSE);
}

/* An annotated text: original as content, annotations as empty children. */
static void write_text_content(Out *o, const QkText *t)
{
	attr(o, "norm", t->norm);
	text(o, t->text);
	for (guint i = 0; i < t->annots->len; i++) {
		const QkAnnot *a = g_ptr_array_index(t->annots, i);
		start(o, "ann");
		attr(o, "kind", a->kind);
		attr_int(o, "start", a->start);
		attr_int(o, "end", a->end);
		attr(o, "raw", a->raw);
		attr(o, "norm", a->norm);
		if (a->has_value)
			attr_num(o, "value", a->value);
		attr(o, "unit", a->unit);
		if (a->has_base)
			attr_num(o, "base-value", a->base_value);
		attr(o, "base-unit", a->base_unit);
		attr(o, "qualifier", a->qualifier);
		if (a->has_high) {
			attr_num(o, "value-high", a->value_high);
			attr_num(o, "base-high", a->base_high);
		}
		if (a->count)
			attr_int(o, "count", a->count);
		end(o, FALSE);
	}
}

static void text_obj(Out *o, const char *name, const QkText *t)
{
	if (!t)
		return;
	open_el(o, name);
	write_text_content(o, t);
	close_inline(o);
}

static gboolean meta_empty(const QkMeta *m)
{
	return !m->title && !m->year && !m->number && !m->total_number &&
	       !m->frequency && !m->date && !m->date_text && !m->weekday &&
	       !m->lunar_date && !m->sponsor && !m->publisher && !m->cn &&
	       !m->edition_count && m->editors->len == 0;
}

static void write_meta(Out *o, const QkMeta *m)
{
	open_el(o, "meta");
	text_el(o, "title", m->title);
	text_el(o, "year", m->year);
	text_el(o, "number", m->number);
	text_el(o, "total-number", m->total_number);
	text_el(o, "frequency", m->frequency);
	text_el(o, "date", m->date);
	text_el(o, "date-text", m->date_text);
	text_el(o, "weekday", m->weekday);
	text_el(o, "lunar-date", m->lunar_date);
	text_el(o, "sponsor", m->sponsor);
	text_el(o, "publisher", m->publisher);
	text_el(o, "cn", m->cn);
	text_el(o, "edition-count", m->edition_count);
	for (guint i = 0; i < m->editors->len; i++) {
		const QkField *f = g_ptr_array_index(m->editors, i);
		open_el(o, "editor");
		attr(o, "role", f->name);
		text(o, f->value ? f->value : "");
		close_inline(o);
	}
	if (meta_empty(m))
		close_inline(o);
	else
		close_el(o);
}

static void write_block(Out *o, const QkBlock *b)
{
	open_el(o, "block");
	attr(o, "id", b->id);
	attr(o, "role", qk_role_name(b->role));
	attr_box(o, &b->bbox);
	attr(o, "font", b->font);
	attr_coord(o, "size", b->size);
	attr_bool(o, "bold", b->bold);
	if (b->column >= 0)
		attr_int(o, "column", b->column);
	attr(o, "furniture", b->furniture);
	attr(o, "section", b->section);
	for (guint i = 0; i < b->lines->len; i++) {
		const QkLine *l = g_ptr_array_index(b->lines, i);
		open_el(o, "line");
		attr_box(o, &l->bbox);
		attr(o, "font", l->font);
		attr_coord(o, "size", l->size);
		attr_bool(o, "bold", l->bold);
		attr(o, "raw", l->raw);
		if (l->conf) {
			/* one figure 0–100 a character */
			GString *c = g_string_sized_new(strlen(l->conf) * 3);
			for (const char *p = l->conf; *p; p++)
				g_string_append_printf(c, p == l->conf ? "%d" : " %d", *p - 1);
			attr(o, "conf", c->str);
			g_string_free(c, TRUE);
		}
		text(o, l->text);
		close_inline(o);
	}
	if (b->lines->len)
		close_el(o);
	else
		close_inline(o);
}

static void write_page(Out *o, const QkPage *p)
{
	open_el(o, "page");
	attr_int(o, "index", p->index);
	attr_coord(o, "width", p->width);
	attr_coord(o, "height", p->height);
	attr(o, "label", p->label);
	attr_bool(o, "scanned", p->scanned);
	attr_bool(o, "garbled", p->garbled);
	if (p->ocr_dpi > 0) {
		attr_int(o, "ocr-dpi", p->ocr_dpi);
		attr_coord(o, "ocr-confidence", p->ocr_confidence);  /* two decimals */
	}
	for (guint i = 0; i < p->blocks->len; i++)
		write_block(o, g_ptr_array_index(p->blocks, i));
	for (guint i = 0; i < p->rules->len; i++) {
		open_el(o, "rule");
		attr_box(o, &g_array_index(p->rules, QkBox, i));
		close_inline(o);
	}
	if (p->blocks->len || p->rules->len)
		close_el(o);
	else
		close_inline(o);
}

static void write_table(Out *o, const QkTable *t)
{
	open_el(o, "table");
	attr(o, "id", t->id);
	attr_int(o, "page", t->page);
	if (t->last_page && t->last_page != t->page)
		attr_int(o, "last-page", t->last_page);
	attr_box(o, &t->bbox);
	attr_bool(o, "ruled", t->ruled);
	attr_int(o, "rows", t->rows);
	attr_int(o, "cols", t->cols);
	attr_int(o, "header-rows", t->header_rows);
	text_el(o, "title", t->title);
	text_el(o, "source", t->source);
	text_el(o, "period", t->period);
	text_el(o, "note", t->note);
	text_el(o, "unit", t->unit);
	for (guint i = 0; i < t->cells->len; i++) {
		const QkCell *c = g_ptr_array_index(t->cells, i);
		open_el(o, "cell");
		attr_int(o, "row", c->row);
		attr_int(o, "col", c->col);
		if (c->rowspan > 1)
			attr_int(o, "rowspan", c->rowspan);
		if (c->colspan > 1)
			attr_int(o, "colspan", c->colspan);
		attr_bool(o, "header", c->header);
		if (c->indent > 0)
			attr_int(o, "indent", c->indent);
		attr_bool(o, "missing", c->missing);
		if (c->has_value)
			attr_num(o, "value", c->value);
		write_text_content(o, c->text);
		close_inline(o);
	}
	for (guint i = 0; i < t->indicators->len; i++) {
		const QkIndicator *ind = g_ptr_array_index(t->indicators, i);
		open_el(o, "indicator");
		attr_int(o, "row", ind->row);
		attr(o, "name", ind->name);
		attr(o, "unit", ind->unit);
		attr(o, "period", ind->period);
		if (ind->parent >= 0)
			attr_int(o, "parent", ind->parent);
		if (ind->col >= 0)
			attr_int(o, "col", ind->col);
		close_inline(o);
	}
	close_el(o);
}

static void write_toc(Out *o, const GPtrArray *toc)
{
	open_el(o, "toc");
	for (guint i = 0; i < toc->len; i++) {
		const QkTocSection *s = g_ptr_array_index(toc, i);
		open_el(o, "section");
		attr(o, "name", s->name);
		attr(o, "raw", s->raw);
		for (guint j = 0; j < s->entries->len; j++) {
			const QkTocEntry *e = g_ptr_array_index(s->entries, j);
			open_el(o, "entry");
			attr(o, "page", e->page);
			if (e->pdf_page > 0)
				attr_int(o, "pdf-page", e->pdf_page);
			attr(o, "article", e->article_id);
			attr(o, "table", e->table_id);
			text_el(o, "title", e->title);
			for (guint k = 0; k < e->authors->len; k++)
				text_el(o, "author", g_ptr_array_index(e->authors, k));
			if (e->title || e->authors->len)
				close_el(o);
			else
				close_inline(o);
		}
		if (s->entries->len)
			close_el(o);
		else
			close_inline(o);
	}
	close_el(o);
}

static void write_article(Out *o, const QkArticle *a)
{
	open_el(o, "article");
	attr(o, "id", a->id);
	if (a->kind != QK_ITEM_ARTICLE)
		attr(o, "kind", qk_item_kind_name(a->kind));
	attr(o, "section", a->section);
	if (a->pdf_first > 0)
		attr_int(o, "pdf-first", a->pdf_first);
	if (a->pdf_last > 0)
		attr_int(o, "pdf-last", a->pdf_last);
	attr_bool(o, "in-toc", a->in_toc);
	text_obj(o, "kicker", a->kicker);
	text_obj(o, "title", a->title);
	text_obj(o, "subtitle", a->subtitle);
	text_el(o, "byline", a->byline);
	for (guint i = 0; i < a->authors->len; i++)
		text_el(o, "author", g_ptr_array_index(a->authors, i));
	for (guint i = 0; i < a->pages->len; i++)
		text_el(o, "page", g_ptr_array_index(a->pages, i));
	for (guint i = 0; i < a->paras->len; i++) {
		const QkPara *p = g_ptr_array_index(a->paras, i);
		open_el(o, "p");
		attr(o, "kind", qk_para_kind_name(p->kind));
		if (p->level > 0)
			attr_int(o, "level", p->level);
		if (p->page > 0)
			attr_int(o, "page", p->page);
		write_text_content(o, p->text);
		close_inline(o);
	}
	close_el(o);
}

/* ---- pages and articles on several threads --------------------------- */

/* Elements rendered this many at a time, each into a string of its own,
 * then appended in order: the memory held is a window's, not the
 * document's. */
#define QK_XML_WINDOW 16

typedef struct {
	gconstpointer obj;
	GString *s;
} Piece;

typedef struct {
	void (*write)(Out *o, gconstpointer obj);
	int depth;
} Render;

static void render_piece(gpointer item, gpointer data, int slot)
{
	(void)slot;
	Piece *pc = item;
	const Render *r = data;
	/* as written in place: at the same depth, after a finished tag */
	Out o = { pc->s, NULL, r->depth, g_ptr_array_new(), FALSE, 1 };
	r->write(&o, pc->obj);
	g_ptr_array_unref(o.open);
}

/* write(o, each item of objs), the same bytes as in a loop. */
static void write_each(Out *o, const GPtrArray *objs, void (*write)(Out *, gconstpointer))
{
	if (o->threads <= 1 || objs->len < 2) {
		for (guint i = 0; i < objs->len; i++)
			write(o, g_ptr_array_index(objs, i));
		return;
	}
	end_tag(o);
	Render r = { write, o->depth };
	Piece pieces[QK_XML_WINDOW];
	GPtrArray *items = g_ptr_array_sized_new(QK_XML_WINDOW);
	for (guint from = 0; from < objs->len; from += QK_XML_WINDOW) {
		guint n = MIN(QK_XML_WINDOW, objs->len - from);
		g_ptr_array_set_size(items, 0);
		for (guint i = 0; i < n; i++) {
			pieces[i] = (Piece){ g_ptr_array_index(objs, from + i), g_string_new(NULL) };
			g_ptr_array_add(items, &pieces[i]);
		}
		qk_parallel_for(items, render_piece, &r, o->threads);
		for (guint i = 0; i < n; i++) {
			g_string_append_len(o->s, pieces[i].s->str, (gssize)pieces[i].s->len);
			g_string_free(pieces[i].s, TRUE);
			if (o->fp && o->s->len >= QK_XML_BUFFER)
				flush(o);
		}
	}
	g_ptr_array_free(items, TRUE);
}

static void write_page_obj(Out *o, gconstpointer p)
{
	write_page(o, p);
}

static void write_article_obj(Out *o, gconstpointer a)
{
	write_article(o, a);
}

/* The whole document through o. */
static void write_issue(Out *o, const QkIssue *issue)
{
	g_string_append(o->s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	start(o, "issue");
	o->depth = 1;
	attr(o, "version", QK_MODEL_VERSION);
	attr(o, "kind", qk_kind_name(issue->meta.kind));
	attr(o, "source", issue->source);
	attr(o, "sha256", issue->source_sha256);
	attr_bool(o, "normalized", issue->normalized);

	write_meta(o, &issue->meta);

	if (issue->warnings->len) {
		open_el(o, "warnings");
		for (guint i = 0; i < issue->warnings->len; i++) {
			const QkWarning *w = g_ptr_array_index(issue->warnings, i);
			open_el(o, "warning");
			attr(o, "code", w->code);
			if (w->page > 0)
				attr_int(o, "page", w->page);
			text(o, w->message ? w->message : "");
			close_inline(o);
		}
		close_el(o);
	}

	open_el(o, "pages");
	write_each(o, issue->pages, write_page_obj);
	if (issue->pages->len)
		close_el(o);
	else
		close_inline(o);

	open_el(o, "tables");
	for (guint i = 0; i < issue->tables->len; i++)
		write_table(o, g_ptr_array_index(issue->tables, i));
	if (issue->tables->len)
		close_el(o);
	else
		close_inline(o);

	if (issue->toc->len)
		write_toc(o, issue->toc);
	else {
		open_el(o, "toc");
		close_inline(o);
	}

	open_el(o, "articles");
	write_each(o, issue->articles, write_article_obj);
	if (issue->articles->len)
		close_el(o);
	else
		close_inline(o);

	o->depth = 0;
	nl(o);
	end(o, TRUE);
	g_string_append_c(o->s, '\n');
}

char *qk_model_to_xml(const QkIssue *issue, gsize *len_out)
{
	Out o = { g_string_sized_new(1 << 16), NULL, 0, g_ptr_array_new(), FALSE, 1 };
	write_issue(&o, issue);
	g_ptr_array_unref(o.open);
	gsize len = o.s->len;
	char *out = g_string_free(o.s, FALSE);
	if (len_out)
		*len_out = len;
	return out;
}

gboolean qk_model_write_file(const QkIssue *issue, const char *path, GError **error)
{
	return qk_model_write_file_threads(issue, path, 1, error);
}

gboolean qk_model_write_file_threads(const QkIssue *issue, const char *path, int threads,
                                     GError **error)
{
	QkAtomicFile *file = qk_atomic_file_new(path, error);
	if (!file)
		return FALSE;
	Out o = { g_string_sized_new(QK_XML_BUFFER + 4096), qk_atomic_file_stream(file), 0,
	          g_ptr_array_new(), FALSE, threads };
	write_issue(&o, issue);
	flush(&o);
	g_ptr_array_unref(o.open);
	g_string_free(o.s, TRUE);
	return qk_atomic_file_commit(file, FALSE, error);   /* it sees failed writes */
}
