/* cmd_review.c — `qikan review MODEL.xml PDF -o DIR`: the review page of a
 * model made earlier (`qikan run --review` writes it with the issue). */
#include <errno.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include "cli.h"
#include "fileio.h"
#include "review.h"

int qk_cmd_review(int argc, char **argv)
{
	char *out = NULL, *password = NULL;
	double dpi = QK_REVIEW_DPI;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		  "Write DIR/review.html (required)", "DIR" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &password,
		  "Password of an encrypted PDF", "PASSWORD" },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi,
		  "Resolution of the page images (default 90; 30-200)", "DPI" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("MODEL.xml PDF — see on the pages what qikan found");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Writes DIR/review.html: one self-contained page (no network, no external\n"
		"scripts or fonts) with every page of PDF drawn as an image and what the\n"
		"model says of it on top: blocks coloured by role, reading order, furniture\n"
		"greyed, article outlines, tables; a side panel lists the TOC, the articles,\n"
		"the tables and the warnings. #page-N and #art-ID in the URL open a page or\n"
		"an article, so a link can point at one problem.\n\n"
		"Examples:\n"
		"  qikan review out/issue/issue.xml issue.pdf -o out/issue\n"
		"  qikan run --review issue.pdf -o out/      # out/issue/review.html\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "review", &argc, &argv))
		goto cleanup;
	if (!out || !*out || argc != 3 || dpi < 30 || dpi > 200) {
		fprintf(stderr, "qikan review: give a model, a PDF, -o DIR and a --dpi from 30 to 200 "
		        "(see 'qikan review --help')\n");
		goto cleanup;
	}
	rc = QK_EXIT_FAILED;
	QkIssue *issue = qk_cli_read_model(argv[1]);
	if (!issue)
		goto cleanup;
	GError *err = NULL;
	char *html = g_build_filename(out, "review.html", NULL);
	QkReviewOptions ro = { .password = password, .dpi = dpi };
	gsize len = 0;
	char *page = qk_review_html(issue, argv[2], &ro, &len, &err);
	if (!page)
		fprintf(stderr, "qikan: %s: %s\n", argv[2], err->message);
	else if (g_mkdir_with_parents(out, 0777) != 0)
		fprintf(stderr, "qikan: %s: cannot make the folder: %s\n", out, g_strerror(errno));
	else if (!qk_file_write_atomic(html, page, len, &err))
		fprintf(stderr, "qikan: %s: %s\n", html, err->message);
	else
		rc = QK_EXIT_OK;
	g_clear_error(&err);
	g_free(page);
	g_free(html);
	qk_issue_free(issue);
cleanup:
	g_option_context_free(ctx);
	g_free(out);
	g_free(password);
	return rc;
}
