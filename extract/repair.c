/*
 * repair.c — Han code points that a Latin or symbol font put in the text layer.
 *
 * 方正 (Founder) typesetting keeps every character as a two-byte GB/748 code,
 * Latin included, and the ToUnicode maps of its Latin and symbol fonts
 * (E-BZ, E-HZ, …) often shift those codes by 0x31 in the high byte: the space
 * E-BZ draws (GB A1A1, the ideographic space) reaches the text layer as 摇
 * (D2A1), α (A6C1) as 琢 (D7C1), ｜ (A3FC) as 整 (D4FC). Most Chinese
 * periodicals are typeset this way, so a reader of their PDFs meets 摇 where
 * the page shows a space and 鄄 where it shows a hyphen.
 *
 * The evidence is the font: a glyph is repaired only when the font it came
 * from draws no full-width Han character on the page (a Latin or symbol font),
 * or when the glyph itself is narrower than half an em (no ideograph is). A
 * 摇 in running Chinese text (动摇) comes from a CJK font at full width and is
 * never touched. The shifted rows A1–A9 are derived from GB2312 itself;
 * Founder's 748 extension rows come from data/glyph-repairs.tsv.
 */
#include <math.h>
#include <string.h>
#include "repair.h"
#include "error.h"
#include "fileio.h"

#define REPAIRS_FILE "glyph-repairs.tsv"
/* GB high byte of a symbol row, and of the Han row it is shifted to */
#define GB_SHIFT 0x31
/* a Han glyph at least this share of its size wide is drawn as an ideograph */
#define FULL_WIDTH 0.7
/* no ideograph is drawn narrower than this share of its size */
#define NARROW 0.45

struct QkRepairs {
	GHashTable *map;    /* gunichar text layer → gunichar drawn (0x20: space) */
	/* bit c & 0xFFFF set when c may be in map: most Han glyphs of a page
	 * are not, and are told so without a hash lookup each */
	guint8 maybe[0x10000 / 8];
};

static gboolean maybe_mapped(const QkRepairs *r, gunichar c)
{
	return r->maybe[(c & 0xFFFF) >> 3] & (1u << (c & 7));
}

/* The 94 characters of GB row hi (A1..FE) as code points; GB18030 gives
 * every two-byte code of these rows exactly one (unassigned: private use). */
static gboolean gb_row(guchar hi, gunichar out[94])
{
	char in[188];
	for (int i = 0; i < 94; i++) {
		in[2 * i] = (char)hi;
		in[2 * i + 1] = (char)(0xA1 + i);
	}
	gsize n = 0;
	char *u = g_convert(in, sizeof in, "UTF-8", "GB18030", NULL, &n, NULL);
	gboolean ok = u && g_utf8_validate(u, (gssize)n, NULL) &&
	              g_utf8_strlen(u, (gssize)n) == 94;
	const char *p = u;
	for (int i = 0; ok && i < 94; i++, p = g_utf8_next_char(p))
		out[i] = g_utf8_get_char(p);
	g_free(u);
	return ok;
}

/* What a Latin font means by a symbol-row character: ASCII for full-width
 * forms and the ideographic space, else the symbol itself. */
static gunichar latin_form(gunichar c)
{
	if (c == 0x3000)
		return ' ';
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	return c;
}

static void derive_rows(GHashTable *map)
{
	for (guint hi = 0xA1; hi <= 0xA9; hi++) {
		gunichar sym[94], han[94];
		if (!gb_row((guchar)hi, sym) || !gb_row((guchar)(hi + GB_SHIFT), han))
			continue;
		for (int i = 0; i < 94; i++)
			if (g_unichar_type(sym[i]) != G_UNICODE_PRIVATE_USE &&
			    g_unichar_get_script(han[i]) == G_UNICODE_SCRIPT_HAN)
				g_hash_table_insert(map, GUINT_TO_POINTER(han[i]),
				                    GUINT_TO_POINTER(latin_form(sym[i])));
	}
}

static gboolean parse_cp(const char *s, gunichar *out)
{
	if (!g_str_has_prefix(s, "U+"))
		return FALSE;
	/* by hand, not g_ascii_string_to_unsigned: that one fails a valid
	 * number when errno is set during its call, and GLib 2.74 makes its C
	 * locale on the first call under a g_once, where a thread that waits
	 * comes back with errno set. The two reading threads building their
	 * tables at once hit it (1 run in ~500); three threads racing on the
	 * first call, nothing of qikan's, fail 1 run in 2,000. */
	guint32 v = 0;
	int n = 0;
	for (s += 2; *s && n <= 6; s++, n++) {
		int d = g_ascii_xdigit_value(*s);
		if (d < 0)
			return FALSE;
		v = v * 16 + (guint32)d;
	}
	if (n == 0 || n > 6 || v == 0 || v > 0x10FFFF)
		return FALSE;
	*out = v;
	return TRUE;
}

static gboolean add_file(GHashTable *map, const char *name, const char *text,
                         gsize len, GError **error)
{
	char *copy = g_strndup(text, len);
	char **lines = g_strsplit(copy, "\n", -1);
	g_free(copy);
	gboolean ok = TRUE;
	for (int i = 0; lines[i] && ok; i++) {
		char *line = g_strstrip(lines[i]);
		if (!*line || *line == '#')
			continue;
		char **f = g_strsplit(line, "\t", 3);
		gunichar from = 0, to = 0;
		if (g_strv_length(f) < 2 || !parse_cp(f[0], &from) || !parse_cp(f[1], &to)) {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA, "%s line %d: malformed \"%s\"",
			            name, i + 1, line);
			ok = FALSE;
		} else {
			g_hash_table_insert(map, GUINT_TO_POINTER(from), GUINT_TO_POINTER(to));
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	return ok;
}

QkRepairs *qk_repairs_new(const char *extra_file, GError **error)
{
	QkRepairs *r = g_new0(QkRepairs, 1);
	r->map = g_hash_table_new(g_direct_hash, g_direct_equal);
	derive_rows(r->map);
	GBytes *b = qk_data_lookup(REPAIRS_FILE, error);
	gboolean ok = b != NULL;
	if (ok) {
		gsize len = 0;
		const char *data = g_bytes_get_data(b, &len);
		ok = add_file(r->map, REPAIRS_FILE, data, len, error);
		g_bytes_unref(b);
	}
	if (ok && extra_file) {
		char *data = NULL;
		gsize len = 0;
		ok = g_file_get_contents(extra_file, &data, &len, error) &&
		     add_file(r->map, extra_file, data, len, error);
		g_free(data);
	}
	if (!ok) {
		qk_repairs_free(r);
		return NULL;
	}
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, r->map);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		gunichar c = GPOINTER_TO_UINT(key);
		r->maybe[(c & 0xFFFF) >> 3] |= (guint8)(1u << (c & 7));
	}
	return r;
}

void qk_repairs_free(QkRepairs *r)
{
	if (!r)
		return;
	g_hash_table_unref(r->map);
	g_free(r);
}

static double glyph_size(const QkGlyph *g)
{
	return g->size > 0 ? g->size : g->box.y1 - g->box.y0;
}

/* Fonts that draw a full-width Han character on this page, other than
 * one a shift could have made (Founder's E-BZ draws its ideographic
 * space, which arrives as 摇, a full em wide). */
static GHashTable *cjk_fonts(const QkRepairs *r, const GArray *glyphs)
{
	GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
	const char *last = NULL;   /* fonts are interned; runs share one */
	for (guint i = 0; i < glyphs->len; i++) {
		const QkGlyph *g = &g_array_index(glyphs, QkGlyph, i);
		if (g->font != last && g_unichar_get_script(g->ch) == G_UNICODE_SCRIPT_HAN &&
		    !(maybe_mapped(r, g->ch) &&
		      g_hash_table_contains(r->map, GUINT_TO_POINTER(g->ch))) &&
		    g->box.x1 - g->box.x0 >= FULL_WIDTH * glyph_size(g)) {
			g_hash_table_add(set, (gpointer)g->font);
			last = g->font;
		}
	}
	return set;
}

typedef struct {
	gunichar from, to;
	guint count;
} Tally;

static void tally(GArray *t, gunichar from, gunichar to)
{
	for (guint i = 0; i < t->len; i++) {
		Tally *e = &g_array_index(t, Tally, i);
		if (e->from == from && e->to == to) {
			e->count++;
			return;
		}
	}
	Tally e = { from, to, 1 };
	g_array_append_val(t, e);
}

static char *describe(const GArray *t)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < t->len; i++) {
		const Tally *e = &g_array_index(t, Tally, i);
		if (s->len)
			g_string_append(s, ", ");
		g_string_append_unichar(s, e->from);
		g_string_append(s, "→");
		if (e->to == ' ')
			g_string_append(s, "space");
		else
			g_string_append_unichar(s, e->to);
		g_string_append_printf(s, " ×%u", e->count);
	}
	return g_string_free(s, FALSE);
}

/* A full stop between digits (2郾1, 0郾05: a section or decimal number) is
 * drawn narrower than its advance: the white after its box would read as a
 * word space (2. 1), so the box reaches the next digit on its baseline when
 * that starts within half an em. g is the repaired glyph i, to be written
 * at w. */
static void close_point(GArray *gs, guint w, guint i, QkGlyph *g)
{
	if (w == 0 || i + 1 >= gs->len)
		return;
	const QkGlyph *prev = &g_array_index(gs, QkGlyph, w - 1);
	const QkGlyph *next = &g_array_index(gs, QkGlyph, i + 1);
	double em = glyph_size(g);
	double y = (g->box.y0 + g->box.y1) / 2;
	if (!g_ascii_isdigit(prev->ch) || !g_ascii_isdigit(next->ch) ||
	    fabs((next->box.y0 + next->box.y1) / 2 - y) > 0.25 * em ||
	    next->box.x0 < g->box.x1 || next->box.x0 - g->box.x1 > 0.5 * em)
		return;
	g->box.x1 = next->box.x0;
	g->space_after = FALSE;
}

guint qk_repair_glyphs(const QkRepairs *r, QkGlyphPage *gp, char **summary)
{
	if (summary)
		*summary = NULL;
	GArray *gs = gp->glyphs;
	GHashTable *cjk = NULL;
	GArray *t = NULL;
	guint repaired = 0, w = 0;
	for (guint i = 0; i < gs->len; i++) {
		QkGlyph g = g_array_index(gs, QkGlyph, i);
		gpointer to = NULL;
		if (maybe_mapped(r, g.ch) && g_unichar_get_script(g.ch) == G_UNICODE_SCRIPT_HAN &&
		    g_hash_table_lookup_extended(r->map, GUINT_TO_POINTER(g.ch), NULL, &to)) {
			if (!cjk)
				cjk = cjk_fonts(r, gs);
			double width = g.box.x1 - g.box.x0;
			if (!g_hash_table_contains(cjk, g.font) || width < NARROW * glyph_size(&g)) {
				gunichar drawn = GPOINTER_TO_UINT(to);
				if (!t)
					t = g_array_new(FALSE, FALSE, sizeof(Tally));
				tally(t, g.ch, drawn);
				repaired++;
				if (drawn == ' ') {
					/* a space is not a glyph in qikan: lines.c spaces words
					 * from the geometry and from space_after */
					if (w > 0)
						g_array_index(gs, QkGlyph, w - 1).space_after = TRUE;
					continue;
				}
				g.raw = g.ch;
				g.ch = drawn;
				if (drawn == '.')
					close_point(gs, w, i, &g);
			}
		}
		g_array_index(gs, QkGlyph, w++) = g;
	}
	g_array_set_size(gs, w);
	if (summary && t)
		*summary = describe(t);
	if (cjk)
		g_hash_table_unref(cjk);
	if (t)
		g_array_unref(t);
	return repaired;
}
