"""Small generated models for the what-if, rank and diff property tests (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

AS_OF = "2026-06-01"
_VALIDITY = {  # (from, until) of an assignment or delegation, seen from AS_OF
    "open": (None, None),
    "current": ("2026-01-01", "2026-12-31"),
    "ended": ("2025-01-01", "2026-03-31"),
    "future": ("2026-09-01", None),
}


@st.composite
def raw_models(draw: st.DrawFn, max_people: int = 5) -> dict[str, Any]:
    """Plain data of a small valid model: people of every status, roles with inheritance,
    deputies, assignments valid or not on AS_OF, items of every kind and criticality with
    role or person owners, delegations of every validity, one SoD rule."""
    n_people = draw(st.integers(1, max_people))
    n_roles = draw(st.integers(1, 4))
    people = [{"id": f"p{i}",
               "status": draw(st.sampled_from(["active", "active", "active", "absent",
                                               "leaver"]))} for i in range(n_people)]
    roles: list[dict[str, Any]] = []
    for j in range(n_roles):
        role: dict[str, Any] = {"id": f"r{j}", "authority": draw(st.integers(1, 5)),
                                "critical": draw(st.booleans())}
        parents = draw(st.sets(st.integers(0, j - 1), max_size=2)) if j else set()
        if parents:
            role["inherits"] = [f"r{k}" for k in sorted(parents)]
        if draw(st.booleans()):
            role["min_holders"] = draw(st.integers(0, 3))
        if not draw(st.integers(0, 4)):
            role["delegable"] = False
        roles.append(role)
    person_refs = [f"person:p{i}" for i in range(n_people)]
    role_refs = [f"role:r{j}" for j in range(n_roles)]
    parties = st.sampled_from(person_refs + role_refs + role_refs)

    assignments = []
    for _ in range(draw(st.integers(0, 8))):
        start, end = _VALIDITY[draw(st.sampled_from(list(_VALIDITY)))]
        a: dict[str, Any] = {"person": f"p{draw(st.integers(0, n_people - 1))}",
                             "role": f"r{draw(st.integers(0, n_roles - 1))}",
                             "deputy": draw(st.booleans())}
        if start:
            a["from"] = start
        if end:
            a["until"] = end
        assignments.append(a)

    levels = st.sampled_from(["low", "medium", "high", "critical"])
    owners = st.one_of(st.none(), parties, st.lists(parties, min_size=2, max_size=2,
                                                    unique=True))
    assets = [{"id": f"a{k}", "criticality": draw(levels), "owner": draw(owners),
               "custodians": draw(st.lists(parties, max_size=2, unique=True))}
              for k in range(draw(st.integers(0, 3)))]
    risks = [{"id": f"k{k}", "level": draw(levels), "owner": draw(owners)}
             for k in range(draw(st.integers(0, 2)))]
    duties = [{"id": f"d{k}", "criticality": draw(levels), "accountable": draw(owners),
               "responsible": draw(st.lists(parties, max_size=2, unique=True))}
              for k in range(draw(st.integers(0, 3)))]
    scopes = ([f"asset:a{k}" for k in range(len(assets))]
              + [f"risk:k{k}" for k in range(len(risks))]
              + [f"duty:d{k}" for k in range(len(duties))])
    delegations = []
    if scopes:
        for n in range(draw(st.integers(0, 4))):
            start, end = _VALIDITY[draw(st.sampled_from(list(_VALIDITY)))]
            d: dict[str, Any] = {"id": f"D{n}", "from": draw(parties), "to": draw(parties),
                                 "scope": draw(st.sampled_from(scopes))}
            if start:
                d["from_date"] = start
            if end:
                d["until"] = end
            delegations.append(d)
    policy: dict[str, Any] = {"max_delegation_depth": draw(st.integers(0, 2))}
    if len(duties) >= 2 and draw(st.booleans()):
        policy["sod"] = [{"id": "S1", "members": ["duty:d0", "duty:d1"]}]
    return {"people": people, "roles": roles, "assignments": assignments, "assets": assets,
            "risks": risks, "duties": duties, "delegations": delegations, "policy": policy}
