/*
 * forkworker.h — batch workers forked from the batch, not executed anew.
 *
 * A worker started by exec loads qikan's ~56 libraries and relocates them
 * (a fifth of a 1-page issue's instructions) and compiles the normalizer's
 * patterns (PCRE2's JIT) again; a fork of the batch inherits both, made
 * once per batch. The worker is still a process of its own (--timeout,
 * --max-memory, a crash fail that issue alone) and the batch still sees it
 * as a GSubprocess: the launcher's child-setup function, which runs in the
 * forked child with the pipes in place, runs the worker and exits instead
 * of returning to exec.
 */
#ifndef QK_FORKWORKER_H
#define QK_FORKWORKER_H

#include <gio/gio.h>
#include "batch.h"

G_BEGIN_DECLS

typedef struct QkForkWorkers QkForkWorkers;

/* What every worker of the batch shares: libcrypto, loaded here, and with
 * share_normalizer the normalizer (none when its data files cannot be
 * read: each worker then fails with the reason). Without it each worker
 * builds its own on a thread while it extracts, which costs no time when
 * there are no more issues than workers. opts is borrowed for the life of
 * the result. */
QkForkWorkers *qk_fork_workers_new(const QkBatchOptions *opts, gboolean share_normalizer);
void qk_fork_workers_free(QkForkWorkers *fw);

/* Makes the launcher's next spawn run the worker for file → OUT/name with
 * threads extraction threads in the forked child, instead of exec. */
void qk_fork_workers_setup(QkForkWorkers *fw, GSubprocessLauncher *l,
                           const char *file, const char *name, int threads);

G_END_DECLS

#endif
