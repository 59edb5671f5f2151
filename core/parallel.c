/* parallel.c — items shared by a few threads (see parallel.h). */
#include "parallel.h"

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
