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
    from . import model

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
    "list_appended": "Enligt bifogad närvaro- och voteringslista",
    "attendance_list": "Närvaro- och voteringslista",
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
    "not_verified": "Ej justerat",
    # a paragraph as 5 kap. 67 § kommunallagen asks
    "dnr": "Dnr",
    "motions": "Yrkanden",
    "supported_by": "med instämmande av",
    "proposition_order": "Propositionsordning",
    "vote": "Omröstning",
    "vote_yes": "Ja",
    "vote_no": "Nej",
    "vote_abstain": "Avstår",
    "vote_name": "Namn",
    "casting_vote": "Ordförandens utslagsröst",
    "not_participating": "avstår från att delta i beslutet",
    "decision": "Beslut",
    "reservation": "Reservation",
    "written_reservation": "Skriftlig reservation",
    "disqualification": "Jäv",
    "disqualified_text": "deltar inte i handläggningen på grund av jäv",
    "serves_instead": "tjänstgör i stället",
    "statement": "Protokollsanteckning",
    "send_to": "Protokollsutdrag skickas till",
    "appeal": "Hur man överklagar",
    "verified_at_meeting": "Paragrafen justeras omedelbart.",
    "confidential": "Sekretess",
    "confidential_withheld": "Paragrafen omfattas av sekretess och redovisas inte i den offentliga versionen.",
    "attachment": "Bilaga",
    # ANSLAG/BEVIS: the notice that the justering was announced
    "notice_heading": "ANSLAG/BEVIS",
    "notice_text": "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
    "notice_body": "Organ",
    "notice_meeting_date": "Sammanträdesdatum",
    "notice_up": "Datum då anslaget sätts upp",
    "notice_down": "Datum då anslaget tas ned",
    "notice_kept_at": "Förvaringsplats för protokollet",
    "notice_signature": "Underskrift",
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
}

KINDS: dict[str, dict[str, str]] = {
    "beredning": {**_COMMON, **_BEREDNING},
    "nämnd": {**_COMMON, **_PROTOKOLL},
    "utskott": {**_COMMON, **_PROTOKOLL},
    "styrelse": {**_COMMON, **_PROTOKOLL},
    "fullmäktige": {**_COMMON, **_PROTOKOLL, "record_title": "Protokoll"},
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
