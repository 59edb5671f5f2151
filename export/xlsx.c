/*
 * xlsx.c — issue.xlsx (--xlsx): the issue for Excel and WPS, where many of
 * qikan's users work. Sheets: 目录 (the TOC), 文章 (the articles), 指标 (the
 * tidy indicators), each with the columns of its CSV file (one piece of
 * code writes both: the CSV is built and its rows copied), a bold frozen
 * header row and numbers as numbers; and one sheet per table with its
 * header drawn as printed: spanning cells merged, header rows bold and
 * frozen. Excel holds at most 32,767 characters in a cell: a longer body
 * is cut with a marker (articles/<id>.txt holds it whole).
 */
#include <string.h>
#include <xlsxwriter.h>
#include "exporters.h"
#include "export.h"
#include "csvout.h"
#include "error.h"
#include "dynlib.h"

/* libxlsxwriter (and the libcrypto it links) is opened by the first
 * workbook written (dynlib.h): only --xlsx uses it. */
#define XLSX_FUNCTIONS(X) \
	X(workbook_new_opt) X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close) \
	X(format_set_bold) X(format_set_border) X(format_set_align) X(format_set_text_wrap) \
	X(worksheet_write_number) X(worksheet_write_string) X(worksheet_freeze_panes) \
	X(worksheet_autofilter) X(worksheet_merge_range) X(worksheet_set_column) X(lxw_strerror)
static struct {
	XLSX_FUNCTIONS(QK_DYNLIB_FIELD)
} W;
#define SYM(f) { #f, (gpointer *)&W.f },
static const QkDynSym xlsx_syms[] = { XLSX_FUNCTIONS(SYM) };
#undef SYM
static QkDynlib xlsx_lib;

#define CELL_MAX 32767
#define CUT_MARK "…［全文见 articles/ 文本文件］"

/* s cut to Excel's cell limit (in UTF-16 units, counted as characters
 * here: CJK text is all in the BMP), caller frees. */
static char *fit_cell(const char *s)
{
	glong n = g_utf8_strlen(s, -1);
	glong mark = g_utf8_strlen(CUT_MARK, -1);
	if (n <= CELL_MAX)
		return g_strdup(s);
	const char *end = g_utf8_offset_to_pointer(s, CELL_MAX - mark);
	GString *o = g_string_new_len(s, end - s);
	g_string_append(o, CUT_MARK);
	return g_string_free(o, FALSE);
}

static void write_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v,
                        gboolean numeric, lxw_format *fmt)
{
	if (!v || !*v)
		return;
	if (numeric) {
		char *end = NULL;
		double d = g_ascii_strtod(v, &end);
		if (end && *end == '\0') {
			W.worksheet_write_number(ws, r, c, d, fmt);
			return;
		}
	}
	char *fit = fit_cell(v);
	W.worksheet_write_string(ws, r, c, fit, fmt);
	g_free(fit);
}

/* A sheet with the rows of csv (its first row the header). */
static gboolean csv_sheet(lxw_workbook *wb, const char *name, QkCsv *csv, lxw_format *bold,
                          GError **error)
{
	gsize len = 0;
	const char *data = qk_csv_data(csv, &len);
	GPtrArray *rows = qk_csv_parse(data, len, error);
	qk_csv_free(csv);
	if (!rows)
		return FALSE;
	lxw_worksheet *ws = W.workbook_add_worksheet(wb, name);
	GPtrArray *head = rows->len ? g_ptr_array_index(rows, 0) : NULL;
	for (guint r = 0; r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		for (guint c = 0; c < row->len; c++)
			write_value(ws, (lxw_row_t)r, (lxw_col_t)c, g_ptr_array_index(row, c),
			            r > 0 && c < head->len &&
			            qk_export_column_is_numeric(g_ptr_array_index(head, c)),
			            r == 0 ? bold : NULL);
	}
	W.worksheet_freeze_panes(ws, 1, 0);
	if (head && head->len)
		W.worksheet_autofilter(ws, 0, 0, (lxw_row_t)MAX(rows->len, 1) - 1,
		                     (lxw_col_t)head->len - 1);
	g_ptr_array_unref(rows);
	return TRUE;
}

/* Excel's rules for a sheet name: at most 31 characters, none of []:*?/\,
 * unique in the workbook (case-insensitive). */
static char *sheet_name(const QkTable *t, GHashTable *taken)
{
	GString *s = g_string_new(t->id);
	if (t->title) {
		g_string_append_c(s, ' ');
		g_string_append(s, t->title);
	}
	for (char *p = s->str; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
	const char *cut = g_utf8_offset_to_pointer(s->str, MIN(g_utf8_strlen(s->str, -1), 28));
	char *base = g_strndup(s->str, cut - s->str);
	g_string_free(s, TRUE);
	char *name = g_strdup(base);
	for (int n = 2; ; n++) {
		char *folded = g_utf8_casefold(name, -1);
		gboolean used = g_hash_table_contains(taken, folded);
		g_free(folded);
		if (!used)
			break;
		g_free(name);
		name = g_strdup_printf("%s~%d", base, n);
	}
	g_free(base);
	g_hash_table_add(taken, g_utf8_casefold(name, -1));
	return name;
}

static void table_sheet(lxw_workbook *wb, const QkTable *t, GHashTable *taken,
                        lxw_format *head, lxw_format *body)
{
	char *name = sheet_name(t, taken);
	lxw_worksheet *ws = W.workbook_add_worksheet(wb, name);
	g_free(name);
	for (guint i = 0; i < t->cells->len; i++) {
		const QkCell *c = g_ptr_array_index(t->cells, i);
		const char *text = c->text ? c->text->text : "";
		gboolean is_head = c->header || c->row < t->header_rows;
		lxw_format *f = is_head ? head : body;
		if (c->rowspan > 1 || c->colspan > 1) {
			W.worksheet_merge_range(ws, (lxw_row_t)c->row, (lxw_col_t)c->col,
			                      (lxw_row_t)(c->row + c->rowspan - 1),
			                      (lxw_col_t)(c->col + c->colspan - 1), text, f);
		} else if (!is_head && c->has_value) {
			W.worksheet_write_number(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, c->value, f);
		} else {
			W.worksheet_write_string(ws, (lxw_row_t)c->row, (lxw_col_t)c->col, text, f);
		}
	}
	W.worksheet_set_column(ws, 0, 0, 24, NULL);
	if (t->cols > 1)
		W.worksheet_set_column(ws, 1, (lxw_col_t)(t->cols - 1), 12, NULL);
	if (t->header_rows > 0)
		W.worksheet_freeze_panes(ws, (lxw_row_t)t->header_rows, 1);
}

gboolean qk_export_xlsx(const QkIssue *issue, const char *path, GError **error)
{
	if (!qk_dynlib_load(&xlsx_lib, QK_XLSXWRITER_SONAME, xlsx_syms, G_N_ELEMENTS(xlsx_syms))) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot write %s: cannot load %s "
		            "(Debian: libxlsxwriter4)", path, QK_XLSXWRITER_SONAME);
		return FALSE;
	}
	lxw_workbook_options wo = { .constant_memory = LXW_FALSE, .tmpdir = NULL };
	lxw_workbook *wb = W.workbook_new_opt(path, &wo);
	if (!wb) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot create %s", path);
		return FALSE;
	}
	lxw_format *bold = W.workbook_add_format(wb);
	W.format_set_bold(bold);
	lxw_format *head = W.workbook_add_format(wb);
	W.format_set_bold(head);
	W.format_set_border(head, LXW_BORDER_THIN);
	W.format_set_align(head, LXW_ALIGN_CENTER);
	W.format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	W.format_set_text_wrap(head);
	lxw_format *body = W.workbook_add_format(wb);
	W.format_set_border(body, LXW_BORDER_THIN);
	gboolean ok = csv_sheet(wb, "目录", qk_export_csv_of(qk_export_toc_csv, issue), bold, error) &&
	              csv_sheet(wb, "文章", qk_export_csv_of(qk_export_articles_csv, issue), bold, error) &&
	              csv_sheet(wb, "指标", qk_export_csv_of(qk_export_indicators_csv, issue), bold, error);
	GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	static const char *const fixed[] = { "目录", "文章", "指标" };
	for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
		g_hash_table_add(taken, g_strdup(fixed[i]));
	for (guint i = 0; ok && i < issue->tables->len; i++)
		table_sheet(wb, g_ptr_array_index(issue->tables, i), taken, head, body);
	g_hash_table_unref(taken);
	lxw_error rc = W.workbook_close(wb);
	if (ok && rc != LXW_NO_ERROR) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: %s", path, W.lxw_strerror(rc));
		ok = FALSE;
	}
	return ok;
}
