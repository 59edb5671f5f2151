/*
 * forkworker.h — a batch worker forked from the batch, not executed anew.
 *
 * A worker started by exec loads qikan's ~56 libraries and relocates them
 * again (a third of a 1-page issue's CPU); a fork of the batch has them.
 * The worker is still a process of its own (--timeout, --max-memory, a
 * crash fail that issue alone), started and watched by workerproc.c.
 *
 * A fork is only safe while the batch has no other thread: a lock another
 * thread held at the fork (GLib's, the sanitizers' allocator) would stay
 * held in the child for ever; a worker forked from the threaded batch hung
 * on a futex under ASan. The batch starts none (workerproc.h): every worker
 * is forked, unless QK_EXEC_WORKERS=1 says to execute them.
 */
#ifndef QK_FORKWORKER_H
#define QK_FORKWORKER_H

#include <glib.h>
#include "batch.h"

G_BEGIN_DECLS

typedef struct QkForkWorkers QkForkWorkers;

/* What forked workers share; opts is borrowed for the life of the
 * result. */
QkForkWorkers *qk_fork_workers_new(const QkBatchOptions *opts);
void qk_fork_workers_free(QkForkWorkers *fw);
/* Makes now what every worker would make for itself, for the workers
 * forked after to share: nettle loaded (the checksums), the normalizer
 * with its patterns JIT-compiled, the byline words, Poppler's global
 * tables. Worth it for a batch of several issues; one issue would wait
 * for them before its worker starts instead of making them on its
 * threads while its pages are read (nettle on the checksum's). */
void qk_fork_workers_share(QkForkWorkers *fw);

/* TRUE when this process has one thread, so a fork of it is safe now. */
gboolean qk_fork_workers_safe(void);

/* One worker to fork: file → OUT/name with threads extraction threads. */
typedef struct QkForkJob QkForkJob;
QkForkJob *qk_fork_job_new(QkForkWorkers *fw, const char *file, const char *name,
                           int threads);
void qk_fork_job_free(QkForkJob *job);
/* The forked child's work (a QkProcChild): the worker, then _exit. */
void qk_fork_job_run(gpointer job);

G_END_DECLS

#endif
