"""The JSON text of findings written by orjson is pydantic's, byte for byte.

:func:`graphkit.render.json.pieces` writes findings with orjson where every value has
the type its field declares, and with pydantic otherwise. The reference here is what it
wrote before (pydantic for every piece): strings of every kind in every text field,
findings built every way (validated, ``make``, ``trusted``, copied as suppressed), the
whole report of a generated organisation and of the bundled examples; and the values
where orjson would write other bytes than pydantic, or write what pydantic refuses,
which must fall back to pydantic.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from graphkit.findings import Edge, Evidence, Finding, Report, Severity
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.queries.registry import CHECKS
from graphkit.render import About, Format, about_model, render
from graphkit.render import json as json_render
from graphkit.runner import run_checks

ROOT = Path(__file__).resolve().parents[2]

_PIECE = TypeAdapter(dict[str, list[Finding]])
_HEAD = len(b'{\n  "findings": [')
_TAIL = len(b'\n  ]\n}')


def reference(findings: list[Finding], size: int) -> list[bytes]:
    """The pieces as pydantic writes them (what ``pieces`` did before orjson)."""
    return [_PIECE.dump_json({"findings": findings[i:i + size]}, indent=2)[_HEAD:-_TAIL]
            for i in range(0, len(findings), size)]


def outcome(make: Callable[[], list[bytes]]) -> tuple[Any, list[str]]:
    """The pieces ``make`` gives (or the error it raises, as type and text) and the
    warnings it gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: Any = make()
        except Exception as exc:  # compared, never swallowed: the same error or a failure
            result = (type(exc), str(exc))
    return result, [str(w.message) for w in caught]


def assert_as_pydantic(findings: list[Finding], size: int = 2) -> None:
    ours = outcome(lambda: list(json_render.pieces(findings, About(), size)))
    assert ours == outcome(lambda: reference(findings, size))


def by_orjson(findings: list[Finding]) -> bool:
    """True when these findings are written by orjson (no fallback)."""
    try:
        orjson.dumps({"findings": findings}, default=json_render._fields,
                     option=json_render._OPTIONS)
    except orjson.JSONEncodeError:
        return False
    return True


def naive(findings: list[Finding]) -> bytes:
    """orjson with no checks at all: what pieces would write without its fallback."""
    return orjson.dumps({"findings": findings}, option=orjson.OPT_INDENT_2,
                        default=lambda o: o.__dict__)[_HEAD:-_TAIL]


# -- strings of every kind -----------------------------------------------------------

def test_every_code_point_is_escaped_as_pydantic_escapes_it() -> None:
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = ["".join(points[i:i + 4096]) for i in range(0, len(points), 4096)]
    findings = [Finding.make("vacant-role", Severity.high, title=t[:50], message=t,
                             subjects=[t[50:90], t[:3]], iso=[t[90:95]],
                             evidence=[Evidence.trusted(t[:7], [t[7:30]], [Edge.trusted(
                                 t[:5], t[5:9], t[9:20], t[20:30], t[30:99])])])
                for t in texts]
    assert by_orjson(findings)
    assert list(json_render.pieces(findings, About(), 50)) == reference(findings, 50)


SPECIAL = ([chr(c) for c in range(0x20)]
           + ['"', "\\", "/", "\x7f", "\x80", "\x9f", "\xa0", "\xe9", "\u2028", "\u2029",
              "\ufeff", "\uffff", "\U0001f600", "\U0010ffff", "\u0301"])
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
text = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL)),
               max_size=12)
# in some examples, strings with a lone surrogate now and then (neither library can
# write one as UTF-8: pydantic's error is the outcome)
dirty = st.one_of(text, text, text, text, text, text, text, text, text, text, text,
                  st.builds(lambda a, s, b: a + s + b, text, st.sampled_from(SURROGATES),
                            text))
severity = st.sampled_from(list(Severity))
Strings = st.SearchStrategy[str]


@st.composite
def edges(draw: st.DrawFn, rare: Strings) -> Edge:
    optional = st.one_of(st.none(), rare)
    u, v, kind, key, source = (draw(rare), draw(rare), draw(rare), draw(optional),
                               draw(optional))
    if draw(st.booleans()):
        return Edge.trusted(u, v, kind, key, source)
    return Edge(u=u, v=v, kind=kind, key=key, source=source)


@st.composite
def evidences(draw: st.DrawFn, rare: Strings, shared: list[Edge]) -> Evidence:
    label, nodes = draw(st.one_of(st.none(), rare)), draw(st.lists(rare, max_size=3))
    path = draw(st.lists(st.one_of(edges(rare), st.sampled_from(shared)), max_size=3))
    if draw(st.booleans()):
        return Evidence.trusted(label, nodes, path)
    return Evidence(label=label, nodes=nodes, edges=path)


@st.composite
def findings(draw: st.DrawFn) -> list[Finding]:
    rare = dirty if draw(st.integers(0, 3)) == 0 else text
    shared_edges = [draw(edges(rare))]  # an edge and an evidence in several findings
    shared = [draw(evidences(rare, shared_edges))]
    out = []
    for _ in range(draw(st.integers(1, 5))):
        # (the fingerprint is a hash of the check and subjects' UTF-8: no surrogate there)
        check, title, message = draw(text), draw(rare), draw(rare)
        subjects, iso = draw(st.lists(text, max_size=3)), draw(st.lists(rare, max_size=3))
        proofs = draw(st.lists(st.one_of(evidences(rare, shared_edges),
                                         st.sampled_from(shared)), max_size=3))
        sev = draw(severity)
        how = draw(st.sampled_from(["make", "validated", "trusted"]))
        if how == "make":
            f = Finding.make(check, sev, title=title, message=message, subjects=subjects,
                             iso=iso, evidence=proofs)
        elif how == "trusted":
            f = Finding.trusted(check, sev, title, message, sorted(set(subjects)),
                                tuple(iso), proofs)
        else:
            f = Finding(check=check, severity=sev, title=title, message=message,
                        subjects=subjects, evidence=proofs, iso=iso,
                        fingerprint=draw(rare), suppressed=draw(st.booleans()),
                        suppressed_by=draw(st.one_of(st.none(), rare)))
        if draw(st.booleans()):  # as the runner suppresses a finding
            f = f.model_copy(update={"suppressed": True, "suppressed_by": draw(rare)})
        out.append(f)
    return out


@settings(max_examples=200, deadline=None)
@given(findings(), st.integers(1, 4))
def test_any_strings_anywhere_give_pydantic_bytes(found: list[Finding], size: int) -> None:
    assert_as_pydantic(found, size)


def test_no_evidence_and_suppressed_findings_are_written_by_orjson() -> None:
    f = Finding.make("vacant-role", Severity.medium, title="Vacant role", message="m",
                     subjects=["role:ism"], iso=["A.5.2"])
    g = Finding(check="orphan-item", severity=Severity.info, title="t", message="m",
                subjects=[], fingerprint="f", suppressed=True, suppressed_by="person:carol")
    s = f.model_copy(update={"suppressed": True, "suppressed_by": "person:carol"})
    found = [f, g, s]
    assert by_orjson(found)
    assert list(json_render.pieces(found, About(), 2)) == reference(found, 2)
    assert b'"suppressed": true,\n      "suppressed_by": "person:carol"' in b"".join(
        json_render.pieces(found, About()))


# -- where orjson would write other bytes: pydantic writes them ----------------------

_BASE = Finding.make("orphan-item", Severity.high, title="Orphan item", message="m",
                     subjects=["asset:crm"], iso=["A.5.9"], evidence=[Evidence.trusted(
                         "crm", ["asset:crm"], [Edge.trusted("asset:crm", "role:x", "owns")])])
_EV = _BASE.evidence[0]
_EDGE = _EV.edges[0]


class _Sub(Finding):
    note: str = "kept out"


class _Text(str):
    pass


def _with_evidence(evidence: Evidence) -> Finding:
    # through make, which shares its "fields given" set with the evidence's when they
    # are equal (as for an evidence built without validation)
    return Finding.make("orphan-item", Severity.high, title="t", message="m",
                        subjects=["asset:crm"], iso=["A.5.9"], evidence=[evidence])


NEEDED: dict[str, Callable[[], Finding]] = {
    # pydantic warns and writes 1e+20, orjson writes 1e20
    "float message": lambda: _BASE.model_copy(update={"message": 1e20}),
    "float suppressed_by": lambda: _BASE.model_copy(update={"suppressed_by": 1e20}),
    # pydantic leaves out what is not a field
    "extra attribute": lambda: _BASE.model_copy(update={"note": "x"}),
    "subclass field": lambda: _Sub(**_BASE.__dict__),
    # pydantic refuses what orjson would paste in
    "fragment": lambda: _BASE.model_copy(update={"title": orjson.Fragment(b"1")}),
    "float label": lambda: _with_evidence(_EV.model_copy(update={"label": 1e20})),
    "constructed evidence": lambda: _with_evidence(Evidence.model_construct(
        label="x", nodes=[1e20], edges=[])),
    "float edge key": lambda: _BASE.model_copy(update={"evidence": [Evidence.trusted(
        "x", [], [_EDGE.model_copy(update={"key": 1e20})])]}),
    "extra edge attribute": lambda: _BASE.model_copy(update={"evidence": [Evidence.trusted(
        "x", [], [_EDGE.model_copy(update={"note": "x"})])]}),
    "dict for evidence": lambda: _BASE.model_copy(update={"evidence": [{"x": 1e20}]}),
    "tuple of floats for subjects": lambda: _BASE.model_copy(update={"subjects": (1e20,)}),
}

# values orjson and pydantic may write alike, left to pydantic all the same (the fast
# path is only for values of exactly the declared types)
UNUSUAL: dict[str, Callable[[], Finding]] = {
    "int message": lambda: _BASE.model_copy(update={"message": 7}),
    "huge int": lambda: _BASE.model_copy(update={"message": 10 ** 30}),
    "str subclass": lambda: _BASE.model_copy(update={"subjects": [_Text("asset:crm")]}),
    "str severity": lambda: _BASE.model_copy(update={"severity": "high"}),
    "date": lambda: _BASE.model_copy(update={"suppressed_by": date(2026, 1, 2)}),
    "datetime": lambda: _BASE.model_copy(update={"suppressed_by": datetime(2026, 1, 2)}),
    "missing field": lambda: Finding.model_construct(check="c", severity=Severity.low,
                                                     title="t", message="m", subjects=[]),
    "edge missing field": lambda: _BASE.model_copy(update={"evidence": [Evidence(
        label="x", edges=[Edge.model_construct(u="a", v="b")])]}),
    "none for a list": lambda: _BASE.model_copy(update={"iso": None}),
    "lone surrogate": lambda: _BASE.model_copy(update={"message": "a\ud800"}),
    "surrogate in trusted edge": lambda: _with_evidence(Evidence.trusted(
        None, [], [Edge.trusted("a", "b\udfff", "k")])),
}


@pytest.mark.parametrize("case", list(NEEDED))
def test_where_orjson_differs_pydantic_writes(case: str) -> None:
    odd = NEEDED[case]()
    found = [_BASE, odd, _BASE]
    # without the fallback these bytes would differ (or pydantic would refuse them)
    expected = outcome(lambda: reference(found, 3))
    assert outcome(lambda: [naive(found)]) != expected
    assert not by_orjson([odd])
    assert_as_pydantic(found, 1)
    assert_as_pydantic(found, 3)


@pytest.mark.parametrize("case", list(UNUSUAL))
def test_unusual_values_are_left_to_pydantic(case: str) -> None:
    odd = UNUSUAL[case]()
    assert not by_orjson([odd])
    assert_as_pydantic([_BASE, odd, _BASE], 1)
    assert_as_pydantic([_BASE, odd, _BASE], 2)


def test_a_fallback_piece_leaves_the_others_to_orjson() -> None:
    odd = NEEDED["float message"]()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = list(json_render.pieces([_BASE, _BASE, odd, _BASE], About(), 2))
        assert len(caught) == 1  # pydantic's warning, for its piece
        assert got == reference([_BASE, _BASE, odd, _BASE], 2)
    assert b"1e+20" in got[1]  # pydantic's text


def test_constructed_findings_of_the_declared_types_are_written_by_orjson() -> None:
    f = Finding.model_construct(check="c", severity=Severity.low, title="t", message="m",
                                subjects=["a"], fingerprint="f", evidence=[Evidence(
                                    label=None, nodes=["a"], edges=[Edge.model_construct(
                                        u="a", v="b", kind="k", key=None, source="s")])])
    assert by_orjson([f])
    assert_as_pydantic([_BASE, f])


def test_an_interrupt_while_orjson_writes_is_not_a_fallback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(obj: object) -> dict[str, Any]:
        raise KeyboardInterrupt  # as a signal handler raises it, in the callback

    monkeypatch.setattr(json_render, "_fields", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(json_render.pieces([_BASE], About()))


def test_the_same_error_as_before_for_a_whole_report() -> None:
    report = Report(as_of=date(2026, 6, 30), findings=[UNUSUAL["lone surrogate"]()])
    before = outcome(lambda: [report.model_dump_json(indent=2).encode()])
    assert before[0][0] is not bytes and "surrogates not allowed" in before[0][1]
    assert outcome(lambda: [render(report, Format.json).encode()]) == before


# -- whole reports ---------------------------------------------------------------------

def _whole_report_is_pydantics(report: Report, about: About) -> None:
    # what render wrote before: pydantic's text of the whole report
    assert render(report, Format.json, about) == report.model_dump_json(indent=2) + "\n"
    assert b"".join(json_render.chunks(report, about, size=7)).decode() == render(
        report, Format.json, about)


@pytest.mark.parametrize("model", ["examples/northwind/model.yaml",
                                   "examples/northwind-clean/model.yaml"])
def test_example_reports(model: str) -> None:
    m = load(ROOT / model)
    report = run_checks(m, as_of=date(2026, 12, 1))
    _whole_report_is_pydantics(report, about_model(m, model_path=model, checks=CHECKS))
    assert by_orjson(report.findings)


def test_example_with_a_suppressed_finding() -> None:
    report = run_checks(load(ROOT / "examples/northwind/model.yaml"), as_of=date(2026, 12, 1))
    assert any(f.suppressed for f in report.findings)
    _whole_report_is_pydantics(report, About())


def test_generated_organisation_report(tmp_path: Path) -> None:
    generate(2000, seed=11, out=tmp_path)
    model = load(tmp_path)
    report = run_checks(model, as_of=AS_OF)
    assert len(report.findings) > 2000
    _whole_report_is_pydantics(report, about_model(model, model_path=tmp_path,
                                                   checks=CHECKS))
    # every check's findings take the fast path (else it would be no faster)
    by_check: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_check.setdefault(f.check, []).append(f)
    assert len(by_check) > 10
    assert [c for c, fs in by_check.items() if not by_orjson(fs)] == []
    for fs in by_check.values():
        assert list(json_render.pieces(fs, About(), 100)) == reference(fs, 100)


def test_only_evidence_made_trusted_is_taken_at_its_word() -> None:
    # the writer takes evidence at its word when it has the set only Evidence.trusted
    # (and the context, the same way) gives: no other evidence may get it, through make
    # or a copy, or a float in its nodes would be written as orjson writes it
    from graphkit import findings
    from graphkit.semantics import Context

    trusted = Evidence.trusted("x", ["a"], [Edge.trusted("a", "b", "k")])
    others = [Evidence.model_construct(label="x", nodes=[1e20], edges=[]),
              Evidence(label="x", nodes=["a"], edges=[]), trusted.model_copy(),
              trusted.model_copy(update={"nodes": [1e20]})]
    for e in [trusted, *others]:
        Finding.make("orphan-item", Severity.high, title="t", message="m",
                     subjects=["asset:crm"], iso=["A.5.9"], evidence=[e])
    assert trusted.__pydantic_fields_set__ is findings._EVIDENCE_FIELDS
    for e in others:
        assert e.__pydantic_fields_set__ == findings._EVIDENCE_FIELDS
        assert e.__pydantic_fields_set__ is not findings._EVIDENCE_FIELDS
    ctx = Context.build(load(ROOT / "examples/northwind/model.yaml"), date(2026, 12, 1))
    for h in ctx.holdings():
        for e in (ctx.holding_evidence(h), ctx.unkept_holding_evidence(h),
                  ctx.holding_evidence(h, "a label of its own")):
            assert e.__pydantic_fields_set__ is findings._EVIDENCE_FIELDS
    float_nodes = _with_evidence(others[-1])
    assert not by_orjson([float_nodes])
    assert_as_pydantic([_BASE, float_nodes])
