"""How each kind of node and edge looks in a view, and the legend that says so.

One table per element: colours, vis-network shapes and dash patterns, chosen so that
the kinds an auditor must tell apart stay apart even in greyscale: a delegation is
dashed, a deputy's hold is dash-dotted, inheritance is dotted, everything else solid.

>>> NODE_STYLES["risk"].shape
'triangle'
>>> EDGE_STYLES["delegation"].dashes
(12, 6)
>>> edge_style_key("holds", deputy=True)
'holds-deputy'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "SEVERITY_COLOURS",
    "STATE_STYLES",
    "EdgeStyle",
    "NodeStyle",
    "edge_style_key",
]


@dataclass(frozen=True)
class NodeStyle:
    """The look of one node kind: a vis-network shape, fill and border colours."""

    name: str
    shape: str
    fill: str
    border: str
    size: int = 14


@dataclass(frozen=True)
class EdgeStyle:
    """The look of one edge kind: colour, width and dash pattern (``()`` is solid)."""

    name: str
    colour: str
    width: float = 1.5
    dashes: tuple[int, ...] = ()


NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("Person", "dot", "#90caf9", "#1565c0"),
    "role": NodeStyle("Role", "box", "#ffe0b2", "#ef6c00"),
    "asset": NodeStyle("Asset", "hexagon", "#c8e6c9", "#2e7d32"),
    "risk": NodeStyle("Risk", "triangle", "#ffcdd2", "#c62828"),
    "duty": NodeStyle("Duty (process or control)", "diamond", "#e1bee7", "#6a1b9a"),
}

#: Overrides for a person or post in a particular state.
STATE_STYLES: dict[str, NodeStyle] = {
    "absent": NodeStyle("Person absent (holds roles, cannot act)", "dot", "#e3f2fd", "#1565c0"),
    "leaver": NodeStyle("Leaver", "dot", "#e0e0e0", "#616161"),
    "missing": NodeStyle("Named by a reporting line, not in the model", "dot", "#f5f5f5",
                         "#9e9e9e"),
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "holds": EdgeStyle("holds (primary)", "#546e7a", 2.0),
    "holds-deputy": EdgeStyle("holds as deputy", "#00897b", 2.0, (10, 4, 2, 4)),
    "inherits": EdgeStyle("inherits (holder of one is holder of the other)", "#8d6e63", 2.0,
                          (2, 5)),
    "reports_to": EdgeStyle("reports to", "#9e9e9e", 1.5),
    "owner": EdgeStyle("owner (accountable)", "#2e7d32", 3.0),
    "custodian": EdgeStyle("custodian", "#66bb6a", 1.5),
    "accountable": EdgeStyle("accountable (RACI A)", "#6a1b9a", 3.0),
    "responsible": EdgeStyle("responsible (RACI R)", "#ab47bc", 1.5),
    "consulted": EdgeStyle("consulted (RACI C)", "#b0bec5", 1.0),
    "informed": EdgeStyle("informed (RACI I)", "#cfd8dc", 1.0),
    "delegation": EdgeStyle("delegation (moves responsibility, not accountability)",
                            "#e65100", 2.5, (12, 6)),
    "delegated": EdgeStyle("responsible through a delegation", "#ab47bc", 1.5, (12, 6)),
    "accepted": EdgeStyle("accepted the residual risk", "#c62828", 1.5),
    "affects": EdgeStyle("risk affects asset", "#ef9a9a", 1.0),
}

#: Border colour of a node with findings, by the highest severity among them.
SEVERITY_COLOURS: dict[str, str] = {
    "critical": "#b71c1c",
    "high": "#e53935",
    "medium": "#fb8c00",
    "low": "#fdd835",
    "info": "#42a5f5",
}


def edge_style_key(kind: str, *, deputy: bool = False) -> str:
    """The key into :data:`EDGE_STYLES` for an edge of ``kind``."""
    if kind == "holds" and deputy:
        return "holds-deputy"
    return kind if kind in EDGE_STYLES else "reports_to"
