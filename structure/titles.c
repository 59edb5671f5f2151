/*
 * titles.c — how alike two titles are, and an index that finds the
 * titles like a given one without comparing it with every one: a TOC
 * entry against all of an issue's articles is quadratic in the issue's
 * length (a 2,000-page issue spent a fifth of its time there).
 */
#include <stdlib.h>
#include <string.h>

#include "structure.h"

/* The code points that carry meaning (letters, digits, Han), lowercased,
 * at most TITLE_MAX: what similarity compares. */
#define TITLE_MAX 256

static guint meaningful(const char *s, gunichar *out)
{
	s = s ? s : "";
	/* invalid bytes become U+FFFD, which is no letter: repairing only
	 * when needed gives the same code points */
	char *v = g_utf8_validate(s, -1, NULL) ? NULL : g_utf8_make_valid(s, -1);
	guint n = 0;
	for (const char *p = v ? v : s; *p && n < TITLE_MAX; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalnum(c))
			out[n++] = g_unichar_tolower(c);
	}
	g_free(v);
	return n;
}

/* 2 × the longest common subsequence over the two lengths; 0 when either
 * is empty. */
static double lcs_sim(const gunichar *ua, guint na, const gunichar *ub, guint nb)
{
	if (na == 0 || nb == 0)
		return 0.0;
	int rows[2][TITLE_MAX + 1];
	int *prev = rows[0], *cur = rows[1];
	memset(rows, 0, sizeof rows);
	for (guint i = 1; i <= na; i++) {
		for (guint j = 1; j <= nb; j++)
			cur[j] = ua[i - 1] == ub[j - 1] ? prev[j - 1] + 1
			         : MAX(prev[j], cur[j - 1]);
		int *t = prev;
		prev = cur;
		cur = t;
	}
	return 2.0 * prev[nb] / (double)(na + nb);
}

double qk_structure_title_similarity(const char *a, const char *b)
{
	gunichar ua[TITLE_MAX], ub[TITLE_MAX];
	guint na = meaningful(a, ua);
	guint nb = meaningful(b, ub);
	return lcs_sim(ua, na, ub, nb);
}

/* ---- the index --------------------------------------------------------- */

/* Titles with the same meaningful code points (an issue's running title,
 * an article and its TOC entry) share one key, compared once. */
typedef struct {
	guint key;
	guint count; /* how often the character is in the key */
} Posting;

struct QkTitleIndex {
	GArray *chars;      /* all keys' code points, one after another */
	GArray *start;      /* per key: where its code points start in chars */
	GArray *len;        /* per key: how many */
	GPtrArray *docs;    /* per key: GArray of its titles' numbers, ascending */
	GHashTable *keys;   /* key's code points as UTF-8 -> its number + 1 */
	GHashTable *posts;  /* code point -> GArray of Posting, keys ascending */
	guint ntitles;
	guint *shared;      /* per key, while finding (zero between finds) */
	guint nshared;
	GArray *seen;       /* the keys shared is set for */
};

static void array_free(gpointer p)
{
	g_array_free(p, TRUE);
}

QkTitleIndex *qk_title_index_new(void)
{
	QkTitleIndex *ix = g_new0(QkTitleIndex, 1);
	ix->chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
	ix->start = g_array_new(FALSE, FALSE, sizeof(guint));
	ix->len = g_array_new(FALSE, FALSE, sizeof(guint));
	ix->docs = g_ptr_array_new_with_free_func(array_free);
	ix->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	ix->posts = g_hash_table_new_full(NULL, NULL, NULL, array_free);
	ix->seen = g_array_new(FALSE, FALSE, sizeof(guint));
	return ix;
}

void qk_title_index_free(QkTitleIndex *ix)
{
	if (ix == NULL)
		return;
	g_array_free(ix->chars, TRUE);
	g_array_free(ix->start, TRUE);
	g_array_free(ix->len, TRUE);
	g_ptr_array_free(ix->docs, TRUE);
	g_hash_table_unref(ix->keys);
	g_hash_table_unref(ix->posts);
	g_free(ix->shared);
	g_array_free(ix->seen, TRUE);
	g_free(ix);
}

static int cmp_unichar(const void *a, const void *b)
{
	gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
	return x < y ? -1 : x > y;
}

/* The title's code points sorted, so that equal ones are runs. */
static void sorted(const gunichar *u, guint n, gunichar *out)
{
	memcpy(out, u, n * sizeof *u);
	qsort(out, n, sizeof *out, cmp_unichar);
}

/* The number of the key of code points u, added when new. */
static guint key_of(QkTitleIndex *ix, const gunichar *u, guint n)
{
	char *name = g_ucs4_to_utf8(u, n, NULL, NULL, NULL);
	guint key = GPOINTER_TO_UINT(g_hash_table_lookup(ix->keys, name));
	if (key > 0) {
		g_free(name);
		return key - 1;
	}
	key = ix->start->len;
	g_hash_table_insert(ix->keys, name, GUINT_TO_POINTER(key + 1));
	guint at = ix->chars->len;
	g_array_append_vals(ix->chars, u, n);
	g_array_append_val(ix->start, at);
	g_array_append_val(ix->len, n);
	g_ptr_array_add(ix->docs, g_array_new(FALSE, FALSE, sizeof(guint)));
	gunichar s[TITLE_MAX];
	sorted(u, n, s);
	for (guint i = 0; i < n;) {
		guint j = i;
		while (j < n && s[j] == s[i])
			j++;
		GArray *p = g_hash_table_lookup(ix->posts, GUINT_TO_POINTER(s[i]));
		if (p == NULL) {
			p = g_array_new(FALSE, FALSE, sizeof(Posting));
			g_hash_table_insert(ix->posts, GUINT_TO_POINTER(s[i]), p);
		}
		Posting post = { key, j - i };
		g_array_append_val(p, post);
		i = j;
	}
	return key;
}

guint qk_title_index_add(QkTitleIndex *ix, const char *title)
{
	guint doc = ix->ntitles++;
	gunichar u[TITLE_MAX];
	guint n = title != NULL ? meaningful(title, u) : 0;
	if (n == 0)
		return doc; /* like nothing: never found */
	guint key = key_of(ix, u, n);
	g_array_append_val((GArray *)g_ptr_array_index(ix->docs, key), doc);
	return doc;
}

static int cmp_hit(const void *a, const void *b)
{
	guint x = ((const QkTitleHit *)a)->doc, y = ((const QkTitleHit *)b)->doc;
	return x < y ? -1 : x > y;
}

void qk_title_index_find(QkTitleIndex *ix, const char *title, double min,
                         GArray *hits)
{
	g_array_set_size(hits, 0);
	gunichar q[TITLE_MAX], s[TITLE_MAX];
	guint nq = title != NULL ? meaningful(title, q) : 0;
	guint nkeys = ix->start->len;
	if (nq == 0 || nkeys == 0)
		return;
	if (ix->nshared < nkeys) {
		g_free(ix->shared);
		ix->shared = g_new0(guint, nkeys);
		ix->nshared = nkeys;
	}
	/* shared[k]: the characters key k has in common with the query,
	 * counted with repeats — no common subsequence is longer, so
	 * 2 × shared / (both lengths) bounds the similarity from above */
	guint *shared = ix->shared;
	GArray *seen = ix->seen;
	g_array_set_size(seen, 0);
	sorted(q, nq, s);
	for (guint i = 0; i < nq;) {
		guint j = i;
		while (j < nq && s[j] == s[i])
			j++;
		const GArray *p = g_hash_table_lookup(ix->posts, GUINT_TO_POINTER(s[i]));
		for (guint k = 0; p != NULL && k < p->len; k++) {
			const Posting *post = &g_array_index(p, Posting, k);
			if (shared[post->key] == 0)
				g_array_append_val(seen, post->key);
			shared[post->key] += MIN(j - i, post->count);
		}
		i = j;
	}
	for (guint i = 0; i < seen->len; i++) {
		guint key = g_array_index(seen, guint, i);
		guint nk = g_array_index(ix->len, guint, key);
		guint common = shared[key];
		shared[key] = 0;
		/* the same formula as the similarity's, with a numerator at
		 * least as large: never below it in floating point either */
		if (2.0 * common / (double)(nq + nk) < min)
			continue;
		const gunichar *u = &g_array_index(ix->chars, gunichar,
		                                   g_array_index(ix->start, guint, key));
		double sim = lcs_sim(q, nq, u, nk);
		if (sim < min)
			continue;
		const GArray *docs = g_ptr_array_index(ix->docs, key);
		for (guint k = 0; k < docs->len; k++) {
			QkTitleHit h = { g_array_index(docs, guint, k), sim };
			g_array_append_val(hits, h);
		}
	}
	if (hits->len > 1)
		qsort(hits->data, hits->len, sizeof(QkTitleHit), cmp_hit);
}
