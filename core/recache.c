/*
 * recache.c — patterns compiled once per process (see recache.h): a table
 * keyed by the pattern's text and compile flags, under a lock.
 */
#include "recache.h"

#include <string.h>

typedef struct {
	char *pattern;
	GRegexCompileFlags flags;
} Key;

static guint key_hash(gconstpointer k)
{
	const Key *key = k;
	return g_str_hash(key->pattern) ^ (guint)key->flags;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	const Key *x = a, *y = b;
	return x->flags == y->flags && strcmp(x->pattern, y->pattern) == 0;
}

static GMutex lock;
static GHashTable *cache;   /* Key → GRegex, kept for the process's life */

GRegex *qk_regex(const char *pattern, GRegexCompileFlags flags)
{
	Key probe = { (char *)pattern, flags };
	g_mutex_lock(&lock);
	if (!cache)
		cache = g_hash_table_new(key_hash, key_equal);
	GRegex *re = g_hash_table_lookup(cache, &probe);
	if (!re) {
		re = g_regex_new(pattern, flags, 0, NULL);
		if (re) {
			Key *key = g_new(Key, 1);
			key->pattern = g_strdup(pattern);
			key->flags = flags;
			g_hash_table_insert(cache, key, re);
		}
	}
	g_mutex_unlock(&lock);
	return re;
}

gboolean qk_regex_match_simple(const char *pattern, const char *string,
                               GRegexCompileFlags flags, GRegexMatchFlags match)
{
	GRegex *re = qk_regex(pattern, flags);
	return re != NULL && g_regex_match(re, string, match, NULL);
}
