"""tex.py — lays a planned magazine out with XeLaTeX (ctex/xeCJK).

LaTeX numbers everything itself: the 目录 is its own \\tableofcontents (entries
written to the .toc at shipout, so their page numbers are right after the
third run), jump lines use \\pageref, running heads are fancyhdr's (the
section name through \\markright). Tables are longtables (header repeated on
the next page); the body is set in multicols."""
import os
import subprocess


SPECIAL = {"\\": r"\textbackslash{}", "%": r"\%", "$": r"\$", "&": r"\&", "#": r"\#",
           "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


# Characters some body fonts lack (〇 in AR PL SungtiL GB and KaitiM GB):
# XeLaTeX prints a blank there (.notdef, U+FFFD in the text) while the truth
# has the character. A typesetter takes the glyph from another font; so do we,
# only in an issue whose body font lacks it (the others' PDFs stay as they were).
RARE = "〇"
FALLBACK = "Noto Serif CJK SC"
_lacking = set()


def font_lacks(font, ch):
    out = subprocess.run(["fc-list", "%s:charset=%x" % (font, ord(ch)), "family"],
                         capture_output=True, text=True).stdout
    return not out.strip()


def fallback(body_font):
    """The preamble line of the fallback family; esc() uses it from now on for
    the characters body_font lacks (every XeLaTeX layout calls this first, so
    one issue's choice does not carry over to the next built in this process)."""
    _lacking.clear()
    _lacking.update(c for c in RARE if font_lacks(body_font, c))
    return r"\newCJKfontfamily\cjkfallback{%s}" % FALLBACK


def esc(s):
    return "".join(r"{\cjkfallback %s}" % c if c in _lacking else SPECIAL.get(c, c) for c in s or "")


def folio_tex(form, title):
    return esc(form.replace("{t}", title)).replace("\\{n\\}", r"\thepage{}")


def preamble(issue):
    """The document head. xeCJK leaves box drawing and geometric shapes
    (□ ■ ◆ ▌) to the Latin font, which lacks them: they are declared CJK. So
    is the ratio sign ∶ (U+2236, GB 2312's A1C3: 6.4∶49.4), which Latin Modern
    prints as .notdef, blank (xelatex-letter-81 printed nothing there)."""
    d = issue["design"]
    m = issue["meta"]
    fb = fallback(d["body_font"])
    top, right, bottom, left = d["margin"]
    cols = d["columns"]
    t = m["title"]
    head = {"title": esc(t), "title-issue": esc("%s %s年第%s期" % (t, m["year"], m["number"])),
            "section": r"\rightmark", "none": ""}[d["head_form"]]
    folio = folio_tex(d["folio"], t)
    fp, hp = d["folio_pos"], d["head_pos"]
    hd = {"LE": [], "RO": [], "CE": [], "CO": [], "LO": [], "RE": []}
    ft = {"LE": [], "RO": [], "CE": [], "CO": []}
    if fp == "bottom-center":
        ft["CE"].append(folio)
        ft["CO"].append(folio)
    elif fp == "bottom-outer":
        ft["LE"].append(folio)
        ft["RO"].append(folio)
    else:
        hd["LE"].append(folio)
        hd["RO"].append(folio)
    if head:
        if hp == "top-center":
            hd["CE"].append(head)
            hd["CO"].append(head)
        elif hp == "top-outer" and fp != "top-outer":
            hd["LE"].append(head)
            hd["RO"].append(head)
        else:
            hd["RE"].append(head)
            hd["LO"].append(head)
    fancy = []
    for k, v in hd.items():
        fancy.append(r"\fancyhead[%s]{\small %s}" % (k, r"\quad ".join(v)))
    for k, v in ft.items():
        fancy.append(r"\fancyfoot[%s]{\small %s}" % (k, r"\quad ".join(v)))
    zihao = r"\zihao{-5}" if d["body_size"] <= 9.5 else ""
    leaders = (r"\leaders\hbox to 0.7em{\hss.\hss}\hfill" if d["toc_leaders"] else r"\hfill")
    pg = (r"（#3）" if d["toc_brackets"] else "#3")
    if d["toc_page_first"]:
        entry = r"\noindent\makebox[2.5em][l]{%s}#1\ifx&#2&\else\quad #2\fi\par" % pg
        entry_line = r"\noindent\makebox[2.5em][l]{%s}#1\par\ifx&#2&\else\noindent\hspace*{4em}{\small #2}\par\fi" % pg
    else:
        entry = r"\noindent #1\ifx&#2&\else\quad #2\fi%s\nobreak\ %s\par" % (leaders, pg)
        entry_line = r"\noindent #1%s\nobreak\ %s\par\ifx&#2&\else\noindent\hspace*{2em}{\small #2}\par\fi" % (leaders, pg)
    mark = esc(d["toc_mark"]).replace("\\{s\\}", "#1")
    return r"""\documentclass[UTF8,zihao=5,twoside]{ctexart}
\usepackage[paperwidth=%(w)dmm,paperheight=%(h)dmm,top=%(top)dmm,bottom=%(bottom)dmm,inner=%(left)dmm,outer=%(right)dmm,headsep=4mm,footskip=9mm,headheight=14pt]{geometry}
\usepackage{fancyhdr,multicol,longtable,array,xcolor,calc,needspace}
\xeCJKDeclareCharClass{CJK}{"2500 -> "25FF}
\xeCJKDeclareCharClass{CJK}{"2236}
\setCJKmainfont{%(bf)s}
\setCJKsansfont{%(hf)s}
\setCJKfamilyfont{kai}{%(kf)s}
\newcommand{\kai}{\CJKfamily{kai}}
%(fb)s
\definecolor{acc}{HTML}{%(acc)s}
\setlength{\columnsep}{%(gut)dmm}
\setlength{\parindent}{2em}
\linespread{1.25}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0.4pt}
%(fancy)s
\renewcommand{\sectionmark}[1]{}
\makeatletter
\newcommand{\tocentry}[3]{%(entry)s}
\newcommand{\tocentryline}[3]{%(entry_line)s}
\newcommand{\lettertoc}{\@starttoc{toc}}
\newcommand{\letterhead}{{\sffamily\bfseries\color{acc}本期要目}\par\smallskip}
\newcommand{\tocsec}[1]{\par\medskip\noindent{\sffamily\bfseries\color{acc}%(mark)s}\par\smallskip}
\renewcommand{\tableofcontents}{\begin{center}{\sffamily\bfseries\Huge 目\quad 录}\end{center}\bigskip
%(tocbegin)s\@starttoc{toc}%(tocend)s}
\makeatother
\begin{document}%(zihao)s
""" % {"zihao": zihao, "w": d["w"], "h": d["h"], "top": top, "bottom": bottom, "left": left, "right": right,
       "bf": d["body_font"], "fb": fb, "hf": d["head_font"], "kf": d["kai_font"], "acc": d["accent"][1:],
       "gut": d["gutter"], "fancy": "\n".join(fancy), "entry": entry, "entry_line": entry_line,
       "mark": mark,
       "tocbegin": r"\begin{multicols}{2}" if d["toc_columns"] == 2 else "",
       "tocend": r"\end{multicols}" if d["toc_columns"] == 2 else ""}


def cols_begin(d):
    return r"\begin{multicols}{%d}" % d["columns"] if d["columns"] > 1 else ""


def cols_end(d):
    return r"\end{multicols}" if d["columns"] > 1 else ""


def table_tex(tb, d):
    rows = tb["rows"]
    n = len(rows[0])
    first = 0.26
    spec = "|p{%.3f\\linewidth}|" % first + "".join(
        ">{\\centering\\arraybackslash}p{%.3f\\linewidth}|" % ((1 - first) / (n - 1) - 0.025) for _ in range(n - 1))
    head = " & ".join(r"\sffamily\bfseries " + esc(c) for c in rows[0]) + r" \\ \hline"
    body = "\n".join(" & ".join(esc(c) for c in r) + r" \\ \hline" for r in rows[1:])
    return (r"""{\small
\begin{longtable}{%s}
\multicolumn{%d}{c}{\sffamily\bfseries %s} \\[2pt] \hline
%s
\endfirsthead
\hline %s
\endhead
%s
\end{longtable}
\vspace{-1.5em}\noindent{\footnotesize %s}\par}
""" % (spec, n, esc(tb["title"]), head, head, body, esc(tb["source"])))


def items_tex(items, d):
    out = []
    for it in items:
        k, t = it["kind"], esc(it.get("text", ""))
        if k == "body":
            out.append(t + "\n")
        elif k == "heading":
            lv = it.get("level", 1)
            out.append(r"\par\medskip\noindent{\sffamily\bfseries%s %s}\par\nopagebreak\smallskip" % (
                r"\large" if lv == 1 else "", t))
        elif k == "figure":
            out.append(r"\par\medskip\noindent{\color{black!25}\rule{\linewidth}{%dmm}}\par" % (
                28 if d["columns"] > 1 else 40))
        elif k == "caption":
            out.append(r"\nopagebreak\begin{center}\kai\small %s\end{center}" % t)
        elif k == "pull":
            out.append(r"\par\medskip\noindent{\color{acc}\rule{\linewidth}{1pt}}\par\noindent{\sffamily\large\color{acc} %s}\par\noindent{\color{acc}\rule{\linewidth}{1pt}}\par\medskip" % t)
        elif k == "tail":
            out.append(r"\par{\raggedleft\small %s\par}" % t)
        elif k == "source":
            out.append(r"\par\noindent{\small %s}\par" % t)
        elif k == "jump":
            out.append(r"\par{\raggedleft\small %s\par}" % t)
        elif k == "table":
            out.append(cols_end(d) + "\n" + table_tex(it["table"], d) + "\n" + cols_begin(d))
    return "\n".join(out)


def article_tex(issue, i, a, first_of_section, part):
    d = issue["design"]
    out = []
    # no banner, title or byline left alone at a page's foot
    brk = r"\clearpage" if d["new_page"] or part == 2 else r"\par\bigskip\needspace{14\baselineskip}"
    # opt-in (design kicker_break): the kicker stranded at the foot of the
    # page before its title's
    stranded = d.get("kicker_break") and a["kicker"] and part == 1 and not d["new_page"]
    if stranded:
        brk = r"\par\bigskip"
    out.append(brk)
    if part == 2:
        out.append(r"\label{cont%d}\noindent{\small %s}\par\medskip" % (
            i, esc(a["jump_up_tex"]).replace("PAGEREF", r"\pageref{jump%d}" % i)))
        out.append(cols_begin(d) + items_tex(a["part2"], d) + cols_end(d))
        return "\n".join(out)
    out.append(r"\markright{%s}" % esc(a["section"]))
    if first_of_section and d["banner"] != "none":
        if d["banner"] == "bar":
            out.append(r"\noindent\colorbox{acc}{\sffamily\bfseries\Large\color{white} %s}\par\nopagebreak\medskip" % esc(a["section"]))
        elif d["banner"] == "box":
            out.append(r"\noindent\fcolorbox{acc}{white}{\sffamily\bfseries\Large\color{acc} %s}\par\nopagebreak\medskip" % esc(a["section"]))
        else:
            out.append(r"\noindent{\sffamily\bfseries\Large\color{acc} ■ %s}\par\vspace{-0.6em}\noindent{\color{acc}\rule{\linewidth}{1.5pt}}\par\nopagebreak\medskip" % esc(a["section"]))
    title_toc = a.get("toc_title", a["title"])
    au = "　".join(a["authors"])
    macro = r"\tocentryline" if d["toc_authors"] == "line" else r"\tocentry"
    out.append(r"\addtocontents{toc}{\protect%s{%s}{%s}{\thepage}}" % (macro, esc(title_toc), esc(au)))
    if stranded:
        out.append(r"\vspace*{\fill}\begin{center}{\sffamily %s}\end{center}\newpage" % esc(a["kicker"]))
    out.append(r"\begin{center}")
    if a["kicker"] and not stranded:
        out.append(r"{\sffamily %s}\\[2pt]" % esc(a["kicker"]))
    out.append(r"{\sffamily\bfseries\LARGE %s}" % esc(a["title"]))
    if a["subtitle"]:
        out.append(r"\\[4pt]{\large %s}" % esc(a["subtitle"]))
    if a["byline"]:
        out.append(r"\\[6pt]{\kai %s}" % esc(a["byline"]))
    out.append(r"\end{center}")
    items = a["part1"] if "part1" in a else a["items"]
    lead = [it for it in items if it["kind"] == "note"]
    rest = [it for it in items if it["kind"] != "note"]
    if lead and d["lead_box"]:
        out.append(r"\noindent\fcolorbox{black!50}{black!5}{\parbox{\linewidth-2\fboxsep-0.8pt}{\kai\small %s}}\par\medskip"
                   % r"\par ".join(esc(x["text"]) for x in lead))
    elif lead:
        out.append(r"\begin{quote}\kai\small %s\end{quote}" % r"\par ".join(esc(x["text"]) for x in lead))
    body = items_tex(rest, d)
    if "part1" in a:
        body += "\n" + r"\par{\raggedleft\small %s\par}\label{jump%d}" % (
            esc(a["jump_down_tex"]).replace("PAGEREF", r"\pageref{cont%d}" % i), i)
    out.append(cols_begin(d) + body + cols_end(d))
    return "\n".join(out)


def notice_tex(n):
    items = r"\par ".join(esc(x["text"]) for x in n["items"])
    if n.get("advert"):
        return (r"\clearpage\vspace*{50mm}\begin{center}{\sffamily\bfseries\Huge\color{acc} %s}\\[12mm]"
                r"{\Large %s}\\[6mm]{\small 公益广告}\end{center}" % (
                    esc(n["title"]), r"\\[4mm]".join(esc(x["text"]) for x in n["items"])))
    return (r"\par\bigskip\noindent\fcolorbox{acc}{white}{\parbox{\linewidth-2\fboxsep-0.8pt}{\centering{\sffamily\bfseries\large %s}\par"
            r"\raggedright\setlength{\parindent}{2em}\small %s}}\par" % (esc(n["title"]), items))


def render(issue):
    d = issue["design"]
    m = issue["meta"]
    o = [preamble(issue)]
    if d["letter"]:
        # no cover: masthead and 本期要目 open page 1
        o.append(r"\begin{center}{\sffamily\bfseries\fontsize{30}{36}\selectfont\color{acc} %s}\\[3pt]"
                 r"{\small 第%s期（总第%s期）\quad %s\quad %s}\end{center}\vspace{-0.8em}"
                 r"\noindent{\color{acc}\rule{\linewidth}{2pt}}\par\medskip" % (
                     esc(m["title"]), m["number"], m["total"], esc(m["publisher"]), m["date_text"]))
        o.append(r"\noindent\fcolorbox{acc}{white}{\parbox{\linewidth-2\fboxsep-0.8pt}{\letterhead\lettertoc}}\par\bigskip")
    else:
        o.append(r"\thispagestyle{empty}\pagestyle{empty}\begin{center}\vspace*{40mm}{\sffamily\bfseries\fontsize{40}{48}\selectfont\color{acc} %s}\\[10mm]"
                 r"{\Large %s年第%s期\quad 总第%s期}\\[70mm]{主管：%s\\主办：%s\\%s出版}\end{center}\clearpage" % (
                     esc(m["title"]), m["year"], m["number"], m["total"], esc(m["sponsor"]), esc(m["publisher"]),
                     m["date_text"]))
        o.append(r"\thispagestyle{empty}\tableofcontents\clearpage")
        if not d["number_from_cover"]:
            o.append(r"\setcounter{page}{1}")
    o.append(r"\pagestyle{fancy}")
    # the 目录's sections: written to the .toc as the articles come
    sec = None
    for (i, part) in issue["order"]:
        if i < 0:
            o.append(notice_tex(issue["notices"][-i - 1]))
            continue
        a = issue["articles"][i]
        first = part == 1 and a["section"] != sec
        if first:
            sec = a["section"]
            o.append(r"\addtocontents{toc}{\protect\tocsec{%s}}" % esc(sec))
        o.append(article_tex(issue, i, a, first, part))
    o.append(r"\end{document}")
    return "\n".join(o)


def produce(issue, pages, work, name, run_quiet):
    """One LaTeX build (three runs: .toc and \\pageref settle). The page
    numbers come from LaTeX, so later passes reuse the same PDF."""
    pdf = os.path.join(work, name + ".pdf")
    d = issue["design"]
    nfront = 0 if d["letter"] else 2  # cover, 目录
    offset = 0 if d["number_from_cover"] else nfront
    if issue.get("_tex_done"):
        return pdf, nfront, offset
    c = issue["continued"]
    if c is not None:
        a = issue["articles"][c]
        a["jump_down_tex"] = issue["jump_forms"][0].format(n="PAGEREF")
        a["jump_up_tex"] = issue["jump_forms"][1].format(n="PAGEREF")
    src = os.path.join(work, name + ".tex")
    with open(src, "w", encoding="utf-8") as f:
        f.write(render(issue))
    for _ in range(3):
        run_quiet(["xelatex", "-interaction=nonstopmode", "-halt-on-error", name + ".tex"], cwd=work, timeout=600)
    issue["_tex_done"] = True
    return pdf, nfront, offset
