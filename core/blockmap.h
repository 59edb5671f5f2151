/*
 * blockmap.h — which article each block of the layout belongs to.
 *
 * The model keeps articles as text (title, byline, paragraphs) and pages
 * as blocks, without links between them; the review page and METS need
 * them. A block on one of an article's pages belongs to it when its text
 * (white space ignored) occurs in the article's title, byline or
 * paragraphs; a block of fewer than QK_BLOCKMAP_MIN_CHARS characters must
 * equal the title or the byline instead. Furniture, tables and TOC blocks
 * belong to no article.
 */
#ifndef QK_BLOCKMAP_H
#define QK_BLOCKMAP_H

#include "model.h"

G_BEGIN_DECLS

#define QK_BLOCKMAP_MIN_CHARS 6

/* Block (borrowed QkBlock *) → its article (borrowed QkArticle *); blocks
 * of no article are absent. Free with g_hash_table_unref. */
GHashTable *qk_blockmap_new(const QkIssue *issue);

G_END_DECLS

#endif
