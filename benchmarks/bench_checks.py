"""Benchmark graphkit's check pipeline on generated organisations, stage by stage.

For each size: generate (cached under a temporary folder by size and seed), then, in a
fresh Python process per size so that peak memory is honest, run the real pipeline
stage by stage -- read and validate (column-wise, or the row-by-row reference path
when the fast path cannot vouch for the folder), the model's objects, build (Context),
each check family with the rendering of its findings into the spool (timed through
``check_and_write(on_step=...)`` in one process), the report framed from the spool --
printing seconds and the process's peak RSS after each stage; the what-if ranking on
both engines (``queries.whatif.rank`` with its own Context; ``graphkit.compact`` with
its own tables); then ``graphkit check --format json -o FILE`` (a real file, deleted
afterwards; two processes on a two-core machine) and ``graphkit whatif --rank --top 20``
end to end (wall time, CPU time of the command and its worker, and peak memory: the
larger of the biggest process's peak RSS and the peak summed PSS of the processes), and
the networkx baseline (``baseline_nx.py``) in its own process, with the ratio. A table
at the end is ready to paste into the README. Nothing here asserts a time.

Any model can be measured the same way with ``--model PATH`` (a CSV folder, a YAML or a
JSON file, e.g. a model nobody here generated), checked as of ``--as-of``; a file is read
with :func:`graphkit.loaders.load` as ``graphkit check`` reads it (one stage), and the
networkx baseline, which reads CSV folders, runs for folders only.

Usage::

    python benchmarks/bench_checks.py                      # 10k and 100k
    python benchmarks/bench_checks.py --sizes 1000000      # 1M
    python benchmarks/bench_checks.py --sizes 100000 --no-baseline --no-stages
    python benchmarks/bench_checks.py --sizes --model path/to/model.yaml --as-of 2026-12-01
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

AS_OF = "2026-12-01"
HERE = Path(__file__).resolve().parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dataset(people: int, seed: int, cache: Path) -> Path:
    """The generated folder for ``people`` and ``seed``, generated once per cache."""
    from graphkit.generate import generate

    folder = cache / f"org-{people}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        t = time.perf_counter()
        generate(people, seed=seed, out=folder)
        done.write_text("ok")
        print(f"# generated {people:,} people (seed {seed}) in "
              f"{time.perf_counter() - t:.1f} s (peak RSS so far {_peak_mb():,.0f} MB): {folder}",
              file=sys.stderr)
    return folder


class _Counted:
    """A binary file that counts the bytes written to it."""

    def __init__(self, out: Any) -> None:
        self.out = out
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.bytes += len(data)
        self.out.write(data)


def stages(folder: Path, until: str | None = None, as_of: str = AS_OF) -> list[dict[str, Any]]:
    """Run the pipeline stage by stage in this process, as ``graphkit check`` does; one
    record per stage. With ``until`` (``read``, ``validate`` or ``build``), stop after
    that stage. For a CSV folder, read and validate are the column-wise fast path
    (:mod:`graphkit.loaders.columns`) when it proves the folder valid, else the
    row-by-row reference path (the stage names say which); a YAML or JSON file is one
    stage, :func:`graphkit.loaders.load`."""
    from datetime import date

    from graphkit.compact.frames import frames_from_columns
    from graphkit.compact.rank import rank_tables
    from graphkit.compact.tables import build_tables
    from graphkit.loaders.columns import model_from_columns, validated_columns
    from graphkit.loaders.csvfolder import read_csv_data, validate_csv_data
    from graphkit.queries.registry import CHECKS
    from graphkit.queries.whatif import rank
    from graphkit.pipeline import check_and_write
    from graphkit.render import Format, about_model

    from graphkit.loaders import load

    day = date.fromisoformat(as_of)
    family = {c.id: c.family for c in CHECKS}
    out: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    cpu = [_cpu()]

    def mark(stage: str, start: float, **extra: Any) -> float:
        now = time.perf_counter()
        c = _cpu()
        out.append({"stage": stage, "seconds": now - start, "cpu": c - cpu[0],
                    "peak_mb": _peak_mb(), **extra})
        cpu[0] = c
        return now

    t = t0
    columns = validated_columns(folder) if folder.is_dir() else None
    if not folder.is_dir():
        model = load(folder)
        t = mark(f"load ({folder.suffix.lstrip('.').upper() or 'file'}: read, validate, "
                 "objects)", t)
        if until in ("read", "validate"):
            return out
    elif columns is not None:
        t = mark("read + validate (columns)", t)
        if until in ("read", "validate"):
            return out
        model = model_from_columns(columns)
        t = mark("model objects", t)
    else:
        raw = read_csv_data(folder)
        t = mark("read (reference path)", t)
        if until == "read":
            return out
        model = validate_csv_data(raw)
        del raw
        t = mark("validate (reference path)", t)
    if until == "validate":
        return out

    families: dict[str, dict[str, Any]] = {}
    last = [t]

    def step(done: str, found: int) -> None:
        now = time.perf_counter()
        if done == "context":
            mark("build (context)", last[0])
        elif done == "report":
            mark("spooled (counts, order)", last[0], findings=found)
        else:
            c = _cpu()
            rec = families.setdefault(family[done], {"seconds": 0.0, "cpu": 0.0,
                                                     "findings": 0})
            rec["seconds"] += now - last[0]
            rec["cpu"] += c - cpu[0]
            rec["findings"] += found
            cpu[0] = c
        last[0] = time.perf_counter()

    if until == "build":
        from graphkit.semantics import Context

        Context.build(model, day)
        mark("build (context)", t)
        return out
    # as `graphkit check -f json -o FILE` runs it, in one process (the end-to-end run
    # below uses two): each check's findings rendered into the spool as it goes
    with open(os.devnull, "wb") as f:
        written = _Counted(f)
        check_and_write(model, Format.json, written, as_of=day, on_step=step, jobs=1,
                        about=about_model(model, model_path=folder, checks=CHECKS))
    at = next(i for i, r in enumerate(out) if r["stage"] == "spooled (counts, order)")
    for name, rec in families.items():
        out.insert(at, {"stage": f"check + render: {name}", "peak_mb": _peak_mb(), **rec})
        at += 1
    t = mark("write (JSON framed from the spool)", last[0], bytes=written.bytes)
    out.append({"stage": "total (in process)", "seconds": t - t0,
                "cpu": sum(r["cpu"] for r in out), "peak_mb": _peak_mb()})
    s = time.perf_counter()
    ranking = rank(model, day)
    mark("whatif rank, reference (own Context)", s, people=len(ranking))
    if columns is not None:
        del model
        s = time.perf_counter()
        compact = rank_tables(build_tables(frames_from_columns(columns), day))
        mark("whatif rank, compact (own tables)", s, people=len(compact))
    return out


def _tree_memory(pid: int) -> tuple[float, float]:
    """The summed PSS and RSS (MB) of ``pid`` and its descendants, from /proc (0 where
    there is no /proc). PSS shares each page among the processes that map it, so the
    sum is what they take together (a forked worker shares its parent's model)."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    pss = rss = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024, rss / 1024


#: The share of one core the memory sampler may take: reading a process's PSS walks its
#: page tables (about 0.1 s for a 6 GB process, holding its memory map's lock), so the
#: sampler waits at least this many times as long as its last reading took. Sampling
#: every half second regardless took about a third of a core at a million people and
#: slowed the run it measured by 15-20 s.
_SAMPLER_SHARE = 0.05


def _timed(cmd: list[str]) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds (the command's and its worker's) and peak memory (MB)
    of the command, exit code, stderr tail. Peak memory is the larger of the biggest
    process's peak RSS (``wait4``, exact) and the peak of the processes' summed PSS (a
    second process shares its parent's pages; PSS counts them once), sampled every half
    second, or less often when a reading is slow (see :data:`_SAMPLER_SHARE`)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        wait = 0.5
        while not done.wait(wait):
            began = time.perf_counter()
            peak[0] = max(peak[0], _tree_memory(proc.pid)[0])
            wait = max(0.5, (time.perf_counter() - began) / _SAMPLER_SHARE)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return (wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss / 1024, peak[0]),
            os.waitstatus_to_exitcode(status), err[-400:])


def _people(folder: Path) -> int:
    """The rows of a CSV folder's people.csv (its header and blank lines not counted)."""
    with open(folder / "people.csv", "rb") as f:
        return max(0, sum(1 for line in f if line.strip()) - 1)


def graphkit_cmd() -> list[str]:
    return [sys.executable, "-m", "graphkit"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="generated organisations to measure, by people (none: only "
                             "--model)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="also measure this model (CSV folder, YAML or JSON file); "
                             "may be repeated")
    parser.add_argument("--as-of", default=AS_OF,
                        help=f"the date the checks are run as of (default {AS_OF}, the "
                             "generated organisations' date)")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "graphkit-bench")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-stages", action="store_true")
    parser.add_argument("--baseline-key-person-cap", type=int, default=None,
                        help="people the baseline removes and re-checks for key-person "
                             "(default 200,000 / size: 20 at 10k, 2 at 100k)")
    parser.add_argument("--until", choices=["read", "validate", "build"],
                        help="stop the stages there, and skip end to end and baseline (for "
                             "sizes whose full run would not fit in memory)")
    parser.add_argument("--stages-json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stages_json is not None:  # child: one size's stages
        from graphkit.semantics import paused_gc as gc_paused

        with gc_paused():  # as graphkit.load and run_checks do
            records = stages(args.stages_json, args.until, args.as_of)
        print(json.dumps(records))
        return

    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"# machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    table: list[tuple[str, ...]] = []
    for model in args.model:
        if not model.exists():
            parser.error(f"--model {model}: no such file or folder")
    targets = [(f"{n:,}", f"{n:,} people (seed {args.seed})", dataset(n, args.seed, args.cache))
               for n in args.sizes]
    targets += [(model.name, f"model {model}", model) for model in args.model]
    for name, title, folder in targets:
        print(f"\n## {title}")
        if not args.no_stages:
            cmd = [sys.executable, __file__, "--stages-json", str(folder), "--as-of", args.as_of]
            res = subprocess.run(cmd + (["--until", args.until] if args.until else []),
                                 capture_output=True, text=True, check=True)
            print(f"{'stage':38} {'seconds':>8} {'CPU s':>8} {'peak RSS MB':>12}  note")
            recs = json.loads(res.stdout.strip().splitlines()[-1])
            for rec in recs:
                note = ", ".join(f"{k} {v:,}" for k, v in rec.items()
                                 if k in ("findings", "bytes", "people"))
                print(f"{rec['stage']:38} {rec['seconds']:8.2f} {rec['cpu']:8.2f} "
                      f"{rec['peak_mb']:12.0f}  {note}")
        if args.until:
            continue
        # written to a real file, as a user would
        report = Path(tempfile.mkstemp(suffix=".json", dir=args.cache)[1])
        wall, cpu, mb, code, err = _timed(graphkit_cmd() + ["check", str(folder), "--as-of",
                                                            args.as_of,
                                                        "--format", "json", "-o", str(report)])
        report.unlink(missing_ok=True)
        print(f"graphkit check end to end: {wall:.2f} s ({cpu:.2f} s CPU), peak {mb:,.0f} MB, "
              f"exit {code}")
        if code not in (0, 1):
            print(err, file=sys.stderr)
        row = [name, f"{wall:.1f}", f"{cpu:.1f}", f"{mb:,.0f}"]
        rwall, rcpu, rmb, rcode, rerr = _timed(graphkit_cmd() + [
            "whatif", str(folder), "--rank", "--top", "20", "--as-of", args.as_of])
        if rcode in (0, 1):
            print(f"graphkit whatif --rank --top 20 end to end: {rwall:.2f} s ({rcpu:.2f} s "
                  f"CPU), peak {rmb:,.0f} MB")
        else:
            print(f"graphkit whatif --rank failed (exit {rcode}): {rerr.strip()[-200:]}",
                  file=sys.stderr)
        row += [f"{rcpu:.1f}" if rcode in (0, 1) else "-"]
        whatif = [r for r in recs if r["stage"].startswith("whatif")] if not args.no_stages \
            else []
        row += [f"{whatif[0]['seconds']:.1f}" if whatif else "-"]
        if not args.no_baseline and folder.is_dir():
            people = _people(folder)
            cap = args.baseline_key_person_cap or max(1, 200_000 // max(people, 1))
            bout = Path(tempfile.mkstemp(suffix=".txt")[1])
            bwall, bcpu, bmb, bcode, berr = _timed(
                [sys.executable, str(HERE / "baseline_nx.py"), str(folder), "--as-of", args.as_of,
                 "--key-person-cap", str(cap), "--out", str(bout)])
            if bcode == 0:
                words = next((ln.split() for ln in bout.read_text().splitlines()
                              if ln.startswith("KEY_PERSON_SECONDS")), None)
                kp, kp_all = (float(words[1]), float(words[3])) if words else (0.0, 0.0)
                full = bcpu - kp + kp_all
                print(f"networkx baseline: {bwall:.2f} s ({bcpu:.2f} s CPU, of which key-person "
                      f"for {cap} people {kp:.1f} s), peak {bmb:,.0f} MB; key-person for "
                      f"everyone would add about {kp_all:,.0f} s")
                print(f"ratio baseline/graphkit: without key-person {(bcpu - kp) / cpu:.1f}x CPU "
                      f"time; with key-person for everyone about {full / cpu:,.0f}x; "
                      f"{bmb / mb:.1f}x memory")
                row += [f"{bcpu - kp:.1f} + {kp_all:,.0f}", f"{bmb:,.0f}",
                        f"{(bcpu - kp) / cpu:.1f}x / {full / cpu:,.0f}x"]
            else:
                print(f"networkx baseline failed (exit {bcode}): {berr}", file=sys.stderr)
                row += ["-", "-", "-"]
            bout.unlink(missing_ok=True)
        else:
            row += ["-", "-", "-"]
        table.append(tuple(row))
    print("\n| people (or model) | check wall s | check CPU s | check peak MB | whatif --rank CPU s "
          "| rank() in process s "
          "| nx baseline CPU s (+ key-person for everyone, extrapolated) | nx baseline peak MB "
          "| baseline / graphkit CPU (without / with key-person) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
