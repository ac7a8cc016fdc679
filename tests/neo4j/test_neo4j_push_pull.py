"""push -> pull gives the identical model; pushing twice changes nothing; --replace removes
what is gone; organisations share a database without touching each other. Against a real
Bolt server (see conftest.py)."""

from __future__ import annotations

import uuid
from typing import Any

import neo4j
import pytest
from graphkit.loaders.neo4j import DEFAULT_ORG, drop, pull, push
from hypothesis import HealthCheck, given, settings
from model_strategies import HOSTILE, model_data
from neo4j_helpers import SMALL, shrunk_model, small_model, snapshot

from graphkit.errors import InputError, UsageError
from graphkit.model import validate_model


def test_small_model_round_trip(driver: neo4j.Driver, database: str, org: str) -> None:
    model = small_model(org)
    push(model, driver, database, batch_size=2)
    assert pull(driver, database, org) == model
    snap = snapshot(driver, database, org)
    assert snap.labels() == {"Organisation": 1, "Person": 5, "Role": 3, "Asset": 2, "Risk": 1,
                             "Duty": 1}
    assert snap.types() == {"HOLDS": 4, "INHERITS": 1, "REPORTS_TO": 2, "OWNER": 3,
                            "CUSTODIAN": 2, "ACCOUNTABLE": 1, "RESPONSIBLE": 1, "CONSULTED": 1,
                            "INFORMED": 2, "DELEGATES": 2, "ACCEPTED": 1, "AFFECTS": 1}


def test_layout_in_the_database(driver: neo4j.Driver, database: str, org: str) -> None:
    """What another tool sees: ISO date strings, lists as lists, parallel lists."""
    push(small_model(org), driver, database)
    snap = snapshot(driver, database, org)
    assert snap.node("Person", "alice") == {
        "org": org, "id": "alice", "seq": 0, "name": "Alice Smith", "status": "active",
        "reports_to": "bob", "department": "Security",
        "competency_ids": ["iso27001-li", "cissp"], "competency_expires": ["2027-03-01", ""],
        "acknowledged_roles": ["ism"], "acknowledged_versions": [3]}
    assert snap.node("Person", "bob")["reports_to"] == "ceo-outside-scope"
    assert snap.node("Risk", "R-12") == {"org": org, "id": "R-12", "seq": 0,
                                         "title": "Ransomware on the CRM", "level": "high",
                                         "treatment": "accept", "accepted_on": "2026-05-01"}
    (d7,) = [e for e in snap.edges if e["type"] == "DELEGATES" and e["props"]["id"] == "D-7"]
    assert (d7["a_labels"], d7["a"], d7["b_labels"], d7["b"]) == (["Person"], "alice",
                                                                  ["Person"], "dave")
    assert d7["props"]["scope"] == "duty:access-review"
    assert d7["props"]["from_date"] == "2026-01-01"
    reports = {(e["a"], e["b"]) for e in snap.edges if e["type"] == "REPORTS_TO"}
    assert reports == {("alice", "bob"), ("it-ops", "ism")}  # dangling ones: property only
    (organisation,) = [n["props"] for n in snap.nodes if "Organisation" in n["labels"]]
    assert organisation["name"] == "Acme Ltd" and organisation["declared"] is True


def _hostile_model(org: str) -> Any:
    ids = [h for h in HOSTILE if ";" not in h and "\t" not in h]
    names = HOSTILE + ["line one\nline two", "nul\x00byte", "}]->(x) DETACH DELETE x //"]
    people = [{"id": pid, "name": names[i % len(names)], "department": names[-1 - i % 5],
               "reports_to": ids[(i + 1) % len(ids)],
               "competencies": [{"id": ids[-1 - i % len(ids)], "expires": "2030-01-01"}]}
              for i, pid in enumerate(ids)]
    roles = [{"id": rid, "name": names[i], "description": "MATCH (n) DETACH DELETE n\n'`\"{}",
              "requires": [ids[i], ids[i + 1]], "reports_to": "role `cio`"}
             for i, rid in enumerate(ids[:6])]
    return validate_model({
        "organisation": {"id": org, "name": "O'Brien & {Sons} `Ltd`\nMATCH"},
        "people": people, "roles": roles,
        "assignments": [{"person": ids[i], "role": ids[i % 6]} for i in range(len(ids))],
        "assets": [{"id": "$rows", "name": "{props}", "owner": f"role:{ids[0]}",
                    "custodians": [f"person:{ids[1]}", f"role:{ids[2]}"]}],
        "risks": [{"id": "' OR 1=1 --", "owner": f"person:{ids[3]}", "accepted_by": ids[4],
                   "assets": ["$rows"]}],
        "duties": [{"id": "RETURN", "controls": names[:4], "accountable": f"role:{ids[1]}",
                    "responsible": [f"person:{i}" for i in ids[:4]]}],
        "delegations": [{"id": "}) RETURN 1 //", "from": f"person:{ids[0]}",
                         "to": f"role:{ids[5]}", "scope": "duty:RETURN"}],
        "policy": {"sod": [{"id": "`sod`", "name": "\"quoted\"",
                            "members": [f"role:{ids[0]}", "duty:RETURN"]}]},
    })


def test_hostile_names_round_trip(driver: neo4j.Driver, database: str, org: str) -> None:
    model = _hostile_model(org)
    push(model, driver, database, batch_size=3)
    assert pull(driver, database, org) == model
    snap = snapshot(driver, database, org)
    # names stayed data: no label or relationship type came from them
    assert set(snap.labels()) == {"Organisation", "Person", "Role", "Asset", "Risk", "Duty"}
    assert set(snap.types()) <= {"HOLDS", "INHERITS", "REPORTS_TO", "OWNER", "CUSTODIAN",
                                 "ACCOUNTABLE", "RESPONSIBLE", "CONSULTED", "INFORMED",
                                 "DELEGATES", "ACCEPTED", "AFFECTS"}
    assert snap.labels()["Person"] == len(model.people)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=model_data())
def test_generated_models_round_trip(driver: neo4j.Driver, database: str,
                                     data: dict[str, Any]) -> None:
    org = f"h-{uuid.uuid4().hex[:12]}"
    model = validate_model({"organisation": {"id": org}, **data})
    try:
        push(model, driver, database, batch_size=4)
        assert pull(driver, database, org) == model
    finally:
        drop(driver, database, org)


def test_model_without_organisation(driver: neo4j.Driver, database: str) -> None:
    drop(driver, database, DEFAULT_ORG)
    model = validate_model(SMALL)
    try:
        push(model, driver, database)
        pulled = pull(driver, database, DEFAULT_ORG)
        assert pulled.organisation is None
        assert pulled == model
    finally:
        drop(driver, database, DEFAULT_ORG)


def test_pushing_twice_changes_nothing(driver: neo4j.Driver, database: str, org: str) -> None:
    model = small_model(org)
    push(model, driver, database, batch_size=2)
    before = snapshot(driver, database, org)
    push(model, driver, database, batch_size=3)
    after = snapshot(driver, database, org)
    assert after.labels() == before.labels()
    assert after.types() == before.types()
    assert after.content() == before.content()  # same properties, same element ids
    push(model, driver, database, replace=True)
    assert snapshot(driver, database, org).content() == before.content()


def test_replace_removes_what_the_organisation_no_longer_has(
        driver: neo4j.Driver, database: str, org: str) -> None:
    push(small_model(org), driver, database)
    shrunk = shrunk_model(org)
    push(shrunk, driver, database, replace=True, batch_size=2)
    assert pull(driver, database, org) == shrunk
    snap = snapshot(driver, database, org)
    assert snap.labels() == {"Organisation": 1, "Person": 4, "Role": 3, "Asset": 1, "Risk": 1,
                             "Duty": 1}
    assert snap.types() == {"HOLDS": 2, "INHERITS": 1, "REPORTS_TO": 2, "OWNER": 3,
                            "CUSTODIAN": 1, "ACCOUNTABLE": 1, "RESPONSIBLE": 1, "CONSULTED": 1,
                            "INFORMED": 1, "DELEGATES": 1, "ACCEPTED": 1, "AFFECTS": 1}


def test_push_without_replace_keeps_what_is_gone(
        driver: neo4j.Driver, database: str, org: str) -> None:
    push(small_model(org), driver, database)
    push(shrunk_model(org), driver, database)
    pulled = pull(driver, database, org)
    assert {p.id for p in pulled.people} == {"alice", "bob", "tom", "dave", "carol"}
    assert {a.id for a in pulled.assets} == {"crm", "wiki"}
    (crm,) = [a for a in pulled.assets if a.id == "crm"]
    assert set(crm.owner) == {"role:ism", "person:dave"}  # added, not replaced
    assert {d.id for d in pulled.delegations} == {"D-7", "D-8"}


def test_organisations_share_a_database(driver: neo4j.Driver, database: str) -> None:
    one, two = f"o1-{uuid.uuid4().hex[:8]}", f"o2-{uuid.uuid4().hex[:8]}"
    first, second = small_model(one), shrunk_model(two)  # the same ids in both
    push(first, driver, database)
    push(second, driver, database)
    try:
        assert pull(driver, database, one) == first
        assert pull(driver, database, two) == second
        emptied = validate_model({"organisation": {"id": one}, "people": [{"id": "solo"}]})
        push(emptied, driver, database, replace=True)
        assert pull(driver, database, one) == emptied
        assert pull(driver, database, two) == second
    finally:
        drop(driver, database, one)
        drop(driver, database, two)


def test_pull_names_the_organisation(driver: neo4j.Driver, database: str, org: str) -> None:
    push(small_model(org), driver, database)
    with pytest.raises(InputError, match="no organisation 'nobody-here'"):
        pull(driver, database, "nobody-here")
    other = f"o3-{uuid.uuid4().hex[:8]}"
    push(small_model(other), driver, database)
    try:
        with pytest.raises(UsageError, match="several organisations"):
            pull(driver, database)
    finally:
        drop(driver, database, other)


def test_drop_leaves_nothing(driver: neo4j.Driver, database: str, org: str) -> None:
    push(small_model(org), driver, database)
    assert drop(driver, database, org) == 13  # 12 items and the organisation node
    snap = snapshot(driver, database, org)
    assert snap.nodes == [] and snap.edges == []
