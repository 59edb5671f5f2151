/*
 * batchmem.c — the batch's memory watchdog: each worker's resident memory
 * read from /proc/PID/statm a few times a second, and a worker over
 * --max-memory killed; and the words for a worker that memory ended.
 *
 * Resident memory, not address space (RLIMIT_AS): a worker's threads each
 * reserve an arena of 64 MB+ and libraries map large files, so an
 * address-space limit stopped a 28-page issue at 60 MB while the pages
 * themselves needed 40.
 */
#include "batch_priv.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Only the workers running are looked at (the oldest still running
 * onwards in b->launched), each with one read of its statm kept open
 * (qk_proc_resident): a tick costs the same at the 10th issue and at the
 * 10,000th. */
gboolean qk_batch_watch_memory(gpointer data)
{
	QkBatch *b = data;
	guint64 cap = (guint64)b->o->max_memory << 20;
	while (b->watch_from < b->launched->len &&
	       !((QkBatchItem *)g_ptr_array_index(b->launched, b->watch_from))->proc)
		b->watch_from++;
	for (guint i = b->watch_from; i < b->launched->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->launched, i);
		if (!it->proc || it->over_memory)
			continue;
		guint64 rss = qk_proc_resident(it->proc);
		it->resident = MAX(it->resident, rss);
		if (cap && rss > cap) {
			it->over_memory = TRUE;
			qk_proc_kill(it->proc, SIGKILL);
		}
	}
	return G_SOURCE_CONTINUE;
}

/* Whether the worker's last words say an allocation failed. */
static gboolean says_out_of_memory(const char *diag)
{
	static const char *const words[] = {
		"bad_alloc", "failed to allocate", "out of memory", "Out of memory",
		"Cannot allocate memory", "allocation-size-too-big", "out-of-memory",
		NULL
	};
	for (const char *const *w = words; diag && *w; w++)
		if (strstr(diag, *w))
			return TRUE;
	return FALSE;
}

char *qk_batch_memory_reason(const QkBatch *b, const QkBatchItem *it,
                             const QkProc *proc, const char *diag)
{
	int cap = b->o->max_memory;
	if (it->over_memory)
		return g_strdup_printf("memory limit of %d MB exceeded (resident %"
		                       G_GUINT64_FORMAT " MB)", cap, it->resident >> 20);
	gboolean killed = qk_proc_signaled(proc) && qk_proc_term_sig(proc) == SIGKILL;
	if (says_out_of_memory(diag))
		return g_strdup_printf("memory limit: out of memory at %" G_GUINT64_FORMAT
		                       " MB resident (%s)", it->resident >> 20, diag);
	/* nobody else here sends SIGKILL: the system's out-of-memory killer */
	if (killed && !it->timed_out && !b->interrupted)
		return g_strdup_printf("memory limit: killed by the system at %" G_GUINT64_FORMAT
		                       " MB resident (out of memory?)", it->resident >> 20);
	return NULL;
}
