/*
 * extractxml.c — extract tests' shared step (extractxml.h).
 */
#include "extractxml.h"

#include <stdio.h>
#include <CUnit/CUnit.h>
#include "model.h"
#include "xmlio.h"

char *qk_test_extract_xml(const char *path, const QkExtractOptions *o)
{
	GError *err = NULL;
	QkIssue *issue = qk_extract_pdf(path, o, &err);
	CU_ASSERT_PTR_NOT_NULL(issue);
	if (!issue) {
		fprintf(stderr, "%s: %s\n", path, err ? err->message : "?");
		g_clear_error(&err);
		return NULL;
	}
	char *xml = qk_model_to_xml(issue, NULL);
	qk_issue_free(issue);
	return xml;
}
