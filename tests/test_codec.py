"""The generic codec the caches use: the model's own records survive a round trip, and nothing else decodes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO

from kib.errors import Problem
from kib.record import model
from kib.record.codec import Invalid, decode, encode
from kib.record.store import load_file


@pytest.mark.parametrize("path", sorted((REPO / "meetings").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_meeting_survives_a_round_trip(path: Path) -> None:
    meeting = load_file(path, model.Meeting).require()
    data = json.loads(json.dumps(encode(meeting)))
    assert decode(model.Meeting, data) == meeting


def test_members_and_schedule_survive_a_round_trip() -> None:
    for name, cls in (("members.yaml", model.MembersFile), ("schedule.yaml", model.ScheduleFile)):
        value = load_file(REPO / name, cls).require()
        assert decode(cls, json.loads(json.dumps(encode(value)))) == value


def test_a_due_text_that_looks_like_no_date_stays_a_text() -> None:
    for due in ("nästa sammanträde", "2008-13-45", dt.date(2008, 10, 15), None):
        action = model.Action(owner="Lennart J", task="Ta fram", due=due)
        assert decode(model.Action, json.loads(json.dumps(encode(action)))) == action


def test_problems_survive_a_round_trip() -> None:
    found = [Problem(Path("meetings/2008-09-10.yaml"), 12, 5, "warning", "§ 17 gives a task")]
    assert decode(list[Problem], encode(found)) == found


@pytest.mark.parametrize(
    "data",
    [
        {"owner": "Lennart J"},  # a required key missing
        {"owner": "Lennart J", "task": "x", "extra": 1},  # a key the model does not know
        {"owner": 5, "task": "x"},  # a number where a text belongs
        {"owner": "Lennart J", "task": "x", "done": {"date": "2008-02-30"}},  # no such day
        {"owner": "Lennart J", "task": "x", "due": 20081015},
        {"owner": "Lennart J", "task": "x", "done": {"date": True}},
        [1, 2],
        None,
    ],
)
def test_anything_of_the_wrong_shape_does_not_decode(data: object) -> None:
    with pytest.raises(Invalid):
        decode(model.Action, data)


def test_a_text_where_true_or_false_belongs_does_not_decode() -> None:
    with pytest.raises(Invalid):
        decode(model.Official, {"name": "Sara Sekreterare", "secretary": "yes"})
