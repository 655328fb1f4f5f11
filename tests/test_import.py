"""`kib import`: the committee's minutes and a nämnd's protokoll back into meeting files.

What a secretary would notice is tested: the words of the original in the rendered minutes, the
facts that land in fields (attendance, decisions, votes, uppdrag), the bytes of files never
overwritten, and one line for a broken file while the others are imported.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_kib
from words import document_text, minutes_recall

from kib.body.committee import Committee
from kib.body.people import Directory, normalise
from kib.record import model
from kib.record.store import load_file, open_root

DATA = Path(__file__).resolve().parent / "data"
MINUTES = sorted((DATA / "minutes").glob("*.txt"))
PROTOKOLL = DATA / "protokoll" / "socialnamnden-2026-05-12.txt"
NAMND = REPO / "examples" / "socialnamnden"


def empty_root(tmp_path: Path, members: Path = REPO / "members.yaml") -> Path:
    """A data root with the body's members.yaml and no meetings yet."""
    root = tmp_path / "root"
    (root / "meetings").mkdir(parents=True)
    shutil.copy2(members, root / "members.yaml")
    return root


def meeting(root: Path, date: str) -> model.Meeting:
    loaded = load_file(root / "meetings" / f"{date}.yaml", model.Meeting)
    assert loaded.ok, [p.message for p in loaded.problems]
    return loaded.value


def check_errors(root: Path) -> list[str]:
    result = run_kib("--root", str(root), "check")
    return [line for line in result.output.splitlines() if ": error:" in line]


# ---------------------------------------------------------------- the committee's minutes, as text


@pytest.mark.parametrize("original", MINUTES, ids=lambda p: p.stem)
def test_the_committees_minutes_import_with_their_words_in_order(tmp_path: Path, original: Path) -> None:
    root = empty_root(tmp_path)
    result = run_kib("--root", str(root), "import", str(original))
    assert result.exit_code == 0, result.output
    date = original.stem
    assert (root / "meetings" / f"{date}.yaml").exists()
    out = tmp_path / f"{date}.docx"
    rendered = run_kib("--root", str(root), "render", "minutes", date, "-o", str(out))
    assert rendered.exit_code == 0, rendered.output
    assert minutes_recall(date, out) >= 0.97
    assert check_errors(root) == []


def test_imported_minutes_carry_the_header_decisions_and_seal(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    assert run_kib("--root", str(root), "import", str(DATA / "minutes" / "2007-03-26.txt")).exit_code == 0
    m = meeting(root, "2007-03-26")
    assert (m.place, m.time, m.presiding, m.paragraph_format) == ("Nacka Stadshus", "17.00-19.00", "Jan-Eric Jansson", "{number}.")
    assert [a.name for a in m.attendees.members] == [
        "Jan-Eric Jansson", "Anders Nordmark", "Martin Sebesta", "Lars Linder-Aronson", "Mohammad Noori", "Johan Kjellman",
    ]
    assert m.attendees.members[3].attendance == "till kl 18.15"
    assert [o.name for o in m.attendees.others] == ["Lennart Jonasson", "Inger Bäcklund"]
    assert m.countersigner == model.Countersigner("Mohammad Noori", "5-6")
    assert m.signing is not None and str(m.signing.date) == "2007-03-29" and m.signing.time == "08.00"
    assert [(p.number, p.title) for p in m.paragraphs] == [(5, "Fler friska företagsamma nackabor"), (6, "Sammanträdestider 2007")]
    assert isinstance(m.paragraphs[0].decision, str) and m.paragraphs[0].decision.startswith("Kompetens- och integrationsberedningen beslutade enhälligt")
    assert "- en dörr in till en gemensam väglednings- och utredningsfunktion för alla skapas," in m.paragraphs[0].text
    assert [a.title for a in m.attachments] == ["Bilaga 1, inklippt PowerPoint-bild", "Bilaga 2, inklippt PowerPoint-bild"]
    assert "  - Från försörjningsfokus till matchningsfokus" in m.attachments[1].text
    # signed on the statement's date, sealed at import, with a note that it was imported
    assert m.signed is not None and str(m.signed.date) == "2007-03-29" and m.signed.fingerprint
    assert m.note and "Imported from 2007-03-26.txt" in m.note
    assert m.source is not None and len(m.source.sha256) == 64
    text = (root / "meetings" / "2007-03-26.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "    text: |\n" in text


def test_footnotes_of_a_text_export_return_to_their_marks(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    run_kib("--root", str(root), "import", str(DATA / "minutes" / "2007-09-19.txt"))
    m = meeting(root, "2007-09-19")
    p14, p15 = m.paragraphs[0], m.paragraphs[1]
    assert "fjärde förslag till beslutspunkt[^1], att föreningarna" in p14.text
    assert p14.footnotes == {"1": "Detta förslag återtogs senare."}
    assert "kriminalvården och KRIS[^2] skulle kontaktas" in p15.text
    assert p15.footnotes == {"2": "Kriminellas revansch i samhället."}
    assert m.paragraphs[2].decision == "Att uppdra åt sekreteraren att återkomma med förslag till nya sammanträdesdagar."


def test_uppdrag_are_found_with_owner_and_due_and_marked_for_confirmation(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    run_kib("--root", str(root), "import", str(DATA / "minutes" / "2008-09-10.txt"), str(DATA / "minutes" / "2007-05-02.txt"))
    m = meeting(root, "2008-09-10")
    actions = {p.number: p.actions for p in m.paragraphs if p.actions}
    assert sorted(actions) == [16, 17]
    assert actions[16][0].owner == "Lennart J"
    assert actions[16][0].task.startswith("Kontakta Vilma M")
    assert actions[17][0].owner == "sekreterare" and actions[17][0].note == "imported, confirm"
    may = meeting(root, "2007-05-02")
    invited = may.paragraphs[1].actions[0]
    assert invited.owner == "sekreteraren" and invited.due == "nästa sammanträde"
    assert "Tove L" in invited.task
    listed = run_kib("--root", str(root), "open-actions", "--format", "json")
    assert "Kontakta Vilma M" in listed.stdout


# ---------------------------------------------------------------- kib's own minutes, rendered and read back


def effective(m: model.Meeting, members: model.MembersFile) -> tuple[object, ...]:
    """Date, time, place and who presided, members.yaml's defaults filled in: what the minutes print."""
    chair = Directory(members).chair
    return (m.date, m.time or members.body.time, m.place or members.body.place, m.presiding or (chair and chair.name))


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_rendered_minutes_import_back_to_the_same_meetings(tmp_path: Path) -> None:
    shipped = open_root(REPO).body(None)
    root = empty_root(tmp_path)
    docs = []
    for path in shipped.meeting_paths():
        date = path.stem
        out = tmp_path / f"{date}.docx"
        assert run_kib("--root", str(REPO), "render", "minutes", date, "-o", str(out)).exit_code == 0
        docs.append(out)
    result = run_kib("--root", str(root), "import", *map(str, docs))
    assert result.exit_code == 0, result.output
    directory = Directory(shipped.members)
    for path in shipped.meeting_paths():
        old, new = shipped.meeting(path), meeting(root, path.stem)
        assert effective(new, shipped.members) == effective(old, shipped.members)
        assert [a.name for a in new.attendees.members] == [a.name for a in old.attendees.members]
        assert [(a.name, a.attendance) for a in new.attendees.others] == [(a.name, a.attendance) for a in old.attendees.others]
        assert new.countersigner == old.countersigner
        assert (new.signed and new.signed.date) == (old.signed and old.signed.date)
        assert [(p.number, p.title) for p in new.paragraphs] == [(p.number, p.title) for p in old.paragraphs]
        for a, b in zip(old.paragraphs, new.paragraphs, strict=False):
            assert _lines(b.text) == _lines(a.text), f"{path.stem} § {a.number}"
            assert b.decision == a.decision
            assert b.footnotes == a.footnotes
            # every uppdrag found is one the secretary recorded under that paragraph, for the same person
            recorded = {directory.get(x.owner).name for x in a.actions if directory.get(x.owner)}  # type: ignore[union-attr]
            for action in b.actions:
                person = directory.get(action.owner)
                assert person is not None and person.name in recorded, f"{path.stem} § {a.number}: {action.owner}"
        for a, b in zip(old.attachments, new.attachments, strict=False):
            assert (b.title, _lines(b.text)) == (a.title, _lines(a.text))
    # the uppdrag stated by a task phrase in the text come back
    sep = meeting(root, "2008-09-10")
    assert [x.owner for p in sep.paragraphs for x in p.actions] == ["Lennart J", "sekreterare"]
    assert check_errors(root) == []


# ---------------------------------------------------------------- a nämnd's protokoll


def test_a_protokoll_lands_in_structured_fields(tmp_path: Path) -> None:
    root = empty_root(tmp_path, NAMND / "members.yaml")
    result = run_kib("--root", str(root), "import", str(PROTOKOLL))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2026-05-12")
    assert (m.place, m.time) == (None, "13.00-15.30")  # the place is members.yaml's: left to it
    members = {a.name: a for a in m.attendees.members}
    assert members["Jonas Falk"].serving_for == "Maja Strand"
    assert members["Johan Vik"].to_paragraph == 33 and members["Johan Vik"].attendance == "till kl 14.40, §§ 31–33"
    assert [s.name for s in m.attendees.substitutes] == ["Eva Sten", "Ingrid Dahl", "Sara Holm"]
    lena = next(o for o in m.attendees.others if o.name == "Lena Vallin")
    assert lena.title_first and lena.attendance == "§ 32"
    assert [v.name for v in m.verifiers] == ["Lisa Berg", "Amir Haddad"]
    assert m.signing is not None and str(m.signing.date) == "2026-05-15" and m.signing.place == "Socialförvaltningen, Stadshuset"
    assert m.announced is not None and str(m.announced.date) == "2026-05-18"
    assert m.signed is not None and str(m.signed.date) == "2026-05-15" and m.signed.fingerprint
    assert m.paragraph_format is None  # "SN § {number}", as members.yaml says
    p32, p33, p34 = m.paragraphs[1:]
    assert p32.dnr == "SN 2026/118"
    assert [(x.by, x.supported_by, x.text) for x in p32.motions] == [
        ("Karin Ek", [], "bifall till förvaltningens förslag"),
        ("Per Lind", ["Lisa Berg"], "avslag på motionen"),
    ]
    assert p32.proposition_order and p32.proposition_order.startswith("Ordföranden ställer proposition")
    assert p32.vote is not None
    assert (p32.vote.yes, p32.vote.no) == ("bifall till förvaltningens förslag", "avslag på motionen")
    assert sorted(p32.vote.ballots.values()).count("ja") == 6 and p32.vote.ballots["Nils Åberg"] == "avstår"
    assert p32.decision == [
        "Socialnämnden beslutar",
        "att tillstyrka motionen,",
        "att överlämna förvaltningens förslag till yttrande till kommunfullmäktige som nämndens svar.",
    ]
    assert [(r.by, r.text) for r in p32.reservations] == [(["Per Lind", "Lisa Berg"], "till förmån för eget yrkande")]
    assert p32.statements[0].by == ["Fatima Rahimi"]
    assert p32.send_to == ["Kommunfullmäktige", "Socialförvaltningen"]
    assert [(d.name, d.replaced_by) for d in p33.disqualified] == [("Omar Said", "Eva Sten")]
    assert p33.not_participating == ["Nils Åberg"]
    assert p33.actions[0].owner == "socialchefen" and p33.actions[0].note == "imported, confirm"
    assert p34.verified_at_meeting
    # nothing of the labelled blocks stayed behind as text
    assert all(word not in p.text for p in m.paragraphs for word in ("Yrkanden", "Omröstning", "Reservation", "Jäv\n"))
    # the new ersättare is proposed, not invented into members.yaml
    assert "Sara Holm" in result.stdout and "--update-members" in result.stdout
    assert "Sara Holm" not in (root / "members.yaml").read_text(encoding="utf-8")


def test_update_members_adds_the_unknown_people_surgically(tmp_path: Path) -> None:
    root = empty_root(tmp_path, NAMND / "members.yaml")
    before = (root / "members.yaml").read_text(encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(PROTOKOLL), "--update-members")
    assert result.exit_code == 0, result.output
    after = (root / "members.yaml").read_text(encoding="utf-8")
    _head, _, added = after.partition("  - name: Sara Holm\n")
    assert added, after[-400:]
    # every line the secretary wrote is still there, in order, comments included
    kept = [line for line in before.splitlines() if line.strip()]
    rest = iter(after.splitlines())
    assert all(any(line == other for other in rest) for line in kept)  # each in turn, after the one before
    assert "    party: c\n    role: ersättare\n" in added and "kib import" in added
    assert check_errors(root) == []


# ---------------------------------------------------------------- archives: many files, duplicates, broken ones


def test_a_folder_with_a_broken_file_and_a_duplicate(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for original in MINUTES[:3]:
        shutil.copy2(original, folder / original.name)
    shutil.copy2(MINUTES[0], folder / "kopia.txt")
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    (folder / "notes.odt").write_text("ignored", encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(folder))
    assert result.exit_code == 1  # the broken file
    assert sorted(p.name for p in (root / "meetings").iterdir()) == [f"{p.stem}.yaml" for p in MINUTES[:3]]
    broken = [line for line in result.stdout.splitlines() if "trasig.docx: failed" in line]
    assert len(broken) == 1 and "Word" in broken[0]
    assert re.search(r"kopia\.txt: already imported: the same document as " + MINUTES[0].stem, result.stdout)
    assert "3 written, 1 already imported, 1 failed" in result.stdout
    # a second run writes nothing and says so for each document
    again = run_kib("--root", str(root), "import", str(folder / MINUTES[1].name))
    assert again.exit_code == 0
    assert "already imported" in again.stdout


def test_two_documents_of_one_meeting_in_one_folder_are_named_as_such(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    folder = tmp_path / "arkiv"
    folder.mkdir()
    shutil.copy2(MINUTES[0], folder / "a.txt")
    (folder / "b.txt").write_text(MINUTES[0].read_text(encoding="utf-8") + "\nEn rad till.\n", encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(folder))
    line = next(line for line in result.stdout.splitlines() if "b.txt: exists" in line)
    assert f"another document of this import is the meeting of {MINUTES[0].stem}" in line
    assert "import it alone with --date" in line and "meanwhile" not in line
    assert [p.name for p in (root / "meetings").iterdir()] == [f"{MINUTES[0].stem}.yaml"]


def test_an_existing_meeting_file_is_never_overwritten(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    mine = root / "meetings" / "2007-09-19.yaml"
    mine.write_text("# the secretary's own file\ndate: 2007-09-19\n", encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(DATA / "minutes" / "2007-09-19.txt"))
    assert result.exit_code == 0
    assert "exists already" in result.stdout
    assert mine.read_text(encoding="utf-8") == "# the secretary's own file\ndate: 2007-09-19\n"


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    result = run_kib("--root", str(root), "import", str(MINUTES[0]), "--dry-run")
    assert result.exit_code == 0
    assert "dry run" in result.stdout and "placed:" in result.stdout
    assert list((root / "meetings").iterdir()) == []


def test_a_document_without_a_date_needs_date(tmp_path: Path) -> None:
    root = empty_root(tmp_path)
    undated = tmp_path / "protokoll.txt"
    undated.write_text("§ 1 Mötets öppnande\nOrdföranden öppnade mötet.\n", encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(undated))
    assert result.exit_code == 1
    assert "no meeting date; give it with --date" in result.stdout
    dated = run_kib("--root", str(root), "import", str(undated), "--date", "2010-12-02")
    assert dated.exit_code == 0, dated.output
    assert meeting(root, "2010-12-02").paragraphs[0].text == "Ordföranden öppnade mötet.\n"


def test_paragraph_numbers_in_every_style(tmp_path: Path) -> None:
    from kib.importing.lines import Line, SourceDocument
    from kib.importing.recognise import Recogniser

    committee = Committee.load(open_root(REPO).body(None))
    for heading, fmt in (("5. Titel", "{number}."), ("§ 5 Titel", None), ("§ 5. Titel", "§ {number}."), ("KS § 5 Titel", "KS § {number}")):
        doc = SourceDocument(tmp_path / "x.txt", [Line("2 maj 2007"), Line(heading), Line("Text."), Line(heading.replace("5", "6"))])
        m = Recogniser(doc, committee, date=None).run().meeting
        assert [(p.number, p.title) for p in m.paragraphs] == [(5, "Titel"), (6, "Titel")], heading
        assert m.paragraph_format == fmt, heading


def test_word_lists_tables_and_quotes_are_read_in_order(tmp_path: Path) -> None:
    import docx

    from kib.importing.readers import read

    document = docx.Document()
    document.add_paragraph("Protokoll 2026-03-18")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Plats och tid", "Stadshuset kl 13.00–15.00"
    table.cell(1, 0).text, table.cell(1, 1).text = "Beslutande", "Karin Ek (S), ordförande"
    document.add_heading("§ 12 Budget", level=1)
    document.add_paragraph("Inledning.")
    document.add_paragraph("punkt", style="List Bullet")
    document.add_paragraph("underpunkt", style="List Bullet 2")
    document.add_paragraph("citat", style="Quote")
    path = tmp_path / "p.docx"
    document.save(str(path))
    lines = read(path).lines
    assert [(x.hint, x.text) for x in lines] == [
        ("text", "Protokoll 2026-03-18"),
        ("label", "Plats och tid"),
        ("text", "Stadshuset kl 13.00–15.00"),
        ("label", "Beslutande"),
        ("text", "Karin Ek (S), ordförande"),
        ("heading", "§ 12 Budget"),
        ("text", "Inledning."),
        ("bullet", "punkt"),
        ("bullet", "underpunkt"),
        ("quote", "citat"),
    ]
    assert [x.level for x in lines if x.hint == "bullet"] == [0, 1]


def test_the_written_file_reads_back_with_kibs_loader(tmp_path: Path) -> None:
    root = empty_root(tmp_path, NAMND / "members.yaml")
    run_kib("--root", str(root), "import", str(PROTOKOLL))
    raw = yaml.safe_load((root / "meetings" / "2026-05-12.yaml").read_text(encoding="utf-8"))
    assert raw["source"]["file"] == PROTOKOLL.name
    assert raw["signed"]["parts"]["§ 32"]
    assert normalise(raw["attendees"]["members"][0]["name"]) == normalise("Karin Ek")


# ---------------------------------------------------------------- PDF


@pytest.mark.slow
def test_a_pdf_of_the_minutes_imports_with_its_words_in_order(tmp_path: Path) -> None:
    from kib.documents.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice makes the PDF; it is not installed here")
    made = run_kib("--root", str(REPO), "render", "minutes", "2007-03-26", "-o", str(tmp_path / "m.docx"), "--pdf")
    assert made.exit_code == 0, made.output
    root = empty_root(tmp_path)
    result = run_kib("--root", str(root), "import", str(tmp_path / "m.pdf"))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2007-03-26")
    assert [p.number for p in m.paragraphs] == [5, 6]
    assert len(m.attendees.members) == 6 and m.countersigner is not None
    out = tmp_path / "back.docx"
    assert run_kib("--root", str(root), "render", "minutes", "2007-03-26", "-o", str(out)).exit_code == 0
    assert minutes_recall("2007-03-26", out) >= 0.97


def test_a_protokoll_in_another_layout(tmp_path: Path) -> None:
    """Labels and values on one line, 'ersätter', '§ 41 Dnr …' with the title below, a voteringslista
    as lines, 'Beslutsgång' and 'Expedieras'."""
    root = empty_root(tmp_path, NAMND / "members.yaml")
    result = run_kib("--root", str(root), "import", str(DATA / "protokoll" / "socialnamnden-2026-06-09.txt"))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2026-06-09")
    serving = {a.name: a.serving_for for a in m.attendees.members if a.serving_for}
    assert serving == {"Ingrid Dahl": "Gustav Nyström", "Ali Karimi": "Maja Strand"}
    assert next(a for a in m.attendees.members if a.name == "Helena Roos").from_paragraph == 42
    # "Paragrafer 41–43" are all the meeting's paragraphs: the default, so not written
    assert [(v.name, v.paragraphs) for v in m.verifiers] == [("Helena Roos", None)]
    assert [(p.number, p.title, p.dnr) for p in m.paragraphs] == [
        (41, "Val av justerare", "SN 2026/140"),
        (42, "Riktlinjer för ekonomiskt bistånd 2027", "SN 2026/155"),
        (43, "Information om sommarens verksamhet", "SN 2026/160"),
    ]
    vote = m.paragraphs[1].vote
    assert vote is not None and vote.no == "bifall till Fatima Rahimis yrkande"
    assert list(vote.ballots.values()).count("ja") == 9 and vote.ballots["Fatima Rahimi"] == "nej"
    assert vote.result == "Med 9 ja-röster mot 1 nej-röst beslutar nämnden enligt förvaltningens förslag."
    assert m.paragraphs[1].proposition_order and m.paragraphs[1].send_to == ["Försörjningsstödsenheten", "Ekonomienheten"]
    last = m.paragraphs[2]
    assert "Utdragsbestyrkande" not in str(last.decision)
    assert [(a.owner, str(a.due)) for a in last.actions] == [("socialchefen", "2026-09-15")]
    assert m.announced is not None and str(m.announced.date) == "2026-06-15"
    # the body requires two justerare and this protokoll names one: the import report says so, as check does
    assert "error: 1 justerare appointed; the body requires 2" in result.stdout
    assert [e.split(": error: ")[1] for e in check_errors(root)] == [
        "1 justerare appointed; the body requires 2 (body.verifiers_required in members.yaml)"
    ]


def test_the_blocks_kib_prints_for_a_protokoll_read_back(tmp_path: Path) -> None:
    """The labels of kib's own protokoll (kib.body.vocabulary): casting vote, written reservation, jäv with the
    ersättare serving instead, sekretess."""
    from kib.importing.lines import Line, SourceDocument
    from kib.importing.recognise import Recogniser

    text = """2026-05-12
SN § 3 Motion om ungdomsjobb
Text.
Omröstning
Ja för bifall, Nej för avslag. Ja (1): Karin Ek (S). Nej (1): Per Lind (M). Ordförandens utslagsröst: Ja.
Reservation
Per Lind (M) reserverar sig mot beslutet till förmån för eget yrkande.
Skriftlig reservation
Vi reserverar oss mot beslutet.
Jäv
Omar Said (L) deltar inte i handläggningen på grund av jäv. Eva Sten (L) tjänstgör i stället.
Sekretess
26 kap. 1 § offentlighets- och sekretesslagen (2009:400)
Paragrafen justeras omedelbart."""
    committee = Committee.load(open_root(NAMND).body(None))
    doc = SourceDocument(tmp_path / "x.txt", [Line(x) for x in text.splitlines()])
    p = Recogniser(doc, committee, date=None).run().meeting.paragraphs[0]
    assert p.vote is not None and p.vote.casting_vote == "ja" and p.vote.ballots == {"Karin Ek": "ja", "Per Lind": "nej"}
    assert p.reservations[0].written == "Vi reserverar oss mot beslutet.\n"
    assert [(d.name, d.replaced_by) for d in p.disqualified] == [("Omar Said", "Eva Sten")]
    assert p.confidential == "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
    assert p.verified_at_meeting and p.text == "Text.\n"


def test_paragraph_numbers_that_word_itself_counts(tmp_path: Path) -> None:
    """A template whose headings are a Word list printing '§ 12', '§ 13': the numbers are not in the
    text, so the reader counts them as Word does."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from kib.importing.readers import read

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="12"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="§ %1"/></w:lvl></w:abstractNum>'
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("Protokoll 2026-03-18")
    for title, body in (("Budget 2027", "Nämnden beslutar."), ("Övriga frågor", "Inga.")):
        heading = document.add_paragraph(title)
        ppr = heading._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
        assert ppr.find(qn("w:numPr")) is not None
        document.add_paragraph(body)
    path = tmp_path / "numrerad.docx"
    document.save(str(path))
    assert [(x.hint, x.text) for x in read(path).lines if x.hint == "heading"] == [
        ("heading", "§ 12 Budget 2027"),
        ("heading", "§ 13 Övriga frågor"),
    ]
    root = empty_root(tmp_path)
    assert run_kib("--root", str(root), "import", str(path)).exit_code == 0
    assert [(p.number, p.title, p.text) for p in meeting(root, "2026-03-18").paragraphs] == [
        (12, "Budget 2027", "Nämnden beslutar.\n"),
        (13, "Övriga frågor", "Inga.\n"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Anna Ek (S), tjänstgörande ersättare för Bo Berg (S)", [("Anna Ek", "s", "Bo Berg", None, None)]),
        ("Anna Ek (S) tjg ersättare istf Bo Berg (S), §§ 71–75", [("Anna Ek", "s", "Bo Berg", "§§ 71–75", None)]),
        ("Lars Linder-Aronson (m), till kl 18.15", [("Lars Linder-Aronson", "m", None, "till kl 18.15", None)]),
        ("Jan-Eric Jansson (kd), 1:e v ordförande", [("Jan-Eric Jansson", "kd", None, None, "1:e vice ordförande")]),
        ("Karin Ek (S), Per Lind (M) från § 73", [("Karin Ek", "s", None, None, None), ("Per Lind", "m", None, "från § 73", None)]),
        ("Vilma Mori, innovationsrådgivare, § 13", [("Vilma Mori", None, None, "§ 13", None)]),
    ],
)
def test_a_list_line_gives_each_person_with_what_follows(line: str, expected: list[tuple[object, ...]]) -> None:
    from kib.importing.names import split_people

    people = split_people(line)
    assert [(p.name, p.party, p.serving_for, p.attendance, p.role) for p in people] == expected


SIGNED_ONE_BY_ONE = """\
Norrvika kommun
PROTOKOLL
Socialnämnden
Sammanträdesdatum 2026-05-12

Plats och tid: Stadshuset, sammanträdesrum Eken, kl. 13.00–15.30
Beslutande
Karin Ek (S), ordförande
Per Lind (M)
Lisa Berg (KD)
Amir Haddad (S)
Omar Said (L)
Johan Vik (M)
Helena Roos (C)
Utses att justera: Lisa Berg (KD) och Amir Haddad (S)
Justeringens plats och tid: Socialförvaltningen 2026-05-15 kl. 10.00

Underskrifter
Sekreterare
Sofia Lindqvist 2026-05-13
Ordförande
Karin Ek 2026-05-15
Justerande
Lisa Berg, 15 maj 2026
Amir Haddad
2026-05-18

ANSLAG/BEVIS
Protokollet är justerat. Justeringen har tillkännagivits genom anslag.
Organ: Socialnämnden
Datum då anslaget sätts upp: 2026-05-19
Datum då anslaget tas ned: 2026-06-10
Underskrift: Martin Ekholm

SN § 31 Val av justerare
Beslut
Socialnämnden utser Lisa Berg (KD) och Amir Haddad (S) att jämte ordföranden justera dagens protokoll.
"""


def test_signatures_with_their_dates_and_the_anslag(tmp_path: Path) -> None:
    """Each name under Underskrifter with the date beside or below it; justerat on the last one."""
    root = empty_root(tmp_path, NAMND / "members.yaml")
    source = tmp_path / "protokoll.txt"
    source.write_text(SIGNED_ONE_BY_ONE, encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(source))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2026-05-12")
    assert m.signed is not None
    assert [(s.role, s.name, str(s.date)) for s in m.signed.signatures] == [
        ("secretary", "Sofia Lindqvist", "2026-05-13"),
        ("chair", "Karin Ek", "2026-05-15"),
        ("verifier", "Lisa Berg", "2026-05-15"),
        ("verifier", "Amir Haddad", "2026-05-18"),
    ]
    assert str(m.signed.date) == "2026-05-18"
    assert m.announced is not None and (str(m.announced.date), m.announced.by) == ("2026-05-19", "Martin Ekholm")
    assert check_errors(root) == []
    # the ANSLAG/BEVIS rendered from the imported file names the day the last justerare signed
    out = tmp_path / "protokoll.docx"
    assert run_kib("--root", str(root), "render", "minutes", "2026-05-12", "-o", str(out)).exit_code == 0
    text = document_text(out)
    assert "Datum för justering\n18 maj 2026" in text and "Underskrift\nMartin Ekholm" in text


def test_signatures_are_recorded_only_when_every_date_is_printed(tmp_path: Path) -> None:
    root = empty_root(tmp_path, NAMND / "members.yaml")
    source = tmp_path / "protokoll.txt"
    source.write_text(SIGNED_ONE_BY_ONE.replace("Amir Haddad\n2026-05-18\n", "Amir Haddad\n"), encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(source))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2026-05-12")
    assert m.signed is not None and m.signed.signatures == []
    assert "Underskrifter: no date printed for Amir Haddad; no signature recorded" in result.stdout
    # a justerare who has not signed at all: no signature is recorded either
    source.write_text(SIGNED_ONE_BY_ONE.replace("Amir Haddad\n2026-05-18\n", ""), encoding="utf-8")
    (root / "meetings" / "2026-05-12.yaml").unlink()
    result = run_kib("--root", str(root), "import", str(source))
    assert "Underskrifter: Amir Haddad has not signed; no signature recorded" in result.stdout
    assert meeting(root, "2026-05-12").signed.signatures == []  # type: ignore[union-attr]


NEW_BODY = """\
body:
  name: Socialnämnden
  kind: nämnd
  organisation: Norrvika kommun
members: []
"""


def test_a_new_body_takes_its_people_from_the_protokoll_and_checks_clean(tmp_path: Path) -> None:
    """Into an empty members.yaml: ersättare as ersättare, the member an ersättare served for, the
    secretary who signed, the role word an uppdrag used; check then finds only what the document says."""
    root = tmp_path / "root"
    (root / "meetings").mkdir(parents=True)
    (root / "members.yaml").write_text(NEW_BODY, encoding="utf-8")
    result = run_kib("--root", str(root), "import", str(PROTOKOLL), "--update-members")
    assert result.exit_code == 0, result.output
    members = open_root(root).body(None).members
    people = {m.name: (m.party, m.role) for m in members.members}
    assert people["Jonas Falk"] == ("s", "ersättare") and people["Sara Holm"] == ("c", "ersättare")
    assert people["Maja Strand"] == ("s", "ledamot")  # named only as the one Jonas Falk served for
    officials = {o.name: o for o in members.officials}
    assert officials["Sofia Lindqvist"].secretary and officials["Martin Ekholm"].roles == ["socialchefen"]
    # the report's check is the one after members.yaml was updated: two justerare where the body asks one
    assert "error:" not in result.stdout
    assert "warning: 2 justerare appointed; the body requires 1" in result.stdout
    assert check_errors(root) == []


def test_a_protokoll_without_parties_says_so(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "meetings").mkdir(parents=True)
    (root / "members.yaml").write_text(NEW_BODY, encoding="utf-8")
    source = tmp_path / "protokoll.txt"
    source.write_text(
        "PROTOKOLL\nSocialnämnden\nSammanträdesdatum 2026-04-20\n\nBeslutande\nAnna Ek, ordförande\nBo Lind\n"
        "Cecilia Berg\nJusterare: Bo Lind\n\n§ 12 Budgetuppföljning\nBeslut\nUppföljningen läggs till handlingarna.\n",
        encoding="utf-8",
    )
    result = run_kib("--root", str(root), "import", str(source), "--update-members")
    assert result.exit_code == 0, result.output
    assert "no party printed for Anna Ek, Bo Lind, Cecilia Berg: add party: in members.yaml" in result.stdout
    assert check_errors(root) == []


def test_an_appended_attendance_list_as_text(tmp_path: Path) -> None:
    """'Beslutande: enligt bifogad närvaro- och voteringslista', the list after the paragraphs as lines
    of text, one row wrapped by its narrow column, a jävig member absent from one paragraph only."""
    root = empty_root(tmp_path, NAMND / "members.yaml")
    source = tmp_path / "protokoll.txt"
    source.write_text(
        "Socialnämnden\nSammanträdesdatum 2026-04-14\nBeslutande: Enligt bifogad närvaro- och voteringslista\n"
        "Utses att justera: Omar Said (L) och Fatima Rahimi (V)\n\n"
        "SN § 11 Val av justerare\nBeslut\nOmar Said (L) och Fatima Rahimi (V) utses att justera.\n"
        "SN § 12 Föreningsbidrag\nJäv\nPer Lind (M) anmäler jäv och deltar inte i handläggningen.\n"
        "Beslut\nBidraget beviljas.\n"
        "SN § 13 Delegationsbeslut\nBeslut\nRedovisningen läggs till handlingarna.\n"
        "Närvaro- och voteringslista\nNamn Tjänstgör\nKarin Ek (S) §§ 11–13\nPer Lind (M) § 11, § 13\n"
        "Amir Haddad (S) §§ 12–13\nLisa Berg (KD) §§ 11–13\nOmar Said (L) §§ 11–13\nJohan Vik (M) §§ 11–13\n"
        "Helena Roos (C) §§ 11–13\nNils Åberg (SD) §§ 11–13\nFatima Rahimi (V) §§ 11–13\n"
        "Jonas Falk (S), tjänstgörande ersättare för\nMaja Strand (S)\n§§ 11–13\nEva Sten (L), ersättare –\n",
        encoding="utf-8",
    )
    result = run_kib("--root", str(root), "import", str(source))
    assert result.exit_code == 0, result.output
    m = meeting(root, "2026-04-14")
    assert m.attendees.list_appended
    assert [(a.name, a.serving_for, a.from_paragraph, a.to_paragraph) for a in m.attendees.members] == [
        ("Karin Ek", None, None, None),
        ("Per Lind", None, None, None),  # jävig in § 12, present for the meeting
        ("Amir Haddad", None, 12, None),  # arrived for § 12
        ("Lisa Berg", None, None, None),
        ("Omar Said", None, None, None),
        ("Johan Vik", None, None, None),
        ("Helena Roos", None, None, None),
        ("Nils Åberg", None, None, None),
        ("Fatima Rahimi", None, None, None),
        ("Jonas Falk", "Maja Strand", None, None),
    ]
    assert [s.name for s in m.attendees.substitutes] == ["Eva Sten"]
    assert all("Tjänstgör" not in p.text and "§§ 11–13" not in p.text for p in m.paragraphs)
