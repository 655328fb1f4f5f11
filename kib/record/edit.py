"""Changing the secretary's YAML files without losing a comment, a quote or a blank line.

Every edit goes: lock the file, load it round-trip (ruamel.yaml keeps comments, order and quoting),
let the caller change the data, dump, check that the result still parses, and replace the file
atomically (temporary file in the same folder, flush, fsync, os.replace). A crash leaves the old or
the new file, never half of one; a second kib process waits for the lock instead of losing an update.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kib.errors import ExitCode, KibError

from .yamlio import MAX_BYTES, check_size, decode, open_input, parse

LOCK_TIMEOUT = 10.0
#: How often an edit is made again on content another program saved meanwhile before kib gives up.
EDIT_ATTEMPTS = 20


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
    """An exclusive operating-system lock on `.name.lock` beside `path`, held while the block runs.

    The system releases the lock when its holder ends, however it ends: a killed kib leaves no stale
    lock, and a paused one (a laptop asleep) keeps it, so no lock is ever taken over by age. The lock
    file itself is only the object locked; an empty one left behind blocks nothing.
    """
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_RDONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        except OSError as exc:
            raise KibError(f"cannot create the lock file {lock.name}: {exc.strerror or exc}", file=path) from None
        try:
            locked = _try_lock(fd)
            # the previous holder removes the lock file when it is done: a lock on a removed file guards nothing
            if locked and not _same_file(fd, lock):
                locked = False
                _unlock(fd)
                if time.monotonic() <= deadline:
                    os.close(fd)
                    continue
        except BaseException:
            os.close(fd)
            raise
        if locked:
            break
        os.close(fd)
        if time.monotonic() > deadline:
            raise KibError(
                f"{path.name} is being changed by another kib process (it holds {lock.name}); "
                "try again when it has finished",
                file=path,
            )
        time.sleep(0.05)
    try:
        yield
    finally:
        if os.name != "nt":  # removed while still held, so that nobody locks the old file afterwards
            with contextlib.suppress(OSError):
                lock.unlink()
        _unlock(fd)
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise KibError(f"cannot lock: {exc.strerror or exc}") from None
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def real_path(path: Path) -> Path:
    """The file a name stands for: a symbolic link is followed, so that its target is what gets edited."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def atomic_write(path: Path, text: str, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write UTF-8 text so that readers see the old file or the new one, never a mix."""
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite, durable=durable)


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, flush to disk, then put it in place in one step.

    With `overwrite=False` the file is put in place by a hard link, which fails if the name appeared
    meanwhile: no silent overwrite even in a race between two processes. `durable` also flushes the
    folder, so that the new name survives a power cut right after (rendered documents, which can be
    made again, skip that). A symbolic link is followed; the file keeps its mode, group and owner.
    """
    if not overwrite and (path.exists() or path.is_symlink()):
        raise KibError("already exists; kib never overwrites a file unasked", file=path)
    path = real_path(path) if overwrite else path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path, data, _stat_or_none(path))
    try:
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


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _temporary(path: Path, data: bytes, like: os.stat_result | None) -> str:
    """A flushed temporary file beside `path` holding `data`, with the mode, group and owner of `like`.

    mkstemp makes a file only its owner can read; an edited file shared with a group must stay shared,
    and a new one gets the mode the user's umask gives every new file.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_ownership(tmp, like)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _copy_ownership(tmp: str, like: os.stat_result | None) -> None:
    if like is None:
        mode = 0o666 & ~_umask()
    else:
        mode = stat.S_IMODE(like.st_mode)
        if os.name != "nt":
            for uid in (like.st_uid, -1):  # the owner only when allowed (root); the group when we are in it
                try:
                    os.chown(tmp, uid, like.st_gid)
                    break
                except OSError:
                    continue
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _umask() -> int:
    if os.name == "nt":
        return 0
    current = os.umask(0o022)
    os.umask(current)
    return current


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
    return text_values([value])[0]


def text_values(values: list[str]) -> list[Any]:
    """text_value for many texts at once: one dump and one read-back for all of them, not one per text."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    out: list[Any] = list(values)
    plain = _reading_back(values)
    quoted = [i for i, ok in enumerate(plain) if not ok]
    if not quoted:
        return out
    candidates = [DoubleQuotedScalarString(values[i]) for i in quoted]
    for i, candidate, ok in zip(quoted, candidates, _reading_back(candidates), strict=True):
        if not ok:
            raise KibError(
                f"cannot write the text {values[i]!r} so that it reads back unchanged; remove its special characters"
            )
        out[i] = candidate
    return out


def _reading_back(candidates: list[Any]) -> list[bool]:
    """Whether each candidate, written by ruamel as a value, is read back by kib's reader as the same text.

    Every candidate is a value of its own key in one mapping: a value's writing does not depend on the
    other entries, so one dump answers for all of them.
    """
    import yaml
    from ruamel.yaml.comments import CommentedMap

    from .yamlio import _BaseLoader

    probe = CommentedMap()
    for i, candidate in enumerate(candidates):
        probe[f"x{i}"] = candidate
    try:
        back = yaml.load(dump(probe), Loader=_BaseLoader)
    except (yaml.YAMLError, ValueError):
        back = None
    if len(candidates) == 1:
        return [isinstance(back, dict) and back == {"x0": str(candidates[0])}]
    together = back if isinstance(back, dict) and len(back) == len(candidates) else {}
    # a text that does not read back is judged again on its own, as if it were the only one written
    return [together.get(f"x{i}") == str(c) or _reading_back([c])[0] for i, c in enumerate(candidates)]


def _replace(tmp: str, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except PermissionError:
        raise KibError(
            "cannot replace the file: another program holds it open or it is read-only; close it there and "
            "run the command again (nothing was changed)",
            file=target,
        ) from None


class _Source:
    """The file as read for an edit, kept open so that a write into it after kib's check can still be seen."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = None
        self.data: bytes | None = None
        try:
            self.fd = open_input(path)
        except FileNotFoundError:
            return
        try:
            self.data = _read_all(self.fd, path)
        except BaseException:
            self.close()
            raise

    def changed_since(self) -> bytes | None:
        """The file's bytes when another program wrote into this very file after it was read, else None."""
        if self.fd is None:
            return None
        now = _read_all(self.fd, None)
        return now if now != self.data else None

    def take(self) -> bytes | None:
        """The bytes read, closing the file."""
        self.close()
        return self.data

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _read_all(fd: int, path: Path | None) -> bytes:
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset) if hasattr(os, "pread") else _read_at(fd, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)
        if offset > MAX_BYTES and path is not None:
            check_size(offset, path)


def _read_at(fd: int, offset: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, 1 << 20)


def edit_yaml(
    path: Path,
    change: Callable[..., None],
    *,
    create: Callable[[], Any] | None = None,
    with_source: bool = False,
    verify: Callable[[Any], None] | None = None,
) -> str:
    """Apply `change` to the round-trip data of `path` and save atomically under a lock.

    `change(data)` (or `change(data, raw, text)` with the safe-loaded content and the text, `with_source`) must depend on
    the content alone: when another program saves the file while kib edits it, the edit is made again on
    what that program saved, and the other change is never overwritten. `verify(raw)` sees the content
    about to be written and may refuse it. `create` makes the initial document when the file does not
    exist yet. A symbolic link is followed: its target is edited. Returns the new text.
    """
    target = real_path(path)
    with file_lock(target):
        source = _Source(target)
        base = expected = source.data  # what the edit is made on, and what must be on disk to replace it
        try:
            for _ in range(EDIT_ATTEMPTS):
                new_text, new_data = _edited(path, base, change, create, with_source, verify)
                if new_data == expected or new_data is None:
                    return new_text
                written, newer = _replace_unless_changed(target, new_data, expected, source)
                if written and newer is None:
                    return new_text
                source.close()
                source = _Source(target)
                if written and newer is not None and source.data == new_data:
                    base, expected = newer, new_data  # another program saved into the replaced file: edit its save
                else:
                    base = expected = source.data
        finally:
            source.close()
    raise KibError(
        "another program kept changing the file while kib edited it; kib's edit was not made (nothing else "
        "was lost): save and close the file there, then run the command again",
        file=path,
    )


def _edited(
    path: Path,
    old: bytes | None,
    change: Callable[..., None],
    create: Callable[[], Any] | None,
    with_source: bool,
    verify: Callable[[Any], None] | None,
) -> tuple[str, bytes | None]:
    """The new text of the file and its bytes (the old bytes when nothing changed)."""
    if old is not None:
        text = decode(old, path)
        raw = parse(text, path)  # the same safety checks as every read: no tags, no duplicates
        try:
            data = round_trip_yaml().load(text)
        except Exception as exc:  # ruamel's errors have no common base worth naming
            raise KibError(f"cannot edit: {exc}", file=path) from None
    elif create is not None:
        data = create()
        text = ""
        raw = None
    else:
        raise KibError("file not found", file=path, exit_code=ExitCode.USAGE)
    if with_source:
        change(data, raw, text)
    else:
        change(data)
    # written in the file's own indentation and line endings, so that only the changed lines differ
    new_text = dump(data, indentation(text))
    if text.count("\r\n") > text.count("\n") // 2:
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
    if new_text == text:
        return text, old
    new_raw = parse(new_text, path)  # never write what kib itself could not read back
    if verify is not None:
        verify(new_raw)
    bom = "\ufeff" if old is not None and old.startswith(b"\xef\xbb\xbf") else ""  # decode() drops it
    data_bytes = (bom + new_text).encode("utf-8")
    if len(data_bytes) > MAX_BYTES:
        raise KibError(
            f"this change would make the file {len(data_bytes) / 1_000_000:.2f} MB, over the "
            f"{MAX_BYTES / 1_000_000:.1f} MB kib reads; nothing was written. Move old text out of the file first",
            file=path,
        )
    return new_text, data_bytes


def _replace_unless_changed(
    target: Path, data: bytes, expected: bytes | None, source: _Source
) -> tuple[bool, bytes | None]:
    """Put `data` in place if the file still holds `expected`: (written, what another program wrote into
    the replaced file between that check and the replace, which is then to be edited rather than lost)."""
    tmp = _temporary(target, data, _stat_or_none(target))
    try:
        try:
            now = _Source(target).take()
        except KibError:
            now = b""  # unreadable or oversized now: certainly not what was read
        if now != expected:
            return False, None
        if os.name == "nt":
            source.close()  # Windows replaces no file that is open, not even by kib itself
        if expected is None:
            try:
                os.link(tmp, target)
            except FileExistsError:
                return False, None
            except OSError:  # file systems without hard links
                if target.exists():
                    return False, None
                _replace(tmp, target)
        else:
            _replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    sync_folder(target.parent)
    return True, source.changed_since()
