/*
 * fuzz_content.c — libFuzzer target: the content-stream reader
 * (extract/content.c) on arbitrary bytes. The bytes are the page's content
 * and also every form XObject it names (so forms recurse into themselves,
 * with a matrix chosen by the name), and colour-space names map to every
 * kind. Checks what the reader promises: pieces inside the page, thin,
 * finite, bounded in number, and each form it opens closed again.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include "content.h"

typedef struct {
	const uint8_t *data;
	size_t size;
	int open;           /* forms handed out and not yet done */
} Ctx;

static const double form_matrices[][6] = {
	{ 1, 0, 0, 1, 0, 0 },
	{ 1, 0, 0, 1, 0, 10 },
	{ 0.5, 0, 0, 0.5, 20, 20 },
	{ 0, 1, -1, 0, 300, 0 },      /* quarter turn */
	{ 2, 0, 0, 2, 0, 0 },
	{ 0, 0, 0, 0, 0, 0 },         /* degenerate */
	{ 1e300, 0, 0, -1e300, 0, 0 }, /* overflows to infinity */
};

static gboolean form(gpointer ctx, gpointer res, const char *name, QkContentForm *f)
{
	Ctx *c = ctx;
	(void)res;
	if (!name[0] || name[0] == 'I')
		return FALSE;   /* an image, or nothing */
	guint hash = g_str_hash(name);
	f->data = c->data;
	f->len = c->size;
	memcpy(f->matrix, form_matrices[hash % G_N_ELEMENTS(form_matrices)], sizeof f->matrix);
	f->resources = hash & 1 ? GUINT_TO_POINTER(hash | 1) : NULL;
	f->priv = c;
	c->open++;
	return TRUE;
}

static void form_done(gpointer ctx, QkContentForm *f)
{
	Ctx *c = ctx;
	if (f->priv != c || c->open <= 0)
		abort();   /* done for a form never handed out */
	c->open--;
}

static QkColorKind color_space(gpointer ctx, gpointer res, const char *name)
{
	(void)ctx;
	(void)res;
	return (QkColorKind)(g_str_hash(name) % (QK_CS_INK + 1));
}

static void check(const GArray *pieces, double along, double across)
{
	for (guint i = 0; i < pieces->len; i++) {
		const QkRule *r = &g_array_index(pieces, QkRule, i);
		if (!isfinite(r->pos) || !isfinite(r->a) || !isfinite(r->b) ||
		    !isfinite(r->width) || r->pos < 0 || r->pos > across || r->a < 0 ||
		    r->b > along || r->b - r->a < 0.5 || r->width < 0.1 ||
		    r->width > QK_RULE_MAX_WIDTH)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the page's rotation follows from the size: each input is read one way */
	static const double bases[4][6] = {
		{ 1, 0, 0, -1, 0, 842 },     /* 0 */
		{ 0, 1, 1, 0, 0, 0 },        /* 90 */
		{ -1, 0, 0, 1, 595, 0 },     /* 180 */
		{ 0, -1, -1, 0, 842, 595 },  /* 270 */
	};
	int rot = (int)(size % 4);
	double w = rot % 2 ? 842 : 595, h = rot % 2 ? 595 : 842;
	Ctx c = { data, size, 0 };
	QkContentResolver res = { form, form_done, color_space, &c };
	GArray *hp = g_array_new(FALSE, FALSE, sizeof(QkRule));
	GArray *vp = g_array_new(FALSE, FALSE, sizeof(QkRule));
	qk_content_rules(data, size, GUINT_TO_POINTER(1), bases[rot], w, h, &res, hp, vp);
	if (c.open != 0 || hp->len + vp->len > 100000)
		abort();
	check(hp, w, h);
	check(vp, h, w);
	g_array_unref(hp);
	g_array_unref(vp);
	return 0;
}
