"""Rules every check-in, skill and factor must satisfy, with messages fit for the user."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from tracker.domain.models import RATING_MAX, RATING_MIN, CheckIn, Factor, FactorKind, Skill
from tracker.errors import ValidationError

MAX_NOTE_LENGTH = 20_000
MAX_TAG_LENGTH = 60
MAX_NAME_LENGTH = 60
MAX_MAGNITUDE = 1e9  # bounds of custom numeric factors
MIN_STEP = 1e-6


def validate_name(name: str, what: str, existing: Iterable[str] = ()) -> str:
    """The name of a ``what`` ("skill", "factor", "measure") with its spaces collapsed, or a
    ValidationError if it is empty, too long, holds ``= ; ,`` or a newline, or is taken."""
    clean = " ".join(str(name).split())
    if not clean:
        raise ValidationError(f"A {what} needs a name.")
    if len(clean) > MAX_NAME_LENGTH:
        raise ValidationError(f"A {what} name can be at most {MAX_NAME_LENGTH} characters.")
    if any(ch in clean for ch in "=;,\n"):
        raise ValidationError(f"A {what} name cannot contain '=', ';' or ',': {clean!r}.")
    if clean.casefold() in {e.casefold() for e in existing}:
        raise ValidationError(f"There is already a {what} called {clean!r}.")
    return clean


def validate_skill_name(name: str, existing: Iterable[str] = ()) -> str:
    """Return the trimmed name, or raise if it is empty, too long or already used."""
    return validate_name(name, "skill", existing)


def validate_factor(factor: Factor, existing: Iterable[str] = ()) -> None:
    """Raise if a factor definition is inconsistent (bounds, step, name)."""
    name = validate_name(factor.name, "factor", existing)
    if factor.kind is FactorKind.YESNO:
        return
    lo, hi = factor.minimum, factor.maximum
    for bound in (lo, hi):
        if bound is not None and not math.isfinite(bound):
            raise ValidationError(f"{name}: bounds must be finite numbers.")
        if bound is not None and abs(bound) > MAX_MAGNITUDE:
            raise ValidationError(f"{name}: bounds must lie within ±{MAX_MAGNITUDE:,.0f}.")
    if factor.kind is FactorKind.SCALE:
        if lo is None or hi is None or not float(lo).is_integer() or not float(hi).is_integer():
            raise ValidationError(f"{name}: a scale needs whole-number ends, such as 1 to 5.")
        if hi - lo < 1 or hi - lo > 100:
            raise ValidationError(f"{name}: a scale runs over 2 to 101 points.")
    if lo is not None and hi is not None and lo >= hi:
        raise ValidationError(f"{name}: the minimum must be below the maximum.")
    if not (math.isfinite(factor.step) and factor.step > 0):
        raise ValidationError(f"{name}: the step must be a positive number.")
    if factor.step < MIN_STEP:
        raise ValidationError(f"{name}: the step must be at least {MIN_STEP:g}.")


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim, drop empties and duplicates (case-insensitive), keep order; raise on bad tags."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in tags:
        tag = " ".join(str(raw).split())
        if not tag:
            continue
        _check_text(tag, "A tag")
        if ";" in tag:
            raise ValidationError(f"A tag cannot contain ';': {tag!r}.")
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(f"A tag can be at most {MAX_TAG_LENGTH} characters.")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def check_factor_value(factor: Factor, value: float) -> float:
    """Return ``value`` as stored for ``factor``, or raise with a message naming the factor."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{factor.name}: {value!r} is not a number.") from None
    if not math.isfinite(number):
        raise ValidationError(f"{factor.name}: {value!r} is not a finite number.")
    if factor.kind is FactorKind.YESNO:
        if number not in (0.0, 1.0):
            raise ValidationError(f"{factor.name}: answer yes (1) or no (0), not {value!r}.")
        return number
    lo, hi = factor.minimum, factor.maximum
    unit = f" {factor.unit}" if factor.unit else ""
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValidationError(
            f"{factor.name}: {_fmt(number)}{unit} is outside {_fmt(lo)}–{_fmt(hi)}{unit}."
        )
    origin = lo if lo is not None else 0.0
    steps = (number - origin) / factor.step
    if abs(steps - round(steps)) > 1e-9:
        if factor.kind is FactorKind.SCALE:
            raise ValidationError(f"{factor.name}: use a whole number, not {_fmt(number)}.")
        raise ValidationError(
            f"{factor.name}: {_fmt(number)}{unit} is not a multiple of {_fmt(factor.step)}{unit}."
        )
    return number


def check_rating(skill: Skill, value: object) -> int:
    """Return a valid 1-10 rating for ``skill`` or raise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError(f"{skill.name}: a rating is a whole number from 1 to 10.")
    try:
        number = float(value)
    except ValueError:
        raise ValidationError(f"{skill.name}: {value!r} is not a number from 1 to 10.") from None
    if not number.is_integer() or not RATING_MIN <= number <= RATING_MAX:
        raise ValidationError(
            f"{skill.name}: a rating is a whole number from {RATING_MIN} to {RATING_MAX}, "
            f"not {value!r}."
        )
    return int(number)


def validate_checkin(
    checkin: CheckIn,
    skills: Mapping[str, Skill],
    factors: Mapping[str, Factor],
    *,
    require_rating: bool = True,
) -> CheckIn:
    """Return a normalised copy of ``checkin`` or raise ``ValidationError``.

    ``skills`` and ``factors`` map ids to definitions (archived ones included, so history can
    still be edited). At least one skill must be rated, unless ``require_rating`` is False
    (imported state-only entries, e.g. from a mood tracker): then a rating or a value is needed.
    """
    offset = checkin.at.utcoffset()
    if offset is None:
        raise ValidationError("The time of a check-in needs a UTC offset.")
    if offset.total_seconds() % 60:
        raise ValidationError("A check-in's UTC offset must be whole minutes.")
    if not checkin.ratings and require_rating:
        raise ValidationError("Rate at least one skill.")
    if not checkin.ratings and not any(v is not None for v in checkin.values.values()):
        raise ValidationError("A check-in needs a rating or at least one state value.")
    ratings: dict[str, int] = {}
    for skill_id, value in checkin.ratings.items():
        skill = skills.get(skill_id)
        if skill is None:
            raise ValidationError(f"Unknown skill {skill_id!r}.")
        ratings[skill_id] = check_rating(skill, value)
    values: dict[str, float] = {}
    for factor_id, amount in checkin.values.items():
        factor = factors.get(factor_id)
        if factor is None:
            raise ValidationError(f"Unknown factor {factor_id!r}.")
        if amount is None:
            continue
        values[factor_id] = check_factor_value(factor, amount)
    note = str(checkin.note).replace("\r\n", "\n")
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(f"A note can be at most {MAX_NOTE_LENGTH:,} characters.")
    if "\x00" in note:
        raise ValidationError("A note cannot contain a NUL character.")
    _check_text(note, "A note")
    return CheckIn(
        id=checkin.id,
        at=checkin.at,
        ratings=ratings,
        values=values,
        tags=normalize_tags(checkin.tags),
        note=note,
    )


def _check_text(text: str, what: str) -> None:
    """Refuse text that cannot be stored as UTF-8 (lone surrogates from broken files)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{what} contains a character that is not valid text.") from None


def _fmt(x: float | None) -> str:
    if x is None:
        return "…"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
