"""No edit loses anything: another program's save, a paused lock holder, shared modes, links, the size limit.

An edit compares the file with the bytes it read just before replacing it and makes its change again on
whatever another program saved meanwhile; the lock is the operating system's, so it outlives a pause and
dies with a killed process; the edited file keeps its mode, group and link; a change that would take a
file past what kib reads is refused before anything is written.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_kib
from filecheck import snapshot

import kib.record.edit
from kib.errors import KibError
from kib.record.edit import edit_yaml, file_lock, write_bytes_atomic

MEETING = "meetings/2008-09-10.yaml"
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions, signals and FIFOs")


def _done(root: Path) -> dict[str, Any] | None:
    data = yaml.safe_load((root / MEETING).read_text(encoding="utf-8"))
    for para in data["paragraphs"]:
        for action in para.get("actions") or []:
            if action.get("id") == "2008-16-1":
                return action.get("done")  # type: ignore[no-any-return]
    raise AssertionError("uppdrag 2008-16-1 not found")


def test_a_save_made_while_kib_edits_is_kept_and_the_edit_made_again(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    calls = 0

    def change(data: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:  # an editor saves while kib is between reading and replacing
            with path.open("a", encoding="utf-8") as handle:
                handle.write("# sparat i editorn\n")
        data["note"] = "ändrad av kib"

    edit_yaml(path, change)
    text = path.read_text(encoding="utf-8")
    assert "# sparat i editorn" in text and "note: ändrad av kib" in text
    assert calls == 2


@posix_only
def test_a_write_into_the_replaced_file_is_edited_rather_than_lost(
    shipped_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that opened the file before kib replaced it and writes right after the check."""
    path = shipped_root / MEETING
    real_replace = os.replace
    writes = 0

    def late_writer(src: str, dst: str) -> None:
        nonlocal writes
        if Path(dst) == path and writes == 0:
            writes += 1
            with path.open("a", encoding="utf-8") as handle:  # lands in the file kib is about to replace
                handle.write("# sent sparat\n")
        real_replace(src, dst)

    monkeypatch.setattr(kib.record.edit.os, "replace", late_writer)
    edit_yaml(path, lambda data: data.__setitem__("note", "ändrad av kib"))
    text = path.read_text(encoding="utf-8")
    assert "# sent sparat" in text and "note: ändrad av kib" in text


def test_an_edit_gives_up_with_a_message_rather_than_overwrite(
    shipped_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shipped_root / MEETING
    monkeypatch.setattr(kib.record.edit, "EDIT_ATTEMPTS", 3)
    saves = 0

    def change(data: Any) -> None:
        nonlocal saves
        saves += 1
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"# spara {saves}\n")
        data["note"] = "ändrad av kib"

    with pytest.raises(KibError, match="another program kept changing the file"):
        edit_yaml(path, change)
    text = path.read_text(encoding="utf-8")
    assert all(f"# spara {n}\n" in text for n in (1, 2, 3)) and "ändrad av kib" not in text


EDITOR = """
import random, sys, time
from pathlib import Path
path, rounds_file = Path(sys.argv[1]), Path(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
print("ready", flush=True)
for line in sys.stdin:
    time.sleep(rng.uniform(0, 0.25))
    text = path.read_text(encoding="utf-8")
    marker = line.strip()
    if rng.random() < 0.5:
        path.write_text(text + f"# {marker}\\n", encoding="utf-8")  # in place, as many editors save
    else:
        tmp = path.with_name(".editor.tmp")
        tmp.write_text(text + f"# {marker}\\n", encoding="utf-8")
        tmp.replace(path)  # write a copy and rename it over the file, as others do
    print("saved", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("command", ["action-done", "sign"])
def test_an_editor_saving_during_an_edit_never_loses_its_save(shipped_root: Path, command: str) -> None:
    path = shipped_root / MEETING
    original = path.read_bytes()
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path), "-", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert editor.stdin is not None and editor.stdout is not None
    assert editor.stdout.readline().strip() == "ready"
    both = 0
    try:
        for round_ in range(50):
            if command == "sign":
                from filecheck import unseal

                path.write_text(unseal(original.decode("utf-8")), encoding="utf-8")
            else:
                path.write_bytes(original)
            marker = f"editorns sparning {round_}"
            editor.stdin.write(marker + "\n")
            editor.stdin.flush()
            time.sleep(random.Random(round_).uniform(0, 0.1))
            if command == "sign":
                result = run_kib("--root", str(shipped_root), "sign", "2008-09", "--date", "2008-09-16")
            else:
                result = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01")
            assert editor.stdout.readline().strip() == "saved"
            text = path.read_text(encoding="utf-8")
            assert f"# {marker}\n" in text, f"round {round_}: the editor's save was lost ({result.output})"
            yaml.safe_load(text)
            kib_change = "fingerprint: sha256:" in text if command == "sign" else "reported" in text or "date: 2008-10-01" in text
            if result.exit_code == 0 and kib_change:
                both += 1
    finally:
        editor.stdin.close()
        editor.wait(timeout=10)
    assert both > 25, f"only {both} of 50 rounds kept both changes"


@posix_only
def test_a_paused_lock_holder_keeps_the_lock(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time
                from pathlib import Path
                from kib.record.edit import file_lock
                with file_lock(Path({str(path)!r})):
                    print("locked", flush=True)
                    time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        os.kill(holder.pid, signal.SIGSTOP)  # a laptop put to sleep in the middle of an edit
        time.sleep(0.2)
        # however long it waits, a paused holder's lock is not taken over
        with pytest.raises(KibError, match="being changed by another kib process"), file_lock(path, timeout=1.0):
            pass
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        holder.kill()
        holder.wait()
    # killed, the holder leaves no lock behind that blocks
    assert run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01").exit_code == 0


def test_an_empty_lock_file_left_behind_blocks_nothing(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    path.with_name(f".{path.name}.lock").write_bytes(b"")  # what a full disk or a killed kib leaves
    started = time.monotonic()
    result = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 5
    assert _done(shipped_root) == {"date": __import__("datetime").date(2008, 10, 1)}


@posix_only
def test_a_group_shared_file_stays_group_shared(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    os.chmod(path, 0o664)
    groups = [g for g in os.getgroups() if g != os.stat(path).st_gid]
    if groups:  # a colleague's group, when this user is in one
        os.chown(path, -1, groups[0])
    group = os.stat(path).st_gid
    assert run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01").exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o664
    assert os.stat(path).st_gid == group
    assert _done(shipped_root) is not None


@posix_only
def test_a_new_file_gets_the_users_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        write_bytes_atomic(tmp_path / "minutes.docx", b"data", durable=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "minutes.docx").st_mode) == 0o664


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_linked_meeting_file_stays_a_link_and_its_target_is_edited(shipped_root: Path, tmp_path: Path) -> None:
    link = shipped_root / MEETING
    real = tmp_path / "elsewhere" / "2008-09-10.yaml"
    real.parent.mkdir()
    real.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(real)
    assert run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01").exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "date: 2008-10-01" in real.read_text(encoding="utf-8")
    assert not list(link.parent.glob(".2008-09-10.yaml.*"))


@pytest.mark.slow
def test_an_edit_that_would_pass_the_read_limit_is_refused_before_writing(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    filler = "# " + "x" * 97 + "\n"
    room = 2_000_000 - len(text.encode("utf-8")) - 40  # just under the limit, with less room than the edit needs
    path.write_text(text + filler * (room // len(filler)) + "#" * (room % len(filler) - 1) + "\n", encoding="utf-8")
    assert 1_999_900 < path.stat().st_size <= 2_000_000
    before = snapshot(shipped_root)
    result = run_kib(
        "--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01", "--note", "klart"
    )
    assert result.exit_code == 1
    assert "2008-09-10.yaml" in result.stderr and "over the 2.0 MB kib reads; nothing was written" in result.stderr
    assert snapshot(shipped_root) == before
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0  # still readable by every command


@pytest.mark.slow
def test_two_kib_sign_at_once_seal_once(shipped_root: Path) -> None:
    from filecheck import signed_date, unseal

    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(unseal(text), encoding="utf-8")
    script = (
        "import sys\nfrom typer.testing import CliRunner\nfrom kib.cli import app\n"
        "print('started', flush=True)\n"
        "r = CliRunner().invoke(app, ['--root', sys.argv[1], 'sign', '2008-09', '--date', sys.argv[2]])\n"
        "print(r.exit_code, r.output.strip().replace(chr(10), ' '))\n"
    )
    with file_lock(path):  # both read the meeting, then queue for the lock
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(shipped_root), signed_date(text)], stdout=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        time.sleep(1.0)
    results = sorted(proc.communicate(timeout=120)[0].strip() for proc in procs)
    assert results[0].startswith("0 ") and results[1].startswith("2 ") and "already signed" in results[1], results
    assert path.read_text(encoding="utf-8").count("  fingerprint: sha256:") == 1
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0
