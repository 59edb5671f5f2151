/*
 * model.c — constructors, destructors and small helpers of the issue model.
 * Every _free accepts NULL; arrays own their elements through free funcs.
 */
#include <math.h>
#include <string.h>
#include "model.h"

#define PTR_ARRAY(fn) g_ptr_array_new_with_free_func((GDestroyNotify)(fn))

static const char *const role_names[QK_ROLE_COUNT_] = {
	"body", "title", "subtitle", "kicker", "byline", "heading", "note",
	"caption", "source", "table", "furniture", "masthead", "toc",
	"continuation", "other",
};

static const char *const para_kind_names[QK_PARA_COUNT_] = {
	"body", "heading", "note", "caption", "source", "tail", "jump",
};

static const char *const item_kind_names[QK_ITEM_COUNT_] = { "article", "notice" };

static const char *const kind_names[] = { "unknown", "magazine", "newspaper" };

const char *qk_role_name(QkRole role)
{
	return (role >= 0 && role < QK_ROLE_COUNT_) ? role_names[role] : "other";
}

gboolean qk_role_from_name(const char *name, QkRole *out)
{
	for (int i = 0; name && i < QK_ROLE_COUNT_; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*out = (QkRole)i;
			return TRUE;
		}
	return FALSE;
}

const char *qk_para_kind_name(QkParaKind kind)
{
	return (kind >= 0 && kind < QK_PARA_COUNT_) ? para_kind_names[kind] : "body";
}

gboolean qk_para_kind_from_name(const char *name, QkParaKind *out)
{
	for (int i = 0; name && i < QK_PARA_COUNT_; i++)
		if (strcmp(name, para_kind_names[i]) == 0) {
			*out = (QkParaKind)i;
			return TRUE;
		}
	return FALSE;
}

gboolean qk_para_kind_is_body(QkParaKind kind)
{
	return kind == QK_PARA_BODY || kind == QK_PARA_HEADING;
}

const char *qk_item_kind_name(QkItemKind kind)
{
	return (kind >= 0 && kind < QK_ITEM_COUNT_) ? item_kind_names[kind] : "article";
}

gboolean qk_item_kind_from_name(const char *name, QkItemKind *out)
{
	for (int i = 0; name && i < QK_ITEM_COUNT_; i++)
		if (strcmp(name, item_kind_names[i]) == 0) {
			*out = (QkItemKind)i;
			return TRUE;
		}
	return FALSE;
}

const char *qk_kind_name(QkKind kind)
{
	return (kind >= QK_KIND_UNKNOWN && kind <= QK_KIND_NEWSPAPER) ? kind_names[kind] : "unknown";
}

gboolean qk_kind_from_name(const char *name, QkKind *out)
{
	for (int i = 0; name && i < (int)G_N_ELEMENTS(kind_names); i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (QkKind)i;
			return TRUE;
		}
	return FALSE;
}

/* ---- text and annotations ------------------------------------------ */

QkAnnot *qk_annot_new(const char *kind, int start, int end, const char *raw)
{
	QkAnnot *a = g_new0(QkAnnot, 1);
	a->kind = g_strdup(kind);
	a->start = start;
	a->end = end;
	a->raw = g_strdup(raw);
	return a;
}

void qk_annot_free(QkAnnot *a)
{
	if (!a)
		return;
	g_free(a->kind);
	g_free(a->raw);
	g_free(a->norm);
	g_free(a->unit);
	g_free(a->base_unit);
	g_free(a->qualifier);
	g_free(a);
}

QkText *qk_text_new(const char *text)
{
	QkText *t = g_new0(QkText, 1);
	t->text = g_strdup(text ? text : "");
	t->annots = PTR_ARRAY(qk_annot_free);
	return t;
}

void qk_text_free(QkText *t)
{
	if (!t)
		return;
	g_free(t->text);
	g_free(t->norm);
	g_ptr_array_unref(t->annots);
	g_free(t);
}

const char *qk_text_get(const QkText *t)
{
	if (!t)
		return NULL;
	return t->norm ? t->norm : t->text;
}

/* ---- meta ------------------------------------------------------------ */

QkField *qk_field_new(const char *name, const char *value)
{
	QkField *f = g_new0(QkField, 1);
	f->name = g_strdup(name);
	f->value = g_strdup(value);
	return f;
}

void qk_field_free(QkField *f)
{
	if (!f)
		return;
	g_free(f->name);
	g_free(f->value);
	g_free(f);
}

static void meta_clear(QkMeta *m)
{
	g_free(m->title);
	g_free(m->year);
	g_free(m->number);
	g_free(m->total_number);
	g_free(m->frequency);
	g_free(m->date);
	g_free(m->date_text);
	g_free(m->weekday);
	g_free(m->lunar_date);
	g_free(m->sponsor);
	g_free(m->publisher);
	g_free(m->cn);
	g_free(m->edition_count);
	if (m->editors)
		g_ptr_array_unref(m->editors);
}

void qk_meta_reset(QkMeta *m)
{
	meta_clear(m);
	memset(m, 0, sizeof *m);
	m->editors = PTR_ARRAY(qk_field_free);
}

/* ---- pages ----------------------------------------------------------- */

QkLine *qk_line_new(const char *text)
{
	QkLine *l = g_new0(QkLine, 1);
	l->text = g_strdup(text ? text : "");
	return l;
}

void qk_line_free(QkLine *line)
{
	if (!line)
		return;
	g_free(line->text);
	g_free(line->raw);
	g_free(line->conf);
	g_free(line->font);
	g_free(line);
}

QkBlock *qk_block_new(void)
{
	QkBlock *b = g_new0(QkBlock, 1);
	b->role = QK_ROLE_BODY;
	b->column = -1;
	b->lines = PTR_ARRAY(qk_line_free);
	return b;
}

void qk_block_free(QkBlock *block)
{
	if (!block)
		return;
	g_free(block->id);
	g_free(block->font);
	g_free(block->furniture);
	g_free(block->section);
	g_ptr_array_unref(block->lines);
	g_free(block);
}

QkPage *qk_page_new(int index, double width, double height)
{
	QkPage *p = g_new0(QkPage, 1);
	p->index = index;
	p->width = width;
	p->height = height;
	p->blocks = PTR_ARRAY(qk_block_free);
	p->rules = g_array_new(FALSE, FALSE, sizeof(QkBox));
	return p;
}

void qk_page_free(QkPage *page)
{
	if (!page)
		return;
	g_free(page->label);
	g_ptr_array_unref(page->blocks);
	g_array_unref(page->rules);
	g_free(page);
}

/* ---- tables ---------------------------------------------------------- */

QkCell *qk_cell_new(int row, int col, int rowspan, int colspan, const char *text)
{
	QkCell *c = g_new0(QkCell, 1);
	c->row = row;
	c->col = col;
	c->rowspan = rowspan > 0 ? rowspan : 1;
	c->colspan = colspan > 0 ? colspan : 1;
	c->text = qk_text_new(text);
	return c;
}

void qk_cell_free(QkCell *cell)
{
	if (!cell)
		return;
	qk_text_free(cell->text);
	g_free(cell);
}

QkIndicator *qk_indicator_new(int row)
{
	QkIndicator *i = g_new0(QkIndicator, 1);
	i->row = row;
	i->parent = -1;
	i->col = -1;
	return i;
}

void qk_indicator_free(QkIndicator *ind)
{
	if (!ind)
		return;
	g_free(ind->name);
	g_free(ind->unit);
	g_free(ind->period);
	g_free(ind);
}

QkTable *qk_table_new(void)
{
	QkTable *t = g_new0(QkTable, 1);
	t->cells = PTR_ARRAY(qk_cell_free);
	t->indicators = PTR_ARRAY(qk_indicator_free);
	return t;
}

void qk_table_free(QkTable *table)
{
	if (!table)
		return;
	g_free(table->id);
	g_free(table->title);
	g_free(table->source);
	g_free(table->period);
	g_free(table->note);
	g_free(table->unit);
	g_ptr_array_unref(table->cells);
	g_ptr_array_unref(table->indicators);
	g_free(table);
}

QkCell *qk_table_cell(const QkTable *table, int row, int col)
{
	for (guint i = 0; i < table->cells->len; i++) {
		QkCell *c = g_ptr_array_index(table->cells, i);
		if (row >= c->row && row < c->row + c->rowspan &&
		    col >= c->col && col < c->col + c->colspan)
			return c;
	}
	return NULL;
}

/* ---- toc ------------------------------------------------------------- */

QkTocEntry *qk_toc_entry_new(void)
{
	QkTocEntry *e = g_new0(QkTocEntry, 1);
	e->authors = PTR_ARRAY(g_free);
	return e;
}

void qk_toc_entry_free(QkTocEntry *entry)
{
	if (!entry)
		return;
	g_free(entry->title);
	g_ptr_array_unref(entry->authors);
	g_free(entry->page);
	g_free(entry->article_id);
	g_free(entry->table_id);
	g_free(entry);
}

QkTocSection *qk_toc_section_new(const char *name)
{
	QkTocSection *s = g_new0(QkTocSection, 1);
	s->name = g_strdup(name);
	s->entries = PTR_ARRAY(qk_toc_entry_free);
	return s;
}

void qk_toc_section_free(QkTocSection *sec)
{
	if (!sec)
		return;
	g_free(sec->name);
	g_free(sec->raw);
	g_ptr_array_unref(sec->entries);
	g_free(sec);
}

/* ---- articles -------------------------------------------------------- */

QkPara *qk_para_new(QkParaKind kind, const char *text)
{
	QkPara *p = g_new0(QkPara, 1);
	p->kind = kind;
	p->text = qk_text_new(text);
	return p;
}

void qk_para_free(QkPara *para)
{
	if (!para)
		return;
	qk_text_free(para->text);
	g_free(para);
}

QkArticle *qk_article_new(const char *id)
{
	QkArticle *a = g_new0(QkArticle, 1);
	a->id = g_strdup(id);
	a->authors = PTR_ARRAY(g_free);
	a->pages = PTR_ARRAY(g_free);
	a->paras = PTR_ARRAY(qk_para_free);
	return a;
}

void qk_article_free(QkArticle *art)
{
	if (!art)
		return;
	g_free(art->id);
	g_free(art->section);
	qk_text_free(art->title);
	qk_text_free(art->subtitle);
	qk_text_free(art->kicker);
	g_free(art->byline);
	g_ptr_array_unref(art->authors);
	g_ptr_array_unref(art->pages);
	g_ptr_array_unref(art->paras);
	g_free(art);
}

/* ---- warnings and the issue ------------------------------------------ */

QkWarning *qk_warning_new(const char *code, int page, const char *message)
{
	QkWarning *w = g_new0(QkWarning, 1);
	w->code = g_strdup(code);
	w->page = page;
	w->message = g_strdup(message);
	return w;
}

void qk_warning_free(QkWarning *w)
{
	if (!w)
		return;
	g_free(w->code);
	g_free(w->message);
	g_free(w);
}

void qk_issue_warn(QkIssue *issue, const char *code, int page, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(issue->warnings, qk_warning_new(code, page, msg));
	g_free(msg);
}

QkIssue *qk_issue_new(void)
{
	QkIssue *i = g_new0(QkIssue, 1);
	i->meta.editors = PTR_ARRAY(qk_field_free);
	i->pages = PTR_ARRAY(qk_page_free);
	i->tables = PTR_ARRAY(qk_table_free);
	i->toc = PTR_ARRAY(qk_toc_section_free);
	i->articles = PTR_ARRAY(qk_article_free);
	i->warnings = PTR_ARRAY(qk_warning_free);
	return i;
}

void qk_issue_free(QkIssue *issue)
{
	if (!issue)
		return;
	g_free(issue->source);
	g_free(issue->source_sha256);
	meta_clear(&issue->meta);
	g_ptr_array_unref(issue->pages);
	g_ptr_array_unref(issue->tables);
	g_ptr_array_unref(issue->toc);
	g_ptr_array_unref(issue->articles);
	g_ptr_array_unref(issue->warnings);
	g_free(issue);
}

QkPage *qk_issue_page(const QkIssue *issue, int index)
{
	/* Pages are stored in order, usually complete: try the direct slot first. */
	if (index >= 1 && (guint)index <= issue->pages->len) {
		QkPage *p = g_ptr_array_index(issue->pages, index - 1);
		if (p->index == index)
			return p;
	}
	for (guint i = 0; i < issue->pages->len; i++) {
		QkPage *p = g_ptr_array_index(issue->pages, i);
		if (p->index == index)
			return p;
	}
	return NULL;
}

QkArticle *qk_issue_article(const QkIssue *issue, const char *id)
{
	for (guint i = 0; id && i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		if (a->id && strcmp(a->id, id) == 0)
			return a;
	}
	return NULL;
}

gboolean qk_jit_enabled(void)
{
	return g_getenv("QK_NO_JIT") == NULL;
}

void qk_box_union(QkBox *acc, const QkBox *b)
{
	acc->x0 = MIN(acc->x0, b->x0);
	acc->y0 = MIN(acc->y0, b->y0);
	acc->x1 = MAX(acc->x1, b->x1);
	acc->y1 = MAX(acc->y1, b->y1);
}

/* ---- joining text ----------------------------------------------------- */

/* Scripts written without spaces between words. */
static gboolean is_spaceless(gunichar c)
{
	GUnicodeScript s = g_unichar_get_script(c);
	if (s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
	    s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL ||
	    s == G_UNICODE_SCRIPT_BOPOMOFO)
		return TRUE;
	/* CJK punctuation and full-width forms */
	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	       c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D ||
	       c == 0x2018 || c == 0x2019 || c == 0x00B7;
}

void qk_text_join(GString *out, const char *next)
{
	if (!next || !*next)
		return;
	/* drop trailing spaces of what we have, leading ones of next */
	while (out->len && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	while (*next == ' ')
		next++;
	if (!*next)
		return;
	if (out->len == 0) {
		g_string_append(out, next);
		return;
	}
	const char *lastp = g_utf8_find_prev_char(out->str, out->str + out->len);
	gunichar last = lastp ? g_utf8_get_char_validated(lastp, -1) : 0;
	gunichar first = g_utf8_get_char_validated(next, -1);
	if (last == '-' && lastp > out->str && g_ascii_isalpha(lastp[-1]) &&
	    first < 0x80 && g_ascii_islower((char)first)) {
		/* a word hyphenated at the line end: join without the hyphen */
		g_string_truncate(out, (gsize)(lastp - out->str));
	} else if (!is_spaceless(last) && !is_spaceless(first)) {
		g_string_append_c(out, ' ');
	}
	g_string_append(out, next);
}

char *qk_block_text(const QkBlock *block)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < block->lines->len; i++) {
		QkLine *l = g_ptr_array_index(block->lines, i);
		qk_text_join(s, l->text);
	}
	return g_string_free(s, FALSE);
}

/* A whole number below 1e15 is its digits under "%.15g" (no exponent
 * before 15 digits, no point): written as such, several times cheaper than
 * g_ascii_formatd (2,600 instructions a call; an issue's quantities,
 * indicators and annotations format thousands). -0 keeps its "-0". */
char *qk_format_value(char *buf, double v)
{
	if (!(fabs(v) < 1e15) || v != floor(v) || (v == 0 && signbit(v)))
		return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", v);
	guint64 n = (guint64)fabs(v);
	char digits[20];
	int k = 0;
	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	while (k > 0)
		*p++ = digits[--k];
	*p = '\0';
	return buf;
}
