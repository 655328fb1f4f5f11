"""Reading YAML safely and fast, and finding the line of any value for error messages.

Scanning commands read with PyYAML's C safe loader (far faster than ruamel's round-trip loader;
`bench/README.md` has the figures); only files that are edited are loaded round-trip (`kib.record.edit`). No tag can construct a
Python object, duplicate keys are errors, and oversized or alias-bomb documents are refused.
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kib.errors import ExitCode, KibError

try:  # the C loader ships in PyYAML's wheels; fall back so a source build still works
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Largest YAML file kib reads: a year's minutes are a few kB, so 2 MB is a mistake, not a record.
MAX_BYTES = 2_000_000
#: Most values one document may hold once aliases are followed (guards against "billion laughs").
MAX_NODES = 200_000
#: Most characters of text one document may hold once aliases are followed (a long text repeated by aliases).
MAX_CHARS = 10 * MAX_BYTES

PathKey = tuple[object, ...]
BOOL_TAG = "tag:yaml.org,2002:bool"
STR_TAG = "tag:yaml.org,2002:str"


#: Keys the safe constructor resolves while flattening a mapping: `<<` (merge) and `=` (value).
_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that treats a repeated key as an error instead of keeping the last value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!map [1]`, `!!set x`: a tag that does not fit its value
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        # keys are compared as written, before merge keys (<<) bring in theirs; without those, in one pass
        mapping: dict[Any, Any] = {}
        merging = False
        for key_node, value_node in node.value:
            if key_node.tag == BOOL_TAG and isinstance(key_node, yaml.ScalarNode) and not key_node.style:
                key_node.tag = STR_TAG  # `yes:` and `no:` name a vote's sides: as keys they are words
            merging = merging or key_node.tag in _MERGE_TAGS
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}: remove one of the two", key_node.start_mark
                )
            mapping[key] = None if merging else self.construct_object(value_node, deep=deep)
        # values built so far are kept by the constructor, so the safe constructor does not build them again
        return super().construct_mapping(node, deep=deep) if merging else mapping  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value the standard constructors cannot build (2008-02-30, `!!int abc`) is a YAML error at its line."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            shown = f"{str(node.value)[:40]!r} is" if isinstance(node, yaml.ScalarNode) else "this value is"
            tag = str(node.tag)
            what = "a real date" if tag == "tag:yaml.org,2002:timestamp" else f"a valid {tag.rsplit(':', 1)[-1]}"
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} not {what} ({exc}); put it in quotes if it is a text", node.start_mark
            ) from None


def read_text(path: Path) -> str:
    """The file's text as UTF-8, with a clear error for what is not."""
    return decode(read_input(path), path)


def open_input(path: Path) -> int:
    """A descriptor for reading an input file, refusing at once anything that is not a regular file.

    A FIFO would block kib forever and a device such as /dev/zero never ends, so the file is opened
    without waiting (O_NONBLOCK) and its type checked on the open descriptor itself, where no rename in
    between can change the answer. FileNotFoundError is left to the caller.
    """
    if path.is_dir():
        raise KibError("is a folder, not a file", file=path, exit_code=ExitCode.USAGE)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise KibError("is a folder, not a file", file=path, exit_code=ExitCode.USAGE) from None
    except OSError as exc:
        raise KibError(f"cannot read: {exc.strerror or exc}", file=path, exit_code=ExitCode.USAGE) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise KibError(f"cannot read: {exc.strerror or exc}", file=path, exit_code=ExitCode.USAGE) from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a device or socket"
        raise KibError(f"is {what}, not a file; give the path of a file", file=path, exit_code=ExitCode.USAGE)
    return fd


def read_input(path: Path, limit: int = MAX_BYTES, describe: str = "YAML files") -> bytes:
    """The bytes of an input file (meeting, members, schedule, calendar, template), read with a size limit.

    Every failure (missing, not a regular file, too big, unreadable) is one KibError naming the file.
    """
    try:
        fd = open_input(path)
    except FileNotFoundError:
        raise KibError("file not found", file=path, exit_code=ExitCode.USAGE) from None
    try:
        check_size(os.fstat(fd).st_size, path, limit, describe)
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            check_size(total, path, limit, describe)  # a file that grows while it is read
    except OSError as exc:
        raise KibError(f"cannot read: {exc.strerror or exc}", file=path, exit_code=ExitCode.USAGE) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def check_size(size: int, path: Path, limit: int = MAX_BYTES, describe: str = "YAML files") -> None:
    if size > limit:
        raise KibError(
            f"file is {size / 1_000_000:.1f} MB; kib reads {describe} up to {limit / 1_000_000:.1f} MB. "
            + ("Is this really a meeting file?" if describe == "YAML files" else "Is this the right file?"),
            file=path,
            exit_code=ExitCode.USAGE,
        )


def decode(data: bytes, path: Path) -> str:
    """Bytes already read (the index hashes exactly what is parsed) as UTF-8 text, with read_text's errors."""
    check_size(len(data), path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KibError(
            "not UTF-8 text; save the file as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
            file=path,
            line=line,
            exit_code=ExitCode.USAGE,
        ) from None


def parse(text: str, path: Path) -> Any:
    """Parse YAML text safely; every failure becomes a KibError with the file and line."""
    if "\t" in text:
        # YAML forbids tabs in indentation; say so plainly instead of the parser's riddle.
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise KibError(
                    "tab used for indentation; YAML needs spaces",
                    file=path,
                    line=number,
                    col=len(line) - len(stripped) + 1,
                )
    # the substring test first: the line-by-line search costs more, and markers are rare
    markers = "<<<<<<<" in text or ">>>>>>>" in text or "=======" in text
    for number, line in enumerate(text.splitlines() if markers else (), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>")) or line.rstrip() == "=======":
            raise KibError(
                "merge conflict marker; keep one side of the conflict and delete the markers",
                file=path,
                line=number,
                col=1,
            )
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "tag:yaml.org,2002:value" in problem or "tag:yaml.org,2002:merge" in problem:
            problem = "'=' or '<<' alone is not a value; put quotes around it"
        elif "could not determine a constructor" in problem or ("tag" in problem and "!!" in problem):
            problem = "YAML tags that construct objects are not allowed (" + problem.split(" for the tag ")[-1] + ")"
        line_no = mark.line + 1 if mark else None
        col_no = mark.column + 1 if mark else None
        opened = _unclosed_quote(text, line_no)
        if opened is not None:
            raise KibError(
                f"invalid YAML: the quote opened here is not closed ({problem}); close it or remove it",
                file=path,
                line=opened[0],
                col=opened[1],
            ) from None
        from .yamlerrors import explain

        context_line = exc.context_mark.line + 1 if exc.context_mark else None
        explained = explain(problem, exc.context, line_no, col_no, context_line, text)
        if explained is not None:
            message, line_no, col_no = explained
            raise KibError(f"invalid YAML: {message}", file=path, line=line_no, col=col_no) from None
        raise KibError(f"invalid YAML: {problem}{_hint(problem)}", file=path, line=line_no, col=col_no) from None
    except yaml.reader.ReaderError as exc:
        # the C reader counts bytes, the Python one characters: find the character itself
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        at = text.find(char)
        raise KibError(
            f"invalid YAML: the character U+{ord(char[:1] or ' '):04X} is not allowed in a YAML file; delete it",
            file=path,
            line=text.count("\n", 0, at) + 1 if at >= 0 else None,
            col=at - text.rfind("\n", 0, at) if at >= 0 else None,
        ) from None
    except yaml.YAMLError as exc:
        raise KibError(f"invalid YAML: {exc}", file=path) from None
    except RecursionError:
        raise KibError("YAML nested too deeply", file=path) from None
    if "&" in text:  # only an anchor lets an alias repeat a value; without one the text bounds the document
        _check_size(data, path)
    return data


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s:#"'][^:#]*:\s+)?)(["'])""")


def _unclosed_quote(text: str, upto: int | None) -> tuple[int, int] | None:
    """The (line, column) of a quoted value that never closes on its line, at or before line `upto`.

    Parsers report an unclosed quote where they give up, often many lines later; the secretary needs
    the line where the quote was opened.
    """
    if upto is None:
        return None
    lines = text.splitlines()
    for number in range(min(upto, len(lines)), 0, -1):
        match = _QUOTED_VALUE.match(lines[number - 1])
        if not match:
            continue
        quote = match[2]
        rest = lines[number - 1][match.end() :]
        closed = rest.replace('\\\\', "").replace('\\"', "").find('"') >= 0 if quote == '"' else rest.replace("''", "").find("'") >= 0
        if not closed:
            return number, match.end()
    return None


def _hint(problem: str) -> str:
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in problem:
        return "; a quote is probably not closed"
    if "mapping values are not allowed" in problem:
        return "; put quotes around a text that contains ': '"
    if "found character" in problem and "cannot start any token" in problem:
        return "; put quotes around the value"
    return ""


def _check_size(data: Any, path: Path) -> None:
    count = 0
    chars = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise KibError(
                f"document holds more than {MAX_NODES} values once aliases (*name) are followed; refused "
                "(a year's meetings hold a few thousand)",
                file=path,
            )
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            chars += len(item)
            if chars > MAX_CHARS:
                raise KibError(
                    f"document holds more than {MAX_CHARS} characters of text once aliases (*name) are followed; "
                    "refused",
                    file=path,
                )


def locate(text: str, key_path: PathKey) -> tuple[int, int] | None:
    """The (1-based) line and column of the value at `key_path`, or of its nearest ancestor.

    Composing the node tree is slow, so this runs only when there is a problem to report,
    and the tree is kept for the next problem in the same text.
    """
    node = _compose(text)
    best = node.start_mark if node is not None else None
    for key in key_path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == key or (isinstance(key, int) and key_node.value == str(key)):
                    child = value_node
                    best = key_node.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            child = node.value[key]
            best = child.start_mark
        if child is None:
            break
        node = child
    if best is None:
        return None
    return best.line + 1, best.column + 1


def written_as(text: str, key_path: PathKey) -> str | None:
    """The value at `key_path` exactly as typed in the file ("08.00", not the 8.0 YAML reads), if it is one."""
    node = _compose(text)
    for key in key_path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key or k.value == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
        else:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None


@lru_cache(maxsize=2)
def _compose(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
