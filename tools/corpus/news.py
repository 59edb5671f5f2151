"""news.py — a city daily of four 版 laid out by headless Chromium.

Each 版 is one page: a 版头 line at the top or the bottom (furniture), on
版1 a masthead with the date, 期号 and CN number, a 报眼 box and a weather box,
a 导读 box; then rows of article blocks, each spanning some of the page's 4–5
columns with its own column flow (CSS columns) under its headline. The lead
story is continued to a later 版 that is not the next one, its headline
repeated there. Blocks have fixed heights; a script in the page drops the last
paragraphs of a block that does not fit, Chromium's --dump-dom gives the page
as it will print, and the truth is read from that page, not from the plan."""
import datetime
import os
import random
import re
import tempfile
from html import escape
from html.parser import HTMLParser

import chrome
import content
import locate
import plan
import prose
from plan import MM, NEWS_TITLES, PAGE_SIZES, SANS, SERIF, KAI

WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
EDITIONS = ["要闻", "要闻", "经济", "综合", "民生", "文化", "县区"]

# row templates: (height share, [column spans])
ROWS5 = [[(1, [5]), (1, [3, 2]), (1, [2, 3]), (1, [2, 1, 2]), (1, [3, 2])],
         [(1, [3, 2]), (1, [2, 3]), (1, [1, 2, 2]), (1, [5]), (1, [2, 3])],
         [(1, [5]), (1, [2, 3]), (1, [3, 2]), (1, [2, 2, 1]), (1, [5])],
         [(1, [2, 3]), (1, [5]), (1, [3, 2]), (1, [2, 2, 1]), (1, [2, 3])]]
ROWS4 = [[(1, [4]), (1, [2, 2]), (1, [1, 3]), (1, [2, 2]), (1, [4])],
         [(1, [3, 1]), (1, [2, 2]), (1, [4]), (1, [1, 3]), (1, [2, 2])],
         [(1, [2, 2]), (1, [4]), (1, [1, 3]), (1, [3, 1]), (1, [2, 2])],
         [(1, [4]), (1, [1, 3]), (1, [2, 2]), (1, [4]), (1, [3, 1])]]


def plan_newspaper(seed, producer):
    rng = random.Random("newspaper-%s-%d" % (producer, seed))
    pool = content.load_pool()
    news = [p for p in pool if p["news"]]
    other = [p for p in pool if not p["news"] and p["section"] != "卷首语"]
    rng.shuffle(news)
    rng.shuffle(other)
    pool = news + other
    t = rng.choice(NEWS_TITLES)
    year = rng.choice([2023, 2024])
    mon, day = rng.randint(1, 12), rng.randint(1, 28)
    dt = datetime.date(year, mon, day)
    size = rng.choice(["4开", "4开", "对开"])
    w, h = PAGE_SIZES[size]
    if size == "对开":
        w, h = 500, 700
    cols = rng.choice([4, 5])
    d = {"size": size, "w": w, "h": h, "cols": cols, "gutter": rng.choice([4, 5, 6]),
         "margin": rng.choice([12, 14, 16]),
         "body_font": rng.choice(SERIF + KAI[:1]), "head_font": rng.choice(SANS[:1] + SERIF[:1]),
         "body_size": 10.5 if size == "4开" else 11.5,
         "edhead_pos": rng.choice(["top", "top", "bottom"]),
         "accent": rng.choice(["#b01c1c", "#1c3f8a", "#111111"]),
         "mast": rng.choice(["eye-left", "eye-right", "name-left"]),
         # opt-in: stories boxed by thin black rules with little white around
         # them (1 mm over and under a row's rule, 1.5 mm beside a story's),
         # a kicker in the body's font and size
         "rules": False}
    plan.chromium_fonts(d, producer)
    meta = {"title": t[0], "host": t[1], "year": str(year), "number": str(rng.randint(6000, 9900)),
            "date": dt.isoformat(), "date_text": "%d年%d月%d日" % (year, mon, day),
            "weekday": WEEKDAYS[dt.weekday()], "cn": "CN14—00%d" % rng.randint(10, 99)}
    editions = [EDITIONS[0]] + rng.sample(EDITIONS[1:], 3)
    pages = []
    k = 0
    for e in range(4):
        rows = [list(r) for r in rng.choice(ROWS5 if cols == 5 else ROWS4)]
        blocks = []
        for (hs, spans) in rows:
            for sp in spans:
                base = pool[k % len(pool)]
                k += 1
                opts = {"maxpars": 14,
                        "byline": rng.choice(["reporter", "dateline", "dateline2", "pair", "wen"]),
                        "kicker": rng.random() < 0.35, "subtitle": rng.random() < 0.15,
                        "lead": rng.choice([None, None, None, "编者话", "核心阅读"]) if sp >= 3 else None,
                        "caption": sp >= 2 and rng.random() < 0.4,
                        "tails": ["editor"] if rng.random() < 0.1 else []}
                art = content.dress(rng, base, "newspaper", opts)
                art["section"] = ""
                blocks.append({"span": sp, "share": hs, "art": art})
        pages.append({"edition": e + 1, "name": editions[e], "rows": rows, "blocks": blocks,
                      "editor": content.pick_names(rng, 1)[0]})
    # the lead story of 版1 continues on 版3 or 版4
    lead = pages[0]["blocks"][0]
    lead["cont_to"] = rng.choice([3, 4])
    ad = rng.choice(prose.ADVERTS)
    return {"kind": "newspaper", "meta": meta, "design": d, "pages": pages, "seed": seed,
            "producer": producer, "advert": ad, "editions": editions,
            "guide_head": rng.choice(prose.GUIDE_HEAD)}


def css(issue):
    return chrome.with_fallback(_css(issue))


RULED_CSS = """
.row { gap: 1.5mm; border-top: 0.3mm solid #000; padding-top: 1mm; margin-top: 1mm; }
.blk + .blk { border-left: 0.3mm solid #000; padding-left: 1.5mm; }
.kicker { font-family: '%(bf)s'; font-size: 1em; }
"""


def _css(issue):
    d = issue["design"]
    return (BASE_CSS + (RULED_CSS if d["rules"] else "")) % {
        "w": d["w"], "h": d["h"], "bf": d["body_font"], "bs": d["body_size"], "m": d["margin"],
        "hf": d["head_font"], "kf": d["kai_font"], "acc": d["accent"], "g": d["gutter"],
        "edb": "bottom" if d["edhead_pos"] == "top" else "top",
        "mf": 54 if d["size"] == "4开" else 64}


BASE_CSS = """
@page { size: %(w)dmm %(h)dmm; margin: 0; }
html { font-family: '%(bf)s'; font-size: %(bs)gpt; line-height: 1.5; }
body { margin: 0; }
.pg { width: %(w)dmm; height: %(h)dmm; box-sizing: border-box; padding: %(m)dmm; position: relative;
      break-after: page; overflow: hidden; display: flex; flex-direction: column; }
.ed { font-family: '%(hf)s'; font-size: 9pt; display: flex; justify-content: space-between;
      border-%(edb)s: 0.6mm solid %(acc)s; padding: 1mm 0; height: 6mm; box-sizing: border-box; flex: 0 0 auto; }
.mast { display: flex; align-items: stretch; border-bottom: 1.2mm double %(acc)s; margin-bottom: 2mm; flex: 0 0 auto; }
.mast .name { font-family: '%(hf)s'; font-weight: bold; font-size: %(mf)dpt; color: %(acc)s; letter-spacing: 0.15em; flex: 1 1 auto; text-align: center; padding: 2mm 0; }
.mast .info { font-size: 8.5pt; width: 42mm; padding: 2mm; line-height: 1.5; }
.eye { border: 0.4mm solid %(acc)s; width: 60mm; padding: 1.5mm 2mm; font-size: 8.5pt; margin: 1mm 0; }
.eye b { font-family: '%(hf)s'; color: %(acc)s; }
.guide { display: flex; border: 0.4mm solid #555; margin-bottom: 2mm; font-size: 9pt; flex: 0 0 auto; }
.guide .gh { font-family: '%(hf)s'; writing-mode: vertical-rl; background: %(acc)s; color: white; padding: 1mm; }
.guide ul { margin: 1mm 2mm; padding: 0; list-style: none; columns: 2; column-gap: 6mm; flex: 1 1 auto; }
.weather { font-size: 8pt; border-left: 0.3mm solid #999; padding: 1mm 2mm; width: 45mm; }
.main { flex: 1 1 auto; display: flex; flex-direction: column; min-height: 0; overflow: hidden; }
.row { display: flex; align-items: flex-start; gap: %(g)dmm; border-top: 0.4mm solid #333; padding-top: 1.5mm; margin-top: 1.5mm; flex: 0 0 auto; }
.row:first-child { border-top: none; margin-top: 0; }
.blk { overflow: hidden; min-width: 0; }
.blk + .blk { border-left: 0.3mm solid #999; padding-left: %(g)dmm; }
.kicker { font-family: '%(hf)s'; font-size: 10pt; }
h1 { font-family: '%(hf)s'; margin: 0.5mm 0 1mm; line-height: 1.25; }
.sub { font-size: 10pt; margin-bottom: 1mm; }
.byline { font-family: '%(hf)s'; font-size: 9pt; margin-bottom: 1.5mm; }
.lead { border: 0.3mm solid #777; background: #f0f0f0; padding: 1.5mm 2mm; margin-bottom: 2mm; font-family: '%(kf)s'; font-size: 0.95em; }
.cols { column-gap: %(g)dmm; column-rule: 0.2mm solid #bbb; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h2 { font-family: '%(hf)s'; font-size: 1.05em; margin: 1mm 0; text-align: center; }
.fig { background: #d6d6d6; height: 40mm; break-inside: avoid; margin: 1mm 0 0.5mm; }
.cap { text-indent: 0; font-size: 0.85em; font-family: '%(kf)s'; margin-bottom: 1mm; }
.tail { text-indent: 0; text-align: right; font-size: 0.9em; }
.jump { text-indent: 0; text-align: right; font-family: '%(hf)s'; font-size: 0.9em; }
.jumpup { text-indent: 0; font-family: '%(hf)s'; font-size: 0.9em; }
.ad { border: 0.8mm solid %(acc)s; text-align: center; padding: 4mm; margin-top: 2mm; flex: 0 0 auto; }
.ad h1 { color: %(acc)s; }
.ad p { text-indent: 0; text-align: center; }
"""


FIT_JS = """
<script>
// Fit each 版: rows take their natural height; the blocks of a row are trimmed
// towards the shortest one so that no block ends far above its neighbour; then,
// while the page overflows, a last row that starts near the foot goes whole,
// else the tallest block of the last row gives up its last paragraph.
const droppable = b => Array.from(b.querySelectorAll('p[data-drop]'));
function drop(b) {
  const l = droppable(b);
  if (l.length <= 2) return false;
  l[l.length - 1].remove();
  const c = b.querySelector('.cols');
  for (let q = c.lastElementChild; q && (q.tagName === 'H2' || q.classList.contains('fig'));
       q = c.lastElementChild) q.remove();
  return true;
}
for (const m of document.querySelectorAll('.main')) {
  for (const r of m.querySelectorAll('.row')) {
    const bs = Array.from(r.querySelectorAll('.blk'));
    if (bs.length < 2) continue;
    for (let g = 0; g < 60; g++) {
      bs.sort((a, b) => b.scrollHeight - a.scrollHeight);
      const tall = bs[0], low = bs[bs.length - 1];
      if (tall.scrollHeight - low.scrollHeight < 60 || !drop(tall)) break;
    }
  }
  let guard = 0;
  while (m.scrollHeight > m.clientHeight + 1 && guard++ < 400) {
    // a row that starts below the page goes whole
    const rows = Array.from(m.querySelectorAll('.row'));
    const last = rows[rows.length - 1];
    if (rows.length > 1 && last.offsetTop - m.offsetTop + 80 > m.clientHeight) { last.remove(); continue; }
    const c = Array.from(last.querySelectorAll('.blk')).filter(b => droppable(b).length > 2);
    const all = Array.from(m.querySelectorAll('.blk')).filter(b => droppable(b).length > 2);
    const pool = c.length ? c : all;
    if (!pool.length || (!c.length && rows.length > 1)) {
      // nothing left to give in the last row: it goes whole (a clipped
      // paragraph would be in the truth but not on the page)
      if (rows.length > 1) { last.remove(); continue; }
      break;
    }
    pool.sort((a, b) => b.offsetHeight - a.offsetHeight);
    drop(pool[0]);
  }
}
</script>
"""


def items_html(items, start_id, droppable=True):
    out = []
    n = start_id
    for it in items:
        k, t = it["kind"], escape(it.get("text", ""))
        n += 1
        it["pid"] = n
        if k == "body":
            out.append('<p%s data-id="%d">%s</p>' % (' data-drop="1"' if droppable else "", n, t))
        elif k == "heading":
            out.append('<h2 data-id="%d">%s</h2>' % (n, t))
        elif k == "figure":
            out.append('<div class="fig"></div>')
        elif k == "caption":
            out.append('<p class="cap" data-id="%d">%s</p>' % (n, t))
        elif k in ("tail", "source"):
            out.append('<p class="tail" data-keep="1" data-id="%d">%s</p>' % (n, t))
    return "\n".join(out), n


def block_html(issue, b, part, nid):
    a = b["art"]
    d = issue["design"]
    cols = b["span"]
    size = {1: 15, 2: 19, 3: 23, 4: 27, 5: 30}[min(5, cols)] + (4 if d["size"] == "对开" else 0)
    out = []
    if a["kicker"] and part != 2:
        out.append('<div class="kicker">%s</div>' % escape(a["kicker"]))
    out.append('<h1 style="font-size:%dpt">%s</h1>' % (size if part != 2 else size - 4, escape(a["title"])))
    if part == 2:
        out.append('<p class="jumpup">%s</p>' % escape(a["jump_up"]))
        body, nid = items_html(a["part2"], nid)
        out.append('<div class="cols" style="column-count:%d">%s</div>' % (cols, body))
        return "\n".join(out), nid
    head, rest = chrome.head_html(a)
    out += head
    body, nid = items_html(rest, nid, "part1" not in a)
    if "part1" in a:
        body += '\n<p class="jump">%s</p>' % escape(a["jump_down"])
    out.append('<div class="cols" style="column-count:%d">%s</div>' % (cols, body))
    return "\n".join(out), nid


def render(issue):
    d = issue["design"]
    m = issue["meta"]
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>%s</style></head><body>' % css(issue)]
    nid = 0
    for pg in issue["pages"]:
        e = pg["edition"]
        edh = '<div class="ed"><span>%s</span><span>第%d版　%s</span><span>责任编辑：%s</span></div>' % (
            "%s　%s" % (m["date_text"], m["weekday"]), e, pg["name"], escape(pg["editor"]))
        out.append('<div class="pg">')
        if d["edhead_pos"] == "top" and e > 1:
            out.append(edh)
        if e == 1:
            eye = issue["eye"]
            parts = {"eye": '<div class="eye"><b>%s</b><br>%s</div>' % (escape(eye[0]), escape(eye[1])),
                     "name": '<div class="name">%s</div>' % escape(m["title"]),
                     "info": '<div class="info">%s<br>%s<br>%s<br>第%s期　今日4版<br>%s</div>' % (
                         escape(m["host"]), m["date_text"], m["weekday"], m["number"], m["cn"])}
            order = {"eye-left": ("eye", "name", "info"), "eye-right": ("info", "name", "eye"),
                     "name-left": ("name", "info", "eye")}[d["mast"]]
            out.append('<div class="mast">%s</div>' % "".join(parts[k] for k in order))
            guide = "".join("<li>▶ %s　第%d版</li>" % (escape(t), n) for t, n in issue["guide"])
            wx = "<br>".join("%s：%s %s %s" % w for w in prose.WEATHER)
            out.append('<div class="guide"><div class="gh">%s</div><ul>%s</ul><div class="weather"><b>天气预报</b><br>%s</div></div>'
                       % (escape(issue["guide_head"]), guide, wx))
        out.append('<div class="main">')
        bi = 0
        for (share, spans) in pg["rows"]:
            out.append('<div class="row">')
            for sp in spans:
                b = pg["blocks"][bi]
                bi += 1
                part = b.get("part", 1)
                html, nid = block_html(issue, b, part, nid)
                out.append('<div class="blk" style="flex: %d 1 0">%s</div>' % (sp, html))
            out.append("</div>")
        out.append("</div>")
        if e == 4:
            ad = issue["advert"]
            out.append('<div class="ad"><h1>%s</h1>%s<p style="font-size:8pt">公益广告</p></div>' % (
                escape(ad[0]), "".join("<p>%s</p>" % escape(x) for x in ad[1:])))
        if d["edhead_pos"] == "bottom" and e > 1:
            out.append(edh)
        out.append("</div>")
    out.append(FIT_JS + "</body></html>")
    return "\n".join(out)


class Kept(HTMLParser):
    """The data-id of every element left in the dumped page."""

    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "data-id":
                self.ids.add(int(v))


def dump_dom(html, work, run_quiet):
    src = os.path.join(work, "news.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    prof = tempfile.mkdtemp(dir=work)
    r = run_quiet(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--user-data-dir=" + prof, "--virtual-time-budget=5000", "--dump-dom", "file://" + src])
    return r.stdout.decode("utf-8")


def build(issue, work, name, run_quiet, chromium_pdf):
    rng = random.Random("news-build-%d" % issue["seed"])
    pages = issue["pages"]
    lead = pages[0]["blocks"][0]
    a = lead["art"]
    to = lead["cont_to"]
    bodies = [i for i, it in enumerate(a["items"]) if it["kind"] == "body"]
    cut = bodies[min(3, len(bodies) - 2)]
    a["part1"], a["part2"] = a["items"][:cut], a["items"][cut:]
    a["jump_down"] = "（下转第%d版）" % to
    a["jump_up"] = "（上接第1版）"
    # the continuation takes the place of the first block of 版 `to`
    tgt = pages[to - 1]["blocks"][0]
    tgt.update({"art": a, "part": 2})
    issue["eye"] = (rng.choice(["今日关注", "报眼"]), rng.choice(prose.CAPTIONS[:3]).rstrip("。") + "，详见第2版。")
    issue["guide"] = [(p["blocks"][1]["art"]["title"], p["edition"]) for p in pages[1:]]
    html = render(issue)
    dom = dump_dom(html, work, run_quiet)
    dom = re.sub(r"<script>.*?</script>", "", dom, flags=re.S)
    kept = Kept()
    kept.feed(dom)
    pdf = os.path.join(work, name + ".pdf")
    chromium_pdf(dom, pdf, work)
    return pdf, truth(issue, pdf, kept.ids)


def truth(issue, pdf, kept):
    d = issue["design"]
    m = issue["meta"]
    texts = locate.page_texts(pdf)
    ed = (6 + d["margin"] + 1) * MM
    bands = locate.band_lines(pdf, ed if d["edhead_pos"] == "top" else 0,
                              ed if d["edhead_pos"] == "bottom" else 0)
    tpages = []
    for k, b in enumerate(bands):
        furn = []
        if k > 0:
            for (text, x0, y0, x1, y1) in b["lines"]:
                furn.append((text, x0, y0, x1, y1, "edition-header"))
        tpages.append({"index": k + 1, "w": b["w"], "h": b["h"], "label": str(k + 1), "furniture": furn})
    arts = []
    seen = set()
    L = locate.Locator(texts)
    for pg in issue["pages"]:
        for b in pg["blocks"]:
            a = b["art"]
            if id(a) in seen:
                continue
            seen.add(id(a))
            p0 = pg["edition"]
            paras = []

            def add(items, page):
                for it in items:
                    if it["kind"] in ("body", "heading", "caption", "tail", "source") and it.get("pid") in kept:
                        paras.append({"kind": it["kind"], "text": it["text"], "page": page,
                                      "level": it.get("level", 1)})
            notes = [it for it in (a["part1"] if "part1" in a else a["items"]) if it["kind"] == "note"]
            for it in notes:
                paras.append({"kind": "note", "text": it["text"], "page": p0})
            if "part1" in a:
                add([it for it in a["part1"] if it["kind"] != "note"], p0)
                to = b["cont_to"]
                paras.append({"kind": "jump", "text": a["jump_down"], "page": p0})
                paras.append({"kind": "jump", "text": a["jump_up"], "page": to})
                add(a["part2"], to)
                pagelist, last = [str(p0), str(to)], to
            else:
                add([it for it in a["items"] if it["kind"] != "note"], p0)
                pagelist, last = [str(p0)], p0
            if not any(p["kind"] == "body" for p in paras):
                continue
            arts.append({"id": "n%d" % (len(arts) + 1), "kind": "article", "kicker": a["kicker"],
                         "title": a["title"], "subtitle": a["subtitle"], "byline": a["byline"],
                         "authors": a["authors"], "pages": pagelist, "pdf_first": p0, "pdf_last": last,
                         "in_toc": False, "paras": paras})
    ad = issue["advert"]
    arts.append({"id": "ad1", "kind": "notice", "title": ad[0], "authors": [], "pages": ["4"],
                 "pdf_first": 4, "pdf_last": 4,
                 "paras": [{"kind": "body", "text": x, "page": 4} for x in ad[1:]]})
    meta = {"title": m["title"], "year": m["year"], "number": m["number"], "date": m["date"],
            "date-text": m["date_text"], "weekday": m["weekday"], "cn": m["cn"], "edition-count": "4"}
    return {"kind": "newspaper", "meta": meta, "pages": tpages, "tables": [], "toc": [], "articles": arts}
