/*
 * fontcache.cc — each font of a document made once by Poppler (fontcache.h).
 *
 * Why: Poppler 22.12 makes a page's fonts anew each time it reads a
 * resource dictionary (GfxResources' constructor → GfxFontDict →
 * GfxFont::makeFont: widths, ToUnicode CMap, the embedded font's type), so
 * a 28-page magazine drawn with the same four font objects on every page
 * had them made 28 times: 286 M of the worker's 842 M instructions.
 *
 * How: Poppler offers no hook for it, so this file defines GfxResources'
 * constructor itself. libpoppler exports that constructor and calls it
 * only through its PLT, so the executable's definition is the one every
 * `new GfxResources` in the process runs (ELF symbol interposition, as a
 * program's own malloc replaces libc's). It is Poppler 22.12's code
 * (poppler/Gfx.cc), and GfxFontDict's constructor with it (poppler/
 * GfxFont.cc: libpoppler does not export it; nor the hash of direct fonts
 * it uses), line for line, with one change: a font given by reference,
 * met again with the same resource name in the document of the thread's
 * current cache, is the GfxFont made the first time. A GfxFont is held by
 * shared_ptr and, once made, only read by Poppler's text and cairo output
 * (the one change to it there, readEmbFontFile forgetting an embedded font
 * that is no stream, is what locateFont makes of it anyway). One visible
 * effect: Poppler's text attributes no longer start a new run where one
 * font is drawn from two resource dictionaries (a form's and its page's);
 * glyphs.c takes the attributes per character, the same either way.
 *
 * Shared by an issue's reading threads (each with its own document of the
 * same file): a font made by one thread's document is used by the others'
 * text output too. Safe because a GfxFont is complete once made and text
 * output only reads it: TextOutputDev does not interpret Type 3 glyph
 * procedures (interpretType3Chars() is false), so Gfx never looks up a
 * Type 3 font's CharProcs or Resources, the only parts of a font that
 * still name its document's objects; widths, encoding, ToUnicode and CMap
 * are read-only tables, and the font is held by shared_ptr (atomic
 * counts). What does reach those objects, rendering (cairo runs Type 3
 * procedures), does not use the cache (qk_font_cache_pause around every
 * render), and the documents stay open until the cache is freed. Sharing
 * saved the second thread's making the fonts again: 153 of an 11-page
 * Chromium issue's 328 Type 3 fonts, ~64 M instructions.
 *
 * Relies on: Poppler's sources and class layouts being 22.12's: meson
 * builds the cache only when pkg-config says 22.12.0 (extract/LAYOUT.md,
 * Measuring); other versions get this file's API without the cache. A
 * cached font is used only while the object it was made from is the same
 * in the file: its cross-reference entry (type, offset, generation) is
 * unchanged (a damaged file's table is rebuilt when an object is not
 * where it said) and the document is unmodified. Direct font dictionaries
 * (keyed by Poppler with a hash or a position) are made every time.
 */
#include "fontcache.h"

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#ifdef QK_FONT_CACHE
#include <string.h>
/* in Poppler's own order: Object.h before the rest */
#include <Object.h>
#include <CharCodeToUnicode.h>
#include <Dict.h>
#include <Error.h>
#include <Gfx.h>
#include <GfxFont.h>
#include <XRef.h>
#endif

/* What a cache may hold, by its estimate of the fonts' sizes: an issue's
 * fonts (a magazine's few, a Chromium issue's hundreds of Type 3 fonts:
 * 328 on 11 pages, 3.7 MB) fit, and one of thousands of pages whose parts
 * each bring fonts of their own keeps its recent ones. */
#define QK_FONT_CACHE_BYTES (4u << 20)
#define QK_FONT_CACHE_FONTS 1024u

namespace {

struct Key {
	int num, gen;
	std::string tag;   /* the font's resource name: a GfxFont carries it */
	bool operator==(const Key &o) const
	{
		return num == o.num && gen == o.gen && tag == o.tag;
	}
};

struct KeyHash {
	size_t operator()(const Key &k) const
	{
		return std::hash<std::string>()(k.tag) ^ ((size_t)k.num * 0x9e3779b97f4a7c15u) ^
		       ((size_t)k.gen << 20);
	}
};

#ifdef QK_FONT_CACHE
struct Entry {
	Key key;
	std::shared_ptr<GfxFont> font;   /* NULL: Poppler could not make it */
	/* the thread making the font, which the others wait for; a default id
	 * once made */
	std::thread::id maker;
	/* where the object was in the file when the font was made */
	XRefEntryType type;
	Goffset offset;
	int gen;
	size_t bytes;
};
#endif

std::atomic<guint64> stat_made{ 0 }, stat_reused{ 0 };

} // namespace

struct QkFontCache {
	std::mutex lock;
	bool off;
#ifdef QK_FONT_CACHE
	std::condition_variable made;   /* a font being made is ready (or dropped) */
	std::list<Entry> lru;   /* most recently used first */
	std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> map;
	size_t bytes = 0;
#endif
};

static thread_local QkFontCache *current;
static thread_local const void *current_xref;   /* the thread's document's, from its first read */
static thread_local int paused;           /* qk_font_cache_pause depth */

QkFontCache *qk_font_cache_new(void)
{
	try {
		auto *c = new QkFontCache;
		c->off = !qk_font_cache_available() || g_getenv("QK_NO_FONT_CACHE");
		return c;
	} catch (...) {
		return nullptr;   /* reading goes on without one */
	}
}

void qk_font_cache_free(QkFontCache *c)
{
	delete c;
}

void qk_font_cache_enter(QkFontCache *c)
{
	current = c;
	current_xref = nullptr;
}

void qk_font_cache_leave(void)
{
	current = nullptr;
	current_xref = nullptr;
}

void qk_font_cache_pause(void)
{
	paused++;
}

void qk_font_cache_resume(void)
{
	if (paused > 0)
		paused--;
}

void qk_font_cache_stats(QkFontCacheStats *stats)
{
	stats->made = stat_made.load();
	stats->reused = stat_reused.load();
}

gboolean qk_font_cache_available(void)
{
#ifdef QK_FONT_CACHE
	return TRUE;
#else
	return FALSE;
#endif
}

#ifdef QK_FONT_CACHE

/* ---- the cache ----------------------------------------------------------- */

/* The thread's cache when xref is its document's, unmodified, and the
 * cache not paused. */
static QkFontCache *cache_for(XRef *xref)
{
	QkFontCache *c = current;
	if (!c || c->off || paused || !xref || xref->isModified())
		return nullptr;
	if (!current_xref)
		current_xref = xref;
	return current_xref == xref ? c : nullptr;
}

/* A font's size, roughly: what grows with it (a CID font's ToUnicode map
 * and CID-to-GID table) and the object itself, twice: what cannot be seen
 * from here (widths, glyph names, a Type 3 font's procedures) came to
 * 0.3–4 times as much again on the corpus's fonts. */
static size_t font_bytes(const GfxFont *f)
{
	if (!f)
		return 64;
	size_t n = f->isCIDFont() ? sizeof(GfxCIDFont) : sizeof(Gfx8BitFont);
	if (const CharCodeToUnicode *ctu = f->getToUnicode())
		n += (size_t)ctu->getLength() * sizeof(Unicode);
	if (f->isCIDFont())
		n += (size_t)static_cast<const GfxCIDFont *>(f)->getCIDToGIDLen() * sizeof(int);
	return 2 * n;
}

/* Poppler's font for slot tag of a font dictionary, as GfxFontDict makes it. */
static std::shared_ptr<GfxFont> make_font(XRef *xref, const char *tag, Ref r, Dict *dict)
{
	std::shared_ptr<GfxFont> font = GfxFont::makeFont(xref, tag, r, dict);
	stat_made++;
	if (font && !font->isOk())
		font.reset();
	return font;
}

static bool same_place(const Entry &a, const XRefEntry *e)
{
	return a.type == e->type && a.offset == e->offset && a.gen == e->gen;
}

/* The font c made for reference r (just fetched) under name tag, if the
 * object is where it was then. When no other thread is making it, the
 * caller is to make it and keep it (keep_font, or drop_font if that fails):
 * the others wait for it meanwhile. Two threads meeting a font at the same
 * moment each made it (a font of chromium-mag-01's 328 in 2 runs of 3;
 * under valgrind, whose threads take turns, every font of
 * libreoffice-letter-12: makeFont 3.06 M instructions on one thread,
 * 6.13 M on two). */
static bool find_font(QkFontCache *c, XRef *xref, Ref r, const char *tag,
                      std::shared_ptr<GfxFont> *font)
{
	std::unique_lock<std::mutex> hold(c->lock);
	Key key{ r.num, r.gen, tag };
	auto it = c->map.find(key);
	while (it != c->map.end() && it->second->maker != std::thread::id() &&
	       it->second->maker != std::this_thread::get_id()) {
		c->made.wait(hold);
		it = c->map.find(key);
	}
	if (it != c->map.end() && it->second->maker == std::this_thread::get_id())
		return false;   /* met again while making it: made again, not kept */
	if (it != c->map.end() && !same_place(*it->second, xref->getEntry(r.num, false))) {
		/* a rebuilt table moved it: made again */
		c->bytes -= it->second->bytes;
		c->lru.erase(it->second);
		c->map.erase(it);
		it = c->map.end();
	}
	if (it == c->map.end()) {
		/* the placeholder others wait on: at the front, never evicted */
		c->lru.push_front(Entry{ key, nullptr, std::this_thread::get_id(), xrefEntryFree, 0, 0, 0 });
		c->map.emplace(key, c->lru.begin());
		return false;
	}
	c->lru.splice(c->lru.begin(), c->lru, it->second);
	*font = it->second->font;
	stat_reused++;
	return true;
}

/* The placeholder find_font left for the font this thread is making. */
static std::list<Entry>::iterator placeholder(QkFontCache *c, const Key &key)
{
	auto it = c->map.find(key);
	if (it != c->map.end() && it->second->maker == std::this_thread::get_id())
		return it->second;
	return c->lru.end();
}

/* Keeps font, just made from reference r (fetched) under name tag, in the
 * placeholder find_font left for it. */
static void keep_font(QkFontCache *c, XRef *xref, Ref r, const char *tag,
                      const std::shared_ptr<GfxFont> &font)
{
	const XRefEntry *e = xref->getEntry(r.num, false);
	Key key{ r.num, r.gen, tag };
	size_t bytes = font_bytes(font.get());
	{
		std::lock_guard<std::mutex> hold(c->lock);
		auto at = placeholder(c, key);
		if (at == c->lru.end())
			return;   /* met again while making it: the first one is kept */
		*at = Entry{ key, font, std::thread::id(), e->type, e->offset, e->gen, bytes };
		c->bytes += bytes;
		while (c->lru.size() > 1 &&
		       (c->bytes > QK_FONT_CACHE_BYTES || c->lru.size() > QK_FONT_CACHE_FONTS)) {
			Entry &old = c->lru.back();
			if (old.maker != std::thread::id())
				break;   /* being made (a thread waits for it) */
			c->bytes -= old.bytes;
			c->map.erase(old.key);
			c->lru.pop_back();
		}
	}
	c->made.notify_all();
}

/* Drops the placeholder of a font this thread could not make (an
 * exception): a waiting thread makes it itself. */
static void drop_font(QkFontCache *c, Ref r, const char *tag)
{
	{
		std::lock_guard<std::mutex> hold(c->lock);
		Key key{ r.num, r.gen, tag };
		auto at = placeholder(c, key);
		if (at != c->lru.end()) {
			c->map.erase(key);
			c->lru.erase(at);
		}
	}
	c->made.notify_all();
}

/* ---- Poppler 22.12's code, the font cache added ------------------------- */

/* poppler/Gfx.cc */
GfxResources::GfxResources(XRef *xrefA, Dict *resDictA, GfxResources *nextA) : gStateCache(2), xref(xrefA)
{
	Ref r;

	if (resDictA) {

		// build font dictionary
		Dict *resDict = resDictA->copy(xref);
		fonts = nullptr;
		const Object &obj1 = resDict->lookupNF("Font");
		if (obj1.isRef()) {
			Object obj2 = obj1.fetch(xref);
			if (obj2.isDict()) {
				r = obj1.getRef();
				fonts = new GfxFontDict(xref, &r, obj2.getDict());
			}
		} else if (obj1.isDict()) {
			fonts = new GfxFontDict(xref, nullptr, obj1.getDict());
		}

		// get XObject dictionary
		xObjDict = resDict->lookup("XObject");

		// get color space dictionary
		colorSpaceDict = resDict->lookup("ColorSpace");

		// get pattern dictionary
		patternDict = resDict->lookup("Pattern");

		// get shading dictionary
		shadingDict = resDict->lookup("Shading");

		// get graphics state parameter dictionary
		gStateDict = resDict->lookup("ExtGState");

		// get properties dictionary
		propertiesDict = resDict->lookup("Properties");

		delete resDict;
	} else {
		fonts = nullptr;
		xObjDict.setToNull();
		colorSpaceDict.setToNull();
		patternDict.setToNull();
		shadingDict.setToNull();
		gStateDict.setToNull();
		propertiesDict.setToNull();
	}

	next = nextA;
}

/* poppler/GfxFont.cc: the font cache is the one change */
GfxFontDict::GfxFontDict(XRef *xref, Ref *fontDictRef, Dict *fontDict)
{
	Ref r;
	QkFontCache *cache = cache_for(xref);

	fonts.resize(fontDict->getLength());
	for (std::size_t i = 0; i < fonts.size(); ++i) {
		const Object &obj1 = fontDict->getValNF(i);
		Object obj2 = obj1.fetch(xref);
		if (obj2.isDict()) {
			if (obj1.isRef()) {
				r = obj1.getRef();
			} else if (fontDictRef) {
				// legal generation numbers are five digits, so we use a
				// 6-digit number here
				r.gen = 100000 + fontDictRef->num;
				r.num = i;
			} else {
				// no indirect reference for this font, or for the containing
				// font dict, so hash the font and use that
				r.gen = 100000;
				r.num = hashFontObject(&obj2);
			}
			bool cached = cache && obj1.isRef();
			if (cached && find_font(cache, xref, r, fontDict->getKey(i), &fonts[i]))
				continue;
			try {
				fonts[i] = make_font(xref, fontDict->getKey(i), r, obj2.getDict());
			} catch (...) {
				if (cached)
					drop_font(cache, r, fontDict->getKey(i));
				throw;
			}
			if (cached)
				keep_font(cache, xref, r, fontDict->getKey(i), fonts[i]);
		} else {
			error(errSyntaxError, -1, "font resource is not a dictionary");
			fonts[i] = nullptr;
		}
	}
}

// FNV-1a hash
class FNVHash
{
public:
	FNVHash() { h = 2166136261U; }

	void hash(char c)
	{
		h ^= c & 0xff;
		h *= 16777619;
	}

	void hash(const char *p, int n)
	{
		int i;
		for (i = 0; i < n; ++i) {
			hash(p[i]);
		}
	}

	int get31() { return (h ^ (h >> 31)) & 0x7fffffff; }

private:
	unsigned int h;
};

int GfxFontDict::hashFontObject(Object *obj)
{
	FNVHash h;

	hashFontObject1(obj, &h);
	return h.get31();
}

void GfxFontDict::hashFontObject1(const Object *obj, FNVHash *h)
{
	const GooString *s;
	const char *p;
	double r;
	int n, i;

	switch (obj->getType()) {
	case objBool:
		h->hash('b');
		h->hash(obj->getBool() ? 1 : 0);
		break;
	case objInt:
		h->hash('i');
		n = obj->getInt();
		h->hash((char *)&n, sizeof(int));
		break;
	case objReal:
		h->hash('r');
		r = obj->getReal();
		h->hash((char *)&r, sizeof(double));
		break;
	case objString:
		h->hash('s');
		s = obj->getString();
		h->hash(s->c_str(), s->getLength());
		break;
	case objName:
		h->hash('n');
		p = obj->getName();
		h->hash(p, (int)strlen(p));
		break;
	case objNull:
		h->hash('z');
		break;
	case objArray:
		h->hash('a');
		n = obj->arrayGetLength();
		h->hash((char *)&n, sizeof(int));
		for (i = 0; i < n; ++i) {
			const Object &obj2 = obj->arrayGetNF(i);
			hashFontObject1(&obj2, h);
		}
		break;
	case objDict:
		h->hash('d');
		n = obj->dictGetLength();
		h->hash((char *)&n, sizeof(int));
		for (i = 0; i < n; ++i) {
			p = obj->dictGetKey(i);
			h->hash(p, (int)strlen(p));
			const Object &obj2 = obj->dictGetValNF(i);
			hashFontObject1(&obj2, h);
		}
		break;
	case objStream:
		// this should never happen - streams must be indirect refs
		break;
	case objRef:
		h->hash('f');
		n = obj->getRefNum();
		h->hash((char *)&n, sizeof(int));
		n = obj->getRefGen();
		h->hash((char *)&n, sizeof(int));
		break;
	default:
		h->hash('u');
		break;
	}
}

#endif /* QK_FONT_CACHE */
