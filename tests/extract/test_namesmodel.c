/*
 * test_namesmodel.c — the names model loaded without its config
 * (extract/ocr.c qk_ocr_drop_config): a traineddata file's entry 0 taken
 * out, the entries after it moved up and their offsets with them, a file
 * without one left as it is, and bytes that are no traineddata file
 * refused. The config sets Tesseract's global layout parameters, which
 * changed how the page's engine read the pages after the names engine
 * started.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "ocrint.h"

/* A traineddata file of n entries, text[i] the bytes of entry i (NULL:
 * none), into buf: its length. */
static gsize model(char *buf, guint32 n, const char *const *text)
{
	gsize at = 4 + 8 * (gsize)n;
	guint32 le = GUINT32_TO_LE(n);
	memcpy(buf, &le, 4);
	for (guint32 i = 0; i < n; i++) {
		gint64 off = text[i] ? (gint64)at : -1;
		off = GINT64_TO_LE(off);
		memcpy(buf + 4 + 8 * i, &off, 8);
		if (text[i]) {
			memcpy(buf + at, text[i], strlen(text[i]));
			at += strlen(text[i]);
		}
	}
	return at;
}

static void test_config_dropped(void)
{
	static const char *const with[] = { "textord_use_cjk_fp_model T\n", "unicharset", NULL,
	                                    "lstm" };
	static const char *const without[] = { NULL, "unicharset", NULL, "lstm" };
	char buf[256], want[256];
	gsize len = model(buf, 4, with), want_len = model(want, 4, without);
	CU_ASSERT_TRUE(qk_ocr_drop_config(buf, &len));
	CU_ASSERT_EQUAL(len, want_len);
	CU_ASSERT_EQUAL(memcmp(buf, want, want_len), 0);
	/* a file without a config is left as it is */
	CU_ASSERT_TRUE(qk_ocr_drop_config(buf, &len));
	CU_ASSERT_EQUAL(len, want_len);
	CU_ASSERT_EQUAL(memcmp(buf, want, want_len), 0);
}

static void test_not_a_model(void)
{
	static const char *const entries[] = { "config", "unicharset" };
	char buf[256];
	gsize len = 3;
	memcpy(buf, "PK\3", 3);
	CU_ASSERT_FALSE(qk_ocr_drop_config(buf, &len));   /* too short */
	len = model(buf, 2, entries);
	gsize cut = len - 11;   /* entry 1 starts past the end */
	CU_ASSERT_FALSE(qk_ocr_drop_config(buf, &cut));
	guint32 many = GUINT32_TO_LE(100000);
	memcpy(buf, &many, 4);   /* more entries than there are bytes */
	CU_ASSERT_FALSE(qk_ocr_drop_config(buf, &len));
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("namesmodel", NULL, NULL);
	CU_add_test(s, "the names model's config dropped", test_config_dropped);
	CU_add_test(s, "bytes that are no traineddata file", test_not_a_model);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
