/*
 * layoutdata.c — the layouts the structure tests read.
 */
#include <stdio.h>

#include "layoutdata.h"
#include "structure.h"
#include "xmlio.h"

QkIssue *qk_test_layout(const char *name)
{
	const char *root = g_getenv("QK_SOURCE_ROOT");
	char *path = g_build_filename(root ? root : ".", "tests", "structure", "data",
	                              name, NULL);
	GError *err = NULL;
	QkIssue *is = qk_model_read_file(path, &err);
	if (is == NULL)
		fprintf(stderr, "\n  %s: %s\n", path, err ? err->message : "?");
	g_clear_error(&err);
	g_free(path);
	return is;
}

QkIssue *qk_test_structured(const char *name)
{
	QkIssue *is = qk_test_layout(name);
	if (is != NULL)
		qk_structure_issue(is);
	return is;
}

const char *qk_test_text(const QkText *t)
{
	const char *s = t ? qk_text_get(t) : NULL;
	return s ? s : "";
}
