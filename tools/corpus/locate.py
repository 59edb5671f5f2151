"""locate.py — where the producer put things: the text of each PDF page
(pdftotext, whitespace ignored) and the lines of the page's head and foot
bands with their boxes (pdftotext -bbox-layout), which are the furniture."""
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

WS = re.compile(r"\s+")


def norm(s):
    return WS.sub("", s or "")


def raw_text(pdf):
    """The whole text in content-stream order (pdftotext -raw), whitespace
    removed: a paragraph's last line cut off by another column's in the
    reading-order text is whole here."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return norm(out)


def seen_text(pdf):
    """Everything the PDF prints, whitespace removed: the reading-order text
    of every page, then the content-stream order (a line a column cut off in
    one order is whole in the other)."""
    return "".join(page_texts(pdf)) + "\n" + raw_text(pdf)


def printed(text, seen, ctx=6):
    """text as the producer printed it: a punctuation mark it did not print
    is dropped. LibreOffice Writer leaves out a comma or full stop that
    would hang past a justified line's end (…向高端化迈进 / 内蒙古…, the 。
    gone). A mark is taken as unprinted when the characters around it (up
    to ctx a side, at least 3) are printed with nothing between them but
    never with the mark: text a column or page cuts leaves both unfound and
    the mark kept. Spaces in text stay as they are."""
    keep = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    drop = set()
    changed = True
    while changed:
        changed = False
        cur = [(i, c) for i, c in keep if i not in drop]
        for k, (i, c) in enumerate(cur):
            if not unicodedata.category(c).startswith("P"):
                continue
            a = "".join(x for _, x in cur[max(0, k - ctx):k])
            b = "".join(x for _, x in cur[k + 1:k + 1 + ctx])
            if len(a) < 3 or len(b) < 3:
                continue
            if a + c + b not in seen and a + b in seen:
                drop.add(i)
                changed = True
                break
    out = "".join(c for i, c in enumerate(text) if i not in drop)
    return printed_as(out, seen, ctx)


# marks a producer may print as another code point (XeLaTeX with some CJK
# fonts prints the middle dot · as the katakana one ・; with a Noto Serif CJK
# body, the ellipsis …… as the midline one ⋯⋯ in its text)
TWINS = {"·": "・", "…": "⋯"}


def printed_as(text, seen, ctx=6):
    """text with a mark the producer printed as its twin (TWINS) replaced by
    what it printed, when the characters around it (up to ctx a side, at
    least 3) are printed with the twin and never with the mark. A run of the
    mark (……) is taken whole."""
    chars = list(text)
    k = 0
    while k < len(chars):
        c = chars[k]
        twin = TWINS.get(c)
        n = 1
        while twin is not None and k + n < len(chars) and chars[k + n] == c:
            n += 1
        if twin is not None:
            a = "".join(x for x in chars[max(0, k - ctx):k] if not x.isspace())
            b = "".join(x for x in chars[k + n:k + n + ctx] if not x.isspace())
            if len(a) >= 3 and len(b) >= 3 and a + c * n + b not in seen and a + twin * n + b in seen:
                chars[k:k + n] = [twin] * n
        k += n
    return "".join(chars)


def page_texts(pdf, raw=False):
    """Each page's text, whitespace removed: in reading order, or with raw in
    content-stream order (pdftotext -raw)."""
    out = subprocess.run(["pdftotext"] + (["-raw"] if raw else []) + ["-enc", "UTF-8", pdf, "-"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [norm(p) for p in pages]


class Locator:
    """Finds texts in reading order: each search starts on the page where the
    previous one was found, so a repeated sentence (a pull quote, a headline
    repeated on a later 版) is taken at its place in the flow. With raw (the
    pages in content-stream order), a key is also looked for there: columns
    so narrow that pdftotext reads across them as rows (four on A5) leave no
    line of a paragraph beside the next in the reading order, and a short
    key then matches an earlier page (the TOC) instead."""

    def __init__(self, pages, raw=None):
        self.pages = pages
        self.raw = raw
        self.cur = 0

    def _on(self, key, i):
        return key in self.pages[i] or (self.raw is not None and key in self.raw[i])

    def find(self, text, start=None, advance=True):
        t = norm(text)
        if not t:
            return None
        s = self.cur if start is None else start
        for n in (12, 8, 5, 3):
            key = t[:n]
            for i in range(s, len(self.pages)):
                if self._on(key, i):
                    if advance:
                        self.cur = i
                    return i + 1
        return None

    def find_end(self, text, first):
        """The page where text ends (its last characters), from page first."""
        t = norm(text)
        for n in (10, 6, 3):
            key = t[-n:]
            for i in range(first - 1, len(self.pages)):
                if self._on(key, i):
                    self.cur = max(self.cur, i)
                    return i + 1
        return first


def band_lines(pdf, top_pt, bottom_pt):
    """Per page (1-based list index 0 = page 1): the lines whose middle lies above
    top_pt or below bottom_pt (points from the top), as (text, x0, y0, x1, y1),
    plus the page size."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    xml = xml.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(xml)
    out = []
    for page in root.iter("page"):
        w, h = float(page.get("width")), float(page.get("height"))
        lines = []
        for line in page.iter("line"):
            words = [wd.text or "" for wd in line.iter("word")]
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            # by the line's middle: Type 3 glyph boxes are taller than the glyphs
            mid = (y0 + y1) / 2
            if mid <= top_pt or mid >= h - bottom_pt:
                lines.append((" ".join(words), float(line.get("xMin")), y0, float(line.get("xMax")), y1))
        out.append({"w": w, "h": h, "lines": lines})
    return out
