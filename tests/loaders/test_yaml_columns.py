"""A YAML model file's sections read straight into columns (``loaders/_yamlcols.py``)
against the way it was read before (the block reader's dicts, then the columnar path or
pydantic): the same model, the same source of every element, the same errors.

"Before" is ``read_model_file`` with ``_columns_model`` turned off; "now" is
``read_model_file`` as it is. Both with the columnar threshold at 0, so that small
models take the columnar paths too. Compared on generated models (several writers),
on hypothesis-made sections with values of every kind (texts PyYAML makes into other
things, quoted texts of every kind, comments, flow collections, nulls, lists where one
value goes, ...), on
hypothesis-mutated files (lines dropped, doubled, indented, blank or comment lines
put in), and on each odd form one at a time, with the frames compared to
``_data_frame``'s of the block reader's dicts.
"""

from __future__ import annotations

import random
from datetime import date
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphkit.loaders import _yamlcols as yc
from graphkit.loaders import columns, load, save, yamljson
from graphkit.loaders._yamlblock import read_block_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.generate import generate

SECTIONS = tuple(where for _, where in yamljson._SOURCED)


@contextmanager
def _small_models_columnar() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(yamljson, "FAST_PATH_MIN_ELEMENTS", 0)
        yield


def _outcome(path: Path) -> tuple[Any, ...]:
    try:
        model = yamljson.read_model_file(path)
    except Exception as exc:  # noqa: BLE001 - any refusal, compared by its words
        return ("error", type(exc).__name__, str(exc))
    sources = {}
    for section, _ in yamljson._SOURCED:
        held = model.policy.sod if section == "sod" else (
            model.policy.exceptions if section == "exceptions" else getattr(model, section))
        for i in range(len(held)):
            sources[(section, i)] = model.source_of(section, i)
    return ("ok", model.model_dump(), model, sources)


def before_and_now(text: str, path: Path) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    path.write_text(text, encoding="utf-8")
    with _small_models_columnar():
        now = _outcome(path)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(yamljson, "_columns_model", lambda text, path: None)
            before = _outcome(path)
    return before, now


def columns_read(text: str) -> tuple[Any, ...] | None:
    """read_columns's answer, checked against the block reader's: each frame the one
    ``_data_frame`` makes of the block reader's elements, the rest of the data and every
    line the same."""
    loader = yamljson._SafeLoader("")
    got = yc.read_columns(text, loader)
    if got is None:
        return None
    data, lines, frames = got
    block = read_block_yaml(text, yamljson._SafeLoader(""), SECTIONS)
    assert block is not None, "read as columns, but the block reader steps aside"
    old_data, old_lines = block
    assert list(data) == list(old_data)
    for key, value in old_data.items():
        if key in frames:
            assert data[key] is None
            assert frames[key].equals(columns._data_frame(key, value))
        else:
            assert data[key] == value and repr(data[key]) == repr(value)
    assert lines == old_lines
    return got


def agree(text: str, path: Path) -> tuple[Any, ...]:
    """Both readings of ``text`` the same (and read_columns's, when it reads it)."""
    columns_read(text)
    before, now = before_and_now(text, path)
    assert before[0] == now[0], (before[:3], now[:3])
    if before[0] == "error":
        assert before == now
    else:
        assert before[1] == now[1] and before[2] == now[2] and before[3] == now[3]
    return now


# --- generated models, as graphkit and others write them --------------------------------

@pytest.mark.parametrize(("people", "seed"), [(40, 1), (300, 2)])
def test_generated_models_read_the_same(people: int, seed: int, tmp_path: Path) -> None:
    generate(people, seed=seed, out=tmp_path / "csv")
    save(load(tmp_path / "csv"), tmp_path / "m.yaml")
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    got = columns_read(text)
    assert got is not None and set(got[2]) == {
        s for s in yc.COLUMN_SECTIONS if yaml.safe_load(text).get(s)}, \
        "graphkit's own YAML must be read as columns"
    assert agree(text, tmp_path / "m.yaml")[0] == "ok"
    # other writers: sorted keys, indented sequences, no unicode (to PyYAML's path)
    data = yaml.safe_load(text)
    for style in ({"sort_keys": True}, {"sort_keys": False, "indent": 4},
                  {"allow_unicode": False, "width": 40}):
        agree(yaml.safe_dump(data, default_flow_style=False, **style),  # type: ignore[arg-type]
              tmp_path / "m2.yaml")


def test_the_big_model_reads_as_columns_at_all_thresholds(tmp_path: Path) -> None:
    """With the threshold as it is, a model of 1,500 people (over 5,000 elements) takes
    the columnar reading; the same model and sources as before."""
    generate(1500, seed=4, out=tmp_path / "csv")
    save(load(tmp_path / "csv"), tmp_path / "m.yaml")
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    took: list[bool] = []
    real = yamljson._columns_model

    def spy(text: str, path: Path) -> Any:
        got = real(text, path)
        took.append(got is not None)
        return got

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(yamljson, "_columns_model", spy)
        now = yamljson.read_model_file(tmp_path / "m.yaml")
    assert took == [True]
    before, _ = before_and_now(text, tmp_path / "m.yaml")
    assert before[2] == now and before[3] == {k: now.source_of(*k) for k in before[3]}


# --- hypothesis: sections of every kind of value ---------------------------------------

# values as they stand on a line: texts, texts PyYAML makes into something else, and
# forms the columnar reading leaves to the block reader (or to PyYAML)
WORDS = ["alice", "bob", "p1", "p2", "r1", "role:r1", "person:p1", "a1", "d1", "R-1",
         "Tara Chen", "Yes Man", "no", "yes", "on", "Off", "~", "null", "NULL", "true",
         "0x1F", "007", "1_000", "3", "4", "1.0", "1e3", ".inf", ".nan", "2026-05-17",
         "2026-02-30", "2026-05-17 10:00:00", "critical", "low", "active", "leaver",
         "mitigate", "accept", "a#b", "a #b", "x: y", "x:", "-x", "- x", "'q'", "\"d\"",
         "'it''s'", "[a]", "[]", "{}", "{a: 1}", "&anchor x", "*alias", "!tag x", "<<",
         "=", "?", "Émile", "a;b", " lead", "trail ", "a  b", "%", "@x", "`x`", "|",
         ">", "#c", "''", "'a #b'", "'a ] b'", "'a} b'", '"a\\"b"', '"a\\tb"', "'open",
         "'a' b", "'a' ", "' lead '", "'~'", "'null'", "'2026-05-17'", "'4'", "'yes'",
         "'a: b'", "'a;b'", "'a''b''''c'", "'''", '""', '"x" y', "O'Brien"]
# (most values are texts the columns take, so that most sections are read as columns)
GOOD = ["alice", "p1", "r1", "role:r1", "person:p1", "Tara Chen", "a:b", "x.y", "critical",
        "low", "Nina-2", "(x)", "a#b", "Yvonne", "~x", "3", "2026-05-17",
        "'Tara, Chen (x)'", "'it''s'", '"d, q: r"', "'4'", "'yes'", "' x '"]
# values of the kinds of the typed fields, as a plain section gives them
TYPED = {"int": ["3", "4", "0x1F", "07", "1_0", "'4'"], "float": ["1.0", "2", "0.5", "1e1"],
         "bool": ["true", "false", "yes", "No", "on", "'true'"],
         "date": ["2026-05-17", "2027-01-02", "'2026-05-17'"]}
VALUES = st.sampled_from(GOOD * 3 + WORDS)
FIELDS = {s: st.sampled_from(list(columns._SPEC[s]) * 8 + ["other", "on", "x y"])
          for s in yc.COLUMN_SECTIONS}
ITEM_KEYS = st.sampled_from(["id", "expires", "role", "version"] * 5 + ["x"])


SEPARATORS = [", ", ",", " , ", ",  "]
CLEAN_VALUES = st.sampled_from(GOOD)


def _flow(draw: Any, pairs: list[tuple[str, Any]], odd: bool) -> str:
    """A one-line flow mapping of ``pairs`` (a value, or a list of values)."""
    sep = draw(st.sampled_from(SEPARATORS)) if odd else ", "
    items = []
    for key, value in pairs:
        if isinstance(value, list):
            value = "[" + (draw(st.sampled_from(SEPARATORS)) if odd else ", ").join(value) + "]"
        items.append(f"{key}: {value}")
    lead, tail = draw(st.sampled_from([("{", "}"), ("{ ", "}"), ("{", " }"),
                                       ("{", "} # c")])) if odd else ("{", "}")
    return lead + sep.join(items) + tail


@st.composite
def sections(draw: Any) -> str:
    """A model file's text, written line by line: a few sections of a few elements, in
    block or flow style, sequences at their key's indentation or deeper; most sections
    plain (of the kind read as columns), some odd (values and keys of every kind, keys
    twice, lists where one value goes, comments, empty lists, ...)."""
    out = ["version: 1"]
    chosen = draw(st.lists(st.sampled_from(yc.COLUMN_SECTIONS), min_size=1, max_size=4,
                           unique=True))
    for section in chosen:
        out.append(f"{section}:")
        odd = draw(st.integers(0, 4)) == 0
        values = VALUES if odd else CLEAN_VALUES
        fields = FIELDS[section] if odd else st.sampled_from(list(columns._SPEC[section]))
        item_keys = ITEM_KEYS if odd else st.sampled_from(["id", "expires", "role",
                                                           "version"])
        base = " " * draw(st.sampled_from([0, 2]))
        deep = draw(st.sampled_from(["", "  "]))
        for _ in range(draw(st.integers(1 - odd, 5))):
            keys = draw(st.lists(fields, min_size=1, max_size=5, unique=not odd))
            spec = columns._SPEC[section]
            if not odd:  # (a field of one value first, as the writer puts the id)
                keys.sort(key=lambda k: spec[k].kind in columns._LISTS)
            if draw(st.integers(0, 2)) == 0:  # the element as a flow mapping
                pairs = []
                for k, key in enumerate(keys):
                    kind = spec.get(key, columns._TEXT).kind
                    if odd:
                        pairs.append((key, draw(st.lists(values, min_size=0, max_size=3))
                                      if k and draw(st.integers(0, 3)) == 0
                                      else draw(values)))
                    elif kind in ("ids", "refs") and k:
                        pairs.append((key, draw(st.lists(values, min_size=1, max_size=3))))
                    elif kind in TYPED:
                        pairs.append((key, draw(st.sampled_from(TYPED[kind]))))
                    elif kind in ("text", "id", "enum", "ref"):
                        pairs.append((key, draw(values)))
                out.append(f"{base}- {_flow(draw, pairs, odd)}")
                continue
            for k, key in enumerate(keys):
                lead = base + ("- " if k == 0 else "  ")
                inner = base + "  " + (
                    deep if not odd or draw(st.integers(0, 9)) else "  " * (not deep))
                form = draw(st.sampled_from([0] * 14 + [6, 6, 7, 7] + [8, 9] * odd))
                kind = columns._SPEC[section].get(key, columns._TEXT).kind
                if not odd:
                    form = form if kind in columns._LISTS else 0
                    if kind in ("competencies", "acknowledged"):
                        form = 7
                if form <= 5 or k == 0:
                    value = draw(st.sampled_from(TYPED[kind])) if not odd and kind in TYPED \
                        else draw(values)
                    out.append(f"{lead}{key}: {value}")
                elif form == 6:
                    out.append(f"{lead}{key}:")
                    for v in draw(st.lists(values, min_size=1 - odd, max_size=3)):
                        out.append(f"{inner}- {v}")
                elif form == 7:
                    out.append(f"{lead}{key}:")
                    for _ in range(draw(st.integers(1, 2))):
                        item = draw(st.lists(item_keys, min_size=1, max_size=3,
                                             unique=not odd))
                        if draw(st.booleans()):
                            out.append(f"{inner}- " + _flow(draw, [
                                (ik, draw(values)) for ik in item], odd))
                            continue
                        for j, ik in enumerate(item):
                            out.append(f"{inner}{'- ' if j == 0 else '  '}{ik}: {draw(values)}")
                elif form == 8:
                    out.append(f"{lead}{key}: []")
                else:
                    out.append(f"{lead}{key}:")
    if draw(st.booleans()):
        out += ["policy:", "  sod:", "  - id: S1", "    members:", "    - role:r1",
                "    - role:r2"]
    return "\n".join(out) + "\n"


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=sections())
def test_hypothesis_sections_read_the_same(text: str, tmp_path: Path) -> None:
    agree(text, tmp_path / "m.yaml")


def _valid_text(rnd: random.Random) -> str:
    """A small valid model as graphkit writes it, values drawn at random."""
    people = [f"p{i}" for i in range(rnd.randint(1, 5))]
    roles = [f"r{i}" for i in range(rnd.randint(1, 4))]
    names = ["Tara Chen", "Noor", "Omar O", "x y", "a:b", "Nina-2", "T"]
    data: dict[str, Any] = {"version": 1, "people": [], "roles": []}
    for p in people:
        person: dict[str, Any] = {"id": p, "name": rnd.choice(names)}
        if rnd.random() < 0.5:
            person["reports_to"] = rnd.choice(people + ["outside"])
        if rnd.random() < 0.5:
            person["competencies"] = [{"id": "c1", "expires": date(2027, 1, 2)}, {"id": "c2"}]
        if rnd.random() < 0.3:
            person["acknowledged"] = [{"role": rnd.choice(roles), "version": 2}]
        data["people"].append(person)
    for r in roles:
        role: dict[str, Any] = {"id": r, "version": rnd.randint(1, 4),
                                "critical": rnd.random() < 0.5, "fte": rnd.choice([1.0, 0.5, 2])}
        if rnd.random() < 0.5:
            role["requires"] = ["iso", "cissp"][:rnd.randint(1, 2)]
        data["roles"].append(role)
    data["assignments"] = [{"person": rnd.choice(people), "role": rnd.choice(roles),
                            "from": date(2026, 1, 1)} for _ in range(rnd.randint(0, 4))]
    data["assets"] = [{"id": f"a{i}", "owner": f"role:{rnd.choice(roles)}",
                       "custodians": [f"person:{rnd.choice(people)}"]}
                      for i in range(rnd.randint(0, 3))]
    data["duties"] = [{"id": "d1", "accountable": rnd.choice(roles),
                       "responsible": [f"person:{p}" for p in people[:2]]}]
    data["delegations"] = [{"id": "D1", "from": f"person:{people[0]}",
                            "to": f"role:{roles[0]}", "scope": "duty:d1",
                            "from_date": date(2026, 2, 3)}]
    return yaml.dump(data, sort_keys=False, default_flow_style=False, allow_unicode=True)


MUTATIONS = ["drop", "double", "indent", "dedent", "blank", "comment", "trail", "swap",
             "quote", "null", "tab"]


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), mutations=st.lists(
    st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10**6)), max_size=3))
def test_hypothesis_mutated_files_read_the_same(seed: int, mutations: list[tuple[str, int]],
                                                tmp_path: Path) -> None:
    lines = _valid_text(random.Random(seed)).split("\n")
    for what, where in mutations:
        i = where % len(lines)
        line = lines[i]
        if what == "drop":
            del lines[i]
        elif what == "double":
            lines.insert(i, line)
        elif what == "indent":
            lines[i] = "  " + line
        elif what == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line
        elif what == "blank":
            lines.insert(i, "")
        elif what == "comment":
            lines.insert(i, "# a comment" if where % 2 else "  # indented")
        elif what == "trail":
            lines[i] = line + (" " if where % 2 else " # note")
        elif what == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], line
        elif what == "quote" and ": " in line:
            key, _, value = line.partition(": ")
            lines[i] = f"{key}: '{value}'"
        elif what == "null" and ": " in line:
            lines[i] = line.partition(": ")[0] + (": null" if where % 2 else ":")
        elif what == "tab":
            lines[i] = line.replace("  ", "\t", 1)
    agree("\n".join(lines), tmp_path / "m.yaml")


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_hypothesis_valid_files_read_as_columns(seed: int, tmp_path: Path) -> None:
    """A valid model as graphkit writes it is read as columns (so the comparisons above
    compare something), to the same model and sources."""
    text = _valid_text(random.Random(seed))
    assert columns_read(text) is not None
    assert agree(text, tmp_path / "m.yaml")[0] == "ok"


# --- each odd form, one at a time ------------------------------------------------------

BASE = """\
version: 1
organisation:
  id: acme
people:
- id: alice
  name: Alice Smith
  competencies:
  - id: cissp
    expires: 2027-03-01
- id: bob
  reports_to: alice
roles:
- id: ism
  version: 2
  requires:
  - cissp
assignments:
- person: bob
  role: ism
  from: 2026-01-01
assets:
- id: crm
  owner: role:ism
  custodians:
  - person:bob
policy:
  sod:
  - id: S1
    members:
    - role:ism
    - duty:d1
duties:
- id: d1
  accountable: ism
"""


def test_the_base_reads_as_columns(tmp_path: Path) -> None:
    got = columns_read(BASE)
    assert got is not None and set(got[2]) == {"people", "roles", "assignments", "assets",
                                               "duties"}
    now = agree(BASE, tmp_path / "m.yaml")
    assert now[0] == "ok"
    name = str(tmp_path / "m.yaml")
    assert now[3] == {("people", 0): f"{name}:5", ("people", 1): f"{name}:10",
                      ("roles", 0): f"{name}:13", ("assignments", 0): f"{name}:18",
                      ("assets", 0): f"{name}:22", ("sod", 0): f"{name}:28",
                      ("duties", 0): f"{name}:33"}


# (old, new, whether the section of the change is still read as columns)
ODD = [
    ("  name: Alice Smith", "  name: Alice Smith # a comment", False),
    ("  name: Alice Smith", "  name: 'Alice Smith'", True),  # a quoted text
    ("  name: Alice Smith", "  name: yes", False),  # a boolean: the reference's error
    ("  name: Alice Smith", "  name: Alice\n    Smith", False),  # goes on: one text
    ("  name: Alice Smith", "  name: Alice Smith\n  name: Al", False),  # a key twice
    ("  name: Alice Smith", "  nickname: Al", False),  # no such field
    ("  name: Alice Smith", "  name: ~", True),  # a null given (a name may be none)
    ("  name: Alice Smith", "  name: &a Alice", False),
    ("  name: Alice Smith", "  name: !!str Alice", False),
    ("  name: Alice Smith", "  name: {first: Alice}", False),
    ("  name: Alice Smith", "  name:\n  - Alice", False),  # a list where one text goes
    ("  name: Alice Smith", "  name: Alice Smith ", False),
    ("  name: Alice Smith", "  name: Émile", False),
    ("  name: Alice Smith", "\n  name: Alice Smith", False),  # a blank line
    ("  reports_to: alice", "  reports_to:", False),  # a key with no value: null
    ("    expires: 2027-03-01", "    expires: 2027-02-30", False),  # no such day
    ("    expires: 2027-03-01", "    expires: 2027-03-01\n    id: again", False),
    ("    expires: 2027-03-01", "    expiry: 2027-03-01", False),
    ("    expires: 2027-03-01", "    x: 2027-03-01", False),
    ("  version: 2", "  version: 0x2", True),  # 2 as PyYAML reads it
    ("  version: 2", "  version: 02", True),
    ("  version: 2", "  version: two", True),  # a text: the reference's error
    ("  version: 2", "  version: 0", True),  # out of bounds: the reference's error
    ("  - cissp", "  - cissp\n  - 7", False),  # a number in a list of ids
    ("  - cissp", "  - cissp\n  - id: x", False),  # values and mappings in one list
    ("  - cissp", "    - cissp", True),  # a list indented under its key
    ("  - person:bob", "  - person:nobody", True),  # a dangling reference
    ("  owner: role:ism", "  owner:\n  - role:ism\n  - person:bob", True),
    ("  owner: role:ism", "  owner: ism", True),  # ambiguous? no: a role only
    ("  accountable: ism", "  accountable: ism; bob", False),  # not one cell
    ("- id: bob\n  reports_to: alice", "- id: alice\n  reports_to: alice", True),  # twice
    ("- id: bob", "-   id: bob", False),
    ("assignments:\n", "assignments:\n\n", False),  # (the block reader's)
    ("assignments:\n", "assignments: # the holders\n", False),
    ("duties:\n- id: d1", "duties:\n  - id: d1", False),  # indented sequence
    ("duties:\n", "people:\n- id: carol\nduties:\n", False),  # people: twice
    ("version: 1\n", "version: 1\npeople: []\n", False),
    ("  from: 2026-01-01", "  from: 2026-01-01 10:00:00", False),  # a time: the reference
    ("  from: 2026-01-01", "  from: 2026-1-1", True),
    ("  role: ism", "  role: <<", False),
    ("  role: ism", "  role: ism\n  deputy: yes", True),
    ("  role: ism", "  role: ism\n  deputy: maybe", True),
    ("id: acme", "id: acme\n  name: x: y", False),
]


@pytest.mark.parametrize(("old", "new", "as_columns"), ODD)
def test_odd_forms_read_the_same(old: str, new: str, as_columns: bool, tmp_path: Path) -> None:
    assert_odd_form_read_the_same(BASE, old, new, as_columns, tmp_path)


def assert_odd_form_read_the_same(base: str, old: str, new: str, as_columns: bool,
                                  tmp_path: Path) -> None:
    """``base`` with ``old`` replaced by ``new``: its section read as columns or left to
    the block reader, as ``as_columns`` says, and the file read alike both ways."""
    assert old in base
    text = base.replace(old, new, 1)
    # the section the change is in: read as columns, or left to the block reader
    section = [line for line in base[:base.index(old) + 1].split("\n")
               if line[:1].isalpha()][-1].rstrip(":")
    got = columns_read(text)
    assert (got is not None and section in got[2]) == as_columns
    agree(text, tmp_path / "m.yaml")


def test_errors_keep_their_words_and_lines(tmp_path: Path) -> None:
    """An invalid model read as columns (a dangling reference, a duplicate id, a value
    out of bounds) fails with the words and lines it always had."""
    text = BASE.replace("  - person:bob", "  - person:nobody").replace(
        "  version: 2", "  version: 0")
    assert columns_read(text) is not None
    now = agree(text, tmp_path / "m.yaml")
    assert now[0] == "ModelError" or now[1] == "ModelError"
    assert f"{tmp_path / 'm.yaml'}:" in now[2]


def test_line_numbers_after_the_sections(tmp_path: Path) -> None:
    """The policy's elements, read by the block reader from the rest, keep the lines of
    the file (the sections' lines are left out of the rest)."""
    text = BASE.replace("policy:", "extra:\n  a: 1\npolicy:")
    got = columns_read(text)
    assert got is not None and got[1][("policy", "sod")] == [30]


FLOW_BASE = """\
version: 1
people:
  - {id: alice, name: Alice Smith}
  - id: bob
    reports_to: alice
    competencies:
      - {id: cissp, expires: 2027-03-01}
roles:
  - {id: ism, version: 2, requires: [cissp, cism]}
assets:
  - {id: crm, owner: role:ism, custodians: [person:bob]}
duties:
  - {id: d1, accountable: ism, responsible: [person:alice], informed: [role:ism]}
"""


def test_the_flow_base_reads_as_columns(tmp_path: Path) -> None:
    got = columns_read(FLOW_BASE)
    assert got is not None and set(got[2]) == {"people", "roles", "assets", "duties"}
    assert agree(FLOW_BASE, tmp_path / "m.yaml")[0] == "ok"


# (old, new, whether the section of the change is still read as columns)
FLOW_ODD = [
    ("name: Alice Smith}", "name: -x}", False),  # (a text, but "-" first: not here)
    ("name: Alice Smith}", "name: - x}", False),
    ("name: Alice Smith}", "name: &a x}", False),
    ("name: Alice Smith}", "name: *a}", False),
    ("name: Alice Smith}", "name: !t x}", False),
    ("name: Alice Smith}", "name: |}", False),
    ("name: Alice Smith}", "name: >}", False),
    ("name: Alice Smith}", "name: @x}", False),
    ("name: Alice Smith}", "name: `x`}", False),
    ("name: Alice Smith}", "name: %x}", False),
    ("name: Alice Smith}", "name:  Alice}", False),  # two spaces
    ("name: Alice Smith}", "name: Alice }", True),  # spaces after: dropped
    ("name: Alice Smith}", "name: Alice:}", False),
    ("name: Alice Smith}", "name: 'Alice, Smith'}", True),  # a quoted text
    ("name: Alice Smith}", "name: Alice, name: Al}", False),  # a key twice
    ("name: Alice Smith}", "name: yes}", False),  # a boolean where a text goes
    ("name: Alice Smith}", "name: ~}", True),  # none
    ("name: Alice Smith}", "name: Alice Smith} # a comment", False),
    ("name: Alice Smith}", "name: Alice Smith}}", False),
    ("name: Alice Smith}", "nick: Alice Smith}", False),
    ("{id: alice,", "{ id: alice,", True),
    ("{id: alice,", "{id: alice ,", True),  # (a space before the comma: in the value)
    ("{id: alice,", "{id: alice,,", False),
    ("requires: [cissp, cism]", "requires: [cissp,cism]", True),
    ("requires: [cissp, cism]", "requires: [ cissp , cism ]", True),
    ("requires: [cissp, cism]", "requires: []", False),
    ("requires: [cissp, cism]", "requires: [cissp, ]", False),
    ("requires: [cissp, cism]", "requires: [cissp, [cism]]", False),
    ("requires: [cissp, cism]", "requires: [cissp, cism] ", False),
    ("requires: [cissp, cism]", "requires: [cissp, -x]", False),
    ("requires: [cissp, cism]", "requires: [cissp, a: b]", False),
    ("requires: [cissp, cism]", "requires: [cissp, 7]", False),  # a number in ids
    ("requires: [cissp, cism]", "requires: x[cissp]", False),
    ("{id: ism, version: 2,", "{version: 2, id: ism,", True),
    ("{id: ism, version: 2,", "{requires: [a], id: ism, version: 2,", False),  # list first
    ("{id: crm, owner: role:ism,", "{id: crm, owner: [role:ism, person:bob],", True),
    ("{id: cissp, expires: 2027-03-01}", "{id: cissp, expires: 2027-02-30}", False),
    ("{id: cissp, expires: 2027-03-01}", "{id: cissp, expires: [2027-03-01]}", False),
    ("{id: cissp, expires: 2027-03-01}", "{id: cissp, x: 1}", False),
    ("      - {id: cissp", "      - id: cissp\n        x: 1\n      - {id: cissp", False),
    ("  - {id: alice, name: Alice Smith}", "  - {id: alice, name: Alice Smith}\n    x: 1",
     False),
    ("  - {id: alice, name: Alice Smith}", "- {id: alice, name: Alice Smith}", False),
]


@pytest.mark.parametrize(("old", "new", "as_columns"), FLOW_ODD)
def test_odd_flow_forms_read_the_same(old: str, new: str, as_columns: bool,
                                      tmp_path: Path) -> None:
    assert_odd_form_read_the_same(FLOW_BASE, old, new, as_columns, tmp_path)
