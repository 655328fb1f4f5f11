"""Signed means sealed.

`kib sign` stores a fingerprint of a signed meeting's content. Any later change to what the signatories
vouched for (the header, a paragraph, a bilaga) makes `kib check` fail and name the part; a knowing
correction is recorded with `kib sign --amend --reason`, with who, when and why; the follow-up of
uppdrag, the secretary's note, comments and formatting are not sealed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_kib
from filecheck import restyle, signed_date, snapshot

from kib.record.seal import sealed_parts

MEETINGS = sorted(p.name for p in (REPO / "meetings").glob("*.yaml"))


def _parts(name: str) -> list[str]:
    return list(sealed_parts(yaml.safe_load((REPO / "meetings" / name).read_text(encoding="utf-8"))))


CASES = [(name, part) for name in MEETINGS for part in _parts(name)]


def _change_word(line: str) -> str:
    """The first word of four letters or more in the value of `key: value`, in other case."""
    key, _, value = line.partition(": ")
    word = re.search(r"[A-Za-zÅÄÖåäöÉé]{4,}", value)
    assert word, line
    new = word[0].lower() if word[0].isupper() else word[0].upper()
    return f"{key}: {value[: word.start()]}{new}{value[word.end() :]}"


def change_part(text: str, part: str) -> str:
    """`text` with one word changed in `part` ('header', '§ 13', 'bilaga 1') and nowhere else."""
    lines = text.split("\n")
    if part == "header":
        for i, line in enumerate(lines):
            if line.startswith("place: "):
                lines[i] = _change_word(line)
                return "\n".join(lines)
        at = next(i for i, line in enumerate(lines) if line.startswith("date: "))
        return "\n".join([*lines[: at + 1], "place: Nacka stadshus", *lines[at + 1 :]])
    if part == "signed statement":
        start = lines.index("signed:")
        block = range(start + 1, next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")))
        statement = [i for i in block if lines[i].startswith("  statement: ")]
        if statement:
            lines[statement[0]] = _change_word(lines[statement[0]])
        else:  # the signing date moves by a day
            at = next(i for i in block if lines[i].startswith("  date: "))
            day = dt.date.fromisoformat(lines[at].split(": ")[1]) + dt.timedelta(days=1)
            lines[at] = f"  date: {day.isoformat()}"
        return "\n".join(lines)
    if part == "record":  # the organisation printed in the heading, as recorded at signing
        at = next(i for i, line in enumerate(lines) if line.startswith("      organisation: "))
        lines[at] = _change_word(lines[at])
        return "\n".join(lines)
    if part.startswith("§ "):
        start = lines.index(f"  - number: {part[2:]}")
        at = next(i for i in range(start, len(lines)) if lines[i].startswith("    title: "))
    else:
        titles = [i for i, line in enumerate(lines) if line.startswith("  - title: ")]
        at = titles[int(part.split()[1]) - 1]
    lines[at] = _change_word(lines[at])
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "part"), CASES, ids=[f"{n[:10]} {p}" for n, p in CASES])
def test_one_changed_word_breaks_the_seal_naming_the_part(shipped_root: Path, name: str, part: str) -> None:
    path = shipped_root / "meetings" / name
    assert "fingerprint: sha256:" in path.read_text(encoding="utf-8"), "the shipped meetings are sealed"
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0
    path.write_text(change_part(path.read_text(encoding="utf-8"), part), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, check.stdout
    assert re.match(
        rf"meetings/{re.escape(name)}:\d+:\d+: error: signed minutes changed after signing \({part}\)", errors[0]
    )
    assert f'kib sign {name[:10]} --amend --reason "…"' in errors[0]

    amend = run_kib("--root", str(shipped_root), "sign", name[:10], "--amend", "--reason", "Rättelse av ett ord")
    assert amend.exit_code == 0, amend.output
    assert f"({part})" in amend.stdout
    recorded = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["amendments"][-1]
    assert recorded["by"] == "Inger Bäcklund"  # the secretary of members.yaml
    assert recorded["date"] == dt.date.today()
    assert recorded["reason"] == "Rättelse av ett ord"
    assert recorded["changed"] == [part]
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_amendments_accumulate_with_who_when_and_why(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    path.write_text(change_part(path.read_text(encoding="utf-8"), "§ 14"), encoding="utf-8")
    first = run_kib(
        "--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "yes", "--by", "Eva Närvä-Eickenrodt",
        "--date", "2008-09-30",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    path.write_text(change_part(path.read_text(encoding="utf-8"), "header"), encoding="utf-8")
    assert "changed after signing (header)" in run_kib("--root", str(shipped_root), "check").stdout
    second = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "Platsen saknades")
    assert second.exit_code == 0, second.output
    amendments = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["amendments"]
    assert amendments[0]["changed"] == ["record added"]  # kept when the committee's minutes were given a record
    assert [(a["by"], a["date"], a["reason"], a["changed"]) for a in amendments[1:]] == [
        ("Eva Närvä-Eickenrodt", dt.date(2008, 9, 30), "yes", ["§ 14"]),
        ("Inger Bäcklund", dt.date.today(), "Platsen saknades", ["header"]),
    ]
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["date"] == dt.date(2008, 9, 16)
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0


def test_amend_refusals_leave_the_file_alone(shipped_root: Path) -> None:
    before = snapshot(shipped_root)
    nothing = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "ingen ändring")
    assert nothing.exit_code == 2 and "nothing to amend" in nothing.stderr
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    path.write_text(change_part(path.read_text(encoding="utf-8"), "§ 15"), encoding="utf-8")
    changed = snapshot(shipped_root)
    for reason in ([], ["--reason", "   "]):
        refused = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", *reason)
        assert refused.exit_code == 2 and "--reason" in refused.stderr
    resign = run_kib("--root", str(shipped_root), "sign", "2008-09", "--date", "2008-09-16")
    assert resign.exit_code == 2 and "already signed" in resign.stderr and "--amend" in resign.stderr
    assert snapshot(shipped_root) == changed != before
    assert run_kib("--root", str(shipped_root), "check").exit_code == 1  # still reported until amended


def test_uppdrag_follow_up_does_not_break_the_seal(shipped_root: Path) -> None:
    done = run_kib(
        "--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01", "--note", "Klart"
    )
    assert done.exit_code == 0, done.output
    add = run_kib("--root", str(shipped_root), "action", "add", "2008-09", "18", "--owner", "Lennart J", "--task", "Ny")
    assert add.exit_code == 0, add.output
    add_first = run_kib("--root", str(shipped_root), "action", "add", "2010-11", "11", "--owner", "Eva", "--task", "Ny")
    assert add_first.exit_code == 0, add_first.output  # a paragraph that had no uppdrag before
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 0, check.stdout
    assert "changed after signing" not in check.stdout


def test_notes_comments_and_formatting_are_not_sealed(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("note: The meeting date", "note: Sekreterarens anteckning. The meeting date", 1)
    text = text.replace(
        "# The signature block names", "# Kommentar tillagd efter undertecknandet.\n# The signature block names"
    )
    path.write_bytes(restyle(text.encode("utf-8"), (2, 2, 0), crlf=True, bom=False))
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 0, check.stdout


def test_a_forged_fingerprint_is_reported(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-05-02.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"fingerprint: sha256:[0-9a-f]{4}", "fingerprint: sha256:0000", text, count=1), encoding="utf-8"
    )
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    # the first fingerprint is the signing's: the correction chained to it does not fit it
    assert re.search(r"meetings/2007-05-02.yaml:\d+:\d+: error: correction 1 of the signed minutes", check.stdout)
    assert "was removed, reordered or reworded" in check.stdout


def test_signing_before_the_meeting_or_in_the_future_is_refused(shipped_root: Path) -> None:
    today = dt.date.today()
    past = run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02")
    assert past.exit_code == 0, past.output
    written = shipped_root / "meetings" / "2010-12-02.yaml"
    written.write_text(written.read_text(encoding="utf-8").replace('text: ""', "text: Inga övriga frågor."), encoding="utf-8")
    future_day = today + dt.timedelta(days=30)
    future = run_kib("--root", str(shipped_root), "new-meeting", "--date", future_day.isoformat())
    assert future.exit_code == 0, future.output
    before = snapshot(shipped_root)
    early = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-01")
    assert early.exit_code == 2 and "before the meeting" in early.stderr
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    ahead = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", tomorrow)
    assert ahead.exit_code == 2 and "in the future" in ahead.stderr
    not_yet = run_kib("--root", str(shipped_root), "sign", future_day.isoformat())  # today: before that meeting
    assert not_yet.exit_code == 2 and "before the meeting" in not_yet.stderr
    assert snapshot(shipped_root) == before
    new = shipped_root / "meetings" / "2010-12-02.yaml"
    scaffold = new.read_text(encoding="utf-8")
    new.write_text(scaffold.replace('title: Övriga frågor\n    text: ""', "title: Övriga frågor\n    text: Inga.", 1), encoding="utf-8")
    signed = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", today.isoformat())
    assert signed.exit_code == 0, signed.output
    assert signed_date((shipped_root / "meetings" / "2010-12-02.yaml").read_text(encoding="utf-8")) == today.isoformat()
