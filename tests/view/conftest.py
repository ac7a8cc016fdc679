"""Fixtures for the view tests (the models themselves are in viewmodels.py)."""

from __future__ import annotations

import pytest
from viewmodels import hostile_model, small_model

from graphkit.model import Model


@pytest.fixture
def small() -> Model:
    return small_model()


@pytest.fixture
def hostile() -> Model:
    return hostile_model()
