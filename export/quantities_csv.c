/* quantities_csv.c — quantities.csv: amounts normalize found in articles. */
#include "exporters.h"
#include "export.h"

#include <string.h>

/* Dates, periods and ordinals carry numbers too, but they are not amounts. */
gboolean qk_export_annot_is_quantity(const QkAnnot *a)
{
	static const char *const not_amounts[] = {
		"date", "period", "ordinal", "time", "year", NULL
	};
	if (!a->kind)
		return FALSE;
	for (const char *const *k = not_amounts; *k; k++)
		if (strcmp(a->kind, *k) == 0)
			return FALSE;
	return a->has_value;
}

void qk_export_quantities_csv(const QkIssue *issue, QkCsv *csv)
{
	qk_csv_row(csv, qk_export_columns("quantities.csv"));
	for (guint i = 0; issue->articles && i < issue->articles->len; i++) {
		const QkArticle *art = g_ptr_array_index(issue->articles, i);
		for (guint p = 0; art->paras && p < art->paras->len; p++) {
			const QkPara *para = g_ptr_array_index(art->paras, p);
			if (!para->text || !para->text->annots)
				continue;
			for (guint k = 0; k < para->text->annots->len; k++) {
				const QkAnnot *a = g_ptr_array_index(para->text->annots, k);
				if (!qk_export_annot_is_quantity(a))
					continue;
				qk_csv_str(csv, art->id);
				qk_csv_int(csv, (long)p + 1);  /* 1-based, all paragraphs */
				qk_csv_str(csv, a->raw);
				qk_csv_num(csv, a->has_value, a->value);
				qk_csv_str(csv, a->unit);
				qk_csv_num(csv, a->has_base, a->base_value);
				qk_csv_str(csv, a->base_unit);
				qk_csv_str(csv, a->qualifier);
				/* a range's high end; N of N×amount */
				qk_csv_num(csv, a->has_high, a->value_high);
				qk_csv_num(csv, a->has_high && a->has_base, a->base_high);
				if (a->count)
					qk_csv_int(csv, a->count);
				else
					qk_csv_str(csv, NULL);
				qk_csv_end(csv);
			}
		}
	}
}
