"""The cheap constructors of findings and evidence build what validation builds.

``Finding.make``, ``Edge.trusted`` and ``Evidence.trusted`` skip pydantic's validation
for values already of the right types and share one "fields given" set per class; these
tests compare them with the validated objects field by field, in JSON, and in what
pydantic says was set, and check that sharing the set cannot leak a change from one
object to another.
"""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import ValidationError

from graphkit.findings import Edge, Evidence, Finding, Severity, fingerprint


def _edge() -> Edge:
    return Edge.trusted("person:a", "role:x", "holds", "holds", "assignments.csv: row 2")


def test_trusted_edge_is_the_validated_edge() -> None:
    validated = Edge(u="person:a", v="role:x", kind="holds", key="holds",
                     source="assignments.csv: row 2")
    trusted = _edge()
    assert trusted == validated
    assert hash(trusted) == hash(validated)
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert list(trusted.__dict__) == list(validated.__dict__)
    assert trusted.model_fields_set == validated.model_fields_set == {
        "u", "v", "kind", "key", "source"}
    with pytest.raises(ValidationError):
        trusted.u = "person:b"  # type: ignore[misc]


def test_trusted_evidence_is_the_validated_evidence() -> None:
    e = _edge()
    validated = Evidence(label="a holds x", nodes=["person:a", "role:x"], edges=[e])
    trusted = Evidence.trusted("a holds x", ["person:a", "role:x"], [e])
    assert trusted == validated
    assert trusted.model_dump_json(indent=2) == validated.model_dump_json(indent=2)
    assert trusted.model_fields_set == validated.model_fields_set == {"label", "nodes",
                                                                      "edges"}


def test_make_builds_what_validation_builds() -> None:
    ev = Evidence(label="cycle", nodes=["person:a", "person:b"], edges=[_edge()])
    made = Finding.make("delegation-cycle", Severity.high, title="Delegation cycle",
                        message="a -> b -> a", subjects=["person:b", "person:a", "person:b"],
                        iso=["A.5.2"], evidence=[ev])
    validated = Finding(check="delegation-cycle", severity=Severity.high,
                        title="Delegation cycle", message="a -> b -> a",
                        subjects=["person:a", "person:b"], evidence=[ev], iso=["A.5.2"],
                        fingerprint=fingerprint("delegation-cycle", ["person:a", "person:b"]))
    assert made == validated
    assert made.model_dump_json(indent=2) == validated.model_dump_json(indent=2)
    assert made.model_fields_set == validated.model_fields_set
    assert made.suppressed is False and made.suppressed_by is None


def test_make_validates_what_is_not_already_typed() -> None:
    # a severity by name and evidence as a mapping are converted, as by validation
    made = Finding.make("orphan-item", "high", title="t", message="m",  # type: ignore[arg-type]
                        subjects=["asset:crm"], iso=("A.5.9",),
                        evidence=[{"label": "x", "nodes": ["asset:crm"]}])  # type: ignore[list-item]
    assert made.severity is Severity.high
    assert made.evidence == [Evidence(label="x", nodes=["asset:crm"])]
    with pytest.raises(ValidationError):
        Finding.make("orphan-item", "urgent", title="t", message="m",  # type: ignore[arg-type]
                     subjects=["asset:crm"], iso=[])
    with pytest.raises(ValidationError):
        Finding.make("orphan-item", Severity.high, title=3, message="m",  # type: ignore[arg-type]
                     subjects=["asset:crm"], iso=[])


def test_shared_fields_set_never_changes_another_object() -> None:
    a = Finding.make("vacant-role", Severity.high, title="t", message="m",
                     subjects=["role:x"], iso=[])
    b = Finding.make("vacant-role", Severity.high, title="t", message="m",
                     subjects=["role:y"], iso=[])
    before = set(b.model_fields_set)
    suppressed = a.model_copy(update={"suppressed": True, "suppressed_by": "person:boss"})
    assert {"suppressed", "suppressed_by"} <= suppressed.model_fields_set
    assert a.model_fields_set == before and b.model_fields_set == before
    for other in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert other == a and other.model_fields_set == before
    with pytest.raises(ValidationError):
        a.suppressed = True  # type: ignore[misc]
    assert "suppressed" not in b.model_fields_set


def test_make_shares_the_fields_set_of_validated_evidence() -> None:
    ev1 = Evidence(label="one", nodes=["role:x"])
    ev2 = Evidence(label="two", nodes=["role:y"])
    assert ev1.model_fields_set == {"label", "nodes"}
    Finding.make("vacant-role", Severity.high, title="t", message="m", subjects=["role:x"],
                 iso=[], evidence=[ev1, ev2])
    assert ev1.model_fields_set is ev2.model_fields_set
    assert ev1.model_fields_set == {"label", "nodes"}


def test_context_builds_each_evidence_edge_once() -> None:
    from datetime import date

    from graphkit.model import validate_model
    from graphkit.semantics import Context

    m = validate_model({
        "people": [{"id": "alice"}, {"id": "dave"}],
        "roles": [{"id": "ism", "inherits": ["staff"]}, {"id": "staff"}],
        "assignments": [{"person": "alice", "role": "ism"}],
        "assets": [{"id": "crm", "owner": "role:staff"}],
        "delegations": [{"id": "D-1", "from": "alice", "to": "dave", "scope": "asset:crm"}],
    }).with_sources({("assignments", 0): "m.yaml:9", ("roles", 0): "m.yaml:4",
                     ("assets", 0): "m.yaml:12", ("delegations", 0): "m.yaml:15"})
    ctx = Context.build(m, date(2026, 6, 1))
    h = ctx.holding("alice", "staff")
    assert h is not None
    first, again = ctx.holding_edges(h), ctx.holding_edges(h)
    assert first is not again  # a fresh list each time (route_edges extends it)
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert first == [
        Edge(u="person:alice", v="role:ism", kind="holds", key="holds", source="m.yaml:9"),
        Edge(u="role:ism", v="role:staff", kind="inherits", key="inherits",
             source="m.yaml:4")]
    route = ctx.acting_accountable("asset:crm")["alice"]
    edges = ctx.route_evidence(route).edges
    assert edges[0] is first[0] and edges[-1] is ctx.item_edge("role:staff", "asset:crm",
                                                               "owner")
    assert edges[-1] == Edge(u="role:staff", v="asset:crm", kind="owner", key="owner",
                             source="m.yaml:12")
    assert ctx.delegation_edge(0) is ctx.delegation_edge(0) == Edge(
        u="person:alice", v="person:dave", kind="delegation", key="delegation:D-1",
        source="m.yaml:15")
