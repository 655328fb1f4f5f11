"""`kib check` knows what kommunallagen asks of a protokoll: on the shipped Socialnämnden and on its mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_kib

EXAMPLE = REPO / "examples" / "socialnamnden"
FEBRUARY = "meetings/2026-02-10.yaml"
MARCH = "meetings/2026-03-10.yaml"
APRIL = "meetings/2026-04-14.yaml"


@pytest.fixture
def sn(tmp_path: Path) -> Path:
    """A copy of the example Socialnämnden that a test may break."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "socialnamnden"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line holding `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def check(root: Path) -> tuple[int, list[str]]:
    result = run_kib("--root", str(root), "check")
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout.splitlines()


def only(lines: list[str], *words: str) -> str:
    """The one reported line holding all `words`."""
    found = [line for line in lines if all(w in line for w in words)]
    assert len(found) == 1, (words, lines)
    return found[0]


def test_shipped_example_passes_with_no_errors() -> None:
    result = run_kib("--root", str(EXAMPLE), "check")
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.output and ": warning: " not in result.output
    assert "0 errors, 0 warnings" in result.output  # notes say which rule sealed the minutes


def test_a_missing_ballot_is_named_with_file_line_and_paragraph(sn: Path) -> None:
    path = sn / FEBRUARY
    ballots = line_of(path, "      ballots:")
    edit(path, "        Gustav Nyström: ja\n", "")
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "no ballot from Gustav Nyström")
    assert line.startswith(f"{FEBRUARY}:{ballots}:") and "error: § 3:" in line
    assert "10 ballots for 11 members taking part" in line


def test_a_ballot_from_an_ersattare_not_serving(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(path, "        Jonas Falk: ja\n", "        Jonas Falk: ja\n        Ali Karimi: nej\n")
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "Ali Karimi")
    assert line.startswith(f"{FEBRUARY}:{line_of(path, 'Ali Karimi: nej')}:")
    assert "§ 3: Ali Karimi is an ersättare present but not serving; only serving members vote" in line


def test_a_member_who_left_cannot_vote_later(sn: Path) -> None:
    """Johan Vik leaves after § 4; in § 5 Ingrid Dahl serves for him."""
    path = sn / FEBRUARY
    edit(
        path,
        "    decision: Socialnämnden beslutar enligt förvaltningens förslag, som antecknas",
        "    vote:\n      yes: bifall\n      no: avslag\n      ballots:\n        Johan Vik: nej\n"
        "    decision: Socialnämnden beslutar enligt förvaltningens förslag, som antecknas",
    )
    code, lines = check(sn)
    assert code == 1
    assert "§ 5: Johan Vik does not serve in this paragraph; only serving members vote" in only(lines, "Johan Vik")
    assert "Ingrid Dahl" in only(lines, "no ballot from")


def test_a_javig_member_who_votes(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(
        path,
        "    decision:\n      - Socialnämnden tillstyrker motionen.",
        "    disqualified:\n      - name: Omar Said\n    decision:\n      - Socialnämnden tillstyrker motionen.",
    )
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "jävig")
    assert line.startswith(f"{FEBRUARY}:{line_of(path, 'Omar Said: avstår')}:")
    assert "§ 3: Omar Said is jävig in this paragraph and may not vote; remove the ballot" in line


def test_a_javig_member_replaced_by_someone_already_serving(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(path, "        replaced_by: Eva Sten", "        replaced_by: Jonas Falk")
    code, lines = check(sn)
    assert code == 1
    assert "§ 4: Jonas Falk cannot serve for Omar Said" in only(lines, "cannot serve for")


def test_a_non_serving_ersattare_who_reserves(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(
        path,
        "          - Lisa Berg\n        text: till förmån",
        "          - Lisa Berg\n          - Ali Karimi\n        text: till förmån",
    )
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "Ali Karimi")
    assert line.startswith(f"{FEBRUARY}:{line_of(path, '- Ali Karimi')}:")
    assert "§ 3: Ali Karimi is an ersättare present but not serving in this paragraph" in line
    assert "only a member who took part in the decision may reserve" in line


def test_a_reservant_on_the_winning_side(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(
        path,
        "          - Lisa Berg\n        text: till förmån",
        "          - Lisa Berg\n          - Amir Haddad\n        text: till förmån",
    )
    code, lines = check(sn)
    assert code == 1
    assert "§ 3: Amir Haddad voted ja with the winning side" in only(lines, "Amir Haddad")


def test_a_reservant_who_did_not_take_part(sn: Path) -> None:
    path = sn / FEBRUARY
    edit(
        path,
        "      - Nils Åberg\n    decision: Norrvika",
        "      - Nils Åberg\n    reservations:\n      - by: [Nils Åberg]\n    decision: Norrvika",
    )
    code, lines = check(sn)
    assert code == 1
    assert "§ 4: Nils Åberg avstod från att delta i beslutet" in only(lines, "Nils Åberg")


def test_a_tie_needs_the_casting_vote_and_only_a_tie_has_one(sn: Path) -> None:
    edit(sn / FEBRUARY, "      casting_vote: ja\n", "")
    edit(sn / MARCH, "      result: Med 6", "      casting_vote: ja\n      result: Med 6")
    code, lines = check(sn)
    assert code == 1
    assert "§ 3: a tie, 5 ja against 5 nej; record the chair's casting vote" in only(lines, FEBRUARY, "tie")
    assert "§ 9: a casting vote without a tie (6 ja, 3 nej)" in only(lines, MARCH, "casting vote")


def test_typed_totals_must_agree_with_the_ballots(sn: Path) -> None:
    edit(sn / MARCH, "Med 6 ja-röster", "Med 7 ja-röster")
    code, lines = check(sn)
    assert code == 1
    assert "§ 9: the result says '7 ja' but the ballots count 6 ja" in only(lines, "result says")


def test_totals_cannot_be_typed_as_a_field(sn: Path) -> None:
    edit(sn / MARCH, "      result: Med 6", "      totals: {ja: 6, nej: 3}\n      result: Med 6")
    code, lines = check(sn)
    assert code == 1
    assert "unknown key 'totals'" in only(lines, "totals")


def test_beslutsforhet_more_than_half_must_serve(sn: Path) -> None:
    path = sn / APRIL
    for name in ("Per Lind", "Amir Haddad", "Lisa Berg", "Omar Said", "Johan Vik", "Helena Roos"):
        edit(path, f"    - name: {name}\n", f"    - name: {name}\n      to_paragraph: 12\n")
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "beslutsförhet")
    assert line.startswith(f"{APRIL}:{line_of(path, '- number: 13')}:")
    assert "§ 13: 5 of 11 ledamöter serve; the body may decide only when more than half (6) serve" in line


def test_the_number_of_justerare_and_that_they_were_present(sn: Path) -> None:
    edit(sn / APRIL, "  - name: Fatima Rahimi\nsigning:", "signing:")
    edit(sn / MARCH, "  - name: Johan Vik\nsigning:", "  - name: Gustav Nyström\nsigning:")
    code, lines = check(sn)
    assert code == 1
    assert "error: 1 justerare appointed; the body requires 2" in only(lines, APRIL, "justerare appointed")
    assert "justerare Gustav Nyström was not present" in only(lines, MARCH, "was not present")


def test_two_yrkanden_need_a_propositionsordning(sn: Path) -> None:
    path = sn / APRIL
    text = path.read_text(encoding="utf-8")
    start = text.index("    proposition_order:")
    path.write_text(text[:start] + text[text.index("    vote:", start) :], encoding="utf-8")
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "proposition_order")
    assert line.startswith(f"{APRIL}:{line_of(path, '    motions:')}:")
    assert "§ 12: 2 yrkanden but no proposition_order" in line


def test_a_yrkande_by_someone_not_serving(sn: Path) -> None:
    edit(sn / APRIL, "      - by: Nils Åberg\n", "      - by: Eva Sten\n")
    code, lines = check(sn)
    assert code == 1
    assert "§ 12: Eva Sten is an ersättare present but not serving and cannot move a yrkande" in only(lines, "Eva Sten")


def test_late_justering_warns_and_signatures_before_the_meeting_are_errors(sn: Path) -> None:
    path = sn / APRIL
    edit(
        path,
        "paragraphs:\n",
        "signed:\n  date: 2026-05-04\n  signatures:\n    - role: chair\n      name: Karin Ek\n      date: 2026-04-01\n"
        "paragraphs:\n",
    )
    code, lines = check(sn)
    assert code == 1
    assert "warning: justerat 2026-05-04, 20 days after the meeting" in only(lines, "days after the meeting")
    line = only(lines, "Karin Ek signed")
    assert line.startswith(f"{APRIL}:{line_of(path, 'date: 2026-04-01')}:")
    assert "error: Karin Ek signed 2026-04-01, before the meeting took place" in line


def test_a_nämnd_is_justerad_not_kontrasignerad(sn: Path, shipped_root: Path) -> None:
    edit(sn / APRIL, "verifiers:\n", "countersigner:\n  name: Per Lind\nverifiers:\n")
    _, lines = check(sn)
    assert "warning: a nämnd's protokoll is justerat: name the justerare under verifiers" in only(
        lines, "countersigner"
    )
    edit(
        shipped_root / "meetings" / "2007-03-26.yaml",
        "countersigner:\n",
        "verifiers:\n  - name: Anders Nordmark\ncountersigner:\n",
    )
    _, lines = check(shipped_root)
    assert "warning: a beredning's minutes are kontrasignerade" in only(lines, "verifiers")


def test_an_unknown_label_key_is_an_error_with_a_suggestion(sn: Path) -> None:
    path = sn / "members.yaml"
    edit(path, "  kind: nämnd\n", "  kind: nämnd\n  labels:\n    verifer: Justerare\n")
    code, lines = check(sn)
    assert code == 1
    line = only(lines, "verifer")
    assert line.startswith(f"members.yaml:{line_of(path, 'verifer:')}:")
    assert "unknown label 'verifer'; did you mean 'verifier'?" in line


def test_a_hand_over_between_paragraphs_is_allowed_but_not_an_overlap(sn: Path) -> None:
    """Ingrid Dahl serves for Johan Vik from § 5, after he left: fine; without his departure: not."""
    edit(sn / FEBRUARY, '      to_paragraph: 4\n      attendance: "till kl 14.40', '      attendance: "till kl 14.40')
    code, lines = check(sn)
    assert code == 1
    assert "Johan Vik is present, so nobody serves for them" in only(lines, "nobody serves")


def test_unquoted_yes_and_no_keys_are_words() -> None:
    from kib.record.yamlio import parse

    assert parse("vote:\n  yes: bifall\n  no: avslag\nflag: yes\n", Path("x.yaml")) == {
        "vote": {"yes": "bifall", "no": "avslag"},
        "flag": True,
    }


def test_a_misspelt_role_warns_and_a_body_s_own_role_does_not(sn: Path) -> None:
    path = sn / "members.yaml"
    edit(path, "    role: 1:e vice ordförande\n", "    role: 1:e vice ordförnde\n")
    edit(path, "  - name: Lisa Berg\n", "  - name: Lisa Berg\n    role: gruppledare\n")
    code, lines = check(sn)
    assert code == 0
    # the signed meetings keep the role as recorded, and say that members.yaml now differs (information)
    assert any(": info: Per Lind: members.yaml role is now '1:e vice ordförnde'" in x for x in lines)
    line = only([x for x in lines if ": info: " not in x], "role")
    assert line.startswith(f"members.yaml:{line_of(path, 'ordförnde')}:")
    assert "did you mean '1:e vice ordförande'?" in line


def test_appealable_needs_the_bodys_appeal_text(sn: Path) -> None:
    path = sn / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  appeal_text:")
    path.write_text(text[:start] + text[text.index("  record_kept_at:") :], encoding="utf-8")
    _, lines = check(sn)
    assert "warning: § 9 is appealable but members.yaml has no body.appeal_text" in only(lines, MARCH, "appealable")


def test_a_beredning_has_no_anslag(shipped_root: Path) -> None:
    edit(
        shipped_root / "meetings" / "2007-03-26.yaml", "paragraphs:\n", "announced:\n  date: 2007-03-30\nparagraphs:\n"
    )
    _, lines = check(shipped_root)
    assert "warning: a beredning's minutes are not announced on the anslagstavla" in only(lines, "announced")


def test_new_meeting_of_a_nämnd_proposes_its_justerare_by_rotation(sn: Path) -> None:
    result = run_kib("--root", str(sn), "new-meeting")
    assert result.exit_code == 0, result.output
    text = (sn / "meetings" / "2026-05-12.yaml").read_text(encoding="utf-8")
    assert "countersigner" not in text
    # Per Lind and Maja Strand are the first ledamöter (not the chair) who have not yet justerat
    assert (
        "verifiers:  # justerare proposed by rotation: who justerade least recently\n  - name: Per Lind\n  - name: Maja Strand\n"
        in text
    )
    code, lines = check(sn)
    assert code == 0, lines


def test_every_example_file_names_its_schema() -> None:
    files = [EXAMPLE / "members.yaml", EXAMPLE / "schedule.yaml", *sorted((EXAMPLE / "meetings").glob("*.yaml"))]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        assert (path.parent / first.split("$schema=")[1]).resolve().is_file(), path.name


def test_signatures_by_who_presided_and_the_appointed_justerare(sn: Path) -> None:
    path = sn / MARCH
    edit(path, "    - role: chair\n      name: Per Lind\n", "    - role: chair\n      name: Karin Ek\n")
    edit(path, "    - role: verifier\n      name: Johan Vik\n", "    - role: verifier\n      name: Lisa Berg\n")
    _, lines = check(sn)
    assert "warning: Karin Ek signed as ordförande but Per Lind presided" in only(lines, "signed as ordförande")
    assert "warning: Lisa Berg signed as justerare but was not appointed" in only(lines, "signed as justerare")
    assert "warning: justerare Johan Vik has not signed" in only(lines, "has not signed")
