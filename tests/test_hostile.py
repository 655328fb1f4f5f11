"""Hostile input is inert.

YAML tags that construct objects are refused before anything runs; meeting references that are not
meeting files are refused; oversized files and alias bombs are refused with a message saying so;
control characters are reported by `kib check` and never reach the terminal raw.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_kib
from filecheck import snapshot

MEETING = "meetings/2008-09-10.yaml"


def tag_lines(marker: Path) -> list[str]:
    """Values that would create `marker` if a YAML loader constructed them."""
    return [
        f"evil: !!python/object/apply:os.system ['touch {marker}']",
        f"evil: !!python/object/apply:builtins.open ['{marker}', 'w']",
        f"evil: !!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        f"evil: !!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
        f"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nevil: !p!os.system ['touch {marker}']",
        f"evil:\n  <<: !!python/object/apply:os.system ['touch {marker}']",
        "evil: !!python/name:os.system",
        "evil: !!python/module:os",
    ]


@pytest.mark.parametrize("target", [MEETING, "members.yaml", "schedule.yaml"])
@pytest.mark.parametrize("which", range(8))
def test_object_tags_are_refused_and_nothing_runs(shipped_root: Path, tmp_path: Path, target: str, which: int) -> None:
    marker = tmp_path / "executed"
    line = tag_lines(marker)[which]
    path = shipped_root / target
    text = path.read_text(encoding="utf-8")
    if line.startswith("%TAG"):
        path.write_text(line + "\n" + text.split("\n", 1)[1], encoding="utf-8")  # a directive must come first
    else:
        path.write_text(text + line + "\n", encoding="utf-8")
    before = snapshot(shipped_root)
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    refusal = "YAML tags that construct objects are not allowed" if "<<" not in line else "'<<' alone is not a value"
    assert re.search(rf"{re.escape(target)}:\d+:\d+: error: invalid YAML: .*{re.escape(refusal)}", check.stdout), (
        check.stdout
    )
    edit = run_kib("--root", str(shipped_root), "action", "add", "2008-09", "16", "--owner", "Lennart J", "--task", "x")
    done = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01")
    for result in (edit, done):
        if target != "schedule.yaml":  # these commands do not need schedule.yaml
            assert result.exit_code == 1 and Path(target).name in result.stderr, result.output
    assert not marker.exists(), "a YAML tag was executed"
    if target != "schedule.yaml":
        assert snapshot(shipped_root) == before


@pytest.mark.parametrize("target", [MEETING, "members.yaml"])
@pytest.mark.parametrize("value", ["!!map [1]", "!!map x", "!!set [a]", "!!set x", "!!map\n  - 1", "!!seq {a: 1}"])
def test_a_standard_tag_that_does_not_fit_its_value_is_named(shipped_root: Path, target: str, value: str) -> None:
    # found by the fuzz tests: `!!map` on a list made the loader fail inside PyYAML (exit 70)
    path = shipped_root / target
    path.write_text(path.read_text(encoding="utf-8") + f"extra: {value}\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n") - value.count("\n")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1, check.output
    assert re.search(
        rf"{re.escape(target)}:{line}:\d+: error: invalid YAML: expected a (mapping|sequence) node", check.stdout
    ), check.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("sign", "../../etc/passwd"),
        ("sign", "../../../../../../etc/passwd", "--amend", "--reason", "x"),
        ("action", "add", "../../etc/passwd", "1", "--owner", "Lennart J", "--task", "x"),
        ("sign", "meetings/../members.yaml/../../x"),
        ("sign", "2008-09/../../.."),
    ],
)
def test_meeting_reference_that_is_not_a_meeting_file(shipped_root: Path, args: tuple[str, ...]) -> None:
    before = snapshot(shipped_root)
    result = run_kib("--root", str(shipped_root), *args)
    assert result.exit_code == 2
    assert "is not a meeting file" in result.stderr and "YYYY-MM" in result.stderr
    assert snapshot(shipped_root) == before


def test_explicit_meeting_path_outside_the_root_is_used_as_given(shipped_root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "2008-09-10.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((shipped_root / MEETING).read_bytes())
    before = snapshot(shipped_root)
    result = run_kib(
        "--root", str(shipped_root), "action", "add", str(elsewhere), "16", "--owner", "Lennart J", "--task", "Explicit"
    )
    assert result.exit_code == 0, result.output
    assert "task: Explicit" in elsewhere.read_text(encoding="utf-8")
    assert snapshot(shipped_root) == before  # the root's own meeting is untouched


@pytest.mark.parametrize("target", [MEETING, "members.yaml", "schedule.yaml", "meetings/2011-01-12.yaml"])
def test_ten_megabyte_file_is_refused_with_the_size(shipped_root: Path, target: str) -> None:
    path = shipped_root / target
    head = b"date: 2011-01-12\nnote: |\n"
    line = b"  " + b"y" * 97 + b"\n"
    body = line * ((10_000_000 - len(head)) // len(line))
    path.write_bytes(head + body + b" " * (10_000_000 - len(head) - len(body) - 1) + b"\n")
    assert path.stat().st_size == 10_000_000
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert f"{target}: error: file is 10.0 MB; kib reads YAML files up to 2.0 MB" in check.stdout
    if target != "schedule.yaml":
        refused = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2008-10-01")
        assert refused.exit_code in (1, 2) and "file is 10.0 MB" in refused.stderr


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        (
            "\n".join(["a0: &a0 [lol]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]),
            "more than 200000 values once aliases (*name) are followed",
        ),
        ("long: &l " + "x" * 1_500_000 + "\nmany: [" + ", ".join(["*l"] * 20) + "]", "characters of text"),
        ("self: &s [*s]", "more than 200000 values"),
    ],
    ids=["billion-laughs", "long-text-repeated", "self-reference"],
)
def test_alias_bombs_are_refused(shipped_root: Path, bomb: str, message: str) -> None:
    path = shipped_root / MEETING
    path.write_text(path.read_text(encoding="utf-8") + bomb + "\n", encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert f"{MEETING}: error: document holds more than" in check.stdout
    assert message in check.stdout


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("title: Innovationsarbete i Nacka kommun", 'title: "Innovations\\aarbete i Nacka kommun"', "title"),
        ("owner: Lennart J", 'owner: "Lennart\\x1bJ"', "owner"),
        ("    - name: Inger Bäcklund", '    - name: "Inger\\x00Bäcklund"', "name"),
        ("presenter: Vilma Mori", 'presenter: "Vilma\\x0cMori"', "presenter"),
        ('  "1": En kompetens', '  "1\\x07": En kompetens', "footnote key"),
        ("note: The meeting date", 'note: "\\uFFFE" # The meeting date', "note"),
    ],
)
def test_escaped_control_characters_are_reported_where_they_are(
    shipped_root: Path, old: str, new: str, where: str
) -> None:
    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    assert old in text
    lines = text.split("\n")
    line = next(i for i, line in enumerate(lines) if old in line) + 1
    if where == "note":
        lines[line - 1] = new
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert re.search(rf"{MEETING}:{line}:\d+: error: contains the control character U\+[0-9A-F]{{4}}", check.stdout), (
        check.stdout
    )


def test_raw_control_character_names_file_line_and_column(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    path.write_text(
        path.read_text(encoding="utf-8").replace("Innovationsarbete", "Innovations\x07arbete", 1), encoding="utf-8"
    )
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").split("\n")) if "\x07" in text) + 1
    column = path.read_text(encoding="utf-8").split("\n")[line - 1].index("\x07") + 1
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert f"{MEETING}:{line}:{column}: error: invalid YAML: the character U+0007 is not allowed" in check.stdout


def test_control_characters_in_members_yaml_are_reported(shipped_root: Path) -> None:
    path = shipped_root / "members.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("place: Nacka stadshus", 'place: "Nacka\\vstadshus"', 1),
        encoding="utf-8",
    )
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert re.search(r"members\.yaml:\d+:\d+: error: contains the control character U\+000B", check.stdout), (
        check.stdout
    )


def test_terminal_escapes_from_a_file_never_reach_the_terminal_raw(shipped_root: Path) -> None:
    """A name holding ESC [2J (clear screen) or a line break is shown escaped, on one line."""
    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    - name: Eva Närvä-Eickenrodt", '    - name: "Eva\\e[2J\\nmeetings/x.yaml:1: error: falsk"', 1
        ),
        encoding="utf-8",
    )
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert "\x1b" not in check.output
    assert not any(line.startswith("meetings/x.yaml") for line in check.stdout.splitlines())
    assert "Eva\\x1b[2J\\x0ameetings/x.yaml:1: error: falsk is not a member" in check.stdout
    # typed on the command line, it is refused; already in a file, it is shown escaped
    refused = run_kib(
        "--root", str(shipped_root), "action", "add", "2010-11", "11", "--owner", "Eva", "--task", "a\x1b[31mb"
    )
    assert refused.exit_code == 2 and "\x1b" not in refused.output
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("task: Kontakta Vilma M", 'task: "a\\e[31mb Kontakta Vilma M', 1).replace(
            "med en av hennes företagsträffar.\n", 'med en av hennes företagsträffar."\n', 1
        ),
        encoding="utf-8",
    )
    done = run_kib("--root", str(shipped_root), "action", "done", "2008-16-1", "--date", "2010-11-05")
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.output and "a\\x1b[31mb" in done.stdout


def test_markdown_register_keeps_one_row_per_uppdrag(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    text = path.read_text(encoding="utf-8")
    task = '"Röd \\e[31mTEXT\\e[0m\\nandra raden | med streck"'
    path.write_text(
        text.replace(
            "task: Göra förslag till sammanträdestider för 2009 enligt ovan (onsdagar, kl. 17.30); beslut fattas nästa gång.",
            f"task: {task}",
            1,
        ),
        encoding="utf-8",
    )
    table = run_kib("--root", str(shipped_root), "open-actions", "--format", "markdown")
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.stdout
    rows = [line for line in table.stdout.splitlines() if "2008-17-1" in line]
    assert len(rows) == 1 and rows[0].count(" | ") == 5 and "andra raden \\| med streck" in rows[0], rows
