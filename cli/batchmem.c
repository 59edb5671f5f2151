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

/* Resident bytes of the worker (0 when unknown: it has just ended). */
static guint64 resident_bytes(const QkProc *proc)
{
	pid_t pid = qk_proc_pid(proc);
	if (pid <= 0)
		return 0;
	char *path = g_strdup_printf("/proc/%ld/statm", (long)pid);
	char *text = NULL;
	guint64 pages = 0;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		/* size resident shared text lib data dt, in pages */
		char *p = strchr(text, ' ');
		if (p)
			pages = g_ascii_strtoull(p + 1, NULL, 10);
	}
	g_free(text);
	g_free(path);
	return pages * (guint64)sysconf(_SC_PAGESIZE);
}

gboolean qk_batch_watch_memory(gpointer data)
{
	QkBatch *b = data;
	guint64 cap = (guint64)b->o->max_memory << 20;
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		if (!it->proc || it->over_memory)
			continue;
		guint64 rss = resident_bytes(it->proc);
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
