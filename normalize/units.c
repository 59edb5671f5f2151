/* units.c — the unit table (data/units.tsv plus a user file): lookup and the
 * regex alternation the quantity pattern is built from. */
#include <math.h>
#include <string.h>

#include "error.h"
#include "norm.h"

static void unit_free(gpointer p)
{
	QkUnit *u = p;
	if (!u)
		return;
	g_free(u->name);
	g_free(u->dimension);
	g_free(u->base);
	g_free(u);
}

/* Parses the lines of units.tsv into n->unit_list / n->units. */
gboolean qk_norm_load_units(QkNormalizer *n, char **lines, GError **error)
{
	n->unit_list = g_ptr_array_new_with_free_func(unit_free);
	n->units = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; lines[i]; i++) {
		char **f = g_strsplit(lines[i], "\t", -1);
		guint nf = g_strv_length(f);
		char *endp = NULL;
		double factor = nf >= 5 ? g_ascii_strtod(f[3], &endp) : 0;
		if (nf < 5 || !*f[0] || !*f[2] || !*f[4] || !endp || *endp ||
		    !isfinite(factor) || factor <= 0) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA,
			            "units: malformed line \"%s\" (want name, aliases, "
			            "dimension, factor, base separated by tabs)", lines[i]);
			g_strfreev(f);
			return FALSE;
		}
		QkUnit *u = g_new0(QkUnit, 1);
		u->name = g_strstrip(g_strdup(f[0]));
		u->dimension = g_strstrip(g_strdup(f[2]));
		u->factor = factor;
		u->base = g_strstrip(g_strdup(f[4]));
		g_ptr_array_add(n->unit_list, u);
		g_hash_table_replace(n->units, g_strdup(u->name), u);
		if (strcmp(f[1], "-") != 0) {
			char **al = g_strsplit(f[1], "|", -1);
			for (int k = 0; al[k]; k++) {
				g_strstrip(al[k]);
				if (*al[k])
					g_hash_table_replace(n->units, g_strdup(al[k]), u);
			}
			g_strfreev(al);
		}
		g_strfreev(f);
	}
	return TRUE;
}

/* A single (non-compound) unit, with an optional multiplier prefix the
 * table does not list (3.9万 + 人 = 万人). */
static gboolean simple_lookup(const QkNormalizer *n, const char *w, QkUnit *tmp)
{
	QkUnit *u = g_hash_table_lookup(n->units, w);
	if (u) {
		*tmp = *u;
		return TRUE;
	}
	static const char *prefixes[] = { "万亿", "千亿", "百亿", "千万", "百万",
	                                  "万", "亿", "千", "百" };
	for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++) {
		gsize pl = strlen(prefixes[i]);
		if (strncmp(w, prefixes[i], pl) == 0 && w[pl] &&
		    simple_lookup(n, w + pl, tmp)) {
			/* 万千瓦, 亿千瓦时 …: a multiplier before a listed unit */
			tmp->factor *= qk_norm_mult_value(prefixes[i], -1);
			return TRUE;
		}
	}
	return FALSE;
}

gboolean qk_norm_unit_lookup(const QkNormalizer *n, const char *written,
                             double *factor, char **base,
                             const char **dimension)
{
	if (!n || !written || !*written)
		return FALSE;
	QkUnit ua, ub;
	const char *slash = strchr(written, '/');
	if (!slash) {
		if (!simple_lookup(n, written, &ua))
			return FALSE;
		if (factor)
			*factor = ua.factor;
		if (base)
			*base = g_strdup(ua.base);
		if (dimension)
			*dimension = ua.dimension;
		return TRUE;
	}
	/* Compound a/b (元/千瓦时): factor fa/fb, base "A/B". */
	char *a = g_strndup(written, (gsize)(slash - written));
	gboolean ok = simple_lookup(n, a, &ua) && simple_lookup(n, slash + 1, &ub);
	g_free(a);
	if (!ok)
		return FALSE;
	if (factor)
		*factor = ua.factor / ub.factor;
	if (base)
		*base = g_strdup_printf("%s/%s", ua.base, ub.base);
	if (dimension)
		*dimension = "compound";
	return TRUE;
}

/* Appends s[0..len) (no NUL in it), metacharacters escaped. */
static void append_escaped(GString *re, const char *s, gsize len)
{
	for (gsize i = 0; i < len; i++) {
		if (strchr("\\^$.|?*+()[]{}/#-", s[i]))
			g_string_append_c(re, '\\');
		g_string_append_c(re, s[i]);
	}
}

char *qk_norm_regex_escape(const char *s)
{
	GString *out = g_string_new(NULL);
	append_escaped(out, s, strlen(s));
	return g_string_free(out, FALSE);
}

/* The words w[0..n), which share their first depth bytes, as one
 * alternation of what follows, factored by the next character:
 * (?:万(?:千瓦时|吨|元)|亿(?:…)|…). Only words that start with the text's
 * character can match there, so each group holds exactly the words that
 * could, in their order: the same matches, tried in the same order, as the
 * flat list, without comparing the text with every word at every position
 * (a flat list of 200 units was most of the quantity scan). A word that
 * ends at depth is the shortest of its group, so (sorted longest first) it
 * stays the group's last alternative. */
static void append_factored(GString *re, char **w, guint n, gsize depth)
{
	if (n == 1) {
		append_escaped(re, w[0] + depth, strlen(w[0] + depth));
		return;
	}
	g_string_append(re, "(?:");
	gboolean *done = g_new0(gboolean, n);
	char **group = g_new(char *, n);
	for (guint i = 0; i < n; i++) {
		if (done[i])
			continue;
		if (i)
			g_string_append_c(re, '|');
		const char *c = w[i] + depth;
		if (!*c) {
			done[i] = TRUE;
			continue; /* the word ends here: an empty alternative */
		}
		gsize cl = (gsize)(g_utf8_next_char(c) - c);
		guint m = 0;
		for (guint j = i; j < n; j++)
			if (!done[j] && w[j][depth] == *c && strncmp(w[j] + depth, c, cl) == 0) {
				done[j] = TRUE;
				group[m++] = w[j];
			}
		if (m == 1) {
			append_escaped(re, c, strlen(c));
		} else {
			append_escaped(re, c, cl);
			append_factored(re, group, m, depth + cl);
		}
	}
	g_string_append_c(re, ')');
	g_free(group);
	g_free(done);
}

char *qk_norm_alternation(GPtrArray *words)
{
	g_ptr_array_sort(words, qk_norm_longest_first);
	if (words->len == 0)
		return g_strdup("(?:(*FAIL))");
	GString *re = g_string_new("(?:");
	append_factored(re, (char **)words->pdata, words->len, 0);
	g_string_append_c(re, ')');
	return g_string_free(re, FALSE);
}

char *qk_norm_keys_regex(GHashTable *table)
{
	GPtrArray *keys = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(keys, k);
	char *re = qk_norm_alternation(keys);
	g_ptr_array_free(keys, TRUE);
	return re;
}

char *qk_norm_units_regex(const QkNormalizer *n)
{
	return qk_norm_keys_regex(n->units);
}
