/* cmd_extract.c — `qikan extract ISSUE.pdf [-o FILE]`. */
#include <stdio.h>
#include "cli.h"
#include "extract.h"
#include "xmlio.h"

int qk_cmd_extract(int argc, char **argv)
{
	char *output = NULL, *password = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to FILE (default: standard output)", "FILE" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &password, "Password of an encrypted PDF", "PASSWORD" },
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
		"  qikan extract issue.pdf | qikan structure | qikan normalize | qikan export --to out/issue\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "extract", &argc, &argv))
		goto cleanup;
	if (argc != 2) {
		fprintf(stderr, "qikan extract: give exactly one PDF file (see 'qikan extract --help')\n");
		goto cleanup;
	}
	GError *err = NULL;
	QkExtractOptions opts = { .password = password };
	QkIssue *issue = qk_extract_pdf(argv[1], &opts, &err);
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
	return rc;
}
