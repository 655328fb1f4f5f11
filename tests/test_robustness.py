"""Damaged input never crashes kib.

The shipped data files are damaged in many ways (truncated, lines deleted, tabs, merge-conflict
markers, wrong types, control characters, wrong top-level type, huge values, byte flips, invalid
UTF-8, object-constructing tags, alias bombs, duplicate keys, empty files) and the commands run on
the damaged root in-process. Each either works (exit 0) or exits 1 or 2 with kib's own one-line
message, naming the damaged file and its line when the file is not readable YAML; never a
traceback, never "internal error" (exit 70).

Hypothesis generates most cases; per case `kib check` and one other command run, so the whole
module stays within about a minute on a CI runner. Every generated case is counted and each test
asserts that it ran its share (together well over a thousand).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest
import typer
import typer.testing
import yaml
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kib.cli import app

REPO = Path(__file__).resolve().parent.parent
MEETING = "meetings/2008-09-10.yaml"
OTHER_MEETING = "meetings/2010-11-04.yaml"
MEMBERS = "members.yaml"
SCHEDULE = "schedule.yaml"
NEW_MEETING = "meetings/2011-01-12.yaml"
PWNED = "PWNED-by-yaml-tag"

#: Every command that reads the data root. `{out}` is replaced by a folder outside the data root.
COMMANDS: list[list[str]] = [
    ["check", "--publish"],
    ["open-actions"],
    ["open-actions", "--format", "json"],
    ["new-meeting", "--date", "2011-01-12"],
    ["sign", "2008-09", "--date", "2008-09-16"],
    ["sign", "2008-09", "--amend", "--reason", "rättelse", "--date", "2008-09-20"],
    ["action", "done", "2008-16-1", "--date", "2008-10-01"],
    ["action", "add", "2008-09", "16", "--owner", "Lennart J", "--task", "x"],
    ["render", "minutes", "2008-09", "-o", "{out}/minutes.docx", "--force"],
    ["propose-dates", "2009"],
]
#: kib's own message formats: `file[:line[:col]]: error: …` or `error: …` (and check's summary lines).
KIB_LINE = re.compile(r"^(?:\S.*?\.ya?ml(?::\d+(?::\d+)?)?: )?(?:error|warning): \S")


def _shipped() -> dict[str, bytes]:
    files = {MEMBERS: (REPO / MEMBERS).read_bytes(), SCHEDULE: (REPO / SCHEDULE).read_bytes()}
    for path in sorted((REPO / "meetings").glob("*.yaml")):
        files[f"meetings/{path.name}"] = path.read_bytes()
    return files


SHIPPED = _shipped()
#: The smallest root the commands need: members, schedule and the 2008-09 meeting they act on.
BASE_FILES = (MEMBERS, SCHEDULE, MEETING)


def build_root(folder: Path, damaged: dict[str, bytes]) -> Path:
    """A data root from the shipped files, with `damaged` files replacing (or adding to) them."""
    root = folder / "root"
    (root / "meetings").mkdir(parents=True)
    for name in BASE_FILES:
        (root / name).write_bytes(SHIPPED[name])
    for name, data in damaged.items():
        (root / name).write_bytes(data)
    return root


# ------------------------------------------------------------------ running a command


@dataclass
class Outcome:
    args: list[str]
    exit_code: int
    stdout: str
    stderr: str
    crash: str | None = None
    folder: str = ""

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def normalised(self) -> str:
        """Exit code and output with the temporary folder left out, to compare runs in different folders."""
        return f"{self.exit_code}\n{self.output.replace(self.folder, '<tmp>')}"

    def describe(self) -> str:
        shown = self.output if len(self.output) < 3000 else self.output[:1500] + "\n…\n" + self.output[-1500:]
        return f"kib {' '.join(self.args)} → exit {self.exit_code}\n{shown}\n{self.crash or ''}"


_build_command = typer.testing._get_command  # builds the Click command from kib.cli.app, slowly: kept
_built: dict[int, object] = {}


def _command_once(typer_app: typer.Typer) -> object:
    if id(typer_app) not in _built:
        _built[id(typer_app)] = _build_command(typer_app)
    return _built[id(typer_app)]


def invoke(root: Path, args: list[str]) -> Outcome:
    """`kib --root ROOT ARGS` in-process; the Click command is built once, not for each of ~2500 runs."""
    with mock.patch.object(typer.testing, "_get_command", _command_once):
        result = CliRunner().invoke(app, ["--root", str(root), *args], catch_exceptions=True)
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    return Outcome(args, result.exit_code, result.stdout, result.stderr, crash, str(root.parent))


def oracle_unreadable(data: bytes) -> bool:
    """True when the bytes are not UTF-8 YAML that PyYAML's safe loader reads (judged without kib)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    try:
        yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml, the parser kib uses too
    except RecursionError:
        return False  # too deep to say where; kib's message need not carry a line
    except Exception:
        return True
    return False


def assert_graceful(
    outcome: Outcome, *, damaged: str | None = None, unreadable: bool = False, baseline: str | None = None
) -> None:
    """Works, or exits 1 or 2 with kib's one-line message; names the damaged file and line when unreadable.

    A command that fails just as it does on the undamaged data (`baseline`, e.g. signing a meeting that is
    sealed already) did not get as far as the damaged file and need not name it.
    """
    assert outcome.crash is None, outcome.describe()
    assert outcome.exit_code in (0, 1, 2), outcome.describe()
    assert "Traceback" not in outcome.output, outcome.describe()
    assert "internal error" not in outcome.output, outcome.describe()
    if outcome.exit_code == 0:
        return
    lines = [line for line in outcome.output.splitlines() if line.strip()]
    assert any(KIB_LINE.match(line) for line in lines), outcome.describe()
    if damaged is not None and unreadable and outcome.normalised != baseline:
        name = re.escape(Path(damaged).name)
        assert re.search(rf"{name}:\d+", outcome.output), f"no file:line in the message\n{outcome.describe()}"


def assert_written_files_readable(root: Path, outcome: Outcome) -> None:
    """kib never writes a file that it (or any YAML reader) cannot read back."""
    if outcome.exit_code != 0:
        return
    written = {"new-meeting": NEW_MEETING, "sign": MEETING, "action": MEETING}.get(outcome.args[0])
    if written is None:
        return
    path = root / written
    assert path.exists(), outcome.describe()
    try:
        yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
    except Exception as exc:  # pragma: no cover - reported by the assertion
        raise AssertionError(f"{written} written by kib does not read back: {exc}\n{outcome.describe()}") from None


@dataclass(frozen=True)
class Command:
    """A command line and how it ends on the undamaged data."""

    args: tuple[str, ...]
    baseline: str

    def concrete(self, out: Path) -> list[str]:
        return [a.replace("{out}", str(out)) for a in self.args]

    def __repr__(self) -> str:
        return "kib " + " ".join(self.args)


def _baseline(args: list[str]) -> Command:
    with tempfile.TemporaryDirectory(prefix="kib-baseline-") as tmp:
        root = build_root(Path(tmp), {})
        out = Path(tmp) / "out"
        out.mkdir()
        outcome = invoke(root, [a.replace("{out}", str(out)) for a in args])
        return Command(tuple(args), outcome.normalised)


@pytest.fixture(scope="session")
def commands() -> list[Command]:
    """Every command with how it ends on the undamaged data: done, or refused with kib's own message
    (signing minutes already signed is refused); a crash there would hide every crash the damage causes."""
    chosen = [_baseline(c) for c in COMMANDS]
    crashed = [f"kib {' '.join(c.args)}: {c.baseline[:300]}" for c in chosen if c.baseline[:2] not in ("0\n", "1\n", "2\n")]
    assert not crashed, "\n".join(crashed)
    return chosen


#: Generated cases run in this session (printed at the end by tests/conftest.py).
CASES_RUN = 0


@dataclass
class Tally:
    """Counts the generated cases of one test, so the test can assert that it ran them."""

    name: str
    cases: int = 0
    invocations: int = 0
    by_command: dict[str, int] = field(default_factory=dict)

    def ran(self, outcome: Outcome) -> None:
        self.invocations += 1
        key = " ".join(outcome.args[:2]) if outcome.args[0] in ("action", "render") else outcome.args[0]
        self.by_command[key] = self.by_command.get(key, 0) + 1

    def report(self, floor: int) -> None:
        global CASES_RUN
        CASES_RUN += self.cases
        print(f"\n{self.name}: {self.cases} cases, {self.invocations} kib runs; {self.by_command}")
        assert self.cases >= floor, f"{self.name} ran only {self.cases} cases (expected at least {floor})"


def run_case(files: dict[str, bytes], damaged: str, args_list: list[Command], tally: Tally) -> None:
    """Build a root with the damaged file, run `kib check` and the given commands on it, check each."""
    unreadable = oracle_unreadable(files[damaged])
    with tempfile.TemporaryDirectory(prefix="kib-fuzz-") as tmp:
        folder = Path(tmp)
        root = build_root(folder, files)
        out = folder / "out"
        out.mkdir()
        check = invoke(root, ["check"])
        tally.ran(check)
        assert_graceful(check, damaged=damaged, unreadable=unreadable)
        if unreadable:
            assert check.exit_code == 1, f"check passed a file that is not readable YAML\n{check.describe()}"
        for command in args_list:
            outcome = invoke(root, command.concrete(out))
            tally.ran(outcome)
            assert_graceful(outcome, damaged=damaged, unreadable=unreadable, baseline=command.baseline)
            assert_written_files_readable(root, outcome)
        assert not (folder / PWNED).exists() and not (root / PWNED).exists(), "a YAML tag was executed"
    tally.cases += 1


# ------------------------------------------------------------------ ways to damage a file


class Damaged:
    """Damaged bytes with a short description (what hypothesis prints for a failing example)."""

    def __init__(self, label: str, data: bytes) -> None:
        self.label = label
        self.data = data

    def __repr__(self) -> str:
        return f"Damaged({self.label!r}, {len(self.data)} bytes)"


Draw = Callable[..., object]

WEIRD_VALUES: list[bytes] = [
    b"",
    b"~",
    b"null",
    b"[]",
    b"{}",
    b"[1, 2]",
    b"{a: 1}",
    b"- x",
    b"yes",
    b"no",
    b"on",
    b"off",
    b"0",
    b"-1",
    b"12",
    b"1e3",
    b"1.5",
    b".inf",
    b"-.inf",
    b".nan",
    b"0x1F",
    b"0o17",
    b"017",
    b"1:30",
    b"1_000",
    b"+12",
    b"2008-02-30",
    b"0000-01-01",
    b"9999-12-31",
    b"2008-13-01",
    b"2008-09-10T25:00:00",
    b"2008-09-10 10:00:00 +25:00",
    b"2008-09-10T10:00:00Z",
    b"99999999999999999999999999999",
    b"1" + b"0" * 5000,
    b"-9" * 3,
    b"'unterminated",
    b'"unterminated',
    b"|",
    b">",
    b"|-\n",
    b"&a x",
    b"*a",
    b"*undefined",
    b"&a [*a]",
    b"!!binary aGVsbG8=",
    b"!!binary not base64!",
    b"!!int abc",
    b"!!float abc",
    b"!!bool maybe",
    b"!!timestamp never",
    b"!!timestamp 2008-02-30",
    b"!!str 12",
    b"!!set {a, b}",
    b"!!omap [a: 1]",
    b"!!pairs [a: 1]",
    b"!!null x",
    b"!!map [1]",
    b"!!seq {a: 1}",
    b"!local x",
    b"!!python/name:os.system",
    b"<<",
    b"=",
    b"? complex key",
    b"[unclosed",
    b"{unclosed",
    b"@at",
    b"`tick",
    b"%percent",
    b"# comment",
    b"a: b: c",
    b'"\\x07"',
    b'"\\0"',
    b'"\\x1b[31m"',
    b'"\\ud800"',
    b'"\\U0000dfff"',
    b'"\\uFFFE"',
    b'"\\e"',
    b'"\\N\\L\\P"',
    b'"\\t tab"',
    b"'0768 931062'",
    b"'x@y.se'",
    b'"19800101-1234"',
    b"[bold]x[/bold]",
    b"[/]",
    b"'[/bold]'",
    b"'1-999999999999'",
    b"{number: 1, title: x}",
    b"[{owner: x, task: y}]",
    b"- - - x",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
    b"\\",
    b"''",
    b'""',
]
CONTROL_CHARS = [chr(c) for c in (*range(0, 32), 0x7F, 0x85, 0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0x1B)]
INVALID_UTF8 = [
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3(",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
]
TAG_LINES = [
    f"evil: !!python/object/apply:os.system ['touch {PWNED}']",
    f"evil: !!python/object/apply:subprocess.call [['touch', '{PWNED}']]",
    f"evil: !!python/object/new:os.system ['touch {PWNED}']",
    "evil: !!python/name:os.system",
    "evil: !!python/module:os",
    f"evil: !!python/object/apply:builtins.exec [\"open('{PWNED}', 'w')\"]",
    "evil: !ruby/object:Gem::Installer {i: x}",
    "evil: !custom {a: 1}",
    f"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\nevil: !p!os.system ['touch {PWNED}']",
]
BOMBS = [
    # billion laughs: nine levels of nine aliases
    "\n".join(["a0: &a0 [lol]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]),
    "self: &s [*s]",
    "self: &m {x: *m}",
    "ref: *nowhere",
    "base: &b {number: 1}\nmerged:\n  <<: *b\n  <<: *b",
    "merged:\n  <<: [1, 2]",
    "wide: &w [" + ", ".join(["x"] * 2000) + "]\nmore: [" + ", ".join(["*w"] * 120) + "]",
]
TOP_LEVEL = [
    b"[]",
    b"- a\n- b\n",
    b"42\n",
    b"just some text\n",
    b"null\n",
    b"~\n",
    b"'2008-09-10'\n",
    b"--- |\n  text\n",
    b'"x"\n',
    b"2008-09-10\n",
    b"true\n",
    b"- date: 2008-09-10\n",
    b"--- a\n--- b\n",
    b"!!binary aGVsbG8=\n",
    b"---\n- 1\n...\n",
    b"&a [*a]\n",
    b"? [a]\n: b\n",
    b"{[a]: b}\n",
    b"{{a: b}: c}\n",
]
EMPTY = [
    b"",
    b"\n",
    b"   \n\n",
    b"\xef\xbb\xbf",
    b"---\n",
    b"---\n...\n",
    b"# only a comment\n",
    b"\r\n",
    b"\t\n",
    b"...",
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _truncate(draw: Draw, data: bytes) -> Damaged:
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    return Damaged(f"truncated at byte {at}", data[:at])


def _delete_lines(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    doomed = draw(st.sets(st.integers(0, len(lines) - 1), min_size=1, max_size=6))
    return Damaged(
        f"deleted lines {sorted(i + 1 for i in doomed)}", _join([x for i, x in enumerate(lines) if i not in doomed])
    )


def _tab_indent(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    stripped = line.lstrip(b" ")
    how = draw(st.sampled_from(["replace", "insert", "after-colon", "mixed"]))
    if how == "replace":
        new = b"\t" + stripped
    elif how == "insert":
        new = b"\t" + line
    elif how == "after-colon":
        new = line.replace(b": ", b":\t", 1)
    else:
        new = line[: len(line) - len(stripped)] + b"\t " + stripped
    lines[i] = new
    return Damaged(f"tab ({how}) on line {i + 1}", _join(lines))


def _conflict(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    a = draw(st.integers(0, len(lines) - 1))
    b = draw(st.integers(a, min(len(lines), a + 8)))
    ours = lines[a:b]
    theirs = [x.replace(b"a", b"e") for x in ours]
    style = draw(st.sampled_from(["full", "diff3", "only-separator", "only-start", "only-end"]))
    block = {
        "full": [b"<<<<<<< HEAD", *ours, b"=======", *theirs, b">>>>>>> main"],
        "diff3": [b"<<<<<<< ours", *ours, b"||||||| base", *ours, b"=======", *theirs, b">>>>>>> theirs"],
        "only-separator": [*ours, b"=======", *theirs],
        "only-start": [b"<<<<<<< HEAD", *ours],
        "only-end": [*ours, b">>>>>>> 1a2b3c4 (Merge)"],
    }[style]
    return Damaged(f"merge conflict ({style}) around lines {a + 1}-{b}", _join(lines[:a] + block + lines[b:]))


VALUE_LINE = re.compile(rb"^(\s*(?:- )?[^\s:#'\"-][^:#]*:)( .*)?$")


def _value_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if VALUE_LINE.match(line)] or [0]


def _wrong_value(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    i = draw(st.sampled_from(_value_lines(lines)))
    match = VALUE_LINE.match(lines[i])
    key = match[1] if match else b"x:"
    value = draw(
        st.one_of(
            st.sampled_from(WEIRD_VALUES),
            st.text(max_size=30).map(lambda t: json.dumps(t).encode()),
            st.integers().map(lambda n: str(n).encode()),
            st.floats().map(lambda f: repr(f).encode()),
            st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat().encode()),
        )
    )
    lines[i] = key + b" " + value
    return Damaged(f"line {i + 1} value -> {value[:60]!r}", _join(lines))


def _control(draw: Draw, data: bytes) -> Damaged:
    char = draw(st.sampled_from(CONTROL_CHARS))
    how = draw(st.sampled_from(["raw", "escaped"]))
    if how == "raw":
        at = draw(st.integers(0, len(data)))
        while at < len(data) and (data[at] & 0xC0) == 0x80:  # keep UTF-8 sequences whole
            at += 1
        return Damaged(f"raw U+{ord(char):04X} at byte {at}", data[:at] + char.encode("utf-8") + data[at:])
    lines = _lines(data)
    i = draw(st.sampled_from(_value_lines(lines)))
    match = VALUE_LINE.match(lines[i])
    key = match[1] if match else b"x:"
    old = (match[2] or b"").strip().strip(b"'\"").decode("utf-8", "replace") if match else ""
    lines[i] = key + b" " + json.dumps(old + char + "x", ensure_ascii=True).encode()
    return Damaged(f"escaped U+{ord(char):04X} in the value on line {i + 1}", _join(lines))


def _top_level(draw: Draw, data: bytes) -> Damaged:
    how = draw(st.sampled_from(["replace", "as-list-item", "list-of-it"]))
    if how == "replace":
        new = draw(st.sampled_from(TOP_LEVEL))
        return Damaged(f"top level replaced by {new!r}", new)
    if how == "as-list-item":
        return Damaged("first key turned into a list item", b"- " + data.lstrip())
    return Damaged("the document wrapped in a list", b"- " + data.replace(b"\n", b"\n  "))


def _huge(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    i = draw(st.sampled_from(_value_lines(lines)))
    match = VALUE_LINE.match(lines[i])
    key = match[1] if match else b"x:"
    how = draw(st.sampled_from(["text", "words", "number", "nesting", "list", "key", "dashes", "range", "lines"]))
    size = draw(st.integers(1_000, 60_000))
    if how == "text":
        value = b"x" * size
    elif how == "words":
        value = json.dumps(" ".join(["ord", "och", "a-b-c", "x@y", "070"] * (size // 16))).encode()
    elif how == "number":
        value = b"9" * min(size, 4200)
    elif how == "nesting":
        depth = min(size, 20_000)
        value = b"[" * depth + b"]" * depth
    elif how == "list":
        value = b"[" + b", ".join([b"x"] * (size // 3)) + b"]"
    elif how == "key":
        value = b"{" + b"k" * size + b": 1}"
    elif how == "dashes":
        value = json.dumps("-a" * (size // 2)).encode()
    elif how == "range":
        value = b"'1-" + b"9" * min(size, 30) + b"'"
    else:
        value = b"|\n" + b"\n".join([b"      line"] * (size // 11))
    lines[i] = key + b" " + value
    return Damaged(f"huge {how} ({size}) on line {i + 1}", _join(lines))


def _byte_flips(draw: Draw, data: bytes) -> Damaged:
    buffer = bytearray(data)
    flips = draw(st.lists(st.tuples(st.integers(0, len(buffer) - 1), st.integers(1, 255)), min_size=1, max_size=8))
    for at, mask in flips:
        buffer[at] ^= mask
    return Damaged(f"byte flips {flips}", bytes(buffer))


def _invalid_utf8(draw: Draw, data: bytes) -> Damaged:
    seq = draw(st.sampled_from(INVALID_UTF8))
    at = draw(st.integers(0, len(data)))
    return Damaged(f"invalid UTF-8 {seq!r} at byte {at}", data[:at] + seq + data[at:])


def _tag(draw: Draw, data: bytes) -> Damaged:
    line = draw(st.sampled_from(TAG_LINES))
    how = draw(st.sampled_from(["append", "prepend", "as-value"]))
    if how == "append":
        return Damaged(f"tag appended: {line!r}", data.rstrip(b"\n") + b"\n" + line.encode() + b"\n")
    if how == "prepend" and not line.startswith("%"):
        return Damaged(f"tag prepended: {line!r}", line.encode() + b"\n" + data)
    lines = _lines(data)
    i = draw(st.sampled_from(_value_lines(lines)))
    match = VALUE_LINE.match(lines[i])
    key = match[1] if match else b"x:"
    tag_value = (
        line.split(": ", 1)[1] if not line.startswith("%") else f"!!python/object/apply:os.system ['touch {PWNED}']"
    )
    lines[i] = key + b" " + tag_value.encode()
    return Damaged(f"tag as the value on line {i + 1}: {tag_value!r}", _join(lines))


def _bomb(draw: Draw, data: bytes) -> Damaged:
    bomb = draw(st.sampled_from(BOMBS))
    how = draw(st.sampled_from(["append", "alone"]))
    if how == "alone":
        return Damaged(f"alias bomb alone: {bomb[:40]!r}", bomb.encode())
    return Damaged(f"alias bomb appended: {bomb[:40]!r}", data.rstrip(b"\n") + b"\n" + bomb.encode() + b"\n")


def _duplicate_key(draw: Draw, data: bytes) -> Damaged:
    lines = _lines(data)
    i = draw(st.sampled_from(_value_lines(lines)))
    line = lines[i]
    dup = line[: len(line) - len(line.lstrip(b" -"))].replace(b"-", b" ") + line.lstrip(b" -")
    return Damaged(f"line {i + 1} duplicated", _join([*lines[: i + 1], dup, *lines[i + 1 :]]))


def _empty(draw: Draw, data: bytes) -> Damaged:
    new = draw(st.sampled_from(EMPTY))
    return Damaged(f"empty file {new!r}", new)


def _line_endings(draw: Draw, data: bytes) -> Damaged:
    how = draw(st.sampled_from(["crlf", "cr", "bom", "double-bom"]))
    new = {
        "crlf": data.replace(b"\n", b"\r\n"),
        "cr": data.replace(b"\n", b"\r"),
        "bom": b"\xef\xbb\xbf" + data,
        "double-bom": b"\xef\xbb\xbf\xef\xbb\xbf" + data,
    }[how]
    return Damaged(how, new)


DAMAGES: dict[str, Callable[[Draw, bytes], Damaged]] = {
    "truncate": _truncate,
    "delete-lines": _delete_lines,
    "tab": _tab_indent,
    "conflict": _conflict,
    "wrong-value": _wrong_value,
    "control": _control,
    "top-level": _top_level,
    "huge": _huge,
    "byte-flips": _byte_flips,
    "invalid-utf8": _invalid_utf8,
    "tag": _tag,
    "bomb": _bomb,
    "duplicate-key": _duplicate_key,
    "empty": _empty,
    "line-endings": _line_endings,
}


@st.composite
def damaged_file(draw: Draw, original: bytes) -> Damaged:
    """One to three damages in a row (a truncated file with a tab in it, …)."""
    data = original
    labels = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(sorted(DAMAGES)))
        if not data and kind not in ("empty", "tag", "bomb", "top-level", "invalid-utf8"):
            continue
        try:
            damaged = DAMAGES[kind](draw, data)
        except (UnicodeDecodeError, yaml.YAMLError):  # `list-of-it` needs a readable file
            continue
        labels.append(damaged.label)
        data = damaged.data
    assume(labels)
    return Damaged(" + ".join(labels), data)


#: KIB_FUZZ_SCALE=10 runs ten times as many generated cases (for a deeper search than CI's).
SCALE = float(os.environ.get("KIB_FUZZ_SCALE", "1"))


def scaled(examples: int) -> int:
    return max(1, round(examples * SCALE))


FUZZ = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


# ------------------------------------------------------------------ the tests


def _fuzz(target: str, examples: int, commands: list[Command], tally: Tally) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(damage=damaged_file(SHIPPED[target]), other=st.sampled_from(commands))
    def case(damage: Damaged, other: Command) -> None:
        note(f"{target}: {damage.label}")
        run_case({target: damage.data}, target, [other], tally)

    case()


@pytest.mark.slow
def test_damaged_meeting_file_never_crashes(commands: list[Command]) -> None:
    tally = Tally("meeting 2008-09-10 damaged")
    _fuzz(MEETING, scaled(450), commands, tally)
    tally.report(floor=scaled(400))


@pytest.mark.slow
def test_damaged_members_file_never_crashes(commands: list[Command]) -> None:
    tally = Tally("members.yaml damaged")
    _fuzz(MEMBERS, scaled(250), commands, tally)
    tally.report(floor=scaled(220))


@pytest.mark.slow
def test_damaged_schedule_and_other_meeting_never_crash(commands: list[Command]) -> None:
    tally = Tally("schedule.yaml / 2010-11-04 damaged")

    @settings(FUZZ, max_examples=scaled(100))
    @given(target=st.sampled_from([SCHEDULE, OTHER_MEETING]), data=st.data(), other=st.sampled_from(commands))
    def case(target: str, data: st.DataObject, other: Command) -> None:
        damage = data.draw(damaged_file(SHIPPED[target]), label="damage")
        run_case({target: damage.data}, target, [other], tally)

    case()
    tally.report(floor=scaled(90))


# --- structural damage: every field of the model given a value of every wrong type


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _replace(value: object, path: tuple[object, ...], new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    assert isinstance(value, list)
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**300),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "2008-02-30",
            "nästa sammanträde",
            "17.30-19.30",
            "25.99-00.00",
            "[/bold]",
            "1-99999999999",
            "Lennart J",
            "sekreterare",
            "Eva",
            "§ 13",
            "0768 931062",
            "x\x07y",
            "\x00",
            "\ufffe",
            "é" * 300,
        ]
    ),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1, 1, 1)),
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _restructured(original: bytes) -> st.SearchStrategy[Damaged]:
    loaded = yaml.safe_load(original.decode("utf-8"))
    paths = _paths(loaded)

    @st.composite
    def build(draw: Draw) -> Damaged:
        changes = draw(st.lists(st.tuples(st.sampled_from(paths), YAML_VALUES), min_size=1, max_size=3))
        data = loaded
        for path, new in changes:
            try:
                data = _replace(data, path, new)
            except (AssertionError, TypeError):
                continue
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        return Damaged(f"values replaced: {[(p, v) for p, v in changes]!r:.300}", text.encode("utf-8", "surrogatepass"))

    return build()


@pytest.mark.slow
def test_wrong_types_in_every_field_never_crash(commands: list[Command]) -> None:
    tally = Tally("wrong types (structural)")

    @settings(FUZZ, max_examples=scaled(220))
    @given(
        target=st.sampled_from([MEETING, MEETING, MEMBERS, SCHEDULE]),
        data=st.data(),
        other=st.sampled_from(commands),
    )
    def case(target: str, data: st.DataObject, other: Command) -> None:
        damage = data.draw(_restructured(SHIPPED[target]), label="damage")
        run_case({target: damage.data}, target, [other], tally)

    case()
    tally.report(floor=scaled(200))


# --- named cases: every kind of damage a user may cause, each through every command


NAMED: list[tuple[str, str, bytes]] = [
    ("empty meeting file", MEETING, b""),
    ("empty members.yaml", MEMBERS, b""),
    ("meeting is a list", MEETING, b"- date: 2008-09-10\n- paragraphs: []\n"),
    ("meeting is a scalar", MEETING, b"just a sentence\n"),
    ("members.yaml is a list", MEMBERS, b"- name: Eva\n"),
    ("members.yaml is a number", MEMBERS, b"42\n"),
    ("tab indentation", MEETING, SHIPPED[MEETING].replace(b"\n  - number: 14", b"\n\t- number: 14", 1)),
    (
        "merge conflict",
        MEETING,
        SHIPPED[MEETING].replace(
            b"date: 2008-09-10\n", b"<<<<<<< HEAD\ndate: 2008-09-10\n=======\ndate: 2008-09-11\n>>>>>>> x\n", 1
        ),
    ),
    (
        "python tag appended",
        MEETING,
        SHIPPED[MEETING] + f"x: !!python/object/apply:os.system ['touch {PWNED}']\n".encode(),
    ),
    (
        "python tag in members",
        MEMBERS,
        SHIPPED[MEMBERS] + f"x: !!python/object/apply:os.system ['touch {PWNED}']\n".encode(),
    ),
    ("billion laughs", MEETING, SHIPPED[MEETING] + BOMBS[0].encode() + b"\n"),
    (
        "duplicate key",
        MEETING,
        SHIPPED[MEETING].replace(b"date: 2008-09-10\n", b"date: 2008-09-10\ndate: 2008-09-11\n", 1),
    ),
    ("impossible date", MEETING, SHIPPED[MEETING].replace(b"date: 2008-09-10\n", b"date: 2008-02-30\n", 1)),
    ("year zero", MEMBERS, SHIPPED[MEMBERS].replace(b"term_start: 2007-01-01", b"term_start: 0000-01-01", 1)),
    ("bell character", MEETING, SHIPPED[MEETING].replace(b"Innovationsarbete", b"Innovations\x07arbete", 1)),
    (
        "escaped bell character",
        MEETING,
        SHIPPED[MEETING].replace(b"title: Innovationsarbete i Nacka kommun", b'title: "Innovations\\aarbete"', 1),
    ),
    ("invalid UTF-8", MEETING, SHIPPED[MEETING].replace("Närvä".encode(), b"N\xe4rv\xe4", 1)),
    ("latin-1 members", MEMBERS, SHIPPED[MEMBERS].decode("utf-8").encode("latin-1", "replace")),
    ("truncated inside a quote", MEETING, SHIPPED[MEETING][: SHIPPED[MEETING].index(b'"2008-16-1"') + 4]),
    ("number as text", MEETING, SHIPPED[MEETING].replace(b"number: 16", b"number: sexton", 1)),
    ("owner is a list", MEETING, SHIPPED[MEETING].replace(b"owner: Lennart J", b"owner: [Lennart, J]", 1)),
    (
        "paragraphs is a mapping",
        MEETING,
        SHIPPED[MEETING].replace(b"paragraphs:\n", b"paragraphs: {}\nxparagraphs:\n", 1),
    ),
    (
        "rich markup in a task",
        MEETING,
        re.sub(rb"task: Kontakta[^\n]*", b"task: '[/bold] [bilaga 1] Kontakta'", SHIPPED[MEETING], count=1),
    ),
    (
        "countersigner range absurd",
        MEETING,
        SHIPPED[MEETING].replace(
            b"signed:\n", b"countersigner:\n  name: Eva\n  paragraphs: '13-99999999999'\nsigned:\n", 1
        ),
    ),
    ("signing_days absurd", MEMBERS, SHIPPED[MEMBERS].replace(b"signing_days: 3", b"signing_days: 99999999", 1)),
    (
        "members time with a quote",
        MEMBERS,
        SHIPPED[MEMBERS].replace(b'time: "17.30-19.30"', b"time: '17.30\"-19.30'", 1),
    ),
]


@pytest.mark.parametrize(("name", "target", "data"), NAMED, ids=[n for n, _, _ in NAMED])
def test_named_damage_through_every_command(name: str, target: str, data: bytes, commands: list[Command]) -> None:
    tally = Tally(name)
    run_case({target: data}, target, commands, tally)
    assert tally.invocations == len(commands) + 1
