"""Shared fixtures: copies of the shipped data root, and running kib in-process as a user would."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kib.cli import app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
TOOLS = REPO.parent / "shared" / "tools"


def copy_data_root(target: Path) -> Path:
    """A copy of the shipped data (members.yaml, schedule.yaml, meetings/) that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("members.yaml", "schedule.yaml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "meetings", target / "meetings")
    return target


@pytest.fixture
def shipped_root(tmp_path: Path) -> Path:
    return copy_data_root(tmp_path / "root")


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_kib(*args: str) -> Result:
    """Run the CLI in-process; stdout and stderr kept apart as a terminal user would see them."""
    runner = CliRunner()
    result = runner.invoke(app, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def kib():
    return run_kib
