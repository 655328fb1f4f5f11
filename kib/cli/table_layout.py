"""A rich table laid out once per table, so that a register of thousands of uppdrag prints quickly.

Rich sizes a table by measuring every cell, then wraps, pads and crops every cell on its own, and when
the terminal is narrow it measures them all again. For thousands of rows that costs more than reading
the meetings. Here kib works out the column widths and the line breaks itself, with rich's measure of
terminal cells (wide characters count twice) and by rich's rules, and gives rich each group of rows as
finished lines: rich still draws the table (borders, header, the line between groups, colours, the
legacy Windows console), and it looks as rich would lay it out from the cells.

Imported only when a table is printed (it imports rich).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.segment import Segment, Segments
from rich.table import Table as RichTable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.style import Style

    from .output import Column, Table

#: Spaces on either side of a cell's text, as rich pads table cells.
PAD = 1

#: A word with the spaces around it, as rich's wrapping sees words.
_WORD = re.compile(r"\s*\S+\s*")

#: A line of a cell: its text and the terminal cells it takes.
Sized = tuple[str, int]


def cells(text: str) -> int:
    """The terminal cells `text` takes, by rich's measure (the table's text is printable: no control
    characters, so plain ASCII takes one cell a character)."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int, *, fold: bool) -> list[str]:
    """`text` as lines of at most `width` cells, broken where rich breaks a table cell.

    Between words; a word longer than the line is folded across lines. A column that does not wrap
    (`fold` false) crops instead.
    """
    return [line for line, _ in _wrap(text, cells(text), width, fold)]


def _wrap(text: str, size: int, width: int, fold: bool) -> list[Sized]:
    if size <= width:
        return [(text, size)]
    if not fold or width < 1:
        return [(set_cell_size(text, max(width, 0)), max(width, 0))]
    lines: list[str] = []
    line, used = "", 0
    for word in _WORD.findall(text):
        bare = word.rstrip()
        length = cells(bare)
        if length <= width - used:
            line, used = line + word, used + length + cells(word[len(bare) :])
        elif length > width:
            chunks = chop_cells(word, width)
            if line:
                lines.append(line)
            lines += chunks[:-1]
            line = chunks[-1]
            used = cells(line)
        else:
            lines.append(line)
            line, used = word, length + cells(word[len(bare) :])
    lines.append(line)
    return [(kept, cells(kept)) for kept in (line.rstrip() for line in lines)]


def column_widths(columns: Sequence[Column], sizes: Sequence[Sequence[int]], available: int) -> list[int]:
    """Each column's width in cells, padding included, as rich sizes a table that must fit `available`.

    `sizes` holds the cells each cell's text takes, row by row (the header row among them). A column
    is as wide as its widest cell, at most its `max_width`. When the table is too wide, the widest
    wrapping columns give way first, down to the next widest, and so on; if that is not enough, every
    column gives way evenly.
    """
    widths = []
    for index, column in enumerate(columns):
        natural = max(row[index] for row in sizes) + 2 * PAD
        if column.max_width is not None:
            natural = min(natural, column.max_width + 2 * PAD)
        widths.append(min(natural, max(available, 0)) or 1)
    if sum(widths) > available:
        widths = _collapse(widths, [c.wrap for c in columns], available)
        if sum(widths) > available:
            widths = _reduce(sum(widths) - available, [1] * len(widths), widths, widths)
        widths = [max(w, 0) for w in widths]
    return widths


def _collapse(widths: list[int], wrapping: list[bool], available: int) -> list[int]:
    """The widest wrapping columns made narrower, down to the next widest at a time, until the table fits."""
    excess = sum(widths) - available
    while excess > 0 and any(wrapping):
        widest = max(w for w, wraps in zip(widths, wrapping, strict=True) if wraps)
        next_widest = max((w for w, wraps in zip(widths, wrapping, strict=True) if wraps and w != widest), default=0)
        shares = [1 if wraps and w == widest else 0 for w, wraps in zip(widths, wrapping, strict=True)]
        if not any(shares) or widest == next_widest:
            break
        widths = _reduce(excess, shares, [min(excess, widest - next_widest)] * len(widths), widths)
        excess = sum(widths) - available
    return widths


def _reduce(total: int, shares: list[int], limits: list[int], values: list[int]) -> list[int]:
    """`values` less `total` in all, shared out by `shares` (rounded as rich rounds), none by more than its limit."""
    shares = [share if limit else 0 for share, limit in zip(shares, limits, strict=True)]
    left, remaining = sum(shares), total
    result = []
    for share, limit, value in zip(shares, limits, values, strict=True):
        if share and left > 0:
            taken = min(limit, round(share * remaining / left))
            result.append(value - taken)
            remaining -= taken
            left -= share
        else:
            result.append(value)
    return result


def rich_table(table: Table, texts: Sequence[Sequence[str]], console: Console) -> RichTable:
    """`table` as a rich table for `console`: one rich row per group of rows, each cell its finished lines.

    `texts` holds the header and then each row's cells as one-line text.
    """
    columns = table.columns
    sizes = [[cells(text) for text in row] for row in texts]
    widths = column_widths(columns, sizes, console.width - (len(columns) + 1))
    inner = [max(w - 2 * PAD, 0) for w in widths]
    folds = [c.wrap for c in columns]
    grid = RichTable(show_header=True, header_style="bold", expand=False, padding=0)
    for text, size, width, room, fold in zip(texts[0], sizes[0], widths, inner, folds, strict=True):
        header = [(line, length, None) for line, length in _wrap(text, size, room, fold)]
        grid.add_column(header=_segments(header, width), width=width, no_wrap=True)

    styles = {name: console.get_style(name) if name else None for name in set(table.styles)}
    starts = sorted({0, *table.sections})
    for start, end in zip(starts, [*starts[1:], len(table.rows)], strict=True):
        group: list[list[tuple[str, int, Style | None]]] = [[] for _ in columns]
        rows = zip(texts[1 + start : 1 + end], sizes[1 + start : 1 + end], table.styles[start:end], strict=True)
        for row, row_sizes, style_name in rows:
            style = styles[style_name]
            wrapped = [
                _wrap(text, size, room, fold)
                for text, size, room, fold in zip(row, row_sizes, inner, folds, strict=True)
            ]
            height = max(len(lines) for lines in wrapped)
            for column_lines, lines in zip(group, wrapped, strict=True):
                column_lines += [(line, length, style) for line, length in lines]
                column_lines += [("", 0, None)] * (height - len(lines))
        grid.add_row(*(_segments(lines, width) for lines, width in zip(group, widths, strict=True)), end_section=True)
    return grid


def _segments(lines: Sequence[tuple[str, int, Style | None]], width: int) -> Segments:
    """A cell's lines for rich, each padded to the column's `width`; rich pads the cell to the row's height."""
    end = len(lines)
    while end and not lines[end - 1][0]:
        end -= 1
    new_line = Segment.line()
    blank = Segment(" " * width)
    pad = " " * PAD
    segments = []
    for text, length, style in lines[:end]:
        segments.append(Segment(pad + text + " " * (width - PAD - length), style) if text else blank)
        segments.append(new_line)
    return Segments(segments)
