/*
 * structure.h — the structure stage: the layout model (pages, blocks in
 * reading order with their roles, furniture, labels, tables; what extract
 * writes) in, the issue's structure out: metadata, TOC, articles (titles,
 * bylines, lead boxes, tails, continuations), TOC entries linked. The rules
 * are written down in STRUCTURE.md.
 *
 * Below the stage's entry point, its parts, exposed for tests and fuzzing.
 * The string-level parsers take arbitrary bytes (invalid UTF-8 included):
 * they work on a validated copy and never read past the terminating NUL.
 * Patterns use GRegex (GLib's PCRE2 binding).
 */
#ifndef QK_STRUCTURE_H
#define QK_STRUCTURE_H

#include "model.h"

G_BEGIN_DECLS

/* Recovers metadata, TOC and articles from the pages' blocks. What the
 * model holds of them already (metadata, TOC, articles and this stage's
 * warnings) is replaced, so the stage can run again on its own output. */
void qk_structure_issue(QkIssue *issue);
/* The same, what depends on one page alone (a newspaper's regions) found
 * on up to threads threads; the outcome is the same for any number. */
void qk_structure_issue_threads(QkIssue *issue, int threads);

/* TRUE for the codes of the warnings this stage writes. */
gboolean qk_structure_owns_warning(const char *code);

/* ---- names and bylines (byline.c) ------------------------------------ */

/* Words of bylines and mastheads, read from data/bylines.tsv: role words
 * (本报记者, longest first), committee roles, organisation endings,
 * compound surnames. The plain parsers below use qk_structure_words(); the
 * _w forms take them from the caller. */
typedef struct {
	GPtrArray *roles;
	GPtrArray *editors;
	GPtrArray *orgs;
	GPtrArray *surnames;
	GString *families;    /* one-character surnames, run together */
	GPtrArray *marks;     /* □, 作者：, 文／ before a byline's names */
	GPtrArray *jobs;      /* job-title endings before a name */
	GPtrArray *leads;     /* lead-box names: 编者按, 核心阅读, 导语 */
	GPtrArray *tails;     /* tail-line keys: 责任编辑, 撰稿 */
	GPtrArray *tailnotes; /* bracketed tail notes: （本文为… */
	GPtrArray *notices;   /* notice titles and labels: 征稿启事, 公益广告 */
} QkWords;

/* The words, loaded on the first call (from any thread) and kept for the
 * life of the process. */
const QkWords *qk_structure_words(void);

/* One kind of word of a data file's "kind<TAB>word" lines: where its words
 * go, and their form (NULL: as written). */
typedef struct {
	const char *kind;
	GPtrArray *into;
	char *(*form)(const char *word);
} QkWordKind;

/* Reads the data file resource (data/, or the installed copy) into the
 * lists of the kinds given; lines of other kinds are left alone. */
void qk_structure_read_words(const char *resource, const QkWordKind *kinds, gsize n);

/* Byte length of the surname s starts with (a compound one, or one
 * character of the families list), 0 when none. */
gsize qk_structure_surname_at(const QkWords *w, const char *s);
/* Names run together (王虎刘晓琰): adds them to out and returns TRUE when
 * exactly one split of the whole run of 4-16 Han characters into names
 * (a surname and one or two characters) does. */
gboolean qk_structure_split_run(const QkWords *w, const char *tok, GPtrArray *out);
gboolean qk_structure_looks_like_names_w(const QkWords *w, const char *text);
gboolean qk_structure_parse_byline_w(const QkWords *w, const char *line,
                                   GPtrArray *authors_out);
gsize qk_structure_lead_byline_w(const QkWords *w, const char *para,
                               GPtrArray *authors_out);
gboolean qk_structure_parse_signature_w(const QkWords *w, const char *line,
                                      GPtrArray *authors_out);
gboolean qk_structure_is_photo_credit_w(const QkWords *w, const char *line);

/* A lead box's head: the line starts with a lead-box name (编者按：…,
 * 核心阅读, 【导语】…). *bare (may be NULL) is set when the line is the name
 * alone, the box's text following in blocks of its own. */
gboolean qk_structure_is_lead_w(const QkWords *w, const char *line, gboolean *bare);

/* A tail line: 责任编辑：曾建, 撰稿人员：…, （本文为…，有删节）,
 * （本文根据…整理）. */
gboolean qk_structure_is_tail_w(const QkWords *w, const char *line);

/* A notice's title or printed label (征稿启事, 公益广告): the squeezed
 * text is, or ends with, a notice word, and is short. */
gboolean qk_structure_is_notice_w(const QkWords *w, const char *line);

/* Splits printed names into authors (g_malloc'd, appended to out): tokens
 * are separated by spaces, 、，,; and a lone Han character followed by
 * another lone one forms one name (祁 贵 → 祁贵). Uses the normalize
 * stage's qk_norm_split_names() so both stages split alike. Returns how
 * many names were added. */
int qk_structure_split_names(const char *text, GPtrArray *out);

/* TRUE when text is nothing but personal names (2–4 Han characters each,
 * spaced two-character names allowed) or one organisation name. */
gboolean qk_structure_looks_like_names(const char *text);

/* TRUE when the whole line is a byline; authors (g_malloc'd) are appended
 * to authors_out (may be NULL). Forms: 本报记者 刘淑花, 记者 武跃林,
 * 本报讯（记者 刘淑花）, 新华社记者 …, 通讯员 …, 文/图 …, bare names
 * (祁 贵; 石永杰 宋旭 陈萍), a name in brackets (（祁贵）). */
gboolean qk_structure_parse_byline(const char *line, GPtrArray *authors_out);

/* A byline leading a paragraph: "本报讯（记者 刘淑花）近年来…",
 * "山西日报讯（记者 …）…". Returns the byte length of the prefix (0 when
 * the paragraph does not start with one); authors go to authors_out. The
 * length refers to the input string, which must be valid UTF-8 for it to
 * be meaningful (0 is returned otherwise). */
gsize qk_structure_lead_byline(const char *para, GPtrArray *authors_out);

/* A name in brackets closing an article: "(祁贵)", "（周慧芳）". */
gboolean qk_structure_parse_signature(const char *line, GPtrArray *authors_out);

/* A photo credit: a caption ending in "… 摄" (李小龙 摄). */
gboolean qk_structure_is_photo_credit(const char *line);

/* 编者按 / 编者话 / 编者的话 opening a note. */
gboolean qk_structure_is_editor_note(const char *line);

/* 文章来源:《人民日报》, (文章来源:新华社北京电), 来源：… */
gboolean qk_structure_is_source_line(const char *line);

/* Heading level of a numbered heading: 一、→1, （一）→2, 1.→3, （1）→4
 * (qk_norm_heading_level() on a repaired copy); 0 when not one. */
int qk_structure_heading_level(const char *line);

/* ---- academic-journal pages (journal.c, data/journal.tsv) ------------ */

typedef enum {
	QK_JOURNAL_NONE = 0,
	QK_JOURNAL_LEAD,  /* 摘要：, 关键词：, 中图分类号：, Abstract:, (1. 某大学…) */
	QK_JOURNAL_FOOT   /* 收稿日期：, 基金项目：, 作者简介：, *本文… (the
	                   * title's footnote) */
} QkJournalLine;

/* What a line of a paper's front matter is. */
QkJournalLine qk_structure_journal_line(const char *text);
/* The authors' affiliations: (1. 某大学…; 2. …) or bracketed with a
 * six-digit postcode. */
gboolean qk_structure_journal_affiliation(const char *text);
/* A line of the journal's header block: 第44卷第2期, Vol.44 No.2, DOI,
 * 文章编号, Journal of …, or the periodical's name (may be NULL). */
gboolean qk_structure_journal_header(const char *text, const char *periodical);
/* Affiliation marks set apart from the names: 1,2 or * alone. */
gboolean qk_structure_journal_mark(const char *text);
/* A byline whose names carry affiliation marks (张三1，李四1,2): TRUE
 * when at least one mark was dropped and the rest is names (appended to
 * authors_out, may be NULL). */
gboolean qk_structure_journal_byline(const char *text, GPtrArray *authors_out);
/* The same with marks optional: names going on after a byline. */
gboolean qk_structure_journal_names(const char *text, GPtrArray *authors_out);
/* A reference entry: [1] …. */
gboolean qk_structure_journal_reference(const char *text);
/* The reference list's heading (参考文献, References). */
gboolean qk_structure_journal_refs_heading(const char *text);
/* A display formula: no Han text, an = and an equation number (1) at the
 * end. */
gboolean qk_structure_journal_formula(const char *text);
/* A formula's sub- or superscripts set apart (it, 0, i): no Han, short. */
gboolean qk_structure_journal_script(const char *text);
/* A figure's or table's caption: 图1　…, 表 2 …, Fig. 3 …, short, no
 * sentence. */
gboolean qk_structure_journal_caption(const char *text);
/* Drops a footnote mark (* ＊ † ‡) ending a paper's title, in place. */
void qk_structure_journal_unmark(char *title);
/* No Han text at all (a paper's English title, abstract, key words). */
gboolean qk_structure_journal_latin(const char *text);

/* ---- table of contents (toc.c) --------------------------------------- */

typedef enum {
	QK_TOCL_EMPTY = 0,
	QK_TOCL_HEADER,   /* 目录, 总第168期, 朔州经济 2023年第1期, slogans */
	QK_TOCL_SECTION,  /* ◆ 卷首语 */
	QK_TOCL_TEXT      /* entry text, possibly ending in a page number */
} QkTocLineKind;

typedef struct {
	QkTocLineKind kind;
	char *section;    /* SECTION: the name without the bullet */
	char *text;       /* TEXT: text before the page number ("" if none) */
	char *page;       /* TEXT: printed page ("13"), NULL when none */
	gboolean page_first; /* TEXT: the page printed before the title
	                      * ("13  title"): it opens the entry */
	gboolean leaders;    /* TEXT without a page: the text ended in
	                      * leaders (title ……, title . . .) */
} QkTocLine;

/* The TOC's own title (data/toc.tsv: 目录, 本期要目, CONTENTS), spaces
 * aside: the whole text when whole, else its start or end (朔州经济目录). */
gboolean qk_structure_is_toc_title(const char *text, gboolean whole);

/* Classifies one printed TOC line. out is overwritten (not freed first). */
void qk_structure_parse_toc_line(const char *line, QkTocLine *out);
void qk_structure_toc_line_clear(QkTocLine *l);

/* Cuts the leaders ending t (dots, ellipses, middle dots and the spaces
 * between them, in any mix) and, when leaders follow t on line (those
 * cut, or those before a page already taken off), the punctuation a scan
 * reads their first dot as (刘红宇；……). Returns the dots that follow t
 * on line (an ellipsis counts two). (ocrtocrow.c) */
int qk_structure_toc_cut_leaders(char *t, const char *line);

/* Appends to conf the confidences of piece (QkLine.conf, 101 a
 * character it has none for), after the two spaces a row's pieces are
 * joined with unless first: a TOC row joined from a scan's pieces keeps
 * the mark of a line read with OCR. (ocrtocrow.c) */
void qk_structure_row_conf_add(GString *conf, const QkLine *piece,
                               gboolean first);

/* Whether l, a TOC row read with OCR, runs its text into leaders and
 * no page was read after them: the row ended its entry's title (what the
 * next row prints is the authors or another entry, not more title).
 * (ocrtocrow.c) */
gboolean qk_structure_toc_page_lost(const QkLine *l);

/* Whether text is a piece of a TOC row that names no title and prints no
 * page: a section head, the TOC's header, names alone (a scan's OCR
 * keeps title, authors and page of one row apart). (ocrtocrow.c) */
gboolean qk_structure_toc_row_piece(const QkWords *w, const char *text);

/* Whether row, one character alone, is half of a TOC title of two (目 or
 * 录 of 目录): letter-spaced wide, the title's characters are apart, and
 * OCR may lose one. No entry is one character. (ocrtocrow.c) */
gboolean qk_structure_is_toc_title_half(const char *row);

/* The page a TOC row's piece read with OCR prints, set apart at the
 * row's end (or start, a TOC printing the page first): a piece of a
 * scan's page column, its brackets misread or half lost ((3], (5|, 2),
 * (6, ：(2)), as "(N)"; a piece of one or two Latin letters with a mark
 * ((I), (A): the digits not read as such) as "(0)", a page no entry
 * keeps (qk_structure_toc_drop_zero_pages). NULL for any other piece,
 * and on a page not read with OCR (ocr FALSE). (ocrtocrow.c) */
char *qk_structure_toc_page_piece(const QkLine *l, gboolean ocr);

/* Entries of sections[first..] printed at page 0 (no page is: a scan's
 * misreading, (1) read (0)) get no page, as when OCR lost it: linked, the
 * entry takes the page its article starts on. (ocrtocrow.c) */
void qk_structure_toc_drop_zero_pages(GPtrArray *sections, guint first);

/* On a scan, entries of sections[first..] with no page, no authors and
 * a title of one letter at most (the TOC's 目  录 read 一| right of the
 * middle, weasyprint-mag-143 and xelatex-mag-57 at 200 dpi) are none;
 * a section without name left without entries neither. (ocrtocrow.c) */
void qk_structure_toc_drop_marks(GPtrArray *sections, guint first);

/* Builds TOC sections (of QkTocSection, appended to sections_out) from a
 * TOC page's lines (of QkLine, in reading order). right[i] (may be NULL)
 * says line i starts in the right part of its column, where authors and
 * page numbers are printed. */
void qk_structure_toc_from_lines(const GPtrArray *lines, const gboolean *right,
                               GPtrArray *sections_out);

/* Finds the printed TOC (tocpage.c) and parses it into issue->toc. The
 * pages that hold nothing but the TOC, and the unnumbered front pages
 * before it, get skip[i] TRUE (no articles there). TRUE when a TOC is
 * printed. */
gboolean qk_structure_find_toc(QkIssue *issue, gboolean *skip);

/* Canonical section name: the shared list's (data/sections.txt, through
 * qk_norm_section_name()) when known, else the printed name without
 * bullets (◆ ■ ·) and spaces. */
char *qk_structure_section_name(const char *raw);

/* The same for a name printed in a frame or beside a bar, whose sides a
 * scan reads as | [ ] 丨 (卷首语|, [本期特稿|): they are no part of it.
 * (ocrbanner.c) */
char *qk_structure_framed_section_name(const char *text);

/* A title read with OCR that opens with a bar (| or ｜) before its words:
 * the column's rule beside the headline read with it (|光从塞上来链向千亿去,
 * chromium-news-138 at 200 dpi), which no title prints. Drops the bar and
 * the blanks after it, in place. (ocrbanner.c) */
void qk_structure_drop_bar(char *text);

/* Whether every line of b is far narrower than its characters (a fifth of
 * their ems or less): a scan's words that OCR placed on one spot, the end
 * of a row whose box ran out (产和技术服 at the right edge of a column of
 * weasyprint-mag-133 at 200 dpi, 13.5 pt wide of nothing). No headline.
 * (ocrbanner.c) */
gboolean qk_structure_collapsed_block(const QkBlock *b);

/* ---- metadata (meta.c) ----------------------------------------------- */

/* Fills meta's absent fields from printed lines (masthead, imprint,
 * committee page, TOC header), in reading order. Fields already set are
 * kept. */
void qk_structure_meta_from_lines(QkMeta *meta, const GPtrArray *lines);

/* Chinese numeral or digits → decimal string ("四" → "4"); NULL if none. */
char *qk_structure_cn_number(const char *text);

/* ---- continuation markers (continued.c) ------------------------------ */

typedef struct {
	int dir;          /* +1 下转 (continues on), -1 上接 (continued from) */
	char *target;     /* "2" */
	gboolean edition; /* 版 (newspaper) rather than 页 */
	gsize start, end; /* byte range of the marker in the input */
} QkContMark;

/* Finds the first continuation marker in text; FALSE when none. */
gboolean qk_structure_find_continuation(const char *text, QkContMark *out);
void qk_structure_cont_mark_clear(QkContMark *m);

/* An article as segmentation found it, with its continuation markers. */
typedef struct {
	QkArticle *art;
	char *cont_to;    /* 下转第N版: the label it continues on */
	char *cont_from;  /* 上接第N版: the label it continues from */
} QkSegArticle;

void qk_structure_seg_free(QkSegArticle *s);

/* Stitches continued parts into the articles they continue, then moves
 * the articles of segs (of QkSegArticle) into issue->articles. */
void qk_structure_stitch_continued(QkIssue *issue, GPtrArray *segs);

/* ---- newspaper article regions (regions.c) ---------------------------- */

/* A newspaper page's text regrouped by article region (a headline owns
 * the columns beneath it, up to the next headline or what is set beside
 * it), each region read by column then top-down. The blocks are new
 * (copies of the page's lines, cut at columns, source blocks and
 * indents); the page is not changed. */
typedef struct {
	GPtrArray *blocks;   /* of QkBlock, owned, in reading order */
	GArray *opens;       /* of gboolean: the block opens a region */
	GArray *headless;    /* of gboolean: … a region without headline */
} QkRegions;

/* A newspaper's front page often prints no 版 number: an unlabelled page
 * whose neighbours are 版 N-1 and N+1 (or the first page before 版 2) is
 * 版 N. Other issues are left alone. */
void qk_structure_edition_labels(QkIssue *issue);

/* NULL when the page has no headline set larger than its text. */
QkRegions *qk_structure_regions(const QkPage *page, const QkWords *w);
void qk_structure_regions_free(QkRegions *r);

/* ---- articles (articles.c) -------------------------------------------- */

/* Segments the pages' blocks into articles (of QkSegArticle); the pages
 * issue->pages[i] with skip_page[i] TRUE (front matter, TOC) are left
 * out. skip_page may be NULL. regions, when not NULL, holds each page's
 * qk_structure_regions found beforehand (a newspaper's; NULL: none), which
 * segmenting takes (and frees); without it they are found page by page. */
GPtrArray *qk_structure_segment(QkIssue *issue, const gboolean *skip_page,
                                QkRegions **regions);

/* A scanned page's blocks set right before its articles are read: a line
 * OCR read in two pieces across a gutter joined, a column's last line read
 * late put back, blocks joined across wide white cut (ocrpage.c). A page
 * not read with OCR is left as it is. */
void qk_structure_ocr_page(QkPage *pg);

/* Links TOC entries to articles, sets sections and warnings; builds a TOC
 * by 版 for newspapers without one (link.c). */
void qk_structure_link_toc(QkIssue *issue);

/* The TOC as the issue's anchor (anchor.c). Before segmentation: when
 * pages have no printed label (a folio the layout could not read), the
 * entries' titles found on title blocks give the offset from PDF page to
 * printed page (at least three entries and half of them agreeing, no
 * printed label disagreeing); the unlabelled pages from the first found
 * on get their number, and on a scan so do the pages before it that hold
 * articles (skip FALSE: a folio OCR did not read). */
void qk_structure_toc_labels(QkIssue *issue, const gboolean *skip);

/* The TOC as the issue's anchor, once linked (anchor.c): an entry's
 * first "authors" that end its article's title go back to the title; an
 * article without a byline whose first body paragraph reads as its
 * entry's authors (□辛泰刘晓峰) gets it as its byline and the entry's
 * names. */
void qk_structure_toc_anchor(QkIssue *issue);
/* s past the marks printed before a byline's names (□, 作者：, 文／ and
 * any other symbol before the first letter); points into s. */
const char *qk_structure_after_marks(const QkWords *w, const char *s);

/* Similarity of two titles in [0, 1], ignoring spaces and punctuation
 * (titles.c). */
double qk_structure_title_similarity(const char *a, const char *b);

/* Titles numbered 0, 1, … in the order added, and those of them at least
 * so similar to a given title found without comparing it with each
 * (titles.c). */
typedef struct QkTitleIndex QkTitleIndex;
typedef struct {
	guint doc;  /* the title's number */
	double sim; /* qk_structure_title_similarity with the one sought */
} QkTitleHit;
QkTitleIndex *qk_title_index_new(void);
void qk_title_index_free(QkTitleIndex *ix);
/* Adds a title (NULL: one never found) and returns its number. */
guint qk_title_index_add(QkTitleIndex *ix, const char *title);
/* Sets hits (of QkTitleHit) to the titles whose similarity to title is
 * at least min (min > 0), by number ascending. */
void qk_title_index_find(QkTitleIndex *ix, const char *title,
                         double min, GArray *hits);

/* TRUE when a paragraph's text reads as finished (。！？… possibly inside
 * a closing quote); FALSE for a paragraph cut mid-sentence. */
gboolean qk_structure_ends_sentence(const char *s);

/* Text with whitespace removed (and invalid UTF-8 repaired). */
char *qk_structure_squeeze(const char *text);
/* The start of qk_structure_squeeze(valid), valid UTF-8, into buf (of
 * min + 5 bytes at least): whole characters, at least min bytes of them
 * when the squeezed text is longer, else all of it — what a test of its
 * first words needs, without squeezing a whole paragraph. Returns buf. */
char *qk_structure_squeeze_start(const char *valid, char *buf, gsize min);

/* twice.c: a TOC entry's title and its article's, both read with OCR
 * and a few characters apart, made one reading: each differing
 * character the one Tesseract was surer of (QkLine.conf), in both titles
 * and the lines they were read from. */
void qk_structure_title_read_twice(const QkIssue *issue, QkTocEntry *e, QkArticle *a);
/* How many edits apart (Levenshtein) the n characters x and the m
 * characters y are, or max + 1 when more (twice.c). */
glong qk_structure_chars_apart(const gunichar *x, glong n, const gunichar *y, glong m,
                               glong max);
/* An entry's title that runs on past its article's title as printed
 * (with the subtitle, when the TOC prints it) into the article's names
 * is cut there, the names its authors (anchor.c): read exactly; on a scan
 * (scan) a few characters apart, the names (read again, or misread)
 * after the headline and subtitle. */
void qk_structure_authors_in_title_end(QkTocEntry *e, const QkArticle *a, gboolean scan);

G_END_DECLS

#endif
