"""Writes are atomic and serialised.

A writer killed at a random moment leaves the old file or the new one, never a mix, and nothing that
kib would read as a meeting; two kib processes editing the same meeting at once never lose an update.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from conftest import copy_data_root, run_kib

from kib.record.edit import file_lock
from kib.record.store import open_root

MEETING = "meetings/2008-09-10.yaml"


def _version(marker: str, size: int) -> str:
    """A large valid meeting-like file whose every line carries `marker` (so a mix shows)."""
    lines = [f"# version {marker}", "date: 2008-09-10", "paragraphs:"]
    for n in range(size // 80):
        lines.append(f"  - number: {n + 1}")
        lines.append(f"    title: Paragraf {n + 1} av version {marker} {'x' * 30}")
    return "\n".join(lines) + "\n"


def _child(script: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_writing(proc: subprocess.Popen[str]) -> None:
    """The child prints one line when it starts its writing loop."""
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "writing", (line, proc.stderr.read() if proc.stderr else "")


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup code runs
    proc.communicate()


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.slow
def test_killed_atomic_write_leaves_old_or_new_file(tmp_path: Path) -> None:
    root = copy_data_root(tmp_path / "root")
    target = root / MEETING
    old, new = _version("A", 1_500_000), _version("B", 1_500_000)
    target.write_text(old, encoding="utf-8")
    sources = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for source, text in zip(sources, (old, new), strict=True):
        source.write_text(text, encoding="utf-8")
    rng = random.Random(7)
    seen: set[str] = set()
    mid_write = 0
    for _ in range(20):
        proc = _child(
            f"""
            from pathlib import Path
            from kib.record.edit import atomic_write
            target = Path({str(target)!r})
            texts = [Path(p).read_text(encoding="utf-8") for p in {[str(p) for p in sources]!r}]
            print("writing", flush=True)
            i = 0
            while True:
                i += 1
                atomic_write(target, texts[i % 2])
            """
        )
        _wait_until_writing(proc)
        time.sleep(rng.uniform(0, 0.15))
        _kill(proc)
        text = target.read_text(encoding="utf-8")
        assert text in (old, new), "a killed writer left a mix of two versions"
        seen.add(text[:11])
        stray = _leftovers(target.parent, {p.name for p in (root / "meetings").glob("*.yaml")})
        # what a killed writer may leave is a hidden temporary file that kib never reads as a meeting
        assert all(name.startswith(f".{target.name}.") and name.endswith(".tmp") for name in stray), stray
        mid_write += bool(stray)
        for name in stray:
            (target.parent / name).unlink()
    body = open_root(root).body()
    assert [p.name for p in body.meeting_paths()] == sorted(p.name for p in (root / "meetings").glob("*.yaml"))
    assert mid_write > 0, "no writer was killed in the middle of a write; the test proved nothing"
    assert len(seen) == 2, seen


@pytest.mark.slow
def test_killed_edit_leaves_a_whole_file_and_no_lock_that_blocks(tmp_path: Path) -> None:
    root = copy_data_root(tmp_path / "root")
    target = root / MEETING
    # a big meeting (the shipped one with a long comment), so that each edit takes a while
    shipped = target.read_text(encoding="utf-8")
    big = shipped + "".join(f"# anteckning {i}: {'ord ' * 20}\n" for i in range(3000))
    target.write_text(big, encoding="utf-8")
    versions = {big}
    rng = random.Random(11)
    lock = target.with_name(f".{target.name}.lock")
    locked = 0
    for _ in range(10):
        proc = _child(
            f"""
            from pathlib import Path
            from kib.record.edit import edit_yaml
            target = Path({str(target)!r})
            def toggle(data):  # the note is not sealed: two versions, A and B, in turn
                data["note"] = "A" if data["note"] != "A" else "B"
            print("writing", flush=True)
            while True:
                edit_yaml(target, toggle)
            """
        )
        _wait_until_writing(proc)
        time.sleep(rng.uniform(0, 0.5))
        _kill(proc)
        text = target.read_text(encoding="utf-8")
        yaml.load(text, Loader=yaml.CSafeLoader)  # never half a file
        versions.add(text)
        assert len(versions) <= 3, "a third version: an edit was not all or nothing"
        assert text.count("# anteckning") == 3000
        if lock.exists():
            # the killed kib held the lock: the system released it with the process, so the next edit goes on
            locked += 1
            started = time.monotonic()
            with file_lock(target, timeout=0.1):
                pass
            assert time.monotonic() - started < 0.1
        for stray in target.parent.glob(f".{target.name}.*.tmp"):
            stray.unlink()
    assert locked > 0, "no edit was killed while it held the lock; the test proved nothing"
    assert not lock.exists() or run_kib("--root", str(root), "action", "done", "2008-16-1").exit_code == 0
    assert run_kib("--root", str(root), "check").exit_code == 0


WORKER = """
import json
import sys
from typer.testing import CliRunner
from kib.cli import app

root, paragraph, rounds, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runner = CliRunner()
codes = []
print("started", flush=True)
for i in range(rounds):
    result = runner.invoke(
        app, ["--root", root, "action", "add", "2008-09", paragraph, "--owner", "Lennart J", "--task", f"{tag} {i}"]
    )
    codes.append([result.exit_code, result.output.strip()])
print(json.dumps(codes))
"""


def _workers(root: Path, jobs: list[tuple[str, str]], rounds: int) -> list[list[tuple[int, str]]]:
    """Run the workers at once. They start while the test holds the meeting's lock, so that their first
    edits certainly meet: both have read the meeting and wait for the lock when it is released."""
    with file_lock(root / MEETING):
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(root), paragraph, str(rounds), tag],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for paragraph, tag in jobs
        ]
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        time.sleep(1.0)  # not a measurement: time for both to read the meeting and queue up for the lock
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append([(code, output) for code, output in json.loads(out.strip().splitlines()[-1])])
    return results


def _tasks(root: Path) -> dict[str, str]:
    result = run_kib("--root", str(root), "open-actions", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["task"]: row["id"] for row in json.loads(result.stdout)}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("jobs", "rounds"),
    [
        pytest.param([("13", "first"), ("14", "second")], 12, id="different-paragraphs"),
        pytest.param([("15", "first"), ("15", "second")], 12, id="same-paragraph"),
    ],
)
def test_two_kib_processes_never_lose_an_update(tmp_path: Path, jobs: list[tuple[str, str]], rounds: int) -> None:
    root = copy_data_root(tmp_path / "root")
    results = _workers(root, jobs, rounds)
    for codes in results:
        assert all(code == 0 for code, _ in codes), codes
    tasks = _tasks(root)
    for _, tag in jobs:
        for i in range(rounds):
            assert f"{tag} {i}" in tasks, f"the update '{tag} {i}' was lost"
    new_ids = [tasks[f"{tag} {i}"] for _, tag in jobs for i in range(rounds)]
    assert len(set(new_ids)) == len(new_ids), "two uppdrag got the same id"
    printed = sorted(output for codes in results for _, output in codes)
    assert printed == sorted(new_ids)  # each process was told the id its uppdrag really has
    assert run_kib("--root", str(root), "check").exit_code == 0
    assert not list((root / "meetings").glob(".*.lock"))
