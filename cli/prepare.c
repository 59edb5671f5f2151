/*
 * prepare.c — a normalizer built on a thread of its own while the command
 * reads or extracts the issue: compiling its patterns (PCRE2's JIT, mostly)
 * takes about 1.5 ms, a fifth of normalizing a 28-page magazine. When the
 * issue will be normalized on several threads, every pattern is
 * JIT-compiled beforehand, again on that thread, while the issue is being
 * structured (one core's work, the other idle).
 */
#include "cli.h"

struct QkCliNormalizer {
	QkNormalizeOptions opts;   /* its file names borrowed from the caller */
	GThread *thread;           /* NULL: built when finished */
	gboolean built;            /* n and error are set */
	QkNormalizer *n;
	GError *error;
};

/* Built in the batch before it forks its workers (qk_cli_normalizer_prebuild):
 * the first job in each forked worker takes it. */
static QkNormalizer *prebuilt;

void qk_cli_normalizer_prebuild(const QkNormalizeOptions *opts)
{
	/* a data file's error is left for the workers to report */
	prebuilt = qk_normalizer_new(opts, NULL);
	if (prebuilt)
		qk_normalizer_jit_all(prebuilt);
}

static gpointer build(gpointer data)
{
	QkCliNormalizer *job = data;
	job->n = qk_normalizer_new(&job->opts, &job->error);
	return NULL;
}

static gpointer jit(gpointer data)
{
	QkCliNormalizer *job = data;
	qk_normalizer_jit_all(job->n);
	return NULL;
}

QkCliNormalizer *qk_cli_normalizer_start(const QkNormalizeOptions *opts)
{
	QkCliNormalizer *job = g_new0(QkCliNormalizer, 1);
	if (opts)
		job->opts = *opts;
	if (prebuilt) {   /* every pattern compiled: nothing left for a thread */
		job->n = g_steal_pointer(&prebuilt);
		job->built = TRUE;
		return job;
	}
	job->thread = g_thread_try_new("qk-normalizer", build, job, NULL);
	return job;
}

/* Waits for the thread's work: n and error are set. */
static void wait_built(QkCliNormalizer *job)
{
	if (job->thread)
		g_thread_join(job->thread);
	else if (!job->built)
		build(job);
	job->thread = NULL;
	job->built = TRUE;
}

void qk_cli_normalizer_jit(QkCliNormalizer *job)
{
	gboolean ready = job->built;   /* prebuilt: compiled already */
	wait_built(job);
	/* without a thread, normalize compiles them itself */
	if (job->n && !ready)
		job->thread = g_thread_try_new("qk-normalizer", jit, job, NULL);
}

QkNormalizer *qk_cli_normalizer_finish(QkCliNormalizer *job, GError **error)
{
	wait_built(job);
	QkNormalizer *n = job->n;
	if (!n)
		g_propagate_error(error, job->error);
	g_free(job);
	return n;
}
