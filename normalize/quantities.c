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
		{ "左右", "左右" }, { "上下", "左右" }, { "之多", "之多" }, { "以内", "以内" },
		{ "约有", "约" }, { "约为", "约" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (strlen(map[i].w) == len && memcmp(map[i].w, w, len) == 0)
			return map[i].q;
	return NULL;
}

/* Verb of change before a rate: 增长 (rose) or 下降 (fell). */
static const char *verb_qualifier(const char *w, gsize len)
{
	static const char *const falls[] = { "负增长", "下降", "下滑", "减少", "降低",
	                                     "回落", "降幅" };
	for (gsize i = 0; i < G_N_ELEMENTS(falls); i++)
		if (g_strstr_len(w, (gssize)len, falls[i]))
			return "下降";
	return "增长";
}

void qk_norm_add(GArray *cands, const QkNormCand *c)
{
	g_array_append_val(cands, *c);
}

static gboolean is_cn_char(gunichar c)
{
	return g_utf8_strchr(QK_RE_CNCHARS, -1, c) != NULL;
}

/* Bytes of a minus sign at s (- － −), 0 when none. */
static gsize minus_len(const char *s, gsize len)
{
	if (len >= 1 && s[0] == '-')
		return 1;
	if (len >= 3 && (strncmp(s, "－", 3) == 0 || strncmp(s, "−", 3) == 0))
		return 3;
	return 0;
}

gboolean qk_norm_span_value(const char *s, gsize len, double *out)
{
	if (len == 0)
		return FALSE;
	gsize ml = minus_len(s, len);
	if (ml && ml < len && g_ascii_isdigit(s[ml])) {
		if (!qk_norm_span_value(s + ml, len - ml, out))
			return FALSE;
		*out = -*out;
		return TRUE;
	}
	if (g_ascii_isdigit(s[0])) {
		for (gsize i = 0; i < len; i++)
			if ((guchar)s[i] >= 0x80) /* an order inside: 7万6千 */
				return qk_norm_mixed_value(s, (gssize)len, out);
		return qk_norm_ar_value(s, (gssize)len, out);
	}
	if (g_strstr_len(s, (gssize)len, "点"))
		return qk_norm_cn_decimal_value(s, (gssize)len, out);
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
		if (len > sl && memcmp(s + len - sl, suffixes[i], sl) == 0) {
			/* 三亿五千万 is read whole: the rest holds an order too */
			if (g_strstr_len(s, (gssize)(len - sl), "万") ||
			    g_strstr_len(s, (gssize)(len - sl), "亿"))
				return len;
			return len - sl;
		}
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

/* A lone 一 after a demonstrative (这一年, 每一个) is "this one", not a count. */
static gboolean demonstrative_one(const char *text, gsize ns, gsize ne)
{
	if (ne - ns != strlen("一") || strncmp(text + ns, "一", ne - ns) != 0 || ns == 0)
		return FALSE;
	gunichar b = g_utf8_get_char(g_utf8_prev_char(text + ns));
	return g_utf8_strchr("这那每某同其哪另任单", -1, b) != NULL;
}

/* 七五折 = 7.5折, 八折 = 8折: digits read as tenths of the price. */
static gboolean discount_value(const char *s, gsize len, double *out)
{
	int d[2], n = 0;
	for (const char *p = s; p < s + len; p = g_utf8_next_char(p)) {
		int v = qk_norm_cn_digit(g_utf8_get_char(p));
		if (v <= 0 || n == 2)
			return FALSE;
		d[n++] = v;
	}
	if (n == 0)
		return FALSE;
	*out = n == 1 ? d[0] : d[0] + d[1] / 10.0;
	return TRUE;
}

/* Reads a numeral group pair (a1/x1 or c1) of the match: value, the
 * multiplier written after it (lo_m) and, for 三四家, the high end. */
typedef struct {
	gboolean ok, cn, approx;
	double v, v_hi;
	gsize ns, ne;
} Num;

static Num read_num(QkNormalizer *n, const pcre2_code *re, const char *text,
                    const char *a, const char *x, const char *cgrp,
                    gboolean unit, gboolean discount, const char *utext,
                    gsize ulen, GString *mult)
{
	Num r = { 0 };
	gsize xs = 0, xe = 0;
	if (qk_norm_group(n, re, a, &r.ns, &r.ne)) {
		r.ok = qk_norm_span_value(text + r.ns, r.ne - r.ns, &r.v);
		if (x && qk_norm_group(n, re, x, &xs, &xe))
			g_string_append_len(mult, text + xs, (gssize)(xe - xs));
		return r;
	}
	if (!qk_norm_group(n, re, cgrp, &r.ns, &r.ne))
		return r;
	r.cn = TRUE;
	gsize end = r.ne - r.ns;
	/* 三万千瓦: the 千 belongs to the unit (千瓦), not the numeral */
	gboolean qian = unit && qian_unit(n, text + r.ns, end, utext, ulen);
	if (qian)
		end -= strlen("千");
	gsize cut = unit ? cn_mult_split(text + r.ns, end) : end;
	if (discount)
		r.ok = discount_value(text + r.ns, cut, &r.v);
	else
		r.ok = qk_norm_span_value(text + r.ns, cut, &r.v);
	if (!r.ok && unit && qk_norm_cn_approx(text + r.ns, (gssize)cut, &r.v, &r.v_hi))
		r.ok = r.approx = TRUE;
	if (cut < end)
		g_string_append_len(mult, text + r.ns + cut, (gssize)(end - cut));
	if (qian)
		g_string_append(mult, "千");
	/* A bare Chinese numeral needs two characters (二十, 三千). */
	if (r.ok && !unit && g_utf8_strlen(text + r.ns, (gssize)(r.ne - r.ns)) < 2)
		r.ok = FALSE;
	return r;
}

static gboolean reject(GString *a, GString *b, GString *c, char *d, char *e)
{
	g_string_free(a, TRUE);
	g_string_free(b, TRUE);
	g_string_free(c, TRUE);
	g_free(d);
	g_free(e);
	return FALSE;
}

static gboolean is_year(double v)
{
	return v >= 1000 && v <= 2199 && v == floor(v);
}

static gboolean quantity_found(QkNormalizer *n, const pcre2_code *re,
                               const char *text, gsize len, gsize s, gsize e,
                               void *data)
{
	gsize vs = 0, ve = 0, qs = 0, qe = 0, xs = 0, xe = 0, ns = 0, ne = 0;
	gsize us = 0, ue = 0, ss = 0, se = 0, ps = 0, pe = 0, u1s = 0, u1e = 0;
	gsize pus = 0, pue = 0, cs = 0, ce = 0;
	gboolean vb = qk_norm_group(n, re, "vb", &vs, &ve);
	gboolean qp = qk_norm_group(n, re, "qp", &qs, &qe);
	gboolean unit = qk_norm_group(n, re, "u", &us, &ue);
	gboolean per = qk_norm_group(n, re, "pu", &pus, &pue);
	gboolean times = qk_norm_group(n, re, "cnt", &cs, &ce);
	/* 20%—25%, 200元至400元: a unit on both ends. 5000万元至1亿元: units of
	 * one base, the low end then goes into the high end's unit. */
	gboolean two_units = qk_norm_group(n, re, "u1", &u1s, &u1e) &&
	                     (u1e - u1s != ue - us || memcmp(text + u1s, text + us, ue - us) != 0);
	/* u may be compound (元/千克): only its first part can take the 千 */
	gsize ue1 = ue;
	for (gsize i = us; unit && i < ue; i++)
		if (text[i] == '/') {
			ue1 = i;
			break;
		}
	gboolean discount = unit && ue - us == strlen("折") &&
	                    strncmp(text + us, "折", ue - us) == 0;
	gboolean sf = qk_norm_group(n, re, "sf", &ss, &se);
	gboolean post = qk_norm_group(n, re, "qs", &ps, &pe);
	/* Multipliers: lo_m after the first number, hi_m after the second, and
	 * the unit's (mult_text): 2万至3万元 = 2 × 万 … 3 × 万元. */
	GString *lo_m = g_string_new(NULL), *hi_m = g_string_new(NULL);
	GString *mult_text = g_string_new(NULL);
	double mult = 1, lo_mult = 1;
	Num n1 = times ? read_num(n, re, text, "a2", "x2", "c2", unit, discount, text + us,
	                          ue1 - us, lo_m)
	               : read_num(n, re, text, "a1", "x1", "c1", unit, discount, text + us,
	                          ue1 - us, lo_m);
	if (!n1.ok || (n1.cn && demonstrative_one(text, n1.ns, n1.ne)))
		return reject(lo_m, hi_m, mult_text, NULL, NULL);
	gboolean range = n1.approx;
	double v1 = n1.v, v2 = n1.v_hi;
	if (range)
		g_string_assign(hi_m, lo_m->str);
	Num n2 = { 0 };
	if (!times)
		n2 = read_num(n, re, text, "a2", "x2", "c2", unit, discount, text + us,
		              ue1 - us, hi_m);
	if (n2.ns != n2.ne) {
		if (!n2.ok || n2.approx || range)
			return reject(lo_m, hi_m, mult_text, NULL, NULL);
		range = TRUE;
		v2 = n2.v;
	}
	/* 654.81亿千瓦时 may match as 亿 + 千 + 瓦时: the written unit is all the
	 * multipliers and the unit together, looked up as one word. */
	g_string_append(mult_text, range ? hi_m->str : lo_m->str);
	if (qk_norm_group(n, re, "x3", &xs, &xe))
		g_string_append_len(mult_text, text + xs, (gssize)(xe - xs));
	if (mult_text->len)
		mult = mult_product(mult_text->str);
	if (range)
		lo_mult = lo_m->len ? mult_product(lo_m->str) : mult;
	if (mult == 0 || lo_mult == 0 || next_is_word(text, len, e))
		return reject(lo_m, hi_m, mult_text, NULL, NULL);
	if (range && !two_units)
		v1 = v1 * lo_mult / mult; /* the low end in the written unit */
	/* 036002, 0349: codes with a leading zero are not quantities */
	if (!unit && qk_norm_group(n, re, "a1", &ns, &ne) && ne - ns > 1 &&
	    text[ns] == '0' && text[ns + 1] != '.')
		return reject(lo_m, hi_m, mult_text, NULL, NULL);

	QkNormCand c = { 0 };
	c.bstart = s;
	c.bend = e;
	c.prio = PRIO_QUANTITY;
	c.has_value = TRUE;
	c.value = v1;
	c.has_high = range;
	c.value_high = v2;
	char *written = NULL, *base = NULL;
	if (unit) {
		if (per && !memchr(text + us, '/', ue - us))
			written = g_strdup_printf("%s%.*s/%.*s", mult_text->str, (int)(ue - us),
			                          text + us, (int)(pue - pus), text + pus);
		else
			written = g_strdup_printf("%s%.*s", mult_text->str, (int)(ue - us), text + us);
		double factor = 1;
		const char *dim = NULL;
		if (!qk_norm_unit_lookup(n, written, &factor, &base, &dim))
			return reject(lo_m, hi_m, mult_text, written, base);
		if (two_units) {
			char *w1 = g_strdup_printf("%s%.*s", lo_m->str, (int)(u1e - u1s), text + u1s);
			double f1 = 0;
			char *b1 = NULL;
			gboolean same = qk_norm_unit_lookup(n, w1, &f1, &b1, NULL) &&
			                strcmp(b1, base) == 0;
			g_free(w1);
			g_free(b1);
			if (!same)
				return reject(lo_m, hi_m, mult_text, written, base);
			v1 = v1 * f1 / factor;
			c.value = v1;
		}
		gboolean is_nian = strcmp(written, "年") == 0;
		gboolean plain_year = !range && !qp && !sf && !post && !vb && is_nian &&
		                      is_year(v1);
		gboolean decade = is_nian && e < len && strncmp(text + e, "代", strlen("代")) == 0;
		/* 2019—2021年 is a period (dates.c), 一九九八年 a year */
		if (plain_year || decade || (n1.cn && is_nian && v1 >= 1000) ||
		    (is_nian && range && is_year(v1) && is_year(v2)))
			return reject(lo_m, hi_m, mult_text, written, base);
		/* 一个, 一批, 一次, 一家: a lone 一 before a counter is the article
		 * "a", not a count worth annotating. */
		if (n1.cn && !range && strcmp(dim, "count") == 0 &&
		    n1.ne - n1.ns == strlen("一") && strncmp(text + n1.ns, "一", n1.ne - n1.ns) == 0)
			return reject(lo_m, hi_m, mult_text, written, base);
		int count = 1;
		if (times) {
			double cv = 0;
			if (!qk_norm_ar_value(text + cs, (gssize)(ce - cs), &cv) || cv < 1)
				return reject(lo_m, hi_m, mult_text, written, base);
			count = (int)cv;
			c.count = count;
		}
		if (!isfinite(v1 * factor * count) || (range && !isfinite(v2 * factor)))
			return reject(lo_m, hi_m, mult_text, written, base); /* beyond a double */
		c.unit = written;
		c.has_base = TRUE;
		c.base_value = v1 * factor * count;
		c.base_high = v2 * factor;
		c.base_unit = base;
		if (strcmp(dim, "percent") == 0 || strcmp(dim, "permille") == 0)
			c.kind = "percent";
		else if (strcmp(dim, "points") == 0)
			c.kind = "ratio-points";
		else
			c.kind = "quantity";
		gboolean q = c.kind[0] == 'q';
		char *lo = qk_norm_format_number(q ? c.base_value : v1);
		if (range) {
			char *hi = qk_norm_format_number(q ? v2 * factor : v2);
			c.norm = g_strdup_printf("%s—%s%s", lo, hi, q ? base : written);
			g_free(hi);
		} else {
			c.norm = g_strdup_printf("%s%s", lo, q ? base : written);
		}
		g_free(lo);
	} else {
		if (times || per)
			return reject(lo_m, hi_m, mult_text, NULL, NULL);
		c.kind = "number";
		c.value = v1 * mult;
		c.value_high = v2 * mult;
		if (!isfinite(c.value) || (range && !isfinite(c.value_high)))
			return reject(lo_m, hi_m, mult_text, NULL, NULL);
		char *lo = qk_norm_format_number(c.value);
		if (range) {
			char *hi = qk_norm_format_number(c.value_high);
			c.norm = g_strdup_printf("%s—%s", lo, hi);
			g_free(hi);
		} else {
			c.norm = g_strdup(lo);
		}
		g_free(lo);
	}
	GString *q = g_string_new(NULL);
	gboolean rate = strcmp(c.kind, "percent") == 0 || strcmp(c.kind, "ratio-points") == 0;
	if (vb) {
		if (rate)
			join_q(q, verb_qualifier(text + vs, ve - vs));
		else if (!per)
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
	g_string_free(lo_m, TRUE);
	g_string_free(hi_m, TRUE);
	g_string_free(mult_text, TRUE);
	qk_norm_add(data, &c);
	return TRUE;
}

static gboolean fraction_found(QkNormalizer *n, const pcre2_code *re,
                               const char *text, gsize len, gsize s, gsize e,
                               void *data)
{
	(void)len;
	gsize a = 0, b = 0, vs = 0, ve = 0, qs = 0, qe = 0;
	double num = 0, den = 0;
	gboolean ok;
	if (qk_norm_group(n, re, "d", &a, &b)) {
		ok = qk_norm_span_value(text + a, b - a, &den) &&
		     qk_norm_group(n, re, "nn", &a, &b) &&
		     qk_norm_span_value(text + a, b - a, &num);
	} else {
		ok = qk_norm_group(n, re, "an", &a, &b) &&
		     qk_norm_ar_value(text + a, (gssize)(b - a), &num) &&
		     qk_norm_group(n, re, "ad", &a, &b) &&
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
	gboolean vb = qk_norm_group(n, re, "vb", &vs, &ve);
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
	if (qk_norm_group(n, re, "qp", &qs, &qe))
		join_q(q, qk_norm_qualifier(text + qs, qe - qs));
	c.qualifier = q->len ? g_string_free(q, FALSE) : (g_string_free(q, TRUE), NULL);
	qk_norm_add(data, &c);
	return TRUE;
}

static gboolean ordinal_found(QkNormalizer *n, const pcre2_code *re,
                              const char *text, gsize len, gsize s, gsize e,
                              void *data)
{
	gsize a = 0, b = 0;
	double v = 0;
	if (!qk_norm_group(n, re, "n", &a, &b) ||
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
	if (qk_norm_group(n, re, "u", &a, &b)) {
		c.unit = g_strndup(text + a, b - a);
		c.norm = g_strdup_printf("第%s%s", vs, c.unit);
	} else {
		c.norm = g_strdup_printf("第%s", vs);
	}
	g_free(vs);
	qk_norm_add(data, &c);
	return TRUE;
}

/* What a quantity can start with: a rate's base (每), a verb of change, a
 * qualifier, a sign or a numeral. The pattern's leading lookahead and the
 * scan's first-character filter (qk_norm_compile_first) are this one set. */
#define QUANTITY_FIRST_WORDS "每同负增提上下减降回涨大约将接近超逾不突－−" QK_RE_CNCHARS
#define QUANTITY_FIRST "0-9\\-" QUANTITY_FIRST_WORDS
#define QUANTITY_FIRST_CHARS "0123456789-" QUANTITY_FIRST_WORDS

gboolean qk_norm_compile_quantities(QkNormalizer *n, GError **error)
{
	char *units = qk_norm_units_regex(n);
	/* Arabic digits, maybe with a sign, maybe with orders inside (7万6千,
	 * 3亿5千万, 6万8); Chinese numerals, maybe with a decimal part (四点二). */
	const char *armix = "[-－−]?" QK_RE_AR "(?:(?:亿|万|千)[0-9]+(?:\\.[0-9]+)?(?:千万|百万|千|百|万)?)*";
	const char *cndec = QK_RE_CN "(?:点[〇零一二三四五六七八九]{1,8}(?:万亿|亿|万)?)?";
	/* the numbers, like the units, are subroutines the branches call (a
	 * capture around a call takes what the call matched; PCRE2 backtracks
	 * into a call as into the text it stands for): written out in every
	 * branch, they made the pattern twice as long to compile and JIT-compile
	 * (7 M instructions of every issue's normalizer) */
	char *numbers = g_strdup_printf("(?<armix>%s)(?<cndec>%s)(?<mult>" QK_RE_MULT ")",
	                                armix, cndec);
	const char *num1 = "(?:" QK_RE_NB "(?<a1>(?&armix))(?<x1>(?&mult))??"
	                   "|(?<![" QK_RE_CNCHARS "])(?<c1>(?&cndec)))";
	const char *num2 = "(?:(?<a2>(?&armix))(?<x2>(?&mult))??|(?<c2>(?&cndec)))";
	/* PCRE2 takes the first match, not the longest: the branches go from
	 * most to least complete (range with units, range with unit, single
	 * with unit, range, single) so that 2万至3万元 and 80万方 are not cut
	 * short. Before the number: a rate's base (每亩增收300元 = 300 元/亩),
	 * a verb of change, a qualifier, a count (2×35万千瓦). */
	const char *u = "(?<u>(?&unit)(?:/(?&unit))?)";
	const char *u1 = "(?<u1>(?&unit)(?:/(?&unit))?)";
	/* (每亩节约用水50立方米: a few words may come between) */
	const char *per = "(?:每(?<pu>亩|人|户|吨|公斤|斤|平方米|千瓦时|度|头|台|辆|家)"
	                  "(?:(?!每)[\\x{4E00}-\\x{9FFF}]){0,4}?)?";
	/* (the amount after × takes num2's groups: num1's guard against a
	 * letter before it would refuse 2x60万千瓦) */
	const char *cnt = "(?<![A-Za-z0-9._@])(?<cnt>[0-9]{1,4})[ ]?[×xX*＊][ ]?";
	const char *sf = "(?<sf>余|多)?(?<x3>(?&mult))?";
	const char *qs = "(?<qs>以上|以下|左右|之多|以内|上下|多(?![了数少]))?";
	/* the units' alternation is compiled once, as a subroutine (unit) the
	 * branches call ten times over: compiling and JIT-compiling ten copies
	 * cost every worker ~3 ms */
	char *quantity = g_strdup_printf(
		"(?J)(?(DEFINE)(?<unit>%s)%s)"
		"(?=[" QUANTITY_FIRST "])"
		"%s" QK_RE_VB QK_RE_QP "(?:"
		"%s%s" QK_RE_SEP "%s%s%s"
		"|%s" QK_RE_SEP "%s%s%s%s"
		"|%s%s%s%s%s"
		"|%s%s%s%s"
		"|%s" QK_RE_SEP "%s%s%s"
		"|%s%s%s)",
		units, numbers, per,
		num1, u1, num2, u, qs,
		num1, num2, sf, u, qs,
		cnt, num2, sf, u, qs,
		num1, sf, u, qs,
		num1, num2, sf, qs,
		num1, sf, qs);
	gboolean ok = qk_norm_compile_first(n, QK_RE_QUANTITY, quantity,
	                                    QUANTITY_FIRST_CHARS, error);
	g_free(quantity);
	g_free(numbers);
	g_free(units);
	if (!ok)
		return FALSE;
	ok = qk_norm_compile(n, QK_RE_FRACTION,
		QK_RE_VB QK_RE_QP
		"(?:(?<d>" QK_RE_CN "|" QK_RE_NB QK_RE_AR ")分之(?<nn>" QK_RE_CN
		"(?:点[〇零一二三四五六七八九]{1,8})?|" QK_RE_AR ")"
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
