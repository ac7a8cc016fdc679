"""trace: the accountable party stays; every delegation chain, with dates and judgement."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from checkfixtures import AS_OF, FIXTURES, load_fixture

from graphkit.errors import UsageError
from graphkit.queries.trace import Link, trace

CHAINS = FIXTURES / "trace" / "chains.yaml"


def flatten(links: list[Link], depth: int = 0) -> list[tuple[int, str, str | None]]:
    out = []
    for link in links:
        out.append((depth, link.delegation, link.note))
        out.extend(flatten(link.children, depth + 1))
    return out


def test_accountable_party_and_its_people() -> None:
    t = trace(load_fixture(CHAINS), "asset:crm", as_of=AS_OF)
    assert [(p.party, p.relation) for p in t.accountable] == [("role:sales-director", "owner")]
    people = [(p.person, p.deputy, p.can_act) for p in t.accountable[0].people]
    assert people == [("person:alice", False, True), ("person:tom", True, False)]
    assert [p.party for p in t.responsible] == ["role:it-ops"]
    assert t.acting == ["person:alice", "person:dave", "person:eve"]


def test_every_chain_once_with_cycles_marked() -> None:
    t = trace(load_fixture(CHAINS), "crm", as_of=AS_OF)
    assert flatten(t.chains) == [
        (0, "D-7", None), (1, "D-8", None), (2, "D-9", None), (3, "D-8", "cycle"),
        (2, "D-10", None), (3, "D-7", "cycle")]
    root = t.chains[0]
    assert root.side == "accountable" and root.in_force and root.founded
    d9 = root.children[0].children[0]
    assert d9.in_force is False and d9.founded is None


def test_lapsed_and_unfounded_links() -> None:
    from graphkit.model import validate_model

    m = validate_model({
        "people": [{"id": "ann"}, {"id": "bob"}, {"id": "cy"}],
        "roles": [{"id": "ops"}],
        "assignments": [{"person": "bob", "role": "ops"}],
        "duties": [{"id": "d", "accountable": "person:ann"}],
        "delegations": [
            {"id": "D-1", "from": "ann", "to": "role:ops", "scope": "duty:d"},
            {"id": "D-2", "from": "bob", "to": "cy", "scope": "duty:d",
             "until": "2026-05-31"},
            {"id": "D-3", "from": "cy", "to": "ann", "scope": "duty:d",
             "from_date": "2026-07-01"},
            {"id": "D-4", "from": "cy", "to": "bob", "scope": "duty:d"},
        ]})
    t = trace(m, "duty:d", as_of=AS_OF)
    # D-1 to a role: bob holds it, so bob's D-2 continues the chain
    assert flatten(t.chains) == [(0, "D-1", None), (1, "D-2", None), (2, "D-3", None),
                                 (3, "D-1", "cycle"), (2, "D-4", None),
                                 (3, "D-2", "cycle")]
    d1 = t.chains[0]
    assert (d1.in_force, d1.founded, [p.person for p in d1.people]) == (
        True, True, ["person:bob"])
    d2 = d1.children[0]
    assert (d2.in_force, d2.founded) == (False, None)
    d4 = d2.children[1]
    # cy received D-2 but it has lapsed: D-4 is in force and unfounded
    assert (d4.in_force, d4.founded) == (True, False)
    assert t.acting == ["person:bob"]


def test_unknown_or_ambiguous_item() -> None:
    m = load_fixture(CHAINS)
    with pytest.raises(UsageError):
        trace(m, "asset:nope", as_of=AS_OF)
    with pytest.raises(UsageError):
        trace(m, "person:alice", as_of=AS_OF)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "graphkit", *args], capture_output=True,
                          text=True, timeout=120, env={"COLUMNS": "200", "PATH": ""})


def test_cli_json_is_the_api_object() -> None:
    r = run("trace", str(CHAINS), "asset:crm", "--as-of", "2026-06-01", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data == trace(load_fixture(CHAINS), "asset:crm", as_of=AS_OF).model_dump(
        mode="json", by_alias=True)
    assert data["chains"][0]["from"] == "person:alice"


def test_cli_tree_escapes_names() -> None:
    r = run("trace", str(CHAINS), "crm", "--as-of", "2026-06-01")
    assert r.returncode == 0, r.stderr
    assert "Alice [bold]Smith" in r.stdout          # shown literally, not as markup
    assert "D-7" in r.stdout and "who acts: person:alice, person:dave, person:eve" in r.stdout


def test_cli_errors_exit_2() -> None:
    r = run("trace", str(CHAINS), "nope", "--as-of", "2026-06-01")
    assert r.returncode == 2
    assert r.stderr.strip() == "error: no asset, risk or duty 'nope' in the model"
    r = run("trace", str(CHAINS), "crm", "--as-of", "June")
    assert r.returncode == 2 and "--as-of" in r.stderr
