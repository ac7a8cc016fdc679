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


def check(model: Model, as_of: date | str | None = None,
          policy: Policy | dict[str, Any] | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> Report:
    """Run the checks on ``model`` as of ``as_of`` (a date or ``"YYYY-MM-DD"``; default
    today) under ``policy`` (a Policy or its plain mapping; default the model's own); see
    :func:`graphkit.runner.run_checks`.

    >>> m = validate_model({"assets": [{"id": "crm"}]})
    >>> [f.subjects for f in check(m, as_of="2026-06-01", select=["orphan-item"]).findings]
    [['asset:crm']]
    >>> check(m, as_of="June")
    Traceback (most recent call last):
    ...
    graphkit.errors.UsageError: as_of: 'June' is not a date (expected YYYY-MM-DD)
    """
    from datetime import date as _date

    from .model import Policy as _Policy
    from .runner import run_checks

    if isinstance(as_of, str):
        try:
            as_of = _date.fromisoformat(as_of)
        except ValueError:
            raise UsageError(f"as_of: '{as_of}' is not a date (expected YYYY-MM-DD)") from None
    if isinstance(policy, dict):
        from pydantic import ValidationError

        from .model import issues_from_validation_error

        try:
            policy = _Policy.model_validate(policy)
        except ValidationError as exc:
            raise ModelError([Issue(i.message, field="policy." + (i.field or ""),
                                    expected=i.expected)
                              for i in issues_from_validation_error(exc)]) from None
    return run_checks(model, as_of=as_of, policy=policy, select=select, ignore=ignore)


def __getattr__(name: str) -> Any:
    # graphkit.load is graphkit.loaders.load, imported on first use: the loaders import
    # the model, so importing them here eagerly would make a cycle
    if name == "load":
        from .loaders import load

        return load
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
