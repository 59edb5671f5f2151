/*
 * keysort.c — stable sort of (key, index) pairs by a 64-bit key.
 *
 * Every page sorts all its glyphs three times (overprints, table runs,
 * lines); qsort's comparator calls made those sorts a tenth of the page's
 * time. An LSD radix sort does it in at most eight linear passes of one
 * byte each, and skips a byte all keys share (the high bytes of nearby
 * coordinates, mostly). Sorting by a second key first and then by the
 * first gives the order of a two-key comparison, as the sort is stable.
 */
#include <string.h>
#include "keysort.h"

void qk_keysort(QkKeyed *a, gsize n)
{
	if (n < 2)
		return;
	QkKeyed *tmp = g_new(QkKeyed, n), *src = a, *dst = tmp;
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
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	g_free(tmp);
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
