"""The scan cache: what scanning commands need of each file, so that thousands of meetings read in a second.

Parsing and converting a meeting file costs far more than reading and hashing its bytes. So a scan
still reads every file and hashes its bytes, and uses what it kept of the file only
when the hash is the one it was made from: any change to the content is seen, whatever happens to the
file's size or modification time, and a file is parsed from exactly the bytes that were hashed.

What is kept are the model's own records (members.yaml and schedule.yaml whole; of a meeting, the
slim frozen `MeetingOutline`) and, for `kib check`, each meeting's own problems; all through the
generic codec, as JSON (never pickle or marshal). It lives in the user's cache folder, one file per
body named by a digest of the body's folder, never in the data root, which others may write to: an
edited cache there could hide an open uppdrag. Each cache file carries a format key (a digest of kib's
sources, PyYAML's version and Python's), so what another kib wrote is ignored; an entry that fails to
decode is ignored and made again. A file with problems is never cached: it is loaded every time, so
its problems read exactly as the loader words them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kib import __version__
from kib.errors import KibError, Problem
from kib.record import model
from kib.usercache import read_json, read_limited, user_cache_dir, write_json

from .codec import Invalid, decode, encode
from .store import BodyDir, Loaded, load_bytes, load_meeting_safely

T = TypeVar("T")

#: Bump when the shape of what is cached changes.
FORMAT = 2
#: Files larger than this are left to the normal loader, which refuses them with its own message.
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class MeetingOutline:
    """What the rules across meetings need of a meeting file that loads cleanly: the slim frozen form of
    `model.Meeting` (paragraph numbering, uppdrag, who signs next, the legal timeline after the meeting)."""

    path: Path
    date: dt.date
    presiding: str | None = None
    countersigner: str | None = None
    verifiers: tuple[str, ...] = ()  # the justerare, as written
    numbers: tuple[int, ...] = ()  # each paragraph's number, in order
    actions: tuple[tuple[model.Action, ...], ...] = ()  # each paragraph's uppdrag as written, in the same order
    verified_at_meeting: tuple[int, ...] = ()  # the paragraphs justerade omedelbart
    signed_on: dt.date | None = None
    signatures: tuple[model.Signature, ...] = ()
    seal: str | None = None  # the fingerprint stored by `kib sign`
    announced: model.Announced | None = None
    pictures: tuple[str, ...] = ()  # the bilagor's picture files, relative to the meeting file

    @classmethod
    def of(cls, path: Path, meeting: model.Meeting) -> MeetingOutline:
        signed = meeting.signed
        return cls(
            path,
            meeting.date,
            meeting.presiding,
            meeting.countersigner.name if meeting.countersigner else None,
            tuple(v.name for v in meeting.verifiers),
            tuple(p.number for p in meeting.paragraphs),
            tuple(tuple(p.actions) for p in meeting.paragraphs),
            tuple(p.number for p in meeting.paragraphs if p.verified_at_meeting),
            signed.date if signed else None,
            tuple(signed.signatures) if signed else (),
            signed.fingerprint if signed else None,
            meeting.announced,
            tuple(a.image for a in meeting.attachments if a.image),
        )

    @property
    def signatories(self) -> tuple[str, ...]:
        """Who justerade or countersigned, as written."""
        return (*self.verifiers, self.countersigner) if self.countersigner else self.verifiers


#: A scanned meeting file: its outline when it loads cleanly, else the Loaded with its problems.
Scanned = MeetingOutline | Loaded


def content_key(data: bytes) -> str:
    """The identity of a file's content."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read or is too large to be a kib file."""
    return read_limited(path, MAX_FILE_BYTES)


_FORMAT_KEY: list[str] = []


def format_key() -> str:
    """A digest of kib's sources, PyYAML's `__init__.py` (its version) and Python's version; empty (no
    cache) when that cannot be known. Another kib, an edited checkout or a new PyYAML: other caches."""
    if not _FORMAT_KEY:
        import importlib.util
        import sys

        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr(sys.version_info[:2]).encode())
        here = Path(__file__).resolve().parents[1]  # the whole kib package
        try:
            spec = importlib.util.find_spec("yaml")
            if spec is None or spec.origin is None:
                raise OSError("PyYAML not found")
            for path in [*sorted(here.rglob("*.py")), Path(spec.origin)]:
                digest.update(path.read_bytes())
        except (OSError, ImportError, ValueError):  # a frozen or zipped kib: caches cannot be told apart
            _FORMAT_KEY.append("")
        else:
            _FORMAT_KEY.append(f"kib-scan/{FORMAT}/{__version__}/{digest.hexdigest()}")
    return _FORMAT_KEY[0]


class ScanCache:
    """One body's scan cache in the user's cache folder: read defensively, written atomically."""

    def __init__(self, body: BodyDir) -> None:
        self.body = body
        self.key = format_key()
        folder = user_cache_dir()
        self.path: Path | None = None
        self.doc: dict[str, Any] = {}
        if folder is None or not self.key:
            return
        where = str(body.path.absolute())
        self.path = folder / "scan" / f"{hashlib.blake2b(where.encode(), digest_size=16).hexdigest()}.json"
        doc = read_json(self.path)
        if isinstance(doc, dict) and doc.get("format") == self.key and doc.get("folder") == where:
            self.doc = doc
        else:
            self.doc = {"format": self.key, "folder": where}
        self.changed = False
        meetings = self.doc.get("meetings")
        self.old: dict[str, Any] = meetings if isinstance(meetings, dict) else {}
        self.new: dict[str, Any] = {}

    def entry(self, name: str, key: str) -> dict[str, Any] | None:
        """What is kept of the meeting file `name` if its content still has the hash `key`."""
        if self.path is None:
            return None
        entry = self.old.get(name)
        if isinstance(entry, dict) and entry.get("sha") == key:
            return entry
        return None

    def keep(self, name: str, entry: dict[str, Any]) -> None:
        """Keep `entry` for the meeting file `name` (unchanged ones too: files not kept drop out)."""
        if self.path is None:
            return
        if self.old.get(name) is not entry:
            self.changed = True
        self.new[name] = entry

    def record(self, name: str, path: Path, cls: type[T]) -> T | None:
        """members.yaml or schedule.yaml from the cache while its bytes are unchanged, else parsed and
        kept when it loads without problems; None when it is missing or does not load cleanly."""
        data = read_bytes(path)
        if data is None:
            return None
        key = content_key(data)
        entry = self.doc.get(name)
        if self.path is not None and isinstance(entry, dict) and entry.get("sha") == key:
            try:
                return decode(cls, entry.get("value"))
            except (Invalid, TypeError, ValueError):
                pass
        try:
            loaded = load_bytes(path, data, cls)
        except KibError:
            return None
        if not loaded.ok:
            return None
        if self.path is not None:
            self.doc[name] = {"sha": key, "value": encode(loaded.value)}
            self.changed = True
        return loaded.value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Write the cache when anything changed (a file added, changed or deleted)."""
        if self.path is None:
            return
        if self.changed or len(self.new) != len(self.old):
            write_json(self.path, {**self.doc, "meetings": self.new})


def members_file(body: BodyDir, cache: ScanCache) -> model.MembersFile:
    """members.yaml; a file that is missing or has problems raises exactly as `body.members` does."""
    members = cache.record("members", body.members_path, model.MembersFile)
    return members if members is not None else body.members


def schedule_file(body: BodyDir, cache: ScanCache) -> model.ScheduleFile | None:
    """schedule.yaml; None when it is missing or broken (`kib check` reports that, scans carry on)."""
    if not body.schedule_path.is_file():
        return model.ScheduleFile()
    return cache.record("schedule", body.schedule_path, model.ScheduleFile)


def outline(entry: dict[str, Any], path: Path) -> MeetingOutline | None:
    """The outline of the file at `path` kept in a cache entry, or None when it does not decode."""
    try:
        kept = decode(MeetingOutline, entry.get("outline"), path=path)
    except (Invalid, TypeError, ValueError):
        return None
    return kept if len(kept.numbers) == len(kept.actions) else None


#: (key, function): a meeting's own findings, `function(loaded)`, kept under `key(outline)`, which must
#: name everything besides the file's bytes that they depend on; its first part (before "/") names
#: members.yaml, and findings for another members.yaml are dropped.
Findings = tuple[Callable[[MeetingOutline], str], Callable[[Loaded], list[Problem]]]


def scan_meetings(body: BodyDir, cache: ScanCache, also: Findings | None = None) -> list[tuple[Scanned, list[Problem]]]:
    """Every meeting file in date order, each with its outline (or its Loaded when it has problems), and
    with `also` its own findings: kept beside the outline, so that a file unchanged since is not parsed
    again."""
    out: list[tuple[Scanned, list[Problem]]] = []
    for path in body.meeting_paths():
        data = read_bytes(path)
        if data is None:  # vanished, unreadable or too large: the normal loader says what is wrong
            loaded = load_meeting_safely(body, path)
            out.append((loaded, list(loaded.problems)))
            continue
        key = content_key(data)
        entry = cache.entry(path.name, key)
        if entry is not None:
            kept = outline(entry, path)
            findings = _findings(entry, also[0](kept), path) if also and kept is not None else []
            if kept is not None and findings is not None:
                cache.keep(path.name, entry)
                out.append((kept, findings))
                continue
        loaded = load_meeting_safely(body, path, data)
        if loaded.value is None or not loaded.ok:
            out.append((loaded, list(loaded.problems)))  # never cached
            continue
        meeting_outline = MeetingOutline.of(path, loaded.value)
        new: dict[str, Any] = {"sha": key, "outline": encode(meeting_outline, leave_out=("path",))}
        # what `kib check` found of the same bytes stays (with and without --publish)
        kept_found = entry.get("found") if entry is not None else None
        new_found = dict(kept_found) if isinstance(kept_found, dict) else {}
        found: list[Problem] = []
        if also:  # findings for another members.yaml (the key's first part) go
            key_now = also[0](meeting_outline)
            new_found = {k: v for k, v in new_found.items() if k.split("/")[0] == key_now.split("/")[0]}
            found = also[1](loaded)
            if all(p.file == path for p in found):
                new_found[key_now] = encode(found)
        if new_found:
            new["found"] = new_found
        cache.keep(path.name, new)
        out.append((meeting_outline, found))
    return out


def _findings(entry: dict[str, Any], key: str, path: Path) -> list[Problem] | None:
    found = entry.get("found")
    if not isinstance(found, dict) or key not in found:
        return None
    try:
        problems = decode(list[Problem], found[key])
    except (Invalid, TypeError, ValueError):
        return None
    return problems if all(p.file == path for p in problems) else None
