/*
 * forkworker.h — a batch worker forked from the batch, not executed anew.
 *
 * A worker started by exec loads qikan's ~56 libraries and relocates them
 * again (a third of a 1-page issue's CPU); a fork of the batch has them.
 * The worker is still a process of its own (--timeout, --max-memory, a
 * crash fail that issue alone) and the batch still sees it as a
 * GSubprocess: the launcher's child-setup function, which runs in the
 * forked child with the pipes in place, runs the worker and exits instead
 * of returning to exec.
 *
 * A fork is only safe while the batch has no other thread: a lock another
 * thread held at the fork (GLib's, the sanitizers' allocator) would stay
 * held in the child for ever; a worker forked from the threaded batch hung
 * on a futex under ASan. GLib starts its worker thread for the first child
 * watch or signal handler, so in practice the batch's first worker is
 * forked (the whole of a one-issue run) and later ones are executed.
 */
#ifndef QK_FORKWORKER_H
#define QK_FORKWORKER_H

#include <gio/gio.h>
#include "batch.h"

G_BEGIN_DECLS

typedef struct QkForkWorkers QkForkWorkers;

/* What forked workers share: nettle, loaded here. opts is borrowed for
 * the life of the result. */
QkForkWorkers *qk_fork_workers_new(const QkBatchOptions *opts);
void qk_fork_workers_free(QkForkWorkers *fw);

/* TRUE when this process has one thread, so a fork of it is safe now. */
gboolean qk_fork_workers_safe(void);

/* Makes the launcher's next spawn run the worker for file → OUT/name with
 * threads extraction threads in the forked child, instead of exec. */
void qk_fork_workers_setup(QkForkWorkers *fw, GSubprocessLauncher *l,
                           const char *file, const char *name, int threads);

G_END_DECLS

#endif
