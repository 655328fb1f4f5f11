"""Who served in each paragraph, from attendance and jäv: the example Socialnämnden's February meeting."""

from __future__ import annotations

from conftest import REPO

from kib.body.serving import ParagraphService, serving_by_paragraph
from kib.body.voting import tally
from kib.record.store import BodyDir

EXAMPLE = REPO / "examples" / "socialnamnden"


def february() -> dict[int, ParagraphService]:
    body = BodyDir(EXAMPLE)
    meeting = body.meeting(EXAMPLE / "meetings" / "2026-02-10.yaml")
    return {p.number: p for p in serving_by_paragraph(meeting, body.members)}


def test_a_late_arrival_serves_from_her_paragraph() -> None:
    served = february()
    assert not served[1].serves("Helena Roos")
    assert served[2].serves("Helena Roos")
    assert len(served[1].serving) == 10 and len(served[2].serving) == 11


def test_an_early_departure_hands_over_to_an_ersattare() -> None:
    served = february()
    assert served[4].serves("Johan Vik") and not served[5].serves("Johan Vik")
    assert "Ingrid Dahl" in served[4].present_substitutes
    seat = next(s for s in served[5].serving if s.name == "Ingrid Dahl")
    assert seat.serving_for == "Johan Vik"
    assert "Ingrid Dahl" not in served[5].present_substitutes


def test_tjanstgorande_ersattare_for_an_absent_member() -> None:
    seat = next(s for s in february()[3].serving if s.name == "Jonas Falk")
    assert seat.serving_for == "Maja Strand"


def test_jav_removes_the_member_and_lets_an_ersattare_serve_for_that_paragraph_only() -> None:
    served = february()
    assert served[4].is_disqualified("Omar Said") and not served[4].serves("Omar Said")
    assert next(s for s in served[4].serving if s.name == "Eva Sten").serving_for == "Omar Said"
    assert "Eva Sten" not in served[4].present_substitutes
    assert served[3].serves("Omar Said") and "Eva Sten" in served[3].present_substitutes
    assert served[5].serves("Omar Said") and not served[5].serves("Eva Sten")


def test_ersattare_present_without_serving_all_meeting() -> None:
    assert all("Ali Karimi" in s.present_substitutes for s in february().values())


def test_beslutsforhet_is_more_than_half_of_the_ledamoter() -> None:
    served = february()[1]
    assert (served.seats, served.needed, served.quorate) == (11, 6, True)
    short = ParagraphService(1, served.serving[:5], (), (), 11)
    assert not short.quorate


def test_tally_counts_and_the_casting_vote_decides_a_tie() -> None:
    body = BodyDir(EXAMPLE)
    meeting = body.meeting(EXAMPLE / "meetings" / "2026-02-10.yaml")
    vote = next(p.vote for p in meeting.paragraphs if p.number == 3)
    assert vote is not None
    result = tally(vote)
    assert (len(result.yes), len(result.no), result.abstain) == (5, 5, ("Omar Said",))
    assert result.tie and result.winner == "ja"
    assert result.side_of("per lind") == "nej"
