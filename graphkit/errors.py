"""One hierarchy of errors, each said once, with where and what was expected.

Every error graphkit raises on purpose is a :class:`GraphkitError`. The CLI turns
one into lines on stderr and exit code 2; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

__all__ = [
    "GraphkitError",
    "InputError",
    "Issue",
    "ModelError",
    "UsageError",
]


@dataclass(frozen=True)
class Issue:
    """One problem in an input, located as precisely as the input allows.

    ``loc`` is the path inside the model (``("people", 3, "reports_to")``);
    ``file``, ``line`` and ``row`` say where it is in the source, when known.

    >>> str(Issue("unknown person 'zed'", file="m.yaml", line=12, field="people[3].reports_to",
    ...           expected="the id of a person in the model"))
    "m.yaml:12: people[3].reports_to: unknown person 'zed' (expected the id of a person in the model)"
    """

    message: str
    file: str | None = None
    line: int | None = None
    row: int | None = None
    field: str | None = None
    expected: str | None = None
    loc: tuple[str | int, ...] = dc_field(default=(), compare=False)

    def __str__(self) -> str:
        where = self.file or "<model>"
        if self.line is not None:
            where += f":{self.line}"
        elif self.row is not None:
            where += f": row {self.row}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class GraphkitError(Exception):
    """Base of every error graphkit raises for bad input or usage."""

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(GraphkitError):
    """A command was called with words that do not fit."""


class InputError(GraphkitError):
    """A file could not be read at all: missing, unreadable, empty, too large, malformed."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue

    def lines(self) -> list[str]:
        return [str(self.issue)]


class ModelError(GraphkitError):
    """A model was read but is not valid; carries every issue found, not only the first."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} in the model"
        super().__init__(head + ":\n" + "\n".join(str(i) for i in self.issues))

    def lines(self) -> list[str]:
        return [str(i) for i in self.issues]
