/*
 * test_content.c — the content-stream reader (extract/content.c) on
 * snippets. Each table row is a stream, a base matrix and page size, and
 * the horizontal and vertical rule pieces it must yield, in the order the
 * reader finds them (pos, a, b, width within TOL). A resolver stands in for
 * the document: form XObjects by name (with their own matrix and
 * resources) and colour spaces by resource name. Then garbage and the
 * work bounds: every input must end quickly with sane pieces.
 *
 * The cases for four bugs the fuzz target and these tests found (and that
 * are fixed) keep their names: fraction, nesting, fanout, namehex.
 */
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>
#include "content.h"

#define TOL 0.01
#define MAXP 8
/* content.c's MAX_PIECES and MAX_OPS (not public: the tests of the bounds
 * follow them) */
#define READER_MAX_PIECES 100000
#define READER_MAX_OPS 4000000
/* wall time any one input may take (generous: sanitizer builds) */
#define SLOW_US (5 * G_USEC_PER_SEC)

/* Base matrices (vector.c's page_matrix for a 595 × 842 crop box at 0 0):
 * user space to page space, top-left origin. */
static const double PAGE[6] = { 1, 0, 0, -1, 0, 842 };      /* 595 × 842 */
static const double ROT90[6] = { 0, 1, 1, 0, 0, 0 };        /* 842 × 595 */
static const double ROT180[6] = { -1, 0, 0, 1, 595, 0 };    /* 595 × 842 */
static const double ROT270[6] = { 0, -1, -1, 0, 842, 595 }; /* 842 × 595 */

/* ---- the resolver --------------------------------------------------------- */

/* resource handles: only their addresses matter */
static int RES_PAGE, RES_B;

typedef struct {
	const char *name;
	const char *data;     /* NULL: the padded fan-out built at run time */
	double matrix[6];
	gpointer resources;
} FormDef;

static char *pad_form;    /* "/Pad Do" × 6 and a 64 KiB string */

static const FormDef forms[] = {
	{ "Fm0", "0 0 m 100 0 l S", { 1, 0, 0, 1, 100, 200 }, NULL },
	{ "Fm1", "0 0 m 0 50 l S", { 2, 0, 0, 2, 50, 50 }, NULL },
	{ "Rot", "0 0 m 100 0 l S", { 0, 1, -1, 0, 300, 100 }, NULL },
	{ "Nested", "q 0.5 0 0 0.5 0 0 cm /Fm0 Do Q", { 1, 0, 0, 1, 0, 0 }, NULL },
	/* its q/Q and state stay inside it */
	{ "Unbal", "Q Q 5 w 1 G 2 J 1 0 0 1 0 100 cm q", { 1, 0, 0, 1, 0, 0 }, NULL },
	/* CSb is a tint space in its own resources only (INK in the page's) */
	{ "FmRes", "/CSb cs 0 scn 0 0 200 1 re f /CSb CS 1 SCN 0 10 m 200 10 l S",
	  { 1, 0, 0, 1, 0, 0 }, &RES_B },
	/* no resources of its own: the page's CS0 (tint) */
	{ "FmInh", "/CS0 cs 0 scn 0 0 200 1 re f 1 scn 0 5 200 1 re f",
	  { 1, 0, 0, 1, 0, 0 }, NULL },
	/* draws itself, 10 pt higher each time */
	{ "Self", "0 0 m 100 0 l S /Self Do", { 1, 0, 0, 1, 0, 10 }, NULL },
	/* ten calls of itself at every level: 11 million runs to the depth
	 * bound, ended by the operator bound after 400,000 */
	{ "Fan", "/Fan Do /Fan Do /Fan Do /Fan Do /Fan Do /Fan Do /Fan Do /Fan Do "
	         "/Fan Do /Fan Do", { 1, 0, 0, 1, 0, 0 }, NULL },
	{ "Pad", NULL, { 1, 0, 0, 1, 0, 0 }, NULL },
};

typedef struct {
	int opened, done, wrong_done;
} Ctx;

static gboolean form(gpointer ctx, gpointer res, const char *name, QkContentForm *f)
{
	Ctx *c = ctx;
	(void)res;
	for (gsize i = 0; i < G_N_ELEMENTS(forms); i++) {
		if (!g_str_equal(forms[i].name, name))
			continue;
		f->data = (const guint8 *)(forms[i].data ? forms[i].data : pad_form);
		f->len = strlen((const char *)f->data);
		memcpy(f->matrix, forms[i].matrix, sizeof f->matrix);
		f->resources = forms[i].resources;
		f->priv = GINT_TO_POINTER(0x5eed);
		c->opened++;
		return TRUE;
	}
	return FALSE;   /* Im0 (an image) and missing names */
}

static void form_done(gpointer ctx, QkContentForm *f)
{
	Ctx *c = ctx;
	c->done++;
	if (f->priv != GINT_TO_POINTER(0x5eed))
		c->wrong_done++;
}

static QkColorKind color_space(gpointer ctx, gpointer res, const char *name)
{
	(void)ctx;
	if (res == &RES_B)
		return g_str_equal(name, "CSb") ? QK_CS_TINT : QK_CS_INK;
	if (g_str_equal(name, "CS0"))
		return QK_CS_TINT;
	if (g_str_equal(name, "CS1"))
		return QK_CS_RGB;
	if (g_str_equal(name, "CS2"))
		return QK_CS_CMYK;
	if (g_str_equal(name, "CSg"))
		return QK_CS_GRAY;
	return QK_CS_INK;
}

/* ---- running a stream ----------------------------------------------------- */

typedef struct {
	GArray *hp, *vp;
	Ctx ctx;
	gint64 us;            /* wall time */
} Result;

static Result read_stream(const char *data, gsize len, const double *base, double w,
                          double h, gboolean resolver)
{
	Result r = { g_array_new(FALSE, FALSE, sizeof(QkRule)),
	             g_array_new(FALSE, FALSE, sizeof(QkRule)), { 0, 0, 0 }, 0 };
	QkContentResolver res = { form, form_done, color_space, &r.ctx };
	gint64 t0 = g_get_monotonic_time();
	qk_content_rules((const guint8 *)data, len, &RES_PAGE, base, w, h,
	                 resolver ? &res : NULL, r.hp, r.vp);
	r.us = g_get_monotonic_time() - t0;
	return r;
}

static void result_clear(Result *r)
{
	g_array_unref(r->hp);
	g_array_unref(r->vp);
}

/* What every piece must be, whatever the input: inside the page, long
 * enough, thin, finite; and each form opened closed again. */
static gboolean sane_pieces(const GArray *pieces, double along, double across)
{
	for (guint i = 0; i < pieces->len; i++) {
		const QkRule *r = &g_array_index(pieces, QkRule, i);
		if (!isfinite(r->pos) || !isfinite(r->a) || !isfinite(r->b) ||
		    !isfinite(r->width) || r->pos < 0 || r->pos > across || r->a < 0 ||
		    r->b > along || r->b - r->a < 0.5 || r->width < 0.1 - 1e-9 ||
		    r->width > QK_RULE_MAX_WIDTH + 1e-9)
			return FALSE;
	}
	return TRUE;
}

static void assert_sane(const Result *r, double w, double h)
{
	CU_ASSERT_TRUE(sane_pieces(r->hp, w, h));
	CU_ASSERT_TRUE(sane_pieces(r->vp, h, w));
	CU_ASSERT_EQUAL(r->ctx.opened, r->ctx.done);
	CU_ASSERT_EQUAL(r->ctx.wrong_done, 0);
	CU_ASSERT_TRUE(r->us < SLOW_US);
}

/* ---- the table ------------------------------------------------------------ */

typedef struct {
	const char *name;
	const char *stream;
	gsize len;            /* 0: strlen(stream) (set it for NUL bytes) */
	const double *base;   /* NULL: PAGE, 595 × 842 */
	gboolean no_resolver;
	int nh, nv;
	QkRule hp[MAXP], vp[MAXP];
} Case;

/* shorthands for one piece: P(pos, a, b, width) */
#define P(pos, a, b, w) { pos, a, b, w }
#define H1(p) .nh = 1, .hp = { p }
#define V1(p) .nv = 1, .vp = { p }
#define NONE .nh = 0   /* no pieces */
/* the usual line: 100 100 m 300 100 l S on the unrotated page */
#define LINE "100 100 m 300 100 l S"
#define LINE_P P(742, 100, 300, 1)

static gboolean near(double x, double y)
{
	return fabs(x - y) <= TOL;
}

static gboolean same_pieces(const GArray *have, const QkRule *want, int n)
{
	if ((int)have->len != n)
		return FALSE;
	for (int i = 0; i < n; i++) {
		const QkRule *r = &g_array_index(have, QkRule, i);
		if (!near(r->pos, want[i].pos) || !near(r->a, want[i].a) ||
		    !near(r->b, want[i].b) || !near(r->width, want[i].width))
			return FALSE;
	}
	return TRUE;
}

static void print_pieces(const char *what, const GArray *have, const QkRule *want, int n)
{
	printf("\n    %s: have %u:", what, have->len);
	for (guint i = 0; i < have->len && i < 12; i++) {
		const QkRule *r = &g_array_index(have, QkRule, i);
		printf(" {%g %g %g %g}", r->pos, r->a, r->b, r->width);
	}
	printf("\n    %s: want %d:", what, n);
	for (int i = 0; i < n; i++)
		printf(" {%g %g %g %g}", want[i].pos, want[i].a, want[i].b, want[i].width);
}

static void run_cases(const Case *cases, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		const Case *c = &cases[i];
		const double *base = c->base ? c->base : PAGE;
		gboolean sideways = base == ROT90 || base == ROT270;
		double w = sideways ? 842 : 595, h = sideways ? 595 : 842;
		gsize len = c->len ? c->len : strlen(c->stream);
		Result r = read_stream(c->stream, len, base, w, h, !c->no_resolver);
		gboolean hok = same_pieces(r.hp, c->hp, c->nh);
		gboolean vok = same_pieces(r.vp, c->vp, c->nv);
		CU_ASSERT_TRUE(hok);
		CU_ASSERT_TRUE(vok);
		if (!hok || !vok) {
			printf("\n  case \"%s\"", c->name);
			print_pieces("H", r.hp, c->hp, c->nh);
			print_pieces("V", r.vp, c->vp, c->nv);
			printf("\n");
		}
		assert_sane(&r, w, h);
		result_clear(&r);
	}
}

/* ---- painting: paths, strokes, fills, the graphics state ------------------ */

static const Case paint_cases[] = {
	{ "m l S horizontal", LINE, H1(LINE_P) },
	{ "m l S vertical", "100 100 m 100 300 l S", V1(P(100, 542, 742, 1)) },
	{ "m l S right to left", "300 100 m 100 100 l S", H1(LINE_P) },
	{ "re S: four sides", "100 100 200 50 re S", .nh = 2, .nv = 2,
	  .hp = { P(742, 100, 300, 1), P(692, 100, 300, 1) },
	  .vp = { P(300, 692, 742, 1), P(100, 692, 742, 1) } },
	{ "re f thin horizontal bar", "100 100 200 0.5 re f", H1(P(741.75, 100, 300, 0.5)) },
	{ "re f thin vertical bar", "100 100 1 200 re f", V1(P(100.5, 542, 742, 1)) },
	{ "re f bar 2.5 thick", "100 100 200 2.5 re f", H1(P(740.75, 100, 300, 2.5)) },
	{ "re f bar 2.6 thick: none", "100 100 200 2.6 re f", NONE },
	{ "re f box: none", "100 100 200 50 re f", NONE },
	{ "re f 2 x 2 square: none", "100 100 2 2 re f", NONE },
	{ "re f negative width", "300 100 -200 1 re f", H1(P(741.5, 100, 300, 1)) },
	{ "re f two bars in one path", "100 100 200 1 re 100 200 200 1 re f", .nh = 2,
	  .hp = { P(741.5, 100, 300, 1), P(641.5, 100, 300, 1) } },
	{ "f* and F fill too", "100 100 200 1 re f* 100 200 200 1 re F", .nh = 2,
	  .hp = { P(741.5, 100, 300, 1), P(641.5, 100, 300, 1) } },
	{ "re f zero height: none", "100 100 200 0 re f", NONE },
	{ "fill with a curve: none",
	  "100 100 m 300 100 l 300 100 300 101 300 101 c 100 101 l h f", NONE },
	{ "fill of a slanted sliver: none", "100 100 m 300 100 l 300 101 l h f", NONE },
	{ "fill of two points: none", "100 100 m 300 100 l f", NONE },
	{ "diagonal line: none", "100 100 m 300 300 l S", NONE },
	{ "0.15 pt off level: horizontal", "100 100 m 300 100.15 l S",
	  H1(P(741.925, 100, 300, 1)) },
	{ "0.3 pt off level: none", "100 100 m 300 100.3 l S", NONE },
	{ "curves stroke nothing",
	  "100 100 m 150 100 200 100 300 100 c 300 150 300 200 v 300 300 200 300 y S", NONE },
	{ "short segment (0.4): none", "100 100 m 100.4 100 l S", NONE },
	{ "zero-length segment: none", "100 100 m 100 100 l S", NONE },
	/* cm */
	{ "cm translation", "1 0 0 1 50 60 cm " LINE, H1(P(682, 150, 350, 1)) },
	{ "cm scaling scales the width", "2 0 0 2 0 0 cm 50 50 m 150 50 l S",
	  H1(P(742, 100, 300, 2)) },
	{ "cm scaling past 2.5: none", "3 0 0 3 0 0 cm 50 50 m 150 50 l S", NONE },
	{ "cm scaling a bar", "1 0 0 0.5 0 0 cm 100 200 200 2 re f",
	  H1(P(741.5, 100, 300, 1)) },
	{ "cm quarter turn: horizontal becomes vertical", "0 1 -1 0 300 0 cm " LINE,
	  V1(P(200, 542, 742, 1)) },
	{ "cm 45 degrees: none", "0.7071 0.7071 -0.7071 0.7071 0 0 cm " LINE, NONE },
	{ "cm accumulates", "1 0 0 1 10 0 cm 1 0 0 1 10 0 cm " LINE,
	  H1(P(742, 120, 320, 1)) },
	{ "cm with too few operands ignored", "1 0 0 1 50 cm " LINE, H1(LINE_P) },
	/* q / Q */
	{ "Q restores cm, width, colour, cap",
	  "q 1 0 0 1 0 100 cm 5 w 1 G 2 J Q " LINE, H1(LINE_P) },
	{ "q/Q nested", "q 2 w q 0.5 w Q " LINE " Q 100 200 m 300 200 l S", .nh = 2,
	  .hp = { P(742, 100, 300, 2), P(642, 100, 300, 1) } },
	{ "Q without q ignored", "Q Q 2 w Q " LINE, H1(P(742, 100, 300, 2)) },
	/* line width and caps */
	{ "line width 3: none", "3 w " LINE, NONE },
	{ "line width 2.5", "2.5 w " LINE, H1(P(742, 100, 300, 2.5)) },
	{ "hairline 0 w is 0.1", "0 w " LINE, H1(P(742, 100, 300, 0.1)) },
	{ "0.05 w is 0.1", "0.05 w " LINE, H1(P(742, 100, 300, 0.1)) },
	{ "2 J square caps extend by w/2", "2 J 2 w " LINE, H1(P(742, 99, 301, 2)) },
	{ "1 J round caps extend by w/2", "1 J 2 w " LINE, H1(P(742, 99, 301, 2)) },
	{ "0 J butt caps", "2 J 0 J 2 w " LINE, H1(P(742, 100, 300, 2)) },
	{ "5 J is square", "5 J 2 w " LINE, H1(P(742, 99, 301, 2)) },
	{ "2 J vertical", "2 J 2 w 100 100 m 100 300 l S", V1(P(100, 541, 743, 2)) },
	{ "2 J re S", "2 J 2 w 100 100 200 50 re S", .nh = 2, .nv = 2,
	  .hp = { P(742, 99, 301, 2), P(692, 99, 301, 2) },
	  .vp = { P(300, 691, 743, 2), P(100, 691, 743, 2) } },
	{ "2 J makes a short segment long enough", "2 J 100 100 m 100.4 100 l S",
	  H1(P(742, 99.5, 100.9, 1)) },
	/* closing, painting operators */
	{ "h then S: closing edge (diagonal here)", "100 100 m 300 100 l 300 200 l h S",
	  .nh = 1, .nv = 1, .hp = { LINE_P }, .vp = { P(300, 642, 742, 1) } },
	{ "h then S: box", "100 100 m 300 100 l 300 200 l 100 200 l h S", .nh = 2, .nv = 2,
	  .hp = { P(742, 100, 300, 1), P(642, 100, 300, 1) },
	  .vp = { P(300, 642, 742, 1), P(100, 642, 742, 1) } },
	{ "h then l goes on from the subpath's start",
	  "100 100 m 300 100 l h 100 300 l S", .nh = 2, .nv = 1,
	  .hp = { LINE_P, LINE_P }, .vp = { P(100, 542, 742, 1) } },
	{ "s closes and strokes", "100 100 m 300 100 l 300 200 l 100 200 l s", .nh = 2,
	  .nv = 2, .hp = { P(742, 100, 300, 1), P(642, 100, 300, 1) },
	  .vp = { P(300, 642, 742, 1), P(100, 642, 742, 1) } },
	{ "b on a thin bar: fill and four strokes", "100 100 200 1 re b", .nh = 3, .nv = 2,
	  .hp = { P(741.5, 100, 300, 1), P(742, 100, 300, 1), P(741, 100, 300, 1) },
	  .vp = { P(300, 741, 742, 1), P(100, 741, 742, 1) } },
	{ "B* on a box: strokes only", "100 100 200 100 re B*", .nh = 2, .nv = 2,
	  .hp = { P(742, 100, 300, 1), P(642, 100, 300, 1) },
	  .vp = { P(300, 642, 742, 1), P(100, 642, 742, 1) } },
	{ "B with a light fill: strokes only", "0.9 g 100 100 200 1 re B", .nh = 2,
	  .nv = 2, .hp = { P(742, 100, 300, 1), P(741, 100, 300, 1) },
	  .vp = { P(300, 741, 742, 1), P(100, 741, 742, 1) } },
	{ "b* with a light stroke: fill only", "1 G 100 100 200 1 re b*",
	  H1(P(741.5, 100, 300, 1)) },
	{ "n paints nothing", "100 100 m 300 100 l n S 100 100 200 1 re n f", NONE },
	{ "W n clips, paints nothing", "0 0 595 842 re W n " LINE, H1(LINE_P) },
	{ "W n / W* n on a bar: none", "100 100 200 1 re W n 100 100 200 1 re W* n", NONE },
	/* clipping: what is painted outside the clipping box is not seen */
	{ "page filled through a thin clip: a bar",
	  "100 100 300 1 re W n 0 0 595 842 re f", H1(P(741.5, 100, 400, 1)) },
	{ "stroke cut by a clip", "q 150 0 100 842 re W n " LINE " Q", H1(P(742, 150, 250, 1)) },
	{ "Q restores the clip", "q 150 0 100 842 re W n Q " LINE, H1(LINE_P) },
	{ "W* clips too", "150 0 100 842 re W* n " LINE, H1(P(742, 150, 250, 1)) },
	{ "clip applies after the path is painted",
	  "100 100 m 300 100 l W S 400 400 m 500 400 l S", H1(LINE_P) },
	{ "clips narrow, never widen",
	  "150 0 100 842 re W n 0 0 595 842 re W n " LINE, H1(P(742, 150, 250, 1)) },
	{ "stroke on the clip's edge: still seen",
	  "100 100 200 50 re W n " LINE, H1(P(742, 100, 300, 1)) },
	{ "stroke outside the clip: none", "100 200 200 50 re W n " LINE, NONE },
	{ "just off the page, within half its width: none (fuzz)",
	  "100 -0.3 m 300 -0.3 l S", NONE },
	{ "path painted once", LINE " S f", H1(LINE_P) },
	/* clipping to the page */
	{ "clipped to the page width", "-50 100 m 700 100 l S", H1(P(742, 0, 595, 1)) },
	{ "clipped to the page height", "100 -100 m 100 1000 l S", V1(P(100, 0, 842, 1)) },
	{ "below the page: none", "100 -10 m 200 -10 l S", NONE },
	{ "above the page: none", "100 900 m 200 900 l S", NONE },
	{ "right of the page: none", "600 100 m 700 100 l S", NONE },
	{ "left of the page: none", "-100 100 m -10 100 l -50 50 m -50 300 l S", NONE },
	{ "too short once clipped: none", "-100 100 m 0.3 100 l S", NONE },
	{ "on the top edge", "100 842 m 200 842 l S", H1(P(0, 100, 200, 1)) },
	{ "on the bottom edge", "100 0 m 200 0 l S", H1(P(842, 100, 200, 1)) },
	{ "bar clipped", "-100 100 200 1 re f", H1(P(741.5, 0, 100, 1)) },
};

static void test_paint(void)
{
	run_cases(paint_cases, G_N_ELEMENTS(paint_cases));
}

/* ---- colours -------------------------------------------------------------- */

#define BAR "100 100 200 1 re f"
#define BAR_P P(741.5, 100, 300, 1)

static const Case colour_cases[] = {
	{ "1 G white stroke: none", "1 G " LINE, NONE },
	{ "0.5 G stroke", "0.5 G " LINE, H1(LINE_P) },
	{ "0.74 G: dark enough", "0.74 G " LINE, H1(LINE_P) },
	{ "0.75 G: paper", "0.75 G " LINE, NONE },
	{ "1 g leaves the stroke black", "1 g " LINE, H1(LINE_P) },
	{ "1 G leaves the fill black", "1 G " BAR, H1(BAR_P) },
	{ "0.5 g fill", "0.5 g " BAR, H1(BAR_P) },
	{ "0.8 g fill: none", "0.8 g " BAR, NONE },
	{ "rg red fill", "1 0 0 rg " BAR, H1(BAR_P) },
	{ "rg yellow fill: none", "1 1 0 rg " BAR, NONE },
	{ "RG blue stroke", "0 0 1 RG " LINE, H1(LINE_P) },
	{ "RG light grey: none", "0.8 0.8 0.8 RG " LINE, NONE },
	{ "k black fill", "0 0 0 1 k " BAR, H1(BAR_P) },
	{ "k 10% black: none", "0 0 0 0.1 k " BAR, NONE },
	{ "K blue stroke", "1 1 0 0 K " LINE, H1(LINE_P) },
	{ "K 50% black stroke", "0 0 0 0.5 K " LINE, H1(LINE_P) },
	{ "K light grey: none", "0.2 0.2 0.2 0 K " LINE, NONE },
	{ "tint cs, 1 scn: dark", "/CS0 cs 1 scn " BAR, H1(BAR_P) },
	{ "tint cs, 0 scn: light", "/CS0 cs 0 scn " BAR, NONE },
	{ "tint cs, initial colour: dark", "/CS0 cs " BAR, H1(BAR_P) },
	{ "tint CS, 0 SCN: light", "/CS0 CS 0 SCN " LINE, NONE },
	{ "tint CS, 0.6 SCN: dark", "/CS0 CS 0.6 SCN " LINE, H1(LINE_P) },
	{ "tint CS, 0.2 SCN: light", "/CS0 CS 0.2 SCN " LINE, NONE },
	{ "resolver RGB white: none", "/CS1 cs 1 1 1 scn " BAR, NONE },
	{ "resolver RGB dark sc", "/CS1 cs 0.2 0.2 0.2 sc " BAR, H1(BAR_P) },
	{ "resolver CMYK light: none", "/CS2 CS 0 0 0 0.05 SCN " LINE, NONE },
	{ "resolver gray light: none", "/CSg CS 0.9 SC " LINE, NONE },
	{ "DeviceGray CS 0.9 SC: none", "/DeviceGray CS 0.9 SC " LINE, NONE },
	{ "DeviceRGB cs dark", "/DeviceRGB cs 0.1 0.1 0.1 sc " BAR, H1(BAR_P) },
	{ "DeviceCMYK cs white: none", "/DeviceCMYK cs 0 0 0 0 sc " BAR, NONE },
	{ "Pattern cs: ink", "/Pattern cs /P0 scn " BAR, H1(BAR_P) },
	{ "Pattern CS, uncoloured, light values: ink", "/Pattern CS 0.9 /P1 SCN " LINE,
	  H1(LINE_P) },
	{ "unknown space: ink", "/Nope cs 0 scn " BAR, H1(BAR_P) },
	{ "no resolver: named space is ink", "/CS0 cs 0 scn " BAR, .no_resolver = TRUE,
	  H1(BAR_P) },
	{ "cs resets to the initial colour", "0.9 g /DeviceGray cs " BAR, H1(BAR_P) },
	{ "Q restores the colour", "q 1 G Q " LINE, H1(LINE_P) },
	{ "fill and stroke colours apart", "1 g 0 G 100 100 200 1 re B", .nh = 2, .nv = 2,
	  .hp = { P(742, 100, 300, 1), P(741, 100, 300, 1) },
	  .vp = { P(300, 741, 742, 1), P(100, 741, 742, 1) } },
};

static void test_colour(void)
{
	run_cases(colour_cases, G_N_ELEMENTS(colour_cases));
}

/* ---- syntax: what is not drawing is skipped ------------------------------- */

static const char inline_image[] =
	"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff S re f 0 0 m 500 0 l S ( [ <<\n"
	"EI " LINE;

#define NUL_SPACED "100\0" "100 m 300 100 l\0S"

static const Case syntax_cases[] = {
	{ "text string with ] ) \\) re S", "BT /F1 12 Tf 100 700 Td (a ] \\) 0 0 m 500 0 l S) Tj ET "
	  LINE, H1(LINE_P) },
	{ "string with nested parentheses", "BT (x (0 0 m 500 0 l S) y) Tj ET " LINE,
	  H1(LINE_P) },
	{ "escaped backslash ends the string", "BT (a\\\\) Tj ET " LINE, H1(LINE_P) },
	{ "escaped ( does not nest", "BT (a\\( b) Tj ET " LINE, H1(LINE_P) },
	{ "TJ array with ] in a string", "BT [(x]) 2 (y)] TJ ET " LINE, H1(LINE_P) },
	{ "array with [ in a string, nested array, hex ]", "[(a[) [(b)] <5D>] TJ " LINE,
	  H1(LINE_P) },
	{ "hex strings", "BT <3E3E5D29> Tj <> Tj ET " LINE, H1(LINE_P) },
	{ "dictionary with arrays, strings, dictionaries",
	  "/Span << /A [1 2] /ActualText (\\)>>) /B << /C <4142> >> >> BDC " LINE " EMC",
	  H1(LINE_P) },
	{ "BMC, sh, BX are not b/B/s", "100 100 m 300 100 l /P BMC /Sh0 sh BX EX S",
	  H1(LINE_P) },
	{ "text operators paint nothing",
	  "BT 1 0 0 1 100 100 Tm 2 Tr 0 Tc (S) Tj T* (re f) ' 1 2 (S) \" ET", NONE },
	{ "comment ignored", "% 0 0 m 100 0 l S\n" LINE, H1(LINE_P) },
	{ "comment ended by CR", "100 100 m % 0 0 m 500 0 l S\r300 100 l S", H1(LINE_P) },
	{ "comment inside an array", "[(a) % ] 0 0 m 500 0 l S\n(b)] TJ " LINE,
	  H1(LINE_P) },
	{ "% in a string is not a comment", "(50%) Tj " LINE, H1(LINE_P) },
	{ "inline image skipped", inline_image, sizeof inline_image - 1, H1(LINE_P) },
	{ "inline image: EI inside the data", "BI /W 4 /H 1 /BPC 8 ID xEIx EIx 0 0 m 500 0 l S\n"
	  "EI " LINE, H1(LINE_P) },
	{ "BI at the end", LINE " BI", H1(LINE_P) },
	{ "BI without EI", LINE " BI /W 1 ID xx 0 0 m 500 0 l S", H1(LINE_P) },
	{ "truncated in a string", LINE " (abc 0 0 m 500 0 l S", H1(LINE_P) },
	{ "truncated after a backslash", LINE " (abc\\", H1(LINE_P) },
	{ "truncated in an array", LINE " [ (a", H1(LINE_P) },
	{ "truncated in a dictionary", LINE " << /A (", H1(LINE_P) },
	{ "truncated in a hex string", LINE " <4142", H1(LINE_P) },
	{ "truncated in a name", LINE " /Abc", H1(LINE_P) },
	{ "truncated in a number", LINE " 12.", H1(LINE_P) },
	{ "stray closing delimiters", ") ] } > >> { " LINE, H1(LINE_P) },
	{ "junk operands and operators", LINE " /Name 12abc (x) xyzzy 100 200 m 300 200 l S",
	  .nh = 2, .hp = { LINE_P, P(642, 100, 300, 1) } },
	{ "missing operands: operator ignored", "100 m 300 100 l S 100 200 m 300 200 l S",
	  H1(P(642, 100, 300, 1)) },
	{ "operands of the wrong type", "100 /A m 300 100 l S 100 200 m (x) l S", NONE },
	{ "more operands than wanted: the last ones", "7 7 7 100 100 m 9 300 100 l S",
	  H1(LINE_P) },
	{ "numbers with + and trailing zeros", "+100 100 m 300 +100.00 l S", H1(LINE_P) },
	{ "no exponents in PDF: 1.0e2 is 1.0 and an operator e2",
	  "100 100 m 300 1.0e2 l S", NONE },
	{ "numbers: leading dot", "1 0 0 1 .5 -.5 cm 100 100 m 300 100 l S",
	  H1(P(742.5, 100.5, 300.5, 1)) },
	{ "NUL is white space", NUL_SPACED, sizeof NUL_SPACED - 1, H1(LINE_P) },
	{ "no whitespace around delimiters", "100 100 m 300 100 l S(x)Tj[1]TJ<<>>BDC/A/B "
	  LINE, .nh = 2, .hp = { LINE_P, LINE_P } },
	/* bug "fraction" (fixed): "no decimal point yet" was scale == 0, and
	 * scale underflows to 0 after ~324 fraction digits: 10.000…0 with 400
	 * zeros read as 1e77 */
	{ "long fraction: 10.(400 zeros) is 10",
	  "100 10.0000000000000000000000000000000000000000000000000000000000000000000000"
	  "0000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "0000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "0000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "0000000000000000000000000000000000000000000000000000000000000000000000000000"
	  "000000000000000000000000000000000000000000000000000000000000000000000000000 m "
	  "300 10 l S", H1(P(832, 100, 300, 1)) },
};

static void test_syntax(void)
{
	run_cases(syntax_cases, G_N_ELEMENTS(syntax_cases));
}

/* ---- form XObjects -------------------------------------------------------- */

static const Case form_cases[] = {
	{ "form with its /Matrix", "/Fm0 Do", H1(P(642, 100, 200, 1)) },
	{ "form inherits the line width", "q 2 w /Fm0 Do Q", H1(P(642, 100, 200, 2)) },
	{ "form inherits the stroke colour", "1 G /Fm0 Do", NONE },
	{ "form matrix scales the width", "/Fm1 Do", V1(P(50, 692, 792, 2)) },
	{ "form matrix turns", "/Rot Do", V1(P(300, 642, 742, 1)) },
	{ "form under cm, twice", "q 1 0 0 1 0 -100 cm /Fm0 Do Q /Fm0 Do", .nh = 2,
	  .hp = { P(742, 100, 200, 1), P(642, 100, 200, 1) } },
	{ "form inside a form", "/Nested Do", H1(P(742, 50, 100, 0.5)) },
	{ "form's q/Q and state stay inside it", "/Unbal Do " LINE, H1(LINE_P) },
	{ "form's own resources", "/FmRes Do", H1(P(832, 0, 200, 1)) },
	{ "form without resources: the caller's", "/FmInh Do", H1(P(836.5, 0, 200, 1)) },
	{ "image and missing XObjects", "/Im0 Do /Missing Do " LINE, H1(LINE_P) },
	{ "no resolver: no forms", "/Fm0 Do", .no_resolver = TRUE },
	{ "form drawing itself: 8 levels", "/Self Do", .nh = 8,
	  .hp = { P(832, 0, 100, 1), P(822, 0, 100, 1), P(812, 0, 100, 1), P(802, 0, 100, 1),
	          P(792, 0, 100, 1), P(782, 0, 100, 1), P(772, 0, 100, 1),
	          P(762, 0, 100, 1) } },
	{ "form on a rotated page", "/Fm0 Do", .base = ROT90, V1(P(200, 100, 200, 1)) },
	/* bug "namehex" (fixed): names reached the resolver with their #xx
	 * escapes, but the document's names (qpdf's keys) are decoded */
	{ "name with #xx escapes: /F#6d0 is /Fm0", "/F#6d0 Do",
	  H1(P(642, 100, 200, 1)) },
	{ "name with #xx escapes: /CS#30 is /CS0", "/CS#30 cs 0 scn " BAR,
	  NONE },
};

static void test_forms(void)
{
	run_cases(form_cases, G_N_ELEMENTS(form_cases));
}

/* ---- rotated pages -------------------------------------------------------- */

static const Case rotated_cases[] = {
	{ "90: horizontal is vertical", LINE, .base = ROT90, V1(P(100, 100, 300, 1)) },
	{ "90: vertical is horizontal", "100 100 m 100 300 l S", .base = ROT90,
	  H1(P(100, 100, 300, 1)) },
	{ "90: bar", BAR, .base = ROT90, V1(P(100.5, 100, 300, 1)) },
	{ "90: clipped to the 842 pt width", "100 500 m 100 900 l S", .base = ROT90,
	  H1(P(100, 500, 842, 1)) },
	{ "90: beyond the 595 pt height: none", "700 100 m 900 100 l S", .base = ROT90 },
	{ "90: square caps", "2 J 2 w " LINE, .base = ROT90, V1(P(100, 99, 301, 2)) },
	{ "180", LINE, .base = ROT180, H1(P(100, 295, 495, 1)) },
	{ "270", LINE, .base = ROT270, V1(P(742, 295, 495, 1)) },
	{ "270: re S", "100 100 200 50 re S", .base = ROT270, .nh = 2, .nv = 2,
	  .hp = { P(295, 692, 742, 1), P(495, 692, 742, 1) },
	  .vp = { P(742, 295, 495, 1), P(692, 295, 495, 1) } },
};

static void test_rotated(void)
{
	run_cases(rotated_cases, G_N_ELEMENTS(rotated_cases));
}

/* ---- garbage and bounds ----------------------------------------------------- */

static void test_random_bytes(void)
{
	gint64 worst = 0;
	gboolean sane = TRUE;
	for (guint32 seed = 1; seed <= 64; seed++) {
		GRand *rnd = g_rand_new_with_seed(seed);
		gsize len = 1 + g_rand_int_range(rnd, 0, 16384);
		char *buf = g_malloc(len);
		for (gsize i = 0; i < len; i++)
			buf[i] = (char)g_rand_int_range(rnd, 0, 256);
		Result r = read_stream(buf, len, seed % 2 ? PAGE : ROT90, seed % 2 ? 595 : 842,
		                       seed % 2 ? 842 : 595, TRUE);
		sane = sane && sane_pieces(r.hp, seed % 2 ? 595 : 842, seed % 2 ? 842 : 595) &&
		       sane_pieces(r.vp, seed % 2 ? 842 : 595, seed % 2 ? 595 : 842) &&
		       r.ctx.opened == r.ctx.done;
		worst = MAX(worst, r.us);
		result_clear(&r);
		g_free(buf);
		g_rand_free(rnd);
	}
	CU_ASSERT_TRUE(sane);
	CU_ASSERT_TRUE(worst < SLOW_US);
}

/* Streams of content-stream tokens in random order: far more of them reach
 * the operators than random bytes do. */
static void test_token_soup(void)
{
	static const char *const tokens[] = {
		"q", "Q", "0", "1", "2", "100", "300", "-5", "0.5", "2.6", "1e3", "m", "l", "re",
		"S", "s", "f", "f*", "B", "b*", "n", "W", "h", "c", "v", "y", "cm", "w", "J",
		"G", "g", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SCN", "/CS0", "/CS1",
		"/Pattern", "/DeviceGray", "/Fm0", "/Self", "/Nested", "/Fan", "/Im0", "Do",
		"BT", "ET", "Tj", "TJ", "(", ")", "\\", "[", "]", "<", ">", "<<", ">>", "%",
		"\n", "BI", "ID", "EI", "BDC", "EMC", "{", "}",
	};
	gint64 worst = 0;
	gboolean sane = TRUE;
	int pieces = 0;
	for (guint32 seed = 1; seed <= 200; seed++) {
		GRand *rnd = g_rand_new_with_seed(seed);
		GString *s = g_string_new(NULL);
		for (int i = 0; i < 2000; i++) {
			g_string_append(s, tokens[g_rand_int_range(rnd, 0, G_N_ELEMENTS(tokens))]);
			g_string_append_c(s, g_rand_int_range(rnd, 0, 8) ? ' ' : '\n');
		}
		Result r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
		sane = sane && sane_pieces(r.hp, 595, 842) && sane_pieces(r.vp, 842, 595) &&
		       r.ctx.opened == r.ctx.done && r.ctx.wrong_done == 0;
		worst = MAX(worst, r.us);
		pieces += (int)(r.hp->len + r.vp->len);
		result_clear(&r);
		g_string_free(s, TRUE);
		g_rand_free(rnd);
	}
	CU_ASSERT_TRUE(sane);
	CU_ASSERT_TRUE(worst < SLOW_US);
	CU_ASSERT_TRUE(pieces > 0);   /* the soup does reach painting */
}

static void expect_one(const GString *s, QkRule want)
{
	Result r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
	CU_ASSERT_TRUE(same_pieces(r.hp, &want, 1));
	CU_ASSERT_EQUAL(r.vp->len, 0);
	assert_sane(&r, 595, 842);
	result_clear(&r);
}

static void test_huge_numbers(void)
{
	/* 1e400 written out: not a number; the m it feeds is ignored */
	GString *s = g_string_new("1");
	for (int i = 0; i < 400; i++)
		g_string_append_c(s, '0');
	g_string_append(s, " 0 m 100 0 l S 1e400 1e400 m " LINE);
	expect_one(s, (QkRule)LINE_P);
	g_string_free(s, TRUE);

	/* 1e300 0 0 1 0 0 cm twice: the second product overflows and is not
	 * taken, the first is kept (x = 0 stays 0; an infinite matrix would
	 * make it NaN and lose the line) */
	s = g_string_new(NULL);
	for (int k = 0; k < 2; k++) {
		g_string_append_c(s, '1');
		for (int i = 0; i < 300; i++)
			g_string_append_c(s, '0');
		g_string_append(s, " 0 0 1 0 0 cm ");
	}
	g_string_append(s, "0 w 0 100 m 0 300 l S");
	Result r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
	QkRule want = P(0, 542, 742, 0.1);
	CU_ASSERT_EQUAL(r.hp->len, 0);
	CU_ASSERT_TRUE(same_pieces(r.vp, &want, 1));
	assert_sane(&r, 595, 842);
	result_clear(&r);
	g_string_free(s, TRUE);
}

static void test_deep_saves(void)
{
	/* 100000 q, never restored */
	GString *s = g_string_new(NULL);
	for (int i = 0; i < 100000; i++)
		g_string_append(s, "q ");
	g_string_append(s, LINE);
	expect_one(s, (QkRule)LINE_P);

	/* 100000 q, a light thick line, 100000 Q: all the way back */
	g_string_truncate(s, 0);
	for (int i = 0; i < 100000; i++)
		g_string_append(s, "q ");
	g_string_append(s, "5 w 1 G 1 0 0 1 0 50 cm " LINE " ");
	for (int i = 0; i < 100000; i++)
		g_string_append(s, "Q ");
	g_string_append(s, "100 200 m 300 200 l S");
	expect_one(s, (QkRule)P(642, 100, 300, 1));

	/* 200 levels, each 1 pt higher, 150 of them restored: 50 pt up */
	g_string_truncate(s, 0);
	for (int i = 0; i < 200; i++)
		g_string_append(s, "q 1 0 0 1 0 1 cm ");
	for (int i = 0; i < 150; i++)
		g_string_append(s, "Q ");
	g_string_append(s, LINE);
	expect_one(s, (QkRule)P(692, 100, 300, 1));
	g_string_free(s, TRUE);
}

static void test_bounds(void)
{
	/* pieces: at most READER_MAX_PIECES per page */
	GString *s = g_string_new(NULL);
	for (int i = 0; i < READER_MAX_PIECES + 20000; i++)
		g_string_append(s, LINE "\n");
	Result r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
	CU_ASSERT_EQUAL(r.hp->len, READER_MAX_PIECES);
	CU_ASSERT_EQUAL(r.vp->len, 0);
	assert_sane(&r, 595, 842);
	result_clear(&r);

	/* operators: those past the budget are not read */
	g_string_truncate(s, 0);
	for (int i = 0; i < READER_MAX_OPS + 1000; i++)
		g_string_append(s, "n ");
	g_string_append(s, LINE);
	r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
	CU_ASSERT_EQUAL(r.hp->len, 0);
	assert_sane(&r, 595, 842);
	result_clear(&r);
	g_string_truncate(s, 0);
	for (int i = 0; i < READER_MAX_OPS / 4; i++)
		g_string_append(s, "n ");
	g_string_append(s, LINE);
	expect_one(s, (QkRule)LINE_P);

	/* points: a path of 300000 diagonal segments, then a vertical one past
	 * content.c's MAX_PATH (200000): not kept; the next path is */
	g_string_assign(s, "100 100 m");
	for (int i = 0; i < 150000; i++)
		g_string_append(s, " 300 300 l 100 100 l");
	g_string_append(s, " 100 300 l S " LINE);
	r = read_stream(s->str, s->len, PAGE, 595, 842, TRUE);
	CU_ASSERT_TRUE(same_pieces(r.hp, (QkRule[]){ LINE_P }, 1));
	CU_ASSERT_EQUAL(r.vp->len, 0);
	assert_sane(&r, 595, 842);
	result_clear(&r);
	g_string_free(s, TRUE);
}

static void test_form_fan_out(void)
{
	/* ten self-calls per level: ended by the depth and operator bounds
	 * (shared with the page: what follows the Do is not read then) */
	Result r = read_stream(LINE " /Fan Do", strlen(LINE " /Fan Do"), PAGE, 595, 842, TRUE);
	CU_ASSERT_TRUE(same_pieces(r.hp, (QkRule[]){ LINE_P }, 1));
	CU_ASSERT_EQUAL(r.vp->len, 0);
	CU_ASSERT_TRUE(r.ctx.opened > 0);
	CU_ASSERT_TRUE(r.ctx.opened <= READER_MAX_OPS / 10 + 2);
	assert_sane(&r, 595, 842);
	result_clear(&r);
}

/* Bug "nesting" (fixed): skipping arrays and dictionaries recursed once
 * per level: 200,000 '[' (200 KB of content, a few hundred bytes
 * compressed) overflowed an 8 MiB stack at -O2. */
static void test_deep_nesting(void)
{
	const char *const open[] = { "[", "<<", "[<<" };
	const char *const close[] = { "]", ">>", ">>]" };
	for (gsize k = 0; k < G_N_ELEMENTS(open); k++) {
		GString *s = g_string_new(NULL);
		for (int i = 0; i < 1000000; i++)
			g_string_append(s, open[k]);
		for (int i = 0; i < 1000000; i++)
			g_string_append(s, close[k]);
		g_string_append(s, " " LINE);
		expect_one(s, (QkRule)LINE_P);
		g_string_free(s, TRUE);
	}
}

/* Bug "fanout" (fixed): work was bounded by operators and form depth, not
 * bytes or forms. A form that calls itself six times and carries 64 KiB
 * that hold no operator was read 335,923 times (1 + 6 + … + 6^7): 22 GB
 * scanned for one page, 12 s at -O2 (and as many qpdf stream decodes; the
 * 64 KiB compress to ~100 bytes, so the PDF is tiny). */
static void test_form_fan_out_padded(void)
{
	Result r = read_stream(LINE " /Pad Do", strlen(LINE " /Pad Do"), PAGE, 595, 842, TRUE);
	CU_ASSERT_TRUE(same_pieces(r.hp, (QkRule[]){ LINE_P }, 1));
	assert_sane(&r, 595, 842);
	printf("\n    padded fan-out: %d forms, %.1f s\n", r.ctx.opened, r.us / 1e6);
	result_clear(&r);
}

int main(void)
{
	GString *pad = g_string_new(NULL);
	for (int i = 0; i < 6; i++)
		g_string_append(pad, "/Pad Do ");
	g_string_append_c(pad, '(');
	for (int i = 0; i < 65536; i++)
		g_string_append_c(pad, 'x');
	g_string_append_c(pad, ')');
	pad_form = g_string_free(pad, FALSE);

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("content", NULL, NULL);
	CU_add_test(s, "painting: paths, strokes, fills, cm, q/Q, widths, caps", test_paint);
	CU_add_test(s, "colours: gray, rgb, cmyk, named spaces", test_colour);
	CU_add_test(s, "syntax: text, strings, arrays, dicts, comments, inline images",
	            test_syntax);
	CU_add_test(s, "form XObjects through the resolver", test_forms);
	CU_add_test(s, "rotated pages", test_rotated);
	CU_add_test(s, "garbage: random bytes", test_random_bytes);
	CU_add_test(s, "garbage: random tokens", test_token_soup);
	CU_add_test(s, "garbage: huge numbers", test_huge_numbers);
	CU_add_test(s, "garbage: 100000 q", test_deep_saves);
	CU_add_test(s, "bounds: pieces, operators, path", test_bounds);
	CU_add_test(s, "bounds: forms calling themselves ten times", test_form_fan_out);
	CU_add_test(s, "bounds: arrays and dictionaries nested 1,000,000 deep (nesting)",
	            test_deep_nesting);
	CU_add_test(s, "bounds: forms calling themselves, 64 KiB each (fanout)",
	            test_form_fan_out_padded);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	int fails = (int)CU_get_number_of_failures();
	CU_cleanup_registry();
	g_free(pad_form);
	return fails > 0 ? 1 : 0;
}
