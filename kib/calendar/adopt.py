"""Writing decided dates into schedule.yaml, round-trip: comments, quoting and other years stay as they
were. A year that already has dates is never changed here; the secretary edits the file for that."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kib.errors import KibError


def adopt_year(path: Path, year: int, dates: list[dt.date], time: str, decided: str | None) -> str:
    """Add `year` with its dates, time and decision to schedule.yaml (created when missing); the new text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from kib.record.edit import edit_yaml

    def create() -> Any:
        data = CommentedMap()
        data["years"] = CommentedSeq()
        return data

    def change(data: Any) -> None:
        if not isinstance(data, dict):
            raise KibError("schedule.yaml must be a mapping with 'years:'; fix the file first", file=path)
        years = data.get("years")
        if years is None:
            years = data["years"] = CommentedSeq()
        if not isinstance(years, list):
            raise KibError("'years' in schedule.yaml must be a list; fix the file first", file=path)
        entry = None
        for item in years:
            if isinstance(item, dict) and str(item.get("year")) == str(year):
                entry = item
                break
        if entry is not None and entry.get("dates"):
            raise KibError(
                f"{year} already has adopted dates in schedule.yaml; kib does not replace them. "
                "Edit the file to change them (or remove that year's dates and run --adopt again)",
                file=path,
            )
        seq = CommentedSeq(list(dates))
        values: dict[str, Any] = {"dates": seq, "time": DoubleQuotedScalarString(time)}
        if decided:
            values["decided"] = DoubleQuotedScalarString(decided)
        if entry is None:
            entry = CommentedMap()
            entry["year"] = year
            entry.update(values)
            position = len(years)
            for index, item in enumerate(years):
                if isinstance(item, dict) and isinstance(item.get("year"), int) and item["year"] > year:
                    position = index
                    break
            years.insert(position, entry)
            if position > 0:
                _move_trailing_comment(years[position - 1], entry)
        else:  # the year is there without dates (e.g. only a count): fill it in, keep its other keys
            for key, value in values.items():
                entry[key] = value

    return edit_yaml(path, change, create=create)


def _last_slots(node: Any) -> list[tuple[Any, Any]]:
    """(collection, key or index) from `node` down to its deepest last item."""
    slots = []
    while isinstance(node, (dict, list)) and node and hasattr(node, "ca"):
        key = list(node)[-1] if isinstance(node, dict) else len(node) - 1
        slots.append((node, key))
        node = node[key]
    return slots


def _move_trailing_comment(previous: Any, entry: Any) -> None:
    """Comment lines after the previous year describe what follows it: keep them after the new year.

    ruamel attaches the lines after a block to the block's last value (map: slot 2, list: slot 0); an
    end-of-line comment on that value stays where it is.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    for node, key in reversed(_last_slots(previous)):
        slot = 2 if isinstance(node, dict) else 0
        holder = node.ca.items.get(key)
        token = holder[slot] if holder and len(holder) > slot else None
        if token is None:
            continue
        value = token.value
        if value.startswith("#"):  # an end-of-line comment first: it stays on its line
            first, _, rest = value.partition("\n")
            if not rest.strip():
                return
            token.value = first + "\n"
            moved = "\n" + rest
        else:
            holder[slot] = None
            moved = value
        last_key = list(entry)[-1]
        entry.ca.items[last_key] = [None, None, CommentToken(moved, CommentMark(0), None), None]
        return
