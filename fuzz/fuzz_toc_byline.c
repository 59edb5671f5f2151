/* fuzz_toc_byline.c — libFuzzer target: the TOC line and byline parsers on
 * arbitrary bytes. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "structure.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = g_strndup((const char *)data, size);
	QkTocLine tl;
	qk_structure_parse_toc_line(line, &tl);
	qk_structure_toc_line_clear(&tl);

	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	qk_structure_parse_byline(line, names);
	gsize n = qk_structure_lead_byline(line, names);
	if (n > strlen(line))
		abort(); /* the prefix must lie inside the input */
	qk_structure_parse_signature(line, names);
	g_ptr_array_unref(names);

	/* a TOC page made of the input's lines */
	char **parts = g_strsplit(line, "\n", 64);
	GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)qk_line_free);
	for (char **p = parts; *p; p++)
		g_ptr_array_add(lines, qk_line_new(*p));
	GPtrArray *secs = g_ptr_array_new_with_free_func((GDestroyNotify)qk_toc_section_free);
	qk_structure_toc_from_lines(lines, NULL, secs);
	g_ptr_array_unref(secs);
	g_ptr_array_unref(lines);
	g_strfreev(parts);
	g_free(line);
	return 0;
}
