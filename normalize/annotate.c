/* annotate.c — the QkNormalizer context (data files, compiled patterns) and
 * qk_norm_annotate(): scanners propose candidates, the longest wins, words
 * from numeric-words.txt veto what they overlap. */
#include <string.h>

#include "error.h"
#include "fileio.h"
#include "norm.h"

/* ---- data files ------------------------------------------------------- */

static void add_lines(GPtrArray *out, const char *data, gsize len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (gsize)(end - p));
		const char *le = nl ? nl : end;
		const char *c = p;
		while (c < le && *c == ' ')
			c++;
		if (c == le || *c == '#') {   /* blank or a comment: not copied */
			p = nl ? nl + 1 : end;
			continue;
		}
		char *line = g_strndup(p, (gsize)(le - p));
		g_strchomp(line); /* \r and trailing blanks; leading tabs matter */
		const char *q = line;
		while (*q == ' ')
			q++;
		if (*q && *q != '#')
			g_ptr_array_add(out, line);
		else
			g_free(line);
		p = nl ? nl + 1 : end;
	}
}

char **qk_norm_data_lines(const char *resource, const char *user_file,
                          GError **error)
{
	/* element free func: frees the lines on the error paths; the success
	 * path hands the segment out (g_ptr_array_free FALSE frees nothing) */
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GBytes *b = qk_data_lookup(resource, error);
	if (!b) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	gsize len = 0;
	const char *data = g_bytes_get_data(b, &len);
	add_lines(out, data, len);
	g_bytes_unref(b);
	if (user_file) {
		char *contents = NULL;
		gsize clen = 0;
		if (!g_file_get_contents(user_file, &contents, &clen, error)) {
			g_ptr_array_free(out, TRUE);
			return NULL;
		}
		if (!g_utf8_validate(contents, (gssize)clen, NULL)) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA,
			            "%s: not UTF-8 text", user_file);
			g_free(contents);
			g_ptr_array_free(out, TRUE);
			return NULL;
		}
		add_lines(out, contents, clen);
		g_free(contents);
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static gboolean load_radicals(QkNormalizer *n, GError **error)
{
	char **lines = qk_norm_data_lines("radicals.tsv", NULL, error);
	if (!lines)
		return FALSE;
	n->radicals = g_hash_table_new(g_direct_hash, g_direct_equal);
	gboolean ok = TRUE;
	for (int i = 0; lines[i] && ok; i++) {
		char **f = g_strsplit(lines[i], "\t", 3);
		if (g_strv_length(f) < 2 || !g_str_has_prefix(f[0], "U+") ||
		    !g_str_has_prefix(f[1], "U+")) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA,
			            "radicals: malformed line \"%s\"", lines[i]);
			ok = FALSE;
		} else {
			guint64 a = g_ascii_strtoull(f[0] + 2, NULL, 16);
			guint64 b = g_ascii_strtoull(f[1] + 2, NULL, 16);
			if (a == 0 || b == 0 || a > 0x10FFFF || b > 0x10FFFF) {
				g_set_error(error, QK_ERROR, QK_ERROR_DATA,
				            "radicals: bad code point in \"%s\"", lines[i]);
				ok = FALSE;
			} else {
				g_hash_table_insert(n->radicals, GUINT_TO_POINTER((guint)a),
				                    GUINT_TO_POINTER((guint)b));
				if (!n->radical_lo || a < n->radical_lo)
					n->radical_lo = (gunichar)a;
				n->radical_hi = MAX(n->radical_hi, (gunichar)a);
			}
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	return ok;
}

/* Sorts strings longest first (then bytewise), so that an alternation
 * built from them tries 亿千瓦时 before 千瓦时. */
gint qk_norm_longest_first(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x, y);
}

/* Patterns PCRE2 interprets at 10-70 instructions a byte of text, where
 * the others take 180-3,200 (callgrind, each scanning the 38 KB of
 * newspaper-2023-10-31's articles): each starts with a literal (第, 农历),
 * a year's or month's digits that the scan's first-character filter or
 * PCRE2's start bitmap go straight to, or the text's start. JIT-compiled
 * they would scan at 3-23 a byte, but their JIT costs 0.13-0.39 M
 * instructions each (1.97 M for the nine), repaid only after 8-40 KB of
 * text each, which most issues never give them: they are left interpreted. */
static gboolean interpreted(int which)
{
	switch (which) {
	case QK_RE_ORDINAL: case QK_RE_DATE: case QK_RE_DATE_ISO: case QK_RE_MONTHS:
	case QK_RE_MONTH: case QK_RE_YEAR: case QK_RE_LUNAR: case QK_RE_LABEL:
	case QK_RE_YEARS:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Compiles pattern which now: its source goes (it is no longer needed). */
static pcre2_code *compile_now(QkNormalizer *n, int which, GError **error)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)n->src[which], PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_NO_UTF_CHECK | n->flags[which],
	                               &errcode, &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		g_set_error(error, QK_ERROR, QK_ERROR_DATA,
		            "pattern %d: %s at offset %zu", which, (const char *)msg,
		            (size_t)erroff);
		return NULL;
	}
	g_clear_pointer(&n->src[which], g_free);
	n->re[which] = re;
	n->scanned[which] = qk_jit_enabled() && !interpreted(which) ? 0 : G_MAXSIZE;
	return re;
}

/* The pattern, compiled on first use when n is lazy (qk_norm_new). Only
 * the bundled patterns are left for later, and they compile (the tests
 * scan every one), so a failure here is a bug. */
static const pcre2_code *pattern(QkNormalizer *n, int which)
{
	qk_norm_ready(n);
	if (n->re[which])
		return n->re[which];
	GError *e = NULL;
	if (!compile_now(n, which, &e))
		g_error("normalizer: %s", e->message);
	return n->re[which];
}

/* Patterns are compiled when a scan first needs them if n->lazy: a 1-page
 * issue's few lines use a few of them (compiling them all cost 4 M
 * instructions). A user's units or sections file makes every pattern
 * compiled at once, so that its errors are reported when it is loaded. */
static gboolean compile_flags(QkNormalizer *n, int which, const char *pattern,
                              uint32_t flags, GError **error)
{
	g_free(n->src[which]);
	n->src[which] = g_strdup(pattern);
	n->flags[which] = flags;
	return n->lazy || compile_now(n, which, error);
}

/* JIT is an optimisation (pcre2_match interprets without it, with the same
 * results), worth it once a pattern has text to scan: JIT-compiling them all
 * up front cost 13.5 M instructions, 70% of a 1-page issue's normalizer,
 * whose patterns then scan a few lines; interpreted, a 28-page magazine's
 * scans cost 7 times those JIT-compiled. */
#define JIT_AFTER_BYTES 64

static void jit_when_worth(QkNormalizer *n, int which, gsize len)
{
	pattern(n, which);
	if (n->scanned[which] == G_MAXSIZE)
		return;
	n->scanned[which] += len;
	if (n->scanned[which] < JIT_AFTER_BYTES)
		return;
	(void)pcre2_jit_compile(n->re[which], PCRE2_JIT_COMPLETE);
	n->scanned[which] = G_MAXSIZE;
}

gboolean qk_norm_compile(QkNormalizer *n, int which, const char *pattern,
                         GError **error)
{
	return compile_flags(n, which, pattern, 0, error);
}

gboolean qk_norm_compile_first(QkNormalizer *n, int which, const char *pattern,
                               const char *first, GError **error)
{
	if (!compile_flags(n, which, pattern, PCRE2_USE_OFFSET_LIMIT, error))
		return FALSE;
	guint8 *bits = g_malloc0(0x10000 / 8);
	for (const char *p = first; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		g_assert(c < 0x10000);
		bits[c >> 3] |= (guint8)(1u << (c & 7));
	}
	g_free(n->first[which]);
	n->first[which] = bits;
	return TRUE;
}

static gboolean compile_words(QkNormalizer *n, GError **error)
{
	char **lines = qk_norm_data_lines("numeric-words.txt", NULL, error);
	if (!lines)
		return FALSE;
	n->words = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; lines[i]; i++) {
		char *w = g_strstrip(g_strdup(lines[i]));
		if (*w)
			g_ptr_array_add(n->words, w);
		else
			g_free(w);
	}
	g_strfreev(lines);
	GPtrArray *sorted = g_ptr_array_new();
	for (guint i = 0; i < n->words->len; i++)
		g_ptr_array_add(sorted, n->words->pdata[i]);
	char *alt = qk_norm_alternation(sorted);
	g_ptr_array_free(sorted, TRUE);
	gboolean ok = compile_flags(n, QK_RE_WORDS, alt, PCRE2_USE_OFFSET_LIMIT, error);
	g_free(alt);
	/* not-amounts.txt: patterns, one alternation */
	lines = ok ? qk_norm_data_lines("not-amounts.txt", NULL, error) : NULL;
	if (!lines)
		return FALSE;
	GString *re = g_string_new("(?:");
	for (int i = 0; lines[i]; i++)
		g_string_append_printf(re, "%s(?:%s)", i ? "|" : "", lines[i]);
	if (!lines[0])
		g_string_append(re, "(*FAIL)");
	g_string_append_c(re, ')');
	g_strfreev(lines);
	ok = compile_flags(n, QK_RE_NOT_AMOUNT, re->str, PCRE2_USE_OFFSET_LIMIT, error);
	g_string_free(re, TRUE);
	/* An enumeration label opening a text (1. （一） 二、) numbers the
	 * heading or item; it is not an amount in it. */
	return ok && qk_norm_compile(n, QK_RE_LABEL,
		"^[ \\t\u3000]*(?:[（(][0-9" QK_RE_CNCHARS "]{1,3}[)）]"
		"|[0-9" QK_RE_CNCHARS "]{1,3}[、.．](?![0-9]))", error);
}

/* What only a scan needs: the units (their lines read from units.tsv, the
 * user's file when given), then the numeric words and the sources of the
 * quantity and date patterns. */
static gboolean load_patterns(QkNormalizer *n, GError **error)
{
	return compile_words(n, error) && qk_norm_compile_quantities(n, error) &&
	       qk_norm_compile_dates(n, error);
}

/* A lazy normalizer loads what only a scan needs on its first scan: 1.8 M
 * instructions of its 2.1 M build, which a cover's normalize (a masthead's
 * few lines read as meta, no article) never asks for. The bundled units'
 * lines were read when it was made (a missing or unreadable file is
 * reported there, as an error); what is left, parsing them and building
 * the bundled patterns, the tests do on every scan, so a failure here is a
 * bug. */
void qk_norm_ready(QkNormalizer *n)
{
	if (!n->deferred)
		return;
	n->deferred = FALSE;
	GError *e = NULL;
	gboolean ok = qk_norm_load_units(n, n->unit_lines, &e);
	g_clear_pointer(&n->unit_lines, g_strfreev);
	if (!ok || !load_patterns(n, &e))
		g_error("normalizer: %s", e->message);
}

QkNormalizer *qk_norm_new(const QkNormalizeOptions *opts, GError **error)
{
	QkNormalizer *n = g_new0(QkNormalizer, 1);
	n->lazy = !opts || (!opts->units_file && !opts->sections_file);
	n->deferred = n->lazy;
	n->unit_lines = qk_norm_data_lines("units.tsv",
	                                   opts ? opts->units_file : NULL, error);
	if (!n->unit_lines)
		goto fail;
	if (!n->deferred) {
		gboolean ok = qk_norm_load_units(n, n->unit_lines, error);
		g_clear_pointer(&n->unit_lines, g_strfreev);
		if (!ok)
			goto fail;
	}
	char **sections = qk_norm_data_lines("sections.txt",
	                                     opts ? opts->sections_file : NULL, error);
	if (!sections)
		goto fail;
	qk_norm_load_sections(n, sections);
	g_strfreev(sections);
	if (!load_radicals(n, error) || (!n->deferred && !load_patterns(n, error)))
		goto fail;
	n->md = pcre2_match_data_create(64, NULL);
	n->near = pcre2_match_context_create(NULL);
	return n;
fail:
	qk_norm_free(n);
	return NULL;
}

void qk_norm_jit_all(QkNormalizer *n)
{
	for (int i = 0; i < QK_RE_COUNT_; i++)
		jit_when_worth(n, i, JIT_AFTER_BYTES);
}

QkNormalizer *qk_norm_view(const QkNormalizer *n)
{
	QkNormalizer *v = g_memdup2(n, sizeof *n);
	v->view = TRUE;
	for (int i = 0; i < QK_RE_COUNT_; i++)
		g_assert(n->scanned[i] == G_MAXSIZE);   /* nothing left to compile */
	v->md = pcre2_match_data_create(64, NULL);
	v->near = pcre2_match_context_create(NULL);
	return v;
}

void qk_norm_free(QkNormalizer *n)
{
	if (!n)
		return;
	if (n->view) {
		pcre2_match_data_free(n->md);
		pcre2_match_context_free(n->near);
		g_free(n);
		return;
	}
	g_strfreev(n->unit_lines);
	if (n->unit_list)
		g_ptr_array_unref(n->unit_list);
	if (n->units)
		g_hash_table_unref(n->units);
	if (n->radicals)
		g_hash_table_unref(n->radicals);
	if (n->sections)
		g_hash_table_unref(n->sections);
	if (n->words)
		g_ptr_array_unref(n->words);
	if (n->named_dates)
		g_hash_table_unref(n->named_dates);
	for (int i = 0; i < QK_RE_COUNT_; i++) {
		pcre2_code_free(n->re[i]);
		g_free(n->src[i]);
		g_free(n->first[i]);
	}
	pcre2_match_data_free(n->md);
	pcre2_match_context_free(n->near);
	g_free(n);
}

/* ---- scanning ------------------------------------------------------- */

/* The numbers of the groups called name (several under (?J)); FALSE when
 * there are none or more than the cache holds. */
static gboolean group_numbers(const pcre2_code *re, const char *name,
                              struct QkNormGroups *g)
{
	PCRE2_SPTR first = NULL, last = NULL;
	uint32_t entry = 0;
	if (pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last) < 0 ||
	    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry) != 0)
		return FALSE;
	g->n = 0;
	for (PCRE2_SPTR p = first; p <= last; p += entry) {
		if (g->n == G_N_ELEMENTS(g->num))
			return FALSE;
		g->num[g->n++] = (guint16)(((uint32_t)p[0] << 8) | p[1]);
	}
	return TRUE;
}

gboolean qk_norm_group(QkNormalizer *n, const pcre2_code *re, const char *name,
                       gsize *s, gsize *e)
{
	guint size = G_N_ELEMENTS(n->groups);
	guint h = (guint)((((guintptr)name >> 3) ^ ((guintptr)re >> 4)) % size);
	struct QkNormGroups *g = NULL, local;
	for (guint i = 0; i < size; i++, h = (h + 1) % size) {
		struct QkNormGroups *slot = &n->groups[h];
		if (slot->re == re && slot->name == name) {
			g = slot;
			break;
		}
		if (!slot->re) {
			if (!group_numbers(re, name, slot))
				break;
			slot->re = re;
			slot->name = name;
			g = slot;
			break;
		}
	}
	if (!g) { /* table full or too many groups of that name */
		g = &local;
		if (!group_numbers(re, name, g))
			return FALSE;
	}
	/* Names may repeat under (?J): take the one that took part. */
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
	uint32_t count = pcre2_get_ovector_count(n->md);
	for (guint i = 0; i < g->n; i++) {
		uint32_t num = g->num[i];
		if (num < count && ov[2 * num] != PCRE2_UNSET) {
			*s = ov[2 * num];
			*e = ov[2 * num + 1];
			return TRUE;
		}
	}
	return FALSE;
}

/* Is the character at text + i (valid UTF-8) one a match may start on?
 * Sets *next to the byte after it. */
static gboolean first_char(const guint8 *bits, const char *text, gsize i,
                           gsize *next)
{
	const guchar *u = (const guchar *)text + i;
	gunichar c;
	if (u[0] < 0x80) {
		c = u[0];
		*next = i + 1;
	} else if (u[0] < 0xE0) {
		c = ((gunichar)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		*next = i + 2;
	} else if (u[0] < 0xF0) {
		c = ((gunichar)(u[0] & 0x0F) << 12) | ((gunichar)(u[1] & 0x3F) << 6) |
		    (u[2] & 0x3F);
		*next = i + 3;
	} else {
		*next = i + 4;
		return FALSE;
	}
	return (bits[c >> 3] >> (c & 7)) & 1;
}

/* The next match at or after off for a pattern with a first-character set:
 * PCRE2 would try (and fail) at every other CJK character, at the cost of
 * its leading lookahead each time. Here each run of possible starts is
 * handed to PCRE2 with an offset limit at the run's last start, so it
 * tries exactly those positions, in order: the same first match. */
static int match_first(QkNormalizer *n, int which, const char *text, gsize len,
                       gsize off)
{
	const guint8 *bits = n->first[which];
	gsize i = off, next = 0;
	while (i < len) {
		if (!first_char(bits, text, i, &next)) {
			i = next;
			continue;
		}
		gsize last = i;
		while (next < len) {
			gsize after = 0;
			if (!first_char(bits, text, next, &after))
				break;
			last = next;
			next = after;
		}
		pcre2_set_offset_limit(n->near, last);
		int rc = pcre2_match(n->re[which], (PCRE2_SPTR)text, len, i,
		                     PCRE2_NO_UTF_CHECK, n->md, n->near);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
		i = next;
	}
	return PCRE2_ERROR_NOMATCH;
}

/* Does text hold a character a match may start on? */
static gboolean any_first(const guint8 *bits, const char *text, gsize len)
{
	gsize i = 0, next = 0;
	for (; i < len; i = next)
		if (first_char(bits, text, i, &next))
			return TRUE;
	return FALSE;
}

void qk_norm_scan(QkNormalizer *n, int which, const char *text, gsize len,
                  QkNormMatchFn fn, void *data)
{
	qk_norm_ready(n);
	/* not compiled for a text it cannot match */
	if (!n->re[which] && n->first[which] && !any_first(n->first[which], text, len))
		return;
	jit_when_worth(n, which, len);
	const pcre2_code *re = n->re[which];
	gsize off = 0;
	while (off < len) {
		int rc = n->first[which]
			? match_first(n, which, text, len, off)
			: pcre2_match(re, (PCRE2_SPTR)text, len, off,
			              PCRE2_NO_UTF_CHECK, n->md, NULL);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
		gsize s = ov[0], e = ov[1];
		if (e > s && fn(n, re, text, len, s, e, data)) {
			off = e;
		} else {
			off = (gsize)(g_utf8_next_char(text + s) - text);
		}
	}
}

void qk_norm_scan_range(QkNormalizer *n, int which, const char *text, gsize len,
                        gsize from, gsize limit, QkNormMatchFn fn, void *data)
{
	jit_when_worth(n, which, limit > from ? limit - from : 0);
	const pcre2_code *re = n->re[which];
	pcre2_set_offset_limit(n->near, limit);
	gsize off = from;
	while (off < limit) {
		int rc = pcre2_match(re, (PCRE2_SPTR)text, len, off,
		                     PCRE2_NO_UTF_CHECK, n->md, n->near);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
		gsize s = ov[0], e = ov[1];
		if (e > s && fn(n, re, text, len, s, e, data))
			off = e;
		else
			off = (gsize)(g_utf8_next_char(text + s) - text);
	}
}

void qk_norm_cand_clear(QkNormCand *c)
{
	g_free(c->norm);
	g_free(c->unit);
	g_free(c->base_unit);
	g_free(c->qualifier);
	memset(c, 0, sizeof *c);
}

typedef struct {
	gsize s, e;
} Span;

static gboolean word_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                           gsize len, gsize s, gsize e, void *data)
{
	(void)n, (void)re, (void)text, (void)len;
	Span sp = { s, e };
	g_array_append_val((GArray *)data, sp);
	return TRUE;
}

/* What the candidates may not overlap, in time linear in the text: a
 * candidate is refused when it crosses the edge of a blocked word (or is
 * that word exactly, or lies inside it) or touches a byte an accepted
 * candidate took. Accepted spans never overlap, and each scan's matches do
 * not either, so marking and testing bytes costs O(text) in all, where
 * comparing every pair cost O(n²) (100k numbers in a paragraph: minutes). */
typedef struct {
	guint8 *taken;      /* byte i belongs to an accepted candidate */
	guint8 *inside;     /* boundary i (0..len) lies strictly inside a blocked word */
	GHashTable *exact;  /* blocked spans as "s:e" keys */
} SpanGuard;

static char *span_key(gsize s, gsize e)
{
	return g_strdup_printf("%zu:%zu", (size_t)s, (size_t)e);
}

static void guard_init(SpanGuard *g, gsize len, const GArray *blocked)
{
	g->taken = g_malloc0(len + 1);
	g->inside = g_malloc0(len + 1);
	g->exact = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	/* depth counts blocked words open at each boundary (they may nest:
	 * a label and a word) */
	int *depth = g_new0(int, len + 2);
	for (guint k = 0; k < blocked->len; k++) {
		const Span *b = &g_array_index(blocked, Span, k);
		depth[b->s + 1]++;
		depth[b->e]--;
		g_hash_table_add(g->exact, span_key(b->s, b->e));
	}
	int open = 0;
	for (gsize i = 0; i <= len; i++) {
		open += depth[i];
		g->inside[i] = open > 0;
	}
	g_free(depth);
}

static gboolean guard_allows(const SpanGuard *g, gsize s, gsize e)
{
	/* A blocked word overlapping [s, e) that [s, e) does not strictly
	 * cover either crosses s or e, or equals [s, e). */
	if (g->inside[s] || g->inside[e])
		return FALSE;
	if (g_hash_table_size(g->exact)) {
		char *k = span_key(s, e);
		gboolean same = g_hash_table_contains(g->exact, k);
		g_free(k);
		if (same)
			return FALSE;
	}
	for (gsize i = s; i < e; i++)
		if (g->taken[i])
			return FALSE;
	return TRUE;
}

static void guard_take(SpanGuard *g, gsize s, gsize e)
{
	memset(g->taken + s, 1, e - s);
}

static void guard_clear(SpanGuard *g)
{
	g_free(g->taken);
	g_free(g->inside);
	g_hash_table_unref(g->exact);
}

/* How far before a candidate a veto that overlaps it may start: the longest
 * word or pattern (电话号码：0349-2026688, 〔2024〕12号, 两个毫不动摇) is well
 * within it; URLs and e-mail addresses, which may be longer, are followed
 * back over their characters. */
#define VETO_REACH 64

static gboolean url_byte(char c)
{
	return g_ascii_isalnum(c) || strchr("./?=&%_:#~+@-", c) != NULL;
}

static gint span_start(gconstpointer a, gconstpointer b)
{
	const Span *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Runs the veto patterns (numeric words, not-amounts) where they can
 * matter: near the candidates, not over the whole text (they cost more than
 * the scanners, and most of a paragraph is far from any number). */
static void scan_vetoes(QkNormalizer *n, const char *s, gsize len, GArray *cands,
                        GArray *blocked)
{
	GArray *win = g_array_sized_new(FALSE, FALSE, sizeof(Span), cands->len);
	for (guint i = 0; i < cands->len; i++) {
		const QkNormCand *c = &g_array_index(cands, QkNormCand, i);
		Span w = { c->bstart > VETO_REACH ? c->bstart - VETO_REACH : 0, c->bend };
		while (w.s > 0 && url_byte(s[w.s - 1]))
			w.s--;
		while (w.s > 0 && (s[w.s] & 0xC0) == 0x80)
			w.s--; /* on a character's first byte */
		g_array_append_val(win, w);
	}
	g_array_sort(win, span_start);
	for (guint i = 0; i < win->len;) {
		Span w = g_array_index(win, Span, i);
		for (i++; i < win->len && g_array_index(win, Span, i).s <= w.e; i++)
			w.e = MAX(w.e, g_array_index(win, Span, i).e);
		qk_norm_scan_range(n, QK_RE_WORDS, s, len, w.s, w.e, word_found, blocked);
		qk_norm_scan_range(n, QK_RE_NOT_AMOUNT, s, len, w.s, w.e, word_found, blocked);
	}
	g_array_free(win, TRUE);
}

static gint by_length(gconstpointer a, gconstpointer b)
{
	const QkNormCand *x = *(QkNormCand *const *)a, *y = *(QkNormCand *const *)b;
	gsize lx = x->bend - x->bstart, ly = y->bend - y->bstart;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->bstart < y->bstart ? -1 : x->bstart > y->bstart;
}

static gint by_start(gconstpointer a, gconstpointer b)
{
	const QkNormCand *x = *(QkNormCand *const *)a, *y = *(QkNormCand *const *)b;
	return x->bstart < y->bstart ? -1 : x->bstart > y->bstart;
}

GPtrArray *qk_norm_annotate(QkNormalizer *n, const char *text, int year,
                            char **norm_out)
{
	GPtrArray *res = g_ptr_array_new_with_free_func((GDestroyNotify)qk_annot_free);
	if (norm_out)
		*norm_out = NULL;
	if (!text)
		return res;
	char *fixed = NULL;
	if (!g_utf8_validate(text, -1, NULL))
		fixed = g_utf8_make_valid(text, -1);
	const char *work = fixed ? fixed : text;
	char *tf = qk_norm_textform(n, work);
	if (!tf && fixed) {
		tf = fixed;
		fixed = NULL;
	}
	g_free(fixed);
	const char *s = tf ? tf : text;
	gsize len = strlen(s);

	GArray *cands = g_array_new(FALSE, TRUE, sizeof(QkNormCand));
	qk_norm_scan_quantities(n, s, len, cands);
	qk_norm_scan_dates(n, s, len, year, cands);
	GArray *blocked = g_array_new(FALSE, FALSE, sizeof(Span));
	if (cands->len) {
		scan_vetoes(n, s, len, cands, blocked);
		qk_norm_scan(n, QK_RE_LABEL, s, len, word_found, blocked);
	}

	GPtrArray *order = g_ptr_array_sized_new(cands->len);
	for (guint i = 0; i < cands->len; i++)
		g_ptr_array_add(order, &g_array_index(cands, QkNormCand, i));
	g_ptr_array_sort(order, by_length);
	SpanGuard guard;
	guard_init(&guard, len, blocked);
	GPtrArray *taken = g_ptr_array_new();
	for (guint i = 0; i < order->len; i++) {
		QkNormCand *c = order->pdata[i];
		if (guard_allows(&guard, c->bstart, c->bend)) {
			guard_take(&guard, c->bstart, c->bend);
			g_ptr_array_add(taken, c);
		}
	}
	guard_clear(&guard);
	g_ptr_array_sort(taken, by_start);

	/* Byte offsets to code points, walking forward once. */
	gsize pos = 0;
	int cp = 0;
	for (guint i = 0; i < taken->len; i++) {
		QkNormCand *c = taken->pdata[i];
		while (pos < c->bstart) {
			pos = (gsize)(g_utf8_next_char(s + pos) - s);
			cp++;
		}
		int start = cp;
		int end = start + (int)g_utf8_strlen(s + c->bstart, (gssize)(c->bend - c->bstart));
		char *raw = g_strndup(s + c->bstart, c->bend - c->bstart);
		QkAnnot *a = qk_annot_new(c->kind, start, end, raw);
		g_free(raw);
		a->norm = c->norm;
		a->has_value = c->has_value;
		a->value = c->value;
		a->unit = c->unit;
		a->has_base = c->has_base;
		a->base_value = c->base_value;
		a->base_unit = c->base_unit;
		a->qualifier = c->qualifier;
		a->has_high = c->has_high;
		a->value_high = c->value_high;
		a->base_high = c->base_high;
		a->count = c->count;
		c->norm = c->unit = c->base_unit = c->qualifier = NULL;
		g_ptr_array_add(res, a);
	}
	for (guint i = 0; i < cands->len; i++)
		qk_norm_cand_clear(&g_array_index(cands, QkNormCand, i));
	g_ptr_array_free(taken, TRUE);
	g_ptr_array_free(order, TRUE);
	g_array_free(blocked, TRUE);
	g_array_free(cands, TRUE);
	if (norm_out)
		*norm_out = tf;
	else
		g_free(tf);
	return res;
}

void qk_norm_text(QkNormalizer *n, QkText *t, int year)
{
	if (!t)
		return;
	g_clear_pointer(&t->norm, g_free);
	if (t->annots)
		g_ptr_array_set_size(t->annots, 0);
	else
		t->annots = g_ptr_array_new_with_free_func((GDestroyNotify)qk_annot_free);
	char *norm = NULL;
	GPtrArray *a = qk_norm_annotate(n, t->text, year, &norm);
	if (norm && t->text && strcmp(norm, t->text) == 0)
		g_clear_pointer(&norm, g_free);
	t->norm = norm;
	for (guint i = 0; i < a->len; i++)
		g_ptr_array_add(t->annots, a->pdata[i]);
	g_ptr_array_set_free_func(a, NULL);
	g_ptr_array_free(a, TRUE);
}
