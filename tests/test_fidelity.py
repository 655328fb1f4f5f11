"""Each shipped meeting, rendered, holds the committee's own minutes word for word (at least 99 % of the
words, in order): nothing the minutes said is lost on the way from YAML to Word."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_kib
from words import MINUTES, WORD, document_text, minutes_recall, original_words, recall

SHIPPED = sorted(p.stem for p in (REPO / "meetings").glob("*.yaml"))


def test_every_shipped_meeting_has_its_minutes() -> None:
    assert len(SHIPPED) == 5
    assert sorted(p.stem for p in MINUTES.glob("*.txt")) == SHIPPED


@pytest.mark.parametrize("date", SHIPPED)
def test_rendered_minutes_hold_the_original_words(shipped_root: Path, tmp_path: Path, date: str) -> None:
    target = tmp_path / f"{date}.docx"
    result = run_kib("--root", str(shipped_root), "render", "minutes", date, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert minutes_recall(date, target) >= 0.99


def test_recall_notices_a_lost_paragraph(shipped_root: Path, tmp_path: Path) -> None:
    """The measure can fail: minutes without one paragraph's text fall below the bar."""
    target = tmp_path / "full.docx"
    assert run_kib("--root", str(shipped_root), "render", "minutes", "2008-09-10", "-o", str(target)).exit_code == 0
    rendered = WORD.findall(document_text(target).lower())
    original = original_words((MINUTES / "2008-09-10.txt").read_text(encoding="utf-8"))
    start = rendered.index("innovationsrådgivaren")
    shortened = rendered[:start] + rendered[start + 60 :]
    assert recall(original, rendered) >= 0.99 > recall(original, shortened)
    assert recall(original, list(reversed(rendered))) < 0.5  # order counts, not only the words
