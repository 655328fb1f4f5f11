"""Time kib as a user meets it: whole processes, each as a ratio to baselines measured in the same run.

    python bench/run.py [--quick] [--municipality DIR] [--repeat N] [--large-repeat M]

Shipped data (a copy of the repository's members.yaml, schedule.yaml and meetings/ in a temporary
folder, so nothing is written into the repository): `kib --help`, `check`, `open-actions`,
`new-meeting` and `sign` (each round on a fresh copy), `propose-dates 2009` and
`render minutes 2008-09`, held to `python -c "import typer"`.

A municipality (50 bodies x 12 years x 10 meetings from bench/generate.py, unless --municipality
gives one): `open-actions` and `check`, held to a process that reads every meeting file with PyYAML's
C loader, and one body's minutes rendered in one process into a folder, in documents a second.

If bench/import_bench.py is there, it runs too and its figures join the table.

Every cached command runs cold (kib's user cache, KIB_CACHE_DIR pointed into the run's temporary
folder, emptied, and any `.kib-cache/` in the data removed) and warm (right after). Commands and
baselines take turns round by round, so a busy machine slows all of them alike; the best of the
rounds is compared (the median is shown). A command the checkout does not have is reported as not
available. Not part of the test suite: it takes three to ten minutes (`--quick`: under one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
OLD_CACHE = ".kib-cache"  # the scan cache's folder inside the data, in kib versions that kept it there

C_LOADER = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
paths = sorted(root.glob("meetings/*.yaml")) + sorted(root.glob("*/meetings/*.yaml"))
for path in paths:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

TYPER = "python -c 'import typer'"
LOADER = "C loader, every meeting"


@dataclass(frozen=True)
class Budget:
    """A budget: at most `limit` times a baseline, or at least `limit` documents a second."""

    limit: float
    base: str  # "typer", "C loader", "python-docx" or "documents/s"

    @property
    def text(self) -> str:
        if self.base == "documents/s":
            return f"≥ {self.limit:g} documents/s"
        return f"≤ {self.limit:g} × {self.base}"

    def holds(self, figure: float) -> bool:
        return figure >= self.limit if self.base == "documents/s" else figure <= self.limit


@dataclass
class Case:
    data: str  # "shipped", "municipality" or "import"
    label: str
    argv: list[str]
    state: str = ""  # "cold", "warm", "baseline", or "" for figures another script measured
    root: Path | None = None  # the data whose caches a cold run drops
    budget: Budget | None = None
    prepare: Callable[[], None] | None = None  # untimed, before every run (a fresh copy, no old output)
    documents: Path | None = None  # count the .docx written here: the figure is documents a second
    times: list[float] = field(default_factory=list)
    count: int = 0
    failure: str | None = None
    unavailable: str | None = None
    given: dict[str, float] | None = None  # figures reported by another script rather than timed here

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def children_cpu() -> float:
    """CPU seconds (user + system) used by the finished child processes so far (POSIX; 0 elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows: --cpu is not available
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def kib_command() -> list[str]:
    """The console script a user runs, else `python -m kib`."""
    script = Path(sys.executable).with_name("kib.exe" if os.name == "nt" else "kib")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kib"]


class Runner:
    """Runs the cases in turns, in one environment, with kib's user cache inside the run's folder."""

    def __init__(self, work: Path, cpu: bool = False) -> None:
        self.work = work
        self.cpu = cpu  # CPU time of each process instead of wall-clock time
        self.user_cache = work / "user-cache"
        env = {k: v for k, v in os.environ.items() if k not in ("KIB_ROOT", "KIB_NO_CACHE", "KIB_DEBUG")}
        # byte code cached as in any installed package, but in the temporary folder: nothing lands in the repository
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        env["KIB_CACHE_DIR"] = str(self.user_cache)  # not the user's own: cold runs empty it
        self.env = env
        self.kib = kib_command()
        self._help: dict[tuple[str, ...], str | None] = {}

    def drop_caches(self, root: Path | None) -> None:
        """Cold: an empty user cache (as right after installing kib) and no scan cache left in the data."""
        shutil.rmtree(self.user_cache, ignore_errors=True)
        if root is not None:
            for folder in [root / OLD_CACHE, *root.glob(f"*/{OLD_CACHE}")]:
                shutil.rmtree(folder, ignore_errors=True)

    def help_text(self, words: tuple[str, ...]) -> str | None:
        """`kib WORDS --help`, or None when the checkout has no such command."""
        if words not in self._help:
            done = subprocess.run(
                [*self.kib, *words, "--help"], capture_output=True, env=self.env, check=False, timeout=120
            )
            self._help[words] = done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None
        return self._help[words]

    def require(self, case: Case, words: tuple[str, ...], *options: str) -> Case:
        """Mark the case not available unless `kib WORDS` exists and takes every option named."""
        text = self.help_text(words)
        if text is None:
            case.unavailable = f"no `kib {' '.join(words)}`"
        else:
            missing = [o for o in options if o not in text]
            if missing:
                case.unavailable = f"`kib {' '.join(words)}` has no {', '.join(missing)}"
        return case

    def run_once(self, case: Case) -> None:
        if case.failure is not None or case.unavailable is not None or case.given is not None:
            return
        if case.prepare is not None:
            case.prepare()
        if case.state == "cold":
            self.drop_caches(case.root)
        start, before = time.perf_counter(), children_cpu()
        try:
            done = subprocess.run(
                case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env, check=False, timeout=1800
            )
        except subprocess.TimeoutExpired:
            case.failure = "took over half an hour"
            return
        elapsed = children_cpu() - before if self.cpu else time.perf_counter() - start
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
            case.failure = f"exit {done.returncode}: {lines[-1][:120]}"
            return
        if case.documents is not None:
            case.count = len(list(case.documents.glob("*.docx")))
            if case.count == 0:
                case.failure = "no document written"
                return
        case.times.append(elapsed)

    def rounds(self, cases: list[Case], rounds: int, what: str) -> None:
        for n in range(rounds):
            print(f"  {what}: round {n + 1}/{rounds}", file=sys.stderr, flush=True)
            for case in cases:
                self.run_once(case)


def fresh_copy(source: Path, target: Path) -> Callable[[], None]:
    """Untimed preparation: the target folder becomes an exact copy of `source` again."""

    def prepare() -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)

    return prepare


def empty_folder(folder: Path) -> Callable[[], None]:
    def prepare() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return prepare


def no_file(path: Path) -> Callable[[], None]:
    def prepare() -> None:
        path.unlink(missing_ok=True)

    return prepare


def copy_shipped(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("members.yaml", "schedule.yaml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "meetings", target / "meetings")
    return target


def unsign_latest(root: Path) -> tuple[str, str]:
    """Remove the `signed:` block of the latest meeting: a meeting with real text, ready to be signed.
    Returns its date and the signing date it had."""
    path = sorted((root / "meetings").glob("*.yaml"))[-1]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept: list[str] = []
    signed_on = ""
    inside = False
    for line in lines:
        if line.startswith("signed:"):
            inside = True
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            found = re.match(r"\s+date:\s*(\d{4}-\d{2}-\d{2})", line)
            if found and not signed_on:
                signed_on = found.group(1)
            continue
        inside = False
        kept.append(line)
    path.write_text("".join(kept), encoding="utf-8")
    return path.stem, signed_on or path.stem


def shipped_cases(runner: Runner, work: Path) -> list[Case]:
    root = copy_shipped(work / "shipped")
    unsigned = copy_shipped(work / "shipped-unsigned")
    meeting, signed_on = unsign_latest(unsigned)
    out = work / "out"
    out.mkdir()
    kib = [*runner.kib, "--root", str(root)]
    every_day = Budget(2.0, "typer")
    minutes = out / "minutes.docx"
    new_root, sign_root = work / "new-meeting", work / "sign"
    commands: list[tuple[str, list[str], tuple[str, ...], Budget, Path | None, Callable[[], None] | None]] = [
        ("kib --help", [*runner.kib, "--help"], (), every_day, None, None),
        ("kib check", [*kib, "check"], ("check",), every_day, root, None),
        ("kib open-actions", [*kib, "open-actions"], ("open-actions",), every_day, root, None),
        (
            "kib new-meeting",
            [*runner.kib, "--root", str(new_root), "new-meeting"],
            ("new-meeting",),
            every_day,
            new_root,
            fresh_copy(root, new_root),
        ),
        (
            f"kib sign {meeting}",
            [*runner.kib, "--root", str(sign_root), "sign", meeting, "--date", signed_on],
            ("sign",),
            every_day,
            sign_root,
            fresh_copy(unsigned, sign_root),
        ),
        (
            "kib propose-dates 2009",
            [*kib, "propose-dates", "2009"],
            ("propose-dates",),
            Budget(2.5, "typer"),
            root,
            None,
        ),
        (
            "kib render minutes 2008-09",
            [*kib, "render", "minutes", "2008-09", "-o", str(minutes)],
            ("render", "minutes"),
            Budget(4.0, "typer"),
            root,
            no_file(minutes),
        ),
    ]
    cases = [
        Case("shipped", TYPER, [sys.executable, "-c", "import typer"], "baseline"),
        Case("shipped", LOADER, [sys.executable, "-c", C_LOADER, str(root)], "baseline"),
    ]
    for label, argv, words, budget, data, prepare in commands:
        for state in ("cold", "warm"):
            # the budgets hold for everyday use: warm; the cold run (right after installing) is shown beside it
            case = Case("shipped", label, argv, state, data, budget if state == "warm" else None, prepare)
            cases.append(runner.require(case, words) if words else case)
    return cases


def first_body(root: Path) -> str | None:
    """The folder name of the municipality's first body, or None when the root is a single body."""
    if (root / "members.yaml").exists():
        return None
    return next((p.parent.name for p in sorted(root.glob("*/members.yaml"))), None)


def municipality_cases(runner: Runner, root: Path, work: Path) -> list[Case]:
    kib = [*runner.kib, "--root", str(root)]
    cases = [
        Case("municipality", TYPER, [sys.executable, "-c", "import typer"], "baseline"),
        Case("municipality", LOADER, [sys.executable, "-c", C_LOADER, str(root)], "baseline"),
    ]
    scans = (
        ("kib open-actions", ("open-actions",), Budget(1.5, "C loader"), Budget(0.2, "C loader")),
        ("kib check", ("check",), None, Budget(0.3, "C loader")),
    )
    for label, words, cold, warm in scans:
        argv = [*kib, *words]
        cases.append(runner.require(Case("municipality", label, argv, "cold", root, cold), words))
        cases.append(runner.require(Case("municipality", label, argv, "warm", root, warm), words))
        if label == "kib open-actions":
            # no budget: the same scan without laying out the table, to tell the two costs apart
            plain = Case("municipality", label + " --format json", [*argv, "--format", "json"], "warm", root)
            cases.append(runner.require(plain, words, "--format"))
    body = first_body(root)
    folder = work / "batch"
    argv = [*kib, "render", "minutes", "--all", "-o", str(folder)]
    label = "kib render minutes --all -o FOLDER"
    if body is not None:
        argv += ["--body", body]
        label += " (one body)"
    batch = Case(
        "municipality",
        label,
        argv,
        "warm",
        root,
        Budget(20, "documents/s"),
        empty_folder(folder),
        documents=folder,
    )
    cases.append(runner.require(batch, ("render", "minutes"), "--all"))
    return cases


def import_cases(runner: Runner, count: int, repeat: int) -> list[Case]:
    """Run bench/import_bench.py (in its own process) and turn the figures it prints into rows."""
    script = BENCH / "import_bench.py"
    label = f"kib import, {count} generated .docx"
    alone_label = f"python-docx alone, {count} .docx"
    if not script.exists():
        return [Case("import", label, [], unavailable="no bench/import_bench.py")]
    print(f"  import: {count} documents, {repeat} runs ...", file=sys.stderr, flush=True)
    argv = [sys.executable, str(script), "--count", str(count), "--repeat", str(repeat)]
    try:
        done = subprocess.run(argv, capture_output=True, env=runner.env, check=False, timeout=3600)
    except subprocess.TimeoutExpired:
        return [Case("import", label, argv, failure="took over an hour")]
    text = done.stdout.decode("utf-8", "replace")
    alone = re.search(r"python-docx alone:\s*([\d.]+) s", text)
    imported = re.search(r"kib import:\s*([\d.]+) s \(([\d.]+) documents/s(?:, (\d+) written)?", text)
    dry = re.search(r"kib import --dry-run.*?:\s*([\d.]+) s", text)
    if done.returncode != 0 or alone is None or imported is None:
        lines = (done.stderr.decode("utf-8", "replace") or text).strip().splitlines() or ["(no message)"]
        return [Case("import", label, argv, failure=f"exit {done.returncode}: {lines[-1][:120]}")]
    alone_s, import_s = float(alone.group(1)), float(imported.group(1))
    if imported.group(3) is not None:
        label += f" ({imported.group(3)} written)"
    cases = [
        Case("import", alone_label, argv, "baseline", given={"seconds": alone_s}),
        Case("import", label, argv, budget=Budget(20, "documents/s"), given={"seconds": import_s, "count": count}),
        Case(
            "import",
            f"kib import ÷ python-docx alone, {count} .docx",
            argv,
            budget=Budget(2.0, "python-docx"),
            given={"seconds": import_s, "ratio": import_s / alone_s},
        ),
    ]
    if dry is not None:  # no budget: everything but writing the files
        dry_s = float(dry.group(1))
        cases.append(
            Case(
                "import",
                f"kib import --dry-run ÷ python-docx alone, {count} .docx",
                argv,
                given={"seconds": dry_s, "ratio": dry_s / alone_s},
            )
        )
    return cases


def verdict(budget: Budget | None, figure: float, shown: str = "") -> str:
    if budget is None:
        return f"({shown})" if shown else ""
    word = "yes" if budget.holds(figure) else "**no**"
    return f"{word} ({shown})" if shown else word


def report(cases: list[Case]) -> list[str]:
    """A Markdown table: best and median time, ratios to the baselines, the budget and whether it holds."""
    lines = [
        "| data | command | cache | best ms | median ms | × import typer | × C loader | budget | holds |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for data in ("shipped", "municipality", "import"):
        group = [c for c in cases if c.data == data]
        typer = next((c for c in group if c.label == TYPER), None)
        loader = next((c for c in group if c.label == LOADER), None)
        for case in group:
            budget = case.budget.text if case.budget else ""
            head = f"| {data} | {case.label} | {case.state} |"
            if case.unavailable is not None:
                lines.append(f"{head} not available: {case.unavailable} | | | | {budget} | not measured |")
                continue
            if case.failure is not None:
                lines.append(f"{head} failed: {case.failure} | | | | {budget} | **no** |")
                continue
            if case.given is not None:
                seconds = case.given["seconds"]
                holds = ""
                if "ratio" in case.given:
                    holds = verdict(case.budget, case.given["ratio"], f"{case.given['ratio']:.2f} ×")
                elif "count" in case.given:
                    rate = case.given["count"] / seconds
                    holds = verdict(case.budget, rate, f"{rate:.0f} documents/s")
                lines.append(f"{head} {seconds * 1000:.0f} | | | | {budget} | {holds} |")
                continue
            to_typer = case.best / typer.best if typer and typer.times else float("nan")
            to_loader = case.best / loader.best if loader and loader.times else float("nan")
            shows_loader = case is loader or (
                data == "municipality" and case.state in ("cold", "warm") and case.documents is None
            )
            holds = ""
            if case.budget is not None:
                if case.budget.base == "documents/s":
                    rate = case.count / case.best
                    holds = verdict(case.budget, rate, f"{case.count} in {case.best:.1f} s: {rate:.0f} documents/s")
                else:
                    holds = verdict(case.budget, to_typer if case.budget.base == "typer" else to_loader)
            lines.append(
                f"{head} {case.best * 1000:.0f} | {case.median * 1000:.0f} | {to_typer:.2f} | "
                f"{f'{to_loader:.2f}' if shows_loader else ''} | {budget} | {holds} |"
            )
    return lines


def describe_checkout() -> str:
    """The commit measured, marked when the working tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%h %cd", "--date=short"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", "kib"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return commit + (" with uncommitted changes in kib/" if dirty else "")


def versions() -> str:
    found = []
    for name in ("typer", "yaml"):
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}; print({name}.__version__)"], capture_output=True, text=True
        )
        found.append(f"{'PyYAML' if name == 'yaml' else name} {done.stdout.strip() or '?'}")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="Few rounds and a small municipality (10x6x10).")
    parser.add_argument("--municipality", type=Path, help="A multi-body data root (default: generate one).")
    parser.add_argument("--repeat", type=int, help="Rounds on the shipped data (default 10, quick 3).")
    parser.add_argument("--large-repeat", type=int, help="Rounds on the municipality (default 3, quick 2).")
    parser.add_argument("--skip-municipality", action="store_true", help="Not the municipality.")
    parser.add_argument("--skip-import", action="store_true", help="Not bench/import_bench.py.")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time (user + system) of each process instead of wall-clock time: steadier on a busy machine "
        "(POSIX; the import figures stay wall-clock).",
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 10)
    large_repeat = args.large_repeat or (2 if args.quick else 3)
    size = (10, 6, 10) if args.quick else (50, 12, 10)
    import_count, import_repeat = (100, 1) if args.quick else (500, 3)

    # stopped with a signal, the temporary folder is still removed (`finally` below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="kib-bench-"))
    if args.cpu and os.name == "nt":
        parser.error("--cpu needs a POSIX system")
    runner = Runner(work, cpu=args.cpu)
    started = time.perf_counter()
    municipality = ""
    try:
        cases = shipped_cases(runner, work)
        # one run each first: Python's byte-code caches and the file system are warm for everyone
        for case in cases:
            runner.run_once(case)
            case.times.clear()
        runner.rounds(cases, repeat, "shipped data")

        if not args.skip_municipality:
            muni = args.municipality
            if muni is None:
                sys.path.insert(0, str(BENCH))
                from generate import generate

                muni = work / "municipality"
                print("  generating {} bodies x {} years x {} meetings ...".format(*size), file=sys.stderr, flush=True)
                count = generate(muni, *size, state=1)
                print(f"  {count} meetings written", file=sys.stderr)
                described = "{} bodies x {} years x {} meetings".format(*size)
            else:
                count = len(list(muni.glob("meetings/*.yaml"))) + len(list(muni.glob("*/meetings/*.yaml")))
                described = str(muni)
            municipality = f"; municipality: {count} meetings ({described}), {large_repeat} rounds"
            large = municipality_cases(runner, muni, work)
            runner.rounds(large, large_repeat, "municipality")
            cases += large
            if args.municipality is not None:
                runner.drop_caches(muni)

        if not args.skip_import:
            cases += import_cases(runner, import_count, import_repeat)

        print(
            f"\nMeasured {dt.date.today().isoformat()} on {describe_checkout()}; "
            f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, {versions()}; "
            f"shipped data: {repeat} rounds{municipality}; "
            f"{'CPU time (user + system)' if args.cpu else 'wall-clock time'}; {time.perf_counter() - started:.0f} s in all\n"
        )
        print("\n".join(report(cases)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
