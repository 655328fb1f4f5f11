"""One paragraph's lines: text in kib's markup, and the labelled blocks a protokoll records.

A block (Beslut, Yrkanden, Propositionsordning, Omröstning, Reservation, Jäv, Protokollsanteckning,
Protokollsutdrag skickas till) goes to its field only when every sentence of it is understood;
otherwise its lines, label included, stay in the text where they stood and the report says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kib.record import model

from .lines import Line
from .names import NAME, PARTY, PERSON_WITH_PARTY

if TYPE_CHECKING:
    from .reading import Reading

DNR = re.compile(
    r"\s*(?:[·•|,–-]\s*)?\(?\b(?:Dnr|Diarienr|Diarienummer|Dnr\.)\s*[.:]?\s*(?P<dnr>[A-ZÅÄÖ]{0,8}[\s-]?\d{2,4}[/.:-]\d+(?:[/.:-]\d+)*(?:\s*[A-ZÅÄÖ]{1,4})?)\)?",
)
#: Block labels, matched on the whole line (optionally "Label: text" on one line).
LABELS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:[\wåäöÅÄÖ-]+s\s+)?beslut$", re.IGNORECASE), "decision"),
    (re.compile(r"^yrkanden?$", re.IGNORECASE), "motions"),
    (re.compile(r"^propositionsordning$|^proposition(?:er)?$|^beslutsgång$", re.IGNORECASE), "proposition"),
    (re.compile(r"^omröstning(?:sresultat)?$|^votering(?:sresultat)?$|^omröstningsprotokoll$", re.IGNORECASE), "vote"),
    (re.compile(r"^reservation(?:er)?$", re.IGNORECASE), "reservations"),
    (re.compile(r"^jäv$|^anmälan om jäv$", re.IGNORECASE), "jav"),
    (re.compile(r"^protokollsanteckning(?:ar)?$", re.IGNORECASE), "statements"),
    (
        re.compile(
            r"^(?:protokollsutdrag|utdrag|beslutet|beslut)\s+(?:skickas|sänds|expedieras)\s+till$|^expedier(?:ing|as|as till)$|^protokollsutdrag till$|^skickas till$|^sändlista$",
            re.IGNORECASE,
        ),
        "send_to",
    ),
    (re.compile(r"^(?:uppdrag)$", re.IGNORECASE), "actions"),
    (re.compile(r"^skriftlig reservation$", re.IGNORECASE), "written"),
    (re.compile(r"^sekretess$", re.IGNORECASE), "confidential"),
    (re.compile(r"^(?:hur\s+(?:man|du)\s+överklagar|överklagandehänvisning|besvärshänvisning)$", re.IGNORECASE), "appeal"),
]
#: The vocabulary key of each block kind: a body's own label (members.yaml `labels:`) is read as well.
LABEL_KEYS = {
    "decision": "decision",
    "motions": "motions",
    "proposition_order": "proposition",
    "vote": "vote",
    "reservation": "reservations",
    "disqualification": "jav",
    "statement": "statements",
    "send_to": "send_to",
    "written_reservation": "written",
    "confidential": "confidential",
    "appeal": "appeal",
}
IMMEDIATE = re.compile(
    r"^(?:paragrafen|beslutet)?\s*(?:justeras|förklaras)?\s*(?:omedelbart\s+justerad|justeras\s+omedelbart|omedelbar\s+justering)\.?$|^(?:paragrafen|beslutet)\s+(?:förklaras\s+)?(?:omedelbart\s+justerad|justeras\s+omedelbart)\.?$|^justerad\s+omedelbart\.?$",
    re.IGNORECASE,
)
PERSON = rf"{NAME}(?:\s*{PARTY})?"
PEOPLE = rf"{PERSON}(?:\s*(?:,|och)\s*{PERSON})*"
MOTION = re.compile(
    rf"^(?P<by>{PERSON}|Ordföranden)(?:,?\s+med\s+instämmande\s+av\s+(?P<sup>{PEOPLE}),?)?\s+(?:yrkar|föreslår)\s+(?P<text>.+?)\.?$"
)
RESERVATION = re.compile(rf"^(?P<by>{PEOPLE})\s+reserverar\s+sig\b\s*(?P<text>.*?)\.?$")
JAV = re.compile(
    rf"^(?P<name>{PERSON})\s+(?:anmäler\s+jäv|är\s+jävig|deltar\s+inte\s+i\s+(?:handläggningen|behandlingen|beslutet|ärendet)[^;.]*?jäv|deltar\s+inte\s+på\s+grund\s+av\s+jäv)[^;.]*?(?:[;,]\s*(?:och\s+)?(?P<rep>{PERSON})\s+tjänstgör[^.;]*)?\.?$"
)
SERVES_INSTEAD = re.compile(rf"^(?P<name>{PERSON})\s+tjänstgör\s+i\s+(?:stället|hans\s+ställe|hennes\s+ställe)\b.*$")
CASTING = re.compile(r"^(?:ordförandens\s+utslagsröst|ordföranden\s+använder\s+sin\s+utslagsröst\s+för)\s*:?\s*(?P<v>ja|nej)\b", re.IGNORECASE)
#: The casting vote as kib prints it on a line of its own; the chair's own words stay in the result.
CASTING_LINE = re.compile(r"^ordförandens\s+utslagsröst\s*:\s*(?:ja|nej)\.?$", re.IGNORECASE)
#: "(skriftlig reservation, bilaga 2)": the written motivation is appended as that bilaga.
WRITTEN_REF = re.compile(r"\s*\(skriftlig\s+reservation,?\s+bilaga\s+(?P<n>\d+)\)", re.IGNORECASE)
JAV_PLAIN = re.compile(rf"^(?P<name>{PERSON})\s+(?:anmäler\s+jäv|är\s+jävig)\b.*$|^(?P<name2>{PERSON})\s+deltar\s+inte\b.*\bjäv\b.*$")
ABSTAIN = re.compile(rf"^(?P<by>{PEOPLE})\s+(?:avstår|deltar\s+inte)\s+(?:från\s+att\s+delta\s+)?i\s+beslutet\.?$")
STATEMENT = re.compile(
    rf"^(?P<by>{PEOPLE})\s+(?:lämnar|anmäler|får\s+(?:till\s+protokollet\s+)?anteckna|antecknar)\s+(?:följande\s+)?(?:en\s+)?(?:protokollsanteckning|till\s+protokollet)[^:]*:?\s*(?P<text>.*)$"
)
VOTE_MEANING = re.compile(
    r"(?:^|\.\s+)(?:den\s+som\s+vill\s+(?P<yes2>.+?)\s+röstar\s+ja[,;]?\s+(?:och\s+)?den\s+som\s+vill\s+(?P<no2>.+?)\s+röstar\s+nej"
    r"|ja(?:-?röst(?:en)?)?\s+(?:för|=|innebär)\s+(?P<yes>.+?)[,;.]\s*(?:och\s+)?nej(?:-?röst(?:en)?)?\s+(?:för|=|innebär)\s+(?P<no>.+?))\s*\.(?=\s|$)",
    re.IGNORECASE,
)
BALLOT_GROUP = re.compile(r"\b(?P<word>ja|nej|avstår|avstod|avstående)\s*(?:\((?P<n>\d+)\))?\s*:\s*(?P<names>[^.]*?)(?=\s*\b(?:ja|nej|avstår|avstod|avstående)\s*(?:\(\d+\))?\s*:|\.\s|$)", re.IGNORECASE)
BALLOT_LINE = re.compile(rf"^(?P<who>{PERSON})\s*[:–-]?\s*(?P<v>(?i:ja|nej|avstår|avstod))\.?$")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def split_dnr(title: str) -> tuple[str, str | None]:
    """A title without its case number, and the case number ('… · Dnr SN 2026/118', '(Dnr KS 12/2026)')."""
    m = DNR.search(title)
    if m is None:
        return title, None
    rest = (title[: m.start()] + title[m.end() :]).strip(" ·|,–-")
    return " ".join(rest.split()), m.group("dnr").strip()


def markup_text(lines: list[Line], used: dict[str, str], footnotes: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Lines as kib's body-text markup; footnotes marked in them are returned by key."""
    out: list[str] = []
    for line in lines:
        text = " ".join(line.text.split())
        for key in re.findall(r"\[\^([^\]\s]+)\]", text) if "[^" in text else ():
            if key in footnotes:
                used[key] = footnotes[key]
        if line.hint == "separator" or (not line.cells and re.fullmatch(r"-{2,}", text)):
            out.append("> ---" if line.quoted else "---")
            continue
        if not text:
            continue
        if text.startswith(("- ", "> ", "\\")) or text == "---":
            text = "\\" + text
        if line.hint == "bullet":
            item = f"{'  ' * min(line.level, 8)}- {text}"
            out.append(f"> {item}" if line.quoted else item)
        elif line.hint == "quote":
            out.append(f"> {text}")
        else:
            out.append(text)
    return ("\n".join(out) + "\n") if out else "", used


def _label(line: Line, own: dict[str, str] | None = None) -> tuple[str, str] | None:
    text = " ".join(line.text.split())
    if own:
        found = own.get(text.rstrip(":").casefold())
        if found is not None and line.hint != "decision":
            return found, ""
    if line.hint != "decision" and len(text) > 40 and ":" not in text[:40]:
        return None  # a label is short, or stands before a colon
    if line.hint == "decision":
        m = re.match(r"^(?:[\wåäöÅÄÖ-]+s\s+)?beslut\s*:\s*(.*)$", text, re.IGNORECASE)
        return ("decision", m.group(1).strip()) if m else ("decision+", text)
    head, colon, rest = text.partition(":")
    for pattern, kind in LABELS:
        if pattern.match(text.rstrip(":")):
            return kind, ""
        if colon and pattern.match(head.strip()):
            return kind, rest.strip()
    return None


def decision_by_style(lines: list[Line]) -> str | list[str] | None:
    """A decision as kib's templates print it: each clause of a list in the style 'Beslutssats'; a text
    in 'Beslut', its further lines in 'Beslutssats'. None when the lines carry no such styles."""
    filled = [x for x in lines if x.text.strip()]
    styles = [x.style for x in filled]
    texts = [" ".join(x.text.split()) for x in filled]
    if not styles or any(s != "beslutssats" for s in styles[1:]):
        return None
    if styles[0] == "beslutssats":
        return texts
    if styles[0] == "beslut":
        return "\n".join(texts)
    return None


def _people(text: str) -> list[str]:
    names = [m.group(1).strip() for m in PERSON_WITH_PARTY.finditer(text)]
    if names:
        return names
    return [p.strip() for p in re.split(r",|\soch\s", text) if p.strip()]


@dataclass
class Draft:
    """A paragraph while it is read: its heading and its lines in order, with block labels."""

    number: int
    title: str
    lines: list[Line] = field(default_factory=list)
    dnr: str | None = None


class Paragraphs:
    """Builds a model paragraph from a draft, recording what went where in the report."""

    def __init__(self, rec: Reading, meeting: model.Meeting) -> None:
        self.rec = rec
        self.meeting = meeting
        self.report = rec.report

    def name(self, text: str) -> str:
        text = re.sub(rf"\s*{PARTY}\s*$", "", text.strip())
        named = self.rec.matcher.canonical(text)
        if self.rec.directory.get(text) is None and text not in ("Ordföranden",):
            from .names import Named

            m = PERSON_WITH_PARTY.search(text)
            self.rec.matcher.propose(Named(text, party=m.group(2).lower() if m else None), "member", "a paragraph")
        return named

    def build(self, draft: Draft) -> model.Paragraph:
        where = f"§ {draft.number}"
        p = model.Paragraph(number=draft.number, title=draft.title, dnr=draft.dnr)
        if draft.dnr:
            self.report.placed.append(f"{where}: dnr {draft.dnr}")
        text_lines: list[Line] = []
        groups: list[tuple[str, Line | None, list[Line]]] = []
        words = self.rec.words
        for line in draft.lines:
            label = _label(line, self.rec.own_labels)
            stripped = " ".join(line.text.split())
            if p.dnr is None and not text_lines and not groups:
                rest, dnr = split_dnr(stripped)
                if dnr and not rest:
                    p.dnr = dnr
                    self.report.placed.append(f"{where}: dnr {dnr}")
                    continue
            if IMMEDIATE.match(stripped):
                p.verified_at_meeting = True
                self.report.placed.append(f"{where}: justerad omedelbart")
                continue
            ground = self.rec.confidential_ground.match(stripped)
            if ground is not None and p.confidential is None and not text_lines and not groups:
                p.confidential = ground.group(1).strip()
                self.report.placed.append(f"{where}: sekretess ({p.confidential})")
                continue
            if stripped == " ".join(words["confidential_withheld"].split()):
                # a public version: the sentence stays the paragraph's text, and nothing withheld is invented
                self.report.look.append(f"{where}: withheld in this version (sekretess); its text and decision are not in the document")
            if label is not None:
                kind, rest = label
                if kind == "decision+":  # a decision-styled line that continues the decision
                    if groups and groups[-1][0] == "decision":
                        groups[-1][2].append(line)
                        continue
                    kind, rest = "decision", stripped
                groups.append((kind, line, [Line(rest, style=line.style)] if rest else []))
                continue
            if groups and not (groups[-1][1] is not None and groups[-1][1].hint == "decision" and line.hint != "decision"):
                groups[-1][2].append(line)
                continue
            if groups:
                # text after a decision printed in the decision style: the decision was not last
                groups.append(("text", None, [line]))
                continue
            text_lines.append(line)
        ordered: list[Line] = list(text_lines)
        for kind, label_line, lines in groups:
            if kind == "text":
                ordered.extend(lines)
                continue
            if kind == "decision":
                chosen = decision_by_style(lines)
                if chosen is not None:
                    p.decision = chosen
                    self.report.placed.append(f"{where}: beslut" + (f" ({len(chosen)} beslutssatser)" if isinstance(chosen, list) else ""))
                    continue
            if (
                kind == "decision"
                and label_line is not None
                and label_line.hint == "decision"
                and _label(label_line) == ("decision", "")
                and len(lines) > 1
            ):
                # "Beslut:" on a line of its own, then one clause per line: kept as the list of clauses
                p.decision = [" ".join(x.text.split()) for x in lines if x.text.strip()]
                self.report.placed.append(f"{where}: beslut ({len(p.decision)} beslutssatser)")
                continue
            if self._place(p, kind, lines, where):
                continue
            if kind in ("jav", "reservations", "statements"):
                # a block mixing jäv, reservation and "avstår" lines: each line on its own
                lines = list(lines)
                self._loose_sentences(p, lines, where)
                if not lines:
                    continue
            if label_line is not None:
                ordered.append(label_line)
            self.report.free.append(f"{where}: “{_first(label_line, lines)}” kept as text (not read completely)")
            ordered.extend(lines)
        self._loose_sentences(p, ordered, where)
        p.text, p.footnotes = markup_text(ordered, {}, self.rec.doc.footnotes)
        decision_text = p.decision if isinstance(p.decision, str) else "\n".join(p.decision or [])
        for key in re.findall(r"\[\^([^\]\s]+)\]", decision_text):
            if key in self.rec.doc.footnotes:
                p.footnotes[key] = self.rec.doc.footnotes[key]
        if not p.actions:
            p.actions = self.rec.tasks(p.text + "\n" + decision_text, where, self.meeting.date)
        return p

    def _loose_sentences(self, p: model.Paragraph, lines: list[Line], where: str) -> None:
        """Reservation, jäv and 'avstår' written as plain lines: taken out when the whole line is one."""
        keep: list[Line] = []
        for line in lines:
            text = " ".join(line.text.split())
            if line.hint in ("text",) and text and len(text) < 300:
                # each pattern needs a word of its own: most lines have none of them
                lowered = text.casefold()
                if "reserverar" in lowered and self._reservations(p, [line], where, quiet=True):
                    continue
                if "jäv" in lowered and self._jav(p, [line], where, quiet=True):
                    continue
                m = ABSTAIN.match(text) if "beslutet" in lowered else None
                if m:
                    p.not_participating += [self.name(n) for n in _people(m.group("by"))]
                    self.report.placed.append(f"{where}: avstår från att delta i beslutet ({m.group('by')})")
                    continue
            keep.append(line)
        lines[:] = keep

    def _place(self, p: model.Paragraph, kind: str, lines: list[Line], where: str) -> bool:
        texts = [" ".join(line.text.split()) for line in lines if line.text.strip()]
        if kind == "decision":
            return self._decision(p, texts, where)
        if not texts and kind != "vote":
            return False
        handler = getattr(self, f"_{kind}")
        return bool(handler(p, lines, where))

    def _decision(self, p: model.Paragraph, texts: list[str], where: str) -> bool:
        if not texts:
            return False
        if len(texts) > 1 and sum(1 for t in texts if re.match(r"^att\b", t, re.IGNORECASE)) >= len(texts) - 1:
            p.decision = texts
        else:
            p.decision = "\n".join(texts) if len(texts) > 1 else texts[0]
        self.report.placed.append(f"{where}: beslut" + (f" ({len(texts)} att-satser)" if isinstance(p.decision, list) else ""))
        return True

    def _motions(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        sentences = [s for t in lines for s in SENTENCE.split(" ".join(t.text.split())) if s.strip()]
        motions: list[model.Motion] = []
        for s in sentences:
            m = MOTION.match(s.strip())
            if m is None:
                return False
            supported = [self.name(n) for n in _people(m.group("sup"))] if m.group("sup") else []
            motions.append(model.Motion(by=self.name(m.group("by")), supported_by=supported, text=m.group("text").strip()))
        p.motions += motions
        self.report.placed.append(f"{where}: yrkanden ({len(motions)})")
        return True

    def _proposition(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        p.proposition_order = " ".join(" ".join(line.text.split()) for line in lines if line.text.strip())
        self.report.placed.append(f"{where}: propositionsordning")
        return True

    def _vote(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        listed: dict[str, str] = {}  # a voteringslista as lines: "Karin Ek (S) Ja"
        rest_lines: list[Line] = []
        header = self.rec.words["vote_name"].casefold()
        for line in lines:
            text = " ".join(line.text.split())
            m = BALLOT_LINE.match(text) if not text.casefold().startswith(header + " ") else None
            if m is not None and not line.cells:
                word = m.group("v").casefold()
                listed[self.name(m.group("who"))] = "avstår" if word.startswith("avst") else word
            else:
                rest_lines.append(line)
        lines = rest_lines
        text = " ".join(" ".join(line.text.split()) for line in lines if line.text.strip() and not line.cells)
        meaning = VOTE_MEANING.search(text)
        if meaning is None:
            return False
        yes = (meaning.group("yes") or meaning.group("yes2") or "").strip()
        no = (meaning.group("no") or meaning.group("no2") or "").strip()
        rest = (text[: meaning.start()] + " " + text[meaning.end() :]).strip(" .")
        ballots: dict[str, str] = {}
        counted: dict[str, int] = {}
        for g in BALLOT_GROUP.finditer(rest):
            word = g.group("word").casefold()
            word = "avstår" if word.startswith("avst") else word
            names = [n for n in _people(g.group("names")) if n and not re.fullmatch(r"[\d\s]*", n)]
            for voter in names:
                ballots[self.name(voter)] = word
            if g.group("n"):
                counted[word] = int(g.group("n"))
        rest = BALLOT_GROUP.sub(" ", rest)
        rest = " ".join(rest.split()).strip(" .")
        ballots.update(self._ballot_table([line for line in lines if line.cells]))
        ballots.update(listed)
        if not ballots:
            return False
        tally = {w: sum(1 for v in ballots.values() if v == w) for w in ("ja", "nej", "avstår")}
        for said, n in counted.items():
            if tally.get(said, 0) != n:
                self.report.look.append(f"{where}: the document counts {n} {said} but names {tally.get(said, 0)}")
        casting = None
        kept: list[str] = []
        for sentence in SENTENCE.split(rest):
            found = CASTING.match(sentence.strip())
            if found is not None:
                casting = found.group("v").casefold()
            if not CASTING_LINE.match(sentence.strip()):
                kept.append(sentence)
        rest = " ".join(kept).strip(" .")
        p.vote = model.Vote(yes=yes, no=no, ballots=ballots, result=(rest + ".") if rest else None)  # type: ignore[arg-type]
        p.vote.casting_vote = casting  # type: ignore[assignment]
        self.report.placed.append(f"{where}: omröstning ({tally['ja']} ja, {tally['nej']} nej, {tally['avstår']} avstår)")
        return True

    def _ballot_table(self, rows: list[Line]) -> dict[str, str]:
        """A voteringslista: a header row naming Ja / Nej / Avstår columns, then a row per member with a mark."""
        out: dict[str, str] = {}
        columns: dict[int, str] = {}
        for row in rows:
            cells = [c.strip() for c in row.cells]
            lowered = [c.casefold() for c in cells]
            if {"ja", "nej"} <= set(lowered):
                columns = {i: ("avstår" if c.startswith("avst") else c) for i, c in enumerate(lowered) if c in ("ja", "nej") or c.startswith("avst")}
                continue
            if not columns or not cells[0]:
                continue
            marked = [columns[i] for i, c in enumerate(cells) if i in columns and c]
            if len(marked) == 1:
                out[self.name(cells[0])] = marked[0]
        return out

    def _reservations(self, p: model.Paragraph, lines: list[Line], where: str, quiet: bool = False) -> bool:
        found: list[model.Reservation] = []
        for line in lines:
            for s in SENTENCE.split(" ".join(line.text.split())):
                if not s.strip():
                    continue
                m = RESERVATION.match(s.strip())
                if m is None:
                    return False
                wording = re.sub(r"^mot\s+(?:beslutet|nämndens beslut|det fattade beslutet)\s*", "", m.group("text")).strip()
                ref = WRITTEN_REF.search(wording)
                if ref is not None:
                    wording = (wording[: ref.start()] + wording[ref.end() :]).strip()
                found.append(
                    model.Reservation(by=[self.name(n) for n in _people(m.group("by"))], text=wording or None)
                )
                if ref is not None:
                    self.rec.written_refs[int(ref.group("n"))] = found[-1]
        if not found:
            return False
        p.reservations += found
        self.report.placed.append(f"{where}: reservation ({'; '.join(', '.join(r.by) for r in found)})")
        return True

    def _jav(self, p: model.Paragraph, lines: list[Line], where: str, quiet: bool = False) -> bool:
        found: list[model.Disqualification] = []
        for line in lines:
            text = " ".join(line.text.split())
            for s in SENTENCE.split(text):
                if not s.strip():
                    continue
                m = JAV.match(s.strip())
                instead = SERVES_INSTEAD.match(s.strip())
                if m is None and instead is not None and found and found[-1].replaced_by is None:
                    found[-1].replaced_by = self.name(instead.group("name"))
                    continue
                if m is None:
                    return False
                rep = m.group("rep")
                found.append(model.Disqualification(name=self.name(m.group("name")), replaced_by=self.name(rep) if rep else None))
        if not found:
            return False
        p.disqualified += found
        self.report.placed.append(f"{where}: jäv ({', '.join(d.name for d in found)})")
        return True

    def _statements(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        text = " ".join(" ".join(line.text.split()) for line in lines if line.text.strip())
        m = STATEMENT.match(text)
        if m is not None and m.group("text").strip():
            by, said = [self.name(n) for n in _people(m.group("by"))], m.group("text").strip()
        else:
            m2 = re.match(rf"^(?P<by>{PEOPLE})\s*:\s*(?P<text>.+)$", text)
            if m2 is None:
                return False
            by, said = [self.name(n) for n in _people(m2.group("by"))], m2.group("text").strip()
        p.statements.append(model.Statement(by=by, text=said))
        self.report.placed.append(f"{where}: protokollsanteckning ({', '.join(by)})")
        return True

    def _send_to(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        items: list[str] = []
        for line in lines:
            for part in re.split(r";|\s*,\s*(?=[A-ZÅÄÖ])", " ".join(line.text.split())):
                part = part.strip(" .")
                if part:
                    items.append(part)
        if not items:
            return False
        p.send_to += items
        self.report.placed.append(f"{where}: protokollsutdrag till {len(items)}")
        return True

    def _written(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        """The written motivation of the last reservation, appended to the protokoll."""
        if not p.reservations:
            return False
        p.reservations[-1].written = "\n".join(" ".join(x.text.split()) for x in lines if x.text.strip()) + "\n"
        self.report.placed.append(f"{where}: skriftlig reservation")
        return True

    def _confidential(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        text = " ".join(" ".join(x.text.split()) for x in lines if x.text.strip())
        if not text or "offentliga versionen" in text:
            return False
        p.confidential = text
        self.report.placed.append(f"{where}: sekretess ({text})")
        return True

    def _appeal(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        """The överklagandehänvisning: the body's own text (members.yaml) read back as `appealable`."""
        text = " ".join(" ".join(x.text.split()) for x in lines if x.text.strip())
        own = " ".join((self.rec.members.body.appeal_text or "").split())
        if not own or text != own:
            self.report.look.append(
                f"{where}: an överklagandehänvisning other than body.appeal_text in members.yaml (kept as text)"
            )
            return False
        p.appealable = True
        self.report.placed.append(f"{where}: överklagandehänvisning (appealable)")
        return True

    def _actions(self, p: model.Paragraph, lines: list[Line], where: str) -> bool:
        """Uppdrag as kib prints them: 'Uppdrag: <task> (<owner>, senast <due>)'."""
        from .dates import find_date
        from .tasks import CONFIRM

        found: list[model.Action] = []
        for line in lines:
            text = " ".join(line.text.split())
            m = re.match(r"^(?P<task>.+?)\s*\((?P<owner>[^,()]+?)(?:,\s*(?:senast|till)\s+(?P<due>[^()]+))?\)\.?$", text)
            if m is None or (self.rec.directory.get(m.group("owner").strip()) is None and not m.group("owner").islower()):
                return False
            due_text = (m.group("due") or "").strip()
            due: dt.date | str | None = None
            if due_text:
                due = find_date(due_text, self.meeting.date) or ("nästa sammanträde" if "nästa" in due_text else None)
            found.append(model.Action(owner=m.group("owner").strip(), task=m.group("task").strip(), due=due, note=CONFIRM))
        p.actions += found
        self.report.placed.append(f"{where}: uppdrag ({len(found)}, as printed)")
        return True


def _first(label: Line | None, lines: list[Line]) -> str:
    text = label.text if label is not None else (lines[0].text if lines else "")
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:49] + "…"
