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

typedef struct {
	const char *password;   /* for encrypted PDFs, NULL when none */
	int max_pages;          /* guard: refuse PDFs with more pages (0: default) */
	int threads;            /* pages read at once, each thread with its own
	                         * Poppler document (0: one per processor,
	                         * 1: serial); the output is the same */
	const char *source_sha256; /* the file's SHA-256 when the caller has it
	                            * already (the batch does); NULL: computed */
} QkExtractOptions;

/* Reads path and returns a new issue model, or NULL with error set
 * (QK_ERROR_IO, QK_ERROR_NOT_PDF, QK_ERROR_ENCRYPTED, QK_ERROR_LIMIT).
 * Pages without a text layer are not an error: they are marked scanned and
 * reported as warnings in the model. */
QkIssue *qk_extract_pdf(const char *path, const QkExtractOptions *opts,
                        GError **error);

G_END_DECLS

#endif
