/*
 * batch.c — `qikan run` over many issues (see batch.h): inputs, the worker
 * processes, the console.
 *
 * The parent never opens a PDF: it expands the inputs, starts one worker
 * process per issue (this binary, `run --worker-one`), at most --jobs at a
 * time, from a GLib main loop, and records each outcome in OUT/manifest.csv
 * (manifest.c). Poppler and fontconfig are not reliably thread-safe, and a
 * process can be killed (--timeout, or --max-memory: batchmem.c) without
 * harm to the others.
 */
#include "batch_priv.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "csvout.h"
#include "export.h"
#include "forkworker.h"

void qk_batch_item_free(QkBatchItem *it)
{
	if (!it)
		return;
	g_free(it->path);
	g_free(it->key);
	for (int i = 0; i < N_FIELDS; i++)
		g_free(it->f[i]);
	g_clear_pointer(&it->proc, qk_proc_free);
	if (it->out)
		g_bytes_unref(it->out);
	if (it->err)
		g_bytes_unref(it->err);
	if (it->timeout_id)
		g_source_remove(it->timeout_id);
	g_free(it);
}

void qk_batch_set(QkBatchItem *it, int f, const char *v)
{
	g_free(it->f[f]);
	it->f[f] = v && *v ? g_strdup(v) : NULL;
}

char *qk_batch_out_path(const QkBatch *b, const char *name)
{
	return g_build_filename(b->o->out_dir, name, NULL);
}

gboolean qk_batch_is_done(const QkBatchItem *it)
{
	return it->f[F_STATUS] && strcmp(it->f[F_STATUS], "done") == 0;
}

/* ---- console ------------------------------------------------------------ */

static void draw_progress(QkBatch *b)
{
	if (!b->tty)
		return;
	guint total = b->items->len;
	guint finished = b->n_done + b->n_failed + b->n_skipped;
	const int width = 20;  /* short, to leave the counts room on one line */
	int filled = total ? (int)((guint64)finished * width / total) : width;
	GString *bar = g_string_new(NULL);
	for (int i = 0; i < width; i++)
		g_string_append_c(bar, i < filled ? '#' : '.');
	double secs = (g_get_monotonic_time() - b->t0) / 1e6;
	fprintf(stderr, "\r\033[K[%s] %u/%u  done %u  failed %u  skipped %u  "
	        "running %u  %.0f s", bar->str, finished, total, b->n_done,
	        b->n_failed, b->n_skipped, b->running, secs);
	/* Time left at the pace of the issues processed so far. */
	guint worked = b->n_done + b->n_failed;
	if (worked > 0 && finished < total)
		fprintf(stderr, ", ~%.0f s left", secs / worked * (total - finished));
	fflush(stderr);
	g_string_free(bar, TRUE);
}

/* One status line per file, printed above the progress bar. */
void qk_batch_status(QkBatch *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s\n", msg);
	g_free(msg);
	draw_progress(b);
}

/* "1 page", "8 pages" from a count field (NULL: 0). */
static char *counted(const char *n, const char *one, const char *many)
{
	if (!n)
		n = "0";
	return g_strdup_printf("%s %s", n, strcmp(n, "1") == 0 ? one : many);
}

static void report(QkBatch *b, QkBatchItem *it)
{
	const char *file = it->f[F_FILE];
	switch (it->state) {
	case QK_ST_DONE:
		if (!b->o->quiet) {
			char *pages = counted(it->f[F_PAGES], "page", "pages");
			char *arts = counted(it->f[F_ARTICLES], "article", "articles");
			char *tabs = counted(it->f[F_TABLES], "table", "tables");
			char *warns = counted(it->f[F_WARNINGS], "warning", "warnings");
			char *out = qk_cli_escape_name(b->o->out_dir);
			qk_batch_status(b, "done     %s → %s%s%s (%s, %s, %s, %s, %s s)",
			                file, out, G_DIR_SEPARATOR_S,
			                it->f[F_NAME], pages, arts, tabs, warns,
			                it->f[F_SECONDS] ? it->f[F_SECONDS] : "?");
			g_free(out);
			g_free(warns);
			g_free(tabs);
			g_free(arts);
			g_free(pages);
		}
		break;
	case QK_ST_FAILED:
		qk_batch_status(b, "failed   %s: %s", file,
		                it->f[F_REASON] ? it->f[F_REASON] : "unknown error");
		break;
	case QK_ST_SKIPPED:
		if (!b->o->quiet)
			qk_batch_status(b, "skipped  %s: %s", file, it->f[F_REASON]);
		break;
	default:
		break;
	}
}

/* ---- inputs -------------------------------------------------------------- */

/* An input, in state: pending, or already failed (named explicitly) or
 * skipped (found in a folder) for reason, without a folder in OUT. key
 * picks its shard (batchshard.c). */
static void add_item(QkBatch *b, GHashTable *seen, const char *file,
                     const char *key, QkBatchState state, const char *reason)
{
	char *canon = g_canonicalize_filename(file, NULL);
	if (g_hash_table_contains(seen, canon)) {  /* same file named twice */
		g_free(canon);
		return;
	}
	g_hash_table_add(seen, canon);
	QkBatchItem *it = g_new0(QkBatchItem, 1);
	it->batch = b;
	it->path = g_strdup(file);
	it->key = g_strdup(key);
	it->f[F_FILE] = qk_cli_escape_name(file);
	it->state = state;
	qk_batch_set(it, F_REASON, reason);
	g_ptr_array_add(b->items, it);
}

/* What kind of file st is, for "not a regular file (FIFO)". */
static const char *file_kind(const GStatBuf *st)
{
	return S_ISFIFO(st->st_mode) ? "FIFO" : S_ISSOCK(st->st_mode) ? "socket" :
	       S_ISCHR(st->st_mode) ? "character device" :
	       S_ISBLK(st->st_mode) ? "block device" : S_ISDIR(st->st_mode) ? "folder" :
	       "special file";
}

/* Why path cannot be an input (static text or in *why_buf), or NULL for a
 * regular file (a symbolic link to one is one). Never opens it: stat does
 * not block on a FIFO. */
static const char *not_an_input(const char *path, char **why_buf)
{
	GStatBuf st;
	if (g_stat(path, &st) == 0) {
		if (S_ISREG(st.st_mode))
			return NULL;
		*why_buf = g_strdup_printf("not a regular file (%s)", file_kind(&st));
		return *why_buf;
	}
	int e = errno;
	GStatBuf lst;
	if (e == ELOOP)
		return "symbolic link loop";
	if (e == ENOENT && g_lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		return "dangling symbolic link";
	if (e == ENOENT)
		return "no such file";
	*why_buf = g_strdup(g_strerror(e));
	return *why_buf;
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.pdf under dir (recursively, sorted; symbolic links to
 * folders and hidden folders are not followed). A *.pdf that is hidden,
 * not a regular file or a broken link is skipped, and said so. rel is
 * dir's path under the folder named on the command line (NULL: dir is
 * that folder): the inputs' shard keys. */
static void add_folder(QkBatch *b, GHashTable *seen, const char *dir, const char *rel)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	if (!d) {
		add_item(b, seen, dir, rel ? rel : dir, QK_ST_FAILED, err->message);
		g_error_free(err);
		return;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, compare_strings);
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		char *path = g_build_filename(dir, n, NULL);
		char *key = rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n);
		GStatBuf st;
		char *why_buf = NULL;
		const char *why;
		if (g_lstat(path, &st) != 0)
			add_item(b, seen, path, key, QK_ST_SKIPPED, "vanished while the folder was read");
		else if (S_ISDIR(st.st_mode) && n[0] != '.')
			add_folder(b, seen, path, key);
		else if (!qk_batch_is_pdf_name(n) || S_ISDIR(st.st_mode))
			;  /* not an issue */
		else if (n[0] == '.')
			add_item(b, seen, path, key, QK_ST_SKIPPED, "hidden file");
		else if ((why = not_an_input(path, &why_buf)))
			add_item(b, seen, path, key, QK_ST_SKIPPED, why);
		else
			add_item(b, seen, path, key, QK_ST_PENDING, NULL);
		g_free(why_buf);
		g_free(key);
		g_free(path);
	}
	g_ptr_array_unref(names);
}

static void expand_inputs(QkBatch *b, char **inputs, int n)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < n; i++) {
		char *why_buf = NULL;
		const char *why = not_an_input(inputs[i], &why_buf);
		if (g_file_test(inputs[i], G_FILE_TEST_IS_DIR))
			add_folder(b, seen, inputs[i], NULL);
		else  /* named explicitly: tried when it can be, else failed */
			add_item(b, seen, inputs[i], inputs[i],
			         why ? QK_ST_FAILED : QK_ST_PENDING, why);
		g_free(why_buf);
	}
	g_hash_table_unref(seen);
}

/* ---- workers -------------------------------------------------------------- */

static void launch_more(QkBatch *b);

void qk_batch_finish(QkBatchItem *it, QkBatchState state)
{
	QkBatch *b = it->batch;
	it->state = state;
	if (it->f[F_REASON]) {   /* one line, whatever the worker said */
		char *r = qk_cli_escape_name(it->f[F_REASON]);
		qk_batch_set(it, F_REASON, r);
		g_free(r);
	}
	if (state == QK_ST_DONE) {
		b->n_done++;
		qk_batch_set(it, F_STATUS, "done");
		qk_batch_set(it, F_REASON, NULL);
	} else if (state == QK_ST_FAILED) {
		b->n_failed++;
		qk_batch_set(it, F_STATUS, "failed");
		/* An export cut short leaves its temporary folder: remove it. */
		char *dir = it->f[F_NAME] ? qk_batch_out_path(b, it->f[F_NAME]) : NULL;
		if (dir)
			qk_export_clean_stale(dir);
		g_free(dir);
	} else if (state == QK_ST_SKIPPED) {
		b->n_skipped++;
		if (!it->f[F_STATUS])   /* not an unchanged issue (--resume) */
			qk_batch_set(it, F_STATUS, "skipped");
	}
	report(b, it);
}

/* The warning and timing lines a done worker printed ("qikan: FILE:
 * warning: …"); other
 * libraries' chatter on its stderr is left out. */
static void relay_warnings(QkBatch *b, GBytes *bytes)
{
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	if (b->o->quiet || !data || !len)
		return;
	char *text = g_utf8_make_valid(data, (gssize)len);
	char **lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i]; i++)
		if (g_str_has_prefix(lines[i], "qikan: ") &&
		    (strstr(lines[i], ": warning: ") || strstr(lines[i], ": timing: ")))
			qk_batch_status(b, "         %s", lines[i] + strlen("qikan: "));
	g_strfreev(lines);
	g_free(text);
}

/* The line of a worker's stderr that best says why it failed. */
static char *worker_diagnosis(GBytes *bytes)
{
	gsize len = 0;
	const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
	if (!data || !len)
		return NULL;
	char *text = g_utf8_make_valid(data, (gssize)len);
	char **lines = g_strsplit(text, "\n", -1);
	char *found = NULL;
	/* A sanitizer's one-line SUMMARY says more than its last line. */
	for (int i = 0; lines[i] && !found; i++)
		if (g_str_has_prefix(lines[i], "SUMMARY: "))
			found = g_strdup(g_strstrip(lines[i]));
	for (int i = (int)g_strv_length(lines) - 1; i >= 0 && !found; i--) {
		g_strstrip(lines[i]);
		if (*lines[i])
			found = g_strdup(lines[i]);
	}
	g_strfreev(lines);
	g_free(text);
	return found;
}

/* Reads the worker's record from its standard output. */
static gboolean take_record(QkBatchItem *it)
{
	gsize len = 0;
	const char *data = it->out ? g_bytes_get_data(it->out, &len) : NULL;
	if (!data || !len)
		return FALSE;
	GPtrArray *rows = qk_csv_parse(data, len, NULL);
	if (!rows || rows->len == 0) {
		if (rows)
			g_ptr_array_unref(rows);
		return FALSE;
	}
	/* The record is the last line; anything before it is not ours. */
	GPtrArray *rec = g_ptr_array_index(rows, rows->len - 1);
	gboolean ok = rec->len == WORKER_LAST - WORKER_FIRST + 1;
	for (guint i = 0; ok && i < rec->len; i++)
		qk_batch_set(it, WORKER_FIRST + (int)i, g_ptr_array_index(rec, i));
	g_ptr_array_unref(rows);
	return ok;
}

/* Why a worker that wrote no record ended: memory, its signal or status,
 * and its own last words. */
static char *failure_reason(const QkBatch *b, const QkBatchItem *it,
                            const QkProc *proc, const char *diag)
{
	char *mem = qk_batch_memory_reason(b, it, proc, diag);
	if (mem)
		return mem;
	GString *r = g_string_new(NULL);
	if (qk_proc_signaled(proc)) {
		int sig = qk_proc_term_sig(proc);
		g_string_printf(r, "crashed (signal %d, %s)", sig, g_strsignal(sig));
	} else {
		g_string_printf(r, "worker exited with status %d",
		                qk_proc_exit_status(proc));
	}
	if (diag)
		g_string_append_printf(r, ": %s", diag);
	return g_string_free(r, FALSE);
}

/* A count field of an item as a number, -1 when missing or malformed. */
static int count_of(const char *v)
{
	guint64 n = 0;
	return v && g_ascii_string_to_unsigned(v, 10, 0, G_MAXINT, &n, NULL) ? (int)n : -1;
}

static void issue_finished(QkBatch *b, QkBatchItem *it)
{
	if (!b->o->on_issue)
		return;
	char *dir = qk_batch_out_path(b, it->f[F_NAME]);
	const char *const *f = (const char *const *)it->f;
	QkBatchDone done = {
		f[F_NAME], dir, f[F_SHA], count_of(f[F_PAGES]), count_of(f[F_ARTICLES]),
		count_of(f[F_TABLES]), count_of(f[F_WARNINGS])
	};
	b->o->on_issue(&done, b->o->on_issue_data);
	g_free(dir);
}

/* The worker has ended and its output is read. */
static void on_exited(QkProc *proc, gpointer data)
{
	QkBatchItem *it = data;
	QkBatch *b = it->batch;
	it->out = qk_proc_take_stdout(proc);
	it->err = qk_proc_take_stderr(proc);
	if (it->timeout_id) {
		g_source_remove(it->timeout_id);
		it->timeout_id = 0;
	}
	char secs[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(secs, sizeof secs, "%.2f",
	                (g_get_monotonic_time() - it->started) / 1e6);
	qk_batch_set(it, F_SECONDS, secs);
	it->cpu = qk_proc_cpu_seconds(proc);
	b->running--;

	QkBatchState state = QK_ST_FAILED;
	char *diag = worker_diagnosis(it->err);
	if (qk_proc_exited(proc) && take_record(it)) {
		state = qk_batch_is_done(it) ? QK_ST_DONE : QK_ST_FAILED;
		if (state == QK_ST_DONE) {  /* trust, but check the folder */
			char *dir = qk_batch_out_path(b, it->f[F_NAME]);
			if (!qk_export_complete(dir)) {
				state = QK_ST_FAILED;
				qk_batch_set(it, F_REASON, "output folder incomplete");
			}
			g_free(dir);
		}
	} else if (it->timed_out && !it->over_memory) {
		char *r = g_strdup_printf("timed out after %d s", b->o->timeout);
		qk_batch_set(it, F_REASON, r);
		g_free(r);
	} else if (b->interrupted) {
		qk_batch_set(it, F_REASON, "interrupted");
	} else {
		char *r = failure_reason(b, it, proc, diag);
		qk_batch_set(it, F_REASON, r);
		g_free(r);
	}
	g_free(diag);
	/* a done worker's stderr holds its warnings (garbled pages, scans,
	 * unlinked TOC entries): shown under its status line */
	GBytes *warnings = state == QK_ST_DONE && it->err ? g_bytes_ref(it->err) : NULL;
	g_clear_pointer(&it->proc, qk_proc_free);
	g_clear_pointer(&it->out, g_bytes_unref);  /* a big batch keeps no output */
	g_clear_pointer(&it->err, g_bytes_unref);
	qk_batch_finish(it, state);
	if (warnings) {
		relay_warnings(b, warnings);
		g_bytes_unref(warnings);
	}
	/* The next worker first: what follows runs beside it, not between
	 * two workers (with --jobs 1 a core would wait for it). */
	launch_more(b);
	if (state == QK_ST_DONE) {
		issue_finished(b, it);
		/* the rows are gathered beside the workers still running; the
		 * last issue's are read once, at the end (a spool written and read
		 * back then is only the run's longer: ~1 ms at 480 pages) */
		if (b->running > 0)
			qk_batch_spool_corpus(b, it);
	}
	/* every second, or less often when writing it takes more than 2% of
	 * that (a batch of many thousand issues: every row, sorted, and an
	 * fsync, at every write) */
	gint64 now = g_get_monotonic_time();
	if (now - b->last_manifest > MAX(G_USEC_PER_SEC, 50 * b->manifest_cost)) {
		qk_batch_write_manifest(b);
		b->manifest_cost = g_get_monotonic_time() - now;
	}
}

static gboolean on_timeout(gpointer data)
{
	QkBatchItem *it = data;
	it->timeout_id = 0;
	it->timed_out = TRUE;
	if (it->proc)
		qk_proc_kill(it->proc, SIGKILL);
	return G_SOURCE_REMOVE;
}

/* Issues running or still to start, counted up to cap. */
static guint issues_left(const QkBatch *b, guint cap)
{
	guint left = b->running;
	for (guint i = b->next; i < b->items->len && left < cap; i++) {
		const QkBatchItem *it = g_ptr_array_index(b->items, i);
		left += it->state == QK_ST_PENDING;
	}
	return left;
}

/* Workers at once: --jobs, else one per core but never more than the
 * issues there are to run, so the cores left over read pages. */
static guint max_running(const QkBatch *b)
{
	guint cores = b->cores;
	return b->o->jobs > 0 ? (guint)b->o->jobs : CLAMP(issues_left(b, cores), 1, cores);
}

/* Threads for the worker about to start (already taken from the queue):
 * --threads, else the cores shared among the workers that will run beside
 * it, so a single issue gets them all. */
static int worker_threads(const QkBatch *b)
{
	if (b->o->threads > 0)
		return b->o->threads;
	guint cores = b->cores;
	guint jobs = b->o->jobs > 0 ? (guint)b->o->jobs : cores;
	return (int)MAX(1, cores / CLAMP(issues_left(b, cores) + 1, 1, jobs));
}

/* This process's CPU time so far (user + system), seconds. */
static double own_cpu(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Issues from which the workers' common tables are made once in the batch
 * (qk_fork_workers_share). */
#define SHARE_FROM 2

/* `qikan run --worker-one=FILE …`: the command line of an executed
 * worker (NULL-terminated; caller unrefs). */
static GPtrArray *worker_argv(const QkBatch *b, const QkBatchItem *it, int threads)
{
	const QkBatchOptions *o = b->o;
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup(b->self));
	g_ptr_array_add(argv, g_strdup("run"));
	/* --opt=VALUE, so a value that starts with '-' is never an option. */
	g_ptr_array_add(argv, g_strconcat("--worker-one=", it->path, NULL));
	g_ptr_array_add(argv, g_strconcat("--worker-name=", it->f[F_NAME], NULL));
	g_ptr_array_add(argv, g_strconcat("--output=", o->out_dir, NULL));
	if (o->units)
		g_ptr_array_add(argv, g_strconcat("--units=", o->units, NULL));
	if (o->sections)
		g_ptr_array_add(argv, g_strconcat("--sections=", o->sections, NULL));
	if (o->max_memory > 0)   /* the worker checks its own peak too */
		g_ptr_array_add(argv, g_strdup_printf("--max-memory=%d", o->max_memory));
	g_ptr_array_add(argv, g_strdup_printf("--threads=%d", threads));
	if (o->timings)
		g_ptr_array_add(argv, g_strdup("--timings"));
	if (o->review)
		g_ptr_array_add(argv, g_strdup("--review"));
	if (o->mets)
		g_ptr_array_add(argv, g_strdup("--mets"));
	if (o->xlsx)
		g_ptr_array_add(argv, g_strdup("--xlsx"));
	if (o->csv_bom)
		g_ptr_array_add(argv, g_strdup("--csv-bom"));
	g_ptr_array_add(argv, g_strconcat("--ocr=", qk_ocr_mode_name(o->ocr), NULL));
	if (o->ocr_lang)
		g_ptr_array_add(argv, g_strconcat("--ocr-lang=", o->ocr_lang, NULL));
	g_ptr_array_add(argv, NULL);
	return argv;
}

static void launch(QkBatch *b, QkBatchItem *it)
{
	const QkBatchOptions *o = b->o;
	/* An interrupted run's leftovers beside its folder are gone already:
	 * qk_batch_clean_leftovers, with OUT locked, before the first worker
	 * (one listing of OUT, not one per issue). */
	int threads = worker_threads(b);
	GError *err = NULL;
	if (b->launched->len == 0)
		b->cpu_first = own_cpu();
	QkForkJob *job = b->fork && qk_fork_workers_safe()
	                 ? qk_fork_job_new(b->fork, it->path, it->f[F_NAME], threads) : NULL;
	/* a forked worker is given its options, not a command line */
	GPtrArray *argv = job ? NULL : worker_argv(b, it, threads);
	/* The password travels in the environment, not in `ps` output. */
	char **env = o->password && !job
	             ? g_environ_setenv(g_get_environ(), "QK_WORKER_PASSWORD", o->password, TRUE)
	             : NULL;
	it->proc = qk_proc_spawn(argv ? (const char *const *)argv->pdata : NULL, env,
	                         job ? qk_fork_job_run : NULL, job, on_exited, it, &err);
	g_strfreev(env);
	qk_fork_job_free(job);
	if (argv)
		g_ptr_array_unref(argv);
	it->started = g_get_monotonic_time();
	if (!it->proc) {
		char *r = g_strdup_printf("cannot start a worker: %s", err->message);
		qk_batch_set(it, F_REASON, r);
		g_free(r);
		g_error_free(err);
		qk_batch_finish(it, QK_ST_FAILED);
		return;
	}
	it->state = QK_ST_RUNNING;
	b->running++;
	g_ptr_array_add(b->launched, it);
	if (o->timeout > 0)
		it->timeout_id = g_timeout_add_seconds((guint)o->timeout, on_timeout, it);
}

static void launch_more(QkBatch *b)
{
	while (!b->interrupted && b->running < max_running(b) &&
	       b->next < b->items->len) {
		QkBatchItem *it = g_ptr_array_index(b->items, b->next++);
		if (it->state == QK_ST_PENDING)
			launch(b, it);
	}
	draw_progress(b);
	if (b->running == 0 && (b->interrupted || b->next >= b->items->len))
		g_main_loop_quit(b->loop);
}

static gboolean on_signal(gpointer data)
{
	QkBatch *b = data;
	if (!b->interrupted)
		qk_batch_status(b, "qikan run: interrupted; stopping workers");
	b->interrupted = TRUE;
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->proc)
			qk_proc_kill(it->proc, SIGKILL);
	}
	if (b->running == 0)
		g_main_loop_quit(b->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean on_tick(gpointer data)
{
	draw_progress(data);
	return G_SOURCE_CONTINUE;
}

/* ---- the batch ------------------------------------------------------------ */

static char *self_path(void)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);
	if (!p)
		p = g_find_program_in_path("qikan");
	return p;
}

static void print_summary(QkBatch *b)
{
	double secs = (g_get_monotonic_time() - b->t0) / 1e6;
	guint total = b->items->len;
	guint finished = b->n_done + b->n_failed + b->n_skipped;
	if (b->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "qikan run: %u issue%s: %u done, %u failed, %u skipped",
	        total, total == 1 ? "" : "s", b->n_done, b->n_failed, b->n_skipped);
	if (finished < total)
		fprintf(stderr, ", %u not started", total - finished);
	fprintf(stderr, " in %.1f s (%.2f issues/s)\n", secs,
	        secs > 0 ? b->n_done / secs : 0.0);
	for (guint i = 0; i < total; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->state == QK_ST_FAILED)
			fprintf(stderr, "  failed: %s: %s\n", it->f[F_FILE],
			        it->f[F_REASON] ? it->f[F_REASON] : "unknown error");
	}
	/* and every input left alone, but for unchanged issues (--resume) */
	for (guint i = 0; i < total; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (it->state == QK_ST_SKIPPED && it->f[F_REASON])
			fprintf(stderr, "  skipped: %s: %s\n", it->f[F_FILE], it->f[F_REASON]);
	}
}

/* The moment the last of lanes is done when the workers' issues, each as
 * long as its worker's CPU time, are handed in the order they were
 * started to the lane free first. */
static double lanes_done(const QkBatch *b, guint lanes)
{
	double *free_at = g_new0(double, lanes);
	double end = 0;
	for (guint i = 0; i < b->launched->len; i++) {
		const QkBatchItem *it = g_ptr_array_index(b->launched, i);
		guint first = 0;
		for (guint l = 1; l < lanes; l++)
			if (free_at[l] < free_at[first])
				first = l;
		free_at[first] += it->cpu;
		end = MAX(end, free_at[first]);
	}
	g_free(free_at);
	return end;
}

/* --timings: the batch's own CPU time before the first worker, beside the
 * workers and after the last, the workers' CPU time, and the critical
 * path of the run at those figures, one issue at a time and as many as
 * --jobs: what a machine with no other work would take (its cores shared
 * by the workers and the batch's work beside them), so the speed-up of
 * --jobs can be told on a busy machine (scripts/bench-batch). */
static void print_timings(QkBatch *b)
{
	guint n = b->launched->len;
	if (n == 0)
		return;
	double end = own_cpu(), workers = 0;
	for (guint i = 0; i < n; i++)
		workers += ((QkBatchItem *)g_ptr_array_index(b->launched, i))->cpu;
	double beside = b->cpu_last - b->cpu_first;
	double fixed = b->cpu_first + (end - b->cpu_last);
	guint cores = b->cores;
	guint lanes = b->o->jobs > 0 ? (guint)b->o->jobs : cores;
	double all = (workers + beside) / cores;
	double one = fixed + MAX(lanes_done(b, 1), all);
	double many = fixed + MAX(lanes_done(b, lanes), all);
	fprintf(stderr, "qikan run: timing: batch CPU %.3f s before the first worker, "
	        "%.3f s beside them (%.2f ms per issue), %.3f s after the last; "
	        "workers CPU %.3f s (%u); critical path on %u cores %.3f s one at a "
	        "time, %.3f s %u at a time: %.2fx\n", b->cpu_first, beside,
	        1000 * beside / n, end - b->cpu_last, workers, n, cores, one, many,
	        lanes, one / many);
}

/* Records the outcome of the inputs decided before any worker starts
 * (missing files, FIFOs, hidden files, …). */
static void finish_decided(QkBatch *b)
{
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		QkBatchState st = it->state;
		if (st == QK_ST_FAILED || st == QK_ST_SKIPPED) {
			it->state = QK_ST_PENDING;
			qk_batch_finish(it, st);
		}
	}
}

/* A one-line error that ends the run before any worker (frees it). */
static void say_error(GError *err)
{
	char *msg = qk_cli_escape_name(err->message);
	fprintf(stderr, "qikan run: %s\n", msg);
	g_free(msg);
	g_error_free(err);
}

int qk_batch_run(char **inputs, int n_inputs, const QkBatchOptions *o)
{
	QkBatch b = { 0 };
	b.o = o;
	b.items = g_ptr_array_new_with_free_func((GDestroyNotify)qk_batch_item_free);
	b.old = g_ptr_array_new_with_free_func((GDestroyNotify)qk_batch_item_free);
	b.names = g_hash_table_new(g_str_hash, g_str_equal);
	b.elsewhere = g_ptr_array_new_with_free_func((GDestroyNotify)qk_batch_item_free);
	b.loop = g_main_loop_new(NULL, FALSE);
	b.spool = -1;
	b.launched = g_ptr_array_new();
	b.tty = !o->quiet && isatty(STDERR_FILENO);
	b.t0 = g_get_monotonic_time();
	b.cores = g_get_num_processors();  /* reads /sys at each call */
	int rc = QK_EXIT_FAILED;
	int lock = -1;

	b.self = self_path();
	if (!b.self) {
		fprintf(stderr, "qikan run: cannot find the qikan executable\n");
		goto out;
	}
	char *out_name = qk_cli_escape_name(o->out_dir);
	GError *err = NULL;
	if (g_mkdir_with_parents(o->out_dir, 0777) != 0) {
		int e = errno;
		fprintf(stderr, "qikan run: cannot create %s: %s\n", out_name,
		        g_strerror(e));
		g_free(out_name);
		goto out;
	}
	lock = qk_batch_lock_out(o->out_dir, &err);
	g_free(out_name);
	if (lock < 0 || !qk_batch_shard_claim(&b, &err)) {
		say_error(err);
		goto out;
	}
	qk_batch_load_manifest(&b);
	expand_inputs(&b, inputs, n_inputs);
	if (b.items->len == 0) {
		fprintf(stderr, "qikan run: no PDF files in the inputs\n");
		goto out;
	}
	qk_batch_assign_names(&b);
	if (!qk_batch_take_share(&b, &err)) {
		say_error(err);
		goto out;
	}
	if (o->shards && !o->quiet)
		qk_batch_status(&b, "qikan run: shard %d/%d: %u of %u inputs", o->shard,
		                o->shards, b.items->len, b.items->len + b.elsewhere->len);
	qk_batch_clean_temps(&b);
	qk_batch_clean_leftovers(&b);
	finish_decided(&b);
	if (o->resume)
		qk_batch_mark_unchanged(&b);
	for (guint i = 0; i < b.items->len; i++)  /* done before: brought in step */
		if (((QkBatchItem *)g_ptr_array_index(b.items, i))->state == QK_ST_SKIPPED)
			issue_finished(&b, g_ptr_array_index(b.items, i));

	guint tick = b.tty ? g_timeout_add(500, on_tick, &b) : 0;
	guint watch = g_timeout_add(100, qk_batch_watch_memory, &b);
	b.last_manifest = g_get_monotonic_time();
	/* Workers are forked from the batch, which has no other thread
	 * (forkworker.h); QK_EXEC_WORKERS=1 executes every one anew
	 * (`qikan run --worker-one`). */
	if (!g_getenv("QK_EXEC_WORKERS"))
		b.fork = qk_fork_workers_new(o);
	if (b.fork && issues_left(&b, SHARE_FROM) >= SHARE_FROM)
		qk_fork_workers_share(b.fork);
	qk_signals_watch(on_signal, &b);
	launch_more(&b);
	if (b.running > 0 || (b.next < b.items->len && !b.interrupted))
		g_main_loop_run(b.loop);
	b.cpu_last = own_cpu();
	qk_signals_stop();
	if (tick)
		g_source_remove(tick);
	g_source_remove(watch);

	qk_batch_write_manifest(&b);
	qk_batch_write_corpus(&b);
	qk_batch_spool_close(&b);
	print_summary(&b);
	if (o->timings)
		print_timings(&b);
	rc = b.n_failed > 0 || b.interrupted ? QK_EXIT_FAILED : QK_EXIT_OK;
out:
	qk_fork_workers_free(b.fork);
	qk_batch_unlock_out(lock);
	g_free(b.self);
	g_main_loop_unref(b.loop);
	g_hash_table_unref(b.names);
	g_ptr_array_unref(b.elsewhere);
	g_ptr_array_unref(b.old);
	g_ptr_array_unref(b.launched);
	g_ptr_array_unref(b.items);
	return rc;
}
