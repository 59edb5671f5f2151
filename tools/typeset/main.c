/* main.c — qk-typeset SOURCE.xml -o OUT.pdf: lays out a sample issue and
 * writes OUT.truth.xml (the issue model of what was drawn) beside it. */
#include "ts.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>

#include "fileio.h"
#include "xmlio.h"

/* --image: a page that is only a picture, like a scanned issue (no text
 * layer). A4 at the PNG's aspect ratio, fixed dates for stable bytes. */
static gboolean
image_pdf(const char *png, const char *out, GError **error)
{
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);
	cairo_surface_t *pdf;
	cairo_t *cr;
	double w = 595.28, h, s;
	cairo_status_t st;

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", png,
		            cairo_status_to_string(cairo_surface_status(img)));
		cairo_surface_destroy(img);
		return FALSE;
	}
	s = w / cairo_image_surface_get_width(img);
	h = cairo_image_surface_get_height(img) * s;
	pdf = cairo_pdf_surface_create(out, w, h);
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE,
	                               "2023-01-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE,
	                               "2023-01-01T00:00:00Z");
	cr = cairo_create(pdf);
	cairo_scale(cr, s, s);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	st = cairo_surface_status(pdf);
	cairo_surface_destroy(pdf);
	cairo_surface_destroy(img);
	if (st != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", out,
		            cairo_status_to_string(st));
		return FALSE;
	}
	return TRUE;
}

static char *
truth_path(const char *pdf)
{
	gsize n = strlen(pdf);

	if (n > 4 && g_ascii_strcasecmp(pdf + n - 4, ".pdf") == 0)
		return g_strdup_printf("%.*s.truth.xml", (int)(n - 4), pdf);
	return g_strdup_printf("%s.truth.xml", pdf);
}

int
main(int argc, char **argv)
{
	char *out = NULL;
	gboolean image = FALSE;
	gboolean ok;
	GError *error = NULL;
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "PDF to write", "OUT.pdf" },
		{ "image", 0, 0, G_OPTION_ARG_NONE, &image,
		  "Input is a PNG: write an image-only (scanned-like) PDF", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("SOURCE.xml");
	TsSource *src;
	QkIssue *truth = NULL;
	char *tpath;

	g_option_context_set_summary(ctx,
		"Typesets a qikan sample issue source into a PDF and writes the\n"
		"ground truth (issue model XML) beside it as OUT.truth.xml.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2 || !out) {
		fprintf(stderr, "qk-typeset: %s\nusage: qk-typeset SOURCE.xml -o OUT.pdf\n       qk-typeset --image PAGE.png -o OUT.pdf\n",
		        error ? error->message : "need one SOURCE.xml and -o OUT.pdf");
		g_clear_error(&error);
		g_option_context_free(ctx);
		g_free(out);
		return 2;
	}
	g_option_context_free(ctx);

	if (image) {
		ok = image_pdf(argv[1], out, &error);
		if (!ok) {
			fprintf(stderr, "qk-typeset: %s\n", error->message);
			g_error_free(error);
		}
		g_free(out);
		return ok ? 0 : 1;
	}

	src = qk_ts_source_read(argv[1], &error);
	if (!src) {
		fprintf(stderr, "qk-typeset: %s\n", error->message);
		g_error_free(error);
		g_free(out);
		return 1;
	}
	if (src->newspaper)
		ok = qk_ts_newspaper(src, out, &truth, &error);
	else
		ok = qk_ts_magazine(src, out, &truth, &error);
	if (ok) {
		char *data = NULL;
		gsize len = 0;

		truth->source = g_path_get_basename(out);
		/* tie the truth to the bytes it describes */
		ok = qk_file_read_all(out, 0, &data, &len, &error);
		if (ok)
			truth->source_sha256 = g_compute_checksum_for_data(
				G_CHECKSUM_SHA256, (const guchar *)data, len);
		g_free(data);
	}
	if (ok) {
		tpath = truth_path(out);
		ok = qk_model_write_file(truth, tpath, &error);
		g_free(tpath);
	}
	if (!ok) {
		fprintf(stderr, "qk-typeset: %s: %s\n", argv[1], error->message);
		g_error_free(error);
	}
	qk_issue_free(truth);
	qk_ts_source_free(src);
	g_free(out);
	return ok ? 0 : 1;
}
