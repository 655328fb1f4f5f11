"""The user's cache folder, where kib keeps what it can compute again: each body's scan cache (keyed by
the body's folder and each file's content), each year's holidays and the compiled Word templates.
Never the data root, which may be a folder others can write to. What is derived from an installed
package is stored with that package's fingerprint and read back only while the fingerprint matches:
an upgrade is always seen.

KIB_CACHE_DIR moves it; KIB_NO_CACHE=1 or an empty KIB_CACHE_DIR turns it off.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: A cache document larger than this is not read (a body's scan cache holds a small entry per meeting).
MAX_BYTES = 64_000_000


def user_cache_dir() -> Path | None:
    """~/.cache/kib, %LOCALAPPDATA%\\kib\\cache or ~/Library/Caches/kib; None when caching is off."""
    if os.environ.get("KIB_NO_CACHE"):
        return None
    if "KIB_CACHE_DIR" in os.environ:
        value = os.environ["KIB_CACHE_DIR"]
        return Path(value) if value else None
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
            return base / "kib" / "cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "kib"
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kib"
    except RuntimeError:  # no home folder
        return None


def package_fingerprint(package: str, files: tuple[str, ...], version: int) -> str | None:
    """Identifies an installed package without importing it: its folder and the size and time of some
    of its files, which a pip upgrade changes; `version` is that of the cached data's own format."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent
    parts = [str(folder), f"format {version}"]
    for relative in files:
        try:
            stat = (folder / relative).stat()
        except OSError:
            return None
        parts.append(f"{relative} {stat.st_mtime_ns} {stat.st_size}")
    return "; ".join(parts)


def read_limited(path: Path, max_bytes: int) -> bytes | None:
    """A file's bytes, or None when it cannot be read or holds more than `max_bytes`.

    Reads what the file's size says (asking for `max_bytes` at once would allocate that much each time).
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return None
            data = handle.read(size + 1)
            if len(data) > size:  # it grew meanwhile: read on, up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError:
        return None
    return None if len(data) > max_bytes else data


def read_json(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """The JSON document at `path`; None when it is missing, unreadable, too large or not JSON."""
    import json

    data = read_limited(path, max_bytes)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


def write_json(path: Path, value: Any) -> None:
    """Replace the document at `path` atomically; a cache that cannot be written only costs time."""
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(text.encode("utf-8"))
            # no fsync: a cache torn by a power cut fails to parse and is made again
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError:  # a read-only or full disk, a reader holding the file on Windows
        pass


def read_cached(name: str, fingerprint: str | None) -> Any:
    """What `write_cached` stored under `name` for this fingerprint; None when absent, foreign or damaged."""
    folder = user_cache_dir()
    if folder is None or fingerprint is None:
        return None
    data = read_json(folder / name)
    if not isinstance(data, dict) or data.get("source") != fingerprint:
        return None
    return data.get("value")


def write_cached(name: str, fingerprint: str | None, value: Any) -> None:
    """Store JSON-able data for a fingerprint, atomically."""
    folder = user_cache_dir()
    if folder is None or fingerprint is None:
        return
    write_json(folder / name, {"source": fingerprint, "value": value})
