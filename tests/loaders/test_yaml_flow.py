"""One-line flow collections (``- {person: a, role: r}``, ``requires: [x]``), read where
the block reader meets them by ``graphkit.loaders._yamlflow``: held to PyYAML.

Every text is read both ways (``agree`` of test_yaml_block: the fast reader answers
only with PyYAML's data, types and element lines, and never accepts what PyYAML
refuses).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from graphkit.loaders import load, save
from graphkit.loaders.yamljson import read_model_file
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_yaml_block import SCALARS, agree, fast, reference, shared_dir

from graphkit.generate import generate


def _flow_writer(data: dict[str, object]) -> str:
    """A model as a script after DESIGN.md's example writes it: an element on one line
    as a flow mapping, lists as flow sequences, lists of mappings (competencies, SoD
    rules) as block lists of flow mappings."""
    out = ["version: 1"]
    for section, value in data.items():
        if section == "version":
            continue
        out.append(f"{section}:")
        if isinstance(value, dict):  # organisation, policy
            for k, v in value.items():
                _entry(out, "  ", k, v)
            continue
        for element in value:  # type: ignore[attr-defined]
            nested = [k for k, v in element.items() if _mappings(v)]
            if not nested:
                out.append("  - {" + ", ".join(f"{k}: {_flow(v)}" for k, v in element.items())
                           + "}")
                continue
            lead = "  - "
            for k, v in element.items():
                _entry(out, lead, k, v)
                lead = "    "
    return "\n".join(out) + "\n"


def _mappings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def _entry(out: list[str], lead: str, key: str, value: object) -> None:
    if _mappings(value):
        out.append(f"{lead}{key}:")
        pad = " " * (len(lead) + 2)
        out += [pad + "- " + _flow(d) for d in value]  # type: ignore[attr-defined]
    else:
        out.append(f"{lead}{key}: {_flow(value)}")


def _flow(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(_flow, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    text = str(value)
    if any(c in text for c in ",[]{}#") or ": " in text:  # as a script would quote it
        assert "'" not in text
        return f"'{text}'"
    return text


def test_designs_example_reads_the_fast_way() -> None:
    """DESIGN.md's model example (flow mappings, flow lists, a quoted text, comments)."""
    design = (shared_dir() / "DESIGN.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", design, re.S)
    assert example is not None
    assert agree(example.group(1))


@pytest.mark.parametrize(("people", "seed"), [(60, 1), (400, 5)])
def test_generated_models_in_flow_lines(people: int, seed: int, tmp_path: Path) -> None:
    """A generated model written element per line, as DESIGN.md writes them: the fast
    way, PyYAML's data and lines; through the file reader, the same model and sources as
    the block file's (elements on other lines)."""
    generate(people, seed=seed, out=tmp_path / "csv")
    model = load(tmp_path / "csv")
    save(model, tmp_path / "m.yaml")
    import yaml

    data = yaml.safe_load((tmp_path / "m.yaml").read_text(encoding="utf-8"))
    text = _flow_writer(data)
    assert text.count("{") > people, "the flow writer writes flow lines"
    assert agree(text), "one-line flow collections must take the fast path"
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    again = read_model_file(path)
    assert again == model
    assert again.source_of("people", 0) == f"{path}:{text.split(chr(10)).index('people:') + 2}"


@pytest.mark.parametrize("text", [
    # a deeper line after a collection: PyYAML refuses, its rewrite would not
    "a:\n- {b: 1}\n  c: 2\n",
    "a: {b: 1}\n  c: 2\n",
    "a:\n- k: {b: 1}\n    c: 2\n",
    "a:\n- k: [x]\n    - y\n",
    # a flow line a plain text goes on with, or inside a quoted text
    "a: b\n  - {c: 1}\n",
    "a: 'b\n  - {c: 1}\n  d'\n",
    'a: "b\n- {c: 1}\n  d"\n',
    "k:\n  a: 'x\n  - {c: 1}\n  y'\n",  # PyYAML: {'k': {'a': 'x - {c: 1} y'}}
    'k:\n  a: "x\n  b: [c]\n  y"\n',
    # items that mean something else in a flow collection
    "a: [- x]\n", "a: [x: y]\n", "a: [?x]\n", "a: [x:]\n", "a: {k: v: w}\n", "a: {k}\n",
    "a: [x, , y]\n", "a: [x,]\n", "a: {k: 'v, w'}\n", "a: {k: \"v\\\"w\"}\n", "a: [[x]]\n",
    "a: [x] y\n", "a: [x}\n", "- [x, y]\n", "[x, y]\n", "a: [x # c]\n", "a: [x]# c\n",
    "a: [x, 'y''z']\n", "a: {'k': v}\n", "a: [&x y]\n", "a: [*x]\n", "a: [!!str 1]\n",
    "a: [x, |]\n", "a: [---]\n", "a: {k: O'Brien}\n", "a: [O'Brien, x']\n",
    # no-break spaces are text to YAML, not spaces (str.strip() would take them)
    "people:\n  - {id: \xa0x}\n", "a: [x\xa0, \xa0y, z]\n", "a: {k: [\xa0v]}\n",
])
def test_odd_flow_lines(text: str) -> None:
    """Whatever the flow line, the fast reader says what PyYAML says, or steps aside."""
    agree(text)


def test_a_flow_line_inside_a_quoted_text_is_text() -> None:
    """The block reader knows, line by line, that it is inside a quoted text."""
    text = "k:\n  a: 'x\n  - {c: 1}\n  y'\n"  # (at its key's column: left to PyYAML)
    assert reference(text)[1] == {"k": {"a": "x - {c: 1} y"}}
    got = fast(text)
    assert got is None or got[0] == {"k": {"a": "x - {c: 1} y"}}
    text = "people:\n- {id: a}\n- id: b\n  name: 'x\n    - {c: 1}\n    y'\n- {id: c}\n"
    assert agree(text)
    got = fast(text)
    assert got is not None and got[0]["people"][1]["name"] == "x - {c: 1} y"


def test_a_deeper_line_after_a_collection_is_left_to_pyyaml() -> None:
    text = "people:\n- {id: a}\n  name: A\n"
    assert reference(text)[0] == "error"
    assert fast(text) is None


def test_element_lines_are_the_texts() -> None:
    text = ("organisation: {id: o, name: O}\npeople:\n  - {id: a, name: A}\n\n  # b\n"
            "  - {id: b, competencies: [{id: c}]}\n  - id: c\n    requires: [x, y]\n"
            "roles: [{id: r}]\npolicy:\n  sod:\n    - {id: S, members: [role:r, role:q]}\n")
    assert reference(text)[0] == "ok"
    assert not agree(text)  # a mapping in a flow sequence: PyYAML's
    text = text.replace("roles: [{id: r}]\n", "roles:\n- {id: r}\n")
    assert not agree(text)
    text = text.replace("competencies: [{id: c}]", "competencies: [c]")
    assert agree(text)
    got = fast(text)
    assert got is not None and got[1][("people",)] == [3, 6, 7]
    assert got[1][("roles",)] == [10] and got[1][("policy", "sod")] == [13]


@pytest.mark.parametrize("text", [
    "people: [a, b]\nroles: []\n",  # a tracked sequence as a flow sequence: one line each
    "version: 1\npeople: [a, 'b, c', yes]\n",
    "policy: {sod: [a, b], max_delegation_depth: 2}\n",  # a list in a flow mapping
    "policy: {exceptions: [x], sod: []}\npeople:\n- {id: a}\n",
    "people:\n- [a, b]\n- [c]\n",  # a flow sequence as an element
    "people:\n- {}\n- {id: a}\n",
    "people:\n  - {id: a, tags: [x, y], n: 1}\n  - {id: b, tags: [], m: [z]}\n",
    "people:\n  - {id: a, b: [x], c: [y]}\n  - {id: 'q', b: [x, y] }\n",
    "people:\n  - {id: a, yes: 1, true: 2}\n",  # two keys PyYAML makes one
    "people:\n  - {id: a, id: b}\n",
    "people:\n  - {id: a,name: b ,  c: d}\n  - { id: e }\n",
    "people:\n  - {id: a, n: 'x'}  # c\n  - {id: a, n: x, }\n",
])
def test_flow_collections_and_their_lines(text: str) -> None:
    """Flow sequences and mappings near the top (their elements' lines are the line's),
    as elements, and items of every spacing."""
    agree(text)


@pytest.mark.parametrize("body", [
    # each item of the string-method reading of a flow mapping (_plain_map), and each
    # way out of it: a value ending in ":", holding ": ", starting with an indicator or a
    # space, empty; a list's element likewise; a second list; what follows a list
    "k: x:", "k: x:, l: y", "k: x: y", "k: x:y", "k: &x", "k: *x", "k: !x", "k: |", "k: >",
    "k: %x", "k: @x", "k: `x", "k: -", "k: - x", "k: -1", "k: -x", "k:  x", "k: ", "k: x,",
    "k: x , l: y ", " k: x,l: y", "k: [x:]", "k: [x: y]", "k: [x:y, -1, - z]", "k: [ x ,y ]",
    "k: [x], l: [y]", "k: [x] , l: y", "k: [x]l: y", "k: [], l: y", "k: [ ]", "k: [,]",
    "k: [x,]", "k: x, k: y", "yes: 1, true: 2", "k: [x], k: y", "k x: y", "k : y", ": y",
    "k: yes, l: 0o17, m: 1:20, n: .inf, o: ~, p: 2026-05-17, q: 2026-05-17 10:00:00",
    "k: [yes, 0x1F, ~, 2026-05-17]", "k: x\xa0, l: \xa0y, m: [\xa0z]", "k: é, l: [ü]",
    "k: a b  c, l: [d  e]", "k: x#y", "k: x #y", "k: x?", "k: 'x', l: [y]", "<<: x",
    "=: x", "k: <<", "k: =", "k: [x]xl: y", "k: [x] l: y", "kx [y]", "k: a, lm[y]",
    'k: "x", k: y', "k: 'x', k: y", "k: x, k: [y]", 'k: "x", l: [y], k: z', "k: ?x", "? k: x", "k: ]", "k: x], l: y", "k: }",
])
def test_flow_mapping_bodies(body: str) -> None:
    """A flow mapping's body, as an element and as a value: PyYAML's reading or none."""
    agree(f"people:\n  - {{{body}}}\n  - {{id: z}}\n")
    agree(f"people:\n  - id: a\n    m: {{{body}}}\n")


def test_a_quote_elsewhere_leaves_the_flow_lines_fast() -> None:
    """A quote on another line (O'Brien, a text going on over lines) is that line's
    business: the flow lines are still read the fast way."""
    text = ("people:\n- {id: a, name: Ann}\n- id: b\n  name: O'Brien\n"
            "- id: c\n  name: 'multi\n    line'\n- {id: d, name: \"Dee\"}\n")
    assert agree(text)
    got = fast(text)
    assert got is not None and got[1][("people",)] == [2, 3, 5, 8]


# --- hypothesis: flow lines of every kind in every place ---------------------------------------

ITEMS = st.one_of(st.sampled_from(SCALARS),
                  st.sampled_from(["a", "b c", "role:x", "-1", "- x", "x:", "a: b", "?", "?x",
                                   "'q'", '"d"', "'a,b'", "O'Brien", "''", '""', "#", "x #y",
                                   "&a", "*a", "!t", "|", ">", "%", "@", "`", "[", "]", "{",
                                   "}", ",", " ", "", "---", "...", "é", "a\\b", '"a\\"b"',
                                   "\xa0", "\xa0x", "x\xa0"]),
                  st.text(st.sampled_from("ab1 -:'\",#?"), max_size=6))
KEYS = st.sampled_from(["id", "name", "k", "yes", "1", "a b", "x.y", "-k", "'k'", "k:", ""])


@st.composite
def _flow_documents(draw: st.DrawFn) -> str:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    lines = ["people:"]
    for _ in range(draw(st.integers(1, 6))):
        kind = rnd.random()
        items = draw(st.lists(ITEMS, min_size=0, max_size=4))
        if kind < 0.4:
            keys = draw(st.lists(KEYS, min_size=len(items), max_size=len(items)))
            body = ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True))
            lines.append(f"  - {{{body}}}")
        elif kind < 0.7:
            lines.append(f"  - id: e{len(lines)}")
            lines.append(f"    {rnd.choice(['tags', 'k', 'yes'])}: [{', '.join(items)}]")
        elif kind < 0.8:
            name = rnd.choice(["x", "y z", "'q", "w"])
            lines.append(f"  - name: {name}")
        else:
            lines.append(rnd.choice(["", "  # c", "    deeper: 1", "      - x", "  - x",
                                     "  - {a: 1} # c", "roles:", "  -", "'", "  k: [a]"]))
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_flow_documents())
def test_hypothesis_flow_documents(text: str) -> None:
    event("fast" if agree(text) else "left to PyYAML")


BODY_CHARACTERS = "ak1 -:,[]'?#x"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["k: ", "kx: ", "a b: ", ", ", ": ", "[", "]", "-", ":", " ",
                                 "x", "1", "yes", "'q'", "?", "#"]), max_size=12),
       st.text(st.sampled_from(BODY_CHARACTERS), max_size=16))
def test_hypothesis_flow_bodies(pieces: list[str], noise: str) -> None:
    """Flow mapping bodies made of the pieces the string-method reading splits at (and
    of random characters), as an element and as a value."""
    for body in ("".join(pieces), noise, "k: " + noise, "k: [" + noise + "]"):
        event("fast" if agree(f"people:\n  - {{{body}}}\n  - {{id: z}}\n") else "PyYAML's")
        agree(f"people:\n  - id: a\n    m: {{{body}}}\n")
