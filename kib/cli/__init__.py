"""The command line: the only part of kib that knows Typer and Click and writes to the terminal.

`commands` declares the commands, `boundary` holds the settings, the global options and the one error
boundary, `output` and `views` turn kib's data into tables, CSV, Markdown, workbooks and JSON.
"""

from .boundary import run
from .commands import app

__all__ = ["app", "run"]
