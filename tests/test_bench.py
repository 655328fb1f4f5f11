"""The benchmark's own data: the generated municipality is one a careful secretary could have written, and
the meeting the benchmark signs is one `kib sign` accepts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import yaml
from conftest import REPO, copy_data_root, load_generator, run_kib


def load_bench_runner():  # type: ignore[no-untyped-def]
    """bench/run.py as a module (bench/ is not a package)."""
    if "kib_bench_run" in sys.modules:
        return sys.modules["kib_bench_run"]
    spec = importlib.util.spec_from_file_location("kib_bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_countersigners_attend_every_paragraph(tmp_path: Path) -> None:
    root = tmp_path / "municipality"
    load_generator().generate(root, bodies=4, years=2, per_year=10, state=1)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    partly_present = 0
    for path in sorted(root.glob("*/meetings/*.yaml")):
        meeting = yaml.load(path.read_bytes(), Loader=loader)
        partial = {m["name"] for m in meeting["attendees"]["members"] if "attendance" in m}
        partly_present += len(partial)
        assert meeting["countersigner"]["name"] not in partial, path
    assert partly_present, "the generated meetings should have members present for part of a meeting"


def test_generated_municipality_passes_strict_check(tmp_path: Path) -> None:
    root = tmp_path / "municipality"
    load_generator().generate(root, bodies=3, years=2, per_year=10, state=1)
    result = run_kib("--root", str(root), "check", "--strict")
    assert result.exit_code == 0, result.output


def test_the_meeting_the_benchmark_signs_can_be_signed(tmp_path: Path) -> None:
    root = copy_data_root(tmp_path / "root")
    day, signed_on = load_bench_runner().unsign_latest(root)
    path = root / "meetings" / f"{day}.yaml"
    assert "signed" not in yaml.safe_load(path.read_text(encoding="utf-8"))
    result = run_kib("--root", str(root), "sign", day, "--date", signed_on)
    assert result.exit_code == 0, result.output
    assert str(yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["date"]) == signed_on
