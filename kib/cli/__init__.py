"""The command line: the only part of kib that knows Typer and Click and writes to the terminal.

`entry` is the console script, `commands` declares the commands, `boundary` holds the settings, the
global options and the one error boundary, `output` and `views` turn kib's data into tables, CSV,
Markdown, workbooks and JSON.
"""

from .commands import app
from .entry import run

__all__ = ["app", "run"]
