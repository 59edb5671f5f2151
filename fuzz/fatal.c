/*
 * fatal.c — linked into every fuzz target: GLib's fatal errors (g_error, a
 * failed or overflowing g_malloc) and criticals (a g_return_if_fail that
 * failed: a bug in our calls) abort(). By itself GLib raises SIGTRAP for
 * them, which libFuzzer does not catch: the fuzzer would die without
 * saving the input that did it.
 */
#include <stdlib.h>
#include <glib.h>

static GLogWriterOutput abort_on_fatal(GLogLevelFlags level, const GLogField *fields,
                                       gsize n_fields, gpointer data)
{
	GLogWriterOutput r = g_log_writer_default(level, fields, n_fields, data);
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL))
		abort();
	return r;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	g_log_set_writer_func(abort_on_fatal, NULL, NULL);
	return 0;
}
