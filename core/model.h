/*
 * model.h — the issue model: the one intermediate representation that flows
 * between qikan's stages (extract → normalize → export).
 *
 * Shape (like MuPDF's stext and cmark's node tree):
 *
 *   QkIssue
 *     meta      QkMeta           what issue this is (fields NULL when absent)
 *     pages[]   QkPage           PDF pages: size, printed label, blocks
 *       blocks[]  QkBlock        positioned text in reading order, with a role
 *         lines[]   QkLine       one printed line: text, bbox, font
 *     tables[]  QkTable          cell grids (with spans and header rows)
 *     toc[]     QkTocSection     table of contents: sections → entries
 *     articles[] QkArticle       title, authors, paragraphs (QkPara) …
 *     warnings[] QkWarning       what the stages noticed (scanned pages, …)
 *
 * Ownership: every struct is owned by its parent container and freed by the
 * parent's _free. Strings are g_malloc'd UTF-8 and owned by the struct that
 * holds them; NULL means "absent". Arrays are GPtrArray with a free function,
 * so g_ptr_array_add() hands ownership to the array.
 *
 * Coordinates are PDF points with the origin at the top-left of the page
 * (y grows downwards), as Poppler reports them.
 */
#ifndef QK_MODEL_H
#define QK_MODEL_H

#include <glib.h>

G_BEGIN_DECLS

/* Version of the XML form; written as issue/@version and checked on read. */
#define QK_MODEL_VERSION "1"

typedef struct {
	double x0, y0, x1, y1;
} QkBox;

/* Roles a block can take. Keep qk_role_name() and the schema in step. */
typedef enum {
	QK_ROLE_BODY = 0,     /* body paragraph text */
	QK_ROLE_TITLE,        /* article title / headline */
	QK_ROLE_SUBTITLE,     /* "——…" line under a title */
	QK_ROLE_KICKER,       /* small line above a headline (引题) */
	QK_ROLE_BYLINE,       /* authors, 本报记者 …, 本报讯（记者 …） */
	QK_ROLE_HEADING,      /* numbered or bold heading inside an article */
	QK_ROLE_NOTE,         /* 编者按 / 编者话 */
	QK_ROLE_CAPTION,      /* photo caption, "… 摄" */
	QK_ROLE_SOURCE,       /* 文章来源:《…》, table source lines */
	QK_ROLE_TABLE,        /* text that belongs to a table grid */
	QK_ROLE_FURNITURE,    /* running heads, page numbers, slogans */
	QK_ROLE_MASTHEAD,     /* newspaper masthead, magazine imprint/committee */
	QK_ROLE_TOC,          /* table-of-contents page text */
	QK_ROLE_CONTINUATION, /* (下转第2版) / (上接第1版) */
	QK_ROLE_OTHER,
	QK_ROLE_COUNT_
} QkRole;

const char *qk_role_name(QkRole role);
/* Returns FALSE when the name is unknown. */
gboolean qk_role_from_name(const char *name, QkRole *out);

/* ---- annotated text (normalize writes the annotations) ---------------- */

/*
 * An annotation marks a span of a text with what it means. Offsets are in
 * Unicode code points (not bytes), half-open [start, end), into the
 * normalized text when there is one, else into the original text. raw is
 * the span's text, kept so that nothing depends on offsets to recover it.
 *
 * value is the number in the unit as written: 3.9万亩 has value 3.9, unit
 * 万亩, base_value 39000, base_unit 亩. A number written in several orders
 * is read whole and its unit is what follows the last order: 7万6千户 is
 * 76000 户, 3亿5千万元 350000000 元. A number with no unit is the plain
 * number (3.9万 → 39000). A printed sign stays (增长-2.4% → -2.4); the
 * direction of a change is the qualifier: 增长 (rose: 增长, 提高, 上涨 …) or
 * 下降 (fell: 下降, 回落, 负增长 …), the value staying as printed.
 */
typedef struct {
	char *kind;       /* number, quantity, percent, date, period, ordinal, … */
	int start, end;
	char *raw;
	char *norm;       /* canonical form: "2023-02-25", "1—12月", … */
	gboolean has_value;
	double value;     /* the number in the written unit: 3.9 for 3.9万亩 */
	char *unit;       /* unit as written: 万亩 (元/亩 for 每亩…元) */
	gboolean has_base;
	double base_value;/* the amount in base_unit: 39000 for 3.9万亩 */
	char *base_unit;  /* 亩 */
	char *qualifier;  /* 约, 近, 超, 余, 以上, 增长, 下降, range, … */
	/* A range (20%—25%, 三四家) has qualifier "range": value and base_value
	 * are its low end, value_high and base_high its high end. */
	gboolean has_high;
	double value_high;
	double base_high;
	/* N×amount (2×35万千瓦): count N; value is one of them (35 万千瓦),
	 * base_value all of them (700000 kW). 0 when not a product. */
	int count;
} QkAnnot;

typedef struct {
	char *text;       /* as extracted: never altered by later stages */
	char *norm;       /* normalized form, NULL when identical to text */
	GPtrArray *annots;/* of QkAnnot */
} QkText;

/* ---- issue metadata -------------------------------------------------- */

typedef enum {
	QK_KIND_UNKNOWN = 0,
	QK_KIND_MAGAZINE,
	QK_KIND_NEWSPAPER
} QkKind;

/* A value's text as the model's files write it: "%.15g" in the C locale
 * (15 significant digits read back to the same text), into buf, which
 * holds G_ASCII_DTOSTR_BUF_SIZE bytes; returns buf. */
char *qk_format_value(char *buf, double v);
const char *qk_kind_name(QkKind kind);
gboolean qk_kind_from_name(const char *name, QkKind *out);

/* Each field is NULL when the issue does not print it: never guessed. */
typedef struct {
	QkKind kind;
	char *title;        /* 朔州经济 / 朔州日报 */
	char *year;         /* 2023 */
	char *number;       /* 期: 1 (magazine) or 8881 (newspaper 第8881期) */
	char *total_number; /* 总第168期 → 168 */
	char *frequency;    /* 双月出版 */
	char *date;         /* ISO 8601: 2023-02-25 */
	char *date_text;    /* as printed */
	char *weekday;      /* 星期二 */
	char *lunar_date;   /* 农历癸卯年九月十七 */
	char *sponsor;      /* 主管 */
	char *publisher;    /* 主办 */
	char *cn;           /* CN14—0031 */
	char *edition_count;/* 今日四版 → 4 */
	GPtrArray *editors; /* of QkField: role → name (主编: 祁贵) */
} QkMeta;

typedef struct {
	char *name;
	char *value;
} QkField;

/* Frees every field and leaves meta empty (kind unknown, no editors). */
void qk_meta_reset(QkMeta *m);

/* ---- pages, blocks, lines ------------------------------------------- */

typedef struct {
	QkBox bbox;
	char *text;
	char *raw;          /* the text layer's form when extract repaired a
	                     * character (摇 → space, 鄄 → -), or what OCR
	                     * read when structure settled a character from
	                     * another reading of the same words (twice.c),
	                     * else NULL */
	char *font;
	double size;
	gboolean bold;
	char *conf;         /* read with OCR: one byte a character of text,
	                     * Tesseract's confidence in it plus one (1–101;
	                     * spaces 101); NULL otherwise. Written as conf,
	                     * one figure 0–100 a character. */
} QkLine;

typedef struct {
	char *id;           /* "p3-b7": unique in the issue */
	QkBox bbox;
	QkRole role;
	char *font;         /* dominant font name */
	double size;        /* dominant font size */
	gboolean bold;
	int column;         /* 0-based column on the page, -1 when spanning */
	char *furniture;    /* for furniture: running-head, page-number, slogan, … */
	char *section;      /* section a running head names (本期特稿) */
	GPtrArray *lines;   /* of QkLine */
} QkBlock;

typedef struct {
	int index;          /* 1-based PDF page number */
	double width, height;
	char *label;        /* printed page number / 版, NULL when none printed */
	gboolean scanned;   /* no text layer */
	GPtrArray *blocks;  /* of QkBlock, in reading order */
	gboolean garbled;   /* text layer unreliable (a font without a usable
	                     * ToUnicode map): kept here, kept out of articles */
	int ocr_dpi;        /* > 0: the text was read with OCR at this resolution */
	double ocr_confidence; /* then its mean symbol confidence, 0–100 */
	GArray *rules;      /* of QkBox: the printed straight rules that may
	                     * part articles (LAYOUT.md), each its stroke's
	                     * box; empty unless extract read them */
} QkPage;

/* ---- tables ---------------------------------------------------------- */

typedef struct {
	int row, col;       /* 0-based top-left position in the grid */
	int rowspan, colspan;
	gboolean header;
	int indent;         /* text set in from the column's left edge, in ems
	                     * (indented sub-rows of an indicator list) */
	QkText *text;       /* cell text exactly as printed ("" for empty) */
	/* set by normalize for data cells */
	gboolean missing;   /* "-", "—" or empty */
	gboolean has_value;
	double value;
} QkCell;

/* Indicator rows of a statistics table, split by normalize. */
typedef struct {
	int row;
	char *name;         /* 地区生产总值 */
	char *unit;         /* 亿元 */
	char *period;       /* 1—2季度 */
	int parent;         /* row of the indicator it is part of (其中：, #,
	                     * indented), -1 for none */
	int col;            /* -1: the indicator is row's label; else it heads
	                     * column col and the rows are regions */
} QkIndicator;

typedef struct {
	char *id;           /* "t1" */
	int page;           /* 1-based PDF page of the first part */
	int last_page;      /* last PDF page (continued tables), = page if one */
	QkBox bbox;         /* on the first page */
	gboolean ruled;
	char *title;
	QkBox title_box;    /* where the title is printed, all 0 when none
	                     * (extract's own: a title a continued part
	                     * drops goes back to its page; not written) */
	char *source;       /* 朔州市统计局 */
	char *period;       /* the table's period, e.g. 1—7月 (normalize) */
	char *note;         /* 注：… */
	char *unit;         /* the unit line over the table (单位：亿元 → 亿元) */
	int rows, cols;
	int header_rows;
	GPtrArray *cells;   /* of QkCell, row-major */
	GPtrArray *indicators; /* of QkIndicator */
} QkTable;

/* ---- table of contents ---------------------------------------------- */

typedef struct {
	char *title;        /* NULL for an entry without a title */
	GPtrArray *authors; /* of char*, names with inner spaces removed */
	char *page;         /* printed page label */
	int pdf_page;       /* 0 when unknown */
	char *article_id;   /* linked article, NULL when none was found */
	char *table_id;     /* an entry naming a table (数字朔州), NULL otherwise */
} QkTocEntry;

typedef struct {
	char *name;         /* canonical section name (卷首语) */
	char *raw;          /* as printed (◆ 卷首语) */
	GPtrArray *entries; /* of QkTocEntry */
} QkTocSection;

/* ---- articles ------------------------------------------------------- */

typedef enum {
	QK_PARA_BODY = 0,
	QK_PARA_HEADING,    /* level 1.. from 一、 （一） 1. （1） */
	QK_PARA_NOTE,       /* lead box: 编者按, 编者话, 核心阅读, 导语 (not body) */
	QK_PARA_CAPTION,    /* photo caption (not body) */
	QK_PARA_SOURCE,     /* source line: 文章来源：…, （来源：…） (tail, not body) */
	QK_PARA_TAIL,       /* other tail line: signature, 责任编辑：…, 撰稿：…,
	                     * 作者单位：…, （本文为…，有删节） (not body) */
	QK_PARA_JUMP,       /* jump marker: （下转第23页）, （上接第18页） (not body) */
	QK_PARA_COUNT_
} QkParaKind;

const char *qk_para_kind_name(QkParaKind kind);
/* TRUE for the kinds that make an article's body (body, heading). */
gboolean qk_para_kind_is_body(QkParaKind kind);
gboolean qk_para_kind_from_name(const char *name, QkParaKind *out);

typedef struct {
	QkParaKind kind;
	int level;          /* heading level, 0 otherwise */
	int page;           /* 1-based PDF page where it starts */
	QkText *text;
} QkPara;

/* What a printed item is: an article (listed in the TOC or not), or a notice
 * outside the TOC (征稿启事, 公益广告, 声明) that belongs to no article. */
typedef enum {
	QK_ITEM_ARTICLE = 0,
	QK_ITEM_NOTICE,
	QK_ITEM_COUNT_
} QkItemKind;

const char *qk_item_kind_name(QkItemKind kind);
gboolean qk_item_kind_from_name(const char *name, QkItemKind *out);

/* An article's body is its paragraphs of kind body and heading, in reading
 * order; every other kind is a field of its own (qk_para_is_body). */
typedef struct {
	char *id;           /* "a1" */
	QkItemKind kind;    /* article (default) or notice */
	char *section;
	QkText *title;
	QkText *subtitle;
	QkText *kicker;
	char *byline;       /* byline as printed */
	GPtrArray *authors; /* of char* */
	GPtrArray *pages;   /* of char*: printed labels, in order */
	int pdf_first, pdf_last;
	gboolean in_toc;    /* linked from a TOC entry */
	GPtrArray *paras;   /* of QkPara, in reading order */
} QkArticle;

/* ---- warnings ------------------------------------------------------- */

typedef struct {
	char *code;         /* no-text-layer, garbled-font, toc-unlinked, … */
	int page;           /* 0 when not about one page */
	char *message;
} QkWarning;

/* ---- the issue ------------------------------------------------------ */

typedef struct {
	char *source;       /* file name of the PDF */
	char *source_sha256;
	QkMeta meta;
	GPtrArray *pages;     /* of QkPage */
	GPtrArray *tables;    /* of QkTable */
	GPtrArray *toc;       /* of QkTocSection */
	GPtrArray *articles;  /* of QkArticle */
	GPtrArray *warnings;  /* of QkWarning */
	gboolean normalized;  /* normalize has run */
} QkIssue;

/* Constructors return zeroed objects with empty arrays; one _free each. */
QkIssue *qk_issue_new(void);
void qk_issue_free(QkIssue *issue);
QkPage *qk_page_new(int index, double width, double height);
void qk_page_free(QkPage *page);
QkBlock *qk_block_new(void);
void qk_block_free(QkBlock *block);
QkLine *qk_line_new(const char *text);
void qk_line_free(QkLine *line);
QkTable *qk_table_new(void);
void qk_table_free(QkTable *table);
QkCell *qk_cell_new(int row, int col, int rowspan, int colspan, const char *text);
void qk_cell_free(QkCell *cell);
QkIndicator *qk_indicator_new(int row);
void qk_indicator_free(QkIndicator *ind);
QkTocSection *qk_toc_section_new(const char *name);
void qk_toc_section_free(QkTocSection *sec);
QkTocEntry *qk_toc_entry_new(void);
void qk_toc_entry_free(QkTocEntry *entry);
QkArticle *qk_article_new(const char *id);
void qk_article_free(QkArticle *art);
QkPara *qk_para_new(QkParaKind kind, const char *text);
void qk_para_free(QkPara *para);
QkText *qk_text_new(const char *text);
void qk_text_free(QkText *t);
QkAnnot *qk_annot_new(const char *kind, int start, int end, const char *raw);
void qk_annot_free(QkAnnot *a);
QkField *qk_field_new(const char *name, const char *value);
void qk_field_free(QkField *f);
QkWarning *qk_warning_new(const char *code, int page, const char *message);
void qk_warning_free(QkWarning *w);

/* Convenience. */
void qk_issue_warn(QkIssue *issue, const char *code, int page,
                   const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* Text a reader sees: the normalized form when present, else the original. */
const char *qk_text_get(const QkText *t);
/* Block text: its lines joined (no separator between CJK, a space between
 * Latin words). Caller frees. */
char *qk_block_text(const QkBlock *block);
/* Lookups; borrowed pointers, NULL when absent. */
QkPage *qk_issue_page(const QkIssue *issue, int index);
QkArticle *qk_issue_article(const QkIssue *issue, const char *id);
QkCell *qk_table_cell(const QkTable *table, int row, int col);

/* FALSE when the environment sets QK_NO_JIT: the PCRE2 users then match
 * without JIT-compiled code, which valgrind cannot follow (scripts/valgrind). */
gboolean qk_jit_enabled(void);

/* Grows acc to cover b. */
void qk_box_union(QkBox *acc, const QkBox *b);

/* Joins two lines' text the way a reader would: no space between CJK
 * characters, one space between Latin words, nothing after a hyphen break. */
void qk_text_join(GString *out, const char *next);

G_END_DECLS

#endif
