/*
 * main.c — the qikan command: a thin dispatcher over the stages (like cmark's
 * main.c over its library). Only the CLI prints and chooses exit codes.
 */
#include <stdio.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>
#include "cli.h"
#include "sanitize.h"
#include "xmlio.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "extract", qk_cmd_extract, "read an issue PDF into the issue model (XML)" },
	{ "structure", qk_cmd_structure, "find metadata, TOC and articles in the layout model" },
	{ "normalize", qk_cmd_normalize, "annotate numbers, units, dates and sections" },
	{ "export", qk_cmd_export, "write XML, CSV and text files from the model" },
	{ "run", qk_cmd_run, "all stages on many PDFs, one folder per issue" },
	{ "review", qk_cmd_review, "a page showing on the PDF's pages what qikan found" },
	{ "index", qk_cmd_index, "a searchable SQLite database of issue folders" },
	{ "search", qk_cmd_search, "find articles in that database by their words" },
	{ "merge", qk_cmd_merge, "join the outputs of runs over parts of a shelf (--shard)" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: qikan COMMAND [OPTION…] [FILE…]\n\n"
	           "qikan turns PDF issues of Chinese magazines and newspapers into\n"
	           "structured articles, tables of contents and indicator tables.\n\n"
	           "Commands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nExamples:\n"
	           "  qikan run issue.pdf -o out/           # out/issue/{issue.xml,toc.csv,…}\n"
	           "  qikan extract issue.pdf | qikan structure | qikan normalize | qikan export --to out/issue\n\n"
	           "'qikan COMMAND --help' describes each command. 'qikan --version' prints the version.\n"
	           QK_EXIT_CODES_HELP "\n");
}

gboolean qk_cli_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
	GError *err = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "qikan %s: %s (see 'qikan %s --help')\n", cmd, err->message, cmd);
		g_error_free(err);
		return FALSE;
	}
	/* GOption stops at "--" but leaves it: what follows are file names */
	for (int i = 1; i < *argc; i++) {
		if (strcmp((*argv)[i], "--") == 0) {
			memmove(*argv + i, *argv + i + 1, (size_t)(*argc - i) * sizeof **argv);
			(*argc)--;
			break;
		}
	}
	return TRUE;
}

QkIssue *qk_cli_read_model(const char *path)
{
	GError *err = NULL;
	QkIssue *issue = qk_model_read_file(path, &err);
	if (!issue) {
		/* the reader's message already names the file */
		fprintf(stderr, "qikan: %s\n", err->message);
		g_error_free(err);
	}
	return issue;
}

void qk_cli_print_warnings(const QkIssue *issue, const char *path)
{
	qk_cli_print_warnings_if(issue, path, NULL);
}

void qk_cli_print_warnings_if(const QkIssue *issue, const char *path,
                              gboolean (*keep)(const char *code))
{
	char *file = qk_cli_escape_name(path);
	for (guint i = 0; i < issue->warnings->len; i++) {
		const QkWarning *w = g_ptr_array_index(issue->warnings, i);
		if (keep && !keep(w->code))
			continue;
		if (w->page > 0)
			fprintf(stderr, "qikan: %s: warning: page %d: %s\n", file, w->page, w->message);
		else
			fprintf(stderr, "qikan: %s: warning: %s\n", file, w->message);
	}
	g_free(file);
}

/* A command's end: its outputs are written and committed, its streams
 * flushed here; what exit() would add is the ~56 libraries' destructors
 * and exit handlers (Poppler's tables freed, each library's finalizer's
 * pages faulted in: 1.7% of a `qikan run` of a 1-page issue), nothing
 * anyone sees. Not under the sanitizers (LeakSanitizer checks at exit) or
 * in a coverage build (gcov writes its counts at exit). */
static int leave(int rc)
{
#if !defined(QK_SANITIZED) && !defined(QK_FULL_EXIT)
	fflush(NULL);
	_exit(rc);
#endif
	return rc;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc < 2) {
		usage(stderr);
		return QK_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("qikan %s\n", QK_VERSION);
		return QK_EXIT_OK;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return QK_EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (strcmp(cmd, commands[i].name) == 0) {
			/* --help says "Usage: qikan extract …", not "Usage: extract" */
			char *prg = g_strconcat("qikan ", cmd, NULL);
			g_set_prgname(prg);
			g_free(prg);
			return leave(commands[i].fn(argc - 1, argv + 1));
		}
	}
	fprintf(stderr, "qikan: unknown command '%s'\n", cmd);
	usage(stderr);
	return QK_EXIT_USAGE;
}
