"""The YAML parser's complaints in a secretary's words: what is wrong on which line, and what to do.

The parser reports where it gave up ("did not find expected key", "mapping values are not allowed
here"); the mistakes behind those words are few and known: a deleted line that named a list, a line
of text or a key indented wrongly, a ': ' inside an unquoted text, a missing space after a colon. Each
explanation looks at the lines themselves and names the line to change.
"""

from __future__ import annotations

import re

_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?):\s+(.*)$")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)$")
_LIST_ITEM = "a list item ('- …') where a key was expected: is the line naming the list (such as 'paragraphs:') missing above it, or is the item indented wrongly?"


def explain(
    problem: str, context: str | None, line: int | None, col: int | None, context_line: int | None, text: str
) -> tuple[str, int | None, int | None] | None:
    """(message, line, column) for a known parser complaint, or None to keep the parser's words."""
    if line is None:
        return None
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    stripped = here.lstrip()
    indent = len(here) - len(stripped)
    above = _line_above(lines, line)

    if problem == "did not find expected key" or problem == "did not find expected '-' indicator":
        if stripped.startswith("- "):
            return _LIST_ITEM, line, indent + 1
        since = f" (from line {context_line})" if context_line and context_line < line else ""
        return (
            f"this line is not lined up with the keys above it{since}: a key goes exactly below the keys "
            "beside it, a line of text further in than its key ('text: |')",
            line,
            indent + 1,
        )
    if problem == "could not find expected ':'" and context_line:
        start = lines[context_line - 1] if context_line <= len(lines) else ""
        if _glued(start):
            return _space_after_colon(context_line, start)
        return (
            "this line is neither 'key: value' nor part of a text: indent it like the text lines above it "
            "(a text after 'text: |' goes further in than 'text:')",
            context_line,
            len(start) - len(start.lstrip()) + 1,
        )
    if problem.startswith("mapping values are not allowed"):
        if above is not None and _glued(above[1]):
            return _space_after_colon(*above)
        pair = _KEY_VALUE.match(here)
        if pair and col is not None and col - 1 > len(pair[1]) + len(pair[2]):
            value = pair[3].rstrip().replace("\\", "\\\\").replace('"', '\\"')
            return f"the text contains ': '; put it in quotes: {pair[2]}: \"{value}\"", line, len(pair[1]) + 1
        if stripped.startswith("- "):
            return _LIST_ITEM, line, indent + 1
        stray = _stray_bullet(lines, line, indent)
        if stray is not None:
            return stray
        if above is not None and indent > len(above[1]) - len(above[1].lstrip()):
            key = stripped.split(":", 1)[0]
            return (
                f"'{key}:' is indented further than line {above[0]}, so it reads as part of that line's value: "
                "line it up with the keys above it",
                line,
                indent + 1,
            )
        return None
    if problem == "did not find expected <document start>":
        first = next((i for i, s in enumerate(lines, 1) if s.strip() and not s.lstrip().startswith("#")), line)
        return "the top-level keys start in the first column: remove the spaces before this one", first, 1
    if problem == "did not find expected comment or line break" and context == "while scanning a block scalar":
        return (
            "after 'text: |' the text starts on the next line, further in than its key: move it down to its own line",
            line,
            col,
        )
    if problem == "block sequence entries are not allowed in this context":
        return (
            "a value cannot start with '- ' on its key's line: put it in quotes, or start the list on the next line",
            line,
            col,
        )
    if context == "while scanning an alias":
        return "'*' at the start of a value marks a YAML alias: put the text in quotes", line, col
    if problem == "found character that cannot start any token" and col is not None:
        char = here[col - 1 : col] or "this character"
        return f"a value cannot start with '{char}': put the text in quotes", line, col
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'"):
        opened = "[" if problem.endswith("']'") else "{"
        where = f" on line {context_line}" if context_line else ""
        return (
            f"the '{opened}' opened{where} is not closed: close it, or put the text in quotes",
            context_line or line,
            None,
        )
    return None


def _glued(line: str) -> bool:
    """'date:2010-12-02': a key and its value with no space after the colon, which YAML reads as one text."""
    match = _NO_SPACE.match(line)
    return match is not None and not match[2].startswith("//") and not line.rstrip().endswith(":")


def _space_after_colon(number: int, line: str) -> tuple[str, int, int]:
    glued = _NO_SPACE.match(line)
    assert glued is not None
    return (
        f"put a space after the colon on line {number}: '{glued[1]}: {glued[2].strip()}'",
        number,
        line.index(":") + 2,
    )


def _stray_bullet(lines: list[str], line: int, indent: int) -> tuple[str, int, int] | None:
    """A bullet of a text typed as far out as the list around it ('  - a point' under 'text: |'): YAML reads
    it as a list item whose text goes on to the next key, and complains only there. Name the bullet."""
    for number in range(line - 1, 0, -1):
        candidate = lines[number - 1]
        if not candidate.strip() or candidate.lstrip().startswith("#"):
            continue
        start = len(candidate) - len(candidate.lstrip())
        if start >= indent:
            continue
        previous = _line_above(lines, number)
        if not candidate.lstrip().startswith("- ") or _KEY_VALUE.match(candidate) or previous is None:
            return None
        if len(previous[1]) - len(previous[1].lstrip()) <= start:
            return None
        return (
            "this bullet stands outside the text above it, so YAML reads it as a new list item and the lines "
            "after it as its text: indent it like the text lines above it",
            number,
            start + 1,
        )
    return None


def _line_above(lines: list[str], line: int) -> tuple[int, str] | None:
    """The nearest line above `line` that holds something other than a comment."""
    for number in range(line - 1, 0, -1):
        candidate = lines[number - 1]
        if candidate.strip() and not candidate.lstrip().startswith("#"):
            return number, candidate
    return None
