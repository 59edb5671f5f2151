/* qkmeasure.c — `qk-measure RSSFILE PROGRAM ARGS...`: runs PROGRAM and writes
 * its peak resident memory in KB (wait4 ru_maxrss) to RSSFILE, then exits as
 * PROGRAM did. A process of its own, small, so that the figure is PROGRAM's:
 * a child forked straight from a test would start its count at the test's
 * own size (Linux carries the pre-exec size into ru_maxrss). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: qk-measure RSSFILE PROGRAM [ARGS...]\n");
		return 125;
	}
	pid_t pid = fork();
	if (pid < 0)
		return 125;
	if (pid == 0) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		return 125;
	FILE *f = fopen(argv[1], "w");
	if (f) {
		fprintf(f, "%ld\n", ru.ru_maxrss);
		fclose(f);
	}
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}
