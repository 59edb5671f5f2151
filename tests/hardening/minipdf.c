/*
 * minipdf.c — the object writer and the broken/pathological cases (see
 * minipdf.h). Offsets in the xref are computed from the bytes written, so a
 * "good" file here is a correct PDF, and each broken case breaks one thing.
 */
#include <string.h>
#include <zlib.h>
#include "minipdf.h"

struct MiniPdf {
	GPtrArray *objs;   /* of GString*, index = object number - 1 */
};

MiniPdf *minipdf_new(void)
{
	MiniPdf *pdf = g_new0(MiniPdf, 1);
	pdf->objs = g_ptr_array_new();
	return pdf;
}

static void free_obj(gpointer s)
{
	if (s)
		g_string_free(s, TRUE);
}

void minipdf_free(MiniPdf *pdf)
{
	if (!pdf)
		return;
	for (guint i = 0; i < pdf->objs->len; i++)
		free_obj(g_ptr_array_index(pdf->objs, i));
	g_ptr_array_free(pdf->objs, TRUE);
	g_free(pdf);
}

int minipdf_reserve(MiniPdf *pdf)
{
	g_ptr_array_add(pdf->objs, NULL);
	return (int)pdf->objs->len;
}

void minipdf_set(MiniPdf *pdf, int num, const char *body)
{
	g_assert(num >= 1 && (guint)num <= pdf->objs->len);
	GString **slot = (GString **)&g_ptr_array_index(pdf->objs, num - 1);
	free_obj(*slot);
	*slot = g_string_new(body);
}

int minipdf_add(MiniPdf *pdf, const char *body)
{
	int num = minipdf_reserve(pdf);
	minipdf_set(pdf, num, body);
	return num;
}

int minipdf_add_stream(MiniPdf *pdf, const char *dict, const char *data, gsize len)
{
	int num = minipdf_reserve(pdf);
	GString *s = g_string_new(NULL);
	g_string_printf(s, "<< %s /Length %" G_GSIZE_FORMAT " >>\nstream\n",
	                dict ? dict : "", len);
	g_string_append_len(s, data, (gssize)len);
	g_string_append(s, "\nendstream");
	GString **slot = (GString **)&g_ptr_array_index(pdf->objs, num - 1);
	*slot = s;
	return num;
}

GBytes *minipdf_finish(MiniPdf *pdf, int root, long xref_shift,
                       const char *trailer_extra)
{
	GString *out = g_string_new("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	GArray *offs = g_array_new(FALSE, FALSE, sizeof(gsize));
	for (guint i = 0; i < pdf->objs->len; i++) {
		GString *body = g_ptr_array_index(pdf->objs, i);
		gsize off = out->len;
		g_array_append_val(offs, off);
		g_string_append_printf(out, "%u 0 obj\n", i + 1);
		if (body)  /* streams may hold NUL bytes */
			g_string_append_len(out, body->str, (gssize)body->len);
		else
			g_string_append(out, "null");
		g_string_append(out, "\nendobj\n");
	}
	gsize xref = out->len;
	g_string_append_printf(out, "xref\n0 %u\n0000000000 65535 f \n",
	                       pdf->objs->len + 1);
	for (guint i = 0; i < offs->len; i++) {
		long off = (long)g_array_index(offs, gsize, i) + xref_shift;
		g_string_append_printf(out, "%010ld 00000 n \n", off < 0 ? 0 : off);
	}
	g_string_append_printf(out, "trailer\n<< /Size %u /Root %d 0 R %s >>\n"
	                       "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
	                       pdf->objs->len + 1, root,
	                       trailer_extra ? trailer_extra : "", xref);
	g_array_unref(offs);
	gsize len = out->len;
	return g_bytes_new_take(g_string_free(out, FALSE), len);
}

/* ---- building blocks ---------------------------------------------------- */

/* Sentences written for these tests. */
static const char *const sentences[] = {
	"The county opened two new grain depots this spring.",
	"Output of the textile mills rose by 4.5 percent in 2023.",
	"Volunteers repaired the footbridge over the river.",
	"The night school now offers classes in accounting.",
	"Rainfall in July was twice the average of recent years.",
};

/* Catalog + Pages (flat) over the given page objects; returns the root. */
static int add_catalog(MiniPdf *pdf, int pages_num, GArray *page_nums,
                       int count_claimed)
{
	GString *kids = g_string_new(NULL);
	for (guint i = 0; i < page_nums->len; i++)
		g_string_append_printf(kids, "%d 0 R ", g_array_index(page_nums, int, i));
	char *body = g_strdup_printf("<< /Type /Pages /Kids [ %s] /Count %d >>",
	                             kids->str, count_claimed > 0 ? count_claimed
	                                                          : (int)page_nums->len);
	minipdf_set(pdf, pages_num, body);
	g_free(body);
	g_string_free(kids, TRUE);
	char *cat = g_strdup_printf("<< /Type /Catalog /Pages %d 0 R >>", pages_num);
	int root = minipdf_add(pdf, cat);
	g_free(cat);
	return root;
}

/* A page with the given content and font resources (a dict body). */
static int add_page(MiniPdf *pdf, int parent, const char *content,
                    const char *resources, double w, double h)
{
	int c = minipdf_add_stream(pdf, NULL, content, strlen(content));
	char *box_w = g_strdup_printf("%g", w), *box_h = g_strdup_printf("%g", h);
	char *body = g_strdup_printf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] "
	                             "/Resources %s /Contents %d 0 R >>",
	                             parent, box_w, box_h, resources, c);
	int num = minipdf_add(pdf, body);
	g_free(body);
	g_free(box_w);
	g_free(box_h);
	return num;
}

/* Adds the one page of a one-page document, its catalog, and writes it out. */
static GBytes *finish_one_page(MiniPdf *pdf, int pages, const char *content,
                               const char *res, int width, int height)
{
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(int));
	int n = add_page(pdf, pages, content, res, width, height);
	g_array_append_val(nums, n);
	int root = add_catalog(pdf, pages, nums, 0);
	GBytes *b = minipdf_finish(pdf, root, 0, NULL);
	g_array_unref(nums);
	return b;
}

static char *latin_content(int page)
{
	GString *s = g_string_new("BT /F1 12 Tf 14 TL 72 760 Td\n");
	g_string_append_printf(s, "(Page %d) Tj T* T*\n", page);
	for (int i = 0; i < 8; i++)
		g_string_append_printf(s, "(%s) Tj T*\n",
		                       sentences[(page + i) % G_N_ELEMENTS(sentences)]);
	g_string_append(s, "ET\n");
	return g_string_free(s, FALSE);
}

/* The good issue: n_pages pages of text, then (when extra is not NULL) a
 * page for each extra[i] (entries of its page dictionary) drawn by
 * contents[i] (a stream with the content_dict entries). */
static GBytes *good_pdf(int n_pages, long shift, gboolean binary_tail,
                        const char *const *extra, const GString *const *contents,
                        const char *content_dict)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int font = minipdf_add(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	                            "/Encoding /WinAnsiEncoding >>");
	char *res = g_strdup_printf("<< /Font << /F1 %d 0 R >> >>", font);
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(int));
	for (int p = 1; p <= n_pages; p++) {
		char *c = latin_content(p);
		int n = add_page(pdf, pages, c, res, 595, 842);
		g_array_append_val(nums, n);
		g_free(c);
	}
	for (int i = 0; extra && extra[i]; i++) {
		int s = minipdf_add_stream(pdf, content_dict, contents[i]->str, contents[i]->len);
		char *body = g_strdup_printf("<< /Type /Page /Parent %d 0 R %s /Resources %s "
		                             "/Contents %d 0 R >>", pages, extra[i], res, s);
		int n = minipdf_add(pdf, body);
		g_array_append_val(nums, n);
		g_free(body);
	}
	int root = add_catalog(pdf, pages, nums, 0);
	if (binary_tail) {  /* last object: binary bytes (NULs) near %%EOF */
		char bin[256];
		for (gsize i = 0; i < sizeof bin; i++)
			bin[i] = (char)(i * 7 % 3 ? 0 : i);
		minipdf_add_stream(pdf, NULL, bin, sizeof bin);
	}
	GBytes *b = minipdf_finish(pdf, root, shift, NULL);
	g_array_unref(nums);
	g_free(res);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_good(int n_pages)
{
	return good_pdf(n_pages, 0, FALSE, NULL, NULL, NULL);
}

GBytes *minipdf_bad_xref(long shift)
{
	return good_pdf(2, shift, FALSE, NULL, NULL, NULL);
}

GBytes *minipdf_binary_tail(void)
{
	return good_pdf(1, 0, TRUE, NULL, NULL, NULL);
}

/* One page with the given font dict (object body) used as /F1. */
static GBytes *one_font_page(const char *font_body, const char *descriptor,
                             const char *content)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	char *fb = NULL;
	if (descriptor) {
		int fd = minipdf_add(pdf, descriptor);
		fb = g_strdup_printf(font_body, fd);
	} else {
		fb = g_strdup(font_body);
	}
	int font = minipdf_add(pdf, fb);
	char *res = g_strdup_printf("<< /Font << /F1 %d 0 R >> >>", font);
	GBytes *b = finish_one_page(pdf, pages, content, res, 595, 842);
	g_free(res);
	g_free(fb);
	minipdf_free(pdf);
	return b;
}

/* A page of Latin text in a non-embedded TrueType font named name (as
 * written in the file, escapes and all). */
static GBytes *truetype_page(const char *name)
{
	char *c = latin_content(1);
	char *font = g_strdup_printf(
		"<< /Type /Font /Subtype /TrueType /BaseFont /%s "
		"/FirstChar 32 /LastChar 126 /Encoding /WinAnsiEncoding "
		"/FontDescriptor %%d 0 R >>", name);
	char *desc = g_strdup_printf(
		"<< /Type /FontDescriptor /FontName /%s /Flags 32 "
		"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
		"/CapHeight 700 /StemV 80 >>", name);
	GBytes *b = one_font_page(font, desc, c);
	g_free(desc);
	g_free(font);
	g_free(c);
	return b;
}

GBytes *minipdf_missing_font(void)
{
	return truetype_page("QkNoSuchFont-Regular");
}

GBytes *minipdf_gbk_font_name(void)
{
	return truetype_page("#BA#DA#CC#E5");   /* 黑体 in GBK */
}

/* Lines of "words" made of codes 1..n_codes, as PDF string escapes (octal
 * for one-byte codes, hex strings for two-byte codes). */
static char *junk_content(int n_codes, gboolean two_byte, int first)
{
	GString *s = g_string_new("BT /F1 12 Tf 16 TL 72 760 Td\n");
	guint32 x = 12345;
	for (int line = 0; line < 20; line++) {
		g_string_append(s, two_byte ? "<" : "(");
		for (int i = 0; i < 30; i++) {
			x = x * 1103515245u + 12345u;
			int code = 1 + (int)((x >> 16) % (guint32)n_codes);
			if (two_byte)
				g_string_append_printf(s, "%04X", (unsigned)(code + first));
			else
				g_string_append_printf(s, "\\%03o", (unsigned)code);
		}
		g_string_append(s, two_byte ? "> Tj T*\n" : ") Tj T*\n");
	}
	g_string_append(s, "ET\n");
	return g_string_free(s, FALSE);
}

GBytes *minipdf_garbled_differences(void)
{
	/* glyph names a subsetting tool might invent: no Unicode meaning */
	GString *font = g_string_new("<< /Type /Font /Subtype /Type1 /BaseFont /QkInventedSerif "
	                             "/FirstChar 1 /LastChar 40 /Widths [");
	for (int i = 1; i <= 40; i++)
		g_string_append(font, " 600");
	g_string_append(font, " ] /Encoding << /Type /Encoding /Differences [ 1");
	for (int i = 1; i <= 40; i++)
		g_string_append_printf(font, " /g%d", (i * 7) % 97 + 3);
	g_string_append(font, " ] >> /FontDescriptor %d 0 R >>");
	char *c = junk_content(40, FALSE, 0);
	GBytes *b = one_font_page(font->str,
		"<< /Type /FontDescriptor /FontName /QkInventedSerif /Flags 4 "
		"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
		"/CapHeight 700 /StemV 80 >>", c);
	g_free(c);
	g_string_free(font, TRUE);
	return b;
}

GBytes *minipdf_garbled_identity(gboolean han)
{
	/* glyph ids of a subset font (3…3000), or ids that happen to fall in
	 * the Han block: plausible-looking but wrong characters */
	char *c = han ? junk_content(0x9FA5 - 0x4E00, TRUE, 0x4E00)
	              : junk_content(3000, TRUE, 2);
	GBytes *b = one_font_page(
		"<< /Type /Font /Subtype /Type0 /BaseFont /QkInventedSong /Encoding /Identity-H "
		"/DescendantFonts [ << /Type /Font /Subtype /CIDFontType2 /BaseFont /QkInventedSong "
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
		"/DW 1000 /FontDescriptor %d 0 R >> ] >>",
		"<< /Type /FontDescriptor /FontName /QkInventedSong /Flags 4 "
		"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
		"/CapHeight 700 /StemV 80 >>", c);
	g_free(c);
	return b;
}

GBytes *minipdf_huge_font(void)
{
	/* 1e20 pt type: Poppler keeps the glyph (its origin is on the page) */
	char *c = latin_content(1);
	char *content = g_strconcat(c, "BT /F1 100000000000000000000 Tf 100 400 Td (W) Tj ET\n", NULL);
	GBytes *b = one_font_page("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	                          NULL, content);
	g_free(content);
	g_free(c);
	return b;
}

/* ---- page trees --------------------------------------------------------- */

GBytes *minipdf_many_pages(int n_pages)
{
	MiniPdf *pdf = minipdf_new();
	int root_pages = minipdf_reserve(pdf);
	int empty = minipdf_add_stream(pdf, NULL, "", 0);
	/* two levels: nodes of up to 100 pages under the root */
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(int));
	for (int first = 0; first < n_pages; first += 100) {
		int node = minipdf_reserve(pdf);
		int k = MIN(100, n_pages - first);
		GString *kids = g_string_new(NULL);
		for (int i = 0; i < k; i++) {
			char *page = g_strdup_printf("<< /Type /Page /Parent %d 0 R "
			                             "/MediaBox [0 0 595 842] /Resources << >> "
			                             "/Contents %d 0 R >>", node, empty);
			g_string_append_printf(kids, "%d 0 R ", minipdf_add(pdf, page));
			g_free(page);
		}
		char *body = g_strdup_printf("<< /Type /Pages /Parent %d 0 R /Kids [ %s] "
		                             "/Count %d >>", root_pages, kids->str, k);
		minipdf_set(pdf, node, body);
		g_free(body);
		g_string_free(kids, TRUE);
		g_array_append_val(nodes, node);
	}
	int root = add_catalog(pdf, root_pages, nodes, n_pages);
	GBytes *b = minipdf_finish(pdf, root, 0, NULL);
	g_array_unref(nodes);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_count_lie(void)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int font = minipdf_add(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	char *res = g_strdup_printf("<< /Font << /F1 %d 0 R >> >>", font);
	char *c = latin_content(1);
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(int));
	int n = add_page(pdf, pages, c, res, 595, 842);
	g_array_append_val(nums, n);
	int root = add_catalog(pdf, pages, nums, 1000000000);
	GBytes *b = minipdf_finish(pdf, root, 0, NULL);
	g_array_unref(nums);
	g_free(c);
	g_free(res);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_tree_loop(void)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int node = minipdf_reserve(pdf);
	int font = minipdf_add(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	char *res = g_strdup_printf("<< /Font << /F1 %d 0 R >> >>", font);
	char *c = latin_content(1);
	int page = add_page(pdf, node, c, res, 595, 842);
	/* the inner node lists its page and itself (and the root) as kids */
	char *body = g_strdup_printf("<< /Type /Pages /Parent %d 0 R /Kids [ %d 0 R %d 0 R %d 0 R ] "
	                             "/Count 3 >>", pages, page, node, pages);
	minipdf_set(pdf, node, body);
	g_free(body);
	GArray *nums = g_array_new(FALSE, FALSE, sizeof(int));
	g_array_append_val(nums, node);
	int root = add_catalog(pdf, pages, nums, 3);
	GBytes *b = minipdf_finish(pdf, root, 0, NULL);
	g_array_unref(nums);
	g_free(c);
	g_free(res);
	minipdf_free(pdf);
	return b;
}

/* ---- resource bombs ----------------------------------------------------- */

GBytes *minipdf_form_bomb(int depth, int fanout)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	/* level depth: text; level k: draws level k+1 fanout times, shifted */
	int below = 0;
	for (int level = depth; level >= 0; level--) {
		GString *c = g_string_new(NULL);
		char *dict;
		if (level == depth) {
			g_string_append(c, "BT /F1 1 Tf 0 0 Td (");
			for (int i = 0; i < 40; i++)
				g_string_append(c, "12.5 7 ");
			g_string_append(c, ") Tj ET");
			/* the font written in the form (direct): Poppler makes it
			 * anew at every draw, each kept by the page's text, as
			 * every font was before extract/fontcache.cc: the memory
			 * this bomb eats */
			dict = g_strdup("/Type /XObject /Subtype /Form /BBox [0 0 600 800] "
			                "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
			                "/BaseFont /Helvetica >> >> >>");
		} else {
			for (int i = 0; i < fanout; i++)
				g_string_append_printf(c, "q 1 0 0 1 %d %d cm /X Do Q\n",
				                       (i % 2) * 3, (i / 2) * 2);
			dict = g_strdup_printf("/Type /XObject /Subtype /Form /BBox [0 0 600 800] "
			                       "/Resources << /XObject << /X %d 0 R >> >>", below);
		}
		below = minipdf_add_stream(pdf, dict, c->str, c->len);
		g_free(dict);
		g_string_free(c, TRUE);
	}
	char *res = g_strdup_printf("<< /XObject << /X %d 0 R >> >>", below);
	const char *content = "q 1 0 0 1 20 20 cm /X Do Q\n";
	GBytes *b = finish_one_page(pdf, pages, content, res, 595, 842);
	g_free(res);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_huge_page(int width, int height, int font_size)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int font = minipdf_add(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	char *res = g_strdup_printf("<< /Font << /F1 %d 0 R >> >>", font);
	GString *c = g_string_new(NULL);
	g_string_append_printf(c, "BT /F1 %d Tf 20 %d Td\n", font_size, height - 2 * font_size);
	/* cells placed apart, as a table's columns are */
	for (int i = 0; i < 6; i++)
		g_string_append_printf(c, "(Row%d) Tj %d 0 Td (%d.5) Tj %d 0 Td (%d) Tj "
		                       "-%d -%d Td\n", i, font_size * 5, i * 3,
		                       font_size * 5, i + 7, font_size * 10, font_size * 3 / 2);
	g_string_append(c, "ET\n");
	GBytes *b = finish_one_page(pdf, pages, c->str, res, width, height);
	g_string_free(c, TRUE);
	g_free(res);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_deep_nesting(int depth)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	int font = minipdf_add(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	GString *res = g_string_new(NULL);
	g_string_append_printf(res, "<< /Font << /F1 %d 0 R >> /Deep ", font);
	for (int i = 0; i < depth; i++)
		g_string_append(res, i % 2 ? "<< /A " : "[ ");
	g_string_append(res, "0");
	for (int i = depth - 1; i >= 0; i--)
		g_string_append(res, i % 2 ? " >>" : " ]");
	g_string_append(res, " >>");
	char *c = latin_content(1);
	GBytes *b = finish_one_page(pdf, pages, c, res->str, 595, 842);
	g_free(c);
	g_string_free(res, TRUE);
	minipdf_free(pdf);
	return b;
}

/* ---- damage -------------------------------------------------------------- */

GBytes *minipdf_scribble(GBytes *data, gsize offset, gsize len, guint32 seed)
{
	gsize n;
	const guint8 *src = g_bytes_get_data(data, &n);
	guint8 *copy = g_memdup2(src, n);
	GRand *r = g_rand_new_with_seed(seed);
	for (gsize i = offset; i < offset + len && i < n; i++)
		copy[i] = (guint8)g_rand_int_range(r, 0, 256);
	g_rand_free(r);
	return g_bytes_new_take(copy, n);
}

gssize minipdf_find(GBytes *data, const char *needle)
{
	gsize n;
	const char *d = g_bytes_get_data(data, &n);
	const char *hit = memmem(d, n, needle, strlen(needle));
	return hit ? hit - d : -1;
}

/* ---- bombs and odd pages (the hostile-input suite) ------------------------ */

/* Deflates data as a block of its own (a full flush resets the
 * compressor, so the same data always gives the same bytes). */
static void deflate_piece(z_stream *z, const char *data, gsize len, GString *out)
{
	guint8 buf[65536];
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	do {
		z->next_out = buf;
		z->avail_out = sizeof buf;
		deflate(z, Z_FULL_FLUSH);
		g_string_append_len(out, (const char *)buf, (gssize)(sizeof buf - z->avail_out));
	} while (z->avail_out == 0);
}

/* A zlib stream of head, unit repeated to total bytes, tail. A 64 KB
 * block of units is deflated once and its bytes repeated, so a 1 GB
 * stream is made in well under a second and holds about total / 1000
 * bytes. */
static GString *deflate_repeated(const char *head, const char *unit, gsize total,
                                 const char *tail)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	g_assert(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8,
	                      Z_DEFAULT_STRATEGY) == Z_OK);
	GString *block = g_string_new(NULL);
	while (block->len + strlen(unit) <= 65536)
		g_string_append(block, unit);
	GString *out = g_string_new("\x78\xda");   /* zlib header */
	GString *packed = g_string_new(NULL);
	deflate_piece(&z, head, strlen(head), out);
	deflate_piece(&z, block->str, block->len, packed);
	uLong adler = adler32(1L, (const Bytef *)head, (uInt)strlen(head));
	uLong block_adler = adler32(1L, (const Bytef *)block->str, (uInt)block->len);
	gsize n = total / block->len;
	for (gsize i = 0; i < n; i++) {
		g_string_append_len(out, packed->str, (gssize)packed->len);
		adler = adler32_combine(adler, block_adler, (z_off_t)block->len);
	}
	gsize rest = total - n * block->len;
	deflate_piece(&z, block->str, rest, out);
	adler = adler32(adler, (const Bytef *)block->str, (uInt)rest);
	deflate_piece(&z, tail, strlen(tail), out);
	adler = adler32(adler, (const Bytef *)tail, (uInt)strlen(tail));
	g_string_append_len(out, "\x03\x00", 2);   /* an empty final block */
	for (int shift = 24; shift >= 0; shift -= 8)
		g_string_append_c(out, (char)((adler >> shift) & 0xff));
	deflateEnd(&z);
	g_string_free(packed, TRUE);
	g_string_free(block, TRUE);
	return out;
}

GBytes *minipdf_flate_bomb(gsize inflated, gboolean text)
{
	GString *c = text ? deflate_repeated("BT /F1 9 Tf 40 800 Td\n", "(ab) Tj ", inflated, "ET\n")
	                  : deflate_repeated("", " ", inflated, "");
	const char *extra[] = { "/MediaBox [0 0 595 842]", NULL };
	const GString *contents[] = { c };
	GBytes *b = good_pdf(1, 0, FALSE, extra, contents, "/Filter /FlateDecode");
	g_string_free(c, TRUE);
	return b;
}

GBytes *minipdf_huge_image(int width, int height)
{
	return minipdf_image_page(width, height, 595, 842);
}

GBytes *minipdf_image_page(int width, int height, int page_width, int page_height)
{
	/* a row of the image's data, no more: the rest is missing */
	GString *img = deflate_repeated("", "\x80", (gsize)width, "");
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	char *dict = g_strdup_printf("/Type /XObject /Subtype /Image /Width %d /Height %d "
	                             "/ColorSpace /DeviceGray /BitsPerComponent 8 "
	                             "/Filter /FlateDecode", width, height);
	int im = minipdf_add_stream(pdf, dict, img->str, img->len);
	g_free(dict);
	char *res = g_strdup_printf("<< /XObject << /Im %d 0 R >> >>", im);
	char *content = g_strdup_printf("q %d 0 0 %d 0 0 cm /Im Do Q\n", page_width, page_height);
	GBytes *b = finish_one_page(pdf, pages, content, res, page_width, page_height);
	g_free(content);
	g_free(res);
	g_string_free(img, TRUE);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_many_fonts(int n_fonts)
{
	MiniPdf *pdf = minipdf_new();
	int pages = minipdf_reserve(pdf);
	GString *res = g_string_new("<< /Font << ");
	GString *c = g_string_new("BT 14 TL 40 800 Td\n");
	for (int i = 0; i < n_fonts; i++) {
		int f = minipdf_add(pdf, i % 2 ? "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
		                               : "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>");
		g_string_append_printf(res, "/F%d %d 0 R ", i, f);
		g_string_append_printf(c, "/F%d %d Tf (%s) Tj %s\n", i, 6 + i % 5,
		                       i % 40 ? "x" : sentences[i / 40 % G_N_ELEMENTS(sentences)],
		                       i % 40 == 39 ? "T*" : "");
	}
	g_string_append(res, ">> >>");
	g_string_append(c, "ET\n");
	GBytes *b = finish_one_page(pdf, pages, c->str, res->str, 595, 842);
	g_string_free(c, TRUE);
	g_string_free(res, TRUE);
	minipdf_free(pdf);
	return b;
}

GBytes *minipdf_bad_boxes(void)
{
	/* each page: a box or rotation no producer should write */
	static const char *const extra[] = {
		"/MediaBox [0 0 0 0]",
		"/MediaBox [0 0 -595 -842]",
		"/MediaBox [0 0 1e300 1e300]",
		"/MediaBox [0 0 595]",
		"/MediaBox (not a box)",
		"/MediaBox [0 0 595 842] /CropBox [900 900 1000 1000]",
		"/MediaBox [0 0 595 842] /Rotate 45",
		"/MediaBox [0 0 595 842] /Rotate -270",
		"/MediaBox [0 0 595 842] /Rotate 99999999999",
		"/MediaBox [0 0 595 842] /Rotate /Ninety",
		NULL
	};
	GPtrArray *contents = g_ptr_array_new();
	for (int i = 0; extra[i]; i++) {
		GString *c = g_string_new(NULL);
		g_string_printf(c, "BT /F1 12 Tf 72 700 Td (Odd page %d: %s) Tj ET\n", i + 2,
		                sentences[i % G_N_ELEMENTS(sentences)]);
		g_ptr_array_add(contents, c);
	}
	GBytes *b = good_pdf(1, 0, FALSE, extra, (const GString *const *)contents->pdata, NULL);
	for (guint i = 0; i < contents->len; i++)
		g_string_free(g_ptr_array_index(contents, i), TRUE);
	g_ptr_array_free(contents, TRUE);
	return b;
}

void minipdf_save(GBytes *bytes, const char *path)
{
	gsize n;
	const char *d = g_bytes_get_data(bytes, &n);
	GError *err = NULL;
	if (!g_file_set_contents(path, d, (gssize)n, &err))
		g_error("cannot write %s: %s", path, err->message);
	g_bytes_unref(bytes);
}
