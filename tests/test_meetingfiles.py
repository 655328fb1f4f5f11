"""Files a Windows user makes in meetings/: Explorer's copies and wrong extensions are never read as
meetings; `kib check` names each, and no command is confused by them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_kib

from kib.record.meetingfiles import classify

COPIES = ["2007-03-26 - Kopia.yaml", "2007-03-26 - Kopia (2).yaml", "2007-03-26 - Copy.yaml", "2007-03-26 (1).yaml"]


@pytest.mark.parametrize(
    ("name", "kind", "proper"),
    [
        ("2010-12-02.yaml", "meeting", "2010-12-02.yaml"),
        ("2010-12-02-extra.yaml", "meeting", "2010-12-02-extra.yaml"),
        ("2010-12-02 - Kopia.yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 - Kopia (2).yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 - Copy.yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 - Copy (3).yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 (1).yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 copy 2.yaml", "copy", "2010-12-02.yaml"),
        ("Kopia av 2010-12-02.yaml", "copy", "2010-12-02.yaml"),
        ("2010-12-02 - Kopia.yml", "copy", "2010-12-02.yaml"),
        ("2010-12-02.yml", "extension", "2010-12-02.yaml"),
        ("2010-12-02.yaml.txt", "extension", "2010-12-02.yaml"),
        ("2010-12-02.YAML", "extension", "2010-12-02.yaml"),
    ],
)
def test_classify(name: str, kind: str, proper: str) -> None:
    info = classify(name)
    assert info is not None
    assert (info.kind, info.proper) == (kind, proper)


@pytest.mark.parametrize("name", ["notes.txt", ".2010-12-02.yaml.swp", "._2010-12-02.yaml", "2010-12-02.docx", ".yaml"])
def test_not_kibs_business(name: str) -> None:
    assert classify(name) is None


@pytest.fixture
def windows_root(shipped_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    meetings = shipped_root / "meetings"
    for name in COPIES:
        shutil.copy2(meetings / "2007-03-26.yaml", meetings / name)
    (meetings / "2010-12-02.yml").write_text("date: 2010-12-02\n", encoding="utf-8")
    (meetings / "2010-12-09.yaml.txt").write_text("date: 2010-12-09\n", encoding="utf-8")
    (meetings / "2010-12-16.YAML").write_text("date: 2010-12-16\n", encoding="utf-8")
    monkeypatch.chdir(shipped_root)
    return shipped_root


def test_check_names_each_copy_and_wrong_extension(windows_root: Path) -> None:
    result = run_kib("check")
    assert result.exit_code == 0, result.output  # warnings only
    lines = result.stdout.splitlines()
    for name in COPIES:
        expected = (
            f"meetings/{name}: warning: a copy of 2007-03-26.yaml, not read; delete it or merge it into 2007-03-26.yaml"
        )
        assert expected in lines
    assert "meetings/2010-12-02.yml: warning: saved as .yml, not read: rename it to 2010-12-02.yaml" in lines
    assert "meetings/2010-12-09.yaml.txt: warning: saved as .yaml.txt, not read: rename it to 2010-12-09.yaml" in lines
    assert "meetings/2010-12-16.YAML: warning: saved as .YAML, not read: rename it to 2010-12-16.yaml" in lines
    assert not any("2007-03-26.yaml:" in line for line in lines)  # the real file is not blamed
    assert run_kib("check", "--strict").exit_code == 1


def test_copies_do_not_confuse_render_or_the_register(windows_root: Path) -> None:
    result = run_kib("render", "minutes", "2007-03-26")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(".docx")
    data = json.loads(run_kib("open-actions", "--all", "--format", "json").stdout)
    ids = [item["id"] for item in data]
    assert ids.count("2007-5-1") == 1


def test_new_meeting_refuses_a_date_saved_with_a_wrong_extension(windows_root: Path) -> None:
    before = sorted(p.name for p in (windows_root / "meetings").iterdir())
    result = run_kib("new-meeting", "--date", "2010-12-02")
    assert result.exit_code == 1
    assert "meetings/2010-12-02.yml: error: a meeting for 2010-12-02 is already here, saved as .yml" in result.stderr
    assert "rename it to 2010-12-02.yaml" in result.stderr
    assert sorted(p.name for p in (windows_root / "meetings").iterdir()) == before


def test_render_says_where_the_misnamed_meeting_is(windows_root: Path) -> None:
    result = run_kib("render", "minutes", "2010-12-09")
    assert result.exit_code == 2
    assert "2010-12-09.yaml.txt is saved as .yaml.txt, not read: rename it to 2010-12-09.yaml" in result.stderr


def test_a_copy_without_its_original_and_a_yml_beside_its_yaml(
    shipped_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = shipped_root / "meetings"
    (meetings / "2007-03-26.yaml").rename(meetings / "2007-03-26 - Kopia.yaml")
    shutil.copy2(meetings / "2008-09-10.yaml", meetings / "2008-09-10.yml")
    monkeypatch.chdir(shipped_root)
    lines = run_kib("check").stdout.splitlines()
    assert (
        "meetings/2007-03-26 - Kopia.yaml: warning: a copy of 2007-03-26.yaml, not read "
        "(there is no 2007-03-26.yaml); rename it to 2007-03-26.yaml"
    ) in lines
    assert (
        "meetings/2008-09-10.yml: warning: saved as .yml, not read, beside 2008-09-10.yaml; "
        "delete it or merge it into 2008-09-10.yaml"
    ) in lines
    refused = run_kib("new-meeting", "--date", "2007-03-26")
    assert refused.exit_code == 1
    assert "a copy of 2007-03-26.yaml, not read" in refused.stderr
    assert not (meetings / "2007-03-26.yaml").exists()
