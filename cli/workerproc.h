/*
 * workerproc.h — a batch worker's process, started and watched without a
 * thread.
 *
 * GSubprocess watches its children from GLib's worker thread, which it
 * starts for the first one, and reads their pipes with a thread pool: once
 * the batch had started one worker it had threads, and a fork of it was no
 * longer safe (forkworker.h), so every later worker was executed anew and
 * loaded qikan's ~56 libraries again (9 ms of CPU for a 1-page issue's 22).
 * Here the pipes and the process's end (a pidfd, else a poll of waitpid)
 * are watched from the batch's main loop, so it stays one thread and every
 * worker can be forked.
 */
#ifndef QK_WORKERPROC_H
#define QK_WORKERPROC_H

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct QkProc QkProc;

/* Runs in the forked child with standard output and error on the pipes;
 * must not return (it ends the process with _exit). */
typedef void (*QkProcChild)(gpointer data);
/* Called once from the main loop when the process has ended and both
 * pipes are read to their end. */
typedef void (*QkProcDone)(QkProc *p, gpointer data);

/* Starts a process with standard output and error piped to the batch
 * (standard input inherited): child(child_data) in a fork of this
 * process when child is set (argv, envp unused: may be NULL), else argv
 * executed with envp (NULL: this
 * environment). NULL and error when it cannot fork. */
QkProc *qk_proc_spawn(const char *const *argv, char **envp, QkProcChild child,
                      gpointer child_data, QkProcDone done, gpointer done_data,
                      GError **error);
/* The process id while it has not been waited for, else 0. */
pid_t qk_proc_pid(const QkProc *p);
/* Sends sig unless the process has already been waited for. */
void qk_proc_kill(QkProc *p, int sig);
/* After done: what it wrote (never NULL) and how it ended. */
GBytes *qk_proc_take_stdout(QkProc *p);
GBytes *qk_proc_take_stderr(QkProc *p);
gboolean qk_proc_exited(const QkProc *p);
int qk_proc_exit_status(const QkProc *p);
gboolean qk_proc_signaled(const QkProc *p);
int qk_proc_term_sig(const QkProc *p);
/* After done: the CPU time (user + system, seconds) the process and the
 * children it waited for used. */
double qk_proc_cpu_seconds(const QkProc *p);
/* While running: its resident size now (bytes; /proc/PID/statm, kept open
 * and read again at each call: one system call), 0 when not known. */
guint64 qk_proc_resident(QkProc *p);
/* Stops watching (the process, if still running, is killed and reaped). */
void qk_proc_free(QkProc *p);

/* SIGINT, SIGTERM and SIGHUP delivered to fn(data) from the main loop, as
 * g_unix_signal_add would, without its thread; until qk_signals_stop. */
void qk_signals_watch(GSourceFunc fn, gpointer data);
void qk_signals_stop(void);

G_END_DECLS

#endif
