/*
 * corpusdb.h — the searchable corpus: a SQLite database of many issues'
 * outputs, one table per CSV file of an issue folder (the CSV contract's
 * columns, with the issue's name first) and a full-text index of article
 * titles and bodies that finds Chinese words of any length.
 *
 * One writer at a time (the batch parent, or `qikan index`); each issue goes
 * in within one transaction, so an interrupted batch leaves the database
 * with whole issues only.
 */
#ifndef QK_CORPUSDB_H
#define QK_CORPUSDB_H

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct QkCorpusDb QkCorpusDb;

/* Opens (creating it and its tables when new) the database at path. */
QkCorpusDb *qk_corpusdb_open(const char *path, gboolean readonly, GError **error);
void qk_corpusdb_close(QkCorpusDb *db);

/* The SHA-256 the database holds for issue name (caller frees), or NULL. */
char *qk_corpusdb_issue_sha(QkCorpusDb *db, const char *name);

/* What the caller already knows of an issue's model; a count < 0 is not
 * known. */
typedef struct {
	int pages, articles, tables, warnings;
} QkCorpusCounts;

/* Replaces issue name's rows with the issue folder dir's (issue.xml and its
 * CSV files). With every count known (counts may be NULL), issue.xml is read
 * only as far as its metadata, not through its pages. */
gboolean qk_corpusdb_add_issue(QkCorpusDb *db, const char *name, const char *dir,
                               const QkCorpusCounts *counts, GError **error);

typedef struct {
	const char *issue;      /* only this issue (its name), may be NULL */
	const char *section;    /* only articles of this section */
	const char *since;      /* only issues dated on or after (ISO date) */
	const char *until;      /* … on or before */
	int limit;              /* at most this many hits (0: 50) */
	gboolean csv;           /* CSV instead of lines */
	gboolean color;         /* highlight with terminal bold, else 【】 */
} QkSearchOptions;

/* Prints the hits for query (words of any length) to out; returns how many,
 * -1 + error when the query cannot run. */
int qk_corpusdb_search(QkCorpusDb *db, const char *query, const QkSearchOptions *o,
                       FILE *out, GError **error);

G_END_DECLS

#endif
