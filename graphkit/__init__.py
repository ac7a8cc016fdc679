"""graphkit: who stays accountable, and the gaps an ISO/IEC 27001 auditor looks for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import GraphkitError, InputError, Issue, ModelError, UsageError
from .model import Model, validate_model

if TYPE_CHECKING:
    from .loaders import load

__version__ = "0.1.0"

__all__ = [
    "GraphkitError",
    "InputError",
    "Issue",
    "Model",
    "ModelError",
    "UsageError",
    "__version__",
    "load",
    "validate_model",
]


def __getattr__(name: str) -> Any:
    # graphkit.load is graphkit.loaders.load, imported on first use: the loaders import
    # the model, so importing them here eagerly would make a cycle
    if name == "load":
        from .loaders import load

        return load
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
