/*
 * forkworker.c — batch workers forked from the batch (see forkworker.h).
 *
 * The child runs after qk_proc_spawn's fork(): stdout and stderr are
 * already the worker's pipes, every other descriptor is closed and the
 * batch's signal handling undone (workerproc.c). It runs the worker and
 * leaves with _exit(): no exec, no atexit handler of the batch.
 *
 * Only done while the batch has no other thread (qk_fork_workers_safe).
 */
#include "forkworker.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <poppler.h>

#include "cli.h"
#include "fileio.h"
#include "structure.h"

struct QkForkWorkers {
	const QkBatchOptions *o;
	PopplerDocument *warm;   /* keeps Poppler's global tables made */
};

/* A blank one-page PDF. */
static const char blank_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
	"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
	"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]/Contents 4 0 R>>\nendobj\n"
	"4 0 obj\n<</Length 0>>stream\n\nendstream\nendobj\n"
	"xref\n0 5\n"
	"0000000000 65535 f \n0000000009 00000 n \n0000000054 00000 n \n"
	"0000000105 00000 n \n0000000183 00000 n \n"
	"trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n229\n%EOF\n";

/* Poppler makes its GlobalParams (4 M instructions: name-to-Unicode
 * tables, encoding folders) with the first document of a process and
 * frees them with the last, and the sRGB profile (1 M) with the first page
 * it reads: a document kept open here, its page read once, makes both
 * before the fork, for every worker. */
static PopplerDocument *poppler_warm(void)
{
	GBytes *bytes = g_bytes_new_static(blank_pdf, sizeof blank_pdf - 1);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
	PopplerPage *page = doc ? poppler_document_get_page(doc, 0) : NULL;
	if (page) {
		g_free(poppler_page_get_text(page));
		g_object_unref(page);
	}
	return doc;
}

QkForkWorkers *qk_fork_workers_new(const QkBatchOptions *o)
{
	QkForkWorkers *fw = g_new0(QkForkWorkers, 1);
	fw->o = o;
	return fw;
}

void qk_fork_workers_share(QkForkWorkers *fw)
{
	QkNormalizeOptions no = { .units_file = fw->o->units, .sections_file = fw->o->sections };
	qk_file_sha256_preload();
	qk_cli_normalizer_prebuild(&no);
	qk_structure_words();
	if (!fw->warm)
		fw->warm = poppler_warm();
}

void qk_fork_workers_free(QkForkWorkers *fw)
{
	if (fw && fw->warm)
		g_object_unref(fw->warm);
	g_free(fw);
}

gboolean qk_fork_workers_safe(void)
{
	/* num_threads, the 20th field of /proc/self/stat (the 18th after the
	 * command's name, which ends at the last ')'): one open, read and
	 * close, where listing /proc/self/task took five calls; when it
	 * cannot be read, assume threads */
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return FALSE;
	buf[n] = 0;
	const char *p = strrchr(buf, ')');
	for (int field = 2; p && field < 20; field++)
		p = strchr(p + 1, ' ');
	return p && strtol(p + 1, NULL, 10) == 1;
}

struct QkForkJob {
	QkForkWorkers *fw;
	char *file, *name;
	int threads;
};

QkForkJob *qk_fork_job_new(QkForkWorkers *fw, const char *file, const char *name,
                           int threads)
{
	QkForkJob *j = g_new0(QkForkJob, 1);
	j->fw = fw;
	j->file = g_strdup(file);
	j->name = g_strdup(name);
	j->threads = threads;
	return j;
}

void qk_fork_job_free(QkForkJob *j)
{
	if (!j)
		return;
	g_free(j->file);
	g_free(j->name);
	g_free(j);
}

void qk_fork_job_run(gpointer data)
{
	QkForkJob *j = data;
	QkBatchOptions o = *j->fw->o;
	o.threads = j->threads;
	int rc = qk_batch_worker(j->file, j->name, &o);
	fflush(NULL);
	_exit(rc);
}
