"""The template fields: declared once with their descriptions, documented from that declaration."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

from kib.documents.context import FIELDS, SLOTS, Sources, context
from kib.record.store import BodyDir


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("template_fields", REPO / "tools" / "template_fields.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_field_list_is_generated_from_the_declared_fields() -> None:
    tool = _tool()
    text = tool.README.read_text(encoding="utf-8")
    assert tool.updated(text) == text, "kib/templates/README.md is out of date: run python tools/template_fields.py"
    for document, fields in FIELDS.items():
        for f in fields:
            assert f"- `{f.name}`: {f.doc}" in text, (document, f.name)


@pytest.mark.parametrize("document", ["minutes", "agenda", "extract"])
def test_every_declared_field_is_filled(mini_root: Path, document: str) -> None:
    body = BodyDir(mini_root)
    meeting = body.meeting(body.resolve_meeting("2024-03"))
    src = Sources(body.members, body.members_path, meeting, body.resolve_meeting("2024-03"), meeting.paragraphs[0])
    values = context(document, src)
    names = [f.name for f in (*FIELDS["common"], *FIELDS[document])]
    assert list(values) == names
    assert not set(names) & set(SLOTS[document]), "a slot is not also a field"


@pytest.mark.parametrize(
    ("template", "document"),
    [("minutes", "minutes"), ("protokoll", "minutes"), ("agenda", "agenda"), ("extract", "extract")],
)
def test_shipped_templates_use_only_declared_fields(template: str, document: str) -> None:
    with zipfile.ZipFile(REPO / "kib" / "templates" / f"{template}.docx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    used = set(re.findall(r"\{\{\s*(\w+)", text)) | set(
        re.findall(r"\{%[ptr]*\s*(?:if|elif|for \w+ in)\s+(?:not\s+)?(\w+)", text)
    )
    loop_names = set(re.findall(r"for (\w+) in", text))
    known = {f.name for f in (*FIELDS["common"], *FIELDS[document])} | set(SLOTS[document])
    assert used - loop_names <= known, used - loop_names - known
