"""Quoted values in the sections read straight into columns (``loaders/_yamlcols.py``)
and in one-line flow mappings (``loaders/_yamlflow.py``): a quoted value is its text,
never a number, date, boolean or null; ``''`` in single quotes is a quote; commas,
brackets, braces, ``#`` and ``": "`` inside quotes are text. Each form is read as the
block reader reads it (the same model, sources and errors), or left to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from graphkit.loaders import load
from graphkit.loaders.yamljson import dump_model_data
from test_yaml_block import agree as agrees_with_pyyaml
from test_yaml_columns import (BASE, FLOW_BASE, agree, assert_odd_form_read_the_same,
                               columns_read)
from test_yaml_flow import _flow_writer

from graphkit.generate import generate

# (old, new, whether the section of the change is still read as columns)
QUOTED = [
    ("  name: Alice Smith", "  name: 'it''s Alice'", True),  # '' is a quote
    ("  name: Alice Smith", "  name: ''''", True),  # the text "'"
    ("  name: Alice Smith", '  name: "Alice Smith"', True),
    ("  name: Alice Smith", "  name: \"Alice 'A' Smith\"", True),
    ("  name: Alice Smith", "  name: 'Alice \"A\" Smith'", True),
    ("  name: Alice Smith", '  name: "Alice\\tSmith"', False),  # an escape: the block reader
    ("  name: Alice Smith", '  name: "Alice\\\\"', False),
    ("  name: Alice Smith", "  name: 'a, b] c} d{ [e'", True),
    ("  name: Alice Smith", "  name: 'a: b'", True),  # ": " in quotes: text
    ("  name: Alice Smith", "  name: 'a#b'", True),
    ("  name: Alice Smith", "  name: 'a #b'", False),  # (" #" anywhere: the block reader)
    ("  name: Alice Smith", "  name: '  Alice  '", True),  # spaces in quotes: kept
    ("  name: Alice Smith", "  name: ' '", True),
    ("  name: Alice Smith", "  name: ''", False),  # an empty text: no cell holds it
    ("  name: Alice Smith", "  name: 'yes'", True),  # a text, not a boolean
    ("  name: Alice Smith", "  name: 'null'", True),  # a text, not a null
    ("  name: Alice Smith", "  name: '~'", True),
    ("  name: Alice Smith", "  name: '2026-05-17'", True),  # a text, not a date
    ("  name: Alice Smith", "  name: 'Alice", False),  # not closed: it goes on
    ("  name: Alice Smith", "  name: 'Alice\n    Smith'", False),  # over two lines
    ("  name: Alice Smith", "  name: 'Alice' Smith", False),  # text after the quote
    ("  name: Alice Smith", "  name: 'Alice' ", False),  # (spaces after: the block reader)
    ("  name: Alice Smith", "  name: 'Alice' # c", False),
    ("  name: Alice Smith", "  name: 'Al'ice'", False),
    ("  name: Alice Smith", "  name: Al'ice", True),  # a quote in a plain text (block)
    ("  version: 2", "  version: '2'", True),  # a text where a number goes
    ("  version: 2", "  version: '0x2'", True),
    ("  from: 2026-01-01", "  from: '2026-01-01'", True),  # a text where a date goes
    ("  from: 2026-01-01", "  from: '2026-1-1'", True),
    ("  role: ism", "  role: ism\n  deputy: 'yes'", True),  # a text where a boolean goes
    ("  role: ism", "  role: ism\n  deputy: 'true'", True),
    ("  role: ism", "  role: ism\n  deputy: true", True),
    ("  reports_to: alice", "  reports_to: 'alice'", True),
    ("  reports_to: alice", "  reports_to: 'null'", True),  # a person called null
    ("  reports_to: alice", "  reports_to: null", True),
    ("  - cissp", "  - 'cissp'", True),  # a list's value
    ("  - cissp", "  - 'cissp'\n  - \"cism\"", True),
    ("  - cissp", "  - '7'", True),  # a text in a list of ids
    ("  - cissp", "  - 7", False),  # a number there
    ("  - cissp", "  - 'a: b'", False),  # (": " after "- ": the block reader)
    ("  - cissp", "  - 'a;b'", False),  # no cell holds it
    ("  - id: cissp", "  - id: 'cissp'", True),  # a competency's id
    ("  - id: cissp", "  - id: '007'", True),
    ("    expires: 2027-03-01", "    expires: '2027-03-01'", True),  # its date as a text
    ("    expires: 2027-03-01", "    expires: '2027-3-1'", False),  # not YYYY-MM-DD
    ("  owner: role:ism", "  owner: 'role:ism'", True),
    ("  owner: role:ism", "  owner: null", True),  # no owner
    ("  owner: role:ism", "  owner: 'null'", True),
    ("  accountable: ism", "  accountable: 'ism; bob'", False),
]


@pytest.mark.parametrize(("old", "new", "as_columns"), QUOTED)
def test_quoted_block_values_read_the_same(old: str, new: str, as_columns: bool,
                                           tmp_path: Path) -> None:
    assert_odd_form_read_the_same(BASE, old, new, as_columns, tmp_path)


FLOW_QUOTED = [
    ("name: Alice Smith}", "name: 'it''s, (Alice)'}", True),
    ("name: Alice Smith}", "name: 'a''''b'}", True),
    ("name: Alice Smith}", "name: ''''}", True),
    ("name: Alice Smith}", "name: '''}", False),  # not closed
    ("name: Alice Smith}", 'name: "Alice, Smith"}', True),
    ("name: Alice Smith}", "name: \"it's\"}", True),
    ("name: Alice Smith}", 'name: "Alice\\" Smith"}', False),  # an escape
    ("name: Alice Smith}", 'name: "a\\\\b"}', False),
    ("name: Alice Smith}", "name: 'a: b, c: d'}", True),
    ("name: Alice Smith}", "name: 'a ] b'}", False),  # (brackets in quotes: doubted)
    ("name: Alice Smith}", "name: 'a [b] c'}", False),
    ("name: Alice Smith}", "name: 'a } b'}", False),
    ("name: Alice Smith}", "name: 'a { b'}", False),
    ("name: Alice Smith}", "name: 'a # b'}", False),
    ("name: Alice Smith}", "name: 'a#b'}", False),
    ("name: Alice Smith}", "name: 'a?'}", True),
    ("name: Alice Smith}", "name: '? a'}", True),
    ("name: Alice Smith}", "name: '  Alice  '}", True),
    ("name: Alice Smith}", "name: 'Alice'  }", True),  # spaces after: dropped
    ("name: Alice Smith}", "name:  'Alice'}", False),  # (two spaces before: doubted)
    ("name: Alice Smith}", "name: ''}", False),  # an empty text
    ("name: Alice Smith}", "name: 'Alice}", False),  # not closed
    ("name: Alice Smith}", "name: 'Alice' Smith}", False),  # text after the quote
    ("name: Alice Smith}", "name: 'Alice' 'Smith'}", False),
    ("name: Alice Smith}", "name: Al'ice}", False),  # a quote in a plain text
    ("name: Alice Smith}", "name: Alice'}", False),
    ("name: Alice Smith}", "name: 'yes'}", True),  # a text
    ("name: Alice Smith}", "name: yes}", False),  # a boolean where a text goes
    ("name: Alice Smith}", "name: 'null'}", True),
    ("name: Alice Smith}", "name: '~'}", True),
    ("name: Alice Smith}", "name: '1.5'}", True),
    ("{id: alice,", "{id: 'alice',", True),
    ("{id: alice,", "{id: 'alice' ,", True),
    ("{id: alice,", "{'id': alice,", False),  # a quoted key
    ("{id: alice,", '{"id": alice,', False),
    ("{id: ism, version: 2,", "{id: ism, version: '2',", True),  # a text where a number goes
    ("{id: ism, version: 2,", "{id: ism, version: 2, description: 'a, b (c)',", True),
    ("{id: cissp, expires: 2027-03-01}", "{id: cissp, expires: '2027-03-01'}", True),
    ("{id: cissp, expires: 2027-03-01}", "{id: 'cissp', expires: 2027-03-01}", True),
    ("{id: cissp, expires: 2027-03-01}", "{id: 'a, b', expires: 2027-03-01}", True),
    ("{id: cissp, expires: 2027-03-01}", "{id: '', expires: 2027-03-01}", False),
    ("{id: crm, owner: role:ism,", "{id: crm, owner: 'role:ism',", True),
    ("{id: crm, owner: role:ism,", "{id: crm, owner: null,", True),  # no owner
    ("{id: crm, owner: role:ism,", "{id: crm, owner: 'null',", True),  # a party "null"
    ("requires: [cissp, cism]", "requires: ['cissp', cism]", False),  # (quotes in a list)
    ("requires: [cissp, cism]", "requires: [cissp][cism]", False),  # (PyYAML refuses)
    ("requires: [cissp, cism]", "requires: [cissp]x[cism]", False),
    ("requires: [cissp, cism]", "requires: [cissp], [cism]", False),
    ("requires: [cissp, cism]", "requires: [cissp, cism], grade: 'G1, top'", True),
]


@pytest.mark.parametrize(("old", "new", "as_columns"), FLOW_QUOTED)
def test_quoted_flow_values_read_the_same(old: str, new: str, as_columns: bool,
                                          tmp_path: Path) -> None:
    assert_odd_form_read_the_same(FLOW_BASE, old, new, as_columns, tmp_path)


def test_a_quoted_value_is_its_text(tmp_path: Path) -> None:
    """The same texts quoted and plain in one column: each quoted one a text, each plain
    one what the loader makes of it (a number where a number goes, a text '4')."""
    text = FLOW_BASE.replace(
        "  - {id: ism, version: 2, requires: [cissp, cism]}",
        "  - {id: ism, version: 2, requires: [cissp, cism], grade: '4'}\n"
        "  - {id: ism2, version: '2', grade: \"yes\", department: 'it''s'}\n"
        "  - {id: ism3, version: 3, grade: G1, department: 'a, b: c'}")
    got = columns_read(text)
    assert got is not None and "roles" in got[2]
    assert got[2]["roles"].select("version", "grade", "department").rows() == [
        ("2", "4", None), ("2", "yes", "it's"), ("3", "G1", "a, b: c")]
    now = agree(text, tmp_path / "m.yaml")
    assert now[0] == "ok"  # (the version's text "2" is the number 2 to the model)
    assert [(r.version, r.grade, r.department) for r in now[2].roles] == [
        (2, "4", None), (2, "yes", "it's"), (3, "G1", "a, b: c")]


def test_a_flow_file_with_quoted_texts_reads_as_columns(tmp_path: Path) -> None:
    """A generated model written after DESIGN.md's example (texts with commas, colons
    or brackets quoted, as a script quotes them): every section read as columns, the
    same model and sources as the block reader's."""
    generate(200, seed=3, out=tmp_path / "csv")
    model = load(tmp_path / "csv")
    data = dump_model_data(model)
    for i, role in enumerate(data["roles"]):
        role["description"] = f"Post {i} (type {i % 3}), version {role['version']}: it"
    text = _flow_writer(data)
    assert "description: 'Post 1 (type 1), version" in text
    got = columns_read(text)
    assert got is not None and "roles" in got[2]
    now = agree(text, tmp_path / "m.yaml")
    assert now[0] == "ok"
    assert [r.description for r in now[2].roles][:2] == [
        "Post 0 (type 0), version {}: it".format(data["roles"][0]["version"]),
        "Post 1 (type 1), version {}: it".format(data["roles"][1]["version"])]


@pytest.mark.parametrize("body", [
    "k: 'it''s'", "k: 'a''''b', l: x", "k: ''''", "k: 'x'''", "k: '''", "k: 'a'b'",
    "k: 'a' 'b'", "k: 'it''s, x', l: [y]", "k: 'a''b' , l: y", "k: ''", "k: '', l: ''",
])
def test_doubled_quotes_in_flow_mappings(body: str) -> None:
    """``''`` in a single-quoted scalar of a flow mapping: a quote, as PyYAML reads it
    (or left to PyYAML)."""
    agrees_with_pyyaml(f"people:\n  - {{{body}}}\n  - {{id: z}}\n")
    agrees_with_pyyaml(f"people:\n  - id: a\n    m: {{{body}}}\n")


def test_doubled_quotes_take_the_fast_way() -> None:
    assert agrees_with_pyyaml("people:\n  - {id: a, name: 'it''s', k: ''''}\n")
    assert yaml.safe_load("k: {a: 'it''s'}")["k"]["a"] == "it's"


# --- values the loader makes other than texts, read as columns in polars ----------------

TWO_ASSIGNMENTS = "- person: bob\n  role: ism\n  from: 2026-01-01"
ACKNOWLEDGED = "- id: bob\n  reports_to: alice"
# (old, new, whether the section of the change is still read as columns)
MADE = [
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n  deputy: yes\n- person: alice\n  role: ism\n"
     "  deputy: no", True),
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n  deputy: yes\n- person: alice\n  role: ism\n"
     "  deputy: maybe", True),  # (a boolean and a text: the reference's error)
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n  deputy: 'yes'\n- person: alice\n  role: ism\n"
     "  deputy: yes", True),
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n- person: alice\n  role: ism\n  from: 2026-1-2",
     True),  # a date, written as its cell is
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n- person: alice\n  role: ism\n  from: soon",
     True),  # a date and a text: the reference's error
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n- person: alice\n  role: ism\n  from: ~", True),
    (TWO_ASSIGNMENTS, TWO_ASSIGNMENTS + "\n- person: alice\n  role: ism\n  from: 7", False),
    ("  version: 2", "  version: 2\n  authority: 0x10\n  fte: 1e1", True),
    ("  version: 2", "  version: 2\n  fte: 1", True),
    ("  version: 2", "  version: 2\n  fte: yes", False),
    ("  version: 2", "  version: 2\n  critical: 2026-01-01", False),
    ("  - id: cissp\n    expires: 2027-03-01", "  - id: ci@ssp", True),  # "ci@ssp@"
    ("  - id: cissp\n    expires: 2027-03-01", "  - id: cissp\n  - id: x\n    expires: "
     "2028-01-02", True),
    ("    expires: 2027-03-01", "    expires: 2028-1-2", False),  # a text, not YYYY-MM-DD
    ("  - id: cissp\n    expires: 2027-03-01", "  - id: cissp\n    expires: ~", False),
    ("  - id: cissp\n    expires: 2027-03-01", "  - id: 7", False),
    ("  - id: cissp\n    expires: 2027-03-01", "  - expires: 2027-03-01", False),
    ("  - id: cissp\n    expires: 2027-03-01", "  - id: ' cissp'", False),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: ism\n    version: 2", True),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: ism\n    version: 0x2\n"
     "  - role: ism\n    version: 3", True),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: ism\n    version: '2'",
     False),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: ism\n    version: yes",
     False),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: ism", False),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - role: 'ism'\n    version: 2", True),
    (ACKNOWLEDGED, ACKNOWLEDGED + "\n  acknowledged:\n  - ism", False),
]


@pytest.mark.parametrize(("old", "new", "as_columns"), MADE)
def test_made_values_read_the_same(old: str, new: str, as_columns: bool,
                                   tmp_path: Path) -> None:
    assert_odd_form_read_the_same(BASE, old, new, as_columns, tmp_path)
