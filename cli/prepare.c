/*
 * prepare.c — a normalizer built on a thread of its own while the command
 * reads or extracts the issue: compiling its patterns (PCRE2's JIT, mostly)
 * takes about 1.5 ms, a fifth of normalizing a 28-page magazine. When the
 * issue will be normalized on several threads, every pattern is
 * JIT-compiled beforehand, on that thread after the build, while the issue
 * is being read and structured.
 */
#include "cli.h"

struct QkCliNormalizer {
	QkNormalizeOptions opts;   /* its file names borrowed from the caller */
	gboolean jit;              /* every pattern JIT-compiled once built */
	GThread *thread;           /* NULL: built when finished */
	GThread *readier;          /* loading what scans need (qk_cli_normalizer_ready) */
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

/* The JIT follows the build on the same thread: a thread of its own
 * waited for the build only to start a third (two thread starts, each
 * with its stack and malloc arena, on every issue). */
static gpointer build(gpointer data)
{
	QkCliNormalizer *job = data;
	job->n = qk_normalizer_new(&job->opts, &job->error);
	if (job->n && job->jit)
		qk_normalizer_jit_all(job->n);
	return NULL;
}

QkCliNormalizer *qk_cli_normalizer_start(const QkNormalizeOptions *opts, gboolean jit)
{
	QkCliNormalizer *job = g_new0(QkCliNormalizer, 1);
	if (opts)
		job->opts = *opts;
	job->jit = jit;
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

/* After the build, what only scans need (qk_normalizer_ready). */
static gpointer make_ready(gpointer data)
{
	QkCliNormalizer *job = data;
	wait_built(job);
	if (job->n)
		qk_normalizer_ready(job->n);
	return NULL;
}

void qk_cli_normalizer_ready(QkCliNormalizer *job)
{
	/* the JIT of every pattern loads it; a prebuilt one has it */
	if (job->jit || job->built || job->readier)
		return;
	job->readier = g_thread_try_new("qk-normalizer", make_ready, job, NULL);
}

QkNormalizer *qk_cli_normalizer_finish(QkCliNormalizer *job, GError **error)
{
	if (job->readier)   /* it waited for the build */
		g_thread_join(job->readier);
	wait_built(job);
	QkNormalizer *n = job->n;
	if (!n)
		g_propagate_error(error, job->error);
	g_free(job);
	return n;
}
