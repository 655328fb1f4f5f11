"""What signed minutes keep of members.yaml: chosen at signing, compared with members.yaml by `kib check`.

A signed meeting is rendered from this record, so that a later change to members.yaml cannot rewrite it
(`kib.record.seal` seals it with the rest). Which people it keeps follows the body's own rules for names,
so that each name of the minutes resolves from the record exactly as from members.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kib.errors import Problem
from kib.record.seal import SEAL_RULE, broken_link, seal_rule
from kib.record.store import Loaded, problem_at

from .people import AmbiguousName, Directory, normalise, secretaries

if TYPE_CHECKING:
    from kib.record import model

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
#: Wording whose default in members.yaml is a beredning's: the record keeps the words the body's kind prints.
WORDING_KEYS = ("document_title", "signed_statement")
#: Longest text taken for a possible name when the record's people are chosen.
MAX_NAME_LENGTH = 80


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
    wanted.update(("official", normalise(name)) for name in secretaries(members))

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
    body.update(printed_wording(info))
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


def printed_wording(info: model.Body) -> dict[str, str]:
    """The title and signed statement a document of this body prints: members.yaml's own wording, or where it
    leaves the default (a beredning's minnesanteckningar), the words of the body's kind and `labels:`."""
    from kib.record import model as record_model

    from .vocabulary import body_labels

    defaults = record_model.Body.__dataclass_fields__
    words = body_labels(info)
    out = {key: getattr(info, key) for key in WORDING_KEYS}
    if info.kind != "beredning" and info.document_title == defaults["document_title"].default:
        out["document_title"] = words["record_title"]  # a protokoll's template prints the kind's title
    if info.signed_statement == defaults["signed_statement"].default:
        out["signed_statement"] = words["signed_statement"]
    return out


def record_differences(loaded: Loaded, members: model.MembersFile) -> list[Problem]:
    """How members.yaml now differs from what the signed minutes recorded (information: they keep the record)."""
    record = loaded.value.signed.record
    raw_body = (loaded.raw.get("signed", {}).get("record") or {}).get("body") or {}
    out = []

    def note(path: tuple[object, ...], text: str) -> None:
        out.append(
            problem_at(loaded, ("signed", "record", *path), f"{text}; the signed minutes keep the record", "info")
        )

    then_words, now_words = printed_wording(record.body), printed_wording(members.body)
    for key in raw_body:
        then, now = getattr(record.body, key, None), getattr(members.body, key, None)
        if key in WORDING_KEYS:
            then, now = then_words[key], now_words[key]
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


def record_problems(loaded: Loaded, members: model.MembersFile) -> list[Problem]:
    """`kib check`'s word on the record of sealed minutes: none kept, or how members.yaml now differs.
    Said only once the seal and its chain of corrections hold (`seal_problems` names what does not)."""
    signed = loaded.value.signed
    if signed is None or not signed.fingerprint or not isinstance(loaded.raw, dict):
        return []
    if broken_link(signed, loaded.raw) is not None:
        return []
    if signed.record is None:
        return [
            problem_at(
                loaded,
                ("signed",),
                "signed minutes keep no record of what they print from members.yaml, so a change there changes "
                f'them; keep one with `kib sign {loaded.value.date.isoformat()} --amend --reason "…"`',
                "warning",
            )
        ]
    return _rule_note(loaded) + record_differences(loaded, members)


def _rule_note(loaded: Loaded) -> list[Problem]:
    """Which rule sealed minutes that print uppdrag, when it is the earlier one that does not cover them."""
    signed = loaded.value.signed
    if seal_rule(loaded.raw.get("signed")) >= SEAL_RULE or not signed.record.body.print_actions:
        return []
    return [
        problem_at(
            loaded,
            ("signed", "fingerprint"),
            f"sealed under rule {seal_rule(loaded.raw.get('signed'))}, which does not cover the uppdrag printed "
            f"under each paragraph (rule {SEAL_RULE} does); reseal with "
            f'`kib sign {loaded.value.date.isoformat()} --amend --reason "…"`',
            "info",
        )
    ]
