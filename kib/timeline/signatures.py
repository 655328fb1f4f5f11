"""`kib sign --as ROLE`: each signature of a protokoll recorded on its own day.

The first signature seals the content (the signatories vouch for the same text); each later one is
written only while the content is unchanged since, and the seal is renewed to cover the new date of
the record (`signed.date`, the last signature's day, which the signed statement prints). Without `--as`,
a record that already has some signatures gets all the missing ones on the given date; one with none
is signed all at once (`sealing.sign_meeting`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.body.committee import Committee
from kib.body.people import same_name
from kib.errors import KibError, UsageError
from kib.record.store import BodyDir

from .signers import ROLE_SV, ROLE_WORDS, Signer, missing_signers, required_signers

if TYPE_CHECKING:
    from kib.record import model

#: Where a new `signed` record goes: after the last of these keys the file has (else at the end).
SIGNED_AFTER = ("signing", "verifiers", "countersigner", "attendees")


def sign(
    body: BodyDir,
    ref: str,
    *,
    role: str | None = None,
    name: str | None = None,
    date: str | None = None,
    amend: bool = False,
    reason: str | None = None,
    by: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Record a signature (`role`, `name`), the missing ones, or signing all at once; return a message."""
    from .sealing import _refuse_problems, sign_meeting, signing_day

    if name is not None and role is None:
        raise UsageError("--name says who signs in the role given by --as (secretary, chair or verifier)")
    if amend:
        if role is not None:
            raise UsageError("--amend records a correction of signed minutes; leave out --as and --name")
        return sign_meeting(body, ref, date=date, amend=True, reason=reason, by=by, today=today)
    path = body.resolve_meeting(ref)
    loaded = body.load_meeting(path)
    meeting: model.Meeting = loaded.require(" (fix this before signing)")
    if role is None and not (meeting.signed and meeting.signed.signatures):
        return sign_meeting(body, ref, date=date, today=today)

    committee = Committee.load(body)
    when = signing_day(meeting, date, today)
    signed = meeting.signed
    if signed is not None and signed.fingerprint and not signed.signatures:
        raise UsageError(
            f"already signed on {signed.date.isoformat()} by everyone at once; "
            'to correct signed minutes use --amend --reason "…"'
        )
    if role is None:
        new = _all_missing(committee, meeting, when)
    else:
        new = [_one(committee, meeting, role, name, when, given=date is not None)]
    _refuse_problems(body, loaded)  # what `kib check` rejects is not signed, one signature at a time either
    _check_sealed_unchanged(loaded.raw, meeting, path)
    return _record(body, path, loaded.raw, new, committee)


def _all_missing(committee: Committee, meeting: model.Meeting, when: dt.date) -> list[tuple[str, str, dt.date]]:
    missing = missing_signers(committee, meeting)
    if not missing:
        assert meeting.signed is not None
        raise UsageError(f"every signature is recorded; the record was signed on {meeting.signed.date.isoformat()}")
    unnamed = [s for s in missing if s.name is None]
    if unnamed:
        raise UsageError(
            f"the meeting names no {ROLE_SV[unnamed[0].role]} still to sign; "
            f"record that signature with --as {unnamed[0].role} --name NAME"
        )
    return [(s.role, s.name or "", when) for s in missing]


def _one(
    committee: Committee, meeting: model.Meeting, role: str, name: str | None, when: dt.date, *, given: bool
) -> tuple[str, str, dt.date]:
    key = ROLE_WORDS.get(role.strip().casefold())
    if key is None:
        raise UsageError(f"--as {role!r}: choose secretary, chair or verifier (sekreterare, ordförande, justerare)")
    who = _signer_name(committee, meeting, key, name)
    for signature in meeting.signed.signatures if meeting.signed else []:
        if signature.role == key and same_name(signature.name, who):
            if signature.date == when or not given:
                raise UsageError(f"{who} already signed as {ROLE_SV[key]} on {signature.date.isoformat()}")
            raise UsageError(
                f"{who} signed as {ROLE_SV[key]} on {signature.date.isoformat()}, not {when.isoformat()}; "
                "correct the date in the file"
            )
    return key, who, when


def _signer_name(committee: Committee, meeting: model.Meeting, role: str, name: str | None) -> str:
    """Who signs in `role`: `name` (checked against the meeting's justerare), or the only one it can be."""
    required = [s for s in required_signers(committee, meeting) if s.role == role]
    named = [s.name for s in required if s.name]
    if name is not None:
        if not name.strip():
            raise UsageError("--name is empty")
        if role == "verifier" and named:
            match = next((n for n in named if same_name(n, name)), None)
            if match is None:
                raise UsageError(f"{name} is not a justerare of this meeting; its justerare: {', '.join(named)}")
            return match
        return name.strip()
    waiting = [s for s in missing_signers(committee, meeting) if s.role == role]
    if len(waiting) == 1 and waiting[0].name:
        return waiting[0].name
    if not waiting and len(named) == 1:
        return named[0]
    choices = ", ".join(s.name for s in waiting if s.name) or ", ".join(named)
    hint = f" (one of: {choices})" if choices else ""
    raise UsageError(f"say who signs as {ROLE_SV[role]} with --name{hint}")


def _check_sealed_unchanged(raw: Any, meeting: model.Meeting, path: Path) -> None:
    """A later signature vouches for the content sealed at the first: it must be unchanged since."""
    from kib.record.seal import changed_parts, fingerprint, sealed_parts

    signed = meeting.signed
    if signed is None or not signed.fingerprint:
        return
    expected = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
    if fingerprint(raw) != expected:
        what = changed_parts(signed.parts, sealed_parts(raw)) if signed.parts else []
        detail = f" ({', '.join(what)})" if what else ""
        raise KibError(
            f"the minutes changed after the first signature{detail}; undo the change, or record it with "
            f'`kib sign {meeting.date.isoformat()} --amend --reason "…"` before the next signature',
            file=path,
        )


def _record(
    body: BodyDir, path: Path, raw: Any, new: list[tuple[str, str, dt.date]], committee: Committee
) -> str:
    from kib.record.edit import edit_yaml, text_value
    from kib.record.seal import fingerprint, rechain_last, sealed_parts, verify_file

    from .sealing import keep_record

    previous = raw.get("signed") if isinstance(raw.get("signed"), dict) else {}
    signatures = [*(previous.get("signatures") or []), *({"role": r, "name": n, "date": d} for r, n, d in new)]
    last = max(s["date"] for s in signatures if isinstance(s, dict) and isinstance(s.get("date"), dt.date))
    # hashed from the safe-loaded data `kib check` reads, as it will read once the signatures are written
    as_signed = {**raw, "signed": {**previous, "date": last, "signatures": signatures}}
    kept = keep_record(body, path, as_signed) if not previous.get("fingerprint") else {}  # sealed at the first
    seal_print = fingerprint(as_signed)
    parts = sealed_parts(as_signed)

    def change(data: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        record = data.get("signed")
        if record is None:
            record = CommentedMap()
            insert_after(data, "signed", record, SIGNED_AFTER)
        record["date"] = _fresh(last)
        if record.get("signatures") is None:
            if "signatures" in record:
                del record["signatures"]
            record.insert(list(record).index("date") + 1, "signatures", CommentedSeq())
        for role, name, day in new:
            entry = CommentedMap()
            entry["role"] = role
            entry["name"] = text_value(name)
            entry["date"] = _fresh(day)
            record["signatures"].append(entry)
        amendments = record.get("amendments")
        if amendments:
            amendments[-1]["fingerprint"] = seal_print  # the seal in force covers the new signature
            rechain_last(record)
        else:
            record["fingerprint"] = seal_print
        record["parts"] = CommentedMap(parts)
        for key, value in kept.items():
            record[key] = value

    edit_yaml(path, change)
    verify_file(body, path, seal_print)
    meeting: model.Meeting = body.meeting(path)
    done = ", ".join(f"{name} ({ROLE_SV[role]}) {day.isoformat()}" for role, name, day in new)
    missing = missing_signers(committee, meeting)
    if missing:
        waiting = ", ".join(_waiting(s) for s in missing)
        return f"{path}: signed by {done}; content sealed; still to sign: {waiting}"
    return f"{path}: signed by {done}; every signature recorded, justerat {last.isoformat()}"


def _fresh(day: dt.date) -> dt.date:
    """A date object of its own: ruamel writes an object met twice as an anchor and an alias (`&id001`)."""
    return dt.date(day.year, day.month, day.day)


def _waiting(signer: Signer) -> str:
    return f"{signer.name} ({ROLE_SV[signer.role]})" if signer.name else ROLE_SV[signer.role]


def insert_after(data: Any, key: str, value: Any, after: tuple[str, ...]) -> None:
    """Put a new top-level key after the first of `after` the file has, so related keys stay together."""
    keys = list(data)
    anchor = next((k for k in after if k in data), None)
    if anchor is None:
        data[key] = value
    else:
        data.insert(keys.index(anchor) + 1, key, value)
