/* ocr.c — the CLI's OCR options and its count of OCR pages on a terminal. */
#include <stdio.h>
#include <unistd.h>
#include "cli.h"

gboolean qk_cli_ocr_mode(const char *cmd, const char *value, QkOcrMode *mode)
{
	*mode = QK_OCR_AUTO;
	if (!value || qk_ocr_mode_parse(value, mode))
		return TRUE;
	fprintf(stderr, "qikan %s: --ocr must be auto, never or force, not '%s'\n", cmd, value);
	return FALSE;
}

void qk_cli_progress(int ocr_pages, int pages_read, int n, gpointer data)
{
	QkCliProgress *p = data;
	if (!isatty(STDERR_FILENO))
		return;
	/* one fprintf per update: stdio locks the stream for it */
	fprintf(stderr, "\rqikan: %s: OCR %d page%s, %d of %d pages read ", p->file,
	        ocr_pages, ocr_pages == 1 ? "" : "s", pages_read, n);
	g_atomic_int_set(&p->shown, 1);
}

void qk_cli_progress_end(QkCliProgress *p)
{
	if (g_atomic_int_get(&p->shown))
		fputc('\n', stderr);
}
