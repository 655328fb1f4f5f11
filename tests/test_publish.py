"""Personal data before publication.

`kib check --publish` warns about personal phone numbers, e-mail addresses and personnummer in text
meant for the public (paragraphs and bilagor), with the file and line; dates, times, paragraph
numbers, uppdrag ids, diarienummer and organisationsnummer are not personal data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_kib

MEETING = "meetings/2008-09-10.yaml"


def publish(root: Path, *extra: str) -> tuple[int, list[str]]:
    result = run_kib("--root", str(root), "check", "--publish", *extra)
    return result.exit_code, [line for line in result.stdout.splitlines() if "meant for the public" in line]


def test_shipped_minutes_hold_a_mobile_number_and_e_mail_addresses(shipped_root: Path) -> None:
    code, warnings = publish(shipped_root)
    assert code == 0  # warnings: the secretary decides
    assert any(
        re.match(rf"{MEETING}:\d+:\d+: warning: a mobile phone number in text meant for the public: '0768 931062'", w)
        for w in warnings
    ), warnings
    assert any("an e-mail address" in w and "anders.borjesson@nacka.se" in w for w in warnings), warnings
    assert any(w.startswith("meetings/2010-11-04.yaml") and "volontar@nacka.se" in w for w in warnings), warnings
    assert len(warnings) == 3, warnings
    strict = run_kib("--root", str(shipped_root), "check", "--publish", "--strict")
    assert strict.exit_code == 1
    plain = run_kib("--root", str(shipped_root), "check")
    assert "meant for the public" not in plain.stdout


def test_the_warning_points_at_the_paragraph_that_holds_it(shipped_root: Path) -> None:
    _, warnings = publish(shipped_root)
    line = int(next(w for w in warnings if "0768 931062" in w).split(":")[1])
    lines = (shipped_root / MEETING).read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].strip() == "- number: 14"  # § 14 quotes the mailed report with the number


def _root_with_text(root: Path, text: str, where: str = "text") -> Path:
    """The 2008-09 meeting with § 16's text (or title, decision, a footnote) replaced by `text`."""
    path = root / MEETING
    content = path.read_text(encoding="utf-8")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    start = content.index("  - number: 16\n")
    end = content.index("    actions:", start)
    paragraph = f'  - number: 16\n    title: "Inspirationsträff"\n    {where}: "{escaped}"\n'
    if where == "title":
        paragraph = f'  - number: 16\n    title: "{escaped}"\n'
    path.write_text(content[:start] + paragraph + content[end:], encoding="utf-8")
    return root


PERSONAL = [
    ("Ring 070-123 45 67 efter mötet.", "a mobile phone number"),
    ("Mobil: 0701234567", "a mobile phone number"),
    ("Nås på +46 70 123 45 67.", "a mobile phone number"),
    ("Nås på +4670-123 45 67.", "a mobile phone number"),
    ("Marie Nordfeldt 0768 931062.", "a mobile phone number"),
    ("Skriv till eva.nilsson@nacka.se före fredag.", "an e-mail address"),
    ("(anmälan: a.b+kib@example.org)", "an e-mail address"),
    ("Personnummer 19800101-1234 lämnades.", "a personnummer"),
    ("Född 800101-1234.", "a personnummer"),
    ("Över hundra år: 121212+1212.", "a personnummer"),
    ("Samordningsnummer 850161-1234.", "a personnummer"),
]


@pytest.mark.parametrize(("text", "what"), PERSONAL)
def test_personal_data_is_flagged(shipped_root: Path, text: str, what: str) -> None:
    code, warnings = publish(_root_with_text(shipped_root, text))
    lines = (shipped_root / MEETING).read_text(encoding="utf-8").split("\n")
    paragraph = lines.index("  - number: 16") + 1
    mine = [w for w in warnings if w.startswith(f"{MEETING}:{paragraph}:")]
    assert len([w for w in mine if what in w]) == 1, mine
    assert code == 1  # § 16 of the sealed minutes was changed: an error besides the warning


@pytest.mark.parametrize("where", ["title", "decision"])
def test_titles_and_decisions_are_looked_at_too(shipped_root: Path, where: str) -> None:
    _, warnings = publish(_root_with_text(shipped_root, "Kontakt: 070-123 45 67", where))
    assert any(w.startswith(MEETING) and "a mobile phone number" in w and "070-123 45 67" in w for w in warnings)


ORDINARY = [
    "Sammanträdet den 2008-09-10 kl. 17.30-19.30, §§ 13–18.",
    "Uppdrag 2008-16-1 och 2008-17-1 följs upp 2010-11-04.",
    "Dnr KS 2008/123-040 och KFKS 2010/456.",
    "Nacka kommun, organisationsnummer 212000-0167.",
    "Växeln 08-718 80 00 svarar dagtid.",
    "Budgeten är 1 000 000 kr för 2009-2010.",
    "Frukostmötet den 25/9; anmälan till sekreteraren.",
    "Se www.nacka.se/volontar och mötet 20080910.",
    "Mandatperioden 2007-01-01--2010-12-31.",
    "Telefontid 07.30-09.00, rum 0701.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_flagged(shipped_root: Path, text: str) -> None:
    _, warnings = publish(_root_with_text(shipped_root, text))
    shipped = ("0768 931062", "anders.borjesson@nacka.se", "volontar@nacka.se")
    assert all(any(known in w for known in shipped) for w in warnings), warnings


def test_the_secretarys_note_and_comments_are_not_meant_for_the_public(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    text = text.replace("note: The meeting date", "note: Ring mig på 070-123 45 67. The meeting date", 1)
    text = text.replace("# The signature block", "# Mobil 070-765 43 21, e-post x@y.se. The signature block", 1)
    path.write_text(text, encoding="utf-8")
    _, warnings = publish(shipped_root)
    assert not any("070-123 45 67" in w or "070-765 43 21" in w or "x@y.se" in w for w in warnings), warnings
