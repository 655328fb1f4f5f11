"""Templates, pictures and meetings that try to make kib hang, crash, fetch or print what nobody signed:
one line naming the template (or file) and what to do, exit 1 or 2, quickly."""

from __future__ import annotations

import http.server
import struct
import threading
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from conftest import REPO, run_kib
from test_render import _png, all_text, do

from kib.documents import pdf as pdf_module
from kib.documents import sandbox
from kib.errors import KibError

TEMPLATE = REPO / "kib" / "templates" / "minutes.docx"


def _with(tmp_path: Path, text: str, name: str = "mall.docx") -> Path:
    doc = docx.Document(str(TEMPLATE))
    doc.add_paragraph(text)
    doc.save(str(tmp_path / name))
    return tmp_path / name


def _run(root: Path, template: Path) -> tuple[int, str, float]:
    start = time.monotonic()
    result = run_kib("--root", str(root), "render", "minutes", "2024-03", "--template", str(template), "--force")
    return result.exit_code, result.stderr, time.monotonic() - start


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("{{ 9**(9**9) }}", "a power too large"),
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "loops over more than"),
        ("{{ 'x' * 999999999 }}", "repeating a text or list"),
        (
            "{% set ns = namespace(s='xx') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "more than",
        ),
        ("{{ body_name|center(999999999) }}", "larger than a document needs"),
        ("{{ '%999999999d'|format(1) }}", "format width"),
        ("{{ '{:>999999999}'.format(1) }}", "format width"),
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{% include 'annan.docx' %}", "cannot include, import or extend other files"),
        ("{{ body_name|wordwrap(0) }}", "invalid width 0"),
        ("{{ heading_lines.append('x') }}", "unsafe"),
        ("{{ body_name.__class__ }}", "unsafe"),
    ],
)
def test_hostile_fields_get_one_line_quickly(mini_root: Path, tmp_path: Path, field: str, said: str) -> None:
    code, message, seconds = _run(mini_root, _with(tmp_path, field))
    assert code == 1
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert message.startswith("error: template mall.docx: ") and said in message
    assert field[:12] in message  # the paragraph holding the field is shown
    assert seconds < 5


def test_a_template_running_past_the_deadline_is_stopped(
    mini_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "DEADLINE", 0.5)
    text = "x" * 2000
    loops = f"{{% for a in '{text}' %}}{{% for b in '{text}' %}}{{% for c in '{text}' %}}{{% endfor %}}{{% endfor %}}{{% endfor %}}"
    code, message, seconds = _run(mini_root, _with(tmp_path, loops))
    assert code == 1 and "took longer than 0.5 s" in message and "mall.docx" in message
    assert seconds < 5


def _zip(tmp_path: Path, change: dict[str, bytes], name: str = "mall.docx") -> Path:
    target = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.namelist():
            out.writestr(item, change.pop(item, z.read(item)))
        for item, data in change.items():
            out.writestr(item, data)
    return target


def test_a_zip_bomb_template_is_refused_before_it_is_unpacked(mini_root: Path, tmp_path: Path) -> None:
    bomb = _zip(tmp_path, {"word/fluff.xml": b" " * (17 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000
    code, message, seconds = _run(mini_root, bomb)
    assert code == 2 and "word/fluff.xml unpacks to 17,825,792 bytes" in message
    assert seconds < 5


RELS = "word/_rels/document.xml.rels"


def test_a_template_linking_an_outside_picture_is_refused(mini_root: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        rels = z.read(RELS)
    linked = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="http://example.invalid/logo.png" TargetMode="External"/></Relationships>',
    )
    code, message, _ = _run(mini_root, _zip(tmp_path, {RELS: linked}))
    assert code == 2 and "links to http://example.invalid/logo.png" in message
    fetching = _with(tmp_path, "bild", "falt.docx")
    with zipfile.ZipFile(fetching) as z:
        body = z.read("word/document.xml").replace(
            b"<w:t>bild</w:t>",
            b'<w:t>bild</w:t></w:r><w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r>'
            b'<w:r><w:instrText>PICTURE "http://example.invalid/x.png" </w:instrText>',
        )
    code, message, _ = _run(mini_root, _zip(tmp_path, {"word/document.xml": body}, "falt2.docx"))
    assert code == 2 and "INCLUDEPICTURE field" in message


def test_a_plain_hyperlink_in_a_template_is_kept(mini_root: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(TEMPLATE) as z:
        rels = z.read(RELS)
    linked = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        b'Target="https://www.nacka.se/" TargetMode="External"/></Relationships>',
    )
    assert "Testberedningen" in all_text(do(mini_root, template=_zip(tmp_path, {RELS: linked}))[0])


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_error(404)

    do_OPTIONS = do_HEAD = do_PROPFIND = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.slow
@pytest.mark.skipif(pdf_module.find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_fetches_nothing_while_converting(tmp_path: Path) -> None:
    # a document with a linked picture, made past kib's template check, as a last line of defence
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/x.png"
        source = docx.Document()
        source.add_paragraph("Hej")
        source.save(str(tmp_path / "base.docx"))
        drawing = (
            '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<wp:extent cx="914400" cy="914400"/><wp:docPr id="5" name="Bild"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdX"/>'
            '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
            "</w:drawing></w:r></w:p>"
        )
        linked = tmp_path / "linked.docx"
        with zipfile.ZipFile(tmp_path / "base.docx") as z, zipfile.ZipFile(linked, "w") as out:
            for item in z.namelist():
                data = z.read(item)
                if item == "word/document.xml":
                    data = data.replace(b"<w:sectPr", drawing.encode() + b"<w:sectPr", 1)
                if item == RELS:
                    data = data.replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                        + f'Target="{url}" TargetMode="External"/></Relationships>'.encode(),
                    )
                out.writestr(item, data)
        ((target, data),) = pdf_module.convert([linked])
        assert data.startswith(b"%PDF") and target == tmp_path / "linked.pdf"
        assert _Recorder.seen == []
    finally:
        server.shutdown()


# ---------------------------------------------------------------- pictures


def _png_with(width: int, height: int, phys: tuple[int, int] | None = None) -> bytes:
    """A PNG whose header declares a size (and resolution); the pixels need not be there."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    extra = chunk(b"pHYs", struct.pack(">IIB", phys[0], phys[1], 1)) if phys else b""
    return (
        b"\x89PNG\r\n\x1a\n" + header + extra + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        (_png_with(4, 2, (1, 1)), "resolution is 0 × 0 dpi"),
        (_png_with(2_147_483_647, 2_147_483_647), "2,147,483,647 × 2,147,483,647 pixels"),
    ],
)
def test_absurd_pictures_get_a_clear_message(mini_root: Path, picture: bytes, said: str) -> None:
    (mini_root / "meetings" / "bild.png").write_bytes(picture)
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    image: bild.png\n", encoding="utf-8")
    result = run_kib("--root", str(mini_root), "render", "minutes", "2024-03")
    assert result.exit_code == 1 and said in result.stderr and "bild.png" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_normal_picture_is_placed_at_most_text_wide(mini_root: Path) -> None:
    (mini_root / "meetings" / "bild.png").write_bytes(_png(4000, 100))
    path = mini_root / "meetings" / "2024-03-13.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    image: bild.png\n", encoding="utf-8")
    document = docx.Document(str(do(mini_root)[0]))
    (shape,) = document.inline_shapes
    section = document.sections[-1]
    assert shape.width == section.page_width - section.left_margin - section.right_margin
    assert shape.height == round(shape.width * 100 / 4000)


# ---------------------------------------------------------------- the seal


def _signed_then_changed(root: Path) -> Path:
    assert run_kib("--root", str(root), "sign", "2024-03", "--date", "2024-03-18").exit_code == 0
    path = root / "meetings" / "2024-03-13.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Enbart i paragraf fyra.", "Något annat."), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("command", [["minutes", "2024-03"], ["extract", "2024-03", "4"]])
def test_a_broken_seal_is_never_printed_as_signed(mini_root: Path, command: list[str]) -> None:
    _signed_then_changed(mini_root)
    result = run_kib("--root", str(mini_root), "render", *command)
    assert result.exit_code == 1
    assert "changed after signing (§ 4)" in result.stderr
    assert 'kib sign 2024-03-13 --amend --reason "…"' in result.stderr and "--draft" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (mini_root / "output").exists()


@pytest.mark.parametrize("kind", ["minutes", "extract", "agenda"])
def test_a_draft_is_marked_on_every_page(mini_root: Path, kind: str) -> None:
    _signed_then_changed(mini_root)
    (written,) = do(mini_root, kind, paragraph=4 if kind == "extract" else None, draft=True)
    assert written.name.endswith(("-draft.docx", "-draft-paragraf-4.docx"))
    document = docx.Document(str(written))
    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        # a beredning's minnesanteckningar are signed, not justerade
        assert "Utkast – inte den undertecknade versionen" in "\n".join(p.text for p in header.paragraphs)
    if kind != "agenda":
        assert "Något annat." in all_text(written)


def test_without_draft_a_changed_seal_stops_before_anything_is_written(mini_root: Path) -> None:
    _signed_then_changed(mini_root)
    with pytest.raises(KibError, match="changed after signing"):
        do(mini_root)


def test_ordinary_numbers_and_loops_still_work_in_the_sandbox(mini_root: Path, tmp_path: Path) -> None:
    fields = "Budget {{ '{:,}'.format(1234567890) }} kr, {{ range(3)|list|length }} rader, {{ body_short|center(7) }}."
    (written,) = do(mini_root, template=_with(tmp_path, fields))
    assert f"Budget 1,234,567,890 kr, 3 rader, {'TB'.center(7)}." in all_text(written)


def test_a_protokolls_draft_says_it_is_not_the_justerade_version(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "socialnamnden"
    shutil.copytree(REPO / "examples" / "socialnamnden", root)
    result = run_kib("--root", str(root), "render", "minutes", "2026-02-10", "--draft", "-o", str(tmp_path / "d.docx"))
    assert result.exit_code == 0, result.stderr
    header = docx.Document(str(tmp_path / "d.docx")).sections[0].header
    assert "Utkast – inte den justerade versionen" in "\n".join(p.text for p in header.paragraphs)
