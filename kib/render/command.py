"""`kib render minutes|agenda|extract`: Word documents (and PDF) from a meeting file.

The libraries a document needs (Jinja, lxml, Babel) are imported only inside `render`, so every
other command starts fast. Rendered documents are derived artefacts: a new render of the same kind replaces
the earlier file, atomically, and the YAML files stay the record.
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..edit import write_bytes_atomic
from ..errors import KibError, Problem, UsageError
from ..store import BodyDir, Loaded, control_characters, problem_at

if TYPE_CHECKING:
    from .word import Writer

KINDS = ("minutes", "agenda", "extract")
OUTPUT_DIR = "output"
#: Characters XML 1.0 (and so Word) cannot hold: every code point outside its Char production
#: (tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF). Written as the
#: few ranges that are left out: the negated class of the allowed ranges took 8 ms to compile on
#: every render (issue 6); tests/test_render.py checks that both classes agree on every code point.


@dataclass
class RenderResult:
    """What a render wrote (the .docx, then the PDF) and what the caller should show as warnings."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def render(
    body: BodyDir,
    kind: str,
    ref: str,
    *,
    paragraph: int | None,
    output: Path | None,
    template: Path | None,
    pdf: bool,
    pdfa: bool,
) -> RenderResult:
    """Render one document; return the written paths, the .docx first, then the .pdf, and the warnings."""
    if kind not in KINDS:
        raise UsageError(f"unknown document {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "extract" and paragraph is None:
        raise UsageError("an extract needs the paragraph number, e.g. kib render extract 2008-09 17")
    path = body.resolve_meeting(ref)
    loaded = body.load_meeting(path)
    meeting = loaded.require()
    members_loaded = body.members_loaded
    members = body.members
    for problem in (*_invalid_text(loaded), *_invalid_text(members_loaded)):
        raise KibError(problem.message, file=problem.file, line=problem.line, col=problem.col)

    chosen = None
    if kind == "extract":
        chosen = next((p for p in meeting.paragraphs if p.number == paragraph), None)
        if chosen is None:
            numbers = ", ".join(str(p.number) for p in meeting.paragraphs) or "none"
            raise KibError(
                f"the meeting of {meeting.date} has no paragraph {paragraph}; its paragraphs: {numbers}", file=path
            )

    template_name, template_data = _template(body, kind, template, members.body.templates.get(kind))

    from ..committee import Committee
    from . import context as fields
    from .body import Content
    from .word import render as render_docx

    committee = Committee(body, members)
    src = fields.Sources(members, body.members_path, meeting, path)
    content = Content(meeting, path, committee.resolve(meeting, path).paragraph_format, body.path)
    info = members.body
    secretary = committee.secretary
    author = secretary.name if secretary else (info.organisation or info.name)
    slots: dict[str, Callable[[Writer], None]]
    if kind == "minutes":
        context = fields.minutes(src)
        slots = {"paragraphs": content.paragraphs, "attachments": content.attachments}
        title = f"{info.document_title} {info.name} {context['date']}"
    elif kind == "agenda":
        context = fields.agenda(src, Committee.scan(body).open_uppdrag(meeting.date))
        slots = {}
        title = f"Kallelse {info.name} {context['date']}"
    else:
        assert chosen is not None
        context = fields.extract(src, chosen)
        selected = chosen
        slots = {"paragraph": lambda w: content.paragraph(w, selected)}
        title = f"Protokollsutdrag {context['paragraph_label']} {chosen.title} {info.name} {context['date']}"

    data = render_docx(template_data, template_name, context, slots, title=title, author=author, subject=info.name)
    target = _output_path(body, output, kind, meeting.date.isoformat(), meeting.signed is not None, paragraph)
    write_bytes_atomic(target, data, durable=False)  # a rendered document can be made again
    result = RenderResult([target], list(content.warnings))
    if pdf or pdfa:
        from .pdf import convert

        result.written.append(convert(target, pdfa=pdfa))
    return result


def _invalid_text(loaded: Loaded) -> Iterator[Problem]:
    """Characters a Word document cannot hold, with the file, line and field they are in."""
    for key_path, char in control_characters(loaded.raw):
        field = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key_path).replace(".[", "[")
        yield problem_at(
            loaded,
            key_path,
            f"{field or 'a value'} contains the control character U+{ord(char):04X}, "
            "which a Word document cannot hold; delete it",
        )


def _template(body: BodyDir, kind: str, explicit: Path | None, configured: str | None) -> tuple[str, bytes]:
    """The template's name and bytes: --template, else members.yaml body.templates[kind], else kib's own."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"no template {explicit}")
        return explicit.name, explicit.read_bytes()
    if configured:
        path = (body.members_path.parent / configured).resolve()
        if not path.is_file():
            raise KibError(
                f"body.templates.{kind}: no file {configured} (relative to members.yaml)", file=body.members_path
            )
        return path.name, path.read_bytes()
    resource = importlib.resources.files("kib") / "templates" / f"{kind}.docx"
    return f"{kind}.docx", resource.read_bytes()


def ascii_name(text: str) -> str:
    """A file-name part safe on every system: 'Äldrenämnden' -> 'Aldrenamnden'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def default_name(body: BodyDir, kind: str, date: str, signed: bool, paragraph: int | None) -> str:
    """'KIB-2008-09-10-minutes-signed.docx', 'KIB-2008-09-10-extract-signed-paragraf-17.docx'."""
    try:
        short = body.members.body.short_name
    except KibError:
        short = None
    prefix = ascii_name(short or body.name) or "kib"
    parts = [prefix, date, kind]
    if kind in ("minutes", "extract"):
        parts.append("signed" if signed else "signing-copy")
    if paragraph is not None and kind == "extract":
        parts.append(f"paragraf-{paragraph}")
    return "-".join(parts) + ".docx"


def _output_path(body: BodyDir, output: Path | None, kind: str, date: str, signed: bool, paragraph: int | None) -> Path:
    name = default_name(body, kind, date, signed, paragraph)
    if output is None:
        return body.path / OUTPUT_DIR / name
    if output.is_dir():
        return output / name
    if output.suffix.lower() != ".docx":
        raise UsageError(f"output {output} must end in .docx (add --pdf for a PDF beside it)")
    return output
