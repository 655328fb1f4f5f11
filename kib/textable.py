"""Box-drawn text tables for the terminal, in the look of rich's default table, without rich.

`import rich.console, rich.table` alone costs about 40 ms, half again what the whole of `kib open-actions`
may take (issue 6), and laying out thousands of rows with rich takes seconds. These tables need no
more than column widths, word wrapping in one column and an optional style per row.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from .errors import visible

STYLES = {"bold": "\x1b[1m", "red": "\x1b[31m", "dim": "\x1b[2m"}
RESET = "\x1b[0m"

Row = tuple[Sequence[str], str]  # the cells, and a style: "", "bold", "red" or "dim"


def terminal_width(minimum: int = 120) -> int:
    """The terminal's width (COLUMNS, else the terminal, else 80), at least `minimum`."""
    return max(shutil.get_terminal_size((80, 24)).columns, minimum)


def use_colour() -> bool:
    """ANSI styles only for a terminal that wants them (not a pipe, NO_COLOR unset, TERM not dumb)."""
    stream = sys.stdout
    return bool(
        getattr(stream, "isatty", lambda: False)() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    )


def clean(text: str) -> str:
    """One line for a cell: line breaks and tabs as spaces, characters a terminal would act on as escapes."""
    return visible(" ".join(text.replace("\t", " ").splitlines()))


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def render(
    headers: Sequence[str],
    rows: Sequence[Row],
    *,
    wrap_column: int,
    min_wrap: int = 30,
    width: int = 120,
    colour: bool = False,
) -> str:
    """The table as text: every column as wide as its widest cell, the `wrap_column` wrapped to fit `width`."""
    count = len(headers)
    cells = [[clean(c) for c in cells] for cells, _ in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            if i != wrap_column:
                widths[i] = max(widths[i], len(cell))
    natural = max([widths[wrap_column], *(len(row[wrap_column]) for row in cells)])
    room = width - (sum(widths) - widths[wrap_column]) - (3 * count + 1)
    widths[wrap_column] = max(min_wrap, min(natural, room))

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def styled(text: str, style: str) -> str:
        return f"{STYLES[style]}{text}{RESET}" if colour and style and text.strip() else text

    out = [line("┏", "━", "┳", "┓")]
    out.append("┃" + "┃".join(f" {h:<{w}} " for h, w in zip(headers, widths, strict=True)) + "┃")
    out.append(line("┡", "━", "╇", "┩"))
    for row, (_, style) in zip(cells, rows, strict=True):
        wrapped = [_wrap(c, widths[i]) if i == wrap_column else [c] for i, c in enumerate(row)]
        for n in range(max(len(w) for w in wrapped)):
            parts = []
            for i, lines in enumerate(wrapped):
                text = lines[n] if n < len(lines) else ""
                parts.append(" " + styled(f"{text:<{widths[i]}}", style) + " ")
            out.append("│" + "│".join(parts) + "│")
    out.append(line("└", "─", "┴", "┘"))
    return "\n".join(out)
