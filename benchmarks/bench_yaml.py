"""Read one YAML model file's data and element lines, the fast (block) way or PyYAML's node
tree, and print CPU seconds, wall seconds and the process's peak memory.

    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml              # as graphkit reads it
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --reference  # PyYAML's node tree
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --validate   # and validate_model

Run one per process (peak RSS is the process's). CPU is user + system time from
``resource.getrusage``; imports are not counted. It says whether the fast reader took the
file (it steps aside for anything outside plain block YAML). It asserts nothing: the
figures are for reading.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--reference", action="store_true",
                        help="PyYAML's node tree (compose, construct, lines), as before")
    parser.add_argument("--validate", action="store_true", help="validate_model the data too")
    args = parser.parse_args()

    from graphkit.loaders import _yamlblock, yamljson
    from graphkit.model import validate_model

    taken = []
    fast_reader = _yamlblock.read_block_yaml

    def reader(*a: object) -> object:
        found = None if args.reference else fast_reader(*a)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    yamljson.read_block_yaml = reader  # type: ignore[assignment]
    sections = tuple(where for _, where in yamljson._SOURCED)
    cpu, wall = _cpu(), time.perf_counter()
    data, lines = yamljson.read_yaml_sections(args.path, "a model file", sections)
    read_cpu, read_wall = _cpu() - cpu, time.perf_counter() - wall
    how = "fast block reader" if taken and taken[0] else "PyYAML node tree"
    print(f"{args.path}: read by the {how}: {read_cpu:.1f} s CPU, {read_wall:.1f} s wall, "
          f"{sum(len(v) for v in lines.values()):,} element lines; peak {_peak_mb():,.0f} MB")
    if args.validate:
        cpu, wall = _cpu(), time.perf_counter()
        validate_model(data)
        print(f"validate_model: {_cpu() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s "
              f"wall; peak {_peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
