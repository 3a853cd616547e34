"""From a foreign export's entries to Touchstone check-ins: one set of rules for every app.

* **Mood labels** (Daylio) map to the built-in mood 1-10. A label with a known level L on a
  1-5 scale gets the linear value round(1 + (L - 1) * 9 / 4): awful 1, bad 3, meh 6, good 8,
  rad 10. A label the file does not explain (a renamed mood in a Daylio CSV) must be mapped by
  the user (``--map LABEL=VALUE`` or the wizard's table); until then nothing is imported.
* **Measures** (Energy, Sleep, a custom rating …) go to a *target*: ``skill:NAME``,
  ``factor:NAME`` (a built-in id such as ``mood``/``energy`` or any factor name), ``tag``
  (a non-zero value adds the measure's name as a tag) or ``skip``. ``@LO-HI`` after the target
  states the source scale, e.g. ``skill:Focus@1-5``.
* **Scale conversion**: a measure with a source scale going to a skill (1-10) or to a scale
  factor with other ends is mapped linearly and rounded half up:
  ``t = tlo + (v - lo) * (thi - tlo) / (hi - lo)``. Each conversion is listed for the user.
  A value outside its source scale is refused with its row.
* A new factor is a scale ``lo..hi`` when the source scale has whole ends, otherwise a number
  with step 0.01 (values rounded to it). Quantities going to a number factor are rounded to
  that factor's step (sleep: 0.25 h).
* An entry left with no rating and no state value (only tags or a note) is left out and
  counted: a check-in needs a rating or at least one value.
* Tags: ``;`` becomes ``,`` (Touchstone separates tags by ``;``), at most 60 characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain.models import RATING_MAX, RATING_MIN, CheckIn, Factor, FactorKind, Skill
from tracker.domain.validation import (
    MAX_TAG_LENGTH,
    check_factor_value,
    check_rating,
    validate_checkin,
    validate_factor,
    validate_skill_name,
)
from tracker.errors import ExchangeError, ValidationError
from tracker.exchange.dataset import format_number
from tracker.exchange.foreign.model import (
    SourceData,
    SourceEntry,
    checkin_id,
    definition_id,
    row_error,
)

LEVEL_LABELS = {5: "rad", 4: "good", 3: "meh", 2: "bad", 1: "awful"}  # Daylio's defaults
NEW_NUMBER_STEP = 0.01
_TARGET = re.compile(
    r"^(?P<kind>skill|factor|tag|skip)(?::(?P<name>[^@]*))?"
    r"(?:@(?P<lo>-?\d+(?:\.\d+)?)\s*-\s*(?P<hi>-?\d+(?:\.\d+)?))?$",
    re.IGNORECASE,
)


def level_to_mood(level: int, levels: int = 5) -> int:
    """A level 1..levels on the source scale as Touchstone mood 1-10 (linear, half up)."""
    return rescale(level, 1, levels, RATING_MIN, RATING_MAX)


def rescale(value: float, lo: float, hi: float, tlo: float, thi: float) -> int:
    """``value`` on lo..hi mapped linearly onto the whole numbers tlo..thi, rounded half up."""
    exact = tlo + (value - lo) * (thi - tlo) / (hi - lo)
    return int(math.floor(exact + 0.5 + 1e-9))


@dataclass(frozen=True, slots=True)
class Target:
    """Where a measure goes: ``kind`` skill | factor | tag | skip, with an optional scale."""

    kind: str
    name: str = ""
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        for end in ("low", "high"):
            value = getattr(self, end)
            if value is not None:
                object.__setattr__(self, end, float(value))

    def spec(self) -> str:
        text = self.kind + (f":{self.name}" if self.name else "")
        if self.low is not None and self.high is not None:
            text += f"@{format_number(self.low)}-{format_number(self.high)}"
        return text


def parse_target(text: str) -> Target:
    """Parse ``skill:NAME[@LO-HI]``, ``factor:NAME[@LO-HI]``, ``tag`` or ``skip``."""
    match = _TARGET.match(" ".join(str(text).split()))
    if match is None:
        raise ExchangeError(
            f"{text!r} is not a target: use skill:NAME, factor:NAME (e.g. factor:energy), "
            "tag or skip, optionally with the source scale such as @1-5."
        )
    kind = match["kind"].casefold()
    name = " ".join((match["name"] or "").split())
    if kind in ("skill", "factor") and not name:
        raise ExchangeError(f"{text!r}: name the {kind}, e.g. {kind}:Focus.")
    low = float(match["lo"]) if match["lo"] is not None else None
    high = float(match["hi"]) if match["hi"] is not None else None
    if low is not None and high is not None and not low < high:
        raise ExchangeError(f"{text!r}: the scale's low end must be below its high end.")
    return Target(kind, name, low, high)


@dataclass
class ImportOptions:
    """The user's choices: mood per label (None = leave out) and a target per measure."""

    mood: dict[str, int | None] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MoodRow:
    """One line of the mood mapping shown before importing."""

    label: str
    level: int | None  # the source's level (1 = worst … 5 = best) when the file says it
    mood: int | None  # Touchstone mood 1-10; None = not mapped / left out
    count: int


@dataclass
class Conversion:
    """What importing would create: check-ins, new definitions, and what to tell the user."""

    checkins: list[CheckIn] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)  # every skill the check-ins rate
    factors: list[Factor] = field(default_factory=list)  # every factor they use
    new_skills: list[Skill] = field(default_factory=list)
    new_factors: list[Factor] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    moods: list[MoodRow] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)
    left_out: int = 0  # entries without any value

    @property
    def first(self) -> datetime | None:
        return min((c.at for c in self.checkins), default=None)

    @property
    def last(self) -> datetime | None:
        return max((c.at for c in self.checkins), default=None)

    @property
    def state_only(self) -> int:
        return sum(1 for c in self.checkins if c.state_only)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def mood_table(source: SourceData, options: ImportOptions) -> list[MoodRow]:
    """Every mood label in the file with its level, chosen mood and how often it occurs."""
    counts: dict[str, int] = {}
    for entry in source.entries:
        if entry.mood is not None:
            counts[entry.mood] = counts.get(entry.mood, 0) + 1
    overrides = {_key(k): v for k, v in options.mood.items()}
    labels = list(dict.fromkeys([*source.mood_labels, *counts]))
    rows = []
    for label in labels:
        if not counts.get(label):
            continue  # a label the file defines but never uses
        mood = overrides.get(_key(label), source.mood_labels.get(label))
        rows.append(MoodRow(label, source.mood_levels.get(label), mood, counts.get(label, 0)))
    return rows


def targets(source: SourceData, options: ImportOptions) -> dict[str, Target]:
    """The target of every measure: the user's choice, else the parser's suggestion."""
    chosen = {_key(k): v for k, v in options.targets.items()}
    unknown = [k for k in options.targets if _key(k) not in {_key(m) for m in source.measures}]
    if unknown:
        names = ", ".join(source.measures) or "none"
        raise ExchangeError(f"The file has no measure called {unknown[0]!r} (it has: {names}).")
    out: dict[str, Target] = {}
    for name, measure in source.measures.items():
        target = chosen.get(_key(name)) or parse_target(measure.target or f"factor:{name}")
        if target.low is None and measure.low is not None and measure.high is not None:
            target = Target(target.kind, target.name, float(measure.low), float(measure.high))
        out[name] = target
    return out


class _Definitions:
    """Known and new skills/factors, matched by name (and factor id), ignoring case."""

    def __init__(self, app: str, skills: list[Skill], factors: list[Factor]) -> None:
        self.app = app
        self.skills = {_key(s.name): s for s in skills}
        self.skill_ids = {s.id: s for s in skills}
        self.factors = {_key(f.name): f for f in factors}
        self.factors.update({_key(f.id): f for f in factors})
        self.skill_pos = max((s.position for s in skills), default=-1)
        self.factor_pos = max((f.position for f in factors), default=-1)
        self.skill_names = [s.name for s in skills]
        self.factor_names = [f.name for f in factors]
        self.new_skills: list[Skill] = []
        self.new_factors: list[Factor] = []

    def skill(self, name: str) -> Skill:
        found = self.skills.get(_key(name)) or self.skill_ids.get(
            definition_id(self.app, "skill", name))
        if found is not None:  # also a skill an earlier import made and the user renamed
            return found
        try:
            clean = validate_skill_name(name, self.skill_names)
        except ValidationError as exc:
            raise ExchangeError(f"Skill {name!r}: {exc}") from None
        self.skill_pos += 1
        skill = Skill(definition_id(self.app, "skill", clean), clean, self.skill_pos)
        self.skills[_key(clean)] = skill
        self.skill_names.append(clean)
        self.new_skills.append(skill)
        return skill

    def factor(self, name: str, target: Target, unit: str) -> Factor:
        found = self.factors.get(_key(name)) or self.factors.get(
            definition_id(self.app, "factor", name))
        if found is not None:
            return found
        lo, hi = target.low, target.high
        self.factor_pos += 1
        clean = " ".join(name.split())
        ident = definition_id(self.app, "factor", clean)
        if (lo is not None and hi is not None and lo.is_integer() and hi.is_integer()
                and 1 <= hi - lo <= 100):
            factor = Factor(ident, clean, FactorKind.SCALE, lo, hi, 1.0, position=self.factor_pos)
        else:
            factor = Factor(ident, clean, FactorKind.NUMBER, lo, hi, NEW_NUMBER_STEP, unit,
                            position=self.factor_pos)
        try:
            validate_factor(factor, self.factor_names)
        except ValidationError as exc:
            raise ExchangeError(f"Factor {name!r}: {exc}") from None
        self.factors[_key(clean)] = factor
        self.factor_names.append(clean)
        self.new_factors.append(factor)
        return factor


def convert(
    source: SourceData,
    skills: list[Skill],
    factors: list[Factor],
    options: ImportOptions | None = None,
) -> Conversion:
    """Check-ins (ids derived from the source) and the definitions they need."""
    options = options or ImportOptions()
    moods = mood_table(source, options)
    mood_of = {row.label: row.mood for row in moods}
    unmapped = [r for r in moods if r.mood is None and r.label not in _left_out(options)]
    if unmapped:
        listed = ", ".join(f"{r.label!r} ({r.count}×)" for r in unmapped[:6])
        example = unmapped[0].label
        raise ExchangeError(
            f"These mood labels have no mood value yet: {listed}. Map each to 1-10 (or skip), "
            f"e.g. --map '{example}=7'. Nothing was imported."
        )
    chosen = targets(source, options)
    defs = _Definitions(source.app, skills, factors)
    resolved: dict[str, tuple[Target, Skill | Factor | None]] = {}
    for name, target in chosen.items():
        unit = source.measures[name].unit
        if target.kind == "skill":
            resolved[name] = (target, defs.skill(target.name))
        elif target.kind == "factor":
            resolved[name] = (target, defs.factor(target.name, target, unit))
        else:
            resolved[name] = (target, None)
    mood_factor = defs.factors.get("mood")
    result = Conversion(moods=moods)
    result.conversions = _describe(resolved)
    skill_map = {s.id: s for s in skills} | {s.id: s for s in defs.new_skills}
    factor_map = {f.id: f for f in factors} | {f.id: f for f in defs.new_factors}
    used_skills: dict[str, Skill] = {}
    used_factors: dict[str, Factor] = {}
    tags: dict[str, None] = {}
    for entry in source.entries:
        ratings: dict[str, int] = {}
        values: dict[str, float] = {}
        entry_tags = [_tag(t) for t in entry.tags]
        level = None if entry.mood is None else mood_of.get(entry.mood)
        if level is not None and mood_factor:
            values[mood_factor.id] = float(level)
        for name, raw in entry.measures.items():
            target, definition = resolved[name]
            _apply(entry, name, raw, target, definition, ratings, values, entry_tags)
        if not ratings and not values:
            result.left_out += 1
            continue
        checkin = CheckIn(checkin_id(source.app, entry.key), entry.at, ratings, values,
                          tuple(entry_tags), entry.note)
        try:
            checkin = validate_checkin(checkin, skill_map, factor_map, require_rating=False)
        except ValidationError as exc:
            raise row_error(entry.row, str(exc)) from None
        for skill_id in checkin.ratings:
            used_skills[skill_id] = skill_map[skill_id]
        for factor_id in checkin.values:
            used_factors[factor_id] = factor_map[factor_id]
        tags.update(dict.fromkeys(checkin.tags))
        result.checkins.append(checkin)
    result.skills = list(used_skills.values())
    result.factors = list(used_factors.values())
    result.new_skills = [s for s in defs.new_skills if s.id in used_skills]
    result.new_factors = [f for f in defs.new_factors if f.id in used_factors]
    result.tags = list(tags)
    return result


def _left_out(options: ImportOptions) -> set[str]:
    return {label for label, mood in options.mood.items() if mood is None}


def _tag(text: str) -> str:
    tag = " ".join(text.replace(";", ",").split())
    return tag[:MAX_TAG_LENGTH].rstrip()


def _apply(
    entry: SourceEntry,
    name: str,
    raw: float,
    target: Target,
    definition: Skill | Factor | None,
    ratings: dict[str, int],
    values: dict[str, float],
    tags: list[str],
) -> None:
    lo, hi = target.low, target.high
    if lo is not None and hi is not None and not lo <= raw <= hi:
        raise row_error(
            entry.row,
            f"{name} is {format_number(raw)}, outside its scale "
            f"{format_number(lo)}–{format_number(hi)}.",
        )
    try:
        if target.kind == "tag":
            if raw:
                tags.append(_tag(name))
        elif isinstance(definition, Skill):
            if lo is not None and hi is not None and (lo, hi) != (RATING_MIN, RATING_MAX):
                raw = rescale(raw, lo, hi, RATING_MIN, RATING_MAX)
            ratings[definition.id] = check_rating(definition, raw)
        elif isinstance(definition, Factor):
            values[definition.id] = _factor_value(definition, raw, lo, hi)
    except ValidationError as exc:
        raise row_error(entry.row, str(exc)) from None


def _factor_value(factor: Factor, raw: float, lo: float | None, hi: float | None) -> float:
    if (
        factor.kind is FactorKind.SCALE
        and factor.minimum is not None
        and factor.maximum is not None
        and lo is not None
        and hi is not None
        and (lo, hi) != (factor.minimum, factor.maximum)
    ):
        return check_factor_value(factor, rescale(raw, lo, hi, factor.minimum, factor.maximum))
    if factor.kind is FactorKind.NUMBER:
        origin = factor.minimum if factor.minimum is not None else 0.0
        steps = round((raw - origin) / factor.step)
        raw = round(origin + steps * factor.step, 10)
    return check_factor_value(factor, raw)


def _describe(resolved: Mapping[str, tuple[Target, Skill | Factor | None]]) -> list[str]:
    lines = []
    for name, (target, definition) in resolved.items():
        lo, hi = target.low, target.high
        scale = "" if lo is None or hi is None else f" {format_number(lo)}–{format_number(hi)}"
        if target.kind == "skip":
            lines.append(f"{name}: not imported")
            continue
        if target.kind == "tag":
            lines.append(f"{name}: a tag {name!r} where the value is not 0")
            continue
        if isinstance(definition, Skill):
            tlo: float | None = float(RATING_MIN)
            thi: float | None = float(RATING_MAX)
            what = f"skill {definition.name!r} (1–10)"
        else:
            assert isinstance(definition, Factor)
            tlo, thi = definition.minimum, definition.maximum
            span = "" if tlo is None or thi is None else (
                f" ({format_number(tlo)}–{format_number(thi)})")
            what = f"factor {definition.name!r}{span}"
            if definition.kind is not FactorKind.SCALE:
                unit = f" {definition.unit}" if definition.unit else ""
                lines.append(f"{name}{scale} → {what}, rounded to "
                             f"{format_number(definition.step)}{unit}")
                continue
        if lo is None or hi is None or (lo, hi) == (tlo, thi) or tlo is None or thi is None:
            lines.append(f"{name}{scale} → {what}, values kept")
            continue
        if hi - lo <= 10 and lo.is_integer() and hi.is_integer():
            pairs = ", ".join(
                f"{int(v)}→{rescale(v, lo, hi, tlo, thi)}" for v in range(int(lo), int(hi) + 1)
            )
        else:
            pairs = (f"v → {format_number(tlo)} + (v − {format_number(lo)})·"
                     f"{format_number(thi - tlo)}/{format_number(hi - lo)}, rounded")
        lines.append(f"{name}{scale} → {what}: {pairs}")
    return lines
