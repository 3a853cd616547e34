"""Every rule of tracker.domain.validation, with the message each bad input gets."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill, new_id
from tracker.domain.validation import (
    check_factor_value,
    normalize_tags,
    validate_checkin,
    validate_factor,
    validate_skill_name,
)
from tracker.errors import ValidationError

SKILL = Skill("s1", "Overall")
SKILLS = {SKILL.id: SKILL}
FACTORS = {f.id: f for f in BUILTIN_FACTORS}
CAFFEINE = Factor("c1", "Caffeine", FactorKind.YESNO, 0, 1)
FACTORS[CAFFEINE.id] = CAFFEINE
AT = datetime(2026, 11, 27, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def checkin(**changes) -> CheckIn:
    base = dict(id=new_id(), at=AT, ratings={"s1": 7}, values={}, tags=(), note="")
    base.update(changes)
    return CheckIn(**base)


def test_a_valid_checkin_is_normalised():
    c = validate_checkin(
        checkin(values={"mood": 6, "sleep_hours": 7.25}, tags=(" gym ", "Gym", "deep  work"),
                note="a\r\nb"),
        SKILLS, FACTORS,
    )
    assert c.ratings == {"s1": 7}
    assert c.values == {"mood": 6.0, "sleep_hours": 7.25}
    assert c.tags == ("gym", "deep work")
    assert c.note == "a\nb"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ratings": {}}, "Rate at least one skill."),
        ({"ratings": {"s1": 11}}, "Overall: a rating is a whole number from 1 to 10, not 11."),
        ({"ratings": {"s1": 0}}, "Overall: a rating is a whole number from 1 to 10, not 0."),
        ({"ratings": {"s1": 6.5}}, "Overall: a rating is a whole number from 1 to 10, not 6.5."),
        ({"ratings": {"s1": "x"}}, "Overall: 'x' is not a number from 1 to 10."),
        ({"ratings": {"s1": True}}, "Overall: a rating is a whole number from 1 to 10."),
        ({"ratings": {"nope": 5}}, "Unknown skill 'nope'."),
        ({"values": {"mood": 11}}, "Mood: 11 is outside 1–10."),
        ({"values": {"mood": 5.5}}, "Mood: use a whole number, not 5.5."),
        ({"values": {"sleep_hours": 7.1}}, "Sleep: 7.1 h is not a multiple of 0.25 h."),
        ({"values": {"sleep_hours": 25}}, "Sleep: 25 h is outside 0–24 h."),
        ({"values": {"sleep_hours": -1}}, "Sleep: -1 h is outside 0–24 h."),
        ({"values": {"hunger": 6}}, "Hunger: 6 is outside 1–5."),
        ({"values": {"mood": float("nan")}}, "Mood: nan is not a finite number."),
        ({"values": {"mood": "lots"}}, "Mood: 'lots' is not a number."),
        ({"values": {"c1": 2}}, "Caffeine: answer yes (1) or no (0), not 2."),
        ({"values": {"zzz": 1}}, "Unknown factor 'zzz'."),
        ({"tags": ("a;b",)}, "A tag cannot contain ';': 'a;b'."),
        ({"tags": ("x" * 61,)}, "A tag can be at most 60 characters."),
        ({"note": "x" * 20_001}, "A note can be at most 20,000 characters."),
        ({"note": "a\x00b"}, "A note cannot contain a NUL character."),
        ({"at": datetime(2026, 11, 27, 8, 30)}, "The time of a check-in needs a UTC offset."),
        ({"at": datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30)))},
         "A check-in's UTC offset must be whole minutes."),
        ({"note": "a\ud800"}, "A note contains a character that is not valid text."),
        ({"tags": ("x\udfff",)}, "A tag contains a character that is not valid text."),
    ],
)
def test_each_bad_input_gets_its_message(changes, message):
    with pytest.raises(ValidationError) as info:
        validate_checkin(checkin(**changes), SKILLS, FACTORS)
    assert str(info.value) == message


def test_empty_is_not_a_value():
    c = validate_checkin(checkin(values={"mood": None}), SKILLS, FACTORS)
    assert "mood" not in c.values


def test_sleep_accepts_quarter_hours_and_bounds():
    sleep = FACTORS["sleep_hours"]
    assert [check_factor_value(sleep, v) for v in (0, 0.25, 7.75, 24)] == [0, 0.25, 7.75, 24]


@pytest.mark.parametrize(
    ("name", "existing", "message"),
    [
        ("   ", [], "A skill needs a name."),
        ("x" * 61, [], "A skill name can be at most 60 characters."),
        ("a=b", [], "A skill name cannot contain '=', ';' or ',': 'a=b'."),
        ("overall", ["Overall"], "There is already a skill called 'overall'."),
    ],
)
def test_skill_names(name, existing, message):
    with pytest.raises(ValidationError, match="^" + re.escape(message) + "$"):
        validate_skill_name(name, existing)


def test_skill_name_is_trimmed():
    assert validate_skill_name("  Deep   work ") == "Deep work"


@pytest.mark.parametrize(
    ("factor", "message"),
    [
        (Factor("f", "", FactorKind.NUMBER), "A factor needs a name."),
        (Factor("f", "Mood", FactorKind.SCALE, 1, 10), "There is already a factor called 'Mood'."),
        (Factor("f", "Pain", FactorKind.SCALE, 1.5, 5), "Pain: a scale needs whole-number ends"),
        (Factor("f", "Pain", FactorKind.SCALE, 1, 1), "Pain: a scale runs over 2 to 101 points."),
        (Factor("f", "Steps", FactorKind.NUMBER, 10, 5), "Steps: the minimum must be below"),
        (Factor("f", "Steps", FactorKind.NUMBER, 0, 5, 0), "Steps: the step must be a positive"),
        (Factor("f", "Steps", FactorKind.NUMBER, 0, float("inf")), "Steps: bounds must be finite"),
        (Factor("f", "Steps", FactorKind.NUMBER, 0, 1e12), "Steps: bounds must lie within"),
        (Factor("f", "Steps", FactorKind.NUMBER, 0, 5, 1e-320), "Steps: the step must be at least"),
    ],
)
def test_factor_definitions(factor, message):
    with pytest.raises(ValidationError, match="^" + re.escape(message)):
        validate_factor(factor, ["Mood"])


def test_tags_keep_first_spelling_and_order():
    assert normalize_tags(["b", "A", "a", "", "  "]) == ("b", "A")
