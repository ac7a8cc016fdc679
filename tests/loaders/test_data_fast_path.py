"""JSON and YAML model files through the columnar fast path, against the reference path.

The fast path (:func:`validated_data` + :func:`model_from_columns`) must either give a
model equal to :func:`validate_model`'s, with the same types, the same fields set on every
element and the same sources, or say ``None``; the public loader must then raise exactly
the reference path's errors. :class:`JsonScan` must find the elements the reference
:class:`_JsonIndex` finds. Data comes from the generator (several sizes and seeds, written
as JSON and as YAML), from the example models and every YAML/JSON fixture in the repo,
and from hypothesis: one field of one element (or one section, or the top level) given an
odd value of each kind.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphkit.loaders import columns as columns_module
from graphkit.loaders import load, save, yamljson
from graphkit.loaders.columns import model_from_columns, validated_data
from graphkit.loaders.csvfolder import COLUMNS
from graphkit.loaders.jsonscan import JsonScan
from graphkit.loaders.yamljson import (
    _SOURCED,
    _JsonIndex,
    _yaml_item_lines,
    dump_model_data,
    read_yaml_mapping,
    write_model_file,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graphkit.errors import ModelError
from graphkit.generate import generate
from graphkit.model import Model, validate_model
from test_columns import _outcome  # (tests/loaders is on the path, not a package)

REPO = Path(__file__).resolve().parents[2]
SECTIONS = ("people", "roles", "assignments", "assets", "risks", "duties", "delegations")


# --- helpers ----------------------------------------------------------------------------

def _assert_same(fast: Model, ref: Model, sources: bool = True) -> None:
    """Equal models, with equal types (repr shows enum members and dates), equal fields
    set on every element, and (``sources``) equal sources."""
    assert fast == ref
    assert repr(fast) == repr(ref)
    assert fast.model_fields_set == ref.model_fields_set
    assert fast.policy.model_fields_set == ref.policy.model_fields_set
    if ref.organisation is not None:
        assert fast.organisation is not None
        assert fast.organisation.model_fields_set == ref.organisation.model_fields_set
    for section in SECTIONS:
        mine, theirs = getattr(fast, section), getattr(ref, section)
        assert [e.model_fields_set for e in mine] == [e.model_fields_set for e in theirs]
    for mine_p, theirs_p in zip(fast.people, ref.people, strict=True):
        assert ([c.model_fields_set for c in mine_p.competencies]
                == [c.model_fields_set for c in theirs_p.competencies])
        assert ([a.model_fields_set for a in mine_p.acknowledged]
                == [a.model_fields_set for a in theirs_p.acknowledged])
    if sources:
        for section in (*SECTIONS, "sod", "exceptions"):
            for i in range(len(getattr(ref, section, None) or getattr(ref.policy, section,
                                                                      [])) + 1):
                assert fast.source_of(section, i) == ref.source_of(section, i)
        assert dict(fast._sources) == dict(ref._sources)


def _fast(data: Any) -> Model | None:
    columns = validated_data(data)
    return None if columns is None else model_from_columns(columns, {})


def _agree(data: Any) -> Model | None:
    """The fast path gives None or the reference's model; its model."""
    fast = _fast(data)
    if fast is None:
        return None
    try:
        ref = validate_model(data)
    except ModelError as exc:  # pragma: no cover - the failure this guards against
        raise AssertionError(f"the fast path accepted invalid data: {exc}") from None
    _assert_same(fast, ref, sources=False)
    return fast


def _json_reference_sources(path: Path) -> dict[tuple[str, int], str]:
    """Where each element starts, the reference way (``_JsonIndex``, as the loader did)."""
    text = path.read_text(encoding="utf-8-sig")
    data = json.loads(text)
    index = _JsonIndex(text)
    out = {}
    for section, where in _SOURCED:
        node: Any = data
        for part in where:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, list):
            _, pos, _ = index.walk(where)
            offsets = index.elements(pos)
            lines = index.lines(offsets)
            out.update({(section, i): f"{path}:{lines[o]}" for i, o in enumerate(offsets)})
    return out


def _yaml_reference_sources(path: Path) -> dict[tuple[str, int], str]:
    _, root = read_yaml_mapping(path)
    return {(section, i): f"{path}:{line}" for section, where in _SOURCED
            for i, line in enumerate(_yaml_item_lines(root, where))}


@pytest.fixture
def fast_always(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The public loader tries the fast path whatever the model's size."""
    monkeypatch.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 0)
    yield


def _public_agrees(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    """``load(path)`` with the fast path and without it: the same model and sources, or
    the same errors; the sources are the reference's."""
    monkeypatch.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 0)
    fast = _outcome(lambda: load(path))
    monkeypatch.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 10**12)
    ref = _outcome(lambda: load(path))
    assert fast[0] == ref[0]
    if ref[0] == "model":
        _assert_same(fast[1], ref[1])
        expected = (_json_reference_sources(path) if path.suffix == ".json"
                    else _yaml_reference_sources(path))
        assert dict(ref[1]._sources) == expected
    else:
        assert fast[1] == ref[1]
    return ref


# --- generated models, examples, fixtures -----------------------------------------------

@pytest.mark.parametrize(("people", "seed"), [(40, 1), (400, 2), (2500, 3), (900, 11)])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_generated_models_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                people: int, seed: int, suffix: str) -> None:
    generate(people, seed=seed, out=tmp_path / "org")
    path = tmp_path / f"m{suffix}"
    save(load(tmp_path / "org"), path)
    data = (json.loads(path.read_text(encoding="utf-8")) if suffix == ".json"
            else read_yaml_mapping(path)[0])
    assert _agree(data) is not None  # the fast path is taken
    outcome = _public_agrees(path, monkeypatch)
    assert outcome[0] == "model"


def test_a_large_model_takes_the_fast_path_by_default(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    generate(2500, seed=5, out=tmp_path / "org")
    save(load(tmp_path / "org"), tmp_path / "m.json")
    taken: list[bool] = []
    real = columns_module.model_from_columns

    def spy(*args: Any, **kwargs: Any) -> Model:
        taken.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(columns_module, "model_from_columns", spy)
    model = load(tmp_path / "m.json")
    assert taken == [True]
    assert dict(model._sources) == _json_reference_sources(tmp_path / "m.json")


def _model_files() -> list[Path]:
    found = [p for p in sorted((REPO / "tests").rglob("*"))
             if p.suffix in (".yaml", ".yml", ".json") and "golden" not in p.parts
             and p.is_file() and p.stat().st_size < 1_000_000]
    return [*sorted((REPO / "examples").rglob("model.yaml")), *found]


@pytest.mark.parametrize("path", _model_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_repo_files_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        data = (json.loads(path.read_text(encoding="utf-8-sig")) if path.suffix == ".json"
                else yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValueError, yaml.YAMLError):
        data = None
    if isinstance(data, dict) and data.keys() & {"people", "roles", "assets", "duties"}:
        _agree(data)
        _public_agrees(path, monkeypatch)


@pytest.mark.parametrize("example", ["northwind", "northwind-clean"])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_examples_take_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     example: str, suffix: str) -> None:
    model = load(REPO / "examples" / example / "model.yaml")
    write_model_file(model, tmp_path / f"m{suffix}")
    assert _agree(dump_model_data(model)) == model
    monkeypatch.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 0)
    assert load(tmp_path / f"m{suffix}") == model
    _public_agrees(tmp_path / f"m{suffix}", monkeypatch)


# --- hypothesis: one odd value --------------------------------------------------------

def _base() -> dict[str, Any]:
    """A small valid model with every field of every section given (as YAML gives it:
    dates as dates in some places, texts elsewhere)."""
    return {
        "version": 1,
        "organisation": {"id": "org", "name": "Org"},
        "people": [
            {"id": "ann", "name": "Ann", "status": "active", "department": "IT",
             "competencies": [{"id": "cissp", "expires": "2027-03-01"}, {"id": "x@y"}],
             "acknowledged": [{"role": "ism", "version": 2}]},
            {"id": "bob", "name": None, "status": "absent", "reports_to": "ann",
             "competencies": [{"id": "iso", "expires": date(2026, 1, 2)}],
             "acknowledged": [{"role": "role:staff", "version": 1}]},
            {"id": "cy", "reports_to": "ghost"},
        ],
        "roles": [
            {"id": "staff", "name": "Staff", "description": "All", "version": 1,
             "authority": 1, "critical": False, "min_holders": 0, "requires": ["induction"],
             "inherits": [], "delegable": True, "reports_to": "ism", "department": "IT",
             "grade": "B2", "fte": 1.5},
            {"id": "ism", "version": 2, "authority": 5, "critical": True,
             "inherits": ["staff"], "reports_to": "board", "fte": 2, "min_holders": 1},
        ],
        "assignments": [
            {"person": "ann", "role": "ism", "deputy": False, "from": "2024-01-01",
             "until": date(2027, 1, 1)},
            {"person": "bob", "role": "role:staff", "deputy": True},
            {"person": "cy", "role": "staff", "from": None},
        ],
        "assets": [
            {"id": "crm", "name": "CRM", "criticality": "high", "owner": "ism",
             "custodians": ["bob", "role:staff"]},
            {"id": "erp", "owner": ["person:ann"], "custodians": []},
            {"id": "wiki", "owner": None},
        ],
        "risks": [
            {"id": "R1", "title": "Breach", "level": "critical", "owner": "ann",
             "treatment": "accept", "accepted_by": "ann", "accepted_on": "2025-05-05",
             "assets": ["crm", "asset:erp"]},
            {"id": "R2", "treatment": None, "owner": []},
        ],
        "duties": [
            {"id": "review", "name": "Review", "controls": ["A.5.2", "A.5.3"],
             "criticality": "low", "authority": 3, "requires": ["cissp"],
             "accountable": "ism", "responsible": ["ann"], "consulted": ["role:staff"],
             "informed": ["bob", "cy"]},
            {"id": "backup", "accountable": ["bob", "ann"]},
        ],
        "delegations": [
            {"id": "D1", "from": "ism", "to": "bob", "scope": "review",
             "from_date": "2025-01-01", "until": "2026-12-31"},
            {"id": "D2", "from": "person:ann", "to": "role:staff", "scope": "asset:crm"},
        ],
        "policy": {"max_delegation_depth": 3,
                   "sod": [{"id": "S1", "members": ["role:ism", "duty:review"]}],
                   "exceptions": [{"finding": "abc", "reason": "ok", "approved_by": "ann"}]},
    }


def test_the_base_takes_the_fast_path() -> None:
    model = _agree(_base())
    assert model is not None
    assert model.people[1].competencies[0].expires == date(2026, 1, 2)
    assert model.roles[1].fte == 2.0 and isinstance(model.roles[1].fte, float)


IDS = ["ann", "bob", "cy", "ghost", "staff", "ism", "crm", "erp", "R1", "review", "org",
       "person:ann", "role:ism", "asset:crm", "duty:review", "risk:R1", "person:ism",
       "role:ann", "person:"]
ODD_TEXTS = ["", " ", " ann", "ann ", "an n", "ann;bob", "ann;", ";", "a\x00b", "\x1cann",
             "ann\x1c", "\x85ann", "ann\u3000", "\ud800", "tab\there", "line\nbreak",
             "x" * 300, "ümlaut", "true", "false", "yes", "1", "0", "01", "-1", "+1",
             "1.5", "1e3", " 3", "3 ", "nan", "inf", "2024-01-01", " 2024-01-01",
             "2024-1-1", "0000-01-01", "2024-02-30", "２０２４-01-01", "active", "Active",
             "medium", "accept", "x@y", "x@", "@", "ism@3", "ism@", "@3", "a@b@2027-01-01",
             "cissp@2027-01-01"]


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(IDS), st.sampled_from(ODD_TEXTS),
        st.text(alphabet=st.sampled_from("ab;@: \t\n\x1c\x85\u00a0\u3000-1é\x00"),
                max_size=6),
        st.none(), st.booleans(), st.integers(min_value=-3, max_value=6),
        st.sampled_from([10**9, 10**10, 2**63, -(2**63)]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.0, -0.0, 1.0, 2.5, 1e16, 0.1, 1e-7]),
        st.dates(), st.datetimes(), st.sampled_from([date(2024, 1, 1),
                                                    datetime(2024, 1, 1, 0, 0)]),
    )


def _entries() -> st.SearchStrategy[Any]:
    """Competencies and acknowledgements, in the forms the fast path maps and others."""
    keys = st.sampled_from(["id", "expires", "role", "version", "extra"])
    return st.one_of(
        st.fixed_dictionaries({"id": _scalars()}, optional={"expires": _scalars()}),
        st.fixed_dictionaries({"role": _scalars(), "version": _scalars()}),
        st.dictionaries(keys, _scalars(), max_size=3),
        st.sampled_from([{"id": "cissp"}, {"id": "cissp", "expires": None},
                         {"id": "x@y", "expires": "2027-01-01"}, {"role": "ism", "version": 3},
                         {"role": "ism", "version": True}, {"role": "ism", "version": "3"},
                         {"role": "ism@x", "version": 2}, {"role": "ghost", "version": 1},
                         {"role": "ism", "version": 1.0}, {"role": " ism", "version": 1}]),
    )


def _values() -> st.SearchStrategy[Any]:
    return st.one_of(
        _scalars(),
        st.lists(_scalars(), max_size=3),
        st.lists(st.sampled_from(IDS), max_size=3),
        st.lists(_entries(), max_size=2),
        st.lists(st.lists(st.sampled_from(IDS), max_size=2), max_size=2),
        st.dictionaries(st.sampled_from(["id", "a"]), _scalars(), max_size=2),
    )


FIELDS = {s: [*COLUMNS[s], "nme", "from_", "ID"] for s in COLUMNS}


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = _base()
    where = draw(st.sampled_from(["field", "field", "field", "field", "element", "section",
                                  "top", "policy"]))
    if where in ("field", "element"):
        section = draw(st.sampled_from([*SECTIONS, "organisation"]))
        rows = [data[section]] if section == "organisation" else data[section]
        i = draw(st.integers(0, len(rows) - 1))
        if where == "field":
            key = draw(st.sampled_from(FIELDS[section]))
            if draw(st.booleans()) and key in rows[i]:
                del rows[i][key]
            else:
                rows[i][key] = draw(_values())
        elif section == "organisation":
            data["organisation"] = draw(_values())
        else:
            choice = draw(st.sampled_from(["value", "copy id", "empty", "duplicate"]))
            if choice == "value":
                rows[i] = draw(_values())
            elif choice == "copy id" and "id" in rows[i]:
                rows[i]["id"] = rows[(i + 1) % len(rows)].get("id")
            elif choice == "empty":
                rows[i] = {}
            else:
                rows.append(dict(rows[i]))
    elif where == "section":
        section = draw(st.sampled_from([*SECTIONS, "organisation", "policy"]))
        data[section] = draw(_values())
    elif where == "top":
        key = draw(st.sampled_from(["version", "extra", "people", "policy"]))
        data[key] = draw(_values())
    else:
        part = draw(st.sampled_from(["sod", "exceptions", "max_delegation_depth",
                                     "acceptance_authority", "unknown"]))
        data["policy"][part] = draw(_values())
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_one_odd_value_is_none_or_the_reference(data: dict[str, Any]) -> None:
    _agree(data)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=_mutated(), ascii_only=st.booleans())
def test_one_odd_value_in_a_file_gives_the_reference_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: dict[str, Any],
        ascii_only: bool) -> None:
    try:
        text = json.dumps(data, default=str, ensure_ascii=ascii_only, indent=1)
    except (ValueError, TypeError):  # pragma: no cover - json writes what the data holds
        assume(False)
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _public_agrees(path, monkeypatch)


@pytest.mark.parametrize("text", [
    "name: 123", "name: yes", "name: ~", "name: ''", "status: leaver", "status: ~",
    "department: 2024-01-01", "reports_to: [ann]", "reports_to: ann ",
])
def test_odd_yaml_person_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"people:\n  - id: ann\n  - id: cy\n    {text}\n", encoding="utf-8")
    _public_agrees(path, monkeypatch)


@pytest.mark.parametrize("text", [
    "from: 2024-01-01", "from: 2024-01-01 10:00:00", "from: 2024-01-01T00:00:00Z",
    "until: '2024-01-01'", "deputy: yes", "deputy: 1", "deputy: 'true'", "deputy: ~",
    "from: 20240101", "from: !!str 2024-01-01",
])
def test_odd_yaml_assignment_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("people: [{id: ann}]\nroles: [{id: ism}]\n"
                    f"assignments:\n  - person: ann\n    role: ism\n    {text}\n",
                    encoding="utf-8")
    _public_agrees(path, monkeypatch)


@pytest.mark.parametrize("text", [
    "version: 0x10", "version: 3", "version: 3.0", "version: '3'", "authority: true",
    "fte: .5", "fte: 1e3", "fte: 1_000", "fte: .nan", "fte: -1", "fte: 2",
    "min_holders: 0", "min_holders: -1", "critical: on", "critical: 'yes'",
    "requires: cissp", "requires: [cissp, ' iso']", "requires: ['a;b']", "requires: []",
    "requires: ~", "inherits: [staff, staff]", "inherits: role:staff",
])
def test_odd_yaml_role_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"roles:\n  - id: staff\n  - id: ism\n    {text}\n", encoding="utf-8")
    _public_agrees(path, monkeypatch)


def test_a_bom_and_crlf_json_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(_base(), default=str, indent=2).replace("\n", "\r\n")
    path = tmp_path / "m.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert _public_agrees(path, monkeypatch)[0] == "model"


# One odd value of each kind in a field of each kind (the grid; hypothesis above mixes)
_NAN = float("nan")
_TEXTS = [123, True, 1.5, date(2024, 1, 1), None, "", " x", "x ", "a;b", ["x"], {"a": 1},
          "a\x00b", "\ud800", "\x1cx"]
_KINDS: dict[tuple[str, str, int], list[Any]] = {
    ("people", "name", 0): _TEXTS,
    ("people", "id", 2): [*_TEXTS, "ann", "bob", " cy", "x" * 257, "role:cy", "person:cy"],
    ("people", "status", 1): ["", None, "Active", "leaver", 1, True, ["active"], " active"],
    ("people", "reports_to", 2): [None, "", "ghost", " ann", "role:ism", "person:ghost",
                                  "person:ann", ["ann"], 1, "crm", "ism", "a;b"],
    ("assignments", "person", 1): [None, "", "ghost", "role:ism", "person:ann", 1, " ann",
                                   ["ann"]],
    ("delegations", "scope", 0): ["crm", "asset:crm", "ann", "R1", "risk:R1", "ghost",
                                  "review;crm", ["crm"], None],
    ("roles", "critical", 0): [True, False, None, "true", "false", "yes", 1, 0, "", 1.0,
                               "True", ["true"]],
    ("roles", "version", 1): [1, 0, -1, True, False, 1.0, 2.5, "3", " 3", "03", None, 10**10,
                              "", _NAN, "x", [3]],
    ("roles", "fte", 0): [0.1, 2, 0, True, None, _NAN, float("inf"), -1, -0.0, 1e16, "1.5",
                          "", 1 / 3, "2", 10**20],
    ("assignments", "from", 0): ["2024-01-01", date(2024, 1, 1), datetime(2024, 1, 1),
                                 " 2024-01-01", "2024-1-1", 20240101, None, "", "0000-01-01",
                                 "2024-02-30", "2024-01-01T00:00", ["2024-01-01"]],
    ("roles", "requires", 0): [[], ["a"], [""], [" a"], ["a "], ["a;b"], "a", None, [1],
                               [None], ["a", "a"], [["a"]], ["\x1ca"], ["a\u3000"]],
    ("roles", "inherits", 1): [[], ["staff"], ["role:staff"], ["ann"], [" staff"],
                               ["staff;ism"], "staff", None, ["staff", "staff"], ["ism"],
                               ["ghost"]],
    ("assets", "custodians", 0): [[], ["ism"], ["ism", "ann"], "ism", None, ["ism;ann"],
                                  ["role:ann"], ["ghost"], [""]],
    ("assets", "owner", 1): ["ism", ["ism", "ann"], None, [], "", " ism", "ism;ann",
                             ["ism;ann"], 1, [None], ["ghost"], ["ism", "ism"], "role:ism"],
    ("people", "competencies", 0): [
        [], None, "cissp", ["cissp"], [{"id": "cissp"}], [{"id": "x@y"}], [{"id": "x@"}],
        [{"id": "@"}], [{"id": "cissp", "expires": None}], [{"id": "c", "expires": ""}],
        [{"id": "c", "expires": "2027-1-1"}], [{"id": "c", "expires": " 2027-01-01"}],
        [{"id": "c", "expires": date(2027, 1, 1)}], [{"id": "c", "expires": datetime(2027, 1, 1)}],
        [{"id": "c", "expires": "2027-01-01@x"}], [{"id": "c;d"}], [{"id": " c"}],
        [{"id": "c", "extra": 1}], [{"expires": "2027-01-01"}], [{"id": 3}],
        [{"id": "a@b", "expires": "2027-01-01"}], [{"id": "c"}, {"id": "c"}]],
    ("people", "acknowledged", 1): [
        [], None, "ism@1", [{"role": "ism", "version": 1}], [{"role": "ism", "version": True}],
        [{"role": "ism", "version": "1"}], [{"role": "ism", "version": 1.0}],
        [{"role": "ism", "version": 0}], [{"role": "ism", "version": -1}],
        [{"role": "ism"}], [{"role": "ism", "version": 1, "x": 1}], [{"role": " ism", "version": 1}],
        [{"role": "ism;staff", "version": 1}], [{"role": "role:ism", "version": 2}],
        [{"role": "ghost", "version": 1}], [{"role": "ann", "version": 1}],
        [{"role": "ism@1", "version": 2}], [{"role": "", "version": 1}]],
    ("risks", "treatment", 1): [None, "", "accept", "Accept", 1, ["accept"]],
}
_GRID = [(s, f, i, v) for (s, f, i), values in _KINDS.items() for v in [*values, "(absent)"]]


@pytest.mark.parametrize(("section", "field", "i", "value"), _GRID,
                         ids=[f"{s}[{i}].{f}={v!r}"[:60] for s, f, i, v in _GRID])
def test_one_odd_value_of_each_kind(section: str, field: str, i: int, value: Any) -> None:
    data = _base()
    if value == "(absent)":
        data[section][i].pop(field, None)
    else:
        data[section][i][field] = value
    _agree(data)


@pytest.mark.parametrize("change", [
    {"version": 2}, {"version": True}, {"version": "1"}, {"version": 1.0}, {"extra": []},
    {"organisation": None}, {"organisation": []}, {"organisation": {"id": "o", "x": 1}},
    {"organisation": {"id": "o", "name": None}}, {"organisation": {"name": "o"}},
    {"people": None}, {"people": {}}, {"people": []}, {"roles": [None]}, {"roles": ["ism"]},
    {"policy": None}, {"policy": {}}, {"policy": []}, {"policy": {"sod": None}},
    {"policy": {"max_delegation_depth": True}}, {"policy": {"exceptions": [{"finding": "x"}]}},
    {"assets": [{"id": "a", "owner": "ghost"}]}, {"duties": [{"id": "d"}, {"id": "d"}]},
    {1: []},
], ids=repr)
def test_one_odd_section(change: dict[Any, Any]) -> None:
    data = _base()
    data.update(change)
    _agree(data)


# --- the tests can fail ----------------------------------------------------------------

def test_without_a_step_aside_rule_the_tests_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the null rule gone (a null taken as absent in every field), a person's
    ``status: null`` (an error: the status has a default) passes the fast path and the
    differential check catches it."""
    data = _base()
    data["people"][0]["status"] = None
    assert _agree(data) is None
    monkeypatch.setattr(columns_module, "_nullable", lambda section, column: True)
    with pytest.raises(AssertionError, match="accepted invalid data"):
        _agree(data)


# --- the structural index of JSON text ------------------------------------------------

_JSON_TEXT = st.text(alphabet=st.sampled_from(
    list('ab[]{},:"\\ \n\t/') + ["é", "\u2028", "😀", "\x00", "\x1f"]), max_size=8)
_LEAF = st.one_of(_JSON_TEXT, st.integers(), st.booleans(), st.none(),
                  st.floats(allow_nan=False, allow_infinity=False))
_JSON_VALUE = st.recursive(
    _LEAF, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                   st.dictionaries(_JSON_TEXT, inner, max_size=3)),
    max_leaves=12)
_SECTION = st.one_of(st.lists(st.one_of(st.dictionaries(_JSON_TEXT, _JSON_VALUE, max_size=3),
                                        _JSON_VALUE), max_size=4), _JSON_VALUE)


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from([*SECTIONS, "policy", "version", "x[", '"}']),
                          unique=True, max_size=6))
    doc: dict[str, Any] = {name: draw(_SECTION) for name in names}
    if draw(st.booleans()):
        doc["policy"] = {part: draw(_SECTION) for part in
                         draw(st.lists(st.sampled_from(["sod", "exceptions", "x"]),
                                       unique=True, max_size=3))}
    return doc


@settings(max_examples=400, deadline=None)
@given(doc=_documents(), indent=st.sampled_from([None, 0, 1, 2, 4, "\t", "\n \n"]),
       ascii_only=st.booleans(), tight=st.booleans())
def test_the_structural_index_finds_what_the_decoder_finds(
        doc: dict[str, Any], indent: Any, ascii_only: bool, tight: bool) -> None:
    separators = (",", ":") if tight else (", ", ": ")
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only, separators=separators)
    raw = text.encode("utf-8")
    scan, index = JsonScan(raw), _JsonIndex(text)
    for _, where in [*_SOURCED, ("x", ("x[",)), ("q", ('"}',)), ("p", ("policy", "x"))]:
        best, pos, found = index.walk(where)
        starts = scan.elements(where)
        if not found or text[pos] != "[":
            assert starts is None
            continue
        assert starts is not None
        offsets = index.elements(pos)
        assert starts.tolist() == [len(text[:o].encode("utf-8")) for o in offsets]
        lines = index.lines(offsets)
        assert scan.lines(starts).tolist() == [lines[o] for o in offsets]


def test_the_structural_index_skips_long_whitespace() -> None:
    text = '{"people": [' + " " * 100 + '{"id": "a"},' + "\n" * 70 + ' "b" , 3 ]}'
    scan, index = JsonScan(text.encode()), _JsonIndex(text)
    _, pos, _ = index.walk(("people",))
    assert scan.elements(("people",)).tolist() == index.elements(pos)
    assert scan.lines(scan.elements(("people",))).tolist() == [1, 71, 71]


def test_floats_read_back_exactly() -> None:
    for fte in (0.1, 2.675, 1 / 3, 123456.789, 0.5, math.pi, 1e-7, 7.0):
        data = _base()
        data["roles"][0]["fte"] = fte
        model = _agree(data)
        assert model is None or model.roles[0].fte == fte
