"""The user's cache folder, where kib keeps what is the same for every body: each year's holidays and
the compiled Word templates. Never the data root, which may be a folder others can write to.

KIB_CACHE_DIR moves it; KIB_NO_CACHE=1 or an empty KIB_CACHE_DIR turns it off, as for the scan cache.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
