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
 * Full text: articles_bigram (FTS5, ascii tokenizer) over title and text
 * written as the overlapping character pairs of each run of letters and
 * digits, the run's last character also alone (光伏发电。 → 光伏 伏发 发电
 * 电). A word of two or more characters is the phrase of its pairs, a single
 * character the prefix of a token: any word is found wherever it is a
 * substring of a run, so a two-character word such as 光伏 is found inside
 * any sentence (Chinese has no spaces between words). It is the only index:
 * a trigram index answered words of three or more characters the same way
 * at twice the cost of this one (see FORMATS.md), and could not answer
 * shorter ones. The snippets are made here from the articles' text.
 *
 * The index is keyed by the articles row's id and holds no copy of the
 * text (contentless). An issue's rows are taken out of it by id with
 * FTS5's 'delete' command, which must be given what was indexed — articles
 * still holds the text, and the pairs are made from it again. (Deleting by
 * an unindexed issue column instead would scan every issue's rows, once per
 * issue added.)
 */
#include <string.h>
#include <sqlite3.h>
#include "corpusdb.h"
#include "csvout.h"
#include "export.h"
#include "error.h"
#include "dynlib.h"
#include "xmllib.h"

/* libsqlite3 is opened by the first database opened (dynlib.h): only
 * --db, qikan index and qikan search use it. */
#define SQLITE_FUNCTIONS(X) \
	X(sqlite3_open_v2) X(sqlite3_close) X(sqlite3_errmsg) X(sqlite3_busy_timeout) \
	X(sqlite3_exec) X(sqlite3_free) X(sqlite3_prepare_v2) X(sqlite3_bind_int) \
	X(sqlite3_bind_int64) X(sqlite3_bind_null) X(sqlite3_bind_text) X(sqlite3_step) \
	X(sqlite3_column_int) X(sqlite3_column_int64) X(sqlite3_column_text) \
	X(sqlite3_last_insert_rowid) X(sqlite3_reset) X(sqlite3_finalize)
static struct {
	SQLITE_FUNCTIONS(QK_DYNLIB_FIELD)
} S;
#define SYM(f) { #f, (gpointer *)&S.f },
static const QkDynSym sqlite_syms[] = { SQLITE_FUNCTIONS(SYM) };
#undef SYM
static QkDynlib sqlite_lib;

/* PRAGMA user_version of the layout above; 0 is an empty file or one made
 * before the indexes were keyed by the articles' id, 2 one with a trigram
 * index besides the pairs. */
#define CORPUSDB_VERSION 3

struct QkCorpusDb {
	sqlite3 *db;
	GHashTable *columns;  /* table → set of its columns, as far as known */
};

static const char *const csv_tables[] = {
	"toc", "articles", "tables", "indicators", "quantities", NULL
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS issues(issue TEXT PRIMARY KEY, source TEXT, sha256 TEXT,"
	" kind TEXT, title TEXT, year NUMERIC, number TEXT, date TEXT, pages NUMERIC,"
	" articles NUMERIC, tables NUMERIC, warnings NUMERIC);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS articles_bigram USING fts5(grams, content='',"
	" tokenize='ascii');"
	"PRAGMA user_version = " G_STRINGIFY(CORPUSDB_VERSION) ";";

static gboolean db_error(QkCorpusDb *db, GError **error, const char *what)
{
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: %s", what, S.sqlite3_errmsg(db->db));
	return FALSE;
}

static gboolean exec(QkCorpusDb *db, const char *sql, GError **error)
{
	char *msg = NULL;
	if (S.sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return TRUE;
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "database: %s", msg ? msg : "error");
	S.sqlite3_free(msg);
	return FALSE;
}

/* An integer the database answers to sql with, or -1. */
static int query_int(QkCorpusDb *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (S.sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    S.sqlite3_step(st) == SQLITE_ROW)
		v = S.sqlite3_column_int(st, 0);
	S.sqlite3_finalize(st);
	return v;
}

/* A database of another layout is refused rather than half understood. */
static gboolean check_version(QkCorpusDb *db, GError **error)
{
	int version = query_int(db, "PRAGMA user_version");
	if (version == CORPUSDB_VERSION ||
	    (version == 0 && query_int(db, "SELECT count(*) FROM sqlite_master") == 0))
		return TRUE;
	if (version < 0)
		return db_error(db, error, "cannot read the database");
	g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL,
	            "made by %s qikan (layout %d, this one reads %d): make it anew with "
	            "`qikan index`", version > CORPUSDB_VERSION ? "a newer" : "an older",
	            version, CORPUSDB_VERSION);
	return FALSE;
}

QkCorpusDb *qk_corpusdb_open(const char *path, gboolean readonly, GError **error)
{
	if (!qk_dynlib_load(&sqlite_lib, QK_SQLITE3_SONAME, sqlite_syms, G_N_ELEMENTS(sqlite_syms))) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO,
		            "cannot open the database: cannot load %s (Debian: libsqlite3-0)",
		            QK_SQLITE3_SONAME);
		return NULL;
	}
	QkCorpusDb *db = g_new0(QkCorpusDb, 1);
	db->columns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                    (GDestroyNotify)g_hash_table_unref);
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (S.sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot open the database: %s",
		            db->db ? S.sqlite3_errmsg(db->db) : "out of memory");
		qk_corpusdb_close(db);
		return NULL;
	}
	S.sqlite3_busy_timeout(db->db, 10000);
	/* WAL: readers go on while the batch writes; NORMAL sync keeps the
	 * database whole after a crash (the last issues may need --resume) */
	gboolean ok = check_version(db, error);
	if (ok && !readonly)
		ok = exec(db, "PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL;", error) &&
		     exec(db, schema, error);
	if (!ok) {
		qk_corpusdb_close(db);
		return NULL;
	}
	return db;
}

void qk_corpusdb_close(QkCorpusDb *db)
{
	if (!db)
		return;
	S.sqlite3_close(db->db);
	g_hash_table_unref(db->columns);
	g_free(db);
}

char *qk_corpusdb_issue_sha(QkCorpusDb *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	char *sha = NULL;
	if (S.sqlite3_prepare_v2(db->db, "SELECT sha256 FROM issues WHERE issue = ?", -1, &st,
	                       NULL) == SQLITE_OK) {
		S.sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (S.sqlite3_step(st) == SQLITE_ROW && S.sqlite3_column_text(st, 0))
			sha = g_strdup((const char *)S.sqlite3_column_text(st, 0));
	}
	S.sqlite3_finalize(st);
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

static const char *column_type(const char *col)
{
	return qk_export_column_is_numeric(col) ? "NUMERIC" : "TEXT";
}

/* The table exists with the issue column and every column of header. A
 * new table is made whole in one statement (a column at a time would
 * rewrite the schema once per column); the columns are remembered, so an
 * issue after the first costs no schema query. */
static gboolean ensure_table(QkCorpusDb *db, const char *table, GPtrArray *header,
                             GError **error)
{
	char *t = ident(table);
	gboolean ok = TRUE;
	GHashTable *have = g_hash_table_lookup(db->columns, table);
	if (!have) {
		have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(db->columns, g_strdup(table), have);
		sqlite3_stmt *st = NULL;
		char *sql = g_strdup_printf("PRAGMA table_info(%s)", t);
		if (S.sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK)
			while (S.sqlite3_step(st) == SQLITE_ROW)
				g_hash_table_add(have, g_strdup((const char *)S.sqlite3_column_text(st, 1)));
		S.sqlite3_finalize(st);
		g_free(sql);
	}
	if (g_hash_table_size(have) == 0) {
		GString *sql = g_string_new(NULL);
		g_string_printf(sql, "CREATE TABLE %s(issue TEXT", t);
		g_hash_table_add(have, g_strdup("issue"));
		for (guint c = 0; c < header->len; c++) {
			const char *col = g_ptr_array_index(header, c);
			if (!g_hash_table_add(have, g_strdup(col)))
				continue;  /* a repeated column name */
			char *ci = ident(col);
			g_string_append_printf(sql, ", %s %s", ci, column_type(col));
			g_free(ci);
		}
		/* the articles' row number, which the full-text indexes refer to
		 * (an implicit rowid may change in a VACUUM) */
		if (strcmp(table, "articles") == 0 && g_hash_table_add(have, g_strdup("id")))
			g_string_append(sql, ", id INTEGER PRIMARY KEY");
		g_string_append_printf(sql, "); CREATE INDEX %s_issue ON %s(issue);", table, t);
		ok = exec(db, sql->str, error);
		g_string_free(sql, TRUE);
	}
	for (guint c = 0; ok && c < header->len; c++) {
		const char *col = g_ptr_array_index(header, c);
		if (g_hash_table_contains(have, col))
			continue;
		char *ci = ident(col);
		char *sql = g_strdup_printf("ALTER TABLE %s ADD COLUMN %s %s", t, ci, column_type(col));
		ok = exec(db, sql, error);
		g_free(sql);
		g_free(ci);
		g_hash_table_add(have, g_strdup(col));
	}
	g_free(t);
	return ok;
}

/* A character of a word: letters, digits and their marks; anything else
 * (spaces, punctuation) parts runs. */
static gboolean word_char(gunichar c)
{
	return c < 0x80 ? g_ascii_isalnum(c) : g_unichar_isalnum(c) || g_unichar_ismark(c);
}

/* Overlapping pairs of the characters of each run between spaces and
 * punctuation, folded to lower case; a run of one character stays as it
 * is. With finals, a run's last character is also a word of its own: a
 * one-character query is the prefix of a pair, and the last character of
 * a run begins none. Written in place, Han ideographs copied as they are
 * (every article's text goes through here): a character is at most 4
 * bytes folded, so a step writes at most 9. */
static char *bigrams(const char *text, gboolean finals)
{
	const char *p = text ? text : "";
	gsize cap = 3 * strlen(p) + 32;
	char *o = g_malloc(cap), *w = o;
	char prev[8];
	int prev_len = 0;
	gboolean alone = FALSE;
	for (;;) {
		const char *at = p;
		gunichar c = (guchar)*p;
		if (c < 0x80) {
			p += c != 0;
		} else if ((c & 0xf0) == 0xe0 && p[1] && p[2]) {  /* valid: from a CSV file */
			c = (c & 0x0f) << 12 | ((guchar)p[1] & 0x3f) << 6 | ((guchar)p[2] & 0x3f);
			p += 3;
		} else {
			c = g_utf8_get_char(p);
			p = g_utf8_next_char(p);
		}
		/* most characters are Han ideographs: letters without case */
		gboolean han = c >= 0x4e00 && c <= 0x9fff;
		if ((gsize)(w - o) + 16 > cap) {
			gsize at = w - o;
			cap *= 2;
			o = g_realloc(o, cap);
			w = o + at;
		}
		if (!c || (!han && !word_char(c))) {
			if (prev_len && (alone || finals)) {
				for (int i = 0; i < prev_len; i++)
					*w++ = prev[i];
				*w++ = ' ';
			}
			prev_len = 0;
			if (!c)
				break;
			continue;
		}
		char cur[8];
		int cur_len = 1;
		if (c < 0x80)
			cur[0] = g_ascii_tolower((char)c);
		else if (han)
			cur[0] = at[0], cur[1] = at[1], cur[2] = at[2], cur_len = 3;
		else
			cur_len = g_unichar_to_utf8(g_unichar_tolower(c), cur);
		alone = !prev_len;
		/* byte loops: a call to memcpy costs more than these few bytes */
		for (int i = 0; prev_len && i < prev_len; i++)
			*w++ = prev[i];
		for (int i = 0; prev_len && i < cur_len; i++)
			*w++ = cur[i];
		if (prev_len)
			*w++ = ' ';
		for (int i = 0; i < cur_len; i++)
			prev[i] = cur[i];
		prev_len = cur_len;
	}
	*w = '\0';
	return o;
}

/* What articles_bigram indexes for an article: the pairs of its title and
 * text (either may be NULL). */
static char *article_grams(const char *title, const char *text)
{
	char *both = g_strconcat(title ? title : "", "\n", text ? text : "", NULL);
	char *grams = bigrams(both, TRUE);
	g_free(both);
	return grams;
}

/* An empty CSV field is NULL in the database. */
static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		S.sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		S.sqlite3_bind_null(st, i);
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
	sqlite3_stmt *st = NULL, *big = NULL;
	if (ok && S.sqlite3_prepare_v2(db->db, sql->str, -1, &st, NULL) != SQLITE_OK)
		ok = db_error(db, error, table);
	gboolean articles = ok && strcmp(table, "articles") == 0;
	int c_title = articles ? column_of(header, "title") : -1;
	int c_text = articles ? column_of(header, "text") : -1;
	if (articles && (c_title < 0 || c_text < 0)) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "articles.csv lacks a column");
		ok = FALSE;
	}
	if (articles && ok &&
	    S.sqlite3_prepare_v2(db->db, "INSERT INTO articles_bigram(rowid, grams) VALUES (?, ?)",
	                       -1, &big, NULL) != SQLITE_OK)
		ok = db_error(db, error, "full-text index");
	for (guint r = 1; ok && r < rows->len; r++) {
		GPtrArray *row = g_ptr_array_index(rows, r);
		S.sqlite3_reset(st);
		S.sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		for (guint c = 0; c < header->len; c++)
			bind_text_or_null(st, (int)c + 2, c < row->len ? g_ptr_array_index(row, c) : "");
		if (S.sqlite3_step(st) != SQLITE_DONE) {
			ok = db_error(db, error, table);
			break;
		}
		if (!articles || (guint)MAX(c_text, c_title) >= row->len)
			continue;
		S.sqlite3_reset(big);
		S.sqlite3_bind_int64(big, 1, S.sqlite3_last_insert_rowid(db->db));
		S.sqlite3_bind_text(big, 2, article_grams(g_ptr_array_index(row, c_title),
		                                          g_ptr_array_index(row, c_text)), -1, g_free);
		if (S.sqlite3_step(big) != SQLITE_DONE)
			ok = db_error(db, error, "full-text index");
	}
	S.sqlite3_finalize(st);
	S.sqlite3_finalize(big);
	g_free(t);
	g_string_free(sql, TRUE);
	g_ptr_array_unref(rows);
	return ok;
}

/* Takes issue name's articles out of the full-text index, by id, with
 * the pairs they were indexed with. */
static gboolean unindex_articles(QkCorpusDb *db, const char *name, GError **error)
{
	if (!g_hash_table_lookup(db->columns, "articles") &&
	    query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'articles'") == 0)
		return TRUE;  /* no issue has had articles yet */
	sqlite3_stmt *rows = NULL, *big = NULL;
	gboolean ok =
		S.sqlite3_prepare_v2(db->db, "SELECT id, title, text FROM articles WHERE issue = ?",
		                   -1, &rows, NULL) == SQLITE_OK &&
		S.sqlite3_prepare_v2(db->db, "INSERT INTO articles_bigram(articles_bigram, rowid, grams)"
		                   " VALUES ('delete', ?, ?)", -1, &big, NULL) == SQLITE_OK;
	if (ok)
		S.sqlite3_bind_text(rows, 1, name, -1, SQLITE_STATIC);
	while (ok && S.sqlite3_step(rows) == SQLITE_ROW) {
		sqlite3_int64 rowid = S.sqlite3_column_int64(rows, 0);
		const char *title = (const char *)S.sqlite3_column_text(rows, 1);
		const char *text = (const char *)S.sqlite3_column_text(rows, 2);
		S.sqlite3_reset(big);
		S.sqlite3_bind_int64(big, 1, rowid);
		S.sqlite3_bind_text(big, 2, article_grams(title, text), -1, g_free);
		ok = S.sqlite3_step(big) == SQLITE_DONE;
	}
	if (!ok)
		db_error(db, error, "full-text index");
	S.sqlite3_finalize(rows);
	S.sqlite3_finalize(big);
	return ok;
}

static gboolean delete_issue(QkCorpusDb *db, const char *name, GError **error)
{
	static const char *const all[] = {
		"issues", "toc", "articles", "tables", "indicators", "quantities", NULL
	};
	gboolean ok = unindex_articles(db, name, error);
	for (int i = 0; ok && all[i]; i++) {
		char *t = ident(all[i]);
		char *sql = g_strdup_printf("DELETE FROM %s WHERE issue = ?", t);
		sqlite3_stmt *st = NULL;
		int rc = S.sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
		if (rc == SQLITE_OK) {
			S.sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
			rc = S.sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		} else if (strstr(S.sqlite3_errmsg(db->db), "no such table")) {
			rc = SQLITE_OK;  /* a CSV table not made yet */
		}
		S.sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			ok = db_error(db, error, all[i]);
		g_free(sql);
		g_free(t);
	}
	return ok;
}

/* The issues row, from issue.xml read as a stream: the root's attributes,
 * <meta>, and a count of the pages, tables, articles and warnings (their
 * subtrees skipped) unless row has them all already — then reading stops
 * after <meta>, before the pages that are most of the file. Validating the
 * whole model here would cost more than the rest of the indexing; the
 * export that wrote it validated it. */
typedef struct {
	char *f[8];         /* issue, source, sha256, kind, title, year, number, date */
	int pages, articles, tables, warnings;
	gboolean counting;  /* the counts are read from the file */
} IssueRow;

static gboolean read_issue_row(const char *path, IssueRow *row, GError **error)
{
	if (!qk_xml_open(error))
		return FALSE;
	xmlTextReaderPtr r = qk_xml.xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!r) {
		g_set_error(error, QK_ERROR, QK_ERROR_IO, "%s: cannot read", path);
		return FALSE;
	}
	static const char *const meta[] = { "title", "year", "number", "date" };
	gboolean in_meta = FALSE, met = FALSE;
	int rc = qk_xml.xmlTextReaderRead(r);
	while (rc == 1) {
		if (qk_xml.xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			rc = qk_xml.xmlTextReaderRead(r);
			continue;
		}
		const char *name = (const char *)qk_xml.xmlTextReaderConstLocalName(r);
		int depth = qk_xml.xmlTextReaderDepth(r);
		if (depth == 0 && strcmp(name, "issue") == 0) {
			row->f[1] = (char *)qk_xml.xmlTextReaderGetAttribute(r, BAD_CAST "source");
			row->f[2] = (char *)qk_xml.xmlTextReaderGetAttribute(r, BAD_CAST "sha256");
			row->f[3] = (char *)qk_xml.xmlTextReaderGetAttribute(r, BAD_CAST "kind");
		} else if (depth == 1) {
			in_meta = strcmp(name, "meta") == 0;
			met = met || in_meta;
			if (met && !in_meta && !row->counting) {
				rc = 0;  /* the counts are known: the rest is not needed */
				break;
			}
		} else if (depth == 2 && in_meta) {
			for (int i = 0; i < 4; i++)
				if (strcmp(name, meta[i]) == 0 && !row->f[4 + i])
					row->f[4 + i] = (char *)qk_xml.xmlTextReaderReadString(r);
		} else if (depth == 2 && row->counting) {
			row->pages += strcmp(name, "page") == 0;
			row->articles += strcmp(name, "article") == 0;
			row->tables += strcmp(name, "table") == 0;
			row->warnings += strcmp(name, "warning") == 0;
			rc = qk_xml.xmlTextReaderNext(r);  /* past its subtree */
			continue;
		}
		rc = qk_xml.xmlTextReaderRead(r);
	}
	qk_xml.xmlFreeTextReader(r);
	if (rc != 0) {
		g_set_error(error, QK_ERROR, QK_ERROR_BAD_MODEL, "%s: malformed XML", path);
		return FALSE;
	}
	return TRUE;
}

static gboolean insert_issue(QkCorpusDb *db, const char *name, const char *dir,
                             const QkCorpusCounts *counts, GError **error)
{
	char *xml = g_build_filename(dir, "issue.xml", NULL);
	IssueRow row = { .pages = 0 };
	if (counts && counts->pages >= 0 && counts->articles >= 0 && counts->tables >= 0 &&
	    counts->warnings >= 0) {
		row.pages = counts->pages;
		row.articles = counts->articles;
		row.tables = counts->tables;
		row.warnings = counts->warnings;
	} else {
		row.counting = TRUE;
	}
	gboolean ok = read_issue_row(xml, &row, error);
	g_free(xml);
	sqlite3_stmt *st = NULL;
	if (ok && S.sqlite3_prepare_v2(db->db,
	        "INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st,
	        NULL) == SQLITE_OK) {
		S.sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		for (int i = 1; i < 8; i++)
			S.sqlite3_bind_text(st, i + 1, row.f[i], -1, SQLITE_STATIC);
		S.sqlite3_bind_int(st, 9, row.pages);
		S.sqlite3_bind_int(st, 10, row.articles);
		S.sqlite3_bind_int(st, 11, row.tables);
		S.sqlite3_bind_int(st, 12, row.warnings);
		ok = S.sqlite3_step(st) == SQLITE_DONE;
		if (!ok)
			db_error(db, error, "issues");
	} else if (ok) {
		ok = db_error(db, error, "issues");
	}
	S.sqlite3_finalize(st);
	for (int i = 1; i < 8; i++)
		qk_xml_free(row.f[i]);
	return ok;
}

gboolean qk_corpusdb_add_issue(QkCorpusDb *db, const char *name, const char *dir,
                               const QkCorpusCounts *counts, GError **error)
{
	if (!exec(db, "BEGIN IMMEDIATE", error))
		return FALSE;
	gboolean ok = delete_issue(db, name, error) && insert_issue(db, name, dir, counts, error);
	for (int i = 0; ok && csv_tables[i]; i++)
		ok = load_csv(db, name, dir, csv_tables[i], error);
	if (ok)
		return exec(db, "COMMIT", error);
	exec(db, "ROLLBACK", NULL);
	g_hash_table_remove_all(db->columns);  /* its tables and columns may be gone */
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

/* How many characters the run word ends with has: its letters and digits
 * after its last space or punctuation (0 when it ends with one of those). */
static int last_run_length(const char *word)
{
	int n = 0;
	for (const char *p = word; *p; p = g_utf8_next_char(p))
		n = word_char(g_utf8_get_char(p)) ? n + 1 : 0;
	return n;
}

/* The FTS5 query of articles_bigram for words, all of them (NULL when no
 * word has a letter or digit). A word is the phrase of its runs' tokens as
 * the index holds them, but for a run it ends with: that may go on in the
 * text, so it is its pairs only, or a single character as the prefix of a
 * token. */
static char *fts_query(char **words)
{
	GString *q = g_string_new(NULL);
	for (int i = 0; words[i]; i++) {
		char *grams = g_strstrip(bigrams(words[i], TRUE));
		if (*grams) {
			int open = last_run_length(words[i]);
			gboolean prefix = open == 1;
			if (open > 1)  /* the open run's final: pairs are before it */
				*strrchr(grams, ' ') = '\0';
			if (q->len)
				g_string_append(q, " AND ");
			quote_phrase(q, grams);
			if (prefix)
				g_string_append_c(q, '*');
		}
		g_free(grams);
	}
	return q->len ? g_string_free(q, FALSE) : (g_string_free(q, TRUE), NULL);
}

/* A character of a word in a text, as the index sees it: folded, and
 * whether spaces or punctuation part it from the one before. */
typedef struct {
	gunichar c;
	gboolean apart;
	const char *from, *to;  /* its bytes */
} Letter;

static GArray *letters(const char *text)
{
	text = text ? text : "";
	GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(Letter), strlen(text) / 2 + 1);
	gboolean apart = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		gboolean han = c >= 0x4e00 && c <= 0x9fff;  /* as in bigrams() */
		if (!han && !word_char(c)) {
			apart = TRUE;
			continue;
		}
		Letter l = { han ? c : g_unichar_tolower(c), apart, p, g_utf8_next_char(p) };
		g_array_append_val(a, l);
		apart = FALSE;
	}
	return a;
}

/* Whether word's letters w are at t[i] in the text's letters, as the index
 * finds them: the same letters, parted where the word is. */
static gboolean letters_at(GArray *t, guint i, GArray *w)
{
	if (w->len == 0 || i + w->len > t->len)
		return FALSE;
	for (guint k = 0; k < w->len; k++) {
		const Letter *a = &g_array_index(t, Letter, i + k), *b = &g_array_index(w, Letter, k);
		if (a->c != b->c || (k > 0 && a->apart != b->apart))
			return FALSE;
	}
	return TRUE;
}

/* Up to 16 characters before the first place where the most words of the
 * query are found within 40 letters, and 40 from there on, every word found
 * highlighted; the text's start when none is (the hit is in the title). */
static char *make_snippet(const char *text, GPtrArray *words, const char *open,
                          const char *close)
{
	text = text ? text : "";
	GArray *t = letters(text);
	GPtrArray *w = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	for (guint j = 0; j < words->len; j++)
		g_ptr_array_add(w, letters(g_ptr_array_index(words, j)));
	/* which words (the first 32) begin at each letter; then a window of
	 * 40 letters slides over them, counting each word's places in it */
	guint nw = MIN(w->len, 32);
	guint32 *at_letter = g_new0(guint32, t->len + 1);
	gboolean any = FALSE;
	for (guint j = 0; j < nw; j++) {
		GArray *wj = g_ptr_array_index(w, j);
		gunichar c0 = wj->len ? g_array_index(wj, Letter, 0).c : 0;
		for (guint i = 0; i < t->len; i++)
			if (g_array_index(t, Letter, i).c == c0 && letters_at(t, i, wj)) {
				at_letter[i] |= 1u << j;
				any = TRUE;
			}
	}
	enum { WINDOW = 40 };
	int in_window[32] = { 0 };
	guint first = t->len, most = 0;
	for (guint i = 0; any && i < t->len + WINDOW; i++) {
		for (guint j = 0; i < t->len && at_letter[i] && j < nw; j++)
			in_window[j] += at_letter[i] >> j & 1;
		if (i < WINDOW - 1)
			continue;
		guint start = i - (WINDOW - 1), n = 0;  /* the window is start … i */
		if (start >= t->len)
			break;
		if (!at_letter[start])
			continue;
		for (guint j = 0; j < nw; j++)
			n += in_window[j] > 0;
		if (n > most) {
			most = n;
			first = start;
		}
		for (guint j = 0; j < nw; j++)
			in_window[j] -= at_letter[start] >> j & 1;
	}
	g_free(at_letter);
	const char *hit = first < t->len ? g_array_index(t, Letter, first).from : text;
	const char *from = hit;
	for (int i = 0; i < 16 && from > text; i++)
		from = g_utf8_prev_char(from);
	const char *to = hit;
	for (int i = 0; i < 40 && *to; i++)
		to = g_utf8_next_char(to);
	GString *s = g_string_new(from > text ? "…" : "");
	const char *at = from;  /* copied up to here */
	for (guint i = first; i < t->len && g_array_index(t, Letter, i).from < to; i++) {
		const char *end = NULL;  /* of the longest word found at i */
		for (guint j = 0; j < w->len; j++) {
			GArray *wj = g_ptr_array_index(w, j);
			if (letters_at(t, i, wj) && (!end || g_array_index(t, Letter, i + wj->len - 1).to > end))
				end = g_array_index(t, Letter, i + wj->len - 1).to;
		}
		const char *start = g_array_index(t, Letter, i).from;
		if (!end || end <= at)
			continue;
		if (start < at) {  /* overlapping the highlight before: made longer */
			g_string_truncate(s, s->len - strlen(close));
		} else {
			g_string_append_len(s, at, start - at);
			g_string_append(s, open);
			at = start;
		}
		g_string_append_len(s, at, end - at);
		g_string_append(s, close);
		at = end;
	}
	if (at < to)
		g_string_append_len(s, at, to - at);
	if (*MAX(at, to))
		g_string_append(s, "…");
	for (char *p = s->str; *p; p++)
		if (*p == '\n')
			*p = ' ';
	g_array_unref(t);
	g_ptr_array_unref(w);
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
		const char *data = qk_csv_data(csv, &len);  /* before len is read */
		fwrite(data, 1, len, out);
		qk_csv_free(csv);
		return;
	}
	fprintf(out, "%s  %s  p.%s  %s\n    %s\n", f[0], f[1] ? f[1] : "-", f[2] ? f[2] : "?",
	        f[5] ? f[5] : "(untitled)", snip);
}

int qk_corpusdb_search(QkCorpusDb *db, const char *query, const QkSearchOptions *o,
                       FILE *out, GError **error)
{
	char **split = g_regex_split_simple("\\s+", query, 0, 0);
	GPtrArray *words = g_ptr_array_new();
	for (int i = 0; split[i]; i++)
		if (*split[i])
			g_ptr_array_add(words, split[i]);
	g_ptr_array_add(words, NULL);
	char *match = fts_query((char **)words->pdata);
	g_ptr_array_set_size(words, words->len - 1);
	if (!match) {
		g_set_error(error, QK_ERROR, QK_ERROR_FAILED,
		            words->len ? "the query has no letter or digit" : "empty query");
		g_ptr_array_unref(words);
		g_strfreev(split);
		return -1;
	}
	const char *open = o->color ? "\033[1m" : "【", *close = o->color ? "\033[0m" : "】";
	/* the best hits first, found on the index alone; their text is read
	 * for those only */
	static const char sql[] =
		"WITH hits AS (SELECT f.rowid AS id, f.rank AS r FROM articles_bigram f"
		" JOIN articles s ON s.id = f.rowid JOIN issues i ON i.issue = s.issue"
		" WHERE articles_bigram MATCH ?1 AND (?2 IS NULL OR s.issue = ?2)"
		" AND (?3 IS NULL OR s.section = ?3)"
		" AND (?4 IS NULL OR i.date >= ?4) AND (?5 IS NULL OR i.date <= ?5)"
		" ORDER BY f.rank LIMIT ?6)"
		" SELECT a.issue, i.date, a.first_page, a.article_id, a.section, a.title, a.text"
		" FROM hits h JOIN articles a ON a.id = h.id"
		" JOIN issues i ON i.issue = a.issue ORDER BY h.r";
	sqlite3_stmt *st = NULL;
	int n = -1;
	if (S.sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(db, error, "search");
	} else {
		S.sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		const char *f[] = { o->issue, o->section, o->since, o->until };
		for (int i = 0; i < 4; i++)
			if (f[i])
				S.sqlite3_bind_text(st, i + 2, f[i], -1, SQLITE_STATIC);
		S.sqlite3_bind_int(st, 6, o->limit > 0 ? o->limit : 50);
		if (o->csv)
			fputs("issue,date,page,article_id,section,title,snippet\n", out);
		n = 0;
		int rc;
		while ((rc = S.sqlite3_step(st)) == SQLITE_ROW) {
			const char *col[7];
			for (int i = 0; i < 7; i++)
				col[i] = (const char *)S.sqlite3_column_text(st, i);
			char *snip = make_snippet(col[6], words, open, close);
			print_hit(out, o, col, snip);
			g_free(snip);
			n++;
		}
		if (rc != SQLITE_DONE) {
			db_error(db, error, "search");
			n = -1;
		}
	}
	S.sqlite3_finalize(st);
	g_free(match);
	g_ptr_array_unref(words);
	g_strfreev(split);
	return n;
}
