"""graphkit: who stays accountable, and the gaps an ISO/IEC 27001 auditor looks for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import GraphkitError, InputError, Issue, ModelError, UsageError
from .model import Model, validate_model

if TYPE_CHECKING:
    from datetime import date

    from .findings import Report
    from .loaders import load
    from .model import Policy

__version__ = "0.1.0"

__all__ = [
    "GraphkitError",
    "InputError",
    "Issue",
    "Model",
    "ModelError",
    "UsageError",
    "__version__",
    "check",
    "load",
    "validate_model",
]


def check(model: Model, as_of: date | None = None, policy: Policy | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> Report:
    """Run the checks on ``model`` as of ``as_of`` (default today) under ``policy``
    (default the model's own); see :func:`graphkit.runner.run_checks`.

    >>> from datetime import date
    >>> m = validate_model({"assets": [{"id": "crm"}]})
    >>> [f.subjects for f in check(m, as_of=date(2026, 6, 1), select=["orphan-item"]).findings]
    [['asset:crm']]
    """
    from .runner import run_checks

    return run_checks(model, as_of=as_of, policy=policy, select=select, ignore=ignore)


def __getattr__(name: str) -> Any:
    # graphkit.load is graphkit.loaders.load, imported on first use: the loaders import
    # the model, so importing them here eagerly would make a cycle
    if name == "load":
        from .loaders import load

        return load
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
