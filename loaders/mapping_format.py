"""The mapping format: which spreadsheet columns become which post, holder and assignment
fields, and how their values are normalised (see ``docs/mapping.md``).

A mapping is a YAML file validated by :class:`Mapping`; its JSON Schema is
:func:`mapping_json_schema` (also ``docs/mapping.schema.json``). A built-in mapping is
named by its file stem in ``loaders/mappings`` (``uk-organogram``). A mapping file may say
``extends: uk-organogram`` and change only what differs (mappings merge key by key).

>>> m = resolve_mapping("uk-organogram")
>>> m.posts.columns.id, m.posts.top_markers
(['Post Unique Reference'], ['XX'])
>>> placeholder_key("'N/D'") == placeholder_key("nd")
True
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)

from ..errors import InputError, Issue, ModelError
from ..model import loc_to_field

__all__ = [
    "BUILTIN_MAPPINGS",
    "IdRules",
    "JuniorColumns",
    "JuniorFile",
    "Mapping",
    "MappingLimits",
    "OrganisationSpec",
    "Placeholders",
    "PostColumns",
    "PostsFile",
    "ValueRules",
    "builtin_mapping_names",
    "mapping_json_schema",
    "placeholder_key",
    "resolve_mapping",
]

_MAX_MAPPING_BYTES = 1024 * 1024
_MAX_EXTENDS = 8


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_COLUMN_DOC = ("a column name, or a list of alternative names; matched ignoring letter case "
               "and repeated spaces")
Column = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_as_list),
    Field(min_length=1, description=_COLUMN_DOC),
    WithJsonSchema({"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ], "description": _COLUMN_DOC}),
]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueRules(_Spec):
    """How every cell is cleaned before it is used."""

    trim: bool = Field(default=True, description="remove spaces around values")
    collapse_spaces: bool = Field(
        default=True, description="read runs of spaces in names, titles and units as one space")
    strip_quotes: bool = Field(
        default=True, description="remove stray quotes: around a value, and any double quote "
                                  "inside an id or a name (each removal is reported)")


class IdRules(_Spec):
    """How post references are compared (the id keeps its spelling in its own row)."""

    strip_leading_zeros: bool = Field(default=True, description="'007' and '7' are the same post")
    case_insensitive: bool = Field(default=True, description="'ab12' and 'AB12' are the same post")
    integral_floats: bool = Field(default=True, description="'12.0' (a spreadsheet number) is '12'")


class Placeholders(_Spec):
    """Holder cells that are not a person. Compared ignoring case, spaces and punctuation
    (``N/D``, ``n/d``, ``ND``, ``'N.D.'`` are one spelling); a cell whose first word is a
    one-word vacant or eliminated placeholder (``Vacant - under recruitment``) counts too,
    with a warning."""

    vacant: list[str] = ["Vacant", "Vacancy", "Unfilled"]
    eliminated: list[str] = ["Eliminated", "Post eliminated", "Abolished"]
    undisclosed: list[str] = ["N/D", "Not disclosed", "Undisclosed", "N/A", "Withheld",
                              "Not applicable", "Redacted"]
    empty: Literal["vacant", "undisclosed"] = Field(
        default="vacant", description="what an empty holder cell is read as (always reported)")


class PostColumns(_Spec):
    """Columns of the posts file (one row per post, with its holder)."""

    id: Column = Field(description="the post reference: role id (required)")
    name: Column | None = Field(default=None, description="role name (job title)")
    description: Column | None = None
    department: Column | None = None
    reports_to: Column | None = Field(default=None, description="the parent post reference")
    grade: Column | None = None
    fte: Column | None = None
    holder: Column | None = Field(default=None, description="the holder's name, or a placeholder")
    holder_id: Column | None = Field(default=None, description="an employee number: the person id "
                                                       "(default: derived from the name)")


class PostsFile(_Spec):
    sheet: str | None = Field(default=None, description="xlsx sheet (default: the first)")
    header_row: int = Field(default=1, ge=1, le=1000)
    columns: PostColumns
    top_markers: list[str] = Field(default=["XX"], description="parent values that mark a top post "
                                                       "(compared ignoring case)")
    organisation_columns: list[str] = Field(
        default=[], description="a holder name equal to this column's value in the same row is the "
                        "organisation itself, not a person: the post gets no holder and "
                        "min_holders 0 (reported)")


class JuniorColumns(_Spec):
    reports_to: Column = Field(description="the senior post the junior posts report to")
    name: Column | None = None
    grade: Column | None = None
    fte: Column | None = None
    department: Column | None = None


class JuniorFile(_Spec):
    """A second file of aggregated posts under the posts of the first."""

    file: str | None = Field(default=None, description="path, relative to the posts file's folder")
    beside: dict[str, str] = Field(
        default={}, description="when no file is named: replace this text in the posts file's name "
                        "(last occurrence, ignoring case) to find the junior file beside it")
    required: bool = Field(default=False, description="a missing junior file is an error, not a "
                                              "warning")
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1, le=1000)
    columns: JuniorColumns
    min_holders: int = Field(default=0, ge=0, description="junior posts name no holders; 0 keeps "
                                                  "vacant-role from reporting each")


class OrganisationSpec(_Spec):
    id: str | None = None
    name: str | None = None
    column: Column | None = Field(default=None, description="the organisation's name: the first "
                                                    "non-empty value of this column")


class MappingLimits(_Spec):
    """What one input file may make us allocate."""

    max_bytes: int = Field(default=64 * 1024 * 1024, ge=1)
    max_unpacked_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    max_rows: int = Field(default=1_000_000, ge=1)
    max_columns: int = Field(default=1_000, ge=1)


class Mapping(_Spec):
    """A column mapping: how an HR or organogram export becomes a model."""

    version: Literal[1] = 1
    name: str | None = None
    description: str | None = None
    organisation: OrganisationSpec | None = None
    values: ValueRules = ValueRules()
    ids: IdRules = IdRules()
    placeholders: Placeholders = Placeholders()
    undisclosed_holder: Literal["person", "none"] = Field(
        default="person", description="person: an undisclosed holder is a person "
                              "'undisclosed-<post>' holding the post; none: no holder")
    authority_by_grade: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        default={}, description="a role's authority level (1..5) from its grade, compared "
                                "ignoring case and spaces; a grade not listed is reported")
    posts: PostsFile
    junior: JuniorFile | None = None
    raci: str | None = Field(
        default=None, description="a RACI matrix (CSV or XLSX) merged into the model; path "
                                  "relative to the posts file")
    limits: MappingLimits = MappingLimits()


def placeholder_key(value: str) -> str:
    """A placeholder compared ignoring case, spaces and punctuation.

    >>> placeholder_key(' "N/D" ')
    'nd'
    """
    return re.sub(r"[\W_]+", "", value.casefold())


def builtin_mapping_names() -> list[str]:
    """Names of the mappings that ship with graphkit.

    >>> "uk-organogram" in builtin_mapping_names()
    True
    """
    folder = resources.files(__package__).joinpath("mappings")
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


BUILTIN_MAPPINGS = tuple(builtin_mapping_names())


def _read_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(Issue(f"not valid YAML ({getattr(exc, 'problem', exc)})", file=where,
                               line=mark.line + 1 if mark else None,
                               expected="a mapping YAML (see docs/mapping.md)")) from None
    if not isinstance(data, dict):
        raise InputError(Issue("a mapping must be a YAML mapping of keys", file=where,
                               expected="keys such as posts:, junior:, placeholders:"))
    return data


def _raw(name_or_path: str | Path) -> tuple[dict[str, Any], str]:
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in BUILTIN_MAPPINGS:
        body = resources.files(__package__).joinpath("mappings", f"{text}.yaml").read_text(
            encoding="utf-8")
        return _read_yaml(body, f"mapping {text}"), f"mapping {text}"
    path = Path(name_or_path)
    if not path.is_file():
        raise InputError(Issue(f"no built-in mapping or mapping file '{text}'", field="--mapping",
                               expected="one of " + ", ".join(BUILTIN_MAPPINGS)
                                        + ", or a mapping YAML file"))
    if path.stat().st_size > _MAX_MAPPING_BYTES:
        raise InputError(Issue("mapping file larger than 1 MiB", file=str(path),
                               expected="a mapping YAML of column names"))
    return _read_yaml(path.read_text(encoding="utf-8"), str(path)), str(path)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve_mapping(mapping: str | Path | Mapping) -> Mapping:
    """A :class:`Mapping` from a built-in name, a mapping file (following ``extends``), or
    a mapping already built. Raises :class:`~graphkit.errors.ModelError` listing every
    problem in the mapping."""
    if isinstance(mapping, Mapping):
        return mapping
    data, where = _raw(mapping)
    seen = [where]
    while "extends" in data:
        parent = data.pop("extends")
        if not isinstance(parent, str) or len(seen) > _MAX_EXTENDS:
            raise InputError(Issue("extends must name one mapping, without loops", file=where,
                                   field="extends", expected="a built-in name or a file"))
        base, base_where = _raw(parent if parent in BUILTIN_MAPPINGS
                                else Path(where).parent / parent)
        if base_where in seen:
            raise InputError(Issue(f"extends loops back to {base_where}", file=where,
                                   field="extends", expected="a chain of mappings without loops"))
        seen.append(base_where)
        data = _merge(base, data)
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        raise ModelError([Issue(e["msg"], file=where, field=loc_to_field(tuple(e["loc"])),
                                expected="the mapping format (docs/mapping.md)")
                          for e in exc.errors(include_url=False)]) from None


def mapping_json_schema() -> dict[str, Any]:
    """The JSON Schema of the mapping format (what ``docs/mapping.schema.json`` holds).

    >>> mapping_json_schema()["title"]
    'Mapping'
    """
    schema = Mapping.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["properties"]["extends"] = {
        "type": "string", "description": "a built-in mapping or mapping file this one changes"}
    return schema
