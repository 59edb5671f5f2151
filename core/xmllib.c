/*
 * xmllib.c — libxml2 opened on demand (see xmllib.h).
 */
#include "xmllib.h"
#include "error.h"

QkXmlLib qk_xml;

#define SYM(f) { #f, (gpointer *)&qk_xml.f },
static const QkDynSym syms[] = {
	QK_XML_FUNCTIONS(SYM)
	{ "xmlFree", (gpointer *)&qk_xml.free_fn },
};
#undef SYM
static QkDynlib lib;

gboolean qk_xml_open(GError **error)
{
	if (qk_dynlib_load(&lib, QK_XML2_SONAME, syms, G_N_ELEMENTS(syms)))
		return TRUE;
	g_set_error(error, QK_ERROR, QK_ERROR_IO, "cannot load %s (Debian: libxml2)",
	            QK_XML2_SONAME);
	return FALSE;
}

void qk_xml_free(void *p)
{
	if (p != NULL)
		(*qk_xml.free_fn)(p);
}
