"""`kib init`: a new body's folder that passes `kib check` and takes a first meeting."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_kib

from kib.body import newbody

ANSWERS = ["--name", "Socialnämnden", "--kind", "nämnd", "--organisation", "Testköpings kommun"]


def init(folder: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_kib("init", str(folder), *ANSWERS, "--secretary", "Sara Sekreterare", *extra)


def test_init_writes_a_body_that_passes_check(tmp_path: Path) -> None:
    folder = tmp_path / "socialnamnden"
    result = init(folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["meetings", "members.yaml", "schedule.yaml"]
    assert (folder / "meetings").is_dir()
    text = (folder / "members.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (folder / first.split("$schema=", 1)[1]).resolve()
    assert schema == (Path(newbody.__file__).parents[1] / "schemas" / "members.schema.json").resolve()
    data = yaml.safe_load(text)
    assert data["body"] == {"name": "Socialnämnden", "kind": "nämnd", "organisation": "Testköpings kommun"}
    assert data["officials"] == [
        {"name": "Sara Sekreterare", "title": "sekreterare", "roles": ["sekreteraren"], "secretary": True}
    ]
    schedule = (folder / "schedule.yaml").read_text(encoding="utf-8")
    assert (folder / schedule.splitlines()[0].split("$schema=", 1)[1]).resolve().name == "schedule.schema.json"
    check = run_kib("--root", str(folder), "check", "--strict")
    assert check.exit_code == 0, check.output
    assert f"wrote {folder / 'members.yaml'}" in result.stdout


def test_a_new_body_takes_its_first_members_and_meeting(tmp_path: Path) -> None:
    folder = tmp_path / "sn"
    assert init(folder).exit_code == 0
    members = folder / "members.yaml"
    # the secretary uncomments the examples, as the file's comment says
    text = members.read_text(encoding="utf-8").replace("  # - ", "  - ").replace("  #   ", "    ")
    members.write_text(text, encoding="utf-8")
    assert run_kib("--root", str(folder), "check").exit_code == 0
    result = run_kib("--root", str(folder), "new-meeting", "--date", "2025-02-12")
    assert result.exit_code == 0, result.output
    meeting = yaml.safe_load((folder / "meetings" / "2025-02-12.yaml").read_text(encoding="utf-8"))
    assert meeting["presiding"] == "Anna Andersson"
    assert meeting["paragraphs"][0]["number"] == 1


def test_init_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "sn"
    folder.mkdir()
    (folder / "schedule.yaml").write_text("years: []  # mine\n", encoding="utf-8")
    result = init(folder)
    assert result.exit_code == 0, result.output
    assert (folder / "schedule.yaml").read_text(encoding="utf-8") == "years: []  # mine\n"
    assert "kept" in result.stdout and "schedule.yaml" in result.stdout
    before = (folder / "members.yaml").read_bytes()
    again = run_kib(
        "init", str(folder), "--name", "Annan", "--kind", "utskott", "--organisation", "X", "--secretary", "Y"
    )
    assert again.exit_code == 1
    assert "a body exists here already; kib init never overwrites members.yaml" in again.stderr
    assert (folder / "members.yaml").read_bytes() == before


def test_without_a_terminal_the_missing_options_are_named(tmp_path: Path) -> None:
    result = run_kib("init", str(tmp_path / "sn"), "--name", "Socialnämnden")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: kib init needs --kind, --organisation, --secretary (there is no terminal to ask on)"
    )
    assert not (tmp_path / "sn").exists()


def test_on_a_terminal_it_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from kib.cli import app

    monkeypatch.setattr(newbody, "can_ask", lambda: True)
    folder = tmp_path / "ks"
    result = CliRunner().invoke(
        app, ["init", str(folder), "--name", "Kommunstyrelsen"], input="styrelse\nNacka kommun\nInger Bäcklund\n"
    )
    assert result.exit_code == 0, result.output
    assert "Kind (beredning, nämnd, utskott, styrelse, fullmäktige)" in result.output
    data = yaml.safe_load((folder / "members.yaml").read_text(encoding="utf-8"))
    assert data["body"] == {"name": "Kommunstyrelsen", "kind": "styrelse", "organisation": "Nacka kommun"}
    assert data["officials"][0]["name"] == "Inger Bäcklund"


def test_an_unknown_kind_gets_a_guess(tmp_path: Path) -> None:
    result = run_kib(
        "init", str(tmp_path / "sn"), "--name", "N", "--kind", "namnd", "--organisation", "O", "--secretary", "S"
    )
    assert result.exit_code == 2
    assert (
        "--kind 'namnd' is not a kind of body: choose beredning, nämnd, utskott, styrelse, fullmäktige; did you mean nämnd?"
        in result.stderr
    )
    assert not (tmp_path / "sn" / "members.yaml").exists()


def test_names_that_yaml_would_misread_are_quoted(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    result = run_kib(
        "init",
        str(folder),
        "--name",
        "Nämnden: för #1",
        "--kind",
        "nämnd",
        "--organisation",
        "yes",
        "--secretary",
        "Null",
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((folder / "members.yaml").read_text(encoding="utf-8"))
    assert data["body"]["name"] == "Nämnden: för #1"
    assert data["body"]["organisation"] == "yes"
    assert data["officials"][0]["name"] == "Null"
    assert run_kib("--root", str(folder), "check").exit_code == 0


def test_a_nämnd_is_shown_how_to_say_where_its_protokoll_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "sn"
    assert init(folder).exit_code == 0
    members = folder / "members.yaml"
    text = members.read_text(encoding="utf-8")
    hint = "  # record_kept_at: Kommunkansliet, Stadshuset"
    assert hint in text  # the anslag must say where the protokoll is kept
    members.write_text(text.replace(hint, hint.replace("# ", "", 1)), encoding="utf-8")
    assert yaml.safe_load(members.read_text(encoding="utf-8"))["body"]["record_kept_at"] == "Kommunkansliet, Stadshuset"
    assert run_kib("--root", str(folder), "check").exit_code == 0


def test_a_body_without_a_short_name_names_its_documents_by_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "nytt-organ"
    assert init(folder).exit_code == 0
    members = folder / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace("  # - ", "  - ").replace("  #   ", "    "), encoding="utf-8"
    )
    assert run_kib("--root", str(folder), "new-meeting", "--date", "2025-02-12").exit_code == 0
    result = run_kib("--root", str(folder), "render", "agenda", "2025-02-12")
    assert result.exit_code == 0, result.output
    # as the notice of a meeting is named, not after the folder the secretary happened to choose
    assert Path(result.stdout.strip()).name == "Socialnamnden-2025-02-12-agenda.docx"


def test_check_of_a_new_body_counts_its_one_file_in_the_singular(tmp_path: Path) -> None:
    folder = tmp_path / "sn"
    assert init(folder).exit_code == 0
    result = run_kib("--root", str(folder), "check")
    assert result.exit_code == 0 and result.stderr.strip() == "ok: 1 file checked"
