/*
 * pagecost.c — counting what a page's content would cost (see pagecost.h).
 *
 * A small lexer over the PDF content syntax, fed a piece at a time: it
 * tells operators from operands (numbers, names, strings, arrays,
 * dictionaries), steps over comments and inline image data, and counts
 * operators, text-showing operators and string bytes. Nothing is kept.
 */
#include "pagecost.h"

#include <string.h>

typedef enum {
	LX_NORMAL, LX_COMMENT, LX_LITERAL, LX_HEX, LX_LT, LX_IMAGE
} LexState;

struct QkPageCost {
	guint64 bytes, ops, text_ops, string_bytes;
	LexState state;
	int depth;            /* of ( ) in a literal string */
	gboolean escape;      /* after a backslash in a literal string */
	char tok[4];          /* the start of the current bare token */
	gsize tok_len;        /* its whole length */
	gboolean tok_name;    /* it is a /name */
	guint32 recent;       /* the last bytes of inline image data */
	char *over;
};

QkPageCost *qk_page_cost_new(void)
{
	return g_new0(QkPageCost, 1);
}

void qk_page_cost_free(QkPageCost *c)
{
	if (!c)
		return;
	g_free(c->over);
	g_free(c);
}

QkPageCost *qk_page_cost_copy(const QkPageCost *c)
{
	QkPageCost *d = g_new(QkPageCost, 1);
	*d = *c;
	d->over = g_strdup(c->over);
	return d;
}

void qk_page_cost_restore(QkPageCost *c, const QkPageCost *saved)
{
	g_free(c->over);
	*c = *saved;
	c->over = g_strdup(saved->over);
}

const char *qk_page_cost_over(const QkPageCost *c)
{
	return c->over;
}

/* Character classes of the PDF syntax (PDF 32000 7.2.2), by byte. */
enum { CL_REGULAR, CL_SPACE, CL_DELIM };
static const guint8 char_class[256] = {
	[0] = CL_SPACE, ['\t'] = CL_SPACE, ['\n'] = CL_SPACE, ['\f'] = CL_SPACE,
	['\r'] = CL_SPACE, [' '] = CL_SPACE,
	['('] = CL_DELIM, [')'] = CL_DELIM, ['<'] = CL_DELIM, ['>'] = CL_DELIM,
	['['] = CL_DELIM, [']'] = CL_DELIM, ['{'] = CL_DELIM, ['}'] = CL_DELIM,
	['/'] = CL_DELIM, ['%'] = CL_DELIM,
};

static gboolean is_space(guint8 ch)
{
	return char_class[ch] == CL_SPACE;
}

static gboolean is_delim(guint8 ch)
{
	return char_class[ch] == CL_DELIM;
}

static void check_bounds(QkPageCost *c)
{
	if (c->over)
		return;
	if (c->bytes > QK_PAGE_MAX_CONTENT)
		c->over = g_strdup_printf("more than %u MB of content", QK_PAGE_MAX_CONTENT >> 20);
	else if (c->ops > QK_PAGE_MAX_OPERATORS)
		c->over = g_strdup_printf("more than %u operators", QK_PAGE_MAX_OPERATORS);
	else if (c->text_ops > QK_PAGE_MAX_TEXT_OPS)
		c->over = g_strdup_printf("more than %u text operators", QK_PAGE_MAX_TEXT_OPS);
	else if (c->string_bytes > QK_PAGE_MAX_STRING_BYTES)
		c->over = g_strdup_printf("more than %u bytes of text", QK_PAGE_MAX_STRING_BYTES);
}

/* A bare token ended: an operator unless it is a number, a name or a
 * keyword operand. */
static void end_token(QkPageCost *c)
{
	gsize n = c->tok_len;
	const char *t = c->tok;
	gboolean operand = c->tok_name || n == 0 || g_ascii_isdigit(t[0]) ||
	                   t[0] == '+' || t[0] == '-' || t[0] == '.' ||
	                   (n == 4 && (memcmp(t, "true", 4) == 0 || memcmp(t, "null", 4) == 0));
	if (n == 5 && memcmp(t, "fals", 4) == 0)   /* only 4 bytes are kept */
		operand = TRUE;
	if (!operand) {
		c->ops++;
		if ((n == 2 && t[0] == 'T' && (t[1] == 'j' || t[1] == 'J')) ||
		    (n == 1 && (t[0] == '\'' || t[0] == '"')))
			c->text_ops++;
		if (n == 2 && t[0] == 'I' && t[1] == 'D') {
			c->state = LX_IMAGE;
			c->recent = 0;
		}
	}
	c->tok_len = 0;
	c->tok_name = FALSE;
}

static inline void lex(QkPageCost *c, guint8 ch)
{
	switch (c->state) {
	case LX_COMMENT:
		if (ch == '\n' || ch == '\r')
			c->state = LX_NORMAL;
		return;
	case LX_LITERAL:
		c->string_bytes++;
		if (c->escape)
			c->escape = FALSE;
		else if (ch == '\\')
			c->escape = TRUE;
		else if (ch == '(')
			c->depth++;
		else if (ch == ')' && --c->depth == 0)
			c->state = LX_NORMAL;
		return;
	case LX_HEX:
		if (ch == '>')
			c->state = LX_NORMAL;
		else if (!is_space(ch))
			c->string_bytes++;   /* two digits a byte: an upper bound */
		return;
	case LX_IMAGE:
		/* binary data up to "EI" between white space */
		c->recent = (c->recent << 8) | ch;
		if (is_space((guint8)(c->recent >> 24)) && ((c->recent >> 16) & 0xff) == 'E' &&
		    ((c->recent >> 8) & 0xff) == 'I' && (is_space(ch) || is_delim(ch)))
			c->state = LX_NORMAL;
		return;
	case LX_LT:
		c->state = LX_NORMAL;
		if (ch == '<')      /* a dictionary */
			return;
		c->state = LX_HEX;
		lex(c, ch);
		return;
	case LX_NORMAL:
		break;
	}
	if (is_space(ch) || is_delim(ch)) {
		if (c->tok_len || c->tok_name)
			end_token(c);
		if (ch == '%')
			c->state = LX_COMMENT;
		else if (ch == '(') {
			c->state = LX_LITERAL;
			c->depth = 1;
		} else if (ch == '<')
			c->state = LX_LT;
		else if (ch == '/')
			c->tok_name = TRUE;
		return;
	}
	if (c->tok_len < sizeof c->tok)
		c->tok[c->tok_len] = (char)ch;
	c->tok_len++;
}

gboolean qk_page_cost_piece(QkPageCost *c, const guint8 *data, gsize len)
{
	if (c->over)
		return FALSE;
	for (gsize i = 0; i < len; i++)
		lex(c, data[i]);
	c->bytes += len;
	check_bounds(c);
	return c->over == NULL;
}

gboolean qk_page_cost_feed(QkPageCost *c, const guint8 *data, gsize len)
{
	if (!qk_page_cost_piece(c, data, len))
		return FALSE;
	/* a stream ends a token: streams of a page are split anywhere but
	 * at a token (PDF 32000 7.8.2) */
	if (c->state == LX_NORMAL && (c->tok_len || c->tok_name))
		end_token(c);
	check_bounds(c);
	return c->over == NULL;
}
