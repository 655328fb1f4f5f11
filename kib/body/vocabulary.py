"""Every label the documents print, by kind of body, so that no wording is hard-wired in code or template.

A beredning keeps *minnesanteckningar* that one member *kontrasignerar*; a nämnd, utskott, styrelse or
fullmäktige keeps a *protokoll* that is *justerat*. The kind in members.yaml (`body.kind`) picks one
vocabulary; `body.labels` overrides any single label, e.g. a body that prints "Justerare" instead of
"Justerande". Keys are English; the values are the Swedish words on the page.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the model costs start-up time
    from kib.record import model

#: Labels shared by every kind: the anatomy of a paragraph and of the attendance.
_COMMON: dict[str, str] = {
    # the header table
    "place_time": "Plats och tid",
    "place": "Plats",
    "time": "Tid",
    "deciding": "Beslutande",
    "serving_substitute": "Tjänstgörande ersättare",
    "serving_for": "tjänstgörande ersättare för",
    "substitutes": "Ersättare",
    "others": "Övriga deltagare",
    "absent": "Frånvarande",
    "serving_from": "från",
    "serving_to": "till och med",
    "list_appended": "Enligt bifogad närvaro- och voteringslista",
    "attendance_list": "Närvaro- och voteringslista",
    "served": "Tjänstgör",
    "secretary": "Sekreterare",
    "chair": "Ordförande",
    "signatures": "Underskrifter",
    "paragraphs": "Paragrafer",
    "paragraph": "Paragraf",
    "unsigned_stamp": "Justeringsexemplar",
    # footer boxes and certified extracts
    "footer_certification": "Utdragsbestyrkande",
    "extract_title": "Protokollsutdrag",
    "certification": "Utdragsbestyrkande",
    "certification_text": "Utdraget överensstämmer med originalet.",
    "verified": "Justerat",
    "verification": "Justering",
    "not_verified": "Ej justerat",
    # a paragraph as 5 kap. 67 § kommunallagen asks
    "dnr": "Dnr",
    "motions": "Yrkanden",
    "moves": "yrkar",
    "supported_by": "med instämmande av",
    "proposition_order": "Propositionsordning",
    "vote": "Omröstning",
    "vote_yes": "Ja",
    "vote_no": "Nej",
    "vote_abstain": "Avstår",
    "vote_name": "Namn",
    "vote_total": "Summa",
    "vote_yes_for": "Ja för",
    "vote_no_for": "Nej för",
    "vote_list": "Voteringslista",
    "casting_vote": "Ordförandens utslagsröst",
    "not_participating": "avstår från att delta i beslutet",
    "decision": "Beslut",
    "reservation": "Reservation",
    "reserves": "reserverar sig mot beslutet",
    "written_reservation": "Skriftlig reservation",
    "written_reservation_ref": "skriftlig reservation, bilaga",
    "disqualification": "Jäv",
    "disqualified_text": "anmäler jäv och deltar inte i handläggningen",
    "serves_instead": "tjänstgör i stället",
    "statement_by": "lämnar följande protokollsanteckning:",
    "statement": "Protokollsanteckning",
    "send_to": "Protokollsutdrag skickas till",
    "appeal": "Hur man överklagar",
    "verified_at_meeting": "Paragrafen justeras omedelbart.",
    "confidential": "Sekretess",
    "confidential_withheld": "Paragrafen omfattas av sekretess och redovisas inte i den offentliga versionen.",
    "confidential_ground": "Sekretess enligt",
    "attachment": "Bilaga",
    "and": "och",
    # ANSLAG/BEVIS: the notice that the justering was announced
    "notice_heading": "ANSLAG/BEVIS",
    "notice_text": "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
    "notice_body": "Organ",
    "notice_meeting_date": "Sammanträdesdatum",
    "notice_up": "Datum då anslaget sätts upp",
    "notice_down": "Datum då anslaget tas ned",
    "notice_kept_at": "Förvaringsplats för protokollet",
    "notice_signature": "Underskrift",
    "notice_certified_by": "Intygas av",
    "notice_paragraphs": "Paragrafer",
    "notice_verified": "Datum för justering",
    "notice_appeal_ends": "Sista dag för överklagande",
    # the agenda
    "agenda_title": "Kallelse",
    "agenda_list": "Föredragningslista",
    "agenda_number": "§",
    "agenda_item": "Ärende",
    "agenda_presenter": "Föredragande",
}

#: A beredning's minnesanteckningar, word for word as KIB prints them.
_BEREDNING: dict[str, str] = {
    "record_title": "Minnesanteckningar",
    "record": "minnesanteckningar",
    "record_definite": "minnesanteckningarna",
    "appoint_verifiers": "Utses att kontrasignera",
    "signing_place_time": "Datum för underskrift",
    "verifier": "Kontrasigneras av",
    "footer_chair": "Ordförandes signatur",
    "footer_verifier": "Kontrasign. signatur",
    "extract_of": "Utdrag ur minnesanteckningar",
    "unsigned_note": "minnesanteckningarna är ännu inte undertecknade och kontrasignerade",
    "signed_statement": (
        "{body} minnesanteckningar är undertecknade av ordförande och kontrasignerade av en annan "
        "ledamot, den {date}. Anteckningarna delges {reports_to}."
    ),
    "verified_by": "Undertecknade av",
    "verification": "Underskrift",  # minnesanteckningar are signed and countersigned, never justerade
    "verified": "Undertecknat",
    "not_verified": "Ej undertecknat",
    "draft": "Utkast – inte den undertecknade versionen",
    "role_chair": "ordförande",
    "role_vice_chair": "v ordförande",
    "role_first_vice_chair": "1:e v ordförande",
    "role_second_vice_chair": "2:e v ordförande",
    "serving_for": "tjänstgör för",
}

#: A protokoll that one or two justerare justera together with the ordförande.
_PROTOKOLL: dict[str, str] = {
    "record_title": "Sammanträdesprotokoll",
    "record": "protokoll",
    "record_definite": "protokollet",
    "appoint_verifiers": "Utses att justera",
    "signing_place_time": "Justeringens plats och tid",
    "verifier": "Justerande",
    "footer_chair": "Ordförandes sign",
    "footer_verifier": "Justerandes sign",
    "extract_of": "Utdrag ur protokoll",
    "unsigned_note": "protokollet är ännu inte justerat",
    "signed_statement": "{body} protokoll är justerat den {date}.",
    "verified_by": "Justerat av",
    "draft": "Utkast – inte den justerade versionen",
    "role_chair": "ordförande",
    "role_vice_chair": "vice ordförande",
    "role_first_vice_chair": "1:e vice ordförande",
    "role_second_vice_chair": "2:e vice ordförande",
}

KINDS: dict[str, dict[str, str]] = {
    "beredning": {**_COMMON, **_BEREDNING},
    "nämnd": {**_COMMON, **_PROTOKOLL},
    "utskott": {**_COMMON, **_PROTOKOLL},
    "styrelse": {**_COMMON, **_PROTOKOLL},
    "fullmäktige": {**_COMMON, **_PROTOKOLL, "record_title": "Protokoll", "agenda_title": "Kungörelse"},
}

#: Every key a body may override.
LABEL_KEYS: frozenset[str] = frozenset(_COMMON) | frozenset(_BEREDNING) | frozenset(_PROTOKOLL)

#: Justerare each meeting appoints when members.yaml does not say (a beredning: its one kontrasignerare).
VERIFIERS_REQUIRED: dict[str, int] = {"beredning": 1, "nämnd": 1, "utskott": 1, "styrelse": 1, "fullmäktige": 2}

_DEFAULT_TITLE = "Minnesanteckningar"


def labels(kind: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The labels of a body of `kind`, with members.yaml's overrides applied (unknown keys are ignored here;
    `kib check` reports them)."""
    chosen = dict(KINDS.get(kind, KINDS["beredning"]))
    chosen.update({k: v for k, v in (overrides or {}).items() if k in LABEL_KEYS})
    return chosen


def body_labels(body: model.Body) -> dict[str, str]:
    """The labels of one body; an explicit `document_title` other than the default names the record too."""
    overrides = dict(body.labels)
    if body.document_title != _DEFAULT_TITLE and "record_title" not in overrides:
        overrides["record_title"] = body.document_title
    return labels(body.kind, overrides)


def verifiers_required(body: model.Body) -> int:
    """How many justerare (or kontrasignerare) each meeting of this body appoints."""
    if body.verifiers_required is not None:
        return body.verifiers_required
    return VERIFIERS_REQUIRED.get(body.kind, 1)


def unknown_label(key: str) -> str | None:
    """The message for a label key kib does not print, with the nearest known key; None when known."""
    if key in LABEL_KEYS:
        return None
    near = difflib.get_close_matches(key, sorted(LABEL_KEYS), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else f"; known keys: {', '.join(sorted(LABEL_KEYS))}"
    return f"unknown label {key!r}{hint}"
