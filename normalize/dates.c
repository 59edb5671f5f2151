/* dates.c — dates (2023年2月25日 → 2023-02-25), years, months, month and
 * quarter ranges, half years, issue numbers (2023年第1期) and lunar dates
 * (农历…, kept as text). Ranges get the canonical dash: 1—12月. */
#include <string.h>

#include "error.h"
#include "norm.h"

#define PRIO_DATE 0
#define PRIO_PERIOD 1
#define PRIO_YEAR 1

#define Y "(?:(?<![0-9])(?<y>(?:1[5-9]|20|21)[0-9]{2})(?![0-9])|" \
          "(?<![〇零一二三四五六七八九十])(?<y>[〇零一二三四五六七八九]{4}))"
#define YP "(?:" Y "[ ]?年[ ]?)?"
#define M(name) "(?<![0-9一二三四五六七八九十])(?<" name ">1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
#define D "(?<d>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|" \
          "廿[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])(?![0-9])"
#define Q(name) "(?<![0-9])(?<" name ">[1-4一二三四])"

/* Value of a group that holds a small Arabic or Chinese number. */
static gboolean group_int(QkNormalizer *n, const pcre2_code *re, const char *text,
                          const char *name, int *out)
{
	gsize a = 0, b = 0;
	double v = 0;
	if (!qk_norm_group(n, re, name, &a, &b))
		return FALSE;
	if (!(g_ascii_isdigit(text[a]) ? qk_norm_ar_value(text + a, (gssize)(b - a), &v)
	                               : qk_norm_cn_value(text + a, (gssize)(b - a), &v)))
		return FALSE;
	if (v < 0 || v > 100000)
		return FALSE;
	*out = (int)v;
	return TRUE;
}

static void add(GArray *cands, const char *kind, gsize s, gsize e, int prio,
                char *norm, const char *qualifier, gboolean has_value, double value)
{
	QkNormCand c = { 0 };
	c.kind = kind;
	c.bstart = s;
	c.bend = e;
	c.prio = prio;
	c.norm = norm;
	c.qualifier = g_strdup(qualifier);
	c.has_value = has_value;
	c.value = value;
	qk_norm_add(cands, &c);
}

typedef struct {
	GArray *cands;
	int year;
} Ctx;

/* The year written in the match, else the issue's (0 when neither). */
static int match_year(QkNormalizer *n, const pcre2_code *re, const char *text,
                      int fallback, gboolean *written)
{
	int y = 0;
	*written = group_int(n, re, text, "y", &y);
	return *written ? y : fallback;
}

static gboolean date_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                           gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int m = 0, d = 0;
	gboolean written;
	int y = match_year(n, re, text, ctx->year, &written);
	if (!group_int(n, re, text, "m", &m) || !group_int(n, re, text, "d", &d))
		return FALSE;
	if (m < 1 || m > 12 || d < 1 ||
	    !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)(y > 0 ? y : 2000)))
		return FALSE;
	char *norm = y > 0 ? g_strdup_printf("%04d-%02d-%02d", y, m, d)
	                   : g_strdup_printf("--%02d-%02d", m, d);
	add(ctx->cands, "date", s, e, PRIO_DATE, norm, NULL, FALSE, 0);
	return TRUE;
}

static gboolean months_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                             gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int m1 = 0, m2 = 0, y = 0;
	if (!group_int(n, re, text, "m1", &m1) || !group_int(n, re, text, "m2", &m2) ||
	    m1 < 1 || m2 > 12 || m1 >= m2)
		return FALSE;
	gboolean written = group_int(n, re, text, "y", &y);
	char *norm = written ? g_strdup_printf("%d年%d—%d月", y, m1, m2)
	                     : g_strdup_printf("%d—%d月", m1, m2);
	add(ctx->cands, "period", s, e, PRIO_PERIOD, norm, "range", FALSE, 0);
	return TRUE;
}

static gboolean quarters_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                               gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int q1 = 0, q2 = 0, y = 0;
	gboolean range = TRUE;
	if (group_int(n, re, text, "qn", &q2)) {
		q1 = 1; /* 前三季度 = 1—3季度 */
	} else if (group_int(n, re, text, "q1", &q1) && group_int(n, re, text, "q2", &q2)) {
		/* 1—2季度 */
	} else if (group_int(n, re, text, "q", &q1)) {
		q2 = q1;
		range = FALSE;
	} else {
		return FALSE;
	}
	if (q1 < 1 || q2 > 4 || q1 > q2 || (range && q1 == q2))
		return FALSE;
	gboolean written = group_int(n, re, text, "y", &y);
	GString *norm = g_string_new(NULL);
	if (written)
		g_string_append_printf(norm, "%d年", y);
	if (range)
		g_string_append_printf(norm, "%d—%d季度", q1, q2);
	else
		g_string_append_printf(norm, "%d季度", q1);
	add(ctx->cands, "period", s, e, PRIO_PERIOD, g_string_free(norm, FALSE),
	    range ? "range" : NULL, FALSE, 0);
	return TRUE;
}

static gboolean half_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                           gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	gsize a = 0, b = 0;
	int y = 0;
	if (!qk_norm_group(n, re, "h", &a, &b))
		return FALSE;
	gboolean first = strncmp(text + a, "上", b - a) == 0;
	gboolean written = group_int(n, re, text, "y", &y);
	char *norm = written ? g_strdup_printf("%d年%s", y, first ? "1—6月" : "7—12月")
	                     : g_strdup(first ? "1—6月" : "7—12月");
	add(ctx->cands, "period", s, e, PRIO_PERIOD, norm, "range", FALSE, 0);
	return TRUE;
}

static gboolean month_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                            gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int m = 0;
	gboolean written;
	int y = match_year(n, re, text, ctx->year, &written);
	if (!group_int(n, re, text, "m", &m) || m < 1 || m > 12)
		return FALSE;
	char *norm = y > 0 ? g_strdup_printf("%04d-%02d", y, m) : g_strdup_printf("--%02d", m);
	add(ctx->cands, "period", s, e, PRIO_PERIOD, norm, NULL, FALSE, 0);
	return TRUE;
}

static gboolean year_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                           gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int y = 0;
	if (!group_int(n, re, text, "y", &y))
		return FALSE;
	add(ctx->cands, "year", s, e, PRIO_YEAR, g_strdup_printf("%d", y), NULL, TRUE, y);
	return TRUE;
}

static gboolean issue_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                            gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int y = 0, num = 0;
	if (!group_int(n, re, text, "y", &y) || !group_int(n, re, text, "n", &num) || num < 1)
		return FALSE;
	add(ctx->cands, "period", s, e, PRIO_DATE, g_strdup_printf("%d年第%d期", y, num),
	    "issue", TRUE, num);
	return TRUE;
}

static gboolean lunar_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                            gsize len, gsize s, gsize e, void *data)
{
	(void)n, (void)re, (void)len;
	Ctx *ctx = data;
	/* Kept as text: the norm is the raw form, no Gregorian conversion. */
	add(ctx->cands, "date", s, e, PRIO_DATE, g_strndup(text + s, e - s), "lunar",
	    FALSE, 0);
	return TRUE;
}

/* 2021年底 → 2021-12, 年初 → the issue year's January, 3月上旬 → the
 * first ten days of March. */
static gboolean year_part_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                                gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	gsize a = 0, b = 0;
	gboolean written;
	int y = match_year(n, re, text, ctx->year, &written);
	int m = 0;
	if (y <= 0 || !qk_norm_group(n, re, "w", &a, &b))
		return FALSE;
	char *w = g_strndup(text + a, b - a);
	char *norm = NULL;
	if (group_int(n, re, text, "m", &m)) {
		if (m < 1 || m > 12) {
			g_free(w);
			return FALSE;
		}
		int last = g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
		int d0 = g_str_has_prefix(w, "上") ? 1 : g_str_has_prefix(w, "中") ? 11 : 21;
		int d1 = d0 == 21 ? last : d0 + 9;
		norm = g_strdup_printf("%04d-%02d-%02d—%02d", y, m, d0, d1);
	} else {
		int mm = strcmp(w, "初") == 0 ? 1 : 12;
		norm = g_strdup_printf("%04d-%02d", y, mm);
	}
	g_free(w);
	add(ctx->cands, "period", s, e, PRIO_DATE, norm, NULL, FALSE, 0);
	return TRUE;
}

/* 2019—2021年: a span of years, not a quantity of them. */
static gboolean years_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                            gsize len, gsize s, gsize e, void *data)
{
	(void)len;
	Ctx *ctx = data;
	int y1 = 0, y2 = 0;
	if (!group_int(n, re, text, "y1", &y1) || !group_int(n, re, text, "y2", &y2) ||
	    y1 >= y2)
		return FALSE;
	add(ctx->cands, "period", s, e, PRIO_DATE, g_strdup_printf("%d—%d年", y1, y2),
	    "range", FALSE, 0);
	return TRUE;
}

/* 双十一, “五一”: named days from named-dates.tsv. */
static gboolean named_date_found(QkNormalizer *n, const pcre2_code *re, const char *text,
                                 gsize len, gsize s, gsize e, void *data)
{
	(void)len, (void)re;
	Ctx *ctx = data;
	char *name = g_strndup(text + s, e - s);
	const char *md = g_hash_table_lookup(n->named_dates, name);
	g_free(name);
	if (!md)
		return FALSE;
	/* “五一” names the day with its quotes; the annotation is the name */
	gsize q = strlen("“");
	if (e - s > 2 * q && strncmp(text + s, "“", q) == 0) {
		s += q;
		e -= strlen("”");
	}
	char *norm = ctx->year > 0 ? g_strdup_printf("%04d-%s", ctx->year, md)
	                           : g_strdup_printf("--%s", md);
	add(ctx->cands, "date", s, e, PRIO_DATE, norm, "named", FALSE, 0);
	return TRUE;
}

static gboolean load_named_dates(QkNormalizer *n, GError **error)
{
	char **lines = qk_norm_data_lines("named-dates.tsv", NULL, error);
	if (!lines)
		return FALSE;
	n->named_dates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	gboolean ok = TRUE;
	for (int i = 0; lines[i] && ok; i++) {
		char **f = g_strsplit(lines[i], "\t", 3);
		if (g_strv_length(f) < 2 || strlen(f[1]) != 5 || f[1][2] != '-') {
			g_set_error(error, QK_ERROR, QK_ERROR_DATA,
			            "named-dates: malformed line \"%s\"", lines[i]);
			ok = FALSE;
		} else {
			g_hash_table_replace(n->named_dates, g_strdup(f[0]), g_strdup(f[1]));
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	char *re = qk_norm_keys_regex(n->named_dates);
	ok = ok && qk_norm_compile(n, QK_RE_NAMED_DATE, re, error);
	g_free(re);
	return ok;
}

gboolean qk_norm_compile_dates(QkNormalizer *n, GError **error)
{
	if (!load_named_dates(n, error))
		return FALSE;
	static const struct { int which; const char *re; } pats[] = {
		{ QK_RE_DATE, YP M("m") "[ ]?月[ ]?" D "[ ]?[日号]" },
		{ QK_RE_DATE_ISO, "(?<![0-9.])(?<y>(?:19|20|21)[0-9]{2})(?<s>[-./])"
		                  "(?<m>1[0-2]|0?[1-9])\\k<s>(?<d>3[01]|[12][0-9]|0?[1-9])(?![0-9.])" },
		{ QK_RE_MONTHS, YP "(?:" M("m1") "(?:月)?" QK_RE_SEP M("m2") "[ ]?月(?:份)?"
		                "|(?<![〇零一二三四五六七八九十])(?<m1>[一二三四五六七八九])(?<m2>[二三四五六七八九十])月(?:份)?)" },
		{ QK_RE_YEAR_PART, "(?:" Y "[ ]?年[ ]?年?(?<w>初|底|末)"
		                   "|(?<![0-9〇零一二三四五六七八九十去前明后往年当同每])(?:今年)?年(?<w>初|底|末)"
		                   "|" YP M("m") "[ ]?月[ ]?(?<w>上旬|中旬|下旬))" },
		{ QK_RE_YEARS, "(?<![0-9])(?<y1>(?:19|20|21)[0-9]{2})(?:年)?" QK_RE_SEP
		               "(?<y2>(?:19|20|21)[0-9]{2})[ ]?年(?:度)?(?!代)" },
		{ QK_RE_QUARTERS, YP "(?:前(?<qn>[二三两2-3])个?季度"
		                  "|第?" Q("q1") "(?:季度)?" QK_RE_SEP "第?" Q("q2") "季度"
		                  "|第?" Q("q") "季度)" },
		{ QK_RE_HALF, YP "(?<h>上|下)半年(?:度)?" },
		{ QK_RE_MONTH, YP M("m") "[ ]?月(?:份)?" },
		{ QK_RE_YEAR, Y "[ ]?年(?:度)?(?!代)" },
		{ QK_RE_ISSUE, Y "[ ]?年[ ]?第[ ]?(?<n>[0-9]{1,3}|[一二三四五六七八九十]{1,3})[ ]?期" },
		{ QK_RE_LUNAR, "农历[ ]?(?:[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年)?闰?"
		               "(?:正|冬|腊|十[一二]?|[一二三四五六七八九])月"
		               "(?:初[一二三四五六七八九十]|[二三]十[一二三四五六七八九]?|"
		               "廿[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])?" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(pats); i++) {
		/* Y appears twice under one name: allow duplicate names. */
		char *re = g_strconcat("(?J)", pats[i].re, NULL);
		/* A date, a month or a year starts with its year (Y: a digit or
		 * 〇…九) or its month (M: a digit, 十 or 一…九): the scans
		 * need only try those characters (qk_norm_compile_first). */
		int w = pats[i].which;
		gboolean ok = w == QK_RE_DATE || w == QK_RE_MONTHS || w == QK_RE_MONTH ||
		              w == QK_RE_YEAR
			? qk_norm_compile_first(n, w, re, "0123456789〇零一二三四五六七八九十", error)
			: qk_norm_compile(n, w, re, error);
		g_free(re);
		if (!ok)
			return FALSE;
	}
	return TRUE;
}

void qk_norm_scan_dates(QkNormalizer *n, const char *text, gsize len, int year,
                        GArray *cands)
{
	Ctx ctx = { cands, year };
	/* Each pattern needs a character that most texts lack: test for it
	 * first (strstr is far cheaper than a regex scan). */
	gboolean yue = strstr(text, "月") != NULL;
	if (yue)
		qk_norm_scan(n, QK_RE_DATE, text, len, date_found, &ctx);
	if (strpbrk(text, "0123456789"))
		qk_norm_scan(n, QK_RE_DATE_ISO, text, len, date_found, &ctx);
	if (yue)
		qk_norm_scan(n, QK_RE_MONTHS, text, len, months_found, &ctx);
	if (strstr(text, "季"))
		qk_norm_scan(n, QK_RE_QUARTERS, text, len, quarters_found, &ctx);
	if (strstr(text, "半年"))
		qk_norm_scan(n, QK_RE_HALF, text, len, half_found, &ctx);
	if (yue)
		qk_norm_scan(n, QK_RE_MONTH, text, len, month_found, &ctx);
	if (strstr(text, "年")) {
		qk_norm_scan(n, QK_RE_YEAR, text, len, year_found, &ctx);
		if (strstr(text, "期"))
			qk_norm_scan(n, QK_RE_ISSUE, text, len, issue_found, &ctx);
	}
	if (strstr(text, "旬") || strstr(text, "年初") || strstr(text, "年底") ||
	    strstr(text, "年末"))
		qk_norm_scan(n, QK_RE_YEAR_PART, text, len, year_part_found, &ctx);
	if (strstr(text, "年") && strpbrk(text, "0123456789"))
		qk_norm_scan(n, QK_RE_YEARS, text, len, years_found, &ctx);
	/* every name in named-dates.tsv has 双, 节 or quotes */
	if (strstr(text, "双") || strstr(text, "节") || strstr(text, "“"))
		qk_norm_scan(n, QK_RE_NAMED_DATE, text, len, named_date_found, &ctx);
	if (strstr(text, "农历"))
		qk_norm_scan(n, QK_RE_LUNAR, text, len, lunar_found, &ctx);
}
