"""Shared fixtures: copies of the shipped data root, and running kib in-process as a user would."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kib.cli import app

REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep kib's user cache (holidays, compiled templates) out of the user's cache folder."""
    monkeypatch.setenv("KIB_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kib-cache"))


@pytest.fixture(autouse=True)
def collector_thawed() -> Iterator[None]:
    """Scans freeze what they read for the rest of the process; the test process runs hundreds of them."""
    yield
    gc.unfreeze()


#: Tables as a 120-column terminal without colours shows them, whatever terminal runs the tests.
TERMINAL = {"COLUMNS": "120", "LINES": "50", "NO_COLOR": "1", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}


def run_kib(*args: str) -> Result:
    """Run the CLI in-process; stdout and stderr kept apart as a terminal user would see them."""
    runner = CliRunner(env=TERMINAL)
    result = runner.invoke(app, list(args), catch_exceptions=True, prog_name="kib")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def kib():
    return run_kib


# ---------------------------------------------------------------- a small data root for rendering tests

MINI_MEMBERS = """\
body:
  name: Testberedningen
  short_name: TB
  genitive: Testberedningens
  organisation: Testköpings kommun
  heading_lines:
    - Kommunstyrelsen
  reports_to: kommunstyrelsen
  place: Stadshuset
  time: "17.30-19.30"
  forhinder_to: sekreteraren Sara Sekreterare
members:
  - name: Anna Andersson
    party: m
    role: ordförande
  - name: Bertil Berg
    party: s
    role: 1:e vice ordförande
  - name: Cecilia Carlsson
    party: kd
  - name: David Dahl
    party: fp
    role: ersättare
  - name: Erik Ek
    party: c
officials:
  - name: Sara Sekreterare
    title: sekreterare
    roles: [sekreteraren]
    secretary: true
  - name: Fredrik Frisk
    title: stadsdirektör
    short: [Fredrik F]
"""

MINI_EARLIER = """\
date: 2024-02-14
paragraphs:
  - number: 1
    title: Tidigare ärende
    text: Något hände.
    actions:
      - owner: Fredrik F
        task: Utreda bygglovsfrågan till nästa möte
        due: 2024-03-13
"""

MINI_MEETING = """\
date: 2024-03-13
time: "17.30-19.30"
place: Stadshuset, rum <Ek> & Björk
attendees:
  members:
    - name: Anna Andersson
    - name: Bertil Berg
      attendance: till kl 18.15
    - name: David Dahl
      serving_for: Erik Ek
  others:
    - name: Fredrik F
    - name: Sara Sekreterare
countersigner:
  name: Bertil Berg
signing:
  date: 2024-03-18
  time: "08.00"
paragraphs:
  - number: 3
    title: Bygg & miljö <utkast>
    presenter: Fredrik F
    text: |
      Inledande text med "citat" och 'apostrof'.
      - Första punkten
        - Underpunkt
      - Andra punkten[^a]
      > Citerad rad
      > - Citerad punkt
      ---
      Sista raden.
    footnotes:
      a: Fotnotens text & mer.
    decision:
      - Att godkänna förslaget.
      - Att uppdra åt sekreteraren att återkomma.
  - number: 4
    title: Övrigt ärende
    text: Enbart i paragraf fyra.
    decision: Att notera informationen.
attachments:
  - title: Bilaga 1, underlag
    text: |
      Bilagans text.
"""


def make_mini_root(target: Path) -> Path:
    """A small body (members.yaml and two meetings) for rendering tests, independent of the shipped meetings."""
    (target / "meetings").mkdir(parents=True, exist_ok=True)
    (target / "members.yaml").write_text(MINI_MEMBERS, encoding="utf-8")
    (target / "meetings" / "2024-02-14.yaml").write_text(MINI_EARLIER, encoding="utf-8")
    (target / "meetings" / "2024-03-13.yaml").write_text(MINI_MEETING, encoding="utf-8")
    return target


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    return make_mini_root(tmp_path / "mini")


# ---------------------------------------------------------------- a small synthetic municipality (bench/generate.py)


def load_generator():  # type: ignore[no-untyped-def]
    """bench/generate.py as a module (bench/ is not a package)."""
    import importlib.util
    import sys

    if "kib_bench_generate" in sys.modules:
        return sys.modules["kib_bench_generate"]
    spec = importlib.util.spec_from_file_location("kib_bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated_root(tmp_path: Path) -> Path:
    """A multi-body data root like a municipality's, small: 2 bodies x 2 years x 4 meetings, random state 1."""
    root = tmp_path / "municipality"
    load_generator().generate(root, bodies=2, years=2, per_year=4, state=1)
    return root


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """How many generated cases of damaged input tests/test_robustness.py ran (at least a thousand are wanted)."""
    import sys

    robustness = sys.modules.get("test_robustness")
    cases = getattr(robustness, "CASES_RUN", 0)
    if cases:
        terminalreporter.write_line(f"kib robustness: {cases} generated cases of damaged input ran through kib")
