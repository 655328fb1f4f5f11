"""The command line is the only door to the terminal: the rest of kib returns data and never prints;
and each part of kib imports only the parts below it, so the layout stays one a reader can follow.

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



#: kib's parts from the ground up: a part imports only the parts below it (and itself), so that the
#: record knows no rule of the body, the checks know no document and only the command line knows the
#: terminal. Parts on one floor stay independent of each other.
FLOORS = [
    ["kib", "errors", "usercache"],
    ["swedish"],
    ["record"],
    ["calendar"],
    ["body"],
    ["checks", "register"],
    ["timeline"],
    ["documents"],
    ["importing"],
    ["cli"],
    ["__main__"],
]
FLOOR = {part: i for i, parts in enumerate(FLOORS) for part in parts}
ALL = sorted(PACKAGE.rglob("*.py"))


def module_of(path: Path) -> str:
    """`kib/record/seal.py` -> 'kib.record.seal'; a package's `__init__.py` -> the package."""
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def part_of(module: str) -> str:
    """`kib.record.seal` -> 'record'; `kib` itself -> 'kib'."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else pieces[0]


def imports_in(source: str, package: str) -> list[str]:
    """Every kib module the source imports, at the top, inside functions and under TYPE_CHECKING alike;
    `package` is the one the source lives in, for its relative imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "kib"]
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            found.append(".".join([*base, *([node.module] if node.module else [])]))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kib":
            found.append(node.module)
    return found


def upward(path: Path) -> list[str]:
    module = module_of(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    own = part_of(module)
    return [
        name
        for name in imports_in(path.read_text(encoding="utf-8"), package)
        if part_of(name) != own and FLOOR[part_of(name)] >= FLOOR[own]
    ]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_part_imports_only_the_parts_below_it(path: Path) -> None:
    assert upward(path) == [], f"{path.relative_to(PACKAGE)} reaches up or sideways: see FLOORS"


def test_every_part_has_a_floor() -> None:
    parts = {part_of(module_of(p)) for p in ALL}
    assert parts <= set(FLOOR), f"give {sorted(parts - set(FLOOR))} a floor in FLOORS"


def test_the_floors_catch_an_import_that_reaches_up() -> None:
    """The rule is not empty: a lazy import of the body from the record, beside one of its own, is found."""
    source = "def f():\n    from kib.body.people import normalise\n    from .store import BodyDir\n"
    assert imports_in(source, "kib.record") == ["kib.body.people", "kib.record.store"]
    assert FLOOR[part_of("kib.body.people")] > FLOOR[part_of("kib.record.store")]
