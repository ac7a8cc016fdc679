"""The fast block-YAML reader against PyYAML's node tree: same data (types included), same
element lines, and the same errors (the fast reader steps aside for every one).

The reference is what ``read_yaml_mapping`` always did: compose the node tree with the
safe loader, construct the data, take each element's line from its node. The fast reader
(``read_block_yaml``) must give either ``None`` or exactly that; and every text the
reference refuses, it must leave to the reference (``None``), so errors keep their words
and lines. Compared on generated models of several sizes and seeds, on every YAML file of
the repository and of ``shared/data``, on scalars of every kind PyYAML resolves, and on
hypothesis-made documents (block and flow, plain and quoted, comments, anchors, merge
keys, unicode, duplicate keys, broken indentation, ...).
"""

from __future__ import annotations

import math
import random
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from graphkit.loaders import load, save
from graphkit.loaders import _yamlblock as block
from graphkit.loaders import yamljson
from graphkit.loaders.yamljson import read_model_file, read_yaml_mapping, read_yaml_sections
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graphkit.errors import InputError, ModelError
from graphkit.generate import generate

REPO = Path(__file__).resolve().parents[2]
SECTIONS = tuple(where for _, where in yamljson._SOURCED)
WHAT = "a model file (people:, roles:, ...)"


def shared_dir() -> Path:
    return REPO / ".." / "shared"


# --- the two readers on one text ----------------------------------------------------------

def reference(text: str) -> tuple[Any, ...]:
    """PyYAML's answer: ("ok", data, lines) or ("error", kind, words)."""
    path = Path("m.yaml")
    try:
        root = yamljson._mapping_root(text, path, WHAT)
        data = yamljson._construct_yaml(root, path)
    except Exception as exc:  # noqa: BLE001 - any refusal, compared by its words
        return ("error", type(exc).__name__, str(exc))
    lines = {where: yamljson._yaml_item_lines(root, where) for where in SECTIONS}
    return ("ok", data, {where: found for where, found in lines.items() if found})


def fast(text: str) -> tuple[Any, dict[tuple[str, ...], list[int]]] | None:
    loader = yamljson._SafeLoader("")
    try:
        return block.read_block_yaml(text, loader, SECTIONS)
    finally:
        loader.dispose()


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (keys and their order too)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime):
        return a == b and a.tzinfo == b.tzinfo and repr(a) == repr(b)
    return bool(a == b) and repr(a) == repr(b)


def agree(text: str) -> bool:
    """Check the fast reader against the reference on ``text``; whether it answered."""
    ref = reference(text)
    got = fast(text)
    if got is None:
        return False
    assert ref[0] == "ok", f"the fast reader accepted what PyYAML refuses: {ref[1:]}"
    data, lines = got
    assert same(data, ref[1]), (data, ref[1])
    assert {k: v for k, v in lines.items() if v} == ref[2]
    return True


# --- generated models -----------------------------------------------------------------------

@pytest.mark.parametrize(("people", "seed"), [(40, 1), (300, 2), (2500, 3)])
def test_generated_models_read_the_same(people: int, seed: int, tmp_path: Path) -> None:
    generate(people, seed=seed, out=tmp_path / "csv")
    model = load(tmp_path / "csv")
    save(model, tmp_path / "m.yaml")
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert agree(text), "graphkit's own YAML must take the fast path"
    # the same data as other writers put it: sorted keys, folded at 80 columns, indented
    # sequences, no unicode (double quotes with escapes)
    data = yaml.safe_load(text)
    for style in ({"sort_keys": True}, {"sort_keys": False, "width": 40},
                  {"sort_keys": False, "indent": 4}, {"allow_unicode": False}):
        agree(yaml.safe_dump(data, default_flow_style=False, **style))  # type: ignore[arg-type]
    agree(yaml.dump(data, Dumper=_IndentedDumper, sort_keys=False, default_flow_style=False))
    # and the whole reader: the same model, the same source for every element
    again = read_model_file(tmp_path / "m.yaml")
    assert again == model
    root_data, root = read_yaml_mapping(tmp_path / "m.yaml", WHAT)
    for section, where in yamljson._SOURCED:
        for i, line in enumerate(yamljson._yaml_item_lines(root, where)):
            assert again.source_of(section, i) == f"{tmp_path / 'm.yaml'}:{line}"


class _IndentedDumper(yaml.SafeDumper):
    """Sequences indented under their key (``key:\\n  - x``), as many people write."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# --- every YAML file we have ----------------------------------------------------------------

def _yaml_files() -> list[Path]:
    roots = [REPO, shared_dir() / "data"]
    found = []
    for root in roots:
        if root.is_dir():
            found += [p for p in root.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")
                      and ".venv" not in p.parts and ".git" not in p.parts]
    return sorted(found)


def test_every_yaml_file_reads_the_same() -> None:
    files = _yaml_files()
    assert len(files) > 50
    answered = rewritten = readable = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (UnicodeDecodeError, OSError):
            continue
        answered += agree(text)
        # and in the shape a writer gives it (block style, long texts folded)
        ref = reference(text)
        if ref[0] == "ok" and isinstance(ref[1], dict):
            readable += 1
            rewritten += agree(yaml.safe_dump(ref[1], default_flow_style=False,
                                              sort_keys=False, allow_unicode=True, width=100))
    assert answered >= 3
    assert rewritten == readable  # every one of them rewritten takes the fast path


@pytest.mark.parametrize("name", ["malformed-yaml", "alias-bomb", "not-a-mapping", "empty-file",
                                  "wrong-kind", "unknown-field", "bad-enum", "missing-required"])
def test_errors_have_the_same_words_and_lines(name: str) -> None:
    path = REPO / "tests" / "loaders" / "bad" / name / "model.yaml"
    try:
        expected: Any = read_yaml_mapping(path, WHAT)[0]
    except InputError as exc:
        expected = str(exc)
    try:
        got: Any = read_yaml_sections(path, WHAT, SECTIONS)[0]
    except InputError as exc:
        got = str(exc)
    assert same(got, expected) if not isinstance(expected, str) else got == expected


def test_model_errors_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("people:\n- id: alice\n  status: gone\n- id: alice\nroles:\n- id: r\n"
                    "  authority: high\n", encoding="utf-8")
    assert fast(path.read_text()) is not None
    with pytest.raises(ModelError) as exc:
        read_model_file(path)
    lines = exc.value.lines()
    assert any(f"{path}:3" in line and "status" in line for line in lines), lines
    assert any(f"{path}:4" in line for line in lines), lines
    assert any(f"{path}:7" in line and "authority" in line for line in lines), lines


# --- scalars of every kind --------------------------------------------------------------------

SCALARS = [
    # null and booleans as YAML 1.1 has them
    "~", "null", "Null", "NULL", "nULL", "yes", "Yes", "YES", "yES", "no", "No", "NO", "true",
    "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "n",
    # ints in every form PyYAML reads
    "0", "7", "-7", "+7", "007", "08", "0o17", "0x1F", "-0x1f", "0b101", "-0b1", "1_000",
    "1:30", "-1:30:15", "190:20:30", "0_", "+0", "12345678901234567890",
    # floats
    "1.0", "-1.5", "+.5", ".5", "1.", "1e3", "1.0e+3", "1.0e3", "6.8523015e+5", "685.230_15e+03",
    "190:20:30.15", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1_0.5",
    # timestamps
    "2026-05-17", "2026-5-17", "2026-02-30", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "2002-12-14 1:02:03",
    "2001-12-14 21:59:43.1234567", "0000-01-01",
    # strings that look like something else, and indicators
    "<<", "=", "a #b", "a#b", "a: b", "a:b", "a:", "-", "-a", "- a", "--", "---", "...",
    "? a", "?a", ":a", "it's", 'say "hi"', "[x]", "x]", "{a}", "a, b", "a,b", "&a", "*a",
    "!x", "!!str x", "|", ">", "%x", "@x", "`x", "#x", "x #", "x  y", "role:r1",
    "http://x.org/a#b", "C:\\path", "50%", "a\\nb",
    # unicode and spaces
    "é", "Zoë Ødegård", "日本語", "\xa0x", "x\xa0", "\u2000x", "\u2028", "\x85", "\ufeffx",
    "\t", "a\tb", " x", "x ", "",
]


def _plain_doc(value: str) -> str:
    return f"people:\n- id: p1\n  name: {value}\n  tags:\n  - {value}\n{value}: 1\n"


def test_every_scalar_kind_reads_the_same() -> None:
    taken = 0
    for value in SCALARS:
        for text in (_plain_doc(value), f"a: '{value}'\n",
                     'a: "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"\n',
                     f"a: {value} # note\n", f"a:\n- {value}\n  {value}\n"):
            taken += agree(text)
    assert taken > len(SCALARS) * 2  # most forms of most scalars take the fast path


def test_kinds_are_pyyamls() -> None:
    data, _ = fast("a: yes\nb: 0x1F\nc: 2026-05-17\nd: ~\ne: '1'\nf: 1.5\ng: 1:30\n"
                   "h: 2001-12-14t21:59:43.10-05:00\n")  # type: ignore[misc]
    assert data["a"] is True and data["b"] == 31 and data["c"] == date(2026, 5, 17)
    assert data["d"] is None and data["e"] == "1" and data["f"] == 1.5 and data["g"] == 90
    assert isinstance(data["h"], datetime) and data["h"].utcoffset() is not None


def test_a_wrong_rule_is_seen() -> None:
    """The comparison is not blind: a reader that keeps ``yes`` as text is caught."""

    class NoBooleans(yamljson._SafeLoader):  # type: ignore[misc,valid-type]
        yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"]
                                   for k, v in yamljson._SafeLoader.yaml_implicit_resolvers.items()}

    text = "people:\n- id: p1\n  active: yes\n"
    loader = NoBooleans("")
    wrong = block.read_block_yaml(text, loader, SECTIONS)
    loader.dispose()
    assert wrong is not None and wrong[0]["people"][0]["active"] == "yes"
    assert not same(wrong[0], reference(text)[1])


# --- what the fast reader leaves to PyYAML -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                                    # a key twice
    "a: 1\n  b: 2\n",                                  # deeper than anything open
    "a:\n  b: 1\n c: 2\n",                             # between two levels
    "- a\n",                                           # not a mapping
    "a: &x 1\nb: *x\n",                                # anchors and aliases
    "base: &b {x: 1}\nc:\n  <<: *b\n",                 # merge keys
    "a: !!binary aGk=\n",                              # tags
    "a: |\n  text\n",                                  # block scalars
    "a: [[1, 2]]\n",                                   # nested flow collections
    "a: [1,\n  2]\n",                                  # flow collections over lines
    "---\na: 1\n---\nb: 2\n",                         # documents after the first
    "--- a: 1\n",                                     # content on the marker's line
    "a: 1\n...\n",                                    # document end markers
    "a:\tb\n",                                         # tabs
    "a: 1\rb: 2\r",                                    # lone carriage returns
    "a: 'unclosed\n",                                  # malformed
    "a: b: c\n",                                       # a mapping on one line
    "'a': 1\n",                                        # quoted keys
    "# only a comment\n",                              # no content
    "a: 2026-02-30\n",                                 # a date that is not one
    "a: " + "x" * 10 + "\n" + "b" * 1100 + ": 1\n",    # a key longer than libyaml allows
    "".join(f"{' ' * i}k:\n" for i in range(40)),     # deep nesting
])
def test_left_to_pyyaml(text: str) -> None:
    assert fast(text) is None
    reference(text)  # whatever PyYAML says, it is what the user sees


@pytest.mark.parametrize("text", [
    # a key with an empty value, then the usual line: a dash below is no element of it
    "m:\n  b: 1\nn:\n  a:\n  b: 1\n  - x\n",
    "m:\n  b: 1\nn:\n  a:\n  b: 1\n    c: 2\n",
    # blank lines before the usual line are not the next plain text's line breaks
    "m:\n  c: 0\nn:\n  a: x\n\n\n  c: v\n    w\n",
    "- k: 0\n- a: x\n\n- k: v\n   w\n",
    # the usual line at another column than the open collection's, or a dash where a key
    # goes (and a key where a dash goes)
    "m:\n  b: 1\n  c:\n    d: 2\n  b: 3\n",
    "m:\n  b: 1\nn:\n  x: 1\n    b: 2\n",
    "s:\n- b: 1\nt:\n  - c: 1\n  b: 2\n",
    "s:\n- b: 1\n  k: 2\nt:\n  k: 3\n  - b: 4\n",
])
def test_the_usual_line_keeps_the_state(text: str) -> None:
    """The short path of the usual line (a known head at the open collection's column)
    leaves the reader's state as the long path does."""
    agree(text)


def test_sections_lines_follow_the_reference() -> None:
    text = ("# a model\nversion: 1\npeople:\n\n- id: a   \n  name: A # note\n"
            "- id: b\n  competencies:\n    - id: c\n      expires: 2027-01-01\n"
            "policy:\n  sod:\n    - id: S1\n      members:\n      - role:r\n"
            "  exceptions:\n  - id: E1\n")
    assert agree(text)
    assert fast(text)[1] == {("people",): [5, 7], ("policy", "sod"): [13],  # type: ignore[index]
                             ("policy", "exceptions"): [17]}


# --- hypothesis: documents of every shape --------------------------------------------------------

PLAIN_KEYS = st.sampled_from(["id", "name", "people", "policy", "sod", "exceptions", "roles",
                              "a-b", "x.y", "p/q", "-k", "yes", "on", "null", "1", "0x1",
                              "2026-01-01", "1.5", "_"])
KEYS = st.one_of(*[PLAIN_KEYS] * 9,
                 st.sampled_from(["a b", "<<", "é", "k:", "#k", "?k", "- k", ""]))
PIECES = st.sampled_from(list("abcXYZ019 -_.:#,[]{}&*!|>'\"%@`~<=+/\\?éß日\xa0") +
                         ["\t", "\u2028", ": ", " #", "''", "\\n", "\\x41", "\\u00e9"])
SCALAR_TEXT = st.one_of(st.sampled_from(SCALARS), st.lists(PIECES, max_size=8).map("".join),
                        st.text(st.sampled_from("abcXYZ019 -_./é日'\"\\:#"), max_size=12))
TREES = st.recursive(
    SCALAR_TEXT,
    lambda kids: st.one_of(st.lists(kids, max_size=4),
                           st.lists(st.tuples(KEYS, kids), max_size=4).map(tuple)),
    max_leaves=16)


def _scalar(text: str, rnd: random.Random) -> str:
    style = rnd.random()
    if style < 0.45:  # as PyYAML writes it: plain, quoted or escaped as it needs
        written = yaml.safe_dump(text, allow_unicode=rnd.random() < 0.5, width=10_000)
        written = written.removesuffix("\n...\n").removesuffix("\n")
        return text if "\n" in written else written
    if style < 0.6:
        return text
    if style < 0.8:
        return "'" + text.replace("'", "''") + "'"
    if style < 0.9:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text + " # c"


def _render(node: Any, indent: int, rnd: random.Random, out: list[str], lead: str) -> None:
    """Write ``node`` (a text, a list, or a tuple of key-value pairs for a mapping) after
    ``lead`` (a key and colon, or a dash), in block style mostly."""
    pad = " " * indent
    if isinstance(node, str):
        text = _scalar(node, rnd)
        if rnd.random() < 0.1 and " " in text:  # folded over two lines
            first, _, second = text.partition(" ")
            out.append(f"{lead} {first}".rstrip(" ") if lead else first)
            out.append("" if rnd.random() < 0.3 else "# c")
            out.append(" " * (indent + 2) + second)
            return
        out.append(f"{lead} {text}" if lead else text)
        return
    if not node:
        out.append(f"{lead} " + ("[]" if isinstance(node, list) else "{}"))
        return
    if rnd.random() < 0.1:  # flow style
        out.append(f"{lead} " + yaml.safe_dump(_plain(node), default_flow_style=True,
                                               width=10_000).strip())
        return
    out.append(lead)
    step = rnd.choice([0, 2, 2, 4]) if isinstance(node, list) else rnd.choice([2, 2, 3, 1])
    inner = indent + step
    for item in node:
        if rnd.random() < 0.05:
            out.append(" " * rnd.randrange(0, inner + 2) + "# note")
        if rnd.random() < 0.05:
            out.append("")
        if isinstance(node, list):
            child_lead = " " * inner + "-"
            if isinstance(item, tuple) and item and isinstance(item[0][1], str) \
                    and rnd.random() < 0.8:
                # "- key: value" with the mapping's other keys under it
                key, value = item[0]
                _render(value, inner + 2, rnd, out, f"{child_lead} {key}:")
                for key, value in item[1:]:
                    _render(value, inner + 2, rnd, out, " " * (inner + 2) + f"{key}:")
                continue
            _render(item, inner + 2, rnd, out, child_lead)
        else:
            key, value = item
            _render(value, inner, rnd, out, " " * inner + f"{key}:")


def _plain(node: Any) -> Any:
    if isinstance(node, tuple):
        return {k: _plain(v) for k, v in node}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _document(pairs: list[tuple[str, Any]], seed: int) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    if rnd.random() < 0.2:
        out.append("# a model")
    for key, value in pairs:
        _render(value, 0, rnd, out, f"{key}:")
    text = "\n".join(out) + "\n"
    # a few damages a person or a tool might do
    lines = text.split("\n")
    for _ in range(rnd.choice([0, 0, 0, 0, 0, 1, 2])):
        i = rnd.randrange(len(lines))
        damage = rnd.randrange(6)
        if damage == 0:
            lines[i] = " " + lines[i]
        elif damage == 1:
            lines[i] = lines[i][1:]
        elif damage == 2:
            lines.insert(i, lines[i])
        elif damage == 3:
            lines[i] += "   "
        elif damage == 4:
            lines[i] = lines[i].replace(": ", ": &a ", 1)
        else:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(KEYS, TREES), min_size=1, max_size=5), st.integers(0, 2**32))
def test_hypothesis_documents_read_the_same(pairs: list[tuple[str, Any]], seed: int) -> None:
    text = _document(pairs, seed)
    event("fast" if agree(text) else "left to PyYAML")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["people", "roles", "policy", "name"]), TREES),
                min_size=1, max_size=3), st.integers(0, 2**32))
def test_whole_reader_same_errors(pairs: list[tuple[str, Any]], seed: int) -> None:
    """Through files: read_yaml_sections says what read_yaml_mapping says, or the same data."""
    text = _document(pairs, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "m.yaml")
        path.write_text(text, encoding="utf-8")
        try:
            data, root = read_yaml_mapping(path, WHAT)
            expected: Any = ("ok", data, {w: yamljson._yaml_item_lines(root, w)
                                          for w in SECTIONS})
        except Exception as exc:  # noqa: BLE001 - compared by its words
            expected = ("error", type(exc).__name__, str(exc))
        try:
            data, lines = read_yaml_sections(path, WHAT, SECTIONS)
            got: Any = ("ok", data, {w: lines.get(w, []) for w in SECTIONS})
        except Exception as exc:  # noqa: BLE001 - compared by its words
            got = ("error", type(exc).__name__, str(exc))
    assert got[0] == expected[0]
    if got[0] == "ok":
        assert same(got[1], expected[1]) and got[2] == expected[2]
    else:
        assert got == expected


FIELDS = st.sampled_from(["id", "name", "status", "version", "expires", "deputy", "on", "1"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(FIELDS, st.one_of(st.sampled_from(SCALARS), SCALAR_TEXT),
                                min_size=1, max_size=4), min_size=1, max_size=4),
       st.integers(0, 2**32))
def test_hypothesis_model_like_documents(people: list[dict[str, str]], seed: int) -> None:
    """Documents shaped like models (most of them take the fast path): every scalar as
    written plain, quoted, or with a comment after it."""
    rnd = random.Random(seed)
    out = ["version: 1", "people:"]
    for fields in people:
        lead = "- "
        for key, value in fields.items():
            out.append(f"{lead}{key}: {_scalar(value, rnd)}")
            lead = "  "
    text = "\n".join(out) + "\n"
    event("fast" if agree(text) else "left to PyYAML")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "status", "expires", "x y"]),
                                st.lists(SCALAR_TEXT, min_size=1, max_size=6).map(" ".join),
                                min_size=1, max_size=4), min_size=1, max_size=4),
       st.sampled_from([12, 30, 80]), st.booleans(), st.booleans())
def test_hypothesis_as_pyyaml_writes(people: list[dict[str, str]], width: int, unicode: bool,
                                     start: bool) -> None:
    """What PyYAML writes, long texts folded over lines plain, single- or double-quoted
    (escaped when not unicode), takes the fast path and reads the same."""
    text = yaml.safe_dump({"version": 1, "people": people}, width=width, allow_unicode=unicode,
                          explicit_start=start, sort_keys=False)
    event("fast" if agree(text) else "left to PyYAML")


# --- the fast ways: a line's start read once per distinct text, plain elements -------------

# texts that look like words or numbers but that YAML 1.1 (PyYAML) makes something else
LOOKALIKES = ["yes", "No", "on", "OFF", "y", "n", "~", "null", "NULL", "true", "False",
              "0o17", "017", "0x1F", "0b11", "1_000", "1:20", "-1:20", ".inf", "-.inf", ".nan",
              "1e3", "1.5", "2026-01-01", "2026-01-01 10:00", "2026-1-1",
              "2001-12-14t21:59:43.10-05:00", "+1", "-1", "0", "<<", "=", "_", "a", "x1", "1x",
              "1.2.3", "2026-02-30"]
KEYISH = [k for k in LOOKALIKES if block._KEY.fullmatch(k)]


def _repeated(values: list[str]) -> str:
    """Every text as a key and as a value, at every place a line can start, twice (the
    second time from what the first worked out)."""
    out = ["people:"]
    for round_ in range(2):
        for i, v in enumerate(values):
            out += [f"- id: p{round_}-{i}", f"  name: {v}", "  tags:", f"  - {v}", f"  - x{i}",
                    "  nested:", f"    k{i}: {v}", f"  last: {v}"]
    keys = [k for k in KEYISH if k in values]
    out += ["roles:"] + [f"- {k}: {k}" for k in keys]
    for i, k in enumerate(keys):  # (each in its own mapping: yes, on and true are one key)
        out += [f"top{i}:", f"  {k}: {k}"]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("value", LOOKALIKES)
def test_lookalikes_read_as_pyyaml_does(value: str) -> None:
    """A text that looks like a string but YAML resolves to a bool, int, float, date,
    timestamp or null, as a key or value, on a line whose start was seen before or not,
    and as a plain element ("- yes"): the same data as PyYAML (or both refuse)."""
    for text in (_repeated([value]), _plain_doc(value), f"a:\n- {value}\n- {value}\n",
                 f"a:\n  - {value}\n  - {value} # c\n  - '{value}'\n",
                 f"- {value}\n", f"{value}: 1\n{value}: 2\n"):
        ref = reference(text)
        got = fast(text)
        if got is not None:
            assert ref[0] == "ok", (text, ref)
            assert same(got[0], ref[1]), (text, got[0], ref[1])


def test_lookalikes_take_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The document of every lookalike is read by the fast reader, each line start worked
    out once (the cache is what answers the second time), and agrees with PyYAML."""
    seen: list[str] = []
    worked_out = block._head_of

    def spy(head: str, key_of: Any) -> Any:
        seen.append(head)
        return worked_out(head, key_of)

    monkeypatch.setattr(block, "_head_of", spy)
    # (not the date 2026-02-30, a merge key << or a value key =: PyYAML refuses them)
    values = [v for v in LOOKALIKES if v not in ("2026-02-30", "<<", "=")]
    text = _repeated(values)
    assert agree(text)
    assert len(seen) == len(set(seen))  # once per distinct start
    assert {"  name", "- id", "  tags", "    k0"} <= set(seen)
    assert {f"  {k}" for k in KEYISH if k in values} <= set(seen)


def test_a_wrong_line_start_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison is not blind to the line-start cache: one that keeps a key as its
    text (``yes`` for True, ``1`` for 1) is caught."""
    worked_out = block._head_of

    def as_text(head: str, key_of: Any) -> Any:
        found = worked_out(head, key_of)
        return None if found is None else (*found[:3], found[2])

    monkeypatch.setattr(block, "_head_of", as_text)
    for key in ("yes", "1", "null", "2026-01-01", "0x1F"):
        text = f"a: 0\n{key}: 1\n"
        got = fast(text)
        assert got is not None and not same(got[0], reference(text)[1])


PLAIN_ELEMENTS = st.one_of(st.sampled_from(LOOKALIKES + SCALARS),
                           st.lists(PIECES, min_size=1, max_size=6).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["tags", "yes", "1", "members", "a-b"]),
                          st.lists(PLAIN_ELEMENTS, min_size=1, max_size=5)),
                min_size=1, max_size=4),
       st.sampled_from(["", "  "]), st.integers(0, 2**32))
def test_hypothesis_elements_read_the_same(lists: list[tuple[str, list[str]]], indent: str,
                                           seed: int) -> None:
    """Lists of scalars ("- value" lines, at their key's column or under it), plain as
    they come (or as PyYAML writes them, or with a comment), read as PyYAML reads them."""
    rnd = random.Random(seed)
    out = ["people:", "- id: p1"]
    for key, items in lists:
        out.append(f"  {key}:")
        for item in items:
            out.append(f"  {indent}- {item if rnd.random() < 0.6 else _scalar(item, rnd)}")
    text = "\n".join(out) + "\n"
    event("fast" if agree(text) else "left to PyYAML")


@pytest.mark.parametrize("text", [
    "a: x\n  y\n",
    "a: 1\n  2\nb: yes\n",
    "a:\n- x\n  y\n- z\n",
    "a:\n  - x\n\n    y\n  - 1\n    0\n",
    "people:\n- id: p1\n  name: Ann\n    Smith\n  tags:\n  - a\n    b\n  - c\n- id: p2\n",
    "people:\n- id: p1\n  name: 2026-01-01\n    10:00\n",
    "people:\n- x\n  y: z\n",
])
def test_plain_texts_going_on_over_lines(text: str) -> None:
    """A plain value continued on deeper lines is the value of the innermost collection's
    last key or element, as PyYAML folds it (or both refuse)."""
    ref = reference(text)
    got = fast(text)
    if ref[0] == "ok":
        assert got is not None and same(got[0], ref[1]) and got[1] == ref[2]
    else:
        assert got is None


# --- Windows line ends ------------------------------------------------------------------------

def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def test_windows_line_ends_read_as_pyyaml_does(tmp_path: Path) -> None:
    """A model written with CR LF line ends (an editor or tool on Windows) takes the fast
    path and reads as PyYAML reads it: the same data, the same element lines."""
    generate(300, seed=4, out=tmp_path / "csv")
    model = load(tmp_path / "csv")
    save(model, tmp_path / "m.yaml")
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert agree(_crlf(text)), "a CR LF model must take the fast path"
    # quoted and plain texts folded over lines, comments, a document start
    data = yaml.safe_load(text)
    for style in ({"width": 30}, {"width": 30, "allow_unicode": False},
                  {"explicit_start": True}):
        assert agree(_crlf(yaml.safe_dump(data, sort_keys=False, **style)))  # type: ignore[arg-type]
    # the whole reader, through a file: the model and every element's source as with LF
    path = tmp_path / "crlf.yaml"
    path.write_bytes(_crlf(text).encode("utf-8"))
    again = read_model_file(path)
    assert again == model
    lf = read_model_file(tmp_path / "m.yaml")
    assert dict(again._sources) == {key: where.replace(str(tmp_path / "m.yaml"), str(path))
                                    for key, where in lf._sources.items()}
    assert len(again._sources) > 1000


@pytest.mark.parametrize("text", [
    "people:\r\n- id: a\r- id: b\r\n",  # a lone CR among CR LFs
    "people:\r- id: a\r",  # old Mac line ends
    "people:\n- id: a\r\n  name: 'x\r\n\r\n  y'\n",  # mixed ends, a quoted text over lines
    'people:\r\n- id: a\r\n  name: "x \\\r\n  y"\r\n',  # an escaped line break
])
def test_odd_line_ends(text: str) -> None:
    """Lone CRs are left to PyYAML; mixed ends and line breaks inside quoted texts read as
    PyYAML reads them."""
    ref = reference(text)
    got = fast(text)
    if "\r" in text.replace("\r\n", ""):
        assert got is None
        return
    # answered as the same text with LF ends is, and then as PyYAML reads it
    assert (got is None) == (fast(text.replace("\r\n", "\n")) is None)
    if got is not None:
        assert ref[0] == "ok" and same(got[0], ref[1]) and got[1] == ref[2]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(KEYS, TREES), min_size=1, max_size=5), st.integers(0, 2**32))
def test_hypothesis_documents_with_windows_line_ends(pairs: list[tuple[str, Any]],
                                                     seed: int) -> None:
    """Any document, its line ends made CR LF: the fast reader agrees with PyYAML on that
    text, and answers whenever it answers for the LF text."""
    text = _document(pairs, seed)
    answered = agree(_crlf(text))
    assert answered == (fast(text) is not None)
    event("fast" if answered else "left to PyYAML")
