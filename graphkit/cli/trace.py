"""``graphkit trace MODEL ITEM``: who stays accountable for one item, and every chain."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from . import app
from .options import AsOfOpt, MappingOpt, ModelArg, RaciOpt, load_model, parse_as_of

__all__ = ["trace_tree"]


class TraceFormat(str, Enum):
    tree = "tree"
    json = "json"


def _who(p) -> str:  # type: ignore[no-untyped-def]
    bits = [p.status]
    if p.deputy:
        bits.insert(0, "deputy")
    if p.via:
        bits.append("via " + " > ".join(p.via))
    mark = "[green]✓[/]" if p.can_act else "[red]✗[/]"
    name = f" ({escape(p.name)})" if p.name else ""
    return f"{mark} {escape(p.person)}{name} [dim]{escape(', '.join(bits))}[/]"


def _link_label(link) -> str:  # type: ignore[no-untyped-def]
    dates = f"{link.from_date or '…'} – {link.until or '…'}"
    state = "[green]in force[/]" if link.in_force else "[yellow]not in force[/]"
    if link.founded is False:
        state += ", [red]unfounded[/]"
    elif link.founded:
        state += ", founded"
    text = (f"{escape(link.from_)} → {escape(link.to)}  [bold]{escape(link.delegation)}[/] "
            f"[dim]{escape(dates)}[/] {state}")
    if link.note:
        text += f" [magenta]({link.note})[/]"
    return text


def trace_tree(t) -> Tree:  # type: ignore[no-untyped-def]
    """A rich Tree of a :class:`~graphkit.queries.trace.Trace` (every name escaped)."""
    title = escape(t.item) + (f" — {escape(t.name)}" if t.name else "")
    root = Tree(f"[bold]{title}[/] [dim]({t.criticality}, as of {t.as_of})[/]")
    acc = root.add("[bold]accountable[/] (stays accountable whatever is delegated)")
    if not t.accountable:
        acc.add("[red]nobody: no owner[/]")
    for party in t.accountable:
        node = acc.add(f"{party.relation} {escape(party.party)}")
        for p in party.people:
            node.add(_who(p))
        if not party.people:
            node.add("[red]nobody holds it[/]")
    res = root.add("[bold]responsible[/]")
    for party in t.responsible:
        node = res.add(f"{party.relation} {escape(party.party)}")
        for p in party.people:
            node.add(_who(p))
        if not party.people:
            node.add("[red]nobody holds it[/]")
    if not t.responsible:
        res.add("[dim]no responsible party named[/]")
    if t.chains:
        chains = root.add("[bold]delegations[/]")

        def add(parent: Tree, link) -> None:  # type: ignore[no-untyped-def]
            label = _link_label(link)
            if link.side:
                label += f" [dim](from the {link.side} side)[/]"
            elif link.side is None and parent is chains:
                label += " [dim](from outside the item's parties)[/]"
            node = parent.add(label)
            for p in link.people:
                node.add(_who(p))
            for child in link.children:
                add(node, child)

        for link in t.chains:
            add(chains, link)
    acting = ", ".join(escape(p) for p in t.acting) or "[red]nobody[/]"
    root.add(f"[bold]who acts[/]: {acting}")
    return root


@app.command("trace")
def trace_command(
    model: ModelArg,
    item: Annotated[str, typer.Argument(help="The asset, risk or duty to trace: asset:crm "
                                             "(a bare id when it names one item).",
                                        show_default=False)],
    as_of: AsOfOpt = None,
    fmt: Annotated[TraceFormat, typer.Option("--format", "-f",
                                             help="tree (for people) or json.")] =
    TraceFormat.tree,
    mapping: MappingOpt = None,
    raci: RaciOpt = None,
) -> None:
    """Trace who stays accountable for an item, and every delegation chain to the people
    who act."""
    from graphkit.queries.trace import trace

    day = parse_as_of(as_of)
    m = load_model(model, mapping, raci)
    t = trace(m, item, as_of=day)
    if fmt is TraceFormat.json:
        typer.echo(json.dumps(t.model_dump(mode="json", by_alias=True), indent=2,
                              ensure_ascii=False))
    else:
        Console(highlight=False).print(trace_tree(t))
