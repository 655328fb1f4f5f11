"""The scan cache (kib.record.scan): never stale, never trusted blindly, never in the way, never in the data root."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_kib

from kib.body.committee import Committee
from kib.record import scan
from kib.record.store import BodyDir, open_root


def rows(root: Path, *extra: str) -> list[dict[str, object]]:
    result = run_kib("--root", str(root), "open-actions", "--all", "--format", "json", "--today", "2030-01-01", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def uncached(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    with monkeypatch.context() as patch:
        patch.setenv("KIB_NO_CACHE", "1")
        return rows(root)


def bodies(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.glob("*/members.yaml"))


def cache_path(body: Path) -> Path:
    """Where the scan cache of the body in `body` lives: the user's cache folder, named by the body's folder."""
    path = scan.ScanCache(BodyDir(body)).path
    assert path is not None
    return path


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in map(cache_path, bodies(root)) if p.is_file())


def collect(body: BodyDir) -> tuple[list[object], list[object]]:
    return Committee.scan(body).uppdrag()  # type: ignore[return-value]


def keep_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Write `new` over `old` with the same byte count and the old modification time."""
    assert len(new) == len(old) and new != old
    stat = path.stat()
    path.write_bytes(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)


def first_meeting_with_task(root: Path) -> Path:
    return next(p for p in sorted(root.glob("*/meetings/*.yaml")) if b"    task: " in p.read_bytes())


# ---------------------------------------------------------------- the cache is used, and gives what parsing gives


def test_generated_municipality_passes_check(generated_root: Path) -> None:
    """bench/generate.py writes what a careful secretary would: no errors, no warnings."""
    result = run_kib("--root", str(generated_root), "check", "--strict")
    assert result.exit_code == 0, result.output


def test_same_records_cold_warm_and_parsed(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for body in open_root(generated_root).bodies:
        with monkeypatch.context() as patch:
            patch.setenv("KIB_NO_CACHE", "1")
            parsed = collect(BodyDir(body.path))
        cold = collect(BodyDir(body.path))
        warm = collect(BodyDir(body.path))
        assert parsed == cold == warm
        assert parsed[0], "the generated data should hold uppdrag"
    assert len(cache_files(generated_root)) == len(bodies(generated_root))


def test_warm_scan_parses_no_yaml(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = rows(generated_root)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a file although the cache holds it")

    monkeypatch.setattr("kib.record.store.load_bytes", refuse)
    monkeypatch.setattr("kib.record.store.load_file", refuse)
    assert rows(generated_root) == first


def test_no_cache_when_switched_off(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached(generated_root, monkeypatch)
    assert not cache_files(generated_root)


def test_nothing_is_written_into_the_data_root(generated_root: Path) -> None:
    before = sorted(p for p in generated_root.rglob("*"))
    rows(generated_root)
    assert run_kib("--root", str(generated_root), "check").exit_code == 0
    assert sorted(p for p in generated_root.rglob("*")) == before
    assert cache_files(generated_root)


def test_a_cache_planted_in_the_data_folder_hides_nothing(generated_root: Path) -> None:
    """What older kib kept in `.kib-cache/` beside the meetings is not read: an edited copy there changes nothing."""
    expected = rows(generated_root)
    for body in bodies(generated_root):
        planted = body / ".kib-cache"
        planted.mkdir()
        doc = json.loads(cache_path(body).read_text("utf-8"))
        for entry in doc["meetings"].values():
            for actions in entry["outline"].get("actions", []):
                for action in actions:
                    action["done"] = {"date": "2030-01-01"}
        (planted / "meetings.json").write_text(json.dumps(doc), "utf-8")
        cache_path(body).unlink()
    assert rows(generated_root) == expected
    assert any(r["status"] == "open" for r in expected)


# ---------------------------------------------------------------- changes are seen


def test_change_keeping_size_and_mtime_is_seen(generated_root: Path) -> None:
    rows(generated_root)  # the cache now holds every file
    path = first_meeting_with_task(generated_root)
    old = path.read_bytes()
    start = old.index(b"    task: ") + len(b"    task: ")
    new = old[:start] + b"XYZ" + old[start + 3 :]
    keep_size_and_mtime(path, old, new)
    tasks = [str(r["task"]) for r in rows(generated_root)]
    assert any(t.startswith("XYZ") for t in tasks)


def test_members_change_keeping_size_and_mtime_is_seen(generated_root: Path) -> None:
    before = rows(generated_root)
    written = [r for r in before if r["owner_as_written"] == "förvaltningschefen"]
    assert written and all(r["owner"] != "förvaltningschefen" for r in written)
    body = Path(str(written[0]["body"]))
    members = next(p for p in generated_root.glob("*/members.yaml") if f"name: {body}\n".encode() in p.read_bytes())
    old = members.read_bytes()
    keep_size_and_mtime(members, old, old.replace(b"- f\xc3\xb6rvaltningschefen", b"- f\xc3\xb6rvaltningschefxn"))
    after = [
        r for r in rows(generated_root) if r["body"] == str(body) and r["owner_as_written"] == "förvaltningschefen"
    ]
    assert after and all(r["owner"] == "förvaltningschefen" for r in after)  # the role word now resolves to nobody


def test_schedule_change_is_seen(generated_root: Path) -> None:
    body = open_root(generated_root).bodies[0]
    records, _ = collect(body)
    given = next(r for r in records if r.due_text == "nästa sammanträde" and r.due and (r.due - r.meeting).days > 1)
    day_after = given.meeting + dt.timedelta(days=1)
    schedule = body.schedule_path
    marker = f"  - year: {given.meeting.year}\n    dates:\n"
    text = schedule.read_text("utf-8")
    assert marker in text
    schedule.write_text(text.replace(marker, marker + f"      - {day_after.isoformat()}\n"), "utf-8")
    again, _ = collect(BodyDir(body.path))
    assert next(r for r in again if r.id == given.id).due == day_after


def test_added_and_deleted_meetings_are_seen(generated_root: Path) -> None:
    before = rows(generated_root)
    body = bodies(generated_root)[0]
    added = body / "meetings" / "2030-05-06.yaml"
    added.write_text(
        "date: 2030-05-06\nparagraphs:\n  - number: 1\n    title: Nytt\n    actions:\n"
        '      - id: "2030-1-1"\n        owner: sekreteraren\n        task: Ett alldeles nytt uppdrag\n',
        encoding="utf-8",
    )
    assert "Ett alldeles nytt uppdrag" in [r["task"] for r in rows(generated_root)]
    gone = first_meeting_with_task(generated_root)
    name = BodyDir(gone.parent.parent).members.body.name
    ids_there = {(r["body"], r["id"]) for r in before if r["meeting"] == gone.stem and r["body"] == name}
    assert ids_there
    gone.unlink()
    after = {(r["body"], r["id"]) for r in rows(generated_root)}
    assert not ids_there & after


def test_broken_file_is_reported_exactly_as_without_cache(
    generated_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows(generated_root)
    path = first_meeting_with_task(generated_root)
    path.write_bytes(path.read_bytes().replace(b"  - number: ", b"  - number: x", 1))
    cached = [run_kib("--root", str(generated_root), "open-actions") for _ in range(2)]
    with monkeypatch.context() as patch:
        patch.setenv("KIB_NO_CACHE", "1")
        plain = run_kib("--root", str(generated_root), "open-actions")
    assert plain.exit_code == 1 and path.name in plain.stderr
    assert [(r.exit_code, r.stdout, r.stderr) for r in cached] == [(plain.exit_code, plain.stdout, plain.stderr)] * 2
    doc = json.loads(cache_path(path.parent.parent).read_text("utf-8"))
    assert path.name not in doc["meetings"]  # a failure is never cached


# ---------------------------------------------------------------- a corrupt or foreign cache is ignored and rebuilt


def _tamper_entries(doc: dict[str, object]) -> dict[str, object]:
    """Keep every hash, make every value the wrong type."""
    files = doc.get("meetings")
    if isinstance(files, dict):
        doc["meetings"] = {
            name: {"sha": entry["sha"], "outline": [123, "x"] if i % 2 else {**entry["outline"], "numbers": [1]}}
            for i, (name, entry) in enumerate(files.items())
        }
    for key in ("members", "schedule"):
        entry = doc.get(key)
        if isinstance(entry, dict):
            doc[key] = {"sha": entry["sha"], "value": {"body": {"name": 5}}}
    return doc


def _stale_copy(doc: dict[str, object]) -> dict[str, object]:
    """Another kib's cache whose values would be wrong now."""
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace(doc["format"], "kib-scan/2/0.0.1/0123456789abcdef")  # type: ignore[arg-type]
    return json.loads(text.replace("Bjuda in", "STALE").replace("Utreda", "STALE").replace("Ta fram", "STALE"))


CORRUPTIONS = {
    "garbage bytes": lambda data: b"\x80\x04\x95garbage\x00\xff" * 10,
    "pickle": lambda data: b"\x80\x04\x95\x1c\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94.",
    "empty": lambda data: b"",
    "truncated JSON": lambda data: data[: len(data) // 2],
    "JSON of the wrong shape": lambda data: b"[1, 2, 3]",
    "deeply nested JSON": lambda data: b"[" * 100_000,
    "entries of the wrong types": lambda data: json.dumps(_tamper_entries(json.loads(data))).encode(),
    "another version": lambda data: json.dumps(_stale_copy(json.loads(data))).encode(),
}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(
    generated_root: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached(generated_root, monkeypatch)
    assert rows(generated_root) == expected
    files = cache_files(generated_root)
    assert files
    for path in files:
        path.write_bytes(CORRUPTIONS[kind](path.read_bytes()))
    assert rows(generated_root) == expected
    assert "STALE" not in json.dumps(expected)
    key = scan.format_key()
    for path in files:  # rebuilt
        assert json.loads(path.read_text("utf-8"))["format"] == key
    assert rows(generated_root) == expected


def test_cache_file_that_is_a_folder(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    for body in bodies(generated_root):
        cache_path(body).mkdir(parents=True)
    assert rows(generated_root) == expected
    assert rows(generated_root) == expected


# ---------------------------------------------------------------- a cache that cannot be written is no obstacle


def test_cache_folder_that_cannot_be_created(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    monkeypatch.setenv("KIB_CACHE_DIR", str(generated_root.parent / "not-a-folder"))
    (generated_root.parent / "not-a-folder").write_text("a file where the cache folder belongs", encoding="utf-8")
    assert rows(generated_root) == expected
    assert rows(generated_root) == expected


def test_cache_that_cannot_be_replaced(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a read-only share, or on Windows while another process reads the file."""
    rows(generated_root)
    path = first_meeting_with_task(generated_root)
    path.write_bytes(path.read_bytes().replace(b"    task: ", b"    task: Nu ", 1))
    expected = uncached(generated_root, monkeypatch)
    assert any(str(r["task"]).startswith("Nu ") for r in expected)

    def denied(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    assert rows(generated_root) == expected
    assert rows(generated_root) == expected
    assert not list(cache_path(bodies(generated_root)[0]).parent.glob(".*.tmp"))  # no temporary file left behind


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_read_only_data_root(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    folders = bodies(generated_root)
    for body in folders:
        body.chmod(0o555)
    try:
        assert rows(generated_root) == expected
        assert rows(generated_root) == expected
        assert len(cache_files(generated_root)) == len(folders)
    finally:
        for body in folders:
            body.chmod(0o755)


# ---------------------------------------------------------------- start-up: what a warm scan does not import


def test_warm_open_actions_imports_no_parser_and_no_rich(generated_root: Path) -> None:
    """The data formats pay for neither the YAML parser nor the converter, nor for rich, which draws only tables."""
    rows(generated_root)
    code = (
        "import sys\n"
        "from kib.cli import app\n"
        "try:\n"
        f"    app(['--root', {str(generated_root)!r}, 'open-actions', '--format', 'json'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('rich', 'yaml', 'ruamel', 'kib.record.convert') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-500:] + done.stderr


def test_table_shows_no_terminal_codes(shipped_root: Path) -> None:
    path = shipped_root / "meetings" / "2008-09-10.yaml"
    data = path.read_bytes()
    line = data[data.index(b"task: Kontakta") : data.index(b"\n", data.index(b"task: Kontakta"))]
    path.write_bytes(data.replace(line, b'task: "\\e[31m' + line[len(b"task: ") :] + b'"', 1))
    table = run_kib("--root", str(shipped_root), "open-actions", "--today", "2010-12-01")
    assert table.exit_code == 0, table.output
    assert "\x1b" not in table.stdout and "\\x1b[31mKontakta" in table.stdout
    assert "┃ Ansvarig " in table.stdout and "försenad" in table.stdout


def test_the_collector_pause_restores_the_collector() -> None:
    import gc

    from kib.record.store import collector_paused

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(1000)]
        1 / 0  # noqa: B018
    assert gc.isenabled()  # an error while reading leaves the collector running again
    assert gc.get_freeze_count() >= len(kept)  # what was made meanwhile is out of the collector's way
    gc.unfreeze()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # what was off stays off
    finally:
        gc.enable()


# ---------------------------------------------------------------- kib check keeps each meeting's own findings


def check(root: Path, *extra: str) -> tuple[int, str, str]:
    result = run_kib("--root", str(root), "check", *extra)
    return result.exit_code, result.stdout, result.stderr


def test_unchanged_check_parses_no_meeting(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = check(generated_root, "--strict")
    assert first[0] == 0
    parsed: list[Path] = []
    original = scan.load_meeting_safely

    def counting(body: BodyDir, path: Path, data: bytes | None = None) -> object:
        parsed.append(path)
        return original(body, path, data)

    monkeypatch.setattr(scan, "load_meeting_safely", counting)
    assert check(generated_root, "--strict") == first
    assert parsed == []
    path = first_meeting_with_task(generated_root)
    path.write_bytes(path.read_bytes().replace(b"    task: ", b"    task: Nu ", 1))
    assert check(generated_root, "--strict") == first
    assert parsed == [path]  # only the file that changed


def test_check_says_the_same_cold_warm_and_uncached(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings of one file, of several (numbering, uppdrag ids) and of a broken file, word for word."""
    body = bodies(generated_root)[0]
    meetings = sorted((body / "meetings").glob("*.yaml"))
    second = meetings[1]
    text = second.read_text("utf-8")
    number = text.index("  - number: ") + len("  - number: ")
    second.write_text(text[:number] + "9" + text[number:], "utf-8")  # § 5 becomes § 95: a gap in the year
    third = meetings[2]
    third.write_text(third.read_text("utf-8").replace("    - name: ", "    - name: Okänd ", 1), "utf-8")
    meetings[3].write_text("date: [unclosed\n", "utf-8")
    with monkeypatch.context() as patch:
        patch.setenv("KIB_NO_CACHE", "1")
        plain = check(generated_root)
    assert plain[0] == 1
    assert second.name in plain[1] and third.name in plain[1] and meetings[3].name in plain[1]
    assert check(generated_root) == plain  # cold
    assert check(generated_root) == plain  # warm


def test_check_sees_a_change_in_members(generated_root: Path) -> None:
    assert check(generated_root)[0] == 0
    body = bodies(generated_root)[0]
    members = body / "members.yaml"
    text = members.read_text("utf-8")
    start = text.index("members:\n  - name: ") + len("members:\n  - name: ")
    name = text[start : text.index("\n", start)]
    members.write_text(text.replace(f"name: {name}\n", "name: Zacharias Zetterqvist\n", 1), "utf-8")
    code, out, _ = check(generated_root)
    assert code == 1 and f"{name} is not a member in members.yaml" in out
