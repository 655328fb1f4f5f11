"""Who is who: resolving the names, short forms and role words the minutes use to one person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the model costs start-up time
    from kib.record import model


@dataclass(frozen=True)
class Person:
    """A member or official as the documents print them."""

    name: str
    kind: str  # "member" or "official"
    party: str | None = None
    role: str | None = None
    title: str | None = None

    @property
    def label(self) -> str:
        """'Anders Nordmark (s)' for a member, the bare name for an official."""
        return f"{self.name} ({self.party})" if self.party else self.name


class AmbiguousName(Exception):
    def __init__(self, name: str, candidates: list[Person]) -> None:
        super().__init__(name)
        self.name = name
        self.candidates = candidates


def normalise(name: str) -> str:
    """Compare names ignoring case, hyphens, dots and spacing: 'Närvä-Eickenrodt' = 'Närvä Eickenrodt'."""
    return re.sub(r"[\s\-.]+", " ", name).strip().casefold()


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name (see `normalise`)."""
    return normalise(a) == normalise(b)


class Directory:
    """Every person of one body, findable by full name, short form, role word or unique first name."""

    def __init__(self, members_file: model.MembersFile) -> None:
        self.members_file = members_file
        self.people: list[Person] = []
        self._exact: dict[str, list[Person]] = {}
        self._parts: list[tuple[Person, list[str]]] = []  # each person's normalised name, in words
        self._found: dict[str, Person | AmbiguousName | None] = {}  # minutes name few people, many times
        for m in members_file.members:
            person = Person(m.name, "member", party=m.party, role=m.role)
            self._add(person, [m.name, *m.short])
        for o in members_file.officials:
            person = Person(o.name, "official", title=o.title)
            self._add(person, [o.name, *o.short, *o.roles])
        self._add_role_words(members_file)

    def _add_role_words(self, members_file: model.MembersFile) -> None:
        """'ordföranden', 'vice ordföranden', 'sekreteraren': the minutes name people by their role, so an
        uppdrag given to "ordföranden" belongs to whoever holds that role. A word someone declared under
        `roles` wins; a word that fits several people stays ambiguous."""
        by_role = {
            "ordförande": [p for p in self.people if p.kind == "member" and p.role == "ordförande"],
            "vice ordförande": [
                p for p in self.people if p.kind == "member" and p.role in ("vice ordförande", "1:e vice ordförande")
            ],
            "1:e vice ordförande": [p for p in self.people if p.kind == "member" and p.role == "1:e vice ordförande"],
            "2:e vice ordförande": [p for p in self.people if p.kind == "member" and p.role == "2:e vice ordförande"],
        }
        named = secretaries(members_file)
        by_role["sekreterare"] = [p for p in self.people if p.kind == "official" and p.name in named]
        for role, holders in by_role.items():
            if len(holders) != 1:
                continue
            for word in (role, role + "n"):  # "ordförande" and "ordföranden"
                key = normalise(word)
                if key not in self._exact:
                    self._exact[key] = holders

    def _add(self, person: Person, keys: list[str]) -> None:
        self.people.append(person)
        self._parts.append((person, normalise(person.name).split(" ")))
        for key in keys:
            bucket = self._exact.setdefault(normalise(key), [])
            if person not in bucket:
                bucket.append(person)

    def find(self, name: str) -> Person | None:
        """The one person `name` means, None if nobody; raises AmbiguousName if several.

        A full name decides alone. A short form, role word or first name must fit one person only:
        "Lennart J" is ambiguous once both Lennart Jonasson and Lennart Jansson are listed, even if
        one of them declared it, because the minutes cannot tell them apart.
        """
        if name not in self._found:
            try:
                self._found[name] = self._lookup(name)
            except AmbiguousName as exc:
                self._found[name] = exc
        result = self._found[name]
        if isinstance(result, AmbiguousName):
            raise result
        return result

    def _lookup(self, name: str) -> Person | None:
        key = normalise(name)
        full = [p for p, parts in self._parts if " ".join(parts) == key]
        if len(full) == 1:
            return full[0]
        found = list(self._exact.get(key, []))
        words = key.split(" ")
        for p, parts in self._parts:
            if p in found:
                continue
            if len(words) == 1 and parts[0] == key:
                found.append(p)  # a first name alone
            elif len(words) == 2 and parts[0] == words[0] and any(part.startswith(words[1]) for part in parts[1:]):
                found.append(p)  # a first name with an initial: "Lennart J"
        if not found:
            return None
        if len(found) > 1:
            raise AmbiguousName(name, found)
        return found[0]

    def suggest(self, name: str, kind: str | None = None) -> str | None:
        """The listed name nearest to a misspelt `name` (of a member or official only, with `kind`), for
        "did you mean …?"; None when nothing is close."""
        import difflib

        names = {normalise(p.name): p.name for p in self.people if kind is None or p.kind == kind}
        near = difflib.get_close_matches(normalise(name), list(names), n=1, cutoff=0.75)
        return names[near[0]] if near else None

    def get(self, name: str) -> Person | None:
        """The person `name` means, or None when it means nobody or several (kib check reports those)."""
        try:
            return self.find(name)
        except AmbiguousName:
            return None

    def member(self, name: str) -> Person | None:
        person = self.get(name)
        return person if person and person.kind == "member" else None

    @property
    def chair(self) -> Person | None:
        return next((p for p in self.people if p.role == "ordförande"), None)

    @property
    def secretary(self) -> model.Official | None:
        """Who keeps the minutes and signs as sekreterare (see `secretaries`), when that is one person."""
        names = secretaries(self.members_file)
        if len(names) != 1:
            return next((o for o in self.members_file.officials if o.secretary), None)
        return next(o for o in self.members_file.officials if o.name == names[0])

    def official(self, name: str) -> model.Official | None:
        return next((o for o in self.members_file.officials if normalise(o.name) == normalise(name)), None)


def secretaries(members_file: model.MembersFile) -> list[str]:
    """The officials marked `secretary: true`; without one, those titled sekreterare."""
    return [o.name for o in members_file.officials if o.secretary] or [
        o.name for o in members_file.officials if (o.title or "").casefold() == "sekreterare"
    ]
