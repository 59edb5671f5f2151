/*
 * forkworker.c — batch workers forked from the batch (see forkworker.h).
 *
 * The child runs inside GLib's spawn code after fork(): stdin, stdout and
 * stderr are already the worker's pipes, every other descriptor is only
 * marked close-on-exec. It closes them itself (one of them is GLib's
 * error-report pipe, whose end-of-file tells the batch the spawn is done),
 * puts back the default signal dispositions the batch changed, runs the
 * worker and leaves with _exit(): no exec, no atexit handler of the batch.
 *
 * Only done while the batch has no other thread (qk_fork_workers_safe).
 */
#include "forkworker.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

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

typedef struct {
	QkForkWorkers *fw;
	char *file, *name;
	int threads;
} Job;

static void job_free(gpointer data)
{
	Job *j = data;
	g_free(j->file);
	g_free(j->name);
	g_free(j);
}

/* What exec would have closed: every descriptor but 0, 1 and 2. */
static void close_others(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 ? max : 65536); fd++)
		close((int)fd);
}

/* In the forked child: the worker, then _exit. */
static void run_worker(gpointer data)
{
	Job *j = data;
	close_others();
	/* the batch's handlers (g_unix_signal_add) belong to its main loop */
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE };
	for (gsize i = 0; i < G_N_ELEMENTS(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	QkBatchOptions o = *j->fw->o;
	o.threads = j->threads;
	int rc = qk_batch_worker(j->file, j->name, &o);
	fflush(NULL);
	_exit(rc);
}

void qk_fork_workers_setup(QkForkWorkers *fw, GSubprocessLauncher *l,
                           const char *file, const char *name, int threads)
{
	Job *j = g_new0(Job, 1);
	j->fw = fw;
	j->file = g_strdup(file);
	j->name = g_strdup(name);
	j->threads = threads;
	/* nothing the batch has buffered may reach a worker's pipe */
	fflush(NULL);
	g_subprocess_launcher_set_child_setup(l, run_worker, j, job_free);
}
