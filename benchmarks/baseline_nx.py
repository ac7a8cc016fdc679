"""The checks written the straightforward way in networkx, as an analyst would in a notebook.

A baseline for ``bench_checks.py``, not a second implementation: it reads the CSV folder
with pandas, builds one ``nx.MultiDiGraph`` of everything (people, roles, items; holds,
inherits, owner, custodian, accountable, responsible, delegation, reports-to edges with
their attributes) and answers each check with per-node loops and networkx calls:
``nx.ancestors`` over the inheritance layer for holders, ``nx.simple_cycles`` per
delegation scope and on the reporting line, ``nx.dag_longest_path`` for delegation depth,
and for key-person the brute-force "remove each person and re-check every high/critical
item" on a restricted view -- for at most ``--key-person-cap`` people (the first by id),
the time for everyone extrapolated and printed. The readings follow DESIGN.md closely
enough to do the same work; counts are printed, not compared with graphkit's.

    python benchmarks/baseline_nx.py FOLDER --as-of 2026-12-01 [--key-person-cap 2000]
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import yaml

LEVEL = {"low": 1, "medium": 2, "high": 3, "critical": 4}


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _split(cell: str) -> list[str]:
    return [x for x in cell.split(";") if x]


def _valid(start: str, end: str, day: str) -> bool:
    return (not start or start <= day) and (not end or day <= end)


def build(folder: Path, day: str) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for r in _read(folder, "people").to_dict("records"):
        G.add_node(f"person:{r['id']}", kind="person", **r)
        if r["reports_to"]:
            G.add_edge(f"person:{r['id']}", f"person:{r['reports_to']}", key="reports_to")
    for r in _read(folder, "roles").to_dict("records"):
        G.add_node(f"role:{r['id']}", kind="role", **r)
        for parent in _split(r["inherits"]):
            G.add_edge(f"role:{r['id']}", f"role:{parent}", key="inherits")
    for i, r in enumerate(_read(folder, "assignments").to_dict("records")):
        G.add_edge(f"person:{r['person']}", f"role:{r['role']}", key=f"holds:{i}",
                   kind="holds", deputy=r["deputy"] == "true",
                   valid=_valid(r["from"], r["until"], day))
    for kind, name, owner, resp in (("asset", "assets", "owner", "custodians"),
                                    ("risk", "risks", "owner", None),
                                    ("duty", "duties", "accountable", "responsible")):
        for r in _read(folder, name).to_dict("records"):
            node = f"{kind}:{r['id']}"
            G.add_node(node, kind=kind, level=r.get("criticality") or r.get("level") or "medium",
                       **{k: v for k, v in r.items() if k not in ("id", "level")})
            for p in _split(r[owner]):
                G.add_edge(p, node, key="accountable", kind="accountable")
            for p in _split(r[resp]) if resp else []:
                G.add_edge(p, node, key="responsible", kind="responsible")
    for r in _read(folder, "delegations").to_dict("records"):
        G.add_edge(r["from"], r["to"], key=f"delegation:{r['id']}", kind="delegation",
                   scope=r["scope"], valid=_valid(r["from_date"], r["until"], day))
    return G


def _layer(G: nx.MultiDiGraph, kind: str) -> nx.DiGraph:
    """One edge kind as its own graph (a copy: networkx's filtered views count their
    nodes by walking them, which makes every traversal of a view linear in the graph)."""
    H = nx.DiGraph()
    H.add_edges_from((u, v) for u, v, k, d in G.edges(keys=True, data=True)
                     if d.get("kind", k) == kind or k == kind)
    return H


def checks(G: nx.MultiDiGraph, policy: dict[str, Any], day: str,
           key_person_cap: int) -> dict[str, int]:
    found: dict[str, int] = {}
    people = [n for n, d in G.nodes(data=True) if d.get("kind") == "person"]
    roles = [n for n, d in G.nodes(data=True) if d.get("kind") == "role"]
    items = [n for n, d in G.nodes(data=True) if d.get("kind") in ("asset", "risk", "duty")]
    status = {p: G.nodes[p].get("status", "active") for p in people}
    inherits = _layer(G, "inherits")

    def holders(role: str, removed: frozenset[str] = frozenset()) -> dict[str, bool]:
        """person -> deputy, over the role and every role that inherits it."""
        out: dict[str, bool] = {}
        for r in {role} | (nx.ancestors(inherits, role) if role in inherits else set()):
            for p, _, k, d in G.in_edges(r, keys=True, data=True):
                if d.get("kind") == "holds" and d["valid"] and status.get(p) != "leaver" \
                        and p not in removed:
                    out[p] = out.get(p, True) and d["deputy"]
        return out

    all_holders = {r: holders(r) for r in roles}
    delegated: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for _u, v, d in G.edges(data=True):
        if d.get("kind") == "delegation":
            delegated.setdefault(d["scope"], []).append((v, d))
    acting = {p for p in people if status[p] == "active"}

    def side(item: str, kind: str, removed: frozenset[str] = frozenset()) -> set[str]:
        out: set[str] = set()
        for party, _, k, d in G.in_edges(item, keys=True, data=True):
            if d.get("kind") != kind:
                continue
            if party.startswith("role:"):
                hs = all_holders[party] if not removed else holders(party, removed)
                out |= {p for p in hs if p in acting and p not in removed}
            elif party in acting and party not in removed:
                out.add(party)
        if kind == "responsible":
            if not out and not any(d.get("kind") == "responsible"
                                   for _, _, d in G.in_edges(item, data=True)):
                out = side(item, "accountable", removed)
            for v, d in delegated.get(item, ()):
                if d["valid"] and v in acting and v not in removed:
                    out.add(v)
        return out

    # orphan-item, multiple-accountable, overload
    load: dict[str, int] = {}
    orphan = multiple = 0
    for item in items:
        owners = [u for u, _, d in G.in_edges(item, data=True) if d.get("kind") == "accountable"]
        primary = set()
        for o in owners:
            if o.startswith("role:"):
                direct = {p for p, _, d in G.in_edges(o, data=True)
                          if d.get("kind") == "holds" and d["valid"] and not d["deputy"]
                          and status.get(p) != "leaver"}
                multiple += len(direct) > 1
                primary |= direct
            elif status.get(o, "leaver") != "leaver":
                primary.add(o)
        multiple += len(owners) > 1
        if not primary or not side(item, "accountable"):
            orphan += 1
        for p in primary:
            load[p] = load.get(p, 0) + 1
    found["orphan-item"] = orphan
    found["multiple-accountable"] = multiple
    found["overload"] = sum(1 for n in load.values() if n > policy.get("max_accountable_items", 25))
    found["no-responsible"] = sum(1 for i in items if i.startswith("duty:")
                                  and not side(i, "responsible"))
    # delegations: per scope, simple cycles and longest chains
    deleg = [(u, v, d) for u, v, d in G.edges(data=True) if d.get("kind") == "delegation"]
    scopes: dict[str, list[tuple[str, str]]] = {}
    for u, v, d in deleg:
        scopes.setdefault(d["scope"], []).append((u, v))
    cycles = deep = 0
    for edges in scopes.values():
        H = nx.DiGraph(edges)
        cyc = list(nx.simple_cycles(H))
        cycles += len(cyc)
        if not cyc and len(nx.dag_longest_path(H)) - 1 > policy.get("max_delegation_depth", 2):
            deep += 1
    found["delegation-cycle"] = cycles
    found["delegation-depth"] = deep
    found["lapsed-delegation"] = sum(1 for u, v, d in deleg if not d["valid"]
                                     or status.get(u) != "active" or status.get(v) != "active")
    found["unfounded-delegation"] = sum(
        1 for u, v, d in deleg if d["scope"] in G
        and u not in side(d["scope"], "accountable") | side(d["scope"], "responsible"))
    # roles
    found["vacant-role"] = sum(
        1 for r in roles
        if sum(1 for p in all_holders[r] if p in acting)
        < int(G.nodes[r].get("min_holders") or (2 if G.nodes[r]["critical"] == "true" else 1)))
    authority = {p: 0 for p in people}
    for r in roles:
        for p in all_holders[r]:
            authority[p] = max(authority[p], int(G.nodes[r]["authority"] or 0))
    found["authority-gap"] = sum(1 for r in roles if not G.nodes[r]["authority"])
    comp_gap = ack_gap = 0
    for r in roles:
        need = _split(G.nodes[r]["requires"])
        version = G.nodes[r]["version"]
        for p in all_holders[r]:
            have = {c.split("@")[0]: (c.split("@") + [""])[1]
                    for c in _split(G.nodes[p]["competencies"])}
            comp_gap += any(c not in have or (have[c] and have[c] < day) for c in need)
            ack_gap += f"{r[5:]}@{version}" not in _split(G.nodes[p]["acknowledged"])
    found["competence-gap"] = comp_gap
    found["not-acknowledged"] = ack_gap
    found["leaver-holds"] = sum(1 for p in people if status[p] == "leaver"
                                and any(True for _ in G.out_edges(p)))
    acc = policy.get("acceptance_authority", {})
    found["acceptance-authority"] = sum(
        1 for i in items if i.startswith("risk:") and G.nodes[i]["treatment"] == "accept"
        and (not G.nodes[i]["accepted_by"]
             or authority.get(f"person:{G.nodes[i]['accepted_by']}", 0)
             < acc.get(G.nodes[i]["level"], 5)))
    # sod
    sod = 0
    for rule in policy.get("sod", []):
        count: dict[str, int] = {}
        for m in rule["members"]:
            who = all_holders[m] if m.startswith("role:") else side(m, "responsible")
            for p in who:
                count[p] = count.get(p, 0) + 1
        sod += sum(1 for n in count.values() if n > rule.get("max", 1))
    found["sod-conflict"] = sod
    # reporting line
    lines = _layer(G, "reports_to")
    found["reporting-line"] = len(list(nx.simple_cycles(lines))) + (
        sum(1 for p in people if status[p] != "leaver"
            and (p not in lines or lines.out_degree(p) == 0)) > 1)
    # key-person: remove each person, re-check every high/critical item
    critical = [i for i in items if LEVEL[G.nodes[i]["level"]] >= 3]
    covered = {i for i in critical if side(i, "accountable") and side(i, "responsible")}
    candidates = sorted(acting)[:key_person_cap]
    t = time.process_time()  # CPU seconds, comparable with the CPU time of the whole run
    key = 0
    for p in candidates:
        removed = frozenset([p])
        key += any(not side(i, "accountable", removed) or not side(i, "responsible", removed)
                   for i in covered)
    spent = time.process_time() - t
    found["key-person (of the first %d people)" % len(candidates)] = key
    if candidates:
        print(f"key-person: {spent:.1f} s CPU for {len(candidates):,} people; for all "
              f"{len(acting):,}: about {spent * len(acting) / len(candidates):,.0f} s")
        print(f"KEY_PERSON_SECONDS {spent:.3f} ALL {spent * len(acting) / len(candidates):.0f}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--key-person-cap", type=int, default=200)
    parser.add_argument("--out", type=Path, help="also write what is printed to this file")
    args = parser.parse_args()
    if args.out is not None:
        import contextlib
        import sys

        with args.out.open("w", encoding="utf-8") as f, contextlib.redirect_stdout(f):
            run(args)
        sys.stdout.write(args.out.read_text(encoding="utf-8"))
    else:
        run(args)


def run(args: argparse.Namespace) -> None:
    """Build, check and print (see the module's description)."""
    t = time.perf_counter()
    G = build(args.folder, args.as_of)
    print(f"build: {time.perf_counter() - t:.1f} s, {G.number_of_nodes():,} nodes, "
          f"{G.number_of_edges():,} edges")
    policy_file = args.folder / "policy.yaml"
    policy = yaml.safe_load(policy_file.read_text()) if policy_file.exists() else {}
    t = time.perf_counter()
    found = checks(G, policy or {}, args.as_of, args.key_person_cap)
    print(f"checks: {time.perf_counter() - t:.1f} s")
    for k, v in found.items():
        print(f"  {k}: {v:,}")


if __name__ == "__main__":
    main()
