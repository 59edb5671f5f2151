/*
 * extractxml.h — extract tests' shared step: a PDF's issue model as XML.
 */
#ifndef QK_TEST_EXTRACTXML_H
#define QK_TEST_EXTRACTXML_H

#include "extract.h"

/* qk_extract_pdf(path, o) serialised; NULL (asserted, the error printed)
 * when extraction fails. g_free the result. */
char *qk_test_extract_xml(const char *path, const QkExtractOptions *o);

#endif
