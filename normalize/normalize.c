/* normalize.c — the normalize stage driver: walks the whole model with one
 * QkNormalizer (patterns compiled once per run) and annotates it. Running it
 * twice gives the same model: every step recomputes from the original text. */
#include <string.h>

#include "norm.h"
#include "parallel.h"

/* The issue's year, for dates printed without one; 0 when unknown. */
static int issue_year(const QkIssue *issue)
{
	const char *y = issue->meta.year;
	if (!y && issue->meta.date && strlen(issue->meta.date) >= 4)
		y = issue->meta.date;
	if (!y)
		return 0;
	char *end = NULL;
	gint64 v = g_ascii_strtoll(y, &end, 10);
	if (end == y || v < 1000 || v > 2999) {
		double d = 0;
		if (qk_norm_cn_value(y, -1, &d) && d >= 1000 && d <= 2999)
			return (int)d;
		return 0;
	}
	return (int)v;
}

/* Replaces *field by f(*field) when that differs. */
static void fold_field(QkNormalizer *n, char **field)
{
	if (!*field || !g_utf8_validate(*field, -1, NULL))
		return;
	char *tf = qk_norm_textform(n, *field);
	if (tf) {
		g_free(*field);
		*field = tf;
	}
}

/* A meta field that should hold digits: fold full-width and Chinese numerals
 * (二〇二三 → 2023, 四 → 4). */
static void digits_field(QkNormalizer *n, char **field)
{
	fold_field(n, field);
	if (!*field)
		return;
	double v = 0;
	if (!g_ascii_isdigit((*field)[0]) && qk_norm_cn_value(*field, -1, &v) &&
	    v >= 0 && v < 1e9) {
		g_free(*field);
		*field = g_strdup_printf("%.0f", v);
	}
}

/* Re-splits an author list: extract may hand over "祁 贵" as one entry or
 * as two ("祁", "贵"), so the entries are joined with spaces and split
 * again. An already fixed list comes back unchanged. */
static void fix_names(GPtrArray *names)
{
	if (names->len == 0)
		return;
	GString *all = g_string_new(NULL);
	for (guint i = 0; i < names->len; i++) {
		if (i)
			g_string_append_c(all, ' ');
		g_string_append(all, names->pdata[i]);
	}
	GPtrArray *parts = qk_norm_split_names(all->str);
	g_string_free(all, TRUE);
	g_ptr_array_set_size(names, 0);
	for (guint k = 0; k < parts->len; k++)
		g_ptr_array_add(names, g_strdup(parts->pdata[k]));
	g_ptr_array_free(parts, TRUE);
}

static void canon_section(QkNormalizer *n, char **field)
{
	if (!*field)
		return;
	char *c = qk_norm_section_name_with(n, *field);
	if (c) {
		g_free(*field);
		*field = c;
	}
}

static void normalize_meta(QkNormalizer *n, QkMeta *m)
{
	digits_field(n, &m->year);
	digits_field(n, &m->number);
	digits_field(n, &m->total_number);
	digits_field(n, &m->edition_count);
	fold_field(n, &m->cn);
	fold_field(n, &m->date);
	if (!m->date && m->date_text) {
		/* The printed date, read (not guessed): 2023年10月31日. */
		GPtrArray *a = qk_norm_annotate(n, m->date_text, 0, NULL);
		for (guint i = 0; i < a->len && !m->date; i++) {
			QkAnnot *x = a->pdata[i];
			if (strcmp(x->kind, "date") == 0 && x->norm && x->norm[0] != '-' &&
			    !x->qualifier)
				m->date = g_strdup(x->norm);
		}
		g_ptr_array_free(a, TRUE);
	}
	for (guint i = 0; m->editors && i < m->editors->len; i++) {
		QkField *f = m->editors->pdata[i];
		if (!f->value)
			continue;
		GPtrArray *names = qk_norm_split_names(f->value);
		if (names->len > 0) {
			g_ptr_array_add(names, NULL);
			char *joined = g_strjoinv(" ", (char **)names->pdata);
			g_free(f->value);
			f->value = joined;
		}
		g_ptr_array_free(names, TRUE);
	}
}

QkNormalizer *qk_normalizer_new(const QkNormalizeOptions *opts, GError **error)
{
	return qk_norm_new(opts, error);
}

void qk_normalizer_free(QkNormalizer *n)
{
	qk_norm_free(n);
}

void qk_normalizer_jit_all(QkNormalizer *n)
{
	qk_norm_jit_all(n);
}

void qk_normalizer_ready(QkNormalizer *n)
{
	qk_norm_ready(n);
}

gboolean qk_normalize_issue(QkIssue *issue, const QkNormalizeOptions *opts, GError **error)
{
	g_return_val_if_fail(issue != NULL, FALSE);
	QkNormalizer *n = qk_norm_new(opts, error);
	if (!n)
		return FALSE;
	qk_normalize_issue_with(n, issue);
	qk_norm_free(n);
	return TRUE;
}

/* The texts and tables of an issue, normalized on several threads: each
 * item is annotated in place from its own text alone, so what each gets
 * does not depend on which thread took it or when. */
typedef struct {
	QkText *text;     /* or */
	QkTable *table;
} Item;

typedef struct {
	QkNormalizer **views;   /* one per thread slot; 0 is the caller's */
	int year;
} Share;

static void normalize_item(gpointer item, gpointer data, int slot)
{
	const Item *it = item;
	Share *sh = data;
	if (it->table)
		qk_norm_table(sh->views[slot], it->table, sh->year);
	else
		qk_norm_text(sh->views[slot], it->text, sh->year);
}

static void add_text(GArray *store, QkText *t)
{
	Item it = { t, NULL };
	if (t)
		g_array_append_val(store, it);
}

/* Text below which an issue is normalized on one thread, its patterns
 * JIT-compiled as they are used: a cover's few lines use few of them.
 * Above it every pattern gets compiled anyway (one is once it has scanned
 * 64 bytes), so compiling them all beforehand costs nothing more. */
#define SHARED_TEXT_BYTES (4 * 1024)

/* Text above which an issue's normalize scans more than a cover's few
 * lines (page 1 of magazine-2023-01: a masthead's five lines, 68 bytes). */
#define SCANNED_TEXT_BYTES 256

static gsize text_bytes(const QkIssue *issue)
{
	gsize bytes = 0;
	for (guint i = 0; issue->pages && i < issue->pages->len; i++) {
		const QkPage *pg = issue->pages->pdata[i];
		for (guint k = 0; pg->blocks && k < pg->blocks->len; k++) {
			const QkBlock *b = pg->blocks->pdata[k];
			for (guint l = 0; b->lines && l < b->lines->len; l++) {
				const QkLine *ln = b->lines->pdata[l];
				bytes += ln->text ? strlen(ln->text) : 0;
			}
		}
	}
	return bytes;
}

int qk_normalize_threads_for(const QkIssue *issue, int threads)
{
	return text_bytes(issue) >= SHARED_TEXT_BYTES ? MAX(threads, 1) : 1;
}

gboolean qk_normalize_scans(const QkIssue *issue)
{
	return text_bytes(issue) >= SCANNED_TEXT_BYTES;
}

void qk_normalize_issue_with(QkNormalizer *n, QkIssue *issue)
{
	qk_normalize_issue_threads(n, issue, 1);
}

void qk_normalize_issue_threads(QkNormalizer *n, QkIssue *issue, int threads)
{
	g_return_if_fail(n != NULL && issue != NULL);
	normalize_meta(n, &issue->meta);
	int year = issue_year(issue);

	for (guint i = 0; issue->pages && i < issue->pages->len; i++) {
		QkPage *pg = issue->pages->pdata[i];
		for (guint k = 0; pg->blocks && k < pg->blocks->len; k++)
			canon_section(n, &((QkBlock *)pg->blocks->pdata[k])->section);
	}
	for (guint i = 0; issue->toc && i < issue->toc->len; i++) {
		QkTocSection *sec = issue->toc->pdata[i];
		char *c = qk_norm_section_name_with(n, sec->raw ? sec->raw : sec->name);
		if (c) {
			g_free(sec->name);
			sec->name = c;
		}
		for (guint k = 0; sec->entries && k < sec->entries->len; k++) {
			QkTocEntry *e = sec->entries->pdata[k];
			if (e->authors)
				fix_names(e->authors);
		}
	}
	/* the tables first: the largest items, so that no thread is left with
	 * one at the end */
	GArray *store = g_array_new(FALSE, FALSE, sizeof(Item));
	for (guint i = 0; issue->tables && i < issue->tables->len; i++) {
		Item it = { NULL, issue->tables->pdata[i] };
		g_array_append_val(store, it);
	}
	for (guint i = 0; issue->articles && i < issue->articles->len; i++) {
		QkArticle *a = issue->articles->pdata[i];
		canon_section(n, &a->section);
		add_text(store, a->title);
		add_text(store, a->subtitle);
		add_text(store, a->kicker);
		/* Who the authors are is the structure stage's call (本报评论员
		 * is a byline, not a name): only their spelling is fixed here. */
		if (a->authors && a->authors->len)
			fix_names(a->authors);
		for (guint k = 0; a->paras && k < a->paras->len; k++) {
			QkPara *p = a->paras->pdata[k];
			add_text(store, p->text);
			if (p->kind == QK_PARA_HEADING && p->level == 0 && p->text)
				p->level = qk_norm_heading_level(p->text->text);
		}
	}
	GPtrArray *items = g_ptr_array_sized_new(store->len);
	for (guint i = 0; i < store->len; i++)
		g_ptr_array_add(items, &g_array_index(store, Item, i));
	threads = CLAMP(threads, 1, (int)MAX(items->len, 1));
	if (threads > 1)
		qk_norm_jit_all(n);   /* the views share n's patterns */
	QkNormalizer **views = g_new0(QkNormalizer *, threads);
	views[0] = n;
	for (int t = 1; t < threads; t++)
		views[t] = qk_norm_view(n);
	Share sh = { views, year };
	qk_parallel_for(items, normalize_item, &sh, threads);
	for (int t = 1; t < threads; t++)
		qk_norm_free(views[t]);
	g_free(views);
	g_ptr_array_free(items, TRUE);
	g_array_free(store, TRUE);

	issue->normalized = TRUE;
}
