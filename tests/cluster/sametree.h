/* sametree.h — whether a merged output folder holds what one run over the
 * whole shelf wrote (shared by the cluster suites). */
#ifndef QK_TEST_SAMETREE_H
#define QK_TEST_SAMETREE_H

#include <glib.h>

/* NULL when merged holds every file of single with the same bytes and
 * nothing else but its .qikan-merge list, else what differs (caller frees).
 * manifest.csv is compared without its last column, seconds: the time each
 * issue took in its run. */
char *qk_test_tree_diff(const char *single, const char *merged);
/* How many files (not folders) are under dir, recursively. */
int qk_test_count_files(const char *dir);

#endif
