/*
 * test_archival.c — METS/ALTO (issue 19): `qikan run --mets` on every sample
 * writes one ALTO 4.4 file per page and a METS 1.12.1 mets.xml that validate
 * against the official schemas (schema/archival/, through its XML catalog:
 * libxml2 never goes online); every METS area points at a block that exists
 * in the ALTO file it names; the newspaper's continued lead article is one
 * logical div with parts on two pages; `qikan export --mets` writes the same.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "fileio.h"
#include "qkrun.h"

static char *tmpdir, *out;
static xmlSchemaPtr alto_xsd, mets_xsd;

static const char *const samples[] = {
	"mini", "magazine-2023-01", "magazine-2023-04", "newspaper-2023-10-31",
};

static xmlSchemaPtr load_schema(const char *name)
{
	char *path = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "schema", "archival", name, NULL);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
	xmlSchemaPtr s = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaFreeParserCtxt(pc);
	g_free(path);
	return s;
}

static gboolean valid(xmlSchemaPtr schema, const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (!doc)
		return FALSE;
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	if (rc != 0)
		fprintf(stderr, "%s does not validate\n", path);
	return rc == 0;
}

static int setup(void)
{
	tmpdir = g_dir_make_tmp("qk-archival-XXXXXX", NULL);
	out = g_build_filename(tmpdir, "out", NULL);
	char *catalog = g_build_filename(g_getenv("QK_SOURCE_ROOT"), "schema", "archival",
	                                 "catalog.xml", NULL);
	xmlInitParser();
	xmlInitializeCatalog();
	int rc = xmlLoadCatalog(catalog);
	g_free(catalog);
	alto_xsd = load_schema("alto-4-4.xsd");
	mets_xsd = load_schema("mets-1-12-1.xsd");
	const char *args[16] = { "run", "--mets", "-q", "-o", out };
	int n = 5;
	for (guint i = 0; i < G_N_ELEMENTS(samples); i++)
		args[n++] = g_build_filename(g_getenv("QK_SAMPLES"),
		                             g_strdup_printf("%s.pdf", samples[i]), NULL);
	args[n] = NULL;
	QkRun r = qk_test_run(NULL, args);
	int status = r.status;
	qk_run_clear(&r);
	return rc == 0 && alto_xsd && mets_xsd && status == 0 ? 0 : 1;
}

static int teardown(void)
{
	xmlSchemaFree(alto_xsd);
	xmlSchemaFree(mets_xsd);
	qk_file_remove_tree(tmpdir);
	g_free(out);
	g_free(tmpdir);
	return 0;
}

static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr x = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(x, BAD_CAST "mets", BAD_CAST "http://www.loc.gov/METS/");
	xmlXPathRegisterNs(x, BAD_CAST "a", BAD_CAST "http://www.loc.gov/standards/alto/ns-v4#");
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, x);
	xmlXPathFreeContext(x);
	return r;
}

static int count(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = eval(doc, expr);
	int n = r && r->nodesetval ? r->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(r);
	return n;
}

/* Every area's BEGIN is an ID in the ALTO file its FILEID names. */
static void check_areas(const char *dir, xmlDocPtr mets)
{
	xmlXPathObjectPtr areas = eval(mets, "//mets:area");
	CU_ASSERT_TRUE_FATAL(areas && areas->nodesetval && areas->nodesetval->nodeNr > 0);
	GHashTable *docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                         (GDestroyNotify)xmlFreeDoc);
	int bad = 0;
	for (int i = 0; i < areas->nodesetval->nodeNr; i++) {
		xmlNodePtr a = areas->nodesetval->nodeTab[i];
		char *file = (char *)xmlGetProp(a, BAD_CAST "FILEID");
		char *begin = (char *)xmlGetProp(a, BAD_CAST "BEGIN");
		int page = file && strlen(file) > 5 ? atoi(file + 5) : 0;
		char *name = g_strdup_printf("alto/p%04d.xml", page);
		xmlDocPtr alto = g_hash_table_lookup(docs, name);
		if (!alto) {
			char *path = g_build_filename(dir, name, NULL);
			alto = xmlReadFile(path, NULL, XML_PARSE_NONET);
			g_free(path);
			if (alto)
				g_hash_table_insert(docs, g_strdup(name), alto);
		}
		char *expr = g_strdup_printf("//*[@ID='%s']", begin ? begin : "");
		if (!alto || count(alto, expr) != 1)
			bad++;
		g_free(expr);
		g_free(name);
		xmlFree(begin);
		xmlFree(file);
	}
	CU_ASSERT_EQUAL(bad, 0);
	g_hash_table_unref(docs);
	xmlXPathFreeObject(areas);
}

static void test_samples_validate(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
		char *dir = g_build_filename(out, samples[i], NULL);
		char *mets_path = g_build_filename(dir, "mets.xml", NULL);
		CU_ASSERT_TRUE(valid(mets_xsd, mets_path));
		xmlDocPtr mets = xmlReadFile(mets_path, NULL, XML_PARSE_NONET);
		CU_ASSERT_PTR_NOT_NULL_FATAL(mets);
		int pages = count(mets, "//mets:structMap[@TYPE='PHYSICAL']//mets:div[@TYPE='page']");
		CU_ASSERT_TRUE(pages >= 4);
		for (int p = 1; p <= pages; p++) {
			char *alto = g_strdup_printf("%s/alto/p%04d.xml", dir, p);
			CU_ASSERT_TRUE(valid(alto_xsd, alto));
			g_free(alto);
		}
		/* every article of the model is a logical div */
		CU_ASSERT_TRUE(count(mets, "//mets:div[@TYPE='article']") >= 4);
		check_areas(dir, mets);
		xmlFreeDoc(mets);
		g_free(mets_path);
		g_free(dir);
	}
}

/* The newspaper's lead story goes on from 版1 to 版2: one div, two files. */
static void test_continued_article(void)
{
	char *path = g_build_filename(out, "newspaper-2023-10-31", "mets.xml", NULL);
	xmlDocPtr mets = xmlReadFile(path, NULL, XML_PARSE_NONET);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mets);
	int spanning = 0;
	xmlXPathObjectPtr arts = eval(mets, "//mets:div[@TYPE='article']");
	for (int i = 0; arts->nodesetval && i < arts->nodesetval->nodeNr; i++) {
		xmlChar *id = xmlGetProp(arts->nodesetval->nodeTab[i], BAD_CAST "ID");
		char *e1 = g_strdup_printf("//mets:div[@ID='%s']//mets:area[@FILEID='ALTO_0001']", id);
		char *e2 = g_strdup_printf("//mets:div[@ID='%s']//mets:area[@FILEID='ALTO_0002']", id);
		spanning += count(mets, e1) > 0 && count(mets, e2) > 0;
		g_free(e1);
		g_free(e2);
		xmlFree(id);
	}
	CU_ASSERT_TRUE(spanning >= 1);
	/* furniture sits in the margins, tables are ComposedBlocks */
	char *alto = g_build_filename(out, "newspaper-2023-10-31", "alto", "p0001.xml", NULL);
	xmlDocPtr a = xmlReadFile(alto, NULL, XML_PARSE_NONET);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_TRUE(count(a, "//a:TopMargin/a:TextBlock | //a:BottomMargin/a:TextBlock") > 0);
	CU_ASSERT_EQUAL(count(a, "//a:PrintSpace//a:TextBlock[contains(@TAGREFS,'role-furniture')]"), 0);
	xmlFreeDoc(a);
	g_free(alto);
	xmlXPathFreeObject(arts);
	xmlFreeDoc(mets);
	g_free(path);
}

static void test_export_mets(void)
{
	char *model = g_build_filename(out, "mini", "issue.xml", NULL);
	char *to = g_build_filename(tmpdir, "export", NULL);
	QkRun r = qk_test_runl(NULL, "export", "--mets", "--to", to, model, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	char *a = g_build_filename(out, "mini", "mets.xml", NULL);
	char *b = g_build_filename(to, "mets.xml", NULL);
	char *da = NULL, *db = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(a, &da, NULL, NULL));
	CU_ASSERT_TRUE(g_file_get_contents(b, &db, NULL, NULL));
	CU_ASSERT_STRING_EQUAL(da ? da : "", db ? db : "x");  /* same model, same bytes */
	g_free(da);
	g_free(db);
	g_free(a);
	g_free(b);
	qk_run_clear(&r);
	g_free(to);
	g_free(model);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("archival", setup, teardown);
	CU_add_test(s, "every sample's METS and ALTO validate", test_samples_validate);
	CU_add_test(s, "a continued article is one div over two pages", test_continued_article);
	CU_add_test(s, "export --mets writes the same bytes", test_export_mets);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures ? 1 : 0;
}
