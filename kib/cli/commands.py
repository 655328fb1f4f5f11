"""The commands: arguments in, a call into kib's core, its data out through `output` and `views`.

Every command imports its working module when it runs, so `kib --help` and quick commands stay about as
fast as importing Typer. Errors are not caught here: `boundary.KibGroup` turns them into one line.

No `from __future__ import annotations` here: Typer would then evaluate every parameter's annotation
string on every run; evaluated once at import they cost little.
"""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kib.errors import ExitCode, Problem, UsageError

from .boundary import KibGroup, settings

app = typer.Typer(
    cls=KibGroup,
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

BodyOpt = Annotated[
    Optional[str], typer.Option("--body", help="Body folder or short name, when the root holds several.")
]
MeetingArg = Annotated[str, typer.Argument(help="Meeting: YYYY-MM, YYYY-MM-DD or a path.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


class ActionsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class DatesFormat(str, Enum):
    table = "table"
    json = "json"
    ics = "ics"
    docx = "docx"


def _show_version(value: bool) -> None:
    if value:
        from kib import __version__

        typer.echo(f"kib {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """kib keeps a committee's meetings as YAML files and makes the documents from them."""


@app.command()
def check(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    publish: Annotated[
        bool, typer.Option("--publish", help="Also warn about personal data in text meant for the public.")
    ] = False,
    body: BodyOpt = None,
) -> None:
    """Validate members.yaml, schedule.yaml and every meeting file of the data root.

    One line per problem (file:line:col: severity: message) on stdout, a summary on stderr; exit code 1
    when an error (with --strict also a warning) was found.
    """
    from kib.checks.check import check_root

    from .output import echo, warn

    root = settings(ctx).open_root()
    report = check_root(root, body=body, publish=publish)
    echo("".join(p.render(root.path) + "\n" for p in report.problems))
    errors, warnings = report.errors, report.warnings
    files = f"{report.files} file{'s' * (report.files != 1)}"
    if report.problems:
        notes = f", {report.notes} note{'s' * (report.notes != 1)}" if report.notes else ""  # information never fails
        warn(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}{notes} in {files}")
    else:
        warn(f"ok: {files} checked")
    raise typer.Exit(ExitCode.PROBLEM if report.failed(strict=strict) else ExitCode.OK)


@app.command("new-meeting")
def new_meeting(
    ctx: typer.Context,
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
    """Write the next meeting's file, ready for the secretary to fill in; prints its path."""
    from kib.body.scaffold import new_meeting as scaffold

    body_dir = settings(ctx).open_root().body(body)
    typer.echo(str(scaffold(body_dir, date=date, time=time, place=place, follow_up=follow_up)))


@app.command()
def sign(
    ctx: typer.Context,
    ref: MeetingArg,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of signing, YYYY-MM-DD (default today).")] = None,
    amend: Annotated[bool, typer.Option("--amend", help="Record a knowing correction of signed minutes.")] = False,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why the signed minutes were corrected (with --amend).")
    ] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who made the correction (default: the secretary).")] = None,
    role: Annotated[
        Optional[str],
        typer.Option("--as", help="Record one signature: secretary, chair or verifier (justerare) signing on --date."),
    ] = None,
    name: Annotated[
        Optional[str], typer.Option("--name", help="With --as: who signs (needed when several justerare sign).")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Record that the minutes were signed, sealing their content with a fingerprint.

    Without --as everyone signs at once; with --as each signature is recorded on its own day, and the
    protokoll is justerat on the last."""
    from kib.timeline.signatures import sign as record_signing

    body_dir = settings(ctx).open_root().body(body)
    typer.echo(record_signing(body_dir, ref, role=role, name=name, date=date, amend=amend, reason=reason, by=by))


@app.command()
def announce(
    ctx: typer.Context,
    ref: MeetingArg,
    date: Annotated[
        Optional[str], typer.Option("--date", help="Day the notice went up, YYYY-MM-DD (default today).")
    ] = None,
    by: Annotated[
        Optional[str], typer.Option("--by", help="Who put it up and certifies it (default: the secretary).")
    ] = None,
    note: Annotated[
        Optional[str], typer.Option("--note", help="A note kept with the record, e.g. why it was late.")
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Folder for the notice (default output/ of the body).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace notice files that already exist.")] = False,
    body: BodyOpt = None,
) -> None:
    """Record that the justering was announced on the anslagstavla; write the notice (.docx, .html, .json)."""
    from kib.timeline.announce import announce as record_notice

    from .output import warn

    body_dir = settings(ctx).open_root().body(body)
    written, warnings = record_notice(body_dir, ref, date=date, by=by, note=note, output=output, force=force)
    for warning in warnings:
        warn(warning.render())
    for path in written:
        typer.echo(str(path))


class DeadlinesFormat(str, Enum):
    table = "table"
    json = "json"
    ics = "ics"


@app.command()
def deadlines(
    ctx: typer.Context,
    today: Annotated[
        Optional[str], typer.Option("--today", help="The day to measure from, YYYY-MM-DD (default today).")
    ] = None,
    fmt: Annotated[
        DeadlinesFormat,
        typer.Option("--format", case_sensitive=False, help="table for reading, json for systems, ics for Outlook."),
    ] = DeadlinesFormat.table,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write json or ics to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="Table and ics: also deadlines more than 90 days past.")
    ] = False,
    body: BodyOpt = None,
) -> None:
    """Justering, anslag and appeal deadlines of every meeting of every nämnd in the root.

    A meeting file that cannot be read is named on stderr and the others are still listed; the exit code
    is then 1."""
    from kib.swedish import parse_date
    from kib.timeline.deadlines import deadlines as list_deadlines

    from . import views
    from .output import echo_bytes, json_text, refuse_existing, warn, write_file

    if output is not None and fmt is DeadlinesFormat.table:
        raise UsageError("--output writes json or ics; choose one with --format")
    if output is not None:
        refuse_existing(output, force=force)
    day = parse_date(today, "--today") if today else None
    root = settings(ctx).open_root()
    found = list_deadlines(root, today=day, body=body)
    if fmt is DeadlinesFormat.table:
        views.print_deadlines(found, show_all=show_all)
    else:
        data = (
            json_text(found.as_json()).encode("utf-8") if fmt is DeadlinesFormat.json else found.ics(show_all=show_all)
        )
        if output is None:
            echo_bytes(data)
        else:
            write_file(output, data, force=force)
            typer.echo(str(output))
    for problem in found.problems:
        warn(problem.render(root.path) + " (its deadlines are not shown; run `kib check`)")
    if found.problems:
        raise typer.Exit(ExitCode.PROBLEM)


RenderOut = Annotated[
    Optional[Path],
    typer.Option("-o", "--output", help="Output file, or a folder for several documents (default: output/)."),
]
TemplateOpt = Annotated[Optional[Path], typer.Option("--template", help="A restyled Word template.")]
PdfOpt = Annotated[bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice.")]
PdfaOpt = Annotated[bool, typer.Option("--pdfa", help="Also convert to PDF/A-2b for archiving.")]
RenderForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing .docx or .pdf.")]
DraftOpt = Annotated[
    bool,
    typer.Option("--draft", help="A copy marked on every page as not the signed version (also of a changed seal)."),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every meeting of the body.")]
PublicOpt = Annotated[
    bool,
    typer.Option("--public", help="A public version: the text of each sekretess paragraph is withheld."),
]
MeetingsArg = Annotated[
    Optional[list[str]],
    typer.Argument(
        metavar="[MEETING]...", help="Meetings: YYYY-MM, YYYY-MM-DD, a path, or a year YYYY for all its meetings."
    ),
]


def _render(
    ctx: typer.Context,
    kind: str,
    refs: list[str],
    paragraph: Optional[int],
    output: Optional[Path],
    template: Optional[Path],
    pdf: bool,
    pdfa: bool,
    body: Optional[str],
    force: bool = False,
    draft: bool = False,
    every: bool = False,
    public: bool = False,
) -> None:
    from kib.documents.render import render

    body_dir = settings(ctx).open_root().body(body)
    result = render(
        body_dir,
        kind,
        refs,
        paragraph=paragraph,
        output=output,
        template=template,
        pdf=pdf,
        pdfa=pdfa,
        force=force,
        draft=draft,
        every=every,
        public=public,
    )
    for warning in result.warnings:
        typer.echo(warning.render(), err=True)
    for path in result.written:
        typer.echo(str(path))


@render_app.command("minutes")
def render_minutes(
    ctx: typer.Context,
    refs: MeetingsArg = None,
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    force: RenderForceOpt = False,
    draft: DraftOpt = False,
    every: AllOpt = False,
    public: PublicOpt = False,
    body: BodyOpt = None,
) -> None:
    """The minutes or protokoll: the signing copy, or once signed, with the signed statement."""
    _render(ctx, "minutes", refs or [], None, output, template, pdf, pdfa, body, force, draft, every, public)


@render_app.command("agenda")
def render_agenda(
    ctx: typer.Context,
    refs: MeetingsArg = None,
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    force: RenderForceOpt = False,
    draft: DraftOpt = False,
    every: AllOpt = False,
    body: BodyOpt = None,
) -> None:
    """The notice and agenda (kallelse och föredragningslista)."""
    _render(ctx, "agenda", refs or [], None, output, template, pdf, pdfa, body, force, draft, every)


@render_app.command("extract")
def render_extract(
    ctx: typer.Context,
    ref: MeetingArg,
    paragraph: Annotated[int, typer.Argument(help="Paragraph number.")],
    output: RenderOut = None,
    template: TemplateOpt = None,
    pdf: PdfOpt = False,
    pdfa: PdfaOpt = False,
    force: RenderForceOpt = False,
    draft: DraftOpt = False,
    public: PublicOpt = False,
    body: BodyOpt = None,
) -> None:
    """A certified extract (protokollsutdrag) of one paragraph."""
    _render(ctx, "extract", [ref], paragraph, output, template, pdf, pdfa, body, force, draft, public=public)


@app.command("propose-dates")
def propose_dates(
    ctx: typer.Context,
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
    fmt: Annotated[
        DatesFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="table for reading, json for scripts, ics for Outlook, docx for the meeting.",
        ),
    ] = DatesFormat.table,
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write to this file (docx: default under output/).")
    ] = None,
    force: ForceOpt = False,
    adopt: Annotated[bool, typer.Option("--adopt", help="Write the proposal into schedule.yaml as adopted.")] = False,
    decided: Annotated[
        Optional[str], typer.Option("--decided", help="With --adopt: where it was decided, e.g. '2008-09-10 § 17'.")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Propose next year's meeting dates and say why every other day was rejected."""
    import datetime as dt

    from kib.calendar import output as documents
    from kib.calendar import proposal

    from . import views
    from .output import echo, echo_bytes, refuse_existing, warn, write_file

    if decided is not None and not adopt:
        raise UsageError("--decided records where the dates were decided; it goes with --adopt")
    if output is not None:
        refuse_existing(output, force=force)
    body_dir = settings(ctx).open_root().body(body)
    plan = proposal.plan_year(body_dir, year, weekday=weekday, time=time, count=count, conflicts=list(conflicts or []))
    if not plan.proposed:
        if explain and fmt is DatesFormat.table:
            views.print_plan(plan, explain=True)
        raise proposal.nothing_possible(plan, explained=explain)
    if output is None and fmt is DatesFormat.docx:
        output = proposal.default_document_path(body_dir, year)
        refuse_existing(output, force=force)
    if adopt:
        proposal.adopt(body_dir, plan, decided)

    data_on_stdout = output is None and fmt in (DatesFormat.json, DatesFormat.ics)
    if fmt in (DatesFormat.ics, DatesFormat.docx):
        for line in plan.warnings:
            warn(f"warning: {line}")
    content: str | bytes
    if fmt is DatesFormat.table:
        if output is not None:
            raise UsageError("-o writes json, ics or docx; a table is for the terminal")
        views.print_plan(plan, explain=explain)
        content = ""
    elif fmt is DatesFormat.json:
        content = documents.to_json(plan)
    elif fmt is DatesFormat.ics:
        now = dt.datetime.now(dt.timezone.utc)
        content = documents.to_ics(plan, adopted=adopt, decided=decided, now=now)
    else:
        content = documents.to_docx(plan)
    if output is not None:
        write_file(output, content.encode("utf-8") if isinstance(content, str) else content, force=force)
        typer.echo(str(output))
    elif isinstance(content, bytes):
        echo_bytes(content)
    else:
        echo(content)
    if adopt:
        message = f"{body_dir.schedule_path}: {year} adopted with {len(plan.proposed)} dates"
        typer.echo(message, err=data_on_stdout)


@app.command("open-actions")
def open_actions(
    ctx: typer.Context,
    owner: Annotated[Optional[str], typer.Option("--owner", help="Only this person's uppdrag.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue uppdrag.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include uppdrag reported done.")] = False,
    body: BodyOpt = None,
    fmt: Annotated[
        ActionsFormat,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="table for reading (Swedish), json or csv for scripts, markdown, xlsx for Excel (with -o).",
        ),
    ] = ActionsFormat.table,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "-o",
            "--output",
            help="Write to this file instead of stdout (json, csv, markdown, xlsx). A CSV file is written for "
            "Excel: UTF-8 with a byte order mark and ';' between cells; on stdout CSV is plain UTF-8 with commas.",
        ),
    ] = None,
    force: ForceOpt = False,
    today: Annotated[
        Optional[str], typer.Option("--today", help="Reference date for age and overdue (default today).", hidden=True)
    ] = None,
) -> None:
    """List every uppdrag not yet reported done, grouped by owner.

    A meeting file that cannot be read is named on stderr and the other files' uppdrag are still listed;
    the exit code is then 1, so that a script notices.
    """
    from kib.register.listing import list_actions

    from . import views
    from .output import echo, json_text, print_tables, refuse_existing, warn, write_file, xlsx_bytes

    if output is not None and fmt is ActionsFormat.table:
        raise UsageError("-o writes json, csv, markdown or xlsx; choose one with --format")
    if fmt is ActionsFormat.xlsx and output is None:
        raise UsageError("--format xlsx writes a workbook: give its file name with -o, e.g. -o uppdrag.xlsx")
    if output is not None:
        refuse_existing(output, force=force)
    day = None
    if today:
        from kib.swedish import parse_date

        day = parse_date(today, "--today")
    listing = list_actions(
        settings(ctx).open_root(), owner=owner, overdue=overdue, show_all=show_all, body=body, today=day
    )

    if fmt is ActionsFormat.table:
        print_tables(views.actions_tables(listing), empty="inga")
    else:
        data: bytes
        if fmt is ActionsFormat.json:
            data = json_text(views.actions_data(listing)).encode("utf-8")
        elif fmt is ActionsFormat.csv:
            # a file is for Excel (byte order mark, ';'); stdout is for the next program in a pipe
            data = ("\ufeff" if output else "").encode("utf-8") + views.actions_csv(listing, excel=bool(output)).encode(
                "utf-8"
            )
        elif fmt is ActionsFormat.markdown:
            data = views.actions_markdown(listing).encode("utf-8")
        else:
            data = xlsx_bytes(views.actions_workbook(listing))
        if output is None:
            echo(data.decode("utf-8"))
        else:
            write_file(output, data, force=force)
            typer.echo(str(output))
    for p in listing.broken:
        hint = "; its uppdrag are not listed until the file is corrected (`kib check` shows every problem)"
        warn(Problem(p.file, p.line, p.col, "warning", p.message + hint).render())
    if listing.broken:
        raise typer.Exit(ExitCode.PROBLEM)


@action_app.command("done")
def action_done(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="Uppdrag id, e.g. 2008-16-1.")],
    date: Annotated[Optional[str], typer.Option("--date", help="Date reported done (default today).")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Evidence or comment.")] = None,
    reported: Annotated[
        Optional[str], typer.Option("--reported", help="Where it was reported: 'REF §N', e.g. '2008-10 §20'.")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Mark an uppdrag as reported done."""
    from kib.register.edits import mark_done

    typer.echo(mark_done(settings(ctx).open_root(), action_id, date=date, note=note, reported=reported, body=body))


@action_app.command("add")
def action_add(
    ctx: typer.Context,
    ref: MeetingArg,
    paragraph: Annotated[int, typer.Argument(help="Paragraph number.")],
    owner: Annotated[str, typer.Option("--owner", help="Who is given the uppdrag.")],
    task: Annotated[str, typer.Option("--task", help="The task in words.")],
    due: Annotated[Optional[str], typer.Option("--due", help="YYYY-MM-DD or 'nästa sammanträde'.")] = None,
    body: BodyOpt = None,
) -> None:
    """Record an uppdrag on a paragraph; prints its id."""
    from kib.register.edits import add_action

    body_dir = settings(ctx).open_root().body(body)
    typer.echo(add_action(body_dir, ref, paragraph, owner=owner, task=task, due=due))


@app.command("import")
def import_documents(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Documents (.docx, .txt, .pdf) or folders of them.")],
    date: Annotated[
        Optional[str], typer.Option("--date", help="Meeting date YYYY-MM-DD when a document does not give it.")
    ] = None,
    update_members: Annotated[
        bool, typer.Option("--update-members", help="Add the people not in members.yaml to it.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and report; write nothing.")] = False,
    report: Annotated[
        Optional[bool], typer.Option("--report/--no-report", help="Print each file's report (default: up to 5 files).")
    ] = None,
    body: BodyOpt = None,
) -> None:
    """Import existing minutes and protokoll as meeting files, one per document, never overwriting.

    Each file gets a report (what was placed where, what stayed text, what needs a look, what kib check
    says) and a row in the summary table; a file that cannot be read gets one line and the others go on;
    a document imported before is recognised by its content. Exit code 1 when a file failed."""
    import sys

    from kib.importing.archive import run_import

    from .views import import_progress, print_import

    body_dir = settings(ctx).open_root().body(body)
    with import_progress(sys.stderr.isatty()) as progress:
        run = run_import(
            body_dir, list(paths), date=date, update_members=update_members, dry_run=dry_run, progress=progress
        )
    print_import(run, verbose=report if report is not None else len(run.reports) <= 5)
    failed = any(r.status == "failed" for r in run.reports)
    raise typer.Exit(ExitCode.PROBLEM if failed else ExitCode.OK)


@app.command()
def schema(
    write: Annotated[Optional[Path], typer.Option("--write", help="Write the JSON Schemas into this folder.")] = None,
) -> None:
    """Print (or write) the JSON Schemas of every file kib reads: members.yaml, schedule.yaml, meetings, school_holidays.yaml, conflict lists."""
    from kib.record.schema import all_schemas, write_schemas

    from .output import echo, json_text

    if write:
        for path in write_schemas(write):
            typer.echo(str(path))
    else:
        echo(json_text(all_schemas()))


@app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new body (made if missing; default: here).")] = Path(),
    name: Annotated[Optional[str], typer.Option("--name", help="Name of the body, e.g. 'Socialnämnden'.")] = None,
    kind: Annotated[
        Optional[str], typer.Option("--kind", help="beredning, nämnd, utskott, styrelse or fullmäktige.")
    ] = None,
    organisation: Annotated[
        Optional[str], typer.Option("--organisation", help="The organisation, e.g. 'Nacka kommun'.")
    ] = None,
    secretary: Annotated[Optional[str], typer.Option("--secretary", help="The secretary's full name.")] = None,
) -> None:
    """Start a new body: members.yaml, schedule.yaml and meetings/ in FOLDER. Asks for what the options
    do not give, when run in a terminal."""
    from kib.body.newbody import KINDS, QUESTIONS, can_ask, checked, missing_options, start_body

    answers: dict[str, Optional[str]] = {
        "name": name,
        "kind": kind,
        "organisation": organisation,
        "secretary": secretary,
    }
    missing = missing_options(answers)
    if missing and not can_ask():
        raise UsageError(f"kib init needs {', '.join(missing)} (there is no terminal to ask on)")
    prompts = {
        "name": "Name of the body",
        "kind": f"Kind ({', '.join(KINDS)})",
        "organisation": "Organisation (e.g. Nacka kommun)",
        "secretary": "Secretary's full name",
    }
    for key, option in QUESTIONS:
        if option in missing:
            answers[key] = typer.prompt(prompts[key])
    started = start_body(folder, checked(answers))
    for path in started.written:
        typer.echo(f"wrote {path}")
    for path in started.kept:
        typer.echo(f"kept {path} (exists already)")
    typer.echo("next: add the members to members.yaml, then run kib check", err=True)
