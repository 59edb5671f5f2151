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

#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "fileio.h"

struct QkForkWorkers {
	const QkBatchOptions *o;
};

QkForkWorkers *qk_fork_workers_new(const QkBatchOptions *o)
{
	QkForkWorkers *fw = g_new0(QkForkWorkers, 1);
	fw->o = o;
	qk_file_sha256_preload();
	return fw;
}

void qk_fork_workers_free(QkForkWorkers *fw)
{
	g_free(fw);
}

gboolean qk_fork_workers_safe(void)
{
	/* one entry per thread; when it cannot be read, assume threads */
	GDir *d = g_dir_open("/proc/self/task", 0, NULL);
	int n = 0;
	while (d && g_dir_read_name(d))
		n++;
	if (d)
		g_dir_close(d);
	return n == 1;
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
