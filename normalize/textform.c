/* textform.c — one written form for characters that PDFs spell many ways:
 * full-width Latin letters and digits become ASCII, Kangxi radicals and CJK
 * compatibility ideographs become ordinary ideographs (NFKC), and the CJK
 * Radicals Supplement, which NFKC leaves alone, goes through radicals.tsv.
 * Chinese punctuation keeps its full-width form: NFKC would turn ，。：；（）
 * into ASCII, so NFKC is applied only to runs of characters outside the
 * protected ranges below. */
#include <string.h>

#include "norm.h"

/* Characters NFKC must not touch: CJK punctuation and full-width symbols
 * (except the Latin letters, digits and ％ we want folded), general
 * punctuation (… — would become ... and -), enclosed numbers used as list
 * markers (①), superscripts (m²), squared units (㎡), vertical forms. */
static gboolean protected_char(gunichar c)
{
	if (c >= 0xFF01 && c <= 0xFF65) {
		if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
		    (c >= 0xFF41 && c <= 0xFF5A) || c == 0xFF05)
			return FALSE;
		return TRUE;
	}
	return (c >= 0x3000 && c <= 0x303F) ||   /* CJK symbols, 、。〇 「」 */
	       (c >= 0x2000 && c <= 0x206F) ||   /* general punctuation */
	       (c >= 0x2150 && c <= 0x218F) ||   /* number forms (Ⅻ ½) */
	       (c >= 0x2460 && c <= 0x24FF) ||   /* ① ⑴ ⒈ */
	       (c >= 0x3200 && c <= 0x33FF) ||   /* ㈠ ㎡ ㍿ */
	       (c >= 0xFE10 && c <= 0xFE6F) ||   /* vertical and small forms */
	       c == 0x00B7 || c == 0x00B2 || c == 0x00B3 || c == 0x00B9 ||
	       (c >= 0x2070 && c <= 0x209F);
}

/* Cheap test: does this character possibly change? */
static gboolean stable_char(gunichar c)
{
	return c < 0x80 || (c >= 0x4E00 && c <= 0x9FFF) || protected_char(c) ||
	       c == 0x201C || c == 0x201D || (c >= 0x3400 && c <= 0x4DBF);
}

static gboolean next_is_digit(const char *p)
{
	gunichar nx = g_utf8_get_char(g_utf8_next_char(p));
	return (nx >= '0' && nx <= '9') || (nx >= 0xFF10 && nx <= 0xFF19);
}

/* Appends the run in NFKC. A run of stable characters only (see
 * stable_char) is its own NFKC: no call then, which is most runs. */
static void flush_run(GString *out, GString *run, gboolean *unstable)
{
	if (run->len == 0)
		return;
	if (*unstable) {
		char *nf = g_utf8_normalize(run->str, (gssize)run->len, G_NORMALIZE_NFKC);
		g_string_append(out, nf ? nf : run->str);
		g_free(nf);
	} else {
		g_string_append_len(out, run->str, (gssize)run->len);
	}
	g_string_truncate(run, 0);
	*unstable = FALSE;
}

/* NFKC folds a full-width digit, Latin letter or ％ at p to its ASCII
 * form (U+FF01..FF5E minus 0xFEE0), which composes with nothing before
 * it; after it must come nothing that could compose with it (a combining
 * mark): then it is folded here, cheaply. 0 otherwise. */
static gunichar fold_fullwidth(gunichar c, const char *p)
{
	if (!((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
	      (c >= 0xFF41 && c <= 0xFF5A) || c == 0xFF05))
		return 0;
	gunichar nx = g_utf8_get_char(g_utf8_next_char(p));
	if (nx != 0 && !stable_char(nx) && !(nx >= 0xFF01 && nx <= 0xFF5E))
		return 0;
	return c - 0xFEE0;
}

char *qk_norm_textform(const QkNormalizer *n, const char *text)
{
	if (!text)
		return NULL;
	gboolean change = FALSE;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!stable_char(c) || c == 0xFF0E) {
			change = TRUE;
			break;
		}
	}
	if (!change)
		return NULL;

	GString *out = g_string_sized_new(strlen(text));
	GString *run = g_string_new(NULL);
	gboolean unstable = FALSE;   /* the run holds a character NFKC may change */
	gunichar prev = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		gpointer mapped = n && c >= n->radical_lo && c <= n->radical_hi
		                  ? g_hash_table_lookup(n->radicals, GUINT_TO_POINTER(c)) : NULL;
		gunichar folded;
		if (mapped) {
			flush_run(out, run, &unstable);
			g_string_append_unichar(out, GPOINTER_TO_UINT(mapped));
		} else if (c == 0xFF0E && prev >= '0' && prev <= '9' &&
		           next_is_digit(p)) {
			/* １２．５: a full-width point between digits is a decimal point. */
			flush_run(out, run, &unstable);
			g_string_append_c(out, '.');
		} else if (protected_char(c)) {
			flush_run(out, run, &unstable);
			g_string_append_unichar(out, c);
		} else if ((folded = fold_fullwidth(c, p)) != 0) {
			g_string_append_c(run, (char)folded);
		} else {
			g_string_append_unichar(run, c);
			unstable = unstable || !stable_char(c);
		}
		/* prev: the folded form of a full-width digit counts as a digit */
		prev = (c >= 0xFF10 && c <= 0xFF19) ? (gunichar)('0' + (c - 0xFF10)) : c;
	}
	flush_run(out, run, &unstable);
	g_string_free(run, TRUE);
	if (strcmp(out->str, text) == 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}
