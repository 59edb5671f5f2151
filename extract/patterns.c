/*
 * patterns.c — the text patterns layout uses to recognise page furniture and
 * block roles (PCRE2, UTF mode), compiled once per extraction.
 */
#include "layout.h"

static const char *const pattern_src[QK_PAT_COUNT_] = {
	/* page number, possibly decorated: ·48· — 48 — 第48页 */
	[QK_PAT_PAGENUM] = "^[\\s·•\\-—–－‧]*(?:第\\s*)?(\\d{1,4})(?:\\s*页)?[\\s·•\\-—–－‧]*$",
	/* newspaper edition: 第2版 (in a header line) */
	[QK_PAT_EDITION] = "第\\s*(\\d{1,2})\\s*版",
	/* running head naming a section: ·本期特稿· */
	[QK_PAT_RUNHEAD] = "^[·•‧]\\s*([^·•‧\\d\\s][^·•‧]{0,15}?)\\s*[·•‧]$",
	/* slogan line: ·探讨经济新问题·关注社会新热点· */
	[QK_PAT_SLOGAN] = "^(?:[·•‧][^·•‧]{2,20}){2,}[·•‧]$",
	/* (下转第2版) (上接第1版) */
	[QK_PAT_CONTINUATION] = "^[（(]\\s*(?:下转|上接|转|接|续)(?:第|自)?\\s*\\d{1,3}\\s*(?:版|页)?[^）)]{0,6}[）)]$",
	/* photo caption ending: … 李小龙 摄 */
	[QK_PAT_CAPTION] = "(?:摄|摄影|供图)\\s*$|^(?:图|图片)\\s*\\d*\\s*[:：]",
	/* source line: 文章来源：… 资料来源：… */
	[QK_PAT_SOURCE] = "^\\s*(?:文章来源|资料来源|数据来源|来源)\\s*[:：]",
	/* editor's note */
	[QK_PAT_NOTE] = "^\\s*[【\\[〔]?\\s*(?:编者按|编者话|编者的话|编后语|编后)\\s*[】\\]〕]?\\s*[:：]?",
	/* byline openings */
	[QK_PAT_BYLINE] = "^\\s*(?:本报记者|本报通讯员|本刊记者|本刊特约记者|本刊评论员|本刊编辑部|特约记者|记者(?!\\s*[:：])|通讯员(?!\\s*[:：])|文\\s*[/／]|作者\\s*[:：]|撰文|■|□|◎|本报讯\\s*[（(])",
	/* numbered heading: 一、 （一） 1. （1） */
	[QK_PAT_HEADNUM] = "^\\s*(?:[一二三四五六七八九十]{1,3}\\s*[、.．]|[（(]\\s*[一二三四五六七八九十]{1,3}\\s*[)）]|\\d{1,2}\\s*[、．.](?!\\d)|[（(]\\d{1,2}[)）]|\\d{1,2}(?:\\.\\d{1,2}){1,2}\\s)",
	/* table of contents title */
	[QK_PAT_TOC_TITLE] = "^\\s*(?:目\\s*录|本\\s*期\\s*目\\s*录|CONTENTS|Contents)\\s*$",
	/* imprint and masthead lines */
	[QK_PAT_MASTHEAD] = "国内统一连续出版物号|CN\\s*\\d{2}\\s*[-—－–]\\s*\\d{4}|ISSN|邮发代号|主\\s*管\\s*[:：]|主\\s*办\\s*[:：]|编辑委员会|主\\s*编\\s*[:：]|出\\s*版\\s*[:：]|印\\s*刷\\s*[:：]|定\\s*价|社\\s*址|机关报|今日\\s*[一二三四五六七八九十\\d]+\\s*版|总第\\s*\\d+\\s*期|^\\s*第\\s*\\d+\\s*期|农历|星期[一二三四五六日天]\\s*$",
	/* subtitle: ——学习… */
	[QK_PAT_SUBTITLE] = "^\\s*(?:——|—|－－|--|─)",
	/* a TOC entry: text ending in a page number */
	[QK_PAT_TOC_ENTRY] = "\\S.*?[\\s.…·]+\\d{1,3}\\s*$",
};

QkPatterns *qk_patterns_new(void)
{
	QkPatterns *p = g_new0(QkPatterns, 1);
	for (int i = 0; i < QK_PAT_COUNT_; i++) {
		int err = 0;
		PCRE2_SIZE off = 0;
		p->code[i] = pcre2_compile((PCRE2_SPTR)pattern_src[i], PCRE2_ZERO_TERMINATED,
		                           PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		/* the patterns are fixed: a compile failure is a programming error */
		g_assert(p->code[i]);
		/* JIT when available: roles match every block against these */
		(void)pcre2_jit_compile(p->code[i], PCRE2_JIT_COMPLETE);
	}
	p->md = pcre2_match_data_create(8, NULL);
	return p;
}

void qk_patterns_free(QkPatterns *p)
{
	if (!p)
		return;
	for (int i = 0; i < QK_PAT_COUNT_; i++)
		pcre2_code_free(p->code[i]);
	pcre2_match_data_free(p->md);
	g_free(p);
}

gboolean qk_pat_match(QkPatterns *p, QkPat pat, const char *s, char **group1)
{
	if (group1)
		*group1 = NULL;
	if (!s)
		return FALSE;
	int rc = pcre2_match(p->code[pat], (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0,
	                     p->md, NULL);
	if (rc < 0)
		return FALSE;
	if (group1 && rc > 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		if (ov[2] != PCRE2_UNSET)
			*group1 = g_strndup(s + ov[2], ov[3] - ov[2]);
	}
	return TRUE;
}
