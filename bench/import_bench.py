"""Benchmark of `kib import` on a folder of generated Word minutes.

    python bench/import_bench.py [--count 500] [--keep DIR]

Renders the shipped meetings with kib's own renderer, makes COUNT distinct documents from them (each
with its own meeting date and a numbered line, so no two share a content hash), then times

1. python-docx alone: open every document and read the text of every paragraph and table cell;
2. `kib import` of the whole folder into an empty data root (reading, recognising, writing, checking).

and prints documents per second and the ratio of the two (the best of --repeat runs of each, taken in
turn, as the machine may be busy). The budget: at least 20 documents a second, and at most twice the
time python-docx alone needs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


@dataclass
class Base:
    """A rendered minutes document and what it prints that each copy must change to be valid minutes."""

    path: Path
    date: str  # the meeting's date as printed
    signing: str  # the signing appointment as printed
    signed: str  # the date in the signed statement
    numbers: list[int]  # the paragraph numbers


def generate(folder: Path, count: int) -> list[Path]:
    """COUNT distinct, valid minutes: each a week after the one before, signed on its signing day, with
    paragraph numbers running on through each year, so that every one imports to a file `kib check` passes."""
    import subprocess

    import docx

    from kib.record.store import open_root
    from kib.swedish import long_date, weekday_date

    body = open_root(REPO).body(None)
    bases: list[Base] = []
    for path in body.meeting_paths():
        meeting = body.meeting(path)
        if meeting.signed is None or meeting.signing is None or not meeting.signing.text:
            continue
        out = folder / f"base-{path.stem}.docx"
        # through the command, whose interface stays when the renderer's functions change
        subprocess.run(
            [sys.executable, "-m", "kib", "--root", str(REPO), "render", "minutes", meeting.date.isoformat(), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        numbers = [p.number for p in meeting.paragraphs]
        bases.append(Base(out, long_date(meeting.date), meeting.signing.text, long_date(meeting.signed.date), numbers))
    made: list[Path] = []
    start = dt.date(2011, 1, 5)
    next_number: dict[int, int] = {}
    for i in range(count):
        base = bases[i % len(bases)]
        day = start + dt.timedelta(days=7 * i)
        signing = day + dt.timedelta(days=2)
        first = next_number.get(day.year, 1)
        renumber = {old: first + n for n, old in enumerate(base.numbers)}
        next_number[day.year] = first + len(base.numbers)
        span = f"{first}–{first + len(base.numbers) - 1}" if len(base.numbers) > 1 else str(first)
        changes = {
            base.date: long_date(day),
            base.signing: f"{weekday_date(signing, year=False).capitalize()}, kl 8.00",
            base.signed: long_date(signing),
        }
        document = docx.Document(str(base.path))
        for paragraph in _paragraphs(document):
            for run in paragraph.runs:
                text = run.text
                for old, new in changes.items():
                    text = text.replace(old, new)
                text = PARAGRAPHS.sub(f"Paragrafer {span}", text)
                if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
                    text = HEADING.sub(lambda m, new=renumber: f"{new.get(int(m[1]), int(m[1]))}. ", text)
                if text != run.text:
                    run.text = text
        document.add_paragraph(f"Löpnummer {i + 1} i arkivet.")
        target = folder / "arkiv" / f"protokoll-{i + 1:04d}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(target))
        made.append(target)
    for base in bases:
        base.path.unlink()
    return made


#: "Paragrafer 5–6" in the header; a paragraph's heading "5. Title".
PARAGRAPHS = re.compile(r"Paragrafer \d+(?:–\d+)?")
HEADING = re.compile(r"^(\d+)\. ")


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every paragraph of the body and of its tables' cells."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def python_docx_alone(files: list[Path]) -> float:
    import docx

    start = time.perf_counter()
    words = 0
    for path in files:
        document = docx.Document(str(path))
        for p in document.paragraphs:
            words += len(p.text)
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    words += len(cell.text)
    assert words
    return time.perf_counter() - start


def kib_import(folder: Path, root: Path, dry_run: bool = False) -> tuple[float, int]:
    from kib.importing.archive import run_import
    from kib.record.store import open_root

    (root / "meetings").mkdir(parents=True)
    shutil.copy2(REPO / "members.yaml", root / "members.yaml")
    start = time.perf_counter()
    run = run_import(open_root(root).body(None), [folder], dry_run=dry_run)
    elapsed = time.perf_counter() - start
    written = sum(1 for r in run.reports if r.status in ("written", "dry run"))
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="Generate into this folder and keep it.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kib-import-bench-"))
    try:
        t0 = time.perf_counter()
        files = generate(work, args.count)
        print(f"generated {len(files)} documents in {time.perf_counter() - t0:.1f} s")
        import docx  # noqa: F401  (both runs start with python-docx imported)

        import kib.importing.archive  # noqa: F401

        alone_runs: list[float] = []
        import_runs: list[float] = []
        dry_runs: list[float] = []
        written = 0
        for i in range(args.repeat):
            alone_runs.append(python_docx_alone(files))
            seconds, written = kib_import(work / "arkiv", work / f"root-{i}")
            import_runs.append(seconds)
            dry_runs.append(kib_import(work / "arkiv", work / f"dry-{i}", dry_run=True)[0])
        alone, elapsed, dry = min(alone_runs), min(import_runs), min(dry_runs)
        print(f"python-docx alone: {alone:.2f} s ({len(files) / alone:.0f} documents/s)")
        print(f"kib import:        {elapsed:.2f} s ({len(files) / elapsed:.0f} documents/s, {written} written)")
        print(f"ratio:             {elapsed / alone:.2f} x python-docx alone")
        print(f"kib import --dry-run (everything but writing the files): {dry:.2f} s, {dry / alone:.2f} x python-docx alone")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
