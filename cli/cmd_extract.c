/* cmd_extract.c — `qikan extract ISSUE.pdf [-o FILE]`. */
#include <stdio.h>
#include "cli.h"
#include "extract.h"
#include "xmlio.h"

int qk_cmd_extract(int argc, char **argv)
{
	char *output = NULL, *password = NULL, *ocr = NULL, *ocr_lang = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to FILE (default: standard output)", "FILE" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &password, "Password of an encrypted PDF", "PASSWORD" },
		QK_CLI_OCR_ENTRIES(&ocr, &ocr_lang),
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("ISSUE.pdf — read an issue PDF into the issue model");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Writes the layout model (XML, schema/qikan.rng): pages, blocks in reading order\n"
		"with their roles, page furniture, printed page labels and tables. 'qikan\n"
		"structure' finds the metadata, TOC and articles in it.\n"
		QK_PAGE_LIMIT_HELP "\n"
		"Examples:\n"
		"  qikan extract issue.pdf -o issue.xml\n"
		"  qikan extract --ocr=force --ocr-lang=chi_tra+eng scan.pdf -o scan.xml\n"
		"  qikan extract issue.pdf | qikan structure | qikan normalize | qikan export --to out/issue\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "extract", &argc, &argv))
		goto cleanup;
	if (argc != 2) {
		fprintf(stderr, "qikan extract: give exactly one PDF file (see 'qikan extract --help')\n");
		goto cleanup;
	}
	QkExtractOptions opts = { .password = password, .ocr_lang = ocr_lang };
	if (!qk_cli_ocr_mode("extract", ocr, &opts.ocr))
		goto cleanup;
	QkCliProgress progress = { argv[1], 0 };
	opts.progress = qk_cli_progress;
	opts.progress_data = &progress;
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(argv[1], &opts, &err);
	qk_cli_progress_end(&progress);
	if (!issue) {
		fprintf(stderr, "qikan: %s: %s\n", argv[1], err->message);
		g_error_free(err);
		rc = QK_EXIT_FAILED;
		goto cleanup;
	}
	qk_cli_print_warnings(issue, argv[1]);
	rc = QK_EXIT_OK;
	if (!qk_model_write_file(issue, output ? output : "-", &err)) {
		fprintf(stderr, "qikan: %s: %s\n", output ? output : "<stdout>", err->message);
		g_error_free(err);
		rc = QK_EXIT_FAILED;
	}
	qk_issue_free(issue);
cleanup:
	g_option_context_free(ctx);
	g_free(output);
	g_free(password);
	g_free(ocr);
	g_free(ocr_lang);
	return rc;
}
