/*
 * structure.c — the structure stage's driver: metadata from the masthead,
 * imprint and TOC header; the TOC page; articles segmented from the blocks;
 * continued articles stitched; TOC entries linked.
 */
#include <string.h>

#include "structure.h"
#include "parallel.h"
#include "recache.h"

/* Warnings this stage writes (and replaces when it runs again). */
static const char *const own_warnings[] = {
	"toc-unlinked", "article-not-in-toc", "continuation-unmatched",
};

gboolean qk_structure_owns_warning(const char *code)
{
	for (guint k = 0; k < G_N_ELEMENTS(own_warnings); k++)
		if (g_strcmp0(code, own_warnings[k]) == 0)
			return TRUE;
	return FALSE;
}

/* Forgets what an earlier run of the stage found. */
static void reset_structure(QkIssue *issue)
{
	qk_meta_reset(&issue->meta);
	g_ptr_array_set_size(issue->toc, 0);
	g_ptr_array_set_size(issue->articles, 0);
	for (guint i = issue->warnings->len; i-- > 0;) {
		const QkWarning *w = g_ptr_array_index(issue->warnings, i);
		if (qk_structure_owns_warning(w->code))
			g_ptr_array_remove_index(issue->warnings, i);
	}
}

/* Does the first line of b read "委员:…" (a committee entry that wraps)? */
static gboolean committee_block(const QkBlock *b)
{
	if (b->lines->len < 2)
		return FALSE;
	const QkLine *l = g_ptr_array_index(b->lines, 0);
	char *sq = qk_structure_squeeze(l->text);
	const char *colon = strstr(sq, ":");
	if (colon == NULL)
		colon = strstr(sq, "：");
	gboolean yes = colon != NULL && g_utf8_strlen(sq, colon - sq) <= 5 &&
	               strstr(sq, "主管") != sq && strstr(sq, "主办") != sq;
	/* the next line must not be a key of its own */
	const QkLine *n = g_ptr_array_index(b->lines, 1);
	if (yes && (strchr(n->text, ':') || strstr(n->text, "：")))
		yes = FALSE;
	g_free(sq);
	return yes;
}

/* A committee entry's lines as one line. The typesetter wraps between
 * names, so the lines join with a space; when that does not read as
 * names, a name was cut at the wrap and the lines join directly. */
static char *committee_text(const QkBlock *b)
{
	GString *s = g_string_new(NULL);
	for (guint j = 0; j < b->lines->len; j++) {
		const QkLine *l = g_ptr_array_index(b->lines, j);
		if (j > 0)
			g_string_append_c(s, ' ');
		g_string_append(s, l->text);
	}
	const char *colon = strstr(s->str, ":");
	if (colon == NULL)
		colon = strstr(s->str, "：");
	const char *value = colon ? g_utf8_next_char(colon) : s->str;
	if (qk_structure_looks_like_names(value))
		return g_string_free(s, FALSE);
	g_string_free(s, TRUE);
	return qk_block_text(b);
}

/* Lines that may state metadata: masthead, TOC header, and everything on
 * the pages before the first TOC or article page. */
static void collect_meta_lines(const QkIssue *issue, const gboolean *front_page,
                               GPtrArray *out)
{
	for (guint i = 0; i < issue->pages->len; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		for (guint k = 0; k < pg->blocks->len; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			gboolean front = b->role == QK_ROLE_MASTHEAD ||
			                 b->role == QK_ROLE_TOC || front_page[i] ||
			                 (pg->index == 1 &&
			                  b->role != QK_ROLE_BODY);
			if (!front)
				continue;
			if (committee_block(b)) {
				g_ptr_array_add(out, committee_text(b));
				continue;
			}
			for (guint j = 0; j < b->lines->len; j++) {
				const QkLine *l = g_ptr_array_index(b->lines, j);
				g_ptr_array_add(out, g_strdup(l->text));
			}
		}
	}
}

/* The title: the largest masthead text of the first page, when short. */
static char *masthead_title(const QkIssue *issue)
{
	const QkPage *pg = qk_issue_page(issue, 1);
	const QkLine *best = NULL;
	for (guint k = 0; pg != NULL && k < pg->blocks->len; k++) {
		const QkBlock *b = g_ptr_array_index(pg->blocks, k);
		if (b->role != QK_ROLE_MASTHEAD && b->role != QK_ROLE_TITLE)
			continue;
		for (guint j = 0; j < b->lines->len; j++) {
			const QkLine *l = g_ptr_array_index(b->lines, j);
			double sz = l->size > 0 ? l->size : b->size;
			double bsz = best ? (best->size > 0 ? best->size : 0) : -1;
			if (sz > bsz)
				best = l;
		}
	}
	if (best == NULL)
		return NULL;
	char *sq = qk_structure_squeeze(best->text);
	glong n = g_utf8_strlen(sq, -1);
	gboolean ok = n >= 2 && n <= 12;
	for (const char *p = sq; ok && *p; p = g_utf8_next_char(p))
		ok = g_unichar_get_script(g_utf8_get_char(p)) ==
		     G_UNICODE_SCRIPT_HAN;
	if (!ok) {
		g_free(sq);
		return NULL;
	}
	return sq;
}

static gboolean has_newspaper_text(const QkIssue *issue)
{
	for (guint i = 0; i < issue->pages->len && i < 8; i++) {
		const QkPage *pg = g_ptr_array_index(issue->pages, i);
		for (guint k = 0; k < pg->blocks->len; k++) {
			const QkBlock *b = g_ptr_array_index(pg->blocks, k);
			if (b->lines->len == 0)
				continue;
			const QkLine *l = g_ptr_array_index(b->lines, 0);
			if (l->text && (strstr(l->text, "本报讯") ||
			                strstr(l->text, "本报记者")))
				return TRUE;
			/* a 版 header: 第2版 要闻 */
			if (b->role == QK_ROLE_FURNITURE && l->text &&
			    g_utf8_validate(l->text, -1, NULL) &&
			    qk_regex_match_simple("^\\s*第\\s*[0-9一二三四五六七八九十]{1,3}"
			                         "\\s*版", l->text, 0, 0))
				return TRUE;
		}
	}
	return FALSE;
}

static void issue_meta(QkIssue *issue, const gboolean *front_page,
                       gboolean have_toc)
{
	QkMeta *m = &issue->meta;
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	collect_meta_lines(issue, front_page, lines);
	qk_structure_meta_from_lines(m, lines);
	g_ptr_array_free(lines, TRUE);
	if (m->title == NULL)
		m->title = masthead_title(issue);
	if (m->kind == QK_KIND_UNKNOWN) {
		gboolean mag = have_toc || m->total_number || m->frequency;
		gboolean news = m->edition_count || m->lunar_date ||
		                (m->weekday && !mag) ||
		                (m->number && strlen(m->number) >= 3 && !mag) ||
		                (!mag && has_newspaper_text(issue));
		m->kind = mag ? QK_KIND_MAGAZINE
		          : news ? QK_KIND_NEWSPAPER : QK_KIND_UNKNOWN;
	}
}

/* A journal's page head printed once (学报 第44卷 第2期, Vol. 44 No. 2,
 * DOI, ISSN): the issue's identity, not an article. A CN number's dash
 * may read as the Han 一 on a scan (国内统一连续出版物号：CN14一0031,
 * newspaper-2023-10-31 at 150 dpi: an untitled item on page 1). */
static gboolean header_text(const char *text)
{
	static GRegex *re;
	if (g_once_init_enter(&re)) {
		GRegex *r = g_regex_new("第\\s*[0-9一二三四五六七八九十xX]+\\s*[卷期]"
		                        "|\\b(?:Vol|No)\\.\\s*\\d|\\bDOI\\b|\\bISSN\\b"
		                        "|CN\\s*\\d{2}\\s*[-—－–一]\\s*\\d{4}",
		                        G_REGEX_CASELESS, 0, NULL);
		g_once_init_leave(&re, r);
	}
	char *v = g_utf8_make_valid(text, -1);
	gboolean yes = re != NULL && g_regex_match(re, v, 0, NULL);
	g_free(v);
	return yes;
}

/* Drops the untitled items made of nothing but such page heads. */
static void drop_header_items(QkIssue *issue)
{
	for (guint i = issue->articles->len; i-- > 0;) {
		const QkArticle *a = g_ptr_array_index(issue->articles, i);
		gboolean head = a->title == NULL && a->byline == NULL &&
		                a->authors->len == 0 && a->paras->len > 0 &&
		                a->paras->len <= 3 && a->pdf_first == a->pdf_last;
		for (guint k = 0; head && k < a->paras->len; k++)
			head = header_text(((const QkPara *)g_ptr_array_index(
				a->paras, k))->text->text);
		if (head)
			g_ptr_array_remove_index(issue->articles, i);
	}
}

/* A newspaper is read region by region (regions.c), and a page's regions
 * depend on that page alone: they are found on the issue's threads before
 * segmenting reads the pages in order (a third of structure's work on a
 * 4-page newspaper). NULL on one thread or another kind of issue:
 * segmenting then finds them page by page, keeping one page's at a time. */
typedef struct {
	const QkIssue *issue;
	const gboolean *skip;
	const QkWords *words;
	QkRegions **out;
} RegionsJob;

static void page_regions(gpointer item, gpointer data, int slot)
{
	(void)slot;
	const RegionsJob *job = data;
	guint i = GPOINTER_TO_UINT(item) - 1;
	job->out[i] = qk_structure_regions(g_ptr_array_index(job->issue->pages, i),
	                                   job->words);
}

static QkRegions **find_regions(const QkIssue *issue, const gboolean *skip, int threads)
{
	if (threads <= 1 || issue->meta.kind != QK_KIND_NEWSPAPER)
		return NULL;
	guint np = issue->pages->len;
	RegionsJob job = { issue, skip, qk_structure_words(), g_new0(QkRegions *, np + 1) };
	GPtrArray *pages = g_ptr_array_new();
	for (guint i = 0; i < np; i++)
		if (!skip[i])
			g_ptr_array_add(pages, GUINT_TO_POINTER(i + 1));
	qk_parallel_for(pages, page_regions, &job, threads);
	g_ptr_array_free(pages, TRUE);
	return job.out;
}

void qk_structure_issue(QkIssue *issue)
{
	qk_structure_issue_threads(issue, 1);
}

void qk_structure_issue_threads(QkIssue *issue, int threads)
{
	if (issue == NULL)
		return;
	reset_structure(issue);
	guint np = issue->pages->len;
	gboolean *skip = g_new0(gboolean, np + 1);
	/* junk from a font without ToUnicode stays in the pages (recoverable,
	 * with its warning) but never becomes an article's text */
	for (guint i = 0; i < np; i++)
		skip[i] = ((const QkPage *)g_ptr_array_index(issue->pages, i))->garbled;
	gboolean have_toc = qk_structure_find_toc(issue, skip);
	qk_structure_toc_labels(issue, skip);
	issue_meta(issue, skip, have_toc);
	qk_structure_edition_labels(issue);

	QkRegions **regions = find_regions(issue, skip, threads);
	GPtrArray *segs = qk_structure_segment(issue, skip, regions);
	g_free(regions);   /* each taken */
	qk_structure_stitch_continued(issue, segs);
	g_ptr_array_free(segs, TRUE);
	drop_header_items(issue);
	/* ids in reading order once parts are merged */
	for (guint i = 0; i < issue->articles->len; i++) {
		QkArticle *a = g_ptr_array_index(issue->articles, i);
		g_free(a->id);
		a->id = g_strdup_printf("a%u", i + 1);
	}
	qk_structure_link_toc(issue);
	qk_structure_toc_anchor(issue);
	g_free(skip);
}
