"""Read one YAML model file's data and element lines, the fast (block) way or PyYAML's node
tree, and print CPU seconds, wall seconds and the process's peak memory.

    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml              # as graphkit reads it
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --reference  # PyYAML's node tree
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --validate   # and validate_model
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --repeat 3   # least CPU of 3 reads
    python benchmarks/bench_yaml.py /tmp/pp/m100k.yaml --columns    # and validated_data, model

Run one per process (peak RSS is the process's). CPU is user + system time from
``resource.getrusage``; imports are not counted; the cyclic collector is off, as in
graphkit's command line. It says whether the fast reader took the
file (it steps aside for anything outside plain block YAML). It asserts nothing: the
figures are for reading.
"""

from __future__ import annotations

import argparse
import gc
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
    parser.add_argument("--columns", action="store_true",
                        help="validate the data column-wise too (validated_data, as graphkit "
                             "does for a large model) and make the model objects")
    parser.add_argument("--repeat", type=int, default=1,
                        help="read this many times and print the least CPU (the machine is shared)")
    args = parser.parse_args()
    gc.disable()  # (as graphkit's command line does: reference counting frees everything)

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
    read_cpu = read_wall = float("inf")
    found = None
    for _ in range(max(1, args.repeat)):
        found = None  # (the last reading's objects go before the next is made)
        cpu, wall = _cpu(), time.perf_counter()
        found = yamljson.read_yaml_sections(args.path, "a model file", sections)
        read_cpu = min(read_cpu, _cpu() - cpu)
        read_wall = min(read_wall, time.perf_counter() - wall)
    assert found is not None
    data, lines = found
    how = "fast block reader" if taken and taken[0] else "PyYAML node tree"
    print(f"{args.path}: read by the {how}: {read_cpu:.1f} s CPU, {read_wall:.1f} s wall, "
          f"{sum(len(v) for v in lines.values()):,} element lines; peak {_peak_mb():,.0f} MB")
    if args.columns:
        from graphkit.loaders.columns import model_from_columns, validated_data

        cpu, wall = _cpu(), time.perf_counter()
        columns = validated_data(data, str(args.path))
        print(f"validated_data: {_cpu() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s "
              f"wall ({'taken' if columns is not None else 'stepped aside'})")
        if columns is not None:
            cpu, wall = _cpu(), time.perf_counter()
            model_from_columns(columns, {})
            print(f"model objects: {_cpu() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s "
                  f"wall; peak {_peak_mb():,.0f} MB")
    if args.validate:
        cpu, wall = _cpu(), time.perf_counter()
        validate_model(data)
        print(f"validate_model: {_cpu() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s "
              f"wall; peak {_peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
