"""Comparing a data root before and after a command: which files changed, and which lines."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from kib.record.edit import dump, round_trip_yaml


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` (lock and temporary files included)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def line_changes(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two versions of a file, line endings included."""
    a = old.decode("utf-8").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += a[i1:i2]
        if tag in ("replace", "insert"):
            added += b[j1:j2]
    return removed, added


def comments(data: bytes) -> list[str]:
    return [line.strip() for line in data.decode("utf-8").splitlines() if line.lstrip().startswith("#")]


def signed_date(text: str) -> str:
    match = re.search(r"^signed:\n(?:  #.*\n)*  date: (\d{4}-\d{2}-\d{2})", text, re.MULTILINE)
    assert match, "a shipped meeting without a signed date"
    return match[1]


def unseal(text: str) -> str:
    """The meeting as it was before `kib sign` sealed it: the seal's lines under `signed:` taken out."""
    out: list[str] = []
    in_signed = skipping = False
    for line in text.splitlines(keepends=True):
        if not line.startswith(" ") and line.strip():
            in_signed = line.startswith("signed:")
            skipping = False
        if in_signed and re.match(r"  (fingerprint|parts|amendments|record|pictures):", line):
            skipping = not line.startswith("  fingerprint:")
            continue
        if skipping and (line.startswith("    ") or line.startswith("  - ")):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def restyle(data: bytes, style: tuple[int, int, int], crlf: bool, bom: bool) -> bytes:
    """The same content (comments too) written in another indentation, line ending and BOM."""
    loaded = round_trip_yaml().load(data.decode("utf-8"))
    text = dump(loaded, style)
    if crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
