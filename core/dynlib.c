/*
 * dynlib.c — libraries opened at run time by SONAME (see dynlib.h).
 */
#include <dlfcn.h>
#include "dynlib.h"
#include "sanitize.h"

/* RTLD_DEEPBIND: the library's relocations are looked up in its own
 * dependencies first rather than through the ~56 libraries Poppler brought
 * in (libqpdf's C++ relocations: 15.6 M instructions to load instead of
 * 6.2 M, a 1-page issue's largest cost after start-up). Every library is
 * there once, so the same symbols are found either way, except a function
 * interposed from outside its library: an allocator preloaded in place of
 * libc's (the library would allocate with libc's and qikan free with the
 * other), or a sanitizer's runtime, which refuses the flag. */

#if defined(RTLD_DEEPBIND) && defined(__GLIBC__) && !defined(QK_SANITIZED)
#include <gnu/lib-names.h>

static gboolean libc_allocates(void)
{
	void *libc = dlopen(LIBC_SO, RTLD_LAZY | RTLD_NOLOAD);
	gboolean same = libc && dlsym(libc, "malloc") == dlsym(RTLD_DEFAULT, "malloc") &&
	                dlsym(libc, "free") == dlsym(RTLD_DEFAULT, "free");
	if (libc)
		dlclose(libc);
	return same;
}

static int open_flags(void)
{
	return RTLD_LAZY | RTLD_LOCAL | (libc_allocates() ? RTLD_DEEPBIND : 0);
}
#else
static int open_flags(void)
{
	return RTLD_LAZY | RTLD_LOCAL;
}
#endif

gboolean qk_dynlib_load(QkDynlib *lib, const char *soname, const QkDynSym *syms, gsize n)
{
	if (g_once_init_enter(&lib->once)) {
		void *m = dlopen(soname, open_flags());
		gboolean ok = m != NULL;
		for (gsize i = 0; ok && i < n; i++)
			ok = (*syms[i].fn = dlsym(m, syms[i].name)) != NULL;
		if (m && !ok)
			dlclose(m);
		/* published with an atomic of our own as well: ThreadSanitizer
		 * does not see g_once's, and the pointers are read on other threads */
		g_atomic_int_set(&lib->state, ok ? 2 : 1);
		g_once_init_leave(&lib->once, 1);
	}
	return g_atomic_int_get(&lib->state) == 2;
}
