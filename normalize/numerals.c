/* numerals.c — Chinese and Arabic numerals to numbers. */
#include <math.h>
#include <string.h>

#include "norm.h"

int qk_norm_cn_digit(gunichar c)
{
	switch (c) {
	case 0x3007: /* 〇 */ case 0x96F6: /* 零 */ return 0;
	case 0x4E00: /* 一 */ case 0x58F9: /* 壹 */ return 1;
	case 0x4E8C: /* 二 */ case 0x4E24: /* 两 */ case 0x8D30: /* 贰 */ return 2;
	case 0x4E09: /* 三 */ case 0x53C1: /* 叁 */ return 3;
	case 0x56DB: /* 四 */ case 0x8086: /* 肆 */ return 4;
	case 0x4E94: /* 五 */ case 0x4F0D: /* 伍 */ return 5;
	case 0x516D: /* 六 */ case 0x9646: /* 陆 */ return 6;
	case 0x4E03: /* 七 */ case 0x67D2: /* 柒 */ return 7;
	case 0x516B: /* 八 */ case 0x634C: /* 捌 */ return 8;
	case 0x4E5D: /* 九 */ case 0x7396: /* 玖 */ return 9;
	default: return -1;
	}
}

/* Positional unit below 万 (十 百 千), 0 when not one. */
static double cn_small_unit(gunichar c)
{
	switch (c) {
	case 0x5341: /* 十 */ case 0x62FE: /* 拾 */ return 10;
	case 0x767E: /* 百 */ case 0x4F70: /* 佰 */ return 100;
	case 0x5343: /* 千 */ case 0x4EDF: /* 仟 */ return 1000;
	default: return 0;
	}
}

gboolean qk_norm_cn_value(const char *s, gssize len, double *out)
{
	if (!s)
		return FALSE;
	if (len < 0)
		len = (gssize)strlen(s);
	if (len == 0 || !g_utf8_validate(s, len, NULL))
		return FALSE;
	const char *end = s + len;

	/* Digit by digit (二〇二三): only digits, at least two of them. */
	gboolean only_digits = TRUE;
	int nchars = 0;
	for (const char *p = s; p < end; p = g_utf8_next_char(p), nchars++)
		if (qk_norm_cn_digit(g_utf8_get_char(p)) < 0)
			only_digits = FALSE;
	if (only_digits) {
		if (nchars > 1 && g_utf8_get_char(s) == 0x4E24)
			return FALSE; /* 两 is never a leading digit of a digit string */
		double v = 0;
		for (const char *p = s; p < end; p = g_utf8_next_char(p))
			v = v * 10 + qk_norm_cn_digit(g_utf8_get_char(p));
		*out = v;
		return TRUE;
	}

	/* Positional: total (亿 groups done), section (below 万), pending digit. */
	double total = 0, section = 0, last_unit = 0;
	int digit = -1;
	gboolean any = FALSE, zero_seen = FALSE;
	for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		int d = qk_norm_cn_digit(c);
		double u = cn_small_unit(c);
		if (d >= 0) {
			if (digit > 0)
				return FALSE; /* two digits in a row (三四十): a range */
			if (d == 0) {
				zero_seen = TRUE;
				digit = -1;
				continue;
			}
			digit = d;
			any = TRUE;
		} else if (u > 0) {
			if (digit < 0 && (section > 0 || total > 0) && !zero_seen &&
			    last_unit > 0 && last_unit <= u)
				return FALSE; /* 十百, 千千: malformed */
			section += (digit < 0 ? 1 : digit) * u;
			digit = -1;
			last_unit = u;
			zero_seen = FALSE;
			any = TRUE;
		} else if (c == 0x5EFF || c == 0x5345) { /* 廿 卅 */
			section += (c == 0x5EFF) ? 20 : 30;
			digit = -1;
			last_unit = 10;
			any = TRUE;
		} else if (c == 0x4E07) { /* 万 */
			double part = section + (digit > 0 ? digit : 0);
			if (part == 0)
				part = 1;
			total += part * 1e4;
			section = 0;
			digit = -1;
			last_unit = 1e4;
			zero_seen = FALSE;
			any = TRUE;
		} else if (c == 0x4EBF) { /* 亿 */
			double part = total + section + (digit > 0 ? digit : 0);
			if (part == 0)
				part = 1;
			total = part * 1e8;
			section = 0;
			digit = -1;
			last_unit = 1e8;
			zero_seen = FALSE;
			any = TRUE;
		} else {
			return FALSE;
		}
	}
	if (!any)
		return FALSE;
	if (digit > 0) {
		/* 三千二 = 3200, 一万五 = 15000: a trailing digit counts in the
		 * unit below the last one, unless a 零 came between. */
		if (last_unit >= 100 && !zero_seen)
			section += digit * last_unit / 10;
		else
			section += digit;
	}
	*out = total + section;
	return isfinite(*out);
}

gboolean qk_norm_ar_value(const char *s, gssize len, double *out)
{
	if (!s)
		return FALSE;
	if (len < 0)
		len = (gssize)strlen(s);
	if (len == 0)
		return FALSE;
	GString *b = g_string_sized_new((gsize)len);
	for (gssize i = 0; i < len; i++) {
		char c = s[i];
		if (c == ',')
			continue;
		if (!g_ascii_isdigit(c) && c != '.' && !(i == 0 && (c == '-' || c == '+'))) {
			g_string_free(b, TRUE);
			return FALSE;
		}
		g_string_append_c(b, c);
	}
	char *endp = NULL;
	double v = g_ascii_strtod(b->str, &endp);
	gboolean ok = endp && *endp == '\0' && endp != b->str && isfinite(v);
	g_string_free(b, TRUE);
	if (ok)
		*out = v;
	return ok;
}

double qk_norm_mult_value(const char *s, gssize len)
{
	static const struct { const char *w; double v; } mults[] = {
		{ "万亿", 1e12 }, { "千亿", 1e11 }, { "百亿", 1e10 },
		{ "千万", 1e7 }, { "百万", 1e6 }, { "十万", 1e5 },
		{ "万", 1e4 }, { "亿", 1e8 }, { "千", 1e3 }, { "百", 1e2 },
	};
	if (!s)
		return 0;
	if (len < 0)
		len = (gssize)strlen(s);
	for (gsize i = 0; i < G_N_ELEMENTS(mults); i++)
		if (strlen(mults[i].w) == (gsize)len && memcmp(mults[i].w, s, (gsize)len) == 0)
			return mults[i].v;
	return 0;
}

char *qk_norm_format_number(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	/* 15 significant digits drop the noise of 654.81 * 1e8. */
	return g_strdup(qk_format_value(buf, v));
}

gboolean qk_norm_mixed_value(const char *s, gssize len, double *out)
{
	if (!s)
		return FALSE;
	if (len < 0)
		len = (gssize)strlen(s);
	/* As a Chinese numeral with Arabic digits: 千 百 十 build a section,
	 * 万 and 亿 multiply it (1千3百万 = 1300万, 3亿5千万 = 3.5亿). */
	const char *p = s, *end = s + len;
	double total = 0, section = 0, last = 0, small = 1e9;
	int orders = 0;
	while (p < end) {
		const char *q = p;
		while (q < end && (g_ascii_isdigit(*q) || *q == '.' || *q == ','))
			q++;
		double v = 0;
		if (q == p || !qk_norm_ar_value(p, q - p, &v))
			return FALSE;
		gboolean one_digit = q - p == 1;
		p = q;
		if (p == end) {
			/* 6万8: a last bare digit counts in the order below (68000) */
			if (last < 100 || !one_digit)
				return FALSE;
			section += v * last / 10;
			orders++;
			break;
		}
		gboolean any = FALSE;
		while (p < end) {
			gunichar c = g_utf8_get_char(p);
			double u = c == 0x5343 ? 1e3 : c == 0x767E ? 100 : c == 0x5341 ? 10 : 0;
			if (u) {
				if (u >= small)
					return FALSE; /* 5千3千: orders must fall */
				section += v * u;
				small = u;
				last = u;
			} else if (c == 0x4E07) { /* 万 */
				if (last == 1e4 || (v && section))
					return FALSE; /* 5千3万 */
				total += (section + v) * 1e4;
				section = 0;
				small = 1e9;
				last = 1e4;
			} else if (c == 0x4EBF) { /* 亿 */
				if (v && section)
					return FALSE;
				total = (total + section + v) * 1e8;
				section = 0;
				small = 1e9;
				last = 1e8;
			} else {
				break;
			}
			v = 0;
			any = TRUE;
			orders++;
			p = g_utf8_next_char(p);
		}
		if (!any)
			return FALSE;
	}
	if (orders < 2 || !isfinite(total + section))
		return FALSE;
	*out = total + section;
	return TRUE;
}

gboolean qk_norm_cn_decimal_value(const char *s, gssize len, double *out)
{
	if (!s)
		return FALSE;
	if (len < 0)
		len = (gssize)strlen(s);
	const char *end = s + len;
	const char *dot = g_strstr_len(s, len, "点");
	if (!dot || dot == s)
		return FALSE;
	double ip = 0;
	gsize il = (gsize)(dot - s);
	gunichar c0 = g_utf8_get_char(s);
	if (g_utf8_strlen(s, (gssize)il) == 1 && qk_norm_cn_digit(c0) == 0)
		ip = 0; /* 零点八 */
	else if (!qk_norm_cn_value(s, (gssize)il, &ip))
		return FALSE;
	const char *p = dot + strlen("点");
	double frac = 0, scale = 0.1;
	int digits = 0;
	while (p < end) {
		int d = qk_norm_cn_digit(g_utf8_get_char(p));
		if (d < 0 || g_utf8_get_char(p) == 0x4E24)
			break;
		frac += d * scale;
		scale /= 10;
		digits++;
		p = g_utf8_next_char(p);
	}
	if (digits == 0)
		return FALSE;
	double m = 1;
	if (p < end) {
		m = qk_norm_mult_value(p, end - p); /* 四点二亿 */
		if (m == 0)
			return FALSE;
	}
	*out = (ip + frac) * m;
	return isfinite(*out);
}

gboolean qk_norm_cn_approx(const char *s, gssize len, double *lo, double *hi)
{
	if (!s)
		return FALSE;
	if (len < 0)
		len = (gssize)strlen(s);
	const char *end = s + len;
	const char *p = s;
	if (p >= end)
		return FALSE;
	gunichar a = g_utf8_get_char(p);
	p = g_utf8_next_char(p);
	if (p >= end)
		return FALSE;
	gunichar b = g_utf8_get_char(p);
	p = g_utf8_next_char(p);
	int x = qk_norm_cn_digit(a), y = qk_norm_cn_digit(b);
	/* 三四, 四五十, 一两, 两三: neighbours, the second one more */
	if (x <= 0 || y <= 0 || y != x + 1 || (a == 0x4E24 && x != 2) ||
	    (b == 0x4E24 && a != 0x4E00))
		return FALSE;
	double unit = 1;
	if (p < end) {
		unit = cn_small_unit(g_utf8_get_char(p));
		if (g_utf8_get_char(p) == 0x4E07)
			unit = 1e4;
		if (unit == 0 || g_utf8_next_char(p) != end)
			return FALSE;
	}
	*lo = x * unit;
	*hi = y * unit;
	return TRUE;
}
