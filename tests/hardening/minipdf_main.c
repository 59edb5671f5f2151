/* minipdf_main.c — writes one hardening case to a file, for trying qikan on
 * it by hand or seeding the fuzzer:  qk-minipdf CASE OUT.pdf */
#include <stdio.h>
#include <string.h>
#include "minipdf.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: qk-minipdf good|binary-tail|bad-xref|missing-font|gbk-font-name|garbled-differences|"
		        "garbled-identity|garbled-han|many-pages|many-pages-ok|count-lie|tree-loop|form-bomb|"
		        "huge-page|huge-font|small-table|deep-nesting|text-bomb|space-bomb|huge-image|image-on-huge-page|image-on-large-page|many-fonts|bad-boxes OUT.pdf\n");
		return 2;
	}
	const char *c = argv[1];
	GBytes *b = NULL;
	if (strcmp(c, "good") == 0) b = minipdf_good(2);
	else if (strcmp(c, "binary-tail") == 0) b = minipdf_binary_tail();
	else if (strcmp(c, "bad-xref") == 0) b = minipdf_bad_xref(13);
	else if (strcmp(c, "missing-font") == 0) b = minipdf_missing_font();
	else if (strcmp(c, "gbk-font-name") == 0) b = minipdf_gbk_font_name();
	else if (strcmp(c, "garbled-differences") == 0) b = minipdf_garbled_differences();
	else if (strcmp(c, "garbled-identity") == 0) b = minipdf_garbled_identity(FALSE);
	else if (strcmp(c, "garbled-han") == 0) b = minipdf_garbled_identity(TRUE);
	else if (strcmp(c, "many-pages") == 0) b = minipdf_many_pages(20000);
	else if (strcmp(c, "many-pages-ok") == 0) b = minipdf_many_pages(1900);
	else if (strcmp(c, "count-lie") == 0) b = minipdf_count_lie();
	else if (strcmp(c, "tree-loop") == 0) b = minipdf_tree_loop();
	else if (strcmp(c, "form-bomb") == 0) b = minipdf_form_bomb(24, 2);
	else if (strcmp(c, "huge-page") == 0) b = minipdf_huge_page(14400, 14400, 100);
	else if (strcmp(c, "huge-font") == 0) b = minipdf_huge_font();
	else if (strcmp(c, "small-table") == 0) b = minipdf_huge_page(595, 842, 10);
	else if (strcmp(c, "deep-nesting") == 0) b = minipdf_deep_nesting(100000);
	else if (strcmp(c, "text-bomb") == 0) b = minipdf_flate_bomb((gsize)200 << 20, TRUE);
	else if (strcmp(c, "space-bomb") == 0) b = minipdf_flate_bomb((gsize)1 << 30, FALSE);
	else if (strcmp(c, "huge-image") == 0) b = minipdf_huge_image(60000, 60000);
	else if (strcmp(c, "image-on-huge-page") == 0) b = minipdf_image_page(1000, 1000, 14400, 14400);
	else if (strcmp(c, "image-on-large-page") == 0) b = minipdf_image_page(500, 500, 2000, 2000);
	else if (strcmp(c, "many-fonts") == 0) b = minipdf_many_fonts(5000);
	else if (strcmp(c, "bad-boxes") == 0) b = minipdf_bad_boxes();
	if (!b) {
		fprintf(stderr, "qk-minipdf: unknown case %s\n", c);
		return 2;
	}
	gsize n;
	const char *d = g_bytes_get_data(b, &n);
	GError *err = NULL;
	int rc = 0;
	if (!g_file_set_contents(argv[2], d, (gssize)n, &err)) {
		fprintf(stderr, "qk-minipdf: %s\n", err->message);
		g_error_free(err);
		rc = 1;
	}
	g_bytes_unref(b);
	return rc;
}
