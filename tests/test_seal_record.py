"""The seal covers everything a signed document prints, and corrections are chained.

At signing, kib keeps in the meeting file what the documents take from members.yaml and the sha256 of
every picture; a signed meeting renders from that record, so a later change to members.yaml cannot
rewrite it, and `kib check` names the difference as information. A changed picture, a removed or
reworded correction, and a meeting `kib check` would reject are caught; `kib sign` is all or nothing.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import docx
import pytest
import yaml
from conftest import run_kib
from filecheck import snapshot

MEETING = "meetings/2008-09-10.yaml"


def words(path: Path) -> str:
    """Every text of a Word document as python-docx reads it: body, tables, headers and footers."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
        for table in section.header.tables + section.footer.tables:
            texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def render(root: Path, ref: str) -> str:
    result = run_kib("--root", str(root), "render", "minutes", ref, "--force")  # made again after each change
    assert result.exit_code == 0, result.output
    return words(Path(result.stdout.strip().splitlines()[0]))


def rewrite_members(root: Path, pairs: list[tuple[str, str]]) -> None:
    path = root / "members.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


MEMBERS_CHANGES = [
    ("    party: m\n    role: ordförande", "    party: s\n    role: ordförande"),  # the chair's party
    ("    title: stadsdirektör", "    title: kommundirektör"),  # an official's title
    ("- name: Inger Bäcklund", "- name: Ingrid Bäcklund"),  # the secretary renamed
    ("kontrasignerade av en annan ledamot", "kontrasignerade av två ledamöter"),  # the statement's wording
    ("    - Gymnasie- och vuxenutbildningsnämnden", "    - Utbildningsnämnden"),  # a heading line
    ("  place: Nacka stadshus", "  place: Fisksätra"),  # the default place
    ("      - Lennart J\n", "      - Lennart B\n"),  # a short form moved away
    ("  print_actions: false", "  print_actions: true"),  # whether the uppdrag are listed in the minutes
]


def test_a_signed_document_keeps_what_it_printed_when_members_yaml_changes(shipped_root: Path) -> None:
    before = render(shipped_root, "2008-09")
    assert "Nacka stadshus" in before and "Inger Bäcklund" in before and "Gymnasie- och vuxen" in before
    assert "Uppdrag:" not in before  # the committee's minutes state their uppdrag in their own words
    rewrite_members(shipped_root, MEMBERS_CHANGES)
    assert render(shipped_root, "2008-09") == before
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 0, check.output
    infos = [line for line in check.stdout.splitlines() if ": info: " in line and line.startswith(MEETING)]
    for expected in (
        "Eva Närvä-Eickenrodt: members.yaml party is now 's', the record 'm'",
        "Lennart Jonasson: members.yaml title is now 'kommundirektör', the record 'stadsdirektör'",
        "Inger Bäcklund is no longer in members.yaml",
        "members.yaml body.signed_statement is now",
        "members.yaml body.heading_lines is now ['Utbildningsnämnden']",
        "members.yaml body.place is now 'Fisksätra', the record 'Nacka stadshus'",
        "Lennart Jonasson: members.yaml short is now",
        "members.yaml body.print_actions is now True, the record False",
    ):
        assert any(expected in line and line.endswith("the signed minutes keep the record") for line in infos), (
            expected,
            infos,
        )
    assert all(re.match(rf"{MEETING}:\d+:\d+: info: ", line) for line in infos)


def test_an_unsigned_meeting_follows_members_yaml(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    before = render(shipped_root, "2010-12-02")
    rewrite_members(shipped_root, MEMBERS_CHANGES[:2])
    after = render(shipped_root, "2010-12-02")
    assert "Eva Närvä-Eickenrodt (m)" in before and "Eva Närvä-Eickenrodt (s)" in after
    assert "kommundirektör" in after and "kommundirektör" not in before


def test_signing_keeps_the_record_and_a_changed_record_breaks_the_seal(shipped_root: Path) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('    text: ""', "    text: Inga.", 1), encoding="utf-8")
    signed = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-07")
    assert signed.exit_code == 0, signed.output
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["record"]
    assert record["body"]["organisation"] == "Nacka kommun"
    meeting = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert ("place" in record["body"]) == ("place" not in meeting)  # a default only when the meeting uses it
    assert {"name": "Eva Närvä-Eickenrodt", "party": "m", "role": "ordförande", "short": ["Eva"]} in record["members"]
    assert any(o["name"] == "Inger Bäcklund" and o.get("secretary") for o in record["officials"])
    assert run_kib("--root", str(shipped_root), "check").exit_code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        party: m\n        role: ordförande", "        party: s\n        role: ordförande", 1), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert re.search(r"meetings/2010-12-02.yaml:\d+:\d+: error: signed minutes changed after signing \(record\)", check.stdout)


def test_signing_keeps_a_secretary_known_by_title_alone(shipped_root: Path) -> None:
    """Without `secretary: true`, the official titled sekreterare keeps the minutes: the record keeps her
    even when the meeting does not name her, and the signed minutes still print her under Sekreterare."""
    rewrite_members(shipped_root, [("    attends: true\n    secretary: true\n", "    attends: true\n")])
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    text = path.read_text(encoding="utf-8").replace("    - name: Inger Bäcklund\n", "", 1)
    path.write_text(text.replace('    text: ""', "    text: Inga.", 1), encoding="utf-8")
    assert "Bäcklund" not in path.read_text(encoding="utf-8")
    assert run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-07").exit_code == 0
    record = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["record"]
    assert "Inger Bäcklund" in [o["name"] for o in record["officials"]]
    assert "Inger Bäcklund" in render(shipped_root, "2010-12-02")  # printed from the record, at the signature


def test_old_signed_minutes_without_a_record_are_warned_about_and_given_one(shipped_root: Path) -> None:
    path = shipped_root / MEETING
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("  record:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    stop = next(i for i in range(end, len(lines)) if not lines[i].startswith(" "))
    # as the committee's minutes were before kib kept a record: the seal of the signing, no record
    del lines[start:stop]
    old = "\n".join(lines).replace(f"    record: {data['signed']['parts']['record']}\n", "")
    path.write_text(old, encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 0, check.output
    assert re.search(rf"{MEETING}:\d+:\d+: warning: signed minutes keep no record", check.stdout)
    amend = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "Uppgifterna bevarade")
    assert amend.exit_code == 0, amend.output
    assert "(record added)" in amend.stdout
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 0 and "keep no record" not in check.stdout


def _png(red: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([red, 0, 0]) * 4 for _ in range(2))
    header = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_a_changed_picture_of_a_signed_bilaga_is_an_error(mini_root: Path) -> None:
    picture = mini_root / "meetings" / "bild.png"
    picture.write_bytes(_png(255))
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    image: bild.png\n", encoding="utf-8")
    signed = run_kib("--root", str(mini_root), "sign", "2024-03", "--date", "2024-03-18")
    assert signed.exit_code == 0, signed.output
    pictures = yaml.safe_load(path.read_text(encoding="utf-8"))["signed"]["pictures"]
    assert list(pictures) == ["bild.png"] and pictures["bild.png"].startswith("sha256:")
    assert run_kib("--root", str(mini_root), "check").exit_code == 0
    picture.write_bytes(_png(0))  # another picture under the same name
    check = run_kib("--root", str(mini_root), "check")
    assert check.exit_code == 1
    assert re.search(
        r"meetings/2024-03-13.yaml:\d+:\d+: error: the picture bild.png of bilaga 1 changed after signing", check.stdout
    ), check.stdout
    amend = run_kib("--root", str(mini_root), "sign", "2024-03", "--amend", "--reason", "Skarpare bild")
    assert amend.exit_code == 0, amend.output
    assert "(pictures)" in amend.stdout
    assert run_kib("--root", str(mini_root), "check").exit_code == 0


def _two_corrections(root: Path) -> Path:
    from test_seal import change_part

    path = root / MEETING
    for n, part in enumerate(("§ 14", "§ 15")):
        path.write_text(change_part(path.read_text(encoding="utf-8"), part), encoding="utf-8")
        amend = run_kib("--root", str(root), "sign", "2008-09", "--amend", "--reason", f"Rättelse {n + 1}")
        assert amend.exit_code == 0, amend.output
    assert run_kib("--root", str(root), "check").exit_code == 0
    return path


def _amendment_blocks(text: str) -> list[tuple[int, int]]:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("    - date: ")]
    ends = [*starts[1:], next(i for i in range(starts[-1] + 1, len(lines)) if not lines[i].startswith("      "))]
    return list(zip(starts, ends, strict=True))


@pytest.mark.parametrize("which", [1, 2])
def test_a_removed_correction_is_named(shipped_root: Path, which: int) -> None:
    path = _two_corrections(shipped_root)
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = _amendment_blocks("\n".join(lines))[which]  # 0 is the record's, kept for the committee
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    if which == 1:  # from the middle: the chain breaks at the one after it
        assert "error: correction 2 of the signed minutes" in check.stdout and "Rättelse 2" in check.stdout
    else:  # the last: the text does not match the last correction's fingerprint
        assert "signed minutes changed after signing" in check.stdout


def test_a_reworded_correction_is_named(shipped_root: Path) -> None:
    path = _two_corrections(shipped_root)
    path.write_text(path.read_text(encoding="utf-8").replace("reason: Rättelse 1", "reason: Rättelse ett", 1), encoding="utf-8")
    check = run_kib("--root", str(shipped_root), "check")
    assert check.exit_code == 1
    assert re.search(rf"{MEETING}:\d+:\d+: error: correction 2 of the signed minutes .*Rättelse ett", check.stdout)
    # and kib adds no correction on top of a broken chain
    refused = run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "x")
    assert refused.exit_code != 0


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ("  - number: 13\n    title: Tillägg\n    text: Något sades.\n", "§ 13 appears twice (lines 27 and 30); renumber one of them"),
        ("  - number: 14\n    title: Tomt ärende\n", "§ 14 is empty (no text, no decision); write it or delete it before signing"),
    ],
    ids=["two-paragraphs-numbered-13", "empty-paragraph"],
)
def test_sign_refuses_what_check_rejects_and_changes_nothing(shipped_root: Path, added: str, expected: str) -> None:
    assert run_kib("--root", str(shipped_root), "new-meeting", "--date", "2010-12-02").exit_code == 0
    path = shipped_root / "meetings" / "2010-12-02.yaml"
    text = path.read_text(encoding="utf-8").replace('    text: ""', "    text: Inga.", 1)
    path.write_text(text + added, encoding="utf-8")
    before = snapshot(shipped_root)
    result = run_kib("--root", str(shipped_root), "sign", "2010-12-02", "--date", "2010-12-07")
    assert result.exit_code == 1
    assert re.search(rf"meetings/2010-12-02.yaml:\d+:\d+: error: {re.escape(expected)}", result.stderr), result.stderr
    assert snapshot(shipped_root) == before


def test_keeping_the_record_prints_no_correction_but_a_correction_does(shipped_root: Path) -> None:
    from test_seal import change_part

    assert "Rättelse" not in render(shipped_root, "2008-09")  # the record kept later changed nothing printed
    path = shipped_root / MEETING
    path.write_text(change_part(path.read_text(encoding="utf-8"), "§ 14"), encoding="utf-8")
    assert run_kib("--root", str(shipped_root), "sign", "2008-09", "--amend", "--reason", "Stavfel").exit_code == 0
    assert "Stavfel" in render(shipped_root, "2008-09")


def test_imported_signed_minutes_keep_a_record_too(tmp_path: Path) -> None:
    import shutil

    from conftest import REPO

    root = tmp_path / "root"
    (root / "meetings").mkdir(parents=True)
    shutil.copy2(REPO / "members.yaml", root / "members.yaml")
    source = Path(__file__).resolve().parent / "data" / "minutes" / "2007-03-26.txt"
    assert run_kib("--root", str(root), "import", str(source)).exit_code == 0
    signed = yaml.safe_load((root / "meetings" / "2007-03-26.yaml").read_text(encoding="utf-8"))["signed"]
    assert signed["record"]["body"]["organisation"] == "Nacka kommun" and "record" in signed["parts"]
    check = run_kib("--root", str(root), "check")
    assert "keep no record" not in check.stdout and ": error: " not in check.stdout, check.stdout


@pytest.mark.parametrize(
    ("folder", "ref"),
    [
        *((".", p.stem) for p in sorted((Path(__file__).resolve().parent.parent / "meetings").glob("*.yaml"))),
        ("examples/socialnamnden", "2026-02-10"),
        ("examples/socialnamnden", "2026-03-10"),
    ],
)
def test_the_record_prints_exactly_what_members_yaml_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, ref: str
) -> None:
    """As long as members.yaml is unchanged, a document made from the record is word for word the one
    made from members.yaml: the record left out nobody and nothing the document prints."""
    import shutil

    from conftest import REPO, copy_data_root

    import kib.record.seal

    root = tmp_path / "root"
    if folder == ".":
        copy_data_root(root)
    else:
        shutil.copytree(REPO / folder, root, ignore=shutil.ignore_patterns("output", ".kib-cache"))
    from_record = render(root, ref)
    monkeypatch.setattr(kib.record.seal, "effective_members", lambda body, meeting: body.members)
    assert render(root, ref) == from_record
