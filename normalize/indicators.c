/* indicators.c — statistics tables: data cells as numbers (dashes and blanks
 * as missing), indicator labels split into name, unit and period
 * (地区生产总值(亿元)(1—2季度)), and the table's period from its title. */
#include <string.h>

#include "norm.h"

static gboolean blank(gunichar c)
{
	return g_unichar_isspace(c) || c == 0x3000 || c == 0x00A0;
}

/* Trimmed copy with full-width forms folded. */
static char *clean_copy(const char *text)
{
	char *valid = g_utf8_make_valid(text ? text : "", -1);
	char *tf = qk_norm_textform(NULL, valid);
	if (tf) {
		g_free(valid);
		valid = tf;
	}
	/* trim Unicode blanks at both ends */
	const char *s = valid;
	while (*s && blank(g_utf8_get_char(s)))
		s = g_utf8_next_char(s);
	const char *e = s + strlen(s);
	while (e > s) {
		const char *pe = g_utf8_prev_char(e);
		if (!blank(g_utf8_get_char(pe)))
			break;
		e = pe;
	}
	char *res = g_strndup(s, (gsize)(e - s));
	g_free(valid);
	return res;
}

gboolean qk_norm_cell_value(const char *text, double *value, gboolean *missing)
{
	*missing = FALSE;
	char *t = clean_copy(text);
	static const char *dashes[] = { "", "-", "—", "——", "－", "–", "…", "……", "/", "─", "--" };
	for (gsize i = 0; i < G_N_ELEMENTS(dashes); i++) {
		if (strcmp(t, dashes[i]) == 0) {
			*missing = TRUE;
			g_free(t);
			return FALSE;
		}
	}
	/* −0.6 with a minus sign, 5.2% with a percent: still numbers */
	GString *b = g_string_new(NULL);
	for (const char *p = t; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		/* △ (statistics bulletins' minus) and a leading dash: a minus */
		if (c == 0x2212 || c == 0xFF0D ||
		    ((c == 0x2014 || c == 0x2013 || c == 0x25B3) && b->len == 0))
			g_string_append_c(b, '-');
		else if (blank(c))
			continue;
		else
			g_string_append_unichar(b, c);
	}
	if (b->len && b->str[b->len - 1] == '%')
		g_string_truncate(b, b->len - 1);
	gboolean ok = b->len > 0 && qk_norm_ar_value(b->str, (gssize)b->len, value);
	/* qk_norm_ar_value accepts a lone sign or point: require a digit */
	if (ok && !strpbrk(b->str, "0123456789"))
		ok = FALSE;
	g_string_free(b, TRUE);
	g_free(t);
	return ok;
}

/* Is s (a parenthesised part) a period? Returns its canonical form. */
static char *as_period(QkNormalizer *n, const char *s)
{
	char *res = NULL;
	GPtrArray *a = qk_norm_annotate(n, s, 0, NULL);
	if (a->len == 1) {
		QkAnnot *x = a->pdata[0];
		if (strcmp(x->kind, "period") == 0 && x->start == 0 &&
		    x->end == (int)g_utf8_strlen(s, -1))
			res = g_strdup(x->norm);
	}
	g_ptr_array_free(a, TRUE);
	return res;
}

void qk_norm_split_indicator(const QkNormalizer *cn, const char *label,
                             char **name, char **unit, char **period)
{
	/* annotate needs the match data, which is per context, not const */
	QkNormalizer *n = (QkNormalizer *)cn;
	*name = *unit = *period = NULL;
	char *t = clean_copy(label);
	gsize len = strlen(t);
	/* Peel trailing (…) parts while they are units or periods. */
	for (;;) {
		if (len == 0)
			break;
		const char *endc = g_utf8_prev_char(t + len);
		gunichar close = g_utf8_get_char(endc);
		if (close != ')' && close != 0xFF09)
			break;
		const char *open = NULL;
		for (const char *p = endc; p > t;) {
			p = g_utf8_prev_char(p);
			gunichar c = g_utf8_get_char(p);
			if (c == '(' || c == 0xFF08) {
				open = p;
				break;
			}
			if (c == ')' || c == 0xFF09)
				break;
		}
		if (!open)
			break;
		const char *in = g_utf8_next_char(open);
		char *inner = g_strndup(in, (gsize)(endc - in));
		g_strstrip(inner);
		char *per = NULL;
		if (!*unit && qk_norm_unit_lookup(n, inner, NULL, NULL, NULL)) {
			*unit = inner;
		} else if (!*period && (per = as_period(n, inner))) {
			*period = per;
			g_free(inner);
		} else {
			g_free(inner);
			break;
		}
		len = (gsize)(open - t);
		while (len > 0 && t[len - 1] == ' ')
			len--;
	}
	*name = g_strndup(t, len);
	g_free(t);
}

char *qk_norm_table_period(QkNormalizer *n, const char *title)
{
	if (!title)
		return NULL;
	char *res = NULL;
	GPtrArray *a = qk_norm_annotate(n, title, 0, NULL);
	for (guint i = 0; i < a->len && !res; i++) {
		QkAnnot *x = a->pdata[i];
		if (strcmp(x->kind, "period") != 0 || !x->norm ||
		    (x->qualifier && strcmp(x->qualifier, "issue") == 0))
			continue;
		/* the table's period without the year: 2022年1—12月 → 1—12月 */
		const char *p = x->norm;
		const char *nian = strstr(p, "年");
		if (nian && nian - p == 4)
			p = nian + strlen("年");
		if (*p && p[0] != '-')
			res = g_strdup(p);
	}
	g_ptr_array_free(a, TRUE);
	return res;
}

static gboolean has_han(const char *s)
{
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HAN)
			return TRUE;
	return FALSE;
}

const char *qk_norm_part_marker(const char *label, gboolean *of, int *hashes)
{
	static const char *const qizhong[] = { "其中：", "其中:", "其中，", "其中" };
	const char *p = label;
	*of = FALSE;
	*hashes = 0;
	while (*p == ' ' || g_str_has_prefix(p, "\u3000"))
		p += *p == ' ' ? 1 : strlen("\u3000");
	for (gsize i = 0; i < G_N_ELEMENTS(qizhong) && !*of; i++)
		if (g_str_has_prefix(p, qizhong[i])) {
			p += strlen(qizhong[i]);
			*of = TRUE;
		}
	for (;; (*hashes)++) {
		if (*p == '#')
			p++;
		else if (g_str_has_prefix(p, "＃"))
			p += strlen("＃");
		else
			break;
	}
	while (*p == ' ' || g_str_has_prefix(p, "\u3000"))
		p += *p == ' ' ? 1 : strlen("\u3000");
	return p;
}

/* The indicator each indicator is part of. 其中：X is part of the row it
 * follows (at its indent or less); #X of the nearest row above with fewer
 * #; an indented row of the nearest row above set in less; indented rows
 * after a 其中 row are its siblings. marks[i] holds the #s of indicator i,
 * indent[i] its label cell's indent, of[i] its 其中. */
static void set_parents(GPtrArray *inds, const int *hashes, const int *indent,
                        const gboolean *of)
{
	guint n = inds->len;
	guint *stack = g_new(guint, n ? n : 1);   /* plain rows, indent rising */
	guint depth = 0;
	for (guint i = 0; i < n; i++) {
		QkIndicator *ind = g_ptr_array_index(inds, i);
		if (hashes[i] > 0) {
			for (guint k = i; k-- > 0;)
				if (hashes[k] < hashes[i]) {
					ind->parent = ((QkIndicator *)g_ptr_array_index(inds, k))->row;
					break;
				}
			continue;
		}
		if (of[i]) {
			while (depth && indent[stack[depth - 1]] > indent[i])
				depth--;
		} else {
			while (depth && indent[stack[depth - 1]] >= indent[i])
				depth--;
		}
		if (depth)
			ind->parent = ((QkIndicator *)g_ptr_array_index(inds, stack[depth - 1]))->row;
		if (!of[i])
			stack[depth++] = i;
	}
	g_free(stack);
}

/* table-labels.txt's region-header and region-suffix words, loaded once. */
static GPtrArray *region_words(const char *kind)
{
	static GPtrArray *lists[2];
	static gsize once;
	if (g_once_init_enter(&once)) {
		for (int k = 0; k < 2; k++)
			lists[k] = g_ptr_array_new_with_free_func(g_free);
		char **lines = qk_norm_data_lines("table-labels.txt", NULL, NULL);
		for (char **l = lines; l && *l; l++) {
			char *tab = strchr(*l, '\t');
			if (!tab || !tab[1])
				continue;
			int k = g_str_has_prefix(*l, "region-header\t") ? 0
			        : g_str_has_prefix(*l, "region-suffix\t") ? 1 : -1;
			if (k >= 0)
				g_ptr_array_add(lists[k], g_strdup(tab + 1));
		}
		g_strfreev(lines);
		g_once_init_leave(&once, 1);
	}
	return lists[g_str_equal(kind, "header") ? 0 : 1];
}

/* The labels in column 0 are regions (朔城区, 应县 …), not indicators: the
 * column is headed 地区 (or the like), or most labels end in 县, 区, 市 … */
static gboolean regions_down(const QkTable *t)
{
	GPtrArray *heads = region_words("header"), *ends = region_words("suffix");
	for (int r = 0; r < t->header_rows; r++) {
		QkCell *c = qk_table_cell(t, r, 0);
		for (guint i = 0; c && c->text && i < heads->len; i++)
			if (g_str_equal(c->text->text, g_ptr_array_index(heads, i)))
				return TRUE;
	}
	int labels = 0, regions = 0;
	for (int r = t->header_rows; r < t->rows; r++) {
		QkCell *c = qk_table_cell(t, r, 0);
		if (!c || c->row != r || !c->text || !*c->text->text)
			continue;
		labels++;
		for (guint i = 0; i < ends->len; i++)
			if (g_str_has_suffix(c->text->text, g_ptr_array_index(ends, i))) {
				regions++;
				break;
			}
	}
	return labels >= 2 && 5 * regions >= 4 * labels;
}

/* A table of regions down the rows: one indicator per value column, named
 * by its header (the top cell: 粮食总产量（万吨）; a unit in the bottom
 * one when the top has none). A column headed 单位 is none. */
static void column_indicators(QkNormalizer *n, QkTable *t)
{
	for (int k = 1; k < t->cols; k++) {
		QkCell *top = qk_table_cell(t, 0, k);
		QkCell *bottom = qk_table_cell(t, t->header_rows - 1, k);
		if (!top || !top->text || !*top->text->text || strstr(top->text->text, "单位"))
			continue;
		QkIndicator *ind = qk_indicator_new(0);
		ind->col = k;
		qk_norm_split_indicator(n, top->text->text, &ind->name, &ind->unit, &ind->period);
		if (!ind->unit && bottom && bottom != top && bottom->text) {
			char *name = NULL, *period = NULL;
			qk_norm_split_indicator(n, bottom->text->text, &name, &ind->unit, &period);
			g_free(name);
			g_free(period);
		}
		g_ptr_array_add(t->indicators, ind);
	}
}

void qk_norm_table(QkNormalizer *n, QkTable *t, int year)
{
	if (!t)
		return;
	qk_norm_ready(n);   /* its units, looked up before any scan */
	if (t->indicators)
		g_ptr_array_set_size(t->indicators, 0);
	else
		t->indicators = g_ptr_array_new_with_free_func((GDestroyNotify)qk_indicator_free);
	g_clear_pointer(&t->period, g_free);

	for (guint i = 0; i < t->cells->len; i++) {
		QkCell *c = t->cells->pdata[i];
		qk_norm_text(n, c->text, year);
		c->missing = FALSE;
		c->has_value = FALSE;
		c->value = 0;
		if (c->header || c->row < t->header_rows)
			continue;
		double v = 0;
		gboolean missing = FALSE;
		if (qk_norm_cell_value(c->text ? c->text->text : "", &v, &missing)) {
			c->has_value = TRUE;
			c->value = v;
		}
		c->missing = missing;
	}

	/* An indicator table: most data rows have a label in column 0 and
	 * numbers (or gaps) elsewhere. */
	/* rows with figures, and those of them labelled in column 0 (rows
	 * without figures, group headings or items not reported, count for
	 * neither) */
	int labelled = 0, data_rows = 0;
	for (int r = t->header_rows; r < t->rows; r++) {
		QkCell *first = qk_table_cell(t, r, 0);
		if (!first)
			continue;
		gboolean numbers = FALSE;
		for (int col = 1; col < t->cols && !numbers; col++) {
			QkCell *c = qk_table_cell(t, r, col);
			if (c && c->row == r && c->col == col && c->has_value)
				numbers = TRUE;
		}
		data_rows += numbers;
		labelled += numbers && first->text && has_han(first->text->text) && !first->has_value;
	}
	if (data_rows > 0 && labelled * 2 > data_rows && t->header_rows > 0 && regions_down(t)) {
		column_indicators(n, t);
	} else if (data_rows > 0 && labelled * 2 > data_rows) {
		int *hashes = g_new0(int, t->rows), *indent = g_new0(int, t->rows);
		gboolean *of = g_new0(gboolean, t->rows);
		for (int r = t->header_rows; r < t->rows; r++) {
			QkCell *first = qk_table_cell(t, r, 0);
			if (!first || first->row != r || !first->text || !has_han(first->text->text))
				continue;
			first->missing = FALSE; /* a label, not a data cell */
			guint k = t->indicators->len;
			const char *label = qk_norm_part_marker(first->text->text, &of[k], &hashes[k]);
			indent[k] = first->indent;
			QkIndicator *ind = qk_indicator_new(r);
			qk_norm_split_indicator(n, label, &ind->name, &ind->unit, &ind->period);
			/* a group's label ends in a colon (流动资产：) */
			gsize len = strlen(ind->name);
			if (g_str_has_suffix(ind->name, "："))
				ind->name[len - strlen("：")] = '\0';
			else if (len && ind->name[len - 1] == ':')
				ind->name[len - 1] = '\0';
			g_ptr_array_add(t->indicators, ind);
		}
		set_parents(t->indicators, hashes, indent, of);
		g_free(hashes);
		g_free(indent);
		g_free(of);
	}
	t->period = qk_norm_table_period(n, t->title);
}
