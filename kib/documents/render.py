"""`kib render minutes|agenda|extract`: Word documents (and PDF) from meeting files, one or many at a time.

The libraries a document needs (docxtpl, python-docx, Jinja, Babel) are imported only inside `render`,
so every other command starts fast. Rendering many documents happens in one process: the template is
checked and its fields compiled once. Nothing is printed here: the caller gets the written paths and
the warnings.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kib.errors import KibError, Problem, UsageError
from kib.record.store import BodyDir, Loaded, control_characters, problem_at
from kib.swedish import ascii_name

if TYPE_CHECKING:
    from kib.record import model

    from .templates import TemplateSource

KINDS = ("minutes", "agenda", "extract")
OUTPUT_DIR = "output"
#: Documents that print the signed text and so must match the seal.
SEALED_KINDS = ("minutes", "extract")


@dataclass
class RenderResult:
    """What a render wrote (each .docx, then the PDFs) and what the caller should show as warnings."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Job:
    """One document to make."""

    path: Path
    loaded: Loaded
    target: Path

    @property
    def meeting(self) -> model.Meeting:
        return self.loaded.value  # type: ignore[no-any-return]


def render(
    body: BodyDir,
    kind: str,
    refs: list[str],
    *,
    paragraph: int | None = None,
    output: Path | None = None,
    template: Path | None = None,
    pdf: bool = False,
    pdfa: bool = False,
    force: bool = False,
    draft: bool = False,
    every: bool = False,
    public: bool = False,
) -> RenderResult:
    """Render the documents of `kind` for `refs` (YYYY-MM, YYYY-MM-DD, a path, or a year YYYY), or for
    every meeting of the body with `every`; `public` withholds the text of sekretess paragraphs."""
    if kind not in KINDS:
        raise UsageError(f"unknown document {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "extract" and paragraph is None:
        raise UsageError("an extract needs the paragraph number, e.g. kib render extract 2008-09 17")
    paths = _meetings(body, refs, every)
    if kind == "extract" and len(paths) != 1:
        raise UsageError("an extract is of one meeting's paragraph: give one meeting")
    if output is not None and output.suffix.lower() == ".pdf":
        raise UsageError(f"output {output} must end in .docx (add --pdf for a PDF beside it)")
    folder_output = output is not None and (output.is_dir() or output.suffix.lower() != ".docx")
    if folder_output and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"-o {output} is a file, not a folder nor a .docx name; give a .docx name or a folder")
    if output is not None and len(paths) > 1 and not folder_output:
        raise UsageError(f"{len(paths)} documents go into a folder: give -o FOLDER, not the file {output}")
    members = body.members
    for problem in _invalid_text(body.members_loaded):
        raise KibError.from_problem(problem)

    from .templates import choose

    own = "protokoll" if kind == "minutes" and members.body.kind != "beredning" else None
    source = choose(kind, template, members.body.templates.get(kind), body.members_path, own)
    jobs = []
    for path in paths:
        loaded = body.load_meeting(path)
        meeting = loaded.require()
        for problem in _invalid_text(loaded):
            raise KibError.from_problem(problem)
        if kind in SEALED_KINDS and not draft:
            _refuse_broken_seal(loaded, kind)
        name = default_name(body, kind, meeting.date.isoformat(), _state(meeting, draft), paragraph, public)
        target = (output / name if folder_output else output) if output is not None else body.path / OUTPUT_DIR / name
        jobs.append(Job(path, loaded, target))
    _refuse_overwrites(jobs, source, force=force, pdf=pdf or pdfa)

    from kib.record.edit import write_bytes_atomic

    from . import word

    # What the imports made (python-docx's and docxtpl's modules, tens of thousands of objects) lives as
    # long as the process: leave it out of every later search for garbage cycles, including the one
    # when the process ends. What rendering makes is still collected. bench/README.md has the figures.
    gc.freeze()
    result = RenderResult()
    data = _vetted(source)
    for job in jobs:
        document = _document(body, kind, job, paragraph, draft, result.warnings, public)
        docx = word.render(source.name, data, *document)
        _write(write_bytes_atomic, job.target, docx, force)
        result.written.append(job.target)
    if pdf or pdfa:
        from .pdf import convert

        for target, pdf_bytes in convert([job.target for job in jobs], pdfa=pdfa):
            _write(write_bytes_atomic, target, pdf_bytes, force)
            result.written.append(target)
    return result


def _vetted(source: TemplateSource) -> bytes:
    from .templates import vetted

    return vetted(source)


def _meetings(body: BodyDir, refs: list[str], every: bool) -> list[Path]:
    """Meeting files for the references, in date order, each once; a year stands for all its meetings."""
    if every:
        if refs:
            raise UsageError("give meetings or --all, not both")
        found = body.meeting_paths()
        if not found:
            raise UsageError(f"no meetings in {body.meetings_dir}")
        return found
    if not refs:
        raise UsageError("name a meeting (YYYY-MM, YYYY-MM-DD or a path), a year (YYYY), or --all")
    paths: list[Path] = []
    for ref in refs:
        if re.fullmatch(r"\d{4}", ref):
            of_year = [p for p in body.meeting_paths() if p.name.startswith(ref + "-")]
            if not of_year:
                raise UsageError(f"no meetings in {ref} in {body.meetings_dir}")
            paths.extend(of_year)
        else:
            paths.append(body.resolve_meeting(ref))
    return list(dict.fromkeys(paths))


def _state(meeting: model.Meeting, draft: bool) -> str:
    if draft:
        return "draft"
    return "signed" if meeting.signed is not None else "signing-copy"


def _refuse_broken_seal(loaded: Loaded, kind: str) -> None:
    """A signed document is only made of the text that was signed."""
    from kib.record.seal import seal_problems

    meeting = loaded.value
    if meeting.signed is None or not meeting.signed.fingerprint:
        return  # not signed, or signed without a seal (kib check reports that)
    problems = seal_problems(loaded)
    if problems:
        raise KibError(
            f"{problems[0].message}; kib will not print it as signed {kind}: record the correction first, "
            "or add --draft for a copy marked as not the signed version",
            file=loaded.path,
            line=problems[0].line,
            col=problems[0].col,
        )


def _refuse_overwrites(jobs: list[Job], source: TemplateSource, *, force: bool, pdf: bool) -> None:
    """Never the template in use, nor any template kib ships, as an output; never an existing file unless --force."""
    from .templates import is_own_template

    for job in jobs:
        if source.path is not None and _same_file(job.target, source.path):
            raise UsageError(f"{job.target} is the template in use; choose another output")
        if is_own_template(job.target):
            raise UsageError(f"{job.target} is one of kib's own templates; choose another output")
        if force:
            continue
        for target in (job.target, job.target.with_suffix(".pdf")) if pdf else (job.target,):
            if target.exists():
                raise KibError(f"{target} exists; add --force to replace it (kib never overwrites a file unasked)")
    targets = [job.target for job in jobs]
    if len(set(targets)) < len(targets):
        raise UsageError("two documents would get the same file name; render them into a folder with -o FOLDER")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and a.samefile(b))
    except OSError:
        return False


def _write(write: Callable[..., None], target: Path, data: bytes, force: bool) -> None:
    """Write a document atomically; a file Word holds open gets a message naming the document."""
    try:
        write(target, data, overwrite=force, durable=False)  # a rendered document can be made again
    except PermissionError:
        raise KibError(
            f"{target.name} is open in another program (Word?) or read-only; close it in Word and try again",
            file=target,
        ) from None


def _document(
    body: BodyDir, kind: str, job: Job, paragraph: int | None, draft: bool, warnings: list[Problem], public: bool = False
) -> tuple[dict[str, Any], dict[str, Any], str, str, str]:
    """The fields, the slots and the document properties (title, author, subject) of one document."""
    from kib.record.seal import effective_members

    from .context import Sources, context
    from .text import Content

    meeting = job.meeting
    members = effective_members(body, meeting)  # a signed meeting: the body and people as recorded at signing
    info = members.body
    chosen = None
    if kind == "extract":
        chosen = next((p for p in meeting.paragraphs if p.number == paragraph), None)
        if chosen is None:
            numbers = ", ".join(str(p.number) for p in meeting.paragraphs) or "none"
            raise KibError(
                f"the meeting of {meeting.date} has no paragraph {paragraph}; its paragraphs: {numbers}", file=job.path
            )
    open_actions: list[Any] = []
    if kind == "agenda":
        from kib.body.committee import Committee

        open_actions = list(Committee.scan(body).open_uppdrag(meeting.date))
    src = Sources(members, body.members_path, meeting, job.path, chosen, open_actions, draft, public)
    fields = context(kind, src)
    content = Content(
        meeting,
        job.path,
        src.paragraph_format,
        body.path,
        src.directory,
        print_actions=info.print_actions,
        labels=fields["labels"],
        warnings=warnings,
        protokoll=src.protokoll,
        public=public,
        members=src.members,
        appeal_text=src.info.appeal_text,
    )
    slots: dict[str, Callable[[Any], None]] = {}
    if kind == "minutes":
        slots = {"paragraphs": content.paragraphs, "attachments": content.attachments}
        record = fields["labels"]["record_title"] if src.protokoll else info.document_title
        title = f"{record} {info.name} {fields['date']}"
    elif kind == "agenda":
        title = f"{fields['labels']['agenda_title']} {info.name} {fields['date']}"
    else:
        assert chosen is not None
        selected = chosen
        slots = {"paragraph": lambda w: content.paragraph(w, selected)}
        title = f"Protokollsutdrag {fields['paragraph_label']} {chosen.title} {info.name} {fields['date']}"
    secretary = src.directory.secretary
    author = secretary.name if secretary else (info.organisation or info.name)
    return fields, slots, title, author, info.name


def _invalid_text(loaded: Loaded) -> Iterator[Problem]:
    """Characters a Word document cannot hold, with the file, line and field they are in."""
    for key_path, char in control_characters(loaded.raw):
        name = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key_path).replace(".[", "[")
        yield problem_at(
            loaded,
            key_path,
            f"{name or 'a value'} contains the control character U+{ord(char):04X}, "
            "which a Word document cannot hold; delete it",
        )


def default_name(
    body: BodyDir, kind: str, date: str, state: str, paragraph: int | None, public: bool = False
) -> str:
    """'KIB-2008-09-10-minutes-signed.docx', 'KIB-2008-09-10-extract-draft-paragraf-17.docx',
    'SN-2026-02-10-minutes-signed-public.docx'; without a short name, the body's name
    ('Miljonamnden-2026-11-12-minutes-signed.docx'), not its folder's."""
    try:
        info = body.members.body
        short = info.short_name or info.name  # as the notice of the same meeting is named
    except KibError:
        short = None
    parts = [ascii_name(short or body.name) or "kib", date, kind]
    if kind in SEALED_KINDS:
        parts.append(state)
    elif state == "draft":
        parts.append("draft")
    if public and kind in SEALED_KINDS:
        parts.append("public")
    if paragraph is not None and kind == "extract":
        parts.append(f"paragraf-{paragraph}")
    return "-".join(parts) + ".docx"
