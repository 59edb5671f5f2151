/* toc_csv.c — toc.csv: one row per table-of-contents entry. */
#include "exporters.h"
#include "export.h"

void qk_export_toc_csv(const QkIssue *issue, QkCsv *csv)
{
	qk_csv_row(csv, qk_export_columns("toc.csv"));
	for (guint s = 0; issue->toc && s < issue->toc->len; s++) {
		const QkTocSection *sec = g_ptr_array_index(issue->toc, s);
		const char *section = sec->name ? sec->name : sec->raw;
		for (guint e = 0; sec->entries && e < sec->entries->len; e++) {
			const QkTocEntry *entry = g_ptr_array_index(sec->entries, e);
			char *authors = qk_export_join_authors(entry->authors);
			qk_csv_str(csv, section);
			qk_csv_str(csv, entry->title);
			qk_csv_str(csv, authors);
			qk_csv_str(csv, entry->page);
			qk_csv_pos(csv, entry->pdf_page);
			qk_csv_str(csv, entry->article_id);
			qk_csv_str(csv, entry->table_id);
			qk_csv_end(csv);
			g_free(authors);
		}
	}
}
