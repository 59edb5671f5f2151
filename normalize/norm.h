/*
 * norm.h — the normalize stage's internal API: the pure string functions
 * that the stage driver, the other stages, the tests and the fuzz targets
 * call. Everything here has the prefix qk_norm_.
 *
 * A QkNormalizer holds what one run needs: the unit table, the numeric
 * false-positive words, the section names, the radicals map and the PCRE2
 * patterns (compiled once, JIT when available) with their match data. It is
 * not thread-safe: one per thread, or views of one (qk_norm_view) once its
 * patterns are JIT-compiled.
 */
#ifndef QK_NORM_H
#define QK_NORM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "normalize.h"

G_BEGIN_DECLS

/* ---- the context ------------------------------------------------------ */

typedef struct {
	char *name;       /* 万吨 */
	char *dimension;  /* mass */
	double factor;    /* 1e4 */
	char *base;       /* 吨 */
} QkUnit;

/* Patterns, one scan each over a text. */
enum {
	QK_RE_QUANTITY = 0, QK_RE_FRACTION, QK_RE_ORDINAL,
	QK_RE_DATE, QK_RE_DATE_ISO, QK_RE_MONTHS, QK_RE_QUARTERS,
	QK_RE_HALF, QK_RE_MONTH, QK_RE_YEAR, QK_RE_ISSUE, QK_RE_LUNAR,
	QK_RE_WORDS, QK_RE_LABEL, QK_RE_NOT_AMOUNT, QK_RE_NAMED_DATE,
	QK_RE_YEAR_PART, QK_RE_YEARS, QK_RE_COUNT_
};

struct QkNormalizer {
	GPtrArray *unit_list;   /* of QkUnit, owned */
	GHashTable *units;      /* spelling → QkUnit* (borrowed) */
	GHashTable *radicals;   /* gunichar → gunichar */
	gunichar radical_lo, radical_hi; /* the keys' range: others need no lookup */
	GHashTable *sections;   /* spelling → canonical (owned strings) */
	GPtrArray *words;       /* numeric false-positive words */
	GHashTable *named_dates;/* 双十一 → "11-11" (owned strings) */
	pcre2_code *re[QK_RE_COUNT_];
	/* a pattern's source and flags until it is compiled (NULL after) */
	char *src[QK_RE_COUNT_];
	uint32_t flags[QK_RE_COUNT_];
	gboolean lazy;          /* compile each pattern on its first scan */
	gboolean deferred;      /* lazy, and not scanned yet: qk_norm_ready */
	char **unit_lines;      /* units.tsv's lines while deferred */
	/* text each pattern was asked to scan, until it is JIT-compiled (see
	 * qk_norm_scan); G_MAXSIZE once it is, or JIT is off */
	gsize scanned[QK_RE_COUNT_];
	pcre2_match_data *md;
	pcre2_match_context *near; /* offset limit for the veto scans */
	/* For a pattern whose matches can only start on some characters (a
	 * leading lookahead), a bit per BMP code point of those characters;
	 * NULL for the others. See qk_norm_scan. Read only (views share it). */
	guint8 *first[QK_RE_COUNT_];
	gboolean view;          /* borrows all but md and near (qk_norm_view) */
	/* group numbers of (pattern, name) pairs, as qk_norm_group found them:
	 * looking a name up in PCRE2's table cost 300 instructions, and a
	 * quantity's match asks for 15 names. Written as names are first
	 * asked for: a view has its own copy (qk_norm_view copies the struct). */
	struct QkNormGroups {
		const pcre2_code *re;
		const char *name;
		guint n;
		guint16 num[6];
	} groups[128];
};

/* Loads the built-in data (GResources) plus the user files named in opts
 * (may be NULL) and compiles the patterns. NULL + QK_ERROR_DATA on a
 * malformed data file. */
QkNormalizer *qk_norm_new(const QkNormalizeOptions *opts, GError **error);
/* Loads what a lazy normalizer left for its first scan (the units, the
 * quantity and date patterns); called by every scan and qk_norm_table. */
void qk_norm_ready(QkNormalizer *n);
void qk_norm_free(QkNormalizer *n);
/* JIT-compiles every pattern not compiled yet (when JIT is available):
 * then nothing in n changes as it scans, and views can share it. */
void qk_norm_jit_all(QkNormalizer *n);
/* Another thread's normalizer: n's data and patterns, borrowed, with match
 * data of its own. n must have had qk_norm_jit_all and outlive the view;
 * qk_norm_free frees only what is the view's own. */
QkNormalizer *qk_norm_view(const QkNormalizer *n);

/* Compiles pattern into n->re[which] (UTF; JIT-compiled once it has
 * scanned enough text, when JIT is available); when n is lazy, only when
 * a scan first needs it. */
gboolean qk_norm_compile(QkNormalizer *n, int which, const char *pattern,
                         GError **error);
/* The same for a pattern whose every match starts on one of the characters
 * of first (UTF-8, BMP only; the pattern's own leading lookahead says so):
 * scans then skip the other characters without calling PCRE2. */
gboolean qk_norm_compile_first(QkNormalizer *n, int which, const char *pattern,
                               const char *first, GError **error);
gboolean qk_norm_compile_quantities(QkNormalizer *n, GError **error);
gboolean qk_norm_compile_dates(QkNormalizer *n, GError **error);
gboolean qk_norm_load_sections(QkNormalizer *n, char **lines);

/* Non-comment, non-blank lines of a bundled data file ("units.tsv", looked up
 * with qk_data_lookup as /org/qikan/units.tsv) followed by those of user_file
 * (may be NULL). NULL-terminated; g_strfreev. */
char **qk_norm_data_lines(const char *resource, const char *user_file,
                          GError **error);

/* ---- text forms (textform.c) ----------------------------------------- */

/* Full-width Latin letters and digits to ASCII, NFKC except for CJK
 * punctuation and other marks NFKC would damage, radicals to ideographs.
 * Returns NULL when the text needs no change, else a new string. Input must
 * be valid UTF-8. n may be NULL (no radicals supplement then). */
char *qk_norm_textform(const QkNormalizer *n, const char *text);

/* ---- numerals (numerals.c) ------------------------------------------- */

/* Value of a Chinese numeral (三千二百, 二〇二三, 两万, 廿三, 壹佰) of len bytes
 * (-1: NUL-terminated). FALSE when it is not a well-formed numeral. */
gboolean qk_norm_cn_value(const char *s, gssize len, double *out);
/* Digit value of a Chinese numeral character (一 1, 两 2, 〇 0), -1 when it
 * is not a digit. */
int qk_norm_cn_digit(gunichar c);
/* Arabic digits written with Chinese orders, read whole: 7万6千 = 76000,
 * 3亿5千万 = 350000000, 6万8 = 68000. FALSE unless two or more parts with
 * falling orders. */
gboolean qk_norm_mixed_value(const char *s, gssize len, double *out);
/* A Chinese decimal: 四点二 = 4.2, 零点八 = 0.8, 四点二亿 = 420000000. */
gboolean qk_norm_cn_decimal_value(const char *s, gssize len, double *out);
/* A Chinese approximate range of two neighbouring digits: 三四 = 3—4,
 * 四五十 = 40—50, 一两 = 1—2. */
gboolean qk_norm_cn_approx(const char *s, gssize len, double *lo, double *hi);
/* An Arabic number with optional thousands commas ("1,234.5"). */
gboolean qk_norm_ar_value(const char *s, gssize len, double *out);
/* Multiplier of a suffix such as 万, 亿, 万亿, 千万; 0 when not one. */
double qk_norm_mult_value(const char *s, gssize len);
/* Formats a double the short way (39000, 6.5481e+10 → 65481000000). */
char *qk_norm_format_number(double v);

/* ---- units (units.c) ------------------------------------------------- */

/* Looks a written unit up (万吨, kWh, 万人, 元/千瓦时): its factor to the base
 * unit, the base unit (new string) and the dimension (borrowed; "compound"
 * for a/b). Each out pointer may be NULL. FALSE when unknown. */
gboolean qk_norm_unit_lookup(const QkNormalizer *n, const char *written,
                             double *factor, char **base,
                             const char **dimension);
gboolean qk_norm_load_units(QkNormalizer *n, char **lines, GError **error);
char *qk_norm_regex_escape(const char *s);
/* GCompareFunc for a GPtrArray of strings: longest first (annotate.c). */
gint qk_norm_longest_first(gconstpointer a, gconstpointer b);
/* "(?:a|b|…)" of the strings, regex-escaped, longest first (sorts words),
 * factored by leading characters (the same matches in the same order); a
 * pattern that never matches when there are none. */
char *qk_norm_alternation(GPtrArray *words);
/* The same of a hash table's keys. */
char *qk_norm_keys_regex(GHashTable *table);
/* Alternation of all unit spellings, longest first, regex-escaped. */
char *qk_norm_units_regex(const QkNormalizer *n);

/* ---- annotation (quantities.c, dates.c) ------------------------------ */

/* A candidate annotation before overlaps are resolved (byte offsets). */
typedef struct {
	const char *kind;
	gsize bstart, bend;
	int prio;              /* lower wins among equally long candidates */
	char *norm;
	gboolean has_value;
	double value;
	char *unit;
	gboolean has_base;
	double base_value;
	char *base_unit;
	char *qualifier;
	gboolean has_high;     /* a range: its high end (see QkAnnot) */
	double value_high, base_high;
	int count;             /* N of N×amount, else 0 */
} QkNormCand;

void qk_norm_cand_clear(QkNormCand *c);

/* Scanners: append candidates found in text (valid UTF-8, len bytes). */
void qk_norm_scan_quantities(QkNormalizer *n, const char *text, gsize len,
                             GArray *cands);
void qk_norm_scan_dates(QkNormalizer *n, const char *text, gsize len,
                        int year, GArray *cands);

/* Byte span of named group of re's last match (in n->md); FALSE when it
 * did not take part. name is looked up once per (re, name) pointer pair. */
gboolean qk_norm_group(QkNormalizer *n, const pcre2_code *re, const char *name,
                       gsize *s, gsize *e);
/* Runs scan over text calling fn for each match; fn returns FALSE to reject
 * the match (scanning then resumes one character later). */
typedef gboolean (*QkNormMatchFn)(QkNormalizer *n, const pcre2_code *re,
                                  const char *text, gsize len, gsize s,
                                  gsize e, void *data);
void qk_norm_scan(QkNormalizer *n, int which, const char *text, gsize len,
                  QkNormMatchFn fn, void *data);
/* The same for matches that start in [from, limit) only (the pattern must be
 * compiled with PCRE2_USE_OFFSET_LIMIT); they may end past limit. */
void qk_norm_scan_range(QkNormalizer *n, int which, const char *text, gsize len,
                        gsize from, gsize limit, QkNormMatchFn fn, void *data);

/* The annotations of text (any bytes: invalid UTF-8 is repaired first).
 * year is the issue year for dates written without one (0: unknown).
 * *norm_out (when norm_out is not NULL) receives the normalized text, NULL
 * when identical to text. Annotation offsets are code points into the
 * normalized text when there is one, else into text. */
GPtrArray *qk_norm_annotate(QkNormalizer *n, const char *text, int year,
                            char **norm_out);
/* Re-annotates a model text in place (clears its old norm and annots). */
void qk_norm_text(QkNormalizer *n, QkText *t, int year);

/* ---- names (names.c) ------------------------------------------------- */

/* Splits a byline / TOC author string into names, joining names printed with
 * spaces inside ("王 荣 王晓丽 唐 丽" → 王荣, 王晓丽, 唐丽). Array of char*. */
GPtrArray *qk_norm_split_names(const char *s);
/* One name with the spaces between its CJK characters removed. */
char *qk_norm_join_name(const char *s);

/* ---- sections and headings (sections.c) ------------------------------ */

/* Canonical section name for a printed one (◆ 卷首语, ·本期特稿·) from the
 * built-in list, or the marked name itself; NULL when it is not one. */
char *qk_norm_section_name(const char *raw);
/* The same with the normalizer's list (built-in plus user file). */
char *qk_norm_section_name_with(const QkNormalizer *n, const char *raw);
/* Heading level of a line: 一、 1, （一） 2, 1. 3, （1） 4, short 一是 4;
 * 0 when not a heading. */
int qk_norm_heading_level(const char *line);

/* ---- tables (indicators.c) ------------------------------------------- */

/* Splits an indicator label: 地区生产总值(亿元)(1—2季度) → name, unit, period
 * (each NULL when absent; name is never NULL). */
void qk_norm_split_indicator(const QkNormalizer *n, const char *label,
                             char **name, char **unit, char **period);
/* A data cell: TRUE with *value when it is a number; *missing when it is
 * empty or a dash. */
gboolean qk_norm_cell_value(const char *text, double *value,
                            gboolean *missing);
/* The period a table title names (2023年朔州市1—7月… → 1—7月), or NULL. */
/* Skips the marks of a part (其中：, #, ##) at the start of label: of set
 * for 其中, hashes the number of #. Returns the rest of label. */
const char *qk_norm_part_marker(const char *label, gboolean *of, int *hashes);

char *qk_norm_table_period(QkNormalizer *n, const char *title);
/* Fills cells' values and the table's indicators and period. */
void qk_norm_table(QkNormalizer *n, QkTable *t, int year);

/* ---- pattern pieces shared by the scanners --------------------------- */

/* An Arabic number: 1,234.5 or 3.9 (atomic: no backing off to a prefix). */
#define QK_RE_AR "(?>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?)"
/* Not inside a word, a version string, an address: */
#define QK_RE_NB "(?<![A-Za-z0-9._@])(?<![A-Za-z0-9][—–-])"
/* A run of Chinese numeral characters (checked by qk_norm_cn_value). */
#define QK_RE_CNCHARS "〇零一二三四五六七八九两壹贰叁肆伍陆柒捌玖十百千万亿拾佰仟廿卅"
/* (at most 24: no numeral is longer, and the bound keeps backtracking linear) */
#define QK_RE_CN "[" QK_RE_CNCHARS "]{1,24}"
/* A multiplier written after Arabic digits. */
#define QK_RE_MULT "(?:万亿|千亿|百亿|千万|百万|万|亿|千)"
/* Range separators: dashes, tildes, 至, 到 (spaces allowed around). */
#define QK_RE_SEP "[ \\t]*(?:——|—|–|-|－|~|～|〜|至|到)[ \\t]*"
/* Qualifiers before a number and verbs of change before a rate. */
/* (约 of 节约, 制约, 签约 … is not "about") */
#define QK_RE_QP "(?<qp>大约|约有|约为|(?<![节制预签合契公条简隐违履])约|将近|接近|近|超过|超|逾|不足|不到|突破)?"
#define QK_RE_VB "(?<vb>(?:同比)?(?:负增长|增长|增加|提高|上升|上涨|提升|下降|下滑|减少|降低|回落|增速|增幅|涨幅|降幅)(?:了|为|达)?)?"

/* Canonical qualifier for a written one (超过 → 超); borrowed. */
const char *qk_norm_qualifier(const char *written, gsize len);
/* Value of an Arabic or Chinese numeral span, applying the CN checks. */
gboolean qk_norm_span_value(const char *s, gsize len, double *out);
/* Appends a candidate. */
void qk_norm_add(GArray *cands, const QkNormCand *c);

G_END_DECLS

#endif
