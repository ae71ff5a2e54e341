"""policyparse align (#19): an original against its translation. Real pairs (gov.cn originals
in ../shared with our English renderings in tests/align/, in the style of the seed's web page,
and the project's pilot notice) pair every section and task and report nothing; constructed
pairs with one known discrepancy each report exactly it."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS

import policyparse
from policyparse.cli import main
from policyparse.compare.align import align, align_sequences, numbers, ordinal
from policyparse.render.align_report import to_html

HERE = Path(__file__).resolve().parent / "align"
PILOT_ZH = CORPUS / "zh" / "pilot-notice-zh.txt"
PILOT_EN = HERE / "pilot-notice-en.txt"


def en(text: str):
    fmt = "html" if "<html" in text else "text"
    return policyparse.parse(text.encode(), format=fmt, language="en", name="translation")


def real_pairs(shared):
    gov = shared / "corpus" / "zh" / "govcn"
    return [
        (PILOT_ZH, PILOT_EN),
        (gov / "govcn-05.html", HERE / "govcn-05-en.html"),
        (gov / "govcn-34.html", HERE / "govcn-34-en.html"),
    ]


def test_real_pairs_pair_everything_and_report_nothing(shared):
    for zh, en_path in real_pairs(shared):
        a, b = policyparse.parse(zh), policyparse.parse(en_path)
        res = align(a, b)
        assert res.discrepancies == [], (zh.name, [d.to_dict() for d in res.discrepancies])
        # every section and task paired, one to one, in order: the renderings keep the structure
        secs = [(p.original, p.translation) for p in res.pairs if p.kind == "section"]
        assert secs == [([s.id], [s.id]) for s in a.iter_sections()], zh.name
        assert len(list(b.iter_sections())) == len(secs)
        tasks = [(p.original, p.translation) for p in res.pairs if p.kind == "task"]
        assert tasks == [([t.id], [t.id]) for t in a.tasks] and len(b.tasks) == len(a.tasks)
        # and the units agree task by task (what the pairing rests on most)
        # (a unit the registry does not know has an id made from its name: one per language)
        for x, y in zip(a.tasks, b.tasks, strict=True):
            assert [r.unit_id if r.known else r.role for r in x.responsible] == [
                r.unit_id if r.known else r.role for r in y.responsible
            ]


PILOT_SEEDS = [
    (
        "a changed number (a target)",
        ("within 16 months", "within 18 months"),
        [("target_differs", ["t2"], ["t2"], "16 month in the original, 18 month in the")],
    ),
    (
        "a changed percentage in the objectives (outside tasks)",
        ("reach more than 90%", "reach more than 95%"),
        [("target_differs", ["1.1"], ["1.1"], "90 % in the original, 95 % in the")],
    ),
    (
        "a changed date",
        ("before December 15, 2023", "before December 31, 2023"),
        [("deadline_differs", ["t1"], ["t1"], "2023-12-15 in the original, 2023-12-31 in")],
    ),
    (
        "a dropped unit",
        (
            "(The Department of Intellectual Property Utilization Promotion and the Department "
            "of Treaty and Law are responsible)",
            "(The Department of Intellectual Property Utilization Promotion is responsible)",
        ),
        [("unit_missing", ["t1"], ["t1"], "条法司 (responsible) is named in the original only")],
    ),
    (
        "a dropped sentence",
        (" Enterprises with more than 100 employees may be given a one-time reward.", ""),
        [("sentence_unpaired", ["t4"], ["t4"], "对超过100人的企业，可给予一次性奖励。")],
    ),
    (
        "a number written on one side only",
        ("a maximum of 150,000 yuan", "a maximum of 250,000 yuan"),
        [
            ("number_missing", ["t4"], ["t4"], "150000 is written in the original only"),
            ("number_missing", ["t4"], ["t4"], "250000 is written in the translation only"),
        ],
    ),
    (
        "a lead turned into a supporting unit",
        (
            "(Led by the Department of Intellectual Property Protection, with the Intellectual "
            "Property Data Management Center participating)",
            "(The Intellectual Property Data Management Center takes the lead, with the "
            "Department of Intellectual Property Protection participating)",
        ),
        [
            ("unit_role_differs", ["t6"], ["t6"], "lead in the original, support in the"),
            ("unit_role_differs", ["t6"], ["t6"], "support in the original, lead in the"),
        ],
    ),
]


@pytest.mark.parametrize("name,edit,expected", PILOT_SEEDS, ids=[s[0] for s in PILOT_SEEDS])
def test_a_seeded_discrepancy_is_reported_and_nothing_else(name, edit, expected):
    text = PILOT_EN.read_text("utf-8")
    assert edit[0] in text
    res = align(PILOT_ZH, en(text.replace(edit[0], edit[1])))
    got = [(d.kind, d.original, d.translation, d.detail) for d in res.discrepancies]
    assert len(got) == len(expected), got
    for (kind, o, t, detail), (ekind, eo, et, ewords) in zip(got, expected, strict=True):
        assert (kind, o, t) == (ekind, eo, et), got
        assert ewords in detail, detail


def test_seeded_discrepancies_in_the_real_renderings(shared):
    gov = shared / "corpus" / "zh" / "govcn"
    e05 = (HERE / "govcn-05-en.html").read_text("utf-8")
    e34 = (HERE / "govcn-34-en.html").read_text("utf-8")
    # items 12 and 13 merged into one (13's heading and 12's attribution gone)
    merged = e05.replace(
        " (The National Development and Reform Commission and the General Administration of "
        "Customs are responsible)</p>\n<p>13. Promote the return of cultural relics.",
        "",
    ).replace(
        "(The General Administration of Customs, the Ministry of Culture and Tourism",
        "(The National Development and Reform Commission, the General Administration of "
        "Customs, the Ministry of Culture and Tourism",
    )
    cases = [
        (gov / "govcn-05.html", merged, [("task_merged", ["t12", "t13"], ["t12"])]),
        (
            gov / "govcn-05.html",
            e05.replace(
                "the China Securities Regulatory Commission",
                "the Securities Supervision Commission",
            ),
            [("unit_name_unknown", ["t20"], ["t20"])],
        ),
        (
            gov / "govcn-34.html",
            e34.replace("will reach 2 trillion yuan", "will reach 3 trillion yuan"),
            [("target_differs", ["1.3"], ["1.3"])],
        ),
        (
            gov / "govcn-34.html",
            e34.replace("launch 100 high-quality", "launch 120 high-quality"),
            [("number_missing", ["1.3"], ["1.3"])],
        ),
        (
            gov / "govcn-34.html",
            e34.replace(
                " Optimize the structure of lottery varieties, crack down on private lotteries in "
                "accordance with the law, improve risk control measures, and guide lottery buyers "
                "to buy lotteries rationally.",
                "",
            ),
            [("sentence_unpaired", ["t11"], ["t11"])],
        ),
        (
            gov / "govcn-34.html",
            e34.replace(
                " Support financial institutions in innovating consumer payment products for "
                "sports competitions and performances and promote the facilitation of "
                "consumption. Promote banking financial institutions to develop new consumer "
                "credit products for sports competitions and performances in light of the "
                "characteristics of the sports competition and performance industry. (The China "
                "Banking and Insurance Regulatory Commission, the People's Bank of China and the "
                "General Administration of Sport are responsible)",
                "",
            ),
            [("task_unpaired", ["t14"], None)],
        ),
    ]
    for zh, text, expected in cases:
        res = align(zh, en(text))
        assert [(d.kind, d.original, d.translation) for d in res.discrepancies] == expected
    # the dropped task: the tasks after it still pair with their own counterparts
    res = align(gov / "govcn-34.html", en(cases[-1][1]))
    tail = [(p.original, p.translation) for p in res.pairs if p.kind == "task"][-3:]
    assert tail == [(["t19"], ["t18"]), (["t20"], ["t19"]), (["t21"], ["t20"])]


def test_json_follows_the_schema_and_the_cli_writes_every_format(tmp_path, capsys):
    schema = json.loads(
        resources.files("policyparse").joinpath("schemas/align.schema.json").read_text("utf-8")
    )
    bad = PILOT_EN.read_text("utf-8").replace("within 16 months", "within 18 months")
    (tmp_path / "en.txt").write_text(bad, "utf-8")
    out = tmp_path / "a.json"
    assert (
        main(["align", str(PILOT_ZH), str(tmp_path / "en.txt"), "--format", "json", "-o", str(out)])
        == 0
    )
    d = json.loads(out.read_text("utf-8"))
    jsonschema.validate(d, schema)
    assert d["summary"]["tasks"] == {"paired": 6, "original_only": 0, "translation_only": 0}
    assert d["summary"]["discrepancies"] == {"target_differs": 1}
    assert d["discrepancies"][0]["original_text"] == "控制在16个月以内"
    assert "18 months" in d["discrepancies"][0]["translation_text"]
    assert "1 discrepancies" in capsys.readouterr().err
    assert main(["align", str(PILOT_ZH), str(tmp_path / "en.txt")]) == 0
    md = capsys.readouterr().out
    assert "| target differs | t2 | t2 |" in md
    # the same language twice: said, not refused
    assert main(["align", str(PILOT_ZH), str(PILOT_ZH), "--format", "json"]) == 0
    assert "both documents are in zh" in capsys.readouterr().err
    # a JSON that is not a parsed document: one clear line
    (tmp_path / "summary.json").write_text('{"inputs": 3, "parsed": 3}', "utf-8")
    assert main(["align", str(tmp_path / "summary.json"), str(PILOT_EN)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "summary.json" in err


def test_learn_aliases_writes_candidates_and_never_the_registry(tmp_path, capsys):
    registry = resources.files("policyparse").joinpath("data/units.jsonl").read_bytes()
    text = PILOT_EN.read_text("utf-8").replace(
        "the People's Bank of China", "the Central Bank of the PRC"
    )
    (tmp_path / "en.txt").write_text(text, "utf-8")
    cands = tmp_path / "aliases.jsonl"
    assert (
        main(["align", str(PILOT_ZH), str(tmp_path / "en.txt"), "--learn-aliases", str(cands)]) == 0
    )
    rows = [json.loads(x) for x in cands.read_text("utf-8").splitlines()]
    assert rows == [
        {
            "unit_id": "pboc",
            "zh": "人民银行",
            "en": "People's Bank of China",
            "alias": "Central Bank of the PRC",
            "seen": 1,
            "tasks": ["t5"],
        }
    ]
    assert "review them" in capsys.readouterr().err
    assert resources.files("policyparse").joinpath("data/units.jsonl").read_bytes() == registry


def test_numbers_agree_across_languages_and_forms():
    zh = numbers(
        "到2025年，转化率达到百分之九十以上，新培育企业一万家，统筹两个市场，规模2万亿元", "zh"
    )
    en_ = numbers(
        "By 2025, the rate will reach more than 90%, 10,000 new enterprises, "
        "coordinate the two markets, a scale of 2 trillion yuan",
        "en",
    )
    assert {2025.0, 90.0, 10000.0, 2e12} <= zh.written
    assert 2.0 not in zh.written and 2.0 in zh.expressible  # 两个: a numeral, expressible only
    assert zh.written <= en_.expressible and en_.written <= zh.expressible
    # a month name is the month's number; an ordinal is no written number
    dates = numbers("before the end of December 2019, the 19th Congress", "en")
    assert 12.0 in dates.expressible and 19.0 not in dates.written
    # the data's examples: every value they give is read
    raw = json.loads(
        resources.files("policyparse").joinpath("data/number_words.json").read_text("utf-8")
    )
    for phrase, values in raw["examples"]:
        assert set(values) <= numbers(phrase, "en").expressible, phrase
    for phrase in raw["counter_examples"]:
        assert not numbers(phrase, "en").expressible, phrase


def test_labels_give_their_numbers():
    cases = {
        "一": 1,
        "（三）": 3,
        "12": 12,
        "(4)": 4,
        "IV": 4,
        "XIX": 19,
        "Article 7": 7,
        "第十二条": 12,
        "Chapter II": None,
    }
    for label, n in cases.items():
        if n is None:
            continue
        assert ordinal(label) == n, label


def test_sequence_alignment_pairs_in_order_and_leaves_what_has_no_counterpart():
    a = ["A", "B", "C", "D"]
    b = ["A", "C", "D"]
    steps = align_sequences(
        len(a), len(b), lambda i, j: 1.0 if [a[k] for k in i] == [b[k] for k in j] else 0.0
    )
    assert [(i, j) for i, j, _ in steps] == [([0], [0]), ([1], []), ([2], [1]), ([3], [2])]
    # two items merged into one
    a2, b2 = ["x", "y", "z"], ["x", "yz"]
    sim = lambda i, j: 1.0 if "".join(a2[k] for k in i) == "".join(b2[k] for k in j) else 0.1  # noqa: E731
    steps = align_sequences(3, 2, sim)
    assert [(i, j) for i, j, _ in steps] == [([0], [0]), ([1, 2], [1])]


def test_markup_in_a_notice_is_text_in_the_report():
    zh = policyparse.parse(PILOT_ZH)
    text = PILOT_EN.read_text("utf-8").replace(
        "Optimize examination services.", "Optimize <script>alert(1)</script> services."
    )
    page = to_html(align(zh, en(text)))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_id_in_an_attribute_is_escaped_as_an_attribute():
    """#34 item 2: a task id ``x'><script>…`` from a crafted JSON landed raw in ``href='#…'``."""
    from bs4 import BeautifulSoup

    hostile = "x'><script>alert(1)</script><a href='"
    zh = policyparse.parse(PILOT_ZH).to_dict()
    tr = en(PILOT_EN.read_text("utf-8")).to_dict()
    for d in (zh, tr):
        for t in d["tasks"]:
            t["id"] = hostile + t["id"]
    page = to_html(align(zh, tr))
    soup = BeautifulSoup(page, "lxml")
    assert soup.find("script") is None
    links = [a["href"] for a in soup.find_all("a", href=True)]
    assert links and all(h.startswith("#") for h in links)
    assert any(h.startswith("#o-" + hostile) for h in links)  # the id, whole, as text
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert {h[1:] for h in links} <= ids  # every link still finds its cell


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(tmp_path):
    import os

    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from PIL import Image

    text = PILOT_EN.read_text("utf-8").replace("within 16 months", "within 18 months")
    page = tmp_path / "align.html"
    page.write_text(to_html(align(PILOT_ZH, en(text))), "utf-8")
    shot = tmp_path / "align.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,900",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 5000
    img = Image.open(shot).convert("RGB")
    colours = {rgb for _, rgb in img.getcolors(maxcolors=1 << 22)}
    near = lambda rgb: any(sum(abs(a - b) for a, b in zip(rgb, c)) < 24 for c in colours)  # noqa: E731
    # the discrepancy card (rose), the flagged row (cream) and the marked target (amber)
    assert near((0xFD, 0xE2, 0xE1)) and near((0xFF, 0xF6, 0xE5)) and near((0xF9, 0xD5, 0x7A))
    html = page.read_text("utf-8")
    # the pairs are linked: each side's cell is an anchor the other side points at
    assert "id='o-t2'" in html and "href='#t-t2'" in html and "id='t-t2'" in html


def test_markdown_cells_escape_markup_as_the_diff_report_does():
    from policyparse.render.align_report import _md

    assert _md("<b>x</b> |\n y") == "&lt;b&gt;x&lt;/b&gt; \\| y"


@pytest.mark.slow
def test_align_of_two_2000_task_notices_is_bounded_in_time_and_memory(tmp_path):
    """#34 item 4: 2,000 tasks on each side took 190 s and 4.3 GB (every pairing weighed, a
    Python list per cell); a band around the diagonal grows with n + m. Same pairs as before
    on the shape that matters: item k with item k."""
    import resource
    import time

    zh = ["关于开展测试工作的通知", "一、重点任务"]
    tr = ["Notice on Carrying Out Test Work", "I. Key Tasks"]
    for i in range(1, 2001):
        zh.append(f"（{i}）推进第{i}项改革工作，到2025年覆盖率达到{i % 90 + 5}%。（财政部负责）")
        tr.append(
            f"({i}) Advance reform work item {i}, reaching {i % 90 + 5}% coverage by 2025. "
            "(The Ministry of Finance is responsible)"
        )
    a = policyparse.parse("\n".join(zh).encode(), name="big-zh.txt")
    b = policyparse.parse("\n".join(tr).encode(), name="big-en.txt")
    assert len(a.tasks) == len(b.tasks) == 2000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    res = align(a, b)
    assert time.monotonic() - start < 60
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 1500
    tasks = [p for p in res.pairs if p.kind == "task"]
    assert len(tasks) == 2000
    assert all(
        p.original and p.translation and p.original[0][1:] == p.translation[0][1:] for p in tasks
    )


@pytest.mark.slow
def test_the_band_finds_the_full_alignment_when_items_move_less_than_it(monkeypatch):
    """The band is a speed trick: on sequences whose items are dropped or inserted here and
    there (the path strays from the diagonal by less than the band), it returns exactly what
    weighing every pairing returns."""
    import random

    import policyparse.compare.align as A

    rng = random.Random(3)
    for _ in range(3):
        a = [rng.randrange(50) for _ in range(300)]
        b = [x for x in a if rng.random() > 0.05]
        for k in sorted(rng.sample(range(len(b)), 12), reverse=True):
            b.insert(k, rng.randrange(50))

        def sim(i, j):
            return 1.0 if [a[k] for k in i] == [b[k] for k in j] else 0.1

        full = align_sequences(len(a), len(b), sim)
        # the band of a long pair of sequences, on a short one: 2 x 28 columns of 300
        monkeypatch.setattr(A, "FULL_CELLS", 0)
        monkeypatch.setattr(A, "BAND_CELLS", 15_000)
        assert A._band(len(a), len(b))(150)[1] - A._band(len(a), len(b))(150)[0] < 60
        banded = align_sequences(len(a), len(b), sim)
        monkeypatch.undo()
        assert banded == full


def test_a_comparison_that_runs_past_its_limit_is_stopped_with_one_line(
    tmp_path, monkeypatch, capsys
):
    """The time limit that holds for parse holds for align, diff and track: POLICYPARSE_TIMEOUT_S
    for each document compared."""
    zh = ["关于开展测试工作的通知", "一、重点任务"] + [
        f"（{i}）推进第{i}项改革工作。（财政部负责）" for i in range(1, 2001)
    ]
    tr = ["Notice on Test Work", "I. Key Tasks"] + [
        f"({i}) Advance reform item {i}. (The Ministry of Finance is responsible)"
        for i in range(1, 2001)
    ]
    (tmp_path / "a.txt").write_text("\n".join(zh), "utf-8")
    (tmp_path / "b.txt").write_text("\n".join(tr), "utf-8")
    monkeypatch.setenv("POLICYPARSE_TIMEOUT_S", "1")
    out = tmp_path / "report.json"
    rc = main(["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 1 and "align: limits: took longer than 2 s" in err and "Traceback" not in err
    assert not out.exists()
