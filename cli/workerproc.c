/*
 * workerproc.c — a batch worker's process, watched from the main loop (see
 * workerproc.h).
 */
#include "workerproc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <glib-unix.h>

extern char **environ;

struct QkProc {
	pid_t pid;
	int status;
	gboolean reaped;
	double cpu;             /* user + system seconds, once reaped */
	int fd[2];              /* read ends of stdout and stderr, -1 at their end */
	guint fd_src[2];
	GByteArray *buf[2];
	int pidfd;              /* -1: waitpid polled on a timer instead */
	guint wait_src;
	guint idle;
	int statm;              /* /proc/PID/statm kept open, -1: not yet */
	QkProcDone done;
	gpointer done_data;
};

/* What exec would have closed: every descriptor but 0, 1 and 2. Only
 * async-signal-safe calls: the parent may have threads. */
static void close_from_3(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 ? max : 65536); fd++)
		close((int)fd);
}

/* Attaches s to the main context (unrefs it). It may recurse: GLib
 * otherwise blocks a source while its callback runs, taking its
 * descriptor out of the poll set and putting it back, and each of the two
 * wakes the loop once more (an eventfd write, a poll and a read): ~6
 * system calls per callback, 30 per worker. The callbacks here never run
 * the loop themselves. */
static guint attach(GSource *s)
{
	g_source_set_can_recurse(s, TRUE);
	guint id = g_source_attach(s, NULL);
	g_source_unref(s);
	return id;
}

/* g_unix_fd_add, recursion allowed (attach). */
static guint fd_add(int fd, GIOCondition cond, GUnixFDSourceFunc fn, gpointer data)
{
	GSource *s = g_unix_fd_source_new(fd, cond);
	g_source_set_callback(s, (GSourceFunc)(void (*)(void))fn, data, NULL);
	return attach(s);
}

static void close_statm(QkProc *p)
{
	if (p->statm >= 0)
		close(p->statm);
	p->statm = -1;
}

static gboolean finish(gpointer data)
{
	QkProc *p = data;
	p->idle = 0;
	p->done(p, p->done_data);   /* may free p */
	return G_SOURCE_REMOVE;
}

/* Done once ended and both pipes read out: said from an idle callback, so
 * that done may free p whatever source noticed the end. */
static void maybe_done(QkProc *p)
{
	if (p->reaped && p->fd[0] < 0 && p->fd[1] < 0 && !p->idle) {
		GSource *s = g_idle_source_new();
		g_source_set_callback(s, finish, p, NULL);
		p->idle = attach(s);
	}
}

static gboolean on_pipe(int fd, GIOCondition cond, gpointer data)
{
	(void)cond;
	QkProc *p = data;
	int i = fd == p->fd[0] ? 0 : 1;
	guint8 chunk[65536];
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n > 0) {
		g_byte_array_append(p->buf[i], chunk, (guint)n);
		return G_SOURCE_CONTINUE;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return G_SOURCE_CONTINUE;
	close(fd);
	p->fd[i] = -1;
	p->fd_src[i] = 0;
	maybe_done(p);
	return G_SOURCE_REMOVE;
}

/* TRUE once the process is waited for. */
static gboolean reap(QkProc *p, int flags)
{
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	pid_t r;
	do
		r = wait4(p->pid, &status, flags, &ru);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return FALSE;
	p->status = r > 0 ? status : (255 << 8);   /* not ours to wait for: "exited 255" */
	p->cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	p->reaped = TRUE;
	close_statm(p);
	p->pid = 0;
	return TRUE;
}

static gboolean on_end(gpointer data)
{
	QkProc *p = data;
	if (!reap(p, WNOHANG))
		return G_SOURCE_CONTINUE;
	p->wait_src = 0;
	if (p->pidfd >= 0)
		close(p->pidfd);
	p->pidfd = -1;
	maybe_done(p);
	return G_SOURCE_REMOVE;
}

static gboolean on_pidfd(int fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	return on_end(data);
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* In the child: the pipes in place, the batch's signal handling undone. */
static void child_setup(int out, int err)
{
	/* a pipe end that already is 1 or 2 (the batch started with them
	 * closed) is not moved by dup2: only its close-on-exec is cleared */
	if (out == STDOUT_FILENO)
		fcntl(out, F_SETFD, 0);
	else
		dup2(out, STDOUT_FILENO);
	if (err == STDERR_FILENO)
		fcntl(err, F_SETFD, 0);
	else
		dup2(err, STDERR_FILENO);
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE };
	for (gsize i = 0; i < G_N_ELEMENTS(sigs); i++)
		signal(sigs[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

QkProc *qk_proc_spawn(const char *const *argv, char **envp, QkProcChild child,
                      gpointer child_data, QkProcDone done, gpointer done_data,
                      GError **error)
{
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) != 0) {
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "pipe: %s", g_strerror(errno));
		return NULL;
	}
	if (pipe2(err, O_CLOEXEC) != 0) {
		int e = errno;
		close(out[0]);
		close(out[1]);
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "pipe: %s", g_strerror(e));
		return NULL;
	}
	fflush(NULL);   /* nothing the batch has buffered may reach a worker's pipe */
	pid_t pid = fork();
	if (pid == 0) {
		child_setup(out[1], err[1]);
		close_from_3();
		if (child)
			child(child_data);   /* does not return */
		execve(argv[0], (char *const *)argv, envp ? envp : environ);
		static const char msg[] = "cannot execute the qikan worker\n";
		(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
		_exit(127);
	}
	int e = errno;
	close(out[1]);
	close(err[1]);
	if (pid < 0) {
		close(out[0]);
		close(err[0]);
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FORK, "fork: %s", g_strerror(e));
		return NULL;
	}
	QkProc *p = g_new0(QkProc, 1);
	p->pid = pid;
	p->done = done;
	p->done_data = done_data;
	p->fd[0] = out[0];
	p->fd[1] = err[0];
	p->statm = -1;
	for (int i = 0; i < 2; i++) {
		/* a new pipe's read end: O_RDONLY, no other status flag */
		fcntl(p->fd[i], F_SETFL, O_NONBLOCK);
		p->buf[i] = g_byte_array_new();
		p->fd_src[i] = fd_add(p->fd[i], G_IO_IN | G_IO_HUP | G_IO_ERR, on_pipe, p);
	}
	p->pidfd = open_pidfd(pid);
	p->wait_src = p->pidfd >= 0 ? fd_add(p->pidfd, G_IO_IN, on_pidfd, p)
	              : g_timeout_add(10, on_end, p);   /* kernels before 5.3 */
	return p;
}

pid_t qk_proc_pid(const QkProc *p)
{
	return p->pid;
}

void qk_proc_kill(QkProc *p, int sig)
{
	if (!p->reaped && p->pid > 0)
		kill(p->pid, sig);
}

static GBytes *take(QkProc *p, int i)
{
	GBytes *b = g_byte_array_free_to_bytes(p->buf[i]);
	p->buf[i] = g_byte_array_new();
	return b;
}

GBytes *qk_proc_take_stdout(QkProc *p)
{
	return take(p, 0);
}

GBytes *qk_proc_take_stderr(QkProc *p)
{
	return take(p, 1);
}

gboolean qk_proc_exited(const QkProc *p)
{
	return p->reaped && WIFEXITED(p->status);
}

int qk_proc_exit_status(const QkProc *p)
{
	return WEXITSTATUS(p->status);
}

gboolean qk_proc_signaled(const QkProc *p)
{
	return p->reaped && WIFSIGNALED(p->status);
}

int qk_proc_term_sig(const QkProc *p)
{
	return WTERMSIG(p->status);
}

double qk_proc_cpu_seconds(const QkProc *p)
{
	return p->cpu;
}

guint64 qk_proc_resident(QkProc *p)
{
	if (p->reaped || p->pid <= 0)
		return 0;
	if (p->statm < 0) {
		char path[48];
		g_snprintf(path, sizeof path, "/proc/%ld/statm", (long)p->pid);
		p->statm = open(path, O_RDONLY | O_CLOEXEC);
		if (p->statm < 0)
			return 0;
	}
	/* size resident shared text lib data dt, in pages; read anew at
	 * offset 0 each time */
	char text[128];
	ssize_t n = pread(p->statm, text, sizeof text - 1, 0);
	if (n <= 0)
		return 0;
	text[n] = 0;
	const char *sp = strchr(text, ' ');
	static long page;
	if (!page)
		page = sysconf(_SC_PAGESIZE);
	return sp ? g_ascii_strtoull(sp + 1, NULL, 10) * (guint64)page : 0;
}

void qk_proc_free(QkProc *p)
{
	if (!p)
		return;
	for (int i = 0; i < 2; i++) {
		if (p->fd_src[i])
			g_source_remove(p->fd_src[i]);
		if (p->fd[i] >= 0)
			close(p->fd[i]);
		g_byte_array_unref(p->buf[i]);
	}
	if (p->wait_src)
		g_source_remove(p->wait_src);
	if (p->idle)
		g_source_remove(p->idle);
	if (p->pidfd >= 0)
		close(p->pidfd);
	close_statm(p);
	if (!p->reaped) {
		kill(p->pid, SIGKILL);
		reap(p, 0);
	}
	g_free(p);
}

/* ---- signals ------------------------------------------------------------ */

static const int watched[] = { SIGINT, SIGTERM, SIGHUP };
static int sig_pipe[2] = { -1, -1 };
static struct sigaction sig_before[G_N_ELEMENTS(watched)];
static guint sig_src;
static GSourceFunc sig_fn;
static gpointer sig_data;

static void on_signal_raw(int sig)
{
	int e = errno;
	char c = (char)sig;
	(void)!write(sig_pipe[1], &c, 1);
	errno = e;
}

static gboolean on_signal_pipe(int fd, GIOCondition cond, gpointer data)
{
	(void)cond;
	(void)data;
	char drain[64];
	while (read(fd, drain, sizeof drain) > 0)
		;
	sig_fn(sig_data);
	return G_SOURCE_CONTINUE;
}

void qk_signals_watch(GSourceFunc fn, gpointer data)
{
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return;
	sig_fn = fn;
	sig_data = data;
	sig_src = g_unix_fd_add(sig_pipe[0], G_IO_IN, on_signal_pipe, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal_raw;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (gsize i = 0; i < G_N_ELEMENTS(watched); i++)
		sigaction(watched[i], &sa, &sig_before[i]);
}

void qk_signals_stop(void)
{
	if (sig_pipe[0] < 0)
		return;
	for (gsize i = 0; i < G_N_ELEMENTS(watched); i++)
		sigaction(watched[i], &sig_before[i], NULL);
	g_source_remove(sig_src);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
	sig_src = 0;
}
