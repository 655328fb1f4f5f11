"""A nämnd's protokoll rendered by kib and imported back: the same meeting, field by field.

Each meeting of the shipped Socialnämnden, of the design note's fictional protokoll and of an utskott
with labels of its own is rendered to Word, the .docx is imported into a fresh copy of its body
(members.yaml, no meetings) and the meeting read back is compared with the original YAML as the
protokoll shows it: names as members.yaml spells them, members.yaml's defaults for place, time and
chair filled in, texts line by line.

Two fields never reach the document and so cannot come back: the föredragande of a paragraph (printed
in the agenda only) and the date of each individual signature under "Underskrifter" (the protokoll
prints the names and the day it was justerat, not who signed when).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_kib

from kib.body.people import Directory
from kib.record import model
from kib.record.store import load_file

DATA = Path(__file__).resolve().parent / "data"
BODIES = {
    "socialnamnden": REPO / "examples" / "socialnamnden",
    "fictional-example": DATA / "protokoll" / "fictional-example",
    # an utskott with Plats and Tid as rows, labels of its own and what the shipped example lacks
    "utskott": DATA / "protokoll" / "roundtrip",
}
CASES = [(name, path.stem) for name, folder in BODIES.items() for path in sorted((folder / "meetings").glob("*.yaml"))]


def render(root: Path, date: str, out: Path, *extra: str) -> Path:
    result = run_kib("--root", str(root), "render", "minutes", date, "-o", str(out), "--force", *extra)
    assert result.exit_code == 0, result.output
    return out


def fresh_body(target: Path, original: Path) -> Path:
    """The body's members.yaml and an empty meetings/ folder."""
    (target / "meetings").mkdir(parents=True)
    shutil.copy2(original / "members.yaml", target / "members.yaml")
    return target


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """body name -> a fresh root holding every meeting of the body imported from kib's own rendering."""
    base = tmp_path_factory.mktemp("roundtrip")
    roots: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIB_CACHE_DIR", str(base / "cache"))
        for name, original in BODIES.items():
            source = base / f"{name}-source"
            shutil.copytree(original, source, ignore=shutil.ignore_patterns("output"))
            docs = [
                render(source, p.stem, base / name / f"{p.stem}.docx")
                for p in sorted((source / "meetings").glob("*.yaml"))
            ]
            root = fresh_body(base / f"{name}-imported", original)
            result = run_kib("--root", str(root), "import", *map(str, docs))
            assert result.exit_code == 0, result.output
            roots[name] = root
    return roots


def load(path: Path) -> model.Meeting:
    loaded = load_file(path, model.Meeting)
    assert loaded.ok, [p.message for p in loaded.problems]
    return loaded.value


def members_of(folder: Path) -> model.MembersFile:
    loaded = load_file(folder / "members.yaml", model.MembersFile)
    assert loaded.ok
    return loaded.value


# ---------------------------------------------------------------- the meeting as its protokoll shows it


def lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class View:
    """The content of a meeting in the terms a reader of its protokoll has: one dict per field."""

    def __init__(self, members: model.MembersFile) -> None:
        self.members = members
        self.directory = Directory(members)

    def who(self, name: str | None) -> str | None:
        if name is None:
            return None
        person = self.directory.get(name)
        return person.name if person else name

    def attendee(self, a: model.Attendee) -> tuple[Any, ...]:
        return (self.who(a.name), a.role, self.who(a.serving_for), a.from_paragraph, a.to_paragraph, a.attendance)

    def other(self, o: model.Participant) -> tuple[Any, ...]:
        person = self.directory.get(o.name)
        title = o.title or (person.title if person else None)
        return (self.who(o.name), (title or "").casefold() or None, o.title_first, o.attendance)

    def meeting(self, m: model.Meeting) -> dict[str, Any]:
        body = self.members.body
        chair = self.directory.chair
        signing = m.signing
        return {
            "date, time, place, presiding": (
                m.date,
                (m.time or body.time).replace("–", "-"),
                m.place or body.place,
                self.who(m.presiding) or (chair.name if chair else None),
            ),
            "members": [self.attendee(a) for a in m.attendees.members],
            "substitutes": [self.attendee(a) for a in m.attendees.substitutes],
            "others": [self.other(o) for o in m.attendees.others],
            "absent": [(self.who(a.name), a.reason) for a in m.attendees.absent],
            "list_appended": m.attendees.list_appended,
            "verifiers": [(self.who(v.name), v.paragraphs) for v in m.verifiers],
            "signing": signing and (signing.date, signing.time, signing.place, signing.text),
            "signed": m.signed and m.signed.date,
            "announced": m.announced and (m.announced.date, self.who(m.announced.by)),
            "attachments": [(a.title, lines(a.text)) for a in m.attachments],
            "paragraph numbers": [p.number for p in m.paragraphs],
        }

    def paragraph(self, p: model.Paragraph) -> dict[str, Any]:
        vote = p.vote
        return {
            "title": p.title,
            "dnr": p.dnr,
            "verified_at_meeting": p.verified_at_meeting,
            "confidential": p.confidential,
            "text": lines(p.text),
            "motions": [(self.who(x.by), [self.who(n) for n in x.supported_by], x.text) for x in p.motions],
            "proposition_order": p.proposition_order,
            "vote": vote
            and (vote.yes, vote.no, {self.who(k): v for k, v in vote.ballots.items()}, vote.casting_vote, vote.result),
            "not_participating": [self.who(n) for n in p.not_participating],
            "decision": p.decision,
            "reservations": [([self.who(n) for n in r.by], r.text, lines(r.written)) for r in p.reservations],
            "disqualified": [(self.who(d.name), self.who(d.replaced_by)) for d in p.disqualified],
            "statements": [([self.who(n) for n in s.by], s.text) for s in p.statements],
            "send_to": p.send_to,
            "appealable": p.appealable,
            "actions": [(self.who(a.owner), a.task, a.due) for a in p.actions],
            "footnotes": p.footnotes,
        }


def assert_same(old: model.Meeting, new: model.Meeting, view: View, *, withheld: tuple[int, ...] = ()) -> None:
    """Every field equal; a paragraph in `withheld` (sekretess in a public version) keeps its heading only."""
    before, after = view.meeting(old), view.meeting(new)
    for key in before:
        assert after[key] == before[key], f"{old.date} {key}"
    for a, b in zip(old.paragraphs, new.paragraphs, strict=True):
        if a.number in withheld:
            a = model.Paragraph(
                number=a.number,
                title=a.title,
                dnr=a.dnr,
                verified_at_meeting=a.verified_at_meeting,
                confidential=a.confidential,
            )
            b = model.Paragraph(
                number=b.number,
                title=b.title,
                dnr=b.dnr,
                verified_at_meeting=b.verified_at_meeting,
                confidential=b.confidential,
            )
        expected = view.paragraph(a)
        found = view.paragraph(b)
        for key in expected:
            assert found[key] == expected[key], f"{old.date} § {a.number} {key}"


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize(("body", "date"), CASES, ids=[f"{b}-{d}" for b, d in CASES])
def test_a_rendered_protokoll_imports_back_to_the_same_meeting(imported: dict[str, Path], body: str, date: str) -> None:
    original = BODIES[body]
    view = View(members_of(original))
    old = load(original / "meetings" / f"{date}.yaml")
    new = load(imported[body] / "meetings" / f"{date}.yaml")
    assert_same(old, new, view)


def check_findings(root: Path) -> list[str]:
    """Errors and warnings of `kib check` (which runs the law checks too) on a data root."""
    result = run_kib("--root", str(root), "check")
    findings = [line for line in result.output.splitlines() if ": error:" in line or ": warning:" in line]
    assert result.exit_code == (1 if any(": error:" in f for f in findings) else 0), result.output
    return findings


@pytest.mark.parametrize("body", list(BODIES))
def test_the_imported_protokoll_passes_check_and_its_law_checks(imported: dict[str, Path], body: str) -> None:
    assert check_findings(imported[body]) == []


def test_the_public_version_imports_without_inventing_text(tmp_path: Path) -> None:
    original = BODIES["socialnamnden"]
    source = tmp_path / "source"
    shutil.copytree(original, source, ignore=shutil.ignore_patterns("output"))
    doc = render(source, "2026-02-10", tmp_path / "offentlig.docx", "--public")
    root = fresh_body(tmp_path / "imported", original)
    result = run_kib("--root", str(root), "import", str(doc))
    assert result.exit_code == 0, result.output
    old = load(original / "meetings" / "2026-02-10.yaml")
    new = load(root / "meetings" / "2026-02-10.yaml")
    secret = next(p for p in new.paragraphs if p.number == 5)
    assert secret.confidential == "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)"
    # the document's own sentence stands in for the withheld text: nothing of it is made up
    withheld = "Paragrafen omfattas av sekretess och redovisas inte i den offentliga versionen.\n"
    assert (secret.text, secret.decision, secret.send_to, secret.appealable) == (withheld, None, [], False)
    assert_same(old, new, View(members_of(original)), withheld=(5,))
    assert "§ 5: withheld in this version" in result.stdout
    assert check_findings(root) == []


@pytest.mark.slow
def test_a_pdf_of_the_protokoll_imports_back_but_for_its_voteringslista(tmp_path: Path) -> None:
    """A PDF's text keeps the appended närvaro- och voteringslista (a wrapped row joined again), but not
    which column of a voteringslista holds each X: that paragraph's vote stays in its text, word for word."""
    from kib.documents.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice makes the PDF; it is not installed here")
    original = BODIES["socialnamnden"]
    source = tmp_path / "source"
    shutil.copytree(original, source, ignore=shutil.ignore_patterns("output"))
    render(source, "2026-04-14", tmp_path / "protokoll.docx", "--pdf")
    root = fresh_body(tmp_path / "imported", original)
    result = run_kib("--root", str(root), "import", str(tmp_path / "protokoll.pdf"))
    assert result.exit_code == 0, result.output
    old = load(original / "meetings" / "2026-04-14.yaml")
    new = load(root / "meetings" / "2026-04-14.yaml")
    view = View(members_of(original))
    before, after = view.meeting(old), view.meeting(new)
    assert all(after[key] == before[key] for key in before), [k for k in before if after[k] != before[k]]
    for a, b in zip(old.paragraphs, new.paragraphs, strict=True):
        expected, found = view.paragraph(a), view.paragraph(b)
        voted = {"vote", "text"} if a.vote is not None else set()
        assert {k: v for k, v in found.items() if k not in voted} == {
            k: v for k, v in expected.items() if k not in voted
        }
        if a.vote is not None:
            assert (
                b.vote is None
                and "Ja för bifall till förvaltningens förslag, Nej för bifall till Nils Åbergs yrkande." in b.text
            )
    assert check_findings(root) == []
