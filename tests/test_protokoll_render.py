"""A nämnd's protokoll as its readers meet it: the header of who served and who justerar, every paragraph's
blocks in the order of 5 kap. 67 § kommunallagen, the voteringslista with kib's totals, the public
version, the extract, the agenda and the ANSLAG/BEVIS block, read back from the Word documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_data_root, run_kib
from words import WORD, document_text, original_words, recall

from kib.record.store import BodyDir

EXAMPLE = REPO / "examples" / "socialnamnden"
PROTOKOLL_DATA = Path(__file__).resolve().parent / "data" / "protokoll"
NBSP = "\u00a0"

#: Labels only a protokoll prints: a beredning's minutes hold none of them.
PROTOKOLL_LABELS = (
    "Utses att justera",
    "Justeringens plats och tid",
    "Underskrifter",
    "Justerande",
    "Justerandes sign",
    "ANSLAG/BEVIS",
    "Yrkanden",
    "Propositionsordning",
    "Omröstning",
    "Protokollsutdrag skickas till",
    "Sammanträdesprotokoll",
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the shipped nämnd, which a test may change."""
    target = tmp_path / "socialnamnden"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("output"))
    return target


def render(root: Path, *args: str) -> Path:
    result = run_kib("--root", str(root), "render", *args, "--force")
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[0])


def lines(path: Path) -> list[str]:
    """The document's paragraphs as a reader sees them, no-break spaces as spaces, empty ones left out."""
    return [line.replace(NBSP, " ") for line in document_text(path).splitlines() if line.strip()]


def assert_in_order(found: list[str], expected: list[str]) -> None:
    """Each expected line is a line of the document, after the one before it."""
    at = 0
    for line in expected:
        assert line in found[at:], f"{line!r} missing after {found[at - 1] if at else 'the start'!r}"
        at = found.index(line, at) + 1


def vote_tables(path: Path) -> list[list[list[str]]]:
    """Every Namn / Ja / Nej / Avstår table of the document, as rows of cell texts."""
    import docx

    tables = []
    for table in docx.Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0] == ["Namn", "Ja", "Nej", "Avstår"]:
            tables.append(rows)
    return tables


# ---------------------------------------------------------------- the header


def test_header_names_who_served_and_who_justerar(example: Path) -> None:
    found = lines(render(example, "minutes", "2026-02-10"))
    assert_in_order(
        found,
        [
            "Norrvika kommun",
            "Sammanträdesprotokoll",
            "Socialnämnden",
            "Sammanträdesdatum 10 februari 2026",
            "Plats och tid",
            "Stadshuset, sammanträdesrum Eken kl 13.00–15.45",
            "Beslutande",
            "Karin Ek (S), ordförande",
            "Per Lind (M), 1:e vice ordförande",
            "Johan Vik (M), till kl 14.40, §§ 1–4",
            "Jonas Falk (S), tjänstgörande ersättare för Maja Strand (S)",
            "Ingrid Dahl (M), tjänstgörande ersättare för Johan Vik (M), §§ 5–6",
            "Ersättare",
            "Eva Sten (L)",
            "Ali Karimi (S)",
            "Ingrid Dahl (M), §§ 1–4",
            "Övriga deltagare",
            "Martin Ekholm, socialchef",
            "Utvecklingsledaren Lena Vallin, § 3",
            "Frånvarande",
            "Maja Strand (S)",
            "Utses att justera",
            "Lisa Berg (KD) och Amir Haddad (S)",
            "Justeringens plats och tid",
            "Socialförvaltningen, Stadshuset, fredag den 13 februari 2026 kl 10.00",
            "Paragrafer",
            "1–6",
            "Underskrifter",
            "Sekreterare",
            "Sofia Lindqvist",
            "Ordförande",
            "Karin Ek",
            "Justerande",
            "Lisa Berg",
            "Amir Haddad",
        ],
    )
    assert "Ordförandes sign" in found and "Justerandes sign" in found and "Utdragsbestyrkande" in found


def test_late_arrival_and_early_departure_by_paragraph(example: Path) -> None:
    path = example / "meetings" / "2026-04-14.yaml"
    text = path.read_text(encoding="utf-8").replace("  list_appended: true\n", "")
    text = text.replace("    - name: Johan Vik\n", "    - name: Johan Vik\n      to_paragraph: 12\n")
    text = text.replace("    - name: Helena Roos\n", "    - name: Helena Roos\n      from_paragraph: 12\n")
    path.write_text(text, encoding="utf-8")
    found = lines(render(example, "minutes", "2026-04-14"))
    assert "Johan Vik (M), till och med § 12" in found
    assert "Helena Roos (C), från § 12" in found


def test_separate_place_and_time_rows_and_a_label_override(example: Path) -> None:
    members = example / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace(
            "  kind: nämnd\n", "  kind: nämnd\n  place_time_rows: true\n  labels:\n    verifier: Justerare\n"
        ),
        encoding="utf-8",
    )
    found = lines(render(example, "minutes", "2026-04-14"))
    assert "Plats och tid" not in found
    assert_in_order(found, ["Plats", "Stadshuset, sammanträdesrum Eken", "Tid", "Tisdag den 14 april 2026 kl 13.00–16.00"])
    assert "Justerare" in found and "Justerande" not in found


def test_list_appended_prints_who_served_in_each_paragraph(example: Path) -> None:
    found = lines(render(example, "minutes", "2026-04-14"))
    assert_in_order(
        found,
        ["Beslutande", "Enligt bifogad närvaro- och voteringslista", "Övriga deltagare", "Frånvarande", "Maja Strand (S)"],
    )
    assert "Ersättare" not in found  # the ersättare present are in the list
    assert "Karin Ek (S), ordförande" not in found  # the names are in the list, not the header
    assert_in_order(
        found,
        [
            "SN § 13 Anmälan av delegationsbeslut",
            "Närvaro- och voteringslista",
            "Namn",
            "Tjänstgör",
            "SN § 12",
            "Karin Ek (S)",
            "§§ 11–13",
            "Ja",
            "Per Lind (M)",
            "§§ 11–13",
            "Nej",
            "Jonas Falk (S), tjänstgörande ersättare för Maja Strand (S)",
            "§§ 11–13",
            "Ja",
            "Eva Sten (L), ersättare",
        ],
    )


# ---------------------------------------------------------------- the paragraphs


def test_every_block_of_a_paragraph_in_the_order_of_the_law(example: Path) -> None:
    found = lines(render(example, "minutes", "2026-02-10"))
    assert_in_order(
        found,
        [
            "SN § 3 Yttrande över motion om fler ungdomsjobb",
            "Dnr SN 2026/118",
            "Utvecklingsledaren Lena Vallin redovisar förvaltningens förslag till yttrande, som tillstyrker motionen.",
            "Yrkanden",
            "Karin Ek (S) yrkar bifall till förvaltningens förslag.",
            "Per Lind (M), med instämmande av Lisa Berg (KD), yrkar avslag på motionen.",
            "Propositionsordning",
            "Ordföranden ställer proposition på bifall mot avslag och finner att nämnden bifaller förvaltningens "
            "förslag. Omröstning begärs och verkställs.",
            "Omröstning",
            "Ja för bifall till förvaltningens förslag, Nej för avslag på motionen.",
            "Namn",
            "Summa",
            "Ordförandens utslagsröst: Ja.",
            "Ordföranden använder sin utslagsröst för Ja. Nämnden har därmed beslutat enligt förvaltningens förslag.",
            "Beslut",
            "Socialnämnden tillstyrker motionen.",
            "Förvaltningens förslag till yttrande överlämnas till kommunfullmäktige som nämndens svar.",
            "Reservation",
            "Per Lind (M) och Lisa Berg (KD) reserverar sig mot beslutet till förmån för eget yrkande "
            "(skriftlig reservation, bilaga 1).",
            "Protokollsanteckning",
            "Fatima Rahimi (V) lämnar följande protokollsanteckning: Vänsterpartiet välkomnar beslutet och vill att "
            "nämnden följer upp hur många ungdomar som får feriejobb under sommaren.",
            "Protokollsutdrag skickas till",
            "Kommunfullmäktige",
            "Socialförvaltningen",
            "SN § 4 Ansökan om föreningsbidrag från Norrvika brukarförening",
            "Dnr SN 2026/031",
            "Nils Åberg (SD) avstår från att delta i beslutet.",
            "Beslut",
            "Jäv",
            "Omar Said (L) anmäler jäv och deltar inte i handläggningen; Eva Sten (L) tjänstgör i stället.",
            "Protokollsutdrag skickas till",
            "Norrvika brukarförening",
            "Hur man överklagar",
            "SN § 5 Ärende enligt socialtjänstlagen",
            "Paragrafen justeras omedelbart.",
            "Sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
            "Förvaltningen redovisar ett ärende om placering av ett barn enligt lagen med särskilda bestämmelser om "
            "vård av unga.",
            "SN § 6 Anmälan av delegationsbeslut",
            "Bilaga 1, skriftlig reservation SN § 3",
            "Per Lind (M) och Lisa Berg (KD)",
        ],
    )
    appeal = found.index("Hur man överklagar")
    assert found[appeal + 1].startswith("Beslutet kan överklagas hos förvaltningsrätten.")


@pytest.mark.parametrize("day", ["2026-02-10", "2026-03-10", "2026-04-14"])
def test_vote_totals_are_counted_from_the_ballots(example: Path, day: str) -> None:
    docx_path = render(example, "minutes", day)
    body = BodyDir(example)
    meeting = body.meeting(body.resolve_meeting(day))
    votes = [p.vote for p in meeting.paragraphs if p.vote is not None]
    tables = vote_tables(docx_path)
    assert len(tables) == len(votes) >= 1
    for vote, rows in zip(votes, tables, strict=True):
        *ballots, totals = rows[1:]
        expected = [sum(1 for b in vote.ballots.values() if b == word) for word in ("ja", "nej", "avstår")]
        crosses = [sum(1 for row in ballots if row[column] == "X") for column in (1, 2, 3)]
        assert totals == ["Summa", *map(str, expected)]
        assert crosses == expected
        assert len(ballots) == len(vote.ballots)


def test_a_changed_ballot_changes_the_printed_totals(example: Path) -> None:
    """The totals follow the ballots: nobody types them, so they cannot disagree."""
    path = example / "meetings" / "2026-04-14.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Per Lind: nej", "Per Lind: avstår"), encoding="utf-8")
    (rows,) = vote_tables(render(example, "minutes", "2026-04-14"))
    assert rows[-1] == ["Summa", "8", "2", "1"]


def test_public_version_withholds_the_sekretess_paragraph(example: Path) -> None:
    secret = "Förvaltningen redovisar ett ärende om placering av ett barn"
    full = lines(render(example, "minutes", "2026-02-10"))
    public_path = render(example, "minutes", "2026-02-10", "--public")
    assert public_path.name == "SN-2026-02-10-minutes-signed-public.docx"
    public = lines(public_path)
    assert any(secret in line for line in full)
    assert not any(secret in line for line in public)
    assert "som antecknas i den sekretessbelagda bilagan" not in " ".join(public)
    assert_in_order(
        public,
        [
            "SN § 5 Ärende enligt socialtjänstlagen",
            "Dnr SN 2026/044",
            "Sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
            "Paragrafen omfattas av sekretess och redovisas inte i den offentliga versionen.",
            "SN § 6 Anmälan av delegationsbeslut",
        ],
    )
    extract = lines(render(example, "extract", "2026-02-10", "5", "--public"))
    assert "SN § 5 Ärende enligt socialtjänstlagen" in extract
    assert not any(secret in line for line in extract)


# ---------------------------------------------------------------- after the meeting: ANSLAG/BEVIS, extract


def test_anslag_bevis_of_an_announced_protokoll(example: Path) -> None:
    """Announced on Tuesday 17 February 2026: three weeks end on Tuesday 10 March, a working day; the notice
    comes down the day after."""
    found = lines(render(example, "minutes", "2026-02-10"))
    assert_in_order(
        found,
        [
            "Underskrifter",
            "ANSLAG/BEVIS",
            "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
            "Organ",
            "Socialnämnden",
            "Sammanträdesdatum",
            "10 februari 2026",
            "Datum för justering",
            "16 februari 2026",
            "Datum då anslaget sätts upp",
            "17 februari 2026",
            "Datum då anslaget tas ned",
            "11 mars 2026",
            "Sista dag för överklagande",
            "10 mars 2026",
            "Förvaringsplats för protokollet",
            "Socialförvaltningen, Stadshuset, Norrvika",
            "Underskrift",
            "Sofia Lindqvist",
            "SN § 1 Val av justerare",
        ],
    )


def test_no_anslag_before_the_notice_went_up(example: Path) -> None:
    for day in ("2026-03-10", "2026-04-14"):  # justerat but not announced; not yet justerat
        assert "ANSLAG/BEVIS" not in lines(render(example, "minutes", day))


def test_extract_of_a_protokoll(example: Path) -> None:
    found = lines(render(example, "extract", "2026-02-10", "4"))
    assert_in_order(
        found,
        [
            "Protokollsutdrag",
            "Utdrag ur protokoll",
            "Socialnämnden",
            "10 februari 2026",
            "SN § 4 Ansökan om föreningsbidrag från Norrvika brukarförening",
            "Jäv",
            "Justering",
            "Justerat av Karin Ek (ordförande), Lisa Berg (KD) och Amir Haddad (S).",
            "Socialnämndens protokoll är justerat den 16 februari 2026.",
            "Utdragsbestyrkande",
            "Utdraget överensstämmer med originalet.",
            "Sofia Lindqvist, nämndsekreterare",
        ],
    )
    assert "Justerat 16 februari 2026." not in found  # the statement gives the day once, not twice
    immediate = lines(render(example, "extract", "2026-02-10", "5"))
    assert "Justerat 10 februari 2026." in immediate  # justerad omedelbart, at the meeting
    assert "Socialnämndens protokoll är justerat den 16 februari 2026." in immediate


def test_agenda_of_a_nämnd_with_diarienummer(example: Path) -> None:
    found = lines(render(example, "agenda", "2026-02-10"))
    assert_in_order(
        found,
        [
            "Kallelse",
            "Socialnämnden",
            "Föredragningslista",
            "SN § 3",
            "Yttrande över motion om fler ungdomsjobb",
            "Dnr SN 2026/118",
            "Lena Vallin",
            "SN § 4",
        ],
    )


def test_fullmäktige_prints_protokoll_and_kungörelse(example: Path) -> None:
    members = example / "members.yaml"
    text = members.read_text(encoding="utf-8").replace("kind: nämnd", "kind: fullmäktige")
    members.write_text(text.replace("  document_title: Sammanträdesprotokoll\n", ""), encoding="utf-8")
    assert "Protokoll" in lines(render(example, "minutes", "2026-04-14"))
    assert "Kungörelse" in lines(render(example, "agenda", "2026-04-14"))


# ---------------------------------------------------------------- a beredning stays as it was


def test_a_beredning_prints_none_of_the_protokoll_labels(tmp_path: Path) -> None:
    root = copy_data_root(tmp_path / "kib")
    text = document_text(render(root, "minutes", "2008-09-10"))
    for label in PROTOKOLL_LABELS:
        assert label not in text, label
    assert "Minnesanteckningar" in text and "Kontrasign. signatur" in text


# ---------------------------------------------------------------- the example of the design note, word for word


def test_the_fictional_protokoll_keeps_its_words_in_order(tmp_path: Path) -> None:
    root = tmp_path / "example"
    shutil.copytree(PROTOKOLL_DATA / "fictional-example", root)
    assert run_kib("--root", str(root), "check").exit_code == 0
    rendered = WORD.findall(document_text(render(root, "minutes", "2026-05-12")).lower())
    original = original_words((PROTOKOLL_DATA / "fictional-example.txt").read_text(encoding="utf-8"))
    assert recall(original, rendered) >= 0.9
