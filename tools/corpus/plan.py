"""plan.py — one corpus issue from (kind, producer, seed): its content and its
design. The same seed always gives the same issue; different seeds give
different page sizes, columns, fonts, furniture, TOC styles and features."""
import random

import content
import prose

MM = 72 / 25.4

PAGE_SIZES = {"A4": (210, 297), "16开": (185, 260), "A5": (148, 210),
              "4开": (390, 545), "对开": (545, 780)}

SERIF = ["Noto Serif CJK SC", "AR PL UMing CN", "AR PL SungtiL GB"]
SANS = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"]
KAI = ["AR PL UKai CN", "AR PL KaitiM GB"]

MAG_TITLES = [("塞上经济观察", "朔州市经济研究会", "朔州市发展和改革委员会"),
              ("桑干河经济", "朔州市人民政府", "朔州市人民政府发展研究中心"),
              ("晋北发展研究", "朔州市社会科学界联合会", "朔州市发展研究院"),
              ("朔州调研", "中共朔州市委政策研究室", "朔州市委政研室"),
              ("右玉生态与发展", "右玉县人民政府", "右玉县发展研究中心")]
NEWS_TITLES = [("晋北日报", "中共朔州市委机关报"), ("塞上晚报", "朔州日报社主办"),
               ("桑干河报", "朔州市融媒体中心主办")]
LETTER_TITLES = [("工作简报", "朔州市发展和改革委员会办公室"),
                 ("调研通讯", "朔州市人民政府发展研究中心")]

SECTIONS = ["卷首语", "本期特稿", "经济观察", "调查研究", "产业发展", "县域经济", "基层工作",
            "政策解读", "乡村振兴", "改革探索"]
FOLIOS = ["·{n}·", "— {n} —", "P{n}", "{n} | {t}", "第{n}页", "{n}"]
TOC_MARKS = ["◆ {s}", "■ {s}", "【{s}】", "{s}", "▌{s}"]


# Chromium embeds a TrueType collection with bitmap strikes whole (WenQuanYi,
# AR PL UMing/UKai: 10–20 MB a PDF); it subsets the others.
CHROMIUM_FONTS = {"WenQuanYi Zen Hei": "Noto Sans CJK SC", "WenQuanYi Micro Hei": "Noto Sans CJK SC",
                  "AR PL UMing CN": "AR PL SungtiL GB", "AR PL UKai CN": "AR PL KaitiM GB"}


def chromium_fonts(d, producer):
    d.setdefault("kai_font", "AR PL KaitiM GB" if producer == "chromium" else "AR PL UKai CN")
    if producer == "chromium":
        for k in ("body_font", "head_font", "kai_font"):
            d[k] = CHROMIUM_FONTS.get(d[k], d[k])


def design_magazine(rng, producer, kind):
    size = rng.choice(["A4", "16开", "A5"] if kind == "magazine" else ["A4", "A5"])
    w, h = PAGE_SIZES[size]
    cols = {"A4": [2, 3, 3, 4], "16开": [1, 2, 2, 3], "A5": [1, 2]}[size] if kind == "magazine" else [1]
    d = {
        "size": size, "w": w, "h": h,
        "margin": [rng.randint(20, 26), rng.randint(14, 20), rng.randint(20, 26), rng.randint(14, 20)],
        "columns": rng.choice(cols),
        "gutter": rng.choice([4, 5, 6, 8, 10]),
        "body_font": rng.choice(SERIF + SANS[:1] + KAI[:1]),
        "head_font": rng.choice(SANS + SERIF[:1]),
        "body_size": rng.choice([9, 9.5, 10, 10.5]) if size != "A5" else rng.choice([9, 9.5]),
        "folio": rng.choice(FOLIOS),
        "folio_pos": rng.choice(["bottom-center", "bottom-outer", "top-outer"]),
        "head_form": rng.choice(["title", "title-issue", "section", "none"]),
        "head_pos": rng.choice(["top-inner", "top-center", "top-outer"]),
        "toc_mark": rng.choice(TOC_MARKS),
        "toc_leaders": rng.random() < 0.6,
        "toc_page_first": rng.random() < 0.3,
        "toc_brackets": rng.random() < 0.3,
        "toc_authors": rng.choice(["after", "line", "after"]),
        "toc_columns": 2 if (size != "A5" and rng.random() < 0.35) else 1,
        "banner": rng.choice(["bar", "box", "rule", "none"]),
        "new_page": rng.random() < 0.75,
        "number_from_cover": rng.random() < 0.35,
        "accent": rng.choice(["#8a1c1c", "#1c3f8a", "#205c2f", "#6b3a0a", "#333333"]),
        "letter": kind == "newsletter",
        "lead_box": rng.random() < 0.6,  # else set off by indents only
        "byline_form": "",  # an override only: content.restyle_bylines
        "caption_last": False,  # opt-in: the photo and caption right before the tail lines
        "kicker_break": False,  # opt-in (xelatex): a kicker stranded at the foot of the page before its title's
    }
    if kind == "newsletter":
        # no cover: the masthead and a 本期要目 box open page 1, numbered 1
        d.update(number_from_cover=True, toc_columns=1, new_page=False, banner="none")
    if d["folio_pos"] == "top-outer" and d["head_pos"] == "top-outer":
        d["head_pos"] = "top-inner"
    chromium_fonts(d, producer)
    if d["head_form"] == "section" and producer == "chromium":
        d["head_form"] = "title-issue"  # Chromium has no running strings (string-set)
    return d


def plan_magazine(seed, producer, kind="magazine"):
    rng = random.Random("%s-%s-%d" % (kind, producer, seed))
    pool = [p for p in content.load_pool() if not p["news"] or kind == "newsletter"]
    rng.shuffle(pool)
    t = rng.choice(MAG_TITLES if kind == "magazine" else LETTER_TITLES)
    year = rng.choice([2022, 2023, 2024])
    number = rng.randint(1, 12)
    meta = {"title": t[0], "year": str(year), "number": str(number),
            "sponsor": t[1], "publisher": t[-1],
            "total": str(100 + (year - 2020) * 12 + number),
            "date": "%d-%02d-%02d" % (year, number if number <= 12 else 12, rng.randint(10, 28))}
    y, m, dd = meta["date"].split("-")
    meta["date_text"] = "%s年%d月%d日" % (y, int(m), int(dd))
    design = design_magazine(rng, producer, kind)
    nart = rng.randint(6, 9) if kind == "magazine" else rng.randint(4, 5)
    if design["size"] == "A5":
        nart -= 1
    secnames = rng.sample(SECTIONS[1:], 4)
    if rng.random() < 0.5:
        secnames = ["卷首语"] + secnames
    arts = []
    feats = ["kicker", "subtitle", "lead", "caption", "pull", "table", "tails"]
    for i in range(nart):
        base = pool[i % len(pool)]
        sec = secnames[min(len(secnames) - 1, i * len(secnames) // nart)]
        opts = {"section": sec,
                "maxpars": rng.randint(3, 9) if kind == "magazine" else rng.randint(2, 4),
                "byline": rng.choice(["wen", "box", "reporter", "org", "plain", "zuozhe"]),
                "kicker": rng.random() < 0.25,
                "subtitle": rng.random() < 0.3,
                "lead": rng.choice([None, None, "编者按", "编者话", "导语", "核心阅读"]),
                "caption": rng.random() < 0.35,
                "pull": rng.random() < 0.25 and design["columns"] > 1,
                "table": None,
                "tails": rng.sample(["signature", "source", "speech", "editor", "writer", "unit"],
                                    rng.choice([0, 1, 1, 2]))}
        if i == 0 and sec == "卷首语":
            opts.update(maxpars=4, caption=False, pull=False, lead=None, tails=["signature"])
        arts.append(content.dress(rng, base, "magazine", opts))
    for a in arts:
        # a short title is printed in the 目录 with its subtitle
        a["toc_title"] = a["title"] + (a["subtitle"] if a["subtitle"] and len(a["title"]) < 14 else "")
    # one table that wraps its headers, one that runs over a page
    withtab = [a for a in arts if a["section"] != "卷首语"]
    if withtab:
        a = rng.choice(withtab)
        t = content.make_table(rng, long_rows=rng.random() < 0.5)
        pos = min(len(a["items"]) - 1, 3)
        a["items"][pos:pos] = [{"kind": "table", "text": t["title"], "table": t}]
    # one article continued to a later, non-adjacent page
    cont = None
    if kind == "magazine" and len(arts) >= 4:
        cands = [i for i, a in enumerate(arts[:-2])
                 if sum(1 for it in a["items"] if it["kind"] == "body") >= 4 and a["section"] != "卷首语"]
        if cands:
            cont = rng.choice(cands)
            a = arts[cont]
            bodies = [k for k, it in enumerate(a["items"]) if it["kind"] == "body"]
            cut = bodies[len(bodies) // 2]
            a["items"][cut:cut] = [{"kind": "break"}]
    notices = content.notices(rng, meta)
    if kind == "newsletter":
        notices = notices[:1]
    issue = {"kind": "magazine" if kind != "newspaper" else "newspaper", "series": kind,
             "meta": meta, "articles": arts, "notices": notices, "continued": cont,
             "design": design, "seed": seed, "producer": producer}
    return issue
