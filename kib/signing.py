"""Signing seals the minutes: a fingerprint of their content is stored, and any later change shows.

What is sealed is what the signatories vouch for: the header (date, place, attendance, signatories)
and every paragraph and attachment. Not sealed: the `signed` record itself, the secretary's `note`, and
the uppdrag register (`actions`), whose follow-up is recorded in the meeting file long after signing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from .errors import KibError, Problem, UsageError
from .store import BodyDir, Loaded, problem_at
from .swedish import parse_date

HEADER_KEYS = ("date", "time", "place", "presiding", "paragraph_format", "attendees", "countersigner", "signing")
#: Sealed with the header when present; absent keys stay out so older seals still match.
OPTIONAL_HEADER_KEYS = ("verifiers",)
#: What the signed statement prints: sealed too, so the date of signing cannot move silently.
SIGNATURE_KEYS = ("date", "statement")


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
    """Short digests of the header, each paragraph and each attachment, in document order."""
    data = _plain(raw)
    header = {k: data.get(k) for k in HEADER_KEYS}
    header.update({k: data[k] for k in OPTIONAL_HEADER_KEYS if k in data})
    parts: dict[str, str] = {"header": _digest(header)}
    signed = data.get("signed") if isinstance(data.get("signed"), dict) else {}
    parts["signed statement"] = _digest({k: signed.get(k) for k in SIGNATURE_KEYS})
    for i, para in enumerate(data.get("paragraphs") or []):
        if isinstance(para, dict):
            content = {k: v for k, v in para.items() if k != "actions"}
            parts[f"§ {para.get('number', i + 1)}"] = _digest(content)
        else:
            parts[f"paragraph {i + 1}"] = _digest(para)
    for i, attachment in enumerate(data.get("attachments") or []):
        parts[f"bilaga {i + 1}"] = _digest(attachment)
    return parts


def _digest(value: Any) -> str:
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()[:12]


def fingerprint(raw: dict[str, Any]) -> str:
    """The seal of a meeting's content: sha256 over its sealed parts."""
    return "sha256:" + hashlib.sha256(_canonical(sealed_parts(raw)).encode("utf-8")).hexdigest()


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


def seal_problems(loaded: Loaded) -> list[Problem]:
    """`kib check`'s view of a signed meeting: unsealed, or changed since it was sealed."""
    meeting = loaded.value
    signed = meeting.signed
    if signed is None or not isinstance(loaded.raw, dict):
        return []
    if not signed.fingerprint:
        return [
            problem_at(
                loaded,
                ("signed",),
                f"signed but not sealed; run `kib sign {meeting.date.isoformat()} --date {signed.date.isoformat()}` "
                "to store its fingerprint (a signed meeting must be sealed, or changes to it go unnoticed)",
            )
        ]
    expected = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
    if fingerprint(loaded.raw) == expected:
        return []
    what = changed_parts(signed.parts, sealed_parts(loaded.raw)) if signed.parts else []
    detail = f" ({', '.join(what)})" if what else ""
    return [
        problem_at(
            loaded,
            ("signed", "fingerprint"),
            f"signed minutes changed after signing{detail}; undo the change, or record it knowingly with "
            f'`kib sign {meeting.date.isoformat()} --amend --reason "…"`',
        )
    ]


def sign_meeting(
    body: BodyDir,
    ref: str,
    *,
    date: str | None,
    amend: bool = False,
    reason: str | None = None,
    by: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Record signing (or a correction of signed minutes) in the meeting file."""
    from .edit import edit_yaml, text_value

    path = body.resolve_meeting(ref)
    loaded = body.load_meeting(path)
    meeting = loaded.require(" (fix this before signing)")
    today = today or dt.date.today()
    when = parse_date(date, "--date") if date else today
    if when < meeting.date:
        raise UsageError(f"signing date {when.isoformat()} is before the meeting ({meeting.date.isoformat()})")
    if when > today:
        raise UsageError(f"signing date {when.isoformat()} is in the future")
    signed = meeting.signed

    if amend:
        if signed is None:
            raise UsageError("--amend corrects signed minutes; this meeting is not signed yet")
        if not reason or not reason.strip():
            raise UsageError("--amend needs --reason: say why the signed minutes were corrected")
        previous = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
        new_print = fingerprint(loaded.raw)
        if new_print == previous:
            raise UsageError("nothing to amend: the content is unchanged since it was sealed")
        changed = changed_parts(signed.parts, sealed_parts(loaded.raw)) if signed.parts else []
        who = by or _secretary_name(body)

        def add_amendment(data: Any) -> None:
            from ruamel.yaml.comments import CommentedMap, CommentedSeq

            record = data["signed"]
            entry = CommentedMap()
            entry["date"] = when
            entry["by"] = text_value(who)
            entry["reason"] = text_value(reason.strip())  # type: ignore[union-attr]
            entry["fingerprint"] = new_print
            if changed:
                entry["changed"] = CommentedSeq(changed)
            if "amendments" not in record or record["amendments"] is None:
                record["amendments"] = CommentedSeq()
            record["amendments"].append(entry)
            record["parts"] = CommentedMap(sealed_parts(loaded.raw))

        edit_yaml(path, add_amendment)
        _verify(body, path, new_print)
        return f"{path}: correction recorded ({', '.join(changed) or 'content'}): {reason.strip()}"  # type: ignore[union-attr]

    if signed is not None and signed.fingerprint:
        raise UsageError(
            f'already signed on {signed.date.isoformat()}; to correct signed minutes use --amend --reason "…"'
        )
    for i, para in enumerate(meeting.paragraphs):
        decision = "".join(para.decision) if isinstance(para.decision, list) else (para.decision or "")
        if not para.text.strip() and not decision.strip():
            problem = problem_at(
                loaded,
                ("paragraphs", i, "number"),
                f"§ {para.number} is empty (no text, no decision); write it or delete it before signing",
            )
            raise KibError.from_problem(problem)
    if signed is not None and date and signed.date != when:
        raise UsageError(
            f"the file records signing on {signed.date.isoformat()}, not {when.isoformat()}; "
            "correct the date in the file or leave --date out"
        )

    def seal(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        record = data.get("signed")
        if record is None:
            record = CommentedMap()
            record["date"] = when
            data["signed"] = record
        record["fingerprint"] = seal_print
        record["parts"] = CommentedMap(sealed_parts(as_signed))

    # hashed from the safe-loaded data `kib check` reads (not the round-trip copy being edited), as it
    # will read once the signing date is written
    previous = loaded.raw.get("signed") if isinstance(loaded.raw.get("signed"), dict) else {}
    as_signed = {**loaded.raw, "signed": {**previous, "date": signed.date if signed is not None else when}}
    seal_print = fingerprint(as_signed)
    edit_yaml(path, seal)
    _verify(body, path, seal_print)
    signed_on = signed.date if signed is not None else when
    return f"{path}: signed {signed_on.isoformat()}, content sealed"


def _verify(body: BodyDir, path: object, expected: str) -> None:
    """The file as now written must carry the content that was sealed (no edit slipped in between)."""
    loaded = body.load_meeting(path)  # type: ignore[arg-type]
    if fingerprint(loaded.raw) != expected:
        raise KibError("the file changed while it was being signed; run the command again", file=loaded.path)


def _secretary_name(body: BodyDir) -> str:
    """Who records a correction unless --by says otherwise: the body's secretary."""
    from .committee import Committee

    try:
        secretary = Committee.load(body).secretary
    except KibError:
        secretary = None
    return secretary.name if secretary else "sekreteraren"
