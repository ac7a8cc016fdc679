"""Views: the model's graph as one self-contained, interactive HTML file.

:func:`render_view` is the one call: select what to draw (:mod:`.select`), render it
(:mod:`.html`). :func:`export_graph` writes the graph for Gephi, yEd or Cytoscape.

>>> from datetime import date
>>> from graphkit.model import validate_model
>>> m = validate_model({"organisation": {"id": "acme", "name": "Acme <Ltd>"},
...                     "people": [{"id": "alice"}]})
>>> page = render_view(m, as_of=date(2026, 1, 1))
>>> "<title>Acme &lt;Ltd&gt; — accountability view as of 2026-01-01</title>" in page
True
>>> "https://" in page.split("<script>")[0]
False
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..findings import Finding, Report
from ..model import Model
from .export import EXPORT_FORMATS, export_graph
from .html import render_html
from .select import DEFAULT_MAX_NODES, View, ViewTooLarge, select_view

__all__ = [
    "DEFAULT_MAX_NODES",
    "EXPORT_FORMATS",
    "View",
    "ViewTooLarge",
    "export_graph",
    "render_html",
    "render_view",
    "select_view",
]


def render_view(model: Model, *, as_of: date, focus: str | None = None, depth: int = 2,
                kinds: Iterable[str] | None = None,
                findings: Report | Iterable[Finding] | bool | None = None,
                finding: str | None = None, reporting: bool = False,
                max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """One self-contained HTML page drawing ``model`` as of ``as_of``.

    The options are :func:`~graphkit.view.select.select_view`'s: ``focus`` and ``depth``
    (the neighbourhood of one node), ``kinds`` (node kinds to keep), ``findings`` (a
    report or findings to mark, or ``True`` to run the checks), ``finding`` (draw only the
    proof of the finding with this fingerprint), ``reporting`` (the reporting tree).
    Raises :class:`ViewTooLarge` (a :class:`~graphkit.errors.GraphkitError`) above
    ``max_nodes``.
    """
    view = select_view(model, as_of=as_of, focus=focus, depth=depth, kinds=kinds,
                       findings=findings, finding=finding, reporting=reporting,
                       max_nodes=max_nodes)
    return render_html(view)
