"""Git history is the independent evidence of a seal.

A fingerprint is a plain hash anyone can recompute; where the data root is a git repository, `kib check`
compares every meeting with the commit that first sealed it and names that commit when the seal was
removed or made again, while corrections recorded with `kib sign --amend` pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import copy_data_root, run_kib
from filecheck import signed_date, unseal

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

MEETING = "meetings/2008-09-10.yaml"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Sekreteraren", "-c", "user.email=sekr@example.org", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The shipped data committed to a git repository, as a secretariat's shared store."""
    root = copy_data_root(tmp_path / "store")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Protokollen")
    return root


def _first_commit(root: Path) -> str:
    return git(root, "rev-list", "--max-parents=0", "HEAD").strip()[:10]


def test_a_store_as_committed_passes(store: Path) -> None:
    check = run_kib("--root", str(store), "check")
    assert check.exit_code == 0, check.output


def test_a_seal_made_again_over_changed_text_names_the_commit(store: Path) -> None:
    from test_seal import change_part

    path = store / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(unseal(change_part(text, "§ 14")), encoding="utf-8")  # changed, seal removed ...
    # ... and made again outside the store (kib sign refuses inside it): the file alone looks sealed
    outside = copy_data_root(store.parent / "outside")
    shutil.copy2(path, outside / MEETING)
    again = run_kib("--root", str(outside), "sign", "2008-09", "--date", signed_date(text))
    assert again.exit_code == 0, again.output
    shutil.copy2(outside / MEETING, path)
    check = run_kib("--root", str(store), "check")
    assert check.exit_code == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, check.stdout
    assert re.match(rf"{MEETING}:\d+:\d+: error: the seal was made again since commit {_first_commit(store)} ", errors[0])
    assert f"git show {_first_commit(store)}:{MEETING}" in errors[0]


def test_sign_will_not_seal_anew_what_a_commit_sealed(store: Path) -> None:
    from test_seal import change_part

    path = store / MEETING
    text = path.read_text(encoding="utf-8")
    unsealed = unseal(change_part(text, "§ 14"))
    path.write_text(unsealed, encoding="utf-8")
    for how in ([], ["--as", "chair"]):
        again = run_kib("--root", str(store), "sign", "2008-09", "--date", signed_date(text), *how)
        assert again.exit_code == 1
        assert f"the seal that commit {_first_commit(store)} " in again.stderr and "has been removed" in again.stderr
        assert path.read_text(encoding="utf-8") == unsealed  # nothing sealed


def test_a_removed_seal_names_the_commit(store: Path) -> None:
    path = store / MEETING
    text = path.read_text(encoding="utf-8")
    start = text.index("\nsigned:")
    end = text.index("\nnote:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # the whole signed block gone
    check = run_kib("--root", str(store), "check")
    assert check.exit_code == 1
    assert re.search(rf"{MEETING}:\d+:\d+: error: the seal that commit {_first_commit(store)} \(\d{{4}}-\d\d-\d\d\) stored has been removed", check.stdout)


def test_a_recorded_correction_passes_committed_or_not(store: Path) -> None:
    from test_seal import change_part

    path = store / MEETING
    path.write_text(change_part(path.read_text(encoding="utf-8"), "§ 15"), encoding="utf-8")
    assert run_kib("--root", str(store), "sign", "2008-09", "--amend", "--reason", "Stavfel").exit_code == 0
    assert run_kib("--root", str(store), "check").exit_code == 0
    git(store, "commit", "-q", "-am", "Rättelse")
    assert run_kib("--root", str(store), "check").exit_code == 0


def test_the_history_costs_two_git_processes_whatever_the_number_of_meetings(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess as sp

    calls: list[list[str]] = []
    real_run = sp.run

    def counting(args, *a, **kw):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return real_run(args, *a, **kw)

    monkeypatch.setattr(sp, "run", counting)
    started = time.monotonic()
    assert run_kib("--root", str(store), "check").exit_code == 0
    assert time.monotonic() - started < 5
    git_calls = [c for c in calls if c and c[0].endswith("git")]
    assert len(git_calls) == 3  # where the repository is, one log, one read of the first sealed versions
    assert sum("log" in c for c in git_calls) == 1


def test_a_seal_of_the_same_content_by_an_older_kib_passes(tmp_path: Path) -> None:
    """The first commit's fingerprint may come from an older way of computing it: the content decides."""
    import yaml

    from kib.record.seal import fingerprint

    root = copy_data_root(tmp_path / "store")
    path = root / MEETING
    content = unseal(path.read_text(encoding="utf-8"))
    day = signed_date(content)

    def sealed(print_: str) -> str:
        return content.replace(f"\n  date: {day}\n", f"\n  date: {day}\n  fingerprint: {print_}\n", 1)

    path.write_text(sealed("sha256:" + "0" * 64), encoding="utf-8")  # as an older kib computed it
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Protokollen")
    path.write_text(sealed(fingerprint(yaml.safe_load(content))), encoding="utf-8")  # the same content, sealed now
    check = run_kib("--root", str(root), "check")
    assert "made again" not in check.stdout, check.stdout
    path.write_text(sealed(fingerprint(yaml.safe_load(content.replace("Volontär", "volontär", 1)))), encoding="utf-8")
    assert "the seal was made again since commit" in run_kib("--root", str(root), "check").stdout


def test_signatures_on_different_days_keep_the_record_chain_and_history(tmp_path: Path) -> None:
    import yaml
    from conftest import REPO

    root = tmp_path / "sn"
    shutil.copytree(REPO / "examples" / "socialnamnden", root)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Protokollen")
    kib = lambda *args: run_kib("--root", str(root), *args)  # noqa: E731
    assert kib("sign", "2026-04-14", "--as", "secretary", "--date", "2026-04-16").exit_code == 0
    git(root, "commit", "-q", "-am", "Sekreteraren")
    assert kib("sign", "2026-04-14", "--as", "chair", "--date", "2026-04-20").exit_code == 0
    assert kib("check").exit_code == 0, kib("check").output  # the seal renewed for the new date is no re-seal
    git(root, "commit", "-q", "-am", "Ordföranden")
    path = root / "meetings" / "2026-04-14.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Val av justerare", "title: Val av två justerare"), encoding="utf-8")
    assert kib("sign", "2026-04-14", "--amend", "--reason", "Rubriken").exit_code == 0
    assert kib("sign", "2026-04-14", "--date", "2026-04-21").exit_code == 0  # the justerare, chained after the correction
    check = kib("check")
    assert check.exit_code == 0, check.output
    signed = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]
    assert signed["record"]["body"]["name"] == "Socialnämnden" and signed["date"] == __import__("datetime").date(2026, 4, 21)
    assert [a["reason"] for a in signed["amendments"]] == ["Rubriken"]
