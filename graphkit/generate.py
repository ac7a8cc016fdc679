"""A believable synthetic organisation of any size, written as a CSV folder by streaming.

The generator never holds the model: each section is drawn with numpy from its own
seeded stream and written row by row, so 1,000,000 people need memory for a few
columns, not for the model twice. The same ``people`` and ``seed`` give byte-identical
files.

Shape, for ``N`` people (the figures are targets the draw aims at):

- a reporting tree with fan-out 7 (person ``i`` reports to ``(i - 1) // 7``), about 2%
  absent and 2% leavers, some with expired competencies;
- about N/6 roles: posts of 300 role types (fewer for very small N; a type fixes
  authority, criticality, required competency and delegability, about 10% critical, a
  few not delegable) in an inheritance forest (post ``j`` inherits post ``(j - 1) // 10``),
  a few without an authority level;
- about N/5 assignments: one primary holder per post, 3% of posts vacant, 5% shared by
  two primary holders, 20% with a deputy; 3% of assignments already ended;
- about 2N assets (owner a person or a role, one to three custodians), N/2 risks (a third
  accepted), N/10 duties with RACI;
- about 0.3N delegations in chains of one to four links of one scope, a few of them
  closing back into a cycle or running deeper than the default policy allows;
- SoD rules over role and duty pairs (some pairing a post with the post it inherits,
  so that its holders conflict).

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "org"
>>> counts = generate(50, seed=1, out=out)
>>> counts["people"], counts["assets"], counts["risks"]
(50, 100, 25)
>>> sorted(p.name for p in out.iterdir())[:3]
['assets.csv', 'assignments.csv', 'delegations.csv']
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

__all__ = ["AS_OF", "generate"]

#: The date the generated organisation is meant to be checked on.
AS_OF = date(2026, 12, 1)

_FIRST = ["Ada", "Ben", "Chloe", "Dev", "Ewa", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kemi",
          "Lars", "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Uma",
          "Vik", "Wen", "Xena", "Yusuf", "Zoe"]
_LAST = ["Adams", "Bauer", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova",
         "Jones", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel", "Quist",
         "Rossi", "Singh", "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang"]
_DEPARTMENTS = ["Security", "IT Operations", "Engineering", "Finance", "HR", "Legal", "Sales",
                "Marketing", "Support", "Procurement", "Facilities", "Data", "Risk", "Audit",
                "Product", "Logistics", "Research", "Compliance", "Communications", "Executive"]
_ROLE_WORDS = ["Owner", "Manager", "Administrator", "Analyst", "Officer", "Lead", "Engineer",
               "Approver", "Coordinator", "Steward"]
_LEVELS = np.array(["low", "medium", "high", "critical"])
_CONTROLS = ["A.5.9", "A.5.15", "A.5.18", "A.5.24", "A.5.30", "A.8.2", "A.8.8", "A.8.13",
             "A.8.15", "A.8.32"]
_COMPETENCIES = [f"cert-{i:02d}" for i in range(40)]


def _stream(seed: int, section: str) -> np.random.Generator:
    """An independent, reproducible random stream per section."""
    return np.random.default_rng([seed, zlib.crc32(section.encode())])


def _day(offset: int) -> str:
    return (AS_OF + timedelta(days=int(offset))).isoformat()


class _Writer:
    """A CSV file written row by row, counting what it wrote."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self._file = path.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow(header)
        self.rows = 0

    def write(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self._csv.writerow(row)
            self.rows += 1

    def close(self) -> None:
        self._file.close()


def generate(people: int, *, seed: int = 0, out: str | Path,
             progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write a synthetic organisation of ``people`` people to the folder ``out``.

    Returns the number of rows written per section. ``progress(section, rows)`` is called
    after each section. Linear in ``people`` in time; memory is a few numpy columns.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    n = people
    n_types = max(3, min(300, n // 3))
    n_roles = max(n_types, n // 6)
    counts: dict[str, int] = {}

    def done(section: str, rows: int) -> None:
        counts[section] = rows
        if progress is not None:
            progress(section, rows)

    person = [f"p{i:07d}" for i in range(n)]
    role = [f"r{j:06d}" for j in range(n_roles)]
    n_duties = max(2, n // 10)
    duty = [f"d{k:06d}" for k in range(n_duties)]

    # --- roles: posts of 300 role types in an inheritance forest ----------------------
    # A role type fixes what a post is (authority, criticality, competencies, whether its
    # duties may be delegated); each post is one role of the model, as in an organogram.
    rng = _stream(seed, "roles")
    type_of = np.arange(n_roles) % n_types
    critical = (rng.random(n_types) < 0.10)[type_of]
    authority = rng.integers(1, 6, n_types)[type_of]
    no_authority = rng.random(n_roles) < 0.01
    delegable = (rng.random(n_types) >= 0.05)[type_of]
    requires = rng.integers(0, len(_COMPETENCIES), n_types)[type_of]
    has_req = (rng.random(n_types) < 0.2)[type_of]
    version = rng.integers(1, 5, n_roles)
    w = _Writer(out / "roles.csv", ["id", "name", "description", "version", "authority",
                                    "critical", "min_holders", "requires", "inherits",
                                    "delegable", "reports_to", "department", "grade", "fte"])
    w.write(
        (role[j],
         f"{_DEPARTMENTS[t % len(_DEPARTMENTS)]} {_ROLE_WORDS[t % len(_ROLE_WORDS)]} {t}"
         + (f" ({j // n_types})" if j >= n_types else ""),
         f"Responsibilities of post {j} (type {t}), version {version[j]}.",
         int(version[j]), "" if no_authority[j] else int(authority[j]),
         "true" if critical[j] else "false", "",
         _COMPETENCIES[requires[j]] if has_req[j] else "",
         role[(j - 1) // 10] if j > 0 else "",
         "true" if delegable[j] else "false", "",
         _DEPARTMENTS[t % len(_DEPARTMENTS)], f"G{authority[j]}", "1")
        for j, t in enumerate(type_of.tolist()))
    w.close()
    done("roles", w.rows)

    # --- assignments: one primary holder per post, some vacant, some shared, deputies --
    rng = _stream(seed, "assignments")
    vacant = rng.random(n_roles) < 0.03
    shared = rng.random(n_roles) < 0.05
    has_deputy = rng.random(n_roles) < 0.20
    picks = rng.integers(0, n, (n_roles, 3))
    ended = rng.random((n_roles, 3)) < 0.03
    start = rng.integers(-2000, -1, (n_roles, 3))
    w = _Writer(out / "assignments.csv", ["person", "role", "deputy", "from", "until"])
    roles_of: dict[int, list[int]] = {}
    rows: list[tuple[str, ...]] = []
    for j in range(n_roles):
        slots = [(0, False)] if not vacant[j] else []
        if shared[j]:
            slots.append((1, False))
        if has_deputy[j]:
            slots.append((2, True))
        taken: set[int] = set()
        for slot, is_deputy in slots:
            p = int(picks[j, slot])
            if p in taken:
                continue
            taken.add(p)
            roles_of.setdefault(p, []).append(j)
            rows.append((person[p], role[j], "true" if is_deputy else "false",
                         _day(start[j, slot]), _day(-30) if ended[j, slot] else ""))
    w.write(rows)
    w.close()
    done("assignments", w.rows)
    del rows

    # --- people ----------------------------------------------------------------------
    rng = _stream(seed, "people")
    status = rng.choice(np.array(["active", "absent", "leaver"]), n, p=[0.96, 0.02, 0.02])
    first = rng.integers(0, len(_FIRST), n)
    last = rng.integers(0, len(_LAST), n)
    has_comp = rng.random(n) < 0.3
    comp = rng.integers(0, len(_COMPETENCIES), n)
    expiry = rng.integers(-200, 900, n)
    acks = rng.random(n) < 0.8
    w = _Writer(out / "people.csv", ["id", "name", "status", "reports_to", "department",
                                     "competencies", "acknowledged"])

    def person_rows() -> Iterable[tuple[Any, ...]]:
        for i in range(n):
            held_roles = roles_of.get(i, ())
            competencies = [f"{_COMPETENCIES[comp[i]]}@{_day(expiry[i])}"] if has_comp[i] else []
            competencies += [f"{_COMPETENCIES[requires[r]]}@{_day(expiry[i] + 365)}"
                             for r in held_roles if has_req[r] and (i + r) % 7]
            acknowledged = [f"{role[r]}@{version[r]}" for r in held_roles if acks[i]]
            yield (person[i], f"{_FIRST[first[i]]} {_LAST[last[i]]}", status[i],
                   person[(i - 1) // 7] if i > 0 else "",
                   _DEPARTMENTS[(i % 49) % len(_DEPARTMENTS)],
                   ";".join(dict.fromkeys(competencies)), ";".join(acknowledged))

    w.write(person_rows())
    w.close()
    done("people", w.rows)

    def party(kind_is_role: bool, idx: int) -> str:
        return f"role:{role[idx % n_roles]}" if kind_is_role else f"person:{person[idx % n]}"

    # --- assets ----------------------------------------------------------------------
    rng = _stream(seed, "assets")
    n_assets = 2 * n
    crit = rng.choice(_LEVELS, n_assets, p=[0.3, 0.4, 0.2, 0.1])
    owner_is_role = rng.random(n_assets) < 0.3
    owner = rng.integers(0, n, n_assets)
    no_owner = rng.random(n_assets) < 0.005
    n_cust = rng.integers(1, 4, n_assets)
    cust = rng.integers(0, n_roles, (n_assets, 3))
    w = _Writer(out / "assets.csv", ["id", "name", "criticality", "owner", "custodians"])
    w.write(
        (f"a{k:07d}", f"System {k}", crit[k],
         "" if no_owner[k] else party(bool(owner_is_role[k]), int(owner[k])),
         ";".join(dict.fromkeys(f"role:{role[c]}" for c in cust[k, :n_cust[k]])))
        for k in range(n_assets))
    w.close()
    done("assets", w.rows)

    # --- risks -----------------------------------------------------------------------
    rng = _stream(seed, "risks")
    n_risks = max(1, n // 2)
    level = rng.choice(_LEVELS, n_risks, p=[0.3, 0.4, 0.2, 0.1])
    owner_is_role = rng.random(n_risks) < 0.5
    owner = rng.integers(0, n, n_risks)
    treatment = rng.choice(np.array(["accept", "mitigate", "transfer", "avoid"]), n_risks,
                           p=[0.33, 0.47, 0.1, 0.1])
    acceptor = rng.integers(0, n, n_risks)
    unaccepted = rng.random(n_risks) < 0.05
    accepted_on = rng.integers(-700, -1, n_risks)
    assets_of = rng.integers(0, n_assets, (n_risks, 2))
    two = rng.random(n_risks) < 0.4
    w = _Writer(out / "risks.csv", ["id", "title", "level", "owner", "treatment",
                                    "accepted_by", "accepted_on", "assets"])

    def risk_rows() -> Iterable[tuple[Any, ...]]:
        for k in range(n_risks):
            accepted = treatment[k] == "accept" and not unaccepted[k]
            assets = [f"a{assets_of[k, 0]:07d}"]
            if two[k] and assets_of[k, 1] != assets_of[k, 0]:
                assets.append(f"a{assets_of[k, 1]:07d}")
            yield (f"R-{k:07d}", f"Risk {k}", level[k], party(bool(owner_is_role[k]),
                                                               int(owner[k])),
                   treatment[k], person[acceptor[k]] if accepted else "",
                   _day(accepted_on[k]) if accepted else "", ";".join(assets))

    w.write(risk_rows())
    w.close()
    done("risks", w.rows)

    # --- duties ----------------------------------------------------------------------
    rng = _stream(seed, "duties")
    crit = rng.choice(_LEVELS, n_duties, p=[0.2, 0.4, 0.3, 0.1])
    acc = rng.integers(0, n_roles, n_duties)
    resp = rng.integers(0, n_roles, (n_duties, 2))
    two_resp = rng.random(n_duties) < 0.3
    cons = rng.integers(0, n_roles, n_duties)
    info = rng.integers(0, n_roles, n_duties)
    dauth = rng.integers(1, 6, n_duties)
    dreq = rng.integers(0, len(_COMPETENCIES), n_duties)
    has_dreq = rng.random(n_duties) < 0.15
    ctrl = rng.integers(0, len(_CONTROLS), n_duties)
    w = _Writer(out / "duties.csv", ["id", "name", "controls", "criticality", "authority",
                                     "requires", "accountable", "responsible", "consulted",
                                     "informed"])
    w.write(
        (duty[k], f"Duty {k}", _CONTROLS[ctrl[k]], crit[k], int(dauth[k]),
         _COMPETENCIES[dreq[k]] if has_dreq[k] else "", f"role:{role[acc[k]]}",
         ";".join(dict.fromkeys(f"role:{role[r]}" for r in resp[k, :1 + int(two_resp[k])])),
         f"role:{role[cons[k]]}", f"role:{role[info[k]]}")
        for k in range(n_duties))
    w.close()
    done("duties", w.rows)

    # --- delegations: chains of one scope, some closing into cycles, some too deep ---
    rng = _stream(seed, "delegations")
    target = int(0.3 * n)
    w = _Writer(out / "delegations.csv", ["id", "from", "to", "scope", "from_date", "until"])
    made = 0
    chain = 0
    rows = []
    while made < target:
        length = int(rng.choice([1, 1, 1, 2, 2, 3, 4]))
        length = min(length, target - made)
        scope_pick = int(rng.integers(0, 3))
        if scope_pick == 0:
            scope = f"duty:{duty[int(rng.integers(0, n_duties))]}"
        elif scope_pick == 1:
            scope = f"asset:a{int(rng.integers(0, n_assets)):07d}"
        else:
            scope = f"risk:R-{int(rng.integers(0, n_risks)):07d}"
        members = rng.integers(0, n, length + 1)
        cycle = length >= 2 and rng.random() < 0.05
        if cycle:
            members[-1] = members[0]
        lapsed = rng.random() < 0.05
        for step in range(length):
            a, b = int(members[step]), int(members[step + 1])
            if a == b:
                continue
            rows.append((f"D-{chain:07d}-{step}", f"person:{person[a]}", f"person:{person[b]}",
                         scope, _day(-int(rng.integers(10, 400))),
                         _day(-5) if lapsed else _day(int(rng.integers(30, 400)))))
            made += 1
        chain += 1
        if len(rows) >= 10000:
            w.write(rows)
            rows = []
    w.write(rows)
    w.close()
    done("delegations", w.rows)

    # --- organisation and policy -----------------------------------------------------
    w = _Writer(out / "organisation.csv", ["id", "name"])
    w.write([(f"synthetic-{n}-{seed}", f"Synthetic Org ({n} people, seed {seed})")])
    w.close()
    rng = _stream(seed, "policy")
    sod = []
    for s in range(min(20, n_roles // 2)):
        if s % 4 == 0:  # a post and the post it inherits: its holders conflict
            a = int(rng.integers(1, n_roles))
            b = (a - 1) // 10
        else:
            a, b = rng.choice(n_roles, 2, replace=False)
        pair = [f"role:{role[a]}", f"role:{role[b]}"]
        if s % 2 and n_duties >= 2:
            d1, d2 = rng.choice(n_duties, 2, replace=False)
            pair = [f"duty:{duty[d1]}", f"duty:{duty[d2]}"]
        sod.append({"id": f"SOD-{s:02d}", "name": f"Segregated pair {s}", "members": pair,
                    "max": 1})
    policy = {"max_delegation_depth": 2,
              "acceptance_authority": {"low": 2, "medium": 3, "high": 4, "critical": 5},
              "max_accountable_items": 25, "sod": sod, "exceptions": []}
    (out / "policy.yaml").write_text(yaml.safe_dump(policy, sort_keys=False), encoding="utf-8")
    done("sod_rules", len(sod))
    return counts
