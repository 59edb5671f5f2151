/*
 * xmllib.h — libxml2, opened by the first model read (core/dynlib.h).
 *
 * Only reading a model (qikan structure, normalize, export and review of a
 * model file, the tests) and indexing issues (--db, qikan index) parse XML;
 * `qikan run` writes its XML itself (xml_write.c). Linked, libxml2 and the
 * ICU it brings (libicuuc, libicudata) were loaded by every qikan process:
 * 56 more page faults and ~1.5 ms of start-up. Callers open it with
 * qk_xml_open and call through qk_xml (qk_xml.xmlFreeDoc(doc)); the
 * functions are libxml2's own, declared by its headers.
 */
#ifndef QK_XMLLIB_H
#define QK_XMLLIB_H

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "dynlib.h"

G_BEGIN_DECLS

#define QK_XML_FUNCTIONS(X) \
	X(xmlNewParserCtxt) X(xmlFreeParserCtxt) X(xmlCtxtReadMemory) X(xmlStopParser) \
	X(xmlSAX2InternalSubset) X(xmlSetStructuredErrorFunc) X(xmlFreeDoc) \
	X(xmlDocGetRootElement) X(xmlGetProp) \
	X(xmlRelaxNGNewMemParserCtxt) X(xmlRelaxNGParse) X(xmlRelaxNGNewValidCtxt) \
	X(xmlRelaxNGSetValidStructuredErrors) X(xmlRelaxNGValidateDoc) \
	X(xmlRelaxNGFreeValidCtxt) X(xmlRelaxNGFree) X(xmlRelaxNGFreeParserCtxt) \
	X(xmlReaderForFile) X(xmlTextReaderRead) X(xmlTextReaderNodeType) \
	X(xmlTextReaderConstLocalName) X(xmlTextReaderDepth) X(xmlTextReaderGetAttribute) \
	X(xmlTextReaderReadString) X(xmlTextReaderNext) X(xmlFreeTextReader)

typedef struct {
	QK_XML_FUNCTIONS(QK_DYNLIB_FIELD)
	xmlFreeFunc *free_fn;   /* libxml2's xmlFree, which frees what it returns */
} QkXmlLib;

extern QkXmlLib qk_xml;

/* Opens libxml2 on the first call (any thread); FALSE + error when it
 * cannot be loaded. */
gboolean qk_xml_open(GError **error);

/* xmlFree(p): frees a string libxml2 returned. */
void qk_xml_free(void *p);

G_END_DECLS

#endif
