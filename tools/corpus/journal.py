"""journal.py — an academic journal's fascicle laid out with XeLaTeX: papers
that each open a page with the journal's header block in the head band
(journal name, 第N卷第M期, date, DOI, 文章编号), a title block spanning both
columns (title, authors with affiliation marks, the affiliations, 摘要,
关键词, 中图分类号, maybe the English title block), a first-page footnote
(收稿日期, 基金项目, 作者简介), then two columns: numbered section headings
(1 引言, 2.1 …), display equations numbered (1), a figure with its caption,
参考文献 at the end. Page numbers run on through the volume (the fascicle
starts at page 55, say); no cover, no 目录.

Truth: the header block lines are furniture (printed in the head band); the
affiliations, abstract, keywords, classification line and English block are
the paper's lead (`note`), the footnote a `tail`, headings `heading`, the
equations, the paragraphs and each reference `body`, the caption `caption`."""
import os
import random

import content
import prose
from tex import esc, fallback

JOURNALS = [("塞北经济研究学报", "Journal of Saibei Economic Research", "1671-4315"),
            ("晋北大学学报（社会科学版）", "Journal of Jinbei University (Social Science)", "1008-2271"),
            ("区域发展与管理", "Regional Development and Management", "2095-8861")]
COLUMNS = ["新质生产力：数字化专题", "乡村振兴研究专栏", "区域协调发展"]
CLASSES = ["F127", "F061.5", "F323", "F426", "F812.7"]
SECTIONS = ["研究设计", "模型与数据", "实证分析", "结果与讨论", "政策含义"]
SUBSECTIONS = ["样本与数据来源", "变量说明", "模型设定", "基准回归结果", "稳健性检验", "异质性分析",
               "机制检验", "指标体系构建"]
TITLE_HEADS = ["县域经济高质量发展的测度与路径研究", "产业转型对资源型城市就业的影响研究",
               "数字金融赋能乡村产业振兴的机制研究", "营商环境优化与民营企业投资意愿",
               "生态补偿政策对农户收入的影响评估", "重点项目投资的区域经济拉动效应分析"]
EN_TITLES = ["Measurement and Paths of High-Quality County Economic Development",
             "The Effect of Industrial Transformation on Employment in Resource-Based Cities",
             "How Digital Finance Empowers Rural Industrial Revitalization",
             "Business Environment and the Investment Intentions of Private Firms",
             "Evaluating the Effect of Ecological Compensation on Farm Household Income",
             "Regional Economic Effects of Key Project Investment"]
KEYWORDS = ["县域经济", "高质量发展", "资源型城市", "产业转型", "就业", "数字金融", "乡村振兴",
            "营商环境", "民营投资", "生态补偿", "农户收入", "面板数据", "双重差分", "耦合协调"]
EN_KEYWORDS = ["county economy", "high-quality development", "panel data", "difference-in-differences",
               "industrial transformation", "rural revitalization"]
# display equations: (LaTeX, the text pdftotext reads, the equation number
# added): linear forms whose text is printed in the order written
EQUATIONS = [(r"Y_{it} = \alpha + \beta X_{it} + \gamma Z_{it} + \varepsilon_{it}",
              "Yit = α + βXit + γZit + εit",
              "式中，Y为被解释变量，X为核心解释变量，Z为控制变量，ε为随机误差项。"),
             (r"P_{it} = \lambda_0 + \lambda_1 D_{it} + \mu_i + \nu_t + e_{it}",
              "Pit = λ0 + λ1Dit + \u00b5i + νt + eit",
              "其中，D为政策虚拟变量，µ和ν分别为地区和年份固定效应。"),
             (r"M_{it} = \delta_0 + \delta_1 X_{it} + \varepsilon_{it}", "Mit = δ0 + δ1Xit + εit",
              "上式用于检验中介变量M的作用，δ1为待估系数。")]
REF_TITLES = ["资源型地区产业结构演进的实证分析", "农村集体经济组织的治理结构", "地方政府投资与经济增长",
              "乡村产业融合发展的测度", "营商环境评价指标体系研究", "县域金融发展与农民增收"]
REF_JOURNALS = ["经济研究", "管理世界", "中国工业经济", "经济地理", "中国农村经济", "数量经济技术经济研究"]
FUNDS = ["国家社会科学基金项目（21BJL{n:03d}）", "山西省哲学社会科学规划课题（2022YJ{n:03d}）",
         "教育部人文社会科学研究项目（22YJC790{n:03d}）"]


CN_NUMBERS = "一二三四五六七八九"


def plan_journal(seed, producer, values=None):
    """values: KEY=VALUE[,…] design settings the seed did not draw (issues.txt):
    column_head (a column name and the DOI above the title, in the text),
    title_mark (the title's * pointing at a footnote of its own),
    cn_numbering (一、引言 / （一）… instead of 1 引言 / 1.1 …),
    latin_number (a subsection's number in the Latin serif, two ems before
    its words: 2.1 | 可视化试验台的搭建, as a real XeLaTeX journal sets it)."""
    rng = random.Random("journal-%s-%d" % (producer, seed))
    pool = [p for p in content.load_pool() if not p["news"]]
    rng.shuffle(pool)
    jn = rng.choice(JOURNALS)
    year = rng.choice([2022, 2023, 2024])
    number = rng.randint(1, 6)
    vol = year - 1980
    first = rng.choice([23, 55, 101, 137])
    meta = {"title": jn[0], "en": jn[1], "issn": jn[2], "year": str(year), "number": str(number),
            "volume": str(vol), "first_page": first,
            "date": "%d-%02d-%02d" % (year, number * 2, 20), "month": number * 2}
    d = {"w": 210, "h": 297, "margin": [27, 18, 22, 18], "gutter": rng.choice([6, 7, 8]),
         "body_font": rng.choice(["Noto Serif CJK SC", "AR PL SungtiL GB", "AR PL UMing CN"]),
         "head_font": rng.choice(["Noto Sans CJK SC", "WenQuanYi Zen Hei"]),
         "kai_font": "AR PL UKai CN", "english": rng.random() < 0.6,
         "folio_outer": rng.random() < 0.5, "doi_in_head": rng.random() < 0.5,
         "column_head": False, "title_mark": False, "cn_numbering": False, "latin_number": False}
    if values:
        import make
        make.set_design(d, values)
    if d["column_head"]:
        d["doi_in_head"] = False
    npap = 3
    titles = rng.sample(range(len(TITLE_HEADS)), npap)
    papers, used = [], set()
    for k in range(npap):
        base = pool[k % len(pool)]
        # no paragraph printed twice: short pool articles borrow from the
        # next ones
        bodies, j = [], k
        while len(bodies) < 12:
            bodies += [it["text"] for it in pool[j % len(pool)]["items"] if it["kind"] == "body"
                       and it["text"] not in bodies and it["text"] not in used]
            j += npap
        used.update(bodies)
        authors = content.pick_names(rng, rng.choice((2, 3, 3, 4)))
        naff = 2 if len(authors) > 2 else 1
        marks = [[1]] + [[rng.randint(1, naff)] for _ in authors[1:]]
        if naff == 2 and rng.random() < 0.5:
            marks[0] = [1, 2]
        affs = rng.sample(prose.ORGS, naff)
        cities = ["太原 030006", "朔州 036000", "北京 100044"]
        afftext = "（" + "；".join("%d. %s，%s" % (i + 1, a, cities[i % 3]) for i, a in enumerate(affs)) + "）"
        ti = titles[k]
        kws = rng.sample(KEYWORDS, rng.choice((4, 5)))
        ab = "摘　要：" + bodies[0][:60].rstrip("，；、。") + "。" + bodies[1][:90].rstrip("，；、。") + "。"
        items = [{"kind": "note", "text": afftext, "what": "aff"},
                 {"kind": "note", "text": ab, "what": "abstract"},
                 {"kind": "note", "text": "关键词：" + "；".join(kws), "what": "keywords"},
                 {"kind": "note", "text": "中图分类号：%s　　文献标志码：A" % rng.choice(CLASSES), "what": "class"}]
        if d["english"]:
            items += [{"kind": "note", "text": EN_TITLES[ti], "what": "en-title"},
                      {"kind": "note", "text": "Abstract: This paper studies %s with panel data of "
                       "counties from 2012 to 2021. The results show that the effect is significant "
                       "and robust, and differs across regions." % (EN_TITLES[ti][0].lower() + EN_TITLES[ti][1:]),
                       "what": "en-abstract"},
                      {"kind": "note", "text": "Key words: " + "; ".join(rng.sample(EN_KEYWORDS, 4)),
                       "what": "en-keywords"}]
        fund = rng.choice(FUNDS).format(n=rng.randint(1, 199))
        foot = ("收稿日期：%d-%02d-%02d　　基金项目：%s　　作者简介：%s（%d—），男，%s，博士，主要从事区域经济研究。" % (
            year - 1, rng.randint(1, 12), rng.randint(1, 28), fund, authors[0], rng.randint(1975, 1995),
            rng.choice(["副教授", "讲师", "研究员", "博士研究生"])))
        items.append({"kind": "tail", "text": foot, "what": "footnote"})
        if d["title_mark"]:
            items.append({"kind": "tail", "what": "title-note",
                          "text": "*本项研究得到%s的资助，特此致谢。" % fund.split("（")[0]})
        # the body: 1 引言, two or three numbered sections with subsections,
        # equations and a figure, a conclusion, the references
        secs = rng.sample(SECTIONS, rng.choice((2, 3)))
        b = iter(bodies[2:])
        eqs = rng.sample(EQUATIONS, 2)
        neq = 0
        def h1(n, words):
            return ("%s、%s" % (CN_NUMBERS[n - 1], words) if d["cn_numbering"]
                    else "%d　%s" % (n, words))

        def h2(n, j, words):
            return ("（%s）%s" % (CN_NUMBERS[j - 1], words) if d["cn_numbering"]
                    else "%d.%d　%s" % (n, j, words))
        body = [{"kind": "heading", "text": h1(1, "引言"), "level": 1},
                {"kind": "body", "text": next(b)}]
        for si, s in enumerate(secs):
            n = si + 2
            body.append({"kind": "heading", "text": h1(n, s), "level": 1})
            subs = rng.sample(SUBSECTIONS, rng.choice((0, 2)))
            if not subs:
                body.append({"kind": "body", "text": next(b)})
            for j, sub in enumerate(subs):
                body.append({"kind": "heading", "text": h2(n, j + 1, sub), "level": 2})
                body.append({"kind": "body", "text": next(b)})
            if neq < len(eqs):
                tex, txt, after = eqs[neq]
                neq += 1
                body.append({"kind": "equation", "tex": tex, "text": "%s (%d)" % (txt, neq)})
                body.append({"kind": "body", "text": after + next(b)})
            if si == 0:
                body.append({"kind": "figure"})
                body.append({"kind": "caption", "text": "图1　%s的变化趋势" % kws[0]})
        n = len(secs) + 2
        body.append({"kind": "heading", "text": h1(n, "结论"), "level": 1})
        body.append({"kind": "body", "text": next(b)})
        body.append({"kind": "heading", "text": "参考文献", "level": 1, "refs": True})
        for r in range(rng.choice((3, 4, 5))):
            au = content.pick_names(rng, rng.choice((1, 2, 3)))
            t = rng.choice(REF_TITLES)
            body.append({"kind": "body", "ref": True, "text": "[%d] %s. %s[J]. %s，%d，%d（%d）：%d-%d." % (
                r + 1, "，".join(au), t, rng.choice(REF_JOURNALS), rng.randint(2012, 2021),
                rng.randint(30, 45), rng.randint(1, 12), rng.randint(10, 90), rng.randint(91, 140))})
        papers.append({"title": TITLE_HEADS[ti], "authors": authors, "marks": marks,
                       "items": items + body, "doi_n": rng.randint(1, 20)})
    issue = {"kind": "magazine", "series": "journal", "meta": meta, "design": d, "papers": papers,
             "seed": seed, "producer": producer}
    if not d["doi_in_head"] and not d["column_head"]:
        # else the DOI is the head band's third line on the paper's first
        # page, or printed above the title with the column's name
        for k, p in enumerate(papers):
            pos = next(i for i, it in enumerate(p["items"]) if it.get("what") == "footnote")
            p["items"].insert(pos, {"kind": "note", "what": "doi", "text": "DOI：%s　　文章编号：%s(%s)%s-%03d" % (
                doi(issue, k), meta["issn"], meta["year"], meta["number"].zfill(2), k + 1)})
    return issue


def byline_tex(p):
    return "，".join(r"%s\textsuperscript{%s}" % (esc(a), ",".join(str(x) for x in m))
                    for a, m in zip(p["authors"], p["marks"]))


def byline_text(p):
    return "，".join("%s%s" % (a, ",".join(str(x) for x in m)) for a, m in zip(p["authors"], p["marks"]))


def doi(issue, k):
    m = issue["meta"]
    return "10.%d/j.cnki.%s.%s.%s.%03d" % (13190 + int(m["issn"][-2:]), m["issn"], m["year"],
                                           m["number"].zfill(2), issue["papers"][k]["doi_n"])


def render(issue):
    d, m = issue["design"], issue["meta"]
    fb = fallback(d["body_font"])
    top, right, bottom, left = d["margin"]
    month_en = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.",
                "Dec."][m["month"] - 1]
    o = [r"""\documentclass[UTF8,zihao=5,twocolumn,twoside]{ctexart}
\usepackage[paperwidth=%(w)dmm,paperheight=%(h)dmm,top=%(top)dmm,bottom=%(bottom)dmm,inner=%(left)dmm,outer=%(right)dmm,headsep=3mm,footskip=9mm,headheight=36pt]{geometry}
\usepackage{fancyhdr,xcolor,amsmath}
%% Greek letters in the text (δ1为待估系数) are the CJK font's: the Latin
%% font lacks them and printed a blank (U+FFFD in the text) for each
\xeCJKDeclareCharClass{CJK}{"0391 -> "03C9}
\setCJKmainfont{%(bf)s}
\setCJKsansfont{%(hf)s}
\setCJKfamilyfont{kai}{%(kf)s}
\newcommand{\kai}{\CJKfamily{kai}}
%(fb)s
\setlength{\columnsep}{%(gut)dmm}
\setlength{\parindent}{2em}
\linespread{1.2}
\renewcommand{\thefootnote}{}
\fancypagestyle{jfirst}{\fancyhf{}\renewcommand{\headrulewidth}{0.6pt}
\fancyhead[L]{\small 第%(vol)s卷\ 第%(no)s期\\ %(year)s年%(month)d月\\ \footnotesize \jdoi}
\fancyhead[C]{{\sffamily\bfseries %(jn)s}\\ \footnotesize %(jen)s}
\fancyhead[R]{\small Vol.%(vol)s\ No.%(no)s\\ %(month_en)s\ %(year)s}
\fancyfoot[%(fpos)s]{\small · \thepage ·}}
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0.4pt}
\fancyhead[LE]{\small 第%(vol)s卷}
\fancyhead[CE]{\small %(jn)s}
\fancyhead[RO]{\small %(year)s年第%(no)s期}
\fancyhead[CO]{\small \leftmark}
\fancyfoot[%(fpos2)s]{\small · \thepage ·}
\begin{document}\zihao{-5}\setcounter{page}{%(first)d}
""" % {"w": d["w"], "h": d["h"], "top": top, "bottom": bottom, "left": left, "right": right,
       "bf": d["body_font"], "fb": fb, "hf": d["head_font"], "kf": d["kai_font"], "gut": d["gutter"],
       "first": m["first_page"], "vol": m["volume"], "no": m["number"], "year": m["year"],
       "month": m["month"], "month_en": month_en, "jn": esc(m["title"]), "jen": esc(m["en"]),
       "fpos": "R" if d["folio_outer"] else "C", "fpos2": "LE,RO" if d["folio_outer"] else "C"}]
    for k, p in enumerate(issue["papers"]):
        notes = {it["what"]: it for it in p["items"] if it["kind"] in ("note", "tail") and it.get("what")}
        head = [r"\markboth{%s}{}" % esc(p["title"]), r"\thispagestyle{jfirst}\setcounter{equation}{0}",
                r"\gdef\jdoi{%s}" % (esc("DOI：" + doi(issue, k)) if d["doi_in_head"] else "")]
        tb = []
        if d["column_head"]:
            # 管理世界's form: the column's name and the DOI over the title
            tb.append(r"{\raggedright\sffamily\bfseries %s\par}{\raggedright\footnotesize %s\par}\vspace{2mm}" % (
                esc(COLUMNS[k % len(COLUMNS)]), esc("DOI:" + doi(issue, k))))
        tb.append(r"\begin{center}")
        tb.append(r"{\sffamily\bfseries\LARGE %s%s}\\[5mm]" % (
            esc(p["title"]), "*" if d["title_mark"] else ""))
        tb.append(r"{\kai\large %s}\\[2mm]" % byline_tex(p))
        tb.append(r"{\small %s}" % esc(notes["aff"]["text"]))
        tb.append(r"\end{center}")
        tb.append(r"\begin{list}{}{\leftmargin=2em\rightmargin=2em}\item\small\noindent{\sffamily\bfseries 摘　要：}%s\par"
                  % esc(notes["abstract"]["text"][len("摘　要："):]))
        tb.append(r"\noindent{\sffamily\bfseries 关键词：}%s\par" % esc(notes["keywords"]["text"][len("关键词："):]))
        tb.append(r"\noindent %s\par\end{list}" % esc(notes["class"]["text"]))
        if "en-title" in notes:
            tb.append(r"\begin{center}{\bfseries\large %s}\end{center}" % esc(notes["en-title"]["text"]))
            tb.append(r"\begin{list}{}{\leftmargin=2em\rightmargin=2em}\item\small\noindent{\bfseries Abstract:}%s\par"
                      % esc(notes["en-abstract"]["text"][len("Abstract:"):]))
            tb.append(r"\noindent{\bfseries Key words:}%s\par\end{list}" % esc(notes["en-keywords"]["text"][len("Key words:"):]))
        if "doi" in notes:
            tb.append(r"{\footnotesize\noindent %s\par}" % esc(notes["doi"]["text"]))
        tb.append(r"\vspace{3mm}")
        head.append(r"\twocolumn[{%s}]" % "\n".join(tb))
        head.append(r"\footnotetext{\footnotesize %s}" % esc(notes["footnote"]["text"]))
        if "title-note" in notes:
            head.append(r"\footnotetext{\footnotesize %s}" % esc(notes["title-note"]["text"]))
        body = []
        for it in p["items"]:
            kd = it["kind"]
            if kd == "heading":
                if it["level"] == 1:
                    body.append(r"\par\medskip\noindent{\sffamily\bfseries\large %s}\par\nopagebreak\smallskip" % esc(it["text"]))
                elif d["latin_number"] and "　" in it["text"]:
                    num, words = it["text"].split("　", 1)
                    body.append(r"\par\smallskip\noindent{\sffamily\bfseries {\rmfamily\mdseries %s}\qquad %s}\par\nopagebreak" % (esc(num), esc(words)))
                else:
                    body.append(r"\par\smallskip\noindent{\sffamily\bfseries %s}\par\nopagebreak" % esc(it["text"]))
                if it.get("refs"):
                    body.append(r"\footnotesize")
            elif kd == "body" and it.get("ref"):
                body.append(r"\noindent\hangindent=1.5em %s\par" % esc(it["text"]))
            elif kd == "body":
                body.append(esc(it["text"]) + "\n")
            elif kd == "equation":
                body.append(r"\begin{equation}%s\end{equation}" % it["tex"])
            elif kd == "figure":
                body.append(r"\par\medskip\noindent{\color{black!25}\rule{\linewidth}{30mm}}\par")
            elif kd == "caption":
                body.append(r"\nopagebreak\begin{center}\small %s\end{center}" % esc(it["text"]))
        o.append("\n".join(head + body) + r"\zihao{-5}\clearpage")
    o.append(r"\end{document}")
    return "\n".join(o)


def build(issue, work, name, run_quiet):
    import locate
    from plan import MM
    src = os.path.join(work, name + ".tex")
    with open(src, "w", encoding="utf-8") as f:
        f.write(render(issue))
    for _ in range(2):
        run_quiet(["xelatex", "-interaction=nonstopmode", "-halt-on-error", name + ".tex"], cwd=work, timeout=600)
    pdf = os.path.join(work, name + ".pdf")
    texts = locate.page_texts(pdf)
    L = locate.Locator(texts)
    m, d = issue["meta"], issue["design"]
    offset = 1 - m["first_page"]
    lab = lambda p: str(p - offset) if p else None  # noqa: E731
    arts = []
    for k, p in enumerate(issue["papers"]):
        first = L.find(p["title"])
        paras = []
        last = first
        for it in p["items"]:
            if it["kind"] == "figure":
                continue
            kind = "body" if it["kind"] == "equation" else it["kind"]
            if it["kind"] == "heading" and "　" in it["text"]:
                # pdftotext may set a heading's number apart from its
                # words (5 … 结论): the words alone, from the page in hand
                pg = L.find(it["text"].split("　", 1)[1])
            else:
                pg = L.find(it["text"])
            pg = pg or last
            if it is p["items"][-1]:
                pg = L.find_end(it["text"], pg)
            last = max(last, pg)
            paras.append({"kind": kind, "text": it["text"], "page": pg, "level": it.get("level", 1)})
        arts.append({"id": "a%d" % (k + 1), "kind": "article", "section": "", "kicker": "",
                     "title": p["title"], "subtitle": "", "byline": byline_text(p), "authors": p["authors"],
                     "pages": [lab(x) for x in range(first, last + 1)], "pdf_first": first, "pdf_last": last,
                     "paras": paras})
    top, bottom = d["margin"][0] - 2, d["margin"][2] - 2
    pages = []
    for i, b in enumerate(locate.band_lines(pdf, top * MM, bottom * MM)):
        lb = lab(i + 1)
        furn = []
        for (text, x0, y0, x1, y1) in b["lines"]:
            digits = "".join(ch for ch in text if ch.isdigit())
            kind = "page-number" if lb in digits and len(locate.norm(text)) <= len(lb) + 8 else "running-head"
            furn.append((text, x0, y0, x1, y1, kind))
        pages.append({"index": i + 1, "w": b["w"], "h": b["h"], "label": lb, "furniture": furn})
    t = {"kind": "magazine", "meta": {"title": m["title"], "year": m["year"], "number": m["number"],
                                      "date": m["date"]},
         "pages": pages, "articles": arts, "toc": [], "tables": []}
    return pdf, t
