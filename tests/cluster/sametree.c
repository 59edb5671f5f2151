/* sametree.c — see sametree.h. */
#include "sametree.h"

#include <string.h>
#include <glib/gstdio.h>

/* manifest.csv without the seconds column (the last field of each line;
 * nothing before it holds a line break: names and reasons are escaped). */
static char *without_seconds(const char *text)
{
	GString *s = g_string_new(NULL);
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *comma = strrchr(*l, ',');
		g_string_append_len(s, *l, comma ? comma - *l : (gssize)strlen(*l));
		g_string_append_c(s, '\n');
	}
	g_strfreev(lines);
	return g_string_free(s, FALSE);
}

static void list_files(const char *root, const char *rel, GPtrArray *out)
{
	char *dir = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *r = rel ? g_build_filename(rel, n, NULL) : g_strdup(n);
		char *p = g_build_filename(root, r, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			list_files(root, r, out);
		else
			g_ptr_array_add(out, g_strdup(r));
		g_free(p);
		g_free(r);
	}
	if (d)
		g_dir_close(d);
	g_free(dir);
}

int qk_test_count_files(const char *dir)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	list_files(dir, NULL, files);
	int n = (int)files->len;
	g_ptr_array_unref(files);
	return n;
}

char *qk_test_tree_diff(const char *single, const char *merged)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *b = g_ptr_array_new_with_free_func(g_free);
	list_files(single, NULL, a);
	list_files(merged, NULL, b);
	char *diff = NULL;
	GHashTable *in_a = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < a->len && !diff; i++) {
		const char *rel = g_ptr_array_index(a, i);
		g_hash_table_add(in_a, (gpointer)rel);
		char *pa = g_build_filename(single, rel, NULL), *pb = g_build_filename(merged, rel, NULL);
		char *da = NULL, *db = NULL;
		gsize la = 0, lb = 0;
		if (!g_file_get_contents(pa, &da, &la, NULL) || !g_file_get_contents(pb, &db, &lb, NULL)) {
			diff = g_strdup_printf("%s: not in the merged output", rel);
		} else if (strcmp(rel, "manifest.csv") == 0) {
			char *ma = without_seconds(da), *mb = without_seconds(db);
			if (strcmp(ma, mb) != 0)
				diff = g_strdup_printf("manifest.csv differs:\n%s\n---\n%s", ma, mb);
			g_free(ma);
			g_free(mb);
		} else if (la != lb || memcmp(da, db, la) != 0) {
			diff = g_strdup_printf("%s differs (%zu and %zu bytes)", rel, la, lb);
		}
		g_free(da);
		g_free(db);
		g_free(pa);
		g_free(pb);
	}
	for (guint i = 0; i < b->len && !diff; i++) {
		const char *rel = g_ptr_array_index(b, i);
		if (!g_hash_table_contains(in_a, rel) && strcmp(rel, ".qikan-merge") != 0)
			diff = g_strdup_printf("%s: only in the merged output", rel);
	}
	g_hash_table_unref(in_a);
	g_ptr_array_unref(a);
	g_ptr_array_unref(b);
	return diff;
}
