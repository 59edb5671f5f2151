/*
 * test_ocr.c — scanned pages read with OCR, end to end: `qikan run` on an
 * image-only PDF (samples/scans/mini-p4-5-150dpi.pdf: the mini sample's
 * 目录 and first article page, rendered at 150 dpi and degraded by
 * scripts/make-scans) writes articles and a TOC, and the model records
 * the OCR per page; --ocr=never keeps the pages scanned and empty; a bad
 * --ocr value or a missing language model is said in one line. Two pages
 * only: OCR takes seconds a page.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <CUnit/Basic.h>
#include "fileio.h"
#include "qkrun.h"

#define SCAN "scans/mini-p4-5-150dpi.pdf"

static char *tmpdir;

static char *sample(const char *name)
{
	return g_build_filename(g_getenv("QK_SAMPLES"), name, NULL);
}

/* `qikan run` on samples/scans/NAME.pdf: the text of its output file
 * (NULL when missing) */
static char *run_scan(const char *name, const char *file)
{
	char *base = g_strconcat("scans/", name, ".pdf", NULL);
	char *pdf = sample(base);
	char *out = g_build_filename(tmpdir, name, NULL);
	QkRun r = qk_test_runl(NULL, "run", "--ocr=auto", pdf, "-o", out, "--jobs", "1", NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	char *dir = g_build_filename(out, name, NULL);
	char *text = qk_test_read_text(dir, file);
	qk_run_clear(&r);
	g_free(dir);
	g_free(out);
	g_free(pdf);
	g_free(base);
	return text;
}

/* The text of file in the output of the last run_scan of NAME (NULL
 * when missing) */
static char *scan_output(const char *name, const char *file)
{
	char *dir = g_build_filename(tmpdir, name, name, NULL);
	char *text = qk_test_read_text(dir, file);
	g_free(dir);
	return text;
}

/* `qikan extract` on samples/scans/NAME.pdf */
static QkRun extract_scan(const char *name)
{
	QkRun r = qk_test_extract_scan(name);
	CU_ASSERT_EQUAL(r.status, 0);
	return r;
}

static void test_run_scanned_issue(void)
{
	char *pdf = sample(SCAN);
	char *out = g_build_filename(tmpdir, "run", NULL);
	char *dir = g_build_filename(out, "mini-p4-5-150dpi", NULL);
	QkRun r = qk_test_runl(NULL, "run", "--ocr=auto", pdf, "-o", out, "--jobs", "1", "--threads", "2",
	                       NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	char *xml = qk_test_read_text(dir, "issue.xml");
	char *articles = qk_test_read_text(dir, "articles.csv");
	char *toc = qk_test_read_text(dir, "toc.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_PTR_NOT_NULL_FATAL(articles);
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	/* both pages read with OCR at the scan's own resolution */
	char **pages = g_strsplit(xml, "scanned=\"true\" ocr-dpi=\"150\" ocr-confidence=\"", -1);
	CU_ASSERT_EQUAL(g_strv_length(pages), 3);
	g_strfreev(pages);
	/* the article of page 2, its whole title (with Otsu's global
	 * threshold its closing quote was read as a dash) and a sentence of
	 * its body */
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "园区里的“追光者”"));
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "清晨七点"));
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "一边核对单据"));
	/* the 目录's entries, with their printed pages */
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "把握新机遇"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "县域特色农业如何走出"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",5,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",6,"));
	/* the article page's folio ·3· (6 points, dropped by the page's
	 * reading, read again in its band, its dots read as ° and *) is its
	 * label and furniture: the article starts on printed page 3, and
	 * the TOC's entry for page 3 links to it */
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<page index=\"2\" width=\"595.68\" height=\"841.92\" label=\"3\""));
	/* its subtitle's dash read -一 (a hyphen and 一) is the dash again,
	 * so the line is the subtitle, not the body's first paragraph */
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "a1,本期特稿,园区里的“追光者”,——朔州新能源产业走访记,卫小宁,3,3,2,2,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",3,2,a1,"));
	/* the 目录's section bullets (◆, which Tesseract reads as 令 or 售)
	 * found in the image as solid marks, so sections and entries come
	 * apart; the page reference 孙涛(1) (read 孙涛(])) ends its entry */
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "卷首语,把握新机遇 迈出新步伐,孙涛,1,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "\n本期特稿,园区里的“追光者”,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "\n经济社会,县域特色农业如何走出"));
	g_free(xml);
	g_free(articles);
	g_free(toc);
	qk_run_clear(&r);
	g_free(dir);
	g_free(out);
	g_free(pdf);
}

/* chromium-mag-01's pages 3-4 at 200 dpi: Tesseract reads its photo's
 * edges as a few characters it is hardly sure of (总, & -), which were
 * glued to a heading and a caption of the article beside it */
static void test_photo_junk_dropped(void)
{
	char *articles = run_scan("chromium-mag-01-p3-4-200dpi", "articles.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(articles);
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "施工人员在项目现"));
	CU_ASSERT_PTR_NOT_NULL(strstr(articles, "二、新能源占比不断提"));
	CU_ASSERT_PTR_NULL(strstr(articles, "不断提总"));
	CU_ASSERT_PTR_NULL(strstr(articles, "& -施工"));
	g_free(articles);
}

/* corpus/dev/xelatex-mag-07's 目录 page at 200 dpi, alone. Tesseract
 * read its letter-spaced 20 pt title 目  录 as 三 (so no TOC was found),
 * put a quote mark in the blank between a title and its author (发展”戎建仁),
 * drifted the author into the title (正当时雷华), read the dash —— as 一,
 * and dropped the column of page references (1)…(6) at the rows' ends */
static void test_scanned_toc_page(void)
{
	char *toc = run_scan("xelatex-mag-07-p2-2-200dpi", "toc.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "改革探索,让“小网格”托起“大民生”,秦学军,1,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "改革探索,以法治之力护航民营经济发展,戎建仁,2,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "经济观察,盛会落幕处奋进正当时,雷华,4,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "基层工作,文旅融合激活塞上发展新动能,石生华;孟洁,5,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",选好“领头雁”带富一方人——我市推进新型工业化的实践与思考,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",新型储能：为新能源装上“稳定器”,卢生权,7,"));
	g_free(toc);
}

/* corpus/dev/libreoffice-mag-10's 目录 page at 200 dpi, alone: rows of
 * typed dot leaders between each entry's author and its page. Tesseract
 * read the dots as characters (秦学军：全生生2, 卢生权全有且和全生生全说全)
 * and the titles beside them went wrong too (新型储能：为新能源装上“稳定器”
 * read 新至睛能 居为新能源装于：稳定往：), so no entry had its author and
 * page */
static void test_scanned_dot_leaders(void)
{
	char *toc = run_scan("libreoffice-mag-10-p2-2-200dpi", "toc.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "改革探索,畅通县域商业血脉释放农村消费潜力,漆蓝,5,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "产业发展,新型储能：为新能源装上“稳定器”,卢生权,8,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "本期特稿,干部教育培训要防止“三种倾向”,冯珊,13,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, "让“小网格”托起“大民生”,秦学军,4,"));
	CU_ASSERT_PTR_NULL(strstr(toc, "全生生"));
	g_free(toc);
}

/* corpus/dev/chromium-mag-02's page 6 at 200 dpi: two columns whose
 * baselines drift apart. Tesseract ran lines across the gutter over a
 * row of each column, 19.5 pt tall, so 除应县、右玉县外其余县区… became a
 * title (read 宇和右玉县外…) and so did a caption (农机手灸驶收割因间抢收);
 * each piece of such a line now takes its own row */
static void test_rows_across_a_gutter(void)
{
	QkRun r = extract_scan("chromium-mag-02-p6-6-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "右玉县外其余县区均为负增长。二是投资增长乏</line>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "农机手罚驶收割机在田间抢收"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "宇和右玉县"));
	qk_run_clear(&r);
}

/* corpus/dev/libreoffice-mag-16's page 4, cut (pdfseparate) from its
 * 200 dpi scan: three columns about an em apart, the middle one half a
 * row off the others under its heading. Tesseract's layout took the
 * middle and right columns for one and interleaved their rows
 * (知。，以、以农农业业生生产7托托管和管土地流于：, 和土交流置补贴力度);
 * the band beside the gutter it ran lines across is read again a column
 * at a time (extract/ocrgutter.c) */
static void test_columns_run_together(void)
{
	static const char *const rows[] = {
		">以农业生产托管和土地流</line>", ">区集中，建设一批集中连片的</line>",
		">玉燕麦”等区域公用品牌的知</line>", ">置补贴力度，培育专业化的农</line>",
	}, *const junk[] = { "以农农业", "和土交流" };
	QkRun r = extract_scan("libreoffice-mag-16-p4-200dpi");
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(r.out, rows[i]));
	for (guint i = 0; i < G_N_ELEMENTS(junk); i++)
		CU_ASSERT_PTR_NULL(strstr(r.out, junk[i]));
	qk_run_clear(&r);
}

/* corpus/dev/weasyprint-mag-113's page 3, cut (pdfseparate) from its
 * 200 dpi scan (scripts/make-scans -r 200): Tesseract took a column's
 * row with the top of the row under it for one line and read
 * 数以千万吨计。这些固废如果处置不 as 这这些固度如采处置不 at 18.5 pt, and
 * 尘、水体污染等环境问题。近年来， as 本近年来，; such rows are read again
 * alone */
static void test_two_rows_read_as_one(void)
{
	QkRun r = extract_scan("weasyprint-mag-113-p3-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">数以千万吨计。这些固废如果处置不</line>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "问题。近年来，"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "这这些固度"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "本近年来"));
	qk_run_clear(&r);
}

/* the mini sample's 卷首语 page (pdf 3) cut from its 300 dpi scan: the
 * page read its folio ·1· as 全, and the folio read again alone came back
 * empty (Tesseract reads ·1· with its dots, and a 1 on an engine that has
 * read a page, as nothing), so the page had no label and its article was
 * lost (mini at 300 dpi: article CER 21 %) */
static void test_folio_at_300_dpi(void)
{
	QkRun r = extract_scan("mini-p3-3-300dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "ocr-dpi=\"300\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "label=\"1\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "把握新机遇迈出新步伐"));
	qk_run_clear(&r);
}

/* corpus/dev/chromium-mag-135's pages 7-8 cut from its 200 dpi scan
 * (qpdf --pages . 7-8): folios set between dashes, — 7 — and — 8 —, were
 * read 1 and 天生：偶呈 (the second a running head), so neither page had
 * its label and the articles opening there had no first page (the issue
 * at 200 dpi: articles F1 0.11) */
static void test_folio_between_dashes(void)
{
	QkRun r = extract_scan("chromium-mag-135-p7-8-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<page index=\"1\" width=\"420.12\" height=\"595.08\" label=\"7\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<page index=\"2\" width=\"420.12\" height=\"595.08\" label=\"8\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">— 8 —</line>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "天生"));
	qk_run_clear(&r);
}

/* corpus/dev/weasyprint-mag-113's page 7 cut from its 200 dpi scan (qpdf
 * --pages . 7): a clean folio 5 alone at the bottom, under a short page's
 * text, which the page's engine read as nothing even alone with only
 * digits allowed; the page had no label and the notice opening there
 * (征稿启事) no first page. The digits engine reads it, as it reads the
 * bands' folios */
static void test_lone_folio_in_band(void)
{
	QkRun r = extract_scan("weasyprint-mag-113-p7-200dpi");
	const char *f = strstr(r.out, "furniture=\"page-number\"");
	CU_ASSERT_PTR_NOT_NULL(f);
	CU_ASSERT(f && strstr(f, ">5</line>") != NULL);
	qk_run_clear(&r);
}

/* corpus/dev/xelatex-mag-07's page 6 from its 200 dpi scan: the byline
 * □雷华's hollow box was read 口, so the author came out 口雷华 */
static void test_hollow_box_byline(void)
{
	QkRun r = extract_scan("xelatex-mag-07-p6-6-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">□雷华</line>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "口雷华"));
	qk_run_clear(&r);
}

/* the mini sample's pages 7 and 8 cut from its 200 dpi scan: the running
 * head ·经济社会· read as 经济社会。 was body text (and went into the
 * article); the unruled table's lower header line came as one run across
 * its four columns (OCR closes the blank after a full-width mark), so the
 * table had no header and its title and header went into the article; the
 * ruled table's note 注：… stood 1.6 em under the table's bottom rule as
 * the scan shows it (0.8 em in the PDF), so it was left to the page and
 * went into the article before (mini at 200 dpi: article CER 6.0 %) */
static void test_misread_marks_around_text(void)
{
	QkRun r = extract_scan("mini-p7-8-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "furniture=\"running-head\" section=\"经济社会\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "rows=\"5\" cols=\"5\" header-rows=\"2\">\n"
	                                     "      <title>两县特色产业基本情况</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<cell row=\"1\" col=\"1\" header=\"true\">面积（万亩）</cell>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<cell row=\"1\" col=\"4\" header=\"true\">产值（亿元）</cell>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, ">面积（万亩）产值"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "<note>注：按照省统计局要求，规上工业增加值绝对量不予以公布。</note>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "bold=\"true\">注：按照"));
	qk_run_clear(&r);
}

/* chromium-mag-01's pages 3-4 at 200 dpi: the bylines 文／王晓东 and
 * □ 刘贵龙, small and light, were read 文 王晓东 (the slash lost) and
 * 口 刘焉龙 (the box a character, 贵 misread); read again alone, their
 * marks from the ink, they are what was printed */
static void test_bylines_read_again(void)
{
	QkRun r = extract_scan("chromium-mag-01-p3-4-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">文／王晓东</line>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">□ 刘贵龙</line>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "刘焉龙"));
	qk_run_clear(&r);
}

/* chromium-mag-01's pages 8-9 at 200 dpi: Debian's chi_sim read the
 * byline □ 刘鑫 付丽娜 刘丛付丽娜 (or 刘侈付丽娜 in the whole issue's scan)
 * at every size; the names model (scripts/names-model installs it) reads
 * 刘鑫, and the six readings vote character by character. The names model
 * alone is no better: in the whole issue's scan it read 冯燕静 冯憎静 at
 * two sizes of three, and Debian's readings outvote it. Without the names
 * model (QK_OCR_NAMES_MODEL empty) the page's engine reads alone, as
 * before. */
static void test_names_voted(void)
{
	QkRun r = extract_scan("chromium-mag-01-p8-9-200dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "鑫付丽娜</line>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">冯燕静</line>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "丛付丽娜"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "侈付丽娜"));
	qk_run_clear(&r);
	char *model = g_strdup(g_getenv("QK_OCR_NAMES_MODEL"));
	g_setenv("QK_OCR_NAMES_MODEL", "", TRUE);
	r = extract_scan("chromium-mag-01-p8-9-200dpi");
	if (model)
		g_setenv("QK_OCR_NAMES_MODEL", model, TRUE);
	else
		g_unsetenv("QK_OCR_NAMES_MODEL");
	g_free(model);
	CU_ASSERT_PTR_NULL(strstr(r.out, "鑫付丽娜"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">冯燕静</line>"));
	qk_run_clear(&r);
}

/* corpus/dev/libreoffice-mag-13's 目录 page and page 5 from its 200 dpi
 * scan (qpdf --pages . 2,5): the TOC read 大数据“慧眼”揪出套牌“硕电” by
 * 姜东 梁奶, the headline 大数据“慧眼”掀出套牌“硕鼠” by 梁妮; each
 * reading has the characters the other missed, with the higher
 * confidence */
static void test_title_read_twice(void)
{
	char *toc = run_scan("libreoffice-mag-13-p2-p5-200dpi", "toc.csv");
	/* the same run's articles */
	char *arts = scan_output("libreoffice-mag-13-p2-p5-200dpi", "articles.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(toc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(arts);
	CU_ASSERT_PTR_NOT_NULL(strstr(toc, ",大数据“慧眼”揪出套牌“硕鼠”,姜东;梁妮,5,2,a1,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(arts, ",大数据“慧眼”揪出套牌“硕鼠”,,姜东;梁妮,"));
	g_free(toc);
	g_free(arts);
}

/* the mini sample's 目录 page (pdf 4) cut from its 150 dpi scan
 * (make-scans -r 150, then qpdf --pages . 4): a closing quote read as *
 * (园区里的“追光者*), a dash read with a hyphen before it (困境-——来自) */
static void test_quote_and_dash_marks(void)
{
	QkRun r = extract_scan("mini-p4-4-150dpi");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">园区里的“追光者”</line>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "——来自应县和右玉的两份调查</line>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "-——"));
	qk_run_clear(&r);
}

/* corpus/dev/xelatex-mag-07's page 8 cut (pdfseparate) from its 200 dpi
 * scan: the kicker 聚焦高质量发展 sits 3 pt over the headline
 * 选好“领头雁”带富一方人, and Tesseract's line for it took the tops of the
 * headline's quotes: its symbols as tall as the line, 16.5 pt for 9, so
 * layout made kicker and headline one title (聚焦高质量发民选好“领头雁”…).
 * The kicker's line now takes its own rows of ink. */
static void test_kicker_over_quotes(void)
{
	char *arts = run_scan("xelatex-mag-07-p8-8-200dpi", "articles.csv");
	char *xml = scan_output("xelatex-mag-07-p8-8-200dpi", "issue.xml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(arts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_PTR_NOT_NULL(strstr(arts, "\na1,,选好“领头雁”带富一方人,——我市推进新型工业化的实践与思考,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<kicker>聚焦高质量发"));
	CU_ASSERT_PTR_NULL(strstr(xml, "size=\"16.50\""));
	g_free(arts);
	g_free(xml);
}

/* the mini sample's 卷首语 page (pdf 3) cut from its 300 dpi scan: the
 * subtitle ——写在岁末年初 (12 pt) and the byline 孙涛 (10.5 pt) under it are
 * one size on the scan, and layout kept them in one subtitle block, so
 * the article had no author; the block's last line alone is the byline */
static void test_byline_under_subtitle(void)
{
	char *arts = run_scan("mini-p3-3-300dpi", "articles.csv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(arts);
	CU_ASSERT_PTR_NOT_NULL(strstr(arts, ",把握新机遇迈出新步伐,——写在岁末年初,孙涛,1,1,"));
	g_free(arts);
}

/* the mini sample's 卷首语 page at 150 dpi (samples/scans/mini-p3-3-150dpi):
 * the subtitle's dash ——, one stroke two ems long, read as one _ at this
 * resolution (_写在岁未年初); from the stroke's ink it is —— again, and the
 * line is the subtitle it is, not a heading of the article */
static void test_dash_read_as_underscore(void)
{
	QkRun r = extract_scan("mini-p3-3-150dpi");
	const char *line = strstr(r.out, "写在岁");
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, ">——写在岁"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "_写在"));
	const char *block = g_strrstr_len(r.out, line - r.out, "<block ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(block);
	CU_ASSERT_TRUE(g_str_has_prefix(strstr(block, "role="), "role=\"subtitle\""));
	qk_run_clear(&r);
}

static void test_never_is_todays_behaviour(void)
{
	char *pdf = sample(SCAN);
	QkRun r = qk_test_runl(NULL, "extract", "--ocr=never", pdf, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "scanned=\"true\"/>"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "ocr-dpi"));
	CU_ASSERT_PTR_NULL(strstr(r.out, "<block"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "warning: page 2: page 2 has images but no text layer (scanned?)"));
	qk_run_clear(&r);
	g_free(pdf);
}

static void test_bad_options(void)
{
	char *pdf = sample(SCAN);
	QkRun r = qk_test_runl(NULL, "extract", "--ocr=maybe", pdf, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	CU_ASSERT_EQUAL(qk_test_count_lines(r.err), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "--ocr must be auto, never or force, not 'maybe'"));
	qk_run_clear(&r);
	r = qk_test_runl(NULL, "run", "--ocr=sometimes", pdf, "-o", tmpdir, NULL);
	CU_ASSERT_EQUAL(r.status, 2);
	qk_run_clear(&r);
	/* a model that is not installed: the pages stay scanned, one warning
	 * each naming the model, and the issue is still written */
	r = qk_test_runl(NULL, "extract", "--ocr=auto", "--ocr-lang=qk_nonesuch", pdf, NULL);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "warning: page 1: page 1 not read with OCR: "
	                                     "OCR unavailable: no Tesseract model for 'qk_nonesuch'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.out, "scanned=\"true\"/>"));
	qk_run_clear(&r);
	g_free(pdf);
}

int main(void)
{
	tmpdir = g_dir_make_tmp("qk-ocr-XXXXXX", NULL);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("ocr", NULL, NULL);
	CU_add_test(s, "qikan run on an image-only issue", test_run_scanned_issue);
	CU_add_test(s, "photo read as junk is dropped", test_photo_junk_dropped);
	CU_add_test(s, "a scanned TOC page", test_scanned_toc_page);
	CU_add_test(s, "dot leaders on a scanned TOC page", test_scanned_dot_leaders);
	CU_add_test(s, "lines run across a gutter take their own rows", test_rows_across_a_gutter);
	CU_add_test(s, "two rows read as one line are read again", test_two_rows_read_as_one);
	CU_add_test(s, "columns run together are read a column at a time", test_columns_run_together);
	CU_add_test(s, "a folio at 300 dpi gives the page its label", test_folio_at_300_dpi);
	CU_add_test(s, "folios between dashes give the pages their labels", test_folio_between_dashes);
	CU_add_test(s, "a lone folio the page's engine reads as nothing", test_lone_folio_in_band);
	CU_add_test(s, "a hollow box before a byline is no 口", test_hollow_box_byline);
	CU_add_test(s, "misread marks around a head, a table header and a table note", test_misread_marks_around_text);
	CU_add_test(s, "bylines read again alone, their marks from the ink", test_bylines_read_again);
	CU_add_test(s, "names read by two models vote", test_names_voted);
	CU_add_test(s, "a title read twice, in the TOC and over its article", test_title_read_twice);
	CU_add_test(s, "a closing quote read as *, a hyphen beside a dash", test_quote_and_dash_marks);
	CU_add_test(s, "a kicker's line over a headline's quotes", test_kicker_over_quotes);
	CU_add_test(s, "a byline in a subtitle's block", test_byline_under_subtitle);
	CU_add_test(s, "a dash read as one underscore at 150 dpi", test_dash_read_as_underscore);
	CU_add_test(s, "--ocr=never leaves scanned pages empty", test_never_is_todays_behaviour);
	CU_add_test(s, "bad --ocr, missing --ocr-lang model", test_bad_options);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	qk_file_remove_tree(tmpdir);
	g_free(tmpdir);
	return failures ? 1 : 0;
}
