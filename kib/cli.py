"""The command line: argument parsing only. Every command imports its working module when it runs,
so `kib --help` and quick commands stay about as fast as importing Typer.

No `from __future__ import annotations` here: Typer would then evaluate every parameter's annotation
string on every run (about 15 ms for all commands); evaluated once at import they cost little."""

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, Optional, TypeVar

import typer

from .errors import KibError

T = TypeVar("T")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="kib: minutes, meeting dates and uppdrag for a Swedish beredning or nämnd.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
render_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Render Word documents.")
action_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Record uppdrag and mark them done.")
app.add_typer(render_app, name="render")
app.add_typer(action_app, name="action")

RootOpt = Annotated[
    Optional[Path], typer.Option("--root", help="Data root (default: KIB_ROOT or the current folder upwards).")
]
BodyOpt = Annotated[
    Optional[str], typer.Option("--body", help="Body folder or short name, when the root holds several.")
]


class State:
    root: Path | None = None


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guarded(work: Callable[[], T]) -> T:
    """Run a command's work; a KibError becomes one line on stderr and its exit code, never a traceback."""
    try:
        return work()
    except KibError as exc:
        typer.echo(exc.render(), err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # the reader went away (`kib open-actions | head`): stop quietly, as other Unix tools do
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {name}{exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("KIB_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc} (please report this; KIB_DEBUG=1 shows details)", err=True
        )
        raise typer.Exit(70) from None


def open_root(root: Path | None):  # type: ignore[no-untyped-def]
    from .store import open_root as _open

    return _open(root or State.root)


@app.callback()
def main(
    root: RootOpt = None,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """kib keeps a committee's meetings as YAML files and makes the documents from them."""
    if version:
        from . import __version__

        typer.echo(f"kib {__version__}")
        raise typer.Exit()
    State.root = root


@app.command()
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    publish: Annotated[
        bool, typer.Option("--publish", help="Also warn about personal data in text meant for the public.")
    ] = False,
    body: BodyOpt = None,
) -> None:
    """Validate members.yaml, schedule.yaml and every meeting file of the data root."""

    def work() -> int:
        from .check import print_report, run_check

        root = open_root(None)
        problems = run_check(root, body=body, publish=publish)
        return print_report(problems, root, strict=strict)

    code = guarded(work)
    raise typer.Exit(code)


@app.command("new-meeting")
def new_meeting(
    date: Annotated[
        Optional[str], typer.Option("--date", help="Meeting date YYYY-MM-DD (default: next adopted date).")
    ] = None,
    time: Annotated[Optional[str], typer.Option("--time", help="HH.MM-HH.MM (default from members.yaml).")] = None,
    place: Annotated[Optional[str], typer.Option("--place", help="Place (default from members.yaml).")] = None,
    follow_up: Annotated[
        bool, typer.Option("--follow-up/--no-follow-up", help="Add a paragraph following up open uppdrag.")
    ] = False,
    body: BodyOpt = None,
) -> None:
    """Write the next meeting's file, ready for the secretary to fill in."""

    def work() -> None:
        from .scaffold import new_meeting as scaffold

        path = scaffold(open_root(None).body(body), date=date, time=time, place=place, follow_up=follow_up)
        typer.echo(str(path))

    guarded(work)


@app.command()
def sign(
    ref: Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")],
    date: Annotated[Optional[str], typer.Option("--date", help="Date of signing, YYYY-MM-DD (default today).")] = None,
    amend: Annotated[bool, typer.Option("--amend", help="Record a knowing correction of signed minutes.")] = False,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why the signed minutes were corrected (with --amend).")
    ] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who made the correction (default: the secretary).")] = None,
    body: BodyOpt = None,
) -> None:
    """Record that the minutes were signed, sealing their content with a fingerprint."""

    def work() -> None:
        from .signing import sign_meeting

        message = sign_meeting(open_root(None).body(body), ref, date=date, amend=amend, reason=reason, by=by)
        typer.echo(message)

    guarded(work)


RenderOut = Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (default under output/).")]
TemplateOpt = Annotated[Optional[Path], typer.Option("--template", help="A restyled Word template.")]
PdfOpt = Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")]
PdfaOpt = Annotated[bool, typer.Option("--pdfa", help="Also convert to PDF/A-2b for archiving.")]


def _render(
    kind: str,
    ref: str,
    paragraph: int | None,
    output: Path | None,
    template: Path | None,
    pdf: bool,
    pdfa: bool,
    body: str | None,
) -> None:
    def work() -> None:
        from .render.command import render

        for path in render(
            open_root(None).body(body),
            kind,
            ref,
            paragraph=paragraph,
            output=output,
            template=template,
            pdf=pdf,
            pdfa=pdfa,
        ):
            typer.echo(str(path))

    guarded(work)


@render_app.command("minutes")
def render_minutes(
    ref: Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")],
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    body: BodyOpt = None,
) -> None:
    """The minutes: the signing copy, or once signed, with the signed statement."""
    _render("minutes", ref, None, output, template, pdf, pdfa, body)


@render_app.command("agenda")
def render_agenda(
    ref: Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")],
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    body: BodyOpt = None,
) -> None:
    """The notice and agenda (kallelse och föredragningslista)."""
    _render("agenda", ref, None, output, template, pdf, pdfa, body)


@render_app.command("extract")
def render_extract(
    ref: Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")],
    paragraph: Annotated[int, typer.Argument(help="Paragraph number.")],
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    body: BodyOpt = None,
) -> None:
    """A certified extract (protokollsutdrag) of one paragraph."""
    _render("extract", ref, paragraph, output, template, pdf, pdfa, body)


@app.command("propose-dates")
def propose_dates(
    year: Annotated[int, typer.Argument(help="The year to plan.")],
    weekday: Annotated[
        Optional[str], typer.Option("--weekday", help="e.g. wed, onsdag (default from members.yaml).")
    ] = None,
    time: Annotated[Optional[str], typer.Option("--time", help="HH.MM-HH.MM (default from members.yaml).")] = None,
    count: Annotated[
        Optional[int], typer.Option("--count", help="Number of meetings (default from members.yaml).")
    ] = None,
    conflicts: Annotated[
        Optional[list[Path]], typer.Option("--conflicts", help="Other bodies' meetings: .ics or .yaml; repeatable.")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="List every rejected day with its reasons.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, json, ics or docx.")] = "table",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file.")] = None,
    adopt: Annotated[bool, typer.Option("--adopt", help="Write the proposal into schedule.yaml as adopted.")] = False,
    decided: Annotated[
        Optional[str], typer.Option("--decided", help="With --adopt: where it was decided, e.g. '2008-09-10 § 17'.")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Propose next year's meeting dates and say why every other day was rejected."""

    def work() -> None:
        from .dates.command import propose

        propose(
            open_root(None).body(body),
            year,
            weekday=weekday,
            time=time,
            count=count,
            conflicts=list(conflicts or []),
            explain=explain,
            fmt=fmt,
            output=output,
            adopt=adopt,
            decided=decided,
        )

    guarded(work)


@app.command("open-actions")
def open_actions(
    owner: Annotated[Optional[str], typer.Option("--owner", help="Only this person's uppdrag.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue uppdrag.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include uppdrag reported done.")] = False,
    body: BodyOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or markdown.")] = "table",
    today: Annotated[
        Optional[str], typer.Option("--today", help="Reference date for age and overdue (default today).", hidden=True)
    ] = None,
) -> None:
    """List every uppdrag not yet reported done, grouped by owner."""

    def work() -> None:
        from .actions.command import list_actions

        list_actions(open_root(None), owner=owner, overdue=overdue, show_all=show_all, body=body, fmt=fmt, today=today)

    guarded(work)


@action_app.command("done")
def action_done(
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Uppdrag id, e.g. 2008-16-1.")],
    date: Annotated[Optional[str], typer.Option("--date", help="Date reported done (default today).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Evidence or comment.")] = None,
    reported: Annotated[
        Optional[str], typer.Option("--reported", help="Where it was reported: 'REF §N', e.g. '2008-10 §20'.")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Mark an uppdrag as reported done."""

    def work() -> None:
        from .actions.command import mark_done

        typer.echo(mark_done(open_root(None), action_id, date=date, note=note, reported=reported, body=body))

    guarded(work)


@action_app.command("add")
def action_add(
    ref: Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")],
    paragraph: Annotated[int, typer.Argument(help="Paragraph number.")],
    owner: Annotated[str, typer.Option("--owner", help="Who is given the uppdrag.")],
    task: Annotated[str, typer.Option("--task", help="The task in words.")],
    due: Annotated[Optional[str], typer.Option("--due", help="YYYY-MM-DD or 'nästa sammanträde'.")] = None,
    body: BodyOpt = None,
) -> None:
    """Record an uppdrag on a paragraph."""

    def work() -> None:
        from .actions.command import add_action

        typer.echo(add_action(open_root(None).body(body), ref, paragraph, owner=owner, task=task, due=due))

    guarded(work)


@app.command()
def schema(
    write: Annotated[Optional[Path], typer.Option("--write", help="Write the JSON Schemas into this folder.")] = None,
) -> None:
    """Print (or write) the JSON Schemas of members.yaml, schedule.yaml and meeting files."""

    def work() -> None:
        import json

        from .schema import all_schemas, write_schemas

        if write:
            for path in write_schemas(write):
                typer.echo(str(path))
        else:
            typer.echo(json.dumps(all_schemas(), ensure_ascii=False, indent=2))

    guarded(work)


def run() -> None:
    """Console-script entry point; UTF-8 output even on a Windows console."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
    try:
        app()
    finally:
        # The process ends here and the operating system takes back its memory. Python would first
        # search every object the imports made for reference cycles; frozen objects are left out of that
        # search (bench/README.md has what it saves). kib's files are all closed.
        gc.freeze()
