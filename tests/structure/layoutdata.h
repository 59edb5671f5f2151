/*
 * layoutdata.h — the layouts the structure tests read
 * (tests/structure/data/NAME: what qikan extract made of a scan, trimmed).
 */
#ifndef QK_TEST_LAYOUTDATA_H
#define QK_TEST_LAYOUTDATA_H

#include "model.h"

/* The model in tests/structure/data/name (under $QK_SOURCE_ROOT, else the
 * working directory), or NULL, said on stderr. */
QkIssue *qk_test_layout(const char *name);

/* That model through the structure stage, or NULL. */
QkIssue *qk_test_structured(const char *name);

/* A text's string, "" for none: what the tests compare. */
const char *qk_test_text(const QkText *t);

#endif
