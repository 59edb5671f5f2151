/* pdfgen_main.c — writes the synthetic test PDFs to files, for trying the
 * extractor by hand and for scripts/bench:
 *   qk-pdfgen magazine OUT.pdf [ARTICLE_PAGES]   |   qk-pdfgen newspaper OUT.pdf */
#include <stdio.h>
#include <string.h>
#include "pdfgen.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s magazine|newspaper OUT.pdf [PAGES]\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[1], "magazine")) {
		int pages = argc > 3 ? (int)g_ascii_strtoll(argv[3], NULL, 10) : 6;
		return pdfgen_magazine(argv[2], pages > 0 ? pages : 6) < 0;
	}
	if (!strcmp(argv[1], "newspaper"))
		return !pdfgen_newspaper(argv[2]);
	fprintf(stderr, "%s: unknown kind %s\n", argv[0], argv[1]);
	return 2;
}
