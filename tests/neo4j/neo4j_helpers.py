"""What the tests read from the database themselves, independently of the loader's queries."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import neo4j

from graphkit.model import Model, validate_model

__all__ = ["SMALL", "Snapshot", "shrunk_model", "small_model", "snapshot"]

#: A small hand-written model that uses every field of the format.
SMALL: dict[str, Any] = {
    "people": [
        {"id": "alice", "name": "Alice Smith", "reports_to": "bob", "department": "Security",
         "competencies": [{"id": "iso27001-li", "expires": "2027-03-01"}, {"id": "cissp"}],
         "acknowledged": [{"role": "ism", "version": 3}]},
        {"id": "bob", "reports_to": "ceo-outside-scope"},
        {"id": "tom", "status": "absent"},
        {"id": "dave", "name": "Dave"},
        {"id": "carol", "status": "leaver"},
    ],
    "roles": [
        {"id": "ism", "name": "Information Security Manager", "description": "Leads the ISMS.",
         "version": 3, "authority": 4, "critical": True, "min_holders": 2,
         "requires": ["iso27001-li"], "inherits": ["staff"], "delegable": True,
         "reports_to": "cio", "department": "Security"},
        {"id": "staff"},
        {"id": "it-ops", "reports_to": "ism", "delegable": False},
    ],
    "assignments": [
        {"person": "alice", "role": "ism", "from": "2024-01-01"},
        {"person": "tom", "role": "ism", "deputy": True},
        {"person": "alice", "role": "ism", "from": "2020-01-01", "until": "2023-12-31"},
        {"person": "dave", "role": "it-ops"},
    ],
    "assets": [{"id": "crm", "name": "Customer database", "criticality": "high",
                "owner": "role:ism", "custodians": ["role:it-ops", "person:dave"]},
               {"id": "wiki"}],
    "risks": [{"id": "R-12", "title": "Ransomware on the CRM", "level": "high",
               "owner": ["role:ism", "person:carol"], "treatment": "accept",
               "accepted_by": "carol", "accepted_on": "2026-05-01", "assets": ["crm"]}],
    "duties": [{"id": "access-review", "name": "Quarterly access review",
                "controls": ["A.5.18"], "criticality": "high", "authority": 3,
                "requires": ["iam-admin"], "accountable": "role:ism",
                "responsible": ["role:it-ops"], "consulted": ["person:dave"],
                "informed": ["role:staff", "role:staff"]}],
    "delegations": [{"id": "D-7", "from": "alice", "to": "dave", "scope": "duty:access-review",
                     "from_date": "2026-01-01", "until": "2026-12-31"},
                    {"id": "D-8", "from": "role:it-ops", "to": "person:tom",
                     "scope": "asset:crm"}],
    "policy": {"max_delegation_depth": 3,
               "sod": [{"id": "SOD-01", "name": "Request and approve",
                        "members": ["duty:access-review", "role:ism"], "max": 1}],
               "exceptions": [{"finding": "abc123", "reason": "accepted by the board",
                               "approved_by": "carol", "expires": "2027-01-01"}]},
}


def shrunk_model(org: str) -> Any:
    """The small model after tom left, the second alice assignment ended, crm changed owner,
    the wiki and D-8 went, and a duty's informed list lost a duplicate."""
    data = {k: v for k, v in SMALL.items()}
    data["people"] = [p for p in SMALL["people"] if p["id"] != "tom"]
    data["assignments"] = [SMALL["assignments"][0], SMALL["assignments"][3]]
    data["assets"] = [{**SMALL["assets"][0], "owner": "person:dave", "custodians": ["dave"]}]
    data["duties"] = [{**SMALL["duties"][0], "informed": ["role:staff"]}]
    data["delegations"] = SMALL["delegations"][:1]
    data["policy"] = {"max_delegation_depth": 3}
    return validate_model({"organisation": {"id": org, "name": "Acme Ltd"}, **data})


def small_model(org: str, name: str | None = "Acme Ltd") -> Model:
    organisation = {"id": org} if name is None else {"id": org, "name": name}
    return validate_model({"organisation": organisation, **SMALL})


class Snapshot:
    """Every node and relationship of one organisation, read with plain Cypher."""

    def __init__(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
        self.nodes = nodes
        self.edges = edges

    def labels(self) -> Counter[str]:
        return Counter(label for n in self.nodes for label in n["labels"])

    def types(self) -> Counter[str]:
        return Counter(e["type"] for e in self.edges)

    def node(self, label: str, id_: str) -> dict[str, Any]:
        (found,) = [n["props"] for n in self.nodes if label in n["labels"]
                    and n["props"].get("id") == id_]
        return found  # type: ignore[no-any-return]

    def content(self) -> tuple[list[str], list[str]]:
        """Everything, element ids included, in a comparable form."""
        return (sorted(json.dumps(n, sort_keys=True) for n in self.nodes),
                sorted(json.dumps(e, sort_keys=True) for e in self.edges))


def snapshot(driver: neo4j.Driver, database: str, org: str) -> Snapshot:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE n.org = $org OR (n:Organisation AND n.id = $org) "
        "RETURN labels(n) AS labels, elementId(n) AS eid, properties(n) AS props",
        {"org": org}, database_=database)
    edges, _, _ = driver.execute_query(
        "MATCH (a)-[e]->(b) WHERE a.org = $org "
        "RETURN type(e) AS type, elementId(e) AS eid, labels(a) AS a_labels, a.id AS a, "
        "labels(b) AS b_labels, b.id AS b, properties(e) AS props",
        {"org": org}, database_=database)
    return Snapshot([r.data() for r in nodes], [r.data() for r in edges])
