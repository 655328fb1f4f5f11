"""Problems and errors that reach the secretary as one clear line, never as a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]


class ExitCode(IntEnum):
    """What a script sees of how a command ended; each error type carries the one it ends with."""

    OK = 0
    PROBLEM = 1  # a problem in the data, or an action refused
    USAGE = 2  # wrong arguments, or input that cannot be read at all
    INTERNAL = 70  # a bug in kib (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


@dataclass(frozen=True)
class Problem:
    """One finding about a file, printed as `file:line:col: severity: message`."""

    file: Path | None
    line: int | None  # 1-based
    col: int | None  # 1-based
    severity: Severity
    message: str

    def render(self, base: Path | None = None) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file, base)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return visible(f"{where}{self.severity}: {self.message}")


class KibError(Exception):
    """An error the user can act on; the CLI prints it and exits with `exit_code`."""

    exit_code: ExitCode = ExitCode.PROBLEM

    def __init__(
        self,
        message: str,
        *,
        file: Path | None = None,
        line: int | None = None,
        col: int | None = None,
        exit_code: ExitCode | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        if exit_code is not None:
            self.exit_code = exit_code

    def render(self, base: Path | None = None) -> str:
        return Problem(self.file, self.line, self.col, "error", self.message).render(base)

    @classmethod
    def from_problem(cls, problem: Problem, hint: str = "") -> KibError:
        """The error that stops a command at a problem `kib check` would also report."""
        return cls(problem.message + hint, file=problem.file, line=problem.line, col=problem.col)


class UsageError(KibError):
    """Wrong arguments."""

    exit_code = ExitCode.USAGE


#: Characters a message shows as escapes: from a file they could move the cursor, clear the terminal, start a
#: new line that looks like another problem, or reorder the text (bidirectional controls).
_INVISIBLE = {
    c: f"\\u{c:04x}" if c > 0xFF else f"\\x{c:02x}"
    for c in (
        *range(0x00, 0x09),
        *range(0x0A, 0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def visible(text: str) -> str:
    """`text` on one line, with control characters written as escapes (a file's words reach the terminal)."""
    return text.translate(_INVISIBLE)


def display_path(path: Path, base: Path | None = None) -> str:
    """A path relative to `base` (or the current folder) when it lies below it, with forward slashes."""
    for anchor in (base, Path.cwd()):
        if anchor is None:
            continue
        try:
            return path.resolve().relative_to(anchor.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return str(path)
