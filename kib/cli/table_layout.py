"""A rich table laid out once per table, so that a register of thousands of uppdrag prints quickly.

Rich sizes a table by measuring every cell, then wraps, pads and crops every cell on its own, and when
the terminal is narrow it measures them all again. For thousands of rows that costs more than reading
the meetings. Here kib works out the column widths and the line breaks itself, with rich's measure of
terminal cells (wide characters count twice) and by rich's rules, and gives rich each group of rows as
finished lines: rich still draws the table (borders, header, the line between groups, colours, the
legacy Windows console), and it looks as rich would lay it out from the cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segments
    from rich.style import Style
    from rich.table import Table as RichTable

    from .output import Column, Table

#: Spaces on either side of a cell's text, as rich pads table cells.
PAD = 1

#: A word with the spaces around it, as rich's wrapping sees words.
_WORD = re.compile(r"\s*\S+\s*")


def wrap(text: str, width: int, *, fold: bool) -> list[str]:
    """`text` as lines of at most `width` cells, broken where rich breaks a table cell.

    Between words; a word longer than the line is folded across lines. A column that does not wrap
    (`fold` false) crops instead.
    """
    from rich.cells import cell_len, chop_cells, set_cell_size

    if cell_len(text) <= width:
        return [text]
    if not fold or width < 1:
        return [set_cell_size(text, max(width, 0))]
    lines: list[str] = []
    line, used = "", 0
    for word in _WORD.findall(text):
        bare = word.rstrip()
        length = cell_len(bare)
        after = word[len(bare) :]
        spaces = len(after) if after.isascii() else cell_len(after)
        if length <= width - used:
            line, used = line + word, used + length + spaces
        elif length > width:
            chunks = chop_cells(word, width)
            if line:
                lines.append(line)
            lines += chunks[:-1]
            line = chunks[-1]
            used = cell_len(line)
        else:
            lines.append(line)
            line, used = word, length + spaces
    lines.append(line)
    return [line.rstrip() for line in lines]


def column_widths(columns: Sequence[Column], texts: Sequence[Sequence[str]], available: int) -> list[int]:
    """Each column's width in cells, padding included, as rich sizes a table that must fit `available`.

    A column is as wide as its widest cell (the header among them), at most its `max_width`. When the
    table is too wide, the widest wrapping columns give way first, down to the next widest, and so on;
    if that is not enough, every column gives way evenly.
    """
    from rich.cells import cell_len

    widths = []
    for index, column in enumerate(columns):
        natural = max(cell_len(row[index]) for row in texts) + 2 * PAD
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
    from rich.segment import Segment, Segments
    from rich.table import Table as RichTable

    columns = table.columns
    widths = column_widths(columns, texts, console.width - (len(columns) + 1))
    inner = [max(w - 2 * PAD, 0) for w in widths]
    space = " " * PAD
    grid = RichTable(show_header=True, header_style="bold", expand=False, padding=0)
    for column, text, width, room in zip(columns, texts[0], widths, inner, strict=True):
        lines = wrap(text, room, fold=column.wrap)
        header = Segments([Segment(space + line + space) for line in lines], new_lines=True)
        grid.add_column(header=header, width=width, no_wrap=True)

    styles = {name: console.get_style(name) if name else None for name in set(table.styles)}
    starts = sorted({0, *table.sections})
    for start, end in zip(starts, [*starts[1:], len(table.rows)], strict=True):
        group: list[list[tuple[str, Style | None]]] = [[] for _ in columns]
        for cells, style_name in zip(texts[1 + start : 1 + end], table.styles[start:end], strict=True):
            style = styles[style_name]
            wrapped = [wrap(t, room, fold=c.wrap) for t, room, c in zip(cells, inner, columns, strict=True)]
            height = max(len(lines) for lines in wrapped)
            for column_lines, lines in zip(group, wrapped, strict=True):
                column_lines += [(line, style) for line in lines]
                column_lines += [("", None)] * (height - len(lines))
        grid.add_row(*(_segments(lines) for lines in group), end_section=True)
    return grid


def _segments(lines: list[tuple[str, Style | None]]) -> Segments:
    """A cell's lines for rich, which pads each to the column's width and the cell to the row's height."""
    from rich.segment import Segment, Segments

    while lines and not lines[-1][0]:
        lines.pop()
    new_line = Segment.line()
    segments = []
    for text, style in lines:
        if text:
            segments.append(Segment(" " * PAD + text, style))
        segments.append(new_line)
    return Segments(segments)
