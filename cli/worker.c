/*
 * worker.c — one issue in a worker process (`qikan run --worker-one`):
 * extract → structure → normalize → export into OUT/<name>, then one CSV record on
 * standard output for the batch that started it.
 */
#include "batch_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <glib/gstdio.h>

#include "cli.h"
#include "csvout.h"
#include "error.h"
#include "fileio.h"
#include "export.h"
#include "extract.h"
#include "normalize.h"
#include "parallel.h"
#include "review.h"
#include "structure.h"


/* The record the batch reads: sha256,status,reason,title,year,number,date,
 * pages,articles,tables,warnings. */
static void print_record(const char *status, const char *reason,
                         const char *sha, const QkIssue *issue)
{
	QkCsv *csv = qk_csv_new();
	qk_csv_str(csv, sha);
	qk_csv_str(csv, status);
	qk_csv_str(csv, reason);
	qk_csv_str(csv, issue ? issue->meta.title : NULL);
	qk_csv_str(csv, issue ? issue->meta.year : NULL);
	qk_csv_str(csv, issue ? issue->meta.number : NULL);
	qk_csv_str(csv, issue ? issue->meta.date : NULL);
	if (issue) {
		qk_csv_int(csv, (long)issue->pages->len);
		qk_csv_int(csv, (long)issue->articles->len);
		qk_csv_int(csv, (long)issue->tables->len);
		qk_csv_int(csv, (long)issue->warnings->len);
	} else {  /* unknown, not zero */
		for (int i = 0; i < 4; i++)
			qk_csv_str(csv, NULL);
	}
	qk_csv_end(csv);
	gsize len;
	const char *data = qk_csv_data(csv, &len);
	fwrite(data, 1, len, stdout);
	fflush(stdout);
	qk_csv_free(csv);
}

/* review.html beside the issue's files; written after the folder is
 * complete, atomically, so an interrupted review leaves no partial page. */
static gboolean write_review(const QkIssue *issue, const char *pdf, const char *dir,
                             QkReviewOptions *ro, GError **error)
{
	char *path = g_build_filename(dir, "review.html", NULL);
	gboolean ok = qk_review_write(issue, pdf, path, ro, error);
	if (!ok)
		g_prefix_error(error, "review: ");
	g_free(path);
	return ok;
}

/* The input is a regular file: opened without blocking (a FIFO would wait
 * for a writer until the timeout) and looked at, as it may have changed
 * since the batch saw it. */
static gboolean check_regular(const char *file, GError **error)
{
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	int e = fd < 0 ? errno : fstat(fd, &st) != 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	if (e) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s", g_strerror(e));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a regular file");
		return FALSE;
	}
	return TRUE;
}

/* The batch's watchdog (batchmem.c) looks a few times a second; a peak
 * between two looks is caught here, before anything is written. */
static gboolean within_memory(const QkBatchOptions *o, GError **error)
{
	struct rusage ru;
	if (o->max_memory <= 0 || getrusage(RUSAGE_SELF, &ru) != 0 ||
	    ru.ru_maxrss <= (long)o->max_memory * 1024)
		return TRUE;
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
	            "memory limit of %d MB exceeded (resident %ld MB)",
	            o->max_memory, ru.ru_maxrss / 1024);
	return FALSE;
}

/* The issue and normalizer of the last issue, left for the process's exit
 * (a worker ends with its issue) and still reachable for leak checkers:
 * freeing a model object by object is 2.5 M instructions on a 28-page
 * magazine and ~19 ms on 480 pages, all of it after the issue is done. */
static QkIssue *left_issue;
static QkNormalizer *left_norm;

static void leave_for_exit(QkIssue *issue, QkNormalizer *norm)
{
	qk_issue_free(left_issue);   /* an earlier issue of the same process */
	qk_normalizer_free(left_norm);
	left_issue = issue;
	left_norm = norm;
}

typedef struct {
	const char *file;
	char *sha;
	GError *error;
} HashJob;

static gpointer hash_file(gpointer data)
{
	HashJob *job = data;
	job->sha = qk_file_sha256(job->file, &job->error);
	return NULL;
}

/* What runs beside the reading's tail: the checksum, needed for the
 * record and the export, and the normalizer, needed after structure, its
 * patterns JIT-compiled for a normalize on several threads. */
typedef struct {
	HashJob hash;
	GThread *hasher;
	QkNormalizeOptions no;
	QkCliNormalizer *job;
	gboolean several;       /* several threads to normalize on */
	gboolean jit;           /* the patterns compiled beside the reading */
} Beside;

/* Started when a reading thread runs out of pages (QkExtractOptions.tail),
 * else after extract: beside the reading they took a share of both cores
 * while every page was still to read. The JIT of every pattern (~3 ms,
 * 11.7 M instructions) follows the build there, not after extract: beside
 * structure alone, which takes 1.5-6 ms on a 1-4-page issue, normalize
 * waited for it (2-3 ms on mini.pdf and a 1-page letter). But not for an
 * issue of one page, whose text (a cover's few lines, mostly) is then
 * normalized on one thread, compiling the patterns it uses as it goes: the
 * JIT of all of them was 26% of a cover's run without the checksum; a
 * dense page (a newspaper's front, 9 KB) costs the same instructions
 * either way, and its normalize 1.5 ms more on the critical path. */
static void start_beside(int pages, gpointer data)
{
	Beside *b = data;
	b->jit = b->several && pages > 1;
	b->hasher = g_thread_try_new("qk-hash", hash_file, &b->hash, NULL);
	b->job = qk_cli_normalizer_start(&b->no, b->jit);
}

int qk_batch_worker(const char *file, const char *name,
                    const QkBatchOptions *o)
{
#ifdef __linux__
	/* Die with the batch: a killed batch must not leave workers behind. */
	pid_t parent = getppid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		return QK_EXIT_FAILED;
#endif
	if (o->timings)
		qk_cp_start();
	GError *err = NULL;
	QkIssue *issue = NULL;
	QkNormalizer *norm = NULL;
	char *dir = NULL;
	int rc = QK_EXIT_FAILED;
	char *sha = NULL;
	if (!check_regular(file, &err))
		goto fail;
	int threads = o->threads > 0 ? o->threads : (int)g_get_num_processors();
	/* on one thread normalize compiles the patterns it uses as it goes;
	 * on several every one beforehand (qk_normalize_threads_for: all but a
	 * cover's few lines; start_beside: not a one-page issue) */
	Beside beside = {
		.hash = { file, NULL, NULL },
		.no = { .units_file = o->units, .sections_file = o->sections },
		.several = threads > 1,
	};
	QkExtractOptions xo = {
		.password = o->password, .max_pages = 0, .threads = o->threads,
		.no_sha256 = TRUE, .ocr = o->ocr, .ocr_lang = o->ocr_lang,
		.exit_after = TRUE,   /* the worker's process ends with the issue */
		.tail = start_beside, .tail_data = &beside,
	};
	gint64 t0 = g_get_monotonic_time();
	issue = qk_extract_pdf(file, &xo, &err);
	if (!beside.job)
		start_beside(issue ? (int)issue->pages->len : 0, &beside);
	/* a normalizer not JIT-compiled beside the reading (one page, one
	 * thread) is built without what only scans need: loaded beside
	 * structure when the issue holds more than a cover's few lines */
	if (issue && qk_normalize_scans(issue))
		qk_cli_normalizer_ready(beside.job);
	gint64 ts = g_get_monotonic_time();
	int norm_threads = issue && beside.jit ? qk_normalize_threads_for(issue, threads) : 1;
	qk_structure_issue_threads(issue, threads);
	qk_cp_mark("structure", FALSE);
	gint64 t1 = g_get_monotonic_time();
	/* the checksum, read beside structure at the latest */
	if (beside.hasher)
		g_thread_join(beside.hasher);
	else
		hash_file(&beside.hash);
	sha = beside.hash.sha;
	if (!sha) {   /* the file could not be read: that is the reason */
		g_clear_error(&err);
		g_propagate_error(&err, beside.hash.error);
		g_clear_pointer(&issue, qk_issue_free);
	} else if (issue) {
		issue->source_sha256 = g_strdup(sha);
	}
	norm = qk_cli_normalizer_finish(beside.job, issue ? &err : NULL);
	if (!issue || !norm)
		goto fail;
	qk_cp_mark("wait", TRUE);
	qk_normalize_issue_threads(norm, issue, norm_threads);
	qk_cp_mark("normalize", TRUE);
	gint64 t2 = g_get_monotonic_time();
	if (!within_memory(o, &err))
		goto fail;
	if (!issue->source)
		issue->source = g_path_get_basename(file);
	dir = g_build_filename(o->out_dir, name, NULL);
	QkExportOptions eo = { .mets = o->mets, .xlsx = o->xlsx, .csv_bom = o->csv_bom,
	                       .threads = threads };
	if (!qk_export_issue_with(issue, dir, &eo, &err))
		goto fail;
	qk_cp_mark("export", TRUE);
	gint64 t3 = g_get_monotonic_time();
	QkReviewOptions ro = { .password = o->password };
	if (o->review && !write_review(issue, file, dir, &ro, &err))
		goto fail;
	if (o->timings) {
		gint64 t4 = g_get_monotonic_time();
		/* extract's figure includes structure (scripts/bench reads it) */
		char *shown = qk_cli_escape_name(file);
		fprintf(stderr, "qikan: %s: timing: extract %.3f s, normalize %.3f s "
		        "(%.1f%% of extract), export %.3f s, structure %.3f s", shown,
		        (t1 - t0) / 1e6, (t2 - t1) / 1e6,
		        t1 > t0 ? 100.0 * (t2 - t1) / (t1 - t0) : 0.0,
		        (t3 - t2) / 1e6, (t1 - ts) / 1e6);
		if (o->review)
			fprintf(stderr, ", review %.3f s (rendering %.3f s)", (t4 - t3) / 1e6,
			        ro.render_secs);
		fputc('\n', stderr);
		if (o->review)
			qk_cp_mark("review", TRUE);
		double cp_ms = 0;
		char *segs = qk_cp_report(&cp_ms);
		fprintf(stderr, "qikan: %s: timing: critical path %.1f ms CPU: %s\n", shown,
		        cp_ms, segs);
		g_free(segs);
		g_free(shown);
	}
	qk_cli_print_warnings(issue, file);
	print_record("done", NULL, sha, issue);
	rc = QK_EXIT_OK;
	goto out;
fail:
	print_record("failed", err ? err->message : "unknown error", sha, NULL);
	g_clear_error(&err);
out:
	g_free(dir);
	g_free(sha);
	leave_for_exit(issue, norm);
	return rc;
}
