"""Rendering many documents in one run, and outputs that are never overwritten unasked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_kib
from test_render import body_text, do

from kib.errors import KibError


def _meetings(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "meetings").glob("*.yaml"))


def test_several_references_a_year_and_all_into_a_folder(shipped_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    result = run_kib("--root", str(shipped_root), "render", "minutes", "2007", "2010-11", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    dates = [d for d in _meetings(shipped_root) if d.startswith(("2007", "2010-11"))]
    assert [p.parent for p in written] == [out] * len(dates)
    assert [p.name[4:14] for p in written] == dates
    assert "Jan-Eric Jansson" in body_text(written[0])
    every = run_kib("--root", str(shipped_root), "render", "agenda", "--all", "-o", str(tmp_path / "alla"))
    assert every.exit_code == 0, every.output
    assert len(every.stdout.splitlines()) == len(_meetings(shipped_root))
    assert all(Path(line).name.endswith("-agenda.docx") for line in every.stdout.splitlines())


def test_several_documents_need_a_folder_and_a_year_needs_meetings(shipped_root: Path, tmp_path: Path) -> None:
    many = run_kib("--root", str(shipped_root), "render", "minutes", "2007", "-o", str(tmp_path / "a.docx"))
    assert many.exit_code == 2 and "go into a folder" in many.stderr
    none = run_kib("--root", str(shipped_root), "render", "minutes", "1999")
    assert none.exit_code == 2 and "no meetings in 1999" in none.stderr
    both = run_kib("--root", str(shipped_root), "render", "minutes", "2007", "--all")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_an_existing_document_needs_force(mini_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "protokoll.docx"
    target.write_bytes(b"the secretary's own edits")
    with pytest.raises(KibError, match="--force"):
        do(mini_root, output=target, force=False)
    assert target.read_bytes() == b"the secretary's own edits"
    cli = run_kib("--root", str(mini_root), "render", "minutes", "2024-03", "-o", str(target))
    assert cli.exit_code == 1 and "protokoll.docx exists; add --force" in cli.stderr
    assert do(mini_root, output=target, force=True) == [target]
    assert "Testberedningen" in body_text(target)


def test_an_existing_pdf_needs_force_too(mini_root: Path, tmp_path: Path) -> None:
    (tmp_path / "protokoll.pdf").write_bytes(b"%PDF signed copy")
    with pytest.raises(KibError, match=r"protokoll\.pdf exists"):
        do(mini_root, output=tmp_path / "protokoll.docx", pdf=True, force=False)
    assert not (tmp_path / "protokoll.docx").exists()


def test_the_template_in_use_is_never_an_output(mini_root: Path, tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    shutil.copy(REPO / "kib" / "templates" / "minutes.docx", template)
    before = template.read_bytes()
    for force in (False, True):
        result = run_kib(
            "--root",
            str(mini_root),
            "render",
            "minutes",
            "2024-03",
            "--template",
            str(template),
            "-o",
            str(template),
            *(["--force"] if force else []),
        )
        assert result.exit_code == 2 and "is the template in use" in result.stderr
    assert template.read_bytes() == before


def test_a_document_open_in_word_is_named(mini_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kib.record import edit

    def locked(path: Path, data: bytes, **kw: object) -> None:
        raise PermissionError(13, "Permission denied", str(path.parent / f".{path.name}.x.tmp"))

    monkeypatch.setattr(edit, "write_bytes_atomic", locked)
    result = run_kib("--root", str(mini_root), "render", "minutes", "2024-03", "--force")
    assert result.exit_code == 1
    assert "TB-2024-03-13-minutes-signing-copy.docx" in result.stderr
    assert "close it in Word and try again" in result.stderr
    assert ".tmp" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["minutes.docx", "protokoll.docx"])
def test_kibs_own_templates_are_never_an_output(mini_root: Path, name: str) -> None:
    own = REPO / "kib" / "templates" / name
    before = own.read_bytes()
    try:
        result = run_kib("--root", str(mini_root), "render", "minutes", "2024-03", "-o", str(own), "--force")
        assert result.exit_code == 2 and "one of kib's own templates" in result.stderr
        assert own.read_bytes() == before
    finally:
        if own.read_bytes() != before:
            own.write_bytes(before)  # a failure here must not leave the repository's template broken


def test_an_output_that_is_a_data_file_is_named_as_such(mini_root: Path) -> None:
    members = mini_root / "members.yaml"
    before = members.read_bytes()
    result = run_kib("--root", str(mini_root), "render", "minutes", "2024-03", "-o", str(members), "--force")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("is a file, not a folder nor a .docx name; give a .docx name or a folder")
    assert members.read_bytes() == before
