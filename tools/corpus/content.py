"""content.py — the words of a corpus issue, drawn from a seed.

Prose comes from the samples' sources (samples/src/*.xml, original text) and
from prose.py (new text in the same register). A seed picks the articles, cuts
them to length and dresses them with the features real issues carry: kickers,
subtitles, bylines in many forms, lead boxes, tail lines, captions, pull
quotes, tables, notices. Everything here is producer-neutral: an issue is a
dict the renderers (chrome.py, fodt.py, tex.py) lay out and truth.py writes.

An article item is a dict {"kind": K, "text": T} where K is one of the model's
paragraph kinds (body heading note caption source tail jump) or one of the
layout-only kinds "pull" (pull quote: a repeated body sentence, not in the
truth), "figure" (photo placeholder; its caption follows as a caption item),
"table" (with "table": rows) and "break" (where a continued article jumps).
"""
import os
import random
import re
import xml.etree.ElementTree as ET

import prose

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _text(el):
    return "".join(el.itertext()).strip() if el is not None else ""


def load_pool():
    """Articles of the samples' sources: title, subtitle, kicker, authors,
    lead note, body items (p / h), figures. Sorted for determinism."""
    pool = []
    src = os.path.join(ROOT, "samples", "src")
    for name in sorted(os.listdir(src)):
        if not name.endswith(".xml"):
            continue
        root = ET.parse(os.path.join(src, name)).getroot()
        news = root.get("layout") == "newspaper"
        for a in root.findall("article"):
            if a.get("part-of"):
                continue
            title = _text(a.find("title"))
            t = a.find("title")
            if t is not None and t.find("br") is not None:
                title = "".join(t.itertext()).strip()
            items = []
            captions = []
            for el in a:
                if el.tag == "p":
                    items.append({"kind": "body", "text": _text(el)})
                elif el.tag in ("h", "org"):
                    items.append({"kind": "heading", "text": _text(el),
                                  "level": int(el.get("level", "1"))})
                elif el.tag == "figure" and el.get("caption"):
                    captions.append(el.get("caption"))
            if not title or sum(1 for i in items if i["kind"] == "body") < 2:
                continue
            pool.append({
                "origin": name[:-4] + "/" + (a.get("id") or ""),
                "news": news,
                "section": a.get("section") or "",
                "kicker": _text(a.find("kicker")),
                "title": title,
                "subtitle": _text(a.find("subtitle")),
                "authors": [_text(x) for x in a.findall("author") if _text(x)],
                "note": _text(a.find("note")),
                "items": items,
                "captions": captions,
            })
    for p in prose.ARTICLES:
        pool.append(dict(p, origin="prose", captions=list(p.get("captions", [])),
                         items=[dict(i) for i in p["items"]]))
    return pool


def spaced(name):
    """Two-character names are printed with a space: 孙涛 → 孙 涛."""
    return name[0] + " " + name[1] if len(name) == 2 else name


def pick_names(rng, n):
    out = []
    while len(out) < n:
        s = rng.choice(prose.SURNAMES) + "".join(
            rng.choice(prose.GIVEN) for _ in range(rng.choice((1, 1, 2))))
        if s not in out:
            out.append(s)
    return out


# ---- bylines ------------------------------------------------------------------

def magazine_byline(rng, authors, form):
    """(printed byline, authors) for a magazine article."""
    sp = [spaced(a) if rng.random() < 0.6 else a for a in authors]
    if form == "wen":
        return "文／" + "　".join(sp), authors
    if form == "box":
        return "□ " + " ".join(sp), authors
    if form == "reporter":
        return "本刊记者 " + " ".join(sp), authors
    if form == "org":
        org = rng.choice(prose.ORGS)
        return org + rng.choice(prose.JOBS) + " " + sp[0], authors[:1]
    if form == "zuozhe":
        return "作者：" + "、".join(authors), authors
    return "  ".join(sp), authors


def news_byline(rng, authors, form):
    """(printed byline or None, dateline or None, authors) for a newspaper."""
    sp = [spaced(a) for a in authors]
    if form == "dateline":
        return None, "本报讯（记者 " + " ".join(sp) + "）", authors
    if form == "dateline2" and len(authors) >= 2:
        return None, "本报讯（记者 %s 通讯员 %s）" % (sp[0], sp[1]), authors[:2]
    if form == "pair" and len(authors) >= 2:
        return "记者 %s 通讯员 %s" % (sp[0], sp[1]), None, authors[:2]
    if form == "wen":
        return "文／" + " ".join(sp), None, authors
    return "本报记者 " + " ".join(sp), None, authors


# ---- tables ---------------------------------------------------------------------

def make_table(rng, long_rows=False):
    """A statistics table with header cells long enough to wrap."""
    place = prose.PLACES[:]
    rng.shuffle(place)
    nrows = rng.randint(26, 34) if long_rows else rng.randint(4, 7)
    cols = rng.choice(prose.TABLE_COLUMNS)
    title = rng.choice(prose.TABLE_TITLES)
    rows = [[c for c in cols]]
    for i in range(nrows):
        name = place[i % len(place)] + ("" if i < len(place) else str(i // len(place) + 1) + "区")
        r = [name]
        for _ in cols[1:]:
            r.append("%.1f" % (rng.uniform(-5, 40) if rng.random() < 0.5 else rng.uniform(1, 900)))
        rows.append(r)
    return {"title": title, "rows": rows, "header_rows": 1,
            "source": "资料来源：" + rng.choice(prose.STAT_SOURCES)}


# ---- dressing an article ------------------------------------------------------------

SENT = re.compile(r"[^。！？]+[。！？]")


def dress(rng, base, kind, opts):
    """One article of the issue from a pool article. opts: dict of features
    the issue plan asks for (byline form, lead, tail, caption, pull, table,
    kicker, subtitle, maxpars)."""
    items = [dict(i) for i in base["items"]]
    # cut to length at a body paragraph, keep at least two body paragraphs
    maxp = opts.get("maxpars", 8)
    out, nbody = [], 0
    for it in items:
        if it["kind"] == "body":
            if nbody >= maxp:
                break
            nbody += 1
        out.append(it)
    while out and out[-1]["kind"] == "heading":
        out.pop()
    items = out
    authors = list(base["authors"]) or pick_names(rng, rng.choice((1, 1, 2)))
    art = {"kind": "article", "section": opts.get("section", ""), "kicker": "",
           "title": base["title"], "subtitle": "", "byline": None,
           "authors": [], "items": [], "toc": True}
    if opts.get("kicker"):
        art["kicker"] = base["kicker"] or rng.choice(prose.KICKERS)
    if opts.get("subtitle"):
        art["subtitle"] = base["subtitle"] or "——" + rng.choice(prose.SUBTITLES)
    elif base["subtitle"] and rng.random() < 0.5:
        art["subtitle"] = base["subtitle"]
    lead = []
    if opts.get("lead"):
        text = base["note"] or rng.choice(prose.LEADS)
        text = re.sub(r"^(编者按|编者话|导语|核心阅读)[：:]\s*", "", text)
        label = opts["lead"]
        if label == "核心阅读":
            lead.append({"kind": "note", "text": "核心阅读", "label": True})
            lead.append({"kind": "note", "text": text})
        else:
            lead.append({"kind": "note", "text": label + "：" + text})
    dateline = None
    if kind == "newspaper":
        byline, dateline, authors = news_byline(rng, authors, opts.get("byline", "reporter"))
    else:
        byline, authors = magazine_byline(rng, authors, opts.get("byline", "plain"))
    art["byline"] = byline
    art["authors"] = authors
    art["byline_names"] = opts.get("byline") in ("wen", "box", "plain")
    body = items
    if dateline:
        # the dateline stays at the head of the first body paragraph
        for it in body:
            if it["kind"] == "body":
                it["text"] = dateline + it["text"]
                break
    if opts.get("caption"):
        cap = (base["captions"][0] if base["captions"] else
               rng.choice(prose.CAPTIONS) + " " + spaced(pick_names(rng, 1)[0]) + " 摄")
        pos = min(len(body), rng.randint(1, 3))
        body[pos:pos] = [{"kind": "figure", "text": ""}, {"kind": "caption", "text": cap}]
    if opts.get("pull"):
        bodies = [i for i in body if i["kind"] == "body"]
        sents = SENT.findall(bodies[min(1, len(bodies) - 1)]["text"])
        sents = [s for s in sents if 14 <= len(s) <= 48] or sents[:1]
        pos = min(len(body), 3)
        body[pos:pos] = [{"kind": "pull", "text": sents[0].strip("，")}]
    if opts.get("table"):
        pos = min(len(body), rng.randint(2, 4))
        t = make_table(rng, opts.get("table") == "long")
        body[pos:pos] = [{"kind": "table", "text": t["title"], "table": t}]
    tail = []
    for t in opts.get("tails", []):
        if t == "signature":
            tail.append({"kind": "tail", "text": "（" + authors[0] + "）"})
        elif t == "source":
            tail.append({"kind": "source", "text": rng.choice(prose.SOURCES)})
        elif t == "speech":
            tail.append({"kind": "tail", "text": rng.choice(prose.SPEECH_TAILS)})
        elif t == "editor":
            tail.append({"kind": "tail", "text": "责任编辑：" + pick_names(rng, 1)[0]})
        elif t == "writer":
            tail.append({"kind": "tail", "text": "撰稿：" + "、".join(pick_names(rng, 2))})
        elif t == "unit":
            tail.append({"kind": "tail", "text": "作者单位：" + rng.choice(prose.ORGS)})
    art["items"] = lead + body + tail
    return art


# bylines of names alone a design may print in another form (an override,
# issues.txt byline_form=…; the seed's draws are left as they were)
BYLINE_FORMS = {"suffix": "{names}／文", "ring": "◎ {names}"}


def restyle_bylines(issue):
    form = issue["design"].get("byline_form")
    if not form:
        return
    for a in issue["articles"]:
        if a.get("byline_names"):
            a["byline"] = BYLINE_FORMS[form].format(names="　".join(spaced(n) for n in a["authors"]))


def caption_last(arts):
    """The photo and its caption moved to the end of the article's text,
    right before its tail lines (design value caption_last, opt-in): a
    caption then a tail line, which Chromium sets close enough to be read
    as one block."""
    for a in arts:
        items = a["items"]
        k = next((i for i, it in enumerate(items) if it["kind"] == "figure"), None)
        if k is None or k + 1 >= len(items) or items[k + 1]["kind"] != "caption":
            continue
        fig = items[k:k + 2]
        del items[k:k + 2]
        end = len(items)
        while end > 0 and items[end - 1]["kind"] in ("tail", "source"):
            end -= 1
        items[end:end] = fig


def notices(rng, meta):
    """Items outside the TOC: a call for papers and a public-service advert."""
    out = []
    cfp = {"kind": "notice", "section": "", "kicker": "", "title": "征稿启事",
           "subtitle": "", "byline": None, "authors": [], "toc": False,
           "items": [{"kind": "body", "text": t.format(**meta)} for t in prose.CALL_FOR_PAPERS]}
    out.append(cfp)
    ad = rng.choice(prose.ADVERTS)
    out.append({"kind": "notice", "section": "", "kicker": "", "title": ad[0],
                "subtitle": "", "byline": None, "authors": [], "toc": False,
                "advert": True,
                "items": [{"kind": "body", "text": t} for t in ad[1:]]})
    return out
