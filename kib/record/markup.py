"""The body-text format of paragraphs, decisions and bilagor: one Word paragraph per line.

A secretary writes plain lines in YAML; this module turns them into a short list of typed blocks that
the Word renderer (and `kib check`) can trust, without importing anything heavy:

    Plain line                  a paragraph of text
    - item                      a bullet; "  - item" (two spaces more per level) a nested bullet
    > quoted line               a quotation; "> - item" a bullet inside the quotation
    ---                         a separator (a line of its own)
    text[^key] more text        a footnote marker; the footnote's text is in the paragraph's `footnotes`
    (blank line)                ignored: paragraphs are lines, not blank-line separated blocks
    \\- not a bullet             a leading backslash keeps the rest of the line as literal text

Keeping the syntax this small means every line of a transcription maps to exactly one Word paragraph,
so nothing a secretary typed can disappear into an unexpected construct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["text", "bullet", "quote", "separator"]

#: A footnote marker: "[^1]", "[^kris]"; the key has no spaces and no "]".
FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_BULLET = re.compile(r"^( *)- (.*)$")
#: Deepest bullet level kept apart; deeper indentation prints at this level (Word lists have 9).
MAX_LEVEL = 8


@dataclass(frozen=True)
class Footnote:
    """A footnote marker inside a line of text."""

    key: str


Span = str | Footnote


@dataclass(frozen=True)
class Block:
    """One Word paragraph of body text.

    `level` is the bullet depth (0 = top level) and `quoted` marks a bullet inside a quotation; a quoted
    text line has kind "quote".
    """

    kind: BlockKind
    text: str = ""
    level: int = 0
    quoted: bool = False
    line: int = 0  # 1-based line of the text it came from, for messages

    @property
    def spans(self) -> list[Span]:
        """The text split at footnote markers."""
        return spans(self.text)


def spans(text: str) -> list[Span]:
    """'a[^1] b' as ['a', Footnote('1'), ' b']; empty strings are left out."""
    out: list[Span] = []
    pos = 0
    for match in FOOTNOTE.finditer(text):
        if match.start() > pos:
            out.append(text[pos : match.start()])
        out.append(Footnote(match.group(1)))
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def footnote_keys(text: str) -> list[str]:
    """The keys of the footnote markers in `text`, in order, repeats included (so a check can flag them)."""
    return [m.group(1) for m in FOOTNOTE.finditer(text or "")]


def _bullet(body: str) -> tuple[int, str] | None:
    """(level, text) when `body` is a bullet line."""
    match = _BULLET.match(body)
    if match is None:
        return None
    level = min(len(match.group(1)) // 2, MAX_LEVEL)
    return level, match.group(2).strip()


def parse(text: str | None) -> list[Block]:
    """The blocks of a body text, one per non-blank line."""
    blocks: list[Block] = []
    if not text:
        return blocks
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("\\"):
            blocks.append(Block("text", stripped[1:].strip(), line=number))
            continue
        if stripped == "---":
            blocks.append(Block("separator", line=number))
            continue
        bullet = _bullet(line)
        if bullet is not None:
            blocks.append(Block("bullet", bullet[1], level=bullet[0], line=number))
            continue
        if stripped == ">":
            continue  # an empty quotation line is a blank line inside the quotation
        if stripped.startswith("> "):
            inner = stripped[2:]
            inner_bullet = _bullet(inner)
            if inner_bullet is not None:
                blocks.append(Block("bullet", inner_bullet[1], level=inner_bullet[0], quoted=True, line=number))
            elif inner.strip() == "---":
                blocks.append(Block("separator", quoted=True, line=number))
            else:
                blocks.append(Block("quote", inner.strip(), line=number))
            continue
        blocks.append(Block("text", stripped, line=number))
    return blocks


def plain(text: str | None) -> str:
    """The words of a body text without markup, e.g. for a one-line summary."""
    return " ".join(FOOTNOTE.sub("", b.text) for b in parse(text) if b.text)
