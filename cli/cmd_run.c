/* cmd_run.c — `qikan run`: every stage on many PDFs (see batch.h). */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "batch.h"
#include "corpusdb.h"

/* --db: the batch process is the database's one writer; an issue whose
 * SHA-256 the database already holds is left as it is. */
typedef struct {
	QkCorpusDb *db;
	int failed;
} DbFill;

static void db_add(const QkBatchDone *d, gpointer data)
{
	DbFill *f = data;
	char *have = qk_corpusdb_issue_sha(f->db, d->name);
	gboolean same = have && d->sha256 && strcmp(have, d->sha256) == 0;
	g_free(have);
	GError *err = NULL;
	QkCorpusCounts counts = { d->pages, d->articles, d->tables, d->warnings };
	if (!same && !qk_corpusdb_add_issue(f->db, d->name, d->dir, &counts, &err)) {
		fprintf(stderr, "qikan: %s: database: %s\n", d->dir, err->message);
		g_error_free(err);
		f->failed++;
	}
}

/* MB of resident memory per worker unless --max-memory says otherwise. */
#define QK_RUN_DEFAULT_MAX_MEMORY 4096

int qk_cmd_run(int argc, char **argv)
{
	char *out = NULL, *password = NULL, *units = NULL, *sections = NULL, *db_path = NULL;
	char *worker_file = NULL, *worker_name = NULL, *ocr = NULL, *ocr_lang = NULL;
	char *shard = NULL;
	/* A 48-page issue takes well under a second; ten minutes means stuck.
	 * A 2,000-page issue peaks well under a tenth of the memory cap. */
	int jobs = 0, threads = 0, timeout = 600, max_memory = QK_RUN_DEFAULT_MAX_MEMORY;
	gboolean resume = FALSE, quiet = FALSE, timings = FALSE, review = FALSE, mets = FALSE;
	gboolean xlsx = FALSE, csv_bom = FALSE;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		  "Write one folder per issue into DIR (required)", "DIR" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
		  "Process N issues at once (default: number of cores, at most the number of issues)", "N" },
		{ "threads", 0, 0, G_OPTION_ARG_INT, &threads,
		  "Read each issue's pages on N threads (default: the cores the issues running at once leave)", "N" },
		{ "resume", 'r', 0, G_OPTION_ARG_NONE, &resume,
		  "Skip issues already done from the same input bytes", NULL },
		{ "shard", 0, 0, G_OPTION_ARG_STRING, &shard,
		  "Run only shard K of N (1 ≤ K ≤ N) of the inputs, into an OUT of its own; "
		  "join the N outputs with 'qikan merge'", "K/N" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
		  "Give up on an issue after SECONDS (default 600; 0: no limit)", "SECONDS" },
		{ "max-memory", 0, 0, G_OPTION_ARG_INT, &max_memory,
		  "Stop an issue whose worker holds more than MB of resident memory "
		  "(default " G_STRINGIFY(QK_RUN_DEFAULT_MAX_MEMORY) "; 0: no limit)", "MB" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &password,
		  "Password for encrypted PDFs", "PASSWORD" },
		QK_CLI_OCR_ENTRIES(&ocr, &ocr_lang),
		{ "units", 0, 0, G_OPTION_ARG_FILENAME, &units,
		  "Extra units for normalize (format of data/units.tsv)", "FILE" },
		{ "sections", 0, 0, G_OPTION_ARG_FILENAME, &sections,
		  "Extra section names for normalize (format of data/sections.txt)", "FILE" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
		  "Print only failures and the summary", NULL },
		{ "timings", 0, 0, G_OPTION_ARG_NONE, &timings,
		  "Print each issue's time in extract (with structure), normalize and export", NULL },
		{ "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
		  "Fill the searchable SQLite database FILE as issues finish (see 'qikan search')", "FILE" },
		{ "mets", 0, 0, G_OPTION_ARG_NONE, &mets,
		  "Also write mets.xml and alto/*.xml (METS 1.12.1 + ALTO 4.4, for archives)", NULL },
		{ "xlsx", 0, 0, G_OPTION_ARG_NONE, &xlsx,
		  "Also write issue.xlsx (TOC, articles, indicators, one sheet per table)", NULL },
		{ "csv-bom", 0, 0, G_OPTION_ARG_NONE, &csv_bom,
		  "Begin CSV files with a byte-order mark (Excel opens them right)", NULL },
		{ "review", 0, 0, G_OPTION_ARG_NONE, &review,
		  "Also write review.html: the pages with what qikan found on them", NULL },
		/* Internal: one issue in a worker process started by the batch. */
		{ "worker-one", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME,
		  &worker_file, NULL, NULL },
		{ "worker-name", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING,
		  &worker_name, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(
		"PDF|FOLDER… — extract, structure, normalize and export many issues");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Each PDF (folders are searched recursively for *.pdf) becomes the folder\n"
		"OUT/<file name without .pdf>/ with issue.xml, toc.csv, articles.csv,\n"
		"articles/*.txt, tables.csv, tables/*.csv, indicators.csv and\n"
		"quantities.csv. OUT also gets manifest.csv (what was done, with each\n"
		"input's SHA-256), issues.csv (one row per issue), all-articles.csv and\n"
		"all-indicators.csv (every issue's rows, the issue's name first).\n\n"
		"Each issue runs in a worker process of its own: one bad, slow or huge\n"
		"file fails alone and the others go on; a worker over --max-memory\n"
		"(resident memory) is stopped and reported as a memory limit. Folders\n"
		"are built under a temporary name and renamed when complete; after an\n"
		"interruption --resume finishes the rest.\n" QK_PAGE_LIMIT_HELP "\n"
		"One run at a time writes into OUT: a second run into a folder in use\n"
		"is refused at once (exit 1). A folder keeps its name in later runs,\n"
		"and another input with the same file name gets NAME-2. In folders,\n"
		"hidden .x.pdf files, FIFOs and broken or looping links are skipped\n"
		"and listed. File names are printed and recorded with control\n"
		"characters and bytes that are not UTF-8 as \\xHH. Use -- before file\n"
		"names that start with '-'.\n\n"
		"--shard K/N runs one of N independent runs (one per machine or job)\n"
		"that together take every input exactly once: an input's shard comes\n"
		"from a hash of its path under the folder named on the command line\n"
		"(or its path as given), so it keeps its shard when files are added.\n"
		"Give every shard the same inputs and an OUT of its own; folder names\n"
		"are those one run would give. 'qikan merge' joins the outputs.\n\n"
		"Examples:\n"
		"  qikan run issue.pdf -o out/\n"
		"  qikan run --jobs 4 --timeout 300 archive/ -o out/\n"
		"  qikan run --resume archive/ -o out/     # after Ctrl-C or a crash\n"
		"  qikan run --shard 3/8 --resume archive/ -o parts/3   # one of 8 machines\n\n"
		QK_EXIT_CODES_HELP);
	int rc = QK_EXIT_USAGE;
	if (!qk_cli_parse(ctx, "run", &argc, &argv))
		goto cleanup;
	if (!out) {
		fprintf(stderr, "qikan run: give the output folder with -o DIR "
		        "(see 'qikan run --help')\n");
		goto cleanup;
	}
	if (jobs < 0 || jobs > 1024 || threads < 0 || threads > 1024 ||
	    timeout < 0 || max_memory < 0) {
		fprintf(stderr, "qikan run: --jobs and --threads must be 1…1024, "
		        "--timeout and --max-memory 0 or more\n");
		goto cleanup;
	}
	if (g_file_test(out, G_FILE_TEST_EXISTS) &&
	    !g_file_test(out, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "qikan run: %s is not a folder\n", out);
		goto cleanup;
	}
	int shard_k = 0, shard_n = 0;
	if (shard && !qk_batch_parse_shard(shard, &shard_k, &shard_n)) {
		fprintf(stderr, "qikan run: --shard takes K/N with 1 ≤ K ≤ N ≤ 100000, "
		        "not '%s'\n", shard);
		goto cleanup;
	}
	QkOcrMode ocr_mode;
	if (!qk_cli_ocr_mode("run", ocr, &ocr_mode))
		goto cleanup;
	/* 0: issues in parallel first, at most as many as there are; the cores
	 * left over read pages in parallel (batch.c) */
	QkBatchOptions opts = {
		.out_dir = out,
		.jobs = jobs,
		.threads = threads,
		.resume = resume,
		.shard = shard_k,
		.shards = shard_n,
		.timeout = timeout,
		.max_memory = max_memory,
		.password = password,
		.units = units,
		.sections = sections,
		.quiet = quiet,
		.timings = timings,
		.review = review,
		.mets = mets,
		.xlsx = xlsx,
		.csv_bom = csv_bom,
		.ocr = ocr_mode,
		.ocr_lang = ocr_lang,
	};
	if (worker_file) {
		if (!worker_name) {
			fprintf(stderr, "qikan run: --worker-one needs --worker-name\n");
			goto cleanup;
		}
		if (!opts.password)
			opts.password = g_getenv("QK_WORKER_PASSWORD");
		rc = qk_batch_worker(worker_file, worker_name, &opts);
		goto cleanup;
	}
	if (argc < 2) {
		fprintf(stderr, "qikan run: give at least one PDF or folder "
		        "(see 'qikan run --help')\n");
		goto cleanup;
	}
	DbFill fill = { 0 };
	if (db_path) {
		GError *err = NULL;
		fill.db = qk_corpusdb_open(db_path, FALSE, &err);
		if (!fill.db) {
			fprintf(stderr, "qikan: %s: %s\n", db_path, err->message);
			g_error_free(err);
			rc = QK_EXIT_FAILED;
			goto cleanup;
		}
		opts.on_issue = db_add;
		opts.on_issue_data = &fill;
	}
	rc = qk_batch_run(argv + 1, argc - 1, &opts);
	if (fill.failed && rc == QK_EXIT_OK)
		rc = QK_EXIT_FAILED;
	qk_corpusdb_close(fill.db);
cleanup:
	g_option_context_free(ctx);
	g_free(out);
	g_free(password);
	g_free(units);
	g_free(sections);
	g_free(worker_file);
	g_free(worker_name);
	g_free(db_path);
	g_free(ocr);
	g_free(ocr_lang);
	g_free(shard);
	return rc;
}
