/* qkrun.h — running the qikan command from a test, and reading what it
 * wrote (shared by the suites). */
#ifndef QK_TEST_RUN_H
#define QK_TEST_RUN_H

#include <stdarg.h>
#include <glib.h>

typedef struct {
	int status;        /* exit code; 128 + signal; -1 when it could not start */
	char *out;         /* standard output and error, as text */
	char *err;
	double secs;       /* wall time */
	long peak_kb;      /* its peak resident memory in KB, measured by
	                    * qk-measure ($QK_MEASURE) when meson gives it */
	gboolean timed_out;/* killed (with its process group) at the time bound */
} QkRun;

/* How to run it; zeroes mean: stdin from /dev/null, the test's own folder,
 * no time bound. */
typedef struct {
	const char *stdin_path;
	const char *cwd;
	double timeout;    /* seconds */
} QkRunOpts;

/* Runs $QK_QIKAN (set by meson test) with args (NULL-terminated). */
QkRun qk_test_run_opts(const QkRunOpts *opts, const char *const *args);
/* The same with standard input from stdin_path when not NULL. */
QkRun qk_test_run(const char *stdin_path, const char *const *args);
QkRun qk_test_runl(const char *stdin_path, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* The same with the arguments from first to a NULL in ap. */
QkRun qk_test_runv(const char *stdin_path, const char *first, va_list ap);
/* qk_test_run_opts with the arguments from first to a NULL in ap. */
QkRun qk_test_run_optsv(const QkRunOpts *opts, const char *first, va_list ap);
void qk_run_clear(QkRun *r);

/* `qikan extract` on $QK_SAMPLES/scans/NAME.pdf, a scan the OCR tests read. */
QkRun qk_test_extract_scan(const char *name);

/* Lines in s (newline characters). */
int qk_test_count_lines(const char *s);

/* The contents of dir/name, NULL when unreadable (caller frees). */
char *qk_test_read_text(const char *dir, const char *name);
/* Entries in a folder (0 when it cannot be opened). */
int qk_test_count_entries(const char *dir);

#endif
