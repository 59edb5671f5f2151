/*
 * archival.h — METS/ALTO for archives and digital libraries: one ALTO 4.4
 * file per page (alto/p0001.xml) and one METS 1.12.1 mets.xml for the issue
 * (MODS description, file section, physical and logical structure maps whose
 * parts point at ALTO blocks). Both validate against the official schemas
 * (schema/archival/).
 */
#ifndef QK_ARCHIVAL_H
#define QK_ARCHIVAL_H

#include "model.h"

G_BEGIN_DECLS

/* The ALTO file of page pg of issue (caller frees). */
char *qk_alto_page(const QkIssue *issue, const QkPage *pg, gsize *len);

/* The ALTO file name of PDF page index: "alto/p0001.xml" (caller frees). */
char *qk_alto_name(int index);

/* Writes dir/alto/p*.xml and dir/mets.xml, each atomically; dir exists. */
gboolean qk_export_mets(const QkIssue *issue, const char *dir, GError **error);

G_END_DECLS

#endif
