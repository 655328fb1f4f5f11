"""The command line as a user meets it: help for every command, the reference that cannot drift from it,
global options on either side of the command, the version, and the installed `kib` script itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_kib

from kib import __version__
from kib.cli.reference import command_tree, walk

COMMANDS = [path for path, command, _ in walk(command_tree()) if not getattr(command, "hidden", False)]


def test_every_command_is_found() -> None:
    names = {path.removeprefix("kib").strip() for path in COMMANDS}
    assert {"check", "open-actions", "propose-dates", "render minutes", "render extract", "action done"} <= names


@pytest.mark.parametrize("path", COMMANDS)
def test_every_command_has_help(path: str) -> None:
    result = run_kib(*path.split()[1:], "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: {path} ")
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 15, f"{path} has no help text"
    for line in result.stdout.splitlines():
        if line.startswith("  --") and "--help" not in line:
            assert len(line.split(None, 2)) >= 2, f"{path}: option without help: {line}"


def test_the_cli_reference_is_up_to_date() -> None:
    from cogapp import Cog

    code = Cog().main(["cog", "--check", "--verbosity=0", str(REPO / "docs" / "cli.md")])
    assert code == 0, "docs/cli.md is out of date: run `cog -r docs/cli.md`"


def test_format_choices_are_listed() -> None:
    help_text = run_kib("open-actions", "--help").stdout
    assert "table|json|csv|markdown|xlsx" in help_text.replace(" ", "").replace("\n", "")
    assert "table|json|ics|docx" in run_kib("propose-dates", "--help").stdout.replace(" ", "").replace("\n", "")


def test_version() -> None:
    result = run_kib("--version")
    assert result.exit_code == 0 and result.stdout == f"kib {__version__}\n"


@pytest.mark.parametrize("command", [["check"], ["open-actions", "--format", "json"]])
def test_root_before_or_after_the_command(shipped_root: Path, tmp_path: Path, command: list[str]) -> None:
    before = run_kib("--root", str(shipped_root), *command)
    after = run_kib(*command, "--root", str(shipped_root))
    assert before.exit_code == after.exit_code == 0, before.output + after.output
    assert before.stdout == after.stdout
    # the option after the command wins, as the nearer one
    wrong = run_kib("--root", str(tmp_path), *command, "--root", str(shipped_root))
    assert wrong.exit_code == 0 and wrong.stdout == before.stdout


def test_a_wrong_option_is_one_line(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "open-actions", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'pdf' is not one of" in result.stderr
    assert "kib open-actions --help" in result.stderr


def test_an_internal_error_is_one_line_with_exit_70(shipped_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kib.checks.check

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(kib.checks.check, "check_root", broken)
    monkeypatch.delenv("KIB_DEBUG", raising=False)
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 70
    assert result.stderr.startswith("internal error: ZeroDivisionError: a bug") and result.stderr.count("\n") == 1


# ---------------------------------------------------------------- the installed script


def installed_kib() -> str:
    """The console script pip installed beside this Python."""
    found = shutil.which("kib", path=str(Path(sys.executable).parent))
    assert found, "kib is not installed in this environment: pip install -e ."
    return found


def run_script(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.mark.slow
def test_installed_script_version() -> None:
    done = run_script(installed_kib(), "--version")
    assert done.returncode == 0 and done.stdout == f"kib {__version__}\n" and done.stderr == ""


@pytest.mark.slow
def test_python_m_kib_help() -> None:
    done = run_script(sys.executable, "-m", "kib", "--help")
    assert done.returncode == 0 and done.stdout.startswith("Usage: ") and "open-actions" in done.stdout


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell pipe")
def test_open_actions_into_head_ends_cleanly(shipped_root: Path) -> None:
    """`kib open-actions | head -1`: the reader stops early; kib ends quietly, no broken-pipe traceback."""
    script = f"set -o pipefail; {installed_kib()!r} --root {str(shipped_root)!r} open-actions --all | head -1"
    done = run_script("bash", "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Kompetens- och integrationsberedningen: alla uppdrag")
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
