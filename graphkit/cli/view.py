"""``graphkit view`` (one self-contained HTML page) and ``graphkit export`` (GraphML,
GEXF, Cytoscape JSON)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, Issue, UsageError
from . import app
from .options import AsOfOpt, MappingOpt, ModelArg, RaciOpt, load_model, parse_as_of

__all__ = ["export_command", "view_command"]


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    cytoscape = "cytoscape"


def _write(path: Path, text: str) -> None:
    if str(path) == "-":
        sys.stdout.write(text)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(Issue(f"cannot write: {exc.strerror or exc}", file=str(path),
                               expected="a writable file path")) from None


def _kinds(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [k.strip() for v in values for k in v.split(",") if k.strip()]


@app.command("view")
def view_command(
    model: ModelArg,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Where to write the HTML page ('-' for standard output; default: "
             "MODEL's name with .html, in the current folder).")] = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", metavar="NODE",
        help="Draw only the neighbourhood of this node (kind:id, or an id unique among "
             "kinds), e.g. person:alice or asset:crm.")] = None,
    depth: Annotated[int | None, typer.Option(
        "--depth", min=0, metavar="N",
        help="With --focus: how many links away from the focus to draw (default 2).")] = None,
    kinds: Annotated[list[str] | None, typer.Option(
        "--kinds", metavar="KINDS",
        help="Draw only nodes of these kinds, comma-separated: person, role, asset, risk, "
             "duty.")] = None,
    findings: Annotated[bool, typer.Option(
        "--findings", help="Run the checks and mark the nodes they name; each node's "
                           "tooltip lists its findings.")] = False,
    finding: Annotated[str | None, typer.Option(
        "--finding", metavar="FINGERPRINT",
        help="Draw only the proof of one finding (its fingerprint, or a unique prefix of "
             "8 or more characters, from `graphkit check --format json`).")] = None,
    reporting: Annotated[bool, typer.Option(
        "--reporting", help="Draw the reporting lines of people and posts as a tree.")] = False,
    max_nodes: Annotated[int, typer.Option(
        "--max-nodes", min=1, metavar="N",
        help="Refuse a view of more nodes than this.")] = 300,
    as_of: AsOfOpt = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Write one self-contained HTML page that draws the model (works offline).

    Large models need --focus NODE --depth N (or --kinds): a view of more than
    --max-nodes nodes is refused rather than drawn as a hairball.
    """
    from ..view import render_html, select_view

    if depth is not None and focus is None:
        raise UsageError("--depth needs --focus NODE (the node to start from)")
    day = parse_as_of(as_of)
    m = load_model(model, mapping, raci)
    view = select_view(m, as_of=day, focus=focus, depth=2 if depth is None else depth,
                       kinds=_kinds(kinds), findings=True if findings else None,
                       finding=finding, reporting=reporting, max_nodes=max_nodes)
    page = render_html(view)
    target = output if output is not None else Path(model.stem + ".html")
    _write(target, page)
    if str(target) != "-":
        print(f"wrote {target}: {len(view.nodes)} nodes, {len(view.edges)} edges "
              f"({view.subtitle})")


@app.command("export")
def export_command(
    model: ModelArg,
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="graphml (yEd, Gephi), gexf (Gephi) or cytoscape "
                               "(Cytoscape.js JSON, which Cytoscape imports).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Where to write (default: MODEL's name with .graphml, .gexf or .cyjs).")] = None,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Write the model's graph for Gephi, yEd or Cytoscape, with node and edge kinds as
    attributes."""
    from ..view import EXPORT_FORMATS, export_graph

    m = load_model(model, mapping, raci)
    target = output if output is not None else Path(model.stem + EXPORT_FORMATS[fmt.value])
    G = export_graph(m, target, fmt.value)
    print(f"wrote {target}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
