/*
 * replay.c — runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer, so that kept crash inputs (tests/fuzz-regress/<target>/) and
 * the seed corpus replay as ordinary tests under any build, sanitizers or
 * not. Arguments are files or folders (their regular files, sorted); a
 * missing folder counts as empty. A crash or abort fails the test.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	char *data = NULL;
	gsize len = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &data, &len, &err)) {
		fprintf(stderr, "replay: %s\n", err->message);
		g_error_free(err);
		return 1;
	}
	/* a copy of exactly len bytes, so reads past the end are caught */
	uint8_t *copy = g_memdup2(data, len);
	LLVMFuzzerTestOneInput(copy, len);
	g_free(copy);
	g_free(data);
	return 0;
}

static int compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int failed = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
			if (!g_file_test(argv[i], G_FILE_TEST_EXISTS))
				continue;
			failed += replay_file(argv[i]);
			n++;
			continue;
		}
		GDir *d = g_dir_open(argv[i], 0, NULL);
		GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
		const char *name;
		while (d && (name = g_dir_read_name(d))) {
			char *p = g_build_filename(argv[i], name, NULL);
			if (name[0] != '.' && g_file_test(p, G_FILE_TEST_IS_REGULAR))
				g_ptr_array_add(files, p);
			else
				g_free(p);
		}
		if (d)
			g_dir_close(d);
		g_ptr_array_sort(files, compare);
		for (guint k = 0; k < files->len; k++) {
			failed += replay_file(g_ptr_array_index(files, k));
			n++;
		}
		g_ptr_array_unref(files);
	}
	printf("replayed %d input%s, %d unreadable\n", n, n == 1 ? "" : "s", failed);
	return failed ? 1 : 0;
}
