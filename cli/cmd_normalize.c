/* cmd_normalize.c — `qikan normalize [MODEL.xml|-] [-o FILE]`. */
#include <stdio.h>
#include "cli.h"
#include "normalize.h"
#include "xmlio.h"

int qk_cmd_normalize(int argc, char **argv)
{
	char *output = NULL, *units = NULL, *sections = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model to FILE (default: standard output)", "FILE" },
		{ "units", 0, 0, G_OPTION_ARG_FILENAME, &units, "Extra units (same format as data/units.tsv)", "FILE" },
		{ "sections", 0, 0, G_OPTION_ARG_FILENAME, &sections, "Extra section names (same format as data/sections.txt)", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("[MODEL.xml] — annotate numbers, quantities, dates and sections");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Reads the issue model (a file, or standard input when none or '-' is given)\n"
		"and writes it back with normalized forms and annotations; the original\n"
		"text is never changed.\n\n"
		"Examples:\n"
		"  qikan normalize issue.xml -o issue.norm.xml\n"
		"  qikan extract issue.pdf | qikan structure | qikan normalize --units my-units.tsv > issue.xml\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "normalize", &argc, &argv))
		goto cleanup;
	if (argc > 2) {
		fprintf(stderr, "qikan normalize: give at most one model file (see 'qikan normalize --help')\n");
		goto cleanup;
	}
	const char *input = argc == 2 ? argv[1] : "-";
	GError *err = NULL;
	rc = QK_EXIT_FAILED;
	QkNormalizeOptions opts = { .units_file = units, .sections_file = sections };
	QkCliNormalizer *job = qk_cli_normalizer_start(&opts, FALSE);  /* while reading */
	QkIssue *issue = qk_cli_read_model(input);
	QkNormalizer *n = qk_cli_normalizer_finish(job, &err);
	if (!issue) {
		g_clear_error(&err);   /* the reading error is printed already */
	} else if (!n) {
		fprintf(stderr, "qikan: %s: %s\n", input, err->message);
		g_error_free(err);
	} else {
		qk_normalize_issue_with(n, issue);
		if (qk_model_write_file(issue, output ? output : "-", &err)) {
			rc = QK_EXIT_OK;
		} else {
			fprintf(stderr, "qikan: %s: %s\n", output ? output : "<stdout>",
			        err->message);
			g_error_free(err);
		}
	}
	qk_normalizer_free(n);
	qk_issue_free(issue);
cleanup:
	g_option_context_free(ctx);
	g_free(output);
	g_free(units);
	g_free(sections);
	return rc;
}
