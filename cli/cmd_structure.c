/* cmd_structure.c — `qikan structure [MODEL.xml|-] [-o FILE]`. */
#include <stdio.h>
#include "cli.h"
#include "structure.h"
#include "xmlio.h"

int qk_cmd_structure(int argc, char **argv)
{
	char *output = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to FILE (default: standard output)", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[MODEL.xml] — find the issue's metadata, TOC and articles");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Reads the layout model 'qikan extract' writes (a file, or standard input when\n"
		"none or '-' is given) and writes it back with the issue's structure: metadata,\n"
		"table of contents, and articles (title, kicker, subtitle, authors, lead box,\n"
		"body, captions, tail lines, continuations), TOC entries linked to articles.\n"
		"A model that has a structure already gets a new one.\n\n"
		"Examples:\n"
		"  qikan structure issue.layout.xml -o issue.xml\n"
		"  qikan extract issue.pdf | qikan structure | qikan normalize | qikan export --to out/issue\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "structure", &argc, &argv))
		goto cleanup;
	if (argc > 2) {
		fprintf(stderr, "qikan structure: give at most one model file (see 'qikan structure --help')\n");
		goto cleanup;
	}
	const char *input = argc == 2 ? argv[1] : "-";
	rc = QK_EXIT_FAILED;
	QkIssue *issue = qk_cli_read_model(input);
	if (issue) {
		GError *err = NULL;
		qk_structure_issue(issue);
		/* extract printed its own warnings already */
		qk_cli_print_warnings_if(issue, issue->source ? issue->source : input,
		                         qk_structure_owns_warning);
		if (qk_model_write_file(issue, output ? output : "-", &err)) {
			rc = QK_EXIT_OK;
		} else {
			fprintf(stderr, "qikan: %s: %s\n", output ? output : "<stdout>", err->message);
			g_error_free(err);
		}
	}
	qk_issue_free(issue);
cleanup:
	g_option_context_free(ctx);
	g_free(output);
	return rc;
}
