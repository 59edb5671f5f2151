/*
 * content.c — the straight lines a PDF content stream paints.
 *
 * A small reader of the content-stream syntax (PDF 32000-1 §7.8, §8): it
 * keeps the graphics state that decides where and how dark a line is, and
 * turns each stroked axis-parallel segment and each thin filled bar into a
 * rule piece in page space. Everything else (text, images, shadings,
 * marked content) is skipped by syntax alone. Malformed input only ever
 * costs pieces: operators with missing operands are ignored, and the work
 * per page is bounded (operators, form nesting, path size, pieces).
 */
#include <math.h>
#include <string.h>
#include "content.h"

#define MAX_OPERANDS 16
#define MAX_FORM_DEPTH 8
#define MAX_OPS 4000000       /* operators per page, forms included */
#define MAX_PATH 200000       /* points in one path */
#define MAX_PIECES 100000     /* rule pieces per page */
#define MAX_SAVED 256         /* q nesting kept (deeper saves are counted) */
#define MAX_BYTES (64u << 20) /* content bytes read per page, forms included */
#define MAX_FORMS 10000       /* forms run per page (each one a decode) */
/* Luminance (0..1) at or above which a line is paper, not ink: light tints
 * (cell shading) are not rules. The render tracer's threshold, 190/255. */
#define PAPER_LUMA (190.0 / 255.0)
/* A segment whose ends differ by no more than this across its direction
 * (points) is horizontal or vertical. */
#define AXIS_TOL 0.2
/* Hairlines (width 0) and very thin lines count as this wide. */
#define MIN_WIDTH 0.1

typedef struct {
	double m[6];          /* CTM: user space to page space */
	double lw;            /* line width, user space */
	int cap;              /* line cap: 0 butt, 1 round, 2 square */
	QkColorKind scs, fcs; /* stroke and fill colour spaces */
	double sluma, fluma;  /* stroke and fill luminance, 0..1 */
	double clip[4];       /* clipping box in page space: x0 y0 x1 y1 */
} GState;

enum { OP_NUM, OP_NAME, OP_OTHER };

typedef struct {
	int type;
	double num;
	const char *s;        /* OP_NAME: after the slash */
	int len;
} Operand;

enum { PT_MOVE, PT_LINE, PT_CURVE, PT_CLOSE };

typedef struct {
	double x, y;
	int kind;
} PathPt;

typedef struct {
	const QkContentResolver *res;
	double w, h;
	GArray *hp, *vp;
	GArray *path;         /* of PathPt, page space */
	gboolean clip_next;   /* W or W*: the path clips once painted */
	guint ops;
	int depth;
	guint forms;
	gsize bytes;
} Reader;

static gboolean is_space(guint8 c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static gboolean is_delim(guint8 c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != 0;
}

static gboolean is_regular(guint8 c)
{
	return !is_space(c) && !is_delim(c);
}

/* ---- syntax: skipping what is not drawing -------------------------------- */

/* (literal string), nested parentheses and escapes; i at '(' */
static gsize skip_string(const guint8 *p, gsize len, gsize i)
{
	int depth = 0;
	for (; i < len; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
	}
	return len;
}

/* A string, hex string, [array] or <<dictionary>> starting at i. Arrays
 * and dictionaries hold strings and each other to any depth: the depth is
 * counted, not recursed into (] or >> closes the innermost). */
static gsize skip_object(const guint8 *p, gsize len, gsize i)
{
	gsize depth = 0;
	do {
		guint8 c = p[i];
		if (c == '(') {
			i = skip_string(p, len, i);
		} else if (c == '[') {
			depth++;
			i++;
		} else if (c == '<' && i + 1 < len && p[i + 1] == '<') {
			depth++;
			i += 2;
		} else if (c == '<') {
			while (i < len && p[i] != '>')   /* <hex string> */
				i++;
			i = MIN(i + 1, len);
		} else if (c == ']' && depth > 0) {
			depth--;
			i++;
		} else if (c == '>' && depth > 0 && i + 1 < len && p[i + 1] == '>') {
			depth--;
			i += 2;
		} else if (c == '%') {
			while (i < len && p[i] != '\n' && p[i] != '\r')
				i++;
		} else {
			i++;
		}
	} while (depth > 0 && i < len);
	return i;
}

/* Skips an inline image's dictionary and data (after BI): the data is
 * binary and ends at "EI" standing alone. */
static gsize skip_inline_image(const guint8 *p, gsize len, gsize i)
{
	for (; i + 1 < len; i++)
		if (p[i] == 'I' && p[i + 1] == 'D' && i > 0 && is_space(p[i - 1]) &&
		    (i + 2 >= len || is_space(p[i + 2])))
			break;
	for (i += 3; i + 1 < len; i++)
		if (p[i] == 'E' && p[i + 1] == 'I' && is_space(p[i - 1]) &&
		    (i + 2 >= len || is_space(p[i + 2])))
			return i + 2;
	return len;
}

/* A number ([+-]digits[.digits]); *end after it. */
static double parse_number(const guint8 *p, gsize len, gsize i, gsize *end)
{
	double sign = 1, v = 0, scale = 1;
	gboolean frac = FALSE;   /* after the point (scale may underflow to 0) */
	if (p[i] == '+' || p[i] == '-')
		sign = p[i++] == '-' ? -1 : 1;
	for (; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (!frac) {
				v = v * 10 + (p[i] - '0');
			} else {
				scale /= 10;
				v += (p[i] - '0') * scale;
			}
		} else if (p[i] == '.' && !frac) {
			frac = TRUE;
		} else {
			break;
		}
	}
	*end = i;
	return sign * v;
}

/* ---- graphics state ------------------------------------------------------ */

static void concat(double out[6], const double m[6], const double ctm[6])
{
	double r[6] = {
		m[0] * ctm[0] + m[1] * ctm[2], m[0] * ctm[1] + m[1] * ctm[3],
		m[2] * ctm[0] + m[3] * ctm[2], m[2] * ctm[1] + m[3] * ctm[3],
		m[4] * ctm[0] + m[5] * ctm[2] + ctm[4], m[4] * ctm[1] + m[5] * ctm[3] + ctm[5],
	};
	memcpy(out, r, sizeof r);
}

static double luma_rgb(double r, double g, double b)
{
	return 0.299 * r + 0.587 * g + 0.114 * b;
}

/* Luminance of n colour values v in a space of kind k. */
static double luma(QkColorKind k, const double *v, int n)
{
	switch (k) {
	case QK_CS_GRAY:
		return n >= 1 ? v[n - 1] : 0;
	case QK_CS_RGB:
		return n >= 3 ? luma_rgb(v[n - 3], v[n - 2], v[n - 1]) : 0;
	case QK_CS_CMYK:
		if (n < 4)
			return 0;
		v += n - 4;
		return luma_rgb((1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]),
		                (1 - v[2]) * (1 - v[3]));
	case QK_CS_TINT: {
		double ink = 0;
		for (int i = 0; i < n; i++)
			ink = MAX(ink, v[i]);
		return 1 - ink;
	}
	case QK_CS_INK:
	default:
		return 0;
	}
}

/* The last n operands as numbers, or FALSE. */
static gboolean take(const Operand *ops, int nops, int n, double *v)
{
	if (nops < n)
		return FALSE;
	for (int i = 0; i < n; i++) {
		const Operand *o = &ops[nops - n + i];
		if (o->type != OP_NUM)
			return FALSE;
		v[i] = o->num;
	}
	return TRUE;
}

/* The last operand as a NUL-terminated name in buf, #xx escapes decoded
 * (as the document's names are), or FALSE. */
static gboolean take_name(const Operand *ops, int nops, char *buf, gsize size)
{
	if (nops < 1 || ops[nops - 1].type != OP_NAME)
		return FALSE;
	const char *s = ops[nops - 1].s;
	int len = ops[nops - 1].len;
	gsize n = 0;
	for (int i = 0; i < len; i++) {
		int c = (guchar)s[i];
		if (c == '#' && i + 2 < len && g_ascii_isxdigit(s[i + 1]) &&
		    g_ascii_isxdigit(s[i + 2])) {
			c = g_ascii_xdigit_value(s[i + 1]) * 16 + g_ascii_xdigit_value(s[i + 2]);
			i += 2;
		}
		if (c == 0 || n + 1 >= size)
			return FALSE;
		buf[n++] = (char)c;
	}
	buf[n] = 0;
	return TRUE;
}

static QkColorKind space_kind(Reader *rd, gpointer res, const char *name)
{
	if (g_str_equal(name, "DeviceGray") || g_str_equal(name, "G") ||
	    g_str_equal(name, "CalGray"))
		return QK_CS_GRAY;
	if (g_str_equal(name, "DeviceRGB") || g_str_equal(name, "RGB") ||
	    g_str_equal(name, "CalRGB"))
		return QK_CS_RGB;
	if (g_str_equal(name, "DeviceCMYK") || g_str_equal(name, "CMYK"))
		return QK_CS_CMYK;
	if (g_str_equal(name, "Pattern") || !rd->res || !rd->res->color_space)
		return QK_CS_INK;
	return rd->res->color_space(rd->res->ctx, res, name);
}

/* ---- paths and painting -------------------------------------------------- */

static void add_point(Reader *rd, const GState *gs, double x, double y, int kind)
{
	if (rd->path->len >= MAX_PATH)
		return;
	const double *m = gs->m;
	PathPt p = { m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5], kind };
	g_array_append_val(rd->path, p);
}

/* A rule piece, clipped to the clipping box (within the page). A line on
 * the box's edge still shows half its width. */
static void add_piece(Reader *rd, const GState *gs, gboolean horizontal, double pos,
                      double a, double b, double width)
{
	const double *c = gs->clip;
	double across = horizontal ? rd->h : rd->w;
	double lo = horizontal ? c[1] : c[0], hi = horizontal ? c[3] : c[2];
	if (!isfinite(pos) || !isfinite(width) ||
	    pos < MAX(lo - width / 2, 0) || pos > MIN(hi + width / 2, across))
		return;
	a = MAX(a, horizontal ? c[0] : c[1]);
	b = MIN(b, horizontal ? c[2] : c[3]);
	if (!isfinite(a) || !isfinite(b) || b - a < 0.5)
		return;
	GArray *to = horizontal ? rd->hp : rd->vp;
	if (rd->hp->len + rd->vp->len >= MAX_PIECES)
		return;
	QkRule r = { pos, a, b, MAX(width, MIN_WIDTH) };
	g_array_append_val(to, r);
}

/* A stroked segment from p to q: a piece when it is axis-parallel. Round
 * and square caps reach half the width beyond the ends. */
static void stroke_segment(Reader *rd, const GState *gs, const PathPt *p,
                           const PathPt *q, double width)
{
	double dx = fabs(q->x - p->x), dy = fabs(q->y - p->y);
	double ext = gs->cap ? width / 2 : 0;
	if (dy <= AXIS_TOL && dx > dy)
		add_piece(rd, gs, TRUE, (p->y + q->y) / 2, MIN(p->x, q->x) - ext,
		          MAX(p->x, q->x) + ext, width);
	else if (dx <= AXIS_TOL && dy > dx)
		add_piece(rd, gs, FALSE, (p->x + q->x) / 2, MIN(p->y, q->y) - ext,
		          MAX(p->y, q->y) + ext, width);
}

static void stroke(Reader *rd, const GState *gs)
{
	if (gs->sluma >= PAPER_LUMA)
		return;
	const double *m = gs->m;
	double width = gs->lw * sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
	if (!(width <= QK_RULE_MAX_WIDTH))
		return;
	const PathPt *pts = (const PathPt *)(const void *)rd->path->data;
	const PathPt *start = NULL, *prev = NULL;
	for (guint i = 0; i < rd->path->len; i++) {
		const PathPt *p = &pts[i];
		switch (p->kind) {
		case PT_MOVE:
			start = prev = p;
			break;
		case PT_LINE:
			if (prev)
				stroke_segment(rd, gs, prev, p, width);
			if (!start)
				start = p;
			prev = p;
			break;
		case PT_CURVE:
			if (!start)
				start = p;
			prev = p;
			break;
		case PT_CLOSE:
			if (prev && start)
				stroke_segment(rd, gs, prev, start, width);
			prev = start;
			break;
		}
	}
}

/* A filled subpath pts[s..e) made of axis-parallel lines only (a
 * rectangle, in practice) that is thin one way, once clipped, is a bar: a
 * rule piece. (Some producers draw rules as a large fill through a thin
 * clipping rectangle.) */
static void fill_subpath(Reader *rd, const GState *gs, const PathPt *pts, guint s, guint e)
{
	double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
	const PathPt *prev = NULL;
	guint n = 0;
	for (guint i = s; i <= e; i++) {
		/* the closing edge back to the first point is implied */
		const PathPt *p = i < e ? &pts[i] : &pts[s];
		if (i < e && p->kind == PT_CURVE)
			return;
		if (i < e && p->kind == PT_CLOSE)
			continue;
		if (prev && fabs(p->x - prev->x) > AXIS_TOL && fabs(p->y - prev->y) > AXIS_TOL)
			return;
		if (i < e) {
			x0 = MIN(x0, p->x);
			y0 = MIN(y0, p->y);
			x1 = MAX(x1, p->x);
			y1 = MAX(y1, p->y);
			n++;
		}
		prev = p;
	}
	if (n < 3)
		return;   /* no area: paints nothing */
	x0 = MAX(x0, gs->clip[0]);
	y0 = MAX(y0, gs->clip[1]);
	x1 = MIN(x1, gs->clip[2]);
	y1 = MIN(y1, gs->clip[3]);
	double bw = x1 - x0, bh = y1 - y0;
	if (bh <= QK_RULE_MAX_WIDTH && bw > bh && bh >= 0.05)
		add_piece(rd, gs, TRUE, (y0 + y1) / 2, x0, x1, bh);
	else if (bw <= QK_RULE_MAX_WIDTH && bh > bw && bw >= 0.05)
		add_piece(rd, gs, FALSE, (x0 + x1) / 2, y0, y1, bw);
}

static void fill(Reader *rd, const GState *gs)
{
	if (gs->fluma >= PAPER_LUMA)
		return;
	const PathPt *pts = (const PathPt *)(const void *)rd->path->data;
	guint s = 0;
	for (guint i = 1; i <= rd->path->len; i++)
		if (i == rd->path->len || pts[i].kind == PT_MOVE) {
			fill_subpath(rd, gs, pts, s, i);
			s = i;
		}
}

/* Ends the path after painting (or n): a pending W / W* narrows the
 * clipping box to the path's box (a rectangle, in practice; any other
 * shape is taken by its box). */
static void end_path(Reader *rd, GState *gs)
{
	if (rd->clip_next) {
		double b[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
		const PathPt *pts = (const PathPt *)(const void *)rd->path->data;
		for (guint i = 0; i < rd->path->len; i++) {
			if (pts[i].kind == PT_CLOSE || !isfinite(pts[i].x) || !isfinite(pts[i].y))
				continue;   /* no point of its own, or none on the page */
			b[0] = MIN(b[0], pts[i].x);
			b[1] = MIN(b[1], pts[i].y);
			b[2] = MAX(b[2], pts[i].x);
			b[3] = MAX(b[3], pts[i].y);
		}
		gs->clip[0] = MAX(gs->clip[0], b[0]);
		gs->clip[1] = MAX(gs->clip[1], b[1]);
		gs->clip[2] = MIN(gs->clip[2], b[2]);
		gs->clip[3] = MIN(gs->clip[3], b[3]);
		rd->clip_next = FALSE;
	}
	g_array_set_size(rd->path, 0);
}

/* ---- operators ----------------------------------------------------------- */

static void run(Reader *rd, const guint8 *p, gsize len, gpointer res, const GState *init);

static gboolean is_op(const char *op, int n, const char *name)
{
	return (int)strlen(name) == n && memcmp(op, name, n) == 0;
}

static void do_form(Reader *rd, gpointer res, const GState *gs, const char *name)
{
	if (!rd->res || !rd->res->form || rd->depth >= MAX_FORM_DEPTH ||
	    rd->forms >= MAX_FORMS || rd->bytes >= MAX_BYTES)
		return;
	QkContentForm f = { 0 };
	if (!rd->res->form(rd->res->ctx, res, name, &f))
		return;
	rd->forms++;
	if (f.len <= MAX_BYTES - rd->bytes) {
		GState sub = *gs;
		concat(sub.m, f.matrix, gs->m);
		g_array_set_size(rd->path, 0);
		rd->bytes += f.len;
		rd->depth++;
		run(rd, f.data, f.len, f.resources ? f.resources : res, &sub);
		rd->depth--;
		g_array_set_size(rd->path, 0);
	}
	if (rd->res->form_done)
		rd->res->form_done(rd->res->ctx, &f);
}

/* Sets a colour from the operands of sc/scn (and the like) in space k. */
static double color_operands(QkColorKind k, const Operand *ops, int nops)
{
	double v[4];
	int n = 0;
	if (nops > 0 && ops[nops - 1].type == OP_NAME)
		return 0;   /* a pattern: ink */
	while (n < 4 && n < nops && ops[nops - 1 - n].type == OP_NUM)
		n++;
	for (int i = 0; i < n; i++)
		v[i] = ops[nops - n + i].num;
	return luma(k, v, n);
}

/* The q/Q stack of one stream. */
typedef struct {
	GArray *saved;        /* of GState */
	int overflow;         /* saves beyond MAX_SAVED, not kept */
} Saves;

static void operator(Reader *rd, const char *op, int n, const Operand *ops, int nops,
                     GState *gs, Saves *st, gpointer res)
{
	double v[6];
	char name[128];
	switch (op[0]) {
	case 'q':
		if (n == 1 && st->saved->len < MAX_SAVED)
			g_array_append_val(st->saved, *gs);
		else if (n == 1)
			st->overflow++;
		return;
	case 'Q':
		if (n == 1 && st->overflow > 0) {
			st->overflow--;
		} else if (n == 1 && st->saved->len > 0) {
			*gs = g_array_index(st->saved, GState, st->saved->len - 1);
			g_array_set_size(st->saved, st->saved->len - 1);
		}
		return;
	case 'c':
		if (n == 2 && op[1] == 'm' && take(ops, nops, 6, v)) {
			double m[6];
			concat(m, v, gs->m);
			gboolean ok = TRUE;
			for (int i = 0; i < 6; i++)
				ok = ok && isfinite(m[i]);
			if (ok)
				memcpy(gs->m, m, sizeof m);
		} else if (n == 1 && take(ops, nops, 6, v)) {
			add_point(rd, gs, v[4], v[5], PT_CURVE);
		} else if (n == 2 && op[1] == 's' && take_name(ops, nops, name, sizeof name)) {
			gs->fcs = space_kind(rd, res, name);
			gs->fluma = 0;
		}
		return;
	case 'C':
		if (n == 2 && op[1] == 'S' && take_name(ops, nops, name, sizeof name)) {
			gs->scs = space_kind(rd, res, name);
			gs->sluma = 0;
		}
		return;
	case 'w':
		if (n == 1 && take(ops, nops, 1, v))
			gs->lw = fabs(v[0]);
		return;
	case 'J':
		if (n == 1 && take(ops, nops, 1, v))
			gs->cap = (int)CLAMP(v[0], 0, 2);
		return;
	case 'g':
	case 'G': {
		gboolean fillc = op[0] == 'g';
		if (n == 1 && take(ops, nops, 1, v)) {
			*(fillc ? &gs->fcs : &gs->scs) = QK_CS_GRAY;
			*(fillc ? &gs->fluma : &gs->sluma) = luma(QK_CS_GRAY, v, 1);
		}
		return;
	}
	case 'r':
	case 'R':
		if (n == 2 && (op[1] == 'g' || op[1] == 'G') && take(ops, nops, 3, v)) {
			gboolean fillc = op[0] == 'r';
			*(fillc ? &gs->fcs : &gs->scs) = QK_CS_RGB;
			*(fillc ? &gs->fluma : &gs->sluma) = luma(QK_CS_RGB, v, 3);
		} else if (n == 2 && op[0] == 'r' && op[1] == 'e' && take(ops, nops, 4, v)) {
			add_point(rd, gs, v[0], v[1], PT_MOVE);
			add_point(rd, gs, v[0] + v[2], v[1], PT_LINE);
			add_point(rd, gs, v[0] + v[2], v[1] + v[3], PT_LINE);
			add_point(rd, gs, v[0], v[1] + v[3], PT_LINE);
			add_point(rd, gs, v[0], v[1], PT_CLOSE);
		}
		return;
	case 'k':
	case 'K':
		if (n == 1 && take(ops, nops, 4, v)) {
			gboolean fillc = op[0] == 'k';
			*(fillc ? &gs->fcs : &gs->scs) = QK_CS_CMYK;
			*(fillc ? &gs->fluma : &gs->sluma) = luma(QK_CS_CMYK, v, 4);
		}
		return;
	case 's':
		if (is_op(op, n, "sc") || is_op(op, n, "scn"))
			gs->fluma = color_operands(gs->fcs, ops, nops);
		else if (n == 1) {   /* s: close and stroke */
			add_point(rd, gs, 0, 0, PT_CLOSE);
			stroke(rd, gs);
			end_path(rd, gs);
		}
		return;
	case 'S':
		if (is_op(op, n, "SC") || is_op(op, n, "SCN"))
			gs->sluma = color_operands(gs->scs, ops, nops);
		else if (n == 1) {
			stroke(rd, gs);
			end_path(rd, gs);
		}
		return;
	case 'm':
		if (n == 1 && take(ops, nops, 2, v))
			add_point(rd, gs, v[0], v[1], PT_MOVE);
		return;
	case 'l':
		if (n == 1 && take(ops, nops, 2, v))
			add_point(rd, gs, v[0], v[1], rd->path->len ? PT_LINE : PT_MOVE);
		return;
	case 'v':
	case 'y':
		if (n == 1 && take(ops, nops, 4, v))
			add_point(rd, gs, v[2], v[3], PT_CURVE);
		return;
	case 'h':
		if (n == 1)
			add_point(rd, gs, 0, 0, PT_CLOSE);
		return;
	case 'f':
	case 'F':
		if (n == 1 || is_op(op, n, "f*"))
			fill(rd, gs);
		end_path(rd, gs);
		return;
	case 'b':
	case 'B':
		if (n > 2 || (n == 2 && op[1] != '*'))
			return;
		if (op[0] == 'b')
			add_point(rd, gs, 0, 0, PT_CLOSE);
		fill(rd, gs);
		stroke(rd, gs);
		end_path(rd, gs);
		return;
	case 'n':
		if (n == 1)
			end_path(rd, gs);
		return;
	case 'W':
		if (n == 1 || is_op(op, n, "W*"))
			rd->clip_next = TRUE;
		return;
	case 'D':
		if (is_op(op, n, "Do") && take_name(ops, nops, name, sizeof name))
			do_form(rd, res, gs, name);
		return;
	default:
		return;
	}
}

static void run(Reader *rd, const guint8 *p, gsize len, gpointer res, const GState *init)
{
	GState gs = *init;
	Saves st = { g_array_new(FALSE, FALSE, sizeof(GState)), 0 };
	Operand ops[MAX_OPERANDS];
	int nops = 0;
	gsize i = 0;
	while (i < len && rd->ops < MAX_OPS) {
		guint8 c = p[i];
		Operand o = { OP_OTHER, 0, NULL, 0 };
		if (is_space(c)) {
			i++;
			continue;
		}
		if (c == '%') {
			while (i < len && p[i] != '\n' && p[i] != '\r')
				i++;
			continue;
		}
		if (c == '/') {
			gsize s = ++i;
			while (i < len && is_regular(p[i]))
				i++;
			o.type = OP_NAME;
			o.s = (const char *)p + s;
			o.len = (int)MIN(i - s, 1024);
		} else if (c == '(' || c == '[' || c == '<') {
			i = skip_object(p, len, i);
		} else if (is_delim(c)) {
			i++;   /* a stray closing delimiter */
			continue;
		} else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
			o.type = OP_NUM;
			o.num = parse_number(p, len, i, &i);
			if (!isfinite(o.num))
				o.type = OP_OTHER;
		} else {
			gsize s = i;
			while (i < len && is_regular(p[i]))
				i++;
			rd->ops++;
			const char *op = (const char *)p + s;
			int n = (int)(i - s);
			if (n <= 3)
				operator(rd, op, n, ops, nops, &gs, &st, res);
			if (is_op(op, n, "BI"))
				i = skip_inline_image(p, len, i);
			nops = 0;
			continue;
		}
		if (nops == MAX_OPERANDS) {
			memmove(ops, ops + 1, sizeof ops[0] * (MAX_OPERANDS - 1));
			nops--;
		}
		ops[nops++] = o;
	}
	g_array_unref(st.saved);
}

void qk_content_rules(const guint8 *data, gsize len, gpointer resources,
                      const double base[6], double w, double h,
                      const QkContentResolver *resolver,
                      GArray *hpieces, GArray *vpieces)
{
	Reader rd = { resolver, w, h, hpieces, vpieces,
	              g_array_new(FALSE, FALSE, sizeof(PathPt)), FALSE, 0, 0, 0,
	              MIN(len, MAX_BYTES) };
	GState gs = { { 0 }, 1, 0, QK_CS_GRAY, QK_CS_GRAY, 0, 0, { 0, 0, w, h } };
	memcpy(gs.m, base, sizeof gs.m);
	if (data && len)
		run(&rd, data, len, resources, &gs);
	g_array_unref(rd.path);
}
