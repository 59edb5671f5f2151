/* parallel.c — items shared by a few threads (see parallel.h). */
#include "parallel.h"

#include <pthread.h>
#include <time.h>

GPtrArray *qk_threads_start(const char *name, GThreadFunc fn, gpointer data, int n)
{
	/* A GThreadPool whose threads could not be created kept the jobs
	 * queued and freeing it waited for them forever. */
	GPtrArray *helpers = g_ptr_array_new();
	for (int t = 0; t < n; t++) {
		GThread *th = g_thread_try_new(name, fn, data, NULL);
		if (!th)
			break;
		g_ptr_array_add(helpers, th);
	}
	return helpers;
}

void qk_threads_join(GPtrArray *helpers)
{
	for (guint i = 0; i < helpers->len; i++)
		g_thread_join(g_ptr_array_index(helpers, i));
	g_ptr_array_free(helpers, TRUE);
}

typedef struct {
	GPtrArray *items;
	QkItemFn fn;
	gpointer data;
	gint next;          /* the next item to take */
	gint slots;         /* the next helper's slot */
	gint ready;         /* set before the helpers start (see qk_parallel_for) */
	gint finished;      /* threads done (see qk_parallel_for) */
} Pass;

static void take_items(Pass *ps, int slot)
{
	for (;;) {
		int i = g_atomic_int_add(&ps->next, 1);
		if (i >= (int)ps->items->len)
			break;
		ps->fn(g_ptr_array_index(ps->items, i), ps->data, slot);
	}
	g_atomic_int_inc(&ps->finished);
}

static gpointer helper(gpointer data)
{
	Pass *ps = data;
	(void)g_atomic_int_get(&ps->ready);   /* see qk_parallel_for */
	take_items(ps, g_atomic_int_add(&ps->slots, 1));
	return NULL;
}

void qk_parallel_for(GPtrArray *items, QkItemFn fn, gpointer data, int threads)
{
	Pass ps = { items, fn, data, 0, 1, 0, 0 };
	threads = MIN(threads, (int)items->len);
	if (threads <= 1) {
		for (guint i = 0; i < items->len; i++)
			fn(g_ptr_array_index(items, i), data, 0);
		return;
	}
	/* atomics of our own show ThreadSanitizer the order (thread start and
	 * join do too; kept from when a GLib pool, which it cannot see, ran
	 * these): ready before the helpers read the pass, finished after they
	 * wrote */
	g_atomic_int_set(&ps.ready, 1);
	GPtrArray *helpers = qk_threads_start("qk-pass", helper, &ps, threads - 1);
	take_items(&ps, 0);
	qk_threads_join(helpers);
	(void)g_atomic_int_get(&ps.finished);
}

/* ---- critical path ------------------------------------------------------ */

#define QK_CP_MARKS 32

static struct {
	gboolean on;
	clockid_t clock;        /* the stages' thread's CPU clock */
	gint64 thread0, process0;
	int n;
	const char *name[QK_CP_MARKS];
	gint64 thread[QK_CP_MARKS], process[QK_CP_MARKS];   /* ns at each mark */
} cp;

static gint64 cpu_ns(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void qk_cp_start(void)
{
	cp.on = pthread_getcpuclockid(pthread_self(), &cp.clock) == 0;
	cp.n = 0;
	cp.thread0 = cpu_ns(cp.clock);
	cp.process0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
}

void qk_cp_mark(const char *segment)
{
	if (!cp.on || cp.n >= QK_CP_MARKS)
		return;
	cp.name[cp.n] = segment;
	cp.thread[cp.n] = cpu_ns(cp.clock);
	cp.process[cp.n] = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	cp.n++;
}

char *qk_cp_report(double *total_ms)
{
	if (!cp.on)
		return NULL;
	double others_cores = MAX(1, (int)g_get_num_processors() - 1);
	GString *s = g_string_new(NULL);
	double total = 0;
	gint64 t0 = cp.thread0, p0 = cp.process0;
	for (int i = 0; i < cp.n; i++) {
		double own = (cp.thread[i] - t0) / 1e6;
		double others = MAX(0, (cp.process[i] - p0) / 1e6 - own) / others_cores;
		double share = MAX(own, others);
		total += share;
		g_string_append_printf(s, "%s%s %.1f (%.1f|%.1f)", i ? ", " : "", cp.name[i],
		                       share, own, others);
		t0 = cp.thread[i];
		p0 = cp.process[i];
	}
	if (total_ms)
		*total_ms = total;
	return g_string_free(s, FALSE);
}
