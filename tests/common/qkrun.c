/* qkrun.c — running the qikan command from a test, through GSubprocess. */
#include <stdio.h>
#include <gio/gio.h>
#include "qkrun.h"

QkRun qk_test_run(const char *stdin_path, const char *const *args)
{
	QkRun r = { -1, NULL, NULL, 0 };
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)g_getenv("QK_QIKAN"));
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (char *)*a);
	g_ptr_array_add(argv, NULL);

	GSubprocessLauncher *l = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_subprocess_launcher_set_stdin_file_path(l, stdin_path ? stdin_path : "/dev/null");
	GError *err = NULL;
	gint64 t0 = g_get_monotonic_time();
	GSubprocess *p = g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata, &err);
	if (p && g_subprocess_communicate_utf8(p, NULL, NULL, &r.out, &r.err, &err)) {
		if (g_subprocess_get_if_exited(p))
			r.status = g_subprocess_get_exit_status(p);
		else if (g_subprocess_get_if_signaled(p))
			r.status = 128 + g_subprocess_get_term_sig(p);
	}
	if (err) {
		fprintf(stderr, "qikan: %s\n", err->message);
		g_error_free(err);
	}
	r.secs = (g_get_monotonic_time() - t0) / 1e6;
	g_clear_object(&p);
	g_object_unref(l);
	g_ptr_array_free(argv, TRUE);
	return r;
}

QkRun qk_test_runv(const char *stdin_path, const char *first, va_list ap)
{
	GPtrArray *args = g_ptr_array_new();
	for (const char *a = first; a; a = va_arg(ap, const char *))
		g_ptr_array_add(args, (char *)a);
	g_ptr_array_add(args, NULL);
	QkRun r = qk_test_run(stdin_path, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
	return r;
}

QkRun qk_test_runl(const char *stdin_path, const char *first, ...)
{
	va_list ap;
	va_start(ap, first);
	QkRun r = qk_test_runv(stdin_path, first, ap);
	va_end(ap);
	return r;
}

void qk_run_clear(QkRun *r)
{
	g_clear_pointer(&r->out, g_free);
	g_clear_pointer(&r->err, g_free);
}

int qk_test_count_lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}
