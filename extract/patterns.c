/*
 * patterns.c — the text patterns layout uses to recognise page furniture and
 * block roles, read from data/layout-patterns.txt (bundled as a GResource)
 * and compiled once per extraction (PCRE2, UTF mode, JIT when available);
 * and the surnames of data/bylines.tsv, for rows of names.
 */
#include <string.h>
#include "layout.h"
#include "error.h"
#include "fileio.h"

#define PATTERNS_FILE "layout-patterns.txt"

/* Names used in the data file, in QkPat order. */
static const char *const pattern_names[QK_PAT_COUNT_] = {
	[QK_PAT_PAGENUM] = "pagenum",
	[QK_PAT_EDITION] = "edition",
	[QK_PAT_RUNHEAD] = "runhead",
	[QK_PAT_SLOGAN] = "slogan",
	[QK_PAT_CONTINUATION] = "continuation",
	[QK_PAT_CAPTION] = "caption",
	[QK_PAT_SOURCE] = "source",
	[QK_PAT_NOTE] = "note",
	[QK_PAT_BYLINE] = "byline",
	[QK_PAT_HEADNUM] = "headnum",
	[QK_PAT_TOC_TITLE] = "toc-title",
	[QK_PAT_MASTHEAD] = "masthead",
	[QK_PAT_SUBTITLE] = "subtitle",
	[QK_PAT_FOLIO_LEAD] = "folio-lead",
	[QK_PAT_FOLIO_TAIL] = "folio-tail",
	[QK_PAT_ORG_AUTHOR] = "org-author",
	[QK_PAT_TOC_BOX] = "toc-box",
};

static int pattern_index(const char *name)
{
	for (int i = 0; i < QK_PAT_COUNT_; i++)
		if (!strcmp(pattern_names[i], name))
			return i;
	return -1;
}

/* Collects the file's lines per name, as one alternation each. */
static gboolean collect(const char *text, gsize len, GString **alt, GError **error)
{
	char *copy = g_strndup(text, len);
	char **lines = g_strsplit(copy, "\n", -1);
	g_free(copy);
	gboolean ok = TRUE;
	for (int n = 0; lines[n] && ok; n++) {
		char *line = lines[n];
		g_strchomp(line);
		if (!*line || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA,
			            "%s line %d: expected NAME<TAB>PATTERN", PATTERNS_FILE, n + 1);
			ok = FALSE;
			break;
		}
		*tab = '\0';
		int i = pattern_index(line);
		if (i < 0) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA, "%s line %d: unknown name %s",
			            PATTERNS_FILE, n + 1, line);
			ok = FALSE;
			break;
		}
		if (!alt[i])
			alt[i] = g_string_new(NULL);
		else
			g_string_append_c(alt[i], '|');
		g_string_append_printf(alt[i], "(?:%s)", tab + 1);
	}
	g_strfreev(lines);
	return ok;
}

/* The surnames of data/bylines.tsv (a missing file leaves none: no row
 * of names is then taken for a byline by its look alone). */
static void read_surnames(GString **families, GPtrArray **surnames)
{
	*families = g_string_new(NULL);
	*surnames = g_ptr_array_new_with_free_func(g_free);
	GBytes *bytes = qk_data_lookup("bylines.tsv", NULL);
	if (!bytes)
		return;
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	char *copy = g_strndup(data, len);
	char **lines = g_strsplit(copy, "\n", -1);
	for (int n = 0; lines[n]; n++) {
		char **kv = g_strsplit(lines[n], "\t", 2);
		if (kv[0] && kv[1] && *g_strstrip(kv[1])) {
			if (!strcmp(kv[0], "family"))
				g_string_append(*families, kv[1]);
			else if (!strcmp(kv[0], "surname"))
				g_ptr_array_add(*surnames, g_strdup(kv[1]));
		}
		g_strfreev(kv);
	}
	g_strfreev(lines);
	g_free(copy);
	g_bytes_unref(bytes);
}

gsize qk_pat_surname_at(const QkPatterns *p, const char *s)
{
	for (guint i = 0; i < p->surnames->len; i++)
		if (g_str_has_prefix(s, g_ptr_array_index(p->surnames, i)))
			return strlen(g_ptr_array_index(p->surnames, i));
	if (!*s)
		return 0;
	const char *next = g_utf8_next_char(s);
	char *c = g_strndup(s, next - s);
	gboolean hit = strstr(p->families->str, c) != NULL;
	g_free(c);
	return hit ? (gsize)(next - s) : 0;
}

/* The patterns, compiled once per process and shared by every thread's
 * QkPatterns (each has match data of its own): each reading thread
 * compiled all of them, and JIT-compiled and warmed up those it used, again
 * (2 M instructions a thread on a 4-page newspaper). A pattern is
 * JIT-compiled once it has been used a few times, in a copy published
 * when done: a thread matching with the interpreted code meanwhile is
 * not disturbed. */
static struct {
	pcre2_code *code[QK_PAT_COUNT_];
	pcre2_code *jit[QK_PAT_COUNT_];   /* atomic: the JIT-compiled copy, or NULL */
	gint tried[QK_PAT_COUNT_];        /* atomic: matches while interpreted */
	gboolean no_jit;
	GString *families;
	GPtrArray *surnames;
	GError *error;                    /* the data file's, when malformed */
	gint state;                       /* atomic: 1 failed, 2 compiled */
} shared;

static void compile_shared(void)
{
	GError **error = &shared.error;
	GBytes *bytes = qk_data_lookup(PATTERNS_FILE, error);
	if (!bytes)
		return;
	gsize len = 0;
	const char *text = g_bytes_get_data(bytes, &len);
	GString *alt[QK_PAT_COUNT_] = { 0 };
	gboolean ok = collect(text, len, alt, error);
	g_bytes_unref(bytes);

	for (int i = 0; i < QK_PAT_COUNT_ && ok; i++) {
		if (!alt[i]) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA, "%s: no pattern named %s",
			            PATTERNS_FILE, pattern_names[i]);
			ok = FALSE;
			break;
		}
		int err = 0;
		PCRE2_SIZE off = 0;
		/* DUPNAMES: each alternative may name its own (?<v>…) */
		shared.code[i] = pcre2_compile((PCRE2_SPTR)alt[i]->str, PCRE2_ZERO_TERMINATED,
		                               PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES,
		                               &err, &off, NULL);
		if (!shared.code[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof msg);
			g_set_error(error, QK_ERROR, QK_ERROR_DATA, "%s: pattern %s: %s at offset %zu",
			            PATTERNS_FILE, pattern_names[i], (const char *)msg, (size_t)off);
			ok = FALSE;
			break;
		}
	}
	for (int i = 0; i < QK_PAT_COUNT_; i++)
		if (alt[i])
			g_string_free(alt[i], TRUE);
	shared.no_jit = !qk_jit_enabled();
	read_surnames(&shared.families, &shared.surnames);
}

static gpointer compile_once(gpointer data)
{
	(void)data;
	compile_shared();
	/* published with an atomic of our own as well (as core/dynlib.c):
	 * g_once's is a plain store inside libglib, ordered by its futex
	 * mutex, which ThreadSanitizer does not see; a suppression of
	 * g_once_impl would hide real races on these fields too */
	g_atomic_int_set(&shared.state, shared.error ? 1 : 2);
	return NULL;
}

QkPatterns *qk_patterns_new(GError **error)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, compile_once, NULL);
	if (g_atomic_int_get(&shared.state) != 2) {
		g_propagate_error(error, g_error_copy(shared.error));
		return NULL;
	}
	QkPatterns *p = g_new0(QkPatterns, 1);
	p->md = pcre2_match_data_create(16, NULL);
	p->families = shared.families;
	p->surnames = shared.surnames;
	return p;
}

void qk_patterns_free(QkPatterns *p)
{
	if (!p)
		return;
	pcre2_match_data_free(p->md);   /* the rest is shared */
	g_free(p);
}

#define JIT_AFTER_MATCHES 4

/* The code to match pattern pat with: its JIT-compiled copy once made. */
static const pcre2_code *code_of(QkPat pat)
{
	const pcre2_code *jit = g_atomic_pointer_get(&shared.jit[pat]);
	if (jit || shared.no_jit)
		return jit ? jit : shared.code[pat];
	/* the match that reaches the count makes the copy; the others go
	 * on interpreted until it is published */
	if (g_atomic_int_add(&shared.tried[pat], 1) + 1 == JIT_AFTER_MATCHES) {
		pcre2_code *c = pcre2_code_copy(shared.code[pat]);
		if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0) {
			g_atomic_pointer_set(&shared.jit[pat], c);
			return c;
		}
		pcre2_code_free(c);
	}
	return shared.code[pat];
}

gboolean qk_pat_match(QkPatterns *p, QkPat pat, const char *s, char **value)
{
	if (value)
		*value = NULL;
	if (!s)
		return FALSE;
	/* JIT-compiled once used a few times (roles match every block against
	 * these), not when built: compiling all of them cost 2.6 M instructions,
	 * more than a 1-page issue's matches; interpreted, the unanchored ones
	 * (captions, mastheads) cost 1,000 instructions a character */
	int rc = pcre2_match(code_of(pat), (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0,
	                     p->md, NULL);
	if (rc < 0)
		return FALSE;
	if (value) {
		PCRE2_UCHAR *v = NULL;
		PCRE2_SIZE vlen = 0;
		if (pcre2_substring_get_byname(p->md, (PCRE2_SPTR)"v", &v, &vlen) == 0) {
			*value = g_strndup((const char *)v, vlen);
			pcre2_substring_free(v);
		}
	}
	return TRUE;
}
