/*
 * batchout.c — the batch's hold on OUT: one run at a time (an advisory
 * lock), and qikan's own leftovers of an earlier, killed run removed.
 */
#include "batch_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>

#include "export.h"

/* Two runs into one OUT rewrite manifest.csv and the corpus files from
 * what each knows, so each drops the other's rows, and each cleans the
 * other's temporary folders as leftovers. The lock is flock(2) on OUT
 * itself: nothing is left in OUT, and the kernel lets go when the process
 * ends, however it ends. */
int qk_batch_lock_out(const char *out_dir, GError **error)
{
	int fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
		            "cannot open %s: %s", out_dir, g_strerror(e));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			            "%s is in use by another qikan run: wait for it to end, "
			            "or give another output folder", out_dir);
		else
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e),
			            "cannot lock %s: %s", out_dir, g_strerror(e));
		close(fd);
		return -1;
	}
	return fd;
}

void qk_batch_unlock_out(int fd)
{
	if (fd >= 0)
		close(fd);   /* releases the lock */
}

/* The NAME of an entry of OUT that may be a leftover ".NAME.tmp-XXXXXX"
 * or ".NAME.old-XXXXXX" (qk_export_clean_stale decides), else NULL
 * (caller frees). */
static char *leftover_base(const char *entry)
{
	gsize n = strlen(entry);
	const gsize tail = strlen(".tmp-XXXXXX");
	if (entry[0] != '.' || n < 2 + tail)
		return NULL;
	const char *t = entry + n - tail;
	if (strncmp(t, ".tmp-", 5) != 0 && strncmp(t, ".old-", 5) != 0)
		return NULL;
	return g_strndup(entry + 1, n - 1 - tail);
}

/* With OUT locked, any .NAME.tmp-* or .NAME.old-* beside a folder qikan
 * made (a name in the manifest or in this run) is a leftover of a killed
 * run: --resume skips complete folders and never launches a worker that
 * would clean them. OUT is listed once, and only the names with such an
 * entry are cleaned (a listing of OUT per name made the start of a batch
 * quadratic in its issues). */
void qk_batch_clean_leftovers(QkBatch *b)
{
	GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *lists[] = { b->old, b->items };
	for (gsize l = 0; l < G_N_ELEMENTS(lists); l++) {
		for (guint i = 0; i < lists[l]->len; i++) {
			QkBatchItem *it = g_ptr_array_index(lists[l], i);
			if (it->f[F_NAME])
				g_hash_table_add(names, it->f[F_NAME]);
		}
	}
	GHashTable *bases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GDir *d = g_hash_table_size(names) ? g_dir_open(b->o->out_dir, 0, NULL) : NULL;
	const char *entry;
	while (d && (entry = g_dir_read_name(d))) {
		char *base = leftover_base(entry);
		if (base && g_hash_table_contains(names, base))
			g_hash_table_add(bases, base);
		else
			g_free(base);
	}
	if (d)
		g_dir_close(d);
	GHashTableIter iter;
	gpointer base;
	g_hash_table_iter_init(&iter, bases);
	while (g_hash_table_iter_next(&iter, &base, NULL)) {
		char *dir = qk_batch_out_path(b, base);
		qk_export_clean_stale(dir);
		g_free(dir);
	}
	g_hash_table_unref(bases);
	g_hash_table_unref(names);
}
