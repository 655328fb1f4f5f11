"""The scan cache (kib.index): never stale, never trusted blindly, never in the way."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_kib

from kib import index
from kib.actions.register import collect
from kib.store import BodyDir, load_all_meetings, open_root

CACHE = index.CACHE_DIR


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


def cache_files(root: Path) -> list[Path]:
    return sorted(root.glob(f"*/{CACHE}/*.json"))


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


def test_same_records_cold_warm_and_parsed(generated_root: Path) -> None:
    for body in open_root(generated_root).bodies:
        parsed = collect(body, load_all_meetings(body))
        cold = collect(BodyDir(body.path))
        warm = collect(BodyDir(body.path))
        assert parsed == cold == warm
        assert parsed[0], "the generated data should hold uppdrag"
    assert len(cache_files(generated_root)) == 2 * len(bodies(generated_root))


def test_warm_scan_parses_no_yaml(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = rows(generated_root)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed a file although the cache holds it")

    monkeypatch.setattr("kib.store.load_bytes", refuse)
    monkeypatch.setattr("kib.store.load_file", refuse)
    assert rows(generated_root) == first


def test_no_cache_when_switched_off(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached(generated_root, monkeypatch)
    assert not list(generated_root.glob(f"*/{CACHE}"))


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
    assert after and all(r["owner"] == "förvaltningschefen" for r in after)  # no longer resolved


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
    name = BodyDir(gone.parent.parent).info.name
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
    doc = json.loads((path.parent.parent / CACHE / index.MEETINGS_FILE).read_text("utf-8"))
    assert path.name not in doc["files"]  # a failure is never cached


# ---------------------------------------------------------------- a corrupt or foreign cache is ignored and rebuilt


def _tamper_entries(doc: dict[str, object]) -> dict[str, object]:
    """Keep every hash, make every value the wrong type."""
    files = doc.get("files")
    if isinstance(files, dict):
        doc["files"] = {name: [entry[0], [123, "x"]] for name, entry in files.items()}
    for key in ("members", "schedule"):
        entry = doc.get(key)
        if isinstance(entry, list):
            doc[key] = [entry[0], {"name": 5}]
    return doc


def _stale_copy(doc: dict[str, object]) -> dict[str, object]:
    """Another kib's cache whose values would be wrong now."""
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace(doc["format"], "kib-scan/1/0.0.1/0123456789abcdef")  # type: ignore[arg-type]
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
    key = index.format_key()
    for path in files:  # rebuilt
        assert json.loads(path.read_text("utf-8"))["format"] == key
    assert rows(generated_root) == expected


def test_cache_file_that_is_a_folder(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    for body in bodies(generated_root):
        (body / CACHE / index.MEETINGS_FILE).mkdir(parents=True)
    assert rows(generated_root) == expected
    assert rows(generated_root) == expected


# ---------------------------------------------------------------- a cache that cannot be written is no obstacle


def test_cache_folder_that_cannot_be_created(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    for body in bodies(generated_root):
        (body / CACHE).write_text("not a folder", encoding="utf-8")
    assert rows(generated_root) == expected
    assert rows(generated_root) == expected
    assert all((body / CACHE).is_file() for body in bodies(generated_root))


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
    assert not list(generated_root.glob(f"*/{CACHE}/.*.tmp"))  # no temporary file left behind


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_read_only_data_root(generated_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(generated_root, monkeypatch)
    folders = bodies(generated_root)
    for body in folders:
        body.chmod(0o555)
    try:
        assert rows(generated_root) == expected
        assert not list(generated_root.glob(f"*/{CACHE}"))
    finally:
        for body in folders:
            body.chmod(0o755)


# ---------------------------------------------------------------- start-up: what a warm scan does not import


def test_warm_open_actions_imports_no_parser_and_no_rich(generated_root: Path) -> None:
    """The data formats pay for neither the YAML parser nor the model, nor for rich, which draws only tables."""
    rows(generated_root)
    code = (
        "import sys\n"
        "from kib.cli import app\n"
        "try:\n"
        f"    app(['--root', {str(generated_root)!r}, 'open-actions', '--format', 'json'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('rich', 'yaml', 'ruamel', 'kib.model', 'kib.convert') if m in sys.modules))\n"
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

    from kib.store import collector_paused

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()  # an error while reading leaves the collector running again
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # what was off stays off
    finally:
        gc.enable()
