"""Signing seals the minutes: a fingerprint of everything they print is stored, and any later change shows.

What is sealed is what the signatories vouch for: the header (date, place, attendance, signatories),
every paragraph and attachment, and the record of what the documents take from members.yaml at signing
(names with parties, roles and titles, the secretary, the signed statement's wording, the heading, the
defaults used) with the sha256 of every picture a bilaga shows. A signed meeting is rendered from that
record, so a later change to members.yaml cannot rewrite it. Not sealed: the secretary's `note` and the
uppdrag register (`actions`), whose follow-up is recorded in the meeting file long after signing.

Corrections after signing are amendments, chained: each one's `chain` is a hash over the one before it
and its own date, author, reason and changes, so none can be removed or reworded without `kib check`
noticing. The seal is evidence of change, not a signature: the fingerprint is a plain sha256 anyone can
recompute, which is why `kib check` also compares with git history where there is one (`kib.record.sealhistory`).

Here are the fingerprints, the reading of the record and the verification. Which people the record
keeps is the body's rule (`kib.body.signed_record`); the act of signing, which seals only what `kib check`
accepts, is `kib.timeline.sealing`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.errors import KibError, Problem

from .store import BodyDir, Loaded, problem_at

if TYPE_CHECKING:
    from . import model

HEADER_KEYS = ("date", "time", "place", "presiding", "paragraph_format", "attendees", "countersigner", "signing")
#: Sealed with the header when present; absent keys stay out so older seals still match.
OPTIONAL_HEADER_KEYS = ("verifiers",)
#: What the signed statement prints: sealed too, so the date of signing cannot move silently.
SIGNATURE_KEYS = ("date", "statement")
#: The change an amendment lists when it only added the record to minutes signed before kib kept one.
RECORD_ADDED = "record added"
#: The change an amendment lists when it resealed minutes under the current rule (`SEAL_RULE`).
RULE_RENEWED = "rule renewed"
#: Changes an amendment lists that change nothing the document prints.
NOT_PRINTED_CHANGES = frozenset({RECORD_ADDED, RULE_RENEWED})
#: The fingerprint rule kib seals with now: 2 covers the uppdrag a body prints under each paragraph.
SEAL_RULE = 2
#: What the line of an uppdrag under its paragraph prints (the id is not printed, nor its follow-up).
PRINTED_ACTION_KEYS = ("owner", "task", "due")
#: Largest picture file kib hashes (a bilaga's picture is a few MB at most).
MAX_PICTURE_BYTES = 100_000_000


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    """Round-trip (ruamel) or safe-loaded data as plain dicts and lists, so both hash alike."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool) or value is None or type(value).__name__ == "ScalarBoolean":
        return None if value is None else bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def sealed_parts(raw: dict[str, Any]) -> dict[str, str]:
    """Short digests of the header, each paragraph and each attachment, in document order.

    The record and the pictures are parts only when the meeting keeps them, so that minutes sealed
    before kib kept a record keep their fingerprint.
    """
    data = _plain(raw)
    header = {k: data.get(k) for k in HEADER_KEYS}
    header.update({k: data[k] for k in OPTIONAL_HEADER_KEYS if k in data})
    parts: dict[str, str] = {"header": _digest(header)}
    signed = data.get("signed") if isinstance(data.get("signed"), dict) else {}
    parts["signed statement"] = _digest({k: signed.get(k) for k in SIGNATURE_KEYS})
    if "record" in signed:
        parts["record"] = _digest(signed.get("record"))
    if "pictures" in signed:
        parts["pictures"] = _digest(signed.get("pictures"))
    if "rule" in signed:
        parts["rule"] = _digest(signed.get("rule"))
    with_actions = covers_actions(signed)
    for i, para in enumerate(data.get("paragraphs") or []):
        if isinstance(para, dict):
            content = {k: v for k, v in para.items() if k != "actions"}
            if with_actions and para.get("actions"):
                content["actions"] = [_printed_action(a) for a in para["actions"]]
            parts[f"§ {para.get('number', i + 1)}"] = _digest(content)
        else:
            parts[f"paragraph {i + 1}"] = _digest(para)
    for i, attachment in enumerate(data.get("attachments") or []):
        parts[f"bilaga {i + 1}"] = _digest(attachment)
    return parts


def seal_rule(signed: Any) -> int:
    """The fingerprint rule a `signed` block was sealed with: 1 when it names none (sealed before rule 2)."""
    rule = signed.get("rule") if isinstance(signed, dict) else None
    return rule if isinstance(rule, int) and not isinstance(rule, bool) else 1


def covers_actions(signed: Any) -> bool:
    """Whether the seal covers each paragraph's uppdrag: under rule 2, when the recorded body prints them."""
    if seal_rule(signed) < 2:
        return False
    record = signed.get("record")
    body = record.get("body") if isinstance(record, dict) else None
    return not isinstance(body, dict) or body.get("print_actions", True) is not False


def _printed_action(action: Any) -> Any:
    if isinstance(action, dict):
        return {k: action[k] for k in PRINTED_ACTION_KEYS if k in action}
    return action


def _digest(value: Any) -> str:
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()[:12]


def fingerprint(raw: dict[str, Any]) -> str:
    """The seal of a meeting's content: sha256 over its sealed parts."""
    return "sha256:" + hashlib.sha256(_canonical(sealed_parts(raw)).encode("utf-8")).hexdigest()


def chain_link(previous: str | None, amendment: Any) -> str:
    """The fingerprint of one amendment: the link before it plus its own date, author, reason and changes."""
    entry = {k: v for k, v in _plain(amendment).items() if k != "chain"} if isinstance(amendment, dict) else amendment
    return "sha256:" + hashlib.sha256(_canonical({"previous": previous, "amendment": entry}).encode("utf-8")).hexdigest()


def changed_parts(old: dict[str, str], new: dict[str, str]) -> list[str]:
    names = list(new) + [k for k in old if k not in new]
    out = []
    for name in names:
        if name not in old:
            out.append(f"{name} added")
        elif name not in new:
            out.append(f"{name} removed")
        elif old[name] != new[name]:
            out.append(name)
    return out


# ---------------------------------------------------------------- the record of members.yaml


def effective_members(body: BodyDir, meeting: model.Meeting) -> model.MembersFile:
    """The body and people a document of `meeting` prints: as recorded at signing, else members.yaml's."""
    if meeting.signed is not None and meeting.signed.record is not None:
        return meeting.signed.record
    return body.members


def printed_amendments(signed: model.Signed | None) -> list[model.Amendment]:
    """The corrections a document prints: all but those that only kept a record of what it already printed or
    resealed it under the current rule."""
    if signed is None:
        return []
    return [a for a in signed.amendments if not a.changed or not set(a.changed) <= NOT_PRINTED_CHANGES]


def picture_digests(meeting: model.Meeting, meeting_path: Path) -> dict[str, str]:
    """sha256 of each bilaga's picture file, by the path the meeting gives; a missing one is an error."""
    out: dict[str, str] = {}
    for i, attachment in enumerate(meeting.attachments):
        if attachment.image:
            out[attachment.image] = _picture_digest(meeting_path, attachment.image, f"bilaga {i + 1}")
    return out


def _picture_digest(meeting_path: Path, image: str, what: str) -> str:
    from .yamlio import read_input

    picture = meeting_path.parent / image
    if not picture.exists():
        raise KibError(f"{what}: no picture {image} next to the meeting file", file=meeting_path)
    data = read_input(picture, MAX_PICTURE_BYTES, "pictures")
    return "sha256:" + hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- verification


def seal_problems(loaded: Loaded) -> list[Problem]:
    """What is wrong with the seal of a signed meeting: unsealed, changed since it was sealed, a broken
    chain of amendments, a changed picture. `kib check` reports it; a signed document is refused for it."""
    meeting = loaded.value
    signed = meeting.signed
    if signed is None or not isinstance(loaded.raw, dict):
        return []
    day = meeting.date.isoformat()
    if not signed.fingerprint:
        return [
            problem_at(
                loaded,
                ("signed",),
                f"signed but not sealed; run `kib sign {day} --date {signed.date.isoformat()}` "
                "to store its fingerprint (a signed meeting must be sealed, or changes to it go unnoticed)",
            )
        ]
    problems = _chain_problems(loaded)
    if problems:
        return problems
    expected = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
    if fingerprint(loaded.raw) != expected:
        what = changed_parts(signed.parts, sealed_parts(loaded.raw)) if signed.parts else []
        detail = f" ({', '.join(what)})" if what else ""
        problems.append(
            problem_at(
                loaded,
                ("signed", "fingerprint"),
                f"signed minutes changed after signing{detail}; undo the change, or record it knowingly with "
                f'`kib sign {day} --amend --reason "…"`',
            )
        )
    return problems + _picture_problems(loaded)


def broken_link(signed: model.Signed, raw: dict[str, Any]) -> int | None:
    """The index of the first correction that is not the one chained (removed, reordered or reworded since),
    None when the chain holds; `raw` is the meeting as read, whose corrections are hashed as written."""
    amendments = (raw.get("signed") or {}).get("amendments") or []
    link = signed.fingerprint
    for i, amendment in enumerate(signed.amendments):
        if amendment.chain != chain_link(link, amendments[i] if i < len(amendments) else None):
            return i
        link = amendment.chain
    return None


def _chain_problems(loaded: Loaded) -> list[Problem]:
    signed = loaded.value.signed
    i = broken_link(signed, loaded.raw)
    if i is None:
        return []
    amendment = signed.amendments[i]
    return [
        problem_at(
            loaded,
            ("signed", "amendments", i),
            f"correction {i + 1} of the signed minutes ({amendment.date.isoformat()}: {amendment.reason}) "
            "is not the one recorded: a correction before it, or this one, was removed, reordered or "
            "reworded; restore the corrections from a copy or the git history",
        )
    ]


def _picture_problems(loaded: Loaded) -> list[Problem]:
    meeting = loaded.value
    signed = meeting.signed
    out = []
    for i, attachment in enumerate(meeting.attachments):
        if not attachment.image or attachment.image not in signed.pictures:
            continue  # a picture added after signing changes the bilaga, which the fingerprint names
        try:
            now = _picture_digest(loaded.path, attachment.image, f"bilaga {i + 1}")
        except KibError as exc:
            out.append(problem_at(loaded, ("attachments", i, "image"), exc.message))
            continue
        if now != signed.pictures[attachment.image]:
            out.append(
                problem_at(
                    loaded,
                    ("attachments", i, "image"),
                    f"the picture {attachment.image} of bilaga {i + 1} changed after signing; put back the signed "
                    f'picture, or record the change with `kib sign {meeting.date.isoformat()} --amend --reason "…"`',
                )
            )
    return out


def verify_file(body: BodyDir, path: Path, expected: str) -> None:
    """The file as now written must carry the content that was sealed (no edit slipped in between)."""
    loaded = body.load_meeting(path)
    if fingerprint(loaded.raw) != expected:
        raise KibError("the file changed while it was being signed; run the command again", file=loaded.path)


def verify_written(raw: Any) -> None:
    """The file about to be written must carry the seal of exactly its own content."""
    signed = raw.get("signed") if isinstance(raw, dict) else None
    amendments = (signed or {}).get("amendments") or []
    expected = amendments[-1].get("fingerprint") if amendments else (signed or {}).get("fingerprint")
    link = (signed or {}).get("fingerprint")
    for amendment in amendments:
        if amendment.get("chain") != chain_link(link, amendment):
            expected = None
        link = amendment.get("chain")
    if fingerprint(raw) != expected:
        raise KibError("kib could not write the seal so that it reads back; nothing was written")


def rechain_last(record: Any) -> None:
    """Renew the link of the last correction after kib itself renewed its fingerprint (a later signature
    dates the record anew); `record` is the round-trip `signed` block being written."""
    amendments = record.get("amendments") or []
    if not amendments:
        return
    previous = amendments[-2].get("chain") if len(amendments) > 1 else record.get("fingerprint")
    amendments[-1]["chain"] = chain_link(previous, amendments[-1])
