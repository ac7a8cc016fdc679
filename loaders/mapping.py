"""Read an HR or organogram export (CSV or XLSX) through a column mapping.

:func:`load_mapped` reads the posts file (one row per post, with its holder), and the
junior file beside it when the mapping has one, into a :class:`~graphkit.model.Model`:
each post a role (``reports_to`` its parent post), each named holder a person holding it,
placeholders (``Vacant``, ``Eliminated``, ``N/D`` and their variants) read as what they
say. Nothing is dropped silently: every row is loaded, merged into an earlier duplicate,
or reported, and the :class:`~graphkit.loadreport.LoadReport` attached to the model
(``model.load_report()``) says which, with a warning for each defect (file, row, column,
what was found, what was done). Defects never stop the file; only a file that cannot be
read at all (missing, too large, no id column) raises.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "x-senior.csv").write_text(
...     "Post Unique Reference,Name,Job Title,Reports to Senior Post\\n"
...     "1,Ann Lee,Chief,XX\\n2,Vacant,Deputy,01\\n3,N/D,Clerk,2\\n", encoding="utf-8")
>>> m = load_mapped(d / "x-senior.csv", "uk-organogram")
>>> [(r.id, r.name, r.reports_to) for r in m.roles]
[('1', 'Chief', None), ('2', 'Deputy', '1'), ('3', 'Clerk', '2')]
>>> [(a.person, a.role) for a in m.assignments]
[('ann-lee', '1'), ('undisclosed-3', '3')]
>>> [w.code for w in m.load_report().warnings]  # doctest: +NORMALIZE_WHITESPACE
['missing-column', 'missing-column', 'missing-column', 'missing-column',
 'normalised-reference', 'no-junior-file']
>>> print(str(m.load_report().warnings[4]).split("x-senior.csv: ", 1)[1])
row 3: Reports to Senior Post: parent '01' matches post '1' only after leading zeros:
found '01'; post '2' reports to '1'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError, Issue
from ..loadreport import FileAccount, LoadReport, LoadWarning
from ..model import Model, validate_model
from .mapping_format import (
    IdRules,
    Mapping,
    ValueRules,
    placeholder_key,
    resolve_mapping,
)
from .tables import Limits, Table, TableRow, read_table

__all__ = ["junior_file_beside", "load_mapped", "person_id_from_name"]

_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"
_DOUBLE_QUOTES = "\"\u201c\u201d\u00ab\u00bb"
_BAD_ID_CHARS = re.compile(r"[;\x00-\x1f\x7f]")
_MAX_ID = 256
_SHOW_ROWS = 10

CellKind = Literal["id", "name", "text", "long"]
HolderState = Literal["named", "vacant", "eliminated", "undisclosed", "organisation"]


def person_id_from_name(name: str) -> str:
    """A person's id derived from their name: the same name always gives the same id,
    whatever its case, spacing, accents' composition or apostrophes.

    >>> person_id_from_name("Catherine O'Riordan")
    'catherine-oriordan'
    >>> person_id_from_name("  BRUCE  Richard Mann ")
    'bruce-richard-mann'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    return re.sub(r"[\W_]+", "-", text).strip("-")[:_MAX_ID]


def junior_file_beside(posts_file: Path, beside: dict[str, str]) -> Path | None:
    """The junior file next to ``posts_file``: the last occurrence of each key of
    ``beside`` in the file name (ignoring case) replaced by its value, if that file exists.

    >>> junior_file_beside(Path("/nonexistent/CO-senior.csv"), {"-senior": "-junior"}) is None
    True
    """
    name = posts_file.name
    for old, new in beside.items():
        at = name.casefold().rfind(old.casefold())
        if at < 0:
            continue
        candidate = posts_file.with_name(name[:at] + new + name[at + len(old):])
        if candidate.is_file():
            return candidate
    return None


@dataclass
class _Post:
    id: str
    row: int
    file: str
    key: str
    parent: str  # cleaned parent reference as written, "" when blank
    fields: dict[str, Any]
    state: HolderState | None = None
    cells: tuple[str, ...] = ()
    holders: list[str] = field(default_factory=list)
    junior: bool = False


def _suffixed(base: str, suffix: str) -> str:
    """``base + suffix`` cut to a usable id length (the end kept whole when it can be)."""
    if len(base) + len(suffix) <= _MAX_ID:
        return base + suffix
    if len(suffix) < _MAX_ID:
        return (base[:_MAX_ID - len(suffix)].rstrip() or "x") + suffix
    return (base + suffix)[:_MAX_ID].rstrip()


def _normalise_header(name: str) -> str:
    return " ".join(name.split()).casefold()


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_SHOW_ROWS])
    return shown + (f" and {len(rows) - _SHOW_ROWS} more" if len(rows) > _SHOW_ROWS else "")


class _Loader:
    def __init__(self, spec: Mapping) -> None:
        self.spec = spec
        self.values: ValueRules = spec.values
        self.ids: IdRules = spec.ids
        self.limits = Limits(**spec.limits.model_dump())
        self.warnings: list[LoadWarning] = []
        self.accounts: list[FileAccount] = []
        self.posts: list[_Post] = []
        self.by_id: dict[str, _Post] = {}
        self.by_key: dict[str, _Post] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.person_first: dict[str, tuple[str, int]] = {}  # id -> (name as written, row)
        self.person_posts: dict[str, list[str]] = defaultdict(list)
        self.assignments: list[tuple[str, str, str]] = []  # person, role, where
        self.placeholder_seen: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.organisation: dict[str, Any] | None = None
        self.junior_fte = 0.0
        self.tops: list[_Post] = []
        self._posts_file = ""
        self._header: tuple[str, ...] = ()
        self._org_cols: list[tuple[int, str]] = []
        self.placeholder_index = {
            placeholder_key(p): kind
            for kind in ("vacant", "eliminated", "undisclosed")
            for p in getattr(spec.placeholders, kind)}

    # --- warnings and cells -----------------------------------------------------------

    def warn(self, code: str, file: str, row: TableRow | None, column: str | None,
             found: str | None, message: str, action: str) -> None:
        self.warnings.append(LoadWarning(
            code=code, file=file, row=row.row if row else None,
            line=row.line if row else None, column=column, found=found, message=message,
            action=action))

    def clean(self, raw: str, kind: CellKind, file: str, row: TableRow, column: str) -> str:
        value = raw.strip() if self.values.trim else raw
        if self.values.collapse_spaces and kind != "long":
            value = re.sub(r"\s+", " ", value)
        if not self.values.strip_quotes or not value:
            return value
        cleaned = value
        if kind == "id":
            cleaned = "".join(ch for ch in value if ch not in _QUOTES).strip()
        elif kind == "name":
            cleaned = "".join(ch for ch in value if ch not in _DOUBLE_QUOTES).strip(_QUOTES + " ")
        else:
            first, last = cleaned[:1], cleaned[-1:]
            wrapped = len(cleaned) > 1 and first in _QUOTES and last in _QUOTES
            if wrapped or (first in _QUOTES and cleaned.count(first) % 2 == 1):
                cleaned = cleaned[1:]
            if cleaned and (wrapped or (last in _QUOTES and cleaned.count(last) % 2 == 1)):
                cleaned = cleaned[:-1]
            cleaned = cleaned.strip()
        if cleaned != value:
            self.warn("quote-damage", file, row, column, raw, "stray quotes",
                      f"read as {cleaned!r}")
        return cleaned

    def usable_id(self, value: str, file: str, row: TableRow, column: str) -> str:
        fixed = _BAD_ID_CHARS.sub("_", value)[:_MAX_ID].strip()
        if fixed != value:
            self.warn("bad-id", file, row, column, value,
                      "not usable as an id (';', control characters or over 256 characters)",
                      f"read as {fixed!r}")
        return fixed

    def key(self, value: str) -> str:
        return self._steps(value)[-1][1]

    def _steps(self, value: str) -> list[tuple[str, str]]:
        """The normalisations of an id, applied one after another, with their names."""
        out = [("", value)]
        if self.ids.integral_floats and re.fullmatch(r"\d+\.0+", value):
            value = value.split(".")[0]
        out.append(("a spreadsheet number's '.0'", value))
        if self.ids.strip_leading_zeros:
            value = re.sub(r"^0+(?=\d)", "", value)
        out.append(("leading zeros", value))
        if self.ids.case_insensitive:
            value = value.casefold()
        out.append(("letter case", value))
        return out

    def how_matched(self, ref: str, target: str) -> str:
        """Which normalisations make ``ref`` and ``target`` the same ('' if none): each
        step that changed either side, up to the one where they meet."""
        ref_steps, tgt_steps = self._steps(ref), self._steps(target)
        if ref_steps[0][1] == tgt_steps[0][1]:
            return ""
        changed = []
        for i in range(1, len(ref_steps)):
            if (ref_steps[i][1] != ref_steps[i - 1][1]
                    or tgt_steps[i][1] != tgt_steps[i - 1][1]):
                changed.append(ref_steps[i][0])
            if ref_steps[i][1] == tgt_steps[i][1]:
                break
        return " and ".join(changed)

    def number(self, value: str, file: str, row: TableRow, column: str) -> float | None:
        if not value:
            return None
        text = value.replace(",", ".") if re.fullmatch(r"\d+,\d+", value) else value
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not math.isfinite(number) or number < 0:
            self.warn("bad-number", file, row, column, value, "not a number of FTE",
                      "left empty")
            return None
        if text != value:
            self.warn("bad-number", file, row, column, value, "decimal comma",
                      f"read as {number:g}")
        return number

    # --- columns ----------------------------------------------------------------------

    def columns(self, table: Table, spec_columns: Any, required: tuple[str, ...],
                hint: str) -> dict[str, tuple[int, str] | None]:
        index: dict[str, int] = {}
        for i, name in enumerate(table.header):
            index.setdefault(_normalise_header(name), i)
        found: dict[str, tuple[int, str] | None] = {}
        missing: list[str] = []
        for field_name, names in spec_columns:
            if names is None:
                found[field_name] = None
                continue
            hit = next((index[_normalise_header(n)] for n in names
                        if _normalise_header(n) in index), None)
            if hit is None:
                found[field_name] = None
                alternatives = " or ".join(repr(n) for n in names)
                if field_name in required:
                    missing.append(alternatives)
                else:
                    self.warn("missing-column", table.file, None, names[0], None,
                              f"no column {alternatives} for {field_name}",
                              f"{field_name} left empty for every row")
            else:
                found[field_name] = (hit, table.header[hit])
        if missing:
            raise InputError(Issue(
                "no column " + ", ".join(missing) + " (the columns are: "
                + ", ".join(repr(h) for h in table.header if h) + ")",
                file=table.file, row=1, expected=hint))
        return found

    # --- posts ------------------------------------------------------------------------

    def read_posts(self, path: Path) -> None:
        spec = self.spec.posts
        cols = spec.columns
        probe = read_table(path, limits=self.limits, sheet=spec.sheet,
                           header_row=spec.header_row)
        hint = "the posts file's columns named in the mapping"
        if self.spec.junior is not None:
            jcols = [_normalise_header(n) for n in self.spec.junior.columns.reports_to]
            if any(_normalise_header(h) in jcols for h in probe.header):
                hint += " (this looks like the junior file: give the senior file)"
        col = self.columns(probe, cols, ("id",), hint)
        single = frozenset(c[0] for k, c in col.items()
                           if c is not None and k not in ("description", "name", "department"))
        table = (probe if not single or path.suffix.lower() != ".csv" else
                 read_table(path, limits=self.limits, sheet=spec.sheet,
                            single_line_columns=single, header_row=spec.header_row))
        self.warnings.extend(table.warnings)
        file = table.file
        self._header = table.header
        org_cols: list[tuple[int, str]] = []
        for name in spec.organisation_columns:
            hit = next((i for i, h in enumerate(table.header)
                        if _normalise_header(h) == _normalise_header(name)), None)
            if hit is not None:
                org_cols.append((hit, table.header[hit]))
        self._org_cols = org_cols
        org_col = None
        if self.spec.organisation and self.spec.organisation.column:
            org_col = next((i for n in self.spec.organisation.column for i, h in
                            enumerate(table.header)
                            if _normalise_header(h) == _normalise_header(n)), None)
        loaded = merged = 0
        blank: list[int] = []
        for row in table.rows:
            if row.is_blank:
                blank.append(row.row)
                continue
            if org_col is not None and self.organisation is None and row.cells[org_col].strip():
                name = self.clean(row.cells[org_col], "text", file, row, table.header[org_col])
                oid = person_id_from_name(name)
                if oid:
                    self.organisation = {"id": oid, "name": name}

            def cell(field_name: str, kind: CellKind, row: TableRow = row) -> str:
                c = col[field_name]
                return "" if c is None else self.clean(row.cells[c[0]], kind, file, row, c[1])

            id_col = col["id"]
            assert id_col is not None
            raw_id = cell("id", "id")
            if not raw_id:
                raw_id = f"row-{row.row}"
                self.warn("missing-post-ref", file, row, id_col[1], "",
                          "no post reference", f"loaded as post {raw_id!r}")
            post_id = self.usable_id(raw_id, file, row, id_col[1])
            fields: dict[str, Any] = {
                "name": cell("name", "text") or None,
                "description": cell("description", "long") or None,
                "department": cell("department", "text") or None,
                "grade": cell("grade", "id") or None,
            }
            fte_col = col["fte"]
            fields["fte"] = (self.number(cell("fte", "id"), file, row, fte_col[1])
                             if fte_col else None)
            parent = cell("reports_to", "id")
            key = self.key(post_id)
            first = self.by_key.get(key)
            if first is not None:
                if self.merge_duplicate(first, post_id, parent, fields, row, id_col[1], col):
                    merged += 1
                    continue
                post_id = _suffixed(post_id, f"#row{row.row}")
                key = self.key(post_id)
            post = _Post(id=post_id, row=row.row, file=file, key=key, parent=parent,
                         fields=fields, cells=row.cells)
            self.add_post(post)
            loaded += 1
            self.read_holder(post, row, col, org_cols, cell)
        if blank:
            self.warn("blank-rows", file, None, None, None,
                      f"{len(blank)} blank row(s): rows {_rows_text(blank)}", "skipped")
        self.accounts.append(FileAccount(file=file, part="posts", rows=len(table.rows),
                                         loaded=loaded, merged=merged, reported=len(blank)))
        self.resolve_parents(file, col["reports_to"])

    def add_post(self, post: _Post) -> None:
        self.posts.append(post)
        self.by_id[post.id] = post
        self.by_key.setdefault(post.key, post)

    def merge_duplicate(self, first: _Post, post_id: str, parent: str, fields: dict[str, Any],
                        row: TableRow, column: str, col: dict[str, Any]) -> bool:
        """A row whose post reference was seen before: merge it when it describes the same
        post (title, unit, grade, parent), else keep it as a post of its own."""
        how = self.how_matched(post_id, first.id)
        same_ref = f"post {first.id!r} of row {first.row}" + (f" (after {how})" if how else "")

        def norm(v: Any) -> Any:
            return v.casefold() if isinstance(v, str) else v

        identity = ("name", "department", "grade")
        same = (all(norm(fields[k]) == norm(first.fields[k]) for k in identity)
                and self.key(parent) == self.key(first.parent))
        if not same:
            new_id = _suffixed(post_id, f"#row{row.row}")
            differs = [k for k in identity if norm(fields[k]) != norm(first.fields[k])]
            if self.key(parent) != self.key(first.parent):
                differs.append("reports_to")
            self.warn("duplicate-post", first.file, row, column, post_id,
                      f"duplicate post reference: {same_ref} is a different post "
                      f"({', '.join(differs)} differ)",
                      f"loaded as post {new_id!r}; references to {first.id!r} mean row "
                      f"{first.row}")
            return False
        others = [f"{k} {fields[k]!r} (kept {first.fields[k]!r})" for k in ("fte", "description")
                  if fields[k] is not None and norm(fields[k]) != norm(first.fields[k])]
        mapped = {c[0] for c in col.values() if c is not None}
        unmapped = [h for i, h in enumerate(self._header)
                    if h and i not in mapped and i < len(first.cells)
                    and first.cells[i].strip() != row.cells[i].strip()]
        if unmapped:
            others.append("columns the mapping does not read: "
                          + ", ".join(repr(h) for h in unmapped))
        holder_col = col["holder"]
        added = ""
        if holder_col is not None:
            state, person = self.holder_of(first, row, holder_col[1],
                                           row.cells[holder_col[0]], org_cols=self._org_cols)
            if person is not None and person not in first.holders:
                first.holders.append(person)
                self.assignments.append((person, first.id, f"{first.file}: row {row.row}"))
                self.person_posts[person].append(first.id)
                if first.state != "named":
                    first.state = state
                added = f"; its holder {person!r} added as a holder of {first.id!r}"
        self.warn("duplicate-post", first.file, row, column, post_id,
                  f"repeats {same_ref}" + ("; differs in " + "; ".join(others)
                                           if others else ""),
                  "merged into the first" + added)
        return True

    def read_holder(self, post: _Post, row: TableRow, col: dict[str, Any],
                    org_cols: list[tuple[int, str]], cell: Any) -> None:
        holder_col = col["holder"]
        if holder_col is None:
            post.state = "vacant"
            return
        state, person = self.holder_of(post, row, holder_col[1], row.cells[holder_col[0]],
                                       org_cols=org_cols)
        post.state = state
        if person is not None:
            post.holders.append(person)
            self.assignments.append((person, post.id, f"{post.file}: row {row.row}"))
            self.person_posts[person].append(post.id)

    def holder_of(self, post: _Post, row: TableRow, column: str, raw: str, *,
                  org_cols: list[tuple[int, str]]) -> tuple[HolderState, str | None]:
        """Read one holder cell: a state, and the person holding the post (if any)."""
        file = post.file
        name = self.clean(raw, "name", file, row, column)
        if not name:
            state: HolderState = self.spec.placeholders.empty
            self.warn("empty-holder", file, row, column, raw, "no holder named",
                      f"read as {state}")
            return state, self.undisclosed(post) if state == "undisclosed" else None
        for index, org_column in org_cols:
            other = self.clean(row.cells[index], "text", file, row, org_column)
            if other and placeholder_key(other) == placeholder_key(name):
                self.warn("organisation-post", file, row, column, raw,
                          f"the holder is the organisation itself (the {org_column!r} "
                          "column says the same)",
                          "post kept with no holder and min_holders 0")
                post.fields["min_holders"] = 0
                return "organisation", None
        key = placeholder_key(name)
        kind = self.placeholder_index.get(key)
        partial = False
        if kind is None:
            words = re.split(r"[\W_]+", name.casefold())
            first_word = next((w for w in words if w), "")
            hit = self.placeholder_index.get(first_word)
            if hit in ("vacant", "eliminated") and len(words) > 1:
                kind, partial = hit, True
        if kind is not None:
            if not partial:
                self.placeholder_seen[(kind, name, column)].append(row.row)
            else:
                self.warn("placeholder", file, row, column, raw,
                          f"read as {kind} by its first word", "no holder")
            if kind == "undisclosed":
                return "undisclosed", self.undisclosed(post)
            return kind, None  # type: ignore[return-value]
        pid = None
        hid = self.spec.posts.columns.holder_id
        if hid is not None:
            hit_col = next((i for i, h in enumerate(self._header) if
                            _normalise_header(h) in [_normalise_header(n) for n in hid]), None)
            if hit_col is not None:
                pid = self.clean(row.cells[hit_col], "id", file, row, self._header[hit_col])
                pid = self.usable_id(pid, file, row, self._header[hit_col]) if pid else None
        if not pid:
            pid = person_id_from_name(name) or f"person-row{row.row}"
        if pid in self.people:
            first_name, first_row = self.person_first[pid]
            if first_name != name:
                self.warn("normalised-name", file, row, column, raw,
                          f"read as the same person as {first_name!r} (row {first_row}) after "
                          "ignoring letter case, spacing and punctuation",
                          f"one person {pid!r}")
        else:
            self.people[pid] = {"id": pid, "name": name,
                                "department": post.fields.get("department")}
            self.person_first[pid] = (name, row.row)
        return "named", pid

    def undisclosed(self, post: _Post) -> str | None:
        if self.spec.undisclosed_holder == "none":
            return None
        pid = ("undisclosed-" + post.id)[:_MAX_ID].rstrip()
        self.people.setdefault(pid, {"id": pid, "department": post.fields.get("department")})
        return pid

    # --- references -------------------------------------------------------------------

    def is_top_marker(self, value: str) -> bool:
        return value.casefold() in {m.casefold() for m in self.spec.posts.top_markers}

    def match(self, ref: str, file: str, row: TableRow | None, column: str,
              who: str) -> str | None:
        """The post a parent reference names, reporting a match that needs normalising."""
        if ref in self.by_id:
            return ref
        target = self.by_key.get(self.key(ref))
        if target is None:
            return None
        how = self.how_matched(ref, target.id)
        self.warn("normalised-reference", file, row, column, ref,
                  f"parent {ref!r} matches post {target.id!r} only after {how}",
                  f"{who} reports to {target.id!r}")
        return target.id

    def resolve_parents(self, file: str, reports_col: tuple[int, str] | None) -> None:
        column = reports_col[1] if reports_col else "reports_to"
        tops: list[_Post] = []
        for post in self.posts:
            row = TableRow(row=post.row, line=None, cells=())
            ref = post.parent
            if reports_col is None:
                tops.append(post)
                continue
            if not ref:
                self.warn("blank-parent", file, row, column, "",
                          f"post {post.id!r} names no parent post", "read as a top post")
                tops.append(post)
                continue
            if self.is_top_marker(ref):
                tops.append(post)
                continue
            target = self.match(ref, file, row, column, f"post {post.id!r}")
            if target is None:
                fixed = self.usable_id(ref, file, row, column)
                self.warn("unknown-parent", file, row, column, ref,
                          f"post {post.id!r} reports to {ref!r}, which is no post in the file",
                          "kept, so the reporting-line check reports it")
                post.fields["reports_to"] = fixed
                continue
            if target == post.id:
                self.warn("self-report", file, row, column, ref,
                          f"post {post.id!r} reports to itself",
                          "kept, so the reporting-line check reports the loop")
            post.fields["reports_to"] = target
        self.tops = tops
        if len(tops) > 1 and reports_col is not None:
            self.warn("several-tops", file, None, column, None,
                      f"{len(tops)} top posts: " + ", ".join(
                          f"{p.id!r} (row {p.row})" for p in tops[:50])
                      + (" ..." if len(tops) > 50 else ""),
                      "all kept as tops; the reporting-line check reports them")
        if not tops and self.posts and reports_col is not None:
            self.warn("no-top", file, None, column, None,
                      "no post is marked as the top (" + ", ".join(self.spec.posts.top_markers)
                      + ") or left without a parent", "the reporting-line check reports loops")

    # --- junior posts -----------------------------------------------------------------

    def read_junior(self, path: Path) -> None:
        spec = self.spec.junior
        assert spec is not None
        table = read_table(path, limits=self.limits, sheet=spec.sheet,
                           header_row=spec.header_row)
        col = self.columns(table, spec.columns, ("reports_to",),
                           "the junior file's columns named in the mapping")
        if table.header and path.suffix.lower() == ".csv":
            single = frozenset(c[0] for k, c in col.items() if c is not None
                               and k in ("reports_to", "grade", "fte"))
            table = read_table(path, limits=self.limits, sheet=spec.sheet,
                               single_line_columns=single, header_row=spec.header_row)
        self.warnings.extend(table.warnings)
        file = table.file
        reports_col = col["reports_to"]
        assert reports_col is not None
        counter: Counter[str] = Counter()
        loaded = 0
        blank: list[int] = []
        for row in table.rows:
            if row.is_blank:
                blank.append(row.row)
                continue

            def cell(field_name: str, kind: CellKind, row: TableRow = row) -> str:
                c = col[field_name]
                return "" if c is None else self.clean(row.cells[c[0]], kind, file, row, c[1])

            ref = cell("reports_to", "id")
            parent: str | None
            if not ref or self.is_top_marker(ref):
                self.warn("blank-parent", file, row, reports_col[1], ref,
                          "junior post names no senior post" if not ref else
                          "junior post reports to the top marker",
                          "loaded as a junior post with no parent")
                parent = None
            else:
                parent = self.match(ref, file, row, reports_col[1], "the junior post")
                if parent is None:
                    parent = self.usable_id(ref, file, row, reports_col[1])
                    self.warn("unknown-parent", file, row, reports_col[1], ref,
                              f"junior post reports to {ref!r}, which is no senior post",
                              "kept, so the reporting-line check reports it")
            if parent is None:
                post_id = f"junior-row{row.row}"
            else:
                counter[parent] += 1
                post_id = _suffixed(parent, f"/junior-{counter[parent]}")
            while post_id in self.by_id:
                post_id = _suffixed(post_id, f"#row{row.row}")
            fte_col = col["fte"]
            fte = self.number(cell("fte", "id"), file, row, fte_col[1]) if fte_col else None
            if fte is not None:
                self.junior_fte += fte
            post = _Post(id=post_id, row=row.row, file=file, key=post_id, parent=ref,
                         fields={"name": cell("name", "text") or None,
                                 "department": cell("department", "text") or None,
                                 "grade": cell("grade", "id") or None,
                                 "fte": fte, "reports_to": parent,
                                 "min_holders": spec.min_holders},
                         junior=True)
            self.posts.append(post)
            self.by_id[post_id] = post
            loaded += 1
        if blank:
            self.warn("blank-rows", file, None, None, None,
                      f"{len(blank)} blank row(s): rows {_rows_text(blank)}", "skipped")
        self.accounts.append(FileAccount(file=file, part="junior posts", rows=len(table.rows),
                                         loaded=loaded, reported=len(blank)))

    # --- the model --------------------------------------------------------------------

    def placeholder_warnings(self) -> None:
        canonical: dict[str, str] = {}
        for kind in ("vacant", "eliminated", "undisclosed"):
            for spelling in getattr(self.spec.placeholders, kind):
                canonical.setdefault(placeholder_key(spelling), spelling)
        for (kind, spelling, column), rows in self.placeholder_seen.items():
            listed = canonical.get(placeholder_key(spelling))
            if listed == spelling:
                continue
            self.warnings.append(LoadWarning(
                code="placeholder-variant", file=self._posts_file, row=rows[0], column=column,
                found=spelling,
                message=f"{len(rows)} row(s) name {spelling!r} (rows {_rows_text(rows)}), a "
                        f"spelling of the {kind} placeholder"
                        + (f" {listed!r}" if listed else ""),
                action=f"read as {kind}"))

    def authorities(self) -> None:
        """Authority levels from grades, when the mapping gives a table."""
        table = {placeholder_key(g): level for g, level in self.spec.authority_by_grade.items()}
        if not table:
            return
        unlisted: dict[str, list[_Post]] = defaultdict(list)
        for post in self.posts:
            grade = post.fields.get("grade")
            if not grade:
                continue
            level = table.get(placeholder_key(grade))
            if level is None:
                unlisted[grade].append(post)
            else:
                post.fields["authority"] = level
        for grade, posts in unlisted.items():
            self.warnings.append(LoadWarning(
                code="unknown-grade", file=posts[0].file, row=posts[0].row, column="grade",
                found=grade, message=f"{len(posts)} post(s) of grade {grade!r} (rows "
                + _rows_text([p.row for p in posts]) + ") not in authority_by_grade",
                action="no authority level: the authority-gap check reports them"))

    def avoid_clashes(self) -> None:
        """A person id equal to a parent that names no post would make that parent read as
        a person: such a person is renamed (and said)."""
        dangling = {p.fields.get("reports_to") for p in self.posts} - set(self.by_id) - {None}
        for pid in [pid for pid in self.people if pid in dangling]:
            new = f"person-{pid}"
            while new in self.people or new in dangling:
                new = f"person-{new}"
            entry = self.people.pop(pid)
            entry["id"] = new
            self.people[new] = entry
            if pid in self.person_first:
                self.person_first[new] = self.person_first.pop(pid)
            self.assignments = [(new if a == pid else a, r, w) for a, r, w in self.assignments]
            self.person_posts[new] = self.person_posts.pop(pid, [])
            row = self.person_first.get(new, ("", None))[1]
            self.warnings.append(LoadWarning(
                code="id-clash", file=self._posts_file, row=row, column=None, found=pid,
                message=f"person id {pid!r} is also a parent that names no post",
                action=f"the person's id is {new!r}"))

    def model(self) -> Model:
        roles: list[dict[str, Any]] = []
        sources: dict[tuple[str, int], str] = {}
        for post in self.posts:
            sources[("roles", len(roles))] = f"{post.file}: row {post.row}"
            roles.append({"id": post.id,
                          **{k: v for k, v in post.fields.items() if v is not None}})
        people: list[dict[str, Any]] = []
        for pid, entry in self.people.items():
            sources[("people", len(people))] = (
                f"{self._posts_file}: row {self.person_first[pid][1]}"
                if pid in self.person_first else
                f"{self._posts_file}: row {self.by_id[pid.removeprefix('undisclosed-')].row}"
                if pid.removeprefix("undisclosed-") in self.by_id else self._posts_file)
            people.append({k: v for k, v in entry.items() if v is not None})
        assignments: list[dict[str, str]] = []
        for person, role, where in self.assignments:
            sources[("assignments", len(assignments))] = where
            assignments.append({"person": person, "role": role})
        data: dict[str, Any] = {"people": people, "roles": roles, "assignments": assignments}
        org = self.organisation
        given = self.spec.organisation
        if given is not None and (given.id or given.name):
            org = {"id": given.id or person_id_from_name(given.name or "")
                   or (org or {}).get("id") or "organisation",
                   "name": given.name or (org or {}).get("name")}
        if org:
            data["organisation"] = org
        model = validate_model(data, source=self._posts_file)
        model.with_sources(sources)
        return model

    def counts(self) -> dict[str, int | float]:
        senior = [p for p in self.posts if not p.junior]
        junior = [p for p in self.posts if p.junior]
        states = Counter(p.state for p in senior)
        several = {pid: posts for pid, posts in self.person_posts.items()
                   if len(posts) > 1 and not pid.startswith("undisclosed-")}
        named = {pid for pid in self.people if pid in self.person_first}
        codes = Counter(w.code for w in self.warnings)
        out: dict[str, int | float] = {
            "posts": len(senior),
            "posts held by a named person": states["named"],
            "named people": len(named),
            "people holding several posts": len(several),
            "vacant posts": states["vacant"],
            "eliminated posts": states["eliminated"],
            "posts with an undisclosed holder": states["undisclosed"],
            "organisation posts": states["organisation"],
            "top posts": len(self.tops),
            "unknown parents": codes["unknown-parent"],
            "self-reporting posts": codes["self-report"],
        }
        if self.spec.junior is not None:
            out["junior posts"] = len(junior)
            out["junior FTE"] = round(self.junior_fte, 6)
        out["warnings"] = len(self.warnings)
        return out



def load_mapped(path: str | Path, mapping: str | Path | Mapping, *,
                junior: str | Path | None = None, raci: str | Path | None = None) -> Model:
    """Read a posts export through ``mapping`` (a built-in name such as
    ``uk-organogram``, a mapping YAML file, or a :class:`Mapping`).

    ``junior`` names the junior file (default: the mapping's ``junior.file``, else the
    file beside ``path``); ``raci`` a RACI matrix to merge (default: the mapping's
    ``raci``). The model's :meth:`~graphkit.model.Model.load_report` says what was read.
    """
    spec = resolve_mapping(mapping)
    p = Path(path)
    if p.is_dir():
        raise InputError(Issue("a folder, where the mapping reads one posts file", file=str(p),
                               expected="a .csv or .xlsx file"))
    loader = _Loader(spec)
    loader._posts_file = str(p)
    loader.read_posts(p)
    if spec.junior is not None:
        junior_path = Path(junior) if junior is not None else (
            p.parent / spec.junior.file if spec.junior.file else
            junior_file_beside(p, spec.junior.beside))
        if junior_path is not None and not junior_path.is_file():
            raise InputError(Issue("no such junior file", file=str(junior_path),
                                   expected="the junior posts file named in the mapping"))
        if junior_path is None:
            if spec.junior.required:
                raise InputError(Issue("no junior file beside the posts file", file=str(p),
                                       expected="a file named like it with " + " or ".join(
                                           f"{k!r} read as {v!r}"
                                           for k, v in spec.junior.beside.items())))
            loader.warn("no-junior-file", str(p), None, None, None,
                        "no junior file beside this file (looked for "
                        + ", ".join(f"{k!r} -> {v!r}" for k, v in spec.junior.beside.items())
                        + ")", "junior posts not loaded")
        else:
            loader.read_junior(junior_path)
    loader.placeholder_warnings()
    loader.authorities()
    loader.avoid_clashes()
    model = loader.model()
    report = LoadReport(files=loader.accounts, counts=loader.counts(),
                        warnings=loader.warnings)
    model.with_load_report(report)
    raci_path = Path(raci) if raci is not None else (p.parent / spec.raci if spec.raci else None)
    if raci_path is not None:
        from .raci import merge_raci

        model = merge_raci(model, raci_path, limits=loader.limits)
    return model
