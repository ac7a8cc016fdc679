"""Every Examples section in the library's docstrings runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graphkit


def _modules() -> list[str]:
    names = set()
    for package in ("graphkit", "graphkit.loaders", "graphkit.queries"):
        module = importlib.import_module(package)
        names.add(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=package + "."):
            names.add(info.name)
    names.discard("graphkit.__main__")
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
