"""The compact path's what-if ranking equals the reference ranking, whole list.

Differential: :func:`graphkit.compact.rank` (polars / numpy tables) against
:func:`graphkit.queries.whatif.rank` (the reference loop) on generated models of several
sizes and seeds, on examples/northwind, on every check fixture, and on small random
models (hypothesis) with inheritance diamonds, repeated parties, delegations to roles and
to oneself, and people of every status. Same people, scores, order and lists.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.compact import build_tables, frames_from_model, rank_frames
from graphkit.compact import rank as compact_rank
from graphkit.compact.frames import folder_frames
from graphkit.generate import AS_OF, generate
from graphkit.loaders import load
from graphkit.model import Model, validate_model
from graphkit.queries.whatif import rank as reference_rank
from graphkit.semantics import Context

ROOT = Path(__file__).resolve().parents[2]


def _raw_models_strategy() -> Any:
    """``tests/whatif/models.py: raw_models``, loaded by path (tests/scale is not a
    package, tests/whatif is)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_compact_whatif_models", ROOT / "tests" / "whatif" / "models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.raw_models


raw_models = _raw_models_strategy()
FIXTURES = sorted((ROOT / "tests" / "checks" / "fixtures").glob("*/*.yaml"))


def _both(model: Model, day: date, top: int | None = None) -> tuple[list[Any], list[Any]]:
    return ([asdict(i) for i in compact_rank(model, as_of=day, top=top)],
            [asdict(i) for i in reference_rank(model, as_of=day, top=top)])


@pytest.mark.parametrize(("n", "seed"), [(200, 1), (1000, 2), (3000, 3), (5000, 11)])
def test_generated_models(n: int, seed: int, tmp_path: Path) -> None:
    generate(n, seed=seed, out=tmp_path)
    model = load(tmp_path)
    compact, reference = _both(model, AS_OF)
    assert compact == reference
    assert sum(i["score"] > 0 for i in reference) > n // 20  # the test is not vacuous
    frames = folder_frames(tmp_path)  # the folder read column-wise, no Model
    assert frames is not None
    assert [asdict(i) for i in rank_frames(frames, AS_OF)] == reference
    assert _both(model, AS_OF, top=25)[0] == reference[:25]


def test_northwind() -> None:
    model = load(ROOT / "examples" / "northwind" / "model.yaml")
    for day in (date(2026, 6, 1), date(2024, 1, 1), date(2030, 1, 1)):
        compact, reference = _both(model, day)
        assert compact == reference
    assert any(i["score"] > 0 for i in reference)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_fixtures(path: Path) -> None:
    import yaml

    model = validate_model(yaml.safe_load(path.read_text(encoding="utf-8")))
    compact, reference = _both(model, date(2026, 6, 1))
    assert compact == reference


@st.composite
def _models(draw: st.DrawFn) -> dict[str, Any]:
    """``raw_models`` (inheritance diamonds included) with, sometimes, a repeated owner
    party, a non-ASCII id and a delegation from a party to itself."""
    raw = draw(raw_models(max_people=6))
    if raw["assets"] and draw(st.booleans()):
        party = "person:p0"
        raw["assets"][0]["owner"] = [party, party]
    if draw(st.booleans()):
        raw["people"].append({"id": "ö-p"})
        raw["assignments"].append({"person": "ö-p", "role": "r0"})
    if raw["delegations"] and draw(st.booleans()):
        raw["delegations"][0]["to"] = raw["delegations"][0]["from"]
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models())
def test_random_models(raw: dict[str, Any]) -> None:
    model = validate_model(raw)
    compact, reference = _both(model, date.fromisoformat("2026-06-01"))
    assert compact == reference


def _candidates(ctx: Context, ref: str, side: str) -> list[str]:
    cov = ctx.coverage(ref, limit=2)
    return list(cov.accountable if side == "acc" else cov.responsible)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models())
def test_sides_are_the_first_two_context_candidates(raw: dict[str, Any]) -> None:
    """Each item side's first two people are those ``Context.coverage`` finds, in order."""
    model = validate_model(raw)
    day = date(2026, 6, 1)
    tables = build_tables(frames_from_model(model), day)
    ctx = Context.build(model, day)
    people = tables.people.to_list()
    sides = {row["item"]: row for row in tables.sides.iter_rows(named=True)}
    codes = np.arange(len(tables.weight))
    for item, ref in zip(codes.tolist(), tables.refs(codes), strict=True):
        row = sides.get(item, {})
        for side in ("acc", "res"):
            got = [people[p] for p in (row.get(f"{side}_first"), row.get(f"{side}_second"))
                   if p is not None]
            assert got == _candidates(ctx, ref, side), (ref, side)


def test_holdings_are_context_holdings(tmp_path: Path) -> None:
    generate(1500, seed=4, out=tmp_path)
    model = load(tmp_path)
    tables = build_tables(frames_from_model(model), AS_OF)
    people, roles = tables.people.to_list(), tables.roles.to_list()
    got = {(people[p], roles[r], deputy, via, a)
           for p, r, deputy, via, a in tables.holdings().iter_rows()}
    ctx = Context.build(model, AS_OF)
    want = {(h.person, h.role, h.deputy, len(h.via), h.assignment) for h in ctx.holdings()}
    assert got == want and len(want) > 1000


# --- the command: both engines print the same ranking ---------------------------------

def _graphkit(*args: str | Path) -> Any:
    import shutil
    import subprocess
    import sys

    exe = shutil.which("graphkit", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "graphkit"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def org_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("org")
    generate(2000, seed=6, out=folder)
    return folder


@pytest.mark.parametrize("fmt", ["json", "markdown", "table"])
@pytest.mark.parametrize("top", [None, "7"])
def test_cli_engines_print_the_same(org_folder: Path, fmt: str, top: str | None,
                                    tmp_path: Path) -> None:
    outputs = {}
    for engine in ("compact", "reference", "auto"):
        out = tmp_path / f"{engine}.out"
        args = ["whatif", org_folder, "--rank", "-f", fmt, "-o", out, "--as-of",
                AS_OF.isoformat(), "--engine", engine]
        run = _graphkit(*args, *(["--top", top] if top else []))
        assert run.returncode == 0, run.stderr
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["compact"] == outputs["reference"] == outputs["auto"]
    assert "p0" in outputs["compact"]


def test_cli_engines_on_a_yaml_model() -> None:
    model = ROOT / "examples" / "northwind" / "model.yaml"
    runs = [_graphkit("whatif", model, "--rank", "-f", "json", "--as-of", "2026-06-01",
                      "--engine", engine) for engine in ("compact", "reference")]
    assert [r.returncode for r in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout
    assert '"cwood"' in runs[0].stdout


def test_cli_compact_engine_reports_the_same_errors(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id,status\nann,active\nbob,gone\n",
                                         encoding="utf-8")
    (tmp_path / "assignments.csv").write_text("person,role\nann,nosuchrole\n",
                                              encoding="utf-8")
    runs = [_graphkit("whatif", tmp_path, "--rank", "--engine", engine)
            for engine in ("compact", "reference")]
    assert [r.returncode for r in runs] == [2, 2]
    assert runs[0].stderr == runs[1].stderr
    assert "nosuchrole" in runs[0].stderr and "gone" in runs[0].stderr


def test_cli_compact_engine_is_for_rank_only(org_folder: Path) -> None:
    run = _graphkit("whatif", org_folder, "-w", "person:p0000001", "--engine", "compact")
    assert run.returncode == 2
    assert "--engine compact answers --rank only" in run.stderr


@pytest.mark.parametrize("chunk", [1000, 1 << 18])
def test_hash_lookup_is_the_string_join(org_folder: Path, chunk: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every party reference of a generated folder finds the same code by hash as by
    joining the strings (and a reference to nobody finds none), the values taken in
    one chunk or in several."""
    import polars as pl

    from graphkit.compact import index as hashing
    from graphkit.compact.index import lookup as _lookup
    from graphkit.compact.index import lookup_strings as _lookup_strings

    monkeypatch.setattr(hashing, "_CHUNK", chunk)

    frames = folder_frames(org_folder)
    assert frames is not None
    keys = pl.concat([frames.people["id"].map_elements(lambda i: f"person:{i}",
                                                       return_dtype=pl.String),
                      frames.roles["id"].map_elements(lambda i: f"role:{i}",
                                                      return_dtype=pl.String)])
    values = pl.concat([frames.assets["custodians"].explode(), frames.duties["accountable"]
                        .explode(), pl.Series(["person:nobody", None], dtype=pl.String)])
    by_hash = _lookup(values, keys)
    assert by_hash.tolist() == _lookup_strings(values, keys).tolist()
    assert (by_hash[:-2] >= 0).all() and by_hash[-2:].tolist() == [-1, -1]


def _weak_hash(first: str) -> Any:
    """A stand-in for ``index._hash`` whose first hash (seed ``_SEED``) is a string's
    length (every key's home slot 0: long collision chains; equal lengths: equal
    hashes) when ``first`` is "length", else polars' hash; the check hash is untouched."""
    import polars as pl

    from graphkit.compact import index as hashing

    real = hashing._hash

    def weak(strings: pl.Series, seed: int) -> np.ndarray:
        if seed == hashing._SEED and first == "length":
            return strings.str.len_bytes().fill_null(0).cast(pl.UInt64).to_numpy()
        return real(strings, seed)

    return weak


@pytest.mark.parametrize(("keys", "values"), [
    # distinct lengths: one hash each, all in one collision chain from slot 0, walked
    (["a", "bb", "ccc", "dddd", "eeeee"],
     ["eeeee", "a", "dddd", None, "ccc", "bb", "", "ffffff"]),
    # ... and values that share a key's hash ("zz", "q"): the check hash refuses them
    (["a", "bb", "ccc", "dddd", "eeeee"],
     ["eeeee", "a", "zz", "dddd", None, "ccc", "bb", "q", "", "ffffff"]),
    # equal lengths: the keys' hashes are not distinct, the strings are joined
    (["ab", "cd", "e"], ["cd", "ab", "xy", "e", None]),
])
@pytest.mark.parametrize("chunk", [3, 1 << 18])
def test_lookup_falls_back_on_colliding_hashes(keys: list[str], values: list[str | None],
                                               chunk: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A first hash shared by two keys, or by a value and a key it is not, never gives a
    wrong position: the chain is walked, the check hash refuses the false match, or the
    strings are joined (whichever chunk of the values it is in)."""
    import polars as pl

    from graphkit.compact import index as hashing

    monkeypatch.setattr(hashing, "_hash", _weak_hash("length"))
    monkeypatch.setattr(hashing, "_CHUNK", chunk)
    k, v = pl.Series(keys, dtype=pl.String), pl.Series(values, dtype=pl.String)
    want = [keys.index(x) if x in keys else -1 for x in values]
    assert hashing.lookup(v, k).tolist() == want
    assert hashing.lookup_strings(v, k).tolist() == want


def test_lookup_by_index_is_reused() -> None:
    import polars as pl

    from graphkit.compact.index import Index as _Index

    index = _Index(pl.Series([f"k{i}" for i in range(1000)]))
    assert index.find(pl.Series(["k999", "k0", "k1000"])).tolist() == [999, 0, -1]
    assert index.find(pl.Series(["k5"] * 3)).tolist() == [5, 5, 5]
    assert _Index(pl.Series([], dtype=pl.String)).find(pl.Series(["a"])).tolist() == [-1]


def test_argsort_by_matches_lexsort_on_either_path() -> None:
    from graphkit.compact.tables import _argsort_by

    rng = np.random.default_rng(8)
    a, b, c = (rng.integers(0, 5, 400) for _ in range(3))
    want = np.lexsort((c, b, a)).tolist()
    assert _argsort_by((a, 5), (b, 5), (c, 5)).tolist() == want  # one integer key
    assert _argsort_by((a, 2 ** 40), (b, 2 ** 40), (c, 5)).tolist() == want  # lexsort


def test_lookup_gives_up_long_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids crafted to share their hashes' top bits (one long chain of keys, or a long
    run of occupied slots a value must walk past) cost no quadratic walk: past
    ``_MAX_WALK`` slots the strings are joined, and the answer is the same."""
    import polars as pl

    from graphkit.compact import index as hashing

    keys = [f"k{i}" for i in range(3 * hashing._MAX_WALK)]
    values = ["k150", "nobody", "k0", None, "k191"]
    want = [keys.index(v) if v in keys else -1 for v in values]
    real = hashing._hash
    bits = (4 * len(keys)).bit_length()  # the table's size, as _Index picks it

    def chained(strings: pl.Series, seed: int) -> np.ndarray:  # every key at slot 0
        if seed != hashing._SEED:
            return real(strings, seed)
        return np.array([keys.index(s) if s in keys else 10 ** 6 for s in strings],
                        dtype=np.uint64)

    def packed(strings: pl.Series, seed: int) -> np.ndarray:  # one key per slot, in a row
        if seed != hashing._SEED:
            return real(strings, seed)
        return np.array([(keys.index(s) << (64 - bits)) if s in keys else 1
                         for s in strings], dtype=np.uint64)

    for weak in (chained, packed):
        monkeypatch.setattr(hashing, "_hash", weak)
        index = hashing.Index(pl.Series(keys))
        assert index._exact is (weak is packed)  # packed: the keys themselves never walk
        assert index.find(pl.Series(values, dtype=pl.String)).tolist() == want
