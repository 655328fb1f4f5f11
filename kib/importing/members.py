"""`--update-members`: the people an import found, added to members.yaml by a surgical edit.

The file is edited round-trip (kib.record.edit), so every comment, quote and blank line the secretary wrote
stays; members go at the end of `members`, officials at the end of `officials`, each with a note that
an import added them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kib.body.people import normalise

from .names import Proposed


def add_people(path: Path, people: list[Proposed]) -> list[str]:
    """Append the proposed people not yet in the file; return the names added."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from kib.record.edit import edit_yaml, text_value

    added: list[str] = []

    def change(data: Any) -> None:
        listed = {normalise(str(p.get("name", ""))) for key in ("members", "officials") for p in (data.get(key) or [])}
        has_secretary = any(o.get("secretary") for o in (data.get("officials") or []))
        for person in people:
            if normalise(person.name) in listed:
                continue
            key = "members" if person.kind == "member" else "officials"
            if data.get(key) is None:
                data[key] = CommentedSeq()
            entry = CommentedMap()
            entry["name"] = text_value(person.name)
            if person.kind == "member":
                if person.party:
                    entry["party"] = text_value(person.party)
                if person.role and person.role != "ledamot":
                    entry["role"] = text_value(person.role)
            else:
                if person.title:
                    entry["title"] = text_value(person.title)
                if person.roles:
                    entry["roles"] = CommentedSeq([text_value(r) for r in person.roles])
                if person.secretary and not has_secretary:
                    entry["secretary"] = True
                    has_secretary = True
            seen = ", ".join(person.seen[:3])
            entry["note"] = text_value(f"Added by kib import ({seen}); check the spelling and details.")
            data[key].append(entry)
            listed.add(normalise(person.name))
            added.append(person.name)

    edit_yaml(path, change)
    return added
