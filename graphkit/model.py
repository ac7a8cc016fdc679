"""The model: people, roles, assignments, assets, risks, duties, delegations and policy.

One model, whatever file it came from (YAML, JSON, a CSV folder, a mapped HR export).
Every class forbids unknown fields. References name a node as ``kind:id``; a bare id is
accepted where only one kind fits, either because the field admits one kind or because
the id exists in only one of the kinds it admits. After validation every reference is in
canonical form: a bare id in a field that admits one kind (``reports_to: bob``), and
``kind:id`` in a field that admits several (``owner: role:cfo``). So a model written out
and read again is identical.

Use :func:`validate_model` (or a loader) to build a model from plain data: it checks
every reference and reports every problem at once as a :class:`~graphkit.errors.ModelError`.

>>> m = validate_model({"people": [{"id": "alice"}, {"id": "bob", "reports_to": "alice"}],
...                     "assets": [{"id": "crm", "name": "CRM", "owner": "bob"}]})
>>> m.assets[0].owner
['person:bob']
>>> m.people[1].reports_to
'alice'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    field_serializer,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .errors import Issue, ModelError
from .loadreport import LoadReport

__all__ = [
    "KINDS",
    "Acknowledgement",
    "Assignment",
    "Asset",
    "Competency",
    "Criticality",
    "Delegation",
    "Duty",
    "Exception_",
    "Model",
    "Organisation",
    "Person",
    "Policy",
    "Risk",
    "Role",
    "SodRule",
    "Status",
    "Treatment",
    "issues_from_validation_error",
    "loc_to_field",
    "node_id",
    "split_ref",
    "validate_model",
]

#: Node kinds, in the order the model lists them.
KINDS: tuple[str, ...] = ("person", "role", "asset", "risk", "duty")
#: The model section that holds each kind.
SECTION_OF_KIND = {"person": "people", "role": "roles", "asset": "assets", "risk": "risks",
                   "duty": "duties"}
KIND_OF_SECTION = {v: k for k, v in SECTION_OF_KIND.items()}

_ID_RE = re.compile(r"^[^\s;\x00-\x1f\x7f](?:[^;\x00-\x1f\x7f]*[^\s;\x00-\x1f\x7f])?\Z")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")  # shown escaped in messages: one line each
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")

# The ids of every kind in the model being validated, set by Model's wrap validator so
# that reference fields deep inside can be checked where they stand (exact location).
_IDS: ContextVar[dict[str, set[str]] | None] = ContextVar("graphkit_model_ids", default=None)
# The ids the references of a model being validated resolve against when they are given
# (:func:`validate_model`'s ``ids``) rather than collected from its own sections.
_GIVEN_IDS: ContextVar[Mapping[str, set[str]] | None] = ContextVar("graphkit_given_ids",
                                                                    default=None)


class Status(str, Enum):
    active = "active"
    absent = "absent"
    leaver = "leaver"


class Criticality(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self.value]


_RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}


class Treatment(str, Enum):
    accept = "accept"
    mitigate = "mitigate"
    transfer = "transfer"
    avoid = "avoid"


def node_id(kind: str, id_: str) -> str:
    """The graph node id of an item: ``kind:id``.

    >>> node_id("person", "alice")
    'person:alice'
    """
    return f"{kind}:{id_}"


def split_ref(ref: str) -> tuple[str, str]:
    """Split a canonical ``kind:id`` reference.

    >>> split_ref("risk:R-12")
    ('risk', 'R-12')
    """
    kind, _, id_ = ref.partition(":")
    if kind not in KINDS or not id_:
        raise ValueError(f"not a kind:id reference: {ref!r}")
    return kind, id_


# --- field types ------------------------------------------------------------------------

def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise PydanticCustomError(
            "id_syntax",
            "'{value}' is not a usable id",
            {"value": _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", value)},
        )
    return value


Id = Annotated[
    str,
    Field(min_length=1, max_length=256),
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 256,
                    "pattern": r"^[^\s;]([^;]*[^\s;])?$",
                    "description": "case-sensitive id, unique within its kind; no ';', "
                                   "no surrounding spaces"}),
]


def _parse_date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise PydanticCustomError("date_syntax", "a date and time where a date was expected")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date_syntax", "'{value}' is not a date", {"value": str(value)})


IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "description": "ISO date YYYY-MM-DD"}),
]


def _resolve(kinds: tuple[str, ...], dangling_ok: bool) -> Callable[[str], str]:
    """A validator that resolves a reference to one of ``kinds`` against the model's ids."""

    single = len(kinds) == 1
    wanted = " or ".join(kinds)

    def resolve(value: str) -> str:
        ids = _IDS.get()
        kind, sep, rest = value.partition(":")
        typed = sep == ":" and kind in KINDS and bool(rest)
        if ids is None:  # constructed directly, not from a model: syntax only
            if typed:
                if kind not in kinds:
                    raise PydanticCustomError(
                        "reference_kind", "'{ref}' is a {kind}, not a {wanted}",
                        {"ref": value, "kind": kind, "wanted": wanted})
                return rest if single else value
            if single:
                return value
            raise PydanticCustomError(
                "reference_ambiguous", "'{ref}' does not say its kind; write {hint}",
                {"ref": value, "hint": " or ".join(f"{k}:{value}" for k in kinds)})
        if typed and not any(value in ids.get(k, ()) for k in kinds):
            # an explicit kind:id (and not a bare id that happens to contain a colon)
            if kind not in kinds:
                raise PydanticCustomError(
                    "reference_kind", "'{ref}' is a {kind}, not a {wanted}",
                    {"ref": value, "kind": kind, "wanted": wanted})
            if rest in ids.get(kind, ()) or dangling_ok:
                return rest if single else value
            raise PydanticCustomError(
                "reference_unknown", "unknown {kind} '{id}'", {"kind": kind, "id": rest})
        found = [k for k in kinds if value in ids.get(k, ())]
        if len(found) == 1:
            return value if single else node_id(found[0], value)
        if len(found) > 1:
            raise PydanticCustomError(
                "reference_ambiguous", "'{ref}' is both a {kinds}; write {hint}",
                {"ref": value, "kinds": " and a ".join(found),
                 "hint": " or ".join(f"{k}:{value}" for k in found)})
        other = [k for k in KINDS if value in ids.get(k, ())]
        if other:
            raise PydanticCustomError(
                "reference_kind", "'{ref}' is a {kind}, not a {wanted}",
                {"ref": value, "kind": other[0], "wanted": wanted})
        if dangling_ok:
            return value
        raise PydanticCustomError("reference_unknown", "unknown {wanted} '{id}'",
                                  {"wanted": wanted, "id": value})

    return resolve


def _ref_type(*kinds: str, dangling_ok: bool = False) -> Any:
    desc = (f"the id of a {kinds[0]}" if len(kinds) == 1 else
            "a reference kind:id to a " + " or ".join(kinds) + " (a bare id where one kind fits)")
    return Annotated[str, Field(min_length=1), AfterValidator(_resolve(kinds, dangling_ok)),
                     WithJsonSchema({"type": "string", "minLength": 1, "description": desc})]


PersonRef = _ref_type("person")
RoleRef = _ref_type("role")
AssetRef = _ref_type("asset")
PartyRef = _ref_type("person", "role")
ScopeRef = _ref_type("duty", "asset", "risk")
SodMemberRef = _ref_type("role", "duty")
ManagerRef = _ref_type("person", dangling_ok=True)
PostRef = _ref_type("role", dangling_ok=True)


def _one_or_many(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


Parties = Annotated[
    list[PartyRef],  # type: ignore[valid-type]
    BeforeValidator(_one_or_many),
    WithJsonSchema({"anyOf": [
        {"type": "null"},
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}},
    ], "description": "one accountable party (person or role, kind:id); a list only when "
                      "the register really names several (multiple-accountable reports it)"}),
]


def _empty_is_absent(value: Any) -> Any:
    return None if value == "" else value


#: Optional free text; an empty string is the same as absent (as an empty CSV cell is).
Text = Annotated[str | None, BeforeValidator(_empty_is_absent)]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              use_enum_values=False, str_strip_whitespace=False)


# --- sections ---------------------------------------------------------------------------

class Organisation(_Base):
    id: Id
    name: Text = None


class Competency(_Base):
    """Evidence of knowledge and skills (ISO 27001 7.2); valid until ``expires``."""

    id: Id
    expires: IsoDate | None = None


class Acknowledgement(_Base):
    """A role description communicated and acknowledged, at a version (7.3, 7.4)."""

    role: RoleRef  # type: ignore[valid-type]
    version: int = Field(ge=1)


class Person(_Base):
    id: Id
    name: Text = None
    status: Status = Status.active
    reports_to: ManagerRef | None = None  # type: ignore[valid-type]
    department: Text = None
    competencies: list[Competency] = []
    acknowledged: list[Acknowledgement] = []


class Role(_Base):
    id: Id
    name: Text = None
    description: Text = None
    version: int | None = Field(default=None, ge=1)
    authority: int | None = Field(default=None, ge=1, le=5)
    critical: bool = False
    min_holders: int | None = Field(default=None, ge=0)
    requires: list[Id] = []
    inherits: list[RoleRef] = []  # type: ignore[valid-type]
    delegable: bool = True
    reports_to: PostRef | None = None  # type: ignore[valid-type]
    department: Text = None
    grade: Text = None  # pay grade or band of a post, as the organisation writes it
    fte: float | None = Field(default=None, ge=0)  # full-time equivalents the post stands for

    @property
    def effective_min_holders(self) -> int:
        """``min_holders``, or its default: 2 for a critical role, else 1."""
        if self.min_holders is not None:
            return self.min_holders
        return 2 if self.critical else 1


class Assignment(_Base):
    person: PersonRef  # type: ignore[valid-type]
    role: RoleRef  # type: ignore[valid-type]
    deputy: bool = False
    from_: IsoDate | None = Field(default=None, alias="from")
    until: IsoDate | None = None

    def is_valid_on(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)


class Asset(_Base):
    id: Id
    name: Text = None
    criticality: Criticality = Criticality.medium
    owner: Parties = []
    custodians: list[PartyRef] = []  # type: ignore[valid-type]

    @field_serializer("owner")
    def _owner_out(self, v: list[str]) -> str | list[str] | None:
        return _parties_out(v)


class Risk(_Base):
    id: Id
    title: Text = None
    level: Criticality = Criticality.medium
    owner: Parties = []
    treatment: Treatment | None = None
    accepted_by: PersonRef | None = None  # type: ignore[valid-type]
    accepted_on: IsoDate | None = None
    assets: list[AssetRef] = []  # type: ignore[valid-type]

    @field_serializer("owner")
    def _owner_out(self, v: list[str]) -> str | list[str] | None:
        return _parties_out(v)


class Duty(_Base):
    id: Id
    name: Text = None
    controls: list[Id] = []
    criticality: Criticality = Criticality.medium
    authority: int | None = Field(default=None, ge=1, le=5)
    requires: list[Id] = []
    accountable: Parties = []
    responsible: list[PartyRef] = []  # type: ignore[valid-type]
    consulted: list[PartyRef] = []  # type: ignore[valid-type]
    informed: list[PartyRef] = []  # type: ignore[valid-type]

    @field_serializer("accountable")
    def _accountable_out(self, v: list[str]) -> str | list[str] | None:
        return _parties_out(v)


def _parties_out(v: list[str]) -> str | list[str] | None:
    if not v:
        return None
    return v[0] if len(v) == 1 else list(v)


class Delegation(_Base):
    id: Id
    from_: PartyRef = Field(alias="from")  # type: ignore[valid-type]
    to: PartyRef  # type: ignore[valid-type]
    scope: ScopeRef  # type: ignore[valid-type]
    from_date: IsoDate | None = None
    until: IsoDate | None = None

    def is_valid_on(self, day: date) -> bool:
        return ((self.from_date is None or self.from_date <= day)
                and (self.until is None or day <= self.until))


class SodRule(_Base):
    id: Id
    name: Text = None
    members: list[SodMemberRef] = Field(min_length=2)  # type: ignore[valid-type]
    max: int = Field(default=1, ge=1)


class Exception_(_Base):
    """An accepted finding, itself accountable: who approved it, why, until when."""

    model_config = ConfigDict(title="Exception")
    finding: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    approved_by: PersonRef  # type: ignore[valid-type]
    expires: IsoDate | None = None


def _default_acceptance() -> dict[Criticality, int]:
    return {Criticality.low: 2, Criticality.medium: 3, Criticality.high: 4,
            Criticality.critical: 5}


class Policy(_Base):
    """Thresholds and rules the checks apply. Every field has a documented default."""

    max_delegation_depth: int = Field(default=2, ge=0)
    acceptance_authority: dict[Criticality, int] = Field(default_factory=_default_acceptance)
    max_accountable_items: int = Field(default=25, ge=0)
    sod: list[SodRule] = []
    exceptions: list[Exception_] = []

    @model_validator(mode="after")
    def _fill_acceptance(self) -> Policy:
        full = _default_acceptance()
        full.update(self.acceptance_authority)
        object.__setattr__(self, "acceptance_authority", dict(sorted(
            full.items(), key=lambda kv: kv[0].rank)))
        return self


class Model(_Base):
    """A whole organisation's accountability model."""

    version: Literal[1] = 1
    organisation: Organisation | None = None
    people: list[Person] = []
    roles: list[Role] = []
    assignments: list[Assignment] = []
    assets: list[Asset] = []
    risks: list[Risk] = []
    duties: list[Duty] = []
    delegations: list[Delegation] = []
    policy: Policy = Field(default_factory=Policy)

    # Where each element came from, ``("people", 3) -> "people.csv: row 5"``; set by
    # loaders, carried onto graph edges, and not part of the model's identity.
    _sources: Mapping[tuple[str, int], str] = PrivateAttr(default_factory=dict)
    # What a loader found and did (rows read, merged, reported); not part of identity.
    _load_report: LoadReport | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def source_of(self, section: str, index: int) -> str | None:
        """Where element ``index`` of ``section`` was read from, if a loader said so."""
        # read the private store directly: pydantic's attribute hook costs ~20x more, and
        # checks ask this for every edge of every finding's evidence
        sources: dict[tuple[str, int], str] = self.__pydantic_private__["_sources"]  # type: ignore[index]
        return sources.get((section, index))

    def with_sources(self, sources: Mapping[tuple[str, int], str]) -> Model:
        """Attach where each element came from (used by loaders). A dict is copied; any
        other mapping (a loader's lazy view of its row numbers) is kept as it is."""
        self._sources = dict(sources) if isinstance(sources, dict) else sources
        return self

    def load_report(self) -> LoadReport | None:
        """What the loader found and did: every input row accounted for, every warning
        (set by loaders that read messy exports, e.g. a mapped organogram)."""
        return self._load_report

    def with_load_report(self, report: LoadReport | None) -> Model:
        """Attach a loader's report (used by loaders)."""
        self._load_report = report
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _validate_whole(cls, data: Any, handler: Any) -> Model:
        if not isinstance(data, dict):
            return handler(data)  # type: ignore[no-any-return]
        given = _GIVEN_IDS.get()
        ids, extra = ({k: given.get(k) or set() for k in KINDS}, []) if given is not None \
            else _collect_ids(data)
        token = _IDS.set(ids)
        try:
            try:
                model = handler(data)
            except ValidationError as exc:
                # keep pydantic's context under one key that no message contains, so
                # that it is not substituted into the (already formatted) message again
                errors = [InitErrorDetails(
                    type=PydanticCustomError(e["type"], e["msg"],
                                             {_CTX: e["ctx"]} if e.get("ctx") else None),
                    loc=e["loc"], input=e.get("input"))
                    for e in exc.errors(include_url=False)]
                raise ValidationError.from_exception_data(cls.__name__, errors + extra) from None
        finally:
            _IDS.reset(token)
        if extra:
            raise ValidationError.from_exception_data(cls.__name__, extra)
        return model  # type: ignore[no-any-return]

    def items(self) -> Iterator[Asset | Risk | Duty]:
        """Every accountable item: assets, risks, duties."""
        yield from self.assets
        yield from self.risks
        yield from self.duties


def _collect_ids(data: dict[str, Any]) -> tuple[dict[str, set[str]], list[InitErrorDetails]]:
    """Ids of each kind in raw data, plus duplicate-id and inheritance-cycle errors."""
    ids: dict[str, set[str]] = {k: set() for k in KINDS}
    extra: list[InitErrorDetails] = []
    for kind in KINDS:
        section = SECTION_OF_KIND[kind]
        rows = data.get(section)
        if not isinstance(rows, list):
            continue
        first: dict[str, int] = {}
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                continue
            id_ = row["id"]
            if id_ in first:
                extra.append(InitErrorDetails(
                    type=PydanticCustomError(
                        "duplicate_id", "duplicate {kind} id '{id}', first defined at "
                        "{section}[{first}]",
                        {"kind": kind, "id": id_, "section": section, "first": first[id_]}),
                    loc=(section, i, "id"), input=id_))
            else:
                first[id_] = i
        ids[kind] = set(first)
    extra.extend(_inheritance_cycles(data.get("roles")))
    return ids, extra


def _inheritance_cycles(rows: Any) -> list[InitErrorDetails]:
    """A role may not inherit itself, directly or through other roles."""
    if not isinstance(rows, list):
        return []
    index: dict[str, int] = {}
    parents: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            index.setdefault(row["id"], i)
            inh = row.get("inherits") or []
            if isinstance(inh, str):
                inh = [inh]
            if isinstance(inh, list):
                parents.setdefault(row["id"], []).extend(
                    p.removeprefix("role:") for p in inh if isinstance(p, str))
    errors: list[InitErrorDetails] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    reported: set[frozenset[str]] = set()
    for root in parents:
        if state.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(parents.get(root, [])))]
        path = [root]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if nxt not in parents and nxt not in index:
                continue
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    errors.append(InitErrorDetails(
                        type=PydanticCustomError(
                            "inheritance_cycle", "role inherits itself: {path}",
                            {"path": " -> ".join(cycle)}),
                        loc=("roles", index[cycle[0]], "inherits"), input=cycle[0]))
                continue
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(parents.get(nxt, []))))
    return errors


_CTX = "graphkit_ctx"

_EXPECTED = {
    "date_syntax": "an ISO date YYYY-MM-DD",
    "id_syntax": "an id without ';', control characters or surrounding spaces",
    "duplicate_id": "ids unique within their kind",
    "inheritance_cycle": "inheritance without cycles",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "dict_type": "a mapping",
    "literal_error": None,
}


def loc_to_field(loc: tuple[str | int, ...]) -> str:
    """Render a pydantic location as a field path.

    >>> loc_to_field(("people", 3, "competencies", 0, "expires"))
    'people[3].competencies[0].expires'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _shown(value: Any) -> str:
    """A value as an error message quotes it: short, and containers by their kind."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, (bool, int, float, date)):
        return str(value).lower() if isinstance(value, bool) else str(value)
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c"."""
    return ", ".join(p.strip().strip("'") for p in expected.replace(" or ", ", ").split(","))


def _model_class_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose fields live at ``loc`` (``("people", 0)`` -> Person)."""
    cls: Any = Model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None
        field = next((f for n, f in cls.model_fields.items()
                      if part in (n, f.alias)), None)
        if field is None:
            return None
        cls = _inner_model(field.annotation)
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(cls: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in cls.model_fields.items()]


def _message(kind: str, msg: str, value: Any, ctx: dict[str, Any],
             loc: tuple[str | int, ...]) -> tuple[str, str | None]:
    """A pydantic error as (message, expected), in words a model's author can act on."""
    expected = _EXPECTED.get(kind)
    if kind == "missing":
        return "missing required field", None
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else "?"
        cls = _model_class_at(loc[:-1])
        if cls is None:
            return f"unknown field '{name}'", "only the fields of the model format"
        names = _field_names(cls)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{hint}", "one of " + ", ".join(names)
    if kind == "enum":
        return (f"{_shown(value)} is not an allowed value",
                "one of " + _choices(str(ctx.get("expected", ""))))
    if kind == "literal_error":
        return f"{_shown(value)} is not allowed", _choices(str(ctx.get("expected", "")))
    if kind in ("int_parsing", "int_type", "int_from_float", "bool_parsing", "bool_type"):
        return f"{_shown(value)} is not {expected}", None
    if kind == "string_type":
        if isinstance(value, (bool, int, float, date)):
            return (f"{_shown(value)} is not text",
                    f"text; put it in quotes: \"{_shown(value)}\"")
        return f"{_shown(value)} is not text", None
    if kind in ("list_type", "model_type", "model_attributes_type", "dict_type"):
        return f"{_shown(value)} is not {expected}", None
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
                 "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}[kind]
        return f"{_shown(value)} is out of range", f"{bound[0]} {ctx.get(bound[1])}"
    if kind in ("too_short", "string_too_short"):
        n = ctx.get("min_length")
        if kind == "string_too_short":
            return "must not be empty", "text of at least 1 character" if n == 1 else \
                f"text of at least {n} characters"
        actual = ctx.get("actual_length")
        return f"has {actual} item{'' if actual == 1 else 's'}", f"at least {n} items"
    if kind in ("too_long", "string_too_long"):
        return "is too long", f"at most {ctx.get('max_length')} " + (
            "characters" if kind == "string_too_long" else "items")
    if kind == "reference_unknown":
        wanted = ctx.get("wanted") or ctx.get("kind") or "item"
        return msg, f"the id of a {wanted} in the model"
    if kind == "reference_kind":
        return msg, f"the id of a {ctx.get('wanted')}"
    if kind == "reference_ambiguous":
        return msg, "a reference kind:id"
    return msg, expected


def issues_from_validation_error(exc: ValidationError) -> list[Issue]:
    """Turn pydantic errors into located :class:`Issue` objects (location in the model).

    >>> try:
    ...     Model.model_validate({"assets": [{"id": "crm", "criticality": "urgent",
    ...                                       "ownr": "role:cfo"}]})
    ... except ValidationError as exc:
    ...     for issue in issues_from_validation_error(exc):
    ...         print(issue)
    <model>: assets[0].criticality: 'urgent' is not an allowed value (expected one of low, medium, high, critical)
    <model>: assets[0].ownr: unknown field 'ownr' (did you mean 'owner'?) (expected one of id, name, criticality, owner, custodians)
    """
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # pydantic adds the tagged member of a union ('str', 'list[...]') to the location
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("str", "list"))))
        ctx = err.get("ctx") or {}
        ctx = ctx.get(_CTX, ctx)
        if err["type"] == "invalid_key":  # a mapping key that is not text (YAML: `1: x`)
            key, loc = (loc[-1] if loc else err.get("input")), loc[:-1]
            issues.append(Issue(message=f"key {_shown(key)} is not a field name",
                                field=loc_to_field(loc) or None,
                                expected="field names as text", loc=loc))
            continue
        msg, expected = _message(err["type"], err["msg"], err.get("input"), ctx, loc)
        issues.append(Issue(message=msg, field=loc_to_field(loc) or None, expected=expected,
                            loc=loc))
    return issues


def validate_model(data: Any, *, source: str | None = None,
                   ids: Mapping[str, set[str]] | None = None) -> Model:
    """Validate plain data (as read from YAML, JSON or CSV) into a :class:`Model`.

    Raises :class:`~graphkit.errors.ModelError` with every problem found. ``ids``: the
    ids of each kind (``person``, ``role``, ...) that references resolve against, instead
    of those of ``data``'s own sections: to validate a part of a model (a policy of its
    own file) against a model already validated, without validating the model again.

    >>> validate_model({"people": [{"id": "a", "reports_to": "a"}], "roles": [{"id": "x",
    ...     "inherits": ["x"]}], "assignments": [{"person": "zed", "role": "x"}]})
    Traceback (most recent call last):
    ...
    graphkit.errors.ModelError: 2 problems in the model:
    <model>: assignments[0].person: unknown person 'zed' (expected the id of a person in the model)
    <model>: roles[0].inherits: role inherits itself: x -> x (expected inheritance without cycles)
    """
    if not isinstance(data, dict):
        raise ModelError([Issue("the model must be a mapping of sections (people, roles, ...)",
                                file=source, expected="a mapping at the top level")])
    token = _GIVEN_IDS.set(ids)
    try:
        return Model.model_validate(data)
    except ValidationError as exc:
        issues = issues_from_validation_error(exc)
        if source:
            issues = [Issue(i.message, file=source, field=i.field, expected=i.expected,
                            loc=i.loc) for i in issues]
        issues.sort(key=lambda i: tuple((0, p) if isinstance(p, int) else (1, str(p))
                                        for p in i.loc))
        raise ModelError(issues) from None
    finally:
        _GIVEN_IDS.reset(token)
