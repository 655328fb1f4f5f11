"""The user's cache folder, where kib keeps what is the same for every body: each year's holidays, the
calendar names from CLDR and the compiled Word templates. Never the data root, which may be a folder
others can write to. What is derived from an installed package is stored with that package's
fingerprint and read back only while the fingerprint matches: an upgrade is always seen.

KIB_CACHE_DIR moves it; KIB_NO_CACHE=1 or an empty KIB_CACHE_DIR turns it off, as for the scan cache.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


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


def read_cached(name: str, fingerprint: str | None) -> Any:
    """What `write_cached` stored under `name` for this fingerprint; None when absent, foreign or damaged."""
    import json

    folder = user_cache_dir()
    if folder is None or fingerprint is None:
        return None
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("source") != fingerprint:
        return None
    return data.get("value")


def write_cached(name: str, fingerprint: str | None, value: Any) -> None:
    """Store JSON-able data for a fingerprint, atomically; a cache that cannot be written only costs time."""
    import json

    from .edit import atomic_write
    from .errors import KibError

    folder = user_cache_dir()
    if folder is None or fingerprint is None:
        return
    text = json.dumps({"source": fingerprint, "value": value}, ensure_ascii=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / name, text, durable=False)  # a cache can be made again
    except (OSError, KibError):
        pass
