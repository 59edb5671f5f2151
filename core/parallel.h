/* parallel.h — work shared by a few threads of one issue: the calling
 * thread and helpers it starts and joins, each taking the next item not
 * yet taken. Results go to each item's own place, so what a pass makes does
 * not depend on the number of threads. */
#ifndef QK_PARALLEL_H
#define QK_PARALLEL_H

#include <glib.h>

G_BEGIN_DECLS

/* Up to n helper threads named name running fn(data); as many as could be created
 * (none, under --max-memory, when there is no room for their stacks: the
 * calling thread then does all the work). Joined with qk_threads_join. */
GPtrArray *qk_threads_start(const char *name, GThreadFunc fn, gpointer data, int n);
void qk_threads_join(GPtrArray *helpers);

/* What fn is given: the item, the caller's data, and the slot of the
 * thread running it (0 for the calling thread, 1 … threads - 1 for the
 * helpers), for state a thread keeps of its own (a normalizer's match
 * data). */
typedef void (*QkItemFn)(gpointer item, gpointer data, int slot);

/* Runs fn on every item, on this thread and up to threads - 1 others, and
 * returns when all are done. */
void qk_parallel_for(GPtrArray *items, QkItemFn fn, gpointer data, int threads);

/* The critical path of one issue's run from CPU times (`qikan run
 * --timings`), a figure other work on the machine barely moves: the stages'
 * thread marks the ends of its segments. A segment's share is the larger of
 * that thread's CPU time in it and the others' per other core, where the
 * others are, in a segment of passes (all_others FALSE), the helpers of
 * qk_threads_start that ended in it (joined before the mark: its reading or
 * its pass), and in a segment where the stages' thread waits for every
 * other (all_others TRUE: the checksum, the normalizer), every other thread.
 * Work started beside the stages and not waited for (the checksum and the
 * normalizer while structure runs) is left out where it does not hold the
 * stages up. qk_cp_start (on the stages' thread) starts the count; without
 * it the marks do nothing. */
void qk_cp_start(void);
void qk_cp_mark(const char *segment, gboolean all_others);
/* "read 12.1 (12.1|11.0), structure 8.0 (8.0|0.3), …" in ms, each segment's
 * share (the stages' thread | the others per other core), and the sum in
 * *total_ms; NULL when not started. */
char *qk_cp_report(double *total_ms);

G_END_DECLS

#endif
