"""Time kib as a user meets it: whole processes, each as a ratio to baselines measured in the same run.

    python bench/run.py [--municipality DIR] [--repeat N] [--large-repeat M]

Shipped data (a copy of the repository's members.yaml, schedule.yaml and meetings/ in a temporary
folder, so nothing is written into the repository): `kib --help`, `check`, `open-actions`,
`render minutes 2008-09` and `propose-dates 2009`. A municipality (generated with 50 bodies x 12
years x 10 meetings into a temporary folder unless --municipality is given): `open-actions` and
`check`. Every command runs cold (kib's user cache, which holds the scan caches, emptied first) and warm.

Baselines, measured in the same rounds: `python -c "import typer"`, and for the scans a process that
reads every meeting file with PyYAML's C loader. Commands and baselines take turns round by round,
so a busy machine slows all of them alike; the best of the rounds is compared (the median is shown).
Not part of the test suite: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

C_LOADER = """
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
paths = sorted(root.glob("meetings/*.yaml")) + sorted(root.glob("*/meetings/*.yaml"))
for path in paths:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

#: (label, the baseline it is held to, the largest ratio allowed)
BUDGETS = {
    ("shipped", "kib --help", "warm"): ("typer", 2.0),
    ("shipped", "kib check", "warm"): ("typer", 2.0),
    ("shipped", "kib open-actions", "warm"): ("typer", 2.0),
    ("shipped", "kib propose-dates 2009", "warm"): ("typer", 2.5),
    ("shipped", "kib render minutes 2008-09", "warm"): ("typer", 4.0),
    ("municipality", "kib open-actions", "cold"): ("C loader", 1.5),
    ("municipality", "kib open-actions", "warm"): ("C loader", 0.2),
    ("municipality", "kib check", "warm"): ("C loader", 0.3),
}


@dataclass
class Case:
    data: str  # "shipped" or "municipality"
    label: str
    argv: list[str]
    state: str = ""  # "cold", "warm" or "" for a baseline
    root: Path | None = None
    times: list[float] = field(default_factory=list)
    failure: str | None = None
    env: dict[str, str] | None = None  # instead of the run's environment

    @property
    def best(self) -> float:
        return min(self.times) if self.times else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def kib_command() -> list[str]:
    """The console script a user runs, else `python -m kib`."""
    script = Path(sys.executable).with_name("kib.exe" if os.name == "nt" else "kib")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kib"]


#: kib's user cache folder for the run (KIB_CACHE_DIR): compiled templates, calendar names, holidays.
USER_CACHE: Path | None = None


def drop_caches(root: Path) -> None:
    """Cold: an empty user cache (no scan cache, no holidays, no compiled templates: as right after installing kib)."""
    if USER_CACHE is not None:
        shutil.rmtree(USER_CACHE, ignore_errors=True)


#: Measure CPU time (user + system) of each process instead of wall-clock time (`--cpu`).
CPU_TIME = False


def _children_cpu() -> float:
    """CPU seconds used by the finished child processes so far (POSIX; 0 elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows: --cpu is not available
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(case: Case, env: dict[str, str]) -> None:
    if case.failure is not None:
        return
    if case.state == "cold" and case.root is not None:
        drop_caches(case.root)
    start = time.perf_counter()
    before = _children_cpu()
    done = subprocess.run(
        case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=case.env or env, check=False
    )
    elapsed = _children_cpu() - before if CPU_TIME else time.perf_counter() - start
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no message)"])[-1]
        case.failure = f"exit {done.returncode}: {first[:100]}"
        return
    case.times.append(elapsed)


def run_rounds(cases: list[Case], rounds: int, env: dict[str, str], what: str) -> None:
    for n in range(rounds):
        print(f"  {what}: round {n + 1}/{rounds}", file=sys.stderr, flush=True)
        for case in cases:
            run_once(case, env)


def copy_shipped(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("members.yaml", "schedule.yaml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "meetings", target / "meetings")
    return target


def shipped_cases(root: Path, out: Path, plain_env: dict[str, str]) -> list[Case]:
    kib = [*kib_command(), "--root", str(root)]
    commands = [
        ("kib --help", [*kib_command(), "--help"]),
        ("kib check", [*kib, "check"]),
        ("kib open-actions", [*kib, "open-actions"]),
        ("kib render minutes 2008-09", [*kib, "render", "minutes", "2008-09", "-o", str(out / "minutes.docx"), "--force"]),
        ("kib propose-dates 2009", [*kib, "propose-dates", "2009"]),
    ]
    cases = [
        Case("shipped", "python -c 'import typer'", [sys.executable, "-c", "import typer"]),
        Case("shipped", "C loader, every meeting", [sys.executable, "-c", C_LOADER, str(root)]),
    ]
    for label, argv in commands:
        cases += [Case("shipped", label, argv, "cold", root), Case("shipped", label, argv, "warm", root)]
    # the same without byte-code caching (PYTHONDONTWRITEBYTECODE=1 in an editable checkout): sources compiled each run
    for label, argv in commands[:1] + commands[2:3]:
        cases.append(Case("shipped", label + " (no .pyc)", argv, "warm", root, env=plain_env))
    cases.append(
        Case("shipped", "python -c 'import typer' (no .pyc)", [sys.executable, "-c", "import typer"], env=plain_env)
    )
    return cases


def municipality_cases(root: Path) -> list[Case]:
    kib = [*kib_command(), "--root", str(root)]
    cases = [
        Case("municipality", "python -c 'import typer'", [sys.executable, "-c", "import typer"]),
        Case("municipality", "C loader, every meeting", [sys.executable, "-c", C_LOADER, str(root)]),
    ]
    for label, argv in (("kib open-actions", [*kib, "open-actions"]), ("kib check", [*kib, "check"])):
        cases += [Case("municipality", label, argv, "cold", root), Case("municipality", label, argv, "warm", root)]
    return cases


def report(cases: list[Case]) -> list[str]:
    """A Markdown table: best and median time, ratios to the baselines, the budget and whether it holds."""
    lines = [
        "| data | command | cache | best ms | median ms | × import typer | × C loader | budget | holds |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for data in ("shipped", "municipality"):
        group = [c for c in cases if c.data == data]
        if not group:
            continue
        typer = next(c for c in group if c.label == "python -c 'import typer'")
        loader = next(c for c in group if c.label.startswith("C loader"))
        nopyc_typer = next((c for c in group if c.label == "python -c 'import typer' (no .pyc)"), None)
        for case in group:
            if case.failure is not None:
                lines.append(f"| {data} | {case.label} | {case.state} | failed: {case.failure} | | | | | |")
                continue
            to_typer = case.best / (nopyc_typer.best if case.env and nopyc_typer else typer.best)
            to_loader = case.best / loader.best
            scan = case.state and any(word in case.label for word in ("check", "open-actions"))
            budget = BUDGETS.get((data, case.label, case.state))
            verdict = ""
            if budget is not None:
                base, limit = budget
                ratio = to_typer if base == "typer" else to_loader
                verdict = "yes" if ratio <= limit else "**no**"
                budget_text = f"≤ {limit} × {base}"
            else:
                budget_text = ""
            lines.append(
                f"| {data} | {case.label} | {case.state or 'baseline'} | {case.best * 1000:.0f} | "
                f"{case.median * 1000:.0f} | {to_typer:.2f} | {f'{to_loader:.2f}' if scan or case is loader else ''} | "
                f"{budget_text} | {verdict} |"
            )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipality", type=Path, help="A multi-body data root (default: generate 50x12x10).")
    parser.add_argument("--repeat", type=int, default=10, help="Rounds on the shipped data (default 10).")
    parser.add_argument("--large-repeat", type=int, default=3, help="Rounds on the municipality (default 3).")
    parser.add_argument("--skip-municipality", action="store_true", help="Only the shipped data.")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time (user + system) of each process instead of wall-clock time: steadier on a busy machine (POSIX).",
    )
    args = parser.parse_args(argv)
    global CPU_TIME
    CPU_TIME = args.cpu

    base = {k: v for k, v in os.environ.items() if k not in ("KIB_ROOT", "KIB_NO_CACHE", "KIB_DEBUG")}
    work = Path(tempfile.mkdtemp(prefix="kib-bench-"))
    # Byte code cached as in any installed package, but in the temporary folder: nothing lands in the repository.
    env = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    plain_env = {k: v for k, v in base.items() if k != "PYTHONPYCACHEPREFIX"}
    plain_env["PYTHONDONTWRITEBYTECODE"] = "1"
    global USER_CACHE
    USER_CACHE = work / "user-cache"  # not the user's own: cold runs empty it
    env["KIB_CACHE_DIR"] = plain_env["KIB_CACHE_DIR"] = str(USER_CACHE)
    try:
        shipped = copy_shipped(work / "shipped")
        out = work / "out"
        out.mkdir()
        cases = shipped_cases(shipped, out, plain_env)
        # one run each first: Python's own byte-code caches and the file system are warm for everyone
        for case in cases:
            run_once(case, env)
            case.times.clear()
        run_rounds(cases, args.repeat, env, "shipped data")

        if not args.skip_municipality:
            muni = args.municipality
            if muni is None:
                sys.path.insert(0, str(Path(__file__).resolve().parent))
                from generate import generate

                muni = work / "municipality"
                print("  generating 50 bodies x 12 years x 10 meetings ...", file=sys.stderr, flush=True)
                count = generate(muni, 50, 12, 10, state=1)
                print(f"  {count} meetings written", file=sys.stderr)
            large = municipality_cases(muni)
            run_rounds(large, args.large_repeat, env, "municipality")
            cases += large
            if args.municipality is not None:
                drop_caches(muni)

        print(
            f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"rounds: {args.repeat} shipped, {args.large_repeat} municipality; "
            f"{'CPU time (user + system)' if args.cpu else 'wall-clock time'}\n"
        )
        print("\n".join(report(cases)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
