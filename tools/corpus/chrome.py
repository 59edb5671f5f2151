"""chrome.py — lays a planned magazine or newsletter out as HTML + CSS for
headless Chromium (--print-to-pdf). Running heads and folios are CSS page
margin boxes (@top-left … with counter(page)), different on :left and :right
pages; multi-column bodies are CSS columns. The front matter (cover, 目录) is
either a page of its own document, merged before the body (the body then
counts from 1), or the first pages of the one document (folios count from the
cover but are not printed there)."""
import re
from html import escape



def fmt_folio(form, title, n):
    return form.replace("{n}", str(n)).replace("{t}", title)


def css_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def folio_content(form, title):
    """CSS content value printing the folio form with counter(page)."""
    a, _, b = form.partition("{n}")
    a = a.replace("{t}", title)
    b = b.replace("{t}", title)
    parts = []
    if a:
        parts.append(css_string(a))
    parts.append("counter(page)")
    if b:
        parts.append(css_string(b))
    return " ".join(parts)


def page_css(issue):
    d = issue["design"]
    m = issue["meta"]
    t = m["title"]
    top, right, bottom, left = d["margin"]
    head = {"title": t, "title-issue": "%s %s年第%s期" % (t, m["year"], m["number"]),
            "section": t, "none": ""}[d["head_form"]]
    boxes = {"left": {}, "right": {}}
    fc = folio_content(d["folio"], t)
    hs = "font-family: '%s', 'Noto Sans CJK SC'; font-size: 8pt; color: #444;" % d["head_font"]
    for side in ("left", "right"):
        outer = "left" if side == "left" else "right"
        inner = "right" if side == "left" else "left"
        fp = d["folio_pos"]
        if fp == "bottom-center":
            boxes[side]["bottom-center"] = fc
        elif fp == "bottom-outer":
            boxes[side]["bottom-" + outer] = fc
        else:
            boxes[side]["top-" + outer] = fc
        if head:
            hp = d["head_pos"]
            where = {"top-inner": "top-" + inner, "top-center": "top-center",
                     "top-outer": "top-" + outer}[hp]
            if where in boxes[side]:
                where = "top-" + inner
            if d["head_form"] == "section" and side == "right":
                # WeasyPrint has running strings: the section of the page
                boxes[side][where] = "string(sec)"
            else:
                boxes[side][where] = css_string(head if side == "left" or d["head_form"] == "title"
                                                else "%s年第%s期" % (m["year"], m["number"]))
    out = ["@page { size: %gmm %gmm; margin: %dmm %dmm %dmm %dmm; }" % (d["w"], d["h"], top, right, bottom, left)]
    for side, bx in boxes.items():
        rules = " ".join("@%s { content: %s; %s vertical-align: %s; }" % (
            k, v, hs, "bottom" if k.startswith("top") else "top") for k, v in sorted(bx.items()))
        out.append("@page :%s { %s }" % (side, rules))
    out.append("@page front { @top-left { content: none; } @top-center { content: none; } "
               "@top-right { content: none; } @bottom-left { content: none; } "
               "@bottom-center { content: none; } @bottom-right { content: none; } }")
    return "\n".join(out)


def with_fallback(css):
    """Every font list ends in Noto: a glyph the chosen font lacks must not
    fall back to a font Chromium embeds whole (WenQuanYi's 21 MB collection)."""
    return re.sub(r"font-family: '([^']+)'", r"font-family: '\1', 'Noto Serif CJK SC'", css)


def base_css(issue):
    return with_fallback(_base_css(issue))


def _base_css(issue):
    d = issue["design"]
    acc = d["accent"]
    return """
html { font-family: '%(bf)s'; font-size: %(bs)gpt; line-height: 1.62; color: #111; }
body { margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.front { page: front; }
.cover { height: %(coverh)dmm; text-align: center; break-after: page; }
.cover .mast { font-family: '%(hf)s'; font-size: %(mast)dpt; font-weight: bold; color: %(acc)s; padding-top: 40mm; letter-spacing: 0.2em; }
.cover .no { font-size: 14pt; margin-top: 8mm; }
.cover .spon { margin-top: 60mm; font-size: 10pt; }
.toc { break-after: page; }
.toc h1 { font-family: '%(hf)s'; text-align: center; font-size: 20pt; letter-spacing: 0.5em; margin: 0 0 6mm; }
.toc .cols { column-count: %(tocc)d; column-gap: 8mm; }
.toc .sec { font-family: '%(hf)s'; font-weight: bold; color: %(acc)s; margin: 3mm 0 1mm; break-after: avoid; }
.toc .e { display: flex; align-items: baseline; margin: 0.6mm 0; text-indent: 0; break-inside: avoid; }
.toc .e .t { flex: 0 1 auto; }
.toc .e .l { flex: 1 1 auto; border-bottom: %(lead)s; margin: 0 1mm; min-width: 4mm; position: relative; top: -0.3em; }
.toc .e .pg { flex: 0 0 auto; }
.toc .e .pgf { flex: 0 0 auto; width: 3em; }
.toc .a { margin: 0 0 1mm 2em; font-size: 0.9em; color: #333; text-indent: 0; }
.art { %(newpage)s }
.lmast { border-bottom: 1.2mm double %(acc)s; text-align: center; margin-bottom: 4mm; }
.lname { font-family: '%(hf)s'; font-size: 30pt; font-weight: bold; color: %(acc)s; letter-spacing: 0.3em; }
.linfo { font-size: 9pt; margin: 1mm 0 1.5mm; }
.toc.ltoc { break-after: auto; border: 0.4mm solid %(acc)s; padding: 2mm 4mm; margin-bottom: 6mm; }
.toc.ltoc h1 { font-size: 12pt; letter-spacing: 0.2em; margin-bottom: 2mm; text-align: left; }
.banner { font-family: '%(hf)s'; font-size: 15pt; font-weight: bold; margin-bottom: 4mm; %(banner)s }
.kicker { font-family: '%(hf)s'; font-size: 10.5pt; text-align: center; color: #333; }
h1 { font-family: '%(hf)s'; font-size: %(ts)dpt; text-align: center; margin: 1mm 0 2mm; line-height: 1.3; }
.sub { text-align: center; font-size: 11pt; margin-bottom: 2mm; }
.byline { text-align: center; font-family: '%(kf)s'; font-size: 10pt; margin-bottom: 4mm; }
.lead { %(leadbox)s font-family: '%(kf)s'; font-size: 0.95em; margin: 0 0 4mm; }
.lead p { text-indent: 0; }
.cols { column-count: %(cols)d; column-gap: %(gut)dmm; }
h2 { font-family: '%(hf)s'; font-size: 1.1em; margin: 2mm 0 1mm; break-after: avoid; }
h3 { font-family: '%(hf)s'; font-size: 1em; margin: 1.5mm 0 0.5mm; break-after: avoid; }
.fig { background: #d8d8d8; border: 0.3mm solid #999; height: %(figh)dmm; margin: 2mm 0 1mm; break-inside: avoid; }
.cap { font-family: '%(kf)s'; font-size: 0.85em; text-indent: 0; text-align: center; margin-bottom: 2mm; }
.pull { border-top: 0.6mm solid %(acc)s; border-bottom: 0.6mm solid %(acc)s; font-family: '%(hf)s'; font-size: 1.15em; color: %(acc)s; padding: 2mm 1mm; margin: 3mm 0; text-indent: 0; break-inside: avoid; }
.tail { text-align: right; text-indent: 0; font-size: 0.9em; }
.tailsrc { text-indent: 0; font-size: 0.9em; color: #333; }
.jump { text-align: right; text-indent: 0; font-size: 0.9em; }
.jumpup { text-indent: 0; font-size: 0.9em; margin-bottom: 2mm; }
.tabw { column-span: all; margin: 3mm 0; }
.tabt { font-family: '%(hf)s'; text-align: center; font-weight: bold; text-indent: 0; }
table { border-collapse: collapse; width: 100%%; font-size: 0.85em; }
th, td { border: 0.3mm solid #555; padding: 0.6mm 1mm; text-align: center; }
th { font-family: '%(hf)s'; background: #eee; }
tr { break-inside: avoid; }
.tabs { font-size: 0.8em; text-indent: 0; }
.notice { border: 0.5mm solid %(acc)s; padding: 3mm 4mm; margin-top: 8mm; break-inside: avoid; }
.notice h1 { font-size: 14pt; }
.advert { break-before: page; text-align: center; padding-top: 60mm; }
.advert h1 { font-size: 28pt; color: %(acc)s; }
.advert p { text-indent: 0; text-align: center; font-size: 13pt; margin-top: 6mm; }
""" % {
        "bf": d["body_font"], "bs": d["body_size"], "hf": d["head_font"], "kf": d.get("kai_font", d["body_font"]),
        "acc": acc, "mast": 40 if d["size"] != "A5" else 30, "coverh": d["h"] - d["margin"][0] - d["margin"][2] - 8,
        "tocc": d["toc_columns"], "lead": "0.4mm dotted #333" if d["toc_leaders"] else "none",
        "newpage": "break-before: page;" if d["new_page"] else "margin-top: 10mm;",
        "banner": {"bar": "background: %s; color: white; padding: 1.5mm 4mm;" % acc,
                   "box": "border: 0.5mm solid %s; color: %s; padding: 1mm 3mm; display: inline-block;" % (acc, acc),
                   "rule": "border-bottom: 1mm solid %s; color: %s;" % (acc, acc),
                   "none": "display: none;"}[d["banner"]],
        "ts": 20 if d["size"] != "A5" else 16,
        "leadbox": "border: 0.3mm solid #777; padding: 2mm 3mm; background: #f2f2f2;"
        if d.get("lead_box", True) else "padding: 0 6mm;",
        "cols": d["columns"], "gut": d["gutter"], "figh": 30 if d["columns"] > 1 else 45,
    }


def weasy_css(issue):
    """What WeasyPrint (57.2) lays out otherwise than Chromium, set so the
    page prints what the design means: its flex boxes do not grow, so a 目录
    leader is leader() in a line that ends at the page number; a banner,
    kicker or headline stranded at a page's foot is kept with what follows
    (Chromium does so itself), and so is a continued part's 上接 line (left
    alone at the foot of the page before its columns); the running section
    name is a string-set."""
    d = issue["design"]
    return """
.toc .e { display: block; }
.toc .e .l { border: 0; margin: 0 1mm; position: static; min-width: 0; }
.toc .e .l::before { content: leader(%s); }
.toc .e .pgf { display: inline-block; width: 3em; }
.banner, .kicker, h1, .sub, .byline, .lead, .jumpup { break-after: avoid; }
.art { string-set: sec attr(data-sec); }
""" % ("dotted" if d["toc_leaders"] else "' '")


def banner_text(d, sec):
    return {"bar": "{s}", "box": "{s}", "rule": "■ {s}"}.get(d["banner"], "{s}").format(s=sec)


def toc_html(issue, pages):
    d = issue["design"]
    out = ['<div class="toc"><h1>目　录</h1><div class="cols">']
    sec = None
    for i, a in enumerate(issue["articles"]):
        if not a["toc"]:
            continue
        if a["section"] != sec:
            sec = a["section"]
            out.append('<div class="sec">%s</div>' % escape(d["toc_mark"].format(s=sec)))
        pg = str(pages.get(i, "00"))
        if d["toc_brackets"]:
            pg = "（%s）" % pg
        au = "　".join(a["authors"]) if a["authors"] else ""
        title = escape(a["toc_title"])
        inline = au and d["toc_authors"] == "after"
        t = title + ("　" + escape(au) if inline else "")
        if d["toc_page_first"]:
            out.append('<div class="e"><span class="pgf">%s</span><span class="t">%s</span></div>' % (pg, t))
        else:
            out.append('<div class="e"><span class="t">%s</span><span class="l"></span><span class="pg">%s</span></div>' % (t, pg))
        if au and not inline:
            out.append('<div class="a">%s</div>' % escape(au))
    out.append("</div></div>")
    return "\n".join(out)


def cover_html(issue):
    m = issue["meta"]
    return ('<div class="cover"><div class="mast">%s</div><div class="no">%s年第%s期　总第%s期</div>'
            '<div class="spon">主管：%s<br>主办：%s<br>%s出版</div></div>' % (
                escape(m["title"]), m["year"], m["number"], m["total"], escape(m["sponsor"]),
                escape(m["publisher"]), m["date_text"]))


def items_html(items, jumps):
    out = []
    for it in items:
        k, t = it["kind"], escape(it.get("text", ""))
        if k == "body":
            out.append("<p>%s</p>" % t)
        elif k == "heading":
            out.append("<h%d>%s</h%d>" % (2 if it.get("level", 1) == 1 else 3, t, 2 if it.get("level", 1) == 1 else 3))
        elif k == "figure":
            out.append('<div class="fig"></div>')
        elif k == "caption":
            out.append('<p class="cap">%s</p>' % t)
        elif k == "pull":
            out.append('<p class="pull">%s</p>' % t)
        elif k == "tail":
            out.append('<p class="tail">%s</p>' % t)
        elif k == "source":
            out.append('<p class="tailsrc">%s</p>' % t)
        elif k == "table":
            tb = it["table"]
            rows = tb["rows"]
            h = "".join("<th>%s</th>" % escape(c) for c in rows[0])
            body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % escape(c) for c in r) for r in rows[1:])
            out.append('<div class="tabw"><p class="tabt">%s</p><table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>'
                       '<p class="tabs">%s</p></div>' % (escape(tb["title"]), h, body, escape(tb["source"])))
        elif k == "jump":
            out.append('<p class="jump">%s</p>' % t)
    return "\n".join(out)


def head_html(a):
    """Subtitle, byline and lead box of an article (HTML) under its title,
    and the items that follow them (of its first part when continued)."""
    out = []
    if a["subtitle"]:
        out.append('<div class="sub">%s</div>' % escape(a["subtitle"]))
    if a["byline"]:
        out.append('<div class="byline">%s</div>' % escape(a["byline"]))
    items = a["part1"] if "part1" in a else a["items"]
    lead = [it for it in items if it["kind"] == "note"]
    rest = [it for it in items if it["kind"] != "note"]
    if lead:
        out.append('<div class="lead">%s</div>' % "".join("<p>%s</p>" % escape(x["text"]) for x in lead))
    return out, rest


def span_tables(issue, html):
    """WeasyPrint 57.2 fails on column-span: all inside CSS columns
    (IndexError in its line layout): a table across the columns closes the
    columns before it and opens new ones after it, which is what the span
    lays out."""
    if issue["producer"] != "weasyprint":
        return html
    return re.sub(r'(<div class="tabw">.*?</div>)', r'</div>\1<div class="cols">', html, flags=re.S)


def article_html(issue, i, a, first_of_section, part):
    d = issue["design"]
    out = ['<section class="art" data-sec="%s">' % escape(a["section"])
           if issue["producer"] == "weasyprint" else '<section class="art">']
    if part == 2:
        out.append('<p class="jumpup">%s</p>' % escape(a["jump_up"]))
        out.append(span_tables(issue, '<div class="cols">%s</div></section>' % items_html(a["part2"], True)))
        return "\n".join(out)
    if first_of_section and d["banner"] != "none":
        out.append('<div class="banner">%s</div>' % escape(banner_text(d, a["section"])))
    if a["kicker"]:
        out.append('<div class="kicker">%s</div>' % escape(a["kicker"]))
    out.append("<h1>%s</h1>" % escape(a["title"]))
    head, rest = head_html(a)
    out += head
    if "part1" in a:
        rest = rest + [{"kind": "jump", "text": a["jump_down"]}]
    out.append(span_tables(issue, '<div class="cols">%s</div>' % items_html(rest, False)))
    out.append("</section>")
    return "\n".join(out)


def notice_html(n):
    if n.get("advert"):
        return '<section class="advert"><h1>%s</h1>%s<p style="font-size:9pt">公益广告</p></section>' % (
            escape(n["title"]), "".join("<p>%s</p>" % escape(x["text"]) for x in n["items"]))
    return '<section class="notice"><h1>%s</h1>%s</section>' % (
        escape(n["title"]), "".join("<p>%s</p>" % escape(x["text"]) for x in n["items"]))


def render(issue, pages):
    """(front_html or None, body_html). pages: article index → printed page."""
    d = issue["design"]
    css = base_css(issue)
    if issue["producer"] == "weasyprint":
        css += weasy_css(issue)
    head = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>%s\n%s</style></head><body>' % (
        page_css(issue), css)
    if d["letter"]:
        m = issue["meta"]
        doc = (head + '<div class="lmast"><div class="lname">%s</div><div class="linfo">第%s期（总第%s期）　%s　%s</div></div>'
               % (escape(m["title"]), m["number"], m["total"], escape(m["publisher"]), m["date_text"])
               + toc_html(issue, pages).replace('class="toc"', 'class="toc ltoc"').replace("目　录", "本期要目")
               + "\n".join(body_html(issue)) + "</body></html>")
        return None, doc
    front = cover_html(issue) + toc_html(issue, pages)
    body = body_html(issue)
    if d["number_from_cover"]:
        doc = head + '<div class="front">' + front + "</div>" + "\n".join(body) + "</body></html>"
        return None, doc
    return (head + '<div class="front">' + front + "</div></body></html>",
            head + "\n".join(body) + "</body></html>")


def body_html(issue):
    body = []
    sec = None
    for (i, part) in issue["order"]:
        a = issue["articles"][i] if i >= 0 else None
        if i < 0:
            body.append(notice_html(issue["notices"][-i - 1]))
            continue
        first = a["section"] != sec and part == 1
        if part == 1:
            sec = a["section"]
        body.append(article_html(issue, i, a, first, part))
    return body
