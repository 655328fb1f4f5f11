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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.errors import KibError, Problem, UsageError
from kib.swedish import parse_date

from .store import BodyDir, Loaded, problem_at

if TYPE_CHECKING:
    from kib.body.people import Directory

    from . import model

HEADER_KEYS = ("date", "time", "place", "presiding", "paragraph_format", "attendees", "countersigner", "signing")
#: Sealed with the header when present; absent keys stay out so older seals still match.
OPTIONAL_HEADER_KEYS = ("verifiers",)
#: What the signed statement prints: sealed too, so the date of signing cannot move silently.
SIGNATURE_KEYS = ("date", "statement")
#: members.yaml's body fields no document prints (planning, signing appointments, look): not recorded.
#: Every other field is, so that a field added later is kept at signing without anyone remembering to.
NOT_PRINTED = (
    "weekday",
    "meetings_per_year",
    "signing_days",
    "signing_time",
    "term_start",
    "term_end",
    "templates",
    "conflicts",
)
#: members.yaml defaults a meeting may set itself: kept only when the meeting uses the default.
RECORD_DEFAULT_KEYS = ("place", "time", "paragraph_format")
#: The change an amendment lists when it only added the record to minutes signed before kib kept one.
RECORD_ADDED = "record added"
#: Longest text taken for a possible name when the record's people are chosen.
MAX_NAME_LENGTH = 80
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
    """The corrections a document prints: all but the one that only kept a record of what it already printed."""
    if signed is None:
        return []
    return [a for a in signed.amendments if a.changed != [RECORD_ADDED]]


def _names_used(meeting: model.Meeting) -> list[str]:
    """Every short text of the meeting that could be a name a document looks up in members.yaml.

    Read from every field rather than a list of the fields that name people, so that a field added to
    the format later (substitutes, motions, ballots, jäv) is covered without anyone remembering to; a
    text that names nobody costs one failed look-up.
    """
    import dataclasses

    names: list[str] = []
    stack: list[Any] = [meeting]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if 0 < len(item) <= MAX_NAME_LENGTH and item.strip():
                names.append(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                value = getattr(item, f.name)
                if f.name == "signed" and value is not None:
                    stack.extend(a.by for a in value.amendments)  # the record itself names nobody new
                elif f.name not in ("text", "note"):
                    stack.append(value)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return names


def take_record(
    members: model.MembersFile, meeting: model.Meeting, directory: Directory | None = None
) -> dict[str, Any]:
    """What the documents of `meeting` take from members.yaml, as plain data for the meeting file.

    People are kept when a name of the meeting could mean them, including every candidate of an
    ambiguous short form, so that each name resolves from the record exactly as from members.yaml;
    the ordförande and the secretary always, since the documents print them. `directory` is the
    directory of `members` when the caller has one already (an import of many documents).
    """
    from kib.body.people import AmbiguousName, Directory, normalise

    directory = directory or Directory(members)
    wanted: set[tuple[str, str]] = set()
    for name in _names_used(meeting):
        try:
            person = directory.find(name)
        except AmbiguousName as exc:
            wanted.update((p.kind, normalise(p.name)) for p in exc.candidates)
            continue
        if person is not None:
            wanted.add((person.kind, normalise(person.name)))
    wanted.update(("member", normalise(m.name)) for m in members.members if m.role == "ordförande")
    wanted.update(("official", normalise(o.name)) for o in members.officials if o.secretary)

    from dataclasses import fields

    info = members.body
    body: dict[str, Any] = {}
    for f in fields(info):
        value = getattr(info, f.name)
        if f.name in NOT_PRINTED or f.name in RECORD_DEFAULT_KEYS or value is None or value in ("", [], {}):
            continue
        body[f.name] = list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value
    for key in RECORD_DEFAULT_KEYS:
        if getattr(meeting, key) is None and getattr(info, key):
            body[key] = getattr(info, key)
    people: list[dict[str, Any]] = []
    for m in members.members:
        if ("member", normalise(m.name)) in wanted:
            entry: dict[str, Any] = {"name": m.name}
            if m.party:
                entry["party"] = m.party
            if m.role != "ledamot":
                entry["role"] = m.role
            if m.short:
                entry["short"] = list(m.short)
            people.append(entry)
    officials: list[dict[str, Any]] = []
    for o in members.officials:
        if ("official", normalise(o.name)) in wanted:
            entry = {"name": o.name}
            if o.title:
                entry["title"] = o.title
            if o.short:
                entry["short"] = list(o.short)
            if o.roles:
                entry["roles"] = list(o.roles)
            if o.secretary:
                entry["secretary"] = True
            officials.append(entry)
    record: dict[str, Any] = {"body": body}
    if people:
        record["members"] = people
    if officials:
        record["officials"] = officials
    return record


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


def _yaml_record(record: dict[str, Any]) -> Any:
    """The record as round-trip data for the file, every text written so that it reads back unchanged."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .edit import text_value

    if isinstance(record, dict):
        out = CommentedMap()
        for key, value in record.items():
            out[key] = _yaml_record(value)
        return out
    if isinstance(record, list):
        return CommentedSeq([_yaml_record(v) for v in record])
    if isinstance(record, str):
        return text_value(record)
    return record


# ---------------------------------------------------------------- kib check


def seal_problems(loaded: Loaded, members: model.MembersFile | None = None) -> list[Problem]:
    """`kib check`'s view of a signed meeting: unsealed, changed since it was sealed, a broken chain of
    amendments, a changed picture; with `members`, also how members.yaml now differs from the record."""
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
    problems += _picture_problems(loaded)
    if members is None:
        return problems  # what refuses a signed document; what follows is for `kib check` to tell
    if signed.record is None:
        problems.append(
            problem_at(
                loaded,
                ("signed",),
                "signed minutes keep no record of what they print from members.yaml, so a change there changes "
                f'them; keep one with `kib sign {day} --amend --reason "…"`',
                "warning",
            )
        )
    else:
        problems += record_differences(loaded, members)
    return problems


def _chain_problems(loaded: Loaded) -> list[Problem]:
    signed = loaded.value.signed
    raw = loaded.raw.get("signed", {}).get("amendments") or []
    link = signed.fingerprint
    for i, amendment in enumerate(signed.amendments):
        expected = chain_link(link, raw[i] if i < len(raw) else None)
        if amendment.chain != expected:
            return [
                problem_at(
                    loaded,
                    ("signed", "amendments", i),
                    f"correction {i + 1} of the signed minutes ({amendment.date.isoformat()}: {amendment.reason}) "
                    "is not the one recorded: a correction before it, or this one, was removed, reordered or "
                    "reworded; restore the corrections from a copy or the git history",
                )
            ]
        link = amendment.chain
    return []


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


def record_differences(loaded: Loaded, members: model.MembersFile) -> list[Problem]:
    """How members.yaml now differs from what the signed minutes recorded (information: they keep the record)."""
    from kib.body.people import normalise

    record = loaded.value.signed.record
    raw_body = (loaded.raw.get("signed", {}).get("record") or {}).get("body") or {}
    out = []

    def note(path: tuple[object, ...], text: str) -> None:
        out.append(
            problem_at(loaded, ("signed", "record", *path), f"{text}; the signed minutes keep the record", "info")
        )

    for key in raw_body:
        then, now = getattr(record.body, key, None), getattr(members.body, key, None)
        if then != now:
            note(("body", key), f"members.yaml body.{key} is now {now!r}, the record {then!r}")
    for section, fields in (("members", ("party", "role", "short")), ("officials", ("title", "short", "roles", "secretary"))):
        current = {normalise(p.name): p for p in getattr(members, section)}
        for i, person in enumerate(getattr(record, section)):
            found = current.get(normalise(person.name))
            if found is None:
                note((section, i, "name"), f"{person.name} is no longer in members.yaml")
                continue
            for key in fields:
                then, now = getattr(person, key), getattr(found, key)
                if then != now:
                    note((section, i, "name"), f"{person.name}: members.yaml {key} is now {now!r}, the record {then!r}")
    return out


# ---------------------------------------------------------------- kib sign


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
    from .edit import edit_yaml

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

    edit_yaml(path, change, with_source=True, verify=_verify_written)
    if amend:
        return f"{path}: correction recorded ({', '.join(outcome['changed']) or 'content'}): {reason.strip()}"  # type: ignore[union-attr]
    return f"{path}: signed {outcome['date'].isoformat()}, content sealed"


def _current(body: BodyDir, path: Path, text: str) -> model.Meeting:
    """The meeting as the file holds it now, refused when `kib check` would reject it once signed."""
    from . import model
    from .store import load_text

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
    block["record"] = _yaml_record(record)
    if pictures:
        block["pictures"] = CommentedMap(pictures)
    return {"date": signed_on}


def _amend(
    body: BodyDir, path: Path, data: Any, raw: Any, meeting: model.Meeting, when: dt.date, who: str, reason: str
) -> dict[str, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .edit import text_value

    signed = meeting.signed
    assert signed is not None
    raw_signed = dict(raw["signed"])
    adding_record = signed.record is None
    if adding_record:  # minutes signed before kib kept a record: keep one now, as members.yaml is today
        raw_signed["record"] = take_record(body.members, meeting)
    pictures = picture_digests(meeting, path)
    if pictures or "pictures" in raw_signed:
        raw_signed["pictures"] = pictures
    as_amended = {**raw, "signed": raw_signed}
    previous = signed.amendments[-1].fingerprint if signed.amendments else signed.fingerprint
    new_print = fingerprint(as_amended)
    if new_print == previous and not adding_record:
        raise UsageError("nothing to amend: the content is unchanged since it was sealed")
    changed = changed_parts(signed.parts, sealed_parts(as_amended)) if signed.parts else []
    raw_entry: dict[str, Any] = {"date": when, "by": who, "reason": reason, "fingerprint": new_print}
    if changed:
        raw_entry["changed"] = changed
    raw_amendments = list(raw["signed"].get("amendments") or [])
    link = signed.amendments[-1].chain if signed.amendments else signed.fingerprint
    if signed.amendments and _chain_broken(signed, raw_amendments):
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
        block["record"] = _yaml_record(raw_signed["record"])
    if "pictures" in raw_signed:
        block["pictures"] = CommentedMap(pictures)
    if "amendments" not in block or block["amendments"] is None:
        block["amendments"] = CommentedSeq()
    block["amendments"].append(entry)
    block["parts"] = CommentedMap(sealed_parts(as_amended))
    return {"changed": changed}


def _chain_broken(signed: model.Signed, raw_amendments: list[Any]) -> bool:
    link = signed.fingerprint
    for i, amendment in enumerate(signed.amendments):
        if amendment.chain != chain_link(link, raw_amendments[i] if i < len(raw_amendments) else None):
            return True
        link = amendment.chain
    return False


def _verify(body: BodyDir, path: Path, expected: str) -> None:
    """The file as now written must carry the content that was sealed (no edit slipped in between)."""
    loaded = body.load_meeting(path)
    if fingerprint(loaded.raw) != expected:
        raise KibError("the file changed while it was being signed; run the command again", file=loaded.path)


def keep_record(body: BodyDir, path: Path, as_signed: dict[str, Any]) -> dict[str, Any]:
    """At the first seal of a meeting signed signature by signature: the record and the pictures' digests
    put into `as_signed` (the plain data being sealed), and returned as round-trip values to write."""
    from ruamel.yaml.comments import CommentedMap

    from . import model
    from .convert import convert

    meeting, _ = convert(model.Meeting, {k: v for k, v in as_signed.items() if k != "signed"})
    record = take_record(body.members, meeting)
    as_signed["signed"]["record"] = record
    out: dict[str, Any] = {"record": _yaml_record(record)}
    pictures = picture_digests(meeting, path)
    if pictures:
        as_signed["signed"]["pictures"] = pictures
        out["pictures"] = CommentedMap(pictures)
    return out


def rechain_last(record: Any) -> None:
    """Renew the link of the last correction after kib itself renewed its fingerprint (a later signature
    dates the record anew); `record` is the round-trip `signed` block being written."""
    amendments = record.get("amendments") or []
    if not amendments:
        return
    previous = amendments[-2].get("chain") if len(amendments) > 1 else record.get("fingerprint")
    amendments[-1]["chain"] = chain_link(previous, amendments[-1])


def _verify_written(raw: Any) -> None:
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


def _secretary_name(body: BodyDir) -> str | None:
    """Who records a correction unless --by says otherwise: the body's secretary."""
    from kib.body.committee import Committee

    try:
        secretary = Committee.load(body).secretary
    except KibError:
        return None
    return secretary.name if secretary else None
