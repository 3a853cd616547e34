"""Hypothesis strategies for exchange tests: whole, valid Datasets with awkward content."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill, validate_checkin
from tracker.exchange import Dataset

TEXT_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
NAME_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00=;,\n")

names = st.text(NAME_CHARS, min_size=1, max_size=16).map(lambda s: " ".join(s.split())).filter(bool)
labels = st.text(TEXT_CHARS, max_size=12)
notes = st.text(TEXT_CHARS, max_size=60) | st.sampled_from(
    [
        "=SUM(A1:A9)",
        '=HYPERLINK("http://x")',
        'she said "no", then left\nnext line',
        "crlf\r\ninside",
        "lone\rreturn",
        "  spaces around  ",
        "+1",
        "-2",
        "@user",
        "comma,comma",
        "",
        "é ü 漢字 🙂",
        "\n",
        '"',
    ]
)
tags = st.lists(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00;"),
        min_size=1,
        max_size=10,
    ),
    max_size=3,
)

# whole minutes, as the domain requires (the widest Python allows is ±23:59)
offsets = st.integers(-14 * 60, 14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
) | st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m)))
timestamps = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)),
    offsets,
)


@st.composite
def custom_factor(draw: st.DrawFn, factor_id: str, name: str, position: int) -> Factor:
    """A custom factor of any kind with consistent bounds and step."""
    kind = draw(st.sampled_from(list(FactorKind)))
    common = dict(
        position=position,
        archived=draw(st.booleans()),
        unit=draw(labels),
        low_label=draw(labels),
        high_label=draw(labels),
    )
    if kind is FactorKind.YESNO:
        return Factor(factor_id, name, kind, **common)
    if kind is FactorKind.SCALE:
        low = draw(st.integers(-5, 5))
        return Factor(factor_id, name, kind, low, low + draw(st.integers(1, 20)), 1, **common)
    step = draw(st.sampled_from([1, 0.5, 0.25, 0.1, 0.01, 2.5]))
    low = draw(st.sampled_from([0, -10, 1.5, 100, None]))
    high = None if low is None else low + step * draw(st.integers(1, 400))
    return Factor(factor_id, name, kind, low, high, step, **common)


@st.composite
def factor_value(draw: st.DrawFn, factor: Factor) -> float:
    """A value valid for ``factor``."""
    if factor.kind is FactorKind.YESNO:
        return float(draw(st.integers(0, 1)))
    if factor.minimum is None:
        return draw(st.integers(-100, 100)) * factor.step
    count = round((factor.maximum - factor.minimum) / factor.step)
    return factor.minimum + draw(st.integers(0, count)) * factor.step


@st.composite
def datasets(draw: st.DrawFn, max_checkins: int = 6) -> Dataset:
    """A valid Dataset: 1-3 skills, some built-in and custom factors, validated check-ins."""
    builtin = draw(st.lists(st.sampled_from(BUILTIN_FACTORS), unique_by=lambda f: f.id))
    taken = {f.name.casefold() for f in builtin}
    skill_names = draw(st.lists(names, min_size=1, max_size=3, unique_by=str.casefold))
    factor_names = draw(
        st.lists(
            names.filter(lambda n: n.casefold() not in taken), max_size=3, unique_by=str.casefold
        )
    )
    ids = draw(
        st.lists(
            st.uuids().map(str),
            min_size=len(skill_names) + len(factor_names),
            max_size=len(skill_names) + len(factor_names),
            unique=True,
        )
    )
    skills = [
        Skill(
            ids.pop(),
            name,
            position=draw(st.integers(0, 5)),
            archived=draw(st.booleans()),
            anchor_low=draw(labels),
            anchor_mid=draw(labels),
            anchor_high=draw(labels),
        )
        for name in skill_names
    ]
    factors = [
        *[replace(f, archived=draw(st.booleans())) for f in builtin],
        *[draw(custom_factor(ids.pop(), name, 6 + i)) for i, name in enumerate(factor_names)],
    ]
    skill_map = {s.id: s for s in skills}
    factor_map = {f.id: f for f in factors}
    checkin_ids = draw(st.lists(st.uuids().map(str), max_size=max_checkins, unique=True))
    checkins = []
    for checkin_id in checkin_ids:
        rated = draw(st.lists(st.sampled_from(skills), min_size=1, unique_by=lambda s: s.id))
        measured = draw(
            st.lists(st.sampled_from(factors), unique_by=lambda f: f.id) if factors else st.just([])
        )
        raw = CheckIn(
            id=checkin_id,
            at=draw(timestamps),
            ratings={s.id: draw(st.integers(1, 10)) for s in rated},
            values={f.id: draw(factor_value(f)) for f in measured},
            tags=tuple(draw(tags)),
            note=draw(notes),
        )
        checkins.append(validate_checkin(raw, skill_map, factor_map))
    return Dataset(skills=skills, factors=factors, checkins=checkins)
