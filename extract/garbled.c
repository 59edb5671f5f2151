/*
 * garbled.c — text from fonts without a usable ToUnicode map.
 *
 * Such fonts give Poppler only glyph ids or made-up glyph names, and the
 * "text" comes out as one of three kinds of junk: control characters and
 * symbols (names like /g17 read as numbers), letters of scripts a Chinese
 * periodical does not print (ids read as code points: Latin-1, Cyrillic,
 * Indic, Arabic presentation forms, Hangul, private use …), or Han
 * characters that look plausible but are mostly rare ones (GBK codes or
 * CIDs read as Unicode). The page's raw text is checked, not the glyphs,
 * because control characters are dropped from the glyphs and a page of
 * nothing but junk would otherwise look empty.
 */
#include <string.h>
#include "garbled.h"

/* At least this many bad characters, and this share of all characters. */
#define MIN_BAD 5
#define BAD_PERCENT 15
/* Han junk: at least this many Han characters, this share of them rare.
 * Real text has 1–3 % outside GB2312 level 1 ∪ Big5 frequent; Han
 * characters picked at random are about two thirds outside. */
#define MIN_HAN 20
#define RARE_HAN_PERCENT 40

static gboolean bad_char(gunichar c)
{
	if (c < 0x80)   /* controls, and symbols that running text hardly uses */
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
		       strchr("^_`{}|~\\<>=@#$", (int)c) != NULL;
	if (c <= 0xFF)  /* C1 controls and Latin-1, except the usual signs */
		return !strchr("\xA5\xA7\xA9\xAE\xB0\xB1\xB7\xD7\xF7", (int)c);
	return (c >= 0x100 && c <= 0x36F) ||    /* Latin extended, IPA, accents */
	       (c >= 0x400 && c <= 0x1FFF) ||   /* Cyrillic … Greek extended */
	       (c >= 0x2C00 && c <= 0x2DFF) ||  /* Glagolitic, Coptic, … */
	       (c >= 0x3400 && c <= 0x4DBF) ||  /* CJK extension A (rare) */
	       (c >= 0xA000 && c <= 0xABFF) ||  /* Yi, Vai, … */
	       (c >= 0xAC00 && c <= 0xD7FF) ||  /* Hangul */
	       (c >= 0xE000 && c <= 0xF8FF) ||  /* private use */
	       (c >= 0xFB00 && c <= 0xFDFF) ||  /* presentation forms */
	       (c >= 0xFE70 && c <= 0xFEFF) ||
	       c == 0xFFFD || c >= 0xF0000;
}

/* One character through iconv; the encoded bytes in out (2 for Han). */
static gsize encode(GIConv cd, gunichar c, guchar *out, gsize cap)
{
	char in[8];
	gsize inlen = (gsize)g_unichar_to_utf8(c, in);
	char *ip = in, *op = (char *)out;
	gsize ol = cap;
	g_iconv(cd, NULL, NULL, NULL, NULL);  /* reset after a failure */
	if (g_iconv(cd, &ip, &inlen, &op, &ol) == (gsize)-1)
		return 0;
	return cap - ol;
}

/* In GB2312 level 1 (rows 16–55) or Big5's frequent set (A440–C67E). */
static gboolean common_han(GIConv gb, GIConv big5, gunichar c)
{
	guchar b[8];
	if (gb != (GIConv)-1 && encode(gb, c, b, sizeof b) == 2 &&
	    b[0] >= 0xB0 && b[0] <= 0xD7)
		return TRUE;
	if (big5 != (GIConv)-1 && encode(big5, c, b, sizeof b) == 2 &&
	    b[0] >= 0xA4 && (b[0] < 0xC6 || (b[0] == 0xC6 && b[1] <= 0x7E)))
		return TRUE;
	return gb == (GIConv)-1 && big5 == (GIConv)-1;  /* cannot tell: common */
}

#define HAN_FIRST 0x4E00
#define HAN_LAST 0x9FFF

struct QkGarbled {
	gboolean opened;   /* the converters, on the first Han character */
	GIConv gb, big5;
	/* per character of HAN_FIRST..HAN_LAST: 0 not yet seen, 1 common, 2 rare
	 * (two iconv calls per Han character were the check's whole cost) */
	guint8 han[HAN_LAST - HAN_FIRST + 1];
};

QkGarbled *qk_extract_garbled_new(void)
{
	QkGarbled *g = g_new0(QkGarbled, 1);
	g->gb = g->big5 = (GIConv)-1;
	return g;
}

void qk_extract_garbled_free(QkGarbled *g)
{
	if (!g)
		return;
	if (g->gb != (GIConv)-1)
		g_iconv_close(g->gb);
	if (g->big5 != (GIConv)-1)
		g_iconv_close(g->big5);
	g_free(g);
}

void qk_extract_garbled_count(QkGarbled *g, const char *text, QkGarbledCount *c)
{
	memset(c, 0, sizeof *c);
	if (!text)
		return;
	for (const char *s = text; *s; s = g_utf8_next_char(s)) {
		gunichar ch = g_utf8_get_char(s);
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == 0xA0 ||
		    ch == 0x3000)
			continue;
		c->total++;
		if (bad_char(ch)) {
			c->bad++;
		} else if (ch >= HAN_FIRST && ch <= HAN_LAST) {
			guint8 *k = &g->han[ch - HAN_FIRST];
			if (!*k && !g->opened) {
				g->gb = g_iconv_open("GB2312", "UTF-8");
				g->big5 = g_iconv_open("BIG5", "UTF-8");
				g->opened = TRUE;
			}
			if (!*k)
				*k = common_han(g->gb, g->big5, ch) ? 1 : 2;
			c->han++;
			c->rare_han += *k == 2;
		}
	}
}

gboolean qk_extract_garbled_verdict(const QkGarbledCount *c)
{
	return (c->bad >= MIN_BAD && c->bad * 100 >= c->total * BAD_PERCENT) ||
	       (c->han >= MIN_HAN && c->rare_han * 100 >= c->han * RARE_HAN_PERCENT);
}

gboolean qk_extract_check_garbled(QkGarbled *g, QkIssue *issue, const char *text,
                                  int index)
{
	if (!text)
		return FALSE;
	QkGarbledCount c;
	if (g_utf8_validate(text, -1, NULL)) {
		qk_extract_garbled_count(g, text, &c);
	} else {
		char *valid = g_utf8_make_valid(text, -1);
		qk_extract_garbled_count(g, valid, &c);
		g_free(valid);
	}
	if (!qk_extract_garbled_verdict(&c))
		return FALSE;
	if (c.bad * 100 >= c.total * BAD_PERCENT)
		qk_issue_warn(issue, "garbled-text", index,
		              "garbled text: %u of %u characters are control characters or "
		              "letters of other scripts, as from a font without a usable "
		              "ToUnicode map; the page's text is unreliable",
		              c.bad, c.total);
	else
		qk_issue_warn(issue, "garbled-text", index,
		              "garbled text: %u of %u Han characters are rare ones, as from a "
		              "font without a usable ToUnicode map; the page's text is "
		              "unreliable", c.rare_han, c.han);
	return TRUE;
}
