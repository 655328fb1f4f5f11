"""The command line is the only door to the terminal: the rest of kib returns data and never prints.

These read kib's source (Python's own parser), so a new module that breaks the rule fails here, whatever
command would reach it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kib"
CLI = PACKAGE / "cli"
#: A development tool shipped beside the templates, run by hand; it is no part of a command.
TOOLS = {PACKAGE / "templates" / "build_templates.py"}
CORE = sorted(p for p in PACKAGE.rglob("*.py") if CLI not in p.parents and p not in TOOLS)


def _name(node: ast.AST) -> str:
    """`sys.stdout.write` for the attribute chain of a call, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def terminal_writes(tree: ast.AST) -> list[str]:
    """Imports of Typer or Click, calls of print and echo, and any use of sys.stdout or sys.stderr."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in ("typer", "click", "rich")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in ("typer", "click", "rich"):
                found.append(f"from {node.module} import")
        elif isinstance(node, ast.Call) and _name(node.func) in ("print", "pprint", "typer.echo", "click.echo"):
            found.append(f"{_name(node.func)}()")
        elif isinstance(node, ast.Attribute) and _name(node) in ("sys.stdout", "sys.stderr", "sys.__stdout__"):
            found.append(_name(node))
        elif isinstance(node, ast.Name) and node.id in ("stdout", "stderr") and isinstance(node.ctx, ast.Load):
            found.append(node.id)
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_core_module_neither_prints_nor_knows_the_cli_framework(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    assert terminal_writes(tree) == [], f"{path.relative_to(PACKAGE)}: leave the terminal to kib/cli"


def test_the_scan_finds_what_it_looks_for() -> None:
    """The rule is not empty: each way to reach the terminal is caught."""
    source = (
        "import typer\nfrom click import echo\nimport rich.console\nimport sys\nfrom sys import stderr\n"
        "print('x')\ntyper.echo('x')\nsys.stdout.write('x')\nsys.stderr.flush()\nstderr.write('x')\n"
    )
    found = terminal_writes(ast.parse(source))
    assert found.count("import typer") == 1 and "from click import" in found and "import rich.console" in found
    assert {"print()", "typer.echo()", "sys.stdout", "sys.stderr", "stderr"} <= set(found)
