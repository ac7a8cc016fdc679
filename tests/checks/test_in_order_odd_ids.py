"""The checks that claim ``in_order`` yield the runner's order also when every id sorts
oddly and no section is in id order, and they still say what the reference readings say.

The random models of ``test_fast_readings`` give odd ids to people only; their roles,
assets, risks and duties are ``r0``, ``a0``, ``k0``, ``d0``..., in id order. Here each
model is redrawn with those ids replaced by odd ones (a colon, non-ASCII, a space, a
quote, digits, capitals; the same id for an asset, a risk and a duty) and its roles,
people, assets, risks and duties shuffled, so that a check yielding in model order, or
comparing ids where the subjects differ (``asset:`` < ``duty:`` < ``person:`` <
``risk:`` < ``role:``), is caught. Every finding is compared whole with the reference's,
in the runner's order (:func:`graphkit.runner._ordered`).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from test_fast_readings import AS_OFS, PAIRS, random_data

from graphkit.model import validate_model
from graphkit.queries.registry import CHECKS, get_check
from graphkit.runner import _ordered, in_order
from graphkit.semantics import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scale"))
from test_accountability_reference import FAST, REFERENCE  # noqa: E402

#: Ids that sort oddly; ``_odd`` gives roles and each kind of item some of them.
ODD_IDS = ["a:b", "Zoë", "東京", "x y", "O'Brien", "A", "_", "10", "z", "9", "a", "Ab",
           "ä", "-", "~", "a b", "Z"]
ITEM_KINDS = ("asset", "risk", "duty")
SECTIONS = {"asset": "assets", "risk": "risks", "duty": "duties"}


def _odd(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``data`` with odd ids for its roles and items (every reference to them
    followed), its roles, people and items in shuffled order, and a low
    ``max_accountable_items`` (so that ``overload`` fires)."""
    names = {"role": dict(zip([r["id"] for r in data["roles"]],
                              rng.sample(ODD_IDS, k=len(data["roles"])), strict=True))}
    for kind in ITEM_KINDS:
        rows = data[SECTIONS[kind]]
        names[kind] = dict(zip([e["id"] for e in rows], rng.sample(ODD_IDS, k=len(rows)),
                               strict=True))

    def role(rid: str) -> str:
        return names["role"].get(rid, rid)  # an unknown post stays unknown

    def refer(r: str) -> str:
        kind, _, rid = r.partition(":")
        return f"{kind}:{names[kind][rid]}" if kind in names else r

    def refs(rs: list[str]) -> list[str]:
        return [refer(r) for r in rs]

    out = {**data, "policy": {**data["policy"], "max_accountable_items": rng.randint(0, 2)}}
    out["roles"] = [{**r, "id": role(r["id"]), "inherits": [role(p) for p in r["inherits"]],
                     **({"reports_to": role(r["reports_to"])} if "reports_to" in r else {})}
                    for r in data["roles"]]
    out["people"] = [{**p, "acknowledged": [{**a, "role": role(a["role"])}
                                            for a in p["acknowledged"]]}
                     for p in data["people"]]
    out["assignments"] = [{**a, "role": role(a["role"])} for a in data["assignments"]]
    out["assets"] = [{**a, "id": names["asset"][a["id"]], "owner": refs(a["owner"]),
                      "custodians": refs(a["custodians"])} for a in data["assets"]]
    out["risks"] = [{**k, "id": names["risk"][k["id"]], "owner": refs(k["owner"])}
                    for k in data["risks"]]
    out["duties"] = [{**d, "id": names["duty"][d["id"]], "accountable": refs(d["accountable"]),
                      "responsible": refs(d["responsible"])} for d in data["duties"]]
    out["delegations"] = [{**d, "from": refer(d["from"]), "to": refer(d["to"]),
                           "scope": refer(d["scope"])} for d in data["delegations"]]
    out["policy"]["sod"] = [{**s, "members": refs(s["members"])}
                            for s in data["policy"]["sod"]]
    for section in ("roles", "people", "assets", "risks", "duties"):
        rng.shuffle(out[section])
    return out


def _assert_reference_readings(ctx: Context) -> None:
    """Every check compared with a reference (the rewritten role, delegation, SoD,
    risk and reporting checks, and the accountability checks) gives the reference's
    findings in the runner's order: as they come for a check claiming ``in_order``,
    once ordered by the runner for the others (a ranked check's own order is held by
    the tests of its family)."""
    pairs = [(cid, reference, rewritten) for cid, reference, rewritten in PAIRS]
    pairs += [(cid, REFERENCE[cid], FAST[cid]) for cid in REFERENCE]
    for cid, reference, rewritten in pairs:
        check = get_check(cid)
        if check.ranked:
            continue
        want = [f.model_dump(mode="json") for f in _ordered(check, reference(ctx))]
        found = list(rewritten(ctx))
        got = found if check.in_order else _ordered(check, found)
        assert [f.model_dump(mode="json") for f in got] == want, (cid, ctx.as_of)


@pytest.mark.parametrize("seed", range(150))
def test_odd_ids_in_no_order_give_the_reference_findings_in_the_runners_order(
        seed: int) -> None:
    model = validate_model(_odd(random_data(seed), random.Random(seed)))
    for as_of in AS_OFS:
        ctx = Context.build(model, as_of)
        for check in CHECKS:
            if check.in_order:
                assert in_order([f.subjects for f in check.find(ctx)]), (check.id, as_of)
        _assert_reference_readings(ctx)


def test_the_odd_models_are_odd_and_reach_the_checks() -> None:
    """The comparison above is not vacuous: the models hold ids out of order in every
    section, and the checks claiming ``in_order`` find something on them."""
    found: dict[str, int] = {}
    unordered: set[str] = set()
    for seed in range(150):
        data = _odd(random_data(seed), random.Random(seed))
        for section in ("roles", "assets", "risks", "duties"):
            ids = [e["id"] for e in data[section]]
            if ids != sorted(ids):
                unordered.add(section)
        ctx = Context.build(validate_model(data), AS_OFS[0])
        for check in CHECKS:
            if check.in_order:
                found[check.id] = found.get(check.id, 0) + sum(1 for _ in check.find(ctx))
    assert unordered == {"roles", "assets", "risks", "duties"}
    assert {c for c, n in found.items() if n < 5} == set(), found
