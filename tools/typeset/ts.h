/*
 * ts.h — internals of qk-typeset, the sample typesetter (a developer tool).
 *
 * source.c reads a sample source (SOURCE.md) into TsSource; flow.c measures,
 * breaks and draws text and records every drawn line into the ground truth;
 * magazine.c and newspaper.c lay out the two kinds of issue; table.c draws
 * tables; truth.c builds the truth articles, TOC and tables.
 */
#ifndef QK_TS_H
#define QK_TS_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "model.h"

G_BEGIN_DECLS

/* ---- the source ------------------------------------------------------ */

typedef struct {
	char *text;
	int rowspan, colspan;
} TsCell;

typedef struct {
	gboolean header;
	GPtrArray *cells; /* of TsCell */
} TsRow;

typedef struct {
	char *id;
	gboolean ruled;
	char *title, *source, *note;
	GPtrArray *rows;  /* of TsRow */
} TsTable;

typedef enum {
	TS_ITEM_P,
	TS_ITEM_H,
	TS_ITEM_ORG,
	TS_ITEM_NOTE,
	TS_ITEM_FIGURE,
	TS_ITEM_TABLE,
	TS_ITEM_SOURCE,
	TS_ITEM_SIGNATURE
} TsItemKind;

typedef struct {
	TsItemKind kind;
	int level;        /* headings */
	gboolean tail;    /* a paragraph that is a tail line (kind="tail") */
	char *text;       /* NULL for figures and tables */
	double height;    /* figures */
	char *caption;    /* figures */
	TsTable *table;   /* tables */
} TsItem;

typedef struct {
	char *id;
	char *section;
	char *part_of;      /* newspaper continuation part */
	gboolean wide;      /* magazine: title across both columns */
	gboolean flow_continue;
	gboolean in_toc, toc_authors;
	int edition;        /* newspaper 版 */
	int continue_to;    /* newspaper: 版 it continues on, 0 none */
	int cols;           /* newspaper: columns the article spans, 0 default */
	char *kicker;
	GPtrArray *title_lines; /* of char*, empty when no title */
	char *subtitle, *byline;
	GPtrArray *authors; /* of char* */
	gboolean has_toc_title;
	char *toc_title;    /* "" = entry printed without a title */
	GPtrArray *items;   /* of TsItem */
} TsArticle;

typedef struct {
	char *role;
	char *names;
} TsMember;

typedef struct {
	gboolean newspaper;
	char *title, *title_latin, *year, *number, *total_number, *frequency;
	char *date;         /* ISO */
	char *sponsor, *publisher, *slogan;
	char *weekday, *lunar, *cn, *host;
	int first_page;     /* magazine: PDF page printing page 1, 0 = default */
	int editions;
	GPtrArray *edition_names; /* of char*, index = 版 - 1 ("" unknown) */
	GPtrArray *committee;     /* of TsMember */
	GPtrArray *imprint;       /* of char* */
	GPtrArray *articles;      /* of TsArticle */
	char *tables_section;
	GPtrArray *tables;        /* of TsTable */
	char *tables_note;
} TsSource;

TsSource *qk_ts_source_read(const char *path, GError **error);
void qk_ts_source_free(TsSource *src);
TsArticle *qk_ts_source_article(const TsSource *src, const char *id);

/* ---- drawing and recording ------------------------------------------- */

typedef struct {
	const char *family;
	double size;
	gboolean bold;
} TsFont;

extern const char *const QK_TS_SERIF;
extern const char *const QK_TS_SANS;

typedef struct {
	cairo_surface_t *surface;
	cairo_t *cr;
	QkIssue *truth;        /* owned */
	QkPage *page;          /* current truth page (borrowed from truth) */
	int page_count;
	double pw, ph;
	int block_seq;
	QkBlock *block;        /* block lines are being added to, or NULL */
	GHashTable *fonts;     /* "family|size|bold" → PangoFontDescription */
	gboolean dry;          /* measuring: draw and record nothing */
} TsDoc;

/* out == NULL: draw into nothing (the layout pass). */
TsDoc *qk_ts_doc_new(const char *out, GError **error);
gboolean qk_ts_doc_finish(TsDoc *doc, GError **error);
void qk_ts_doc_free(TsDoc *doc);

/* Starts a new PDF page; label is the printed page number / 版 or NULL. */
void qk_ts_page_new(TsDoc *doc, double w, double h, const char *label);

/* Blocks: lines drawn between begin and end go into one truth block. */
QkBlock *qk_ts_block_begin(TsDoc *doc, QkRole role, const TsFont *font,
                           int column);
void qk_ts_block_end(TsDoc *doc);

/* Width of text in font (points). */
double qk_ts_text_width(TsDoc *doc, const TsFont *font, const char *text);

/* Draws one line with its top at y; records it in the open block (if any). */
void qk_ts_draw_line(TsDoc *doc, const TsFont *font, const char *text,
                     double x, double y, double line_h);
typedef enum { TS_LEFT, TS_CENTER, TS_RIGHT } TsAlign;
/* Draws text aligned in [x, x + w]. */
void qk_ts_draw_aligned(TsDoc *doc, const TsFont *font, const char *text,
                        double x, double w, double y, double line_h,
                        TsAlign align);
void qk_ts_fill_rect(TsDoc *doc, double x, double y, double w, double h,
                     double grey);
void qk_ts_stroke_line(TsDoc *doc, double x0, double y0, double x1,
                       double y1, double width);

/*
 * Breaks text into lines no wider than width (the first line has indent
 * less room), following the Chinese rules: no line starts with closing
 * punctuation, no line ends with opening punctuation, numbers and Latin
 * words stay whole. Returns a GPtrArray of g_malloc'd line strings.
 */
GPtrArray *qk_ts_break(TsDoc *doc, const TsFont *font, const char *text,
                       double width, double indent);

/* ---- flowing text through columns ------------------------------------ */

typedef struct TsFlow TsFlow;
/* Called when the last column is full; must set new columns in the flow.
 * Returns FALSE when there is no more room (newspaper modules). */
typedef gboolean (*TsFlowNext)(TsFlow *flow, void *data);

struct TsFlow {
	TsDoc *doc;
	int ncols;
	double col_x[8], col_w;
	double top[8], bottom;
	int col;
	double y;
	TsFlowNext next;
	void *next_data;
	gboolean overflow;     /* set when next() refused */
	int first_col_index;   /* column number recorded in blocks */
};

/* Moves to the next column (or page); FALSE when out of room. */
gboolean qk_ts_flow_advance(TsFlow *flow);
/* Makes sure h points fit in the current column, advancing if not. */
gboolean qk_ts_flow_need(TsFlow *flow, double h);
/* Flows text as lines; first line indented by indent. Returns FALSE on
 * overflow. */
gboolean qk_ts_flow_text(TsFlow *flow, QkRole role, const TsFont *font,
                         const char *text, double line_h, double indent,
                         TsAlign align);
/* Height the text would take in one column. */
double qk_ts_text_height(TsDoc *doc, const TsFont *font, const char *text,
                         double width, double line_h, double indent);

/* ---- tables ------------------------------------------------------------ */

/* Grid size of a source table (spans taken into account). */
void qk_ts_table_size(const TsTable *t, int *rows, int *cols);
/* Draws a table at (x, y) within width; returns its height. Adds a truth
 * QkTable to doc->truth (and returns it in out when not NULL). With
 * dry_run nothing is drawn or recorded. */
double qk_ts_table_draw(TsDoc *doc, const TsTable *t, double x, double y,
                        double width, double font_size, gboolean dry_run);

/* ---- truth ------------------------------------------------------------- */

typedef struct {
	int pdf_first, pdf_last;
	GPtrArray *labels;  /* of char*: printed labels of its pages, in order */
	GArray *item_pages; /* int per item: PDF page where it starts */
} TsPlaced;

TsPlaced *qk_ts_placed_new(void);
void qk_ts_placed_free(TsPlaced *p);
void qk_ts_placed_page(TsPlaced *p, int pdf_page, const char *label);

/* Builds the truth article for a (possibly continued) source article. */
QkArticle *qk_ts_truth_article(const TsArticle *art,
                               const GPtrArray *parts_items,
                               const TsPlaced *placed);
void qk_ts_truth_meta(QkMeta *meta, const TsSource *src);
char *qk_ts_article_title(const TsArticle *art);
/* "2023-02-25" → "2023年2月25日"; NULL when not a date. */
char *qk_ts_date_text(const char *iso);

/* ---- layouts ----------------------------------------------------------- */

gboolean qk_ts_magazine(const TsSource *src, const char *out_pdf,
                        QkIssue **truth_out, GError **error);
gboolean qk_ts_newspaper(const TsSource *src, const char *out_pdf,
                         QkIssue **truth_out, GError **error);

G_END_DECLS

#endif
