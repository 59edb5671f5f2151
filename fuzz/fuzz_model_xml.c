/* fuzz_model_xml.c — libFuzzer target: the model XML reader and writer.
 * Whatever parses must also write and read back. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "xmlio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GError *err = NULL;
	QkIssue *is = qk_model_from_xml((const char *)data, size, "fuzz", &err);
	if (is) {
		gsize len;
		char *x = qk_model_to_xml(is, &len);
		QkIssue *again = qk_model_from_xml(x, len, "fuzz-again", NULL);
		if (!again)
			abort(); /* what we write must be readable */
		qk_issue_free(again);
		g_free(x);
		qk_issue_free(is);
	}
	g_clear_error(&err);
	return 0;
}
