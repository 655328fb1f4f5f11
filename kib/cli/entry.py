"""The console script `kib`: UTF-8 on every console, the commands, and a quick exit."""

from __future__ import annotations

import contextlib
import gc
import sys

from .boundary import stdout_to_devnull
from .commands import app


def run() -> None:
    """Console-script entry point; UTF-8 output even on a Windows console."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    try:
        app()
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            stdout_to_devnull()
        # The process ends here and the operating system takes back its memory. Python would first
        # search every object the imports made for reference cycles; frozen objects are left out of that
        # search (bench/README.md has what it saves).
        gc.freeze()
