/*
 * keysort.c — stable sort of (key, index) pairs by a 64-bit key.
 *
 * Every page sorts all its glyphs three times (overprints, table runs,
 * lines); qsort's comparator calls made those sorts a tenth of the page's
 * time. An LSD radix sort does it in at most eight linear passes of one
 * byte each, and skips a byte all keys share (the high bytes of nearby
 * coordinates, mostly). Keys already in long rising runs (left edges in
 * reading order) are merged instead, in fewer rounds. Both are stable:
 * sorting by a second key first and then by the first gives the order of
 * a two-key comparison.
 */
#include <string.h>
#include "keysort.h"

/* Merges the sorted runs src[b[r]..b[r+1]) pairwise into dst, the left
 * run first on equal keys; returns the number of runs left (their bounds
 * rewritten in b). */
static gsize merge_pass(const QkKeyed *src, QkKeyed *dst, gsize *b, gsize runs)
{
	gsize out = 0;
	for (gsize r = 0; r < runs; r += 2) {
		gsize i = b[r], mid = b[r + 1], end = r + 2 <= runs ? b[r + 2] : mid;
		gsize j = mid, k = i;
		while (i < mid && j < end)
			dst[k++] = src[j].key < src[i].key ? src[j++] : src[i++];
		while (i < mid)
			dst[k++] = src[i++];
		while (j < end)
			dst[k++] = src[j++];
		b[out++] = b[r];
	}
	b[out] = b[runs];
	return out;
}

/* Keys mostly in order already (a page's glyphs come in reading order, so
 * their left edges rise along each line): a merge of the rising runs
 * costs a few rounds where the radix sort costs eight. Returns where the
 * sorted keys are (a or tmp), or NULL when there are too many runs. */
static QkKeyed *merge_runs(QkKeyed *a, QkKeyed *tmp, gsize n, gsize runs)
{
	/* a round costs about what a radix pass does: at most nine */
	if (runs > 512)
		return NULL;
	gsize *b = g_new(gsize, runs + 1);
	gsize r = 0;
	b[r++] = 0;
	for (gsize i = 1; i < n; i++)
		if (a[i].key < a[i - 1].key)
			b[r++] = i;
	b[r] = n;
	QkKeyed *src = a, *dst = tmp;
	while (runs > 1) {
		runs = merge_pass(src, dst, b, runs);
		QkKeyed *t = src;
		src = dst;
		dst = t;
	}
	g_free(b);
	return src;
}

/* The LSD radix sort; returns where the sorted keys are (a or tmp). */
static QkKeyed *radix(QkKeyed *a, QkKeyed *tmp, gsize n)
{
	QkKeyed *src = a, *dst = tmp;
	gsize count[256];
	for (int shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (gsize i = 0; i < n; i++)
			count[(src[i].key >> shift) & 0xff]++;
		if (count[(src[0].key >> shift) & 0xff] == n)
			continue;   /* every key has this byte */
		gsize pos = 0;
		for (int b = 0; b < 256; b++) {
			gsize c = count[b];
			count[b] = pos;
			pos += c;
		}
		for (gsize i = 0; i < n; i++)
			dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
		QkKeyed *t = src;
		src = dst;
		dst = t;
	}
	return src;
}

void qk_keysort(QkKeyed *a, gsize n)
{
	if (n < 2)
		return;
	gsize runs = 1;
	for (gsize i = 1; i < n; i++)
		runs += a[i].key < a[i - 1].key;
	if (runs == 1)
		return;   /* in order already (a row's glyphs, mostly) */
	QkKeyed *tmp = g_new(QkKeyed, n);
	QkKeyed *sorted = merge_runs(a, tmp, n, runs);
	if (!sorted)
		sorted = radix(a, tmp, n);
	if (sorted != a)
		memcpy(a, sorted, n * sizeof *a);
	g_free(tmp);
}

/* The second key of an item: second[idx], or idx when second is NULL. */
static inline guint64 second_of(const guint64 *second, guint idx)
{
	return second ? second[idx] : idx;
}

/* Sorts a[0..n) (one primary key, K) by the second key, stably. A group
 * is mostly a line's glyphs, nearly in order already: insertion up to a
 * few dozen, the sort above beyond. */
static void sort_group(QkKeyed *a, gsize n, const guint64 *second)
{
	if (n <= 32) {
		for (gsize i = 1; i < n; i++) {
			QkKeyed t = a[i];
			guint64 k = second_of(second, t.idx);
			gsize j = i;
			for (; j > 0 && second_of(second, a[j - 1].idx) > k; j--)
				a[j] = a[j - 1];
			a[j] = t;
		}
		return;
	}
	guint64 primary = a[0].key;
	for (gsize i = 0; i < n; i++)
		a[i].key = second_of(second, a[i].idx);
	qk_keysort(a, n);
	for (gsize i = 0; i < n; i++)
		a[i].key = primary;
}

void qk_keysort2(QkKeyed *a, gsize n, const guint64 *second)
{
	qk_keysort(a, n);
	for (gsize i = 0; i < n;) {
		gsize j = i + 1;
		while (j < n && a[j].key == a[i].key)
			j++;
		if (j - i > 1)
			sort_group(a + i, j - i, second);
		i = j;
	}
}

guint64 qk_key_double(double d)
{
	if (d == 0)
		d = 0;   /* −0 sorts with 0, as comparisons have it */
	guint64 u;
	memcpy(&u, &d, sizeof u);
	/* negative: all bits flipped (larger magnitude first); positive: the
	 * sign bit set, above every negative */
	return (u >> 63) ? ~u : u | (G_GUINT64_CONSTANT(1) << 63);
}
