/* quantities.c — numbers, quantities with units, percentages, fractions and
 * ordinals in running text. Each match becomes a candidate; annotate.c
 * decides between overlapping ones. */
#include <math.h>
#include <string.h>

#include "norm.h"

#define PRIO_ORDINAL 2
#define PRIO_FRACTION 3
#define PRIO_QUANTITY 5

const char *qk_norm_qualifier(const char *w, gsize len)
{
	static const struct { const char *w, *q; } map[] = {
		{ "大约", "约" }, { "约", "约" }, { "将近", "近" }, { "接近", "近" },
		{ "近", "近" }, { "超过", "超" }, { "超", "超" }, { "逾", "超" },
		{ "突破", "超" }, { "不足", "不足" }, { "不到", "不足" },
		{ "余", "余" }, { "多", "多" }, { "以上", "以上" }, { "以下", "以下" },
		{ "左右", "左右" }, { "之多", "之多" }, { "以内", "以内" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (strlen(map[i].w) == len && memcmp(map[i].w, w, len) == 0)
			return map[i].q;
	return NULL;
}

/* Verb of change before a rate: 增长 or 下降. */
static const char *verb_qualifier(const char *w, gsize len)
{
	char *v = g_strndup(w, len);
	const char *q = (strstr(v, "下降") || strstr(v, "减少") || strstr(v, "降低") ||
	                 strstr(v, "回落")) ? "下降" : "增长";
	g_free(v);
	return q;
}

void qk_norm_add(GArray *cands, const QkNormCand *c)
{
	g_array_append_val(cands, *c);
}

static gboolean is_cn_char(gunichar c)
{
	return g_utf8_strchr(QK_RE_CNCHARS, -1, c) != NULL;
}

gboolean qk_norm_span_value(const char *s, gsize len, double *out)
{
	if (len == 0)
		return FALSE;
	if (g_ascii_isdigit(s[0]))
		return qk_norm_ar_value(s, (gssize)len, out);
	/* Chinese: digit strings need a 〇/零 (二〇二三); 三一, 五六 are words
	 * or approximate ranges, and a lone 万/亿 is not a count. */
	gboolean has_pos = FALSE, has_zero = FALSE;
	int nchars = 0;
	for (const char *p = s; p < s + len; p = g_utf8_next_char(p), nchars++) {
		gunichar c = g_utf8_get_char(p);
		if (!is_cn_char(c))
			return FALSE;
		if (c == 0x3007 || c == 0x96F6)
			has_zero = TRUE;
		else if (g_utf8_strchr("十百千万亿拾佰仟廿卅", -1, c))
			has_pos = TRUE;
	}
	if (nchars > 1 && !has_pos && !has_zero)
		return FALSE;
	if (nchars == 1 && (g_utf8_get_char(s) == 0x4E07 || g_utf8_get_char(s) == 0x4EBF))
		return FALSE;
	return qk_norm_cn_value(s, (gssize)len, out);
}

/* Splits a trailing 万/亿/万亿 off a Chinese numeral (三千万 → 三千 + 万). */
static gsize cn_mult_split(const char *s, gsize len)
{
	static const char *suffixes[] = { "万亿", "万", "亿" };
	for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
		gsize sl = strlen(suffixes[i]);
		if (len > sl && memcmp(s + len - sl, suffixes[i], sl) == 0)
			return len - sl;
	}
	return len;
}

/* Product of a run of multipliers (万, 亿, 千万 …); 0 when malformed. */
static double mult_product(const char *s)
{
	static const char *words[] = { "万亿", "千亿", "百亿", "千万", "百万", "万", "亿", "千", "百" };
	double v = 1;
	while (*s) {
		gsize i;
		for (i = 0; i < G_N_ELEMENTS(words); i++) {
			gsize l = strlen(words[i]);
			if (strncmp(s, words[i], l) == 0) {
				v *= qk_norm_mult_value(words[i], (gssize)l);
				s += l;
				break;
			}
		}
		if (i == G_N_ELEMENTS(words))
			return 0;
	}
	return v;
}

/* Does a Chinese numeral end in a 千 that, with the unit after it, makes a
 * listed unit (三万千 + 瓦 → 三万 + 千瓦)? */
static gboolean qian_unit(QkNormalizer *n, const char *num, gsize len,
                          const char *unit, gsize ulen)
{
	gsize ql = strlen("千");
	if (len <= ql || memcmp(num + len - ql, "千", ql) != 0)
		return FALSE;
	/* Only right after 万/亿 (三万千瓦): in 一万五千元 and 两千克 the 千 is
	 * the numeral's own (and 两千克 has the same value either way). */
	gunichar b = g_utf8_get_char(g_utf8_prev_char(num + len - ql));
	if (b != 0x4E07 && b != 0x4EBF)
		return FALSE;
	char *w = g_strdup_printf("千%.*s", (int)ulen, unit);
	gboolean ok = g_hash_table_contains(n->units, w);
	g_free(w);
	return ok;
}

static gboolean next_is_word(const char *text, gsize len, gsize e)
{
	if (e >= len)
		return FALSE;
	char c = text[e];
	return g_ascii_isalnum(c) || c == '@' || c == '_';
}

static void join_q(GString *q, const char *part)
{
	if (!part)
		return;
	if (q->len)
		g_string_append_c(q, ',');
	g_string_append(q, part);
}

static gboolean quantity_found(QkNormalizer *n, const pcre2_code *re,
                               const char *text, gsize len, gsize s, gsize e,
                               void *data)
{
	pcre2_match_data *md = n->md;
	gsize vs = 0, ve = 0, qs = 0, qe = 0, ns = 0, ne = 0, xs = 0, xe = 0;
	gsize us = 0, ue = 0, ss = 0, se = 0, ps = 0, pe = 0;
	gboolean vb = qk_norm_group(re, md, "vb", &vs, &ve);
	gboolean qp = qk_norm_group(re, md, "qp", &qs, &qe);
	gboolean unit = qk_norm_group(re, md, "u", &us, &ue);
	/* u may be compound (元/千克): only its first part can take the 千 */
	gsize ue1 = ue;
	for (gsize i = us; unit && i < ue; i++)
		if (text[i] == '/') {
			ue1 = i;
			break;
		}
	gboolean sf = qk_norm_group(re, md, "sf", &ss, &se);
	gboolean post = qk_norm_group(re, md, "qs", &ps, &pe);
	gboolean cn1 = FALSE;
	gsize ns_c1 = 0, ne_c1 = 0;
	double v1 = 0, v2 = 0, mult = 1, lo_mult = 1;
	/* Multipliers: lo_m after the first number, hi_m after the second, and
	 * the unit's (mult_text): 2万至3万元 = 2 × 万 … 3 × 万元. */
	GString *lo_m = g_string_new(NULL), *hi_m = g_string_new(NULL);
	GString *mult_text = g_string_new(NULL);
	gboolean ok = TRUE;

	if (qk_norm_group(re, md, "a1", &ns, &ne)) {
		ok = qk_norm_ar_value(text + ns, (gssize)(ne - ns), &v1);
		if (qk_norm_group(re, md, "x1", &xs, &xe))
			g_string_append_len(lo_m, text + xs, (gssize)(xe - xs));
	} else if (qk_norm_group(re, md, "c1", &ns, &ne)) {
		cn1 = TRUE;
		ns_c1 = ns;
		ne_c1 = ne;
		/* 三万千瓦: the 千 belongs to the unit (千瓦), not the numeral */
		gsize end = ne - ns;
		gboolean qian = unit && qian_unit(n, text + ns, end, text + us, ue1 - us);
		if (qian)
			end -= strlen("千");
		gsize cut = unit ? cn_mult_split(text + ns, end) : end;
		ok = qk_norm_span_value(text + ns, cut, &v1);
		if (cut < end)
			g_string_append_len(lo_m, text + ns + cut, (gssize)(end - cut));
		if (qian)
			g_string_append(lo_m, "千");
		if (ok && !unit) {
			/* A bare Chinese numeral needs two characters (二十, 三千). */
			if (g_utf8_strlen(text + ns, (gssize)(ne - ns)) < 2)
				ok = FALSE;
		}
	} else {
		ok = FALSE;
	}
	gboolean range = FALSE;
	if (ok && qk_norm_group(re, md, "a2", &ns, &ne)) {
		range = TRUE;
		ok = qk_norm_ar_value(text + ns, (gssize)(ne - ns), &v2);
		if (qk_norm_group(re, md, "x2", &xs, &xe))
			g_string_append_len(hi_m, text + xs, (gssize)(xe - xs));
	} else if (ok && qk_norm_group(re, md, "c2", &ns, &ne)) {
		range = TRUE;
		gsize cut = unit ? cn_mult_split(text + ns, ne - ns) : ne - ns;
		ok = qk_norm_span_value(text + ns, cut, &v2);
		if (cut < ne - ns)
			g_string_append_len(hi_m, text + ns + cut, (gssize)(ne - ns - cut));
	}
	/* 654.81亿千瓦时 may match as 亿 + 千 + 瓦时: the written unit is all the
	 * multipliers and the unit together, looked up as one word. */
	g_string_append(mult_text, range ? hi_m->str : lo_m->str);
	if (ok && qk_norm_group(re, md, "x3", &xs, &xe))
		g_string_append_len(mult_text, text + xs, (gssize)(xe - xs));
	if (ok && mult_text->len)
		mult = mult_product(mult_text->str);
	if (ok && range)
		lo_mult = lo_m->len ? mult_product(lo_m->str) : mult;
	if (ok && range && mult != 0)
		v1 = v1 * lo_mult / mult; /* the low end in the written unit */
	g_string_free(lo_m, TRUE);
	g_string_free(hi_m, TRUE);
	if (ok && next_is_word(text, len, e))
		ok = FALSE;
	/* 036002, 0349: codes with a leading zero are not quantities */
	if (ok && !unit && qk_norm_group(re, md, "a1", &ns, &ne) && ne - ns > 1 &&
	    text[ns] == '0' && text[ns + 1] != '.')
		ok = FALSE;
	if (!ok || mult == 0 || lo_mult == 0) {
		g_string_free(mult_text, TRUE);
		return FALSE;
	}

	QkNormCand c = { 0 };
	c.bstart = s;
	c.bend = e;
	c.prio = PRIO_QUANTITY;
	c.has_value = TRUE;
	c.value = v1;
	GString *q = g_string_new(NULL);
	const char *dim = NULL;
	char *written = NULL;
	if (unit) {
		written = g_strdup_printf("%s%.*s", mult_text->str, (int)(ue - us), text + us);
		double factor = 1;
		char *base = NULL;
		if (!qk_norm_unit_lookup(n, written, &factor, &base, &dim)) {
			/* cannot happen for units from the table; be safe */
			g_free(written);
			g_string_free(mult_text, TRUE);
			g_string_free(q, TRUE);
			return FALSE;
		}
		gboolean plain_year = !range && !qp && !sf && !post && !vb &&
		                      strcmp(written, "年") == 0 && v1 >= 1000 &&
		                      v1 <= 2199 && v1 == floor(v1);
		gboolean decade = strcmp(written, "年") == 0 && e < len &&
		                  strncmp(text + e, "代", strlen("代")) == 0;
		if (plain_year || decade ||
		    (cn1 && strcmp(written, "年") == 0 && v1 >= 1000)) {
			g_free(written);
			g_free(base);
			g_string_free(mult_text, TRUE);
			g_string_free(q, TRUE);
			return FALSE; /* a year (dates.c has it) or a decade */
		}
		/* 一个, 一批, 一次, 一家: a lone 一 before a counter is the article
		 * "a", not a count worth annotating. */
		if (cn1 && !range && strcmp(dim, "count") == 0 &&
		    ne_c1 - ns_c1 == strlen("一") && strncmp(text + ns_c1, "一", ne_c1 - ns_c1) == 0) {
			g_free(written);
			g_free(base);
			g_string_free(mult_text, TRUE);
			g_string_free(q, TRUE);
			return FALSE;
		}
		if (!isfinite(v1 * factor) || (range && !isfinite(v2 * factor))) {
			g_free(written);
			g_free(base);
			g_string_free(mult_text, TRUE);
			g_string_free(q, TRUE);
			return FALSE; /* 300 digits of 亿元: beyond a double */
		}
		c.unit = written;
		c.has_base = TRUE;
		c.base_value = v1 * factor;
		c.base_unit = base;
		if (strcmp(dim, "percent") == 0 || strcmp(dim, "permille") == 0)
			c.kind = "percent";
		else if (strcmp(dim, "points") == 0)
			c.kind = "ratio-points";
		else
			c.kind = "quantity";
		char *lo = qk_norm_format_number(c.kind[0] == 'q' ? c.base_value : v1);
		if (range) {
			char *hi = qk_norm_format_number(c.kind[0] == 'q' ? v2 * factor : v2);
			c.norm = g_strdup_printf("%s—%s%s", lo, hi,
			                         c.kind[0] == 'q' ? base : written);
			g_free(hi);
		} else {
			c.norm = g_strdup_printf("%s%s", lo, c.kind[0] == 'q' ? base : written);
		}
		g_free(lo);
	} else {
		c.kind = "number";
		c.value = v1 * mult;
		if (!isfinite(c.value) || (range && !isfinite(v2 * mult))) {
			g_string_free(mult_text, TRUE);
			g_string_free(q, TRUE);
			g_free(c.norm);
			return FALSE;
		}
		char *lo = qk_norm_format_number(c.value);
		if (range) {
			char *hi = qk_norm_format_number(v2 * mult);
			c.norm = g_strdup_printf("%s—%s", lo, hi);
			g_free(hi);
		} else {
			c.norm = g_strdup(lo);
		}
		g_free(lo);
	}
	if (vb) {
		if (strcmp(c.kind, "percent") == 0 || strcmp(c.kind, "ratio-points") == 0)
			join_q(q, verb_qualifier(text + vs, ve - vs));
		else
			c.bstart = ve; /* the verb belongs to rates only */
	}
	if (qp)
		join_q(q, qk_norm_qualifier(text + qs, qe - qs));
	if (range)
		join_q(q, "range");
	if (sf)
		join_q(q, qk_norm_qualifier(text + ss, se - ss));
	if (post)
		join_q(q, qk_norm_qualifier(text + ps, pe - ps));
	c.qualifier = q->len ? g_string_free(q, FALSE) : (g_string_free(q, TRUE), NULL);
	g_string_free(mult_text, TRUE);
	qk_norm_add(data, &c);
	return TRUE;
}

static gboolean fraction_found(QkNormalizer *n, const pcre2_code *re,
                               const char *text, gsize len, gsize s, gsize e,
                               void *data)
{
	(void)len;
	pcre2_match_data *md = n->md;
	gsize a = 0, b = 0, vs = 0, ve = 0, qs = 0, qe = 0;
	double num = 0, den = 0;
	gboolean ok;
	if (qk_norm_group(re, md, "d", &a, &b)) {
		ok = qk_norm_span_value(text + a, b - a, &den) &&
		     qk_norm_group(re, md, "nn", &a, &b) &&
		     qk_norm_span_value(text + a, b - a, &num);
	} else {
		ok = qk_norm_group(re, md, "an", &a, &b) &&
		     qk_norm_ar_value(text + a, (gssize)(b - a), &num) &&
		     qk_norm_group(re, md, "ad", &a, &b) &&
		     qk_norm_ar_value(text + a, (gssize)(b - a), &den);
	}
	if (!ok || den == 0 || !isfinite(num / den))
		return FALSE;
	QkNormCand c = { 0 };
	c.bstart = s;
	c.bend = e;
	c.prio = PRIO_FRACTION;
	c.has_value = TRUE;
	GString *q = g_string_new(NULL);
	gboolean vb = qk_norm_group(re, md, "vb", &vs, &ve);
	char *ns = qk_norm_format_number(num);
	if (den == 100 || den == 1000) {
		c.kind = "percent";
		c.value = num;
		c.unit = g_strdup(den == 100 ? "%" : "‰");
		c.has_base = TRUE;
		c.base_value = num;
		c.base_unit = g_strdup(c.unit);
		c.norm = g_strdup_printf("%s%s", ns, c.unit);
		if (vb)
			join_q(q, verb_qualifier(text + vs, ve - vs));
	} else {
		c.kind = "fraction";
		c.value = num / den;
		char *ds = qk_norm_format_number(den);
		c.norm = g_strdup_printf("%s/%s", ns, ds);
		g_free(ds);
		if (vb)
			c.bstart = ve;
	}
	g_free(ns);
	if (qk_norm_group(re, md, "qp", &qs, &qe))
		join_q(q, qk_norm_qualifier(text + qs, qe - qs));
	c.qualifier = q->len ? g_string_free(q, FALSE) : (g_string_free(q, TRUE), NULL);
	qk_norm_add(data, &c);
	return TRUE;
}

static gboolean ordinal_found(QkNormalizer *n, const pcre2_code *re,
                              const char *text, gsize len, gsize s, gsize e,
                              void *data)
{
	pcre2_match_data *md = n->md;
	gsize a = 0, b = 0;
	double v = 0;
	if (!qk_norm_group(re, md, "n", &a, &b) ||
	    !qk_norm_span_value(text + a, b - a, &v))
		return FALSE;
	if (next_is_word(text, len, e))
		return FALSE;
	QkNormCand c = { 0 };
	c.kind = "ordinal";
	c.bstart = s;
	c.bend = e;
	c.prio = PRIO_ORDINAL;
	c.has_value = TRUE;
	c.value = v;
	char *vs = qk_norm_format_number(v);
	if (qk_norm_group(re, md, "u", &a, &b)) {
		c.unit = g_strndup(text + a, b - a);
		c.norm = g_strdup_printf("第%s%s", vs, c.unit);
	} else {
		c.norm = g_strdup_printf("第%s", vs);
	}
	g_free(vs);
	qk_norm_add(data, &c);
	return TRUE;
}

gboolean qk_norm_compile_quantities(QkNormalizer *n, GError **error)
{
	char *units = qk_norm_units_regex(n);
	char *num1 = g_strdup_printf("(?:" QK_RE_NB "(?<a1>" QK_RE_AR ")(?<x1>" QK_RE_MULT ")??"
	                             "|(?<![" QK_RE_CNCHARS "])(?<c1>" QK_RE_CN "))");
	char *num2 = g_strdup_printf("(?:(?<a2>" QK_RE_AR ")(?<x2>" QK_RE_MULT ")??"
	                             "|(?<c2>" QK_RE_CN "))");
	/* PCRE2 takes the first match, not the longest: the branches go from
	 * most to least complete (range with unit, single with unit, range,
	 * single) so that 2万至3万元 and 80万方 are not cut short. */
	char *u = g_strdup_printf("(?<u>%s(?:/%s)?)", units, units);
	const char *sf = "(?<sf>余|多)?(?<x3>" QK_RE_MULT ")?";
	const char *qs = "(?<qs>以上|以下|左右|之多|以内)?";
	char *quantity = g_strdup_printf(
		"(?J)" QK_RE_VB QK_RE_QP "(?:"
		"%s" QK_RE_SEP "%s%s%s%s"
		"|%s%s%s%s"
		"|%s" QK_RE_SEP "%s%s%s"
		"|%s%s%s)",
		num1, num2, sf, u, qs,
		num1, sf, u, qs,
		num1, num2, sf, qs,
		num1, sf, qs);
	g_free(u);
	gboolean ok = qk_norm_compile(n, QK_RE_QUANTITY, quantity, error);
	g_free(quantity);
	g_free(num1);
	g_free(num2);
	g_free(units);
	if (!ok)
		return FALSE;
	ok = qk_norm_compile(n, QK_RE_FRACTION,
		QK_RE_VB QK_RE_QP
		"(?:(?<d>" QK_RE_CN "|" QK_RE_NB QK_RE_AR ")分之(?<nn>" QK_RE_CN "|" QK_RE_AR ")"
		"|(?<![A-Za-z0-9._@/])(?<an>[0-9]+)/(?<ad>[0-9]+)(?![0-9/A-Za-z.]))",
		error);
	if (!ok)
		return FALSE;
	return qk_norm_compile(n, QK_RE_ORDINAL,
		"第[ ]?(?<n>" QK_RE_AR "|" QK_RE_CN ")[ ]?"
		"(?<u>届次|批次|部分|阶段|届|期|次|批|个|位|名|版|条|款|章|节|号|轮|站|步|代|卷|集|场|页)?",
		error);
}

void qk_norm_scan_quantities(QkNormalizer *n, const char *text, gsize len,
                             GArray *cands)
{
	qk_norm_scan(n, QK_RE_QUANTITY, text, len, quantity_found, cands);
	if (strstr(text, "分之") || strchr(text, '/'))
		qk_norm_scan(n, QK_RE_FRACTION, text, len, fraction_found, cands);
	if (strstr(text, "第"))
		qk_norm_scan(n, QK_RE_ORDINAL, text, len, ordinal_found, cands);
}
