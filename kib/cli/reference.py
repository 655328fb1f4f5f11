"""The CLI reference (docs/cli.md) made from the commands' own `--help`, so the two cannot drift apart.

`cog -r docs/cli.md` writes it; tests/test_docs.py fails when the file differs from what this makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Help is laid out as Click does in any terminal of 80 columns or more, whatever the terminal that runs cog.
WIDTH = 78


def command_tree() -> Any:
    """The Click command Typer builds from `kib.cli.commands.app`."""
    from typer.main import get_command

    from .commands import app

    return get_command(app)


def walk(command: Any, name: str = "kib", parent: Any = None) -> Iterator[tuple[str, Any, Any]]:
    """Every command with its full name (`kib render minutes`) and a context to format its help in."""
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = command.context_class(command, info_name=name, parent=parent, **settings)
    yield ctx.command_path, command, ctx
    for sub in getattr(command, "commands", {}):
        yield from walk(command.commands[sub], sub, ctx)


def reference() -> str:
    """Markdown: a section per command with its help text as `kib COMMAND --help` prints it."""
    parts = [
        "Every command and option as `--help` shows them. Generated from the code with "
        "`cog -r docs/cli.md`; a test fails when this page is out of date.\n"
    ]
    for path, command, ctx in walk(command_tree()):
        if getattr(command, "hidden", False):
            continue
        parts.append(f"## `{path}`\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(parts)
