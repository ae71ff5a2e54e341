"""policyparse benchmark: throughput, scaling and the anchors side by side (not a test).

    python bench/bench.py                      # everything, 10,000 synthetic notices
    python bench/bench.py --synthetic 1000     # quicker
    python bench/bench.py --json results.json  # machine-readable figures

Measures, on one core unless stated: parse throughput (docs/s, MB/s) on text, HTML and PDF from
../shared/corpus and the project's corpus; a synthetic corpus of N notices generated from the
project's own documents; cost against document size (1 KB .. 5 MB, should grow linearly); batch
scaling with --jobs 1 and 2; peak memory while parsing many documents (should stay flat); and,
on the same inputs, bare pdfplumber text extraction, trafilatura's extract (if installed) and a
plain regex pass (the floor), printed as ratios.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "tests"))

import policyparse  # noqa: E402
from policyparse.batch.runner import BatchOptions, run_batch  # noqa: E402


def files(pattern: str) -> list[Path]:
    return sorted(SHARED.glob(pattern)) if SHARED.exists() else []


def current_rss_mb() -> float:
    """Resident set size now (Linux /proc), to see that memory stays flat over many documents."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)
    except (OSError, ValueError, IndexError):
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(fn, items, repeat: int = 1) -> tuple[float, int]:
    """Best wall time over ``repeat`` runs of fn over every item, and the bytes processed."""
    best = float("inf")
    nbytes = sum(
        len(x.encode())
        if isinstance(x, str)
        else len(x)
        if isinstance(x, bytes)
        else x.stat().st_size
        for x in items
    )
    for _ in range(repeat):
        # each run starts from the same collector state (PDF timings varied 25 % without)
        gc.collect()
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        best = min(best, time.perf_counter() - t0)
    return best, nbytes


def rate(label: str, seconds: float, n: int, nbytes: int) -> dict:
    r = {
        "what": label,
        "docs": n,
        "MB": round(nbytes / 1e6, 3),
        "seconds": round(seconds, 3),
        "docs_per_s": round(n / seconds, 1),
        "MB_per_s": round(nbytes / 1e6 / seconds, 3),
    }
    print(
        f"  {label:<42} {r['docs']:>6} docs {r['MB']:>8.2f} MB {r['seconds']:>8.2f} s "
        f"{r['docs_per_s']:>8.1f} docs/s {r['MB_per_s']:>7.2f} MB/s"
    )
    return r


PLAIN = re.compile(
    r"[（(][^（）()]{1,200}(?:负责|牵头|responsible)[^（）()]{0,40}[）)]|\d+(?:\.\d+)?%"
)


def synthetic(n: int, seed: int = 1) -> list[str]:
    """N notices recombined from the project's own documents: their items shuffled and renumbered,
    numbers and units varied, so that no two are equal."""
    rnd = random.Random(seed)
    sources = [p.read_text("utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    out = []
    for i in range(n):
        text = sources[i % len(sources)]
        text = re.sub(
            r"\d+(?=%|个月|万|亿|项| months| working days)", lambda m: str(rnd.randint(2, 99)), text
        )
        text = text.replace("2023", str(rnd.choice([2021, 2022, 2023, 2024, 2025])))
        out.append(text)
    return out


def by_what(rows: list[dict], what: str) -> float:
    """The seconds of the row measuring ``what``."""
    return next(r["seconds"] for r in rows if r["what"] == what)


def dense_pdf(pages: int = 500) -> dict:
    """A dense PDF of ``pages`` pages (50 lines of CJK text each, typeset as the tests do):
    policyparse's time on it against bare pdfplumber and bare pypdfium2 (issue #31: valid JSON
    within 30 s)."""
    import pdfplumber
    import pypdfium2 as pdfium
    from builders import to_pdf

    text = (ROOT.parent / "shared" / "corpus" / "zh" / "gwr" / "gwr-2019.txt").read_text("utf-8")
    data = to_pdf((text * 60)[: pages * 50 * 35], lines_per_page=50)
    n = len(pdfium.PdfDocument(data))
    t = time.perf_counter()
    policyparse.parse(data, name="dense.pdf").to_json()
    ours = time.perf_counter() - t
    t = time.perf_counter()
    doc = pdfium.PdfDocument(data)
    for i in range(n):
        doc[i].get_textpage().get_text_range()
    bare_pdfium = time.perf_counter() - t
    t = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for pg in pdf.pages:
            pg.extract_text()
            pg.close()
    bare_plumber = time.perf_counter() - t
    print(
        f"dense PDF, {n} pages: policyparse {ours:.1f} s, bare pdfplumber {bare_plumber:.1f} s, "
        f"bare pypdfium2 {bare_pdfium:.1f} s ({ours / bare_pdfium:.1f}x PDFium)"
    )
    return {
        "pages": n,
        "policyparse_s": ours,
        "pdfplumber_s": bare_plumber,
        "pypdfium2_s": bare_pdfium,
    }


def stages(paths: list[Path], runs: int = 4) -> dict:
    """Wall time of each stage of ``policyparse.parse`` (ingest, clean, …, each pipeline
    component, assembly, JSON), summed over the documents, best-of-``runs`` per stage."""
    from collections import defaultdict

    from policyparse import ingest
    from policyparse import stages as pstages
    from policyparse.assemble import assemble
    from policyparse.clean import clean_blocks
    from policyparse.clean.language import detect_language, matching_view
    from policyparse.ingest.tables import table_cells
    from policyparse.limits import Limits

    datas = [p.read_bytes() for p in paths]
    best: dict[str, float] = {}
    for run in range(runs + 1):  # the first run warms up (tables, patterns, automata)
        t_run: dict[str, float] = defaultdict(float)
        gc.collect()
        for data in datas:
            t = time.perf_counter()

            def tick(name: str, t_run: dict[str, float] = t_run) -> None:
                nonlocal t
                now = time.perf_counter()
                t_run[name] += now - t
                t = now

            # the path of policyparse.api.from_ingested, one stage at a time (the stage table)
            ing = ingest.read(data, format="text", limits=Limits.resolve())
            tick("ingest")
            clean = clean_blocks(ing.blocks)
            tick("clean")
            lang = detect_language(clean.text)
            tick("language")
            view = matching_view(clean.text) if lang == "zh" else clean.text
            tick("t2s view")
            values = {
                "text": clean.text,
                "view": view,
                "language": lang,
                "hints": ing.hints,
                "run_together": clean.run_together,
                "cells": table_cells(clean),
            }
            for stage in pstages.STAGES:
                values[stage.name] = pstages.run_stage(stage, values)
                tick(stage.name)
            out = assemble(
                ing,
                clean,
                lang,
                **pstages.packed(values),
                warnings=list(ing.warnings) + pstages.warnings_of(values),
            )
            tick("assemble")
            out.to_json()
            tick("to_json")
        if run:
            for k, v in t_run.items():
                best[k] = min(best.get(k, v), v)
    total = sum(best.values())
    nbytes = sum(map(len, datas))
    print(f"stages over {len(datas)} documents ({nbytes / 1e6:.2f} MB), best of {runs}:")
    for k, v in best.items():
        print(f"  {k:<24} {v * 1000:7.1f} ms {v / total * 100:5.1f} %")
    print(f"  {'total':<24} {total * 1000:7.1f} ms = {nbytes / 1e6 / total:.2f} MB/s")
    return best


def startup(runs: int = 7) -> dict:
    """Cold start side by side: ``policyparse parse`` on a 2 KB notice and trafilatura's own
    command line on a gov.cn page cut to the same size, alternating, each a fresh process."""
    import shutil
    import subprocess

    notice = ROOT / "corpus" / "zh" / "pilot-notice-zh.txt"
    page = Path(tempfile.mkdtemp(prefix="ppstart-")) / "page.html"
    pages = files("zh/govcn/*.html")
    if pages:
        page.write_bytes(pages[0].read_bytes()[: notice.stat().st_size])
    bindir = Path(sys.executable).parent
    pp = [str(bindir / "policyparse"), "parse", str(notice)]
    tr = shutil.which("trafilatura", path=str(bindir)) or shutil.which("trafilatura")
    times: dict[str, list[float]] = {"policyparse parse (2 KB notice)": []}
    if tr and pages:
        times["trafilatura CLI (2 KB page)"] = []
    for _ in range(runs):
        for label in times:
            t0 = time.perf_counter()
            if label.startswith("policyparse"):
                subprocess.run(pp, stdout=subprocess.DEVNULL, check=True)
            else:
                with open(page, "rb") as f:
                    subprocess.run(
                        [tr],
                        stdin=f,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        check=True,
                    )
            times[label].append(time.perf_counter() - t0)
    out = {
        k: {"best_s": round(min(v), 3), "median_s": round(sorted(v)[len(v) // 2], 3)}
        for k, v in times.items()
    }
    print(f"cold start, {runs} runs each, alternating")
    for k, v in out.items():
        print(f"  {k:<42} best {v['best_s']:.3f} s  median {v['median_s']:.3f} s")
    if len(out) == 2:
        a, b = (v["median_s"] for v in out.values())
        out["ratio_median"] = round(a / b, 2)
        print(f"  policyparse / trafilatura (median): {out['ratio_median']:.2f}x (goal <= 1.2x)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--synthetic", type=int, default=10_000)
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument(
        "--profile",
        action="store_true",
        help="print the top functions (cProfile) on the text corpus",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="throughput and anchors only (no synthetic corpus, sizes, batch)",
    )
    ap.add_argument(
        "--dense-pdf",
        action="store_true",
        help="time a dense 500-page PDF against bare pdfplumber and pypdfium2, then stop",
    )
    ap.add_argument(
        "--stages",
        action="store_true",
        help="time each stage of the parse on the work reports and on typical notices, then stop",
    )
    a = ap.parse_args()
    results: dict = {"python": sys.version.split()[0], "cores": os.cpu_count()}
    policyparse.parse_text("warm up")
    policyparse.parse_text("预热")

    if a.dense_pdf:
        dense_pdf()
        return
    if a.stages:
        stages(files("zh/gwr/*.txt"))
        tmp = Path(tempfile.mkdtemp(prefix="ppbench-"))
        typical = []
        for i, p in enumerate(files("zh/govcn/*.html")):
            q = tmp / f"govcn-text-{i:02d}.txt"
            q.write_text(policyparse.parse(p).text, "utf-8")
            typical.append(q)
        print("typical notices (the texts of the 54 gov.cn pages):")
        stages(typical)
        return
    results["startup"] = startup()
    print("parse throughput (one core)")
    txt = files("zh/gwr/*.txt") + files("seed/*.txt") + sorted((ROOT / "corpus").rglob("*.txt"))
    html = files("zh/govcn/*.html")
    pdfs_real = files("zh/pdf/*.pdf")
    from builders import to_pdf

    tmp = Path(tempfile.mkdtemp(prefix="ppbench-"))
    gen_pdfs = []
    for p in sorted((ROOT / "corpus").rglob("*.txt")):
        q = tmp / (p.stem + ".pdf")
        q.write_bytes(to_pdf(p.read_text("utf-8"), cjk="/zh/" in str(p)))
        gen_pdfs.append(q)
    pdfs = pdfs_real + gen_pdfs
    # typical notices: the texts of the 54 gov.cn pages (8 KB on average), as plain text
    typical = []
    for i, p in enumerate(html):
        q = tmp / f"govcn-text-{i:02d}.txt"
        q.write_text(policyparse.parse(p).text, "utf-8")
        typical.append(q)
    rows = []
    gwr = files("zh/gwr/*.txt")
    small = [p for p in txt if p not in gwr]
    for label, items in (
        ("text (gwr, seed, corpus)", txt),
        ("text: work reports only (~60 KB)", gwr),
        ("text: seed + corpus (1-25 KB)", small),
        ("text: typical notices (54 gov.cn texts, ~8 KB)", typical),
        ("html (54 gov.cn pages)", html),
        ("pdf (real + generated)", pdfs),
    ):
        if items:
            # text -> JSON; best of 9 for the text rows (tens of ms each, and this shared machine
            # runs some passes a fifth slower than others), of 5 for HTML and PDF
            s, nb = timed(
                lambda x: policyparse.parse(x).to_json(),
                items,
                repeat=9 if label.startswith("text") else 5,
            )
            rows.append(rate(f"policyparse.parse {label}", s, len(items), nb))
            if label.startswith("text"):
                # bytes per character differ (3 a hanzi, 1 a letter): characters per second too
                nchars = sum(len(p.read_text("utf-8")) for p in items)
                rows[-1]["Mchars_per_s"] = round(nchars / 1e6 / s, 2)
                print(
                    f"  {'':<42} {nchars / 1e6:>21.2f} M characters "
                    f"{rows[-1]['Mchars_per_s']:>25.2f} M chars/s"
                )
    results["parse"] = rows

    print("anchors on the same inputs")
    anchors = []
    texts = [p.read_text("utf-8") for p in txt]
    s_floor, nb = timed(lambda t: PLAIN.findall(t), texts, repeat=3)
    anchors.append(rate("plain regex pass over text (floor)", s_floor, len(texts), nb))
    import pdfplumber

    def bare_pdf(p):
        with pdfplumber.open(p) as pdf:
            return [pg.extract_text() for pg in pdf.pages]

    s_pdf, nb = timed(bare_pdf, pdfs, repeat=5)
    anchors.append(rate("bare pdfplumber extract_text", s_pdf, len(pdfs), nb))
    import pypdfium2 as pdfium

    def bare_pdfium(p):
        doc = pdfium.PdfDocument(p)
        try:
            return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        finally:
            doc.close()

    s_pdfium, nb = timed(bare_pdfium, pdfs, repeat=5)
    anchors.append(rate("bare pypdfium2 get_text_range", s_pdfium, len(pdfs), nb))
    n_pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
    pages_s = {
        "policyparse": n_pages / by_what(rows, "policyparse.parse pdf (real + generated)"),
        "bare pdfplumber": n_pages / s_pdf,
        "bare pypdfium2": n_pages / s_pdfium,
    }
    print("  PDF pages per second: " + ", ".join(f"{k} {v:.0f}" for k, v in pages_s.items()))
    try:
        import trafilatura

        s_tr, nb = timed(lambda p: trafilatura.extract(p.read_bytes()), html, repeat=5)
        anchors.append(rate("trafilatura.extract (html)", s_tr, len(html), nb))
    except ImportError:
        s_tr = None
        print("  trafilatura not installed: pip install trafilatura lxml_html_clean")
    results["anchors"] = anchors
    by = {r["what"]: r["seconds"] for r in rows}
    ratios = {}
    if txt:
        ratios["text: policyparse / regex floor"] = round(
            by["policyparse.parse text (gwr, seed, corpus)"] / s_floor, 1
        )
    ratios["pdf: policyparse / bare pdfplumber"] = round(
        by["policyparse.parse pdf (real + generated)"] / s_pdf, 2
    )
    ratios["pdf: policyparse / bare pypdfium2"] = round(
        by["policyparse.parse pdf (real + generated)"] / s_pdfium, 2
    )
    if s_tr and html:
        ratios["html: policyparse / trafilatura"] = round(
            by["policyparse.parse html (54 gov.cn pages)"] / s_tr, 2
        )
    for k, v in ratios.items():
        print(f"  {k:<42} {v}x")
    results["ratios"] = ratios

    if a.quick:
        shutil.rmtree(tmp, ignore_errors=True)
        return
    print(f"synthetic corpus: {a.synthetic} notices generated from the project's documents")
    syn = synthetic(a.synthetic)
    t0 = time.perf_counter()
    rss = []
    for i, t in enumerate(syn, 1):
        policyparse.parse_text(t).to_json()
        if i % max(1, a.synthetic // 10) == 0:
            rss.append(current_rss_mb())
    secs = time.perf_counter() - t0
    results["synthetic"] = rate(
        "parse_text synthetic", secs, len(syn), sum(len(t.encode()) for t in syn)
    )
    results["synthetic"]["rss_MB_per_tenth"] = rss
    print(f"  resident memory after each tenth of the run (MB): {rss}")
    print(f"  max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    print("cost against document size (should grow linearly)")
    base = (ROOT / "corpus" / "zh" / "pilot-notice-zh.txt").read_text("utf-8")
    sizes = []
    for target in (1_000, 10_000, 100_000, 1_000_000, 5_000_000):
        body = base * (target // len(base.encode()) + 1)
        body = body[: max(1, target // 3)]  # ~3 bytes per Chinese character
        t0 = time.perf_counter()
        policyparse.parse_text(body)
        dt = time.perf_counter() - t0
        sizes.append(
            {
                "bytes": len(body.encode()),
                "seconds": round(dt, 4),
                "us_per_KB": round(dt / (len(body.encode()) / 1e3) * 1e6, 1),
            }
        )
        print(f"  {len(body.encode()):>9} bytes {dt:>8.3f} s {sizes[-1]['us_per_KB']:>9.1f} us/KB")
    results["size_scaling"] = sizes
    # a crawler's run-on text: no sentence end and no line break, a target every six characters
    # (each target's clause, sentence and paragraph are read within a bound, not to the ends)
    print("cost against size, run-on text without sentence ends (should grow linearly)")
    runon = []
    for n in (2_500, 10_000, 40_000):
        body = "提高到90%" * n
        t0 = time.perf_counter()
        policyparse.parse_text(body)
        dt = time.perf_counter() - t0
        runon.append({"bytes": len(body.encode()), "seconds": round(dt, 4)})
        us = dt / (len(body.encode()) / 1e3) * 1e6
        print(f"  {len(body.encode()):>9} bytes {dt:>8.3f} s {us:>9.1f} us/KB")
    results["size_scaling_run_on"] = runon

    print("batch scaling (synthetic notices on disk)")
    src = tmp / "batch-in"
    src.mkdir()
    for i, t in enumerate(syn[: min(2000, len(syn))]):
        (src / f"n{i:05d}.txt").write_text(t, "utf-8")
    scale = []
    for jobs in (1, 2):
        out = tmp / f"batch-out-{jobs}"
        t0 = time.perf_counter()
        s = run_batch(src, out, BatchOptions(jobs=jobs, progress=False, summary=False))
        dt = time.perf_counter() - t0
        scale.append(
            {
                "jobs": jobs,
                "docs": s.parsed,
                "seconds": round(dt, 2),
                "docs_per_s": round(s.parsed / dt, 1),
            }
        )
        print(f"  --jobs {jobs}: {s.parsed} docs in {dt:.2f} s = {s.parsed / dt:.1f} docs/s")
    results["batch"] = scale

    if a.profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        for p in txt:
            policyparse.parse(p)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(12)
    shutil.rmtree(tmp, ignore_errors=True)
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
