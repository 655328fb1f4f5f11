"""Git history as the independent evidence of a seal.

A fingerprint is a plain sha256 that anyone can recompute, so a seal removed and made again over changed
text looks like any other seal. Where the data root is a git repository (a shared store), the commit
that first sealed each meeting says what was signed: `kib check` compares every meeting with it and
names that commit when the seal has since been removed or re-made. A correction made with
`kib sign --amend` never changes the first fingerprint, so it passes; so does a seal whose fingerprint
is that of the very content the commit sealed (kib computing fingerprints differently since).

Two git processes for the whole root, whatever its size: one `git log` finding, for every meeting
file, the first commit that wrote a fingerprint into it, and one `git cat-file --batch` reading those
versions.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.errors import Problem

from . import model
from .store import load_file, problem_at

if TYPE_CHECKING:
    from .scan import MeetingOutline

#: A shared store's history is read in seconds; a hung git (a network file system) must not hang check.
GIT_TIMEOUT = 60


def seal_history_problems(root: Path, meetings: list[MeetingOutline]) -> list[Problem]:
    """Meetings whose seal differs from the one of the commit that first sealed them."""
    if not meetings:
        return []
    git = shutil.which("git")
    if git is None:
        return []
    top = _git(git, root, "rev-parse", "--show-toplevel")
    if top is None or not top.strip():
        return []
    toplevel = Path(top.strip())
    by_name: dict[str, MeetingOutline] = {}
    for loaded in meetings:
        try:
            by_name[Path(os.path.realpath(loaded.path)).relative_to(Path(os.path.realpath(toplevel))).as_posix()] = loaded
        except ValueError:
            continue  # a meeting file outside the repository
    if not by_name:
        return []
    folders = sorted({name.rsplit("/", 1)[0] if "/" in name else "." for name in by_name})
    log = _git(
        git, toplevel, "log", "--reverse", "--no-renames", "--format=%x00%H %cs", "--name-only",
        "-G", "fingerprint: sha256:", "--", *folders,
    )  # fmt: skip
    if log is None:
        return []
    first: dict[str, tuple[str, str]] = {}
    for chunk in log.split("\x00")[1:]:
        lines = chunk.strip().splitlines()
        if not lines:
            continue
        commit, _, day = lines[0].partition(" ")
        for name in lines[1:]:
            name = name.strip()
            if name in by_name and name not in first:
                first[name] = (commit, day)
    if not first:
        return []
    versions = _versions_at(git, toplevel, first)
    problems = []
    for name, (commit, day) in first.items():
        meeting = by_name[name]
        dates = {meeting.signed_on, *(s.date for s in meeting.signatures)} if meeting.signed_on else set()
        then = _sealed(versions.get(name), dates)
        if not then:
            continue
        now = meeting.seal
        where = f"commit {commit[:10]} ({day})"
        found = load_file(meeting.path, model.Meeting)  # read again only to say at which line
        if now is None:
            problems.append(
                problem_at(
                    found,
                    ("signed",) if meeting.signed_on is not None else ("date",),
                    f"the seal that {where} stored has been removed; restore the signed block from that commit "
                    f"(git show {commit[:10]}:{name})",
                )
            )
        elif now not in then:
            problems.append(
                problem_at(
                    found,
                    ("signed", "fingerprint"),
                    f"the seal was made again since {where} first sealed these minutes, with no correction "
                    f"recorded; restore the signed block from that commit (git show {commit[:10]}:{name}) and "
                    f'record any change with `kib sign {meeting.date.isoformat()} --amend --reason "…"`',
                )
            )
    return problems


def _git(git: str, folder: Path, *args: str, stdin: bytes | None = None) -> str | None:
    """Output of one git command, or None when git fails (no repository, no commits, git broken)."""
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def _versions_at(git: str, toplevel: Path, first: dict[str, tuple[str, str]]) -> dict[str, bytes]:
    """Each file as its first sealing commit holds it, read in one git process."""
    names = list(first)
    request = "".join(f"{first[name][0]}:{name}\n" for name in names).encode("utf-8")
    try:
        done = subprocess.run(
            [git, "-C", str(toplevel), "cat-file", "--batch"],
            input=request,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    out: dict[str, bytes] = {}
    data = done.stdout
    position = 0
    for name in names:
        end = data.find(b"\n", position)
        if end < 0:
            break
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "missing"
        size = int(header[2])
        blob = data[position : position + size]
        position += size + 1
        out[name] = blob
    return out


def _sealed(blob: bytes | None, dates: set[Any]) -> set[str]:
    """The seals a first sealed version vouches for: the fingerprint it stored, and (before any correction)
    the fingerprint of the content it holds as kib computes it now, also as dated anew by a later
    signature (`signed.date`, the last signature's day, is sealed and moves with each signature; `dates`
    are the days the record now names)."""
    import yaml

    from .seal import fingerprint
    from .yamlio import _Loader

    if blob is None:
        return set()
    try:
        data: Any = yaml.load(blob.decode("utf-8-sig"), Loader=_Loader)  # read as kib reads the file now
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return set()
    signed = data.get("signed") if isinstance(data, dict) else None
    if not isinstance(signed, dict) or not signed.get("fingerprint"):
        return set()
    seals = {str(signed["fingerprint"])}
    if not signed.get("amendments"):
        with contextlib.suppress(TypeError, ValueError):
            seals.add(fingerprint(data))
            seals.update(fingerprint({**data, "signed": {**signed, "date": day}}) for day in dates)
    return seals
