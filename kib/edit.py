"""Changing the secretary's YAML files without losing a comment, a quote or a blank line.

Every edit goes: lock the file, load it round-trip (ruamel.yaml keeps comments, order and quoting),
let the caller change the data, dump, check that the result still parses, and replace the file
atomically (temporary file in the same folder, flush, fsync, os.replace). A crash leaves the old or
the new file, never half of one; a second kib process waits for the lock instead of losing an update.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ExitCode, KibError
from .yamlio import parse, read_text

LOCK_TIMEOUT = 10.0


#: A key that opens a nested block (`paragraphs:`, `  - attendees:`), and one whose value is a text block (`text: |`).
_OPENS_BLOCK = re.compile(r"^ *(?:- +)?[^\s#][^#]*:[ \t]*(?:#.*)?$")
_TEXT_BLOCK = re.compile(r":[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def indentation(text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation a file is written with, for ruamel to write the same.

    `  - number: 13` under `paragraphs:` is (2, 4, 2), kib's own style; `- number: 13` flush under the
    key is (2, 2, 0). The first nested mapping and the first nested list decide.
    """
    mapping = sequence = offset = None
    opener = None  # column of a key that opened a block on the previous line
    block = None  # column of a key whose value is a text block: deeper lines are its text
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and indent > block:
            continue
        block = None
        dash = re.match(r"- +", line[indent:])
        if opener is not None:
            step = indent - opener
            if dash and sequence is None and step >= 0:
                offset, sequence = step, step + len(dash[0])
            elif not dash and mapping is None and step > 0:
                mapping = step
            if mapping is not None and sequence is not None:
                break
        column = indent + (len(dash[0]) if dash else 0)
        opener = column if _OPENS_BLOCK.match(line) else None
        if _TEXT_BLOCK.search(line):
            block = column
    if sequence is None or offset is None:
        offset, sequence = 2, 4
    return mapping or 2, sequence, offset


def round_trip_yaml(style: tuple[int, int, int] = (2, 4, 2)) -> Any:
    """A ruamel.yaml instance set up so an unchanged file dumps byte for byte as it was."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    mapping, sequence, offset = style
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)

    def represent_none(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "")

    yaml.representer.add_representer(type(None), represent_none)
    return yaml


@contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """An exclusive lock beside `path` (`.name.lock`), portable: created with O_EXCL, removed after.

    A lock left by a crashed process is taken over once it is older than a minute.
    """
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > 60:
                    lock.unlink(missing_ok=True)
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise KibError(
                    f"{path.name} is being changed by another kib process; try again (or delete {lock.name} "
                    "if no kib is running)",
                    file=path,
                ) from None
            time.sleep(0.05)
            continue
        try:
            os.write(fd, str(os.getpid()).encode())
        finally:
            os.close(fd)
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def atomic_write(path: Path, text: str, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write UTF-8 text so that readers see the old file or the new one, never a mix."""
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite, durable=durable)


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, flush to disk, then put it in place in one step.

    With `overwrite=False` the file is put in place by a hard link, which fails if the name appeared
    meanwhile: no silent overwrite even in a race between two processes. `durable` also flushes the
    folder, so that the new name survives a power cut right after (rendered documents, which can be
    made again, skip that).
    """
    if not overwrite and path.exists():
        raise KibError("already exists; kib never overwrites a file unasked", file=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise KibError("already exists; kib never overwrites a file unasked", file=path) from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise KibError("already exists; kib never overwrites a file unasked", file=path) from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk after a rename (POSIX; Windows has no such call and its NTFS
    journals renames itself). A file system that refuses it costs nothing but the guarantee."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def dump(data: Any, style: tuple[int, int, int] = (2, 4, 2)) -> str:
    stream = io.StringIO()
    round_trip_yaml(style).dump(data, stream)
    return stream.getvalue()


def text_value(value: str) -> Any:
    """A new text for a file, written so that kib reads back this very text.

    ruamel writes YAML 1.2, where `yes`, `on` or `1:30` are plain words; kib reads YAML 1.1 (PyYAML),
    where they are true or a number. Such a text, and one with characters YAML reads as line breaks,
    is written in double quotes.
    """
    import yaml
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from .yamlio import _BaseLoader

    def reads_back(candidate: Any) -> bool:
        probe = CommentedMap()
        probe["x"] = candidate
        try:
            return bool(yaml.load(dump(probe), Loader=_BaseLoader) == {"x": value})
        except (yaml.YAMLError, ValueError):
            return False

    if reads_back(value):
        return value
    quoted = DoubleQuotedScalarString(value)
    if reads_back(quoted):
        return quoted
    raise KibError(f"cannot write the text {value!r} so that it reads back unchanged; remove its special characters")


def _has_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(3) == b"\xef\xbb\xbf"


def edit_yaml(path: Path, change: Callable[[Any], None], *, create: Callable[[], Any] | None = None) -> str:
    """Apply `change` to the round-trip data of `path` and save atomically under a lock.

    `create` makes the initial document when the file does not exist yet. Returns the new text.
    """
    with file_lock(path):
        if path.exists():
            text = read_text(path)
            parse(text, path)  # the same safety checks as every read: no tags, no duplicates
            try:
                data = round_trip_yaml().load(text)
            except Exception as exc:  # ruamel's errors have no common base worth naming
                raise KibError(f"cannot edit: {exc}", file=path) from None
        elif create is not None:
            data = create()
            text = ""
        else:
            raise KibError("file not found", file=path, exit_code=ExitCode.USAGE)
        change(data)
        # written in the file's own indentation and line endings, so that only the changed lines differ
        new_text = dump(data, indentation(text))
        if text.count("\r\n") > text.count("\n") // 2:
            new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
        parse(new_text, path)  # never write what kib itself could not read back
        if new_text != text:
            bom = "\ufeff" if text and _has_bom(path) else ""  # read_text() drops it: write it back
            atomic_write(path, bom + new_text)
        return new_text
