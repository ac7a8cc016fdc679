"""Reports to render: real findings made as checks make them, a catalogue of checks, and a
name written to break every output format."""

from __future__ import annotations

from graphkit.findings import Check, Edge, Evidence, Finding, Severity

HOSTILE = "Eve | *bold* <script>alert(1)</script> `tick` [x](http://evil) [bold red]boom[/]"


def _no_findings(ctx: object) -> list[Finding]:
    return []


CATALOGUE = (
    Check(id="delegation-cycle", title="Delegation cycle", severity=Severity.high,
          iso=("A.5.2",), remediation="Break the cycle: end one delegation of the loop.",
          family="delegation", find=_no_findings,
          description="Delegations of one scope that return to where they began."),
    Check(id="sod-conflict", title="Segregation-of-duties conflict", severity=Severity.high,
          iso=("A.5.3",), remediation="Reassign one member of the rule to someone else.",
          family="sod", find=_no_findings),
    Check(id="vacant-role", title="Vacant role", severity=Severity.medium,
          iso=("A.5.2",), remediation="Assign holders (or deputies) up to min_holders.",
          family="roles", find=_no_findings),
    Check(id="not-acknowledged", title="Role description not acknowledged",
          severity=Severity.low, iso=("7.3", "7.4", "A.5.2"),
          remediation="Have each holder acknowledge the current version.",
          family="roles", find=_no_findings),
    Check(id="orphan-item", title="Item with no accountable owner", severity=Severity.medium,
          iso=("A.5.9", "A.5.2", "6.1.3"), remediation="Name one accountable owner.",
          family="ownership", find=_no_findings),
)


def make_findings() -> list[Finding]:
    cycle = Evidence(label="cycle", edges=[
        Edge(u="person:alice", v="person:bob", kind="delegation", key="delegation:D-1",
             source="acme.yaml:80"),
        Edge(u="person:bob", v="person:alice", kind="delegation", key="delegation:D-2",
             source="acme.yaml:85")])
    sod = [Evidence(label="duty:request-access", edges=[
        Edge(u="person:carol", v="role:it-ops", kind="holds"),
        Edge(u="role:it-ops", v="duty:request-access", kind="responsible")]),
        Evidence(label="duty:approve-access", edges=[
            Edge(u="person:carol", v="duty:approve-access", kind="responsible")])]
    return [
        Finding.make("delegation-cycle", Severity.high, title="Delegation cycle",
                     message="person:alice -> person:bob -> person:alice for duty:access-review",
                     subjects=["person:bob", "person:alice"], iso=["A.5.2"], evidence=[cycle]),
        Finding.make("sod-conflict", Severity.critical, title="Segregation-of-duties conflict",
                     message="carol holds 2 of SOD-01 (max 1)", subjects=["person:carol"],
                     iso=["A.5.3"], evidence=sod),
        Finding.make("vacant-role", Severity.medium, title="Vacant role",
                     message="role ism has 1 holder who can act, needs 2",
                     subjects=["role:ism"], iso=["A.5.2"]),
        Finding.make("not-acknowledged", Severity.low, title="Role description not acknowledged",
                     message="dave has not acknowledged ism v3", subjects=["person:dave"],
                     iso=["7.3", "7.4", "A.5.2"]),
        Finding.make("orphan-item", Severity.info, title="Item with no accountable owner",
                     message="asset:wiki has no owner", subjects=["asset:wiki"],
                     iso=["A.5.9", "A.5.2", "6.1.3"]).model_copy(
                         update={"suppressed": True, "suppressed_by": "carol"}),
    ]

