"""The faster ways of doing things say exactly what the straightforward ways said."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graphkit.findings import Edge, Evidence, Finding, Report, Severity
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.render import About, Format, render
from graphkit.render.json import as_data
from graphkit.runner import run_checks
from graphkit.semantics import Context

ODD = "é\x01\x1f\x7f\u2028\U0001f600\"\\/\t\n<script>&amp;"


def _python_json(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


def test_json_text_is_what_json_dumps_writes_for_odd_text() -> None:
    edge = Edge(u="person:" + ODD, v="role:x", kind="holds", key="holds", source=ODD)
    f = Finding.make("vacant-role", Severity.high, title=ODD, message=ODD, subjects=[ODD],
                     iso=["A.5.2"], evidence=[Evidence(label=ODD, nodes=[ODD], edges=[edge])])
    report = Report(as_of=date(2026, 1, 1), model=ODD, findings=[f],
                    summary={"total": 1, "by": {ODD: [1, 2]}, "empty": [], "none": {}})
    assert render(report, Format.json, About()) == _python_json(report)


def test_json_text_is_what_json_dumps_writes_for_a_generated_report(tmp_path: Path) -> None:
    generate(600, seed=9, out=tmp_path)
    report = run_checks(load(tmp_path), as_of=AS_OF)
    assert len(report.findings) > 100
    assert render(report, Format.json, About()) == _python_json(report)


def test_row_sources_of_a_csv_folder(tmp_path: Path) -> None:
    generate(60, seed=2, out=tmp_path)
    model = load(tmp_path)
    assert model.source_of("people", 0) == f"{tmp_path / 'people.csv'}: row 2"
    assert model.source_of("assets", 119) == f"{tmp_path / 'assets.csv'}: row 121"
    assert model.source_of("assets", 120) is None
    ctx = Context.build(model, AS_OF)
    assert ctx.source("roles", 3) == f"{tmp_path / 'roles.csv'}: row 5"


def test_coverage_is_the_routes_of_people_who_can_act(tmp_path: Path) -> None:
    """Context.coverage against its definition: accountable_routes / responsible_routes
    filtered by can_act, first route per person, cut at the limit."""
    generate(400, seed=4, out=tmp_path)
    ctx = Context.build(load(tmp_path), AS_OF)
    for ref in ctx.items:
        for limit in (None, 1, 2):
            cov = ctx.coverage(ref, limit)
            for side, routes in (("accountable", ctx.accountable_routes(ref)),
                                 ("responsible", ctx.responsible_routes(ref))):
                want: dict[str, object] = {}
                for r in routes:
                    if r.person not in want and ctx.can_act(r.person):
                        want[r.person] = r
                        if limit is not None and len(want) >= limit:
                            break
                assert getattr(cov, side) == want, (ref, limit, side)
