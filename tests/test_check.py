"""`kib check` on the shipped data and on the mistakes a secretary makes."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_kib


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_shipped_data_passes(shipped_root: Path) -> None:
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 0, result.output
    assert "error:" not in result.stdout


def test_unclosed_quote_names_file_and_line(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("presiding:"))
    lines[number] = 'presiding: "Eva Närvä-Eickenrodt'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    match = re.search(r"meetings/2008-09-10\.yaml:(\d+):\d+: error: invalid YAML", result.output)
    assert match, result.output
    assert int(match[1]) >= number + 1
    assert "quote" in result.output


def test_wrong_type_and_unknown_key(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    edit(path, "\ndate: 2007-03-26", "\ndate: 2007-03-26\ntitel: x")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "unknown key 'titel'" in result.stdout
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("titel"))
    assert f"meetings/2007-03-26.yaml:{line}:1: error" in result.stdout


def test_unquoted_time_is_explained(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^time: "[^"]*"', "time: 17.30", text)
    path.write_text(text, encoding="utf-8")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "found the number 17.3" in result.stdout


def test_repeated_paragraph_number(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-05-02.yaml"
    edit(path, "- number: 7", "- number: 6")
    edit(path, "- number: 8", "- number: 7")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "§ 6 repeats a number already used in 2007" in result.stdout
    assert "should start at § 7" in result.stdout


def test_gap_inside_a_meeting(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    edit(path, "- number: 6", "- number: 8")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "§ 8 follows § 5" in result.stdout


def test_countersigner_not_present(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    text = path.read_text(encoding="utf-8")
    # Mohammad Noori countersigns; strike him from beslutande
    text = re.sub(r"(?m)^    - name: Mohammad Noori\n", "", text, count=1)
    path.write_text(text, encoding="utf-8")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "countersigner Mohammad Noori was not present" in result.stdout


def test_unknown_name_and_signing_before_meeting(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2007-03-26.yaml"
    edit(path, "name: Martin Sebesta", "name: Martin Sebastian")
    edit(path, "date: 2007-03-29", "date: 2007-03-20")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "Martin Sebastian is not a member in members.yaml" in result.stdout
    assert "before the meeting" in result.stdout


def test_missing_members_yaml(shipped_root: Path) -> None:
    (shipped_root / "members.yaml").unlink()
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 2
    assert "not a kib data root" in result.output
    assert "Traceback" not in result.output


def test_folder_that_is_not_a_root(tmp_path: Path) -> None:
    result = run_kib("--root", str(tmp_path), "check")
    assert result.exit_code == 2
    assert "members.yaml" in result.stderr


def test_python_tag_is_refused(shipped_root: Path) -> None:
    marker = shipped_root / "pwned"
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"evil: !!python/object/apply:os.system ['touch {marker}']\n")
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "not allowed" in result.stdout or "tag" in result.stdout
    assert not marker.exists()


def test_strict_fails_on_warnings(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^    actions:\n(      .*\n)+", "", text)  # forget every uppdrag
    path.write_text(text, encoding="utf-8")
    relaxed = run_kib("--root", str(shipped_root), "check")
    assert relaxed.exit_code == 0
    assert "gives a task (\"Uppdrogs åt\") but records no uppdrag" in relaxed.stdout
    strict = run_kib("--root", str(shipped_root), "check", "--strict")
    assert strict.exit_code == 1


def test_footnote_marked_in_the_decision(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2010-11-04.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "decision: Kompetens- och integrationsberedningen lät notera den lämnade informationen till minnesanteckningarna.",
        'decision: Kompetens- och integrationsberedningen lät notera den lämnade informationen[^x] till minnesanteckningarna.\n    footnotes:\n      x: "Rapporten finns hos sekreteraren."',
        1,
    )
    path.write_text(text, encoding="utf-8")
    result = run_kib("--root", str(shipped_root), "check")
    assert "footnote" not in result.stdout, result.stdout
    assert "changed after signing (§ 10)" in result.stdout  # and the seal notices the edit


def test_backwards_time_is_an_error(shipped_root: Path) -> None:
    members = shipped_root / "members.yaml"
    edit(members, 'time: "17.30-19.30"', 'time: "19.30-17.30"')
    result = run_kib("--root", str(shipped_root), "check")
    assert result.exit_code == 1
    assert "ends before it starts" in result.stdout
    refused = run_kib("--root", str(shipped_root), "new-meeting", "--date", "2011-02-02")
    assert refused.exit_code != 0
    assert not (shipped_root / "meetings" / "2011-02-02.yaml").exists()
