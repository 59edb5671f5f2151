/*
 * pagedoc.cc — a page's objects read with Poppler's core API (pagedoc.h).
 *
 * C++ (as fontcache.cc): Poppler's GLib API hands out neither a page's
 * content streams nor its resources, nor the words under its text calls.
 * Everything here is read through one PDFDoc of the guard's own, which
 * pagedoc.h's callers use one thread at a time, but a page's text, read
 * through the PopplerPage's own core page; no exception leaves this file.
 */
#include "pagedoc.h"
#include "content.h"

#include <math.h>
#include <string.h>

#include <memory>
#include <optional>
#include <vector>

#include <Gfx.h>
#include <GlobalParams.h>
#include <Object.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <UnicodeMap.h>

#include <poppler.h>
#include <zlib.h>

struct QkPageDoc {
	std::unique_ptr<GlobalParamsIniter> initer;
	std::unique_ptr<PDFDoc> owned;   /* opened here (qk_page_doc_open) */
	PDFDoc *doc = nullptr;           /* owned's, or a reading thread's */
};

/* Poppler's messages about a damaged file: the reading threads' documents
 * meet the same damage, and Poppler's GLib API reports it there. */
static void quiet(ErrorCategory, Goffset, const char *)
{
}

QkPageDoc *qk_page_doc_open(const char *path, const char *password)
{
	try {
		auto d = std::make_unique<QkPageDoc>();
		/* the reading threads' documents hold Poppler's global
		 * parameters already: this only counts one more user */
		d->initer = std::make_unique<GlobalParamsIniter>(quiet);
		std::optional<GooString> pw;
		if (password)
			pw.emplace(password);
		/* as poppler_document_new_from_file: one password for both */
		d->owned = std::make_unique<PDFDoc>(std::make_unique<GooString>(path), pw, pw);
		if (!d->owned->isOk())
			return nullptr;
		d->doc = d->owned.get();
		return d.release();
	} catch (...) {
		return nullptr;
	}
}

#ifdef QK_POPPLER_GLIB_LAYOUT
/* The first members of poppler-glib's PopplerPage (glib/poppler-private.h,
 * not installed): the same since poppler-glib began, and 22.12's, which
 * meson builds this against (QK_POPPLER_GLIB_LAYOUT, as fontcache.cc). */
struct PopplerPageHead {
	GObject parent_instance;
	PopplerDocument *document;
	Page *page;
	int index;
};
#endif

QkPageDoc *qk_page_doc_borrow(PopplerDocument *pdoc)
{
#ifdef QK_POPPLER_GLIB_LAYOUT
	int n = pdoc ? poppler_document_get_n_pages(pdoc) : 0;
	PopplerPage *pp = n > 0 ? poppler_document_get_page(pdoc, 0) : nullptr;
	if (!pp)
		return nullptr;
	QkPageDoc *d = nullptr;
	try {
		const auto *head = reinterpret_cast<const PopplerPageHead *>(pp);
		/* the members before the page say the layout is the one above */
		PDFDoc *doc = head->document == pdoc && head->index == 0 && head->page
		              ? head->page->getDoc() : nullptr;
		if (doc && doc->getNumPages() == n && doc->getPage(1) == head->page) {
			d = new QkPageDoc;
			d->doc = doc;
		}
	} catch (...) {
		d = nullptr;
	}
	g_object_unref(pp);
	return d;
#else
	(void)pdoc;
	return nullptr;
#endif
}

void qk_page_doc_free(QkPageDoc *d)
{
	delete d;
}

/* ---- what a page would cost Poppler -------------------------------------- */

enum { COST_CHUNK = 1 << 16 };

/* A stream whose one filter is FlateDecode without a predictor: what zlib
 * inflates as Poppler's own decoder does. */
static bool plain_flate(Stream *s)
{
	Dict *dict = s->getDict();
	if (!dict)
		return false;
	Object filter = dict->lookup("Filter");
	if (filter.isArray() && filter.arrayGetLength() == 1)
		filter = filter.arrayGet(0);
	if (!filter.isName("FlateDecode") && !filter.isName("Fl"))
		return false;
	Object parms = dict->lookup("DecodeParms");
	if (parms.isNull())
		parms = dict->lookup("DP");
	if (parms.isArray() && parms.arrayGetLength() == 1)
		parms = parms.arrayGet(0);
	if (parms.isNull())
		return true;
	Object predictor = parms.isDict() ? parms.dictLookup("Predictor") : Object(objNull);
	return parms.isDict() && (predictor.isNull() || (predictor.isInt() && predictor.getInt() == 1));
}

/* Counts a plain FlateDecode stream (plain_flate) inflated by zlib, in the
 * pieces Poppler's decoder gives (COST_CHUNK bytes, the last one shorter):
 * Poppler's own inflate took 3/4 of the instructions of counting a page.
 * FALSE when zlib does not inflate the whole stream cleanly (a damaged or
 * truncated stream, a preset dictionary, a bad checksum): cost is then
 * where it was, and Poppler's decoder counts it, as it will read it. *ok
 * FALSE when a bound was passed. */
static bool cost_flate(Stream *s, QkPageCost *cost, bool *ok)
{
	Stream *raw = s->getUndecodedStream();
	if (!raw || raw == s)
		return false;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return false;
	enum { RAW_CHUNK = 1 << 14 };
	std::unique_ptr<unsigned char[]> in(new unsigned char[RAW_CHUNK]);
	std::unique_ptr<unsigned char[]> out(new unsigned char[COST_CHUNK]);
	raw->reset();
	int rc = Z_OK;
	*ok = true;
	bool fed = true;
	while (*ok && rc != Z_STREAM_END) {
		z.next_out = out.get();
		z.avail_out = COST_CHUNK;
		while (z.avail_out > 0 && rc != Z_STREAM_END) {
			if (z.avail_in == 0) {
				int got = raw->doGetChars(RAW_CHUNK, in.get());
				if (got <= 0)
					break;   /* the data ends before the stream */
				z.next_in = in.get();
				z.avail_in = (uInt)got;
			}
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END)
				break;
		}
		if (rc != Z_STREAM_END && z.avail_out > 0) {
			fed = false;   /* not inflated to its end */
			break;
		}
		gsize got = COST_CHUNK - z.avail_out;
		if (got > 0)
			*ok = qk_page_cost_piece(cost, out.get(), got);
	}
	inflateEnd(&z);
	raw->close();
	return fed || !*ok;
}

/* Counts one stream, decoded a piece at a time by the filters Poppler will
 * read it with (or by zlib where that gives the same bytes, cost_flate): a
 * compressed bomb is never inflated whole. */
static bool cost_stream(Object &obj, QkPageCost *cost)
{
	if (!obj.isStream())
		return true;
	Stream *s = obj.getStream();
	bool ok = true;
	if (plain_flate(s)) {
		QkPageCost *saved = qk_page_cost_copy(cost);
		bool counted = cost_flate(s, cost, &ok);
		if (!counted)
			qk_page_cost_restore(cost, saved);
		qk_page_cost_free(saved);
		if (counted)
			return ok && qk_page_cost_feed(cost, nullptr, 0);
		ok = true;
	}
	std::unique_ptr<unsigned char[]> buf(new unsigned char[COST_CHUNK]);
	s->reset();
	int got;
	/* a token may span two pieces: the lexer keeps its state */
	while (ok && (got = s->doGetChars(COST_CHUNK, buf.get())) > 0)
		ok = qk_page_cost_piece(cost, buf.get(), (gsize)got);
	s->close();
	/* the stream's end ends a token */
	return ok && qk_page_cost_feed(cost, nullptr, 0);
}

static Page *page_of(QkPageDoc *d, int index)
{
	if (!d || !d->doc || index < 1 || index > d->doc->getNumPages())
		return nullptr;
	Page *p = d->doc->getPage(index);
	return p && p->isOk() ? p : nullptr;
}

gboolean qk_page_doc_cost(QkPageDoc *d, int index, QkPageCost *cost)
{
	try {
		Page *page = page_of(d, index);
		if (!page)
			return FALSE;
		Object contents = page->getContents();
		bool ok = true;
		if (contents.isArray()) {
			for (int i = 0; ok && i < contents.arrayGetLength(); i++) {
				Object s = contents.arrayGet(i);
				ok = cost_stream(s, cost);
			}
		} else {
			ok = cost_stream(contents, cost);
		}
		/* and the form XObjects the page names, each once */
		Dict *res = page->getResourceDict();
		Object xobjects = res ? res->lookup("XObject") : Object(objNull);
		for (int i = 0; ok && xobjects.isDict() && i < xobjects.dictGetLength(); i++) {
			Object xo = xobjects.dictGetVal(i);
			if (xo.isStream() && xo.streamGetDict()->lookup("Subtype").isName("Form"))
				ok = cost_stream(xo, cost);
		}
		return TRUE;
	} catch (...) {
		return FALSE;
	}
}

/* ---- the images a page draws --------------------------------------------- */

/* Forms in forms deeper than this are not followed: Poppler stops at a
 * nesting far below what a hostile file can build, and a page's own images
 * are a level or two down. */
#define IMAGE_FORM_DEPTH 16

static double number(Dict *dict, const char *key)
{
	Object n = dict->lookup(key);
	return n.isNum() ? MAX(n.getNum(), 0) : -1;
}

/* Adds the pixels of the image XObjects in resources res, and of those its
 * forms name, each object once (seen: object numbers). */
static void add_images(Object &res, GHashTable *seen, int depth, QkPageImages *im)
{
	if (depth > IMAGE_FORM_DEPTH || !res.isDict())
		return;
	Object xobjects = res.dictLookup("XObject");
	for (int i = 0; xobjects.isDict() && i < xobjects.dictGetLength(); i++) {
		const Object &ref = xobjects.dictGetValNF(i);
		Object xo = xobjects.dictGetVal(i);
		if (!xo.isStream() ||
		    (ref.isRef() && ref.getRefNum() > 0 &&
		     !g_hash_table_add(seen, GINT_TO_POINTER(ref.getRefNum()))))
			continue;
		Dict *dict = xo.streamGetDict();
		Object subtype = dict->lookup("Subtype");
		if (subtype.isName("Form")) {
			Object sub = dict->lookup("Resources");
			add_images(sub, seen, depth + 1, im);
		} else if (subtype.isName("Image")) {
			double w = number(dict, "Width"), h = number(dict, "Height");
			double px = w >= 0 && h >= 0 ? w * h : 0;
			im->largest = MAX(im->largest, px);
			im->total += px;
			im->count++;
		}
	}
}

gboolean qk_page_doc_images(QkPageDoc *d, int index, QkPageImages *images)
{
	*images = QkPageImages{ 0, 0, 0 };
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	gboolean ok = FALSE;
	try {
		Page *page = page_of(d, index);
		if (page) {
			Object *res = page->getResourceDictObject();
			if (res)
				add_images(*res, seen, 0, images);
			ok = TRUE;
		}
	} catch (...) {
		*images = QkPageImages{ 0, 0, 0 };
	}
	g_hash_table_destroy(seen);
	return ok;
}

/* ---- a page's drawing, for table rules ----------------------------------- */

/* A number as strtod reads the PDF's digits: Poppler's lexer builds a real
 * digit by digit and may land an ulp away, which moved a rule's rounded
 * position by 0.01 against the same rule read with qpdf before. Ten
 * significant digits hold any number a PDF writer prints. */
static double exact(double x)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	return g_ascii_strtod(g_ascii_formatd(buf, sizeof buf, "%.10g", x), NULL);
}

/* A stream's decoded data appended to out; FALSE once out holds more than a
 * page's content may (pagecost.h): a form in a form is not counted before. */
static bool read_stream(Object &obj, GByteArray *out)
{
	enum { CHUNK = 1 << 16 };
	Stream *s = obj.getStream();
	s->reset();
	int got;
	bool ok = true;
	do {
		guint old = out->len;
		g_byte_array_set_size(out, old + CHUNK);
		got = s->doGetChars(CHUNK, out->data + old);
		g_byte_array_set_size(out, old + (guint)MAX(got, 0));
		ok = out->len <= QK_PAGE_MAX_CONTENT;
	} while (ok && got > 0);
	s->close();
	return ok;
}

/* The filters a form may have to be read, as qpdf's "generalized" level
 * read them before: the lossless general-purpose ones. */
static bool general_filters(Dict *dict)
{
	static const char *const names[] = { "FlateDecode", "Fl", "LZWDecode", "LZW",
	                                     "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx" };
	Object filter = dict->lookup("Filter");
	int n = filter.isArray() ? filter.arrayGetLength() : filter.isNull() ? 0 : 1;
	for (int i = 0; i < n; i++) {
		Object f = filter.isArray() ? filter.arrayGet(i) : filter.copy();
		bool known = false;
		for (const char *name : names)
			known = known || f.isName(name);
		if (!known)
			return false;
	}
	return true;
}

typedef struct {
	GByteArray *data;
	Object resources;
} FormPriv;

static gboolean read_form(Dict *res, const char *name, QkContentForm *f)
{
	Object xobjects = res->lookup("XObject");
	Object xo = xobjects.isDict() ? xobjects.dictLookup(name) : Object(objNull);
	if (!xo.isStream())
		return FALSE;
	Dict *dict = xo.streamGetDict();
	if (!dict->lookup("Subtype").isName("Form") || !general_filters(dict))
		return FALSE;
	auto *priv = new FormPriv{ g_byte_array_new(), dict->lookup("Resources") };
	if (!read_stream(xo, priv->data)) {
		g_byte_array_unref(priv->data);
		delete priv;
		return FALSE;
	}
	double m[6] = { 1, 0, 0, 1, 0, 0 };
	Object mat = dict->lookup("Matrix");
	if (mat.isArray() && mat.arrayGetLength() == 6) {
		for (int i = 0; i < 6; i++) {
			Object n = mat.arrayGet(i);
			if (n.isNum())
				m[i] = exact(n.getNum());
		}
	}
	f->data = priv->data->data;
	f->len = priv->data->len;
	memcpy(f->matrix, m, sizeof m);
	f->resources = priv->resources.isDict() ? priv->resources.getDict() : nullptr;
	f->priv = priv;
	return TRUE;
}

/* The resolver's functions are called from C: nothing may be thrown
 * through them. */
static gboolean form(gpointer, gpointer res, const char *name, QkContentForm *f)
{
	try {
		return res && read_form(static_cast<Dict *>(res), name, f);
	} catch (...) {
		return FALSE;
	}
}

static void form_done(gpointer, QkContentForm *f)
{
	auto *priv = static_cast<FormPriv *>(f->priv);
	g_byte_array_unref(priv->data);
	delete priv;
}

static QkColorKind color_kind(Dict *res, const char *name)
{
	Object spaces = res->lookup("ColorSpace");
	Object cs = spaces.isDict() ? spaces.dictLookup(name) : Object(objNull);
	Object family = cs.isArray() && cs.arrayGetLength() > 0 ? cs.arrayGet(0) : cs.copy();
	if (!family.isName())
		return QK_CS_INK;
	if (family.isName("DeviceGray") || family.isName("CalGray"))
		return QK_CS_GRAY;
	if (family.isName("DeviceRGB") || family.isName("CalRGB"))
		return QK_CS_RGB;
	if (family.isName("DeviceCMYK"))
		return QK_CS_CMYK;
	if (family.isName("Separation") || family.isName("DeviceN"))
		return QK_CS_TINT;
	if (family.isName("ICCBased") && cs.isArray() && cs.arrayGetLength() > 1) {
		Object icc = cs.arrayGet(1);
		Object n = icc.isStream() ? icc.streamGetDict()->lookup("N") : Object(objNull);
		switch (n.isInt() ? n.getInt() : 0) {
		case 1: return QK_CS_GRAY;
		case 3: return QK_CS_RGB;
		case 4: return QK_CS_CMYK;
		default: return QK_CS_INK;
		}
	}
	return QK_CS_INK;
}

static QkColorKind color_space(gpointer, gpointer res, const char *name)
{
	try {
		return res ? color_kind(static_cast<Dict *>(res), name) : QK_CS_INK;
	} catch (...) {
		return QK_CS_INK;
	}
}

/* Poppler's page transform (GfxState, 72 dpi, upside down) for the crop box
 * b and rotation rot; the rotated page size in *w, *h. */
static void page_matrix(const PDFRectangle *b, int rot, double m[6], double *w, double *h)
{
	double px1 = exact(b->x1), py1 = exact(b->y1), px2 = exact(b->x2), py2 = exact(b->y2);
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

/* The page's content streams decoded and joined, a newline between two
 * when the first does not end with one (as qpdf joined them). */
static bool page_content(Page *page, GByteArray *out)
{
	Object contents = page->getContents();
	int n = contents.isArray() ? contents.arrayGetLength() : 1;
	bool ok = true;
	for (int i = 0; ok && i < n; i++) {
		Object s = contents.isArray() ? contents.arrayGet(i) : contents.copy();
		if (!s.isStream())
			continue;
		if (out->len && out->data[out->len - 1] != '\n')
			g_byte_array_append(out, (const guint8 *)"\n", 1);
		ok = read_stream(s, out);
	}
	return ok;
}

gboolean qk_page_doc_rules(QkPageDoc *d, int index, double width, double height,
                           GArray *hpieces, GArray *vpieces)
{
	GByteArray *data = g_byte_array_new();
	gboolean ok = FALSE;
	try {
		Page *page = page_of(d, index);
		double m[6], w, h;
		if (page) {
			page_matrix(page->getCropBox(), page->getRotate(), m, &w, &h);
			ok = fabs(w - width) < 0.5 && fabs(h - height) < 0.5 &&
			     page_content(page, data);
		}
		if (ok) {
			QkContentResolver res = { form, form_done, color_space, nullptr };
			qk_content_rules(data->data, data->len, page->getResourceDict(), m, w, h,
			                 &res, hpieces, vpieces);
		}
	} catch (...) {
		ok = FALSE;
	}
	g_byte_array_unref(data);
	return ok;
}

/* ---- a page's text, as poppler-glib gives it ----------------------------- */

#ifdef QK_POPPLER_GLIB_LAYOUT

/* Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
 * presentation forms, and the marks that open right-to-left text): more
 * than Poppler's unicodeTypeR (not exported) takes for such. Poppler writes
 * them reversed, and where they outnumber left-to-right letters the whole
 * page, so their pages are read with poppler-glib's own calls. */
static bool maybe_rtl(Unicode c)
{
	return (c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfdff) ||
	       (c >= 0xfe70 && c <= 0xfeff) || (c >= 0x10800 && c <= 0x10fff) ||
	       (c >= 0x1e800 && c <= 0x1efff) || c == 0x200f || c == 0x202b ||
	       c == 0x202e || c == 0x2067;
}

static bool page_has_rtl(const TextPage *tp)
{
	for (const TextFlow *f = tp->getFlows(); f; f = f->getNext())
		for (const TextBlock *b = f->getBlocks(); b; b = b->getNext())
			for (const TextLine *l = b->getLines(); l; l = l->getNext())
				for (const TextWord *w = l->getWords(); w; w = w->getNext())
					for (int i = 0; i < w->getLength(); i++)
						if (maybe_rtl(*w->getChar(i)))
							return true;
	return false;
}

/* poppler-glib's name of character i's font: "Default" when it has none,
 * a subset's prefix (capitals and +) left out. */
static const char *font_name(const TextWord *w, int i)
{
	const GooString *name = w->getFontName(i);
	if (!name || name->getLength() == 0)
		return "Default";
	int k = 0;
	while (k < name->getLength() && name->getChar(k) >= 'A' && name->getChar(k) <= 'Z')
		k++;
	bool subset = k > 0 && k < name->getLength() && name->getChar(k) == '+';
	return name->c_str() + (subset ? k + 1 : 0);
}

/* poppler-glib's test for one attribute run. */
static bool same_attributes(const TextWord *a, int ai, const TextWord *b, int bi)
{
	double ar, ag, ab, br, bg, bb;
	if (!a->getFontInfo(ai)->matches(b->getFontInfo(bi)) ||
	    a->getFontSize() != b->getFontSize() || a->isUnderlined() != b->isUnderlined())
		return false;
	a->getColor(&ar, &ag, &ab);
	b->getColor(&br, &bg, &bb);
	return ar == br && ag == bg && ab == bb;
}

static QkTextRun run_of(const TextWord *w, int i, int start)
{
	double r, g, b;
	w->getColor(&r, &g, &b);
	return QkTextRun { start, start, font_name(w, i), w->getFontSize(),
	                   (guint16)(int)(r * 65535. + 0.5), (guint16)(int)(g * 65535. + 0.5),
	                   (guint16)(int)(b * 65535. + 0.5) };
}

/* The three walks of poppler-glib over the words the whole page selects
 * (getSelectionText's TextSelectionDumper::getText, then
 * poppler_page_get_text_layout_for_area and _attributes_for_area) as one:
 * a character of text, its rectangle and its run; a space between two
 * words with one after the first; a line break between lines. */
static void walk_words(TextPage *tp, double width, double height, QkPageText *t)
{
	PDFRectangle all(0, 0, width, height);
	int n_lines = 0;
	std::vector<TextWordSelection *> **lines =
		tp->getSelectionWords(&all, selectionStyleGlyph, &n_lines);
	t->layout = lines != nullptr;
	if (!lines) {
		t->text = g_strdup("");
		return;
	}
	const UnicodeMap *map = globalParams->getTextEncoding();
	char space[8], eol[16];
	int space_len = map ? map->mapUnicode(0x20, space, sizeof space) : 0;
	int eol_len = map ? map->mapUnicode(0x0a, eol, sizeof eol) : 0;
	/* the rectangles, as many as poppler-glib counts: one per character,
	 * space and line break */
	guint n = n_lines - 1;
	for (int i = 0; i < n_lines; i++) {
		const auto *words = lines[i];
		n += words->size() - 1;
		for (std::size_t j = 0; j < words->size(); j++) {
			const TextWordSelection *sel = (*words)[j];
			n += sel->getEnd() - sel->getBegin();
			if (!sel->getWord()->hasSpaceAfter() && j < words->size() - 1)
				n--;
		}
	}
	t->rects = g_new(PopplerRectangle, n);
	t->n_rects = n;
	/* written in place: a character's bytes are at most 8 (mapUnicode's
	 * room here), a line break's 16 */
	char *text = (char *)g_malloc((gsize)n * 16 + 1), *p = text;
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(QkTextRun));
	QkTextRun *run = nullptr;
	const TextWord *prev = nullptr;
	int prev_i = 0;
	guint offset = 0;   /* rectangles */
	int at = 0;         /* characters, for the runs */
	PopplerRectangle *rect = nullptr;
	double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
	for (int i = 0; i < n_lines; i++) {
		auto *words = lines[i];
		for (std::size_t j = 0; j < words->size(); j++) {
			TextWordSelection *sel = (*words)[j];
			const TextWord *w = sel->getWord();
			bool gap = w->hasSpaceAfter() && j < words->size() - 1;
			for (int k = sel->getBegin(); k < sel->getEnd(); k++) {
				if (map)
					p += map->mapUnicode(*w->getChar(k), p, 8);
				rect = t->rects + offset++;
				w->getCharBBox(k, &rect->x1, &rect->y1, &rect->x2, &rect->y2);
				if (!prev || !same_attributes(w, k, prev, prev_i)) {
					QkTextRun r = run_of(w, k, at);
					g_array_append_val(runs, r);
					run = &g_array_index(runs, QkTextRun, runs->len - 1);
				}
				run->end = at++;
				prev = w;
				prev_i = k;
			}
			rect = t->rects + offset;
			w->getBBox(&x1, &y1, &x2, &y2);
			if (gap) {
				memcpy(p, space, space_len);
				p += space_len;
				double x3, y3, x4, y4;
				(*words)[j + 1]->getWord()->getBBox(&x3, &y3, &x4, &y4);
				/* from one word to the next, the first's height */
				*rect = PopplerRectangle { x2, y1, x3, y2 };
				offset++;
				if (run)
					run->end = at;
				at++;
			}
			delete sel;
		}
		if (i < n_lines - 1) {
			memcpy(p, eol, eol_len);
			p += eol_len;
			if (offset > 0) {   /* the line's end: a point */
				*rect = PopplerRectangle { x2, y2, x2, y2 };
				offset++;
			}
			if (run)
				run->end = at;
			at++;
		}
		delete words;
	}
	gfree(lines);
	if (offset < n)   /* as counted, not as written: left as zeros */
		memset(t->rects + offset, 0, (n - offset) * sizeof *t->rects);
	*p = '\0';
	/* poppler-glib copies the text as a C string: up to a U+0000 */
	t->text = (char *)g_realloc(text, strlen(text) + 1);
	t->n_runs = runs->len;
	t->runs = (QkTextRun *)g_array_free(runs, FALSE);
}
#endif

/* The three calls of poppler-glib, their attributes as runs. */
static void read_three(PopplerPage *page, QkPageText *t)
{
	t->text = poppler_page_get_text(page);
	t->layout = t->text && poppler_page_get_text_layout(page, &t->rects, &t->n_rects);
	if (!t->layout)
		return;
	t->attrs = poppler_page_get_text_attributes(page);
	t->n_runs = g_list_length(t->attrs);
	t->runs = g_new(QkTextRun, t->n_runs);
	guint k = 0;
	for (GList *l = t->attrs; l; l = l->next) {
		const PopplerTextAttributes *a = (const PopplerTextAttributes *)l->data;
		t->runs[k++] = QkTextRun { a->start_index, a->end_index, a->font_name, a->font_size,
		                           a->color.red, a->color.green, a->color.blue };
	}
}

QkPageText *qk_page_text_new(PopplerPage *page)
{
	QkPageText *t = g_new0(QkPageText, 1);
#ifdef QK_POPPLER_GLIB_LAYOUT
	const auto *head = reinterpret_cast<const PopplerPageHead *>(page);
	Page *core = head->page;
	if (POPPLER_IS_DOCUMENT(head->document) && core &&
	    head->index == poppler_page_get_index(page) && core->getNum() == head->index + 1) {
		try {
			/* as poppler-glib makes a page's TextPage */
			TextOutputDev dev(nullptr, true, 0, false, false);
			Gfx *gfx = core->createGfx(&dev, 72.0, 72.0, 0, false, true, -1, -1, -1, -1,
			                           false, nullptr, nullptr);
			core->display(gfx);
			dev.endPage();
			TextPage *tp = dev.takeText();
			delete gfx;
			if (!page_has_rtl(tp)) {
				double width, height;
				poppler_page_get_size(page, &width, &height);
				walk_words(tp, width, height, t);
				t->core = tp;
				return t;
			}
			tp->decRefCnt();
		} catch (...) {
			qk_page_text_free(t);
			t = g_new0(QkPageText, 1);
		}
	}
#endif
	read_three(page, t);
	return t;
}

void qk_page_text_free(QkPageText *t)
{
	if (!t)
		return;
	g_free(t->text);
	g_free(t->rects);
	g_free(t->runs);
	poppler_page_free_text_attributes(t->attrs);
#ifdef QK_POPPLER_GLIB_LAYOUT
	if (t->core)
		static_cast<TextPage *>(t->core)->decRefCnt();
#endif
	g_free(t);
}
