"""Reading model files within bounds, and saying where a model's problems are.

Every reader here goes through :func:`read_bounded` (a missing, unreadable, empty or
too-large file is an :class:`~graphkit.errors.InputError` naming the file) and turns the
model's located issues (``loc`` tuples) into file lines or CSV rows with :func:`relocate`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, Issue, ModelError

__all__ = [
    "ENV_MAX_FILE_BYTES",
    "decode_text",
    "max_file_bytes",
    "read_bounded",
    "relocate",
]

#: Environment variable that overrides :data:`graphkit.loaders.MAX_FILE_BYTES` (bytes).
ENV_MAX_FILE_BYTES = "GRAPHKIT_MAX_FILE_BYTES"


def max_file_bytes() -> int:
    """The largest model file graphkit reads, in bytes.

    ``GRAPHKIT_MAX_FILE_BYTES`` overrides :data:`graphkit.loaders.MAX_FILE_BYTES`.

    >>> import os
    >>> os.environ[ENV_MAX_FILE_BYTES] = "1000"
    >>> max_file_bytes()
    1000
    >>> del os.environ[ENV_MAX_FILE_BYTES]
    """
    value = os.environ.get(ENV_MAX_FILE_BYTES)
    if value:
        try:
            limit = int(value)
        except ValueError:
            raise InputError(Issue(f"'{value}' is not a number of bytes",
                                   field=ENV_MAX_FILE_BYTES, expected="a whole number")) from None
        if limit < 1:
            raise InputError(Issue(f"'{value}' is not a number of bytes",
                                   field=ENV_MAX_FILE_BYTES, expected="a positive number"))
        return limit
    from . import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def _size_words(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def check_file(path: Path, what: str = "a model file") -> int:
    """Check that ``path`` is a regular, readable file within the size limit; its size."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(Issue("no such file", file=str(path), expected=what)) from None
    except OSError as exc:
        raise InputError(Issue(f"cannot read: {exc.strerror or exc}", file=str(path),
                               expected=what)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(Issue("is a folder, not a file", file=str(path), expected=what))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(Issue("is not a regular file", file=str(path), expected=what))
    limit = max_file_bytes()
    if st.st_size > limit:
        raise InputError(Issue(
            f"file is too large ({_size_words(st.st_size)})", file=str(path),
            expected=f"at most {_size_words(limit)}; set {ENV_MAX_FILE_BYTES} to allow more"))
    return st.st_size


def read_bounded(path: Path, what: str = "a model file") -> bytes:
    """The bytes of ``path``: a regular file, readable, not empty, within the size limit."""
    check_file(path, what)
    limit = max_file_bytes()
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError(Issue(f"cannot read: {exc.strerror or exc}", file=str(path),
                               expected=what)) from None
    if len(data) > limit:  # grew while we looked
        raise InputError(Issue(f"file is too large (over {_size_words(limit)})", file=str(path),
                               expected=f"at most {_size_words(limit)}; set "
                                        f"{ENV_MAX_FILE_BYTES} to allow more"))
    if not data.strip():
        raise InputError(Issue("empty file", file=str(path), expected=what))
    return data


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (a byte-order mark is allowed), or an error naming the line of the bad byte.

    >>> decode_text(b"id\\nal\\xffice\\n", Path("people.csv"))
    Traceback (most recent call last):
    ...
    graphkit.errors.InputError: people.csv:2: cannot read: byte 0xff is not UTF-8 text (expected a file saved as UTF-8)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(Issue(f"cannot read: byte 0x{data[exc.start]:02x} is not UTF-8 text",
                               file=str(path), line=line,
                               expected="a file saved as UTF-8")) from None


_FIRST_AT = re.compile(r"first defined at (\w+)\[(\d+)\]")

#: Where a model location is in the source: ``loc -> (file, line, row, field)``.
Locator = Callable[[tuple[str | int, ...]], tuple[str | None, int | None, int | None, str | None]]


def relocate(error: ModelError, locate: Locator,
             order: Callable[[Issue], tuple[object, ...]] | None = None) -> ModelError:
    """The same issues, each placed in its source file (line or row) by ``locate``.

    The model says "first defined at people[0]" for a duplicate id; that becomes the line
    or row of the first definition too.
    """
    issues = []
    for issue in error.issues:
        file, line, row, field = locate(issue.loc)
        message = issue.message
        m = _FIRST_AT.search(message)
        if m:
            _, fline, frow, _ = locate((m.group(1), int(m.group(2))))
            if fline is not None:
                message = message[:m.start()] + f"first defined on line {fline}" + \
                    message[m.end():]
            elif frow is not None:
                message = message[:m.start()] + f"first defined in row {frow}" + \
                    message[m.end():]
        issues.append(replace(issue, message=message, file=file, line=line, row=row,
                              field=field if field is not None else issue.field))
    if order is not None:
        issues.sort(key=order)
    return ModelError(issues)
