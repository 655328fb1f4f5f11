"""Edits are surgical.

Every command that writes YAML runs on a copy of the shipped data, and the test compares bytes: the
changed file differs from the old one only by added lines (or the few lines the command must change),
every comment is still there, and every other file of the root is byte for byte what it was.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Result, run_kib
from filecheck import changed, comments, line_changes, restyle, signed_date, snapshot, unseal

from kib.record.edit import indentation

MEETINGS = sorted(p.name for p in (REPO / "meetings").glob("*.yaml"))


def kib(root: Path, *args: str) -> Result:
    return run_kib("--root", str(root), *args)


# ------------------------------------------------------------------ new-meeting


def test_new_meeting_adds_one_file_and_touches_nothing_else(shipped_root: Path) -> None:
    before = snapshot(shipped_root)
    result = kib(shipped_root, "new-meeting", "--date", "2011-01-12")
    assert result.exit_code == 0, result.output
    after = snapshot(shipped_root)
    assert changed(before, after) == {"meetings/2011-01-12.yaml"}
    assert "meetings/2011-01-12.yaml" not in before
    assert kib(shipped_root, "check").exit_code == 0


def test_new_meeting_never_overwrites_a_file_the_secretary_wrote(shipped_root: Path) -> None:
    mine = shipped_root / "meetings" / "2011-01-12.yaml"
    mine.write_bytes(b"# my own notes, not yet a meeting file\ndate: 2011-01-12\n")
    before = snapshot(shipped_root)
    result = kib(shipped_root, "new-meeting", "--date", "2011-01-12")
    assert result.exit_code == 1
    assert "2011-01-12.yaml" in result.stderr and "never overwrites" in result.stderr
    assert snapshot(shipped_root) == before


def test_new_meeting_twice_keeps_the_first(shipped_root: Path) -> None:
    assert kib(shipped_root, "new-meeting", "--date", "2011-01-12").exit_code == 0
    first = snapshot(shipped_root)
    again = kib(shipped_root, "new-meeting", "--date", "2011-01-12")
    assert again.exit_code == 1 and "exists already" in again.stderr
    assert snapshot(shipped_root) == first


def test_atomic_write_refuses_to_overwrite_unasked(tmp_path: Path) -> None:
    from kib.errors import KibError
    from kib.record.edit import atomic_write

    target = tmp_path / "2011-01-12.yaml"
    target.write_text("date: 2011-01-12\n", encoding="utf-8")
    with pytest.raises(KibError, match="never overwrites"):
        atomic_write(target, "date: 1999-01-01\n", overwrite=False)
    assert target.read_text(encoding="utf-8") == "date: 2011-01-12\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2011-01-12.yaml"]  # no temporary file left


# ------------------------------------------------------------------ sign



@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no fsync for a folder")
def test_an_edit_flushes_the_folder_so_the_new_name_survives_a_power_cut(
    shipped_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    flushed: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            flushed.append(os.path.realpath(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else "folder")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    assert run_kib("--root", str(shipped_root), "action", "done", "2008-16-1").exit_code == 0
    assert flushed and flushed[-1] in (os.path.realpath(shipped_root / "meetings"), "folder")


@pytest.mark.parametrize("name", MEETINGS)
def test_sign_adds_only_the_seal(shipped_root: Path, name: str) -> None:
    path = shipped_root / "meetings" / name
    shipped = path.read_bytes()
    unsealed = unseal(shipped.decode("utf-8")).encode("utf-8")
    path.write_bytes(unsealed)
    before = snapshot(shipped_root)
    result = kib(shipped_root, "sign", name[:10], "--date", signed_date(unsealed.decode("utf-8")))
    assert result.exit_code == 0, result.output
    after = snapshot(shipped_root)
    assert changed(before, after) == {f"meetings/{name}"}
    removed, added = line_changes(unsealed, after[f"meetings/{name}"])
    assert removed == [], removed
    assert added[0].startswith("  fingerprint: sha256:") and added[1] == "  parts:\n"
    # the seal's parts, then the record of what the minutes print from members.yaml
    assert all(line.startswith("    ") or line in ("  record:\n", "  pictures:\n") for line in added[2:]), added
    assert "  record:\n" in added
    assert comments(after[f"meetings/{name}"]) == comments(unsealed)
    if b"amendments:" not in shipped:
        assert after[f"meetings/{name}"] == shipped  # sealing again gives the shipped file, byte for byte
    assert kib(shipped_root, "check").exit_code == 0


def _change_one_word(text: str) -> tuple[str, str]:
    """A word of the first paragraph's text changed; returns the new text and the paragraph ('§ N')."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("paragraphs:"))
    number = None
    for i in range(start, len(lines)):
        found = re.match(r"  - number: (\d+)", lines[i])
        if found:
            number = found[1]
        words = re.search(r"(?<= )[a-zåäö]{6,}(?= )", lines[i])
        if number and lines[i].startswith("      ") and words:
            lines[i] = lines[i][: words.start()] + words[0].upper() + lines[i][words.end() :]
            return "".join(lines), f"§ {number}"
    raise AssertionError("no word to change")


@pytest.mark.parametrize("name", MEETINGS)
def test_amend_adds_the_correction_and_changes_one_part_line(shipped_root: Path, name: str) -> None:
    path = shipped_root / "meetings" / name
    edited, part = _change_one_word(path.read_text(encoding="utf-8"))
    path.write_text(edited, encoding="utf-8")
    before = snapshot(shipped_root)
    when = signed_date(edited)
    result = kib(shipped_root, "sign", name[:10], "--amend", "--reason", "Felstavat ord rättat", "--date", when)
    assert result.exit_code == 0, result.output
    after = snapshot(shipped_root)
    assert changed(before, after) == {f"meetings/{name}"}
    removed, added = line_changes(edited.encode("utf-8"), after[f"meetings/{name}"])
    assert [line.split(":")[0].strip() for line in removed] == [part], removed  # the part's old fingerprint
    assert any(line.strip().startswith(f"{part}:") for line in added)
    assert any("reason: Felstavat ord rättat" in line for line in added)
    assert comments(after[f"meetings/{name}"]) == comments(edited.encode("utf-8"))
    assert kib(shipped_root, "check").exit_code == 0


# ------------------------------------------------------------------ action done / add


def open_ids(root: Path) -> list[str]:
    result = kib(root, "open-actions", "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


def test_action_done_on_every_open_uppdrag_adds_only_its_lines(shipped_root: Path) -> None:
    ids = open_ids(shipped_root)
    assert len(ids) >= 5
    for ident in ids:
        before = snapshot(shipped_root)
        result = kib(shipped_root, "action", "done", ident, "--date", "2010-12-01", "--note", "Klart: se protokollet")
        assert result.exit_code == 0, result.output
        after = snapshot(shipped_root)
        (name,) = changed(before, after)
        removed, added = line_changes(before[name], after[name])
        assert removed == [], (ident, removed)
        assert [line.strip().split(":")[0] for line in added] == ["done", "date", "note"], added
        assert comments(after[name]) == comments(before[name])
    assert open_ids(shipped_root) == []
    assert kib(shipped_root, "check").exit_code == 0  # the uppdrag register is not sealed


TASKS = [
    "Kontakta Vilma M: hon har frågat om datum",
    'Svara på "Inspirationsträffen" # inte en kommentar',
    "yes",
    "1:30",
    "- börjar med ett streck",
    "Två rader\nandra raden",
    "  inledande blanksteg",
    "[bilaga 1] & *stjärna* !utrop %procent @snabel `apostrof`",
    "Åsa Öberg, 😀, ”citat”",
]


def paragraph_spans(text: str) -> dict[int, tuple[int, int]]:
    """Line ranges (start, end) of each `  - number: N` paragraph."""
    lines = text.splitlines()
    starts = [(i, int(m[1])) for i, line in enumerate(lines) if (m := re.match(r"  - number: (\d+)$", line))]
    ends = [s for s, _ in starts[1:]] + [
        next((i for i in range(starts[-1][0] + 1, len(lines)) if re.match(r"\S", lines[i])), len(lines))
    ]
    return {number: (start, end) for (start, number), end in zip(starts, ends, strict=True)}


@pytest.mark.parametrize("name", MEETINGS)
def test_action_add_on_every_paragraph_adds_only_its_lines(shipped_root: Path, name: str) -> None:
    path = shipped_root / "meetings" / name
    numbers = sorted(paragraph_spans(path.read_text(encoding="utf-8")))
    for k, number in enumerate(numbers):
        task = TASKS[k % len(TASKS)]
        before = snapshot(shipped_root)
        result = kib(shipped_root, "action", "add", name[:10], str(number), "--owner", "Lennart J", "--task", task)
        assert result.exit_code == 0, result.output
        ident = result.stdout.strip()
        after = snapshot(shipped_root)
        assert changed(before, after) == {f"meetings/{name}"}
        old, new = before[f"meetings/{name}"], after[f"meetings/{name}"]
        removed, added = line_changes(old, new)
        assert removed == [], removed
        assert 3 <= len(added) <= 5, added
        assert comments(new) == comments(old)
        # the new lines sit inside the paragraph they belong to
        start, end = paragraph_spans(new.decode("utf-8"))[number]
        own = new.decode("utf-8").splitlines(keepends=True)[start:end]
        assert all(line in own for line in added), (number, added)
        rows = {row["id"]: row for row in json.loads(kib(shipped_root, "open-actions", "--format", "json").stdout)}
        assert rows[ident]["task"] == task.strip() and rows[ident]["owner"] == "Lennart Jonasson"
    assert kib(shipped_root, "check").exit_code == 0


# ------------------------------------------------------------------ propose-dates --adopt


def test_adopt_adds_only_the_new_year(shipped_root: Path) -> None:
    before = snapshot(shipped_root)
    result = kib(shipped_root, "propose-dates", "2011", "--adopt", "--decided", "2010-11-04 § 12")
    assert result.exit_code == 0, result.output
    after = snapshot(shipped_root)
    assert changed(before, after) == {"schedule.yaml"}
    removed, added = line_changes(before["schedule.yaml"], after["schedule.yaml"])
    assert removed == [], removed
    assert any("year: 2011" in line for line in added)
    assert comments(after["schedule.yaml"]) == comments(before["schedule.yaml"])
    assert kib(shipped_root, "check").exit_code == 0


# ------------------------------------------------------------------ the file's own style is kept


STYLES = [
    pytest.param((2, 4, 2), False, False, id="kib-style"),
    pytest.param((2, 2, 0), False, False, id="flush-lists"),
    pytest.param((4, 4, 2), False, False, id="indent-4"),
    pytest.param((4, 6, 4), False, False, id="indent-4-deep-lists"),
    pytest.param((2, 4, 2), True, False, id="crlf"),
    pytest.param((2, 2, 0), True, True, id="flush-crlf-bom"),
]


@pytest.mark.parametrize(("style", "crlf", "bom"), STYLES)
def test_edits_keep_the_files_own_style(shipped_root: Path, style: tuple[int, int, int], crlf: bool, bom: bool) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    path.write_bytes(restyle(path.read_bytes(), style, crlf, bom))
    assert indentation(path.read_bytes().decode("utf-8-sig")) == style
    assert kib(shipped_root, "check").exit_code == 0
    edits = [
        ("action", "add", "2008-09", "13", "--owner", "Lennart J", "--task", "Skicka inbjudan"),
        ("action", "done", "2008-16-1", "--date", "2008-10-01"),
    ]
    for args in edits:
        before = path.read_bytes()
        result = kib(shipped_root, *args)
        assert result.exit_code == 0, result.output
        after = path.read_bytes()
        removed, added = line_changes(before, after)
        assert removed == [], (args, removed[:5])
        assert 2 <= len(added) <= 5, added
        assert after.startswith(b"\xef\xbb\xbf") == bom
        assert all(line.endswith("\r\n") == crlf for line in added)
        assert after.count(b"\r\n") == (after.count(b"\n") if crlf else 0)
    assert kib(shipped_root, "check").exit_code == 0


@pytest.mark.slow
def test_new_texts_read_back_exactly(shipped_root: Path) -> None:
    """Words YAML 1.1 reads as true or a number (yes, on, 1:30) stay texts when kib writes them."""
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    for task in ("yes", "on", "No", "1:30", "12:30:45", "~", "null", "0x1F", "2008-10-11", "a\x85b"):
        assert (
            kib(shipped_root, "action", "add", "2008-09", "15", "--owner", "Lennart J", "--task", task).exit_code == 0
        )
    done = kib(shipped_root, "action", "done", "2008-15-1", "--date", "2008-10-01", "--note", "off")
    assert done.exit_code == 0, done.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    actions = next(p for p in data["paragraphs"] if p["number"] == 15)["actions"]
    assert [a["task"] for a in actions] == [
        "yes",
        "on",
        "No",
        "1:30",
        "12:30:45",
        "~",
        "null",
        "0x1F",
        "2008-10-11",
        "a\x85b",
    ]
    assert actions[0]["done"]["note"] == "off"
    assert kib(shipped_root, "check").exit_code == 0


def test_an_edit_that_cannot_be_read_back_is_not_written(shipped_root: Path) -> None:
    from kib.errors import KibError
    from kib.record.edit import edit_yaml, text_value

    before = snapshot(shipped_root)
    # the command line refuses such a text first...
    result = kib(shipped_root, "action", "add", "2008-09", "15", "--owner", "Lennart J", "--task", "x\udcff")
    assert result.exit_code == 2 and "U+DCFF" in result.stderr
    # ...and any edit that would write what kib cannot read back is stopped before writing
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    with pytest.raises(KibError, match="cannot write the text"):
        edit_yaml(path, lambda data: data.__setitem__("place", text_value("x\udcff")))
    with pytest.raises(KibError, match="invalid YAML"):  # the last guard: the new text is parsed first
        edit_yaml(path, lambda data: data.__setitem__("place", "x\udcff"))
    assert snapshot(shipped_root) == before
