/*
 * batchshard.c — `qikan run --shard K/N`: one of N independent runs that
 * together cover the inputs exactly once (a cluster's job array), joined
 * afterwards by `qikan merge` (merge.c).
 *
 * An input's shard comes from its key alone: the path under the folder
 * named on the command line (2019/01.pdf for shelf/2019/01.pdf), or the
 * path as given for a file named on the command line. So every machine
 * agrees whatever the folder is mounted as, a file keeps its shard when
 * others are added or removed, and nothing is read to decide (hashing the
 * content would make every machine read the whole shelf). The key's
 * SHA-256 spreads similar names evenly; shard = 1 + (its first 64 bits,
 * big-endian, mod N).
 *
 * Folder names are assigned over all inputs, as one run into an empty OUT
 * would (batchnames.c), before the other shards' inputs are dropped: two
 * 01.pdf in different shards still become 01 and 01-2, as in one run.
 */
#include "batch_priv.h"

#include <stdio.h>
#include <string.h>

#include "csvout.h"

#define QK_SHARD_FILE "shard.csv"
#define QK_SHARDS_MAX 100000

guint qk_batch_shard_of(const char *key, guint n)
{
	guint8 digest[32];
	gsize len = sizeof digest;
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, (const guchar *)key, (gssize)strlen(key));
	g_checksum_get_digest(c, digest, &len);
	g_checksum_free(c);
	guint64 h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | digest[i];
	return (guint)(h % n) + 1;
}

gboolean qk_batch_parse_shard(const char *s, int *k, int *n)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	if (!slash)
		return FALSE;
	char *ks = g_strndup(s, (gsize)(slash - s));
	guint64 kv = 0, nv = 0;
	gboolean ok = g_ascii_string_to_unsigned(ks, 10, 1, QK_SHARDS_MAX, &kv, NULL) &&
	              g_ascii_string_to_unsigned(slash + 1, 10, 1, QK_SHARDS_MAX, &nv, NULL) &&
	              kv <= nv;
	g_free(ks);
	if (ok) {
		*k = (int)kv;
		*n = (int)nv;
	}
	return ok;
}

/* OUT/shard.csv: "shard,shards,file", one row per input of the share
 * (the file as the manifest records it), or one row with no file before
 * the inputs are known or when the share is empty. `qikan merge` reads it
 * to name the inputs a shard cut short never reached. */
static gboolean write_shard(const char *out_dir, int k, int n, GPtrArray *items,
                            GError **error)
{
	static const char *const header[] = { "shard", "shards", "file", NULL };
	QkCsv *csv = qk_csv_new();
	qk_csv_row(csv, header);
	for (guint i = 0; i < (items && items->len ? items->len : 1); i++) {
		qk_csv_int(csv, k);
		qk_csv_int(csv, n);
		qk_csv_str(csv, items && items->len
		                ? ((QkBatchItem *)g_ptr_array_index(items, i))->f[F_FILE] : NULL);
		qk_csv_end(csv);
	}
	char *path = g_build_filename(out_dir, QK_SHARD_FILE, NULL);
	gboolean ok = qk_csv_save(csv, path, error);
	g_free(path);
	qk_csv_free(csv);
	return ok;
}

gboolean qk_batch_shard_read(const char *out_dir, int *k, int *n, GPtrArray **files,
                             GError **error)
{
	*k = *n = 0;
	if (files)
		*files = NULL;
	char *path = g_build_filename(out_dir, QK_SHARD_FILE, NULL);
	gboolean ok = TRUE;
	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		GPtrArray *rows = qk_csv_read_file(path, error);
		GPtrArray *row = rows && rows->len >= 2 ? g_ptr_array_index(rows, 1) : NULL;
		char *kn = row && row->len == 3
		           ? g_strdup_printf("%s/%s", (char *)g_ptr_array_index(row, 0),
		                             (char *)g_ptr_array_index(row, 1)) : NULL;
		ok = kn && qk_batch_parse_shard(kn, k, n);
		if (!ok && rows)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			            "%s: not a shard record (shard,shards,file)", path);
		if (ok && files) {
			*files = g_ptr_array_new_with_free_func(g_free);
			for (guint r = 1; r < rows->len; r++) {
				GPtrArray *rw = g_ptr_array_index(rows, r);
				const char *f = rw->len == 3 ? g_ptr_array_index(rw, 2) : "";
				if (*f)
					g_ptr_array_add(*files, g_strdup(f));
			}
		}
		g_free(kn);
		if (rows)
			g_ptr_array_unref(rows);
	}
	g_free(path);
	return ok;
}

gboolean qk_batch_shard_claim(const QkBatch *b, GError **error)
{
	const QkBatchOptions *o = b->o;
	int k, n;
	if (!qk_batch_shard_read(o->out_dir, &k, &n, NULL, error))
		return FALSE;
	if (n) {
		if (k == o->shard && n == o->shards)
			return TRUE;
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s holds shard %d/%d: run it again with --shard %d/%d, "
		            "or give another output folder", o->out_dir, k, n, k, n);
		return FALSE;
	}
	if (o->shards == 0)
		return TRUE;
	/* A shard's OUT is its own from the start: one with issues run
	 * without --shard holds inputs of every shard. */
	char *manifest = g_build_filename(o->out_dir, "manifest.csv", NULL);
	gboolean used = g_file_test(manifest, G_FILE_TEST_EXISTS);
	g_free(manifest);
	if (used) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
		            "%s holds a run without --shard: give each shard an output "
		            "folder of its own", o->out_dir);
		return FALSE;
	}
	return write_shard(o->out_dir, o->shard, o->shards, NULL, error);
}

gboolean qk_batch_take_share(QkBatch *b, GError **error)
{
	if (b->o->shards == 0)
		return TRUE;
	GPtrArray *mine = g_ptr_array_new_with_free_func((GDestroyNotify)qk_batch_item_free);
	for (guint i = 0; i < b->items->len; i++) {
		QkBatchItem *it = g_ptr_array_index(b->items, i);
		gboolean in = qk_batch_shard_of(it->key, (guint)b->o->shards) == (guint)b->o->shard;
		g_ptr_array_add(in ? mine : b->elsewhere, it);
		b->items->pdata[i] = NULL;
	}
	g_ptr_array_unref(b->items);   /* holds only NULLs now */
	b->items = mine;
	return write_shard(b->o->out_dir, b->o->shard, b->o->shards, mine, error);
}
