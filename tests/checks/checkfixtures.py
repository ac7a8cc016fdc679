"""Helpers for the check tests: fixtures live in fixtures/<check-id>/{pass,fail}.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from graphkit.model import Model, validate_model

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: Every fixture is read as of this date.
AS_OF = date(2026, 6, 1)


def load_fixture(path: Path) -> Model:
    """A fixture model (YAML read safely, then validated)."""
    with path.open(encoding="utf-8") as fh:
        return validate_model(yaml.safe_load(fh), source=str(path))


def fixture(check_id: str, which: str) -> Model:
    return load_fixture(FIXTURES / check_id / f"{which}.yaml")
