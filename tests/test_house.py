"""The house rules that a linter does not check (#32): no import cycle, even counting imports
inside functions; at most ten modules loose at the package top; no function over 100 lines
(ruff's C901 holds complexity at 20); assemble imports no stage, only the values they give;
one stage table that parse() and the spaCy adapter both follow."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import imports  # noqa: E402

PKG = ROOT / "policyparse"


def test_no_import_cycle_even_counting_imports_inside_functions():
    assert imports.cycles(imports.graph()) == []


def test_the_import_graph_sees_imports_inside_functions():
    g = imports.graph()
    # policyparse.__init__ imports compare.diff only inside diff(): the graph must see it
    assert "policyparse.compare.diff" in g["policyparse"]
    assert "policyparse.compare.load" in g["policyparse.compare.align"]


def test_at_most_ten_modules_loose_at_the_package_top():
    loose = [p.name for p in PKG.glob("*.py") if p.name != "__init__.py"]
    assert len(loose) <= 10, sorted(loose)


def test_no_function_over_100_lines():
    long = []
    for p in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 100:
                    long.append(f"{p.relative_to(ROOT)}:{node.name} ({n} lines)")
    assert long == []


def test_assemble_imports_no_stage():
    g = imports.graph()
    stages = ("ingest", "clean", "structure", "units", "extract")
    reached = [m for m in g["policyparse.assemble"] if m.split(".")[1] in stages]
    assert reached == [], reached
    assert g["policyparse.assemble"] <= {"policyparse.findings", "policyparse.model"}


def test_parse_and_the_spacy_adapter_follow_one_stage_table():
    import policyparse
    from policyparse import stages

    names = [st.name for st in stages.STAGES]
    assert len(set(names)) == len(names)
    available = set(stages.INPUTS)
    for st in stages.STAGES:  # every stage reads only inputs and what earlier stages gave
        assert set(st.needs) <= available, st.name
        available.add(st.name)
    nlp = policyparse.load("zh")
    assert [n for n in nlp.pipe_names if n[3:] in names] == [f"pp_{n}" for n in names]
