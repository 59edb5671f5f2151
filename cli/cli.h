/* cli.h — the qikan command's subcommands and shared helpers. */
#ifndef QK_CLI_H
#define QK_CLI_H

#include <glib.h>
#include "model.h"
#include "normalize.h"
#include "extract.h"

/* Exit codes, documented in --help and README. */
enum {
	QK_EXIT_OK = 0,       /* everything done */
	QK_EXIT_FAILED = 1,   /* some input failed */
	QK_EXIT_USAGE = 2     /* the command line is wrong */
};

int qk_cmd_extract(int argc, char **argv);
int qk_cmd_structure(int argc, char **argv);
int qk_cmd_normalize(int argc, char **argv);
int qk_cmd_export(int argc, char **argv);
int qk_cmd_run(int argc, char **argv);
int qk_cmd_review(int argc, char **argv);
int qk_cmd_index(int argc, char **argv);
int qk_cmd_search(int argc, char **argv);
int qk_cmd_merge(int argc, char **argv);

/* cmd_db.c: every complete issue folder of out, in name order, into the
 * database db_path (made when new). Returns how many issues failed (each
 * said on stderr), -1 + error when out or the database cannot be opened;
 * *n_issues: the folders tried. */
int qk_cli_index(const char *out, const char *db_path, guint *n_issues, GError **error);

/* Parses argv with ctx; on error prints "qikan CMD: msg" and returns FALSE. */
gboolean qk_cli_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv);
/* Reads model XML from path ("-": standard input); on failure prints the
 * one-line error and returns NULL. */
QkIssue *qk_cli_read_model(const char *path);
/* Prints the model's warnings to stderr, one line each, naming the file. */
void qk_cli_print_warnings(const QkIssue *issue, const char *file);
/* The same for the warnings whose code keep accepts (all when NULL). */
void qk_cli_print_warnings_if(const QkIssue *issue, const char *file,
                              gboolean (*keep)(const char *code));

/* names.c: name (bytes, any encoding) as printed and as recorded in the
 * batch's CSV files: valid UTF-8 as it is, except that backslashes,
 * control, format and separator characters and bytes that are not UTF-8
 * are written \xHH, one per byte (reversible). Caller frees. */
char *qk_cli_escape_name(const char *name);

/* A normalizer being built on another thread (prepare.c); opts' file names
 * must live until it is finished. Every started job is finished once. */
typedef struct QkCliNormalizer QkCliNormalizer;
/* jit: all its patterns JIT-compiled too (qk_normalizer_jit_all), on the
 * same thread, for an issue normalized on several threads. */
QkCliNormalizer *qk_cli_normalizer_start(const QkNormalizeOptions *opts, gboolean jit);
/* After the build, what only scans need loaded (qk_normalizer_ready) on
 * a thread of its own, unless jit did it; the caller touches job only to
 * finish it. */
void qk_cli_normalizer_ready(QkCliNormalizer *job);
/* Waits for it: the normalizer, or NULL + error (a data file unreadable). */
QkNormalizer *qk_cli_normalizer_finish(QkCliNormalizer *job, GError **error);
/* Builds a normalizer now with every pattern JIT-compiled, for the next
 * qk_cli_normalizer_start to take instead of building one: a batch does
 * this before it forks its workers, which then share it. */
void qk_cli_normalizer_prebuild(const QkNormalizeOptions *opts);

/* The page limit extract enforces, for --help of the commands that read PDFs. */
#define QK_PAGE_LIMIT_HELP \
	"An issue may have at most " G_STRINGIFY(QK_EXTRACT_MAX_PAGES) " pages; a longer PDF is refused.\n"
/* --ocr and --ocr-lang, the same on extract and run (ocr.c). */
#define QK_CLI_OCR_ENTRIES(mode, lang) \
	{ "ocr", 0, 0, G_OPTION_ARG_STRING, mode, "Read pages with OCR: auto (the default: " \
	  "pages with images and no text layer), never, or force (every page)", "MODE" }, \
	{ "ocr-lang", 0, 0, G_OPTION_ARG_STRING, lang, "Tesseract models for OCR " \
	  "(default " QK_OCR_DEFAULT_LANG ")", "LANG+LANG" }
/* Reads --ocr's value into *mode (NULL: auto); FALSE after a usage error. */
gboolean qk_cli_ocr_mode(const char *cmd, const char *value, QkOcrMode *mode);

/* A count of OCR pages on a terminal (stderr), overwritten in place. */
typedef struct {
	const char *file;
	gint shown;         /* a count is on the screen (atomic) */
} QkCliProgress;
/* QkExtractOptions.progress: data is a QkCliProgress. */
void qk_cli_progress(int ocr_pages, int pages_read, int n, gpointer data);
/* Ends the count's line when one was shown. */
void qk_cli_progress_end(QkCliProgress *p);

#define QK_EXIT_CODES_HELP \
	"Exit status: 0 all inputs done, 1 some input failed, 2 usage error."

#endif
