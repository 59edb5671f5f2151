/*
 * open.c — opening an issue PDF. Every way a file can fail to be an issue PDF
 * gets its own one-line cause, checked before Poppler sees the bytes where
 * that is cheaper and clearer than Poppler's own message.
 */
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <glib/gstdio.h>
#include "open.h"
#include "error.h"

PopplerDocument *qk_extract_open(const char *path, const char *password,
                                 GError **error)
{
	GStatBuf st;
	if (g_stat(path, &st) != 0) {
		int e = errno;
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", g_strerror(e));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "is a directory, not a PDF file");
		return NULL;
	}
	if (st.st_size == 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_NOT_PDF, "empty file (0 bytes)");
		return NULL;
	}

	/* The header must appear in the first KiB (PDF 1.7, 7.5.2 allows junk before it). */
	char head[1024], tail[1024];
	FILE *f = g_fopen(path, "rb");
	if (!f) {
		int e = errno;
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", g_strerror(e));
		return NULL;
	}
	size_t n = fread(head, 1, sizeof head, f);
	/* A complete PDF ends with %%EOF (allowing some trailing junk); a
	 * download cut short does not, and Poppler would quietly rebuild what
	 * it can and drop the rest, losing pages without a word. */
	size_t m = 0;
	if (fseeko(f, st.st_size > (off_t)sizeof tail ? -(off_t)sizeof tail : 0,
	           st.st_size > (off_t)sizeof tail ? SEEK_END : SEEK_SET) == 0)
		m = fread(tail, 1, sizeof tail, f);
	fclose(f);
	/* memmem, not g_strstr_len: binary bytes (NUL) may come before the marker */
	if (!memmem(head, n, "%PDF-", 5)) {
		g_set_error(error, QK_ERROR, QK_ERROR_NOT_PDF,
		            "not a PDF (no %%PDF- header)");
		return NULL;
	}
	if (!memmem(tail, m, "%%EOF", 5)) {
		g_set_error(error, QK_ERROR, QK_ERROR_NOT_PDF,
		            "truncated PDF (no %%%%EOF marker at the end)");
		return NULL;
	}

	GError *perr = NULL;
	char *abs = g_canonicalize_filename(path, NULL);
	char *uri = g_filename_to_uri(abs, NULL, &perr);
	g_free(abs);
	if (!uri) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s", perr->message);
		g_error_free(perr);
		return NULL;
	}
	PopplerDocument *doc = poppler_document_new_from_file(uri, password, &perr);
	g_free(uri);
	if (doc)
		return doc;

	if (g_error_matches(perr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED)) {
		g_set_error(error, QK_ERROR, QK_ERROR_ENCRYPTED,
		            password ? "encrypted PDF: the password given is wrong"
		                     : "encrypted PDF: give the password with --password");
	} else if (g_error_matches(perr, POPPLER_ERROR, POPPLER_ERROR_OPEN_FILE)) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot open: %s", perr->message);
	} else {
		g_set_error(error, QK_ERROR, QK_ERROR_NOT_PDF,
		            "damaged or truncated PDF (%s)", perr->message);
	}
	g_error_free(perr);
	return NULL;
}
