/*
 * vector.c — a page's vector drawing, read with qpdf, for table rules.
 *
 * Poppler's GLib API gives no access to paths, and rendering a page to
 * trace its rules loads and rasterises every font on it: most of the time
 * spent on a table page. qpdf hands over the decoded content streams and
 * resources instead, and content.c reads them for straight lines without
 * touching a font.
 *
 * Page space must be exactly the one Poppler gives glyphs in (the crop box,
 * clipped to the media box, rotated, top-left origin), so the page size
 * computed here is checked against Poppler's: a page that differs, or that
 * qpdf cannot read, is left to the render tracer (rules.c).
 *
 * libqpdf is opened with GModule on the first table page rather than linked:
 * loading it and the crypto libraries it pulls in cost every qikan process
 * about 3 ms, and normalize, export and issues without tables never use it.
 * Should it fail to load, every page is left to the render tracer.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <qpdf/qpdf-c.h>
#include "vector.h"
#include "content.h"
#include "pagecost.h"
#include "dynlib.h"

/* The libqpdf functions used here, called through Q. */
#define QPDF_FUNCTIONS(X) \
	X(qpdf_init) X(qpdf_cleanup) X(qpdf_silence_errors) X(qpdf_set_suppress_warnings) \
	X(qpdf_read) X(qpdf_push_inherited_attributes_to_page) X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) X(qpdf_oh_get_page_content_data) X(qpdf_oh_release_all) \
	X(qpdf_oh_get_key_if_dict) X(qpdf_oh_get_dict) X(qpdf_oh_get_stream_data) \
	X(qpdf_oh_is_array) X(qpdf_oh_get_array_n_items) X(qpdf_oh_get_array_item) \
	X(qpdf_oh_is_number) X(qpdf_oh_get_numeric_value) X(qpdf_oh_is_integer) \
	X(qpdf_oh_get_int_value) X(qpdf_oh_get_int_value_as_int) X(qpdf_oh_is_name) \
	X(qpdf_oh_get_name) X(qpdf_oh_is_name_and_equals) X(qpdf_oh_is_stream) \
	X(qpdf_oh_is_dictionary) X(qpdf_oh_begin_dict_key_iter) X(qpdf_oh_dict_more_keys) \
	X(qpdf_oh_dict_next_key) X(qpdf_has_error) X(qpdf_get_error) \
	X(qpdf_oh_get_object_id)

static struct {
	QPDF_FUNCTIONS(QK_DYNLIB_FIELD)
} Q;
#define SYM(f) { #f, (gpointer *)&Q.f },
static const QkDynSym qpdf_syms[] = { QPDF_FUNCTIONS(SYM) };
#undef SYM

/* Opens libqpdf once per process; FALSE when it cannot be loaded. */
static gboolean load_qpdf(void)
{
	static QkDynlib lib;
	return qk_dynlib_load(&lib, QK_QPDF_SONAME, qpdf_syms, G_N_ELEMENTS(qpdf_syms));
}

/* One per issue, shared by its reading threads: qpdf parses the whole page
 * tree on opening (on a Chromium issue with object streams, 30 M
 * instructions a page, more than Poppler's whole reading) and again to free
 * it, so it is opened once and each call holds the lock. A GRecMutex, as
 * extract.c's render lock, for ThreadSanitizer's sake. */
struct QkVector {
	char *path, *password;
	int npages;         /* Poppler's page count, checked against qpdf's */
	qpdf_data q;        /* NULL until first used */
	gboolean broken;    /* qpdf could not read the document */
	GRecMutex lock;
};

QkVector *qk_vector_new(const char *path, const char *password, int npages)
{
	QkVector *v = g_new0(QkVector, 1);
	v->path = g_strdup(path);
	v->password = g_strdup(password);
	v->npages = npages;
	g_rec_mutex_init(&v->lock);
	return v;
}

void qk_vector_free(QkVector *v)
{
	if (!v)
		return;
	/* an error left unread is printed to stderr by qpdf_cleanup */
	if (v->q && Q.qpdf_has_error(v->q))
		(void)Q.qpdf_get_error(v->q);
	if (v->q)
		Q.qpdf_cleanup(&v->q);
	g_rec_mutex_clear(&v->lock);
	g_free(v->path);
	g_free(v->password);
	g_free(v);
}

/* Opens the document on first use; FALSE when qpdf cannot read it or sees
 * other pages than Poppler. */
static gboolean ensure_open(QkVector *v)
{
	if (v->q || v->broken)
		return !v->broken;
	if (!load_qpdf()) {
		v->broken = TRUE;
		return FALSE;
	}
	v->q = Q.qpdf_init();
	Q.qpdf_silence_errors(v->q);
	Q.qpdf_set_suppress_warnings(v->q, QPDF_TRUE);
	if ((Q.qpdf_read(v->q, v->path, v->password) & QPDF_ERRORS) ||
	    (Q.qpdf_push_inherited_attributes_to_page(v->q) & QPDF_ERRORS) ||
	    Q.qpdf_get_num_pages(v->q) != v->npages)
		v->broken = TRUE;
	return !v->broken;
}

static qpdf_oh key(qpdf_data q, qpdf_oh dict, const char *name)
{
	return Q.qpdf_oh_get_key_if_dict(q, dict, name);
}

/* A rectangle [x1 y1 x2 y2], normalised; FALSE when absent or malformed. */
static gboolean get_box(qpdf_data q, qpdf_oh page, const char *name, double b[4])
{
	qpdf_oh a = key(q, page, name);
	if (!Q.qpdf_oh_is_array(q, a) || Q.qpdf_oh_get_array_n_items(q, a) != 4)
		return FALSE;
	for (int i = 0; i < 4; i++) {
		qpdf_oh n = Q.qpdf_oh_get_array_item(q, a, i);
		if (!Q.qpdf_oh_is_number(q, n))
			return FALSE;
		b[i] = Q.qpdf_oh_get_numeric_value(q, n);
		if (!isfinite(b[i]))
			return FALSE;
	}
	double t;
	if (b[0] > b[2]) { t = b[0]; b[0] = b[2]; b[2] = t; }
	if (b[1] > b[3]) { t = b[1]; b[1] = b[3]; b[3] = t; }
	return TRUE;
}

/* Poppler's page transform (GfxState, 72 dpi, upside down) for the crop box
 * b and rotation rot; the rotated page size in *w, *h. */
static void page_matrix(const double b[4], int rot, double m[6], double *w, double *h)
{
	double px1 = b[0], py1 = b[1], px2 = b[2], py2 = b[3];
	switch (rot) {
	case 90:
		m[0] = 0; m[1] = 1; m[2] = 1; m[3] = 0; m[4] = -py1; m[5] = -px1;
		break;
	case 180:
		m[0] = -1; m[1] = 0; m[2] = 0; m[3] = 1; m[4] = px2; m[5] = -py1;
		break;
	case 270:
		m[0] = 0; m[1] = -1; m[2] = -1; m[3] = 0; m[4] = py2; m[5] = px2;
		break;
	default:
		m[0] = 1; m[1] = 0; m[2] = 0; m[3] = -1; m[4] = -px1; m[5] = py2;
		break;
	}
	gboolean sideways = rot == 90 || rot == 270;
	*w = sideways ? py2 - py1 : px2 - px1;
	*h = sideways ? px2 - px1 : py2 - py1;
}

/* ---- the resolver content.c asks about resources ------------------------ */

#define OH(p) ((qpdf_oh)GPOINTER_TO_UINT(p))

static gboolean form(gpointer ctx, gpointer res, const char *name, QkContentForm *f)
{
	qpdf_data q = ctx;
	char *k = g_strconcat("/", name, NULL);
	qpdf_oh xo = key(q, key(q, OH(res), "/XObject"), k);
	g_free(k);
	if (!Q.qpdf_oh_is_stream(q, xo))
		return FALSE;
	qpdf_oh dict = Q.qpdf_oh_get_dict(q, xo);
	if (!Q.qpdf_oh_is_name_and_equals(q, key(q, dict, "/Subtype"), "/Form"))
		return FALSE;
	unsigned char *buf = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	if ((Q.qpdf_oh_get_stream_data(q, xo, qpdf_dl_generalized, &filtered, &buf, &len) &
	     QPDF_ERRORS) || !filtered) {
		free(buf);
		return FALSE;
	}
	double m[6] = { 1, 0, 0, 1, 0, 0 };
	qpdf_oh mat = key(q, dict, "/Matrix");
	if (Q.qpdf_oh_is_array(q, mat) && Q.qpdf_oh_get_array_n_items(q, mat) == 6) {
		for (int i = 0; i < 6; i++) {
			qpdf_oh n = Q.qpdf_oh_get_array_item(q, mat, i);
			if (Q.qpdf_oh_is_number(q, n))
				m[i] = Q.qpdf_oh_get_numeric_value(q, n);
		}
	}
	qpdf_oh fres = key(q, dict, "/Resources");
	f->data = buf;
	f->len = len;
	memcpy(f->matrix, m, sizeof m);
	f->resources = Q.qpdf_oh_is_dictionary(q, fres) ? GUINT_TO_POINTER(fres) : NULL;
	f->priv = buf;
	return TRUE;
}

static void form_done(gpointer ctx, QkContentForm *f)
{
	(void)ctx;
	free(f->priv);
}

static QkColorKind color_space(gpointer ctx, gpointer res, const char *name)
{
	qpdf_data q = ctx;
	char *k = g_strconcat("/", name, NULL);
	qpdf_oh cs = key(q, key(q, OH(res), "/ColorSpace"), k);
	g_free(k);
	qpdf_oh family = cs;
	if (Q.qpdf_oh_is_array(q, cs) && Q.qpdf_oh_get_array_n_items(q, cs) > 0)
		family = Q.qpdf_oh_get_array_item(q, cs, 0);
	if (!Q.qpdf_oh_is_name(q, family))
		return QK_CS_INK;
	const char *f = Q.qpdf_oh_get_name(q, family);
	if (g_str_equal(f, "/DeviceGray") || g_str_equal(f, "/CalGray"))
		return QK_CS_GRAY;
	if (g_str_equal(f, "/DeviceRGB") || g_str_equal(f, "/CalRGB"))
		return QK_CS_RGB;
	if (g_str_equal(f, "/DeviceCMYK"))
		return QK_CS_CMYK;
	if (g_str_equal(f, "/Separation") || g_str_equal(f, "/DeviceN"))
		return QK_CS_TINT;
	if (g_str_equal(f, "/ICCBased") && Q.qpdf_oh_get_array_n_items(q, cs) > 1) {
		qpdf_oh icc = Q.qpdf_oh_get_array_item(q, cs, 1);
		qpdf_oh n = Q.qpdf_oh_is_stream(q, icc) ? key(q, Q.qpdf_oh_get_dict(q, icc), "/N") : 0;
		switch (n && Q.qpdf_oh_is_integer(q, n) ? Q.qpdf_oh_get_int_value_as_int(q, n) : 0) {
		case 1: return QK_CS_GRAY;
		case 3: return QK_CS_RGB;
		case 4: return QK_CS_CMYK;
		default: return QK_CS_INK;
		}
	}
	return QK_CS_INK;
}

static gboolean rules_locked(QkVector *v, int index, double width, double height,
                             GArray *hpieces, GArray *vpieces)
{
	if (!v || !ensure_open(v) || index < 1 || index > v->npages)
		return FALSE;
	qpdf_data q = v->q;
	qpdf_oh page = Q.qpdf_get_page_n(q, (size_t)index - 1);
	double media[4], crop[4], m[6], w, h;
	gboolean ok = get_box(q, page, "/MediaBox", media);
	if (ok && !get_box(q, page, "/CropBox", crop))
		memcpy(crop, media, sizeof crop);
	if (ok) {
		/* as Poppler's PageAttrs: a crop box wider (taller) than the
		 * media box takes the media box's extent, then it is clipped */
		for (int i = 0; i < 2; i++) {
			if (crop[i + 2] - crop[i] > media[i + 2] - media[i]) {
				crop[i] = media[i];
				crop[i + 2] = media[i + 2];
			}
			crop[i] = CLAMP(crop[i], media[i], media[i + 2]);
			crop[i + 2] = CLAMP(crop[i + 2], media[i], media[i + 2]);
		}
	}
	int rot = 0;
	qpdf_oh r = key(q, page, "/Rotate");
	if (Q.qpdf_oh_is_integer(q, r)) {
		rot = (int)(Q.qpdf_oh_get_int_value(q, r) % 360);
		rot = rot < 0 ? rot + 360 : rot;
		rot = rot % 90 ? 0 : rot;
	}
	unsigned char *buf = NULL;
	size_t len = 0;
	if (ok) {
		page_matrix(crop, rot, m, &w, &h);
		ok = fabs(w - width) < 0.5 && fabs(h - height) < 0.5 &&
		     !(Q.qpdf_oh_get_page_content_data(q, page, &buf, &len) & QPDF_ERRORS);
	}
	if (ok) {
		QkContentResolver res = { form, form_done, color_space, q };
		qpdf_oh resources = key(q, page, "/Resources");
		qk_content_rules(buf, len, GUINT_TO_POINTER(resources), m, w, h, &res,
		                 hpieces, vpieces);
	}
	free(buf);
	/* handles pile up in the qpdf_data until released */
	Q.qpdf_oh_release_all(q);
	return ok;
}

/* ---- what a page would cost Poppler (pagecost.h) ------------------------- */

/* Counts one stream: FlateDecode inflated a piece at a time, other filters
 * (rare in content, and none of them a bomb) decoded by qpdf. */
static gboolean cost_stream(qpdf_data q, qpdf_oh stream, QkPageCost *cost)
{
	if (!Q.qpdf_oh_is_stream(q, stream))
		return TRUE;
	qpdf_oh dict = Q.qpdf_oh_get_dict(q, stream);
	qpdf_oh filter = key(q, dict, "/Filter");
	if (Q.qpdf_oh_is_array(q, filter) && Q.qpdf_oh_get_array_n_items(q, filter) == 1)
		filter = Q.qpdf_oh_get_array_item(q, filter, 0);
	gboolean flate = Q.qpdf_oh_is_name_and_equals(q, filter, "/FlateDecode") &&
	                 !Q.qpdf_oh_is_dictionary(q, key(q, dict, "/DecodeParms"));
	gboolean raw = flate || !(Q.qpdf_oh_is_name(q, filter) || Q.qpdf_oh_is_array(q, filter));
	unsigned char *buf = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	gboolean ok = TRUE;
	if (!(Q.qpdf_oh_get_stream_data(q, stream, raw ? qpdf_dl_none : qpdf_dl_all,
	                                 &filtered, &buf, &len) & QPDF_ERRORS))
		ok = flate ? qk_page_cost_inflate(cost, buf, len)
		           : qk_page_cost_feed(cost, buf, len);
	free(buf);
	return ok;
}

static gboolean page_cost_locked(QkVector *v, int index, QkPageCost *cost)
{
	if (!v || !ensure_open(v) || index < 1 || index > v->npages)
		return FALSE;
	qpdf_data q = v->q;
	qpdf_oh page = Q.qpdf_get_page_n(q, (size_t)index - 1);
	qpdf_oh contents = key(q, page, "/Contents");
	gboolean ok = TRUE;
	if (Q.qpdf_oh_is_array(q, contents)) {
		int n = Q.qpdf_oh_get_array_n_items(q, contents);
		for (int i = 0; ok && i < n; i++)
			ok = cost_stream(q, Q.qpdf_oh_get_array_item(q, contents, i), cost);
	} else {
		ok = cost_stream(q, contents, cost);
	}
	/* and the form XObjects the page names, each once */
	qpdf_oh xobjects = key(q, key(q, page, "/Resources"), "/XObject");
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	if (Q.qpdf_oh_is_dictionary(q, xobjects)) {
		Q.qpdf_oh_begin_dict_key_iter(q, xobjects);
		while (Q.qpdf_oh_dict_more_keys(q))
			g_ptr_array_add(names, g_strdup(Q.qpdf_oh_dict_next_key(q)));
	}
	for (guint i = 0; ok && i < names->len; i++) {
		qpdf_oh xo = key(q, xobjects, g_ptr_array_index(names, i));
		if (Q.qpdf_oh_is_stream(q, xo) &&
		    Q.qpdf_oh_is_name_and_equals(q, key(q, Q.qpdf_oh_get_dict(q, xo), "/Subtype"), "/Form"))
			ok = cost_stream(q, xo, cost);
	}
	g_ptr_array_unref(names);
	Q.qpdf_oh_release_all(q);
	return TRUE;
}

/* ---- the images a page draws (vector.h) ---------------------------------- */

/* Forms in forms deeper than this are not followed: Poppler stops at a
 * nesting far below what a hostile file can build, and a page's own images
 * are a level or two down. */
#define IMAGE_FORM_DEPTH 16

/* Adds the pixels of the image XObjects in resources res, and of those its
 * forms name, each object once (seen: object ids). */
static void add_images(qpdf_data q, qpdf_oh res, GHashTable *seen, int depth,
                       QkPageImages *im)
{
	qpdf_oh xobjects = key(q, res, "/XObject");
	if (depth > IMAGE_FORM_DEPTH || !Q.qpdf_oh_is_dictionary(q, xobjects))
		return;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	Q.qpdf_oh_begin_dict_key_iter(q, xobjects);
	while (Q.qpdf_oh_dict_more_keys(q))
		g_ptr_array_add(names, g_strdup(Q.qpdf_oh_dict_next_key(q)));
	for (guint i = 0; i < names->len; i++) {
		qpdf_oh xo = key(q, xobjects, g_ptr_array_index(names, i));
		int id = Q.qpdf_oh_get_object_id(q, xo);
		if (!Q.qpdf_oh_is_stream(q, xo) ||
		    (id > 0 && !g_hash_table_add(seen, GINT_TO_POINTER(id))))
			continue;
		qpdf_oh dict = Q.qpdf_oh_get_dict(q, xo);
		if (Q.qpdf_oh_is_name_and_equals(q, key(q, dict, "/Subtype"), "/Form")) {
			add_images(q, key(q, dict, "/Resources"), seen, depth + 1, im);
		} else if (Q.qpdf_oh_is_name_and_equals(q, key(q, dict, "/Subtype"), "/Image")) {
			qpdf_oh w = key(q, dict, "/Width"), h = key(q, dict, "/Height");
			double px = Q.qpdf_oh_is_number(q, w) && Q.qpdf_oh_is_number(q, h)
			            ? MAX(Q.qpdf_oh_get_numeric_value(q, w), 0) *
			              MAX(Q.qpdf_oh_get_numeric_value(q, h), 0) : 0;
			im->largest = MAX(im->largest, px);
			im->total += px;
			im->count++;
		}
	}
	g_ptr_array_unref(names);
}

static gboolean page_images_locked(QkVector *v, int index, QkPageImages *images)
{
	*images = (QkPageImages){ 0, 0, 0 };
	if (!v || !ensure_open(v) || index < 1 || index > v->npages)
		return FALSE;
	qpdf_data q = v->q;
	qpdf_oh page = Q.qpdf_get_page_n(q, (size_t)index - 1);
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	add_images(q, key(q, page, "/Resources"), seen, 0, images);
	g_hash_table_destroy(seen);
	Q.qpdf_oh_release_all(q);
	return TRUE;
}

/* ---- the entry points: one thread at a time in qpdf ---------------------- */

static gboolean lock(QkVector *v)
{
	if (v)
		g_rec_mutex_lock(&v->lock);
	return v != NULL;
}

gboolean qk_vector_rules(QkVector *v, int index, double width, double height,
                         GArray *hpieces, GArray *vpieces)
{
	gboolean ok = lock(v) && rules_locked(v, index, width, height, hpieces, vpieces);
	if (v)
		g_rec_mutex_unlock(&v->lock);
	return ok;
}

gboolean qk_vector_page_cost(QkVector *v, int index, QkPageCost *cost)
{
	gboolean ok = lock(v) && page_cost_locked(v, index, cost);
	if (v)
		g_rec_mutex_unlock(&v->lock);
	return ok;
}

gboolean qk_vector_page_images(QkVector *v, int index, QkPageImages *images)
{
	*images = (QkPageImages){ 0, 0, 0 };
	gboolean ok = lock(v) && page_images_locked(v, index, images);
	if (v)
		g_rec_mutex_unlock(&v->lock);
	return ok;
}
