"""The messages a secretary meets while writing a meeting file: each names the line and says what to do
in the secretary's words, never the YAML parser's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_kib

DRAFT = """\
date: 2010-12-02
time: "17.30-19.30"
presiding: Eva Närvä-Eickenrodt
attendees:
  members:
    - name: Eva Närvä-Eickenrodt
    - name: Jan-Eric Jansson
    - name: Anders Nordmark
countersigner:
  name: Jan-Eric Jansson
signing:
  date: 2010-12-07
  time: "08.00"
paragraphs:
  - number: 13
    title: Rapport
    text: |
      Sekreteraren rapporterade.
      Beredningen diskuterade.
    decision: Att notera informationen.
  - number: 14
    title: Övriga frågor
    text: Inga.
"""
FILE = "meetings/2010-12-02.yaml"


@pytest.fixture
def draft(shipped_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An unsigned meeting after the committee's minutes, as a secretary writes it."""
    path = shipped_root / FILE
    path.write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(shipped_root)
    return path


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_lines() -> tuple[int, list[str]]:
    result = run_kib("check")
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.stdout.splitlines() if line.startswith(FILE)]


def test_the_draft_is_clean(draft: Path) -> None:
    assert check_lines() == (0, [])


# ---------------------------------------------------------------- numbers where a text belongs


def test_unquoted_time_is_to_be_quoted_as_typed(draft: Path) -> None:
    rewrite(draft, '  time: "08.00"', "  time: 08.00")
    rewrite(draft, 'time: "17.30-19.30"', "time: 17.30")
    code, lines = check_lines()
    assert code == 1
    assert f'{FILE}:2:1: error: expected a text, found the number 17.3; put it in quotes: "17.30"' in lines
    assert f'{FILE}:13:3: error: expected a text, found the number 8.0; put it in quotes: "08.00"' in lines


def test_quoting_as_advised_gives_no_new_error(draft: Path) -> None:
    rewrite(draft, '  time: "08.00"', "  time: 08.00")
    advice = check_lines()[1][0].rsplit("put it in quotes: ", 1)[1]
    rewrite(draft, "  time: 08.00", f"  time: {advice}")
    assert check_lines() == (0, [])


# ---------------------------------------------------------------- the parser's words, translated


def test_deleted_paragraphs_line(draft: Path) -> None:
    rewrite(draft, "paragraphs:\n", "")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:14:3: error: invalid YAML: a list item ('- …') where a key was expected: is the line naming "
        "the list (such as 'paragraphs:') missing above it, or is the item indented wrongly?"
    ]


def test_text_line_indented_less_than_its_text(draft: Path) -> None:
    rewrite(draft, "      Beredningen diskuterade.", "    Beredningen diskuterade.")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:19:5: error: invalid YAML: this line is neither 'key: value' nor part of a text: indent it like "
        "the text lines above it (a text after 'text: |' goes further in than 'text:')"
    ]


def test_a_bullet_typed_as_far_out_as_the_paragraphs_is_named(draft: Path) -> None:
    # YAML reads it as a new paragraph whose text runs on into 'decision:', and complains only there
    rewrite(draft, "      Beredningen diskuterade.", "  - Beredningen diskuterade.")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:19:3: error: invalid YAML: this bullet stands outside the text above it, so YAML reads it as a "
        "new list item and the lines after it as its text: indent it like the text lines above it"
    ]


def test_key_indented_further_than_its_neighbours(draft: Path) -> None:
    rewrite(draft, "    text: |", "      text: |")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:17:7: error: invalid YAML: 'text:' is indented further than line 16, so it reads as part of "
        "that line's value: line it up with the keys above it"
    ]


def test_key_indented_less_than_its_neighbours(draft: Path) -> None:
    rewrite(draft, "    title: Övriga frågor", "   title: Övriga frågor")
    code, lines = check_lines()
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{FILE}:22:4: error: invalid YAML: this line is not lined up with the keys above it")


def test_colon_inside_a_title(draft: Path) -> None:
    rewrite(draft, "title: Rapport", "title: Rapport: hösten")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:16:5: error: invalid YAML: the text contains ': '; put it in quotes: title: \"Rapport: hösten\""
    ]


def test_missing_space_after_a_colon(draft: Path) -> None:
    rewrite(draft, "presiding: Eva", "presiding:Eva")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:3:11: error: invalid YAML: put a space after the colon on line 3: 'presiding: Eva Närvä-Eickenrodt'"
    ]


def test_no_parser_words_reach_the_secretary(draft: Path) -> None:
    for old, new in [
        ("paragraphs:\n", ""),
        ("      Beredningen", "    Beredningen"),
        ("      Beredningen", "  - Beredningen"),
        ("    text: |", "      text: |"),
        ("title: Rapport", "title: Rapport: x"),
    ]:
        draft.write_text(DRAFT, encoding="utf-8")
        rewrite(draft, old, new)
        output = run_kib("check").output
        for words in ("did not find expected", "mapping values are not allowed", "could not find expected"):
            assert words not in output, (old, output)


# ---------------------------------------------------------------- paragraphs


def test_a_repeated_paragraph_number_says_where_both_are(draft: Path) -> None:
    rewrite(draft, "  - number: 14", "  - number: 13")
    code, lines = check_lines()
    assert code == 1
    assert lines == [f"{FILE}:21:5: error: § 13 appears twice (lines 15 and 21); renumber one of them"]


def test_an_empty_paragraph_warns_and_cannot_be_signed(draft: Path) -> None:
    rewrite(draft, "    text: Inga.\n", '    text: ""\n')
    code, lines = check_lines()
    assert code == 0
    assert lines == [
        f"{FILE}:21:5: warning: § 14 is empty (no text, no decision); write it or delete it before signing"
    ]
    before = draft.read_bytes()
    sign = run_kib("sign", "2010-12-02", "--date", "2010-12-07")
    assert sign.exit_code == 1
    assert sign.stderr.strip() == (
        f"{FILE}:21:5: error: § 14 is empty (no text, no decision); write it or delete it before signing"
    )
    assert draft.read_bytes() == before


def test_an_empty_paragraph_in_signed_minutes_is_an_error(draft: Path) -> None:
    rewrite(draft, "    text: Inga.\n", '    text: ""\n')
    draft.write_text(draft.read_text(encoding="utf-8") + "signed:\n  date: 2010-12-07\n", encoding="utf-8")
    code, lines = check_lines()
    assert code == 1
    assert (
        f"{FILE}:21:5: error: § 14 is empty (no text, no decision) but the minutes are signed; write it and "
        'record the correction with `kib sign 2010-12-02 --amend --reason "…"`'
    ) in lines


# ---------------------------------------------------------------- people


def test_role_words_name_their_holder(draft: Path) -> None:
    for owner, task in [("ordföranden", "A"), ("vice ordföranden", "B"), ("sekreteraren", "C")]:
        result = run_kib("action", "add", "2010-12-02", "13", "--owner", owner, "--task", task)
        assert result.exit_code == 0, result.output
    assert check_lines() == (0, [])
    listed = json.loads(run_kib("open-actions", "--format", "json").stdout)
    owners = {item["task"]: item["owner"] for item in listed if item["meeting"] == "2010-12-02"}
    assert owners == {"A": "Eva Närvä-Eickenrodt", "B": "Jan-Eric Jansson", "C": "Inger Bäcklund"}


def test_misspelt_member_and_owner_get_a_suggestion(draft: Path) -> None:
    rewrite(draft, "    - name: Anders Nordmark", "    - name: Anders Nordmarck")
    rewrite(
        draft,
        "    decision: Att notera informationen.\n",
        "    decision: Att notera informationen.\n    actions:\n      - owner: Lennart Jonason\n        task: X\n",
    )
    code, lines = check_lines()
    assert code == 1
    assert (
        f"{FILE}:8:7: error: Anders Nordmarck is not a member in members.yaml; add them there or correct the "
        "spelling; did you mean Anders Nordmark?"
    ) in lines
    assert any(
        line.endswith("use a name listed there; did you mean Lennart Jonasson?") and ": warning: owner" in line
        for line in lines
    ), lines
    added = run_kib("action", "add", "2010-12-02", "14", "--owner", "Inger Bäckland", "--task", "Y")
    assert added.exit_code == 2
    assert "did you mean Inger Bäcklund?" in added.stderr


def test_countersigner_may_not_be_the_presiding_member(draft: Path) -> None:
    rewrite(draft, "  name: Jan-Eric Jansson", "  name: Eva Närvä-Eickenrodt")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:10:3: error: countersigner Eva Närvä-Eickenrodt presided over the meeting; the minutes are "
        "countersigned by another member present"
    ]
    rewrite(draft, "presiding: Eva Närvä-Eickenrodt\n", "")  # the ordförande presides when the file names nobody
    assert check_lines()[0] == 1


def test_with_the_ordforande_absent_the_countersigner_may_be_anyone_else_present(draft: Path) -> None:
    rewrite(draft, "presiding: Eva Närvä-Eickenrodt\n", "")
    rewrite(draft, "    - name: Eva Närvä-Eickenrodt\n", "")
    assert check_lines() == (0, [])


def test_countersigner_must_be_present_for_the_paragraphs_countersigned(draft: Path) -> None:
    rewrite(draft, "    - name: Jan-Eric Jansson\n", "    - name: Jan-Eric Jansson\n      attendance: § 14\n")
    code, lines = check_lines()
    assert code == 1
    assert lines == [
        f"{FILE}:11:3: error: countersigner Jan-Eric Jansson was present for § 14 only but countersigns §§ 13–14; "
        "choose a member present for all of them, or give the paragraphs under countersigner: paragraphs"
    ]
    rewrite(draft, "  name: Jan-Eric Jansson\n", '  name: Jan-Eric Jansson\n  paragraphs: "14"\n')
    assert check_lines() == (0, [])
