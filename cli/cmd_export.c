/* cmd_export.c — `qikan export --to DIR [MODEL.xml|-]`. */
#include <stdio.h>
#include "cli.h"
#include "export.h"
#include "xmlio.h"

int qk_cmd_export(int argc, char **argv)
{
	char *to = NULL;
	gboolean mets = FALSE, xlsx = FALSE, csv_bom = FALSE;
	GOptionEntry entries[] = {
		{ "to", 't', 0, G_OPTION_ARG_FILENAME, &to, "Write the issue's files into DIR (required)", "DIR" },
		{ "mets", 0, 0, G_OPTION_ARG_NONE, &mets,
		  "Also write mets.xml and alto/p0001.xml… (METS 1.12.1 + ALTO 4.4, for archives)", NULL },
		{ "xlsx", 0, 0, G_OPTION_ARG_NONE, &xlsx,
		  "Also write issue.xlsx (TOC, articles, indicators, one sheet per table)", NULL },
		{ "csv-bom", 0, 0, G_OPTION_ARG_NONE, &csv_bom,
		  "Begin CSV files with a byte-order mark (Excel opens them right)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[MODEL.xml] — write XML, CSV and text files");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Reads the issue model (a file, or standard input) and writes into DIR:\n"
		"issue.xml, toc.csv, articles.csv, articles/*.txt, tables.csv, tables/*.csv,\n"
		"indicators.csv and quantities.csv. Every file is written under a temporary\n"
		"name and renamed, so DIR never holds a half-written file. DIR/.qikan-files\n"
		"lists what qikan wrote: a later export replaces or removes only those files\n"
		"and refuses to overwrite any other.\n\n"
		"Examples:\n"
		"  qikan export --to out/issue issue.xml\n"
		"  qikan extract issue.pdf | qikan structure | qikan normalize | qikan export --to out/issue\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "export", &argc, &argv))
		goto cleanup;
	if (!to || !*to || argc > 2) {
		fprintf(stderr, "qikan export: give --to DIR and at most one model file (see 'qikan export --help')\n");
		goto cleanup;
	}
	const char *input = argc == 2 ? argv[1] : "-";
	GError *err = NULL;
	rc = QK_EXIT_FAILED;
	QkIssue *issue = qk_cli_read_model(input);
	if (!issue)
		goto cleanup;
	QkExportOptions eo = { .mets = mets, .xlsx = xlsx, .csv_bom = csv_bom };
	if (!qk_export_issue_with(issue, to, &eo, &err)) {
		fprintf(stderr, "qikan: %s: %s\n", to, err ? err->message : "export failed");
		g_clear_error(&err);
	} else {
		rc = QK_EXIT_OK;
	}
	qk_issue_free(issue);
cleanup:
	g_option_context_free(ctx);
	g_free(to);
	return rc;
}
