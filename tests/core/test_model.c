/*
 * test_model.c — the issue model and its XML form: write → read → write is a
 * fixed point, written documents validate, the reader rejects what it must,
 * and text joining follows the rules for CJK and Latin.
 */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "model.h"
#include "xmlio.h"
#include "fileio.h"
#include "error.h"
#include "qkrun.h"

/* A model that touches every element and attribute of the schema, with text
 * that needs escaping. */
static QkIssue *full_issue(void)
{
	QkIssue *is = qk_issue_new();
	is->source = g_strdup("朔州经济-2023-01.pdf");
	is->source_sha256 = g_strdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	is->normalized = TRUE;
	QkMeta *m = &is->meta;
	m->kind = QK_KIND_MAGAZINE;
	m->title = g_strdup("朔州经济");
	m->year = g_strdup("2023");
	m->number = g_strdup("1");
	m->total_number = g_strdup("168");
	m->frequency = g_strdup("双月出版");
	m->date = g_strdup("2023-02-25");
	m->date_text = g_strdup("2023年2月25日出版");
	m->sponsor = g_strdup("朔州市人民政府");
	m->publisher = g_strdup("朔州市人民政府发展研究中心");
	g_ptr_array_add(m->editors, qk_field_new("主编", "祁贵"));
	qk_issue_warn(is, "no-text-layer", 7, "page has no text layer");

	QkPage *p = qk_page_new(5, 595.28, 841.89);
	p->label = g_strdup("3");
	p->garbled = TRUE;
	QkBox rule = { 33.75, 441.75, 571.75, 442.5 };  /* a printed rule */
	g_array_append_val(p->rules, rule);
	QkBlock *b = qk_block_new();
	b->id = g_strdup("p5-b1");
	b->role = QK_ROLE_FURNITURE;
	b->furniture = g_strdup("running-head");
	b->section = g_strdup("本期特稿");
	b->bbox = (QkBox){ 250.5, 30.25, 345.0, 42.0 };
	b->size = 9;
	QkLine *l = qk_line_new("·本期特稿·");
	l->bbox = b->bbox;
	l->size = 9;
	l->font = g_strdup("NotoSerifCJKsc-Regular");
	g_ptr_array_add(b->lines, l);
	g_ptr_array_add(p->blocks, b);
	QkBlock *b2 = qk_block_new();
	b2->id = g_strdup("p5-b2");
	b2->role = QK_ROLE_BODY;
	b2->column = 1;
	b2->bold = TRUE;
	b2->size = 10.5;
	g_ptr_array_add(b2->lines, qk_line_new("A & B < C > \"D\" 'E'"));
	g_ptr_array_add(p->blocks, b2);
	g_ptr_array_add(is->pages, p);
	g_ptr_array_add(is->pages, qk_page_new(6, 595.28, 841.89));

	QkTable *t = qk_table_new();
	t->id = g_strdup("t1");
	t->page = 5;
	t->last_page = 6;
	t->ruled = TRUE;
	t->rows = 3;
	t->cols = 3;
	t->header_rows = 2;
	t->title = g_strdup("2023年朔州市1—7月主要经济指标");
	t->source = g_strdup("朔州市统计局");
	t->period = g_strdup("1—7月");
	t->unit = g_strdup("亿元");
	QkCell *c = qk_cell_new(0, 0, 2, 1, "主要经济指标名称");
	c->header = TRUE;
	g_ptr_array_add(t->cells, c);
	c = qk_cell_new(0, 1, 1, 2, "全市");
	c->header = TRUE;
	g_ptr_array_add(t->cells, c);
	c = qk_cell_new(2, 1, 1, 1, "691.2");
	c->has_value = TRUE;
	c->value = 691.2;
	g_ptr_array_add(t->cells, c);
	c = qk_cell_new(2, 2, 1, 1, "");
	c->missing = TRUE;
	c->indent = 2;
	g_ptr_array_add(t->cells, c);
	QkIndicator *ind = qk_indicator_new(2);
	ind->name = g_strdup("地区生产总值");
	ind->unit = g_strdup("亿元");
	ind->period = g_strdup("1—2季度");
	ind->parent = 1;
	g_ptr_array_add(t->indicators, ind);
	ind = qk_indicator_new(0);
	ind->name = g_strdup("粮食产量");
	ind->col = 2;
	g_ptr_array_add(t->indicators, ind);
	g_ptr_array_add(is->tables, t);

	QkTocSection *s = qk_toc_section_new("卷首语");
	s->raw = g_strdup("◆ 卷首语");
	QkTocEntry *e = qk_toc_entry_new();
	e->title = g_strdup("打好转型攻坚战");
	g_ptr_array_add(e->authors, g_strdup("祁贵"));
	e->page = g_strdup("1");
	e->pdf_page = 3;
	e->article_id = g_strdup("a1");
	g_ptr_array_add(s->entries, e);
	e = qk_toc_entry_new(); /* an entry with neither title nor author */
	e->page = g_strdup("47");
	g_ptr_array_add(s->entries, e);
	g_ptr_array_add(is->toc, s);

	QkArticle *a = qk_article_new("a1");
	a->section = g_strdup("卷首语");
	a->title = qk_text_new("打好转型攻坚战");
	a->subtitle = qk_text_new("——学习体会");
	a->byline = g_strdup("祁 贵");
	g_ptr_array_add(a->authors, g_strdup("祁贵"));
	g_ptr_array_add(a->pages, g_strdup("1"));
	a->pdf_first = a->pdf_last = 3;
	a->in_toc = TRUE;
	QkPara *para = qk_para_new(QK_PARA_HEADING, "一、总体情况");
	para->level = 1;
	para->page = 3;
	g_ptr_array_add(a->paras, para);
	para = qk_para_new(QK_PARA_BODY, "全年完成投资３７１.７亿元，增长9.2%。");
	para->text->norm = g_strdup("全年完成投资371.7亿元，增长9.2%。");
	QkAnnot *an = qk_annot_new("quantity", 6, 14, "371.7亿元");
	an->has_value = TRUE;
	an->value = 371.7;
	an->unit = g_strdup("亿元");
	an->has_base = TRUE;
	an->base_value = 37170000000.0;
	an->base_unit = g_strdup("元");
	g_ptr_array_add(para->text->annots, an);
	an = qk_annot_new("percent", 17, 21, "9.2%");
	an->has_value = TRUE;
	an->value = 9.2;
	an->qualifier = g_strdup("增长");
	g_ptr_array_add(para->text->annots, an);
	g_ptr_array_add(a->paras, para);
	g_ptr_array_add(is->articles, a);
	return is;
}

static void test_round_trip_fixed_point(void)
{
	QkIssue *is = full_issue();
	gsize len1, len2;
	char *x1 = qk_model_to_xml(is, &len1);
	GError *err = NULL;
	CU_ASSERT_TRUE(qk_model_validate(x1, len1, &err));
	if (err) {
		fprintf(stderr, "validate: %s\n", err->message);
		g_clear_error(&err);
	}
	QkIssue *back = qk_model_from_xml(x1, len1, "test", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	char *x2 = qk_model_to_xml(back, &len2);
	CU_ASSERT_EQUAL(len1, len2);
	CU_ASSERT_STRING_EQUAL(x1, x2);

	/* and the values came back, not just the bytes */
	CU_ASSERT_STRING_EQUAL(back->meta.title, "朔州经济");
	CU_ASSERT_EQUAL(back->meta.kind, QK_KIND_MAGAZINE);
	QkPage *p = qk_issue_page(back, 5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(p->label, "3");
	CU_ASSERT_TRUE(p->garbled);
	CU_ASSERT_EQUAL_FATAL(p->rules->len, 1);
	CU_ASSERT_DOUBLE_EQUAL(g_array_index(p->rules, QkBox, 0).y1, 442.5, 1e-9);
	QkBlock *b = g_ptr_array_index(p->blocks, 0);
	CU_ASSERT_EQUAL(b->role, QK_ROLE_FURNITURE);
	CU_ASSERT_STRING_EQUAL(b->section, "本期特稿");
	CU_ASSERT_DOUBLE_EQUAL(b->bbox.y0, 30.25, 1e-9);
	QkBlock *b2 = g_ptr_array_index(p->blocks, 1);
	CU_ASSERT_STRING_EQUAL(((QkLine *)g_ptr_array_index(b2->lines, 0))->text, "A & B < C > \"D\" 'E'");
	CU_ASSERT_EQUAL(b2->column, 1);
	QkTable *t = g_ptr_array_index(back->tables, 0);
	CU_ASSERT_EQUAL(t->last_page, 6);
	QkCell *c = qk_table_cell(t, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->text->text, "主要经济指标名称");
	CU_ASSERT_EQUAL(c->rowspan, 2);
	c = qk_table_cell(t, 2, 2);
	CU_ASSERT_TRUE(c && c->missing && !c->has_value && c->indent == 2);
	CU_ASSERT_STRING_EQUAL(t->unit ? t->unit : "", "亿元");
	CU_ASSERT_EQUAL_FATAL(t->indicators->len, 2);
	QkIndicator *i0 = g_ptr_array_index(t->indicators, 0), *i1 = g_ptr_array_index(t->indicators, 1);
	CU_ASSERT_TRUE(i0->parent == 1 && i0->col == -1 && i1->parent == -1 && i1->col == 2);
	QkArticle *a = qk_issue_article(back, "a1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	QkPara *para = g_ptr_array_index(a->paras, 1);
	CU_ASSERT_STRING_EQUAL(para->text->text, "全年完成投资３７１.７亿元，增长9.2%。");
	CU_ASSERT_STRING_EQUAL(qk_text_get(para->text), "全年完成投资371.7亿元，增长9.2%。");
	QkAnnot *an = g_ptr_array_index(para->text->annots, 0);
	CU_ASSERT_DOUBLE_EQUAL(an->base_value, 37170000000.0, 1e-3);
	CU_ASSERT_STRING_EQUAL(an->base_unit, "元");
	QkTocSection *s = g_ptr_array_index(back->toc, 0);
	QkTocEntry *e = g_ptr_array_index(s->entries, 1);
	CU_ASSERT_PTR_NULL(e->title);
	CU_ASSERT_EQUAL(e->authors->len, 0);
	CU_ASSERT_EQUAL(back->warnings->len, 1);

	g_free(x1);
	g_free(x2);
	qk_issue_free(back);
	qk_issue_free(is);
}

static void test_empty_issue_valid(void)
{
	QkIssue *is = qk_issue_new();
	gsize len;
	char *x = qk_model_to_xml(is, &len);
	CU_ASSERT_TRUE(qk_model_validate(x, len, NULL));
	g_free(x);
	qk_issue_free(is);
}

/* Documents the reader must refuse, each with the reason it gives. */
static const struct {
	const char *xml;
	const char *needle;
} bad_docs[] = {
	{ "", "empty input" },
	{ "<issue", "line 1" },
	{ "not xml at all", "line 1" },
	{ "<?xml version=\"1.0\"?><book/>", "not a valid qikan model" },
	{ "<issue version=\"2\" kind=\"magazine\"><meta/><pages/><tables/><toc/><articles/></issue>", "not a valid qikan model" },
	{ "<issue version=\"1\" kind=\"magazine\"><meta/><pages><page index=\"0\" width=\"1\" height=\"1\"/></pages><tables/><toc/><articles/></issue>", "not a valid qikan model" },
	{ "<issue version=\"1\" kind=\"magazine\"><meta/><pages><page index=\"1\" width=\"x\" height=\"1\"/></pages><tables/><toc/><articles/></issue>", "not a valid qikan model" },
	{ "<issue version=\"1\" kind=\"magazine\"><meta/><pages/><tables/><toc/><articles><article id=\"a\"><p kind=\"poem\">x</p></article></articles></issue>", "not a valid qikan model" },
	{ "<!DOCTYPE issue [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><issue version=\"1\" kind=\"magazine\"><meta><title>&e;</title></meta><pages/><tables/><toc/><articles/></issue>", "internal subset" },
};

static void test_reader_rejects(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_docs); i++) {
		GError *err = NULL;
		QkIssue *is = qk_model_from_xml(bad_docs[i].xml, strlen(bad_docs[i].xml), "bad.xml", &err);
		CU_ASSERT_PTR_NULL(is);
		CU_ASSERT_PTR_NOT_NULL_FATAL(err);
		CU_ASSERT_TRUE(g_str_has_prefix(err->message, "bad.xml: "));
		CU_ASSERT_PTR_NOT_NULL(strstr(err->message, bad_docs[i].needle));
		CU_ASSERT_PTR_NULL(strchr(err->message, '\n'));
		qk_issue_free(is);
		g_clear_error(&err);
	}
}

static const struct {
	const char *a, *b, *want;
} joins[] = {
	{ "全市完成", "投资", "全市完成投资" },
	{ "the quick", "brown fox", "the quick brown fox" },
	{ "increase of", "5GW", "increase of 5GW" },
	{ "新能源", "5GW项目", "新能源5GW项目" },
	{ "项目“", "开门红”", "项目“开门红”" },
	{ "inter-", "national", "international" },
	{ "GDP ", "  增长", "GDP增长" },
	{ "", "首行", "首行" },
	{ "尾行", "", "尾行" },
	{ "增长9.2%，", "快于", "增长9.2%，快于" },
};

static void test_text_join(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(joins); i++) {
		GString *s = g_string_new(joins[i].a);
		qk_text_join(s, joins[i].b);
		CU_ASSERT_STRING_EQUAL(s->str, joins[i].want);
		g_string_free(s, TRUE);
	}
}

/* The model written to a file: the bytes qk_model_to_xml gives, an old
 * file replaced whole, and a failed write leaves nothing behind. */
static void test_model_write_file(void)
{
	QkIssue *is = full_issue();
	gsize len;
	char *x = qk_model_to_xml(is, &len);
	char *dir = g_dir_make_tmp("qk-test-XXXXXX", NULL);
	char *path = g_build_filename(dir, "issue.xml", NULL);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, "old, and longer than nothing", -1, NULL));
	CU_ASSERT_TRUE(qk_model_write_file(is, path, NULL));
	char *back = NULL;
	gsize blen = 0;
	CU_ASSERT_TRUE(g_file_get_contents(path, &back, &blen, NULL));
	CU_ASSERT_TRUE(back && blen == len && memcmp(back, x, len) == 0);
	g_free(back);
	GError *err = NULL;
	char *bad = g_build_filename(dir, "missing", "issue.xml", NULL);
	CU_ASSERT_FALSE(qk_model_write_file(is, bad, &err));
	CU_ASSERT_TRUE(err && err->domain == QK_ERROR && err->code == QK_ERROR_IO);
	CU_ASSERT_TRUE(err && strstr(err->message, bad) != NULL);
	g_clear_error(&err);
	/* only issue.xml is in the folder: no temporary file */
	CU_ASSERT_EQUAL(qk_test_count_entries(dir), 1);
	g_unlink(path);
	g_rmdir(dir);
	g_free(bad);
	g_free(path);
	g_free(dir);
	g_free(x);
	qk_issue_free(is);
}

static void test_atomic_write(void)
{
	char *dir = g_dir_make_tmp("qk-test-XXXXXX", NULL);
	char *path = g_build_filename(dir, "x.xml", NULL);
	CU_ASSERT_TRUE(qk_file_write_atomic(path, "one", 3, NULL));
	/* a failed write leaves the old file whole */
	char *bad = g_build_filename(dir, "missing", "y.xml", NULL);
	GError *err = NULL;
	CU_ASSERT_FALSE(qk_file_write_atomic(bad, "two", 3, &err));
	CU_ASSERT_TRUE(err && err->domain == QK_ERROR && err->code == QK_ERROR_IO);
	g_clear_error(&err);
	char *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE(qk_file_read_all(path, 0, &data, &len, NULL));
	CU_ASSERT_EQUAL(len, 3);
	g_free(data);
	/* the size guard */
	CU_ASSERT_FALSE(qk_file_read_all(path, 2, &data, &len, &err));
	CU_ASSERT_TRUE(err && err->code == QK_ERROR_LIMIT);
	g_clear_error(&err);
	/* a new file written in place: an existing one refused and left
	 * whole, a failed create leaving nothing */
	char *fresh = g_build_filename(dir, "a1.txt", NULL);
	CU_ASSERT_TRUE(qk_file_write_new(fresh, "new\n", 4, NULL));
	CU_ASSERT_FALSE(qk_file_write_new(fresh, "two", 3, &err));
	CU_ASSERT_TRUE(err && err->domain == QK_ERROR && err->code == QK_ERROR_IO);
	g_clear_error(&err);
	CU_ASSERT_FALSE(qk_file_write_new(bad, "two", 3, &err));
	CU_ASSERT_TRUE(err && err->code == QK_ERROR_IO);
	g_clear_error(&err);
	CU_ASSERT_TRUE(qk_file_read_all(fresh, 0, &data, &len, NULL));
	CU_ASSERT_TRUE(len == 4 && memcmp(data, "new\n", 4) == 0);
	g_free(data);
	/* only the two files are left: no temporary names */
	CU_ASSERT_EQUAL(qk_test_count_entries(dir), 2);
	g_unlink(fresh);
	g_unlink(path);
	g_rmdir(dir);
	g_free(fresh);
	g_free(bad);
	g_free(path);
	g_free(dir);
}

/* qk_format_value gives "%.15g"'s bytes, whole numbers (its own digits)
 * and the rest (g_ascii_formatd) alike, up to and past 15 digits. */
static void test_format_value(void)
{
	static const double cases[] = {
		0, -0.0, 1, -1, 7, 10, 39000, -216000000, 2023, 123456789012345,
		999999999999999, -999999999999999, 1e15, -1e15, 9007199254740992.0,
		1e20, 3.9, -3.5, 0.1 + 0.2, 654.81 * 1e8, 1536.2, 0.000125, 1e-7,
		HUGE_VAL, -HUGE_VAL, NAN,
	};
	char want[G_ASCII_DTOSTR_BUF_SIZE], got[G_ASCII_DTOSTR_BUF_SIZE];
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_ascii_formatd(want, sizeof want, "%.15g", cases[i]);
		CU_ASSERT_STRING_EQUAL(qk_format_value(got, cases[i]), want);
	}
	for (double v = -5000; v <= 5000; v += 1) {
		g_ascii_formatd(want, sizeof want, "%.15g", v * 99991);
		CU_ASSERT_STRING_EQUAL(qk_format_value(got, v * 99991), want);
	}
}

/* Every ground-truth model the typesetter wrote is valid and a fixed point. */
static void test_sample_truth_files(void)
{
	const char *samples = g_getenv("QK_SAMPLES");
	GDir *d = samples ? g_dir_open(samples, 0, NULL) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *name;
	int seen = 0;
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".truth.xml"))
			continue;
		char *path = g_build_filename(samples, name, NULL);
		char *data = NULL;
		gsize len = 0;
		GError *err = NULL;
		CU_ASSERT_TRUE_FATAL(qk_file_read_all(path, 0, &data, &len, NULL));
		QkIssue *is = qk_model_from_xml(data, len, name, &err);
		if (!is)
			fprintf(stderr, "%s\n", err->message);
		CU_ASSERT_PTR_NOT_NULL(is);
		if (is) {
			gsize len2;
			char *again = qk_model_to_xml(is, &len2);
			CU_ASSERT_TRUE(len == len2 && memcmp(data, again, len) == 0);
			CU_ASSERT_TRUE(is->pages->len > 0);
			/* streamed to a file (through a buffer emptied every 64 KB;
			 * these are several times that): the same bytes */
			CU_ASSERT_TRUE(len > 65536 || g_str_has_prefix(name, "mini"));
			char *dir = g_dir_make_tmp("qk-test-XXXXXX", NULL);
			char *out = g_build_filename(dir, "issue.xml", NULL);
			CU_ASSERT_TRUE(qk_model_write_file(is, out, NULL));
			char *written = NULL;
			gsize wlen = 0;
			CU_ASSERT_TRUE(g_file_get_contents(out, &written, &wlen, NULL));
			CU_ASSERT_TRUE(written && wlen == len && memcmp(written, data, len) == 0);
			g_free(written);
			g_unlink(out);
			g_rmdir(dir);
			g_free(out);
			g_free(dir);
			g_free(again);
			seen++;
		}
		g_clear_error(&err);
		qk_issue_free(is);
		g_free(data);
		g_free(path);
	}
	g_dir_close(d);
	CU_ASSERT_TRUE(seen > 0);
}

/* nettle's SHA-256 and GLib's give the same digests (manifests written
 * before stay valid): a known digest, then every length around the block
 * and read sizes, and the sample PDFs. */
static void test_sha256_same_digests(void)
{
	CU_ASSERT_TRUE(qk_file_sha256_preload());
	char *dir = g_dir_make_tmp("qk-test-XXXXXX", NULL);
	char *path = g_build_filename(dir, "f", NULL);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, "abc", 3, NULL));
	char *d = qk_file_sha256(path, NULL);
	CU_ASSERT_STRING_EQUAL(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	g_free(d);
	static const gsize lengths[] = { 0, 1, 55, 56, 63, 64, 65, 119, 65535, 65536, 65537, 200003 };
	guchar *data = g_malloc(200003);
	for (gsize i = 0; i < 200003; i++)
		data[i] = (guchar)(i * 7 + i / 251);
	for (gsize k = 0; k < G_N_ELEMENTS(lengths); k++) {
		CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, (const char *)data,
		                                         (gssize)lengths[k], NULL));
		char *a = qk_file_sha256_with(path, TRUE, NULL);
		char *b = qk_file_sha256_with(path, FALSE, NULL);
		CU_ASSERT_PTR_NOT_NULL(a);
		CU_ASSERT_TRUE(a && b && strcmp(a, b) == 0);
		g_free(a);
		g_free(b);
	}
	g_free(data);
	const char *samples = g_getenv("QK_SAMPLES");
	GDir *sd = samples ? g_dir_open(samples, 0, NULL) : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(sd);
	const char *name;
	int seen = 0;
	while ((name = g_dir_read_name(sd))) {
		if (!g_str_has_suffix(name, ".pdf"))
			continue;
		char *pdf = g_build_filename(samples, name, NULL);
		char *a = qk_file_sha256_with(pdf, TRUE, NULL);
		char *b = qk_file_sha256_with(pdf, FALSE, NULL);
		CU_ASSERT_TRUE(a && b && strcmp(a, b) == 0);
		seen++;
		g_free(a);
		g_free(b);
		g_free(pdf);
	}
	g_dir_close(sd);
	CU_ASSERT_TRUE(seen > 0);
	/* a file that cannot be read is an error, not a digest */
	GError *err = NULL;
	char *missing = g_build_filename(dir, "missing", NULL);
	CU_ASSERT_PTR_NULL(qk_file_sha256(missing, &err));
	CU_ASSERT_TRUE(err && err->code == QK_ERROR_IO);
	g_clear_error(&err);
	g_free(missing);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
}

/* First use of the bundled data from several threads at once: each gets
 * it (GLib registers static resources lazily and once handed a second
 * thread NULL; this must run before anything else in the process reads
 * them, hence first). */
#define DATA_THREADS 8
static gint data_go;

static gpointer lookup_data(gpointer name)
{
	while (!g_atomic_int_get(&data_go))
		;   /* start together */
	return qk_data_lookup(name, NULL);
}

static void test_data_first_use_threads(void)
{
	static const char *const names[DATA_THREADS] = {
		"units.tsv", "sections.txt", "radicals.tsv", "qikan.rng",
		"layout-patterns.txt", "bylines.tsv", "table-labels.txt", "numeric-words.txt"
	};
	GThread *t[DATA_THREADS];
	for (int i = 0; i < DATA_THREADS; i++)
		t[i] = g_thread_new("data", lookup_data, (gpointer)names[i]);
	g_atomic_int_set(&data_go, 1);
	for (int i = 0; i < DATA_THREADS; i++) {
		GBytes *b = g_thread_join(t[i]);
		CU_ASSERT_PTR_NOT_NULL(b);
		if (b)
			g_bytes_unref(b);
	}
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite("model", NULL, NULL);
	CU_add_test(s, "bundled data: first use from several threads", test_data_first_use_threads);
	CU_add_test(s, "XML round trip is a fixed point", test_round_trip_fixed_point);
	CU_add_test(s, "empty issue validates", test_empty_issue_valid);
	CU_add_test(s, "reader rejects bad documents", test_reader_rejects);
	CU_add_test(s, "text joining CJK/Latin", test_text_join);
	CU_add_test(s, "atomic and new-file writes, read guard", test_atomic_write);
	CU_add_test(s, "values written as %.15g writes them", test_format_value);
	CU_add_test(s, "model written to a file: same bytes, atomic", test_model_write_file);
	CU_add_test(s, "sample truth files valid", test_sample_truth_files);
	CU_add_test(s, "SHA-256: nettle and GLib digests agree", test_sha256_same_digests);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
