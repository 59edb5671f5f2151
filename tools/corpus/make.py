#!/usr/bin/env python3
"""make.py — builds corpus issues: plan (content + design from a seed), lay
out with a real producer, find where the producer put every title and
paragraph (pdftotext), print the right page numbers in the 目录 and the jump
lines (render again until they no longer change), write the truth.

    tools/corpus/make.py LIST OUTROOT [NAME...]

LIST (tools/corpus/issues.txt) has one issue a line: NAME PRODUCER KIND SEED
SPLIT [FONT] (FONT: the body font, spaces as _; or design settings the seed's
plan did not draw, KEY=VALUE[,KEY=VALUE], e.g. gutter=8). Writes
OUTROOT/SPLIT/NAME.pdf and NAME.truth.xml.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import content  # noqa: E402
import locate  # noqa: E402
import plan  # noqa: E402
import truth  # noqa: E402
from plan import MM  # noqa: E402

PASSES = 5


# ---- producers ----------------------------------------------------------------

def run_quiet(cmd, cwd=None, timeout=300):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
    if r.returncode != 0:
        sys.stderr.write(r.stdout.decode("utf-8", "replace")[-3000:])
        sys.stderr.write(r.stderr.decode("utf-8", "replace")[-3000:])
        raise RuntimeError("%s failed (%d)" % (cmd[0], r.returncode))
    return r


def chromium_pdf(html, out, work):
    src = os.path.join(work, os.path.basename(out) + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    prof = tempfile.mkdtemp(dir=work)
    run_quiet(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + prof, "--print-to-pdf=" + out, "--no-pdf-header-footer",
               "file://" + src])
    shutil.rmtree(prof, ignore_errors=True)


def weasyprint_pdf(html, out, work):
    """WeasyPrint (Debian's 57.2): its own CSS layout, font subsetting and
    text encoding. The HTML is chrome.py's, adapted where WeasyPrint renders
    it otherwise (chrome.render with the issue's producer)."""
    src = os.path.join(work, os.path.basename(out) + ".html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    run_quiet(["weasyprint", "-q", src, out], timeout=1800)


def html_pdf(producer):
    return weasyprint_pdf if producer == "weasyprint" else chromium_pdf


def npages(pdf):
    r = run_quiet(["pdfinfo", pdf])
    for line in r.stdout.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def merge(parts, out):
    run_quiet(["qpdf", "--empty", "--static-id", "--pages"] + parts + ["--", out])


def compact(pdf):
    """Chromium's Type 3 glyph procedures compress well: keeps the corpus small."""
    tmp = pdf + ".tmp"
    run_quiet(["qpdf", "--static-id", "--recompress-flate", "--compression-level=9",
               "--object-streams=generate", pdf, tmp])
    os.replace(tmp, pdf)


# ---- magazines ----------------------------------------------------------------------

def prepare_magazine(issue, rng):
    """Splits the continued article and orders articles, notices and the
    continuation: [(article index, part)], a notice is (-1 - k, 1)."""
    arts = issue["articles"]
    c = issue["continued"]
    if c is not None:
        a = arts[c]
        k = next(i for i, it in enumerate(a["items"]) if it["kind"] == "break")
        a["part1"], a["part2"] = a["items"][:k], a["items"][k + 1:]
        a["items"] = a["part1"] + a["part2"]
    order = [(i, 1) for i in range(len(arts))]
    if c is not None:
        order.append((c, 2))
    notices = issue["notices"]
    for k, n in enumerate(notices):
        if n.get("advert"):
            order.append((-1 - k, 1))
        else:
            pos = rng.randint(2, len(arts) - 1) if len(arts) > 2 else len(arts)
            if c is not None and pos == c + 1:
                pos += 1
            order.insert(pos, (-1 - k, 1))
    issue["order"] = order


JUMPS = [("（下转第{n}页）", "（上接第{n}页）"), ("（下转第{n}页）", "（上接第{n}页）"),
         ("(转第{n}页)", "(接第{n}页)")]


def magazine_pass(issue, pages, jumps, work, name):
    """Renders once; returns (pdf, nfront)."""
    d = issue["design"]
    c = issue["continued"]
    if c is not None:
        a = issue["articles"][c]
        a["jump_down"] = issue["jump_forms"][0].format(n=jumps[0])
        a["jump_up"] = issue["jump_forms"][1].format(n=jumps[1])
    pdf = os.path.join(work, name + ".pdf")
    if issue["producer"] in ("chromium", "weasyprint"):
        import chrome as H
        front, body = H.render(issue, pages)
        to_pdf = html_pdf(issue["producer"])
        if front is None:
            # one document: folios count from the cover, not printed before
            # the first article
            to_pdf(body, pdf, work)
            a0 = issue["articles"][0]
            texts = article_texts(issue, locate.page_texts(pdf))
            # the first text printed after the title: a lead box cut by
            # the page's end starts on the title's page, its body after it
            para = next(it["text"] for it in a0["items"] if it["kind"] in ("note", "body"))
            first = locate.Locator(texts).find(para, start=0)
            if issue["design"].get("letter"):
                # a letter prints its folio from page 1, which opens with
                # its masthead and 本期要目 (Chromium sets the first headline
                # there too; WeasyPrint may carry the first article over)
                first = 1
            return pdf, (first or 3) - 1, 0
        fp, bp = os.path.join(work, "front.pdf"), os.path.join(work, "body.pdf")
        to_pdf(front, fp, work)
        to_pdf(body, bp, work)
        merge([fp, bp], pdf)
        nf = npages(fp)
        return pdf, nf, nf
    if issue["producer"] == "libreoffice":
        import fodt
        return fodt.produce(issue, pages, work, name, run_quiet)
    if issue["producer"] == "xelatex":
        import tex
        return tex.produce(issue, pages, work, name, run_quiet)
    raise ValueError(issue["producer"])


def article_texts(issue, texts):
    """The page texts where articles are looked for: a letter's 本期要目
    box on page 1 prints the titles too, and an article is where its title
    is printed again, not its TOC line."""
    if issue["design"].get("letter") and texts:
        for a in issue["articles"]:
            t = locate.norm(a.get("toc_title", a["title"]))
            texts[0] = texts[0].replace(t, "", 1)
    return texts


def locate_magazine(issue, pdf, nfront, offset):
    """Pages of titles and paragraphs; returns a dict of findings."""
    texts = article_texts(issue, locate.page_texts(pdf))
    L = locate.Locator(texts, article_texts(issue, locate.page_texts(pdf, raw=True)))
    L.cur = nfront
    found = {"art": {}, "items": {}, "n": len(texts)}
    for (i, part) in issue["order"]:
        if i < 0:
            n = issue["notices"][-i - 1]
            p = L.find(n["title"])
            ps = [L.find(it["text"]) for it in n["items"]]
            found["art"][("n", -i - 1)] = (p, max([x or p for x in ps] + [p]))
            found["items"][("n", -i - 1)] = ps
            continue
        a = issue["articles"][i]
        if part == 1:
            if a["kicker"]:
                # the kicker from its title: a kicker two articles on one
                # page share would be found at the first one's place. It
                # is on the title's page when printed right above it, else
                # stranded at the foot of an earlier page.
                start = L.cur
                first = tp = L.find(a["title"])
                k = locate.norm(a["kicker"])
                if tp and k + locate.norm(a["title"])[:8] not in texts[tp - 1]:
                    first = max((i + 1 for i in range(start, tp) if k in texts[i]), default=tp)
            else:
                first = L.find(a["title"])
            items = a["part1"] if "part1" in a else a["items"]
            ps = []
            for it in items:
                ps.append(L.find(it["text"]) if it.get("text") else L.cur + 1)
                if it["kind"] == "table":
                    it["last_page"] = L.find(it["table"]["source"]) or ps[-1]
            if items and items[-1].get("text"):
                ps[-1] = L.find_end(items[-1]["text"], ps[-1] or first)
            if "part1" in a:
                jd = L.find(a["jump_down"])
                found["jump_down"] = jd
            found["art"][(i, 1)] = (first, max([x or first for x in ps] + [first]))
            found["items"][(i, 1)] = ps
        else:
            first = L.find(a["jump_up"])
            ps = []
            for it in a["part2"]:
                ps.append(L.find(it["text"]) if it.get("text") else L.cur + 1)
                if it["kind"] == "table":
                    it["last_page"] = L.find(it["table"]["source"]) or ps[-1]
            found["art"][(i, 2)] = (first, max([x or first for x in ps] + [first]))
            found["items"][(i, 2)] = ps
            found["jump_up"] = first
    return found


def label_of(pdfpage, nfront, offset):
    if pdfpage is None or pdfpage <= nfront:
        return None
    return str(pdfpage - (offset or 0))


def build_magazine(issue, work, name):
    rng = random.Random("order-%d" % issue["seed"])
    prepare_magazine(issue, rng)
    issue["jump_forms"] = rng.choice(JUMPS)
    pages, jumps = {}, ("00", "00")
    for _ in range(PASSES):
        pdf, nfront, offset = magazine_pass(issue, pages, jumps, work, name)
        f = locate_magazine(issue, pdf, nfront, offset)
        newpages = {i: label_of(f["art"][(i, 1)][0], nfront, offset) or "00"
                    for i in range(len(issue["articles"]))}
        newj = (label_of(f.get("jump_up"), nfront, offset) or "00",
                label_of(f.get("jump_down"), nfront, offset) or "00")
        if newpages == pages and (issue["continued"] is None or newj == jumps):
            break
        pages, jumps = newpages, newj
    else:
        raise RuntimeError(name + ": page numbers did not settle")
    return pdf, magazine_truth(issue, pdf, f, nfront, offset)


def furniture_pages(issue, pdf, nfront, offset, top_mm, bottom_mm):
    bands = locate.band_lines(pdf, top_mm * MM, bottom_mm * MM)
    pages = []
    for k, b in enumerate(bands):
        idx = k + 1
        lab = label_of(idx, nfront, offset)
        furn = []
        if lab is not None:
            for (text, x0, y0, x1, y1) in b["lines"]:
                digits = "".join(ch for ch in text if ch.isdigit())
                kind = "page-number" if lab in digits and len(locate.norm(text)) <= len(lab) + 8 else "running-head"
                furn.append((text, x0, y0, x1, y1, kind))
        pages.append({"index": idx, "w": b["w"], "h": b["h"], "label": lab, "furniture": furn})
    return pages


TRUTH_KINDS = ("body", "heading", "note", "caption", "source", "tail", "jump")


def magazine_truth(issue, pdf, f, nfront, offset):
    d = issue["design"]
    m = issue["meta"]
    t = {"kind": "magazine", "meta": {
        "title": m["title"], "year": m["year"], "number": m["number"], "total-number": m["total"],
        "date": m["date"], "date-text": m["date_text"], "sponsor": m["sponsor"], "publisher": m["publisher"]}}
    # Chromium and WeasyPrint print their margin boxes up to the page area's
    # edge; Writer and LaTeX keep a gap between the head/foot and the text: a
    # line whose middle is 2 mm inside the margin is the text's
    slack = 0 if issue["producer"] in ("chromium", "weasyprint") else 2
    t["pages"] = furniture_pages(issue, pdf, nfront, offset, d["margin"][0] - slack, d["margin"][2] - slack)
    lab = lambda p: label_of(p, nfront, offset)  # noqa: E731
    arts, toc, tables = [], [], []
    sec = None
    for i, a in enumerate(issue["articles"]):
        first, last = f["art"][(i, 1)]
        paras = []
        items1 = a["part1"] if "part1" in a else a["items"]
        ps1 = f["items"][(i, 1)]
        seq = list(zip(items1, ps1))
        pagespan = list(range(first, last + 1))
        if "part1" in a:
            seq.append(({"kind": "jump", "text": a["jump_down"]}, f["jump_down"]))
            f2, l2 = f["art"][(i, 2)]
            seq.append(({"kind": "jump", "text": a["jump_up"]}, f2))
            seq += list(zip(a["part2"], f["items"][(i, 2)]))
            pagespan += list(range(f2, l2 + 1))
            last = l2
        for it, p in seq:
            if it["kind"] == "table":
                tb = dict(it["table"])
                tb["page"] = p or first
                tb["last"] = it.get("last_page") or tb["page"]
                tables.append(tb)
            if it["kind"] in TRUTH_KINDS and it.get("text"):
                paras.append({"kind": it["kind"], "text": it["text"], "page": p,
                              "level": it.get("level", 1)})
        aid = "a%d" % (i + 1)
        arts.append({"id": aid, "kind": "article", "section": a["section"], "kicker": a["kicker"],
                     "title": a["title"], "subtitle": a["subtitle"], "byline": a["byline"],
                     "authors": a["authors"], "pages": [lab(p) for p in pagespan if lab(p)],
                     "pdf_first": first, "pdf_last": last, "in_toc": True, "paras": paras})
        if a["section"] != sec:
            sec = a["section"]
            toc.append((sec, d["toc_mark"].format(s=sec), []))
        toc[-1][2].append({"page": lab(first), "pdf_page": first, "article": aid,
                           "title": a.get("toc_title", a["title"]),
                           "authors": a["authors"] if a.get("toc_authors", True) else []})
    for k, n in enumerate(issue["notices"]):
        first, last = f["art"][("n", k)]
        arts.append({"id": "n%d" % (k + 1), "kind": "notice", "title": n["title"], "authors": [],
                     "pages": [lab(p) for p in range(first, last + 1) if lab(p)],
                     "pdf_first": first, "pdf_last": last,
                     "paras": [{"kind": "body", "text": it["text"], "page": p}
                               for it, p in zip(n["items"], f["items"][("n", k)])]})
    t["articles"], t["toc"], t["tables"] = arts, toc, tables
    return t


# ---- driver -------------------------------------------------------------------------

def as_printed(pdf, t):
    """The truth's titles and paragraphs as printed (locate.printed: a
    punctuation mark the producer left out is not in the truth either)."""
    seen = locate.seen_text(pdf)
    for a in t["articles"]:
        for k in ("kicker", "title", "subtitle"):
            if a.get(k):
                a[k] = locate.printed(a[k], seen)
        for p in a["paras"]:
            p["text"] = locate.printed(p["text"], seen)
    for _, _, entries in t["toc"] or []:
        for e in entries:
            e["title"] = locate.printed(e["title"], seen)


# what a producer stamps on each run: the same layout printed again differs
# only in these
STAMPS = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[^)]*\)|/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]"
                    rb"|/DocChecksum\s*/[0-9A-Fa-f]+|<xmp:(?:CreateDate|ModifyDate|MetadataDate)>[^<]*<|"
                    rb"uuid:[0-9a-fA-F-]+")


def looks(pdf):
    """What a PDF prints: its words with their boxes and its pages drawn at
    40 dpi."""
    words = run_quiet(["pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"]).stdout
    words = words[words.find(b"<doc>"):]  # not the header's dates
    out = tempfile.mkdtemp()
    try:
        run_quiet(["pdftoppm", "-r", "40", "-gray", pdf, os.path.join(out, "p")])
        pages = []
        for n in sorted(os.listdir(out)):
            with open(os.path.join(out, n), "rb") as f:
                pages.append(f.read())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return words, pages


def same_print(a, b):
    """Whether PDFs a and b print the same: equal but for their date and ID
    stamps, or the same words in the same places and the same page images
    (Writer may write its font objects in another order each run)."""
    try:
        with open(a, "rb") as f, open(b, "rb") as g:
            x, y = f.read(), g.read()
    except OSError:
        return False
    if x == y or (len(x) == len(y) and STAMPS.sub(b"", x) == STAMPS.sub(b"", y)):
        return True
    return looks(a) == looks(b)


def check(name, pdf, t):
    """Every truth text must be printed: the start and end of each title and
    paragraph are looked for in the producer's text (reading order and
    content-stream order). Reports what is missing (a glyph the font lacks,
    a paragraph cut off), does not stop."""
    seen = "".join(locate.page_texts(pdf)) + "\n" + locate.raw_text(pdf)
    missing = []
    for a in t["articles"]:
        for s in [a["title"]] + [p["text"] for p in a["paras"]]:
            s = locate.norm(s)
            for key in (s[:8], s[-8:]):
                if key and key not in seen:
                    missing.append(key)
    if missing:
        print("corpus: %s: %d truth texts not found in the PDF text: %s" % (
            name, len(missing), " ".join(missing[:5])), file=sys.stderr)


def set_design(design, values):
    """KEY=VALUE[,KEY=VALUE] over the seed's design, each in the type it has."""
    for kv in values.split(","):
        k, v = kv.split("=", 1)
        old = design[k]
        if isinstance(old, list):  # margins: 22/14/20/20
            design[k] = [int(x) for x in v.split("/")]
        elif isinstance(old, bool):
            design[k] = v == "True"
        elif isinstance(old, (int, float)):
            design[k] = float(v) if "." in v else int(v)
        else:
            design[k] = v.replace("_", " ")


def design_values(font):
    return font if font and "=" in font else None


def build(name, producer, kind, seed, outdir, font=None):
    work = tempfile.mkdtemp(prefix="qk-corpus-")
    try:
        if kind == "newspaper":
            import news
            issue = news.plan_newspaper(seed, producer)
            if design_values(font):
                # drawn with the page's rows already chosen: not cols or size
                set_design(issue["design"], font)
            pdf, t = news.build(issue, work, name, run_quiet, chromium_pdf)
        elif kind == "journal":
            import journal
            issue = journal.plan_journal(seed, producer, design_values(font))
            pdf, t = journal.build(issue, work, name, run_quiet)
        else:
            issue = plan.plan_magazine(seed, producer, kind)
            if font and "=" in font:
                set_design(issue["design"], font)
            elif font:
                issue["design"]["body_font"] = font
            content.restyle_bylines(issue)
            if issue["design"]["caption_last"]:
                content.caption_last(issue["articles"])
            pdf, t = build_magazine(issue, work, name)
        os.makedirs(outdir, exist_ok=True)
        out = os.path.join(outdir, name + ".pdf")
        if producer == "chromium":
            compact(pdf)
        as_printed(pdf, t)
        # the same layout again keeps the PDF there byte for byte (a truth
        # rebuilt after a generator fix; the producers stamp the time)
        if not same_print(pdf, out):
            shutil.copyfile(pdf, out)
        truth.write(os.path.join(outdir, name + ".truth.xml"), out, t)
        check(name, out, t)
    finally:
        if not os.environ.get("QK_CORPUS_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    only = set(argv[3:])
    with open(argv[1], encoding="utf-8") as f:
        rows = [ln.split() for ln in f if ln.strip() and not ln.startswith("#")]
    for row in rows:
        name, producer, kind, seed, split = row[:5]
        font = row[5] if len(row) > 5 else None
        if font and "=" not in font:
            font = font.replace("_", " ")
        if only and name not in only:
            continue
        print("corpus: %s/%s (%s %s seed %s)" % (split, name, producer, kind, seed), flush=True)
        build(name, producer, kind, int(seed), os.path.join(argv[2], split), font)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
