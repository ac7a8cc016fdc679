"""Helpers for the check tests: read a fixture, run one check on it, name what it flags.

Fixtures live in ``fixtures/<check-id>/{pass,fail}.yaml`` and are read with
``yaml.safe_load`` and :func:`graphkit.model.validate_model`; every check runs as of
:data:`AS_OF` (that of :mod:`checkfixtures`) unless a test says otherwise. Unlike
:func:`checkfixtures.fixture`, :func:`fixture` here returns the plain data, so that a test
can vary it before validating.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from checkfixtures import AS_OF, FIXTURES

from graphkit.findings import Finding
from graphkit.model import Model, validate_model
from graphkit.runner import run_checks

__all__ = ["AS_OF", "FIXTURES", "findings", "fixture", "flagged", "subjects"]


def fixture(check: str, name: str) -> dict[str, Any]:
    """The plain data of ``fixtures/<check>/<name>.yaml``."""
    path = FIXTURES / check / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def findings(check: str, model: Model | dict[str, Any], as_of: date = AS_OF) -> list[Finding]:
    """The findings of one check (through the runner, as ``graphkit check --select``)."""
    m = model if isinstance(model, Model) else validate_model(model)
    return run_checks(m, as_of=as_of, select=[check]).findings


def flagged(check: str, model: Model | dict[str, Any], as_of: date = AS_OF
            ) -> set[frozenset[str]]:
    """The subject sets of one check's findings."""
    return {frozenset(f.subjects) for f in findings(check, model, as_of)}


def subjects(*refs: str) -> frozenset[str]:
    """One finding's subjects, as :func:`flagged` returns them."""
    return frozenset(refs)
