/*
 * corpusdb.c — the searchable corpus (corpusdb.h) on SQLite.
 *
 * Tables: issues (one row per issue, from its issue.xml), and toc, articles,
 * tables, indicators, quantities with the columns of the issue folder's CSV
 * file of that name (export/FORMATS.md), the issue's name first. A column
 * a newer qikan adds to a CSV file is added to the table when first met.
 * Counts, pages and values are NUMERIC (pandas and R get numbers), names,
 * ids and printed text TEXT.
 *
 * Full text: articles_fts (FTS5, trigram tokenizer) answers queries whose
 * words all have three or more characters, with FTS5's ranking and
 * snippets; articles_bigram (FTS5 over the same text written as overlapping
 * character pairs, 光伏发电 → 光伏 伏发 发电) answers any query: a word of
 * two or more characters is the phrase of its pairs, a single character a
 * prefix. Chinese has no spaces between words, so a two-character word such
 * as 光伏 is found inside any sentence.
 */
#include <string.h>
#include <sqlite3.h>
#include "corpusdb.h"
#include "csvout.h"
#include "export.h"
#include "error.h"
#include <libxml/xmlreader.h>

struct QkCorpusDb {
	sqlite3 *db;
};

static const char *const csv_tables[] = {
	"toc", "articles", "tables", "indicators", "quantities", NULL
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS issues(issue TEXT PRIMARY KEY, source TEXT, sha256 TEXT,"
	" kind TEXT, title TEXT, year NUMERIC, number TEXT, date TEXT, pages NUMERIC,"
	" articles NUMERIC, tables NUMERIC, warnings NUMERIC);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(issue UNINDEXED,"
	" article_id UNINDEXED, title, body, tokenize='trigram');"
	"CREATE VIRTUAL TABLE IF NOT EXISTS articles_bigram USING fts5(issue UNINDEXED,"
	" article_id UNINDEXED, grams, tokenize='unicode61');";

static gboolean db_error(QkCorpusDb *db, GError **error, const char *what)
{
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: %s", what, sqlite3_errmsg(db->db));
	return FALSE;
}

static gboolean exec(QkCorpusDb *db, const char *sql, GError **error)
{
	char *msg = NULL;
	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return TRUE;
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "database: %s", msg ? msg : "error");
	sqlite3_free(msg);
	return FALSE;
}

QkCorpusDb *qk_corpusdb_open(const char *path, gboolean readonly, GError **error)
{
	QkCorpusDb *db = g_new0(QkCorpusDb, 1);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot open the database: %s",
		            db->db ? sqlite3_errmsg(db->db) : "out of memory");
		qk_corpusdb_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db->db, 10000);
	/* WAL: readers go on while the batch writes; NORMAL sync keeps the
	 * database whole after a crash (the last issues may need --resume) */
	if (!readonly && !exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", error)) {
		qk_corpusdb_close(db);
		return NULL;
	}
	if (!readonly && !exec(db, schema, error)) {
		qk_corpusdb_close(db);
		return NULL;
	}
	return db;
}

void qk_corpusdb_close(QkCorpusDb *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	g_free(db);
}

char *qk_corpusdb_issue_sha(QkCorpusDb *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	char *sha = NULL;
	if (sqlite3_prepare_v2(db->db, "SELECT sha256 FROM issues WHERE issue = ?", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			sha = g_strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return sha;
}

/* "name" quoted as an SQL identifier (caller frees). */
static char *ident(const char *name)
{
	GString *s = g_string_new("\"");
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			g_string_append_c(s, '"');
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '"');
	return g_string_free(s, FALSE);
}

/* The table exists with the issue column and every column of header. */
static gboolean ensure_table(QkCorpusDb *db, const char *table, GPtrArray *header,
                             GError **error)
{
	char *t = ident(table);
	char *sql = g_strdup_printf("CREATE TABLE IF NOT EXISTS %s(issue TEXT)", t);
	gboolean ok = exec(db, sql, error);
	g_free(sql);
	GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sqlite3_stmt *st = NULL;
	sql = g_strdup_printf("PRAGMA table_info(%s)", t);
	if (ok && sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			g_hash_table_add(have, g_strdup((const char *)sqlite3_column_text(st, 1)));
	sqlite3_finalize(st);
	g_free(sql);
	for (guint c = 0; ok && c < header->len; c++) {
		const char *col = g_ptr_array_index(header, c);
		if (g_hash_table_contains(have, col))
			continue;
		char *ci = ident(col);
		sql = g_strdup_printf("ALTER TABLE %s ADD COLUMN %s %s", t, ci,
		                      qk_export_column_is_numeric(col) ? "NUMERIC" : "TEXT");
		ok = exec(db, sql, error);
		g_free(sql);
		g_free(ci);
	}
	if (ok && strcmp(table, "issues") != 0) {
		sql = g_strdup_printf("CREATE INDEX IF NOT EXISTS %s_issue ON %s(issue)", table, t);
		ok = exec(db, sql, error);
		g_free(sql);
	}
	g_hash_table_unref(have);
	g_free(t);
	return ok;
}

/* Overlapping pairs of the characters of each run between spaces and
 * punctuation; a run of one character stays as it is. */
static char *bigrams(const char *text)
{
	GString *o = g_string_new(NULL);
	gunichar prev = 0;
	gboolean alone = FALSE;
	for (const char *p = text ? text : ""; ; p = g_utf8_next_char(p)) {
		gunichar c = *p ? g_utf8_get_char(p) : 0;
		gboolean word = c && (g_unichar_isalnum(c) || g_unichar_ismark(c));
		if (!word) {
			if (prev && alone) {
				g_string_append_unichar(o, prev);
				g_string_append_c(o, ' ');
			}
			prev = 0;
			if (!c)
				break;
			continue;
		}
		c = g_unichar_tolower(c);
		if (prev) {
			g_string_append_unichar(o, prev);
			g_string_append_unichar(o, c);
			g_string_append_c(o, ' ');
			alone = FALSE;
		} else {
			alone = TRUE;
		}
		prev = c;
	}
	return g_string_free(o, FALSE);
}

static int column_of(GPtrArray *header, const char *name)
{
	for (guint c = 0; c < header->len; c++)
		if (strcmp(g_ptr_array_index(header, c), name) == 0)
			return (int)c;
	return -1;
}

static gboolean load_csv(QkCorpusDb *db, const char *name, const char *dir, const char *table,
                         GError **error)
{
	char *file = g_strdup_printf("%s.csv", table);
	char *path = g_build_filename(dir, file, NULL);
	g_free(file);
	GPtrArray *rows = qk_csv_read_file(path, error);
	if (!rows) {
		g_prefix_error(error, "%s: ", path);
		g_free(path);
		return FALSE;
	}
	g_free(path);
	gboolean ok = rows->len > 0;
	if (!ok)
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "%s.csv has no header", table);
	GPtrArray *header = ok ? g_ptr_array_index(rows, 0) : NULL;
	ok = ok && ensure_table(db, table, header, error);
	GString *sql = g_string_new(NULL);
	char *t = ident(table);
	g_string_printf(sql, "INSERT INTO %s(issue", t);
	for (guint c = 0; ok && c < header->len; c++) {
		char *ci = ident(g_ptr_array_index(header, c));
		g_string_append_printf(sql, ", %s", ci);
		g_free(ci);
	}
	g_string_append(sql, ") VALUES (?");
	for (guint c = 0; ok && c < header->len; c++)
		g_string_append(sql, ", ?");
	g_string_append_c(sql, ')');
	sqlite3_stmt *st = NULL, *fts = NULL, *big = NULL;
	if (ok && sqlite3_prepare_v2(db->db, sql->str, -1, &st, NULL) != SQLITE_OK)
		ok = db_error(db, error, table);
	gboolean articles = ok && strcmp(table, "articles") == 0;
	int c_id = articles ? column_of(header, "article_id") : -1;
	int c_title = articles ? column_of(header, "title") : -1;
	int c_text = articles ? column_of(header, "text") : -1;
	if (articles && (c_id < 0 || c_title < 0 || c_text < 0)) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "articles.csv lacks a column");
		ok = FALSE;
	}
	if (articles && ok &&
	    (sqlite3_prepare_v2(db->db, "INSERT INTO articles_fts VALUES (?, ?, ?, ?)", -1, &fts,
	                        NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(db->db, "INSERT INTO articles_bigram VALUES (?, ?, ?)", -1, &big,
	                        NULL) != SQLITE_OK))
		ok = db_error(db, error, "full-text index");
	for (guint r = 1; ok && r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		for (guint c = 0; c < header->len; c++) {
			const char *v = c < row->len ? g_ptr_array_index(row, c) : "";
			if (*v)
				sqlite3_bind_text(st, (int)c + 2, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, (int)c + 2);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			ok = db_error(db, error, table);
			break;
		}
		if (!articles || (guint)MAX(c_text, MAX(c_id, c_title)) >= row->len)
			continue;
		const char *id = g_ptr_array_index(row, c_id), *title = g_ptr_array_index(row, c_title);
		const char *text = g_ptr_array_index(row, c_text);
		sqlite3_reset(fts);
		sqlite3_bind_text(fts, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(fts, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(fts, 3, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(fts, 4, text, -1, SQLITE_STATIC);
		char *both = g_strconcat(title, "\n", text, NULL);
		char *grams = bigrams(both);
		g_free(both);
		sqlite3_reset(big);
		sqlite3_bind_text(big, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(big, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(big, 3, grams, -1, g_free);
		if (sqlite3_step(fts) != SQLITE_DONE || sqlite3_step(big) != SQLITE_DONE)
			ok = db_error(db, error, "full-text index");
	}
	sqlite3_finalize(st);
	sqlite3_finalize(fts);
	sqlite3_finalize(big);
	g_free(t);
	g_string_free(sql, TRUE);
	g_ptr_array_unref(rows);
	return ok;
}

static gboolean delete_issue(QkCorpusDb *db, const char *name, GError **error)
{
	static const char *const all[] = {
		"issues", "toc", "articles", "tables", "indicators", "quantities",
		"articles_fts", "articles_bigram", NULL
	};
	gboolean ok = TRUE;
	for (int i = 0; ok && all[i]; i++) {
		char *t = ident(all[i]);
		char *sql = g_strdup_printf("DELETE FROM %s WHERE issue = ?", t);
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
			rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		} else if (strstr(sqlite3_errmsg(db->db), "no such table")) {
			rc = SQLITE_OK;  /* a CSV table not made yet */
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			ok = db_error(db, error, all[i]);
		g_free(sql);
		g_free(t);
	}
	return ok;
}

/* The issues row, from issue.xml read as a stream: the root's attributes,
 * <meta>, and a count of the pages, tables, articles and warnings (their
 * subtrees skipped). Validating the whole model here would cost more than
 * the rest of the indexing; the export that wrote it validated it. */
typedef struct {
	char *f[8];         /* issue, source, sha256, kind, title, year, number, date */
	int pages, articles, tables, warnings;
} IssueRow;

static gboolean read_issue_row(const char *path, IssueRow *row, GError **error)
{
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!r) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: cannot read", path);
		return FALSE;
	}
	static const char *const meta[] = { "title", "year", "number", "date" };
	int in_meta = 0;
	int rc = xmlTextReaderRead(r);
	while (rc == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		int depth = xmlTextReaderDepth(r);
		if (depth == 0 && strcmp(name, "issue") == 0) {
			row->f[1] = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "source");
			row->f[2] = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "sha256");
			row->f[3] = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "kind");
		} else if (depth == 1) {
			in_meta = strcmp(name, "meta") == 0;
		} else if (depth == 2 && in_meta) {
			for (int i = 0; i < 4; i++)
				if (strcmp(name, meta[i]) == 0 && !row->f[4 + i])
					row->f[4 + i] = (char *)xmlTextReaderReadString(r);
		} else if (depth == 2) {
			row->pages += strcmp(name, "page") == 0;
			row->articles += strcmp(name, "article") == 0;
			row->tables += strcmp(name, "table") == 0;
			row->warnings += strcmp(name, "warning") == 0;
			rc = xmlTextReaderNext(r);  /* past its subtree */
			continue;
		}
		rc = xmlTextReaderRead(r);
	}
	xmlFreeTextReader(r);
	if (rc != 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "%s: malformed XML", path);
		return FALSE;
	}
	return TRUE;
}

static gboolean insert_issue(QkCorpusDb *db, const char *name, const char *dir, GError **error)
{
	char *xml = g_build_filename(dir, "issue.xml", NULL);
	IssueRow row = { .pages = 0 };
	gboolean ok = read_issue_row(xml, &row, error);
	g_free(xml);
	sqlite3_stmt *st = NULL;
	if (ok && sqlite3_prepare_v2(db->db,
	        "INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
	        NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		for (int i = 1; i < 8; i++)
			sqlite3_bind_text(st, i + 1, row.f[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 9, row.pages);
		sqlite3_bind_int(st, 10, row.articles);
		sqlite3_bind_int(st, 11, row.tables);
		sqlite3_bind_int(st, 12, row.warnings);
		ok = sqlite3_step(st) == SQLITE_DONE;
		if (!ok)
			db_error(db, error, "issues");
	} else if (ok) {
		ok = db_error(db, error, "issues");
	}
	sqlite3_finalize(st);
	for (int i = 1; i < 8; i++)
		xmlFree(row.f[i]);
	return ok;
}

gboolean qk_corpusdb_add_issue(QkCorpusDb *db, const char *name, const char *dir,
                               GError **error)
{
	if (!exec(db, "BEGIN IMMEDIATE", error))
		return FALSE;
	gboolean ok = delete_issue(db, name, error) && insert_issue(db, name, dir, error);
	for (int i = 0; ok && csv_tables[i]; i++)
		ok = load_csv(db, name, dir, csv_tables[i], error);
	if (ok)
		return exec(db, "COMMIT", error);
	exec(db, "ROLLBACK", NULL);
	return FALSE;
}

/* ---- search ------------------------------------------------------------ */

static void quote_phrase(GString *q, const char *word)
{
	g_string_append_c(q, '"');
	for (const char *p = word; *p; p++) {
		if (*p == '"')
			g_string_append_c(q, '"');
		g_string_append_c(q, *p);
	}
	g_string_append_c(q, '"');
}

/* The FTS5 query for words; *trigram tells which table it is for. */
static char *fts_query(char **words, gboolean *trigram)
{
	*trigram = TRUE;
	for (int i = 0; words[i]; i++)
		if (g_utf8_strlen(words[i], -1) < 3)
			*trigram = FALSE;
	GString *q = g_string_new(NULL);
	for (int i = 0; words[i]; i++) {
		if (q->len)
			g_string_append(q, " AND ");
		if (*trigram) {
			quote_phrase(q, words[i]);
			continue;
		}
		char *grams = bigrams(words[i]);
		g_strstrip(grams);
		if (g_utf8_strlen(words[i], -1) == 1) {
			quote_phrase(q, grams);
			g_string_append_c(q, '*');
		} else {
			quote_phrase(q, grams);  /* the phrase of the pairs */
		}
		g_free(grams);
	}
	return g_string_free(q, FALSE);
}

/* Up to n characters either side of the first word found in text. */
static char *make_snippet(const char *text, const char *word, const char *open,
                          const char *close)
{
	const char *hit = text ? strstr(text, word) : NULL;
	if (!hit)
		return g_strdup("");
	const char *from = hit;
	for (int i = 0; i < 16 && from > text; i++)
		from = g_utf8_prev_char(from);
	const char *end = hit + strlen(word), *to = end;
	for (int i = 0; i < 24 && *to; i++)
		to = g_utf8_next_char(to);
	GString *s = g_string_new(from > text ? "…" : "");
	g_string_append_len(s, from, hit - from);
	g_string_append(s, open);
	g_string_append_len(s, hit, end - hit);
	g_string_append(s, close);
	g_string_append_len(s, end, to - end);
	if (*to)
		g_string_append(s, "…");
	for (char *p = s->str; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return g_string_free(s, FALSE);
}

static void print_hit(FILE *out, const QkSearchOptions *o, const char *const *f, const char *snip)
{
	/* f: issue, date, page, article_id, section, title */
	if (o->csv) {
		QkCsv *csv = qk_csv_new();
		const char *row[] = { f[0], f[1], f[2], f[3], f[4], f[5], snip, NULL };
		qk_csv_row(csv, row);
		gsize len = 0;
		fwrite(qk_csv_data(csv, &len), 1, len, out);
		qk_csv_free(csv);
		return;
	}
	fprintf(out, "%s  %s  p.%s  %s\n    %s\n", f[0], f[1] ? f[1] : "-", f[2] ? f[2] : "?",
	        f[5] ? f[5] : "(untitled)", snip);
}

int qk_corpusdb_search(QkCorpusDb *db, const char *query, const QkSearchOptions *o,
                       FILE *out, GError **error)
{
	char **words = g_regex_split_simple("\\s+", query, 0, 0);
	GPtrArray *w = g_ptr_array_new();
	for (int i = 0; words[i]; i++)
		if (*words[i])
			g_ptr_array_add(w, words[i]);
	g_ptr_array_add(w, NULL);
	if (w->len == 1) {
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED, "empty query");
		g_ptr_array_unref(w);
		g_strfreev(words);
		return -1;
	}
	gboolean trigram = FALSE;
	char *match = fts_query((char **)w->pdata, &trigram);
	const char *open = o->color ? "\033[1m" : "【", *close = o->color ? "\033[0m" : "】";
	/* the best hits first, found on the index alone; their text is read
	 * for those only */
	const char *table = trigram ? "articles_fts" : "articles_bigram";
	char *sql = g_strdup_printf(
		"WITH hits AS (SELECT f.issue, f.article_id, f.rank AS r%s FROM %s f"
		" JOIN issues i ON i.issue = f.issue"
		" WHERE %s MATCH ?1 AND (?2 IS NULL OR f.issue = ?2)"
		" AND (?4 IS NULL OR i.date >= ?4) AND (?5 IS NULL OR i.date <= ?5)"
		" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM articles s WHERE s.issue = f.issue"
		"  AND s.article_id = f.article_id AND s.section = ?3))"
		" ORDER BY f.rank LIMIT ?6)"
		" SELECT h.issue, i.date, a.first_page, a.article_id, a.section, a.title, %s"
		" FROM hits h JOIN articles a ON a.issue = h.issue AND a.article_id = h.article_id"
		" JOIN issues i ON i.issue = h.issue ORDER BY h.r",
		trigram ? ", snippet(articles_fts, 3, ?7, ?8, '…', 24) AS snip" : "",
		table, table, trigram ? "h.snip" : "a.text");
	sqlite3_stmt *st = NULL;
	int n = -1;
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(db, error, "search");
	} else {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		const char *f[] = { o->issue, o->section, o->since, o->until };
		for (int i = 0; i < 4; i++)
			if (f[i])
				sqlite3_bind_text(st, i + 2, f[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, o->limit > 0 ? o->limit : 50);
		if (trigram) {
			sqlite3_bind_text(st, 7, open, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 8, close, -1, SQLITE_STATIC);
		}
		if (o->csv)
			fputs("issue,date,page,article_id,section,title,snippet\n", out);
		n = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *col[7];
			for (int i = 0; i < 7; i++)
				col[i] = (const char *)sqlite3_column_text(st, i);
			char *snip = trigram ? g_strdup(col[6] ? col[6] : "")
			                     : make_snippet(col[6], w->pdata[0], open, close);
			print_hit(out, o, col, snip);
			g_free(snip);
			n++;
		}
		if (rc != SQLITE_DONE) {
			db_error(db, error, "search");
			n = -1;
		}
	}
	sqlite3_finalize(st);
	g_free(sql);
	g_free(match);
	g_ptr_array_unref(w);
	g_strfreev(words);
	return n;
}
