"""`kib announce`: the notice of justering recorded outside the seal and rendered in three forms."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from conftest import run_kib
from namnd import make_root, meeting_on

OUT = Path("socialnamnden") / "output"


class Page(HTMLParser):
    """What a browser and an accessibility checker look at: language, title, headings, terms and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tags: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.times: list[str] = []
        self.terms: list[tuple[str, str]] = []  # (dt, dd) of the definition list
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "time":
            self.times.append(dict(attrs).get("datetime") or "")
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not (self._open and data.strip()):
            return
        self.text.setdefault(self._open[-1], []).append(data.strip())
        if self._open[-1] == "dt":
            self.terms.append((data.strip(), ""))
        elif "dd" in self._open:
            term, description = self.terms[-1]
            self.terms[-1] = (term, description + data.strip())


def page(path: Path) -> Page:
    parsed = Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "root")


def kib(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_kib("--root", str(root), *args, "--body", "SN")


def justera(root: Path, ref: str = "2025-12-04") -> None:
    for role, day in (("secretary", "2025-12-08"), ("chair", "2025-12-10"), ("verifier", "2025-12-12")):
        assert kib(root, "sign", ref, "--as", role, "--date", day).exit_code == 0


def test_announce_a_friday_justering_on_monday(root: Path) -> None:
    justera(root)  # justerat Friday 12 December 2025: the notice is due by Monday 15 December
    path = root / "socialnamnden" / "meetings" / "2025-12-04.yaml"
    before = path.read_text(encoding="utf-8")
    result = kib(root, "announce", "2025-12-04", "--date", "2025-12-15")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.split() == [
        str(root / OUT / f"SN-2025-12-04-tillkannagivande{suffix}") for suffix in (".docx", ".html", ".json")
    ]
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("paragraphs:\n", "announced:\n  date: 2025-12-15\nparagraphs:\n", 1)
    check = kib(root, "check")
    assert check.exit_code == 0, check.output  # the notice is not part of the seal

    data = json.loads((root / OUT / "SN-2025-12-04-tillkannagivande.json").read_text(encoding="utf-8"))
    assert data == {
        "body": "Socialnämnden",
        "meeting": "2025-12-04",
        "paragraphs": "§§ 41–42",
        "justerat": "2025-12-12",
        "announced": "2025-12-15",
        "take_down": "2026-01-06",
        "appeal_ends": "2026-01-05",
        "record_kept_at": "Kommunkansliet, Stadshuset",
        "certified_by": "Sara Sekreterare",
        "notice_board": "https://www.testkoping.se/anslagstavla",
        "verified_at_meeting": None,
    }

    html = page(root / OUT / "SN-2025-12-04-tillkannagivande.html")
    assert html.lang == "sv"
    assert html.text["title"] == ["Tillkännagivande av justerat protokoll: Socialnämnden, sammanträde 4 december 2025"]
    assert html.text["h1"] == ["Tillkännagivande av justerat protokoll"]
    assert html.text["h2"] == ["Anslag/bevis", "Överklagande"]
    assert "script" not in html.tags and "table" not in html.tags
    assert html.terms == [
        ("Organ", "Socialnämnden"),
        ("Sammanträdesdatum", "4 december 2025"),
        ("Paragrafer", "§§ 41–42"),
        ("Datum för justering", "12 december 2025"),
        ("Datum då anslaget sätts upp", "15 december 2025"),
        ("Datum då anslaget tas ned", "6 januari 2026"),
        ("Sista dag för överklagande", "5 januari 2026"),
        ("Förvaringsplats för protokollet", "Kommunkansliet, Stadshuset"),
        ("Intygas av", "Sara Sekreterare"),
    ]
    assert html.text["time"] == [
        "4 december 2025",
        "12 december 2025",
        "15 december 2025",
        "6 januari 2026",
        "5 januari 2026",
    ]
    assert html.times == ["2025-12-04", "2025-12-12", "2025-12-15", "2026-01-06", "2026-01-05"]
    assert "senast den 5 januari 2026" in " ".join(html.text["p"])

    document = docx.Document(str(root / OUT / "SN-2025-12-04-tillkannagivande.docx"))
    assert document.core_properties.language == "sv-SE"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Tillkännagivande av justerat protokoll", "Anslag/bevis", "Överklagande"]
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert rows == {
        "Organ": "Socialnämnden",
        "Sammanträdesdatum": "4 december 2025",
        "Paragrafer": "§§ 41–42",
        "Datum för justering": "12 december 2025",
        "Datum då anslaget sätts upp": "15 december 2025",
        "Datum då anslaget tas ned": "6 januari 2026",
        "Sista dag för överklagande": "5 januari 2026",
        "Förvaringsplats för protokollet": "Kommunkansliet, Stadshuset",
        "Intygas av": "Sara Sekreterare",
    }


def test_the_notice_is_never_overwritten_unasked(root: Path) -> None:
    justera(root)
    assert kib(root, "announce", "2025-12", "--date", "2025-12-15", "--by", "Omar Said").exit_code == 0
    notice = root / OUT / "SN-2025-12-04-tillkannagivande.html"
    notice.write_text("edited by hand", encoding="utf-8")
    again = kib(root, "announce", "2025-12")
    assert again.exit_code == 2 and "never overwrites a file unasked (--force" in again.stderr
    assert notice.read_text(encoding="utf-8") == "edited by hand"
    forced = kib(root, "announce", "2025-12", "--force")
    assert forced.exit_code == 0, forced.output
    assert ("Intygas av", "Omar Said") in page(notice).terms  # the recorded certifier, rendered again
    moved = kib(root, "announce", "2025-12", "--date", "2025-12-16", "--force")
    assert moved.exit_code == 2 and "records the notice as put up on 2025-12-15" in moved.stderr


def test_a_late_announcement_is_recorded_and_warned_about(tmp_path: Path) -> None:
    root = make_root(tmp_path / "root", meeting_on("2025-03-04"))
    assert kib(root, "sign", "2025-03-04", "--date", "2025-03-11").exit_code == 0  # a Tuesday: due Thursday
    result = kib(root, "announce", "2025-03-04", "--date", "2025-03-14", "--note", "Anslagstavlan var nere")
    assert result.exit_code == 0, result.output
    assert "warning: announced 2025-03-14, later than the law allows" in result.stderr
    assert "to be announced by 2025-03-13 (8 kap. 12 § kommunallagen)" in result.stderr
    text = (root / "socialnamnden" / "meetings" / "2025-03-04.yaml").read_text(encoding="utf-8")
    assert "announced:\n  date: 2025-03-14\n  note: Anslagstavlan var nere\n" in text


def test_announce_refuses_a_beredning_and_a_protokoll_not_justerat(root: Path) -> None:
    beredning = run_kib("--root", str(root), "announce", "2025-12-03", "--body", "TB", "--date", "2025-12-10")
    assert beredning.exit_code == 1
    assert "Testberedningen is a beredning: its minnesanteckningar are not announced" in beredning.stderr
    assert kib(root, "sign", "2025-12-04", "--as", "chair", "--date", "2025-12-10").exit_code == 0
    early = kib(root, "announce", "2025-12-04", "--date", "2025-12-11")
    assert early.exit_code == 1
    assert "not justerat yet (still to sign: Sara Sekreterare (sekreterare), Per Lind (justerare))" in early.stderr
    assert "announced" not in (root / "socialnamnden" / "meetings" / "2025-12-04.yaml").read_text(encoding="utf-8")
    assert not (root / OUT).exists()


def test_announce_refuses_impossible_dates(root: Path) -> None:
    justera(root)
    before = kib(root, "announce", "2025-12-04", "--date", "2025-12-11")
    assert before.exit_code == 2 and "before the justering (2025-12-12)" in before.stderr
    future = kib(root, "announce", "2025-12-04", "--date", "2999-01-01")
    assert future.exit_code == 2 and "in the future" in future.stderr
    assert not (root / OUT).exists()


def test_a_protokoll_justerad_omedelbart_in_full_is_justerad_on_the_meeting_day(tmp_path: Path) -> None:
    root = make_root(tmp_path / "root", meeting_on("2025-12-04", immediate=True))
    path = root / "socialnamnden" / "meetings" / "2025-12-04.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    decision: Per Lind", "    verified_at_meeting: true\n    decision: Per Lind"
    )
    path.write_text(text, encoding="utf-8")
    result = kib(root, "announce", "2025-12-04", "--date", "2025-12-05")
    assert result.exit_code == 0, result.output
    data = json.loads((root / OUT / "SN-2025-12-04-tillkannagivande.json").read_text(encoding="utf-8"))
    assert (data["justerat"], data["appeal_ends"], data["verified_at_meeting"]) == (
        "2025-12-04",
        "2025-12-29",
        "§§ 41, 42",
    )


def test_the_notice_is_outside_the_seal() -> None:
    from kib.record.seal import fingerprint

    raw = {"date": "2025-12-04", "paragraphs": [{"number": 1, "title": "Ett ärende"}], "signed": {"date": "2025-12-12"}}
    assert fingerprint({**raw, "announced": {"date": "2025-12-15", "by": "Omar Said"}}) == fingerprint(raw)
    assert fingerprint({**raw, "paragraphs": [{"number": 1, "title": "Ett annat ärende"}]}) != fingerprint(raw)


def test_a_notice_without_the_protokolls_place_is_warned_about(root: Path) -> None:
    members = root / "socialnamnden" / "members.yaml"
    text = members.read_text(encoding="utf-8")
    members.write_text(text.replace("  record_kept_at: Kommunkansliet, Stadshuset\n", ""), encoding="utf-8")
    justera(root)
    result = kib(root, "announce", "2025-12", "--date", "2025-12-15")
    assert result.exit_code == 0, result.output
    assert "warning: the notice says not where the protokoll is kept" in result.stderr
    assert "record_kept_at:" in result.stderr
    assert ("Förvaringsplats för protokollet", "") in page(root / OUT / "SN-2025-12-04-tillkannagivande.html").terms


def test_a_notice_with_the_protokolls_place_has_no_such_warning(root: Path) -> None:
    justera(root)
    result = kib(root, "announce", "2025-12", "--date", "2025-12-15")
    assert result.exit_code == 0 and "where the protokoll is kept" not in result.stderr
    terms = page(root / OUT / "SN-2025-12-04-tillkannagivande.html").terms
    assert ("Förvaringsplats för protokollet", "Kommunkansliet, Stadshuset") in terms
