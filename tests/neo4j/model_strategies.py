"""Hypothesis strategies for valid models, with hostile text everywhere text may go.

:func:`model_data` draws the plain data of a valid model (the dict a YAML file holds):
ids with quotes, backticks, braces, spaces, colons and any script; names and
descriptions with newlines and NUL as well; every optional field sometimes present,
sometimes absent; references only to what exists (``reports_to`` may also dangle, as
the model allows). Pass it through :func:`graphkit.model.validate_model`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

__all__ = ["HOSTILE", "model_data"]

#: Text that breaks naive Cypher, JSON, CSV or HTML handling.
HOSTILE = [
    "O'Brien", 'say "hi"', "back`tick`", "{braces}", "$param", "a\\b", "MATCH (n) DETACH DELETE n",
    "}) RETURN 1 //", "' OR 1=1 --", "<script>alert(1)</script>", "Zoë Ångström", "東京",
    "emoji 🔐", "RETURN", "null", "true", "10", "a:b", "x|y", "tab\there",
]

_KINDS = ("person", "role", "asset", "risk", "duty")
# no surrogates (not encodable), no control characters (not allowed in ids)
_ID_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";")
_TEXT_CHARS = st.characters(blacklist_categories=("Cs",))


def _is_plain_id(s: str) -> bool:
    # an id that reads like a reference to another kind ("role:x" as a person's id) is
    # ambiguous in the model format itself; leave those to the model's own tests
    head, sep, _ = s.partition(":")
    return bool(s) and s == s.strip() and not (sep and head in _KINDS)


ids = st.one_of(st.sampled_from([h for h in HOSTILE if ";" not in h and "\t" not in h]),
                st.text(_ID_CHARS, min_size=1, max_size=10)).map(str.strip).filter(_is_plain_id)
texts = st.one_of(st.sampled_from(HOSTILE), st.text(_TEXT_CHARS, max_size=20),
                  st.just("line one\nline two\r\n"))
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)
criticality = st.sampled_from(["low", "medium", "high", "critical"])


def _maybe(draw: Any, strategy: st.SearchStrategy[Any]) -> Any:
    return draw(st.one_of(st.none(), strategy))


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        d[key] = value


@st.composite
def model_data(draw: Any, max_people: int = 6) -> dict[str, Any]:
    """The plain data of a valid model (no organisation: the caller adds one)."""
    people_ids = draw(st.lists(ids, min_size=1, max_size=max_people, unique=True))
    role_ids = draw(st.lists(ids, max_size=4, unique=True))
    asset_ids = draw(st.lists(ids, max_size=3, unique=True))
    risk_ids = draw(st.lists(ids, max_size=3, unique=True))
    duty_ids = draw(st.lists(ids, max_size=3, unique=True))
    every_id = {*people_ids, *role_ids, *asset_ids, *risk_ids, *duty_ids}
    dangling = ids.filter(lambda i: i not in every_id)  # names nobody in the model
    parties = [f"person:{i}" for i in people_ids] + [f"role:{i}" for i in role_ids]
    party = st.sampled_from(parties)
    party_lists = st.lists(party, max_size=3)

    people = []
    for pid in people_ids:
        p: dict[str, Any] = {"id": pid}
        _put(p, "name", _maybe(draw, texts))
        _put(p, "status", _maybe(draw, st.sampled_from(["active", "absent", "leaver"])))
        _put(p, "reports_to", _maybe(draw, st.one_of(st.sampled_from(people_ids), dangling)))
        _put(p, "department", _maybe(draw, texts))
        comps = draw(st.lists(st.fixed_dictionaries({"id": ids}, optional={"expires": dates}),
                              max_size=3))
        if comps:
            p["competencies"] = comps
        if role_ids:
            acks = draw(st.lists(st.fixed_dictionaries(
                {"role": st.sampled_from(role_ids), "version": st.integers(1, 9)}), max_size=2))
            if acks:
                p["acknowledged"] = acks
        people.append(p)

    roles = []
    for n, rid in enumerate(role_ids):
        r: dict[str, Any] = {"id": rid}
        for key, strategy in (("name", texts), ("description", texts),
                              ("version", st.integers(1, 9)), ("authority", st.integers(1, 5)),
                              ("critical", st.booleans()), ("min_holders", st.integers(0, 3)),
                              ("delegable", st.booleans()), ("department", texts)):
            _put(r, key, _maybe(draw, strategy))
        requires = draw(st.lists(ids, max_size=2))
        if requires:
            r["requires"] = requires
        if n:  # inherit only earlier roles: no cycles
            inherits = draw(st.lists(st.sampled_from(role_ids[:n]), max_size=2))
            if inherits:
                r["inherits"] = inherits
        _put(r, "reports_to", _maybe(draw, st.one_of(st.sampled_from(role_ids), dangling)))
        roles.append(r)

    assignments = []
    if role_ids:
        for _ in range(draw(st.integers(0, 6))):
            a: dict[str, Any] = {"person": draw(st.sampled_from(people_ids)),
                                 "role": draw(st.sampled_from(role_ids))}
            _put(a, "deputy", _maybe(draw, st.booleans()))
            _put(a, "from", _maybe(draw, dates))
            _put(a, "until", _maybe(draw, dates))
            assignments.append(a)

    assets = []
    for aid in asset_ids:
        a = {"id": aid}
        _put(a, "name", _maybe(draw, texts))
        _put(a, "criticality", _maybe(draw, criticality))
        owners = draw(st.lists(party, max_size=2))
        if owners:
            a["owner"] = owners if len(owners) > 1 else owners[0]
        custodians = draw(party_lists)
        if custodians:
            a["custodians"] = custodians
        assets.append(a)

    risks = []
    for kid in risk_ids:
        k: dict[str, Any] = {"id": kid}
        _put(k, "title", _maybe(draw, texts))
        _put(k, "level", _maybe(draw, criticality))
        owners = draw(st.lists(party, max_size=2))
        if owners:
            k["owner"] = owners
        _put(k, "treatment", _maybe(draw, st.sampled_from(["accept", "mitigate", "transfer",
                                                            "avoid"])))
        _put(k, "accepted_by", _maybe(draw, st.sampled_from(people_ids)))
        _put(k, "accepted_on", _maybe(draw, dates))
        if asset_ids:
            affected = draw(st.lists(st.sampled_from(asset_ids), max_size=3))
            if affected:
                k["assets"] = affected
        risks.append(k)

    duties = []
    for did in duty_ids:
        d: dict[str, Any] = {"id": did}
        _put(d, "name", _maybe(draw, texts))
        controls = draw(st.lists(ids, max_size=2))
        if controls:
            d["controls"] = controls
        _put(d, "criticality", _maybe(draw, criticality))
        _put(d, "authority", _maybe(draw, st.integers(1, 5)))
        requires = draw(st.lists(ids, max_size=2))
        if requires:
            d["requires"] = requires
        accountable = draw(st.lists(party, max_size=2))
        if accountable:
            d["accountable"] = accountable
        for field in ("responsible", "consulted", "informed"):
            chosen = draw(party_lists)
            if chosen:
                d[field] = chosen
        duties.append(d)

    scopes = ([f"asset:{i}" for i in asset_ids] + [f"risk:{i}" for i in risk_ids]
              + [f"duty:{i}" for i in duty_ids])
    delegations = []
    if scopes:
        for did in draw(st.lists(ids, max_size=3)):  # delegation ids may repeat
            g: dict[str, Any] = {"id": did, "from": draw(party), "to": draw(party),
                                 "scope": draw(st.sampled_from(scopes))}
            _put(g, "from_date", _maybe(draw, dates))
            _put(g, "until", _maybe(draw, dates))
            delegations.append(g)

    policy: dict[str, Any] = {}
    _put(policy, "max_delegation_depth", _maybe(draw, st.integers(0, 5)))
    _put(policy, "max_accountable_items", _maybe(draw, st.integers(0, 50)))
    acceptance = draw(st.dictionaries(criticality, st.integers(1, 5), max_size=4))
    if acceptance:
        policy["acceptance_authority"] = acceptance
    members = [f"role:{i}" for i in role_ids] + [f"duty:{i}" for i in duty_ids]
    if len(members) >= 2:
        rules = []
        for sid in draw(st.lists(ids, max_size=2, unique=True)):
            rule: dict[str, Any] = {"id": sid, "members": draw(st.lists(
                st.sampled_from(members), min_size=2, max_size=3))}
            _put(rule, "name", _maybe(draw, texts))
            _put(rule, "max", _maybe(draw, st.integers(1, 3)))
            rules.append(rule)
        if rules:
            policy["sod"] = rules
    exceptions = []
    for _ in range(draw(st.integers(0, 2))):
        e: dict[str, Any] = {"finding": draw(texts.filter(bool)), "reason": draw(texts.filter(bool)),
                             "approved_by": draw(st.sampled_from(people_ids))}
        _put(e, "expires", _maybe(draw, dates))
        exceptions.append(e)
    if exceptions:
        policy["exceptions"] = exceptions

    return {"people": people, "roles": roles, "assignments": assignments, "assets": assets,
            "risks": risks, "duties": duties, "delegations": delegations, "policy": policy}
