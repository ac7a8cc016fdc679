"""Where the real organogram return lives, and small-file helpers for the tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared data folder beside the repository (``<repo>/../shared``, as on CI); a
    git worktree under ``wt/`` finds it one level further up."""
    for candidate in (REPO / ".." / "shared", REPO / ".." / ".." / "shared"):
        if candidate.is_dir():
            return candidate
    return REPO / ".." / "shared"


ORGANOGRAMS = shared_dir() / "data" / "uk-organograms"
SENIOR = ORGANOGRAMS / "Cabinet-Office-FINAL--30-Sept-2013-senior.csv"
JUNIOR = ORGANOGRAMS / "Cabinet-Office-FINAL--30-Sept-2013-junior.csv"

#: The senior columns the synthetic files use (a subset of the published format).
SENIOR_HEADER = (",Post Unique Reference,Name,Grade,Job Title,Unit,Reports to Senior Post,FTE,"
                 "Organisation")
JUNIOR_HEADER = ",Unit,Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE"


def write(path: Path, header: str, rows: list[str]) -> Path:
    """Write a CSV file: the header line, then each row line as given (raw text)."""
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path
