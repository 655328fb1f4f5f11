"""Choosing N meeting days among the possible ones: spread over the spring and autumn terms in proportion
to the days each term offers, evenly spaced inside each term, at least two weeks apart, deterministic.

Each term's meetings aim at the middles of equal slices of the term (from its first to its last possible
day), so the first meeting does not fall on the first evening after the Christmas holidays and the last
one not just before the summer. An exact search (dynamic programming over the possible days) then picks
the days closest to those aims that keep the minimum gap; ties go to the earlier day.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

MIN_GAP_DAYS = 14
SPRING, AUTUMN = 0, 1
TERM_NAMES = ("vårterminen", "höstterminen")


def term_of(day: dt.date) -> int:
    """Spring is January–June, autumn July–December (July is normally blacked out anyway)."""
    return SPRING if day.month <= 6 else AUTUMN


def capacity(days: list[dt.date], min_gap: int = MIN_GAP_DAYS) -> int:
    """The most meetings `days` (sorted) can hold with `min_gap` days between them (greedy is optimal)."""
    count, last = 0, None
    for day in days:
        if last is None or (day - last).days >= min_gap:
            count, last = count + 1, day
    return count


class Selection(NamedTuple):
    """The chosen days and how many each term got; `limit` is what the gap rule allowed at most."""

    days: list[dt.date]
    per_term: tuple[int, int]
    limit: int


def allocations(total: int, available: tuple[int, int]) -> list[tuple[int, int]]:
    """Every split of `total` over the two terms, the one closest to the terms' shares of days first
    (ties: more in spring)."""
    whole = sum(available)
    # |n - total * spring / whole| compared in whole numbers: |n * whole - total * spring|
    weight, share = (whole, total * available[SPRING]) if whole else (2, total)
    splits = [(n, total - n) for n in range(total + 1)]
    return sorted(splits, key=lambda split: (abs(split[SPRING] * weight - share), -split[SPRING]))


def targets(days: list[dt.date], count: int, scale: int) -> list[int]:
    """Day ordinals times `scale` at the middles of `count` equal slices from the first to the last of
    `days`; `scale` must be a multiple of 2 × `count` so the middles are whole numbers."""
    if count == 0 or not days:
        return []
    first, last = days[0].toordinal(), days[-1].toordinal()
    step = scale // (2 * count)
    return [first * scale + (last - first) * (2 * k + 1) * step for k in range(count)]


def choose(
    days: list[dt.date], slots: list[tuple[int, int]], scale: int, min_gap: int = MIN_GAP_DAYS
) -> list[dt.date] | None:
    """The days (one per slot, in order, slot k in its term) closest in sum to the slots' targets (day
    ordinals times `scale`) with at least `min_gap` days between consecutive meetings; None when no such
    choice exists. Dynamic programming over the days; ties go to the earlier day."""
    if not slots:
        return []
    ordinals = [d.toordinal() for d in days]
    terms = [term_of(d) for d in days]
    best: list[list[int | None]] = []
    back: list[list[int]] = []
    for k, (term, target) in enumerate(slots):
        row: list[int | None] = [None] * len(days)
        links = [-1] * len(days)
        for i, ordinal in enumerate(ordinals):
            if terms[i] != term:
                continue
            cost = abs(ordinal * scale - target)
            if k == 0:
                row[i] = cost
                continue
            chosen_j, chosen_cost = -1, None
            for j in range(i):
                previous = best[k - 1][j]
                if previous is None or ordinal - ordinals[j] < min_gap:
                    continue
                if chosen_cost is None or previous < chosen_cost:
                    chosen_j, chosen_cost = j, previous
            if chosen_cost is not None:
                row[i], links[i] = chosen_cost + cost, chosen_j
        best.append(row)
        back.append(links)
    end, end_cost = -1, None
    for i, total in enumerate(best[-1]):
        if total is not None and (end_cost is None or total < end_cost):
            end, end_cost = i, total
    if end == -1:
        return None
    picked = []
    for k in range(len(slots) - 1, -1, -1):
        picked.append(days[end])
        end = back[k][end]
    return sorted(picked)


def spread(available: list[dt.date], count: int, min_gap: int = MIN_GAP_DAYS) -> Selection:
    """Up to `count` days from `available`, spread over the terms; fewer when the days do not allow more."""
    days = sorted(set(available))
    by_term = ([d for d in days if term_of(d) == SPRING], [d for d in days if term_of(d) == AUTUMN])
    limit = capacity(days, min_gap)
    term_limits = (capacity(by_term[SPRING], min_gap), capacity(by_term[AUTUMN], min_gap))
    available_counts = (len(by_term[SPRING]), len(by_term[AUTUMN]))
    for total in range(min(count, limit), 0, -1):
        for split in allocations(total, available_counts):
            if split[SPRING] > term_limits[SPRING] or split[AUTUMN] > term_limits[AUTUMN]:
                continue
            scale = 2 * max(1, split[SPRING]) * max(1, split[AUTUMN])
            slots = [(SPRING, t) for t in targets(by_term[SPRING], split[SPRING], scale)]
            slots += [(AUTUMN, t) for t in targets(by_term[AUTUMN], split[AUTUMN], scale)]
            picked = choose(days, slots, scale, min_gap)
            if picked is not None:
                return Selection(picked, split, limit)
    return Selection([], (0, 0), limit)
