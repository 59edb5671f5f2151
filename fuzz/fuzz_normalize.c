/* fuzz_normalize.c — libFuzzer target: the normalizer on arbitrary bytes
 * (valid UTF-8 or not), with the annotations checked against the text. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "norm.h"

static QkNormalizer *norm;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!norm && !(norm = qk_norm_new(NULL, NULL)))
		abort();
	char *text = g_strndup((const char *)data, size);
	char *out = NULL;
	GPtrArray *anns = qk_norm_annotate(norm, text, 2023, &out);
	const char *base = out ? out : text;
	glong chars = g_utf8_validate(base, -1, NULL) ? g_utf8_strlen(base, -1) : -1;
	for (guint i = 0; anns && i < anns->len; i++) {
		QkAnnot *a = g_ptr_array_index(anns, i);
		/* offsets must lie inside the text they refer to */
		if (a->start < 0 || a->end < a->start || (chars >= 0 && a->end > chars))
			abort();
	}
	if (anns)
		g_ptr_array_unref(anns);
	g_free(out);
	g_free(text);
	return 0;
}
