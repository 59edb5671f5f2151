/* parallel.c — items shared by a few threads (see parallel.h). */
#include "parallel.h"

#include <pthread.h>
#include <time.h>

static void cp_helper_done(void);

typedef struct {
	GThreadFunc fn;
	gpointer data;
} Helper;

static gpointer run_helper(gpointer data)
{
	Helper h = *(Helper *)data;
	g_free(data);
	gpointer result = h.fn(h.data);
	cp_helper_done();
	return result;
}

GPtrArray *qk_threads_start(const char *name, GThreadFunc fn, gpointer data, int n)
{
	/* A GThreadPool whose threads could not be created kept the jobs
	 * queued and freeing it waited for them forever. */
	GPtrArray *helpers = g_ptr_array_new();
	for (int t = 0; t < n; t++) {
		Helper *h = g_new(Helper, 1);
		*h = (Helper){ fn, data };
		GThread *th = g_thread_try_new(name, run_helper, h, NULL);
		if (!th) {
			g_free(h);
			break;
		}
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
	gint on;                /* atomic: read by the helpers */
	clockid_t clock;        /* the stages' thread's CPU clock */
	gint64 thread0, process0, helpers0;
	gint64 helpers;         /* CPU of the helpers ended so far (atomic) */
	int n;
	const char *name[QK_CP_MARKS];
	gboolean all[QK_CP_MARKS];
	gint64 thread[QK_CP_MARKS], process[QK_CP_MARKS], helper[QK_CP_MARKS];  /* ns */
} cp;

static gint64 cpu_ns(clockid_t clock)
{
	struct timespec ts;
	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A helper's CPU time, counted as it ends (its thread's clock is gone
 * once it is joined). */
static void cp_helper_done(void)
{
	if (g_atomic_int_get(&cp.on))
		(void)__atomic_add_fetch(&cp.helpers, cpu_ns(CLOCK_THREAD_CPUTIME_ID), __ATOMIC_SEQ_CST);
}

static gint64 helpers_ns(void)
{
	return __atomic_load_n(&cp.helpers, __ATOMIC_SEQ_CST);
}

void qk_cp_start(void)
{
	cp.n = 0;
	if (pthread_getcpuclockid(pthread_self(), &cp.clock) != 0)
		return;
	cp.thread0 = cpu_ns(cp.clock);
	cp.process0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	cp.helpers0 = helpers_ns();
	g_atomic_int_set(&cp.on, 1);
}

void qk_cp_mark(const char *segment, gboolean all_others)
{
	if (!g_atomic_int_get(&cp.on) || cp.n >= QK_CP_MARKS)
		return;
	cp.name[cp.n] = segment;
	cp.all[cp.n] = all_others;
	cp.thread[cp.n] = cpu_ns(cp.clock);
	cp.process[cp.n] = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	cp.helper[cp.n] = helpers_ns();
	cp.n++;
}

char *qk_cp_report(double *total_ms)
{
	if (!g_atomic_int_get(&cp.on))
		return NULL;
	double others_cores = MAX(1, (int)g_get_num_processors() - 1);
	GString *s = g_string_new(NULL);
	double total = 0;
	gint64 t0 = cp.thread0, p0 = cp.process0, h0 = cp.helpers0;
	for (int i = 0; i < cp.n; i++) {
		double own = (cp.thread[i] - t0) / 1e6;
		double others = (cp.all[i] ? MAX(0, (cp.process[i] - p0) / 1e6 - own)
		                 : (cp.helper[i] - h0) / 1e6) / others_cores;
		double share = MAX(own, others);
		total += share;
		g_string_append_printf(s, "%s%s %.1f (%.1f|%.1f)", i ? ", " : "", cp.name[i],
		                       share, own, others);
		t0 = cp.thread[i];
		p0 = cp.process[i];
		h0 = cp.helper[i];
	}
	if (total_ms)
		*total_ms = total;
	return g_string_free(s, FALSE);
}
