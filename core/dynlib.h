/*
 * dynlib.h — libraries qikan opens at run time (by SONAME) rather than links.
 *
 * Every library a process links is loaded and relocated when it starts: with
 * Poppler's 56 that is most of a small issue's start-up, and qikan starts two
 * processes per issue. What only one stage or one option needs (qpdf for page
 * drawing, Tesseract and Leptonica for OCR, SQLite for --db, libxlsxwriter for
 * --xlsx, nettle for checksums) is opened by the first call that needs it.
 *
 * A user of a library lists the functions it calls in an X-macro and calls
 * them through a struct of pointers (see export/xlsx.c):
 *
 *   #define LIB_FUNCTIONS(X) X(foo_open) X(foo_close)
 *   static struct { LIB_FUNCTIONS(QK_DYNLIB_FIELD) } L;
 *   #define SYM(f) { #f, (gpointer *)&L.f },
 *   static const QkDynSym syms[] = { LIB_FUNCTIONS(SYM) };
 *   static QkDynlib lib;
 *   ... if (qk_dynlib_load(&lib, "libfoo.so.1", syms, G_N_ELEMENTS(syms))) L.foo_open(…);
 */
#ifndef QK_DYNLIB_H
#define QK_DYNLIB_H

#include <glib.h>

/* One function to look up: its name and where its address goes. */
typedef struct {
	const char *name;
	gpointer *fn;
} QkDynSym;

/* Once-per-process state of one library: a zero-initialised static. */
typedef struct {
	gsize once;
	gint state;   /* 1: could not be loaded, 2: loaded */
} QkDynlib;

/* A struct field holding a pointer to function f, of f's own type. */
#define QK_DYNLIB_FIELD(f) __typeof__(f) *f;

/* Opens soname on the first call (kept open for the life of the process)
 * and fills every syms[i].fn; TRUE when the library and every function were
 * found. Safe to call from any thread; later calls return the first answer. */
gboolean qk_dynlib_load(QkDynlib *lib, const char *soname, const QkDynSym *syms, gsize n);

#endif
