/*
 * extract.h — the extract stage: an issue PDF → the layout model (pages,
 * blocks in reading order with their roles, furniture, page labels,
 * tables). The structure stage (structure/structure.h) reads it next.
 */
#ifndef QK_EXTRACT_H
#define QK_EXTRACT_H

#include "model.h"

G_BEGIN_DECLS

/* The most pages an issue may have (QkExtractOptions.max_pages 0). */
#define QK_EXTRACT_MAX_PAGES 2000
/* The Tesseract models OCR uses when none is given. chi_sim alone: its
 * model reads Latin letters and digits too, and with eng beside it
 * Tesseract reads a blurred Chinese line now and then as Latin (当地出产
 * as "MTA K,BR"; recognition CER of the scans: mini at 300 dpi 2.30% with
 * chi_sim+eng, 1.06% with chi_sim; chromium-mag-01 at 200 dpi 8.04%,
 * 4.41%). */
#define QK_OCR_DEFAULT_LANG "chi_sim"

/* Which pages are read with OCR (ocr.c). */
typedef enum {
	QK_OCR_AUTO,            /* pages with images and no text layer */
	QK_OCR_NEVER,           /* none: such pages are only marked scanned */
	QK_OCR_FORCE            /* every page, its text layer set aside */
} QkOcrMode;

typedef struct {
	const char *password;   /* for encrypted PDFs, NULL when none */
	int max_pages;          /* guard: refuse PDFs with more pages (0: default) */
	int threads;            /* pages read at once, each thread with its own
	                         * Poppler document (0: one per processor,
	                         * 1: serial); the output is the same */
	const char *source_sha256; /* the file's SHA-256 when the caller has it
	                            * already; NULL: computed */
	gboolean no_sha256;     /* not computed: the caller sets the issue's
	                         * source_sha256 itself (a batch worker, which
	                         * hashes the file beside the reading) */
	QkOcrMode ocr;
	const char *ocr_lang;   /* Tesseract models, NULL: chi_sim */
	/* Called, from any reader thread, after each page read by OCR with
	 * the OCR pages done so far and the pages read of n; NULL: none. */
	void (*progress)(int ocr_pages, int pages_read, int n, gpointer data);
	gpointer progress_data;
	/* The process ends soon after this issue (a batch worker): the
	 * documents read (Poppler's) are left, still reachable, for
	 * the exit to release instead of freed one object at a time — 150 M
	 * instructions on an 11-page Chromium issue, a tenth of its reading,
	 * and no higher peak, as later stages need less memory than reading.
	 * Not on an issue of over 100 pages: there the documents' caches (~9 KB
	 * a page) would stay under the later passes' growing peak. */
	gboolean exit_after;
	/* Called once, on the reading thread that first finds no page left to
	 * take, while the others read their last pages (a core is idle until
	 * they are done): the caller starts there the work it can run beside
	 * (a worker's checksum and normalizer), given the issue's pages. Not
	 * called when extract fails before reading. NULL: none. */
	void (*tail)(int pages, gpointer data);
	gpointer tail_data;
} QkExtractOptions;

/* Parses auto|never|force; FALSE for anything else (ocr.c). */
gboolean qk_ocr_mode_parse(const char *s, QkOcrMode *mode);
/* The mode's name: auto, never or force. */
const char *qk_ocr_mode_name(QkOcrMode mode);

/* Reads path and returns a new issue model, or NULL with error set
 * (QK_ERROR_IO, QK_ERROR_NOT_PDF, QK_ERROR_ENCRYPTED, QK_ERROR_LIMIT).
 * Pages without a text layer are not an error: they are marked scanned, read
 * with OCR (opts->ocr), and reported as warnings when OCR finds no text or
 * is unsure of it. */
QkIssue *qk_extract_pdf(const char *path, const QkExtractOptions *opts,
                        GError **error);

G_END_DECLS

#endif
