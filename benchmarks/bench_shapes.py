"""Time ``graphkit check`` on models shaped unlike the generator's, beside the generated one.

The generator (:mod:`graphkit.generate`) draws one shape: a fan-out 7 reporting tree, posts
in an inheritance forest of fan-out 10, about one assignment per five people, two assets
per person with one to three custodians, delegation chains of one to four links, 20 SoD
rules and no exceptions. A model of the same size but another shape can reach a part of
the checks that is not linear. This script takes the generated CSV folder of ``--people``
people (seed ``--seed``) and rewrites it, one shape changed at a time, streaming row by row
with :mod:`csv` (deterministic: every choice comes from the row number or from a seeded
:class:`random.Random`), then runs ``graphkit check FOLDER --format json -o FILE`` on each in
its own process and prints wall time, CPU time (user + system of the command and its
worker), findings, CPU time per finding, peak RSS (the largest process) and the size of
the JSON report, with the plain generated folder first as the baseline of the same run.
Nothing here asserts a time. This process stays small (generation and reading a report's
fingerprints run in other processes): Linux counts a parent's peak RSS at the fork into
its child's.

Usage::

    python benchmarks/bench_shapes.py                         # 100k people, every shape
    python benchmarks/bench_shapes.py --people 10000 --shapes staff-all,deep-inherit
    python benchmarks/bench_shapes.py --list                  # the shapes and what each does
    python benchmarks/bench_shapes.py --keep DIR              # keep the folders in DIR

The folders are written under a temporary folder (or ``--keep DIR``, reused when present).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import yaml

AS_OF = "2026-12-01"
SECTIONS = ["organisation", "people", "roles", "assignments", "assets", "risks", "duties",
            "delegations"]

Row = dict[str, str]


class Folder:
    """A shaped copy of the generated folder ``base`` in ``out``, rewritten section by section."""

    def __init__(self, base: Path, out: Path, people: int) -> None:
        self.base, self.out, self.people = base, out, people
        out.mkdir(parents=True, exist_ok=True)
        for f in base.iterdir():
            if f.is_file() and not f.name.startswith("."):
                shutil.copyfile(f, out / f.name)
        with (base / "roles.csv").open(newline="", encoding="utf-8") as fh:
            self.roles = sum(1 for _ in fh) - 1
        with (base / "duties.csv").open(newline="", encoding="utf-8") as fh:
            self.duties = sum(1 for _ in fh) - 1
        with (base / "risks.csv").open(newline="", encoding="utf-8") as fh:
            self.risks = sum(1 for _ in fh) - 1
        self.assets = 2 * people

    def person(self, i: int) -> str:
        return f"p{i % self.people:07d}"

    def role(self, j: int) -> str:
        return f"r{j % self.roles:06d}"

    def rows(self, section: str) -> Iterator[Row]:
        """The rows of ``section`` as written so far (the base's until a shape rewrites it)."""
        with (self.out / f"{section}.csv").open(newline="", encoding="utf-8") as fh:
            yield from csv.DictReader(fh)

    def header(self, section: str) -> list[str]:
        with (self.base / f"{section}.csv").open(newline="", encoding="utf-8") as fh:
            return next(csv.reader(fh))

    def write(self, section: str, rows: Iterable[Row], header: list[str] | None = None) -> None:
        """Write ``rows`` as ``section``.csv (streaming), with the base file's header."""
        header = header or self.header(section)
        tmp = self.out / f".{section}.csv.tmp"
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, header, lineterminator="\n")
            w.writeheader()
            for row in rows:
                w.writerow(row)
        tmp.replace(self.out / f"{section}.csv")

    def rewrite(self, section: str, change: Callable[[int, Row], Row | None],
                extra: Iterable[Row] = ()) -> None:
        """Each row of the base section through ``change`` (None drops it), then ``extra``."""
        def gen() -> Iterator[Row]:
            for i, row in enumerate(self.rows(section)):
                new = change(i, row)
                if new is not None:
                    yield new
            yield from extra
        self.write(section, gen())

    def policy(self) -> dict:
        return yaml.safe_load((self.out / "policy.yaml").read_text(encoding="utf-8"))

    def write_policy(self, policy: dict) -> None:
        (self.out / "policy.yaml").write_text(yaml.safe_dump(policy, sort_keys=False),
                                              encoding="utf-8")


def _set(row: Row, **values: str) -> Row:
    row.update(values)
    return row


# --- the shapes -------------------------------------------------------------------------

def owner_hub(f: Folder) -> None:
    """One person owns a third of all assets and risks; one role is custodian of half."""
    f.rewrite("assets", lambda i, r: _set(
        r, owner="person:p0000001" if i % 3 == 0 else r["owner"],
        custodians=";".join(dict.fromkeys(
            (r["custodians"].split(";") if r["custodians"] else [])
            + (["role:r000001"] if i % 2 == 0 else [])))))
    f.rewrite("risks", lambda i, r: _set(r, owner="person:p0000001" if i % 3 == 0
                                         else r["owner"]))


def role_owner_hub(f: Folder) -> None:
    """One role (two primary holders, a deputy) owns a third of all assets, risks, duties."""
    f.rewrite("assets", lambda i, r: _set(r, owner="role:r000002" if i % 3 == 0
                                          else r["owner"]))
    f.rewrite("risks", lambda i, r: _set(r, owner="role:r000002" if i % 3 == 0
                                         else r["owner"]))
    f.rewrite("duties", lambda i, r: _set(r, accountable="role:r000002" if i % 3 == 0
                                          else r["accountable"]))
    f.rewrite("assignments", lambda i, r: r, extra=[
        {"person": "p0000011", "role": "r000002", "deputy": "false", "from": "2020-01-01",
         "until": ""},
        {"person": "p0000012", "role": "r000002", "deputy": "true", "from": "2020-01-01",
         "until": ""}])


def _staff_roles(f: Folder, ids: list[str]) -> None:
    header = f.header("roles")
    base = {k: "" for k in header}

    def extra() -> Iterator[Row]:
        for k, rid in enumerate(ids):
            yield {**base, "id": rid, "name": f"All staff {k}",
                   "description": "Every employee.", "version": "1", "authority": "1",
                   "critical": "false", "delegable": "true", "department": "HR",
                   **({"grade": "G1", "fte": "1"} if "grade" in header else {})}
    f.rewrite("roles", lambda i, r: r, extra=extra())


def staff_all(f: Folder) -> None:
    """Every person holds ``staff`` and ``badge`` directly (two roles of 100k
    holders each, the second critical and requiring a competency), and an SoD rule pairs
    them (every active holder conflicts)."""
    _staff_roles(f, ["staff", "badge"])
    f.rewrite("roles", lambda i, r: _set(r, critical="true", requires="cert-01")
              if r["id"] == "badge" else r)

    def extra() -> Iterator[Row]:
        for i in range(f.people):
            for rid in ("staff", "badge"):
                yield {"person": f.person(i), "role": rid, "deputy": "false",
                       "from": "2020-01-01", "until": ""}
    f.rewrite("assignments", lambda i, r: r, extra=extra())
    pol = f.policy()
    pol["sod"].append({"id": "SOD-STAFF", "name": "Staff and badge", "max": 1,
                       "members": ["role:staff", "role:badge"]})
    f.write_policy(pol)


def sod_staff(f: Folder) -> None:
    """Every person holds ``staff`` directly, and 2,000 SoD rules each pair ``staff`` with
    one post (its holders conflict: a rule read per holder of staff would read 100,000
    people 2,000 times)."""
    _staff_roles(f, ["staff"])
    rnd = random.Random(7)

    def extra() -> Iterator[Row]:
        for i in range(f.people):
            yield {"person": f.person(i), "role": "staff", "deputy": "false",
                   "from": "2020-01-01", "until": ""}
    f.rewrite("assignments", lambda i, r: r, extra=extra())
    pol = f.policy()
    for s in range(2000):
        pol["sod"].append({"id": f"SOD-S{s:04d}", "name": f"Staff and post {s}", "max": 1,
                           "members": ["role:staff", f"role:{f.role(rnd.randrange(f.roles))}"]})
    f.write_policy(pol)


def inherit_root(f: Folder) -> None:
    """Every post inherits one root role ``staff`` (besides its parent): staff's holders are
    the holders of every post; staff owns 1,000 assets."""
    _staff_roles(f, ["staff"])
    f.rewrite("roles", lambda i, r: _set(
        r, inherits=";".join(x for x in (r["inherits"], "staff") if x))
              if r["id"] != "staff" else r)
    f.rewrite("assets", lambda i, r: _set(r, owner="role:staff") if i % 200 == 0 else r)


def deep_inherit(f: Folder) -> None:
    """Inheritance chains of 50 posts (post j inherits post j - 1 within its chain)."""
    f.rewrite("roles", lambda i, r: _set(r, inherits=f.role(i - 1) if i % 50 else ""))


def wide_inherit(f: Folder) -> None:
    """The first 50 posts inherit 300 posts each (no other inheritance)."""
    hubs, width = 50, 300

    def change(i: int, r: Row) -> Row:
        if i < hubs:
            others = f.roles - hubs
            return _set(r, inherits=";".join(dict.fromkeys(
                f.role(hubs + (i * width + k) % others) for k in range(width))))
        return _set(r, inherits="")
    f.rewrite("roles", change)


def _delegations(f: Folder, rows: Iterable[tuple[str, str, str]]) -> None:
    def gen() -> Iterator[Row]:
        for n, (a, b, scope) in enumerate(rows):
            yield {"id": f"X-{n:07d}", "from": a, "to": b, "scope": scope,
                   "from_date": "2026-01-01", "until": "2027-06-30"}
    f.write("delegations", gen())


def _scope(f: Folder, k: int) -> str:
    pick = k % 3
    if pick == 0:
        return f"duty:d{k % f.duties:06d}"
    if pick == 1:
        return f"asset:a{k % f.assets:07d}"
    return f"risk:R-{k % f.risks:07d}"


def long_chains(f: Folder) -> None:
    """0.3N delegations in chains of 300 links of one scope each."""
    rnd = random.Random(1)
    total, length = int(0.3 * f.people), 300

    def gen() -> Iterator[tuple[str, str, str]]:
        for c in range(total // length):
            scope = _scope(f, rnd.randrange(10**9))
            people = rnd.sample(range(f.people), length + 1)
            for s in range(length):
                yield f"person:{f.person(people[s])}", f"person:{f.person(people[s + 1])}", scope
    _delegations(f, gen())


def fan_delegations(f: Folder) -> None:
    """100 people each delegate 300 scopes to 300 others; one person receives 10,000."""
    rnd = random.Random(2)

    def gen() -> Iterator[tuple[str, str, str]]:
        for a in range(100):
            for k in range(300):
                yield (f"person:{f.person(1000 + a)}",
                       f"person:{f.person(rnd.randrange(f.people))}", _scope(f, a * 300 + k))
        for k in range(10000):
            yield (f"person:{f.person(rnd.randrange(f.people))}", "person:p0000005",
                   _scope(f, 50000 + k))
    _delegations(f, gen())


def scope_to_roles(f: Folder) -> None:
    """30 scopes, each delegated by 1,000 people to 1,000 different roles (30,000
    delegations of a few scopes to many roles)."""
    rnd = random.Random(6)

    def gen() -> Iterator[tuple[str, str, str]]:
        for c in range(30):
            scope = _scope(f, 7919 * c + c)
            for j in rnd.sample(range(f.roles), min(1000, f.roles)):
                yield f"person:{f.person(rnd.randrange(f.people))}", f"role:{f.role(j)}", scope
    _delegations(f, gen())


def many_cycles(f: Folder) -> None:
    """10,000 delegation cycles of three links, and one of 1,000 links."""
    rnd = random.Random(3)

    def gen() -> Iterator[tuple[str, str, str]]:
        for c in range(10000):
            scope = _scope(f, rnd.randrange(10**9))
            a, b, d = (f"person:{f.person(x)}" for x in rnd.sample(range(f.people), 3))
            yield a, b, scope
            yield b, d, scope
            yield d, a, scope
        scope = "duty:d000001"
        ring = rnd.sample(range(f.people), min(1000, f.people))
        for s in range(len(ring)):
            yield (f"person:{f.person(ring[s])}",
                   f"person:{f.person(ring[(s + 1) % len(ring)])}", scope)
    _delegations(f, gen())


def deep_reporting(f: Folder) -> None:
    """A reporting line of 10,000 managers (person i reports to i - 1 for i < 10,000), and
    every 50th person a leaver."""
    def change(i: int, r: Row) -> Row:
        if 0 < i < 10000:
            r["reports_to"] = f.person(i - 1)
        if i % 50 == 7:
            r["status"] = "leaver"
        return r
    f.rewrite("people", change)


def reporting_cycle(f: Folder) -> None:
    """Everyone in one reporting chain closing into a cycle of 10,000 at the top; 100 people
    with no manager."""
    def change(i: int, r: Row) -> Row:
        if i < 10000:
            r["reports_to"] = f.person((i - 1) % 10000)
        elif i % 1000 == 0:
            r["reports_to"] = ""
        return r
    f.rewrite("people", change)


def many_custodians(f: Folder) -> None:
    """Every asset has 12 custodians (roles), every duty 12 responsible roles."""
    f.rewrite("assets", lambda i, r: _set(
        r, custodians=";".join(f"role:{f.role(i * 7 + k * 131)}" for k in range(12))))
    f.rewrite("duties", lambda i, r: _set(
        r, responsible=";".join(f"role:{f.role(i * 5 + k * 97)}" for k in range(12))))


def long_raci(f: Folder) -> None:
    """Every duty with 40 responsible, 40 consulted and 40 informed roles."""
    f.rewrite("duties", lambda i, r: _set(
        r, responsible=";".join(f"role:{f.role(i * 3 + k * 41)}" for k in range(40)),
        consulted=";".join(f"role:{f.role(i * 5 + k * 43)}" for k in range(40)),
        informed=";".join(f"role:{f.role(i * 7 + k * 47)}" for k in range(40))))


def many_sod(f: Folder) -> None:
    """3,000 SoD rules: pairs of posts, pairs of duties and triples of a post and its
    ancestors (held by many through inheritance)."""
    rnd = random.Random(4)
    pol = f.policy()
    for s in range(3000):
        if s % 3 == 0:
            members = [f"role:{f.role(rnd.randrange(f.roles))}" for _ in range(2)]
        elif s % 3 == 1:
            members = [f"duty:d{rnd.randrange(f.duties):06d}" for _ in range(2)]
        else:
            j = rnd.randrange(min(100, f.roles - 1), f.roles)
            members = [f"role:{f.role(j)}", f"role:{f.role((j - 1) // 10)}",
                       f"role:{f.role(((j - 1) // 10 - 1) // 10)}"]
        members = list(dict.fromkeys(members))
        if len(members) < 2:
            continue
        pol["sod"].append({"id": f"SOD-X{s:05d}", "name": f"Rule {s}", "members": members,
                           "max": 1})
    f.write_policy(pol)


def sod_wide(f: Folder) -> None:
    """20 SoD rules of 50 members each, among the top posts of the forest (held through
    inheritance by everyone below them), max 1."""
    pol = f.policy()
    for s in range(20):
        members = [f"role:{f.role(s * 50 + k)}" for k in range(50)]
        pol["sod"].append({"id": f"SOD-W{s:02d}", "name": f"Wide {s}", "members": members,
                           "max": 1})
    f.write_policy(pol)


def many_exceptions(f: Folder, fingerprints: list[str]) -> None:
    """5,000 exceptions naming findings of the base folder (a third approved without
    authority, a third expired), and 500 naming nothing."""
    pol = f.policy()
    exc = []
    for k, fp in enumerate(fingerprints[:5000]):
        exc.append({"finding": fp, "reason": f"Accepted {k}",
                    "approved_by": "p0000000" if k % 3 else f.person(5000 + k),
                    "expires": "2026-06-01" if k % 3 == 2 else "2027-06-01"})
    for k in range(500):
        exc.append({"finding": f"{k:064x}", "reason": "Nothing", "approved_by": "p0000000"})
    pol["exceptions"] = exc
    f.write_policy(pol)


def all_absent(f: Folder) -> None:
    """Every person absent."""
    f.rewrite("people", lambda i, r: _set(r, status="absent"))


def all_leavers(f: Folder) -> None:
    """Every person a leaver but the top."""
    f.rewrite("people", lambda i, r: _set(r, status="leaver") if i else r)


def bad_acceptance(f: Folder) -> None:
    """Every risk accepted, by people of little or no authority."""
    f.rewrite("risks", lambda i, r: _set(r, treatment="accept",
                                         accepted_by=f.person(i * 13 + 7),
                                         accepted_on="2026-01-01"))


SHAPES: dict[str, Callable[..., None]] = {
    "owner-hub": owner_hub, "role-owner-hub": role_owner_hub, "staff-all": staff_all, "sod-staff": sod_staff,
    "inherit-root": inherit_root, "deep-inherit": deep_inherit, "wide-inherit": wide_inherit,
    "long-chains": long_chains, "fan-delegations": fan_delegations,
    "scope-to-roles": scope_to_roles,
    "many-cycles": many_cycles, "deep-reporting": deep_reporting,
    "reporting-cycle": reporting_cycle, "many-custodians": many_custodians,
    "long-raci": long_raci, "many-sod": many_sod, "sod-wide": sod_wide,
    "many-exceptions": many_exceptions, "all-absent": all_absent,
    "all-leavers": all_leavers, "bad-acceptance": bad_acceptance,
}


def make_shape(name: str, base: Path, out: Path, people: int,
               fingerprints: list[str] | None = None) -> None:
    """Write shape ``name`` of the generated folder ``base`` (of ``people``) to ``out``;
    ``many-exceptions`` names some of ``fingerprints`` (the base's findings)."""
    f = Folder(base, out, people)
    if name == "many-exceptions":
        SHAPES[name](f, fingerprints or [])
    else:
        SHAPES[name](f)


# --- measuring --------------------------------------------------------------------------

def run_check(folder: Path, report: Path, jobs: str | None) -> dict[str, float]:
    """``graphkit check`` on ``folder`` in its own process: wall, CPU, peak RSS, findings."""
    cmd = [sys.executable, "-m", "graphkit", "check", str(folder), "--as-of", AS_OF,
           "--format", "json", "-o", str(report), "--fail-on", "never"]
    if jobs is not None:
        cmd += ["--jobs", jobs]
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            lines = err.read().decode().splitlines()
            raise SystemExit(f"check failed on {folder}:\n" + "\n".join(lines[:20]))
    summary = _summary(report)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "findings": summary["total"],
            "suppressed": summary.get("suppressed", 0), "mb": report.stat().st_size / 1e6}


def _summary(report: Path) -> dict:
    """The report's summary, read from its end (a report can be far larger than memory)."""
    size = report.stat().st_size
    with report.open("rb") as fh:
        fh.seek(max(0, size - 65536))
        tail = fh.read().decode("utf-8", errors="replace")
    at = tail.rfind('"summary":')
    return json.loads(tail[at + len('"summary":'):].rstrip().removesuffix("}"))


def fingerprints_of(report: Path) -> list[str]:
    """The fingerprints of a report's findings, shuffled (seeded), read in another process:
    this one stays small, since a child's peak RSS counts its parent's at the fork."""
    out = subprocess.run(
        [sys.executable, "-c", "import json, sys\n"
         "for f in json.load(open(sys.argv[1], 'rb'))['findings']: print(f['fingerprint'])",
         str(report)], check=True, capture_output=True, text=True).stdout.split()
    random.Random(5).shuffle(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shapes", default=",".join(SHAPES),
                    help="comma-separated shapes (default: all)")
    ap.add_argument("--keep", type=Path, help="write (and reuse) the folders here")
    ap.add_argument("--jobs", help="pass --jobs to graphkit check (default: its own)")
    ap.add_argument("--list", action="store_true", help="list the shapes and stop")
    args = ap.parse_args(argv)
    if args.list:
        for name, fn in SHAPES.items():
            print(f"{name:18} {' '.join((fn.__doc__ or '').split())}")
        return 0
    names = [s for s in args.shapes.split(",") if s]
    unknown = [s for s in names if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shape(s): {', '.join(unknown)}; see --list")
    root = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-shapes-"))
    root.mkdir(parents=True, exist_ok=True)
    base = root / f"base-{args.people}-{args.seed}"
    if not (base / ".complete").exists():  # in another process, for the same reason
        subprocess.run([sys.executable, "-m", "graphkit", "generate", "--people",
                        str(args.people), "--seed", str(args.seed), "-o", str(base)],
                       check=True, stdout=subprocess.DEVNULL)
        (base / ".complete").write_text("ok")
    report = root / "report.json"
    print(f"# graphkit check at {args.people:,} people (seed {args.seed}), as of {AS_OF}; "
          f"jobs {args.jobs or 'default'}; folders in {root}", flush=True)
    head = (f"{'shape':18} {'wall s':>7} {'cpu s':>7} {'findings':>9} {'µs/finding':>10} "
            f"{'peak MB':>8} {'report MB':>9} {'build s':>7}")
    print(head)
    print("-" * len(head), flush=True)

    def line(name: str, r: dict[str, float], build: float) -> None:
        per = r["cpu"] / r["findings"] * 1e6 if r["findings"] else float("nan")
        print(f"{name:18} {r['wall']:7.1f} {r['cpu']:7.1f} {int(r['findings']):9,} "
              f"{per:10,.0f} {r['rss']:8,.0f} {r['mb']:9,.0f} {build:7.1f}", flush=True)

    base_run = run_check(base, report, args.jobs)
    line("baseline", base_run, 0.0)
    fingerprints = fingerprints_of(report) if "many-exceptions" in names else []
    for name in names:
        folder = root / f"{name}-{args.people}-{args.seed}"
        t = time.perf_counter()
        if not (folder / ".complete").exists():
            make_shape(name, base, folder, args.people, fingerprints)
            (folder / ".complete").write_text("ok")
        built = time.perf_counter() - t
        line(name, run_check(folder, report, args.jobs), built)
    report.unlink(missing_ok=True)
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
