/*
 * dynlib.c — libraries opened at run time by SONAME (see dynlib.h).
 */
#include <gmodule.h>
#include "dynlib.h"

gboolean qk_dynlib_load(QkDynlib *lib, const char *soname, const QkDynSym *syms, gsize n)
{
	if (g_once_init_enter(&lib->once)) {
		GModule *m = g_module_open(soname, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
		gboolean ok = m != NULL;
		for (gsize i = 0; ok && i < n; i++)
			ok = g_module_symbol(m, syms[i].name, syms[i].fn);
		if (m && !ok)
			g_module_close(m);
		/* published with an atomic of our own as well: ThreadSanitizer
		 * does not see g_once's, and the pointers are read on other threads */
		g_atomic_int_set(&lib->state, ok ? 2 : 1);
		g_once_init_leave(&lib->once, 1);
	}
	return g_atomic_int_get(&lib->state) == 2;
}
