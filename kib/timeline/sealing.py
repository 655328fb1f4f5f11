"""Sealing at signing: `kib sign REF` (everyone at once) and `kib sign REF --amend` (a correction).

The act is check, seal, write: a meeting is sealed only when `kib check` accepts it as signed, with the
record of what its documents take from members.yaml (`kib.body.signed_record`); the file is written all or
nothing and must read back with exactly the seal written (`kib.record.seal` computes and verifies it).
Signature by signature (`kib sign --as`) is `signatures`, which keeps the record here at its first seal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.body.signed_record import take_record
from kib.errors import KibError, UsageError
from kib.record.seal import (
    RULE_RENEWED,
    SEAL_RULE,
    broken_link,
    chain_link,
    changed_parts,
    covers_actions,
    fingerprint,
    picture_digests,
    seal_rule,
    sealed_parts,
    verify_written,
)
from kib.record.store import BodyDir, Loaded
from kib.swedish import parse_date

if TYPE_CHECKING:
    from kib.record import model


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
    """Record signing (or a correction of signed minutes) in the meeting file, all or nothing."""
    from kib.record.edit import edit_yaml

    path = body.resolve_meeting(ref)
    loaded = body.load_meeting(path)
    meeting = loaded.require(" (fix this before signing)")
    when = signing_day(meeting, date, today)
    signed = meeting.signed
    if amend:
        if signed is None:
            raise UsageError("--amend corrects signed minutes; this meeting is not signed yet")
        if not reason or not reason.strip():
            raise UsageError("--amend needs --reason: say why the signed minutes were corrected")
    elif signed is not None and signed.fingerprint:
        raise UsageError(
            f'already signed on {signed.date.isoformat()}; to correct signed minutes use --amend --reason "…"'
        )
    elif signed is not None and date and signed.date != when:
        raise UsageError(
            f"the file records signing on {signed.date.isoformat()}, not {when.isoformat()}; "
            "correct the date in the file or leave --date out"
        )
    who = by or _secretary_name(body) or "sekreteraren"
    outcome: dict[str, Any] = {}

    def change(data: Any, raw: Any, text: str) -> None:
        # judged on the file as it is under the lock (another program may have saved it since it was read)
        current = _current(body, path, text)
        if amend:
            outcome.update(_amend(body, path, data, raw, current, when, who, reason.strip()))  # type: ignore[union-attr]
        else:
            outcome.update(_seal(body, path, data, raw, current, when))

    edit_yaml(path, change, with_source=True, verify=verify_written)
    if amend:
        return f"{path}: correction recorded ({', '.join(outcome['changed']) or 'content'}): {reason.strip()}"  # type: ignore[union-attr]
    return f"{path}: signed {outcome['date'].isoformat()}, content sealed"


def signing_day(meeting: model.Meeting, date: str | None, today: dt.date | None) -> dt.date:
    """The day of a signature: `--date`, else today; neither before the meeting nor in the future."""
    today = today or dt.date.today()
    when = parse_date(date, "--date") if date else today
    if when < meeting.date:
        raise UsageError(f"signing date {when.isoformat()} is before the meeting ({meeting.date.isoformat()})")
    if when > today:
        raise UsageError(f"signing date {when.isoformat()} is in the future")
    return when


def _current(body: BodyDir, path: Path, text: str) -> model.Meeting:
    """The meeting as the file holds it now, refused when `kib check` would reject it once signed."""
    from kib.record import model
    from kib.record.store import load_text

    loaded = load_text(path, text, model.Meeting)
    _refuse_problems(body, loaded)
    meeting: model.Meeting = loaded.require(" (fix this before signing)")
    return meeting


def _refuse_problems(body: BodyDir, loaded: Loaded) -> None:
    """`kib sign` seals only what `kib check` accepts for a signed meeting, naming every problem."""
    from kib.checks.check import signing_problems

    problems = signing_problems(body, loaded)
    if problems:
        first, rest = problems[0], problems[1:]
        also = "; ".join(f"line {p.line}: {p.message}" if p.file == first.file else p.render(body.path) for p in rest[:9])
        more = f" (and {len(rest) - 9} more)" if len(rest) > 9 else ""
        hint = f"; also {also}{more}" if rest else ""
        raise KibError.from_problem(first, hint)


def _seal(body: BodyDir, path: Path, data: Any, raw: Any, meeting: model.Meeting, when: dt.date) -> dict[str, Any]:
    from ruamel.yaml.comments import CommentedMap

    previous = raw.get("signed") if isinstance(raw.get("signed"), dict) else None
    if previous is not None and previous.get("fingerprint"):
        raise UsageError("already signed (by another kib meanwhile); to correct signed minutes use --amend")
    signed_on = meeting.signed.date if meeting.signed is not None else when
    record = take_record(body.members, meeting)
    pictures = picture_digests(meeting, path)
    as_signed = {**raw, "signed": {**(previous or {}), "date": signed_on, "record": record}}
    renewed = with_rule(as_signed["signed"])
    if pictures:
        as_signed["signed"]["pictures"] = pictures
    seal_print = fingerprint(as_signed)
    block = data.get("signed")
    if block is None:
        block = CommentedMap()
        block["date"] = when
        data["signed"] = block
    block["fingerprint"] = seal_print
    block["parts"] = CommentedMap(sealed_parts(as_signed))
    block["record"] = yaml_record(record)
    if pictures:
        block["pictures"] = CommentedMap(pictures)
    if renewed:
        block["rule"] = SEAL_RULE
    return {"date": signed_on}


def _amend(
    body: BodyDir, path: Path, data: Any, raw: Any, meeting: model.Meeting, when: dt.date, who: str, reason: str
) -> dict[str, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kib.record.edit import text_value

    signed = meeting.signed
    assert signed is not None
    raw_signed = dict(raw["signed"])
    adding_record = signed.record is None
    if adding_record:  # minutes signed before kib kept a record: keep one now, as members.yaml is today
        raw_signed["record"] = take_record(body.members, meeting)
    pictures = picture_digests(meeting, path)
    if pictures or "pictures" in raw_signed:
        raw_signed["pictures"] = pictures
    # resealed under the current rule where that covers more (the uppdrag the body prints); what changed is
    # judged under the rule the minutes were sealed with
    as_before = {**raw, "signed": dict(raw_signed)}
    renewing = seal_rule(raw_signed) < SEAL_RULE and with_rule(raw_signed)
    as_amended = {**raw, "signed": raw_signed}
    previous = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
    new_print = fingerprint(as_amended)
    if new_print == previous and not adding_record:
        raise UsageError("nothing to amend: the content is unchanged since it was sealed")
    changed = changed_parts(signed.parts, sealed_parts(as_before)) if signed.parts else []
    if renewing:
        changed.append(RULE_RENEWED)
    raw_entry: dict[str, Any] = {"date": when, "by": who, "reason": reason, "fingerprint": new_print}
    if changed:
        raw_entry["changed"] = changed
    link = signed.amendments[-1].chain if signed.amendments else signed.fingerprint
    if signed.amendments and broken_link(signed, raw) is not None:
        raise KibError(
            "the corrections recorded in this file are not the ones kib chained; restore them before adding one "
            "(`kib check` names the first that differs)",
            file=path,
        )
    block = data["signed"]
    entry = CommentedMap()
    entry["date"] = when
    entry["by"] = text_value(who)
    entry["reason"] = text_value(reason)
    entry["fingerprint"] = new_print
    if changed:
        entry["changed"] = CommentedSeq(changed)
    entry["chain"] = chain_link(link, raw_entry)
    if adding_record:
        block["record"] = yaml_record(raw_signed["record"])
    if "pictures" in raw_signed:
        block["pictures"] = CommentedMap(pictures)
    if renewing:
        block["rule"] = SEAL_RULE
    if "amendments" not in block or block["amendments"] is None:
        block["amendments"] = CommentedSeq()
    block["amendments"].append(entry)
    block["parts"] = CommentedMap(sealed_parts(as_amended))
    return {"changed": changed}


def with_rule(signed: dict[str, Any]) -> bool:
    """Seal under the current rule where it covers more than the first (the body prints uppdrag), so that
    minutes of a body that does not print them are sealed exactly as before; True when `signed` got the rule."""
    if not covers_actions({**signed, "rule": SEAL_RULE}):
        return False
    signed["rule"] = SEAL_RULE
    return True


def keep_record(body: BodyDir, path: Path, as_signed: dict[str, Any]) -> dict[str, Any]:
    """At the first seal of a meeting signed signature by signature: the record and the pictures' digests
    put into `as_signed` (the plain data being sealed), and returned as round-trip values to write."""
    from ruamel.yaml.comments import CommentedMap

    from kib.record import model
    from kib.record.convert import convert

    meeting, _ = convert(model.Meeting, {k: v for k, v in as_signed.items() if k != "signed"})
    record = take_record(body.members, meeting)
    as_signed["signed"]["record"] = record
    out: dict[str, Any] = {"record": yaml_record(record)}
    if with_rule(as_signed["signed"]):
        out["rule"] = SEAL_RULE
    pictures = picture_digests(meeting, path)
    if pictures:
        as_signed["signed"]["pictures"] = pictures
        out["pictures"] = CommentedMap(pictures)
    return out


def _secretary_name(body: BodyDir) -> str | None:
    """Who records a correction unless --by says otherwise: the body's secretary."""
    from kib.body.committee import Committee

    try:
        secretary = Committee.load(body).secretary
    except KibError:
        return None
    return secretary.name if secretary else None


def yaml_record(record: dict[str, Any]) -> Any:
    """The record as round-trip data for the file, every text written so that it reads back unchanged."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kib.record.edit import text_value

    if isinstance(record, dict):
        out = CommentedMap()
        for key, value in record.items():
            out[key] = yaml_record(value)
        return out
    if isinstance(record, list):
        return CommentedSeq([yaml_record(v) for v in record])
    if isinstance(record, str):
        return text_value(record)
    return record
