"""Commands about the model itself: ``validate``, ``schema``, ``convert``, ``summary``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.table import Table

from ..errors import UsageError
from ..model import Model
from . import app
from .options import MappingOpt, ModelArg, RaciOpt, load_model

__all__ = ["counts", "model_schema", "summary_counts"]

#: (attribute, singular, plural) of what ``validate`` counts.
_COUNTED = (
    ("people", "person", "people"), ("roles", "role", "roles"),
    ("assignments", "assignment", "assignments"), ("assets", "asset", "assets"),
    ("risks", "risk", "risks"), ("duties", "duty", "duties"),
    ("delegations", "delegation", "delegations"),
)


def counts(model: Model) -> str:
    """What a model holds, in words.

    >>> from graphkit.model import validate_model
    >>> counts(validate_model({"people": [{"id": "a"}], "roles": [{"id": "r"}, {"id": "s"}]}))
    '1 person, 2 roles, 0 assignments, 0 assets, 0 risks, 0 duties, 0 delegations, 0 SoD rules, 0 exceptions'
    """
    parts = []
    for attr, one, many in _COUNTED:
        n = len(getattr(model, attr))
        parts.append(f"{n} {one if n == 1 else many}")
    n = len(model.policy.sod)
    parts.append(f"{n} SoD rule{'' if n == 1 else 's'}")
    n = len(model.policy.exceptions)
    parts.append(f"{n} exception{'' if n == 1 else 's'}")
    return ", ".join(parts)


def model_schema() -> dict[str, Any]:
    """The JSON Schema of the model format (for editors that validate YAML and JSON)."""
    schema = Model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "graphkit model", **{k: v for k, v in schema.items() if k != "title"}}


def summary_counts(model: Model) -> dict[str, dict[str, int]]:
    """Nodes by kind and edges by kind of the model's graph (every kind, zeros included);
    ``missing`` counts managers and posts named by ``reports_to`` but not in the model.

    >>> from graphkit.model import validate_model
    >>> s = summary_counts(validate_model({"people": [{"id": "a", "reports_to": "z"}]}))
    >>> s["nodes"]["person"], s["nodes"]["missing"], s["edges"]["reports_to"]
    (1, 1, 1)
    """
    from ..graph import EDGE_KINDS, NODE_KINDS, build_graph

    G = build_graph(model)
    nodes: Counter[str] = Counter()
    for _, data in G.nodes(data=True):
        nodes["missing" if data.get("missing") else data["kind"]] += 1
    # every edge has a str ``kind`` (build_graph); the stubs type the looked-up value as Any
    kinds = cast("Iterable[tuple[str, str, str]]", G.edges(data="kind"))
    edges: Counter[str] = Counter(kind for _, _, kind in kinds)
    return {"nodes": {k: nodes.get(k, 0) for k in (*NODE_KINDS, "missing")},
            "edges": {k: edges.get(k, 0) for k in EDGE_KINDS}}


class SummaryFormat(str, Enum):
    table = "table"
    json = "json"


def _print_load_report(model: Model) -> None:
    """What a loader of a messy export found and did (a mapped organogram, a RACI matrix)."""
    report = model.load_report()
    if report is not None:
        for line in report.lines():
            print(line)


@app.command()
def validate(model: ModelArg, mapping: MappingOpt = None, raci: RaciOpt = None) -> None:
    """Check that MODEL reads and is valid; print every problem (exit 2) or what it holds."""
    loaded = load_model(model, mapping, raci)
    print(f"ok: {counts(loaded)}")
    _print_load_report(loaded)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write the schema to FILE instead of stdout.")]
    = None,
    mapping_format: Annotated[bool, typer.Option(
        "--mapping-format", help="The schema of the column-mapping format (--mapping FILE) "
                                 "instead.")] = False,
) -> None:
    """Print the JSON Schema of the model format (for editors that check YAML and JSON)."""
    if mapping_format:
        from ..loaders.mapping_format import mapping_json_schema

        text = json.dumps(mapping_json_schema(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = json.dumps(model_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        print(text, end="")
    else:
        output.write_text(text, encoding="utf-8")


def _is_occupied(path: Path) -> bool:
    if path.is_dir():
        return any(path.iterdir())
    return path.exists()


@app.command()
def convert(
    model: ModelArg,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="OUT",
        help="Where to write: a .yaml/.yml or .json file, or any other path for a folder of "
             "CSV files.", show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite OUT even if it exists and is not empty.")] = False,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Convert MODEL to YAML, JSON or a CSV folder (chosen by OUT's suffix)."""
    from ..loaders import save

    suffix = output.suffix.lower()
    as_file = suffix in (".yaml", ".yml", ".json")
    if as_file and output.is_dir():
        raise UsageError(f"{output}: is a folder; a {suffix} output must be a file")
    if not as_file and output.exists() and not output.is_dir():
        raise UsageError(f"{output}: is a file; give a folder for CSV output, or a .yaml, "
                         ".yml or .json name")
    if _is_occupied(output) and not force:
        raise UsageError(f"{output}: exists and is not empty; use --force to overwrite it")
    loaded = load_model(model, mapping, raci)
    save(loaded, output)
    kind = {".json": "JSON", ".yaml": "YAML", ".yml": "YAML"}.get(suffix, "a CSV folder")
    print(f"wrote {output} ({kind}): {counts(loaded)}")
    report = loaded.load_report()
    if report is not None:
        n = len(report.warnings)
        print(f"read {sum(f.rows for f in report.files)} rows from {len(report.files)} "
              f"file(s), every row accounted for: {n} warning{'' if n == 1 else 's'} "
              "(graphkit summary lists them)")


@app.command()
def summary(
    model: ModelArg,
    output_format: Annotated[SummaryFormat, typer.Option(
        "--format", "-f", help="table for people, json for programs.")] = SummaryFormat.table,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Count the nodes and edges of MODEL's graph, by kind; for a mapped export, also what
    was read (every row accounted for) and every warning."""
    loaded = load_model(model, mapping, raci)
    data: dict[str, Any] = dict(summary_counts(loaded))
    report = loaded.load_report()
    if output_format is SummaryFormat.json:
        if report is not None:
            data["load"] = report.model_dump(mode="json")
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    for title, what in (("nodes", "node kind"), ("edges", "edge kind")):
        table = Table(title=f"{title} by kind")
        table.add_column(what)
        table.add_column("count", justify="right")
        for kind, n in data[title].items():
            if title == "nodes" and kind == "missing" and n == 0:
                continue
            table.add_row(kind, f"{n:,}")
        table.add_row("[bold]total[/bold]", f"[bold]{sum(data[title].values()):,}[/bold]")
        console.print(table)
    if report is not None:
        console.print("load report", markup=False)
        for line in report.lines():  # names from the file: never rich markup
            console.print("  " + line, markup=False, soft_wrap=True)
