/* qkrun.c — running the qikan command from a test: spawned in a process
 * group of its own so a time bound can kill it with its workers, through
 * qk-measure so its peak memory is known. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "qkrun.h"

static void own_group(gpointer data)
{
	(void)data;
	setpgid(0, 0);
}

/* Reads what is ready on fd into s; FALSE at end of file. */
static gboolean drain(int fd, GString *s)
{
	char chunk[65536];  /* a read block, not text */
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n > 0) {
		g_string_append_len(s, chunk, n);
		return TRUE;
	}
	return n < 0 && (errno == EINTR || errno == EAGAIN);
}

QkRun qk_test_run_opts(const QkRunOpts *opts, const char *const *args)
{
	QkRunOpts none = { 0 };
	const QkRunOpts *o = opts ? opts : &none;
	QkRun r = { -1, NULL, NULL, 0, 0, FALSE };
	GPtrArray *argv = g_ptr_array_new();
	/* Through qk-measure when meson gives it: the child's own peak. */
	const char *measure = g_getenv("QK_MEASURE");
	char *rss_file = NULL;
	if (measure) {
		int fd = g_file_open_tmp("qk-rss-XXXXXX", &rss_file, NULL);
		if (fd >= 0) {
			close(fd);
			g_ptr_array_add(argv, (char *)measure);
			g_ptr_array_add(argv, rss_file);
		}
	}
	g_ptr_array_add(argv, (char *)g_getenv("QK_QIKAN"));
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (char *)*a);
	g_ptr_array_add(argv, NULL);

	int in = open(o->stdin_path ? o->stdin_path : "/dev/null", O_RDONLY | O_CLOEXEC);
	int fds[2] = { -1, -1 };
	GPid pid = 0;
	GError *err = NULL;
	gint64 t0 = g_get_monotonic_time();
	gint64 deadline = o->timeout > 0 ? t0 + (gint64)(o->timeout * 1e6) : 0;
	gboolean started = in >= 0 && g_spawn_async_with_pipes_and_fds(
		o->cwd, (const char *const *)argv->pdata, NULL,
		G_SPAWN_DO_NOT_REAP_CHILD, own_group, NULL, in, -1, -1, NULL, NULL, 0,
		&pid, NULL, &fds[0], &fds[1], &err);
	if (in >= 0)
		close(in);
	if (!started) {
		fprintf(stderr, "qikan: %s\n", err ? err->message : g_strerror(errno));
		g_clear_error(&err);
		g_ptr_array_free(argv, TRUE);
		if (rss_file)
			remove(rss_file);
		g_free(rss_file);
		r.out = g_strdup("");
		r.err = g_strdup("");
		return r;
	}
	GString *text[2] = { g_string_new(NULL), g_string_new(NULL) };
	int open_fds = 2;
	while (open_fds > 0) {
		struct pollfd p[2];
		int np = 0, which[2];
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0) {
				p[np] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
				which[np++] = i;
			}
		int wait_ms = -1;
		if (deadline && !r.timed_out) {
			gint64 left = deadline - g_get_monotonic_time();
			wait_ms = left > 0 ? (int)(left / 1000) + 1 : 0;
		} else if (r.timed_out) {
			wait_ms = 2000;  /* what a killed group still flushes */
		}
		int ready = poll(p, np, wait_ms);
		if (ready == 0 && r.timed_out)
			break;
		if (ready == 0 || (deadline && g_get_monotonic_time() >= deadline && !r.timed_out)) {
			r.timed_out = TRUE;
			kill(-pid, SIGKILL);
			continue;
		}
		for (int k = 0; ready > 0 && k < np; k++) {
			if (!p[k].revents)
				continue;
			int i = which[k];
			if (!drain(fds[i], text[i])) {
				close(fds[i]);
				fds[i] = -1;
				open_fds--;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	int status = 0;
	struct rusage ru = { 0 };
	pid_t got;
	do
		got = wait4(pid, &status, 0, &ru);
	while (got < 0 && errno == EINTR);
	if (got == pid) {
		if (WIFEXITED(status))
			r.status = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			r.status = 128 + WTERMSIG(status);
		r.peak_kb = ru.ru_maxrss;
	}
	char *measured = NULL;
	if (rss_file && g_file_get_contents(rss_file, &measured, NULL, NULL) && *measured)
		r.peak_kb = strtol(measured, NULL, 10);
	g_free(measured);
	if (rss_file)
		remove(rss_file);
	g_spawn_close_pid(pid);
	r.secs = (g_get_monotonic_time() - t0) / 1e6;
	r.out = g_string_free(text[0], FALSE);
	r.err = g_string_free(text[1], FALSE);
	g_ptr_array_free(argv, TRUE);
	g_free(rss_file);
	return r;
}

QkRun qk_test_run(const char *stdin_path, const char *const *args)
{
	QkRunOpts o = { .stdin_path = stdin_path };
	return qk_test_run_opts(&o, args);
}

QkRun qk_test_run_optsv(const QkRunOpts *opts, const char *first, va_list ap)
{
	GPtrArray *args = g_ptr_array_new();
	for (const char *a = first; a; a = va_arg(ap, const char *))
		g_ptr_array_add(args, (char *)a);
	g_ptr_array_add(args, NULL);
	QkRun r = qk_test_run_opts(opts, (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
	return r;
}

QkRun qk_test_runv(const char *stdin_path, const char *first, va_list ap)
{
	QkRunOpts o = { .stdin_path = stdin_path };
	return qk_test_run_optsv(&o, first, ap);
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

QkRun qk_test_extract_scan(const char *name)
{
	char *file = g_strconcat(name, ".pdf", NULL);
	char *pdf = g_build_filename(g_getenv("QK_SAMPLES"), "scans", file, NULL);
	QkRun r = qk_test_runl(NULL, "extract", pdf, NULL);
	g_free(pdf);
	g_free(file);
	return r;
}

char *qk_test_read_text(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;
	g_file_get_contents(path, &data, NULL, NULL);
	g_free(path);
	return data;
}

int qk_test_count_entries(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	int n = 0;
	while (d && g_dir_read_name(d))
		n++;
	if (d)
		g_dir_close(d);
	return n;
}
