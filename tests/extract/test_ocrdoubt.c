/*
 * test_ocrdoubt.c — a line Tesseract doubts read again under other
 * binarisations and scales (extract/ocrdoubt.c), on a real scan.
 *
 * samples/scans/chromium-mag-03-p6-head.png: the headline of
 * chromium-mag-03's page 6 (its 200 dpi scan, scripts/make-scans -r 200)
 * as qikan's OCR gives it to Tesseract (QK_OCR_DUMP: levelled, deskewed,
 * enlarged twice), cut out and kept in 16 greys (30 KB). Read alone as
 * the headline it is (qk_ocr_read_piece, the line's box as the page's
 * reading found it), it came back 让党旗在项目建设一线高高球扬 (球 82,
 * 扬 62), as on the page; a variant whose reading differs only there
 * reads 飘扬, 90 and 100.
 */
#include <string.h>
#include <CUnit/Basic.h>
#include "ocrint.h"

static char *read_headline(QkOcr *ocr, PIX *pix, double sx)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(QkGlyph));
	/* the headline's ink, as the page's reading boxed it (pixels) */
	qk_ocr_read_piece(ocr, pix, 44, 1591, 42, 148, out, sx, sx, 0, 0);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < out->len; i++)
		g_string_append_unichar(s, g_array_index(out, QkGlyph, i).ch);
	g_array_free(out, TRUE);
	return g_string_free(s, FALSE);
}

static void test_headline_misread(void)
{
	GError *error = NULL;
	QkOcr *ocr = qk_ocr_new("chi_sim", &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ocr);
	char *png = g_build_filename(g_getenv("QK_SAMPLES"), "scans", "chromium-mag-03-p6-head.png",
	                             NULL);
	PIX *pix = T.pixRead(png);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pix);
	char *got = read_headline(ocr, pix, 400 / 72.0);
	if (!strstr(got, "高高飘扬"))
		fprintf(stderr, "\n  read %s\n", got);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "让党旗在项目建设一线高高飘扬"));
	g_free(got);
	T.pixDestroy(&pix);
	g_free(png);
	qk_ocr_free(ocr);
}

int main(void)
{
	CU_initialize_registry();
	CU_pSuite s = CU_add_suite("ocrdoubt", NULL, NULL);
	CU_add_test(s, "a headline's doubtful characters read again", test_headline_misread);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int failures = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
