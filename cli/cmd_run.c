/* cmd_run.c — `qikan run`. (stub: the export engineer fills it with the batch runner) */
#include <stdio.h>
#include "cli.h"

int qk_cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "qikan run: not built yet\n");
	return QK_EXIT_FAILED;
}
