"""The README's command blocks, run as a newcomer pastes them: every line of the tour must succeed, in
order, on a fresh copy of the shipped data; the walk from scaffold to signed minutes too."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO, Result, copy_data_root, run_kib

from kib.documents import pdf as pdf_module

README = REPO / "README.md"


def block_after(heading: str, index: int = 0) -> list[str]:
    """The command lines of the `index`-th sh block below `heading` (comment-only lines dropped)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return [line for line in blocks[index].splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run_line(line: str) -> tuple[list[str], Result]:
    words = shlex.split(line, comments=True)
    assert words[0] == "kib", f"tour line does not start with kib: {line}"
    return words, run_kib(*words[1:])


def test_tour_lines_are_kib_commands() -> None:
    lines = block_after("## A tour")
    assert len(lines) >= 15
    commands = {shlex.split(line, comments=True)[1] for line in lines}
    assert commands <= {"check", "new-meeting", "render", "sign", "propose-dates", "open-actions", "action", "schema"}


@pytest.mark.slow
def test_tour_runs_top_to_bottom_on_the_shipped_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_data_root(tmp_path / "clone")
    monkeypatch.chdir(root)
    monkeypatch.delenv("KIB_ROOT", raising=False)
    # the set-up's first command ends by rendering minutes into output/: the tour comes after it
    setup = block_after("## Set-up")[0].split("&&")[-1].strip()
    assert run_line(setup)[1].exit_code == 0, setup
    for line in block_after("## A tour"):
        words, result = run_line(line)
        if ("--pdf" in words or "--pdfa" in words) and pdf_module.find_soffice() is None:
            # the README says PDF needs LibreOffice: without it the line must say so, not crash
            assert result.exit_code == 2 and "LibreOffice is needed" in result.output, line
            continue
        assert result.exit_code == 0, f"{line}\n{result.output}"
    # what the tour promised is there
    assert (root / "meetings" / "2010-12-02.yaml").is_file()
    assert (root / "meetings" / "2010-12-15.yaml").is_file()
    assert (root / "kib-2009.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert "2009" in (root / "schedule.yaml").read_text(encoding="utf-8")
    assert "reported: 2010-12-02 § 13" in (root / "meetings" / "2008-09-10.yaml").read_text(encoding="utf-8")
    # then the walk from scaffold to signed minutes, on the meeting the tour made and rendered
    meeting = root / "meetings" / "2010-12-02.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace('text: ""', "text: Inga övriga frågor."), encoding="utf-8")
    for line in block_after("## From scaffold to signed minutes", 0):
        _words, result = run_line(line)
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert (root / "output" / "KIB-2010-12-02-minutes-signed.docx").is_file()


@pytest.mark.slow
def test_scaffold_to_signed_minutes_as_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_data_root(tmp_path / "clone")
    monkeypatch.chdir(root)
    monkeypatch.delenv("KIB_ROOT", raising=False)
    assert run_kib("new-meeting", "--follow-up").exit_code == 0  # the tour's line that makes the meeting
    meeting = root / "meetings" / "2010-12-02.yaml"
    # the secretary writes the empty paragraph, as the README asks before signing
    text = meeting.read_text(encoding="utf-8")
    assert 'text: ""' in text
    meeting.write_text(text.replace('text: ""', "text: Inga övriga frågor."), encoding="utf-8")
    for line in block_after("## From scaffold to signed minutes", 0):
        _words, result = run_line(line)
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert "fingerprint: sha256:" in meeting.read_text(encoding="utf-8")
    # a correction after signing, then the README's amend line records it
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("Inga övriga frågor.", "Inga övriga frågor anmäldes."),
        encoding="utf-8",
    )
    assert run_kib("check").exit_code == 1
    (line,) = block_after("## From scaffold to signed minutes", 1)
    _words, result = run_line(line)
    assert result.exit_code == 0, result.output
    assert "Felskrivning i § 13" in meeting.read_text(encoding="utf-8")
    assert run_kib("check").exit_code == 0


def test_the_nämnd_example_runs_as_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from words import document_text

    shutil.copytree(REPO / "examples" / "socialnamnden", tmp_path / "examples" / "socialnamnden")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KIB_ROOT", raising=False)
    for line in block_after("## A nämnd's protokoll"):
        _words, result = run_line(line)
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert "Utses att justera" in document_text(tmp_path / "socialnamnden-2026-02-10.docx")
    assert "Utdrag ur protokoll" in document_text(tmp_path / "utdrag.docx")


def test_setup_blocks_paste_into_each_shell() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Set-up") : text.index("## A tour")]
    posix = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)[0]
    commands = [line for line in posix.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2  # one line each: render the minutes, run the tests
    for line in commands:
        assert ". .venv/bin/activate" in line and " -q " not in line.replace("compileall -q", "")
    assert commands[0].endswith("kib render minutes 2008-09")
    assert commands[1].endswith("python -m pytest")
    powershell = re.findall(r"```powershell\n(.*?)```", section, flags=re.DOTALL)
    assert len(powershell) == 2
    for block in powershell:
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        assert lines[0] == "py -3 -m venv .venv"
        assert ".venv\\Scripts\\Activate.ps1" in lines
        assert not any("&&" in line or "python3" in line or "/" in line for line in lines)  # PowerShell 5.1
