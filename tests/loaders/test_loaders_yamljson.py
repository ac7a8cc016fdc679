"""YAML and JSON files: safe loading, bounds, lines, and writers a person can read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphkit.loaders import load, save
from graphkit.loaders.yamljson import MAX_YAML_ALIASES, read_model_file, write_model_file

import graphkit
from graphkit.errors import InputError, ModelError
from graphkit.graph import build_graph
from graphkit.model import validate_model


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _lines(exc: pytest.ExceptionInfo[Exception]) -> list[str]:
    return exc.value.lines()  # type: ignore[attr-defined,no-any-return]


YAML = """\
version: 1
people:
  - id: alice
    name: Alice Smith
  - id: bob
    reports_to: alice
roles:
  - id: ism
assignments:
  - {person: alice, role: ism}
  - person: bob
    role: ism
    deputy: true
policy:
  sod:
    - id: SOD-1
      members: [role:ism, duty:review]
duties:
  - id: review
    accountable: role:ism
"""


def test_yaml_sources_are_lines(tmp_path: Path) -> None:
    m = read_model_file(_write(tmp_path, "m.yaml", YAML))
    where = str(tmp_path / "m.yaml")
    assert m.source_of("people", 0) == f"{where}:3"
    assert m.source_of("people", 1) == f"{where}:5"
    assert m.source_of("assignments", 1) == f"{where}:11"
    assert m.source_of("sod", 0) == f"{where}:16"
    assert m.source_of("duties", 0) == f"{where}:19"
    G = build_graph(m)
    assert G.edges["person:bob", "role:ism", "holds"]["source"] == f"{where}:11"
    assert G.edges["role:ism", "duty:review", "accountable"]["source"] == f"{where}:19"


def test_json_sources_are_lines(tmp_path: Path) -> None:
    m = validate_model({"people": [{"id": "alice"}, {"id": "bob"}], "roles": [{"id": "ism"}],
                        "assignments": [{"person": "bob", "role": "ism"}]})
    path = tmp_path / "m.json"
    write_model_file(m, path)
    again = read_model_file(path)
    assert again == m
    text = path.read_text().splitlines()
    for section, i, needle in (("people", 1, '"id": "bob"'), ("roles", 0, '"id": "ism"'),
                               ("assignments", 0, '"person": "bob"')):
        line = int(again.source_of(section, i).rsplit(":", 1)[1])  # type: ignore[union-attr]
        # the element's opening brace is on its line; its first field on the next
        assert needle in text[line] or needle in text[line - 1]


def test_json_error_lines_reach_nested_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.json", json.dumps({"people": [
        {"id": "a"}, {"id": "b", "competencies": [{"id": "x", "expires": "soon"}]}]},
        indent=2))
    with pytest.raises(ModelError) as exc:
        read_model_file(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "soon" in text)
    assert _lines(exc) == [f"{path}:{line}: people[1].competencies[0].expires: 'soon' is not a "
                           "date (expected an ISO date YYYY-MM-DD)"]


def test_every_problem_at_once_in_line_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", """\
people:
  - {id: alice, status: retired}
  - {id: bob, reports_to: alice, status: leaver, colour: red}
roles:
  - {id: ism, authority: 9}
assignments:
  - {person: carol, role: ism}
""")
    with pytest.raises(ModelError) as exc:
        read_model_file(path)
    assert [line.split(":")[1] for line in _lines(exc)] == ["2", "3", "5", "7"]


def test_safe_loading_refuses_python_tags(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml",
                  "people: !!python/object/apply:os.system ['touch pwned']\n")
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value).startswith(f"{path}:1: malformed YAML at column 9: could not "
                                     "determine a constructor for the tag")
    assert not (tmp_path / "pwned").exists()


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", """\
people:
  - &staff {id: alice, department: Security}
  - {<<: *staff, id: bob}
""")
    m = read_model_file(path)
    assert [(p.id, p.department) for p in m.people] == [("alice", "Security"),
                                                        ("bob", "Security")]


def test_too_many_aliases(tmp_path: Path) -> None:
    refs = ", ".join(["*x"] * (MAX_YAML_ALIASES + 1))
    path = _write(tmp_path, "m.yaml", f"x: &x 1\ny: [{refs}]\n")
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == (
        f"{path}:2: more than 100 YAML aliases (expected at most 100 aliases (*name), adding "
        "at most 10000 nodes; write the data out in full)")


def test_recursive_alias(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", "people: &p [*p]\n")
    with pytest.raises(InputError, match="refers to the node that contains it"):
        read_model_file(path)


def test_duplicate_keys(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", "people:\n  - id: a\n    id: b\n")
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == f"{path}:3: key 'id' appears twice in one mapping (expected each key once)"
    path = _write(tmp_path, "m.json", '{"people": [{"id": "a"},\n {"id": "a",\n "id": "b"}]}')
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == f"{path}:3: key 'id' appears twice in one object (expected each key once)"


@pytest.mark.parametrize("section", ["people", "roles"])
def test_json_number_longer_than_python_reads(tmp_path: Path, section: str) -> None:
    """A whole number of more digits than Python converts (4,300) is an input error on
    its line, not an internal error: json raises a plain ValueError for it. The same
    digits in a text before it are not taken for it."""
    digits = "7" * 4301
    field = "fte" if section == "people" else "min_holders"
    path = _write(tmp_path, "m.json",
                  f'{{"organisation": {{"id": "o", "name": "x {digits}"}},\n'
                  f' "{section}": [{{"id": "a",\n  "{field}": -{digits}}}]}}')
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == (f"{path}:3: a whole number of 4,301 digits (expected at most "
                              "4,300 digits, or the number in quotes as text)")
    path = _write(tmp_path, "ok.json", f'{{"people": [{{"id": "a", "name": "{digits}"}}]}}')
    assert read_model_file(path).people[0].name == digits


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "m.yaml", "people:\n  - id: alice\n")
    import graphkit.loaders as loaders

    monkeypatch.setattr(loaders, "MAX_FILE_BYTES", 10)
    with pytest.raises(InputError, match="file is too large"):
        read_model_file(path)
    monkeypatch.setenv("GRAPHKIT_MAX_FILE_BYTES", "1000")
    assert read_model_file(path).people[0].id == "alice"
    monkeypatch.setenv("GRAPHKIT_MAX_FILE_BYTES", "lots")
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == ("<model>: GRAPHKIT_MAX_FILE_BYTES: 'lots' is not a number of "
                              "bytes (expected a whole number)")


def test_numbers_where_ids_belong(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", "people:\n  - id: 1234\n")
    with pytest.raises(ModelError) as exc:
        read_model_file(path)
    assert _lines(exc) == [f'{path}:2: people[0].id: 1234 is not text (expected text; put it '
                           'in quotes: "1234")']


def test_a_date_and_time_is_not_a_date(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", "people:\n  - id: a\n    competencies:\n"
                                      "      - {id: x, expires: 2027-01-01 10:00:00}\n")
    with pytest.raises(ModelError, match="a date and time where a date was expected"):
        read_model_file(path)


@pytest.mark.parametrize(("text", "line", "value"), [
    # block style (the line reader steps aside for it) and flow style (the node tree)
    ("people:\n  - id: a\n    competencies:\n      - id: x\n        expires: 2026-02-30\n",
     5, "2026-02-30"),
    ("people:\n  - id: a\n    competencies:\n      - {id: x, expires: 2026-13-01}\n",
     4, "2026-13-01"),
])
def test_an_impossible_date_is_an_error_on_its_line(tmp_path: Path, text: str, line: int,
                                                    value: str) -> None:
    # PyYAML resolves it as a date and its constructor raises ValueError: an input
    # error on the line of the value, not an internal error
    path = _write(tmp_path, "m.yaml", text)
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value).startswith(f"{path}:{line}: '{value}' reads as a YAML date but is "
                                     "not one (")
    assert str(exc.value).endswith("(expected a real date, or the value in quotes to keep "
                                   "it as text)")


def test_comments_only(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", "# nothing yet\n")
    with pytest.raises(InputError) as exc:
        read_model_file(path)
    assert str(exc.value) == (f"{path}: empty file (only comments) (expected a model file "
                              "(people:, roles:, ...))")


def test_yaml_writer_is_for_people(tmp_path: Path) -> None:
    m = validate_model({
        "organisation": {"id": "acme", "name": "Acme Ltd"},
        "people": [{"id": "alice", "name": "Zoë Çelik", "status": "active",
                    "competencies": [{"id": "iso27001-li", "expires": "2027-03-01"}]},
                   {"id": "007", "name": "true", "reports_to": "alice"}],
        "roles": [{"id": "ism", "critical": True, "delegable": True, "min_holders": None}],
        "assets": [{"id": "crm", "owner": "role:ism", "criticality": "high"}],
        "policy": {"max_delegation_depth": 3},
    })
    path = tmp_path / "m.yaml"
    save(m, path)
    assert path.read_text(encoding="utf-8") == """\
version: 1
organisation:
  id: acme
  name: Acme Ltd
people:
- id: alice
  name: Zoë Çelik
  competencies:
  - id: iso27001-li
    expires: 2027-03-01
- id: '007'
  name: 'true'
  reports_to: alice
roles:
- id: ism
  critical: true
assets:
- id: crm
  criticality: high
  owner: role:ism
policy:
  max_delegation_depth: 3
"""
    assert load(path) == m


def test_json_writer_is_pretty(tmp_path: Path) -> None:
    m = validate_model({"people": [{"id": "alice", "name": "Zoë"}],
                        "roles": [{"id": "ism"}],
                        "assignments": [{"person": "alice", "role": "ism",
                                         "from": "2024-01-01"}]})
    path = tmp_path / "m.json"
    save(m, path)
    assert path.read_text(encoding="utf-8") == """\
{
  "version": 1,
  "people": [
    {
      "id": "alice",
      "name": "Zoë"
    }
  ],
  "roles": [
    {
      "id": "ism"
    }
  ],
  "assignments": [
    {
      "person": "alice",
      "role": "ism",
      "from": "2024-01-01"
    }
  ]
}
"""
    assert load(path) == m


def test_graphkit_load_is_the_loader(tmp_path: Path) -> None:
    path = _write(tmp_path, "m.yaml", YAML)
    assert graphkit.load(path) == load(path)
    assert "load" in graphkit.__all__
