"""truth.py — writes the ground truth of a corpus issue in the issue model's
XML (schema/qikan.rng), like samples/*.truth.xml: meta, pages with their
printed labels and furniture blocks, tables with cells, the 目录, articles with
typed paragraphs (body heading note caption source tail jump)."""
import hashlib
from xml.sax.saxutils import escape, quoteattr


def _el(name, text, ind):
    return "%s<%s>%s</%s>\n" % (ind, name, escape(text), name)


def write(path, pdf_path, t):
    """t: {kind, meta, pages, tables, toc, articles} as made by make.py."""
    with open(pdf_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    import os
    o = ['<?xml version="1.0" encoding="UTF-8"?>\n',
         '<issue version="1" kind="%s" source=%s sha256="%s">\n' % (
             t["kind"], quoteattr(os.path.basename(pdf_path)), sha)]
    m = t["meta"]
    o.append("  <meta>\n")
    for k in ("title", "year", "number", "total-number", "frequency", "date", "date-text",
              "weekday", "lunar-date", "sponsor", "publisher", "cn", "edition-count"):
        if m.get(k):
            o.append(_el(k, m[k], "    "))
    o.append("  </meta>\n  <pages>\n")
    for p in t["pages"]:
        lab = ' label=%s' % quoteattr(p["label"]) if p.get("label") else ""
        o.append('    <page index="%d" width="%.2f" height="%.2f"%s>\n' % (p["index"], p["w"], p["h"], lab))
        for j, (text, x0, y0, x1, y1, fk) in enumerate(p["furniture"]):
            size = max(1.0, y1 - y0)
            o.append('      <block id="p%d-b%d" role="furniture" x0="%.2f" y0="%.2f" x1="%.2f" y1="%.2f" '
                     'size="%.2f" furniture="%s">\n' % (p["index"], j + 1, x0, y0, x1, y1, size, fk))
            o.append('        <line x0="%.2f" y0="%.2f" x1="%.2f" y1="%.2f" size="%.2f">%s</line>\n' % (
                x0, y0, x1, y1, size, escape(text)))
            o.append("      </block>\n")
        o.append("    </page>\n")
    o.append("  </pages>\n  <tables>\n")
    for i, tb in enumerate(t["tables"]):
        last = ' last-page="%d"' % tb["last"] if tb.get("last") and tb["last"] != tb["page"] else ""
        rows = tb["rows"]
        o.append('    <table id="t%d" page="%d"%s x0="0" y0="0" x1="0" y1="0" ruled="true" rows="%d" cols="%d" '
                 'header-rows="%d">\n' % (i + 1, tb["page"], last, len(rows), len(rows[0]), tb["header_rows"]))
        o.append(_el("title", tb["title"], "      "))
        if tb.get("source"):
            o.append(_el("source", tb["source"], "      "))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                h = ' header="true"' if r < tb["header_rows"] else ""
                o.append('      <cell row="%d" col="%d"%s>%s</cell>\n' % (r, c, h, escape(v)))
        o.append("    </table>\n")
    o.append("  </tables>\n")
    if t["toc"]:
        o.append("  <toc>\n")
        for name, raw, entries in t["toc"]:
            o.append("    <section name=%s raw=%s>\n" % (quoteattr(name), quoteattr(raw)))
            for e in entries:
                o.append('      <entry page=%s pdf-page="%d" article="%s">\n' % (
                    quoteattr(e["page"]), e["pdf_page"], e["article"]))
                o.append(_el("title", e["title"], "        "))
                for a in e["authors"]:
                    o.append(_el("author", a, "        "))
                o.append("      </entry>\n")
            o.append("    </section>\n")
        o.append("  </toc>\n")
    else:
        o.append("  <toc/>\n")
    o.append("  <articles>\n")
    for a in t["articles"]:
        attrs = ' id="%s"' % a["id"]
        if a["kind"] == "notice":
            attrs += ' kind="notice"'
        if a.get("section"):
            attrs += " section=%s" % quoteattr(a["section"])
        attrs += ' pdf-first="%d" pdf-last="%d"' % (a["pdf_first"], a["pdf_last"])
        if a.get("in_toc"):
            attrs += ' in-toc="true"'
        o.append("    <article%s>\n" % attrs)
        for k in ("kicker", "title", "subtitle", "byline"):
            if a.get(k):
                o.append(_el(k, a[k], "      "))
        for x in a["authors"]:
            o.append(_el("author", x, "      "))
        for lab in a["pages"]:
            o.append(_el("page", lab, "      "))
        for p in a["paras"]:
            lv = ' level="%d"' % p["level"] if p["kind"] == "heading" else ""
            pg = ' page="%d"' % p["page"] if p.get("page") else ""
            o.append('      <p kind="%s"%s%s>%s</p>\n' % (p["kind"], lv, pg, escape(p["text"])))
        o.append("    </article>\n")
    o.append("  </articles>\n</issue>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(o))
