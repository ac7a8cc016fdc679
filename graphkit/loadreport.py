"""What a loader found and did: every input row accounted for, every defect said once.

Real exports are messy. A loader that reads one (a mapped organogram, a RACI matrix)
does not stop at the first defect and never drops a row silently: each row of each file
is *loaded*, *merged* into an earlier row (a duplicate) or *reported* (skipped, with a
warning saying why), and each defect is a :class:`LoadWarning` naming the file, the row,
the column, what was found and what was done. The report travels with the model
(:meth:`graphkit.model.Model.load_report`) so ``graphkit summary`` can print it.

>>> w = LoadWarning(code="self-report", file="co-senior.csv", row=12,
...                 column="Reports to Senior Post", found="7",
...                 message="post '7' reports to itself",
...                 action="kept, so the reporting-line check reports the loop")
>>> print(w)
co-senior.csv: row 12: Reports to Senior Post: post '7' reports to itself: found '7';
kept, so the reporting-line check reports the loop
>>> f = FileAccount(file="co-senior.csv", part="posts", rows=3, loaded=2, merged=1)
>>> f.is_accounted
True
>>> r = LoadReport(files=[f], counts={"posts": 2}, warnings=[w])
>>> r.lines()[:2]
['co-senior.csv (posts): 3 rows: 2 loaded, 1 merged as duplicates, 0 reported and
skipped', 'posts: 2']
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FileAccount", "LoadReport", "LoadWarning"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LoadWarning(_Frozen):
    """One defect in an input and what the loader did about it."""

    code: str = Field(description="stable kind of defect, e.g. duplicate-post, "
                                  "unknown-parent, normalised-reference")
    file: str
    row: int | None = Field(default=None, description="spreadsheet row (the header is row 1)")
    line: int | None = Field(default=None, description="text line, when it differs from row")
    column: str | None = None
    found: str | None = Field(default=None, description="the value as it stood in the file")
    message: str
    action: str = Field(description="what the loader did with it")

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
            if self.line is not None and self.line != self.row:
                where += f" (line {self.line})"
        text = where + (f": {self.column}" if self.column else "") + f": {self.message}"
        if self.found is not None:
            text += f": found {_quote(self.found)}"
        return text + f"; {self.action}"


def _quote(value: str, limit: int = 120) -> str:
    shown = value if len(value) <= limit else value[:limit] + "..."
    return repr(shown)


class FileAccount(_Frozen):
    """The rows of one input file and where each went: ``rows == loaded + merged + reported``."""

    file: str
    part: str = Field(description="what the file is read as: posts, junior posts, raci")
    rows: int = Field(ge=0, description="data rows read (blank rows included)")
    loaded: int = Field(default=0, ge=0, description="rows that became an element")
    merged: int = Field(default=0, ge=0, description="duplicates merged into an earlier row")
    reported: int = Field(default=0, ge=0, description="rows skipped, each with a warning")

    @property
    def is_accounted(self) -> bool:
        """Every row is loaded, merged or reported."""
        return self.rows == self.loaded + self.merged + self.reported


class LoadReport(_Frozen):
    """Counts and warnings of one load; see the module docstring."""

    files: list[FileAccount] = []
    counts: dict[str, int | float] = Field(
        default_factory=dict, description="figures of what was read, in reading order")
    warnings: list[LoadWarning] = []

    @property
    def is_accounted(self) -> bool:
        """Every row of every file is loaded, merged or reported."""
        return all(f.is_accounted for f in self.files)

    def lines(self) -> list[str]:
        """The report as text lines: one per file, one per count, one per warning."""
        out = [f"{f.file} ({f.part}): {f.rows} rows: {f.loaded} loaded, {f.merged} merged "
               f"as duplicates, {f.reported} reported and skipped" for f in self.files]
        for key, value in self.counts.items():
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            out.append(f"{key.replace('_', ' ')}: {shown}")
        out.extend(f"warning: {w}" for w in self.warnings)
        return out

    def merged_with(self, other: LoadReport) -> LoadReport:
        """This report followed by ``other`` (counts of the same name are added)."""
        counts = dict(self.counts)
        for key, value in other.counts.items():
            counts[key] = counts.get(key, 0) + value
        return LoadReport(files=[*self.files, *other.files], counts=counts,
                          warnings=[*self.warnings, *other.warnings])
