"""Resolution: every unit a task's attribution names, as the registry knows it.

The units stage matched the names the registry holds; this stage resolves the rest (an alias,
a spelling variant, a province's own body written without its province: 省财政厅 in a Hebei
notice is 河北省财政厅), and warns once per name it cannot place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from ..findings import Jurisdiction, ResolvedUnit, Tasks, UnitMention
from ..model import Span, Warning
from .registry import Registry, Resolution, load_registry


def resolve_units(tasks: Tasks, jurisdiction: Optional[Jurisdiction]) -> Tasks:
    """The tasks with each unit of their attributions resolved (``UnitMention.resolved``), and an
    ``unknown_unit`` warning for each name the registry does not know (once per name, in the
    order the tasks name them)."""
    reg = load_registry()
    warnings: list[Warning] = []
    warned: set[str] = set()
    # an unknown body written two ways (省人力资源和社会保障厅 / 省人力资源社会保障厅) has one id
    # and, like a known one, one name: the first the notice writes
    named: dict[str, str] = {}
    for rt in tasks.tasks:
        att = rt.attribution
        if att is None:
            continue
        for u in att.units:
            res = reg.resolve_match(u.text, u.unit_id)
            if not res.known and jurisdiction:
                res = _own_body(reg, res, jurisdiction)
            if not res.known and u.text not in warned:
                warned.add(u.text)
                warnings.append(_unknown(u, res))
            if not res.known:
                res = replace(res, name=named.setdefault(res.unit_id, res.name))
            # (set in place: the mentions are this parse's own, and a copy of every task,
            # attribution and mention cost 4 % of a typical notice's parse)
            u.resolved = _resolved(res)
    return Tasks(tasks.tasks, warnings)


def _resolved(res: Resolution) -> ResolvedUnit:
    return ResolvedUnit(
        unit_id=res.unit_id,
        name=res.unit.zh if res.unit else res.name,
        name_zh=res.unit.zh if res.unit else None,
        name_en=res.unit.en if res.unit else None,
        known=res.known,
    )


def _unknown(u: UnitMention, res: Resolution) -> Warning:
    near = (
        f"; nearest known unit: {res.nearest.zh} ({res.nearest.en}, {res.nearest_score:.0f}/100)"
        if res.nearest
        else ""
    )
    return Warning(
        "unknown_unit", f"unit {u.text!r} is not in the registry{near}", Span(u.start, u.end)
    )


def _own_body(reg: Registry, res: Resolution, place: Jurisdiction) -> Resolution:
    """A body the notice writes without its province (省财政厅) is that province's: named and
    keyed in full (河北省财政厅), so that two provinces' bodies never share an id."""
    full = place.full_name(res.text.strip())
    if full is None:
        return res
    named = reg.resolve(full)
    return named if named.known else replace(named, text=res.text)
