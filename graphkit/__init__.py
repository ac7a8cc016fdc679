"""graphkit: who stays accountable, and the gaps an ISO/IEC 27001 auditor looks for."""

from __future__ import annotations

from .errors import GraphkitError, InputError, Issue, ModelError, UsageError
from .model import Model, validate_model

__version__ = "0.1.0"

__all__ = [
    "GraphkitError",
    "InputError",
    "Issue",
    "Model",
    "ModelError",
    "UsageError",
    "__version__",
    "validate_model",
]
