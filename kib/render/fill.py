"""Jinja fields in the XML of a Word part: the template syntax kib documents, done on the tree.

Word splits what a secretary types into runs wherever formatting, spell-check marks or editing history
change, so '{{ date }}' may be stored as '{{ da' and 'te }}' in two runs. Before Jinja sees a part,
every field is gathered into the run it starts in. A paragraph holding `{%p … %}` or a table row
holding `{%tr … %}` (also `{%tc`, `{%r`, and `{{p …}}` for a value) is replaced by the bare tag, so
loops and conditions repeat or drop whole paragraphs and rows. Jinja escapes every value for XML;
a line break or tab inside a value becomes Word's own.

The syntax is docxtpl's, which kib used until the renderer stopped importing python-docx (issue 6),
so templates restyled for earlier versions keep working.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from ..usercache import user_cache_dir
from .ooxml import PARSER, qn

W_P, W_T = qn("w:p"), qn("w:t")
XML_SPACE = qn("xml:space")
#: The elements a block tag can stand for, outermost first (a row's tag goes before its paragraphs').
BLOCK_KINDS = ("tr", "tc", "p", "r")
FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
BLOCK = re.compile(r"\{%(tr|tc|p|r)\s(.*?)%\}|\{\{(tr|tc|p|r)\s(.*?)\}\}|\{#(tr|tc|p|r)\s(.*?)#\}", re.S)
#: What Word's typing turns quotes and comparisons into, inside a field.
_TYPED = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&", "“": '"', "”": '"', "‘": "'", "’": "'"}
_TYPED_PATTERN = re.compile("|".join(re.escape(k) for k in _TYPED))
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_MARK = re.compile(r"\n<w:p([ >])")
_BREAK = re.compile(r"(\t|\r\n|\n|\r)")


@dataclass
class TemplateFailure(Exception):
    """A Jinja error with the template part and paragraph it happened in."""

    error: Exception
    part: str
    paragraph: int | None
    text: str


class _Parts(BaseLoader):
    """The prepared XML of a document's parts, by name: what Jinja compiles, or finds compiled in its cache."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment: Any, template: str) -> tuple[str, None, Any]:
        return self.sources[template], None, lambda: False


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, a file per part: its key is the template's and the part's
    name, and a part whose XML changed in any way is compiled afresh (Jinja compares the whole source).
    A damaged cache file is compiled afresh too, and one that cannot be written never fails a render."""

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # Jinja reads the source's checksum with pickle: a damaged file raises anything
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def environment() -> SandboxedEnvironment:
    """The sandbox fields are filled in: autoescaped for XML, a misspelt field an error.

    Compiling the body of the minutes takes longer than filling it (issue 6), so compiled parts are kept
    in the user's cache folder (never the data folder, which others may write to): Jinja's bytecode
    cache, which checks the whole source before it uses what it stored.
    """
    cache = None
    folder = user_cache_dir()
    if folder is not None:
        try:
            (folder / "templates").mkdir(parents=True, exist_ok=True)
            cache = _BytecodeCache(str(folder / "templates"), "kib-%s.jinja")
        except OSError:
            cache = None
    return SandboxedEnvironment(
        loader=_Parts(), bytecode_cache=cache, cache_size=0, undefined=StrictUndefined, autoescape=True
    )


def may_hold_fields(data: bytes) -> bool:
    """False when a part cannot hold a field; it is then copied as it is, not parsed or compiled."""
    return b"{" in data


def _paragraph_texts(root: Any) -> dict[Any, list[Any]]:
    """The w:t elements of every paragraph, in order; those of a text box count for its own paragraph."""
    found: dict[Any, list[Any]] = {}
    for t in root.iter(W_T):
        p = next(t.iterancestors(W_P), None)
        if p is not None:
            found.setdefault(p, []).append(t)
    return found


def _gather(texts: list[Any]) -> None:
    """Move each field that runs over several w:t elements into the one it starts in."""
    joined = "".join(t.text or "" for t in texts)
    if "{" not in joined:
        return
    for match in reversed(list(FIELD.finditer(joined))):
        start, end = match.span()
        offset = 0
        first = last = None
        for i, t in enumerate(texts):
            length = len(t.text or "")
            if first is None and start < offset + length:
                first = (i, offset)
            if end <= offset + length:
                last = (i, offset)
                break
            offset += length
        if first is None or last is None:
            continue
        (i, i_offset), (j, j_offset) = first, last
        if i != j:
            head = texts[i].text or ""
            texts[i].text = head[: start - i_offset] + match.group(0)
            for k in range(i + 1, j):
                texts[k].text = ""
            texts[j].text = (texts[j].text or "")[end - j_offset :]
        texts[i].set(XML_SPACE, "preserve")


def _replace_with_text(node: Any, text: str) -> None:
    """Put text where an element stood (keeping the text that followed it)."""
    parent = node.getparent()
    previous = node.getprevious()
    following = text + (node.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + following
    else:
        parent.text = (parent.text or "") + following
    parent.remove(node)


def _bare(match: re.Match[str]) -> str:
    if match.group(1):
        return "{% " + match.group(2).strip() + " %}"
    if match.group(3):
        return "{{ " + match.group(4).strip() + " }}"
    return "{# " + match.group(6).strip() + " #}"


def _blocks(root: Any) -> None:
    """Replace each paragraph, row, cell or run holding a block tag by the bare tag."""
    for kind in BLOCK_KINDS:
        tag = qn(f"w:{kind}")
        owners: dict[Any, list[str]] = {}
        for t in root.iter(W_T):
            for match in BLOCK.finditer(t.text or ""):
                if kind not in (match.group(1), match.group(3), match.group(5)):
                    continue
                owner = next(t.iterancestors(tag), None)
                if owner is not None:
                    owners.setdefault(owner, []).append(_bare(match))
        for owner, tags in owners.items():
            _replace_with_text(owner, "".join(tags))


def prepare(root: Any) -> str:
    """A part's XML as Jinja source: fields gathered, block tags bare, one paragraph per line."""
    for texts in _paragraph_texts(root).values():
        _gather(texts)
    _blocks(root)
    source = etree.tostring(root, encoding="unicode")
    source = FIELD.sub(lambda m: _TYPED_PATTERN.sub(lambda t: _TYPED[t.group(0)], m.group(0)), source)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", source)  # Jinja's line number then names the paragraph


def _line_breaks(root: Any) -> None:
    """A tab or line break inside a value becomes <w:tab/> or <w:br/> within its run."""
    for t in list(root.iter(W_T)):
        text = t.text or ""
        if not any(c in text for c in "\t\n\r"):
            continue
        pieces = _BREAK.split(text)
        anchor = t
        t.text = pieces[0]
        for k in range(1, len(pieces), 2):
            mark = etree.Element(qn("w:tab" if pieces[k] == "\t" else "w:br"))
            anchor.addnext(mark)
            anchor = mark
            if pieces[k + 1]:
                rest = etree.Element(W_T)
                rest.text = pieces[k + 1]
                rest.set(XML_SPACE, "preserve")
                anchor.addnext(rest)
                anchor = rest
        if not t.text:
            t.getparent().remove(t)


def render_part(root: Any, name: str, key: str, env: SandboxedEnvironment, context: dict[str, Any]) -> Any:
    """The part's XML root with its fields filled; TemplateFailure names the paragraph of an error.

    `key` names the part among all templates (the template's and the part's name) in the bytecode cache."""
    source = prepare(root)
    loader = env.loader
    assert isinstance(loader, _Parts)
    loader.sources[key] = source
    try:
        filled = env.get_template(key).render(context)
    except TemplateError as exc:
        raise _failure(exc, source, name) from exc
    filled = _PARAGRAPH_MARK.sub(r"<w:p\1", filled)
    try:
        result = etree.fromstring(filled.encode("utf-8"), PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateFailure(exc, name, None, "") from exc
    _line_breaks(result)
    return result


def _line_of(exc: Exception) -> int | None:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _failure(exc: Exception, source: str, name: str) -> TemplateFailure:
    import html

    lines = source.split("\n")
    line = _line_of(exc)
    text = ""
    paragraph = None
    if line is not None and 0 < line <= len(lines):
        paragraph = line - 1 if line > 1 else None
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).split())
    return TemplateFailure(exc, name, paragraph, text)


def where(partname: str) -> str:
    """'the page header' for word/header1.xml, and so on."""
    if "header" in partname:
        return "the page header"
    if "footer" in partname:
        return "the page footer"
    if "footnotes" in partname:
        return "the footnotes"
    return "the body"


def explain(failure: TemplateFailure, name: str, context: dict[str, Any]) -> str:
    """The message for a failed template: which field, where, and what fields there are."""
    exc = failure.error
    place = where(failure.part)
    if isinstance(exc, etree.XMLSyntaxError):
        return (
            f"template {name}: the fields in {place} make a document Word cannot open ({exc}); "
            "keep each {%p …%} and {%tr …%} in a paragraph or table row of its own"
        )
    message = str(getattr(exc, "message", None) or exc)
    if failure.paragraph is not None:
        place += f", paragraph {failure.paragraph}"
    if failure.text:
        shown = failure.text if len(failure.text) <= 120 else failure.text[:117] + "…"
        place += f' ("{shown}")'
    field = re.search(r"'([^']+)' is undefined", message)
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if field:
        known = ", ".join(sorted(k for k in context if not k.startswith("_")))
        return f"template {name}: unknown field '{field.group(1)}' in {place}; fields: {known}"
    if attribute:
        dotted = re.search(rf"[\w.]*\.{re.escape(attribute.group(1))}\b", failure.text)
        return f"template {name}: unknown field '{dotted.group(0) if dotted else attribute.group(1)}' in {place}"
    if isinstance(exc, TemplateSyntaxError):
        return f"template {name}: {message} in {place}"
    return f"template {name}: {type(exc).__name__}: {message} in {place}"
