"""fodt.py — lays a planned magazine or newsletter out as a Flat ODT document
for LibreOffice Writer (soffice --headless --convert-to pdf).

Running heads and folios are page-style headers and footers with page-number
fields, different on left and right pages (mirrored page layout); the body
restarts its numbering at 1 after the cover and 目录 (or counts from the cover);
multi-column bodies are sections with balanced columns; the 目录 is set with
tab stops (dot leaders or none); tables repeat their header row on the next
page. Writer adds its own CJK/Latin spacing (2023 年第 4 期)."""
import os
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')


def e(s):
    return escape(s or "")


def fonts(d):
    names = sorted({d["body_font"], d["head_font"], d["kai_font"], "Noto Serif CJK SC"})
    return "".join('<style:font-face style:name="%s" svg:font-family="&apos;%s&apos;"/>' % (n, n) for n in names)


def tprops(font, size, bold=False, color=None):
    return ('<style:text-properties style:font-name="{f}" style:font-name-asian="{f}" fo:font-size="{s}pt" '
            'style:font-size-asian="{s}pt"{b}{c}/>').format(
        f=font, s=size, b=' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else "",
        c=' fo:color="%s"' % color if color else "")


def pstyle(name, font, size, bold=False, align="justify", indent="0", before="0", after="0",
           extra="", color=None, brk=None, parent=None, keep=False):
    br = ' fo:break-before="%s"' % brk if brk else ""
    if keep:
        br += ' fo:keep-with-next="always"'
    return ('<style:style style:name="%s" style:family="paragraph"%s><style:paragraph-properties fo:text-align="%s" '
            'fo:text-indent="%s" fo:margin-top="%s" fo:margin-bottom="%s" fo:line-height="150%%"%s%s/>%s</style:style>' % (
                name, ' style:master-page-name="%s"' % parent if parent else "", align, indent, before, after, br,
                extra, tprops(font, size, bold, color)))


def folio_xml(form, title):
    a, _, b = form.partition("{n}")
    return e(a.replace("{t}", title)) + '<text:page-number text:select-page="current">1</text:page-number>' + e(
        b.replace("{t}", title))


def styles(issue):
    d = issue["design"]
    m = issue["meta"]
    bf, hf, kf, bs = d["body_font"], d["head_font"], d["kai_font"], d["body_size"]
    acc = d["accent"]
    top, right, bottom, left = d["margin"]
    w = d["w"] - left - right
    tab = ('<style:tab-stops><style:tab-stop style:position="%gmm" style:type="right"%s/></style:tab-stops>' % (
        (w / d["toc_columns"]) - (6 if d["toc_columns"] == 2 else 0),
        ' style:leader-style="dotted" style:leader-text="."' if d["toc_leaders"] else ""))
    st = [
        pstyle("Body", bf, bs, indent="%gpt" % (2 * bs)),
        pstyle("Head1", hf, bs + 1.5, bold=True, align="start", before="1.5mm", after="1mm",
               extra=' fo:keep-with-next="always"'),
        pstyle("Head2", hf, bs + 0.5, bold=True, align="start", before="1mm", after="0.5mm",
               extra=' fo:keep-with-next="always"'),
        pstyle("Kicker", hf, 10.5, align="center", extra=' fo:keep-with-next="always"'),
        pstyle("Title", hf, 20 if d["size"] != "A5" else 16, bold=True, align="center", before="1mm", after="2mm",
               extra=' fo:keep-with-next="always"'),
        pstyle("TitleBrk", hf, 20 if d["size"] != "A5" else 16, bold=True, align="center", before="1mm", after="2mm",
               extra=' fo:keep-with-next="always"', brk="page"),
        pstyle("Sub", bf, 11, align="center", after="1.5mm", extra=' fo:keep-with-next="always"'),
        pstyle("Byline", kf, 10, align="center", after="4mm", extra=' fo:keep-with-next="always"'),
        pstyle("Lead", kf, bs - 0.5, align="justify", after="4mm",
               extra=' fo:background-color="#eeeeee" fo:border="0.3mm solid #777777" fo:padding="2mm"'
               if d["lead_box"] else ' fo:margin-left="8mm" fo:margin-right="8mm"'),
        pstyle("Cap", kf, bs - 1.5, align="center", after="2mm"),
        pstyle("Pull", hf, bs + 2, align="start", before="3mm", after="3mm", color=acc,
               extra=' fo:border-top="0.6mm solid %s" fo:border-bottom="0.6mm solid %s" fo:padding="1.5mm"' % (acc, acc)),
        pstyle("Tail", bf, bs - 0.5, align="end"),
        pstyle("Src", bf, bs - 0.5, align="start"),
        pstyle("Jump", bf, bs - 0.5, align="end"),
        pstyle("JumpUp", bf, bs - 0.5, align="start", after="2mm", brk="page"),
        pstyle("Banner", hf, 15, bold=True, align="start", after="4mm", keep=True, color="#ffffff" if d["banner"] == "bar" else acc,
               extra=(' fo:background-color="%s" fo:padding="1.5mm"' % acc) if d["banner"] == "bar" else
               (' fo:border-bottom="1mm solid %s"' % acc) if d["banner"] == "rule" else
               (' fo:border="0.5mm solid %s" fo:padding="1mm"' % acc)),
        pstyle("BannerBrk", hf, 15, bold=True, align="start", after="4mm", keep=True, color="#ffffff" if d["banner"] == "bar" else acc,
               brk="page", extra=(' fo:background-color="%s" fo:padding="1.5mm"' % acc) if d["banner"] == "bar" else
               (' fo:border-bottom="1mm solid %s"' % acc) if d["banner"] == "rule" else
               (' fo:border="0.5mm solid %s" fo:padding="1mm"' % acc)),
        pstyle("TocHead", hf, 20, bold=True, align="center", after="6mm"),
        pstyle("TocSec", hf, 11, bold=True, align="start", before="3mm", after="1mm", color=acc,
               extra=' fo:keep-with-next="always"'),
        pstyle("TocE", bf, 10.5, align="start", extra=tab_wrap(tab)),
        pstyle("TocA", bf, 9.5, align="start", indent="0", extra=' fo:margin-left="7mm"'),
        pstyle("Mast", hf, 40 if d["size"] != "A5" else 30, bold=True, align="center", before="40mm", color=acc),
        pstyle("Cover", bf, 14, align="center", before="8mm"),
        pstyle("CoverSmall", bf, 10, align="center", before="50mm"),
        pstyle("FirstBody", hf, 20, bold=True, align="center", before="1mm", after="2mm", brk="page",
               parent="Body", extra=' style:page-number="%s" fo:keep-with-next="always"' % (
                   "auto" if d["number_from_cover"] else "1")),
        pstyle("HeadF", hf, 8, align="center"),
        pstyle("HeadL", hf, 8, align="start"),
        pstyle("HeadR", hf, 8, align="end"),
        pstyle("TabT", hf, bs, bold=True, align="center", before="3mm", after="1mm"),
        pstyle("TabC", bf, bs - 1, align="center"),
        pstyle("TabS", bf, bs - 1.5, align="start", after="3mm"),
        pstyle("Notice", bf, bs - 0.5, indent="%gpt" % (2 * bs - 1),
               extra=' fo:border-left="0.5mm solid %s" fo:border-right="0.5mm solid %s" fo:padding-left="3mm" fo:padding-right="3mm"' % (acc, acc)),
        pstyle("NoticeT", hf, 14, bold=True, align="center", before="8mm",
               extra=' fo:keep-with-next="always" fo:border-top="0.5mm solid %s" fo:border-left="0.5mm solid %s" fo:border-right="0.5mm solid %s" fo:padding="2mm"' % (acc, acc, acc)),
        pstyle("AdT", hf, 28, bold=True, align="center", before="60mm", after="8mm", color=acc, brk="page"),
        pstyle("AdP", bf, 13, align="center", after="4mm"),
    ]
    head = {"title": m["title"], "title-issue": "%s %s年第%s期" % (m["title"], m["year"], m["number"]),
            "section": m["title"], "none": ""}[d["head_form"]]
    even_head = head
    odd_head = head if d["head_form"] in ("title", "section") else "%s年第%s期" % (m["year"], m["number"])
    fol = folio_xml(d["folio"], m["title"])

    def side(left_page, where):
        """(header xml, footer xml) for a left or right page."""
        fp, hp = d["folio_pos"], d["head_pos"]
        outer = "HeadL" if left_page else "HeadR"
        inner = "HeadR" if left_page else "HeadL"
        h_text = even_head if left_page else odd_head
        heads, foots = [], []
        if fp == "top-outer":
            heads.append((outer, fol))
        elif fp == "bottom-outer":
            foots.append((outer, fol))
        else:
            foots.append(("HeadF", fol))
        if h_text:
            st_ = {"top-inner": inner, "top-center": "HeadF", "top-outer": outer}[hp]
            if heads and st_ == heads[0][0]:
                st_ = inner
            heads.append((st_, e(h_text)))
        return heads if where == "head" else foots

    def block(items):
        # one line: items at start, centre, end via tabs
        if not items:
            return '<text:p text:style-name="HeadF"/>'
        if len(items) == 1:
            return '<text:p text:style-name="%s">%s</text:p>' % items[0]
        order = sorted(items, key=lambda x: {"HeadL": 0, "HeadF": 1, "HeadR": 2}[x[0]])
        return '<text:p text:style-name="HeadTabs">%s</text:p>' % "<text:tab/>".join(x[1] for x in order)

    st.append('<style:style style:name="HeadTabs" style:family="paragraph"><style:paragraph-properties>'
              '<style:tab-stops><style:tab-stop style:position="%gmm" style:type="right"/></style:tab-stops>'
              '</style:paragraph-properties>%s</style:style>' % (w, tprops(hf, 8)))
    master = ('<style:master-page style:name="Body" style:page-layout-name="PL">'
              '<style:header>%s</style:header><style:header-left>%s</style:header-left>'
              '<style:footer>%s</style:footer><style:footer-left>%s</style:footer-left></style:master-page>'
              '<style:master-page style:name="Front" style:page-layout-name="PL0" style:next-style-name="Front"/>') % (
        block(side(False, "head")), block(side(True, "head")), block(side(False, "foot")), block(side(True, "foot")))
    layout = ('<style:page-layout style:name="PL" style:page-usage="mirrored"><style:page-layout-properties '
              'fo:page-width="{w}mm" fo:page-height="{h}mm" fo:margin-top="{t}mm" fo:margin-bottom="{b}mm" '
              'fo:margin-left="{l}mm" fo:margin-right="{r}mm"/>'
              '<style:header-style><style:header-footer-properties fo:min-height="6mm" fo:margin-bottom="3mm" '
              'fo:border-bottom="0.2mm solid #666666" fo:padding-bottom="0.5mm"/></style:header-style>'
              '<style:footer-style><style:header-footer-properties fo:min-height="6mm" fo:margin-top="3mm"/>'
              '</style:footer-style></style:page-layout>'
              '<style:page-layout style:name="PL0"><style:page-layout-properties fo:page-width="{w}mm" '
              'fo:page-height="{h}mm" fo:margin-top="{T}mm" fo:margin-bottom="{B}mm" fo:margin-left="{l}mm" '
              'fo:margin-right="{r}mm"/></style:page-layout>').format(
        w=d["w"], h=d["h"], t=top - 10, b=bottom - 10, l=left, r=right, T=top, B=bottom)
    return "".join(st), layout, master


def tab_wrap(tab):
    # tab stops go inside paragraph-properties: pstyle closes the element, so
    # the caller's extra cannot hold children; handled in styles() below
    return ""


def auto_styles(issue):
    d = issue["design"]
    s = []
    s.append('<style:style style:name="Cols" style:family="section"><style:section-properties>'
             '<style:columns fo:column-count="%d" fo:column-gap="%dmm"/></style:section-properties></style:style>' % (
                 d["columns"], d["gutter"]))
    s.append('<style:style style:name="TocCols" style:family="section"><style:section-properties>'
             '<style:columns fo:column-count="%d" fo:column-gap="8mm"/></style:section-properties></style:style>' % (
                 d["toc_columns"]))
    s.append('<style:style style:name="Tab" style:family="table"><style:table-properties style:width="%gmm" '
             'table:align="center"/></style:style>' % (d["w"] - d["margin"][1] - d["margin"][3]))
    s.append('<style:style style:name="TabCell" style:family="table-cell"><style:table-cell-properties '
             'fo:border="0.3mm solid #555555" fo:padding="0.6mm"/></style:style>')
    s.append('<style:style style:name="TabHCell" style:family="table-cell"><style:table-cell-properties '
             'fo:border="0.3mm solid #555555" fo:padding="0.6mm" fo:background-color="#eeeeee"/></style:style>')
    s.append('<style:style style:name="FigRow" style:family="table-row"><style:table-row-properties '
             'style:min-row-height="%dmm"/></style:style>' % (30 if d["columns"] > 1 else 45))
    s.append('<style:style style:name="FigCell" style:family="table-cell"><style:table-cell-properties '
             'fo:background-color="#d6d6d6" fo:border="0.3mm solid #999999"/></style:style>')
    s.append('<style:style style:name="Fig" style:family="table"><style:table-properties style:width="60mm" '
             'table:align="margins"/></style:style>')
    return "".join(s)


def p(style, text):
    return '<text:p text:style-name="%s">%s</text:p>' % (style, e(text))


def table_xml(tb):
    rows = tb["rows"]
    n = len(rows[0])
    out = ['<table:table table:name="T%d" table:style-name="Tab">' % (abs(hash(tb["title"])) % 10000)]
    out.append('<table:table-column table:number-columns-repeated="%d"/>' % n)
    out.append("<table:table-header-rows><table:table-row>%s</table:table-row></table:table-header-rows>" % "".join(
        '<table:table-cell table:style-name="TabHCell" office:value-type="string">%s</table:table-cell>' % p("TabC", c)
        for c in rows[0]))
    for r in rows[1:]:
        out.append("<table:table-row>%s</table:table-row>" % "".join(
            '<table:table-cell table:style-name="TabCell" office:value-type="string">%s</table:table-cell>' % p("TabC", c)
            for c in r))
    out.append("</table:table>")
    return p("TabT", tb["title"]) + "".join(out) + p("TabS", tb["source"])


FIG = ('<table:table table:name="F{n}" table:style-name="Fig"><table:table-column/>'
       '<table:table-row table:style-name="FigRow"><table:table-cell table:style-name="FigCell">'
       '<text:p/></table:table-cell></table:table-row></table:table>')


class Body:
    def __init__(self, d):
        self.d = d
        self.out = []
        self.nsec = 0
        self.infig = 0

    def cols_open(self):
        self.nsec += 1
        self.out.append('<text:section text:style-name="Cols" text:name="S%d">' % self.nsec)

    def cols_close(self):
        self.out.append("</text:section>")

    def items(self, items):
        self.cols_open()
        for it in items:
            k, t = it["kind"], it.get("text", "")
            if k == "body":
                self.out.append(p("Body", t))
            elif k == "heading":
                self.out.append(p("Head1" if it.get("level", 1) == 1 else "Head2", t))
            elif k == "figure":
                self.infig += 1
                self.out.append(FIG.format(n=self.infig))
            elif k == "caption":
                self.out.append(p("Cap", t))
            elif k == "pull":
                self.out.append(p("Pull", t))
            elif k == "tail":
                self.out.append(p("Tail", t))
            elif k == "source":
                self.out.append(p("Src", t))
            elif k == "jump":
                self.out.append(p("Jump", t))
            elif k == "table":
                self.cols_close()
                self.out.append(table_xml(it["table"]))
                self.cols_open()
        self.cols_close()


def render(issue, pages):
    d = issue["design"]
    m = issue["meta"]
    st, layout, master = styles(issue)
    b = Body(d)
    o = b.out
    # cover and 目录 on the Front page style
    if d["letter"]:
        # no cover: masthead and 本期要目 open page 1
        o.append(p("LMast", m["title"]))
        o.append(p("LInfo", "第%s期（总第%s期）　%s　%s" % (m["number"], m["total"], m["publisher"], m["date_text"])))
        o.append(p("TocHeadL", "本期要目"))
    else:
        o.append('<text:p text:style-name="MastF">%s</text:p>' % e(m["title"]))
        o.append(p("Cover", "%s年第%s期　总第%s期" % (m["year"], m["number"], m["total"])))
        o.append(p("CoverSmall", "主管：" + m["sponsor"]))
        o.append(p("Cover", "主办：" + m["publisher"]))
        o.append(p("Cover", m["date_text"] + "出版"))
        o.append('<text:p text:style-name="TocHeadBrk">目　录</text:p>')
    o.append('<text:section text:style-name="TocCols" text:name="Toc">')
    sec = None
    for i, a in enumerate(issue["articles"]):
        if a["section"] != sec:
            sec = a["section"]
            o.append(p("TocSec", d["toc_mark"].format(s=sec)))
        pg = str(pages.get(i, "00"))
        if d["toc_brackets"]:
            pg = "（%s）" % pg
        au = "　".join(a["authors"])
        inline = au and d["toc_authors"] == "after"
        t = a["toc_title"] + ("　" + au if inline else "")
        if d["toc_page_first"]:
            o.append('<text:p text:style-name="TocE">%s<text:s/><text:s/>%s</text:p>' % (e(pg), e(t)))
        else:
            o.append('<text:p text:style-name="TocE">%s<text:tab/>%s</text:p>' % (e(t), e(pg)))
        if au and not inline:
            o.append(p("TocA", au))
    o.append("</text:section>")
    if d["letter"]:
        o.append(p("LInfo", ""))
    sec = None
    first_body = not d["letter"]
    for (i, part) in issue["order"]:
        if i < 0:
            n = issue["notices"][-i - 1]
            if n.get("advert"):
                o.append(p("AdT", n["title"]))
                for it in n["items"]:
                    o.append(p("AdP", it["text"]))
                o.append(p("AdP", "公益广告"))
            else:
                o.append(p("NoticeT", n["title"]))
                for it in n["items"]:
                    o.append(p("Notice", it["text"]))
            continue
        a = issue["articles"][i]
        if part == 2:
            o.append(p("JumpUp", a["jump_up"]))
            b.items(a["part2"])
            continue
        brk = d["new_page"]
        first_of_sec = a["section"] != sec
        sec = a["section"]
        lead_style = None
        if first_body:
            lead_style = "FirstBody"
        elif brk:
            lead_style = "brk"
        heads = []
        if first_of_sec and d["banner"] != "none":
            heads.append(("Banner", {"rule": "■ {s}"}.get(d["banner"], "{s}").format(s=a["section"])))
        if a["kicker"]:
            heads.append(("Kicker", a["kicker"]))
        heads.append(("Title", a["title"]))
        for k, (style, text) in enumerate(heads):
            if k == 0 and lead_style == "FirstBody":
                style = {"Banner": "FirstBanner", "Kicker": "FirstKicker", "Title": "FirstBody"}[style]
            elif k == 0 and lead_style == "brk":
                style = {"Banner": "BannerBrk", "Kicker": "KickerBrk", "Title": "TitleBrk"}[style]
            o.append(p(style, text))
        first_body = False
        if a["subtitle"]:
            o.append(p("Sub", a["subtitle"]))
        if a["byline"]:
            o.append(p("Byline", a["byline"]))
        items = a["part1"] if "part1" in a else a["items"]
        for it in items:
            if it["kind"] == "note":
                o.append(p("Lead", it["text"]))
        rest = [it for it in items if it["kind"] != "note"]
        if "part1" in a:
            rest = rest + [{"kind": "jump", "text": a["jump_down"]}]
        b.items(rest)
    d_ = issue["design"]
    extra_styles = [
        pstyle("MastF", d_["head_font"], 40 if d_["size"] != "A5" else 30, bold=True, align="center", before="40mm",
               color=d_["accent"], parent="Front"),
        pstyle("TocHeadBrk", d_["head_font"], 20, bold=True, align="center", after="6mm", brk="page"),
        pstyle("LMast", d_["head_font"], 30, bold=True, align="center", color=d_["accent"], parent="Body",
               extra=' style:page-number="1"'),
        pstyle("LInfo", d_["body_font"], 9, align="center", after="4mm",
               extra=' fo:border-bottom="1.2mm double %s" fo:padding-bottom="1mm"' % d_["accent"]),
        pstyle("TocHeadL", d_["head_font"], 12, bold=True, align="start", after="1mm", color=d_["accent"]),
        pstyle("KickerBrk", d_["head_font"], 10.5, align="center", brk="page", extra=' fo:keep-with-next="always"'),
        pstyle("FirstBanner", d_["head_font"], 15, bold=True, align="start", after="4mm", color=d_["accent"], keep=True,
               brk="page", parent="Body",
               extra=' style:page-number="%s" fo:border-bottom="1mm solid %s"' % (
                   "auto" if d_["number_from_cover"] else "1", d_["accent"])),
        pstyle("FirstKicker", d_["head_font"], 10.5, align="center", brk="page", parent="Body",
               extra=' style:page-number="%s" fo:keep-with-next="always"' % (
                   "auto" if d_["number_from_cover"] else "1")),
    ]
    # the TOC entry style needs its tab stop inside paragraph-properties
    toc_tab = ('<style:tab-stops><style:tab-stop style:position="%gmm" style:type="right"%s/></style:tab-stops>' % (
        ((d_["w"] - d_["margin"][1] - d_["margin"][3]) / d_["toc_columns"]) - (6 if d_["toc_columns"] == 2 else 0),
        ' style:leader-style="dotted" style:leader-text="."' if d_["toc_leaders"] else ""))
    st = st.replace('<style:style style:name="TocE" style:family="paragraph"><style:paragraph-properties '
                    'fo:text-align="start" fo:text-indent="0" fo:margin-top="0" fo:margin-bottom="0" '
                    'fo:line-height="150%"/>',
                    '<style:style style:name="TocE" style:family="paragraph"><style:paragraph-properties '
                    'fo:text-align="start" fo:text-indent="0" fo:margin-top="0" fo:margin-bottom="0" '
                    'fo:line-height="150%">' + toc_tab + '</style:paragraph-properties>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s>'
            '<office:font-face-decls>%s</office:font-face-decls>'
            '<office:styles>%s%s</office:styles>'
            '<office:automatic-styles>%s%s</office:automatic-styles>'
            '<office:master-styles>%s</office:master-styles>'
            '<office:body><office:text>%s</office:text></office:body></office:document>' % (
                NS, fonts(d), st, "".join(extra_styles), auto_styles(issue), layout, master, "".join(o)))


def produce(issue, pages, work, name, run_quiet):
    src = os.path.join(work, name + ".fodt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(render(issue, pages))
    prof = os.path.join(work, "lo-profile")
    run_quiet(["soffice", "-env:UserInstallation=file://" + prof, "--headless", "--convert-to", "pdf",
               "--outdir", work, src], timeout=600)
    pdf = os.path.join(work, name + ".pdf")
    import locate
    texts = locate.page_texts(pdf)
    a0 = issue["articles"][0]
    para = next(it["text"] for it in a0["items"] if it["kind"] == "body")
    first = locate.Locator(texts, locate.page_texts(pdf, raw=True)).find(para, start=0) or 3
    nfront = first - 1
    return pdf, nfront, (0 if issue["design"]["number_from_cover"] else nfront)
