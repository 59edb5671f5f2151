/* fuzz_extract.c — libFuzzer target: the extract and structure stages on
 * mutated PDFs (seeded with the sample PDFs). Poppler reads from a file, so each input is
 * written to one temporary file reused across runs. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>
#include "extract.h"
#include "structure.h"

static char *path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path) {
		int fd = g_file_open_tmp("qk-fuzz-XXXXXX.pdf", &path, NULL);
		if (fd < 0)
			abort();
		close(fd);
	}
	if (!g_file_set_contents(path, (const char *)data, (gssize)size, NULL))
		return 0;
	QkExtractOptions opts = { .password = NULL, .max_pages = 64 };
	GError *err = NULL;
	QkIssue *is = qk_extract_pdf(path, &opts, &err);
	qk_structure_issue(is);
	qk_issue_free(is);
	g_clear_error(&err);
	return 0;
}
